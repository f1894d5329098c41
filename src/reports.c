/*
** reports.c: the QA manager's weekly highlight report, and the table
** writers (CSV, HTML, Excel) it shares with the monthly exceptions report.
** See reports.h.
*/
#include "reports.h"
#include "audit.h"
#include "children.h"
#include "deadlines.h"
#include "escalations.h"
#include "html.h"
#include "iros.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <xlsxwriter.h>

/* ---- Tables --------------------------------------------------------------- */

void rtable_row(RTable *t) {
  int need = (t->nRow + 1) * t->nCol;
  if (need > t->nAlloc) {
    int nNew = t->nAlloc ? t->nAlloc * 2 : 16 * t->nCol;
    while (nNew < need) nNew *= 2;
    t->a = xrealloc(t->a, (size_t)nNew * sizeof *t->a);
    t->nAlloc = nNew;
  }
  for (int k = 0; k < t->nCol; k++) {
    RCell *c = &t->a[t->nRow * t->nCol + k];
    c->z = NULL;
    c->zHtml = NULL;
    c->v = t->aCol[k].type == RCOL_DATE ? DATE_NONE : 0;
  }
  t->nRow++;
}

static RCell *last_cell(RTable *t, int col) {
  if (t->nRow == 0 || col < 0 || col >= t->nCol) fatal("rtable: no cell %d", col);
  return &t->a[(t->nRow - 1) * t->nCol + col];
}

void rtable_init(RTable *t, const char *zSheet, const char *zTitle, const char *zEmpty, const RColumn *a, int n) {
  memset(t, 0, sizeof *t);
  t->zSheet = zSheet;
  t->zTitle = zTitle;
  t->zEmpty = zEmpty;
  t->aCol = a;
  t->nCol = n;
}

void rtable_text(RTable *t, int col, const char *z) {
  RCell *c = last_cell(t, col);
  free(c->z);
  c->z = xstrdup(z ? z : "");
}

void rtable_num(RTable *t, int col, int64_t v) { last_cell(t, col)->v = v; }

static const char zFewer[] = "fewer than 6";

void rtable_figures_only(const RTable *t, RTable *out, int suppress) {
  RColumn *aCol = xcalloc((size_t)t->nCol + 1, sizeof *aCol);
  int *aFrom = xcalloc((size_t)t->nCol + 1, sizeof *aFrom);
  int nCol = 0;
  for (int k = 0; k < t->nCol; k++) {
    if (!t->aCol[k].zCsv) continue;   /* a "Change" or "Open" link column */
    aCol[nCol] = t->aCol[k];
    /* A percentage is not a count of anyone, even when held as a whole number. */
    if (suppress && aCol[nCol].type == RCOL_INT && !strstr(aCol[nCol].zCsv, "percent")) aCol[nCol].type = RCOL_TEXT;
    aFrom[nCol++] = k;
  }
  *out = *t;
  out->aCol = aCol;
  out->nCol = nCol;
  out->a = NULL;
  out->nRow = out->nAlloc = 0;
  for (int i = 0; i < t->nRow; i++) {
    rtable_row(out);
    for (int k = 0; k < nCol; k++) {
      const RCell *c = rtable_cell(t, i, aFrom[k]);
      if (t->aCol[aFrom[k]].type == RCOL_INT && aCol[k].type == RCOL_TEXT) {
        char z[24];
        /* Small counts can point to a person in a small service, so the
        ** board never sees one, in a table or a download. */
        if (c->v >= 1 && c->v <= 5) snprintf(z, sizeof z, "%s", zFewer);
        else snprintf(z, sizeof z, "%lld", (long long)c->v);
        rtable_text(out, k, z);
      } else {
        if (c->z) rtable_text(out, k, c->z);
        rtable_num(out, k, c->v);
        /* Words shown for a code (rtable_html_text) stay; a link to a record does not. */
        if (c->zHtml && !strstr(c->zHtml, "<a ")) rtable_html(out, k, c->zHtml);
      }
    }
  }
  free(aFrom);
}

int rtable_has_hidden(const RTable *t) {
  for (int i = 0; i < t->nRow; i++)
    for (int k = 0; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      if (t->aCol[k].type == RCOL_TEXT && c->z && strcmp(c->z, zFewer) == 0) return 1;
    }
  return 0;
}

void rtable_figures_free(RTable *t) {
  const RColumn *aCol = t->aCol;
  rtable_clear(t);
  free((void *)aCol);
  t->aCol = NULL;
}

void rtable_html(RTable *t, int col, const char *zHtml) {
  RCell *c = last_cell(t, col);
  free(c->zHtml);
  c->zHtml = zHtml ? xstrdup(zHtml) : NULL;
}

void rtable_html_text(RTable *t, int col, const char *zText) {
  Buf b = {0};
  html_escape(&b, zText ? zText : "");
  rtable_html(t, col, b.z ? b.z : "");
  buf_free(&b);
}

