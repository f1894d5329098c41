-- Schema version 21 (issue 18): email for escalations, LADO, private
-- fostering and homes (src/notices.c, docs/mail.md). Each escalation stage
-- records the responder's email address beside their name, so Oversight
-- can tell them when the escalation is raised or moved to them and remind
-- them before their response is due. Optional: a stage recorded without
-- one (every stage before this version) is simply not emailed.

ALTER TABLE escalation_stage ADD COLUMN responder_email TEXT
  CHECK (responder_email IS NULL OR responder_email <> '');

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('mail_escalation_reminder', '12', 'An escalation stage''s responder is reminded by email this long before the response is due',
  'the response due date (counting back)', 1, 'working-days', 1, 'working-days'),
 ('mail_lado_decision_notice', '12', 'The Designated Officers are told by email of a LADO decision due within this long',
  'the day the email is sent', 1, 'working-days', 1, 'working-days');
