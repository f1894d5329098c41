/*
** test_csv.c: the one CSV cell writer (buf_csv_cell, util.h) and its
** import-side inverse (csv_unguard, run by csv_read). A text cell that a
** spreadsheet would run as a formula (= + - @ tab CR, OWASP's list) is
** written with a ' in front; a cell the writer knows is a number or a date
** is written as it is; and whatever a user typed comes back byte for byte
** when an export is read by an import.
*/
#include "testutil.h"
#include "csv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The cell as written; the caller frees it. */
static char *cell(const char *z, CsvCell kind) {
  Buf b = {0};
  buf_csv_cell(&b, z, kind);
  return buf_take(&b);
}

static void expect(const char *z, CsvCell kind, const char *zWant) {
  char *zGot = cell(z, kind);
  assert_string_equal(zGot, zWant);
  free(zGot);
}

static void each_formula_character_gets_a_quote(void **state) {
  (void)state;
  expect("=1+1", CSV_TEXT, "'=1+1");
  expect("+44 20 7946 0000", CSV_TEXT, "'+44 20 7946 0000");
  expect("-3", CSV_TEXT, "'-3");   /* text that looks like a number is text */
  expect("@SUM(A1:A2)", CSV_TEXT, "'@SUM(A1:A2)");
  expect("\t=cmd", CSV_TEXT, "'\t=cmd");
  /* A CR must be quoted anyway (RFC 4180); the quote goes inside. */
  expect("\r=cmd", CSV_TEXT, "\"'\r=cmd\"");
  expect("=HYPERLINK(\"http://x\",\"y\")", CSV_TEXT, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  expect("-", CSV_TEXT, "'-");
}

static void other_text_is_written_as_typed(void **state) {
  (void)state;
  expect("O'Brien", CSV_TEXT, "O'Brien");
  expect("a = b", CSV_TEXT, "a = b");
  expect(" =x", CSV_TEXT, " =x");   /* a space in front is not skipped */
  expect("2026-04-01", CSV_TEXT, "2026-04-01");
  expect("'quoted", CSV_TEXT, "'quoted");
  expect("'", CSV_TEXT, "'");
  expect("", CSV_TEXT, "");
  expect(NULL, CSV_TEXT, "");
}

static void quotes_commas_and_line_breaks_are_quoted(void **state) {
  (void)state;
  expect("say \"hi\"", CSV_TEXT, "\"say \"\"hi\"\"\"");
  expect("Smith, Jo", CSV_TEXT, "\"Smith, Jo\"");
  expect("line one\nline two", CSV_TEXT, "\"line one\nline two\"");
  expect("a\r\nb", CSV_TEXT, "\"a\r\nb\"");
  expect("-1,5", CSV_TEXT, "\"'-1,5\"");
}

static void a_cell_known_to_be_a_number_is_written_as_it_is(void **state) {
  (void)state;
  expect("-3", CSV_AS_IS, "-3");
  expect("+3", CSV_AS_IS, "+3");
  expect("-0.25", CSV_AS_IS, "-0.25");
  expect("2026-04-01", CSV_AS_IS, "2026-04-01");
  expect("", CSV_AS_IS, "");
  /* Still CSV: a comma would split the cell. */
  expect("1,000", CSV_AS_IS, "\"1,000\"");
}

static void a_quote_typed_before_a_formula_character_is_kept(void **state) {
  (void)state;
  /* A user who typed '=x gets ''=x, which an import reads as '=x. */
  expect("'=x", CSV_TEXT, "''=x");
  expect("''-3", CSV_TEXT, "'''-3");
}

static void unguard(const char *z, const char *zWant) {
  char *zCopy = xstrdup(z);
  csv_unguard(zCopy);
  assert_string_equal(zCopy, zWant);
  free(zCopy);
}

static void an_import_takes_off_the_quote_it_put_on(void **state) {
  (void)state;
  unguard("'=x", "=x");
  unguard("'+x", "+x");
  unguard("'-3", "-3");
  unguard("'@x", "@x");
  unguard("'\tx", "\tx");
  unguard("'\rx", "\rx");
  unguard("''=x", "'=x");
  /* Anything else is kept as typed. */
  unguard("'quoted", "'quoted");
  unguard("'", "'");
  unguard("''", "''");
  unguard("' =x", "' =x");
  unguard("=x", "=x");
  unguard("-3", "-3");
  unguard("", "");
}

/* Written as a row, read back with csv_read: the same bytes. */
static void every_string_comes_back_as_it_went_out(void **state) {
  (void)state;
  static const char *const az[] = {
    "=HYPERLINK(\"http://x\",\"y\")", "'=x", "''=x", "'''@", "+", "-", "@", "\t", "\r", "'\t", "'\r",
    "'", "''", "'a", "O'Brien", "-3", "", "a,b", "say \"hi\"", "two\nlines", "\r\nx", "=", "'-",
    "Siân", "<script>",
  };
  int n = COUNT(az);
  Buf b = {0};
  for (int i = 0; i < n; i++) {
    if (i) buf_putc(&b, ',');
    buf_csv(&b, az[i]);
  }
  buf_puts(&b, "\r\n");
  CsvReader r;
  char **azGot;
  int nGot;
  csv_init(&r, b.z, b.n);
  assert_int_equal(csv_read(&r, &azGot, &nGot), 1);
  assert_int_equal(nGot, n);
  for (int i = 0; i < n; i++) assert_string_equal(azGot[i], az[i]);
  assert_int_equal(csv_read(&r, &azGot, &nGot), 0);
  csv_free(&r);
  buf_free(&b);
}

/* A file typed by hand with =x (no quote) reads as =x: nothing to undo. */
static void a_hand_made_file_reads_as_typed(void **state) {
  (void)state;
  static const char z[] = "a,b,c\r\n=x,'=y,'z\r\n";
  CsvReader r;
  char **az;
  int n;
  csv_init(&r, z, sizeof z - 1);
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_int_equal(n, 3);
  assert_string_equal(az[0], "=x");
  assert_string_equal(az[1], "=y");
  assert_string_equal(az[2], "'z");
  csv_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(each_formula_character_gets_a_quote),
    cmocka_unit_test(other_text_is_written_as_typed),
    cmocka_unit_test(quotes_commas_and_line_breaks_are_quoted),
    cmocka_unit_test(a_cell_known_to_be_a_number_is_written_as_it_is),
    cmocka_unit_test(a_quote_typed_before_a_formula_character_is_kept),
    cmocka_unit_test(an_import_takes_off_the_quote_it_put_on),
    cmocka_unit_test(every_string_comes_back_as_it_went_out),
    cmocka_unit_test(a_hand_made_file_reads_as_typed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
