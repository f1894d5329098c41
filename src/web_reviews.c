/*
** web_reviews.c: the review meeting on the web (issue 16, docs/reviews.md):
** the review form's consultation, meeting and plan fields (people invited
** in blank rows with "Add another person", which posts back, no
** JavaScript), and the written record of the review (an A4 page that
** prints cleanly) and the letter to the child, each with the day it was
** sent. Recording the record as sent is recording the minutes as issued.
*/
#include "web.h"
#include "recommendations.h"
#include "reviews.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ATT_DEFAULT_ROWS = 3 };

/* ---- The form ------------------------------------------------------------- */

int review_att_rows(Web *w, const ReviewMeeting *m) {
  /* The rows the form had when posted; else those recorded and a blank. */
  long n = ATT_DEFAULT_ROWS, posted;
  const char *z = form_text(w, "att_rows");
  if (*z && parse_int(z, 1, REVIEW_MAX_ATTENDEES, &posted) == 0) n = posted;
  else if (m->nAtt + 1 > n) n = m->nAtt + 1;
  /* "Add another person" posts the form back with one more row. */
  if (strcmp(form_text(w, "action"), "add-attendee") == 0) n++;
  if (n > REVIEW_MAX_ATTENDEES) n = REVIEW_MAX_ATTENDEES;
  if (n < m->nAtt) n = m->nAtt;
  return (int)n;
}

void review_meeting_read(Web *w, ReviewMeeting *m, int nRows) {
  review_meeting_free(m);
  review_meeting_init(m);
  struct { char **pz; const char *zName; } aText[] = {
    {&m->zLocation, "location"}, {&m->zPlanOther, "permanence_other"}, {&m->zPlanView, "plan_view"},
  };
  for (int i = 0; i < COUNT(aText); i++) {
    free(*aText[i].pz);
    *aText[i].pz = xstrdup(form_text(w, aText[i].zName));
  }
  m->viewsForm = (signed char)form_yesno(w, "views_form");
  const char *zHow = form_text(w, "views_how");
  /* A code never fills the field; anything longer is no code ("X"). */
  snprintf(m->zViewsHow, sizeof m->zViewsHow, "%s", strlen(zHow) < sizeof m->zViewsHow ? zHow : "X");
  /* Rows left empty are dropped; the others keep their order, and the
  ** form shows them again in that order, so row N is attendee N. */
  for (int i = 1; i <= nRows; i++) {
    char zR[32], zN[32], zT[32];
    snprintf(zR, sizeof zR, "att%d_role", i);
    snprintf(zN, sizeof zN, "att%d_name", i);
    snprintf(zT, sizeof zT, "att%d_took_part", i);
    const char *zRole = form_text(w, zR), *zName = form_text(w, zN), *zTook = form_text(w, zT);
    if (!*zRole && !*zName && !*zTook) continue;
    review_meeting_attendee(m, zRole, zName, zTook);
  }
}

/* Choices with an empty first one ("Select ..."), from a pair list. */
static const char **with_empty(const char *const *a, const char *zPrompt) {
  int n = 0;
  while (a[n]) n += 2;
  const char **az = xmalloc((size_t)(n + 3) * sizeof *az);
  az[0] = "";
  az[1] = zPrompt;
  memcpy(az + 2, a, (size_t)n * sizeof *az);
  az[n + 2] = NULL;
  return az;
}

