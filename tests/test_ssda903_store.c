/*
** test_ssda903_store.c: loading an SSDA903 return into the database and
** writing it back out (ssda903_store.c): the format checks name file and
** line, a bad row anywhere loads nothing, a later return updates without
** duplicates, and export takes exactly the collection year's rows.
*/
#include "testutil.h"
#include "ssda903_store.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>

#define HEAD "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPIS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define REVS "CHILD,DOB,REVIEW,REVIEW_CODE\n"
#define UASC "CHILD,SEX,DOB,DUC\n"
#define SWEP "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"

/* A return of year `year` from file texts (NULL: file not given), finished.
** Lines end CRLF, as the DfE's tools and Excel write them. */
static void make(Return903 *r, int year, const char *zHead, const char *zEpis, const char *zRevs,
                 const char *zUasc, const char *zSw) {
  r903_init(r, year);
  Buf err = {0};
  const char *az[] = {zHead, zEpis, zRevs, zUasc, zSw};
  const char *azName[] = {"header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "sw_episodes.csv"};
  for (int i = 0; i < 5; i++) {
    if (!az[i]) continue;
    Buf crlf = {0};
    for (const char *p = az[i]; *p; p++) buf_puts(&crlf, *p == '\n' ? "\r\n" : (char[]){*p, 0});
    assert_int_equal(r903_add_text(r, azName[i], crlf.z, crlf.n, &err), 0);
    buf_free(&crlf);
  }
  assert_null(err.z);
  r903_finish(r);
}

static int64_t count(Db *db, const char *zSql) { return db_int(db, -1, zSql, ""); }

/* An exported file with its CRLF line ends made LF, to compare. */
static const char *lf(Buf *b) {
  size_t j = 0;
  for (size_t i = 0; i < b->n; i++)
    if (b->z[i] != '\r') b->z[j++] = b->z[i];
  b->n = j;
  if (b->z) b->z[j] = 0;
  return b->z ? b->z : "";
}

static void test_check_names_file_and_line(void **state) {
  (void)state;
  Return903 r;
  make(&r, 2026,
       HEAD "A1,X,01/01/2010,WXYZ,,,\nA2,F,31/02/2010,WBRI,,,\nA1,M,01/01/2010,WBRI,,,\n",
       EPIS "A1,01/04/2025,Q,C9,N9,Z9,PR9,,,,,,\n"
            "A2,01/05/2025,S,C1,N1,U1,PR1,30/04/2025,E11,,,,\n"
            "A2,01/06/2025,S,C1,N1,U1,PR1,01/07/2025,,,,,\n"
            "A2,01/06/2025,S,C1,N1,U1,PR1,,,,,,\n"
            "ZZ,,S,C1,N1,U1,PR1,,,,,,\n",
       REVS "A1,01/01/2010,,PN1\nA1,01/01/2010,01/05/2025,PN9\nA1,01/01/2010,01/05/2025,PN1\n",
       UASC "A1,M,01/01/2010,32/01/2028\n", SWEP "NOPE,01/01/2010,SW1,01/04/2025,,\n");
  Buf err = {0};
  int n = s903_check(&r, &err);
  const char *azWant[] = {
    "header.csv line 2: SEX 'X' is not a sex code (M, F or U)\n",
    "header.csv line 2: ETHNIC 'WXYZ' is not an ethnicity code\n",
    "header.csv line 3: DOB '31/02/2010' is not a date (DD/MM/YYYY)\n",
    "header.csv line 4: child A1 is in the header file twice (the first is line 2)\n",
    "episodes.csv line 2: RNE 'Q' is not a reason for a new episode\n",
    "episodes.csv line 2: LS 'C9' is not a legal status code\n",
    "episodes.csv line 2: CIN 'N9' is not a category of need\n",
    "episodes.csv line 2: PLACE 'Z9' is not a placement code\n",
    "episodes.csv line 2: PLACE_PROVIDER 'PR9' is not a placement provider code\n",
    "episodes.csv line 3: DEC 30/04/2025 is before DECOM 01/05/2025\n",
    "episodes.csv line 4: DEC is given but REC is blank: an episode that ended needs both\n",
    "episodes.csv line 5: a second episode of child A2 on 01/06/2025 (the first is line 4)\n",
    "episodes.csv line 6: CHILD 'ZZ' is not in the header file\n",
    "episodes.csv line 6: DECOM is blank: every row needs one\n",
    "reviews.csv line 2: REVIEW is blank: every row needs one\n",
    "reviews.csv line 3: REVIEW_CODE 'PN9' is not a participation code (PN0 to PN7)\n",
    "reviews.csv line 4: a second review of child A1 on 01/05/2025 (the first is line 3)\n",
    "uasc.csv line 2: DUC '32/01/2028' is not a date (DD/MM/YYYY)\n",
    "sw_episodes.csv line 2: CHILD 'NOPE' is not in the header file\n",
  };
  for (int i = 0; i < COUNT(azWant); i++) {
    if (!strstr(err.z, azWant[i])) fail_msg("missing: %s\nin:\n%s", azWant[i], err.z);
  }
  assert_int_equal(n, COUNT(azWant));
  buf_free(&err);
  r903_free(&r);
}

static void test_no_header_file(void **state) {
  (void)state;
  Return903 r;
  make(&r, 2026, NULL, EPIS "A1,01/04/2025,S,C1,N1,U1,PR1,,,,,,\n", NULL, NULL, NULL);
  Buf err = {0};
  assert_int_equal(s903_check(&r, &err), 1);
  assert_non_null(strstr(err.z, "There is no header file"));
  buf_free(&err);
  r903_free(&r);
}

/* A bad row in the last file read (the social worker episodes, loaded
** last) loads nothing at all. */
static void test_bad_last_file_loads_nothing(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t nAudit = count(db, "SELECT count(*) FROM audit_log");
  Return903 r;
  make(&r, 2026, HEAD "A1,M,01/01/2010,WBRI,,,\n", EPIS "A1,01/04/2025,S,C1,N1,U1,PR1,,,,,,\n",
       REVS "A1,01/01/2010,01/05/2025,PN1\n", UASC "A1,M,01/01/2010,01/01/2028\n",
       SWEP "A1,01/01/2010,SW1,01/04/2025,,\nB9,01/01/2010,SW1,01/04/2025,,\n");
  Import903 st;
  Buf err = {0};
  assert_int_equal(s903_import(db, &r, "test", &st, &err, NULL, NULL), -1);
  assert_non_null(strstr(err.z, "sw_episodes.csv line 3: CHILD 'B9' is not in the header file"));
  assert_non_null(strstr(err.z, "Nothing was loaded: 1 problem to correct."));
  assert_int_equal(count(db, "SELECT count(*) FROM child"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM episode"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM review"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_row"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), nAudit);
  buf_free(&err);
  r903_free(&r);
  test_db_close(db);
}

/* The database refusing the very last row rolls back everything before. */
static void test_database_refusal_rolls_back(void **state) {
  (void)state;
  Db *db = test_db_open();
  assert_int_equal(db_exec_script(db, "CREATE TRIGGER refuse BEFORE INSERT ON ssda903_row "
                                      "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;"),
                   DB_OK);
  Return903 r;
  make(&r, 2026, HEAD "A1,M,01/01/2010,WBRI,,,\n", EPIS "A1,01/04/2025,S,C1,N1,U1,PR1,,,,,,\n",
       REVS "A1,01/01/2010,01/05/2025,PN1\n", NULL, SWEP "A1,01/01/2010,SW1,01/04/2025,,\n");
  Import903 st;
  Buf err = {0};
  assert_int_equal(s903_import(db, &r, "test", &st, &err, NULL, NULL), -1);
  assert_non_null(strstr(err.z, "refused for the test"));
  assert_int_equal(count(db, "SELECT count(*) FROM child"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM episode"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM review"), 0);
  assert_int_equal(st.nChild, 0);
  buf_free(&err);
  r903_free(&r);
  test_db_close(db);
}

static void import_ok(Db *db, Return903 *r, Import903 *st) {
  Buf err = {0};
  int rc = s903_import(db, r, "test", st, &err, NULL, NULL);
  if (rc != 0) fail_msg("import failed: %s", err.z);
  buf_free(&err);
  r903_free(r);
}

/* 2024/25 then 2025/26: the episode open at 31 March 2025 is closed by the
** later return, not duplicated; names the council set are kept. */
static void test_later_year_updates(void **state) {
  (void)state;
  Db *db = test_db_open();
  Return903 r;
  Import903 st;
  make(&r, 2025, HEAD "A1,M,01/01/2010,WBRI,A123456789012,,\n", EPIS "A1,01/04/2024,S,C1,N1,U1,PR1,,,,TW1 1AA,TW2 2BB,\n",
       REVS "A1,01/01/2010,01/05/2024,PN1\n", NULL, SWEP "A1,01/01/2010,SW1,01/04/2024,,\n");
  import_ok(db, &r, &st);
  assert_int_equal(st.nChildNew, 1);
  assert_int_equal(st.nEpisodeNew, 1);
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE given_name = 'Child' AND family_name = 'A1' "
                             "AND dob = '2010-01-01' AND sex = 'M' AND uasc = 0"),
                   1);
  assert_int_equal(db_exec(db, "UPDATE child SET given_name = 'Amira', family_name = 'O''Brien'", ""), DB_OK);

  make(&r, 2026, HEAD "A1,M,01/01/2010,WIRI,A123456789012,,\nB2,F,02/02/2012,,,,\n",
       EPIS "A1,01/04/2024,S,C1,N1,U1,PR1,01/06/2025,X1,CARPL,TW1 1AA,TW2 2BB,\n"
            "A1,01/06/2025,P,C1,N1,U4,PR4,,,,TW1 1AA,TW3 3CC,\n"
            "B2,01/07/2025,S,V2,N4,U6,PR1,,,,,,\n",
       REVS "A1,01/01/2010,01/05/2025,PN2\nB2,02/02/2012,02/08/2025,PN1\n", UASC "B2,F,02/02/2012,02/02/2030\n",
       SWEP "A1,01/01/2010,SW2,01/04/2025,,\n");
  import_ok(db, &r, &st);
  assert_int_equal(st.nChild, 2);
  assert_int_equal(st.nChildNew, 1);
  assert_int_equal(st.nEpisode, 3);
  assert_int_equal(st.nEpisodeNew, 2);
  assert_int_equal(st.nReviewNew, 2);
  assert_int_equal(count(db, "SELECT count(*) FROM child"), 2);
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE given_name = 'Amira' AND ethnicity = 'WIRI'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE child_ref = 'B2' AND uasc = 1"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM episode"), 3);
  assert_int_equal(count(db, "SELECT count(*) FROM episode WHERE start_date = '2024-04-01' "
                             "AND end_date = '2025-06-01' AND end_reason = 'X1' AND reason_place_change = 'CARPL'"),
                   1);
  assert_int_equal(count(db, "SELECT count(*) FROM review"), 3);
  /* Each year's other files are kept apart. */
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_row WHERE year = 2025"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_row WHERE year = 2026"), 1);

  /* The same return again changes nothing and adds nothing. */
  make(&r, 2026, HEAD "A1,M,01/01/2010,WIRI,A123456789012,,\nB2,F,02/02/2012,,,,\n",
       EPIS "A1,01/04/2024,S,C1,N1,U1,PR1,01/06/2025,X1,CARPL,TW1 1AA,TW2 2BB,\n"
            "A1,01/06/2025,P,C1,N1,U4,PR4,,,,TW1 1AA,TW3 3CC,\n"
            "B2,01/07/2025,S,V2,N4,U6,PR1,,,,,,\n",
       REVS "A1,01/01/2010,01/05/2025,PN2\nB2,02/02/2012,02/08/2025,PN1\n", UASC "B2,F,02/02/2012,02/02/2030\n",
       SWEP "A1,01/01/2010,SW2,01/04/2025,,\n");
  import_ok(db, &r, &st);
  assert_int_equal(st.nChildNew + st.nEpisodeNew + st.nReviewNew, 0);
  assert_int_equal(count(db, "SELECT count(*) FROM episode"), 3);
  assert_int_equal(count(db, "SELECT count(*) FROM review"), 3);
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_row"), 2);
  /* A load that changes nothing writes no audit entry either. */
  assert_int_equal(st.nChange, 0);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import' AND record = 'ssda903:2026'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_child WHERE uasc_ceased = '2030-02-02'"), 1);

  /* A UASC file without B2 clears B2's flag; a return without a UASC file
  ** leaves it alone. */
  make(&r, 2026, HEAD "B2,F,02/02/2012,,,,\n", NULL, NULL, UASC, NULL);
  import_ok(db, &r, &st);
  assert_int_equal(count(db, "SELECT uasc FROM child WHERE child_ref = 'B2'"), 0);
  assert_int_equal(count(db, "SELECT count(*) FROM ssda903_child WHERE uasc_ceased IS NOT NULL"), 0);
  assert_int_equal(db_exec(db, "UPDATE child SET uasc = 1 WHERE child_ref = 'B2'", ""), DB_OK);
  make(&r, 2026, HEAD "B2,F,02/02/2012,,,,\n", NULL, NULL, NULL, NULL);
  import_ok(db, &r, &st);
  assert_int_equal(count(db, "SELECT uasc FROM child WHERE child_ref = 'B2'"), 1);
  test_db_close(db);
}

