/*
** test_private_fostering.c: private fostering (SPEC §7): every timescale at
** its edges, the eligibility rules, the writes with their validation and
** audit entries, the annual report's numbers on a hand-built dataset, and
** CSV export and import (all or nothing).
**
** Dates worked out by hand and checked with `oversight calendar add`:
** 7 working days from Thursday 18 December 2025 skip Christmas Day, Boxing
** Day and the weekend and land on Wednesday 31 December; from Thursday 2
** April 2026 they skip Good Friday and Easter Monday and land on Wednesday
** 15 April; from Thursday 1 May 2025 they skip the May bank holiday (5 May)
** and land on Tuesday 13 May.
*/
#include "testutil.h"
#include "private_fostering.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Db *db;
#define TODAY D("2026-06-30")
#define ACTOR "test:pf"

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

/* ---- Arrangements in memory, for the pure deadline function --------------- */

static PfVisit aVisitStore[16];

static PfArrangement arr(const char *zNotified) {
  PfArrangement a;
  memset(&a, 0, sizeof a);
  a.id = 1;
  a.dob = D("2012-01-01");
  a.notified = a.started = D(zNotified);
  a.expectedDays = 90;
  a.eligible = 1;
  a.initialVisit = a.assessment = a.partA = a.partB = a.dbs = a.health = a.socialCare = a.ended = DATE_NONE;
  snprintf(a.zManagedBy, sizeof a.zManagedBy, "locality");
  a.aVisit = aVisitStore;
  return a;
}

static void confirm(PfArrangement *a, const char *zOn) {
  a->initialVisit = D(zOn);
  snprintf(a->zDecision, sizeof a->zDecision, "confirmed");
}

static void visit(PfArrangement *a, const char *zOn) {
  aVisitStore[a->nVisit] = (PfVisit){a->nVisit + 1, D(zOn), 1, NULL, NULL};
  a->nVisit++;
}

/* The n-th item of kind k (0 first), failing the test if there is none. */
static PfItem item(const PfArrangement *a, Date asOf, PfItemKind k, int n) {
  PfItemList l = {0};
  pf_due_items(a, asOf, 1, &l);
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].kind == k && n-- == 0) {
      PfItem it = l.a[i];
      pf_items_free(&l);
      return it;
    }
  }
  pf_items_free(&l);
  print_error("no item %s\n", pf_item_name(k));
  fail();
  return (PfItem){0};
}

static int count_kind(const PfArrangement *a, Date asOf, int withHistory, PfItemKind k) {
  PfItemList l = {0};
  pf_due_items(a, asOf, withHistory, &l);
  int n = 0;
  for (int i = 0; i < l.n; i++) n += l.a[i].kind == k;
  pf_items_free(&l);
  return n;
}

/* ---- Timescales ------------------------------------------------------------ */

static void initial_visit_within_seven_working_days_over_christmas(void **state) {
  (void)state;
  PfArrangement a = arr("2025-12-18");
  PfItem it = item(&a, D("2025-12-19"), PF_INITIAL_VISIT, 0);
  assert_date_equal(it.due, D("2025-12-31"));
  /* The due date itself is still in time; the day after is overdue. */
  assert_int_equal(item(&a, D("2025-12-31"), PF_INITIAL_VISIT, 0).status, ST_DUE_TODAY);
  assert_int_equal(item(&a, D("2026-01-01"), PF_INITIAL_VISIT, 0).status, ST_OVERDUE);
  confirm(&a, "2025-12-31");
  assert_int_equal(item(&a, D("2026-01-05"), PF_INITIAL_VISIT, 0).status, ST_DONE);
  confirm(&a, "2026-01-02");
  assert_int_equal(item(&a, D("2026-01-05"), PF_INITIAL_VISIT, 0).status, ST_DONE_LATE);
}

static void initial_visit_over_easter_and_may_day(void **state) {
  (void)state;
  PfArrangement a = arr("2026-04-02");
  assert_date_equal(item(&a, D("2026-04-02"), PF_INITIAL_VISIT, 0).due, D("2026-04-15"));
  PfArrangement b = arr("2025-05-01");
  assert_date_equal(item(&b, D("2025-05-01"), PF_INITIAL_VISIT, 0).due, D("2025-05-13"));
}

static void assessment_within_42_days(void **state) {
  (void)state;
  PfArrangement a = arr("2026-01-20");
  confirm(&a, "2026-01-22");
  assert_date_equal(item(&a, D("2026-02-01"), PF_ASSESSMENT, 0).due, D("2026-03-03"));
  assert_int_equal(item(&a, D("2026-03-03"), PF_ASSESSMENT, 0).status, ST_DUE_TODAY);
  assert_int_equal(item(&a, D("2026-03-04"), PF_ASSESSMENT, 0).status, ST_OVERDUE);
  a.assessment = D("2026-03-03");
  assert_int_equal(item(&a, D("2026-03-10"), PF_ASSESSMENT, 0).status, ST_DONE);
  a.assessment = D("2026-03-04");
  assert_int_equal(item(&a, D("2026-03-10"), PF_ASSESSMENT, 0).status, ST_DONE_LATE);
  /* An overseas student has the partner's Part A and Part B instead, each
  ** on the same 42 days; the assessment is complete when both are in. */
  PfArrangement o = arr("2026-01-20");
  o.overseas = 1;
  confirm(&o, "2026-01-22");
  o.partA = D("2026-03-03");
  o.partB = D("2026-03-05");
  assert_int_equal(count_kind(&o, D("2026-03-10"), 1, PF_ASSESSMENT), 0);
  assert_int_equal(item(&o, D("2026-03-10"), PF_PART_A, 0).status, ST_DONE);
  assert_int_equal(item(&o, D("2026-03-10"), PF_PART_B, 0).status, ST_DONE_LATE);
  assert_date_equal(pf_assessment_done(&o), D("2026-03-05"));
}

