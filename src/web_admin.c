/*
** web_admin.c: the administrator's pages: timescales (the rules table,
** SPEC "Rules are data"), the people who sign in, and the audit log
** (SPEC §11).
*/
#include "web.h"
#include "audit.h"
#include "iros.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Shared pieces ---------------------------------------------------------- */

/* A path with one segment taken from data: the segment is URL-escaped so a
** rule or user name can never change where the link or form goes. */
static char *path_with(const char *zPrefix, const char *zSegment, const char *zSuffix) {
  Buf b = {0};
  buf_puts(&b, zPrefix);
  url_escape(&b, zSegment);
  if (zSuffix) buf_puts(&b, zSuffix);
  return buf_take(&b);
}

static void back_link(Web *w, const char *zHref) {
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">Back</a>\n", zHref);
}

static void grid_begin(Web *w) {
  html_raw(w->out, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
}

static void grid_end(Web *w) { html_raw(w->out, "</div>\n</div>\n"); }

static void warning_text(Web *w, const char *zText) {
  html_printf(w->out,
              "<div class=\"govuk-warning-text\">\n"
              "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\n"
              "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span> "
              "%h</strong>\n</div>\n",
              zText);
}

static void summary_row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out,
              "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
              "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n",
              zKey, zValue);
}

/* Copy z with its first letter in capitals, for text stored mid-sentence
** ("start of the period of care") shown on its own in a table cell. */
static void capitalise(char *out, size_t n, const char *z) {
  snprintf(out, n, "%s", z ? z : "");
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
}

/* UTC now as the sortable text the users table holds. */
static void utc_now(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int all_digits(const char *z) {
  if (!*z) return 0;
  for (; *z; z++) {
    if (*z < '0' || *z > '9') return 0;
  }
  return 1;
}

/* ---- Timescales --------------------------------------------------------------- */

/* The SPEC's sections in the order the service thinks of them; a rule
** whose section is not listed still shows, under "Other timescales". */
static const struct {
  const char *zSection, *zTitle;
} aSection[] = {
  {"1", "Calendar"},
  {"2", "Reviewing officers"},
  {"3", "Reviews"},
  {"4", "Unregistered provision"},
  {"5", "Escalations"},
  {"6", "LADO"},
  {"7", "Private fostering"},
  {"8", "Children's homes"},
  {"11", "Sign-in"},
  /* A sheet name of the .xlsx download too: at most 31 characters. */
  {"retention", "Retention and destruction"},
};

/* Units of one kind can stand in for each other (as rules_update allows):
** a timescale stays a length of time, a caseload stays a number of
** children. */
static int unit_kind(CalUnit u) {
  if (cal_unit_is_date(u)) return 1;
  if (u == UNIT_HOURS || u == UNIT_MINUTES) return 2;
  return u == UNIT_CHILDREN ? 3 : 4;
}

static const char *const azDateUnit[] = {
  "working-days", "Working days", "days", "Days", "weeks", "Weeks",
  "months", "Months", "years", "Years", NULL,
};
static const char *const azClockUnit[] = {"hours", "Hours", "minutes", "Minutes", NULL};

/* The choices offered for a rule, or NULL when its kind has one unit only
** (a radio group with a single choice is a question with no answer). */
static const char *const *unit_choices(const Rule *r) {
  switch (unit_kind(r->defaultUnit)) {
    case 1: return azDateUnit;
    case 2: return azClockUnit;
    default: return NULL;
  }
}

/* "20 working days", "1 month", "60 children", "5": how people say it. */
static void timescale_words(char *out, size_t n, int amount, CalUnit u) {
  static const char *const azOne[] = {"working day", "day", "week", "month", "year", "hour", "minute", "child"};
  static const char *const azMany[] = {"working days", "days", "weeks", "months", "years", "hours", "minutes",
                                       "children"};
  /* A count (such as "by the 2nd review") is a bare number. */
  if (u < 0 || u >= COUNT(azOne)) {
    snprintf(out, n, "%d", amount);
    return;
  }
  snprintf(out, n, "%d %s", amount, amount == 1 ? azOne[u] : azMany[u]);
}

/* Look a rule up without rule(), which treats an unknown name as a bug:
** here the name comes from the address bar. */
static const Rule *find_rule(const char *zName) {
  for (int i = 0; i < rules_count(); i++) {
    const Rule *r = rules_at(i);
    if (r && strcmp(r->zName, zName) == 0) return r;
  }
  return NULL;
}

static int rule_changed(const Rule *r) {
  return r->amount != r->defaultAmount || r->unit != r->defaultUnit;
}

enum { RU_WHAT, RU_FROM, RU_NOW, RU_DEFAULT, RU_CHANGE, RU_N };
static const RColumn aRuCol[RU_N] = {
  {"what_it_measures", "What it measures", RCOL_TEXT, 40},
  {"counted_from", "Counted from", RCOL_TEXT, 32},
  {"timescale", "Timescale", RCOL_TEXT, 18},
  {"default_timescale", "Default", RCOL_TEXT, 18},
  {NULL, "Action", RCOL_TEXT, 0},
};

static void rule_row(RTable *t, const Rule *r) {
  char zNow[64], zDefault[64], zFrom[256];
  timescale_words(zNow, sizeof zNow, r->amount, r->unit);
  timescale_words(zDefault, sizeof zDefault, r->defaultAmount, r->defaultUnit);
  capitalise(zFrom, sizeof zFrom, r->zCountsFrom);
  rtable_row(t);
  rtable_text(t, RU_WHAT, r->zDescription);
  rtable_text(t, RU_FROM, zFrom);
  rtable_text(t, RU_NOW, zNow);
  rtable_text(t, RU_DEFAULT, zDefault);
  Buf h = {0};
  html_printf(&h, "%h", zNow);
  if (rule_changed(r)) html_raw(&h, " <strong class=\"govuk-tag\">Changed</strong>");
  rtable_html(t, RU_NOW, h.z);
  buf_reset(&h);
  char *zHref = path_with("/rules/", r->zName, NULL);
  html_printf(&h, "<a class=\"govuk-link\" href=\"%h\">Change<span class=\"govuk-visually-hidden\"> %h</span></a>",
              zHref, r->zDescription);
  rtable_html(t, RU_CHANGE, h.z);
  free(zHref);
  buf_free(&h);
}

/* One section's table, if it has rules. zSection NULL takes every rule
** not shown yet. */
static void rules_section(PageTables *p, const char *zTitle, const char *zSection, char *aShown) {
  int n = rules_count(), any = 0;
  for (int i = 0; i < n && !any; i++) {
    const Rule *r = rules_at(i);
    any = zSection ? strcmp(r->zSection, zSection) == 0 : !aShown[i];
  }
  if (!any) return;
  RTable *t = page_table(p, zTitle, zTitle, NULL, aRuCol, RU_N);
  for (int i = 0; i < n; i++) {
    const Rule *r = rules_at(i);
    if (zSection ? strcmp(r->zSection, zSection) != 0 : aShown[i]) continue;
    aShown[i] = 1;
    rule_row(t, r);
  }
}

static void contact_counts_list(Web *w);

void page_rules(Web *w) {
  Buf *b = w->out;
  int n = rules_count();
  PageTables pt = {0};
  char *aShown = xcalloc((size_t)(n ? n : 1), 1);
  for (int i = 0; i < COUNT(aSection); i++) rules_section(&pt, aSection[i].zTitle, aSection[i].zSection, aShown);
  rules_section(&pt, "Other timescales", NULL, aShown);
  free(aShown);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "timescales");
    page_tables_free(&pt);
    return;
  }
  page_begin(w, "Timescales");
  saved_banner(w);
  html_raw(b,
           "<h1 class=\"govuk-heading-l\">Timescales</h1>\n"
           "<p class=\"govuk-body-l\">Every deadline in Oversight is worked out from these. Changing one changes "
           "every deadline that uses it, from today.</p>\n"
           "<p class=\"govuk-body\">To change a timescale, select Change next to it.</p>\n");
  if (n == 0) {
    html_raw(b, "<p class=\"govuk-body\">No timescales are loaded. The database may not have been set up.</p>\n");
  } else {
    for (int i = 0; i < pt.n; i++) reports_table_html(&pt.a[i], b, 1);
    download_links(w, "/rules", pt.n);
    contact_counts_list(w);
  }
  page_end(w);
  page_tables_free(&pt);
}

