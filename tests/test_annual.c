/*
** test_annual.c: the IRO annual report on a small hand-built council
** where every figure is known by hand, read back through the report's
** JSON (what other tools use), so each documented key is checked too.
**
** The period is 1 April 2025 to 31 March 2026. The children:
**   A1  boy, born 31 March 2010: 16 on the period end itself. In care since
**       15 January 2024 (care order, foster care, 20.0 miles: the edge of
**       "within 20 miles"). Reviews in the period: 8 May 2025, on its due
**       date; 9 November 2025, one day late.
**   B1  girl, born 10 June 2021, in care from 25 April 2025 (interim care
**       order, family and friends). Reviews 23 May 2025 (aged 3: PN0;
**       recommendations 2 June, the 5th working day after the spring bank
**       holiday; minutes 23 June, the 20th working day), 22 August 2025
**       (recommendations 1 September, the 5th working day across the
**       summer bank holiday) and 20 February 2026 (recommendations 2 March:
**       the 6th working day, late).
**   C1  asylum-seeking boy, born 15 September 2009, ethnicity not recorded:
**       in care June 2024 to 10 July 2025, back from 1 September 2025
**       (aged 15; residential, 45 miles, out of area). His first review of
**       the new period, 30 September, is a day late.
**   D1  girl, born 20 January 2009, in unregistered provision from
**       6 October 2025: no review yet.
**   E1  left care on 15 April 2025.
**   F1  baby who came into care on the period end.
**   G1  came into care after the period: in no figure.
** The figures added for issue 20 have a second council of their own,
** further down, so each answer there is worked out from five children.
*/
#include "testutil.h"
#include "annual.h"
#include "escalations.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
static json_t *root;
#define ACTOR "test"

static int64_t add_child(const char *zRef, const char *zDob, const char *zSex, const char *zEth, int uasc) {
  ChildInput in = {.zRef = zRef, .zGiven = zRef, .zFamily = "Test", .zDob = zDob, .zSex = zSex,
                   .zEthnicity = zEth, .disability = -1, .uasc = uasc};
  Errors e = {0};
  int64_t id = child_add(db, &in, ACTOR, &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  return id;
}

/* An episode; zInArea "1", "0" or NULL; miles < 0 for not recorded. */
static void episode(int64_t child, const char *zStart, const char *zEnd, const char *zLegal,
                    const char *zPlacement, const char *zReg, const char *zInArea, double miles) {
  EpisodeInput in = {.zStart = zStart, .zRne = "S", .zLegalStatus = zLegal, .zCin = "N1",
                     .zPlacement = zPlacement, .zProvider = "PR1", .zRegistration = zReg,
                     .zEnd = zEnd, .zEndReason = zEnd ? "E11" : NULL};
  Errors e = {0};
  int64_t id = episode_add(db, child, &in, ACTOR, &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  assert_int_equal(db_exec(db, "UPDATE episode SET in_area=?, distance_miles=? WHERE id=?", "sdI", zInArea,
                           miles, id), DB_OK);
  if (miles < 0)
    assert_int_equal(db_exec(db, "UPDATE episode SET distance_miles=NULL WHERE id=?", "I", id), DB_OK);
}

static void allocate(int64_t child, int64_t iro, const char *zFrom) {
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, reason)"
                               " VALUES(?, ?, ?, 'First IRO')", "IIs", child, iro, zFrom), DB_OK);
}

/* A review; NULL dates are not issued; advocate and permanence 1/0/-1. */
static void review(int64_t child, int64_t iro, const char *zHeld, const char *zPn, const char *zRecs,
                   const char *zMinutes, int advocate, int permanence, const char *zType) {
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, iro_id, held_on, participation, mode,"
                               " recommendations_on, minutes_on, advocate, permanence_plan, permanence_type)"
                               " VALUES(?, ?, ?, ?, 'in-person', ?, ?, ?, ?, ?)", "IIssssbbs",
                           child, iro, zHeld, zPn, zRecs, zMinutes, advocate, permanence, zType), DB_OK);
}

static int64_t raise(const char *zChild, const char *zOn, const char *zCategory) {
  const char *az[] = {zChild};
  EscalationInput in = {.azChild = az, .nChild = 1, .zCategory = zCategory, .zTopic = "placement",
                        .zConcern = "Drift", .zOutcomeWanted = "A plan", .zRaisedBy = "Sam Patel",
                        .zResponder = "Pat Jones", .raised = D(zOn)};
  Errors e = {0};
  int64_t id = escalation_raise(db, &in, D("2026-06-01"), ACTOR, &e);
  if (!id) print_error("escalation_raise: %s\n", e.n ? e.a[0].zMsg : "?");
  assert_true(id > 0);
  return id;
}

static void move(int64_t id, const char *zOn) {
  Errors e = {0};
  int rc = escalation_move(db, id, "No answer", "Team manager", D(zOn), D("2026-06-01"), ACTOR, &e);
  if (rc != 0) print_error("escalation_move: %s\n", e.n ? e.a[0].zMsg : "?");
  assert_int_equal(rc, 0);
}

static void fixture(void) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Sam Patel'), ('Ann Lee')", ""), DB_OK);
  int64_t sam = db_int(db, 0, "SELECT id FROM iro WHERE name='Sam Patel'", "");
  int64_t ann = db_int(db, 0, "SELECT id FROM iro WHERE name='Ann Lee'", "");

  int64_t a = add_child("A1", "2010-03-31", "M", "WBRI", 0);
  episode(a, "2024-01-15", NULL, "C2", "U4", "registered", "1", 20.0);
  allocate(a, sam, "2024-01-15");
  review(a, sam, "2024-02-09", "PN1", "2024-02-12", "2024-03-01", -1, -1, NULL);
  review(a, sam, "2024-05-09", "PN1", "2024-05-10", "2024-05-31", -1, 1, "long-term-fostering");
  review(a, sam, "2024-11-08", "PN1", "2024-11-11", "2024-11-29", -1, 1, "long-term-fostering");
  review(a, sam, "2025-05-08", "PN1", "2025-05-15", "2025-06-09", 0, 1, "long-term-fostering");
  review(a, sam, "2025-11-09", "PN4", NULL, NULL, 0, 1, "long-term-fostering");

  int64_t b = add_child("B1", "2021-06-10", "F", "MWBC", 0);
  /* Registration does not apply (as when placed with parents): counted as
  ** its own row, not as registered provision. */
  episode(b, "2025-04-25", NULL, "C1", "U1", "not-applicable", "1", 3.0);
  allocate(b, sam, "2025-04-25");
  review(b, sam, "2025-05-23", "PN0", "2025-06-02", "2025-06-23", 0, -1, NULL);
  review(b, sam, "2025-08-22", "PN7", "2025-09-01", NULL, 0, 1, "adoption");
  review(b, sam, "2026-02-20", "PN3", "2026-03-02", NULL, 1, 1, "adoption");

  int64_t c = add_child("C1", "2009-09-15", "M", NULL, 1);
  episode(c, "2024-06-01", "2025-07-10", "V2", "P2", "registered", "1", 2.0);
  episode(c, "2025-09-01", NULL, "V2", "K2", "registered", "0", 45.0);
  allocate(c, ann, "2025-09-01");
  review(c, ann, "2025-09-30", "PN5", NULL, NULL, 1, -1, NULL);

  int64_t d = add_child("D1", "2009-01-20", "F", "BAFR", 0);
  episode(d, "2025-10-06", NULL, "C2", "Z14", "unregistered", NULL, -1);
  allocate(d, ann, "2025-10-06");

  int64_t e = add_child("E1", "2015-07-01", "M", "WBRI", 0);
  episode(e, "2023-01-02", "2025-04-15", "C2", "U4", "registered", "1", 5.0);

  int64_t f = add_child("F1", "2025-11-15", "F", "AIND", 0);
  episode(f, "2026-03-31", NULL, "C1", "U4", "registered", "1", 0.5);

  int64_t g = add_child("G1", "2012-05-05", "M", "WBRI", 0);
  episode(g, "2026-04-10", NULL, "C2", "U4", "registered", "1", 1.0);

  raise("A1", "2025-06-10", "permanence");
  int64_t e2 = raise("B1", "2025-10-01", "care-planning");
  move(e2, "2025-10-20");
  move(e2, "2026-04-15");       /* after the period: stage 1 is its highest by then */
  raise("B1", "2026-04-02", "drift-and-delay");  /* after the period */
  raise("A1", "2025-03-20", "practice-concerns"); /* before it */
}

