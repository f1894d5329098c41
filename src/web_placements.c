/*
** web_placements.c: the child page's "Placements" section and the pages
** that start a new episode, end care and correct an episode (issue 15).
** Codes are shown in words; the values sent are the SSDA903 codes.
*/
#include "placements.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The child named by the path, if this user may change them (every
** CAP_PLACEMENTS role has CAP_ANY_CHILD today; asked all the same, so a
** role given the capability without it stays inside its caseload). */
static ChildSet *child_to_change(Web *w) {
  ChildSet *cs = path_child(w);
  if (cs && !may_change_child(w, &cs->a[0])) {
    childset_free(cs);
    forbidden_child(w);
    return NULL;
  }
  return cs;
}

/* "value", "words" pairs for input_select/input_radios from a code list,
** NULL-terminated; with a first blank choice zBlank when given. Words are
** prefixed with the code so both are findable. Caller frees. */
static const char **choices(const CodeList *l, const char *zBlank, const char *zSkip, char ***pazOwned) {
  const char **az = xmalloc(sizeof(char *) * (size_t)(2 * l->n + 3));
  char **azOwned = xmalloc(sizeof(char *) * (size_t)(l->n + 1));
  int k = 0, o = 0;
  if (zBlank) {
    az[k++] = "";
    az[k++] = zBlank;
  }
  for (int i = 0; i < l->n; i++) {
    if (zSkip && !strcmp(zSkip, l->a[i].zCode)) continue;
    az[k++] = l->a[i].zCode;
    az[k++] = azOwned[o++] = xmprintf("%s (%s)", l->a[i].zWords, l->a[i].zCode);
  }
  az[k] = NULL;
  azOwned[o] = NULL;
  *pazOwned = azOwned;
  return az;
}

static void free_choices(const char **az, char **azOwned) {
  for (int i = 0; azOwned[i]; i++) free(azOwned[i]);
  free(azOwned);
  free((void *)az);
}

static void select_codes(Web *w, const char *zName, const char *zLabel, const char *zHint, const CodeList *l,
                         const char *zBlank, const char *zSkip, const char *zValue) {
  char **azOwned;
  const char **az = choices(l, zBlank, zSkip, &azOwned);
  input_select(w, zName, zLabel, zHint, az, zValue);
  free_choices(az, azOwned);
}

/* What the form shows: what was sent, after a POST with errors, else zDefault. */
static const char *val(Web *w, const char *zName, const char *zDefault) {
  return strcmp(w->req->zMethod, "POST") == 0 ? form_text(w, zName) : zDefault ? zDefault : "";
}

static Date val_date(Web *w, const char *zIso) {
  Date d = DATE_NONE;
  if (strcmp(w->req->zMethod, "POST") == 0) return DATE_NONE;   /* input_date shows what was typed */
  if (zIso && *zIso) date_parse(zIso, &d);
  return d;
}

static const char *const azRegChoice[] = {
  "registered", "Registered (with Ofsted, or not needing to be)",
  "unregistered", "Unregistered: a placement that should be registered and is not",
  "supported", "Unregulated: supported accommodation for 16 and 17 year olds",
  "not-applicable", "Not applicable (for example, placed with parents)",
  NULL};

/* An episode as the forms need it. */
typedef struct EpRow {
  int64_t id;
  char zStart[11], zEnd[11], zRne[2], zLegal[3], zCin[3], zPlace[4], zProvider[4];
  char zPostcode[16], zHome[16], zUrn[16], zReg[16], zEndReason[4], zPlaceChange[8];
  double miles;
  int hasMiles, inArea;   /* inArea -1 unknown */
} EpRow;

#define CP(f, i) snprintf(r->f, sizeof r->f, "%s", db_col_text(s, i))
static void ep_row(Stmt *s, EpRow *r) {
  r->id = db_col_int(s, 0);
  CP(zStart, 1); CP(zEnd, 2); CP(zRne, 3); CP(zLegal, 4); CP(zCin, 5); CP(zPlace, 6); CP(zProvider, 7);
  CP(zPostcode, 8); CP(zHome, 9); CP(zUrn, 10); CP(zReg, 11); CP(zEndReason, 12); CP(zPlaceChange, 13);
  r->hasMiles = !db_col_is_null(s, 14);
  r->miles = db_col_double(s, 14);
  r->inArea = db_col_is_null(s, 15) ? -1 : (int)db_col_int(s, 15);
}
#undef CP

#define EP_SELECT                                                                          \
  "SELECT id, start_date, end_date, rne, legal_status, cin, placement, provider,"          \
  " placement_postcode, home_postcode, urn, registration, end_reason, reason_place_change," \
  " distance_miles, in_area FROM episode"