/* ---- Which contacts count ------------------------------------------------------ */

static const char *const azContactItemWords[CONTACT_ITEM_N] = {"Midpoint contact", "Pre-review contact"};

static void contact_counts_list(Web *w) {
  Buf *b = w->out;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"contacts\">Which contacts count</h2>\n"
              "<p class=\"govuk-body\">An IRO's contact meets the midpoint or pre-review contact only when it "
              "is with one of these.</p>\n<dl class=\"govuk-summary-list\">\n");
  for (int i = 0; i < CONTACT_ITEM_N; i++) {
    Buf words = {0};
    contact_counts_words(contact_counts_mask(i), &words);
    char zFirst[200];
    capitalise(zFirst, sizeof zFirst, words.z);
    html_printf(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                   "<dd class=\"govuk-summary-list__value\">%h</dd><dd class=\"govuk-summary-list__actions\">"
                   "<a class=\"govuk-link\" href=\"/rules/contacts/%h\">Change<span class=\"govuk-visually-hidden\">"
                   " which contacts count for the %h</span></a></dd></div>\n",
                azContactItemWords[i], zFirst, contact_item_code(i), azContactItemWords[i]);
    buf_free(&words);
  }
  html_raw(b, "</dl>\n");
}

static void contact_counts_form(Web *w, int item, unsigned mask) {
  Buf *b = w->out;
  char *zTitle = xmprintf("Which contacts count for the %s", azContactItemWords[item]);
  page_begin(w, zTitle);
  back_link(w, "/rules");
  grid_begin(w);
  error_summary(w);
  html_printf(b, "<span class=\"govuk-caption-l\">Timescales</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  free(zTitle);
  warning_text(w, "Changing this changes which contacts meet the item for every child, from today.");
  char *zAction = xmprintf("/rules/contacts/%s", contact_item_code(item));
  form_begin(w, zAction);
  free(zAction);
  const char *zErr = NULL;
  for (int i = 0; i < w->err.n; i++)
    if (strcmp(w->err.a[i].zField, "with") == 0) zErr = w->err.a[i].zMsg;
  html_printf(b, "<div class=\"govuk-form-group%h\">\n<fieldset class=\"govuk-fieldset\" aria-describedby=\"with-hint%h\">\n"
                 "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">A contact counts when it is with</legend>\n"
                 "<div id=\"with-hint\" class=\"govuk-hint\">Select all that apply.</div>\n",
              zErr ? " govuk-form-group--error" : "", zErr ? " with-error" : "");
  if (zErr) {
    html_printf(b, "<p id=\"with-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                   "Error:</span> %h</p>\n", zErr);
  }
  html_raw(b, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n");
  for (int i = 0; i < CONTACT_WITH_N; i++) {
    char zId[40], zWords[64];
    /* The first box has the field's id, so the error summary's link lands on it. */
    if (i == 0) snprintf(zId, sizeof zId, "with");
    else snprintf(zId, sizeof zId, "with-%s", contact_with_code(i));
    capitalise(zWords, sizeof zWords, contact_with_words(i));
    html_printf(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%h\""
                   " name=\"with-%h\" type=\"checkbox\" value=\"yes\"%h>"
                   "<label class=\"govuk-label govuk-checkboxes__label\" for=\"%h\">%h</label></div>\n",
                zId, contact_with_code(i), mask & (1u << i) ? " checked" : "", zId, zWords);
  }
  html_raw(b, "</div>\n</fieldset>\n</div>\n<div class=\"govuk-button-group\">\n");
  button(w, "Save");
  html_raw(b, "<a class=\"govuk-link\" href=\"/rules\">Cancel</a>\n</div>\n");
  form_end(w);
  grid_end(w);
  page_end(w);
}

void page_contact_counts_form(Web *w) {
  int item = w->nArg > 0 ? contact_item_index(w->azArg[0]) : -1;
  if (item < 0) {
    not_found(w);
    return;
  }
  contact_counts_form(w, item, contact_counts_mask(item));
}

void page_contact_counts_save(Web *w) {
  int item = w->nArg > 0 ? contact_item_index(w->azArg[0]) : -1;
  if (item < 0) {
    not_found(w);
    return;
  }
  unsigned mask = 0;
  for (int i = 0; i < CONTACT_WITH_N; i++) {
    char zName[40];
    snprintf(zName, sizeof zName, "with-%s", contact_with_code(i));
    if (strcmp(form_text(w, zName), "yes") == 0) mask |= 1u << i;
  }
  char *zErr = NULL;
  if (contact_counts_update(w->db, contact_item_code(item), mask, w->sess.user.zUsername, w->req->zClient, &zErr) == 0) {
    web_rules_changed(w);
    redirect(w, "/rules?saved=contact-counts");
    return;
  }
  errors_add(&w->err, "with", "%s", zErr);
  free(zErr);
  contact_counts_form(w, item, mask);
}

/* The change form, showing what was typed when it comes back with errors. */
static void rule_form(Web *w, const Rule *r, const char *zAmount, const char *zUnit) {
  Buf *b = w->out;
  char zNow[64], zDefault[64], zFrom[256], zHint[96];
  timescale_words(zNow, sizeof zNow, r->amount, r->unit);
  timescale_words(zDefault, sizeof zDefault, r->defaultAmount, r->defaultUnit);
  capitalise(zFrom, sizeof zFrom, r->zCountsFrom);
  snprintf(zHint, sizeof zHint, "The default is %s.", zDefault);

  char *zTitle = xmprintf("Change a timescale: %s", r->zDescription);
  page_begin(w, zTitle);
  free(zTitle);
  back_link(w, "/rules");
  grid_begin(w);
  error_summary(w);
  html_printf(b, "<span class=\"govuk-caption-l\">Change a timescale</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              r->zDescription);
  html_raw(b, "<dl class=\"govuk-summary-list\">\n");
  summary_row(w, "Counted from", zFrom);
  summary_row(w, "Timescale now", zNow);
  summary_row(w, "Default", zDefault);
  html_raw(b, "</dl>\n");
  warning_text(w, "Changing this changes every deadline that uses it, from today.");

  char *zAction = path_with("/rules/", r->zName, NULL);
  form_begin(w, zAction);
  free(zAction);
  const char *const *azUnit = unit_choices(r);
  const char *zLabel = unit_kind(r->defaultUnit) == 3 ? "How many children"
                       : unit_kind(r->defaultUnit) == 4 ? "How many"
                                                        : "How long";
  input_text(w, "amount", zLabel, zHint, zAmount, "off");
  if (azUnit) {
    input_radios(w, "unit", "Counted in",
                 azUnit == azDateUnit ? "Working days are Monday to Friday, not counting bank holidays or "
                                        "the council's closure days."
                                      : NULL,
                 azUnit, zUnit, 0);
  }
  html_raw(b, "<div class=\"govuk-button-group\">\n");
  button(w, "Save timescale");
  html_raw(b, "<a class=\"govuk-link\" href=\"/rules\">Cancel</a>\n</div>\n");
  form_end(w);
  grid_end(w);
  page_end(w);
}

void page_rule_form(Web *w) {
  const Rule *r = w->nArg > 0 ? find_rule(w->azArg[0]) : NULL;
  if (!r) {
    not_found(w);
    return;
  }
  char zAmount[16];
  snprintf(zAmount, sizeof zAmount, "%d", r->amount);
  rule_form(w, r, zAmount, cal_unit_name(r->unit));
}

void page_rule_save(Web *w) {
  const Rule *r = w->nArg > 0 ? find_rule(w->azArg[0]) : NULL;
  if (!r) {
    not_found(w);
    return;
  }
  const char *zAmount = form_text(w, "amount");
  const char *zUnit = form_text(w, "unit");
  const char *const *azUnit = unit_choices(r);
  long amount = 0;
  if (parse_int(zAmount, 0, 10000, &amount) != 0) {
    if (all_digits(zAmount)) errors_add(&w->err, "amount", "The timescale must be 10,000 or less");
    else errors_add(&w->err, "amount", "Enter the timescale as a whole number, like 20");
  }
  CalUnit u = r->defaultUnit;
  if (azUnit) {
    u = cal_unit_parse(zUnit);
    if (u == UNIT_INVALID || unit_kind(u) != unit_kind(r->defaultUnit)) {
      errors_add(&w->err, "unit", "Select what the timescale is counted in");
    }
  }
  if (!w->err.n) {
    char *zErr = NULL;
    if (rules_update(w->db, r->zName, amount, cal_unit_name(u), w->sess.user.zUsername, w->req->zClient,
                     &zErr) == 0) {
      web_rules_changed(w);
      redirect(w, "/rules?saved=rule");
      return;
    }
    /* rules_update speaks of the unit or the amount; put its message on
    ** the field it is about so the summary link lands there. */
    const char *zField = azUnit && zErr && (strstr(zErr, "nit") || strstr(zErr, "measured in")) ? "unit" : "amount";
    errors_add(&w->err, zField, "%s", zErr ? zErr : "The timescale could not be saved. Try again.");
    free(zErr);
  }
  w->resp->status = 200;
  rule_form(w, r, zAmount, zUnit);
}

/* ---- Users ------------------------------------------------------------------- */

/* What each role may do, in the words of SPEC §11, so an administrator
** can choose without knowing the capability table. */
static const char *const azRoleHint[ROLE__COUNT] = {
  [ROLE_ADMIN] = "Manages users and timescales. Sees everything except LADO records.",
  [ROLE_QA_MANAGER] = "Sees every child and the service dashboard, allocates IROs. Not LADO records.",
  [ROLE_IRO] = "Records reviews for their children. Needs their IRO record: choose it below.",
  [ROLE_LADO] = "LADO records only.",
  [ROLE_PF_WORKER] = "Private fostering records only.",
  [ROLE_RESIDENTIAL_MANAGER] = "Children's homes records only.",
  [ROLE_BUSINESS_SUPPORT] = "Data entry: records reviews and contacts, allocates IROs.",
  [ROLE_BOARD] = "Aggregate reports only, never a child's record.",
};

/* Choices for the IRO select: the active IROs, and the one a user is linked
** to now even if it has since closed, so the form shows what is true.
** Pairs of value and label, NULL-terminated; free with iro_choices_free. */
static char **iro_choices(const IroList *l, int64_t keepId) {
  char **az = xcalloc((size_t)(2 * l->n + 3), sizeof *az);
  int k = 0;
  az[k++] = xstrdup("");
  az[k++] = xstrdup("Choose their IRO record");
  for (int i = 0; i < l->n; i++) {
    const Iro *o = &l->a[i];
    if (!o->active && o->id != keepId) continue;
    az[k++] = xmprintf("%lld", (long long)o->id);
    az[k++] = o->active ? xstrdup(o->zName) : xmprintf("%s (no longer active)", o->zName);
  }
  az[k] = NULL;
  return az;
}

static void iro_choices_free(char **az) {
  for (int i = 0; az[i]; i++) free(az[i]);
  free(az);
}

static int active_iro_count(const IroList *l) {
  int n = 0;
  for (int i = 0; i < l->n; i++) n += l->a[i].active != 0;
  return n;
}

/* The role radios, with the IRO record revealed under the IRO choice.
** input_radios has no hint per choice nor conditional reveal, so this one
** group is written here in the GOV.UK markup. Without JavaScript the
** IRO select simply stays visible. */
static void role_fields(Web *w, const char *zRole, const char *zIro, int64_t keepIro) {
  Buf *b = w->out;
  const char *zErr = errors_for(&w->err, "role");
  html_raw(b, zErr ? "<div class=\"govuk-form-group govuk-form-group--error\">\n<fieldset class=\"govuk-fieldset\""
                     " aria-describedby=\"role-error\">\n"
                   : "<div class=\"govuk-form-group\">\n<fieldset class=\"govuk-fieldset\">\n");
  html_raw(b, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Role</legend>\n");
  if (zErr) {
    html_printf(b, "<p id=\"role-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                   "Error:</span> %h</p>\n", zErr);
  }
  html_raw(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">\n");
  for (int i = 0; i < ROLE__COUNT; i++) {
    char zId[32];
    /* The first radio carries the field's id, so the error summary lands on it. */
    if (i == 0) snprintf(zId, sizeof zId, "role");
    else snprintf(zId, sizeof zId, "role-%d", i + 1);
    int checked = zRole && strcmp(zRole, role_name((Role)i)) == 0;
    html_printf(b, "<div class=\"govuk-radios__item\">\n<input class=\"govuk-radios__input\" id=\"%h\" name=\"role\""
                   " type=\"radio\" value=\"%h\" aria-describedby=\"%h-hint\"",
                zId, role_name((Role)i), zId);
    if (checked) html_raw(b, " checked");
    html_printf(b, ">\n<label class=\"govuk-label govuk-radios__label\" for=\"%h\">%h</label>\n"
                   "<div id=\"%h-hint\" class=\"govuk-hint govuk-radios__hint\">%h</div>\n</div>\n",
                zId, role_label((Role)i), zId, azRoleHint[i] ? azRoleHint[i] : "");
    if (i != ROLE_IRO) continue;
    /* Always shown under the IRO choice: GOV.UK's reveal marks the radio
    ** aria-expanded, which axe (rightly) refuses on a radio. */
    html_raw(b, "<div class=\"govuk-radios__conditional\" id=\"conditional-role-iro\">\n");
    IroList *l = iros_load_names(w->db);
    char **az = iro_choices(l, keepIro);
    input_select(w, "iro", "Their IRO record",
                 active_iro_count(l) ? "The IRO they are, so their own children show when they sign in."
                                     : "There are no active IRO records yet. The IRO must be added before "
                                       "anyone can be given this role.",
                 (const char *const *)az, zIro);
    iro_choices_free(az);
    iros_free(l);
    html_raw(b, "</div>\n");
  }
  html_raw(b, "</div>\n</fieldset>\n</div>\n");
}

/* 0 and the IRO id when zIro names one, else -1. */
static int parse_iro_id(const char *zIro, int64_t *pId) {
  long v;
  if (parse_int(zIro, 1, 2000000000L, &v) != 0) return -1;
  *pId = v;
  return 0;
}

/* The user functions explain themselves in one message; find the field it
** is about so it is shown next to it. */
static const char *user_error_field(const char *zMsg, const char *zDefault) {
  if (strncmp(zMsg, "Password", 8) == 0) return "password";
  if (strncmp(zMsg, "Email", 5) == 0) return "email";
  if (strstr(zMsg, "sername") || strncmp(zMsg, "A user called", 13) == 0) return "username";
  if (strstr(zMsg, "IRO")) return "iro";
  if (strncmp(zMsg, "Role", 4) == 0) return "role";
  if (strstr(zMsg, "name")) return "display_name";
  return zDefault;
}

static void status_tags(Buf *b, int disabled, int locked, int mustChange) {
  if (disabled) html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>");
  else html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>");
  if (locked && !disabled) html_raw(b, " <strong class=\"govuk-tag govuk-tag--orange\">Locked</strong>");
  if (mustChange && !disabled) html_raw(b, " <strong class=\"govuk-tag govuk-tag--yellow\">Must change password</strong>");
}

/* The same status in words, for the downloads. */
static void status_words(char *out, size_t n, int disabled, int locked, int mustChange) {
  snprintf(out, n, "%s%s%s", disabled ? "Disabled" : "Active", locked && !disabled ? ", locked" : "",
           mustChange && !disabled ? ", must change password" : "");
}

enum { US_USER, US_NAME, US_ROLE, US_IRO, US_STATUS, US_LAST, US_N };
static const RColumn aUsCol[US_N] = {
  {"username", "Username", RCOL_TEXT, 18},
  {"name", "Name", RCOL_TEXT, 24},
  {"role", "Role", RCOL_TEXT, 20},
  {"iro_record", "IRO record", RCOL_TEXT, 24},
  {"status", "Status", RCOL_TEXT, 16},
  {"last_signed_in", "Last signed in", RCOL_TEXT, 26},
};

void page_users(Web *w) {
  Buf *b = w->out;
  char zNow[32];
  utc_now(zNow);
  Stmt *s = db_query(w->db,
                     "SELECT u.username, u.display_name, u.role, u.disabled, i.name,"
                     " EXISTS (SELECT 1 FROM login_lock l WHERE l.user_id = u.id AND l.locked_until > ?),"
                     " u.must_change_password, u.last_signed_in_at"
                     " FROM users u LEFT JOIN iro i ON i.id = u.iro_id"
                     " ORDER BY u.display_name, u.username",
                     "s", zNow);
  PageTables pt = {0};
  RTable *t = page_table(&pt, "Users", "Users", "There are no users yet.", aUsCol, US_N);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    int disabled = db_col_int(s, 3) != 0, locked = db_col_int(s, 5) != 0, must = db_col_int(s, 6) != 0;
    char zLast[64], zStatus[64];
    user_time_words(db_col_text(s, 7), zLast, sizeof zLast);
    status_words(zStatus, sizeof zStatus, disabled, locked, must);
    char *zHref = path_with("/users/", db_col_text(s, 0), NULL);
    rtable_row(t);
    rtable_link(t, US_USER, zHref, db_col_text(s, 0));
    rtable_text(t, US_NAME, db_col_text(s, 1));
    rtable_text(t, US_ROLE, role_label(role_parse(db_col_text(s, 2))));
    rtable_text(t, US_IRO, db_col_text(s, 4));
    rtable_text(t, US_STATUS, zStatus);
    rtable_text(t, US_LAST, zLast);
    Buf h = {0};
    status_tags(&h, disabled, locked, must);
    rtable_html(t, US_STATUS, h.z);
    buf_free(&h);
    free(zHref);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    page_tables_free(&pt);
    return;   /* noted on the connection: the skeleton's error page */
  }
  snprintf(pt.azTitle[0], sizeof pt.azTitle[0], "%d %s", t->nRow, t->nRow == 1 ? "user" : "users");
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "users");
    page_tables_free(&pt);
    return;
  }
  page_begin(w, "Users");
  saved_banner(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Users</h1>\n"
              "<p class=\"govuk-body\">Everyone who can sign in to Oversight. To change someone's details, role or password,"
              " or to disable their account when they leave, select their username.</p>\n"
              "<a href=\"/users/new\" role=\"button\" draggable=\"false\" class=\"govuk-button\""
              " data-module=\"govuk-button\">Add a user</a>\n");
  reports_table_html(t, b, 1);
  if (t->nRow) download_links(w, "/users", pt.n);
  page_end(w);
  page_tables_free(&pt);
}

/* How the person gets a password. Nobody types one for them: SPEC §11
** wants passwords known only to their owner, and a password an
** administrator chose is one two people know for good. */
static const char *const azIssue[] = {
  "temporary", "A temporary password, shown once on the next page. They must change it when they first sign in.",
  "link", "A one-time link to set their own password, shown once on the next page. It works once, for a limited time.",
  NULL,
};

static PasswordIssue parse_issue(const char *z) {
  return strcmp(z, "temporary") == 0 ? ISSUE_TEMPORARY : strcmp(z, "link") == 0 ? ISSUE_LINK : (PasswordIssue)0;
}

static void user_new_form(Web *w, const char *zUsername, const char *zName, const char *zEmail, const char *zRole,
                          const char *zIro, const char *zHow) {
  Buf *b = w->out;
  page_begin(w, "Add a user");
  back_link(w, "/users");
  grid_begin(w);
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Add a user</h1>\n");
  form_begin(w, "/users");
  input_text(w, "username", "Username", "Lower-case letters, numbers, dots, dashes. They sign in with this.",
             zUsername, "off");
  input_text(w, "display_name", "Name", "As it should appear on records, for example Sam Patel.", zName, "off");
  input_text(w, "email", "Email address (optional)", "Their work email, for example sam.patel@council.gov.uk.",
             zEmail, "off");
  role_fields(w, zRole, zIro, 0);
  input_radios(w, "how", "How will they get their password?", "You will not choose it, and it is not stored anywhere "
               "you can see it again.", azIssue, zHow, 0);
  html_raw(b, "<div class=\"govuk-button-group\">\n");
  button(w, "Add user");
  html_raw(b, "<a class=\"govuk-link\" href=\"/users\">Cancel</a>\n</div>\n");
  form_end(w);
  grid_end(w);
  page_end(w);
}

void page_user_new(Web *w) { user_new_form(w, "", "", "", NULL, "", NULL); }

/* The link as the person will open it: this site's address as the
** administrator's browser reached it, since that is the one they share. */
static void link_url(Web *w, Buf *b, const char *zToken) {
  const char *zHost = http_header(w->req, "Host");
  const char *zProto = http_header(w->req, "X-Forwarded-Proto");
  if (zHost && *zHost) {
    buf_printf(b, "%s://%s", w->req->tls || (zProto && strcmp(zProto, "https") == 0) ? "https" : "http", zHost);
  }
  buf_printf(b, "/password/set?token=%s", zToken);
}

/* The page that shows a new secret, once: it is never stored where it
** could be shown again. Sent in answer to the POST (no redirect) so the
** secret is not in any address or history. */
static void issued_page(Web *w, const User *u, PasswordIssue issue, const char *zSecret, int added) {
  Buf *b = w->out;
  int emailed = issue == ISSUE_LINK && user_link_emailed(w->db, u->zUsername, zSecret);
  char *zTitle = xmprintf("%s %s", added ? "User added:" : "Password reset:", u->zDisplayName);
  page_begin(w, zTitle);
  free(zTitle);
  grid_begin(w);
  html_printf(b, "<div class=\"govuk-panel govuk-panel--confirmation\">\n<h1 class=\"govuk-panel__title\">%h</h1>\n"
                 "<div class=\"govuk-panel__body\">%h</div>\n</div>\n",
              added ? "User added" : "Password reset", u->zDisplayName);
  if (issue == ISSUE_TEMPORARY) {
    html_printf(b, "<h2 class=\"govuk-heading-m\">Their temporary password</h2>\n"
                   "<p class=\"govuk-body govuk-!-font-size-36\"><code class=\"app-secret\" id=\"secret\">%h</code></p>\n"
                   "<p class=\"govuk-body\">Give it to %h in person or by phone, with their username <strong>%h</strong>. "
                   "When they sign in with it they must choose a new password before they can do anything else.</p>\n",
                zSecret, u->zDisplayName, u->zUsername);
  } else {
    Buf url = {0};
    link_url(w, &url, zSecret);
    char zLen[48];
    const Rule *r = rule("password_link_lifetime");
    snprintf(zLen, sizeof zLen, "%d %s", r->amount, cal_unit_name(r->unit));
    /* A read-only box: the long link stays within a phone's width and is
    ** easy to select and copy whole. */
    html_printf(b, "<div class=\"govuk-form-group\"><h2 class=\"govuk-label-wrapper\"><label class=\"govuk-label"
                   " govuk-label--m\" for=\"secret\">Their one-time link</label></h2>\n"
                   "<input class=\"govuk-input\" id=\"secret\" type=\"text\" readonly spellcheck=\"false\" value=\"%h\"></div>\n",
                url.z);
    /* Emailed (users.h): the person has it in their inbox, and this copy
    ** is for an administrator whose council's mail is slow or lost. */
    if (emailed) {
      html_printf(b, "<p class=\"govuk-body\">It has been emailed to %h at %h. If it does not arrive, send it to them "
                     "yourself: their username is <strong>%h</strong>.",
                  u->zDisplayName, u->zEmail, u->zUsername);
    } else {
      html_printf(b, "<p class=\"govuk-body\">Send it to %h, whose username is <strong>%h</strong>.", u->zDisplayName,
                  u->zUsername);
    }
    html_printf(b, " It lets them set their own password once, within %h. After that, or if it is used, it stops "
                   "working.</p>\n", zLen);
    buf_free(&url);
  }
  warning_text(w, emailed ? "This is the only time it is shown here. If it is lost, reset the password again."
                          : "This is the only time it is shown. Oversight does not keep it, so if it is lost, reset the password again.");
  char *zHref = path_with("/users/", u->zUsername, NULL);
  html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%h\">Go to %h's page</a></p>\n"
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/users\">Back to users</a></p>\n",
              zHref, u->zDisplayName);
  free(zHref);
  grid_end(w);
  page_end(w);
}

/* The two password boxes: both filled in and the same. Passwords are read
** untrimmed (a space may be part of one) and never shown again. */
static const char *passwords_checked(Web *w, const char *zEnter) {
  const char *z1 = http_form(w->req, "password");
  const char *z2 = http_form(w->req, "password2");
  int ok = 1;
  if (!z1 || !*z1) {
    errors_add(&w->err, "password", "%s", zEnter);
    ok = 0;
  }
  if (!z2 || !*z2) {
    errors_add(&w->err, "password2", "Enter the new password again");
    ok = 0;
  } else if (z1 && *z1 && strcmp(z1, z2) != 0) {
    errors_add(&w->err, "password2", "The passwords do not match");
    ok = 0;
  }
  return ok ? z1 : NULL;
}

void page_user_create(Web *w) {
  const char *zUsername = form_text(w, "username");
  const char *zName = form_text(w, "display_name");
  const char *zEmail = form_text(w, "email");
  const char *zRole = form_text(w, "role");
  const char *zIro = form_text(w, "iro");
  const char *zHow = form_text(w, "how");
  Role role = role_parse(zRole);
  PasswordIssue issue = parse_issue(zHow);
  int64_t iroId = 0;
  if (!*zUsername) errors_add(&w->err, "username", "Enter a username");
  if (!*zName) errors_add(&w->err, "display_name", "Enter the person's name");
  if (role == ROLE_INVALID) errors_add(&w->err, "role", "Select the person's role");
  /* The IRO choice only means something for the IRO role; for any other
  ** role it is left out rather than refused. */
  if (role == ROLE_IRO && parse_iro_id(zIro, &iroId) != 0) {
    errors_add(&w->err, "iro", "Select the IRO record this user signs in as");
  }
  if (!issue) errors_add(&w->err, "how", "Select how they will get their password");
  if (!w->err.n) {
    char *zErr = NULL;
    char zSecret[USER_SECRET_MAX];
    User u;
    if (user_add_issue(w->db, zUsername, zName, zEmail, role, iroId, issue, zSecret, w->sess.user.zUsername,
                       &zErr) == 0 && user_get(w->db, zUsername, &u)) {
      issued_page(w, &u, issue, zSecret, 1);
      memset(zSecret, 0, sizeof zSecret);
      return;
    }
    errors_add(&w->err, user_error_field(zErr ? zErr : "", "username"), "%s",
               zErr ? zErr : "The user could not be added. Try again.");
    free(zErr);
  }
  w->resp->status = 200;
  user_new_form(w, zUsername, zName, zEmail, role == ROLE_INVALID ? NULL : zRole, zIro, zHow);
}

/* One user's page: who they are, then one form for each kind of change.
** zRole/zIro are what was typed when the role form comes back with errors. */
static void user_page(Web *w, const User *u, const char *zRole, const char *zIro, const char *zName,
                      const char *zEmail) {
  Buf *b = w->out;
  int locked = user_lock_count(w->db, u->id);
  Date added = DATE_NONE;
  Stmt *s = db_query(w->db, "SELECT created_at FROM users WHERE id=?", "I", u->id);
  if (db_step(s) == DB_ROW) {
    /* created_at is a UTC time stamp; its date part is what people need. */
    char zDay[11];
    snprintf(zDay, sizeof zDay, "%.10s", db_col_text(s, 0));
    if (date_parse(zDay, &added) != 0) added = DATE_NONE;
  }
  db_finalize(s);
  char zIroName[160] = "";
  if (u->iroId) {
    IroList *l = iros_load_names(w->db);
    const Iro *o = iros_find(l, u->iroId);
    if (o) snprintf(zIroName, sizeof zIroName, "%s%s", o->zName, o->active ? "" : " (no longer active)");
    iros_free(l);
  }
  int self = u->id == w->sess.user.id;
  char *zAction = path_with("/users/", u->zUsername, NULL);

  breadcrumbs(w, "Users", "/users", NULL);
  page_begin(w, u->zDisplayName);
  grid_begin(w);
  saved_banner(w);
  error_summary(w);
  html_printf(b, "<span class=\"govuk-caption-l\">User</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              u->zDisplayName);
  html_raw(b, "<dl class=\"govuk-summary-list\">\n");
  summary_row(w, "Name", u->zDisplayName);
  summary_row(w, "Username", u->zUsername);
  summary_row(w, "Email", u->zEmail[0] ? u->zEmail : "Not known");
  summary_row(w, "Role", role_label(u->role));
  if (u->role == ROLE_IRO) summary_row(w, "IRO record", zIroName[0] ? zIroName : "Not linked");
  html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status</dt>"
              "<dd class=\"govuk-summary-list__value\">");
  status_tags(b, u->disabled, locked, u->mustChange);
  if (locked && !u->disabled) {
    html_printf(b, "<p class=\"govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0\">Locked after too many failed"
                   " sign-ins from %d network%h. They can still sign in from anywhere else.</p>",
                locked, locked == 1 ? "" : "s");
  }
  html_raw(b, "</dd></div>\n");
  if (added != DATE_NONE) {
    html_printf(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Added</dt>"
                   "<dd class=\"govuk-summary-list__value\">%D</dd></div>\n", added);
  }
  char zLast[32], zLastWords[64];
  user_last_signed_in(w->db, u->id, zLast);
  user_time_words(zLast, zLastWords, sizeof zLastWords);
  summary_row(w, "Last signed in", zLastWords);
  html_raw(b, "</dl>\n");

  html_raw(b, "<h2 class=\"govuk-heading-m\">Change name or email</h2>\n");
  form_begin(w, zAction);
  html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"details\">\n");
  input_text(w, "display_name", "Name", "As it should appear on records.", zName ? zName : u->zDisplayName, "off");
  input_text(w, "email", "Email address (optional)", NULL, zEmail ? zEmail : u->zEmail, "off");
  button(w, "Save name and email");
  form_end(w);

  /* Unlock: the person may be the one locked out (a mistyped password
  ** five times); an administrator lets them back in without a reset. */
  const char *zUnlockErr = errors_for(&w->err, "unlock");
  if (locked || zUnlockErr) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Unlock account</h2>\n");
    if (zUnlockErr) {
      /* The error summary links to #unlock: the button, or this when there is none. */
      html_raw(b, locked ? "<p class=\"govuk-error-message\">" : "<p id=\"unlock\" class=\"govuk-error-message\">");
      html_printf(b, "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n", zUnlockErr);
    }
    if (locked) {
      char *zUnlock = path_with("/users/", u->zUsername, "/unlock");
      html_raw(b, "<p class=\"govuk-body\">Check it was them who got their password wrong before unlocking.</p>\n");
      form_begin(w, zUnlock);
      html_raw(b, "<button type=\"submit\" id=\"unlock\" class=\"govuk-button govuk-button--secondary\""
                  " data-module=\"govuk-button\">Unlock</button>\n");
      form_end(w);
      free(zUnlock);
    }
  }

  /* Role. Taking away one's own administrator role would shut the door
  ** behind you, so it is left to another administrator. */
  html_raw(b, "<h2 class=\"govuk-heading-m\">Change role</h2>\n");
  if (self) {
    html_raw(b, "<p class=\"govuk-body\">You cannot change your own role. Ask another administrator.</p>\n");
  } else {
    char zIroNow[24] = "";
    if (u->iroId) snprintf(zIroNow, sizeof zIroNow, "%lld", (long long)u->iroId);
    form_begin(w, zAction);
    html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"role\">\n");
    role_fields(w, zRole ? zRole : role_name(u->role), zIro ? zIro : zIroNow, u->iroId);
    button(w, "Save role");
    form_end(w);
  }

  /* The password is reset to one nobody chose, as when a user is added:
  ** an administrator never knows anyone's password for good. */
  html_raw(b, "<h2 class=\"govuk-heading-m\">Reset password</h2>\n"
              "<p class=\"govuk-body\">Their current password stops working at once, and they are signed out"
              " everywhere.</p>\n");
  form_begin(w, zAction);
  html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"reset\">\n");
  input_radios(w, "how", "How will they get their new password?", NULL, azIssue, NULL, 0);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
              "Reset password</button>\n");
  form_end(w);

  const char *zAccountErr = errors_for(&w->err, "account");
  if (u->disabled) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Enable account</h2>\n"
                "<p class=\"govuk-body\">This account is disabled, so they cannot sign in. Enable it to let them"
                " sign in again with their password.</p>\n");
  } else {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Disable account</h2>\n");
  }
  if (zAccountErr) {
    html_printf(b, "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                zAccountErr);
  }
  if (u->disabled) {
    form_begin(w, zAction);
    html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"enable\">\n"
                "<button type=\"submit\" id=\"account\" class=\"govuk-button govuk-button--secondary\""
                " data-module=\"govuk-button\">Enable account</button>\n");
    form_end(w);
  } else if (self) {
    html_raw(b, "<p class=\"govuk-body\" id=\"account\">You cannot disable your own account. Ask another"
                " administrator.</p>\n");
  } else {
    warning_text(w, "They will not be able to sign in. Their records and audit history are kept.");
    form_begin(w, zAction);
    html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"disable\">\n"
                "<button type=\"submit\" id=\"account\" class=\"govuk-button govuk-button--warning\""
                " data-module=\"govuk-button\">Disable account</button>\n");
    form_end(w);
  }
  free(zAction);
  grid_end(w);
  page_end(w);
}

