/*
** web_children.c: the reviewing officers' pages: home, the IRO dashboard,
** the service dashboard, finding a child, the child's page, and the forms
** that record a review, a contact and an IRO allocation (SPEC §2, §3, §9).
*/
#include "web.h"
#include "escalations.h"
#include "audit.h"
#include "cover.h"
#include "deadlines.h"
#include "iros.h"
#include "listing.h"
#include "localities.h"
#include "calendar.h"
#include "pagecache.h"
#include "placements.h"
#include "private_fostering.h"
#include "reviews.h"
#include "recommendations.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Cached pages ----------------------------------------------------------------
**
** A page's body depends only on the data, the date and what the viewer may
** do, so it is kept under a key naming all of those (see pagecache.h). The
** header (who is signed in, their form token) is written fresh each time.
** Pages showing a "saved" banner are neither served from nor kept in the
** cache. */

static int cache_key(Web *w, char *zKey, size_t nKey, const char *zPage) {
  if (http_query(w->req, "saved")) return 0;
  snprintf(zKey, nKey, "%s|%d|%u|%lld", zPage, (int)w->today, w->caps, (long long)data_generation(w->db));
  return 1;
}

static void entry_release(void *p) { pagecache_release(p); }

/* The body of a cache entry, as the page's body so far: shared with the
** cache, not copied, and sent compressed to a browser that takes it
** (http.h, gzip.h). Gives up the caller's reference. */
static void entry_body(Web *w, const PageEntry *e) {
  if (w->out != &w->resp->body) {
    buf_append(w->out, e->zBody, e->n);
    pagecache_release(e);
    return;
  }
  HttpPiece piece = {.z = e->zBody, .n = e->n, .pGz = e->pGz, .nGz = e->nGz, .crc = e->crc,
                     .xRelease = entry_release, .pArg = (void *)e};
  http_add_piece(w->resp, &piece);
}

/* Write the page held in a cache entry, giving up the reference. */
static void serve_entry(Web *w, const PageEntry *e) {
  page_begin(w, e->zTitle);
  entry_body(w, e);
  page_end(w);
}

/* Keep the body written since bodyStart under zKey, before page_end(). */
static void cache_keep(Web *w, const char *zKey, const char *zTitle, size_t bodyStart) {
  /* A page drawn from rows that could not all be read is never kept. */
  if (db_failed(w->db)) return;
  pagecache_put(zKey, zTitle, w->out->z + bodyStart, w->out->n - bodyStart);
}

/* ---- Shared pieces ---------------------------------------------------------- */

static void child_link(Web *w, const Child *c) {
  html_printf(w->out, "<a class=\"govuk-link\" href=\"/children/%u\">%h %h</a>", c->zRef, c->zGiven, c->zFamily);
}

static const char *iro_name(const IroList *l, int64_t id) {
  const Iro *i = id ? iros_find(l, id) : NULL;
  return i ? i->zName : NULL;
}

/* After a successful save: back to the child's page, saying what was saved. */
static void redirect_to_child(Web *w, const Child *c, const char *zSaved) {
  char *zSuffix = xmprintf("?saved=%s", zSaved);
  char *zUrl = child_url(c, zSuffix);
  redirect(w, zUrl);
  free(zUrl);
  free(zSuffix);
}

static void back_link(Web *w, const char *zHref, const char *zText) {
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">%h</a>\n", zHref, zText);
}

/* A count in a panel of the dashboard's summary. */
static void stat(Web *w, int n, const char *zLabel, const char *zClass) {
  html_printf(w->out, "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body app-stat %h\">"
                      "<span class=\"govuk-heading-xl govuk-!-margin-bottom-0\">%d</span> %h</p></div>\n",
              zClass, n, zLabel);
}

/* The same, linked to the rows it counts (#zAnchor on this page) when
** there are any. */
static void stat_link(Web *w, int n, const char *zLabel, const char *zClass, const char *zAnchor) {
  if (!n) {
    stat(w, n, zLabel, "");
    return;
  }
  html_printf(w->out, "<div class=\"govuk-grid-column-one-quarter\"><p class=\"govuk-body app-stat %h\">"
                      "<a class=\"govuk-link govuk-link--text-colour\" href=\"#%h\">"
                      "<span class=\"govuk-heading-xl govuk-!-margin-bottom-0\">%d</span> %h</a></p></div>\n",
              zClass, zAnchor, n, zLabel);
}

typedef struct Row { const Child *c; Deadline d; } Row;

static int row_cmp(const void *pa, const void *pb) {
  const Row *a = pa, *b = pb;
  /* Overdue, due today, due soon, the rest (status_rank). */
  int ra = status_rank(a->d.status), rb = status_rank(b->d.status);
  if (ra != rb) return ra - rb;
  if (a->d.due != b->d.due) return a->d.due < b->d.due ? -1 : 1;
  return strcmp(a->c->zRef, b->c->zRef);
}

/* Open deadlines of every child in cs, overdue first. */
static Row *open_rows(const ChildSet *cs, Date today, int *pn, int *pnOver, int *pnSoon) {
  Row *a = NULL;
  int n = 0, cap = 0;
  *pnOver = *pnSoon = 0;   /* due soon counts due today too: both are not yet overdue */
  DeadlineList dl = {0};
  for (int i = 0; i < cs->n; i++) {
    dl.n = 0;
    deadlines_for_child(&cs->a[i], today, 0, &dl);
    for (int k = 0; k < dl.n; k++) {
      if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *a);
      a[n++] = (Row){&cs->a[i], dl.a[k]};
      *pnOver += dl.a[k].status == ST_OVERDUE;
      *pnSoon += dl.a[k].status == ST_DUE_SOON || dl.a[k].status == ST_DUE_TODAY;
    }
  }
  deadlines_free(&dl);
  if (n) qsort(a, (size_t)n, sizeof *a, row_cmp);   /* a is NULL when there are none */
  *pn = n;
  return a;
}

/* Deadlines as a table: with the child's name and ID on lists of many
** children, without them on the child's own page. */
enum { DL_CHILD, DL_REF, DL_ITEM, DL_DUE, DL_STATUS, DL_N };
static const RColumn aDlCol[DL_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"item", "What is due", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};

static void child_cell(RTable *t, int col, const Child *c) {
  char *zUrl = child_url(c, "");
  char *zName = xmprintf("%s %s", c->zGiven, c->zFamily);
  rtable_link(t, col, zUrl, zName);
  free(zName);
  free(zUrl);
}

static void deadline_table(PageTables *p, const Row *a, int n, const char *zSheet, const char *zCaption,
                           const char *zEmpty, int withChild) {
  int o = withChild ? 0 : DL_ITEM;   /* without the child, the columns start at DL_ITEM */
  RTable *t = page_table(p, zSheet, zCaption, zEmpty, aDlCol + o, DL_N - o);
  for (int i = 0; i < n; i++) {
    rtable_row(t);
    if (withChild) {
      child_cell(t, DL_CHILD, a[i].c);
      rtable_text(t, DL_REF, a[i].c->zRef);
      page_tables_child(p, a[i].c->zRef);
    }
    rtable_text(t, DL_ITEM - o, item_label(a[i].d.item));
    rtable_num(t, DL_DUE - o, a[i].d.due);
    cell_status(t, DL_STATUS - o, a[i].d.status);
  }
}

/* A child and their next review date (DATE_NONE when not in care). */
typedef struct Next { const Child *c; Date due; } Next;

static int next_cmp(const void *pa, const void *pb) {
  const Next *a = pa, *b = pb;
  if (a->due != b->due) {
    if (a->due == DATE_NONE) return 1;   /* not in care: last */
    if (b->due == DATE_NONE) return -1;
    return a->due < b->due ? -1 : 1;
  }
  return strcmp(a->c->zRef, b->c->zRef);
}

/* ---- Dashboards --------------------------------------------------------------- */

enum { NX_CHILD, NX_REF, NX_DUE, NX_STATUS, NX_N };
static const RColumn aNxCol[NX_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"next_review_due", "Next review due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};

/* ---- The IRO's worklist ----------------------------------------------------------
**
** What an IRO comes to do, first on their home: the overdue items (most
** overdue first, with how many days), then those due today, then those due
** soon, each with a link to the form that closes it. */

/* The link that closes deadline d of child c for this user (caller frees),
** with its words in *pzWords; the child's page where no form of theirs
** records it. */
static char *item_action(Web *w, const Child *c, const Deadline *d, const char **pzWords) {
  int edit = (w->caps & CAP_CHILD_EDIT) != 0;
  char zSuffix[64];
  switch (d->item) {
    case ITEM_REVIEW:
    case ITEM_PERMANENCE:   /* the permanence plan is recorded with a review */
      if (!edit) break;
      *pzWords = "Record review";
      return child_url(c, "/reviews/new");
    case ITEM_RECOMMENDATIONS:
    case ITEM_MINUTES:
      if (!edit || !d->reviewId) break;
      *pzWords = d->item == ITEM_MINUTES ? "Record minutes issued" : "Record recommendations issued";
      snprintf(zSuffix, sizeof zSuffix, "/reviews/%lld/edit", (long long)d->reviewId);
      return child_url(c, zSuffix);
    case ITEM_MIDPOINT_CONTACT:
      if (!edit) break;
      *pzWords = "Record contact";
      return child_url(c, "/contacts/new");
    case ITEM_RECOMMENDATION:
      if (!d->recId) break;
      *pzWords = d->status == ST_OVERDUE ? "Chase recommendation" : "Update recommendation";
      snprintf(zSuffix, sizeof zSuffix, "/recommendations/%lld", (long long)d->recId);
      return child_url(c, zSuffix);
    case ITEM_ALLOCATION:
      if (!(w->caps & CAP_ALLOCATE)) break;
      *pzWords = "Allocate an IRO";
      return child_url(c, "/allocation");
    case ITEM_UNREG_QA_NOTIFIED:
    case ITEM_UNREG_VISIT:
    case ITEM_OVERSIGHT_RECORD:
      if (!edit) break;
      *pzWords = d->item == ITEM_UNREG_VISIT ? "Record visit" : d->item == ITEM_OVERSIGHT_RECORD ? "Record oversight" : "Record notification";
      return child_url(c, "/unregistered");
    default:
      break;
  }
  *pzWords = "Open record";
  return child_url(c, "");
}

enum { WL_CHILD, WL_REF, WL_ITEM, WL_DUE, WL_STATUS, WL_DAYS, WL_ACTION, WL_N };
static const RColumn aWlCol[WL_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"item", "What is due", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {"days_overdue", "Days overdue", RCOL_INT, 8},
  {NULL, "Action", RCOL_TEXT, 0},
};
/* The same without "Days overdue", for what is not yet overdue. */
static const RColumn aWsCol[WL_N - 1] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"item", "What is due", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {NULL, "Action", RCOL_TEXT, 0},
};

