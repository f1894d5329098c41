/*
** web_retention.c: data protection pages (docs/data-protection.md).
**   /admin/retention            records past retention (an administrator)
**   /admin/retention/{kind}/{id} one record: its rule and date; destroy it
**   /lado/cases/{id}/destroy    the same for a LADO case (the Designated
**                               Officer: an administrator never sees LADO)
**   /admin/sar, /lado/sar       a subject access copy as one HTML download:
**   /private-fostering/sar,     a child's, a LADO adult's, a privately
**   /admin/sar/staff            fostered child's or carer's, staff's
** Every view is audited; a destruction is confirmed by ticking a box, then
** done by retention_destroy in one transaction.
*/
#include "web.h"
#include "audit.h"
#include "retention.h"
#include "rules.h"
#include "sar.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds an administrator destroys here (a LADO case is the Designated
** Officer's). */
#define ADMIN_KINDS ((1u << RET_CHILD) | (1u << RET_PF) | (1u << RET_HOME))

/* The audit record a kind's record is filed under (as retention_destroy). */
static char *record_name(const RetRecord *r) {
  static const char *const azPrefix[RET_N_KIND] = {[RET_CHILD] = "child", [RET_PF] = "pf", [RET_HOME] = "home",
                                                   [RET_LADO] = "lado"};
  return xmprintf("%s:%s", azPrefix[r->kind], r->zNumber);
}

static void read_failed(Web *w) {
  w->resp->status = 500;
  w->resp->zType = "text/plain; charset=utf-8";
  buf_reset(w->out);
  buf_puts(w->out, "Oversight could not read its records, so this page is not shown rather than shown incomplete.\n");
}

static const char *rule_words(const char *zRule) {
  for (int i = 0; i < rules_count(); i++) {
    if (strcmp(rules_at(i)->zName, zRule) == 0) return rules_at(i)->zDescription;
  }
  return zRule;
}

/* ---- The list ------------------------------------------------------------------ */