void page_user(Web *w) {
  User u;
  if (w->nArg < 1 || !user_get(w->db, w->azArg[0], &u)) {
    not_found(w);
    return;
  }
  user_page(w, &u, NULL, NULL, NULL, NULL);
}

void page_user_save(Web *w) {
  User u;
  if (w->nArg < 1 || !user_get(w->db, w->azArg[0], &u)) {
    not_found(w);
    return;
  }
  const char *zActor = w->sess.user.zUsername;
  const char *zAction = form_text(w, "action");
  const char *zSaved = "user";
  const char *zRole = NULL, *zIro = NULL, *zName = NULL, *zEmail = NULL;
  int self = u.id == w->sess.user.id;
  char *zErr = NULL;
  if (strcmp(zAction, "role") == 0) {
    zRole = form_text(w, "role");
    zIro = form_text(w, "iro");
    Role role = role_parse(zRole);
    int64_t iroId = 0;
    if (self) {
      errors_add(&w->err, "role", "You cannot change your own role. Ask another administrator.");
    } else if (role == ROLE_INVALID) {
      errors_add(&w->err, "role", "Select the person's role");
    } else if (role == ROLE_IRO && parse_iro_id(zIro, &iroId) != 0) {
      errors_add(&w->err, "iro", "Select the IRO record this user signs in as");
    }
    if (!w->err.n && user_set_role(w->db, u.zUsername, role, iroId, zActor, &zErr) != 0) {
      errors_add(&w->err, user_error_field(zErr ? zErr : "", "role"), "%s",
                 zErr ? zErr : "The role could not be saved. Try again.");
    }
  } else if (strcmp(zAction, "details") == 0) {
    zSaved = "details";
    zName = form_text(w, "display_name");
    zEmail = form_text(w, "email");
    if (!*zName) errors_add(&w->err, "display_name", "Enter the person's name");
    if (!w->err.n && user_set_details(w->db, u.zUsername, zName, zEmail, zActor, &zErr) != 0) {
      errors_add(&w->err, user_error_field(zErr ? zErr : "", "display_name"), "%s",
                 zErr ? zErr : "The name and email could not be saved. Try again.");
    }
  } else if (strcmp(zAction, "reset") == 0) {
    PasswordIssue issue = parse_issue(form_text(w, "how"));
    char zSecret[USER_SECRET_MAX];
    if (!issue) {
      errors_add(&w->err, "how", "Select how they will get their new password");
    } else if (user_reset_password(w->db, u.zUsername, issue, zSecret, zActor, &zErr) != 0) {
      errors_add(&w->err, "how", "%s", zErr ? zErr : "The password could not be reset. Try again.");
    } else {
      /* Resetting one's own password ends one's own session too. */
      issued_page(w, &u, issue, zSecret, 0);
      memset(zSecret, 0, sizeof zSecret);
      free(zErr);
      return;
    }
  } else if (strcmp(zAction, "disable") == 0 || strcmp(zAction, "enable") == 0) {
    int disable = strcmp(zAction, "disable") == 0;
    if (disable && self) {
      errors_add(&w->err, "account", "You cannot disable your own account");
    } else if (user_set_disabled(w->db, u.zUsername, disable, zActor, &zErr) != 0) {
      errors_add(&w->err, "account", "%s", zErr ? zErr : "The account could not be changed. Try again.");
    }
  } else {
    /* Not one of our forms: show the page as it is rather than guess. */
    char *zHere = path_with("/users/", u.zUsername, NULL);
    redirect(w, zHere);
    free(zHere);
    return;
  }
  free(zErr);
  if (w->err.n) {
    w->resp->status = 200;
    user_page(w, &u, zRole, zIro, zName, zEmail);
    return;
  }
  char *zSuffix = xmprintf("?saved=%s", zSaved);
  char *zUrl = path_with("/users/", u.zUsername, zSuffix);
  redirect(w, zUrl);
  free(zUrl);
  free(zSuffix);
}

