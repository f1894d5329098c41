/*
** web_recommendations.c: a review's recommendations on the web (issue 16,
** docs/recommendations.md): their part of the review form (new ones in
** blank rows, the earlier reviews' open ones to close or carry forward),
** the child page's list, and one recommendation's page where the IRO adds
** progress notes and marks it done or not done.
*/
#include "web.h"
#include "recommendations.h"
#include "deadlines.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More than this many rows on one review is not a plan anyone can follow. */
enum { REC_MAX_ROWS = 20, REC_DEFAULT_ROWS = 3 };

int review_rec_rows(Web *w) {
  long n = REC_DEFAULT_ROWS;
  const char *z = form_text(w, "rec_rows");
  if (*z && parse_int(z, 1, REC_MAX_ROWS, &n) != 0) n = REC_DEFAULT_ROWS;
  /* "Add another recommendation" posts the form back with one more row:
  ** no JavaScript needed, and nothing typed is lost. */
  if (strcmp(form_text(w, "action"), "add-row") == 0 && n < REC_MAX_ROWS) n++;
  return (int)n;
}

/* The role choices of a select into az (room for 2 * 8 + 3), with an
** empty first choice. Filled per call: requests run on several threads. */
static const char *const *role_choices(const char **az) {
  int k = 0;
  az[k++] = "";
  az[k++] = "Select who";
  for (int i = 0; rec_roles[i]; i++) {
    az[k++] = rec_roles[i];
    az[k++] = rec_role_label(rec_roles[i]);
  }
  az[k] = NULL;
  return az;
}

