/*
** test_reviews.c: the review schedule of SPEC §3 and §4 at its edges, the
** review record's validation, and saving with its audit entry.
**
** Expected dates were worked out by hand from the calendar: e.g. 20
** working days from Monday 1 December 2025 skips Christmas Day and Boxing
** Day and lands on Wednesday 31 December.
*/
#include "testutil.h"
#include "children.h"
#include "deadlines.h"
#include "reviews.h"
#include "recommendations.h"
#include "rules.h"
#include "util.h"

#include <stdlib.h>
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

/* The next due date for the child's current period, as of asOf. */
static Date next_due(TChild *t, const char *zAsOf, int *pnHeld) {
  Period p;
  assert_true(child_in_care(&t->c, D(zAsOf), &p));
  return review_next_due(&t->c, &p, D(zAsOf), pnHeld);
}

static void first_review_20_working_days_over_christmas(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2015-06-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  int n = -1;
  assert_date_equal(next_due(&t, "2025-12-02", &n), D("2025-12-31"));
  assert_int_equal(n, 0);
}

static void held_on_due_date_is_on_time_day_after_is_late(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2015-06-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-31");
  assert_date_equal(review_due_for(&t.c, 0), D("2025-12-31"));
  assert_int_equal(deadline_status(review_due_for(&t.c, 0), t.rv[0].held, D("2026-02-01")), ST_DONE);

  TChild late;
  tc_init(&late, "2015-06-01");
  tc_episode(&late, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&late, "2026-01-01");
  assert_int_equal(deadline_status(review_due_for(&late.c, 0), late.rv[0].held, D("2026-02-01")),
                   ST_DONE_LATE);
  /* Not held at all: due soon on the due date, overdue the day after. */
  TChild none;
  tc_init(&none, "2015-06-01");
  tc_episode(&none, "2025-12-01", NULL, REG_REGISTERED);
  assert_int_equal(deadline_status(D("2025-12-31"), DATE_NONE, D("2025-12-31")), ST_DUE_TODAY);
  assert_int_equal(deadline_status(D("2025-12-31"), DATE_NONE, D("2026-01-01")), ST_OVERDUE);
}

static void second_three_months_then_six_months(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2015-06-01");
  tc_episode(&t, "2025-12-01", NULL, REG_REGISTERED);
  tc_review(&t, "2025-12-31");
  int n;
  assert_date_equal(next_due(&t, "2026-01-05", &n), D("2026-03-31"));
  assert_int_equal(n, 1);
  tc_review(&t, "2026-03-31");
  assert_date_equal(review_due_for(&t.c, 1), D("2026-03-31"));
  assert_date_equal(next_due(&t, "2026-04-01", &n), D("2026-09-30"));
  assert_int_equal(n, 2);
  tc_review(&t, "2026-09-30");
  /* Third onwards stay at six months. */
  assert_date_equal(next_due(&t, "2026-10-01", NULL), D("2027-03-30"));
}

static void six_months_from_31_august_is_end_of_february(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2012-01-01");
  tc_episode(&t, "2024-01-02", NULL, REG_REGISTERED);
  tc_review(&t, "2024-01-30");
  tc_review(&t, "2024-04-29");
  tc_review(&t, "2025-08-31");
  assert_date_equal(next_due(&t, "2025-09-01", NULL), D("2026-02-28"));
  /* A leap year keeps 29 February. */
  TChild u;
  tc_init(&u, "2012-01-01");
  tc_episode(&u, "2022-01-04", NULL, REG_REGISTERED);
  tc_review(&u, "2022-02-01");
  tc_review(&u, "2022-05-01");
  tc_review(&u, "2023-08-31");
  assert_date_equal(next_due(&u, "2023-09-01", NULL), D("2024-02-29"));
}