static void visits_every_two_weeks_during_the_assessment(void **state) {
  (void)state;
  PfArrangement a = arr("2026-01-20");
  confirm(&a, "2026-01-22");
  assert_date_equal(item(&a, D("2026-01-23"), PF_ASSESSMENT_VISIT, 0).due, D("2026-02-05"));
  visit(&a, "2026-02-05");
  PfItem next = item(&a, D("2026-02-06"), PF_ASSESSMENT_VISIT, 1);
  assert_date_equal(next.due, D("2026-02-19"));
  assert_int_equal(item(&a, D("2026-02-19"), PF_ASSESSMENT_VISIT, 1).status, ST_DUE_TODAY);
  assert_int_equal(item(&a, D("2026-02-20"), PF_ASSESSMENT_VISIT, 1).status, ST_OVERDUE);
  /* Completed on 3 March with the 19 February visit never made: it is
  ** missed, and so is the one after it (5 March is after completion). */
  a.assessment = D("2026-03-03");
  PfItem missed = item(&a, D("2026-03-10"), PF_ASSESSMENT_VISIT, 1);
  assert_int_equal(missed.status, ST_MISSED);
  assert_date_equal(missed.due, D("2026-02-19"));
  assert_int_equal(count_kind(&a, D("2026-03-10"), 1, PF_ASSESSMENT_VISIT), 2);
  assert_int_equal(count_kind(&a, D("2026-03-10"), 0, PF_ASSESSMENT_VISIT), 0);
}

static void regulation_8_every_6_weeks_then_12_after_the_first_year(void **state) {
  (void)state;
  PfArrangement a = arr("2025-01-20");
  confirm(&a, "2025-01-22");
  a.assessment = D("2025-03-03");
  /* First visit 6 weeks from the assessment's completion. */
  PfItem first = item(&a, D("2025-03-04"), PF_REG8_VISIT, 0);
  assert_date_equal(first.due, D("2025-04-14"));
  assert_int_equal(item(&a, D("2025-04-14"), PF_REG8_VISIT, 0).status, ST_DUE_TODAY);
  assert_int_equal(item(&a, D("2025-04-15"), PF_REG8_VISIT, 0).status, ST_OVERDUE);
  visit(&a, "2025-04-14");
  visit(&a, "2025-05-27");
  assert_int_equal(item(&a, D("2025-06-01"), PF_REG8_VISIT, 0).status, ST_DONE);
  PfItem late = item(&a, D("2025-06-01"), PF_REG8_VISIT, 1);
  assert_date_equal(late.due, D("2025-05-26"));
  assert_int_equal(late.status, ST_DONE_LATE);
  /* The day before the first anniversary of the assessment: still 6 weeks. */
  visit(&a, "2026-03-02");
  assert_date_equal(item(&a, D("2026-03-02"), PF_REG8_VISIT, 3).due, D("2026-04-13"));
  /* On the anniversary itself the second year has begun: 12 weeks. */
  PfArrangement b = arr("2025-01-20");
  confirm(&b, "2025-01-22");
  b.assessment = D("2025-03-03");
  visit(&b, "2026-03-03");
  assert_date_equal(item(&b, D("2026-03-03"), PF_REG8_VISIT, 1).due, D("2026-05-26"));
  /* Visits during the assessment are not Regulation 8 visits. */
  PfArrangement c = arr("2025-01-20");
  confirm(&c, "2025-01-22");
  visit(&c, "2025-02-03");
  c.assessment = D("2025-02-03");
  assert_int_equal(item(&c, D("2025-02-04"), PF_ASSESSMENT_VISIT, 0).status, ST_DONE);
  assert_date_equal(item(&c, D("2025-02-04"), PF_REG8_VISIT, 0).due, D("2025-03-17"));
}

static void twelve_weeks_comes_from_the_rules_table(void **state) {
  (void)state;
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "pf_reg8_after", 13, "weeks", ACTOR, &zErr), 0);
  PfArrangement b = arr("2025-01-20");
  confirm(&b, "2025-01-22");
  b.assessment = D("2025-03-03");
  visit(&b, "2026-03-03");
  assert_date_equal(item(&b, D("2026-03-03"), PF_REG8_VISIT, 1).due, D("2026-06-02"));
  assert_int_equal(rules_set(db, "pf_reg8_after", 12, "weeks", ACTOR, &zErr), 0);
}

/* The managing team's pattern: a commissioned partner visits every 4
** weeks in the first year (pf_reg8_partner), a locality team every 6.
** Weeks are calendar weeks: a due day on a bank holiday or at a month end
** stays where it falls. */
static void partner_visits_every_4_weeks_locality_every_6(void **state) {
  (void)state;
  /* Both fall due on Saturday 28 February 2026, the month's last day:
  ** 6 weeks from Saturday 17 January, 4 weeks from Saturday 31 January. */
  PfArrangement l = arr("2025-12-01");
  confirm(&l, "2025-12-03");
  l.assessment = D("2026-01-17");
  PfArrangement p = arr("2025-12-15");
  snprintf(p.zManagedBy, sizeof p.zManagedBy, "partner");
  p.overseas = 1;
  confirm(&p, "2025-12-17");
  p.partA = D("2026-01-20");
  p.partB = D("2026-01-31");
  assert_string_equal(pf_reg8_rule(&l)->zName, "pf_reg8_first_year");
  assert_string_equal(pf_reg8_rule(&p)->zName, "pf_reg8_partner");
  assert_date_equal(item(&l, D("2026-02-01"), PF_REG8_VISIT, 0).due, D("2026-02-28"));
  assert_date_equal(item(&p, D("2026-02-01"), PF_REG8_VISIT, 0).due, D("2026-02-28"));
  /* The due day is due today, the day after (1 March) overdue. */
  assert_int_equal(item(&p, D("2026-02-28"), PF_REG8_VISIT, 0).status, ST_DUE_TODAY);
  assert_int_equal(item(&p, D("2026-03-01"), PF_REG8_VISIT, 0).status, ST_OVERDUE);
  /* A visit on the due day is on time; on 1 March it is late. */
  visit(&p, "2026-02-28");
  assert_int_equal(item(&p, D("2026-03-01"), PF_REG8_VISIT, 0).status, ST_DONE);
  /* The next is 4 weeks on: Saturday 28 March. */
  assert_date_equal(item(&p, D("2026-03-01"), PF_REG8_VISIT, 1).due, D("2026-03-28"));
  p.nVisit = 0;
  visit(&p, "2026-03-01");
  assert_int_equal(item(&p, D("2026-03-02"), PF_REG8_VISIT, 0).status, ST_DONE_LATE);
  assert_date_equal(item(&p, D("2026-03-02"), PF_REG8_VISIT, 1).due, D("2026-03-29"));

  /* Across Christmas: 4 weeks from Friday 28 November 2025 is Boxing Day,
  ** a bank holiday; the visit is still due that day, not the next working
  ** day, and 6 weeks from Friday 14 November is the same day. */
  PfArrangement q = arr("2025-10-01");
  snprintf(q.zManagedBy, sizeof q.zManagedBy, "partner");
  confirm(&q, "2025-10-03");
  q.assessment = D("2025-11-28");
  assert_date_equal(item(&q, D("2025-12-01"), PF_REG8_VISIT, 0).due, D("2025-12-26"));
  assert_int_equal(item(&q, D("2025-12-27"), PF_REG8_VISIT, 0).status, ST_OVERDUE);
  PfArrangement k = arr("2025-10-01");
  confirm(&k, "2025-10-03");
  k.assessment = D("2025-11-14");
  assert_date_equal(item(&k, D("2025-12-01"), PF_REG8_VISIT, 0).due, D("2025-12-26"));

  /* After the first year the partner's children are visited every 12
  ** weeks like the council's: the day before the anniversary still 4. */
  PfArrangement y = arr("2025-01-20");
  snprintf(y.zManagedBy, sizeof y.zManagedBy, "partner");
  confirm(&y, "2025-01-22");
  y.assessment = D("2025-03-03");
  visit(&y, "2026-03-02");
  assert_date_equal(item(&y, D("2026-03-02"), PF_REG8_VISIT, 1).due, D("2026-03-30"));
  y.nVisit = 0;
  visit(&y, "2026-03-03");
  assert_date_equal(item(&y, D("2026-03-03"), PF_REG8_VISIT, 1).due, D("2026-05-26"));
}

