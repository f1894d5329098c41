/*
** test_ssda903_rules_episode.c: the episode rules of the SSDA903 validator.
**
** Each test loads a small return from CSV text and asserts exactly which
** rows a rule fails, written "E3" (Episodes row 3) or "H0" (Header row 0),
** with the date edges each rule has: the limit day and the day after, the
** birthday and the day before, 29 February birthdays.
*/
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "ssda903.h"
#include "util.h"

#define HEAD "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPIS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE," \
             "HOME_POST,PL_POST,URN\n"

static Return903 R;
static char azGot[512];

/* A return for collection year `year` (2026: 1 April 2025 - 31 March 2026)
** from the Header and Episodes texts (either may be NULL: not given). */
static Return903 *load(int year, const char *zHeader, const char *zEpisodes) {
  Buf err = {0};
  r903_init(&R, year);
  if (zHeader) assert_int_equal(r903_add_text(&R, "header.csv", zHeader, strlen(zHeader), &err), 0);
  if (zEpisodes)
    assert_int_equal(r903_add_text(&R, "episodes.csv", zEpisodes, strlen(zEpisodes), &err), 0);
  buf_free(&err);
  r903_finish(&R);
  return &R;
}

/* Run one rule and list its failures, "E0 E2 H1", "" for none. */
static const char *fails(Return903 *r, const char *zCode) {
  int n;
  const Rule903 *const *ap = r903_rules(r->year, &n);
  r->nErr = 0;
  assert_int_equal(r903_check_one(r, zCode), 1);
  azGot[0] = 0;
  size_t m = 0;
  for (int i = 0; i < r->nErr; i++) {
    assert_string_equal(ap[r->aErr[i].rule]->zCode, zCode);
    m += (size_t)snprintf(azGot + m, sizeof(azGot) - m, "%s%c%d", m ? " " : "",
                          r->aErr[i].table == T_HEADER ? 'H' : r->aErr[i].table == T_EPISODES ? 'E' : '?',
                          r->aErr[i].row);
  }
  return azGot;
}

static int teardown(void **state) {
  (void)state;
  r903_free(&R);
  memset(&R, 0, sizeof(R));   /* a test that failed before loading frees nothing twice */
  return 0;
}

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Episode; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables != 0);
  }
  assert_int_equal(n, 38);
  load(2026, NULL, EPIS "1,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n");
}

static void test_rule_needing_header_is_skipped_without_it(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS "1,01/04/2025,S,J1,N1,R5,PR1,,,,,,\n");
  assert_int_equal(r903_check_one(r, "358"), 0);
  assert_int_equal(r->nErr, 0);
}

static void test_141_147_dates_must_be_dates(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n"          /* 0 fine, open */
    "2,31/02/2025,S,C2,N1,U1,PR1,29/02/2025,E11,,,,\n" /* 1 no 31 Feb, no 29 Feb 2025 */
    "3,2025-04-01,S,C2,N1,U1,PR1,29/02/2024,E11,,,,\n" /* 2 ISO start; 29 Feb 2024 fine */
    "4,,S,C2,N1,U1,PR1,1/5/2025,E11,,,,\n");        /* 3 blank start is 141's no-one */
  assert_string_equal(fails(r, "141"), "E1 E2");
  assert_string_equal(fails(r, "147"), "E1");
}

static void test_code_lists(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,s,v2,n8,z14,pr5,01/05/2025,e4b,custod,,,\n" /* 0 lower case is upper-cased */
    "2,01/04/2025,X,V1,N9,Z1,PR6,01/05/2025,E4,MOVED,,,\n"     /* 1 every code wrong */
    "3,01/04/2025,,,,H5,,,,,,,\n"                              /* 2 blanks are not invalid */
    "4,01/04/2025,B,L3,N1,P2,PR0,01/05/2025,X1,OTHER,,,\n"     /* 3 P2 dropped in 2025/26 */
    "5,01/04/2025,U,J3,N2,K3,PR4,01/05/2025,E17,CARPL,,,\n");  /* 4 K3 valid */
  assert_string_equal(fails(r, "143"), "E1");
  assert_string_equal(fails(r, "144"), "E1");
  assert_string_equal(fails(r, "145"), "E1");
  assert_string_equal(fails(r, "146"), "E1 E2 E3");
  assert_string_equal(fails(r, "149"), "E1");
  assert_string_equal(fails(r, "1009"), "E1");
}

