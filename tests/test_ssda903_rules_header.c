/*
** test_ssda903_rules_header.c: the Header, UASC, Reviews and internal-check
** rules of the SSDA903 validator. Each test loads a small return from CSV
** texts and asserts exactly which rows of which tables a rule reports, with
** dates on and either side of each rule's limit. Collection year 2026
** (1 April 2025 - 31 March 2026) unless a test says otherwise.
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <string.h>

#define HDR "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define REV "CHILD,DOB,REVIEW,REVIEW_CODE\n"
#define UAS "CHILD,SEX,DOB,DUC\n"
#define OC3 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"
#define OC2 "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK," \
            "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
#define AD1 "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
#define PLA "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
#define PPM "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"
#define MIS "CHILD,DOB,MISSING,MIS_START,MIS_END\n"

/* An episode row: child, DECOM, LS, DEC, REC (other fields valid filler). */
#define EP(c, decom, ls, dec, rec) c "," decom ",S," ls ",N1,U1,PR1," dec "," rec ",,TW1 3AA,TW1 3AB,SC123456\n"

static char zGot[4096];

/* The failures in r as "Table:row ..." in the runner's order (table, row). */
static const char *failures(Return903 *r, const char *zCode, int skipped) {
  if (skipped) return "skipped";
  zGot[0] = 0;
  size_t n = 0;
  for (int i = 0; i < r->nErr; i++) {
    n += (size_t)snprintf(zGot + n, sizeof(zGot) - n, "%s%s:%d", n ? " " : "",
                          az903Table[r->aErr[i].table], r->aErr[i].row);
  }
  (void)zCode;
  return zGot;
}

/* Run rule zCode on the CSV texts (NULL-ended) for collection year `year`. */
static const char *run_year(const char *zCode, int year, const char *const *azCsv) {
  Return903 r;
  Buf err = {0};
  r903_init(&r, year);
  for (int i = 0; azCsv[i]; i++) {
    char zName[32];
    snprintf(zName, sizeof zName, "f%d.csv", i);
    if (r903_add_text(&r, zName, azCsv[i], strlen(azCsv[i]), &err) != 0) {
      fail_msg("%s", err.z ? err.z : "load failed");
    }
  }
  buf_free(&err);
  r903_finish(&r);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  int skipped = !ran;
  const char *z = failures(&r, zCode, skipped);
  r903_free(&r);
  return z;
}
#define RUN(code, ...) run_year(code, 2026, (const char *const[]){__VA_ARGS__, NULL})

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Header; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables != 0);
  }
  assert_int_equal(n, 55);
}

/* ---- Header fields ---- */

static void test_101_sex_codes(void **state) {
  (void)state;
  assert_string_equal(RUN("101", HDR "A,M,01/01/2010,WBRI,UN1,,\nB,F,01/01/2010,WBRI,UN1,,\n"
                                     "C,U,01/01/2010,WBRI,UN1,,\nD,1,01/01/2010,WBRI,UN1,,\n"
                                     "E,,01/01/2010,WBRI,UN1,,\nF,f,01/01/2010,WBRI,UN1,,\n"),
                      "Header:3 Header:4");
}

static void test_102_dob_valid(void **state) {
  (void)state;
  assert_string_equal(RUN("102", HDR "A,M,01/01/2010,WBRI,,,\nB,M,31/02/2010,WBRI,,,\nC,M,,WBRI,,,\n"
                                     "D,M,29/02/2012,WBRI,,,\nE,M,29/02/2011,WBRI,,,\nF,M,2010-01-01,WBRI,,,\n"),
                      "Header:1 Header:2 Header:4 Header:5");
}

static void test_103_ethnicity(void **state) {
  (void)state;
  assert_string_equal(RUN("103", HDR "A,M,01/01/2010,WBRI,,,\nB,M,01/01/2010,nobt,,,\n"
                                     "C,M,01/01/2010,WHITE,,,\nD,M,01/01/2010,,,,\n"),
                      "Header:2 Header:3");
}

