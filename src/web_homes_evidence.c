/*
** web_homes_evidence.c: the pages of the QA framework's evidence for a
** children's home (homes_evidence.h):
**
**   the home's page     a section with its surveys (the latest beside the
**                       one before, every round) and its dip samples and
**                       full audits, with a form to record each
**   POST /homes/{id}/surveys                 record a survey round
**   GET  /homes/{id}/surveys/{r}             one round: scores by question
**                                            beside the round before, its
**                                            comments, a form for a response
**   POST /homes/{id}/surveys/{r}/responses   add a response
**   POST /homes/{id}/qa-audits               record a dip sample or full audit
**   GET  /homes/{id}/qa-audits/{a}           one audit: findings, actions,
**                                            each into the QPAG tracker
**   POST /homes/{id}/qa-audits/{a}/actions   add an action
**   POST /homes/{id}/audit-actions/{x}/qpag  put an action into the tracker
**
** As on the other homes pages, every view is audited under "home:<id>"
** before it is shown, and a form sent back with errors shows the page the
** user has just viewed without auditing it again.
*/
#include "web.h"
#include "audit.h"
#include "homes.h"
#include "homes_evidence.h"
#include "reports.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ------------------------------------------------------------ */

static void row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", zKey, zValue);
}

/* A copy of t without its first column (the home, which its own page
** need not repeat): for the page only. Free with rtable_figures_free(). */
static void without_home(const RTable *t, RTable *out) {
  RColumn *aCol = xcalloc((size_t)t->nCol, sizeof *aCol);
  memcpy(aCol, t->aCol + 1, (size_t)(t->nCol - 1) * sizeof *aCol);
  *out = *t;
  out->aCol = aCol;
  out->nCol = t->nCol - 1;
  out->a = NULL;
  out->nRow = out->nAlloc = 0;
  for (int i = 0; i < t->nRow; i++) {
    rtable_row(out);
    for (int k = 1; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      if (c->z) rtable_text(out, k - 1, c->z);
      rtable_num(out, k - 1, c->v);
      if (c->zHtml) rtable_html(out, k - 1, c->zHtml);
    }
  }
}

static void show_table(Web *w, const RTable *t) {
  RTable v;
  without_home(t, &v);
  v.captioned = 1;
  if (v.nRow) reports_table_html(&v, w->out, 1);
  else html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", v.zEmpty);
  rtable_figures_free(&v);
}

static const HomeAudit *find_qa_audit(const HomeRecords *h, int64_t id) {
  for (int i = 0; i < h->nAudit; i++) {
    const HomeAudit *a = &h->aAudit[i];
    if (a->id == id && (a->kind == HOME_AUDIT_DIP || a->kind == HOME_AUDIT_FULL)) return a;
  }
  return NULL;
}

static const SurveyRound *find_round(const HomeRecords *h, int64_t id) {
  const HomeEvidence *e = h->pEvidence;
  for (int i = 0; e && i < e->nRound; i++) {
    if (e->aRound[i].id == id) return &e->aRound[i];
  }
  return NULL;
}

