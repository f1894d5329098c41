/*
** homes.c: quality assurance of the council's children's homes (SPEC §8):
** loading a home's records, home_due() (every item due for a home), the
** writes with their audit entries, the QPAG action tracker, the dashboard
** and the monthly QPAG report, and CSV export and import of the homes.
*/
#include "homes.h"
#include "homes_monitoring.h"
#include "audit.h"
#include "homes_evidence.h"
#include "csv.h"
#include "html.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Codes ---------------------------------------------------------------- */

const char *const home_judgements[J_N] = {"outstanding", "good", "requires-improvement", "inadequate"};
static const char *const azJudgementLabel[J_N] = {"Outstanding", "Good", "Requires improvement to be good",
                                                  "Inadequate"};
const char *const home_inspection_kinds[] = {"full", "interim", "monitoring", "assurance"};
const int home_n_inspection_kinds = COUNT(home_inspection_kinds);
const char *const home_audit_kinds[HOME_N_AUDIT_ALL] = {"health-safety", "fire-safety", "statutory-checks",
                                                        "data-protection", "dip-sample", "full-audit"};
const char *const home_audit_labels[HOME_N_AUDIT_ALL] = {"Health and safety", "Fire safety", "Statutory checks",
                                                         "Data protection", "Dip sample", "Full audit"};
const char *const home_notification_kinds[] = {"serious-event", "allegation"};
const int home_n_notification_kinds = COUNT(home_notification_kinds);

const char *home_judgement_label(int j) { return j >= 0 && j < J_N ? azJudgementLabel[j] : ""; }

int home_judgement_parse(const char *z) {
  for (int i = 0; z && i < J_N; i++) {
    if (strcmp(z, home_judgements[i]) == 0) return i;
  }
  return -1;
}

static int code_index(const char *z, const char *const *az, int n) {
  for (int i = 0; z && i < n; i++) {
    if (strcmp(z, az[i]) == 0) return i;
  }
  return -1;
}

static const struct { const char *zName, *zLabel; } aItem[HI__COUNT] = {
  [HI_MONITORING] = {"monitoring", "QA monitoring review"},
  [HI_REQUIREMENT] = {"requirement", "Ofsted requirement met"},
  [HI_ACTION] = {"action", "Action plan action completed"},
  [HI_REG44_VISIT] = {"reg44-visit", "Regulation 44 visit"},
  [HI_REG44_FEEDBACK] = {"reg44-feedback", "Young people's and professionals' feedback before the visit"},
  [HI_REG44_REPORT] = {"reg44-report", "Regulation 44 report received"},
  [HI_REG44_SENT] = {"reg44-sent", "Regulation 44 report checked and sent to senior managers"},
  [HI_REG44_PLAN] = {"reg44-plan", "Home manager's action plan approved by the service manager"},
  [HI_AUDIT] = {"audit", "Monthly audit"},
  [HI_AUDIT_ACTION] = {"audit-action", "Audit action completed"},
  [HI_NOTIFICATION] = {"notification", "Notification within 24 hours"},
  [HI_WEEKLY_RETURN] = {"weekly-return", "Weekly safeguarding, LADO and complaints return"},
  [HI_SURVEY_YP] = {"survey-young-people", "Six-monthly survey of young people"},
  [HI_SURVEY_PROF] = {"survey-professionals", "Six-monthly survey of professionals"},
};
const char *home_item_name(HomeItemKind k) { return k >= 0 && k < HI__COUNT ? aItem[k].zName : ""; }
const char *home_item_label(HomeItemKind k) { return k >= 0 && k < HI__COUNT ? aItem[k].zLabel : ""; }

/* ---- Times of day ---------------------------------------------------------- */

int minute_parse(const char *z, Minute *out) {
  if (!z || strlen(z) != 16 || (z[10] != ' ' && z[10] != 'T') || z[13] != ':') return -1;
  char zDay[11];
  memcpy(zDay, z, 10);
  zDay[10] = 0;
  Date d;
  if (date_parse(zDay, &d) != 0) return -1;
  for (int i = 11; i < 16; i++) {
    if (i != 13 && (z[i] < '0' || z[i] > '9')) return -1;
  }
  int h = (z[11] - '0') * 10 + (z[12] - '0'), m = (z[14] - '0') * 10 + (z[15] - '0');
  if (h > 23 || m > 59) return -1;
  *out = (Minute)d * 1440 + h * 60 + m;
  return 0;
}

char *minute_iso(Minute m, char out[17]) {
  if (m == MINUTE_NONE) {
    out[0] = 0;
    return out;
  }
  char zDay[11];
  Date d = MINUTE_DATE(m);
  int r = (int)(m - (Minute)d * 1440);
  snprintf(out, 17, "%s %02d:%02d", date_iso(d, zDay), r / 60, r % 60);
  return out;
}

/* ---- Loading ------------------------------------------------------------------ */

static char *dup_or_null(Stmt *s, int i) { return db_col_is_null(s, i) ? NULL : xstrdup(db_col_text(s, i)); }

static int judgement_col(Stmt *s, int i) { return db_col_is_null(s, i) ? JUDGEMENT_NONE : home_judgement_parse(db_col_text(s, i)); }

#define GROW(a, n, cap) \
  do { if ((n) == (cap)) (a) = xrealloc((a), (size_t)((cap) = (cap) ? (cap) * 2 : 8) * sizeof *(a)); } while (0)

/* DB_OK, or DB_ERROR when a read failed (what was read is freed by
** home_clear). */
static int load_inspection_parts(Db *db, HomeInspection *in) {
  int cap = 0, rc;
  Stmt *s = db_query(db, "SELECT id, regulation, text, due_on FROM inspection_requirement WHERE inspection_id=?"
                         " ORDER BY id", "I", in->id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(in->aReq, in->nReq, cap);
    HomeRequirement *r = &in->aReq[in->nReq++];
    r->id = db_col_int(s, 0);
    r->inspectionId = in->id;
    r->zRegulation = xstrdup(db_col_text(s, 1));
    r->zText = xstrdup(db_col_text(s, 2));
    r->due = db_col_date(s, 3);
  }
  db_finalize(s);
  if (rc != DB_DONE) return DB_ERROR;
  cap = 0;
  s = db_query(db, "SELECT a.id, a.requirement_id, a.action, a.owner, a.target_on, a.completed_on"
                   " FROM inspection_action a JOIN inspection_requirement r ON r.id = a.requirement_id"
                   " WHERE r.inspection_id=? ORDER BY a.requirement_id, a.target_on, a.id", "I", in->id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(in->aAct, in->nAct, cap);
    HomeAction *a = &in->aAct[in->nAct++];
    a->id = db_col_int(s, 0);
    a->requirementId = db_col_int(s, 1);
    a->zAction = xstrdup(db_col_text(s, 2));
    a->zOwner = xstrdup(db_col_text(s, 3));
    a->target = db_col_date(s, 4);
    a->completed = db_col_date(s, 5);
  }
  db_finalize(s);
  if (rc != DB_DONE) return DB_ERROR;
  cap = 0;
  s = db_query(db, "SELECT text FROM inspection_recommendation WHERE inspection_id=? ORDER BY id", "I", in->id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(in->azRec, in->nRec, cap);
    in->azRec[in->nRec++] = xstrdup(db_col_text(s, 0));
  }
  db_finalize(s);
  if (rc != DB_DONE) return DB_ERROR;
  cap = 0;
  s = db_query(db, "SELECT held_on FROM monitoring_review WHERE inspection_id=? ORDER BY held_on", "I", in->id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(in->aReview, in->nReview, cap);
    in->aReview[in->nReview++] = db_col_date(s, 0);
  }
  db_finalize(s);
  return rc == DB_DONE ? DB_OK : DB_ERROR;
}

int home_load(Db *db, int64_t id, HomeRecords *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT id, name, urn, manager, manager_vacant_since, responsible_individual, places,"
                         " age_from, age_to, registered_on, purpose FROM home WHERE id=?", "I", id);
  if (db_step(s) != DB_ROW) {
    db_finalize(s);
    return 0;
  }
  Home *h = &out->home;
  h->id = db_col_int(s, 0);
  h->zName = xstrdup(db_col_text(s, 1));
  h->zUrn = xstrdup(db_col_text(s, 2));
  h->zManager = dup_or_null(s, 3);
  h->vacantSince = db_col_date(s, 4);
  h->zRi = xstrdup(db_col_text(s, 5));
  h->places = (int)db_col_int(s, 6);
  h->ageFrom = (int)db_col_int(s, 7);
  h->ageTo = (int)db_col_int(s, 8);
  h->registered = db_col_date(s, 9);
  h->zPurpose = xstrdup(db_col_text(s, 10));
  db_finalize(s);

  int cap = 0, rc;
  s = db_query(db, "SELECT id, kind, start_on, end_on, overall, experiences, protection, leadership"
                   " FROM inspection WHERE home_id=? ORDER BY start_on, id", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aInsp, out->nInsp, cap);
    HomeInspection *in = &out->aInsp[out->nInsp++];
    memset(in, 0, sizeof *in);
    in->id = db_col_int(s, 0);
    snprintf(in->zKind, sizeof in->zKind, "%s", db_col_text(s, 1));
    in->start = db_col_date(s, 2);
    in->end = db_col_date(s, 3);
    in->overall = judgement_col(s, 4);
    in->experiences = judgement_col(s, 5);
    in->protection = judgement_col(s, 6);
    in->leadership = judgement_col(s, 7);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  for (int i = 0; i < out->nInsp; i++) {
    if (load_inspection_parts(db, &out->aInsp[i]) != DB_OK) goto failed;
  }

  cap = 0;
  s = db_query(db, "SELECT id, visited_on, yp_feedback_on, prof_feedback_on, report_on, sent_on, plan_approved_on,"
                   " visitor, plan_approved_by, findings, finding FROM reg44_visit WHERE home_id=?"
                   " ORDER BY visited_on", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aVisit, out->nVisit, cap);
    HomeVisit *v = &out->aVisit[out->nVisit++];
    v->id = db_col_int(s, 0);
    v->visited = db_col_date(s, 1);
    v->ypFeedback = db_col_date(s, 2);
    v->profFeedback = db_col_date(s, 3);
    v->report = db_col_date(s, 4);
    v->sent = db_col_date(s, 5);
    v->planApproved = db_col_date(s, 6);
    v->zVisitor = xstrdup(db_col_text(s, 7));
    v->zPlanApprovedBy = dup_or_null(s, 8);
    v->zFindings = xstrdup(db_col_text(s, 9));
    snprintf(v->zFinding, sizeof v->zFinding, "%s", db_col_text(s, 10));
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  cap = 0;
  s = db_query(db, "SELECT id, kind, done_on, by_whom, findings, focus FROM home_audit WHERE home_id=?"
                   " ORDER BY done_on, id", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aAudit, out->nAudit, cap);
    HomeAudit *a = &out->aAudit[out->nAudit++];
    a->id = db_col_int(s, 0);
    a->kind = code_index(db_col_text(s, 1), home_audit_kinds, HOME_N_AUDIT_ALL);
    a->done = db_col_date(s, 2);
    a->zBy = xstrdup(db_col_text(s, 3));
    a->zFindings = xstrdup(db_col_text(s, 4));
    a->zFocus = xstrdup(db_col_text(s, 5));
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  cap = 0;
  s = db_query(db, "SELECT x.id, x.audit_id, x.action, x.owner, x.due_on, x.done_on, x.qpag_action_id"
                   " FROM home_audit_action x"
                   " JOIN home_audit a ON a.id = x.audit_id WHERE a.home_id=? ORDER BY x.due_on, x.id", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aAuditAct, out->nAuditAct, cap);
    HomeAuditAction *a = &out->aAuditAct[out->nAuditAct++];
    a->id = db_col_int(s, 0);
    a->auditId = db_col_int(s, 1);
    a->zAction = xstrdup(db_col_text(s, 2));
    a->zOwner = xstrdup(db_col_text(s, 3));
    a->due = db_col_date(s, 4);
    a->done = db_col_date(s, 5);
    a->qpagId = db_col_int(s, 6);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  cap = 0;
  s = db_query(db, "SELECT id, kind, event_at, notified_at, summary FROM home_notification WHERE home_id=?"
                   " ORDER BY event_at, id", "I", id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aNote, out->nNote, cap);
    HomeNotification *n = &out->aNote[out->nNote++];
    n->id = db_col_int(s, 0);
    snprintf(n->zKind, sizeof n->zKind, "%s", db_col_text(s, 1));
    if (minute_parse(db_col_text(s, 2), &n->event) != 0) n->event = MINUTE_NONE;
    if (db_col_is_null(s, 3) || minute_parse(db_col_text(s, 3), &n->notified) != 0) n->notified = MINUTE_NONE;
    n->zSummary = xstrdup(db_col_text(s, 4));
  }
  db_finalize(s);
  if (rc != DB_DONE || homes_weekly_load(db, out) != 0) goto failed;
  evidence_load(db, out);
  return 1;

