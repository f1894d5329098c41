/*
** test_ssda903_reader.c: reading an SSDA903 return, CSV and XML, into its
** tables: the awkward files a council's case system really produces (BOM,
** CRLF, quoted commas, spreadsheet columns, UTF-16), the XML form read as
** the peer validator reads it, and hostile XML refused without harm.
*/
#include "testutil.h"
#include "csv.h"
#include "ssda903.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------------ */
/* Where the fixtures are: meson sets OVERSIGHT_SRC to the source tree. */
static char *fixture(const char *zRel) {
  const char *zSrc = getenv("OVERSIGHT_SRC");
  Buf b = {0};
  buf_printf(&b, "%s/%s", zSrc ? zSrc : ".", zRel);
  return buf_take(&b);
}

static char *read_fixture(const char *zRel, size_t *pn) {
  char *zPath = fixture(zRel), *zErr = 0;
  Buf b = {0};
  if (csv_read_file(zPath, &b, &zErr) != 0) fail_msg("cannot read %s: %s", zPath, zErr);
  free(zPath);
  *pn = b.n;
  return buf_take(&b);
}

/* Load one text as file zName; returns r903_add_text's result, the errors
** in *pErr (caller frees). The return is finished when it loaded. */
static int load1(Return903 *r, const char *zName, const char *z, Buf *pErr) {
  r903_init(r, 2026);
  int rc = r903_add_text(r, zName, z, strlen(z), pErr);
  if (rc == 0) r903_finish(r);
  return rc;
}

#define assert_cell(t, row, col, want) assert_string_equal(c903((t), (row), (col)), (want))

static const char *zHeaderCols = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";

/* ---- Dates -------------------------------------------------------------------- */
static void test_dates(void **state) {
  (void)state;
  Date d;
  assert_int_equal(r903_parse_date("01/04/2025", &d), 1);
  assert_date_equal(d, D("2025-04-01"));
  assert_int_equal(r903_parse_date("1/4/2025", &d), 1);
  assert_date_equal(d, D("2025-04-01"));
  assert_int_equal(r903_parse_date("31/03/2026", &d), 1);
  assert_date_equal(d, D("2026-03-31"));
  assert_int_equal(r903_parse_date("29/02/2024", &d), 1);
  assert_date_equal(d, D("2024-02-29"));
  assert_int_equal(r903_parse_date("29/02/2025", &d), -1);
  assert_int_equal(r903_parse_date("31/02/2025", &d), -1);
  assert_int_equal(r903_parse_date("31/04/2025", &d), -1);
  assert_int_equal(r903_parse_date("00/04/2025", &d), -1);
  assert_int_equal(r903_parse_date("01/13/2025", &d), -1);
  assert_int_equal(r903_parse_date("2025-04-01", &d), -1);
  assert_int_equal(r903_parse_date("01/04/25", &d), -1);
  assert_int_equal(r903_parse_date("01/04/2025 ", &d), -1);
  assert_int_equal(r903_parse_date("ZZ/ZZ/2019", &d), -1);
  assert_int_equal(r903_parse_date("", &d), 0);
}

/* ---- CSV ----------------------------------------------------------------------- */
static void test_csv_bom_crlf_quotes(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  /* A BOM before the first column name, CRLF line ends, and a quoted value
  ** holding a comma and a doubled quote. */
  const char *z = "\xEF\xBB\xBF" "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"
                  "1,M,01/02/2010,WBRI,\"A1, \"\"x\"\"\",,\r\n"
                  "2,F,03/04/2011,WBRI,UN1,0,\r\n";
  assert_int_equal(load1(&r, "header.csv", z, &err), 0);
  T903 *h = &r.a[T_HEADER];
  assert_true(h->present);
  assert_int_equal(h->nRow, 2);
  assert_cell(h, 0, H_CHILD, "1");
  assert_cell(h, 0, H_UPN, "A1, \"X\"");
  assert_cell(h, 1, H_MOTHER, "0");
  assert_cell(h, 1, H_MC_DOB, "");
  assert_date_equal(d903(h, 1, H_DOB), D("2011-04-03"));
  assert_int_equal(h->aLine[0], 2);
  assert_int_equal(h->aLine[1], 3);
  r903_free(&r);
  buf_free(&err);
}

