/*
** web_private_fostering.c: the private fostering pages (SPEC §7): the
** worker's and manager's dashboard of every visit and item due, recording
** a notification, one arrangement's page with the forms for each step
** (initial visit and decision, assessment and checks, visits, the case
** audit, prohibitions and disqualifications, the end), and the annual
** report with its charts and downloads.
**
** Every view of an arrangement is written to the audit log under
** "pf:<id>" before it is shown; a view that cannot be audited is not
** shown. A form sent back with errors shows the page just viewed (and
** audited), so it is not audited again: a POST with mistakes changes
** nothing.
*/
#include "web.h"
#include "chart.h"
#include "child_records.h"
#include "private_fostering.h"
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

static void row_begin(Web *w, const char *zKey) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">", zKey);
}

static void row_end(Web *w) { html_raw(w->out, "</dd></div>\n"); }

static void row_text(Web *w, const char *zKey, const char *zValue) {
  row_begin(w, zKey);
  html_printf(w->out, "%h", zValue && *zValue ? zValue : "Not recorded");
  row_end(w);
}

static void row_date(Web *w, const char *zKey, Date d) {
  row_begin(w, zKey);
  if (d != DATE_NONE) html_printf(w->out, "%D", (int)d);
  else html_raw(w->out, "Not yet");
  row_end(w);
}

static void row_code(Web *w, const char *zKey, const char *zCode) {
  char z[64];
  pf_code_words(zCode, z, sizeof z);
  row_text(w, zKey, z);
}

/* A status as a tag, "Missed" included (status_tag() has no tag for it). */
static void item_tag(Web *w, Status st) {
  if (st == ST_MISSED) html_raw(w->out, "<strong class=\"govuk-tag govuk-tag--red\">Missed</strong>");
  else status_tag(w, (int)st);
}

static char *pf_url(int64_t id, const char *zSuffix) {
  return xmprintf("/private-fostering/%lld%s", (long long)id, zSuffix);
}

/* Radio choices from codes, labelled in words. Caller frees both. */
static const char **code_radios(const char *const *azCode, int n, char (**paLabel)[48]) {
  char (*aLabel)[48] = xmalloc((size_t)(n ? n : 1) * sizeof *aLabel);
  const char **az = xmalloc((size_t)(2 * n + 1) * sizeof *az);
  for (int i = 0; i < n; i++) {
    pf_code_words(azCode[i], aLabel[i], sizeof aLabel[i]);
    az[2 * i] = azCode[i];
    az[2 * i + 1] = aLabel[i];
  }
  az[2 * n] = NULL;
  *paLabel = aLabel;
  return az;
}

static void radios_codes(Web *w, const char *zName, const char *zLegend, const char *zHint,
                         const char *const *azCode, int n, const char *zValue) {
  char (*aLabel)[48];
  const char **az = code_radios(azCode, n, &aLabel);
  input_radios(w, zName, zLegend, zHint, az, zValue, 0);
  free(az);
  free(aLabel);
}

/* Why the child is privately fostered (the pf_reason list), the child's
** sex and ethnicity: on the notification form and the arrangement's own
** form. The list is read on each page; 0, or -1 when it cannot be (the
** read failure marks the request, which is answered with the 5xx page). */
static int details_inputs(Web *w, const char *zWhy, const char *zSex, const char *zEthnicity) {
  PfReasons r;
  if (pf_reasons_load(w->db, &r) != 0) return -1;
  const char **az = xmalloc((size_t)(2 * r.n + 1) * sizeof *az);
  for (int i = 0; i < r.n; i++) {
    az[2 * i] = r.azCode[i];
    az[2 * i + 1] = r.azWords[i];
  }
  az[2 * r.n] = NULL;
  input_radios(w, "pf_reason", "Why is the child privately fostered?", "The main reason. Leave it unselected if it is"
               " not known yet.", az, zWhy, 0);
  free(az);
  pf_reasons_free(&r);
  static const char *const azSex[] = {"M", "Male", "F", "Female", "U", "Not known", NULL};
  input_radios(w, "child_sex", "Child's sex", NULL, azSex, zSex, 1);
  const char **ae = xmalloc((size_t)(2 * child_n_ethnicity + 3) * sizeof *ae);
  ae[0] = "";
  ae[1] = "Not recorded";
  for (int i = 0; i < child_n_ethnicity; i++) {
    ae[2 * i + 2] = child_ethnicity[i].zCode;
    ae[2 * i + 3] = child_ethnicity[i].zWords;
  }
  ae[2 * child_n_ethnicity + 2] = NULL;
  input_select(w, "child_ethnicity", "Child's ethnicity", NULL, ae, zEthnicity);
  free(ae);
  return 0;
}

/* What the arrangement is now, in two or three words. */
static const char *state_words(const PfArrangement *a, Date today) {
  if (!a->eligible) return "Did not meet the definition";
  if (strcmp(a->zDecision, "not-private-fostering") == 0) return "Not private fostering";
  if (a->ended != DATE_NONE && a->ended <= today) return "Ended";
  if (!pf_is_running(a, today) && today >= pf_stop_day(a)) return "Over the age limit";
  if (!*a->zDecision) return "Awaiting the initial visit";
  if (pf_assessment_done(a) == DATE_NONE) return "Being assessed";
  return "Private fostering";
}

/* The arrangement named by the first path segment, or 0 with the 404 page. */
static int path_arrangement(Web *w, PfArrangement *a) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0 || !pf_load(w->db, id, a)) {
    not_found(w);
    return 0;
  }
  return 1;
}

static void audit_failed(Web *w) {
  w->resp->status = 503;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The audit log cannot be written, so the private fostering records are not shown.\n");
}

/* A status as a tag, as markup for a table cell. Caller frees. */
static char *tag_markup(Web *w, Status st) {
  Buf b = {0};
  Buf *save = w->out;
  w->out = &b;
  item_tag(w, st);
  w->out = save;
  return b.z ? b.z : xstrdup("");
}

/* A cell holding a status: the words in the download, the tag on the page. */
static void cell_item(RTable *t, int col, Status st) {
  if (st == ST_MISSED) cell_tag(t, col, "govuk-tag--red", "Missed");
  else cell_status(t, col, (int)st);
}

