/*
** test_ssda903_rules_adoption.c: the SSDA903 rules on the AD1 and
** PlacedAdoption tables. Each test loads a small return from CSV texts and
** asserts exactly which rows a rule reports, with dates on and either side
** of each limit. Collection year 2026 (1 April 2025 - 31 March 2026).
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <string.h>

#define AD1 "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
#define PLA "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
#define PPM "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"
#define HDR "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define OC3 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"
/* An episode row: child, DEC, REC (other fields valid filler). */
#define EP(c, dec, rec) c ",01/04/2024,S,E1,N1,A5,PR1," dec "," rec ",,TW1 3AA,TW1 3AB,\n"

/* An AD1 row: child, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR. */
#define AD(c, di, dm, fc, nb, sex, ls) c ",01/01/2015," di "," dm "," fc "," nb "," sex "," ls "\n"
/* The adopters alone, with every other item valid. */
#define ADS(nb, sex, ls) AD("A", "01/05/2025", "01/06/2025", "0", nb, sex, ls)
/* A PlacedAdoption row: child, DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED. */
#define PL(c, placed, ceased, reason) c ",01/01/2015," placed "," ceased "," reason "\n"

#define RUN(code, ...) t903_run(2026, code, (const char *const[]){__VA_ARGS__, NULL}, NULL)

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Adoption; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & (TB(T_AD1) | TB(T_PLACED) | TB(T_PREVPERM)));
    assert_true(p->zMsg[0] != 0);
  }
  assert_int_equal(n, 49);
}

/* ---- AD1 ---- */

static void test_112_113_dates_valid(void **state) {
  (void)state;
  const char *z = AD1 AD("A", "01/05/2025", "", "", "", "", "") AD("A", "", "31/02/2025", "", "", "", "")
      AD("A", "29/02/2025", "1/6/2025", "", "", "", "");
  assert_string_equal(RUN("112", z), "AD1:2");
  assert_string_equal(RUN("113", z), "AD1:1");
  assert_string_equal(RUN("112", PLA), "skipped");
}

static void test_114_175_176_177_codes(void **state) {
  (void)state;
  const char *z = AD1 ADS("1", "M1", "L0") ADS("2", "MF", "L11") ADS("", "", "") ADS("3", "M", "L1")
      ADS("01", "FM", "L5");
  assert_string_equal(RUN("175", z), "AD1:3 AD1:4");
  assert_string_equal(RUN("176", z), "AD1:3 AD1:4");
  assert_string_equal(RUN("177", z), "AD1:3 AD1:4");
  assert_string_equal(RUN("114", AD1 AD("A", "", "", "0", "", "", "") AD("A", "", "", "1", "", "", "")
                                     AD("A", "", "", "", "", "", "") AD("A", "", "", "2", "", "", "")
                                     AD("A", "", "", "01", "", "", "")),
                      "AD1:3 AD1:4");
}

static void test_151_all_or_none(void **state) {
  (void)state;
  assert_string_equal(RUN("151", AD1 AD("A", "", "", "", "", "", "") ADS("1", "M1", "L0")
                                     AD("A", "01/05/2025", "01/06/2025", "0", "1", "M1", "")
                                     AD("A", "", "", "1", "", "", "")),
                      "AD1:2 AD1:3");
}

static void test_333_date_int_after_match(void **state) {
  (void)state;
  assert_string_equal(RUN("333", AD1 AD("A", "", "01/06/2025", "", "", "", "") AD("A", "01/06/2025", "01/06/2025", "", "", "", "")
                                     AD("A", "02/06/2025", "01/06/2025", "", "", "", "") AD("A", "01/06/2025", "", "", "", "", "")
                                     AD("A", "xx", "01/06/2025", "", "", "", "")),
                      "AD1:0 AD1:2 AD1:4");
}

static void test_511_514_adopter_numbers(void **state) {
  (void)state;
  const char *z = AD1 ADS("2", "M1", "L11") ADS("2", "MF", "L11") ADS("1", "M1", "L0") ADS("2", "", "")
      ADS("2", "F1", "L0") ADS("1", "MM", "L0") ADS("", "", "L0");
  assert_string_equal(RUN("511", z), "AD1:0 AD1:4");
  assert_string_equal(RUN("514", z), "AD1:5 AD1:6");
}

