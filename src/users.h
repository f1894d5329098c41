/*
** users.h: people who sign in, their roles and capabilities, passwords and
** sessions (SPEC §11).
**
** A role is a fixed set of capabilities; handlers ask for a capability,
** never for a role, so what each role may do is decided in one table.
*/
#ifndef OVERSIGHT_USERS_H
#define OVERSIGHT_USERS_H

#include <stdint.h>
#include "db.h"
#include "util.h"

typedef enum Role {
  ROLE_ADMIN, ROLE_QA_MANAGER, ROLE_IRO, ROLE_LADO, ROLE_PF_WORKER,
  ROLE_RESIDENTIAL_MANAGER, ROLE_BUSINESS_SUPPORT, ROLE_BOARD,
  ROLE__COUNT, ROLE_INVALID = -1
} Role;
const char *role_name(Role r);        /* "admin", "qa-manager", ... */
const char *role_label(Role r);       /* "Administrator", "QA manager", ... */
Role role_parse(const char *z);

/* Capabilities: bit flags. */
enum {
  CAP_CHILD_VIEW      = 1 << 0,  /* read a child's record (audited) */
  CAP_CHILD_EDIT      = 1 << 1,  /* record reviews and contacts (see CAP_ANY_CHILD) */
  CAP_ALLOCATE        = 1 << 2,  /* allocate or change a child's IRO */
  CAP_OWN_CASELOAD    = 1 << 3,  /* has an IRO dashboard of their own */
  CAP_SERVICE_VIEW    = 1 << 4,  /* the service dashboard: every IRO, every overdue item */
  CAP_REPORTS         = 1 << 5,  /* aggregate reports (no child's record) */
  CAP_RULES_EDIT      = 1 << 6,
  CAP_USERS_ADMIN     = 1 << 7,
  CAP_AUDIT_VIEW      = 1 << 8,
  CAP_LADO            = 1 << 9,  /* LADO records (issue 7) */
  CAP_PRIVATE_FOSTERING = 1 << 10,
  CAP_HOMES           = 1 << 11,
  CAP_IMPORT          = 1 << 12, /* load a council's SSDA903 return (issue 6) */
  CAP_ESCALATE        = 1 << 13, /* raise, respond to, move on and close escalations */
  /* Change any child's record. Without it, CAP_CHILD_EDIT and CAP_ESCALATE
  ** reach only the children of the user's own caseload and of the IROs
  ** they are covering (SPEC §11; cover.h). */
  CAP_ANY_CHILD       = 1 << 14,
  CAP_COVER           = 1 << 15, /* record which IRO covers for an absent one */
  CAP_IROS_ADMIN      = 1 << 16, /* add and change IROs and localities (issue 15) */
  CAP_CHILD_RECORDS   = 1 << 17, /* add a child, correct their details, siblings, care notifications (issue 15) */
  /* Start, end and correct episodes of care: the placement record is data
  ** entry's and the managers' (SPEC §11 "core records"), not an IRO's. */
  CAP_PLACEMENTS      = 1 << 18,
};
/* Any of the loads on /import (the SSDA903 return, children, IROs, users,
** postcodes): who sees "Load data". Not a capability of its own. */
#define CAP_LOAD_ANY (CAP_IMPORT | CAP_CHILD_RECORDS | CAP_IROS_ADMIN | CAP_USERS_ADMIN | CAP_PLACEMENTS)
/* Alerts other than children's deadlines (issue 18, service_alerts.h):
** escalations, LADO, private fostering, homes; and /alerts, which shows
** them with the children's. Not capabilities of their own. */
#define CAP_SERVICE_ALERTS (CAP_ESCALATE | CAP_LADO | CAP_PRIVATE_FOSTERING | CAP_HOMES)
#define CAP_ALERTS_ANY (CAP_CHILD_VIEW | CAP_SERVICE_ALERTS)
/* A service's own report, figures only, to anyone with aggregate reports
** as well as to the service (SPEC §11: the board sees every service's
** figures; the QA manager the LADO KPI report, never a LADO record). The
** handler leaves out names and record links for those without the
** service's own capability. Not capabilities of their own. */
#define CAP_LADO_KPI (CAP_LADO | CAP_REPORTS)
#define CAP_PF_REPORT (CAP_PRIVATE_FOSTERING | CAP_REPORTS)
#define CAP_HOMES_REPORT (CAP_HOMES | CAP_REPORTS)
/* Any report at all: the Reports page lists those the user may open. */
#define CAP_ANY_REPORT (CAP_SERVICE_VIEW | CAP_LADO_KPI | CAP_PF_REPORT | CAP_HOMES_REPORT)
unsigned role_caps(Role r);