/* From CSV the Header's UASC is derived, always 0 or 1: 105 never fires. */
static void test_105_csv_never_fails(void **state) {
  (void)state;
  assert_string_equal(RUN("105", HDR "A,M,01/01/2010,WBRI,,,\nB,M,01/01/2010,WBRI,,,\n",
                          UAS "A,M,01/01/2010,\n"), "");
  assert_string_equal(RUN("105", HDR "A,M,01/01/2010,WBRI,,,\n"), "");
}

/* Header rows with UASC given as the XML reader gives them. */
static Return903 *xml_like(Return903 *r, const char *const *azUascCell, int n, const char *zUasc) {
  Buf err = {0};
  r903_init(r, 2026);
  assert_int_equal(r903_add_text(r, "h.csv", HDR, strlen(HDR), &err), 0);
  if (zUasc) assert_int_equal(r903_add_text(r, "u.csv", zUasc, strlen(zUasc), &err), 0);
  buf_free(&err);
  for (int i = 0; i < n; i++) {
    char zChild[16];
    snprintf(zChild, sizeof zChild, "C%d", i);
    const char *az[] = {zChild, "M", "01/01/2010", "WBRI", "", "", "", azUascCell[i]};
    r903_add_row(r, T_HEADER, az, i + 2);
  }
  r903_xml_sets_uasc(r);
  r903_finish(r);
  return r;
}

static void test_105_xml_uasc_0_or_1(void **state) {
  (void)state;
  Return903 r;
  const char *az[] = {"0", "1", "", "2", "1.0", "YES"};
  xml_like(&r, az, 6, NULL);
  r903_validate(&r, "105", NULL);
  assert_string_equal(failures(&r, "105", 0), "Header:2 Header:3 Header:5");
  r903_free(&r);
}

static void test_168_upn_format(void **state) {
  (void)state;
  assert_string_equal(RUN("168", HDR "A,M,01/01/2010,WBRI,A123456789012,,\n"
                                     "B,M,01/01/2010,WBRI,a12345678901b,,\n"
                                     "C,M,01/01/2010,WBRI,UN5,,\n"
                                     "D,M,01/01/2010,WBRI,,,\n"
                                     "E,M,01/01/2010,WBRI,I123456789012,,\n"
                                     "F,M,01/01/2010,WBRI,UN6,,\n"
                                     "G,M,01/01/2010,WBRI,A1234567890123,,\n"
                                     "H,M,01/01/2010,WBRI,A12345678901,,\n"
                                     "I,M,01/01/2010,WBRI,A1234567890AB,,\n"
                                     "J,M,01/01/2010,WBRI,S123456789012,,\n"),
                      "Header:4 Header:5 Header:6 Header:7 Header:8 Header:9");
}

static void test_171_mc_dob_valid(void **state) {
  (void)state;
  assert_string_equal(RUN("171", HDR "A,F,01/01/2000,WBRI,,1,01/01/2020\nB,F,01/01/2000,WBRI,,1,\n"
                                     "C,F,01/01/2000,WBRI,,1,30/02/2020\n"),
                      "Header:2");
}

static void test_174_male_with_child_dob(void **state) {
  (void)state;
  assert_string_equal(RUN("174", HDR "A,M,01/01/2000,WBRI,,,01/01/2020\nB,F,01/01/2000,WBRI,,1,01/01/2020\n"
                                     "C,M,01/01/2000,WBRI,,,\nD,M,01/01/2000,WBRI,,,notadate\n"
                                     "E,1,01/01/2000,WBRI,,,01/01/2020\n"),
                      "Header:0 Header:3");
}

