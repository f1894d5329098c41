-- Schema version 7: acknowledging alerts (SPEC "Alerts"). An alert is an
-- open deadline (due soon or overdue) of someone's caseload; it is named by
-- the child, the item and its due date, so a deadline that moves is a new
-- alert. Acknowledging records who and when, and the alert stays on the
-- list until the work is done.
CREATE TABLE alert_ack (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  item TEXT NOT NULL,
  due_on TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  acked_at TEXT NOT NULL,
  note TEXT
);
CREATE INDEX alert_ack_child ON alert_ack(child_id, item, due_on);
CREATE TRIGGER gen_alert_ack_i AFTER INSERT ON alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_alert_ack_u AFTER UPDATE ON alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_alert_ack_d AFTER DELETE ON alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
