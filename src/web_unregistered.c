/*
** web_unregistered.c: children placed in unregistered provision (SPEC §4,
** domain/000_...): the list of every child there today, and the child's
** page where the IRO records that the QA managers were notified, the
** IRO's visit, and the monthly oversight record with its four checks.
**
** The rules (what is valid, what is due) are unregistered.c's and
** deadlines.c's; this file only asks and shows.
*/
#include "web.h"
#include "audit.h"
#include "deadlines.h"
#include "iros.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which form a POST came from, so a failed one is shown again with its
** values (the others start afresh). */
enum { FORM_NONE, FORM_NOTIFIED, FORM_VISIT, FORM_RECORD };

/* ---- Shared pieces -------------------------------------------------------- */


static void row_text(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", zKey, zValue);
}

static void exception_tag(Web *w) {
  html_printf(w->out, "<strong class=\"govuk-tag govuk-tag--red\">Exception: under %d</strong>",
              rule("unreg_exception_age")->amount);
}

/* The spell the child is in today, or NULL; aSpell is the caller's. */
static int spells_of(const Child *c, Date today, UnregSpell **paSpell) {
  int n = unreg_spells(c, today, NULL, 0);
  *paSpell = xmalloc((size_t)(n ? n : 1) * sizeof **paSpell);
  unreg_spells(c, today, *paSpell, n);
  return n;
}

/* The open deadline of one item for the child today, or NULL. */
static const Deadline *open_item(const DeadlineList *dl, Item item) {
  for (int i = 0; i < dl->n; i++) {
    if (dl->a[i].item == item) return &dl->a[i];
  }
  return NULL;
}

/* The child's oversight record for month m, or NULL. */
static const OversightRec *record_for(const Child *c, int m) {
  for (int i = 0; i < c->unreg.nRec; i++) {
    if (c->unreg.rec[i].month == m) return &c->unreg.rec[i];
  }
  return NULL;
}

/* ---- GET /unregistered: every child there today ---------------------------- */

typedef struct Placed { const Child *c; Date since; int exception; } Placed;

static int placed_cmp(const void *pa, const void *pb) {
  const Placed *a = pa, *b = pb;
  if (a->exception != b->exception) return b->exception - a->exception;
  if (a->since != b->since) return a->since < b->since ? -1 : 1;
  return strcmp(a->c->zRef, b->c->zRef);
}

enum { PL_CHILD, PL_AGE, PL_SINCE, PL_NOTIFIED, PL_VISIT, PL_RECORD, PL_N };
static const RColumn aPlCol[PL_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"age", "Age", RCOL_INT, 6},
  {"placed_on", "Placed since", RCOL_DATE, 13},
  {"qa_notified_on", "QA managers notified", RCOL_DATE, 13},
  {"iro_visit_on", "IRO visit", RCOL_DATE, 13},
  {"oversight_recorded_on", "Oversight record this month", RCOL_DATE, 13},
};

/* The page's HTML for a cell: where nothing is recorded, what is due and
** its status, and a link to record it for someone who may (zHref NULL:
** this user may not change the child's record). */
static void pending_cell(Web *w, RTable *t, int col, const char *zNone, const Deadline *d, const char *zHref,
                         const char *zLink, const char *zPrep, const char *zName) {
  Buf h = {0};
  if (d && col == PL_NOTIFIED) {
    /* Due on the day of placement: that it is missing is the news. */
    html_printf(&h, "%h ", zNone);
    Buf *save = w->out;
    w->out = &h;
    status_tag(w, d->status);
    w->out = save;
  } else if (d) {
    html_printf(&h, "Due by %D ", (int)d->due);
    Buf *save = w->out;
    w->out = &h;
    status_tag(w, d->status);
    w->out = save;
  } else {
    html_printf(&h, "%h", zNone);
  }
  if ((w->caps & CAP_CHILD_EDIT) && zHref) {
    html_printf(&h, "<br><a class=\"govuk-link\" href=\"%h\">%h<span class=\"govuk-visually-hidden\"> %h %h</span></a>",
                zHref, zLink, zPrep, zName);
  }
  rtable_html(t, col, h.z);
  buf_free(&h);
}

