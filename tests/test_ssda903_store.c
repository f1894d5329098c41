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
  assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'import' AND record = 'ssda903:2026'"), 2);
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
    cmocka_unit_test(test_multipart),
    cmocka_unit_test(test_multipart_two_dispositions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