static void early_review_moves_the_next_date_forward(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2015-06-01");
  tc_episode(&t, "2025-12-01", "2025-12-08", REG_REGISTERED);
  tc_episode(&t, "2025-12-08", NULL, REG_REGISTERED);
  /* Held early after the placement change: the next counts from here. */
  tc_review(&t, "2025-12-10");
  assert_date_equal(next_due(&t, "2025-12-11", NULL), D("2026-03-10"));
  assert_int_equal(deadline_status(review_due_for(&t.c, 0), D("2025-12-10"), D("2025-12-11")), ST_DONE);
}

static void new_period_of_care_restarts_the_cycle(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2012-01-01");
  tc_episode(&t, "2024-01-02", "2026-01-15", REG_REGISTERED);
  tc_review(&t, "2024-01-30");
  tc_review(&t, "2024-04-29");
  tc_review(&t, "2025-10-01");
  /* Left care, back after a gap: first review again, 20 working days. */
  tc_episode(&t, "2026-03-02", NULL, REG_REGISTERED);
  int n = -1;
  assert_date_equal(next_due(&t, "2026-03-03", &n), D("2026-03-30"));
  assert_int_equal(n, 0);
  /* Out of care in between: no period open, so no review is due. */
  assert_false(child_in_care(&t.c, D("2026-02-01"), NULL));
  /* An episode starting the day the last ended continues the period. */
  TChild u;
  tc_init(&u, "2012-01-01");
  tc_episode(&u, "2024-01-02", "2026-01-15", REG_REGISTERED);
  tc_episode(&u, "2026-01-15", NULL, REG_REGISTERED);
  tc_review(&u, "2024-01-30");
  assert_date_equal(next_due(&u, "2026-01-16", NULL), D("2024-04-30"));
  /* One day's gap is a new period. */
  TChild w;
  tc_init(&w, "2012-01-01");
  tc_episode(&w, "2024-01-02", "2026-01-15", REG_REGISTERED);
  tc_episode(&w, "2026-01-16", NULL, REG_REGISTERED);
  tc_review(&w, "2024-01-30");
  assert_date_equal(next_due(&w, "2026-01-16", NULL), cal_add_working_days(D("2026-01-16"), 20));
}

static void unregistered_placement_20_working_days_then_3_monthly(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2011-05-01");
  tc_episode(&t, "2024-01-02", "2026-02-02", REG_REGISTERED);
  tc_review(&t, "2024-01-30");
  tc_review(&t, "2024-04-29");
  tc_review(&t, "2026-01-10");
  /* Ordinary schedule: six months from 10 January. */
  assert_date_equal(next_due(&t, "2026-02-01", NULL), D("2026-07-10"));
  tc_episode(&t, "2026-02-02", NULL, REG_UNREGISTERED);
  /* Placed in unregistered provision: review within 20 working days. */
  assert_date_equal(next_due(&t, "2026-02-03", NULL), D("2026-03-02"));
  /* Reviewed there: three-monthly while the child stays. */
  tc_review(&t, "2026-02-27");
  assert_date_equal(next_due(&t, "2026-03-01", NULL), D("2026-05-27"));
}

/* In care since 2024 with three reviews, the last on 10 January 2026, then
** in unregistered provision from 2 February to zLeft (reviewed there on 27
** February only if reviewedThere), then back in registered care. */
static void unregistered_spell(TChild *t, const char *zLeft, int reviewedThere) {
  tc_init(t, "2011-05-01");
  tc_episode(t, "2024-01-02", "2026-02-02", REG_REGISTERED);
  tc_review(t, "2024-01-30");
  tc_review(t, "2024-04-29");
  tc_review(t, "2026-01-10");
  tc_episode(t, "2026-02-02", zLeft, REG_UNREGISTERED);
  if (reviewedThere) tc_review(t, "2026-02-27");
  tc_episode(t, zLeft, NULL, REG_REGISTERED);
}

