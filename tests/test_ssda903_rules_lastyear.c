/*
** test_ssda903_rules_lastyear.c: the SSDA903 rules comparing this year's
** return (2026: 1 April 2025 - 31 March 2026) with last year's. Each test
** loads both years from CSV texts and asserts exactly which rows a rule
** reports, at the edges each rule turns on; without last year's return
** every such rule is skipped, never passed.
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HDR "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define UAS "CHILD,SEX,DOB,DUC\n"
#define PLA "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
#define MIS "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
#define OC3 "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"
/* A Header row: child, SEX, UPN, MOTHER, MC_DOB (DOB 01/01/2010, WBRI). */
#define HD(c, sex, upn, mother, mcdob) c "," sex ",01/01/2010,WBRI," upn "," mother "," mcdob "\n"
/* An episode row: child, DECOM, RNE, LS, PLACE, DEC, PL_POST. */
#define EP(c, decom, rne, ls, place, dec, pl) \
  c "," decom "," rne "," ls ",N1," place ",PR1," dec ",,," "TW1 1AA," pl ",SC000001\n"

static const char zPostcodes[] =
  "pcd,oseast1m,osnrth1m,laua\n"
  "TW1 1AA,517000,173000,E09000027\n"   /* home */
  "TW2 2BB,517300,173400,E09000027\n"   /* 0.3 miles, in the LA */
  "TW3 3CC,517200,173200,E09000027\n"   /* 0.2 miles (0.17 rounded) */
  "SW1 1AA,530000,180000,E09000033\n";  /* Westminster */

static char zGot[4096];

static Postcodes903 *load_postcodes(void) {
  char zPath[] = "/tmp/test903lyXXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, zPostcodes, strlen(zPostcodes)), (ssize_t)strlen(zPostcodes));
  close(fd);
  Buf err = {0};
  Postcodes903 *p = postcodes903_load(zPath, &err);
  unlink(zPath);
  assert_non_null(p);
  buf_free(&err);
  return p;
}

static void load(Return903 *r, const char *const *azCsv) {
  Buf err = {0};
  for (int i = 0; azCsv[i]; i++) {
    char zName[32];
    snprintf(zName, sizeof zName, "f%d.csv", i);
    if (r903_add_text(r, zName, azCsv[i], strlen(azCsv[i]), &err) != 0) fail_msg("%s", err.z ? err.z : "load failed");
  }
  buf_free(&err);
  r903_finish(r);
}

/* Run rule zCode on this year's CSV texts and last year's (azLast NULL: no
** last year's return): its failures as "Table:row ...", or "skipped". */
static const char *run(const char *zCode, const char *const *azNow, const char *const *azLast) {
  Return903 r;
  r903_init(&r, 2026);
  snprintf(r.zLa, sizeof r.zLa, "E09000027");
  r.pPostcodes = load_postcodes();
  if (azLast) {
    r.pLast = xmalloc(sizeof(*r.pLast));
    r903_init(r.pLast, 2025);
    snprintf(r.pLast->zLa, sizeof r.pLast->zLa, "E09000027");
    r.pLast->pPostcodes = r.pPostcodes;
    r.pLast->sharedPostcodes = 1;
    load(r.pLast, azLast);
  }
  load(&r, azNow);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  size_t n = 0;
  zGot[0] = 0;
  if (!ran) snprintf(zGot, sizeof zGot, "skipped");
  for (int i = 0; ran && i < r.nErr; i++)
    n += (size_t)snprintf(zGot + n, sizeof(zGot) - n, "%s%s:%d", n ? " " : "", az903Table[r.aErr[i].table],
                          r.aErr[i].row);
  r903_free(&r);
  return zGot;
}
#define NOW(...) ((const char *const[]){__VA_ARGS__, NULL})
#define LAST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903LastYear; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_true(p->zMsg && p->zMsg[0]);
    assert_true(p->flags & R903_LAST_YEAR);
    assert_true(R903_LAST_TABLES(p->flags) != 0);
  }
  assert_int_equal(n, 34);
}

