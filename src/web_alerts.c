/*
** web_alerts.c: the alert list and acknowledging an alert (SPEC "Alerts").
** An IRO sees their own caseload's alerts; a manager sees everyone's, with
** who acknowledged each and when.
*/
#include "web.h"
#include "alerts.h"
#include "iros.h"
#include "listing.h"
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

enum { AC_CHILD, AC_REF, AC_ITEM, AC_DUE, AC_STATUS, AC_ACK, AC_N };
static const RColumn aAcCol[AC_N] = {
  {"child_name", "Child", RCOL_TEXT, 24},
  {"child_id", "Child ID", RCOL_TEXT, 10},
  {"item", "What is due", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {"acknowledged", "Acknowledged", RCOL_TEXT, 40},
};

/* The alerts as a table; an alert not yet acknowledged has, on the page,
** a small form naming it by child, item and due date. */
static void alerts_table(Web *w, const Alert *a, int n, PageTables *p) {
  RTable *t = page_table(p, "Alerts", "Overdue first", "Nothing is due soon or overdue.", aAcCol, AC_N);
  Buf *save = w->out;
  for (int i = 0; i < n; i++) {
    const Alert *x = &a[i];
    char *zUrl = child_url(x->c, "");
    char *zName = xmprintf("%s %s", x->c->zGiven, x->c->zFamily);
    rtable_row(t);
    rtable_link(t, AC_CHILD, zUrl, zName);
    rtable_text(t, AC_REF, x->c->zRef);
    page_tables_child(p, x->c->zRef);
    rtable_text(t, AC_ITEM, item_label(x->d.item));
    rtable_num(t, AC_DUE, x->d.due);
    cell_status(t, AC_STATUS, x->d.status);
    Buf cell = {0};
    if (x->acked) {
      buf_printf(&cell, "By %s at %s", x->zAckedBy, x->zAckedAt);
      if (x->zNote[0]) buf_printf(&cell, ": %s", x->zNote);
      rtable_text(t, AC_ACK, cell.z);
    } else if (w->fmt == FMT_PAGE) {
      char zDue[11], zId[40];
      date_iso(x->d.due, zDue);
      snprintf(zId, sizeof zId, "note-%d", i);
      /* The form helpers write to the page: point them at the cell. */
      w->out = &cell;
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
      w->out = save;
      rtable_html(t, AC_ACK, cell.z);
    }
    buf_free(&cell);
    free(zName);
    free(zUrl);
  }
}

/* The filters (GET, kept by the paging and sort links and the downloads). */
typedef struct AlertFilter { const char *zStatus, *zAck; } AlertFilter;

static const char *const azStatusChoice[] = {"", "Any status", "overdue", "Overdue", "due-today", "Due today",
                                             "due-soon", "Due soon", NULL};
static const char *const azAckChoice[] = {"", "Either", "no", "Not yet acknowledged", "yes", "Acknowledged", NULL};

/* zName's value if it is one of the choices' values, else "". */
static const char *query_choice(Web *w, const char *zName, const char *const *azChoice) {
  const char *z = http_query(w->req, zName);
  for (int i = 0; z && azChoice[i]; i += 2) {
    if (strcmp(z, azChoice[i]) == 0) return azChoice[i];
  }
  return "";
}

static int alert_passes(const AlertFilter *f, const Alert *x) {
  if (f->zStatus[0] && strcmp(f->zStatus, status_name(x->d.status)) != 0) return 0;
  if (f->zAck[0] && (strcmp(f->zAck, "yes") == 0) != (x->acked != 0)) return 0;
  return 1;
}

static void alert_filter_form(Web *w, const AlertFilter *f) {
  html_raw(w->out, "<form method=\"get\" action=\"/alerts\" novalidate>\n<div class=\"govuk-grid-row\">\n"
                   "<div class=\"govuk-grid-column-one-half\">\n");
  input_select(w, "status", "Status", NULL, azStatusChoice, f->zStatus);
  html_raw(w->out, "</div>\n<div class=\"govuk-grid-column-one-half\">\n");
  input_select(w, "ack", "Acknowledged", NULL, azAckChoice, f->zAck);
  html_raw(w->out, "</div>\n</div>\n<div class=\"govuk-button-group\">\n");
  button(w, "Show alerts");
  if (f->zStatus[0] || f->zAck[0]) html_raw(w->out, "<a class=\"govuk-link\" href=\"/alerts\">Clear filters</a>\n");
  html_raw(w->out, "</div>\n</form>\n");
}

static void alerts_page(Web *w) {
  /* No children's alerts for them (the Designated Officer, a private
  ** fostering worker, a residential manager): their services' only. */
  if (!(w->caps & CAP_CHILD_VIEW)) {
    service_alerts_page(w);
    return;
  }
  ChildSet *cs = alert_children(w);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  int nAll;
  Alert *aAll = alerts_for(w->db, cs, w->today, &nAll);
  AlertFilter f = {query_choice(w, "status", azStatusChoice), query_choice(w, "ack", azAckChoice)};
  Alert *a = xmalloc((size_t)(nAll ? nAll : 1) * sizeof *a);
  int n = 0;
  for (int i = 0; i < nAll; i++) {
    if (alert_passes(&f, &aAll[i])) a[n++] = aAll[i];
  }
  PageTables pt = {0};
  alerts_table(w, a, n, &pt);
  RTable *t = &pt.a[0];
  Listing l;
  listing_sort_parse(&l, t, http_query(w->req, "sort"), http_query(w->req, "order"));
  if (l.sortCol >= 0) rtable_sort(t, l.sortCol, l.desc);
  if (w->fmt != FMT_PAGE) {
    page_tables_send(w, &pt, "alerts");
  } else {
    listing_paginate(&l, t->nRow, LIST_PAGE, http_query(w->req, "page"));
    Buf q = {0};
    if (f.zStatus[0]) buf_printf(&q, "status=%s", f.zStatus);
    if (f.zAck[0]) buf_printf(&q, "%sack=%s", q.n ? "&" : "", f.zAck);
    page_begin(w, "Alerts");
    saved_banner(w);
    error_summary(w);
    html_raw(w->out, "<h1 class=\"govuk-heading-l\">Alerts</h1>\n");
    int nAcked = 0;
    for (int i = 0; i < nAll; i++) nAcked += aAll[i].acked;
    html_printf(w->out, "<p class=\"govuk-body\">%d %h, %d acknowledged. An acknowledged alert stays here "
                        "until the work is done.</p>\n", nAll, nAll == 1 ? "alert" : "alerts", nAcked);
    if (!nAll) {
      html_raw(w->out, "<p class=\"govuk-body\">Nothing is due soon or overdue.</p>\n");
    } else {
      alert_filter_form(w, &f);
      if (!n) {
        html_raw(w->out, "<p class=\"govuk-body\">No alerts match. <a class=\"govuk-link\" href=\"/alerts\">"
                         "Clear the filters</a> to see them all.</p>\n");
      } else {
        html_printf(w->out, "<p class=\"govuk-body\" id=\"alerts-shown\">Showing %d to %d of %d %h.</p>\n", l.first + 1,
                    l.last, n, n == 1 ? "alert" : "alerts");
        listing_table_html(t, &l, "/alerts", q.z ? q.z : "", w->out);
        listing_pagination_html(&l, t, "/alerts", q.z ? q.z : "", "Pages of alerts", w->out);
      }
      download_links(w, "/alerts", pt.n);
    }
    buf_free(&q);
    service_alerts_section(w);   /* escalations, LADO, private fostering, homes */
    page_end(w);
  }
  page_tables_free(&pt);
  free(a);
  free(aAll);
  childset_free(cs);
}

void page_alerts(Web *w) { alerts_page(w); }

void page_alert_ack(Web *w) {
  const char *zRef = form_text(w, "child");
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(w->db, &f);
  if (cs->readError) {
    childset_free(cs);
    return;   /* noted on the connection: the skeleton's error page */
  }
  Date due = DATE_NONE;
  if (cs->n != 1 || date_parse(form_text(w, "due"), &due) != 0) {
    errors_add(&w->err, "item", "Choose which alert to acknowledge");
  } else if (!may_change_child(w, &cs->a[0])) {
    /* An acknowledgement is not the child's record, but it says the work
    ** is in hand: only those who may do that work give it, so an IRO
    ** acknowledges their own caseload's alerts and those of their cover. */
    errors_add(&w->err, "item", "This child is not on your caseload or that of an IRO you are covering");
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