static void leaving_unregistered_provision_restores_the_schedule(void **state) {
  (void)state;
  TChild t;
  /* Moved on before the three-month date: six months again. */
  unregistered_spell(&t, "2026-04-15", 1);
  assert_date_equal(next_due(&t, "2026-04-16", NULL), D("2026-08-27"));
  /* Moved on after the three-month date fell due, unreviewed: that date
  ** fell while the child was there, so it stands (and is overdue). */
  unregistered_spell(&t, "2026-06-01", 1);
  assert_date_equal(next_due(&t, "2026-06-02", NULL), D("2026-05-27"));
  /* Moved on within the 20 working days: no early review was needed. */
  unregistered_spell(&t, "2026-02-20", 0);
  assert_date_equal(next_due(&t, "2026-02-21", NULL), D("2026-07-10"));
  /* Still there on the twentieth working day, unreviewed: due then. */
  unregistered_spell(&t, "2026-03-03", 0);
  assert_date_equal(next_due(&t, "2026-03-04", NULL), D("2026-03-02"));
}

static void stricter_date_wins_in_unregistered_provision(void **state) {
  (void)state;
  /* After the first review the ordinary next date is three months, the
  ** same as the unregistered rule; a first review is never delayed by it. */
  TChild t;
  tc_init(&t, "2011-05-01");
  tc_episode(&t, "2026-01-05", NULL, REG_UNREGISTERED);
  assert_date_equal(next_due(&t, "2026-01-06", NULL), cal_add_working_days(D("2026-01-05"), 20));
  tc_review(&t, "2026-01-20");
  tc_review(&t, "2026-04-20");
  /* Third review: six months ordinarily, three while unregistered. */
  assert_date_equal(next_due(&t, "2026-04-21", NULL), D("2026-07-20"));
}

static Review base_review(const char *zHeld) {
  Review r;
  memset(&r, 0, sizeof r);
  r.held = zHeld ? D(zHeld) : DATE_NONE;
  r.due = r.planned = r.recommendations = r.minutes = DATE_NONE;
  strcpy(r.participation, "PN1");
  r.mode = 'p';
  signed char *ap[] = {&r.childChaired, &r.advocate, &r.sawChild, &r.permanence, &r.independence,
                       &r.pathway, &r.adviser, &r.niNumber, &r.passport, &r.bankAccount,
                       &r.birthCertificate, &r.advocacy, &r.independentVisitor};
  for (int i = 0; i < COUNT(ap); i++) *ap[i] = -1;
  return r;
}

static void pn0_only_under_four_and_required_for_them(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2022-05-10");
  tc_episode(&t, "2025-01-06", NULL, REG_REGISTERED);
  Errors e = {0};
  /* The day before the fourth birthday: PN0 is required. */
  Review r = base_review("2026-05-09");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_non_null(errors_for(&e, "participation"));
  assert_non_null(strstr(errors_for(&e, "participation"), "must have code PN0"));
  memset(&e, 0, sizeof e);
  strcpy(r.participation, "PN0");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_int_equal(e.n, 0);
  /* On the fourth birthday: PN0 is no longer allowed. */
  memset(&e, 0, sizeof e);
  r = base_review("2026-05-10");
  strcpy(r.participation, "PN0");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_string_equal(errors_for(&e, "participation"), "PN0 is only for a child under 4 on the review date");
  memset(&e, 0, sizeof e);
  strcpy(r.participation, "PN1");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_int_equal(e.n, 0);
  memset(&e, 0, sizeof e);
  strcpy(r.participation, "PN8");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_non_null(errors_for(&e, "participation"));
}

