/*
** sar.c: subject access copies (see sar.h). Each kind of record is one
** query; its every column goes into the copy, so a column added to a table
** later is in the copy without a change here. Only the queries name tables:
** a table that gains a child_id (or a case_id) must gain a query here too.
*/
#include "sar.h"
#include "audit.h"
#include "children.h"
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

/* A private fostering arrangement: ?1 is pf_arrangement.id. The child and
** the carer are each asked for by name, so the other's name (and the
** parents', the worker's, the notes) is marked in every arrangement. */
static const SarDef aPf[] = {
  {"Private fostering arrangement", "arrangement",
   "SELECT a.*, (SELECT words FROM pf_reason r WHERE r.code = a.reason) AS reason_words"
   " FROM pf_arrangement a WHERE a.id = ?1"},
  {"Visits", "visits", "SELECT * FROM pf_visit WHERE arrangement_id = ?1 ORDER BY visited_on, id"},
  {"Six-monthly audits of the case", "case-audits",
   "SELECT * FROM pf_case_audit WHERE arrangement_id = ?1 ORDER BY audited_on, id"},
  {"Prohibitions and disqualifications", "orders", "SELECT * FROM pf_order WHERE arrangement_id = ?1 ORDER BY made_on, id"},
  {"Alerts acknowledged", "alerts",
   "SELECT a.id, a.item, a.due_on, a.acked_at, a.note, u.display_name AS acknowledged_by FROM service_alert_ack a"
   " LEFT JOIN users u ON u.id = a.user_id WHERE a.service = 'private-fostering' AND a.record_id = ?1 ORDER BY a.id"},
  {"Audit log: every view and change of the arrangement", "audit-log",
   "SELECT id, at, actor, action, before_value, after_value FROM audit_log WHERE record = 'pf:' || ?1 ORDER BY id"},
};
static const char *const azPfMark[] = {
  "child_name", "carer_name", "carer_relationship", "parents", "parental_responsibility", "worker",
  "eligibility_note", "decision_note", "end_reason", "child_views", NULL,
};

