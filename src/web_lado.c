/*
** web_lado.c: the Designated Officer's pages (SPEC §6): the dashboard
** (open cases with their next deadline, what is overdue, recommendations
** due, records due a retention review), the list of cases (with its CSV and
** Excel downloads, the shared PageTables), recording a
** contact, one case's page with a form for each step, and the KPI report
** with its CSV and Excel downloads.
**
** Every route needs CAP_LADO, which only the Designated Officer role has
** (not even an administrator, who grants the role). Every page showing a
** case writes a view of it to the audit log under "lado:<id>" before it is
** sent, and is not shown if that fails. A form sent back with errors shows
** the page just viewed (that view was audited) and writes nothing.
*/
#include "web.h"
#include "listing.h"
#include "audit.h"
#include "chart.h"
#include "lado.h"
#include "reports.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ------------------------------------------------------------ */

static void back_link(Web *w, const char *zHref, const char *zText) {
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">%h</a>\n", zHref, zText);
}

static void summary_row_begin(Web *w, const char *zKey) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">", zKey);
}

static void summary_row_end(Web *w) { html_raw(w->out, "</dd></div>\n"); }

static void summary_row(Web *w, const char *zKey, const char *zValue) {
  summary_row_begin(w, zKey);
  html_printf(w->out, "%h", zValue);
  summary_row_end(w);
}

static void summary_date(Web *w, const char *zKey, Date d) {
  summary_row_begin(w, zKey);
  if (d != DATE_NONE) html_printf(w->out, "%D", (int)d);
  else html_raw(w->out, "Not yet");
  summary_row_end(w);
}

/* Text someone typed, keeping their line breaks. */
static void multiline(Web *w, const char *z) {
  for (const char *p = z ? z : ""; *p; p++) {
    if (*p == '\n') {
      html_raw(w->out, "<br>");
    } else if (*p != '\r') {
      char c[2] = {*p, 0};
      html_escape(w->out, c);
    }
  }
}

static void tag(Web *w, const char *zClass, const char *zText) {
  html_printf(w->out, "<strong class=\"govuk-tag %h\">%h</strong>", zClass, zText);
}

/* Value/label pairs of codes for radios and selects (labels from lado_label). */
static const char **code_choices(const char *const *az, int n, const char *zFirst) {
  const char **a = xmalloc((size_t)(2 * n + 3) * sizeof *a);
  int k = 0;
  if (zFirst) {
    a[k++] = "";
    a[k++] = zFirst;
  }
  for (int i = 0; i < n; i++) {
    a[k++] = az[i];
    a[k++] = lado_label(az[i]);
  }
  a[k] = NULL;
  return a;
}

static void read_failed(Web *w);

/* A view that cannot be audited is not shown. */
static void audit_failed(Web *w) {
  w->resp->status = 503;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The audit log cannot be written, so LADO records are not shown.\n");
}

/* A table whose first column is a case number, linked to the case. */
static void case_table(Web *w, const RTable *t, const char *zCaption) {
  if (!t->nRow) {
    html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", t->zEmpty);
    return;
  }
  /* The section's heading is on the page already: the caption names the
  ** table for screen readers only. It scrolls in its own region on a
  ** narrow screen (see reports_table_html()). */
  html_printf(w->out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">\n", zCaption);
  html_printf(w->out, "<table class=\"govuk-table app-table--compact\">\n<caption class=\"govuk-visually-hidden\">%h</caption>\n"
                      "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">", zCaption);
  for (int k = 0; k < t->nCol; k++) {
    html_printf(w->out, "<th scope=\"col\" class=\"govuk-table__header\">%h</th>", t->aCol[k].zLabel);
  }
  html_raw(w->out, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
  for (int i = 0; i < t->nRow; i++) {
    html_raw(w->out, "<tr class=\"govuk-table__row\">");
    for (int k = 0; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      html_raw(w->out, "<td class=\"govuk-table__cell\">");
      if (k == 0) {
        html_printf(w->out, "<a class=\"govuk-link\" href=\"/lado/cases/%lld\"><span class=\"govuk-visually-hidden\">Case </span>%lld</a>",
                    (long long)c->v, (long long)c->v);
      } else if (t->aCol[k].type == RCOL_DATE) {
        if (c->v != DATE_NONE) html_printf(w->out, "%D", (int)c->v);
      } else if (t->aCol[k].type == RCOL_INT) {
        html_printf(w->out, "%lld", (long long)c->v);
      } else if (strcmp(t->aCol[k].zCsv, "status") == 0 && c->z && strcmp(c->z, "Overdue") == 0) {
        tag(w, "govuk-tag--red", "Overdue");
      } else {
        html_printf(w->out, "%h", c->z ? c->z : "");
      }
      html_raw(w->out, "</td>");
    }
    html_raw(w->out, "</tr>\n");
  }
  html_raw(w->out, "</tbody>\n</table>\n</div>\n");
}

static void send_csv(Web *w, const Buf *b, const char *zName) {
  char zDay[11];
  char *zDisp = xmprintf("attachment; filename=\"%s-%s.csv\"", zName, date_iso(w->today, zDay));
  w->resp->zType = "text/csv; charset=utf-8";
  http_set_header(w->resp, "Content-Disposition", zDisp);
  buf_append(w->out, b->z ? b->z : "", b->n);
  free(zDisp);
}

static void send_xlsx(Web *w, const RTable *aTab, int nTab, const char *zName) {
  Buf x = {0};
  const char *zErr = NULL;
  if (reports_xlsx_buf(aTab, nTab, &x, &zErr) != 0) {
    w->resp->status = 500;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_printf(w->out, "The workbook could not be made: %s\n", zErr ? zErr : "unknown error");
  } else {
    char zDay[11];
    char *zDisp = xmprintf("attachment; filename=\"%s-%s.xlsx\"", zName, date_iso(w->today, zDay));
    w->resp->zType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    http_set_header(w->resp, "Content-Disposition", zDisp);
    buf_append(w->out, x.z, x.n);
    free(zDisp);
  }
  buf_free(&x);
}

/* The last complete financial year (April to March) before today: the
** period of the seed annual report, so the report is one click away. */
static void last_financial_year(Date today, Date *pFrom, Date *pTo) {
  int y, m, d;
  date_to_ymd(today, &y, &m, &d);
  int start = m >= 4 ? y - 1 : y - 2;
  *pFrom = date_from_ymd(start, 4, 1);
  *pTo = date_from_ymd(start + 1, 3, 31);
}

/* ---- The dashboard -------------------------------------------------------------- */

void page_lado(Web *w) {
  RTable aTab[LADO_DASH_N];
  int64_t *aId;
  int nId;
  if (lado_dashboard(w->db, w->today, aTab, &aId, &nId) != DB_OK) {
    /* Noted on the connection: the skeleton answers with its error page. */
  } else if (lado_audit_list(w->db, aId, nId, "dashboard", w->sess.user.zUsername) != DB_OK) {
    audit_failed(w);
  } else {
    Date from, to;
    last_financial_year(w->today, &from, &to);
    char zF[11], zT[11], zP[64];
    lado_period_words(from, to, zP, sizeof zP);
    page_begin(w, "Designated Officer dashboard");
    saved_banner(w);
    html_raw(w->out, "<h1 class=\"govuk-heading-l\">Designated Officer dashboard</h1>\n"
                     "<p class=\"govuk-body\">Allegations against adults who work with children. Record each contact "
                     "on the day the information was received; the decision is due by the next working day.</p>\n"
                     "<div class=\"govuk-button-group\"><a href=\"/lado/contacts/new\" role=\"button\" draggable=\"false\""
                     " class=\"govuk-button\" data-module=\"govuk-button\">Record a contact</a>"
                     "<a class=\"govuk-link\" href=\"/lado/cases?show=all\">All cases</a></div>\n");
    html_printf(w->out, "<ul class=\"govuk-list\">\n<li><a class=\"govuk-link\" href=\"/lado/report?from=%h&amp;to=%h\">"
                        "KPI report for %h</a></li>\n<li><a class=\"govuk-link\" href=\"/lado/report\">KPI report for another period</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"/lado/dashboard.xlsx\" download>Download these lists as an Excel workbook</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"/lado/dashboard.csv\" download>Download these lists as CSV</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"/lado/export.csv\" download>Export the whole tracker as CSV</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"/lado/dip-samples\">Dip samples of case files</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"/lado/training\">Training and briefings delivered</a></li>\n</ul>\n",
                date_iso(from, zF), date_iso(to, zT), zP);
    html_printf(w->out, "<p class=\"govuk-body\">%d open case%h; %d overdue; %d recommendation%h due or overdue.</p>\n",
                aTab[LADO_DASH_OPEN].nRow, aTab[LADO_DASH_OPEN].nRow == 1 ? "" : "s", aTab[LADO_DASH_OVERDUE].nRow,
                aTab[LADO_DASH_RECS].nRow, aTab[LADO_DASH_RECS].nRow == 1 ? "" : "s");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Overdue decisions and meetings</h2>\n");
    case_table(w, &aTab[LADO_DASH_OVERDUE], "Overdue: act on these first");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Open cases</h2>\n");
    case_table(w, &aTab[LADO_DASH_OPEN], "Open cases, the earliest deadline first");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Recommendations due</h2>\n"
                     "<p class=\"govuk-body\">Recommendations not yet implemented that are overdue or due in the next 28 days. "
                     "Chase the owner, then record when each is implemented on its case.</p>\n");
    case_table(w, &aTab[LADO_DASH_RECS], "Recommendations to chase");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Records due for a retention review</h2>\n"
                     "<p class=\"govuk-body\">Closed cases whose retention period has come round, by the rule for their "
                     "outcome. Nothing is deleted automatically: review each on its case, and record why it is kept "
                     "or destroy it.</p>\n");
    case_table(w, &aTab[LADO_DASH_RETENTION], "Retention reviews due");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Subject access requests</h2>\n"
                     "<p class=\"govuk-body\">To answer an adult's request for what is held about them, "
                     "<a class=\"govuk-link\" href=\"/lado/sar\">make a copy of every case naming them</a>.</p>\n");
    page_end(w);
  }
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
}