typedef struct User {
  int64_t id;
  char zUsername[64];
  char zDisplayName[128];
  Role role;
  int64_t iroId;                /* the IRO record of a user with role iro, else 0 */
  int disabled;
  int mustChange;               /* signed in with a temporary password: must change it first */
  char zEmail[256];             /* "" when not known */
  int emailDigests;             /* 1: sent the email digests (digest.h); 0: turned off */
} User;

/* Add a user; the password must be at least 12 characters. 0, or -1 and
** *pzErr (caller frees) in users' words. Audited. */
int user_add(Db *db, const char *zUsername, const char *zDisplayName, Role role,
             const char *zPassword, int64_t iroId, const char *zActor, char **pzErr);
int user_set_password(Db *db, const char *zUsername, const char *zPassword, const char *zActor,
                      char **pzErr);
int user_set_role(Db *db, const char *zUsername, Role role, int64_t iroId, const char *zActor,
                  char **pzErr);
int user_set_disabled(Db *db, const char *zUsername, int disabled, const char *zActor, char **pzErr);
/* How someone who is added, or whose password is reset, gets a password
** an administrator never chooses: a temporary one (shown once, to be
** changed at the first sign-in) or a one-time link to set their own
** (valid for the rule password_link_lifetime, used once). */
typedef enum PasswordIssue { ISSUE_TEMPORARY = 1, ISSUE_LINK = 2 } PasswordIssue;
/* The secret handed back: the temporary password, or the link's token
** (64 hex; the link is /password/set?token=TOKEN). Only its hash is kept. */
#define USER_SECRET_MAX 80
/* Add a user who gets their password as issue says; zEmail may be NULL or
** "". 0 with zSecret filled, or -1 and *pzErr. Audited (no secret). */
int user_add_issue(Db *db, const char *zUsername, const char *zDisplayName, const char *zEmail, Role role,
                   int64_t iroId, PasswordIssue issue, char zSecret[USER_SECRET_MAX], const char *zActor,
                   char **pzErr);
/* Reset a password: the old one stops working at once, every session of
** the user ends, earlier links stop working, and a lock is lifted. */
int user_reset_password(Db *db, const char *zUsername, PasswordIssue issue, char zSecret[USER_SECRET_MAX],
                        const char *zActor, char **pzErr);
/* Either of the two above, with ISSUE_LINK, also emails the link to the
** person when they have an email address and mail.base_url is set: a
** message of kind "account" in the outbox, queued in the same transaction
** (docs/mail.md). 1 if the link with token zToken (as handed back) was
** queued for zUsername, else 0: for the page or command to say so. */
int user_link_emailed(Db *db, const char *zUsername, const char *zToken);
/* Change the name and email (NULL: leave as it is; "" email: none known).
** Audited with before and after; nothing written when nothing changes. */
int user_set_details(Db *db, const char *zUsername, const char *zDisplayName, const char *zEmail,
                     const char *zActor, char **pzErr);
/* Turn the email digests on (1) or off (0) for a user: theirs to choose
** (their account page) or an administrator's. Emails addressed to them
** for action are sent either way. Audited; nothing written when nothing
** changes. 0, or -1 and *pzErr. */
int user_set_digests(Db *db, const char *zUsername, int on, const char *zActor, char **pzErr);
/* Someone changing their own password: the current one must be right
** (checked like a sign-in, so it counts towards the lock). Clears
** must-change, ends the user's other sessions (zKeepSession, a session id
** as the browser holds it, stays; NULL ends all). 0, or -1 and *pzErr
** naming the field: it starts "Your current password" or "Password". */
int user_change_own_password(Db *db, int64_t userId, const char *zCurrent, const char *zNew,
                             const char *zKeepSession, const char *zClient, char **pzErr);
/* A set-password link's token: 1 and *out if it may be used now, 0 if it
** is unknown, used, expired, superseded or its user disabled. */
int password_token_check(Db *db, const char *zToken, User *out);
/* Set the password through the link and spend it: 0, or -1 and *pzErr. */
int password_token_use(Db *db, const char *zToken, const char *zPassword, const char *zClient, char **pzErr);
/* The time stamp of the user's last sign-in ("" never) into out[32]. */
void user_last_signed_in(Db *db, int64_t userId, char out[32]);
/* A UTC stamp "2026-12-07T05:01:00Z" as the council says it, in
** Europe/London time: "7 December 2026 at 5:01am". "Never" for "". */
void user_time_words(const char *zUtc, char *out, size_t n);
/* Tests only: move the clock users.c reads by nSeconds (0 puts it back). */
void users_clock_shift(long nSeconds);