/* A member of staff: ?1 is users.id. Their own records whole (secrets
** left out: see azSecret); of the records that name them, which record,
** when and in what part, with the child's reference marked: what a
** child's record says is the child's, not theirs. Names typed into records
** (who raised an escalation, who must respond, who owns a recommendation,
** who visited) are matched to the account's name or username, capitals
** and surrounding spaces aside. */
#define STAFF_NAMES "(SELECT lower(display_name) FROM users WHERE id = ?1 UNION SELECT lower(username) FROM users WHERE id = ?1)"
#define STAFF_IRO "(SELECT iro_id FROM users WHERE id = ?1)"
#define STAFF_USERNAME "(SELECT username FROM users WHERE id = ?1)"
static const SarDef aStaff[] = {
  {"Their account", "account", "SELECT * FROM users WHERE id = ?1"},
  {"One-time links to set their password", "password-links",
   "SELECT * FROM password_token WHERE user_id = ?1 ORDER BY id"},
  {"Signed-in sessions held now", "sessions", "SELECT * FROM session WHERE user_id = ?1 ORDER BY created_at"},
  {"Sign-in locks by network", "sign-in-locks", "SELECT * FROM login_lock WHERE user_id = ?1 ORDER BY network"},
  {"Audit log: entries about their account (sign-ins included)", "audit-log-account",
   "SELECT id, at, actor, action, record, before_value, after_value, client FROM audit_log"
   " WHERE record = 'user:' || " STAFF_USERNAME " ORDER BY id"},
  {"Audit log: everything they did", "audit-log-actor",
   "SELECT id, at, actor, action, record, before_value, after_value, client FROM audit_log"
   " WHERE actor = " STAFF_USERNAME " ORDER BY id"},
  {"Their reviewing officer (IRO) record", "iro", "SELECT * FROM iro WHERE id = " STAFF_IRO},
  {"Cover between reviewing officers", "iro-cover",
   "SELECT v.*, c.name AS covering_iro, a.name AS absent_iro FROM iro_cover v"
   " LEFT JOIN iro c ON c.id = v.covering_iro_id LEFT JOIN iro a ON a.id = v.absent_iro_id"
   " WHERE v.covering_iro_id = " STAFF_IRO " OR v.absent_iro_id = " STAFF_IRO " OR lower(v.created_by) IN " STAFF_NAMES
   " ORDER BY v.from_date, v.id"},
  {"Children allocated to them as reviewing officer", "allocations",
   "SELECT a.id, c.child_ref, a.start_date, a.end_date, a.reason FROM allocation a JOIN child c ON c.id = a.child_id"
   " WHERE a.iro_id = " STAFF_IRO " ORDER BY a.start_date, a.id"},
  {"Reviews they chaired", "reviews",
   "SELECT r.id, c.child_ref, r.held_on FROM review r JOIN child c ON c.id = r.child_id"
   " WHERE r.iro_id = " STAFF_IRO " ORDER BY r.held_on, r.id"},
  {"Contacts they had as reviewing officer", "contacts",
   "SELECT t.id, c.child_ref, t.contact_on, t.kind, t.with_whom FROM contact t JOIN child c ON c.id = t.child_id"
   " WHERE t.iro_id = " STAFF_IRO " ORDER BY t.contact_on, t.id"},
  {"Monthly oversight records (unregistered provision)", "oversight-records",
   "SELECT o.id, c.child_ref, o.month, o.recorded_on FROM oversight_record o JOIN child c ON c.id = o.child_id"
   " WHERE o.iro_id = " STAFF_IRO " ORDER BY o.month, o.id"},
  {"Escalations they raised or were the reviewing officer on", "escalations",
   "SELECT e.id, e.raised_on, e.raised_by, e.category, e.topic FROM escalation e"
   " WHERE e.iro_id = " STAFF_IRO " OR lower(trim(e.raised_by)) IN " STAFF_NAMES " ORDER BY e.id"},
  {"Escalation stages they were asked to respond to", "escalation-stages",
   "SELECT s.id, s.escalation_id, s.stage, s.started_on, s.responder, s.responder_email, s.response_due,"
   " s.responded_on, s.response"
   " FROM escalation_stage s WHERE lower(trim(s.responder)) IN " STAFF_NAMES
   " OR lower(s.responder_email) = (SELECT lower(email) FROM users WHERE id = ?1) ORDER BY s.escalation_id, s.id"},
  {"Review recommendations they own", "recommendations",
   "SELECT r.id, c.child_ref, r.owner_role, r.owner_name, r.due_on, r.status, r.closed_on FROM recommendation r"
   " JOIN child c ON c.id = r.child_id WHERE lower(trim(r.owner_name)) IN " STAFF_NAMES " ORDER BY r.id"},
  {"Children's alerts they acknowledged", "alerts",
   "SELECT a.id, c.child_ref, a.item, a.due_on, a.acked_at, a.note FROM alert_ack a JOIN child c ON c.id = a.child_id"
   " WHERE a.user_id = ?1 ORDER BY a.id"},
  {"Service alerts they acknowledged", "service-alerts",
   "SELECT * FROM service_alert_ack WHERE user_id = ?1 ORDER BY id"},
  {"Private fostering arrangements they are the worker on", "pf-arrangements",
   "SELECT id, child_name, notified_on, ended_on, worker FROM pf_arrangement"
   " WHERE lower(trim(worker)) IN " STAFF_NAMES " ORDER BY id"},
  {"Private fostering visits they made", "pf-visits",
   "SELECT id, arrangement_id, visited_on, by_whom FROM pf_visit WHERE lower(trim(by_whom)) IN " STAFF_NAMES
   " ORDER BY visited_on, id"},
  {"Private fostering case audits they made", "pf-case-audits",
   "SELECT id, arrangement_id, audited_on, by_whom FROM pf_case_audit WHERE lower(trim(by_whom)) IN " STAFF_NAMES
   " ORDER BY audited_on, id"},
  {"Homes: inspection actions they own", "inspection-actions",
   "SELECT * FROM inspection_action WHERE lower(trim(owner)) IN " STAFF_NAMES " ORDER BY id"},
  {"Homes: audit actions they own", "home-audit-actions",
   "SELECT * FROM home_audit_action WHERE lower(trim(owner)) IN " STAFF_NAMES " ORDER BY id"},
  {"Homes: quality and performance actions they own", "qpag-actions",
   "SELECT * FROM qpag_action WHERE lower(trim(owner)) IN " STAFF_NAMES " ORDER BY id"},
};
static const char *const azStaffMark[] = {"child_ref", "child_name", "covering_iro", "absent_iro", "topic", NULL};

/* Columns never copied, whoever asks: what would let the copy's reader
** sign in as the person (a password hash, the hash of a set-password link
** or session cookie, a form token). */
static const char *const azSecret[] = {"password_hash", "token_hash", "id_hash", "csrf"};