/* Export takes the episodes open on any day of 1 April - 31 March, the
** reviews held in it, and writes DD/MM/YYYY in the DfE's column order. */
static void test_export_year_edges(void **state) {
  (void)state;
  Db *db = test_db_open();
  Return903 r;
  Import903 st;
  make(&r, 2026,
       HEAD "E1,F,29/02/2012,WBRI,,,\nE2,M,01/01/2011,,,,\nE3,M,01/01/2011,,,,\nE4,U,01/01/2011,,,,\n",
       EPIS "E1,01/01/2024,S,C1,N1,U1,PR1,31/03/2025,E13,,,,\n"  /* ends the day before the year */
            "E1,01/04/2025,S,C1,N1,U1,PR1,,,,,,\n"               /* starts on its first day */
            "E2,01/01/2024,S,C1,N1,U1,PR1,01/04/2025,E13,,,,\n"  /* ends on its first day */
            "E3,31/03/2026,S,C1,N1,U1,,,,,,,\n"                  /* starts on its last day */
            "E4,01/04/2026,S,C1,N1,U1,,,,,,,\n",                 /* starts the day after */
       REVS "E1,29/02/2012,31/03/2025,PN1\nE1,29/02/2012,01/04/2025,PN1\nE1,29/02/2012,31/03/2026,PN1\n"
            "E1,29/02/2012,01/04/2026,PN1\n",
       NULL, NULL);
  r.year = 2026;
  import_ok(db, &r, &st);
  assert_int_equal(count(db, "SELECT count(*) FROM episode"), 5);
  Buf aOut[T_COUNT], err = {0};
  memset(aOut, 0, sizeof aOut);
  int nChild;
  assert_int_equal(s903_export(db, 2026, "test", aOut, &nChild, &err), 0);
  /* E4 is in the 2025/26 return's Header, so it stays in the Header. */
  assert_int_equal(nChild, 4);
  assert_string_equal(lf(&aOut[T_HEADER]), HEAD "E1,F,29/02/2012,WBRI,,,\nE2,M,01/01/2011,,,,\n"
                                             "E3,M,01/01/2011,,,,\nE4,U,01/01/2011,,,,\n");
  assert_string_equal(lf(&aOut[T_EPISODES]), EPIS "E1,01/04/2025,S,C1,N1,U1,PR1,,,,,,\n"
                                               "E2,01/01/2024,S,C1,N1,U1,PR1,01/04/2025,E13,,,,\n"
                                               "E3,31/03/2026,S,C1,N1,U1,,,,,,,\n");
  assert_string_equal(lf(&aOut[T_REVIEWS]), REVS "E1,29/02/2012,01/04/2025,PN1\nE1,29/02/2012,31/03/2026,PN1\n");
  assert_string_equal(lf(&aOut[T_UASC]), UASC);
  assert_int_equal(aOut[T_SW].n, 0);
  for (int t = 0; t < T_COUNT; t++) buf_free(&aOut[t]);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'export' AND after_value = '4 children'"), 1);
  test_db_close(db);
}

