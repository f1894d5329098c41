/*
** test_alerts.c: alerts come from open deadlines; acknowledging one is
** attributed to the user and kept until the work is done (SPEC "Alerts").
*/
#include "testutil.h"
#include "alerts.h"
#include "reviews.h"
#include "users.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A child in care since 1 December 2025 with no review: the first review
** is due 31 December 2025. Returns the loaded set (caller frees). */
static ChildSet *child_due_review(Db *db, int64_t *pUser) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(id, name) VALUES(1, 'Sam Patel')", ""), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex)"
                               " VALUES(1, 'A1', 'Zoë', 'O''Brien', '2014-02-03', 'F')", ""), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement)"
                               " VALUES(1, '2025-12-01', 'S', 'C2', 'N1', 'U4')", ""), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, reason)"
                               " VALUES(1, 1, '2025-12-02', 'New to care')", ""), DB_OK);
  char *zErr = NULL;
  assert_int_equal(user_add(db, "sam", "Sam Patel", ROLE_IRO, "a long enough password", 1, "test", &zErr), 0);
  *pUser = db_int(db, 0, "SELECT id FROM users WHERE username='sam'", "");
  ChildFilter f = {.zRef = "A1"};
  return childset_load(db, &f);
}

static const Alert *find(const Alert *a, int n, Item item) {
  for (int i = 0; i < n; i++) {
    if (a[i].d.item == item) return &a[i];
  }
  return NULL;
}

static void alerts_are_the_due_soon_and_overdue_items(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t user;
  ChildSet *cs = child_due_review(db, &user);
  int n;
  /* Ten working days before 31 December, skipping Christmas, Boxing Day
  ** and two weekends, is Monday 15 December: the Friday before, no alert. */
  Alert *a = alerts_for(db, cs, D("2025-12-12"), &n);
  assert_null(find(a, n, ITEM_REVIEW));
  free(a);
  a = alerts_for(db, cs, D("2025-12-15"), &n);
  assert_non_null(find(a, n, ITEM_REVIEW));
  assert_int_equal(find(a, n, ITEM_REVIEW)->d.status, ST_DUE_SOON);
  free(a);
  a = alerts_for(db, cs, D("2026-01-01"), &n);
  assert_int_equal(find(a, n, ITEM_REVIEW)->d.status, ST_OVERDUE);
  assert_int_equal(a[0].d.status, ST_OVERDUE);   /* overdue first */
  free(a);
  childset_free(cs);
  test_db_close(db);
}

static void acknowledgement_is_attributed_and_stays_until_done(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t user;
  ChildSet *cs = child_due_review(db, &user);
  Errors e = {0};
  assert_int_equal(alert_acknowledge(db, &cs->a[0], "review", D("2025-12-31"), user, "sam",
                                     "Booked for 5 January", D("2026-01-02"), &e), 0);
  int n;
  Alert *a = alerts_for(db, cs, D("2026-01-02"), &n);
  const Alert *r = find(a, n, ITEM_REVIEW);
  assert_non_null(r);                       /* still listed: the review is not held */
  assert_true(r->acked);
  assert_string_equal(r->zAckedBy, "Sam Patel");
  assert_string_equal(r->zNote, "Booked for 5 January");
  assert_int_equal(strlen(r->zAckedAt), 20);
  free(a);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='alert.ack'"
                                 " AND actor='sam' AND record='child:A1'", ""), 1);
  /* The review is held: the alert is gone, acknowledged or not. */
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, held_on, participation, mode)"
                               " VALUES(1, '2026-01-05', 'PN1', 'virtual')", ""), DB_OK);
  childset_free(cs);
  ChildFilter f = {.zRef = "A1"};
  cs = childset_load(db, &f);
  a = alerts_for(db, cs, D("2026-01-06"), &n);
  assert_null(find(a, n, ITEM_REVIEW));
  free(a);
  childset_free(cs);
  test_db_close(db);
}

static void only_open_alerts_can_be_acknowledged(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t user;
  ChildSet *cs = child_due_review(db, &user);
  Errors e = {0};
  /* Not yet due soon on 1 December. */
  assert_int_equal(alert_acknowledge(db, &cs->a[0], "review", D("2025-12-31"), user, "sam", NULL,
                                     D("2025-12-01"), &e), -1);
  assert_non_null(strstr(errors_for(&e, "item"), "no longer open"));
  memset(&e, 0, sizeof e);
  assert_int_equal(alert_acknowledge(db, &cs->a[0], "nonsense", D("2025-12-31"), user, "sam", NULL,
                                     D("2026-01-02"), &e), -1);
  assert_non_null(errors_for(&e, "item"));
  memset(&e, 0, sizeof e);
  /* The wrong due date is another alert, which does not exist. */
  assert_int_equal(alert_acknowledge(db, &cs->a[0], "review", D("2025-12-30"), user, "sam", NULL,
                                     D("2026-01-02"), &e), -1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM alert_ack", ""), 0);
  childset_free(cs);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(alerts_are_the_due_soon_and_overdue_items),
    cmocka_unit_test(acknowledgement_is_attributed_and_stays_until_done),
    cmocka_unit_test(only_open_alerts_can_be_acknowledged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
