-- Schema version 19 (issue 16): a review's recommendations as records,
-- each tracked to done. Until now only the date they were issued was kept
-- (review.recommendations_on); what was recommended, who must do it and
-- whether it was done lived in the minutes, where nobody could chase it.

CREATE TABLE recommendation (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id),
  -- the child's id again, so the deadline engine loads recommendations
  -- with the same one-pass filter as every other record of a child
  child_id INTEGER NOT NULL REFERENCES child(id),
  text TEXT NOT NULL CHECK (text <> ''),
  owner_role TEXT NOT NULL CHECK (owner_role IN
    ('social-worker', 'team-manager', 'carer', 'health', 'education', 'iro', 'other')),
  owner_name TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'not-done')),
  closed_on TEXT,
  -- why it was not done: required for not-done, so "not done" is never
  -- a silent way of making an overdue item go away
  reason TEXT,
  -- the latest review it was carried forward to, while still open
  carried_review_id INTEGER REFERENCES review(id),
  -- the escalation raised from it, when it was overdue
  escalation_id INTEGER REFERENCES escalation(id),
  CHECK ((status = 'open') = (closed_on IS NULL)),
  CHECK (status <> 'not-done' OR (reason IS NOT NULL AND reason <> ''))
);
CREATE INDEX recommendation_child ON recommendation(child_id);
CREATE INDEX recommendation_review ON recommendation(review_id);
CREATE INDEX recommendation_escalation ON recommendation(escalation_id);

-- Progress notes: appended, never changed (the audit log has each too).
CREATE TABLE recommendation_note (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendation(id),
  noted_on TEXT NOT NULL,
  author TEXT NOT NULL,
  note TEXT NOT NULL CHECK (note <> '')
);
CREATE INDEX recommendation_note_rec ON recommendation_note(recommendation_id);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('recommendation_overdue', '3', 'A review recommendation not done is overdue once this long has passed after its own due date (0: the day after)', 'the recommendation''s due date', 0, 'working-days', 0, 'working-days');

-- Cached pages (the child's, the dashboards) show these: changes bump the
-- data generation as every other table a page shows does (004).
CREATE TRIGGER gen_recommendation_i AFTER INSERT ON recommendation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_recommendation_u AFTER UPDATE ON recommendation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_recommendation_d AFTER DELETE ON recommendation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_recommendation_note_i AFTER INSERT ON recommendation_note BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