/* 2025/26: school age means a 4th birthday on or before 31 August 2024. */
static void test_209_un1_school_age(void **state) {
  (void)state;
  assert_string_equal(RUN("209", HDR "A,M,31/08/2020,WBRI,UN1,,\nB,M,01/09/2020,WBRI,UN1,,\n"
                                     "C,M,29/02/2020,WBRI,UN1,,\nD,M,01/01/2010,WBRI,UN2,,\n"
                                     "E,M,,WBRI,UN1,,\n"),
                      "Header:0 Header:2");
  /* The reference date moves with the year: 31/08/2020 is school age for
  ** 2025/26 but not for 2024/25 (31 August 2023). */
  assert_string_equal(run_year("209", 2025, (const char *const[]){HDR "A,M,31/08/2020,WBRI,UN1,,\n", NULL}), "");
}

/* 2025/26: an episode starting on or after 24 March 2026. */
static void test_210_un4_episode_in_last_week(void **state) {
  (void)state;
  assert_string_equal(RUN("210", HDR "A,M,01/01/2010,WBRI,UN4,,\nB,M,01/01/2010,WBRI,UN3,,\n"
                                     "C,M,01/01/2010,WBRI,UN4,,\n",
                          EPS EP("A", "23/03/2026", "C2", "", "") EP("A", "24/03/2026", "C2", "", "")
                              EP("B", "25/03/2026", "C2", "", "") EP("C", "23/03/2026", "C2", "", "")),
                      "Header:0 Episodes:1");
}

/* Under 11 at 31 March 2026: born after 31 March 2015. */
static void test_231_young_uasc(void **state) {
  (void)state;
  assert_string_equal(RUN("231", HDR "A,M,31/03/2015,WBRI,,,\nB,M,01/04/2015,WBRI,,,\nC,M,01/04/2020,WBRI,,,\n",
                          UAS "A,M,31/03/2015,\nB,M,01/04/2015,\n"),
                      "Header:1");
  /* Without uasc.csv no child is known to be UASC. */
  assert_string_equal(RUN("231", HDR "B,M,01/04/2015,WBRI,,,\n"), "");
}

static void test_232_sex_unknown(void **state) {
  (void)state;
  assert_string_equal(RUN("232", HDR "A,U,01/01/2010,WBRI,,,\nB,M,01/01/2010,WBRI,,,\nC,u,01/01/2010,WBRI,,,\n"),
                      "Header:0 Header:2");
}

static void test_301_dob_after_year_end(void **state) {
  (void)state;
  assert_string_equal(RUN("301", HDR "A,M,31/03/2026,WBRI,,,\nB,M,01/04/2026,WBRI,,,\nC,M,,WBRI,,,\n"),
                      "Header:1");
}

/* Over 25 on 1 April 2025: 25th birthday before that day. */
static void test_351_over_25(void **state) {
  (void)state;
  assert_string_equal(RUN("351", HDR "A,M,01/04/2000,WBRI,,,\nB,M,31/03/2000,WBRI,,,\nC,M,,WBRI,,,\n"
                                     "D,M,29/02/2000,WBRI,,,\n"),
                      "Header:1 Header:3");
}

static void test_444_duplicate_upn(void **state) {
  (void)state;
  assert_string_equal(RUN("444", HDR "A,M,01/01/2010,WBRI,A123456789012,,\nB,M,01/01/2010,WBRI,UN1,,\n"
                                     "C,M,01/01/2010,WBRI,UN1,,\nD,M,01/01/2010,WBRI,,,\n"
                                     "E,M,01/01/2010,WBRI,,,\nF,M,01/01/2010,WBRI,B123456789012,,\n"
                                     "G,M,01/01/2010,WBRI,a123456789012,,\n"),
                      "Header:0 Header:6");
}

static void test_611_mother_without_child_dob(void **state) {
  (void)state;
  assert_string_equal(RUN("611", HDR "A,F,01/01/2000,WBRI,,1,\nB,F,01/01/2000,WBRI,,1,01/01/2020\n"
                                     "C,F,01/01/2000,WBRI,,0,\n"),
                      "Header:0");
}