/* The pattern's interval is the rules table's, never a number in code. */
static void partner_pattern_comes_from_the_rules_table(void **state) {
  (void)state;
  char *zErr = NULL;
  PfArrangement p = arr("2025-12-15");
  snprintf(p.zManagedBy, sizeof p.zManagedBy, "partner");
  confirm(&p, "2025-12-17");
  p.assessment = D("2026-01-31");
  assert_int_equal(rules_set(db, "pf_reg8_partner", 5, "weeks", ACTOR, &zErr), 0);
  assert_date_equal(item(&p, D("2026-02-01"), PF_REG8_VISIT, 0).due, D("2026-03-07"));
  assert_int_equal(rules_set(db, "pf_reg8_partner", 4, "weeks", ACTOR, &zErr), 0);
  assert_date_equal(item(&p, D("2026-02-01"), PF_REG8_VISIT, 0).due, D("2026-02-28"));
}

static void audit_every_six_months_at_a_month_end(void **state) {
  (void)state;
  PfArrangement a = arr("2025-08-31");
  confirm(&a, "2025-09-02");
  assert_date_equal(item(&a, D("2025-09-01"), PF_CASE_AUDIT, 0).due, D("2026-02-28"));
  PfCaseAudit au = {1, D("2026-02-28"), NULL, NULL};
  a.aAudit = &au;
  a.nAudit = 1;
  assert_int_equal(item(&a, D("2026-03-01"), PF_CASE_AUDIT, 0).status, ST_DONE);
  assert_date_equal(item(&a, D("2026-03-01"), PF_CASE_AUDIT, 1).due, D("2026-08-28"));
}

static void nothing_due_after_the_end_or_the_16th_birthday(void **state) {
  (void)state;
  PfArrangement a = arr("2025-01-20");
  confirm(&a, "2025-01-22");
  a.assessment = D("2025-03-03");
  a.ended = D("2025-05-01");
  /* Before the end is known it is open; after, the overdue visit was missed. */
  assert_int_equal(item(&a, D("2025-04-20"), PF_REG8_VISIT, 0).status, ST_OVERDUE);
  assert_int_equal(item(&a, D("2025-05-02"), PF_REG8_VISIT, 0).status, ST_MISSED);
  assert_int_equal(count_kind(&a, D("2025-05-02"), 0, PF_REG8_VISIT), 0);
  assert_false(pf_is_running(&a, D("2025-05-01")));
  assert_true(pf_is_running(&a, D("2025-04-30")));
  /* Turning 16 ends private fostering for a child who is not disabled. */
  PfArrangement b = arr("2025-01-20");
  b.dob = D("2009-03-01");
  confirm(&b, "2025-01-22");
  assert_true(pf_is_running(&b, D("2025-02-28")));
  assert_false(pf_is_running(&b, D("2025-03-01")));
  assert_int_equal(count_kind(&b, D("2025-03-01"), 0, PF_ASSESSMENT), 0);
  b.disabled = 1;
  assert_true(pf_is_running(&b, D("2025-03-01")));
  /* Not private fostering: only the initial visit. */
  PfArrangement c = arr("2025-01-20");
  c.initialVisit = D("2025-01-22");
  snprintf(c.zDecision, sizeof c.zDecision, "not-private-fostering");
  assert_int_equal(count_kind(&c, D("2025-06-01"), 1, PF_ASSESSMENT), 0);
  assert_int_equal(count_kind(&c, D("2025-06-01"), 1, PF_INITIAL_VISIT), 1);
  c.eligible = 0;
  assert_int_equal(count_kind(&c, D("2025-06-01"), 1, PF_INITIAL_VISIT), 0);
}

/* ---- Eligibility -------------------------------------------------------------- */

static void eligibility_turns_on_the_16th_birthday(void **state) {
  (void)state;
  char z[600];
  assert_int_equal(pf_eligibility(D("2010-03-15"), 0, D("2026-03-14"), 90, "family-friend", z, sizeof z), 1);
  assert_non_null(strstr(z, "Meets the definition"));
  assert_int_equal(pf_eligibility(D("2010-03-15"), 0, D("2026-03-15"), 90, "family-friend", z, sizeof z), 0);
  assert_non_null(strstr(z, "16 or over"));
  /* A disabled child: under 18. */
  assert_int_equal(pf_eligibility(D("2010-03-15"), 1, D("2026-03-15"), 90, "family-friend", z, sizeof z), 1);
  assert_int_equal(pf_eligibility(D("2008-03-15"), 1, D("2026-03-14"), 90, "family-friend", z, sizeof z), 1);
  assert_int_equal(pf_eligibility(D("2008-03-15"), 1, D("2026-03-15"), 90, "family-friend", z, sizeof z), 0);
  assert_non_null(strstr(z, "18 or over"));
  /* Born on 29 February: 18 on 1 March in a common year. */
  assert_int_equal(pf_eligibility(D("2004-02-29"), 1, D("2022-02-28"), 90, "cousin", z, sizeof z), 1);
  assert_int_equal(pf_eligibility(D("2004-02-29"), 1, D("2022-03-01"), 90, "cousin", z, sizeof z), 0);
}

static void eligibility_needs_28_days(void **state) {
  (void)state;
  char z[600];
  assert_int_equal(pf_eligibility(D("2014-01-01"), 0, D("2026-01-10"), 28, "host-family", z, sizeof z), 1);
  assert_int_equal(pf_eligibility(D("2014-01-01"), 0, D("2026-01-10"), 27, "host-family", z, sizeof z), 0);
  assert_non_null(strstr(z, "less than 28 days"));
}

