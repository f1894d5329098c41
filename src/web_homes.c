/*
** web_homes.c: the children's homes pages (SPEC §8) for the residential
** service manager and the QA manager:
**
**   GET  /homes                      every home's status, what is due and overdue
**   GET  /homes/new, POST /homes     add a home; GET /homes/{id}/edit, POST /homes/{id}
**   GET  /homes/{id}                 one home: what is due, inspections, Regulation 44
**                                    visits, audits, notifications, with their forms
**   GET  /homes/{id}/inspections/new, POST /homes/{id}/inspections
**   GET  /homes/{id}/inspections/{i} requirements, the action plan, monitoring reviews
**   GET  /homes/{id}/reg44/{v}       one visit: report, sending, action plan
**   GET  /homes/qpag/actions         the QPAG action tracker and thematic reviews
**   GET  /homes/qpag[.csv|.xlsx]?month=YYYY-MM   the monthly QPAG report
**
** Every view of a home's records is written to the audit log under
** "home:<id>" before it is shown. A form sent back with errors shows the
** page the user has just viewed (and that view was audited), so it is not
** audited again: a POST with mistakes changes nothing at all.
*/
#include "web.h"
#include "audit.h"
#include "chart.h"
#include "homes.h"
#include "homes_monitoring.h"
#include "homes_evidence.h"
#include "reports.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ------------------------------------------------------------ */

static void back_link(Web *w, const char *zHref, const char *zText) {
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">%h</a>\n", zHref, zText);
}

static void row_begin(Web *w, const char *zKey) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">", zKey);
}
static void row_end(Web *w) { html_raw(w->out, "</dd></div>\n"); }
static void row_text(Web *w, const char *zKey, const char *zValue) {
  row_begin(w, zKey);
  html_printf(w->out, "%h", zValue);
  row_end(w);
}
static void row_date(Web *w, const char *zKey, Date d, const char *zNone) {
  row_begin(w, zKey);
  if (d == DATE_NONE) html_printf(w->out, "%h", zNone);
  else html_printf(w->out, "%D", (int)d);
  row_end(w);
}

/* Each table scrolls in its own region on a narrow screen (see
** reports_table_html()). */
static void table_begin(Web *w, const char *zCaption, const char *const *azHead) {
  html_printf(w->out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">\n", zCaption);
  html_printf(w->out, "<table class=\"govuk-table app-table--compact\">\n<caption class=\"govuk-table__caption "
                      "govuk-table__caption--m\">%h</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
              zCaption);
  for (int i = 0; azHead[i]; i++) html_printf(w->out, "<th scope=\"col\" class=\"govuk-table__header\">%h</th>", azHead[i]);
  html_raw(w->out, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
}
static void table_end(Web *w) { html_raw(w->out, "</tbody>\n</table>\n</div>\n"); }
static void td(Web *w) { html_raw(w->out, "<td class=\"govuk-table__cell\">"); }
static void td_text(Web *w, const char *z) { html_printf(w->out, "<td class=\"govuk-table__cell\">%h</td>", z ? z : ""); }
static void td_date(Web *w, Date d) {
  if (d == DATE_NONE) html_raw(w->out, "<td class=\"govuk-table__cell\"></td>");
  else html_printf(w->out, "<td class=\"govuk-table__cell\">%D</td>", (int)d);
}

static void empty(Web *w, const char *zText) { html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", zText); }

static const char zRecordsGone[] = "The audit log cannot be written, so the home's records are not shown.";

void home_unavailable(Web *w, const char *zWhy) {
  w->resp->status = 503;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_printf(w->out, "%s\n", zWhy);
}

int64_t home_path_id(Web *w, int i) {
  long id;
  return i < w->nArg && parse_int(w->azArg[i], 1, 2000000000L, &id) == 0 ? id : 0;
}

int home_path_load(Web *w, HomeRecords *h) {
  int64_t id = home_path_id(w, 0);
  if (!id || !home_load(w->db, id, h)) {
    not_found(w);
    return 0;
  }
  return 1;
}

void home_page_head(Web *w, const char *zHome, const char *zTitle, const char *zBack, const char *zBackText) {
  page_begin(w, zTitle);
  if (zBack) html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">%h</a>\n", zBack, zBackText);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n", zHome,
              zTitle);
}

void home_page_foot(Web *w) {
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

static const HomeInspection *find_inspection(const HomeRecords *h, int64_t id) {
  for (int i = 0; i < h->nInsp; i++) {
    if (h->aInsp[i].id == id) return &h->aInsp[i];
  }
  return NULL;
}

void home_redirect_saved(Web *w, const char *zPath, const char *zSaved) {
  char *z = xmprintf("%s?saved=%s", zPath, zSaved);
  redirect(w, z);
  free(z);
}

static const char *const azJudgeChoice[] = {
  "", "No judgement made", "outstanding", "Outstanding", "good", "Good",
  "requires-improvement", "Requires improvement to be good", "inadequate", "Inadequate", NULL};

/* What is due, as a table: with the home first on the dashboard. The
** due date of a notification is to the minute ("YYYY-MM-DD HH:MM"), so
** the column is ISO text, which sorts as dates do. */
enum { IT_HOME, IT_KIND, IT_WHAT, IT_DUE, IT_STATUS, IT_N };
static const RColumn aItCol[IT_N] = {
  {"home", "Home", RCOL_TEXT, 28},
  {"what_is_due", "What is due", RCOL_TEXT, 32},
  {"which", "Which", RCOL_TEXT, 32},
  {"due", "Due", RCOL_TEXT, 17},
  {"status", "Status", RCOL_TEXT, 12},
};

static RTable *items_table(PageTables *p, const char *zSheet, const char *zTitle, const char *zEmpty, int withHome) {
  RTable *t = withHome ? page_table(p, zSheet, zTitle, zEmpty, aItCol, IT_N)
                       : page_table(p, zSheet, zTitle, zEmpty, aItCol + 1, IT_N - 1);
  t->emptyRow = 1;
  return t;
}

/* A time to the minute: ISO text in the download, words on the page. */
static void minute_cell(RTable *t, int col, Minute m) {
  char z[17], zWords[64];
  rtable_text(t, col, minute_iso(m, z));
  web_local_minute_words(z, zWords, sizeof zWords);
  rtable_html_text(t, col, zWords);
}

static void item_rows(RTable *t, const HomeItemList *l, const char *zHome, int64_t homeId) {
  int o = zHome ? 0 : 1;
  for (int i = 0; i < l->n; i++) {
    const HomeItem *it = &l->a[i];
    rtable_row(t);
    if (zHome) {
      char *zUrl = xmprintf("/homes/%lld", (long long)homeId);
      rtable_link(t, IT_HOME, zUrl, zHome);
      free(zUrl);
    }
    rtable_text(t, IT_KIND - o, home_item_label(it->kind));
    rtable_text(t, IT_WHAT - o, it->zWhat);
    char z[17];
    if (it->dueAt != MINUTE_NONE) {
      minute_cell(t, IT_DUE - o, it->dueAt);
    } else if (it->due != DATE_NONE) {
      rtable_text(t, IT_DUE - o, date_iso(it->due, z));
      Buf b = {0};
      html_printf(&b, "%D", (int)it->due);
      rtable_html(t, IT_DUE - o, b.z);
      buf_free(&b);
    } else {
      rtable_text(t, IT_DUE - o, "");
    }
    cell_status(t, IT_STATUS - o, it->status);
  }
}

/* What a web page shows in a cell instead of its value: our own markup,
** anything typed escaped (html_printf). */
static void cell_htmlf(RTable *t, int col, const char *zFmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, zFmt);
  html_vprintf(&b, zFmt, ap);
  va_end(ap);
  rtable_html(t, col, b.z ? b.z : "");
  buf_free(&b);
}

/* ---- The dashboard ---------------------------------------------------------------- */

enum { HD_HOME, HD_OVERALL, HD_REQ_OPEN, HD_MON_DUE, HD_NEXT_VISIT, HD_OPEN, HD_OVERDUE, HD_NEXT_DUE, HD_N };
static const RColumn aHdCol[HD_N] = {
  {"home", "Home", RCOL_TEXT, 28},
  {"latest_overall_judgement", "Latest overall judgement", RCOL_TEXT, 24},
  {"requirements_not_met", "Requirements not met", RCOL_INT, 12},
  {"next_qa_monitoring", "Next QA monitoring", RCOL_DATE, 13},
  {"next_reg44_visit", "Next Regulation 44 visit", RCOL_DATE, 13},
  {"items_open", "Items open", RCOL_INT, 10},
  {"items_overdue", "Items overdue", RCOL_INT, 10},
  {"next_due", "Next due", RCOL_DATE, 13},
};

