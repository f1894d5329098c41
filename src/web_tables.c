/*
** web_tables.c: every table a page shows can be downloaded, as CSV and
** as an Excel workbook (one sheet per table, real dates). A page builds
** its tables once (PageTables) from the data it shows; the page draws
** them and its .csv/.xlsx routes, which run the same handler (Web.fmt),
** send them. The writers are reports.c's, shared with the reports.
**
** A download that names children is a view of each child's record: the
** audit entries are written before it is sent, or it is not (SPEC §11).
*/
#include "web.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

RTable *page_table(PageTables *p, const char *zSheet, const char *zTitle, const char *zEmpty,
                   const RColumn *aCol, int nCol) {
  if (p->n >= PAGE_MAX_TABLES) fatal("page_table: more than %d tables", PAGE_MAX_TABLES);
  RTable *t = &p->a[p->n];
  memset(t, 0, sizeof *t);
  snprintf(p->azTitle[p->n], sizeof p->azTitle[p->n], "%s", zTitle);
  t->zSheet = zSheet;
  t->zTitle = p->azTitle[p->n];
  t->zEmpty = zEmpty;
  t->aCol = aCol;
  t->nCol = nCol;
  t->captioned = 1;
  p->n++;
  return t;
}

/* A table built elsewhere (by a domain file) joins the page's tables: its
** rows are the page's from now on, and *t is left empty. */
RTable *page_table_take(PageTables *p, RTable *t) {
  RTable *to = page_table(p, t->zSheet, t->zTitle, t->zEmpty, t->aCol, t->nCol);
  to->a = t->a;
  to->nRow = t->nRow;
  to->nAlloc = t->nAlloc;
  to->emptyRow = t->emptyRow;
  memset(t, 0, sizeof *t);
  return to;
}

static unsigned ref_hash(const char *z) {
  unsigned h = 2166136261u;   /* FNV-1a */
  while (*z) h = (h ^ (unsigned char)*z++) * 16777619u;
  return h;
}

/* The slot for zRef: the one holding it, or the empty one it would take. */
static int ref_slot(const PageTables *p, const char *zRef) {
  int h = (int)(ref_hash(zRef) & (unsigned)(p->nSlot - 1));
  while (p->aSlot[h] && strcmp(p->azRef[p->aSlot[h] - 1], zRef) != 0) h = (h + 1) & (p->nSlot - 1);
  return h;
}

void page_tables_child(PageTables *p, const char *zRef) {
  if (2 * (p->nRef + 1) > p->nSlot) {
    /* Never more than half full, so a search ends soon. */
    free(p->aSlot);
    p->nSlot = p->nSlot ? 2 * p->nSlot : 64;
    p->aSlot = xcalloc((size_t)p->nSlot, sizeof *p->aSlot);
    for (int i = 0; i < p->nRef; i++) p->aSlot[ref_slot(p, p->azRef[i])] = i + 1;
  }
  int h = ref_slot(p, zRef);
  if (p->aSlot[h]) return;   /* named already: audited once */
  if (p->nRef == p->nRefAlloc) {
    p->nRefAlloc = p->nRefAlloc ? 2 * p->nRefAlloc : 32;
    p->azRef = xrealloc(p->azRef, (size_t)p->nRefAlloc * sizeof *p->azRef);
  }
  p->azRef[p->nRef++] = xstrdup(zRef);
  p->aSlot[h] = p->nRef;
}

void page_tables_free(PageTables *p) {
  for (int i = 0; i < p->n; i++) rtable_clear(&p->a[i]);
  for (int i = 0; i < p->nRef; i++) free(p->azRef[i]);
  free(p->azRef);
  free(p->aSlot);
  p->azRef = NULL;
  p->aSlot = NULL;
  p->n = p->nRef = p->nRefAlloc = p->nSlot = 0;
}

void cell_tag(RTable *t, int col, const char *zClass, const char *zText) {
  Buf b = {0};
  html_printf(&b, "<strong class=\"govuk-tag %h\">%h</strong>", zClass, zText);
  rtable_text(t, col, zText);
  rtable_html(t, col, b.z);
  buf_free(&b);
}

