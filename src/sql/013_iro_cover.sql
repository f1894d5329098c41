-- Schema version 13: IROs covering for each other (SPEC §11). An IRO may
-- change the records of their own caseload's children, and of the children
-- of an IRO they are recorded here as covering, from from_date to to_date
-- (both days included). A QA manager records cover; nothing is deleted: an
-- early end changes to_date, and cover withdrawn before it was used keeps
-- its dates with withdrawn_at set. Every change is in the audit log.
CREATE TABLE iro_cover (
  id INTEGER PRIMARY KEY,
  covering_iro_id INTEGER NOT NULL REFERENCES iro(id),
  absent_iro_id INTEGER NOT NULL REFERENCES iro(id),
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  reason TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  withdrawn_at TEXT,
  CHECK (from_date <= to_date),
  CHECK (covering_iro_id <> absent_iro_id)
);
CREATE INDEX iro_cover_covering ON iro_cover(covering_iro_id, to_date);
CREATE INDEX iro_cover_absent ON iro_cover(absent_iro_id, to_date);
-- The IRO dashboard shows who they are covering: cached pages must go.
CREATE TRIGGER gen_iro_cover_i AFTER INSERT ON iro_cover BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_cover_u AFTER UPDATE ON iro_cover BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_cover_d AFTER DELETE ON iro_cover BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