/* The worklist's three parts, in the order they are shown. */
static const struct { Status st; const char *zSheet, *zCaption, *zEmpty, *zAnchor; } aWlPart[3] = {
  {ST_OVERDUE, "Overdue", "Overdue", "Nothing is overdue.", "overdue"},
  {ST_DUE_TODAY, "Due today", "Due today", "Nothing is due today.", "due-today"},
  {ST_DUE_SOON, "Due soon", "Due soon", "Nothing is due soon.", "due-soon"},
};

/* The worklist (a, n: open_rows(), in its order) as three tables, each
** row with its action; the table for part k of aWlPart is pt->a[first + k]. */
static void worklist_tables(Web *w, const Row *a, int n, PageTables *p) {
  for (int k = 0; k < 3; k++) {
    int days = aWlPart[k].st == ST_OVERDUE, nCol = days ? WL_N : WL_N - 1;
    RTable *t = page_table(p, aWlPart[k].zSheet, aWlPart[k].zCaption, aWlPart[k].zEmpty, days ? aWlCol : aWsCol, nCol);
    for (int i = 0; i < n; i++) {
      if (a[i].d.status != aWlPart[k].st) continue;
      const Child *c = a[i].c;
      rtable_row(t);
      child_cell(t, WL_CHILD, c);
      rtable_text(t, WL_REF, c->zRef);
      page_tables_child(p, c->zRef);
      rtable_text(t, WL_ITEM, item_label(a[i].d.item));
      rtable_num(t, WL_DUE, a[i].d.due);
      cell_status(t, WL_STATUS, a[i].d.status);
      if (days) rtable_num(t, WL_DAYS, w->today - a[i].d.due);
      const char *zWords;
      char *zUrl = item_action(w, c, &a[i].d, &zWords);
      Buf h = {0};
      html_printf(&h, "<a class=\"govuk-link\" href=\"%h\">%h<span class=\"govuk-visually-hidden\">: %h for %h %h</span></a>",
                  zUrl, zWords, item_label(a[i].d.item), c->zGiven, c->zFamily);
      rtable_text(t, nCol - 1, zWords);
      rtable_html(t, nCol - 1, h.z);
      buf_free(&h);
      free(zUrl);
    }
  }
}

/* The dashboard's tables: the worklist (three tables, worklist_tables()),
** then every child with their next review, soonest first. */
static void iro_tables(Web *w, const ChildSet *cs, const Row *a, int n, PageTables *p) {
  worklist_tables(w, a, n, p);
  Next *aNext = xmalloc((size_t)(cs->n ? cs->n : 1) * sizeof *aNext);
  for (int i = 0; i < cs->n; i++) {
    Period per;
    aNext[i].c = &cs->a[i];
    aNext[i].due = child_in_care(&cs->a[i], w->today, &per) ? review_next_due(&cs->a[i], &per, w->today, NULL) : DATE_NONE;
  }
  qsort(aNext, (size_t)cs->n, sizeof *aNext, next_cmp);
  RTable *t = page_table(p, "Children", "Children and next review", "No children are allocated.", aNxCol, NX_N);
  t->emptyRow = 1;
  for (int i = 0; i < cs->n; i++) {
    const Child *c = aNext[i].c;
    rtable_row(t);
    child_cell(t, NX_CHILD, c);
    rtable_text(t, NX_REF, c->zRef);
    page_tables_child(p, c->zRef);
    rtable_num(t, NX_DUE, aNext[i].due);
    if (aNext[i].due != DATE_NONE) cell_status(t, NX_STATUS, deadline_status(aNext[i].due, DATE_NONE, w->today));
    else rtable_text(t, NX_STATUS, "Not in care");
  }
  free(aNext);
}

/* The children of the IROs this one is covering today, as tables after
** their own (one per absent IRO, at most 8), with a sentence before each;
** cover still to come is one sentence, and any beyond eight one more.
** Writes the sentences into aOut (MAX_COVERED + 1 of them; the caller frees
** each) in the order of the tables added to pt. -1 if they could not all
** be read (nothing to free then). */
enum { MAX_COVERED = 8 };
typedef struct Covered { char *zSay; int table; } Covered;

static int covered_tables(Web *w, int64_t iroId, PageTables *pt, Covered *aOut) {
  Cover *a;
  int n = cover_list(w->db, iroId, COVER_BY_COVERING, w->today, &a), nOut = 0;
  if (n < 0) return -1;   /* noted on the connection: the skeleton's error page */
  static const char *const azSheet[MAX_COVERED] = {"Covering 1", "Covering 2", "Covering 3", "Covering 4",
                                                   "Covering 5", "Covering 6", "Covering 7", "Covering 8"};
  for (int i = 0; i < n; i++) {
    if (nOut == MAX_COVERED) {
      /* The page has room for eight: the rest are said, not dropped. */
      aOut[nOut++] = (Covered){xmprintf("You also cover %d more IRO%s, whose children are not listed here: find "
                                        "each child with Find a child.", n - i, n - i == 1 ? "" : "s"), -1};
      break;
    }
    char zTo[24], zFrom[24];
    date_long(a[i].to, zTo);
    if (a[i].from > w->today) {
      aOut[nOut++] = (Covered){xmprintf("You will cover %s's children from %s to %s.", a[i].zAbsent,
                                        date_long(a[i].from, zFrom), zTo), -1};
      continue;
    }
    ChildFilter f = {.iroId = a[i].absentIroId};
    ChildSet *cs = childset_load(w->db, &f);
    if (cs->readError) {
      childset_free(cs);
      cover_list_free(a, n);
      for (int k = 0; k < nOut; k++) free(aOut[k].zSay);
      return -1;
    }
    int nRow, nOver, nSoon;
    Row *rows = open_rows(cs, w->today, &nRow, &nOver, &nSoon);
    char *zCaption = xmprintf("%s's children: everything open, overdue first", a[i].zAbsent);
    aOut[nOut++] = (Covered){xmprintf("You are covering %s's children until %s.", a[i].zAbsent, zTo), pt->n};
    deadline_table(pt, rows, nRow, azSheet[nOut - 1], zCaption, "Nothing is due.", 1);
    free(zCaption);
    free(rows);
    childset_free(cs);
  }
  cover_list_free(a, n);
  return nOut;
}

void iro_dashboard(Web *w, int64_t iroId, int own) {
  char zKey[160], zPage[64];
  snprintf(zPage, sizeof zPage, "iro/%lld/%d", (long long)iroId, own);
  /* A form sent back with errors is this request's alone. */
  int cacheable = w->fmt == FMT_PAGE && !w->err.n && cache_key(w, zKey, sizeof zKey, zPage);
  int withCover = !own && (w->caps & CAP_COVER) && w->fmt == FMT_PAGE;
  if (cacheable) {
    const PageEntry *e = pagecache_get(zKey);
    if (e) {
      /* The cover forms carry this session's token: never from the cache. */
      if (!own) breadcrumbs(w, "Service dashboard", "/service", NULL);
      page_begin(w, e->zTitle);
      entry_body(w, e);
      if (withCover) cover_section(w, iroId);
      page_end(w);
      return;
    }
  }
  Iro one;
  if (!iro_load_one(w->db, iroId, w->today, &one)) {
    not_found(w);
    return;
  }
  const Iro *iro = &one;
  ChildFilter f = {.iroId = iroId};
  ChildSet *cs = childset_load(w->db, &f);
  if (cs->readError) {
    childset_free(cs);
    iro_clear(&one);
    return;   /* noted on the connection: the skeleton's error page */
  }
  int n, nOver, nSoon;
  Row *a = open_rows(cs, w->today, &n, &nOver, &nSoon);
  PageTables pt = {0};
  iro_tables(w, cs, a, n, &pt);
  int nOwnTables = pt.n;
  Covered aCov[MAX_COVERED + 1];
  int nCov = own ? covered_tables(w, iroId, &pt, aCov) : 0;
  if (nCov < 0) {
    page_tables_free(&pt);
    free(a);
    childset_free(cs);
    iro_clear(&one);
    return;   /* noted on the connection: the skeleton's error page */
  }
  char *zBase = own ? xstrdup("/my-children") : xmprintf("/iros/%lld/download", (long long)iroId);
  if (w->fmt != FMT_PAGE) {
    char *zStem = own ? xstrdup("my-children") : xmprintf("iro-%lld-children", (long long)iroId);
    page_tables_send(w, &pt, zStem);
    free(zStem);
  } else {
    char *zTitle = own ? xstrdup("My children") : xmprintf("%s's children", iro->zName);
    if (!own) breadcrumbs(w, "Service dashboard", "/service", NULL);
    page_begin(w, zTitle);
    size_t bodyStart = w->out->n;
    error_summary(w);
    saved_banner(w);
    html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
    for (int i = 0; i < nCov; i++) {
      if (aCov[i].table < 0) continue;
      html_printf(w->out, "<div class=\"govuk-inset-text\">%h <a class=\"govuk-link\" href=\"#covering-%d\">"
                          "See their children</a>.</div>\n", aCov[i].zSay, i + 1);
    }
    if (!own && (w->caps & CAP_IROS_ADMIN)) {
      html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/iros/%d/edit\">Change details"
                          "<span class=\"govuk-visually-hidden\"> of %h</span></a></p>\n", (int)iroId, iro->zName);
    }
    /* The counts, each linked to the rows it counts; then the worklist,
    ** then the children. */
    int nToday = pt.a[1].nRow;
    html_raw(w->out, "<div class=\"govuk-grid-row\">\n");
    stat_link(w, nOver, "overdue", "app-stat--red", "overdue");
    stat_link(w, nToday, "due today", "app-stat--red", "due-today");
    stat_link(w, nSoon - nToday, "due soon", "app-stat--amber", "due-soon");
    stat_link(w, cs->n, cs->n == 1 ? "child allocated" : "children allocated", "", "children");
    html_raw(w->out, "</div>\n");
    html_printf(w->out, "<p class=\"govuk-body\">%h%h capacity is %d children.</p>\n",
                own ? "Your" : iro->zName, own ? "" : "'s", iro_capacity(iro));
    if (nOver) {
      html_printf(w->out, "<p class=\"govuk-body\">Start with the overdue items: they are first below, most overdue first.</p>\n");
    }
    for (int k = 0; k < 3; k++) {
      html_printf(w->out, "<div id=\"%h\">\n", aWlPart[k].zAnchor);
      reports_table_html(&pt.a[k], w->out, 1);
      html_raw(w->out, "</div>\n");
    }
    html_raw(w->out, "<div id=\"children\">\n");
    for (int i = 3; i < nOwnTables; i++) reports_table_html(&pt.a[i], w->out, 1);
    html_raw(w->out, "</div>\n");
    for (int i = 0; i < nCov; i++) {
      if (aCov[i].table < 0) {
        html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", aCov[i].zSay);
        continue;
      }
      html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"covering-%d\">%h</h2>\n", i + 1, aCov[i].zSay);
      reports_table_html(&pt.a[aCov[i].table], w->out, 1);
    }
    download_links(w, zBase, pt.n);
    if (cacheable) cache_keep(w, zKey, zTitle, bodyStart);
    if (withCover) cover_section(w, iroId);
    page_end(w);
    free(zTitle);
  }
  for (int i = 0; i < nCov; i++) free(aCov[i].zSay);
  free(zBase);
  page_tables_free(&pt);
  free(a);
  childset_free(cs);
  iro_clear(&one);
}