static void dashboard_download(Web *w, int xlsx) {
  RTable aTab[LADO_DASH_N];
  int64_t *aId;
  int nId;
  if (lado_dashboard(w->db, w->today, aTab, &aId, &nId) != DB_OK) {
    /* Noted on the connection: the skeleton answers with its error page. */
  } else if (lado_audit_list(w->db, aId, nId, "download", w->sess.user.zUsername) != DB_OK) {
    audit_failed(w);
  } else if (xlsx) {
    send_xlsx(w, aTab, LADO_DASH_N, "lado-dashboard");
  } else {
    Buf b = {0};
    lado_tables_csv(aTab, LADO_DASH_N, &b);
    send_csv(w, &b, "lado-dashboard");
    buf_free(&b);
  }
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
}

void page_lado_dashboard_csv(Web *w) { dashboard_download(w, 0); }
void page_lado_dashboard_xlsx(Web *w) { dashboard_download(w, 1); }

void page_lado_export(Web *w) {
  Buf b = {0};
  int64_t *aId = NULL;
  int nId = 0;
  if (lado_csv(w->db, &b) != DB_OK) {
    buf_free(&b);
    return;   /* noted on the connection: the skeleton's error page */
  }
  Stmt *s = db_query(w->db, "SELECT id FROM lado_case ORDER BY id", "");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    aId = xrealloc(aId, (size_t)(nId + 1) * sizeof *aId);
    aId[nId++] = db_col_int(s, 0);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    /* An export whose audit would miss cases is not sent. */
  } else if (lado_audit_list(w->db, aId, nId, "export", w->sess.user.zUsername) != DB_OK) audit_failed(w);
  else send_csv(w, &b, "lado-tracker");
  free(aId);
  buf_free(&b);
}

/* ---- The list of cases ------------------------------------------------------------ */

enum { LC_CASE, LC_RECEIVED, LC_ADULT, LC_EMPLOYER, LC_SECTOR, LC_DECISION, LC_OUTCOME, LC_STATUS, LC_N };
static const RColumn aLcCol[LC_N] = {
  {"case_id", "Case", RCOL_INT, 8},
  {"received", "Received", RCOL_DATE, 13},
  {"adult", "Adult", RCOL_TEXT, 24},
  {"employer", "Employer", RCOL_TEXT, 28},
  {"sector", "Sector", RCOL_TEXT, 20},
  {"decision", "Decision", RCOL_TEXT, 14},
  {"outcome", "Outcome", RCOL_TEXT, 20},
  {"status", "Status", RCOL_TEXT, 24},
};

/* The cases shown, newest first, as one table: the page draws it and
** /lado/cases.csv|.xlsx (same handler, w->fmt) send it. */
static void cases_table(Web *w, const LadoList *l, const int64_t *aIdx, int n, PageTables *p) {
  char zTitle[40];
  snprintf(zTitle, sizeof zTitle, "%d case%s", n, n == 1 ? "" : "s");
  RTable *t = page_table(p, "LADO cases", zTitle, "No cases to show.", aLcCol, LC_N);
  for (int i = 0; i < n; i++) {
    const LadoCase *c = &l->a[aIdx[i]];
    Date due;
    const char *zStep = lado_next_step(c, w->today, &due);
    rtable_row(t);
    rtable_num(t, LC_CASE, c->id);
    Buf b = {0};
    html_printf(&b, "<a class=\"govuk-link\" href=\"/lado/cases/%lld\"><span class=\"govuk-visually-hidden\">Case </span>%lld</a>",
                (long long)c->id, (long long)c->id);
    rtable_html(t, LC_CASE, b.z);
    buf_free(&b);
    rtable_num(t, LC_RECEIVED, c->received);
    rtable_text(t, LC_ADULT, c->zAdult);
    rtable_text(t, LC_EMPLOYER, c->zEmployer);
    rtable_text(t, LC_SECTOR, lado_label(c->zSector));
    rtable_text(t, LC_DECISION, c->zDecision[0] ? c->zDecision : "Not yet");
    rtable_text(t, LC_OUTCOME, c->zOutcome[0] ? lado_label(c->zOutcome) : "");
    if (!zStep) {
      cell_tag(t, LC_STATUS, "govuk-tag--green", "Closed");
    } else if (lado_overdue(c, w->today)) {
      cell_tag(t, LC_STATUS, "govuk-tag--red", "Overdue");
    } else {
      char *z = xmprintf("Waiting for %s", zStep);
      rtable_text(t, LC_STATUS, z);
      free(z);
    }
  }
}