void review_meeting_fields(Web *w, const Child *c, const Review *r, const ReviewMeeting *m, int nRows) {
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Before the review</h2>\n");
  input_yesno(w, "views_form", "Did the child return their views form?", NULL, m->viewsForm);
  input_radios(w, "views_how", "How did the child give their views?", NULL, review_views_how, m->zViewsHow, 0);

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">The meeting</h2>\n");
  char zHint[64];
  snprintf(zHint, sizeof zHint, "For example, the child's home, school or online.");
  input_counted(w, "location", "Where was it held?", zHint, m->zLocation, REVIEW_MAX_LOCATION, 0);

  html_raw(w->out, "<h3 class=\"govuk-heading-s\">Who was invited</h3>\n"
                   "<p class=\"govuk-body\">One row for each person invited, and whether they attended, sent their views,"
                   " or did neither. Leave the rows you do not need empty.</p>\n");
  html_printf(w->out, "<input type=\"hidden\" name=\"att_rows\" value=\"%d\">\n", nRows);
  const char **azRole = with_empty(review_attendee_roles, "Select a role");
  for (int i = 1; i <= nRows; i++) {
    const ReviewAttendee *a = i <= m->nAtt ? &m->aAtt[i - 1] : NULL;
    char zLegend[32], zR[32], zN[32], zT[32];
    snprintf(zLegend, sizeof zLegend, "Person %d", i);
    snprintf(zR, sizeof zR, "att%d_role", i);
    snprintf(zN, sizeof zN, "att%d_name", i);
    snprintf(zT, sizeof zT, "att%d_took_part", i);
    html_printf(w->out, "<fieldset class=\"govuk-fieldset govuk-!-margin-bottom-6\">\n"
                        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%h</legend>\n", zLegend);
    input_select(w, zR, "Role", NULL, azRole, a ? a->zRole : "");
    input_counted(w, zN, "Name (optional)", NULL, a ? a->zName : "", REVIEW_MAX_ATTENDEE_NAME, 0);
    input_radios(w, zT, "Did they take part?", NULL, review_took_part, a ? a->zTookPart : NULL, 0);
    html_raw(w->out, "</fieldset>\n");
  }
  free(azRole);
  if (nRows < REVIEW_MAX_ATTENDEES) {
    html_raw(w->out, "<button type=\"submit\" name=\"action\" value=\"add-attendee\" formnovalidate"
                     " class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                     "Add another person</button>\n");
  }
  /* Chairing is offered only to a child of the rule's age on the review
  ** date (today's, while a new review has none yet); the server refuses
  ** it for a younger child whatever is posted (review_validate). */
  Date on = r->held != DATE_NONE ? r->held : w->today;
  if (review_chair_allowed(c, on) || r->childChaired == 1) {
    char zH[96];
    snprintf(zH, sizeof zH, "Only for a child aged %d or over on the day of the review.",
             core_rules()->reviewChairAge->amount);
    input_yesno(w, "child_chaired", "Did the child chair their review?", zH, r->childChaired);
  }
}

void review_plan_fields(Web *w, const Review *r, const ReviewMeeting *m) {
  input_radios(w, "permanence_type", "Type of permanence plan", "Leave unselected if there is no plan yet.",
               review_plan_types, r->permanenceType, 0);
  input_counted(w, "permanence_other", "If other, what type of plan", NULL, m->zPlanOther,
                REVIEW_MAX_PLAN_OTHER, 0);
  input_counted(w, "plan_view", "The IRO's view of the plan",
                "Whether the plan meets the child's needs, and what must change if not.", m->zPlanView,
                REVIEW_MAX_PLAN_VIEW, 6);
}

/* ---- The record and the letter ------------------------------------------------ */

typedef struct RecRow {
  char *zText, *zRole, *zName;
  Date due, closed;
  char status;
  int carried;                  /* from an earlier review */
} RecRow;

typedef struct ReviewDoc {
  ChildSet *cs;
  const Child *c;
  const Review *r;
  ReviewMeeting m;
  char *zIro;                   /* the IRO who chaired, or NULL */
  RecRow *aRec;
  int nRec;
} ReviewDoc;

static void doc_free(ReviewDoc *d) {
  review_meeting_free(&d->m);
  for (int i = 0; i < d->nRec; i++) {
    free(d->aRec[i].zText);
    free(d->aRec[i].zRole);
    free(d->aRec[i].zName);
  }
  free(d->aRec);
  free(d->zIro);
  childset_free(d->cs);
}

static void read_failed(Web *w) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "The review could not be read, so it is not shown. Try again.\n");
}

