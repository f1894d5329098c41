/*
** web_audit.c: the audit log page (/audit) for the people who read it: an
** administrator answering "who looked at this child's record?" or "who
** changed this?". Times are the council's local time in words, people are
** named, actions and records are in words, and the filters are the
** GOV.UK patterns (a person, an action, a record, a date range as day,
** month and year). 50 entries a page, newest first, paged by entry id so a
** page stays the same while new entries arrive. The downloads keep the
** codes (UTC times, usernames, action codes) for other systems, with the
** same filters.
*/
#include "web.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50
/* A download of more than this says so on the page, rather than holding
** a server's memory for a whole log of many years. */
#define AUDIT_DOWNLOAD_MAX 100000

typedef struct Filter {
  char zUser[128], zAction[64], zRecord[256];
  Date from, to;
  char zFrom[11], zToNext[11];    /* the dates as the log stamps compare */
  int64_t older, newer;           /* paging: entries before (or after) this id */
} Filter;

/* A query parameter, trimmed, into out (cut to fit: every filter is far
** shorter than its buffer, and a longer one matches nothing either way). */
static void query_text(Web *w, const char *zName, char *out, size_t n) {
  const char *z = http_query(w->req, zName);
  if (!z) z = "";
  while (*z == ' ' || *z == '\t') z++;
  snprintf(out, n, "%s", z);
  size_t len = strlen(out);
  while (len && (out[len - 1] == ' ' || out[len - 1] == '\t')) out[--len] = 0;
}

static int64_t query_id(Web *w, const char *zName) {
  long id;
  const char *z = http_query(w->req, zName);
  return z && parse_int(z, 1, 0x7fffffffL, &id) == 0 ? id : 0;
}

static void read_filter(Web *w, Filter *f) {
  memset(f, 0, sizeof *f);
  query_text(w, "user", f->zUser, sizeof f->zUser);
  query_text(w, "action", f->zAction, sizeof f->zAction);
  query_text(w, "record", f->zRecord, sizeof f->zRecord);
  /* A child's ID alone is taken as that child's record. */
  if (f->zRecord[0] && !strchr(f->zRecord, ':')) {
    char z[sizeof f->zRecord];
    snprintf(z, sizeof z, "child:%.240s", f->zRecord);
    snprintf(f->zRecord, sizeof f->zRecord, "%s", z);
  }
  f->from = form_date(w, "from", "the from date", 0);
  f->to = form_date(w, "to", "the to date", 0);
  if (f->from != DATE_NONE && f->to != DATE_NONE && f->to < f->from) {
    errors_add(&w->err, "to", "The to date must be the same as or after the from date");
  }
  /* Entries are stamped "YYYY-MM-DDTHH:MM:SSZ" in UTC, so a day compares as
  ** text; the to date counts in full by stopping before the day after. */
  if (f->from != DATE_NONE) date_iso(f->from, f->zFrom);
  if (f->to != DATE_NONE) date_iso(f->to + 1, f->zToNext);
  f->older = query_id(w, "older");
  f->newer = query_id(w, "newer");
}

/* The filter as a query string (for the paging links and the downloads). */
static void filter_query(const Filter *f, Buf *b) {
  Buf q = {0};
  struct { const char *zName, *zValue; } a[] = {{"user", f->zUser}, {"action", f->zAction}, {"record", f->zRecord}};
  for (int i = 0; i < COUNT(a); i++) {
    if (!a[i].zValue[0]) continue;
    buf_printf(&q, "%s%s=", q.n ? "&" : "", a[i].zName);
    url_escape(&q, a[i].zValue);
  }
  Date d[2] = {f->from, f->to};
  const char *azName[2] = {"from", "to"};
  for (int i = 0; i < 2; i++) {
    if (d[i] == DATE_NONE) continue;
    int y, m, dd;
    date_to_ymd(d[i], &y, &m, &dd);
    buf_printf(&q, "%s%s-day=%d&%s-month=%d&%s-year=%d", q.n ? "&" : "", azName[i], dd, azName[i], m, azName[i], y);
  }
  if (q.n) buf_append(b, q.z, q.n);
  buf_free(&q);
}