/* LF, CRLF, a lone CR (old Mac spreadsheets), and no line end at all after
** the last row: the same two rows each time, first value kept. */
static void test_csv_line_ends(void **state) {
  (void)state;
  static const char *const az[] = {
    "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1\n2,01/01/2011,01/06/2025,PN2\n",
    "CHILD,DOB,REVIEW,REVIEW_CODE\r\n1,01/01/2010,01/05/2025,PN1\r\n2,01/01/2011,01/06/2025,PN2\r\n",
    "CHILD,DOB,REVIEW,REVIEW_CODE\r1,01/01/2010,01/05/2025,PN1\r2,01/01/2011,01/06/2025,PN2\r",
    "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1\n2,01/01/2011,01/06/2025,PN2",
    "CHILD,DOB,REVIEW,REVIEW_CODE\n\"1\",01/01/2010,01/05/2025,\"PN1\"\n\"2\",01/01/2011,01/06/2025,\"PN2\"\n",
  };
  for (size_t k = 0; k < sizeof(az) / sizeof(az[0]); k++) {
    Return903 r;
    Buf err = {0};
    assert_int_equal(load1(&r, "r.csv", az[k], &err), 0);
    T903 *t = &r.a[T_REVIEWS];
    assert_int_equal(t->nRow, 2);
    assert_cell(t, 0, R_CHILD, "1");
    assert_cell(t, 0, R_REVIEW_CODE, "PN1");
    assert_cell(t, 1, R_CHILD, "2");
    assert_cell(t, 1, R_REVIEW_CODE, "PN2");
    assert_int_equal(t->aLine[1], 3);
    r903_free(&r);
    buf_free(&err);
  }
}

