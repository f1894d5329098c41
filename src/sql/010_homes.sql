-- Quality assurance of the council's children's homes (SPEC §8,
-- domain/004_...): the homes, their Ofsted inspections with requirements
-- and the action plan, the QA monitoring reviews that follow, Regulation 44
-- visits, the monthly audits, notifications of serious events, and the
-- monthly QA meeting's (QPAG) action tracker and thematic reviews.
-- Nothing here is deleted: records are corrected, and the audit log keeps
-- what they said before.

CREATE TABLE home (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  urn TEXT NOT NULL UNIQUE CHECK (urn <> ''),          -- Ofsted unique reference number
  -- NULL while the post is vacant; vacant_since says from when
  manager TEXT CHECK (manager IS NULL OR manager <> ''),
  manager_vacant_since TEXT,
  responsible_individual TEXT NOT NULL CHECK (responsible_individual <> ''),
  places INTEGER NOT NULL CHECK (places BETWEEN 1 AND 99),
  age_from INTEGER NOT NULL CHECK (age_from BETWEEN 0 AND 25),
  age_to INTEGER NOT NULL CHECK (age_to BETWEEN 0 AND 25),
  -- the day the home was registered with Ofsted: the first monthly visit
  -- and audits count from it
  registered_on TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',                    -- statement of purpose (summary)
  CHECK (age_from <= age_to),
  CHECK (manager IS NULL OR manager_vacant_since IS NULL)
);

-- An Ofsted inspection: the three judgements and the overall one, each
-- outstanding, good, requires-improvement or inadequate (NULL when that
-- kind of visit makes none, e.g. a monitoring visit).
CREATE TABLE inspection (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('full', 'interim', 'monitoring', 'assurance')),
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL CHECK (end_on >= start_on),
  overall TEXT CHECK (overall IN ('outstanding', 'good', 'requires-improvement', 'inadequate')),
  experiences TEXT CHECK (experiences IN ('outstanding', 'good', 'requires-improvement', 'inadequate')),
  protection TEXT CHECK (protection IN ('outstanding', 'good', 'requires-improvement', 'inadequate')),
  leadership TEXT CHECK (leadership IN ('outstanding', 'good', 'requires-improvement', 'inadequate')),
  UNIQUE (home_id, start_on)
);

CREATE TABLE inspection_requirement (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspection(id),
  regulation TEXT NOT NULL CHECK (regulation <> ''),  -- e.g. "Regulation 12 (1)(2)(a)"
  text TEXT NOT NULL CHECK (text <> ''),
  due_on TEXT NOT NULL
);
CREATE INDEX inspection_requirement_insp ON inspection_requirement(inspection_id);

CREATE TABLE inspection_recommendation (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspection(id),
  text TEXT NOT NULL CHECK (text <> '')
);

-- The home's action plan: each action answers one requirement. A
-- requirement is met when it has actions and every one is complete.
CREATE TABLE inspection_action (
  id INTEGER PRIMARY KEY,
  requirement_id INTEGER NOT NULL REFERENCES inspection_requirement(id),
  action TEXT NOT NULL CHECK (action <> ''),
  owner TEXT NOT NULL CHECK (owner <> ''),
  target_on TEXT NOT NULL,
  completed_on TEXT
);
CREATE INDEX inspection_action_req ON inspection_action(requirement_id);

-- QA monitoring reviews after an inspection with requirements.
CREATE TABLE monitoring_review (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspection(id),
  held_on TEXT NOT NULL,
  by_whom TEXT NOT NULL CHECK (by_whom <> ''),
  notes TEXT NOT NULL DEFAULT '',
  UNIQUE (inspection_id, held_on)
);