failed:
  /* A home without some of its records would read as one that has none
  ** (no visits, nothing overdue): nothing, as if there were no home; the
  ** failure is noted on the connection. */
  home_clear(out);
  return 0;
}

void home_clear(HomeRecords *h) {
  free(h->home.zName);
  free(h->home.zUrn);
  free(h->home.zManager);
  free(h->home.zRi);
  free(h->home.zPurpose);
  for (int i = 0; i < h->nInsp; i++) {
    HomeInspection *in = &h->aInsp[i];
    for (int k = 0; k < in->nReq; k++) {
      free(in->aReq[k].zRegulation);
      free(in->aReq[k].zText);
    }
    for (int k = 0; k < in->nAct; k++) {
      free(in->aAct[k].zAction);
      free(in->aAct[k].zOwner);
    }
    for (int k = 0; k < in->nRec; k++) free(in->azRec[k]);
    free(in->aReq);
    free(in->aAct);
    free(in->azRec);
    free(in->aReview);
  }
  free(h->aInsp);
  for (int i = 0; i < h->nVisit; i++) {
    free(h->aVisit[i].zVisitor);
    free(h->aVisit[i].zPlanApprovedBy);
    free(h->aVisit[i].zFindings);
  }
  free(h->aVisit);
  for (int i = 0; i < h->nAudit; i++) {
    free(h->aAudit[i].zBy);
    free(h->aAudit[i].zFindings);
    free(h->aAudit[i].zFocus);
  }
  free(h->aAudit);
  for (int i = 0; i < h->nAuditAct; i++) {
    free(h->aAuditAct[i].zAction);
    free(h->aAuditAct[i].zOwner);
  }
  free(h->aAuditAct);
  for (int i = 0; i < h->nNote; i++) free(h->aNote[i].zSummary);
  free(h->aNote);
  free(h->aWeekly);
  evidence_free(h->pEvidence);
  memset(h, 0, sizeof *h);
}

int home_ids(Db *db, int64_t **paId) {
  int n = 0, cap = 0;
  int64_t *a = NULL;
  Stmt *s = db_query(db, "SELECT id FROM home ORDER BY name, id", "");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(a, n, cap);
    a[n++] = db_col_int(s, 0);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    free(a);
    *paId = NULL;
    return -1;
  }
  *paId = a;
  return n;
}

/* ---- What is due ---------------------------------------------------------------- */

Status home_status(Date due, Date done, Date asOf) {
  if (done != DATE_NONE && done <= asOf) return done <= due ? ST_DONE : ST_DONE_LATE;
  if (due == DATE_NONE) return ST_OK;
  if (asOf > due) return ST_OVERDUE;
  if (asOf == due) return ST_DUE_TODAY;  /* a state of its own, not "due soon" (issue 17) */
  const Rule *r = rule("home_due_soon");
  return asOf >= cal_add(due, -r->amount, r->unit) ? ST_DUE_SOON : ST_OK;
}

static Date known(Date d, Date asOf) { return d != DATE_NONE && d <= asOf ? d : DATE_NONE; }

int home_requirement_met(const HomeInspection *in, const HomeRequirement *r, Date asOf) {
  int n = 0;
  for (int i = 0; i < in->nAct; i++) {
    if (in->aAct[i].requirementId != r->id) continue;
    n++;
    if (known(in->aAct[i].completed, asOf) == DATE_NONE) return 0;
  }
  return n > 0;
}

/* The day requirement r was met: its last action's completion. */
static Date requirement_met_on(const HomeInspection *in, const HomeRequirement *r) {
  Date last = DATE_NONE;
  for (int i = 0; i < in->nAct; i++) {
    if (in->aAct[i].requirementId == r->id && (last == DATE_NONE || in->aAct[i].completed > last)) {
      last = in->aAct[i].completed;
    }
  }
  return last;
}

const HomeInspection *home_monitored_inspection(const HomeRecords *h, Date asOf, int *pComplete) {
  const HomeInspection *best = NULL;
  for (int i = 0; i < h->nInsp; i++) {
    const HomeInspection *in = &h->aInsp[i];
    if (in->end > asOf || in->nReq == 0) continue;
    if (!best || in->start >= best->start) best = in;
  }
  if (best && pComplete) {
    int all = 1;
    for (int k = 0; k < best->nReq && all; k++) all = home_requirement_met(best, &best->aReq[k], asOf);
    *pComplete = all;
  }
  return best;
}

/* The judgement that sets the monitoring cadence: the overall one, or
** when none was made (a monitoring visit) the worst of the others. */
static int cadence_judgement(const HomeInspection *in) {
  if (in->overall != JUDGEMENT_NONE) return in->overall;
  int worst = JUDGEMENT_NONE;
  int a[3] = {in->experiences, in->protection, in->leadership};
  for (int i = 0; i < 3; i++) {
    if (a[i] > worst) worst = a[i];
  }
  return worst;
}

Date home_monitoring_due(const HomeInspection *in, Date asOf) {
  int all = 1;
  for (int k = 0; k < in->nReq && all; k++) all = home_requirement_met(in, &in->aReq[k], asOf);
  if (in->nReq == 0 || all || in->end > asOf) return DATE_NONE;
  Date last = in->end;
  for (int i = 0; i < in->nReview; i++) {
    if (in->aReview[i] <= asOf && in->aReview[i] > last) last = in->aReview[i];
  }
  int j = cadence_judgement(in);
  if (j == J_INADEQUATE) return rule_due(rule("home_monitoring_inadequate"), last);
  if (j == J_RI) return rule_due(rule("home_monitoring_ri"), last);
  /* Good or outstanding: within the action plan's own dates, i.e. by the
  ** next target (or requirement due date, while a requirement has no
  ** action yet) after the last review. Once the plan's dates have all
  ** passed with actions still open, the framework's next cadence applies
  ** (requires improvement), so the home is never left unmonitored. */
  Date next = DATE_NONE;
  for (int k = 0; k < in->nReq; k++) {
    const HomeRequirement *r = &in->aReq[k];
    if (home_requirement_met(in, r, asOf)) continue;
    int nAct = 0;
    for (int i = 0; i < in->nAct; i++) {
      const HomeAction *a = &in->aAct[i];
      if (a->requirementId != r->id) continue;
      nAct++;
      if (known(a->completed, asOf) != DATE_NONE) continue;
      if (a->target > last && (next == DATE_NONE || a->target < next)) next = a->target;
    }
    if (!nAct && r->due > last && (next == DATE_NONE || r->due < next)) next = r->due;
  }
  return next != DATE_NONE ? next : rule_due(rule("home_monitoring_ri"), last);
}

static HomeItem *add_item(HomeItemList *l, HomeItemKind k, Date due, Date done, Date asOf, int64_t ref,
                          const char *zWhat) {
  GROW(l->a, l->n, l->cap);
  HomeItem *it = &l->a[l->n++];
  memset(it, 0, sizeof *it);
  it->kind = k;
  it->due = due;
  it->done = known(done, asOf);
  it->status = home_status(due, it->done, asOf);
  it->dueAt = MINUTE_NONE;
  it->refId = ref;
  it->zWhat = xstrdup(zWhat ? zWhat : "");
  return it;
}

/* Keep an item when it is open, or done and history is wanted. */
static void keep(HomeItemList *l, int withHistory) {
  if (!withHistory && !STATUS_IS_OPEN(l->a[l->n - 1].status)) free(l->a[--l->n].zWhat);
}

static void due_inspections(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  for (int i = 0; i < h->nInsp; i++) {
    const HomeInspection *in = &h->aInsp[i];
    if (in->end > asOf) continue;
    for (int k = 0; k < in->nReq; k++) {
      const HomeRequirement *r = &in->aReq[k];
      int met = home_requirement_met(in, r, asOf);
      add_item(out, HI_REQUIREMENT, r->due, met ? requirement_met_on(in, r) : DATE_NONE, asOf, r->id, r->zRegulation);
      keep(out, withHistory);
    }
    for (int k = 0; k < in->nAct; k++) {
      const HomeAction *a = &in->aAct[k];
      add_item(out, HI_ACTION, a->target, a->completed, asOf, a->id, a->zAction);
      keep(out, withHistory);
    }
    /* Monitoring: each review held, against what was due the day before
    ** it; then the next one, while requirements are unmet. */
    if (withHistory) {
      for (int k = 0; k < in->nReview; k++) {
        Date held = in->aReview[k];
        if (held > asOf) break;
        Date due = home_monitoring_due(in, held - 1);
        if (due == DATE_NONE) due = held;
        add_item(out, HI_MONITORING, due, held, asOf, in->id, "After the inspection");
      }
    }
    Date next = home_monitoring_due(in, asOf);
    if (next != DATE_NONE) add_item(out, HI_MONITORING, next, DATE_NONE, asOf, in->id, "After the inspection");
  }
}