/* The cases list (626 rows in the demo) is paged, sorted by any column and
** filtered by open/closed and by a search of the adult's name and employer
** (ignoring case, accents and word order, as finding a child does), so
** repeat referrals about the same person show together. The page audits
** the cases it shows; a download audits every case it holds. */
void page_lado_cases(Web *w) {
  const char *zShow = http_query(w->req, "show");
  if (!zShow || (strcmp(zShow, "open") && strcmp(zShow, "closed") && strcmp(zShow, "all"))) zShow = "open";
  const char *zQ = http_query(w->req, "q");
  char zQuery[200];
  /* What was typed, without the spaces around it. */
  while (zQ && (*zQ == ' ' || *zQ == '\t')) zQ++;
  /* Too long for the box: refused, never cut (a cut name finds other people). */
  int tooLong = zQ && strlen(zQ) >= sizeof zQuery;
  if (tooLong) {
    errors_add(&w->err, "q", "Adult's name or employer must be %d characters or fewer", (int)sizeof zQuery - 1);
    w->resp->status = 400;
    if (w->fmt != FMT_PAGE) {
      w->resp->zType = "text/plain; charset=utf-8";
      buf_printf(w->out, "Adult's name or employer must be %d characters or fewer.\n", (int)sizeof zQuery - 1);
      return;
    }
  }
  snprintf(zQuery, sizeof zQuery, "%s", zQ && !tooLong ? zQ : "");
  for (size_t len = strlen(zQuery); len && (zQuery[len - 1] == ' ' || zQuery[len - 1] == '\t');) zQuery[--len] = 0;
  Buf folded = {0};
  child_fold(zQuery, &folded);
  LadoList l;
  if (lado_list(w->db, strcmp(zShow, "open") == 0, w->today, &l) < 0) {
    buf_free(&folded);
    return;   /* noted on the connection: the skeleton's error page */
  }
  int64_t *aId = xmalloc((size_t)(l.n + 1) * sizeof *aId);
  int n = 0;
  for (int i = l.n - 1; i >= 0; i--) {   /* newest first */
    const LadoCase *c = &l.a[i];
    int closed = c->closed != DATE_NONE && c->closed <= w->today;
    if (strcmp(zShow, "closed") == 0 && !closed) continue;
    const char *azField[2] = {c->zAdult, c->zEmployer};
    if (tooLong || !listing_matches(folded.z, azField, 2)) continue;
    aId[n++] = i;
  }
  PageTables pt = {0};
  cases_table(w, &l, aId, n, &pt);
  RTable *t = &pt.a[0];
  Listing li;
  listing_sort_parse(&li, t, http_query(w->req, "sort"), http_query(w->req, "order"));
  if (li.sortCol >= 0) rtable_sort(t, li.sortCol, li.desc);
  listing_paginate(&li, t->nRow, LIST_PAGE, http_query(w->req, "page"));
  /* The cases this response shows: the page's, or all for a download. */
  int first = w->fmt == FMT_PAGE ? li.first : 0, last = w->fmt == FMT_PAGE ? li.last : t->nRow;
  int64_t *aCase = xmalloc((size_t)(last - first + 1) * sizeof *aCase);
  for (int i = first; i < last; i++) aCase[i - first] = rtable_cell(t, i, LC_CASE)->v;
  /* The page and its downloads audit the same view of each case listed,
  ** before anything is sent. */
  if (lado_audit_list(w->db, aCase, last - first, "list", w->sess.user.zUsername) != DB_OK) {
    audit_failed(w);
  } else if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "lado-cases");
  } else {
    Buf q = {0};
    buf_puts(&q, "show=");
    url_escape(&q, zShow);
    if (folded.n) {
      buf_puts(&q, "&q=");
      url_escape(&q, zQuery);
    }
    page_begin(w, "LADO cases");
    back_link(w, "/lado", "Back to the dashboard");
    error_summary(w);
    html_raw(w->out, "<h1 class=\"govuk-heading-l\">LADO cases</h1>\n"
                     "<form method=\"get\" action=\"/lado/cases\" class=\"app-filter\" novalidate>\n");
    input_text(w, "q", "Adult's name or employer", "Part of a name is enough; capitals and accents do not matter",
               zQuery, "off");
    static const char *const azShow[] = {"open", "Open", "closed", "Closed", "all", "All", NULL};
    input_radios(w, "show", "Show", NULL, azShow, zShow, 1);
    html_raw(w->out, "<div class=\"govuk-button-group\">\n<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                     "data-module=\"govuk-button\">Apply</button>\n");
    if (folded.n || strcmp(zShow, "open") != 0) {
      html_raw(w->out, "<a class=\"govuk-link\" href=\"/lado/cases\">Clear filters</a>\n");
    }
    html_raw(w->out, "</div>\n</form>\n");
    if (!n && folded.n) {
      html_printf(w->out, "<p class=\"govuk-body\">No case matches &ldquo;%h&rdquo;. Check the spelling, try part of the "
                          "name, or show all cases, closed ones included.</p>\n", zQuery);
    } else if (!n) {
      html_raw(w->out, "<p class=\"govuk-body\">No cases to show. <a class=\"govuk-link\" href=\"/lado/contacts/new\">"
                       "Record a contact</a> when one comes in.</p>\n");
    } else {
      if (folded.n) {
        html_printf(w->out, "<p class=\"govuk-body\">%d case%h about an adult or employer matching &ldquo;%h&rdquo;.</p>\n",
                    n, n == 1 ? "" : "s", zQuery);
      }
      html_printf(w->out, "<p class=\"govuk-body\">Showing %d to %d of %d case%h.</p>\n", li.first + 1, li.last, n,
                  n == 1 ? "" : "s");
      listing_table_html(t, &li, "/lado/cases", q.z, w->out);
      listing_pagination_html(&li, t, "/lado/cases", q.z, "Pages of cases", w->out);
      download_links(w, "/lado/cases", pt.n);
    }
    buf_free(&q);
    page_end(w);
  }
  page_tables_free(&pt);
  buf_free(&folded);
  free(aCase);
  free(aId);
  lado_list_free(&l);
}

/* ---- Recording a contact -------------------------------------------------------------- */

static void contact_form(Web *w, Date received) {
  page_begin(w, "Record a contact");
  back_link(w, "/lado", "Back to the dashboard");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Record a contact</h1>\n"
                   "<p class=\"govuk-body\">An allegation or concern about an adult who works with children. "
                   "Give the date and time the information was received, not today's date: the decision is due "
                   "by the next working day after it.</p>\n");
  form_begin(w, "/lado/contacts");
  input_date(w, "received_on", "Date the information was received", "For example, 27 3 2026", received);
  input_text(w, "received_time", "Time it was received", "24-hour clock, for example 14:30",
             form_text(w, "received_time"), "off");
  input_text(w, "referrer", "Who made the referral", "Name and role", form_text(w, "referrer"), "off");
  input_text(w, "referrer_agency", "Referrer's agency", NULL, form_text(w, "referrer_agency"), "off");
  input_text(w, "adult_name", "Name of the adult the allegation is about", NULL, form_text(w, "adult_name"), "off");
  input_text(w, "adult_role", "Their role", "For example, teaching assistant", form_text(w, "adult_role"), "off");
  input_text(w, "employer", "Their employer", "Or \"self-employed\"", form_text(w, "employer"), "off");
  const char **azSector = code_choices(lado_sectors, lado_n_sectors, "Choose a sector");
  input_select(w, "sector", "Sector", NULL, azSector, form_text(w, "sector"));
  free(azSector);
  input_textarea(w, "children", "Children involved", "Names or initials and ages", form_text(w, "children"));
  input_textarea(w, "allegation", "What was alleged", NULL, form_text(w, "allegation"));
  button(w, "Save contact");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_lado_contact_new(Web *w) { contact_form(w, DATE_NONE); }

void page_lado_contact_create(Web *w) {
  Errors dateErr = {0};
  Date received = form_date_aside(w, "received_on", "the date the information was received", 1, &dateErr);
  LadoContactInput in = {
    .received = received, .zTime = form_text(w, "received_time"), .zReferrer = form_text(w, "referrer"),
    .zAgency = form_text(w, "referrer_agency"), .zAdult = form_text(w, "adult_name"),
    .zRole = form_text(w, "adult_role"), .zEmployer = form_text(w, "employer"), .zSector = form_text(w, "sector"),
    .zChildren = form_text(w, "children"), .zAllegation = form_text(w, "allegation"),
  };
  int64_t id = lado_contact_add(w->db, &in, w->today, w->sess.user.zUsername, &w->err);
  /* The form's own message about the date replaces the domain's. */
  errors_aside_first(w, &dateErr, 0);
  if (id && !w->err.n) {
    char *zUrl = xmprintf("/lado/cases/%lld?saved=lado-contact", (long long)id);
    redirect(w, zUrl);
    free(zUrl);
    return;
  }
  contact_form(w, received);
}

/* ---- One case ------------------------------------------------------------------------ */

/* The case named by the first path segment: 1, or 0 with the 404 written. */
static int path_case(Web *w, LadoCase *c) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0 || !lado_load(w->db, id, c)) {
    not_found(w);
    return 0;
  }
  return 1;
}

static void form_for(Web *w, const LadoCase *c, const char *zStep) {
  char *zAction = xmprintf("/lado/cases/%lld/%s", (long long)c->id, zStep);
  form_begin(w, zAction);
  free(zAction);
}

/* A date field: what was typed when the form came back, else dflt. */
static Date typed_date(Web *w, const char *zName, Date dflt) {
  char z[64];
  snprintf(z, sizeof z, "%s-day", zName);
  if (!http_form(w->req, z)) return dflt;
  Errors keep = w->err;
  Date d = form_date(w, zName, "the date", 0);
  w->err = keep;
  return d;
}

static void meeting_card(Web *w, const LadoMeeting *m, int n) {
  char zTitle[64];
  if (m->initial) snprintf(zTitle, sizeof zTitle, "Initial evaluation meeting");
  else snprintf(zTitle, sizeof zTitle, "Post-allegation meeting %d", n);
  html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                      "<h3 class=\"govuk-summary-card__title\">%h</h3></div>\n<div class=\"govuk-summary-card__content\">"
                      "<dl class=\"govuk-summary-list\">\n", zTitle);
  summary_row_begin(w, "Held");
  html_printf(w->out, "%D ", (int)m->held);
  status_tag(w, m->held <= m->due ? ST_DONE : ST_DONE_LATE);
  summary_row_end(w);
  summary_date(w, "Was due", m->due);
  if (m->zLateReason) {
    summary_row_begin(w, "Why it was late");
    multiline(w, m->zLateReason);
    summary_row_end(w);
  }
  if (!m->initial) {
    summary_row(w, "Investigation concluded", m->concluded == 1 ? "Yes" : m->concluded == 0 ? "No" : "Not recorded");
    if (m->next != DATE_NONE) summary_date(w, "Next meeting planned", m->next);
  }
  if (m->zNotes) {
    summary_row_begin(w, "Notes");
    multiline(w, m->zNotes);
    summary_row_end(w);
  }
  html_raw(w->out, "</dl></div></div>\n");
}