/* The dashboard's two tables, from the homes' table t (one row per home,
** in aId's order): 0, or -1 if a home could not be read (noted on the
** connection). */
static int homes_tables(Web *w, const RTable *t, const int64_t *aId, int n, PageTables *pt) {
  RTable *d = page_table(pt, "Every home", "Every home", NULL, aHdCol, HD_N);
  for (int i = 0; i < t->nRow; i++) {
    const char *zName = rtable_cell(t, i, HM_NAME)->z;
    rtable_row(d);
    rtable_text(d, HD_HOME, zName);
    cell_htmlf(d, HD_HOME, "<a class=\"govuk-link\" href=\"/homes/%lld\">%h</a><br><span class=\"govuk-hint\">URN %h; "
                           "manager: %h</span>", (long long)aId[i], zName, rtable_cell(t, i, HM_URN)->z,
               rtable_cell(t, i, HM_MANAGER)->z);
    rtable_text(d, HD_OVERALL, rtable_cell(t, i, HM_OVERALL)->z);
    rtable_num(d, HD_REQ_OPEN, rtable_cell(t, i, HM_REQ_OPEN)->v);
    rtable_num(d, HD_MON_DUE, rtable_cell(t, i, HM_MON_DUE)->v);
    rtable_num(d, HD_NEXT_VISIT, rtable_cell(t, i, HM_NEXT_VISIT)->v);
    rtable_num(d, HD_OPEN, rtable_cell(t, i, HM_OPEN)->v);
    int o = (int)rtable_cell(t, i, HM_OVERDUE)->v;
    rtable_num(d, HD_OVERDUE, o);
    if (o) cell_htmlf(d, HD_OVERDUE, "<strong class=\"govuk-tag govuk-tag--red\">%d overdue</strong>", o);
    int64_t next = rtable_cell(t, i, HM_NEXT_DUE)->v;
    rtable_num(d, HD_NEXT_DUE, next);
    if (next != DATE_NONE) {
      cell_htmlf(d, HD_NEXT_DUE, "%D<br><span class=\"govuk-hint\">%h</span>", (int)next, rtable_cell(t, i, HM_NEXT_WHAT)->z);
    }
  }

  RTable *it = items_table(pt, "Due and overdue", "What is due and overdue in every home",
                           "Nothing is overdue, due today or due soon in any home.", 1);
  /* Each home read once; a home that cannot be read fails the page (its
  ** items missing would look like nothing due). */
  HomeItemList *aDue = xcalloc((size_t)(n ? n : 1), sizeof *aDue);
  char **azName = xcalloc((size_t)(n ? n : 1), sizeof *azName);
  int nRead = 0;
  for (; nRead < n; nRead++) {
    HomeRecords h;
    if (!home_load(w->db, aId[nRead], &h)) break;
    home_due(&h, w->today, 0, &aDue[nRead]);
    azName[nRead] = xstrdup(h.home.zName);
    home_clear(&h);
  }
  int ok = nRead == n;
  /* Overdue first, then due today, then due soon; the rest are on each home's page. */
  for (int pass = 0; ok && pass < 3; pass++) {
    Status want = pass == 0 ? ST_OVERDUE : pass == 1 ? ST_DUE_TODAY : ST_DUE_SOON;
    for (int i = 0; i < n; i++) {
      HomeItemList sel = {0};
      for (int k = 0; k < aDue[i].n; k++) {
        if (aDue[i].a[k].status != want) continue;
        if (sel.n == sel.cap) sel.a = xrealloc(sel.a, (size_t)(sel.cap = sel.cap ? sel.cap * 2 : 8) * sizeof *sel.a);
        sel.a[sel.n++] = aDue[i].a[k];
      }
      item_rows(it, &sel, azName[i], aId[i]);
      free(sel.a);   /* its items are aDue[i]'s, freed with it */
    }
  }
  for (int i = 0; i < nRead; i++) {
    home_items_free(&aDue[i]);
    free(azName[i]);
  }
  free(aDue);
  free(azName);
  return ok ? 0 : -1;
}

/* GET /homes (and the residential manager's "/"), and its downloads
** /homes.csv and /homes.xlsx: the same tables, the same audit. */
void page_homes(Web *w) {
  int64_t *aId;
  int n = home_ids(w->db, &aId);
  if (n < 0) return;   /* noted on the connection: the skeleton's error page */
  /* The dashboard shows each home's items: a view of each home's records,
  ** written before the page or its download is sent. */
  int rc = DB_OK;
  db_begin(w->db);
  for (int i = 0; i < n && rc == DB_OK; i++) rc = home_audit_view(w->db, aId[i], w->sess.user.zUsername);
  if (rc == DB_OK) rc = db_commit(w->db);
  else db_rollback(w->db);
  if (rc != DB_OK) {
    free(aId);
    home_unavailable(w, zRecordsGone);
    return;
  }
  RTable t;
  if (homes_dashboard_table(w->db, w->today, &t) != DB_OK) {
    rtable_clear(&t);
    free(aId);
    return;   /* noted on the connection: the skeleton's error page */
  }
  PageTables pt = {0};
  if (homes_tables(w, &t, aId, n, &pt) != 0) {
    page_tables_free(&pt);
    rtable_clear(&t);
    free(aId);
    return;   /* noted on the connection: the skeleton's error page */
  }
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "homes");
    page_tables_free(&pt);
    rtable_clear(&t);
    free(aId);
    return;
  }
  int nOver = 0, nOpen = 0;
  for (int i = 0; i < t.nRow; i++) {
    nOver += (int)rtable_cell(&t, i, HM_OVERDUE)->v;
    nOpen += (int)rtable_cell(&t, i, HM_OPEN)->v;
  }
  page_begin(w, "Homes dashboard");
  saved_banner(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Homes dashboard</h1>\n");
  if (!n) {
    html_raw(w->out, "<p class=\"govuk-body\">No children's homes are recorded yet. "
                     "<a class=\"govuk-link\" href=\"/homes/new\">Add a home</a> to start tracking its inspections, "
                     "Regulation 44 visits and audits.</p>\n");
  } else if (nOver) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%d item%h overdue across the homes. Start with the overdue "
                        "items below: open a home to record what has been done.</div>\n", nOver, nOver == 1 ? " is" : "s are");
  } else {
    html_printf(w->out, "<div class=\"govuk-inset-text\">Nothing is overdue. %d item%h open.</div>\n", nOpen,
                nOpen == 1 ? " is" : "s are");
  }
  html_raw(w->out, "<ul class=\"govuk-list\">\n<li><a class=\"govuk-link\" href=\"/homes/qpag\">Monthly QPAG report</a></li>\n"
                   "<li><a class=\"govuk-link\" href=\"/homes/qpag/actions\">QPAG action tracker and thematic reviews</a></li>\n"
                   "<li><a class=\"govuk-link\" href=\"/homes/new\">Add a home</a></li>\n</ul>\n");
  if (n) {
    reports_table_html(&pt.a[0], w->out, 1);
    int aiSeries[] = {HM_OVERDUE, HM_OPEN};
    chart_svg(w->out, &t, CHART_HBAR, 0, aiSeries, 2, "Items overdue and open, by home");
    reports_table_html(&pt.a[1], w->out, 1);
    /* The residential manager's "/" is this page: the links name /homes. */
    download_links(w, "/homes", pt.n);
  }
  page_tables_free(&pt);
  rtable_clear(&t);
  free(aId);
  page_end(w);
}

/* ---- Adding and changing a home ------------------------------------------------------ */

