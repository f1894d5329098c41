/*
** test_ssda903_rules_place.c: the place rules of the SSDA903 validator and
** what it derives from postcodes (distance, placement LA and location).
*/
#include "testutil.h"
#include "ssda903.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LA "E09000027"

/* Grid references chosen for their distances from FA1 1AA (0,0), along
** one axis so that the distance is the easting: 563335 m is 350.0497
** miles (350.0), 563336 m 350.0503 (350.1), 1609219 m 999.9497 (999.9),
** 1609220 m 999.9503 (1000.0). */
static const char zPostcodes[] =
  "pcd,oseast1m,osnrth1m,laua\n"
  "TW1 1AA,517000,173000,E09000027\n"   /* home, in the LA */
  "TW2 2BB,517300,173400,E09000027\n"   /* 500 m away: 0.3 miles */
  "CB1 1AA,545000,258000,E07000008\n"   /* a district of county E10000003 */
  "EH1 1AA,325000,673000,S12000036\n"   /* Scotland */
  "CF1 1AA,318000,176000,W06000015\n"   /* Wales */
  "BT1 1AA,,,N09000003\n"               /* Northern Ireland, no grid reference */
  "XX1 1AA,517000,173000,\n"            /* no district */
  "ZZ1 1AA,517000,173000,E99999999\n"   /* a district the lookup lacks */
  "FA1 1AA,0,0,E09000027\n"
  "FB1 1AA,563335,0,E09000033\n"
  "FC1 1AA,563336,0,E09000033\n"
  "FD1 1AA,1609219,0,E09000033\n"
  "FE1 1AA,1609220,0,E09000033\n";

static const char zEpisodeCols[] =
  "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
static const char zHeaderCols[] = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
static const char zUascCols[] = "CHILD,SEX,DOB,DUC\n";

static char *write_temp(const char *z) {
  char *zPath = xstrdup("/tmp/test903pcXXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  size_t n = strlen(z);
  assert_int_equal(write(fd, z, n), (ssize_t)n);
  close(fd);
  return zPath;
}

/* Load zText (may be NULL) as the postcode table; NULL with the errors in
** *pErr when it is refused. */
static Postcodes903 *load_postcodes(const char *zText, Buf *pErr) {
  char *zPath = write_temp(zText);
  Postcodes903 *p = postcodes903_load(zPath, pErr);
  unlink(zPath);
  free(zPath);
  return p;
}

/* Episode rows "CHILD,LS,PLACE,PROVIDER,HOME_POST,PL_POST,URN;..." made
** into the full file; the other columns are filled plausibly. */
static void add_episodes(Return903 *r, const char *zRows) {
  Buf b = {0}, err = {0};
  buf_puts(&b, zEpisodeCols);
  char *z = xstrdup(zRows);
  for (char *zRow = strtok(z, ";"); zRow; zRow = strtok(NULL, ";")) {
    char *az[7] = {0};
    int n = 0;
    for (char *p = zRow; n < 7; n++) {
      az[n] = p;
      p = strchr(p, ',');
      if (!p) { n++; break; }
      *p++ = 0;
    }
    assert_int_equal(n, 7);
    buf_printf(&b, "%s,01/05/2025,S,%s,N1,%s,%s,,,,%s,%s,%s\n", az[0], az[1], az[2], az[3], az[4], az[5], az[6]);
  }
  free(z);
  assert_int_equal(r903_add_text(r, "episodes.csv", b.z, b.n, &err), 0);
  buf_free(&b);
  buf_free(&err);
}

static void add_csv(Return903 *r, const char *zName, const char *zCols, const char *zRows) {
  Buf b = {0}, err = {0};
  buf_puts(&b, zCols);
  buf_puts(&b, zRows);
  if (r903_add_text(r, zName, b.z, b.n, &err)) fail_msg("%s: %s", zName, err.z);
  buf_free(&b);
  buf_free(&err);
}

/* A return of those episodes, with the test postcode table when
** withPostcodes, submitted by LA. */
static void open_return(Return903 *r, const char *zEpisodes, int withPostcodes) {
  r903_init(r, 2026);
  snprintf(r->zLa, sizeof r->zLa, "%s", LA);
  add_episodes(r, zEpisodes);
  if (withPostcodes) {
    Buf err = {0};
    r->pPostcodes = load_postcodes(zPostcodes, &err);
    assert_non_null(r->pPostcodes);
    buf_free(&err);
  }
}

/* The failures of rule zCode as "Episodes 0,Header 2" (table and row). */
static char *failures(Return903 *r, const char *zCode) {
  r->nErr = 0;   /* each call reports one rule's failures */
  assert_true(r903_check_one(r, zCode) >= 0);
  Buf b = {0};
  for (int i = 0; i < r->nErr; i++) {
    buf_printf(&b, "%s%s %d", i ? "," : "", az903Table[r->aErr[i].table], r->aErr[i].row);
  }
  if (!b.z) buf_puts(&b, "");
  return buf_take(&b);
}

#define assert_failures(r, code, want) do { \
    char *zGot_ = failures((r), (code)); \
    assert_string_equal(zGot_, (want)); \
    free(zGot_); \
  } while (0)

