/*
** users.c: people who sign in, their roles, passwords (argon2id through
** libsodium) and sessions (SPEC §11).
**
** Sign-in is written so that an attacker learns as little as possible: an
** unknown name costs the same argon2id work as a wrong password, and a
** locked or disabled account is only reported to someone who has just
** proved they know its password.
*/
#include "users.h"
#include "audit.h"
#include "calendar.h"
#include "rules.h"
#include "signin.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The header's buffer decides the limit, so the two cannot drift apart. */
#define USERNAME_MAX ((int)sizeof(((User *)0)->zUsername) - 1)
#define DISPLAY_MAX ((int)sizeof(((User *)0)->zDisplayName) - 1)
#define PASSWORD_MIN 12
#define PASSWORD_MAX 1024

/* INTERACTIVE costs 64 MiB and a few tens of milliseconds per hash: enough
** to make offline guessing slow without letting a burst of sign-ins
** exhaust the server's memory. */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

/* A hash (of a random password nobody kept) with the same parameters as
** real ones, verified when the name is unknown so the reply takes as long
** as for a wrong password. A constant, not made at start-up, so no thread
** races to build it and no command pays 64 MiB it does not need. */
static const char zDummyHash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$8FdeRvK4mvflt7usu8m7oQ$"
    "dPVdoPFVQ0GuSu5/z64eNb+Z8wBxzsxy+56N+B1OD4U";

/* ---- Roles ---------------------------------------------------------------- */

#define CAP_ALL ((1u << 19) - 1)

static const struct RoleDef {
  const char *zName, *zLabel;
  unsigned caps;
} aRole[ROLE__COUNT] = {
  /* LADO records concern allegations against staff, who may include the
  ** service's own managers: only the Designated Officer sees them. */
  [ROLE_ADMIN] = {"admin", "Administrator", CAP_ALL & ~(unsigned)CAP_LADO},
  /* The QA manager runs the IRO service: who the IROs are, their FTE and
  ** localities are theirs to keep (issue 15), as capacity is theirs to watch. */
  [ROLE_QA_MANAGER] = {"qa-manager", "QA manager",
                       CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_ALLOCATE | CAP_SERVICE_VIEW |
                           CAP_REPORTS | CAP_PRIVATE_FOSTERING | CAP_HOMES | CAP_ESCALATE |
                           CAP_ANY_CHILD | CAP_COVER | CAP_IROS_ADMIN |
                           CAP_CHILD_RECORDS | CAP_PLACEMENTS},
  /* An IRO views any child (they cover each other) but changes only their
  ** own caseload's and their cover's: no CAP_ANY_CHILD. */
  [ROLE_IRO] = {"iro", "IRO", CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_OWN_CASELOAD | CAP_ESCALATE},
  [ROLE_LADO] = {"lado", "Designated Officer (LADO)", CAP_LADO},
  [ROLE_PF_WORKER] = {"pf-worker", "Private fostering worker", CAP_PRIVATE_FOSTERING},
  [ROLE_RESIDENTIAL_MANAGER] = {"residential-manager", "Residential service manager", CAP_HOMES},
  /* Data entry for every child: reviews, contacts, allocations; escalations
  ** are the IROs' and managers' to act on (SPEC §11), so no CAP_ESCALATE. */
  [ROLE_BUSINESS_SUPPORT] = {"business-support", "Business support",
                             CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_ALLOCATE | CAP_IMPORT | CAP_ANY_CHILD |
                                 CAP_CHILD_RECORDS | CAP_PLACEMENTS},
  /* Aggregate figures only: a board member never opens a child's record. */
  [ROLE_BOARD] = {"board", "Board member", CAP_REPORTS},
};

static int role_valid(Role r) { return r >= 0 && r < ROLE__COUNT; }

const char *role_name(Role r) { return role_valid(r) ? aRole[r].zName : "unknown"; }

const char *role_label(Role r) { return role_valid(r) ? aRole[r].zLabel : "Unknown role"; }

Role role_parse(const char *z) {
  if (!z) return ROLE_INVALID;
  for (int i = 0; i < ROLE__COUNT; i++) {
    if (strcmp(z, aRole[i].zName) == 0) return (Role)i;
  }
  return ROLE_INVALID;
}

unsigned role_caps(Role r) { return role_valid(r) ? aRole[r].caps : 0; }