static int load_episode(Web *w, int64_t childId, int64_t id, EpRow *r) {
  Stmt *s = id ? db_query(w->db, EP_SELECT " WHERE child_id = ? AND id = ?", "II", childId, id)
               : db_query(w->db, EP_SELECT " WHERE child_id = ? ORDER BY start_date DESC LIMIT 1", "I", childId);
  int found = db_step(s) == DB_ROW;
  if (found) ep_row(s, r);
  db_finalize(s);
  return found;
}

/* "12.3 miles from home, outside the council's area", or what is not known. */
static void distance_words(const EpRow *r, char *z, size_t n) {
  const char *zArea = r->inArea == 1 ? "in the council's area" : r->inArea == 0 ? "outside the council's area" : "";
  if (r->hasMiles) snprintf(z, n, "%.1f miles from home%s%s", r->miles, *zArea ? ", " : "", zArea);
  else if (*zArea) snprintf(z, n, "Distance from home not known, %s", zArea);
  else if (!r->zPostcode[0]) snprintf(z, n, "Not known: no placement postcode");
  else snprintf(z, n, "Not known: the postcode table has no entry for it");
}

static void row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n", zKey, zValue);
}

static void code_row(Web *w, const char *zKey, const CodeList *l, const char *zCode) {
  char z[200];
  if (!zCode[0]) snprintf(z, sizeof z, "Not recorded");
  else snprintf(z, sizeof z, "%s", codelist_words(l, zCode)); /* the code is in the downloads */
  row(w, zKey, z);
}

void placements_section(Web *w, const Child *c, int mayChange) {
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"placements\">Placements</h2>\n");
  Period p;
  int inCare = child_in_care(c, w->today, &p);
  if ((w->caps & CAP_PLACEMENTS) && mayChange) {
    html_raw(w->out, "<div class=\"govuk-button-group\">\n");
    html_printf(w->out, "<a href=\"/children/%u/placements/new\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Start a new episode</a>\n", c->zRef);
    if (inCare) html_printf(w->out, "<a href=\"/children/%u/placements/end\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">End care</a>\n", c->zRef);
    html_raw(w->out, "</div>\n");
  }
  Stmt *s = db_query(w->db, EP_SELECT " WHERE child_id = ? ORDER BY start_date DESC", "I", c->id);
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    EpRow r;
    ep_row(s, &r);
    n++;
    Date start = DATE_NONE, end = DATE_NONE;
    date_parse(r.zStart, &start);
    date_parse(r.zEnd, &end);
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">From %D", (int)start);
    if (end != DATE_NONE) html_printf(w->out, " to %D", (int)end);
    else html_raw(w->out, " (current)");
    html_raw(w->out, "</h3>");
    if ((w->caps & CAP_PLACEMENTS) && mayChange) {
      html_printf(w->out, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
                          "<a class=\"govuk-link\" href=\"/children/%u/placements/%lld/edit\">Correct<span class=\"govuk-visually-hidden\"> the episode from %D</span></a></li></ul>",
                  c->zRef, (long long)r.id, (int)start);
    }
    html_raw(w->out, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n");
    code_row(w, "Reason for new episode", &codesRne, r.zRne);
    code_row(w, "Legal status", &codesLegal, r.zLegal);
    code_row(w, "Category of need", &codesCin, r.zCin);
    code_row(w, "Placement type", &codesPlace, r.zPlace);
    code_row(w, "Provider", &codesProvider, r.zProvider);
    row(w, "Registration", codelist_words(&codesRegistration, r.zReg));
    row(w, "Placement postcode", r.zPostcode[0] ? r.zPostcode : "Not recorded");
    char z[160];
    distance_words(&r, z, sizeof z);
    row(w, "Distance", z);
    row(w, "Ofsted URN", !r.zUrn[0] ? "Not recorded" : !strcmp(r.zUrn, "XXXXXXX") ? "Not applicable" : r.zUrn);
    if (r.zEndReason[0]) code_row(w, "Why it ended", &codesRec, r.zEndReason);
    if (r.zPlaceChange[0]) code_row(w, "Reason for placement change", &codesPlaceChange, r.zPlaceChange);
    html_raw(w->out, "</dl></div></div>\n");
  }
  db_finalize(s);
  if (rc != DB_DONE) return;   /* noted on the connection: the skeleton's error page */
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">No episodes of care recorded.</p>\n");
}

/* ---- The forms ----------------------------------------------------------- */

enum { FORM_START, FORM_END, FORM_EDIT };