static int setup(void **state) {
  (void)state;
  db = test_db_open();
  fixture();
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  char *z = annual_json(&r);
  json_error_t err;
  root = json_loads(z, 0, &err);
  if (!root) print_error("JSON: %s at line %d\n", err.text, err.line);
  assert_non_null(root);
  free(z);
  annual_free(&r);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  json_decref(root);
  test_db_close(db);
  return 0;
}

static json_int_t count(const char *zKey) {
  json_t *v = json_object_get(root, zKey);
  if (!json_is_integer(v)) fail_msg("%s is not a number", zKey);
  return json_integer_value(v);
}

/* A measure: number, of, and percent (to 2 places). */
static void measure(const char *zKey, json_int_t n, json_int_t of, double pct) {
  json_t *v = json_object_get(root, zKey);
  if (!json_is_object(v)) fail_msg("%s is not an object", zKey);
  if (json_integer_value(json_object_get(v, "number")) != n || json_integer_value(json_object_get(v, "of")) != of)
    fail_msg("%s: %lld of %lld, expected %lld of %lld", zKey, (long long)json_integer_value(json_object_get(v, "number")),
             (long long)json_integer_value(json_object_get(v, "of")), (long long)n, (long long)of);
  double got = json_real_value(json_object_get(v, "percent"));
  if (got < pct - 0.001 || got > pct + 0.001) fail_msg("%s: %.2f%%, expected %.2f%%", zKey, got, pct);
}

/* Column zCol of table zKey, row by row (a percentage to 2 places). */
static void column(const char *zKey, const char *zCol, const double *aWant, int n) {
  json_t *a = json_object_get(root, zKey);
  if (!json_is_array(a)) fail_msg("%s is not an array", zKey);
  if ((int)json_array_size(a) != n) fail_msg("%s has %d rows, expected %d", zKey, (int)json_array_size(a), n);
  for (int i = 0; i < n; i++) {
    json_t *v = json_object_get(json_array_get(a, (size_t)i), zCol);
    if (!json_is_number(v)) fail_msg("%s row %d has no number %s", zKey, i, zCol);
    double got = json_number_value(v);
    if (got < aWant[i] - 0.001 || got > aWant[i] + 0.001)
      fail_msg("%s row %d %s: %g, expected %g", zKey, i, zCol, got, aWant[i]);
  }
}
#define COLUMN(zKey, zCol, ...)                                                      \
  do {                                                                               \
    static const double a_[] = {__VA_ARGS__};                                    \
    column(zKey, zCol, a_, (int)(sizeof a_ / sizeof a_[0]));                         \
  } while (0)

static const char *text(const char *zKey, int row, const char *zCol) {
  return json_string_value(json_object_get(json_array_get(json_object_get(root, zKey), (size_t)row), zCol));
}

static void test_period_and_counts(void **state) {
  (void)state;
  assert_string_equal(json_string_value(json_object_get(root, "from")), "2025-04-01");
  assert_string_equal(json_string_value(json_object_get(root, "to")), "2026-03-31");
  assert_int_equal(count("children_in_care_at_period_end"), 5);   /* A B C D F */
  assert_int_equal(count("periods_of_care_started"), 4);          /* B, C's return, D, F */
  assert_int_equal(count("periods_of_care_ended"), 2);            /* E, C's first */
  assert_int_equal(count("reviews_held"), 6);
  assert_int_equal(count("escalations_raised"), 2);
}

static void test_children_in_care_by_month(void **state) {
  (void)state;
  /* C is away at the ends of July and August; D arrives in October, F on
  ** 31 March itself. */
  COLUMN("children_in_care_by_month", "children", 3, 3, 3, 2, 2, 3, 4, 4, 4, 4, 4, 5);
  assert_string_equal(text("children_in_care_by_month", 0, "month"), "Apr 2025");
  assert_string_equal(text("children_in_care_by_month", 10, "month_end"), "2026-02-28");
}

static void test_profile_at_period_end(void **state) {
  (void)state;
  /* A turns 16 on the last day, so is 16+; B is 4, F is 0; C 16; D 17. */
  COLUMN("age_band", "number", 2, 0, 0, 0, 3);
  COLUMN("age_band", "percent", 40, 0, 0, 0, 60);
  COLUMN("sex", "number", 2, 3, 0);
  COLUMN("ethnicity", "number", 1, 1, 1, 1, 0, 1);     /* W M A B other, not recorded */
  COLUMN("asylum_seeking", "number", 1, 4);
  COLUMN("legal_status", "number", 2, 2, 0, 1, 0);     /* ICO, CO, PO, s20, other */
  COLUMN("placement_type", "number", 2, 1, 0, 0, 1, 0, 1);
  COLUMN("area", "number", 3, 1, 1);
  COLUMN("distance", "number", 3, 1, 1);               /* 20.0 miles is within */
  COLUMN("registration", "number", 3, 1, 0, 1);   /* registered, unregistered, supported, not applicable */
}