static void due_visits(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  const Rule *rVisit = rule("reg44_visit"), *rReport = rule("reg44_report"), *rSent = rule("reg44_sent");
  const Rule *rPlan = rule("reg44_plan_approval"), *rFeedback = rule("reg44_feedback");
  Date prev = h->home.registered;
  char zWhat[48], zD[24];   /* "Visit of " and a date in words */
  for (int i = 0; i < h->nVisit; i++) {
    const HomeVisit *v = &h->aVisit[i];
    if (v->visited > asOf) break;
    snprintf(zWhat, sizeof zWhat, "Visit of %s", date_long(v->visited, zD));
    add_item(out, HI_REG44_VISIT, rule_due(rVisit, prev), v->visited, asOf, v->id, zWhat);
    keep(out, withHistory);
    /* Both kinds of feedback are needed: the later one is when it was all in. */
    Date yp = known(v->ypFeedback, asOf), prof = known(v->profFeedback, asOf);
    Date fb = yp == DATE_NONE || prof == DATE_NONE ? DATE_NONE : yp > prof ? yp : prof;
    add_item(out, HI_REG44_FEEDBACK, cal_add(v->visited, -rFeedback->amount, rFeedback->unit), fb, asOf, v->id,
             zWhat);
    keep(out, withHistory);
    add_item(out, HI_REG44_REPORT, rule_due(rReport, v->visited), v->report, asOf, v->id, zWhat);
    keep(out, withHistory);
    add_item(out, HI_REG44_SENT, rule_due(rSent, v->visited), v->sent, asOf, v->id, zWhat);
    keep(out, withHistory);
    add_item(out, HI_REG44_PLAN, rule_due(rPlan, v->visited), v->planApproved, asOf, v->id, zWhat);
    keep(out, withHistory);
    prev = v->visited;
  }
  if (prev == DATE_NONE) return;
  Date next = rule_due(rVisit, prev);
  add_item(out, HI_REG44_VISIT, next, DATE_NONE, asOf, 0, "Next visit");
  add_item(out, HI_REG44_FEEDBACK, cal_add(next, -rFeedback->amount, rFeedback->unit), DATE_NONE, asOf, 0,
           "Next visit");
}

static void due_audits(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  const Rule *r = rule("home_audit");
  for (int k = 0; k < HOME_N_AUDIT_KINDS; k++) {
    Date prev = h->home.registered;
    for (int i = 0; i < h->nAudit; i++) {
      const HomeAudit *a = &h->aAudit[i];
      if (a->kind != k || a->done > asOf) continue;
      add_item(out, HI_AUDIT, rule_due(r, prev), a->done, asOf, k, home_audit_labels[k]);
      keep(out, withHistory);
      prev = a->done;
    }
    if (prev != DATE_NONE) add_item(out, HI_AUDIT, rule_due(r, prev), DATE_NONE, asOf, k, home_audit_labels[k]);
  }
  for (int i = 0; i < h->nAuditAct; i++) {
    const HomeAuditAction *a = &h->aAuditAct[i];
    const HomeAudit *au = NULL;
    for (int k = 0; k < h->nAudit; k++) {
      if (h->aAudit[k].id == a->auditId) au = &h->aAudit[k];
    }
    if (!au || au->done > asOf) continue;
    char *zWhat = xmprintf("%s: %s", au->kind >= 0 ? home_audit_labels[au->kind] : "", a->zAction);
    add_item(out, HI_AUDIT_ACTION, a->due, a->done, asOf, a->id, zWhat);
    free(zWhat);
    keep(out, withHistory);
  }
}

/* The notification's deadline: the home_notification rule after the
** event, in hours or minutes. */
Minute home_notification_due(Minute event) {
  const Rule *r = rule("home_notification");
  Minute n = r->unit == UNIT_HOURS ? (Minute)r->amount * 60
             : r->unit == UNIT_MINUTES ? r->amount : (Minute)r->amount * 1440;
  return event + n;
}

static void due_notifications(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  for (int i = 0; i < h->nNote; i++) {
    const HomeNotification *n = &h->aNote[i];
    if (n->event == MINUTE_NONE || MINUTE_DATE(n->event) > asOf) continue;
    Minute dueAt = home_notification_due(n->event);
    Minute notified = n->notified != MINUTE_NONE && MINUTE_DATE(n->notified) <= asOf ? n->notified : MINUTE_NONE;
    char *zWhat = xmprintf("%s: %s", strcmp(n->zKind, "allegation") == 0 ? "Allegation" : "Serious event", n->zSummary);
    HomeItem *it = add_item(out, HI_NOTIFICATION, MINUTE_DATE(dueAt),
                            notified == MINUTE_NONE ? DATE_NONE : MINUTE_DATE(notified), asOf, n->id, zWhat);
    free(zWhat);
    it->dueAt = dueAt;
    /* On time is by the minute, not the day: notified at 10:00 the next
    ** day for an event at 09:30 is late. */
    if (notified != MINUTE_NONE) it->status = notified <= dueAt ? ST_DONE : ST_DONE_LATE;
    else if (asOf >= MINUTE_DATE(dueAt) || asOf >= MINUTE_DATE(n->event)) {
      it->status = asOf > MINUTE_DATE(dueAt) ? ST_OVERDUE : asOf == MINUTE_DATE(dueAt) ? ST_DUE_TODAY : ST_DUE_SOON;
    }
    keep(out, withHistory);
  }
}

static int item_cmp(const void *pa, const void *pb) {
  const HomeItem *a = pa, *b = pb;
  int oa = STATUS_IS_OPEN(a->status), ob = STATUS_IS_OPEN(b->status);
  if (oa != ob) return ob - oa;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return (int)a->kind - (int)b->kind;
}

void home_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  int first = out->n;
  due_inspections(h, asOf, withHistory, out);
  due_visits(h, asOf, withHistory, out);
  due_audits(h, asOf, withHistory, out);
  due_notifications(h, asOf, withHistory, out);
  homes_weekly_due(h, asOf, withHistory, out);
  evidence_due(h, asOf, withHistory, out);
  qsort(out->a + first, (size_t)(out->n - first), sizeof *out->a, item_cmp);
}

void home_items_free(HomeItemList *l) {
  for (int i = 0; i < l->n; i++) free(l->a[i].zWhat);
  free(l->a);
  memset(l, 0, sizeof *l);
}

/* ---- Writing ---------------------------------------------------------------------- */

int home_write_end(Db *db, int rc, Errors *err, const char *zField, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, zField, "Could not save the %s: %s", zWhat, db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

static int finish(Db *db, int rc, Errors *err, const char *zWhat) { return home_write_end(db, rc, err, "home", zWhat); }

int home_audit_write(Db *db, int64_t homeId, const char *zActor, const char *zAction, const char *zBefore,
                     const char *zAfter) {
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)homeId);
  return audit_write(db, zActor, zAction, zRec, zBefore, zAfter, NULL);
}

int home_audit_view(Db *db, int64_t homeId, const char *zActor) {
  return home_audit_write(db, homeId, zActor, "home.view", NULL, NULL);
}

static void need_text(Errors *err, const char *zField, const char *z, const char *zWhat) {
  if (!z || !*z) errors_add(err, zField, "Enter %s", zWhat);
}

static void need_date(Errors *err, const char *zField, Date d, Date today, const char *zWhat, int required) {
  if (d == DATE_NONE) {
    if (required) errors_add(err, zField, "Enter %s", zWhat);
  } else if (d > today) {
    errors_add(err, zField, "The %s cannot be in the future", zWhat);
  }
}

static int64_t new_id(Db *db, const char *zTable) {
  /* The table name is one of ours, never input. */
  char zSql[80];
  snprintf(zSql, sizeof zSql, "SELECT max(id) FROM %s", zTable);
  return db_int(db, 0, zSql, "");
}

int64_t home_save(Db *db, int64_t id, const HomeInput *in, Date today, const char *zActor, Errors *err) {
  need_text(err, "name", in->zName, "the home's name");
  need_text(err, "urn", in->zUrn, "the Ofsted unique reference number (URN)");
  need_text(err, "ri", in->zRi, "the responsible individual");
  long places = 0, from = 0, to = 0;
  if (!in->zPlaces || parse_int(in->zPlaces, 1, 99, &places) != 0) {
    errors_add(err, "places", "Enter the number of places as a whole number from 1 to 99");
  }
  int okFrom = in->zAgeFrom && parse_int(in->zAgeFrom, 0, 25, &from) == 0;
  int okTo = in->zAgeTo && parse_int(in->zAgeTo, 0, 25, &to) == 0;
  if (!okFrom) errors_add(err, "age_from", "Enter the youngest age as a whole number from 0 to 25");
  if (!okTo) errors_add(err, "age_to", "Enter the oldest age as a whole number from 0 to 25");
  if (okFrom && okTo && from > to) errors_add(err, "age_to", "The oldest age must be at least the youngest");
  int vacant = !in->zManager || !*in->zManager;
  if (vacant && in->vacantSince == DATE_NONE) {
    errors_add(err, "vacant_since", "Enter the registered manager, or the date the post has been vacant since");
  } else if (!vacant && in->vacantSince != DATE_NONE) {
    errors_add(err, "vacant_since", "Leave the vacancy date empty when there is a registered manager");
  } else if (vacant && in->vacantSince > today) {
    errors_add(err, "vacant_since", "The date the post became vacant cannot be in the future");
  }
  need_date(err, "registered_on", in->registered, today, "date the home was registered with Ofsted", 1);
  if (err->n) return 0;
  const char *zSql = id
      ? "UPDATE home SET name=?, urn=?, manager=?, manager_vacant_since=?, responsible_individual=?, places=?,"
        " age_from=?, age_to=?, registered_on=?, purpose=? WHERE id=?"
      : "INSERT INTO home(name, urn, manager, manager_vacant_since, responsible_individual, places, age_from,"
        " age_to, registered_on, purpose, id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  char zD[11];
  char *zAfter = xmprintf("%s (URN %s), manager %s, %ld places, ages %ld-%ld", in->zName, in->zUrn,
                          vacant ? "vacant" : in->zManager, places, from, to);
  char *zBefore = NULL;
  db_begin(db);
  if (id) {
    HomeRecords old;
    if (!home_load(db, id, &old)) {
      db_rollback(db);
      free(zAfter);
      errors_add(err, "name", "There is no home %lld", (long long)id);
      return 0;
    }
    zBefore = xmprintf("%s (URN %s), manager %s, %d places, ages %d-%d", old.home.zName, old.home.zUrn,
                       old.home.zManager ? old.home.zManager : "vacant", old.home.places, old.home.ageFrom,
                       old.home.ageTo);
    home_clear(&old);
  }
  int rc = db_exec(db, zSql, "sssssiiissr", in->zName, in->zUrn, vacant ? NULL : in->zManager,
                   vacant ? date_iso(in->vacantSince, zD) : NULL, in->zRi, (int)places, (int)from, (int)to,
                   date_iso(in->registered, (char[11]){0}), in->zPurpose ? in->zPurpose : "", id);
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "name", "There is already a home with that name or URN");
    free(zAfter);
    free(zBefore);
    return 0;
  }
  if (rc == DB_OK && !id) id = new_id(db, "home");
  if (rc == DB_OK) rc = home_audit_write(db, id, zActor, zBefore ? "home.correct" : "home.add", zBefore, zAfter);
  free(zAfter);
  free(zBefore);
  return finish(db, rc, err, "home") == 0 ? id : 0;
}

static const char *nz(const char *z) { return z && *z ? z : NULL; }