/* Load the child and review the path names, with everything the record
** shows: 1, or 0 with the 404 or 500 page written. */
static int doc_load(Web *w, ReviewDoc *d) {
  memset(d, 0, sizeof *d);
  review_meeting_init(&d->m);
  d->cs = path_child(w);
  if (!d->cs) return 0;
  d->c = &d->cs->a[0];
  long id;
  if (w->nArg > 1 && parse_int(w->azArg[1], 1, 2000000000L, &id) == 0) {
    for (int i = 0; i < d->c->nRv; i++) {
      if (d->c->rv[i].id == id) d->r = &d->c->rv[i];
    }
  }
  if (!d->r) {
    not_found(w);
    return 0;
  }
  if (review_meeting_load(w->db, d->r->id, &d->m) != 0) {
    read_failed(w);
    return 0;
  }
  int rc = DB_DONE;
  if (d->r->iroId) {
    Stmt *s = db_query(w->db, "SELECT name FROM iro WHERE id=?", "I", d->r->iroId);
    rc = db_step(s);
    if (rc == DB_ROW) d->zIro = xstrdup(db_col_text(s, 0));
    db_finalize(s);
  }
  if (rc == DB_ERROR) {
    read_failed(w);
    return 0;
  }
  /* This review's recommendations, then those carried forward to it. */
  Stmt *s = db_query(w->db, "SELECT text, owner_role, owner_name, due_on, status, closed_on, review_id <> ?"
                            " FROM recommendation WHERE review_id = ? OR carried_review_id = ?"
                            " ORDER BY review_id <> ?, id", "IIII", d->r->id, d->r->id, d->r->id, d->r->id);
  while ((rc = db_step(s)) == DB_ROW) {
    d->aRec = xrealloc(d->aRec, (size_t)(d->nRec + 1) * sizeof *d->aRec);
    RecRow *x = &d->aRec[d->nRec++];
    x->zText = xstrdup(db_col_text(s, 0));
    x->zRole = xstrdup(db_col_text(s, 1));
    x->zName = xstrdup(db_col_text(s, 2));
    x->due = db_col_date(s, 3);
    const char *zSt = db_col_text(s, 4);
    x->status = strcmp(zSt, "done") == 0 ? REC_DONE : strcmp(zSt, "not-done") == 0 ? REC_NOT_DONE : REC_OPEN;
    x->closed = db_col_date(s, 5);
    x->carried = (int)db_col_int(s, 6);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    read_failed(w);
    return 0;
  }
  return 1;
}