static void test_612_child_dob_but_not_mother(void **state) {
  (void)state;
  assert_string_equal(RUN("612", HDR "A,F,01/01/2000,WBRI,,0,01/01/2020\nB,F,01/01/2000,WBRI,,,01/01/2020\n"
                                     "C,F,01/01/2000,WBRI,,1,01/01/2020\nD,M,01/01/2000,WBRI,,0,01/01/2020\n"
                                     "E,F,01/01/2000,WBRI,,0,\n"),
                      "Header:0 Header:1");
}

/* Under 11 on 1 April 2025: 11th birthday after that day. */
static void test_620_mother_under_11(void **state) {
  (void)state;
  assert_string_equal(RUN("620", HDR "A,F,01/04/2014,WBRI,,1,\nB,F,02/04/2014,WBRI,,1,\n"
                                     "C,F,02/04/2014,WBRI,,0,\nD,F,,WBRI,,1,\n"),
                      "Header:1");
}

static void test_621_child_not_younger_than_mother(void **state) {
  (void)state;
  assert_string_equal(RUN("621", HDR "A,F,01/01/2010,WBRI,,1,01/01/2010\nB,F,01/01/2010,WBRI,,1,02/01/2010\n"
                                     "C,F,01/01/2010,WBRI,,1,\nD,F,01/01/2010,WBRI,,1,31/12/2009\n"),
                      "Header:0 Header:3");
}

static void test_625_child_born_after_care_ended(void **state) {
  (void)state;
  assert_string_equal(RUN("625", HDR "A,F,01/01/2008,WBRI,,1,21/01/2026\nB,F,01/01/2008,WBRI,,1,20/01/2026\n"
                                     "C,F,01/01/2008,WBRI,,1,01/04/2026\nD,F,01/01/2008,WBRI,,1,01/04/2026\n"
                                     "E,F,01/01/2008,WBRI,,1,02/02/2026\n",
                          EPS EP("A", "01/01/2025", "C2", "20/01/2026", "X1") EP("A", "01/06/2025", "C2", "10/01/2026", "E11")
                              EP("B", "01/01/2025", "C2", "20/01/2026", "E11") EP("C", "01/01/2025", "C2", "", "")
                              EP("D", "01/01/2025", "C2", "01/02/2026", "E11")
                              EP("E", "01/01/2025", "C2", "01/02/2026", "X1") EP("E", "01/02/2026", "C2", "01/02/2026", "E11")),
                      /* E: two episodes end on the latest day; the first is "the latest". */
                      "Header:0 Header:3 Header:4 Episodes:0 Episodes:4 Episodes:5");
}

/* ---- Motherhood and episodes ---- */

static void test_393_looked_after_girl_mother_blank(void **state) {
  (void)state;
  assert_string_equal(RUN("393", HDR "A,F,01/01/2008,WBRI,,,\nB,F,01/01/2008,WBRI,,,\nC,F,01/01/2008,WBRI,,0,\n"
                                     "D,M,01/01/2008,WBRI,,,\nE,F,01/01/2008,WBRI,,,\nF,2,01/01/2008,WBRI,,,\n",
                          EPS EP("A", "01/01/2025", "C2", "", "") EP("B", "01/01/2025", "V3", "", "")
                              EP("C", "01/01/2025", "C2", "", "") EP("D", "01/01/2025", "C2", "", "")
                              EP("E", "01/01/2025", "", "", "") EP("F", "01/01/2025", "C2", "", "")),
                      "Header:0 Header:4");
}

static void test_442_upn_blank(void **state) {
  (void)state;
  assert_string_equal(RUN("442", HDR "A,M,01/01/2008,WBRI,,,\nB,M,01/01/2008,WBRI,,,\nC,M,01/01/2008,WBRI,UN1,,\n"
                                     "D,M,01/01/2008,WBRI,,,\n",
                          EPS EP("A", "01/01/2025", "C2", "", "") EP("A", "01/02/2025", "C2", "", "")
                              EP("B", "01/01/2025", "V4", "", "") EP("C", "01/01/2025", "C2", "", "")),
                      "Header:0");
}