void page_retention(Web *w) {
  RetList l, lado;
  RetOthers o;
  if (!audit_view(w, "retention.view", "retention")) return;
  if (retention_due(w->db, w->today, ADMIN_KINDS, &l) != 0) {
    read_failed(w);
    return;
  }
  if (retention_due(w->db, w->today, 1u << RET_LADO, &lado) != 0 || retention_others(w->db, w->today, &o) != 0) {
    retention_list_free(&l);
    read_failed(w);
    return;
  }
  Buf *b = w->out;
  page_begin(w, "Records due for destruction");
  saved_banner(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Records due for destruction</h1>\n"
              "<p class=\"govuk-body\">Records kept for as long as their retention rule says, and no longer (UK GDPR)."
              " Nothing is destroyed automatically: open each record, check it is not needed for a complaint,"
              " an inquiry or legal proceedings, and destroy it. A destruction record is kept in its place."
              " The rules are on the <a class=\"govuk-link\" href=\"/rules\">timescales page</a>.</p>\n"
              "<p class=\"govuk-body\">To answer a child's subject access request, "
              "<a class=\"govuk-link\" href=\"/admin/sar\">make a copy of everything held about them</a>;"
              " for a member of staff's, <a class=\"govuk-link\" href=\"/admin/sar/staff\">make a copy of their"
              " account and the records naming them</a>; for a privately fostered child's or their carer's,"
              " <a class=\"govuk-link\" href=\"/private-fostering/sar\">make a copy of every arrangement naming"
              " them</a>.</p>\n");
  char zDate[24];
  if (l.n == 0) {
    html_printf(b, "<p class=\"govuk-body\">No records are past their retention today (%D).</p>\n", (int)w->today);
  } else {
    html_raw(b, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"Records due for destruction\" tabindex=\"0\">\n"
                "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                "Past their retention</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Record</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Whose</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Destruction date</th>"
                "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action</span></th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (int i = 0; i < l.n; i++) {
      const RetRecord *r = &l.a[i];
      html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h %h</td>"
                     "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%h</td>"
                     "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/admin/retention/%h/%lld\">"
                     "Review<span class=\"govuk-visually-hidden\"> %h</span></a></td></tr>\n",
                  retention_kind_words(r->kind), r->zNumber, r->zWhat, date_long(r->due, zDate),
                  retention_kind_code(r->kind), (long long)r->id, r->zWhat);
    }
    html_raw(b, "</tbody>\n</table>\n</div>\n");
  }
  html_raw(b, "<h2 class=\"govuk-heading-m\">Other records</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
  if (lado.n) {
    html_printf(b, "<li>%lld closed LADO case%h past the date of its retention review. The Designated Officer reviews"
                   " them on the LADO pages, and keeps or destroys each one.</li>\n",
                (long long)lado.n, lado.n == 1 ? " is" : "s are");
  } else {
    html_raw(b, "<li>No LADO case is past the date of its retention review.</li>\n");
  }
  html_printf(b, "<li>The audit log: %lld entr%h written before %D, older than its retention rule. The audit log cannot be"
                 " changed, so these entries are not destroyed yet (see the data protection guide).</li>\n",
              (long long)o.nAudit, o.nAudit == 1 ? "y was" : "ies were", (int)o.auditBefore);
  html_printf(b, "<li>Sign-in sessions: %lld ended session%h not yet deleted; they are deleted at the next sign-in.</li>\n"
                 "</ul>\n", (long long)o.nSessions, o.nSessions == 1 ? " is" : "s are");
  retention_list_free(&l);
  retention_list_free(&lado);

  /* The latest destructions: what, when, by whom, under which rule. */
  Stmt *s = db_query(w->db, "SELECT d.record_type, d.record_number, d.destroyed_at, coalesce(u.display_name, d.destroyed_by),"
                            " d.rule_name FROM retention_destruction d LEFT JOIN users u ON u.username = d.destroyed_by"
                            " WHERE d.record_type <> 'lado' ORDER BY d.id DESC LIMIT 50", "");
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (n++ == 0) {
      html_raw(b, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"Records destroyed\" tabindex=\"0\">\n"
                  "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                  "Destroyed (latest 50)</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                  "<th scope=\"col\" class=\"govuk-table__header\">Record</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">By</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Rule</th></tr></thead>\n"
                  "<tbody class=\"govuk-table__body\">\n");
    }
    RetKind k = RET_CHILD;
    retention_kind_parse(db_col_text(s, 0), &k);
    char zWhen[64];
    user_time_words(db_col_text(s, 2), zWhen, sizeof zWhen);
    html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h %h</td>"
                   "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%h</td>"
                   "<td class=\"govuk-table__cell\">%h</td></tr>\n",
                retention_kind_words(k), db_col_text(s, 1), zWhen, db_col_text(s, 3), rule_words(db_col_text(s, 4)));
  }
  db_finalize(s);
  if (n) html_raw(b, "</tbody>\n</table>\n</div>\n");
  if (rc != DB_DONE) {
    read_failed(w);
    return;
  }
  page_end(w);
}

/* ---- One record: check, then destroy --------------------------------------------- */