static void test_entering_and_leaving(void **state) {
  (void)state;
  COLUMN("entering_and_leaving_by_month", "entered", 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1);
  COLUMN("entering_and_leaving_by_month", "left", 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
  /* B at 3, C at 15 (16 a fortnight later), D at 16, F at 0. */
  COLUMN("entering_by_age_band", "number", 2, 0, 0, 1, 1);
}

static void test_age_by_duration(void **state) {
  (void)state;
  json_t *a = json_object_get(root, "age_by_duration");
  assert_int_equal(json_array_size(a), 18);
  static const struct { int age; const char *zCol; } aHit[] = {
    {0, "months_0_3"},          /* F: in care since the day itself */
    {4, "months_7_12"},         /* B: 11 whole months */
    {16, "months_25_36"},       /* A: 26 months */
    {16, "months_4_6"},         /* C: 6 months since coming back */
    {17, "months_4_6"},         /* D: 5 months */
  };
  int total = 0;
  for (int i = 0; i < 18; i++) {
    json_t *row = json_array_get(a, (size_t)i);
    assert_int_equal(json_integer_value(json_object_get(row, "age")), i);
    const char *azCol[] = {"months_0_3", "months_4_6", "months_7_12", "months_13_24", "months_25_36", "months_37_plus"};
    for (int k = 0; k < 6; k++) {
      int want = 0;
      for (int h = 0; h < (int)(sizeof aHit / sizeof aHit[0]); h++)
        want += aHit[h].age == i && strcmp(aHit[h].zCol, azCol[k]) == 0;
      json_int_t got = json_integer_value(json_object_get(row, azCol[k]));
      if (got != want) fail_msg("age %d %s: %lld, expected %d", i, azCol[k], (long long)got, want);
      total += (int)got;
    }
  }
  assert_int_equal(total, 5);
}

static void test_reviews(void **state) {
  (void)state;
  /* On time: A 8 May (the due date), B's three. Late: A 9 November and
  ** C 30 September, each one day after the due date. */
  measure("reviews_on_time", 4, 6, 66.67);
  measure("reviews_with_recommendations", 4, 6, 66.67);
  /* Within 5 working days: A 8 May, B 23 May (2 June: 5th working day
  ** after the bank holiday), B 22 August (1 September); not B 20 February. */
  measure("recommendations_on_time", 3, 6, 50.0);
  /* Minutes: B on the 20th working day is on time; A on the 21st is late. */
  measure("reviews_with_minutes", 2, 6, 33.33);
  measure("minutes_on_time", 1, 6, 16.67);
  /* Only B's first review was of a child under 4. */
  measure("reviews_of_children_aged_4_and_over", 5, 6, 83.33);
  /* PN1, PN4, PN3, PN5 took part; PN7 did not. */
  measure("reviews_aged_4_and_over_participated", 4, 5, 80.0);
  measure("reviews_with_advocate", 2, 6, 33.33);
  measure("permanence_plan_in_place", 2, 5, 40.0);
  COLUMN("reviews_by_month", "held", 0, 2, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0);
  COLUMN("reviews_by_month", "on_time", 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0);
  COLUMN("reviews_by_month", "percent", 0, 100, 0, 0, 100, 0, 0, 0, 0, 0, 100, 0);
  COLUMN("participation", "number", 1, 1, 0, 1, 1, 1, 0, 1, 0);
}

static void test_caseload_escalations_permanence(void **state) {
  (void)state;
  /* By name; F has no IRO. Reviews count against the IRO who held them. */
  assert_string_equal(text("caseload", 0, "iro"), "Ann Lee");
  assert_string_equal(text("caseload", 1, "iro"), "Sam Patel");
  assert_string_equal(text("caseload", 2, "iro"), "No IRO allocated or recorded");
  COLUMN("caseload", "children", 2, 2, 1);
  COLUMN("caseload", "reviews_held", 1, 5, 0);
  /* Only the two raised in the period; B's reached stage 1 by its end. */
  COLUMN("escalations_by_stage", "number", 1, 1, 0, 0, 0, 0, 0);
  COLUMN("escalations_by_category", "number", 1, 1, 0, 0);
  COLUMN("permanence_plans", "number", 2, 1, 1, 1);
  assert_string_equal(text("permanence_plans", 0, "permanence_plan"), "No review yet in this period of care");
  assert_string_equal(text("permanence_plans", 1, "permanence_plan"), "Adoption");
  assert_string_equal(text("permanence_plans", 2, "permanence_plan"), "Long-term fostering");
}

/* The previous period, 1 April 2024 to 31 March 2025: A (13-15, care
** order, foster care), C (13-15, section 20, independent living) and E
** (5-9, care order, foster care) were in care on 31 March 2025; C's first
** period began in it; A's reviews of 9 May and 8 November 2024 were on
** time, their recommendations and minutes too (31 May 2024 is within 20
** working days of 9 May across the spring bank holiday); the escalation
** of 20 March 2025 was raised in it. */
static void test_previous_period(void **state) {
  (void)state;
  json_t *p = json_object_get(root, "previous_period");
  assert_string_equal(json_string_value(json_object_get(p, "from")), "2024-04-01");
  assert_string_equal(json_string_value(json_object_get(p, "to")), "2025-03-31");
  assert_int_equal(json_integer_value(json_object_get(p, "children_in_care_at_period_end")), 3);
  assert_int_equal(json_integer_value(json_object_get(p, "periods_of_care_started")), 1);
  assert_int_equal(json_integer_value(json_object_get(p, "periods_of_care_ended")), 0);
  assert_int_equal(json_integer_value(json_object_get(p, "reviews_held")), 2);
  assert_int_equal(json_integer_value(json_object_get(p, "escalations_raised")), 1);
  static const struct { const char *zKey; int n, of; double pct; } aM[] = {
    {"reviews_on_time", 2, 2, 100}, {"recommendations_on_time", 2, 2, 100}, {"minutes_on_time", 2, 2, 100},
    {"reviews_aged_4_and_over_participated", 2, 2, 100}, {"permanence_plan_in_place", 1, 3, 33.33},
  };
  for (int i = 0; i < (int)(sizeof aM / sizeof aM[0]); i++) {
    json_t *v = json_object_get(json_object_get(root, aM[i].zKey), "previous_period");
    if (json_integer_value(json_object_get(v, "number")) != aM[i].n ||
        json_integer_value(json_object_get(v, "of")) != aM[i].of)
      fail_msg("%s previous_period: %lld of %lld", aM[i].zKey, (long long)json_integer_value(json_object_get(v, "number")),
               (long long)json_integer_value(json_object_get(v, "of")));
    double got = json_real_value(json_object_get(v, "percent"));
    if (got < aM[i].pct - 0.001 || got > aM[i].pct + 0.001) fail_msg("%s previous_period: %.2f%%", aM[i].zKey, got);
  }
  static const struct { const char *zKey; int n; int a[7]; } aT[] = {
    {"age_band", 5, {0, 1, 0, 2, 0}},
    {"legal_status", 5, {0, 2, 0, 1, 0}},
    {"placement_type", 7, {2, 0, 0, 0, 0, 1, 0}},
    {"registration", 4, {3, 0, 0, 0}},
  };
  for (int i = 0; i < (int)(sizeof aT / sizeof aT[0]); i++) {
    json_t *a = json_object_get(root, aT[i].zKey);
    assert_int_equal(json_array_size(a), aT[i].n);
    for (int k = 0; k < aT[i].n; k++) {
      json_t *row = json_array_get(a, (size_t)k);
      assert_null(json_object_get(row, "previous_period_number"));
      json_int_t got = json_integer_value(json_object_get(json_object_get(row, "previous_period"), "number"));
      if (got != aT[i].a[k]) fail_msg("%s row %d previous_period: %lld, expected %d", aT[i].zKey, k, (long long)got, aT[i].a[k]);
    }
  }
  /* 2 of the 3 in foster care: 66.67%. */
  double got = json_real_value(json_object_get(json_object_get(json_array_get(json_object_get(root, "placement_type"), 0),
                                                               "previous_period"), "percent"));
  assert_true(got > 66.669 && got < 66.671);
}

static void test_previous_period_dates(void **state) {
  (void)state;
  Date f, t;
  annual_previous_period(D("2025-04-01"), D("2026-03-31"), &f, &t);
  assert_date_equal(f, D("2024-04-01"));
  assert_date_equal(t, D("2025-03-31"));
  /* A year with a 29 February before it is still the financial year. */
  annual_previous_period(D("2024-04-01"), D("2025-03-31"), &f, &t);
  assert_date_equal(f, D("2023-04-01"));
  assert_date_equal(t, D("2024-03-31"));
  /* Whole months, ending on a month end. */
  annual_previous_period(D("2024-03-01"), D("2024-05-31"), &f, &t);
  assert_date_equal(f, D("2023-12-01"));
  assert_date_equal(t, D("2024-02-29"));
  /* Not whole months: the same number of days (45). */
  annual_previous_period(D("2025-09-01"), D("2025-10-15"), &f, &t);
  assert_date_equal(f, D("2025-07-18"));
  assert_date_equal(t, D("2025-08-31"));
}

static void test_default_period(void **state) {
  (void)state;
  Date from, to;
  annual_default_period(D("2026-12-01"), &from, &to);
  assert_date_equal(from, D("2025-04-01"));
  assert_date_equal(to, D("2026-03-31"));
  annual_default_period(D("2026-03-31"), &from, &to);   /* the year is not over yet */
  assert_date_equal(from, D("2024-04-01"));
  assert_date_equal(to, D("2025-03-31"));
  annual_default_period(D("2026-04-01"), &from, &to);
  assert_date_equal(from, D("2025-04-01"));
  assert_date_equal(to, D("2026-03-31"));
}

static void test_short_period_ends_mid_month(void **state) {
  (void)state;
  /* A period ending on 15 October counts October's children on the 15th. */
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-09-01"), D("2025-10-15"), &r), DB_OK);
  const RTable *t = &r.aTab[AN_BY_MONTH];
  assert_int_equal(t->nRow, 2);
  assert_date_equal((Date)rtable_cell(t, 1, 1)->v, D("2025-10-15"));
  assert_int_equal(rtable_cell(t, 1, 2)->v, 4);
  Buf b = {0};
  annual_csv(&r, &b);
  assert_non_null(strstr(b.z, "Children in care at each month end\r\nmonth,month_end,children\r\n"));
  assert_non_null(strstr(b.z, "Oct 2025,2025-10-15,4\r\n"));
  buf_free(&b);
  annual_free(&r);
}

/* ---- The figures added for issue 20, on a second council ------------------
**
** 1 April 2025 to 31 March 2026 again. Localities North, South and West.
** IROs Sam Patel (1.0 FTE), Ann Lee (0.5) and Bo Khan (0.8, no children
** at the end). Bank holidays on the way: 18 and 21 April, 5 and 26 May,
** 25 August 2025.
**   P2  girl, 13, white Irish (white non-British), EHCP, North. In care
**       from 31 March 2025 (the day before the period). Sam from 31 March
**       2025, Ann from 1 September, Sam again from 31 March 2026 (the
**       period end): 2 changes. IRO visit on 1 April 2025 (the first day).
**       Reviews 30 April (due that day across Easter; virtual, chaired by
**       her, PN1, minutes 30 May: the 20th working day across two May bank
**       holidays) and 29 July (in person, PN7, minutes 27 August: the 20th
**       working day across the August bank holiday).
**   Q2  asylum-seeking boy, 17, white British, SEN support, South.
**       Notified Thursday 21 August 2025, in care from the 22nd, Ann from
**       Friday 29 August: the 5th working day (25 August a bank holiday).
**       A visit to his social worker and a call to him: not visited.
**       Review 22 September (mode not recorded, PN5, minutes 21 October:
**       a day late).
**   R2  girl, 3, white other (white non-British), no SEN, South. Notified
**       21 August, in care from then, Ann from Monday 1 September: the
**       6th working day, late. Visited 1 April 2026, after the period.
**       Review 30 September (in person, PN0, no minutes).
**   S2  asylum-seeking boy, black African, SEN not recorded, no locality.
**       Notified and in care on 31 March 2026, the period end: no IRO yet.
**   T2  boy, white British, EHCP, North. In care 1 May 2024 to 30 June
**       2025 (not in care on 30 June). Sam from 1 May 2024, Ann from 31
**       March 2025 (the day before the period: no change in it). Notified
**       again on 1 April 2025 while Ann was his IRO: allocated that day.
**       Review 30 May 2025 (in person, PN1, minutes 27 June: the 20th
**       working day).
** Escalations about P2 on 31 March 2025 (the previous period), 1 April
** 2025 and 31 March 2026.
*/
static int64_t add_child2(const char *zRef, const char *zDob, const char *zSex, const char *zEth, int uasc,
                          const char *zSen, const char *zLocality) {
  ChildInput in = {.zRef = zRef, .zGiven = zRef, .zFamily = "Test", .zDob = zDob, .zSex = zSex,
                   .zEthnicity = zEth, .disability = -1, .uasc = uasc, .zSen = zSen, .zLocality = zLocality};
  Errors e = {0};
  int64_t id = child_add(db, &in, ACTOR, &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  return id;
}

static void allocate2(int64_t child, int64_t iro, const char *zFrom, const char *zTo) {
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, end_date, reason)"
                               " VALUES(?, ?, ?, ?, 'Allocated')", "IIss", child, iro, zFrom, zTo), DB_OK);
}