static int filtered(const Filter *f) {
  return f->zUser[0] || f->zAction[0] || f->zRecord[0] || f->from != DATE_NONE || f->to != DATE_NONE;
}

/* Entries matching f, newest first (oldest first when paging back with
** newer=), at most nMax. */
static Stmt *query_entries(Db *db, const Filter *f, int nMax, int forward) {
#define AU_SELECT                                                                                   \
  "SELECT a.id, a.at, a.actor, a.action, a.record, a.before_value, a.after_value, a.client,"       \
  " u.display_name FROM audit_log a LEFT JOIN users u ON u.username = a.actor"                      \
  " WHERE (? = '' OR a.actor = ?) AND (? = '' OR a.action = ?) AND (? = '' OR a.record = ?)"        \
  " AND (? = '' OR a.at >= ?) AND (? = '' OR a.at < ?)"
  if (forward) {
    return db_query(db, AU_SELECT " AND a.id > ? ORDER BY a.id LIMIT ?", "ssssssssssIi", f->zUser, f->zUser,
                    f->zAction, f->zAction, f->zRecord, f->zRecord, f->zFrom, f->zFrom, f->zToNext, f->zToNext,
                    f->newer, nMax);
  }
  return db_query(db, AU_SELECT " AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?", "ssssssssssIIi", f->zUser,
                  f->zUser, f->zAction, f->zAction, f->zRecord, f->zRecord, f->zFrom, f->zFrom, f->zToNext,
                  f->zToNext, f->older, f->older, nMax);
#undef AU_SELECT
}

/* ---- Downloads: the codes, for other systems -------------------------------- */

enum { AU_AT, AU_ACTOR, AU_ACTION, AU_RECORD, AU_BEFORE, AU_AFTER, AU_CLIENT, AU_N };
static const RColumn aAuCol[AU_N] = {
  {"at_utc", "When (UTC)", RCOL_TEXT, 21},
  {"actor", "Who", RCOL_TEXT, 18},
  {"action", "What", RCOL_TEXT, 16},
  {"record", "Record", RCOL_TEXT, 20},
  {"before", "Before", RCOL_TEXT, 30},
  {"after", "After", RCOL_TEXT, 30},
  {"client", "From address", RCOL_TEXT, 16},
};

static void send_download(Web *w, const Filter *f) {
  PageTables pt = {0};
  RTable *t = page_table(&pt, "Audit log", "", "No entries match.", aAuCol, AU_N);
  Stmt *s = query_entries(w->db, f, AUDIT_DOWNLOAD_MAX, 0);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    rtable_row(t);
    for (int k = 0; k < AU_N; k++) rtable_text(t, k, db_col_text(s, k + 1));
  }
  db_finalize(s);
  /* Part of the log would pass for all of it: nothing is sent. */
  if (rc == DB_DONE) page_tables_send(w, &pt, "audit-log");
  page_tables_free(&pt);
}

/* ---- The page ---------------------------------------------------------------- */

