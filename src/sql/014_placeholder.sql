-- Schema version 14: a placeholder for the migration of another branch, kept so
-- the versions stay gap-free; the lead replaces it when merging.
SELECT 1;
