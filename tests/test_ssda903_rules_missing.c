/*
** test_ssda903_rules_missing.c: the SSDA903 rules on the Missing table.
** Each test loads a small return from CSV texts and asserts exactly which
** rows a rule reports, with dates on and either side of each limit.
** Collection year 2026 (1 April 2025 - 31 March 2026); the DoLO rules
** (700-710, new in 2026/27) in 2027 (1 April 2026 - 31 March 2027).
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <string.h>

#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define MIS "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
#define DOL "CHILD,DOB,DOLO_START,DOLO_END\n"

/* An episode row: child, DECOM, DEC, REC (other fields valid filler). */
#define EP(c, decom, dec, rec) c "," decom ",S,C2,N1,U1,PR1," dec "," rec ",,TW1 3AA,TW1 3AB,\n"
/* A DoLo row of a child born 1 January 2010: child, start, end. */
#define DO(c, start, end) c ",01/01/2010," start "," end "\n"
/* An episode row with its placement: child, DECOM, DEC, PLACE. */
#define EPP(c, decom, dec, place) c "," decom ",S,C2,N1," place ",PR1," dec ",,,TW1 3AA,TW1 3AB,\n"
/* A Missing row of a child born 1 January 2010: child, type, start, end. */
#define MI(c, type, start, end) c ",01/01/2010," type "," start "," end "\n"

#define RUN(code, ...) t903_run(2026, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)
#define RUN27(code, ...) t903_run(2027, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Missing; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & TB(T_MISSING));
  }
  assert_int_equal(n, 16);
}

static void test_1004_1005_dates_valid(void **state) {
  (void)state;
  const char *z = MIS MI("A", "M", "01/05/2025", "") MI("A", "M", "", "02/05/2025")
      MI("A", "M", "31/04/2025", "2025-05-02") MI("A", "M", "1/5/2025", "2/5/2025");
  assert_string_equal(RUN("1004", z), "Missing:1 Missing:2");
  assert_string_equal(RUN("1005", z), "Missing:2");
  assert_string_equal(RUN("1004", EPS), "skipped");
}

static void test_1006_missing_type(void **state) {
  (void)state;
  assert_string_equal(RUN("1006", MIS MI("A", "M", "", "") MI("A", "A", "", "") MI("A", "", "", "")
                                      MI("A", "X", "", "") MI("A", "MA", "", "") MI("A", "a", "", "")),
                      "Missing:3 Missing:4");
}

static void test_564_565_566_type_and_dates_together(void **state) {
  (void)state;
  const char *z = MIS MI("A", "M", "", "") MI("A", "A", "01/05/2025", "") MI("A", "", "", "")
      MI("A", "A", "xx", "") MI("A", "", "01/05/2025", "") MI("A", "", "", "02/05/2025");
  assert_string_equal(RUN("564", z), "Missing:0");
  assert_string_equal(RUN("565", z), "Missing:4");
  assert_string_equal(RUN("566", z), "Missing:5");
}

static void test_567_ends_before_start(void **state) {
  (void)state;
  assert_string_equal(RUN("567", MIS MI("A", "M", "02/05/2025", "01/05/2025") MI("A", "M", "02/05/2025", "02/05/2025")
                                     MI("A", "M", "02/05/2025", "") MI("A", "M", "", "01/05/2025")),
                      "Missing:0");
}

static void test_570_571_collection_year(void **state) {
  (void)state;
  assert_string_equal(RUN("570", MIS MI("A", "M", "31/03/2026", "") MI("A", "M", "01/04/2026", "")
                                     MI("A", "M", "01/01/2020", "")),
                      "Missing:1");
  assert_string_equal(RUN("571", MIS MI("A", "M", "", "31/03/2025") MI("A", "M", "", "01/04/2025")
                                     MI("A", "M", "", "31/03/2026") MI("A", "M", "", "01/04/2026")
                                     MI("A", "M", "", "")),
                      "Missing:0 Missing:3");
}

