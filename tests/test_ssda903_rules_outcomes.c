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

#define RUN(code, ...) t903_run(2026, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Outcomes; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & (TB(T_OC2) | TB(T_OC3)));
  }
  assert_int_equal(n, 42);
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

/* ---- OC2 against the episodes ---- */

#define EPIS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define AD1H "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
/* An episode: start, reason for it, legal status, end and reason. */
#define EP(c, decom, rne, ls, dec, rec) c "," decom "," rne "," ls ",N1,U1,PR1," dec "," rec ",,,,\n"
/* In care since 2024, still: looked after all year. */
#define IN(c) EP(c, "01/01/2024", "S", "C2", "", "")
/* An OC2 row with its date of birth. */
#define L2D(c, dob, score, reason, items) c "," dob "," score "," reason "," items "\n"
#define ITEMS "0,,0,0,0,0,,"

/* The year's edges: in care from 1 April is a full year, from 2 April a
** day short; leaving on 30 March breaks the year, on 31 March (as the
** peer has it) does not; a short break (V3) breaks it; no episodes at all
** is not in care. 190 reports OC2 items for each child that was not. */
static void test_continuously_looked_after(void **state) {
  (void)state;
  const char *zEp = EPIS EP("C", "01/04/2025", "S", "C2", "", "") EP("S", "02/04/2025", "S", "C2", "", "")
      EP("L", "01/01/2024", "S", "C2", "30/03/2026", "E11") EP("M", "01/01/2024", "S", "C2", "31/03/2026", "E11")
      EP("V", "01/01/2024", "S", "V3", "", "") EP("X", "01/01/2024", "S", "C2", "30/03/2026", "X1")
      EP("X", "30/03/2026", "P", "C2", "", "") EP("O", "01/01/2020", "S", "C2", "31/03/2025", "E11");
  const char *zOc2 = OC2 L2("C", "", "", ITEMS) L2("S", "", "", ITEMS) L2("L", "", "", ITEMS) L2("M", "", "", ITEMS)
      L2("V", "", "", ITEMS) L2("X", "", "", ITEMS) L2("N", "", "", ITEMS) L2("O", "", "", ITEMS)
      L2("S", "", "", ",,,,,,,");
  assert_string_equal(RUN("190", zEp, zOc2), "OC2:1 OC2:2 OC2:4 OC2:6 OC2:7");
  assert_string_equal(RUN("190", zOc2), "skipped");
}

static void test_185_198_sdq_without_the_year(void **state) {
  (void)state;
  const char *zEp = EPIS IN("C") EP("S", "02/04/2025", "S", "C2", "", "");
  const char *zOc2 = OC2 L2("C", "12", "", ",,,,,,,") L2("S", "12", "", ",,,,,,,") L2("C", "", "SDQ2", ",,,,,,,")
      L2("S", "", "SDQ2", ",,,,,,,") L2("S", "", "", ",,,,,,,");
  assert_string_equal(RUN("185", zEp, zOc2), "OC2:1");
  assert_string_equal(RUN("198", zEp, zOc2), "OC2:3");
}

/* Every child here was looked after all year but D, born on a limit and
** in care only from 2 April. */
static void test_157_186_197B_sdq_ages(void **state) {
  (void)state;
  const char *zEp = EPIS IN("A") IN("B") IN("C") IN("E") IN("F") IN("G") IN("H") EP("D", "02/04/2025", "S", "C2", "", "");
  /* 157: 4 by 1 April (born 01/04/2021) and not past 16 on 31 March (born
  ** 31/03/2010); a day either side is out of the range. */
  const char *z157 = OC2 L2D("A", "01/04/2021", "", "SDQ1", "") L2D("B", "02/04/2021", "", "SDQ1", "")
      L2D("C", "31/03/2010", "", "SDQ1", "") L2D("E", "30/03/2010", "", "SDQ1", "")
      L2D("F", "01/01/2015", "", "SDQ2", "") L2D("G", "01/01/2015", "5", "SDQ1", "") L2D("D", "01/01/2015", "", "SDQ1", "");
  assert_string_equal(RUN("157", zEp, z157), "OC2:0 OC2:2");
  /* 186: 4 by 1 April and under 17 on 31 March (born after 31/03/2009). */
  const char *z186 = OC2 L2D("A", "01/04/2021", "", "", "") L2D("B", "02/04/2021", "", "", "")
      L2D("C", "01/04/2009", "", "", "") L2D("E", "31/03/2009", "", "", "") L2D("F", "01/01/2015", "", "SDQ4", "")
      L2D("G", "01/01/2015", "7", "", "") L2D("D", "01/01/2015", "", "", "");
  assert_string_equal(RUN("186", zEp, z186), "OC2:0 OC2:2");
  /* 197B: the 4th or 17th birthday in the year, 1 April and 31 March
  ** included. */
  const char *z197 = OC2 L2D("A", "01/04/2021", "", "", "") L2D("B", "31/03/2022", "", "", "")
      L2D("C", "01/04/2022", "", "", "") L2D("E", "31/03/2021", "", "", "") L2D("F", "01/04/2008", "", "", "")
      L2D("G", "31/03/2009", "", "", "") L2D("H", "01/04/2009", "", "", "") L2D("H", "31/03/2009", "", "SDQ1", "")
      L2D("D", "31/03/2009", "", "", "");
  assert_string_equal(RUN("197B", zEp, z197), "OC2:0 OC2:1 OC2:4 OC2:5");
}