/* What a record code names, in words, with a link where it has a page:
** "child:100006" is "Aoife O'Neill (child 100006)". */
static void record_words(Web *w, const char *zRecord) {
  Buf *b = w->out;
  const char *zColon = strchr(zRecord, ':');
  if (!zColon) {
    static const struct { const char *zCode, *zWords; } a[] = {
      {"audit", "The audit log"}, {"users", "The users"}, {"iros", "The IROs"}, {"rules", "The timescales"},
    };
    for (int i = 0; i < COUNT(a); i++) {
      if (strcmp(zRecord, a[i].zCode) == 0) {
        html_printf(b, "%h", a[i].zWords);
        return;
      }
    }
    html_printf(b, "%h", zRecord);
    return;
  }
  char zKind[32];
  snprintf(zKind, sizeof zKind, "%.*s", (int)(zColon - zRecord < 31 ? zColon - zRecord : 31), zRecord);
  const char *zId = zColon + 1;
  if (strcmp(zKind, "child") == 0) {
    Stmt *s = db_query(w->db, "SELECT given_name, family_name FROM child WHERE child_ref = ?", "s", zId);
    if (db_step(s) == DB_ROW) {
      html_printf(b, "<a class=\"govuk-link\" href=\"/children/%u\">%h %h</a> (child %h)", zId, db_col_text(s, 0),
                  db_col_text(s, 1), zId);
    } else {
      html_printf(b, "Child %h", zId);
    }
    db_finalize(s);
    return;
  }
  if (strcmp(zKind, "user") == 0) {
    Stmt *s = db_query(w->db, "SELECT display_name FROM users WHERE username = ?", "s", zId);
    if (db_step(s) == DB_ROW) html_printf(b, "User %h (%h)", db_col_text(s, 0), zId);
    else html_printf(b, "User %h", zId);
    db_finalize(s);
    return;
  }
  if (strcmp(zKind, "iro") == 0) {
    Stmt *s = db_query(w->db, "SELECT name FROM iro WHERE CAST(id AS TEXT) = ?", "s", zId);
    if (db_step(s) == DB_ROW) html_printf(b, "<a class=\"govuk-link\" href=\"/iros/%u\">IRO %h</a>", zId, db_col_text(s, 0));
    else html_printf(b, "IRO %h", zId);
    db_finalize(s);
    return;
  }
  static const struct { const char *zKind, *zWords; } aKind[] = {
    {"closure", "Office closure day"}, {"escalation", "Escalation"}, {"home", "Children's home"},
    {"iro_cover", "IRO cover"}, {"lado", "Allegation case"}, {"locality", "Locality"},
    {"network", "Sign-ins from address"}, {"pf", "Private fostering arrangement"},
    {"qpag", "Quality assurance action"}, {"rule", "Timescale"}, {"ssda903", "SSDA903 return for"},
    {"thematic", "Thematic review"}, {"cli", "Command line"},
  };
  for (int i = 0; i < COUNT(aKind); i++) {
    if (strcmp(zKind, aKind[i].zKind) == 0) {
      html_printf(b, "%h %h", aKind[i].zWords, zId);
      return;
    }
  }
  html_printf(b, "%h", zRecord);
}

