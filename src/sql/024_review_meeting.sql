-- Schema version 24 (issue 16): the review meeting and its written record.
-- Until now a review was a date, a participation code and yes/no checks:
-- who was there, where it was held, the child's views, the plan's type
-- and the IRO's view of it lived in a Word document beside Oversight, and
-- the permanence plan type was free text (cut to 31 characters when read).
-- The IRO's contact with the child before each review becomes a deadline
-- item (pre-review-contact), and which contacts count for it and for the
-- midpoint contact is data, not code.

-- Where the meeting was held (at most 200 characters, docs/reviews.md).
ALTER TABLE review ADD COLUMN location TEXT;
-- The permanence plan's type is now a code (reviews.c review_plan_types);
-- "other" carries its words here (at most 100 characters).
ALTER TABLE review ADD COLUMN permanence_other TEXT;
-- The IRO's view of the plan (at most 2,000 characters).
ALTER TABLE review ADD COLUMN plan_view TEXT;
-- The consultation before the review: was the child's views form
-- returned, and how were the child's views given (a code, shown in words).
ALTER TABLE review ADD COLUMN views_form INTEGER CHECK (views_form IN (0, 1));
ALTER TABLE review ADD COLUMN views_how TEXT CHECK (views_how IS NULL OR views_how IN
  ('spoke-to-iro', 'at-meeting', 'form', 'advocate', 'someone-else', 'other-way', 'not-given'));
-- The letter to the child about their review: the day it was sent. (The
-- record of the review, when sent, is the minutes: review.minutes_on.)
ALTER TABLE review ADD COLUMN letter_sent_on TEXT;

-- Free-text plan types become codes; what matches none is kept word for
-- word as "other", so nothing typed is lost.
UPDATE review SET permanence_type = 'return-home' WHERE lower(permanence_type) = 'return home';
UPDATE review SET permanence_type = 'special-guardianship' WHERE lower(permanence_type) IN ('special guardianship', 'special guardianship order');
UPDATE review SET permanence_type = 'adoption' WHERE lower(permanence_type) = 'adoption';
UPDATE review SET permanence_type = 'long-term-fostering' WHERE lower(permanence_type) IN ('long-term fostering', 'long term fostering');
UPDATE review SET permanence_type = 'child-arrangements-order' WHERE lower(permanence_type) = 'child arrangements order';
UPDATE review SET permanence_type = 'residential' WHERE lower(permanence_type) = 'residential';
UPDATE review SET permanence_type = 'independence' WHERE lower(permanence_type) = 'independence';
UPDATE review SET permanence_other = permanence_type, permanence_type = 'other'
 WHERE permanence_type IS NOT NULL AND permanence_type NOT IN ('return-home', 'special-guardianship',
  'adoption', 'long-term-fostering', 'child-arrangements-order', 'residential', 'independence', 'other');
UPDATE review SET permanence_type = NULL WHERE permanence_type = '';

-- Who was invited to the review and whether they took part: attended,
-- sent their views, or did not. Rows in the order the form gave them.
CREATE TABLE review_attendee (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('child', 'parent', 'carer', 'social-worker', 'team-manager',
    'advocate', 'health', 'education', 'iro', 'other')),
  name TEXT NOT NULL DEFAULT '',
  took_part TEXT NOT NULL CHECK (took_part IN ('attended', 'sent-views', 'did-not')),
  UNIQUE (review_id, position)
);

-- Which of the IRO's contacts count for a contact deadline item: one row
-- per item and whom the contact was with (contact.with_whom).
CREATE TABLE contact_counts (
  item TEXT NOT NULL CHECK (item IN ('midpoint-contact', 'pre-review-contact')),
  with_whom TEXT NOT NULL CHECK (with_whom IN ('child', 'social-worker', 'carer', 'other')),
  PRIMARY KEY (item, with_whom)
);
INSERT INTO contact_counts(item, with_whom) VALUES
 ('midpoint-contact', 'child'),
 ('midpoint-contact', 'social-worker'),
 ('pre-review-contact', 'child');

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('pre_review_contact', '3', 'IRO contact with the child before each review, due this long before the review is due', 'the review''s due date (counting back)', 5, 'working-days', 5, 'working-days'),
 ('review_chair_age', '3', 'A child may chair their own review from this age on the review date', 'date of birth', 10, 'years', 10, 'years');

CREATE TRIGGER gen_review_attendee_i AFTER INSERT ON review_attendee BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_review_attendee_u AFTER UPDATE ON review_attendee BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_review_attendee_d AFTER DELETE ON review_attendee BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
