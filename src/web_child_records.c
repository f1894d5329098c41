/*
** web_child_records.c: the pages that keep a child's own record (issue
** 15): adding a child, correcting their details, their sibling group and
** their care notifications, for business support, QA managers and
** administrators (CAP_CHILD_RECORDS). The checks, the writes and the
** audit entries are child_records.c's; these pages only ask and show.
*/
#include "web.h"
#include "audit.h"
#include "child_records.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ------------------------------------------------------------- */

static const char *const azSex[] = {"M", "Male", "F", "Female", "U", "Not known or indeterminate", NULL};
static const char *const azDisability[] = {"yes", "Yes", "no", "No", "not-recorded", "Not recorded", NULL};

static void back_to_child(Web *w, const char *zRef, const char *zGiven, const char *zFamily) {
  html_printf(w->out, "<a href=\"/children/%u\" class=\"govuk-back-link\">Back to %h %h</a>\n", zRef, zGiven, zFamily);
}

static void redirect_saved(Web *w, const char *zRef, const char *zSuffix, const char *zSaved) {
  Buf u = {0};
  buf_puts(&u, "/children/");
  url_escape(&u, zRef);
  buf_printf(&u, "%s?saved=%s", zSuffix, zSaved);
  redirect(w, u.z);
  buf_free(&u);
}

/* The select's choices: "" first (zNone), then each code with its words
** and the code, "White British (WBRI)". Caller frees the array and strings. */
static const char **code_choices(const CodeWords *a, int n, const char *zNone, int withCode) {
  const char **az = xmalloc((size_t)(2 * n + 3) * sizeof *az);
  int k = 0;
  if (zNone) {
    az[k++] = xstrdup("");
    az[k++] = xstrdup(zNone);
  }
  for (int i = 0; i < n; i++) {
    az[k++] = xstrdup(a[i].zCode);
    az[k++] = withCode ? xmprintf("%s (%s)", a[i].zWords, a[i].zCode) : xstrdup(a[i].zWords);
  }
  az[k] = NULL;
  return az;
}

static void choices_free(const char **az) {
  for (int i = 0; az[i]; i++) free((char *)az[i]);
  free(az);
}

/* ---- The child's details on their own page (web_children.c calls this) ---------- */

void child_records_section(Web *w, const Child *c) {
  ChildRecord r;
  if (!child_record_load(w->db, c->id, &r)) return;
  int edit = (w->caps & CAP_CHILD_RECORDS) != 0;
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Details</h2>\n<dl class=\"govuk-summary-list\">\n");
  struct { const char *zKey, *zValue; } a[] = {
    {"Sex", code_words((const CodeWords[]){{"M", "Male"}, {"F", "Female"}, {"U", "Not known or indeterminate"}}, 3,
                       r.az[CR_SEX])},
    {"Ethnicity", r.az[CR_ETHNICITY][0] ? code_words(child_ethnicity, child_n_ethnicity, r.az[CR_ETHNICITY]) : "Not recorded"},
    {"Unaccompanied asylum-seeking child", strcmp(r.az[CR_UASC], "yes") == 0 ? "Yes" : "No"},
    {"Disability", !r.az[CR_DISABILITY][0] ? "Not recorded" : strcmp(r.az[CR_DISABILITY], "yes") == 0 ? "Yes" : "No"},
    {"Special educational needs", r.az[CR_SEN][0] ? code_words(child_sen, child_n_sen, r.az[CR_SEN]) : "Not recorded"},
    {"Locality", r.az[CR_LOCALITY][0] ? r.az[CR_LOCALITY] : "Not recorded"},
  };
  for (int i = 0; i < COUNT(a); i++) {
    html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                        "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", a[i].zKey, a[i].zValue);
  }
  /* Siblings, each a link to their own page. */
  html_raw(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Siblings</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
  int n = 0;
  if (c->siblingGroupId) {
    Stmt *s = db_query(w->db, "SELECT child_ref, given_name, family_name FROM child WHERE sibling_group_id = ?"
                              " AND id <> ? ORDER BY dob, child_ref", "II", c->siblingGroupId, c->id);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
      html_printf(w->out, "%h<a class=\"govuk-link\" href=\"/children/%u\">%h %h</a>", n++ ? ", " : "",
                  db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2));
    }
    db_finalize(s);
    if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
  }
  if (!n) html_raw(w->out, "None linked");
  html_raw(w->out, "</dd>");
  if (edit) {
    html_printf(w->out, "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" href=\"/children/%u/siblings\">"
                        "Change<span class=\"govuk-visually-hidden\"> siblings</span></a></dd>", c->zRef);
  }
  html_raw(w->out, "</div>\n<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Care notification</dt><dd class=\"govuk-summary-list__value\">");
  if (c->notified == DATE_NONE) html_raw(w->out, "None recorded");
  else html_printf(w->out, "The IRO service was told on %D", (int)c->notified);
  html_raw(w->out, "</dd>");
  if (edit) {
    html_printf(w->out, "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" href=\"/children/%u/notifications\">"
                        "Change<span class=\"govuk-visually-hidden\"> care notifications</span></a></dd>", c->zRef);
  }
  html_raw(w->out, "</div>\n</dl>\n");
  if (edit) {
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%u/edit\">Correct %h %h's details</a></p>\n",
                c->zRef, c->zGiven, c->zFamily);
  }
}