static int64_t home_of(Db *db, const char *zSql, int64_t id) { return db_int(db, 0, zSql, "I", id); }

int64_t inspection_add(Db *db, int64_t homeId, const InspectionInput *in, Date today, const char *zActor,
                       Errors *err) {
  if (code_index(in->zKind, home_inspection_kinds, home_n_inspection_kinds) < 0) {
    errors_add(err, "kind", "Select the type of inspection");
  }
  need_date(err, "start_on", in->start, today, "first day of the inspection", 1);
  need_date(err, "end_on", in->end, today, "last day of the inspection", 1);
  if (in->start != DATE_NONE && in->end != DATE_NONE && in->end < in->start) {
    errors_add(err, "end_on", "The last day of the inspection must be on or after the first day");
  }
  struct { const char *z, *zField, *zWhat; } aJ[] = {
    {in->zOverall, "overall", "the overall judgement"},
    {in->zExperiences, "experiences", "the judgement on children's experiences and progress"},
    {in->zProtection, "protection", "the judgement on how well children are helped and protected"},
    {in->zLeadership, "leadership", "the judgement on the effectiveness of leaders and managers"},
  };
  int full = in->zKind && strcmp(in->zKind, "full") == 0;
  for (int i = 0; i < COUNT(aJ); i++) {
    int empty = !aJ[i].z || !*aJ[i].z;
    if (!empty && home_judgement_parse(aJ[i].z) < 0) errors_add(err, aJ[i].zField, "Select %s", aJ[i].zWhat);
    else if (empty && full) errors_add(err, aJ[i].zField, "Select %s: a full inspection makes all four", aJ[i].zWhat);
  }
  if (!homeId || !home_of(db, "SELECT id FROM home WHERE id=?", homeId)) errors_add(err, "kind", "There is no such home");
  if (err->n) return 0;
  char zS[11], zE[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO inspection(home_id, kind, start_on, end_on, overall, experiences, protection,"
                       " leadership) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", "Isssssss", homeId, in->zKind,
                   date_iso(in->start, zS), date_iso(in->end, zE), nz(in->zOverall), nz(in->zExperiences),
                   nz(in->zProtection), nz(in->zLeadership));
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "start_on", "An inspection starting on that day is already recorded for this home");
    return 0;
  }
  int64_t id = rc == DB_OK ? new_id(db, "inspection") : 0;
  /* Recommendations: one a line. */
  const char *p = in->zRecommendations ? in->zRecommendations : "";
  while (rc == DB_OK && *p) {
    size_t n = strcspn(p, "\r\n");
    while (n && (p[0] == ' ' || p[0] == '\t')) p++, n--;
    size_t m = n;
    while (m && (p[m - 1] == ' ' || p[m - 1] == '\t')) m--;
    if (m) {
      char *z = xmprintf("%.*s", (int)m, p);
      rc = db_exec(db, "INSERT INTO inspection_recommendation(inspection_id, text) VALUES(?, ?)", "Is", id, z);
      free(z);
    }
    p += n;
    while (*p == '\r' || *p == '\n') p++;
  }
  char zOverall[40]; /* "requires improvement", in words as the audit log shows it */
  snprintf(zOverall, sizeof zOverall, "%s", nz(in->zOverall) ? in->zOverall : "none");
  for (char *q = zOverall; *q; q++) if (*q == '-') *q = ' ';
  char *zAfter = xmprintf("%s inspection %s to %s, overall %s", in->zKind, zS, zE, zOverall);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "inspection.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "inspection") == 0 ? id : 0;
}

int64_t requirement_add(Db *db, int64_t inspectionId, const char *zRegulation, const char *zText, Date due,
                        const char *zActor, Errors *err) {
  need_text(err, "regulation", zRegulation, "the regulation, for example Regulation 12");
  need_text(err, "requirement", zText, "what the requirement says");
  if (due == DATE_NONE) errors_add(err, "due_on", "Enter the date the requirement is due");
  int64_t homeId = home_of(db, "SELECT home_id FROM inspection WHERE id=?", inspectionId);
  if (!homeId) errors_add(err, "regulation", "There is no such inspection");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO inspection_requirement(inspection_id, regulation, text, due_on) VALUES(?, ?, ?, ?)",
                   "Isss", inspectionId, zRegulation, zText, date_iso(due, zD));
  int64_t id = rc == DB_OK ? new_id(db, "inspection_requirement") : 0;
  char *zAfter = xmprintf("requirement %lld (%s) due %s", (long long)id, zRegulation, zD);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "requirement.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "requirement") == 0 ? id : 0;
}

int64_t action_add(Db *db, int64_t requirementId, const char *zAction, const char *zOwner, Date target,
                   const char *zActor, Errors *err) {
  need_text(err, "action", zAction, "the action");
  need_text(err, "owner", zOwner, "who owns the action");
  if (target == DATE_NONE) errors_add(err, "target_on", "Enter the action's target date");
  int64_t homeId = home_of(db, "SELECT i.home_id FROM inspection_requirement r JOIN inspection i ON i.id = r.inspection_id"
                               " WHERE r.id=?", requirementId);
  if (!homeId) errors_add(err, "requirement_id", "Select the requirement the action is for");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO inspection_action(requirement_id, action, owner, target_on) VALUES(?, ?, ?, ?)",
                   "Isss", requirementId, zAction, zOwner, date_iso(target, zD));
  int64_t id = rc == DB_OK ? new_id(db, "inspection_action") : 0;
  char *zAfter = xmprintf("action %lld for requirement %lld, owner %s, target %s", (long long)id,
                          (long long)requirementId, zOwner, zD);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "action.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "action") == 0 ? id : 0;
}

int action_complete(Db *db, int64_t actionId, Date on, Date today, const char *zActor, Errors *err) {
  need_date(err, "completed_on", on, today, "date the action was completed", 1);
  Stmt *s = db_query(db, "SELECT i.home_id, a.completed_on, i.end_on FROM inspection_action a"
                         " JOIN inspection_requirement r ON r.id = a.requirement_id"
                         " JOIN inspection i ON i.id = r.inspection_id WHERE a.id=?", "I", actionId);
  int64_t homeId = 0;
  char zBefore[16] = "";
  if (db_step(s) == DB_ROW) {
    homeId = db_col_int(s, 0);
    snprintf(zBefore, sizeof zBefore, "%s", db_col_text(s, 1));
  }
  db_finalize(s);
  if (!homeId) errors_add(err, "completed_on", "There is no such action");
  if (err->n) return -1;
  char zD[11], zRec[64];
  date_iso(on, zD);
  snprintf(zRec, sizeof zRec, "action %lld completed %s", (long long)actionId, zD);
  db_begin(db);
  int rc = db_exec(db, "UPDATE inspection_action SET completed_on=? WHERE id=?", "sI", zD, actionId);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "action.complete", *zBefore ? zBefore : NULL, zRec);
  return finish(db, rc, err, "action");
}

int64_t monitoring_add(Db *db, int64_t inspectionId, Date held, const char *zBy, const char *zNotes, Date today,
                       const char *zActor, Errors *err) {
  need_date(err, "held_on", held, today, "date of the monitoring review", 1);
  need_text(err, "by_whom", zBy, "who carried out the review");
  int64_t homeId = home_of(db, "SELECT home_id FROM inspection WHERE id=?", inspectionId);
  if (!homeId) errors_add(err, "held_on", "There is no such inspection");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO monitoring_review(inspection_id, held_on, by_whom, notes) VALUES(?, ?, ?, ?)",
                   "Isss", inspectionId, date_iso(held, zD), zBy, zNotes ? zNotes : "");
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "held_on", "A monitoring review on that day is already recorded");
    return 0;
  }
  int64_t id = rc == DB_OK ? new_id(db, "monitoring_review") : 0;
  char *zAfter = xmprintf("monitoring review %s by %s", zD, zBy);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "monitoring.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "monitoring review") == 0 ? id : 0;
}

int64_t reg44_save(Db *db, int64_t homeId, int64_t id, const VisitInput *in, Date today, const char *zActor,
                   Errors *err) {
  need_date(err, "visited_on", in->visited, today, "date of the visit", 1);
  need_text(err, "visitor", in->zVisitor, "the independent visitor's name");
  need_date(err, "yp_feedback_on", in->ypFeedback, today, "date young people's feedback was gathered", 0);
  need_date(err, "prof_feedback_on", in->profFeedback, today, "date professionals' feedback was gathered", 0);
  need_date(err, "report_on", in->report, today, "date the report was received", 0);
  need_date(err, "sent_on", in->sent, today, "date the report was sent to senior managers", 0);
  need_date(err, "plan_approved_on", in->planApproved, today, "date the action plan was approved", 0);
  if (in->report != DATE_NONE && in->visited != DATE_NONE && in->report < in->visited) {
    errors_add(err, "report_on", "The report cannot be received before the visit");
  }
  if (in->sent != DATE_NONE && in->report == DATE_NONE) {
    errors_add(err, "sent_on", "Enter the date the report was received before the date it was sent");
  } else if (in->sent != DATE_NONE && in->sent < in->report) {
    errors_add(err, "sent_on", "The report cannot be sent before it was received");
  }
  if (in->planApproved != DATE_NONE && in->report == DATE_NONE) {
    errors_add(err, "plan_approved_on", "Enter the date the report was received before approving the action plan");
  }
  if (in->planApproved != DATE_NONE && (!in->zPlanApprovedBy || !*in->zPlanApprovedBy)) {
    errors_add(err, "plan_approved_by", "Enter the service manager who approved the action plan");
  }
  const char *zFinding = in->zFinding && *in->zFinding ? in->zFinding : "none";
  static const char *const azFinding[] = {"none", "good", "adverse"};
  if (code_index(zFinding, azFinding, 3) < 0) errors_add(err, "finding", "Select whether the findings were particularly good or adverse");
  if (!home_of(db, "SELECT id FROM home WHERE id=?", homeId)) errors_add(err, "visited_on", "There is no such home");
  if (id && home_of(db, "SELECT home_id FROM reg44_visit WHERE id=?", id) != homeId) {
    errors_add(err, "visited_on", "There is no such visit for this home");
  }
  if (err->n) return 0;
  char z[6][11];
  Date ad[6] = {in->visited, in->ypFeedback, in->profFeedback, in->report, in->sent, in->planApproved};
  const char *az[6];
  for (int i = 0; i < 6; i++) az[i] = ad[i] == DATE_NONE ? NULL : date_iso(ad[i], z[i]);
  const char *zSql = id
      ? "UPDATE reg44_visit SET visited_on=?, yp_feedback_on=?, prof_feedback_on=?, report_on=?, sent_on=?,"
        " plan_approved_on=?, visitor=?, plan_approved_by=?, finding=?, findings=?, home_id=? WHERE id=?"
      : "INSERT INTO reg44_visit(visited_on, yp_feedback_on, prof_feedback_on, report_on, sent_on, plan_approved_on,"
        " visitor, plan_approved_by, finding, findings, home_id, id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  char *zBefore = NULL;
  if (id) {
    Stmt *s = db_query(db, "SELECT visited_on, report_on, sent_on, plan_approved_on FROM reg44_visit WHERE id=?", "I", id);
    if (db_step(s) == DB_ROW) {
      zBefore = xmprintf("visit %s, report %s, sent %s, plan approved %s", db_col_text(s, 0), db_col_text(s, 1),
                         db_col_text(s, 2), db_col_text(s, 3));
    }
    db_finalize(s);
  }
  db_begin(db);
  int rc = db_exec(db, zSql, "ssssssssssIr", az[0], az[1], az[2], az[3], az[4], az[5], in->zVisitor,
                   in->zPlanApprovedBy && *in->zPlanApprovedBy ? in->zPlanApprovedBy : NULL, zFinding,
                   in->zFindings ? in->zFindings : "", homeId, id);
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    free(zBefore);
    errors_add(err, "visited_on", "A visit on that day is already recorded for this home");
    return 0;
  }
  if (rc == DB_OK && !id) id = new_id(db, "reg44_visit");
  char *zAfter = xmprintf("visit %s, report %s, sent %s, plan approved %s", az[0], az[3] ? az[3] : "",
                          az[4] ? az[4] : "", az[5] ? az[5] : "");
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, zBefore ? "reg44.update" : "reg44.add", zBefore, zAfter);
  free(zAfter);
  free(zBefore);
  return finish(db, rc, err, "Regulation 44 visit") == 0 ? id : 0;
}

