-- Schema version 14 (issue 14 item 8): an absolute session lifetime, and
-- sign-in locks per account and network instead of per account.

-- However active, a session ends this long after sign-in: a browser left
-- signed in on a shared computer does not stay signed in for days.
INSERT INTO rule(name, section, description, counts_from, amount, unit, default_amount, default_unit) VALUES
 ('session_lifetime', '11', 'Signed-in session ends this long after sign-in, however active (0: no limit)', 'sign-in', 12, 'hours', 12, 'hours');

-- A lock per account and network (an IPv4 address, or an IPv6 address's
-- /64): a stranger's wrong guesses lock the account only for the
-- stranger's network, so the real person signs in from theirs. Every
-- attempt is still in the audit log under the account's record.
CREATE TABLE login_lock (
  user_id INTEGER NOT NULL REFERENCES users(id),
  network TEXT NOT NULL,
  -- failed sign-ins in a row from this network
  failed_count INTEGER NOT NULL CHECK (failed_count >= 0),
  last_failed_at TEXT NOT NULL,
  locked_until TEXT,
  PRIMARY KEY (user_id, network)
);

UPDATE rule SET description = 'Failed sign-ins in a row from one network that lock an account for that network'
 WHERE name = 'login_attempts';
UPDATE rule SET description = 'Account stays locked to a network this long after login_attempts failed sign-ins from it'
 WHERE name = 'login_lockout';

-- users.failed_count and users.locked_until are no longer used: a lock
-- standing at the upgrade is lifted rather than kept for every network.
UPDATE users SET failed_count = 0, locked_until = NULL;
