/*
** test_users.c: unit tests for users, roles, sign-in and sessions (SPEC §11).
**
** Expected capabilities are spelled out bit by bit here rather than read
** from users.c, so a slip in the role table fails a test. Times that a
** test needs in the past are written straight into the tables with
** db_exec, since waiting fifteen real minutes for a lock is not a test.
*/
#include "testutil.h"
#include "audit.h"
#include "rules.h"
#include "settings.h"
#include "signin.h"
#include "users.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PW "correct horse battery"
#define ACTOR "cli:test"

/* ---- Fixtures ------------------------------------------------------------- */

static Db *open_db(void) {
  crypto_init();
  /* The per-network limit lives in the process: each test starts clean. */
  signin_reset();
  return test_db_open();
}

static void add_ok(Db *db, const char *zName, Role role, int64_t iroId) {
  char *zErr = NULL;
  int rc = user_add(db, zName, "Test Person", role, PW, iroId, ACTOR, &zErr);
  if (rc != 0) {
    print_error("user_add %s: %s\n", zName, zErr ? zErr : "(no message)");
    free(zErr);
    fail();
  }
  assert_null(zErr);
}

/* Adding must fail with exactly zWant, and must leave the table as it was. */
static void add_fails(Db *db, const char *zName, const char *zDisplay, Role role, const char *zPw,
                      int64_t iroId, const char *zWant) {
  int64_t nBefore = db_int(db, -1, "SELECT count(*) FROM users", "");
  char *zErr = NULL;
  assert_int_equal(user_add(db, zName, zDisplay, role, zPw, iroId, ACTOR, &zErr), -1);
  assert_non_null(zErr);
  if (strcmp(zErr, zWant) != 0) {
    print_error("user_add %s: got \"%s\", want \"%s\"\n", zName ? zName : "(null)", zErr, zWant);
    free(zErr);
    fail();
  }
  free(zErr);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users", ""), nBefore);
}

static int64_t new_iro(Db *db, const char *zName, int active) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name, active) VALUES(?, ?)", "si", zName, active),
                   DB_OK);
  return db_int(db, 0, "SELECT id FROM iro WHERE name=?", "s", zName);
}

static int64_t audit_count(Db *db, const char *zAction, const char *zRecord) {
  return db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action=? AND record=?", "ss", zAction,
                zRecord);
}

/* Failures in a row counted against an account, over every network. */
static int64_t failed_count(Db *db, const char *zName) {
  return db_int(db, -1, "SELECT total(l.failed_count) FROM users u LEFT JOIN login_lock l ON l.user_id = u.id"
                        " WHERE u.username=?", "s", zName);
}

/* How many networks the account is locked to, with locked_until between lo and hi. */
static int64_t locks_between(Db *db, const char *zName, const char *zLo, const char *zHi) {
  return db_int(db, -1, "SELECT count(*) FROM login_lock l JOIN users u ON u.id = l.user_id"
                        " WHERE u.username=? AND l.locked_until >= ? AND l.locked_until <= ?", "sss",
                zName, zLo, zHi);
}