/* A home's dip samples and full audits, latest first, each date linked
** to its page: the home's page and its downloads. */
static const RColumn aDipCol[] = {
  {"audit", "Audit", RCOL_TEXT, 14}, {"done_on", "Done", RCOL_DATE, 13}, {"auditor", "Auditor", RCOL_TEXT, 20},
  {"focus", "What was looked at", RCOL_TEXT, 32}, {"actions", "Actions (in the QPAG tracker)", RCOL_TEXT, 14},
};
static void qa_audits_table(const HomeRecords *h, RTable *out) {
  char zBase[40];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  *out = (RTable){.zSheet = "Dip samples and full audits", .zTitle = "Dip samples and full audits, latest first",
                  .zEmpty = "No dip sample or full audit is recorded yet.", .aCol = aDipCol, .nCol = COUNT(aDipCol),
                  .captioned = 1};
  for (int i = h->nAudit - 1; i >= 0; i--) {
    const HomeAudit *au = &h->aAudit[i];
    if (au->kind != HOME_AUDIT_DIP && au->kind != HOME_AUDIT_FULL) continue;
    int nAct = 0, nIn = 0;
    for (int j = 0; j < h->nAuditAct; j++) {
      if (h->aAuditAct[j].auditId != au->id) continue;
      nAct++;
      nIn += h->aAuditAct[j].qpagId != 0;
    }
    char z[32];
    rtable_row(out);
    rtable_text(out, 0, home_audit_labels[au->kind]);
    rtable_num(out, 1, au->done);
    Buf b = {0};
    html_printf(&b, "<a class=\"govuk-link\" href=\"%h/qa-audits/%lld\">%D<span class=\"govuk-visually-hidden\">: %h</span></a>",
                zBase, (long long)au->id, (int)au->done, home_audit_labels[au->kind]);
    rtable_html(out, 1, b.z);
    buf_free(&b);
    rtable_text(out, 2, au->zBy);
    rtable_text(out, 3, au->zFocus);
    snprintf(z, sizeof z, "%d (%d)", nAct, nIn);
    rtable_text(out, 4, z);
  }
}

/* ---- The home's page's section --------------------------------------------------- */