void rtable_html_cell(RTable *t, int row, int col, const char *zText) {
  if (row < 0 || row >= t->nRow || col < 0 || col >= t->nCol) return;
  RCell *c = (RCell *)rtable_cell(t, row, col);
  Buf b = {0};
  html_escape(&b, zText ? zText : "");
  free(c->zHtml);
  c->zHtml = b.z ? b.z : xstrdup("");
}

void rtable_link(RTable *t, int col, const char *zHref, const char *zText) {
  Buf b = {0};
  html_printf(&b, "<a class=\"govuk-link\" href=\"%h\">%h</a>", zHref, zText ? zText : "");
  rtable_text(t, col, zText);
  rtable_html(t, col, b.z);
  buf_free(&b);
}

const RCell *rtable_cell(const RTable *t, int row, int col) { return &t->a[row * t->nCol + col]; }

void rtable_clear(RTable *t) {
  for (int i = 0; i < t->nRow * t->nCol; i++) {
    free(t->a[i].z);
    free(t->a[i].zHtml);
  }
  free(t->a);
  t->a = NULL;
  t->nRow = t->nAlloc = 0;
}

/* A cell as text: what CSV and HTML show. */
static const char *cell_text(const RTable *t, int row, int col, char z[24]) {
  const RCell *c = rtable_cell(t, row, col);
  switch (t->aCol[col].type) {
    case RCOL_TEXT: return c->z ? c->z : "";
    case RCOL_DATE:
      if (c->v == DATE_NONE) return "";
      return date_iso((Date)c->v, z);
    case RCOL_INT: snprintf(z, 24, "%lld", (long long)c->v); return z;
    case RCOL_PCT:
    case RCOL_DEC: snprintf(z, 24, "%lld.%02lld", (long long)(c->v / 100), (long long)(c->v % 100)); return z;
  }
  return "";
}

static void table_csv(const RTable *t, Buf *out);

int64_t rtable_pct(int64_t n, int64_t total) {
  if (total <= 0) return 0;
  return (n * 10000 * 2 + total) / (total * 2);
}

void reports_csv(const RTable *aTab, int nTab, Buf *out) {
  for (int s = 0; s < nTab; s++) {
    if (s) buf_puts(out, "\r\n");
    buf_csv(out, aTab[s].zTitle);
    buf_puts(out, "\r\n");
    table_csv(&aTab[s], out);
  }
}

json_t *reports_table_json(const RTable *t) {
  json_t *a = json_array();
  for (int i = 0; i < t->nRow; i++) {
    json_t *o = json_object();
    for (int k = 0; k < t->nCol; k++) {
      if (!t->aCol[k].zCsv) continue;   /* a web-only column */
      const RCell *c = rtable_cell(t, i, k);
      json_t *v;
      char z[24];
      switch (t->aCol[k].type) {
        case RCOL_TEXT: v = json_string(c->z ? c->z : ""); break;
        case RCOL_DATE: v = c->v == DATE_NONE ? json_null() : json_string(date_iso((Date)c->v, z)); break;
        case RCOL_PCT:
        case RCOL_DEC: v = json_real((double)c->v / 100.0); break;
        default: v = json_integer((json_int_t)c->v); break;
      }
      json_object_set_new(o, t->aCol[k].zCsv, v);
    }
    json_array_append_new(a, o);
  }
  return a;
}

static void table_csv(const RTable *t, Buf *out) {
  int first = 1;
  for (int k = 0; k < t->nCol; k++) {
    if (!t->aCol[k].zCsv) continue;
    if (!first) buf_putc(out, ',');
    first = 0;
    buf_csv(out, t->aCol[k].zCsv);
  }
  buf_puts(out, "\r\n");
  for (int i = 0; i < t->nRow; i++) {
    first = 1;
    for (int k = 0; k < t->nCol; k++) {
      char z[24];
      if (!t->aCol[k].zCsv) continue;
      if (!first) buf_putc(out, ',');
      first = 0;
      /* A count or per cent may be -3; a date never begins with - . */
      buf_csv_cell(out, cell_text(t, i, k, z), t->aCol[k].type == RCOL_TEXT ? CSV_TEXT : CSV_AS_IS);
    }
    buf_puts(out, "\r\n");
  }
}

void reports_table_csv(const RTable *t, Buf *out) { table_csv(t, out); }

void reports_table_html(const RTable *t, Buf *out, int govuk) { reports_table_html_view(t, out, govuk, NULL); }