/* UTC now plus nSeconds in the tables' format, computed independently of users.c. */
static void stamp(char out[32], long nSeconds) {
  time_t t = time(NULL) + (time_t)nSeconds;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static long minutes_of(const char *zRule) {
  const Rule *r = rule(zRule);
  assert_int_equal(r->unit, UNIT_MINUTES);
  return r->amount;
}

static int is_hex64(const char *z) {
  if (strlen(z) != 64) return 0;
  for (int i = 0; i < 64; i++) {
    if (!strchr("0123456789abcdef", z[i])) return 0;
  }
  return 1;
}

/* A wrong password too long to be anyone's: refused and counted like any
** other, without the argon2id work, so the lockout tests stay quick on a
** busy machine (test_login_wrong_password counts real wrong ones). */
static const char *too_long(void) {
  static char z[4 * 1024 + 2];
  memset(z, 'x', sizeof z - 1);
  z[sizeof z - 1] = 0;
  return z;
}

/* Fail `attempts` times in a row with a wrong password, from 10.0.0.9
** (the network FROM). */
#define FROM "10.0.0.9"
static void fail_times(Db *db, const char *zName, long n) {
  for (long i = 0; i < n; i++) {
    User u;
    assert_int_equal(user_login(db, zName, too_long(), FROM, &u), LOGIN_BAD);
  }
}

/* ---- Roles ---------------------------------------------------------------- */

static void test_role_caps(void **state) {
  (void)state;
  const unsigned all = CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_ALLOCATE | CAP_OWN_CASELOAD |
                       CAP_SERVICE_VIEW | CAP_REPORTS | CAP_RULES_EDIT | CAP_USERS_ADMIN |
                       CAP_AUDIT_VIEW | CAP_LADO | CAP_PRIVATE_FOSTERING | CAP_HOMES | CAP_IMPORT |
                       CAP_ESCALATE | CAP_ANY_CHILD | CAP_COVER | CAP_IROS_ADMIN | CAP_CHILD_RECORDS | CAP_PLACEMENTS;
  assert_int_equal(role_caps(ROLE_ADMIN), all & ~(unsigned)CAP_LADO);
  assert_int_equal(role_caps(ROLE_QA_MANAGER),
                   CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_ALLOCATE | CAP_SERVICE_VIEW | CAP_REPORTS |
                       CAP_PRIVATE_FOSTERING | CAP_HOMES | CAP_ESCALATE | CAP_ANY_CHILD | CAP_COVER |
                       CAP_IROS_ADMIN | CAP_CHILD_RECORDS | CAP_PLACEMENTS);
  assert_int_equal(role_caps(ROLE_IRO), CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_OWN_CASELOAD | CAP_ESCALATE);
  assert_int_equal(role_caps(ROLE_LADO), CAP_LADO);
  assert_int_equal(role_caps(ROLE_PF_WORKER), CAP_PRIVATE_FOSTERING);
  assert_int_equal(role_caps(ROLE_RESIDENTIAL_MANAGER), CAP_HOMES);
  assert_int_equal(role_caps(ROLE_BUSINESS_SUPPORT),
                   CAP_CHILD_VIEW | CAP_CHILD_EDIT | CAP_ALLOCATE | CAP_IMPORT | CAP_ANY_CHILD | CAP_CHILD_RECORDS |
                       CAP_PLACEMENTS);
  assert_false(role_caps(ROLE_IRO) & CAP_PLACEMENTS);   /* the placement record is data entry's */
  assert_int_equal(role_caps(ROLE_BOARD), CAP_REPORTS);
  /* The promises SPEC §11 makes in words. */
  assert_false(role_caps(ROLE_BOARD) & CAP_CHILD_VIEW);
  assert_false(role_caps(ROLE_BUSINESS_SUPPORT) & CAP_ESCALATE);   /* does not act on escalations */
  assert_false(role_caps(ROLE_IRO) & CAP_ANY_CHILD);               /* own caseload and cover only */
  assert_false(role_caps(ROLE_ADMIN) & CAP_LADO);
  assert_false(role_caps(ROLE_QA_MANAGER) & CAP_LADO);
  assert_true(role_caps(ROLE_ADMIN) & CAP_USERS_ADMIN);
  for (int r = 0; r < ROLE__COUNT; r++) {
    if (r != ROLE_LADO && (role_caps((Role)r) & CAP_LADO)) {
      print_error("role %s can see LADO records\n", role_name((Role)r));
      fail();
    }
  }
  assert_int_equal(role_caps(ROLE_INVALID), 0);
  assert_int_equal(role_caps(ROLE__COUNT), 0);
}

static void test_role_names(void **state) {
  (void)state;
  static const char *const azName[] = {"admin", "qa-manager", "iro", "lado", "pf-worker",
                                       "residential-manager", "business-support", "board"};
  static const char *const azLabel[] = {
    "Administrator", "QA manager", "IRO", "Designated Officer (LADO)", "Private fostering worker",
    "Residential service manager", "Business support", "Board member"};
  assert_int_equal(COUNT(azName), ROLE__COUNT);
  for (int i = 0; i < ROLE__COUNT; i++) {
    assert_string_equal(role_name((Role)i), azName[i]);
    assert_string_equal(role_label((Role)i), azLabel[i]);
    assert_int_equal(role_parse(azName[i]), i);
  }
  assert_int_equal(role_parse("wizard"), ROLE_INVALID);
  assert_int_equal(role_parse(""), ROLE_INVALID);
  assert_int_equal(role_parse(NULL), ROLE_INVALID);
  assert_non_null(role_name(ROLE_INVALID));
  assert_non_null(role_label(ROLE_INVALID));
}

/* ---- Adding users --------------------------------------------------------- */

static void test_user_add_validation(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  int64_t iro = new_iro(db, "Pat Jones", 1);
  int64_t gone = new_iro(db, "Old Officer", 0);

  add_fails(db, "alex", "Alex", ROLE_BOARD, "short", 0, "Password must be at least 12 characters");
  add_fails(db, "alex", "Alex", ROLE_BOARD, "elevenchars", 0, "Password must be at least 12 characters");
  /* Characters, not bytes: eleven letters with accents are still eleven. */
  add_fails(db, "alex", "Alex", ROLE_BOARD, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, "Password must be at least 12 characters");
  add_fails(db, "alex", "Alex", ROLE_BOARD, NULL, 0, "Password must be at least 12 characters");
  char *zLong = xmalloc(1026);
  memset(zLong, 'x', 1025);
  zLong[1025] = 0;
  add_fails(db, "alex", "Alex", ROLE_BOARD, zLong, 0, "Password must be at most 1024 characters");
  free(zLong);

  const char *zBadName =
      "Username must be 1 to 63 characters: letters a-z, digits, '.', '_' or '-'";
  add_fails(db, "sam smith", "Sam", ROLE_BOARD, PW, 0, zBadName);
  add_fails(db, "sam/../x", "Sam", ROLE_BOARD, PW, 0, zBadName);
  add_fails(db, "s\xc3\xa2m", "Sam", ROLE_BOARD, PW, 0, zBadName);
  add_fails(db, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Sam", ROLE_BOARD,
            PW, 0, zBadName);
  add_fails(db, "", "Sam", ROLE_BOARD, PW, 0, "Enter a username");
  add_fails(db, NULL, "Sam", ROLE_BOARD, PW, 0, "Enter a username");

  add_fails(db, "sam", "Sam Again", ROLE_BOARD, PW, 0, "A user called sam already exists");
  /* Names are folded to lower case, so "SAM" is the same person. */
  add_fails(db, "SAM", "Sam Again", ROLE_BOARD, PW, 0, "A user called sam already exists");

  const char *zBadRole = "Role must be one of admin, qa-manager, iro, lado, pf-worker,"
                         " residential-manager, business-support or board";
  add_fails(db, "alex", "Alex", ROLE_INVALID, PW, 0, zBadRole);
  add_fails(db, "alex", "Alex", (Role)42, PW, 0, zBadRole);
  add_fails(db, "alex", "Alex", role_parse("wizard"), PW, 0, zBadRole);

  add_fails(db, "alex", "", ROLE_BOARD, PW, 0, "Enter the person's name as it should be shown");
  add_fails(db, "alex", "   ", ROLE_BOARD, PW, 0, "Enter the person's name as it should be shown");
  add_fails(db, "alex", "Alex\nEvil", ROLE_BOARD, PW, 0, "The name must be on one line");

  add_fails(db, "pat", "Pat", ROLE_IRO, PW, 0, "A user with role iro must be linked to their IRO record");
  add_fails(db, "pat", "Pat", ROLE_IRO, PW, 9999, "There is no IRO with id 9999");
  add_fails(db, "pat", "Pat", ROLE_IRO, PW, gone,
            "IRO Old Officer is no longer active: link the user to an active IRO");
  add_fails(db, "pat", "Pat", ROLE_BOARD, PW, iro,
            "Only a user with role iro can be linked to an IRO record");

  /* And the good ones go in, with the link stored (NULL when none). */
  add_ok(db, "pat.jones", ROLE_IRO, iro);
  add_ok(db, "Board_1", ROLE_BOARD, 0);
  User u;
  assert_int_equal(user_get(db, "pat.jones", &u), 1);
  assert_int_equal(u.role, ROLE_IRO);
  assert_int_equal(u.iroId, iro);
  assert_string_equal(u.zDisplayName, "Test Person");
  assert_false(u.disabled);
  assert_int_equal(user_get(db, "board_1", &u), 1);
  assert_string_equal(u.zUsername, "board_1");
  assert_int_equal(u.iroId, 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users WHERE username='board_1' AND iro_id IS NULL",
                          ""), 1);
  User v;
  assert_int_equal(user_get_by_id(db, u.id, &v), 1);
  assert_string_equal(v.zUsername, "board_1");
  assert_int_equal(user_get(db, "nobody", &u), 0);
  assert_int_equal(user_get_by_id(db, 9999, &u), 0);

  /* One audit entry per user actually added, none for the refusals. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='user.add'", ""), 3);
  assert_int_equal(audit_count(db, "user.add", "user:pat.jones"), 1);
  test_db_close(db);
}

static void test_password_stored_as_argon2id(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_BOARD, 0);
  Stmt *s = db_prepare(db, "SELECT password_hash FROM users ORDER BY username");
  char azHash[2][crypto_pwhash_STRBYTES];
  for (int i = 0; i < 2; i++) {
    assert_int_equal(db_step(s), DB_ROW);
    const char *z = db_col_text(s, 0);
    assert_int_equal(strncmp(z, "$argon2id$", 10), 0);
    assert_string_not_equal(z, PW);
    assert_null(strstr(z, PW));
    snprintf(azHash[i], sizeof azHash[i], "%s", z);
  }
  db_finalize(s);
  /* Salted: the same password does not give the same hash. */
  assert_string_not_equal(azHash[0], azHash[1]);
  assert_int_equal(crypto_pwhash_str_verify(azHash[0], PW, strlen(PW)), 0);
  test_db_close(db);
}

/* ---- Signing in ----------------------------------------------------------- */

static void test_login_ok(void **state) {
  (void)state;
  Db *db = open_db();
  int64_t iro = new_iro(db, "Pat Jones", 1);
  add_ok(db, "pat", ROLE_IRO, iro);
  User u;
  assert_int_equal(user_login(db, "pat", PW, "10.0.0.1", &u), LOGIN_OK);
  assert_string_equal(u.zUsername, "pat");
  assert_int_equal(u.role, ROLE_IRO);
  assert_int_equal(u.iroId, iro);
  assert_true(u.id > 0);
  /* People type their name with a capital. */
  assert_int_equal(user_login(db, "Pat", PW, "10.0.0.1", &u), LOGIN_OK);
  assert_int_equal(audit_count(db, "login.ok", "user:pat"), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='login.ok'"
                                  " AND client='10.0.0.1' AND actor='pat'", ""), 2);
  test_db_close(db);
}

static void test_login_wrong_password(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  memset(&u, 0x55, sizeof u);
  assert_int_equal(user_login(db, "sam", "not the password", "10.0.0.2", &u), LOGIN_BAD);
  /* Nothing of the account is handed back on failure. */
  assert_int_equal(u.id, 0);
  assert_string_equal(u.zUsername, "");
  assert_int_equal(failed_count(db, "sam"), 1);
  assert_int_equal(user_login(db, "sam", "", NULL, &u), LOGIN_BAD);
  assert_int_equal(user_login(db, "sam", NULL, NULL, &u), LOGIN_BAD);
  assert_int_equal(failed_count(db, "sam"), 3);
  assert_int_equal(audit_count(db, "login.fail", "user:sam"), 3);
  test_db_close(db);
}