/* 543: conviction information for those over 10 on 31 March; 545 and 546:
** the health check for those under 5 then. */
static void test_543_545_546_ages_on_31_march(void **state) {
  (void)state;
  const char *zEp = EPIS IN("A") IN("B") IN("C") IN("E") EP("D", "02/04/2025", "S", "C2", "", "");
  const char *z543 = OC2 L2D("A", "30/03/2016", "", "", "") L2D("B", "31/03/2016", "", "", "")
      L2D("C", "01/01/2010", "", "", "0,,,,,,,") L2D("D", "01/01/2010", "", "", ",,,,,,,");
  assert_string_equal(RUN("543", zEp, z543), "OC2:0");
  const char *z545 = OC2 L2D("A", "01/04/2021", "", "", ",,,,,,,") L2D("B", "31/03/2021", "", "", ",,,,,,,")
      L2D("C", "01/04/2021", "", "", ",1,,,,,,") L2D("D", "01/04/2021", "", "", ",,,,,,,")
      L2D("E", "31/03/2021", "", "", ",1,,,,,,") L2D("A", "02/04/2021", "", "", ",0,,,,,,")
      L2D("D", "31/03/2021", "", "", ",1,,,,,,");
  assert_string_equal(RUN("545", zEp, z545), "OC2:0");
  assert_string_equal(RUN("546", zEp, z545), "OC2:4");
}

/* 191: the four items for a child looked after all year; a child with no
** OC2 row is reported at its earliest episode (here its second row). */
static void test_191_items_for_the_year(void **state) {
  (void)state;
  const char *zEp = EPIS IN("A") EP("B", "01/06/2024", "T", "C2", "", "") EP("B", "01/01/2024", "S", "C2", "01/06/2024", "X1")
      EP("D", "02/04/2025", "S", "C2", "", "") IN("E");
  const char *zOc2 = OC2 L2("A", "", "", ",,0,0,0,0,,") L2("A", "", "", ",,0,,0,0,,") L2("D", "", "", ",,,,,,,")
      L2("E", "", "", ",,0,0,0,,,");
  assert_string_equal(RUN("191", zEp, zOc2), "Episodes:2 OC2:1 OC2:3");
}

/* 187: a child looked after all year has neither adoption nor care leaver
** items. */
static void test_187_no_adoption_or_leaving(void **state) {
  (void)state;
  const char *zEp = EPIS IN("A") EP("D", "02/04/2025", "S", "C2", "", "");
  const char *zOc3 = OC3 L3("A", "YES", "F1", "B1") L3("A", "", "", "") L3("D", "YES", "F1", "B1");
  const char *zAd1 = AD1H "A,01/01/2015,,,,,,\nA,01/01/2015,,,1,,,\nD,01/01/2015,01/01/2025,,,,,\n";
  assert_string_equal(RUN("187", zEp, zOc3, zAd1), "OC3:0 AD1:1");
  assert_string_equal(RUN("187", zEp, zOc3), "skipped");
}

/* ---- Care leavers against the episodes ---- */

#define HDRH "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define L3D(c, dob, touch, activ, accom) c "," dob "," touch "," activ "," accom "\n"

/* 1000: died in care (E2); 1011: the latest episode transferred to another
** authority (E3). */
static void test_1000_1011_died_or_transferred(void **state) {
  (void)state;
  const char *zEp = EPIS EP("A", "01/01/2024", "S", "C2", "01/06/2025", "E2") EP("B", "01/01/2024", "S", "C2", "01/06/2025", "E3")
      EP("C", "01/01/2024", "S", "C2", "01/06/2025", "E3") EP("C", "01/06/2025", "S", "C2", "01/07/2025", "E13");
  const char *zOc3 = OC3 L3("A", "YES", "F1", "B1") L3("A", "", "", "") L3("B", "NO", "0", "0") L3("C", "YES", "F1", "B1");
  assert_string_equal(RUN("1000", zEp, zOc3), "OC3:0");
  assert_string_equal(RUN("1011", zEp, zOc3), "OC3:2");
}