/* Before 2024/25 sex was coded 1 and 2: loaded as M and F, written back
** as the year's return codes it. */
static void test_old_sex_codes(void **state) {
  (void)state;
  Db *db = test_db_open();
  Return903 r;
  Import903 st;
  make(&r, 2018, HEAD "K1,1,01/01/2010,WBRI,,,\nK2,2,01/01/2011,WBRI,,1,01/01/2017\n",
       EPIS "K1,01/05/2017,S,C1,N1,U1,PR1,,,,,,\nK2,01/05/2017,S,C1,N1,U1,PR1,,,,,,\n", NULL, NULL, NULL);
  import_ok(db, &r, &st);
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE sex = 'M' AND child_ref = 'K1'"), 1);
  Buf aOut[T_COUNT], err = {0};
  memset(aOut, 0, sizeof aOut);
  int nChild;
  assert_int_equal(s903_export(db, 2018, "test", aOut, &nChild, &err), 0);
  assert_string_equal(lf(&aOut[T_HEADER]), HEAD "K1,1,01/01/2010,WBRI,,,\nK2,2,01/01/2011,WBRI,,1,01/01/2017\n");
  for (int t = 0; t < T_COUNT; t++) buf_free(&aOut[t]);
  test_db_close(db);
}

/* The year of a return is the collection year of its latest date. */
static void test_guess_year(void **state) {
  (void)state;
  Return903 r;
  make(&r, 2000, HEAD "A,M,01/01/2010,,,,\n", EPIS "A,01/04/2025,S,C1,N1,U1,,31/03/2026,E13,,,,\n", NULL, NULL, NULL);
  assert_int_equal(s903_guess_year(&r), 2026);
  r903_free(&r);
  make(&r, 2000, HEAD "A,M,01/01/2010,,,,\n", EPIS "A,01/04/2025,S,C1,N1,U1,,,,,,,\n",
       REVS "A,01/01/2010,01/04/2026,PN1\n", NULL, NULL);
  assert_int_equal(s903_guess_year(&r), 2027);
  r903_free(&r);
  make(&r, 2000, HEAD "A,M,01/01/2010,,,,\n", NULL, NULL, NULL, NULL);
  assert_int_equal(s903_guess_year(&r), 0);
  r903_free(&r);
}

