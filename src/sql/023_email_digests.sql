-- Schema version 23 (issue 18): each user may turn off the email digests
-- (an IRO's daily digest), from their own account page or with `oversight
-- user edit NAME --digests off`. Never emails addressed to them for action:
-- a set-password link, a locked account, an escalation to respond to.
ALTER TABLE users ADD COLUMN email_digests INTEGER NOT NULL DEFAULT 1 CHECK (email_digests IN (0, 1));
