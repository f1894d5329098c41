/*
** web_escalations.c: escalation and dispute resolution pages (SPEC §5):
** the list with its filters, the weekly list of outstanding escalations
** (and its CSV), raising an escalation, and one escalation's page with the
** forms that record a response, move it to the next stage and close it.
**
** Every view of one escalation is written to the audit log (under the
** escalation and each of its children) before it is shown; a view that
** cannot be audited is not shown. A form sent back with errors shows the
** page the user has just viewed (and that view was audited), so it is not
** audited again: a POST with mistakes changes nothing.
*/
#include "recommendations.h"
#include "web.h"
#include "escalations.h"
#include "reports.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ------------------------------------------------------------ */


/* A stage in words with a capital: "Informal stage", "Stage 1 (team manager)". */
static void stage_words(int stage, char *zOut, size_t nOut) {
  snprintf(zOut, nOut, "%s", escalation_stage_label(stage));
  if (zOut[0] >= 'a' && zOut[0] <= 'z') zOut[0] = (char)(zOut[0] - 32);
}

/* The process time limit in words: "20 working days". */
static void total_limit_words(char *zOut, size_t nOut) {
  const Rule *r = rule("escalation_total");
  char zUnit[32];
  snprintf(zUnit, sizeof zUnit, "%s", cal_unit_name(r->unit));
  for (char *p = zUnit; *p; p++) {
    if (*p == '-') *p = ' ';
  }
  snprintf(zOut, nOut, "%d %s", r->amount, zUnit);
}

/* "/escalations/ID" and zSuffix. Caller frees. */
static char *escalation_url(int64_t id, const char *zSuffix) {
  return xmprintf("/escalations/%lld%s", (long long)id, zSuffix);
}

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

/* Text someone typed, keeping their line breaks. */
static void multiline(Web *w, const char *z) {
  for (const char *p = z; *p; p++) {
    if (*p == '\n') {
      html_raw(w->out, "<br>");
    } else if (*p != '\r') {
      char c[2] = {*p, 0};
      html_escape(w->out, c);
    }
  }
}

static void child_links(Web *w, const Escalation *e) {
  for (int i = 0; i < e->nChild; i++) {
    html_printf(w->out, "%h<a class=\"govuk-link\" href=\"/children/%u\">%h</a>", i ? ", " : "",
                e->aChild[i].zRef, e->aChild[i].zRef);
  }
}

static void tag(Web *w, const char *zClass, const char *zText) {
  html_printf(w->out, "<strong class=\"govuk-tag %h\">%h</strong>", zClass, zText);
}

/* Where the escalation stands on asOf, as tags: closed (green), overdue
** (red), answered or waiting; and whether the whole process ran too long. */
static void status_tags(Web *w, const Escalation *e, Date asOf) {
  const EscalationStage *cur = escalation_current_stage(e, asOf);
  if (!escalation_is_open(e, asOf)) {
    tag(w, "govuk-tag--green", "Closed");
  } else if (escalation_overdue(e, asOf)) {
    tag(w, "govuk-tag--red", "Overdue");
  } else if (cur && cur->responded != DATE_NONE && cur->responded <= asOf) {
    tag(w, "govuk-tag--blue", "Response received");
  } else {
    tag(w, "govuk-tag--grey", "Waiting for a response");
  }
  if (escalation_flagged(e, asOf)) {
    char zLimit[48], zText[80];
    total_limit_words(zLimit, sizeof zLimit);
    snprintf(zText, sizeof zText, "Past %s", zLimit);
    html_raw(w->out, " ");
    tag(w, "govuk-tag--orange", zText);
  }
}

