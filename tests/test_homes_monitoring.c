/*
** test_homes_monitoring.c: the homes' weekly safeguarding, LADO and
** complaints returns (due the first working day after the week's Sunday:
** a bank holiday Monday moves it to Tuesday), occupancy and staffing by
** month, complaints and compliments, their validation in users' words and
** audit, and their tables in the QPAG report (issue 20).
**
** Dates worked by hand on the 2026 calendar: Monday 4 May and Monday 25
** May are bank holidays; 31 May is a Sunday, so the week beginning 25 May
** ends on the month's last day and its return is due Monday 1 June.
*/
#include "testutil.h"
#include "homes.h"
#include "homes_monitoring.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
#define TODAY D("2026-06-30")
#define ACTOR "test:homes-monitoring"

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

static int64_t add_home(const char *zName, const char *zUrn) {
  HomeInput in = {.zName = zName, .zUrn = zUrn, .zManager = "Mary Manager", .vacantSince = DATE_NONE,
                  .zRi = "Robin Example", .zPlaces = "4", .zAgeFrom = "8", .zAgeTo = "17",
                  .registered = D("2025-01-01"), .zPurpose = ""};
  Errors e = {0};
  int64_t id = home_save(db, 0, &in, TODAY, ACTOR, &e);
  assert_true(id > 0);
  return id;
}

static int64_t weekly(int64_t h, const char *zWeek, const char *zReturned, const char *zSg, const char *zLado,
                      const char *zComp, Errors *e) {
  WeeklyInput in = {.week = zWeek ? D(zWeek) : DATE_NONE, .returned = zReturned ? D(zReturned) : DATE_NONE,
                    .zSafeguarding = zSg, .zLado = zLado, .zComplaints = zComp, .zNote = "Theme: online safety"};
  return weekly_return_save(db, h, &in, TODAY, ACTOR, e);
}

/* The weekly-return items of home h as of zAsOf. */
static void items(int64_t h, const char *zAsOf, int withHistory, HomeItemList *l) {
  HomeRecords r;
  assert_int_equal(home_load(db, h, &r), 1);
  memset(l, 0, sizeof *l);
  home_due(&r, D(zAsOf), withHistory, l);
  home_clear(&r);
  /* Keep the weekly returns only. */
  int n = 0;
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].kind == HI_WEEKLY_RETURN) l->a[n++] = l->a[i];
    else free(l->a[i].zWhat);   /* the list owns it: dropped here, freed here */
  }
  l->n = n;
}

static const HomeItem *week_item(const HomeItemList *l, const char *zWeek) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].refId == D(zWeek)) return &l->a[i];
  }
  return NULL;
}

/* With no return yet, only last week's is owed: due the first working day
** after its Sunday. */
static void test_weekly_due_last_week(void **state) {
  (void)state;
  int64_t h = add_home("Week House", "SC200001");
  HomeItemList l;
  /* Monday 18 May: last week (11 to 17 May) is due today ("Due today"). */
  items(h, "2026-05-18", 0, &l);
  assert_int_equal(l.n, 1);
  assert_date_equal(l.a[0].due, D("2026-05-18"));
  assert_int_equal(l.a[0].status, ST_DUE_TODAY);
  assert_string_equal(l.a[0].zWhat, "Week beginning 11 May 2026");
  assert_string_equal(home_item_name(l.a[0].kind), "weekly-return");
  home_items_free(&l);
  /* Tuesday 19 May: overdue, the day after. */
  items(h, "2026-05-19", 0, &l);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.a[0].status, ST_OVERDUE);
  home_items_free(&l);
  /* Across the bank holiday: the week of 18 May ends Sunday 24 May; Monday
  ** 25 May is a bank holiday, so it is due Tuesday 26 May: due soon on the
  ** bank holiday, due today on the Tuesday, overdue on the Wednesday. */
  items(h, "2026-05-25", 0, &l);
  assert_int_equal(l.n, 1);
  assert_date_equal(l.a[0].due, D("2026-05-26"));
  assert_int_equal(l.a[0].status, ST_DUE_SOON);
  home_items_free(&l);
  items(h, "2026-05-26", 0, &l);
  assert_int_equal(l.a[0].status, ST_DUE_TODAY);
  home_items_free(&l);
  items(h, "2026-05-27", 0, &l);
  assert_int_equal(l.a[0].status, ST_OVERDUE);
  home_items_free(&l);
  assert_date_equal(hm_weekly_due(D("2026-05-18")), D("2026-05-26"));
  /* The week ending on the month's last day (Sunday 31 May) is due Monday
  ** 1 June. */
  assert_date_equal(hm_weekly_due(D("2026-05-25")), D("2026-06-01"));
  /* A day mid-week names its Monday. */
  assert_date_equal(hm_week_of(D("2026-05-31")), D("2026-05-25"));
  assert_date_equal(hm_week_of(D("2026-05-25")), D("2026-05-25"));
}

