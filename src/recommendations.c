/*
** recommendations.c: a review's recommendations, their rules and queries
** (recommendations.h).
*/
#include "recommendations.h"
#include "audit.h"
#include "rules.h"
#include "deadlines.h"

#include <stdlib.h>
#include <string.h>

const char *const rec_roles[] = {"social-worker", "team-manager", "carer", "health", "education",
                                 "iro", "other", NULL};
static const char *const azRoleLabel[] = {"Social worker", "Team manager", "Carer", "Health",
                                          "Education", "IRO", "Someone else"};

const char *rec_role_label(const char *zRole) {
  for (int i = 0; zRole && rec_roles[i]; i++) {
    if (strcmp(zRole, rec_roles[i]) == 0) return azRoleLabel[i];
  }
  return "";
}

const char *rec_status_name(char status) {
  return status == REC_DONE ? "done" : status == REC_NOT_DONE ? "not-done" : "open";
}
const char *rec_status_label(char status) {
  return status == REC_DONE ? "Done" : status == REC_NOT_DONE ? "Not done" : "Open";
}

/* Characters, not bytes: the maxima are promised to people, who count
** "é" as one. */
static size_t chars(const char *z) {
  size_t n = 0;
  for (; z && *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  return n;
}

static int blank(const char *z) {
  for (; z && *z; z++) {
    if (*z != ' ' && *z != '\t' && *z != '\r' && *z != '\n') return 0;
  }
  return 1;
}

void rec_validate(const RecInput *in, Date held, const char *zPrefix, Errors *err) {
  char zF[32];
#define F(name) (snprintf(zF, sizeof zF, "%s%s", zPrefix, name), zF)
  if (blank(in->zText)) errors_add(err, F("text"), "Enter what the recommendation is");
  else if (chars(in->zText) > REC_MAX_TEXT) {
    errors_add(err, F("text"), "The recommendation must be %d characters or fewer (it has %zu)",
               REC_MAX_TEXT, chars(in->zText));
  }
  if (!*rec_role_label(in->zRole)) {
    errors_add(err, F("role"), "Select who is responsible: social worker, team manager, carer, health,"
                               " education, IRO or someone else");
  }
  if (in->zName && chars(in->zName) > REC_MAX_NAME) {
    errors_add(err, F("name"), "The name must be %d characters or fewer", REC_MAX_NAME);
  }
  if (in->due == DATE_NONE) errors_add(err, F("due"), "Enter the date the recommendation is due by");
  else if (held != DATE_NONE && in->due < held) {
    errors_add(err, F("due"), "The due date must be on or after the date of the review");
  }
#undef F
}

static char *describe(const char *zText, const char *zRole, const char *zName, Date due,
                      const char *zStatus, Date closed, const char *zReason) {
  char a[11], b[11];
  return xmprintf("text \"%s\"; owner %s%s%s; due %s; status %s%s%s%s%s", zText, zRole,
                  zName && *zName ? ":" : "", zName ? zName : "", date_iso(due, a), zStatus,
                  closed != DATE_NONE ? " on " : "", date_iso(closed, b),
                  zReason ? "; reason " : "", zReason ? zReason : "");
}

static char *rec_describe(const RecRecord *r) {
  return describe(r->zText, r->zRole, r->zName, r->due, rec_status_name(r->status), r->closed, r->zReason);
}

/* Audit entry under the child's record, naming the recommendation. */
static int audit_rec(Db *db, int64_t childId, int64_t id, const char *zActor, const char *zAction,
                     const char *zBefore, const char *zAfter) {
  char *zRec = child_record_name(db, childId);
  char *zB = zBefore ? xmprintf("recommendation %lld: %s", (long long)id, zBefore) : NULL;
  char *zA = xmprintf("recommendation %lld: %s", (long long)id, zAfter);
  int rc = audit_write(db, zActor, zAction, zRec, zB, zA, NULL);
  free(zRec);
  free(zB);
  free(zA);
  return rc;
}

static int finish(Db *db, int rc, Errors *err, const char *zField, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, zField, "Could not save the %s: %s", zWhat, db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

int64_t rec_add(Db *db, const Child *c, int64_t reviewId, const RecInput *in, const char *zActor,
                Errors *err) {
  Date held = DATE_NONE;
  for (int i = 0; i < c->nRv; i++) {
    if (c->rv[i].id == reviewId) held = c->rv[i].held;
  }
  if (held == DATE_NONE) {
    /* A review saved in this same transaction is not in c yet: read it. */
    Stmt *s = db_query(db, "SELECT held_on FROM review WHERE id = ? AND child_id = ?", "II", reviewId, c->id);
    if (db_step(s) == DB_ROW) held = db_col_date(s, 0);
    db_finalize(s);
  }
  if (held == DATE_NONE) {
    errors_add(err, "text", "That review does not belong to this child");
    return 0;
  }
  rec_validate(in, held, "", err);
  if (err->n) return 0;
  const char *zName = in->zName ? in->zName : "";
  char zDue[11];
  db_begin(db);
  Stmt *s = db_query(db, "INSERT INTO recommendation(review_id, child_id, text, owner_role, owner_name, due_on)"
                         " VALUES(?, ?, ?, ?, ?, ?) RETURNING id",
                     "IIssss", reviewId, c->id, in->zText, in->zRole, zName, date_iso(in->due, zDue));
  int64_t id = 0;
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(s, 0);
  db_finalize(s);
  if (rc == DB_OK) {
    char *zAfter = describe(in->zText, in->zRole, zName, in->due, "open", DATE_NONE, NULL);
    rc = audit_rec(db, c->id, id, zActor, "recommendation.add", NULL, zAfter);
    free(zAfter);
  }
  return finish(db, rc, err, "text", "recommendation") == 0 ? id : 0;
}

/* ---- Reading ------------------------------------------------------------ */

#define REC_COLUMNS \
  "SELECT x.id, x.review_id, x.child_id, c.child_ref, r.held_on, x.due_on, x.status, x.closed_on," \
  " x.text, x.owner_role, x.owner_name, x.reason, x.carried_review_id, cr.held_on, x.escalation_id" \
  " FROM recommendation x JOIN review r ON r.id = x.review_id JOIN child c ON c.id = x.child_id" \
  " LEFT JOIN review cr ON cr.id = x.carried_review_id"

static void row_to_rec(Stmt *s, RecRecord *r) {
  memset(r, 0, sizeof *r);
  r->id = db_col_int(s, 0);
  r->reviewId = db_col_int(s, 1);
  r->childId = db_col_int(s, 2);
  r->zChildRef = xstrdup(db_col_text(s, 3));
  r->held = db_col_date(s, 4);
  r->due = db_col_date(s, 5);
  const char *z = db_col_text(s, 6);
  r->status = z[0] == 'd' ? REC_DONE : z[0] == 'n' ? REC_NOT_DONE : REC_OPEN;
  r->closed = db_col_date(s, 7);
  r->zText = xstrdup(db_col_text(s, 8));
  r->zRole = xstrdup(db_col_text(s, 9));
  r->zName = xstrdup(db_col_text(s, 10));
  r->zReason = db_col_is_null(s, 11) ? NULL : xstrdup(db_col_text(s, 11));
  r->carriedReviewId = db_col_int(s, 12);
  r->carriedHeld = db_col_date(s, 13);
  r->escalationId = db_col_int(s, 14);
}

/* DB_OK, or DB_ERROR when the read failed (rec_clear frees what was read). */
static int load_notes(Db *db, RecRecord *r) {
  Stmt *s = db_query(db, "SELECT noted_on, author, note FROM recommendation_note WHERE recommendation_id = ?"
                         " ORDER BY noted_on, id", "I", r->id);
  int cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (r->nNote == cap) r->aNote = xrealloc(r->aNote, (size_t)(cap = cap ? cap * 2 : 4) * sizeof *r->aNote);
    RecNote *n = &r->aNote[r->nNote++];
    n->on = db_col_date(s, 0);
    n->zAuthor = xstrdup(db_col_text(s, 1));
    n->zNote = xstrdup(db_col_text(s, 2));
  }
  db_finalize(s);
  return rc == DB_DONE ? DB_OK : DB_ERROR;
}

int rec_load(Db *db, int64_t id, RecRecord *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, REC_COLUMNS " WHERE x.id = ?", "I", id);
  int found = db_step(s) == DB_ROW;
  if (found) row_to_rec(s, out);
  db_finalize(s);
  if (found && load_notes(db, out) != DB_OK) {
    rec_clear(out);   /* a recommendation without some of its notes: none */
    return 0;
  }
  return found;
}