/* A ends one period the day the next starts; B's overlap by a day; C's
** first is still open; D's open period is the later, so nothing follows it. */
static void test_574_overlapping_periods(void **state) {
  (void)state;
  assert_string_equal(RUN("574", MIS MI("A", "M", "10/05/2025", "20/05/2025") MI("A", "M", "01/05/2025", "10/05/2025")
                                     MI("B", "M", "01/05/2025", "10/05/2025") MI("B", "M", "09/05/2025", "20/05/2025")
                                     MI("C", "M", "01/05/2025", "") MI("C", "M", "05/06/2025", "10/06/2025")
                                     MI("D", "M", "01/05/2025", "10/05/2025") MI("D", "M", "05/06/2025", "")),
                      "Missing:3 Missing:5");
}

static void test_575_open_period_in_ended_episode(void **state) {
  (void)state;
  assert_string_equal(RUN("575", EPS EP("A", "01/04/2025", "30/06/2025", "E11") EP("B", "01/04/2025", "", ""),
                          MIS MI("A", "M", "30/06/2025", "") MI("A", "M", "01/07/2025", "")
                              MI("A", "M", "01/04/2025", "") MI("A", "M", "31/03/2025", "")
                              MI("A", "M", "30/06/2025", "01/07/2025") MI("B", "M", "01/05/2025", "")),
                      "Missing:0 Missing:2");
}

/* A's two episodes are one period of care (the second starts the day the
** first ends); B's is still open; C has no episodes. */
static void test_577_period_outside_care(void **state) {
  (void)state;
  assert_string_equal(RUN("577", EPS EP("A", "01/04/2025", "30/04/2025", "X1") EP("A", "30/04/2025", "30/06/2025", "E11")
                                     EP("B", "01/04/2025", "", ""),
                          MIS MI("A", "M", "01/05/2025", "") MI("A", "M", "10/04/2025", "30/06/2025")
                              MI("A", "M", "10/04/2025", "01/07/2025") MI("A", "M", "01/05/2025", "31/03/2025")
                              MI("B", "M", "01/05/2025", "") MI("B", "M", "31/03/2025", "")
                              MI("C", "M", "01/05/2025", "") MI("A", "M", "", "")),
                      "Missing:0 Missing:2 Missing:3 Missing:5");
}

static void test_578_starts_outside_care(void **state) {
  (void)state;
  assert_string_equal(RUN("578", EPS EP("A", "01/04/2025", "30/06/2025", "E11") EP("A", "01/09/2025", "", ""),
                          MIS MI("A", "M", "01/04/2025", "") MI("A", "M", "30/06/2025", "")
                              MI("A", "M", "01/07/2025", "") MI("A", "M", "31/03/2025", "")
                              MI("A", "M", "", "") MI("A", "M", "01/01/2026", "") MI("Z", "M", "01/01/2020", "")),
                      "Missing:2 Missing:3");
}

/* The 18th birthday of a child born 1 July 2007 is 1 July 2025. */
static void test_580_missing_at_18_needs_e8(void **state) {
  (void)state;
  assert_string_equal(RUN("580", EPS EP("A", "01/04/2025", "01/07/2025", "E4A") EP("B", "01/04/2025", "01/07/2025", "E8")
                                     EP("C", "01/04/2025", "30/06/2025", "E4A") EP("D", "01/04/2025", "01/07/2025", ""),
                          MIS "A,01/07/2007,M,01/05/2025,01/07/2025\nB,01/07/2007,M,01/05/2025,01/07/2025\n"
                              "C,01/07/2007,M,01/05/2025,30/06/2025\nD,01/07/2007,M,01/05/2025,01/07/2025\n"
                              "A,02/07/2007,M,01/05/2025,02/07/2025\n"),
                      "Episodes:0 Episodes:3");
}