/* Bulk: load users from a CSV file with the columns username,
** display_name, email, role, iro (an IRO's id or name, for role iro). A
** new username is added and gets a password as issue says; an existing
** one is updated (never its password). All or nothing: every bad row is
** listed in *pReport as "FILE line N: ..." and nothing is saved. On
** success *pReport lists each new user with their secret, once, and
** counts what changed. 0 or -1. */
int users_import(Db *db, const char *zPath, PasswordIssue issue, const char *zActor, Buf *pReport);
/* The users as CSV, in the columns users_import reads plus status and
** last_signed_in: no password, hash or token. DB_OK, or DB_ERROR when the
** read failed (pOut then partial: do not send it). */
int users_export(Db *db, Buf *pOut);

/* 1 found, 0 not. */
int user_get(Db *db, const char *zUsername, User *out);
int user_get_by_id(Db *db, int64_t id, User *out);

/* Result of a sign-in attempt. LOCKED and DISABLED are only reported once
** the password was right, so a guesser learns nothing from them.
** THROTTLED: the network has failed too often (signin.h); refused before
** any hashing, and not audited one by one (the start of the refusal is).
** OVERLOADED: every hashing slot was busy; nothing was checked.
** STORAGE: the attempt could not be saved (db_errmsg says why), whether
** or not the password was right, so it gives nothing away either. */
/* LOGIN_MUST_CHANGE: the password is right and the person may sign in,
** but it is a temporary one: they must change it before anything else. */
typedef enum LoginResult {
  LOGIN_OK, LOGIN_MUST_CHANGE, LOGIN_BAD, LOGIN_LOCKED, LOGIN_DISABLED, LOGIN_THROTTLED, LOGIN_OVERLOADED, LOGIN_STORAGE
} LoginResult;
/* Check a password (argon2id). Failed attempts are counted per account and
** network (signin_network of zClient): the rule login_attempts locks the
** account for that network after 5 in a row, for login_lockout minutes,
** so a stranger cannot lock the real person out from elsewhere. Every
** attempt is audited with zClient under the account's record. The
** attempt that locks an account queues an email telling its person
** (kind "account"), in the same transaction, when they have an address. */
LoginResult user_login(Db *db, const char *zUsername, const char *zPassword, const char *zClient,
                       User *out);
/* Lift every sign-in lock of an account (all networks) and clear its
** failure counts. Returns how many networks were locked (0: it was not
** locked, nothing written), or -1 and *pzErr. Audited (user.unlock). */
int user_unlock(Db *db, const char *zUsername, const char *zActor, const char *zClient, char **pzErr);
/* How many networks the account is locked to now. */
int user_lock_count(Db *db, int64_t userId);

/* Sessions: a random 256-bit id, given to the browser as 64 hex
** characters; only its hash is stored, so the table cannot be replayed.
** Each session has its own CSRF token (64 hex). */
typedef struct Session {
  char zId[65];                 /* as given to the browser (only after create) */
  char zCsrf[65];
  User user;
  int ended;                    /* after a failed check: SESSION_ENDED_* or 0 */
} Session;
enum { SESSION_ENDED_IDLE = 1, SESSION_ENDED_LIFETIME = 2 };
/* 0; -1 if the user is unknown or disabled; -2 if the session could not
** be saved (db_errmsg, db_err_is_full, db_err_is_busy say why). */
int session_create(Db *db, const User *u, const char *zClient, Session *out);
/* Look up and touch a session: 1 valid (out filled), 0 unknown, ended
** (idle longer than the rule session_idle, or older than session_lifetime
** however active: out->ended says which) or the user disabled. */
int session_check(Db *db, const char *zId, Session *out);
/* session_check in two steps, so a server can keep the row between
** requests while the data is unchanged (db_read_mark): the row as stored
** (1, or 0 if there is none), then whether it is valid now, touching or
** ending it as session_check does. */
typedef struct SessionRow {
  char zHash[65];               /* of the id: the table's key */
  char zCsrf[65], zSeen[32], zCreated[32];
  User user;
} SessionRow;
int session_read(Db *db, const char *zId, SessionRow *r);
/* The key of a well-formed id (1), as session_read looks it up; 0 if it
** is not one. */
int session_key(const char *zId, char zHash[65]);
int session_judge(Db *db, const char *zId, const SessionRow *r, Session *out);
void session_end(Db *db, const char *zId);
/* Sessions still valid now: not idle too long, not past their lifetime
** (rules loaded). Ended ones wait in the table for the next sign-in's sweep. */
int64_t session_count_active(Db *db);
/* Constant-time comparison of a submitted token with the session's. */
int csrf_ok(const Session *s, const char *zToken);

/* Random hex string of 2*nBytes characters into out (size 2*nBytes+1). */
void random_hex(char *out, int nBytes);
/* Initialise libsodium; fatal if it cannot be. */
void crypto_init(void);

#endif
