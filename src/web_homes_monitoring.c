/*
** web_homes_monitoring.c: the homes' weekly returns, occupancy and
** staffing, and complaints and compliments (homes_monitoring.h, issue 20):
**
**   GET  /homes/{id}/weekly/new[?week=YYYY-MM-DD], POST /homes/{id}/weekly
**        a week's safeguarding, LADO-referral and complaints return (one a
**        week: sending a week again corrects it)
**   GET  /homes/{id}/months/new[?month=YYYY-MM], POST /homes/{id}/months
**        a month's places used and staffing
**   GET  /homes/{id}/feedback/new, POST /homes/{id}/feedback
**   GET  /homes/{id}/feedback/{f}, POST /homes/{id}/feedback/{f}
**        a complaint or compliment, and its correction (a complaint's outcome)
**
** and the three sections of the home's page (web_homes_monitoring_sections).
** A form filled from what is recorded is a view of the home's records and
** is audited ("home.view") before it is shown; a form sent back with
** errors shows only what was typed, so it is not audited again.
*/
#include "web.h"
#include "homes.h"
#include "homes_monitoring.h"
#include "reports.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_failed(Web *w) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The home's records could not be read. Try again; if it keeps happening, tell the administrator.\n");
}

/* The home named by the first path segment: its id and name (caller
** frees *pzName), or 0 with the 404 page. */
static int64_t path_home(Web *w, char **pzName) {
  int64_t id = home_path_id(w, 0);
  *pzName = NULL;
  if (!id) {
    not_found(w);
    return 0;
  }
  Stmt *s = db_query(w->db, "SELECT name FROM home WHERE id=?", "I", id);
  int rc = db_step(s);
  if (rc == DB_ROW) *pzName = xstrdup(db_col_text(s, 0));
  db_finalize(s);
  if (rc == DB_ROW) return id;
  if (rc == DB_DONE) not_found(w);
  else read_failed(w);
  return 0;
}

static void audit_failed(Web *w) {
  home_unavailable(w, "The audit log cannot be written, so the home's records are not shown.");
}

/* A form of the home's, "Back to" the home's page. */
static void form_head(Web *w, int64_t homeId, const char *zHome, const char *zTitle) {
  char zBack[40];
  snprintf(zBack, sizeof zBack, "/homes/%lld", (long long)homeId);
  char *zBackText = xmprintf("Back to %s", zHome);
  home_page_head(w, zHome, zTitle, zBack, zBackText);
  free(zBackText);
}

static void saved(Web *w, int64_t homeId, const char *zCode) {
  char zPath[40];
  snprintf(zPath, sizeof zPath, "/homes/%lld", (long long)homeId);
  home_redirect_saved(w, zPath, zCode);
}

static void count_input(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue) {
  input_text(w, zName, zLabel, zHint, zValue, "off");
}

/* ---- The home page's sections --------------------------------------------------- */

static void table_or_empty(Web *w, const RTable *t) {
  if (t->nRow) reports_table_html(t, w->out, 1);
  else html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", t->zEmpty);
}

