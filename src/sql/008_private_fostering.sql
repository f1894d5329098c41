-- Private fostering (SPEC §7, domain/003_...): children cared for by
-- someone other than a parent or close relative, whom the council must
-- visit and assess. They are not looked-after children, so they live in
-- their own tables, not in child/episode.

-- One notified arrangement: the child, the carer, the notification, the
-- eligibility test made on it, the initial visit's decision, the
-- assessment and the end. Dates are 'YYYY-MM-DD'; NULL is "not yet".
CREATE TABLE pf_arrangement (
  id INTEGER PRIMARY KEY,
  child_name TEXT NOT NULL,
  child_dob TEXT NOT NULL,
  child_disabled INTEGER NOT NULL CHECK (child_disabled IN (0, 1)),
  carer_name TEXT NOT NULL,
  carer_relationship TEXT NOT NULL,
  parents TEXT,
  parental_responsibility TEXT,
  notified_on TEXT NOT NULL,
  started_on TEXT NOT NULL,
  expected_days INTEGER NOT NULL CHECK (expected_days >= 0),
  source TEXT NOT NULL,
  overseas_student INTEGER NOT NULL CHECK (overseas_student IN (0, 1)),
  managed_by TEXT NOT NULL CHECK (managed_by IN ('locality', 'partner')),
  team TEXT NOT NULL,
  worker TEXT,
  eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
  eligibility_note TEXT NOT NULL,
  initial_visit_on TEXT,
  decision TEXT CHECK (decision IN ('confirmed', 'not-private-fostering')),
  not_pf_reason TEXT CHECK (not_pf_reason IN ('recording-error', 'placed-with-family',
    'looked-after', 'living-with-parent', 'moved-away', 'other')),
  decision_note TEXT,
  assessment_on TEXT,
  part_a_on TEXT,
  part_b_on TEXT,
  dbs_check_on TEXT,
  health_check_on TEXT,
  social_care_check_on TEXT,
  ended_on TEXT,
  end_reason TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX pf_arrangement_worker ON pf_arrangement(worker);

-- Every visit after the initial one: during the assessment (every 2 weeks)
-- or a Regulation 8 visit after it; which, is told by the date.
CREATE TABLE pf_visit (
  id INTEGER PRIMARY KEY,
  arrangement_id INTEGER NOT NULL REFERENCES pf_arrangement(id),
  visited_on TEXT NOT NULL,
  seen_alone INTEGER NOT NULL CHECK (seen_alone IN (0, 1)),
  child_views TEXT,
  by_whom TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (arrangement_id, visited_on)
);

-- The 6-monthly audit of every privately fostered child, with findings.
CREATE TABLE pf_case_audit (
  id INTEGER PRIMARY KEY,
  arrangement_id INTEGER NOT NULL REFERENCES pf_arrangement(id),
  audited_on TEXT NOT NULL,
  by_whom TEXT,
  findings TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (arrangement_id, audited_on)
);

-- Prohibitions (s.69) and disqualifications (s.68) about an arrangement.
CREATE TABLE pf_order (
  id INTEGER PRIMARY KEY,
  arrangement_id INTEGER NOT NULL REFERENCES pf_arrangement(id),
  kind TEXT NOT NULL CHECK (kind IN ('prohibition', 'disqualification')),
  made_on TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX pf_visit_arrangement ON pf_visit(arrangement_id, visited_on);
CREATE INDEX pf_case_audit_arrangement ON pf_case_audit(arrangement_id, audited_on);
CREATE INDEX pf_order_arrangement ON pf_order(arrangement_id);

CREATE TRIGGER gen_pf_arrangement_i AFTER INSERT ON pf_arrangement BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_arrangement_u AFTER UPDATE ON pf_arrangement BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_arrangement_d AFTER DELETE ON pf_arrangement BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_visit_i AFTER INSERT ON pf_visit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_visit_u AFTER UPDATE ON pf_visit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_visit_d AFTER DELETE ON pf_visit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_case_audit_i AFTER INSERT ON pf_case_audit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_case_audit_u AFTER UPDATE ON pf_case_audit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_case_audit_d AFTER DELETE ON pf_case_audit BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_order_i AFTER INSERT ON pf_order BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_order_u AFTER UPDATE ON pf_order BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_pf_order_d AFTER DELETE ON pf_order BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