void rec_clear(RecRecord *r) {
  free(r->zChildRef);
  free(r->zText);
  free(r->zRole);
  free(r->zName);
  free(r->zReason);
  for (int i = 0; i < r->nNote; i++) {
    free(r->aNote[i].zAuthor);
    free(r->aNote[i].zNote);
  }
  free(r->aNote);
  memset(r, 0, sizeof *r);
}

void rec_list_free(RecRecord *a, int n) {
  for (int i = 0; i < n; i++) rec_clear(&a[i]);
  free(a);
}

static int list(Db *db, Stmt *s, RecRecord **pa) {
  RecRecord *a = NULL;
  int n = 0, cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 8) * sizeof *a);
    row_to_rec(s, &a[n++]);
  }
  db_finalize(s);
  for (int i = 0; i < n && rc == DB_DONE; i++) {
    if (load_notes(db, &a[i]) != DB_OK) rc = DB_ERROR;
  }
  if (rc != DB_DONE) {
    /* Part of the recommendations, or some without their notes, would
    ** read as all there is: none. */
    rec_list_free(a, n);
    *pa = NULL;
    return -1;
  }
  *pa = a;
  return n;
}

int rec_list_child(Db *db, int64_t childId, RecRecord **pa) {
  return list(db, db_query(db, REC_COLUMNS " WHERE x.child_id = ? ORDER BY r.held_on, x.id", "I", childId), pa);
}