static void placement_fields(Web *w, const EpRow *r, int form) {
  input_date(w, "start", form == FORM_START ? "Date the new episode starts" : "Date the episode started",
             form == FORM_START ? "An episode open now ends on this day." : NULL,
             form == FORM_START ? DATE_NONE : val_date(w, r ? r->zStart : NULL));
  char **azOwned;
  const char **az = choices(&codesRne, NULL, NULL, &azOwned);
  input_radios(w, "rne", "Reason for new episode", NULL, az, val(w, "rne", form == FORM_START ? NULL : r ? r->zRne : NULL), 0);
  free_choices(az, azOwned);
  select_codes(w, "legal", "Legal status", NULL, &codesLegal, "Choose the legal status", NULL, val(w, "legal", r ? r->zLegal : NULL));
  select_codes(w, "cin", "Category of need", NULL, &codesCin, "Choose the category of need", NULL, val(w, "cin", r ? r->zCin : NULL));
  select_codes(w, "placement", "Placement type", NULL, &codesPlace, "Choose the placement type", NULL,
               val(w, "placement", form == FORM_START ? NULL : r ? r->zPlace : NULL));
  select_codes(w, "provider", "Placement provider", "Leave blank for a temporary or other placement.", &codesProvider,
               "None", NULL, val(w, "provider", form == FORM_START ? NULL : r ? r->zProvider : NULL));
  input_text(w, "postcode", "Placement postcode", "For example, TW1 3AA",
             val(w, "postcode", form == FORM_START ? NULL : r ? r->zPostcode : NULL), "off");
  input_text(w, "home_postcode", "Child's home postcode", "Where the child lived before coming into care.",
             val(w, "home_postcode", r ? r->zHome : NULL), "off");
  input_text(w, "urn", "Ofsted URN of the placement", "XXXXXXX when it does not apply.",
             val(w, "urn", form == FORM_START ? NULL : r ? r->zUrn : NULL), "off");
  input_radios(w, "registration", "Registration status of the provider",
               "An unregistered placement starts the unregistered provision checks at once: QA managers told that day, "
               "the IRO's visit within 2 weeks, an earlier review and a monthly oversight record.",
               azRegChoice, val(w, "registration", form == FORM_START ? "registered" : r ? r->zReg : NULL), 0);
}

static void form_page(Web *w, const Child *c, int form, const EpRow *r) {
  char zTitle[300];
  const char *zWhat = form == FORM_START ? "Start a new episode" : form == FORM_END ? "End care" : "Correct an episode";
  snprintf(zTitle, sizeof zTitle, "%s for %s %s", zWhat, c->zGiven, c->zFamily);
  char *zBack = child_url(c, "#placements");
  char *zAction = form == FORM_START ? child_url(c, "/placements")
                : form == FORM_END   ? child_url(c, "/placements/end")
                                     : NULL;
  if (form == FORM_EDIT) {
    char zSuffix[40];
    snprintf(zSuffix, sizeof zSuffix, "/placements/%lld", (long long)r->id);
    zAction = child_url(c, zSuffix);
  }
  page_begin(w, zTitle);
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">Back to the child's page</a>\n", zBack);
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(w->out, "<span class=\"govuk-caption-l\">Child ID %h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              c->zRef, zTitle);
  if (form == FORM_START && r && !r->zEnd[0]) {
    Date d = DATE_NONE;
    date_parse(r->zStart, &d);
    html_printf(w->out, "<p class=\"govuk-body\">The episode open now (since %D, %h) ends the day the new one starts.</p>\n",
                (int)d, codelist_words(&codesPlace, r->zPlace));
  }
  form_begin(w, zAction);
  if (form == FORM_END) {
    input_date(w, "end", "Date care ended", NULL, DATE_NONE);
    select_codes(w, "end_reason", "Why care ended", NULL, &codesRec, "Choose why care ended", "X1", val(w, "end_reason", NULL));
    button(w, "End care");
  } else {
    placement_fields(w, form == FORM_START ? r : r, form);
    if (form == FORM_EDIT) {
      input_date(w, "end", "Date the episode ended", "Leave blank if it has not ended.", val_date(w, r->zEnd));
      select_codes(w, "end_reason", "Why the episode ended", NULL, &codesRec, "Not ended", NULL, val(w, "end_reason", r->zEndReason));
      select_codes(w, "place_change", "Reason for placement change", "Only when the next episode changed the placement.",
                   &codesPlaceChange, "None", NULL, val(w, "place_change", r->zPlaceChange));
    }
    button(w, form == FORM_START ? "Start the episode" : "Save the correction");
  }
  form_end(w);
  html_raw(w->out, "</div></div>\n");
  page_end(w);
  free(zBack);
  free(zAction);
}