int64_t home_audit_add(Db *db, int64_t homeId, const char *zKind, Date on, const char *zBy, const char *zFindings,
                       Date today, const char *zActor, Errors *err) {
  int kind = code_index(zKind, home_audit_kinds, HOME_N_AUDIT_KINDS);
  if (kind < 0) errors_add(err, "audit_kind", "Select which audit it was");
  need_date(err, "audit_on", on, today, "date of the audit", 1);
  need_text(err, "audit_by", zBy, "who carried out the audit");
  if (!home_of(db, "SELECT id FROM home WHERE id=?", homeId)) errors_add(err, "audit_kind", "There is no such home");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO home_audit(home_id, kind, done_on, by_whom, findings) VALUES(?, ?, ?, ?, ?)",
                   "Issss", homeId, zKind, date_iso(on, zD), zBy, zFindings ? zFindings : "");
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "audit_on", "That audit is already recorded on that day");
    return 0;
  }
  int64_t id = rc == DB_OK ? new_id(db, "home_audit") : 0;
  /* In words, as the audit log shows it to people: "Data protection audit ..." */
  char *zAfter = xmprintf("%s audit %s by %s", home_audit_labels[kind], zD, zBy);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "audit.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "audit") == 0 ? id : 0;
}

int64_t audit_action_add(Db *db, int64_t auditId, const char *zAction, const char *zOwner, Date due,
                         const char *zActor, Errors *err) {
  need_text(err, "audit_action", zAction, "the action");
  need_text(err, "audit_owner", zOwner, "who owns the action");
  if (due == DATE_NONE) errors_add(err, "audit_due", "Enter the date the action is due");
  int64_t homeId = home_of(db, "SELECT home_id FROM home_audit WHERE id=?", auditId);
  if (!homeId) errors_add(err, "audit_action", "There is no such audit");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO home_audit_action(audit_id, action, owner, due_on) VALUES(?, ?, ?, ?)", "Isss",
                   auditId, zAction, zOwner, date_iso(due, zD));
  int64_t id = rc == DB_OK ? new_id(db, "home_audit_action") : 0;
  char *zAfter = xmprintf("audit action %lld, owner %s, due %s", (long long)id, zOwner, zD);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "audit-action.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "audit action") == 0 ? id : 0;
}

int audit_action_done(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err) {
  need_date(err, "done_on", on, today, "date the action was done", 1);
  int64_t homeId = home_of(db, "SELECT a.home_id FROM home_audit_action x JOIN home_audit a ON a.id = x.audit_id"
                               " WHERE x.id=?", id);
  if (!homeId) errors_add(err, "done_on", "There is no such audit action");
  if (err->n) return -1;
  char zD[11], zAfter[64];
  snprintf(zAfter, sizeof zAfter, "audit action %lld done %s", (long long)id, date_iso(on, zD));
  db_begin(db);
  int rc = db_exec(db, "UPDATE home_audit_action SET done_on=? WHERE id=?", "sI", zD, id);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "audit-action.done", NULL, zAfter);
  return finish(db, rc, err, "audit action");
}

/* A date and time as entered: "" for none (when allowed), else minutes. */
static int check_minute(Errors *err, const char *zField, const char *z, Date today, const char *zWhat, int required,
                        Minute *out) {
  *out = MINUTE_NONE;
  if (!z || !*z) {
    if (required) errors_add(err, zField, "Enter the date and time of %s", zWhat);
    return required ? -1 : 0;
  }
  if (minute_parse(z, out) != 0) {
    errors_add(err, zField, "Enter the date and time of %s as YYYY-MM-DD HH:MM, for example 2026-03-27 14:30", zWhat);
    return -1;
  }
  if (MINUTE_DATE(*out) > today) {
    errors_add(err, zField, "The date of %s cannot be in the future", zWhat);
    return -1;
  }
  return 0;
}

int64_t notification_add(Db *db, int64_t homeId, const char *zKind, const char *zEvent, const char *zNotified,
                         const char *zSummary, Date today, const char *zActor, Errors *err) {
  if (code_index(zKind, home_notification_kinds, home_n_notification_kinds) < 0) {
    errors_add(err, "note_kind", "Select whether it was a serious event or an allegation");
  }
  Minute ev, nt;
  int okEv = check_minute(err, "event_at", zEvent, today, "the event", 1, &ev) == 0;
  int okNt = check_minute(err, "notified_at", zNotified, today, "the notification", 0, &nt) == 0;
  if (okEv && okNt && nt != MINUTE_NONE && nt < ev) errors_add(err, "notified_at", "The notification cannot be before the event");
  need_text(err, "summary", zSummary, "a short summary of what happened");
  if (!home_of(db, "SELECT id FROM home WHERE id=?", homeId)) errors_add(err, "note_kind", "There is no such home");
  if (err->n) return 0;
  char zE[17], zN[17];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO home_notification(home_id, kind, event_at, notified_at, summary) VALUES(?, ?, ?, ?, ?)",
                   "Issss", homeId, zKind, minute_iso(ev, zE), nt == MINUTE_NONE ? NULL : minute_iso(nt, zN), zSummary);
  int64_t id = rc == DB_OK ? new_id(db, "home_notification") : 0;
  char *zAfter = xmprintf("%s at %s, notified %s", strcmp(zKind, "allegation") == 0 ? "Allegation" : "Serious event", zE,
                          nt == MINUTE_NONE ? "not yet" : zN);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "notification.add", NULL, zAfter);
  free(zAfter);
  return finish(db, rc, err, "notification") == 0 ? id : 0;
}

int notification_notified(Db *db, int64_t id, const char *zNotified, Date today, const char *zActor, Errors *err) {
  Minute nt;
  check_minute(err, "notified_at", zNotified, today, "the notification", 1, &nt);
  int64_t homeId = 0;
  Minute ev = MINUTE_NONE;
  Stmt *s = db_query(db, "SELECT home_id, event_at FROM home_notification WHERE id=?", "I", id);
  if (db_step(s) == DB_ROW) {
    homeId = db_col_int(s, 0);
    minute_parse(db_col_text(s, 1), &ev);
  }
  db_finalize(s);
  if (!homeId) errors_add(err, "notified_at", "There is no such notification");
  else if (nt != MINUTE_NONE && nt < ev) errors_add(err, "notified_at", "The notification cannot be before the event");
  if (err->n) return -1;
  char zN[17], zAfter[64];
  snprintf(zAfter, sizeof zAfter, "notification %lld made %s", (long long)id, minute_iso(nt, zN));
  db_begin(db);
  int rc = db_exec(db, "UPDATE home_notification SET notified_at=? WHERE id=?", "sI", zN, id);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "notification.made", NULL, zAfter);
  return finish(db, rc, err, "notification");
}

/* ---- QPAG ------------------------------------------------------------------------- */

int qpag_actions(Db *db, Date asOf, QpagList *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc;
  char zD[11];
  Stmt *s = db_query(db, "SELECT q.id, q.home_id, h.name, q.meeting_on, q.due_on, q.done_on, q.escalated_on,"
                         " q.action, q.owner, q.escalation_note FROM qpag_action q LEFT JOIN home h ON h.id = q.home_id"
                         " WHERE q.meeting_on <= ? ORDER BY q.due_on, q.id", "s", date_iso(asOf, zD));
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->a, out->n, cap);
    QpagAction *a = &out->a[out->n++];
    a->id = db_col_int(s, 0);
    a->homeId = db_col_int(s, 1);
    a->zHome = dup_or_null(s, 2);
    a->meeting = db_col_date(s, 3);
    a->due = db_col_date(s, 4);
    a->done = known(db_col_date(s, 5), asOf);
    a->escalated = known(db_col_date(s, 6), asOf);
    a->zAction = xstrdup(db_col_text(s, 7));
    a->zOwner = xstrdup(db_col_text(s, 8));
    a->zEscalationNote = a->escalated != DATE_NONE ? dup_or_null(s, 9) : NULL;
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    /* Part of the actions would pass for all of them. */
    qpag_list_free(out);
    return DB_ERROR;
  }
  return DB_OK;
}

void qpag_list_free(QpagList *l) {
  for (int i = 0; i < l->n; i++) {
    free(l->a[i].zHome);
    free(l->a[i].zAction);
    free(l->a[i].zOwner);
    free(l->a[i].zEscalationNote);
  }
  free(l->a);
  memset(l, 0, sizeof *l);
}

int qpag_needs_escalation(const QpagAction *a, Date asOf) {
  if (a->done != DATE_NONE && a->done <= asOf) return 0;
  return asOf > rule_due(rule("qpag_escalation"), a->due);
}

int qpag_escalation_outstanding(const QpagAction *a, Date asOf) {
  return qpag_needs_escalation(a, asOf) && (a->escalated == DATE_NONE || a->escalated > asOf);
}

static int audit_qpag(Db *db, int64_t id, int64_t homeId, const char *zActor, const char *zAction, const char *zAfter) {
  char zRec[40];
  if (homeId) snprintf(zRec, sizeof zRec, "home:%lld", (long long)homeId);
  else snprintf(zRec, sizeof zRec, "qpag:%lld", (long long)id);
  return audit_write(db, zActor, zAction, zRec, NULL, zAfter, NULL);
}