void evidence_home_section(Web *w, const struct HomeRecords *h) {
  char zBase[40], zAction[80], zD[24];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"surveys\">Surveys of young people and professionals</h2>\n");
  if (!h->pEvidence || !h->pEvidence->ok) {
    html_raw(w->out, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
                     "<h3 class=\"govuk-error-summary__title\">The surveys could not be read</h3>"
                     "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">Try again in a moment.</p></div>"
                     "</div></div>\n");
  }
  html_raw(w->out, "<ul class=\"govuk-list\">\n");
  for (int k = 0; k < SURVEY_N_KINDS; k++) {
    Date due = survey_next_due(h, k, w->today);
    Status st = home_status(due, DATE_NONE, w->today);
    html_printf(w->out, "<li>The next %h is due by %h", k == SURVEY_YP ? "young people's survey" : "professionals' survey",
                date_long(due, zD));
    /* The same tag as every other deadline: overdue, due today, due soon. */
    if (st == ST_OVERDUE || st == ST_DUE_TODAY || st == ST_DUE_SOON) {
      html_raw(w->out, " ");
      status_tag(w, st);
    }
    html_raw(w->out, "</li>\n");
  }
  html_raw(w->out, "</ul>\n");

  RTable t;
  evidence_table_init(&t, QPAG_SURVEYS);
  t.zTitle = "The latest surveys beside the one before";
  evidence_surveys_table(h, w->today, &t);
  show_table(w, &t);
  rtable_clear(&t);

  /* Every round, latest first, each linked to its page. */
  evidence_table_init(&t, QPAG_SURVEY_HISTORY);
  t.zTitle = "Every survey";
  evidence_history_table(h, w->today, &t);
  for (int i = 0; i < t.nRow; i++) {
    /* Rows are by kind, then date: find the round by its kind and date. */
    const RCell *cKind = rtable_cell(&t, i, 1), *cHeld = rtable_cell(&t, i, 2);
    for (int k = 0; h->pEvidence && k < h->pEvidence->nRound; k++) {
      const SurveyRound *r = &h->pEvidence->aRound[k];
      if (r->held != (Date)cHeld->v || r->kind < 0 || strcmp(survey_kind_labels[r->kind], cKind->z) != 0) continue;
      Buf b = {0};
      html_printf(&b, "<a class=\"govuk-link\" href=\"%h/surveys/%lld\">%D<span class=\"govuk-visually-hidden\">: "
                      "%h</span></a>", zBase, (long long)r->id, (int)r->held, survey_title(r->kind));
      t.a[i * t.nCol + 2].zHtml = b.z;   /* the cell takes the markup */
    }
  }
  show_table(w, &t);
  rtable_clear(&t);

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h3 class=\"govuk-heading-s\">Record a survey</h3>\n"
                   "<p class=\"govuk-body\">Record the survey when it closes, then add each response on its page.</p>\n");
  snprintf(zAction, sizeof zAction, "%s/surveys", zBase);
  form_begin(w, zAction);
  static const char *const azKind[] = {"young-people", "Young people living in the home", "professionals",
                                       "Professionals who visit the home (social workers, IROs and others)", NULL};
  input_radios(w, "survey_kind", "Who the survey was for", NULL, azKind, form_text(w, "survey_kind"), 0);
  input_date(w, "survey_on", "Date the survey closed", "For example, 27 3 2026", DATE_NONE);
  input_counted(w, "survey_asked", "Who was asked", "For example, the four young people living in the home. No names.",
                form_text(w, "survey_asked"), 200, 0);
  input_text(w, "survey_number", "How many people were asked", NULL, form_text(w, "survey_number"), "off");
  input_counted(w, "survey_focus", "Focus of this survey (optional)",
                "Each survey has its own focus, for example food and mealtimes", form_text(w, "survey_focus"), 200, 0);
  button(w, "Record survey");
  form_end(w);
  html_raw(w->out, "</div></div>\n");

  /* Dip samples and full audits, latest first. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"qa-audits\">Dip samples and full audits</h2>\n");
  RTable a;
  qa_audits_table(h, &a);
  if (a.nRow) reports_table_html(&a, w->out, 1);
  else html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", a.zEmpty);
  rtable_clear(&a);

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h3 class=\"govuk-heading-s\">Record a dip sample or full audit</h3>\n");
  snprintf(zAction, sizeof zAction, "%s/qa-audits", zBase);
  form_begin(w, zAction);
  static const char *const azQa[] = {"dip-sample", "Dip sample: a drill-down into one incident or area",
                                     "full-audit", "Full audit: against the regulations and SCCIF", NULL};
  input_radios(w, "qa_kind", "Which kind of audit", NULL, azQa, form_text(w, "qa_kind"), 0);
  input_date(w, "qa_on", "Date of the dip sample or full audit", "For example, 27 3 2026", DATE_NONE);
  input_text(w, "qa_by", "Auditor", "The service manager, Regulation 44 visitor or Head of QA who did it",
             form_text(w, "qa_by"), "off");
  input_counted(w, "qa_focus", "What was looked at", "The area sampled, or why the full audit was done",
                form_text(w, "qa_focus"), 200, 0);
  input_counted(w, "qa_findings", "What it found", "No child's full name", form_text(w, "qa_findings"), 4000, 5);
  input_text(w, "qa_action", "First action (optional)", "You can add more actions on the audit's page",
             form_text(w, "qa_action"), "off");
  input_text(w, "qa_owner", "Who owns the first action", NULL, form_text(w, "qa_owner"), "off");
  input_date(w, "qa_due", "First action due by", NULL, DATE_NONE);
  button(w, "Record dip sample or full audit");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
}

/* A table of every home's rows, for one home's downloads: without its
** first column (the home), as the page shows it. */
static void take_without_home(PageTables *pt, const RTable *t, const char *zSheet) {
  RTable *to = page_table(pt, zSheet, t->zTitle, t->zEmpty, t->aCol + 1, t->nCol - 1);
  for (int i = 0; i < t->nRow; i++) {
    rtable_row(to);
    for (int k = 1; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      if (c->z) rtable_text(to, k - 1, c->z);
      rtable_num(to, k - 1, c->v);
    }
  }
}