/* The record's page: what it is, its rule and date, and (when past) the
** confirmation form posting to zAction. zBack: where "cancel" goes. */
static void record_page(Web *w, const RetRecord *r, const char *zAction, const char *zBack) {
  Buf *b = w->out;
  char zTitle[120];
  snprintf(zTitle, sizeof zTitle, "Destroy %s", retention_kind_words(r->kind));
  page_begin(w, zTitle);
  error_summary(w);
  html_printf(b, "<span class=\"govuk-caption-l\">%h %h</span>\n<h1 class=\"govuk-heading-l\">%h</h1>\n",
              retention_kind_words(r->kind), r->zNumber, r->zWhat);
  html_printf(b, "<dl class=\"govuk-summary-list\">\n"
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Record</dt>"
                 "<dd class=\"govuk-summary-list__value\">%h %h</dd></div>\n"
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Rule</dt>"
                 "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Counted from</dt>"
                 "<dd class=\"govuk-summary-list__value\">%D</dd></div>\n"
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Destruction date</dt>"
                 "<dd class=\"govuk-summary-list__value\">%D</dd></div>\n</dl>\n",
              retention_kind_words(r->kind), r->zNumber, rule_words(r->zRule), (int)r->from, (int)r->due);
  if (r->due > w->today) {
    html_printf(b, "<div class=\"govuk-inset-text\">This record is kept until %D. It cannot be destroyed before then.</div>\n"
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%h\">Back</a></p>\n",
                (int)r->due, zBack);
    page_end(w);
    return;
  }
  html_raw(b, "<div class=\"govuk-warning-text\">\n<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\n"
              "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span> "
              "Destroying deletes this record and everything recorded with it. It cannot be undone. A destruction"
              " record is kept in its place: what it was, when, by whom and under which rule.</strong>\n</div>\n");
  form_begin(w, zAction);
  const char *zErr = errors_for(&w->err, "confirm");
  html_printf(b, "<div class=\"govuk-form-group%h\">\n<fieldset class=\"govuk-fieldset\"%h>\n"
                 "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Before destroying it</legend>\n",
              zErr ? " govuk-form-group--error" : "", zErr ? " aria-describedby=\"confirm-error\"" : "");
  if (zErr) {
    html_printf(b, "<p id=\"confirm-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                zErr);
  }
  html_raw(b, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n<div class=\"govuk-checkboxes__item\">\n"
              "<input class=\"govuk-checkboxes__input\" id=\"confirm\" name=\"confirm\" type=\"checkbox\" value=\"yes\">\n"
              "<label class=\"govuk-label govuk-checkboxes__label\" for=\"confirm\">I have checked this record and it is not"
              " needed for a complaint, an inquiry or legal proceedings</label>\n</div>\n</div>\n</fieldset>\n</div>\n");
  html_raw(b, "<div class=\"govuk-button-group\">\n<button type=\"submit\" class=\"govuk-button govuk-button--warning\""
              " data-module=\"govuk-button\">Destroy this record</button>\n");
  html_printf(b, "<a class=\"govuk-link\" href=\"%h\">Cancel</a>\n</div>\n", zBack);
  form_end(w);
  page_end(w);
}

/* The record named by the path, as the kinds in mask allow: 1 with *r set,
** else 0 with the 404 (or error) page written. */
static int path_record(Web *w, RetKind k, const char *zId, unsigned mask, RetRecord *r) {
  long id;
  if (!(mask & (1u << k)) || parse_int(zId, 1, 0x7fffffffL, &id) != 0) {
    not_found(w);
    return 0;
  }
  int found = retention_get(w->db, k, id, r);
  if (found < 0) read_failed(w);
  else if (found == 0) not_found(w);
  return found > 0;
}

static int admin_record(Web *w, RetRecord *r) {
  RetKind k;
  if (retention_kind_parse(w->azArg[0], &k) != 0) {
    not_found(w);
    return 0;
  }
  return path_record(w, k, w->azArg[1], ADMIN_KINDS, r);
}

void page_retention_record(Web *w) {
  RetRecord r;
  if (!admin_record(w, &r)) return;
  char *zRec = record_name(&r);
  int ok = audit_view(w, "retention.view", zRec);
  free(zRec);
  if (ok) {
    char *zAction = xmprintf("/admin/retention/%s/%lld", retention_kind_code(r.kind), (long long)r.id);
    record_page(w, &r, zAction, "/admin/retention");
    free(zAction);
  }
  retention_record_clear(&r);
}

/* Check the box, destroy, and go back to zDone; or the page again with
** what is wrong. */
static void destroy(Web *w, const RetRecord *r, const char *zAction, const char *zBack, const char *zDone) {
  if (strcmp(form_text(w, "confirm"), "yes") != 0) {
    errors_add(&w->err, "confirm", "Confirm that you have checked the record before destroying it");
    record_page(w, r, zAction, zBack);
    return;
  }
  char *zErr = NULL;
  if (retention_destroy(w->db, r->kind, r->id, w->today, w->sess.user.zUsername, w->req->zClient, &zErr) != 0) {
    errors_add(&w->err, "confirm", "%s", zErr);
    free(zErr);
    record_page(w, r, zAction, zBack);
    return;
  }
  redirect(w, zDone);
}

void page_retention_destroy(Web *w) {
  RetRecord r;
  if (!admin_record(w, &r)) return;
  char *zAction = xmprintf("/admin/retention/%s/%lld", retention_kind_code(r.kind), (long long)r.id);
  destroy(w, &r, zAction, "/admin/retention", "/admin/retention?saved=retention-destroyed");
  free(zAction);
  retention_record_clear(&r);
}

void page_lado_destroy_form(Web *w) {
  RetRecord r;
  if (!path_record(w, RET_LADO, w->azArg[0], 1u << RET_LADO, &r)) return;
  char *zRec = record_name(&r);
  int ok = audit_view(w, "lado.view", zRec);
  free(zRec);
  if (ok) {
    char *zAction = xmprintf("/lado/cases/%lld/destroy", (long long)r.id);
    char *zBack = xmprintf("/lado/cases/%lld", (long long)r.id);
    record_page(w, &r, zAction, zBack);
    free(zAction);
    free(zBack);
  }
  retention_record_clear(&r);
}

void page_lado_destroy(Web *w) {
  RetRecord r;
  if (!path_record(w, RET_LADO, w->azArg[0], 1u << RET_LADO, &r)) return;
  char *zAction = xmprintf("/lado/cases/%lld/destroy", (long long)r.id);
  char *zBack = xmprintf("/lado/cases/%lld", (long long)r.id);
  destroy(w, &r, zAction, zBack, "/lado?saved=retention-destroyed");
  free(zAction);
  free(zBack);
  retention_record_clear(&r);
}

/* ---- Subject access ---------------------------------------------------------------- */

/* The form (GET, so the copy is a plain download), with its error if any. */
static void sar_form(Web *w, const char *zAction, const char *zField, const char *zLabel, const char *zHint,
                     const char *zIntro) {
  Buf *b = w->out;
  page_begin(w, "Subject access request");
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Subject access request</h1>\n");
  html_printf(b, "<p class=\"govuk-body\">%h</p>\n"
                 "<p class=\"govuk-body\">The copy is one web page to save, read and print. Cells marked"
                 " <strong>review for redaction</strong> hold other people's names, or notes that may name them:"
                 " read each before the copy is sent. Making a copy is recorded in the audit log.</p>\n",
              zIntro);
  html_printf(b, "<form method=\"get\" action=\"%h\" novalidate>\n", zAction);
  input_text(w, zField, zLabel, zHint, http_query(w->req, zField), "off");
  button(w, "Download the copy");
  html_raw(b, "</form>\n");
  page_end(w);
}

/* Send the copy as a download named subject-access-STEM-DATE.html (STEM
** kept to letters, digits and hyphens: refs and names may hold anything). */
static void send_sar(Web *w, const Sar *s, const char *zStem) {
  char zSafe[48];
  int n = 0;
  for (const char *p = zStem; *p && n < (int)sizeof zSafe - 1; p++) {
    char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) zSafe[n++] = c;
    else if (n && zSafe[n - 1] != '-') zSafe[n++] = '-';
  }
  zSafe[n] = 0;
  char zDay[11];
  char *zDisp = xmprintf("attachment; filename=\"subject-access-%s-%s.html\"", zSafe, date_iso(w->today, zDay));
  w->resp->zType = "text/html; charset=utf-8";
  http_set_header(w->resp, "Content-Disposition", zDisp);
  http_set_header(w->resp, "Cache-Control", "no-store");
  free(zDisp);
  buf_reset(w->out);
  sar_html(s, w->today, w->out);
}

