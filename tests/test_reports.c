/*
** test_reports.c: the QA manager's reports (SPEC §9): the weekly highlight
** report's sections on a small hand-built database, its CSV, the Excel
** writer (a real .xlsx: a zip with the sheets, headers and real dates),
** and the monthly exceptions report with and without children in
** unregistered provision.
*/
#include "testutil.h"
#include "audit.h"
#include "escalations.h"
#include "reports.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Db *db;
#define ACTOR "test"
#define AS_OF "2026-03-13"      /* a Friday: the week is 7 to 13 March 2026 */

static int64_t add_child(const char *zRef, const char *zGiven, const char *zDob) {
  ChildInput in = {.zRef = zRef, .zGiven = zGiven, .zFamily = "Test", .zDob = zDob,
                   .zSex = "F", .disability = -1};
  Errors e = {0};
  int64_t id = child_add(db, &in, ACTOR, &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  return id;
}

static void add_episode(int64_t childId, const char *zStart, const char *zReg) {
  EpisodeInput in = {.zStart = zStart, .zRne = "S", .zLegalStatus = "C2", .zCin = "N1",
                     .zPlacement = strcmp(zReg, "unregistered") == 0 ? "Z14" : "U4",
                     .zProvider = "PR4", .zRegistration = zReg};
  Errors e = {0};
  int64_t id = episode_add(db, childId, &in, ACTOR, &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
}

static void allocate(int64_t childId, int64_t iroId, const char *zFrom) {
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, reason)"
                               " VALUES(?, ?, ?, 'First IRO')", "IIs", childId, iroId, zFrom), DB_OK);
}

/* A review with its recommendations, minutes and permanence plan done, so
** it leaves nothing open behind it. */
static void review(int64_t childId, const char *zHeld, const char *zDone) {
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, held_on, participation, mode,"
                               " recommendations_on, minutes_on, permanence_plan)"
                               " VALUES(?, ?, 'PN1', 'in-person', ?, ?, 1)", "Isss",
                           childId, zHeld, zDone, zDone), DB_OK);
}

static int64_t raise(const char *zChild, const char *zOn) {
  const char *az[] = {zChild};
  EscalationInput in = {.azChild = az, .nChild = 1, .zCategory = "care-planning", .zTopic = "placement",
                        .zConcern = "No care plan", .zOutcomeWanted = "A care plan",
                        .zRaisedBy = "Sam Patel", .zResponder = "Pat Jones", .raised = D(zOn)};
  Errors e = {0};
  int64_t id = escalation_raise(db, &in, D(AS_OF), ACTOR, &e);
  if (!id) print_error("escalation_raise: %s\n", e.n ? e.a[0].zMsg : "?");
  assert_true(id > 0);
  return id;
}

static int64_t eOpened, eClosed, eOverdue;

/* R1: a review due on 23 March (10 days on), nothing overdue.
** O1: in care since June 2025, no review ever held: the first is overdue.
** U1: 15, in unregistered provision since 2 March: an exception.
** W1: in care since 9 March, with no IRO yet.
** Escalations about R1: one raised this week, one closed this week, and
** one raised in February and never answered: overdue. */
static void fixture(void) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Sam Patel')", ""), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Ann Lee')", ""), DB_OK);
  int64_t sam = db_int(db, 0, "SELECT id FROM iro WHERE name='Sam Patel'", "");
  int64_t ann = db_int(db, 0, "SELECT id FROM iro WHERE name='Ann Lee'", "");
  int64_t r1 = add_child("R1", "Rita", "2012-01-10");
  add_episode(r1, "2025-06-02", "registered");
  allocate(r1, sam, "2025-06-02");
  review(r1, "2025-06-26", "2025-06-27");
  review(r1, "2025-09-23", "2025-09-24");
  /* The IRO's contact between reviews, so R1 has nothing overdue. */
  assert_int_equal(db_exec(db, "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom)"
                               " VALUES(?, ?, '2025-12-15', 'visit', 'child')", "II", r1, sam), DB_OK);
  int64_t o1 = add_child("O1", "Omar", "2011-02-03");
  add_episode(o1, "2025-06-02", "registered");
  allocate(o1, ann, "2025-06-02");
  int64_t u1 = add_child("U1", "Una", "2010-09-01");
  add_episode(u1, "2026-03-02", "unregistered");
  allocate(u1, sam, "2026-03-02");
  int64_t w1 = add_child("W1", "Wes", "2013-04-04");
  add_episode(w1, "2026-03-09", "registered");

  eOpened = raise("R1", "2026-03-10");
  eClosed = raise("R1", "2026-02-23");
  Errors e = {0};
  assert_int_equal(escalation_respond(db, eClosed, "Plan written", D("2026-02-27"), D(AS_OF), ACTOR, &e), 0);
  assert_int_equal(escalation_close(db, eClosed, "resolved", "Rita has a plan", D("2026-03-11"),
                                    D(AS_OF), ACTOR, &e), 0);
  eOverdue = raise("R1", "2026-02-02");
}

