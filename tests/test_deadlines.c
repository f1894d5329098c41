/*
** test_deadlines.c: every deadline item of a child, at its edges (the due
** date itself, the day after, across bank holidays and month ends).
*/
#include "testutil.h"
#include "deadlines.h"
#include "reviews.h"
#include "rules.h"
#include "util.h"

#include <string.h>

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

/* The one deadline of `item` (the first if several), or NULL. */
static const Deadline *find(const DeadlineList *l, Item item) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].item == item) return &l->a[i];
  }
  return NULL;
}

/* The open one of `item` for the next review (reviewId 0), or NULL. */
static const Deadline *find_next(const DeadlineList *l, Item item) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].item == item && l->a[i].reviewId == 0) return &l->a[i];
  }
  return NULL;
}

static int count(const DeadlineList *l, Item item) {
  int n = 0;
  for (int i = 0; i < l->n; i++) n += l->a[i].item == item;
  return n;
}

/* Compute c's deadlines as of zAsOf into a fresh list. */
static DeadlineList run(TChild *t, const char *zAsOf, int withHistory) {
  DeadlineList l = {0};
  deadlines_for_child(&t->c, D(zAsOf), withHistory, &l);
  return l;
}

static void status_edges(void **state) {
  (void)state;
  /* Due Tuesday 31 March 2026; ten working days before is 17 March. */
  Date due = D("2026-03-31");
  assert_int_equal(deadline_status(due, DATE_NONE, D("2026-03-16")), ST_OK);
  assert_int_equal(deadline_status(due, DATE_NONE, D("2026-03-17")), ST_DUE_SOON);
  /* The day before is still due soon; the due day is a state of its own
  ** (issue 17: "due today", never "due soon"), open, and ranked between
  ** overdue and due soon in a worklist. */
  assert_int_equal(deadline_status(due, DATE_NONE, D("2026-03-30")), ST_DUE_SOON);
  assert_int_equal(deadline_status(due, DATE_NONE, D("2026-03-31")), ST_DUE_TODAY);
  assert_true(STATUS_IS_OPEN(ST_DUE_TODAY));
  assert_string_equal(status_name(ST_DUE_TODAY), "due-today");
  assert_true(status_rank(ST_OVERDUE) < status_rank(ST_DUE_TODAY));
  assert_true(status_rank(ST_DUE_TODAY) < status_rank(ST_DUE_SOON));
  assert_true(status_rank(ST_DUE_SOON) < status_rank(ST_OK));
  assert_true(status_rank(ST_OK) < status_rank(ST_DONE));
  assert_int_equal(deadline_status(due, DATE_NONE, D("2026-04-01")), ST_OVERDUE);
  assert_int_equal(deadline_status(due, D("2026-03-31"), D("2026-06-01")), ST_DONE);
  assert_int_equal(deadline_status(due, D("2026-04-01"), D("2026-06-01")), ST_DONE_LATE);
  /* The window counts working days: over Christmas it reaches further. */
  /* Back from 5 January: 2 Jan, 31, 30, 29, 24, 23, 22, 19, 18, 17 Dec
  ** (New Year's Day, Christmas and Boxing Day skipped). */
  Date xmas = D("2026-01-05");
  assert_int_equal(deadline_status(xmas, DATE_NONE, D("2025-12-16")), ST_OK);
  assert_int_equal(deadline_status(xmas, DATE_NONE, D("2025-12-17")), ST_DUE_SOON);
}

static void recommendations_five_working_days_over_christmas(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-11-20", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-19");   /* Friday: 22, 23, 24, 29, 30 December */
  DeadlineList l = run(&t, "2025-12-30", 0);
  const Deadline *d = find(&l, ITEM_RECOMMENDATIONS);
  assert_non_null(d);
  assert_date_equal(d->due, D("2025-12-30"));
  assert_int_equal(d->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2025-12-31", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATIONS)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* Issued on the fifth working day: on time, and no longer open. */
  t.rv[0].recommendations = D("2025-12-30");
  l = run(&t, "2025-12-31", 0);
  assert_null(find(&l, ITEM_RECOMMENDATIONS));
  deadlines_free(&l);
  l = run(&t, "2025-12-31", 1);
  assert_int_equal(find(&l, ITEM_RECOMMENDATIONS)->status, ST_DONE);
  deadlines_free(&l);
  t.rv[0].recommendations = D("2025-12-31");
  l = run(&t, "2026-01-02", 1);
  assert_int_equal(find(&l, ITEM_RECOMMENDATIONS)->status, ST_DONE_LATE);
  deadlines_free(&l);
  /* Issued after the as-of day: replaying that day, it was still open. */
  l = run(&t, "2025-12-30", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATIONS)->status, ST_DUE_TODAY);
  deadlines_free(&l);
}