void page_placement_new(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  EpRow r;
  int has = load_episode(w, cs->a[0].id, 0, &r);
  form_page(w, &cs->a[0], FORM_START, has ? &r : NULL);
  childset_free(cs);
}

void page_placement_end_form(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  form_page(w, &cs->a[0], FORM_END, NULL);
  childset_free(cs);
}

static void redirect_saved(Web *w, const Child *c, const char *zSaved) {
  char *zSuffix = xmprintf("?saved=%s#placements", zSaved);
  char *zUrl = child_url(c, zSuffix);
  redirect(w, zUrl);
  free(zUrl);
  free(zSuffix);
}

/* A form date as YYYY-MM-DD into z (blank when not given or wrong: the
** error is then in w->err). */
static const char *date_field(Web *w, const char *zName, const char *zWhat, int required, char z[11]) {
  Date d = form_date(w, zName, zWhat, required);
  return date_iso(d, z);
}

void page_placement_create(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  char zStart[11];
  PlacementInput in = {0};
  in.zStart = date_field(w, "start", "the date the new episode starts", 1, zStart);
  in.zRne = form_text(w, "rne");
  in.zLegal = form_text(w, "legal");
  in.zCin = form_text(w, "cin");
  in.zPlacement = form_text(w, "placement");
  in.zProvider = form_text(w, "provider");
  in.zPostcode = form_text(w, "postcode");
  in.zHomePostcode = form_text(w, "home_postcode");
  in.zUrn = form_text(w, "urn");
  in.zRegistration = form_text(w, "registration");
  Errors more = {0};
  if (w->err.n) in.zStart = "";   /* the date's own error stands; check the rest */
  if (placement_start(w->db, c->id, &in, w->sess.user.zUsername, &more) > 0) {
    redirect_saved(w, c, "placement");
  } else {
    errors_merge(&w->err, &more);
    w->resp->status = 200;
    EpRow r;
    int has = load_episode(w, c->id, 0, &r);
    form_page(w, c, FORM_START, has ? &r : NULL);
  }
  childset_free(cs);
}

void page_placement_end(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  char zEnd[11];
  const char *zOn = date_field(w, "end", "the date care ended", 1, zEnd);
  Errors more = {0};
  if (placement_end(w->db, c->id, w->err.n ? NULL : zOn, form_text(w, "end_reason"), w->sess.user.zUsername, &more) == 0 &&
      !w->err.n) {
    redirect_saved(w, c, "care-ended");
  } else {
    errors_merge(&w->err, &more);
    w->resp->status = 200;
    form_page(w, c, FORM_END, NULL);
  }
  childset_free(cs);
}

static int64_t path_episode(Web *w) {
  long long v;
  char *zEnd;
  if (w->nArg < 2) return 0;
  v = strtoll(w->azArg[1], &zEnd, 10);
  return *zEnd || v <= 0 ? 0 : (int64_t)v;
}

void page_placement_edit(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  EpRow r;
  int64_t id = path_episode(w);
  if (!id || !load_episode(w, cs->a[0].id, id, &r)) not_found(w);
  else form_page(w, &cs->a[0], FORM_EDIT, &r);
  childset_free(cs);
}

void page_placement_save(Web *w) {
  ChildSet *cs = child_to_change(w);
  if (!cs) return;
  const Child *c = &cs->a[0];
  EpRow r;
  int64_t id = path_episode(w);
  if (!id || !load_episode(w, c->id, id, &r)) {
    not_found(w);
    childset_free(cs);
    return;
  }
  char zStart[11], zEnd[11];
  PlacementInput in = {0};
  in.zStart = date_field(w, "start", "the date the episode started", 1, zStart);
  in.zEnd = date_field(w, "end", "the date the episode ended", 0, zEnd);
  in.zRne = form_text(w, "rne");
  in.zLegal = form_text(w, "legal");
  in.zCin = form_text(w, "cin");
  in.zPlacement = form_text(w, "placement");
  in.zProvider = form_text(w, "provider");
  in.zPostcode = form_text(w, "postcode");
  in.zHomePostcode = form_text(w, "home_postcode");
  in.zUrn = form_text(w, "urn");
  in.zRegistration = form_text(w, "registration");
  in.zEndReason = form_text(w, "end_reason");
  in.zPlaceChange = form_text(w, "place_change");
  Errors more = {0};
  int n = 0;
  if (!w->err.n && placement_edit(w->db, c->id, id, &in, w->sess.user.zUsername, &more, &n) == 0) {
    redirect_saved(w, c, n ? "placement-corrected" : "placement-unchanged");
  } else {
    errors_merge(&w->err, &more);
    w->resp->status = 200;
    form_page(w, c, FORM_EDIT, &r);
  }
  childset_free(cs);
}
