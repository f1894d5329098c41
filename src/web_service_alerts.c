/*
** web_service_alerts.c: the escalations', LADO, private fostering and
** homes' alerts on /alerts, and acknowledging one (POST
** /alerts/acknowledge). Each person sees the services that are theirs
** (service_alert_scope, SPEC §11), grouped by service under headings, each
** alert linking to its record with its acknowledgement or a form to give
** one. The alerts name records by number, never a person, so showing them
** is not a view of anyone's record; opening the record is (and is audited
** there). docs/alerts.md.
*/
#include "web.h"
#include "service_alerts.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The form's field id of one alert: the same on the page and when its
** form comes back, short enough for an error's field name. */
static void alert_field_id(AlertService svc, int64_t recordId, const char *zItem, Date due, char out[32]) {
  uint32_t h = 2166136261u;   /* FNV-1a of item and due date */
  for (const unsigned char *p = (const unsigned char *)zItem; *p; p++) h = (h ^ *p) * 16777619u;
  h = (h ^ (uint32_t)due) * 16777619u;
  snprintf(out, 32, "ack-%d-%lld-%08x", (int)svc, (long long)recordId, (unsigned)h);
}

/* The alert the posted form names, if this is the page coming back. */
static int is_posted(Web *w, const ServiceAlert *a) {
  if (strcmp(w->req->zMethod, "POST") != 0) return 0;
  char zDue[11];
  return strcmp(form_text(w, "service"), sa_service_name(a->service)) == 0 &&
         strtoll(form_text(w, "record"), NULL, 10) == a->recordId &&
         strcmp(form_text(w, "item"), a->zItem) == 0 && strcmp(form_text(w, "due"), date_iso(a->due, zDue)) == 0;
}

static void due_tag(Web *w, const ServiceAlert *a) {
  const char *zClass = a->status == ST_OVERDUE ? "govuk-tag--red" : "govuk-tag--yellow";
  const char *zText = a->status == ST_OVERDUE ? "Overdue" : a->due == w->today ? "Due today" : "Due soon";
  html_printf(w->out, " <strong class=\"govuk-tag %h\">%h</strong>", zClass, zText);
}