/* From the first return on, every week is owed: a gap shows as overdue. */
static void test_weekly_gaps_and_history(void **state) {
  (void)state;
  int64_t h = add_home("Gap House", "SC200002");
  Errors e = {0};
  /* The week of 4 May (its Monday a bank holiday) ends Sunday 10 May: due
  ** Monday 11 May, returned that day: on time. A day of the week names it. */
  assert_true(weekly(h, "2026-05-06", "2026-05-11", "1", "0", "2", &e) > 0);
  /* The week of 18 May, due Tuesday 26 May, returned Wednesday 27: late. */
  assert_true(weekly(h, "2026-05-18", "2026-05-27", "0", "1", "0", &e) > 0);
  assert_int_equal(e.n, 0);
  HomeItemList l;
  items(h, "2026-06-01", 1, &l);
  assert_int_equal(l.n, 4);
  assert_int_equal(week_item(&l, "2026-05-04")->status, ST_DONE);
  assert_int_equal(week_item(&l, "2026-05-11")->status, ST_OVERDUE);
  assert_int_equal(week_item(&l, "2026-05-18")->status, ST_DONE_LATE);
  assert_int_equal(week_item(&l, "2026-05-25")->status, ST_DUE_TODAY);
  assert_date_equal(week_item(&l, "2026-05-25")->due, D("2026-06-01"));
  home_items_free(&l);
  items(h, "2026-06-01", 0, &l);
  assert_int_equal(l.n, 2);
  home_items_free(&l);
  /* Replayed on Saturday 9 May, before the first return was made: last
  ** week's (27 April) is owed, as if there were none. (On Sunday 10 May
  ** the week of 4 May has ended and would be the one.) */
  items(h, "2026-05-09", 0, &l);
  assert_int_equal(l.n, 1);
  assert_date_equal((Date)l.a[0].refId, D("2026-04-27"));
  home_items_free(&l);
}

static void test_weekly_validation_and_audit(void **state) {
  (void)state;
  int64_t h = add_home("Valid House", "SC200003");
  Errors e = {0};
  assert_int_equal(weekly(h, NULL, "2026-07-01", "", "-1", "two", &e), 0);
  assert_non_null(errors_for(&e, "week_of"));
  assert_string_equal(errors_for(&e, "returned_on"), "The date of the return cannot be in the future");
  assert_string_equal(errors_for(&e, "safeguarding"), "Enter the number of safeguarding concerns");
  assert_string_equal(errors_for(&e, "lado_referrals"),
                      "Enter the number of referrals to the LADO as a whole number from 0 to 999");
  assert_non_null(errors_for(&e, "complaints"));
  memset(&e, 0, sizeof e);
  assert_int_equal(weekly(h, "2026-05-11", "2026-05-08", "0", "0", "0", &e), 0);
  assert_string_equal(errors_for(&e, "returned_on"), "The return cannot be made before the week it covers begins");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM home_weekly_return", ""), 0);
  /* A week sent again corrects its return, with what it said before. */
  memset(&e, 0, sizeof e);
  int64_t id = weekly(h, "2026-05-11", "2026-05-18", "1", "0", "0", &e);
  assert_true(id > 0);
  assert_int_equal(weekly(h, "2026-05-15", "2026-05-19", "2", "1", "0", &e), id);
  assert_int_equal(db_int(db, -1, "SELECT safeguarding FROM home_weekly_return WHERE id=?", "I", id), 2);
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action='weekly-return.update'"
                                 " AND before_value LIKE '%safeguarding 1,%' AND after_value LIKE '%safeguarding 2,%'", "s", zRec), 1);
}