/* A small table of the record, scrolling in its own region on a narrow
** screen, its caption for screen readers: up to <tbody>. */
static void table_begin(Web *w, const char *zCaption, const char *const *azHead, int n) {
  html_printf(w->out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">\n"
                      "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">%h</caption>\n"
                      "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">", zCaption, zCaption);
  for (int i = 0; i < n; i++) html_printf(w->out, "<th scope=\"col\" class=\"govuk-table__header\">%h</th>", azHead[i]);
  html_raw(w->out, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
}

static void row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", zKey, zValue);
}

static const char *yes_no(int v) { return v < 0 ? "Not recorded" : v ? "Yes" : "No"; }

static const char *participation_words(const char *z) {
  static const char *const a[] = {
    "PN0", "Under 4 on the day of the review",
    "PN1", "Attended and spoke for themself",
    "PN2", "Attended, and an advocate spoke for them",
    "PN3", "Attended and gave their views without words",
    "PN4", "Attended but did not give their views",
    "PN5", "Did not attend, and briefed an advocate",
    "PN6", "Did not attend, and gave their views another way",
    "PN7", "Did not attend, and their views were not given",
    NULL,
  };
  const char *zW = review_code_label(a, z);
  return *zW ? zW : "Not recorded";
}

/* The form recording the day a document was sent: never printed. */
static void sent_form(Web *w, const ReviewDoc *d, const char *zWhat, const char *zSuffix, Date sent) {
  if (!((w->caps & CAP_CHILD_EDIT) && may_change_child(w, d->c))) return;
  char zPath[80];
  snprintf(zPath, sizeof zPath, "/reviews/%lld/%s", (long long)d->r->id, zSuffix);
  char *zAction = child_url(d->c, zPath);
  html_raw(w->out, "<div class=\"app-no-print\">\n");
  html_printf(w->out, "<h2 class=\"govuk-heading-m\">Sending the %h</h2>\n", zWhat);
  if (sent != DATE_NONE) html_printf(w->out, "<p class=\"govuk-body\">Sent on %D. Correct the date below if it is wrong.</p>\n", (int)sent);
  form_begin(w, zAction);
  char zLabel[80];
  snprintf(zLabel, sizeof zLabel, "Date the %s was sent", zWhat);
  input_date(w, "sent_on", zLabel, "For example, 27 3 2026", sent != DATE_NONE ? sent : w->today);
  button(w, "Save the date sent");
  form_end(w);
  html_raw(w->out, "</div>\n");
  free(zAction);
}

static void record_page(Web *w, const ReviewDoc *d) {
  const Child *c = d->c;
  const Review *r = d->r;
  const ReviewMeeting *m = &d->m;
  char zTitle[300];
  snprintf(zTitle, sizeof zTitle, "Record of the review for %s %s", c->zGiven, c->zFamily);
  char *zBack = child_url(c, "");
  char *zChild = xmprintf("%s %s", c->zGiven, c->zFamily);
  breadcrumbs(w, "Find a child", "/children", zChild, zBack, NULL);
  free(zChild);
  page_begin(w, zTitle);
  /* app-record: printed alone, without the header (oversight.scss). */
  html_raw(w->out, "<div class=\"app-record\">\n");
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">Child in care review, %D</span>\n"
                      "<h1 class=\"govuk-heading-l\">Record of the review for %h %h</h1>\n",
              (int)r->held, c->zGiven, c->zFamily);
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  char z[24];
  row(w, "Child", c->zGiven);
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Date of birth</dt>"
                      "<dd class=\"govuk-summary-list__value\">%D</dd></div>\n", (int)c->dob);
  row(w, "Child's ID", c->zRef);
  row(w, "Date of the review", date_long(r->held, z));
  row(w, "Chaired by", r->childChaired == 1 ? "The child, with their IRO" : d->zIro ? d->zIro : "Not recorded");
  if (r->childChaired == 1 && d->zIro) row(w, "IRO", d->zIro);
  row(w, "Where it was held", m->zLocation[0] ? m->zLocation : "Not recorded");
  row(w, "How it was held", r->mode == 'p' ? "In person" : r->mode == 'v' ? "Virtual" : "Not recorded");
  html_raw(w->out, "</dl>\n");

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Who was invited</h2>\n");
  if (!m->nAtt) {
    html_raw(w->out, "<p class=\"govuk-body\">Not recorded.</p>\n");
  } else {
    static const char *const azHead[] = {"Role", "Name", "Took part"};
    table_begin(w, "Who was invited", azHead, 3);
    for (int i = 0; i < m->nAtt; i++) {
      const ReviewAttendee *a = &m->aAtt[i];
      html_printf(w->out, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%h</td>"
                          "<td class=\"govuk-table__cell\">%h</td></tr>\n",
                  review_code_label(review_attendee_roles, a->zRole), a->zName[0] ? a->zName : "Not recorded",
                  review_code_label(review_took_part, a->zTookPart));
    }
    html_raw(w->out, "</tbody></table></div>\n");
  }

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">The child's views</h2>\n<dl class=\"govuk-summary-list\">\n");
  row(w, "How the child took part", participation_words(r->participation));
  row(w, "Views form returned", yes_no(m->viewsForm));
  row(w, "How their views were given", m->zViewsHow[0] ? review_code_label(review_views_how, m->zViewsHow) : "Not recorded");
  row(w, "An advocate took part", yes_no(r->advocate));
  row(w, "The IRO saw or spoke to the child before the review", yes_no(r->sawChild));
  html_raw(w->out, "</dl>\n");

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Decisions</h2>\n<dl class=\"govuk-summary-list\">\n");
  row(w, "Permanence plan in place", yes_no(r->permanence));
  if (r->permanenceType[0]) {
    row(w, "Type of plan", strcmp(r->permanenceType, "other") == 0 && m->zPlanOther[0]
                               ? m->zPlanOther : review_code_label(review_plan_types, r->permanenceType));
  }
  row(w, "The IRO's view of the plan", m->zPlanView[0] ? m->zPlanView : "Not recorded");
  char aFind[16][96];
  int nf = review_findings(c, r, aFind, 16);
  Buf f = {0};
  for (int k = 0; k < nf; k++) buf_printf(&f, "%s%s", k ? "; " : "", aFind[k]);
  row(w, "Checks still to be done", nf ? f.z : "None");
  buf_free(&f);
  html_raw(w->out, "</dl>\n");

  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Recommendations</h2>\n");
  if (!d->nRec) {
    html_raw(w->out, "<p class=\"govuk-body\">None recorded.</p>\n");
  } else {
    static const char *const azHead[] = {"What is to be done", "Who is responsible", "Due by", "Status"};
    table_begin(w, "Recommendations", azHead, 4);
    for (int i = 0; i < d->nRec; i++) {
      const RecRow *x = &d->aRec[i];
      html_printf(w->out, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h%h</td>"
                          "<td class=\"govuk-table__cell\">%h%h%h</td><td class=\"govuk-table__cell\">%D</td>"
                          "<td class=\"govuk-table__cell\">%h",
                  x->zText, x->carried ? " (carried forward from an earlier review)" : "",
                  rec_role_label(x->zRole), x->zName[0] ? ": " : "", x->zName, (int)x->due,
                  rec_status_label(x->status));
      if (x->status != REC_OPEN) html_printf(w->out, " on %D", (int)x->closed);
      html_raw(w->out, "</td></tr>\n");
    }
    html_raw(w->out, "</tbody></table></div>\n");
  }
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  row(w, "Record sent", r->minutes == DATE_NONE ? "Not yet" : date_long(r->minutes, z));
  html_raw(w->out, "</dl>\n</div>\n");
  sent_form(w, d, "record", "record", r->minutes);
  page_end(w);
  free(zBack);
}