static void home_form(Web *w, const Home *h) {
  const char *zTitle = h ? "Change the home's details" : "Add a home";
  page_begin(w, zTitle);
  char zBack[40];
  if (h) snprintf(zBack, sizeof zBack, "/homes/%lld", (long long)h->id);
  back_link(w, h ? zBack : "/homes", h ? "Back to the home" : "Back to the homes");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  char zAction[40];
  snprintf(zAction, sizeof zAction, h ? "/homes/%lld" : "/homes", h ? (long long)h->id : 0LL);
  form_begin(w, zAction);
  int posted = http_form(w->req, "name") != NULL;
  char zPlaces[8] = "", zFrom[8] = "", zTo[8] = "";
  if (h) {
    snprintf(zPlaces, sizeof zPlaces, "%d", h->places);
    snprintf(zFrom, sizeof zFrom, "%d", h->ageFrom);
    snprintf(zTo, sizeof zTo, "%d", h->ageTo);
  }
#define VAL(field, dflt) (posted ? form_text(w, field) : (dflt))
  input_text(w, "name", "Name of the home", NULL, VAL("name", h ? h->zName : ""), "off");
  input_text(w, "urn", "Ofsted unique reference number (URN)", "For example, SC123456", VAL("urn", h ? h->zUrn : ""), "off");
  input_text(w, "manager", "Registered manager", "Leave empty while the post is vacant",
             VAL("manager", h && h->zManager ? h->zManager : ""), "off");
  /* Once posted, the date boxes show what was typed (input_date reads it). */
  Date vac = posted || !h ? DATE_NONE : h->vacantSince;
  input_date(w, "vacant_since", "Vacant since", "Only when there is no registered manager. For example, 27 3 2026", vac);
  input_text(w, "ri", "Responsible individual", NULL, VAL("ri", h ? h->zRi : ""), "off");
  input_text(w, "places", "Number of places", NULL, VAL("places", zPlaces), "off");
  input_text(w, "age_from", "Youngest age the home is registered for", NULL, VAL("age_from", zFrom), "off");
  input_text(w, "age_to", "Oldest age the home is registered for", NULL, VAL("age_to", zTo), "off");
  Date reg = posted || !h ? DATE_NONE : h->registered;
  input_date(w, "registered_on", "Registered with Ofsted on", "The first monthly visit and audits count from this date", reg);
  input_textarea(w, "purpose", "Statement of purpose", "A short summary of who the home cares for",
                 VAL("purpose", h ? h->zPurpose : ""));
#undef VAL
  button(w, h ? "Save changes" : "Add home");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_home_new(Web *w) { home_form(w, NULL); }

void page_home_edit(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  home_form(w, &h.home);
  home_clear(&h);
}

static void home_post(Web *w, int64_t id, const Home *old) {
  Errors dateErr = {0};
  HomeInput in = {
    .zName = form_text(w, "name"), .zUrn = form_text(w, "urn"), .zManager = form_text(w, "manager"),
    .zRi = form_text(w, "ri"), .zPurpose = form_text(w, "purpose"), .zPlaces = form_text(w, "places"),
    .zAgeFrom = form_text(w, "age_from"), .zAgeTo = form_text(w, "age_to"),
    .vacantSince = form_date_aside(w, "vacant_since", "the date the post became vacant", 0, &dateErr),
    .registered = form_date_aside(w, "registered_on", "the date the home was registered", 0, &dateErr),
  };
  int64_t newId = home_save(w->db, id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  if (newId && !w->err.n) {
    char z[40];
    snprintf(z, sizeof z, "/homes/%lld", (long long)newId);
    home_redirect_saved(w, z, "home");
  } else {
    home_form(w, old);
  }
}

void page_home_create(Web *w) { home_post(w, 0, NULL); }

void page_home_save(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  home_post(w, h.home.id, &h.home);
  home_clear(&h);
}

/* ---- One home ----------------------------------------------------------------------------- */

static const char *finding_label(const char *z) {
  return strcmp(z, "good") == 0 ? "Particularly good" : strcmp(z, "adverse") == 0 ? "Adverse" : "None noted";
}

enum { HP_DUE, HP_INSP, HP_VISITS, HP_AUDITS, HP_NOTES, HP_N };

enum { IN_DATES, IN_KIND, IN_OVERALL, IN_MET, IN_N };
static const RColumn aInCol[IN_N] = {
  {"inspection", "Inspection", RCOL_TEXT, 26},
  {"type", "Type", RCOL_TEXT, 12},
  {"overall_judgement", "Overall judgement", RCOL_TEXT, 30},
  {"requirements_met", "Requirements met", RCOL_TEXT, 14},
};
enum { VI_VISITED, VI_VISITOR, VI_REPORT, VI_SENT, VI_PLAN, VI_FINDINGS, VI_N };
static const RColumn aViCol[VI_N] = {
  {"visited", "Visited", RCOL_DATE, 13},
  {"visitor", "Visitor", RCOL_TEXT, 24},
  {"report_received", "Report received", RCOL_DATE, 13},
  {"sent_to_senior_managers", "Sent to senior managers", RCOL_DATE, 13},
  {"action_plan_approved", "Action plan approved", RCOL_DATE, 13},
  {"findings", "Findings", RCOL_TEXT, 18},
};
enum { AU_KIND, AU_DONE, AU_BY, AU_FINDINGS, AU_N };
static const RColumn aAuCol[AU_N] = {
  {"audit", "Audit", RCOL_TEXT, 24},
  {"done", "Done", RCOL_DATE, 13},
  {"by", "By", RCOL_TEXT, 20},
  {"findings", "Findings", RCOL_TEXT, 48},
};
enum { NO_EVENT, NO_WHAT, NO_NOTIFIED, NO_DUE, NO_N };
static const RColumn aNoCol[NO_N] = {
  {"event", "Event", RCOL_TEXT, 17},
  {"what_happened", "What happened", RCOL_TEXT, 48},
  {"notified", "Notified", RCOL_TEXT, 17},
  {"due_by", "Due by", RCOL_TEXT, 17},
};

/* A home's tables (HP_*), as its page shows them; on the page, a
** notification not yet made has its form in the "Notified" cell. */
static void home_tables(Web *w, const HomeRecords *h, const HomeItemList *l, PageTables *pt) {
  char zBase[40], zAction[80];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  RTable *t = items_table(pt, "What is due", "What is due", "Nothing is due for this home.", 0);
  item_rows(t, l, NULL, 0);

  t = page_table(pt, "Inspections", "Inspections, latest first", "No inspection is recorded yet.", aInCol, IN_N);
  for (int i = h->nInsp - 1; i >= 0; i--) {
    const HomeInspection *in = &h->aInsp[i];
    int met = 0;
    for (int k = 0; k < in->nReq; k++) met += home_requirement_met(in, &in->aReq[k], w->today);
    char z1[11], z2[11], zMet[32];
    rtable_row(t);
    char *zDates = xmprintf("%s to %s", date_iso(in->start, z1), date_iso(in->end, z2));
    rtable_text(t, IN_DATES, zDates);
    free(zDates);
    cell_htmlf(t, IN_DATES, "<a class=\"govuk-link\" href=\"%h/inspections/%lld\">%D to %D</a>", zBase, (long long)in->id,
               (int)in->start, (int)in->end);
    rtable_text(t, IN_KIND, in->zKind);
    rtable_text(t, IN_OVERALL, in->overall == JUDGEMENT_NONE ? "None" : home_judgement_label(in->overall));
    snprintf(zMet, sizeof zMet, "%d of %d", met, in->nReq);
    rtable_text(t, IN_MET, zMet);
  }

  t = page_table(pt, "Regulation 44 visits", "Visits, latest first", "No Regulation 44 visit is recorded yet.", aViCol, VI_N);
  for (int i = h->nVisit - 1; i >= 0; i--) {
    const HomeVisit *v = &h->aVisit[i];
    rtable_row(t);
    rtable_num(t, VI_VISITED, v->visited);
    cell_htmlf(t, VI_VISITED, "<a class=\"govuk-link\" href=\"%h/reg44/%lld\">%D</a>", zBase, (long long)v->id, (int)v->visited);
    rtable_text(t, VI_VISITOR, v->zVisitor);
    rtable_num(t, VI_REPORT, v->report);
    rtable_num(t, VI_SENT, v->sent);
    rtable_num(t, VI_PLAN, v->planApproved);
    rtable_text(t, VI_FINDINGS, finding_label(v->zFinding));
  }

  /* The latest twelve, as the page shows. */
  t = page_table(pt, "Audits", "Audits, latest first", "No audit is recorded yet.", aAuCol, AU_N);
  for (int i = h->nAudit - 1, n = 0; i >= 0 && n < 12; i--) {
    const HomeAudit *a = &h->aAudit[i];
    if (a->kind >= HOME_N_AUDIT_KINDS) continue;   /* dip samples and full audits: evidence_home_section */
    n++;
    rtable_row(t);
    rtable_text(t, AU_KIND, a->kind >= 0 ? home_audit_labels[a->kind] : "");
    rtable_num(t, AU_DONE, a->done);
    rtable_text(t, AU_BY, a->zBy);
    rtable_text(t, AU_FINDINGS, a->zFindings);
  }

  t = page_table(pt, "Notifications", "Notifications, latest first", "No notification is recorded.", aNoCol, NO_N);
  for (int i = h->nNote - 1; i >= 0; i--) {
    const HomeNotification *n = &h->aNote[i];
    rtable_row(t);
    minute_cell(t, NO_EVENT, n->event);
    char *zWhat = xmprintf("%s: %s", strcmp(n->zKind, "allegation") == 0 ? "Allegation" : "Serious event", n->zSummary);
    rtable_text(t, NO_WHAT, zWhat);
    free(zWhat);
    if (n->notified != MINUTE_NONE) {
      minute_cell(t, NO_NOTIFIED, n->notified);
    } else {
      rtable_text(t, NO_NOTIFIED, "");
      if (w->fmt == FMT_PAGE) {
        /* The form helpers write to the page: point them at the cell. */
        Buf cell = {0}, *save = w->out;
        w->out = &cell;
        snprintf(zAction, sizeof zAction, "%s/notifications/%lld", zBase, (long long)n->id);
        form_begin(w, zAction);
        char zId[40];
        snprintf(zId, sizeof zId, "notified_%lld", (long long)n->id);
        input_date_time(w, zId, "Notified at", NULL);
        button(w, "Record notification");
        form_end(w);
        w->out = save;
        rtable_html(t, NO_NOTIFIED, cell.z ? cell.z : "");
        buf_free(&cell);
      }
    }
    minute_cell(t, NO_DUE, home_notification_due(n->event));
  }
}

/* A table of the home's page, or what it says when there are no rows. */
static void home_table(Web *w, const PageTables *pt, int i) {
  if (pt->a[i].nRow || pt->a[i].emptyRow) reports_table_html(&pt->a[i], w->out, 1);
  else empty(w, pt->a[i].zEmpty);
}

static void home_page(Web *w, const HomeRecords *h) {
  const Home *hm = &h->home;
  char zBase[40], zAction[80];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)hm->id);
  breadcrumbs(w, "Homes", "/homes", NULL);
  page_begin(w, hm->zName);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">URN %h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n", hm->zUrn,
              hm->zName);
  HomeItemList l = {0};
  home_due(h, w->today, 0, &l);
  int nOver = 0;
  for (int i = 0; i < l.n; i++) nOver += l.a[i].status == ST_OVERDUE;
  if (nOver) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%d item%h overdue. The first is: %h (%h), due %D. Record it "
                        "below when it is done.</div>\n", nOver, nOver == 1 ? " is" : "s are", home_item_label(l.a[0].kind),
                l.a[0].zWhat, (int)l.a[0].due);
  } else {
    html_raw(w->out, "<div class=\"govuk-inset-text\">Nothing is overdue for this home.</div>\n");
  }
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  if (hm->zManager) row_text(w, "Registered manager", hm->zManager);
  else row_date(w, "Registered manager vacant since", hm->vacantSince, "");
  row_text(w, "Responsible individual", hm->zRi);
  row_begin(w, "Places and ages");
  html_printf(w->out, "%d place%h, ages %d to %d", hm->places, hm->places == 1 ? "" : "s", hm->ageFrom, hm->ageTo);
  row_end(w);
  row_date(w, "Registered with Ofsted", hm->registered, "");
  row_text(w, "Statement of purpose", *hm->zPurpose ? hm->zPurpose : "Not recorded");
  html_raw(w->out, "</dl>\n");
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%h/edit\">Change the home's details</a></p>\n", zBase);

  PageTables pt = {0};
  home_tables(w, h, &l, &pt);
  home_items_free(&l);
  /* "/homes/{id}.csv" would be the id "5.csv": the downloads are under the home. */
  char zDl[64];
  snprintf(zDl, sizeof zDl, "%s/download", zBase);
  download_links(w, zDl, pt.n);
  home_table(w, &pt, HP_DUE);

  /* Inspections. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Ofsted inspections</h2>\n");
  home_table(w, &pt, HP_INSP);
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" href=\"%h/inspections/new\">"
                      "Record an inspection</a></p>\n", zBase);

  /* Regulation 44 visits. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Regulation 44 visits</h2>\n");
  home_table(w, &pt, HP_VISITS);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h3 class=\"govuk-heading-s\">Record a Regulation 44 visit</h3>\n");
  snprintf(zAction, sizeof zAction, "%s/reg44", zBase);
  form_begin(w, zAction);
  input_date(w, "visited_on", "Date of the visit", "For example, 27 3 2026", DATE_NONE);
  input_text(w, "visitor", "Independent visitor", NULL, form_text(w, "visitor"), "off");
  input_date(w, "yp_feedback_on", "Young people's feedback gathered on", "Before the visit", DATE_NONE);
  input_date(w, "prof_feedback_on", "Professionals' feedback gathered on", "Before the visit", DATE_NONE);
  static const char *const azFinding[] = {"none", "Nothing particular", "good", "Particularly good", "adverse", "Adverse", NULL};
  input_radios(w, "finding", "Findings", NULL, azFinding, form_text(w, "finding"), 1);
  input_textarea(w, "findings", "Summary of findings", "For the QPAG report", form_text(w, "findings"));
  button(w, "Record visit");
  form_end(w);

  /* Audits. */
  html_raw(w->out, "</div></div>\n<h2 class=\"govuk-heading-m\">Monthly audits</h2>\n");
  home_table(w, &pt, HP_AUDITS);
  int nOpenAct = 0;
  for (int i = 0; i < h->nAuditAct; i++) {
    const HomeAuditAction *a = &h->aAuditAct[i];
    if (a->done != DATE_NONE) continue;
    if (!nOpenAct++) html_raw(w->out, "<h3 class=\"govuk-heading-s\">Audit actions still open</h3>\n");
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__content\"><p class=\"govuk-body\">"
                        "%h (owner: %h), due %D</p>", a->zAction, a->zOwner, (int)a->due);
    snprintf(zAction, sizeof zAction, "%s/audit-actions/%lld/done", zBase, (long long)a->id);
    form_begin(w, zAction);
    char zId[40];
    snprintf(zId, sizeof zId, "done_on_%lld", (long long)a->id);
    input_date(w, zId, "Date done", NULL, w->today);
    button(w, "Mark done");
    form_end(w);
    html_raw(w->out, "</div></div>\n");
  }
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h3 class=\"govuk-heading-s\">Record an audit</h3>\n");
  snprintf(zAction, sizeof zAction, "%s/audits", zBase);
  form_begin(w, zAction);
  const char *azKind[2 * HOME_N_AUDIT_KINDS + 1];
  for (int k = 0; k < HOME_N_AUDIT_KINDS; k++) {
    azKind[2 * k] = home_audit_kinds[k];
    azKind[2 * k + 1] = home_audit_labels[k];
  }
  azKind[2 * HOME_N_AUDIT_KINDS] = NULL;
  input_radios(w, "audit_kind", "Which audit", NULL, azKind, form_text(w, "audit_kind"), 0);
  input_date(w, "audit_on", "Date of the audit", NULL, DATE_NONE);
  input_text(w, "audit_by", "Carried out by", NULL, form_text(w, "audit_by"), "off");
  input_textarea(w, "audit_findings", "Findings", NULL, form_text(w, "audit_findings"));
  input_text(w, "audit_action", "Action needed (optional)", "Leave empty if the audit found nothing to put right",
             form_text(w, "audit_action"), "off");
  input_text(w, "audit_owner", "Owner of the action", NULL, form_text(w, "audit_owner"), "off");
  input_date(w, "audit_due", "Action due by", NULL, DATE_NONE);
  button(w, "Record audit");
  form_end(w);

  html_raw(w->out, "</div></div>\n");
  evidence_home_section(w, h);

  /* Notifications. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Notifications of serious events and allegations</h2>\n");
  home_table(w, &pt, HP_NOTES);
  page_tables_free(&pt);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h3 class=\"govuk-heading-s\">Record a serious event or allegation</h3>\n");
  snprintf(zAction, sizeof zAction, "%s/notifications", zBase);
  form_begin(w, zAction);
  static const char *const azNoteKind[] = {"serious-event", "Serious event", "allegation", "Allegation against an adult", NULL};
  input_radios(w, "note_kind", "What was it", NULL, azNoteKind, form_text(w, "note_kind"), 0);
  input_date_time(w, "event_at", "When it happened", "For example, 27 3 2026");
  input_date_time(w, "notified_at", "When it was notified",
                  "Leave empty if not notified yet. Due within 24 hours of the event.");
  input_textarea(w, "summary", "What happened", "A short summary: no child's full name", form_text(w, "summary"));
  button(w, "Record notification");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  if (web_homes_monitoring_sections(w, h) != 0) return;
  page_end(w);
}

/* GET /homes/{id}, and its downloads /homes/{id}/download.csv|.xlsx: the
** view is audited before the page or its tables are sent. */
void page_home_record(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, zRecordsGone);
  } else if (w->fmt != FMT_PAGE) {
    HomeItemList l = {0};
    home_due(&h, w->today, 0, &l);
    /* Every table of the page, in its order: the notifications come
    ** after the surveys and dip samples, then the monitoring returns. */
    PageTables own = {0}, pt = {0};
    home_tables(w, &h, &l, &own);
    for (int i = 0; i < HP_NOTES; i++) page_table_take(&pt, &own.a[i]);
    int rc = evidence_home_tables(w, &h, &pt);
    page_table_take(&pt, &own.a[HP_NOTES]);
    if (rc == 0) rc = web_homes_monitoring_tables(w, &h, &pt);
    char zStem[40];
    snprintf(zStem, sizeof zStem, "home-%lld", (long long)h.home.id);
    if (rc == 0) page_tables_send(w, &pt, zStem);
    else {
      /* A short table would read as fewer surveys or returns: none at all. */
      w->resp->status = 503;
      w->resp->zType = "text/plain; charset=utf-8";
      buf_reset(w->out);
      buf_puts(w->out, "The home's records could not all be read, so the download is not sent. Try again in a moment.\n");
    }
    page_tables_free(&own);
    page_tables_free(&pt);
    home_items_free(&l);
  } else {
    home_page(w, &h);
  }
  home_clear(&h);
}