static void test_148_dec_and_rec_together(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,E11,,,,\n"
    "1,01/06/2025,S,C2,N1,U1,PR1,01/07/2025,,,,,\n"
    "2,01/04/2025,S,C2,N1,U1,PR1,,E11,,,,\n"
    "3,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n"
    "4,01/04/2025,S,C2,N1,U1,PR1,not a date,E11,,,,\n");
  assert_string_equal(fails(r, "148"), "E1 E2");
}

static void test_178_213_526_providers(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,U1,PR6,,,,,,\n"   /* 0 not a provider */
    "1,01/04/2025,S,C2,N1,T0,PR1,,,,,,\n"   /* 1 temporary: none wanted */
    "1,01/04/2025,S,C2,N1,T4,PR1,,,,,,\n"   /* 2 178 lets T4 have one; 213 does not */
    "1,01/04/2025,S,C2,N1,Z11,PR2,,,,,,\n"  /* 3 */
    "1,01/04/2025,S,C2,N1,U1,,,,,,,\n"      /* 4 missing */
    "1,01/04/2025,S,C2,N1,T3,,,,,,,\n"      /* 5 fine */
    "1,01/04/2025,S,C2,N1,Z14,,,,,,,\n"     /* 6 fine */
    "1,01/04/2025,S,C2,N1,Z1,,,,,,,\n"      /* 7 Z1 no longer exempt */
    "1,01/04/2025,S,C2,N1,U4,PR4,,,,,,\n"); /* 8 fine */
  assert_string_equal(fails(r, "178"), "E0 E1 E3");
  assert_string_equal(fails(r, "213"), "E1 E2 E3");
  assert_string_equal(fails(r, "526"), "E4 E7");
}

static void test_527_to_531_550_provider_and_placement(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,P1,PR1,,,,,,\n"   /* 0 */
    "1,01/04/2025,S,C2,N1,R5,PR1,,,,,,\n"   /* 1 */
    "1,01/04/2025,S,C2,N1,R1,PR1,,,,,,\n"   /* 2 fine */
    "1,01/04/2025,S,C2,N1,R2,PR2,,,,,,\n"   /* 3 */
    "1,01/04/2025,S,C2,N1,K2,PR2,,,,,,\n"   /* 4 fine */
    "1,01/04/2025,S,C2,N1,A6,PR3,,,,,,\n"   /* 5 */
    "1,01/04/2025,S,C2,N1,R1,PR3,,,,,,\n"   /* 6 fine */
    "1,01/04/2025,S,C2,N1,P1,PR4,,,,,,\n"   /* 7 */
    "1,01/04/2025,S,C2,N1,K2,PR4,,,,,,\n"   /* 8 fine */
    "1,01/04/2025,S,C2,N1,P1,PR5,,,,,,\n"   /* 9 */
    "1,01/04/2025,S,C2,N1,P1,PR0,,,,,,\n"   /* 10 fine */
    "1,01/04/2025,S,C2,N1,U1,PR0,,,,,,\n"   /* 11 */
    "1,01/04/2025,S,C2,N1,U6,PR3,,,,,,\n"); /* 12 */
  assert_string_equal(fails(r, "527"), "E0 E1");
  assert_string_equal(fails(r, "528"), "E3");
  assert_string_equal(fails(r, "529"), "E5 E12");
  assert_string_equal(fails(r, "530"), "E7");
  assert_string_equal(fails(r, "531"), "E9");
  assert_string_equal(fails(r, "550"), "E11");
}

static void test_378_placed_with_parents_under_s20(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,V2,N1,P1,PR0,,,,,,\n"
    "2,01/04/2025,S,C2,N1,P1,PR0,,,,,,\n"
    "3,01/04/2025,S,V2,N1,U1,PR1,,,,,,\n");
  assert_string_equal(fails(r, "378"), "E0");
}

/* 1 April 2015 is the first day the rule applies. */
static void test_217_adoption_with_foster_carers(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,31/03/2015,P,E1,N1,A3,PR1,,,,,,\n"  /* 0 before the rule */
    "2,01/04/2015,P,E1,N1,A3,PR1,,,,,,\n"  /* 1 */
    "3,01/04/2015,T,E1,N1,A5,PR1,,,,,,\n"  /* 2 fine */
    "4,01/04/2020,B,E1,N1,A5,PR1,,,,,,\n"  /* 3 */
    "5,01/04/2020,B,E1,N1,A4,PR1,,,,,,\n"  /* 4 not with foster carers */
    "6,,B,E1,N1,A5,PR1,,,,,,\n");          /* 5 unknown start */
  assert_string_equal(fails(r, "217"), "E1 E3");
}

