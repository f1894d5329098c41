-- Schema version 5: escalation and dispute resolution (SPEC §5). An IRO
-- raises an escalation about one or more children; it passes through
-- stages, each with whoever must respond and by when, until it is closed
-- with an outcome. Stages are never rewritten when it moves on: the
-- history of who was asked, when, and what they said is the record.

CREATE TABLE escalation (
  id INTEGER PRIMARY KEY,
  raised_on TEXT NOT NULL,
  -- the person who raised it, as named on the form (an IRO, or a user
  -- recording it for them); iro_id links it to the IRO when there is one
  raised_by TEXT NOT NULL CHECK (raised_by <> ''),
  iro_id INTEGER REFERENCES iro(id),
  category TEXT NOT NULL CHECK (category IN
    ('permanence', 'care-planning', 'practice-concerns', 'drift-and-delay')),
  topic TEXT NOT NULL CHECK (topic IN
    ('education', 'family-time', 'placement', 'legal-status', 'resources', 'health', 'other')),
  concern TEXT NOT NULL CHECK (concern <> ''),
  outcome_wanted TEXT NOT NULL CHECK (outcome_wanted <> ''),
  -- the locality it is for, when one was named; otherwise the weekly list
  -- goes by the first child's locality, which follows the child if they move
  locality_id INTEGER REFERENCES locality(id),
  closed_on TEXT,
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('resolved', 'partly-resolved', 'withdrawn')),
  impact TEXT,
  -- closing records all three together, and never before it was raised
  CHECK ((closed_on IS NULL) = (outcome IS NULL)),
  CHECK ((closed_on IS NULL) = (impact IS NULL)),
  CHECK (impact IS NULL OR impact <> ''),
  CHECK (closed_on IS NULL OR closed_on >= raised_on)
);
CREATE INDEX escalation_open ON escalation(raised_on) WHERE closed_on IS NULL;
CREATE INDEX escalation_iro ON escalation(iro_id);
CREATE INDEX escalation_locality ON escalation(locality_id);

-- The children an escalation is about, in the order they were named: the
-- first is the one whose locality the escalation belongs to by default.
CREATE TABLE escalation_child (
  escalation_id INTEGER NOT NULL REFERENCES escalation(id),
  child_id INTEGER NOT NULL REFERENCES child(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  PRIMARY KEY (escalation_id, child_id),
  UNIQUE (escalation_id, position)
);
CREATE INDEX escalation_child_child ON escalation_child(child_id);

-- Stage 0 is informal, 1 team manager, 2 service manager, 3 head of
-- locality, 4 director, 5 executive director, 6 referral to Cafcass. An
-- escalation only moves to the next stage, so each appears at most once.
-- response_due is stored when the stage starts, so a later change to the
-- rules does not rewrite what was asked of the responder.
CREATE TABLE escalation_stage (
  id INTEGER PRIMARY KEY,
  escalation_id INTEGER NOT NULL REFERENCES escalation(id),
  stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 6),
  started_on TEXT NOT NULL,
  responder TEXT NOT NULL CHECK (responder <> ''),
  response_due TEXT NOT NULL CHECK (response_due >= started_on),
  responded_on TEXT CHECK (responded_on IS NULL OR responded_on >= started_on),
  response TEXT,
  -- why it moved on from the stage before (NULL on the first stage)
  moved_reason TEXT CHECK (moved_reason IS NULL OR moved_reason <> ''),
  CHECK ((responded_on IS NULL) = (response IS NULL)),
  CHECK (response IS NULL OR response <> ''),
  UNIQUE (escalation_id, stage)
);

CREATE TRIGGER gen_escalation_i AFTER INSERT ON escalation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_u AFTER UPDATE ON escalation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_d AFTER DELETE ON escalation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_child_i AFTER INSERT ON escalation_child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_child_u AFTER UPDATE ON escalation_child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_child_d AFTER DELETE ON escalation_child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_stage_i AFTER INSERT ON escalation_stage BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_stage_u AFTER UPDATE ON escalation_stage BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_escalation_stage_d AFTER DELETE ON escalation_stage BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
