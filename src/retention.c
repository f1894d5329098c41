/*
** retention.c: records past their retention rule, and their destruction
** (see retention.h). Due dates come from the rules table only; LADO's come
** from lado.c, so the Designated Officer's review and this list agree.
*/
#include "retention.h"
#include "audit.h"
#include "lado.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
  const char *zCode, *zWords;
} aKind[RET_N_KIND] = {
  [RET_CHILD] = {"child", "Child's care record"},
  [RET_PF] = {"private-fostering", "Private fostering record"},
  [RET_HOME] = {"home", "Children's home's records"},
  [RET_LADO] = {"lado", "LADO case"},
};

const char *retention_kind_code(RetKind k) { return k < RET_N_KIND ? aKind[k].zCode : "?"; }
const char *retention_kind_words(RetKind k) { return k < RET_N_KIND ? aKind[k].zWords : "?"; }

int retention_kind_parse(const char *z, RetKind *out) {
  for (int k = 0; z && k < RET_N_KIND; k++) {
    if (strcmp(z, aKind[k].zCode) == 0) {
      *out = (RetKind)k;
      return 0;
    }
  }
  return -1;
}

/* ---- Each kind's due date ------------------------------------------------ */

static void set_base(RetRecord *r, RetKind k, int64_t id, const char *zRule) {
  memset(r, 0, sizeof *r);
  r->kind = k;
  r->id = id;
  snprintf(r->zNumber, sizeof r->zNumber, "%lld", (long long)id);
  snprintf(r->zRule, sizeof r->zRule, "%s", zRule);
  r->from = r->due = DATE_NONE;
}

/* The child's record from a row (id, child_ref, given, family, dob). */
static void child_row(Stmt *s, RetRecord *r) {
  set_base(r, RET_CHILD, db_col_int(s, 0), "retention_child_care");
  snprintf(r->zNumber, sizeof r->zNumber, "%s", db_col_text(s, 1));
  r->from = db_col_date(s, 4);
  /* Until the birthday: destroyed on it (ages follow birthdays). */
  r->due = rule_age_date(rule(r->zRule), r->from);
  char zDob[24];
  r->zWhat = xmprintf("%s %s, born %s", db_col_text(s, 2), db_col_text(s, 3), date_long(r->from, zDob));
}

static void pf_row(Stmt *s, RetRecord *r) {
  set_base(r, RET_PF, db_col_int(s, 0), "retention_private_fostering");
  r->from = db_col_date(s, 2);
  r->due = rule_age_date(rule(r->zRule), r->from);
  char zDob[24];
  r->zWhat = xmprintf("%s, born %s", db_col_text(s, 1), date_long(r->from, zDob));
}

/* A home's latest entry: the latest date in any of its records (the
** registration, inspections and the monitoring after them, Regulation 44
** visits, audits, notifications, QPAG actions, weekly returns, the
** months' occupancy and staffing (from the month's first day), complaints
** and compliments, surveys), read as columns and
** compared here so the query is the same on either engine. */
static const char zHomeSql[] =
    "SELECT h.id, h.name, h.registered_on,"
    " (SELECT max(end_on) FROM inspection i WHERE i.home_id = h.id),"
    " (SELECT max(m.held_on) FROM monitoring_review m JOIN inspection i ON i.id = m.inspection_id"
    "   WHERE i.home_id = h.id),"
    " (SELECT max(coalesce(sent_on, report_on, visited_on)) FROM reg44_visit v WHERE v.home_id = h.id),"
    " (SELECT max(done_on) FROM home_audit a WHERE a.home_id = h.id),"
    " (SELECT max(substr(event_at, 1, 10)) FROM home_notification n WHERE n.home_id = h.id),"
    " (SELECT max(coalesce(done_on, meeting_on)) FROM qpag_action q WHERE q.home_id = h.id),"
    " (SELECT max(returned_on) FROM home_weekly_return w WHERE w.home_id = h.id),"
    " (SELECT max(month) || '-01' FROM home_month m WHERE m.home_id = h.id),"
    " (SELECT max(coalesce(outcome_on, received_on)) FROM home_feedback f WHERE f.home_id = h.id),"
    " (SELECT max(held_on) FROM survey_round sr WHERE sr.home_id = h.id)"
    " FROM home h";