/* Year 2026 starts 1 April 2025: an episode ended the day before is not
** in the year. */
static void test_218_urn_required(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/01/2025,S,C2,N1,U1,PR1,31/03/2025,E11,,,,\n" /* 0 ended before the year */
    "2,01/01/2025,S,C2,N1,U1,PR1,01/04/2025,E11,,,,\n" /* 1 */
    "3,01/01/2025,S,C2,N1,U1,PR1,,,,,,\n"              /* 2 open */
    "4,01/01/2025,S,C2,N1,U1,PR1,,,,,,SC012345\n"      /* 3 has one */
    "5,01/01/2025,S,C2,N1,R1,PR1,,,,,,\n"              /* 4 not Ofsted-registered */
    "6,01/01/2025,S,C2,N1,Z13,,,,,,,\n"                /* 5 */
    "7,01/01/2025,S,C2,N1,U1,PR1,,,,,,\n"              /* 6 placed in Scotland */
    "8,01/01/2025,S,C2,N1,U1,PR1,1/13/2025,E11,,,,\n"); /* 7 DEC not a date */
  r->azPlLa[6] = "SCO";
  assert_string_equal(fails(r, "218"), "E1 E2");
}

static void test_222_urn_not_wanted(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,R1,PR1,,,,,,SC1\n"       /* 0 */
    "2,01/04/2025,S,C2,N1,R1,PR1,,,,,,XXXXXXX\n"   /* 1 "not applicable" */
    "3,01/04/2025,S,C2,N1,T2,,,,,,,\n"             /* 2 none */
    "4,01/04/2025,S,C2,N1,Z12,,,,,,,SC2\n"         /* 3 */
    "5,01/04/2025,S,C2,N1,U1,PR1,,,,,,SC3\n"       /* 4 fostering: fine */
    "6,01/04/2025,S,C2,N1,Z1,,,,,,,SC4\n");        /* 5 old code: 146's business */
  assert_string_equal(fails(r, "222"), "E0 E3");
}

/* Episodes are taken in start-date order whatever their order in the file. */
static void test_225_reason_for_change_needed(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/06/2025,P,C2,N1,U4,PR1,,,,,,\n"             /* 0 next of row 1 */
    "1,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n" /* 1 fails */
    "2,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1,CARPL,,,\n" /* 2 has a reason */
    "2,01/06/2025,P,C2,N1,U4,PR1,,,,,,\n"
    "3,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n" /* 4 next is temporary */
    "3,01/06/2025,T,C2,N1,T1,,,,,,,\n"
    "4,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n" /* 6 legal status change only */
    "4,01/06/2025,L,C1,N1,U1,PR1,,,,,,\n"
    "5,01/04/2025,S,C2,N1,T2,,01/06/2025,X1,,,,\n"    /* 8 temporary itself */
    "5,01/06/2025,B,C2,N1,U4,PR1,,,,,,\n"
    "6,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n" /* 10 last of its child: */
    "7,01/06/2025,P,C2,N1,U4,PR1,,,,,,\n");           /* another child's is not next */
  assert_string_equal(fails(r, "225"), "E1");
}

static void test_226_no_reason_for_temporary(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/05/2025,P,C2,N1,T1,,,,,,,\n"                   /* 0 previous has a reason */
    "1,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1,CARPL,,,\n"
    "2,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1,,,,\n"
    "2,01/05/2025,P,C2,N1,T3,,01/06/2025,X1,ALLEG,,,\n"  /* 3 its own reason */
    "3,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1,,,,\n"
    "3,01/05/2025,P,C2,N1,T4,,,,,,,\n"                   /* 5 fine */
    "4,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1,OTHER,,,\n"
    "5,01/04/2025,P,C2,N1,T0,,,,,,,\n");                 /* 7 reason was another child's */
  assert_string_equal(fails(r, "226"), "E0 E3");
}

static void test_233_no_reason_while_open(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,U1,PR1,,,CARPL,,,\n"
    "2,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1,CARPL,,,\n"
    "3,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n");
  assert_string_equal(fails(r, "233"), "E0");
}

