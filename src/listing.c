/*
** listing.c: long lists on pages, sorted, paged and searched (listing.h).
*/
#include "listing.h"
#include "children.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

void listing_sort_parse(Listing *l, const RTable *t, const char *zSort, const char *zOrder) {
  l->sortCol = -1;
  l->desc = zOrder && strcmp(zOrder, "desc") == 0;
  if (!zSort || !zSort[0]) return;
  for (int k = 0; k < t->nCol; k++) {
    if (t->aCol[k].zCsv && strcmp(t->aCol[k].zCsv, zSort) == 0) l->sortCol = k;
  }
}

/* ---- Sorting ---------------------------------------------------------------- */

typedef struct SortKey { int row; int64_t v; char *z; } SortKey;
/* qsort() takes no context: the direction of the sort under way, per thread
** (the server's threads sort their own pages). */
static _Thread_local int tDesc;

static int sort_cmp(const void *pa, const void *pb) {
  const SortKey *a = pa, *b = pb;
  int k = 0;
  if (a->z || b->z) {
    k = strcmp(a->z ? a->z : "", b->z ? b->z : "");
  } else if (a->v != b->v) {
    /* No date sorts last either way round, as an empty cell would. */
    if (a->v == DATE_NONE) return 1;
    if (b->v == DATE_NONE) return -1;
    k = a->v < b->v ? -1 : 1;
  }
  if (k) return tDesc ? -k : k;
  return a->row - b->row;   /* stable: equal rows keep their order */
}

void rtable_sort(RTable *t, int col, int desc) {
  if (col < 0 || col >= t->nCol || t->nRow < 2) return;
  SortKey *a = xmalloc((size_t)t->nRow * sizeof *a);
  int text = t->aCol[col].type == RCOL_TEXT;
  /* Text cells that all carry a rank (a status: cell_status) sort by it. */
  int ranked = text;
  for (int i = 0; ranked && i < t->nRow; i++) ranked = rtable_cell(t, i, col)->v != 0;
  if (ranked) text = 0;
  for (int i = 0; i < t->nRow; i++) {
    const RCell *c = rtable_cell(t, i, col);
    a[i].row = i;
    a[i].v = c->v;
    a[i].z = NULL;
    if (text) {
      Buf b = {0};
      child_fold(c->z ? c->z : "", &b);
      a[i].z = b.z ? b.z : xstrdup("");
    }
  }
  tDesc = desc;
  qsort(a, (size_t)t->nRow, sizeof *a, sort_cmp);
  RCell *aNew = xmalloc((size_t)(t->nRow * t->nCol) * sizeof *aNew);
  for (int i = 0; i < t->nRow; i++) {
    memcpy(&aNew[i * t->nCol], &t->a[a[i].row * t->nCol], (size_t)t->nCol * sizeof *aNew);
    free(a[i].z);
  }
  free(t->a);
  t->a = aNew;
  t->nAlloc = t->nRow * t->nCol;
  free(a);
}

/* ---- Pages ------------------------------------------------------------------ */

void listing_paginate(Listing *l, int nRow, int perPage, const char *zPage) {
  long page = 1;
  if (!zPage || parse_int(zPage, 1, 1000000000L, &page) != 0) page = 1;
  l->nPage = nRow > 0 ? (nRow + perPage - 1) / perPage : 1;
  l->page = page > l->nPage ? l->nPage : (int)page;
  l->first = (l->page - 1) * perPage;
  l->last = l->first + perPage < nRow ? l->first + perPage : nRow;
}

int listing_page_items(int page, int nPage, int aOut[7]) {
  int n = 0, prev = 0;
  int aWant[5] = {1, page - 1, page, page + 1, nPage};
  for (int i = 0; i < 5; i++) {
    int p = aWant[i];
    if (p < 1 || p > nPage || p <= prev) continue;
    /* A gap of one page shows that page; a longer one an ellipsis. */
    if (p == prev + 2) aOut[n++] = prev + 1;
    else if (p > prev + 2) aOut[n++] = 0;
    aOut[n++] = p;
    prev = p;
  }
  return n;
}

/* ---- Searching -------------------------------------------------------------- */

int listing_matches(const char *zFolded, const char *const *azField, int n) {
  if (!zFolded || !zFolded[0]) return 1;
  Buf hay = {0};
  for (int i = 0; i < n; i++) {
    child_fold(azField[i] ? azField[i] : "", &hay);
    buf_putc(&hay, '\n');   /* a word is never found across two fields */
  }
  int ok = 1;
  const char *w = zFolded;
  while (ok && *w) {
    const char *e = strchr(w, ' ');
    size_t len = e ? (size_t)(e - w) : strlen(w);
    char *zWord = xmprintf("%.*s", (int)len, w);
    ok = strstr(hay.z ? hay.z : "", zWord) != NULL;
    free(zWord);
    w += len + (e ? 1 : 0);
  }
  buf_free(&hay);
  return ok;
}