/* Files with LF line ends (saved on Linux or a Mac) load the same. */
static void test_lf_line_ends(void **state) {
  (void)state;
  Return903 r;
  r903_init(&r, 2026);
  Buf err = {0};
  const char *z = HEAD "A1,M,01/01/2010,WBRI,,,\nA2,F,01/01/2011,WBRI,,,\n";
  assert_int_equal(r903_add_text(&r, "header.csv", z, strlen(z), &err), 0);
  r903_finish(&r);
  assert_int_equal(s903_check(&r, &err), 0);
  assert_int_equal(r.a[T_HEADER].nRow, 2);
  assert_string_equal(c903(&r.a[T_HEADER], 1, H_CHILD), "A2");
  buf_free(&err);
  r903_free(&r);
}

/* ---- The monthly sync (issue 15): a later extract over what Oversight holds ---- */

/* The first extract: S1 in care since 2024 (an episode ended in the year,
** one open), S2 open, S3 open (to be dropped), S4 whose DOB is corrected. */
#define SYNC_HEAD HEAD "S1,M,01/01/2010,WBRI,,,\nS2,F,02/02/2012,,,,\nS3,M,03/03/2013,,,,\nS4,F,04/04/2014,WBRI,,,\n"
#define SYNC_EPIS EPIS "S1,01/04/2024,S,C1,N1,U1,PR1,01/06/2025,X1,CARPL,,,\n" \
                       "S1,01/06/2025,P,C1,N1,U4,PR4,,,,,,\n"                  \
                       "S2,10/07/2025,S,V2,N4,U6,PR1,,,,,,\n"                  \
                       "S3,01/05/2025,S,C2,N1,U3,PR1,,,,,,\n"                  \
                       "S4,01/09/2025,S,C2,N1,U3,PR1,,,,,,\n"