/* A table of escalations: number, raised, children, category, stage,
** responder, response due, status. */
enum { EC_ID, EC_RAISED, EC_CHILDREN, EC_CATEGORY, EC_STAGE, EC_RESPONDER, EC_DUE, EC_STATUS, EC_N };
static const RColumn aEcCol[EC_N] = {
  {"escalation_id", "Number", RCOL_INT, 10},
  {"raised_on", "Raised", RCOL_DATE, 13},
  {"children", "Children", RCOL_TEXT, 16},
  {"category", "Category", RCOL_TEXT, 18},
  {"stage", "Current stage", RCOL_TEXT, 24},
  {"responder", "Who must respond", RCOL_TEXT, 22},
  {"response_due", "Response due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 24},
};

/* Fill t (its columns set here) with the escalations, as on asOf; each
** child named is noted in p when there is one (for a download's audit). */
static void escalation_rows(Web *w, RTable *t, const Escalation *const *ap, int n, Date asOf, PageTables *p) {
  t->aCol = aEcCol;
  t->nCol = EC_N;
  Buf *save = w->out;
  for (int i = 0; i < n; i++) {
    const Escalation *e = ap[i];
    const EscalationStage *cur = escalation_current_stage(e, asOf);
    char zCat[40], zStage[64];
    escalation_code_words(e->zCategory, zCat, sizeof zCat);
    stage_words(cur ? cur->stage : 0, zStage, sizeof zStage);
    rtable_row(t);
    Buf h = {0};
    html_printf(&h, "<a class=\"govuk-link\" href=\"/escalations/%lld\"><span class=\"govuk-visually-hidden\">Escalation </span>%lld</a>",
                (long long)e->id, (long long)e->id);
    rtable_num(t, EC_ID, e->id);
    rtable_html(t, EC_ID, h.z);
    rtable_num(t, EC_RAISED, e->raised);
    Buf refs = {0};
    for (int k = 0; k < e->nChild; k++) {
      buf_printf(&refs, "%s%s", k ? ", " : "", e->aChild[k].zRef);
      if (p) page_tables_child(p, e->aChild[k].zRef);
    }
    rtable_text(t, EC_CHILDREN, refs.z);
    buf_reset(&h);
    w->out = &h;
    child_links(w, e);
    rtable_html(t, EC_CHILDREN, h.z ? h.z : "");
    rtable_text(t, EC_CATEGORY, zCat);
    rtable_text(t, EC_STAGE, cur ? zStage : "");
    rtable_text(t, EC_RESPONDER, cur ? cur->zResponder : "");
    if (cur && escalation_is_open(e, asOf)) rtable_num(t, EC_DUE, cur->due);
    /* The status as words for the download, as tags on the page. */
    buf_reset(&refs);
    if (!escalation_is_open(e, asOf)) buf_puts(&refs, "Closed");
    else if (escalation_overdue(e, asOf)) buf_puts(&refs, "Overdue");
    else if (cur && cur->responded != DATE_NONE && cur->responded <= asOf) buf_puts(&refs, "Response received");
    else buf_puts(&refs, "Waiting for a response");
    if (escalation_flagged(e, asOf)) {
      char zLimit[48];
      total_limit_words(zLimit, sizeof zLimit);
      buf_printf(&refs, "; past %s", zLimit);
    }
    rtable_text(t, EC_STATUS, refs.z);
    buf_reset(&h);
    status_tags(w, e, asOf);
    rtable_html(t, EC_STATUS, h.z ? h.z : "");
    w->out = save;
    buf_free(&refs);
    buf_free(&h);
  }
}

/* 1 when the user may act on the escalation: may change the record of
** every child it is about (an IRO: their own caseload or cover). */
static int may_change_escalation(Web *w, const Escalation *e) {
  if (!(w->caps & CAP_ESCALATE)) return 0;
  if (w->caps & CAP_ANY_CHILD) return 1;
  if (!e->nChild) return 0;
  for (int i = 0; i < e->nChild; i++) {
    if (!may_change_child_id(w, e->aChild[i].id)) return 0;
  }
  return 1;
}

/* The escalation named by the first path segment into *e: 1, or 0 with
** the 404 page written. */
static int path_escalation(Web *w, Escalation *e) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0 || !escalation_load(w->db, id, e)) {
    not_found(w);
    return 0;
  }
  return 1;
}

/* ---- The list ------------------------------------------------------------------- */

/* Value/label pairs for a select, with a first "any" choice. Caller frees
** the array (the strings are owned by aLabel). */
static const char **code_choices(const char *zAny, const char *const *azCode, int n, char (*aLabel)[40]) {
  const char **az = xmalloc((size_t)(n * 2 + 3) * sizeof *az);
  int k = 0;
  az[k++] = "";
  az[k++] = zAny;
  for (int i = 0; i < n; i++) {
    escalation_code_words(azCode[i], aLabel[i], sizeof aLabel[i]);
    az[k++] = azCode[i];
    az[k++] = aLabel[i];
  }
  az[k] = NULL;
  return az;
}

typedef struct Locality { char zId[24]; char *zName; } Locality;

static Locality *localities_load(Db *db, int *pn) {
  Locality *a = NULL;
  int n = 0, cap = 0;
  Stmt *s = db_query(db, "SELECT id, name FROM locality ORDER BY name, id", "");
  while (s && db_step(s) == DB_ROW) {
    if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *a);
    snprintf(a[n].zId, sizeof a[n].zId, "%lld", (long long)db_col_int(s, 0));
    a[n].zName = xstrdup(db_col_text(s, 1));
    n++;
  }
  if (s) db_finalize(s);
  *pn = n;
  return a;
}

static void localities_free(Locality *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zName);
  free(a);
}

