-- Schema version 22 (issue 18): acknowledging the alerts that are not a
-- child's deadline: escalations' responses, LADO cases' decisions and
-- meetings, private fostering visits and assessments, children's homes'
-- Regulation 44, audit and notification items and QPAG actions (SPEC
-- "Alerts"; docs/alerts.md). alert_ack (007) keys on a child, so these
-- have their own table. An alert is named by its service, the record it
-- belongs to, a short code for the item and its due date, so a deadline
-- that moves is a new alert. Acknowledging records who and when; the
-- alert stays on the list until the work is done.
CREATE TABLE service_alert_ack (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL CHECK (service IN ('escalation', 'lado', 'private-fostering', 'home')),
  -- The escalation's, LADO case's, arrangement's or home's id; for the
  -- item 'qpag-action' (not always about one home) the QPAG action's id.
  record_id INTEGER NOT NULL,
  -- 'stage-response', 'decision', 'reg8-visit', 'reg44-report-12', ...
  item TEXT NOT NULL,
  due_on TEXT NOT NULL,                  -- 'YYYY-MM-DD'
  user_id INTEGER NOT NULL REFERENCES users(id),
  acked_at TEXT NOT NULL,                -- UTC 'YYYY-MM-DDTHH:MM:SSZ'
  note TEXT                              -- at most 250 characters (docs/alerts.md)
);
CREATE INDEX service_alert_ack_key ON service_alert_ack(service, record_id, item, due_on);
CREATE TRIGGER gen_service_alert_ack_i AFTER INSERT ON service_alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_service_alert_ack_u AFTER UPDATE ON service_alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_service_alert_ack_d AFTER DELETE ON service_alert_ack BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