int web_homes_monitoring_sections(Web *w, const HomeRecords *h) {
  HomeMonitoring m;
  if (homes_monitoring_load(w->db, h->home.id, &m) != 0) {
    read_failed(w);
    return -1;
  }
  char zBase[40];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  RTable t;

  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"weekly\">Weekly safeguarding, LADO and complaints returns</h2>\n"
                   "<p class=\"govuk-body\">Each week's return is due the first working day after the week ends. The last "
                   "12 weeks are shown.</p>\n");
  hm_weekly_table(h, &m, w->today, 12, &t);
  t.captioned = 1;
  table_or_empty(w, &t);
  rtable_clear(&t);
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" href=\"%h/weekly/new\">"
                      "Record a weekly return</a></p>\n", zBase);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"months\">Occupancy and staffing</h2>\n");
  const HomeMonth *cur = m.nMonth ? &m.aMonth[m.nMonth - 1] : NULL;
  if (cur && cur->placesUsed >= 0) {
    char zM[24];
    html_printf(w->out, "<p class=\"govuk-body\">In %h: %d of %d place%h used (%d%%).</p>\n", month_long(cur->month, zM),
                cur->placesUsed, h->home.places, h->home.places == 1 ? "" : "s",
                (int)((rtable_pct(cur->placesUsed, h->home.places) + 50) / 100));
  }
  hm_month_table(h, &m, &t);
  t.captioned = 1;
  table_or_empty(w, &t);
  rtable_clear(&t);
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" href=\"%h/months/new\">"
                      "Record a month's occupancy and staffing</a></p>\n", zBase);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"feedback\">Complaints and compliments</h2>\n");
  hm_feedback_table(&m, w->today, &t);
  t.captioned = 1;
  table_or_empty(w, &t);
  rtable_clear(&t);
  /* Each one's correction (a complaint's outcome comes later). */
  if (m.nFb) {
    html_raw(w->out, "<ul class=\"govuk-list\">\n");
    for (int i = m.nFb - 1; i >= 0; i--) {
      const HomeFeedback *f = &m.aFb[i];
      html_printf(w->out, "<li><a class=\"govuk-link\" href=\"%h/feedback/%lld\">Change the %h received %D%h</a></li>\n",
                  zBase, (long long)f->id, f->complaint ? "complaint" : "compliment", (int)f->received,
                  f->complaint && !f->zOutcome[0] ? " (record its outcome)" : "");
    }
    html_raw(w->out, "</ul>\n");
  }
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" href=\"%h/feedback/new\">"
                      "Record a complaint or compliment</a></p>\n", zBase);
  homes_monitoring_clear(&m);
  return 0;
}

/* The sections' tables, as they show them, for the home's downloads. */
int web_homes_monitoring_tables(Web *w, const HomeRecords *h, PageTables *pt) {
  HomeMonitoring m;
  if (homes_monitoring_load(w->db, h->home.id, &m) != 0) return -1;
  RTable t;
  hm_weekly_table(h, &m, w->today, 12, &t);
  page_table_take(pt, &t);
  hm_month_table(h, &m, &t);
  page_table_take(pt, &t);
  hm_feedback_table(&m, w->today, &t);
  page_table_take(pt, &t);
  homes_monitoring_clear(&m);
  return 0;
}

/* ---- Weekly returns ------------------------------------------------------------- */

static void weekly_form(Web *w, int64_t homeId, const char *zHome, const WeeklyReturn *r) {
  form_head(w, homeId, zHome, r ? "Correct a weekly return" : "Record a weekly return");
  html_raw(w->out, "<p class=\"govuk-body\">The week's safeguarding concerns, referrals to the Local Authority "
                   "Designated Officer (LADO) and complaints, with the service manager's analysis. Recording a week "
                   "that already has a return corrects it.</p>\n");
  char zAction[48];
  snprintf(zAction, sizeof zAction, "/homes/%lld/weekly", (long long)homeId);
  form_begin(w, zAction);
  char zN[3][12] = {"", "", ""};
  if (r) {
    snprintf(zN[0], sizeof zN[0], "%d", r->safeguarding);
    snprintf(zN[1], sizeof zN[1], "%d", r->lado);
    snprintf(zN[2], sizeof zN[2], "%d", r->complaints);
  }
  int posted = w->err.n > 0;
  input_date(w, "week_of", "Week beginning", "The Monday of the week, for example 30 11 2026. Any day of the week "
                                             "is taken as its Monday.", r ? r->week : DATE_NONE);
  input_date(w, "returned_on", "Date of the return", "For example, 7 12 2026", r ? r->returned : DATE_NONE);
  count_input(w, "safeguarding", "Safeguarding concerns", "How many in the week. Enter 0 if there were none.",
              posted || !r ? form_text(w, "safeguarding") : zN[0]);
  count_input(w, "lado_referrals", "Referrals to the LADO", "Enter 0 if there were none.",
              posted || !r ? form_text(w, "lado_referrals") : zN[1]);
  count_input(w, "complaints", "Complaints", "Enter 0 if there were none.",
              posted || !r ? form_text(w, "complaints") : zN[2]);
  input_counted(w, "note", "Analysis (optional)",
                "Themes, how quickly each was responded to, learning, actions taken and outcomes. Do not name a child "
                "or a member of staff.", posted || !r ? form_text(w, "note") : r->zNote, HM_NOTE_MAX, 5);
  button(w, "Save the return");
  form_end(w);
  home_page_foot(w);
}