/* After a POST on the home page: back to it saying what was saved, or
** the page again with the errors (not audited again: see the top). */
static void home_step_done(Web *w, int64_t homeId, int ok, const char *zSaved);
void home_page_again(Web *w, int64_t homeId) { home_step_done(w, homeId, 0, NULL); }

static void home_step_done(Web *w, int64_t homeId, int ok, const char *zSaved) {
  if (ok && !w->err.n) {
    char z[40];
    snprintf(z, sizeof z, "/homes/%lld", (long long)homeId);
    home_redirect_saved(w, z, zSaved);
    return;
  }
  HomeRecords h;
  if (home_load(w->db, homeId, &h)) {
    home_page(w, &h);
    home_clear(&h);
  } else {
    not_found(w);
  }
}

void page_home_reg44_add(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t id = h.home.id;
  home_clear(&h);
  Errors dateErr = {0};
  VisitInput in = {
    .visited = form_date_aside(w, "visited_on", "the date of the visit", 0, &dateErr),
    .ypFeedback = form_date_aside(w, "yp_feedback_on", "the date young people's feedback was gathered", 0, &dateErr),
    .profFeedback =
        form_date_aside(w, "prof_feedback_on", "the date professionals' feedback was gathered", 0, &dateErr),
    .report = DATE_NONE, .sent = DATE_NONE, .planApproved = DATE_NONE,
    .zVisitor = form_text(w, "visitor"), .zFinding = form_text(w, "finding"), .zFindings = form_text(w, "findings"),
  };
  int64_t vid = reg44_save(w->db, id, 0, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"visited_on", "visitor", "yp_feedback_on", "prof_feedback_on", "finding",
                                        "findings", NULL};
  errors_move(w, azKnown, "visited_on");
  home_step_done(w, id, vid != 0, "home-reg44");
}

void page_home_audit_add(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t id = h.home.id;
  home_clear(&h);
  Errors dateErr = {0};
  Date on = form_date_aside(w, "audit_on", "the date of the audit", 0, &dateErr);
  Date due = form_date_aside(w, "audit_due", "the date the action is due", 0, &dateErr);
  const char *zAct = form_text(w, "audit_action");
  /* The audit and its action are saved together or not at all. */
  db_begin(w->db);
  int64_t aid = home_audit_add(w->db, id, form_text(w, "audit_kind"), on, form_text(w, "audit_by"),
                               form_text(w, "audit_findings"), w->today, w->sess.user.zUsername, &w->err);
  if (*zAct || *form_text(w, "audit_owner")) {
    if (aid) audit_action_add(w->db, aid, zAct, form_text(w, "audit_owner"), due, w->sess.user.zUsername, &w->err);
  }
  errors_aside_first(w, &dateErr, 1);
  if (aid && !w->err.n) db_commit(w->db);
  else db_rollback(w->db);
  static const char *const azKnown[] = {"audit_kind", "audit_on", "audit_by", "audit_findings", "audit_action",
                                        "audit_owner", "audit_due", NULL};
  errors_move(w, azKnown, "audit_kind");
  home_step_done(w, id, aid != 0, "home-audit");
}

