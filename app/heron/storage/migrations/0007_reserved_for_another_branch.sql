-- v7: PLACEHOLDER on branch wt-files only. Migrations must be numbered without gaps, and
-- 0007/0008 belong to other branches of issue 8: when merging, delete this file and keep the
-- real 0007.
SELECT 1;