/* The children in unregistered provision today (a, n: exceptions first),
** with what has been done for each. */
static void placed_table(Web *w, const Placed *a, int n, PageTables *p) {
  RTable *t = page_table(p, "Unregistered provision", "Children in unregistered provision today",
                         "No child is in unregistered provision today.", aPlCol, PL_N);
  int thisMonth = month_of(w->today);
  DeadlineList dl = {0};
  for (int i = 0; i < n; i++) {
    const Child *c = a[i].c;
    UnregSpell *aSpell;
    int nSpell = spells_of(c, w->today, &aSpell);
    const UnregSpell *s = nSpell ? &aSpell[nSpell - 1] : NULL;
    Date notified = s ? unreg_notified_on(c, &c->unreg, aSpell, nSpell - 1, w->today) : DATE_NONE;
    Date visit = s ? unreg_visit_on(c, &c->unreg, s, w->today) : DATE_NONE;
    const OversightRec *r = record_for(c, thisMonth);
    dl.n = 0;
    deadlines_unregistered(c, &c->unreg, w->today, 0, &dl);
    char *zPage = child_url(c, "/unregistered");
    char *zUrl = child_url(c, "");
    char *zName = xmprintf("%s %s", c->zGiven, c->zFamily);
    rtable_row(t);
    rtable_link(t, PL_CHILD, zUrl, zName);
    if (a[i].exception) {
      /* The page marks an exception under the name. */
      Buf h = {0};
      html_printf(&h, "<a class=\"govuk-link\" href=\"%h\">%h</a><br>", zUrl, zName);
      Buf *save = w->out;
      w->out = &h;
      exception_tag(w);
      w->out = save;
      rtable_html(t, PL_CHILD, h.z);
      buf_free(&h);
    }
    page_tables_child(p, c->zRef);
    rtable_num(t, PL_AGE, date_age(c->dob, w->today));
    rtable_num(t, PL_SINCE, a[i].since);
    int mayChange = may_change_child(w, c);
    char *zHref = xmprintf("%s#notified", zPage);
    rtable_num(t, PL_NOTIFIED, notified);
    if (notified == DATE_NONE) {
      pending_cell(w, t, PL_NOTIFIED, "Not recorded", open_item(&dl, ITEM_UNREG_QA_NOTIFIED), mayChange ? zHref : NULL, "Record it", "for", zName);
    }
    free(zHref);
    zHref = xmprintf("%s#visit", zPage);
    rtable_num(t, PL_VISIT, visit);
    if (visit != DATE_NONE) {
      Buf h = {0};
      html_printf(&h, "Visited %D", (int)visit);
      rtable_html(t, PL_VISIT, h.z);
      buf_free(&h);
    } else {
      pending_cell(w, t, PL_VISIT, "Not recorded", open_item(&dl, ITEM_UNREG_VISIT), mayChange ? zHref : NULL, "Record the visit", "to", zName);
    }
    free(zHref);
    zHref = xmprintf("%s#record", zPage);
    rtable_num(t, PL_RECORD, r ? r->recorded : DATE_NONE);
    if (r) {
      Buf h = {0};
      html_printf(&h, "Done on %D", (int)r->recorded);
      rtable_html(t, PL_RECORD, h.z);
      buf_free(&h);
    } else {
      pending_cell(w, t, PL_RECORD, "Not made yet", open_item(&dl, ITEM_OVERSIGHT_RECORD), mayChange ? zHref : NULL, "Make the record", "for", zName);
    }
    free(zHref);
    free(zName);
    free(zUrl);
    free(zPage);
    free(aSpell);
  }
  deadlines_free(&dl);
}