void page_my_children_download(Web *w) {
  if (w->sess.user.iroId) {
    iro_dashboard(w, w->sess.user.iroId, 1);
    return;
  }
  /* Someone who may have a caseload but has no IRO record has no
  ** children: the same tables, empty. */
  ChildFilter f = {.iroId = -1};
  ChildSet *cs = childset_load(w->db, &f);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  PageTables pt = {0};
  iro_tables(w, cs, NULL, 0, &pt);
  page_tables_send(w, &pt, "my-children");
  page_tables_free(&pt);
  childset_free(cs);
}

void page_iro_dashboard(Web *w) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0) {
    not_found(w);
    return;
  }
  iro_dashboard(w, id, w->sess.user.iroId == id);
}

/* The first day of the financial year (1 April) that d falls in. */
static Date year_start(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
}

enum { CL_IRO, CL_FTE, CL_CHILDREN, CL_CAPACITY, CL_BAND, CL_N };
static const RColumn aClCol[CL_N] = {
  {"iro", "IRO", RCOL_TEXT, 24},
  {"fte", "FTE", RCOL_TEXT, 8},
  {"children", "Children", RCOL_INT, 10},
  {"capacity", "Capacity", RCOL_INT, 10},
  {"caseload", "Caseload", RCOL_TEXT, 16},
};

/* The filters of the service dashboard's overdue items (GET, kept by
** its downloads): an IRO's id, a locality's id, an item's name; 0 or ""
** for any. An IRO id of -1 is "no IRO". */
typedef struct OverdueFilter { long iro, locality; int item; } OverdueFilter;

static void overdue_filter(Web *w, OverdueFilter *f) {
  const char *z;
  f->iro = f->locality = 0;
  f->item = -1;
  if ((z = http_query(w->req, "iro")) && parse_int(z, -1, 2000000000L, &f->iro) != 0) f->iro = 0;
  if ((z = http_query(w->req, "locality")) && parse_int(z, 1, 2000000000L, &f->locality) != 0) f->locality = 0;
  if ((z = http_query(w->req, "item")) && z[0]) {
    for (int i = 0; i < ITEM__COUNT; i++) {
      if (strcmp(z, item_name((Item)i)) == 0) f->item = i;
    }
  }
}

static int overdue_matches(const OverdueFilter *f, const Row *r, Date today) {
  if (f->item >= 0 && r->d.item != (Item)f->item) return 0;
  if (f->locality && r->c->localityId != f->locality) return 0;
  if (f->iro) {
    const Allocation *al = child_allocation_on(r->c, today);
    if (f->iro < 0 ? al != NULL : (!al || al->iroId != f->iro)) return 0;
  }
  return 1;
}

enum { OV_CHILD, OV_REF, OV_IRO, OV_ITEM, OV_DUE, OV_DAYS, OV_N };
static const RColumn aOvCol[OV_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"iro", "IRO", RCOL_TEXT, 24},
  {"item", "What is due", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"days_overdue", "Days overdue", RCOL_INT, 8},
};

/* The service dashboard's tables: caseload per IRO against capacity
** (SPEC §2: amber above 60 per FTE, red above 70, from the rules table),
** and every overdue item that the filters let through (a, n: open_rows(),
** most overdue first) with the child's IRO and the days overdue. */
static void service_tables(Web *w, const IroList *l, const Row *a, int n, const OverdueFilter *f, PageTables *p) {
  RTable *t = page_table(p, "Caseloads", "Caseloads", "No IROs are recorded.", aClCol, CL_N);
  for (int i = 0; i < l->n; i++) {
    const Iro *r = &l->a[i];
    if (!r->active && !r->caseload) continue;
    char zFte[16], zUrl[40];
    snprintf(zFte, sizeof zFte, "%.2f", r->fte);
    snprintf(zUrl, sizeof zUrl, "/iros/%lld", (long long)r->id);
    rtable_row(t);
    rtable_link(t, CL_IRO, zUrl, r->zName);
    rtable_text(t, CL_FTE, zFte);
    rtable_num(t, CL_CHILDREN, r->caseload);
    rtable_num(t, CL_CAPACITY, iro_capacity(r));
    CaseloadBand band = iro_band(r);
    cell_tag(t, CL_BAND, band == CASELOAD_RED ? "govuk-tag--red" : band == CASELOAD_AMBER ? "govuk-tag--yellow" : "govuk-tag--green",
             band == CASELOAD_RED ? "Over the limit" : band == CASELOAD_AMBER ? "Above target" : "Within target");
  }
  RTable *o = page_table(p, "Overdue", "Every overdue item", "Nothing is overdue.", aOvCol, OV_N);
  for (int i = 0; i < n && a[i].d.status == ST_OVERDUE; i++) {
    if (!overdue_matches(f, &a[i], w->today)) continue;
    const Child *c = a[i].c;
    const Allocation *al = child_allocation_on(c, w->today);
    const char *zIro = al ? iro_name(l, al->iroId) : NULL;
    rtable_row(o);
    child_cell(o, OV_CHILD, c);
    rtable_text(o, OV_REF, c->zRef);
    page_tables_child(p, c->zRef);
    rtable_text(o, OV_IRO, zIro ? zIro : "No IRO");
    rtable_text(o, OV_ITEM, item_label(a[i].d.item));
    rtable_num(o, OV_DUE, a[i].d.due);
    rtable_num(o, OV_DAYS, w->today - a[i].d.due);
  }
}

/* The filters over "Every overdue item": GET, so the downloads keep them. */
static void overdue_filter_form(Web *w, const IroList *l, const OverdueFilter *f) {
  html_raw(w->out, "<form method=\"get\" action=\"/service#overdue-items\" novalidate>\n"
                   "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-third\">\n");
  /* Choices as value, words pairs, NULL-terminated. */
  int cap = 2 * (l->n + 3), k = 0;
  char **az = xmalloc((size_t)(cap + 1) * sizeof *az);
  az[k++] = xstrdup("");
  az[k++] = xstrdup("Any IRO");
  az[k++] = xstrdup("-1");
  az[k++] = xstrdup("No IRO");
  for (int i = 0; i < l->n; i++) {
    if (!l->a[i].active && !l->a[i].caseload) continue;
    az[k++] = xmprintf("%lld", (long long)l->a[i].id);
    az[k++] = xstrdup(l->a[i].zName);
  }
  az[k] = NULL;
  char zCur[24] = "";
  if (f->iro) snprintf(zCur, sizeof zCur, "%ld", f->iro);
  input_select(w, "iro", "IRO", NULL, (const char *const *)az, zCur);
  for (int i = 0; i < k; i++) free(az[i]);
  free(az);
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-third\">\n");
  Locality *aLoc;
  int nLoc = localities_list(w->db, &aLoc);
  if (nLoc < 0) nLoc = 0;   /* noted on the connection: the skeleton's error page */
  az = xmalloc((size_t)(2 * nLoc + 3) * sizeof *az);
  k = 0;
  az[k++] = xstrdup("");
  az[k++] = xstrdup("Any locality");
  for (int i = 0; i < nLoc; i++) {
    az[k++] = xmprintf("%lld", (long long)aLoc[i].id);
    az[k++] = xstrdup(aLoc[i].zName);
  }
  az[k] = NULL;
  zCur[0] = 0;
  if (f->locality) snprintf(zCur, sizeof zCur, "%ld", f->locality);
  input_select(w, "locality", "Child's locality", NULL, (const char *const *)az, zCur);
  for (int i = 0; i < k; i++) free(az[i]);
  free(az);
  localities_free(aLoc, nLoc);
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-third\">\n");
  const char *azItem[2 * ITEM__COUNT + 3];
  k = 0;
  azItem[k++] = "";
  azItem[k++] = "Anything";
  for (int i = 0; i < ITEM__COUNT; i++) {
    azItem[k++] = item_name((Item)i);
    azItem[k++] = item_label((Item)i);
  }
  azItem[k] = NULL;
  input_select(w, "item", "What is due", NULL, azItem, f->item >= 0 ? item_name((Item)f->item) : "");
  html_raw(w->out, "</div>\n</div>\n<div class=\"govuk-button-group\">\n");
  button(w, "Show overdue items");
  if (f->iro || f->locality || f->item >= 0) {
    html_raw(w->out, "<a class=\"govuk-link\" href=\"/service#overdue-items\">Clear filters</a>\n");
  }
  html_raw(w->out, "</div>\n</form>\n");
}

typedef struct Waiting { const Child *c; Date since; } Waiting;