static void test_517_520_524_legal_status_sexes(void **state) {
  (void)state;
  const char *z = AD1 ADS("2", "MF", "L3") ADS("2", "MM", "L3") ADS("2", "MM", "L4") ADS("2", "MF", "L4")
      ADS("2", "FF", "L2") ADS("2", "M1", "L2") ADS("2", "", "L2") ADS("2", "MF", "L11") ADS("2", "MM", "L11")
      ADS("2", "FF", "L12") ADS("2", "MF", "L12");
  assert_string_equal(RUN("517", z), "AD1:1");
  assert_string_equal(RUN("518", z), "AD1:3");
  assert_string_equal(RUN("519", z), "AD1:5 AD1:6");
  assert_string_equal(RUN("520", z), "AD1:8");
  assert_string_equal(RUN("524", z), "AD1:10");
}

/* ---- PlacedAdoption ---- */

static void test_115_116_120_dates_and_reason(void **state) {
  (void)state;
  const char *z = PLA PL("A", "01/05/2025", "", "") PL("A", "32/05/2025", "01/06/2025", "RD1")
      PL("A", "", "2025-06-01", "RD5") PL("A", "", "", "rd4");
  assert_string_equal(RUN("115", z), "PlacedAdoption:1");
  assert_string_equal(RUN("116", z), "PlacedAdoption:2");
  assert_string_equal(RUN("120", z), "PlacedAdoption:2");
}

static void test_119_reversal_date_and_reason(void **state) {
  (void)state;
  assert_string_equal(RUN("119", PLA PL("A", "01/05/2025", "01/06/2025", "") PL("A", "01/05/2025", "", "RD1")
                                     PL("A", "01/05/2025", "01/06/2025", "RD1") PL("A", "01/05/2025", "", "")),
                      "PlacedAdoption:0 PlacedAdoption:1");
}

static void test_522_563_reversal_dates(void **state) {
  (void)state;
  const char *z = PLA PL("A", "02/05/2025", "01/05/2025", "RD1") PL("A", "02/05/2025", "02/05/2025", "RD1")
      PL("A", "", "02/05/2025", "RD1") PL("A", "", "", "RD1") PL("A", "", "02/05/2025", "");
  assert_string_equal(RUN("522", z), "PlacedAdoption:0");
  assert_string_equal(RUN("563", z), "PlacedAdoption:2");
}

/* A's second decision is made the day the first was reversed; B's a day
** before; C's first was never reversed; the file lists them out of order. */
static void test_579_decision_while_one_open(void **state) {
  (void)state;
  assert_string_equal(RUN("579", PLA PL("A", "10/05/2025", "", "") PL("A", "01/05/2025", "10/05/2025", "RD1")
                                     PL("B", "01/05/2025", "10/05/2025", "RD1") PL("B", "09/05/2025", "", "")
                                     PL("C", "01/06/2025", "", "") PL("C", "01/05/2025", "", "")),
                      "PlacedAdoption:3 PlacedAdoption:4");
}

/* A's latest decision is in 2024 (the peer, sorting text, would take the
** 2020 one); C's blank date is never the latest. */
static void test_583_earlier_decision_not_revoked(void **state) {
  (void)state;
  assert_string_equal(RUN("583", PLA PL("A", "01/12/2024", "", "") PL("A", "31/01/2020", "", "")
                                     PL("B", "01/05/2025", "01/05/2025", "RD1") PL("B", "01/06/2025", "", "")
                                     PL("C", "", "", "") PL("C", "01/05/2025", "", "") PL("D", "01/05/2025", "", "")
                                     PL("E", "01/05/2025", "", "") PL("E", "01/05/2025", "", "")),
                      "PlacedAdoption:1 PlacedAdoption:4 PlacedAdoption:8");
}

/* ---- PrevPerm ---- */

static void test_631_633_codes(void **state) {
  (void)state;
  const char *z = PPM "A,01/01/2015,P1,800,01/01/2020\nA,01/01/2015,P5,123,\nA,01/01/2015,,,\n"
                      "A,01/01/2015,Z1,999,\nA,01/01/2015,P4,wal,\nA,01/01/2015,P2,8000,\n";
  assert_string_equal(RUN("631", z), "PrevPerm:1");
  assert_string_equal(RUN("633", z), "PrevPerm:1 PrevPerm:5");
}

static void test_635_order_details_without_option(void **state) {
  (void)state;
  assert_string_equal(RUN("635", PPM "A,01/01/2015,Z1,800,\nA,01/01/2015,P1,800,01/01/2020\nA,01/01/2015,,,ZZ/ZZ/2020\n"
                                     "A,01/01/2015,Z1,,\nA,01/01/2015,,,\n"),
                      "PrevPerm:0 PrevPerm:2");
}

/* ---- Against the other tables ---- */