static void validation_names_each_field_in_users_words(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2012-05-10");
  tc_episode(&t, "2025-01-06", NULL, REG_REGISTERED);
  Errors e = {0};
  Review r = base_review(NULL);
  r.participation[0] = 0;
  r.mode = 0;
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_string_equal(errors_for(&e, "held"), "Enter the date the review was held");
  assert_string_equal(errors_for(&e, "participation"), "Select how the child took part in the review");
  assert_string_equal(errors_for(&e, "mode"), "Select whether the review was in person or virtual");

  memset(&e, 0, sizeof e);
  r = base_review("2026-06-02");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_string_equal(errors_for(&e, "held"), "The date the review was held must be today or in the past");

  memset(&e, 0, sizeof e);
  r = base_review("2024-12-01");  /* before the child came into care */
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_non_null(strstr(errors_for(&e, "held"), "was not in care on 1 December 2024"));

  memset(&e, 0, sizeof e);
  r = base_review("2026-05-01");
  r.recommendations = D("2026-04-30");
  r.minutes = D("2026-06-05");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_string_equal(errors_for(&e, "recommendations"), "Recommendations cannot be issued before the review was held");
  assert_non_null(errors_for(&e, "minutes"));
  /* Issued on the day of the review is fine. */
  memset(&e, 0, sizeof e);
  r.recommendations = D("2026-05-01");
  r.minutes = D("2026-05-01");
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_int_equal(e.n, 0);
}

static void findings_follow_age_and_review_number(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2009-03-01");   /* 17 on 1 March 2026 */
  tc_episode(&t, "2025-06-02", NULL, REG_REGISTERED);
  Review *r1 = tc_review(&t, "2025-06-27");
  char out[16][96];
  /* First review at 16: pathway plan, adviser, independence, advocacy, visitor. */
  int n = review_findings(&t.c, r1, out, 16);
  int sawPath = 0, sawPerm = 0, sawDocs = 0;
  for (int i = 0; i < n; i++) {
    sawPath |= strstr(out[i], "pathway plan") != NULL;
    sawPerm |= strstr(out[i], "permanence") != NULL;
    sawDocs |= strstr(out[i], "passport") != NULL;
  }
  assert_true(sawPath);
  assert_false(sawPerm);   /* not required until the second review */
  assert_false(sawDocs);   /* not 17 yet */
  Review *r2 = tc_review(&t, "2026-03-01");
  n = review_findings(&t.c, r2, out, 16);
  sawPerm = sawDocs = 0;
  for (int i = 0; i < n; i++) {
    sawPerm |= strstr(out[i], "permanence") != NULL;
    sawDocs |= strstr(out[i], "No passport") != NULL;
  }
  assert_true(sawPerm);
  assert_true(sawDocs);
  /* Everything recorded: nothing to report. */
  r2->permanence = r2->independence = r2->pathway = r2->adviser = 1;
  r2->niNumber = r2->passport = r2->bankAccount = r2->birthCertificate = 1;
  r2->advocacy = r2->independentVisitor = 1;
  assert_int_equal(review_findings(&t.c, r2, out, 16), 0);
}

static int64_t add_child_in_care(const char *zRef, const char *zDob, const char *zStart) {
  Errors e = {0};
  ChildInput ci = {.zRef = zRef, .zGiven = "Aoife", .zFamily = "O'Brien", .zDob = zDob, .zSex = "F",
                   .disability = -1};
  int64_t id = child_add(db, &ci, "test", &e);
  if (id <= 0) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  EpisodeInput ei = {.zStart = zStart, .zRne = "S", .zLegalStatus = "C2", .zCin = "N1",
                     .zPlacement = "U4", .zProvider = "PR1"};
  int64_t ep = episode_add(db, id, &ei, "test", &e);
  if (ep <= 0) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(ep > 0);
  return id;
}

static ChildSet *load(const char *zRef) {
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(db, &f);
  assert_int_equal(cs->n, 1);
  return cs;
}