/* A table whose caption is for screen readers only (the page's heading
** says what it is): drawn as reports_table_html() draws it. */
static void table_hidden_caption(Web *w, RTable *t) {
  Buf b = {0};
  t->captioned = 0;
  reports_table_html(t, &b, 1);
  t->captioned = 1;
  const char *zTable = strstr(b.z, "<table");   /* after the scrolling region's line */
  const char *zRest = strchr(zTable ? zTable : b.z, '\n') + 1;   /* after the <table> line */
  buf_append(w->out, b.z, (size_t)(zRest - b.z));
  html_printf(w->out, "<caption class=\"govuk-visually-hidden\">%h</caption>\n", t->zTitle);
  buf_puts(w->out, zRest);
  buf_free(&b);
}

/* What the audit says of a view: the page, or the file it was downloaded
** in (named as page_tables_send() names it). Caller frees. */
static char *view_words(Web *w, const char *zPage, const char *zStem) {
  if (w->fmt == FMT_PAGE) return xstrdup(zPage);
  char zDay[11];
  return xmprintf("downloaded in %s-%s.%s", zStem, date_iso(w->today, zDay), w->fmt == FMT_XLSX ? "xlsx" : "csv");
}

/* ---- The dashboard ------------------------------------------------------------- */

typedef struct DueRow { const PfArrangement *a; PfItem it; } DueRow;

static int due_cmp(const void *pa, const void *pb) {
  const DueRow *a = pa, *b = pb;
  int oa = a->it.status == ST_OVERDUE, ob = b->it.status == ST_OVERDUE;
  if (oa != ob) return ob - oa;
  if (a->it.due != b->it.due) return a->it.due < b->it.due ? -1 : 1;
  return a->a->id < b->a->id ? -1 : a->a->id > b->a->id;
}

enum { DU_CHILD, DU_ITEM, DU_DUE, DU_STATUS, DU_TEAM, DU_N };
static const RColumn aDueCol[DU_N] = {
  {"child", "Child", RCOL_TEXT, 28},
  {"item", "What is due", RCOL_TEXT, 30},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {"managed_by", "Managed by", RCOL_TEXT, 28},
};

enum { AR_CHILD, AR_CARER, AR_NOTIFIED, AR_STATE, AR_NEXT, AR_TEAM, AR_WORKER, AR_N };
static const RColumn aArrCol[AR_N] = {
  {"child", "Child", RCOL_TEXT, 28},
  {"carer", "Carer", RCOL_TEXT, 28},
  {"notified", "Notified", RCOL_DATE, 13},
  {"where_it_stands", "Where it stands", RCOL_TEXT, 26},
  {"next_visit_due", "Next visit due", RCOL_DATE, 13},
  {"managed_by", "Managed by", RCOL_TEXT, 28},
  {"worker", "Worker", RCOL_TEXT, 16},
};