static void close_relatives_parents_and_pr_are_not_private_fostering(void **state) {
  (void)state;
  char z[600];
  static const char *const azNot[] = {"grandparent", "brother", "sister", "uncle", "aunt", "step-parent",
                                      "parent", "parental-responsibility"};
  for (int i = 0; i < COUNT(azNot); i++) {
    assert_int_equal(pf_eligibility(D("2014-01-01"), 0, D("2026-01-10"), 90, azNot[i], z, sizeof z), 0);
    assert_non_null(strstr(z, "Does not meet"));
  }
  assert_non_null(strstr(z, "parental responsibility"));
  pf_eligibility(D("2014-01-01"), 0, D("2026-01-10"), 90, "step-parent", z, sizeof z);
  assert_non_null(strstr(z, "step parent, a close relative"));
  static const char *const azYes[] = {"cousin", "great-aunt-or-uncle", "other-relative", "family-friend",
                                      "host-family", "other"};
  for (int i = 0; i < COUNT(azYes); i++) {
    assert_int_equal(pf_eligibility(D("2014-01-01"), 0, D("2026-01-10"), 90, azYes[i], z, sizeof z), 1);
  }
}

/* ---- Writing ------------------------------------------------------------------- */

static int64_t notify(const char *zChild, const char *zOn, const char *zSource, const char *zRel, int overseas,
                      const char *zManaged, const char *zTeam) {
  PfNotification in = {
    .zChild = zChild, .dob = D("2012-01-01"), .disabled = 0, .zCarer = "Carer O'Brien",
    .zRelationship = zRel, .zParents = "Mother: Ann", .zPr = "Mother", .notified = D(zOn),
    .started = DATE_NONE, .zExpectedDays = "120", .zSource = zSource, .overseas = overseas,
    .zManagedBy = zManaged, .zTeam = zTeam, .zWorker = "pf",
  };
  Errors e = {0};
  int64_t id = pf_notify(db, &in, TODAY, ACTOR, &e);
  if (!id) {
    print_error("pf_notify: %s: %s\n", e.n ? e.a[0].zField : "?", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

static void ok(int rc, const Errors *e, const char *zWhat) {
  if (rc) return;
  print_error("%s: %s: %s\n", zWhat, e->n ? e->a[0].zField : "?", e->n ? e->a[0].zMsg : "?");
  fail();
}

static void iv(int64_t id, const char *zOn, const char *zDecision, const char *zReason) {
  Errors e = {0};
  ok(pf_initial_visit(db, id, D(zOn), zDecision, zReason, NULL, TODAY, ACTOR, &e) == 0, &e, "initial visit");
}

static void pv(int64_t id, const char *zOn, int alone) {
  Errors e = {0};
  ok(pf_visit_add(db, id, D(zOn), alone, "Likes it here", NULL, TODAY, ACTOR, &e) != 0, &e, "visit");
}

static void notification_validation_and_audit(void **state) {
  (void)state;
  PfNotification in = {.dob = DATE_NONE, .disabled = -1, .notified = DATE_NONE, .started = DATE_NONE, .overseas = -1};
  Errors e = {0};
  assert_int_equal(pf_notify(db, &in, TODAY, ACTOR, &e), 0);
  static const char *const azField[] = {"child_name", "child_dob", "child_disabled", "carer_name",
                                        "carer_relationship", "parents", "parental_responsibility",
                                        "notified_on", "expected_days", "source", "overseas_student",
                                        "managed_by", "team"};
  for (int i = 0; i < COUNT(azField); i++) {
    if (!errors_for(&e, azField[i])) {
      print_error("no error for %s\n", azField[i]);
      fail();
    }
  }
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM pf_arrangement", ""), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 0);

  int64_t id = notify("Ann Lee", "2026-05-01", "school", "aunt", 0, "locality", "North team");
  PfArrangement a;
  assert_int_equal(pf_load(db, id, &a), 1);
  assert_int_equal(a.eligible, 0);
  assert_non_null(strstr(a.zEligibility, "aunt, a close relative"));
  pf_clear(&a);
  char zRec[32];
  snprintf(zRec, sizeof zRec, "pf:%lld", (long long)id);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record=? AND action='pf.notify'", "s", zRec), 1);

  /* A visit before the initial visit confirmed it is refused, saying why. */
  int64_t id2 = notify("Bo Sim", "2026-05-01", "gp", "family-friend", 0, "locality", "North team");
  e.n = 0;
  assert_int_equal(pf_visit_add(db, id2, D("2026-05-10"), 1, "fine", NULL, TODAY, ACTOR, &e), 0);
  assert_non_null(strstr(errors_for(&e, "visited_on"), "initial visit"));
  e.n = 0;
  assert_int_equal(pf_initial_visit(db, id2, D("2026-05-05"), "not-private-fostering", "", NULL, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "not_pf_reason"));
  e.n = 0;
  assert_int_equal(pf_initial_visit(db, id2, D("2026-07-01"), "confirmed", NULL, NULL, TODAY, ACTOR, &e), -1);
  assert_non_null(strstr(errors_for(&e, "initial_visit_on"), "today or in the past"));
  iv(id2, "2026-05-05", "confirmed", NULL);
  pv(id2, "2026-05-19", 1);
  e.n = 0;
  assert_int_equal(pf_visit_add(db, id2, D("2026-05-19"), 1, "again", NULL, TODAY, ACTOR, &e), 0);
  assert_non_null(strstr(errors_for(&e, "visited_on"), "already recorded"));
  e.n = 0;
  assert_int_equal(pf_visit_add(db, id2, D("2026-05-20"), -1, "", NULL, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "seen_alone"));
  assert_non_null(errors_for(&e, "child_views"));
  snprintf(zRec, sizeof zRec, "pf:%lld", (long long)id2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record=?", "s", zRec), 3);
}

static void build_report_dataset(void);

/* Why fostered, sex and ethnicity: checked against their lists, the field
** named, only what changed audited. */
static void details_are_checked_and_audited(void **state) {
  (void)state;
  int64_t id = notify("Fay F", "2026-05-01", "school", "family-friend", 0, "locality", "North team");
  Errors e = {0};
  assert_int_equal(pf_details_save(db, id, "homesick", "X", "WHITE", ACTOR, &e), -1);
  assert_string_equal(errors_for(&e, "pf_reason"), "Select why the child is privately fostered from the list");
  assert_string_equal(errors_for(&e, "child_sex"), "Select the child's sex: male, female or not known");
  assert_string_equal(errors_for(&e, "child_ethnicity"), "Select the child's ethnicity from the list");
  PfArrangement a;
  assert_int_equal(pf_load(db, id, &a), 1);
  assert_string_equal(a.zWhy, "");
  pf_clear(&a);
  e.n = 0;
  ok(pf_details_save(db, id, "family-breakdown", "F", "", ACTOR, &e) == 0, &e, "details");
  ok(pf_details_save(db, id, "family-breakdown", "F", "BAFR", ACTOR, &e) == 0, &e, "details again");
  assert_int_equal(pf_load(db, id, &a), 1);
  assert_string_equal(a.zWhy, "family-breakdown");
  assert_string_equal(a.zSex, "F");
  assert_string_equal(a.zEthnicity, "BAFR");
  pf_clear(&a);
  char zRec[32];
  snprintf(zRec, sizeof zRec, "pf:%lld", (long long)id);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record=? AND action='pf.details'", "s", zRec), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record=? AND action='pf.details'"
                                  " AND before_value='child_ethnicity: not recorded' AND after_value='child_ethnicity: BAFR'",
                          "s", zRec), 1);
  /* An empty form clears nothing. */
  e.n = 0;
  assert_int_equal(pf_details_save(db, id, "", "", "", ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "pf_reason"));
  e.n = 0;
  /* Nothing changed: nothing written. */
  ok(pf_details_save(db, id, "family-breakdown", "F", "BAFR", ACTOR, &e) == 0, &e, "same");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record=? AND action='pf.details'", "s", zRec), 2);
  /* On the notification too, checked the same way. */
  PfNotification in = {
    .zChild = "Gus G", .dob = D("2012-01-01"), .disabled = 0, .zCarer = "Carer", .zRelationship = "family-friend",
    .zParents = "Mother", .zPr = "Mother", .notified = D("2026-05-02"), .started = DATE_NONE,
    .zExpectedDays = "120", .zSource = "school", .overseas = 0, .zManagedBy = "locality", .zTeam = "North team",
    .zWhy = "nope", .zSex = "M", .zEthnicity = "WBRI",
  };
  e.n = 0;
  assert_int_equal(pf_notify(db, &in, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "pf_reason"));
  in.zWhy = "parent-ill-health";
  e.n = 0;
  int64_t id2 = pf_notify(db, &in, TODAY, ACTOR, &e);
  assert_true(id2 > 0);
  assert_int_equal(pf_load(db, id2, &a), 1);
  assert_string_equal(a.zWhy, "parent-ill-health");
  assert_string_equal(a.zSex, "M");
  pf_clear(&a);
}

/* The board's copy: the "2 of 4" text follows the suppressed counts, and
** pages show the reasons without their codes. */
static void figures_only_copy_hides_small_counts_in_the_text(void **state) {
  (void)state;
  build_report_dataset();
  PfReport r;
  pf_report(db, D("2025-04-01"), D("2026-03-31"), TODAY, &r);
  RTable v[PFR_N];
  for (int k = 0; k < PFR_N; k++) rtable_figures_only(&r.aTab[k], &v[k], 1);
  pf_report_view_fix(v);
  assert_string_equal(rtable_cell(&v[PFR_REG8_CHILD], 0, 4)->z, "fewer than 6 of fewer than 6");
  assert_string_equal(rtable_cell(&v[PFR_REG8_CHILD], 1, 4)->z, "0 of fewer than 6");
  Buf b = {0};
  reports_csv(v, PFR_N, &b);
  assert_null(strstr(b.z, "1 of 3"));
  assert_null(strstr(b.z, "Alex A"));
  buf_free(&b);
  RTable w;
  pf_report_words_only(&v[PFR_WHY], &w);
  assert_int_equal(w.nCol, 3);
  assert_string_equal(rtable_cell(&w, 0, 1)->z, "fewer than 6");
  rtable_clear(&w);
  for (int k = 0; k < PFR_N; k++) rtable_figures_free(&v[k]);
  pf_report_free(&r);
}

/* ---- The annual report on a hand-built dataset ------------------------------------ */

static int64_t cell(const PfReport *r, int tab, const char *zRow, int col) {
  const RTable *t = &r->aTab[tab];
  for (int i = 0; i < t->nRow; i++) {
    if (strcmp(rtable_cell(t, i, 0)->z, zRow) == 0) return rtable_cell(t, i, col)->v;
  }
  print_error("no row \"%s\" in %s\n", zRow, t->zTitle);
  fail();
  return -1;
}

static void build_report_dataset(void) {
  Errors e = {0};
  /* A: locality, on time, one late and one missing Regulation 8 visit. */
  int64_t a = notify("Alex A", "2025-05-01", "school", "family-friend", 0, "locality", "North team");
  iv(a, "2025-05-12", "confirmed", NULL);
  pv(a, "2025-05-26", 1);
  pv(a, "2025-06-09", 1);
  PfAssessmentInput as = {D("2025-06-10"), DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE};
  ok(pf_assessment_save(db, a, &as, TODAY, ACTOR, &e) == 0, &e, "assessment A");
  pv(a, "2025-07-22", 1);
  pv(a, "2025-09-10", 0);
  /* B: an overseas student with the partner: a late initial visit, Part B
  ** late, no fortnightly visits, ended in January. */
  int64_t b = notify("Bea B", "2025-09-01", "language-school", "host-family", 1, "partner", "BCP");
  iv(b, "2025-09-15", "confirmed", NULL);
  PfAssessmentInput bs = {DATE_NONE, D("2025-10-10"), D("2025-10-20"), DATE_NONE, DATE_NONE, DATE_NONE};
  ok(pf_assessment_save(db, b, &bs, TODAY, ACTOR, &e) == 0, &e, "assessment B");
  pv(b, "2025-12-01", 1);
  ok(pf_end(db, b, D("2026-01-05"), "Returned home", TODAY, ACTOR, &e) == 0, &e, "end B");
  /* C: not private fostering. D: did not meet the definition. */
  int64_t c = notify("Cal C", "2025-06-02", "carer", "family-friend", 0, "locality", "North team");
  iv(c, "2025-06-04", "not-private-fostering", "living-with-parent");
  notify("Dee D", "2025-07-01", "school", "aunt", 0, "locality", "South team");
  /* E: notified before the period; assessed late; audits on time. */
  int64_t x = notify("Eve E", "2025-03-01", "gp", "cousin", 0, "locality", "South team");
  iv(x, "2025-03-05", "confirmed", NULL);
  PfAssessmentInput xs = {D("2025-04-20"), DATE_NONE, DATE_NONE, D("2025-03-10"), DATE_NONE, DATE_NONE};
  ok(pf_assessment_save(db, x, &xs, TODAY, ACTOR, &e) == 0, &e, "assessment E");
  pv(x, "2025-06-01", 1);
  pv(x, "2025-07-13", 1);
  ok(pf_case_audit_add(db, x, D("2025-08-20"), NULL, "Good", TODAY, ACTOR, &e) != 0, &e, "audit");
  ok(pf_case_audit_add(db, x, D("2026-02-20"), NULL, "Good", TODAY, ACTOR, &e) != 0, &e, "audit");
  ok(pf_order_add(db, x, "prohibition", D("2025-10-01"), "Carer's partner prohibited", TODAY, ACTOR, &e) != 0, &e,
     "order");
  /* Why each is privately fostered, and who the children are. E has none
  ** recorded (notified before these were asked). */
  ok(pf_details_save(db, a, "family-breakdown", "F", "WBRI", ACTOR, &e) == 0, &e, "details A");
  ok(pf_details_save(db, b, "overseas-student", "F", "CHNE", ACTOR, &e) == 0, &e, "details B");
  ok(pf_details_save(db, c, "parenting-concerns", "M", "", ACTOR, &e) == 0, &e, "details C");
}

static void annual_report_numbers(void **state) {
  (void)state;
  build_report_dataset();
  PfReport r;
  pf_report(db, D("2025-04-01"), D("2026-03-31"), TODAY, &r);
  /* Summary. */
  assert_int_equal(cell(&r, PFR_SUMMARY, "Children privately fostered at the end of the period", 1), 2);
  assert_int_equal(cell(&r, PFR_SUMMARY, "of whom managed by a locality team", 1), 2);
  assert_int_equal(cell(&r, PFR_SUMMARY, "of whom managed by a commissioned partner", 1), 0);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Notifications received", 1), 4);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Notifications meeting the definition", 1), 3);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Notifications not meeting the definition", 1), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Initial visits confirming private fostering", 1), 2);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Initial visits finding it was not private fostering", 1), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Regulation 8 visits made", 1), 5);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Regulation 8 visits where the child was seen alone", 1), 4);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Arrangements ended", 1), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Prohibitions", 1), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Disqualifications", 1), 0);
  /* At any time in the period: A, B (ended in January) and E; B the
  ** overseas student, no longer there at the end. */
  assert_int_equal(cell(&r, PFR_SUMMARY, "Children privately fostered at any time in the period", 1), 3);
  assert_int_equal(rtable_cell(&r.aTab[PFR_SUMMARY], 3, 1)->v, 0);   /* overseas at the end */
  assert_int_equal(rtable_cell(&r.aTab[PFR_SUMMARY], 5, 1)->v, 1);   /* overseas during */
  /* Every visit on time: A 1 of 3, B 0 of 2, E 2 of 3: none of 3. */
  assert_int_equal(cell(&r, PFR_SUMMARY, "Children with Regulation 8 visits due", 1), 3);
  assert_int_equal(cell(&r, PFR_SUMMARY, "of whom every visit was on time", 1), 0);
  /* The year before (1 April 2024 - 31 March 2025): only E, notified on
  ** Saturday 1 March 2025 and visited on 5 March, before its initial
  ** visit's due day (7 working days: Tuesday 11 March). */
  assert_date_equal(r.prevFrom, D("2024-04-01"));
  assert_date_equal(r.prevTo, D("2025-03-31"));
  assert_int_equal(cell(&r, PFR_SUMMARY, "Children privately fostered at the end of the period", 2), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Notifications received", 2), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Initial visits confirming private fostering", 2), 1);
  assert_int_equal(cell(&r, PFR_SUMMARY, "Regulation 8 visits made", 2), 0);
  assert_int_equal(cell(&r, PFR_TIMELINESS, "Initial visit", 6), 1);
  assert_int_equal(cell(&r, PFR_TIMELINESS, "Initial visit", 7), 100);
  /* E's fortnightly visits from 5 March 2025 fell due on 19 March (the
  ** year before), 2 and 16 April (this year), all missed. */
  assert_int_equal(cell(&r, PFR_TIMELINESS, "Visit during the assessment", 6), 1);
  assert_int_equal(cell(&r, PFR_TIMELINESS, "Visit during the assessment", 7), 0);
  assert_int_equal(cell(&r, PFR_TIMELINESS, "Assessment", 6), 0);
  /* Why: the children the period's initial visits confirmed (A and B);
  ** C was not private fostering, so its reason is not counted. */
  assert_int_equal(r.aTab[PFR_WHY].nRow, 2);
  assert_int_equal(cell(&r, PFR_WHY, "Overseas student staying with a host family", 1), 1);
  assert_int_equal(cell(&r, PFR_WHY, "Family breakdown", 2), 50);
  assert_string_equal(rtable_cell(&r.aTab[PFR_WHY], 0, 3)->z, "overseas-student");
  /* Children at the end (A and E, both born 1 January 2012: 14). */
  const RTable *ch = &r.aTab[PFR_CHILDREN];
  struct { const char *zChar, *zGroup; int n, pc; } aCh[] = {
    {"Age", "Under 5", 0, 0}, {"Age", "5 to 9", 0, 0}, {"Age", "10 to 15", 2, 100}, {"Age", "16 and over", 0, 0},
    {"Sex", "Male", 0, 0}, {"Sex", "Female", 1, 50}, {"Sex", "Not known", 0, 0}, {"Sex", "Not recorded", 1, 50},
    {"Ethnicity", "White British", 1, 50}, {"Ethnicity", "Not recorded", 1, 50},
  };
  assert_int_equal(ch->nRow, COUNT(aCh));
  for (int i = 0; i < COUNT(aCh); i++) {
    assert_string_equal(rtable_cell(ch, i, 0)->z, aCh[i].zChar);
    assert_string_equal(rtable_cell(ch, i, 1)->z, aCh[i].zGroup);
    assert_int_equal(rtable_cell(ch, i, 2)->v, aCh[i].n);
    assert_int_equal(rtable_cell(ch, i, 3)->v, aCh[i].pc);
  }
  /* Child by child, in the order notified, with no name: A's visits were
  ** due 22 July (made that day), 2 September (made 10 September) and 22
  ** October (not made); E's 1 June and 13 July (made) and 24 August. */
  const RTable *c8 = &r.aTab[PFR_REG8_CHILD];
  assert_int_equal(c8->nRow, 3);
  static const char *const azOf[] = {"1 of 3", "0 of 2", "2 of 3"};
  static const char *const azTeam8[] = {"North team", "BCP", "South team"};
  for (int i = 0; i < 3; i++) {
    char z[16];
    snprintf(z, sizeof z, "Child %d", i + 1);
    assert_string_equal(rtable_cell(c8, i, 0)->z, z);
    assert_string_equal(rtable_cell(c8, i, 1)->z, azTeam8[i]);
    assert_string_equal(rtable_cell(c8, i, 4)->z, azOf[i]);
    assert_string_equal(rtable_cell(c8, i, 5)->z, "No");
  }
  /* Timeliness: due, on time, late, not done, per cent. */
  struct { const char *zItem; int a[5]; } aWant[] = {
    {"Initial visit", {3, 2, 1, 0, 67}},
    {"Assessment", {2, 1, 1, 0, 50}},
    {"Part A assessment (carer)", {1, 1, 0, 0, 100}},
    {"Part B assessment (child)", {1, 0, 1, 0, 0}},
    {"Visit during the assessment", {6, 2, 0, 4, 33}},
    /* B is the partner's: every 4 weeks from Part B on 20 October, due 17
    ** November (visited late, 1 December), then 29 December, missed
    ** before the end on 5 January. */
    {"Regulation 8 visit", {8, 3, 2, 3, 38}},
    {"Case audit", {3, 2, 0, 1, 67}},
  };
  for (int i = 0; i < COUNT(aWant); i++) {
    for (int k = 0; k < 5; k++) {
      int64_t got = cell(&r, PFR_TIMELINESS, aWant[i].zItem, k + 1);
      if (got != aWant[i].a[k]) {
        print_error("%s column %d: %lld, expected %d\n", aWant[i].zItem, k + 1, (long long)got, aWant[i].a[k]);
        fail();
      }
    }
  }
  assert_int_equal(cell(&r, PFR_SOURCES, "School", 1), 2);
  assert_int_equal(cell(&r, PFR_SOURCES, "Language school", 1), 1);
  assert_int_equal(cell(&r, PFR_SOURCES, "Carer", 1), 1);
  assert_int_equal(r.aTab[PFR_SOURCES].nRow, 3);
  assert_int_equal(cell(&r, PFR_REASONS, "Did not meet the definition when notified", 1), 1);
  assert_int_equal(cell(&r, PFR_REASONS, "Living with parent", 1), 1);
  /* By team: locality teams first, by name. */
  const RTable *t = &r.aTab[PFR_TEAMS];
  assert_int_equal(t->nRow, 3);
  static const char *const azTeam[] = {"North team", "South team", "BCP"};
  static const int aTeam[3][8] = {
    {1, 2, 2, 2, 1, 1, 3, 1},
    {1, 1, 0, 0, 1, 0, 3, 2},
    {0, 1, 1, 0, 1, 1, 2, 0},
  };
  /* Each team's pattern from the rules, and its share on time. */
  static const int aPct[] = {33, 67, 0};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(rtable_cell(t, i, 10)->v, aPct[i]);
    assert_string_equal(rtable_cell(t, i, 11)->z, i == 2 ? "Every 4 weeks in the first year, then every 12 weeks"
                                                         : "Every 6 weeks in the first year, then every 12 weeks");
  }
  for (int i = 0; i < 3; i++) {
    assert_string_equal(rtable_cell(t, i, 0)->z, azTeam[i]);
    for (int k = 0; k < 8; k++) {
      if (rtable_cell(t, i, 2 + k)->v != aTeam[i][k]) {
        print_error("%s column %s: %lld, expected %d\n", azTeam[i], t->aCol[2 + k].zCsv,
                    (long long)rtable_cell(t, i, 2 + k)->v, aTeam[i][k]);
        fail();
      }
    }
  }
  /* The same numbers in every format. */
  Buf j = {0}, c = {0};
  pf_report_json(&r, &j);
  assert_non_null(strstr(j.z, "\"from\": \"2025-04-01\""));
  assert_non_null(strstr(j.z, "\"previous_from\": \"2024-04-01\",\n  \"previous_to\": \"2025-03-31\""));
  assert_non_null(strstr(j.z, "{\"item\": \"Regulation 8 visit\", \"due\": 8, \"on_time\": 3, \"late\": 2, \"not_done\": 3,"
                              " \"percent_on_time\": 38, \"previous_period_due\": 0, \"previous_period_percent_on_time\": 0}"));
  assert_non_null(strstr(j.z, "{\"reason\": \"Family breakdown\", \"children\": 1, \"percent\": 50, \"code\": \"family-breakdown\"}"));
  assert_non_null(strstr(j.z, "{\"child\": \"Child 2\", \"team\": \"BCP\", \"reg8_visits_due\": 2, \"reg8_visits_on_time\": 0,"
                              " \"on_time_of_due\": \"0 of 2\", \"all_on_time\": \"No\"}"));
  pf_report_csv(&r, &c);
  assert_non_null(strstr(c.z, "Regulation 8 visit,8,3,2,3,38,0,0\r\n"));
  assert_non_null(strstr(c.z, "reason,children,percent,code\r\nOverseas student staying with a host family,1,50,overseas-student\r\n"));
  /* The standalone page shows the reasons in words, never the code. */
  Buf h = {0};
  pf_report_html(&r, &h);
  assert_non_null(strstr(h.z, "Overseas student staying with a host family"));
  assert_null(strstr(h.z, "overseas-student"));
  buf_free(&h);
  buf_free(&j);
  buf_free(&c);
  pf_report_free(&r);
}