static void case_page(Web *w, const LadoCase *c) {
  char zTitle[64];
  snprintf(zTitle, sizeof zTitle, "LADO case %lld", (long long)c->id);
  int open = c->closed == DATE_NONE;
  Date due;
  const char *zStep = lado_next_step(c, w->today, &due);
  const LadoMeeting *iem = lado_iem(c);
  breadcrumbs(w, "LADO", "/lado", "Cases", "/lado/cases", NULL);
  page_begin(w, zTitle);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h, %h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              c->zAdult, c->zEmployer, zTitle);

  /* What to do next, in one sentence. */
  html_raw(w->out, "<div class=\"govuk-inset-text\">");
  if (!zStep) {
    html_printf(w->out, "This case was closed on %D. Its retention is next reviewed on %D.", (int)c->closed,
                (int)lado_retention_due(w->db, c));
  } else if (due != DATE_NONE) {
    html_printf(w->out, "Next: the %h, due by %D. ", zStep, (int)due);
    if (w->today > due) tag(w, "govuk-tag--red", "Overdue");
  } else if (strcmp(zStep, "outcome") == 0) {
    html_raw(w->out, "The investigation has concluded: record the outcome and the actions taken, then close the case.");
  } else {
    html_raw(w->out, "Nothing else is due: close the case when the agency has fed back on the agreed actions.");
  }
  html_raw(w->out, "</div>\n");

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Contact</h2>\n<dl class=\"govuk-summary-list\">\n");
  summary_row_begin(w, "Information received");
  html_printf(w->out, "%D at %h", (int)c->received, c->zTime);
  summary_row_end(w);
  summary_row_begin(w, "Recorded");
  {
    char zAt[64], zBy[200];
    web_time_words(c->zRecordedAt, zAt, sizeof zAt);
    web_person_name(w, c->zRecordedBy, zBy, sizeof zBy);
    html_printf(w->out, "%h by %h", zAt, zBy);
  }
  summary_row_end(w);
  summary_row_begin(w, "Referrer");
  html_printf(w->out, "%h (%h)", c->zReferrer, c->zAgency);
  summary_row_end(w);
  summary_row(w, "Adult", c->zAdult);
  summary_row(w, "Role", c->zRole);
  summary_row(w, "Employer", c->zEmployer);
  summary_row(w, "Sector", lado_label(c->zSector));
  summary_row_begin(w, "Children involved");
  multiline(w, c->zChildren);
  summary_row_end(w);
  summary_row_begin(w, "What was alleged");
  multiline(w, c->zAllegation);
  summary_row_end(w);
  summary_row_begin(w, "Decision due");
  html_printf(w->out, "%D ", (int)c->decisionDue);
  status_tag(w, deadline_status(c->decisionDue, c->decided, w->today));
  summary_row_end(w);
  summary_row_begin(w, "Decision");
  if (c->zDecision[0]) html_printf(w->out, "%h, on %D", lado_label(c->zDecision), (int)c->decided);
  else html_raw(w->out, "Not yet made");
  summary_row_end(w);
  if (lado_needs_iem(c)) {
    summary_row(w, "Category of harm", c->zCategory[0] ? lado_label(c->zCategory) : "Not recorded yet");
    summary_row(w, "Type", c->zType[0] ? lado_label(c->zType) : "Not recorded yet");
    summary_row(w, "Police involved", c->police == 1 ? "Yes" : c->police == 0 ? "No" : "Not recorded yet");
  }
  if (strcmp(c->zDecision, "unclear") == 0) {
    summary_row(w, "Threshold at the initial meeting", c->iemThreshold == 1 ? "Met: a referral"
                : c->iemThreshold == 0 ? "Not met: a concern" : "Not decided yet");
  }
  if (c->zOutcome[0]) {
    summary_row_begin(w, "Outcome");
    html_printf(w->out, "%h, on %D", lado_label(c->zOutcome), (int)c->outcomeOn);
    summary_row_end(w);
    summary_row_begin(w, "Actions");
    int k = 0;
    for (int i = 0; i < lado_n_actions; i++) {
      if (c->actions & (1u << i)) html_printf(w->out, "%h%h", k++ ? "; " : "", lado_label(lado_actions[i]));
    }
    summary_row_end(w);
  }
  summary_row_begin(w, "Cross-border");
  if (c->crossAdult < 0) {
    html_raw(w->out, "Not recorded yet");
  } else if (!lado_is_cross_border(c)) {
    html_raw(w->out, "No: the adult and the children are in this authority's area");
  } else {
    html_printf(w->out, "Yes (%h): %h", c->zOtherAuthority ? c->zOtherAuthority : "authority not recorded",
                c->crossAdult == 1 && c->crossChild == 1 ? "the adult works or lives in another authority's area, and a child is from one"
                : c->crossAdult == 1 ? "the adult works or lives in another authority's area"
                : "a child is from another authority's area");
  }
  summary_row_end(w);
  if (!open) summary_date(w, "Closed", c->closed);
  html_raw(w->out, "</dl>\n");

  /* The advice, as saved: never edited; corrections beside it. */
  if (c->zAdvice) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Advice given</h2>\n<div class=\"govuk-inset-text\">");
    multiline(w, c->zAdvice);
    html_printf(w->out, "<br><span class=\"govuk-hint\">Given on %D; recorded by %h at %h. It cannot be changed.</span></div>\n",
                (int)c->adviceOn, c->zAdviceBy, c->zAdviceAt);
    for (int i = 0; i < c->nCorr; i++) {
      html_raw(w->out, "<div class=\"govuk-inset-text\"><strong>Correction:</strong> ");
      multiline(w, c->aCorr[i].zText);
      html_printf(w->out, "<br><span class=\"govuk-hint\">Added by %h at %h.</span></div>\n", c->aCorr[i].zBy, c->aCorr[i].zAt);
    }
  }

  if (c->nMeet) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Meetings</h2>\n");
    int n = 0;
    for (int i = 0; i < c->nMeet; i++) meeting_card(w, &c->aMeet[i], c->aMeet[i].initial ? 0 : ++n);
  }

  if (c->nStrat) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Strategy meetings attended</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (int i = 0; i < c->nStrat; i++) {
      html_printf(w->out, "<li>%D", (int)c->aStrat[i].held);
      if (c->aStrat[i].zNotes) {
        html_raw(w->out, ": ");
        multiline(w, c->aStrat[i].zNotes);
      }
      html_raw(w->out, "</li>\n");
    }
    html_raw(w->out, "</ul>\n");
  }

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Recommendations and learning</h2>\n");
  if (!c->nRec) html_raw(w->out, "<p class=\"govuk-body\">None recorded.</p>\n");
  for (int i = 0; i < c->nRec; i++) {
    const LadoRec *r = &c->aRec[i];
    html_raw(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n");
    summary_row_begin(w, "Recommendation");
    multiline(w, r->zText);
    summary_row_end(w);
    summary_row(w, "Owner", r->zOwner);
    summary_row_begin(w, "Due");
    html_printf(w->out, "%D ", (int)r->due);
    status_tag(w, deadline_status(r->due, r->implemented, w->today));
    summary_row_end(w);
    summary_date(w, "Implemented", r->implemented);
    html_raw(w->out, "</dl>\n");
    if (r->implemented == DATE_NONE) {
      char *zAction = xmprintf("/lado/recommendations/%lld/implemented", (long long)r->id);
      form_begin(w, zAction);
      free(zAction);
      /* One form per recommendation: the field is named for it, so ids stay unique. */
      char zField[40];
      snprintf(zField, sizeof zField, "implemented_%lld", (long long)r->id);
      input_date(w, zField, "Date it was implemented", NULL, typed_date(w, zField, w->today));
      html_raw(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                       "Record as implemented</button>\n");
      form_end(w);
    }
    html_raw(w->out, "</div></div>\n");
  }

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  if (open && !c->zDecision[0]) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Record the decision</h2>\n"
                     "<p class=\"govuk-body\">Has the adult behaved in a way that has harmed, or may have harmed, a child; "
                     "possibly committed a criminal offence against or related to a child; behaved towards children in a "
                     "way that indicates they may pose a risk; or behaved in their private life in a way that raises "
                     "safeguarding concerns?</p>\n");
    form_for(w, c, "decision");
    const char **az = code_choices(lado_decisions, lado_n_decisions, NULL);
    input_radios(w, "decision", "Decision", NULL, az, form_text(w, "decision"), 0);
    free(az);
    input_date(w, "decided_on", "Date of the decision", "For example, 27 3 2026", typed_date(w, "decided_on", w->today));
    input_textarea(w, "advice", "Advice given to the referrer",
                   "Needed when the threshold is not met. Once saved it cannot be changed: a later correction is added beside it.",
                   form_text(w, "advice"));
    button(w, "Save decision");
    form_end(w);
  }
  if (c->zAdvice) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Add a correction to the advice</h2>\n");
    form_for(w, c, "correction");
    input_textarea(w, "correction", "Correction", "The advice above stays as it was; the correction is shown beside it.",
                   form_text(w, "correction"));
    button(w, "Add correction");
    form_end(w);
  }
  if (open && lado_needs_iem(c)) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Referral details</h2>\n");
    form_for(w, c, "referral");
    const char **az = code_choices(lado_categories, lado_n_categories, NULL);
    const char *zTyped = form_text(w, "harm_category");
    input_radios(w, "harm_category", "Category of harm", NULL, az, *zTyped ? zTyped : c->zCategory, 1);
    free(az);
    az = code_choices(lado_types, lado_n_types, "Choose a type");
    zTyped = form_text(w, "allegation_type");
    input_select(w, "allegation_type", "Type of allegation", NULL, az, *zTyped ? zTyped : c->zType);
    free(az);
    int police = form_yesno(w, "police");
    input_yesno(w, "police", "Are the police involved?", NULL, police >= 0 ? police : c->police);
    button(w, "Save referral details");
    form_end(w);
  }
  if (open) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Record a strategy meeting attended</h2>\n"
                     "<p class=\"govuk-body\">A children's social care strategy meeting about this case that you attended.</p>\n");
    form_for(w, c, "strategy-meetings");
    input_date(w, "strategy_on", "Date of the strategy meeting", "For example, 27 3 2026",
               typed_date(w, "strategy_on", DATE_NONE));
    input_textarea(w, "strategy_notes", "Notes (optional)", NULL, form_text(w, "strategy_notes"));
    button(w, "Save strategy meeting");
    form_end(w);

    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Cross-border</h2>\n");
    form_for(w, c, "cross-border");
    int posted = http_form(w->req, "other_authority") != NULL;
    input_yesno(w, "cross_adult", "Does the adult work or live in another local authority's area?", NULL,
                posted ? form_yesno(w, "cross_adult") : c->crossAdult);
    input_yesno(w, "cross_child", "Is a child involved from another local authority's area?", NULL,
                posted ? form_yesno(w, "cross_child") : c->crossChild);
    input_text(w, "other_authority", "Which authority (if either is yes)", "For example, Somerset",
               posted ? form_text(w, "other_authority") : c->zOtherAuthority ? c->zOtherAuthority : "", "off");
    button(w, "Save cross-border details");
    form_end(w);
  }
  if (open && lado_needs_iem(c) && !iem) {
    Date iemDue = lado_iem_due(c);
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">Record the initial evaluation meeting</h2>\n"
                        "<p class=\"govuk-body\">Due by %D. If it was held later, say why.</p>\n", (int)iemDue);
    form_for(w, c, "meetings");
    html_raw(w->out, "<input type=\"hidden\" name=\"kind\" value=\"initial\">\n");
    input_date(w, "held_on", "Date held", "For example, 27 3 2026", typed_date(w, "held_on", DATE_NONE));
    input_textarea(w, "late_reason", "Why it was held after the due date (if it was)", NULL, form_text(w, "late_reason"));
    if (strcmp(c->zDecision, "unclear") == 0) {
      input_yesno(w, "threshold_met", "Did the meeting find the threshold met?",
                  "Yes makes it a referral; no records it as a concern.", form_yesno(w, "threshold_met"));
    }
    input_textarea(w, "notes", "Notes (optional)", NULL, form_text(w, "notes"));
    button(w, "Save meeting");
    form_end(w);
  } else if (open && iem && lado_is_referral(c) && lado_next_pam_due(c) != DATE_NONE) {
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">Record a post-allegation meeting</h2>\n"
                        "<p class=\"govuk-body\">Due by %D. Hold it even if the investigation has not concluded: it then "
                        "reviews progress and plans the next meeting.</p>\n", (int)lado_next_pam_due(c));
    form_for(w, c, "meetings");
    html_raw(w->out, "<input type=\"hidden\" name=\"kind\" value=\"post-allegation\">\n");
    input_date(w, "held_on", "Date held", "For example, 27 3 2026", typed_date(w, "held_on", DATE_NONE));
    input_textarea(w, "late_reason", "Why it was held after the due date (if it was)", NULL, form_text(w, "late_reason"));
    input_yesno(w, "concluded", "Has the investigation concluded?", NULL, form_yesno(w, "concluded"));
    input_date(w, "next_on", "Date of the next meeting (if not concluded)", "For example, 27 4 2026",
               typed_date(w, "next_on", DATE_NONE));
    input_textarea(w, "notes", "Notes (optional)", NULL, form_text(w, "notes"));
    button(w, "Save meeting");
    form_end(w);
  }
  if (open && iem && lado_is_referral(c)) {
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", c->zOutcome[0] ? "Change the outcome" : "Record the outcome");
    form_for(w, c, "outcome");
    const char **az = code_choices(lado_outcomes, lado_n_outcomes, NULL);
    const char *zTyped = form_text(w, "outcome");
    input_radios(w, "outcome", "Outcome", NULL, az, *zTyped ? zTyped : c->zOutcome, 0);
    free(az);
    input_date(w, "outcome_on", "Date of the outcome", "For example, 27 3 2026",
               typed_date(w, "outcome_on", c->outcomeOn != DATE_NONE ? c->outcomeOn : w->today));
    const char *zErr = errors_for(&w->err, "actions");
    html_printf(w->out, "<div class=\"govuk-form-group%h\"><fieldset class=\"govuk-fieldset\" aria-describedby=\"actions-hint%h\">\n"
                        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Actions taken</legend>\n"
                        "<div id=\"actions-hint\" class=\"govuk-hint\">Select all that apply, or None.</div>\n",
                zErr ? " govuk-form-group--error" : "", zErr ? " actions-error" : "");
    if (zErr) {
      html_printf(w->out, "<p id=\"actions-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n", zErr);
    }
    html_raw(w->out, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n");
    int posted = http_form(w->req, "outcome") != NULL;
    for (int i = 0; i < lado_n_actions; i++) {
      char zName[40], zId[40];
      snprintf(zName, sizeof zName, "action-%s", lado_actions[i]);
      snprintf(zId, sizeof zId, "%s", i == 0 ? "actions" : zName);
      int on = posted ? http_form(w->req, zName) != NULL : (c->actions & (1u << i)) != 0;
      html_printf(w->out, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%h\" name=\"%h\""
                          " type=\"checkbox\" value=\"yes\"%h><label class=\"govuk-label govuk-checkboxes__label\" for=\"%h\">%h</label></div>\n",
                  zId, zName, on ? " checked" : "", zId, lado_label(lado_actions[i]));
    }
    html_raw(w->out, "</div>\n</fieldset>\n</div>\n");
    button(w, "Save outcome");
    form_end(w);
  }
  if (open && zStep && (strcmp(zStep, "closure") == 0)) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Close the case</h2>\n"
                     "<p class=\"govuk-body\">Close it when the agency has fed back on the agreed actions.</p>\n");
    form_for(w, c, "close");
    input_date(w, "closed_on", "Date closed", "For example, 27 3 2026", typed_date(w, "closed_on", w->today));
    button(w, "Close case");
    form_end(w);
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Add a recommendation</h2>\n");
  form_for(w, c, "recommendations");
  input_textarea(w, "rec_text", "Recommendation or learning", NULL, form_text(w, "rec_text"));
  input_text(w, "rec_owner", "Who owns it", "Name and role, or the team", form_text(w, "rec_owner"), "off");
  input_date(w, "rec_due", "Due by", "For example, 27 6 2026", typed_date(w, "rec_due", DATE_NONE));
  button(w, "Add recommendation");
  form_end(w);
  if (!open) {
    Date retDue = lado_retention_due(w->db, c);
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">Retention review</h2>\n<p class=\"govuk-body\">Next review due %D%h. "
                        "Oversight never deletes a record by itself: if it is to be kept, say why.</p>\n",
                (int)retDue, c->lastRetentionReview != DATE_NONE ? " (reviewed before)" : "");
    /* Past its review date, the record may instead be destroyed, after a
    ** check on its own page (web_retention.c). */
    if (retDue != DATE_NONE && retDue <= w->today) {
      html_printf(w->out, "<p class=\"govuk-body\">If it is no longer needed, "
                          "<a class=\"govuk-link\" href=\"/lado/cases/%lld/destroy\">destroy this case</a>.</p>\n",
                  (long long)c->id);
    }
    form_for(w, c, "retention");
    input_date(w, "reviewed_on", "Date of the review", NULL, typed_date(w, "reviewed_on", w->today));
    input_textarea(w, "note", "Why the record is kept", NULL, form_text(w, "note"));
    button(w, "Record the review");
    form_end(w);
  }
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_lado_case(Web *w) {
  LadoCase c;
  if (!path_case(w, &c)) return;
  if (lado_audit_view(w->db, c.id, w->sess.user.zUsername) != DB_OK) audit_failed(w);
  else case_page(w, &c);
  lado_clear(&c);
}