static void test_184_decision_before_birth(void **state) {
  (void)state;
  assert_string_equal(RUN("184", HDR "A,M,01/01/2015,WBRI,,,\nB,M,,WBRI,,,\n",
                          PLA PL("A", "31/12/2014", "", "") PL("A", "01/01/2015", "", "") PL("Z", "01/01/2000", "", "")
                              PL("A", "", "", "") PL("B", "01/01/2000", "", "")),
                      "PlacedAdoption:0");
}

static void test_523_525_decisions_against_ad1(void **state) {
  (void)state;
  const char *zPa = PLA PL("A", "01/05/2025", "", "") PL("B", "01/05/2025", "", "") PL("C", "", "", "")
      PL("D", "01/05/2025", "01/06/2025", "RD1") PL("E", "01/05/2025", "01/06/2025", "RD1");
  const char *zAd = AD1 AD("A", "02/05/2025", "", "", "", "", "") AD("B", "01/05/2025", "", "", "", "", "")
      AD("C", "01/05/2025", "", "", "", "", "") AD("D", "01/05/2025", "", "", "", "", "") AD("E", "", "", "", "", "", "");
  assert_string_equal(RUN("523", zPa, zAd), "AD1:0 PlacedAdoption:0");
  assert_string_equal(RUN("525", zPa, zAd), "AD1:3 PlacedAdoption:3");
}

static void test_134_adoption_and_care_leaver(void **state) {
  (void)state;
  assert_string_equal(RUN("134", AD1 ADS("1", "M1", "L0") AD("B", "", "", "0", "", "", "") AD("C", "", "", "", "", "", ""),
                          OC3 "A,01/01/2007,YES,F1,B1\nB,01/01/2007,,,\nC,01/01/2007,YES,F1,B1\n"),
                      "AD1:0");
}

/* The year's last day is in it, the next day is not. */
static void test_601_602_adopted_in_year(void **state) {
  (void)state;
  const char *zEps = EPS EP("A", "31/03/2026", "E11") EP("B", "01/04/2026", "E11") EP("C", "31/03/2025", "E12")
      EP("D", "01/05/2025", "E4A") EP("F", "01/04/2025", "E12") EP("G", "", "E12");
  const char *zFull = "01/05/2024,01/06/2024,0,1,M1,L0\n";
  char zAd[1024];
  snprintf(zAd, sizeof zAd, AD1 "A,01/01/2015,%sB,01/01/2015,%sC,01/01/2015,%sD,01/01/2015,%s"
                                "E,01/01/2015,,,,,,\nF,01/01/2015,01/05/2024,,0,1,M1,L0\nG,01/01/2015,%s",
           zFull, zFull, zFull, zFull, zFull);
  assert_string_equal(RUN("602", zEps, zAd), "AD1:1 AD1:2 AD1:3 AD1:6");
  assert_string_equal(RUN("601", zEps, zAd), "Episodes:4 AD1:5");
}

static void test_582_adopted_on_match_day(void **state) {
  (void)state;
  assert_string_equal(RUN("582", EPS EP("A", "31/03/2026", "E11") EP("B", "01/05/2025", "E11") EP("C", "01/05/2025", "E4A")
                                     EP("D", "01/05/2025", "E12") EP("E", "", "E12"),
                          AD1 AD("A", "", "31/03/2026", "", "", "", "") AD("B", "", "1/5/2025", "", "", "", "")
                              AD("C", "", "01/05/2025", "", "", "", "") AD("D", "", "30/04/2025", "", "", "", "")
                              AD("E", "", "", "", "", "", "")),
                      "Episodes:0 Episodes:1");
}

/* ---- Against the episodes ---- */

/* An episode with every field that matters: start, RNE, LS, placement,
** end, REC. */
#define EF(c, decom, rne, ls, place, dec, rec) c "," decom "," rne "," ls ",N1," place ",PR1," dec "," rec ",,,,\n"

/* 117: after 31 March, or after the latest episode (not ended X1) ended,
** the boundary day itself allowed. */
static void test_117_decision_after_care_or_year(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/04/2024", "S", "C2", "U1", "30/06/2025", "E13")
      EF("B", "01/04/2024", "S", "C2", "U1", "", "")
      EF("C", "01/01/2024", "S", "C2", "U1", "01/05/2025", "X1") EF("C", "01/05/2025", "P", "E1", "U1", "", "");
  const char *zPl = PLA PL("A", "30/06/2025", "", "") PL("A", "01/07/2025", "", "") PL("A", "01/01/2025", "01/07/2025", "RD1")
      PL("B", "31/03/2026", "", "") PL("B", "01/04/2026", "", "") PL("C", "01/06/2025", "", "");
  assert_string_equal(RUN("117", zEp, zPl), "Episodes:0 Episodes:1 PlacedAdoption:1 PlacedAdoption:2 PlacedAdoption:4");
}