void page_escalations(Web *w) {
  /* The filters, from the query string; anything unknown means "any". */
  const char *zStage = http_query(w->req, "stage");
  const char *zCategory = http_query(w->req, "category");
  const char *zLocality = http_query(w->req, "locality");
  const char *zShow = http_query(w->req, "show");
  if (!zStage) zStage = "";
  if (!zCategory) zCategory = "";
  if (!zLocality) zLocality = "";
  if (!zShow || (strcmp(zShow, "open") && strcmp(zShow, "overdue") && strcmp(zShow, "closed") && strcmp(zShow, "all"))) {
    zShow = "open";
  }
  EscalationFilter f;
  escalation_filter_init(&f, w->today);
  f.stage = *zStage ? escalation_stage_parse(zStage) : -1;
  if (f.stage < 0) zStage = "";
  int known = 0;
  for (int i = 0; i < escalation_n_categories; i++) known |= strcmp(zCategory, escalation_categories[i]) == 0;
  if (known) f.zCategory = zCategory;
  else zCategory = "";
  int nLoc;
  Locality *aLoc = localities_load(w->db, &nLoc);
  long loc = 0;
  if (*zLocality && parse_int(zLocality, 1, 2000000000L, &loc) == 0) {
    for (int i = 0; i < nLoc; i++) {
      if (strcmp(aLoc[i].zId, zLocality) == 0) f.localityId = loc;
    }
  }
  if (!f.localityId) zLocality = "";
  f.openOnly = strcmp(zShow, "open") == 0;
  f.overdueOnly = strcmp(zShow, "overdue") == 0;
  int closedOnly = strcmp(zShow, "closed") == 0;

  EscalationList l = {0};
  if (escalation_list(w->db, &f, &l) < 0) {
    localities_free(aLoc, nLoc);
    return;   /* noted on the connection: the skeleton's error page */
  }
  const Escalation **ap = xmalloc((size_t)(l.n + 1) * sizeof *ap);
  int n = 0;
  for (int i = l.n - 1; i >= 0; i--) {   /* newest first */
    if (closedOnly && escalation_is_open(&l.a[i], w->today)) continue;
    ap[n++] = &l.a[i];
  }

  PageTables pt = {0};
  char zCaption[80];
  snprintf(zCaption, sizeof zCaption, n == 1 ? "1 escalation" : "%d escalations", n);
  RTable *t = page_table(&pt, "Escalations", zCaption, "No escalations match.", aEcCol, EC_N);
  escalation_rows(w, t, ap, n, w->today, &pt);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "escalations");
    page_tables_free(&pt);
    free(ap);
    escalation_list_free(&l);
    localities_free(aLoc, nLoc);
    return;
  }
  page_begin(w, "Escalations");
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Escalations</h1>\n"
                   "<p class=\"govuk-body\">Escalations raised by IROs about children's plans and care. Each stage "
                   "must be answered by its due date; one that is not can be moved on to the next stage.</p>\n");
  if (w->caps & CAP_ESCALATE) {
    html_raw(w->out, "<div class=\"govuk-button-group\"><a href=\"/escalations/new\" role=\"button\" draggable=\"false\""
                     " class=\"govuk-button\" data-module=\"govuk-button\">Raise an escalation</a>");
  } else {
    html_raw(w->out, "<div class=\"govuk-button-group\">");
  }
  if (w->caps & CAP_SERVICE_VIEW) {
    html_raw(w->out, "<a class=\"govuk-link\" href=\"/escalations/weekly\">Weekly list of outstanding escalations</a>");
  }
  html_raw(w->out, "</div>\n");

  /* The filters: a GET form, so the result can be bookmarked and works without JavaScript. */
  html_raw(w->out, "<form method=\"get\" action=\"/escalations\" class=\"app-filter\" novalidate>\n"
                   "<h2 class=\"govuk-heading-m\">Filter the list</h2>\n<div class=\"govuk-grid-row\">\n"
                   "<div class=\"govuk-grid-column-one-quarter\">\n");
  static const char *const azShow[] = {"open", "Open", "overdue", "Overdue or past the time limit",
                                       "closed", "Closed", "all", "All", NULL};
  input_radios(w, "show", "Show", NULL, azShow, zShow, 0);
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-quarter\">\n");
  const char *azStage[2 * ESC_N_STAGES + 3];
  char aStageLabel[ESC_N_STAGES][64];
  int k = 0;
  azStage[k++] = "";
  azStage[k++] = "Any stage";
  for (int i = 0; i < ESC_N_STAGES; i++) {
    stage_words(i, aStageLabel[i], sizeof aStageLabel[i]);
    azStage[k++] = escalation_stage_name(i);
    azStage[k++] = aStageLabel[i];
  }
  azStage[k] = NULL;
  input_select(w, "stage", "Current stage", NULL, azStage, f.stage >= 0 ? escalation_stage_name(f.stage) : "");
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-quarter\">\n");
  char (*aCatLabel)[40] = xmalloc((size_t)escalation_n_categories * sizeof *aCatLabel);
  const char **azCat = code_choices("Any category", escalation_categories, escalation_n_categories, aCatLabel);
  input_select(w, "category", "Category", NULL, azCat, zCategory);
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-quarter\">\n");
  const char **azLoc = xmalloc((size_t)(nLoc * 2 + 3) * sizeof *azLoc);
  k = 0;
  azLoc[k++] = "";
  azLoc[k++] = "Any locality";
  for (int i = 0; i < nLoc; i++) {
    azLoc[k++] = aLoc[i].zId;
    azLoc[k++] = aLoc[i].zName;
  }
  azLoc[k] = NULL;
  input_select(w, "locality", "Locality", NULL, azLoc, zLocality);
  html_raw(w->out, "</div>\n</div>\n<button type=\"submit\" class=\"govuk-button govuk-button--secondary\""
                   " data-module=\"govuk-button\">Apply filters</button>\n</form>\n");

  if (n) {
    reports_table_html(t, w->out, 1);
    download_links(w, "/escalations", pt.n);
  } else {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">No escalations match</h2>\n"
                     "<p class=\"govuk-body\">Change the filters above, or choose All to see every escalation.</p>\n");
  }
  page_end(w);
  page_tables_free(&pt);
  free(azLoc);
  free(azCat);
  free(aCatLabel);
  free(ap);
  escalation_list_free(&l);
  localities_free(aLoc, nLoc);
}

/* ---- The weekly list -------------------------------------------------------------- */