void page_home_weekly_new(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  const char *zWeek = http_query(w->req, "week");
  Date week;
  HomeMonitoring m = {0};
  const WeeklyReturn *r = NULL;
  if (zWeek && date_parse(zWeek, &week) == 0) {
    if (homes_monitoring_load(w->db, id, &m) != 0) {
      read_failed(w);
      free(zHome);
      return;
    }
    for (int i = 0; i < m.nWeek; i++) {
      if (m.aWeek[i].week == hm_week_of(week)) r = &m.aWeek[i];
    }
    if (r && home_audit_view(w->db, id, w->sess.user.zUsername) != DB_OK) {
      audit_failed(w);
      homes_monitoring_clear(&m);
      free(zHome);
      return;
    }
  }
  weekly_form(w, id, zHome, r);
  homes_monitoring_clear(&m);
  free(zHome);
}

void page_home_weekly_save(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  Errors dateErr = {0};
  WeeklyInput in = {
    .week = form_date_aside(w, "week_of", "the week the return covers", 0, &dateErr),
    .returned = form_date_aside(w, "returned_on", "the date of the return", 0, &dateErr),
    .zSafeguarding = form_text(w, "safeguarding"), .zLado = form_text(w, "lado_referrals"),
    .zComplaints = form_text(w, "complaints"), .zNote = form_text(w, "note"),
  };
  int64_t rid = weekly_return_save(w->db, id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"week_of", "returned_on", "safeguarding", "lado_referrals", "complaints", "note",
                                        NULL};
  errors_move(w, azKnown, "week_of");
  if (rid && !w->err.n) saved(w, id, "home-weekly");
  else weekly_form(w, id, zHome, NULL);
  free(zHome);
}

/* ---- A month's occupancy and staffing -------------------------------------------- */

static void month_form(Web *w, int64_t homeId, const char *zHome, int places, const HomeMonth *mo) {
  form_head(w, homeId, zHome, "Record a month's occupancy and staffing");
  html_printf(w->out, "<p class=\"govuk-body\">The home is registered for %d place%h. Leave a figure empty to keep what "
                      "is recorded for the month.</p>\n", places, places == 1 ? "" : "s");
  char zAction[48];
  snprintf(zAction, sizeof zAction, "/homes/%lld/months", (long long)homeId);
  form_begin(w, zAction);
  int posted = w->err.n > 0;
  char zN[4][12] = {"", "", "", ""};
  if (mo) {
    int a[4] = {mo->placesUsed, mo->posts, mo->filled, mo->leavers};
    for (int k = 0; k < 4; k++) {
      if (a[k] >= 0) snprintf(zN[k], sizeof zN[k], "%d", a[k]);
    }
  }
  int month = posted ? -1 : mo ? mo->month : month_of(w->today) - 1;
  input_month(w, "month", "Month", "For example, 11 2026", month);
  count_input(w, "places_used", "Places used", "The most children living in the home at once in the month",
              posted || !mo ? form_text(w, "places_used") : zN[0]);
  count_input(w, "posts", "Staff posts", "Posts in the home's establishment at the month's end",
              posted || !mo ? form_text(w, "posts") : zN[1]);
  count_input(w, "filled", "Posts filled", "At the month's end. Vacancies are the posts not filled.",
              posted || !mo ? form_text(w, "filled") : zN[2]);
  count_input(w, "leavers", "Staff who left in the month", "Enter 0 if nobody left.",
              posted || !mo ? form_text(w, "leavers") : zN[3]);
  button(w, "Save the month");
  form_end(w);
  home_page_foot(w);
}