void page_user_unlock(Web *w) {
  User u;
  if (w->nArg < 1 || !user_get(w->db, w->azArg[0], &u)) {
    not_found(w);
    return;
  }
  char *zErr = NULL;
  int n = user_unlock(w->db, u.zUsername, w->sess.user.zUsername, w->req->zClient, &zErr);
  if (n > 0) {
    char *zUrl = path_with("/users/", u.zUsername, "?saved=unlocked");
    redirect(w, zUrl);
    free(zUrl);
    return;
  }
  /* Nothing to unlock (the lock ran out, or another administrator was
  ** first): say so rather than show a success that did nothing. */
  errors_add(&w->err, "unlock", "%s", n == 0 ? "This account is not locked" : zErr ? zErr : "The account could not be unlocked. Try again.");
  free(zErr);
  w->resp->status = 200;
  user_page(w, &u, NULL, NULL, NULL, NULL);
}

/* ---- Your own password ------------------------------------------------------ */

static void account_password_form(Web *w) {
  Buf *b = w->out;
  page_begin(w, "Change your password");
  if (!w->sess.user.mustChange) back_link(w, "/");
  grid_begin(w);
  saved_banner(w);
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Change your password</h1>\n");
  if (w->sess.user.mustChange) {
    html_raw(b, "<div class=\"govuk-inset-text\">You signed in with a temporary password. Choose a new one that"
                " only you know before you carry on.</div>\n");
  }
  form_begin(w, "/account/password");
  input_password(w, "current", w->sess.user.mustChange ? "Temporary password" : "Current password", NULL,
                 "current-password");
  input_password(w, "password", "New password", "At least 12 characters. A few unrelated words make a good one.",
                 "new-password");
  input_password(w, "password2", "Type the new password again", NULL, "new-password");
  button(w, "Change password");
  form_end(w);
  grid_end(w);
  page_end(w);
}