/* ---- Adding a child and correcting their details ---------------------------------- */

/* The form's fields in page order: the error summary follows it. */
static const char *const azFormOrder[] = {"child_ref", "given_name", "family_name", "dob", "sex", "ethnicity",
                                          "uasc", "disability", "sen", "locality"};

static void child_form(Web *w, const ChildRecord *r, int isNew, const char *zDuplicate) {
  const char *zTitle = isNew ? "Add a child" : "Correct a child's details";
  page_begin(w, zTitle);
  if (isNew) html_raw(w->out, "<a href=\"/children\" class=\"govuk-back-link\">Back to find a child</a>\n");
  else back_to_child(w, r->az[CR_REF], r->az[CR_GIVEN], r->az[CR_FAMILY]);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  if (zDuplicate) {
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/children/%u\">Go to the child with ID %h</a>"
                        " to correct their details instead.</p>\n", zDuplicate, zDuplicate);
  }
  if (!isNew) html_printf(w->out, "<span class=\"govuk-caption-l\">Child ID %h</span>\n", r->az[CR_REF]);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  if (isNew) {
    form_begin(w, "/children");
    input_text(w, "child_ref", "Child ID", "The child's ID in the council's case system (the SSDA903 CHILD ID), up to 10 characters",
               r->az[CR_REF], "off");
  } else {
    Buf u = {0};
    buf_puts(&u, "/children/");
    url_escape(&u, r->az[CR_REF]);
    form_begin(w, u.z);
    buf_free(&u);
    html_raw(w->out, "<p class=\"govuk-body\">Each change is written to the audit log with what it was before.</p>\n");
  }
  input_text(w, "given_name", "First name", NULL, r->az[CR_GIVEN], "off");
  input_text(w, "family_name", "Last name", NULL, r->az[CR_FAMILY], "off");
  Date dob = DATE_NONE;
  if (r->az[CR_DOB][0]) date_parse(r->az[CR_DOB], &dob);
  input_date(w, "dob", "Date of birth", "For example, 27 3 2015", dob);
  input_radios(w, "sex", "Sex", NULL, azSex, r->az[CR_SEX], 0);
  const char **azEth = code_choices(child_ethnicity, child_n_ethnicity, "Not recorded", 1);
  input_select(w, "ethnicity", "Ethnicity", "As recorded in the case system", azEth, r->az[CR_ETHNICITY]);
  choices_free(azEth);
  input_yesno(w, "uasc", "Is the child an unaccompanied asylum-seeking child?", NULL,
              !r->az[CR_UASC][0] ? -1 : strcmp(r->az[CR_UASC], "yes") == 0);
  input_radios(w, "disability", "Does the child have a disability?", NULL, azDisability,
               r->az[CR_DISABILITY][0] ? r->az[CR_DISABILITY] : "not-recorded", 1);
  const char **azSen = code_choices(child_sen, child_n_sen, NULL, 0);
  /* Radios want the "not recorded" choice last, after the real answers. */
  const char *azSenR[12];
  int k = 0;
  for (; azSen[k]; k++) azSenR[k] = azSen[k];
  azSenR[k++] = "not-recorded";
  azSenR[k++] = "Not recorded";
  azSenR[k] = NULL;
  input_radios(w, "sen", "Special educational needs", NULL, azSenR, r->az[CR_SEN][0] ? r->az[CR_SEN] : "not-recorded", 0);
  choices_free(azSen);
  /* Localities: the council's own list (an administrator keeps it). */
  const char **azLoc = xmalloc(sizeof *azLoc * 4);
  int nLoc = 0, capLoc = 4;
  azLoc[nLoc++] = xstrdup("");
  azLoc[nLoc++] = xstrdup("Not recorded");
  Stmt *s = db_prepare(w->db, "SELECT name FROM locality ORDER BY name");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (nLoc + 3 > capLoc) azLoc = xrealloc(azLoc, sizeof *azLoc * (size_t)(capLoc *= 2));
    azLoc[nLoc++] = xstrdup(db_col_text(s, 0));
    azLoc[nLoc++] = xstrdup(db_col_text(s, 0));
  }
  db_finalize(s);
  azLoc[nLoc] = NULL;
  if (rc != DB_DONE) {
    choices_free(azLoc);
    return;   /* noted on the connection: the skeleton's error page */
  }
  input_select(w, "locality", "Locality", "Where the child's home is", azLoc, r->az[CR_LOCALITY]);
  choices_free(azLoc);
  button(w, isNew ? "Add the child" : "Save the corrections");
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