void page_home_month_new(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  int places = (int)db_int(w->db, 0, "SELECT places FROM home WHERE id=?", "I", id);
  const char *zMonth = http_query(w->req, "month");
  int month;
  HomeMonitoring m = {0};
  const HomeMonth *mo = NULL;
  if (zMonth && month_parse(zMonth, &month) == 0) {
    if (homes_monitoring_load(w->db, id, &m) != 0) {
      read_failed(w);
      free(zHome);
      return;
    }
    for (int i = 0; i < m.nMonth; i++) {
      if (m.aMonth[i].month == month) mo = &m.aMonth[i];
    }
    if (mo && home_audit_view(w->db, id, w->sess.user.zUsername) != DB_OK) {
      audit_failed(w);
      homes_monitoring_clear(&m);
      free(zHome);
      return;
    }
  }
  month_form(w, id, zHome, places, mo);
  homes_monitoring_clear(&m);
  free(zHome);
}

void page_home_month_save(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  Errors monthErr = {0};
  Errors keep = w->err;
  memset(&w->err, 0, sizeof w->err);
  int month = query_month(w, "month", "the month", -1);
  monthErr = w->err;
  w->err = keep;
  MonthInput in = {.month = month, .zPlacesUsed = form_text(w, "places_used"), .zPosts = form_text(w, "posts"),
                   .zFilled = form_text(w, "filled"), .zLeavers = form_text(w, "leavers")};
  int64_t mid = home_month_save(w->db, id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &monthErr, 1);
  static const char *const azKnown[] = {"month", "places_used", "posts", "filled", "leavers", NULL};
  errors_move(w, azKnown, "month");
  if (mid && !w->err.n) {
    saved(w, id, "home-month");
  } else {
    int places = (int)db_int(w->db, 0, "SELECT places FROM home WHERE id=?", "I", id);
    month_form(w, id, zHome, places, NULL);
  }
  free(zHome);
}

/* ---- Complaints and compliments ------------------------------------------------- */

static const char **choices(const char *const *azCode, const char *const *azLabel, int n, const char *zFirst,
                            const char *zFirstLabel) {
  const char **a = xcalloc((size_t)(2 * n + 3), sizeof *a);
  int k = 0;
  if (zFirst) {
    a[k++] = zFirst;
    a[k++] = zFirstLabel;
  }
  for (int i = 0; i < n; i++) {
    a[k++] = azCode[i];
    a[k++] = azLabel[i];
  }
  return a;
}

static void feedback_form(Web *w, int64_t homeId, const char *zHome, const HomeFeedback *f) {
  form_head(w, homeId, zHome, f ? (f->complaint ? "Change a complaint" : "Change a compliment")
                                : "Record a complaint or compliment");
  char zAction[64];
  if (f) snprintf(zAction, sizeof zAction, "/homes/%lld/feedback/%lld", (long long)homeId, (long long)f->id);
  else snprintf(zAction, sizeof zAction, "/homes/%lld/feedback", (long long)homeId);
  form_begin(w, zAction);
  int posted = w->err.n > 0;
  static const char *const azKind[] = {"complaint", "Complaint", "compliment", "Compliment", NULL};
  input_radios(w, "fb_kind", "Complaint or compliment", NULL, azKind,
               posted || !f ? form_text(w, "fb_kind") : f->complaint ? "complaint" : "compliment", 1);
  input_date(w, "received_on", "Date received", "For example, 27 11 2026", f ? f->received : DATE_NONE);
  const char **azFrom = choices(hm_from_codes, hm_from_labels, HM_N_FROM, NULL, NULL);
  input_radios(w, "from_kind", "Who it came from", "Never a name: the QPAG report shows only this.", azFrom,
               posted || !f ? form_text(w, "from_kind") : f->zFrom, 0);
  free(azFrom);
  const char **azAbout = choices(hm_about_codes, hm_about_labels, HM_N_ABOUT, "", "Choose one");
  input_select(w, "about", "What it was about", NULL, azAbout, posted || !f ? form_text(w, "about") : f->zAbout);
  free(azAbout);
  input_counted(w, "summary", "Summary (optional)", "Shown on this page only, never in a report. Do not name a child "
                "or a member of staff.", posted || !f ? form_text(w, "summary") : f->zSummary, HM_SUMMARY_MAX, 4);
  const char **azOut = choices(hm_outcome_codes, hm_outcome_labels, HM_N_OUTCOME, "open", "Still open");
  input_radios(w, "outcome", "Outcome (complaints only)", "A compliment has none: leave it as still open.", azOut,
               posted || !f ? form_text(w, "outcome") : f->zOutcome[0] ? f->zOutcome : "open", 0);
  free(azOut);
  input_date(w, "outcome_on", "Date of the outcome", "Leave empty while the complaint is open",
             f ? f->outcomeOn : DATE_NONE);
  button(w, "Save");
  form_end(w);
  home_page_foot(w);
}

