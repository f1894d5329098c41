/*
** test_placements.c: episodes entered in Oversight (issue 15): a new
** episode ends the open one; marking a placement unregistered starts the
** SPEC §4 clock; migration 016 keeps every episode; distances and areas
** from a small postcode table, worked out by hand.
*/
#include "testutil.h"
#include "deadlines.h"
#include "placements.h"
#include "rules.h"
#include "util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Db *db;

static int setup(void **state) {
  (void)state;
  db = test_db_open();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  test_db_close(db);
  return 0;
}

static int64_t add_child(const char *zRef, const char *zDob) {
  ChildInput in = {.zRef = zRef, .zGiven = "Sam", .zFamily = "O'Brien", .zDob = zDob, .zSex = "M",
                   .disability = -1, .uasc = -1};
  Errors e = {0};
  int64_t id = child_add(db, &in, "cli:test", &e);
  assert_true(id > 0);
  return id;
}

static PlacementInput first_episode(const char *zStart) {
  return (PlacementInput){.zStart = zStart, .zRne = "S", .zLegal = "C2", .zCin = "N1",
                          .zPlacement = "U4", .zProvider = "PR1", .zHomePostcode = "TW1 3AA",
                          .zPostcode = "TW3 1AA"};
}

static int64_t start_ok(int64_t child, const PlacementInput *in) {
  Errors e = {0};
  int64_t id = placement_start(db, child, in, "cli:test", &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  return id;
}

/* The one error placement_start gives, by field. */
static void start_refused(int64_t child, const PlacementInput *in, const char *zField) {
  Errors e = {0};
  assert_int_equal(placement_start(db, child, in, "cli:test", &e), 0);
  assert_non_null(errors_for(&e, zField));
}

static char *col_text(const char *zSql, int64_t id) {
  Stmt *s = db_query(db, zSql, "I", id);
  char *z = xstrdup(db_step(s) == DB_ROW ? db_col_text(s, 0) : "(no row)");
  db_finalize(s);
  return z;
}

static void assert_col(const char *zSql, int64_t id, const char *zWant) {
  char *z = col_text(zSql, id);
  assert_string_equal(z, zWant);
  free(z);
}

/* ---- A new episode ends the open one ---------------------------------------- */

static void test_new_episode_ends_previous(void **state) {
  (void)state;
  int64_t c = add_child("P1", "2012-05-10");
  PlacementInput in = first_episode("2025-01-06");
  int64_t e1 = start_ok(c, &in);
  assert_col("SELECT coalesce(end_date, 'open') FROM episode WHERE id = ?", e1, "open");

  /* While looked after, S is wrong; before the open episode's start, too. */
  PlacementInput next = {.zStart = "2025-03-03", .zRne = "S", .zLegal = "C2", .zCin = "N1", .zPlacement = "K2",
                         .zProvider = "PR4"};
  start_refused(c, &next, "rne");
  next.zRne = "P";
  next.zStart = "2025-01-06";
  start_refused(c, &next, "start");
  next.zStart = "2025-03-03";
  next.zLegal = "C9";
  start_refused(c, &next, "legal");
  next.zLegal = "C2";
  next.zProvider = "PR9";
  start_refused(c, &next, "provider");
  next.zProvider = "PR4";
  next.zPostcode = "not a postcode";
  start_refused(c, &next, "postcode");
  next.zPostcode = "tw1 3aa";
  next.zRegistration = "sometimes";
  start_refused(c, &next, "registration");
  next.zRegistration = "unregulated";
  /* Nothing written by the refusals. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM episode WHERE child_id = ?", "I", c), 1);

  int64_t e2 = start_ok(c, &next);
  assert_col("SELECT end_date FROM episode WHERE id = ?", e1, "2025-03-03");
  assert_col("SELECT end_reason FROM episode WHERE id = ?", e1, "X1");
  assert_col("SELECT coalesce(end_date, 'open') FROM episode WHERE id = ?", e2, "open");
  assert_col("SELECT registration FROM episode WHERE id = ?", e2, "supported");
  assert_col("SELECT placement_postcode FROM episode WHERE id = ?", e2, "TW1 3AA");   /* normalised */
  /* Audited field by field: the end of the first, before and after. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.end'"
                                 " AND after_value LIKE ? AND before_value LIKE '%(blank)'", "s",
                          "%end date: 2025-03-03"), 1);
  assert_true(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.add' AND after_value LIKE '%placement type: K2'", "") == 1);

  /* Ending care: not with X1, not before the start; then no open episode. */
  Errors e = {0};
  assert_int_equal(placement_end(db, c, "2025-06-30", "X1", "cli:test", &e), -1);
  assert_non_null(errors_for(&e, "end_reason"));
  memset(&e, 0, sizeof e);
  assert_int_equal(placement_end(db, c, "2025-03-02", "E13", "cli:test", &e), -1);
  assert_non_null(errors_for(&e, "end"));
  memset(&e, 0, sizeof e);
  assert_int_equal(placement_end(db, c, "2025-06-30", "E13", "cli:test", &e), 0);
  assert_col("SELECT end_reason FROM episode WHERE id = ?", e2, "E13");
  /* Not looked after now: a new episode must start a period (S). */
  PlacementInput again = first_episode("2025-08-01");
  again.zRne = "P";
  start_refused(c, &again, "rne");
  /* Within the child's life: not before birth, not from their 18th birthday. */
  again.zRne = "S";
  again.zStart = "2030-05-10";
  start_refused(c, &again, "start");
}

/* ---- Correcting an episode: before and after, field by field ---------------- */

static void test_correct_audits_each_field(void **state) {
  (void)state;
  int64_t c = add_child("P2", "2010-01-01");
  PlacementInput in = first_episode("2025-02-03");
  int64_t e1 = start_ok(c, &in);
  PlacementInput fix = {.zPlacement = "K2", .zProvider = "PR4", .zUrn = "SC123456"};
  Errors e = {0};
  int n = -1;
  assert_int_equal(placement_edit(db, c, e1, &fix, "cli:test", &e, &n), 0);
  assert_int_equal(n, 3);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.correct'", ""), 3);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.correct'"
                                 " AND before_value LIKE '%placement type: U4' AND after_value LIKE '%placement type: K2'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.correct'"
                                 " AND before_value LIKE '%URN: (blank)' AND after_value LIKE '%URN: SC123456'", ""), 1);
  /* The same again changes nothing and writes nothing. */
  assert_int_equal(placement_edit(db, c, e1, &fix, "cli:test", &e, &n), 0);
  assert_int_equal(n, 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.correct'", ""), 3);
  /* A correction is checked like an entry, naming the field. */
  PlacementInput bad = {.zEnd = "2025-01-01", .zEndReason = "E13"};
  assert_int_equal(placement_edit(db, c, e1, &bad, "cli:test", &e, &n), -1);
  assert_non_null(errors_for(&e, "end"));
}