void page_unregistered(Web *w) {
  ChildSet *cs = childset_load(w->db, NULL);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  Placed *a = xmalloc((size_t)(cs->n ? cs->n : 1) * sizeof *a);
  int n = 0, nException = 0;
  for (int i = 0; i < cs->n; i++) {
    const Child *c = &cs->a[i];
    if (!unreg_placed_on(c, w->today)) continue;
    UnregSpell *aSpell;
    int nSpell = spells_of(c, w->today, &aSpell);
    Date since = nSpell ? aSpell[nSpell - 1].start : w->today;
    free(aSpell);
    a[n] = (Placed){c, since, unreg_is_exception(c, w->today)};
    nException += a[n].exception;
    n++;
  }
  qsort(a, (size_t)n, sizeof *a, placed_cmp);
  PageTables pt = {0};
  placed_table(w, a, n, &pt);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "unregistered-provision");
    page_tables_free(&pt);
    free(a);
    childset_free(cs);
    return;
  }

  page_begin(w, "Children in unregistered provision");
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Children in unregistered provision</h1>\n");
  if (!n) {
    html_raw(w->out, "<p class=\"govuk-body\">No child is in unregistered provision today.</p>\n");
  } else {
    html_printf(w->out, "<p class=\"govuk-body\">%d %h in unregistered provision today",
                n, n == 1 ? "child is" : "children are");
    if (nException) {
      html_printf(w->out, ", %d of them under %d: every child under %d there is an exception and must be"
                          " in the monthly exceptions report", nException,
                  rule("unreg_exception_age")->amount, rule("unreg_exception_age")->amount);
    }
    html_raw(w->out, ".</p>\n<p class=\"govuk-body\">For each child, the QA managers must be notified by the day"
                     " of placement, the IRO must visit within 2 weeks, and the IRO must make an oversight"
                     " record every month. Anything not yet recorded has a link to record it.</p>\n");
    reports_table_html(&pt.a[0], w->out, 1);
    download_links(w, "/unregistered", pt.n);
  }
  page_end(w);
  page_tables_free(&pt);
  free(a);
  childset_free(cs);
}

/* ---- The child's page -------------------------------------------------------- */

/* The events recorded for the child, newest first. */
enum { EV_ON, EV_WHAT, EV_BY, EV_NOTE, EV_N };
static const RColumn aEvCol[EV_N] = {
  {"on", "Date", RCOL_DATE, 13},
  {"what_happened", "What happened", RCOL_TEXT, 32},
  {"by", "By", RCOL_TEXT, 20},
  {"note", "Note", RCOL_TEXT, 40},
};

static void events_rows(Web *w, const Child *c, PageTables *p) {
  RTable *t = page_table(p, "Notifications and visits", "Notifications and visits recorded", "None recorded yet.",
                         aEvCol, EV_N);
  Stmt *st = db_query(w->db, "SELECT kind, on_date, by_whom, note FROM unreg_event WHERE child_id=?"
                             " ORDER BY on_date DESC, id DESC", "I", c->id);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int visit = strcmp(db_col_text(st, 0), "iro-visit") == 0;
    rtable_row(t);
    rtable_num(t, EV_ON, db_col_date(st, 1));
    rtable_text(t, EV_WHAT, visit ? "The IRO visited the child" : "The QA managers were notified");
    rtable_text(t, EV_BY, db_col_text(st, 2));
    rtable_text(t, EV_NOTE, db_col_text(st, 3));
  }
  db_finalize(st);
  if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
  page_tables_child(p, c->zRef);
}

/* The events recorded for the child, newest first. */
static void events_table(Web *w, const Child *c) {
  PageTables pt = {0};
  events_rows(w, c, &pt);
  reports_table_html(&pt.a[0], w->out, 1);
  if (pt.a[0].nRow) {
    char *zBase = child_url(c, "/unregistered");
    download_links(w, zBase, pt.n);
    free(zBase);
  }
  page_tables_free(&pt);
}