/* Ceased in the year: DEC from 1 April 2025 to 31 March 2026. */
static void test_607_ceased_mother_blank(void **state) {
  (void)state;
  assert_string_equal(RUN("607", HDR "A,F,01/01/2008,WBRI,,,\nB,F,01/01/2008,WBRI,,,\nC,F,01/01/2008,WBRI,,,\n"
                                     "D,F,01/01/2008,WBRI,,,\nE,F,01/01/2008,WBRI,,0,\nF,M,01/01/2008,WBRI,,,\n",
                          EPS EP("A", "01/01/2025", "C2", "31/03/2026", "E11") EP("B", "01/01/2025", "C2", "01/04/2026", "E11")
                              EP("C", "01/01/2025", "C2", "31/03/2026", "X1") EP("D", "01/01/2025", "V3", "31/03/2026", "E11")
                              EP("E", "01/01/2025", "C2", "31/03/2026", "E11") EP("F", "01/01/2025", "C2", "31/03/2026", "E11")
                              EP("A", "01/01/2024", "C2", "31/03/2025", "E11") EP("B", "01/01/2025", "C2", "01/04/2025", "E4A")),
                      "Header:0 Header:1 Episodes:0 Episodes:7");
}

static void test_399_short_breaks_only(void **state) {
  (void)state;
  /* A: short breaks only, a mother: every row of A fails, even a blank
  ** review. B: one episode is not a short break. C: short breaks only, no
  ** MOTHER, a review: all of C's rows fail. D: short breaks, nothing
  ** recorded. */
  assert_string_equal(RUN("399", HDR "A,F,01/01/2008,WBRI,,1,01/01/2024\nB,F,01/01/2008,WBRI,,1,01/01/2024\n"
                                     "C,F,01/01/2008,WBRI,,,\nD,F,01/01/2008,WBRI,,,\n",
                          EPS EP("A", "01/01/2025", "V3", "", "") EP("A", "01/02/2025", "V4", "", "")
                              EP("B", "01/01/2025", "V3", "", "") EP("B", "01/02/2025", "C2", "", "")
                              EP("C", "01/01/2025", "V4", "", "") EP("D", "01/01/2025", "V4", "", ""),
                          REV "A,01/01/2008,,\nB,01/01/2008,01/05/2025,PN1\nC,01/01/2008,01/05/2025,PN1\n"
                              "D,01/01/2008,,\n"),
                      "Header:0 Header:2 Episodes:0 Episodes:1 Episodes:4 Reviews:0 Reviews:2");
}

/* ---- UASC ---- */

static void test_104_duc(void **state) {
  (void)state;
  assert_string_equal(RUN("104", UAS "A,M,01/01/2009,31/03/2025\nB,M,01/01/2009,01/04/2025\n"
                                     "C,M,01/01/2009,\nD,M,01/01/2009,32/01/2026\n"),
                      "UASC:0 UASC:3");
}

static void test_303_duc_needs_uasc_1(void **state) {
  (void)state;
  /* From CSV the child in uasc.csv is UASC 1 by construction. */
  assert_string_equal(RUN("303", HDR "A,M,01/01/2009,WBRI,,,\n", UAS "A,M,01/01/2009,01/01/2026\n"), "");
  /* As the XML states it: C0 says 0 with a DUC, C1 says 1, C2 says 0 without DUC. */
  Return903 r;
  const char *az[] = {"0", "1", "0"};
  xml_like(&r, az, 3, UAS "C0,M,01/01/2010,01/01/2026\nC1,M,01/01/2010,01/01/2026\nC2,M,01/01/2010,\n");
  r903_validate(&r, "303", NULL);
  assert_string_equal(failures(&r, "303", 0), "Header:0 UASC:0");
  r903_free(&r);
}