void page_home_audit_action_done(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t id = h.home.id, aid = home_path_id(w, 1);
  int found = 0;
  for (int i = 0; i < h.nAuditAct; i++) found |= h.aAuditAct[i].id == aid;
  home_clear(&h);
  if (!found) {
    not_found(w);
    return;
  }
  char zField[32];
  snprintf(zField, sizeof zField, "done_on_%lld", (long long)aid);
  Errors dateErr = {0};
  Date on = form_date_aside(w, zField, "the date the action was done", 0, &dateErr);
  int rc = audit_action_done(w->db, aid, on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azNone[] = {NULL};
  errors_move(w, azNone, zField);
  home_step_done(w, id, rc == 0, "home-audit-action");
}

void page_home_notification_add(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t id = h.home.id;
  home_clear(&h);
  /* The moments are read here from their boxes; what they must be (not
  ** in the future, notified after the event) is the domain's to say. */
  char zEvent[17], zNotified[17];
  Errors moment = {0};
  if (form_date_time_aside(w, "event_at", "the event", 1, zEvent, &moment) != 0) snprintf(zEvent, sizeof zEvent, "?");
  if (form_date_time_aside(w, "notified_at", "the notification", 0, zNotified, &moment) != 0)
    snprintf(zNotified, sizeof zNotified, "?");
  /* A moment that could not be read is "?", which the domain refuses, so
  ** nothing is saved while its other fields are still checked. */
  int64_t nid = notification_add(w->db, id, form_text(w, "note_kind"), zEvent, zNotified, form_text(w, "summary"),
                                 w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &moment, 1);
  static const char *const azKnown[] = {"note_kind", "event_at", "event_at-time", "notified_at", "notified_at-time",
                                        "summary", NULL};
  errors_move(w, azKnown, "note_kind");
  home_step_done(w, id, nid != 0, "home-notification");
}

void page_home_notification_save(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t id = h.home.id, nid = home_path_id(w, 1);
  int found = 0;
  for (int i = 0; i < h.nNote; i++) found |= h.aNote[i].id == nid;
  home_clear(&h);
  if (!found) {
    not_found(w);
    return;
  }
  char zField[32];
  snprintf(zField, sizeof zField, "notified_%lld", (long long)nid);
  char zAt[17];
  Errors moment = {0};
  if (form_date_time_aside(w, zField, "the notification", 1, zAt, &moment) != 0) snprintf(zAt, sizeof zAt, "?");
  int rc = notification_notified(w->db, nid, zAt, w->today, w->sess.user.zUsername, &w->err);
  /* The domain's errors belong to this notification's boxes. */
  static const char *const azNone[] = {NULL};
  errors_move(w, azNone, zField);
  errors_aside_first(w, &moment, 1);
  home_step_done(w, id, rc == 0, "home-notification");
}

/* ---- One Regulation 44 visit ------------------------------------------------------------------ */

static void visit_page(Web *w, const HomeRecords *h, const HomeVisit *v) {
  char zBase[40], zAction[80], zTitle[80], zD[24];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  snprintf(zTitle, sizeof zTitle, "Regulation 44 visit of %s", date_long(v->visited, zD));
  breadcrumbs(w, "Homes", "/homes", h->home.zName, zBase, NULL);
  home_page_head(w, h->home.zName, zTitle, NULL, NULL);
  html_printf(w->out, "<p class=\"govuk-body\">The visitor's report is due by %D and must be checked and sent to senior "
                      "managers by %D. Record each step below when it happens.</p>\n",
              (int)rule_due(rule("reg44_report"), v->visited), (int)rule_due(rule("reg44_sent"), v->visited));
  snprintf(zAction, sizeof zAction, "%s/reg44/%lld", zBase, (long long)v->id);
  form_begin(w, zAction);
  int posted = http_form(w->req, "visitor") != NULL;
  struct { const char *zName, *zLabel; Date d; } aD[] = {
    {"visited_on", "Date of the visit", v->visited},
    {"yp_feedback_on", "Young people's feedback gathered on", v->ypFeedback},
    {"prof_feedback_on", "Professionals' feedback gathered on", v->profFeedback},
    {"report_on", "Visitor's report received on", v->report},
    {"sent_on", "Checked and sent to senior managers on", v->sent},
  };
  for (int i = 0; i < COUNT(aD); i++) {
    input_date(w, aD[i].zName, aD[i].zLabel, NULL, posted ? DATE_NONE : aD[i].d);
    if (i == 0) input_text(w, "visitor", "Independent visitor", NULL, posted ? form_text(w, "visitor") : v->zVisitor, "off");
  }
  input_date(w, "plan_approved_on", "Home manager's action plan approved on", NULL, posted ? DATE_NONE : v->planApproved);
  input_text(w, "plan_approved_by", "Approved by (service manager)", NULL,
             posted ? form_text(w, "plan_approved_by") : v->zPlanApprovedBy ? v->zPlanApprovedBy : "", "off");
  static const char *const azFinding[] = {"none", "Nothing particular", "good", "Particularly good", "adverse", "Adverse", NULL};
  input_radios(w, "finding", "Findings", NULL, azFinding, posted ? form_text(w, "finding") : v->zFinding, 1);
  input_textarea(w, "findings", "Summary of findings", NULL, posted ? form_text(w, "findings") : v->zFindings);
  button(w, "Save visit");
  form_end(w);
  home_page_foot(w);
}

static const HomeVisit *path_visit(Web *w, const HomeRecords *h) {
  int64_t vid = home_path_id(w, 1);
  for (int i = 0; i < h->nVisit; i++) {
    if (h->aVisit[i].id == vid) return &h->aVisit[i];
  }
  not_found(w);
  return NULL;
}

void page_home_reg44(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  const HomeVisit *v = path_visit(w, &h);
  if (v) {
    if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) home_unavailable(w, zRecordsGone);
    else visit_page(w, &h, v);
  }
  home_clear(&h);
}

void page_home_reg44_save(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  const HomeVisit *v = path_visit(w, &h);
  if (!v) {
    home_clear(&h);
    return;
  }
  Errors dateErr = {0};
  VisitInput in = {
    .visited = form_date_aside(w, "visited_on", "the date of the visit", 0, &dateErr),
    .ypFeedback = form_date_aside(w, "yp_feedback_on", "the date young people's feedback was gathered", 0, &dateErr),
    .profFeedback =
        form_date_aside(w, "prof_feedback_on", "the date professionals' feedback was gathered", 0, &dateErr),
    .report = form_date_aside(w, "report_on", "the date the report was received", 0, &dateErr),
    .sent = form_date_aside(w, "sent_on", "the date the report was sent", 0, &dateErr),
    .planApproved = form_date_aside(w, "plan_approved_on", "the date the action plan was approved", 0, &dateErr),
    .zVisitor = form_text(w, "visitor"), .zPlanApprovedBy = form_text(w, "plan_approved_by"),
    .zFinding = form_text(w, "finding"), .zFindings = form_text(w, "findings"),
  };
  reg44_save(w->db, h.home.id, v->id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  if (!w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/reg44/%lld", (long long)h.home.id, (long long)v->id);
    home_redirect_saved(w, z, "home-reg44");
  } else {
    static const char *const azKnown[] = {"visited_on", "visitor", "yp_feedback_on", "prof_feedback_on", "report_on",
                                          "sent_on", "plan_approved_on", "plan_approved_by", "finding", "findings", NULL};
    errors_move(w, azKnown, "visited_on");
    visit_page(w, &h, v);
  }
  home_clear(&h);
}

/* ---- Inspections ------------------------------------------------------------------------------ */

static void inspection_form(Web *w, const HomeRecords *h) {
  char zBase[40], zAction[64];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  home_page_head(w, h->home.zName, "Record an inspection", zBase, "Back to the home");
  html_raw(w->out, "<p class=\"govuk-body\">Record the judgements from the Ofsted report. You can add its requirements "
                   "and the home's action plan on the next page.</p>\n");
  snprintf(zAction, sizeof zAction, "%s/inspections", zBase);
  form_begin(w, zAction);
  static const char *const azKind[] = {"full", "Full inspection", "interim", "Interim inspection", "monitoring",
                                       "Monitoring visit", "assurance", "Assurance visit", NULL};
  input_radios(w, "kind", "Type of inspection", NULL, azKind, form_text(w, "kind"), 0);
  input_date(w, "start_on", "First day of the inspection", "For example, 19 5 2021", DATE_NONE);
  input_date(w, "end_on", "Last day of the inspection", "For example, 20 5 2021", DATE_NONE);
  input_select(w, "overall", "Overall judgement", NULL, azJudgeChoice, form_text(w, "overall"));
  input_select(w, "experiences", "Overall experiences and progress of children and young people", NULL, azJudgeChoice,
               form_text(w, "experiences"));
  input_select(w, "protection", "How well children and young people are helped and protected", NULL, azJudgeChoice,
               form_text(w, "protection"));
  input_select(w, "leadership", "The effectiveness of leaders and managers", NULL, azJudgeChoice, form_text(w, "leadership"));
  input_textarea(w, "recommendations", "Recommendations", "One a line", form_text(w, "recommendations"));
  button(w, "Save inspection");
  form_end(w);
  home_page_foot(w);
}

void page_home_inspection_new(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  inspection_form(w, &h);
  home_clear(&h);
}

void page_home_inspection_create(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  Errors dateErr = {0};
  InspectionInput in = {
    .zKind = form_text(w, "kind"), .zOverall = form_text(w, "overall"), .zExperiences = form_text(w, "experiences"),
    .zProtection = form_text(w, "protection"), .zLeadership = form_text(w, "leadership"),
    .start = form_date_aside(w, "start_on", "the first day of the inspection", 0, &dateErr),
    .end = form_date_aside(w, "end_on", "the last day of the inspection", 0, &dateErr),
    .zRecommendations = form_text(w, "recommendations"),
  };
  int64_t id = inspection_add(w->db, h.home.id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  if (id && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/inspections/%lld", (long long)h.home.id, (long long)id);
    home_redirect_saved(w, z, "home-inspection");
  } else {
    static const char *const azKnown[] = {"kind", "start_on", "end_on", "overall", "experiences", "protection",
                                          "leadership", "recommendations", NULL};
    errors_move(w, azKnown, "kind");
    inspection_form(w, &h);
  }
  home_clear(&h);
}

static void inspection_page(Web *w, const HomeRecords *h, const HomeInspection *in, int64_t postedAction) {
  char zBase[64], zAction[112], zTitle[96], z1[24], z2[24];
  snprintf(zBase, sizeof zBase, "/homes/%lld/inspections/%lld", (long long)h->home.id, (long long)in->id);
  snprintf(zTitle, sizeof zTitle, "Inspection of %s to %s", date_long(in->start, z1), date_long(in->end, z2));
  char zHome[40];
  snprintf(zHome, sizeof zHome, "/homes/%lld", (long long)h->home.id);
  breadcrumbs(w, "Homes", "/homes", h->home.zName, zHome, NULL);
  page_begin(w, zTitle);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n", h->home.zName, zTitle);
  Date mon = home_monitoring_due(in, w->today);
  int met = 0;
  for (int k = 0; k < in->nReq; k++) met += home_requirement_met(in, &in->aReq[k], w->today);
  if (!in->nReq) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">No requirements are recorded. Add them below from the Ofsted report, "
                     "with the home's action plan.</div>\n");
  } else if (mon == DATE_NONE) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">All %d requirements are met: every action is complete. "
                        "QA monitoring of this inspection has finished.</div>\n", in->nReq);
  } else {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%d of %d requirements met. The next QA monitoring review is due "
                        "by %D. Mark each action complete as it is done; monitoring stops when the last one is.</div>\n",
                met, in->nReq, (int)mon);
  }
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  row_text(w, "Type", strcmp(in->zKind, "full") == 0 ? "Full inspection" : strcmp(in->zKind, "interim") == 0 ? "Interim inspection"
                     : strcmp(in->zKind, "monitoring") == 0 ? "Monitoring visit" : "Assurance visit");
  row_text(w, "Overall judgement", in->overall == JUDGEMENT_NONE ? "None" : home_judgement_label(in->overall));
  row_text(w, "Experiences and progress", in->experiences == JUDGEMENT_NONE ? "None" : home_judgement_label(in->experiences));
  row_text(w, "Helped and protected", in->protection == JUDGEMENT_NONE ? "None" : home_judgement_label(in->protection));
  row_text(w, "Leaders and managers", in->leadership == JUDGEMENT_NONE ? "None" : home_judgement_label(in->leadership));
  row_begin(w, "Recommendations");
  if (!in->nRec) html_raw(w->out, "None");
  for (int i = 0; i < in->nRec; i++) html_printf(w->out, "<p class=\"govuk-body\">%h</p>", in->azRec[i]);
  row_end(w);
  row_begin(w, "Next QA monitoring review");
  if (mon == DATE_NONE) {
    html_raw(w->out, "None due");
  } else {
    html_printf(w->out, "%D ", (int)mon);
    status_tag(w, home_status(mon, DATE_NONE, w->today));
  }
  row_end(w);
  row_begin(w, "Monitoring reviews held");
  if (!in->nReview) html_raw(w->out, "None yet");
  for (int i = 0; i < in->nReview; i++) html_printf(w->out, "%h%D", i ? ", " : "", (int)in->aReview[i]);
  row_end(w);
  html_raw(w->out, "</dl>\n");

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Requirements and the action plan</h2>\n");
  if (!in->nReq) empty(w, "No requirements yet.");
  else
    html_printf(w->out, "<ul class=\"govuk-list app-downloads\">\n"
                        "<li><a class=\"govuk-link\" href=\"%h/download.csv\" download>Download the action plan as a CSV file (spreadsheet)</a></li>\n"
                        "<li><a class=\"govuk-link\" href=\"%h/download.xlsx\" download>Download the action plan as an Excel workbook</a></li>\n"
                        "</ul>\n", zBase, zBase);
  for (int k = 0; k < in->nReq; k++) {
    const HomeRequirement *r = &in->aReq[k];
    int isMet = home_requirement_met(in, r, w->today);
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">%h</h3></div>\n<div class=\"govuk-summary-card__content\">"
                        "<p class=\"govuk-body\">%h</p><p class=\"govuk-body\">Due %D ", r->zRegulation, r->zText, (int)r->due);
    status_tag(w, isMet ? ST_DONE : home_status(r->due, DATE_NONE, w->today));
    html_raw(w->out, "</p>\n");
    int nAct = 0;
    for (int i = 0; i < in->nAct; i++) {
      const HomeAction *a = &in->aAct[i];
      if (a->requirementId != r->id) continue;
      if (!nAct++) {
        static const char *const azHead[] = {"Action", "Owner", "Target", "Completed", NULL};
        table_begin(w, "Actions", azHead);
      }
      html_raw(w->out, "<tr class=\"govuk-table__row\">");
      td_text(w, a->zAction);
      td_text(w, a->zOwner);
      td_date(w, a->target);
      td(w);
      if (a->completed != DATE_NONE) {
        html_printf(w->out, "%D ", (int)a->completed);
        status_tag(w, home_status(a->target, a->completed, w->today));
      } else {
        snprintf(zAction, sizeof zAction, "%s/actions/%lld/complete", zBase, (long long)a->id);
        /* Only the form that was sent shows its errors. */
        Errors keep = w->err;
        if (a->id != postedAction) memset(&w->err, 0, sizeof w->err);
        char zId[40], zLabel[64];
        snprintf(zId, sizeof zId, "completed_on_%lld", (long long)a->id);
        snprintf(zLabel, sizeof zLabel, "Date completed");
        form_begin(w, zAction);
        input_date(w, zId, zLabel, NULL, w->today);
        html_printf(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                            "Mark complete<span class=\"govuk-visually-hidden\">: %h</span></button>\n", a->zAction);
        form_end(w);
        w->err = keep;
      }
      html_raw(w->out, "</td></tr>\n");
    }
    if (nAct) table_end(w);
    else empty(w, "No action is in the plan for this requirement yet: it is not met until there is one and it is complete.");
    html_raw(w->out, "</div></div>\n");
  }

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  if (in->nReq) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Add an action to the plan</h2>\n");
    snprintf(zAction, sizeof zAction, "%s/actions", zBase);
    form_begin(w, zAction);
    const char **az = xmalloc((size_t)(2 * in->nReq + 3) * sizeof *az);
    char (*aLabel)[120] = xmalloc((size_t)in->nReq * sizeof *aLabel);
    char (*aVal)[24] = xmalloc((size_t)in->nReq * sizeof *aVal);
    int n = 0;
    az[n++] = "";
    az[n++] = "Choose a requirement";
    for (int k = 0; k < in->nReq; k++) {
      snprintf(aVal[k], sizeof aVal[k], "%lld", (long long)in->aReq[k].id);
      snprintf(aLabel[k], sizeof aLabel[k], "%.100s", in->aReq[k].zRegulation);
      az[n++] = aVal[k];
      az[n++] = aLabel[k];
    }
    az[n] = NULL;
    input_select(w, "requirement_id", "Which requirement it answers", NULL, az, form_text(w, "requirement_id"));
    free(az);
    free(aLabel);
    free(aVal);
    input_textarea(w, "action", "Action", NULL, form_text(w, "action"));
    input_text(w, "owner", "Owner", NULL, form_text(w, "owner"), "off");
    input_date(w, "target_on", "Target date", NULL, DATE_NONE);
    button(w, "Add action");
    form_end(w);
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Add a requirement</h2>\n");
  snprintf(zAction, sizeof zAction, "%s/requirements", zBase);
  form_begin(w, zAction);
  input_text(w, "regulation", "Regulation", "For example, Regulation 12: the protection of children standard",
             form_text(w, "regulation"), "off");
  input_textarea(w, "requirement", "What the registered person must do", NULL, form_text(w, "requirement"));
  input_date(w, "due_on", "Due date", NULL, DATE_NONE);
  button(w, "Add requirement");
  form_end(w);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Record a QA monitoring review</h2>\n");
  snprintf(zAction, sizeof zAction, "%s/monitoring", zBase);
  form_begin(w, zAction);
  input_date(w, "held_on", "Date of the review", NULL, DATE_NONE);
  input_text(w, "by_whom", "Carried out by", NULL, form_text(w, "by_whom"), "off");
  input_textarea(w, "notes", "Notes", NULL, form_text(w, "notes"));
  button(w, "Record review");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