/* ---- The postcode table -------------------------------------------------- */

static void test_load_refuses_bad_files_naming_line_and_column(void **state) {
  (void)state;
  Buf err = {0};
  assert_null(load_postcodes("pcd,oseast1m,laua\nTW1 1AA,1,E09000027\n", &err));
  assert_non_null(strstr(err.z, "line 1: there is no osnrth1m column"));
  buf_reset(&err);
  assert_null(load_postcodes("pcd,oseast1m,osnrth1m,laua\nTW1 1AA,1,2,E1\n ,1,2,E1\nTW2 2BB,12a,2,E1\nTW3 3CC,1,2.5,E1\n", &err));
  assert_non_null(strstr(err.z, "line 3: column pcd: is blank"));
  assert_non_null(strstr(err.z, "line 4: column oseast1m: \"12a\" is not a whole number"));
  assert_non_null(strstr(err.z, "line 5: column osnrth1m: \"2.5\" is not a whole number"));
  buf_reset(&err);
  /* The same postcode written two ways is one postcode. */
  assert_null(load_postcodes("pcd,oseast1m,osnrth1m,laua\nTW1 1AA,1,2,E1\ntw11aa,1,2,E1\n", &err));
  assert_non_null(strstr(err.z, "line 3: column pcd: postcode tw11aa is on an earlier line too"));
  buf_reset(&err);
  assert_null(load_postcodes("", &err));
  assert_non_null(strstr(err.z, "line 1: the file is empty"));
  buf_reset(&err);
  assert_null(postcodes903_load("/nonexistent/postcodes.csv", &err));
  assert_non_null(strstr(err.z, "/nonexistent/postcodes.csv"));
  buf_free(&err);
}

static void test_load_takes_the_directory_as_published(void **state) {
  (void)state;
  /* Quoted fields, columns in another order among others, 520325.0 as
  ** pandas writes a number, a blank line, CRLF. */
  Buf err = {0};
  Postcodes903 *p = load_postcodes(
    "\"pcd\",\"dointr\",\"laua\",\"osnrth1m\",\"OSEAST1M\"\r\n"
    "\"TW1 1AA\",\"198001\",\"E09000027\",\"173000.0\",\"517000\"\r\n"
    "\r\n"
    "\"CB1 1AA\",\"198001\",\"E07000008\",\"258000\",\"545000\"\r\n", &err);
  assert_non_null(p);
  assert_null(err.z);
  Return903 r;
  r903_init(&r, 2026);
  snprintf(r.zLa, sizeof r.zLa, "%s", LA);
  add_episodes(&r, "1,C1,U1,PR1,TW1 1AA,cb11aa,");
  r.pPostcodes = p;
  r903_finish(&r);
  /* sqrt(28000^2 + 85000^2) m = 89493.0 m = 55.6 miles. */
  assert_true(r.aDistance[0] == 55.6);
  assert_string_equal(r.azPlLa[0], "E10000003");
  assert_string_equal(r.azPlLocation[0], "OUT");
  r903_free(&r);
}