/* What each kind of copy's page says and asks for. */
typedef struct SarKind {
  const char *zAction, *zField, *zLabel, *zHint, *zIntro, *zEmpty, *zNone;
  int (*xGather)(Db *, const char *, const char *, const char *, Sar *);
} SarKind;

static const SarKind aSarKind[] = {
  {"/admin/sar", "ref", "The child's reference", "As on their record, for example 100123",
   "Everything Oversight holds about a child in care: their details, placements, reviews,"
   " recommendations, contacts, escalations and every entry in the audit log about them.",
   "Enter the child's reference", "No child has that reference", sar_child},
  {"/lado/sar", "name", "The adult's name, as recorded on their cases", "Every case naming them is included",
   "Everything held about an adult named in allegations: every case naming them, with its"
   " advice, meetings, actions and recommendations, and every entry in the audit log about"
   " those cases.",
   "Enter the adult's name", "No LADO case names an adult with that name", sar_adult},
  {"/private-fostering/sar", "who", "The child's or carer's name as recorded, or the arrangement number",
   "Capitals and accents do not matter. Every arrangement naming them, as the child or the carer, is included",
   "Everything held about a privately fostered child or their carer: every arrangement naming them, with its"
   " visits, audits, prohibitions and disqualifications, and every entry in the audit log about those"
   " arrangements.",
   "Enter the child's or carer's name, or the arrangement number",
   "Nothing is held: no private fostering arrangement has that number or names a child or carer called that",
   sar_pf},
  {"/admin/sar/staff", "who", "Their username, or their name as on their account",
   "Their password is never in the copy",
   "Everything held about a member of staff: their account, the audit log's entries about their account"
   " and of everything they did, and the records naming them (as reviewing officer, as the one who raised"
   " or must respond to an escalation, as the owner of a recommendation or action, as a private fostering"
   " worker).",
   "Enter their username or name",
   "Nothing is held: no account has that username or name", sar_staff},
};

