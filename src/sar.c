/*
** sar.c: subject access copies (see sar.h). Each kind of record is one
** query; its every column goes into the copy, so a column added to a table
** later is in the copy without a change here. Only the queries name tables:
** a table that gains a child_id (or a case_id) must gain a query here too.
*/
#include "sar.h"
#include "audit.h"
#include "html.h"
#include "users.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct SarDef {
  const char *zTitle, *zSlug, *zSql;   /* zSql: one parameter, ?1 */
} SarDef;

/* The child's record: ?1 is child.id. */
static const SarDef aChild[] = {
  {"Details", "details",
   "SELECT c.child_ref, c.given_name, c.family_name, c.dob, c.sex, c.ethnicity, c.disability, c.sen, c.uasc,"
   " (SELECT name FROM locality l WHERE l.id = c.locality_id) AS locality, c.created_at FROM child c WHERE c.id = ?1"},
  {"Brothers and sisters recorded with them", "siblings",
   "SELECT o.child_ref AS sibling_ref, o.given_name AS sibling_given_name, o.family_name AS sibling_family_name"
   " FROM child c JOIN child o ON o.sibling_group_id = c.sibling_group_id AND o.id <> c.id WHERE c.id = ?1"
   " ORDER BY o.child_ref"},
  {"Care notifications", "care-notifications",
   "SELECT id, notified_on, note FROM care_notification WHERE child_id = ?1 ORDER BY notified_on, id"},
  {"Placements (episodes of care)", "placements", "SELECT * FROM episode WHERE child_id = ?1 ORDER BY start_date"},
  {"Reviewing officers (IROs) allocated", "allocations",
   "SELECT a.id, a.start_date, a.end_date, a.reason, i.name AS iro FROM allocation a LEFT JOIN iro i ON i.id = a.iro_id"
   " WHERE a.child_id = ?1 ORDER BY a.start_date, a.id"},
  {"Reviews", "reviews",
   "SELECT r.*, i.name AS iro FROM review r LEFT JOIN iro i ON i.id = r.iro_id WHERE r.child_id = ?1 ORDER BY r.held_on"},
  {"People invited to reviews", "review-attendees",
   "SELECT a.review_id, r.held_on, a.role, a.name, a.took_part FROM review_attendee a JOIN review r ON r.id = a.review_id"
   " WHERE r.child_id = ?1 ORDER BY r.held_on, a.position"},
  {"Review recommendations", "recommendations", "SELECT * FROM recommendation WHERE child_id = ?1 ORDER BY id"},
  {"Notes on recommendations", "recommendation-notes",
   "SELECT n.* FROM recommendation_note n JOIN recommendation r ON r.id = n.recommendation_id WHERE r.child_id = ?1"
   " ORDER BY n.id"},
  {"Contacts with the reviewing officer", "contacts",
   "SELECT c.id, c.contact_on, c.kind, c.with_whom, c.note, i.name AS iro FROM contact c"
   " LEFT JOIN iro i ON i.id = c.iro_id WHERE c.child_id = ?1 ORDER BY c.contact_on, c.id"},
  {"Escalations (dispute resolution)", "escalations",
   "SELECT e.*, i.name AS iro FROM escalation e LEFT JOIN iro i ON i.id = e.iro_id"
   " WHERE e.id IN (SELECT escalation_id FROM escalation_child WHERE child_id = ?1) ORDER BY e.id"},
  {"Other children in the same escalations", "escalation-children",
   "SELECT ec.escalation_id, o.child_ref AS other_child_ref, o.given_name AS other_child_given_name,"
   " o.family_name AS other_child_family_name FROM escalation_child ec JOIN child o ON o.id = ec.child_id"
   " WHERE ec.child_id <> ?1 AND ec.escalation_id IN (SELECT escalation_id FROM escalation_child WHERE child_id = ?1)"
   " ORDER BY ec.escalation_id, ec.position"},
  {"Escalation stages", "escalation-stages",
   "SELECT s.* FROM escalation_stage s WHERE s.escalation_id IN"
   " (SELECT escalation_id FROM escalation_child WHERE child_id = ?1) ORDER BY s.escalation_id, s.id"},
  {"Unregistered provision", "unregistered", "SELECT * FROM unreg_event WHERE child_id = ?1 ORDER BY on_date, id"},
  {"Monthly oversight records (unregistered provision)", "oversight-records",
   "SELECT o.*, i.name AS iro FROM oversight_record o LEFT JOIN iro i ON i.id = o.iro_id WHERE o.child_id = ?1"
   " ORDER BY o.month, o.id"},
  {"Alerts acknowledged", "alerts",
   "SELECT a.id, a.item, a.due_on, a.acked_at, a.note, u.display_name AS acknowledged_by FROM alert_ack a"
   " LEFT JOIN users u ON u.id = a.user_id WHERE a.child_id = ?1 ORDER BY a.id"},
  {"SSDA903 return: details", "ssda903-child", "SELECT * FROM ssda903_child WHERE child_id = ?1"},
  {"SSDA903 return: years", "ssda903-years", "SELECT * FROM ssda903_return_child WHERE child_id = ?1 ORDER BY year"},
  {"SSDA903 return: rows as received", "ssda903-rows",
   "SELECT * FROM ssda903_row WHERE child_id = ?1 ORDER BY year, kind, seq"},
  {"Audit log: every view and change of their record", "audit-log",
   "SELECT id, at, actor, action, before_value, after_value FROM audit_log"
   " WHERE record = (SELECT 'child:' || child_ref FROM child WHERE id = ?1)"
   " OR record IN (SELECT 'escalation:' || escalation_id FROM escalation_child WHERE child_id = ?1) ORDER BY id"},
};