/* The home and the inspection of the path: 1, or 0 with the 404 page. */
static int path_inspection(Web *w, HomeRecords *h, const HomeInspection **pIn) {
  if (!home_path_load(w, h)) return 0;
  *pIn = find_inspection(h, home_path_id(w, 1));
  if (!*pIn) {
    home_clear(h);
    not_found(w);
    return 0;
  }
  return 1;
}

/* The action plan as one table for the downloads: a row per action under
** its requirement (a requirement with no action yet has one row of its
** own), where the page shows a card per requirement. */
static void action_plan_table(const HomeInspection *in, Date today, PageTables *pt) {
  static const RColumn aCol[] = {
    {"regulation", "Regulation", RCOL_TEXT, 14}, {"requirement", "Requirement", RCOL_TEXT, 50},
    {"requirement_due", "Requirement due", RCOL_DATE, 12}, {"requirement_met", "Met", RCOL_TEXT, 6},
    {"action", "Action", RCOL_TEXT, 50}, {"owner", "Owner", RCOL_TEXT, 20},
    {"target", "Target", RCOL_DATE, 12}, {"completed", "Completed", RCOL_DATE, 12},
  };
  RTable *t = page_table(pt, "Action plan", "Requirements and the action plan", "No requirements yet.", aCol,
                         COUNT(aCol));
  for (int k = 0; k < in->nReq; k++) {
    const HomeRequirement *r = &in->aReq[k];
    int n = 0;
    for (int i = 0; i <= in->nAct; i++) {
      const HomeAction *a = i < in->nAct ? &in->aAct[i] : NULL;
      if (a ? a->requirementId != r->id : n > 0) continue;
      rtable_row(t);
      rtable_text(t, 0, r->zRegulation);
      rtable_text(t, 1, r->zText);
      rtable_num(t, 2, r->due);
      rtable_text(t, 3, home_requirement_met(in, r, today) ? "yes" : "no");
      if (a) {
        rtable_text(t, 4, a->zAction);
        rtable_text(t, 5, a->zOwner);
        rtable_num(t, 6, a->target);
        rtable_num(t, 7, a->completed);
        n++;
      }
    }
  }
}

void page_home_inspection(Web *w) {
  HomeRecords h;
  const HomeInspection *in;
  if (!path_inspection(w, &h, &in)) return;
  if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, zRecordsGone);
  } else if (w->fmt != FMT_PAGE) {
    PageTables pt = {0};
    action_plan_table(in, w->today, &pt);
    page_tables_send(w, &pt, "inspection-action-plan");
    page_tables_free(&pt);
  } else {
    inspection_page(w, &h, in, 0);
  }
  home_clear(&h);
}

/* After a POST on the inspection page: back to it, or it again with errors. */
static void inspection_step_done(Web *w, int64_t homeId, int64_t inspId, int ok, const char *zSaved, int64_t postedAction) {
  if (ok && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/inspections/%lld", (long long)homeId, (long long)inspId);
    home_redirect_saved(w, z, zSaved);
    return;
  }
  HomeRecords h;
  const HomeInspection *in;
  if (home_load(w->db, homeId, &h) && (in = find_inspection(&h, inspId)) != NULL) inspection_page(w, &h, in, postedAction);
  else not_found(w);
  home_clear(&h);
}

void page_home_requirement_add(Web *w) {
  HomeRecords h;
  const HomeInspection *in;
  if (!path_inspection(w, &h, &in)) return;
  int64_t homeId = h.home.id, inspId = in->id;
  home_clear(&h);
  Errors dateErr = {0};
  Date due = form_date_aside(w, "due_on", "the due date", 0, &dateErr);
  int64_t id = requirement_add(w->db, inspId, form_text(w, "regulation"), form_text(w, "requirement"), due,
                               w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"regulation", "requirement", "due_on", NULL};
  errors_move(w, azKnown, "regulation");
  inspection_step_done(w, homeId, inspId, id != 0, "home-requirement", 0);
}

