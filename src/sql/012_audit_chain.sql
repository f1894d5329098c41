-- Schema version 12: the audit log is chained (issue 14, item 9). Each
-- entry keeps a hash over the previous entry's hash and its own fields
-- (src/audit.c), so an entry changed or removed behind the triggers' back,
-- with the sqlite3 shell say, breaks the chain and `oversight audit verify`
-- names it.
-- Entries written before this version are chained the first time the
-- database is opened after it (audit_on_open), not here: the hash is
-- BLAKE2b from libsodium, which SQL cannot compute.
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The append-only triggers again, each on one line: db_open compares them
-- with the text in src/audit.c (azTrigger) and puts back one that is
-- missing or altered, so the two must stay the same, byte for byte.
DROP TRIGGER IF EXISTS audit_log_no_update;
DROP TRIGGER IF EXISTS audit_log_no_delete;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