/* Who is responsible, as a child would read it: "your social worker". */
static const char *owner_words(const char *zRole) {
  static const char *const a[] = {
    "social-worker", "Your social worker", "team-manager", "Your social worker's manager",
    "carer", "Your carer", "health", "Your health worker", "education", "Your school",
    "iro", "I", "other", "Someone else", NULL,
  };
  const char *z = review_code_label(a, zRole);
  return *z ? z : "Someone";
}

static void letter_page(Web *w, const ReviewDoc *d) {
  const Child *c = d->c;
  const Review *r = d->r;
  const ReviewMeeting *m = &d->m;
  char zTitle[300];
  snprintf(zTitle, sizeof zTitle, "Letter to %s %s about their review", c->zGiven, c->zFamily);
  char *zBack = child_url(c, "");
  char *zChild = xmprintf("%s %s", c->zGiven, c->zFamily);
  breadcrumbs(w, "Find a child", "/children", zChild, zBack, NULL);
  free(zChild);
  page_begin(w, zTitle);
  html_raw(w->out, "<div class=\"app-record\">\n");
  error_summary(w);
  saved_banner(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">Your review on %D</h1>\n", (int)r->held);
  html_printf(w->out, "<p class=\"govuk-body\">Dear %h,</p>\n", c->zGiven);
  html_printf(w->out, "<p class=\"govuk-body\">Thank you for your part in your review on %D. This letter says what we talked about"
                      " and what will happen next.</p>\n", (int)r->held);
  if (m->nAtt) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Who came</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (int i = 0; i < m->nAtt; i++) {
      const ReviewAttendee *a = &m->aAtt[i];
      if (strcmp(a->zTookPart, "attended") != 0) continue;
      if (strcmp(a->zRole, "child") == 0) html_raw(w->out, "<li>You</li>\n");
      else if (a->zName[0]) html_printf(w->out, "<li>%h (%h)</li>\n", a->zName, review_code_label(review_attendee_roles, a->zRole));
      else html_printf(w->out, "<li>%h</li>\n", review_code_label(review_attendee_roles, a->zRole));
    }
    html_raw(w->out, "</ul>\n");
  }
  if (m->zViewsHow[0] && strcmp(m->zViewsHow, "not-given") != 0) {
    html_raw(w->out, "<p class=\"govuk-body\">We listened to what you told us. Your views are written in the record of your review.</p>\n");
  }
  if (r->permanence == 1 && r->permanenceType[0]) {
    const char *zPlan = strcmp(r->permanenceType, "other") == 0 && m->zPlanOther[0]
                            ? m->zPlanOther : review_code_label(review_plan_types, r->permanenceType);
    html_printf(w->out, "<p class=\"govuk-body\">The plan for where you will grow up is: %h.</p>\n", zPlan);
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">What we agreed</h2>\n");
  int n = 0;
  for (int i = 0; i < d->nRec; i++) {
    const RecRow *x = &d->aRec[i];
    if (x->status != REC_OPEN) continue;
    if (!n++) html_raw(w->out, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    html_printf(w->out, "<li>%h%h%h%h will do this by %D: %h</li>\n", owner_words(x->zRole),
                x->zName[0] ? " (" : "", x->zName, x->zName[0] ? ")" : "", (int)x->due, x->zText);
  }
  if (n) html_raw(w->out, "</ul>\n");
  else html_raw(w->out, "<p class=\"govuk-body\">Nothing new needs to be done before your next review.</p>\n");
  html_raw(w->out, "<p class=\"govuk-body\">If you do not agree with something, or want to talk about your review,"
                   " you can ask your carer or social worker to contact me, or ask for an advocate to help you.</p>\n");
  html_printf(w->out, "<p class=\"govuk-body\">From %h, your Independent Reviewing Officer</p>\n",
              d->zIro ? d->zIro : "your IRO");
  html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
  char z[24];
  row(w, "Letter sent", m->letterSent == DATE_NONE ? "Not yet" : date_long(m->letterSent, z));
  html_raw(w->out, "</dl>\n</div>\n");
  sent_form(w, d, "letter", "letter", m->letterSent);
  page_end(w);
  free(zBack);
}