static void test_derived_values(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"     /* 0: 0.3 miles, in the LA */
    "2,C1,U1,PR1,tw1  1aa,TW1 1AA,;"    /* 1: spaces and case ignored: 0.0, IN */
    "3,C1,U1,PR1,TW1 1AA,EH1 1AA,;"     /* 2: Scotland */
    "4,C1,U1,PR1,TW1 1AA,CF1 1AA,;"     /* 3: Wales */
    "5,C1,U1,PR1,TW1 1AA,BT1 1AA,;"     /* 4: NI, no grid: no distance */
    "6,C1,U1,PR1,TW1 1AA,XX1 1AA,;"     /* 5: no district: LA and location unknown */
    "7,C1,U1,PR1,TW1 1AA,ZZ1 1AA,;"     /* 6: district not in the lookup: LA unknown, OUT */
    "8,C1,U1,PR1,TW1 1AA,NO1 1AA,;"     /* 7: unknown placement postcode */
    "9,C1,U1,PR1,,CB1 1AA,;"            /* 8: no home postcode: LA but no distance */
    "10,C1,U1,PR1,FA1 1AA,FB1 1AA,;"    /* 9: 350.0 */
    "11,C1,U1,PR1,FA1 1AA,FC1 1AA,;"    /* 10: 350.1 */
    "12,C1,U1,PR1,FA1 1AA,FE1 1AA,", 1);/* 11: 1000.0 */
  r903_finish(&r);
  assert_true(r.aDistance[0] == 0.3);
  assert_string_equal(r.azPlLa[0], LA);
  assert_string_equal(r.azPlLocation[0], "IN");
  assert_true(r.aDistance[1] == 0.0);
  assert_string_equal(r.azPlLocation[1], "IN");
  assert_string_equal(r.azPlLa[2], "SCO");
  assert_string_equal(r.azPlLocation[2], "OUT");
  assert_string_equal(r.azPlLa[3], "WAL");
  assert_string_equal(r.azPlLocation[3], "OUT");
  assert_true(isnan(r.aDistance[4]));
  assert_string_equal(r.azPlLa[4], "NIR");
  assert_string_equal(r.azPlLa[5], "");
  assert_string_equal(r.azPlLocation[5], "");
  assert_false(isnan(r.aDistance[5]));
  assert_string_equal(r.azPlLa[6], "");
  assert_string_equal(r.azPlLocation[6], "OUT");
  assert_true(isnan(r.aDistance[7]));
  assert_string_equal(r.azPlLa[7], "");
  assert_string_equal(r.azPlLocation[7], "");
  assert_true(isnan(r.aDistance[8]));
  assert_string_equal(r.azPlLa[8], "E10000003");
  assert_true(r.aDistance[9] == 350.0);
  assert_true(r.aDistance[10] == 350.1);
  assert_true(r.aDistance[11] == 1000.0);
  r903_free(&r);
}

/* Without a postcode table nothing is known, so the rules reading distance
** or area are not run at all; an empty table runs them with every postcode
** unknown (how the peer was run on its own test return). */
static void test_without_postcodes_everything_is_unknown(void **state) {
  (void)state;
  Return903 r;
  open_return(&r, "1,C1,K2,PR1,TW1 1AA,TW2 2BB,", 0);
  r903_finish(&r);
  assert_true(isnan(r.aDistance[0]));
  assert_string_equal(r.azPlLa[0], "");
  assert_string_equal(r.azPlLocation[0], "");
  const char *const azSkipped[] = {"164", "169", "179", "392a", "392c", "406", "411", "420", "454", "1015"};
  for (size_t i = 0; i < sizeof azSkipped / sizeof azSkipped[0]; i++)
    assert_int_equal(r903_check_one(&r, azSkipped[i]), 0);
  assert_int_equal(r903_check_one(&r, "392b"), 1);   /* the postcodes as written */
  assert_int_equal(r.nErr, 0);
  Buf err = {0};
  r.pPostcodes = load_postcodes("pcd,oseast1m,osnrth1m,laua\n", &err);
  assert_non_null(r.pPostcodes);
  assert_failures(&r, "392c", "Episodes 0");
  assert_failures(&r, "169", "Episodes 0");
  assert_failures(&r, "1015", "Episodes 0");
  buf_free(&err);
  r903_free(&r);
}