/* Longest wait first, then by child ID. */
static int waiting_cmp(const void *pa, const void *pb) {
  const Waiting *a = pa, *b = pb;
  if (a->since != b->since) return a->since < b->since ? -1 : 1;
  return strcmp(a->c->zRef, b->c->zRef);
}

void page_service(Web *w) {
  ChildSet *cs = childset_load(w->db, NULL);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  IroList *l = iros_load(w->db, w->today);
  if (l->readError) {
    iros_free(l);
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  int n, nOver, nSoon;
  Row *a = open_rows(cs, w->today, &n, &nOver, &nSoon);
  /* Reviews held this financial year, and how many on time. */
  Date from = year_start(w->today);
  int nHeld = 0, nOnTime = 0, nInCare = 0, nNoIro = 0;
  for (int i = 0; i < cs->n; i++) {
    const Child *c = &cs->a[i];
    for (int k = 0; k < c->nRv; k++) {
      if (c->rv[k].held < from || c->rv[k].held > w->today) continue;
      nHeld++;
      Date due = review_due_for(c, k);
      nOnTime += due != DATE_NONE && c->rv[k].held <= due;
    }
    if (child_in_care(c, w->today, NULL)) {
      nInCare++;
      nNoIro += child_allocation_on(c, w->today) == NULL;
    }
  }
  OverdueFilter of;
  overdue_filter(w, &of);
  PageTables pt = {0};
  service_tables(w, l, a, n, &of, &pt);
  /* Every overdue item, most overdue first unless another order is asked
  ** for, a page at a time; its downloads whole, in the same order
  ** (listing.h). */
  RTable *o = &pt.a[1];
  Listing li;
  listing_sort_parse(&li, o, http_query(w->req, "sort"), http_query(w->req, "order"));
  if (li.sortCol >= 0) rtable_sort(o, li.sortCol, li.desc);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "service");
    page_tables_free(&pt);
    free(a);
    iros_free(l);
    childset_free(cs);
    return;
  }
  page_begin(w, "Service dashboard");
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Service dashboard</h1>\n<div class=\"govuk-grid-row\">\n");
  stat(w, nInCare, "children in care", "");
  stat(w, nOver, "overdue", nOver ? "app-stat--red" : "");
  stat(w, nSoon, "due soon", nSoon ? "app-stat--amber" : "");
  stat(w, nNoIro, "without an IRO", nNoIro ? "app-stat--red" : "");
  html_raw(w->out, "</div>\n");
  html_printf(w->out, "<p class=\"govuk-body\">Reviews held since %D: %d, of which %d on time", (int)from, nHeld, nOnTime);
  if (nHeld) html_printf(w->out, " (%d%%)", (int)((nOnTime * 1000L / nHeld + 5) / 10));
  html_raw(w->out, ".</p>\n");
  if (w->caps & CAP_PRIVATE_FOSTERING) {
    /* The council's action plan: private fostering on the management dashboards. */
    int nPf, nPfOver, nPfSoon;
    /* A failed read is noted: the skeleton answers with its error page. */
    if (pf_counts(w->db, w->today, &nPf, &nPfOver, &nPfSoon) == DB_OK) {
      html_printf(w->out, "<p class=\"govuk-body\">Private fostering: %d child%h, %d visit%h or assessment%h overdue"
                          " and %d due soon. <a class=\"govuk-link\" href=\"/private-fostering?show=all\">See every"
                          " private fostering case</a>.</p>\n", nPf, nPf == 1 ? "" : "ren", nPfOver,
                  nPfOver == 1 ? "" : "s", nPfOver == 1 ? "" : "s", nPfSoon);
    }
  }

  /* Caseload per IRO against capacity (SPEC §2: amber above 60 per FTE,
  ** red above 70, from the rules table). */
  reports_table_html(&pt.a[0], w->out, 1);

  /* Children in care without an IRO, and split sibling groups. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Children waiting for an IRO</h2>\n");
  if (!nNoIro) html_raw(w->out, "<p class=\"govuk-body\">Every child in care has an IRO.</p>\n");
  else {
    /* Longest wait first, in working days (calendar.c) from the day the
    ** wait is counted from (deadline_waiting_since). */
    Waiting *aw = xmalloc((size_t)nNoIro * sizeof *aw);
    int nw = 0;
    for (int i = 0; i < cs->n && nw < nNoIro; i++) {
      Date since = deadline_waiting_since(&cs->a[i], w->today);
      if (since != DATE_NONE) aw[nw++] = (Waiting){&cs->a[i], since};
    }
    if (nw) qsort(aw, (size_t)nw, sizeof *aw, waiting_cmp);
    html_raw(w->out, "<ul class=\"govuk-list\">\n");
    for (int i = 0; i < nw; i++) {
      const Child *c = aw[i].c;
      int days = cal_working_days_between(aw[i].since, w->today);
      html_raw(w->out, "<li>");
      child_link(w, c);
      html_printf(w->out, ", waiting %d working day%h since %D", days, days == 1 ? "" : "s", (int)aw[i].since);
      if (w->caps & CAP_ALLOCATE) {
        html_printf(w->out, " &ndash; <a class=\"govuk-link\" href=\"/children/%u/allocation\">allocate an IRO"
                            "<span class=\"govuk-visually-hidden\"> to %h %h</span></a>",
                    c->zRef, c->zGiven, c->zFamily);
      }
      html_raw(w->out, "</li>\n");
    }
    html_raw(w->out, "</ul>\n");
    free(aw);
  }
  SplitGroup *aSplit;
  int nSplit = siblings_split(w->db, w->today, &aSplit);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Brothers and sisters with different IROs</h2>\n");
  if (!nSplit) html_raw(w->out, "<p class=\"govuk-body\">No sibling group is split across IROs.</p>\n");
  else {
    html_raw(w->out, "<ul class=\"govuk-list\">\n");
    for (int g = 0; g < nSplit; g++) {
      html_printf(w->out, "<li>%d children with %d IROs:", aSplit[g].nChildren, aSplit[g].nIros);
      for (int i = 0; i < cs->n; i++) {
        const Child *c = &cs->a[i];
        if (c->siblingGroupId != aSplit[g].groupId || !child_in_care(c, w->today, NULL)) continue;
        const Allocation *al = child_allocation_on(c, w->today);
        html_raw(w->out, " ");
        child_link(w, c);
        html_printf(w->out, " (%h)", al ? iro_name(l, al->iroId) : "no IRO");
      }
      html_raw(w->out, "</li>\n");
    }
    html_raw(w->out, "</ul>\n");
  }
  free(aSplit);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"overdue-items\">Every overdue item</h2>\n");
  overdue_filter_form(w, l, &of);
  o->captioned = 0;   /* the heading above names it */
  if (!o->nRow) {
    reports_table_html(o, w->out, 1);   /* says nothing is overdue */
  } else {
    listing_paginate(&li, o->nRow, LIST_PAGE, http_query(w->req, "page"));
    Buf q = {0};
    if (of.iro) buf_printf(&q, "iro=%ld", of.iro);
    if (of.locality) buf_printf(&q, "%slocality=%ld", q.n ? "&" : "", of.locality);
    if (of.item >= 0) {
      buf_puts(&q, q.n ? "&item=" : "item=");
      url_escape(&q, item_name((Item)of.item));
    }
    html_printf(w->out, "<p class=\"govuk-body\" id=\"overdue-shown\">Showing %d to %d of %d overdue %h.</p>\n",
                li.first + 1, li.last, o->nRow, o->nRow == 1 ? "item" : "items");
    listing_table_html(o, &li, "/service#overdue-items", q.z ? q.z : "", w->out);
    listing_pagination_html(&li, o, "/service#overdue-items", q.z ? q.z : "", "Pages of overdue items", w->out);
    buf_free(&q);
  }
  download_links(w, "/service", pt.n);
  page_end(w);
  page_tables_free(&pt);
  free(a);
  iros_free(l);
  childset_free(cs);
}

/* ---- Home --------------------------------------------------------------------- */

static void children_waiting(Web *w) {
  /* What data entry staff come to do: children in care with no IRO yet. */
  ChildSet *cs = childset_load(w->db, NULL);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Children waiting for an IRO</h2>\n<ul class=\"govuk-list\">\n");
  int n = 0;
  for (int i = 0; i < cs->n; i++) {
    const Child *c = &cs->a[i];
    if (!child_in_care(c, w->today, NULL) || child_allocation_on(c, w->today)) continue;
    html_raw(w->out, "<li>");
    child_link(w, c);
    html_raw(w->out, "</li>\n");
    n++;
  }
  html_raw(w->out, "</ul>\n");
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">Every child in care has an IRO.</p>\n");
  childset_free(cs);
}

static void board_summary(Web *w) {
  /* Board members see figures only, never a child's record. */
  ChildSet *cs = childset_load(w->db, NULL);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  int nInCare = 0, nHeld = 0, nOnTime = 0;
  Date from = year_start(w->today);
  for (int i = 0; i < cs->n; i++) {
    const Child *c = &cs->a[i];
    nInCare += child_in_care(c, w->today, NULL);
    for (int k = 0; k < c->nRv; k++) {
      if (c->rv[k].held < from || c->rv[k].held > w->today) continue;
      nHeld++;
      Date due = review_due_for(c, k);
      nOnTime += due != DATE_NONE && c->rv[k].held <= due;
    }
  }
  childset_free(cs);
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Children in care today</dt>"
                      "<dd class=\"govuk-summary-list__value\">%d</dd></div>\n", nInCare);
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Reviews held since %D</dt>"
                      "<dd class=\"govuk-summary-list__value\">%d</dd></div>\n", (int)from, nHeld);
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Of which on time</dt>"
                      "<dd class=\"govuk-summary-list__value\">%d", nOnTime);
  if (nHeld) html_printf(w->out, " (%d%%)", (int)((nOnTime * 1000L / nHeld + 5) / 10));
  html_raw(w->out, "</dd></div>\n</dl>\n");
  html_raw(w->out, "<p class=\"govuk-body\">Every figure of the year, with charts: "
                   "<a class=\"govuk-link\" href=\"/reports/annual\">the IRO annual report</a>.</p>\n");
}