void page_account_password(Web *w) { account_password_form(w); }

void page_account_password_save(Web *w) {
  const char *zCurrent = http_form(w->req, "current");
  if (!zCurrent || !*zCurrent) {
    errors_add(&w->err, "current", "Enter your %s password", w->sess.user.mustChange ? "temporary" : "current");
  }
  const char *zNew = passwords_checked(w, "Enter a new password");
  if (!w->err.n) {
    char *zErr = NULL;
    if (user_change_own_password(w->db, w->sess.user.id, zCurrent, zNew, w->sess.zId, w->req->zClient, &zErr) == 0) {
      /* Someone who had to change it goes on to what they came for: their home page. */
      redirect(w, w->sess.user.mustChange ? "/?saved=own-password" : "/account/password?saved=own-password");
      return;
    }
    errors_add(&w->err, zErr && strncmp(zErr, "Your current", 12) == 0 ? "current" : "password", "%s",
               zErr ? zErr : "Your password could not be changed. Try again.");
    free(zErr);
  }
  w->resp->status = 200;
  account_password_form(w);
}

/* ---- Your own emails ------------------------------------------------------- */

/* Email digests are each person's to turn off (docs/mail.md); emails
** about something addressed to them are not, so the page says so. */
static void account_emails_form(Web *w, int value) {
  Buf *b = w->out;
  User u;
  if (!user_get_by_id(w->db, w->sess.user.id, &u)) u = w->sess.user;
  page_begin(w, "Your emails");
  back_link(w, "/");
  grid_begin(w);
  saved_banner(w);
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Your emails</h1>\n");
  if (u.zEmail[0]) {
    html_printf(b, "<p class=\"govuk-body\">Oversight emails you at <strong>%h</strong>. To change it, ask your"
                   " administrator.</p>\n", u.zEmail);
  } else {
    html_raw(b, "<p class=\"govuk-body\">Oversight has no email address for you, so it sends you no emails. Your"
                " administrator can add one.</p>\n");
  }
  form_begin(w, "/account/emails");
  input_yesno(w, "digests", "Do you want email digests?",
              "A digest is an email each working day saying how many items on your caseload are overdue or due,"
              " with links. Emails about something you need to act on, such as a link to set your password,"
              " are sent whatever you choose.",
              value < 0 ? u.emailDigests : value);
  button(w, "Save");
  form_end(w);
  grid_end(w);
  page_end(w);
}