static void minutes_twenty_working_days(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-01-06", NULL, REG_REGISTERED);
  /* Held Thursday 27 March 2025: Good Friday 18 April and Easter Monday
  ** 21 April fall in the twenty days, so they run to 28 April. */
  tc_review(&t, "2025-03-27");
  DeadlineList l = run(&t, "2025-04-28", 0);
  assert_date_equal(find(&l, ITEM_MINUTES)->due, D("2025-04-28"));
  assert_int_equal(find(&l, ITEM_MINUTES)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2025-04-29", 0);
  assert_int_equal(find(&l, ITEM_MINUTES)->status, ST_OVERDUE);
  deadlines_free(&l);
}

static void review_item_open_while_in_care_only(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-01", "2026-02-10", REG_REGISTERED);
  DeadlineList l = run(&t, "2025-12-31", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2025-12-31"));
  assert_int_equal(find(&l, ITEM_REVIEW)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2026-01-01", 0);
  assert_int_equal(find(&l, ITEM_REVIEW)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* Left care: nothing further is due for them. */
  l = run(&t, "2026-02-11", 0);
  assert_null(find(&l, ITEM_REVIEW));
  assert_null(find(&l, ITEM_ALLOCATION));
  deadlines_free(&l);
}

static void left_care_still_owed_their_minutes(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2008-01-01");
  tc_episode(&t, "2025-12-01", "2026-01-02", REG_REGISTERED);
  tc_review(&t, "2025-12-31");
  DeadlineList l = run(&t, "2026-03-01", 0);
  assert_non_null(find(&l, ITEM_MINUTES));
  assert_int_equal(find(&l, ITEM_MINUTES)->status, ST_OVERDUE);
  assert_null(find(&l, ITEM_REVIEW));
  deadlines_free(&l);
}

static void history_judges_each_review_against_its_due_date(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-31");   /* on its due date */
  tc_review(&t, "2026-04-01");   /* due 31 March: a day late */
  DeadlineList l = run(&t, "2026-04-02", 1);
  int nDone = 0, nLate = 0, nOpen = 0;
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].item != ITEM_REVIEW) continue;
    nDone += l.a[i].status == ST_DONE;
    nLate += l.a[i].status == ST_DONE_LATE;
    nOpen += STATUS_IS_OPEN(l.a[i].status);
  }
  assert_int_equal(nDone, 1);
  assert_int_equal(nLate, 1);
  assert_int_equal(nOpen, 1);   /* the next one, six months on */
  assert_int_equal(count(&l, ITEM_REVIEW), 3);
  deadlines_free(&l);
  /* A due date stored when the review was recorded wins. */
  t.rv[1].due = D("2026-04-10");
  l = run(&t, "2026-04-02", 1);
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].item == ITEM_REVIEW && l.a[i].done == D("2026-04-01")) {
      assert_int_equal(l.a[i].status, ST_DONE);
    }
  }
  deadlines_free(&l);
}

/* How long a child has waited for an IRO is counted from the day the
** allocation item is (the notification), or from the day their last IRO's
** allocation ended; nothing for a child with an IRO. */
static void waiting_since(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  t.c.notified = D("2026-01-02");
  tc_episode(&t, "2026-01-05", NULL, REG_REGISTERED);
  assert_date_equal(deadline_waiting_since(&t.c, D("2026-01-12")), D("2026-01-02"));
  assert_int_equal(cal_working_days_between(D("2026-01-02"), D("2026-01-12")), 6);
  tc_allocation(&t, 7, "2026-01-09", "2026-02-27");
  assert_date_equal(deadline_waiting_since(&t.c, D("2026-02-01")), DATE_NONE);
  assert_date_equal(deadline_waiting_since(&t.c, D("2026-03-02")), D("2026-02-27"));
  /* Before the child came into care, there is no wait. */
  assert_date_equal(deadline_waiting_since(&t.c, D("2026-01-04")), DATE_NONE);
}