static void home_row(Stmt *s, RetRecord *r) {
  set_base(r, RET_HOME, db_col_int(s, 0), "retention_homes");
  Date last = DATE_NONE;
  for (int i = 2; i <= 12; i++) {
    Date d = db_col_date(s, i);
    if (d != DATE_NONE && (last == DATE_NONE || d > last)) last = d;
  }
  r->from = last;
  r->due = rule_due(rule(r->zRule), last);
  r->zWhat = xstrdup(db_col_text(s, 1));
}

/* A closed LADO case: its due date and rule exactly as the Designated
** Officer's dashboard has them. No name: an administrator sees only the
** number, the details stay with the Designated Officer. */
static void lado_row(Db *db, const LadoCase *c, RetRecord *r) {
  char zRule[64];
  Date due = lado_retention_due_rule(db, c, zRule);
  set_base(r, RET_LADO, c->id, zRule);
  r->from = c->lastRetentionReview != DATE_NONE ? c->lastRetentionReview : c->closed;
  r->due = due;
  r->zWhat = xmprintf("LADO case %lld", (long long)c->id);
}

/* ---- Listing -------------------------------------------------------------- */

static void push(RetList *l, int *pCap, const RetRecord *r) {
  if (l->n == *pCap) l->a = xrealloc(l->a, (size_t)(*pCap = *pCap ? *pCap * 2 : 16) * sizeof *l->a);
  l->a[l->n++] = *r;
}

static int cmp_record(const void *a, const void *b) {
  const RetRecord *x = a, *y = b;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  if (x->due != y->due) return x->due < y->due ? -1 : 1;
  return strcmp(x->zNumber, y->zNumber);
}

/* Step through s adding each row (made by fn) past retention on asOf.
** 0, or -1 when the read failed. */
static int scan(Stmt *s, void (*fn)(Stmt *, RetRecord *), Date asOf, RetList *out, int *pCap) {
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    RetRecord r;
    fn(s, &r);
    if (r.due != DATE_NONE && r.due <= asOf) push(out, pCap, &r);
    else retention_record_clear(&r);
  }
  db_finalize(s);
  return rc == DB_DONE ? 0 : -1;
}

int retention_due(Db *db, Date asOf, unsigned mask, RetList *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc = 0;
  if (rc == 0 && (mask & (1u << RET_CHILD))) {
    rc = scan(db_query(db, "SELECT id, child_ref, given_name, family_name, dob FROM child", ""), child_row, asOf,
              out, &cap);
  }
  if (rc == 0 && (mask & (1u << RET_PF))) {
    rc = scan(db_query(db, "SELECT id, child_name, child_dob FROM pf_arrangement", ""), pf_row, asOf, out, &cap);
  }
  if (rc == 0 && (mask & (1u << RET_HOME))) rc = scan(db_query(db, zHomeSql, ""), home_row, asOf, out, &cap);
  if (rc == 0 && (mask & (1u << RET_LADO))) {
    LadoList l;
    /* Every case received by asOf; only closed ones have a due date. */
    if (lado_list(db, 0, asOf, &l) < 0) rc = -1;
    for (int i = 0; rc == 0 && i < l.n; i++) {
      if (l.a[i].closed == DATE_NONE || l.a[i].closed > asOf) continue;
      RetRecord r;
      lado_row(db, &l.a[i], &r);
      if (r.due != DATE_NONE && r.due <= asOf) push(out, &cap, &r);
      else retention_record_clear(&r);
    }
    lado_list_free(&l);
  }
  if (rc != 0) {
    retention_list_free(out);
    return -1;
  }
  if (out->n > 1) qsort(out->a, (size_t)out->n, sizeof *out->a, cmp_record);
  return 0;
}

void retention_record_clear(RetRecord *r) {
  free(r->zWhat);
  r->zWhat = NULL;
}

void retention_list_free(RetList *l) {
  for (int i = 0; i < l->n; i++) retention_record_clear(&l->a[i]);
  free(l->a);
  l->a = NULL;
  l->n = 0;
}