int evidence_home_tables(Web *w, const struct HomeRecords *h, PageTables *pt) {
  /* A survey that could not be read would be a short table: no download. */
  if (!h->pEvidence || !h->pEvidence->ok) return -1;
  RTable t;
  evidence_table_init(&t, QPAG_SURVEYS);
  t.zTitle = "The latest surveys beside the one before";
  evidence_surveys_table(h, w->today, &t);
  take_without_home(pt, &t, "Latest surveys");
  rtable_clear(&t);
  evidence_table_init(&t, QPAG_SURVEY_HISTORY);
  t.zTitle = "Every survey";
  evidence_history_table(h, w->today, &t);
  take_without_home(pt, &t, "Every survey");
  rtable_clear(&t);
  qa_audits_table(h, &t);
  page_table_take(pt, &t);
  return 0;
}

void evidence_qpag_source(Web *w, int64_t qpagId) {
  char z[200];
  int64_t homeId = qpag_action_source(w->db, qpagId, z, sizeof z);
  if (!z[0]) return;
  if (!homeId) {
    html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", z);
    return;
  }
  int64_t auditId = db_int(w->db, 0, "SELECT audit_id FROM home_audit_action WHERE qpag_action_id=?", "I", qpagId);
  html_printf(w->out, "<p class=\"govuk-body\">From the <a class=\"govuk-link\" href=\"/homes/%lld/qa-audits/%lld\">%h</a>.</p>\n",
              (long long)homeId, (long long)auditId, z);
}

/* ---- Surveys ------------------------------------------------------------------------ */

void page_home_survey_add(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t homeId = h.home.id;
  home_clear(&h);
  Errors dateErr = {0};
  SurveyRoundInput in = {
    .zKind = form_text(w, "survey_kind"), .zAsked = form_text(w, "survey_asked"),
    .zNumberAsked = form_text(w, "survey_number"), .zFocus = form_text(w, "survey_focus"),
    .held = form_date_aside(w, "survey_on", "the date the survey closed", 0, &dateErr),
  };
  int64_t id = survey_round_add(w->db, homeId, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  if (id && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/surveys/%lld", (long long)homeId, (long long)id);
    home_redirect_saved(w, z, "home-survey");
    return;
  }
  static const char *const azKnown[] = {"survey_kind", "survey_on", "survey_asked", "survey_number", "survey_focus", NULL};
  errors_move(w, azKnown, "survey_kind");
  home_page_again(w, homeId);
}

static void survey_page(Web *w, const HomeRecords *h, const SurveyRound *r) {
  char zBase[64], zTitle[120], zD[24], z[64];
  snprintf(zBase, sizeof zBase, "/homes/%lld/surveys/%lld", (long long)h->home.id, (long long)r->id);
  snprintf(zTitle, sizeof zTitle, "%s closed on %s", survey_title(r->kind), date_long(r->held, zD));
  char zHome[40];
  snprintf(zHome, sizeof zHome, "/homes/%lld#surveys", (long long)h->home.id);
  home_page_head(w, h->home.zName, zTitle, zHome, "Back to the home");
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  row(w, "Who was asked", r->zAsked);
  snprintf(z, sizeof z, "%d of %d asked (%d%%)", r->nResponses, r->nAsked,
           (int)((rtable_pct(r->nResponses, r->nAsked) + 50) / 100));
  row(w, "Responses", z);
  row(w, "Focus", *r->zFocus ? r->zFocus : "None recorded");
  if (r->n) {
    int64_t avg = survey_average(r, 0);
    snprintf(z, sizeof z, "%lld.%02lld out of 5", (long long)(avg / 100), (long long)(avg % 100));
  } else {
    snprintf(z, sizeof z, "No answers yet");
  }
  row(w, "Average score", z);
  html_raw(w->out, "</dl>\n");
  html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%h/edit\">Correct the survey's date, who "
                      "was asked or its focus</a></p>\n</div></div>\n", zBase);

  RTable t;
  evidence_table_init(&t, QPAG_SURVEY_QUESTIONS);
  t.zTitle = "Scores by question, beside the survey before";
  /* The questions table is of the latest round: show this one's by
  ** building it as of the day it closed. */
  evidence_questions_table(w->db, h, r->held, r->kind, &t);
  show_table(w, &t);
  rtable_clear(&t);

  /* The comments: anonymous, for those who work with the home only. */
  Stmt *s = db_query(w->db, "SELECT comment FROM survey_response WHERE round_id=? AND comment <> '' ORDER BY id", "I", r->id);
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (!n++) html_raw(w->out, "<h2 class=\"govuk-heading-m\">Comments</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
    html_printf(w->out, "<li>%h</li>\n", db_col_text(s, 0));
  }
  db_finalize(s);
  if (n) html_raw(w->out, "</ul>\n");
  if (rc == DB_ERROR) html_raw(w->out, "<p class=\"govuk-body\">The comments could not be read. Try again in a moment.</p>\n");

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h2 class=\"govuk-heading-m\">Add a response</h2>\n");
  if (r->nResponses >= r->nAsked) {
    html_printf(w->out, "<p class=\"govuk-body\">Every one of the %d people asked has a response recorded.</p>\n", r->nAsked);
  } else {
    SurveyQuestion aQ[SURVEY_MAX_Q];
    int nQ = survey_questions(w->db, r->kind, aQ);
    char zAction[96];
    snprintf(zAction, sizeof zAction, "%s/responses", zBase);
    form_begin(w, zAction);
    static const char *const azScore[] = {"5", "Strongly agree", "4", "Agree", "3", "Neither agree nor disagree",
                                          "2", "Disagree", "1", "Strongly disagree", "0", "Not answered", NULL};
    for (int i = 0; i < nQ; i++) {
      char zName[8];
      snprintf(zName, sizeof zName, "q%d", aQ[i].position);
      input_radios(w, zName, aQ[i].zText, NULL, azScore, form_text(w, zName), 0);
    }
    if (nQ > 0) survey_questions_free(aQ, nQ);
    input_counted(w, "comment", "Comment (optional)", "What they said in their own words, without names",
                  form_text(w, "comment"), 2000, 4);
    button(w, "Add response");
    form_end(w);
  }
  home_page_foot(w);
}