#define SYNC_REVS REVS "S1,01/01/2010,01/07/2025,PN1\n"
/* A month on: S2's DECOM corrected, S1's open episode ended, S3's open
** episode gone, S4's DOB corrected, a new child S5, and a review of S2
** that was recorded in Oversight first. */
#define LATER_HEAD HEAD "S1,M,01/01/2010,WBRI,,,\nS2,F,02/02/2012,,,,\nS3,M,03/03/2013,,,,\nS4,F,05/04/2014,WBRI,,,\n" \
                        "S5,U,05/05/2015,,,,\n"
#define LATER_EPIS EPIS "S1,01/04/2024,S,C1,N1,U1,PR1,01/06/2025,X1,CARPL,,,\n" \
                        "S1,01/06/2025,P,C1,N1,U4,PR4,20/03/2026,E13,,,,\n"     \
                        "S2,07/07/2025,S,V2,N4,U6,PR1,,,,,,\n"                  \
                        "S4,01/09/2025,S,C2,N1,U3,PR1,,,,,,\n"                  \
                        "S5,01/03/2026,S,C2,N1,U1,PR1,,,,,,\n"
#define LATER_REVS REVS "S1,01/01/2010,01/07/2025,PN1\nS2,02/02/2012,01/10/2025,PN2\nS5,05/05/2015,15/03/2026,PN1\n"

static void sync_base(Db *db) {
  Return903 r;
  Import903 st;
  make(&r, 2026, SYNC_HEAD, SYNC_EPIS, SYNC_REVS, NULL, NULL);
  import_ok(db, &r, &st);
  /* What only Oversight holds: names, a registration status, an IRO
  ** allocated, a review recorded here (before the case system has it),
  ** a contact. */
  assert_int_equal(db_exec_script(db,
      "UPDATE child SET given_name = 'Amira', family_name = 'O''Brien' WHERE child_ref = 'S2';"
      "UPDATE episode SET registration = 'unregistered', provider_name = 'Hill House' "
      "  WHERE start_date = '2025-07-10';"
      "INSERT INTO iro(id, name) VALUES (7, 'Test IRO');"
      "INSERT INTO allocation(child_id, iro_id, start_date, reason) "
      "  SELECT id, 7, '2025-07-15', 'new to care' FROM child WHERE child_ref = 'S2';"
      "INSERT INTO review(child_id, held_on, iro_id, minutes_on) "
      "  SELECT id, '2025-10-01', 7, '2025-10-20' FROM child WHERE child_ref = 'S2';"
      "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom) "
      "  SELECT id, 7, '2025-09-01', 'visit', 'child' FROM child WHERE child_ref = 'S2';"),
                   DB_OK);
}

static const Sync903Item *find_item(const Plan903 *p, Sync903Kind k, const char *zChild) {
  for (int i = 0; i < p->nItem; i++)
    if (p->aItem[i].kind == k && strcmp(p->aItem[i].zChild, zChild) == 0) return &p->aItem[i];
  fail_msg("no %s for %s", s903_sync_name(k), zChild);
  return NULL;
}

static const char *changes_of(const Plan903 *p, const Sync903Item *it, Buf *b) {
  buf_reset(b);
  s903_item_changes(p, it, b);
  return b->z ? b->z : "";
}

