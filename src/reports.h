/*
** reports.h: the QA manager's reports (SPEC §9): the weekly highlight
** report, and the writers shared with the monthly unregistered-provision
** exceptions report (unregistered.h), in particular the Excel (.xlsx) one.
**
** A report is a few tables (RTable): typed columns, rows of cells. The
** CSV, HTML and Excel writers all work from tables, so every report reads
** the same in each format and Excel gets real dates, not text.
*/
#ifndef OVERSIGHT_REPORTS_H
#define OVERSIGHT_REPORTS_H

#include <stdint.h>
#include "calendar.h"
#include "db.h"
#include "unregistered.h"
#include "util.h"

/* ---- Tables --------------------------------------------------------------- */

/* RCOL_PCT is a percentage held in hundredths (9626 is 96.26%), so sums
** and comparisons stay exact; Excel gets 0.9626 shown as a percentage.
** RCOL_DEC is any other number held in hundredths (an average caseload of
** 52.25 is 5225), for the same reason; Excel gets 52.25. */
typedef enum RColType { RCOL_TEXT, RCOL_DATE, RCOL_INT, RCOL_PCT, RCOL_DEC } RColType;

typedef struct RColumn {
  const char *zCsv;             /* the CSV header: snake_case, stable; NULL for a
                                ** column only web pages show (a "Change" link):
                                ** its heading is visually hidden there, and CSV
                                ** and Excel leave it out */
  const char *zLabel;           /* the heading in HTML and Excel */
  RColType type;
  double width;                 /* Excel column width, in characters */
} RColumn;

/* One cell: z for text (never NULL once added), v for a date (DATE_NONE
** for none: an empty cell) or a number. zHtml, when set, is what a web
** page shows in its place (a link, a status tag, a small form): our own
** markup with anything typed escaped. CSV and Excel keep z or v. */
typedef struct RCell { char *z; int64_t v; char *zHtml; } RCell;

typedef struct RTable {
  const char *zSheet;           /* Excel sheet name: at most 31 characters */
  const char *zTitle;           /* heading in HTML, first line of its CSV block */
  const char *zEmpty;           /* what HTML says when there are no rows */
  const RColumn *aCol;
  int nCol;
  RCell *a;                     /* nRow * nCol, row by row */
  int nRow, nAlloc;
  int captioned;                /* HTML: zTitle as the table's <caption>, and as a
                                ** heading over zEmpty when there are no rows */
  int emptyRow;                 /* HTML with no rows: the table all the same, zEmpty
                                ** its one row (a list that is always there) */
} RTable;

/* An empty table of the columns a[0..n-1] (static, not copied), with
** its sheet name, title and the words for no rows. */
void rtable_init(RTable *t, const char *zSheet, const char *zTitle, const char *zEmpty, const RColumn *a, int n);
/* Start a new row and fill it cell by cell, in column order. */
void rtable_row(RTable *t);
void rtable_text(RTable *t, int col, const char *z);   /* NULL is "" */
void rtable_num(RTable *t, int col, int64_t v);        /* a date or a number */
/* What web pages show in the cell instead of its value (see RCell). */
void rtable_html(RTable *t, int col, const char *zHtml);
/* The same for text, escaped: words on the page for a code in the download. */
void rtable_html_text(RTable *t, int col, const char *zText);
/* The same for a cell of a row already written. */
void rtable_html_cell(RTable *t, int row, int col, const char *zText);
/* The cell's text, shown on web pages as a link to zHref. */
void rtable_link(RTable *t, int col, const char *zHref, const char *zText);
const RCell *rtable_cell(const RTable *t, int row, int col);
void rtable_clear(RTable *t);

/* A copy of t for someone who sees figures only (the board, SPEC §11): no
** cell's web markup (so no link to a record) and no web-only column; with
** suppress, every count column is text and a count of 1 to 5 reads
** "fewer than 6", in every format made from the copy. Free the copy with
** rtable_figures_free(), never rtable_clear(): its columns are its own. */
void rtable_figures_only(const RTable *t, RTable *out, int suppress);
/* 1 when a copy from rtable_figures_only has a count hidden as "fewer than 6". */
int rtable_has_hidden(const RTable *t);
void rtable_figures_free(RTable *t);

/* n as a percentage of total in hundredths, rounded half up; 0 when the
** total is 0 (an empty period is not 100% on time). */
int64_t rtable_pct(int64_t n, int64_t total);