/* The adult's LADO cases: ?1 is the name. */
#define ADULT_CASES "(SELECT id FROM lado_case WHERE lower(trim(adult_name)) = lower(trim(?1)))"
static const SarDef aAdult[] = {
  {"Allegations (LADO cases)", "cases",
   "SELECT * FROM lado_case WHERE id IN " ADULT_CASES " ORDER BY id"},
  {"Advice given at the decision", "advice", "SELECT * FROM lado_advice WHERE case_id IN " ADULT_CASES " ORDER BY case_id"},
  {"Corrections to the advice", "advice-corrections",
   "SELECT * FROM lado_advice_correction WHERE case_id IN " ADULT_CASES " ORDER BY id"},
  {"Meetings", "meetings", "SELECT * FROM lado_meeting WHERE case_id IN " ADULT_CASES " ORDER BY case_id, held_on, id"},
  {"Actions taken", "actions", "SELECT * FROM lado_action WHERE case_id IN " ADULT_CASES " ORDER BY case_id"},
  {"Strategy meetings the Designated Officer attended", "strategy-meetings",
   "SELECT * FROM lado_strategy_meeting WHERE case_id IN " ADULT_CASES " ORDER BY case_id, held_on, id"},
  {"Recommendations", "recommendations",
   "SELECT * FROM lado_recommendation WHERE case_id IN " ADULT_CASES " ORDER BY id"},
  {"Retention reviews", "retention-reviews",
   "SELECT * FROM lado_retention_review WHERE case_id IN " ADULT_CASES " ORDER BY id"},
  {"Audit log: every view and change of the cases", "audit-log",
   "SELECT id, at, actor, action, before_value, after_value FROM audit_log"
   " WHERE record IN (SELECT 'lado:' || id FROM lado_case WHERE id IN " ADULT_CASES ") ORDER BY id"},
};

/* Columns that hold other people's names, or free text that may name
** them: marked for the officer to review before the copy is sent. */
static const char *const azThird[] = {
  "acknowledged_by", "actor", "advice", "after_value", "allegation", "author", "before_value", "by_whom",
  "children", "closed_by", "concern", "correction", "employer", "findings", "impact", "iro", "late_reason",
  "moved_reason", "note", "note_a", "note_b", "note_c", "note_d", "notes", "other_child_family_name",
  "other_child_given_name", "other_child_ref", "outcome_wanted", "owner", "owner_name", "provider_name",
  "raised_by", "reason", "recorded_by", "referrer", "referrer_agency", "responder", "response", "reviewed_by",
  "sibling_family_name", "sibling_given_name", "sibling_ref", "text",
  /* the review meeting (migration 024): who was invited, the IRO's view */
  "name", "iro_view", "permanence_other", "responder_email",
};

