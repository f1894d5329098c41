/*
** test_rules.c: unit tests for the rules table (SPEC "Rules are data") and
** closure days.
**
** The expected defaults are copied by hand from SPEC.md, not read from the
** schema, so a mistyped default in the migration fails here.
*/
#include "testutil.h"
#include "calendar.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Expect { const char *zName; int amount; CalUnit unit; } Expect;

static void assert_rule(const Rule *r, const char *zName, int amount, CalUnit unit) {
  assert_non_null(r);
  if (strcmp(r->zName, zName) != 0 || r->amount != amount || r->unit != unit ||
      r->defaultAmount != amount || r->defaultUnit != unit) {
    print_error("rule %s: got %s %d %s (default %d %s), want %d %s\n", zName, r->zName, r->amount,
                cal_unit_name(r->unit), r->defaultAmount, cal_unit_name(r->defaultUnit), amount,
                cal_unit_name(unit));
    fail();
  }
}

static int64_t audit_count(Db *db) { return db_int(db, -1, "SELECT count(*) FROM audit_log", ""); }

/* ---- Defaults ------------------------------------------------------------- */

static void test_core_rules_defaults(void **state) {
  (void)state;
  Db *db = test_db_open();
  const CoreRules *R = core_rules();
  assert_rule(R->reviewFirst, "review_first", 20, UNIT_WORKING_DAYS);
  assert_rule(R->reviewSecond, "review_second", 3, UNIT_MONTHS);
  assert_rule(R->reviewLater, "review_later", 6, UNIT_MONTHS);
  assert_rule(R->reviewRecommendations, "review_recommendations", 5, UNIT_WORKING_DAYS);
  assert_rule(R->reviewMinutes, "review_minutes", 20, UNIT_WORKING_DAYS);
  assert_rule(R->iroAllocation, "iro_allocation", 5, UNIT_WORKING_DAYS);
  assert_rule(R->dueSoon, "due_soon", 10, UNIT_WORKING_DAYS);
  assert_rule(R->caseloadAmber, "caseload_amber", 60, UNIT_CHILDREN);
  assert_rule(R->caseloadRed, "caseload_red", 70, UNIT_CHILDREN);
  assert_rule(R->unregReview, "unreg_review", 3, UNIT_MONTHS);
  assert_rule(R->unregFirstReview, "unreg_first_review", 20, UNIT_WORKING_DAYS);
  /* SPEC §3: permanence by the second review; the age thresholds. */
  assert_rule(R->permanenceByReview, "permanence_plan_by_review", 2, UNIT_COUNT);
  assert_rule(R->advocacyAge, "advocacy_age", 8, UNIT_YEARS);
  assert_rule(R->independenceAge, "independence_age", 14, UNIT_YEARS);
  assert_rule(R->pathwayAge, "pathway_plan_age", 16, UNIT_YEARS);
  assert_rule(R->documentsAge, "documents_age", 17, UNIT_YEARS);
  assert_rule(R->pn0Age, "participation_pn0_age", 4, UNIT_YEARS);
  /* The struct's pointers are the same rows rule() finds by name. */
  assert_ptr_equal(R->reviewFirst, rule("review_first"));
  assert_ptr_equal(R->caseloadRed, rule("caseload_red"));
  test_db_close(db);
}