/* Tables as CSV: one block per table, separated by a blank line; a block
** is a line with the table's title, its header, then its rows (RFC 4180,
** CRLF line ends). Tables keep their own columns, which one table with a
** "section" column could not without many empty cells. */
void reports_csv(const RTable *aTab, int nTab, Buf *out);
/* One table as a JSON array of objects keyed by the columns' CSV names:
** numbers as numbers (a percentage as 96.26), dates as "YYYY-MM-DD" or
** null. Returns a new reference (jansson's json_t). */
struct json_t;
struct json_t *reports_table_json(const RTable *t);

/* Write the tables as one .xlsx workbook at zPath: one sheet per table,
** named zSheet, its header row bold and frozen, dates as real Excel dates
** shown as "d mmm yyyy", each column its width. 0, or -1 with *pzErr set
** to a static message. */
int reports_xlsx_write(const RTable *aTab, int nTab, const char *zPath, const char **pzErr);
/* The same into memory: written to a temporary file, read back and the
** file removed (libxlsxwriter writes files only). 0, or -1 with *pzErr. */
int reports_xlsx_buf(const RTable *aTab, int nTab, Buf *out, const char **pzErr);
/* One table as CSV, without a title: its header line and rows (RFC 4180
** quoting, CRLF line ends). */
void reports_table_csv(const RTable *t, Buf *out);
/* One table as an HTML <table>; govuk: with GOV.UK Frontend's classes (the
** web pages), else plain (the standalone page). */
void reports_table_html(const RTable *t, Buf *out, int govuk);
/* Part of a table, for a page of a long list (listing.h): rows [first,
** last), and for each column optional heading markup (our own, a sort
** link) and an aria-sort value. azHead/azAria may be NULL. */
typedef struct RTableView {
  int first, last;
  char **azHead;
  const char **azAria;
} RTableView;
void reports_table_html_view(const RTable *t, Buf *out, int govuk, const RTableView *v);

/* The monthly exceptions report as one table, for the Excel writer. */
void exceptions_table(const ExceptionReport *r, RTable *out);

/* ---- The weekly highlight report ------------------------------------------ */

/* The week is the 7 days ending on asOf (asOf-6 .. asOf), so a report run
** on any day covers the week just gone; run on a Sunday it is Monday to
** Sunday. The sections, each one table, in this order: */
enum {
  WEEKLY_REVIEWS_DUE,           /* reviews due in the next 14 days (asOf .. asOf+14) */
  WEEKLY_OVERDUE,               /* every overdue deadline, by IRO (current allocation) */
  WEEKLY_ESCALATIONS,           /* escalations opened, closed, or overdue this week */
  WEEKLY_UNREGISTERED,          /* children in unregistered provision on asOf */
  WEEKLY_WAITING,               /* children in care on asOf with no IRO allocated */
  WEEKLY_N_SECTIONS
};

typedef struct WeeklyReport {
  Date asOf, weekStart;         /* the week: weekStart .. asOf */
  RTable aSec[WEEKLY_N_SECTIONS];
  char **azChild;               /* the children shown (refs, each once), for the audit */
  int nChild;
} WeeklyReport;

/* Build every section from the deadline engine (deadlines_for_child) and
** the escalation functions, as known on asOf. Free with weekly_free(),
** also after DB_ERROR (a read failed: show an error, not the report). */
int weekly_highlight(Db *db, Date asOf, WeeklyReport *out);
void weekly_free(WeeklyReport *r);
/* Write the report's view of each child shown to the audit log (SPEC §11),
** in one transaction, before it is shown. DB_OK or DB_ERROR. */
int weekly_audit(Db *db, const WeeklyReport *r, const char *zActor);
/* CSV: one block per section, in section order, separated by a blank
** line. A block is a line with the section's title, then the header, then
** the rows (RFC 4180 quoting, CRLF line ends like the exceptions report).
** Sections keep their own columns, which one table with a section column
** could not without many empty cells. */
void weekly_csv(const WeeklyReport *r, Buf *out);
/* A complete standalone HTML page (print-friendly, loads nothing). */
void weekly_html(const WeeklyReport *r, Buf *out);
/* The sections' bodies for a GOV.UK page: headings and tables. */
void weekly_html_sections(const WeeklyReport *r, Buf *out, int govuk);

#endif