void page_home(Web *w) {
  const User *u = &w->sess.user;
  if ((w->caps & CAP_OWN_CASELOAD) && u->iroId) {
    iro_dashboard(w, u->iroId, 1);
    return;
  }
  if (w->caps & CAP_SERVICE_VIEW) {
    page_service(w);
    return;
  }
  /* A private fostering worker's work is all on their dashboard. */
  if ((w->caps & CAP_PRIVATE_FOSTERING) && !(w->caps & CAP_CHILD_VIEW)) {
    page_pf_dashboard(w);
    return;
  }
  if (w->caps & CAP_LADO) {
    page_lado(w);
    return;
  }
  /* The residential service manager's work is the children's homes. */
  if (w->caps & CAP_HOMES) {
    page_homes(w);
    return;
  }
  page_begin(w, "Home");
  saved_banner(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">Welcome, %h</h1>\n", u->zDisplayName);
  if (w->caps & CAP_CHILD_VIEW) {
    html_raw(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children\">Find a child</a> to record a review, a contact or an IRO allocation.</p>\n");
    children_waiting(w);
  } else if (w->caps & CAP_REPORTS) {
    board_summary(w);
  } else {
    html_raw(w->out, "<p class=\"govuk-body\">The part of Oversight for your role is not available in this version yet. "
                     "Your administrator will tell you when it is.</p>\n");
  }
  page_end(w);
}

/* ---- Finding a child ------------------------------------------------------------ */

enum { CF_NAME, CF_REF, CF_DOB, CF_N };
static const RColumn aCfCol[CF_N] = {
  {"child_name", "Name", RCOL_TEXT, 24},
  {"child_id", "ID", RCOL_TEXT, 10},
  {"date_of_birth", "Date of birth", RCOL_DATE, 13},
};

/* The children found by what was typed (child_matches: any order of
** words, any case or accents, or part of an ID), at most 50, the child
** whose ID it is first; 1 if there were more. Every child is read and
** matched here rather than in SQL: folding accents is not portable SQL,
** and even 100,000 names are read in a few milliseconds. */
static int children_found(Web *w, const char *zQuery, PageTables *p) {
  RTable *t = page_table(p, "Children found", "Children found", "No child matches. Check the spelling, or search by ID.",
                         aCfCol, CF_N);
  if (!zQuery[0]) return 0;
  Buf folded = {0};
  child_fold(zQuery, &folded);
  if (!folded.n) {
    buf_free(&folded);
    return 0;
  }
  Stmt *s = db_query(w->db, "SELECT child_ref, given_name, family_name, dob FROM child"
                            " ORDER BY family_name, given_name, child_ref", "");
  typedef struct Found { char *zRef, *zName; Date dob; } Found;
  Found a[51];
  int n = 0, more = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    const char *zRef = db_col_text(s, 0);
    int m = child_matches(zQuery, folded.z, zRef, db_col_text(s, 1), db_col_text(s, 2));
    if (!m) continue;
    Found f = {xstrdup(zRef), xmprintf("%s %s", db_col_text(s, 1), db_col_text(s, 2)), db_col_date(s, 3)};
    if (m == 2 && n) {
      /* The child whose ID was typed goes first, whatever their name. */
      if (n == 51) {
        free(a[50].zRef);
        free(a[50].zName);
        n = 50;
        more = 1;
      }
      memmove(&a[1], &a[0], sizeof a[0] * (size_t)n);
      a[0] = f;
      n++;
    } else if (n < 51) {
      a[n++] = f;
    } else {
      more = 1;
      free(f.zRef);
      free(f.zName);
    }
  }
  db_finalize(s);
  buf_free(&folded);
  if (rc != DB_DONE) {
    /* Some children unsearched would read as no match: none, and the
    ** failure noted on the connection gives the skeleton's error page. */
    for (int i = 0; i < n; i++) {
      free(a[i].zRef);
      free(a[i].zName);
    }
    return 0;
  }
  if (n == 51) {
    more = 1;
    free(a[50].zRef);
    free(a[50].zName);
    n = 50;
  }
  for (int i = 0; i < n; i++) {
    Buf url = {0};
    buf_puts(&url, "/children/");
    url_escape(&url, a[i].zRef);
    rtable_row(t);
    rtable_link(t, CF_NAME, url.z, a[i].zName);
    rtable_text(t, CF_REF, a[i].zRef);
    rtable_num(t, CF_DOB, a[i].dob);
    page_tables_child(p, a[i].zRef);
    buf_free(&url);
    free(a[i].zRef);
    free(a[i].zName);
  }
  return more;
}

void page_children(Web *w) {
  const char *zQ = http_query(w->req, "q");
  char zQuery[128] = "";
  /* A search longer than the box holds is refused, never cut: a cut name
  ** could find a different child. */
  if (zQ && strlen(zQ) >= sizeof zQuery) {
    errors_add(&w->err, "q", "Child's ID or name must be %d characters or fewer", (int)sizeof zQuery - 1);
    if (w->fmt != FMT_PAGE) {
      w->resp->status = 400;
      w->resp->zType = "text/plain; charset=utf-8";
      buf_printf(w->out, "Child's ID or name must be %d characters or fewer.\n", (int)sizeof zQuery - 1);
      return;
    }
    w->resp->status = 400;
  } else if (zQ) {
    snprintf(zQuery, sizeof zQuery, "%s", zQ);
  }
  PageTables pt = {0};
  int more = children_found(w, zQuery, &pt);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "children");
    page_tables_free(&pt);
    return;
  }
  page_begin(w, "Find a child");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Find a child</h1>\n<form method=\"get\" action=\"/children\" novalidate>\n");
  input_text(w, "q", "Child's ID or name", "For example, 100001, 1002, Siân Jones or Jones, Sian", zQuery, "off");
  button(w, "Search");
  html_raw(w->out, "</form>\n");
  if (w->caps & CAP_CHILD_RECORDS) {
    html_raw(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/new\">Add a child</a></p>\n");
  }
  if (zQuery[0]) {
    reports_table_html(&pt.a[0], w->out, 1);
    if (more) html_raw(w->out, "<p class=\"govuk-body\">Showing the first 50. Add more of the name to narrow the search.</p>\n");
    if (pt.a[0].nRow) download_links(w, "/children", pt.n);
  }
  page_end(w);
  page_tables_free(&pt);
}

/* ---- The child's page -------------------------------------------------------------- */

static void summary_row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", zKey, zValue);
}

static const char *flag_text(int v) { return v < 0 ? "Not recorded" : v ? "Yes" : "No"; }

/* Every view of a child's record is audited before it is shown (SPEC
** §11); a view that cannot be audited is not shown. 1 if written. */
int child_audit_view(Web *w, const char *zRef) {
  char *zRec = xmprintf("child:%s", zRef);
  int ok = audit_view(w, "child.view", zRec);
  free(zRec);
  return ok;
}

enum { EP_FROM, EP_TO, EP_LEGAL, EP_PLACEMENT, EP_PROVIDER, EP_N };
static const RColumn aEpCol[EP_N] = {
  {"from", "From", RCOL_DATE, 13},
  {"to", "To", RCOL_DATE, 13},
  {"legal_status", "Legal status", RCOL_TEXT, 12},
  {"placement", "Placement", RCOL_TEXT, 12},
  {"provider", "Provider", RCOL_TEXT, 24},
};

enum { AL_IRO, AL_FROM, AL_TO, AL_N };
static const RColumn aAlCol[AL_N] = {
  {"iro", "IRO", RCOL_TEXT, 24},
  {"from", "From", RCOL_DATE, 13},
  {"to", "To", RCOL_DATE, 13},
};

enum { CT_ON, CT_KIND, CT_WITH, CT_NOTE, CT_N };
static const RColumn aCtCol[CT_N] = {
  {"date", "Date", RCOL_DATE, 13},
  {"kind", "Kind", RCOL_TEXT, 10},
  {"with", "With", RCOL_TEXT, 14},
  {"note", "Note", RCOL_TEXT, 60},
};

