-- Schema version 25 (issue 19): retention and destruction (UK GDPR
-- storage limitation, DPA 2018). Every record type has a retention rule
-- here, editable on the rules page like any timescale; src/retention.c
-- lists the records past it and destroys one only when a person (an
-- administrator, or the Designated Officer for LADO records) has looked
-- at it and confirmed. Each destruction leaves a row in
-- retention_destruction in place of the record.
--
-- Children in care: until the 75th birthday. The 15-years-after-death
-- alternative has no rule here because no date of death is held
-- (docs/data-protection.md). LADO records keep their rules by outcome
-- (lado_retention_review, lado_retention_long via table lado_retention).
INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('retention_child_care', 'retention', 'A child''s care record is kept until this birthday, then reviewed for destruction', 'date of birth', 75, 'years', 75, 'years'),
 ('retention_private_fostering', 'retention', 'A private fostering record is kept until the child''s birthday, then reviewed for destruction', 'date of birth of the privately fostered child', 75, 'years', 75, 'years'),
 ('retention_homes', 'retention', 'A children''s home''s records are kept this long after the last entry in them, then reviewed for destruction', 'the latest entry in the home''s records', 15, 'years', 15, 'years'),
 ('retention_audit_log', 'retention', 'Audit log entries are kept this long (they are listed when older; removing them is not yet possible)', 'the entry', 7, 'years', 7, 'years'),
 ('retention_sessions', 'retention', 'An ended sign-in session is kept this long before it is deleted', 'the session''s end (idle or lifetime limit)', 0, 'days', 0, 'days');

-- One row per destroyed record, kept in its place: what it was (type and
-- number: a child's reference, or the id of a private fostering
-- arrangement, home or LADO case), when, by whom, and under which rule and
-- due date. No name or other content of the record is kept.
CREATE TABLE retention_destruction (
  id INTEGER PRIMARY KEY,
  record_type TEXT NOT NULL CHECK (record_type IN ('child', 'private-fostering', 'home', 'lado')),
  record_number TEXT NOT NULL CHECK (record_number <> ''),
  destroyed_at TEXT NOT NULL,
  destroyed_by TEXT NOT NULL,
  rule_name TEXT NOT NULL REFERENCES rule(name),
  due_on TEXT NOT NULL
);
CREATE INDEX retention_destruction_record ON retention_destruction(record_type, record_number);

-- The advice given at a LADO decision, and corrections to it, still cannot
-- be changed or removed, except as part of the case's recorded destruction:
-- retention_destroy writes the destruction row first, in the same
-- transaction, and only then deletes.
DROP TRIGGER IF EXISTS lado_advice_no_delete;
CREATE TRIGGER lado_advice_no_delete BEFORE DELETE ON lado_advice
WHEN NOT EXISTS (SELECT 1 FROM retention_destruction d WHERE d.record_type = 'lado' AND d.record_number = CAST(OLD.case_id AS TEXT))
BEGIN SELECT RAISE(ABORT, 'the advice recorded at the decision cannot be removed'); END;
DROP TRIGGER IF EXISTS lado_advice_correction_no_delete;
CREATE TRIGGER lado_advice_correction_no_delete BEFORE DELETE ON lado_advice_correction
WHEN NOT EXISTS (SELECT 1 FROM retention_destruction d WHERE d.record_type = 'lado' AND d.record_number = CAST(OLD.case_id AS TEXT))
BEGIN SELECT RAISE(ABORT, 'a correction cannot be removed'); END;