static void allocation_five_working_days_from_notification(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  t.c.notified = D("2026-01-02");   /* Friday: 5, 6, 7, 8, 9 January */
  tc_episode(&t, "2026-01-05", NULL, REG_REGISTERED);
  DeadlineList l = run(&t, "2026-01-09", 0);
  assert_date_equal(find(&l, ITEM_ALLOCATION)->due, D("2026-01-09"));
  assert_int_equal(find(&l, ITEM_ALLOCATION)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2026-01-12", 0);
  assert_int_equal(find(&l, ITEM_ALLOCATION)->status, ST_OVERDUE);
  deadlines_free(&l);
  tc_allocation(&t, 7, "2026-01-09", NULL);
  l = run(&t, "2026-01-12", 1);
  assert_int_equal(find(&l, ITEM_ALLOCATION)->status, ST_DONE);
  deadlines_free(&l);
  l = run(&t, "2026-01-12", 0);
  assert_null(find(&l, ITEM_ALLOCATION));
  deadlines_free(&l);
  t.al[0].start = D("2026-01-12");
  l = run(&t, "2026-01-12", 1);
  assert_int_equal(find(&l, ITEM_ALLOCATION)->status, ST_DONE_LATE);
  deadlines_free(&l);
}

static void allocation_without_notification_counts_from_period_start(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2026-05-22", NULL, REG_REGISTERED);
  /* Friday 22 May; Spring bank holiday Monday 25 May: due Monday 1 June. */
  DeadlineList l = run(&t, "2026-05-26", 0);
  assert_date_equal(find(&l, ITEM_ALLOCATION)->due, D("2026-06-01"));
  deadlines_free(&l);
}

static void iro_left_without_successor_needs_reallocation(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-01-06", NULL, REG_REGISTERED);
  tc_allocation(&t, 3, "2025-01-07", "2026-03-06");
  DeadlineList l = run(&t, "2026-03-10", 0);
  const Deadline *d = find(&l, ITEM_ALLOCATION);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-03-13"));
  assert_int_equal(d->status, ST_DUE_SOON);
  deadlines_free(&l);
}

static void permanence_plan_by_the_second_review(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2016-01-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  DeadlineList l = run(&t, "2025-12-10", 0);
  assert_null(find(&l, ITEM_PERMANENCE));   /* nothing to check before a review */
  deadlines_free(&l);
  tc_review(&t, "2025-12-31");
  l = run(&t, "2026-01-05", 0);
  /* Due with the second review, three months on. */
  assert_date_equal(find(&l, ITEM_PERMANENCE)->due, D("2026-03-31"));
  deadlines_free(&l);
  Review *r2 = tc_review(&t, "2026-03-31");
  l = run(&t, "2026-04-01", 0);
  assert_int_equal(find(&l, ITEM_PERMANENCE)->status, ST_OVERDUE);
  deadlines_free(&l);
  r2->permanence = 1;
  l = run(&t, "2026-04-01", 1);
  assert_int_equal(find(&l, ITEM_PERMANENCE)->status, ST_DONE);
  deadlines_free(&l);
  /* In place only at the third review: late. */
  r2->permanence = 0;
  tc_review(&t, "2026-06-01")->permanence = 1;
  l = run(&t, "2026-06-02", 1);
  assert_int_equal(find(&l, ITEM_PERMANENCE)->status, ST_DONE_LATE);
  deadlines_free(&l);
}

static void pathway_plan_at_sixteen(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2010-07-15");
  tc_episode(&t, "2024-01-08", NULL, REG_REGISTERED);
  tc_review(&t, "2024-02-05");
  tc_review(&t, "2024-05-03");
  tc_review(&t, "2025-11-03");
  tc_review(&t, "2026-05-01");   /* next due 1 November 2026 */
  /* 16 on 15 July 2026, before the next review: shown, due that day. */
  DeadlineList l = run(&t, "2026-05-02", 0);
  const Deadline *d = find(&l, ITEM_PATHWAY);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-07-15"));
  assert_int_equal(d->status, ST_OK);
  deadlines_free(&l);
  l = run(&t, "2026-07-16", 0);
  assert_int_equal(find(&l, ITEM_PATHWAY)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* A plan and an adviser recorded: done. One without the other is not. */
  t.rv[3].pathway = 1;
  l = run(&t, "2026-07-16", 0);
  assert_non_null(find(&l, ITEM_PATHWAY));
  deadlines_free(&l);
  t.rv[3].adviser = 1;
  l = run(&t, "2026-07-16", 0);
  assert_null(find(&l, ITEM_PATHWAY));
  deadlines_free(&l);
  /* A younger child whose birthday is after the next review: not shown. */
  TChild y;
  tc_init(&y, "2012-07-15");
  tc_episode(&y, "2024-01-08", NULL, REG_REGISTERED);
  l = run(&y, "2024-01-10", 0);
  assert_null(find(&l, ITEM_PATHWAY));
  deadlines_free(&l);
}

static void documents_by_seventeen_all_four(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2009-09-10");
  tc_episode(&t, "2024-01-08", NULL, REG_REGISTERED);
  tc_review(&t, "2024-02-05");
  tc_review(&t, "2024-05-03");
  Review *r = tc_review(&t, "2026-05-01");
  r->niNumber = r->passport = r->bankAccount = 1;
  DeadlineList l = run(&t, "2026-09-10", 0);
  const Deadline *d = find(&l, ITEM_DOCUMENTS17);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-09-10"));
  assert_int_equal(d->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2026-09-11", 0);
  assert_int_equal(find(&l, ITEM_DOCUMENTS17)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* The birth certificate arrives at a later review: done then, late. */
  tc_review(&t, "2026-10-01")->birthCertificate = 1;
  l = run(&t, "2026-10-02", 1);
  d = find(&l, ITEM_DOCUMENTS17);
  assert_int_equal(d->status, ST_DONE_LATE);
  assert_date_equal(d->done, D("2026-10-01"));
  deadlines_free(&l);
}

static void entering_care_after_sixteen_counts_from_first_review(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2009-01-10");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  DeadlineList l = run(&t, "2025-12-02", 0);
  assert_date_equal(find(&l, ITEM_PATHWAY)->due, D("2025-12-31"));
  deadlines_free(&l);
}

static void midpoint_contact_between_reviews(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-31");
  /* Next review 31 March: 90 days on, so the midpoint is 15 February. */
  DeadlineList l = run(&t, "2026-02-16", 0);
  assert_date_equal(find(&l, ITEM_MIDPOINT_CONTACT)->due, D("2026-02-14"));
  assert_int_equal(find(&l, ITEM_MIDPOINT_CONTACT)->status, ST_OVERDUE);
  deadlines_free(&l);
  tc_contact(&t, "2026-02-10");
  l = run(&t, "2026-02-16", 0);
  assert_null(find(&l, ITEM_MIDPOINT_CONTACT));
  deadlines_free(&l);
  /* A contact before the last review does not count for this interval. */
  t.ct[0].on = D("2025-12-20");
  l = run(&t, "2026-02-16", 0);
  assert_non_null(find(&l, ITEM_MIDPOINT_CONTACT));
  deadlines_free(&l);
}

static void rule_change_moves_every_deadline(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "review_first", 15, "working-days", "test", &zErr), 0);
  DeadlineList l = run(&t, "2025-12-02", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, cal_add_working_days(D("2025-12-01"), 15));
  deadlines_free(&l);
  assert_int_equal(rules_set(db, "review_first", 20, "working-days", "test", &zErr), 0);
  l = run(&t, "2025-12-02", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2025-12-31"));
  deadlines_free(&l);
}

/* A recommendation is due by its own date (rule recommendation_overdue,
** 0 working days by default): open on the date itself, overdue the day
** after; done on the date is on time, not done is missed (history). */
static void recommendation_due_date_and_day_after(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-06-02", NULL, REG_REGISTERED);
  Review *rv = tc_review(&t, "2026-01-05");
  Recommendation *x = tc_recommendation(&t, rv, "2026-02-27");   /* a Friday */
  /* Nothing before the review that made it. */
  DeadlineList l = run(&t, "2026-01-04", 1);
  assert_int_equal(count(&l, ITEM_RECOMMENDATION), 0);
  deadlines_free(&l);
  l = run(&t, "2026-02-27", 0);
  const Deadline *d = find(&l, ITEM_RECOMMENDATION);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-02-27"));
  assert_int_equal(d->status, ST_DUE_TODAY);
  assert_int_equal(d->recId, x->id);
  deadlines_free(&l);
  l = run(&t, "2026-02-28", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* Done on the due date: on time; seen before it was done, still open. */
  x->status = REC_DONE;
  x->closed = D("2026-02-27");
  l = run(&t, "2026-03-02", 1);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_DONE);
  deadlines_free(&l);
  l = run(&t, "2026-02-26", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_DUE_SOON);
  deadlines_free(&l);
  x->closed = D("2026-03-02");
  l = run(&t, "2026-03-02", 1);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_DONE_LATE);
  deadlines_free(&l);
  /* Not done (with its reason): closed as missed, not open any more. */
  x->status = REC_NOT_DONE;
  l = run(&t, "2026-03-03", 0);
  assert_int_equal(count(&l, ITEM_RECOMMENDATION), 0);
  deadlines_free(&l);
  l = run(&t, "2026-03-03", 1);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_MISSED);
  deadlines_free(&l);
}

/* With a grace of working days, the count skips a bank holiday: due
** Thursday 2 April 2026, one working day on is Tuesday 7 April (Good
** Friday and Easter Monday are not working days). */
static void recommendation_overdue_across_a_bank_holiday(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-06-02", NULL, REG_REGISTERED);
  Review *rv = tc_review(&t, "2026-03-02");
  tc_recommendation(&t, rv, "2026-04-02");
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "recommendation_overdue", 1, "working-days", "test", &zErr), 0);
  DeadlineList l = run(&t, "2026-04-06", 0);
  assert_date_equal(find(&l, ITEM_RECOMMENDATION)->due, D("2026-04-07"));
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_DUE_SOON);
  deadlines_free(&l);
  l = run(&t, "2026-04-07", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, "2026-04-08", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_OVERDUE);
  deadlines_free(&l);
  assert_int_equal(rules_set(db, "recommendation_overdue", 0, "working-days", "test", &zErr), 0);
  /* Back to the default: the day after the due date, whatever day it is. */
  l = run(&t, "2026-04-03", 0);
  assert_int_equal(find(&l, ITEM_RECOMMENDATION)->status, ST_OVERDUE);
  deadlines_free(&l);
}