void page_escalations_weekly(Web *w) {
  WeeklyList wl;
  if (escalation_weekly(w->db, w->today, &wl) != DB_OK) return;   /* noted: the skeleton's error page */
  breadcrumbs(w, "Escalations", "/escalations", NULL);
  page_begin(w, "Weekly list of outstanding escalations");
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">Weekly list of outstanding escalations</h1>\n"
                      "<p class=\"govuk-body\">Escalations open on %D, by locality, the earliest response due first. "
                      "Send each locality's managers their list.</p>\n"
                      "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/escalations/weekly.xlsx\" download>"
                      "Download the list as an Excel workbook</a></li>\n<li><a class=\"govuk-link\" href=\"/escalations/weekly.csv\" download>"
                      "Download the list as CSV</a></li></ul>\n",
              (int)w->today);
  if (!wl.nGroup) {
    html_raw(w->out, "<p class=\"govuk-body\">There are no open escalations.</p>\n");
  }
  for (int g = 0; g < wl.nGroup; g++) {
    const WeeklyGroup *gr = &wl.aGroup[g];
    const char *zName = gr->zLocality ? gr->zLocality : "No locality recorded";
    html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", zName);
    char zCaption[200];
    snprintf(zCaption, sizeof zCaption, "%s: %d open", zName, gr->n);
    RTable t = {.zTitle = zCaption, .captioned = 1};
    escalation_rows(w, &t, gr->ap, gr->n, wl.asOf, NULL);
    reports_table_html(&t, w->out, 1);
    rtable_clear(&t);
  }
  page_end(w);
  escalation_weekly_free(&wl);
}

void page_escalations_weekly_csv(Web *w) {
  WeeklyList wl;
  if (escalation_weekly(w->db, w->today, &wl) != DB_OK) return;   /* noted: the skeleton's error page */
  Buf csv = {0};
  escalation_weekly_csv(&wl, &csv);
  char zDay[11], zDisp[80];
  snprintf(zDisp, sizeof zDisp, "attachment; filename=\"escalations-weekly-%s.csv\"", date_iso(w->today, zDay));
  w->resp->zType = "text/csv; charset=utf-8";
  http_set_header(w->resp, "Content-Disposition", zDisp);
  buf_append(w->out, csv.z ? csv.z : "", csv.n);
  buf_free(&csv);
  escalation_weekly_free(&wl);
}

/* The weekly list as a workbook: the CSV's columns, with real dates. */
static const RColumn aWeeklyCol[] = {
  {"locality", "Locality", RCOL_TEXT, 20},
  {"escalation_ref", "Escalation", RCOL_INT, 11},
  {"raised_on", "Raised", RCOL_DATE, 13},
  {"children", "Children", RCOL_TEXT, 16},
  {"category", "Category", RCOL_TEXT, 18},
  {"topic", "Topic", RCOL_TEXT, 14},
  {"stage", "Stage", RCOL_TEXT, 19},
  {"responder", "Responder", RCOL_TEXT, 22},
  {"stage_started_on", "Stage started", RCOL_DATE, 13},
  {"response_due", "Response due", RCOL_DATE, 13},
  {"stage_overdue", "Response overdue", RCOL_TEXT, 10},
  {"process_due", "Whole process due", RCOL_DATE, 13},
  {"process_flagged", "Past the time limit", RCOL_TEXT, 10},
  {"responder_email", "Responder's email", RCOL_TEXT, 28},
};

void page_escalations_weekly_xlsx(Web *w) {
  WeeklyList wl;
  if (escalation_weekly(w->db, w->today, &wl) != DB_OK) return;   /* noted: the skeleton's error page */
  RTable t = {.zSheet = "Outstanding escalations", .zTitle = "Outstanding escalations",
              .zEmpty = "There are no open escalations.", .aCol = aWeeklyCol, .nCol = COUNT(aWeeklyCol)};
  for (int g = 0; g < wl.nGroup; g++) {
    for (int i = 0; i < wl.aGroup[g].n; i++) {
      const Escalation *e = wl.aGroup[g].ap[i];
      const EscalationStage *cur = escalation_current_stage(e, w->today);
      Buf refs = {0};
      for (int k = 0; k < e->nChild; k++) buf_printf(&refs, "%s%s", k ? "; " : "", e->aChild[k].zRef);
      rtable_row(&t);
      rtable_text(&t, 0, wl.aGroup[g].zLocality);
      rtable_num(&t, 1, e->id);
      rtable_num(&t, 2, e->raised);
      rtable_text(&t, 3, refs.z);
      rtable_text(&t, 4, e->zCategory);
      rtable_text(&t, 5, e->zTopic);
      rtable_text(&t, 6, cur ? escalation_stage_name(cur->stage) : NULL);
      rtable_text(&t, 7, cur ? cur->zResponder : NULL);
      rtable_num(&t, 8, cur ? cur->started : DATE_NONE);
      rtable_num(&t, 9, cur ? cur->due : DATE_NONE);
      rtable_text(&t, 10, escalation_overdue(e, w->today) ? "yes" : "no");
      rtable_num(&t, 11, escalation_total_due(e));
      rtable_text(&t, 12, escalation_flagged(e, w->today) ? "yes" : "no");
      rtable_text(&t, 13, cur ? cur->zResponderEmail : NULL);
      buf_free(&refs);
    }
  }
  Buf x = {0};
  const char *zErr = NULL;
  if (reports_xlsx_buf(&t, 1, &x, &zErr) != 0) {
    w->resp->status = 500;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_printf(w->out, "The workbook could not be made: %s\n", zErr ? zErr : "unknown error");
  } else {
    char zDay[11], zDisp[80];
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"escalations-weekly-%s.xlsx\"", date_iso(w->today, zDay));
    w->resp->zType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    http_set_header(w->resp, "Content-Disposition", zDisp);
    buf_append(w->out, x.z, x.n);
  }
  buf_free(&x);
  rtable_clear(&t);
  escalation_weekly_free(&wl);
}