void page_account_emails(Web *w) { account_emails_form(w, -1); }

void page_account_emails_save(Web *w) {
  const char *z = form_text(w, "digests");
  int on = strcmp(z, "yes") == 0 ? 1 : strcmp(z, "no") == 0 ? 0 : -1;
  if (on < 0) {
    errors_add(&w->err, "digests", "Select yes if you want email digests");
  } else {
    char *zErr = NULL;
    if (user_set_digests(w->db, w->sess.user.zUsername, on, w->sess.user.zUsername, &zErr) == 0) {
      redirect(w, on ? "/account/emails?saved=digests-on" : "/account/emails?saved=digests-off");
      return;
    }
    errors_add(&w->err, "digests", "%s", zErr ? zErr : "Your choice could not be saved. Try again.");
    free(zErr);
    w->resp->status = 503;
  }
  if (w->resp->status < 400) w->resp->status = 200;
  account_emails_form(w, on);
}

/* ---- A one-time link --------------------------------------------------------- */

static void link_dead(Web *w) {
  w->resp->status = 410;
  page_begin(w, "This link no longer works");
  grid_begin(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">This link no longer works</h1>\n"
                   "<p class=\"govuk-body\">It has been used already, it has expired, or a newer link was sent."
                   " Ask your administrator for a new one.</p>\n"
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login\">Go to sign in</a></p>\n");
  grid_end(w);
  page_end(w);
}