/* The names are what `oversight due` prints and alerts are filed under:
** each item's is its own. (The unregistered-provision items are tested in
** tests/test_unregistered.c.) */
static void item_and_status_names(void **state) {
  (void)state;
  for (int i = 0; i < ITEM__COUNT; i++) {
    assert_string_not_equal(item_name((Item)i), "?");
    assert_string_not_equal(item_label((Item)i), "?");
    for (int k = 0; k < i; k++) assert_string_not_equal(item_name((Item)i), item_name((Item)k));
  }
  assert_string_equal(item_name(ITEM__COUNT), "?");
  assert_string_equal(status_name(ST_DONE_LATE), "done-late");
  assert_string_equal(status_name(ST_MISSED), "missed");
  assert_false(STATUS_IS_OPEN(ST_MISSED));
  /* A placement in unregistered provision brings its own items. */
  TChild t;
  tc_init(&t, "2011-05-01");
  tc_episode(&t, "2026-02-02", NULL, REG_UNREGISTERED);
  DeadlineList l = run(&t, "2026-02-03", 0);
  assert_non_null(find(&l, ITEM_UNREG_QA_NOTIFIED));
  assert_non_null(find(&l, ITEM_UNREG_VISIT));
  assert_non_null(find(&l, ITEM_OVERSIGHT_RECORD));
  deadlines_free(&l);
}

