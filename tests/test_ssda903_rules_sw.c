/*
** test_ssda903_rules_sw.c: the SSDA903 rules on the SWEpisodes table, and
** the registry's rule sets per collection year. Each test loads a small
** return from CSV texts and asserts exactly which rows a rule reports,
** with dates on and either side of each limit. Collection year 2026 (1
** April 2025 - 31 March 2026) unless a test says otherwise.
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <string.h>

#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define SWS "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"

/* An episode row: child, DECOM, RNE, LS, DEC, REC (other fields valid filler). */
#define EP(c, decom, rne, ls, dec, rec) c "," decom "," rne "," ls ",N1,U1,PR1," dec "," rec ",,TW1 3AA,TW1 3AB,\n"
/* A social worker episode: child, SW_ID, start, end, reason. */
#define SWE(c, id, start, end, reason) c ",01/01/2015," id "," start "," end "," reason "\n"

#define RUN(code, ...) t903_run(2026, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)
#define RUN_YEAR(year, code, ...) t903_run(year, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Sw; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & TB(T_SW));
  }
  assert_int_equal(n, 14);
}

static void test_sw01a_sw01b_complete(void **state) {
  (void)state;
  /* Before 1 April 2023 only the ID is needed; from then the reason too. */
  const char *z = SWS SWE("A", "SW1", "31/03/2023", "", "") SWE("A", "", "31/03/2023", "", "MANAGE")
      SWE("A", "SW1", "01/04/2023", "", "") SWE("A", "", "01/04/2023", "", "MANAGE")
      SWE("A", "SW1", "", "", "MANAGE") SWE("A", "SW1", "31/02/2024", "", "MANAGE")
      SWE("A", "SW1", "01/04/2023", "", "MANAGE");
  assert_string_equal(RUN("SW01aSTG1", z), "SWEpisodes:1 SWEpisodes:4 SWEpisodes:5");
  assert_string_equal(RUN("SW01bSTG1", z), "SWEpisodes:2 SWEpisodes:3 SWEpisodes:4 SWEpisodes:5");
  assert_string_equal(RUN("SW01aSTG1", EPS), "skipped");
}

static void test_sw02_id_prefix(void **state) {
  (void)state;
  assert_string_equal(RUN("SW02STG1", SWS SWE("A", "SW123", "", "", "") SWE("A", "XX", "", "", "")
                                          SWE("A", "sw9", "", "", "") SWE("A", "S1", "", "", "")
                                          SWE("A", "", "", "", "") SWE("A", "1SW", "", "", "")),
                      "SWEpisodes:3 SWEpisodes:4 SWEpisodes:5");
}

static void test_sw04_sw05_valid_dates(void **state) {
  (void)state;
  const char *z = SWS SWE("A", "SW1", "01/04/2025", "", "") SWE("A", "SW1", "31/04/2025", "31/04/2025", "")
      SWE("A", "SW1", "ZZ/04/2025", "ZZ/ZZ/2025", "") SWE("A", "SW1", "2025-04-01", "1/4/2025", "")
      SWE("A", "SW1", "", "ZZ/13/2025", "");
  assert_string_equal(RUN("SW04STG1", z), "SWEpisodes:1 SWEpisodes:3");
  assert_string_equal(RUN("SW05STG1", z), "SWEpisodes:1 SWEpisodes:4");
}

static void test_sw06_sw07_reporting_period(void **state) {
  (void)state;
  const char *z = SWS SWE("A", "SW1", "31/03/2026", "31/03/2024", "") SWE("A", "SW1", "01/04/2026", "01/04/2024", "")
      SWE("A", "SW1", "", "31/03/2026", "") SWE("A", "SW1", "xx", "01/04/2026", "");
  assert_string_equal(RUN("SW06STG2", z), "SWEpisodes:1");
  assert_string_equal(RUN("SW07STG2", z), "SWEpisodes:0 SWEpisodes:3");
}

static void test_sw08_open_before_a_later_one(void **state) {
  (void)state;
  /* A: the open first episode fails, the open latest does not. B: an
  ** episode without a start is neither judged nor later. */
  assert_string_equal(RUN("SW08STG2", SWS SWE("A", "SW1", "01/06/2025", "", "") SWE("A", "SW2", "01/05/2025", "", "")
                                          SWE("A", "SW3", "01/04/2025", "01/05/2025", "")
                                          SWE("B", "SW1", "01/04/2025", "", "") SWE("B", "SW1", "", "", "")
                                          SWE("C", "SW1", "01/04/2025", "bad", "") SWE("C", "SW1", "01/05/2025", "", "")),
                      "SWEpisodes:1 SWEpisodes:5");
}