static int is_third(const char *zCol) {
  for (int i = 0; i < COUNT(azThird); i++) {
    if (strcmp(zCol, azThird[i]) == 0) return 1;
  }
  return 0;
}

void sar_free(Sar *s) {
  for (int i = 0; i < s->n; i++) {
    SarSection *p = &s->a[i];
    free(p->zTitle);
    free(p->zFile);
    for (int k = 0; k < p->nCol; k++) free(p->azCol[k]);
    free(p->azCol);
    free(p->aThird);
    for (int k = 0; k < p->nRow * p->nCol; k++) free(p->azCell[k]);
    free(p->azCell);
  }
  free(s->a);
  free(s->zSubject);
  free(s->zKind);
  memset(s, 0, sizeof *s);
}

/* Run every definition with the one parameter (an id when zText is NULL).
** 0, or -1 when a query failed. */
static int gather(Db *db, const SarDef *aDef, int nDef, int64_t id, const char *zText, Sar *out) {
  out->a = xcalloc((size_t)nDef, sizeof *out->a);
  for (int d = 0; d < nDef; d++) {
    SarSection *p = &out->a[out->n++];
    p->zTitle = xstrdup(aDef[d].zTitle);
    p->zFile = xmprintf("%02d-%s.csv", d + 1, aDef[d].zSlug);
    Stmt *s = zText ? db_query(db, aDef[d].zSql, "s", zText) : db_query(db, aDef[d].zSql, "I", id);
    p->nCol = db_column_count(s);
    p->azCol = xcalloc((size_t)(p->nCol ? p->nCol : 1), sizeof *p->azCol);
    p->aThird = xcalloc((size_t)(p->nCol ? p->nCol : 1), 1);
    for (int k = 0; k < p->nCol; k++) {
      p->azCol[k] = xstrdup(db_column_name(s, k));
      p->aThird[k] = (unsigned char)is_third(p->azCol[k]);
    }
    int rc, cap = 0;
    while ((rc = db_step(s)) == DB_ROW) {
      if (p->nRow == cap) {
        cap = cap ? cap * 2 : 8;
        p->azCell = xrealloc(p->azCell, (size_t)cap * (size_t)p->nCol * sizeof *p->azCell);
      }
      for (int k = 0; k < p->nCol; k++) p->azCell[p->nRow * p->nCol + k] = xstrdup(db_col_text(s, k));
      p->nRow++;
    }
    db_finalize(s);
    if (rc != DB_DONE) return -1;
  }
  return 0;
}

int sar_child(Db *db, const char *zRef, const char *zActor, const char *zClient, Sar *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT id, given_name, family_name FROM child WHERE child_ref = ?", "s", zRef);
  int rc = db_step(s);
  int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
  if (rc == DB_ROW) {
    out->zSubject = xmprintf("%s %s (child %s)", db_col_text(s, 1), db_col_text(s, 2), zRef);
  }
  db_finalize(s);
  if (rc != DB_ROW) return rc == DB_DONE ? 0 : -1;
  out->zKind = xstrdup("child");
  /* Read and audit in one transaction: the copy is what the entry says. */
  db_begin(db);
  int bad = gather(db, aChild, COUNT(aChild), id, NULL, out) != 0;
  char *zRec = xmprintf("child:%s", zRef);
  if (!bad) bad = audit_write(db, zActor, "sar.child", zRec, NULL, NULL, zClient) != DB_OK;
  free(zRec);
  if (!bad) bad = db_commit(db) != DB_OK;
  else db_rollback(db);
  if (bad) {
    sar_free(out);
    return -1;
  }
  return 1;
}