/* ---- HTML ------------------------------------------------------------------- */

/* zBase?zQuery&sort=..&order=..&page=N into b (no page when page is 0,
** no sort when col is -1); a #fragment ending zBase goes at the end. */
static void list_url(Buf *b, const char *zBase, const char *zQuery, const RTable *t, int col, int desc, int page) {
  const char *zFrag = strchr(zBase, '#');
  buf_append(b, zBase, zFrag ? (size_t)(zFrag - zBase) : strlen(zBase));
  char sep = '?';
  if (zQuery && zQuery[0]) {
    buf_putc(b, sep);
    buf_puts(b, zQuery);
    sep = '&';
  }
  if (col >= 0) {
    buf_putc(b, sep);
    buf_puts(b, "sort=");
    url_escape(b, t->aCol[col].zCsv);
    buf_puts(b, desc ? "&order=desc" : "&order=asc");
    sep = '&';
  }
  if (page > 0) {
    buf_putc(b, sep);
    buf_printf(b, "page=%d", page);
  }
  if (zFrag) buf_puts(b, zFrag);
}

void listing_table_html(const RTable *t, const Listing *l, const char *zBase, const char *zQuery, Buf *out) {
  char **azHead = xmalloc((size_t)t->nCol * sizeof *azHead);
  const char **azAria = xmalloc((size_t)t->nCol * sizeof *azAria);
  for (int k = 0; k < t->nCol; k++) {
    azHead[k] = NULL;
    azAria[k] = NULL;
    if (!t->aCol[k].zCsv) continue;   /* a column only pages show: not sorted by */
    int on = l->sortCol == k;
    /* Sorted by this column: the link turns it the other way round. */
    int desc = on ? !l->desc : 0;
    azAria[k] = on ? (l->desc ? "descending" : "ascending") : NULL;   /* on one heading at a time */
    Buf url = {0}, h = {0};
    list_url(&url, zBase, zQuery, t, k, desc, 0);
    /* The link is named by the column alone: aria-sort on the heading says
    ** how the list is sorted now. */
    html_printf(&h, "<a class=\"govuk-link app-sort\" href=\"%h\">%h</a>", url.z, t->aCol[k].zLabel);
    azHead[k] = h.z;
    buf_free(&url);
  }
  RTableView v = {l->first, l->last, azHead, azAria};
  reports_table_html_view(t, out, 1, &v);
  for (int k = 0; k < t->nCol; k++) free(azHead[k]);
  free(azHead);
  free(azAria);
}

void listing_pagination_html(const Listing *l, const RTable *t, const char *zBase, const char *zQuery,
                             const char *zLabel, Buf *out) {
  if (l->nPage <= 1) return;
  html_printf(out, "<nav class=\"govuk-pagination\" aria-label=\"%h\">\n", zLabel);
  Buf url = {0};
  if (l->page > 1) {
    list_url(&url, zBase, zQuery, t, l->sortCol, l->desc, l->page - 1);
    html_printf(out, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" href=\"%h\" rel=\"prev\">"
                     "<svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">"
                     "<path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path></svg>"
                     "<span class=\"govuk-pagination__link-title\">Previous<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n",
                url.z);
    url.n = 0;
  }
  html_raw(out, "<ul class=\"govuk-pagination__list\">\n");
  int a[7], n = listing_page_items(l->page, l->nPage, a);
  for (int i = 0; i < n; i++) {
    if (!a[i]) {
      html_raw(out, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">&ctdot;</li>\n");
      continue;
    }
    url.n = 0;
    list_url(&url, zBase, zQuery, t, l->sortCol, l->desc, a[i]);
    int cur = a[i] == l->page;
    html_printf(out, "<li class=\"govuk-pagination__item%h\"><a class=\"govuk-link govuk-pagination__link\" href=\"%h\" "
                     "aria-label=\"Page %d\"", cur ? " govuk-pagination__item--current" : "", url.z, a[i]);
    if (cur) html_raw(out, " aria-current=\"page\"");
    html_printf(out, ">%d</a></li>\n", a[i]);
  }
  html_raw(out, "</ul>\n");
  if (l->page < l->nPage) {
    url.n = 0;
    list_url(&url, zBase, zQuery, t, l->sortCol, l->desc, l->page + 1);
    html_printf(out, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" href=\"%h\" rel=\"next\">"
                     "<span class=\"govuk-pagination__link-title\">Next<span class=\"govuk-visually-hidden\"> page</span></span>"
                     "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">"
                     "<path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path></svg></a></div>\n",
                url.z);
  }
  html_raw(out, "</nav>\n");
  buf_free(&url);
}