/* DUC on the 18th birthday passes, the day after fails; born 29 February,
** the birthday is 28 February. */
static void test_304_duc_after_18(void **state) {
  (void)state;
  assert_string_equal(RUN("304", UAS "A,M,15/06/2007,15/06/2025\nB,M,15/06/2007,16/06/2025\n"
                                     "C,M,29/02/2008,28/02/2026\nD,M,29/02/2008,01/03/2026\n"
                                     "E,M,,01/03/2026\n"),
                      "UASC:1 UASC:3");
}

/* ---- Reviews ---- */

static void test_166_review_date(void **state) {
  (void)state;
  assert_string_equal(RUN("166", REV "A,01/01/2010,01/05/2025,PN1\nB,01/01/2010,,PN1\nC,01/01/2010,31/04/2025,PN1\n"),
                      "Reviews:1 Reviews:2");
}

static void test_167_participation(void **state) {
  (void)state;
  assert_string_equal(RUN("167", REV "A,01/01/2010,01/05/2025,PN0\nB,01/01/2010,01/05/2025,\n"
                                     "C,01/01/2010,01/05/2025,PN8\nD,01/01/2010,,\nE,01/01/2010,,PN1\n"
                                     "F,01/01/2010,01/05/2025,pn7\n"),
                      "Reviews:1 Reviews:2 Reviews:4");
}

/* The 4th birthday counts as under 4 for PN0 and as 4 for PN1-PN7. */
static void test_440_441_age_4(void **state) {
  (void)state;
  const char *z = REV "A,15/05/2020,15/05/2024,PN0\nB,15/05/2020,16/05/2024,PN0\n"
                      "C,15/05/2020,14/05/2024,PN1\nD,15/05/2020,15/05/2024,PN7\n"
                      "E,29/02/2020,01/03/2024,PN0\nF,29/02/2020,28/02/2024,PN2\n"
                      "I,29/02/2020,29/02/2024,PN0\n"
                      "G,,14/05/2024,PN1\nH,15/05/2020,,PN0\n";
  assert_string_equal(RUN("440", z), "Reviews:1 Reviews:4");
  assert_string_equal(RUN("441", z), "Reviews:2 Reviews:5");
}

/* ---- Internal checks ---- */

static void test_epi_no_episodes_nor_oc3(void **state) {
  (void)state;
  assert_string_equal(RUN("EPI", HDR "A,M,01/01/2010,WBRI,,,\nB,M,01/01/2004,WBRI,,,\nC,M,01/01/2010,WBRI,,,\n",
                          EPS EP("A", "01/01/2025", "C2", "", ""), OC3 "B,01/01/2004,YES,F1,B1\n"),
                      "Header:2");
  /* Without episodes or OC3 files, every child is reported. */
  assert_string_equal(RUN("EPI", HDR "A,M,01/01/2010,WBRI,,,\n"), "Header:0");
}

static void test_int03_08_09_child_not_in_header(void **state) {
  (void)state;
  const char *zH = HDR "A,M,01/01/2010,WBRI,,,\n";
  assert_string_equal(RUN("INT03", zH, EPS EP("A", "01/01/2025", "C2", "", "") EP("Z", "01/01/2025", "C2", "", "")),
                      "Episodes:1");
  assert_string_equal(RUN("INT08", zH, REV "Z,01/01/2010,01/05/2025,PN1\nA,01/01/2010,01/05/2025,PN1\n"),
                      "Reviews:0");
  assert_string_equal(RUN("INT09", zH, UAS "A,M,01/01/2010,\nZ,M,01/01/2010,\n"), "UASC:1");
  assert_string_equal(RUN("INT09", HDR), "skipped");
}