static void save_records_due_date_and_audits(void **state) {
  (void)state;
  add_child_in_care("R100", "2014-02-03", "2025-12-01");
  ChildSet *cs = load("R100");
  Review r = base_review("2026-01-02");
  Errors e = {0};
  int64_t nAudit = db_int(db, 0, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(review_save(db, &cs->a[0], &r, D("2026-01-10"), "iro:sam", &e), 0);
  assert_true(r.id > 0);
  /* First review was due 31 December: held 2 January, so late. */
  assert_date_equal(r.due, D("2025-12-31"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='review.add'"
                                 " AND actor='iro:sam' AND record='child:R100'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log", ""), nAudit + 1);
  childset_free(cs);

  /* The next review date moves: three months from the review held. */
  cs = load("R100");
  Period p;
  assert_true(child_in_care(&cs->a[0], D("2026-01-10"), &p));
  assert_date_equal(review_next_due(&cs->a[0], &p, D("2026-01-10"), NULL), D("2026-04-02"));

  /* A second review on the same day is refused with a clear message. */
  Review dup = base_review("2026-01-02");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_save(db, &cs->a[0], &dup, D("2026-01-10"), "iro:sam", &e), -1);
  assert_non_null(strstr(errors_for(&e, "held"), "already recorded"));

  /* Correct the date: the record keeps its id, the audit keeps both. */
  Review fix = cs->a[0].rv[0];
  fix.held = D("2025-12-30");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_save(db, &cs->a[0], &fix, D("2026-01-10"), "iro:sam", &e), 0);
  assert_int_equal(fix.id, r.id);
  assert_date_equal(fix.due, D("2025-12-31"));
  Stmt *s = db_query(db, "SELECT before_value, after_value FROM audit_log WHERE action='review.correct'", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_non_null(strstr(db_col_text(s, 0), "held 2026-01-02"));
  assert_non_null(strstr(db_col_text(s, 1), "held 2025-12-30"));
  db_finalize(s);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM review", ""), 1);
  childset_free(cs);
}