/* ---- Raising an escalation ---------------------------------------------------------- */

static const char **radio_choices(const char *const *azCode, int n, char (*aLabel)[40]) {
  const char **az = xmalloc((size_t)(n * 2 + 1) * sizeof *az);
  int k = 0;
  for (int i = 0; i < n; i++) {
    escalation_code_words(azCode[i], aLabel[i], sizeof aLabel[i]);
    az[k++] = azCode[i];
    az[k++] = aLabel[i];
  }
  az[k] = NULL;
  return az;
}

/* The recommendation an escalation is raised from (?recommendation= on the
** way in, a hidden field on the way back), when it names one: 1 and *r
** loaded, else 0. */
static int raise_recommendation(Web *w, const char *zId, RecRecord *r) {
  long id;
  if (!zId || !*zId || parse_int(zId, 1, 2000000000L, &id) != 0) return 0;
  return rec_load(w->db, id, r);
}

static void raise_form(Web *w, const char *zChildren, Date raised, const RecRecord *rec) {
  const char *zTitle = "Raise an escalation";
  page_begin(w, zTitle);
  back_link(w, "/escalations", "Back to escalations");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n"
                      "<p class=\"govuk-body\">Raise an escalation when a child's plan or care is not going as it "
                      "should and talking it through has not put it right. Whoever must respond has ", zTitle);
  const Rule *r = rule("escalation_stage_response");
  char zUnit[32];
  snprintf(zUnit, sizeof zUnit, "%s", cal_unit_name(r->unit));
  for (char *p = zUnit; *p; p++) {
    if (*p == '-') *p = ' ';
  }
  char zLimit[48];
  total_limit_words(zLimit, sizeof zLimit);
  html_printf(w->out, "%d %h to answer, and the whole process should finish within %h.</p>\n", r->amount, zUnit, zLimit);
  form_begin(w, "/escalations");
  if (rec) {
    /* Said before the fields: what the escalation is about comes first. */
    html_printf(w->out, "<div class=\"govuk-inset-text\">Raised from the recommendation of the review on %D: "
                        "&ldquo;%h&rdquo;, due %D.</div>\n<input type=\"hidden\" name=\"recommendation\" value=\"%lld\">\n",
                (int)rec->held, rec->zText, (int)rec->due, (long long)rec->id);
  }
  input_text(w, "children", "Which children is it about?",
             "Enter one or more child IDs, separated by commas, for example 100234, 100235", zChildren, "off");
  char (*aCat)[40] = xmalloc((size_t)escalation_n_categories * sizeof *aCat);
  const char **azCat = radio_choices(escalation_categories, escalation_n_categories, aCat);
  input_radios(w, "category", "Category", NULL, azCat, form_text(w, "category"), 0);
  char (*aTopic)[40] = xmalloc((size_t)escalation_n_topics * sizeof *aTopic);
  const char **azTopic = radio_choices(escalation_topics, escalation_n_topics, aTopic);
  input_radios(w, "topic", "Topic", NULL, azTopic, form_text(w, "topic"), 0);
  char *zConcern = NULL;
  if (rec && !*form_text(w, "concern")) {
    char z[24];
    zConcern = xmprintf("The review recommendation \"%s\" was due on %s and has not been done.", rec->zText,
                        date_long(rec->due, z));
  }
  input_textarea(w, "concern", "What is the concern?", "Say what is wrong and how it affects the child.",
                 zConcern ? zConcern : form_text(w, "concern"));
  free(zConcern);
  input_textarea(w, "outcome_wanted", "What outcome do you want?", "For example: a permanence plan agreed by the next review.",
                 form_text(w, "outcome_wanted"));
  const char *azStage[2 * ESC_N_STAGES + 1];
  char aStageLabel[ESC_N_STAGES][64];
  int k = 0;
  for (int i = 0; i < ESC_N_STAGES; i++) {
    stage_words(i, aStageLabel[i], sizeof aStageLabel[i]);
    azStage[k++] = escalation_stage_name(i);
    azStage[k++] = aStageLabel[i];
  }
  azStage[k] = NULL;
  const char *zStage = form_text(w, "stage");
  input_select(w, "stage", "Which stage does it start at?", "Most escalations start at the informal stage.", azStage,
               *zStage ? zStage : escalation_stage_name(ESC_STAGE_INFORMAL));
  input_text(w, "responder", "Who must respond first?", "Their name and role, for example: Sam Lee, social worker",
             form_text(w, "responder"), "off");
  input_text(w, "responder_email", "Their email address (optional)",
             "Oversight emails them that the escalation needs their response, and a reminder before it is due",
             form_text(w, "responder_email"), "off");
  input_date(w, "raised_on", "Date raised", "For example, 27 3 2026", raised);
  button(w, "Raise escalation");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(azCat);
  free(aCat);
  free(azTopic);
  free(aTopic);
}

void page_escalation_new(Web *w) {
  const char *zChild = http_query(w->req, "child");
  RecRecord rec;
  int hasRec = raise_recommendation(w, http_query(w->req, "recommendation"), &rec);
  raise_form(w, hasRec ? rec.zChildRef : zChild ? zChild : "", w->today, hasRec ? &rec : NULL);
  if (hasRec) rec_clear(&rec);
}