static int setup(void **state) {
  (void)state;
  db = test_db_open();
  fixture();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  test_db_close(db);
  return 0;
}

/* The row of t whose text column col is z, or -1. */
static int find_row(const RTable *t, int col, const char *z) {
  for (int i = 0; i < t->nRow; i++) {
    const RCell *c = rtable_cell(t, i, col);
    if (c->z && strcmp(c->z, z) == 0) return i;
  }
  return -1;
}

/* Column index by CSV name. */
static int col(const RTable *t, const char *zCsv) {
  for (int k = 0; k < t->nCol; k++) {
    if (strcmp(t->aCol[k].zCsv, zCsv) == 0) return k;
  }
  fail_msg("no column %s", zCsv);
  return -1;
}

static const char *text(const RTable *t, int row, const char *zCsv) {
  return rtable_cell(t, row, col(t, zCsv))->z;
}
static int64_t num(const RTable *t, int row, const char *zCsv) {
  return rtable_cell(t, row, col(t, zCsv))->v;
}

static void weekly_sections(void **state) {
  (void)state;
  WeeklyReport r;
  assert_int_equal(weekly_highlight(db, D(AS_OF), &r), DB_OK);
  assert_date_equal(r.weekStart, D("2026-03-07"));

  /* Reviews due in the next two weeks: R1's third, on 23 March. */
  const RTable *t = &r.aSec[WEEKLY_REVIEWS_DUE];
  assert_int_equal(t->nRow, 1);
  assert_string_equal(text(t, 0, "child_id"), "R1");
  assert_date_equal((Date)num(t, 0, "review_due"), D("2026-03-23"));
  assert_string_equal(text(t, 0, "iro"), "Sam Patel");
  assert_string_equal(text(t, 0, "status"), "Due soon");

  /* Overdue by IRO: O1's first review, against Ann Lee; nothing of R1's. */
  t = &r.aSec[WEEKLY_OVERDUE];
  /* (O1's pre-review contact is overdue too, and longer: its own row.) */
  int i = -1;
  for (int k = 0; k < t->nRow && i < 0; k++)
    if (strcmp(text(t, k, "child_id"), "O1") == 0 && strcmp(text(t, k, "item"), item_label(ITEM_REVIEW)) == 0) i = k;
  assert_true(i >= 0);
  assert_string_equal(text(t, i, "iro"), "Ann Lee");
  assert_true(find_row(t, col(t, "child_id"), "O1") >= 0);
  assert_true(num(t, i, "days_overdue") > 200);
  assert_int_equal(find_row(t, col(t, "child_id"), "R1"), -1);
  /* Grouped by IRO name: Ann Lee's rows before Sam Patel's, no IRO last. */
  for (int k = 1; k < t->nRow; k++) {
    const char *a = text(t, k - 1, "iro"), *b = text(t, k, "iro");
    if (strcmp(b, "No IRO") != 0) {
      assert_string_not_equal(a, "No IRO");
      assert_true(strcmp(a, b) <= 0);
    }
  }
  /* W1's IRO is not due until 16 March: not overdue yet. */
  assert_int_equal(find_row(t, col(t, "child_id"), "W1"), -1);

  /* Escalations: opened, closed, overdue, in that order. */
  t = &r.aSec[WEEKLY_ESCALATIONS];
  assert_int_equal(t->nRow, 3);
  assert_int_equal(num(t, 0, "escalation_id"), eOpened);
  assert_string_equal(text(t, 0, "this_week"), "opened");
  assert_date_equal((Date)num(t, 0, "raised_on"), D("2026-03-10"));
  assert_int_equal(num(t, 1, "escalation_id"), eClosed);
  assert_string_equal(text(t, 1, "this_week"), "closed");
  assert_date_equal((Date)num(t, 1, "closed_on"), D("2026-03-11"));
  assert_string_equal(text(t, 1, "outcome"), "resolved");
  assert_int_equal(num(t, 2, "escalation_id"), eOverdue);
  assert_string_equal(text(t, 2, "this_week"), "overdue");
  assert_string_equal(text(t, 2, "children"), "R1");

  /* Unregistered provision: U1, 15, an exception. */
  t = &r.aSec[WEEKLY_UNREGISTERED];
  assert_int_equal(t->nRow, 1);
  assert_string_equal(text(t, 0, "child_id"), "U1");
  assert_int_equal(num(t, 0, "age"), 15);
  assert_string_equal(text(t, 0, "age_exception"), "yes");
  assert_date_equal((Date)num(t, 0, "placed_on"), D("2026-03-02"));

  /* Waiting for an IRO: W1 only. */
  t = &r.aSec[WEEKLY_WAITING];
  assert_int_equal(t->nRow, 1);
  assert_string_equal(text(t, 0, "child_id"), "W1");
  assert_date_equal((Date)num(t, 0, "in_care_since"), D("2026-03-09"));
  assert_date_equal((Date)num(t, 0, "allocation_due"), D("2026-03-16"));
  assert_string_equal(text(t, 0, "status"), "Due soon");

  /* Every child shown is audited, once each. */
  assert_int_equal(r.nChild, 4);
  assert_int_equal(weekly_audit(db, &r, ACTOR), DB_OK);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='report.view'", ""), 4);

  /* The CSV: one block per section, blank lines between. */
  Buf b = {0};
  weekly_csv(&r, &b);
  assert_non_null(strstr(b.z, "Reviews due in the next two weeks\r\nchild_id,child_name,review_due,status,iro\r\n"
                              "R1,Rita Test,2026-03-23,Due soon,Sam Patel\r\n\r\nOverdue items by IRO\r\n"));
  assert_non_null(strstr(b.z, "\r\n\r\nChildren waiting for an IRO\r\n"));
  buf_free(&b);
  /* The HTML page escapes and is complete. */
  weekly_html(&r, &b);
  assert_non_null(strstr(b.z, "<h1>Weekly highlight report: week ending 13 March 2026</h1>"));
  assert_non_null(strstr(b.z, "</html>"));
  buf_free(&b);
  weekly_free(&r);
}