static void notified(int64_t child, const char *zOn) {
  assert_int_equal(db_exec(db, "INSERT INTO care_notification(child_id, notified_on) VALUES(?, ?)", "Is", child,
                           zOn), DB_OK);
}

static void contact(int64_t child, int64_t iro, const char *zOn, const char *zKind, const char *zWith) {
  assert_int_equal(db_exec(db, "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom) VALUES(?, ?, ?, ?, ?)",
                           "IIsss", child, iro, zOn, zKind, zWith), DB_OK);
}

/* A review with its mode (NULL: not recorded) and whether the child chaired it (-1, 0, 1). */
static void review2(int64_t child, int64_t iro, const char *zHeld, const char *zMode, int chaired, const char *zPn,
                    const char *zMinutes) {
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, iro_id, held_on, mode, child_chaired, participation, minutes_on)"
                               " VALUES(?, ?, ?, ?, ?, ?, ?)", "IIssbss", child, iro, zHeld, zMode, chaired, zPn, zMinutes),
                   DB_OK);
}

static void fixture2(void) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name, fte) VALUES('Sam Patel', 1.0), ('Ann Lee', 0.5), ('Bo Khan', 0.8)", ""),
                   DB_OK);
  int64_t sam = db_int(db, 0, "SELECT id FROM iro WHERE name='Sam Patel'", "");
  int64_t ann = db_int(db, 0, "SELECT id FROM iro WHERE name='Ann Lee'", "");
  assert_int_equal(db_exec(db, "INSERT INTO locality(name) VALUES('West')", ""), DB_OK);

  int64_t p = add_child2("P2", "2012-01-10", "F", "WIRI", 0, "ehcp", "North");
  notified(p, "2025-03-28");
  episode(p, "2025-03-31", NULL, "C2", "U4", "registered", "1", 2.0);
  allocate2(p, sam, "2025-03-31", "2025-09-01");
  allocate2(p, ann, "2025-09-01", "2026-03-31");
  allocate2(p, sam, "2026-03-31", NULL);
  contact(p, sam, "2025-04-01", "visit", "child");
  review2(p, sam, "2025-04-30", "virtual", 1, "PN1", "2025-05-30");
  review2(p, sam, "2025-07-29", "in-person", 0, "PN7", "2025-08-27");

  int64_t q = add_child2("Q2", "2008-06-15", "M", "WBRI", 1, "support", "South");
  notified(q, "2025-08-21");
  episode(q, "2025-08-22", NULL, "V2", "K2", "registered", "0", 40.0);
  allocate2(q, ann, "2025-08-29", NULL);
  contact(q, ann, "2025-10-01", "visit", "social-worker");
  contact(q, ann, "2025-10-02", "call", "child");
  review2(q, ann, "2025-09-22", NULL, -1, "PN5", "2025-10-21");

  int64_t r = add_child2("R2", "2022-05-01", "F", "WOTH", 0, "none", "South");
  notified(r, "2025-08-21");
  episode(r, "2025-08-21", NULL, "C1", "U1", "registered", "1", 4.0);
  allocate2(r, ann, "2025-09-01", NULL);
  contact(r, ann, "2026-04-01", "visit", "child");
  review2(r, ann, "2025-09-30", "in-person", 0, "PN0", NULL);

  int64_t s2 = add_child2("S2", "2010-10-10", "M", "BAFR", 1, NULL, NULL);
  notified(s2, "2026-03-31");
  episode(s2, "2026-03-31", NULL, "V2", "U4", "registered", "1", 1.0);

  int64_t t = add_child2("T2", "2009-05-05", "M", "WBRI", 0, "ehcp", "North");
  episode(t, "2024-05-01", "2025-06-30", "C2", "U4", "registered", "1", 3.0);
  allocate2(t, sam, "2024-05-01", "2025-03-31");
  allocate2(t, ann, "2025-03-31", "2025-06-30");
  notified(t, "2025-04-01");
  review2(t, ann, "2025-05-30", "in-person", 0, "PN1", "2025-06-27");

  raise("P2", "2025-03-31", "permanence");
  raise("P2", "2025-04-01", "care-planning");
  raise("P2", "2026-03-31", "drift-and-delay");
}