void page_home_feedback_new(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  feedback_form(w, id, zHome, NULL);
  free(zHome);
}

/* The complaint or compliment named by path segment 1 of home id, loaded
** into *m: its entry, or NULL (404 or 500 written). */
static const HomeFeedback *path_feedback(Web *w, int64_t homeId, HomeMonitoring *m) {
  if (homes_monitoring_load(w->db, homeId, m) != 0) {
    read_failed(w);
    return NULL;
  }
  int64_t fid = home_path_id(w, 1);
  for (int i = 0; i < m->nFb; i++) {
    if (m->aFb[i].id == fid) return &m->aFb[i];
  }
  not_found(w);
  return NULL;
}

void page_home_feedback(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  HomeMonitoring m;
  const HomeFeedback *f = path_feedback(w, id, &m);
  if (f) {
    if (home_audit_view(w->db, id, w->sess.user.zUsername) != DB_OK) audit_failed(w);
    else feedback_form(w, id, zHome, f);
  }
  homes_monitoring_clear(&m);
  free(zHome);
}

static void feedback_post(Web *w, int64_t id, const char *zHome, int64_t fid, const HomeFeedback *old) {
  Errors dateErr = {0};
  FeedbackInput in = {
    .zKind = form_text(w, "fb_kind"),
    .received = form_date_aside(w, "received_on", "the date it was received", 0, &dateErr),
    .outcomeOn = form_date_aside(w, "outcome_on", "the date of the outcome", 0, &dateErr),
    .zFrom = form_text(w, "from_kind"), .zAbout = form_text(w, "about"), .zSummary = form_text(w, "summary"),
    .zOutcome = form_text(w, "outcome"),
  };
  int64_t rid = home_feedback_save(w->db, id, fid, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azKnown[] = {"fb_kind", "received_on", "from_kind", "about", "summary", "outcome",
                                        "outcome_on", NULL};
  errors_move(w, azKnown, "fb_kind");
  if (rid && !w->err.n) {
    saved(w, id, "home-feedback");
  } else {
    /* The form again with what was typed: old gives only its id. */
    HomeFeedback shell;
    if (old) {
      shell = *old;
      shell.zSummary = (char *)"";
    }
    feedback_form(w, id, zHome, old ? &shell : NULL);
  }
}

void page_home_feedback_create(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  feedback_post(w, id, zHome, 0, NULL);
  free(zHome);
}

void page_home_feedback_save(Web *w) {
  char *zHome;
  int64_t id = path_home(w, &zHome);
  if (!id) return;
  HomeMonitoring m;
  const HomeFeedback *f = path_feedback(w, id, &m);
  if (f) feedback_post(w, id, zHome, f->id, f);
  homes_monitoring_clear(&m);
  free(zHome);
}