/* ---- The rules ------------------------------------------------------------ */

static void test_164_distance_out_of_range(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,FA1 1AA,FD1 1AA,;"     /* 999.9: the limit */
    "2,C1,U1,PR1,FA1 1AA,FE1 1AA,;"     /* 1000.0: fails */
    "3,C1,U1,PR1,FA1 1AA,FE1 1AA,;"     /* UASC: exempt */
    "4,C1,U1,PR1,,FE1 1AA,", 1);        /* no distance */
  add_csv(&r, "header.csv", zHeaderCols, "1,1,01/01/2010,WBRI,,,\n2,1,01/01/2010,WBRI,,,\n3,1,01/01/2010,WBRI,,,\n");
  add_csv(&r, "uasc.csv", zUascCols, "3,1,01/01/2010,01/01/2020\n");
  r903_finish(&r);
  assert_failures(&r, "164", "Episodes 1");
  r903_free(&r);
  /* Not knowing who is UASC (Header without the UASC file), nothing. */
  open_return(&r, "1,C1,U1,PR1,FA1 1AA,FE1 1AA,", 1);
  add_csv(&r, "header.csv", zHeaderCols, "1,1,01/01/2010,WBRI,,,\n");
  r903_finish(&r);
  assert_failures(&r, "164", "");
  r903_free(&r);
}

static void test_169_179_placement_la_and_location_missing(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"     /* known */
    "2,C1,U1,PR1,TW1 1AA,XX1 1AA,;"     /* no district: both missing */
    "3,C1,U1,PR1,TW1 1AA,ZZ1 1AA,;"     /* unknown district: LA missing, location OUT */
    "4,V3,U1,PR1,TW1 1AA,XX1 1AA,;"     /* short break: exempt */
    "5,V4,U1,PR1,,,;"
    "6,C1,U1,PR1,TW1 1AA,,", 1);        /* no placement postcode */
  r903_finish(&r);
  assert_failures(&r, "169", "Episodes 1,Episodes 2,Episodes 5");
  assert_failures(&r, "179", "Episodes 1,Episodes 5");
  r903_free(&r);
}

static void test_392a_no_distance(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"     /* distance */
    "2,C1,U1,PR1,,TW2 2BB,;"            /* none: fails */
    "3,V3,U1,PR1,,,;"                   /* short break */
    "4,C1,U1,PR1,TW1 1AA,BT1 1AA,;"     /* no grid reference: fails */
    "5,C1,U1,PR1,,,", 1);               /* UASC */
  add_csv(&r, "uasc.csv", zUascCols, "5,1,01/01/2010,\n");
  r903_finish(&r);
  /* No Header: the UASC file's filled rows say who is UASC. */
  assert_failures(&r, "392a", "Episodes 1,Episodes 3");
  r903_free(&r);
  /* A UASC row with nothing but the child says nothing. */
  open_return(&r, "5,C1,U1,PR1,,,", 1);
  add_csv(&r, "uasc.csv", zUascCols, "5,,,\n");
  r903_finish(&r);
  assert_failures(&r, "392a", "Episodes 0");
  r903_free(&r);
  /* Neither Header nor UASC: nothing can be said. */
  open_return(&r, "5,C1,U1,PR1,,,", 1);
  r903_finish(&r);
  assert_failures(&r, "392a", "");
  r903_free(&r);
}

static void test_392b_postcodes_missing(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"
    "2,C1,U1,PR1,,TW2 2BB,;"            /* fails */
    "3,C1,U1,PR1,TW1 1AA,,;"            /* fails */
    "4,V4,U1,PR1,,,;"                   /* short break */
    "5,C1,U1,PR1,,,", 1);               /* UASC (Header says) */
  add_csv(&r, "header.csv", zHeaderCols, "5,1,01/01/2010,WBRI,,,\n");
  add_csv(&r, "uasc.csv", zUascCols, "5,1,01/01/2010,\n");
  r903_finish(&r);
  assert_failures(&r, "392b", "Episodes 1,Episodes 2");
  r903_free(&r);
  /* Without knowing who is UASC every child is checked. */
  open_return(&r, "5,C1,U1,PR1,,,", 1);
  add_csv(&r, "header.csv", zHeaderCols, "5,1,01/01/2010,WBRI,,,\n");
  r903_finish(&r);
  assert_failures(&r, "392b", "Episodes 0");
  r903_free(&r);
}