/* After a step: the case again with what was saved, or with the errors
** (the domain's other fields moved to zFirst, so the summary links land). */
static void step_done(Web *w, int64_t id, int rc, const char *zSaved, const char *const *azKnown, const char *zFirst) {
  if (rc == 0 && !w->err.n) {
    char *zUrl = xmprintf("/lado/cases/%lld?saved=%s", (long long)id, zSaved);
    redirect(w, zUrl);
    free(zUrl);
    return;
  }
  errors_move(w, azKnown, zFirst);
  LadoCase c;
  if (lado_load(w->db, id, &c)) case_page(w, &c);
  else not_found(w);
  lado_clear(&c);
}

static int64_t path_id(Web *w) {
  LadoCase c;
  if (!path_case(w, &c)) return 0;
  int64_t id = c.id;
  lado_clear(&c);
  return id;
}

void page_lado_decision(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date on = form_date_aside(w, "decided_on", "the date of the decision", 1, &de);
  int rc = lado_decide(w->db, id, form_text(w, "decision"), on, form_text(w, "advice"), w->today,
                       w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"decision", "decided_on", "advice", NULL};
  step_done(w, id, rc, "lado-decision", azKnown, "decision");
}

void page_lado_correction(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  int rc = lado_advice_correct(w->db, id, form_text(w, "correction"), w->sess.user.zUsername, &w->err);
  static const char *const azKnown[] = {"correction", NULL};
  step_done(w, id, rc, "lado-correction", azKnown, "correction");
}

