-- Schema version 27 (issue 20): the homes' quantitative evidence the QA
-- framework asks for (domain/004_... §6 b and the schedule in §7): the
-- weekly safeguarding, LADO-referral and complaints return of each home,
-- occupancy (places used of the places registered) and staffing (posts,
-- filled, leavers) by month, and complaints and compliments. Each is kept
-- with the home's records, destroyed with them (src/retention.c), and
-- corrected rather than deleted; the audit log keeps what it said before.

-- One return per home a week, the week named by its Monday. The counts are
-- of the week's safeguarding concerns, referrals to the LADO and
-- complaints; the note is the service manager's analysis (themes,
-- learning, actions), shown on the home's page only.
CREATE TABLE home_weekly_return (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  week_of TEXT NOT NULL,
  safeguarding INTEGER NOT NULL CHECK (safeguarding BETWEEN 0 AND 999),
  lado_referrals INTEGER NOT NULL CHECK (lado_referrals BETWEEN 0 AND 999),
  complaints INTEGER NOT NULL CHECK (complaints BETWEEN 0 AND 999),
  note TEXT NOT NULL DEFAULT '',
  returned_on TEXT NOT NULL CHECK (returned_on >= week_of),
  UNIQUE (home_id, week_of)
);

-- A home's month: places used (the most children living there at once in
-- the month) against the places it is registered for (home.places), and
-- its staffing: posts, posts filled at the month's end and staff who left
-- in the month. Vacancies are posts less filled.
CREATE TABLE home_month (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  month TEXT NOT NULL CHECK (length(month) = 7),
  places_used INTEGER CHECK (places_used IS NULL OR places_used BETWEEN 0 AND 99),
  posts INTEGER CHECK (posts IS NULL OR posts BETWEEN 0 AND 999),
  filled INTEGER CHECK (filled IS NULL OR (posts IS NOT NULL AND filled BETWEEN 0 AND posts)),
  leavers INTEGER CHECK (leavers IS NULL OR leavers BETWEEN 0 AND 999),
  UNIQUE (home_id, month)
);

-- Complaints and compliments: who it came from by kind (never a name),
-- what it was about (a code list), and for a complaint its outcome. The
-- summary is shown on the home's page only, never in a report.
CREATE TABLE home_feedback (
  id INTEGER PRIMARY KEY,
  home_id INTEGER NOT NULL REFERENCES home(id),
  kind TEXT NOT NULL CHECK (kind IN ('complaint', 'compliment')),
  received_on TEXT NOT NULL,
  from_kind TEXT NOT NULL CHECK (from_kind IN ('young-person', 'family', 'professional', 'staff', 'public', 'other')),
  about TEXT NOT NULL CHECK (about IN ('care', 'staff', 'safety', 'food', 'activities', 'contact', 'education',
                                       'health', 'building', 'other')),
  summary TEXT NOT NULL DEFAULT '',
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('upheld', 'partly-upheld', 'not-upheld', 'withdrawn')),
  outcome_on TEXT CHECK (outcome_on IS NULL OR (outcome IS NOT NULL AND outcome_on >= received_on)),
  CHECK (kind = 'complaint' OR outcome IS NULL)
);
CREATE INDEX home_feedback_home ON home_feedback(home_id, received_on);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('home_weekly_return', '8', 'A home''s weekly safeguarding, LADO-referral and complaints return to the head of service', 'the last day (Sunday) of the week it covers', 1, 'working-days', 1, 'working-days');
