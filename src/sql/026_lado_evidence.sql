-- Schema version 26 (issue 20): the Designated Officer's work beyond the
-- case steps, which the annual report to the Corporate Parenting Board
-- counts (seed 003, "Role of the Designated Officer" and sections 6-7):
-- strategy meetings of children's social care the Designated Officer
-- attended about a case; cross-border cases (the adult works or lives in,
-- or a child involved is from, another local authority's area); dip
-- samples of case files (date, cases sampled, findings); and training
-- sessions and briefings delivered (date, audience, people trained).
-- Dip samples and training are the Designated Officer's own records, not
-- a case's: they name no adult or child. The report's definitions are in
-- docs/lado-report.md.

-- Cross-border, recorded on the case: NULL until the Designated Officer
-- says (an older case was never asked), else 0 or 1 for each side.
ALTER TABLE lado_case ADD COLUMN cross_border_adult INTEGER CHECK (cross_border_adult IS NULL OR cross_border_adult IN (0, 1));
ALTER TABLE lado_case ADD COLUMN cross_border_child INTEGER CHECK (cross_border_child IS NULL OR cross_border_child IN (0, 1));
-- The other authority or authorities, in words ("Somerset; Wiltshire").
ALTER TABLE lado_case ADD COLUMN other_authority TEXT CHECK (other_authority IS NULL OR other_authority <> '');

-- A children's social care strategy meeting about the case that the
-- Designated Officer attended. Destroyed with the case (retention.c) and
-- in the adult's subject access copy (sar.c).
CREATE TABLE lado_strategy_meeting (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES lado_case(id),
  held_on TEXT NOT NULL,
  notes TEXT CHECK (notes IS NULL OR notes <> ''),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX lado_strategy_meeting_case ON lado_strategy_meeting(case_id, held_on);
CREATE INDEX lado_strategy_meeting_held ON lado_strategy_meeting(held_on);

-- A dip sample of LADO case files: when, how many files, what was found.
-- Corrected in place; the audit log keeps what it said before.
CREATE TABLE lado_dip_sample (
  id INTEGER PRIMARY KEY,
  sampled_on TEXT NOT NULL,
  cases_sampled INTEGER NOT NULL CHECK (cases_sampled > 0),
  findings TEXT NOT NULL CHECK (findings <> ''),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX lado_dip_sample_on ON lado_dip_sample(sampled_on);

-- A training session or a briefing the Designated Officer delivered on
-- managing allegations: when, to whom, how many people attended.
CREATE TABLE lado_training (
  id INTEGER PRIMARY KEY,
  delivered_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('training', 'briefing')),
  audience TEXT NOT NULL CHECK (audience <> ''),
  people INTEGER NOT NULL CHECK (people >= 0),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX lado_training_on ON lado_training(delivered_on);