void page_lado_referral(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  int rc = lado_referral_set(w->db, id, form_text(w, "harm_category"), form_text(w, "allegation_type"),
                             form_yesno(w, "police"), w->sess.user.zUsername, &w->err);
  static const char *const azKnown[] = {"harm_category", "allegation_type", "police", NULL};
  step_done(w, id, rc, "lado-referral", azKnown, "harm_category");
}

void page_lado_meeting(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date held = form_date_aside(w, "held_on", "the date the meeting was held", 1, &de);
  Date next = form_date_aside(w, "next_on", "the date of the next meeting", 0, &de);
  LadoMeetingInput in = {
    .initial = strcmp(form_text(w, "kind"), "post-allegation") != 0, .held = held,
    .zLateReason = form_text(w, "late_reason"), .thresholdMet = form_yesno(w, "threshold_met"),
    .concluded = form_yesno(w, "concluded"), .next = next, .zNotes = form_text(w, "notes"),
  };
  int rc = lado_meeting_add(w->db, id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"held_on", "late_reason", "threshold_met", "concluded", "next_on", NULL};
  step_done(w, id, rc, "lado-meeting", azKnown, "held_on");
}

void page_lado_outcome(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date on = form_date_aside(w, "outcome_on", "the date of the outcome", 1, &de);
  unsigned actions = 0;
  for (int i = 0; i < lado_n_actions; i++) {
    char zName[40];
    snprintf(zName, sizeof zName, "action-%s", lado_actions[i]);
    if (http_form(w->req, zName)) actions |= 1u << i;
  }
  int rc = lado_outcome_set(w->db, id, form_text(w, "outcome"), on, actions, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"outcome", "outcome_on", "actions", NULL};
  step_done(w, id, rc, "lado-outcome", azKnown, "outcome");
}

void page_lado_close(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date on = form_date_aside(w, "closed_on", "the date the case closed", 1, &de);
  int rc = lado_close(w->db, id, on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"closed_on", NULL};
  step_done(w, id, rc, "lado-closed", azKnown, "closed_on");
}

void page_lado_recommendation(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date due = form_date_aside(w, "rec_due", "the date it is due by", 1, &de);
  int64_t rec = lado_rec_add(w->db, id, form_text(w, "rec_text"), form_text(w, "rec_owner"), due, w->today,
                             w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"rec_text", "rec_owner", "rec_due", NULL};
  step_done(w, id, rec ? 0 : -1, "lado-recommendation", azKnown, "rec_text");
}

void page_lado_retention(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date on = form_date_aside(w, "reviewed_on", "the date of the review", 1, &de);
  int rc = lado_retention_review(w->db, id, on, form_text(w, "note"), w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"reviewed_on", "note", NULL};
  step_done(w, id, rc, "lado-retention", azKnown, "note");
}

void page_lado_rec_implemented(Web *w) {
  long recId;
  int64_t caseId = 0;
  if (parse_int(w->azArg[0], 1, 2000000000L, &recId) == 0) {
    caseId = db_int(w->db, 0, "SELECT case_id FROM lado_recommendation WHERE id = ?", "I", (int64_t)recId);
  }
  if (!caseId) {
    not_found(w);
    return;
  }
  char zField[40];
  snprintf(zField, sizeof zField, "implemented_%ld", recId);
  Errors de = {0};
  Date on = form_date_aside(w, zField, "the date it was implemented", 1, &de);
  int rc = lado_rec_implemented(w->db, recId, on, w->today, w->sess.user.zUsername, &w->err);
  /* The domain names the field generically; the page names it per form. */
  for (int i = 0; i < w->err.n; i++) snprintf(w->err.a[i].zField, sizeof w->err.a[i].zField, "%.31s", zField);
  errors_aside_first(w, &de, 0);
  const char *azKnown[] = {zField, NULL};
  step_done(w, caseId, rc, "lado-implemented", azKnown, zField);
}

/* ---- The KPI report ------------------------------------------------------------------ */

/* The period asked for (web.c report_period_param), defaulting to the
** last financial year. 0, or -1 with the errors in w->err and the default
** period in *pFrom, *pTo. */
static int report_period(Web *w, Date *pFrom, Date *pTo) {
  char zF[16], zT[16];
  last_financial_year(w->today, pFrom, pTo);
  if (report_period_param(w, pFrom, pTo, zF, zT) == 0) return 0;
  last_financial_year(w->today, pFrom, pTo);
  return -1;
}

static int report_audit(Web *w, const LadoReport *r) {
  char zP[64];
  lado_period_words(r->from, r->to, zP, sizeof zP);
  return audit_write(w->db, w->sess.user.zUsername, "lado.report", "lado:report", NULL, zP, NULL);
}

/* Which columns each table's chart draws, and how. */
static void report_chart(Buf *out, const RTable *t, int k) {
  static const int aTime[] = {4, 7}, aClos[] = {1, 5}, aMonth[] = {1, 2}, aCount[] = {1, 2};
  static const int aDenom[] = {4, 7}, aYear[] = {3, 4, 5};
  switch (k) {
    case LADO_KPI_TIMELINESS: chart_svg(out, t, CHART_HBAR, 0, aTime, 2, "Per cent on time, this period and the one before"); break;
    case LADO_KPI_DENOMINATORS: chart_svg(out, t, CHART_HBAR, 0, aDenom, 2, "Per cent on time, Oversight's way and the council's report's"); break;
    case LADO_KPI_YEARS: chart_svg(out, t, CHART_BAR, 0, aYear, 3, "Contacts, referrals and substantiated allegations by financial year"); break;
    case LADO_KPI_CLOSURE: chart_svg(out, t, CHART_BAR, 0, aClos, 2, "Contacts closed by time from contact to closure"); break;
    case LADO_KPI_MONTHS: chart_svg(out, t, CHART_LINE, 0, aMonth, 2, "Contacts and referrals by month"); break;
    case LADO_KPI_SECTOR: chart_svg(out, t, CHART_HBAR, 0, aCount, 2, "Referrals by sector, this period and the one before"); break;
    case LADO_KPI_CATEGORY: chart_svg(out, t, CHART_BAR, 0, aCount, 2, "Referrals by category of harm"); break;
    case LADO_KPI_OUTCOME: chart_svg(out, t, CHART_BAR, 0, aCount, 2, "Outcomes, this period and the one before"); break;
    default: break;
  }
}