void page_pf_dashboard(Web *w) {
  const char *zUser = w->sess.user.zUsername;
  const char *zShow = http_query(w->req, "show");
  int nMine = (int)db_int(w->db, 0, "SELECT count(*) FROM pf_arrangement WHERE worker=?", "s", zUser);
  int mine;
  if (zShow && strcmp(zShow, "mine") == 0) mine = 1;
  else if (zShow && strcmp(zShow, "all") == 0) mine = 0;
  else mine = nMine > 0;
  int withClosed = http_query(w->req, "closed") && strcmp(http_query(w->req, "closed"), "yes") == 0;
  PfList l;
  if (pf_list(w->db, mine ? zUser : NULL, &l) < 0) return;   /* noted: the skeleton's error page */

  /* Only the arrangements shown are viewed: the open ones, or all. */
  const PfArrangement **ap = xmalloc((size_t)(l.n + 1) * sizeof *ap);
  int n = 0;
  DueRow *aDue = NULL;
  int nDue = 0, cap = 0;
  for (int i = 0; i < l.n; i++) {
    const PfArrangement *a = &l.a[i];
    PfItemList il = {0};
    pf_due_items(a, w->today, 0, &il);
    int open = il.n > 0;
    if (open || withClosed) ap[n++] = a;
    for (int k = 0; k < il.n; k++) {
      if (nDue == cap) aDue = xrealloc(aDue, (size_t)(cap = cap ? cap * 2 : 32) * sizeof *aDue);
      aDue[nDue++] = (DueRow){a, il.a[k]};
    }
    pf_items_free(&il);
  }
  if (nDue > 1) qsort(aDue, (size_t)nDue, sizeof *aDue, due_cmp);
  PfArrangement *aShown = xmalloc((size_t)(n ? n : 1) * sizeof *aShown);
  for (int i = 0; i < n; i++) aShown[i] = *ap[i];
  /* A download of the dashboard is a view of the same arrangements. */
  char *zWhat = view_words(w, "private fostering dashboard", "private-fostering");
  int rc = pf_audit_view(w->db, aShown, n, zUser, zWhat);
  free(zWhat);
  free(aShown);

  /* The two tables, built once for the page and its downloads. */
  PageTables pt = {0};
  RTable *tDue = page_table(&pt, "Work due", "Work due, overdue first", "Nothing is due.", aDueCol, DU_N);
  for (int i = 0; i < nDue; i++) {
    const DueRow *d = &aDue[i];
    char *zUrl = pf_url(d->a->id, "");
    rtable_row(tDue);
    rtable_link(tDue, DU_CHILD, zUrl, d->a->zChild);
    rtable_text(tDue, DU_ITEM, pf_item_label(d->it.kind));
    rtable_num(tDue, DU_DUE, d->it.due);
    cell_item(tDue, DU_STATUS, d->it.status);
    rtable_text(tDue, DU_TEAM, d->a->zTeam);
    free(zUrl);
  }
  RTable *tArr = page_table(&pt, "Arrangements", "Arrangements", "There are no open arrangements.", aArrCol, AR_N);
  for (int i = 0; i < n; i++) {
    const PfArrangement *a = ap[i];
    Status st;
    Date next = pf_next_visit(a, w->today, &st);
    char *zUrl = pf_url(a->id, "");
    rtable_row(tArr);
    rtable_link(tArr, AR_CHILD, zUrl, a->zChild);
    rtable_text(tArr, AR_CARER, a->zCarer);
    rtable_num(tArr, AR_NOTIFIED, a->notified);
    rtable_text(tArr, AR_STATE, state_words(a, w->today));
    rtable_num(tArr, AR_NEXT, next);
    Buf cell = {0};
    if (next != DATE_NONE) {
      char *zTag = tag_markup(w, st);
      html_printf(&cell, "%D ", (int)next);
      buf_puts(&cell, zTag);
      free(zTag);
    } else {
      html_raw(&cell, "None due");
    }
    rtable_html(tArr, AR_NEXT, cell.z);
    buf_free(&cell);
    rtable_text(tArr, AR_TEAM, a->zTeam);
    rtable_text(tArr, AR_WORKER, *a->zWorker ? a->zWorker : "Not allocated");
    if (*a->zWorker) { /* the download keeps the username; the page names the person */
      char zName[200];
      web_person_name(w, a->zWorker, zName, sizeof zName);
      rtable_html_text(tArr, AR_WORKER, zName);
    }
    free(zUrl);
  }

  if (rc != DB_OK) {
    audit_failed(w);
  } else if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "private-fostering");
  } else {
    page_begin(w, "Private fostering");
    saved_banner(w);
    html_raw(w->out, "<h1 class=\"govuk-heading-l\">Private fostering</h1>\n");
    html_printf(w->out, "<p class=\"govuk-body\">%h Every visit and assessment due is listed below, overdue "
                        "first. Open a child to record what was done.</p>\n",
                mine ? "Children allocated to you." : "Every privately fostered child and every notification.");
    html_raw(w->out, "<div class=\"govuk-button-group\"><a href=\"/private-fostering/new\" role=\"button\""
                     " draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">Record a notification</a>"
                     "<a class=\"govuk-link\" href=\"/private-fostering/report\">Annual report</a></div>\n");
    html_printf(w->out, "<p class=\"govuk-body\">Showing %h. ", mine ? "your cases" : "every case");
    if (mine) html_raw(w->out, "<a class=\"govuk-link\" href=\"/private-fostering?show=all\">Show every case</a>");
    else if (nMine) html_raw(w->out, "<a class=\"govuk-link\" href=\"/private-fostering?show=mine\">Show only your cases</a>");
    if (!withClosed) {
      html_printf(w->out, "%h<a class=\"govuk-link\" href=\"/private-fostering?show=%h&amp;closed=yes\">Include ended"
                          " arrangements and notifications that were not private fostering</a>", nMine || mine ? " | " : "",
                  mine ? "mine" : "all");
    }
    html_raw(w->out, "</p>\n");

    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Visits and other work due</h2>\n");
    if (!nDue) {
      html_raw(w->out, "<p class=\"govuk-body\">Nothing is due. When a notification is recorded, its initial visit "
                       "will appear here.</p>\n");
    } else {
      table_hidden_caption(w, tDue);
    }

    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Children and notifications</h2>\n");
    if (!n) {
      html_raw(w->out, "<p class=\"govuk-body\">There are no open arrangements. Record a notification when the "
                       "council hears of one.</p>\n");
    } else {
      table_hidden_caption(w, tArr);
    }
    /* The home page of a private fostering worker is this page: its
    ** downloads are the dashboard's, with the same filters. */
    if (nDue || n) download_links(w, "/private-fostering", pt.n);
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Subject access requests</h2>\n"
                     "<p class=\"govuk-body\">To answer a request from a privately fostered child or their carer for what "
                     "is held about them, <a class=\"govuk-link\" href=\"/private-fostering/sar\">make a copy of every "
                     "arrangement naming them</a>.</p>\n");
    page_end(w);
  }
  page_tables_free(&pt);
  free(aDue);
  free(ap);
  pf_list_free(&l);
}

/* ---- Recording a notification ---------------------------------------------------- */

static void notification_form(Web *w) {
  page_begin(w, "Record a private fostering notification");
  back_link(w, "/private-fostering", "Back to private fostering");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  const Rule *rVisit = rule("pf_initial_visit");
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">Record a private fostering notification</h1>\n"
                      "<p class=\"govuk-body\">Record every notification, even one that turns out not to be private "
                      "fostering: Oversight checks it against the definition and says why. The initial visit is due "
                      "within %d working days of the notification.</p>\n", rVisit->amount);
  form_begin(w, "/private-fostering");
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">The child</h2>\n");
  input_text(w, "child_name", "Child's full name", NULL, form_text(w, "child_name"), "off");
  input_date(w, "child_dob", "Child's date of birth", "For example, 27 3 2012", DATE_NONE);
  input_yesno(w, "child_disabled", "Is the child disabled?",
              "A disabled child can be privately fostered until 18 rather than 16.", form_yesno(w, "child_disabled"));
  if (details_inputs(w, form_text(w, "pf_reason"), form_text(w, "child_sex"), form_text(w, "child_ethnicity")) != 0) {
    return;
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">The carer and the family</h2>\n");
  input_text(w, "carer_name", "Carer's full name", NULL, form_text(w, "carer_name"), "off");
  radios_codes(w, "carer_relationship", "Carer's relationship to the child",
               "Grandparents, brothers, sisters, uncles, aunts and step-parents are close relatives: their care is not"
               " private fostering.", pf_relationships, pf_n_relationships, form_text(w, "carer_relationship"));
  input_textarea(w, "parents", "Parents", "Names and where they live.", form_text(w, "parents"));
  input_textarea(w, "parental_responsibility", "Who holds parental responsibility?", NULL,
                 form_text(w, "parental_responsibility"));
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">The notification</h2>\n");
  input_date(w, "notified_on", "Date of the notification", "For example, 27 3 2026", w->today);
  radios_codes(w, "source", "Who made the notification?", NULL, pf_sources, pf_n_sources, form_text(w, "source"));
  input_date(w, "started_on", "Date the arrangement started (or will start)",
             "Leave empty if it started on the day of the notification.", DATE_NONE);
  input_text(w, "expected_days", "How many days is it expected to last?",
             "Private fostering is care for 28 days or more. For example, 90", form_text(w, "expected_days"), "off");
  input_yesno(w, "overseas_student", "Is the child an overseas student?",
              "For example, at a language school or with a host family.", form_yesno(w, "overseas_student"));
  static const char *const azManaged[] = {"locality", "A locality team", "partner", "A commissioned partner", NULL};
  input_radios(w, "managed_by", "Who manages the case?", NULL, azManaged, form_text(w, "managed_by"), 0);
  input_text(w, "team", "Name of the team or partner", "For example, Dorchester locality team",
             form_text(w, "team"), "off");
  const char *zWorker = http_form(w->req, "worker") ? form_text(w, "worker") : w->sess.user.zUsername;
  input_text(w, "worker", "Allocated worker's username", "Their visits will show on their dashboard.", zWorker, "off");
  button(w, "Record notification");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_pf_new(Web *w) { notification_form(w); }

