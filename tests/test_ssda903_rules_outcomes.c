/*
** test_ssda903_rules_outcomes.c: the SSDA903 rules on the OC2 (a year in
** care) and OC3 (care leavers) tables. Each test loads a small return from
** CSV texts and asserts exactly which rows a rule reports, with birthdays
** on and either side of each limit. Collection year 2026 (1 April 2025 -
** 31 March 2026).
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <string.h>

#define OC2 "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK," \
            "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
#define OC3 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"

/* An OC3 row of a young person born 1 January 2007. */
#define L3(c, touch, activ, accom) c ",01/01/2007," touch "," activ "," accom "\n"
/* An OC2 row of a child born 1 January 2012: the SDQ, then the eight items
** (convicted, health check, immunisations, teeth, health assessment,
** substance misuse, intervention received, offered) as one string. */
#define L2(c, score, reason, items) c ",01/01/2012," score "," reason "," items "\n"

static char zGot[4096];

/* Run rule zCode on the CSV texts (NULL-ended): its failures as
** "Table:row ...", or "skipped". */
static const char *run(const char *zCode, const char *const *azCsv) {
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  for (int i = 0; azCsv[i]; i++) {
    char zName[32];
    snprintf(zName, sizeof zName, "f%d.csv", i);
    if (r903_add_text(&r, zName, azCsv[i], strlen(azCsv[i]), &err) != 0) fail_msg("%s", err.z ? err.z : "load failed");
  }
  buf_free(&err);
  r903_finish(&r);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  size_t n = 0;
  zGot[0] = 0;
  if (!ran) snprintf(zGot, sizeof zGot, "skipped");
  for (int i = 0; ran && i < r.nErr; i++) {
    n += (size_t)snprintf(zGot + n, sizeof(zGot) - n, "%s%s:%d", n ? " " : "", az903Table[r.aErr[i].table],
                          r.aErr[i].row);
  }
  r903_free(&r);
  return zGot;
}
#define RUN(code, ...) run(code, (const char *const[]){__VA_ARGS__, NULL})

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Outcomes; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & (TB(T_OC2) | TB(T_OC3)));
  }
  assert_int_equal(n, 22);
}

/* ---- OC3 ---- */

static void test_131_132_133_codes(void **state) {
  (void)state;
  const char *z = OC3 L3("A", "YES", "F1", "B1") L3("A", "", "", "") L3("A", "NO", "0", "0")
      L3("A", "X", "F3", "A1") L3("A", "yes", "g6", "z2");
  assert_string_equal(RUN("131", z), "OC3:1 OC3:3");
  assert_string_equal(RUN("132", z), "OC3:1 OC3:3");
  assert_string_equal(RUN("133", z), "OC3:1 OC3:3");
  assert_string_equal(RUN("131", OC2), "skipped");
}

static void test_153_all_or_none(void **state) {
  (void)state;
  assert_string_equal(RUN("153", OC3 L3("A", "YES", "F1", "B1") L3("A", "", "", "") L3("A", "YES", "", "B1")
                                     L3("A", "", "", "0")),
                      "OC3:2 OC3:3");
}

static void test_344_345_in_touch_against_activity(void **state) {
  (void)state;
  const char *z = OC3 L3("A", "DIED", "0", "0") L3("A", "DIED", "F1", "0") L3("A", "RHOM", "0", "B1")
      L3("A", "RHOM", "", "") L3("A", "YES", "F1", "B1") L3("A", "YES", "0", "B1") L3("A", "YES", "F1", "0")
      L3("A", "NO", "0", "0");
  assert_string_equal(RUN("344", z), "OC3:1 OC3:2 OC3:3");
  assert_string_equal(RUN("345", z), "OC3:5 OC3:6");
}

/* Born 31 March 2009: 17 on the year's last day. */
static void test_391_not_yet_17(void **state) {
  (void)state;
  assert_string_equal(RUN("391", OC3 "A,31/03/2009,YES,F1,B1\nB,01/04/2009,YES,F1,B1\nC,01/04/2009,,,\n"
                                     "D,,YES,F1,B1\n"),
                      "OC3:1");
}

/* ---- OC2 ---- */

static void test_158_159_192_193_interventions(void **state) {
  (void)state;
  const char *z = OC2 L2("A", "", "", ",,,,,1,1,0") L2("A", "", "", ",,,,,1,1,") L2("A", "", "", ",,,,,1,0,")
      L2("A", "", "", ",,,,,1,0,1") L2("A", "", "", ",,,,,1,,") L2("A", "", "", ",,,,,0,1,")
      L2("A", "", "", ",,,,,,,1") L2("A", "", "", ",,,,,0,,");
  assert_string_equal(RUN("158", z), "OC2:0");
  assert_string_equal(RUN("159", z), "OC2:2");
  assert_string_equal(RUN("192", z), "OC2:4");
  assert_string_equal(RUN("193", z), "OC2:5 OC2:6");
}

