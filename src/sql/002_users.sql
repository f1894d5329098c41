-- Schema version 2: people who sign in, and their sessions (SPEC §11).
-- Time stamps here are UTC 'YYYY-MM-DDTHH:MM:SSZ' text written by the
-- program, so they compare correctly as text on either engine.

-- "users", not "user": USER is a reserved word in PostgreSQL.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'qa-manager', 'iro', 'lado', 'pf-worker',
                                     'residential-manager', 'business-support', 'board')),
  -- argon2id in libsodium's string form (parameters and salt included)
  password_hash TEXT NOT NULL,
  -- the IRO record an IRO signs in as; only an IRO has one, and must
  iro_id INTEGER REFERENCES iro(id),
  -- people leave, but their names stay on what they recorded: never deleted
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  -- failed sign-ins in a row; the rule login_attempts locks the account
  failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
  locked_until TEXT,
  created_at TEXT NOT NULL,
  CHECK ((role = 'iro') = (iro_id IS NOT NULL))
);
CREATE INDEX users_iro ON users(iro_id);

-- Only a hash of the id the browser holds is kept, so a copy of this
-- table (a backup, a stolen disk) cannot be used to take over a session.
-- A session is not a record of a person: ended and idle ones are deleted.
CREATE TABLE session (
  id_hash TEXT NOT NULL PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX session_user ON session(user_id);
CREATE INDEX session_last_seen ON session(last_seen_at);

INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('login_attempts', '11', 'Failed sign-ins in a row that lock an account', 'the last successful sign-in (or the end of a lock)', 5, 'count', 5, 'count');

-- The lockout no longer has its count written into it: that is the rule above.
UPDATE rule SET description = 'Account stays locked this long after login_attempts failed sign-ins in a row'
 WHERE name = 'login_lockout';
