-- Schema version 1: the reviewing-officer core (SPEC §1-3) and the rules
-- table for every section. Written for SQLite; the PostgreSQL schema will
-- differ only in DDL (identity columns, the audit trigger language).
-- Dates are 'YYYY-MM-DD' text; flags are 0/1 integers; a NULL flag means
-- "not recorded", which is not the same as "no".

CREATE TABLE schema_version (
  version INTEGER NOT NULL PRIMARY KEY,
  applied_at TEXT NOT NULL
);

CREATE TABLE locality (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE sibling_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE child (
  id INTEGER PRIMARY KEY,
  child_ref TEXT NOT NULL UNIQUE,          -- the council's id: SSDA903 CHILD
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  dob TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  ethnicity TEXT CHECK (ethnicity IS NULL OR ethnicity IN (
    'WBRI','WIRI','WIRT','WROM','WOTH','MWBC','MWBA','MWAS','MOTH',
    'AIND','APKN','ABAN','AOTH','BCRB','BAFR','BOTH','CHNE','OOTH','REFU','NOBT')),
  disability INTEGER CHECK (disability IN (0, 1)),
  sen TEXT CHECK (sen IS NULL OR sen IN ('none', 'support', 'ehcp')),
  uasc INTEGER NOT NULL DEFAULT 0 CHECK (uasc IN (0, 1)),
  locality_id INTEGER REFERENCES locality(id),
  sibling_group_id INTEGER REFERENCES sibling_group(id),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX child_sibling ON child(sibling_group_id);

-- The service is told a child has come (or is about to come) into care;
-- the IRO allocation deadline counts from here.
CREATE TABLE care_notification (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  notified_on TEXT NOT NULL,
  note TEXT
);
CREATE INDEX care_notification_child ON care_notification(child_id, notified_on);

-- One row per SSDA903 episode. A period of care is a run of episodes each
-- starting on the day the previous one ended.
CREATE TABLE episode (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  start_date TEXT NOT NULL,
  rne TEXT NOT NULL CHECK (rne IN ('S','L','P','T','B','U')),
  legal_status TEXT NOT NULL CHECK (legal_status IN (
    'C1','C2','D1','E1','J1','J2','J3','L1','L2','L3','V2','V3','V4')),
  cin TEXT NOT NULL CHECK (cin IN ('N1','N2','N3','N4','N5','N6','N7','N8')),
  placement TEXT NOT NULL CHECK (placement IN (
    'A3','A4','A5','A6','H5','K1','K2','K3','P1','P2','P3','R1','R2','R3','R5','S1',
    'T0','T1','T2','T3','T4','U1','U2','U3','U4','U5','U6','Z1','Z11','Z12','Z13','Z14')),
  provider TEXT CHECK (provider IS NULL OR provider IN ('PR0','PR1','PR2','PR3','PR4','PR5')),
  provider_name TEXT,
  registration TEXT NOT NULL DEFAULT 'registered'
    CHECK (registration IN ('registered', 'unregistered', 'supported')),
  home_postcode TEXT,
  placement_postcode TEXT,
  placement_locality_id INTEGER REFERENCES locality(id),
  in_area INTEGER CHECK (in_area IN (0, 1)),
  distance_miles REAL,
  urn TEXT,
  end_date TEXT,
  end_reason TEXT,
  reason_place_change TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((end_date IS NULL) = (end_reason IS NULL)),
  UNIQUE (child_id, start_date)
);

CREATE TABLE iro (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  email TEXT,
  fte REAL NOT NULL DEFAULT 1.0 CHECK (fte > 0 AND fte <= 1.5),
  -- children's worth of capacity taken by other duties (e.g. Regulation 44)
  other_duties INTEGER NOT NULL DEFAULT 0 CHECK (other_duties >= 0),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE iro_locality (
  iro_id INTEGER NOT NULL REFERENCES iro(id),
  locality_id INTEGER NOT NULL REFERENCES locality(id),
  PRIMARY KEY (iro_id, locality_id)
);

-- Allocation history: the open row (end_date NULL) is the current IRO.
CREATE TABLE allocation (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  iro_id INTEGER NOT NULL REFERENCES iro(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  reason TEXT NOT NULL,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX allocation_child ON allocation(child_id, start_date);
CREATE INDEX allocation_iro ON allocation(iro_id) WHERE end_date IS NULL;

CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  held_on TEXT NOT NULL,
  due_on TEXT,                 -- the due date when the review was recorded
  planned_on TEXT,             -- the date first planned, if it was moved
  iro_id INTEGER REFERENCES iro(id),
  mode TEXT CHECK (mode IS NULL OR mode IN ('in-person', 'virtual')),
  child_chaired INTEGER CHECK (child_chaired IN (0, 1)),
  participation TEXT CHECK (participation IS NULL OR participation IN
    ('PN0','PN1','PN2','PN3','PN4','PN5','PN6','PN7')),
  advocate INTEGER CHECK (advocate IN (0, 1)),
  iro_saw_child INTEGER CHECK (iro_saw_child IN (0, 1)),
  recommendations_on TEXT,
  minutes_on TEXT,
  permanence_plan INTEGER CHECK (permanence_plan IN (0, 1)),
  permanence_type TEXT,
  independence_discussed INTEGER CHECK (independence_discussed IN (0, 1)),
  pathway_plan INTEGER CHECK (pathway_plan IN (0, 1)),
  personal_adviser INTEGER CHECK (personal_adviser IN (0, 1)),
  ni_number INTEGER CHECK (ni_number IN (0, 1)),
  passport INTEGER CHECK (passport IN (0, 1)),
  bank_account INTEGER CHECK (bank_account IN (0, 1)),
  birth_certificate INTEGER CHECK (birth_certificate IN (0, 1)),
  advocacy_discussed INTEGER CHECK (advocacy_discussed IN (0, 1)),
  independent_visitor_discussed INTEGER CHECK (independent_visitor_discussed IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (child_id, held_on)
);

CREATE TABLE contact (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  iro_id INTEGER REFERENCES iro(id),
  contact_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'message', 'letter')),
  with_whom TEXT NOT NULL CHECK (with_whom IN ('child', 'social-worker', 'carer', 'other')),
  note TEXT
);
CREATE INDEX contact_child ON contact(child_id, contact_on);

-- Days the council is closed besides the bank holidays the program knows.
CREATE TABLE closure_day (
  day TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL
);

-- Every timescale of SPEC.md (all sections), editable by an administrator.
CREATE TABLE rule (
  name TEXT NOT NULL PRIMARY KEY,
  section TEXT NOT NULL,
  description TEXT NOT NULL,
  counts_from TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  unit TEXT NOT NULL CHECK (unit IN ('working-days','days','weeks','months','years',
                                     'hours','minutes','children','count')),
  default_amount INTEGER NOT NULL,
  default_unit TEXT NOT NULL
);

-- Append-only: the triggers below refuse any change to a written entry.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record TEXT NOT NULL,
  before_value TEXT,
  after_value TEXT,
  client TEXT
);
CREATE INDEX audit_record ON audit_log(record);
CREATE INDEX audit_actor ON audit_log(actor, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('due_soon', '1', 'A deadline shows as due soon from this long before it', 'the due date (counting back)', 10, 'working-days', 10, 'working-days'),
 ('iro_allocation', '2', 'IRO allocated', 'notification that the child is coming into care', 5, 'working-days', 5, 'working-days'),
 ('caseload_amber', '2', 'Caseload shown amber above this many children per full-time IRO', 'caseload', 60, 'children', 60, 'children'),
 ('caseload_red', '2', 'Caseload shown red above this many children per full-time IRO', 'caseload', 70, 'children', 70, 'children'),
 ('review_first', '3', 'First review', 'start of the period of care', 20, 'working-days', 20, 'working-days'),
 ('review_second', '3', 'Second review', 'first review held', 3, 'months', 3, 'months'),
 ('review_later', '3', 'Third and later reviews', 'previous review held', 6, 'months', 6, 'months'),
 ('review_recommendations', '3', 'Review recommendations issued', 'review held', 5, 'working-days', 5, 'working-days'),
 ('review_minutes', '3', 'Full review minutes issued', 'review held', 20, 'working-days', 20, 'working-days'),
 ('permanence_plan_by_review', '3', 'Permanence plan in place by this review of the period of care', 'start of the period of care', 2, 'count', 2, 'count'),
 ('advocacy_age', '3', 'Advocacy and independent visitor discussed at reviews from this age', 'date of birth', 8, 'years', 8, 'years'),
 ('independence_age', '3', 'Independence skills discussed at reviews from this age', 'date of birth', 14, 'years', 14, 'years'),
 ('pathway_plan_age', '3', 'Pathway plan and personal adviser in place', 'date of birth', 16, 'years', 16, 'years'),
 ('documents_age', '3', 'NI number, passport, bank account and birth certificate in place', 'date of birth', 17, 'years', 17, 'years'),
 ('participation_pn0_age', '3', 'Participation code PN0 is for a child under this age on the review date', 'date of birth', 4, 'years', 4, 'years'),
 ('unreg_qa_notification', '4', 'QA managers notified of a placement in unregistered provision', 'placement start (before or on the day)', 0, 'days', 0, 'days'),
 ('unreg_iro_visit', '4', 'IRO visits a child placed in unregistered provision', 'placement start', 2, 'weeks', 2, 'weeks'),
 ('unreg_risk_escalation', '4', 'Risk concern about unregistered provision escalated', 'concern identified', 0, 'days', 0, 'days'),
 ('unreg_first_review', '4', 'Review of a child placed in unregistered provision', 'placement start', 20, 'working-days', 20, 'working-days'),
 ('unreg_review', '4', 'Reviews while in unregistered provision', 'previous review held', 3, 'months', 3, 'months'),
 ('unreg_oversight_record', '4', 'Monthly oversight record while in unregistered provision', 'previous oversight record (or placement start)', 1, 'months', 1, 'months'),
 ('unreg_exception_age', '4', 'A child under this age in unregistered provision is always an exception', 'date of birth', 16, 'years', 16, 'years'),
 ('escalation_stage_response', '5', 'Response to an escalation at each stage', 'stage started', 5, 'working-days', 5, 'working-days'),
 ('escalation_total', '5', 'Whole dispute-resolution process', 'escalation raised', 20, 'working-days', 20, 'working-days'),
 ('lado_decision', '6', 'Decision on a LADO contact', 'contact received', 1, 'working-days', 1, 'working-days'),
 ('lado_initial_meeting', '6', 'Initial evaluation meeting', 'referral', 5, 'working-days', 5, 'working-days'),
 ('lado_post_allegation_meeting', '6', 'Post-allegation meeting', 'initial evaluation meeting', 28, 'days', 28, 'days'),
 ('lado_retention_review', '6', 'Unfounded or malicious allegation records reviewed for retention', 'case closed', 12, 'months', 12, 'months'),
 ('lado_retention_long', '6', 'Substantiated or unsubstantiated allegation records reviewed for retention', 'case closed', 10, 'years', 10, 'years'),
 ('pf_initial_visit', '7', 'Private fostering initial visit', 'notification', 7, 'working-days', 7, 'working-days'),
 ('pf_assessment', '7', 'Private fostering assessment completed', 'notification', 42, 'days', 42, 'days'),
 ('pf_assessment_visits', '7', 'Visits while the assessment runs', 'previous visit', 2, 'weeks', 2, 'weeks'),
 ('pf_reg8_first_year', '7', 'Regulation 8 visits in the first year', 'previous visit', 6, 'weeks', 6, 'weeks'),
 ('pf_first_year', '7', 'Length of the first year of Regulation 8 visiting', 'assessment completed', 12, 'months', 12, 'months'),
 ('pf_reg8_after', '7', 'Regulation 8 visits after the first year', 'previous visit', 12, 'weeks', 12, 'weeks'),
 ('pf_audit', '7', 'Audit of every private fostering case', 'previous audit (or notification)', 6, 'months', 6, 'months'),
 ('pf_age_limit', '7', 'Private fostering applies under this age', 'date of birth', 16, 'years', 16, 'years'),
 ('pf_age_limit_disabled', '7', 'Private fostering applies under this age for a disabled child', 'date of birth', 18, 'years', 18, 'years'),
 ('pf_min_duration', '7', 'Private fostering is care intended to last at least', 'arrangement start', 28, 'days', 28, 'days'),
 ('home_monitoring_ri', '8', 'QA monitoring of a home rated requires improvement', 'previous monitoring review (or inspection)', 2, 'weeks', 2, 'weeks'),
 ('home_monitoring_inadequate', '8', 'QA monitoring of a home rated inadequate', 'previous monitoring review (or inspection)', 1, 'weeks', 1, 'weeks'),
 ('reg44_visit', '8', 'Regulation 44 visit to each home', 'previous visit', 1, 'months', 1, 'months'),
 ('reg44_report', '8', 'Regulation 44 visitor''s report received', 'visit', 2, 'weeks', 2, 'weeks'),
 ('reg44_sent', '8', 'Regulation 44 report checked and sent to senior managers', 'visit', 22, 'working-days', 22, 'working-days'),
 ('home_audit', '8', 'Monthly audits of each home', 'previous audit', 1, 'months', 1, 'months'),
 ('home_notification', '8', 'Notification of a serious event or allegation', 'event', 24, 'hours', 24, 'hours'),
 ('session_idle', '11', 'Signed-in session expires after this long unused', 'last request', 30, 'minutes', 30, 'minutes'),
 ('login_lockout', '11', 'Account locked after 5 failed sign-ins for', 'fifth failed sign-in', 15, 'minutes', 15, 'minutes');