enum { RC_HELD, RC_TEXT, RC_OWNER, RC_DUE, RC_STATUS, RC_N };
static const RColumn aRcCol[RC_N] = {
  {"review_held", "Review", RCOL_DATE, 13},
  {"recommendation", "Recommendation", RCOL_TEXT, 60},
  {"owner", "Who", RCOL_TEXT, 24},
  {"due_date", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};

/* A contact's codes in words. */
static const char *contact_words(const char *z) {
  static const char *const az[] = {"visit", "Visit", "call", "Call", "message", "Message", "letter", "Letter",
                                   "child", "The child", "social-worker", "Social worker", "carer", "Carer",
                                   "other", "Someone else"};
  for (int i = 0; i < COUNT(az); i += 2) {
    if (strcmp(z, az[i]) == 0) return az[i + 1];
  }
  return z;
}

/* An end date that is not there yet reads "Now" on the page; the
** download leaves the cell empty. */
static void end_cell(RTable *t, int col, Date end) {
  rtable_num(t, col, end);
  if (end == DATE_NONE) rtable_html(t, col, "Now");
}

/* The child page's tables: what is due, episodes of care and IRO
** allocations, newest first. */
static void child_tables(Web *w, const Child *c, const IroList *l, PageTables *p) {
  DeadlineList dl = {0};
  deadlines_for_child(c, w->today, 0, &dl);
  Row *a = xmalloc((size_t)(dl.n ? dl.n : 1) * sizeof *a);
  for (int i = 0; i < dl.n; i++) a[i] = (Row){c, dl.a[i]};
  qsort(a, (size_t)dl.n, sizeof *a, row_cmp);
  deadline_table(p, a, dl.n, "What is due", "What is due", "Nothing is open.", 0);
  free(a);
  deadlines_free(&dl);

  /* The recommendations, newest review first, each linked to its page
  ** (the download has the text). */
  RTable *rt = page_table(p, "Recommendations", "Recommendations", "No recommendations recorded.", aRcCol, RC_N);
  RecRecord *aRec;
  int nRec = rec_list_child(w->db, c->id, &aRec);
  for (int i = nRec - 1; i >= 0; i--) {
    char *zOwner = xmprintf("%s%s%s", rec_role_label(aRec[i].zRole), aRec[i].zName[0] ? ": " : "", aRec[i].zName);
    char *zHref = xmprintf("/recommendations/%lld", (long long)aRec[i].id);
    char *zUrl = child_url(c, zHref);
    rtable_row(rt);
    rtable_num(rt, RC_HELD, aRec[i].held);
    rtable_link(rt, RC_TEXT, zUrl, aRec[i].zText);
    rtable_text(rt, RC_OWNER, zOwner);
    rtable_num(rt, RC_DUE, aRec[i].due);
    /* The download keeps the status code; the page says it in words. */
    const char *zStatus = rec_status_on(&aRec[i], w->today);
    rtable_text(rt, RC_STATUS, zStatus);
    if (!strcmp(zStatus, "not-done")) rtable_html(rt, RC_STATUS, "not done");
    free(zOwner);
    free(zHref);
    free(zUrl);
  }
  rec_list_free(aRec, nRec);

  RTable *t = page_table(p, "Episodes of care", "Episodes of care", "No episodes of care recorded.", aEpCol, EP_N);
  t->emptyRow = 1;
  for (int i = c->nEp - 1; i >= 0; i--) {
    const Episode *e = &c->ep[i];
    rtable_row(t);
    rtable_num(t, EP_FROM, e->start);
    end_cell(t, EP_TO, e->end);
    /* The 903 codes in the download, their words on the page. */
    rtable_text(t, EP_LEGAL, e->legalStatus);
    rtable_html_text(t, EP_LEGAL, codelist_words(&codesLegal, e->legalStatus));
    rtable_text(t, EP_PLACEMENT, e->placement);
    rtable_html_text(t, EP_PLACEMENT, codelist_words(&codesPlace, e->placement));
    rtable_text(t, EP_PROVIDER, registration_name(e->registration));
  }
  t = page_table(p, "IRO allocations", "IRO allocations", "No IRO has been allocated.", aAlCol, AL_N);
  t->emptyRow = 1;
  for (int i = c->nAl - 1; i >= 0; i--) {
    const Allocation *x = &c->al[i];
    rtable_row(t);
    rtable_text(t, AL_IRO, iro_name(l, x->iroId) ? iro_name(l, x->iroId) : "?");
    rtable_num(t, AL_FROM, x->start);
    end_cell(t, AL_TO, x->end);
  }
  /* Contacts with their notes, newest first: the note was saved but shown
  ** nowhere until issue 16. */
  t = page_table(p, "IRO contacts", "IRO contacts", "No contacts recorded.", aCtCol, CT_N);
  Stmt *s = db_query(w->db, "SELECT contact_on, kind, with_whom, note FROM contact WHERE child_id = ?"
                            " ORDER BY contact_on DESC, id DESC", "I", c->id);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    rtable_row(t);
    rtable_num(t, CT_ON, db_col_date(s, 0));
    rtable_text(t, CT_KIND, contact_words(db_col_text(s, 1)));
    rtable_text(t, CT_WITH, contact_words(db_col_text(s, 2)));
    rtable_text(t, CT_NOTE, db_col_text(s, 3));
  }
  db_finalize(s);
  if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
  page_tables_child(p, c->zRef);
}

/* The child's tables as a download; the audit entry says so. */
static void child_download(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  IroList *l = iros_load_names(w->db);
  PageTables pt = {0};
  child_tables(w, &cs->a[0], l, &pt);
  char *zStem = xmprintf("child-%s", cs->a[0].zRef);
  page_tables_send(w, &pt, zStem);
  free(zStem);
  page_tables_free(&pt);
  iros_free(l);
  childset_free(cs);
}

void page_child(Web *w) {
  if (w->fmt != FMT_PAGE) {
    child_download(w);
    return;
  }
  char zKey[200], zPage[160];
  /* The buttons shown depend on whether this user may change the child
  ** (an IRO: their own caseload or cover), so that is part of the key. */
  int64_t childId = child_id_for_ref(w->db, w->azArg[0]);
  int mayChange = childId && may_change_child_id(w, childId);
  snprintf(zPage, sizeof zPage, "child/%d/%s", mayChange, w->azArg[0]);
  int cacheable = cache_key(w, zKey, sizeof zKey, zPage);
  const PageEntry *e = cacheable ? pagecache_get(zKey) : NULL;
  if (e) {
    /* Only a child who exists has an entry: audit the view, then show it. */
    if (child_audit_view(w, w->azArg[0])) {
      breadcrumbs(w, "Find a child", "/children", NULL);
      serve_entry(w, e);
    }
    else pagecache_release(e);
    return;
  }
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  if (!child_audit_view(w, c->zRef)) {
    childset_free(cs);
    return;
  }
  IroList *l = iros_load_names(w->db);
  char zTitle[300], z[64];
  snprintf(zTitle, sizeof zTitle, "%s %s", c->zGiven, c->zFamily);
  breadcrumbs(w, "Find a child", "/children", NULL);
  page_begin(w, zTitle);
  size_t bodyStart = w->out->n;
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">Child ID %h</span>\n<h1 class=\"govuk-heading-l\">%h %h</h1>\n",
              c->zRef, c->zGiven, c->zFamily);

  Period p;
  int inCare = child_in_care(c, w->today, &p);
  const Allocation *al = child_allocation_on(c, w->today);
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  snprintf(z, sizeof z, "%s (age %d)", date_long(c->dob, (char[24]){0}), date_age(c->dob, w->today));
  summary_row(w, "Date of birth", z);
  Period last;
  if (inCare) summary_row(w, "In care since", date_long(p.start, (char[24]){0}));
  else if (child_last_period(c, w->today, &last)) summary_row(w, "Left care", date_long(last.end, (char[24]){0}));
  else summary_row(w, "In care", "No episodes of care recorded");
  summary_row(w, "IRO", al ? iro_name(l, al->iroId) : "No IRO allocated");
  if (inCare) summary_row(w, "Next review due", date_long(review_next_due(c, &p, w->today, NULL), (char[24]){0}));
  html_raw(w->out, "</dl>\n<div class=\"govuk-button-group\">\n");
  if ((w->caps & CAP_CHILD_EDIT) && mayChange) {
    html_printf(w->out, "<a href=\"/children/%u/reviews/new\" class=\"govuk-button\" data-module=\"govuk-button\">Record a review</a>\n", c->zRef);
    html_printf(w->out, "<a href=\"/children/%u/contacts/new\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Record a contact</a>\n", c->zRef);
  }
  if ((w->caps & CAP_ESCALATE) && mayChange) {
    html_printf(w->out, "<a href=\"/escalations/new?child=%u\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Raise an escalation</a>\n", c->zRef);
  }
  if (w->caps & CAP_CHILD_EDIT) {
    /* Viewing the unregistered provision page stays open to every IRO;
    ** its forms are shown only to those who may change the child. */
    if (unreg_spells(c, w->today, NULL, 0) > 0) {
      html_printf(w->out, "<a href=\"/children/%u/unregistered\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Unregistered provision</a>\n", c->zRef);
    }
  }
  if (w->caps & CAP_ALLOCATE) {
    html_printf(w->out, "<a href=\"/children/%u/allocation\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">%h</a>\n",
                c->zRef, al ? "Change IRO" : "Allocate an IRO");
  }
  html_raw(w->out, "</div>\n");
  if ((w->caps & CAP_CHILD_EDIT) && !mayChange) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">This child is not on your caseload: you can see their"
                     " record, but not change it. If you are covering for their IRO, ask a QA manager to record"
                     " the cover.</div>\n");
  }

  PageTables pt = {0};
  child_tables(w, c, l, &pt);
  reports_table_html(&pt.a[0], w->out, 1);
  child_records_section(w, c);

  /* Reviews, newest first, with their timeliness and checks. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Reviews</h2>\n");
  if (!c->nRv) html_raw(w->out, "<p class=\"govuk-body\">No reviews recorded.</p>\n");
  for (int i = c->nRv - 1; i >= 0; i--) {
    const Review *r = &c->rv[i];
    Date due = review_due_for(c, i);
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">Review on %D ", (int)r->held);
    if (due != DATE_NONE) status_tag(w, r->held <= due ? ST_DONE : ST_DONE_LATE);
    html_raw(w->out, "</h3>");
    html_printf(w->out, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
                        "<a class=\"govuk-link\" href=\"/children/%u/reviews/%lld/record\">Record<span class=\"govuk-visually-hidden\"> of the review on %D</span></a></li>"
                        "<li class=\"govuk-summary-card__action\">"
                        "<a class=\"govuk-link\" href=\"/children/%u/reviews/%lld/letter\">Letter<span class=\"govuk-visually-hidden\"> to the child about the review on %D</span></a></li>",
                c->zRef, (long long)r->id, (int)r->held, c->zRef, (long long)r->id, (int)r->held);
    if ((w->caps & CAP_CHILD_EDIT) && mayChange) {
      html_printf(w->out, "<li class=\"govuk-summary-card__action\">"
                          "<a class=\"govuk-link\" href=\"/children/%u/reviews/%lld/edit\">Correct<span class=\"govuk-visually-hidden\"> the review on %D</span></a></li>",
                  c->zRef, (long long)r->id, (int)r->held);
    }
    html_raw(w->out, "</ul>");
    html_raw(w->out, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n");
    summary_row(w, "Due", due == DATE_NONE ? "Not worked out" : date_long(due, (char[24]){0}));
    summary_row(w, "Chaired by", iro_name(l, r->iroId) ? iro_name(l, r->iroId) : "Not recorded");
    summary_row(w, "How it was held", r->mode == 'p' ? "In person" : r->mode == 'v' ? "Virtual" : "Not recorded");
    summary_row(w, "Participation", r->participation[0] ? r->participation : "Not recorded");
    summary_row(w, "Advocate took part", flag_text(r->advocate));
    summary_row(w, "Recommendations issued", r->recommendations == DATE_NONE ? "Not yet" : date_long(r->recommendations, (char[24]){0}));
    summary_row(w, "Minutes issued", r->minutes == DATE_NONE ? "Not yet" : date_long(r->minutes, (char[24]){0}));
    summary_row(w, "Permanence plan", flag_text(r->permanence));
    if (r->permanenceType[0]) {
      const char *zType = review_code_label(review_plan_types, r->permanenceType);
      summary_row(w, "Type of plan", *zType ? zType : r->permanenceType);
    }
    char aFind[16][96];
    int nf = review_findings(c, r, aFind, 16);
    Buf f = {0};
    for (int k = 0; k < nf; k++) buf_printf(&f, "%s%s", k ? "; " : "", aFind[k]);
    summary_row(w, "Checks missing", nf ? f.z : "None");
    buf_free(&f);
    html_raw(w->out, "</dl></div></div>\n");
  }
  reports_table_html(&pt.a[1], w->out, 1);

  /* Care history: the episodes table (the same the download sends), then
  ** each episode in words with its actions; then allocation history. */
  reports_table_html(&pt.a[2], w->out, 1);
  placements_section(w, c, mayChange);
  reports_table_html(&pt.a[3], w->out, 1);
  char *zBase = child_url(c, "/download");
  download_links(w, zBase, pt.n);
  free(zBase);
  /* Escalations about this child (SPEC §5), newest first. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Escalations</h2>\n");
  Stmt *sEsc = db_query(w->db,
      "SELECT e.id, e.raised_on, e.category, e.closed_on, e.outcome,"
      " (SELECT max(stage) FROM escalation_stage s WHERE s.escalation_id = e.id)"
      " FROM escalation e JOIN escalation_child ec ON ec.escalation_id = e.id"
      " WHERE ec.child_id = ? ORDER BY e.raised_on DESC, e.id DESC", "I", c->id);
  int nEsc = 0;
  while (db_step(sEsc) == DB_ROW) {
    if (!nEsc++) html_raw(w->out, "<ul class=\"govuk-list\">\n");
    int stage = (int)db_col_int(sEsc, 5);
    char zCategory[64], zOutcome[64];
    escalation_code_words(db_col_text(sEsc, 2), zCategory, sizeof zCategory);
    escalation_code_words(db_col_text(sEsc, 4), zOutcome, sizeof zOutcome);
    /* "Care planning" within a sentence: lower case after "about". */
    if (zCategory[0] >= 'A' && zCategory[0] <= 'Z') zCategory[0] = (char)(zCategory[0] + 32);
    html_printf(w->out, "<li><a class=\"govuk-link\" href=\"/escalations/%lld\">Escalation %lld</a>, raised %D about %h: ",
                (long long)db_col_int(sEsc, 0), (long long)db_col_int(sEsc, 0), (int)db_col_date(sEsc, 1), zCategory);
    if (db_col_is_null(sEsc, 3)) {
      html_printf(w->out, "open at %h</li>\n", escalation_stage_label(stage));
    } else {
      html_printf(w->out, "closed %D (%h)</li>\n", (int)db_col_date(sEsc, 3), zOutcome);
    }
  }
  db_finalize(sEsc);
  if (nEsc) html_raw(w->out, "</ul>\n");
  else html_raw(w->out, "<p class=\"govuk-body\">No escalations have been raised about this child.</p>\n");
  html_raw(w->out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"IRO contacts\" tabindex=\"0\">\n");
  reports_table_html(&pt.a[4], w->out, 1);
  html_raw(w->out, "</div>\n");
  page_tables_free(&pt);
  if (cacheable) cache_keep(w, zKey, zTitle, bodyStart);
  page_end(w);
  iros_free(l);
  childset_free(cs);
}