static void filters_form(Web *w, const Filter *f) {
  Buf *b = w->out;
  html_raw(b, "<form method=\"get\" action=\"/audit\" novalidate>\n<h2 class=\"govuk-heading-m\">Filter entries</h2>\n"
              "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-half\">\n");
  /* Who: everyone who has an account, by name (their username after it,
  ** as it appears in the downloads). Entries by the command line or the
  ** system are found by the record or the action. */
  int n = 0;
  Stmt *s = db_query(w->db, "SELECT username, display_name FROM users ORDER BY display_name, username", "");
  char **az = xmalloc(sizeof(char *) * 2);
  az[n++] = xstrdup("");
  az[n++] = xstrdup("Anyone");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    az = xrealloc(az, sizeof(char *) * (size_t)(n + 3));
    az[n++] = xstrdup(db_col_text(s, 0));
    az[n++] = xmprintf("%s (%s)", db_col_text(s, 1), db_col_text(s, 0));
  }
  db_finalize(s);
  az[n] = NULL;
  if (rc != DB_DONE) {
    for (int i = 0; i < n; i++) free(az[i]);
    free(az);
    return;   /* noted on the connection: the skeleton's error page */
  }
  input_select(w, "user", "Who", NULL, (const char *const *)az, f->zUser);
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
  html_raw(b, "</div>\n<div class=\"govuk-grid-column-one-half\">\n");
  int nAct = audit_action_count();
  const char **azAct = xmalloc(sizeof(char *) * (size_t)(2 * nAct + 3));
  int k = 0;
  azAct[k++] = "";
  azAct[k++] = "Anything";
  for (int i = 0; i < nAct; i++) {
    azAct[k++] = audit_action_code(i);
    azAct[k++] = audit_action_words(audit_action_code(i));
  }
  azAct[k] = NULL;
  input_select(w, "action", "What", NULL, azAct, f->zAction);
  free(azAct);
  html_raw(b, "</div>\n</div>\n");
  input_text(w, "record", "Record", "A child's ID (such as 100006), or a record as the downloads name it (user:sam)",
             http_query(w->req, "record") ? http_query(w->req, "record") : "", "off");
  html_raw(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-half\">\n");
  input_date(w, "from", "From", "For example, 23 11 2026", f->from);
  html_raw(b, "</div>\n<div class=\"govuk-grid-column-one-half\">\n");
  input_date(w, "to", "To", "For example, 30 11 2026", f->to);
  html_raw(b, "</div>\n</div>\n<div class=\"govuk-button-group\">\n");
  button(w, "Show entries");
  if (filtered(f)) html_raw(b, "<a class=\"govuk-link\" href=\"/audit\">Clear filters</a>\n");
  html_raw(b, "</div>\n</form>\n");
}

typedef struct Entry {
  int64_t id;
  char *az[9];
} Entry;

static void entries_table(Web *w, Entry *a, int n) {
  Buf *b = w->out;
  html_raw(b, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"Audit log entries\" tabindex=\"0\">\n"
              "<table class=\"govuk-table app-table--compact\">\n"
              "<caption class=\"govuk-table__caption govuk-visually-hidden\">Audit log entries</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Who</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">What</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Record</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Before</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">After</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">From address</th></tr></thead>\n"
              "<tbody class=\"govuk-table__body\">\n");
  for (int i = 0; i < n; i++) {
    char **z = a[i].az;   /* [1] at, actor, action, record, before, after, client, [8] display name */
    char zWhen[64];
    user_time_words(z[1], zWhen, sizeof zWhen);
    html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">", zWhen);
    if (z[8][0]) html_printf(b, "%h", z[8]);
    else if (strncmp(z[2], "cli:", 4) == 0) html_printf(b, "%h on the command line", z[2] + 4);
    else html_printf(b, "%h", z[2]);
    const char *zWords = audit_action_words(z[3]);
    html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">", zWords ? zWords : z[3]);
    record_words(w, z[4]);
    /* Before and after as stored, their dates in words (the downloads keep them as written). */
    html_raw(b, "</td><td class=\"govuk-table__cell\">");
    html_text_dates_in_words(b, z[5]);
    html_raw(b, "</td><td class=\"govuk-table__cell\">");
    html_text_dates_in_words(b, z[6]);
    html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td></tr>\n", z[7][0] ? z[7] : "Command line");
  }
  html_raw(b, "</tbody>\n</table>\n</div>\n");
}