static void test_180_sdq_score(void **state) {
  (void)state;
  assert_string_equal(RUN("180", OC2 L2("A", "0", "", ",,,,,,,") L2("A", "40", "", ",,,,,,,") L2("A", "41", "", ",,,,,,,")
                                     L2("A", "-1", "", ",,,,,,,") L2("A", "7.0", "", ",,,,,,,") L2("A", "7.5", "", ",,,,,,,")
                                     L2("A", "ABC", "", ",,,,,,,") L2("A", "", "", ",,,,,,,") L2("A", "0x1", "", ",,,,,,,")),
                      "OC2:2 OC2:3 OC2:5 OC2:6 OC2:8");
}

static void test_181_182_items(void **state) {
  (void)state;
  const char *z = OC2 L2("A", "", "", "0,1,1,1,1,0,,") L2("A", "", "", "2,1,1,1,1,0,,") L2("A", "", "", ",,1,1,1,0,,Y")
      L2("A", "", "", "0,,,1,1,0,,") L2("A", "", "", ",,,1,1,0,,") L2("A", "", "", ",,,,,,,");
  assert_string_equal(RUN("181", z), "OC2:1 OC2:2");
  assert_string_equal(RUN("182", z), "OC2:3");
}

/* The 4th birthday on the year's last day, the 17th on its first. */
static void test_188_189_sdq_ages(void **state) {
  (void)state;
  const char *z = OC2 "A,31/03/2022,5,,,,,,,,,\nB,01/04/2022,5,,,,,,,,,\nC,01/04/2022,,,,,,,,,,\n"
                      "D,01/04/2008,,SDQ1,,,,,,,,\nE,31/03/2008,,SDQ1,,,,,,,,\nF,31/03/2008,,,,,,,,,,\n";
  assert_string_equal(RUN("188", z), "OC2:1");
  assert_string_equal(RUN("189", z), "OC2:4");
}

static void test_196_197a_sdq_reason(void **state) {
  (void)state;
  const char *z = OC2 L2("A", "", "SDQ1", ",,,,,,,") L2("A", "", "SDQ6", ",,,,,,,") L2("A", "", "", ",,,,,,,")
      L2("A", "12", "SDQ2", ",,,,,,,") L2("A", "12", "", ",,,,,,,");
  assert_string_equal(RUN("196", z), "OC2:1");
  assert_string_equal(RUN("197a", z), "OC2:3");
}

/* The 10th birthday on the year's last day. */
static void test_542_convicted_under_10(void **state) {
  (void)state;
  assert_string_equal(RUN("542", OC2 "A,31/03/2016,,,0,,,,,,,\nB,01/04/2016,,,0,,,,,,,\nC,01/04/2016,,,,,,,,,,\n"),
                      "OC2:1");
}

static void test_544_547_need_health_items(void **state) {
  (void)state;
  const char *z = OC2 L2("A", "", "", "1,,1,,1,0,,") L2("A", "", "", "1,1,1,1,1,0,,") L2("A", "", "", "0,0,1,,1,0,,")
      L2("A", "", "", ",1,1,1,1,,,");
  assert_string_equal(RUN("544", z), "OC2:0");
  assert_string_equal(RUN("547", z), "OC2:3");
}

/* A is a care leaver with year-in-care items; B's OC3 row is blank; C's
** OC2 row has only an SDQ score. */
static void test_215_leaver_with_oc2_items(void **state) {
  (void)state;
  assert_string_equal(RUN("215", OC2 L2("A", "", "", "0,,,,,,,") L2("B", "", "", "0,,,,,,,") L2("C", "5", "", ",,,,,,,"),
                          OC3 L3("C", "YES", "F1", "B1") L3("B", "", "", "") L3("A", "YES", "F1", "B1")),
                      "OC2:0 OC3:2");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_131_132_133_codes),
    cmocka_unit_test(test_153_all_or_none),
    cmocka_unit_test(test_344_345_in_touch_against_activity),
    cmocka_unit_test(test_391_not_yet_17),
    cmocka_unit_test(test_158_159_192_193_interventions),
    cmocka_unit_test(test_180_sdq_score),
    cmocka_unit_test(test_181_182_items),
    cmocka_unit_test(test_188_189_sdq_ages),
    cmocka_unit_test(test_196_197a_sdq_reason),
    cmocka_unit_test(test_542_convicted_under_10),
    cmocka_unit_test(test_544_547_need_health_items),
    cmocka_unit_test(test_215_leaver_with_oc2_items),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