/* The oversight records, newest month first, each with its four checks. */
static void records_list(Web *w, const Child *c) {
  IroList *l = iros_load_names(w->db);
  Stmt *st = db_query(w->db, "SELECT month, recorded_on, iro_id, check_a, check_b, check_c, check_d,"
                             " note_a, note_b, note_c, note_d FROM oversight_record WHERE child_id=?"
                             " ORDER BY month DESC", "I", c->id);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Monthly oversight records</h2>\n");
  int n = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    n++;
    int m = 0;
    char zM[24];
    if (month_parse(db_col_text(st, 0), &m) != 0) continue;
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">Oversight record for %h</h3></div>"
                        "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n",
                month_long(m, zM));
    row_text(w, "Recorded on", date_long(db_col_date(st, 1), (char[24]){0}));
    const Iro *iro = db_col_is_null(st, 2) ? NULL : iros_find(l, db_col_int(st, 2));
    row_text(w, "Recorded by", iro ? iro->zName : "Not recorded");
    for (int k = 0; k < N_CHECKS; k++) {
      char zKey[160];
      snprintf(zKey, sizeof zKey, "(%c) %c%s", 'a' + k, azCheckQuestion[k][0] - 32, azCheckQuestion[k] + 1);
      const char *zNote = db_col_text(st, 7 + k);
      html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                          "<dd class=\"govuk-summary-list__value\">%h%h%h</dd></div>\n",
                  zKey, db_col_int(st, 3 + k) ? "Yes" : "No", *zNote ? ": " : "", zNote);
    }
    html_raw(w->out, "</dl></div></div>\n");
  }
  db_finalize(st);
  iros_free(l);
  if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">No oversight record has been made yet.</p>\n");
}

/* The months of every spell, newest first, for the record form's select:
** value/label pairs, NULL-terminated (strings owned by *pStore). */
static const char **spell_months(const UnregSpell *a, int n, Date today, char **pStore) {
  int cap = 0;
  for (int i = 0; i < n; i++) {
    Date end = a[i].end == DATE_NONE ? today : a[i].end;
    cap += month_of(end) - month_of(a[i].start) + 1;
  }
  if (cap > 120) cap = 120;   /* ten years is more than any spell */
  const char **az = xmalloc((size_t)(2 * cap + 1) * sizeof *az);
  char *store = xmalloc((size_t)(cap ? cap : 1) * 32);
  int k = 0, last = -1;
  for (int i = n - 1; i >= 0 && k < cap; i--) {
    Date end = a[i].end == DATE_NONE ? today : a[i].end;
    for (int m = month_of(end); m >= month_of(a[i].start) && k < cap; m--) {
      if (m == last || m > month_of(today)) continue;   /* spells can share a month */
      int dup = 0;
      for (int j = 0; j < k; j++) dup |= strcmp(az[2 * j], month_iso(m, (char[8]){0})) == 0;
      if (dup) continue;
      char *zVal = store + k * 32, *zLabel = zVal + 8;
      month_iso(m, zVal);
      month_long(m, zLabel);
      az[2 * k] = zVal;
      az[2 * k + 1] = zLabel;
      k++;
      last = m;
    }
  }
  az[2 * k] = NULL;
  *pStore = store;
  return az;
}