/* Run a shell command and return its output (caller frees). */
static char *run(const char *zCmd) {
  FILE *p = popen(zCmd, "r");
  assert_non_null(p);
  Buf b = {0};
  char a[4096];
  size_t n;
  while ((n = fread(a, 1, sizeof a, p)) > 0) buf_append(&b, a, n);
  assert_int_equal(pclose(p), 0);
  return buf_take(&b);
}

/* A read that fails (the escalations' stages, or the children's reviews)
** is a failed report, never one short of those rows. */
static void weekly_read_failure(void **state) {
  (void)state;
  WeeklyReport r;
  assert_int_equal(db_exec_script(db, "ALTER TABLE escalation_stage RENAME TO escalation_stage_gone;"), DB_OK);
  assert_int_equal(weekly_highlight(db, D(AS_OF), &r), DB_ERROR);
  weekly_free(&r);
  db_clear_failure(db);
  assert_int_equal(db_exec_script(db, "ALTER TABLE escalation_stage_gone RENAME TO escalation_stage;"
                                      " ALTER TABLE review RENAME TO review_gone;"), DB_OK);
  assert_int_equal(weekly_highlight(db, D(AS_OF), &r), DB_ERROR);
  assert_int_equal(r.aSec[WEEKLY_REVIEWS_DUE].nRow, 0);
  weekly_free(&r);
  db_clear_failure(db);
}

