/*
** web_outbox.c: /admin/outbox, for an administrator asking "did the
** digests go out?": every email queued, sent and failed, newest first,
** 50 a page, paged by id so a page stays put while new ones are queued.
** Subjects only: a body is never shown (it should hold no personal
** detail, but a page that cannot show it cannot leak it either).
*/
#include "web.h"
#include "audit.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_PAGE 50

void page_outbox(Web *w) {
  Buf *b = w->out;
  long older = 0;
  const char *zOlder = http_query(w->req, "older");
  if (zOlder && parse_int(zOlder, 1, 0x7fffffffL, &older) != 0) older = 0;
  if (audit_write(w->db, w->sess.user.zUsername, "outbox.view", "outbox", NULL, NULL, w->req->zClient) != DB_OK) {
    w->resp->status = 503;
  }
  page_begin(w, "Emails");
  html_raw(b, "<h1 class=\"govuk-heading-l\">Emails</h1>\n"
              "<p class=\"govuk-body\">Every email Oversight has queued, newest first: sent, waiting to be tried again,"
              " or failed. Only subjects are shown. Times are UK time.</p>\n");
  static const struct { const char *zStatus, *zWords; } aCount[] = {
    {"queued", "Waiting to be sent"}, {"sent", "Sent"}, {"failed", "Failed"}};
  html_raw(b, "<dl class=\"govuk-summary-list\">\n");
  for (int i = 0; i < COUNT(aCount); i++) {
    long long n = (long long)db_int(w->db, 0, "SELECT count(*) FROM outbox WHERE status = ?", "s", aCount[i].zStatus);
    html_printf(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h</dt>"
                   "<dd class=\"govuk-summary-list__value\">%lld</dd></div>\n", aCount[i].zWords, n);
  }
  html_raw(b, "</dl>\n");
  Stmt *s = db_query(w->db,
                     "SELECT id, created_at, recipient, subject, status, attempts, last_error, sent_at, server_reply,"
                     " next_attempt_at FROM outbox WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                     "IIi", (int64_t)older, (int64_t)older, OUTBOX_PAGE + 1);
  int n = 0;
  int64_t lastId = 0;
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (n == OUTBOX_PAGE) {
      n++;
      break;
    }
    if (n == 0) {
      html_raw(b, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"Emails\" tabindex=\"0\">\n"
                  "<table class=\"govuk-table app-table--compact\">\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                  "<th scope=\"col\" class=\"govuk-table__header\">Queued</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">To</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Subject</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Attempts</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Last error or reply</th></tr></thead>\n"
                  "<tbody class=\"govuk-table__body\">\n");
    }
    n++;
    lastId = db_col_int(s, 0);
    char zQueued[64], zWhen[64];
    user_time_words(db_col_text(s, 1), zQueued, sizeof zQueued);
    const char *zStatus = db_col_text(s, 4);
    html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td>"
                   "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%h</td>"
                   "<td class=\"govuk-table__cell\">", zQueued, db_col_text(s, 2), db_col_text(s, 3));
    if (strcmp(zStatus, "sent") == 0) {
      user_time_words(db_col_text(s, 7), zWhen, sizeof zWhen);
      html_printf(b, "<strong class=\"govuk-tag govuk-tag--green\">Sent</strong> %h", zWhen);
    } else if (strcmp(zStatus, "failed") == 0) {
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--red\">Failed</strong>");
    } else {
      user_time_words(db_col_text(s, 9), zWhen, sizeof zWhen);
      html_printf(b, "<strong class=\"govuk-tag govuk-tag--yellow\">Waiting</strong> next try %h", zWhen);
    }
    const char *zErr = db_col_text(s, 6), *zReply = db_col_text(s, 8);
    html_printf(b, "</td><td class=\"govuk-table__cell\">%lld</td><td class=\"govuk-table__cell\">%h</td></tr>\n",
                (long long)db_col_int(s, 5), zErr[0] ? zErr : zReply);
  }
  db_finalize(s);
  if (rc != DB_DONE && rc != DB_ROW) return;   /* (DB_ROW: stopped at a full page) noted on the connection: the skeleton's error page */
  if (n == 0) {
    html_raw(b, older ? "<p class=\"govuk-body\">No older emails.</p>\n" : "<p class=\"govuk-body\">No emails yet.</p>\n");
  } else {
    html_raw(b, "</tbody>\n</table>\n</div>\n");
  }
  if (n > OUTBOX_PAGE || older) {
    html_raw(b, "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pages of emails\">\n");
    if (older) {
      html_raw(b, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" href=\"/admin/outbox\""
                  " rel=\"prev\"><span class=\"govuk-pagination__link-title\">Newest emails</span></a></div>\n");
    }
    if (n > OUTBOX_PAGE) {
      html_printf(b, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                     "href=\"/admin/outbox?older=%lld\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                     "Older emails</span></a></div>\n", (long long)lastId);
    }
    html_raw(b, "</nav>\n");
  }
  page_end(w);
}