/* ---- Recording a review --------------------------------------------------------------- */

static const char *const azParticipation[] = {
  "PN0", "PN0: under 4 on the day of the review",
  "PN1", "PN1: attends and speaks for themself",
  "PN2", "PN2: attends, and an advocate speaks for them",
  "PN3", "PN3: attends and gives their views without words",
  "PN4", "PN4: attends but does not give their views",
  "PN5", "PN5: does not attend, and briefs an advocate",
  "PN6", "PN6: does not attend, and gives their views another way",
  "PN7", "PN7: does not attend, and their views are not given",
  NULL,
};

static void review_form(Web *w, const Child *c, const Review *r, const ReviewMeeting *m, int nAtt, int nRows) {
  IroList *l = iros_load_names(w->db);
  char zTitle[300], zSuffix[40];
  snprintf(zTitle, sizeof zTitle, "%s review for %s %s", r->id ? "Correct the" : "Record a", c->zGiven, c->zFamily);
  if (r->id) snprintf(zSuffix, sizeof zSuffix, "/reviews/%lld", (long long)r->id);
  else snprintf(zSuffix, sizeof zSuffix, "/reviews");
  char *zAction = child_url(c, zSuffix), *zBack = child_url(c, "");
  page_begin(w, zTitle);
  back_link(w, zBack, "Back to the child's page");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  form_begin(w, zAction);
  input_date(w, "held", "Date the review was held", "For example, 27 3 2026", r->held);
  input_date(w, "planned", "Date it was first planned for (if it was moved)", "Leave empty if it was held on the planned date", r->planned);
  /* IROs to choose who chaired: value is the IRO id. */
  const char **az = xmalloc((size_t)(l->n * 2 + 3) * sizeof(char *));
  char (*aId)[24] = xmalloc((size_t)(l->n + 1) * sizeof *aId);
  int k = 0;
  az[k++] = "";
  az[k++] = "Not recorded";
  char zCur[24] = "";
  if (r->iroId) snprintf(zCur, sizeof zCur, "%lld", (long long)r->iroId);
  for (int i = 0; i < l->n; i++) {
    if (!l->a[i].active && l->a[i].id != r->iroId) continue;
    snprintf(aId[i], sizeof aId[i], "%lld", (long long)l->a[i].id);
    az[k++] = aId[i];
    az[k++] = l->a[i].zName;
  }
  az[k] = NULL;
  input_select(w, "iro", "IRO who chaired the review", NULL, az, zCur);
  free(az);
  free(aId);
  static const char *const azMode[] = {"in-person", "In person", "virtual", "Virtual", NULL};
  input_radios(w, "mode", "How was the review held?", NULL, azMode,
               r->mode == 'p' ? "in-person" : r->mode == 'v' ? "virtual" : NULL, 1);
  input_radios(w, "participation", "How did the child take part?",
               "PN0 is only for a child under 4 on the day of the review.", azParticipation, r->participation, 0);
  review_meeting_fields(w, c, r, m, nAtt);
  input_yesno(w, "advocate", "Did an advocate take part?", NULL, r->advocate);
  input_yesno(w, "saw_child", "Did the IRO see or speak to the child before the review?", NULL, r->sawChild);
  input_date(w, "recommendations", "Date the recommendations were issued",
             "Due within 5 working days of the review. Leave empty if not issued yet.", r->recommendations);
  input_date(w, "minutes", "Date the full minutes were issued",
             "Due within 20 working days of the review. Leave empty if not issued yet.", r->minutes);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">What the review checked</h2>\n");
  input_yesno(w, "permanence", "Is a permanence plan in place?", "Required by the second review.", r->permanence);
  review_plan_fields(w, r, m);
  int age = date_age(c->dob, w->today);
  const CoreRules *R = core_rules();
  if (age >= R->advocacyAge->amount) {
    input_yesno(w, "advocacy", "Were advocacy and an independent visitor discussed?", "For children aged 8 or over.", r->advocacy);
    input_yesno(w, "independent_visitor", "Was an independent visitor offered?", NULL, r->independentVisitor);
  }
  if (age >= R->independenceAge->amount - 1) {
    input_yesno(w, "independence", "Were independence skills discussed?", "For young people aged 14 or over.", r->independence);
  }
  if (age >= R->pathwayAge->amount - 1) {
    input_yesno(w, "pathway", "Is there a pathway plan?", "For young people aged 16 or over.", r->pathway);
    input_yesno(w, "adviser", "Is there a personal adviser?", NULL, r->adviser);
  }
  if (age >= R->documentsAge->amount - 1) {
    html_raw(w->out, "<p class=\"govuk-body\">By 17, each of these should be in place:</p>\n");
    input_yesno(w, "ni_number", "National insurance number", NULL, r->niNumber);
    input_yesno(w, "passport", "Passport", NULL, r->passport);
    input_yesno(w, "bank_account", "Bank account", NULL, r->bankAccount);
    input_yesno(w, "birth_certificate", "Copy of birth certificate", NULL, r->birthCertificate);
  }
  review_rec_fields(w, c, r, nRows);
  button(w, "Save review");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  iros_free(l);
  free(zAction);
  free(zBack);
}

static const Review *find_review(const Child *c, const char *zId) {
  long id;
  if (!zId || parse_int(zId, 1, 2000000000L, &id) != 0) return NULL;
  for (int i = 0; i < c->nRv; i++) {
    if (c->rv[i].id == id) return &c->rv[i];
  }
  return NULL;
}

static void review_blank(Review *r) {
  memset(r, 0, sizeof *r);
  r->held = r->due = r->planned = r->recommendations = r->minutes = DATE_NONE;
  signed char *ap[] = {&r->childChaired, &r->advocate, &r->sawChild, &r->permanence, &r->independence,
                       &r->pathway, &r->adviser, &r->niNumber, &r->passport, &r->bankAccount,
                       &r->birthCertificate, &r->advocacy, &r->independentVisitor};
  for (int i = 0; i < COUNT(ap); i++) *ap[i] = -1;
}

/* The child named by the path if this user may change their record;
** else NULL with the 404 or 403 page written. */
static ChildSet *path_child_to_change(Web *w) {
  ChildSet *cs = path_child(w);
  if (cs && !may_change_child(w, &cs->a[0])) {
    childset_free(cs);
    forbidden_child(w);
    return NULL;
  }
  return cs;
}

void page_review_form(Web *w) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  Review r;
  ReviewMeeting m;
  if (w->nArg > 1) {
    const Review *old = find_review(c, w->azArg[1]);
    if (!old) {
      childset_free(cs);
      not_found(w);
      return;
    }
    r = *old;
    if (review_meeting_load(w->db, r.id, &m) != 0) {
      w->resp->status = 500;
      w->resp->zType = "text/plain; charset=utf-8";
      buf_puts(w->out, "The review could not be read, so it is not shown. Try again.\n");
      childset_free(cs);
      return;
    }
  } else {
    review_blank(&r);
    review_meeting_init(&m);
    const Allocation *al = child_allocation_on(c, w->today);
    if (al) r.iroId = al->iroId;
  }
  review_form(w, c, &r, &m, review_att_rows(w, &m), review_rec_rows(w));
  review_meeting_free(&m);
  childset_free(cs);
}