/* ---- Marking unregistered starts the SPEC §4 clock --------------------------- */

static const Deadline *find_item(const DeadlineList *l, Item it) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].item == it) return &l->a[i];
  }
  return NULL;
}

static int status_on(const char *zRef, Item it, const char *zAsOf, Date *pDue) {
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(db, &f);
  assert_int_equal(cs->n, 1);
  DeadlineList l = {0};
  deadlines_for_child(&cs->a[0], D(zAsOf), 0, &l);
  const Deadline *d = find_item(&l, it);
  int st = d ? (int)d->status : -1;
  if (pDue) *pDue = d ? d->due : DATE_NONE;
  deadlines_free(&l);
  childset_free(cs);
  return st;
}

static void test_mark_unregistered_starts_clock(void **state) {
  (void)state;
  int64_t c = add_child("P3", "2011-07-01");
  PlacementInput in = first_episode("2025-01-06");
  start_ok(c, &in);
  /* The last review before the move, so the ordinary next one is May 2026. */
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, held_on) VALUES(?, '2025-01-20'), (?, '2025-04-14'),"
                               " (?, '2025-11-03')", "III", c, c, c), DB_OK);
  PlacementInput move = {.zStart = "2025-12-01", .zRne = "P", .zLegal = "C2", .zCin = "N1", .zPlacement = "K2",
                         .zProvider = "PR4", .zPostcode = "TW3 1AA"};
  int64_t e2 = start_ok(c, &move);
  Date due;
  /* Registered: no unregistered items, the review in six months. */
  assert_int_equal(status_on("P3", ITEM_UNREG_QA_NOTIFIED, "2025-12-01", NULL), -1);
  status_on("P3", ITEM_REVIEW, "2025-12-01", &due);
  assert_date_equal(due, D("2026-05-03"));

  PlacementInput mark = {.zRegistration = "unregistered"};
  Errors e = {0};
  assert_int_equal(placement_edit(db, c, e2, &mark, "cli:test", &e, NULL), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'episode.correct'"
                                 " AND before_value LIKE '%registration: registered' AND after_value LIKE '%registration: unregistered'", ""), 1);

  /* QA notification: due the day of placement; overdue the day after. */
  assert_int_equal(status_on("P3", ITEM_UNREG_QA_NOTIFIED, "2025-12-01", &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2025-12-01"));
  assert_int_equal(status_on("P3", ITEM_UNREG_QA_NOTIFIED, "2025-12-02", NULL), ST_OVERDUE);
  /* The IRO's visit: 2 weeks, due on the 15th itself, overdue on the 16th. */
  assert_int_equal(status_on("P3", ITEM_UNREG_VISIT, "2025-12-15", &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2025-12-15"));
  assert_int_equal(status_on("P3", ITEM_UNREG_VISIT, "2025-12-16", NULL), ST_OVERDUE);
  /* The monthly oversight record is due too. */
  assert_int_not_equal(status_on("P3", ITEM_OVERSIGHT_RECORD, "2025-12-16", NULL), -1);
  /* The review is brought forward to 20 working days from placement, across
  ** Christmas Day and Boxing Day: 31 December, not 29 December. */
  status_on("P3", ITEM_REVIEW, "2025-12-02", &due);
  assert_date_equal(due, D("2025-12-31"));
  assert_int_equal(status_on("P3", ITEM_REVIEW, "2025-12-31", NULL), ST_DUE_TODAY);
  assert_int_equal(status_on("P3", ITEM_REVIEW, "2026-01-01", NULL), ST_OVERDUE);

  /* Unmarked: the clock stops, the review goes back to May. */
  mark.zRegistration = "registered";
  assert_int_equal(placement_edit(db, c, e2, &mark, "cli:test", &e, NULL), 0);
  assert_int_equal(status_on("P3", ITEM_UNREG_VISIT, "2025-12-16", NULL), -1);

  /* A new episode entered as unregistered starts it at once as well. */
  PlacementInput move2 = {.zStart = "2026-02-02", .zRne = "P", .zLegal = "C2", .zCin = "N1", .zPlacement = "K2",
                          .zProvider = "PR4", .zRegistration = "unregistered"};
  start_ok(c, &move2);
  assert_int_equal(status_on("P3", ITEM_UNREG_QA_NOTIFIED, "2026-02-02", &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-02-02"));
  status_on("P3", ITEM_UNREG_VISIT, "2026-02-02", &due);
  assert_date_equal(due, D("2026-02-16"));
}

/* ---- Migration 016 ------------------------------------------------------------ */

static void exec_ok(sqlite3 *h, const char *zSql) {
  char *zErr = NULL;
  if (sqlite3_exec(h, zSql, NULL, NULL, &zErr) != SQLITE_OK) {
    print_error("%s\n", zErr);
    fail();
  }
}

static void test_migration_keeps_episodes(void **state) {
  (void)state;
  char zPath[64];
  snprintf(zPath, sizeof zPath, "/tmp/oversight-mig-XXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  close(fd);
  /* A database at version 15, as the migrator would have left it. */
  sqlite3 *h;
  assert_int_equal(sqlite3_open(zPath, &h), SQLITE_OK);
  exec_ok(h, "PRAGMA foreign_keys = ON");
  for (int i = 0; i < db_n_migrations && db_migrations[i].version <= 15; i++) {
    exec_ok(h, "BEGIN");
    exec_ok(h, db_migrations[i].zSql);
    char zv[120];
    snprintf(zv, sizeof zv, "INSERT INTO schema_version(version, applied_at) VALUES(%d, CURRENT_TIMESTAMP)",
             db_migrations[i].version);
    exec_ok(h, zv);
    exec_ok(h, "COMMIT");
  }
  exec_ok(h, "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES"
             " (1, 'M1', 'A', 'B', '2010-01-01', 'F'), (2, 'M2', 'C', 'D', '2012-02-02', 'M')");
  exec_ok(h, "INSERT INTO episode(id, child_id, start_date, rne, legal_status, cin, placement, provider,"
             " registration, home_postcode, placement_postcode, in_area, distance_miles, urn, end_date, end_reason)"
             " VALUES (7, 1, '2024-01-01', 'S', 'C2', 'N1', 'U4', 'PR1', 'registered', 'TW1 3AA', 'TW3 1AA', 1, 3.1,"
             "  'XXXXXXX', '2024-06-01', 'X1'),"
             " (9, 1, '2024-06-01', 'P', 'C2', 'N1', 'K2', 'PR4', 'unregistered', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
             " (12, 2, '2025-01-01', 'S', 'V2', 'N4', 'K3', 'PR4', 'supported', NULL, NULL, 0, 12.5, NULL, NULL, NULL)");
  exec_ok(h, "INSERT INTO unreg_event(child_id, episode_id, kind, on_date) VALUES (1, 9, 'qa-notified', '2024-06-01'),"
             " (1, 9, 'iro-visit', '2024-06-10'), (1, NULL, 'qa-notified', '2024-05-31')");
  exec_ok(h, "CREATE TABLE episode_before AS SELECT * FROM episode");
  sqlite3_close(h);

  char *zErr = NULL;
  Db *d = db_open(zPath, &zErr);
  if (!d) print_error("%s\n", zErr);
  assert_non_null(d);
  assert_true(db_schema_version(d) >= 16);
  /* Every row, every value, every id, as it was. */
  assert_int_equal(db_int(d, 0, "SELECT count(*) FROM episode", ""), 3);
  assert_int_equal(db_int(d, 0, "SELECT count(*) FROM (SELECT * FROM episode_before EXCEPT"
                                " SELECT id, child_id, start_date, rne, legal_status, cin, placement, provider,"
                                " provider_name, registration, home_postcode, placement_postcode,"
                                " placement_locality_id, in_area, distance_miles, urn, end_date, end_reason,"
                                " reason_place_change FROM episode)", ""), 0);
  /* The events still point at their episode, and the file checks clean. */
  assert_int_equal(db_int(d, 0, "SELECT count(*) FROM unreg_event u JOIN episode e ON e.id = u.episode_id", ""), 2);
  Buf report = {0};
  assert_int_equal(db_check(d, 0, &report), 0);
  buf_free(&report);
  /* The widened CHECK: not-applicable is kept, nonsense still refused. */
  assert_int_equal(db_exec(d, "UPDATE episode SET registration = 'not-applicable' WHERE id = 12", ""), DB_OK);
  assert_int_equal(db_exec(d, "UPDATE episode SET registration = 'sometimes' WHERE id = 12", ""), DB_ERROR);
  assert_true(db_err_is_constraint(d));
  /* The triggers came back: a change bumps the data generation. */
  int64_t g = db_int(d, 0, "SELECT n FROM data_generation WHERE id = 1", "");
  assert_int_equal(db_exec(d, "UPDATE episode SET urn = 'SC1' WHERE id = 9", ""), DB_OK);
  assert_true(db_int(d, 0, "SELECT n FROM data_generation WHERE id = 1", "") > g);
  /* The foreign key still holds: an episode with events cannot go. */
  assert_int_equal(db_exec(d, "DELETE FROM episode WHERE id = 9", ""), DB_ERROR);
  db_close(d);
  unlink(zPath);
  char z[80];
  snprintf(z, sizeof z, "%s-wal", zPath);
  unlink(z);
  snprintf(z, sizeof z, "%s-shm", zPath);
  unlink(z);
}

/* ---- Distances ------------------------------------------------------------------ */

static void write_file(const char *zPath, const char *zText) {
  FILE *f = fopen(zPath, "w");
  assert_non_null(f);
  fputs(zText, f);
  fclose(f);
}

static double miles_of(int64_t id) {
  Stmt *s = db_query(db, "SELECT distance_miles FROM episode WHERE id = ?", "I", id);
  double v = db_step(s) == DB_ROW && !db_col_is_null(s, 0) ? db_col_double(s, 0) : NAN;
  db_finalize(s);
  return v;
}

static void test_distances(void **state) {
  (void)state;
  /* By hand: TW1 3AA to TW3 1AA is 3 km east-west and 4 km north-south,
  ** 5 km: 5 / 1.6093 = 3.107 miles, 3.1. TW1 3AA to KT1 1AA is 30 km and
  ** 40 km, 50 km: 31.069, 31.1 miles. TW1 is Richmond (E09000027, the
  ** council here), TW3 Hounslow, KT1 Kingston: out of area. */
  const char *zSimple = "/tmp/oversight-pc-simple.csv", *zOns = "/tmp/oversight-pc-ons.csv";
  write_file(zSimple, "postcode,easting,northing,la\n"
                      "TW1 3AA,516000,173000,E09000027\n"
                      "TW3 1AA,513000,177000,E09000018\n"
                      "KT1 1AA,546000,213000,E09000021\n");
  int64_t c = add_child("P4", "2012-01-01");
  PlacementInput in = first_episode("2025-01-06");   /* home TW1 3AA, placed TW3 1AA */
  int64_t e1 = start_ok(c, &in);
  assert_true(isnan(miles_of(e1)));   /* no table yet */

  Buf out = {0}, err = {0};
  assert_int_equal(postcodes_store(db, zSimple, "E09000027", "cli:test", &out, &err), 0);
  assert_true(fabs(miles_of(e1) - 3.1) < 1e-9);
  assert_int_equal(db_int(db, -1, "SELECT in_area FROM episode WHERE id = ?", "I", e1), 0);   /* Hounslow */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'postcodes.load'", ""), 1);

  /* Entered after the load: worked out on entry. In the area when placed in Richmond. */
  PlacementInput far = {.zStart = "2025-03-03", .zRne = "P", .zLegal = "C2", .zCin = "N1", .zPlacement = "K2",
                        .zProvider = "PR4", .zPostcode = "kt11aa", .zHomePostcode = "TW1 3AA"};
  int64_t e2 = start_ok(c, &far);
  assert_true(fabs(miles_of(e2) - 31.1) < 1e-9);
  assert_int_equal(db_int(db, -1, "SELECT in_area FROM episode WHERE id = ?", "I", e2), 0);
  PlacementInput near = {.zPostcode = "TW1 3AA"};
  Errors e = {0};
  assert_int_equal(placement_edit(db, c, e2, &near, "cli:test", &e, NULL), 0);
  assert_true(fabs(miles_of(e2) - 0.0) < 1e-9);
  assert_int_equal(db_int(db, -1, "SELECT in_area FROM episode WHERE id = ?", "I", e2), 1);

  /* The ONS directory's own columns, more of them, in another order; Kingston is now the council. */
  write_file(zOns, "pcd,pcd2,laua,oseast1m,osnrth1m,ctry\n"
                   "TW1 3AA,TW1  3AA,E09000027,516000,173000,E92000001\n"
                   "TW3 1AA,TW3  1AA,E09000018,513000,177000,E92000001\n");
  buf_free(&out);
  assert_int_equal(postcodes_store(db, zOns, "E09000021", "cli:test", &out, &err), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM postcode", ""), 2);
  assert_int_equal(db_int(db, -1, "SELECT in_area FROM episode WHERE id = ?", "I", e2), 0);
  char *zLa = council_la_code(db);
  assert_string_equal(zLa, "E09000021");
  free(zLa);
  /* A file without the columns loads nothing and keeps the table. */
  write_file(zOns, "code,x,y\nTW1 3AA,1,2\n");
  assert_int_equal(postcodes_store(db, zOns, NULL, "cli:test", &out, &err), -1);
  assert_non_null(strstr(err.z, "no pcd column"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM postcode", ""), 2);
  buf_free(&out);
  buf_free(&err);
  unlink(zSimple);
  unlink(zOns);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_new_episode_ends_previous, setup, teardown),
    cmocka_unit_test_setup_teardown(test_correct_audits_each_field, setup, teardown),
    cmocka_unit_test_setup_teardown(test_mark_unregistered_starts_clock, setup, teardown),
    cmocka_unit_test(test_migration_keeps_episodes),
    cmocka_unit_test_setup_teardown(test_distances, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