static void default_period_is_the_last_financial_year(void **state) {
  (void)state;
  Date from, to;
  pf_report_default_period(D("2026-06-30"), &from, &to);
  assert_date_equal(from, D("2025-04-01"));
  assert_date_equal(to, D("2026-03-31"));
  pf_report_default_period(D("2026-03-31"), &from, &to);
  assert_date_equal(from, D("2024-04-01"));
  assert_date_equal(to, D("2025-03-31"));
  pf_report_default_period(D("2026-04-01"), &from, &to);
  assert_date_equal(from, D("2025-04-01"));
}

/* ---- CSV ------------------------------------------------------------------------------ */

static char *export_text(Db *pDb) {
  char zPath[] = "/tmp/oversight-pf-XXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w+");
  assert_int_equal(export_private_fostering(pDb, f, ACTOR), 0);
  rewind(f);
  Buf b = {0};
  char a[4096];
  size_t n;
  while ((n = fread(a, 1, sizeof a, f)) > 0) buf_append(&b, a, n);
  fclose(f);
  unlink(zPath);
  return buf_take(&b);
}

/* A read that fails part way (here the visits' table is gone) is a
** failure with nothing, never arrangements that seem never visited. */
static void read_failure_is_not_a_short_list(void **state) {
  (void)state;
  build_report_dataset();
  PfList l;
  int n = pf_list(db, NULL, &l);
  assert_true(n > 0);
  int64_t id = l.a[0].id;
  pf_list_free(&l);
  assert_int_equal(db_exec_script(db, "DROP TABLE pf_visit;"), DB_OK);
  assert_int_equal(pf_list(db, NULL, &l), -1);
  assert_int_equal(l.n, 0);
  assert_null(l.a);
  assert_int_equal(pf_list(db, "pf", &l), -1);
  assert_int_equal(l.n, 0);
  int nRun, nOver, nSoon;
  assert_int_equal(pf_counts(db, TODAY, &nRun, &nOver, &nSoon), DB_ERROR);
  assert_int_equal(nRun, 0);
  PfReport r;
  assert_int_equal(pf_report(db, D("2025-04-01"), D("2026-03-31"), TODAY, &r), DB_ERROR);
  pf_report_free(&r);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(export_private_fostering(db, f, ACTOR), -1);
  assert_int_equal(ftell(f), 0);
  fclose(f);
  PfArrangement a;
  assert_int_equal(pf_load(db, id, &a), 0);
  db_clear_failure(db);
}