void reports_table_html_view(const RTable *t, Buf *out, int govuk, const RTableView *v) {
  int first = v ? v->first : 0, last = v ? v->last : t->nRow;
  if (first < 0) first = 0;
  if (last > t->nRow) last = t->nRow;
  if (t->nRow == 0 && !t->emptyRow) {
    if (t->captioned && t->zTitle) {
      html_raw(out, govuk ? "<h2 class=\"govuk-heading-m\">" : "<h2>");
      html_printf(out, "%h</h2>\n", t->zTitle);
    }
    html_raw(out, govuk ? "<p class=\"govuk-body\">" : "<p>");
    html_printf(out, "%h</p>\n", t->zEmpty ? t->zEmpty : "None.");
    return;
  }
  /* The class names are constants of ours; the cells are escaped. */
  const char *zTable = govuk ? "<table class=\"govuk-table app-table--compact\">\n" : "<table>\n";
  const char *zHead = govuk ? "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" : "<thead><tr>";
  const char *zTh = govuk ? "<th scope=\"col\" class=\"govuk-table__header\">" : "<th scope=\"col\">";
  const char *zBody = govuk ? "<tbody class=\"govuk-table__body\">\n" : "<tbody>\n";
  const char *zTr = govuk ? "<tr class=\"govuk-table__row\">" : "<tr>";
  const char *zTd = govuk ? "<td class=\"govuk-table__cell\">" : "<td>";
  /* On the web a table wider than a phone scrolls in a region of its own,
  ** not the whole page; the region is named and focusable so keyboard
  ** users can scroll it too (axe's scrollable-region-focusable). */
  if (govuk) {
    const char *zName = t->zTitle && t->zTitle[0] ? t->zTitle : t->zSheet && t->zSheet[0] ? t->zSheet : "Table";
    html_printf(out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">\n", zName);
  }
  html_raw(out, zTable);
  if (t->captioned && t->zTitle) {
    html_raw(out, govuk ? "<caption class=\"govuk-table__caption govuk-table__caption--m\">" : "<caption>");
    html_printf(out, "%h</caption>\n", t->zTitle);
  }
  html_raw(out, zHead);
  for (int k = 0; k < t->nCol; k++) {
    const char *zAria = v && v->azAria ? v->azAria[k] : NULL;
    if (zAria) {
      html_printf(out, govuk ? "<th scope=\"col\" class=\"govuk-table__header\" aria-sort=\"%h\">" : "<th scope=\"col\" aria-sort=\"%h\">",
                  zAria);
    } else {
      html_raw(out, zTh);
    }
    /* A web-only column (actions) is named for screen readers only. */
    if (!t->aCol[k].zCsv) html_printf(out, "<span class=\"govuk-visually-hidden\">%h</span></th>", t->aCol[k].zLabel);
    else if (v && v->azHead && v->azHead[k]) {
      html_raw(out, v->azHead[k]);   /* our own markup, anything typed escaped */
      html_raw(out, "</th>");
    }
    else html_printf(out, "%h</th>", t->aCol[k].zLabel);
  }
  html_raw(out, "</tr></thead>\n");
  html_raw(out, zBody);
  for (int i = first; i < last; i++) {
    html_raw(out, zTr);
    for (int k = 0; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      html_raw(out, zTd);
      if (c->zHtml) {
        html_raw(out, c->zHtml);
      } else if (t->aCol[k].type == RCOL_DATE) {
        if (c->v != DATE_NONE) html_printf(out, "%D", (int)c->v);
      } else if (t->aCol[k].type == RCOL_INT) {
        html_printf(out, "%lld", (long long)c->v);
      } else if (t->aCol[k].type == RCOL_PCT) {
        /* One decimal place on screen, as the council's report shows. */
        long long tenths = (long long)((c->v + 5) / 10);
        html_printf(out, "%lld.%lld", tenths / 10, tenths % 10);
        html_raw(out, "%");
      } else if (t->aCol[k].type == RCOL_DEC) {
        long long tenths = (long long)((c->v + 5) / 10);
        html_printf(out, "%lld.%lld", tenths / 10, tenths % 10);
      } else {
        html_printf(out, "%h", c->z ? c->z : "");
      }
      html_raw(out, "</td>");
    }
    html_raw(out, "</tr>\n");
  }
  if (t->nRow == 0) {
    html_raw(out, zTr);
    html_printf(out, govuk ? "<td class=\"govuk-table__cell\" colspan=\"%d\">" : "<td colspan=\"%d\">", t->nCol);
    html_printf(out, "%h</td></tr>\n", t->zEmpty ? t->zEmpty : "None.");
  }
  html_raw(out, "</tbody>\n</table>\n");
  if (govuk) html_raw(out, "</div>\n");
}

/* ---- Excel ---------------------------------------------------------------- */

