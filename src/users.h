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
  /* Start, end and correct episodes of care: the placement record is data
  ** entry's and the managers' (SPEC §11 "core records"), not an IRO's. */
  CAP_PLACEMENTS      = 1 << 16,
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
** the password was right, so a guesser learns nothing from them. */
typedef enum LoginResult { LOGIN_OK, LOGIN_BAD, LOGIN_LOCKED, LOGIN_DISABLED } LoginResult;
/* Check a password (argon2id). Failed attempts are counted: the rule
** login_lockout locks the account after 5 in a row for its amount of
** minutes. Every attempt is audited with zClient. */
LoginResult user_login(Db *db, const char *zUsername, const char *zPassword, const char *zClient,
                       User *out);

/* Sessions: a random 256-bit id, given to the browser as 64 hex
** characters; only its hash is stored, so the table cannot be replayed.
** Each session has its own CSRF token (64 hex). */
typedef struct Session {
  char zId[65];                 /* as given to the browser (only after create) */
  char zCsrf[65];
  User user;
} Session;
int session_create(Db *db, const User *u, const char *zClient, Session *out);
/* Look up and touch a session: 1 valid (out filled), 0 unknown, expired
** (idle longer than the rule session_idle) or the user disabled. */
int session_check(Db *db, const char *zId, Session *out);
void session_end(Db *db, const char *zId);
/* Constant-time comparison of a submitted token with the session's. */
int csrf_ok(const Session *s, const char *zToken);

/* Random hex string of 2*nBytes characters into out (size 2*nBytes+1). */
void random_hex(char *out, int nBytes);
/* Initialise libsodium; fatal if it cannot be. */
void crypto_init(void);

#endif