static int setup2(void **state) {
  (void)state;
  db = test_db_open();
  fixture2();
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  char *z = annual_json(&r);
  json_error_t err;
  root = json_loads(z, 0, &err);
  if (!root) print_error("JSON: %s at line %d\n", err.text, err.line);
  assert_non_null(root);
  free(z);
  annual_free(&r);
  return 0;
}

static void test_population_by_month(void **state) {
  (void)state;
  /* April and May: P, T; June and July: P (T left on 30 June); August
  ** to February: P, Q, R; March: S as well. */
  COLUMN("white_non_british_by_month", "children", 2, 2, 1, 1, 3, 3, 3, 3, 3, 3, 3, 4);
  COLUMN("white_non_british_by_month", "white_non_british", 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2);
  COLUMN("white_non_british_by_month", "percent", 50, 50, 100, 100, 66.67, 66.67, 66.67, 66.67, 66.67, 66.67, 66.67, 50);
  assert_string_equal(text("white_non_british_by_month", 10, "month_end"), "2026-02-28");
  COLUMN("uasc_by_month", "uasc", 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2);
  COLUMN("uasc_by_month", "percent", 0, 0, 0, 0, 33.33, 33.33, 33.33, 33.33, 33.33, 33.33, 33.33, 50);
}

static void test_locality_and_send(void **state) {
  (void)state;
  /* At the end: P North, Q and R South, S none; West has none. */
  assert_string_equal(text("children_in_care_by_locality", 0, "locality"), "North");
  assert_string_equal(text("children_in_care_by_locality", 2, "locality"), "West");
  assert_string_equal(text("children_in_care_by_locality", 3, "locality"), "No home locality recorded");
  COLUMN("children_in_care_by_locality", "number", 1, 2, 0, 1);
  COLUMN("children_in_care_by_locality", "percent", 25, 50, 0, 25);
  /* EHCP (P), SEN support (Q), none (R), not recorded (S); T's EHCP is
  ** not counted: he left. */
  COLUMN("send", "number", 1, 1, 1, 1);
}