static void test_581_missing_before_care(void **state) {
  (void)state;
  assert_string_equal(RUN("581", EPS EP("A", "01/05/2025", "30/06/2025", "E11") EP("A", "01/08/2025", "", ""),
                          MIS MI("A", "M", "30/04/2025", "") MI("A", "M", "01/05/2025", "")
                              MI("A", "M", "30/06/2025", "") MI("A", "M", "15/07/2025", "")
                              MI("A", "M", "01/09/2025", "") MI("A", "M", "", "") MI("Z", "M", "01/01/2020", "")),
                      "Missing:0 Missing:3 Missing:5");
}

static void test_586_before_birth(void **state) {
  (void)state;
  assert_string_equal(RUN("586", MIS MI("A", "M", "31/12/2009", "") MI("A", "M", "01/01/2010", "")
                                     MI("A", "M", "", "") "B,,M,01/01/2000,\n"),
                      "Missing:0");
}

/* ---- DoLOs, from 2026/27 ------------------------------------------------------------ */

static void test_dolo_table_entries(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Y2027; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_true(p->mTables & TB(T_DOLO));
  }
  assert_int_equal(n, 11);
}

/* The same return: 2025/26 has no DoLO rules, 2026/27 checks them. */
static void test_dolo_rules_from_2027_only(void **state) {
  (void)state;
  const char *z = DOL DO("A", "01/05/2026", "30/04/2026");
  assert_string_equal(RUN("702", z), "no such rule");
  assert_string_equal(RUN27("702", z), "DoLo:0");
  assert_string_equal(RUN27("702", EPS), "skipped");
  assert_string_equal(RUN27("706", z), "skipped");
}

static void test_700_701_dates_valid(void **state) {
  (void)state;
  const char *z = DOL DO("A", "01/05/2026", "") DO("A", "", "02/05/2026") DO("A", "31/04/2026", "2026-05-02")
      DO("A", "1/5/2026", "2/5/2026");
  assert_string_equal(RUN27("700", z), "DoLo:1 DoLo:2");
  assert_string_equal(RUN27("701", z), "DoLo:2");
}

static void test_702_703_704_dates_in_order_and_year(void **state) {
  (void)state;
  const char *z = DOL DO("A", "02/05/2026", "01/05/2026") DO("A", "01/05/2026", "01/05/2026")
      DO("A", "31/03/2027", "") DO("A", "01/04/2027", "") DO("A", "", "31/03/2026") DO("A", "", "01/04/2026")
      DO("A", "", "31/03/2027") DO("A", "", "01/04/2027");
  assert_string_equal(RUN27("702", z), "DoLo:0");
  assert_string_equal(RUN27("703", z), "DoLo:3");
  assert_string_equal(RUN27("704", z), "DoLo:4 DoLo:7");
}

static void test_705_overlapping_dolos(void **state) {
  (void)state;
  assert_string_equal(RUN27("705", DOL DO("A", "01/05/2026", "10/05/2026") DO("A", "10/05/2026", "")
                                       DO("B", "01/05/2026", "") DO("B", "01/06/2026", "10/06/2026")
                                       DO("C", "01/05/2026", "20/05/2026") DO("C", "10/05/2026", "30/05/2026")),
                      "DoLo:3 DoLo:5");
}

