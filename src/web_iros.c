/*
** web_iros.c: the IROs and localities a council keeps itself (issue 15),
** for the administrator and the QA manager: a list, adding and changing an
** IRO (FTE, other duties, localities, start and left dates), and adding and
** renaming localities. Caseloads against capacity stay on /service; this
** is the staff record behind them.
*/
#include "web.h"
#include "iros.h"
#include "localities.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared pieces ---------------------------------------------------------- */

static void back_link(Web *w, const char *zHref) {
  html_printf(w->out, "<a href=\"%h\" class=\"govuk-back-link\">Back</a>\n", zHref);
}

static void grid_begin(Web *w) {
  html_raw(w->out, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
}

static void grid_end(Web *w) { html_raw(w->out, "</div>\n</div>\n"); }

static void summary_row(Web *w, const char *zKey, const char *zValue) {
  html_printf(w->out,
              "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
              "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n",
              zKey, zValue);
}

/* The id in the first "{}" of the path, or 0 after a 404. */
static int64_t path_id(Web *w) {
  long id;
  if (w->nArg < 1 || parse_int(w->azArg[0], 1, 2000000000L, &id) != 0) {
    not_found(w);
    return 0;
  }
  return id;
}

/* "60 children for each full-time IRO": the rule, as the hints say it. */
static int per_fte(void) { return core_rules()->caseloadAmber->amount; }

/* ---- The list of IROs --------------------------------------------------------- */

/* Three columns, the localities beside the name and the FTE beside the
** capacity, so the list fits a phone 320 pixels wide; the downloads are
** the same table, as every page's are (web_tables.c). */
enum { IP_NAME, IP_CAP, IP_STATUS, IP_N };
static const RColumn aIpCol[IP_N] = {
  {"name", "IRO and localities", RCOL_TEXT, 40},
  {"capacity", "Capacity", RCOL_TEXT, 20},
  {"status", "Status", RCOL_TEXT, 26},
};

void page_iros(Web *w) {
  IroList *l = iros_load_names(w->db);
  if (l->readError) {
    iros_free(l);
    return;   /* noted on the connection: the skeleton's error page */
  }
  PageTables pt = {0};
  RTable *t = page_table(&pt, "IROs", "IROs", "There are no IROs yet. Add the first one.", aIpCol, IP_N);
  for (int i = 0; i < l->n; i++) {
    const Iro *r = &l->a[i];
    char zHref[48], zFte[32], zStatus[64];
    snprintf(zHref, sizeof zHref, "/iros/%lld/edit", (long long)r->id);
    snprintf(zFte, sizeof zFte, "%g", r->fte);
    char *zLoc = iro_locality_names(w->db, r, ", ");
    if (!zLoc) zLoc = xstrdup("");   /* noted on the connection: the skeleton's error page */
    iro_status_words(r, w->today, zStatus, sizeof zStatus);
    rtable_row(t);
    char *zName = *zLoc ? xmprintf("%s (%s)", r->zName, zLoc) : xstrdup(r->zName);
    rtable_text(t, IP_NAME, zName);
    free(zName);
    Buf h = {0};
    html_printf(&h, "<a class=\"govuk-link\" href=\"%h\">%h</a>", zHref, r->zName);
    if (*zLoc) html_printf(&h, "<br><span class=\"govuk-body-s\">%h</span>", zLoc);
    rtable_html(t, IP_NAME, h.z);
    buf_free(&h);
    char zCap[80];
    snprintf(zCap, sizeof zCap, "%d children (%s FTE)", iro_capacity(r), zFte);
    rtable_text(t, IP_CAP, zCap);
    rtable_text(t, IP_STATUS, zStatus);
    free(zLoc);
  }
  snprintf(pt.azTitle[0], sizeof pt.azTitle[0], "%d %s", t->nRow, t->nRow == 1 ? "IRO" : "IROs");
  iros_free(l);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "iros");
    page_tables_free(&pt);
    return;
  }
  Buf *b = w->out;
  page_begin(w, "IROs");
  saved_banner(w);
  html_printf(b, "<h1 class=\"govuk-heading-l\">IROs</h1>\n"
                 "<p class=\"govuk-body\">Every reviewing officer, with their capacity: %d children for each full-time"
                 " equivalent (FTE), less their other duties. To change an IRO's details or record the date they"
                 " leave, select their name. Caseloads against capacity are on the"
                 " <a class=\"govuk-link\" href=\"/service\">service dashboard</a>.</p>\n"
                 "<div class=\"govuk-button-group\">\n"
                 "<a href=\"/iros/new\" role=\"button\" draggable=\"false\" class=\"govuk-button\""
                 " data-module=\"govuk-button\">Add an IRO</a>\n"
                 "<a class=\"govuk-link\" href=\"/localities\">Localities</a>\n</div>\n", per_fte());
  reports_table_html(t, b, 1);
  if (t->nRow) download_links(w, "/iros", pt.n);
  page_end(w);
  page_tables_free(&pt);
}

