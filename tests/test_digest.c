/*
** test_digest.c: who gets a daily digest on which day (digest.c): working
** days only, due-soon items on the first working day of the week, the
** IRO's email or else their user's, never a child's name, and queued once.
*/
#include "testutil.h"
#include "digest.h"
#include "outbox.h"
#include "rules.h"
#include "users.h"

#include <stdlib.h>
#include <string.h>

static void test_digest_days(void **state) {
  (void)state;
  static const struct { const char *zDay; int sent, soon; } a[] = {
    {"2026-11-21", 0, 0},   /* Saturday */
    {"2026-11-22", 0, 0},   /* Sunday */
    {"2026-11-23", 1, 1},   /* Monday: due soon too */
    {"2026-11-24", 1, 0},   /* Tuesday */
    {"2026-11-27", 1, 0},   /* Friday */
    {"2026-12-25", 0, 0},   /* Christmas Day, a Friday */
    {"2026-12-28", 0, 0},   /* Monday, the Boxing Day substitute holiday */
    {"2026-12-29", 1, 1},   /* so Tuesday is the week's first working day */
    {"2026-08-31", 0, 0},   /* summer bank holiday Monday */
    {"2026-09-01", 1, 1},
    {"2026-09-02", 1, 0},
  };
  for (int i = 0; i < COUNT(a); i++) {
    int soon = -1;
    int sent = digest_day(D(a[i].zDay), &soon);
    if (sent != a[i].sent || soon != a[i].soon) fail_msg("%s: sent %d soon %d, want %d %d", a[i].zDay, sent, soon, a[i].sent, a[i].soon);
  }
}

/* Three IROs: one with an email, one without but with a user who has
** one, one with neither. Each has a child in care since 1 September
** 2026 with no review: the first review is overdue by late November. */
static Db *setup(void) {
  Db *db = test_db_open();
  const char *zSql =
    "INSERT INTO iro(id, name, email) VALUES(1, 'Ann Iro', 'ann@example.org'), (2, 'Ben Iro', NULL), (3, 'Cat Iro', '');"
    "INSERT INTO users(id, username, display_name, role, password_hash, iro_id, email, created_at)"
    " VALUES(1, 'ben', 'Ben', 'iro', 'x', 2, 'ben.user@example.org', '2026-01-01T00:00:00Z');"
    "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES"
    " (1, 'C1', 'Zebedee', 'Quartermain', '2015-01-01', 'M'),"
    " (2, 'C2', 'Yolanda', 'Pemberton', '2014-01-01', 'F'),"
    " (3, 'C3', 'Xavier', 'Ormsby', '2013-01-01', 'M');"
    "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES"
    " (1, '2026-09-01', 'S', 'C2', 'N1', 'U1'), (2, '2026-09-01', 'S', 'C2', 'N1', 'U1'), (3, '2026-09-01', 'S', 'C2', 'N1', 'U1');"
    "INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES"
    " (1, 1, '2026-09-01', 'new'), (2, 2, '2026-09-01', 'new'), (3, 3, '2026-09-01', 'new');";
  assert_int_equal(db_exec_script(db, zSql), DB_OK);
  return db;
}

static void test_digest_recipients(void **state) {
  (void)state;
  Db *db = setup();
  DigestList l;
  /* No digest at the weekend or on a bank holiday, whatever is overdue. */
  assert_int_equal(digests_build(db, D("2026-11-21"), "https://o.example", &l), 0);
  assert_int_equal(l.n, 0);
  assert_int_equal(digests_build(db, D("2026-12-25"), "https://o.example", &l), 0);
  assert_int_equal(l.n, 0);

  assert_int_equal(digests_build(db, D("2026-11-24"), "https://o.example/", &l), 0);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.a[0].zTo, "ann@example.org");
  assert_string_equal(l.a[1].zTo, "ben.user@example.org");
  for (int i = 0; i < l.n; i++) {
    assert_true(l.a[i].nOverdue >= 1);
    assert_int_equal(l.a[i].nSoon, 0);
    assert_null(strstr(l.a[i].zSubject, "due soon"));
    const char *azName[] = {"Zebedee", "Quartermain", "Yolanda", "Pemberton", "Xavier", "Ormsby"};
    for (int k = 0; k < COUNT(azName); k++) {
      if (strstr(l.a[i].zBody, azName[k]) || strstr(l.a[i].zSubject, azName[k])) fail_msg("%s in a digest", azName[k]);
    }
  }
  assert_non_null(strstr(l.a[0].zBody, "- C1: "));
  assert_non_null(strstr(l.a[0].zBody, "https://o.example/children/C1\n"));
  assert_null(strstr(l.a[0].zBody, "C2"));
  assert_null(strstr(l.a[0].zBody, "C3"));

  /* Queued once: the second run for the same day adds nothing. */
  char *zErr = NULL;
  assert_int_equal(digests_queue(db, D("2026-11-24"), &l, "test", &zErr), 2);
  assert_int_equal(digests_queue(db, D("2026-11-24"), &l, "test", &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE status = 'queued'", ""), 2);
  digests_free(&l);

  /* The first working day of a week says what is due soon as well. */
  assert_int_equal(digests_build(db, D("2026-11-23"), "", &l), 0);
  assert_int_equal(l.n, 2);
  assert_non_null(strstr(l.a[0].zSubject, "due soon"));
  assert_non_null(strstr(l.a[0].zBody, "Due soon: "));
  assert_null(strstr(l.a[0].zBody, "http"));
  digests_free(&l);

  /* An IRO who has left gets none. */
  assert_int_equal(db_exec(db, "UPDATE iro SET active = 0 WHERE id = 1", ""), DB_OK);
  assert_int_equal(digests_build(db, D("2026-11-25"), "", &l), 0);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.a[0].zTo, "ben.user@example.org");
  digests_free(&l);
  test_db_close(db);
}

