/*
** web_reports.c: the QA manager's reports as pages (SPEC §9): the monthly
** unregistered-provision exceptions report and the weekly highlight
** report, each downloadable as CSV and Excel.
**
**   GET /reports/exceptions[.csv|.xlsx]?month=YYYY-MM   (default: last month)
**   GET /reports/weekly[.csv|.xlsx]?as-of=YYYY-MM-DD    (default: today)
**   GET /reports/annual[.csv|.xlsx]?from=DATE&to=DATE   (default: the last
**       full financial year): the IRO annual report, counts only
**
** Every child a report lists is a view of their record: the audit entries
** are written before the report is shown or sent, or it is not (SPEC §11).
*/
#include "web.h"
#include "annual.h"
#include "reports.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* A download: the type, and a file name the browser saves it as. zName
** is ours (letters, digits, '-' and '.'), so needs no quoting. */
static void attachment(Web *w, const char *zType, const char *zName) {
  w->resp->zType = zType;
  char *z = xmprintf("attachment; filename=\"%s\"", zName);
  http_set_header(w->resp, "Content-Disposition", z);
  free(z);
}

static void audit_failed(Web *w) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The audit log cannot be written, so the report is not shown.\n");
}

static void xlsx_failed(Web *w, const char *zErr) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_printf(w->out, "The Excel file could not be made: %s.\n", zErr);
}

/* ---- The monthly exceptions report ------------------------------------------ */


static void exceptions_page(Web *w, int month, const char *zMonth, const ExceptionReport *r) {
  char zLong[24];
  if (month >= 0) month_long(month, zLong);
  page_begin(w, month >= 0 ? "Unregistered provision exceptions report" : "Error: exceptions report");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Children in unregistered provision: monthly exceptions report</h1>\n"
                   "<form method=\"get\" action=\"/reports/exceptions\" novalidate>\n");
  int shown = -1;
  if (zMonth[0]) month_parse(zMonth, &shown);
  input_month(w, "month", "Month", "For example, 2 2026", shown);
  button(w, "Show the report");
  html_raw(w->out, "</form>\n");
  if (r) {
    int nUnder = 0;
    for (int i = 0; i < r->n; i++) nUnder += r->a[i].under;
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", zLong);
    html_printf(w->out, "<p class=\"govuk-body\">%d placement%h in unregistered provision; %d of a child under the exception age. "
                        "Dates as known on %D.</p>\n",
                r->n, r->n == 1 ? "" : "s", nUnder, (int)r->asOf);
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/exceptions.csv?month=%u\" download>Download CSV</a>"
                        " &middot; <a class=\"govuk-link\" href=\"/reports/exceptions.xlsx?month=%u\" download>Download Excel</a></p>\n",
                zMonth, zMonth);
    RTable t;
    exceptions_table(r, &t);
    reports_table_html(&t, w->out, 1);
    rtable_clear(&t);
  }
  page_end(w);
}

/* fmt: 0 page, 1 CSV, 2 Excel. */
static void report_exceptions(Web *w, int fmt) {
  char zMonth[16] = "";
  int month = report_month_param(w, zMonth);
  if (month < 0) {
    /* A download with a bad month shows the page with the error. */
    w->resp->status = 400;
    exceptions_page(w, -1, zMonth, NULL);
    return;
  }
  ExceptionReport *r = unreg_exceptions(w->db, month, w->today);
  if (r->readError) {
    /* Noted on the connection: the skeleton answers with its error page. */
  } else if (unreg_exceptions_audit(w->db, r, w->sess.user.zUsername) != DB_OK) {
    audit_failed(w);
  } else if (fmt == 0) {
    exceptions_page(w, month, zMonth, r);
  } else if (fmt == 1) {
    char *zName = xmprintf("exceptions-%s.csv", zMonth);
    attachment(w, "text/csv; charset=utf-8", zName);
    free(zName);
    unreg_exceptions_csv(r, w->out);
  } else {
    RTable t;
    exceptions_table(r, &t);
    const char *zErr = NULL;
    if (reports_xlsx_buf(&t, 1, w->out, &zErr) != 0) {
      xlsx_failed(w, zErr);
    } else {
      char *zName = xmprintf("exceptions-%s.xlsx", zMonth);
      attachment(w, zXlsxType, zName);
      free(zName);
    }
    rtable_clear(&t);
  }
  unreg_exceptions_free(r);
}