static void test_csv_trailing_empty_columns(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  /* A spreadsheet's export: empty columns after the last, and short rows. */
  const char *z = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,,\n"
                  "1,M,01/02/2010,WBRI,UN1,,,,\n"
                  "2,F,03/04/2011\n";
  assert_int_equal(load1(&r, "header.csv", z, &err), 0);
  T903 *h = &r.a[T_HEADER];
  assert_int_equal(h->nRow, 2);
  assert_cell(h, 0, H_UPN, "UN1");
  assert_cell(h, 1, H_ETHNIC, "");
  assert_cell(h, 1, H_MC_DOB, "");
  r903_free(&r);
  buf_free(&err);
  /* But a value in a column with no name is refused, naming its line. */
  z = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,\n1,M,01/02/2010,WBRI,UN1,,,oops\n";
  assert_int_equal(load1(&r, "header.csv", z, &err), -1);
  assert_non_null(strstr(err.z, "header.csv line 2:"));
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_invalid_date(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  const char *z = "CHILD,DOB,REVIEW,REVIEW_CODE\n"
                  "1,31/02/2025,29/02/2024,PN1\n"
                  "2,,28/02/2025,PN1\n";
  assert_int_equal(load1(&r, "reviews.csv", z, &err), 0);
  T903 *t = &r.a[T_REVIEWS];
  /* Kept as written, for the rule that reports it, but never a date. */
  assert_cell(t, 0, R_DOB, "31/02/2025");
  assert_int_equal(d903(t, 0, R_DOB), DATE_NONE);
  assert_true(bad_date903(t, 0, R_DOB));
  assert_date_equal(d903(t, 0, R_REVIEW), D("2024-02-29"));
  assert_false(bad_date903(t, 0, R_REVIEW));
  /* Blank is missing, not bad. */
  assert_int_equal(d903(t, 1, R_DOB), DATE_NONE);
  assert_false(bad_date903(t, 1, R_DOB));
  /* Non-date columns are never parsed. */
  assert_int_equal(d903(t, 0, R_REVIEW_CODE), DATE_NONE);
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_missing_and_unknown_column(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  assert_int_equal(load1(&r, "rev.csv", "CHILD,DOB,REVIEW\n1,01/01/2010,01/05/2025\n", &err), -1);
  assert_non_null(strstr(err.z, "rev.csv"));
  assert_non_null(strstr(err.z, "REVIEW_CODE"));
  r903_free(&r);
  buf_free(&err);
  assert_int_equal(load1(&r, "rev.csv", "CHILD,DOB,REVIEW,REVIEW_CODE,NOTES\n1,01/01/2010,01/05/2025,PN1,x\n",
                         &err), -1);
  assert_non_null(strstr(err.z, "rev.csv"));
  assert_non_null(strstr(err.z, "NOTES"));
  r903_free(&r);
  buf_free(&err);
  /* A column twice. */
  assert_int_equal(load1(&r, "rev.csv", "CHILD,DOB,REVIEW,REVIEW_CODE,REVIEW\n", &err), -1);
  assert_non_null(strstr(err.z, "rev.csv"));
  assert_non_null(strstr(err.z, "column REVIEW appears twice"));
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_utf16_refused(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  /* "CHILD,DOB" in UTF-16LE with its BOM, as Excel's "Unicode text" saves. */
  static const char a[] = "\xFF\xFE" "C\0H\0I\0L\0D\0,\0D\0O\0B\0\n\0";
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "header.csv", a, sizeof(a) - 1, &err), -1);
  assert_non_null(strstr(err.z, "header.csv"));
  assert_non_null(strstr(err.z, "UTF-16"));
  r903_free(&r);
  buf_free(&err);
  /* Big-endian, and without a BOM (NUL bytes give it away). */
  static const char b[] = "\0C\0H\0I\0L\0D";
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "h.csv", b, sizeof(b) - 1, &err), -1);
  assert_non_null(strstr(err.z, "UTF-16"));
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_any_order_case_trim(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  /* Columns in any order and case; values trimmed and upper-cased. */
  const char *z = "review_code, Review ,DOB,child\n"
                  " pn1 ,01/05/2025,01/01/2010, ab12 \n";
  assert_int_equal(load1(&r, "r.csv", z, &err), 0);
  T903 *t = &r.a[T_REVIEWS];
  assert_true(t->present);
  assert_int_equal(t->nRow, 1);
  assert_cell(t, 0, R_CHILD, "AB12");
  assert_cell(t, 0, R_DOB, "01/01/2010");
  assert_cell(t, 0, R_REVIEW, "01/05/2025");
  assert_cell(t, 0, R_REVIEW_CODE, "PN1");
  assert_int_equal(r.nChild, 1);
  assert_string_equal(r.azChild[0], "AB12");
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_blank_lines(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  const char *z = "CHILD,DOB,REVIEW,REVIEW_CODE\n\n1,01/01/2010,01/05/2025,PN1\n\r\n\n2,01/01/2011,01/06/2025,PN2\n\n";
  assert_int_equal(load1(&r, "r.csv", z, &err), 0);
  T903 *t = &r.a[T_REVIEWS];
  assert_int_equal(t->nRow, 2);
  assert_cell(t, 1, R_CHILD, "2");
  /* Rows are numbered from 0 for the rules, but messages name the line. */
  assert_int_equal(t->aLine[0], 3);
  assert_int_equal(t->aLine[1], 6);
  r903_free(&r);
  buf_free(&err);
  /* Only a header: a table with no rows, but present. */
  assert_int_equal(load1(&r, "r.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n", &err), 0);
  assert_true(r.a[T_REVIEWS].present);
  assert_int_equal(r.a[T_REVIEWS].nRow, 0);
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_no_table(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  assert_int_equal(load1(&r, "notes.csv", "NAME,ADDRESS\nA,B\n", &err), -1);
  assert_non_null(strstr(err.z, "notes.csv"));
  assert_non_null(strstr(err.z, "do not match any file"));
  r903_free(&r);
  buf_free(&err);
  assert_int_equal(load1(&r, "empty.csv", "", &err), -1);
  assert_non_null(strstr(err.z, "empty.csv"));
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_same_table_twice(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  const char *z = "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1\n";
  assert_int_equal(r903_add_text(&r, "a.csv", z, strlen(z), &err), 0);
  assert_int_equal(r903_add_text(&r, "b.csv", z, strlen(z), &err), -1);
  assert_non_null(strstr(err.z, "b.csv"));
  assert_non_null(strstr(err.z, "a.csv"));
  r903_free(&r);
  buf_free(&err);
}

static void test_csv_uasc_derived(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  Buf h = {0};
  buf_printf(&h, "%s\n1,M,01/02/2010,WBRI,UN1,,\n2,F,01/02/2010,WBRI,UN1,,\n", zHeaderCols);
  const char *u = "CHILD,SEX,DOB,DUC\n2,F,01/02/2010,01/02/2028\n";
  assert_int_equal(r903_add_text(&r, "header.csv", h.z, h.n, &err), 0);
  assert_int_equal(r903_add_text(&r, "uasc.csv", u, strlen(u), &err), 0);
  r903_finish(&r);
  assert_true(r.hasUasc);
  assert_cell(&r.a[T_HEADER], 0, H_UASC, "0");
  assert_cell(&r.a[T_HEADER], 1, H_UASC, "1");
  r903_free(&r);
  buf_free(&h);
  /* Without a UASC file there is no UASC column to judge by. */
  buf_printf(&h, "%s\n1,M,01/02/2010,WBRI,UN1,,\n", zHeaderCols);
  assert_int_equal(load1(&r, "header.csv", h.z, &err), 0);
  assert_false(r.hasUasc);
  assert_cell(&r.a[T_HEADER], 0, H_UASC, "");
  r903_free(&r);
  buf_free(&h);
  buf_free(&err);
}

/* ---- XML ----------------------------------------------------------------------- */
/* Load the XML fixture and its CSV twin (made by tests/ssda903/xml/
** peer_tables.py, the peer's way of turning the XML into tables) and want
** the same tables, row for row and cell for cell. */
static void check_twin(const char *zXml, const char *zCsvDir, int year) {
  Return903 x, c;
  Buf err = {0};
  size_t n;
  char *z = read_fixture(zXml, &n);
  r903_init(&x, year);
  if (r903_add_text(&x, "return.xml", z, n, &err) != 0) fail_msg("%s: %s", zXml, err.z);
  r903_finish(&x);
  free(z);
  char *zDir = fixture(zCsvDir);
  r903_init(&c, year);
  if (r903_add_dir(&c, zDir, &err) != 0) fail_msg("%s: %s", zDir, err.z);
  r903_finish(&c);
  free(zDir);
  for (int t = 0; t < T_COUNT; t++) {
    const T903 *a = &x.a[t], *b = &c.a[t];
    if (t == T_SW || t == T_DOLO) {   /* not in the XML form */
      assert_false(a->present);
      continue;
    }
    assert_int_equal(a->present, b->present);
    assert_int_equal(a->nRow, b->nRow);
    for (int i = 0; i < a->nRow; i++)
      for (int col = 0; col < a903nCol[t]; col++) {
        if (strcmp(c903(a, i, col), c903(b, i, col)) != 0)
          fail_msg("%s: %s row %d %s: XML '%s', CSV '%s'", zXml, az903Table[t], i, aa903Col[t][col],
                   c903(a, i, col), c903(b, i, col));
        assert_int_equal(d903(a, i, col), d903(b, i, col));
      }
  }
  /* Header's UASC: the XML's own value; from the CSVs, 1 for a child in the
  ** UASC file and 0 otherwise. They agree on who is "1". */
  assert_true(x.hasUasc);
  assert_true(c.hasUasc);
  for (int i = 0; i < x.a[T_HEADER].nRow; i++)
    assert_int_equal(strcmp(c903(&x.a[T_HEADER], i, H_UASC), "1") == 0,
                     strcmp(c903(&c.a[T_HEADER], i, H_UASC), "1") == 0);
  r903_free(&x);
  r903_free(&c);
  buf_free(&err);
}

static void test_xml_peer_fixture(void **state) {
  (void)state;
  check_twin("tests/ssda903/fixtures/be903/fake_903.xml", "tests/ssda903/xml/fake_903", 2018);
}

/* The generated 1,000-child return (bench/ssda903_gen.py --xml, the same
** command as its CSV files in tests/ssda903/fixtures/n1000). */
static void test_xml_generated(void **state) {
  (void)state;
  check_twin("tests/ssda903/xml/n1000.xml", "tests/ssda903/fixtures/n1000/in", 2026);
}

/* End to end: the generated return validated from its XML (with the social
** worker episodes as CSV, which the XML form lacks) fails the same rules at
** the same rows as from its CSV files, but for rule 105: the XML states
** UASC itself, blank for most children, which 105 refuses. */
static void test_xml_validates_like_csv(void **state) {
  (void)state;
  Return903 x, c;
  Buf err = {0};
  size_t n;
  char *z = read_fixture("tests/ssda903/xml/n1000.xml", &n);
  r903_init(&x, 2026);
  snprintf(x.zLa, sizeof x.zLa, "E09000027");
  assert_int_equal(r903_add_text(&x, "n1000.xml", z, n, &err), 0);
  free(z);
  z = read_fixture("tests/ssda903/fixtures/n1000/in/sw_episodes.csv", &n);
  assert_int_equal(r903_add_text(&x, "sw_episodes.csv", z, n, &err), 0);
  free(z);
  r903_finish(&x);
  char *zDir = fixture("tests/ssda903/fixtures/n1000/in");
  r903_init(&c, 2026);
  snprintf(c.zLa, sizeof c.zLa, "E09000027");
  assert_int_equal(r903_add_dir(&c, zDir, &err), 0);
  r903_finish(&c);
  free(zDir);
  r903_validate(&x, NULL, NULL);
  r903_validate(&c, NULL, NULL);
  int nRule;
  const Rule903 *const *ap = r903_rules(c.year, &nRule);
  int n105 = 0, nBlank = 0, ix = 0, ic = 0, nSame = 0;
  /* Both lists are sorted by rule, table, row: walk them together. */
  while (ix < x.nErr || ic < c.nErr) {
    const Err903 *a = ix < x.nErr ? &x.aErr[ix] : NULL, *b = ic < c.nErr ? &c.aErr[ic] : NULL;
    if (a && strcmp(ap[a->rule]->zCode, "105") == 0) {
      assert_int_equal(a->table, T_HEADER);
      assert_string_equal(c903(&x.a[T_HEADER], a->row, H_UASC), "");
      n105++;
      ix++;
      continue;
    }
    if (!a || !b || a->rule != b->rule || a->table != b->table || a->row != b->row)
      fail_msg("XML and CSV differ: XML %s %s row %d, CSV %s %s row %d", a ? ap[a->rule]->zCode : "-",
               a ? az903Table[a->table] : "-", a ? a->row : -1, b ? ap[b->rule]->zCode : "-",
               b ? az903Table[b->table] : "-", b ? b->row : -1);
    nSame++;
    ix++;
    ic++;
  }
  for (int i = 0; i < x.a[T_HEADER].nRow; i++) nBlank += c903(&x.a[T_HEADER], i, H_UASC)[0] == 0;
  assert_int_equal(n105, nBlank);
  assert_true(nSame > 50);   /* the generated faults are found */
  r903_free(&x);
  r903_free(&c);
  buf_free(&err);
}

static void test_xml_quirks_twin(void **state) {
  (void)state;
  check_twin("tests/ssda903/xml/quirks.xml", "tests/ssda903/xml/quirks", 2026);
}

/* The same quirks, spelt out (docs/ssda903-xml.md). */
static void test_xml_quirks(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  size_t n;
  char *z = read_fixture("tests/ssda903/xml/quirks.xml", &n);
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "quirks.xml", z, n, &err), 0);
  r903_finish(&r);
  free(z);
  T903 *h = &r.a[T_HEADER], *e = &r.a[T_EPISODES];
  assert_int_equal(h->nRow, 3);
  assert_cell(h, 0, H_CHILD, "A1");        /* CHILDID, trimmed, upper-cased */
  assert_cell(h, 0, H_ETHNIC, "WBRI");     /* CDATA is text */
  assert_cell(h, 0, H_UPN, "A&123");       /* entities decoded, comments dropped */
  assert_cell(h, 0, H_MOTHER, "");         /* <MOTHER /> */
  assert_cell(h, 0, H_UASC, "1");
  assert_cell(h, 1, H_UASC, "");           /* <UASC/>: blank, and no UASC row */
  assert_true(bad_date903(h, 1, H_DOB));   /* 31/02/2012 */
  assert_date_equal(d903(h, 2, H_DOB), D("2024-02-29"));
  assert_int_equal(h->aLine[0], 5);        /* the <CHILD> element's line */
  /* Episodes: PL is PLACE; an episode without URN takes the child's last. */
  assert_int_equal(e->nRow, 4);
  assert_cell(e, 0, E_PLACE, "U1");
  assert_cell(e, 0, E_URN, "SC1");
  assert_cell(e, 1, E_URN, "SC3");
  assert_cell(e, 2, E_DEC, "");
  assert_cell(e, 3, E_CHILD, "B2");
  assert_true(bad_date903(e, 3, E_DECOM)); /* 2025-04-01 is not DD/MM/YYYY */
  assert_int_equal(e->aLine[0], 23);
  /* A review without its code takes the child's last code, as the peer does. */
  assert_int_equal(r.a[T_REVIEWS].nRow, 2);
  assert_cell(&r.a[T_REVIEWS], 1, R_REVIEW_CODE, "PN1");
  assert_cell(&r.a[T_REVIEWS], 1, R_DOB, "01/02/2010");
  assert_cell(&r.a[T_MISSING], 0, M_MIS_END, "05/05/2025");
  /* Marker rows: UASC for A1, OC3 for B2 (IN_TOUCH is blank space), AD1 for C3. */
  assert_int_equal(r.a[T_UASC].nRow, 1);
  assert_cell(&r.a[T_UASC], 0, U_DUC, "01/02/2028");
  assert_int_equal(r.a[T_OC3].nRow, 1);
  assert_cell(&r.a[T_OC3], 0, O3_CHILD, "B2");
  assert_cell(&r.a[T_OC3], 0, O3_IN_TOUCH, "");
  assert_cell(&r.a[T_OC3], 0, O3_ACTIV, "F1");
  assert_int_equal(r.a[T_AD1].nRow, 1);
  assert_cell(&r.a[T_AD1], 0, A_CHILD, "C3");
  assert_int_equal(r.a[T_PLACED].nRow, 1);
  assert_int_equal(r.a[T_OC2].nRow, 1);
  assert_int_equal(r.a[T_PREVPERM].nRow, 1);
  /* The ten tables the XML carries are present (even if empty); the social
  ** worker and DoLo tables are not in the XML form. */
  for (int t = 0; t < T_COUNT; t++) assert_int_equal(r.a[t].present, t != T_SW && t != T_DOLO);
  assert_string_equal(h->zFile, "quirks.xml");
  r903_free(&r);
  buf_free(&err);
}

static void test_xml_bom_and_blank_lines(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  const char *z = "\xEF\xBB\xBF\n\n<?xml version=\"1.0\"?>\n<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID>"
                  "</HEADER></CHILD>\n</EXPSSDA903>\n";
  assert_int_equal(load1(&r, "r.xml", z, &err), 0);
  assert_int_equal(r.a[T_HEADER].nRow, 1);
  assert_int_equal(r.a[T_HEADER].aLine[0], 5);
  r903_free(&r);
  buf_free(&err);
}

/* Each bad file: refused, naming the file, the line and the reason. */
static void expect_refused(const char *z, const char *zLine, const char *zReason) {
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  int rc = r903_add_text(&r, "bad.xml", z, strlen(z), &err);
  if (rc != -1) fail_msg("accepted: %s", z);
  if (zLine && !strstr(err.z, zLine)) fail_msg("wanted '%s' in: %s", zLine, err.z);
  if (zReason && !strstr(err.z, zReason)) fail_msg("wanted '%s' in: %s", zReason, err.z);
  r903_free(&r);
  buf_free(&err);
}

static void test_xml_bad(void **state) {
  (void)state;
  /* Not well formed: an unclosed element, a mismatched end tag, a stray &. */
  expect_refused("<EXPSSDA903>\n<CHILD>\n<HEADER><CHILDID>1</CHILDID>\n</CHILD>\n</EXPSSDA903>\n",
                 "bad.xml line 4:", "not well formed");
  expect_refused("<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD>\n", "bad.xml line ",
                 "not well formed");
  expect_refused("<EXPSSDA903>\n\n<CHILD><HEADER><CHILDID>1 & 2</CHILDID></HEADER></CHILD>\n</EXPSSDA903>",
                 "bad.xml line 3:", "not well formed");
  /* Something other than a child under the root. */
  expect_refused("<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD>\n<NOTE>x</NOTE>\n</EXPSSDA903>",
                 "bad.xml line 3:", "<NOTE> where a <CHILD> was expected");
  /* No children at all. */
  expect_refused("<EXPSSDA903></EXPSSDA903>", "bad.xml", "no <CHILD>");
  expect_refused("<EXPSSDA903/>", "bad.xml", "no <CHILD>");
  /* Only the start. */
  expect_refused("<", "bad.xml", "not well formed");
  expect_refused("<?xml version=\"1.0\"?>", "bad.xml", NULL);
}

static void test_xml_hostile(void **state) {
  (void)state;
  /* External entities (XXE) and entity expansion (billion laughs): any
  ** DOCTYPE is refused, so neither is ever looked at. */
  expect_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                 "<EXPSSDA903><CHILD><HEADER><CHILDID>&e;</CHILDID></HEADER></CHILD></EXPSSDA903>",
                 "bad.xml line 2:", "DOCTYPE");
  expect_refused("<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><EXPSSDA903/>", "bad.xml line 1:", "DOCTYPE");
  Buf b = {0};
  buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
  for (int i = 1; i < 10; i++) {
    buf_printf(&b, "<!ENTITY lol%d \"", i);
    for (int j = 0; j < 10; j++) buf_printf(&b, i == 1 ? "&lol;" : "&lol%d;", i - 1);
    buf_puts(&b, "\">\n");
  }
  buf_puts(&b, "]>\n<EXPSSDA903><CHILD><HEADER><CHILDID>&lol9;</CHILDID></HEADER></CHILD></EXPSSDA903>\n");
  expect_refused(b.z, "bad.xml line", "DOCTYPE");
  buf_reset(&b);
  /* An entity never declared. */
  expect_refused("<EXPSSDA903><CHILD><HEADER><CHILDID>&e;</CHILDID></HEADER></CHILD></EXPSSDA903>", "bad.xml line 1:",
                 NULL);
  /* Nesting far deeper than any return: refused, not a stack overflow. */
  buf_puts(&b, "<EXPSSDA903><CHILD>");
  for (int i = 0; i < 100000; i++) buf_puts(&b, "<A>");
  expect_refused(b.z, "bad.xml line 1:", NULL);
  buf_free(&b);
  /* UTF-16 XML. */
  static const char a[] = "\xFF\xFE<\0E\0/\0>\0";
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "r.xml", a, sizeof(a) - 1, &err), -1);
  assert_non_null(strstr(err.z, "UTF-16"));
  r903_free(&r);
  buf_free(&err);
}