static int path_round(Web *w, HomeRecords *h, const SurveyRound **pr) {
  if (!home_path_load(w, h)) return 0;
  *pr = find_round(h, home_path_id(w, 1));
  if (!*pr) {
    home_clear(h);
    not_found(w);
    return 0;
  }
  return 1;
}

void page_home_survey(Web *w) {
  HomeRecords h;
  const SurveyRound *r;
  if (!path_round(w, &h, &r)) return;
  if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, "The audit log cannot be written, so the survey is not shown.");
  } else {
    survey_page(w, &h, r);
  }
  home_clear(&h);
}

void page_home_survey_response_add(Web *w) {
  HomeRecords h;
  const SurveyRound *r;
  if (!path_round(w, &h, &r)) return;
  int aScore[SURVEY_MAX_Q + 1] = {0};
  for (int p = 1; p <= SURVEY_MAX_Q; p++) {
    char zName[8];
    snprintf(zName, sizeof zName, "q%d", p);
    const char *z = form_text(w, zName);
    long v;
    /* Not chosen at all: the domain asks for an answer (or "Not answered"). */
    aScore[p] = !*z ? -1 : parse_int(z, 0, 5, &v) == 0 ? (int)v : -1;
  }
  int64_t id = survey_response_add(w->db, r->id, aScore, form_text(w, "comment"), w->sess.user.zUsername, &w->err);
  if (id && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/surveys/%lld", (long long)h.home.id, (long long)r->id);
    home_redirect_saved(w, z, "home-survey-response");
  } else {
    survey_page(w, &h, r);
  }
  home_clear(&h);
}

/* ---- Dip samples and full audits ----------------------------------------------------------- */