void page_lado_report(Web *w) {
  Date from, to;
  report_period(w, &from, &to);
  LadoReport r;
  lado_report(w->db, from, to, w->today, &r);
  if (r.rc != DB_OK) {
    read_failed(w);
    lado_report_free(&r);
    return;
  }
  if (report_audit(w, &r) != DB_OK) {
    audit_failed(w);
    lado_report_free(&r);
    return;
  }
  char zP[64], zPrev[64], zF[11], zT[11];
  lado_period_words(r.from, r.to, zP, sizeof zP);
  lado_period_words(r.prevFrom, r.prevTo, zPrev, sizeof zPrev);
  /* The QA manager and the board read the figures, never a case. */
  int figuresOnly = !(w->caps & CAP_LADO);
  RTable *aView = web_report_tables(w, r.aTab, LADO_KPI_N, figuresOnly);
  char zC1[24], zC2[24], zC3[24], zC4[24];
  /* The board and the QA manager reach the figures from the reports. */
  if (figuresOnly) breadcrumbs(w, "Reports", "/reports", NULL);
  else breadcrumbs(w, "LADO", "/lado", NULL);
  page_begin(w, "Designated Officer KPI report");
  error_summary(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-l\">Designated Officer KPI report</h1>\n"
                      "<p class=\"govuk-body\">%h contacts and %h referrals, against %h contacts and %h referrals in the period "
                      "before (%h). Decisions and meetings not yet due on %D are left out of the timeliness figures.</p>\n",
              zP, web_count(w, r.nContacts, zC1), web_count(w, r.nReferrals, zC2), web_count(w, r.nPrevContacts, zC3),
              web_count(w, r.nPrevReferrals, zC4), zPrev, (int)w->today);
  if (web_hides_small_numbers(w))
    html_raw(w->out, "<p class=\"govuk-body\">Figures only: counts of 1 to 5 are shown as \"fewer than 6\".</p>\n");
  date_iso(r.from, zF);
  date_iso(r.to, zT);
  html_printf(w->out, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/lado/report.xlsx?from=%h&amp;to=%h\" download>"
                      "Download the report as an Excel workbook</a> (one sheet per table)</li>\n"
                      "<li><a class=\"govuk-link\" href=\"/lado/report.csv?from=%h&amp;to=%h\" download>Download the report as CSV</a></li></ul>\n",
              zF, zT, zF, zT);
  html_raw(w->out, "<form method=\"get\" action=\"/lado/report\" class=\"app-filter\" novalidate>\n"
                   "<h2 class=\"govuk-heading-m\">Choose the period</h2>\n");
  input_period(w, r.from, r.to);
  html_raw(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                   "data-module=\"govuk-button\">Show the report</button>\n</form>\n");
  for (int k = 0; k < LADO_KPI_N; k++) {
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[k].zTitle);
    /* A chart would draw the small numbers the table hides. */
    if (!web_hides_small_numbers(w)) report_chart(w->out, &r.aTab[k], k);
    reports_table_html(&aView[k], w->out, 1);
  }
  page_end(w);
  web_tables_done(aView, r.aTab, LADO_KPI_N);
  lado_report_free(&r);
}

static void report_download(Web *w, int xlsx) {
  Date from, to;
  if (report_period(w, &from, &to) != 0) {
    w->resp->status = 400;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_printf(w->out, "%s\n", w->err.a[0].zMsg);
    return;
  }
  LadoReport r;
  lado_report(w->db, from, to, w->today, &r);
  if (r.rc != DB_OK) {
    read_failed(w);
  } else if (report_audit(w, &r) != DB_OK) {
    audit_failed(w);
  } else {
    RTable *aView = web_report_tables(w, r.aTab, LADO_KPI_N, !(w->caps & CAP_LADO));
    if (xlsx) {
      send_xlsx(w, aView, LADO_KPI_N, "lado-kpi");
    } else {
      Buf b = {0};
      lado_tables_csv(aView, LADO_KPI_N, &b);
      send_csv(w, &b, "lado-kpi");
      buf_free(&b);
    }
    web_tables_done(aView, r.aTab, LADO_KPI_N);
  }
  lado_report_free(&r);
}

void page_lado_report_csv(Web *w) { report_download(w, 0); }
void page_lado_report_xlsx(Web *w) { report_download(w, 1); }

/* ---- Strategy meetings and cross-border, on a case (issue 20) ------------------------ */

void page_lado_strategy(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors de = {0};
  Date on = form_date_aside(w, "strategy_on", "the date of the strategy meeting", 1, &de);
  int rc = lado_strategy_add(w->db, id, on, form_text(w, "strategy_notes"), w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  static const char *const azKnown[] = {"strategy_on", "strategy_notes", NULL};
  step_done(w, id, rc, "lado-strategy", azKnown, "strategy_on");
}

void page_lado_cross_border(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  int rc = lado_cross_border_set(w->db, id, form_yesno(w, "cross_adult"), form_yesno(w, "cross_child"),
                                 form_text(w, "other_authority"), w->sess.user.zUsername, &w->err);
  static const char *const azKnown[] = {"cross_adult", "cross_child", "other_authority", NULL};
  step_done(w, id, rc, "lado-cross-border", azKnown, "cross_adult");
}

/* ---- Dip samples and training (issue 20) ------------------------------------------------
** The Designated Officer's own records: a list with a link to correct
** each, a form to add one, the same form to correct one. They name no
** adult or child; each change is audited with what it said before. */

static int64_t path_record(Web *w) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0) return 0;
  return id;
}

static void list_start(Web *w, const char *zTitle, const char *zNew, const char *zNewLabel, const char *zIntro) {
  page_begin(w, zTitle);
  back_link(w, "/lado", "Back to the dashboard");
  saved_banner(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n<p class=\"govuk-body\">%h</p>\n"
                      "<a href=\"%h\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">%h</a>\n",
              zTitle, zIntro, zNew, zNewLabel);
}

static void read_failed(Web *w) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The records could not be read. Try again; if it goes on, tell the administrator.\n");
}

/* The list, drawn by the page and sent by /lado/dip-samples.csv|.xlsx
** (the same handler, w->fmt): the findings as typed, line breaks kept. */
enum { LD_ON, LD_CASES, LD_FINDINGS, LD_CHANGE, LD_N };
static const RColumn aLdCol[LD_N] = {
  {"sampled_on", "Date", RCOL_DATE, 13},
  {"case_files_sampled", "Case files sampled", RCOL_INT, 10},
  {"findings", "Findings", RCOL_TEXT, 60},
  {NULL, "Change", RCOL_TEXT, 0},
};

void page_lado_dips(Web *w) {
  LadoDip *a;
  int n;
  if (lado_dip_list(w->db, &a, &n) != DB_OK) {
    read_failed(w);
    return;
  }
  PageTables pt = {0};
  RTable *t = page_table(&pt, "Dip samples", "Dip samples, the latest first", "No dip samples recorded yet.", aLdCol,
                         LD_N);
  for (int i = 0; i < n; i++) {
    rtable_row(t);
    rtable_num(t, LD_ON, a[i].on);
    rtable_num(t, LD_CASES, a[i].cases);
    rtable_text(t, LD_FINDINGS, a[i].zFindings);
    Buf cell = {0}, *save = w->out;
    w->out = &cell;
    multiline(w, a[i].zFindings);
    w->out = save;
    rtable_html(t, LD_FINDINGS, cell.z ? cell.z : "");
    buf_reset(&cell);
    html_printf(&cell, "<a class=\"govuk-link\" href=\"/lado/dip-samples/%lld\">Correct<span class=\"govuk-visually-hidden\">"
                       " the dip sample of %D</span></a>", (long long)a[i].id, (int)a[i].on);
    rtable_html(t, LD_CHANGE, cell.z);
    buf_free(&cell);
  }
  lado_dip_free(a, n);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "lado-dip-samples");
  } else {
    list_start(w, "Dip samples of case files", "/lado/dip-samples/new", "Record a dip sample",
               "Each dip sample of LADO case files: when, how many files, and what it found. The KPI report counts them.");
    reports_table_html(t, w->out, 1);
    if (n) download_links(w, "/lado/dip-samples", pt.n);
    page_end(w);
  }
  page_tables_free(&pt);
}