/* Characters, not bytes, as the maxima are promised. */
static size_t utf8_chars(const char *z) {
  size_t n = 0;
  for (; z && *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  return n;
}

static int row_blank(Web *w, int i) {
  static const char *const azPart[] = {"text", "role", "name", "due-day", "due-month", "due-year"};
  char z[48];
  for (int k = 0; k < COUNT(azPart); k++) {
    snprintf(z, sizeof z, "rec%d_%s", i, azPart[k]);
    if (*form_text(w, z)) return 0;
  }
  return 1;
}

static void row_input(Web *w, int i, RecInput *in, char zRole[24]) {
  char z[48];
  snprintf(z, sizeof z, "rec%d_text", i);
  in->zText = form_text(w, z);
  snprintf(z, sizeof z, "rec%d_role", i);
  snprintf(zRole, 24, "%s", form_text(w, z));
  in->zRole = zRole;
  snprintf(z, sizeof z, "rec%d_name", i);
  in->zName = form_text(w, z);
  snprintf(z, sizeof z, "rec%d_due", i);
  char zWhat[64];
  snprintf(zWhat, sizeof zWhat, "the due date of recommendation %d", i);
  in->due = form_date(w, z, zWhat, 1);
}

/* The open recommendations the review being recorded must deal with:
** those of reviews before it (before today while the date is unknown). */
static int carried(Web *w, const Child *c, const Review *r, RecRecord **pa) {
  /* The path names the review for a correction (/reviews/{id}); r->id
  ** will not do, since a new review has one once saved. */
  if (w->nArg > 1) {
    *pa = NULL;
    return 0;                   /* a correction: dealt with when it was recorded */
  }
  return rec_list_open_before(w->db, c->id, r->held != DATE_NONE ? r->held : w->today + 1, pa);
}

void review_rec_fields(Web *w, const Child *c, const Review *r, int nRows) {
  RecRecord *a;
  int n = carried(w, c, r, &a);
  if (n < 0) return;   /* noted on the connection: the skeleton's error page */
  if (n) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Recommendations from earlier reviews</h2>\n"
                     "<p class=\"govuk-body\">These are still open. Say for each whether it was done, was not done,"
                     " or carries forward to this review.</p>\n");
  }
  for (int i = 0; i < n; i++) {
    const RecRecord *x = &a[i];
    char zName[40], zDue[48], zReason[48];
    snprintf(zName, sizeof zName, "cf%lld", (long long)x->id);
    snprintf(zDue, sizeof zDue, "cf%lld_due", (long long)x->id);
    snprintf(zReason, sizeof zReason, "cf%lld_reason", (long long)x->id);
    char zOn[24], zHeld[24];
    char *zLegend = xmprintf("%s (%s%s%s, due %s, from the review on %s)", x->zText, rec_role_label(x->zRole),
                             x->zName[0] ? ": " : "", x->zName, date_long(x->due, zOn), date_long(x->held, zHeld));
    static const char *const azChoice[] = {"carry", "Carry forward to this review", "done", "Done",
                                           "not-done", "Not done", NULL};
    const char *zCur = form_text(w, zName);
    input_radios(w, zName, zLegend, NULL, azChoice, *zCur ? zCur : "carry", 0);
    free(zLegend);
    input_date(w, zDue, "New due date, if it carries forward with one", "Leave empty to keep the date it has.", DATE_NONE);
    input_counted(w, zReason, "Why it was not done (if not done)", NULL, form_text(w, zReason), REC_MAX_REASON, 3);
  }
  rec_list_free(a, n);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Recommendations of this review</h2>\n"
                   "<p class=\"govuk-body\">Each one says what is to be done, who is responsible and by when."
                   " Leave the rows you do not need empty.</p>\n");
  html_printf(w->out, "<input type=\"hidden\" name=\"rec_rows\" value=\"%d\">\n", nRows);
  for (int i = 1; i <= nRows; i++) {
    char zLegend[40], z[48], zN[48];
    snprintf(zLegend, sizeof zLegend, "Recommendation %d", i);
    html_printf(w->out, "<fieldset class=\"govuk-fieldset govuk-!-margin-bottom-6\">\n"
                        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%h</legend>\n", zLegend);
    snprintf(z, sizeof z, "rec%d_text", i);
    input_counted(w, z, "What is to be done", NULL, form_text(w, z), REC_MAX_TEXT, 3);
    snprintf(z, sizeof z, "rec%d_role", i);
    const char *azRole[2 * 8 + 3];
    input_select(w, z, "Who is responsible", NULL, role_choices(azRole), form_text(w, z));
    snprintf(zN, sizeof zN, "rec%d_name", i);
    input_counted(w, zN, "Their name (optional)", NULL, form_text(w, zN), REC_MAX_NAME, 0);
    snprintf(z, sizeof z, "rec%d_due", i);
    input_date(w, z, "Due by", "For example, 27 3 2026", DATE_NONE);
    html_raw(w->out, "</fieldset>\n");
  }
  if (nRows < REC_MAX_ROWS) {
    /* formnovalidate: the row is added whatever the rest of the form holds. */
    html_raw(w->out, "<button type=\"submit\" name=\"action\" value=\"add-row\" formnovalidate"
                     " class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                     "Add another recommendation</button>\n");
  }
}

void review_rec_check(Web *w, const Child *c, const Review *r, int nRows) {
  for (int i = 1; i <= nRows; i++) {
    if (row_blank(w, i)) continue;
    RecInput in;
    char zRole[24], zPrefix[16];
    row_input(w, i, &in, zRole);
    snprintf(zPrefix, sizeof zPrefix, "rec%d_", i);
    Errors more = {0};
    rec_validate(&in, r->held, zPrefix, &more);
    errors_merge(&w->err, &more);
  }
  RecRecord *a;
  int n = carried(w, c, r, &a);
  if (n < 0) return;   /* noted on the connection: the form is not checked against part of them */
  for (int i = 0; i < n; i++) {
    char zName[40], zDue[48], zReason[48];
    snprintf(zName, sizeof zName, "cf%lld", (long long)a[i].id);
    snprintf(zDue, sizeof zDue, "cf%lld_due", (long long)a[i].id);
    snprintf(zReason, sizeof zReason, "cf%lld_reason", (long long)a[i].id);
    const char *zChoice = form_text(w, zName);
    Date due = form_date(w, zDue, "the new due date", 0);
    if (strcmp(zChoice, "not-done") == 0 && !*form_text(w, zReason)) {
      errors_add(&w->err, zReason, "Enter why \"%.60s\" was not done", a[i].zText);
    } else if (strcmp(zChoice, "not-done") == 0 && utf8_chars(form_text(w, zReason)) > REC_MAX_REASON) {
      /* Here, at the field, not later from rec_close under its own name. */
      errors_add(&w->err, zReason, "Why it was not done must be %d characters or fewer (it has %zu)",
                 REC_MAX_REASON, utf8_chars(form_text(w, zReason)));
    }
    if (due != DATE_NONE && r->held != DATE_NONE && due < r->held) {
      errors_add(&w->err, zDue, "The new due date must be on or after the date of this review");
    }
  }
  rec_list_free(a, n);
}

int review_rec_save(Web *w, const Child *c, const Review *r, int nRows) {
  const char *zActor = w->sess.user.zUsername;
  for (int i = 1; i <= nRows; i++) {
    if (row_blank(w, i)) continue;
    RecInput in;
    char zRole[24];
    row_input(w, i, &in, zRole);
    if (!rec_add(w->db, c, r->id, &in, zActor, &w->err)) return -1;
  }
  RecRecord *a;
  int n = carried(w, c, r, &a), rc = 0;
  if (n < 0) return -1;   /* noted on the connection: the transaction rolls back */
  for (int i = 0; i < n && rc == 0; i++) {
    char zName[40], zDue[48], zReason[48];
    snprintf(zName, sizeof zName, "cf%lld", (long long)a[i].id);
    snprintf(zDue, sizeof zDue, "cf%lld_due", (long long)a[i].id);
    snprintf(zReason, sizeof zReason, "cf%lld_reason", (long long)a[i].id);
    const char *zChoice = form_text(w, zName);
    /* Closed at the review: the review's date is the day it was known. */
    if (strcmp(zChoice, "done") == 0) {
      rc = rec_close(w->db, a[i].id, REC_DONE, r->held, NULL, w->today, zActor, &w->err);
    } else if (strcmp(zChoice, "not-done") == 0) {
      rc = rec_close(w->db, a[i].id, REC_NOT_DONE, r->held, form_text(w, zReason), w->today, zActor, &w->err);
    } else {
      rc = rec_carry(w->db, a[i].id, r->id, form_date(w, zDue, "the new due date", 0), zActor, &w->err);
    }
  }
  rec_list_free(a, n);
  return rc;
}

/* ---- The child page's list ---------------------------------------------- */

/* A status in words with its colour: open ones by the deadline engine's
** reckoning (rule recommendation_overdue), closed ones as recorded. */
static void rec_tag(Web *w, const RecRecord *x) {
  if (x->status == REC_DONE) {
    status_tag(w, x->closed <= rule_due(core_rules()->recommendationOverdue, x->due) ? ST_DONE : ST_DONE_LATE);
  } else if (x->status == REC_NOT_DONE) {
    html_raw(w->out, "<strong class=\"govuk-tag govuk-tag--purple\">Not done</strong>");
  } else {
    status_tag(w, deadline_status(rule_due(core_rules()->recommendationOverdue, x->due), DATE_NONE, w->today));
  }
}

/* ---- One recommendation ------------------------------------------------- */

/* The recommendation named by the path, if it is the child's: 1 and *r
** loaded; else 0 with the 404 page written. */
static int path_rec(Web *w, const Child *c, RecRecord *r) {
  long id;
  if (w->nArg < 2 || parse_int(w->azArg[1], 1, 2000000000L, &id) != 0 || !rec_load(w->db, id, r)) {
    not_found(w);
    return 0;
  }
  if (r->childId != c->id) {
    rec_clear(r);
    not_found(w);
    return 0;
  }
  return 1;
}

static void rec_page(Web *w, const Child *c, const RecRecord *x) {
  int mayChange = (w->caps & CAP_CHILD_EDIT) && may_change_child(w, c);
  char zTitle[300];
  snprintf(zTitle, sizeof zTitle, "Recommendation for %s %s", c->zGiven, c->zFamily);
  char *zBack = child_url(c, "");
  char *zChild = xmprintf("%s %s", c->zGiven, c->zFamily);
  breadcrumbs(w, "Find a child", "/children", zChild, zBack, NULL);
  free(zChild);
  page_begin(w, zTitle);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h %h, review on %D</span>\n<h1 class=\"govuk-heading-l\">Recommendation</h1>\n",
              c->zGiven, c->zFamily, (int)x->held);
  Date overdueFrom = rule_due(core_rules()->recommendationOverdue, x->due);
  int overdue = x->status == REC_OPEN && deadline_status(overdueFrom, DATE_NONE, w->today) == ST_OVERDUE;
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
#define ROW_BEGIN(k) html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt><dd class=\"govuk-summary-list__value\">", k)
#define ROW_END() html_raw(w->out, "</dd></div>\n")
  ROW_BEGIN("What is to be done");
  html_printf(w->out, "%h", x->zText);
  ROW_END();
  ROW_BEGIN("Who is responsible");
  html_printf(w->out, "%h%h%h", rec_role_label(x->zRole), x->zName[0] ? ": " : "", x->zName);
  ROW_END();
  ROW_BEGIN("Due by");
  html_printf(w->out, "%D", (int)x->due);
  ROW_END();
  ROW_BEGIN("Status");
  rec_tag(w, x);
  if (x->status != REC_OPEN) html_printf(w->out, " on %D", (int)x->closed);
  ROW_END();
  if (x->zReason) {
    ROW_BEGIN("Why it was not done");
    html_printf(w->out, "%h", x->zReason);
    ROW_END();
  }
  if (x->carriedReviewId) {
    ROW_BEGIN("Carried forward");
    html_printf(w->out, "To the review on %D", (int)x->carriedHeld);
    ROW_END();
  }
  if (x->escalationId) {
    ROW_BEGIN("Escalation");
    html_printf(w->out, "<a class=\"govuk-link\" href=\"/escalations/%lld\">Escalation %lld</a>, raised from this recommendation",
                (long long)x->escalationId, (long long)x->escalationId);
    ROW_END();
  }
#undef ROW_BEGIN
#undef ROW_END
  html_raw(w->out, "</dl>\n");
  if (overdue && !x->escalationId && (w->caps & CAP_ESCALATE) && may_change_child(w, c)) {
    html_printf(w->out, "<p class=\"govuk-body\">It is overdue. If chasing has not put it right, escalate it.</p>\n"
                        "<a href=\"/escalations/new?recommendation=%lld\" class=\"govuk-button govuk-button--warning\""
                        " data-module=\"govuk-button\">Raise an escalation</a>\n", (long long)x->id);
  }

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Progress</h2>\n");
  if (!x->nNote) html_raw(w->out, "<p class=\"govuk-body\">No progress recorded yet.</p>\n");
  else {
    html_raw(w->out, "<ul class=\"govuk-list\">\n");
    for (int i = 0; i < x->nNote; i++) {
      html_printf(w->out, "<li><strong>%D</strong>, %h: %h</li>\n", (int)x->aNote[i].on, x->aNote[i].zAuthor,
                  x->aNote[i].zNote);
    }
    html_raw(w->out, "</ul>\n");
  }
  if (mayChange && x->status == REC_OPEN) {
    char zSuffix[64];
    snprintf(zSuffix, sizeof zSuffix, "/recommendations/%lld", (long long)x->id);
    char *zAction = child_url(c, zSuffix);
    form_begin(w, zAction);
    html_raw(w->out, "<input type=\"hidden\" name=\"action\" value=\"note\">\n");
    input_textarea(w, "note", "Add a progress note", "Up to 1,000 characters.", form_text(w, "note"));
    /* What was typed comes back by itself (input_date reads the request). */
    input_date(w, "note_on", "Date of the note", NULL, w->today);
    button(w, "Save note");
    form_end(w);

    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Done or not done</h2>\n");
    form_begin(w, zAction);
    html_raw(w->out, "<input type=\"hidden\" name=\"action\" value=\"close\">\n");
    static const char *const azStatus[] = {"done", "Done", "not-done", "Not done", NULL};
    input_radios(w, "status", "Was it done?", NULL, azStatus, form_text(w, "status"), 0);
    input_textarea(w, "reason", "Why it was not done (if not done)", "Up to 500 characters.", form_text(w, "reason"));
    input_date(w, "closed_on", "On which date?", NULL, w->today);
    button(w, "Save");
    form_end(w);
    free(zAction);
  }
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(zBack);
}