/* Without last year's return, or without the file a rule reads from it,
** the rule is skipped (and says why), never passed. */
static void test_skipped_without_last_year(void **state) {
  (void)state;
  assert_string_equal(run("202", NOW(HDR HD("A", "M", "", "0", "")), NULL), "skipped");
  assert_string_equal(run("502", NOW(EPS EP("A", "01/04/2024", "S", "C2", "U1", "", "TW2 2BB")),
                          LAST(HDR HD("A", "M", "", "0", ""))),
                      "skipped");
  Return903 r;
  r903_init(&r, 2026);
  r.pLast = xmalloc(sizeof(*r.pLast));
  r903_init(r.pLast, 2025);
  load(r.pLast, LAST(HDR HD("A", "M", "", "0", "")));
  load(&r, NOW(EPS EP("A", "01/04/2024", "S", "C2", "U1", "", "TW2 2BB")));
  int n;
  const Rule903 *const *ap = r903_rules(R903_DEFAULT_YEAR, &n);
  unsigned m = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(ap[i]->zCode, "502") == 0) assert_int_equal(r903_skip_reason(&r, ap[i], &m), R903_SKIP_LAST_FILES);
  assert_int_equal(m, TB(T_EPISODES));
  r903_free(&r);
}

/* ---- Header ---- */

static void test_202_203_204(void **state) {
  (void)state;
  const char *zNow = HDR "A,M,01/01/2010,WBRI,,0,\n"   /* 0 same */
                         "B,F,1/1/2010,WIRI,,0,\n"     /* 1 SEX, ETHNIC differ; DOB same as a date */
                         "C,M,02/01/2010,WBRI,,0,\n"   /* 2 DOB differs */
                         "D,,31/02/2010,,,0,\n"        /* 3 blank/invalid both years: agree */
                         "E,M,05/05/2010,WBRI,,0,\n";  /* 4 not in last year's return */
  const char *zLast = HDR "A,M,01/01/2010,WBRI,,0,\n"
                          "B,M,01/01/2010,WBRI,,0,\n"
                          "C,M,01/01/2010,WBRI,,0,\n"
                          "D,,30/02/2010,,,0,\n";
  assert_string_equal(run("202", NOW(zNow), LAST(zLast)), "Header:1");
  assert_string_equal(run("203", NOW(zNow), LAST(zLast)), "Header:2");
  assert_string_equal(run("204", NOW(zNow), LAST(zLast)), "Header:1");
}

static void test_207(void **state) {
  (void)state;
  const char *zNow = HDR HD("A", "F", "", "0", "") HD("B", "F", "", "0", "") HD("C", "F", "", "1", "")
      HD("D", "F", "", "", "");
  const char *zLast = HDR HD("A", "F", "", "1", "") HD("B", "F", "", "1", "") HD("C", "F", "", "0", "")
      HD("D", "F", "", "1", "");
  /* A: was a mother, now not, has episodes: fails. B: no episodes this
  ** year. C: was not a mother. D: blank now differs from 1: fails. */
  const char *zEps = EPS EP("A", "01/05/2025", "S", "C2", "U1", "", "TW2 2BB")
      EP("C", "01/05/2025", "S", "C2", "U1", "", "TW2 2BB") EP("D", "01/05/2025", "S", "C2", "U1", "", "TW2 2BB");
  assert_string_equal(run("207", NOW(zNow, zEps), LAST(zLast)), "Header:0 Header:3");
}

static void test_208(void **state) {
  (void)state;
  const char *zNow = HDR HD("A", "M", "A123456789012", "0", "")   /* 0 same */
      HD("B", "M", "A123456789013", "0", "")                      /* 1 changed known: fails */
      HD("C", "M", "UN2", "0", "")                                /* 2 UN1 -> UN2: passes */
      HD("D", "M", "A123456789012", "0", "")                      /* 3 UN3 -> known: passes */
      HD("E", "M", "UN1", "0", "")                                /* 4 UN3 -> UN1: fails */
      HD("F", "M", "", "0", "")                                   /* 5 known -> blank: fails */
      HD("G", "M", "", "0", "")                                   /* 6 blank both: passes */
      HD("H", "M", "UN1", "0", "");                               /* 7 blank -> UN1: fails (peer) */
  const char *zLast = HDR HD("A", "M", "A123456789012", "0", "") HD("B", "M", "A123456789012", "0", "")
      HD("C", "M", "UN1", "0", "") HD("D", "M", "UN3", "0", "") HD("E", "M", "UN3", "0", "")
      HD("F", "M", "A123456789012", "0", "") HD("G", "M", "", "0", "") HD("H", "M", "", "0", "");
  assert_string_equal(run("208", NOW(zNow), LAST(zLast)), "Header:1 Header:4 Header:5 Header:7");
}