static void test_minutes_participation_modes_by_month(void **state) {
  (void)state;
  /* April: P's first; May: T's; July: P's second; September: Q's (minutes
  ** a day late) and R's (none). */
  COLUMN("minutes_on_time_by_month", "held", 1, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0);
  COLUMN("minutes_on_time_by_month", "minutes", 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0);
  COLUMN("minutes_on_time_by_month", "on_time", 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
  COLUMN("minutes_on_time_by_month", "percent", 100, 100, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0);
  /* R, aged 3, is not counted; P's PN7 in July is not taking part. */
  COLUMN("participation_by_month", "aged_4_and_over", 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0);
  COLUMN("participation_by_month", "participated", 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  COLUMN("participation_by_month", "percent", 100, 100, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0);
  COLUMN("review_modes_by_month", "in_person", 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0);
  COLUMN("review_modes_by_month", "virtual", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  COLUMN("review_modes_by_month", "mode_not_recorded", 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  COLUMN("review_modes_by_month", "child_chaired", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  /* The first and last days of the period; not 31 March 2025. */
  COLUMN("escalations_by_month", "raised", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "previous_period"), "escalations_raised")), 1);
}

static void test_allocation_changes_visits(void **state) {
  (void)state;
  /* Within: Q (29 August, the 5th working day) and T (already allocated);
  ** late: R (1 September); not allocated: S. P's notification was
  ** before the period. */
  assert_string_equal(text("allocation_within_5_working_days", 0, "allocation"), "Allocated within 5 working days");
  COLUMN("allocation_within_5_working_days", "number", 2, 1, 1);
  COLUMN("allocation_within_5_working_days", "percent", 50, 25, 25);
  /* In care in the period: P, Q, R, S, T; P changed twice. */
  COLUMN("iro_changes", "number", 4, 0, 1, 0);
  /* In care at the end: P visited on the first day; Q only his social
  ** worker visited and he was called; R after the period; S not yet. */
  COLUMN("iro_visits", "number", 1, 3);
}

static void test_caseload_summary(void **state) {
  (void)state;
  /* At the end: Sam has P, Ann has Q and R; Bo none, S no IRO. */
  json_t *o = json_object_get(root, "caseload_summary");
  assert_true(json_is_object(o));
  assert_int_equal(json_integer_value(json_object_get(o, "iros_with_children")), 2);
  assert_int_equal(json_integer_value(json_object_get(o, "children_allocated")), 3);
  assert_int_equal(json_integer_value(json_object_get(o, "target_per_fte")), 60);
  double fte = json_real_value(json_object_get(o, "fte")), avg = json_real_value(json_object_get(o, "average_caseload"));
  double perFte = json_real_value(json_object_get(o, "caseload_per_fte"));
  assert_true(fte > 1.499 && fte < 1.501);
  assert_true(avg > 1.499 && avg < 1.501);
  assert_true(perFte > 1.999 && perFte < 2.001);
}

/* CSV: the new columns and a decimal as it is written. */
static void test_new_figures_in_csv(void **state) {
  (void)state;
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  Buf b = {0};
  annual_csv(&r, &b);
  assert_non_null(strstr(b.z, "Average caseload and caseload per full-time IRO\r\nmeasure,value\r\n"));
  assert_non_null(strstr(b.z, "Caseload per full-time equivalent IRO,2.00\r\n"));
  assert_non_null(strstr(b.z, "\r\nlegal_status,number,percent,previous_period_number,previous_period_percent\r\n"));
  assert_non_null(strstr(b.z, "Summary\r\nmeasure,number,previous_period\r\n"));
  buf_free(&b);
  annual_free(&r);
}

/* ---- Comparators (issue 20) ------------------------------------------------ */

/* figure(zMeasure, zArea): {value, year, status} of comparators. */
static json_t *figure(const char *zMeasure, const char *zArea) {
  json_t *v = json_object_get(json_object_get(json_object_get(root, "comparators"), zMeasure), zArea);
  if (!json_is_object(v)) fail_msg("comparators.%s.%s is not an object", zMeasure, zArea);
  return v;
}
static void figure_is(const char *zMeasure, const char *zArea, double want, int year) {
  json_t *v = figure(zMeasure, zArea);
  if (!year) {
    assert_true(json_is_null(json_object_get(v, "value")));
    assert_true(json_is_null(json_object_get(v, "year")));
    assert_string_equal(json_string_value(json_object_get(v, "status")), "not loaded");
    return;
  }
  double got = json_number_value(json_object_get(v, "value"));
  if (got < want - 0.001 || got > want + 0.001) fail_msg("%s %s: %g, expected %g", zMeasure, zArea, got, want);
  assert_int_equal(json_integer_value(json_object_get(v, "year")), year);
  assert_string_equal(json_string_value(json_object_get(v, "status")), "loaded");
}

/* With nothing loaded every outside figure, and the rate, says so; the
** council's own legal statuses are still its own. */
static void test_comparators_not_loaded(void **state) {
  (void)state;
  assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "comparators"), "year")), 2026);
  static const char *const azArea[] = {"council", "england", "region", "statistical_neighbours"};
  for (int a = 0; a < 4; a++) figure_is("children_in_care_rate_per_10000", azArea[a], 0, 0);
  figure_is("legal_status_care_order_percent", "england", 0, 0);
  figure_is("legal_status_care_order_percent", "council", 40, 2026);
  json_t *a = json_object_get(root, "rate_per_10000_by_month");
  assert_int_equal(json_array_size(a), 12);
  json_t *row = json_array_get(a, 0);
  assert_int_equal(json_integer_value(json_object_get(row, "children")), 3);
  assert_string_equal(json_string_value(json_object_get(json_object_get(row, "rate"), "status")), "not loaded");
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  Buf b = {0};
  annual_csv(&r, &b);
  assert_non_null(strstr(b.z, "Apr 2025,2025-04-30,3,not loaded,not loaded\r\n"));
  assert_non_null(strstr(b.z, "\r\nmeasure,council,england,region,statistical_neighbours\r\n"));
  buf_free(&b);
  annual_free(&r);
}

/* The first council with figures loaded. Each is the latest of a year on
** or before 2026 (the year ending 31 March 2026 holds the period end):
** 2027's never show. The rate at the end: 5 children in care of 20,000
** under 18 is 2.5 per 10,000; months with 3, 2 and 4 are 1.5, 1 and 2. */
static const char zCmpCsv[] =
  "measure,year,area,value\n"
  "population_under_18,2024,council,30000\n"
  "population_under_18,2026,council,20000\n"
  "population_under_18,2027,council,1000\n"
  "children_in_care_rate_per_10000,2021,England,67\n"
  "children_in_care_rate_per_10000,2026,England,70.5\n"
  "children_in_care_rate_per_10000,2027,England,99\n"
  "Children_in_care_rate_per_10000,2021,statistical neighbours,57\n"
  "legal_status_care_order_percent,2020,England,77\n"
  "legal_status_placement_order_percent,2020,England,6\n"
  "legal_status_voluntary_percent,2020,England,17\n";

