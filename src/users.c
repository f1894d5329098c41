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
#include "csv.h"
#include "iros.h"
#include "outbox.h"
#include "rules.h"
#include "settings.h"
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

/* Tests move this to reach 72 hours later without waiting for it. */
static long g_clockShift;
void users_clock_shift(long nSeconds) { g_clockShift = nSeconds; }

/* UTC now plus nSeconds, as the sortable text the tables hold. */
static void utc_stamp(char out[32], long nSeconds) {
  time_t t = time(NULL) + (time_t)g_clockShift + (time_t)nSeconds;
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

#define USER_COLS "id, username, display_name, role, iro_id, disabled, must_change_password, email, email_digests"
#define USER_NCOLS 9

static void user_from_row(Stmt *s, int i, User *out) {
  memset(out, 0, sizeof *out);
  out->id = db_col_int(s, i);
  snprintf(out->zUsername, sizeof out->zUsername, "%s", db_col_text(s, i + 1));
  snprintf(out->zDisplayName, sizeof out->zDisplayName, "%s", db_col_text(s, i + 2));
  out->role = role_parse(db_col_text(s, i + 3));
  out->iroId = db_col_is_null(s, i + 4) ? 0 : db_col_int(s, i + 4);
  out->disabled = db_col_int(s, i + 5) != 0;
  out->mustChange = db_col_int(s, i + 6) != 0;
  snprintf(out->zEmail, sizeof out->zEmail, "%s", db_col_text(s, i + 7));
  out->emailDigests = db_col_int(s, i + 8) != 0;
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

/* In words ("QA manager"), as the audit log shows it to people. */
static char *describe_role(Role role, int64_t iroId) {
  if (role == ROLE_IRO) return xmprintf("%s (IRO %lld)", role_label(role), (long long)iroId);
  return xstrdup(role_label(role));
}

/* True if taking userId out of the admin role (or disabling it) would
** leave nobody able to manage users from the web. */
static int last_admin(Db *db, int64_t userId) {
  return db_int(db, 0, "SELECT count(*) FROM users WHERE role='admin' AND disabled=0 AND id<>?",
                "I", userId) == 0 &&
         db_int(db, 0, "SELECT count(*) FROM users WHERE role='admin' AND disabled=0 AND id=?",
                "I", userId) > 0;
}

/* Something else may be known about a person: their email, optional. */
static char *check_email(const char *z) {
  if (!z || !*z) return NULL;
  if (strlen(z) > 254) return xstrdup("Email must be at most 254 characters");
  const char *at = strchr(z, '@');
  int ok = at && at > z && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
           z[strlen(z) - 1] != '.';
  for (const char *p = z; ok && *p; p++) {
    if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == ',' || *p == '<' || *p == '>') ok = 0;
  }
  return ok ? NULL : xstrdup("Email must be an address like sam.patel@council.gov.uk");
}

/* A password made for someone, or a link's token, ready to be written:
** the argon2id hash is made before the transaction, which it would
** otherwise hold for the length of the computation. */
typedef struct Issued {
  PasswordIssue issue;
  char zSecret[USER_SECRET_MAX];   /* what the administrator passes on */
  char zHash[crypto_pwhash_STRBYTES];
  char zTokenHash[65];
} Issued;

/* 16 characters from an alphabet without look-alikes (no 0/o, 1/l/i), in
** fours: about 79 bits, and easy to read out over the phone. */
static void temporary_password(char out[USER_SECRET_MAX]) {
  static const char az[] = "23456789abcdefghjkmnpqrstuvwxyz";
  int k = 0;
  for (int i = 0; i < 16; i++) {
    if (i && i % 4 == 0) out[k++] = '-';
    out[k++] = az[randombytes_uniform((uint32_t)(sizeof az - 1))];
  }
  out[k] = 0;
}

/* 0, or -1 if the hash could not be made. */
static int issue_prepare(PasswordIssue issue, Issued *p) {
  crypto_init();
  memset(p, 0, sizeof *p);
  p->issue = issue;
  if (issue == ISSUE_TEMPORARY) {
    temporary_password(p->zSecret);
    return hash_password(p->zSecret, p->zHash);
  }
  /* A link: the account's password becomes one nobody knows, so the old
  ** one stops working now, not when the link is used. */
  char zUnknown[65];
  random_hex(zUnknown, 32);
  int rc = hash_password(zUnknown, p->zHash);
  sodium_memzero(zUnknown, sizeof zUnknown);
  random_hex(p->zSecret, 32);
  session_hash(p->zSecret, p->zTokenHash);
  return rc;
}

static void issue_forget(Issued *p) { sodium_memzero(p, sizeof *p); }

static const char *issue_words(PasswordIssue issue) {
  return issue == ISSUE_TEMPORARY ? "temporary password, to be changed at first sign-in" : "one-time link to set it";
}

/* The outbox key of a set-password link's email: one per link. The token's
** hash (not the token) tells two links to one person apart. */
static char *link_key(int64_t id, const char *zTokenHash) {
  return xmprintf("account:link:user:%lld:%.16s", (long long)id, zTokenHash);
}

/* Inside the caller's transaction: email a new set-password link to its
** person (docs/mail.md), when they have an address and Oversight knows
** where it is seen from (mail.base_url), so the link can be followed.
** The link is the email's only content: no name, no username. An address
** the outbox cannot take leaves the administrator to pass the link on, as
** without one: the reset itself must not fail for it. DB_OK or the error. */
static int link_queue(Db *db, int64_t id, const char *zEmail, const Issued *p, const char *zExpires) {
  if (p->issue != ISSUE_LINK || !zEmail || !outbox_address_ok(zEmail)) return DB_OK;
  char *zBase = setting_get(db, "mail.base_url", "");
  size_t n = strlen(zBase);
  while (n && zBase[n - 1] == '/') n--;
  int rc = DB_OK;
  if (n) {
    char zUntil[64];
    user_time_words(zExpires, zUntil, sizeof zUntil);
    char *zBody = xmprintf("Use this link to set your password for Oversight:\n\n%.*s/password/set?token=%s\n\n"
                           "It works once, until %s. If you did not expect this email, tell your administrator.\n",
                           (int)n, zBase, p->zSecret, zUntil);
    char *zKey = link_key(id, p->zTokenHash), *zErr = NULL;
    if (outbox_queue(db, "account", zEmail, "Oversight: set your password", zBody, zKey, &zErr) < 0) rc = DB_ERROR;
    sodium_memzero(zBody, strlen(zBody));
    free(zBody);
    free(zKey);
    free(zErr);
  }
  free(zBase);
  return rc;
}

int user_link_emailed(Db *db, const char *zUsername, const char *zToken) {
  User u;
  if (!zToken || !zToken[0] || !user_get(db, zUsername, &u)) return 0;
  char zHash[65];
  session_hash(zToken, zHash);
  char *zKey = link_key(u.id, zHash);
  int n = (int)db_int(db, 0, "SELECT count(*) FROM outbox WHERE idempotency_key = ?", "s", zKey);
  free(zKey);
  return n > 0;
}

/* Inside the caller's transaction: give user id the issued password, and
** email a link to zEmail (link_queue). Links issued before stop working:
** only the newest one handed out may. */
static int issue_write(Db *db, int64_t id, const char *zEmail, const Issued *p) {
  char zNow[32], zExpires[32];
  utc_stamp(zNow, 0);
  utc_stamp(zExpires, rule_seconds("password_link_lifetime"));
  int rc = db_exec(db, "UPDATE users SET password_hash=?, must_change_password=? WHERE id=?", "siI", p->zHash,
                   p->issue == ISSUE_TEMPORARY, id);
  if (rc == DB_OK) {
    rc = db_exec(db, "UPDATE password_token SET expires_at=? WHERE user_id=? AND used_at IS NULL AND expires_at > ?",
                 "sIs", zNow, id, zNow);
  }
  if (rc == DB_OK && p->issue == ISSUE_LINK) {
    rc = db_exec(db, "INSERT INTO password_token(token_hash, user_id, created_at, expires_at) VALUES(?, ?, ?, ?)",
                 "sIss", p->zTokenHash, id, zNow, zExpires);
  }
  if (rc == DB_OK) rc = link_queue(db, id, zEmail, p, zExpires);
  return rc;
}

/* Everything about a new user but the password, checked; NULL if fine. */
static char *check_new_user(Db *db, const char *zUsername, char zName[USERNAME_MAX + 1], const char *zDisplayName,
                            const char *zEmail, Role role, int64_t iroId) {
  char *zErr = check_username(zUsername, zName);
  if (!zErr) zErr = check_display_name(zDisplayName);
  if (!zErr) zErr = check_email(zEmail);
  if (!zErr) zErr = check_role(role);
  if (!zErr) zErr = check_iro_link(db, role, iroId);
  if (!zErr && db_int(db, 0, "SELECT count(*) FROM users WHERE username=?", "s", zName) > 0) {
    zErr = xmprintf("A user called %s already exists", zName);
  }
  return zErr;
}

/* Insert a checked user with a ready hash, inside a transaction the
** caller may have opened (then this is a savepoint). */
static int add_checked(Db *db, const char *zName, const char *zDisplayName, const char *zEmail, Role role,
                       int64_t iroId, const char *zHash, const Issued *pIssued, const char *zActor, char **pzErr) {
  char zNow[32];
  utc_stamp(zNow, 0);
  char *zRecord = xmprintf("user:%s", zName);
  char *zRole = describe_role(role, iroId);
  char *zAfter = xmprintf("%s, %s, email %s, password: %s", zDisplayName, zRole, zEmail && *zEmail ? zEmail : "none",
                          pIssued ? issue_words(pIssued->issue) : "set by an administrator");
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO users(username, display_name, role, password_hash, iro_id,"
                       " disabled, failed_count, created_at, email) VALUES(?, ?, ?, ?, ?, 0, 0, ?, ?)",
                   "ssssrss", zName, zDisplayName, role_name(role), zHash, iroId, zNow,
                   zEmail && *zEmail ? zEmail : NULL);
  int dup = rc != DB_OK && db_err_is_constraint(db) &&
            db_int(db, 0, "SELECT count(*) FROM users WHERE username=?", "s", zName) > 0;
  if (rc == DB_OK && pIssued) {
    rc = issue_write(db, db_int(db, 0, "SELECT id FROM users WHERE username=?", "s", zName), zEmail, pIssued);
  }
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.add", zRecord, NULL, zAfter, NULL);
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

int user_add(Db *db, const char *zUsername, const char *zDisplayName, Role role,
             const char *zPassword, int64_t iroId, const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  char zName[USERNAME_MAX + 1];
  char *zErr = check_username(zUsername, zName);
  if (!zErr) zErr = check_display_name(zDisplayName);
  if (!zErr) zErr = check_role(role);
  if (!zErr) zErr = check_password(zPassword);
  if (!zErr) zErr = check_new_user(db, zUsername, zName, zDisplayName, NULL, role, iroId);
  if (zErr) return fail_with(pzErr, zErr);
  char zHash[crypto_pwhash_STRBYTES];
  if (hash_password(zPassword, zHash) != 0) {
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  int rc = add_checked(db, zName, zDisplayName, NULL, role, iroId, zHash, NULL, zActor, pzErr);
  sodium_memzero(zHash, sizeof zHash);
  return rc;
}

int user_add_issue(Db *db, const char *zUsername, const char *zDisplayName, const char *zEmail, Role role,
                   int64_t iroId, PasswordIssue issue, char zSecret[USER_SECRET_MAX], const char *zActor,
                   char **pzErr) {
  if (pzErr) *pzErr = NULL;
  zSecret[0] = 0;
  char zName[USERNAME_MAX + 1];
  char *zErr = check_new_user(db, zUsername, zName, zDisplayName, zEmail, role, iroId);
  if (zErr) return fail_with(pzErr, zErr);
  Issued is;
  if (issue_prepare(issue, &is) != 0) {
    issue_forget(&is);
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  int rc = add_checked(db, zName, zDisplayName, zEmail, role, iroId, is.zHash, &is, zActor, pzErr);
  if (rc == 0) memcpy(zSecret, is.zSecret, USER_SECRET_MAX);
  issue_forget(&is);
  return rc;
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

/* Inside the sign-in's transaction: tell the person their account has
** just been locked, if they have an email address. Whoever is guessing
** does not see the email; the person learns someone may be. No network,
** no username: when, until when, and what to do. DB_OK or the error. */
static int lock_notice(Db *db, const User *u, const char *zNow, const char *zUntil, long failed) {
  if (!outbox_address_ok(u->zEmail)) return DB_OK;
  char zAt[64], zTill[64];
  user_time_words(zNow, zAt, sizeof zAt);
  user_time_words(zUntil, zTill, sizeof zTill);
  char *zBase = setting_get(db, "mail.base_url", "");
  char *zBody = xmprintf("Your Oversight account was locked on %s after %ld wrong passwords in a row.\n\n"
                         "You can sign in again after %s%s%s, or your administrator can unlock it now.\n\n"
                         "If this was not you, tell your administrator: someone may be trying to guess your password.\n",
                         zAt, failed, zTill, zBase[0] ? " at " : "", zBase);
  /* One notice per lock: the account and the moment. Not the network: the
  ** key is also Notify's reference, which must hold no personal detail. */
  char *zKey = xmprintf("account:locked:user:%lld:%s", (long long)u->id, zNow), *zErr = NULL;
  int rc = outbox_queue(db, "account", u->zEmail, "Oversight: your account is locked", zBody, zKey, &zErr) < 0
               ? DB_ERROR : DB_OK;
  free(zBase);
  free(zBody);
  free(zKey);
  free(zErr);
  return rc;
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
  long failed = (long)db_col_int(s, USER_NCOLS);
  int hadLock = !db_col_is_null(s, USER_NCOLS + 1);
  int locked = hadLock && strcmp(db_col_text(s, USER_NCOLS + 1), zNow) > 0;
  char zLockedUntil[32];
  snprintf(zLockedUntil, sizeof zLockedUntil, "%s", db_col_text(s, USER_NCOLS + 1));
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
    /* A temporary password opens the door to one page only (web.c). */
    res = u.mustChange ? LOGIN_MUST_CHANGE : LOGIN_OK;
    zAction = "login.ok";
    if (u.mustChange) zAfter = xstrdup("temporary password: must change it");
    /* Only this network's run ends: a stranger's failures elsewhere keep
    ** counting towards their own lock. */
    rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=? AND network=?", "Is", id, zNet);
    if (rc == DB_OK) rc = db_exec(db, "UPDATE users SET last_signed_in_at=? WHERE id=?", "sI", zNow, id);
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
    if (rc == DB_OK && zUntil[0]) rc = lock_notice(db, &u, zNow, zUntil, failed);
  }
  /* The account's own name is the actor only once its password is proved. */
  if (rc == DB_OK) {
    rc = audit_write(db, res == LOGIN_OK || res == LOGIN_MUST_CHANGE ? u.zUsername : "anonymous", zAction, zRecord, NULL,
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
  if (res == LOGIN_OK || res == LOGIN_MUST_CHANGE) *out = u;
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

int64_t session_count_active(Db *db) {
  char zIdle[32], zBorn[32];
  utc_stamp(zIdle, -rule_seconds("session_idle"));
  session_born_after(zBorn);
  return db_int(db, 0, "SELECT count(*) FROM session WHERE last_seen_at >= ? AND created_at >= ?", "ss",
                zIdle, zBorn);
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

int session_key(const char *zId, char zHash[65]) {
  if (!is_hex64(zId)) return 0;
  session_hash(zId, zHash);
  return 1;
}

int session_read(Db *db, const char *zId, SessionRow *r) {
  memset(r, 0, sizeof *r);
  if (!session_key(zId, r->zHash)) return 0;
  Stmt *s = db_query(db, "SELECT s.csrf, s.last_seen_at, s.created_at, u.id, u.username, u.display_name,"
                         " u.role, u.iro_id, u.disabled, u.must_change_password, u.email FROM session s JOIN users u ON u.id = s.user_id"
                         " WHERE s.id_hash=?", "s", r->zHash);
  if (db_step(s) != DB_ROW) {
    db_finalize(s);
    return 0;
  }
  snprintf(r->zCsrf, sizeof r->zCsrf, "%s", db_col_text(s, 0));
  snprintf(r->zSeen, sizeof r->zSeen, "%s", db_col_text(s, 1));
  snprintf(r->zCreated, sizeof r->zCreated, "%s", db_col_text(s, 2));
  user_from_row(s, 3, &r->user);
  db_finalize(s);
  return 1;
}

int session_judge(Db *db, const char *zId, const SessionRow *r, Session *out) {
  memset(out, 0, sizeof *out);
  char zNow[32], zIdle[32], zTouch[32], zBorn[32];
  utc_stamp(zNow, 0);
  utc_stamp(zIdle, -rule_seconds("session_idle"));
  session_born_after(zBorn);
  /* Writing on every request would serialise page views on the one
  ** writer; a minute's precision is plenty for a 30-minute timeout. */
  utc_stamp(zTouch, -60);
  /* The lifetime is checked first: a session past it ends however recently
  ** it was used, and that is what the person is told. */
  if (strcmp(r->zCreated, zBorn) < 0) out->ended = SESSION_ENDED_LIFETIME;
  else if (strcmp(r->zSeen, zIdle) < 0) out->ended = SESSION_ENDED_IDLE;
  /* Each write is a transaction of its own, so it queues with the other
  ** writers of this process (see db_begin) instead of retrying on busy. */
  if (r->user.disabled || out->ended) {
    db_begin(db);
    if (db_exec(db, "DELETE FROM session WHERE id_hash=?", "s", r->zHash) == DB_OK) db_commit(db);
    else db_rollback(db);
    return 0;
  }
  /* Skipped while another program holds the write lock (an import): a
  ** page must not wait, nor fail, for the sake of a timestamp. */
  if (strcmp(r->zSeen, zTouch) < 0 && db_try_begin(db) == DB_OK) {
    if (db_exec(db, "UPDATE session SET last_seen_at=? WHERE id_hash=?", "ss", zNow, r->zHash) == DB_OK) db_commit(db);
    else db_rollback(db);
  }
  memcpy(out->zId, zId, 65);
  memcpy(out->zCsrf, r->zCsrf, sizeof r->zCsrf);
  out->user = r->user;
  return 1;
}

int session_check(Db *db, const char *zId, Session *out) {
  SessionRow r;
  if (!session_read(db, zId, &r)) {
    memset(out, 0, sizeof *out);
    return 0;
  }
  return session_judge(db, zId, &r, out);
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

/* ---- Passwords an administrator never sees ------------------------------- */

int user_reset_password(Db *db, const char *zUsername, PasswordIssue issue, char zSecret[USER_SECRET_MAX],
                        const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  zSecret[0] = 0;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (zErr) return fail_with(pzErr, zErr);
  Issued is;
  if (issue_prepare(issue, &is) != 0) {
    issue_forget(&is);
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  char *zRecord = xmprintf("user:%s", u.zUsername);
  db_begin(db);
  int rc = issue_write(db, u.id, u.zEmail, &is);
  /* A reset is how a locked-out person is let back in, and how a password
  ** someone else may know is taken away: locks and sessions go with it. */
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=?", "I", u.id);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM session WHERE user_id=?", "I", u.id);
  if (rc == DB_OK) {
    rc = audit_write(db, zActor, "user.reset", zRecord, "password in use", issue_words(issue), NULL);
  }
  free(zRecord);
  rc = finish(db, rc, pzErr, "the new password");
  if (rc == 0) memcpy(zSecret, is.zSecret, USER_SECRET_MAX);
  issue_forget(&is);
  return rc;
}

int user_set_details(Db *db, const char *zUsername, const char *zDisplayName, const char *zEmail,
                     const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (!zErr && zDisplayName) zErr = check_display_name(zDisplayName);
  if (!zErr && zEmail) zErr = check_email(zEmail);
  if (zErr) return fail_with(pzErr, zErr);
  const char *zNewName = zDisplayName ? zDisplayName : u.zDisplayName;
  const char *zNewEmail = zEmail ? zEmail : u.zEmail;
  if (strcmp(zNewName, u.zDisplayName) == 0 && strcmp(zNewEmail, u.zEmail) == 0) return 0;
  char *zRecord = xmprintf("user:%s", u.zUsername);
  char *zBefore = xmprintf("name %s, email %s", u.zDisplayName, u.zEmail[0] ? u.zEmail : "none");
  char *zAfter = xmprintf("name %s, email %s", zNewName, *zNewEmail ? zNewEmail : "none");
  db_begin(db);
  int rc = db_exec(db, "UPDATE users SET display_name=?, email=? WHERE id=?", "ssI", zNewName,
                   *zNewEmail ? zNewEmail : NULL, u.id);
  if (rc == DB_OK) rc = audit_write(db, zActor, "user.details", zRecord, zBefore, zAfter, NULL);
  free(zRecord);
  free(zBefore);
  free(zAfter);
  return finish(db, rc, pzErr, "the name and email");
}

int user_set_digests(Db *db, const char *zUsername, int on, const char *zActor, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  char *zErr = find_for_change(db, zUsername, &u);
  if (zErr) return fail_with(pzErr, zErr);
  on = on != 0;
  if (u.emailDigests == on) return 0;
  char *zRecord = xmprintf("user:%s", u.zUsername);
  db_begin(db);
  int rc = db_exec(db, "UPDATE users SET email_digests=? WHERE id=?", "iI", on, u.id);
  if (rc == DB_OK) {
    rc = audit_write(db, zActor, "user.digests", zRecord, u.emailDigests ? "email digests on" : "email digests off",
                     on ? "email digests on" : "email digests off", NULL);
  }
  free(zRecord);
  return finish(db, rc, pzErr, "the choice of email digests");
}

/* Write a new password for id: must-change cleared, locks lifted, and
** every session but zKeepHash (a session's stored hash, or NULL) ended. */
static int password_write(Db *db, int64_t id, const char *zHash, const char *zKeepHash) {
  int rc = db_exec(db, "UPDATE users SET password_hash=?, must_change_password=0 WHERE id=?", "sI", zHash, id);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM login_lock WHERE user_id=?", "I", id);
  if (rc == DB_OK) {
    rc = db_exec(db, "DELETE FROM session WHERE user_id=? AND id_hash<>?", "Is", id, zKeepHash ? zKeepHash : "");
  }
  return rc;
}

int user_change_own_password(Db *db, int64_t userId, const char *zCurrent, const char *zNew,
                             const char *zKeepSession, const char *zClient, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  if (!user_get_by_id(db, userId, &u) || u.disabled) return fail_with(pzErr, xstrdup("Your account cannot be changed"));
  if (!zCurrent || !*zCurrent) return fail_with(pzErr, xstrdup("Your current password: enter it"));
  char *zErr = check_password(zNew);
  if (zErr) return fail_with(pzErr, zErr);
  if (strcmp(zCurrent, zNew) == 0) {
    return fail_with(pzErr, xstrdup("Password must be different from your current password"));
  }
  char *zHash = NULL;
  Stmt *s = db_query(db, "SELECT password_hash FROM users WHERE id=?", "I", u.id);
  zHash = xstrdup(db_step(s) == DB_ROW ? db_col_text(s, 0) : "");
  db_finalize(s);
  int ok = 0;
  if (!signin_hash_begin()) {
    free(zHash);
    return fail_with(pzErr, xstrdup("Oversight is busy with other sign-ins; try again in a moment"));
  }
  ok = verify_password(zHash, zCurrent);
  signin_hash_end();
  free(zHash);
  char *zRecord = xmprintf("user:%s", u.zUsername);
  if (!ok) {
    /* Someone at an unlocked screen guessing: the log shows it. */
    audit_alone(db, u.zUsername, "password.change-fail", zRecord, "current password wrong", zClient);
    free(zRecord);
    return fail_with(pzErr, xstrdup("Your current password is not right"));
  }
  char zNew2[crypto_pwhash_STRBYTES], zKeep[65] = "";
  if (hash_password(zNew, zNew2) != 0) {
    free(zRecord);
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  if (zKeepSession && is_hex64(zKeepSession)) session_hash(zKeepSession, zKeep);
  db_begin(db);
  int rc = password_write(db, u.id, zNew2, zKeep[0] ? zKeep : NULL);
  if (rc == DB_OK) {
    rc = audit_write(db, u.zUsername, "password.change", zRecord, u.mustChange ? "temporary password" : "password",
                     "changed by its owner", zClient);
  }
  sodium_memzero(zNew2, sizeof zNew2);
  free(zRecord);
  return finish(db, rc, pzErr, "your password");
}

/* The token's row id and user, if it may be used now; 0 if not. */
static int64_t token_find(Db *db, const char *zToken, User *out) {
  if (!is_hex64(zToken)) return 0;
  char zHash[65], zNow[32];
  session_hash(zToken, zHash);
  utc_stamp(zNow, 0);
  Stmt *s = db_query(db, "SELECT t.id, u.id FROM password_token t JOIN users u ON u.id = t.user_id"
                         " WHERE t.token_hash=? AND t.used_at IS NULL AND t.expires_at > ? AND u.disabled = 0",
                     "ss", zHash, zNow);
  int64_t id = 0, userId = 0;
  if (db_step(s) == DB_ROW) {
    id = db_col_int(s, 0);
    userId = db_col_int(s, 1);
  }
  db_finalize(s);
  if (id && !user_get_by_id(db, userId, out)) id = 0;
  return id;
}

int password_token_check(Db *db, const char *zToken, User *out) {
  User u;
  if (!out) out = &u;
  return token_find(db, zToken, out) != 0;
}

int password_token_use(Db *db, const char *zToken, const char *zPassword, const char *zClient, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  User u;
  int64_t id = token_find(db, zToken, &u);
  if (!id) return fail_with(pzErr, xstrdup("This link has expired or has already been used"));
  char *zErr = check_password(zPassword);
  if (zErr) return fail_with(pzErr, zErr);
  char zHash[crypto_pwhash_STRBYTES], zNow[32];
  if (hash_password(zPassword, zHash) != 0) {
    return fail_with(pzErr, xstrdup("Could not hash the password (the server is short of memory)"));
  }
  utc_stamp(zNow, 0);
  char *zRecord = xmprintf("user:%s", u.zUsername);
  db_begin(db);
  /* Spent inside the same transaction, and only if still unspent: two
  ** clicks racing each other cannot both set a password. */
  int rc = db_exec(db, "UPDATE password_token SET used_at=? WHERE id=? AND used_at IS NULL", "sI", zNow, id);
  int spent = rc == DB_OK && db_changes(db) == 1;
  if (rc == DB_OK && spent) rc = password_write(db, u.id, zHash, NULL);
  if (rc == DB_OK && spent) rc = audit_write(db, u.zUsername, "password.set-by-link", zRecord, NULL, "set", zClient);
  sodium_memzero(zHash, sizeof zHash);
  free(zRecord);
  if (rc == DB_OK && !spent) {
    db_rollback(db);
    return fail_with(pzErr, xstrdup("This link has expired or has already been used"));
  }
  return finish(db, rc, pzErr, "the password");
}

void user_last_signed_in(Db *db, int64_t userId, char out[32]) {
  Stmt *s = db_query(db, "SELECT last_signed_in_at FROM users WHERE id=?", "I", userId);
  snprintf(out, 32, "%s", db_step(s) == DB_ROW ? db_col_text(s, 0) : "");
  db_finalize(s);
}

/* ---- Times in words -------------------------------------------------------- */

/* The Sunday on or before day 31 of month m (1-based) of year y, as a UTC
** time at 01:00: when British Summer Time starts (March) or ends (October). */
static time_t last_sunday_0100(int y, int m) {
  struct tm tm = {0};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = 31;
  tm.tm_hour = 1;
  time_t t = timegm(&tm);
  struct tm g;
  gmtime_r(&t, &g);
  return t - (time_t)g.tm_wday * 86400;
}

void user_time_words(const char *zUtc, char *out, size_t n) {
  static const char *const azMonth[] = {"January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"};
  struct tm tm = {0};
  if (!zUtc || sscanf(zUtc, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                      &tm.tm_min) != 5) {
    snprintf(out, n, "Never");
    return;
  }
  int y = tm.tm_year;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  time_t t = timegm(&tm);
  /* Europe/London worked out here rather than through TZ and localtime,
  ** which would mean changing the environment under the server's threads. */
  if (t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10)) t += 3600;
  struct tm l;
  gmtime_r(&t, &l);
  int h = l.tm_hour % 12 ? l.tm_hour % 12 : 12;
  snprintf(out, n, "%d %s %d at %d:%02d%s", l.tm_mday, azMonth[l.tm_mon], l.tm_year + 1900, h, l.tm_min,
           l.tm_hour < 12 ? "am" : "pm");
}

/* ---- Bulk import and export ------------------------------------------------ */

/* The export's two extra columns are read and ignored, so an exported
** file imports as it is. */
static const char *const azUserCol[] = {"username", "display_name", "email", "role", "iro", "status",
                                        "last_signed_in"};
enum { UC_USER, UC_NAME, UC_EMAIL, UC_ROLE, UC_IRO, UC_N, UC_ALL = 7 };

typedef struct ImportRow {
  int line;
  char zName[USERNAME_MAX + 1];
  char *azVal[UC_N];
  Role role;
  int64_t iroId;
  int exists;
  User before;
} ImportRow;

int users_import(Db *db, const char *zPath, PasswordIssue issue, const char *zActor, Buf *pReport) {
  const char *zFile = strrchr(zPath, '/') ? strrchr(zPath, '/') + 1 : zPath;
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr) != 0) {
    buf_printf(pReport, "%s: %s\n", zFile, zErr);
    free(zErr);
    return -1;
  }
  CsvReader rd;
  csv_init(&rd, text.z ? text.z : "", text.n);
  int aMap[UC_ALL];
  Buf ignored = {0};
  int nHead = csv_read_header(&rd, azUserCol, UC_ALL, aMap, UC_ALL, "docs/getting-started.md", &ignored);
  buf_free(&ignored);
  if (nHead < 0) {
    csv_free(&rd);
    csv_init(&rd, text.z ? text.z : "", text.n);
    nHead = csv_read_header(&rd, azUserCol, UC_N, aMap, UC_N, "docs/getting-started.md", pReport);
  }
  if (nHead < 0) {
    csv_free(&rd);
    buf_free(&text);
    return -1;
  }
  ImportRow *a = NULL;
  int n = 0, cap = 0, nBad = 0;
  char **az;
  int nf, r;
  while ((r = csv_read(&rd, &az, &nf)) == 1) {
    if (nf == 1 && !*csv_trim(az[0])) continue;  /* a blank line */
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      a = xrealloc(a, (size_t)cap * sizeof *a);
    }
    ImportRow *p = &a[n++];
    memset(p, 0, sizeof *p);
    p->line = rd.record;
    for (int i = 0; i < nf && i < nHead; i++) {
      if (aMap[i] >= 0 && aMap[i] < UC_N) p->azVal[aMap[i]] = xstrdup(csv_trim(az[i]));
    }
    for (int k = 0; k < UC_N; k++)
      if (!p->azVal[k]) p->azVal[k] = xstrdup("");
    Buf err = {0};
    char *z = check_username(p->azVal[UC_USER], p->zName);
    if (z) csv_row_err(&err, "%s", z);
    free(z);
    for (int j = 0; !z && j < n - 1; j++) {
      if (strcmp(a[j].zName, p->zName) == 0) {
        csv_row_err(&err, "username %s is also on line %d", p->zName, a[j].line);
        break;
      }
    }
    if ((z = check_display_name(p->azVal[UC_NAME])) != NULL) csv_row_err(&err, "display_name: %s", z);
    free(z);
    if ((z = check_email(p->azVal[UC_EMAIL])) != NULL) csv_row_err(&err, "email: %s", z);
    free(z);
    z = NULL;
    p->role = role_parse(p->azVal[UC_ROLE]);
    if (p->role == ROLE_INVALID) {
      char *zList = role_list();
      csv_row_err(&err, "role '%s' is not a role: choose %s", p->azVal[UC_ROLE], zList);
      free(zList);
    } else if (p->role == ROLE_IRO) {
      if (!*p->azVal[UC_IRO]) csv_row_err(&err, "iro is empty: a user with role iro needs their IRO's id or name");
      else if (!(p->iroId = iro_lookup(db, p->azVal[UC_IRO])))
        csv_row_err(&err, "iro '%s' is not an IRO's id or name", p->azVal[UC_IRO]);
      else if ((z = check_iro_link(db, p->role, p->iroId)) != NULL) csv_row_err(&err, "iro: %s", z);
      free(z);
    } else if (*p->azVal[UC_IRO]) {
      csv_row_err(&err, "iro must be empty: only a user with role iro is linked to an IRO");
    }
    p->exists = user_get(db, p->zName, &p->before);
    if (err.n) {
      buf_printf(pReport, "%s line %d: %s\n", zFile, p->line, err.z);
      nBad++;
    }
    buf_free(&err);
  }
  if (r < 0) {
    buf_printf(pReport, "%s line %d: %s\n", zFile, rd.record + 1, rd.zErr);
    nBad++;
  }
  csv_free(&rd);
  buf_free(&text);

  /* The new users' passwords are hashed before the transaction, which
  ** would otherwise hold the write lock for a hash per person. */
  Issued *aIs = nBad ? NULL : xcalloc((size_t)(n ? n : 1), sizeof *aIs);
  for (int i = 0; !nBad && i < n; i++) {
    if (!a[i].exists && issue_prepare(issue, &aIs[i]) != 0) {
      buf_printf(pReport, "%s line %d: could not hash a password (the server is short of memory)\n", zFile, a[i].line);
      nBad++;
    }
  }
  int nAdded = 0, nChanged = 0, rc = DB_OK;
  if (!nBad) {
    db_begin(db);
    for (int i = 0; i < n && rc == DB_OK; i++) {
      ImportRow *p = &a[i];
      char *zWhy = NULL;
      int fail = 0;
      if (!p->exists) {
        fail = add_checked(db, p->zName, p->azVal[UC_NAME], p->azVal[UC_EMAIL], p->role, p->iroId, aIs[i].zHash,
                           &aIs[i], zActor, &zWhy) != 0;
        nAdded += !fail;
      } else {
        int changed = strcmp(p->before.zDisplayName, p->azVal[UC_NAME]) || strcmp(p->before.zEmail, p->azVal[UC_EMAIL]) ||
                      p->before.role != p->role || p->before.iroId != p->iroId;
        fail = user_set_details(db, p->zName, p->azVal[UC_NAME], p->azVal[UC_EMAIL], zActor, &zWhy) != 0 ||
               user_set_role(db, p->zName, p->role, p->iroId, zActor, &zWhy) != 0;
        nChanged += changed && !fail;
      }
      if (fail) {
        buf_printf(pReport, "%s line %d: %s\n", zFile, p->line, zWhy ? zWhy : db_errmsg(db));
        nBad++;
        rc = DB_ERROR;
      }
      free(zWhy);
    }
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc != DB_OK && !nBad) {
      buf_printf(pReport, "%s: could not save the users: %s\n", zFile, db_errmsg(db));
      nBad++;
    }
  }
  if (nBad) {
    buf_printf(pReport, "Nothing was imported: correct the %d line%s above and import the whole file again.\n", nBad,
               nBad == 1 ? "" : "s");
  } else {
    for (int i = 0; i < n; i++) {
      if (a[i].exists) continue;
      if (issue == ISSUE_TEMPORARY) buf_printf(pReport, "%s temporary password %s\n", a[i].zName, aIs[i].zSecret);
      else buf_printf(pReport, "%s one-time link /password/set?token=%s%s\n", a[i].zName, aIs[i].zSecret,
                      user_link_emailed(db, a[i].zName, aIs[i].zSecret) ? " (emailed to them too)" : "");
    }
    buf_printf(pReport, "%d added, %d changed, %d unchanged.%s\n", nAdded, nChanged, n - nAdded - nChanged,
               nAdded ? " The passwords and links above are shown only this once: pass each on to its person." : "");
  }
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < UC_N; k++) free(a[i].azVal[k]);
    if (aIs) issue_forget(&aIs[i]);
  }
  free(a);
  free(aIs);
  return nBad ? -1 : 0;
}

int users_export(Db *db, Buf *pOut) {
  char zNow[32];
  utc_stamp(zNow, 0);
  buf_puts(pOut, "username,display_name,email,role,iro,status,last_signed_in\r\n");
  Stmt *s = db_query(db, "SELECT u.username, u.display_name, u.email, u.role, i.name, u.disabled,"
                         " u.must_change_password, u.last_signed_in_at,"
                         " EXISTS (SELECT 1 FROM login_lock l WHERE l.user_id = u.id AND l.locked_until > ?)"
                         " FROM users u LEFT JOIN iro i ON i.id = u.iro_id ORDER BY u.username", "s", zNow);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    for (int k = 0; k < 5; k++) {
      buf_csv(pOut, db_col_text(s, k));
      buf_putc(pOut, ',');
    }
    Buf st = {0};
    buf_puts(&st, db_col_int(s, 5) ? "disabled" : "active");
    if (db_col_int(s, 8)) buf_puts(&st, "; locked");
    if (db_col_int(s, 6)) buf_puts(&st, "; must change password");
    buf_csv(pOut, st.z);
    buf_free(&st);
    buf_putc(pOut, ',');
    buf_csv(pOut, db_col_text(s, 7));
    buf_puts(pOut, "\r\n");
  }
  db_finalize(s);
  return rc == DB_DONE ? DB_OK : DB_ERROR;
}