static void test_outbox_queue_refuses_headers(void **state) {
  (void)state;
  Db *db = test_db_open();
  char *zErr = NULL;
  assert_int_equal(outbox_queue(db, "test", "a@example.org\r\nBcc: x@example.org", "s", "b", "k1", &zErr), -1);
  free(zErr);
  zErr = NULL;
  assert_int_equal(outbox_queue(db, "test", "a@example.org", "s\nBcc: x", "b", "k2", &zErr), -1);
  free(zErr);
  zErr = NULL;
  assert_int_equal(outbox_queue(db, "test", "a@example.org", "s", "b", "k3", &zErr), 1);
  assert_int_equal(outbox_queue(db, "test", "a@example.org", "s", "b", "k3", &zErr), 0);
  test_db_close(db);
}

/* Each person may turn digests off (issue 18): an IRO whose user has
** turned them off gets none, whether it would go to the IRO record's
** address or the user's; turning them on again brings it back. Other
** IROs are not affected. */
static void test_digest_opt_out(void **state) {
  (void)state;
  Db *db = setup();
  assert_int_equal(db_exec_script(db, "INSERT INTO users(id, username, display_name, role, password_hash, iro_id, email, created_at)"
                                      " VALUES(2, 'ann', 'Ann', 'iro', 'x', 1, 'ann.user@example.org', '2026-01-01T00:00:00Z');"),
                   DB_OK);
  DigestList l;
  char *zErr = NULL;
  /* Ben's digest goes to his user's address: his choice stops it. */
  assert_int_equal(user_set_digests(db, "ben", 0, "cli:test", &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action = 'user.digests' AND record = 'user:ben'"
                                  " AND before_value = 'email digests on' AND after_value = 'email digests off'", ""), 1);
  assert_int_equal(digests_build(db, D("2026-11-24"), "", &l), 0);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.a[0].zTo, "ann@example.org");
  digests_free(&l);
  /* Ann's goes to the IRO record's address: her user's choice stops it too. */
  assert_int_equal(user_set_digests(db, "ann", 0, "cli:test", &zErr), 0);
  assert_int_equal(digests_build(db, D("2026-11-24"), "", &l), 0);
  assert_int_equal(l.n, 0);
  digests_free(&l);
  /* Setting it as it is writes nothing. */
  assert_int_equal(user_set_digests(db, "ann", 0, "cli:test", &zErr), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action = 'user.digests'", ""), 2);
  /* On again: Ben's comes back, on Monday with what is due soon. */
  assert_int_equal(user_set_digests(db, "ben", 1, "cli:test", &zErr), 0);
  User u;
  assert_int_equal(user_get(db, "ben", &u), 1);
  assert_int_equal(u.emailDigests, 1);
  assert_int_equal(user_get(db, "ann", &u), 1);
  assert_int_equal(u.emailDigests, 0);
  assert_int_equal(digests_build(db, D("2026-11-30"), "", &l), 0);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.a[0].zTo, "ben.user@example.org");
  digests_free(&l);
  /* A disabled user's old choice does not stop the IRO's digest: someone
  ** else now holds the caseload's address. */
  assert_int_equal(db_exec_script(db, "UPDATE users SET disabled = 1 WHERE username = 'ann';"), DB_OK);
  assert_int_equal(digests_build(db, D("2026-11-24"), "", &l), 0);
  assert_int_equal(l.n, 2);
  digests_free(&l);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_digest_days),
    cmocka_unit_test(test_digest_recipients),
    cmocka_unit_test(test_outbox_queue_refuses_headers),
    cmocka_unit_test(test_digest_opt_out),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