static void test_392c_postcode_not_known(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"
    "2,C1,U1,PR1,NO1 1AA,TW2 2BB,;"     /* home unknown */
    "3,C1,U1,PR1,TW11AA,NO1 1AA,;"      /* placement unknown */
    "4,C1,U1,PR1,,,;"                   /* none given: not this rule */
    "5,C1,U1,PR1,TW1 1AA 123,,", 1);    /* too long to be one */
  r903_finish(&r);
  assert_failures(&r, "392c", "Episodes 1,Episodes 2,Episodes 4");
  r903_free(&r);
}

static void test_392d_same_postcodes(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW1 1AA,;"     /* fails */
    "2,C1,P1,PR1,TW1 1AA,TW1 1AA,;"     /* with parents: allowed */
    "3,C1,U1,PR1,TW1 1AA,TW2 2BB,;"
    "4,C1,U1,PR1,,,", 1);               /* both blank: not the same */
  r903_finish(&r);
  assert_failures(&r, "392d", "Episodes 0");
  r903_free(&r);
}

static void test_398_214_420_short_breaks(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,V3,U1,PR1,TW1 1AA,,;"            /* 398 */
    "2,V4,U1,PR1,,TW2 2BB,;"            /* 398, 214, 420 */
    "3,V3,U1,PR1,,,SC123456;"           /* 214 */
    "4,V4,U1,PR1,,,;"                   /* nothing */
    "5,C1,U1,PR1,TW1 1AA,TW2 2BB,SC1;"  /* not a short break */
    "6,V3,U1,PR1,,NO1 1AA,", 1);        /* 398, 214; unknown: no LA for 420 */
  r903_finish(&r);
  assert_failures(&r, "398", "Episodes 0,Episodes 1,Episodes 5");
  assert_failures(&r, "214", "Episodes 1,Episodes 2,Episodes 5");
  assert_failures(&r, "420", "Episodes 1");
  r903_free(&r);
}

static void test_406_distance_for_uasc(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;"     /* UASC with distance: fails */
    "1,C1,U1,PR1,,TW2 2BB,;"            /* UASC, none */
    "2,C1,U1,PR1,TW1 1AA,TW2 2BB,", 1); /* not UASC */
  add_csv(&r, "header.csv", zHeaderCols, "1,1,01/01/2010,WBRI,,,\n2,1,01/01/2010,WBRI,,,\n");
  add_csv(&r, "uasc.csv", zUascCols, "1,1,01/01/2010,\n");
  r903_finish(&r);
  assert_failures(&r, "406", "Episodes 0");
  r903_free(&r);
}

static void test_411_in_but_another_la(void **state) {
  (void)state;
  Return903 r;
  /* Derived locations always agree: IN only when the LA is ours. */
  open_return(&r, "1,C1,U1,PR1,TW1 1AA,TW2 2BB,;2,C1,U1,PR1,TW1 1AA,CB1 1AA,", 1);
  r903_finish(&r);
  assert_failures(&r, "411", "");
  /* A location recorded IN against another LA (as an XML return may
  ** carry) fails. */
  r.azPlLocation[1] = "IN";
  assert_failures(&r, "411", "Episodes 1");
  r903_free(&r);
}

static void test_454_over_350_miles(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,U1,PR1,FA1 1AA,FB1 1AA,;"     /* 350.0497 -> 350.0: passes */
    "2,C1,U1,PR1,FA1 1AA,FC1 1AA,;"     /* 350.0503 -> 350.1: fails */
    "3,C1,U1,PR1,FA1 1AA,FD1 1AA,;"     /* 999.9 means not known */
    "4,C1,U1,PR1,FA1 1AA,FE1 1AA,;"     /* 1000.0: fails */
    "5,C1,U1,PR1,,FE1 1AA,", 1);        /* no distance */
  r903_finish(&r);
  assert_failures(&r, "454", "Episodes 1,Episodes 3");
  r903_free(&r);
}