void page_review_save(Web *w) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  Review r;
  review_blank(&r);
  if (w->nArg > 1) {
    const Review *old = find_review(c, w->azArg[1]);
    if (!old) {
      childset_free(cs);
      not_found(w);
      return;
    }
    r.id = old->id;
  }
  r.held = form_date(w, "held", "the date the review was held", 1);
  r.planned = form_date(w, "planned", "the date it was first planned for", 0);
  r.recommendations = form_date(w, "recommendations", "the date the recommendations were issued", 0);
  r.minutes = form_date(w, "minutes", "the date the minutes were issued", 0);
  const char *zIro = form_text(w, "iro");
  long iro = 0;
  if (*zIro && parse_int(zIro, 1, 2000000000L, &iro) != 0) errors_add(&w->err, "iro", "Select the IRO who chaired the review");
  r.iroId = iro;
  const char *zMode = form_text(w, "mode");
  r.mode = strcmp(zMode, "in-person") == 0 ? 'p' : strcmp(zMode, "virtual") == 0 ? 'v' : 0;
  snprintf(r.participation, sizeof r.participation, "%.3s", form_text(w, "participation"));
  if (strlen(form_text(w, "participation")) > 3) r.participation[0] = 'X';
  r.childChaired = (signed char)form_yesno(w, "child_chaired");
  r.advocate = (signed char)form_yesno(w, "advocate");
  r.sawChild = (signed char)form_yesno(w, "saw_child");
  r.permanence = (signed char)form_yesno(w, "permanence");
  /* A code fits the field; anything longer is no code and is refused as
  ** such ("X"), never cut down to something that looks like one. */
  const char *zType = form_text(w, "permanence_type");
  snprintf(r.permanenceType, sizeof r.permanenceType, "%s", strlen(zType) < sizeof r.permanenceType ? zType : "X");
  r.independence = (signed char)form_yesno(w, "independence");
  r.pathway = (signed char)form_yesno(w, "pathway");
  r.adviser = (signed char)form_yesno(w, "adviser");
  r.niNumber = (signed char)form_yesno(w, "ni_number");
  r.passport = (signed char)form_yesno(w, "passport");
  r.bankAccount = (signed char)form_yesno(w, "bank_account");
  r.birthCertificate = (signed char)form_yesno(w, "birth_certificate");
  r.advocacy = (signed char)form_yesno(w, "advocacy");
  r.independentVisitor = (signed char)form_yesno(w, "independent_visitor");
  int nRows = review_rec_rows(w);
  ReviewMeeting m;
  review_meeting_init(&m);
  review_meeting_read(w, &m, REVIEW_MAX_ATTENDEES);
  int nAtt = review_att_rows(w, &m);
  if (strcmp(form_text(w, "action"), "add-row") == 0 || strcmp(form_text(w, "action"), "add-attendee") == 0) {
    /* Only a row more: the form again as typed, nothing checked or saved. */
    memset(&w->err, 0, sizeof w->err);
    review_form(w, c, &r, &m, nAtt, nRows);
    review_meeting_free(&m);
    childset_free(cs);
    return;
  }
  review_rec_check(w, c, &r, nRows);
  {
    Errors more = {0};
    review_meeting_validate(&r, &m, &more);
    errors_merge(&w->err, &more);
  }
  /* Date fields already checked get their own message; the review's own
  ** rules (PN0 and age, dates after the review) come from review_save. The
  ** review and its recommendations are saved together or not at all. */
  int saved = 0;
  if (!w->err.n) {
    db_begin(w->db);
    saved = review_save(w->db, c, &r, w->today, w->sess.user.zUsername, &w->err) == 0 &&
            review_meeting_save(w->db, c, &r, &m, w->sess.user.zUsername, &w->err) == 0 &&
            review_rec_save(w, c, &r, nRows) == 0;
    if (saved) saved = db_commit(w->db) == DB_OK;
    else db_rollback(w->db);
    if (!saved && w->nArg <= 1) r.id = 0;   /* rolled back: still a new review */
    if (!saved && !w->err.n) errors_add(&w->err, "held", "Could not save the review: %s", db_errmsg(w->db));
  }
  if (saved) {
    redirect_to_child(w, c, "review");
  } else {
    Errors more = {0};
    review_validate(c, &r, w->today, &more);
    errors_merge(&w->err, &more);
    review_form(w, c, &r, &m, nAtt, nRows);
  }
  review_meeting_free(&m);
  childset_free(cs);
}

/* ---- Recording a contact ------------------------------------------------------------------ */

static void contact_form(Web *w, const Child *c, Date on) {
  char zTitle[300];
  snprintf(zTitle, sizeof zTitle, "Record a contact with %s %s", c->zGiven, c->zFamily);
  char *zAction = child_url(c, "/contacts"), *zBack = child_url(c, "");
  page_begin(w, zTitle);
  back_link(w, zBack, "Back to the child's page");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n<p class=\"govuk-body\">Record contact between reviews: "
                      "the service expects one at the midpoint and one before each review.</p>\n", zTitle);
  form_begin(w, zAction);
  input_date(w, "contact_on", "Date of the contact", "For example, 27 3 2026", on);
  static const char *const azKind[] = {"visit", "Visit", "call", "Phone or video call", "message", "Message", "letter", "Letter or card", NULL};
  static const char *const azWith[] = {"child", "The child", "social-worker", "Their social worker", "carer", "Their carer", "other", "Someone else", NULL};
  input_radios(w, "kind", "What kind of contact?", NULL, azKind, form_text(w, "kind"), 0);
  input_radios(w, "with", "Who was it with?", NULL, azWith, form_text(w, "with"), 0);
  input_textarea(w, "note", "Note (optional)", "Do not record anything here that belongs in the child's case record.", form_text(w, "note"));
  button(w, "Save contact");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(zAction);
  free(zBack);
}

void page_contact_form(Web *w) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  contact_form(w, &cs->a[0], w->today);
  childset_free(cs);
}

void page_contact_save(Web *w) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  Date on = form_date(w, "contact_on", "the date of the contact", 1);
  const Allocation *al = child_allocation_on(c, w->today);
  /* Show every problem at once, not the date first and the rest later. */
  Errors more = {0};
  contact_validate(on, form_text(w, "kind"), form_text(w, "with"), w->today, &more);
  errors_merge(&w->err, &more);
  if (!w->err.n) {
    contact_add(w->db, c->id, al ? al->iroId : 0, on, form_text(w, "kind"), form_text(w, "with"),
                form_text(w, "note"), w->today, w->sess.user.zUsername, &w->err);
  }
  if (!w->err.n) {
    redirect_to_child(w, c, "contact");
  } else {
    contact_form(w, c, on);
  }
  childset_free(cs);
}

/* ---- Allocating an IRO --------------------------------------------------------------------- */

static void allocation_form(Web *w, const Child *c) {
  IroList *l = iros_load(w->db, w->today);
  const Allocation *al = child_allocation_on(c, w->today);
  char zWhy[300], zTitle[300];
  int64_t suggested = iro_suggest(w->db, c, w->today, zWhy, sizeof zWhy);
  snprintf(zTitle, sizeof zTitle, "%s for %s %s", al ? "Change the IRO" : "Allocate an IRO", c->zGiven, c->zFamily);
  char *zAction = child_url(c, "/allocation"), *zBack = child_url(c, "");
  page_begin(w, zTitle);
  back_link(w, zBack, "Back to the child's page");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  if (al) html_printf(w->out, "<p class=\"govuk-body\">Their IRO now is %h, since %D.</p>\n", iro_name(l, al->iroId), (int)al->start);
  if (suggested) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">Suggested: <strong>%h</strong>. %h.</div>\n",
                iro_name(l, suggested), zWhy);
  }
  form_begin(w, zAction);
  const char **az = xmalloc((size_t)(l->n * 2 + 1) * sizeof(char *));
  char (*aId)[24] = xmalloc((size_t)(l->n + 1) * sizeof *aId);
  char (*aLabel)[160] = xmalloc((size_t)(l->n + 1) * sizeof *aLabel);
  int k = 0;
  for (int i = 0; i < l->n; i++) {
    const Iro *r = &l->a[i];
    if (!r->active) continue;
    snprintf(aId[i], sizeof aId[i], "%lld", (long long)r->id);
    snprintf(aLabel[i], sizeof aLabel[i], "%s (%d children, capacity %d)", r->zName, r->caseload, iro_capacity(r));
    az[k++] = aId[i];
    az[k++] = aLabel[i];
  }
  az[k] = NULL;
  const char *zChosen = form_text(w, "iro");
  char zSuggested[24];
  snprintf(zSuggested, sizeof zSuggested, "%lld", (long long)suggested);
  input_radios(w, "iro", "Which IRO?", NULL, az, *zChosen ? zChosen : zSuggested, 0);
  Date on = form_date(w, "start", "the date", 0);
  input_date(w, "start", "From which date?", "The IRO takes the child on from this day.", on == DATE_NONE ? w->today : on);
  input_textarea(w, "reason", al ? "Reason for the change" : "Reason (optional)",
                 al ? "Changes of IRO are reported, so say why, for example: IRO left the service." : NULL,
                 form_text(w, "reason"));
  button(w, "Save");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(az);
  free(aId);
  free(aLabel);
  free(zAction);
  free(zBack);
  iros_free(l);
}

void page_allocation_form(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  allocation_form(w, &cs->a[0]);
  childset_free(cs);
}

void page_allocation_save(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  Date on = form_date(w, "start", "the date the IRO takes the child on", 1);
  long iro = 0;
  if (parse_int(form_text(w, "iro"), 1, 2000000000L, &iro) != 0) errors_add(&w->err, "iro", "Select an IRO");
  if (!w->err.n) {
    iro_allocate(w->db, c->id, iro, on, form_text(w, "reason"), w->sess.user.zUsername, &w->err);
    /* The domain names the date field start_date; the form calls it start. */
    for (int i = 0; i < w->err.n; i++) {
      if (strcmp(w->err.a[i].zField, "start_date") == 0) snprintf(w->err.a[i].zField, sizeof w->err.a[i].zField, "start");
    }
  }
  if (!w->err.n) {
    redirect_to_child(w, c, "allocation");
  } else {
    allocation_form(w, c);
  }
  childset_free(cs);
}