/* Each child named, as one transaction: all written or none. */
static int audit_children(Web *w, const PageTables *p, const char *zFile) {
  if (!p->nRef) return DB_OK;
  char *zWhat = xmprintf("downloaded in %s", zFile);
  db_begin(w->db);
  int rc = DB_OK;
  for (int i = 0; i < p->nRef && rc == DB_OK; i++) {
    char *zRec = xmprintf("child:%s", p->azRef[i]);
    rc = audit_write(w->db, w->sess.user.zUsername, "child.view", zRec, NULL, zWhat, w->req->zClient);
    free(zRec);
  }
  if (rc == DB_OK) rc = db_commit(w->db);
  else db_rollback(w->db);
  free(zWhat);
  return rc;
}

static void plain_error(Web *w, int status, const char *zText) {
  w->resp->status = status;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, zText);
}

void page_tables_send(Web *w, PageTables *p, const char *zStem) {
  /* The name goes into a header unquoted-safe: letters, digits and '-'
  ** only (a child's ref may hold anything). */
  Buf name = {0};
  for (const char *s = zStem; *s; s++) {
    char c = *s;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    buf_putc(&name, ok ? c : '-');
  }
  char zDay[11];
  buf_printf(&name, "-%s.%s", date_iso(w->today, zDay), w->fmt == FMT_XLSX ? "xlsx" : "csv");
  if (audit_children(w, p, name.z) != DB_OK) {
    plain_error(w, 503, "The audit log cannot be written, so the download is not sent.\n");
    buf_free(&name);
    return;
  }
  buf_reset(w->out);
  if (w->fmt == FMT_XLSX) {
    const char *zErr = NULL;
    if (reports_xlsx_buf(p->a, p->n, w->out, &zErr) != 0) {
      char *z = xmprintf("The Excel file could not be made: %s.\n", zErr ? zErr : "unknown error");
      plain_error(w, 500, z);
      free(z);
      buf_free(&name);
      return;
    }
    w->resp->zType = zXlsxType;
  } else {
    /* One table is a plain CSV file; several are blocks (reports_csv). */
    if (p->n == 1) reports_table_csv(&p->a[0], w->out);
    else reports_csv(p->a, p->n, w->out);
    w->resp->zType = "text/csv; charset=utf-8";
  }
  char *zDisp = xmprintf("attachment; filename=\"%s\"", name.z);
  http_set_header(w->resp, "Content-Disposition", zDisp);
  free(zDisp);
  buf_free(&name);
}

/* The page's query, less the one-off "saved" banner and the page number
** of a long list (a download holds every page), as "?a=b&c=d". */
static void page_query(Web *w, Buf *b) {
  int first = 1;
  for (int i = 0; i < w->req->nQuery; i++) {
    const Param *q = &w->req->aQuery[i];
    if (strcmp(q->zName, "saved") == 0 || strcmp(q->zName, "page") == 0) continue;
    buf_putc(b, first ? '?' : '&');
    first = 0;
    url_escape(b, q->zName);
    buf_putc(b, '=');
    url_escape(b, q->zValue ? q->zValue : "");
  }
}

void download_links(Web *w, const char *zBase, int nTable) {
  Buf q = {0};
  page_query(w, &q);
  const char *zWhat = nTable == 1 ? "this table" : "these tables";
  html_printf(w->out,
      "<ul class=\"govuk-list app-downloads\">\n"
      "<li><a class=\"govuk-link\" href=\"%h.csv%h\" download>Download %h as a CSV file (spreadsheet)</a></li>\n"
      "<li><a class=\"govuk-link\" href=\"%h.xlsx%h\" download>Download %h as an Excel workbook%h</a></li>\n"
      "</ul>\n",
      zBase, q.z ? q.z : "", zWhat, zBase, q.z ? q.z : "", zWhat, nTable == 1 ? "" : " (one sheet per table)");
  buf_free(&q);
}
