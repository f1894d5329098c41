/*
** web_alerts.c: the alert list and acknowledging an alert (SPEC "Alerts").
** An IRO sees their own caseload's alerts; a manager sees everyone's, with
** who acknowledged each and when.
*/
#include "web.h"
#include "alerts.h"
#include "iros.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The children whose alerts this user sees: their caseload, or everyone
** for a manager. */
static ChildSet *alert_children(Web *w) {
  if ((w->caps & CAP_OWN_CASELOAD) && w->sess.user.iroId) {
    ChildFilter f = {.iroId = w->sess.user.iroId};
    return childset_load(w->db, &f);
  }
  return childset_load(w->db, NULL);
}

static void alerts_page(Web *w) {
  ChildSet *cs = alert_children(w);
  int n;
  Alert *a = alerts_for(w->db, cs, w->today, &n);
  page_begin(w, "Alerts");
  saved_banner(w);
  error_summary(w);
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Alerts</h1>\n");
  int nAcked = 0;
  for (int i = 0; i < n; i++) nAcked += a[i].acked;
  html_printf(w->out, "<p class=\"govuk-body\">%d %h, %d acknowledged. An acknowledged alert stays here "
                      "until the work is done.</p>\n", n, n == 1 ? "alert" : "alerts", nAcked);
  if (!n) html_raw(w->out, "<p class=\"govuk-body\">Nothing is due soon or overdue.</p>\n");
  else {
    html_raw(w->out, "<table class=\"govuk-table app-table--compact\">\n<caption class=\"govuk-table__caption govuk-table__caption--m\">Overdue first</caption>\n"
                     "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                     "<th scope=\"col\" class=\"govuk-table__header\">Child</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">What is due</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Acknowledged</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (int i = 0; i < n; i++) {
      const Alert *x = &a[i];
      html_printf(w->out, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/children/%u\">%h %h</a></td>"
                          "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">",
                  x->c->zRef, x->c->zGiven, x->c->zFamily, item_label(x->d.item), (int)x->d.due);
      status_tag(w, x->d.status);
      html_raw(w->out, "</td><td class=\"govuk-table__cell\">");
      if (x->acked) {
        html_printf(w->out, "By %h at %h", x->zAckedBy, x->zAckedAt);
        if (x->zNote[0]) html_printf(w->out, ": %h", x->zNote);
      } else {
        /* A small form per alert: it names the alert by child, item and due date. */
        char zDue[11], zId[40];
        date_iso(x->d.due, zDue);
        snprintf(zId, sizeof zId, "note-%d", i);
        form_begin(w, "/alerts");
        html_printf(w->out, "<input type=\"hidden\" name=\"child\" value=\"%h\">"
                            "<input type=\"hidden\" name=\"item\" value=\"%h\">"
                            "<input type=\"hidden\" name=\"due\" value=\"%h\">"
                            "<label class=\"govuk-label govuk-!-font-size-16\" for=\"%h\">Note (optional)"
                            "<span class=\"govuk-visually-hidden\"> about %h for %h %h</span></label>"
                            "<input class=\"govuk-input govuk-!-width-full\" id=\"%h\" name=\"note\" type=\"text\">"
                            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary app-button--small\" data-module=\"govuk-button\">"
                            "Acknowledge<span class=\"govuk-visually-hidden\"> %h for %h %h</span></button>",
                    x->c->zRef, item_name(x->d.item), zDue, zId, item_label(x->d.item), x->c->zGiven,
                    x->c->zFamily, zId, item_label(x->d.item), x->c->zGiven, x->c->zFamily);
        form_end(w);
      }
      html_raw(w->out, "</td></tr>\n");
    }
    html_raw(w->out, "</tbody>\n</table>\n");
  }
  page_end(w);
  free(a);
  childset_free(cs);
}

void page_alerts(Web *w) { alerts_page(w); }

void page_alert_ack(Web *w) {
  const char *zRef = form_text(w, "child");
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(w->db, &f);
  Date due = DATE_NONE;
  if (cs->n != 1 || date_parse(form_text(w, "due"), &due) != 0) {
    errors_add(&w->err, "item", "Choose which alert to acknowledge");
  } else if ((w->caps & CAP_OWN_CASELOAD) && w->sess.user.iroId &&
             (!child_allocation_on(&cs->a[0], w->today) ||
              child_allocation_on(&cs->a[0], w->today)->iroId != w->sess.user.iroId)) {
    /* An IRO acknowledges the alerts of their own caseload. */
    errors_add(&w->err, "item", "This child is not on your caseload");
  } else {
    alert_acknowledge(w->db, &cs->a[0], form_text(w, "item"), due, w->sess.user.id,
                      w->sess.user.zUsername, form_text(w, "note"), w->today, &w->err);
  }
  childset_free(cs);
  if (!w->err.n) {
    redirect(w, "/alerts?saved=alert");
    return;
  }
  alerts_page(w);
}