static void test_lockout(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  long n = rule("login_attempts")->amount;
  assert_int_equal(n, 5);
  fail_times(db, "sam", n);
  char zLo[32], zHi[32];
  stamp(zLo, minutes_of("login_lockout") * 60 - 5);
  stamp(zHi, minutes_of("login_lockout") * 60 + 5);
  assert_int_equal(locks_between(db, "sam", zLo, zHi), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM login_lock WHERE network=?", "s", FROM), 1);

  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  assert_int_equal(u.id, 0);
  assert_int_equal(audit_count(db, "login.locked", "user:sam"), 1);
  /* A wrong password during the lock reveals nothing and does not extend it. */
  Stmt *s = db_prepare(db, "SELECT locked_until FROM login_lock");
  assert_int_equal(db_step(s), DB_ROW);
  char zUntil[32];
  snprintf(zUntil, sizeof zUntil, "%s", db_col_text(s, 0));
  db_finalize(s);
  assert_int_equal(user_login(db, "sam", "still guessing!", FROM, &u), LOGIN_BAD);
  assert_int_equal(failed_count(db, "sam"), n);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM login_lock WHERE locked_until=?", "s", zUntil), 1);
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  test_db_close(db);
}

/* Issue 14 item 8: five anonymous wrong passwords locked the only
** administrator out everywhere. The lock is per account and network: the
** stranger's network is locked, the real person's is not. */
static void test_lock_is_per_network(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  long n = rule("login_attempts")->amount;
  fail_times(db, "sam", n);  /* from A = 10.0.0.9 */
  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  /* B, another address, signs in with the right password. */
  assert_int_equal(user_login(db, "sam", PW, "192.0.2.7", &u), LOGIN_OK);
  assert_string_equal(u.zUsername, "sam");
  /* ...and that success does not lift A's lock. */
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  /* B's own mistakes count for B only. */
  assert_int_equal(user_login(db, "sam", "wrong password!!", "192.0.2.7", &u), LOGIN_BAD);
  assert_int_equal(db_int(db, -1, "SELECT failed_count FROM login_lock WHERE network='192.0.2.7'", ""), 1);
  /* Every attempt stays in the account's audit trail, with its address. */
  assert_int_equal(audit_count(db, "login.fail", "user:sam"), n + 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record='user:sam' AND client=?", "s", FROM),
                   n + 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='login.locked'"
                                  " AND after_value LIKE 'locked for network 10.0.0.9 until %'", ""), 2);
  /* An IPv6 network is its /64: another address in it is the same network. */
  for (long i = 0; i < n; i++) {
    assert_int_equal(user_login(db, "sam", too_long(), "2001:db8:1:2::10", &u), LOGIN_BAD);
  }
  assert_int_equal(user_login(db, "sam", PW, "2001:db8:1:2:ffff::1", &u), LOGIN_LOCKED);
  assert_int_equal(user_login(db, "sam", PW, "2001:db8:1:3::10", &u), LOGIN_OK);
  test_db_close(db);
}

static void test_lock_expires(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  long n = rule("login_attempts")->amount;
  fail_times(db, "sam", n);
  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  char zPast[32];
  stamp(zPast, -1);
  assert_int_equal(db_exec(db, "UPDATE login_lock SET locked_until=?", "s", zPast), DB_OK);
  assert_int_equal(failed_count(db, "sam"), n);
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  assert_string_equal(u.zUsername, "sam");
  assert_int_equal(failed_count(db, "sam"), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM login_lock", ""), 0);

  /* After a lock runs out, one more mistake starts a new run, not a new lock. */
  fail_times(db, "sam", n);
  assert_int_equal(db_exec(db, "UPDATE login_lock SET locked_until=?", "s", zPast), DB_OK);
  fail_times(db, "sam", 1);
  assert_int_equal(failed_count(db, "sam"), 1);
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  test_db_close(db);
}

static void test_success_resets_count(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  long n = rule("login_attempts")->amount;
  User u;
  /* n-1 mistakes, a success, n-1 mistakes: never n in a row. */
  fail_times(db, "sam", n - 1);
  assert_int_equal(failed_count(db, "sam"), n - 1);
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  assert_int_equal(failed_count(db, "sam"), 0);
  fail_times(db, "sam", n - 1);
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  test_db_close(db);
}

static void test_lockout_follows_rules(void **state) {
  (void)state;
  Db *db = open_db();
  const Rule *r = rule("login_attempts");
  assert_int_equal(r->amount, 5);
  assert_int_equal(r->unit, UNIT_COUNT);
  assert_string_equal(r->zSection, "11");
  assert_int_equal(minutes_of("login_lockout"), 15);
  assert_int_equal(minutes_of("session_idle"), 30);

  char *zErr = NULL;
  assert_int_equal(rules_set(db, "login_attempts", 2, "count", ACTOR, &zErr), 0);
  assert_int_equal(rules_set(db, "login_lockout", 2, "hours", ACTOR, &zErr), 0);
  add_ok(db, "sam", ROLE_ADMIN, 0);
  fail_times(db, "sam", 2);
  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_LOCKED);
  char zLo[32], zHi[32];
  stamp(zLo, 2 * 3600 - 5);
  stamp(zHi, 2 * 3600 + 5);
  assert_int_equal(locks_between(db, "sam", zLo, zHi), 1);
  test_db_close(db);
}

/* An administrator lifts a lock: every network's, audited with where it was. */
static void test_unlock(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_BOARD, 0);
  long n = rule("login_attempts")->amount;
  fail_times(db, "kim", n);
  User u;
  assert_int_equal(user_get(db, "kim", &u), 1);
  assert_int_equal(user_lock_count(db, u.id), 1);
  assert_int_equal(user_login(db, "kim", PW, FROM, &u), LOGIN_LOCKED);
  char *zErr = NULL;
  assert_int_equal(user_unlock(db, "ghost", "sam", "10.1.1.1", &zErr), -1);
  assert_string_equal(zErr, "There is no user called ghost");
  free(zErr);
  zErr = NULL;
  assert_int_equal(user_unlock(db, "kim", "sam", "10.1.1.1", &zErr), 1);
  assert_null(zErr);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM login_lock", ""), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='user.unlock' AND record='user:kim'"
                                  " AND actor='sam' AND client='10.1.1.1' AND before_value='locked for 1 network: "
                                  FROM "' AND after_value='unlocked'", ""), 1);
  assert_int_equal(user_login(db, "kim", PW, FROM, &u), LOGIN_OK);
  /* Nothing locked: nothing written. */
  int64_t nAudit = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(user_unlock(db, "kim", "sam", NULL, &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), nAudit);
  test_db_close(db);
}

/* Issue 14 item 8: a network that keeps failing is refused without
** argon2id: first for a minute, then twice as long each time. */
static void test_network_limit(void **state) {
  (void)state;
  signin_reset();
  const time_t t0 = 1800000000;
  char zNet[SIGNIN_NET_MAX];
  signin_network("2001:db8:aa:bb:1:2:3:4", zNet);
  assert_string_equal(zNet, "2001:db8:aa:bb::/64");
  signin_network("::ffff:192.0.2.1", zNet);
  assert_string_equal(zNet, "192.0.2.1");
  signin_network(NULL, zNet);
  assert_string_equal(zNet, "unknown");

  for (int i = 1; i < SIGNIN_NET_FAILURES; i++) assert_int_equal(signin_failed("198.51.100.1", t0 + i), 0);
  assert_int_equal(signin_wait("198.51.100.1", t0 + 100), 0);
  assert_int_equal(signin_failed("198.51.100.1", t0 + 100), SIGNIN_BLOCK_FIRST);
  assert_int_equal(signin_wait("198.51.100.1", t0 + 100), SIGNIN_BLOCK_FIRST);
  assert_int_equal(signin_wait("198.51.100.1", t0 + 130), SIGNIN_BLOCK_FIRST - 30);
  /* Another address, even next door, is not affected; and failures spread
  ** wider than the window never add up. */
  for (int i = 0; i < 3 * SIGNIN_NET_FAILURES; i++) {
    assert_int_equal(signin_failed("198.51.100.3", t0 + (time_t)i * (SIGNIN_WINDOW / 20)), 0);
  }
  assert_int_equal(signin_wait("198.51.100.3", t0 + 3 * SIGNIN_NET_FAILURES * (SIGNIN_WINDOW / 20)), 0);
  assert_int_equal(signin_wait("198.51.100.2", t0 + 100), 0);
  /* Once the minute is up, the next run of failures is refused for two. */
  time_t t1 = t0 + 100 + SIGNIN_BLOCK_FIRST;
  assert_int_equal(signin_wait("198.51.100.1", t1), 0);
  for (int i = 1; i < SIGNIN_NET_FAILURES; i++) assert_int_equal(signin_failed("198.51.100.1", t1), 0);
  assert_int_equal(signin_failed("198.51.100.1", t1), 2 * SIGNIN_BLOCK_FIRST);
  /* Failures reported during a refusal neither count nor extend it. */
  assert_int_equal(signin_failed("198.51.100.1", t1 + 1), 0);
  assert_int_equal(signin_wait("198.51.100.1", t1 + 1), 2 * SIGNIN_BLOCK_FIRST - 1);
  /* A network quiet for an hour starts again from a one-minute refusal. */
  time_t t2 = t1 + 2 * SIGNIN_BLOCK_FIRST + SIGNIN_FORGET + 1;
  for (int i = 1; i < SIGNIN_NET_FAILURES; i++) assert_int_equal(signin_failed("198.51.100.1", t2), 0);
  assert_int_equal(signin_failed("198.51.100.1", t2), SIGNIN_BLOCK_FIRST);
  /* The back-off stops at an hour. */
  time_t t = t2;
  long block = SIGNIN_BLOCK_FIRST;
  for (int round = 0; round < 12; round++) {
    t += block;
    for (int i = 1; i < SIGNIN_NET_FAILURES; i++) signin_failed("198.51.100.1", t);
    block = signin_failed("198.51.100.1", t);
    assert_true(block > 0 && block <= SIGNIN_BLOCK_MAX);
  }
  assert_int_equal(block, SIGNIN_BLOCK_MAX);
  signin_reset();
  assert_int_equal(signin_wait("198.51.100.1", t), 0);
}