-- Regulation 44 visits by the independent visitor. Feedback from young
-- people and from professionals is gathered before the visit; the report
-- is received, checked and sent to senior managers, and the home
-- manager's action plan is approved by the service manager.
CREATE TABLE reg44_visit (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  visited_on TEXT NOT NULL,
  visitor TEXT NOT NULL CHECK (visitor <> ''),
  yp_feedback_on TEXT,
  prof_feedback_on TEXT,
  report_on TEXT CHECK (report_on IS NULL OR report_on >= visited_on),
  sent_on TEXT CHECK (sent_on IS NULL OR (report_on IS NOT NULL AND sent_on >= report_on)),
  plan_approved_on TEXT CHECK (plan_approved_on IS NULL OR report_on IS NOT NULL),
  plan_approved_by TEXT,
  -- what the QPAG report summarises: particularly good or adverse findings
  finding TEXT NOT NULL DEFAULT 'none' CHECK (finding IN ('none', 'good', 'adverse')),
  findings TEXT NOT NULL DEFAULT '',
  UNIQUE (home_id, visited_on)
);

-- The monthly audits: health and safety, fire safety, statutory checks,
-- data protection; each with its actions.
CREATE TABLE home_audit (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('health-safety', 'fire-safety', 'statutory-checks', 'data-protection')),
  done_on TEXT NOT NULL,
  by_whom TEXT NOT NULL CHECK (by_whom <> ''),
  findings TEXT NOT NULL DEFAULT '',
  UNIQUE (home_id, kind, done_on)
);
CREATE TABLE home_audit_action (
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL REFERENCES home_audit(id),
  action TEXT NOT NULL CHECK (action <> ''),
  owner TEXT NOT NULL CHECK (owner <> ''),
  due_on TEXT NOT NULL,
  done_on TEXT
);
CREATE INDEX home_audit_action_audit ON home_audit_action(audit_id);

-- Notifications of serious events and allegations: date and time of the
-- event and of the notification ('YYYY-MM-DD HH:MM', local time).
CREATE TABLE home_notification (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('serious-event', 'allegation')),
  event_at TEXT NOT NULL CHECK (length(event_at) = 16),
  notified_at TEXT CHECK (notified_at IS NULL OR (length(notified_at) = 16 AND notified_at >= event_at)),
  summary TEXT NOT NULL CHECK (summary <> '')
);

-- The QPAG action tracker: actions agreed at the monthly meeting. An action
-- past its due date and not done is flagged for escalation to the
-- leadership team; escalating it records when and what was said.
CREATE TABLE qpag_action (
  id INTEGER PRIMARY KEY,
  meeting_on TEXT NOT NULL,
  home_id INTEGER REFERENCES home(id),
  action TEXT NOT NULL CHECK (action <> ''),
  owner TEXT NOT NULL CHECK (owner <> ''),
  due_on TEXT NOT NULL CHECK (due_on >= meeting_on),
  done_on TEXT CHECK (done_on IS NULL OR done_on >= meeting_on),
  escalated_on TEXT,
  escalation_note TEXT,
  CHECK ((escalated_on IS NULL) = (escalation_note IS NULL))
);

-- Thematic reviews and dip samples reported to QPAG.
CREATE TABLE thematic_review (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (title <> ''),
  completed_on TEXT NOT NULL,
  lead TEXT NOT NULL CHECK (lead <> ''),
  summary TEXT NOT NULL DEFAULT ''
);

-- Timescales the framework gives that 001 does not ship yet.
INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('home_due_soon', '8', 'A children''s home item shows as due soon from this long before it', 'the due date (counting back)', 3, 'working-days', 3, 'working-days'),
 ('reg44_feedback', '8', 'Young people''s and professionals'' feedback gathered before each Regulation 44 visit', 'the visit (counting back)', 0, 'days', 0, 'days'),
 ('reg44_plan_approval', '8', 'Home manager''s action plan after a Regulation 44 visit approved by the service manager (the framework sets no separate time: by default with the report''s sending)', 'visit', 22, 'working-days', 22, 'working-days'),
 ('qpag_escalation', '8', 'A QPAG action not done is escalated to the leadership team this long after its due date', 'action due date', 0, 'days', 0, 'days');

CREATE TRIGGER gen_home_i AFTER INSERT ON home BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_home_u AFTER UPDATE ON home BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