/* Every row of every table Oversight's sync could touch, as text. */
static char *dump(Db *db) {
  static const char *const az[] = {
    "SELECT * FROM child ORDER BY id", "SELECT * FROM episode ORDER BY id", "SELECT * FROM review ORDER BY id",
    "SELECT * FROM ssda903_child ORDER BY child_id", "SELECT * FROM ssda903_return_child ORDER BY year, child_id",
    "SELECT * FROM ssda903_row ORDER BY id", "SELECT * FROM allocation ORDER BY id",
    "SELECT * FROM contact ORDER BY id", "SELECT id, action, record FROM audit_log ORDER BY id",
    "SELECT n FROM data_generation",
  };
  Buf b = {0};
  for (int i = 0; i < COUNT(az); i++) {
    Stmt *s = db_prepare(db, az[i]);
    while (db_step(s) == DB_ROW) {
      for (int c = 0; c < db_column_count(s); c++) buf_printf(&b, "%s|", db_col_text(s, c));
      buf_putc(&b, '\n');
    }
    db_finalize(s);
  }
  return buf_take(&b);
}

/* Each case of the comparison, and a dry run (the plan alone) writes nothing. */
static void test_sync_plan_cases(void **state) {
  (void)state;
  Db *db = test_db_open();
  sync_base(db);
  char *zBefore = dump(db);
  int64_t gen = count(db, "SELECT n FROM data_generation");
  Return903 r;
  make(&r, 2026, LATER_HEAD, LATER_EPIS, LATER_REVS, NULL, NULL);
  Plan903 p;
  assert_int_equal(s903_plan(db, &r, &p, NULL, NULL), 0);
  Buf b = {0};
  /* A new child, with their episode and review. */
  assert_int_equal(p.an[SYNC_CHILD_NEW], 1);
  find_item(&p, SYNC_CHILD_NEW, "S5");
  assert_int_equal(p.an[SYNC_EPISODE_NEW], 1);
  find_item(&p, SYNC_EPISODE_NEW, "S5");
  /* A corrected DOB: that field alone. */
  assert_int_equal(p.an[SYNC_CHILD_CHANGED], 1);
  assert_string_equal(changes_of(&p, find_item(&p, SYNC_CHILD_CHANGED, "S4"), &b), "DOB 04/04/2014 -> 05/04/2014");
  /* A corrected DECOM: the same episode changed, not a second one. */
  assert_int_equal(p.an[SYNC_EPISODE_CHANGED], 1);
  const Sync903Item *it = find_item(&p, SYNC_EPISODE_CHANGED, "S2");
  assert_string_equal(changes_of(&p, it, &b), "DECOM 10/07/2025 -> 07/07/2025");
  /* An episode ended: DEC and REC set. */
  assert_int_equal(p.an[SYNC_EPISODE_ENDED], 1);
  assert_string_equal(changes_of(&p, find_item(&p, SYNC_EPISODE_ENDED, "S1"), &b),
                      "DEC (none) -> 20/03/2026; REC (none) -> E13");
  /* An episode held but gone from the extract: a conflict. */
  assert_int_equal(p.an[SYNC_EPISODE_MISSING], 1);
  buf_reset(&b);
  s903_item_label(find_item(&p, SYNC_EPISODE_MISSING, "S3"), &b);
  assert_string_equal(b.z, "episode from 01/05/2025");
  /* The review recorded here and in the extract: matched, its code set. */
  assert_int_equal(p.nReviewHeld, 2);
  assert_int_equal(p.an[SYNC_REVIEW_NEW], 1);
  find_item(&p, SYNC_REVIEW_NEW, "S5");
  assert_int_equal(p.an[SYNC_REVIEW_CHANGED], 1);
  assert_string_equal(changes_of(&p, find_item(&p, SYNC_REVIEW_CHANGED, "S2"), &b), "REVIEW_CODE (none) -> PN2");
  assert_int_equal(s903_plan_changes(&p), 7);
  /* The CSV goes through buf_csv_cell, one row per field. */
  buf_reset(&b);
  s903_plan_csv(&p, &b);
  assert_non_null(strstr(b.z, "change,child,record,field,before,after\r\n"));
  assert_non_null(strstr(b.z, "episode changed,S2,episode from 10/07/2025,DECOM,10/07/2025,07/07/2025\r\n"));
  assert_non_null(strstr(b.z, "episode not in the return,S3,episode from 01/05/2025,,,\r\n"));
  /* Nothing written. */
  char *zAfter = dump(db);
  assert_string_equal(zAfter, zBefore);
  assert_int_equal(count(db, "SELECT n FROM data_generation"), gen);
  free(zAfter);
  free(zBefore);
  buf_free(&b);
  s903_plan_free(&p);
  r903_free(&r);
  test_db_close(db);
}