/* The domain's errors, with the form's own date errors in their place:
** one message a field even when no date was wrong (the domain may say two
** things of one date), which errors_aside_first(.., 1) leaves as they are. */
static void merge_errors(Web *w, const Errors *dateErr) {
  Errors out = *dateErr;
  errors_merge(&out, &w->err);
  w->err = out;
}

void page_pf_create(Web *w) {
  Errors dateErr = {0};
  PfNotification in = {
    .zChild = form_text(w, "child_name"),
    .dob = form_date_aside(w, "child_dob", "the child's date of birth", 0, &dateErr),
    .disabled = form_yesno(w, "child_disabled"),
    .zCarer = form_text(w, "carer_name"),
    .zRelationship = form_text(w, "carer_relationship"),
    .zParents = form_text(w, "parents"),
    .zPr = form_text(w, "parental_responsibility"),
    .notified = form_date_aside(w, "notified_on", "the date of the notification", 0, &dateErr),
    .started = form_date_aside(w, "started_on", "the date the arrangement started", 0, &dateErr),
    .zExpectedDays = form_text(w, "expected_days"),
    .zSource = form_text(w, "source"),
    .overseas = form_yesno(w, "overseas_student"),
    .zManagedBy = form_text(w, "managed_by"),
    .zTeam = form_text(w, "team"),
    .zWorker = form_text(w, "worker"),
    .zWhy = form_text(w, "pf_reason"),
    .zSex = form_text(w, "child_sex"),
    .zEthnicity = form_text(w, "child_ethnicity"),
  };
  int64_t id = 0;
  if (dateErr.n && errors_for(&dateErr, "started_on")) {
    /* A start date that cannot be read must not silently become the notification's. */
    w->err = dateErr;
  } else {
    id = pf_notify(w->db, &in, w->today, w->sess.user.zUsername, &w->err);
    merge_errors(w, &dateErr);
  }
  if (id && !w->err.n) {
    char *zUrl = pf_url(id, "?saved=pf-notification");
    redirect(w, zUrl);
    free(zUrl);
  } else {
    notification_form(w);
  }
}

/* ---- One arrangement ------------------------------------------------------------ */