static void weekly_xlsx(void **state) {
  (void)state;
  WeeklyReport r;
  weekly_highlight(db, D(AS_OF), &r);
  char zPath[] = "/tmp/test-reports-XXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  close(fd);
  const char *zErr = NULL;
  assert_int_equal(reports_xlsx_write(r.aSec, WEEKLY_N_SECTIONS, zPath, &zErr), 0);
  FILE *f = fopen(zPath, "rb");
  assert_non_null(f);
  char aMagic[4] = {0};
  assert_int_equal(fread(aMagic, 1, 4, f), 4);
  fclose(f);
  assert_memory_equal(aMagic, "PK\x03\x04", 4);

  /* libxlsxwriter keeps text in the shared strings and numbers (dates are
  ** day numbers) in the sheet. */
  char *zCmd = xmprintf("python3 -c 'import sys, zipfile\n"
                        "z = zipfile.ZipFile(sys.argv[1])\n"
                        "n = z.namelist()\n"
                        "print(\"sheets\", sum(1 for x in n if x.startswith(\"xl/worksheets/sheet\")))\n"
                        "sys.stdout.write(z.read(\"xl/worksheets/sheet1.xml\").decode())\n"
                        "sys.stdout.write(z.read(\"xl/sharedStrings.xml\").decode())\n"
                        "sys.stdout.write(z.read(\"xl/workbook.xml\").decode())' %s",
                        zPath);
  char *zOut = run(zCmd);
  assert_non_null(strstr(zOut, "sheets 5"));
  assert_non_null(strstr(zOut, "<t>Review due</t>"));
  assert_non_null(strstr(zOut, "<t>Child ID</t>"));
  assert_non_null(strstr(zOut, "name=\"Reviews due\""));
  assert_non_null(strstr(zOut, "name=\"Waiting for an IRO\""));
  /* 23 March 2026 is day 46104 in Excel's reckoning. */
  assert_non_null(strstr(zOut, "<v>46104</v>"));
  /* The header row is frozen. */
  assert_non_null(strstr(zOut, "state=\"frozen\""));
  free(zOut);
  free(zCmd);

  /* The same into memory. */
  Buf b = {0};
  assert_int_equal(reports_xlsx_buf(r.aSec, WEEKLY_N_SECTIONS, &b, &zErr), 0);
  assert_true(b.n > 1000);
  assert_memory_equal(b.z, "PK\x03\x04", 4);
  buf_free(&b);
  unlink(zPath);
  weekly_free(&r);
}

static void exceptions_csv_and_xlsx(void **state) {
  (void)state;
  int month;
  assert_int_equal(month_parse("2026-03", &month), 0);
  ExceptionReport *x = unreg_exceptions(db, month, D(AS_OF));
  Buf b = {0};
  unreg_exceptions_csv(x, &b);
  assert_non_null(strstr(b.z, "\r\nU1,Una Test,15,yes,Z14,"));
  RTable t;
  exceptions_table(x, &t);
  assert_int_equal(t.nRow, 1);
  assert_string_equal(text(&t, 0, "child_id"), "U1");
  assert_date_equal((Date)num(&t, 0, "date_placed"), D("2026-03-02"));
  /* The table has the CSV's columns, in its order. */
  Buf h = {0};
  for (int k = 0; k < t.nCol; k++) buf_printf(&h, "%s%s", k ? "," : "", t.aCol[k].zCsv);
  buf_puts(&h, "\r\n");
  assert_int_equal(strncmp(b.z, h.z, h.n), 0);
  buf_free(&h);
  Buf xl = {0};
  const char *zErr = NULL;
  assert_int_equal(reports_xlsx_buf(&t, 1, &xl, &zErr), 0);
  assert_memory_equal(xl.z, "PK\x03\x04", 4);
  buf_free(&xl);
  rtable_clear(&t);
  buf_free(&b);
  unreg_exceptions_free(x);

  /* December 2025: nobody was in unregistered provision. */
  assert_int_equal(month_parse("2025-12", &month), 0);
  x = unreg_exceptions(db, month, D(AS_OF));
  assert_int_equal(x->n, 0);
  unreg_exceptions_csv(x, &b);
  assert_non_null(b.z);
  assert_non_null(strstr(b.z, "child_id,child_name,"));
  assert_int_equal(strchr(b.z, '\n') - b.z + 1, (long)b.n);   /* the header alone */
  exceptions_table(x, &t);
  assert_int_equal(t.nRow, 0);
  assert_int_equal(reports_xlsx_buf(&t, 1, &xl, &zErr), 0);
  assert_memory_equal(xl.z, "PK\x03\x04", 4);
  buf_free(&xl);
  rtable_clear(&t);
  buf_free(&b);
  unreg_exceptions_free(x);
}