void page_home_action_add(Web *w) {
  HomeRecords h;
  const HomeInspection *in;
  if (!path_inspection(w, &h, &in)) return;
  int64_t homeId = h.home.id, inspId = in->id;
  long reqId = 0;
  const char *zReq = form_text(w, "requirement_id");
  int ours = 0;
  if (*zReq && parse_int(zReq, 1, 2000000000L, &reqId) == 0) {
    for (int k = 0; k < in->nReq; k++) ours |= in->aReq[k].id == reqId;
  }
  home_clear(&h);
  Errors dateErr = {0};
  Date target = form_date_aside(w, "target_on", "the target date", 0, &dateErr);
  int64_t id = action_add(w->db, ours ? reqId : 0, form_text(w, "action"), form_text(w, "owner"), target,
                          w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"requirement_id", "action", "owner", "target_on", NULL};
  errors_move(w, azKnown, "requirement_id");
  inspection_step_done(w, homeId, inspId, id != 0, "home-action", 0);
}

void page_home_action_complete(Web *w) {
  HomeRecords h;
  const HomeInspection *in;
  if (!path_inspection(w, &h, &in)) return;
  int64_t homeId = h.home.id, inspId = in->id, aid = home_path_id(w, 2);
  int found = 0;
  for (int i = 0; i < in->nAct; i++) found |= in->aAct[i].id == aid;
  home_clear(&h);
  if (!found) {
    not_found(w);
    return;
  }
  char zField[32];
  snprintf(zField, sizeof zField, "completed_on_%lld", (long long)aid);
  Errors dateErr = {0};
  Date on = form_date_aside(w, zField, "the date the action was completed", 0, &dateErr);
  int rc = action_complete(w->db, aid, on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azNone[] = {NULL};
  errors_move(w, azNone, zField);
  inspection_step_done(w, homeId, inspId, rc == 0, "home-action-complete", aid);
}

void page_home_monitoring_add(Web *w) {
  HomeRecords h;
  const HomeInspection *in;
  if (!path_inspection(w, &h, &in)) return;
  int64_t homeId = h.home.id, inspId = in->id;
  home_clear(&h);
  Errors dateErr = {0};
  Date held = form_date_aside(w, "held_on", "the date of the review", 0, &dateErr);
  int64_t id = monitoring_add(w->db, inspId, held, form_text(w, "by_whom"), form_text(w, "notes"), w->today,
                              w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"held_on", "by_whom", "notes", NULL};
  errors_move(w, azKnown, "held_on");
  inspection_step_done(w, homeId, inspId, id != 0, "home-monitoring", 0);
}

/* ---- The QPAG action tracker ---------------------------------------------------------------- */

enum { QD_ACTION, QD_OWNER, QD_DUE, QD_DONE, QD_N };
static const RColumn aQdCol[QD_N] = {
  {"action", "Action", RCOL_TEXT, 48},
  {"owner", "Owner", RCOL_TEXT, 20},
  {"due", "Due", RCOL_DATE, 13},
  {"done", "Done", RCOL_DATE, 13},
};

/* The tracker's table: the actions done (the open ones are cards, each
** with its forms). */
static void qpag_done_table(const QpagList *l, PageTables *pt) {
  RTable *t = page_table(pt, "Done", "Done", "No QPAG action is done yet.", aQdCol, QD_N);
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].done == DATE_NONE) continue;
    rtable_row(t);
    rtable_text(t, QD_ACTION, l->a[i].zAction);
    rtable_text(t, QD_OWNER, l->a[i].zOwner);
    rtable_num(t, QD_DUE, l->a[i].due);
    rtable_num(t, QD_DONE, l->a[i].done);
  }
}

static void qpag_tracker(Web *w, int64_t postedId) {
  QpagList l;
  if (qpag_actions(w->db, w->today, &l) != DB_OK) return;   /* noted: the skeleton's error page */
  PageTables pt = {0};
  qpag_done_table(&l, &pt);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "qpag-actions");
    page_tables_free(&pt);
    qpag_list_free(&l);
    return;
  }
  breadcrumbs(w, "Homes", "/homes", NULL);
  page_begin(w, "QPAG action tracker");
  error_summary(w);
  saved_banner(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">QPAG action tracker</h1>\n");
  int nFlag = 0;
  for (int i = 0; i < l.n; i++) nFlag += qpag_escalation_outstanding(&l.a[i], w->today);
  if (nFlag) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%d action%h past due and not yet escalated. Record the escalation "
                        "to the leadership team, or mark the action done.</div>\n", nFlag, nFlag == 1 ? " is" : "s are");
  } else {
    html_raw(w->out, "<div class=\"govuk-inset-text\">No action is waiting to be escalated.</div>\n");
  }
  int nOpen = 0;
  for (int i = 0; i < l.n; i++) nOpen += l.a[i].done == DATE_NONE;
  if (!nOpen) empty(w, "No QPAG action is open.");
  for (int i = 0; i < l.n; i++) {
    const QpagAction *a = &l.a[i];
    if (a->done != DATE_NONE) continue;
    Errors keep = w->err;
    if (a->id != postedId) memset(&w->err, 0, sizeof w->err);
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h2 class=\"govuk-summary-card__title\">%h</h2>", a->zAction);
    if (qpag_escalation_outstanding(a, w->today)) {
      html_raw(w->out, "<strong class=\"govuk-tag govuk-tag--red\">Overdue: escalate to the leadership team</strong>");
    } else if (qpag_needs_escalation(a, w->today)) {
      html_raw(w->out, "<strong class=\"govuk-tag govuk-tag--orange\">Overdue: escalated</strong>");
    } else {
      status_tag(w, home_status(a->due, DATE_NONE, w->today));
    }
    html_printf(w->out, "</div>\n<div class=\"govuk-summary-card__content\"><p class=\"govuk-body\">Agreed at the meeting on %D. "
                        "Owner: %h. Due %D.%h%h</p>\n", (int)a->meeting, a->zOwner, (int)a->due,
                a->zHome ? " Home: " : "", a->zHome ? a->zHome : "");
    evidence_qpag_source(w, a->id);
    if (a->escalated != DATE_NONE) {
      html_printf(w->out, "<p class=\"govuk-body\">Escalated on %D: %h</p>\n", (int)a->escalated, a->zEscalationNote ? a->zEscalationNote : "");
    }
    char zAction[64], zId[40];
    snprintf(zAction, sizeof zAction, "/homes/qpag/actions/%lld/done", (long long)a->id);
    form_begin(w, zAction);
    snprintf(zId, sizeof zId, "done_on_%lld", (long long)a->id);
    input_date(w, zId, "Date done", NULL, w->today);
    html_printf(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                        "Mark done<span class=\"govuk-visually-hidden\">: %h</span></button>\n", a->zAction);
    form_end(w);
    if (qpag_escalation_outstanding(a, w->today)) {
      snprintf(zAction, sizeof zAction, "/homes/qpag/actions/%lld/escalate", (long long)a->id);
      form_begin(w, zAction);
      snprintf(zId, sizeof zId, "escalated_on_%lld", (long long)a->id);
      input_date(w, zId, "Date escalated", NULL, w->today);
      snprintf(zId, sizeof zId, "note_%lld", (long long)a->id);
      input_text(w, zId, "What was escalated, and to whom", NULL, form_text(w, zId), "off");
      html_printf(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">"
                          "Record escalation<span class=\"govuk-visually-hidden\">: %h</span></button>\n", a->zAction);
      form_end(w);
    }
    html_raw(w->out, "</div></div>\n");
    w->err = keep;
  }
  int nDone = l.n - nOpen;
  if (nDone) {
    reports_table_html(&pt.a[0], w->out, 1);
    download_links(w, "/homes/qpag/actions", pt.n);
  }
  page_tables_free(&pt);
  qpag_list_free(&l);

  Errors keep = w->err;
  if (postedId) memset(&w->err, 0, sizeof w->err);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h2 class=\"govuk-heading-m\">Add an action agreed at QPAG</h2>\n");
  form_begin(w, "/homes/qpag/actions");
  input_date(w, "meeting_on", "Date of the meeting", NULL, DATE_NONE);
  int64_t *aId;
  int n = home_ids(w->db, &aId);
  if (n < 0) return;   /* noted on the connection: the skeleton's error page */
  const char **az = xmalloc((size_t)(2 * n + 3) * sizeof *az);
  char (*aVal)[24] = xmalloc((size_t)(n ? n : 1) * sizeof *aVal);
  char **azName = xmalloc((size_t)(n ? n : 1) * sizeof *azName);
  int k = 0;
  az[k++] = "";
  az[k++] = "Not about one home";
  for (int i = 0; i < n; i++) {
    snprintf(aVal[i], sizeof aVal[i], "%lld", (long long)aId[i]);
    azName[i] = NULL;
    Stmt *s = db_query(w->db, "SELECT name FROM home WHERE id=?", "I", aId[i]);
    if (db_step(s) == DB_ROW) azName[i] = xstrdup(db_col_text(s, 0));
    db_finalize(s);
    az[k++] = aVal[i];
    az[k++] = azName[i] ? azName[i] : "";
  }
  az[k] = NULL;
  input_select(w, "home_id", "Home", NULL, az, form_text(w, "home_id"));
  for (int i = 0; i < n; i++) free(azName[i]);
  free(azName);
  free(aVal);
  free(az);
  free(aId);
  input_textarea(w, "action", "Action agreed", NULL, form_text(w, "action"));
  input_text(w, "owner", "Owner", NULL, form_text(w, "owner"), "off");
  input_date(w, "due_on", "Due by", NULL, DATE_NONE);
  button(w, "Add action");
  form_end(w);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Record a thematic review</h2>\n"
                   "<p class=\"govuk-body\">Thematic reviews completed in a month are listed in that month's QPAG report.</p>\n");
  form_begin(w, "/homes/qpag/thematic");
  input_text(w, "title", "Title", NULL, form_text(w, "title"), "off");
  input_date(w, "completed_on", "Completed on", NULL, DATE_NONE);
  input_text(w, "lead", "Led by", NULL, form_text(w, "lead"), "off");
  input_textarea(w, "summary", "Summary of findings", NULL, form_text(w, "summary"));
  button(w, "Record thematic review");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  w->err = keep;
  page_end(w);
}