static void sar_page(Web *w, const SarKind *k) {
  const char *zValue = http_query(w->req, k->zField);
  if (!zValue) {
    sar_form(w, k->zAction, k->zField, k->zLabel, k->zHint, k->zIntro);
    return;
  }
  char zTrim[200];
  snprintf(zTrim, sizeof zTrim, "%s", zValue);
  char *z = zTrim;
  while (*z == ' ') z++;
  for (size_t n = strlen(z); n > 0 && z[n - 1] == ' '; n--) z[n - 1] = 0;
  if (!*z) {
    errors_add(&w->err, k->zField, "%s", k->zEmpty);
    sar_form(w, k->zAction, k->zField, k->zLabel, k->zHint, k->zIntro);
    return;
  }
  Sar s;
  int found = k->xGather(w->db, z, w->sess.user.zUsername, w->req->zClient, &s);
  if (found < 0) {
    read_failed(w);
    return;
  }
  if (found != 1) {
    /* 2: a name more than one account has (sar_staff). */
    errors_add(&w->err, k->zField, "%s",
               found == 2 ? "More than one account has that name: enter their username" : k->zNone);
    sar_form(w, k->zAction, k->zField, k->zLabel, k->zHint, k->zIntro);
    return;
  }
  send_sar(w, &s, z);
  sar_free(&s);
}

void page_sar(Web *w) { sar_page(w, &aSarKind[0]); }
void page_lado_sar(Web *w) { sar_page(w, &aSarKind[1]); }
void page_pf_sar(Web *w) { sar_page(w, &aSarKind[2]); }
void page_staff_sar(Web *w) { sar_page(w, &aSarKind[3]); }