static int setup3(void **state) {
  (void)state;
  db = test_db_open();
  fixture();
  Buf rep = {0};
  /* The misspelt capital on line 8 is refused first: all or nothing. */
  assert_int_equal(comparators_load_text(db, zCmpCsv, sizeof zCmpCsv - 1, "cmp.csv", ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "cmp.csv line 8: measure 'Children_in_care_rate_per_10000' is not one"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM comparator", ""), 0);
  buf_free(&rep);
  char *z = xstrdup(zCmpCsv);
  z[strstr(z, "Children_") - z] = 'c';
  assert_int_equal(comparators_load_text(db, z, strlen(z), "cmp.csv", ACTOR, &rep), 0);
  assert_string_equal(rep.z, "Loaded cmp.csv: 10 figures added or changed, 0 unchanged.\n");
  free(z);
  buf_free(&rep);
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  z = annual_json(&r);
  json_error_t err;
  root = json_loads(z, 0, &err);
  assert_non_null(root);
  free(z);
  annual_free(&r);
  return 0;
}

static void test_comparators_loaded(void **state) {
  (void)state;
  figure_is("children_in_care_rate_per_10000", "council", 2.5, 2026);
  figure_is("children_in_care_rate_per_10000", "england", 70.5, 2026);
  figure_is("children_in_care_rate_per_10000", "region", 0, 0);
  figure_is("children_in_care_rate_per_10000", "statistical_neighbours", 57, 2021);
  figure_is("legal_status_care_order_percent", "council", 40, 2026);
  figure_is("legal_status_care_order_percent", "england", 77, 2020);
  figure_is("legal_status_interim_care_order_percent", "england", 0, 0);
  figure_is("legal_status_voluntary_percent", "council", 20, 2026);
  figure_is("legal_status_voluntary_percent", "england", 17, 2020);
  json_t *a = json_object_get(root, "rate_per_10000_by_month");
  static const double aWant[] = {1.5, 1.5, 1.5, 1, 1, 1.5, 2, 2, 2, 2, 2, 2.5};
  assert_int_equal(json_array_size(a), 12);
  for (size_t i = 0; i < 12; i++) {
    json_t *row = json_array_get(a, i);
    double got = json_number_value(json_object_get(json_object_get(row, "rate"), "value"));
    if (got < aWant[i] - 0.001 || got > aWant[i] + 0.001) fail_msg("month %d: %g, expected %g", (int)i, got, aWant[i]);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "population"), "value")), 20000);
  }
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  Buf b = {0};
  annual_csv(&r, &b);
  assert_non_null(strstr(b.z, "Mar 2026,2026-03-31,5,20000 (2026),2.5\r\n"));
  assert_non_null(strstr(b.z, "\"Children in care on a care order\",40% (2026),77% (2020),not loaded,not loaded\r\n") ||
                  strstr(b.z, "Children in care on a care order,40% (2026),77% (2020),not loaded,not loaded\r\n"));
  buf_free(&b);
  annual_free(&r);
}

/* Every bad row is listed, and a file with any is not loaded at all. */
static void test_comparators_refuses_bad_rows(void **state) {
  (void)state;
  int64_t before = db_int(db, -1, "SELECT count(*) FROM comparator", "");
  static const char zBad[] =
    "area,value,measure,year\n"
    "England,60,children_in_care_rate_per_10000,2030\n"           /* good, but not loaded */
    "England,60,children_in_care_rate,2030\n"                     /* line 3: no such measure */
    "England,60,children_in_care_rate_per_10000,twenty\n"         /* 4: year */
    "Wales,60,children_in_care_rate_per_10000,2030\n"             /* 5: area */
    "England,60000,population_under_18,2030\n"                    /* 6: population is the council's */
    "council,60,children_in_care_rate_per_10000,2030\n"           /* 7: the council's rate is worked out */
    "England,6o,children_in_care_rate_per_10000,2031\n"           /* 8: value */
    "England,60.125,children_in_care_rate_per_10000,2031\n"       /* 9: three decimals */
    "England,101,legal_status_care_order_percent,2030\n"          /* 10: more than 100% */
    "council,1000.5,population_under_18,2030\n"                   /* 11: half a child */
    "England,61,children_in_care_rate_per_10000,2030\n";          /* 12: line 2 again */
  Buf rep = {0};
  assert_int_equal(comparators_load_text(db, zBad, sizeof zBad - 1, "bad.csv", ACTOR, &rep), -1);
  static const char *const azLine[] = {"line 3: measure", "line 4: year", "line 5: area 'Wales'", "line 6: the population",
                                       "line 7: only population_under_18", "line 8: value '6o'", "line 9: value '60.125'",
                                       "line 10: a percentage", "line 11: the population is a whole",
                                       "line 12: children_in_care_rate_per_10000 for England in 2030 is already"};
  for (int k = 0; k < COUNT(azLine); k++) {
    char *zWant = xmprintf("bad.csv %s", azLine[k]);
    if (!strstr(rep.z, zWant)) fail_msg("not said: %s\nin:\n%s", zWant, rep.z);
    free(zWant);
  }
  assert_null(strstr(rep.z, "line 2:"));
  assert_non_null(strstr(rep.z, "Nothing was loaded from bad.csv"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM comparator", ""), before);
  buf_free(&rep);
  static const char zNoCol[] = "measure,year,area,amount\n";
  assert_int_equal(comparators_load_text(db, zNoCol, sizeof zNoCol - 1, "c.csv", ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "c.csv line 1: there is no column called 'amount'"));
  assert_non_null(strstr(rep.z, "c.csv line 1: the column value is missing"));
  buf_free(&rep);
}

/* A population set by hand replaces the year's figure, audited with the
** one it replaced; loading the same figures again changes nothing. */
static void test_population_set(void **state) {
  (void)state;
  char *zErr = NULL;
  assert_int_equal(comparators_set_population(db, 2026, 25000, ACTOR, &zErr), 0);
  int64_t v = 0;
  int year = 0;
  assert_int_equal(comparators_get(db, CMP_POPULATION, CMP_COUNCIL, 2026, &v, &year), 1);
  assert_int_equal(v, 2500000);
  assert_int_equal(year, 2026);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'comparator.change'"
                                 " AND record = 'comparator:population_under_18/2026/council' AND before_value = '20000.00'", ""), 1);
  assert_int_equal(comparators_set_population(db, 2026, 0, ACTOR, &zErr), -1);
  assert_string_equal(zErr, "the population is a whole number of children, more than 0");
  free(zErr);
  assert_int_equal(comparators_get(db, CMP_POPULATION, CMP_COUNCIL, 2023, &v, &year), 0);
  assert_int_equal(comparators_year_of(D("2025-04-01")), 2026);
  assert_int_equal(comparators_year_of(D("2026-03-31")), 2026);
  Buf rep = {0};
  char *z = xstrdup(zCmpCsv);
  z[strstr(z, "Children_") - z] = 'c';
  assert_int_equal(comparators_load_text(db, z, strlen(z), "cmp.csv", ACTOR, &rep), 0);
  assert_string_equal(rep.z, "Loaded cmp.csv: 1 figure added or changed, 9 unchanged.\n");   /* 2026's population back */
  free(z);
  buf_free(&rep);
}