int sar_adult(Db *db, const char *zName, const char *zActor, const char *zClient, Sar *out) {
  memset(out, 0, sizeof *out);
  int64_t *aId = NULL;
  int nId = 0, rc;
  char *zShown = NULL;
  Stmt *s = db_query(db, "SELECT id, adult_name FROM lado_case WHERE id IN " ADULT_CASES " ORDER BY id", "s", zName);
  while ((rc = db_step(s)) == DB_ROW) {
    aId = xrealloc(aId, (size_t)(nId + 1) * sizeof *aId);
    aId[nId++] = db_col_int(s, 0);
    if (!zShown) zShown = xstrdup(db_col_text(s, 1));
  }
  db_finalize(s);
  if (rc != DB_DONE || nId == 0) {
    free(aId);
    free(zShown);
    return rc == DB_DONE ? 0 : -1;
  }
  out->zSubject = xmprintf("%s (adult named in %d LADO case%s)", zShown, nId, nId == 1 ? "" : "s");
  out->zKind = xstrdup("adult");
  free(zShown);
  db_begin(db);
  int bad = gather(db, aAdult, COUNT(aAdult), 0, zName, out) != 0;
  for (int i = 0; !bad && i < nId; i++) {
    char zRec[40];
    snprintf(zRec, sizeof zRec, "lado:%lld", (long long)aId[i]);
    bad = audit_write(db, zActor, "sar.adult", zRec, NULL, NULL, zClient) != DB_OK;
  }
  free(aId);
  if (!bad) bad = db_commit(db) != DB_OK;
  else db_rollback(db);
  if (bad) {
    sar_free(out);
    return -1;
  }
  return 1;
}

/* ---- Writing it out -------------------------------------------------------- */

/* "held_on" -> "Held on". */
static void col_words(Buf *b, const char *zCol) {
  for (int i = 0; zCol[i]; i++) {
    char c = zCol[i] == '_' ? ' ' : zCol[i];
    if (i == 0 && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    buf_putc(b, c);
  }
}

/* A stored value in words: a date as "5 April 2021", a UTC stamp as UK
** time, an audit action as what it means; anything else as it is. */
static void cell_words(const SarSection *p, int k, const char *z, Buf *out) {
  Date d;
  char zW[64];
  if (strlen(z) == 10 && date_parse(z, &d) == 0) {
    buf_puts(out, date_long(d, zW));
  } else if (strlen(z) == 20 && z[10] == 'T' && z[19] == 'Z') {
    user_time_words(z, zW, sizeof zW);
    buf_puts(out, zW);
  } else if (strcmp(p->azCol[k], "action") == 0 && audit_action_words(z)) {
    buf_puts(out, audit_action_words(z));
  } else {
    buf_puts(out, z);
  }
}

void sar_html(const Sar *s, Date on, Buf *b) {
  char zOn[24];
  html_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>Subject access copy: %h</title>\n"
                 "<style>\n"
                 "body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c;line-height:1.4}\n"
                 "table{border-collapse:collapse;margin:0 0 1.5em;font-size:0.9em}\n"
                 "th,td{border:1px solid #b1b4b6;padding:0.3em 0.5em;text-align:left;vertical-align:top}\n"
                 "th{background:#f3f2f1}\n"
                 ".review{background:#fff7bf}\n"
                 ".mark{font-weight:bold;white-space:nowrap}\n"
                 ".scroll{overflow-x:auto}\n"
                 "@media print{.scroll{overflow:visible}table{page-break-inside:auto}tr{page-break-inside:avoid}"
                 "h2{page-break-after:avoid}}\n"
                 "</style>\n</head>\n<body>\n"
                 "<h1>Subject access copy: %h</h1>\n"
                 "<p>Everything Oversight holds about this person on %h: every record, and every entry in the audit log"
                 " about them. Dates are shown in words; times are UK time.</p>\n"
                 "<p><strong>Before sending:</strong> cells marked <span class=\"review mark\">[review for redaction]</span>"
                 " hold other people's names or free text that may name them (carers, professionals, other children,"
                 " staff). Read each one and redact what the person may not see.</p>\n",
              s->zSubject, s->zSubject, date_long(on, zOn));
  for (int i = 0; i < s->n; i++) {
    const SarSection *p = &s->a[i];
    html_printf(b, "<h2>%h</h2>\n", p->zTitle);
    if (p->nRow == 0) {
      html_raw(b, "<p>None held.</p>\n");
      continue;
    }
    html_raw(b, "<div class=\"scroll\"><table>\n<thead><tr>");
    for (int k = 0; k < p->nCol; k++) {
      Buf w = {0};
      col_words(&w, p->azCol[k]);
      html_printf(b, "<th scope=\"col\">%h%h</th>", w.z ? w.z : "", p->aThird[k] ? " (review for redaction)" : "");
      buf_free(&w);
    }
    html_raw(b, "</tr></thead>\n<tbody>\n");
    for (int r = 0; r < p->nRow; r++) {
      html_raw(b, "<tr>");
      for (int k = 0; k < p->nCol; k++) {
        const char *z = p->azCell[r * p->nCol + k];
        Buf w = {0};
        cell_words(p, k, z, &w);
        if (p->aThird[k] && z[0]) {
          html_printf(b, "<td class=\"review\">%h <span class=\"mark\">[review for redaction]</span></td>", w.z);
        } else {
          html_printf(b, "<td>%h</td>", w.z ? w.z : "");
        }
        buf_free(&w);
      }
      html_raw(b, "</tr>\n");
    }
    html_raw(b, "</tbody>\n</table></div>\n");
  }
  html_raw(b, "</body>\n</html>\n");
}