/* Through user_login: failures from one network against any names are
** counted; once refused, even the right password is not checked (no
** argon2id, no audit row per attempt) and another network is unaffected. */
static void test_login_throttled(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  for (int i = 0; i < SIGNIN_NET_FAILURES; i++) {
    char zName[32];
    snprintf(zName, sizeof zName, "guess%d", i);  /* password spraying: a new name each time */
    assert_int_equal(user_login(db, zName, too_long(), "203.0.113.5", &u), LOGIN_BAD);
  }
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='login.throttle'"
                                  " AND record='network:203.0.113.5' AND client='203.0.113.5'", ""), 1);
  int64_t nAudit = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(user_login(db, "sam", PW, "203.0.113.5", &u), LOGIN_THROTTLED);
  assert_int_equal(u.id, 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), nAudit);
  assert_true(signin_wait("203.0.113.5", time(NULL)) > 0);
  assert_int_equal(user_login(db, "sam", PW, "203.0.113.6", &u), LOGIN_OK);
  test_db_close(db);
}

/* Every hashing slot taken: a sign-in is turned away (503) rather than
** queue behind them, and nothing is counted against the account. */
static void test_login_overloaded(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  int n = signin_hash_slots();
  assert_true(n >= 1 && n <= 2);
  for (int i = 0; i < n; i++) assert_int_equal(signin_hash_begin(), 1);
  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OVERLOADED);
  assert_int_equal(user_login(db, "sam", "wrong password!!", FROM, &u), LOGIN_OVERLOADED);
  assert_int_equal(failed_count(db, "sam"), 0);
  for (int i = 0; i < n; i++) signin_hash_end();
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  test_db_close(db);
}

/* Issue 14 item 10: with the disk full, a right password was told it was
** wrong. SQLite's max_page_count set to the file's size makes every
** write that needs a new page fail with SQLITE_FULL, as a full disk does. */
static void fill_database(Db *db) {
  int64_t pages = db_int(db, -1, "PRAGMA page_count", "");
  char zSql[64];
  snprintf(zSql, sizeof zSql, "PRAGMA max_page_count=%lld", (long long)pages);
  assert_int_equal(db_exec_script(db, zSql), DB_OK);
}

static void test_login_disk_full(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_login(db, "sam", PW, FROM, &u), LOGIN_OK);
  /* Enough audit rows that the table's last page is full. */
  for (int i = 0; i < 200; i++) assert_int_equal(audit_write(db, ACTOR, "test.fill", "test:fill", NULL,
                                                               "some text to fill the audit table's pages", NULL),
                                                 DB_OK);
  fill_database(db);
  /* Right or wrong, known or not: the attempt cannot be saved, and the
  ** answer says so (the same for all three, so it tells a guesser nothing). */
  int stored = 0;
  for (int i = 0; i < 50 && !stored; i++) {
    LoginResult r = user_login(db, "sam", PW, FROM, &u);
    if (r == LOGIN_OK) continue;  /* the row fitted on a page with room: try again */
    assert_int_equal(r, LOGIN_STORAGE);
    assert_true(db_err_is_full(db));
    assert_false(db_err_is_busy(db));
    stored = 1;
  }
  assert_true(stored);
  assert_int_equal(user_login(db, "sam", "wrong password!!", FROM, &u), LOGIN_STORAGE);
  assert_int_equal(user_login(db, "nobody", "wrong password!!", FROM, &u), LOGIN_STORAGE);
  assert_true(db_err_is_full(db));
  /* session_create says -2 (could not save), not -1 (no such user). */
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session sess;
  assert_int_equal(session_create(db, &u, FROM, &sess), -2);
  assert_true(db_err_is_full(db));
  assert_string_equal(sess.zId, "");
  test_db_close(db);
}

static void test_login_disabled(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_QA_MANAGER, 0);
  char *zErr = NULL;
  assert_int_equal(user_set_disabled(db, "kim", 1, "sam", &zErr), 0);
  User u;
  assert_int_equal(user_login(db, "kim", PW, "10.0.0.4", &u), LOGIN_DISABLED);
  assert_int_equal(u.id, 0);
  /* Only the right password learns the account is disabled. */
  assert_int_equal(user_login(db, "kim", "a wrong password", "10.0.0.4", &u), LOGIN_BAD);
  assert_int_equal(audit_count(db, "login.disabled", "user:kim"), 1);
  assert_int_equal(user_set_disabled(db, "kim", 0, "sam", &zErr), 0);
  assert_int_equal(user_login(db, "kim", PW, NULL, &u), LOGIN_OK);
  test_db_close(db);
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_login_unknown_user(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  double t0 = seconds_now();
  assert_int_equal(user_login(db, "sam", "a wrong password", NULL, &u), LOGIN_BAD);
  double t1 = seconds_now();
  assert_int_equal(user_login(db, "nobody", PW, "10.0.0.5", &u), LOGIN_BAD);
  double t2 = seconds_now();
  assert_int_equal(u.id, 0);
  assert_int_equal(audit_count(db, "login.fail", "user:nobody"), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record='user:nobody'"
                                  " AND client='10.0.0.5'", ""), 1);
  /* An unknown name does the same argon2 work as a wrong password: far
  ** more than the table lookup alone, so the gap does not give it away.
  ** The margin is wide so a busy machine does not make this flaky. */
  if (t2 - t1 < (t1 - t0) / 4) {
    print_error("unknown user took %.4fs, wrong password %.4fs\n", t2 - t1, t1 - t0);
    fail();
  }
  /* A password typed into the name box is not written into the log. */
  assert_int_equal(user_login(db, "Tr0ub4dor&3 secret", PW, NULL, &u), LOGIN_BAD);
  assert_int_equal(audit_count(db, "login.fail", "user:(not a valid username)"), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record LIKE '%Tr0ub4dor%'"
                                  " OR after_value LIKE '%Tr0ub4dor%'", ""), 0);
  assert_int_equal(user_login(db, NULL, NULL, NULL, NULL), LOGIN_BAD);
  test_db_close(db);
}