static void test_624_626(void **state) {
  (void)state;
  const char *zNow = HDR HD("A", "F", "", "1", "01/05/2024")   /* 0 same as a date */
      HD("B", "F", "", "1", "02/05/2024")                      /* 1 differs: 624 */
      HD("C", "F", "", "1", "")                                /* 2 now blank: 624 */
      HD("D", "F", "", "1", "31/03/2025")                      /* 3 blank last year; MOTHER 0 -> 1, born before: 626 */
      HD("E", "F", "", "1", "01/04/2025");                     /* 4 born on the first day: passes 626 */
  const char *zLast = HDR HD("A", "F", "", "1", "1/5/2024") HD("B", "F", "", "1", "01/05/2024")
      HD("C", "F", "", "1", "01/05/2024") HD("D", "F", "", "0", "") HD("E", "F", "", "0", "");
  assert_string_equal(run("624", NOW(zNow), LAST(zLast)), "Header:1 Header:2");
  assert_string_equal(run("626", NOW(zNow), LAST(zLast)), "Header:3");
}

/* ---- UASC ---- */

static void test_205(void **state) {
  (void)state;
  /* A: UASC both years, last year's DUC the 18th birthday, this year's the
  ** same: passes 205B. B: last year's DUC not the 18th birthday: 205B.
  ** C: UASC last year only (not in this year's Header), DUC given now:
  ** 205A. D: UASC now, in last year's Header but not its UASC file: 205D. */
  const char *zNowH = HDR HD("A", "M", "", "0", "") HD("B", "M", "", "0", "") HD("D", "M", "", "0", "");
  const char *zNowU = UAS "A,M,01/01/2010,01/01/2028\n"
                          "B,M,01/01/2010,01/01/2028\n"
                          "C,M,01/01/2010,01/06/2025\n"
                          "D,M,01/01/2010,01/01/2028\n";
  const char *zLastH = HDR HD("A", "M", "", "0", "") HD("B", "M", "", "0", "") HD("C", "M", "", "0", "")
      HD("D", "M", "", "0", "");
  const char *zLastU = UAS "A,M,01/01/2010,01/01/2028\n"
                           "B,M,01/01/2010,02/01/2028\n"
                           "C,M,01/01/2010,01/06/2024\n";
  assert_string_equal(run("205A", NOW(zNowH, zNowU), LAST(zLastH, zLastU)), "UASC:2");
  assert_string_equal(run("205B", NOW(zNowH, zNowU), LAST(zLastH, zLastU)), "Header:1 UASC:1");
  assert_string_equal(run("205C", NOW(zNowH, zNowU), LAST(zLastH, zLastU)), "");
  assert_string_equal(run("205D", NOW(zNowH, zNowU), LAST(zLastH, zLastU)), "Header:2");
  /* 205C: in neither year's Header, so UASC in neither, yet a DUC. */
  assert_string_equal(run("205C", NOW(HDR HD("Z", "M", "", "0", ""), UAS "E,M,01/01/2010,01/01/2028\n"),
                          LAST(HDR HD("Z", "M", "", "0", ""), UAS "Z,M,01/01/2010,\n")),
                      "UASC:0");
}

/* ---- Episodes ---- */