/* The form's answers into r (the ref only when adding); the date's own
** mistakes go to w->err. */
static void form_record(Web *w, ChildRecord *r, int isNew) {
  if (isNew && child_record_set(r, CR_REF, form_text(w, "child_ref")) != 0) {
    errors_add(&w->err, "child_ref", "The child's ID must be 10 characters or fewer");
  }
  static const struct { int i; const char *zName; } aText[] = {
    {CR_GIVEN, "given_name"}, {CR_FAMILY, "family_name"}, {CR_SEX, "sex"}, {CR_ETHNICITY, "ethnicity"},
    {CR_UASC, "uasc"}, {CR_DISABILITY, "disability"}, {CR_SEN, "sen"}, {CR_LOCALITY, "locality"},
  };
  for (int k = 0; k < COUNT(aText); k++) {
    if (child_record_set(r, aText[k].i, form_text(w, aText[k].zName)) != 0) {
      errors_add(&w->err, aText[k].zName, "This must be 100 characters or fewer");
    }
  }
  if (strcmp(r->az[CR_DISABILITY], "not-recorded") == 0) r->az[CR_DISABILITY][0] = 0;
  if (strcmp(r->az[CR_SEN], "not-recorded") == 0) r->az[CR_SEN][0] = 0;
  /* UASC must be answered on the form, though the CSV lets empty mean no. */
  if (!r->az[CR_UASC][0]) errors_add(&w->err, "uasc", "Select whether the child is an unaccompanied asylum-seeking child");
  Date dob = form_date(w, "dob", "the child's date of birth", 1);
  r->az[CR_DOB][0] = 0;
  if (dob != DATE_NONE) date_iso(dob, r->az[CR_DOB]);
}

/* w->err and more, one message per field, in the form's order. */
static void errors_in_order(Web *w, const Errors *more) {
  Errors all = {0};
  for (int k = 0; k < COUNT(azFormOrder); k++) {
    const char *z = errors_for(&w->err, azFormOrder[k]);
    if (!z) z = errors_for(more, azFormOrder[k]);
    if (z) errors_add(&all, azFormOrder[k], "%s", z);
  }
  errors_merge(&all, &w->err);
  errors_merge(&all, more);
  w->err = all;
}

static void save_child(Web *w, int64_t id, ChildRecord *r) {
  int isNew = id == 0;
  form_record(w, r, isNew);
  Errors e = {0};
  int nChanged = 0;
  int64_t newId = 0;
  if (!w->err.n) newId = child_record_save(w->db, id, r, 0, w->today, w->sess.user.zUsername, &e, &nChanged);
  else child_record_check(w->db, r, id, w->today, 0, 0, &e);
  if (!w->err.n && newId) {
    redirect_saved(w, r->az[CR_REF], "", isNew ? "child-added" : nChanged ? "child-corrected" : "child-unchanged");
    return;
  }
  errors_in_order(w, &e);
  /* A duplicate ID: offer the child who already has it. */
  const char *zDup = isNew && r->az[CR_REF][0] && child_id_for_ref(w->db, r->az[CR_REF]) ? r->az[CR_REF] : NULL;
  w->resp->status = 200;
  child_form(w, r, isNew, zDup);
}

void page_child_new(Web *w) {
  ChildRecord r;
  memset(&r, 0, sizeof r);
  child_form(w, &r, 1, NULL);
}

void page_child_create(Web *w) {
  ChildRecord r;
  memset(&r, 0, sizeof r);
  save_child(w, 0, &r);
}