int64_t qpag_action_add(Db *db, Date meeting, int64_t homeId, const char *zAction, const char *zOwner, Date due,
                        Date today, const char *zActor, Errors *err) {
  need_date(err, "meeting_on", meeting, today, "date of the QPAG meeting", 1);
  need_text(err, "action", zAction, "the action agreed");
  need_text(err, "owner", zOwner, "who owns the action");
  if (due == DATE_NONE) errors_add(err, "due_on", "Enter the date the action is due");
  else if (meeting != DATE_NONE && due < meeting) errors_add(err, "due_on", "The due date must be on or after the meeting");
  if (homeId && !home_of(db, "SELECT id FROM home WHERE id=?", homeId)) errors_add(err, "home_id", "Select a home from the list");
  if (err->n) return 0;
  char zM[11], zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO qpag_action(meeting_on, home_id, action, owner, due_on) VALUES(?, ?, ?, ?, ?)",
                   "srsss", date_iso(meeting, zM), homeId, zAction, zOwner, date_iso(due, zD));
  int64_t id = rc == DB_OK ? new_id(db, "qpag_action") : 0;
  char *zAfter = xmprintf("QPAG action %lld agreed %s, owner %s, due %s", (long long)id, zM, zOwner, zD);
  if (rc == DB_OK) rc = audit_qpag(db, id, homeId, zActor, "qpag.add", zAfter);
  free(zAfter);
  return finish(db, rc, err, "QPAG action") == 0 ? id : 0;
}

static int64_t qpag_home(Db *db, int64_t id, int *pFound) {
  Stmt *s = db_query(db, "SELECT home_id FROM qpag_action WHERE id=?", "I", id);
  *pFound = db_step(s) == DB_ROW;
  int64_t h = *pFound ? db_col_int(s, 0) : 0;
  db_finalize(s);
  return h;
}

int qpag_action_done(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err) {
  need_date(err, "done_on", on, today, "date the action was done", 1);
  int found;
  int64_t homeId = qpag_home(db, id, &found);
  if (!found) errors_add(err, "done_on", "There is no such QPAG action");
  if (err->n) return -1;
  char zD[11], zAfter[64];
  snprintf(zAfter, sizeof zAfter, "QPAG action %lld done %s", (long long)id, date_iso(on, zD));
  db_begin(db);
  int rc = db_exec(db, "UPDATE qpag_action SET done_on=? WHERE id=? AND meeting_on <= ?", "sIs", zD, id, zD);
  if (rc == DB_OK && db_changes(db) == 0) {
    db_rollback(db);
    errors_add(err, "done_on", "An action cannot be done before the meeting that agreed it");
    return -1;
  }
  if (rc == DB_OK) rc = audit_qpag(db, id, homeId, zActor, "qpag.done", zAfter);
  return finish(db, rc, err, "QPAG action");
}

int qpag_action_escalate(Db *db, int64_t id, Date on, const char *zNote, Date today, const char *zActor,
                         Errors *err) {
  need_date(err, "escalated_on", on, today, "date it was escalated to the leadership team", 1);
  need_text(err, "note", zNote, "what was escalated and to whom");
  int found;
  int64_t homeId = qpag_home(db, id, &found);
  if (!found) errors_add(err, "escalated_on", "There is no such QPAG action");
  if (err->n) return -1;
  char zD[11];
  char *zAfter = xmprintf("QPAG action %lld escalated %s: %s", (long long)id, date_iso(on, zD), zNote);
  db_begin(db);
  int rc = db_exec(db, "UPDATE qpag_action SET escalated_on=?, escalation_note=? WHERE id=?", "ssI", zD, zNote, id);
  if (rc == DB_OK) rc = audit_qpag(db, id, homeId, zActor, "qpag.escalate", zAfter);
  free(zAfter);
  return finish(db, rc, err, "escalation");
}

int64_t thematic_add(Db *db, const char *zTitle, Date completed, const char *zLead, const char *zSummary,
                     Date today, const char *zActor, Errors *err) {
  need_text(err, "title", zTitle, "the review's title");
  need_date(err, "completed_on", completed, today, "date the review was completed", 1);
  need_text(err, "lead", zLead, "who led the review");
  if (err->n) return 0;
  char zD[11];
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO thematic_review(title, completed_on, lead, summary) VALUES(?, ?, ?, ?)", "ssss",
                   zTitle, date_iso(completed, zD), zLead, zSummary ? zSummary : "");
  int64_t id = rc == DB_OK ? new_id(db, "thematic_review") : 0;
  char zRec[40];
  snprintf(zRec, sizeof zRec, "thematic:%lld", (long long)id);
  if (rc == DB_OK) rc = audit_write(db, zActor, "thematic.add", zRec, NULL, zTitle, NULL);
  return finish(db, rc, err, "thematic review") == 0 ? id : 0;
}

/* ---- The dashboard ------------------------------------------------------------------ */

static const RColumn aHmCol[HM_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"urn", "URN", RCOL_TEXT, 10},
  {"registered_manager", "Registered manager", RCOL_TEXT, 22},
  {"overall_judgement", "Latest overall judgement", RCOL_TEXT, 18},
  {"inspected_on", "Inspected", RCOL_DATE, 13},
  {"requirements_open", "Requirements not met", RCOL_INT, 10},
  {"actions_open", "Actions open", RCOL_INT, 10},
  {"monitoring_due", "Next QA monitoring due", RCOL_DATE, 13},
  {"last_reg44_visit", "Last Regulation 44 visit", RCOL_DATE, 13},
  {"next_reg44_visit_due", "Next visit due", RCOL_DATE, 13},
  {"open_items", "Items open", RCOL_INT, 8},
  {"overdue_items", "Items overdue", RCOL_INT, 8},
  {"next_due", "Next due", RCOL_DATE, 13},
  {"next_due_item", "What is due next", RCOL_TEXT, 36},
};

/* "Vacant since 5 April 2021" or the manager's name, whole. Caller frees. */
static char *manager_text(const Home *h) {
  char zD[24];
  if (h->zManager) return xstrdup(h->zManager);
  return xmprintf("Vacant since %s", date_long(h->vacantSince, zD));
}

static void dashboard_row(const HomeRecords *h, Date asOf, RTable *t) {
  HomeItemList l = {0};
  home_due(h, asOf, 0, &l);
  const HomeInspection *last = NULL;
  for (int i = 0; i < h->nInsp; i++) {
    if (h->aInsp[i].end <= asOf && h->aInsp[i].overall != JUDGEMENT_NONE) last = &h->aInsp[i];
  }
  int nReq = 0, nAct = 0, nOver = 0;
  Date mon = DATE_NONE, nextVisit = DATE_NONE, lastVisit = DATE_NONE;
  for (int i = 0; i < l.n; i++) {
    const HomeItem *it = &l.a[i];
    nReq += it->kind == HI_REQUIREMENT;
    nAct += it->kind == HI_ACTION;
    nOver += it->status == ST_OVERDUE;
    if (it->kind == HI_MONITORING && (mon == DATE_NONE || it->due < mon)) mon = it->due;
    if (it->kind == HI_REG44_VISIT && it->refId == 0) nextVisit = it->due;
  }
  for (int i = 0; i < h->nVisit; i++) {
    if (h->aVisit[i].visited <= asOf) lastVisit = h->aVisit[i].visited;
  }
  char *zMan = manager_text(&h->home);
  char *zNext = l.n ? xmprintf("%s: %s", home_item_label(l.a[0].kind), l.a[0].zWhat) : xstrdup("");
  rtable_row(t);
  rtable_text(t, HM_NAME, h->home.zName);
  rtable_text(t, HM_URN, h->home.zUrn);
  rtable_text(t, HM_MANAGER, zMan);
  rtable_text(t, HM_OVERALL, last ? home_judgement_label(last->overall) : "Not inspected yet");
  rtable_num(t, HM_INSPECTED, last ? last->end : DATE_NONE);
  rtable_num(t, HM_REQ_OPEN, nReq);
  rtable_num(t, HM_ACT_OPEN, nAct);
  rtable_num(t, HM_MON_DUE, mon);
  rtable_num(t, HM_LAST_VISIT, lastVisit);
  rtable_num(t, HM_NEXT_VISIT, nextVisit);
  rtable_num(t, HM_OPEN, l.n);
  rtable_num(t, HM_OVERDUE, nOver);
  rtable_num(t, HM_NEXT_DUE, l.n ? l.a[0].due : DATE_NONE);
  rtable_text(t, HM_NEXT_WHAT, zNext);
  free(zMan);
  free(zNext);
  home_items_free(&l);
}

int homes_dashboard_table(Db *db, Date asOf, RTable *out) {
  rtable_init(out, "Homes", "Every home's status", "No homes are recorded yet.", aHmCol, HM_N);
  int64_t *aId;
  int n = home_ids(db, &aId), rc = n < 0 ? DB_ERROR : DB_OK;
  for (int i = 0; i < n && rc == DB_OK; i++) {
    HomeRecords h;
    /* Only a failed read makes a listed home fail to load. */
    if (!home_load(db, aId[i], &h)) rc = DB_ERROR;
    else dashboard_row(&h, asOf, out);
    home_clear(&h);
  }
  free(aId);
  return rc;
}

enum { OI_HOME, OI_ITEM, OI_WHAT, OI_DUE, OI_STATUS, OI_DAYS, OI_N };
static const RColumn aOiCol[OI_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"item", "What is due", RCOL_TEXT, 40},
  {"which", "Which", RCOL_TEXT, 36},
  {"due", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 10},
  {"days_overdue", "Days overdue", RCOL_INT, 10},
};

/* Every item of every home as of asOf: overdue only, or every open one.
** DB_OK, or DB_ERROR when a read failed. */
static int items_table(Db *db, Date asOf, int overdueOnly, RTable *out) {
  int64_t *aId;
  int n = home_ids(db, &aId), rc = n < 0 ? DB_ERROR : DB_OK;
  for (int pass = 0; pass < 2 && rc == DB_OK; pass++) {
    for (int i = 0; i < n && rc == DB_OK; i++) {
      HomeRecords h;
      if (!home_load(db, aId[i], &h)) {
        rc = DB_ERROR;   /* a listed home that does not load: a failed read */
        continue;
      }
      HomeItemList l = {0};
      home_due(&h, asOf, 0, &l);
      for (int k = 0; k < l.n; k++) {
        const HomeItem *it = &l.a[k];
        /* Overdue first (pass 0), then the rest (pass 1). */
        if ((it->status == ST_OVERDUE) != (pass == 0)) continue;
        if (overdueOnly && it->status != ST_OVERDUE) continue;
        rtable_row(out);
        rtable_text(out, OI_HOME, h.home.zName);
        rtable_text(out, OI_ITEM, home_item_label(it->kind));
        rtable_text(out, OI_WHAT, it->zWhat);
        rtable_num(out, OI_DUE, it->due);
        rtable_text(out, OI_STATUS, status_name(it->status));
        rtable_num(out, OI_DAYS, it->status == ST_OVERDUE ? asOf - it->due : 0);
      }
      home_items_free(&l);
      home_clear(&h);
    }
  }
  free(aId);
  return rc;
}

int homes_open_items_table(Db *db, Date asOf, RTable *out) {
  rtable_init(out, "Open items", "What is due and overdue", "Nothing is due for any home.", aOiCol, OI_N);
  return items_table(db, asOf, 0, out);
}

/* ---- The monthly QPAG report ------------------------------------------------------------ */