enum { IT_WHAT, IT_DUE, IT_DONE, IT_STATUS, IT_N };
static const RColumn aItemCol[IT_N] = {
  {"item", "What", RCOL_TEXT, 30},
  {"due", "Due", RCOL_DATE, 13},
  {"done", "Done", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};

enum { VI_DATE, VI_KIND, VI_ALONE, VI_VIEWS, VI_BY, VI_N };
static const RColumn aVisitCol[VI_N] = {
  {"date", "Date", RCOL_DATE, 13},
  {"kind", "Kind", RCOL_TEXT, 22},
  {"seen_alone", "Seen alone", RCOL_TEXT, 10},
  {"child_views", "The child's views", RCOL_TEXT, 50},
  {"visited_by", "By", RCOL_TEXT, 20},
};

/* The arrangement's tables, for its page and its downloads: what falls
** due, and the visits. */
static void arrangement_tables(Web *w, const PfArrangement *a, PageTables *pt) {
  RTable *t = page_table(pt, "Visits, assessment, audits", "Visits, assessment and audits",
                         "Nothing falls due for this notification.", aItemCol, IT_N);
  PfItemList il = {0};
  pf_due_items(a, w->today, 1, &il);
  for (int i = 0; i < il.n; i++) {
    const PfItem *it = &il.a[i];
    rtable_row(t);
    rtable_text(t, IT_WHAT, pf_item_label(it->kind));
    rtable_num(t, IT_DUE, it->due);
    rtable_num(t, IT_DONE, it->done);
    cell_item(t, IT_STATUS, it->status);
  }
  pf_items_free(&il);

  t = page_table(pt, "Visits", "Visits", "No visits after the initial visit are recorded yet.", aVisitCol, VI_N);
  Date done = pf_assessment_done(a);
  for (int i = 0; i < a->nVisit; i++) {
    const PfVisit *v = &a->aVisit[i];
    rtable_row(t);
    rtable_num(t, VI_DATE, v->on);
    rtable_text(t, VI_KIND, done != DATE_NONE && v->on > done ? "Regulation 8" : "During the assessment");
    rtable_text(t, VI_ALONE, v->seenAlone ? "Yes" : "No");
    rtable_text(t, VI_VIEWS, v->zViews);
    rtable_text(t, VI_BY, v->zBy);
  }
}

/* A date field's value on the page: what was typed, else the stored one. */
static Date shown_date(Web *w, const char *zName, Date stored) {
  char z[64];
  snprintf(z, sizeof z, "%s-day", zName);
  if (http_form(w->req, z)) return DATE_NONE;   /* input_date() shows what was typed */
  return stored;
}

static void arrangement_page(Web *w, const PfArrangement *a) {
  char zTitle[256], z[64];
  snprintf(zTitle, sizeof zTitle, "%s: private fostering", a->zChild);
  breadcrumbs(w, "Private fostering", "/private-fostering", NULL);
  page_begin(w, zTitle);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">Private fostering, notified %D</span>\n"
                      "<h1 class=\"govuk-heading-l\">%h</h1>\n", (int)a->notified, a->zChild);

  Status st;
  Date next = pf_next_visit(a, w->today, &st);
  int running = a->eligible && strcmp(a->zDecision, "not-private-fostering") != 0 && w->today < pf_stop_day(a);
  /* What to do next, in one sentence. */
  if (!a->eligible) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%h Nothing falls due. If the facts were recorded wrongly, "
                        "record the notification again with the right ones.</div>\n", a->zEligibility);
  } else if (a->initialVisit == DATE_NONE) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">The initial visit is due by %D. Record it below with your "
                        "decision.</div>\n", (int)next);
  } else if (next != DATE_NONE) {
    html_printf(w->out, "<div class=\"govuk-inset-text\">Next visit due: <strong>%D</strong> ", (int)next);
    item_tag(w, st);
    html_raw(w->out, "</div>\n");
  } else {
    html_printf(w->out, "<div class=\"govuk-inset-text\">%h. No more visits are due.</div>\n", state_words(a, w->today));
  }

  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  row_text(w, "Where it stands", state_words(a, w->today));
  row_begin(w, "Date of birth");
  html_printf(w->out, "%D (age %d)", (int)a->dob, date_age(a->dob, w->today));
  row_end(w);
  row_text(w, "Disabled", a->disabled ? "Yes" : "No");
  row_text(w, "Sex", *a->zSex ? pf_sex_words(a->zSex) : "Not recorded");
  row_text(w, "Ethnicity", *a->zEthnicity ? code_words(child_ethnicity, child_n_ethnicity, a->zEthnicity) : "Not recorded");
  if (*a->zWhy) {
    PfReasons r;
    if (pf_reasons_load(w->db, &r) == 0) {
      row_text(w, "Why privately fostered", pf_reason_words(&r, a->zWhy));
      pf_reasons_free(&r);
    } else {
      row_text(w, "Why privately fostered", "The list of reasons could not be read");
    }
  } else {
    row_text(w, "Why privately fostered", "Not recorded");
  }
  row_begin(w, "Carer");
  pf_code_words(a->zRelationship, z, sizeof z);
  html_printf(w->out, "%h (%h)", a->zCarer, z);
  row_end(w);
  row_text(w, "Parents", a->zParents);
  row_text(w, "Parental responsibility", a->zPr);
  row_code(w, "Notified by", a->zSource);
  row_date(w, "Arrangement started", a->started);
  row_begin(w, "Expected length");
  html_printf(w->out, "%d days", a->expectedDays);
  row_end(w);
  row_text(w, "Overseas student", a->overseas ? "Yes" : "No");
  row_begin(w, "Managed by");
  html_printf(w->out, "%h (%h)", a->zTeam, strcmp(a->zManagedBy, "partner") == 0 ? "commissioned partner" : "locality team");
  row_end(w);
  {
    char zName[200];
    web_person_name(w, a->zWorker, zName, sizeof zName);
    row_text(w, "Allocated worker", zName);
  }
  row_text(w, "Eligibility", a->zEligibility);
  row_date(w, "Initial visit", a->initialVisit);
  if (*a->zDecision) {
    row_begin(w, "Decision");
    if (strcmp(a->zDecision, "confirmed") == 0) {
      html_raw(w->out, "Private fostering confirmed");
    } else {
      pf_code_words(a->zReason, z, sizeof z);
      html_printf(w->out, "Not private fostering: %h", z);
    }
    if (*a->zDecisionNote) html_printf(w->out, ". %h", a->zDecisionNote);
    row_end(w);
  }
  if (a->overseas) {
    row_date(w, "Part A assessment (carer)", a->partA);
    row_date(w, "Part B assessment (child)", a->partB);
  } else {
    row_date(w, "Assessment completed", a->assessment);
  }
  row_date(w, "DBS check", a->dbs);
  row_date(w, "Health check", a->health);
  row_date(w, "Social care check", a->socialCare);
  if (a->ended != DATE_NONE) {
    row_begin(w, "Ended");
    html_printf(w->out, "%D: %h", (int)a->ended, a->zEndReason);
    row_end(w);
  }
  html_raw(w->out, "</dl>\n");

  PageTables pt = {0};
  arrangement_tables(w, a, &pt);
  if (!pt.a[0].nRow) html_raw(w->out, "<p class=\"govuk-body\">Nothing falls due for this notification.</p>\n");
  else reports_table_html(&pt.a[0], w->out, 1);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Visits</h2>\n");
  if (!pt.a[1].nRow) {
    html_raw(w->out, "<p class=\"govuk-body\">No visits after the initial visit are recorded yet.</p>\n");
  } else {
    table_hidden_caption(w, &pt.a[1]);
  }
  if (pt.a[0].nRow || pt.a[1].nRow) {
    char *zBase = pf_url(a->id, "/download");
    download_links(w, zBase, pt.n);
    free(zBase);
  }
  page_tables_free(&pt);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Case audits</h2>\n");
  if (!a->nAudit) html_raw(w->out, "<p class=\"govuk-body\">No audit is recorded yet.</p>\n");
  for (int i = 0; i < a->nAudit; i++) {
    html_printf(w->out, "<p class=\"govuk-body\"><strong>%D</strong>%h%h: %h</p>\n", (int)a->aAudit[i].on,
                *a->aAudit[i].zBy ? " by " : "", a->aAudit[i].zBy, a->aAudit[i].zFindings);
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Prohibitions and disqualifications</h2>\n");
  if (!a->nOrder) html_raw(w->out, "<p class=\"govuk-body\">None.</p>\n");
  for (int i = 0; i < a->nOrder; i++) {
    pf_code_words(a->aOrder[i].zKind, z, sizeof z);
    html_printf(w->out, "<p class=\"govuk-body\"><strong>%h, %D</strong>: %h</p>\n", z, (int)a->aOrder[i].on,
                a->aOrder[i].zNote);
  }

  /* The forms, each for the step that can be taken now. */
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  char *zAction;
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"details\">Why the child is privately fostered, sex and "
                   "ethnicity</h2>\n");
  zAction = pf_url(a->id, "/details");
  form_begin(w, zAction);
  free(zAction);
  int posted = http_form(w->req, "pf_reason") || http_form(w->req, "child_sex") || http_form(w->req, "child_ethnicity");
  if (details_inputs(w, posted ? form_text(w, "pf_reason") : a->zWhy, posted ? form_text(w, "child_sex") : a->zSex,
                     posted ? form_text(w, "child_ethnicity") : a->zEthnicity) != 0) {
    return;
  }
  button(w, "Save details");
  form_end(w);
  if (a->eligible || a->initialVisit != DATE_NONE) {
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"initial-visit\">%h</h2>\n",
                a->initialVisit == DATE_NONE ? "Record the initial visit" : "Correct the initial visit");
    zAction = pf_url(a->id, "/initial-visit");
    form_begin(w, zAction);
    free(zAction);
    input_date(w, "initial_visit_on", "Date of the initial visit", "For example, 27 3 2026",
               shown_date(w, "initial_visit_on", a->initialVisit));
    static const char *const azDecision[] = {"confirmed", "Private fostering confirmed",
                                             "not-private-fostering", "Not private fostering", NULL};
    const char *zDec = http_form(w->req, "decision") ? form_text(w, "decision") : a->zDecision;
    input_radios(w, "decision", "What did the visit find?", NULL, azDecision, zDec, 0);
    const char *zReason = http_form(w->req, "not_pf_reason") ? form_text(w, "not_pf_reason") : a->zReason;
    radios_codes(w, "not_pf_reason", "If it is not private fostering, why not?", NULL, pf_not_pf_reasons,
                 pf_n_not_pf_reasons, zReason);
    input_textarea(w, "decision_note", "Note", "Needed when the reason is other.",
                   http_form(w->req, "decision_note") ? form_text(w, "decision_note") : a->zDecisionNote);
    button(w, "Save initial visit");
    form_end(w);
  }
  if (strcmp(a->zDecision, "confirmed") == 0) {
    const Rule *rAs = rule("pf_assessment");
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"assessment\">Assessment and checks</h2>\n"
                        "<p class=\"govuk-body\">The assessment is due within %d %h of the notification. Record each "
                        "check as it is done; leave a date empty until it is.</p>\n", rAs->amount, cal_unit_name(rAs->unit));
    zAction = pf_url(a->id, "/assessment");
    form_begin(w, zAction);
    free(zAction);
    if (a->overseas) {
      input_date(w, "part_a_on", "Part A assessment (carer) completed by the partner", NULL,
                 shown_date(w, "part_a_on", a->partA));
      input_date(w, "part_b_on", "Part B assessment (child) completed by the partner", NULL,
                 shown_date(w, "part_b_on", a->partB));
    } else {
      input_date(w, "assessment_on", "Assessment completed", NULL, shown_date(w, "assessment_on", a->assessment));
    }
    input_date(w, "dbs_check_on", "DBS check", NULL, shown_date(w, "dbs_check_on", a->dbs));
    input_date(w, "health_check_on", "Health check", NULL, shown_date(w, "health_check_on", a->health));
    input_date(w, "social_care_check_on", "Social care check", NULL,
               shown_date(w, "social_care_check_on", a->socialCare));
    button(w, "Save assessment");
    form_end(w);

    if (a->ended == DATE_NONE) {
      html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"visit\">Record a visit</h2>\n"
                       "<p class=\"govuk-body\">Visits during the assessment and Regulation 8 visits after it. See the "
                       "child alone and record their views.</p>\n");
      zAction = pf_url(a->id, "/visits");
      form_begin(w, zAction);
      free(zAction);
      input_date(w, "visited_on", "Date of the visit", "For example, 27 3 2026",
                 http_form(w->req, "visited_on-day") ? DATE_NONE : w->today);
      input_yesno(w, "seen_alone", "Was the child seen alone?", NULL, form_yesno(w, "seen_alone"));
      input_textarea(w, "child_views", "The child's views", "What the child said about living there.",
                     form_text(w, "child_views"));
      input_text(w, "visited_by", "Who visited", NULL, form_text(w, "visited_by"), "off");
      button(w, "Save visit");
      form_end(w);
    }
  }
  if (running || a->nAudit) {
    const Rule *rAu = rule("pf_audit");
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"audit\">Record a case audit</h2>\n"
                        "<p class=\"govuk-body\">Every child is audited every %d %h.</p>\n", rAu->amount,
                cal_unit_name(rAu->unit));
    zAction = pf_url(a->id, "/audits");
    form_begin(w, zAction);
    free(zAction);
    input_date(w, "audited_on", "Date of the audit", NULL, http_form(w->req, "audited_on-day") ? DATE_NONE : w->today);
    input_textarea(w, "findings", "Findings", "Including whether the child's and parents' views are recorded.",
                   form_text(w, "findings"));
    input_text(w, "audited_by", "Audited by", NULL, form_text(w, "audited_by"), "off");
    button(w, "Save audit");
    form_end(w);
  }
  if (a->eligible) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"order\">Record a prohibition or disqualification</h2>\n");
    zAction = pf_url(a->id, "/orders");
    form_begin(w, zAction);
    free(zAction);
    radios_codes(w, "kind", "Which is it?", NULL, pf_order_kinds, pf_n_order_kinds, form_text(w, "kind"));
    input_date(w, "made_on", "Date it was made", NULL, DATE_NONE);
    input_textarea(w, "order_note", "What it says and why", NULL, form_text(w, "order_note"));
    button(w, "Save");
    form_end(w);
  }
  if (a->ended == DATE_NONE && a->eligible) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"end\">End the arrangement</h2>\n");
    zAction = pf_url(a->id, "/end");
    form_begin(w, zAction);
    free(zAction);
    input_date(w, "ended_on", "Date it ended", NULL, DATE_NONE);
    input_textarea(w, "end_reason", "Why it ended", "For example: returned home to mother.", form_text(w, "end_reason"));
    button(w, "End arrangement");
    form_end(w);
  }
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_pf(Web *w) {
  PfArrangement a;
  if (!path_arrangement(w, &a)) return;
  char zStem[48];
  snprintf(zStem, sizeof zStem, "private-fostering-%lld", (long long)a.id);
  /* A download of the arrangement's tables is a view of it too. */
  char *zWhat = view_words(w, "arrangement page", zStem);
  if (pf_audit_view(w->db, &a, 1, w->sess.user.zUsername, zWhat) != DB_OK) {
    audit_failed(w);
  } else if (w->fmt != FMT_PAGE) {
    PageTables pt = {0};
    arrangement_tables(w, &a, &pt);
    page_tables_send(w, &pt, zStem);
    page_tables_free(&pt);
  } else {
    arrangement_page(w, &a);
  }
  free(zWhat);
  pf_clear(&a);
}

