-- Schema version 29 (issue 20): the private fostering annual report's
-- missing tables (domain/003_... §4.11-4.15). Why each child is privately
-- fostered, as a code list the council can read and extend; the child's
-- sex and ethnicity for the report's children by age, sex and ethnicity;
-- and the commissioned partner's own Regulation 8 visiting pattern (BCP
-- visits every 4 weeks against the council's 6), as a rule like every
-- other timescale.

-- The reasons a child is privately fostered (§2.4, §4.11-4.12), in the
-- order the form and the report list them. An arrangement's reason is one
-- of these codes; pages and the report show the words.
CREATE TABLE pf_reason (
  code TEXT PRIMARY KEY,
  words TEXT NOT NULL CHECK (words <> ''),
  position INTEGER NOT NULL UNIQUE
);
INSERT INTO pf_reason(code, words, position) VALUES
 ('overseas-student', 'Overseas student staying with a host family', 1),
 ('family-breakdown', 'Family breakdown', 2),
 ('parental-conflict', 'Conflict between the parents', 3),
 ('child-protection', 'Child protection concerns', 4),
 ('parenting-concerns', 'Concerns about parenting', 5),
 ('parent-ill-health', 'A parent''s ill health', 6),
 ('parent-working-hours', 'Parents working or studying long or antisocial hours', 7),
 ('education-or-health-care', 'Sent to this country for education or health care', 8),
 ('holiday-exchange', 'A school holiday exchange of 28 days or more', 9),
 ('sport-or-music', 'A sports or music sponsorship', 10),
 ('other', 'Another reason', 11);

-- NULL: not recorded (arrangements notified before this version).
ALTER TABLE pf_arrangement ADD COLUMN reason TEXT REFERENCES pf_reason(code);
-- M, F or U (not known), as the children in care; NULL not recorded.
ALTER TABLE pf_arrangement ADD COLUMN child_sex TEXT CHECK (child_sex IS NULL OR child_sex IN ('M', 'F', 'U'));
-- A DfE (SSDA903) ethnicity code, checked against the list in
-- child_records.c; NULL not recorded.
ALTER TABLE pf_arrangement ADD COLUMN child_ethnicity TEXT;

-- The first-year Regulation 8 visiting pattern of a commissioned partner.
-- A locality team keeps pf_reg8_first_year (6 weeks); after the first
-- year both visit every pf_reg8_after.
INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('pf_reg8_partner', '7', 'Regulation 8 visits in the first year when a commissioned partner manages the case', 'previous visit', 4, 'weeks', 4, 'weeks');
