/*
** cover.c: IROs covering for each other, and who may change a child's
** records (SPEC §11). See cover.h.
*/
#include "cover.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int iro_may_change_child(Db *db, int64_t userIroId, int64_t childId, Date today) {
  if (!userIroId || !childId) return 0;
  char zOn[11];
  date_iso(today, zOn);
  /* The child's IRO on `today` (allocations end on end_date, exclusive,
  ** as everywhere), and whether that IRO is this one or covered by them. */
  return db_int(db, 0,
      "SELECT 1 FROM allocation a WHERE a.child_id = ? AND a.start_date <= ?"
      " AND (a.end_date IS NULL OR a.end_date > ?)"
      " AND (a.iro_id = ? OR EXISTS (SELECT 1 FROM iro_cover v"
      "  WHERE v.absent_iro_id = a.iro_id AND v.covering_iro_id = ?"
      "  AND v.from_date <= ? AND v.to_date >= ? AND v.withdrawn_at IS NULL))",
      "IssIIss", childId, zOn, zOn, userIroId, userIroId, zOn, zOn) == 1;
}

static int active_iro(Db *db, int64_t id) {
  return id && db_int(db, 0, "SELECT active FROM iro WHERE id = ?", "I", id) == 1;
}

/* "Sam Patel covers Ali Khan from 2026-12-01 to 2026-12-12: reason" for the audit log. */
static char *cover_words(const Cover *c) {
  char zFrom[11], zTo[11];
  return xmprintf("%s covers %s from %s to %s%s%s%s", c->zCovering, c->zAbsent, date_iso(c->from, zFrom),
                  date_iso(c->to, zTo), c->zReason[0] ? ": " : "", c->zReason,
                  c->withdrawn ? " (withdrawn)" : "");
}

static const char zSelect[] =
    "SELECT v.id, v.covering_iro_id, v.absent_iro_id, c.name, a.name, v.from_date, v.to_date,"
    " ifnull(v.reason, ''), v.withdrawn_at IS NOT NULL"
    " FROM iro_cover v JOIN iro c ON c.id = v.covering_iro_id JOIN iro a ON a.id = v.absent_iro_id";

static void cover_row(Stmt *s, Cover *out) {
  memset(out, 0, sizeof *out);
  out->id = db_col_int(s, 0);
  out->coveringIroId = db_col_int(s, 1);
  out->absentIroId = db_col_int(s, 2);
  out->zCovering = xstrdup(db_col_text(s, 3));
  out->zAbsent = xstrdup(db_col_text(s, 4));
  out->from = db_col_date(s, 5);
  out->to = db_col_date(s, 6);
  out->zReason = xstrdup(db_col_text(s, 7));
  out->withdrawn = (int)db_col_int(s, 8);
}

void cover_clear(Cover *c) {
  free(c->zCovering);
  free(c->zAbsent);
  free(c->zReason);
  memset(c, 0, sizeof *c);
}

void cover_list_free(Cover *a, int n) {
  for (int i = 0; i < n; i++) cover_clear(&a[i]);
  free(a);
}

int cover_get(Db *db, int64_t id, Cover *out) {
  char *zSql = xmprintf("%s WHERE v.id = ?", zSelect);
  Stmt *s = db_query(db, zSql, "I", id);
  int found = db_step(s) == DB_ROW;
  if (found) cover_row(s, out);
  db_finalize(s);
  free(zSql);
  return found;
}