enum { TR_TITLE, TR_COMPLETED, TR_LEAD, TR_SUMMARY, TR_N };
static const RColumn aTrCol[TR_N] = {
  {"title", "Thematic review", RCOL_TEXT, 32},
  {"completed_on", "Completed", RCOL_DATE, 13},
  {"lead", "Led by", RCOL_TEXT, 20},
  {"summary", "Summary", RCOL_TEXT, 60},
};
enum { RV_HOME, RV_VISITED, RV_VISITOR, RV_FEEDBACK, RV_REPORT, RV_REPORT_OK, RV_SENT, RV_SENT_OK, RV_PLAN,
       RV_FINDING, RV_FINDINGS, RV_N };
static const RColumn aRvCol[RV_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"visited_on", "Visited", RCOL_DATE, 13},
  {"visitor", "Independent visitor", RCOL_TEXT, 20},
  {"feedback_before_visit", "Feedback before the visit", RCOL_TEXT, 12},
  {"report_on", "Report received", RCOL_DATE, 13},
  {"report_status", "Report within 2 weeks", RCOL_TEXT, 12},
  {"sent_on", "Sent to senior managers", RCOL_DATE, 13},
  {"sent_status", "Sent within 22 working days", RCOL_TEXT, 12},
  {"plan_approved_on", "Action plan approved", RCOL_DATE, 13},
  {"finding", "Findings", RCOL_TEXT, 10},
  {"findings", "Summary of findings", RCOL_TEXT, 60},
};
enum { KP_NAME, KP_VALUE, KP_OF, KP_N };
static const RColumn aKpCol[KP_N] = {
  {"indicator", "Indicator", RCOL_TEXT, 52},
  {"value", "Number", RCOL_INT, 10},
  {"out_of", "Out of", RCOL_INT, 10},
};
enum { QA_MEETING, QA_HOME, QA_ACTION, QA_OWNER, QA_DUE, QA_DAYS, QA_ESCALATED, QA_NOTE, QA_N };
static const RColumn aQaCol[QA_N] = {
  {"meeting_on", "Agreed at meeting", RCOL_DATE, 13},
  {"home", "Home", RCOL_TEXT, 20},
  {"action", "Action", RCOL_TEXT, 48},
  {"owner", "Owner", RCOL_TEXT, 20},
  {"due_on", "Due", RCOL_DATE, 13},
  {"days_overdue", "Days overdue", RCOL_INT, 10},
  {"escalated_on", "Escalated to the leadership team", RCOL_DATE, 13},
  {"escalation_note", "Escalation", RCOL_TEXT, 40},
};

static const char *const azQpagKey[QPAG_N_TABLES] = {"homes", "thematic_reviews", "reg44_visits", "kpis",
                                                    "overdue_qpag_actions", "overdue_items", "weekly_returns",
                                                    "occupancy", "staffing", "complaints_compliments", "surveys",
                                                    "survey_questions", "survey_history", "dip_samples_and_audits",
                                                    "audit_actions"};

const char *home_status_words(Status s) {
  switch (s) {
    case ST_DONE: return "on time";
    case ST_DONE_LATE: return "late";
    case ST_OVERDUE: return "overdue";
    default: return "not yet due";
  }
}

/* Is item it due in the month [first, last], as far as asOf knows: due by
** asOf, or due later in the month and already done (early). */
static int due_in_month(const HomeItem *it, Date first, Date last, Date asOf) {
  if (it->due < first || it->due > last) return 0;
  return it->due <= asOf || it->done != DATE_NONE;
}

static void kpi(RTable *t, const char *zName, int v, int of) {
  rtable_row(t);
  rtable_text(t, KP_NAME, zName);
  rtable_num(t, KP_VALUE, v);
  rtable_num(t, KP_OF, of);
}
void qpag_kpi(RTable *t, const char *zName, int v, int of) { kpi(t, zName, v, of); }

void qpag_report(Db *db, int month, Date today, QpagReport *out) {
  memset(out, 0, sizeof *out);
  out->month = month;
  Date first = month_first_day(month), last = month_last_day(month);
  Date asOf = last < today ? last : today;
  out->asOf = asOf;
  if (homes_dashboard_table(db, asOf, &out->aTab[QPAG_HOMES]) != DB_OK) out->readError = 1;
  rtable_init(&out->aTab[QPAG_THEMATIC], "Thematic reviews", "Thematic reviews completed in the month",
             "No thematic reviews were completed in the month.", aTrCol, TR_N);
  rtable_init(&out->aTab[QPAG_REG44], "Reg 44 visits", "Regulation 44 visits in the month, with findings",
             "No Regulation 44 visits are recorded in the month.", aRvCol, RV_N);
  rtable_init(&out->aTab[QPAG_KPI], "KPIs", "Key performance indicators", NULL, aKpCol, KP_N);
  rtable_init(&out->aTab[QPAG_OVERDUE_ACTIONS], "Overdue QPAG actions",
             "QPAG actions overdue: for escalation to the leadership team", "No QPAG action is overdue.", aQaCol, QA_N);
  rtable_init(&out->aTab[QPAG_OVERDUE_ITEMS], "Overdue items", "Overdue items in the homes",
             "Nothing is overdue in any home.", aOiCol, OI_N);
  if (items_table(db, asOf, 1, &out->aTab[QPAG_OVERDUE_ITEMS]) != DB_OK) out->readError = 1;

  char zF[11], zL[11];
  date_iso(first, zF);
  date_iso(last, zL);
  RTable *tr = &out->aTab[QPAG_THEMATIC];
  Stmt *s = db_query(db, "SELECT title, completed_on, lead, summary FROM thematic_review"
                         " WHERE completed_on >= ? AND completed_on <= ? ORDER BY completed_on, id", "ss", zF, zL);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    rtable_row(tr);
    rtable_text(tr, TR_TITLE, db_col_text(s, 0));
    rtable_num(tr, TR_COMPLETED, db_col_date(s, 1));
    rtable_text(tr, TR_LEAD, db_col_text(s, 2));
    rtable_text(tr, TR_SUMMARY, db_col_text(s, 3));
  }
  db_finalize(s);
  if (rc != DB_DONE) out->readError = 1;

  /* Visits, audits, notifications and monitoring in the month, home by home. */
  int nVisits = 0, nReportOk = 0, nSentOk = 0, nFeedbackOk = 0, nAudits = 0, nNotes = 0, nNotesOk = 0;
  int nReviews = 0, nReqOpen = 0, nOverdue = 0, nVisited = 0, nReportDue = 0, nSentDue = 0, nReviewDue = 0;
  RTable *rv = &out->aTab[QPAG_REG44];
  int64_t *aId;
  out->nHome = home_ids(db, &aId);
  out->aHome = aId;
  if (out->nHome < 0) {
    out->nHome = 0;
    out->readError = 1;
  }
  for (int i = 0; i < out->nHome; i++) {
    HomeRecords h;
    if (!home_load(db, aId[i], &h)) {
      out->readError = 1;   /* a listed home that does not load: a failed read */
      continue;
    }
    HomeItemList l = {0};
    home_due(&h, asOf, 1, &l);
    int visited = 0;
    for (int k = 0; k < h.nVisit; k++) {
      const HomeVisit *v = &h.aVisit[k];
      if (v->visited < first || v->visited > asOf) continue;
      visited = 1;
      nVisits++;
      Status stReport = ST_OK, stSent = ST_OK, stFb = ST_OK;
      for (int j = 0; j < l.n; j++) {
        if (l.a[j].refId != v->id) continue;
        if (l.a[j].kind == HI_REG44_REPORT) stReport = l.a[j].status;
        if (l.a[j].kind == HI_REG44_SENT) stSent = l.a[j].status;
        if (l.a[j].kind == HI_REG44_FEEDBACK) stFb = l.a[j].status;
      }
      nFeedbackOk += stFb == ST_DONE;
      rtable_row(rv);
      rtable_text(rv, RV_HOME, h.home.zName);
      rtable_num(rv, RV_VISITED, v->visited);
      rtable_text(rv, RV_VISITOR, v->zVisitor);
      rtable_text(rv, RV_FEEDBACK, stFb == ST_DONE ? "yes" : "no");
      rtable_num(rv, RV_REPORT, known(v->report, asOf));
      rtable_text(rv, RV_REPORT_OK, home_status_words(stReport));
      rtable_num(rv, RV_SENT, known(v->sent, asOf));
      rtable_text(rv, RV_SENT_OK, home_status_words(stSent));
      rtable_num(rv, RV_PLAN, known(v->planApproved, asOf));
      rtable_text(rv, RV_FINDING, strcmp(v->zFinding, "good") == 0 ? "Particularly good"
                                  : strcmp(v->zFinding, "adverse") == 0 ? "Adverse" : "");
      rtable_text(rv, RV_FINDINGS, v->zFindings);
    }
    nVisited += visited;
    /* The monthly ones only: dip samples and full audits are counted apart. */
    for (int k = 0; k < h.nAudit; k++) {
      const HomeAudit *au = &h.aAudit[k];
      nAudits += au->kind >= 0 && au->kind < HOME_N_AUDIT_KINDS && au->done >= first && au->done <= asOf;
    }
    for (int j = 0; j < l.n; j++) {
      const HomeItem *it = &l.a[j];
      if (it->kind == HI_NOTIFICATION && it->dueAt != MINUTE_NONE) {
        /* Counted by the month of the event: a day before its deadline. */
        Date ev = MINUTE_DATE(it->dueAt) - 1;
        if (ev >= first - 1 && ev <= asOf) {
          for (int n = 0; n < h.nNote; n++) {
            if (h.aNote[n].id == it->refId && MINUTE_DATE(h.aNote[n].event) >= first) {
              nNotes++;
              nNotesOk += it->status == ST_DONE;
            }
          }
        }
      }
      /* Reports and sending are counted in the month they fell due (a
      ** visit late in one month has its report due in the next), and only
      ** once due: a report not yet due is neither on time nor late. The
      ** same for monitoring reviews: held (on time or late) of those due. */
      if (due_in_month(it, first, last, asOf)) {
        if (it->kind == HI_REG44_REPORT) nReportDue++, nReportOk += it->status == ST_DONE;
        if (it->kind == HI_REG44_SENT) nSentDue++, nSentOk += it->status == ST_DONE;
        if (it->kind == HI_MONITORING) nReviewDue++, nReviews += it->done != DATE_NONE;
      }
      if (it->kind == HI_REQUIREMENT && STATUS_IS_OPEN(it->status)) nReqOpen++;
      if (it->status == ST_OVERDUE) nOverdue++;
    }
    home_items_free(&l);
    home_clear(&h);
  }

  QpagList ql;
  if (qpag_actions(db, asOf, &ql) != DB_OK) out->readError = 1;
  int nAgreed = 0, nDone = 0, nOverdueQ = 0, nEscalated = 0;
  RTable *qa = &out->aTab[QPAG_OVERDUE_ACTIONS];
  for (int i = 0; i < ql.n; i++) {
    const QpagAction *a = &ql.a[i];
    nAgreed += a->meeting >= first;
    nDone += a->done != DATE_NONE && a->done >= first;
    if (!qpag_needs_escalation(a, asOf)) continue;
    nOverdueQ++;
    nEscalated += a->escalated != DATE_NONE;
    rtable_row(qa);
    rtable_num(qa, QA_MEETING, a->meeting);
    rtable_text(qa, QA_HOME, a->zHome ? a->zHome : "");
    rtable_text(qa, QA_ACTION, a->zAction);
    rtable_text(qa, QA_OWNER, a->zOwner);
    rtable_num(qa, QA_DUE, a->due);
    rtable_num(qa, QA_DAYS, asOf - a->due);
    rtable_num(qa, QA_ESCALATED, a->escalated);
    rtable_text(qa, QA_NOTE, a->zEscalationNote ? a->zEscalationNote : "");
  }
  qpag_list_free(&ql);

  RTable *k = &out->aTab[QPAG_KPI];
  int nHome = out->nHome;
  kpi(k, "Homes visited under Regulation 44 in the month", nVisited, nHome);
  kpi(k, "Regulation 44 visits in the month", nVisits, nHome);
  kpi(k, "Young people's and professionals' feedback gathered before the visit", nFeedbackOk, nVisits);
  kpi(k, "Visitor's reports due in the month received within the timescale", nReportOk, nReportDue);
  kpi(k, "Reports due in the month checked and sent to senior managers within the timescale", nSentOk, nSentDue);
  kpi(k, "Monthly audits completed (4 a home)", nAudits, nHome * HOME_N_AUDIT_KINDS);
  kpi(k, "Notifications made within 24 hours", nNotesOk, nNotes);
  kpi(k, "QA monitoring reviews due in the month held", nReviews, nReviewDue);
  kpi(k, "Ofsted requirements not yet met", nReqOpen, nReqOpen);
  kpi(k, "Items overdue in the homes", nOverdue, nOverdue);
  kpi(k, "QPAG actions agreed in the month", nAgreed, nAgreed);
  kpi(k, "QPAG actions done in the month", nDone, nDone);
  kpi(k, "QPAG actions overdue (escalated / overdue)", nEscalated, nOverdueQ);
  homes_monitoring_report(db, first, last, asOf, out);
  evidence_qpag(db, first, asOf, out);
}