void page_escalation_create(Web *w) {
  const char *zChildren = form_text(w, "children");
  /* Split the IDs on commas (and spaces, which people type too). */
  char *zCopy = xstrdup(zChildren);
  const char **azChild = xmalloc((strlen(zCopy) / 2 + 2) * sizeof *azChild);
  int nChild = 0;
  for (char *p = strtok(zCopy, ", \t\r\n;"); p; p = strtok(NULL, ", \t\r\n;")) azChild[nChild++] = p;
  /* Raising one is a change to each child's record; an ID that names no
  ** child is left for escalation_raise to report in the form. */
  for (int i = 0; i < nChild; i++) {
    int64_t childId = child_id_for_ref(w->db, azChild[i]);
    if (childId && !may_change_child_id(w, childId)) {
      free(azChild);
      free(zCopy);
      forbidden_child(w);
      return;
    }
  }
  Errors dateErr = {0};
  Date raised = form_date_aside(w, "raised_on", "the date the escalation was raised", 1, &dateErr);
  EscalationInput in = {
    .azChild = azChild, .nChild = nChild,
    .zCategory = form_text(w, "category"), .zTopic = form_text(w, "topic"),
    .zConcern = form_text(w, "concern"), .zOutcomeWanted = form_text(w, "outcome_wanted"),
    .zRaisedBy = w->sess.user.zDisplayName, .iroId = w->sess.user.iroId,
    .zLocality = NULL, .zStage = form_text(w, "stage"), .zResponder = form_text(w, "responder"),
    .zResponderEmail = form_text(w, "responder_email"), .raised = raised,
  };
  /* A date the form could not read is DATE_NONE, which the domain refuses
  ** before it writes anything; every other mistake is reported with it. */
  /* From a recommendation: it must be about one of the children named,
  ** and the link is written with the escalation or not at all. */
  RecRecord rec;
  int hasRec = raise_recommendation(w, form_text(w, "recommendation"), &rec);
  int recChildNamed = 0;
  for (int i = 0; hasRec && i < nChild; i++) recChildNamed |= strcmp(azChild[i], rec.zChildRef) == 0;
  if (*form_text(w, "recommendation") && !hasRec) {
    errors_add(&w->err, "children", "The recommendation this was raised from is no longer recorded: raise it from the child's page");
  } else if (hasRec && !recChildNamed) {
    errors_add(&w->err, "children", "Include child %s: the escalation is raised from their recommendation", rec.zChildRef);
  }
  int64_t id = 0;
  if (!w->err.n) {
    db_begin(w->db);
    id = escalation_raise(w->db, &in, w->today, w->sess.user.zUsername, &w->err);
    int rc = id ? DB_OK : DB_ERROR;
    if (rc == DB_OK && hasRec) rc = rec_link_escalation(w->db, rec.id, id, w->sess.user.zUsername);
    if (rc == DB_OK) rc = db_commit(w->db);
    else db_rollback(w->db);
    if (rc != DB_OK) {
      if (!w->err.n) errors_add(&w->err, "children", "Could not save the escalation: %s", db_errmsg(w->db));
      id = 0;
    }
  }
  errors_aside_first(w, &dateErr, 0);
  static const char *const azKnown[] = {"children", "category", "topic", "concern", "outcome_wanted",
                                        "stage", "responder", "responder_email", "raised_on", NULL};
  errors_move(w, azKnown, "children");
  if (!w->err.n && id) {
    char *zUrl = escalation_url(id, "?saved=escalation");
    redirect(w, zUrl);
    free(zUrl);
  } else {
    raise_form(w, zChildren, raised, hasRec ? &rec : NULL);
  }
  if (hasRec) rec_clear(&rec);
  free(azChild);
  free(zCopy);
}

/* ---- One escalation ----------------------------------------------------------------- */

static void stage_section(Web *w, const Escalation *e, const EscalationStage *s, int current) {
  char zStage[64];
  stage_words(s->stage, zStage, sizeof zStage);
  html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                      "<h3 class=\"govuk-summary-card__title\">%h%h</h3></div>\n"
                      "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n",
              zStage, current && e->closed == DATE_NONE ? " (current stage)" : "");
  if (s->zMovedReason) {
    summary_row_begin(w, "Why it moved to this stage");
    multiline(w, s->zMovedReason);
    summary_row_end(w);
  }
  summary_row_begin(w, "Started");
  html_printf(w->out, "%D", (int)s->started);
  summary_row_end(w);
  summary_row(w, "Who must respond", s->zResponder);
  if (s->zResponderEmail) summary_row(w, "Their email address", s->zResponderEmail);
  summary_row_begin(w, "Response due");
  html_printf(w->out, "%D ", (int)s->due);
  status_tag(w, escalation_stage_status(s, w->today));
  summary_row_end(w);
  summary_row_begin(w, "Response");
  if (s->zResponse && s->responded != DATE_NONE) {
    multiline(w, s->zResponse);
    html_printf(w->out, "<br><span class=\"govuk-hint\">Given on %D</span>", (int)s->responded);
  } else {
    html_raw(w->out, "No response yet");
  }
  summary_row_end(w);
  html_raw(w->out, "</dl></div></div>\n");
}