static void escaping(void **state) {
  (void)state;
  RColumn aCol[] = {{"name", "Name <b>", RCOL_TEXT, 10}, {"on", "On", RCOL_DATE, 12}};
  RTable t = {.zSheet = "S", .zTitle = "T", .zEmpty = "None", .aCol = aCol, .nCol = 2};
  rtable_row(&t);
  rtable_text(&t, 0, "<script>\"x\"");
  Buf b = {0};
  reports_table_html(&t, &b, 1);
  assert_null(strstr(b.z, "<script>"));
  assert_non_null(strstr(b.z, "&lt;script&gt;"));
  assert_non_null(strstr(b.z, "Name &lt;b&gt;"));
  buf_free(&b);
  rtable_clear(&t);
  reports_table_html(&t, &b, 1);
  assert_string_equal(b.z, "<p class=\"govuk-body\">None</p>\n");
  buf_free(&b);
}

/* The page tables: a cell's own HTML (a link, a tag) in place of its text
** on the page, the text in CSV; a caption; a web-only action column; a
** list that is always shown; several tables as CSV blocks. */
static void page_table_features(void **state) {
  (void)state;
  RColumn aCol[] = {{"child_name", "Child", RCOL_TEXT, 20}, {"due", "Due", RCOL_DATE, 12},
                    {NULL, "Action", RCOL_TEXT, 0}, {"n", "Count", RCOL_INT, 6}};
  RTable t = {.zSheet = "Kids", .zTitle = "Children & more", .zEmpty = "No children.", .aCol = aCol, .nCol = 4,
              .captioned = 1};
  rtable_row(&t);
  rtable_link(&t, 0, "/children/1?a=b&c", "Ann <A>");
  rtable_num(&t, 1, D("2026-02-28"));
  rtable_html(&t, 2, "<a href=\"/x\">Change</a>");
  rtable_num(&t, 3, 7);
  rtable_row(&t);
  rtable_text(&t, 0, "Bob, \"B\"");
  rtable_html(&t, 0, "<strong>Bob</strong>");
  rtable_html(&t, 0, NULL);    /* back to the text */
  rtable_num(&t, 3, 0);

  Buf b = {0};
  reports_table_html(&t, &b, 1);
  assert_non_null(strstr(b.z, "<caption class=\"govuk-table__caption govuk-table__caption--m\">Children &amp; more</caption>"));
  assert_non_null(strstr(b.z, "<a class=\"govuk-link\" href=\"/children/1?a=b&amp;c\">Ann &lt;A&gt;</a>"));
  assert_non_null(strstr(b.z, "<td class=\"govuk-table__cell\">28 February 2026</td>"));
  assert_non_null(strstr(b.z, "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action</span></th>"));
  assert_non_null(strstr(b.z, "<a href=\"/x\">Change</a>"));
  assert_non_null(strstr(b.z, "Bob, &quot;B&quot;"));
  assert_null(strstr(b.z, "<strong>"));
  buf_free(&b);

  /* CSV: the text, never the HTML; the web-only column left out. */
  reports_table_csv(&t, &b);
  assert_string_equal(b.z, "child_name,due,n\r\nAnn <A>,2026-02-28,7\r\n\"Bob, \"\"B\"\"\",,0\r\n");
  buf_free(&b);

  /* Excel: the web-only column left out too, so Count is column C. */
  char zPath[] = "/tmp/test-reports-XXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  close(fd);
  const char *zErr = NULL;
  assert_int_equal(reports_xlsx_write(&t, 1, zPath, &zErr), 0);
  char *zCmd = xmprintf("python3 -c 'import sys, zipfile\n"
                        "z = zipfile.ZipFile(sys.argv[1])\n"
                        "sys.stdout.write(z.read(\"xl/worksheets/sheet1.xml\").decode())\n"
                        "sys.stdout.write(z.read(\"xl/sharedStrings.xml\").decode())' %s", zPath);
  char *zOut = run(zCmd);
  assert_null(strstr(zOut, "Action"));
  assert_null(strstr(zOut, "Change"));
  assert_non_null(strstr(zOut, "<c r=\"C2\"><v>7</v></c>"));
  assert_null(strstr(zOut, "r=\"D1\""));
  /* 28 February 2026 is day 46081 in Excel's reckoning. */
  assert_non_null(strstr(zOut, "<v>46081</v>"));
  free(zOut);
  free(zCmd);
  unlink(zPath);

  /* Several tables: a block each, titled, a blank line between. */
  RColumn aOne[] = {{"x", "X", RCOL_INT, 4}};
  RTable a[2] = {t, {.zSheet = "Two", .zTitle = "Second", .aCol = aOne, .nCol = 1}};
  rtable_row(&a[1]);
  rtable_num(&a[1], 0, 3);
  reports_csv(a, 2, &b);
  assert_string_equal(b.z, "Children & more\r\nchild_name,due,n\r\nAnn <A>,2026-02-28,7\r\n\"Bob, \"\"B\"\"\",,0\r\n"
                           "\r\nSecond\r\nx\r\n3\r\n");
  buf_free(&b);
  rtable_clear(&a[1]);
  rtable_clear(&t);

  /* Empty and captioned: a heading over the message. */
  reports_table_html(&t, &b, 1);
  assert_string_equal(b.z, "<h2 class=\"govuk-heading-m\">Children &amp; more</h2>\n<p class=\"govuk-body\">No children.</p>\n");
  buf_free(&b);
  /* Empty, and a list that is always shown: the table, with the message in one row across it. */
  t.emptyRow = 1;
  reports_table_html(&t, &b, 1);
  assert_non_null(strstr(b.z, "<caption"));
  assert_non_null(strstr(b.z, "<td class=\"govuk-table__cell\" colspan=\"4\">No children.</td>"));
  buf_free(&b);
}