static void unreg_page(Web *w, const Child *c, int posted) {
  char zTitle[300];
  snprintf(zTitle, sizeof zTitle, "Unregistered provision: %s %s", c->zGiven, c->zFamily);
  char *zBack = child_url(c, "");
  UnregSpell *aSpell;
  int nSpell = spells_of(c, w->today, &aSpell);
  const UnregSpell *now = nSpell && aSpell[nSpell - 1].end == DATE_NONE ? &aSpell[nSpell - 1] : NULL;

  char *zChild = xmprintf("%s %s", c->zGiven, c->zFamily);
  breadcrumbs(w, "Find a child", "/children", zChild, zBack, NULL);
  free(zChild);
  page_begin(w, zTitle);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">Child ID %h</span>\n"
                      "<h1 class=\"govuk-heading-l\">%h</h1>\n", c->zRef, zTitle);

  /* Where the child is, in plain words. */
  if (now) {
    html_printf(w->out, "<p class=\"govuk-body\">%h has been in unregistered provision since %D.</p>\n",
                c->zGiven, (int)now->start);
    if (unreg_is_exception(c, w->today)) {
      html_raw(w->out, "<p class=\"govuk-body\">");
      exception_tag(w);
      html_printf(w->out, "</p>\n<p class=\"govuk-body\">%h is %d. A child under %d should not be placed in"
                          " unregistered provision: for as long as they are there, they are in the monthly"
                          " exceptions report.</p>\n", c->zGiven, date_age(c->dob, w->today),
                  rule("unreg_exception_age")->amount);
    }
  } else if (nSpell) {
    html_printf(w->out, "<p class=\"govuk-body\">%h is not in unregistered provision today. They were last"
                        " there from %D to %D. You can still record what was done while they were there.</p>\n",
                c->zGiven, (int)aSpell[nSpell - 1].start, (int)aSpell[nSpell - 1].end);
  } else {
    html_printf(w->out, "<p class=\"govuk-body\">%h is not in unregistered provision and has no episode of"
                        " care there. If they are being placed in unregistered provision, record the"
                        " placement as an episode of care. You can record that the QA managers were"
                        " notified before the placement.</p>\n", c->zGiven);
  }

  /* What is open now. */
  if (now) {
    DeadlineList dl = {0};
    deadlines_unregistered(c, &c->unreg, w->today, 0, &dl);
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">What is due</h2>\n");
    if (!dl.n) {
      html_raw(w->out, "<p class=\"govuk-body\">Nothing is open.</p>\n");
    } else {
      html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
      for (int i = 0; i < dl.n; i++) {
        html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                            "<dd class=\"govuk-summary-list__value\">Due by %D ", item_label(dl.a[i].item),
                    (int)dl.a[i].due);
        status_tag(w, dl.a[i].status);
        html_raw(w->out, "</dd></div>\n");
      }
      html_raw(w->out, "</dl>\n");
    }
    deadlines_free(&dl);
  }

  /* Each spell there, newest first. */
  if (nSpell) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Time in unregistered provision</h2>\n");
    for (int i = nSpell - 1; i >= 0; i--) {
      const UnregSpell *s = &aSpell[i];
      Date notified = unreg_notified_on(c, &c->unreg, aSpell, i, w->today);
      Date visit = unreg_visit_on(c, &c->unreg, s, w->today);
      html_printf(w->out, "<dl class=\"govuk-summary-list\" aria-label=\"From %D\">\n", (int)s->start);
      row_text(w, "From", date_long(s->start, (char[24]){0}));
      row_text(w, "To", s->end == DATE_NONE ? "Still there" : date_long(s->end, (char[24]){0}));
      row_text(w, "QA managers notified", notified == DATE_NONE ? "Not recorded" : date_long(notified, (char[24]){0}));
      row_text(w, "IRO visit", visit == DATE_NONE ? "Not recorded" : date_long(visit, (char[24]){0}));
      html_raw(w->out, "</dl>\n");
    }
  }
  events_table(w, c);
  records_list(w, c);

  if (!may_change_child(w, c)) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">This child is not on your caseload: you can see this page,"
                     " but only their IRO, an IRO covering for them, or a QA manager can record here.</div>\n");
  } else {
    /* 1. The QA managers' notification. */
    char *zAction = child_url(c, "/unregistered/notified");
    html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"notified\">Record that the QA managers were notified</h2>\n"
                     "<p class=\"govuk-body\">The QA managers must be told of a placement in unregistered"
                     " provision before or on the day it starts.</p>\n");
    form_begin(w, zAction);
    input_date(w, "notified_on", "Date the QA managers were notified", "For example, 27 3 2026", DATE_NONE);
    input_text(w, "notified_by", "Who notified them (optional)", "For example, the brokerage and quality assurance officer",
               posted == FORM_NOTIFIED ? form_text(w, "notified_by") : "", "off");
    button(w, "Save notification");
    form_end(w);
    free(zAction);

    if (nSpell || posted == FORM_VISIT || posted == FORM_RECORD) {
      /* 2. The IRO's visit. */
      zAction = child_url(c, "/unregistered/visit");
      html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"visit\">Record the IRO's visit</h2>\n"
                       "<p class=\"govuk-body\">The IRO visits the child within 2 weeks of the placement, to see"
                       " and speak to them and form a view of the placement. Escalate any risk to the child"
                       " the same day.</p>\n");
      form_begin(w, zAction);
      input_date(w, "visit_on", "Date of the visit", "For example, 27 3 2026", DATE_NONE);
      input_textarea(w, "visit_note", "What you found (optional)",
                     "Do not record anything here that belongs in the child's case record.",
                     posted == FORM_VISIT ? form_text(w, "visit_note") : "");
      button(w, "Save visit");
      form_end(w);
      free(zAction);

      /* 3. The monthly oversight record. */
      zAction = child_url(c, "/unregistered/record");
      html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"record\">Make the monthly oversight record</h2>\n"
                       "<p class=\"govuk-body\">Each month, after your contact with the social work team and the"
                       " child, answer the four checks. Answer no if you are not confident of it, and say why"
                       " in the note.</p>\n");
      form_begin(w, zAction);
      const char *zMonth = posted == FORM_RECORD ? form_text(w, "month") : "";
      char *store = NULL;
      const char **azMonth = spell_months(aSpell, nSpell, w->today, &store);
      if (azMonth[0]) {
        input_select(w, "month", "Month the record is for", NULL, azMonth, *zMonth ? zMonth : azMonth[0]);
      } else {
        /* GOV.UK's date input with month and year (what was typed comes back by itself). */
        input_month(w, "month", "Month the record is for", "For example, 2 2026",
                    posted == FORM_RECORD ? -1 : month_of(w->today));
      }
      free(azMonth);
      free(store);
      for (int k = 0; k < N_CHECKS; k++) {
        char zLegend[160], zLabel[64];
        snprintf(zLegend, sizeof zLegend, "Check %c: %c%s", 'a' + k, azCheckQuestion[k][0] - 32,
                 azCheckQuestion[k] + 1);
        snprintf(zLabel, sizeof zLabel, "Note on check %c (optional)", 'a' + k);
        input_yesno(w, azCheckField[k], zLegend, NULL, posted == FORM_RECORD ? form_yesno(w, azCheckField[k]) : -1);
        input_textarea(w, azNoteField[k], zLabel, NULL, posted == FORM_RECORD ? form_text(w, azNoteField[k]) : "");
      }
      input_date(w, "recorded_on", "Date you made the record", "For example, 27 3 2026",
                 posted == FORM_RECORD ? DATE_NONE : w->today);
      button(w, "Save oversight record");
      form_end(w);
      free(zAction);
    }
  }
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(aSpell);
  free(zBack);
}