/* The other tables' rows: every one of them starts CHILD,DOB. */
static void test_int01_07_other_tables_not_in_header(void **state) {
  (void)state;
  const char *zH = HDR "A,M,01/01/2010,WBRI,,,\n";
  assert_string_equal(RUN("INT01", zH, AD1 "A,01/01/2010,,,,,,\nZ,01/01/2010,,,,,,\n"), "AD1:1");
  assert_string_equal(RUN("INT02", zH, PLA "Z,01/01/2010,,,\nA,01/01/2010,,,\n"), "PlacedAdoption:0");
  assert_string_equal(RUN("INT04", zH, MIS "A,01/01/2010,M,01/05/2025,\nZ,01/01/2010,M,01/05/2025,\n"),
                      "Missing:1");
  assert_string_equal(RUN("INT05", zH, OC2 "Z,01/01/2010,,,,,,,,,,\nA,01/01/2010,,,,,,,,,,\n"), "OC2:0");
  assert_string_equal(RUN("INT06", zH, OC3 "A,01/01/2010,,,\nZ,01/01/2010,,,\n"), "OC3:1");
  assert_string_equal(RUN("INT07", zH, PPM "A,01/01/2010,Z1,,\nZ,01/01/2010,Z1,,\n"), "PrevPerm:1");
  assert_string_equal(RUN("INT07", zH, PPM "A,01/01/2010,Z1,,\n"), "");
  assert_string_equal(RUN("INT01", AD1 "A,01/01/2010,,,,,,\n"), "skipped");
}

/* A day either way is a difference; a blank or invalid DOB on either side is not. */
static void test_int11_16_dob_differs(void **state) {
  (void)state;
  const char *zH = HDR "A,M,01/01/2010,WBRI,,,\nB,F,,WBRI,,,\n";
  assert_string_equal(RUN("INT11", zH, AD1 "A,01/01/2010,,,,,,\nA,02/01/2010,,,,,,\nB,01/01/2010,,,,,,\n"),
                      "AD1:1");
  assert_string_equal(RUN("INT12", zH, PLA "A,31/12/2009,,,\nA,1/1/2010,,,\n"), "PlacedAdoption:0");
  assert_string_equal(RUN("INT13", zH, MIS "A,01/01/2010,M,,\nA,31/02/2010,M,,\nA,01/02/2010,M,,\n"),
                      "Missing:2");
  assert_string_equal(RUN("INT14", zH, OC2 "A,02/01/2010,,,,,,,,,,\nZ,02/01/2010,,,,,,,,,,\n"), "OC2:0");
  assert_string_equal(RUN("INT15", zH, OC3 "A,01/01/2010,,,\nA,01/01/2011,,,\n"), "OC3:1");
  assert_string_equal(RUN("INT16", zH, PPM "A,,Z1,,\nA,01/01/2010,Z1,,\nA,01/01/2009,Z1,,\n"), "PrevPerm:2");
}

static void test_int17_18_21_differ_from_header(void **state) {
  (void)state;
  const char *zH = HDR "A,M,01/01/2010,WBRI,,,\nB,F,,WBRI,,,\nC,M,02/01/2010,WBRI,,,\nC,F,03/01/2010,WBRI,,,\n";
  assert_string_equal(RUN("INT17", zH, REV "A,01/01/2010,01/05/2025,PN1\nA,02/01/2010,01/05/2025,PN1\n"
                                           "B,01/01/2010,01/05/2025,PN1\nA,,01/05/2025,PN1\n"
                                           "C,02/01/2010,01/05/2025,PN1\nZ,09/01/2010,01/05/2025,PN1\n"),
                      "Reviews:1 Reviews:4");
  assert_string_equal(RUN("INT18", zH, UAS "A,M,01/01/2010,\nA,M,05/01/2010,\nC,M,03/01/2010,\n"),
                      "UASC:1 UASC:2");
  assert_string_equal(RUN("INT21", zH, UAS "A,M,01/01/2010,\nA,F,01/01/2010,\nB,,01/01/2010,\nC,M,01/01/2010,\n"),
                      "UASC:1 UASC:3");
}

