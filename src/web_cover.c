/*
** web_cover.c: recording that one IRO covers for another while they are
** away (SPEC §11; cover.h), on the absent IRO's page for a QA manager: the
** current and future cover, each with a form to end it early or put its
** last day right, and the form to record new cover.
*/
#include "web.h"
#include "cover.h"
#include "iros.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The field of cover id's "last day" form: one per cover on the page,
** so each needs its own id for its label and error link. */
static void last_day_field(int64_t id, char *z, size_t n) { snprintf(z, n, "last-day-%lld", (long long)id); }

void cover_section(Web *w, int64_t iroId) {
  Cover *a;
  int n = cover_list(w->db, iroId, COVER_FOR_ABSENT, w->today, &a);
  if (n < 0) return;   /* noted on the connection: the skeleton's error page */
  IroList *l = iros_load_names(w->db);
  const Iro *absent = iros_find(l, iroId);
  html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"cover\">Cover while away</h2>\n"
                      "<p class=\"govuk-body\">While %h is away, record which IRO covers for them. On those days the"
                      " covering IRO can record reviews, contacts and escalations for %h's children, and sees them"
                      " on their own page.</p>\n", absent ? absent->zName : "this IRO", absent ? absent->zName : "this IRO");
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">No cover is recorded now or to come.</p>\n");
  for (int i = 0; i < n; i++) {
    const Cover *c = &a[i];
    char zField[40], zSuffix[64];
    last_day_field(c->id, zField, sizeof zField);
    html_printf(w->out, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                        "<h3 class=\"govuk-summary-card__title\">%h, %D to %D</h3></div>\n"
                        "<div class=\"govuk-summary-card__content\">\n",
                c->zCovering, (int)c->from, (int)c->to);
    if (c->zReason[0]) html_printf(w->out, "<p class=\"govuk-body\">%h</p>\n", c->zReason);
    snprintf(zSuffix, sizeof zSuffix, "/iros/%lld/cover/%lld/end", (long long)iroId, (long long)c->id);
    form_begin(w, zSuffix);
    const char *zTyped = http_form(w->req, zField);
    input_date(w, zField, "Last day of cover",
               "To end it early, enter the day before the IRO is back. To withdraw cover that has not"
               " started, enter a day before it starts.",
               zTyped ? DATE_NONE : c->to);
    html_printf(w->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                        "End or change cover<span class=\"govuk-visually-hidden\"> by %h</span></button>\n", c->zCovering);
    form_end(w);
    html_raw(w->out, "</div></div>\n");
  }
  cover_list_free(a, n);

  html_raw(w->out, "<h3 class=\"govuk-heading-s\">Record cover</h3>\n");
  char zAction[64];
  snprintf(zAction, sizeof zAction, "/iros/%lld/cover", (long long)iroId);
  form_begin(w, zAction);
  const char **az = xmalloc((size_t)(l->n * 2 + 3) * sizeof *az);
  char (*aId)[24] = xmalloc((size_t)(l->n + 1) * sizeof *aId);
  int k = 0;
  az[k++] = "";
  az[k++] = "Choose an IRO";
  for (int i = 0; i < l->n; i++) {
    if (!l->a[i].active || l->a[i].id == iroId) continue;
    snprintf(aId[i], sizeof aId[i], "%lld", (long long)l->a[i].id);
    az[k++] = aId[i];
    az[k++] = l->a[i].zName;
  }
  az[k] = NULL;
  input_select(w, "covering_iro", "Covering IRO", NULL, az, form_text(w, "covering_iro"));
  input_date(w, "from", "First day of cover", "For example, 1 12 2026", DATE_NONE);
  input_date(w, "to", "Last day of cover", "For example, 12 12 2026", DATE_NONE);
  input_text(w, "reason", "Reason (optional)", "For example, annual leave", form_text(w, "reason"), "off");
  button(w, "Record cover");
  form_end(w);
  free(az);
  free(aId);
  iros_free(l);
}

/* The IRO named by the first path segment: their id, or 0 with the 404
** page written. */
static int64_t path_iro(Web *w) {
  long id;
  if (parse_int(w->azArg[0], 1, 2000000000L, &id) != 0 ||
      !db_int(w->db, 0, "SELECT count(*) FROM iro WHERE id = ?", "I", (int64_t)id)) {
    not_found(w);
    return 0;
  }
  return id;
}

static void cover_saved(Web *w, int64_t iroId, const char *zCode) {
  char zUrl[80];
  snprintf(zUrl, sizeof zUrl, "/iros/%lld?saved=%s#cover", (long long)iroId, zCode);
  redirect(w, zUrl);
}

void page_cover_add(Web *w) {
  int64_t iroId = path_iro(w);
  if (!iroId) return;
  Date from = form_date(w, "from", "the first day of cover", 1);
  Date to = form_date(w, "to", "the last day of cover", 1);
  long covering = 0;
  const char *zCovering = form_text(w, "covering_iro");
  if (*zCovering && parse_int(zCovering, 1, 2000000000L, &covering) != 0) covering = 0;
  /* The domain checks everything again; its messages fill the fields the
  ** date reading left without one. */
  Errors e = {0};
  if (!w->err.n) {
    cover_add(w->db, covering, iroId, from, to, form_text(w, "reason"), w->today, w->sess.user.zUsername, &e);
  } else {
    Errors scratch = {0};
    if (!covering || covering == iroId) {
      errors_add(&scratch, "covering_iro", covering ? "Select another IRO: an IRO cannot cover for themself"
                                                   : "Select the IRO who will cover");
    }
    e = scratch;
  }
  errors_merge(&w->err, &e);
  if (!w->err.n) {
    cover_saved(w, iroId, "cover");
    return;
  }
  /* The summary in the form's order: who, then from, then to. */
  Errors sorted = {0};
  static const char *const azOrder[] = {"covering_iro", "from", "to"};
  for (int k = 0; k < COUNT(azOrder); k++) {
    const char *z = errors_for(&w->err, azOrder[k]);
    if (z) errors_add(&sorted, azOrder[k], "%s", z);
  }
  w->err = sorted;
  w->resp->status = 200;
  iro_dashboard(w, iroId, w->sess.user.iroId == iroId);
}

void page_cover_end(Web *w) {
  int64_t iroId = path_iro(w);
  if (!iroId) return;
  long id;
  Cover c;
  if (parse_int(w->azArg[1], 1, 2000000000L, &id) != 0 || !cover_get(w->db, id, &c)) {
    not_found(w);
    return;
  }
  int64_t absentIroId = c.absentIroId;
  cover_clear(&c);
  if (absentIroId != iroId) {
    not_found(w);
    return;
  }
  char zField[40];
  last_day_field(id, zField, sizeof zField);
  Date last = form_date(w, zField, "the last day of cover", 1);
  if (!w->err.n) {
    Errors e = {0};
    cover_end(w->db, id, last, w->sess.user.zUsername, &e);
    for (int i = 0; i < e.n; i++) errors_add(&w->err, zField, "%s", e.a[i].zMsg);
  }
  if (!w->err.n) {
    cover_saved(w, iroId, "cover-ended");
    return;
  }
  w->resp->status = 200;
  iro_dashboard(w, iroId, w->sess.user.iroId == iroId);
}