/* The XML is the whole return: a CSV file beside it is a mistake. */
static void test_xml_with_csv(void **state) {
  (void)state;
  Return903 r;
  Buf err = {0};
  r903_init(&r, 2026);
  const char *zCsv = "CHILD,DOB,REVIEW,REVIEW_CODE\n";
  const char *zXml = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD></EXPSSDA903>";
  assert_int_equal(r903_add_text(&r, "reviews.csv", zCsv, strlen(zCsv), &err), 0);
  assert_int_equal(r903_add_text(&r, "r.xml", zXml, strlen(zXml), &err), -1);
  assert_non_null(strstr(err.z, "reviews.csv"));
  assert_non_null(strstr(err.z, "r.xml"));
  r903_free(&r);
  buf_free(&err);
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "r.xml", zXml, strlen(zXml), &err), 0);
  assert_int_equal(r903_add_text(&r, "s.xml", zXml, strlen(zXml), &err), -1);
  assert_non_null(strstr(err.z, "s.xml"));
  r903_free(&r);
  buf_free(&err);
  /* The social worker episodes, which the XML form lacks, may come as CSV. */
  const char *zSw = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n1,01/01/2010,W1,01/04/2025,,\n";
  r903_init(&r, 2026);
  assert_int_equal(r903_add_text(&r, "r.xml", zXml, strlen(zXml), &err), 0);
  assert_int_equal(r903_add_text(&r, "sw.csv", zSw, strlen(zSw), &err), 0);
  r903_finish(&r);
  assert_true(r.a[T_SW].present);
  assert_int_equal(r.a[T_SW].nRow, 1);
  assert_int_equal(r.nChild, 1);
  r903_free(&r);
  buf_free(&err);
}