/* ---- Adding and changing an IRO ------------------------------------------------- */

/* What the form shows: the record, or what was typed when it comes back. */
typedef struct IroForm {
  const char *zName, *zEmail, *zFte, *zDuties;
  int64_t *aLoc;
  int nLoc;
  Date start, left;
} IroForm;

static int has_id(const int64_t *a, int n, int64_t id) {
  for (int i = 0; i < n; i++) {
    if (a[i] == id) return 1;
  }
  return 0;
}

/* The localities as GOV.UK checkboxes; the first carries the field's id so
** the error summary lands on it. */
static void locality_checkboxes(Web *w, const IroForm *f) {
  Buf *b = w->out;
  Locality *a;
  int n = localities_list(w->db, &a);
  if (n < 0) n = 0;   /* noted on the connection: the skeleton's error page */
  const char *zErr = errors_for(&w->err, "localities");
  html_printf(b, "<div class=\"govuk-form-group%h\">\n<fieldset class=\"govuk-fieldset\""
                 " aria-describedby=\"localities-hint%h\">\n"
                 "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Localities they serve</legend>\n",
              zErr ? " govuk-form-group--error" : "", zErr ? " localities-error" : "");
  html_raw(b, "<div id=\"localities-hint\" class=\"govuk-hint\">Select all that apply. A new child is suggested an"
              " IRO who serves their locality.</div>\n");
  if (zErr) {
    html_printf(b, "<p id=\"localities-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                   "Error:</span> %h</p>\n", zErr);
  }
  if (!n) {
    html_raw(b, "<p class=\"govuk-body\" id=\"localities\">There are no localities yet. "
                "<a class=\"govuk-link\" href=\"/localities\">Add the council's localities</a> first, or save the IRO"
                " now and choose them later.</p>\n");
  } else {
    html_raw(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">\n");
    for (int i = 0; i < n; i++) {
      char zId[40];
      if (i == 0) snprintf(zId, sizeof zId, "localities");
      else snprintf(zId, sizeof zId, "localities-%d", i + 1);
      html_printf(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%h\""
                     " name=\"localities\" type=\"checkbox\" value=\"%d\"%h>"
                     "<label class=\"govuk-label govuk-checkboxes__label\" for=\"%h\">%h</label></div>\n",
                  zId, (int)a[i].id, has_id(f->aLoc, f->nLoc, a[i].id) ? " checked" : "", zId, a[i].zName);
    }
    html_raw(b, "</div>\n");
  }
  html_raw(b, "</fieldset>\n</div>\n");
  localities_free(a, n);
}

/* The form for a new IRO (cur NULL) or a change to cur. */
static void iro_form(Web *w, const Iro *cur, const IroForm *f) {
  Buf *b = w->out;
  char *zTitle = cur ? xmprintf("Change %s's details", cur->zName) : xstrdup("Add an IRO");
  page_begin(w, zTitle);
  back_link(w, "/iros");
  grid_begin(w);
  saved_banner(w);
  error_summary(w);
  if (cur) html_raw(b, "<span class=\"govuk-caption-l\">IRO</span>\n");
  html_printf(b, "<h1 class=\"govuk-heading-l\">%h</h1>\n", cur ? cur->zName : "Add an IRO");
  if (cur) {
    char zCap[80], zStatus[64], zNow[24];
    snprintf(zCap, sizeof zCap, "%d children (%d for each FTE, less other duties)", iro_capacity(cur), per_fte());
    snprintf(zNow, sizeof zNow, "%d", cur->caseload);
    html_raw(b, "<dl class=\"govuk-summary-list\">\n");
    summary_row(w, "Capacity", zCap);
    summary_row(w, "Children allocated now", zNow);
    summary_row(w, "Status", iro_status_words(cur, w->today, zStatus, sizeof zStatus));
    html_raw(b, "</dl>\n");
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/iros/%d\">See %h's children</a></p>\n",
                (int)cur->id, cur->zName);
    if (cur->left != DATE_NONE) {
      /* Leaving moves nobody: each child's new IRO is chosen by a person. */
      IroChild *a;
      int n = iro_open_allocations(w->db, cur->id, &a);
      if (n < 0) {
        /* Noted on the connection: the skeleton answers with its error page. */
      } else if (n) {
        char zL[24];
        html_printf(b, "<h2 class=\"govuk-heading-m\">Children to reallocate</h2>\n"
                       "<p class=\"govuk-body\">%h %h on %h. %d child%h still allocated to them. Choose a new IRO"
                       " for each:</p>\n<ul class=\"govuk-list govuk-list--bullet\">\n",
                    cur->zName, cur->left <= w->today ? "left" : "leaves", date_long(cur->left, zL), n,
                    n == 1 ? " is" : "ren are");
        for (int i = 0; i < n; i++) {
          html_printf(b, "<li><a class=\"govuk-link\" href=\"/children/%u/allocation\">%h %h<span"
                         " class=\"govuk-visually-hidden\">: choose a new IRO</span></a> (ID %h)</li>\n",
                      a[i].zRef, a[i].zGiven, a[i].zFamily, a[i].zRef);
        }
        html_raw(b, "</ul>\n");
      }
      iro_children_free(a, n);
    }
    html_raw(b, "<h2 class=\"govuk-heading-m\">Details</h2>\n");
  }
  char zAction[48];
  if (cur) snprintf(zAction, sizeof zAction, "/iros/%lld", (long long)cur->id);
  else snprintf(zAction, sizeof zAction, "/iros");
  form_begin(w, zAction);
  input_text(w, "name", "Full name", NULL, f->zName, "off");
  input_text(w, "email", "Email address (optional)", "For example, sam.patel@example.gov.uk", f->zEmail, "off");
  char zHint[200];
  snprintf(zHint, sizeof zHint, "1 is full time, 0.8 is four days a week. More than 0 and at most 1.5. Each FTE is"
                                " capacity for %d children.", per_fte());
  input_text(w, "fte", "Full-time equivalent (FTE)", zHint, f->zFte, "off");
  input_text(w, "other_duties", "Other duties, in children", "Work that takes up capacity, such as Regulation 44"
             " visits, counted as the number of children it stands for. 0 for none.", f->zDuties, "off");
  locality_checkboxes(w, f);
  input_date(w, "start_date", "Start date (optional)", "The day they started as an IRO. For example, 5 1 2026.",
             f->start);
  if (cur) {
    input_date(w, "left_date", "Date they leave (optional)",
               "From this day they are not suggested or allocated new children. Their children stay with them"
               " until you reallocate each one. Leave it empty while they work here.", f->left);
  }
  html_raw(b, "<div class=\"govuk-button-group\">\n");
  button(w, cur ? "Save changes" : "Add IRO");
  html_raw(b, "<a class=\"govuk-link\" href=\"/iros\">Cancel</a>\n</div>\n");
  form_end(w);
  grid_end(w);
  page_end(w);
  free(zTitle);
}

