-- Schema version 20 (issue 18): email from an outbox. A message is a row
-- written in the same transaction as the event that causes it, so an
-- event is never saved without its message nor a message queued for an
-- event that was rolled back. A sender (`oversight mail send`, and a
-- thread of `serve`) delivers what is due; see docs/mail.md.

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  -- what the message is: 'digest' (an IRO's daily digest), 'test'
  kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- Counts, record numbers and links only (SPEC 12): never a child's,
  -- adult's or allegation's detail. Not shown on /admin/outbox even so.
  body TEXT NOT NULL,
  -- kind, record and date ('digest:iro:7:2026-11-23'): queueing the same
  -- event twice (a second run of the digest) adds nothing.
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,              -- UTC 'YYYY-MM-DDTHH:MM:SSZ'
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Not before this (UTC, as created_at). A sender claims a message by
  -- moving it forward before sending, so a sender that dies mid-send
  -- leaves the message to be tried again then, never lost.
  next_attempt_at TEXT NOT NULL,
  sent_at TEXT,
  server_reply TEXT,                     -- the mail server's last words on it ('250 2.0.0 Ok: queued')
  last_error TEXT,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed'))
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('mail_retry_after', '12', 'An email not delivered is tried again after this long, doubling after each failure',
  'the attempt that failed (or was cut short)', 5, 'minutes', 5, 'minutes'),
 ('mail_attempts', '12', 'Attempts to deliver an email before it is marked failed', 'the email is queued', 6, 'count', 6, 'count');