static void show(Web *w, int letter) {
  ReviewDoc d;
  if (doc_load(w, &d) && child_audit_view(w, d.c->zRef)) {
    if (letter) letter_page(w, &d);
    else record_page(w, &d);
  }
  doc_free(&d);
}

void page_review_record(Web *w) { show(w, 0); }
void page_review_letter(Web *w) { show(w, 1); }

static void mark_sent(Web *w, int letter) {
  ReviewDoc d;
  if (!doc_load(w, &d)) {
    doc_free(&d);
    return;
  }
  if (!may_change_child(w, d.c)) {
    doc_free(&d);
    forbidden_child(w);
    return;
  }
  Date on = form_date(w, "sent_on", letter ? "the date the letter was sent" : "the date the record was sent", 1);
  if (!w->err.n) {
    review_mark_sent(w->db, d.c, d.r->id, letter, on, w->today, w->sess.user.zUsername, &w->err);
  }
  if (!w->err.n) {
    char zPath[96];
    snprintf(zPath, sizeof zPath, "/reviews/%lld/%s?saved=%s", (long long)d.r->id, letter ? "letter" : "record",
             letter ? "letter-sent" : "record-sent");
    char *zUrl = child_url(d.c, zPath);
    redirect(w, zUrl);
    free(zUrl);
  } else {
    /* The same page again with the error: its view was audited when it
    ** was shown (GET), and a POST that saves nothing writes nothing, as
    ** the recommendation page's does. */
    if (letter) letter_page(w, &d);
    else record_page(w, &d);
  }
  doc_free(&d);
}

void page_review_record_sent(Web *w) { mark_sent(w, 0); }
void page_review_letter_sent(Web *w) { mark_sent(w, 1); }