static void test_sw09_same_day(void **state) {
  (void)state;
  assert_string_equal(RUN("SW09STG2", SWS SWE("A", "SW1", "01/04/2025", "01/04/2025", "")
                                          SWE("A", "SW1", "01/04/2025", "02/04/2025", "")
                                          SWE("A", "SW1", "1/4/2025", "01/04/2025", "") SWE("A", "SW1", "", "", "")),
                      "SWEpisodes:0 SWEpisodes:2");
}

static void test_sw10_starts_before_the_last_ended(void **state) {
  (void)state;
  /* Previous episode ends 20 May: 13 May is 7 days before (allowed), 12
  ** May fails unless FCONTA; a blank previous end is SW08's. */
  assert_string_equal(RUN("SW10STG2", SWS SWE("A", "SW1", "01/04/2025", "20/05/2025", "") SWE("A", "SW2", "13/05/2025", "", "MANAGE")
                                          SWE("B", "SW1", "01/04/2025", "20/05/2025", "") SWE("B", "SW2", "12/05/2025", "", "MANAGE")
                                          SWE("C", "SW1", "01/04/2025", "20/05/2025", "") SWE("C", "SW2", "12/05/2025", "", "FCONTA")
                                          SWE("D", "SW1", "01/04/2025", "", "") SWE("D", "SW2", "12/05/2025", "", "MANAGE")
                                          SWE("E", "SW1", "01/04/2025", "20/09/2025", "") SWE("E", "SW2", "01/09/2025", "", "MANAGE")),
                      "SWEpisodes:3 SWEpisodes:9");
}

static void test_sw11b_ended_late_in_march_with_no_successor(void **state) {
  (void)state;
  /* The window is 26-31 March 2026. */
  assert_string_equal(RUN("SW11bSTG2", SWS SWE("A", "SW1", "01/04/2025", "26/03/2026", "")
                                           SWE("B", "SW1", "01/04/2025", "25/03/2026", "")
                                           SWE("C", "SW1", "01/04/2025", "31/03/2026", "") SWE("C", "SW2", "31/03/2026", "", "")
                                           SWE("D", "SW1", "01/04/2025", "20/03/2026", "") SWE("D", "SW2", "20/03/2026", "28/03/2026", "")
                                           SWE("E", "SW1", "01/04/2025", "31/03/2026", "") SWE("E", "SW2", "", "", "")),
                      "SWEpisodes:0 SWEpisodes:5 SWEpisodes:6");
}

static void test_sw12_episodes_of_care_covered(void **state) {
  (void)state;
  const char *zSw = SWS SWE("A", "SW1", "01/05/2025", "", "") SWE("B", "SW1", "01/05/2025", "", "")
      SWE("C", "SW1", "01/03/2025", "", "") SWE("C", "SW2", "01/06/2025", "", "")
      SWE("E", "SW1", "01/05/2025", "", "");
  /* A starts care on 1 May (pass) and B on 2 May (fail: its social worker
  ** started before; had B been open it would pass, as ending care); C has one social
  ** worker before its care began (fail); D has none (fail, but not its
  ** short break nor its episode that neither starts nor ends care); E's
  ** open episode ends care on 31 March (pass); F ended before the period. */
  assert_string_equal(RUN("SW12STG2", EPS EP("A", "01/05/2025", "S", "C2", "", "")
                                          EP("B", "02/05/2025", "S", "C2", "01/06/2025", "X1")
                                          EP("C", "01/05/2025", "S", "C2", "01/06/2025", "X1")
                                          EP("D", "01/05/2025", "S", "C2", "01/06/2025", "X1")
                                          EP("D", "01/06/2025", "P", "V3", "", "")
                                          EP("D", "01/05/2025", "P", "C2", "01/06/2025", "X1")
                                          EP("E", "01/04/2024", "P", "C2", "", "")
                                          EP("F", "01/04/2020", "S", "C2", "31/03/2024", "E11"),
                          zSw),
                      "Episodes:1 Episodes:2 Episodes:3");
  /* The period starts 1 April 2024: an episode ending then is judged. */
  assert_string_equal(RUN("SW12STG2", EPS EP("F", "01/04/2020", "S", "C2", "01/04/2024", "E11"), zSw), "Episodes:0");
}