/* The board's copy of a table: counts 0, 1, 5, 6 read 0, "fewer than 6"
** twice, 6; a percentage held as a whole number and a decimal stay as
** they are; the link column and the cell's link are gone. */
static void figures_only(void **state) {
  (void)state;
  static const RColumn aCol[] = {{"what", "What", RCOL_TEXT, 10}, {NULL, "Open", RCOL_TEXT, 5},
                                 {"number", "Number", RCOL_INT, 5}, {"percent", "%", RCOL_INT, 5},
                                 {"rate", "Rate", RCOL_DEC, 5}};
  RTable t = {.zSheet = "T", .zTitle = "T", .zEmpty = "None", .aCol = aCol, .nCol = 5};
  static const int aN[] = {0, 1, 5, 6};
  for (int i = 0; i < 4; i++) {
    rtable_row(&t);
    rtable_link(&t, 0, "/lado/cases/1", "Case 1");
    rtable_text(&t, 1, "open");
    rtable_num(&t, 2, aN[i]);
    rtable_num(&t, 3, 3);
    rtable_num(&t, 4, 250);
  }
  RTable f;
  rtable_figures_only(&t, &f, 1);
  assert_int_equal(f.nCol, 4);
  Buf b = {0};
  reports_csv(&f, 1, &b);
  assert_string_equal(b.z, "T\r\nwhat,number,percent,rate\r\nCase 1,0,3,2.50\r\nCase 1,fewer than 6,3,2.50\r\n"
                           "Case 1,fewer than 6,3,2.50\r\nCase 1,6,3,2.50\r\n");
  buf_reset(&b);
  reports_table_html(&f, &b, 1);
  assert_null(strstr(b.z, "href"));
  assert_non_null(strstr(b.z, "fewer than 6"));
  rtable_figures_free(&f);
  buf_reset(&b);
  /* Without suppression (the QA manager): the numbers, still no links. */
  rtable_figures_only(&t, &f, 0);
  reports_table_html(&f, &b, 1);
  assert_null(strstr(b.z, "href"));
  assert_null(strstr(b.z, "fewer than 6"));
  rtable_figures_free(&f);
  buf_free(&b);
  rtable_clear(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(page_table_features),
    cmocka_unit_test_setup_teardown(weekly_sections, setup, teardown),
    cmocka_unit_test_setup_teardown(weekly_read_failure, setup, teardown),
    cmocka_unit_test_setup_teardown(weekly_xlsx, setup, teardown),
    cmocka_unit_test_setup_teardown(exceptions_csv_and_xlsx, setup, teardown),
    cmocka_unit_test(escaping),
    cmocka_unit_test(figures_only),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