void page_report_exceptions(Web *w) { report_exceptions(w, 0); }
void page_report_exceptions_csv(Web *w) { report_exceptions(w, 1); }
void page_report_exceptions_xlsx(Web *w) { report_exceptions(w, 2); }

/* ---- The weekly highlight report ---------------------------------------------- */

/* The day the week ends (default today), or DATE_NONE with w->err. */
static Date as_of_param(Web *w, char zAsOf[16]) {
  Date d = query_date(w, "as-of", "the last day of the week", w->today);
  if (d == DATE_NONE) return DATE_NONE;
  if (d > w->today) {
    errors_add(&w->err, "as-of", "The last day of the week must be today or in the past");
    return DATE_NONE;
  }
  date_iso(d, zAsOf);
  return d;
}

static void weekly_page(Web *w, const char *zAsOf, const WeeklyReport *r) {
  page_begin(w, r ? "Weekly highlight report" : "Error: weekly highlight report");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Weekly highlight report</h1>\n"
                   "<form method=\"get\" action=\"/reports/weekly\" novalidate>\n");
  Date shown = DATE_NONE;
  if (zAsOf[0]) date_parse(zAsOf, &shown);
  input_date(w, "as-of", "Week ending", "The last day of the week, for example 27 2 2026", shown);
  button(w, "Show the report");
  html_raw(w->out, "</form>\n");
  if (r) {
    html_printf(w->out, "<p class=\"govuk-body\">The week %D to %D. Reviews due are those due by %D; "
                        "overdue items are counted against the child's IRO on %D.</p>\n",
                (int)r->weekStart, (int)r->asOf, (int)(r->asOf + 14), (int)r->asOf);
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/weekly.csv?as-of=%u\" download>Download CSV</a>"
                        " &middot; <a class=\"govuk-link\" href=\"/reports/weekly.xlsx?as-of=%u\" download>Download Excel</a></p>\n",
                zAsOf, zAsOf);
    weekly_html_sections(r, w->out, 1);
  }
  page_end(w);
}

static void report_weekly(Web *w, int fmt) {
  char zAsOf[16] = "";
  Date asOf = as_of_param(w, zAsOf);
  if (asOf == DATE_NONE) {
    w->resp->status = 400;
    weekly_page(w, zAsOf, NULL);
    return;
  }
  WeeklyReport r;
  if (weekly_highlight(w->db, asOf, &r) != DB_OK) {
    /* Noted on the connection: the skeleton answers with its error page. */
  } else if (weekly_audit(w->db, &r, w->sess.user.zUsername) != DB_OK) {
    audit_failed(w);
  } else if (fmt == 0) {
    weekly_page(w, zAsOf, &r);
  } else if (fmt == 1) {
    char *zName = xmprintf("weekly-%s.csv", zAsOf);
    attachment(w, "text/csv; charset=utf-8", zName);
    free(zName);
    weekly_csv(&r, w->out);
  } else {
    const char *zErr = NULL;
    if (reports_xlsx_buf(r.aSec, WEEKLY_N_SECTIONS, w->out, &zErr) != 0) {
      xlsx_failed(w, zErr);
    } else {
      char *zName = xmprintf("weekly-%s.xlsx", zAsOf);
      attachment(w, zXlsxType, zName);
      free(zName);
    }
  }
  weekly_free(&r);
}

void page_report_weekly(Web *w) { report_weekly(w, 0); }
void page_report_weekly_csv(Web *w) { report_weekly(w, 1); }
void page_report_weekly_xlsx(Web *w) { report_weekly(w, 2); }

/* ---- The IRO annual report ------------------------------------------------------ */