int reports_xlsx_write(const RTable *aTab, int nTab, const char *zPath, const char **pzErr) {
  lxw_workbook *wb = workbook_new(zPath);
  if (!wb) {
    *pzErr = "cannot create the workbook";
    return -1;
  }
  lxw_format *bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
  lxw_format *dateFmt = workbook_add_format(wb);
  format_set_num_format(dateFmt, "d mmm yyyy");
  format_set_align(dateFmt, LXW_ALIGN_LEFT);
  lxw_format *pctFmt = workbook_add_format(wb);
  format_set_num_format(pctFmt, "0.0%");
  lxw_format *decFmt = workbook_add_format(wb);
  format_set_num_format(decFmt, "0.0");
  for (int s = 0; s < nTab; s++) {
    const RTable *t = &aTab[s];
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->zSheet);
    if (!ws) {
      workbook_close(wb);
      *pzErr = "cannot add a worksheet";
      return -1;
    }
    for (int k = 0, x = 0; k < t->nCol; k++) {
      if (!t->aCol[k].zCsv) continue;
      worksheet_set_column(ws, (lxw_col_t)x, (lxw_col_t)x, t->aCol[k].width,
                           t->aCol[k].type == RCOL_DATE ? dateFmt : NULL);
      worksheet_write_string(ws, 0, (lxw_col_t)x, t->aCol[k].zLabel, bold);
      x++;
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (int i = 0; i < t->nRow; i++) {
      lxw_row_t row = (lxw_row_t)(i + 1);
      for (int k = 0, x = 0; k < t->nCol; k++) {
        if (!t->aCol[k].zCsv) continue;
        const RCell *c = rtable_cell(t, i, k);
        lxw_col_t col = (lxw_col_t)x++;
        switch (t->aCol[k].type) {
          case RCOL_TEXT:
            if (c->z && c->z[0]) worksheet_write_string(ws, row, col, c->z, NULL);
            break;
          case RCOL_DATE:
            if (c->v != DATE_NONE) {
              int y, m, d;
              date_to_ymd((Date)c->v, &y, &m, &d);
              lxw_datetime dt = {.year = y, .month = m, .day = d};
              worksheet_write_datetime(ws, row, col, &dt, dateFmt);
            }
            break;
          case RCOL_INT: worksheet_write_number(ws, row, col, (double)c->v, NULL); break;
          case RCOL_PCT: worksheet_write_number(ws, row, col, (double)c->v / 10000.0, pctFmt); break;
          case RCOL_DEC: worksheet_write_number(ws, row, col, (double)c->v / 100.0, decFmt); break;
        }
      }
    }
  }
  lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) {
    *pzErr = lxw_strerror(rc);
    return -1;
  }
  return 0;
}

int reports_xlsx_buf(const RTable *aTab, int nTab, Buf *out, const char **pzErr) {
  const char *zDir = getenv("TMPDIR");
  char *zPath = xmprintf("%s/oversight-report-XXXXXX", zDir && zDir[0] ? zDir : "/tmp");
  int fd = mkstemp(zPath);
  if (fd < 0) {
    free(zPath);
    *pzErr = "cannot create a temporary file";
    return -1;
  }
  close(fd);
  int rc = reports_xlsx_write(aTab, nTab, zPath, pzErr);
  if (rc == 0) {
    FILE *f = fopen(zPath, "rb");
    char aBuf[8192];
    size_t n;
    if (!f) rc = -1;
    while (f && (n = fread(aBuf, 1, sizeof aBuf, f)) > 0) buf_append(out, aBuf, n);
    if (f && ferror(f)) rc = -1;
    if (f) fclose(f);
    if (rc) *pzErr = "cannot read back the workbook";
  }
  unlink(zPath);
  free(zPath);
  return rc;
}

/* ---- The exceptions report as a table ------------------------------------ */

enum { EX_REF, EX_NAME, EX_AGE, EX_EXC, EX_PLACEMENT, EX_PROVIDER, EX_PROVIDER_NAME, EX_PLACED,
       EX_LEFT, EX_NOTIFIED, EX_VISIT_DUE, EX_VISIT, EX_REVIEWS, EX_NEXT_REVIEW, EX_RECORDED,
       EX_CHECK_A, EX_NOTE_A, EX_CHECK_B, EX_NOTE_B, EX_CHECK_C, EX_NOTE_C, EX_CHECK_D, EX_NOTE_D,
       EX_IRO, EX_ESC, EX_N };
/* The same columns, in the same order, as unreg_exceptions_csv(). */
static const RColumn aExCol[EX_N] = {
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"child_name", "Name", RCOL_TEXT, 24},
  {"age", "Age", RCOL_INT, 6},
  {"age_exception", "Under the exception age", RCOL_TEXT, 12},
  {"placement_type", "Placement type", RCOL_TEXT, 10},
  {"provider", "Provider", RCOL_TEXT, 10},
  {"provider_name", "Provider name", RCOL_TEXT, 24},
  {"date_placed", "Placed", RCOL_DATE, 13},
  {"date_left", "Left", RCOL_DATE, 13},
  {"qa_notified_on", "QA managers notified", RCOL_DATE, 13},
  {"iro_visit_due", "IRO visit due", RCOL_DATE, 13},
  {"iro_visit_on", "IRO visit", RCOL_DATE, 13},
  {"reviews_held", "Reviews held there", RCOL_TEXT, 24},
  {"next_review_due", "Next review due", RCOL_DATE, 13},
  {"oversight_recorded_on", "Oversight record", RCOL_TEXT, 13},
  {"check_a_social_worker_visits_weekly", "(a) Social worker visits weekly", RCOL_TEXT, 12},
  {"note_a", "Note (a)", RCOL_TEXT, 24},
  {"check_b_seen_alone", "(b) Seen alone", RCOL_TEXT, 12},
  {"note_b", "Note (b)", RCOL_TEXT, 24},
  {"check_c_seen_away_from_placement", "(c) Seen away from the placement", RCOL_TEXT, 12},
  {"note_c", "Note (c)", RCOL_TEXT, 24},
  {"check_d_management_oversight", "(d) Management oversight", RCOL_TEXT, 12},
  {"note_d", "Note (d)", RCOL_TEXT, 24},
  {"oversight_recorded_by", "Recorded by", RCOL_TEXT, 20},
  {"open_escalations", "Open escalations", RCOL_INT, 10},
};