/* The acknowledge form: the alert named by hidden fields, an optional note
** with a character count (GOV.UK character count), and the button. */
static void ack_form(Web *w, const ServiceAlert *a) {
  char zId[32], zDue[11];
  alert_field_id(a->service, a->recordId, a->zItem, a->due, zId);
  int posted = is_posted(w, a);
  const char *zErr = posted ? errors_for(&w->err, zId) : NULL;
  form_begin(w, "/alerts/acknowledge");
  html_printf(w->out,
      "<input type=\"hidden\" name=\"service\" value=\"%h\">"
      "<input type=\"hidden\" name=\"record\" value=\"%lld\">"
      "<input type=\"hidden\" name=\"item\" value=\"%h\">"
      "<input type=\"hidden\" name=\"due\" value=\"%h\">\n",
      sa_service_name(a->service), (long long)a->recordId, a->zItem, date_iso(a->due, zDue));
  html_printf(w->out,
      "<div class=\"govuk-form-group govuk-character-count%h\" data-module=\"govuk-character-count\""
      " data-maxlength=\"%d\">\n"
      "<label class=\"govuk-label govuk-!-font-size-16\" for=\"%h\">Note (optional)"
      "<span class=\"govuk-visually-hidden\"> about %h for %h</span></label>\n"
      "<div id=\"%h-hint\" class=\"govuk-hint govuk-!-font-size-16\">What is being done about it, for "
      "whoever looks next.</div>\n",
      zErr ? " govuk-form-group--error" : "", SA_NOTE_MAX, zId, a->zWhat, a->zRecord, zId);
  if (zErr) {
    html_printf(w->out, "<p id=\"%h-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                        "Error:</span> %h</p>\n", zId, zErr);
  }
  html_printf(w->out,
      "<textarea class=\"govuk-textarea govuk-js-character-count%h\" id=\"%h\" name=\"note\" rows=\"2\""
      " aria-describedby=\"%h-info %h-hint",
      zErr ? " govuk-textarea--error" : "", zId, zId, zId);
  if (zErr) html_printf(w->out, " %h-error", zId);
  html_printf(w->out,
      "\">%h</textarea>\n"
      "<div id=\"%h-info\" class=\"govuk-hint govuk-character-count__message\">You can enter up to %d "
      "characters</div>\n</div>\n",
      posted ? form_text(w, "note") : "", zId, SA_NOTE_MAX);
  html_printf(w->out,
      "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
      "Acknowledge<span class=\"govuk-visually-hidden\"> %h for %h</span></button>\n",
      a->zWhat, a->zRecord);
  form_end(w);
}

static void alert_card(Web *w, const ServiceAlert *a) {
  html_printf(w->out,
      "<div class=\"govuk-summary-card\">\n<div class=\"govuk-summary-card__title-wrapper\">"
      "<h3 class=\"govuk-summary-card__title\"><a class=\"govuk-link\" href=\"%h\">%h</a></h3></div>\n"
      "<div class=\"govuk-summary-card__content\">\n<dl class=\"govuk-summary-list\">\n"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">What is due</dt>"
      "<dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Due</dt>"
      "<dd class=\"govuk-summary-list__value\">%D",
      a->zUrl, a->zRecord, a->zWhat, a->due);
  due_tag(w, a);
  html_raw(w->out, "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Acknowledged</dt><dd class=\"govuk-summary-list__value\">");
  if (a->acked) {
    char zWhen[64];
    user_time_words(a->zAckedAt, zWhen, sizeof zWhen);
    html_printf(w->out, "Acknowledged by %h on %h", a->zAckedBy, zWhen);
    if (a->zNote[0]) html_printf(w->out, ": %h", a->zNote);
  } else {
    html_raw(w->out, "Not yet");
  }
  html_raw(w->out, "</dd></div>\n</dl>\n");
  if (!a->acked) ack_form(w, a);
  html_raw(w->out, "</div>\n</div>\n");
}

void service_alerts_section(Web *w) {
  ServiceAlertScope sc = service_alert_scope(w->caps, w->sess.user.iroId);
  if (!sc.services) return;
  ServiceAlertList l;
  /* A read error leaves the request failed: web.c answers with its error
  ** page rather than a list short of what it should hold. */
  if (service_alerts_for(w->db, &sc, w->today, &l) != 0) return;
  /* An alert that closed before its form came back has no form for its
  ** error: the error summary links here. */
  html_raw(w->out, "<div id=\"service-alerts\"></div>\n");
  for (int s = 0; s < SA__COUNT; s++) {
    if (!(sc.services & (1u << s))) continue;
    int n = 0, nAcked = 0, nOverdue = 0;
    for (int i = 0; i < l.n; i++) {
      if ((int)l.a[i].service != s) continue;
      n++;
      nAcked += l.a[i].acked;
      nOverdue += l.a[i].status == ST_OVERDUE;
    }
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"alerts-%h\">%h</h2>\n", sa_service_name((AlertService)s),
                sa_service_label((AlertService)s));
    if (s == SA_ESCALATION && sc.escalationIro) {
      html_raw(w->out, "<p class=\"govuk-body\">The escalations you raised.</p>\n");
    }
    if (!n) {
      html_raw(w->out, "<p class=\"govuk-body\">Nothing is due soon or overdue.</p>\n");
      continue;
    }
    html_printf(w->out, "<p class=\"govuk-body\">%d %h (%d overdue), %d acknowledged.</p>\n", n,
                n == 1 ? "alert" : "alerts", nOverdue, nAcked);
    for (int i = 0; i < l.n; i++) {
      if ((int)l.a[i].service == s) alert_card(w, &l.a[i]);
    }
  }
  service_alerts_free(&l);
}

void service_alerts_page(Web *w) {
  page_begin(w, "Alerts");
  saved_banner(w);
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Alerts</h1>\n"
                   "<p class=\"govuk-body\">What is overdue or due soon in your work. An acknowledged alert "
                   "stays here until the work is done.</p>\n");
  service_alerts_section(w);
  page_end(w);
}

void page_service_alert_ack(Web *w) {
  ServiceAlertScope sc = service_alert_scope(w->caps, w->sess.user.iroId);
  const char *zService = form_text(w, "service");
  const char *zRecord = form_text(w, "record");
  const char *zItem = form_text(w, "item");
  char *zEnd = NULL;
  errno = 0;
  long long rec = strtoll(zRecord, &zEnd, 10);
  Date due = DATE_NONE;
  AlertService svc = sa_service_parse(zService);
  Errors err = {0};
  if (svc == SA_INVALID || !*zRecord || *zEnd || errno || rec <= 0 || date_parse(form_text(w, "due"), &due) != 0) {
    errors_add(&err, "item", "Choose which alert to acknowledge");
  } else {
    service_alert_acknowledge(w->db, &sc, zService, rec, zItem, due, w->sess.user.id, w->sess.user.zUsername,
                              form_text(w, "note"), w->today, &err);
  }
  if (!err.n) {
    redirect(w, "/alerts?saved=alert");
    return;
  }
  /* A note's error belongs to the alert's own note field, so the
  ** summary's link goes to it; the others (no such alert, or no longer
  ** open: it has no form now) to the list. */
  char zId[32] = "";
  if (svc != SA_INVALID && due != DATE_NONE) alert_field_id(svc, rec, zItem, due, zId);
  for (int i = 0; i < err.n; i++) {
    int note = strcmp(err.a[i].zField, "note") == 0 && zId[0];
    errors_add(&w->err, note ? zId : "service-alerts", "%s", err.a[i].zMsg);
  }
  page_alerts(w);
}