/* ---- Issue 16: recommendations and the pre-review contact ---------------------------
** One child in care from Monday 6 January 2025, with an IRO. Reviews held
** 3 February, 1 May and 30 October 2025 (each by its due date). At the
** 1 May review, four recommendations: done on 30 June, due 1 July (on
** time); done 2 July, due 1 July (late); open, due 1 August (overdue on
** 31 March 2026); open, due 30 April 2026 (not yet due). One made at the
** 3 February review, before the period, is not counted.
** Pre-review contacts due in the period: before the 1 May review's due
** date (3 May) and before the 30 October review's (1 November). The IRO
** saw the child on 10 March and 10 April (after the midpoint, in time for
** the first) and not before the second: 1 of 2. The one before the first
** review (February) and the next (April 2026) fall outside the period. */
static int64_t rec_review(int64_t child, int64_t iro, const char *zHeld) {
  review(child, iro, zHeld, "PN1", NULL, NULL, -1, -1, NULL);
  return db_int(db, 0, "SELECT max(id) FROM review", "");
}

static void rec(int64_t review, int64_t child, const char *zDue, const char *zStatus, const char *zClosed) {
  assert_int_equal(db_exec(db, "INSERT INTO recommendation(review_id, child_id, text, owner_role, due_on, status, closed_on)"
                               " VALUES(?, ?, 'Do it', 'social-worker', ?, ?, ?)", "IIsss", review, child, zDue, zStatus,
                           zClosed), DB_OK);
}

static int setup4(void **state) {
  (void)state;
  db = test_db_open();
  assert_int_equal(db_exec(db, "INSERT INTO iro(name, fte) VALUES('Sam Patel', 1.0)", ""), DB_OK);
  int64_t iro = db_int(db, 0, "SELECT max(id) FROM iro", "");
  int64_t a = add_child("R1", "2015-05-05", "F", "WBRI", 0);
  episode(a, "2025-01-06", NULL, "C2", "U1", "registered", "1", 2);
  allocate(a, iro, "2025-01-06");
  int64_t r0 = rec_review(a, iro, "2025-02-03");
  rec(r0, a, "2025-03-01", "open", NULL);
  int64_t r1 = rec_review(a, iro, "2025-05-01");
  rec(r1, a, "2025-07-01", "done", "2025-06-30");
  rec(r1, a, "2025-07-01", "done", "2025-07-02");
  rec(r1, a, "2025-08-01", "open", NULL);
  rec(r1, a, "2026-04-30", "open", NULL);
  rec_review(a, iro, "2025-10-30");
  contact(a, iro, "2025-03-10", "visit", "child");
  contact(a, iro, "2025-04-10", "visit", "child");
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  char *z = annual_json(&r);
  json_error_t err;
  root = json_loads(z, 0, &err);
  assert_non_null(root);
  free(z);
  annual_free(&r);
  return 0;
}

/* The report on the fixture, as JSON text (caller frees). */
static char *report_json(void) {
  AnnualReport r;
  assert_int_equal(annual_report(db, D("2025-04-01"), D("2026-03-31"), &r), DB_OK);
  char *z = annual_json(&r);
  annual_free(&r);
  return z;
}

static json_int_t json_count(const char *zJson, const char *zKey) {
  json_error_t err;
  json_t *o = json_loads(zJson, 0, &err);
  assert_non_null(o);
  json_int_t n = json_integer_value(json_object_get(o, zKey));
  json_decref(o);
  return n;
}

/* The children are counted in two halves on two connections (annual.c,
** "Counting the children"). A write the second connection cannot see,
** uncommitted in the caller's transaction, makes the two halves' data
** generations differ, and the report is counted again on the caller's
** connection alone: it counts what the caller sees, and that count of
** all the children in one pass is the two halves' sum. */
static void test_halves_and_uncommitted_writes(void **state) {
  (void)state;
  char *zHalves = report_json();
  assert_int_equal(db_begin(db), DB_OK);
  add_child("H1", "2015-01-01", "F", "WBRI", 0);   /* never in care: no figure changes */
  char *zOne = report_json();
  assert_string_equal(zOne, zHalves);
  int64_t h = add_child("H2", "2014-02-02", "F", "WBRI", 0);
  episode(h, "2025-05-01", NULL, "C2", "U4", "registered", "1", 1.0);
  char *zMore = report_json();
  assert_int_equal(json_count(zMore, "children_in_care_at_period_end"),
                   json_count(zHalves, "children_in_care_at_period_end") + 1);
  db_rollback(db);
  char *zAfter = report_json();
  assert_string_equal(zAfter, zHalves);
  free(zHalves);
  free(zOne);
  free(zMore);
  free(zAfter);
}

static void test_recommendations_and_pre_review_contact(void **state) {
  (void)state;
  assert_int_equal(count("recommendations_made"), 4);
  measure("recommendations_done_on_time", 1, 4, 25.0);
  measure("recommendations_overdue_at_period_end", 1, 4, 25.0);
  measure("pre_review_contact_within_rule", 1, 2, 50.0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_period_and_counts),
    cmocka_unit_test(test_children_in_care_by_month),
    cmocka_unit_test(test_profile_at_period_end),
    cmocka_unit_test(test_entering_and_leaving),
    cmocka_unit_test(test_age_by_duration),
    cmocka_unit_test(test_reviews),
    cmocka_unit_test(test_caseload_escalations_permanence),
    cmocka_unit_test(test_halves_and_uncommitted_writes),
    cmocka_unit_test(test_previous_period),
    cmocka_unit_test(test_previous_period_dates),
    cmocka_unit_test(test_default_period),
    cmocka_unit_test(test_short_period_ends_mid_month),
    cmocka_unit_test(test_comparators_not_loaded),
  };
  const struct CMUnitTest tests2[] = {
    cmocka_unit_test(test_population_by_month),
    cmocka_unit_test(test_locality_and_send),
    cmocka_unit_test(test_minutes_participation_modes_by_month),
    cmocka_unit_test(test_allocation_changes_visits),
    cmocka_unit_test(test_caseload_summary),
    cmocka_unit_test(test_new_figures_in_csv),
  };
  int failed = cmocka_run_group_tests_name("annual", tests, setup, teardown);
  failed += cmocka_run_group_tests_name("annual_issue_20", tests2, setup2, teardown);
  const struct CMUnitTest tests3[] = {
    cmocka_unit_test(test_comparators_loaded),
    cmocka_unit_test(test_comparators_refuses_bad_rows),
    cmocka_unit_test(test_population_set),
  };
  failed += cmocka_run_group_tests_name("annual_comparators", tests3, setup3, teardown);
  const struct CMUnitTest tests4[] = {
    cmocka_unit_test(test_recommendations_and_pre_review_contact),
  };
  return failed + cmocka_run_group_tests_name("annual_issue_16", tests4, setup4, teardown);
}