int rec_list_open_before(Db *db, int64_t childId, Date before, RecRecord **pa) {
  char z[11];
  return list(db, db_query(db, REC_COLUMNS " WHERE x.child_id = ? AND x.status = 'open' AND r.held_on < ?"
                               " ORDER BY r.held_on, x.id", "Is", childId, date_iso(before, z)), pa);
}

int rec_list_all(Db *db, int64_t iroId, Date asOf, RecRecord **pa) {
  char z[11];
  date_iso(asOf, z);
  /* An allocation ending on a day hands over that day (child_allocation_on). */
  if (iroId) {
    return list(db, db_query(db, REC_COLUMNS " WHERE r.held_on <= ? AND x.child_id IN (SELECT child_id FROM allocation"
                                 " WHERE iro_id = ? AND start_date <= ? AND (end_date IS NULL OR end_date > ?))"
                                 " ORDER BY c.child_ref, r.held_on, x.id", "sIss", z, iroId, z, z), pa);
  }
  return list(db, db_query(db, REC_COLUMNS " WHERE r.held_on <= ? ORDER BY c.child_ref, r.held_on, x.id", "s", z), pa);
}

const char *rec_status_on(const RecRecord *r, Date asOf) {
  if (r->closed != DATE_NONE && r->closed <= asOf) return rec_status_name(r->status);
  return deadline_status(rule_due(core_rules()->recommendationOverdue, r->due), DATE_NONE, asOf) == ST_OVERDUE
             ? "overdue" : "open";
}

/* ---- Changing ----------------------------------------------------------- */

/* Load id for a change, or say why not. */
static int load_for_change(Db *db, int64_t id, RecRecord *r, Errors *err, const char *zField) {
  if (!rec_load(db, id, r)) {
    errors_add(err, zField, "There is no recommendation %lld", (long long)id);
    return -1;
  }
  return 0;
}

int rec_note(Db *db, int64_t id, Date on, const char *zNote, Date asOf, const char *zActor, Errors *err) {
  RecRecord r;
  if (load_for_change(db, id, &r, err, "note") != 0) return -1;
  if (blank(zNote)) errors_add(err, "note", "Enter the progress note");
  else if (chars(zNote) > REC_MAX_NOTE) {
    errors_add(err, "note", "The note must be %d characters or fewer (it has %zu)", REC_MAX_NOTE, chars(zNote));
  }
  if (on == DATE_NONE) errors_add(err, "note_on", "Enter the date of the note");
  else if (on > asOf) errors_add(err, "note_on", "The date of the note must be today or in the past");
  else if (on < r.held) errors_add(err, "note_on", "The date of the note must be on or after the review");
  if (err->n) {
    rec_clear(&r);
    return -1;
  }
  char zOn[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO recommendation_note(recommendation_id, noted_on, author, note) VALUES(?, ?, ?, ?)",
                   "Isss", id, date_iso(on, zOn), zActor, zNote);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("progress note %s: %s", zOn, zNote);
    rc = audit_rec(db, r.childId, id, zActor, "recommendation.note", NULL, zAfter);
    free(zAfter);
  }
  rec_clear(&r);
  return finish(db, rc, err, "note", "note");
}