/* After a step: back to the page saying what was saved, or the page again
** with the errors. */
static void step_done(Web *w, int64_t id, int ok, const char *zSaved) {
  if (ok && !w->err.n) {
    char *zSuffix = xmprintf("?saved=%s", zSaved);
    char *zUrl = pf_url(id, zSuffix);
    redirect(w, zUrl);
    free(zUrl);
    free(zSuffix);
    return;
  }
  PfArrangement a;
  if (pf_load(w->db, id, &a)) {
    /* Before the initial visit confirms it, the assessment and visit forms
    ** are not on the page: their errors belong to the initial visit's. */
    if (strcmp(a.zDecision, "confirmed") != 0) {
      for (int i = 0; i < w->err.n; i++) {
        if (!strcmp(w->err.a[i].zField, "visited_on") || !strncmp(w->err.a[i].zField, "assessment", 10) ||
            !strcmp(w->err.a[i].zField, "seen_alone") || !strcmp(w->err.a[i].zField, "child_views")) {
          snprintf(w->err.a[i].zField, sizeof w->err.a[i].zField, "initial_visit_on");
        }
      }
    }
    arrangement_page(w, &a);
    pf_clear(&a);
  } else {
    not_found(w);
  }
}

/* The arrangement's id from the path, or 0 with the 404 page written. */
static int64_t path_id(Web *w) {
  PfArrangement a;
  if (!path_arrangement(w, &a)) return 0;
  int64_t id = a.id;
  pf_clear(&a);
  return id;
}

