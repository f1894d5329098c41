-- Schema version 8: the Designated Officer (LADO): allegations against
-- adults who work with children (SPEC §6). A case starts as a contact; the
-- decision on it (threshold met, not met, unclear) is due by rule
-- lado_decision; a referral goes to an initial evaluation meeting and then
-- post-allegation meetings until the investigation concludes with an
-- outcome, actions and closure. These records are seen only by the
-- Designated Officer role (CAP_LADO): the tables hold no child ids, only
-- what the referrer said about the children involved.

CREATE TABLE lado_case (
  id INTEGER PRIMARY KEY,
  -- when the information was received (not when it was typed in): the
  -- decision deadline counts from this day
  received_on TEXT NOT NULL,
  received_time TEXT NOT NULL CHECK (received_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  referrer TEXT NOT NULL CHECK (referrer <> ''),
  referrer_agency TEXT NOT NULL CHECK (referrer_agency <> ''),
  adult_name TEXT NOT NULL CHECK (adult_name <> ''),
  adult_role TEXT NOT NULL CHECK (adult_role <> ''),
  employer TEXT NOT NULL CHECK (employer <> ''),
  sector TEXT NOT NULL CHECK (sector IN ('education', 'early-years', 'residential-care',
    'foster-carer', 'health', 'police', 'faith-group', 'voluntary-community', 'sport',
    'transport', 'social-care', 'self-employed', 'other')),
  children TEXT NOT NULL CHECK (children <> ''),
  allegation TEXT NOT NULL CHECK (allegation <> ''),
  -- the decision: referral (threshold met), concern (not met: advice
  -- given), unclear (the initial evaluation meeting decides)
  decision TEXT CHECK (decision IS NULL OR decision IN ('referral', 'concern', 'unclear')),
  decided_on TEXT,
  decision_due TEXT NOT NULL,
  -- the referral: how the harm is categorised, and whether the police are involved
  harm_category TEXT CHECK (harm_category IS NULL OR harm_category IN ('sexual', 'physical', 'emotional', 'neglect')),
  allegation_type TEXT CHECK (allegation_type IS NULL OR allegation_type IN ('professional-boundaries',
    'conduct-private-life', 'transferable-risk', 'physical-contact', 'online-conduct', 'other')),
  police INTEGER CHECK (police IS NULL OR police IN (0, 1)),
  -- for an unclear contact, the initial evaluation meeting's threshold decision
  iem_threshold_met INTEGER CHECK (iem_threshold_met IS NULL OR iem_threshold_met IN (0, 1)),
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('substantiated', 'false', 'malicious',
    'unsubstantiated', 'unfounded')),
  outcome_on TEXT,
  closed_on TEXT,
  closed_by TEXT,
  CHECK ((decision IS NULL) = (decided_on IS NULL)),
  CHECK (decided_on IS NULL OR decided_on >= received_on),
  CHECK ((outcome IS NULL) = (outcome_on IS NULL)),
  CHECK (closed_on IS NULL OR closed_on >= received_on)
);
CREATE INDEX lado_case_received ON lado_case(received_on);
CREATE INDEX lado_case_open ON lado_case(received_on) WHERE closed_on IS NULL;

-- The advice given to the referrer. Written once: it cannot be edited or
-- removed (triggers below); a later correction is a row of its own.
CREATE TABLE lado_advice (
  case_id INTEGER PRIMARY KEY REFERENCES lado_case(id),
  advice TEXT NOT NULL CHECK (advice <> ''),
  given_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE TRIGGER lado_advice_no_update BEFORE UPDATE ON lado_advice
BEGIN SELECT RAISE(ABORT, 'the advice recorded at the decision cannot be changed: add a correction beside it'); END;
CREATE TRIGGER lado_advice_no_delete BEFORE DELETE ON lado_advice
BEGIN SELECT RAISE(ABORT, 'the advice recorded at the decision cannot be removed'); END;

CREATE TABLE lado_advice_correction (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lado_advice(case_id),
  correction TEXT NOT NULL CHECK (correction <> ''),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX lado_advice_correction_case ON lado_advice_correction(case_id);
CREATE TRIGGER lado_advice_correction_no_update BEFORE UPDATE ON lado_advice_correction
BEGIN SELECT RAISE(ABORT, 'a correction cannot be changed: add another correction'); END;
CREATE TRIGGER lado_advice_correction_no_delete BEFORE DELETE ON lado_advice_correction
BEGIN SELECT RAISE(ABORT, 'a correction cannot be removed'); END;

-- Meetings: the initial evaluation meeting (one per case) and the
-- post-allegation meetings. A post-allegation meeting is held even when
-- the investigation has not concluded; it then plans the next one.
-- due_on is stored when the meeting is recorded, so a later change of the
-- rules does not rewrite whether it was on time.
CREATE TABLE lado_meeting (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lado_case(id),
  kind TEXT NOT NULL CHECK (kind IN ('initial', 'post-allegation')),
  held_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  late_reason TEXT CHECK (late_reason IS NULL OR late_reason <> ''),
  concluded INTEGER CHECK (concluded IS NULL OR concluded IN (0, 1)),
  next_on TEXT,
  notes TEXT,
  CHECK (late_reason IS NOT NULL OR held_on <= due_on),
  CHECK (next_on IS NULL OR next_on > held_on)
);
CREATE INDEX lado_meeting_case ON lado_meeting(case_id, held_on);
CREATE UNIQUE INDEX lado_meeting_one_initial ON lado_meeting(case_id) WHERE kind = 'initial';

CREATE TABLE lado_action (
  case_id INTEGER NOT NULL REFERENCES lado_case(id),
  action TEXT NOT NULL CHECK (action IN ('dbs', 'regulator', 'disciplinary', 'training', 'none')),
  PRIMARY KEY (case_id, action)
);

-- Recommendations and learning from a case, tracked until implemented.
CREATE TABLE lado_recommendation (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lado_case(id),
  text TEXT NOT NULL CHECK (text <> ''),
  owner TEXT NOT NULL CHECK (owner <> ''),
  due_on TEXT NOT NULL,
  implemented_on TEXT,
  added_on TEXT NOT NULL
);
CREATE INDEX lado_recommendation_open ON lado_recommendation(due_on) WHERE implemented_on IS NULL;

-- Retention by outcome ("concern": the threshold was not met). Each names
-- the rule giving the time from closure to the first review. Records are
-- listed for review when it comes; nothing is ever deleted automatically.
CREATE TABLE lado_retention (
  outcome TEXT NOT NULL PRIMARY KEY,
  rule_name TEXT NOT NULL REFERENCES rule(name),
  keep_long INTEGER NOT NULL CHECK (keep_long IN (0, 1))
);
INSERT INTO lado_retention(outcome, rule_name, keep_long) VALUES
 ('substantiated', 'lado_retention_long', 1),
 ('unsubstantiated', 'lado_retention_long', 1),
 ('false', 'lado_retention_review', 0),
 ('malicious', 'lado_retention_review', 0),
 ('unfounded', 'lado_retention_review', 0),
 ('concern', 'lado_retention_review', 0);

-- Each retention review: who looked, when, and why the record is kept.
-- The next review counts from the last one. Destroying a record is a
-- decision taken outside Oversight; nothing here removes a case.
CREATE TABLE lado_retention_review (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lado_case(id),
  reviewed_on TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  note TEXT NOT NULL CHECK (note <> '')
);
CREATE INDEX lado_retention_review_case ON lado_retention_review(case_id);