static void test_int31_36_duplicate_child(void **state) {
  (void)state;
  assert_string_equal(RUN("INT32", HDR "A,M,01/01/2010,WBRI,,,\nB,M,01/01/2010,WBRI,,,\nA,M,01/01/2010,WBRI,,,\n"
                                       ",M,01/01/2010,WBRI,,,\n,M,01/01/2010,WBRI,,,\n"),
                      "Header:0 Header:2");
  assert_string_equal(RUN("INT36", UAS "A,M,01/01/2010,\nB,M,01/01/2010,\nB,M,01/01/2010,\n"), "UASC:1 UASC:2");
  assert_string_equal(RUN("INT36", UAS "A,M,01/01/2010,\nB,M,01/01/2010,\n"), "");
  assert_string_equal(RUN("INT31", AD1 "A,01/01/2010,,,,,,\nB,01/01/2010,,,,,,\nA,01/01/2010,,,,,,\n"),
                      "AD1:0 AD1:2");
  assert_string_equal(RUN("INT33", OC2 "A,01/01/2010,,,,,,,,,,\nB,01/01/2010,,,,,,,,,,\n"), "");
  assert_string_equal(RUN("INT33", OC2 "A,01/01/2010,,,,,,,,,,\nA,01/01/2010,,,,,,,,,,\n"), "OC2:0 OC2:1");
  assert_string_equal(RUN("INT34", OC3 "A,01/01/2010,,,\n,01/01/2010,,,\n,01/01/2010,,,\nA,01/01/2010,,,\n"),
                      "OC3:0 OC3:3");
  assert_string_equal(RUN("INT35", PPM "B,01/01/2010,Z1,,\nB,01/01/2010,Z1,,\nC,01/01/2010,Z1,,\n"),
                      "PrevPerm:0 PrevPerm:1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_101_sex_codes),
    cmocka_unit_test(test_102_dob_valid),
    cmocka_unit_test(test_103_ethnicity),
    cmocka_unit_test(test_105_csv_never_fails),
    cmocka_unit_test(test_105_xml_uasc_0_or_1),
    cmocka_unit_test(test_168_upn_format),
    cmocka_unit_test(test_171_mc_dob_valid),
    cmocka_unit_test(test_174_male_with_child_dob),
    cmocka_unit_test(test_209_un1_school_age),
    cmocka_unit_test(test_210_un4_episode_in_last_week),
    cmocka_unit_test(test_231_young_uasc),
    cmocka_unit_test(test_232_sex_unknown),
    cmocka_unit_test(test_301_dob_after_year_end),
    cmocka_unit_test(test_351_over_25),
    cmocka_unit_test(test_444_duplicate_upn),
    cmocka_unit_test(test_611_mother_without_child_dob),
    cmocka_unit_test(test_612_child_dob_but_not_mother),
    cmocka_unit_test(test_620_mother_under_11),
    cmocka_unit_test(test_621_child_not_younger_than_mother),
    cmocka_unit_test(test_625_child_born_after_care_ended),
    cmocka_unit_test(test_393_looked_after_girl_mother_blank),
    cmocka_unit_test(test_442_upn_blank),
    cmocka_unit_test(test_607_ceased_mother_blank),
    cmocka_unit_test(test_399_short_breaks_only),
    cmocka_unit_test(test_104_duc),
    cmocka_unit_test(test_303_duc_needs_uasc_1),
    cmocka_unit_test(test_304_duc_after_18),
    cmocka_unit_test(test_166_review_date),
    cmocka_unit_test(test_167_participation),
    cmocka_unit_test(test_440_441_age_4),
    cmocka_unit_test(test_epi_no_episodes_nor_oc3),
    cmocka_unit_test(test_int03_08_09_child_not_in_header),
    cmocka_unit_test(test_int01_07_other_tables_not_in_header),
    cmocka_unit_test(test_int11_16_dob_differs),
    cmocka_unit_test(test_int17_18_21_differ_from_header),
    cmocka_unit_test(test_int31_36_duplicate_child),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