static const char *yes_no(int v) { return v < 0 ? "missing" : v ? "yes" : "no"; }

static char *child_name(const Child *c) { return xmprintf("%s %s", c->zGiven, c->zFamily); }

void exceptions_table(const ExceptionReport *r, RTable *t) {
  memset(t, 0, sizeof *t);
  t->zSheet = "Exceptions";
  t->zTitle = "Children in unregistered provision";
  t->zEmpty = "No children were in unregistered provision that month.";
  t->aCol = aExCol;
  t->nCol = EX_N;
  for (int i = 0; i < r->n; i++) {
    const ExceptionRow *x = &r->a[i];
    char z[11];
    rtable_row(t);
    rtable_text(t, EX_REF, x->c->zRef);
    char *zName = child_name(x->c);
    rtable_text(t, EX_NAME, zName);
    free(zName);
    rtable_num(t, EX_AGE, x->age);
    rtable_text(t, EX_EXC, x->under ? "yes" : "no");
    rtable_text(t, EX_PLACEMENT, x->zPlacement);
    rtable_text(t, EX_PROVIDER, x->zProvider);
    rtable_text(t, EX_PROVIDER_NAME, x->zProviderName);
    rtable_num(t, EX_PLACED, x->spell.start);
    rtable_num(t, EX_LEFT, x->left);
    rtable_num(t, EX_NOTIFIED, x->notified);
    rtable_num(t, EX_VISIT_DUE, x->visitDue);
    rtable_num(t, EX_VISIT, x->visit);
    Buf b = {0};
    for (int k = 0; k < x->nReview; k++) buf_printf(&b, "%s%s", k ? "; " : "", date_iso(x->aReview[k], z));
    rtable_text(t, EX_REVIEWS, b.z);
    buf_free(&b);
    rtable_num(t, EX_NEXT_REVIEW, x->nextReview);
    rtable_text(t, EX_RECORDED, x->hasRecord ? date_iso(x->recorded, z) : "missing");
    for (int k = 0; k < N_CHECKS; k++) {
      rtable_text(t, EX_CHECK_A + 2 * k, yes_no(x->check[k]));
      rtable_text(t, EX_NOTE_A + 2 * k, x->azNote[k]);
    }
    rtable_text(t, EX_IRO, x->zIro);
    rtable_num(t, EX_ESC, x->openEscalations);
  }
}

/* ---- The weekly highlight report ------------------------------------------ */

enum { RD_REF, RD_NAME, RD_DUE, RD_STATUS, RD_IRO, RD_N };
static const RColumn aRdCol[RD_N] = {
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"child_name", "Name", RCOL_TEXT, 24},
  {"review_due", "Review due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {"iro", "IRO", RCOL_TEXT, 20},
};

enum { OV_IRO, OV_REF, OV_NAME, OV_ITEM, OV_DUE, OV_DAYS, OV_N };
static const RColumn aOvCol[OV_N] = {
  {"iro", "IRO", RCOL_TEXT, 20},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"child_name", "Name", RCOL_TEXT, 24},
  {"item", "What is overdue", RCOL_TEXT, 32},
  {"due", "Was due", RCOL_DATE, 13},
  {"days_overdue", "Days overdue", RCOL_INT, 10},
};

enum { ES_ID, ES_WHICH, ES_RAISED, ES_CHILDREN, ES_CATEGORY, ES_STAGE, ES_DUE, ES_CLOSED,
       ES_OUTCOME, ES_FLAGGED, ES_IRO, ES_LOCALITY, ES_N };
static const RColumn aEsCol[ES_N] = {
  {"escalation_id", "Escalation", RCOL_INT, 10},
  {"this_week", "This week", RCOL_TEXT, 10},
  {"raised_on", "Raised", RCOL_DATE, 13},
  {"children", "Children", RCOL_TEXT, 16},
  {"category", "Category", RCOL_TEXT, 16},
  {"stage", "Stage", RCOL_TEXT, 24},
  {"response_due", "Response due", RCOL_DATE, 13},
  {"closed_on", "Closed", RCOL_DATE, 13},
  {"outcome", "Outcome", RCOL_TEXT, 14},
  {"past_total_time", "Past 20 working days", RCOL_TEXT, 10},
  {"iro", "IRO", RCOL_TEXT, 20},
  {"locality", "Locality", RCOL_TEXT, 16},
};