void page_home_qa_audit_add(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t homeId = h.home.id;
  home_clear(&h);
  Errors dateErr = {0};
  Date on = form_date_aside(w, "qa_on", "the date of the audit", 0, &dateErr);
  Date due = form_date_aside(w, "qa_due", "the date the action is due", 0, &dateErr);
  const char *zAct = form_text(w, "qa_action"), *zOwner = form_text(w, "qa_owner");
  /* The audit and its first action are saved together or not at all. */
  db_begin(w->db);
  int64_t id = qa_audit_add(w->db, homeId, form_text(w, "qa_kind"), on, form_text(w, "qa_by"), form_text(w, "qa_focus"),
                            form_text(w, "qa_findings"), w->today, w->sess.user.zUsername, &w->err);
  if (id && (*zAct || *zOwner || due != DATE_NONE)) {
    Errors e = {0};
    audit_action_add(w->db, id, zAct, zOwner, due, w->sess.user.zUsername, &e);
    for (int i = 0; i < e.n; i++) {
      const char *zF = strcmp(e.a[i].zField, "audit_owner") == 0 ? "qa_owner"
                       : strcmp(e.a[i].zField, "audit_due") == 0 ? "qa_due" : "qa_action";
      errors_add(&w->err, zF, "%s", e.a[i].zMsg);
    }
  }
  errors_aside_first(w, &dateErr, 1);
  if (id && !w->err.n && db_commit(w->db) == DB_OK) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/qa-audits/%lld", (long long)homeId, (long long)id);
    home_redirect_saved(w, z, "home-qa-audit");
    return;
  }
  if (id && !w->err.n) errors_add(&w->err, "qa_kind", "Could not save the audit: %s", db_errmsg(w->db));
  else db_rollback(w->db);
  static const char *const azKnown[] = {"qa_kind", "qa_on", "qa_by", "qa_focus", "qa_findings", "qa_action",
                                        "qa_owner", "qa_due", NULL};
  errors_move(w, azKnown, "qa_kind");
  home_page_again(w, homeId);
}

static void qa_audit_page(Web *w, const HomeRecords *h, const HomeAudit *a) {
  char zBase[64], zTitle[96], zD[24], zAction[112];
  snprintf(zBase, sizeof zBase, "/homes/%lld", (long long)h->home.id);
  snprintf(zTitle, sizeof zTitle, "%s of %s", home_audit_labels[a->kind], date_long(a->done, zD));
  page_begin(w, zTitle);
  html_printf(w->out, "<a href=\"%h#qa-audits\" class=\"govuk-back-link\">Back to the home</a>\n", zBase);
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n", h->home.zName,
              zTitle);
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  row(w, "Auditor", a->zBy);
  row(w, a->kind == HOME_AUDIT_FULL ? "Why it was done" : "What was sampled", a->zFocus);
  row(w, "Findings", *a->zFindings ? a->zFindings : "None recorded");
  html_raw(w->out, "</dl>\n<h2 class=\"govuk-heading-m\">Actions</h2>\n");
  int n = 0;
  for (int i = 0; i < h->nAuditAct; i++) {
    const HomeAuditAction *x = &h->aAuditAct[i];
    if (x->auditId != a->id) continue;
    n++;
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">%h</h3>", x->zAction);
    status_tag(w, home_status(x->due, x->done, w->today));
    html_printf(w->out, "</div>\n<div class=\"govuk-summary-card__content\"><p class=\"govuk-body\">Owner: %h. Due %D.",
                x->zOwner, (int)x->due);
    if (x->done != DATE_NONE) html_printf(w->out, " Done %D.", (int)x->done);
    html_raw(w->out, "</p>\n");
    if (x->qpagId) {
      Stmt *s = db_query(w->db, "SELECT meeting_on, done_on FROM qpag_action WHERE id=?", "I", x->qpagId);
      if (db_step(s) == DB_ROW) {
        html_printf(w->out, "<p class=\"govuk-body\">In the <a class=\"govuk-link\" href=\"/homes/qpag/actions\">QPAG action "
                            "tracker</a>: agreed at the meeting on %D%h.</p>\n", (int)db_col_date(s, 0),
                    db_col_is_null(s, 1) ? "" : ", done");
      } else {
        html_raw(w->out, "<p class=\"govuk-body\">In the QPAG action tracker (its details could not be read).</p>\n");
      }
      db_finalize(s);
    } else {
      if (x->done == DATE_NONE) {
        html_printf(w->out, "<p class=\"govuk-body\">Not in the QPAG action tracker. Mark it done on the "
                            "<a class=\"govuk-link\" href=\"%h\">home's page</a> when it is.</p>\n", zBase);
      }
      snprintf(zAction, sizeof zAction, "%s/audit-actions/%lld/qpag", zBase, (long long)x->id);
      form_begin(w, zAction);
      char zId[40];
      snprintf(zId, sizeof zId, "meeting_on_%lld", (long long)x->id);
      input_date(w, zId, "Date of the QPAG meeting that agreed it", "On or before the action's due date", w->today);
      html_printf(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                          "Add to the QPAG tracker<span class=\"govuk-visually-hidden\">: %h</span></button>\n", x->zAction);
      form_end(w);
    }
    html_raw(w->out, "</div></div>\n");
  }
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">No action is recorded yet.</p>\n");

  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
                   "<h2 class=\"govuk-heading-m\">Add an action</h2>\n");
  snprintf(zAction, sizeof zAction, "%s/qa-audits/%lld/actions", zBase, (long long)a->id);
  form_begin(w, zAction);
  input_text(w, "audit_action", "Action", NULL, form_text(w, "audit_action"), "off");
  input_text(w, "audit_owner", "Owner", NULL, form_text(w, "audit_owner"), "off");
  input_date(w, "audit_due", "Due by", NULL, DATE_NONE);
  button(w, "Add action");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