/* The child named by the path, loaded as a record: its id, or 0 (404). */
static int64_t path_record(Web *w, ChildRecord *r) {
  int64_t id = child_id_for_ref(w->db, w->azArg[0]);
  if (!id || !child_record_load(w->db, id, r)) {
    not_found(w);
    return 0;
  }
  return id;
}

void page_child_edit(Web *w) {
  ChildRecord r;
  if (!path_record(w, &r) || !child_audit_view(w, r.az[CR_REF])) return;
  child_form(w, &r, 0, NULL);
}

void page_child_save(Web *w) {
  ChildRecord r;
  int64_t id = path_record(w, &r);
  if (!id) return;
  save_child(w, id, &r);
}

/* ---- Sibling group ------------------------------------------------------------------------ */

static void siblings_page(Web *w, const Child *c, const char *zTyped) {
  page_begin(w, "Sibling group");
  back_to_child(w, c->zRef, c->zGiven, c->zFamily);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h %h, child ID %h</span>\n"
                      "<h1 class=\"govuk-heading-l\">Sibling group</h1>\n", c->zGiven, c->zFamily, c->zRef);
  html_raw(w->out, "<p class=\"govuk-body\">Brothers and sisters in care should have the same IRO where possible. "
                   "The service dashboard lists sibling groups whose children have different IROs.</p>\n");
  const char *azMember[34];
  char azLabel[16][300], azRef[16][16];
  int n = 0;
  if (c->siblingGroupId) {
    Stmt *s = db_query(w->db, "SELECT child_ref, given_name, family_name FROM child WHERE sibling_group_id = ?"
                              " ORDER BY dob, child_ref", "I", c->siblingGroupId);
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">In the group</h2>\n<ul class=\"govuk-list\">\n");
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
      html_printf(w->out, "<li><a class=\"govuk-link\" href=\"/children/%u\">%h %h</a> (ID %h)</li>\n",
                  db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 0));
      if (n < 16) {
        snprintf(azRef[n], sizeof azRef[n], "%s", db_col_text(s, 0));
        snprintf(azLabel[n], sizeof azLabel[n], "%s %s (ID %s)", db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 0));
        azMember[2 * n] = azRef[n];
        azMember[2 * n + 1] = azLabel[n];
        n++;
      }
    }
    db_finalize(s);
    if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
    html_raw(w->out, "</ul>\n");
    azMember[2 * n] = NULL;
  } else {
    html_raw(w->out, "<p class=\"govuk-body\">This child is not linked to any brothers or sisters.</p>\n");
  }
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">Link a brother or sister</h2>\n");
  Buf u = {0};
  buf_puts(&u, "/children/");
  url_escape(&u, c->zRef);
  buf_puts(&u, "/siblings");
  form_begin(w, u.z);
  input_text(w, "sibling", "Their child ID",
             "If they are already in a sibling group, this child joins it", zTyped, "off");
  button(w, "Link siblings");
  form_end(w);
  if (n) {
    buf_puts(&u, "/unlink");
    form_begin(w, u.z);
    input_radios(w, "unlink", "Take a child out of the sibling group", "For example, when a link was made by mistake",
                 azMember, NULL, 0);
    html_raw(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">"
                     "Unlink</button>\n");
    form_end(w);
  }
  buf_free(&u);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_child_siblings(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  if (child_audit_view(w, cs->a[0].zRef)) siblings_page(w, &cs->a[0], "");
  childset_free(cs);
}

void page_siblings_link(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const char *zOther = form_text(w, "sibling");
  if (siblings_link_pair(w->db, cs->a[0].zRef, zOther, w->sess.user.zUsername, &w->err) == 0) {
    redirect_saved(w, cs->a[0].zRef, "", "siblings");
  } else {
    w->resp->status = 200;
    siblings_page(w, &cs->a[0], zOther);
  }
  childset_free(cs);
}

void page_siblings_unlink(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  const char *zWho = form_text(w, "unlink");
  /* Only a child of this child's own group can be taken out from here. */
  int64_t g = *zWho ? db_int(w->db, 0, "SELECT sibling_group_id FROM child WHERE child_ref = ?", "s", zWho) : 0;
  if (!*zWho) errors_add(&w->err, "unlink", "Select the child to take out of the sibling group");
  else if (!c->siblingGroupId || g != c->siblingGroupId) errors_add(&w->err, "unlink", "Select a child of this sibling group");
  if (!w->err.n && siblings_unlink(w->db, zWho, w->sess.user.zUsername, &w->err) == 0) {
    redirect_saved(w, c->zRef, "", "siblings-unlinked");
  } else {
    w->resp->status = 200;
    siblings_page(w, c, "");
  }
  childset_free(cs);
}

