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
unsigned role_caps(Role r);

typedef struct User {
  int64_t id;
  char zUsername[64];
  char zDisplayName[128];
  Role role;
  int64_t iroId;                /* the IRO record of a user with role iro, else 0 */
  int disabled;
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
typedef enum LoginResult {
  LOGIN_OK, LOGIN_BAD, LOGIN_LOCKED, LOGIN_DISABLED, LOGIN_THROTTLED, LOGIN_OVERLOADED, LOGIN_STORAGE
} LoginResult;
/* Check a password (argon2id). Failed attempts are counted per account and
** network (signin_network of zClient): the rule login_attempts locks the
** account for that network after 5 in a row, for login_lockout minutes,
** so a stranger cannot lock the real person out from elsewhere. Every
** attempt is audited with zClient under the account's record. */
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
void session_end(Db *db, const char *zId);
/* Constant-time comparison of a submitted token with the session's. */
int csrf_ok(const Session *s, const char *zToken);

/* Random hex string of 2*nBytes characters into out (size 2*nBytes+1). */
void random_hex(char *out, int nBytes);
/* Initialise libsodium; fatal if it cannot be. */
void crypto_init(void);

#endif