void page_child_unregistered(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  if (w->fmt != FMT_PAGE) {
    /* The download is audited as it is sent. */
    PageTables pt = {0};
    events_rows(w, &cs->a[0], &pt);
    char *zStem = xmprintf("unregistered-provision-%s", cs->a[0].zRef);
    page_tables_send(w, &pt, zStem);
    free(zStem);
    page_tables_free(&pt);
  } else if (child_audit_view(w, cs->a[0].zRef)) {
    unreg_page(w, &cs->a[0], FORM_NONE);
  }
  childset_free(cs);
}

/* After a successful save: back to the page, saying what was saved. */
static void unreg_saved(Web *w, const Child *c, const char *zCode, const char *zAnchor) {
  char *zSuffix = xmprintf("/unregistered?saved=%s%s", zCode, zAnchor);
  char *zUrl = child_url(c, zSuffix);
  redirect(w, zUrl);
  free(zUrl);
  free(zSuffix);
}

/* File e's errors under this form's own field names (the page has three
** forms, so each field's id must be its own). */
static void merge_renamed(Web *w, const Errors *e, const char *const *azMap) {
  Errors r = {0};
  for (int i = 0; i < e->n; i++) {
    const char *zField = e->a[i].zField;
    for (int k = 0; azMap[k]; k += 2) {
      if (strcmp(zField, azMap[k]) == 0) {
        zField = azMap[k + 1];
        break;
      }
    }
    errors_add(&r, zField, "%s", e->a[i].zMsg);
  }
  errors_merge(&w->err, &r);
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

static void event_save(Web *w, int form) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  int visit = form == FORM_VISIT;
  const char *zDate = visit ? "visit_on" : "notified_on";
  Date on = form_date(w, zDate, visit ? "the date of the visit" : "the date the QA managers were notified", 1);
  static const char *const azNotified[] = {"on_date", "notified_on", "by_whom", "notified_by", "note", "notified_by",
                                           "kind", "notified_on", NULL};
  static const char *const azVisit[] = {"on_date", "visit_on", "note", "visit_note", "by_whom", "visit_note",
                                        "kind", "visit_on", NULL};
  Errors e = {0};
  if (!w->err.n) {
    unreg_event_add(w->db, c, visit ? "iro-visit" : "qa-notified", on,
                    visit ? w->sess.user.zDisplayName : form_text(w, "notified_by"),
                    visit ? form_text(w, "visit_note") : NULL, w->today, w->sess.user.zUsername, &e);
  }
  merge_renamed(w, &e, visit ? azVisit : azNotified);
  if (!w->err.n) {
    unreg_saved(w, c, visit ? "unreg-visit" : "unreg-notified", "");
  } else {
    w->resp->status = 200;
    unreg_page(w, c, form);
  }
  childset_free(cs);
}