/* ---- Care notifications ------------------------------------------------------------------- */

/* correctId: the notification whose correction form is shown, or 0. */
static void notifications_page(Web *w, const Child *c, int64_t correctId, Date typed) {
  page_begin(w, "Care notifications");
  back_to_child(w, c->zRef, c->zGiven, c->zFamily);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">%h %h, child ID %h</span>\n"
                      "<h1 class=\"govuk-heading-l\">Care notifications</h1>\n", c->zGiven, c->zFamily, c->zRef);
  /* The timescale in words, from the rules table an administrator edits. */
  const Rule *ru = rule("iro_allocation");
  char zUnit[32];
  snprintf(zUnit, sizeof zUnit, "%s", ru ? cal_unit_name(ru->unit) : "working-days");
  for (char *p = zUnit; *p; p++) if (*p == '-') *p = ' ';
  html_printf(w->out, "<p class=\"govuk-body\">The dates the IRO service was told that the child had come, or was coming,"
                      " into care. An IRO must be allocated within %d %h of the latest.</p>\n",
              ru ? ru->amount : 5, zUnit);
  Buf base = {0};
  buf_puts(&base, "/children/");
  url_escape(&base, c->zRef);
  buf_puts(&base, "/notifications");
  Stmt *s = db_query(w->db, "SELECT id, notified_on FROM care_notification WHERE child_id = ?"
                            " ORDER BY notified_on DESC, id DESC", "I", c->id);
  int n = 0;
  Date correctOn = DATE_NONE;
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (!n++) html_raw(w->out, "<dl class=\"govuk-summary-list\">\n");
    int64_t id = db_col_int(s, 0);
    Date on = db_col_date(s, 1);
    if (id == correctId) correctOn = on;
    html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Told on</dt>"
                        "<dd class=\"govuk-summary-list__value\">%D</dd><dd class=\"govuk-summary-list__actions\">"
                        "<a class=\"govuk-link\" href=\"%h?correct=%lld\">Correct<span class=\"govuk-visually-hidden\">"
                        " the notification of %D</span></a></dd></div>\n", (int)on, base.z, (long long)id, (int)on);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    buf_free(&base);
    return;   /* noted on the connection: the skeleton's error page */
  }
  if (n) html_raw(w->out, "</dl>\n");
  else html_raw(w->out, "<p class=\"govuk-body\">No care notification has been recorded.</p>\n");
  if (correctId && correctOn != DATE_NONE) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Correct a notification</h2>\n");
    char *zAction = xmprintf("%s/%lld", base.z, (long long)correctId);
    form_begin(w, zAction);
    free(zAction);
    input_date(w, "notified_on", "Date the IRO service was told", "For example, 3 11 2026",
               typed != DATE_NONE || w->err.n ? typed : correctOn);
    button(w, "Save the correction");
  } else {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">Record a notification</h2>\n");
    form_begin(w, base.z);
    input_date(w, "notified_on", "Date the IRO service was told", "For example, 3 11 2026", typed);
    button(w, "Record the notification");
  }
  form_end(w);
  buf_free(&base);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
}

void page_child_notifications(Web *w) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const char *zC = http_query(w->req, "correct");
  long correct = 0;
  if (zC && parse_int(zC, 1, 2000000000L, &correct) != 0) correct = 0;
  if (child_audit_view(w, cs->a[0].zRef)) notifications_page(w, &cs->a[0], correct, DATE_NONE);
  childset_free(cs);
}

static void save_notification(Web *w, int64_t notifId) {
  ChildSet *cs = path_child(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  if (notifId && !db_int(w->db, 0, "SELECT count(*) FROM care_notification WHERE id = ? AND child_id = ?", "II",
                         notifId, c->id)) {
    not_found(w);
    childset_free(cs);
    return;
  }
  Date on = form_date(w, "notified_on", "the date the IRO service was told", 1);
  if (!w->err.n && care_notification_save(w->db, c->id, notifId, on, w->today, w->sess.user.zUsername, &w->err) == 0) {
    redirect_saved(w, c->zRef, "", "notification");
  } else {
    w->resp->status = 200;
    notifications_page(w, c, notifId, on);
  }
  childset_free(cs);
}

void page_notification_add(Web *w) { save_notification(w, 0); }

void page_notification_save(Web *w) {
  long id = 0;
  if (parse_int(w->azArg[1], 1, 2000000000L, &id) != 0) {
    not_found(w);
    return;
  }
  save_notification(w, id);
}