/* 118: no longer to be placed, dated before 1 April or before the first
** episode that is not a short break. */
static void test_118_ceased_before_care_or_year(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/01/2024", "S", "V3", "U1", "02/01/2024", "E13") EF("A", "01/05/2025", "S", "C2", "U1", "", "")
      EF("B", "01/01/2024", "S", "C2", "U1", "", "");
  const char *zPl = PLA PL("A", "01/01/2025", "30/04/2025", "RD1") PL("A", "01/01/2025", "01/05/2025", "RD1")
      PL("B", "01/01/2025", "31/03/2025", "RD1") PL("B", "01/01/2025", "01/04/2025", "RD1") PL("B", "01/01/2025", "", "");
  assert_string_equal(RUN("118", zEp, zPl), "Episodes:1 Episodes:2 PlacedAdoption:0 PlacedAdoption:2");
}

/* 331: matched after the adoption episode began; 521: placed for adoption
** before adoption was decided in the child's interests; 335: the former
** foster carers against the placement the child was adopted from. */
static void test_331_335_521_episodes_and_ad1(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/06/2025", "P", "E1", "A3", "01/09/2025", "E11")
      EF("B", "01/06/2025", "P", "E1", "A4", "01/09/2025", "E12") EF("C", "01/06/2025", "P", "E1", "A1", "", "");
  const char *zAd = AD1 AD("A", "01/06/2025", "01/06/2025", "0", "1", "M1", "L0")
      AD("B", "02/06/2025", "02/06/2025", "0", "1", "M1", "L0") AD("C", "02/06/2025", "02/06/2025", "1", "1", "M1", "L0");
  assert_string_equal(RUN("331", zEp, zAd), "Episodes:1 AD1:1");
  assert_string_equal(RUN("521", zEp, zAd), "Episodes:1 AD1:1");
  assert_string_equal(RUN("335", zEp, zAd), "Episodes:0 AD1:0");
}

/* 334: decided in the child's interests before the latest period of care
** (RNE S) began; 1003: decided to place before the first one began. */
static void test_334_1003_decision_before_care(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/01/2020", "S", "C2", "U1", "01/01/2021", "E13") EF("A", "01/05/2025", "S", "C2", "U1", "", "")
      EF("A", "01/06/2025", "P", "C2", "U1", "", "");
  const char *zAd = AD1 AD("A", "30/04/2025", "", "", "", "", "") AD("A", "01/05/2025", "", "", "", "", "");
  assert_string_equal(RUN("334", zEp, zAd), "Episodes:1 AD1:0");
  const char *zPl = PLA PL("A", "31/12/2019", "", "") PL("A", "01/01/2020", "", "");
  assert_string_equal(RUN("1003", zEp, zPl), "Episodes:0 PlacedAdoption:0");
}

/* 551: placed for adoption with no dated decision; 552: placed before the
** latest decision (the same day is fine). */
static void test_551_552_placed_without_decision(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/06/2025", "P", "E1", "A5", "", "") EF("B", "01/06/2025", "P", "E1", "A6", "", "")
      EF("C", "01/06/2025", "P", "E1", "A3", "", "") EF("C", "01/07/2025", "P", "E1", "A4", "", "")
      EF("D", "01/06/2025", "P", "E1", "A3", "", "");
  const char *zPl = PLA PL("B", "", "", "") PL("C", "01/06/2025", "", "") PL("A", "01/06/2025", "", "")
      PL("A", "02/06/2025", "", "");
  assert_string_equal(RUN("551", zEp, zPl), "Episodes:1 Episodes:4");
  assert_string_equal(RUN("552", zEp, zPl), "Episodes:0 PlacedAdoption:3");
}

/* 553: a placement order with no decision, or a reversed decision while
** the order is open; 554: a decision after the first order began. */
static void test_553_554_placement_orders(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/06/2025", "P", "E1", "U1", "", "") EF("B", "01/06/2025", "P", "E1", "U1", "", "")
      EF("C", "01/06/2025", "P", "E1", "U1", "01/07/2025", "E13") EF("C", "01/01/2026", "P", "E1", "U1", "", "");
  const char *zPl = PLA PL("B", "01/06/2025", "", "") PL("B", "01/01/2025", "01/03/2025", "RD1")
      PL("C", "02/06/2025", "", "");
  assert_string_equal(RUN("553", zEp, zPl), "Episodes:0 PlacedAdoption:1");
  assert_string_equal(RUN("554", zEp, zPl), "Episodes:2 PlacedAdoption:2");
}