static int64_t month(int64_t h, const char *zMonth, const char *zUsed, const char *zPosts, const char *zFilled,
                     const char *zLeavers, Errors *e) {
  int m = -1;
  if (zMonth) month_parse(zMonth, &m);
  MonthInput in = {.month = m, .zPlacesUsed = zUsed, .zPosts = zPosts, .zFilled = zFilled, .zLeavers = zLeavers};
  return home_month_save(db, h, &in, TODAY, ACTOR, e);
}

static void test_month_validation(void **state) {
  (void)state;
  int64_t h = add_home("Month House", "SC200004");
  Errors e = {0};
  assert_int_equal(month(h, "2026-05", "5", "10", "11", "", &e), 0);
  assert_string_equal(errors_for(&e, "places_used"), "The places used must be 4 or fewer: the home is registered for 4 places");
  memset(&e, 0, sizeof e);
  assert_int_equal(month(h, "2026-05", "", "10", "11", "", &e), 0);
  assert_string_equal(errors_for(&e, "filled"), "The posts filled must be no more than the posts (10)");
  memset(&e, 0, sizeof e);
  assert_int_equal(month(h, "2026-05", "", "", "", "", &e), 0);
  assert_non_null(errors_for(&e, "places_used"));
  memset(&e, 0, sizeof e);
  assert_int_equal(month(h, "2026-07", "1", "", "", "", &e), 0);
  assert_string_equal(errors_for(&e, "month"), "The month cannot be in the future");
  memset(&e, 0, sizeof e);
  /* Occupancy first, staffing later: the month keeps both. */
  int64_t id = month(h, "2026-05", "3", "", "", "", &e);
  assert_true(id > 0);
  assert_int_equal(month(h, "2026-05", "", "10", "8", "1", &e), id);
  assert_int_equal(e.n, 0);
  assert_int_equal(db_int(db, -1, "SELECT places_used * 1000 + posts * 100 + filled * 10 + leavers FROM home_month", ""), 3000 + 1000 + 80 + 1);
}

static void test_feedback_validation(void **state) {
  (void)state;
  int64_t h = add_home("Word House", "SC200005");
  Errors e = {0};
  FeedbackInput bad = {.zKind = "compliment", .received = DATE_NONE, .outcomeOn = D("2026-05-02"), .zFrom = "neighbour",
                       .zAbout = "", .zSummary = "", .zOutcome = "upheld"};
  assert_int_equal(home_feedback_save(db, h, 0, &bad, TODAY, ACTOR, &e), 0);
  assert_string_equal(errors_for(&e, "received_on"), "Enter the date it was received");
  assert_string_equal(errors_for(&e, "from_kind"), "Select who it came from");
  assert_string_equal(errors_for(&e, "about"), "Select what it was about");
  assert_non_null(errors_for(&e, "outcome"));
  memset(&e, 0, sizeof e);
  FeedbackInput c = {.zKind = "complaint", .received = D("2026-05-12"), .outcomeOn = DATE_NONE, .zFrom = "family",
                     .zAbout = "food", .zSummary = "Meals not to a young person's taste", .zOutcome = "open"};
  int64_t id = home_feedback_save(db, h, 0, &c, TODAY, ACTOR, &e);
  assert_true(id > 0);
  /* The outcome needs its date, and not before the complaint. */
  c.zOutcome = "partly-upheld";
  assert_int_equal(home_feedback_save(db, h, id, &c, TODAY, ACTOR, &e), 0);
  assert_string_equal(errors_for(&e, "outcome_on"), "Enter the date of the outcome");
  memset(&e, 0, sizeof e);
  c.outcomeOn = D("2026-05-11");
  assert_int_equal(home_feedback_save(db, h, id, &c, TODAY, ACTOR, &e), 0);
  assert_string_equal(errors_for(&e, "outcome_on"), "The outcome cannot be before the complaint was received");
  memset(&e, 0, sizeof e);
  c.outcomeOn = D("2026-05-20");
  assert_int_equal(home_feedback_save(db, h, id, &c, TODAY, ACTOR, &e), id);
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action='feedback.update'"
                                 " AND before_value LIKE '%outcome open%' AND after_value LIKE '%outcome Partly upheld 2026-05-20%'", "s", zRec), 1);
  /* Another home's complaint is not this one's to change. */
  int64_t h2 = add_home("Other House", "SC200006");
  assert_int_equal(home_feedback_save(db, h2, id, &c, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "fb_kind"));
}

