-- Placeholder on branch wt-muc only, so that 0013_rooms.sql follows without a gap.
-- The real 0012_cleared.sql comes from branch wt-extras: at merge, take theirs.
SELECT 1;