void page_iro_new(Web *w) {
  IroForm f = {"", "", "1", "0", NULL, 0, DATE_NONE, DATE_NONE};
  iro_form(w, NULL, &f);
}

void page_iro_edit(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  Iro cur;
  if (!iro_load_one(w->db, id, w->today, &cur)) {
    not_found(w);
    return;
  }
  char zFte[32], zDuties[16];
  snprintf(zFte, sizeof zFte, "%g", cur.fte);
  snprintf(zDuties, sizeof zDuties, "%d", cur.otherDuties);
  IroForm f = {cur.zName, cur.zEmail, zFte, zDuties, cur.aLocality, cur.nLocality, cur.start, cur.left};
  iro_form(w, &cur, &f);
  iro_clear(&cur);
}

/* Read the form, save, and redirect; or show it again with the errors. */
static void iro_post(Web *w, int64_t id) {
  Iro cur;
  memset(&cur, 0, sizeof cur);
  if (id && !iro_load_one(w->db, id, w->today, &cur)) {
    not_found(w);
    return;
  }
  int64_t *aLoc = xmalloc((size_t)(w->req->nForm + 1) * sizeof *aLoc);
  int nLoc = 0;
  for (int i = 0; i < w->req->nForm; i++) {
    long v;
    if (strcmp(w->req->aForm[i].zName, "localities") != 0) continue;
    if (parse_int(w->req->aForm[i].zValue, 1, 2000000000L, &v) != 0) {
      errors_add(&w->err, "localities", "Select the localities the IRO serves from the list");
      continue;
    }
    aLoc[nLoc++] = v;
  }
  Date start = form_date(w, "start_date", "the start date", 0);
  Date left = id ? form_date(w, "left_date", "the date they leave", 0) : DATE_NONE;
  IroForm f = {form_text(w, "name"), form_text(w, "email"), form_text(w, "fte"), form_text(w, "other_duties"),
               aLoc, nLoc, start, left};
  IroInput in = {f.zName, f.zEmail, f.zFte, f.zDuties, aLoc, nLoc, start, left, 0};
  /* The form's own errors (a date that is not one) stop the save too. */
  int64_t saved = iro_save(w->db, id, &in, w->sess.user.zUsername, &w->err, NULL);
  if (saved) {
    char zUrl[64];
    if (id) snprintf(zUrl, sizeof zUrl, "/iros/%lld/edit?saved=iro", (long long)saved);
    else snprintf(zUrl, sizeof zUrl, "/iros?saved=iro-added");
    redirect(w, zUrl);
  } else {
    w->resp->status = 200;
    iro_form(w, id ? &cur : NULL, &f);
  }
  free(aLoc);
  iro_clear(&cur);
}