static int path_qa_audit(Web *w, HomeRecords *h, const HomeAudit **pa) {
  if (!home_path_load(w, h)) return 0;
  *pa = find_qa_audit(h, home_path_id(w, 1));
  if (!*pa) {
    home_clear(h);
    not_found(w);
    return 0;
  }
  return 1;
}

void page_home_qa_audit(Web *w) {
  HomeRecords h;
  const HomeAudit *a;
  if (!path_qa_audit(w, &h, &a)) return;
  if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, "The audit log cannot be written, so the audit is not shown.");
  } else {
    qa_audit_page(w, &h, a);
  }
  home_clear(&h);
}

void page_home_qa_action_add(Web *w) {
  HomeRecords h;
  const HomeAudit *a;
  if (!path_qa_audit(w, &h, &a)) return;
  Errors dateErr = {0};
  Date due = form_date_aside(w, "audit_due", "the date the action is due", 0, &dateErr);
  int64_t id = audit_action_add(w->db, a->id, form_text(w, "audit_action"), form_text(w, "audit_owner"), due,
                                w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  char z[64];
  snprintf(z, sizeof z, "/homes/%lld/qa-audits/%lld", (long long)h.home.id, (long long)a->id);
  if (id && !w->err.n) {
    home_redirect_saved(w, z, "home-qa-action");
  } else {
    static const char *const azKnown[] = {"audit_action", "audit_owner", "audit_due", NULL};
    errors_move(w, azKnown, "audit_action");
    qa_audit_page(w, &h, a);
  }
  home_clear(&h);
}

void page_home_audit_action_qpag(Web *w) {
  HomeRecords h;
  if (!home_path_load(w, &h)) return;
  int64_t xid = home_path_id(w, 1);
  const HomeAudit *a = NULL;
  for (int i = 0; i < h.nAuditAct; i++) {
    if (h.aAuditAct[i].id == xid) a = find_qa_audit(&h, h.aAuditAct[i].auditId);
  }
  if (!a) {
    home_clear(&h);
    not_found(w);
    return;
  }
  char zField[40];
  snprintf(zField, sizeof zField, "meeting_on_%lld", (long long)xid);
  Errors dateErr = {0};
  Date on = form_date_aside(w, zField, "the date of the QPAG meeting", 0, &dateErr);
  int64_t id = audit_action_to_qpag(w->db, xid, on, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  static const char *const azNone[] = {NULL};
  errors_move(w, azNone, zField);
  if (id && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/qa-audits/%lld", (long long)h.home.id, (long long)a->id);
    home_redirect_saved(w, z, "home-qa-qpag");
  } else {
    qa_audit_page(w, &h, a);
  }
  home_clear(&h);
}

/* ---- Correcting a survey ---------------------------------------------------------- */

/* The survey's details, to correct: what was posted when the form comes
** back with errors, else what is recorded. */
static void survey_correct_form(Web *w, const HomeRecords *h, const SurveyRound *r) {
  char zBase[64], zTitle[160], zD[24], zN[12];
  snprintf(zBase, sizeof zBase, "/homes/%lld/surveys/%lld", (long long)h->home.id, (long long)r->id);
  snprintf(zTitle, sizeof zTitle, "Correct the %s closed on %s",
           r->kind == SURVEY_YP ? "young people's survey" : "professionals' survey", date_long(r->held, zD));
  page_begin(w, zTitle);
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">Back to the survey</a>\n", zBase);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n"
                      "<p class=\"govuk-body\">Who the survey was for cannot change: its %d response%h answered its "
                      "questions. The change is kept in the audit log with what it said before.</p>\n",
              h->home.zName, zTitle, r->nResponses, r->nResponses == 1 ? "" : "s");
  form_begin(w, zBase);
  int posted = w->err.n > 0;
  snprintf(zN, sizeof zN, "%d", r->nAsked);
  input_date(w, "survey_on", "Date the survey closed", "For example, 27 3 2026", r->held);
  input_counted(w, "survey_asked", "Who was asked", "For example, the four young people living in the home. No names.",
                posted ? form_text(w, "survey_asked") : r->zAsked, 200, 0);
  input_text(w, "survey_number", "How many people were asked", NULL, posted ? form_text(w, "survey_number") : zN, "off");
  input_counted(w, "survey_focus", "Focus of this survey (optional)",
                "Each survey has its own focus, for example food and mealtimes",
                posted ? form_text(w, "survey_focus") : r->zFocus, 200, 0);
  button(w, "Save changes");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

/* GET /homes/{id}/surveys/{r}/edit */
void page_home_survey_edit(Web *w) {
  HomeRecords h;
  const SurveyRound *r;
  if (!path_round(w, &h, &r)) return;
  if (home_audit_view(w->db, h.home.id, w->sess.user.zUsername) != DB_OK) {
    home_unavailable(w, "The audit log cannot be written, so the survey is not shown.");
  } else {
    survey_correct_form(w, &h, r);
  }
  home_clear(&h);
}

/* POST /homes/{id}/surveys/{r}: the correction, then the survey's page
** with its banner; or the form again with its errors. */
void page_home_survey_save(Web *w) {
  HomeRecords h;
  const SurveyRound *r;
  if (!path_round(w, &h, &r)) return;
  Errors dateErr = {0};
  SurveyRoundInput in = {
    .zAsked = form_text(w, "survey_asked"), .zNumberAsked = form_text(w, "survey_number"),
    .zFocus = form_text(w, "survey_focus"),
    .held = form_date_aside(w, "survey_on", "the date the survey closed", 0, &dateErr),
  };
  int rc = survey_round_correct(w->db, r->id, &in, w->today, w->sess.user.zUsername, &w->err);
  errors_aside_first(w, &dateErr, 1);
  if (rc == 0 && !w->err.n) {
    char z[64];
    snprintf(z, sizeof z, "/homes/%lld/surveys/%lld", (long long)h.home.id, (long long)r->id);
    home_redirect_saved(w, z, "home-survey-corrected");
  } else {
    static const char *const azKnown[] = {"survey_on", "survey_asked", "survey_number", "survey_focus", NULL};
    errors_move(w, azKnown, "survey_on");
    survey_correct_form(w, &h, r);
  }
  home_clear(&h);
}