static void dip_form(Web *w, const LadoDip *d) {
  int posted = http_form(w->req, "findings") != NULL;
  const char *zTitle = d ? "Correct a dip sample" : "Record a dip sample";
  page_begin(w, zTitle);
  back_link(w, "/lado/dip-samples", "Back to the dip samples");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  char zAction[64], zCases[24];
  if (d) snprintf(zAction, sizeof zAction, "/lado/dip-samples/%lld", (long long)d->id);
  else snprintf(zAction, sizeof zAction, "/lado/dip-samples");
  snprintf(zCases, sizeof zCases, "%d", d ? d->cases : 0);
  form_begin(w, zAction);
  input_date(w, "sampled_on", "Date of the dip sample", "For example, 27 3 2026",
             typed_date(w, "sampled_on", d ? d->on : DATE_NONE));
  input_text(w, "cases_sampled", "Number of case files sampled", "A whole number, for example 12",
             posted || !d ? form_text(w, "cases_sampled") : zCases, "off");
  input_counted(w, "findings", "Findings", "What the files showed, and what is to change. Do not name the adults or children.",
                posted || !d ? form_text(w, "findings") : d->zFindings, LADO_FINDINGS_MAX, 6);
  button(w, d ? "Save the correction" : "Save dip sample");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_lado_dip_new(Web *w) { dip_form(w, NULL); }

static void dip_save(Web *w, int64_t id) {
  Errors de = {0};
  Date on = form_date_aside(w, "sampled_on", "the date of the dip sample", 1, &de);
  int64_t saved = lado_dip_save(w->db, id, on, form_text(w, "cases_sampled"), form_text(w, "findings"), w->today,
                                w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  if (saved && !w->err.n) {
    redirect(w, id ? "/lado/dip-samples?saved=lado-dip-corrected" : "/lado/dip-samples?saved=lado-dip");
    return;
  }
  LadoDip d;
  if (id && lado_dip_load(w->db, id, &d) == 1) {
    dip_form(w, &d);
    free(d.zFindings);
  } else {
    dip_form(w, NULL);
  }
}

void page_lado_dip_create(Web *w) { dip_save(w, 0); }

void page_lado_dip_edit(Web *w) {
  LadoDip d;
  int64_t id = path_record(w);
  int found = id ? lado_dip_load(w->db, id, &d) : 0;
  if (found < 0) read_failed(w);
  else if (!found) not_found(w);
  else dip_form(w, &d);
  if (found == 1) free(d.zFindings);
}

void page_lado_dip_update(Web *w) {
  LadoDip d;
  int64_t id = path_record(w);
  int found = id ? lado_dip_load(w->db, id, &d) : 0;
  if (found == 1) free(d.zFindings);
  if (found < 0) read_failed(w);
  else if (!found) not_found(w);
  else dip_save(w, id);
}

enum { LT_ON, LT_KIND, LT_AUDIENCE, LT_PEOPLE, LT_CHANGE, LT_N };
static const RColumn aLtCol[LT_N] = {
  {"held_on", "Date", RCOL_DATE, 13},
  {"kind", "Kind", RCOL_TEXT, 18},
  {"audience", "Audience", RCOL_TEXT, 40},
  {"people", "People", RCOL_INT, 10},
  {NULL, "Change", RCOL_TEXT, 0},
};

void page_lado_trainings(Web *w) {
  LadoTraining *a;
  int n;
  if (lado_training_list(w->db, &a, &n) != DB_OK) {
    read_failed(w);
    return;
  }
  PageTables pt = {0};
  RTable *t = page_table(&pt, "Training and briefings", "Training and briefings, the latest first",
                         "No training or briefings recorded yet.", aLtCol, LT_N);
  for (int i = 0; i < n; i++) {
    int briefing = strcmp(a[i].zKind, "briefing") == 0;
    rtable_row(t);
    rtable_num(t, LT_ON, a[i].on);
    rtable_text(t, LT_KIND, briefing ? "Briefing" : "Training session");
    rtable_text(t, LT_AUDIENCE, a[i].zAudience);
    rtable_num(t, LT_PEOPLE, a[i].people);
    Buf cell = {0};
    html_printf(&cell, "<a class=\"govuk-link\" href=\"/lado/training/%lld\">Correct<span class=\"govuk-visually-hidden\">"
                       " the %h of %D</span></a>", (long long)a[i].id, briefing ? "briefing" : "training session", (int)a[i].on);
    rtable_html(t, LT_CHANGE, cell.z);
    buf_free(&cell);
  }
  lado_training_free(a, n);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "lado-training");
  } else {
    list_start(w, "Training and briefings", "/lado/training/new", "Record training or a briefing",
               "Managing allegations training sessions and briefings the Designated Officer delivered: when, to whom, "
               "and how many people attended. The KPI report counts them.");
    reports_table_html(t, w->out, 1);
    if (n) download_links(w, "/lado/training", pt.n);
    page_end(w);
  }
  page_tables_free(&pt);
}

static void training_form(Web *w, const LadoTraining *t) {
  int posted = http_form(w->req, "audience") != NULL;
  const char *zTitle = t ? "Correct training or a briefing" : "Record training or a briefing";
  page_begin(w, zTitle);
  back_link(w, "/lado/training", "Back to training and briefings");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  char zAction[64], zPeople[24];
  if (t) snprintf(zAction, sizeof zAction, "/lado/training/%lld", (long long)t->id);
  else snprintf(zAction, sizeof zAction, "/lado/training");
  snprintf(zPeople, sizeof zPeople, "%d", t ? t->people : 0);
  form_begin(w, zAction);
  input_date(w, "delivered_on", "Date it was delivered", "For example, 1 3 2026",
             typed_date(w, "delivered_on", t ? t->on : DATE_NONE));
  static const char *const azKind[] = {"training", "A training session on managing allegations",
                                       "briefing", "A briefing (a shorter awareness session)", NULL};
  input_radios(w, "kind", "What was it?", NULL, azKind, posted || !t ? form_text(w, "kind") : t->zKind, 0);
  input_counted(w, "audience", "Who it was for", "For example, school safeguarding leads, or foster carers",
                posted || !t ? form_text(w, "audience") : t->zAudience, LADO_AUDIENCE_MAX, 0);
  input_text(w, "people", "Number of people who attended", "A whole number, for example 20",
             posted || !t ? form_text(w, "people") : zPeople, "off");
  button(w, t ? "Save the correction" : "Save");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_lado_training_new(Web *w) { training_form(w, NULL); }

static void training_save(Web *w, int64_t id) {
  Errors de = {0};
  Date on = form_date_aside(w, "delivered_on", "the date it was delivered", 1, &de);
  int64_t saved = lado_training_save(w->db, id, on, form_text(w, "kind"), form_text(w, "audience"),
                                     form_text(w, "people"), w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &de, 0);
  if (!w->err.n && saved > 0) {
    redirect(w, id ? "/lado/training?saved=lado-training-corrected" : "/lado/training?saved=lado-training");
    return;
  }
  LadoTraining t;
  if (id && lado_training_load(w->db, id, &t) == 1) {
    training_form(w, &t);
    free(t.zAudience);
  } else {
    training_form(w, NULL);
  }
}

void page_lado_training_create(Web *w) { training_save(w, 0); }

void page_lado_training_edit(Web *w) {
  LadoTraining t;
  int64_t id = path_record(w);
  int found = id ? lado_training_load(w->db, id, &t) : 0;
  if (found < 0) read_failed(w);
  else if (!found) not_found(w);
  else training_form(w, &t);
  if (found == 1) free(t.zAudience);
}

void page_lado_training_update(Web *w) {
  LadoTraining t;
  int64_t id = path_record(w);
  int found = id ? lado_training_load(w->db, id, &t) : 0;
  if (found == 1) free(t.zAudience);
  if (found < 0) read_failed(w);
  else if (!found) not_found(w);
  else training_save(w, id);
}
