-- Schema version 28 (issue 20): the QA framework's evidence for the
-- children's homes (domain/004_..., section 8): the six-monthly surveys of
-- young people and of professionals (8.3, 8.4), and dip samples and full
-- audits (the QA schedule; 8.5) whose actions can go into the QPAG action
-- tracker (8.7).
--
-- 1. Dip samples and full audits are audits of a home like the four
--    monthly ones: home_audit gains the two kinds and what the audit looked
--    at (focus: the area sampled, or why the full audit was done), and
--    their actions are home_audit_action rows like any audit's.
--
-- SQLite cannot change a CHECK, so home_audit is rebuilt as 016 rebuilt
-- episode: home_audit_action.audit_id refers to it, so foreign keys are
-- deferred, the table is created again under its own name and every row
-- put back with its own id; the commit fails unless every action finds its
-- audit again.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE home_audit_copy AS SELECT * FROM main.home_audit;

DROP TABLE main.home_audit;

CREATE TABLE home_audit (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('health-safety', 'fire-safety', 'statutory-checks', 'data-protection',
                                     'dip-sample', 'full-audit')),
  done_on TEXT NOT NULL,
  by_whom TEXT NOT NULL CHECK (by_whom <> ''),
  findings TEXT NOT NULL DEFAULT '',
  -- dip samples and full audits: the area sampled, or why the full audit
  -- was done (a new manager, concerns); '' for the monthly audits
  focus TEXT NOT NULL DEFAULT '',
  UNIQUE (home_id, kind, done_on)
);

INSERT INTO home_audit(id, home_id, kind, done_on, by_whom, findings)
  SELECT id, home_id, kind, done_on, by_whom, findings FROM temp.home_audit_copy ORDER BY id;

DROP TABLE temp.home_audit_copy;

-- An audit action taken into the QPAG action tracker: the tracker's
-- action it became (one each). The link is read both ways: the audit shows
-- the QPAG action, the tracker and the QPAG report show the audit.
ALTER TABLE home_audit_action ADD COLUMN qpag_action_id INTEGER REFERENCES qpag_action(id);
CREATE UNIQUE INDEX home_audit_action_qpag ON home_audit_action(qpag_action_id);

-- 2. The surveys. Each kind has its fixed list of questions, answered on
-- a scale of 1 (strongly disagree) to 5 (strongly agree); a question
-- never changes once asked, so rounds stay comparable: a new wording is a
-- new question (and the old one retired).
CREATE TABLE survey_question (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('young-people', 'professionals')),
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 20),
  text TEXT NOT NULL CHECK (text <> ''),
  retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  UNIQUE (kind, position)
);

INSERT INTO survey_question(kind, position, text) VALUES
 ('young-people', 1, 'I feel safe living here'),
 ('young-people', 2, 'Staff listen to me and take my views seriously'),
 ('young-people', 3, 'I am helped to keep in touch with my family and friends'),
 ('young-people', 4, 'I get the help I need with school, college or work'),
 ('young-people', 5, 'I know who to talk to if I am worried or want to complain'),
 ('young-people', 6, 'I am happy with how I am looked after here'),
 ('professionals', 1, 'The home keeps me informed about the young person'),
 ('professionals', 2, 'Staff know the young person''s needs and plans well'),
 ('professionals', 3, 'The home keeps the young person safe'),
 ('professionals', 4, 'The home helps the young person make progress'),
 ('professionals', 5, 'The home''s records and reports are good and on time'),
 ('professionals', 6, 'I would be happy for a young person I work with to live here');

-- A round of one survey in one home: when it closed, who was asked (in
-- words: "the four young people living in the home"; never a name) and
-- how many, and its focus (each young people's survey has its own, to
-- avoid survey fatigue, 8.3).
CREATE TABLE survey_round (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('young-people', 'professionals')),
  held_on TEXT NOT NULL,
  asked TEXT NOT NULL CHECK (asked <> ''),
  number_asked INTEGER NOT NULL CHECK (number_asked BETWEEN 1 AND 999),
  focus TEXT NOT NULL DEFAULT '',
  UNIQUE (home_id, kind, held_on)
);

-- One person's answers, anonymous: a comment, and a score per question
-- answered (a question left blank has no row).
CREATE TABLE survey_response (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES survey_round(id),
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_response_round ON survey_response(round_id);
CREATE TABLE survey_answer (
  response_id INTEGER NOT NULL REFERENCES survey_response(id),
  question_id INTEGER NOT NULL REFERENCES survey_question(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  PRIMARY KEY (response_id, question_id)
);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('home_survey', '8', 'Each home surveys its young people, and the professionals who visit it, at least this often (each survey apart)', 'the last survey of that kind (or the home''s registration)', 6, 'months', 6, 'months');