void qpag_report_free(QpagReport *r) {
  for (int i = 0; i < QPAG_N_TABLES; i++) rtable_clear(&r->aTab[i]);
  free(r->aHome);
  memset(r, 0, sizeof *r);
}

int qpag_report_audit(Db *db, const QpagReport *r, const char *zActor) {
  if (!r->nHome) return DB_OK;
  char zM[24];
  char *zWhat = xmprintf("QPAG report for %s", month_long(r->month, zM));
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; i < r->nHome && rc == DB_OK; i++) {
    char zRec[40];
    snprintf(zRec, sizeof zRec, "home:%lld", (long long)r->aHome[i]);
    rc = audit_write(db, zActor, "report.view", zRec, NULL, zWhat, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zWhat);
  return rc;
}

void qpag_report_json(const QpagReport *r, Buf *out) {
  static const char *const azType[] = {[RCOL_TEXT] = "text", [RCOL_DATE] = "date", [RCOL_INT] = "integer",
                                       [RCOL_PCT] = "percent", [RCOL_DEC] = "decimal"};
  char zM[8], zD[11];
  json_t *o = json_object(), *tabs = json_object();
  json_object_set_new(o, "report", json_string("qpag"));
  json_object_set_new(o, "month", json_string(month_iso(r->month, zM)));
  json_object_set_new(o, "as_of", json_string(date_iso(r->asOf, zD)));
  for (int s = 0; s < QPAG_N_TABLES; s++) {
    const RTable *t = &r->aTab[s];
    json_t *tab = json_object(), *cols = json_array();
    json_object_set_new(tab, "title", json_string(t->zTitle));
    for (int k = 0; k < t->nCol; k++) {
      json_t *c = json_object();
      json_object_set_new(c, "name", json_string(t->aCol[k].zCsv));
      json_object_set_new(c, "label", json_string(t->aCol[k].zLabel));
      json_object_set_new(c, "type", json_string(azType[t->aCol[k].type]));
      json_array_append_new(cols, c);
    }
    json_object_set_new(tab, "columns", cols);
    json_object_set_new(tab, "rows", reports_table_json(t));
    json_object_set_new(tabs, azQpagKey[s], tab);
  }
  json_object_set_new(o, "tables", tabs);
  char *z = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(o);
  buf_puts(out, z ? z : "{}");
  buf_putc(out, '\n');
  free(z);
}

void qpag_report_csv(const QpagReport *r, Buf *out) { reports_csv(r->aTab, QPAG_N_TABLES, out); }

void qpag_report_html(const QpagReport *r, Buf *out) {
  char zM[24];
  month_long(r->month, zM);
  html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_printf(out, "<title>QPAG report: children's homes, %h</title>\n", zM);
  html_raw(out, "<style>body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c}"
                "table{border-collapse:collapse;font-size:0.85em;margin-bottom:1.5em}"
                "th,td{border:1px solid #b1b4b6;padding:0.3em 0.4em;text-align:left;vertical-align:top}"
                "th{background:#f3f2f1}@media print{body{margin:0}}</style>\n</head>\n<body>\n");
  html_printf(out, "<h1>QPAG report: children's homes, %h</h1>\n<p>Prepared by the residential service managers "
                   "for the Quality of Practice and Action Group. Everything as known on %D.</p>\n", zM, (int)r->asOf);
  for (int s = 0; s < QPAG_N_TABLES; s++) {
    html_printf(out, "<h2>%h (%d)</h2>\n", r->aTab[s].zTitle, r->aTab[s].nRow);
    reports_table_html(&r->aTab[s], out, 0);
  }
  html_raw(out, "</body>\n</html>\n");
}

/* ---- CSV export and import of homes ------------------------------------------------------ */

static const char *const azHomeCol[] = {"urn", "name", "registered_manager", "manager_vacant_since",
                                        "responsible_individual", "places", "age_from", "age_to", "registered_on",
                                        "statement_of_purpose"};
enum { HC_N = 10 };

int homes_csv(Db *db, Buf *out) {
  for (int k = 0; k < HC_N; k++) {
    if (k) buf_putc(out, ',');
    buf_puts(out, azHomeCol[k]);
  }
  buf_puts(out, "\r\n");
  Stmt *s = db_query(db, "SELECT urn, name, manager, manager_vacant_since, responsible_individual, places, age_from,"
                         " age_to, registered_on, purpose FROM home ORDER BY urn", "");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    for (int k = 0; k < HC_N; k++) {
      if (k) buf_putc(out, ',');
      /* places, age_from and age_to are numbers. */
      buf_csv_cell(out, db_col_text(s, k), k >= 5 && k <= 7 ? CSV_AS_IS : CSV_TEXT);
    }
    buf_puts(out, "\r\n");
  }
  db_finalize(s);
  return rc == DB_DONE ? DB_OK : DB_ERROR;
}

int export_homes(Db *db, FILE *f, const char *zActor) {
  Buf b = {0};
  /* Exporting every home's details is a view of each home's record. */
  int64_t *aId;
  int n;
  if (homes_csv(db, &b) != DB_OK || (n = home_ids(db, &aId)) < 0) {
    buf_free(&b);
    return -1;
  }
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; i < n && rc == DB_OK; i++) {
    char zRec[40];
    snprintf(zRec, sizeof zRec, "home:%lld", (long long)aId[i]);
    rc = audit_write(db, zActor, "home.export", zRec, NULL, NULL, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(aId);
  int ok = rc == DB_OK && fwrite(b.z ? b.z : "", 1, b.n, f) == b.n;
  buf_free(&b);
  return ok ? n : -1;
}

int import_homes_text(Db *db, const char *z, size_t n, const char *zName, Date today, const char *zActor,
                      Buf *pReport) {
  CsvReader r;
  csv_init(&r, z, n);
  char **az;
  int nf, rc, bad = 0, nAdd = 0, nFix = 0;
  int aPos[HC_N];
  rc = csv_read(&r, &az, &nf);
  if (rc <= 0) {
    buf_printf(pReport, "%s: %s\n", zName, rc < 0 ? r.zErr : "the file is empty: the first line must name the columns");
    csv_free(&r);
    return -1;
  }
  for (int k = 0; k < HC_N; k++) {
    aPos[k] = -1;
    for (int i = 0; i < nf; i++) {
      if (strcmp(az[i], azHomeCol[k]) == 0) aPos[k] = i;
    }
    /* Every column but the vacancy date and purpose must be there. */
    if (aPos[k] < 0 && k != 3 && k != 9) {
      buf_printf(pReport, "row 1: the column %s is missing (see docs/homes-csv.md)\n", azHomeCol[k]);
      bad = 1;
    }
  }
  if (bad) {
    csv_free(&r);
    return -1;
  }
  db_begin(db);
  while ((rc = csv_read(&r, &az, &nf)) > 0) {
    if (nf == 1 && !az[0][0]) continue;   /* a blank line */
    const char *v[HC_N];
    for (int k = 0; k < HC_N; k++) v[k] = aPos[k] >= 0 && aPos[k] < nf ? az[aPos[k]] : "";
    Date vacant = DATE_NONE, reg = DATE_NONE;
    Errors e = {0};
    if (*v[3] && date_parse(v[3], &vacant) != 0) errors_add(&e, "manager_vacant_since", "must be a date as YYYY-MM-DD");
    if (date_parse(v[8], &reg) != 0) errors_add(&e, "registered_on", "must be a date as YYYY-MM-DD");
    int64_t id = db_int(db, 0, "SELECT id FROM home WHERE urn=?", "s", v[0]);
    if (!e.n) {
      HomeInput in = {.zUrn = v[0], .zName = v[1], .zManager = v[2], .vacantSince = vacant, .zRi = v[4],
                      .zPlaces = v[5], .zAgeFrom = v[6], .zAgeTo = v[7], .registered = reg, .zPurpose = v[9]};
      home_save(db, id, &in, today, zActor, &e);
    }
    if (e.n) {
      buf_printf(pReport, "row %d: ", r.record);
      for (int i = 0; i < e.n; i++) buf_printf(pReport, "%s%s: %s", i ? "; " : "", e.a[i].zField, e.a[i].zMsg);
      buf_putc(pReport, '\n');
      bad++;
    } else if (id) {
      nFix++;
    } else {
      nAdd++;
    }
  }
  if (rc < 0) {
    buf_printf(pReport, "%s: %s\n", zName, r.zErr);
    bad++;
  }
  csv_free(&r);
  if (bad) {
    db_rollback(db);
    buf_printf(pReport, "Nothing was imported from %s: correct the rows above and import the file again.\n", zName);
    return -1;
  }
  if (db_commit(db) != DB_OK) {
    buf_printf(pReport, "Nothing was imported from %s: %s\n", zName, db_errmsg(db));
    return -1;
  }
  buf_printf(pReport, "Imported %s: %d home%s added, %d updated.\n", zName, nAdd, nAdd == 1 ? "" : "s", nFix);
  return 0;
}

int import_homes(Db *db, const char *zPath, Date today, const char *zActor, Buf *pReport) {
  Buf b = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &b, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    return -1;
  }
  int rc = import_homes_text(db, b.z ? b.z : "", b.n, zPath, today, zActor, pReport);
  buf_free(&b);
  return rc;
}