/* The escalation's page; the view has been audited (or is a form sent
** back with errors: see the top of this file). */
static void escalation_page(Web *w, const Escalation *e) {
  char zTitle[64], zCat[40], zTopic[40], z[64];
  snprintf(zTitle, sizeof zTitle, "Escalation %lld", (long long)e->id);
  int open = e->closed == DATE_NONE;
  const EscalationStage *cur = e->nStage ? &e->aStage[e->nStage - 1] : NULL;
  escalation_code_words(e->zCategory, zCat, sizeof zCat);
  escalation_code_words(e->zTopic, zTopic, sizeof zTopic);
  breadcrumbs(w, "Escalations", "/escalations", NULL);
  page_begin(w, zTitle);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h: %h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              zCat, zTopic, zTitle);

  /* What to do next, in one sentence. */
  if (!open) {
    escalation_code_words(e->zOutcome, z, sizeof z);
    html_printf(w->out, "<div class=\"govuk-inset-text\">This escalation was closed on %D (%h). Nothing more is needed.</div>\n",
                (int)e->closed, z);
  } else if (cur && escalation_overdue(e, w->today)) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">The response from %h was due on %D and has not been recorded. "
                        "Record it if it has come, or move the escalation on to the next stage.</div>\n",
                cur->zResponder, (int)cur->due);
  } else if (cur && cur->responded == DATE_NONE) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">Waiting for a response from %h by %D.</div>\n",
                cur->zResponder, (int)cur->due);
  } else if (cur) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">A response has been recorded. If it resolves the concern, close "
                     "the escalation; if not, move it on to the next stage.</div>\n");
  }

  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  summary_row_begin(w, "Status");
  status_tags(w, e, w->today);
  summary_row_end(w);
  summary_row_begin(w, "Children");
  child_links(w, e);
  summary_row_end(w);
  summary_row_begin(w, "Raised");
  html_printf(w->out, "%D by %h", (int)e->raised, e->zRaisedBy);
  summary_row_end(w);
  RecRecord rec;
  int64_t recId = rec_for_escalation(w->db, e->id);
  if (recId && rec_load(w->db, recId, &rec)) {
    summary_row_begin(w, "Raised from");
    html_printf(w->out, "<a class=\"govuk-link\" href=\"/children/%u/recommendations/%lld\">the recommendation of the review on %D</a>: %h",
                rec.zChildRef, (long long)rec.id, (int)rec.held, rec.zText);
    summary_row_end(w);
    rec_clear(&rec);
  }
  if (e->zIro) summary_row(w, "IRO", e->zIro);
  const char *zLoc = NULL;
  escalation_locality(e, &zLoc);
  summary_row(w, "Locality", zLoc ? zLoc : "Not recorded");
  summary_row(w, "Category", zCat);
  summary_row(w, "Topic", zTopic);
  summary_row_begin(w, "Concern");
  multiline(w, e->zConcern);
  summary_row_end(w);
  summary_row_begin(w, "Outcome wanted");
  multiline(w, e->zOutcomeWanted);
  summary_row_end(w);
  if (cur) {
    stage_words(cur->stage, z, sizeof z);
    summary_row(w, open ? "Current stage" : "Last stage", z);
  }
  summary_row_begin(w, "Should finish by");
  html_printf(w->out, "%D", (int)escalation_total_due(e));
  summary_row_end(w);
  if (!open) {
    summary_row_begin(w, "Closed");
    html_printf(w->out, "%D", (int)e->closed);
    summary_row_end(w);
    escalation_code_words(e->zOutcome, z, sizeof z);
    summary_row(w, "Outcome", z);
    summary_row_begin(w, "Impact for the child");
    multiline(w, e->zImpact ? e->zImpact : "");
    summary_row_end(w);
  }
  html_raw(w->out, "</dl>\n<h2 class=\"govuk-heading-m\">Stages</h2>\n");
  for (int i = 0; i < e->nStage; i++) stage_section(w, e, &e->aStage[i], i == e->nStage - 1);

  if (open && cur && (w->caps & CAP_ESCALATE) && !may_change_escalation(w, e)) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">Only the IRO of the children it is about, an IRO covering"
                     " for them, or a QA manager can record a response, move it on or close it.</div>\n");
  }
  if (open && cur && may_change_escalation(w, e)) {
    char *zAction;
    char zStagePhrase[80];
    snprintf(zStagePhrase, sizeof zStagePhrase, "%s", escalation_stage_phrase(cur->stage));
    html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");

    /* Respond. */
    int answered = cur->responded != DATE_NONE;
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"respond-heading\">%h</h2>\n",
                answered ? "Correct the response" : "Record the response");
    html_printf(w->out, "<p class=\"govuk-body\">The response from %h at %h.</p>\n", cur->zResponder, zStagePhrase);
    zAction = escalation_url(e->id, "/respond");
    form_begin(w, zAction);
    free(zAction);
    const char *zTyped = http_form(w->req, "response");
    input_textarea(w, "response", "Response", NULL, zTyped ? form_text(w, "response") : answered ? cur->zResponse : "");
    Date on = http_form(w->req, "responded_on-day") ? form_date(w, "responded_on", "the date", 0)
              : answered ? cur->responded : w->today;
    input_date(w, "responded_on", "Date of the response", "For example, 27 3 2026", on);
    button(w, "Save response");
    form_end(w);

    /* Move on. */
    if (cur->stage < ESC_STAGE_CAFCASS) {
      html_printf(w->out, "<h2 class=\"govuk-heading-m\">Move to the next stage</h2>\n"
                          "<p class=\"govuk-body\">If %h was not answered in time, or the answer does not resolve the "
                          "concern, move the escalation on to %h.</p>\n",
                  zStagePhrase, escalation_stage_phrase(cur->stage + 1));
      zAction = escalation_url(e->id, "/move");
      form_begin(w, zAction);
      free(zAction);
      input_textarea(w, "reason", "Why is it moving on?", "For example: no response by the due date.", form_text(w, "reason"));
      input_text(w, "responder", "Who must respond at the next stage?", "Their name and role",
                 form_text(w, "responder"), "off");
      input_text(w, "responder_email", "Their email address (optional)",
                 "Oversight emails them that the escalation needs their response, and a reminder before it is due",
                 form_text(w, "responder_email"), "off");
      on = http_form(w->req, "moved_on-day") ? form_date(w, "moved_on", "the date", 0) : w->today;
      input_date(w, "moved_on", "Date it moved on", "For example, 27 3 2026", on);
      char zButton[96];
      snprintf(zButton, sizeof zButton, "Move to %s", escalation_stage_phrase(cur->stage + 1));
      button(w, zButton);
      form_end(w);
    }

    /* Close. */
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Close the escalation</h2>\n"
                     "<p class=\"govuk-body\">Close it when the concern is resolved, partly resolved, or the "
                     "escalation is withdrawn.</p>\n");
    zAction = escalation_url(e->id, "/close");
    form_begin(w, zAction);
    free(zAction);
    char (*aOut)[40] = xmalloc((size_t)escalation_n_outcomes * sizeof *aOut);
    const char **azOut = radio_choices(escalation_outcomes, escalation_n_outcomes, aOut);
    input_radios(w, "outcome", "Outcome", NULL, azOut, form_text(w, "outcome"), 0);
    free(azOut);
    free(aOut);
    input_textarea(w, "impact", "Impact for the child", "What has changed for the child because of the escalation.",
                   form_text(w, "impact"));
    on = http_form(w->req, "closed_on-day") ? form_date(w, "closed_on", "the date", 0) : w->today;
    input_date(w, "closed_on", "Date closed", "For example, 27 3 2026", on);
    button(w, "Close escalation");
    form_end(w);
    html_raw(w->out, "</div></div>\n");
  }
  page_end(w);
}