int64_t cover_add(Db *db, int64_t coveringIroId, int64_t absentIroId, Date from, Date to,
                  const char *zReason, Date today, const char *zActor, Errors *err) {
  if (!active_iro(db, absentIroId)) errors_add(err, "covering_iro", "The IRO to be covered is not an active IRO");
  if (!active_iro(db, coveringIroId)) {
    errors_add(err, "covering_iro", "Select the IRO who will cover");
  } else if (coveringIroId == absentIroId) {
    errors_add(err, "covering_iro", "Select another IRO: an IRO cannot cover for themself");
  }
  if (from == DATE_NONE) errors_add(err, "from", "Enter the first day of cover");
  if (to == DATE_NONE) {
    errors_add(err, "to", "Enter the last day of cover");
  } else if (from != DATE_NONE && to < from) {
    errors_add(err, "to", "The last day of cover must be the same as or after the first day");
  } else if (to < today) {
    /* Cover only decides who may change records from now on: cover wholly
    ** in the past would change nothing, and is most likely a typing slip. */
    errors_add(err, "to", "The last day of cover must be today or later");
  }
  if (err->n) return 0;
  Cover c;
  db_begin(db);
  Stmt *s = db_query(db,
      "INSERT INTO iro_cover(covering_iro_id, absent_iro_id, from_date, to_date, reason, created_by, created_at)"
      " VALUES(?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP) RETURNING id",
      "IIDDss", coveringIroId, absentIroId, (int)from, (int)to, zReason && *zReason ? zReason : NULL, zActor);
  int64_t id = 0;
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(s, 0);
  db_finalize(s);
  char *zAfter = NULL, *zRec = NULL;
  if (rc == DB_OK && cover_get(db, id, &c)) {
    zAfter = cover_words(&c);
    cover_clear(&c);
    zRec = xmprintf("iro_cover:%lld", (long long)id);
    rc = audit_write(db, zActor, "cover.add", zRec, NULL, zAfter, NULL);
  } else {
    rc = DB_ERROR;
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "covering_iro", "Could not save the cover: %s", db_errmsg(db));
  free(zAfter);
  free(zRec);
  return rc == DB_OK ? id : 0;
}

int cover_end(Db *db, int64_t id, Date lastDay, const char *zActor, Errors *err) {
  Cover c;
  if (!cover_get(db, id, &c)) {
    errors_add(err, "id", "There is no such cover");
    return -1;
  }
  if (lastDay == DATE_NONE) errors_add(err, "last_day", "Enter the last day of cover");
  else if (c.withdrawn) errors_add(err, "last_day", "This cover was withdrawn; record new cover instead");
  if (err->n) {
    cover_clear(&c);
    return -1;
  }
  char *zBefore = cover_words(&c);
  Date first = c.from;
  cover_clear(&c);
  /* Before the first day: the cover is withdrawn, its dates kept as they
  ** were so the log and the list still say what had been planned. */
  int withdraw = lastDay < first;
  db_begin(db);
  int rc = withdraw ? db_exec(db, "UPDATE iro_cover SET withdrawn_at = CURRENT_TIMESTAMP WHERE id = ?", "I", id)
                    : db_exec(db, "UPDATE iro_cover SET to_date = ? WHERE id = ?", "DI", (int)lastDay, id);
  char *zAfter = NULL, *zRec = xmprintf("iro_cover:%lld", (long long)id);
  if (rc == DB_OK && cover_get(db, id, &c)) {
    zAfter = cover_words(&c);
    cover_clear(&c);
    rc = audit_write(db, zActor, withdraw ? "cover.withdraw" : "cover.end", zRec, zBefore, zAfter, NULL);
  } else {
    rc = DB_ERROR;
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "last_day", "Could not save the change: %s", db_errmsg(db));
  free(zBefore);
  free(zAfter);
  free(zRec);
  return rc == DB_OK ? 0 : -1;
}

int cover_list(Db *db, int64_t iroId, int which, Date asOf, Cover **paOut) {
  char zOn[11] = "";
  if (asOf != DATE_NONE) date_iso(asOf, zOn);
  const char *zWho = !iroId ? "? = 0" : which == COVER_BY_COVERING ? "v.covering_iro_id = ?" : "v.absent_iro_id = ?";
  char *zSql = xmprintf("%s WHERE %s AND (? = '' OR (v.to_date >= ? AND v.withdrawn_at IS NULL))"
                        " ORDER BY v.from_date, v.to_date, v.id", zSelect, zWho);
  Stmt *s = db_query(db, zSql, "Iss", iroId, zOn, zOn);
  Cover *a = NULL;
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
    cover_row(s, &a[n++]);
  }
  db_finalize(s);
  free(zSql);
  if (rc != DB_DONE) {
    /* A cover left off would leave children unwatched: none, and -1. */
    cover_list_free(a, n);
    *paOut = NULL;
    return -1;
  }
  *paOut = a;
  return n;
}