static void test_1015_own_provision_elsewhere(void **state) {
  (void)state;
  Return903 r;
  open_return(&r,
    "1,C1,K2,PR1,TW1 1AA,TW2 2BB,;"     /* own provision in the LA */
    "2,C1,K2,PR1,TW1 1AA,CB1 1AA,;"     /* elsewhere: fails */
    "3,C1,U3,PR1,TW1 1AA,CB1 1AA,;"     /* fostering: exempt */
    "4,C1,K3,PR1,TW1 1AA,CB1 1AA,;"     /* K3: exempt */
    "5,V3,K2,PR1,TW1 1AA,CB1 1AA,;"     /* short break */
    "6,C1,K2,PR2,TW1 1AA,CB1 1AA,;"     /* not own provision */
    "7,C1,K2,PR1,TW1 1AA,,;"            /* LA unknown: counts as elsewhere */
    "8,,K2,PR1,TW1 1AA,CB1 1AA,;"       /* no LS */
    "9,C1,,PR1,TW1 1AA,CB1 1AA,;"       /* no PLACE */
    "10,C1,A3,PR1,TW1 1AA,CB1 1AA,", 1);/* adoption: exempt */
  r903_finish(&r);
  assert_failures(&r, "1015", "Episodes 1,Episodes 6");
  r903_free(&r);
}

/* The built-in district -> county lookup is searched by halves. */
extern const char *const a903La[][2];
extern const size_t n903La;
static void test_la_lookup_is_sorted(void **state) {
  (void)state;
  assert_true(n903La > 300);
  for (size_t i = 1; i < n903La; i++) assert_true(strcmp(a903La[i - 1][0], a903La[i][0]) < 0);
  /* Its first and last entries are found. */
  Return903 r;
  r903_init(&r, 2026);
  add_episodes(&r, "1,C1,U1,PR1,,AA1 1AA,;2,C1,U1,PR1,,ZZ9 9ZZ,");
  Buf err = {0};
  Buf b = {0};
  buf_printf(&b, "pcd,oseast1m,osnrth1m,laua\nAA1 1AA,1,1,%s\nZZ9 9ZZ,1,1,%s\n", a903La[0][0], a903La[n903La - 1][0]);
  r.pPostcodes = load_postcodes(b.z, &err);
  assert_non_null(r.pPostcodes);
  r903_finish(&r);
  assert_string_equal(r.azPlLa[0], a903La[0][1]);
  assert_string_equal(r.azPlLa[1], "WAL");
  r903_free(&r);
  buf_free(&b);
  buf_free(&err);
}

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Place; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables == TB(T_EPISODES));
  }
  assert_int_equal(n, 14);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_load_refuses_bad_files_naming_line_and_column),
    cmocka_unit_test(test_load_takes_the_directory_as_published),
    cmocka_unit_test(test_derived_values),
    cmocka_unit_test(test_without_postcodes_everything_is_unknown),
    cmocka_unit_test(test_164_distance_out_of_range),
    cmocka_unit_test(test_169_179_placement_la_and_location_missing),
    cmocka_unit_test(test_392a_no_distance),
    cmocka_unit_test(test_392b_postcodes_missing),
    cmocka_unit_test(test_392c_postcode_not_known),
    cmocka_unit_test(test_392d_same_postcodes),
    cmocka_unit_test(test_398_214_420_short_breaks),
    cmocka_unit_test(test_406_distance_for_uasc),
    cmocka_unit_test(test_411_in_but_another_la),
    cmocka_unit_test(test_454_over_350_miles),
    cmocka_unit_test(test_1015_own_provision_elsewhere),
    cmocka_unit_test(test_la_lookup_is_sorted),
    cmocka_unit_test(test_table_entries_are_complete),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