static void test_rehash_weak_hash(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  char zWeak[crypto_pwhash_STRBYTES];
  assert_int_equal(crypto_pwhash_str_alg(zWeak, PW, strlen(PW), crypto_pwhash_OPSLIMIT_MIN,
                                         crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13), 0);
  assert_int_equal(db_exec(db, "UPDATE users SET password_hash=? WHERE username='sam'", "s", zWeak),
                   DB_OK);
  User u;
  assert_int_equal(user_login(db, "sam", PW, NULL, &u), LOGIN_OK);
  Stmt *s = db_prepare(db, "SELECT password_hash FROM users WHERE username='sam'");
  assert_int_equal(db_step(s), DB_ROW);
  const char *z = db_col_text(s, 0);
  assert_string_not_equal(z, zWeak);
  assert_int_equal(crypto_pwhash_str_needs_rehash(z, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                  crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
  db_finalize(s);
  assert_int_equal(user_login(db, "sam", PW, NULL, &u), LOGIN_OK);
  test_db_close(db);
}

/* ---- Changing users ------------------------------------------------------- */

static void test_user_set_password(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  char *zErr = NULL;
  assert_int_equal(user_set_password(db, "sam", "too short", ACTOR, &zErr), -1);
  assert_string_equal(zErr, "Password must be at least 12 characters");
  free(zErr);
  assert_int_equal(user_set_password(db, "ghost", "a long new password", ACTOR, &zErr), -1);
  assert_string_equal(zErr, "There is no user called ghost");
  free(zErr);

  /* A reset lifts a lock and ends sessions opened with the old password. */
  long n = rule("login_attempts")->amount;
  User u;
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session sess;
  assert_int_equal(session_create(db, &u, NULL, &sess), 0);
  fail_times(db, "sam", n);
  assert_int_equal(user_set_password(db, "sam", "a long new password", ACTOR, &zErr), 0);
  assert_null(zErr);
  assert_int_equal(failed_count(db, "sam"), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 0);
  assert_int_equal(user_login(db, "sam", PW, NULL, &u), LOGIN_BAD);
  assert_int_equal(user_login(db, "sam", "a long new password", NULL, &u), LOGIN_OK);
  assert_int_equal(audit_count(db, "user.password", "user:sam"), 1);
  test_db_close(db);
}

static void test_user_set_role(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_BUSINESS_SUPPORT, 0);
  int64_t iro = new_iro(db, "Kim Lee", 1);
  char *zErr = NULL;
  assert_int_equal(user_set_role(db, "kim", ROLE_IRO, 0, "sam", &zErr), -1);
  assert_string_equal(zErr, "A user with role iro must be linked to their IRO record");
  free(zErr);
  assert_int_equal(user_set_role(db, "kim", ROLE_INVALID, 0, "sam", &zErr), -1);
  assert_int_equal(strncmp(zErr, "Role must be one of admin, qa-manager", 37), 0);
  free(zErr);
  assert_int_equal(user_set_role(db, "kim", ROLE_IRO, iro, "sam", &zErr), 0);
  User u;
  assert_int_equal(user_get(db, "kim", &u), 1);
  assert_int_equal(u.role, ROLE_IRO);
  assert_int_equal(u.iroId, iro);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='user.role'"
                                  " AND record='user:kim' AND before_value='Business support'"
                                  " AND after_value LIKE 'IRO (IRO %)' AND actor='sam'", ""), 1);  /* roles in words */
  assert_int_equal(user_set_role(db, "kim", ROLE_BOARD, 0, "sam", &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users WHERE username='kim' AND iro_id IS NULL"
                                  " AND role='board'", ""), 1);

  /* Nobody can remove the last way in for administrators. */
  assert_int_equal(user_set_role(db, "sam", ROLE_BOARD, 0, "sam", &zErr), -1);
  assert_string_equal(zErr, "sam is the only active administrator: make someone else an"
                            " administrator first");
  free(zErr);
  assert_int_equal(user_set_disabled(db, "sam", 1, "sam", &zErr), -1);
  free(zErr);
  assert_int_equal(user_set_role(db, "kim", ROLE_ADMIN, 0, "sam", &zErr), 0);
  assert_int_equal(user_set_role(db, "sam", ROLE_BOARD, 0, "kim", &zErr), 0);
  test_db_close(db);
}

static void test_user_set_disabled(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_LADO, 0);
  char *zErr = NULL;
  assert_int_equal(user_set_disabled(db, "nobody", 1, "sam", &zErr), -1);
  assert_string_equal(zErr, "There is no user called nobody");
  free(zErr);
  assert_int_equal(user_set_disabled(db, "kim", 1, "sam", &zErr), 0);
  User u;
  assert_int_equal(user_get(db, "kim", &u), 1);
  assert_true(u.disabled);
  /* Disabling twice changes nothing and logs nothing more. */
  assert_int_equal(user_set_disabled(db, "kim", 1, "sam", &zErr), 0);
  assert_int_equal(audit_count(db, "user.disable", "user:kim"), 1);
  assert_int_equal(user_set_disabled(db, "kim", 0, "sam", &zErr), 0);
  assert_int_equal(audit_count(db, "user.enable", "user:kim"), 1);
  /* People are never deleted, only disabled. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users", ""), 2);
  test_db_close(db);
}

/* ---- Sessions ------------------------------------------------------------- */

static void test_session_create_and_check(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_login(db, "sam", PW, NULL, &u), LOGIN_OK);
  Session s;
  assert_int_equal(session_create(db, &u, "10.0.0.6", &s), 0);
  assert_true(is_hex64(s.zId));
  assert_true(is_hex64(s.zCsrf));
  assert_string_not_equal(s.zId, s.zCsrf);
  assert_string_equal(s.user.zUsername, "sam");
  assert_int_equal(audit_count(db, "session.start", "user:sam"), 1);

  /* Only the BLAKE2b-256 of the id is stored. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session WHERE id_hash=?", "s", s.zId), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session WHERE id_hash LIKE ?", "s", s.zId), 0);
  unsigned char h[32];
  char zHex[65];
  crypto_generichash(h, sizeof h, (const unsigned char *)s.zId, 64, NULL, 0);
  sodium_bin2hex(zHex, sizeof zHex, h, sizeof h);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session WHERE id_hash=?", "s", zHex), 1);

  Session c;
  assert_int_equal(session_check(db, s.zId, &c), 1);
  assert_string_equal(c.zId, s.zId);
  assert_string_equal(c.zCsrf, s.zCsrf);
  assert_string_equal(c.user.zUsername, "sam");
  assert_int_equal(c.user.role, ROLE_ADMIN);
  assert_int_equal(c.user.id, u.id);

  /* One changed character, and anything not shaped like an id, is no session. */
  char zBad[65];
  memcpy(zBad, s.zId, sizeof zBad);
  zBad[10] = zBad[10] == '0' ? '1' : '0';
  assert_int_equal(session_check(db, zBad, &c), 0);
  assert_string_equal(c.user.zUsername, "");
  assert_int_equal(session_check(db, "", &c), 0);
  assert_int_equal(session_check(db, NULL, &c), 0);
  assert_int_equal(session_check(db, zHex, &c), 0);
  char zUpper[65];
  for (int i = 0; i < 65; i++) zUpper[i] = (char)(s.zId[i] >= 'a' ? s.zId[i] - 32 : s.zId[i]);
  assert_int_equal(session_check(db, zUpper, &c), 0);
  char zLonger[70];
  snprintf(zLonger, sizeof zLonger, "%s00", s.zId);
  assert_int_equal(session_check(db, zLonger, &c), 0);
  assert_int_equal(session_check(db, s.zId, &c), 1);

  /* Two sessions never share an id or a token. */
  Session s2;
  assert_int_equal(session_create(db, &u, NULL, &s2), 0);
  assert_string_not_equal(s.zId, s2.zId);
  assert_string_not_equal(s.zCsrf, s2.zCsrf);
  test_db_close(db);
}