/* Tenth birthday 1 January 2020: the day before is under 10. */
static void test_234_custody_under_10(void **state) {
  (void)state;
  Return903 *r = load(2026,
    HEAD "1,M,01/01/2010,WBRI,,,\n"
         "2,M,01/01/2010,WBRI,,,\n"
         "3,M,01/01/2010,WBRI,,,\n"
         "4,M,,WBRI,,,\n",
    EPIS "1,31/12/2019,P,C2,N1,R5,PR1,,,CUSTOD,,,\n"
         "2,01/01/2020,P,C2,N1,R5,PR1,,,CUSTOD,,,\n"
         "3,31/12/2019,P,C2,N1,R5,PR1,,,OTHER,,,\n"
         "4,31/12/2019,P,C2,N1,R5,PR1,,,CUSTOD,,,\n"
         "5,31/12/2019,P,C2,N1,R5,PR1,,,CUSTOD,,,\n");
  assert_string_equal(fails(r, "234"), "H0 E0");
}

static void test_353_354_385_date_limits(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,13/10/1991,S,C2,N1,U1,PR1,31/03/2026,E11,,,,\n"
    "2,14/10/1991,S,C2,N1,U1,PR1,01/04/2026,E11,,,,\n"
    "3,31/03/2026,S,C2,N1,U1,PR1,,,,,,\n"
    "4,01/04/2026,S,C2,N1,U1,PR1,,,,,,\n"
    "5,,S,C2,N1,U1,PR1,32/03/2026,E11,,,,\n");
  assert_string_equal(fails(r, "353"), "E0");
  assert_string_equal(fails(r, "354"), "E3");
  assert_string_equal(fails(r, "385"), "E1");
}

static void test_355_356_episode_length(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,01/04/2025,S,C2,N1,U1,PR1,01/04/2025,E11,,,,\n"  /* 0 same day */
    "2,01/04/2025,S,C2,N1,U1,PR1,1/4/2025,E11,,,,\n"    /* 1 same day, written short */
    "3,01/04/2025,S,C2,N1,U1,PR1,02/04/2025,E11,,,,\n"  /* 2 a day */
    "4,02/04/2025,S,C2,N1,U1,PR1,01/04/2025,E11,,,,\n"  /* 3 ends before it began */
    "5,,S,C2,N1,U1,PR1,,,,,,\n"                         /* 4 no dates at all */
    "6,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n");             /* 5 open */
  assert_string_equal(fails(r, "355"), "E0 E1");
  assert_string_equal(fails(r, "356"), "E3");
}

/* Placement orders (E1) began in December 2005. */
static void test_446_e1_before_december_2005(void **state) {
  (void)state;
  Return903 *r = load(2026, NULL, EPIS
    "1,30/11/2005,S,E1,N1,U1,PR1,,,,,,\n"
    "2,01/12/2005,S,E1,N1,U1,PR1,,,,,,\n"
    "3,30/11/2005,S,C2,N1,U1,PR1,,,,,,\n");
  assert_string_equal(fails(r, "446"), "E0");
}

/* Born 29 February 2016: the peer's tenth birthday is 28 February 2026. */
static void test_358_legal_status_under_10(void **state) {
  (void)state;
  Return903 *r = load(2026,
    HEAD "1,M,29/02/2016,WBRI,,,\n"
         "2,M,29/02/2016,WBRI,,,\n"
         "3,M,29/02/2016,WBRI,,,\n"
         "4,M,not a date,WBRI,,,\n",
    EPIS "1,27/02/2026,S,J1,N1,R5,PR1,,,,,,\n"   /* 0 the day before */
         "1,01/03/2026,S,J2,N1,R5,PR1,,,,,,\n"   /* 1 */
         "2,28/02/2026,S,J3,N1,R5,PR1,,,,,,\n"   /* 2 on the birthday */
         "3,01/04/2025,S,C2,N1,R5,PR1,,,,,,\n"   /* 3 other legal status */
         "4,01/04/2025,S,J1,N1,R5,PR1,,,,,,\n"   /* 4 DOB unknown */
         "5,01/04/2025,S,J1,N1,R5,PR1,,,,,,\n"); /* 5 no Header row */
  assert_string_equal(fails(r, "358"), "H0 E0");
}