void page_escalation(Web *w) {
  Escalation e;
  if (!path_escalation(w, &e)) return;
  if (escalation_audit_view(w->db, &e, w->sess.user.zUsername) != DB_OK) {
    w->resp->status = 503;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_reset(w->out);
    buf_puts(w->out, "The audit log cannot be written, so the escalation is not shown.\n");
  } else {
    escalation_page(w, &e);
  }
  escalation_clear(&e);
}

/* After a step: back to the page saying what was saved, or the page again
** with the errors (the domain's form-level errors moved to zFirst). */
static void step_done(Web *w, int64_t id, int rc, const char *zSaved, const char *const *azKnown, const char *zFirst) {
  if (rc == 0 && !w->err.n) {
    char *zSuffix = xmprintf("?saved=%s", zSaved);
    char *zUrl = escalation_url(id, zSuffix);
    redirect(w, zUrl);
    free(zUrl);
    free(zSuffix);
    return;
  }
  errors_move(w, azKnown, zFirst);
  Escalation e;
  if (escalation_load(w->db, id, &e)) {
    escalation_page(w, &e);
    escalation_clear(&e);
  } else {
    not_found(w);
  }
}

/* path_escalation(), and 0 with the 403 page written when the user may
** not act on it. */
static int path_escalation_to_change(Web *w, Escalation *e) {
  if (!path_escalation(w, e)) return 0;
  if (may_change_escalation(w, e)) return 1;
  escalation_clear(e);
  forbidden_child(w);
  return 0;
}

void page_escalation_respond(Web *w) {
  Escalation e;
  if (!path_escalation_to_change(w, &e)) return;
  int64_t id = e.id;
  escalation_clear(&e);
  Errors dateErr = {0};
  Date on = form_date_aside(w, "responded_on", "the date of the response", 1, &dateErr);
  int rc = escalation_respond(w->db, id, form_text(w, "response"), on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 0);
  static const char *const azKnown[] = {"response", "responded_on", NULL};
  step_done(w, id, rc, "escalation-response", azKnown, "response");
}

void page_escalation_move(Web *w) {
  Escalation e;
  if (!path_escalation_to_change(w, &e)) return;
  int64_t id = e.id;
  escalation_clear(&e);
  Errors dateErr = {0};
  Date on = form_date_aside(w, "moved_on", "the date the escalation moved on", 1, &dateErr);
  int rc = escalation_move_to(w->db, id, form_text(w, "reason"), form_text(w, "responder"),
                              form_text(w, "responder_email"), on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 0);
  static const char *const azKnown[] = {"reason", "responder", "responder_email", "moved_on", NULL};
  step_done(w, id, rc, "escalation-moved", azKnown, "reason");
}

void page_escalation_close(Web *w) {
  Escalation e;
  if (!path_escalation_to_change(w, &e)) return;
  int64_t id = e.id;
  escalation_clear(&e);
  Errors dateErr = {0};
  Date on = form_date_aside(w, "closed_on", "the date the escalation closed", 1, &dateErr);
  int rc = escalation_close(w->db, id, form_text(w, "outcome"), form_text(w, "impact"), on, w->today,
                            w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 0);
  static const char *const azKnown[] = {"outcome", "impact", "closed_on", NULL};
  step_done(w, id, rc, "escalation-closed", azKnown, "outcome");
}