enum { UN_REF, UN_NAME, UN_AGE, UN_EXC, UN_SINCE, UN_OVERDUE, UN_IRO, UN_N };
static const RColumn aUnCol[UN_N] = {
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"child_name", "Name", RCOL_TEXT, 24},
  {"age", "Age", RCOL_INT, 6},
  {"age_exception", "Under the exception age", RCOL_TEXT, 12},
  {"placed_on", "In unregistered provision since", RCOL_DATE, 13},
  {"overdue", "Overdue", RCOL_TEXT, 40},
  {"iro", "IRO", RCOL_TEXT, 20},
};

enum { WA_REF, WA_NAME, WA_SINCE, WA_DUE, WA_STATUS, WA_N };
static const RColumn aWaCol[WA_N] = {
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"child_name", "Name", RCOL_TEXT, 24},
  {"in_care_since", "In care since", RCOL_DATE, 13},
  {"allocation_due", "IRO to be allocated by", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};

static const char *status_words(Status s) {
  switch (s) {
    case ST_OK: return "Not due yet";
    case ST_DUE_SOON: return "Due soon";
    case ST_DUE_TODAY: return "Due today";
    case ST_OVERDUE: return "Overdue";
    case ST_DONE: return "Done";
    case ST_DONE_LATE: return "Done late";
    case ST_MISSED: return "Missed";
  }
  return "";
}

/* Remember that a child is shown (each once), for the audit. */
static void shown(WeeklyReport *r, const char *zRef) {
  for (int i = 0; i < r->nChild; i++) {
    if (strcmp(r->azChild[i], zRef) == 0) return;
  }
  r->azChild = xrealloc(r->azChild, (size_t)(r->nChild + 1) * sizeof *r->azChild);
  r->azChild[r->nChild++] = xstrdup(zRef);
}

/* An overdue deadline with the IRO it counts against. */
typedef struct OvRow { const Child *c; Deadline d; const char *zIro; } OvRow;

static int ov_cmp(const void *pa, const void *pb) {
  const OvRow *a = pa, *b = pb;
  /* By IRO name, the children with no IRO last; then oldest first. */
  if (!a->zIro != !b->zIro) return a->zIro ? -1 : 1;
  int c = a->zIro ? strcmp(a->zIro, b->zIro) : 0;
  if (c) return c;
  if (a->d.due != b->d.due) return a->d.due < b->d.due ? -1 : 1;
  c = strcmp(a->c->zRef, b->c->zRef);
  if (c) return c;
  return (int)a->d.item - (int)b->d.item;
}

typedef struct RdRow { const Child *c; Deadline d; const char *zIro; } RdRow;

static int rd_cmp(const void *pa, const void *pb) {
  const RdRow *a = pa, *b = pb;
  if (a->d.due != b->d.due) return a->d.due < b->d.due ? -1 : 1;
  return strcmp(a->c->zRef, b->c->zRef);
}

static const char *iro_name_on(const IroList *l, const Child *c, Date asOf) {
  const Allocation *al = child_allocation_on(c, asOf);
  const Iro *i = al ? iros_find(l, al->iroId) : NULL;
  return i ? i->zName : NULL;
}

static void escalation_row(WeeklyReport *r, const Escalation *e, const char *zWhich) {
  RTable *t = &r->aSec[WEEKLY_ESCALATIONS];
  Date asOf = r->asOf;
  rtable_row(t);
  rtable_num(t, ES_ID, e->id);
  rtable_text(t, ES_WHICH, zWhich);
  rtable_num(t, ES_RAISED, e->raised);
  Buf b = {0};
  for (int k = 0; k < e->nChild; k++) {
    buf_printf(&b, "%s%s", k ? ", " : "", e->aChild[k].zRef);
    shown(r, e->aChild[k].zRef);
  }
  rtable_text(t, ES_CHILDREN, b.z);
  buf_free(&b);
  rtable_text(t, ES_CATEGORY, e->zCategory);
  char zCat[64]; /* the code in the download, words on the page */
  escalation_code_words(e->zCategory, zCat, sizeof zCat);
  rtable_html_text(t, ES_CATEGORY, zCat);
  const EscalationStage *s = escalation_current_stage(e, asOf);
  rtable_text(t, ES_STAGE, s ? escalation_stage_label(s->stage) : "");
  if (s && escalation_is_open(e, asOf)) rtable_num(t, ES_DUE, s->due);
  int closed = e->closed != DATE_NONE && e->closed <= asOf;
  if (closed) {
    rtable_num(t, ES_CLOSED, e->closed);
    rtable_text(t, ES_OUTCOME, e->zOutcome);
  }
  rtable_text(t, ES_FLAGGED, escalation_flagged(e, asOf) ? "yes" : "no");
  rtable_text(t, ES_IRO, e->zIro);
  const char *zLoc = NULL;
  escalation_locality(e, &zLoc);
  rtable_text(t, ES_LOCALITY, zLoc);
}