static char *role_list(void) {
  Buf b = {0};
  for (int i = 0; i < ROLE__COUNT; i++) {
    if (i) buf_puts(&b, i == ROLE__COUNT - 1 ? " or " : ", ");
    buf_puts(&b, aRole[i].zName);
  }
  return buf_take(&b);
}

/* ---- Crypto helpers ------------------------------------------------------- */

void crypto_init(void) {
  /* Returns 1 when already done, so every entry point may call it. */
  if (sodium_init() < 0) fatal("cannot initialise libsodium (no source of randomness?)");
}

void random_hex(char *out, int nBytes) {
  if (nBytes <= 0) {
    out[0] = 0;
    return;
  }
  crypto_init();
  unsigned char *a = xmalloc((size_t)nBytes);
  randombytes_buf(a, (size_t)nBytes);
  sodium_bin2hex(out, (size_t)nBytes * 2 + 1, a, (size_t)nBytes);
  sodium_memzero(a, (size_t)nBytes);
  free(a);
}

/* Lower-case hex of BLAKE2b-256 of the session id: what the table keys on. */
static void session_hash(const char *zId, char out[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)zId, strlen(zId), NULL, 0);
  sodium_bin2hex(out, 65, h, sizeof h);
}

static int is_hex64(const char *z) {
  if (!z) return 0;
  for (int i = 0; i < 64; i++) {
    char c = z[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
  }
  return z[64] == 0;
}

/* 0, or -1 if the hash could not be made (out of memory for argon2). */
static int hash_password(const char *zPassword, char out[crypto_pwhash_STRBYTES]) {
  crypto_init();
  return crypto_pwhash_str_alg(out, zPassword, strlen(zPassword), PWHASH_OPS, PWHASH_MEM,
                               crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

static int verify_password(const char *zHash, const char *zPassword) {
  crypto_init();
  /* libsodium declares the hash as a full crypto_pwhash_STRBYTES array;
  ** give it one, whatever the length of the stored text. */
  char zBuf[crypto_pwhash_STRBYTES] = {0};
  size_t n = strlen(zHash);
  if (n >= sizeof zBuf) return 0;
  memcpy(zBuf, zHash, n);
  return crypto_pwhash_str_verify(zBuf, zPassword, strlen(zPassword)) == 0;
}

/* ---- Time ----------------------------------------------------------------- */

/* UTC now plus nSeconds, as the sortable text the tables hold. */
static void utc_stamp(char out[32], long nSeconds) {
  time_t t = time(NULL) + (time_t)nSeconds;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A duration rule in seconds. rules_set only lets a time rule change to
** another time unit, so anything else means the table was edited by hand. */
static long rule_seconds(const char *zName) {
  const Rule *r = rule(zName);
  switch (r->unit) {
    case UNIT_MINUTES: return (long)r->amount * 60;
    case UNIT_HOURS: return (long)r->amount * 3600;
    case UNIT_DAYS: return (long)r->amount * 86400;
    case UNIT_WEEKS: return (long)r->amount * 7 * 86400;
    default: fatal("rule %s must be in minutes or hours, not %s", zName, cal_unit_name(r->unit));
  }
}

/* ---- Validation ----------------------------------------------------------- */

/* Characters, not bytes: a passphrase in Welsh counts its letters. */
static long utf8_chars(const char *z) {
  long n = 0;
  for (; *z; z++) {
    if (((unsigned char)*z & 0xC0) != 0x80) n++;
  }
  return n;
}

/* Copy zIn into out folded to lower case; 0 if it is a well-formed name.
** Case is folded because people type "Sam" for "sam" and mean the same. */
static int username_norm(const char *zIn, char out[USERNAME_MAX + 1]) {
  out[0] = 0;
  if (!zIn) return -1;
  int n = 0;
  for (; zIn[n]; n++) {
    if (n >= USERNAME_MAX) {
      out[n] = 0;
      return -1;
    }
    char c = zIn[n];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      out[n] = 0;
      return -1;
    }
    out[n] = c;
  }
  out[n] = 0;
  return n > 0 ? 0 : -1;
}

static char *check_username(const char *zIn, char out[USERNAME_MAX + 1]) {
  if (username_norm(zIn, out) == 0) return NULL;
  if (!zIn || !*zIn) return xstrdup("Enter a username");
  return xmprintf("Username must be 1 to %d characters: letters a-z, digits, '.', '_' or '-'",
                  USERNAME_MAX);
}

static char *check_password(const char *z) {
  if (!z) return xmprintf("Password must be at least %d characters", PASSWORD_MIN);
  long n = utf8_chars(z);
  if (n < PASSWORD_MIN) return xmprintf("Password must be at least %d characters", PASSWORD_MIN);
  /* Argon2 would accept more, but nobody types this much and a huge value
  ** is more likely an attack on the server than a passphrase. */
  if (n > PASSWORD_MAX || strlen(z) > 4 * PASSWORD_MAX) {
    return xmprintf("Password must be at most %d characters", PASSWORD_MAX);
  }
  return NULL;
}

static char *check_display_name(const char *z) {
  if (!z) return xstrdup("Enter the person's name as it should be shown");
  int blank = 1;
  for (const char *p = z; *p; p++) {
    /* A newline or tab would forge extra lines in exports and the audit view. */
    if ((unsigned char)*p < 0x20 || *p == 0x7f) return xstrdup("The name must be on one line");
    if (*p != ' ') blank = 0;
  }
  if (blank) return xstrdup("Enter the person's name as it should be shown");
  if ((int)strlen(z) > DISPLAY_MAX) {
    return xmprintf("The name is too long: at most %d letters (fewer with accents)", DISPLAY_MAX);
  }
  return NULL;
}

/* An IRO user stands for one active IRO record; nobody else has one. */
static char *check_iro_link(Db *db, Role role, int64_t iroId) {
  if (role != ROLE_IRO) {
    if (iroId != 0) return xstrdup("Only a user with role iro can be linked to an IRO record");
    return NULL;
  }
  if (iroId <= 0) return xstrdup("A user with role iro must be linked to their IRO record");
  Stmt *s = db_query(db, "SELECT name, active FROM iro WHERE id=?", "I", iroId);
  char *zErr = NULL;
  if (db_step(s) != DB_ROW) {
    zErr = xmprintf("There is no IRO with id %lld", (long long)iroId);
  } else if (!db_col_int(s, 1)) {
    zErr = xmprintf("IRO %s is no longer active: link the user to an active IRO",
                    db_col_text(s, 0));
  }
  db_finalize(s);
  return zErr;
}

static char *check_role(Role role) {
  if (role_valid(role)) return NULL;
  char *zList = role_list();
  char *z = xmprintf("Role must be one of %s", zList);
  free(zList);
  return z;
}

/* ---- Reading users -------------------------------------------------------- */

#define USER_COLS "id, username, display_name, role, iro_id, disabled"

static void user_from_row(Stmt *s, int i, User *out) {
  memset(out, 0, sizeof *out);
  out->id = db_col_int(s, i);
  snprintf(out->zUsername, sizeof out->zUsername, "%s", db_col_text(s, i + 1));
  snprintf(out->zDisplayName, sizeof out->zDisplayName, "%s", db_col_text(s, i + 2));
  out->role = role_parse(db_col_text(s, i + 3));
  out->iroId = db_col_is_null(s, i + 4) ? 0 : db_col_int(s, i + 4);
  out->disabled = db_col_int(s, i + 5) != 0;
}

int user_get(Db *db, const char *zUsername, User *out) {
  char zName[USERNAME_MAX + 1];
  if (username_norm(zUsername, zName) != 0) return 0;
  Stmt *s = db_query(db, "SELECT " USER_COLS " FROM users WHERE username=?", "s", zName);
  int found = db_step(s) == DB_ROW;
  if (found) user_from_row(s, 0, out);
  db_finalize(s);
  return found;
}

int user_get_by_id(Db *db, int64_t id, User *out) {
  Stmt *s = db_query(db, "SELECT " USER_COLS " FROM users WHERE id=?", "I", id);
  int found = db_step(s) == DB_ROW;
  if (found) user_from_row(s, 0, out);
  db_finalize(s);
  return found;
}

/* ---- Changing users ------------------------------------------------------- */

static int fail_with(char **pzErr, char *zErr) {
  if (pzErr) *pzErr = zErr;
  else free(zErr);
  return -1;
}

/* Commit, or roll back and explain. The audit entry is written inside the
** same transaction, so a change is never saved without it. */
static int finish(Db *db, int rc, char **pzErr, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);  /* rolls back itself on failure */
  else db_rollback(db);                  /* keeps the error message */
  if (rc == DB_OK) return 0;
  return fail_with(pzErr, xmprintf("Could not save %s: %s", zWhat, db_errmsg(db)));
}

static char *describe_role(Role role, int64_t iroId) {
  if (role == ROLE_IRO) return xmprintf("%s (IRO %lld)", role_name(role), (long long)iroId);
  return xstrdup(role_name(role));
}

/* True if taking userId out of the admin role (or disabling it) would
** leave nobody able to manage users from the web. */
static int last_admin(Db *db, int64_t userId) {
  return db_int(db, 0, "SELECT count(*) FROM users WHERE role='admin' AND disabled=0 AND id<>?",
                "I", userId) == 0 &&
         db_int(db, 0, "SELECT count(*) FROM users WHERE role='admin' AND disabled=0 AND id=?",
                "I", userId) > 0;
}

int user_add(Db *db, const char *zUsername, const char *zDisplayName, Role role,
             const char *zPassword, int64_t iroId, const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  char zName[USERNAME_MAX + 1];
  char *zErr = check_username(zUsername, zName);
  if (!zErr) zErr = check_display_name(zDisplayName);
  if (!zErr) zErr = check_role(role);
  if (!zErr) zErr = check_password(zPassword);
  if (!zErr) zErr = check_iro_link(db, role, iroId);
  if (!zErr && db_int(db, 0, "SELECT count(*) FROM users WHERE username=?", "s", zName) > 0) {
    zErr = xmprintf("A user called %s already exists", zName);
  }
  if (zErr) return fail_with(pzErr, zErr);

  char zHash[crypto_pwhash_STRBYTES];
  if (hash_password(zPassword, zHash) != 0) {
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  char zNow[32];
  utc_stamp(zNow, 0);
  char *zRecord = xmprintf("user:%s", zName);
  char *zRole = describe_role(role, iroId);
  char *zAfter = xmprintf("%s, %s", zDisplayName, zRole);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO users(username, display_name, role, password_hash, iro_id,"
                       " disabled, failed_count, created_at) VALUES(?, ?, ?, ?, ?, 0, 0, ?)",
                   "ssssrs", zName, zDisplayName, role_name(role), zHash, iroId, zNow);
  int dup = rc != DB_OK && db_err_is_constraint(db) &&
            db_int(db, 0, "SELECT count(*) FROM users WHERE username=?", "s", zName) > 0;
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.add", zRecord, NULL, zAfter, NULL);
  sodium_memzero(zHash, sizeof zHash);
  free(zRecord);
  free(zRole);
  free(zAfter);
  if (dup) {
    /* Someone else added the same name between our check and insert. */
    db_rollback(db);
    return fail_with(pzErr, xmprintf("A user called %s already exists", zName));
  }
  return finish(db, rc, pzErr, "the user");
}

/* Look up an existing user for a change; fills *u or explains. */
static char *find_for_change(Db *db, const char *zUsername, User *u) {
  if (user_get(db, zUsername, u)) return NULL;
  char zName[USERNAME_MAX + 1];
  if (username_norm(zUsername, zName) != 0) return check_username(zUsername, zName);
  return xmprintf("There is no user called %s", zName);
}

int user_set_password(Db *db, const char *zUsername, const char *zPassword, const char *zActor,
                      char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (!zErr) zErr = check_password(zPassword);
  if (zErr) return fail_with(pzErr, zErr);
  char zHash[crypto_pwhash_STRBYTES];
  if (hash_password(zPassword, zHash) != 0) {
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  char *zRecord = xmprintf("user:%s", u.zUsername);
  db_begin(db);
  /* A new password also lifts a lock: resetting it is how an
  ** administrator lets a locked-out person back in. */
  int rc = db_exec(db, "UPDATE users SET password_hash=? WHERE id=?", "sI", zHash, u.id);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=?", "I", u.id);
  /* A password is changed when it may be known to someone else, so any
  ** session they opened with it ends too. */
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM session WHERE user_id=?", "I", u.id);
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.password", zRecord, NULL, "changed", NULL);
  sodium_memzero(zHash, sizeof zHash);
  free(zRecord);
  return finish(db, rc, pzErr, "the password");
}

int user_set_role(Db *db, const char *zUsername, Role role, int64_t iroId, const char *zActor,
                  char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (!zErr) zErr = check_role(role);
  if (!zErr) zErr = check_iro_link(db, role, iroId);
  if (!zErr && role != ROLE_ADMIN && last_admin(db, u.id)) {
    zErr = xmprintf("%s is the only active administrator: make someone else an administrator first",
                    u.zUsername);
  }
  if (zErr) return fail_with(pzErr, zErr);
  if (u.role == role && u.iroId == iroId) return 0;
  char *zRecord = xmprintf("user:%s", u.zUsername);
  char *zBefore = describe_role(u.role, u.iroId);
  char *zAfter = describe_role(role, iroId);
  db_begin(db);
  int rc = db_exec(db, "UPDATE users SET role=?, iro_id=? WHERE id=?", "srI", role_name(role),
                   iroId, u.id);
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.role", zRecord, zBefore, zAfter, NULL);
  free(zRecord);
  free(zBefore);
  free(zAfter);
  return finish(db, rc, pzErr, "the role");
}

int user_set_disabled(Db *db, const char *zUsername, int disabled, const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  disabled = disabled != 0;
  if (!zErr && disabled && last_admin(db, u.id)) {
    zErr = xmprintf("%s is the only active administrator: make someone else an administrator first",
                    u.zUsername);
  }
  if (zErr) return fail_with(pzErr, zErr);
  if (u.disabled == disabled) return 0;
  char *zRecord = xmprintf("user:%s", u.zUsername);
  db_begin(db);
  int rc = db_exec(db, "UPDATE users SET disabled=? WHERE id=?", "iI", disabled, u.id);
  /* Someone who has left must not stay signed in until their session idles out. */
  if (rc == DB_OK && disabled) rc = db_exec(db, "DELETE FROM session WHERE user_id=?", "I", u.id);
  if (rc == DB_OK) {
    rc = audit_write(db, zActor, disabled ? "user.disable" : "user.enable", zRecord,
                     disabled ? "enabled" : "disabled", disabled ? "disabled" : "enabled", NULL);
  }
  free(zRecord);
  return finish(db, rc, pzErr, disabled ? "disabling the user" : "enabling the user");
}

/* ---- Signing in ----------------------------------------------------------- */

/* The name as it goes into the audit record. Something that is not a
** valid username is very often a password typed into the wrong box, so
** it is not written down. */
static void audit_name(const char *zNorm, int valid, char *out, size_t n) {
  snprintf(out, n, "user:%s", valid ? zNorm : "(not a valid username)");
}

/* The rule's amount, but at least 1: a limit of 0 would lock an account
** before anyone got it wrong. */
static long login_attempts(void) {
  long n = rule("login_attempts")->amount;
  return n < 1 ? 1 : n;
}

/* Write one audit entry on its own; DB_OK or DB_ERROR. */
static int audit_alone(Db *db, const char *zActor, const char *zAction, const char *zRecord,
                       const char *zAfter, const char *zClient) {
  db_begin(db);
  int rc = audit_write(db, zActor, zAction, zRecord, NULL, zAfter, zClient);
  if (rc == DB_OK) return db_commit(db);
  db_rollback(db);
  return rc;
}

/* A failure counts against the network too; when it starts a refusal,
** that is logged once (the attempts refused after it are not, so a flood
** cannot fill the log). A failure to log it does not undo the refusal. */
static void count_network_failure(Db *db, const char *zClient) {
  long block = signin_failed(zClient, time(NULL));
  if (!block) return;
  char zNet[SIGNIN_NET_MAX];
  signin_network(zClient, zNet);
  char *zRecord = xmprintf("network:%s", zNet);
  char *zAfter = xmprintf("%d failed sign-ins: refused for %ld minutes", SIGNIN_NET_FAILURES,
                          (block + 59) / 60);
  audit_alone(db, "anonymous", "login.throttle", zRecord, zAfter, zClient);
  free(zRecord);
  free(zAfter);
}

LoginResult user_login(Db *db, const char *zUsername, const char *zPassword, const char *zClient,
                       User *out) {
  User dummyOut;
  if (!out) out = &dummyOut;
  memset(out, 0, sizeof *out);
  if (!zPassword) zPassword = "";
  /* Before anything costs us: a network that keeps failing is refused
  ** without a hash or a write. */
  if (signin_wait(zClient, time(NULL)) > 0) return LOGIN_THROTTLED;
  /* A value no password could be is refused without hashing, for known
  ** and unknown names alike, so its timing says nothing about the name. */
  int tooLong = strlen(zPassword) > 4 * PASSWORD_MAX;

  char zName[USERNAME_MAX + 1];
  int valid = username_norm(zUsername, zName) == 0;
  char zRecord[USERNAME_MAX + 48];
  audit_name(zName, valid, zRecord, sizeof zRecord);
  char zNet[SIGNIN_NET_MAX];
  signin_network(zClient, zNet);

  char *zHash = NULL;
  int64_t id = 0;
  if (valid) {
    Stmt *s = db_query(db, "SELECT id, password_hash FROM users WHERE username=?", "s", zName);
    if (db_step(s) == DB_ROW) {
      id = db_col_int(s, 0);
      zHash = xstrdup(db_col_text(s, 1));
    }
    db_finalize(s);
  }
  /* The slow part runs outside any transaction so other writers are not
  ** held up for the length of an argon2 computation, and in one of few
  ** slots so a crowd of sign-ins cannot occupy every worker thread. */
  int ok = 0;
  if (!tooLong) {
    if (!signin_hash_begin()) {
      free(zHash);
      return LOGIN_OVERLOADED;
    }
    ok = verify_password(zHash ? zHash : zDummyHash, zPassword) && zHash;
    signin_hash_end();
  }

  if (!zHash) {
    int rc = audit_alone(db, "anonymous", "login.fail", zRecord, "no such user", zClient);
    count_network_failure(db, zClient);
    return rc == DB_OK ? LOGIN_BAD : LOGIN_STORAGE;
  }

  char zNow[32];
  utc_stamp(zNow, 0);
  long attempts = login_attempts();

  db_begin(db);
  /* Read the counters again inside the transaction: another sign-in may
  ** have counted a failure while we were hashing. */
  Stmt *s = db_query(db, "SELECT " USER_COLS ", l.failed_count, l.locked_until FROM users"
                         " LEFT JOIN login_lock l ON l.user_id = users.id AND l.network = ?"
                         " WHERE users.id=?", "sI", zNet, id);
  int step = db_step(s);
  if (step != DB_ROW) {
    db_finalize(s);
    db_rollback(db);
    free(zHash);
    /* Gone since the first read: as for any unknown name. */
    return step == DB_DONE ? LOGIN_BAD : LOGIN_STORAGE;
  }
  User u;
  user_from_row(s, 0, &u);
  long failed = (long)db_col_int(s, 6);
  int hadLock = !db_col_is_null(s, 7);
  int locked = hadLock && strcmp(db_col_text(s, 7), zNow) > 0;
  char zLockedUntil[32];
  snprintf(zLockedUntil, sizeof zLockedUntil, "%s", db_col_text(s, 7));
  db_finalize(s);
  /* A lock that has run out starts a new run of attempts. */
  if (hadLock && !locked) failed = 0;

  LoginResult res;
  const char *zAction;
  char *zAfter = NULL;
  int rc = DB_OK;
  if (ok && u.disabled) {
    res = LOGIN_DISABLED;
    zAction = "login.disabled";
  } else if (ok && locked) {
    res = LOGIN_LOCKED;
    zAction = "login.locked";
    zAfter = xmprintf("locked for network %s until %s", zNet, zLockedUntil);
  } else if (ok) {
    res = LOGIN_OK;
    zAction = "login.ok";
    /* Only this network's run ends: a stranger's failures elsewhere keep
    ** counting towards their own lock. */
    rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=? AND network=?", "Is", id, zNet);
    /* Bring hashes made with older, weaker parameters up to date while
    ** the password is at hand; it is never available otherwise. */
    if (rc == DB_OK && crypto_pwhash_str_needs_rehash(zHash, PWHASH_OPS, PWHASH_MEM) != 0) {
      char zNew[crypto_pwhash_STRBYTES];
      if (hash_password(zPassword, zNew) == 0) {
        rc = db_exec(db, "UPDATE users SET password_hash=? WHERE id=?", "sI", zNew, id);
        sodium_memzero(zNew, sizeof zNew);
      }
    }
  } else if (locked) {
    /* Attempts during a lock neither count nor extend it, so a guesser
    ** cannot keep someone locked out for longer than one lock. */
    res = LOGIN_BAD;
    zAction = "login.fail";
    zAfter = xmprintf("wrong password while locked for network %s until %s", zNet, zLockedUntil);
  } else {
    res = LOGIN_BAD;
    zAction = "login.fail";
    failed++;
    char zUntil[32] = "";
    if (failed >= attempts) {
      utc_stamp(zUntil, rule_seconds("login_lockout"));
      zAfter = xmprintf("wrong password %ld of %ld: locked for network %s until %s", failed, attempts,
                        zNet, zUntil);
    } else {
      zAfter = xmprintf("wrong password %ld of %ld", failed, attempts);
    }
    rc = db_exec(db, "INSERT INTO login_lock(user_id, network, failed_count, last_failed_at, locked_until)"
                     " VALUES(?, ?, ?, ?, ?) ON CONFLICT(user_id, network) DO UPDATE SET"
                     " failed_count=excluded.failed_count, last_failed_at=excluded.last_failed_at,"
                     " locked_until=excluded.locked_until",
                 "IsIss", id, zNet, (int64_t)failed, zNow, zUntil[0] ? zUntil : NULL);
  }
  /* The account's own name is the actor only once its password is proved. */
  if (rc == DB_OK) {
    rc = audit_write(db, res == LOGIN_OK ? u.zUsername : "anonymous", zAction, zRecord, NULL,
                     zAfter, zClient);
  }
  free(zAfter);
  free(zHash);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (!ok) count_network_failure(db, zClient);
  /* Without its audit entry (or its counter) a sign-in does not happen;
  ** the caller tells the person it is the server, not their password. */
  if (rc != DB_OK) return LOGIN_STORAGE;
  if (res == LOGIN_OK) *out = u;
  return res;
}

int user_lock_count(Db *db, int64_t userId) {
  char zNow[32];
  utc_stamp(zNow, 0);
  return (int)db_int(db, 0, "SELECT count(*) FROM login_lock WHERE user_id=? AND locked_until > ?", "Is",
                     userId, zNow);
}

int user_unlock(Db *db, const char *zUsername, const char *zActor, const char *zClient, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (zErr) return fail_with(pzErr, zErr);
  char zNow[32];
  utc_stamp(zNow, 0);
  /* The networks go into the audit entry: who was locked out from where
  ** is what someone looking into an attack needs. */
  Buf nets = {0};
  int n = 0;
  Stmt *s = db_query(db, "SELECT network FROM login_lock WHERE user_id=? AND locked_until > ?"
                         " ORDER BY network", "Is", u.id, zNow);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (n++ < 10) buf_printf(&nets, "%s%s", n > 1 ? ", " : "", db_col_text(s, 0));
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    buf_free(&nets);
    return fail_with(pzErr, xmprintf("Could not read the locks: %s", db_errmsg(db)));
  }
  if (n == 0) {
    buf_free(&nets);
    return 0;
  }
  char *zRecord = xmprintf("user:%s", u.zUsername);
  char *zBefore = xmprintf("locked for %d network%s: %s%s", n, n == 1 ? "" : "s", nets.z, n > 10 ? ", ..." : "");
  buf_free(&nets);
  db_begin(db);
  /* Partial runs go too: unlocked means a fresh start everywhere. */
  rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=?", "I", u.id);
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.unlock", zRecord, zBefore, "unlocked", zClient);
  free(zRecord);
  free(zBefore);
  if (finish(db, rc, pzErr, "the unlock") != 0) return -1;
  return n;
}

/* ---- Sessions ------------------------------------------------------------- */

/* The oldest created_at a session may have (rule session_lifetime; 0 means
** no limit, so the oldest possible stamp). */
static void session_born_after(char out[32]) {
  long n = rule_seconds("session_lifetime");
  if (n <= 0) snprintf(out, 32, "0000-00-00T00:00:00Z");
  else utc_stamp(out, -n);
}

int session_create(Db *db, const User *u, const char *zClient, Session *out) {
  memset(out, 0, sizeof *out);
  User fresh;
  /* Trust the table, not the caller's copy: the user may have been
  ** disabled since they proved their password. */
  if (!u || !user_get_by_id(db, u->id, &fresh) || fresh.disabled) return -1;
  char zId[65], zHash[65], zNow[32], zIdle[32], zBorn[32];
  random_hex(zId, 32);
  random_hex(out->zCsrf, 32);
  session_hash(zId, zHash);
  utc_stamp(zNow, 0);
  utc_stamp(zIdle, -rule_seconds("session_idle"));
  session_born_after(zBorn);
  char *zRecord = xmprintf("user:%s", fresh.zUsername);
  db_begin(db);
  /* Sessions abandoned without signing out are swept here, so the table
  ** does not grow with every browser that was simply closed. */
  int rc = db_exec(db, "DELETE FROM session WHERE last_seen_at < ? OR created_at < ?", "ss", zIdle, zBorn);
  if (rc == DB_OK) {
    rc = db_exec(db, "INSERT INTO session(id_hash, user_id, csrf, created_at, last_seen_at)"
                     " VALUES(?, ?, ?, ?, ?)", "sIsss", zHash, fresh.id, out->zCsrf, zNow, zNow);
  }
  if (rc == DB_OK) rc = audit_write(db, fresh.zUsername, "session.start", zRecord, NULL, NULL, zClient);
  free(zRecord);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    memset(out, 0, sizeof *out);
    return -2;
  }
  memcpy(out->zId, zId, sizeof zId);
  out->user = fresh;
  return 0;
}

int session_check(Db *db, const char *zId, Session *out) {
  memset(out, 0, sizeof *out);
  if (!is_hex64(zId)) return 0;
  char zHash[65], zNow[32], zIdle[32], zTouch[32], zBorn[32];
  session_hash(zId, zHash);
  utc_stamp(zNow, 0);
  utc_stamp(zIdle, -rule_seconds("session_idle"));
  session_born_after(zBorn);
  /* Writing on every request would serialise page views on the one
  ** writer; a minute's precision is plenty for a 30-minute timeout. */
  utc_stamp(zTouch, -60);
  Stmt *s = db_query(db, "SELECT s.csrf, s.last_seen_at, s.created_at, u.id, u.username, u.display_name,"
                         " u.role, u.iro_id, u.disabled FROM session s JOIN users u ON u.id = s.user_id"
                         " WHERE s.id_hash=?", "s", zHash);
  if (db_step(s) != DB_ROW) {
    db_finalize(s);
    return 0;
  }
  char zCsrf[65], zSeen[32], zCreated[32];
  snprintf(zCsrf, sizeof zCsrf, "%s", db_col_text(s, 0));
  snprintf(zSeen, sizeof zSeen, "%s", db_col_text(s, 1));
  snprintf(zCreated, sizeof zCreated, "%s", db_col_text(s, 2));
  User u;
  user_from_row(s, 3, &u);
  db_finalize(s);
  /* The lifetime is checked first: a session past it ends however recently
  ** it was used, and that is what the person is told. */
  if (strcmp(zCreated, zBorn) < 0) out->ended = SESSION_ENDED_LIFETIME;
  else if (strcmp(zSeen, zIdle) < 0) out->ended = SESSION_ENDED_IDLE;
  /* Each write is a transaction of its own, so it queues with the other
  ** writers of this process (see db_begin) instead of retrying on busy. */
  if (u.disabled || out->ended) {
    db_begin(db);
    if (db_exec(db, "DELETE FROM session WHERE id_hash=?", "s", zHash) == DB_OK) db_commit(db);
    else db_rollback(db);
    return 0;
  }
  /* Skipped while another program holds the write lock (an import): a
  ** page must not wait, nor fail, for the sake of a timestamp. */
  if (strcmp(zSeen, zTouch) < 0 && db_try_begin(db) == DB_OK) {
    if (db_exec(db, "UPDATE session SET last_seen_at=? WHERE id_hash=?", "ss", zNow, zHash) == DB_OK) db_commit(db);
    else db_rollback(db);
  }
  memcpy(out->zId, zId, 65);
  memcpy(out->zCsrf, zCsrf, sizeof zCsrf);
  out->user = u;
  return 1;
}

void session_end(Db *db, const char *zId) {
  if (!is_hex64(zId)) return;
  char zHash[65];
  session_hash(zId, zHash);
  Stmt *s = db_query(db, "SELECT u.username FROM session s JOIN users u ON u.id = s.user_id"
                         " WHERE s.id_hash=?", "s", zHash);
  char *zUser = db_step(s) == DB_ROW ? xstrdup(db_col_text(s, 0)) : NULL;
  db_finalize(s);
  if (!zUser) return;
  char *zRecord = xmprintf("user:%s", zUser);
  db_begin(db);
  int rc = db_exec(db, "DELETE FROM session WHERE id_hash=?", "s", zHash);
  if (rc == DB_OK) rc = audit_write(db, zUser, "session.end", zRecord, NULL, NULL, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    /* Signing out must not fail silently into staying signed in. */
    db_exec(db, "DELETE FROM session WHERE id_hash=?", "s", zHash);
  }
  free(zRecord);
  free(zUser);
}

int csrf_ok(const Session *s, const char *zToken) {
  if (!s || !zToken) return 0;
  /* Lengths are public (always 64), so only the contents need the
  ** constant-time comparison. */
  if (strnlen(zToken, 65) != 64 || strnlen(s->zCsrf, 65) != 64) return 0;
  return sodium_memcmp(s->zCsrf, zToken, 64) == 0;
}