/* 557: left care other than by adoption from a placement for adoption or
** an order, with no reversed decision; 558: adopted with every decision
** reversed. */
static void test_557_558_outcome_against_decisions(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/06/2025", "P", "E1", "U1", "01/07/2025", "E13")
      EF("B", "01/06/2025", "P", "C2", "A5", "01/07/2025", "E4A") EF("C", "01/06/2025", "P", "E1", "U1", "01/07/2025", "X1")
      EF("D", "01/06/2025", "P", "E1", "U1", "01/07/2025", "E11") EF("E", "01/06/2025", "P", "E1", "U1", "01/07/2025", "E12");
  const char *zPl = PLA PL("B", "01/01/2025", "01/07/2025", "RD1") PL("B", "01/01/2025", "01/07/2025", "")
      PL("D", "01/01/2025", "01/03/2025", "RD1") PL("E", "01/01/2025", "01/03/2025", "RD1") PL("E", "01/04/2025", "", "");
  assert_string_equal(RUN("557", zEp, zPl), "Episodes:0 Episodes:1 PlacedAdoption:1");
  assert_string_equal(RUN("558", zEp, zPl), "Episodes:3");
}

/* 630: a period of care starting on or after 1 April needs its previous
** permanence; 632: the order before the first episode; 634: none for a
** child whose latest episode began before 1 April. */
static void test_630_632_634_previous_permanence(void **state) {
  (void)state;
  const char *zEp = EPS EF("A", "01/04/2025", "S", "C2", "U1", "", "") EF("B", "31/03/2025", "S", "C2", "U1", "", "")
      EF("C", "01/04/2025", "S", "C2", "U1", "", "") EF("D", "01/04/2025", "S", "C2", "U1", "", "")
      EF("E", "01/05/2025", "S", "C2", "U1", "", "");
  const char *zPp = PPM "C,01/01/2015,Z1,,\nD,01/01/2015,P1,,01/01/2020\nE,01/01/2015,P1,999,01/05/2025\n"
      "E,01/01/2015,P2,999,30/04/2025\nE,01/01/2015,P2,999,ZZ/04/2025\nE,01/01/2015,P2,999,ZZ/05/2025\n"
      "E,01/01/2015,P2,999,31/02/2025\nB,01/01/2015,P1,,\n";
  assert_string_equal(RUN("630", zEp, zPp), "Episodes:0 Episodes:3");
  assert_string_equal(RUN("632", zEp, zPp), "Episodes:4 PrevPerm:2 PrevPerm:5 PrevPerm:6");
  assert_string_equal(RUN("634", zEp, zPp), "Episodes:1 PrevPerm:7");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_112_113_dates_valid),
    cmocka_unit_test(test_114_175_176_177_codes),
    cmocka_unit_test(test_151_all_or_none),
    cmocka_unit_test(test_333_date_int_after_match),
    cmocka_unit_test(test_511_514_adopter_numbers),
    cmocka_unit_test(test_517_520_524_legal_status_sexes),
    cmocka_unit_test(test_115_116_120_dates_and_reason),
    cmocka_unit_test(test_119_reversal_date_and_reason),
    cmocka_unit_test(test_522_563_reversal_dates),
    cmocka_unit_test(test_579_decision_while_one_open),
    cmocka_unit_test(test_583_earlier_decision_not_revoked),
    cmocka_unit_test(test_631_633_codes),
    cmocka_unit_test(test_635_order_details_without_option),
    cmocka_unit_test(test_184_decision_before_birth),
    cmocka_unit_test(test_523_525_decisions_against_ad1),
    cmocka_unit_test(test_134_adoption_and_care_leaver),
    cmocka_unit_test(test_601_602_adopted_in_year),
    cmocka_unit_test(test_582_adopted_on_match_day),
    cmocka_unit_test(test_117_decision_after_care_or_year),
    cmocka_unit_test(test_118_ceased_before_care_or_year),
    cmocka_unit_test(test_331_335_521_episodes_and_ad1),
    cmocka_unit_test(test_334_1003_decision_before_care),
    cmocka_unit_test(test_551_552_placed_without_decision),
    cmocka_unit_test(test_553_554_placement_orders),
    cmocka_unit_test(test_557_558_outcome_against_decisions),
    cmocka_unit_test(test_630_632_634_previous_permanence),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