static void password_set_form(Web *w, const User *u, const char *zToken) {
  Buf *b = w->out;
  page_begin(w, "Set your password");
  grid_begin(w);
  error_summary(w);
  html_printf(b, "<h1 class=\"govuk-heading-l\">Set your password</h1>\n"
                 "<p class=\"govuk-body\">You are setting the password for <strong>%h</strong> (%h). This link works"
                 " once.</p>\n", u->zUsername, u->zDisplayName);
  html_raw(b, "<form method=\"post\" action=\"/password/set\" novalidate>\n");
  html_printf(b, "<input type=\"hidden\" name=\"token\" value=\"%h\">\n", zToken);
  /* The username, for password managers to file the new password under. */
  html_printf(b, "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"%h\">\n",
              u->zUsername);
  input_password(w, "password", "New password", "At least 12 characters. A few unrelated words make a good one.",
                 "new-password");
  input_password(w, "password2", "Type the new password again", NULL, "new-password");
  button(w, "Set password");
  html_raw(b, "</form>\n");
  grid_end(w);
  page_end(w);
}

void page_password_set(Web *w) {
  const char *zToken = http_query(w->req, "token");
  User u;
  if (!zToken || !password_token_check(w->db, zToken, &u)) {
    link_dead(w);
    return;
  }
  password_set_form(w, &u, zToken);
}

void page_password_set_save(Web *w) {
  if (!web_same_origin(w)) {
    forbidden(w);
    return;
  }
  const char *zToken = form_text(w, "token");
  User u;
  if (!password_token_check(w->db, zToken, &u)) {
    link_dead(w);
    return;
  }
  const char *zNew = passwords_checked(w, "Enter a new password");
  if (!w->err.n) {
    char *zErr = NULL;
    if (password_token_use(w->db, zToken, zNew, w->req->zClient, &zErr) == 0) {
      redirect(w, "/login?saved=password-set");
      return;
    }
    errors_add(&w->err, "password", "%s", zErr ? zErr : "Your password could not be set. Try again.");
    free(zErr);
  }
  w->resp->status = 200;
  password_set_form(w, &u, zToken);
}