/* GET /homes/qpag/actions, and its downloads (.csv, .xlsx). */
void page_qpag_actions(Web *w) {
  /* The tracker names homes and what was agreed about them: a view, of
  ** the page or its download, written before either is sent. */
  if (audit_write(w->db, w->sess.user.zUsername, "qpag.view", "qpag:tracker", NULL, NULL, NULL) != DB_OK) {
    home_unavailable(w, zRecordsGone);
    return;
  }
  qpag_tracker(w, 0);
}

static void qpag_done_or_again(Web *w, int ok, const char *zSaved, int64_t postedId) {
  if (ok && !w->err.n) home_redirect_saved(w, "/homes/qpag/actions", zSaved);
  else qpag_tracker(w, postedId);
}

void page_qpag_action_add(Web *w) {
  Errors dateErr = {0};
  Date meeting = form_date_aside(w, "meeting_on", "the date of the meeting", 0, &dateErr);
  Date due = form_date_aside(w, "due_on", "the due date", 0, &dateErr);
  long homeId = 0;
  const char *zHome = form_text(w, "home_id");
  if (*zHome && parse_int(zHome, 1, 2000000000L, &homeId) != 0) homeId = -1;
  int64_t id = 0;
  if (homeId < 0) errors_add(&w->err, "home_id", "Select a home from the list");
  else id = qpag_action_add(w->db, meeting, homeId, form_text(w, "action"), form_text(w, "owner"), due, w->today,
                            w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  qpag_done_or_again(w, id != 0, "qpag-action", 0);
}

static int64_t qpag_path(Web *w) {
  int64_t id = home_path_id(w, 0);
  if (!id || !db_int(w->db, 0, "SELECT id FROM qpag_action WHERE id=?", "I", id)) {
    not_found(w);
    return 0;
  }
  return id;
}

void page_qpag_action_done(Web *w) {
  int64_t id = qpag_path(w);
  if (!id) return;
  char zField[32];
  snprintf(zField, sizeof zField, "done_on_%lld", (long long)id);
  Errors dateErr = {0};
  Date on = form_date_aside(w, zField, "the date the action was done", 0, &dateErr);
  int rc = qpag_action_done(w->db, id, on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azNone[] = {NULL};
  errors_move(w, azNone, zField);
  qpag_done_or_again(w, rc == 0, "qpag-done", id);
}

void page_qpag_action_escalate(Web *w) {
  int64_t id = qpag_path(w);
  if (!id) return;
  char zField[32], zNote[32];
  snprintf(zField, sizeof zField, "escalated_on_%lld", (long long)id);
  snprintf(zNote, sizeof zNote, "note_%lld", (long long)id);
  Errors dateErr = {0};
  Date on = form_date_aside(w, zField, "the date it was escalated", 0, &dateErr);
  int rc = qpag_action_escalate(w->db, id, on, form_text(w, zNote), w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  for (int i = 0; i < w->err.n; i++) {
    const char *zTo = strcmp(w->err.a[i].zField, "note") == 0 ? zNote : zField;
    snprintf(w->err.a[i].zField, sizeof w->err.a[i].zField, "%s", zTo);
  }
  qpag_done_or_again(w, rc == 0, "qpag-escalated", id);
}

void page_qpag_thematic_add(Web *w) {
  Errors dateErr = {0};
  Date on = form_date_aside(w, "completed_on", "the date the review was completed", 0, &dateErr);
  int64_t id = thematic_add(w->db, form_text(w, "title"), on, form_text(w, "lead"), form_text(w, "summary"), w->today,
                            w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  qpag_done_or_again(w, id != 0, "thematic", 0);
}

/* ---- The monthly QPAG report ---------------------------------------------------------------- */

static const char zXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";


/* Those with aggregate reports but not the homes (the board) see the
** figures: the indicators and the counts by home, not the visits' findings,
** actions and items, whose words can name a child or a member of staff. */
static int qpag_figure_table(int k) {
  return k == QPAG_KPI || k == QPAG_HOMES || homes_monitoring_figure_table(k) || evidence_qpag_figure_table(k);
}

static void qpag_page(Web *w, const char *zMonth, const QpagReport *r) {
  int figuresOnly = !(w->caps & CAP_HOMES);
  if (figuresOnly) breadcrumbs(w, "Reports", "/reports", NULL);
  else breadcrumbs(w, "Homes", "/homes", NULL);
  page_begin(w, "Monthly QPAG report");
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Monthly QPAG report: children's homes</h1>\n"
                   "<form method=\"get\" action=\"/homes/qpag\" novalidate>\n");
  int shown = -1;
  if (zMonth[0]) month_parse(zMonth, &shown);
  input_month(w, "month", "Month", "For example, 2 2026", shown);
  button(w, "Show the report");
  html_raw(w->out, "</form>\n");
  if (r) {
    char zLong[24];
    month_long(r->month, zLong);
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n<p class=\"govuk-body\">For the Quality of Practice and Action "
                        "Group: thematic reviews, Regulation 44 visits with their findings, key performance indicators and "
                        "overdue actions. Everything as known on %D.</p>\n", zLong, (int)r->asOf);
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/homes/qpag.csv?month=%u\" download>Download CSV</a>"
                        " &middot; <a class=\"govuk-link\" href=\"/homes/qpag.xlsx?month=%u\" download>Download Excel</a></p>\n",
                zMonth, zMonth);
    static const int aOrder[] = {QPAG_KPI, QPAG_THEMATIC, QPAG_REG44, QPAG_SURVEYS, QPAG_SURVEY_QUESTIONS,
                                 QPAG_SURVEY_HISTORY, QPAG_QA_AUDITS, QPAG_QA_ACTIONS, QPAG_OVERDUE_ACTIONS,
                                 QPAG_HOMES, QPAG_OVERDUE_ITEMS, QPAG_WEEKLY, QPAG_OCCUPANCY, QPAG_STAFFING,
                                 QPAG_COMPLAINTS};
    RTable *aView = web_report_tables(w, (RTable *)r->aTab, QPAG_N_TABLES, figuresOnly);
    for (int i = 0; i < COUNT(aOrder); i++) {
      if (figuresOnly && !qpag_figure_table(aOrder[i])) continue;
      const RTable *t = &aView[aOrder[i]];
      html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h (%d)</h2>\n", t->zTitle, t->nRow);
      if (aOrder[i] == QPAG_HOMES && t->nRow && !web_hides_small_numbers(w)) {
        int aiSeries[] = {HM_OVERDUE, HM_OPEN};
        chart_svg(w->out, t, CHART_HBAR, 0, aiSeries, 2, "Items overdue and open, by home, at the month's end");
      }
      reports_table_html(t, w->out, 1);
    }
    web_tables_done(aView, (RTable *)r->aTab, QPAG_N_TABLES);
  }
  page_end(w);
}

/* fmt: 0 page, 1 CSV, 2 Excel. */
static void report_qpag(Web *w, int fmt) {
  char zMonth[16] = "";
  int month = report_month_param(w, zMonth);
  if (month < 0) {
    w->resp->status = 400;
    qpag_page(w, zMonth, NULL);
    return;
  }
  QpagReport r;
  qpag_report(w->db, month, w->today, &r);
  if (qpag_report_audit(w->db, &r, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, zRecordsGone);
  } else if (r.readError) {
    /* A short table would read as fewer surveys or audits: none at all. */
    w->resp->status = 503;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_reset(w->out);
    buf_puts(w->out, "The homes' records could not all be read, so the report is not shown. Try again in a moment.\n");
  } else if (fmt == 0) {
    qpag_page(w, zMonth, &r);
  } else if (fmt == 1) {
    char *z = xmprintf("attachment; filename=\"qpag-%s.csv\"", zMonth);
    w->resp->zType = "text/csv; charset=utf-8";
    http_set_header(w->resp, "Content-Disposition", z);
    free(z);
    if (w->caps & CAP_HOMES) {
      qpag_report_csv(&r, w->out);
    } else {
      RTable *aView = web_report_tables(w, r.aTab, QPAG_N_TABLES, 1);
      RTable aFig[QPAG_N_TABLES];
      int nFig = 0;
      aFig[nFig++] = aView[QPAG_KPI];
      aFig[nFig++] = aView[QPAG_HOMES];
      for (int k = 0; k < QPAG_N_TABLES; k++)
        if (homes_monitoring_figure_table(k) || evidence_qpag_figure_table(k)) aFig[nFig++] = aView[k];
      reports_csv(aFig, nFig, w->out);
      web_tables_done(aView, r.aTab, QPAG_N_TABLES);
    }
  } else {
    const char *zErr = NULL;
    Buf x = {0};
    RTable *aView = web_report_tables(w, r.aTab, QPAG_N_TABLES, !(w->caps & CAP_HOMES));
    RTable aFig[QPAG_N_TABLES];
    int nFig = 0;
    for (int k = 0; k < QPAG_N_TABLES; k++)
      if ((w->caps & CAP_HOMES) || qpag_figure_table(k)) aFig[nFig++] = aView[k];
    int rc = reports_xlsx_buf(aFig, nFig, &x, &zErr);
    web_tables_done(aView, r.aTab, QPAG_N_TABLES);
    if (rc != 0) {
      w->resp->status = 500;
      w->resp->zType = "text/plain; charset=utf-8";
      buf_printf(w->out, "The Excel file could not be made: %s.\n", zErr);
    } else {
      char *z = xmprintf("attachment; filename=\"qpag-%s.xlsx\"", zMonth);
      w->resp->zType = zXlsxType;
      http_set_header(w->resp, "Content-Disposition", z);
      free(z);
      buf_reset(w->out);
      buf_append(w->out, x.z, x.n);
    }
    buf_free(&x);
  }
  qpag_report_free(&r);
}

void page_qpag_report(Web *w) { report_qpag(w, 0); }
void page_qpag_report_csv(Web *w) { report_qpag(w, 1); }
void page_qpag_report_xlsx(Web *w) { report_qpag(w, 2); }