static void invalid_review_saves_nothing(void **state) {
  (void)state;
  add_child_in_care("R200", "2024-01-15", "2025-12-01");
  ChildSet *cs = load("R200");
  Review r = base_review("2026-01-05");   /* a child of 1 cannot be PN1 */
  Errors e = {0};
  int64_t nAudit = db_int(db, 0, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(review_save(db, &cs->a[0], &r, D("2026-01-10"), "iro:sam", &e), -1);
  assert_non_null(errors_for(&e, "participation"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM review r JOIN child c ON c.id=r.child_id"
                                 " WHERE c.child_ref='R200'", ""), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log", ""), nAudit);
  childset_free(cs);
}

/* Recommendations: refused with a clear message when too long (never
** cut short); audited; and the next review lists the open ones, to be
** closed or carried forward with a new due date. */
static void recommendations_carry_forward(void **state) {
  (void)state;
  add_child_in_care("R400", "2014-02-03", "2025-12-01");
  ChildSet *cs = load("R400");
  Review r1 = base_review("2026-01-02");
  Errors e = {0};
  assert_int_equal(review_save(db, &cs->a[0], &r1, D("2026-01-10"), "iro:sam", &e), 0);
  childset_free(cs);
  cs = load("R400");
  char zLong[REC_MAX_TEXT + 2];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  RecInput bad = {.zText = zLong, .zRole = "wizard", .due = D("2025-12-31")};
  assert_int_equal(rec_add(db, &cs->a[0], r1.id, &bad, "iro:sam", &e), 0);
  assert_non_null(strstr(errors_for(&e, "text"), "1000 characters or fewer"));
  assert_non_null(errors_for(&e, "role"));
  assert_non_null(strstr(errors_for(&e, "due"), "on or after the date of the review"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM recommendation", ""), 0);
  RecInput a = {.zText = "Arrange a dentist appointment", .zRole = "carer", .zName = "Pat O'Brien", .due = D("2026-02-27")};
  RecInput b = {.zText = "Refer to CAMHS", .zRole = "social-worker", .zName = "Sam", .due = D("2026-03-31")};
  memset(&e, 0, sizeof e);
  int64_t idA = rec_add(db, &cs->a[0], r1.id, &a, "iro:sam", &e);
  int64_t idB = rec_add(db, &cs->a[0], r1.id, &b, "iro:sam", &e);
  assert_true(idA > 0 && idB > 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='recommendation.add'"
                                 " AND record='child:R400'", ""), 2);
  /* A progress note, then b marked done. */
  assert_int_equal(rec_note(db, idB, D("2026-02-01"), "Referral sent", D("2026-02-01"), "iro:sam", &e), 0);
  assert_int_equal(rec_close(db, idB, REC_DONE, D("2026-02-10"), NULL, D("2026-02-10"), "iro:sam", &e), 0);
  assert_int_equal(rec_close(db, idB, REC_DONE, D("2026-02-11"), NULL, D("2026-02-11"), "iro:sam", &e), -1);
  assert_non_null(strstr(errors_for(&e, "status"), "already recorded as done"));
  memset(&e, 0, sizeof e);
  assert_int_equal(rec_close(db, idA, REC_NOT_DONE, D("2026-02-10"), "", D("2026-02-10"), "iro:sam", &e), -1);
  assert_non_null(errors_for(&e, "reason"));
  memset(&e, 0, sizeof e);

  /* The next review: a is still open and listed for it; b is not. */
  childset_free(cs);
  cs = load("R400");
  Review r2 = base_review("2026-03-20");
  assert_int_equal(review_save(db, &cs->a[0], &r2, D("2026-03-20"), "iro:sam", &e), 0);
  RecRecord *aOpen;
  int n = rec_list_open_before(db, cs->a[0].id, r2.held, &aOpen);
  assert_int_equal(n, 1);
  assert_int_equal(aOpen[0].id, idA);
  assert_string_equal(aOpen[0].zName, "Pat O'Brien");
  assert_string_equal(rec_status_on(&aOpen[0], D("2026-03-20")), "overdue");
  rec_list_free(aOpen, n);
  /* Carried forward with a new date: still open, due later, and listed
  ** with the new review; not listed again for it. */
  assert_int_equal(rec_carry(db, idA, r2.id, D("2026-01-01"), "iro:sam", &e), -1);
  memset(&e, 0, sizeof e);
  assert_int_equal(rec_carry(db, idA, r2.id, D("2026-04-30"), "iro:sam", &e), 0);
  RecRecord x;
  assert_true(rec_load(db, idA, &x));
  assert_int_equal(x.carriedReviewId, r2.id);
  assert_date_equal(x.due, D("2026-04-30"));
  assert_int_equal(x.status, REC_OPEN);
  assert_string_equal(rec_status_on(&x, D("2026-04-30")), "open");
  rec_clear(&x);
  Stmt *s = db_query(db, "SELECT before_value, after_value FROM audit_log WHERE action='recommendation.carry'", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_non_null(strstr(db_col_text(s, 0), "due 2026-02-27"));
  assert_non_null(strstr(db_col_text(s, 1), "due 2026-04-30"));
  db_finalize(s);
  /* The engine now counts from the new date. */
  childset_free(cs);
  cs = load("R400");
  DeadlineList dl = {0};
  deadlines_for_child(&cs->a[0], D("2026-04-01"), 0, &dl);
  int nRec = 0;
  for (int i = 0; i < dl.n; i++) {
    if (dl.a[i].item != ITEM_RECOMMENDATION) continue;
    nRec++;
    assert_date_equal(dl.a[i].due, D("2026-04-30"));
  }
  assert_int_equal(nRec, 1);
  deadlines_free(&dl);
  /* Closing it at a later review: not done, with its reason. */
  assert_int_equal(rec_close(db, idA, REC_NOT_DONE, D("2026-05-01"), "Carer moved away", D("2026-05-01"), "iro:sam", &e), 0);
  assert_true(rec_load(db, idA, &x));
  assert_string_equal(rec_status_on(&x, D("2026-05-01")), "not-done");
  assert_int_equal(x.carriedReviewId, 0);
  rec_clear(&x);
  /* A read that fails part way (the notes' table gone) is a failure
  ** with nothing, never recommendations that seem to have no notes. */
  assert_int_equal(db_exec_script(db, "ALTER TABLE recommendation_note RENAME TO recommendation_note_gone;"), DB_OK);
  RecRecord *aAll = (RecRecord *)&x;
  assert_int_equal(rec_list_all(db, 0, D("2026-06-01"), &aAll), -1);
  assert_null(aAll);
  assert_int_equal(rec_list_child(db, cs->a[0].id, &aAll), -1);
  assert_null(aAll);
  assert_int_equal(rec_load(db, idB, &x), 0);
  assert_null(x.aNote);
  db_clear_failure(db);
  childset_free(cs);
}

static void contact_validation_and_save(void **state) {
  (void)state;
  int64_t id = add_child_in_care("R300", "2014-02-03", "2025-12-01");
  Errors e = {0};
  assert_int_equal(contact_add(db, id, 0, D("2026-01-12"), "visit", "child", "Saw her at school",
                               D("2026-01-12"), "iro:sam", &e), 0);
  assert_int_equal(contact_add(db, id, 0, D("2026-01-13"), "telepathy", "child", NULL,
                               D("2026-01-12"), "iro:sam", &e), -1);
  assert_non_null(errors_for(&e, "kind"));
  assert_non_null(errors_for(&e, "contact_on"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM contact WHERE child_id=?", "I", id), 1);
}

/* A child may chair their review from review_chair_age (10) on the review
** date: not the day before the tenth birthday, yes on it; never a baby. */
static void chair_age_day_before_and_birthday(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2016-05-10");
  tc_episode(&t, "2025-01-06", NULL, REG_REGISTERED);
  assert_false(review_chair_allowed(&t.c, D("2026-05-09")));
  assert_true(review_chair_allowed(&t.c, D("2026-05-10")));
  Errors e = {0};
  Review r = base_review("2026-05-09");
  r.childChaired = 1;
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_non_null(errors_for(&e, "child_chaired"));
  assert_non_null(strstr(errors_for(&e, "child_chaired"), "from age 10"));
  /* Saying the child did not chair is always allowed. */
  memset(&e, 0, sizeof e);
  r.childChaired = 0;
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_null(errors_for(&e, "child_chaired"));
  memset(&e, 0, sizeof e);
  r = base_review("2026-05-10");
  r.childChaired = 1;
  review_validate(&t.c, &r, D("2026-06-01"), &e);
  assert_int_equal(e.n, 0);

  TChild baby;
  tc_init(&baby, "2025-09-15");          /* eight months old on the review */
  tc_episode(&baby, "2025-10-01", NULL, REG_REGISTERED);
  assert_false(review_chair_allowed(&baby.c, D("2026-05-20")));
}

/* The meeting's text: each over its maximum refused naming the field, at
** the maximum saved exactly; the plan type a code; the audit entry shows
** each changed field before and after. */
static void meeting_maxima_and_audit(void **state) {
  (void)state;
  add_child_in_care("R910", "2012-02-03", "2025-12-01");
  ChildSet *cs = load("R910");
  Review r = base_review("2026-01-02");
  r.permanence = 1;
  strcpy(r.permanenceType, "Long-term fostering");   /* words, not a code */
  Errors e = {0};
  review_validate(&cs->a[0], &r, D("2026-01-10"), &e);
  assert_non_null(errors_for(&e, "permanence_type"));
  strcpy(r.permanenceType, "other");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_save(db, &cs->a[0], &r, D("2026-01-10"), "iro:sam", &e), 0);

  ReviewMeeting m;
  review_meeting_init(&m);
  char zLong[REVIEW_MAX_PLAN_VIEW + 2];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  struct { char **pz; int max; const char *zField; } a[] = {
    {&m.zLocation, REVIEW_MAX_LOCATION, "location"},
    {&m.zPlanOther, REVIEW_MAX_PLAN_OTHER, "permanence_other"},
    {&m.zPlanView, REVIEW_MAX_PLAN_VIEW, "plan_view"},
  };
  for (int i = 0; i < COUNT(a); i++) {
    free(*a[i].pz);
    *a[i].pz = xmprintf("%.*s", a[i].max + 1, zLong);
    memset(&e, 0, sizeof e);
    assert_int_equal(review_meeting_save(db, &cs->a[0], &r, &m, "iro:sam", &e), -1);
    assert_non_null(errors_for(&e, a[i].zField));
    assert_non_null(strstr(errors_for(&e, a[i].zField), "characters or fewer"));
    free(*a[i].pz);
    /* "é" is one character of two bytes: the maximum is in characters. */
    *a[i].pz = xmprintf("\xc3\xa9%.*s", a[i].max - 1, zLong);
  }
  review_meeting_attendee(&m, "social-worker", "Ms O'Brien", "attended");
  review_meeting_attendee(&m, "parent", "", "sent-views");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_meeting_save(db, &cs->a[0], &r, &m, "iro:sam", &e), 0);
  ReviewMeeting back;
  assert_int_equal(review_meeting_load(db, r.id, &back), 0);
  assert_string_equal(back.zLocation, m.zLocation);
  assert_string_equal(back.zPlanOther, m.zPlanOther);
  assert_string_equal(back.zPlanView, m.zPlanView);
  assert_int_equal(back.nAtt, 2);
  assert_string_equal(back.aAtt[0].zName, "Ms O'Brien");
  assert_string_equal(back.aAtt[1].zTookPart, "sent-views");
  review_meeting_free(&back);

  /* Change one field: the entry names it with both values, and only it. */
  free(m.zLocation);
  m.zLocation = xstrdup("The child's school");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_meeting_save(db, &cs->a[0], &r, &m, "iro:sam", &e), 0);
  Stmt *s = db_query(db, "SELECT before_value, after_value FROM audit_log WHERE action='review.meeting'"
                         " ORDER BY id DESC LIMIT 1", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_non_null(strstr(db_col_text(s, 0), "location: \xc3\xa9xxx"));
  assert_string_equal(db_col_text(s, 1), "location: The child's school");
  db_finalize(s);
  /* Nothing changed: no entry at all. */
  int64_t n = db_int(db, 0, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(review_meeting_save(db, &cs->a[0], &r, &m, "iro:sam", &e), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log", ""), n);

  /* The record sent is the minutes: the minutes item is met by it. */
  childset_free(cs);
  cs = load("R910");
  memset(&e, 0, sizeof e);
  assert_int_equal(review_mark_sent(db, &cs->a[0], r.id, 0, D("2026-01-09"), D("2026-01-10"), "iro:sam", &e), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM review WHERE id=? AND minutes_on='2026-01-09'", "I", r.id), 1);
  assert_int_equal(review_mark_sent(db, &cs->a[0], r.id, 1, D("2026-01-11"), D("2026-01-10"), "iro:sam", &e), -1);
  assert_non_null(errors_for(&e, "sent_on"));
  review_meeting_free(&m);
  childset_free(cs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(first_review_20_working_days_over_christmas),
    cmocka_unit_test(held_on_due_date_is_on_time_day_after_is_late),
    cmocka_unit_test(second_three_months_then_six_months),
    cmocka_unit_test(six_months_from_31_august_is_end_of_february),
    cmocka_unit_test(early_review_moves_the_next_date_forward),
    cmocka_unit_test(new_period_of_care_restarts_the_cycle),
    cmocka_unit_test(unregistered_placement_20_working_days_then_3_monthly),
    cmocka_unit_test(leaving_unregistered_provision_restores_the_schedule),
    cmocka_unit_test(stricter_date_wins_in_unregistered_provision),
    cmocka_unit_test(pn0_only_under_four_and_required_for_them),
    cmocka_unit_test(validation_names_each_field_in_users_words),
    cmocka_unit_test(findings_follow_age_and_review_number),
    cmocka_unit_test(save_records_due_date_and_audits),
    cmocka_unit_test(invalid_review_saves_nothing),
    cmocka_unit_test(contact_validation_and_save),
    cmocka_unit_test(recommendations_carry_forward),
    cmocka_unit_test(chair_age_day_before_and_birthday),
    cmocka_unit_test(meeting_maxima_and_audit),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