/* Damaged copies of the peer's fixture (cut short, bytes changed): each is
** either read or refused with a message; never a crash (ASan watches). */
static void test_xml_damaged(void **state) {
  (void)state;
  size_t n;
  char *z = read_fixture("tests/ssda903/fixtures/be903/fake_903.xml", &n);
  char *zCopy = xmalloc(n + 1);
  unsigned seed = 903;
  for (int k = 0; k < 60; k++) {
    memcpy(zCopy, z, n + 1);
    size_t m = n;
    if (k % 3 == 0) {
      m = (size_t)k * 4099 % n;   /* cut short */
    } else {
      for (int j = 0; j < 8; j++) {
        seed = seed * 1103515245u + 12345u;
        size_t at = (seed >> 8) % n;
        seed = seed * 1103515245u + 12345u;
        zCopy[at] = "<>&/\"'\x01\x80 ZQ"[(seed >> 8) % 11];
      }
    }
    Return903 r;
    Buf err = {0};
    r903_init(&r, 2018);
    int rc = r903_add_text(&r, "damaged.xml", zCopy, m, &err);
    if (rc == 0) {
      r903_finish(&r);
    } else {
      assert_non_null(err.z);
      assert_non_null(strstr(err.z, "damaged.xml"));
    }
    if (k % 3 == 0) assert_int_equal(rc, -1);   /* a cut file is never well formed */
    r903_free(&r);
    buf_free(&err);
  }
  free(zCopy);
  free(z);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_csv_bom_crlf_quotes),
    cmocka_unit_test(test_csv_line_ends),
    cmocka_unit_test(test_csv_trailing_empty_columns),
    cmocka_unit_test(test_csv_invalid_date),
    cmocka_unit_test(test_csv_missing_and_unknown_column),
    cmocka_unit_test(test_csv_utf16_refused),
    cmocka_unit_test(test_csv_any_order_case_trim),
    cmocka_unit_test(test_csv_blank_lines),
    cmocka_unit_test(test_csv_no_table),
    cmocka_unit_test(test_csv_same_table_twice),
    cmocka_unit_test(test_csv_uasc_derived),
    cmocka_unit_test(test_xml_peer_fixture),
    cmocka_unit_test(test_xml_generated),
    cmocka_unit_test(test_xml_validates_like_csv),
    cmocka_unit_test(test_xml_quirks_twin),
    cmocka_unit_test(test_xml_quirks),
    cmocka_unit_test(test_xml_bom_and_blank_lines),
    cmocka_unit_test(test_xml_bad),
    cmocka_unit_test(test_xml_hostile),
    cmocka_unit_test(test_xml_with_csv),
    cmocka_unit_test(test_xml_damaged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