static const RTable *table(const QpagReport *r, int k) { return &r->aTab[k]; }

static void kpi_of(const QpagReport *r, const char *zName, int64_t *pV, int64_t *pOf) {
  const RTable *t = table(r, QPAG_KPI);
  for (int i = 0; i < t->nRow; i++) {
    if (strcmp(rtable_cell(t, i, 0)->z, zName) == 0) {
      *pV = rtable_cell(t, i, 1)->v;
      *pOf = rtable_cell(t, i, 2)->v;
      return;
    }
  }
  print_error("no KPI \"%s\"\n", zName);
  fail();
}

/* May 2026 in the QPAG report: the weeks ending in May by home and week,
** occupancy 3 of 4 (75%), staffing 10 posts, 8 filled, 2 vacancies (20%),
** 1 leaver; a complaint by kind, never a name or its summary. */
static void test_qpag_tables(void **state) {
  (void)state;
  int64_t h = add_home("Report House", "SC200007");
  Errors e = {0};
  assert_true(weekly(h, "2026-05-04", "2026-05-11", "1", "0", "2", &e) > 0);
  assert_true(weekly(h, "2026-05-18", "2026-05-27", "0", "1", "0", &e) > 0);
  assert_true(weekly(h, "2026-05-25", "2026-06-01", "3", "0", "0", &e) > 0);
  assert_true(month(h, "2026-05", "3", "10", "8", "1", &e) > 0);
  FeedbackInput c = {.zKind = "complaint", .received = D("2026-05-12"), .outcomeOn = D("2026-05-20"), .zFrom = "family",
                     .zAbout = "food", .zSummary = "Zebulon's mother says the meals are cold", .zOutcome = "upheld"};
  assert_true(home_feedback_save(db, h, 0, &c, TODAY, ACTOR, &e) > 0);
  FeedbackInput k = {.zKind = "compliment", .received = D("2026-04-30"), .outcomeOn = DATE_NONE,
                     .zFrom = "professional", .zAbout = "care", .zSummary = "", .zOutcome = ""};
  assert_true(home_feedback_save(db, h, 0, &k, TODAY, ACTOR, &e) > 0);
  assert_int_equal(e.n, 0);

  int m;
  month_parse("2026-05", &m);
  QpagReport r;
  qpag_report(db, m, TODAY, &r);
  /* Weeks ending in May from the first return: 4, 11, 18 and 25 May (the
  ** last ends on Sunday 31 May, its return due 1 June: not yet due on 31 May). */
  const RTable *wk = table(&r, QPAG_WEEKLY);
  assert_int_equal(wk->nRow, 4);
  assert_date_equal((Date)rtable_cell(wk, 0, 1)->v, D("2026-05-04"));
  assert_string_equal(rtable_cell(wk, 0, 3)->z, "on time");
  assert_int_equal(rtable_cell(wk, 0, 6)->v, 2);
  assert_string_equal(rtable_cell(wk, 1, 3)->z, "overdue");
  assert_string_equal(rtable_cell(wk, 2, 3)->z, "late");
  assert_string_equal(rtable_cell(wk, 3, 3)->z, "not yet due");
  assert_date_equal((Date)rtable_cell(wk, 3, 2)->v, DATE_NONE);
  /* Due in May: 11, 18 and 26 May; on time 1 of 3. The counts are of the
  ** returns made by 31 May: 1 + 0 safeguarding, 0 + 1 LADO, 2 complaints. */
  int64_t v, of;
  kpi_of(&r, "Weekly returns due in the month made on time", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 3);
  kpi_of(&r, "Safeguarding concerns in the weekly returns", &v, &of);
  assert_int_equal(v, 1);
  kpi_of(&r, "LADO referrals in the weekly returns", &v, &of);
  assert_int_equal(v, 1);
  kpi_of(&r, "Places used of places registered", &v, &of);
  assert_int_equal(v, 3);
  assert_int_equal(of, 4);
  kpi_of(&r, "Complaints decided in the month upheld in full or in part", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 1);
  kpi_of(&r, "Compliments received in the month", &v, &of);
  assert_int_equal(v, 0);
  const RTable *oc = table(&r, QPAG_OCCUPANCY);
  assert_int_equal(oc->nRow, 1);
  assert_int_equal(rtable_cell(oc, 0, 3)->v, 7500);
  const RTable *sf = table(&r, QPAG_STAFFING);
  assert_int_equal(rtable_cell(sf, 0, 3)->v, 2);
  assert_int_equal(rtable_cell(sf, 0, 4)->v, 2000);
  assert_int_equal(rtable_cell(sf, 0, 5)->v, 1);
  const RTable *fb = table(&r, QPAG_COMPLAINTS);
  assert_int_equal(fb->nRow, 1);
  assert_string_equal(rtable_cell(fb, 0, 3)->z, "A young person's family");
  assert_string_equal(rtable_cell(fb, 0, 4)->z, "Food");
  assert_string_equal(rtable_cell(fb, 0, 5)->z, "Upheld");

  Buf j = {0};
  qpag_report_json(&r, &j);
  assert_null(strstr(j.z, "Zebulon"));
  assert_null(strstr(j.z, "online safety"));
  json_error_t jerr;
  json_t *o = json_loads(j.z, 0, &jerr);
  assert_non_null(o);
  json_t *tabs = json_object_get(o, "tables");
  assert_non_null(json_object_get(tabs, "weekly_returns"));
  assert_non_null(json_object_get(tabs, "occupancy"));
  assert_non_null(json_object_get(tabs, "staffing"));
  assert_non_null(json_object_get(tabs, "complaints_compliments"));
  json_t *row = json_array_get(json_object_get(json_object_get(tabs, "occupancy"), "rows"), 0);
  assert_true(json_real_value(json_object_get(row, "occupancy_percent")) == 75.0);
  json_decref(o);
  buf_free(&j);
  Buf c2 = {0};
  qpag_report_csv(&r, &c2);
  assert_non_null(strstr(c2.z, "home,week_beginning,returned_on,status,safeguarding_concerns,lado_referrals,complaints\r\n"));
  assert_null(strstr(c2.z, "Zebulon"));
  buf_free(&c2);
  /* The board's copy of the weekly table: small counts hidden. */
  assert_true(homes_monitoring_figure_table(QPAG_WEEKLY));
  assert_false(homes_monitoring_figure_table(QPAG_COMPLAINTS));
  RTable fig;
  rtable_figures_only(wk, &fig, 1);
  assert_string_equal(rtable_cell(&fig, 0, 6)->z, "fewer than 6");
  rtable_figures_free(&fig);
  qpag_report_free(&r);

  /* The home page's tables: the note and summary are there. */
  HomeRecords hr;
  HomeMonitoring hm;
  assert_int_equal(home_load(db, h, &hr), 1);
  assert_int_equal(homes_monitoring_load(db, h, &hm), 0);
  RTable t;
  hm_weekly_table(&hr, &hm, D("2026-06-02"), 12, &t);
  assert_int_equal(t.nRow, 4);
  assert_string_equal(rtable_cell(&t, 0, 6)->z, "Theme: online safety");
  rtable_clear(&t);
  hm_month_table(&hr, &hm, &t);
  assert_string_equal(rtable_cell(&t, 0, 3)->z, "3 of 4 places used");
  rtable_clear(&t);
  homes_monitoring_clear(&hm);
  home_clear(&hr);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_weekly_due_last_week, setup, teardown),
    cmocka_unit_test_setup_teardown(test_weekly_gaps_and_history, setup, teardown),
    cmocka_unit_test_setup_teardown(test_weekly_validation_and_audit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_month_validation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_feedback_validation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_qpag_tables, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
