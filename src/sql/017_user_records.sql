-- Schema version 16 (issue 15): users as a system of record. An
-- administrator adds people with an email, never types a password for
-- them: each gets a temporary password they must change, or a one-time
-- link to set their own.

ALTER TABLE users ADD COLUMN email TEXT;
-- UTC 'YYYY-MM-DDTHH:MM:SSZ' of the last successful sign-in; NULL: never.
ALTER TABLE users ADD COLUMN last_signed_in_at TEXT;
-- 1 while the password is a temporary one an administrator has seen: no
-- page but the change-password page until it is changed.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));

-- One-time set-password links. Only a hash of the token in the link is
-- kept, so a copy of this table cannot be used to set anyone's password.
-- Used and expired links stay as the record of what was issued.
CREATE TABLE password_token (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX password_token_user ON password_token(user_id);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('password_link_lifetime', '11', 'A one-time link to set a password works for this long', 'the link is made', 72, 'hours', 72, 'hours');