static void test_every_section_has_rules(void **state) {
  (void)state;
  Db *db = test_db_open();
  static const Expect a[] = {
    {"escalation_stage_response", 5, UNIT_WORKING_DAYS},
    {"escalation_total", 20, UNIT_WORKING_DAYS},
    {"lado_decision", 1, UNIT_WORKING_DAYS},
    {"lado_initial_meeting", 5, UNIT_WORKING_DAYS},
    {"lado_post_allegation_meeting", 28, UNIT_DAYS},
    {"pf_initial_visit", 7, UNIT_WORKING_DAYS},
    {"pf_assessment", 42, UNIT_DAYS},
    {"pf_assessment_visits", 2, UNIT_WEEKS},
    {"pf_reg8_first_year", 6, UNIT_WEEKS},
    {"pf_reg8_after", 12, UNIT_WEEKS},
    {"pf_audit", 6, UNIT_MONTHS},
    {"reg44_visit", 1, UNIT_MONTHS},
    {"reg44_report", 2, UNIT_WEEKS},
    {"reg44_sent", 22, UNIT_WORKING_DAYS},
    {"home_monitoring_ri", 2, UNIT_WEEKS},
    {"home_monitoring_inadequate", 1, UNIT_WEEKS},
    {"unreg_iro_visit", 2, UNIT_WEEKS},
    {"unreg_oversight_record", 1, UNIT_MONTHS},
    {"session_idle", 30, UNIT_MINUTES},
  };
  for (int i = 0; i < COUNT(a); i++) assert_rule(rule(a[i].zName), a[i].zName, a[i].amount, a[i].unit);

  static const char *const azSection[] = {"1", "2", "3", "4", "5", "6", "7", "8", "11"};
  int aSeen[COUNT(azSection)] = {0};
  assert_true(rules_count() > 0);
  for (int i = 0; i < rules_count(); i++) {
    const Rule *r = rules_at(i);
    assert_non_null(r);
    for (int k = 0; k < COUNT(azSection); k++) {
      if (strcmp(r->zSection, azSection[k]) == 0) aSeen[k]++;
    }
    /* Every rule explains itself to the administrator who edits it. */
    assert_true(r->zDescription[0] != 0);
    assert_true(r->zCountsFrom[0] != 0);
    assert_true(r->unit != UNIT_INVALID);
  }
  for (int k = 0; k < COUNT(azSection); k++) {
    if (!aSeen[k]) {
      print_error("no rule for SPEC section %s\n", azSection[k]);
      fail();
    }
  }
  assert_null(rules_at(-1));
  assert_null(rules_at(rules_count()));
  assert_string_equal(rule("lado_decision")->zSection, "6");
  assert_string_equal(rule("pf_assessment")->zSection, "7");
  assert_string_equal(rule("reg44_sent")->zSection, "8");
  assert_string_equal(rule("session_idle")->zSection, "11");
  test_db_close(db);
}

/* ---- Changing a rule ------------------------------------------------------ */

/* Which contacts count: set as data, audited before and after, never
** left empty, and read back by the next rules_load. */
static void test_contact_counts_update(void **state) {
  (void)state;
  Db *db = test_db_open();
  unsigned child = contact_with_bit("child"), sw = contact_with_bit("social-worker"),
           carer = contact_with_bit("carer");
  assert_int_equal(contact_counts_mask(0), child | sw);
  assert_int_equal(contact_counts_mask(1), child);
  char *zErr = NULL;
  assert_int_equal(contact_counts_update(db, "midpoint-contact", child | sw | carer, "cli:admin", NULL, &zErr), 0);
  assert_null(zErr);
  assert_int_equal(rules_load(db), 0);
  assert_int_equal(core_rules()->midpointWith, child | sw | carer);
  assert_int_equal(core_rules()->preReviewWith, child);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM contact_counts WHERE item = 'midpoint-contact'", ""), 3);
  Stmt *s = db_prepare(db, "SELECT action, record, before_value, after_value FROM audit_log");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "contact_counts.set");
  assert_string_equal(db_col_text(s, 1), "contact_counts:midpoint-contact");
  assert_string_equal(db_col_text(s, 2), "child,social-worker");
  assert_string_equal(db_col_text(s, 3), "child,social-worker,carer");
  assert_int_equal(db_step(s), DB_DONE);
  db_finalize(s);
  Buf b = {0};
  contact_counts_words(core_rules()->midpointWith, &b);
  assert_string_equal(b.z, "the child, the social worker, the carer");
  buf_free(&b);

  /* Refused: none at all (the item could never be met), an unknown item;
  ** nothing is written either time. */
  assert_int_equal(contact_counts_update(db, "pre-review-contact", 0, "cli:admin", NULL, &zErr), -1);
  assert_non_null(strstr(zErr, "at least one"));
  free(zErr);
  assert_int_equal(contact_counts_update(db, "review", child, "cli:admin", NULL, &zErr), -1);
  assert_non_null(strstr(zErr, "no contact item called \"review\""));
  free(zErr);
  assert_int_equal(audit_count(db), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM contact_counts WHERE item = 'pre-review-contact'", ""), 1);
  test_db_close(db);
}