int weekly_highlight(Db *db, Date asOf, WeeklyReport *r) {
  memset(r, 0, sizeof *r);
  r->asOf = asOf;
  r->weekStart = asOf - 6;
  rtable_init(&r->aSec[WEEKLY_REVIEWS_DUE], "Reviews due", "Reviews due in the next two weeks",
               "No reviews are due in the next two weeks.", aRdCol, RD_N);
  rtable_init(&r->aSec[WEEKLY_OVERDUE], "Overdue by IRO", "Overdue items by IRO",
               "Nothing is overdue.", aOvCol, OV_N);
  rtable_init(&r->aSec[WEEKLY_ESCALATIONS], "Escalations",
               "Escalations opened, closed and overdue this week",
               "No escalations were opened or closed this week, and none is overdue.", aEsCol, ES_N);
  rtable_init(&r->aSec[WEEKLY_UNREGISTERED], "Unregistered provision",
               "Children in unregistered provision", "No children are in unregistered provision.",
               aUnCol, UN_N);
  rtable_init(&r->aSec[WEEKLY_WAITING], "Waiting for an IRO", "Children waiting for an IRO",
               "Every child in care has an IRO.", aWaCol, WA_N);

  ChildSet *cs = childset_load(db, NULL);
  IroList *iros = iros_load_names(db);
  if (cs->readError || iros->readError) {
    /* Sections short of some children would read as all of them. */
    iros_free(iros);
    childset_free(cs);
    return DB_ERROR;
  }
  DeadlineList dl = {0};
  RdRow *aRd = NULL;
  OvRow *aOv = NULL;
  int nRd = 0, nOv = 0;
  Date horizon = asOf + 14;
  for (int i = 0; i < cs->n; i++) {
    const Child *c = &cs->a[i];
    const char *zIro = iro_name_on(iros, c, asOf);
    dl.n = 0;
    deadlines_for_child(c, asOf, 0, &dl);
    const Deadline *pAlloc = NULL;
    for (int k = 0; k < dl.n; k++) {
      const Deadline *d = &dl.a[k];
      if (!STATUS_IS_OPEN(d->status)) continue;
      if (d->item == ITEM_ALLOCATION) pAlloc = d;
      if (d->item == ITEM_REVIEW && d->due >= asOf && d->due <= horizon) {
        aRd = xrealloc(aRd, (size_t)(nRd + 1) * sizeof *aRd);
        aRd[nRd++] = (RdRow){c, *d, zIro};
      }
      if (d->status == ST_OVERDUE) {
        aOv = xrealloc(aOv, (size_t)(nOv + 1) * sizeof *aOv);
        aOv[nOv++] = (OvRow){c, *d, zIro};
      }
    }

    /* In unregistered provision on asOf: the unregistered items overdue. */
    if (unreg_placed_on(c, asOf)) {
      RTable *t = &r->aSec[WEEKLY_UNREGISTERED];
      int nSpell = unreg_spells(c, asOf, NULL, 0);
      UnregSpell *aSp = xmalloc((size_t)(nSpell ? nSpell : 1) * sizeof *aSp);
      unreg_spells(c, asOf, aSp, nSpell);
      rtable_row(t);
      rtable_text(t, UN_REF, c->zRef);
      char *zName = child_name(c);
      rtable_text(t, UN_NAME, zName);
      free(zName);
      rtable_num(t, UN_AGE, date_age(c->dob, asOf));
      rtable_text(t, UN_EXC, unreg_is_exception(c, asOf) ? "yes" : "no");
      if (nSpell) rtable_num(t, UN_SINCE, aSp[nSpell - 1].start);
      free(aSp);
      Buf b = {0};
      for (int k = 0; k < dl.n; k++) {
        if (dl.a[k].status != ST_OVERDUE) continue;
        buf_printf(&b, "%s%s", b.n ? "; " : "", item_label(dl.a[k].item));
      }
      rtable_text(t, UN_OVERDUE, b.z);
      buf_free(&b);
      rtable_text(t, UN_IRO, zIro);
      shown(r, c->zRef);
    }

    /* In care with no IRO: the allocation deadline from the engine. */
    Period p;
    if (child_in_care(c, asOf, &p) && !child_allocation_on(c, asOf)) {
      RTable *t = &r->aSec[WEEKLY_WAITING];
      rtable_row(t);
      rtable_text(t, WA_REF, c->zRef);
      char *zName = child_name(c);
      rtable_text(t, WA_NAME, zName);
      free(zName);
      rtable_num(t, WA_SINCE, p.start);
      if (pAlloc) {
        rtable_num(t, WA_DUE, pAlloc->due);
        rtable_text(t, WA_STATUS, status_words(pAlloc->status));
      }
      shown(r, c->zRef);
    }
  }
  deadlines_free(&dl);

  if (nRd) qsort(aRd, (size_t)nRd, sizeof *aRd, rd_cmp);
  for (int i = 0; i < nRd; i++) {
    RTable *t = &r->aSec[WEEKLY_REVIEWS_DUE];
    rtable_row(t);
    rtable_text(t, RD_REF, aRd[i].c->zRef);
    char *zName = child_name(aRd[i].c);
    rtable_text(t, RD_NAME, zName);
    free(zName);
    rtable_num(t, RD_DUE, aRd[i].d.due);
    rtable_text(t, RD_STATUS, status_words(aRd[i].d.status));
    rtable_text(t, RD_IRO, aRd[i].zIro ? aRd[i].zIro : "No IRO");
    shown(r, aRd[i].c->zRef);
  }
  if (nOv) qsort(aOv, (size_t)nOv, sizeof *aOv, ov_cmp);
  for (int i = 0; i < nOv; i++) {
    RTable *t = &r->aSec[WEEKLY_OVERDUE];
    rtable_row(t);
    rtable_text(t, OV_IRO, aOv[i].zIro ? aOv[i].zIro : "No IRO");
    rtable_text(t, OV_REF, aOv[i].c->zRef);
    char *zName = child_name(aOv[i].c);
    rtable_text(t, OV_NAME, zName);
    free(zName);
    rtable_text(t, OV_ITEM, item_label(aOv[i].d.item));
    rtable_num(t, OV_DUE, aOv[i].d.due);
    rtable_num(t, OV_DAYS, asOf - aOv[i].d.due);
    shown(r, aOv[i].c->zRef);
  }
  free(aRd);
  free(aOv);

  /* Escalations: opened this week, closed this week, overdue on asOf. An
  ** escalation opened and closed in the week is on both lines. */
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  EscalationList el = {0};
  int rc = escalation_list(db, &f, &el) < 0 ? DB_ERROR : DB_OK;
  for (int pass = 0; pass < 3; pass++) {
    static const char *const azWhich[] = {"opened", "closed", "overdue"};
    for (int i = 0; i < el.n; i++) {
      const Escalation *e = &el.a[i];
      int hit = pass == 0   ? e->raised >= r->weekStart && e->raised <= asOf
                : pass == 1 ? e->closed != DATE_NONE && e->closed >= r->weekStart && e->closed <= asOf
                            : escalation_overdue(e, asOf);
      if (hit) escalation_row(r, e, azWhich[pass]);
    }
  }
  escalation_list_free(&el);
  iros_free(iros);
  childset_free(cs);
  return rc;
}