/* The IRO's contact with the child before a review (issue 16): due
** pre_review_contact (5) working days before the review is due. First
** review held Thursday 8 January 2026, so the second is due Wednesday 8
** April; counting back five working days skips Easter Monday (6 April)
** and Good Friday (3 April): 7 April, 2, 1, 31 March, 30 March. */
static void pre_review_contact_due_day_day_after_across_easter(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-10", NULL, REG_REGISTERED);
  tc_review(&t, "2026-01-08");
  DeadlineList l = run(&t, "2026-03-30", 0);
  const Deadline *d = find(&l, ITEM_PRE_REVIEW_CONTACT);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-03-30"));
  assert_int_equal(d->status, ST_DUE_TODAY);   /* the due day itself */
  deadlines_free(&l);
  l = run(&t, "2026-03-31", 0);
  assert_int_equal(find(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_OVERDUE);   /* the day after */
  deadlines_free(&l);

  /* A visit on the due day is on time; the day after, late. */
  Contact *x = tc_contact(&t, "2026-03-30");
  l = run(&t, "2026-03-31", 0);
  assert_null(find(&l, ITEM_PRE_REVIEW_CONTACT));
  deadlines_free(&l);
  l = run(&t, "2026-03-31", 1);
  assert_int_equal(find_next(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_DONE);
  deadlines_free(&l);
  x->on = D("2026-03-31");
  l = run(&t, "2026-04-01", 1);
  assert_int_equal(find_next(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_DONE_LATE);
  deadlines_free(&l);

  /* Only contacts with the child count (table contact_counts). */
  x->on = D("2026-03-20");
  strcpy(x->with, "social-worker");
  l = run(&t, "2026-03-31", 0);
  assert_int_equal(find(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_OVERDUE);
  deadlines_free(&l);

  /* The run-up starts after the midpoint (8 January + 90 days / 2 = 22
  ** February): a visit on the midpoint is the midpoint contact, not this. */
  strcpy(x->with, "child");
  x->on = D("2026-02-22");
  l = run(&t, "2026-03-31", 0);
  assert_int_equal(find(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_OVERDUE);
  assert_null(find(&l, ITEM_MIDPOINT_CONTACT));
  deadlines_free(&l);
  x->on = D("2026-02-23");
  l = run(&t, "2026-03-31", 0);
  assert_null(find(&l, ITEM_PRE_REVIEW_CONTACT));
  deadlines_free(&l);

  /* Once the review is held, its history keeps the item (done by 23
  ** February, on time) and the next review brings a new one. */
  tc_review(&t, "2026-04-08");
  l = run(&t, "2026-04-09", 1);
  /* The first review's (no contact before it: missed, history only),
  ** the second's, and the third's, open. */
  assert_int_equal(count(&l, ITEM_PRE_REVIEW_CONTACT), 3);
  assert_int_equal(find(&l, ITEM_PRE_REVIEW_CONTACT)->status, ST_MISSED);
  assert_non_null(find_next(&l, ITEM_PRE_REVIEW_CONTACT));
  int nDone = 0;
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].item == ITEM_PRE_REVIEW_CONTACT && l.a[i].status == ST_DONE) {
      nDone++;
      assert_date_equal(l.a[i].due, D("2026-03-30"));
      assert_date_equal(l.a[i].done, D("2026-02-23"));
    }
  }
  assert_int_equal(nDone, 1);
  deadlines_free(&l);
}

/* Which contacts count for the midpoint is data: as shipped, the child or
** the social worker, not the carer; a council may add the carer. */
static void midpoint_contact_counts_from_the_table(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2014-01-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-31");
  Contact *x = tc_contact(&t, "2026-02-10");
  strcpy(x->with, "carer");
  DeadlineList l = run(&t, "2026-02-16", 0);
  assert_int_equal(find(&l, ITEM_MIDPOINT_CONTACT)->status, ST_OVERDUE);
  deadlines_free(&l);
  strcpy(x->with, "social-worker");
  l = run(&t, "2026-02-16", 0);
  assert_null(find(&l, ITEM_MIDPOINT_CONTACT));
  deadlines_free(&l);
  strcpy(x->with, "carer");
  assert_int_equal(db_exec(db, "INSERT INTO contact_counts(item, with_whom) VALUES('midpoint-contact', 'carer')", ""), DB_OK);
  assert_int_equal(rules_load(db), 0);
  l = run(&t, "2026-02-16", 0);
  assert_null(find(&l, ITEM_MIDPOINT_CONTACT));
  deadlines_free(&l);
  assert_int_equal(db_exec(db, "DELETE FROM contact_counts WHERE with_whom = 'carer'", ""), DB_OK);
  assert_int_equal(rules_load(db), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(status_edges),
    cmocka_unit_test(recommendations_five_working_days_over_christmas),
    cmocka_unit_test(minutes_twenty_working_days),
    cmocka_unit_test(review_item_open_while_in_care_only),
    cmocka_unit_test(left_care_still_owed_their_minutes),
    cmocka_unit_test(history_judges_each_review_against_its_due_date),
    cmocka_unit_test(waiting_since),
    cmocka_unit_test(allocation_five_working_days_from_notification),
    cmocka_unit_test(allocation_without_notification_counts_from_period_start),
    cmocka_unit_test(iro_left_without_successor_needs_reallocation),
    cmocka_unit_test(permanence_plan_by_the_second_review),
    cmocka_unit_test(pathway_plan_at_sixteen),
    cmocka_unit_test(documents_by_seventeen_all_four),
    cmocka_unit_test(entering_care_after_sixteen_counts_from_first_review),
    cmocka_unit_test(midpoint_contact_between_reviews),
    cmocka_unit_test(rule_change_moves_every_deadline),
    cmocka_unit_test(item_and_status_names),
    cmocka_unit_test(recommendation_due_date_and_day_after),
    cmocka_unit_test(recommendation_overdue_across_a_bank_holiday),
    cmocka_unit_test(pre_review_contact_due_day_day_after_across_easter),
    cmocka_unit_test(midpoint_contact_counts_from_the_table),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