/* The load applies the plan: the case system's facts change, each audited
** by field; Oversight's own facts are kept; nothing is deleted. */
static void test_sync_load_keeps_oversight_facts(void **state) {
  (void)state;
  Db *db = test_db_open();
  sync_base(db);
  int64_t nAudit = count(db, "SELECT count(*) FROM audit_log");
  Return903 r;
  Import903 st;
  Plan903 p;
  Buf err = {0};
  make(&r, 2026, LATER_HEAD, LATER_EPIS, LATER_REVS, NULL, NULL);
  assert_int_equal(s903_sync(db, &r, "test", &st, &p, 0, &err, NULL, NULL), 0);
  assert_int_equal(st.nChange, 7);
  assert_int_equal(p.an[SYNC_EPISODE_MISSING], 1);
  s903_plan_free(&p);
  r903_free(&r);
  /* The case system's corrections. */
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE child_ref = 'S4' AND dob = '2014-04-05'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM episode e JOIN child c ON c.id = e.child_id "
                             "WHERE c.child_ref = 'S1' AND e.end_date = '2026-03-20' AND e.end_reason = 'E13'"), 1);
  /* S2's episode moved, not duplicated, and still unregistered. */
  assert_int_equal(count(db, "SELECT count(*) FROM episode e JOIN child c ON c.id = e.child_id WHERE c.child_ref = 'S2'"),
                   1);
  assert_int_equal(count(db, "SELECT count(*) FROM episode WHERE start_date = '2025-07-07' "
                             "AND registration = 'unregistered' AND provider_name = 'Hill House'"), 1);
  /* Names, allocation, contact kept; the review matched, not duplicated,
  ** with what was recorded here. */
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE child_ref = 'S2' AND given_name = 'Amira' "
                             "AND family_name = 'O''Brien'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM allocation WHERE iro_id = 7 AND end_date IS NULL"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM contact"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM review WHERE held_on = '2025-10-01'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM review WHERE held_on = '2025-10-01' AND iro_id = 7 "
                             "AND minutes_on = '2025-10-20' AND participation = 'PN2'"), 1);
  /* The dropped episode kept; the new child named as a placeholder. */
  assert_int_equal(count(db, "SELECT count(*) FROM episode WHERE start_date = '2025-05-01' AND end_date IS NULL"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM child WHERE child_ref = 'S5' AND given_name = 'Child' "
                             "AND family_name = 'S5'"), 1);
  /* One entry per changed field, on the child's record, and one for the load. */
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import.child' AND record = 'child:S4' "
                             "AND before_value = 'DOB 04/04/2014' AND after_value = 'DOB 05/04/2014'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import.episode' AND record = 'child:S2' "
                             "AND before_value = 'episode from 10/07/2025: DECOM 10/07/2025' "
                             "AND after_value = 'episode from 10/07/2025: DECOM 07/07/2025'"), 1);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import.episode' AND record = 'child:S1'"),
                   2);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import.review' AND record = 'child:S2'"),
                   1);
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log") - nAudit, 1 + 1 + 2 + 1 + 1);

  /* The same extract again: "No changes", nothing written, no audit entry. */
  char *zBefore = dump(db);
  make(&r, 2026, LATER_HEAD, LATER_EPIS, LATER_REVS, NULL, NULL);
  assert_int_equal(s903_sync(db, &r, "test", &st, &p, 0, &err, NULL, NULL), 0);
  assert_int_equal(st.nChange, 0);
  assert_int_equal(s903_plan_changes(&p), 0);
  Buf b = {0};
  s903_plan_text(&p, -1, &b);
  assert_non_null(strstr(b.z, "No changes"));
  /* The conflict is still there to resolve, and still listed. */
  assert_non_null(strstr(b.z, "S3 episode from 01/05/2025"));
  char *zAfter = dump(db);
  assert_string_equal(zAfter, zBefore);
  free(zAfter);
  free(zBefore);
  buf_free(&b);
  buf_free(&err);
  s903_plan_free(&p);
  r903_free(&r);
  test_db_close(db);
}

/* A load whose plan is no longer the one shown writes nothing. */
static void test_sync_stale_plan_refused(void **state) {
  (void)state;
  Db *db = test_db_open();
  sync_base(db);
  Return903 r;
  Import903 st;
  Plan903 p;
  Buf err = {0};
  make(&r, 2026, LATER_HEAD, LATER_EPIS, LATER_REVS, NULL, NULL);
  assert_int_equal(s903_plan(db, &r, &p, NULL, NULL), 0);
  uint64_t h = s903_plan_hash(&p);
  s903_plan_free(&p);
  /* Someone corrects S4's DOB by hand in between. */
  assert_int_equal(db_exec(db, "UPDATE child SET dob = '2014-04-05' WHERE child_ref = 'S4'", ""), DB_OK);
  char *zBefore = dump(db);
  assert_int_equal(s903_sync(db, &r, "test", &st, &p, h, &err, NULL, NULL), -2);
  assert_non_null(strstr(err.z, "no longer what was shown"));
  assert_int_equal(p.an[SYNC_CHILD_CHANGED], 0);
  char *zAfter = dump(db);
  assert_string_equal(zAfter, zBefore);
  free(zAfter);
  free(zBefore);
  s903_plan_free(&p);
  /* With the new plan's hash it loads. */
  assert_int_equal(s903_plan(db, &r, &p, NULL, NULL), 0);
  h = s903_plan_hash(&p);
  s903_plan_free(&p);
  assert_int_equal(s903_sync(db, &r, "test", &st, &p, h, &err, NULL, NULL), 0);
  assert_int_equal(st.nChange, 6);
  buf_free(&err);
  s903_plan_free(&p);
  r903_free(&r);
  test_db_close(db);
}