static void test_rules_set_changes_and_audits(void **state) {
  (void)state;
  Db *db = test_db_open();
  /* Mon 1 Jul 2024: 20 working days (no holidays in July) is Mon 29 Jul. */
  assert_date_equal(rule_due(rule("review_first"), D("2024-07-01")), D("2024-07-29"));
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "review_first", 15, "working-days", "cli:admin", &zErr), 0);
  assert_null(zErr);
  /* The rule table was reloaded: old pointers are gone, look it up again. */
  const Rule *r = rule("review_first");
  assert_int_equal(r->amount, 15);
  assert_int_equal(r->unit, UNIT_WORKING_DAYS);
  assert_int_equal(r->defaultAmount, 20);
  assert_int_equal(core_rules()->reviewFirst->amount, 15);
  assert_date_equal(rule_due(r, D("2024-07-01")), D("2024-07-22"));
  assert_int_equal(db_int(db, -1, "SELECT amount FROM rule WHERE name='review_first'", ""), 15);

  assert_int_equal(audit_count(db), 1);
  Stmt *s = db_prepare(db, "SELECT actor, action, record, before_value, after_value FROM audit_log");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "cli:admin");
  assert_string_equal(db_col_text(s, 1), "rule.set");
  assert_string_equal(db_col_text(s, 2), "rule:review_first");
  assert_string_equal(db_col_text(s, 3), "20 working-days");
  assert_string_equal(db_col_text(s, 4), "15 working-days");
  db_finalize(s);

  /* A change of unit within the kind: days now count by the calendar. */
  assert_int_equal(rules_set(db, "review_first", 4, "weeks", "cli:admin", &zErr), 0);
  assert_null(zErr);
  assert_int_equal(rule("review_first")->unit, UNIT_WEEKS);
  assert_date_equal(rule_due(rule("review_first"), D("2024-07-01")), D("2024-07-29"));
  assert_int_equal(audit_count(db), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE before_value='15 working-days'"
                                  " AND after_value='4 weeks'", ""), 1);

  /* Thresholds change too: the caseload band reads the new number. */
  assert_int_equal(rules_set(db, "caseload_amber", 55, "children", "cli:admin", &zErr), 0);
  assert_int_equal(core_rules()->caseloadAmber->amount, 55);
  test_db_close(db);
}

static void refused(Db *db, const char *zName, long amount, const char *zUnit, const char *zNeedle) {
  char *zErr = NULL;
  if (rules_set(db, zName, amount, zUnit, "cli:admin", &zErr) != -1) {
    print_error("rules_set(%s, %ld, %s) should be refused\n", zName, amount, zUnit);
    free(zErr);
    fail();
  }
  assert_non_null(zErr);
  if (!strstr(zErr, zNeedle)) {
    print_error("message for %s %ld %s should mention \"%s\": %s\n", zName, amount, zUnit, zNeedle, zErr);
    free(zErr);
    fail();
  }
  free(zErr);
}

static void test_rules_set_refusals(void **state) {
  (void)state;
  Db *db = test_db_open();
  refused(db, "review_fist", 10, "working-days", "review_fist");
  refused(db, "review_first", 10, "fortnights", "fortnights");
  refused(db, "review_first", 10, "children", "working-days");
  refused(db, "caseload_amber", 50, "days", "children");
  refused(db, "session_idle", 3, "days", "minutes");
  refused(db, "review_first", -1, "working-days", "review_first");
  refused(db, "review_first", 10001, "working-days", "review_first");

  const Rule *r = rule("review_first");
  assert_int_equal(r->amount, 20);
  assert_int_equal(r->unit, UNIT_WORKING_DAYS);
  assert_int_equal(rule("caseload_amber")->amount, 60);
  assert_int_equal(rule("caseload_amber")->unit, UNIT_CHILDREN);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM rule WHERE name='review_first'"
                                  " AND amount=20 AND unit='working-days'", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM rule WHERE name='caseload_amber'"
                                  " AND amount=60 AND unit='children'", ""), 1);
  assert_int_equal(audit_count(db), 0);

  /* Zero is allowed (same-day rules such as unreg_qa_notification). */
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "review_first", 0, "working-days", "cli:admin", &zErr), 0);
  assert_int_equal(rule("review_first")->amount, 0);
  test_db_close(db);
}

/* ---- Ages ----------------------------------------------------------------- */