/* 706 against last year's return (2025/26, whose DoLo file a council may
** send from 2027/28 on): A's open DoLO goes on with the same start; B's
** ended; C's starts a day later this year (its first DoLo row reported);
** D has none this year (its Header row reported); E's start is not a date;
** F is not in this year's return. */
static void test_706_open_dolo_carried_on(void **state) {
  (void)state;
  const char *const azLast[] = {DOL DO("A", "01/02/2026", "") DO("B", "01/01/2026", "01/03/2026")
                                    DO("C", "01/03/2026", "") DO("D", "31/03/2026", "") DO("E", "", "")
                                    DO("F", "15/03/2026", ""),
                                NULL};
  const char *const azNow[] = {DOL DO("A", "01/02/2026", "10/05/2026") DO("C", "02/03/2026", "")
                                   DO("C", "05/05/2026", ""),
                               "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                               "A,1,01/01/2010,WBRI,,,\nB,1,01/01/2010,WBRI,,,\nC,1,01/01/2010,WBRI,,,\n"
                               "D,1,01/01/2010,WBRI,,,\nE,1,01/01/2010,WBRI,,,\n",
                               NULL};
  assert_string_equal(t903_run(2027, "706", azNow, azLast), "Header:3 DoLo:1");
  /* Without last year's return, or without its DoLo file: not checked. */
  assert_string_equal(t903_run(2027, "706", azNow, NULL), "skipped");
  const char *const azLastNoDolo[] = {EPS EP("A", "01/04/2025", "", ""), NULL};
  assert_string_equal(t903_run(2027, "706", azNow, azLastNoDolo), "skipped");
  /* The same start carried on: nothing to report. */
  const char *const azLastA[] = {DOL DO("A", "01/02/2026", ""), NULL};
  assert_string_equal(t903_run(2027, "706", azNow, azLastA), "");
}

static void test_707_708_against_care_and_birth(void **state) {
  (void)state;
  assert_string_equal(RUN27("707", EPS EP("A", "01/04/2026", "01/07/2026", "E11") EP("B", "01/04/2026", "", ""),
                            DOL DO("A", "01/05/2026", "") DO("A", "01/05/2026", "01/06/2026") DO("B", "01/05/2026", "")
                                DO("Z", "01/05/2026", "")),
                      "DoLo:0");
  assert_string_equal(RUN27("708", DOL DO("A", "31/12/2009", "") DO("A", "01/01/2010", "") DO("A", "", "")), "DoLo:0");
}

static void test_709_710_placement_during_dolo(void **state) {
  (void)state;
  /* A's DoLO (May 2026) overlaps its K1 and Z12 episodes, not the R1
  ** one after it; B's has no end, so it is not judged. */
  const char *zEps = EPS EPP("A", "01/04/2026", "01/05/2026", "K1") EPP("A", "01/05/2026", "31/05/2026", "Z12")
      EPP("A", "01/06/2026", "", "R1") EPP("B", "01/04/2026", "", "P1");
  const char *zDolo = DOL DO("A", "01/05/2026", "31/05/2026") DO("B", "01/05/2026", "");
  assert_string_equal(RUN27("709", zEps, zDolo), "Episodes:0 DoLo:0");
  assert_string_equal(RUN27("710", zEps, zDolo), "Episodes:0 DoLo:0");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_1004_1005_dates_valid),
    cmocka_unit_test(test_1006_missing_type),
    cmocka_unit_test(test_564_565_566_type_and_dates_together),
    cmocka_unit_test(test_567_ends_before_start),
    cmocka_unit_test(test_570_571_collection_year),
    cmocka_unit_test(test_574_overlapping_periods),
    cmocka_unit_test(test_575_open_period_in_ended_episode),
    cmocka_unit_test(test_577_period_outside_care),
    cmocka_unit_test(test_578_starts_outside_care),
    cmocka_unit_test(test_580_missing_at_18_needs_e8),
    cmocka_unit_test(test_581_missing_before_care),
    cmocka_unit_test(test_586_before_birth),
    cmocka_unit_test(test_dolo_table_entries),
    cmocka_unit_test(test_dolo_rules_from_2027_only),
    cmocka_unit_test(test_700_701_dates_valid),
    cmocka_unit_test(test_702_703_704_dates_in_order_and_year),
    cmocka_unit_test(test_705_overlapping_dolos),
    cmocka_unit_test(test_706_open_dolo_carried_on),
    cmocka_unit_test(test_707_708_against_care_and_birth),
    cmocka_unit_test(test_709_710_placement_during_dolo),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