/* 1007: in care on the latest birthday when 17 or 18 on 31 March (born
** 31/03/2009 is 17 that day; born 01/04/2009 is still 16). 1016: left care
** on or after that birthday, or still in care. */
static void test_1007_1016_still_looked_after(void **state) {
  (void)state;
  const char *zEp = EPIS EP("A", "01/01/2024", "S", "C2", "01/06/2025", "E13") EP("B", "01/01/2024", "S", "C2", "01/06/2025", "E13")
      EP("C", "01/01/2024", "S", "C2", "30/05/2025", "E13") EP("D", "01/01/2024", "S", "C2", "", "")
      EP("E", "01/01/2024", "S", "C2", "", "");
  const char *zOc3 = OC3 L3D("A", "31/05/2008", "YES", "F1", "B1") L3D("B", "01/06/2008", "YES", "F1", "B1")
      L3D("C", "31/05/2008", "YES", "F1", "B1") L3D("D", "31/03/2009", "YES", "F1", "B1")
      L3D("E", "01/04/2009", "YES", "F1", "B1") L3D("A", "31/05/2008", "", "", "");
  assert_string_equal(RUN("1007", zEp, zOc3), "OC3:0");
  assert_string_equal(RUN("1016", zEp, zOc3), "OC3:0 OC3:1 OC3:3");
}

/* 1014: UASC rows for a care leaver with no episode in the year (one that
** ended on 1 April is in it). */
static void test_1014_uasc_for_care_leaver(void **state) {
  (void)state;
  const char *zEp = EPIS EP("A", "01/01/2024", "S", "C2", "31/03/2025", "E13") EP("B", "01/01/2024", "S", "C2", "01/04/2025", "E13");
  const char *zUasc = "CHILD,SEX,DOB,DUC\nA,M,01/01/2007,01/01/2025\nB,M,01/01/2007,01/01/2025\n";
  const char *zOc3 = OC3 L3("A", "YES", "F1", "B1") L3("B", "YES", "F1", "B1") L3("C", "YES", "F1", "B1");
  assert_string_equal(RUN("1014", zEp, zUasc, zOc3), "UASC:0 OC3:0");
}

/* 165: the mother item against sex and care; 628: given for a care leaver
** with no episodes. */
static void test_165_628_mother(void **state) {
  (void)state;
  const char *zEp = EPIS IN("A") IN("B") IN("C") IN("D") EP("E", "01/01/2020", "S", "C2", "31/03/2025", "E13")
      EP("F", "01/01/2020", "S", "C2", "31/03/2025", "E13") EP("G", "01/01/2024", "S", "V3", "", "");
  const char *zHdr = HDRH "A,2,01/01/2010,WBRI,,2,\nB,1,01/01/2010,WBRI,,0,\nC,2,01/01/2010,WBRI,,,\nD,2,01/01/2010,WBRI,,1,\n"
      "E,2,01/01/2007,WBRI,,1,\nF,2,01/01/2007,WBRI,,1,\nG,2,01/01/2010,WBRI,,,\nH,2,01/01/2007,WBRI,,0,\n";
  const char *zOc3 = OC3 L3("E", "YES", "F1", "B1") L3("A", "", "", "") L3("H", "YES", "F1", "B1");
  assert_string_equal(RUN("165", zHdr, zEp, zOc3), "Header:0 Header:1 Header:2 Header:4 OC3:0 OC3:1");
  assert_string_equal(RUN("628", zHdr, zEp, zOc3), "Header:7");
}

/* 3001: with former foster carers around the 17th birthday (in the year,
** 1 April and 31 March included); 347: a foyer while under 18 on 1 April. */
static void test_3001_347_accommodation(void **state) {
  (void)state;
  const char *zHdr = HDRH "A,1,01/04/2008,WBRI,,,\nB,1,31/03/2009,WBRI,,,\nC,1,31/03/2008,WBRI,,,\nD,1,01/04/2009,WBRI,,,\n";
  const char *zOc3 = OC3 L3("A", "YES", "F1", "Z1") L3("B", "YES", "F1", "Z2") L3("C", "YES", "F1", "Z1")
      L3("D", "YES", "F1", "Z1") L3("A", "YES", "F1", "B1");
  assert_string_equal(RUN("3001", zHdr, zOc3), "OC3:0 OC3:1");
  const char *z347 = OC3 L3D("A", "02/04/2007", "YES", "F1", "T1") L3D("B", "01/04/2007", "YES", "F1", "T2")
      L3D("C", "02/04/2007", "YES", "F1", "B1");
  assert_string_equal(RUN("347", z347), "OC3:0");
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
    cmocka_unit_test(test_continuously_looked_after),
    cmocka_unit_test(test_185_198_sdq_without_the_year),
    cmocka_unit_test(test_157_186_197B_sdq_ages),
    cmocka_unit_test(test_543_545_546_ages_on_31_march),
    cmocka_unit_test(test_191_items_for_the_year),
    cmocka_unit_test(test_187_no_adoption_or_leaving),
    cmocka_unit_test(test_1000_1011_died_or_transferred),
    cmocka_unit_test(test_1007_1016_still_looked_after),
    cmocka_unit_test(test_1014_uasc_for_care_leaver),
    cmocka_unit_test(test_165_628_mother),
    cmocka_unit_test(test_3001_347_accommodation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