static void test_rule_age_date_leap_day(void **state) {
  (void)state;
  Db *db = test_db_open();
  /* Born 29 Feb 2016: 14 in 2030, a common year, so on 1 March. */
  assert_date_equal(rule_age_date(rule("independence_age"), D("2016-02-29")), D("2030-03-01"));
  /* 17 in 2029, common: 1 March, not 28 February. */
  assert_date_equal(rule_age_date(rule("documents_age"), D("2012-02-29")), D("2029-03-01"));
  /* 16 in 2024, a leap year: the birthday itself. */
  assert_date_equal(rule_age_date(rule("pathway_plan_age"), D("2008-02-29")), D("2024-02-29"));
  assert_date_equal(rule_age_date(rule("advocacy_age"), D("2015-06-30")), D("2023-06-30"));
  assert_true(rule_age_date(rule("advocacy_age"), DATE_NONE) == DATE_NONE);
  test_db_close(db);
}

/* ---- Closure days --------------------------------------------------------- */

static void test_calendar_add_closure(void **state) {
  (void)state;
  Db *db = test_db_open();
  Date day = D("2024-07-10");  /* a Wednesday, not a bank holiday */
  assert_true(cal_is_working_day(day));
  /* Tue 9 Jul + 1 working day is the 10th until it closes. */
  assert_date_equal(cal_add_working_days(D("2024-07-09"), 1), day);

  char *zErr = NULL;
  assert_int_equal(calendar_add_closure(db, day, "Council closure", "cli:admin", &zErr), 0);
  assert_null(zErr);
  assert_false(cal_is_working_day(day));
  assert_date_equal(cal_add_working_days(D("2024-07-09"), 1), D("2024-07-11"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day WHERE day='2024-07-10'"
                                  " AND name='Council closure'", ""), 1);
  assert_int_equal(audit_count(db), 1);
  Stmt *s = db_prepare(db, "SELECT actor, action, record, after_value FROM audit_log");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "cli:admin");
  assert_string_equal(db_col_text(s, 1), "closure.add");
  assert_string_equal(db_col_text(s, 2), "closure:2024-07-10");
  assert_string_equal(db_col_text(s, 3), "Council closure");
  db_finalize(s);

  assert_int_equal(calendar_add_closure(db, day, "Again", "cli:admin", &zErr), -1);
  assert_non_null(zErr);
  if (!strstr(zErr, "2024-07-10") || !strstr(zErr, "already")) {
    print_error("duplicate closure message unclear: %s\n", zErr);
    fail();
  }
  free(zErr);
  zErr = NULL;
  assert_int_equal(audit_count(db), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day", ""), 1);
  assert_false(cal_is_working_day(day));

  /* Forget the in-memory copy: rules_load must bring it back from the db. */
  cal_set_extra_days(NULL, 0);
  assert_true(cal_is_working_day(day));
  assert_int_equal(rules_load(db), 0);
  assert_false(cal_is_working_day(day));
  assert_true(cal_is_working_day(D("2024-07-11")));

  cal_set_extra_days(NULL, 0);
  test_db_close(db);
}

static void test_calendar_closure_needs_name(void **state) {
  (void)state;
  Db *db = test_db_open();
  char *zErr = NULL;
  assert_int_equal(calendar_add_closure(db, D("2024-07-10"), "", "cli:admin", &zErr), -1);
  assert_non_null(zErr);
  free(zErr);
  assert_int_equal(calendar_add_closure(db, D("2024-07-10"), NULL, "cli:admin", &zErr), -1);
  assert_non_null(zErr);
  free(zErr);
  assert_true(cal_is_working_day(D("2024-07-10")));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day", ""), 0);
  assert_int_equal(audit_count(db), 0);
  cal_set_extra_days(NULL, 0);
  test_db_close(db);
}

static int clear_extra_days(void **state) {
  (void)state;
  cal_set_extra_days(NULL, 0);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_core_rules_defaults),
    cmocka_unit_test(test_every_section_has_rules),
    cmocka_unit_test(test_rules_set_changes_and_audits),
    cmocka_unit_test(test_rules_set_refusals),
    cmocka_unit_test(test_contact_counts_update),
    cmocka_unit_test(test_rule_age_date_leap_day),
    cmocka_unit_test_teardown(test_calendar_add_closure, clear_extra_days),
    cmocka_unit_test_teardown(test_calendar_closure_needs_name, clear_extra_days),
  };
  return cmocka_run_group_tests(tests, clear_extra_days, clear_extra_days);
}