void page_iro_create(Web *w) { iro_post(w, 0); }

void page_iro_save(Web *w) {
  int64_t id = path_id(w);
  if (id) iro_post(w, id);
}

/* ---- Localities -------------------------------------------------------------------- */

enum { LO_NAME, LO_IROS, LO_CHILDREN, LO_N };
static const RColumn aLoCol[LO_N] = {
  {"locality", "Locality", RCOL_TEXT, 30},
  {"iros", "IROs", RCOL_INT, 8},
  {"children", "Children", RCOL_INT, 10},
};

/* The page; zAdd is what was typed in the add form when it comes back. */
static void localities_page(Web *w, const char *zAdd) {
  Locality *a;
  int n = localities_list(w->db, &a);
  if (n < 0) return;   /* noted on the connection: the skeleton's error page */
  PageTables pt = {0};
  RTable *t = page_table(&pt, "Localities", "Localities", "There are no localities yet. Add the first one below.",
                         aLoCol, LO_N);
  for (int i = 0; i < n; i++) {
    rtable_row(t);
    rtable_text(t, LO_NAME, a[i].zName);
    rtable_num(t, LO_IROS, a[i].nIro);
    rtable_num(t, LO_CHILDREN, a[i].nChild);
  }
  snprintf(pt.azTitle[0], sizeof pt.azTitle[0], "%d %s", n, n == 1 ? "locality" : "localities");
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "localities");
    page_tables_free(&pt);
    localities_free(a, n);
    return;
  }
  Buf *b = w->out;
  page_begin(w, "Localities");
  back_link(w, "/iros");
  saved_banner(w);
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Localities</h1>\n"
              "<p class=\"govuk-body\">The areas the council's children live in. Each IRO serves some of them, and"
              " a new child is suggested an IRO who serves their locality. A locality is never deleted: renaming"
              " it keeps its children and IROs.</p>\n");
  reports_table_html(t, b, 1);
  if (n) download_links(w, "/localities", pt.n);

  grid_begin(w);
  html_raw(b, "<h2 class=\"govuk-heading-m\">Add a locality</h2>\n");
  form_begin(w, "/localities");
  input_text(w, "name", "Name of the locality", "For example, North", zAdd, "off");
  button(w, "Add locality");
  form_end(w);
  if (n) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Rename a locality</h2>\n");
    for (int i = 0; i < n; i++) {
      char zField[40], zAction[48];
      snprintf(zField, sizeof zField, "rename-%lld", (long long)a[i].id);
      snprintf(zAction, sizeof zAction, "/localities/%lld", (long long)a[i].id);
      const char *zErr = errors_for(&w->err, zField);
      /* Open when it comes back with an error, so the message is seen. */
      html_printf(b, "<details class=\"govuk-details\"%h>\n<summary class=\"govuk-details__summary\">"
                     "<span class=\"govuk-details__summary-text\">Rename %h</span></summary>\n"
                     "<div class=\"govuk-details__text\">\n", zErr ? " open" : "", a[i].zName);
      form_begin(w, zAction);
      const char *zTyped = http_form(w->req, zField);
      char *zLabel = xmprintf("New name for %s", a[i].zName);
      input_text(w, zField, zLabel, NULL, zTyped ? zTyped : a[i].zName, "off");
      free(zLabel);
      button(w, "Save name");
      form_end(w);
      html_raw(b, "</div>\n</details>\n");
    }
  }
  grid_end(w);
  page_end(w);
  page_tables_free(&pt);
  localities_free(a, n);
}

void page_localities(Web *w) { localities_page(w, ""); }

void page_locality_create(Web *w) {
  const char *zName = form_text(w, "name");
  if (locality_add(w->db, zName, w->sess.user.zUsername, &w->err, "name")) {
    redirect(w, "/localities?saved=locality");
    return;
  }
  w->resp->status = 200;
  localities_page(w, zName);
}

void page_locality_save(Web *w) {
  int64_t id = path_id(w);
  if (!id) return;
  char *zOld = locality_name(w->db, id);
  if (!zOld) {
    not_found(w);
    return;
  }
  free(zOld);
  char zField[40];
  snprintf(zField, sizeof zField, "rename-%lld", (long long)id);
  if (locality_rename(w->db, id, form_text(w, zField), w->sess.user.zUsername, &w->err, zField) == 0) {
    redirect(w, "/localities?saved=locality-renamed");
    return;
  }
  w->resp->status = 200;
  localities_page(w, "");
}