/* ---- The upload's multipart/form-data body (http.c) ---- */

static int multipart(const char *zBody, Param **pa, int *pn, HttpFile **pf, int *pnf) {
  *pa = NULL, *pn = 0, *pf = NULL, *pnf = 0;
  return http_parse_multipart("multipart/form-data; boundary=XyZ", zBody, strlen(zBody), pa, pn, pf, pnf);
}

static void free_parts(Param *a, int n, HttpFile *f, int nf) {
  http_params_free(a, n);
  for (int i = 0; i < nf; i++) {
    free(f[i].zField);
    free(f[i].zName);
    free(f[i].z);
  }
  free(f);
}

/* Found by fuzz_multipart (fuzz/corpus/multipart/leak-two-dispositions): a
** part with two Content-Disposition headers leaked the first one's name.
** Which name was meant is a guess, so the body is refused. */
static void test_multipart_two_dispositions(void **state) {
  (void)state;
  Param *a;
  HttpFile *f;
  int n, nf;
  const char *z = "--XyZ\r\nContent-Disposition: form-data; name=\"year\"\r\n"
                  "Content-Disposition: form-data; name=\"files\"; filename=\"r.xml\"\r\n\r\n"
                  "2026\r\n--XyZ--\r\n";
  assert_int_equal(multipart(z, &a, &n, &f, &nf), -1);
  assert_int_equal(n, 0);
  assert_int_equal(nf, 0);
  free_parts(a, n, f, nf);
}

static void test_multipart(void **state) {
  (void)state;
  Param *a;
  HttpFile *f;
  int n, nf;
  /* Two files (one named with a Windows path), a field, an empty file input. */
  const char *z = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
                  "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"header.csv\"\r\n"
                  "Content-Type: text/csv\r\n\r\nCHILD,SEX\r\nA,M\r\n\r\n"
                  "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"C:\\\\x\\\\e.csv\"\r\n\r\n"
                  "a--XyZb\r\n"
                  "--XyZ\r\nContent-Disposition: form-data; name=\"more\"; filename=\"\"\r\n\r\n\r\n"
                  "--XyZ--\r\n";
  assert_int_equal(multipart(z, &a, &n, &f, &nf), 0);
  assert_int_equal(n, 1);
  assert_string_equal(a[0].zName, "csrf");
  assert_string_equal(a[0].zValue, "abc");
  assert_int_equal(nf, 2);
  assert_string_equal(f[0].zName, "header.csv");
  assert_int_equal(f[0].n, strlen("CHILD,SEX\r\nA,M\r\n"));
  assert_memory_equal(f[0].z, "CHILD,SEX\r\nA,M\r\n", f[0].n);
  assert_string_equal(f[1].zName, "e.csv");
  assert_string_equal(f[1].z, "a--XyZb");
  free_parts(a, n, f, nf);
  /* Cut short, no closing delimiter, a field that is not UTF-8, no boundary. */
  const char *azBad[] = {
    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc",
    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc\r\n--XyZ",
    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--\r\n",
    "--XyZ\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--XyZ--\r\n",
    "no delimiter at all",
  };
  for (int i = 0; i < COUNT(azBad); i++) {
    if (multipart(azBad[i], &a, &n, &f, &nf) != -1) fail_msg("bad body %d accepted", i);
    free_parts(a, n, f, nf);
  }
  assert_int_equal(http_parse_multipart("multipart/form-data", "--\r\n", 4, &a, &n, &f, &nf), -1);
  free_parts(a, n, f, nf);
  /* More than 64 parts is refused. */
  Buf b = {0};
  for (int i = 0; i < 65; i++) buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n");
  buf_puts(&b, "--XyZ--\r\n");
  assert_int_equal(multipart(b.z, &a, &n, &f, &nf), -1);
  free_parts(a, n, f, nf);
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_check_names_file_and_line),
    cmocka_unit_test(test_no_header_file),
    cmocka_unit_test(test_bad_last_file_loads_nothing),
    cmocka_unit_test(test_database_refusal_rolls_back),
    cmocka_unit_test(test_later_year_updates),
    cmocka_unit_test(test_export_year_edges),
    cmocka_unit_test(test_old_sex_codes),
    cmocka_unit_test(test_guess_year),
    cmocka_unit_test(test_lf_line_ends),
    cmocka_unit_test(test_sync_plan_cases),
    cmocka_unit_test(test_sync_load_keeps_oversight_facts),
    cmocka_unit_test(test_sync_stale_plan_refused),
    cmocka_unit_test(test_multipart),
    cmocka_unit_test(test_multipart_two_dispositions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