void page_recommendation(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  RecRecord x;
  if (path_rec(w, c, &x)) {
    if (child_audit_view(w, c->zRef)) rec_page(w, c, &x);
    rec_clear(&x);
  }
  childset_free(cs);
}

void page_recommendation_save(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  if (!may_change_child(w, c)) {
    childset_free(cs);
    forbidden_child(w);
    return;
  }
  RecRecord x;
  if (!path_rec(w, c, &x)) {
    childset_free(cs);
    return;
  }
  int isClose = strcmp(form_text(w, "action"), "close") == 0;
  const char *zStatus = form_text(w, "status");
  if (isClose) {
    Date on = form_date(w, "closed_on", "the date", 1);
    char st = strcmp(zStatus, "done") == 0 ? REC_DONE : strcmp(zStatus, "not-done") == 0 ? REC_NOT_DONE : 0;
    if (!st) errors_add(&w->err, "status", "Select done or not done");
    if (!w->err.n) rec_close(w->db, x.id, st, on, form_text(w, "reason"), w->today, w->sess.user.zUsername, &w->err);
  } else {
    Date on = form_date(w, "note_on", "the date of the note", 1);
    if (!w->err.n) rec_note(w->db, x.id, on, form_text(w, "note"), w->today, w->sess.user.zUsername, &w->err);
  }
  if (!w->err.n) {
    char zSuffix[80];
    snprintf(zSuffix, sizeof zSuffix, "/recommendations/%lld?saved=%s", (long long)x.id,
             isClose ? "recommendation-closed" : "recommendation-note");
    char *zUrl = child_url(c, zSuffix);
    redirect(w, zUrl);
    free(zUrl);
  } else {
    RecRecord fresh;
    if (rec_load(w->db, x.id, &fresh)) {
      rec_page(w, c, &fresh);
      rec_clear(&fresh);
    }
  }
  rec_clear(&x);
  childset_free(cs);
}