void page_audit(Web *w) {
  Filter f;
  read_filter(w, &f);

  /* Reading the log is itself recorded, before anything is shown, so no
  ** one can read it without leaving a trace. */
  int auditFailed = 0;
  if (!w->err.n) {
    Buf q = {0};
    filter_query(&f, &q);
    auditFailed = audit_write(w->db, w->sess.user.zUsername, w->fmt == FMT_PAGE ? "audit.view" : "download", "audit",
                              NULL, q.n ? q.z : "all entries", w->req->zClient) != DB_OK;
    buf_free(&q);
    if (auditFailed) w->resp->status = 503;
  }
  if (w->fmt != FMT_PAGE && !w->err.n && !auditFailed) {
    send_download(w, &f);
    return;
  }
  /* A download asked for with wrong filters gets the page with the errors. */
  if (w->fmt != FMT_PAGE && w->err.n) w->resp->status = 400;

  Entry a[AUDIT_PAGE + 1];
  int n = 0, forward = f.newer && !f.older;
  if (!w->err.n && !auditFailed) {
    Stmt *s = query_entries(w->db, &f, AUDIT_PAGE + 1, forward);
    while (n < AUDIT_PAGE + 1 && db_step(s) == DB_ROW) {
      a[n].id = db_col_int(s, 0);
      for (int k = 0; k < 8; k++) a[n].az[k + 1] = xstrdup(db_col_text(s, k + 1));
      a[n].az[0] = NULL;
      n++;
    }
    db_finalize(s);
  }
  /* One more than a page was read to know whether there is another. */
  int more = n > AUDIT_PAGE;
  if (more) {
    for (int k = 1; k < 9; k++) free(a[AUDIT_PAGE].az[k]);
    n = AUDIT_PAGE;
  }
  if (forward) {
    for (int i = 0; i < n / 2; i++) {
      Entry t = a[i];
      a[i] = a[n - 1 - i];
      a[n - 1 - i] = t;
    }
  }
  int hasOlder = forward ? n > 0 : more, hasNewer = forward ? more : f.older != 0;

  Buf *b = w->out;
  page_begin(w, "Audit log");
  error_summary(w);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Audit log</h1>\n"
              "<p class=\"govuk-body\">Every change, and every view of a person's record, is written here: who,"
              " when, what and from where. Entries can never be changed or deleted. Times are UK time.</p>\n");
  filters_form(w, &f);
  Buf q = {0};
  filter_query(&f, &q);
  if (auditFailed) {
    html_raw(b, "<p class=\"govuk-body\">The log cannot be shown because your viewing of it could not be recorded."
                " Try again in a few minutes. If it keeps happening, tell IT support.</p>\n");
  } else if (!w->err.n && !n) {
    html_raw(b, "<p class=\"govuk-body\">No entries match. Try a wider date range, or clear the filters.</p>\n");
  } else if (!w->err.n) {
    html_printf(b, "<h2 class=\"govuk-heading-m\">%h</h2>\n",
                f.older || f.newer ? "Entries, newest first" : "The latest entries, newest first");
    entries_table(w, a, n);
    if (hasOlder || hasNewer) {
      html_raw(b, "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pages of the audit log\">\n");
      if (hasNewer) {
        html_printf(b, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                       "href=\"/audit?%h%hnewer=%lld\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">"
                       "Newer entries</span></a></div>\n",
                    q.n ? q.z : "", q.n ? "&" : "", (long long)a[0].id);
      }
      if (hasOlder) {
        html_printf(b, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                       "href=\"/audit?%h%holder=%lld\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                       "Older entries</span></a></div>\n",
                    q.n ? q.z : "", q.n ? "&" : "", (long long)a[n - 1].id);
      }
      html_raw(b, "</nav>\n");
    }
    html_printf(b, "<ul class=\"govuk-list\">\n"
                   "<li><a class=\"govuk-link\" href=\"/audit.csv%h%h\" download>Download the entries these filters "
                   "match as a CSV file (spreadsheet)</a></li>\n"
                   "<li><a class=\"govuk-link\" href=\"/audit.xlsx%h%h\" download>Download them as an Excel workbook</a></li>\n"
                   "</ul>\n<p class=\"govuk-body\">Downloads hold every matching entry up to the newest %d, with times in "
                   "UTC and each action and record as its code, for other systems. For more, narrow the dates.</p>\n",
                q.n ? "?" : "", q.n ? q.z : "", q.n ? "?" : "", q.n ? q.z : "", AUDIT_DOWNLOAD_MAX);
  }
  page_end(w);
  buf_free(&q);
  for (int i = 0; i < n; i++) {
    for (int k = 1; k < 9; k++) free(a[i].az[k]);
  }
}