int rec_close(Db *db, int64_t id, char status, Date on, const char *zReason, Date asOf,
              const char *zActor, Errors *err) {
  RecRecord r;
  if (load_for_change(db, id, &r, err, "status") != 0) return -1;
  if (r.status != REC_OPEN) {
    char z[24];
    errors_add(err, "status", "This recommendation was already recorded as %s on %s",
               r.status == REC_DONE ? "done" : "not done", date_long(r.closed, z));
  }
  if (status != REC_DONE && status != REC_NOT_DONE) errors_add(err, "status", "Select done or not done");
  if (on == DATE_NONE) errors_add(err, "closed_on", "Enter the date");
  else if (on > asOf) errors_add(err, "closed_on", "The date must be today or in the past");
  else if (on < r.held) errors_add(err, "closed_on", "The date must be on or after the review");
  if (status == REC_NOT_DONE && blank(zReason)) errors_add(err, "reason", "Enter why it was not done");
  else if (status == REC_NOT_DONE && chars(zReason) > REC_MAX_REASON) {
    errors_add(err, "reason", "The reason must be %d characters or fewer (it has %zu)", REC_MAX_REASON, chars(zReason));
  }
  if (err->n) {
    rec_clear(&r);
    return -1;
  }
  const char *zR = status == REC_NOT_DONE ? zReason : NULL;
  char zOn[11];
  char *zBefore = rec_describe(&r);
  char *zAfter = describe(r.zText, r.zRole, r.zName, r.due, rec_status_name(status), on, zR);
  db_begin(db);
  /* "AND status = 'open'": two people closing it at once cannot both win. */
  int rc = db_exec(db, "UPDATE recommendation SET status = ?, closed_on = ?, reason = ?, carried_review_id = NULL"
                       " WHERE id = ? AND status = 'open'", "sssI", rec_status_name(status), date_iso(on, zOn), zR, id);
  if (rc == DB_OK) rc = audit_rec(db, r.childId, id, zActor, "recommendation.close", zBefore, zAfter);
  free(zBefore);
  free(zAfter);
  rec_clear(&r);
  return finish(db, rc, err, "status", "recommendation");
}

int rec_carry(Db *db, int64_t id, int64_t toReviewId, Date newDue, const char *zActor, Errors *err) {
  RecRecord r;
  if (load_for_change(db, id, &r, err, "due") != 0) return -1;
  Date toHeld = DATE_NONE;
  Stmt *s = db_query(db, "SELECT held_on FROM review WHERE id = ? AND child_id = ?", "II", toReviewId, r.childId);
  if (db_step(s) == DB_ROW) toHeld = db_col_date(s, 0);
  db_finalize(s);
  if (r.status != REC_OPEN) errors_add(err, "due", "Only an open recommendation can be carried forward");
  if (toHeld == DATE_NONE || toHeld <= r.held) errors_add(err, "due", "Carry it forward to a later review of the same child");
  else if (newDue != DATE_NONE && newDue < toHeld) errors_add(err, "due", "The new due date must be on or after the review");
  if (err->n) {
    rec_clear(&r);
    return -1;
  }
  Date due = newDue != DATE_NONE ? newDue : r.due;
  char zDue[11];
  char *zBefore = rec_describe(&r);
  char *zMore = describe(r.zText, r.zRole, r.zName, due, "open", DATE_NONE, NULL);
  char zHeld[11];
  char *zAfter = xmprintf("%s; carried forward to the review of %s", zMore, date_iso(toHeld, zHeld));
  db_begin(db);
  int rc = db_exec(db, "UPDATE recommendation SET carried_review_id = ?, due_on = ? WHERE id = ? AND status = 'open'",
                   "IsI", toReviewId, date_iso(due, zDue), id);
  if (rc == DB_OK) rc = audit_rec(db, r.childId, id, zActor, "recommendation.carry", zBefore, zAfter);
  free(zBefore);
  free(zMore);
  free(zAfter);
  rec_clear(&r);
  return finish(db, rc, err, "due", "recommendation");
}

int rec_link_escalation(Db *db, int64_t id, int64_t escId, const char *zActor) {
  RecRecord r;
  if (!rec_load(db, id, &r)) return DB_ERROR;
  db_begin(db);
  int rc = db_exec(db, "UPDATE recommendation SET escalation_id = ? WHERE id = ?", "II", escId, id);
  if (rc == DB_OK) {
    char *zBefore = r.escalationId ? xmprintf("escalation %lld", (long long)r.escalationId) : xstrdup("no escalation");
    char *zAfter = xmprintf("escalation %lld raised from it", (long long)escId);
    rc = audit_rec(db, r.childId, id, zActor, "recommendation.escalate", zBefore, zAfter);
    free(zBefore);
    free(zAfter);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  rec_clear(&r);
  return rc;
}

int64_t rec_for_escalation(Db *db, int64_t escId) {
  return db_int(db, 0, "SELECT id FROM recommendation WHERE escalation_id = ? ORDER BY id LIMIT 1", "I", escId);
}