static void test_503(void **state) {
  (void)state;
  const char *zNow = EPS EP("A", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")   /* 0 A first: same */
      EP("A", "01/07/2025", "P", "C2", "U2", "", "TW2 2BB")                       /* 1 not first */
      EP("B", "01/06/2024", "S", "E1", "U1", "", "TW2 2BB")                       /* 2 LS differs */
      EP("C", "01/06/2024", "S", "C2", "Z11", "", "TW2 2BB")                      /* 3 Z1 -> Z11: allowed */
      EP("D", "01/06/2024", "S", "C2", "U3", "", "SW1 1AA")                       /* 4 last closed: passes */
      EP("E", "01/06/2024", "S", "C2", "U3", "", "TW2 2BB");                      /* 5 PLACE differs */
  const char *zLast = EPS EP("A", "01/01/2024", "S", "C2", "U3", "31/05/2024", "TW2 2BB")
      EP("A", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB") EP("B", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")
      EP("C", "01/06/2024", "S", "C2", "Z1", "", "TW2 2BB")
      EP("D", "01/06/2024", "S", "E1", "U1", "31/03/2025", "TW2 2BB")
      EP("E", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB");
  assert_string_equal(run("503B", NOW(zNow), LAST(zLast)), "Episodes:2");
  assert_string_equal(run("503D", NOW(zNow), LAST(zLast)), "Episodes:5");
  assert_string_equal(run("503A", NOW(zNow), LAST(zLast)), "");
  assert_string_equal(run("503H", NOW(zNow), LAST(zLast)), "");
  assert_string_equal(run("502", NOW(zNow), LAST(zLast)), "");
}

static void test_452_453_503G_503J(void **state) {
  (void)state;
  const char *zNow = EPS EP("A", "01/06/2024", "S", "C2", "U1", "", "SW1 1AA")   /* 0 area, location, distance */
      EP("B", "01/06/2024", "P", "C2", "U1", "", "TW2 2BB")                       /* 1 0.3 -> 0.2 miles (0.1) */
      EP("C", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")                       /* 2 unknown -> 0.3 */
      EP("D", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB");                      /* 3 RNE differs */
  const char *zLast = EPS EP("A", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")
      EP("B", "01/06/2024", "P", "C2", "U1", "", "TW3 3CC") EP("C", "01/06/2024", "S", "C2", "U1", "", "XX9 9XX")
      EP("D", "01/06/2024", "L", "C2", "U1", "", "SW1 1AA");
  assert_string_equal(run("503G", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:2 Episodes:3");
  assert_string_equal(run("453", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:2");
  assert_string_equal(run("503H", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:2 Episodes:3");
  assert_string_equal(run("452", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:2");
  assert_string_equal(run("503J", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:2 Episodes:3");
}

static void test_502_562_NoE(void **state) {
  (void)state;
  const char *zNow = EPS EP("A", "02/06/2024", "S", "C2", "U1", "", "TW2 2BB")   /* 0 one day later: 502, 562 */
      EP("B", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")                       /* 1 no episodes last year: 562, NoE */
      EP("C", "01/04/2025", "S", "C2", "U1", "", "TW2 2BB")                       /* 2 began this year: passes */
      EP("D", "31/03/2025", "S", "C2", "U1", "", "TW2 2BB");                      /* 3 began the day before: matches */
  const char *zLast = EPS EP("A", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB")
      EP("C", "01/06/2024", "S", "C2", "U1", "31/03/2025", "TW2 2BB")
      EP("D", "31/03/2025", "S", "C2", "U1", "", "TW2 2BB");
  assert_string_equal(run("502", NOW(zNow), LAST(zLast)), "Episodes:0");
  assert_string_equal(run("562", NOW(zNow), LAST(zLast)), "Episodes:0 Episodes:1");
  assert_string_equal(run("NoE", NOW(zNow), LAST(zLast)), "Episodes:1");
}

/* ---- Missing, PlacedAdoption ---- */

static void test_576(void **state) {
  (void)state;
  const char *zNow = MIS "A,01/01/2010,M,01/03/2025,05/04/2025\n"   /* 0 carried on */
                         "B,01/01/2010,M,02/03/2025,05/04/2025\n"   /* 1 a different start */
                         "B,01/01/2010,M,01/05/2025,02/05/2025\n"   /* 2 not the first */
                         "C,01/01/2010,M,01/05/2025,02/05/2025\n";  /* 3 last year's was closed */
  const char *zLast = MIS "A,01/01/2010,M,01/03/2025,\n"
                          "B,01/01/2010,M,01/03/2025,\n"
                          "C,01/01/2010,M,01/03/2025,03/03/2025\n"
                          "D,01/01/2010,M,01/03/2025,\n";
  assert_string_equal(run("576", NOW(zNow), LAST(zLast)), "Missing:1");
}

static void test_559_560_561_584(void **state) {
  (void)state;
  const char *zNow = PLA "A,01/01/2015,01/03/2025,,\n"   /* 0 before the year, recorded last year */
                         "B,01/01/2015,31/03/2025,,\n"   /* 1 before the year, not recorded: 559 */
                         "C,01/01/2015,01/04/2025,,\n"   /* 2 in the year: passes 559 */
                         "D,01/01/2015,02/03/2025,,\n"   /* 3 differs, last still stood: 560 */
                         "E,01/01/2015,01/03/2025,,\n"   /* 4 same as a ceased one: 561, 584 */
                         "F,01/01/2015,,,\n";            /* 5 blank after a ceased one: 584, 560 */
  const char *zLast = PLA "A,01/01/2015,01/03/2025,,\n"
                          "D,01/01/2015,01/03/2025,,\n"
                          "E,01/01/2015,01/03/2025,20/03/2025,E1\n"
                          "F,01/01/2015,01/02/2025,,E1\n";
  assert_string_equal(run("559", NOW(zNow), LAST(zLast)), "PlacedAdoption:1");
  assert_string_equal(run("560", NOW(zNow), LAST(zLast)), "PlacedAdoption:3 PlacedAdoption:5");
  assert_string_equal(run("561", NOW(zNow), LAST(zLast)), "PlacedAdoption:4");
  assert_string_equal(run("584", NOW(zNow), LAST(zLast)), "PlacedAdoption:4 PlacedAdoption:5");
}

/* ---- Care leavers ---- */

static void test_348_1002_1010(void **state) {
  (void)state;
  const char *zNow = OC3 "A,01/01/2006,DIED,0,0\n"   /* 0 died both years */
                         "B,01/01/2006,YES,F1,B1\n"  /* 1 died last year: 348; open episode last year: 1010 */
                         "C,01/01/2006,YES,F1,B1\n"  /* 2 no episodes either year: 1002 */
                         "D,01/01/2006,YES,F1,B1\n"; /* 3 episodes this year */
  const char *zNowE = EPS EP("D", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB");
  const char *zLast = OC3 "A,01/01/2006,DIED,0,0\n"
                          "B,01/01/2006,DIED,0,0\n";
  const char *zLastE = EPS EP("A", "01/06/2023", "S", "C2", "U1", "", "TW2 2BB")
      EP("A", "01/06/2023", "S", "C2", "U1", "01/07/2024", "TW2 2BB")   /* a tie: the later row is the last */
      EP("B", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB") EP("D", "01/06/2024", "S", "C2", "U1", "", "TW2 2BB");
  assert_string_equal(run("348", NOW(zNow, zNowE), LAST(zLast, zLastE)), "OC3:1");
  assert_string_equal(run("1002", NOW(zNow, zNowE), LAST(zLast, zLastE)), "OC3:2");
  assert_string_equal(run("1010", NOW(zNow, zNowE), LAST(zLast, zLastE)), "OC3:1");
}

/* 392a (src/ssda903_rules_place.c): a child UASC last year only is exempt
** from the distance rule once last year's return is given. */
static void test_392a_uasc_last_year(void **state) {
  (void)state;
  const char *const azNow[] = {HDR HD("A", "M", "", "0", ""), UAS, EPS EP("A", "01/05/2025", "S", "C2", "U1", "", ""),
                               NULL};
  assert_string_equal(run("392a", azNow, NULL), "Episodes:0");
  assert_string_equal(run("392a", azNow, LAST(HDR HD("A", "M", "", "0", ""), UAS "A,M,01/01/2010,\n")), "");
  assert_string_equal(run("392a", azNow, LAST(HDR HD("A", "M", "", "0", ""), UAS)), "Episodes:0");
}

/* 1001: care since the 14th birthday (91 days) and past the 16th, over
** both years, an episode in both counted once; adopted or 20 fails. */
static void test_1001(void **state) {
  (void)state;
  const char *zH = HDR "A,F,01/06/2009,WBRI,UN1,0,\nB,F,01/06/2009,WBRI,UN1,0,\nC,F,01/06/2008,WBRI,UN1,0,\n"
                       "D,F,01/01/2005,WBRI,UN1,0,\n";
  const char *zO = OC3 "A,01/06/2009,YES,F1,B1\nB,01/06/2009,YES,F1,B1\nC,01/06/2008,YES,F1,B1\n"
                       "D,01/01/2005,YES,F1,B1\n";
  /* A: open last year, ends this year a day past 16 (passes); B: ends on
  ** the 16th birthday; C: adopted; D: 20 by 31 March. */
  const char *zE = EPS "A,01/01/2024,S,C2,N1,U1,PR1,02/06/2025,E8,,,,\n"
                       "B,01/01/2024,S,C2,N1,U1,PR1,01/06/2025,E8,,,,\n"
                       "C,01/01/2024,S,C2,N1,U1,PR1,01/06/2025,E11,,,,\n";
  const char *zLE = EPS "A,01/01/2024,S,C2,N1,U1,PR1,,,,,,\nB,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n"
                        "D,01/01/2021,S,C2,N1,U1,PR1,01/06/2024,E8,,,,\n";
  assert_string_equal(run("1001", NOW(zH, zO, zE), LAST(zLE)), "OC3:1 OC3:2 OC3:3");
  assert_string_equal(run("1001", NOW(zH, zO, zE), NULL), "skipped");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete), cmocka_unit_test(test_skipped_without_last_year),
    cmocka_unit_test(test_202_203_204),                cmocka_unit_test(test_207),
    cmocka_unit_test(test_208),                        cmocka_unit_test(test_624_626),
    cmocka_unit_test(test_205),                        cmocka_unit_test(test_503),
    cmocka_unit_test(test_452_453_503G_503J),          cmocka_unit_test(test_502_562_NoE),
    cmocka_unit_test(test_576),                        cmocka_unit_test(test_559_560_561_584),
    cmocka_unit_test(test_348_1002_1010),              cmocka_unit_test(test_392a_uasc_last_year),
    cmocka_unit_test(test_1001),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