static void export_then_import_reproduces_the_records(void **state) {
  (void)state;
  build_report_dataset();
  char *z1 = export_text(db);
  assert_non_null(strstr(z1, "pf_ref,record,on_date,child_name"));
  /* Why, sex and ethnicity travel on the notification row (issue 20). */
  assert_non_null(strstr(z1, ",text,reason,child_sex,child_ethnicity\r\n"));
  assert_non_null(strstr(z1, ",family-breakdown,F,WBRI\r\n"));
  Db *db2 = test_db_open();
  Buf rep = {0};
  int rc = import_private_fostering_text(db2, z1, strlen(z1), "export.csv", TODAY, ACTOR, &rep);
  if (rc != 0) print_error("%s", rep.z);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(rep.z, "Loaded 5 arrangements"));
  char *z2 = export_text(db2);
  assert_string_equal(z1, z2);
  /* Loading it again adds nothing: every arrangement is already there. */
  buf_reset(&rep);
  assert_int_equal(import_private_fostering_text(db2, z1, strlen(z1), "export.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "already in the database"));
  free(z2);
  test_db_close(db2);
  buf_free(&rep);
  free(z1);
}

/* A file exported before schema version 27 has no reason, child_sex or
** child_ethnicity columns: it still loads, with none recorded. */
static void import_of_a_file_without_the_new_columns(void **state) {
  (void)state;
  const char *z =
      "pf_ref,record,on_date,child_name,child_dob,child_disabled,carer_name,carer_relationship,parents,"
      "parental_responsibility,started_on,expected_days,source,overseas_student,managed_by,team,worker,decision,"
      "not_pf_reason,assessment_on,part_a_on,part_b_on,dbs_check_on,health_check_on,social_care_check_on,seen_alone,"
      "by_whom,text\r\n"
      "7,notification,2026-05-01,Old Format,2012-01-01,no,Carer,family-friend,Mother,Mother,,120,school,no,locality,"
      "North team,pf,,,,,,,,,,,\r\n";
  Buf rep = {0};
  int rc = import_private_fostering_text(db, z, strlen(z), "old.csv", TODAY, ACTOR, &rep);
  if (rc != 0) print_error("%s", rep.z);
  assert_int_equal(rc, 0);
  PfArrangement a;
  assert_int_equal(pf_load(db, 7, &a), 1);
  assert_string_equal(a.zChild, "Old Format");
  assert_string_equal(a.zWhy, "");
  assert_string_equal(a.zSex, "");
  pf_clear(&a);
  buf_free(&rep);
}

static void import_with_one_bad_row_loads_nothing(void **state) {
  (void)state;
  build_report_dataset();
  char *z = export_text(db);
  Db *db2 = test_db_open();
  /* Make the last visit row's seen_alone unreadable, and a date impossible. */
  char *p = strstr(z, ",visit,2025-12-01,");
  assert_non_null(p);
  memcpy(p + 7, "2025-13-01", 10);
  Buf rep = {0};
  assert_int_equal(import_private_fostering_text(db2, z, strlen(z), "bad.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "on_date must be a date as YYYY-MM-DD, not \"2025-13-01\""));
  assert_non_null(strstr(rep.z, "Nothing was loaded: 1 row to correct."));
  assert_int_equal(db_int(db2, -1, "SELECT count(*) FROM pf_arrangement", ""), 0);
  assert_int_equal(db_int(db2, -1, "SELECT count(*) FROM pf_visit", ""), 0);
  assert_int_equal(db_int(db2, -1, "SELECT count(*) FROM audit_log", ""), 0);
  buf_reset(&rep);
  const char *zBad = "pf_ref,record\r\n1,notification\r\n";
  assert_int_equal(import_private_fostering_text(db2, zBad, strlen(zBad), "bad.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "row 1: missing column on_date"));
  test_db_close(db2);
  buf_free(&rep);
  free(z);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    T(initial_visit_within_seven_working_days_over_christmas),
    T(initial_visit_over_easter_and_may_day),
    T(assessment_within_42_days),
    T(visits_every_two_weeks_during_the_assessment),
    T(regulation_8_every_6_weeks_then_12_after_the_first_year),
    T(twelve_weeks_comes_from_the_rules_table),
    T(partner_visits_every_4_weeks_locality_every_6),
    T(partner_pattern_comes_from_the_rules_table),
    T(audit_every_six_months_at_a_month_end),
    T(nothing_due_after_the_end_or_the_16th_birthday),
    T(eligibility_turns_on_the_16th_birthday),
    T(eligibility_needs_28_days),
    T(close_relatives_parents_and_pr_are_not_private_fostering),
    T(notification_validation_and_audit),
    T(details_are_checked_and_audited),
    T(annual_report_numbers),
    T(figures_only_copy_hides_small_counts_in_the_text),
    T(default_period_is_the_last_financial_year),
    T(export_then_import_reproduces_the_records),
    T(import_of_a_file_without_the_new_columns),
    T(import_with_one_bad_row_loads_nothing),
    T(read_failure_is_not_a_short_list),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
