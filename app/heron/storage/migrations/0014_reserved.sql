-- v14: reserved for another branch of this session (issue 9's room work); this placeholder
-- only keeps the numbering without gaps on the calls branch (0015_calls.sql). Delete this
-- file when the branch that owns 0014 is merged.
SELECT 1;