void sar_csv(const SarSection *p, Buf *b) {
  for (int k = 0; k < p->nCol; k++) {
    buf_csv(b, p->azCol[k]);
    buf_putc(b, ',');
  }
  buf_puts(b, "review for redaction\r\n");
  for (int r = 0; r < p->nRow; r++) {
    Buf marks = {0};
    for (int k = 0; k < p->nCol; k++) {
      const char *z = p->azCell[r * p->nCol + k];
      buf_csv(b, z);
      buf_putc(b, ',');
      if (p->aThird[k] && z[0]) buf_printf(&marks, "%s%s", marks.n ? " " : "", p->azCol[k]);
    }
    buf_csv(b, marks.z ? marks.z : "");
    buf_puts(b, "\r\n");
    buf_free(&marks);
  }
}

/* Write b to zPath, new, mode 0600. */
static int write_file(const char *zPath, const Buf *b, char **pzErr) {
  int fd = open(zPath, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    *pzErr = xmprintf("cannot write %s: %s", zPath, strerror(errno));
    return -1;
  }
  size_t off = 0;
  while (off < b->n) {
    ssize_t n = write(fd, b->z + off, b->n - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *pzErr = xmprintf("cannot write %s: %s", zPath, strerror(errno));
      close(fd);
      return -1;
    }
    off += (size_t)n;
  }
  if (close(fd) != 0) {
    *pzErr = xmprintf("cannot write %s: %s", zPath, strerror(errno));
    return -1;
  }
  return 0;
}

int sar_write(const Sar *s, Date on, const char *zDir, char **pzErr) {
  *pzErr = NULL;
  if (mkdir(zDir, 0700) != 0 && errno != EEXIST) {
    *pzErr = xmprintf("cannot make the folder %s: %s", zDir, strerror(errno));
    return -1;
  }
  char *zCsvDir = xmprintf("%s/csv", zDir);
  int rc = 0;
  if (mkdir(zCsvDir, 0700) != 0) {
    *pzErr = xmprintf("cannot make the folder %s: %s", zCsvDir, strerror(errno));
    rc = -1;
  }
  Buf b = {0};
  if (rc == 0) {
    sar_html(s, on, &b);
    char *zPath = xmprintf("%s/subject-access.html", zDir);
    rc = write_file(zPath, &b, pzErr);
    free(zPath);
  }
  for (int i = 0; rc == 0 && i < s->n; i++) {
    buf_reset(&b);
    sar_csv(&s->a[i], &b);
    char *zPath = xmprintf("%s/%s", zCsvDir, s->a[i].zFile);
    rc = write_file(zPath, &b, pzErr);
    free(zPath);
  }
  buf_free(&b);
  free(zCsvDir);
  return rc;
}