static void test_sw13_reason(void **state) {
  (void)state;
  assert_string_equal(RUN("SW13STG1", SWS SWE("A", "SW1", "01/04/2025", "", "MANAGE") SWE("A", "SW1", "01/04/2025", "", "SWLAZY")
                                          SWE("A", "SW1", "31/03/2023", "", "") SWE("A", "SW1", "01/04/2023", "", "")
                                          SWE("A", "SW1", "", "", "") SWE("A", "SW1", "01/04/2025", "", "others")),
                      "SWEpisodes:1 SWEpisodes:3");
}

static void test_sw17_latest_episode_open(void **state) {
  (void)state;
  assert_string_equal(RUN("SW17STG2", SWS SWE("A", "SW1", "01/04/2025", "01/05/2025", "") SWE("A", "SW2", "01/05/2025", "", "")
                                          SWE("B", "SW1", "01/05/2025", "30/03/2026", "") SWE("B", "SW2", "01/04/2025", "01/05/2025", "")
                                          SWE("C", "SW1", "01/04/2025", "", "") SWE("C", "SW2", "", "01/05/2025", "")),
                      "SWEpisodes:2");
}

/* ---- Rule sets per collection year ------------------------------------------------ */

static int has_rule(const Rule903 *const *ap, int n, const char *zCode) {
  for (int i = 0; i < n; i++)
    if (!strcmp(ap[i]->zCode, zCode)) return 1;
  return 0;
}

/* 2026/27 is 2025/26 with the eleven DoLO rules; earlier years get
** 2025/26's, later ones 2026/27's, and each set is in code order. */
static void test_rule_sets_per_year(void **state) {
  (void)state;
  int n26, n27, n18, n30;
  const Rule903 *const *a26 = r903_rules(2026, &n26), *const *a27 = r903_rules(2027, &n27);
  assert_ptr_equal(r903_rules(2018, &n18), a26);
  assert_ptr_equal(r903_rules(2030, &n30), a27);
  assert_int_equal(n18, n26);
  assert_int_equal(n30, n27);
  assert_int_equal(n27, n26 + 11);
  for (int i = 0; i < n26; i++) assert_true(has_rule(a27, n27, a26[i]->zCode));
  assert_true(has_rule(a26, n26, "SW17STG2"));
  assert_false(has_rule(a26, n26, "700"));
  assert_true(has_rule(a27, n27, "700") && has_rule(a27, n27, "710"));
  for (int i = 1; i < n27; i++) assert_ptr_not_equal(a27[i - 1], a27[i]);
  int i700 = -1, i1000 = -1;
  for (int i = 0; i < n27; i++) {
    if (!strcmp(a27[i]->zCode, "700")) i700 = i;
    if (!strcmp(a27[i]->zCode, "1000")) i1000 = i;
  }
  assert_true(i700 >= 0 && i700 < i1000);
}

/* A return's failures index its own year's set. */
static void test_validate_uses_the_years_rules(void **state) {
  (void)state;
  const char *z = "CHILD,DOB,DOLO_START,DOLO_END\nA,01/01/2010,02/05/2026,01/05/2026\n";
  for (int year = 2026; year <= 2027; year++) {
    Return903 r;
    Buf err = {0};
    r903_init(&r, year);
    assert_int_equal(r903_add_text(&r, "dolo.csv", z, strlen(z), &err), 0);
    r903_finish(&r);
    r903_validate(&r, NULL, NULL);
    int n;
    const Rule903 *const *ap = r903_rules(year, &n);
    int n702 = 0;
    for (int i = 0; i < r.nErr; i++) {
      assert_true(r.aErr[i].rule < n);
      n702 += !strcmp(ap[r.aErr[i].rule]->zCode, "702");
    }
    assert_int_equal(n702, year == 2027);
    r903_free(&r);
    buf_free(&err);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_sw01a_sw01b_complete),
    cmocka_unit_test(test_sw02_id_prefix),
    cmocka_unit_test(test_sw04_sw05_valid_dates),
    cmocka_unit_test(test_sw06_sw07_reporting_period),
    cmocka_unit_test(test_sw08_open_before_a_later_one),
    cmocka_unit_test(test_sw09_same_day),
    cmocka_unit_test(test_sw10_starts_before_the_last_ended),
    cmocka_unit_test(test_sw11b_ended_late_in_march_with_no_successor),
    cmocka_unit_test(test_sw12_episodes_of_care_covered),
    cmocka_unit_test(test_sw13_reason),
    cmocka_unit_test(test_sw17_latest_episode_open),
    cmocka_unit_test(test_rule_sets_per_year),
    cmocka_unit_test(test_validate_uses_the_years_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