/* Year 2026 ends 31 March 2026: a child 18 on that day is not 18 "before"
** it. */
static void test_359_looked_after_past_18(void **state) {
  (void)state;
  Return903 *r = load(2026,
    HEAD "1,M,30/03/2008,WBRI,,,\n"
         "2,M,31/03/2008,WBRI,,,\n"
         "3,M,01/01/2000,WBRI,,,\n"
         "4,M,01/01/2000,WBRI,,,\n",
    EPIS "1,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n"            /* 0 */
         "2,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n"            /* 1 18 on the last day */
         "3,01/04/2025,S,V2,N1,K2,PR1,,,,,,\n"            /* 2 s20 in a children's home */
         "3,01/04/2025,S,V2,N1,K1,PR1,,,,,,\n"            /* 3 */
         "4,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,E17,,,,\n"); /* 4 ceased */
  assert_string_equal(fails(r, "359"), "E0 E3");
}

/* Each placement's minimum age: the birthday itself is old enough. */
static void test_371_to_374_age_at_placement(void **state) {
  (void)state;
  Return903 *r = load(2026,
    HEAD "1,F,15/03/2010,WBRI,,,\n"
         "2,F,29/02/2012,WBRI,,,\n",
    EPIS "1,14/03/2026,S,V2,N1,K3,PR4,,,,,,\n"          /* 0 K3 the day before 16 */
         "1,15/03/2026,S,V2,N1,K3,PR4,,,,,,\n"          /* 1 on the birthday */
         "1,14/03/2020,S,V2,N1,R5,PR4,20/03/2020,X1,,,,\n" /* 2 R5 the day before 10 */
         "1,15/03/2020,S,V2,N1,R5,PR4,20/03/2020,X1,,,,\n" /* 3 */
         "2,28/02/2016,S,V2,N1,S1,PR4,,,,,,\n"          /* 4 S1 before 4 (29 Feb 2016) */
         "2,29/02/2016,S,V2,N1,S1,PR4,,,,,,\n"          /* 5 */
         "2,27/02/2026,S,V2,N1,P3,PR4,,,,,,\n"          /* 6 P3 before 14 (28 Feb 2026) */
         "2,28/02/2026,S,V2,N1,P3,PR4,,,,,,\n"          /* 7 */
         "3,01/01/2026,S,V2,N1,P3,PR4,,,,,,\n");        /* 8 no Header row */
  assert_string_equal(fails(r, "371"), "E0");
  assert_string_equal(fails(r, "372"), "E2");
  assert_string_equal(fails(r, "373"), "E4");
  assert_string_equal(fails(r, "374"), "E6");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(test_table_entries_are_complete, teardown),
    cmocka_unit_test_teardown(test_rule_needing_header_is_skipped_without_it, teardown),
    cmocka_unit_test_teardown(test_141_147_dates_must_be_dates, teardown),
    cmocka_unit_test_teardown(test_code_lists, teardown),
    cmocka_unit_test_teardown(test_148_dec_and_rec_together, teardown),
    cmocka_unit_test_teardown(test_178_213_526_providers, teardown),
    cmocka_unit_test_teardown(test_527_to_531_550_provider_and_placement, teardown),
    cmocka_unit_test_teardown(test_378_placed_with_parents_under_s20, teardown),
    cmocka_unit_test_teardown(test_217_adoption_with_foster_carers, teardown),
    cmocka_unit_test_teardown(test_218_urn_required, teardown),
    cmocka_unit_test_teardown(test_222_urn_not_wanted, teardown),
    cmocka_unit_test_teardown(test_225_reason_for_change_needed, teardown),
    cmocka_unit_test_teardown(test_226_no_reason_for_temporary, teardown),
    cmocka_unit_test_teardown(test_233_no_reason_while_open, teardown),
    cmocka_unit_test_teardown(test_234_custody_under_10, teardown),
    cmocka_unit_test_teardown(test_353_354_385_date_limits, teardown),
    cmocka_unit_test_teardown(test_355_356_episode_length, teardown),
    cmocka_unit_test_teardown(test_446_e1_before_december_2005, teardown),
    cmocka_unit_test_teardown(test_358_legal_status_under_10, teardown),
    cmocka_unit_test_teardown(test_359_looked_after_past_18, teardown),
    cmocka_unit_test_teardown(test_371_to_374_age_at_placement, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