void weekly_free(WeeklyReport *r) {
  for (int s = 0; s < WEEKLY_N_SECTIONS; s++) rtable_clear(&r->aSec[s]);
  for (int i = 0; i < r->nChild; i++) free(r->azChild[i]);
  free(r->azChild);
  r->azChild = NULL;
  r->nChild = 0;
}

int weekly_audit(Db *db, const WeeklyReport *r, const char *zActor) {
  if (r->nChild == 0) return DB_OK;
  char zD[24], zRec[80];
  char *zWhat = xmprintf("weekly highlight report, week ending %s", date_long(r->asOf, zD));
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; i < r->nChild && rc == DB_OK; i++) {
    snprintf(zRec, sizeof zRec, "child:%s", r->azChild[i]);
    rc = audit_write(db, zActor, "report.view", zRec, NULL, zWhat, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zWhat);
  return rc;
}

void weekly_csv(const WeeklyReport *r, Buf *out) { reports_csv(r->aSec, WEEKLY_N_SECTIONS, out); }

void weekly_html_sections(const WeeklyReport *r, Buf *out, int govuk) {
  for (int s = 0; s < WEEKLY_N_SECTIONS; s++) {
    const RTable *t = &r->aSec[s];
    html_raw(out, govuk ? "<h2 class=\"govuk-heading-m\">" : "<h2>");
    html_printf(out, "%h (%d)</h2>\n", t->zTitle, t->nRow);
    reports_table_html(t, out, govuk);
  }
}

static const char zStyle[] =
  "body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c}"
  "table{border-collapse:collapse;font-size:0.85em;margin-bottom:1.5em}"
  "th,td{border:1px solid #b1b4b6;padding:0.3em 0.4em;text-align:left;vertical-align:top}"
  "th{background:#f3f2f1}"
  "@media print{body{margin:0}}";

void weekly_html(const WeeklyReport *r, Buf *out) {
  html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_printf(out, "<title>Weekly highlight report: week ending %D</title>\n", (int)r->asOf);
  html_raw(out, "<style>");
  html_raw(out, zStyle);
  html_raw(out, "</style>\n</head>\n<body>\n");
  html_printf(out, "<h1>Weekly highlight report: week ending %D</h1>\n", (int)r->asOf);
  html_printf(out, "<p>For the QA manager. The week is %D to %D; reviews due are those due by %D;"
                   " everything as known on %D.</p>\n",
              (int)r->weekStart, (int)r->asOf, (int)(r->asOf + 14), (int)r->asOf);
  weekly_html_sections(r, out, 0);
  html_raw(out, "</body>\n</html>\n");
}