static int is_secret(const char *zCol) {
  for (int i = 0; i < COUNT(azSecret); i++) {
    if (strcmp(zCol, azSecret[i]) == 0) return 1;
  }
  return 0;
}

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

static int in_list(const char *zCol, const char *const *az) {
  for (int i = 0; az && az[i]; i++) {
    if (strcmp(zCol, az[i]) == 0) return 1;
  }
  return 0;
}

/* Run every definition with the one parameter: zText, or else each of the
** nId ids in turn, their rows one after another in one section. azMark
** (NULL-terminated, or NULL) marks more columns for review in this kind of
** copy; secret columns are left out. 0, or -1 when a query failed. */
static int gather(Db *db, const SarDef *aDef, int nDef, const char *const *azMark, const int64_t *aId, int nId,
                  const char *zText, Sar *out) {
  out->a = xcalloc((size_t)nDef, sizeof *out->a);
  int nRun = zText ? 1 : nId;
  for (int d = 0; d < nDef; d++) {
    SarSection *p = &out->a[out->n++];
    p->zTitle = xstrdup(aDef[d].zTitle);
    p->zFile = xmprintf("%02d-%s.csv", d + 1, aDef[d].zSlug);
    int *aSrc = NULL;   /* per copied column: its column in the query */
    int cap = 0;
    for (int run = 0; run < nRun; run++) {
      Stmt *s = zText ? db_query(db, aDef[d].zSql, "s", zText) : db_query(db, aDef[d].zSql, "I", aId[run]);
      if (run == 0) {
        int nAll = db_column_count(s);
        aSrc = xcalloc((size_t)(nAll ? nAll : 1), sizeof *aSrc);
        p->azCol = xcalloc((size_t)(nAll ? nAll : 1), sizeof *p->azCol);
        p->aThird = xcalloc((size_t)(nAll ? nAll : 1), 1);
        for (int k = 0; k < nAll; k++) {
          const char *zCol = db_column_name(s, k);
          if (is_secret(zCol)) continue;
          aSrc[p->nCol] = k;
          p->azCol[p->nCol] = xstrdup(zCol);
          p->aThird[p->nCol] = (unsigned char)(is_third(zCol) || in_list(zCol, azMark));
          p->nCol++;
        }
      }
      int rc;
      while ((rc = db_step(s)) == DB_ROW) {
        if (p->nRow == cap) {
          cap = cap ? cap * 2 : 8;
          p->azCell = xrealloc(p->azCell, (size_t)cap * (size_t)(p->nCol ? p->nCol : 1) * sizeof *p->azCell);
        }
        for (int k = 0; k < p->nCol; k++) p->azCell[p->nRow * p->nCol + k] = xstrdup(db_col_text(s, aSrc[k]));
        p->nRow++;
      }
      db_finalize(s);
      if (rc != DB_DONE) {
        free(aSrc);
        return -1;
      }
    }
    free(aSrc);
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
  int bad = gather(db, aChild, COUNT(aChild), NULL, &id, 1, NULL, out) != 0;
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
  int bad = gather(db, aAdult, COUNT(aAdult), NULL, NULL, 0, zName, out) != 0;
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

/* Read and audit in one transaction, each record in aRec audited as
** zAction. 1, or -1 with *out freed. */
static int gather_audited(Db *db, const SarDef *aDef, int nDef, const char *const *azMark, const int64_t *aId,
                          int nId, char **azRec, const char *zAction, const char *zActor, const char *zClient,
                          Sar *out) {
  db_begin(db);
  int bad = gather(db, aDef, nDef, azMark, aId, nId, NULL, out) != 0;
  for (int i = 0; !bad && azRec[i]; i++) {
    bad = audit_write(db, zActor, zAction, azRec[i], NULL, NULL, zClient) != DB_OK;
  }
  if (!bad) bad = db_commit(db) != DB_OK;
  else db_rollback(db);
  if (bad) {
    sar_free(out);
    return -1;
  }
  return 1;
}

static int all_digits(const char *z) {
  if (!*z) return 0;
  for (; *z; z++) {
    if (*z < '0' || *z > '9') return 0;
  }
  return 1;
}

/* z and zFolded (child_fold of what was typed) are the same name. */
static int same_name(const char *z, const char *zFolded) {
  Buf b = {0};
  child_fold(z, &b);
  int same = zFolded[0] && strcmp(b.z ? b.z : "", zFolded) == 0;
  buf_free(&b);
  return same;
}

int sar_pf(Db *db, const char *zWho, const char *zActor, const char *zClient, Sar *out) {
  memset(out, 0, sizeof *out);
  Buf fold = {0};
  child_fold(zWho, &fold);
  const char *zFolded = fold.z ? fold.z : "";
  int byNumber = all_digits(zWho);
  int64_t *aId = NULL;
  int nId = 0, nChild = 0, nCarer = 0, rc;
  char *zShown = NULL;
  /* Every arrangement is read and its names folded here, not in SQL: the
  ** fold (accents, capitals, spaces) is child_fold's, as the child search. */
  Stmt *s = db_query(db, "SELECT id, child_name, carer_name FROM pf_arrangement ORDER BY id", "");
  while ((rc = db_step(s)) == DB_ROW) {
    int64_t id = db_col_int(s, 0);
    const char *zChild = db_col_text(s, 1), *zCarer = db_col_text(s, 2);
    int isChild, isCarer;
    if (byNumber) {
      isChild = strcmp(zWho, db_col_text(s, 0)) == 0;
      isCarer = 0;
    } else {
      isChild = same_name(zChild, zFolded);
      isCarer = same_name(zCarer, zFolded);
    }
    if (!isChild && !isCarer) continue;
    aId = xrealloc(aId, (size_t)(nId + 1) * sizeof *aId);
    aId[nId++] = id;
    nChild += isChild;
    nCarer += isCarer && !isChild;
    if (!zShown) zShown = xstrdup(isChild ? zChild : zCarer);
  }
  db_finalize(s);
  buf_free(&fold);
  if (rc != DB_DONE || nId == 0) {
    free(aId);
    free(zShown);
    return rc == DB_DONE ? 0 : -1;
  }
  if (byNumber) {
    out->zSubject = xmprintf("%s (privately fostered child, arrangement %lld)", zShown, (long long)aId[0]);
  } else {
    const char *zAs = nCarer == 0 ? "privately fostered child" : nChild == 0 ? "private foster carer"
                                                                           : "child or carer";
    out->zSubject = xmprintf("%s (%s in %d private fostering arrangement%s)", zShown, zAs, nId, nId == 1 ? "" : "s");
  }
  out->zKind = xstrdup("pf");
  free(zShown);
  char **azRec = xcalloc((size_t)nId + 1, sizeof *azRec);
  for (int i = 0; i < nId; i++) azRec[i] = xmprintf("pf:%lld", (long long)aId[i]);
  int r = gather_audited(db, aPf, COUNT(aPf), azPfMark, aId, nId, azRec, "sar.pf", zActor, zClient, out);
  for (int i = 0; i < nId; i++) free(azRec[i]);
  free(azRec);
  free(aId);
  return r;
}

int sar_staff(Db *db, const char *zWho, const char *zActor, const char *zClient, Sar *out) {
  memset(out, 0, sizeof *out);
  Buf fold = {0};
  child_fold(zWho, &fold);
  const char *zFolded = fold.z ? fold.z : "";
  int64_t idUser = 0, idName = 0;
  int nName = 0, rc;
  char *zUser = NULL, *zName = NULL;
  Stmt *s = db_query(db, "SELECT id, username, display_name FROM users ORDER BY id", "");
  while ((rc = db_step(s)) == DB_ROW) {
    if (same_name(db_col_text(s, 1), zFolded)) {
      idUser = db_col_int(s, 0);
      free(zUser);
      zUser = xmprintf("%s\t%s", db_col_text(s, 1), db_col_text(s, 2));
    } else if (same_name(db_col_text(s, 2), zFolded)) {
      if (nName++ == 0) {
        idName = db_col_int(s, 0);
        zName = xmprintf("%s\t%s", db_col_text(s, 1), db_col_text(s, 2));
      }
    }
  }
  db_finalize(s);
  buf_free(&fold);
  /* A username is one account; a name two accounts share is neither. */
  int64_t id = idUser ? idUser : nName == 1 ? idName : 0;
  char *zPick = idUser ? zUser : zName;
  if (rc != DB_DONE || id == 0) {
    free(zUser);
    free(zName);
    return rc != DB_DONE ? -1 : nName > 1 ? 2 : 0;
  }
  char *zTab = strchr(zPick, '\t');
  *zTab = 0;
  out->zSubject = xmprintf("%s (member of staff)", zTab + 1);
  out->zKind = xstrdup("staff");
  char *azRec[2] = {xmprintf("user:%s", zPick), NULL};
  free(zUser);
  free(zName);
  int r = gather_audited(db, aStaff, COUNT(aStaff), azStaffMark, &id, 1, azRec, "sar.staff", zActor, zClient, out);
  free(azRec[0]);
  return r;
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