static void test_session_idle_expiry(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session s, c;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  long idle = minutes_of("session_idle") * 60;

  /* Just inside the idle time: valid, and touched. */
  char zSeen[32], zRecent[32];
  stamp(zSeen, -(idle - 120));
  assert_int_equal(db_exec(db, "UPDATE session SET last_seen_at=?", "s", zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 1);
  stamp(zRecent, -60);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session WHERE last_seen_at >= ?", "s", zRecent), 1);

  /* Just past it: refused and removed. */
  stamp(zSeen, -(idle + 60));
  assert_int_equal(db_exec(db, "UPDATE session SET last_seen_at=?", "s", zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  assert_int_equal(c.ended, SESSION_ENDED_IDLE);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 0);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  assert_int_equal(c.ended, 0);

  /* Abandoned sessions are swept when a new one starts. */
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  assert_int_equal(db_exec(db, "UPDATE session SET last_seen_at=?", "s", zSeen), DB_OK);
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 1);
  test_db_close(db);
}

/* Issue 14 item 8: a session ends 12 hours (rule session_lifetime) after
** sign-in, however recently it was used. */
static void test_session_lifetime(void **state) {
  (void)state;
  Db *db = open_db();
  const Rule *r = rule("session_lifetime");
  assert_int_equal(r->amount, 12);
  assert_int_equal(r->unit, UNIT_HOURS);
  assert_string_equal(r->zSection, "11");
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session s, c;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  char zCreated[32], zSeen[32];
  stamp(zSeen, -30);

  /* Signed in 11 hours 59 minutes ago and used just now: still valid. */
  stamp(zCreated, -(12 * 3600 - 60));
  assert_int_equal(db_exec(db, "UPDATE session SET created_at=?, last_seen_at=?", "ss", zCreated, zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 1);
  assert_int_equal(c.ended, 0);

  /* 12 hours 1 minute ago, used just now: ended, removed, and it says why. */
  stamp(zCreated, -(12 * 3600 + 60));
  assert_int_equal(db_exec(db, "UPDATE session SET created_at=?, last_seen_at=?", "ss", zCreated, zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  assert_int_equal(c.ended, SESSION_ENDED_LIFETIME);
  assert_string_equal(c.user.zUsername, "");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 0);

  /* The rule decides: at 13 hours the same session is fine; 0 is no limit. */
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "session_lifetime", 13, "hours", ACTOR, &zErr), 0);
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  assert_int_equal(db_exec(db, "UPDATE session SET created_at=?, last_seen_at=?", "ss", zCreated, zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 1);
  assert_int_equal(rules_set(db, "session_lifetime", 0, "hours", ACTOR, &zErr), 0);
  stamp(zCreated, -(400 * 86400));
  assert_int_equal(db_exec(db, "UPDATE session SET created_at=?, last_seen_at=?", "ss", zCreated, zSeen), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 1);
  assert_int_equal(rules_set(db, "session_lifetime", 12, "hours", ACTOR, &zErr), 0);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  assert_int_equal(c.ended, SESSION_ENDED_LIFETIME);
  test_db_close(db);
}

static void test_session_disabled_user(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_IRO, new_iro(db, "Kim Lee", 1));
  User u;
  assert_int_equal(user_get(db, "kim", &u), 1);
  Session s, c;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  /* Disabled behind the program's back: the check itself refuses. */
  assert_int_equal(db_exec(db, "UPDATE users SET disabled=1 WHERE username='kim'", ""), DB_OK);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 0);
  /* And no new session for a disabled user. */
  assert_int_equal(session_create(db, &u, NULL, &s), -1);
  assert_int_equal(db_exec(db, "UPDATE users SET disabled=0 WHERE username='kim'", ""), DB_OK);

  /* Disabled properly: the session ends at once. */
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  char *zErr = NULL;
  assert_int_equal(user_set_disabled(db, "kim", 1, "sam", &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 0);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  test_db_close(db);
}

static void test_session_role_change_takes_effect(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  add_ok(db, "kim", ROLE_QA_MANAGER, 0);
  User u;
  assert_int_equal(user_get(db, "kim", &u), 1);
  Session s, c;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  char *zErr = NULL;
  assert_int_equal(user_set_role(db, "kim", ROLE_BOARD, 0, "sam", &zErr), 0);
  assert_int_equal(session_check(db, s.zId, &c), 1);
  assert_int_equal(c.user.role, ROLE_BOARD);
  assert_false(role_caps(c.user.role) & CAP_CHILD_VIEW);
  test_db_close(db);
}

static void test_session_end(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session s, s2, c;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  assert_int_equal(session_create(db, &u, NULL, &s2), 0);
  session_end(db, s.zId);
  assert_int_equal(session_check(db, s.zId, &c), 0);
  /* Signing out in one browser leaves the other signed in. */
  assert_int_equal(session_check(db, s2.zId, &c), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM session", ""), 1);
  assert_int_equal(audit_count(db, "session.end", "user:sam"), 1);
  /* Ending what is not there is harmless. */
  session_end(db, s.zId);
  session_end(db, NULL);
  session_end(db, "nonsense");
  assert_int_equal(audit_count(db, "session.end", "user:sam"), 1);
  test_db_close(db);
}

static void test_csrf_ok(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  User u;
  assert_int_equal(user_get(db, "sam", &u), 1);
  Session s;
  assert_int_equal(session_create(db, &u, NULL, &s), 0);
  assert_true(csrf_ok(&s, s.zCsrf));
  char zTok[65];
  memcpy(zTok, s.zCsrf, sizeof zTok);
  assert_true(csrf_ok(&s, zTok));
  zTok[63] = zTok[63] == 'a' ? 'b' : 'a';
  assert_false(csrf_ok(&s, zTok));
  assert_false(csrf_ok(&s, ""));
  assert_false(csrf_ok(&s, NULL));
  assert_false(csrf_ok(NULL, s.zCsrf));
  char zShort[64];
  memcpy(zShort, s.zCsrf, 63);
  zShort[63] = 0;
  assert_false(csrf_ok(&s, zShort));
  char zLong[70];
  snprintf(zLong, sizeof zLong, "%sab", s.zCsrf);
  assert_false(csrf_ok(&s, zLong));
  /* A session with no token (never created) accepts nothing, not even "". */
  Session empty;
  memset(&empty, 0, sizeof empty);
  assert_false(csrf_ok(&empty, ""));
  /* The token is the session's own, not another's. */
  Session s2;
  assert_int_equal(session_create(db, &u, NULL, &s2), 0);
  assert_false(csrf_ok(&s, s2.zCsrf));
  test_db_close(db);
}

static void test_random_hex(void **state) {
  (void)state;
  crypto_init();
  char a[65], b[65];
  random_hex(a, 32);
  random_hex(b, 32);
  assert_true(is_hex64(a));
  assert_true(is_hex64(b));
  assert_string_not_equal(a, b);
  char c[3] = "zz";
  random_hex(c, 1);
  assert_int_equal(strlen(c), 2);
  random_hex(c, 0);
  assert_string_equal(c, "");
}

/* ---- The audit log -------------------------------------------------------- */

static void test_audit_has_no_passwords(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "sam", ROLE_ADMIN, 0);
  char *zErr = NULL;
  assert_int_equal(user_set_password(db, "sam", "second password here", ACTOR, &zErr), 0);
  User u;
  assert_int_equal(user_login(db, "sam", "second password here", "10.0.0.7", &u), LOGIN_OK);
  User bad;
  assert_int_equal(user_login(db, "sam", "wrong password here", "10.0.0.7", &bad), LOGIN_BAD);
  assert_int_equal(user_login(db, "nobody", "unknown user password", "10.0.0.7", &bad), LOGIN_BAD);
  Session s;
  assert_int_equal(session_create(db, &u, "10.0.0.7", &s), 0);

  assert_int_equal(audit_count(db, "user.add", "user:sam"), 1);
  assert_int_equal(audit_count(db, "user.password", "user:sam"), 1);
  assert_int_equal(audit_count(db, "login.ok", "user:sam"), 1);
  assert_int_equal(audit_count(db, "login.fail", "user:sam"), 1);
  assert_int_equal(audit_count(db, "login.fail", "user:nobody"), 1);

  static const char *const azSecret[] = {PW, "second password here", "wrong password here",
                                         "unknown user password", "$argon2", "password_hash"};
  Stmt *q = db_prepare(db, "SELECT actor, action, record, before_value, after_value, client"
                           " FROM audit_log");
  int nRow = 0;
  while (db_step(q) == DB_ROW) {
    nRow++;
    for (int col = 0; col < 6; col++) {
      const char *z = db_col_text(q, col);
      for (int k = 0; k < COUNT(azSecret); k++) {
        if (strstr(z, azSecret[k])) {
          print_error("audit row %d column %d holds \"%s\": %s\n", nRow, col, azSecret[k], z);
          fail();
        }
      }
      if (strstr(z, s.zId) || strstr(z, s.zCsrf)) {
        print_error("audit row %d holds a session secret\n", nRow);
        fail();
      }
    }
  }
  db_finalize(q);
  assert_true(nRow >= 6);
  test_db_close(db);
}


/* ---- Issue 15: passwords nobody chose for someone else --------------------- */

static void test_temporary_password_must_change(void **state) {
  (void)state;
  Db *db = open_db();
  char zSecret[USER_SECRET_MAX];
  char *zErr = NULL;
  assert_int_equal(user_add_issue(db, "tmp", "Temp Person", "tmp@council.gov.uk", ROLE_QA_MANAGER, 0, ISSUE_TEMPORARY,
                                  zSecret, ACTOR, &zErr), 0);
  assert_true(strlen(zSecret) >= 16);
  /* Stored only as a hash, and not in the log. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%' AND instr(password_hash, ?) = 0",
                          "s", zSecret), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE instr(coalesce(after_value, ''), ?) > 0", "s", zSecret), 0);
  User u;
  assert_int_equal(user_login(db, "tmp", zSecret, "192.0.2.1", &u), LOGIN_MUST_CHANGE);
  assert_true(u.mustChange);
  /* The skeleton's gate reads the flag from the session. */
  Session sess;
  assert_int_equal(session_create(db, &u, "192.0.2.1", &sess), 0);
  Session chk;
  assert_int_equal(session_check(db, sess.zId, &chk), 1);
  assert_true(chk.user.mustChange);
  /* Changing it: the temporary one must be given, and a new one differ. */
  assert_int_equal(user_change_own_password(db, u.id, "wrong wrong wrong", "a brand new password", sess.zId, NULL, &zErr), -1);
  assert_string_equal(zErr, "Your current password is not right");
  free(zErr);
  assert_int_equal(user_change_own_password(db, u.id, zSecret, zSecret, sess.zId, NULL, &zErr), -1);
  free(zErr);
  assert_int_equal(user_change_own_password(db, u.id, zSecret, "a brand new password", sess.zId, NULL, &zErr), 0);
  assert_int_equal(session_check(db, sess.zId, &chk), 1);
  assert_false(chk.user.mustChange);
  assert_int_equal(user_login(db, "tmp", zSecret, "192.0.2.1", NULL), LOGIN_BAD);
  assert_int_equal(user_login(db, "tmp", "a brand new password", "192.0.2.1", NULL), LOGIN_OK);
  db_close(db);
}

static void test_one_time_link(void **state) {
  (void)state;
  Db *db = open_db();
  char zTok[USER_SECRET_MAX];
  char *zErr = NULL;
  assert_int_equal(user_add_issue(db, "linked", "Link Person", NULL, ROLE_BOARD, 0, ISSUE_LINK, zTok, ACTOR, &zErr), 0);
  assert_int_equal(strlen(zTok), 64);
  /* Only the hash is stored. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM password_token WHERE token_hash = ?", "s", zTok), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM password_token", ""), 1);
  User u;
  assert_int_equal(password_token_check(db, zTok, &u), 1);
  assert_string_equal(u.zUsername, "linked");
  assert_int_equal(password_token_use(db, zTok, "short", NULL, &zErr), -1);
  free(zErr);
  assert_int_equal(password_token_use(db, zTok, "my own good password", NULL, &zErr), 0);
  assert_int_equal(user_login(db, "linked", "my own good password", "192.0.2.1", NULL), LOGIN_OK);
  /* Used once. */
  assert_int_equal(password_token_check(db, zTok, NULL), 0);
  assert_int_equal(password_token_use(db, zTok, "someone else's password", NULL, &zErr), -1);
  assert_string_equal(zErr, "This link has expired or has already been used");
  free(zErr);
  db_close(db);
}

static void test_link_expires_after_72_hours(void **state) {
  (void)state;
  Db *db = open_db();
  char zTok[USER_SECRET_MAX];
  add_ok(db, "late", ROLE_BOARD, 0);
  assert_int_equal(user_reset_password(db, "late", ISSUE_LINK, zTok, ACTOR, NULL), 0);
  users_clock_shift(71 * 3600 + 59 * 60);
  assert_int_equal(password_token_check(db, zTok, NULL), 1);
  users_clock_shift(72 * 3600 + 60);
  assert_int_equal(password_token_check(db, zTok, NULL), 0);
  assert_int_equal(password_token_use(db, zTok, "too late a password", NULL, NULL), -1);
  users_clock_shift(0);
  /* A newer link replaces it: the older stops working at once. */
  char zTok2[USER_SECRET_MAX];
  assert_int_equal(user_reset_password(db, "late", ISSUE_LINK, zTok, ACTOR, NULL), 0);
  assert_int_equal(user_reset_password(db, "late", ISSUE_LINK, zTok2, ACTOR, NULL), 0);
  assert_int_equal(password_token_check(db, zTok, NULL), 0);
  assert_int_equal(password_token_check(db, zTok2, NULL), 1);
  db_close(db);
}

/* Issue 18: a set-password link goes to its person by email, in the
** transaction that makes it, with the link its only content; a temporary
** password never does; and the lock tells its person, once a lock. */
static void test_account_emails(void **state) {
  (void)state;
  Db *db = open_db();
  char zTok[USER_SECRET_MAX], *zErr = NULL;
  /* Without mail.base_url the link cannot be followed: not emailed. */
  assert_int_equal(user_add_issue(db, "nobase", "Nobase Person", "nobase@council.gov.uk", ROLE_BOARD, 0, ISSUE_LINK,
                                  zTok, ACTOR, &zErr), 0);
  assert_int_equal(user_link_emailed(db, "nobase", zTok), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox", ""), 0);
  assert_int_equal(setting_set(db, "mail.base_url", "https://oversight.council.example/", ACTOR, &zErr), 0);

  assert_int_equal(user_add_issue(db, "mailed", "Mailed Person", "mailed@council.gov.uk", ROLE_BOARD, 0, ISSUE_LINK,
                                  zTok, ACTOR, &zErr), 0);
  assert_int_equal(user_link_emailed(db, "mailed", zTok), 1);
  assert_int_equal(user_link_emailed(db, "nobase", zTok), 0);
  Stmt *s = db_query(db, "SELECT kind, recipient, subject, body FROM outbox", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "account");
  assert_string_equal(db_col_text(s, 1), "mailed@council.gov.uk");
  assert_string_equal(db_col_text(s, 2), "Oversight: set your password");
  char *zLink = xmprintf("\n\nhttps://oversight.council.example/password/set?token=%s\n\n", zTok);
  assert_non_null(strstr(db_col_text(s, 3), zLink));
  free(zLink);
  /* No name, no username: the link is all. */
  assert_null(strstr(db_col_text(s, 3), "Mailed"));
  assert_null(strstr(db_col_text(s, 3), "mailed"));
  assert_int_equal(db_step(s), DB_DONE);
  db_finalize(s);

  /* No email, or a temporary password: nothing queued. */
  assert_int_equal(user_add_issue(db, "noemail", "No Email", NULL, ROLE_BOARD, 0, ISSUE_LINK, zTok, ACTOR, &zErr), 0);
  assert_int_equal(user_reset_password(db, "mailed", ISSUE_TEMPORARY, zTok, ACTOR, NULL), 0);
  assert_int_equal(user_link_emailed(db, "mailed", zTok), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE body LIKE ?", "s", zTok), 0);
  /* Each reset with a link is its own email, even within one second. */
  char zTok2[USER_SECRET_MAX];
  assert_int_equal(user_reset_password(db, "mailed", ISSUE_LINK, zTok, ACTOR, NULL), 0);
  assert_int_equal(user_reset_password(db, "mailed", ISSUE_LINK, zTok2, ACTOR, NULL), 0);
  assert_int_equal(user_link_emailed(db, "mailed", zTok), 1);
  assert_int_equal(user_link_emailed(db, "mailed", zTok2), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE recipient = 'mailed@council.gov.uk'", ""), 3);

  /* Locked: one notice, in the attempt that locks; none for the
  ** attempts during the lock, none for someone without an address. */
  long n = rule("login_attempts")->amount;
  assert_int_equal(password_token_use(db, zTok2, PW, NULL, NULL), 0);
  fail_times(db, "mailed", n - 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE subject LIKE '%locked%'", ""), 0);
  fail_times(db, "mailed", 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE kind = 'account' AND recipient = 'mailed@council.gov.uk'"
                                  " AND subject = 'Oversight: your account is locked'"
                                  " AND body LIKE 'Your Oversight account was locked on % after 5 wrong passwords in a row.%'", ""), 1);
  fail_times(db, "mailed", 2);
  assert_int_equal(user_login(db, "mailed", PW, FROM, NULL), LOGIN_LOCKED);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE subject LIKE '%locked%'", ""), 1);
  add_ok(db, "quiet", ROLE_BOARD, 0);
  fail_times(db, "quiet", n);
  assert_int_equal(user_login(db, "quiet", PW, FROM, NULL), LOGIN_LOCKED);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE subject LIKE '%locked%'", ""), 1);
  test_db_close(db);
}

static void test_reset_ends_sessions(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "resetme", ROLE_BOARD, 0);
  User u;
  assert_int_equal(user_login(db, "resetme", PW, "192.0.2.1", &u), LOGIN_OK);
  Session sess, chk;
  assert_int_equal(session_create(db, &u, "192.0.2.1", &sess), 0);
  char zSecret[USER_SECRET_MAX];
  assert_int_equal(user_reset_password(db, "resetme", ISSUE_TEMPORARY, zSecret, ACTOR, NULL), 0);
  assert_int_equal(session_check(db, sess.zId, &chk), 0);
  assert_int_equal(user_login(db, "resetme", PW, "192.0.2.1", NULL), LOGIN_BAD);
  assert_int_equal(user_login(db, "resetme", zSecret, "192.0.2.1", NULL), LOGIN_MUST_CHANGE);
  assert_int_equal(audit_count(db, "user.reset", "user:resetme"), 1);
  db_close(db);
}

static void test_last_sign_in_recorded(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "seen", ROLE_BOARD, 0);
  User u;
  assert_true(user_get(db, "seen", &u));
  char z[32];
  user_last_signed_in(db, u.id, z);
  assert_string_equal(z, "");
  assert_int_equal(user_login(db, "seen", "not the password", "192.0.2.1", NULL), LOGIN_BAD);
  user_last_signed_in(db, u.id, z);
  assert_string_equal(z, "");
  assert_int_equal(user_login(db, "seen", PW, "192.0.2.1", NULL), LOGIN_OK);
  user_last_signed_in(db, u.id, z);
  assert_int_equal(strlen(z), 20);
  char w[64];
  user_time_words("2026-12-07T05:01:09Z", w, sizeof w);  /* winter: GMT */
  assert_string_equal(w, "7 December 2026 at 5:01am");
  user_time_words("2026-07-01T12:30:00Z", w, sizeof w);  /* summer: BST */
  assert_string_equal(w, "1 July 2026 at 1:30pm");
  user_time_words("2026-03-29T00:59:00Z", w, sizeof w);  /* a minute before the clocks go forward */
  assert_string_equal(w, "29 March 2026 at 12:59am");
  user_time_words("2026-03-29T01:00:00Z", w, sizeof w);
  assert_string_equal(w, "29 March 2026 at 2:00am");
  user_time_words("", w, sizeof w);
  assert_string_equal(w, "Never");
  db_close(db);
}

static void write_file(const char *zPath, const char *zText) {
  FILE *f = fopen(zPath, "w");
  assert_non_null(f);
  fputs(zText, f);
  fclose(f);
}

static void test_import_all_or_nothing_and_idempotent(void **state) {
  (void)state;
  Db *db = open_db();
  add_ok(db, "existing", ROLE_BOARD, 0);
  char zPath[] = "/tmp/oversight-users-XXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  close(fd);
  write_file(zPath, "username,display_name,email,role,iro\n"
                    "fresh,Fresh Person,fresh@council.gov.uk,qa-manager,\n"
                    "existing,Existing Person,e@council.gov.uk,lado,\n"
                    "boss1,The Boss,,boss,\n");
  int64_t nUsers = db_int(db, -1, "SELECT count(*) FROM users", "");
  int64_t nAudit = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  Buf r = {0};
  assert_int_equal(users_import(db, zPath, ISSUE_TEMPORARY, ACTOR, &r), -1);
  assert_non_null(strstr(r.z, "line 4: role 'boss' is not a role"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users", ""), nUsers);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), nAudit);
  buf_free(&r);
  write_file(zPath, "username,display_name,email,role,iro\n"
                    "fresh,Fresh Person,fresh@council.gov.uk,qa-manager,\n"
                    "existing,Existing Person,e@council.gov.uk,lado,\n");
  assert_int_equal(users_import(db, zPath, ISSUE_TEMPORARY, ACTOR, &r), 0);
  assert_non_null(strstr(r.z, "1 added, 1 changed, 0 unchanged."));
  buf_free(&r);
  User u;
  assert_true(user_get(db, "existing", &u));
  assert_int_equal(u.role, ROLE_LADO);
  assert_string_equal(u.zEmail, "e@council.gov.uk");
  assert_true(user_get(db, "fresh", &u));
  assert_true(u.mustChange);
  nAudit = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(users_import(db, zPath, ISSUE_TEMPORARY, ACTOR, &r), 0);
  assert_non_null(strstr(r.z, "0 added, 0 changed, 2 unchanged."));
  buf_free(&r);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM users", ""), nUsers + 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), nAudit);
  /* The export holds no secret. */
  Buf e = {0};
  assert_int_equal(users_export(db, &e), DB_OK);
  assert_null(strstr(e.z, "argon2"));
  assert_non_null(strstr(e.z, "fresh,Fresh Person,fresh@council.gov.uk,qa-manager,,active; must change password,"));
  buf_free(&e);
  /* A failed read is DB_ERROR, never a shorter staff list. */
  assert_int_equal(db_exec_script(db, "ALTER TABLE login_lock RENAME TO login_lock_gone;"), DB_OK);
  assert_int_equal(users_export(db, &e), DB_ERROR);
  buf_free(&e);
  db_clear_failure(db);
  remove(zPath);
  db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_role_caps),
    cmocka_unit_test(test_role_names),
    cmocka_unit_test(test_user_add_validation),
    cmocka_unit_test(test_password_stored_as_argon2id),
    cmocka_unit_test(test_login_ok),
    cmocka_unit_test(test_login_wrong_password),
    cmocka_unit_test(test_lockout),
    cmocka_unit_test(test_lock_is_per_network),
    cmocka_unit_test(test_unlock),
    cmocka_unit_test(test_network_limit),
    cmocka_unit_test(test_login_throttled),
    cmocka_unit_test(test_login_overloaded),
    cmocka_unit_test(test_login_disk_full),
    cmocka_unit_test(test_session_lifetime),
    cmocka_unit_test(test_lock_expires),
    cmocka_unit_test(test_success_resets_count),
    cmocka_unit_test(test_lockout_follows_rules),
    cmocka_unit_test(test_login_disabled),
    cmocka_unit_test(test_login_unknown_user),
    cmocka_unit_test(test_rehash_weak_hash),
    cmocka_unit_test(test_user_set_password),
    cmocka_unit_test(test_user_set_role),
    cmocka_unit_test(test_user_set_disabled),
    cmocka_unit_test(test_session_create_and_check),
    cmocka_unit_test(test_session_idle_expiry),
    cmocka_unit_test(test_session_disabled_user),
    cmocka_unit_test(test_session_role_change_takes_effect),
    cmocka_unit_test(test_session_end),
    cmocka_unit_test(test_csrf_ok),
    cmocka_unit_test(test_random_hex),
    cmocka_unit_test(test_audit_has_no_passwords),
    cmocka_unit_test(test_temporary_password_must_change),
    cmocka_unit_test(test_one_time_link),
    cmocka_unit_test(test_link_expires_after_72_hours),
    cmocka_unit_test(test_reset_ends_sessions),
    cmocka_unit_test(test_account_emails),
    cmocka_unit_test(test_last_sign_in_recorded),
    cmocka_unit_test(test_import_all_or_nothing_and_idempotent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