void page_pf_initial_visit(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  Date on = form_date_aside(w, "initial_visit_on", "the date of the initial visit", 0, &dateErr);
  int rc = pf_initial_visit(w->db, id, on, form_text(w, "decision"), form_text(w, "not_pf_reason"),
                            form_text(w, "decision_note"), w->today, w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, rc == 0, "pf-initial-visit");
}

void page_pf_assessment(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  PfAssessmentInput in = {
    form_date_aside(w, "assessment_on", "the date the assessment was completed", 0, &dateErr),
    form_date_aside(w, "part_a_on", "the date of the Part A assessment", 0, &dateErr),
    form_date_aside(w, "part_b_on", "the date of the Part B assessment", 0, &dateErr),
    form_date_aside(w, "dbs_check_on", "the date of the DBS check", 0, &dateErr),
    form_date_aside(w, "health_check_on", "the date of the health check", 0, &dateErr),
    form_date_aside(w, "social_care_check_on", "the date of the social care check", 0, &dateErr),
  };
  int rc = -1;
  if (!dateErr.n) rc = pf_assessment_save(w->db, id, &in, w->today, w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, rc == 0, "pf-assessment");
}

void page_pf_visit(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  Date on = form_date_aside(w, "visited_on", "the date of the visit", 0, &dateErr);
  int64_t v = pf_visit_add(w->db, id, on, form_yesno(w, "seen_alone"), form_text(w, "child_views"),
                           form_text(w, "visited_by"), w->today, w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, v != 0, "pf-visit");
}

void page_pf_case_audit(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  Date on = form_date_aside(w, "audited_on", "the date of the audit", 0, &dateErr);
  int64_t v = pf_case_audit_add(w->db, id, on, form_text(w, "audited_by"), form_text(w, "findings"), w->today,
                                w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, v != 0, "pf-audit");
}

void page_pf_order(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  Date on = form_date_aside(w, "made_on", "the date it was made", 0, &dateErr);
  int64_t v = pf_order_add(w->db, id, form_text(w, "kind"), on, form_text(w, "order_note"), w->today,
                           w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, v != 0, "pf-order");
}

void page_pf_end(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Errors dateErr = {0};
  Date on = form_date_aside(w, "ended_on", "the date the arrangement ended", 0, &dateErr);
  int rc = pf_end(w->db, id, on, form_text(w, "end_reason"), w->today, w->sess.user.zUsername, &w->err);
  merge_errors(w, &dateErr);
  step_done(w, id, rc == 0, "pf-end");
}

void page_pf_details(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  int rc = pf_details_save(w->db, id, form_text(w, "pf_reason"), form_text(w, "child_sex"),
                           form_text(w, "child_ethnicity"), w->sess.user.zUsername, &w->err);
  step_done(w, id, rc == 0, "pf-details");
}

/* ---- The annual report ---------------------------------------------------------- */

/* The period asked for (web.c report_period_param), else the last
** financial year. A bad value is an error on the page and the default is
** used. */
static void report_period(Web *w, Date *pFrom, Date *pTo) {
  char zF[16], zT[16];
  pf_report_default_period(w->today, pFrom, pTo);
  if (report_period_param(w, pFrom, pTo, zF, zT) != 0) pf_report_default_period(w->today, pFrom, pTo);
}