void page_unreg_notified_save(Web *w) { event_save(w, FORM_NOTIFIED); }
void page_unreg_visit_save(Web *w) { event_save(w, FORM_VISIT); }

void page_unreg_record_save(Web *w) {
  ChildSet *cs = path_child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  Date recorded = form_date(w, "recorded_on", "the date you made the record", 1);
  OversightInput in = {0};
  in.zMonth = form_text(w, "month");
  /* Without a spell's months to choose from, the month comes as month and
  ** year boxes: as "YYYY-MM" for the record, or the boxes' own error. */
  char zMonthIso[8] = "";
  int monthErr = 0;
  if (!*in.zMonth && (http_form(w->req, "month-month") || http_form(w->req, "month-year"))) {
    int nErr = w->err.n;
    int m = query_month(w, "month", "the month the record is for", -1);
    if (m >= 0) in.zMonth = month_iso(m, zMonthIso);
    monthErr = w->err.n > nErr;
  }
  in.recorded = recorded;
  if (w->sess.user.iroId) {
    in.iroId = w->sess.user.iroId;
  } else {
    const Allocation *al = child_allocation_on(c, w->today);
    in.iroId = al ? al->iroId : 0;
  }
  for (int k = 0; k < N_CHECKS; k++) {
    in.check[k] = form_yesno(w, azCheckField[k]);
    in.azNote[k] = form_text(w, azNoteField[k]);
  }
  /* Show every problem at once: the date's own and the rest. */
  Errors e = {0};
  if (w->err.n) oversight_record_validate(c, &in, w->today, &e);
  else oversight_record_save(w->db, c, &in, w->today, w->sess.user.zUsername, &e);
  errors_merge(&w->err, &e);
  /* The boxes' own error says what is wrong with the month: not a second one. */
  for (int i = 0, seen = 0; monthErr && i < w->err.n; i++) {
    if (strcmp(w->err.a[i].zField, "month") != 0) continue;
    if (seen++) {
      memmove(&w->err.a[i], &w->err.a[i + 1], (size_t)(w->err.n - 1 - i) * sizeof w->err.a[0]);
      w->err.n--;
      i--;
    }
  }
  /* The summary follows the form's order: the date comes last there. */
  for (int i = 0, n = w->err.n; i < n - 1; i++) {
    if (strcmp(w->err.a[i].zField, "recorded_on") != 0) continue;
    Errors keep = w->err;
    memmove(&w->err.a[i], &w->err.a[i + 1], (size_t)(n - 1 - i) * sizeof w->err.a[0]);
    w->err.a[n - 1] = keep.a[i];
    break;
  }
  if (!w->err.n) {
    unreg_saved(w, c, "oversight-record", "");
  } else {
    w->resp->status = 200;
    unreg_page(w, c, FORM_RECORD);
  }
  childset_free(cs);
}
