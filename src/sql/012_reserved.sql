-- Schema version 12 is being written in another branch (issue 14); this
-- placeholder keeps the numbering gap-free here until that branch lands.
-- Drop this file when merging it.
SELECT 1;