static void annual_page(Web *w, const char *zFrom, const char *zTo, const AnnualReport *r) {
  page_begin(w, r ? "IRO annual report" : "Error: IRO annual report");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Independent reviewing officers' annual report</h1>\n"
                   "<form method=\"get\" action=\"/reports/annual\" class=\"app-no-print\" novalidate>\n");
  Date from = DATE_NONE, to = DATE_NONE;
  if (zFrom[0]) date_parse(zFrom, &from);
  if (zTo[0]) date_parse(zTo, &to);
  input_period(w, from, to);
  button(w, "Show the report");
  html_raw(w->out, "</form>\n");
  if (r) {
    html_printf(w->out, "<p class=\"govuk-body\">%D to %D, counted from the records as they are today. "
                        "Children in care are counted on the last day of the period; reviews in the month "
                        "they were held. Each chart is followed by its figures.</p>\n",
                (int)r->from, (int)r->to);
    html_printf(w->out, "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"/reports/annual.csv?from=%u&amp;to=%u\" download>"
                        "Download the report as CSV</a> &middot; <a class=\"govuk-link\" href=\"/reports/annual.xlsx?from=%u&amp;to=%u\" download>"
                        "Download the report as an Excel workbook</a> (one sheet per table). "
                        "To put it in board papers, print this page: it fits A4.</p>\n",
                zFrom, zTo, zFrom, zTo);
    if (web_hides_small_numbers(w)) {
      html_raw(w->out, "<p class=\"govuk-body\">Figures only: counts of 1 to 5 are shown as \"fewer than 6\", "
                       "and IROs by number.</p>\n");
      RTable *aView = annual_board_tables(r);
      annual_html_view(r, aView, w->out, 1);
      web_tables_done(aView, NULL, AN_N);
    } else {
      annual_html_sections(r, w->out, 1);
    }
  }
  page_end(w);
}

/* fmt: 0 page, 1 CSV, 2 Excel. Counts only, so nothing to audit. */
static void report_annual(Web *w, int fmt) {
  Date from, to;
  annual_default_period(w->today, &from, &to);
  char zFrom[16], zTo[16];
  date_iso(from, zFrom);
  date_iso(to, zTo);
  int bad = report_period_param(w, &from, &to, zFrom, zTo) != 0;
  if (bad) zFrom[0] = zTo[0] = 0;
  if (!bad && from > w->today) {
    errors_add(&w->err, "from", "The first day must be today or in the past");
    bad = 1;
  }
  if (bad) {
    w->resp->status = 400;
    annual_page(w, zFrom, zTo, NULL);
    return;
  }
  AnnualReport r;
  if (annual_report(w->db, from, to, &r) != DB_OK) {
    w->resp->status = 500;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_puts(w->out, "The records could not be read, so the report is not shown. Try again.\n");
  } else if (fmt == 0) {
    annual_page(w, zFrom, zTo, &r);
  } else if (fmt == 1) {
    char *zName = xmprintf("iro-annual-report-%s-to-%s.csv", zFrom, zTo);
    attachment(w, "text/csv; charset=utf-8", zName);
    free(zName);
    RTable *aView = web_hides_small_numbers(w) ? annual_board_tables(&r) : r.aTab;
    reports_csv(aView, AN_N, w->out);
    if (aView != r.aTab) web_tables_done(aView, NULL, AN_N);
  } else {
    const char *zErr = NULL;
    RTable *aView = web_hides_small_numbers(w) ? annual_board_tables(&r) : r.aTab;
    int rc = reports_xlsx_buf(aView, AN_N, w->out, &zErr);
    if (aView != r.aTab) web_tables_done(aView, NULL, AN_N);
    if (rc != 0) {
      xlsx_failed(w, zErr);
    } else {
      char *zName = xmprintf("iro-annual-report-%s-to-%s.xlsx", zFrom, zTo);
      attachment(w, zXlsxType, zName);
      free(zName);
    }
  }
  annual_free(&r);
}

void page_report_annual(Web *w) { report_annual(w, 0); }
void page_report_annual_csv(Web *w) { report_annual(w, 1); }
void page_report_annual_xlsx(Web *w) { report_annual(w, 2); }