void page_pf_report(Web *w) {
  Date from, to;
  report_period(w, &from, &to);
  PfReport r;
  if (pf_report(w->db, from, to, w->today, &r) != DB_OK) {
    pf_report_free(&r);
    return;   /* noted on the connection: the skeleton's error page */
  }
  char zFrom[11], zTo[11];
  date_iso(from, zFrom);
  date_iso(to, zTo);
  /* Anyone with aggregate reports but not the service (the board) reads
  ** the figures only, with no way into an arrangement. */
  int figuresOnly = !(w->caps & CAP_PRIVATE_FOSTERING), hide = web_hides_small_numbers(w);
  RTable *aView = web_report_tables(w, r.aTab, PFR_N, figuresOnly);
  if (figuresOnly) breadcrumbs(w, "Reports", "/reports", NULL);
  else breadcrumbs(w, "Private fostering", "/private-fostering", NULL);
  if (aView != r.aTab) pf_report_view_fix(aView);
  page_begin(w, "Private fostering annual report");
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">Private fostering annual report</h1>\n"
                      "<p class=\"govuk-body\">%D to %D. Timeliness counts what fell due in the period, judged on "
                      "everything recorded up to today. The previous period, beside it, is %D to %D.</p>\n",
              (int)from, (int)to, (int)r.prevFrom, (int)r.prevTo);
  html_printf(w->out, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/private-fostering/report.xlsx?from=%u&amp;to=%u\""
                      " download>Download the report as an Excel workbook</a></li>\n<li><a class=\"govuk-link\""
                      " href=\"/private-fostering/report.csv?from=%u&amp;to=%u\" download>Download the report as CSV</a>"
                      "</li></ul>\n", zFrom, zTo, zFrom, zTo);
  html_raw(w->out, "<form method=\"get\" action=\"/private-fostering/report\" class=\"app-filter\" novalidate>\n"
                   "<h2 class=\"govuk-heading-s\">Another period</h2>\n");
  input_period(w, from, to);
  html_raw(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\"\n"                   " data-module=\"govuk-button\">Show the report</button>\n</form>\n");

  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_SUMMARY].zTitle);
  reports_table_html(&aView[PFR_SUMMARY], w->out, 1);

  static const int aiTimely[] = {2, 3, 4};
  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_TIMELINESS].zTitle);
  if (!hide) chart_svg(w->out, &r.aTab[PFR_TIMELINESS], CHART_HBAR, 0, aiTimely, 3, "On time, late and not done");
  reports_table_html(&aView[PFR_TIMELINESS], w->out, 1);

  static const int aiOne[] = {1};
  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_SOURCES].zTitle);
  if (!hide) chart_svg(w->out, &r.aTab[PFR_SOURCES], CHART_HBAR, 0, aiOne, 1, "Notifications by source");
  reports_table_html(&aView[PFR_SOURCES], w->out, 1);

  /* Why children were privately fostered, in words: codes are for downloads. */
  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_WHY].zTitle);
  if (!hide) chart_svg(w->out, &r.aTab[PFR_WHY], CHART_HBAR, 0, aiOne, 1, "Why children were privately fostered");
  RTable why;
  pf_report_words_only(&aView[PFR_WHY], &why);
  reports_table_html(&why, w->out, 1);
  rtable_clear(&why);

  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_CHILDREN].zTitle);
  reports_table_html(&aView[PFR_CHILDREN], w->out, 1);

  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_REASONS].zTitle);
  if (!hide) chart_svg(w->out, &r.aTab[PFR_REASONS], CHART_HBAR, 0, aiOne, 1, "Why it was not private fostering");
  reports_table_html(&aView[PFR_REASONS], w->out, 1);

  static const int aiTeam[] = {2, 3};
  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_TEAMS].zTitle);
  if (!hide) chart_svg(w->out, &r.aTab[PFR_TEAMS], CHART_HBAR, 0, aiTeam, 2, "Children and notifications by managing team");
  reports_table_html(&aView[PFR_TEAMS], w->out, 1);

  html_printf(w->out, "<h2 class=\"govuk-heading-m\">%h</h2>\n", aView[PFR_REG8_CHILD].zTitle);
  html_raw(w->out, "<p class=\"govuk-body\">Each child with a Regulation 8 visit due in the period, numbered in the "
                   "order notified, and how many of those visits were made by their due day under the managing "
                   "team's visiting pattern.</p>\n");
  reports_table_html(&aView[PFR_REG8_CHILD], w->out, 1);
  page_end(w);
  web_tables_done(aView, r.aTab, PFR_N);
  pf_report_free(&r);
}

void page_pf_report_csv(Web *w) {
  Date from, to;
  report_period(w, &from, &to);
  PfReport r;
  if (pf_report(w->db, from, to, w->today, &r) != DB_OK) {
    pf_report_free(&r);
    return;   /* noted on the connection: the skeleton's error page */
  }
  Buf csv = {0};
  RTable *aView = web_report_tables(w, r.aTab, PFR_N, !(w->caps & CAP_PRIVATE_FOSTERING));
  if (aView != r.aTab) pf_report_view_fix(aView);
  reports_csv(aView, PFR_N, &csv);
  web_tables_done(aView, r.aTab, PFR_N);
  char z1[11], z2[11], zDisp[96];
  snprintf(zDisp, sizeof zDisp, "attachment; filename=\"private-fostering-%s-to-%s.csv\"", date_iso(from, z1),
           date_iso(to, z2));
  w->resp->zType = "text/csv; charset=utf-8";
  http_set_header(w->resp, "Content-Disposition", zDisp);
  buf_append(w->out, csv.z ? csv.z : "", csv.n);
  buf_free(&csv);
  pf_report_free(&r);
}

void page_pf_report_xlsx(Web *w) {
  Date from, to;
  report_period(w, &from, &to);
  PfReport r;
  if (pf_report(w->db, from, to, w->today, &r) != DB_OK) {
    pf_report_free(&r);
    return;   /* noted on the connection: the skeleton's error page */
  }
  Buf x = {0};
  const char *zErr = NULL;
  RTable *aView = web_report_tables(w, r.aTab, PFR_N, !(w->caps & CAP_PRIVATE_FOSTERING));
  if (aView != r.aTab) pf_report_view_fix(aView);
  int rc = reports_xlsx_buf(aView, PFR_N, &x, &zErr);
  web_tables_done(aView, r.aTab, PFR_N);
  if (rc != 0) {
    w->resp->status = 500;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_printf(w->out, "The workbook could not be made: %s\n", zErr ? zErr : "unknown error");
  } else {
    char z1[11], z2[11], zDisp[96];
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"private-fostering-%s-to-%s.xlsx\"", date_iso(from, z1),
             date_iso(to, z2));
    w->resp->zType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    http_set_header(w->resp, "Content-Disposition", zDisp);
    buf_append(w->out, x.z, x.n);
  }
  buf_free(&x);
  pf_report_free(&r);
}