int retention_get(Db *db, RetKind k, int64_t id, RetRecord *out) {
  Stmt *s = NULL;
  void (*fn)(Stmt *, RetRecord *) = NULL;
  switch (k) {
    case RET_CHILD:
      s = db_query(db, "SELECT id, child_ref, given_name, family_name, dob FROM child WHERE id = ?", "I", id);
      fn = child_row;
      break;
    case RET_PF:
      s = db_query(db, "SELECT id, child_name, child_dob FROM pf_arrangement WHERE id = ?", "I", id);
      fn = pf_row;
      break;
    case RET_HOME: {
      char *zSql = xmprintf("%s WHERE h.id = ?", zHomeSql);
      s = db_query(db, zSql, "I", id);
      free(zSql);
      fn = home_row;
      break;
    }
    case RET_LADO: {
      LadoCase c;
      if (!lado_load(db, id, &c)) return 0;
      int found = c.closed != DATE_NONE;
      if (found) lado_row(db, &c, out);
      lado_clear(&c);
      return found;
    }
    default: return 0;
  }
  int rc = db_step(s);
  if (rc == DB_ROW) fn(s, out);
  db_finalize(s);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* ---- Destruction ---------------------------------------------------------- */

/* Run each statement with the one id bound, in order, stopping at the
** first error. Order matters: children of a row go before it (foreign
** keys are on, so a table this list forgot makes the delete fail and
** nothing is destroyed, rather than leaving orphans). */
static int delete_all(Db *db, const char *const *azSql, int n, int64_t id) {
  for (int i = 0; i < n; i++) {
    if (db_exec(db, azSql[i], "I", id) != DB_OK) return DB_ERROR;
  }
  return DB_OK;
}

static int destroy_child(Db *db, int64_t id) {
  static const char *const azSql[] = {
      "DELETE FROM recommendation_note WHERE recommendation_id IN (SELECT id FROM recommendation WHERE child_id = ?)",
      "DELETE FROM recommendation WHERE child_id = ?",
      "DELETE FROM unreg_event WHERE child_id = ?",
      "DELETE FROM oversight_record WHERE child_id = ?",
      "DELETE FROM alert_ack WHERE child_id = ?",
      "DELETE FROM contact WHERE child_id = ?",
      "DELETE FROM review_attendee WHERE review_id IN (SELECT id FROM review WHERE child_id = ?)",
      "DELETE FROM review WHERE child_id = ?",
      "DELETE FROM allocation WHERE child_id = ?",
      "DELETE FROM care_notification WHERE child_id = ?",
      "DELETE FROM episode WHERE child_id = ?",
      "DELETE FROM ssda903_row WHERE child_id = ?",
      "DELETE FROM ssda903_return_child WHERE child_id = ?",
      "DELETE FROM ssda903_child WHERE child_id = ?",
      "DELETE FROM escalation_child WHERE child_id = ?",
  };
  /* An escalation may be about several children (siblings): it goes only
  ** when this child is the only one it is about. Noted before the links go. */
  int64_t *aEsc = NULL;
  int nEsc = 0, rc;
  Stmt *s = db_query(db, "SELECT escalation_id FROM escalation_child e WHERE child_id = ? AND NOT EXISTS"
                         " (SELECT 1 FROM escalation_child o WHERE o.escalation_id = e.escalation_id"
                         " AND o.child_id <> e.child_id)", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    aEsc = xrealloc(aEsc, (size_t)(nEsc + 1) * sizeof *aEsc);
    aEsc[nEsc++] = db_col_int(s, 0);
  }
  db_finalize(s);
  rc = rc == DB_DONE ? DB_OK : DB_ERROR;
  int64_t group = 0;
  if (rc == DB_OK) {
    group = db_int(db, 0, "SELECT coalesce(sibling_group_id, 0) FROM child WHERE id = ?", "I", id);
    rc = delete_all(db, azSql, COUNT(azSql), id);
  }
  for (int i = 0; rc == DB_OK && i < nEsc; i++) {
    static const char *const azEsc[] = {
        "UPDATE recommendation SET escalation_id = NULL WHERE escalation_id = ?",
        "DELETE FROM escalation_stage WHERE escalation_id = ?",
        /* Acknowledgements of its alerts: their notes are about it. */
        "DELETE FROM service_alert_ack WHERE service = 'escalation' AND record_id = ?",
        "DELETE FROM escalation WHERE id = ?",
    };
    rc = delete_all(db, azEsc, COUNT(azEsc), aEsc[i]);
  }
  free(aEsc);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM child WHERE id = ?", "I", id);
  /* A sibling group left with nobody in it was part of the child's record. */
  if (rc == DB_OK && group) {
    rc = db_exec(db, "DELETE FROM sibling_group WHERE id = ? AND NOT EXISTS"
                     " (SELECT 1 FROM child c WHERE c.sibling_group_id = sibling_group.id)", "I", group);
  }
  return rc;
}

static int destroy_pf(Db *db, int64_t id) {
  static const char *const azSql[] = {
      "DELETE FROM pf_visit WHERE arrangement_id = ?",
      "DELETE FROM pf_case_audit WHERE arrangement_id = ?",
      "DELETE FROM pf_order WHERE arrangement_id = ?",
      "DELETE FROM service_alert_ack WHERE service = 'private-fostering' AND record_id = ?",
      "DELETE FROM pf_arrangement WHERE id = ?",
  };
  return delete_all(db, azSql, COUNT(azSql), id);
}

static int destroy_home(Db *db, int64_t id) {
  static const char *const azSql[] = {
      "DELETE FROM inspection_action WHERE requirement_id IN (SELECT r.id FROM inspection_requirement r"
      " JOIN inspection i ON i.id = r.inspection_id WHERE i.home_id = ?)",
      "DELETE FROM inspection_requirement WHERE inspection_id IN (SELECT id FROM inspection WHERE home_id = ?)",
      "DELETE FROM inspection_recommendation WHERE inspection_id IN (SELECT id FROM inspection WHERE home_id = ?)",
      "DELETE FROM monitoring_review WHERE inspection_id IN (SELECT id FROM inspection WHERE home_id = ?)",
      "DELETE FROM inspection WHERE home_id = ?",
      "DELETE FROM reg44_visit WHERE home_id = ?",
      "DELETE FROM home_audit_action WHERE audit_id IN (SELECT id FROM home_audit WHERE home_id = ?)",
      "DELETE FROM home_audit WHERE home_id = ?",
      "DELETE FROM home_notification WHERE home_id = ?",
      "DELETE FROM home_weekly_return WHERE home_id = ?",
      "DELETE FROM home_month WHERE home_id = ?",
      "DELETE FROM home_feedback WHERE home_id = ?",
      "DELETE FROM survey_answer WHERE response_id IN (SELECT x.id FROM survey_response x"
      " JOIN survey_round r ON r.id = x.round_id WHERE r.home_id = ?)",
      "DELETE FROM survey_response WHERE round_id IN (SELECT id FROM survey_round WHERE home_id = ?)",
      "DELETE FROM survey_round WHERE home_id = ?",
      "DELETE FROM service_alert_ack WHERE service = 'home' AND item = 'qpag-action'"
      " AND record_id IN (SELECT id FROM qpag_action WHERE home_id = ?)",
      "DELETE FROM qpag_action WHERE home_id = ?",
      "DELETE FROM service_alert_ack WHERE service = 'home' AND item <> 'qpag-action' AND record_id = ?",
      "DELETE FROM home WHERE id = ?",
  };
  return delete_all(db, azSql, COUNT(azSql), id);
}

/* The advice and its corrections are deleted only because the destruction
** row is already written (their triggers check for it: migration 025). */
static int destroy_lado(Db *db, int64_t id) {
  static const char *const azSql[] = {
      "DELETE FROM lado_advice_correction WHERE case_id = ?",
      "DELETE FROM lado_advice WHERE case_id = ?",
      "DELETE FROM lado_meeting WHERE case_id = ?",
      "DELETE FROM lado_action WHERE case_id = ?",
      "DELETE FROM lado_recommendation WHERE case_id = ?",
      "DELETE FROM lado_strategy_meeting WHERE case_id = ?",
      "DELETE FROM lado_retention_review WHERE case_id = ?",
      "DELETE FROM service_alert_ack WHERE service = 'lado' AND record_id = ?",
      "DELETE FROM lado_case WHERE id = ?",
  };
  return delete_all(db, azSql, COUNT(azSql), id);
}

static void utc_now(char z[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int destroy_now(Db *db, RetKind k, int64_t id, Date asOf, const char *zActor, const char *zClient,
                       char **pzErr) {
  *pzErr = NULL;
  db_begin(db);
  RetRecord r;
  /* Read inside the transaction: a record changed since the page was
  ** shown (a LADO case kept by a review) is judged as it is now. */
  int found = retention_get(db, k, id, &r);
  if (found <= 0) {
    db_rollback(db);
    *pzErr = found < 0 ? xmprintf("cannot read the record: %s", db_errmsg(db))
                       : xmprintf("there is no %s %lld to destroy", retention_kind_words(k), (long long)id);
    return -1;
  }
  retention_record_clear(&r);   /* its name is not needed to destroy it */
  char zDue[11], zNow[32];
  if (r.due == DATE_NONE || r.due > asOf) {
    db_rollback(db);
    char zLong[24];
    *pzErr = r.due == DATE_NONE ? xmprintf("%s %s has no retention date yet", retention_kind_words(k), r.zNumber)
                                : xmprintf("%s %s is kept until %s: it cannot be destroyed before then",
                                           retention_kind_words(k), r.zNumber, date_long(r.due, zLong));
    return -1;
  }
  utc_now(zNow);
  date_iso(r.due, zDue);
  int rc = db_exec(db, "INSERT INTO retention_destruction(record_type, record_number, destroyed_at, destroyed_by,"
                       " rule_name, due_on) VALUES(?, ?, ?, ?, ?, ?)",
                   "ssssss", retention_kind_code(k), r.zNumber, zNow, zActor, r.zRule, zDue);
  if (rc == DB_OK) {
    switch (k) {
      case RET_CHILD: rc = destroy_child(db, id); break;
      case RET_PF: rc = destroy_pf(db, id); break;
      case RET_HOME: rc = destroy_home(db, id); break;
      case RET_LADO: rc = destroy_lado(db, id); break;
      default: rc = DB_ERROR; break;
    }
  }
  if (rc == DB_OK) {
    static const char *const azPrefix[RET_N_KIND] = {[RET_CHILD] = "child", [RET_PF] = "pf", [RET_HOME] = "home",
                                                     [RET_LADO] = "lado"};
    char *zRec = xmprintf("%s:%s", azPrefix[k], r.zNumber);
    char *zAfter = xmprintf("destroyed: past retention rule %s (due %s)", r.zRule, zDue);
    rc = audit_write(db, zActor, "retention.destroy", zRec, NULL, zAfter, zClient);
    free(zRec);
    free(zAfter);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else {
    *pzErr = xmprintf("nothing was destroyed: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  if (rc != DB_OK) {
    *pzErr = xmprintf("nothing was destroyed: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

/* ---- The rules with no destruction here ----------------------------------- */

/* A rule's length in seconds, for the session stamps: the sign-in rules
** are in minutes or hours, retention_sessions in days or weeks. */
static long rule_secs(const Rule *r) {
  switch (r->unit) {
    case UNIT_MINUTES: return (long)r->amount * 60;
    case UNIT_HOURS: return (long)r->amount * 3600;
    case UNIT_DAYS: return (long)r->amount * 86400;
    case UNIT_WEEKS: return (long)r->amount * 7 * 86400;
    default: return (long)r->amount * 30 * 86400;   /* months or more: near enough for a count */
  }
}

static void utc_ago(char z[32], long nSeconds) {
  time_t t = time(NULL) - (time_t)nSeconds;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int retention_others(Db *db, Date asOf, RetOthers *out) {
  memset(out, 0, sizeof *out);
  const Rule *pAudit = rule("retention_audit_log");
  /* Entries written before this day are past the rule on asOf. */
  Date before = asOf;
  switch (pAudit->unit) {
    case UNIT_YEARS: before = date_add_months(asOf, -12 * pAudit->amount); break;
    case UNIT_MONTHS: before = date_add_months(asOf, -pAudit->amount); break;
    case UNIT_WEEKS: before = asOf - 7 * pAudit->amount; break;
    default: before = asOf - pAudit->amount; break;
  }
  out->auditBefore = before;
  char zBefore[11];
  date_iso(before, zBefore);
  out->nAudit = db_int(db, -1, "SELECT count(*) FROM audit_log WHERE at < ?", "s", zBefore);
  long keep = rule_secs(rule("retention_sessions"));
  char zIdle[32], zBorn[32];
  utc_ago(zIdle, rule_secs(rule("session_idle")) + keep);
  long life = rule_secs(rule("session_lifetime"));
  if (life > 0) utc_ago(zBorn, life + keep);
  else snprintf(zBorn, sizeof zBorn, "0000-00-00T00:00:00Z");
  out->nSessions = db_int(db, -1, "SELECT count(*) FROM session WHERE last_seen_at < ? OR created_at < ?", "ss",
                          zIdle, zBorn);
  return out->nAudit < 0 || out->nSessions < 0 ? -1 : 0;
}

int retention_destroy(Db *db, RetKind k, int64_t id, Date asOf, const char *zActor, const char *zClient,
                      char **pzErr) {
  /* This connection zeroes every page the destruction frees, not only
  ** the cells (db.c leaves connections at FAST): the record leaves the
  ** file, not just its b-tree. */
  db_exec(db, "PRAGMA secure_delete=ON", "");
  int rc = destroy_now(db, k, id, asOf, zActor, zClient, pzErr);
  db_exec(db, "PRAGMA secure_delete=FAST", "");
  return rc;
}
