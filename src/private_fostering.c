/*
** private_fostering.c: private fostering (SPEC §7): eligibility, the one
** function that works out every item due on an arrangement, the writes
** with their audit entries, the annual report as tables, and the CSV
** export and import. See private_fostering.h.
*/
#include "private_fostering.h"
#include "audit.h"
#include "child_records.h"
#include "csv.h"
#include "html.h"
#include "rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Free text must stay something a reader can take in. */
#define MAX_TEXT 4000
#define MAX_NAME 200

/* ---- Codes ------------------------------------------------------------------ */

const char *const pf_sources[] = {
  "carer", "parent", "school", "gp", "health", "voluntary-sector", "duty-service",
  "language-school", "guardianship-agency",
};
const int pf_n_sources = COUNT(pf_sources);

/* The close relatives first (Children Act 1989 s.105): pf_eligibility()
** counts on the order. */
enum { N_CLOSE_RELATIVES = 6 };
const char *const pf_relationships[] = {
  "grandparent", "brother", "sister", "uncle", "aunt", "step-parent",
  "parent", "parental-responsibility",
  "cousin", "great-aunt-or-uncle", "other-relative", "family-friend", "host-family", "other",
};
const int pf_n_relationships = COUNT(pf_relationships);

const char *const pf_not_pf_reasons[] = {
  "recording-error", "placed-with-family", "looked-after", "living-with-parent", "moved-away", "other",
};
const int pf_n_not_pf_reasons = COUNT(pf_not_pf_reasons);

const char *const pf_managers[] = {"locality", "partner"};
const int pf_n_managers = COUNT(pf_managers);

const char *const pf_order_kinds[] = {"prohibition", "disqualification"};
const int pf_n_order_kinds = COUNT(pf_order_kinds);

void pf_code_words(const char *zCode, char *zOut, size_t nOut) {
  if (zCode && strcmp(zCode, "gp") == 0) {
    snprintf(zOut, nOut, "GP");
    return;
  }
  snprintf(zOut, nOut, "%s", zCode ? zCode : "");
  for (char *p = zOut; *p; p++) {
    if (*p == '-') *p = ' ';
  }
  if (zOut[0] >= 'a' && zOut[0] <= 'z') zOut[0] = (char)(zOut[0] - 32);
}

int pf_code_index(const char *z, const char *const *az, int n) {
  for (int i = 0; z && i < n; i++) {
    if (strcmp(z, az[i]) == 0) return i;
  }
  return -1;
}

int pf_reasons_load(Db *db, PfReasons *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT code, words FROM pf_reason ORDER BY position", "");
  int rc, cap = 0;
  while ((rc = db_step(s)) == DB_ROW) {
    if (out->n == cap) {
      cap = cap ? cap * 2 : 16;
      out->azCode = xrealloc(out->azCode, (size_t)cap * sizeof *out->azCode);
      out->azWords = xrealloc(out->azWords, (size_t)cap * sizeof *out->azWords);
    }
    out->azCode[out->n] = xstrdup(db_col_text(s, 0));
    out->azWords[out->n++] = xstrdup(db_col_text(s, 1));
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    /* A short list would refuse good codes: nothing rather than part. */
    pf_reasons_free(out);
    return -1;
  }
  return 0;
}

void pf_reasons_free(PfReasons *r) {
  for (int i = 0; i < r->n; i++) {
    free(r->azCode[i]);
    free(r->azWords[i]);
  }
  free(r->azCode);
  free(r->azWords);
  memset(r, 0, sizeof *r);
}

const char *pf_reason_words(const PfReasons *r, const char *zCode) {
  int k = pf_code_index(zCode, (const char *const *)r->azCode, r->n);
  return k >= 0 ? r->azWords[k] : zCode ? zCode : "";
}

const char *pf_sex_words(const char *zSex) {
  if (!zSex) return "";
  return strcmp(zSex, "M") == 0 ? "Male" : strcmp(zSex, "F") == 0 ? "Female" : strcmp(zSex, "U") == 0 ? "Not known" : "";
}

static void list_codes(Buf *b, const char *const *az, int n) {
  for (int i = 0; i < n; i++) buf_printf(b, "%s%s", i ? ", " : "", az[i]);
}

static int blank(const char *z) {
  if (!z) return 1;
  while (*z && isspace((unsigned char)*z)) z++;
  return !*z;
}

static const char *nonempty(const char *z) { return blank(z) ? NULL : z; }

/* ---- Loading ------------------------------------------------------------------ */

static char *col_dup(Stmt *s, int i) { return xstrdup(db_col_text(s, i)); }

static void copy_code(char *zOut, size_t n, Stmt *s, int i) { snprintf(zOut, n, "%s", db_col_text(s, i)); }

#define ARR_COLS \
  "id, child_name, child_dob, child_disabled, carer_name, carer_relationship, parents," \
  " parental_responsibility, notified_on, started_on, expected_days, source, overseas_student," \
  " managed_by, team, worker, eligible, eligibility_note, initial_visit_on, decision," \
  " not_pf_reason, decision_note, assessment_on, part_a_on, part_b_on, dbs_check_on," \
  " health_check_on, social_care_check_on, ended_on, end_reason, reason, child_sex, child_ethnicity"

static void read_arrangement(Stmt *s, PfArrangement *a) {
  memset(a, 0, sizeof *a);
  a->id = db_col_int(s, 0);
  a->zChild = col_dup(s, 1);
  a->dob = db_col_date(s, 2);
  a->disabled = (int)db_col_int(s, 3);
  a->zCarer = col_dup(s, 4);
  copy_code(a->zRelationship, sizeof a->zRelationship, s, 5);
  a->zParents = col_dup(s, 6);
  a->zPr = col_dup(s, 7);
  a->notified = db_col_date(s, 8);
  a->started = db_col_date(s, 9);
  a->expectedDays = (int)db_col_int(s, 10);
  copy_code(a->zSource, sizeof a->zSource, s, 11);
  a->overseas = (int)db_col_int(s, 12);
  copy_code(a->zManagedBy, sizeof a->zManagedBy, s, 13);
  a->zTeam = col_dup(s, 14);
  a->zWorker = col_dup(s, 15);
  a->eligible = (int)db_col_int(s, 16);
  a->zEligibility = col_dup(s, 17);
  a->initialVisit = db_col_date(s, 18);
  copy_code(a->zDecision, sizeof a->zDecision, s, 19);
  copy_code(a->zReason, sizeof a->zReason, s, 20);
  a->zDecisionNote = col_dup(s, 21);
  a->assessment = db_col_date(s, 22);
  a->partA = db_col_date(s, 23);
  a->partB = db_col_date(s, 24);
  a->dbs = db_col_date(s, 25);
  a->health = db_col_date(s, 26);
  a->socialCare = db_col_date(s, 27);
  a->ended = db_col_date(s, 28);
  a->zEndReason = col_dup(s, 29);
  copy_code(a->zWhy, sizeof a->zWhy, s, 30);
  copy_code(a->zSex, sizeof a->zSex, s, 31);
  copy_code(a->zEthnicity, sizeof a->zEthnicity, s, 32);
}

static PfArrangement *find(PfList *l, int64_t id) {
  /* The list is in id order. */
  int lo = 0, hi = l->n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (l->a[mid].id == id) return &l->a[mid];
    if (l->a[mid].id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

/* The arrangements of the query (already bound), with their records:
** DB_OK, or DB_ERROR with none when a read failed. */
static int load_rows(Db *db, Stmt *s, PfList *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (out->n == cap) out->a = xrealloc(out->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *out->a);
    read_arrangement(s, &out->a[out->n++]);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  if (!out->n) return DB_OK;
  int64_t lo = out->a[0].id, hi = out->a[out->n - 1].id;
  s = db_query(db, "SELECT arrangement_id, id, visited_on, seen_alone, child_views, by_whom FROM pf_visit"
                   " WHERE arrangement_id BETWEEN ? AND ? ORDER BY arrangement_id, visited_on", "II", lo, hi);
  while ((rc = db_step(s)) == DB_ROW) {
    PfArrangement *a = find(out, db_col_int(s, 0));
    if (!a) continue;
    a->aVisit = xrealloc(a->aVisit, (size_t)(a->nVisit + 1) * sizeof *a->aVisit);
    a->aVisit[a->nVisit++] = (PfVisit){db_col_int(s, 1), db_col_date(s, 2), (int)db_col_int(s, 3),
                                       col_dup(s, 4), col_dup(s, 5)};
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  s = db_query(db, "SELECT arrangement_id, id, audited_on, by_whom, findings FROM pf_case_audit"
                   " WHERE arrangement_id BETWEEN ? AND ? ORDER BY arrangement_id, audited_on", "II", lo, hi);
  while ((rc = db_step(s)) == DB_ROW) {
    PfArrangement *a = find(out, db_col_int(s, 0));
    if (!a) continue;
    a->aAudit = xrealloc(a->aAudit, (size_t)(a->nAudit + 1) * sizeof *a->aAudit);
    a->aAudit[a->nAudit++] = (PfCaseAudit){db_col_int(s, 1), db_col_date(s, 2), col_dup(s, 3), col_dup(s, 4)};
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  s = db_query(db, "SELECT arrangement_id, id, kind, made_on, note FROM pf_order"
                   " WHERE arrangement_id BETWEEN ? AND ? ORDER BY arrangement_id, made_on, id", "II", lo, hi);
  while ((rc = db_step(s)) == DB_ROW) {
    PfArrangement *a = find(out, db_col_int(s, 0));
    if (!a) continue;
    a->aOrder = xrealloc(a->aOrder, (size_t)(a->nOrder + 1) * sizeof *a->aOrder);
    PfOrder *o = &a->aOrder[a->nOrder++];
    o->id = db_col_int(s, 1);
    copy_code(o->zKind, sizeof o->zKind, s, 2);
    o->on = db_col_date(s, 3);
    o->zNote = col_dup(s, 4);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  return DB_OK;

failed:
  /* An arrangement without its visits would read as one never visited:
  ** nothing, rather than part. */
  pf_list_free(out);
  return DB_ERROR;
}

int pf_load(Db *db, int64_t id, PfArrangement *out) {
  PfList l;
  load_rows(db, db_query(db, "SELECT " ARR_COLS " FROM pf_arrangement WHERE id=?", "I", id), &l);
  if (l.n != 1) {
    pf_list_free(&l);
    memset(out, 0, sizeof *out);
    return 0;
  }
  *out = l.a[0];
  free(l.a);
  return 1;
}

int pf_list(Db *db, const char *zWorker, PfList *out) {
  int rc;
  if (zWorker) {
    rc = load_rows(db, db_query(db, "SELECT " ARR_COLS " FROM pf_arrangement WHERE worker=? ORDER BY id", "s",
                                zWorker), out);
  } else {
    rc = load_rows(db, db_query(db, "SELECT " ARR_COLS " FROM pf_arrangement ORDER BY id", ""), out);
  }
  return rc == DB_OK ? out->n : -1;
}

void pf_clear(PfArrangement *a) {
  free(a->zChild);
  free(a->zCarer);
  free(a->zParents);
  free(a->zPr);
  free(a->zTeam);
  free(a->zWorker);
  free(a->zEligibility);
  free(a->zDecisionNote);
  free(a->zEndReason);
  for (int i = 0; i < a->nVisit; i++) {
    free(a->aVisit[i].zViews);
    free(a->aVisit[i].zBy);
  }
  free(a->aVisit);
  for (int i = 0; i < a->nAudit; i++) {
    free(a->aAudit[i].zBy);
    free(a->aAudit[i].zFindings);
  }
  free(a->aAudit);
  for (int i = 0; i < a->nOrder; i++) free(a->aOrder[i].zNote);
  free(a->aOrder);
  memset(a, 0, sizeof *a);
}

void pf_list_free(PfList *l) {
  for (int i = 0; i < l->n; i++) pf_clear(&l->a[i]);
  free(l->a);
  l->a = NULL;
  l->n = 0;
}

/* ---- Eligibility ------------------------------------------------------------ */

int pf_eligibility(Date dob, int disabled, Date start, int expectedDays, const char *zRelationship,
                   char *zWhy, size_t nWhy) {
  const Rule *rAge = rule(disabled ? "pf_age_limit_disabled" : "pf_age_limit");
  const Rule *rDur = rule("pf_min_duration");
  char z1[24], z2[24], zRel[48];
  Buf why = {0};
  int ok = 1;
  /* Ages from birthdays: the day the limit is reached is no longer under it. */
  Date limit = rule_age_date(rAge, dob);
  if (start >= limit) {
    ok = 0;
    buf_printf(&why, "The child is %d or over on %s, the day the arrangement starts (%s on %s)%s. ",
               rAge->amount, date_long(start, z1), disabled ? "a disabled child reaches the limit" : "reached",
               date_long(limit, z2), disabled ? "" : "; the limit is higher for a disabled child");
  } else {
    buf_printf(&why, "The child is under %d when the arrangement starts (%d on %s). ", rAge->amount,
               rAge->amount, date_long(limit, z1));
  }
  /* "28 days or more": the expected end on or after the rule's date. */
  Date minEnd = rule_due(rDur, start);
  if (start + expectedDays < minEnd) {
    ok = 0;
    buf_printf(&why, "It is expected to last %d day%s, less than %d %s. ", expectedDays,
               expectedDays == 1 ? "" : "s", rDur->amount, cal_unit_name(rDur->unit));
  } else {
    buf_printf(&why, "It is expected to last %d days (%d %s or more). ", expectedDays, rDur->amount,
               cal_unit_name(rDur->unit));
  }
  int rel = pf_code_index(zRelationship, pf_relationships, pf_n_relationships);
  pf_code_words(zRelationship, zRel, sizeof zRel);
  for (char *p = zRel; *p; p++) *p = (char)tolower((unsigned char)*p);
  if (rel >= 0 && rel < N_CLOSE_RELATIVES) {
    ok = 0;
    buf_printf(&why, "The carer is the child's %s, a close relative.", zRel);
  } else if (rel >= 0 && strcmp(zRelationship, "parent") == 0) {
    ok = 0;
    buf_printf(&why, "The carer is the child's parent.");
  } else if (rel >= 0 && strcmp(zRelationship, "parental-responsibility") == 0) {
    ok = 0;
    buf_printf(&why, "The carer holds parental responsibility for the child.");
  } else {
    buf_printf(&why, "The carer (%s) is not a parent or close relative.", zRel);
  }
  snprintf(zWhy, nWhy, "%s%s", ok ? "Meets the definition of private fostering. "
                                  : "Does not meet the definition of private fostering. ", why.z);
  buf_free(&why);
  return ok;
}

/* ---- Deadlines ------------------------------------------------------------------ */

static const char *const azItemName[PF_N_ITEMS] = {
  "initial-visit", "assessment", "part-a", "part-b", "assessment-visit", "reg8-visit", "audit",
};
static const char *const azItemLabel[PF_N_ITEMS] = {
  "Initial visit", "Assessment", "Part A assessment (carer)", "Part B assessment (child)",
  "Visit during the assessment", "Regulation 8 visit", "Case audit",
};

const char *pf_item_name(PfItemKind k) { return k >= 0 && k < PF_N_ITEMS ? azItemName[k] : ""; }
const char *pf_item_label(PfItemKind k) { return k >= 0 && k < PF_N_ITEMS ? azItemLabel[k] : ""; }

static Date known(Date d, Date asOf) { return d != DATE_NONE && d <= asOf ? d : DATE_NONE; }

Date pf_assessment_done(const PfArrangement *a) {
  if (!a->overseas) return a->assessment;
  if (a->partA == DATE_NONE || a->partB == DATE_NONE) return DATE_NONE;
  return a->partA > a->partB ? a->partA : a->partB;
}

Date pf_stop_day(const PfArrangement *a) {
  Date age = rule_age_date(rule(a->disabled ? "pf_age_limit_disabled" : "pf_age_limit"), a->dob);
  if (a->ended != DATE_NONE && a->ended < age) return a->ended;
  return age;
}

/* Push one item. An item not done is open while the arrangement runs on
** asOf; once it has stopped, one that fell due before the stop was missed
** (history), one due after was never needed. */
static void push(PfItemList *l, PfItemKind k, Date due, Date done, Date asOf, Date stop, int withHistory) {
  Status st;
  if (done != DATE_NONE) {
    st = deadline_status(due, done, asOf);
  } else if (asOf < stop) {
    st = deadline_status(due, DATE_NONE, asOf);
  } else if (due < stop) {
    st = ST_MISSED;
  } else {
    return;
  }
  if (!STATUS_IS_OPEN(st) && !withHistory) return;
  if (l->n == l->cap) l->a = xrealloc(l->a, (size_t)(l->cap = l->cap ? l->cap * 2 : 16) * sizeof *l->a);
  l->a[l->n++] = (PfItem){k, st, due, done};
}

const Rule *pf_reg8_rule(const PfArrangement *a) {
  return rule(strcmp(a->zManagedBy, "partner") == 0 ? "pf_reg8_partner" : "pf_reg8_first_year");
}

void pf_due_items(const PfArrangement *a, Date asOf, int withHistory, PfItemList *out) {
  if (!a->eligible || a->notified == DATE_NONE || a->notified > asOf) return;
  /* The end is known from the day it happened. */
  Date stop = pf_stop_day(a);
  if (a->ended != DATE_NONE && a->ended > asOf) {
    Date age = rule_age_date(rule(a->disabled ? "pf_age_limit_disabled" : "pf_age_limit"), a->dob);
    stop = age;
  }
  Date iv = known(a->initialVisit, asOf);
  push(out, PF_INITIAL_VISIT, rule_due(rule("pf_initial_visit"), a->notified), iv, asOf, stop, withHistory);
  /* The decision is made at the initial visit: not private fostering ends it. */
  if (iv != DATE_NONE && strcmp(a->zDecision, "not-private-fostering") == 0) return;

  Date assessDue = rule_due(rule("pf_assessment"), a->notified);
  Date done = known(pf_assessment_done(a), asOf);
  if (a->overseas) {
    push(out, PF_PART_A, assessDue, known(a->partA, asOf), asOf, stop, withHistory);
    push(out, PF_PART_B, assessDue, known(a->partB, asOf), asOf, stop, withHistory);
  } else {
    push(out, PF_ASSESSMENT, assessDue, done, asOf, stop, withHistory);
  }

  /* Visits while the assessment runs, from the initial visit. */
  int i = 0;
  if (iv != DATE_NONE) {
    const Rule *rEvery = rule("pf_assessment_visits");
    Date prev = iv;
    for (; i < a->nVisit && a->aVisit[i].on <= asOf && (done == DATE_NONE || a->aVisit[i].on <= done); i++) {
      if (a->aVisit[i].on <= iv) continue;   /* the initial visit's own day */
      push(out, PF_ASSESSMENT_VISIT, rule_due(rEvery, prev), a->aVisit[i].on, asOf, stop, withHistory);
      prev = a->aVisit[i].on;
    }
    if (done == DATE_NONE) {
      /* A visit is owed every fortnight until the assessment is complete. */
      push(out, PF_ASSESSMENT_VISIT, rule_due(rEvery, prev), DATE_NONE, asOf, stop, withHistory);
    } else if (withHistory) {
      /* Visits that fell due before the assessment was complete and were
      ** never made: missed, each counted from the one before. */
      for (Date due = rule_due(rEvery, prev); due < done && due < stop; due = rule_due(rEvery, due)) {
        if (out->n == out->cap) out->a = xrealloc(out->a, (size_t)(out->cap = out->cap ? out->cap * 2 : 16) * sizeof *out->a);
        out->a[out->n++] = (PfItem){PF_ASSESSMENT_VISIT, ST_MISSED, due, DATE_NONE};
      }
    }
  }

  /* Regulation 8 visits, from the assessment's completion. */
  if (done != DATE_NONE) {
    Date firstYearEnd = rule_due(rule("pf_first_year"), done);
    /* The first year follows the managing team's pattern. */
    const Rule *rFirst = pf_reg8_rule(a), *rAfter = rule("pf_reg8_after");
    Date prev = done;
    for (; i < a->nVisit && a->aVisit[i].on <= asOf; i++) {
      if (a->aVisit[i].on <= done) continue;
      push(out, PF_REG8_VISIT, rule_due(prev < firstYearEnd ? rFirst : rAfter, prev), a->aVisit[i].on, asOf,
           stop, withHistory);
      prev = a->aVisit[i].on;
    }
    push(out, PF_REG8_VISIT, rule_due(prev < firstYearEnd ? rFirst : rAfter, prev), DATE_NONE, asOf, stop,
         withHistory);
  }

  /* The case audit, every pf_audit from the notification. */
  const Rule *rAudit = rule("pf_audit");
  Date prev = a->notified;
  for (int k = 0; k < a->nAudit && a->aAudit[k].on <= asOf; k++) {
    push(out, PF_CASE_AUDIT, rule_due(rAudit, prev), a->aAudit[k].on, asOf, stop, withHistory);
    prev = a->aAudit[k].on;
  }
  push(out, PF_CASE_AUDIT, rule_due(rAudit, prev), DATE_NONE, asOf, stop, withHistory);
}

void pf_items_free(PfItemList *l) {
  free(l->a);
  l->a = NULL;
  l->n = l->cap = 0;
}

Date pf_next_visit(const PfArrangement *a, Date asOf, Status *pStatus) {
  PfItemList l = {0};
  pf_due_items(a, asOf, 0, &l);
  Date next = DATE_NONE;
  Status st = ST_OK;
  for (int i = 0; i < l.n; i++) {
    PfItemKind k = l.a[i].kind;
    if (k != PF_INITIAL_VISIT && k != PF_ASSESSMENT_VISIT && k != PF_REG8_VISIT) continue;
    if (next == DATE_NONE || l.a[i].due < next) {
      next = l.a[i].due;
      st = l.a[i].status;
    }
  }
  pf_items_free(&l);
  if (pStatus) *pStatus = st;
  return next;
}

int pf_is_running(const PfArrangement *a, Date asOf) {
  if (!a->eligible || a->notified > asOf || a->started > asOf) return 0;
  if (a->initialVisit != DATE_NONE && a->initialVisit <= asOf &&
      strcmp(a->zDecision, "not-private-fostering") == 0) {
    return 0;
  }
  return asOf < pf_stop_day(a);
}

int pf_counts(Db *db, Date today, int *pnRunning, int *pnOverdue, int *pnDueSoon) {
  PfList l;
  *pnRunning = *pnOverdue = *pnDueSoon = 0;
  if (pf_list(db, NULL, &l) < 0) return DB_ERROR;
  for (int i = 0; i < l.n; i++) {
    *pnRunning += pf_is_running(&l.a[i], today);
    PfItemList il = {0};
    pf_due_items(&l.a[i], today, 0, &il);
    for (int k = 0; k < il.n; k++) {
      *pnOverdue += il.a[k].status == ST_OVERDUE;
      *pnDueSoon += il.a[k].status == ST_DUE_SOON || il.a[k].status == ST_DUE_TODAY;   /* not yet overdue */
    }
    pf_items_free(&il);
  }
  pf_list_free(&l);
  return DB_OK;
}

/* ---- Writing ---------------------------------------------------------------------- */

/* A date on a form: present, not in the future, not before the notification. */
static void check_date(Errors *err, const char *zField, Date d, int required, Date notBefore,
                       const char *zBefore, Date today, const char *zWhat) {
  char z[24];
  if (d == DATE_NONE) {
    if (required) errors_add(err, zField, "Enter %s", zWhat);
  } else if (d > today) {
    errors_add(err, zField, "%c%s must be today or in the past", toupper((unsigned char)zWhat[0]), zWhat + 1);
  } else if (notBefore != DATE_NONE && d < notBefore) {
    errors_add(err, zField, "%c%s cannot be before %s (%s)", toupper((unsigned char)zWhat[0]), zWhat + 1,
               zBefore, date_long(notBefore, z));
  }
}

static void check_text(Errors *err, const char *zField, const char *z, int required, int max, const char *zWhat) {
  if (blank(z)) {
    if (required) errors_add(err, zField, "Enter %s", zWhat);
  } else if ((int)strlen(z) > max) {
    errors_add(err, zField, "%c%s must be %d characters or fewer", toupper((unsigned char)zWhat[0]), zWhat + 1, max);
  }
}

static void check_code(Errors *err, const char *zField, const char *z, const char *const *az, int n,
                       const char *zWhat) {
  if (pf_code_index(z, az, n) >= 0) return;
  if (blank(z)) {
    errors_add(err, zField, "Select %s", zWhat);
  } else {
    Buf b = {0};
    list_codes(&b, az, n);
    errors_add(err, zField, "%c%s must be one of %s", toupper((unsigned char)zWhat[0]), zWhat + 1, b.z);
    buf_free(&b);
  }
}

/* Finish a write: commit with the audit entry, or roll back and say why. */
static int finish(Db *db, int rc, const char *zActor, const char *zAction, int64_t id, const char *zBefore,
                  const char *zAfter, Errors *err, const char *zField) {
  char zRec[40];
  snprintf(zRec, sizeof zRec, "pf:%lld", (long long)id);
  if (rc == DB_OK) rc = audit_write(db, zActor, zAction, zRec, zBefore, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    errors_add(err, zField, "Could not save it: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

/* The arrangement, for a step on it: 1, or 0 with an error. */
static int load_for_step(Db *db, int64_t id, PfArrangement *a, Errors *err, const char *zField) {
  if (!pf_load(db, id, a)) {
    errors_add(err, zField, "There is no private fostering arrangement %lld", (long long)id);
    return 0;
  }
  return 1;
}

/* Why fostered, sex and ethnicity: each optional, checked when given. */
static void check_details(Db *db, Errors *err, const char *zWhy, const char *zSex, const char *zEthnicity) {
  if (!blank(zWhy)) {
    PfReasons r;
    if (pf_reasons_load(db, &r) != 0) {
      errors_add(err, "pf_reason", "Could not read the list of reasons: %s", db_errmsg(db));
    } else {
      /* In words for the form; the command line lists the codes itself. */
      if (pf_code_index(zWhy, (const char *const *)r.azCode, r.n) < 0) {
        errors_add(err, "pf_reason", "Select why the child is privately fostered from the list");
      }
      pf_reasons_free(&r);
    }
  }
  if (!blank(zSex) && !pf_sex_words(zSex)[0]) {
    errors_add(err, "child_sex", "Select the child's sex: male, female or not known");
  }
  if (!blank(zEthnicity)) {
    int found = 0;
    for (int i = 0; i < child_n_ethnicity; i++) found |= strcmp(zEthnicity, child_ethnicity[i].zCode) == 0;
    if (!found) errors_add(err, "child_ethnicity", "Select the child's ethnicity from the list");
  }
}

static int64_t notify_as(Db *db, int64_t id, const PfNotification *in, Date today, const char *zActor,
                         Errors *err) {
  char z[24];
  check_text(err, "child_name", in->zChild, 1, MAX_NAME, "the child's name");
  if (in->dob == DATE_NONE) errors_add(err, "child_dob", "Enter the child's date of birth");
  else if (in->dob > today) errors_add(err, "child_dob", "The child's date of birth must be in the past");
  if (in->disabled != 0 && in->disabled != 1) errors_add(err, "child_disabled", "Say whether the child is disabled");
  check_text(err, "carer_name", in->zCarer, 1, MAX_NAME, "the carer's name");
  check_code(err, "carer_relationship", in->zRelationship, pf_relationships, pf_n_relationships,
             "the carer's relationship to the child");
  check_text(err, "parents", in->zParents, 1, MAX_TEXT, "the parents' names");
  check_text(err, "parental_responsibility", in->zPr, 1, MAX_TEXT, "who holds parental responsibility");
  check_date(err, "notified_on", in->notified, 1, in->dob, "the child's date of birth", today,
             "the date of the notification");
  Date start = in->started != DATE_NONE ? in->started : in->notified;
  if (in->started != DATE_NONE && in->dob != DATE_NONE && in->started < in->dob) {
    errors_add(err, "started_on", "The arrangement cannot start before the child's date of birth (%s)",
               date_long(in->dob, z));
  }
  long days = -1;
  if (blank(in->zExpectedDays)) {
    errors_add(err, "expected_days", "Enter how many days the arrangement is expected to last");
  } else if (parse_int(in->zExpectedDays, 0, 36500, &days) != 0) {
    errors_add(err, "expected_days", "The expected length must be a whole number of days, like 90");
  }
  check_code(err, "source", in->zSource, pf_sources, pf_n_sources, "who made the notification");
  if (in->overseas != 0 && in->overseas != 1) {
    errors_add(err, "overseas_student", "Say whether the child is an overseas student");
  }
  check_code(err, "managed_by", in->zManagedBy, pf_managers, pf_n_managers,
             "who manages the case (a locality team or a commissioned partner)");
  check_text(err, "team", in->zTeam, 1, MAX_NAME, "the name of the team or partner managing the case");
  check_text(err, "worker", in->zWorker, 0, MAX_NAME, "the worker's username");
  check_details(db, err, in->zWhy, in->zSex, in->zEthnicity);
  if (err->n) return 0;

  char zWhy[600];
  int eligible = pf_eligibility(in->dob, in->disabled, start, (int)days, in->zRelationship, zWhy, sizeof zWhy);
  char zN[11];
  char *zAfter = xmprintf("notified %s by %s; child %s; carer %s (%s); reason %s; sex %s; ethnicity %s; %s",
                          date_iso(in->notified, zN), in->zSource, in->zChild, in->zCarer, in->zRelationship,
                          blank(in->zWhy) ? "not recorded" : in->zWhy, blank(in->zSex) ? "not recorded" : in->zSex,
                          blank(in->zEthnicity) ? "not recorded" : in->zEthnicity, zWhy);
  db_begin(db);
  Stmt *s = db_query(db,
      "INSERT INTO pf_arrangement(id, child_name, child_dob, child_disabled, carer_name, carer_relationship,"
      " parents, parental_responsibility, notified_on, started_on, expected_days, source, overseas_student,"
      " managed_by, team, worker, eligible, eligibility_note, reason, child_sex, child_ethnicity)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "rsDissssDDisisssissss", id, in->zChild, (int)in->dob, in->disabled, in->zCarer, in->zRelationship,
      in->zParents, in->zPr, (int)in->notified, (int)start, (int)days, in->zSource, in->overseas,
      in->zManagedBy, in->zTeam, nonempty(in->zWorker), eligible, zWhy, nonempty(in->zWhy), nonempty(in->zSex),
      nonempty(in->zEthnicity));
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  int64_t newId = rc == DB_OK ? db_col_int(s, 0) : 0;
  db_finalize(s);
  if (finish(db, rc, zActor, "pf.notify", newId, NULL, zAfter, err, "child_name") != 0) newId = 0;
  free(zAfter);
  return newId;
}

int64_t pf_notify(Db *db, const PfNotification *in, Date today, const char *zActor, Errors *err) {
  return notify_as(db, 0, in, today, zActor, err);
}

int pf_initial_visit(Db *db, int64_t id, Date on, const char *zDecision, const char *zReason,
                     const char *zNote, Date today, const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "initial_visit_on")) return -1;
  check_date(err, "initial_visit_on", on, 1, a.notified, "the notification", today, "the date of the initial visit");
  int notPf = zDecision && strcmp(zDecision, "not-private-fostering") == 0;
  if (!notPf && !(zDecision && strcmp(zDecision, "confirmed") == 0)) {
    errors_add(err, "decision", "Select whether the visit confirmed it is private fostering");
  }
  if (notPf) {
    check_code(err, "not_pf_reason", zReason, pf_not_pf_reasons, pf_n_not_pf_reasons,
               "why it is not private fostering");
    if (zReason && strcmp(zReason, "other") == 0) check_text(err, "decision_note", zNote, 1, MAX_TEXT, "the reason");
  }
  check_text(err, "decision_note", zNote, 0, MAX_TEXT, "the note");
  if (!a.eligible && !notPf && !err->n) {
    errors_add(err, "decision", "The notification did not meet the definition (%s): record it as not private"
               " fostering, or correct the notification", "see the eligibility check");
  }
  if (!err->n && (a.nVisit && a.aVisit[0].on <= on)) {
    char z[24];
    errors_add(err, "initial_visit_on", "A later visit is recorded on %s: the initial visit must come first",
               date_long(a.aVisit[0].on, z));
  }
  if (err->n) {
    pf_clear(&a);
    return -1;
  }
  char zOn[11], zOld[11];
  char *zBefore = a.initialVisit != DATE_NONE
                      ? xmprintf("initial visit %s: %s %s", date_iso(a.initialVisit, zOld), a.zDecision, a.zReason)
                      : NULL;
  char *zAfter = xmprintf("initial visit %s: %s %s", date_iso(on, zOn), zDecision, notPf ? zReason : "");
  db_begin(db);
  int rc = db_exec(db, "UPDATE pf_arrangement SET initial_visit_on=?, decision=?, not_pf_reason=?, decision_note=?"
                       " WHERE id=?", "DsssI", (int)on, zDecision, notPf ? zReason : NULL, nonempty(zNote), id);
  int r = finish(db, rc, zActor, a.initialVisit != DATE_NONE ? "pf.initial-visit.correct" : "pf.initial-visit",
                 id, zBefore, zAfter, err, "initial_visit_on");
  free(zBefore);
  free(zAfter);
  pf_clear(&a);
  return r;
}

int pf_assessment_save(Db *db, int64_t id, const PfAssessmentInput *in, Date today, const char *zActor,
                       Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "assessment_on")) return -1;
  if (strcmp(a.zDecision, "confirmed") != 0) {
    errors_add(err, "assessment_on", "Record the initial visit confirming it is private fostering first");
    pf_clear(&a);
    return -1;
  }
  struct { const char *zField, *zWhat; Date d; } aDate[] = {
    {"assessment_on", "the date the assessment was completed", in->assessment},
    {"part_a_on", "the date of the Part A (carer) assessment", in->partA},
    {"part_b_on", "the date of the Part B (child) assessment", in->partB},
    {"dbs_check_on", "the date of the DBS check", in->dbs},
    {"health_check_on", "the date of the health check", in->health},
    {"social_care_check_on", "the date of the social care check", in->socialCare},
  };
  for (int i = 0; i < COUNT(aDate); i++) {
    check_date(err, aDate[i].zField, aDate[i].d, 0, a.notified, "the notification", today, aDate[i].zWhat);
  }
  if (!a.overseas && (in->partA != DATE_NONE || in->partB != DATE_NONE)) {
    errors_add(err, "part_a_on", "Part A and Part B assessments are for overseas students only");
  }
  if (in->assessment != DATE_NONE && in->assessment < a.initialVisit) {
    char z[24];
    errors_add(err, "assessment_on", "The assessment cannot be completed before the initial visit (%s)",
               date_long(a.initialVisit, z));
  }
  int any = 0;
  for (int i = 0; i < COUNT(aDate); i++) any |= aDate[i].d != DATE_NONE;
  if (!any && !err->n) errors_add(err, "assessment_on", "Enter at least one date: the assessment or one of its checks");
  if (err->n) {
    pf_clear(&a);
    return -1;
  }
  char z[6][11], y[6][11];
  char *zBefore = xmprintf("assessment %s part A %s part B %s DBS %s health %s social care %s",
                           date_iso(a.assessment, z[0]), date_iso(a.partA, z[1]), date_iso(a.partB, z[2]),
                           date_iso(a.dbs, z[3]), date_iso(a.health, z[4]), date_iso(a.socialCare, z[5]));
  char *zAfter = xmprintf("assessment %s part A %s part B %s DBS %s health %s social care %s",
                          date_iso(in->assessment, y[0]), date_iso(in->partA, y[1]), date_iso(in->partB, y[2]),
                          date_iso(in->dbs, y[3]), date_iso(in->health, y[4]), date_iso(in->socialCare, y[5]));
  db_begin(db);
  int rc = db_exec(db, "UPDATE pf_arrangement SET assessment_on=?, part_a_on=?, part_b_on=?, dbs_check_on=?,"
                       " health_check_on=?, social_care_check_on=? WHERE id=?", "DDDDDDI", (int)in->assessment,
                   (int)in->partA, (int)in->partB, (int)in->dbs, (int)in->health, (int)in->socialCare, id);
  int r = finish(db, rc, zActor, "pf.assessment", id, zBefore, zAfter, err, "assessment_on");
  free(zBefore);
  free(zAfter);
  pf_clear(&a);
  return r;
}

int64_t pf_visit_add(Db *db, int64_t id, Date on, int seenAlone, const char *zViews, const char *zBy,
                     Date today, const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "visited_on")) return 0;
  char z[24];
  if (strcmp(a.zDecision, "confirmed") != 0) {
    errors_add(err, "visited_on", "Record the initial visit confirming it is private fostering first");
  } else {
    check_date(err, "visited_on", on, 1, a.initialVisit + 1, "the day after the initial visit", today,
               "the date of the visit");
  }
  if (a.ended != DATE_NONE && on != DATE_NONE && on > a.ended) {
    errors_add(err, "visited_on", "The arrangement ended on %s: a visit after that is not a private fostering visit",
               date_long(a.ended, z));
  }
  if (seenAlone != 0 && seenAlone != 1) errors_add(err, "seen_alone", "Say whether the child was seen alone");
  check_text(err, "child_views", zViews, 1, MAX_TEXT, "the child's views");
  check_text(err, "visited_by", zBy, 0, MAX_NAME, "who visited");
  for (int i = 0; !err->n && i < a.nVisit; i++) {
    if (a.aVisit[i].on == on) errors_add(err, "visited_on", "A visit on %s is already recorded", date_long(on, z));
  }
  pf_clear(&a);
  if (err->n) return 0;
  char zOn[11];
  char *zAfter = xmprintf("visit %s, seen alone %s", date_iso(on, zOn), seenAlone ? "yes" : "no");
  db_begin(db);
  Stmt *s = db_query(db, "INSERT INTO pf_visit(arrangement_id, visited_on, seen_alone, child_views, by_whom)"
                         " VALUES(?, ?, ?, ?, ?) RETURNING id", "IDiss", id, (int)on, seenAlone, zViews,
                     nonempty(zBy));
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  int64_t newId = rc == DB_OK ? db_col_int(s, 0) : 0;
  db_finalize(s);
  if (finish(db, rc, zActor, "pf.visit", id, NULL, zAfter, err, "visited_on") != 0) newId = 0;
  free(zAfter);
  return newId;
}

int64_t pf_case_audit_add(Db *db, int64_t id, Date on, const char *zBy, const char *zFindings, Date today,
                          const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "audited_on")) return 0;
  char z[24];
  check_date(err, "audited_on", on, 1, a.notified, "the notification", today, "the date of the audit");
  check_text(err, "findings", zFindings, 1, MAX_TEXT, "the audit's findings");
  check_text(err, "audited_by", zBy, 0, MAX_NAME, "who audited");
  for (int i = 0; !err->n && i < a.nAudit; i++) {
    if (a.aAudit[i].on == on) errors_add(err, "audited_on", "An audit on %s is already recorded", date_long(on, z));
  }
  pf_clear(&a);
  if (err->n) return 0;
  char zOn[11];
  char *zAfter = xmprintf("audit %s", date_iso(on, zOn));
  db_begin(db);
  Stmt *s = db_query(db, "INSERT INTO pf_case_audit(arrangement_id, audited_on, by_whom, findings)"
                         " VALUES(?, ?, ?, ?) RETURNING id", "IDss", id, (int)on, nonempty(zBy), zFindings);
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  int64_t newId = rc == DB_OK ? db_col_int(s, 0) : 0;
  db_finalize(s);
  if (finish(db, rc, zActor, "pf.audit", id, NULL, zAfter, err, "audited_on") != 0) newId = 0;
  free(zAfter);
  return newId;
}

int64_t pf_order_add(Db *db, int64_t id, const char *zKind, Date on, const char *zNote, Date today,
                     const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "kind")) return 0;
  check_code(err, "kind", zKind, pf_order_kinds, pf_n_order_kinds, "whether it is a prohibition or a disqualification");
  check_date(err, "made_on", on, 1, a.notified, "the notification", today, "the date it was made");
  check_text(err, "order_note", zNote, 1, MAX_TEXT, "what it says and why");
  pf_clear(&a);
  if (err->n) return 0;
  char zOn[11];
  char *zAfter = xmprintf("%s %s", zKind, date_iso(on, zOn));
  db_begin(db);
  Stmt *s = db_query(db, "INSERT INTO pf_order(arrangement_id, kind, made_on, note) VALUES(?, ?, ?, ?) RETURNING id",
                     "IsDs", id, zKind, (int)on, zNote);
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  int64_t newId = rc == DB_OK ? db_col_int(s, 0) : 0;
  db_finalize(s);
  if (finish(db, rc, zActor, "pf.order", id, NULL, zAfter, err, "kind") != 0) newId = 0;
  free(zAfter);
  return newId;
}

int pf_end(Db *db, int64_t id, Date on, const char *zReason, Date today, const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "ended_on")) return -1;
  char z[24];
  if (a.ended != DATE_NONE) {
    errors_add(err, "ended_on", "The arrangement already ended on %s", date_long(a.ended, z));
  }
  check_date(err, "ended_on", on, 1, a.started, "the day it started", today, "the date the arrangement ended");
  check_text(err, "end_reason", zReason, 1, MAX_TEXT, "why the arrangement ended");
  if (!err->n && a.nVisit && a.aVisit[a.nVisit - 1].on > on) {
    errors_add(err, "ended_on", "A visit is recorded on %s, after that date", date_long(a.aVisit[a.nVisit - 1].on, z));
  }
  pf_clear(&a);
  if (err->n) return -1;
  char zOn[11];
  char *zAfter = xmprintf("ended %s: %s", date_iso(on, zOn), zReason);
  db_begin(db);
  int rc = db_exec(db, "UPDATE pf_arrangement SET ended_on=?, end_reason=? WHERE id=?", "DsI", (int)on, zReason, id);
  int r = finish(db, rc, zActor, "pf.end", id, NULL, zAfter, err, "ended_on");
  free(zAfter);
  return r;
}

int pf_details_save(Db *db, int64_t id, const char *zWhy, const char *zSex, const char *zEthnicity,
                    const char *zActor, Errors *err) {
  PfArrangement a;
  if (!load_for_step(db, id, &a, err, "pf_reason")) return -1;
  /* An empty form is a mistake, not a way to clear what was recorded. */
  if (blank(zWhy) && blank(zSex) && blank(zEthnicity)) {
    errors_add(err, "pf_reason", "Select why the child is privately fostered, their sex or their ethnicity");
  }
  check_details(db, err, zWhy, zSex, zEthnicity);
  if (err->n) {
    pf_clear(&a);
    return -1;
  }
  const char *zW = nonempty(zWhy), *zS = nonempty(zSex), *zE = nonempty(zEthnicity);
  /* Only what changed goes in the audit entry, before and after. */
  Buf before = {0}, after = {0};
  struct { const char *zName, *zOld, *zNew; } aF[] = {
    {"reason", a.zWhy, zW ? zW : ""}, {"child_sex", a.zSex, zS ? zS : ""},
    {"child_ethnicity", a.zEthnicity, zE ? zE : ""},
  };
  for (int i = 0; i < COUNT(aF); i++) {
    if (strcmp(aF[i].zOld, aF[i].zNew) == 0) continue;
    buf_printf(&before, "%s%s: %s", before.n ? "; " : "", aF[i].zName, aF[i].zOld[0] ? aF[i].zOld : "not recorded");
    buf_printf(&after, "%s%s: %s", after.n ? "; " : "", aF[i].zName, aF[i].zNew[0] ? aF[i].zNew : "not recorded");
  }
  pf_clear(&a);
  int r = 0;
  if (after.n) {
    db_begin(db);
    int rc = db_exec(db, "UPDATE pf_arrangement SET reason=?, child_sex=?, child_ethnicity=? WHERE id=?", "sssI", zW,
                     zS, zE, id);
    r = finish(db, rc, zActor, "pf.details", id, before.z, after.z, err, "pf_reason");
  }
  buf_free(&before);
  buf_free(&after);
  return r;
}

int pf_audit_view(Db *db, const PfArrangement *a, int n, const char *zActor, const char *zWhat) {
  if (!n) return DB_OK;
  char zRec[40];
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; i < n && rc == DB_OK; i++) {
    snprintf(zRec, sizeof zRec, "pf:%lld", (long long)a[i].id);
    rc = audit_write(db, zActor, "pf.view", zRec, NULL, zWhat, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  return rc;
}

/* ---- The annual report ------------------------------------------------------------- */

static const RColumn aSummaryCol[] = {
  {"measure", "Measure", RCOL_TEXT, 60},
  {"number", "Number", RCOL_INT, 10},
  {"previous_period_number", "Number, previous period", RCOL_INT, 12},
};
static const RColumn aTimelyCol[] = {
  {"item", "What was due", RCOL_TEXT, 30},
  {"due", "Due in the period", RCOL_INT, 10},
  {"on_time", "On time", RCOL_INT, 10},
  {"late", "Late", RCOL_INT, 10},
  {"not_done", "Not done", RCOL_INT, 10},
  {"percent_on_time", "Per cent on time", RCOL_INT, 10},
  {"previous_period_due", "Due in the previous period", RCOL_INT, 12},
  {"previous_period_percent_on_time", "Per cent on time, previous period", RCOL_INT, 12},
};
static const RColumn aSourceCol[] = {
  {"source", "Source of the notification", RCOL_TEXT, 28},
  {"notifications", "Notifications", RCOL_INT, 12},
};
static const RColumn aReasonCol[] = {
  {"reason", "Why it was not private fostering", RCOL_TEXT, 40},
  {"children", "Children", RCOL_INT, 10},
};
enum { T_TEAM, T_MANAGED, T_AT_END, T_NOTIFIED, T_IV_DUE, T_IV_ON_TIME, T_AS_DUE, T_AS_ON_TIME,
       T_R8_DUE, T_R8_ON_TIME, T_R8_PCT, T_PATTERN, T_N };
static const RColumn aTeamCol[T_N] = {
  {"team", "Managing team", RCOL_TEXT, 28},
  {"managed_by", "Locality team or partner", RCOL_TEXT, 12},
  {"children_at_end", "Children at the period end", RCOL_INT, 12},
  {"notifications", "Notifications", RCOL_INT, 12},
  {"initial_visits_due", "Initial visits due", RCOL_INT, 10},
  {"initial_visits_on_time", "Initial visits on time", RCOL_INT, 10},
  {"assessments_due", "Assessments due", RCOL_INT, 10},
  {"assessments_on_time", "Assessments on time", RCOL_INT, 10},
  {"reg8_visits_due", "Regulation 8 visits due", RCOL_INT, 10},
  {"reg8_visits_on_time", "Regulation 8 visits on time", RCOL_INT, 10},
  {"reg8_percent_on_time", "Regulation 8 visits, per cent on time", RCOL_INT, 10},
  {"visiting_pattern", "Regulation 8 visiting pattern", RCOL_TEXT, 36},
};
/* The code is last: pages show the words only (pf_report_words_only). */
enum { W_REASON, W_CHILDREN, W_PCT, W_CODE, W_N };
static const RColumn aWhyCol[W_N] = {
  {"reason", "Why the child is privately fostered", RCOL_TEXT, 44},
  {"children", "Children", RCOL_INT, 10},
  {"percent", "Per cent", RCOL_INT, 8},
  {"code", "Code", RCOL_TEXT, 24},
};
static const RColumn aChildCol[] = {
  {"characteristic", "Characteristic", RCOL_TEXT, 16},
  {"group", "Group", RCOL_TEXT, 36},
  {"children", "Children", RCOL_INT, 10},
  {"percent", "Per cent", RCOL_INT, 8},
};
enum { C8_CHILD, C8_TEAM, C8_DUE, C8_ON_TIME, C8_OF, C8_ALL, C8_N };
static const RColumn aReg8Col[C8_N] = {
  {"child", "Child", RCOL_TEXT, 10},
  {"team", "Managing team", RCOL_TEXT, 28},
  {"reg8_visits_due", "Regulation 8 visits due", RCOL_INT, 10},
  {"reg8_visits_on_time", "On time", RCOL_INT, 10},
  {"on_time_of_due", "On time of those due", RCOL_TEXT, 14},
  {"all_on_time", "All on time", RCOL_TEXT, 8},
};

void pf_report_default_period(Date today, Date *pFrom, Date *pTo) {
  int y, m, d;
  date_to_ymd(today, &y, &m, &d);
  /* The financial year running today started on 1 April of y (from April)
  ** or y-1; the last full one is the year before it. */
  int start = m >= 4 ? y - 1 : y - 2;
  *pFrom = date_from_ymd(start, 4, 1);
  *pTo = date_from_ymd(start + 1, 3, 31);
}

typedef struct TeamRow { char *zTeam; char zManaged[12]; int64_t a[T_N]; } TeamRow;

static TeamRow *team_row(TeamRow **pa, int *pn, const PfArrangement *x) {
  for (int i = 0; i < *pn; i++) {
    if (strcmp((*pa)[i].zTeam, x->zTeam) == 0 && strcmp((*pa)[i].zManaged, x->zManagedBy) == 0) return &(*pa)[i];
  }
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  TeamRow *t = &(*pa)[(*pn)++];
  memset(t, 0, sizeof *t);
  t->zTeam = xstrdup(x->zTeam);
  snprintf(t->zManaged, sizeof t->zManaged, "%s", x->zManagedBy);
  return t;
}

static int team_cmp(const void *pa, const void *pb) {
  const TeamRow *a = pa, *b = pb;
  int k = strcmp(a->zManaged, b->zManaged);
  return k ? k : strcmp(a->zTeam, b->zTeam);
}

/* n of total as a whole per cent, rounded half up; 0 of nothing is 0. */
static int64_t pct(int64_t n, int64_t total) { return total ? (n * 100 + total / 2) / total : 0; }

/* Age bands of privately fostered children (under 16, or 18 if disabled). */
static const char *const azPfAge[] = {"Under 5", "5 to 9", "10 to 15", "16 and over"};
static int pf_age_band(int age) { return age < 5 ? 0 : age < 10 ? 1 : age < 16 ? 2 : 3; }
static const char *const azPfSex[] = {"Male", "Female", "Not known", "Not recorded"};

/* One child's Regulation 8 visits due in the period. */
typedef struct Reg8Child { const PfArrangement *x; int64_t due, onTime; } Reg8Child;

/* Everything counted for one period. The teams, the children's groups and
** the per-child rows are kept for this period only (pass full). */
typedef struct Tally {
  int64_t aDue[PF_N_ITEMS], aOn[PF_N_ITEMS], aLate[PF_N_ITEMS], aNot[PF_N_ITEMS];
  int64_t aSource[32], aReason[32];
  int64_t nEnd, nLocality, nPartner, nOverseasEnd, nNotified, nEligible, nConfirmed, nNotPf, nEnded, nProhib,
          nDisq, nSeen, nSeenAlone, nIneligible, nDuring, nOverseasDuring, nR8Children, nR8AllOnTime;
  TeamRow *aTeam;
  int nTeam;
  int64_t aAge[4], aSex[4], *aEth;     /* aEth: child_n_ethnicity + 1 (not recorded) */
  int64_t *aWhy, nWhyNone;             /* by pf_reason, for children confirmed in the period */
  Reg8Child *aR8;
  int nR8;
} Tally;

static void tally(const PfList *l, const PfReasons *why, Date from, Date to, Date today, int full, Tally *t) {
  memset(t, 0, sizeof *t);
  t->aEth = xcalloc((size_t)child_n_ethnicity + 1, sizeof *t->aEth);
  t->aWhy = xcalloc((size_t)why->n + 1, sizeof *t->aWhy);
  /* Items are judged on everything known today; those due after today are
  ** not yet due and not counted. */
  Date asOf = today;
  for (int i = 0; i < l->n; i++) {
    const PfArrangement *x = &l->a[i];
    if (x->notified > to) continue;
    TeamRow *tr = NULL;
    int inPeriod = x->notified >= from;
    int confirmedBy = x->initialVisit != DATE_NONE && x->initialVisit <= to && strcmp(x->zDecision, "confirmed") == 0;
    /* Privately fostered on the period's last day: confirmed by then. */
    int atEnd = pf_is_running(x, to) && confirmedBy;
    /* Privately fostered on any day of the period: confirmed by its end,
    ** started by then and not stopped before it began. */
    Date stop = pf_stop_day(x);
    int during = x->eligible && confirmedBy && x->started <= to && stop > from && x->started < stop;
    if (during) {
      t->nDuring++;
      t->nOverseasDuring += x->overseas;
    }
    if (atEnd) {
      t->nEnd++;
      if (strcmp(x->zManagedBy, "partner") == 0) t->nPartner++;
      else t->nLocality++;
      t->nOverseasEnd += x->overseas;
      if (full) {
        tr = team_row(&t->aTeam, &t->nTeam, x);
        tr->a[T_AT_END]++;
        t->aAge[pf_age_band(date_age(x->dob, to))]++;
        int sx = strcmp(x->zSex, "M") == 0 ? 0 : strcmp(x->zSex, "F") == 0 ? 1 : strcmp(x->zSex, "U") == 0 ? 2 : 3;
        t->aSex[sx]++;
        int e = child_n_ethnicity;
        for (int k = 0; k < child_n_ethnicity; k++) {
          if (strcmp(x->zEthnicity, child_ethnicity[k].zCode) == 0) e = k;
        }
        t->aEth[e]++;
      }
    }
    if (inPeriod) {
      t->nNotified++;
      t->nEligible += x->eligible;
      int s = pf_code_index(x->zSource, pf_sources, pf_n_sources);
      if (s >= 0) t->aSource[s]++;
      if (full) {
        if (!tr) tr = team_row(&t->aTeam, &t->nTeam, x);
        tr->a[T_NOTIFIED]++;
      }
      if (!x->eligible) t->nIneligible++;
    }
    if (x->initialVisit >= from && x->initialVisit <= to) {
      if (strcmp(x->zDecision, "confirmed") == 0) {
        t->nConfirmed++;
        /* Why: the children the initial visit sent on to an assessment. */
        int k = x->zWhy[0] ? pf_code_index(x->zWhy, (const char *const *)why->azCode, why->n) : -1;
        if (k >= 0) t->aWhy[k]++;
        else t->nWhyNone++;
      } else if (strcmp(x->zDecision, "not-private-fostering") == 0) {
        t->nNotPf++;
        int k = pf_code_index(x->zReason, pf_not_pf_reasons, pf_n_not_pf_reasons);
        if (k >= 0) t->aReason[k]++;
      }
    }
    if (x->ended != DATE_NONE && x->ended >= from && x->ended <= to) t->nEnded++;
    for (int k = 0; k < x->nOrder; k++) {
      if (x->aOrder[k].on < from || x->aOrder[k].on > to) continue;
      if (strcmp(x->aOrder[k].zKind, "prohibition") == 0) t->nProhib++;
      else t->nDisq++;
    }
    PfItemList il = {0};
    pf_due_items(x, asOf, 1, &il);
    int64_t r8Due = 0, r8On = 0;
    for (int k = 0; k < il.n; k++) {
      const PfItem *it = &il.a[k];
      if (it->due < from || it->due > to) continue;
      if (it->status == ST_OK || it->status == ST_DUE_SOON || it->status == ST_DUE_TODAY) continue;   /* not yet due */
      t->aDue[it->kind]++;
      if (it->status == ST_DONE) t->aOn[it->kind]++;
      else if (it->status == ST_DONE_LATE) t->aLate[it->kind]++;
      else t->aNot[it->kind]++;
      if (it->kind == PF_REG8_VISIT) {
        r8Due++;
        r8On += it->status == ST_DONE;
      }
      if (full && (it->kind == PF_INITIAL_VISIT || it->kind == PF_ASSESSMENT || it->kind == PF_PART_A ||
                   it->kind == PF_REG8_VISIT)) {
        if (!tr) tr = team_row(&t->aTeam, &t->nTeam, x);
        int iDue = it->kind == PF_INITIAL_VISIT ? T_IV_DUE : it->kind == PF_REG8_VISIT ? T_R8_DUE : T_AS_DUE;
        tr->a[iDue]++;
        if (it->status == ST_DONE) tr->a[iDue + 1]++;
      }
    }
    pf_items_free(&il);
    if (r8Due) {
      /* The seed's "2 children had their visits within the pattern": every
      ** visit due in the period on time. */
      t->nR8Children++;
      t->nR8AllOnTime += r8On == r8Due;
      if (full) {
        t->aR8 = xrealloc(t->aR8, (size_t)(t->nR8 + 1) * sizeof *t->aR8);
        t->aR8[t->nR8++] = (Reg8Child){x, r8Due, r8On};
      }
    }
    for (int k = 0; k < x->nVisit; k++) {
      const PfVisit *v = &x->aVisit[k];
      Date done = pf_assessment_done(x);
      if (v->on < from || v->on > to || done == DATE_NONE || v->on <= done) continue;
      t->nSeen++;
      t->nSeenAlone += v->seenAlone;
    }
  }
}

static void tally_free(Tally *t) {
  for (int k = 0; k < t->nTeam; k++) free(t->aTeam[k].zTeam);
  free(t->aTeam);
  free(t->aEth);
  free(t->aWhy);
  free(t->aR8);
}

static void summary(RTable *t, const char *zMeasure, int64_t v, int64_t prev) {
  rtable_row(t);
  rtable_text(t, 0, zMeasure);
  rtable_num(t, 1, v);
  rtable_num(t, 2, prev);
}

static void child_group(RTable *t, const char *zChar, const char *zGroup, int64_t n, int64_t total) {
  rtable_row(t);
  rtable_text(t, 0, zChar);
  rtable_text(t, 1, zGroup);
  rtable_num(t, 2, n);
  rtable_num(t, 3, pct(n, total));
}

/* "Every 6 weeks in the first year, then every 12 weeks", from the rules. */
static void pattern_words(const char *zManaged, char *z, size_t n) {
  PfArrangement x;
  memset(&x, 0, sizeof x);
  snprintf(x.zManagedBy, sizeof x.zManagedBy, "%s", zManaged);
  const Rule *rFirst = pf_reg8_rule(&x), *rAfter = rule("pf_reg8_after");
  snprintf(z, n, "Every %d %s in the first year, then every %d %s", rFirst->amount, cal_unit_name(rFirst->unit),
           rAfter->amount, cal_unit_name(rAfter->unit));
}

int pf_report(Db *db, Date from, Date to, Date today, PfReport *r) {
  memset(r, 0, sizeof *r);
  r->from = from;
  r->to = to;
  r->today = today;
  /* The same period a year before: 1 April to 31 March becomes the
  ** financial year before it. */
  r->prevFrom = date_add_months(from, -12);
  r->prevTo = date_add_months(to, -12);
  r->aTab[PFR_SUMMARY] = (RTable){.zSheet = "Summary", .zTitle = "Summary", .zEmpty = "Nothing to report.",
                                  .aCol = aSummaryCol, .nCol = COUNT(aSummaryCol)};
  r->aTab[PFR_TIMELINESS] = (RTable){.zSheet = "Timeliness", .zTitle = "Visits, assessments and audits on time",
                                     .zEmpty = "Nothing fell due in the period.", .aCol = aTimelyCol,
                                     .nCol = COUNT(aTimelyCol)};
  r->aTab[PFR_SOURCES] = (RTable){.zSheet = "Notifications by source", .zTitle = "Notifications by source",
                                  .zEmpty = "No notifications in the period.", .aCol = aSourceCol,
                                  .nCol = COUNT(aSourceCol)};
  r->aTab[PFR_REASONS] = (RTable){.zSheet = "Not private fostering", .zTitle = "Why notifications were not private fostering",
                                  .zEmpty = "Every notification in the period was private fostering.",
                                  .aCol = aReasonCol, .nCol = COUNT(aReasonCol)};
  r->aTab[PFR_TEAMS] = (RTable){.zSheet = "By managing team", .zTitle = "By managing team",
                                .zEmpty = "No arrangements in the period.", .aCol = aTeamCol, .nCol = T_N};
  r->aTab[PFR_WHY] = (RTable){.zSheet = "Why privately fostered", .zTitle = "Why children were privately fostered",
                              .zEmpty = "No initial visit in the period confirmed private fostering.",
                              .aCol = aWhyCol, .nCol = W_N};
  r->aTab[PFR_CHILDREN] = (RTable){.zSheet = "Children", .zTitle = "Children at the end of the period by age, sex and ethnicity",
                                   .zEmpty = "No children were privately fostered at the end of the period.",
                                   .aCol = aChildCol, .nCol = COUNT(aChildCol)};
  r->aTab[PFR_REG8_CHILD] = (RTable){.zSheet = "Regulation 8 visits by child",
                                     .zTitle = "Regulation 8 visits on time, child by child",
                                     .zEmpty = "No Regulation 8 visits fell due in the period.", .aCol = aReg8Col,
                                     .nCol = C8_N};
  /* A report of part of the arrangements would pass for all of them: the
  ** caller shows an error instead (the tables built, but not shown). */
  PfList l;
  int readRc = pf_list(db, NULL, &l) < 0 ? DB_ERROR : DB_OK;
  PfReasons why;
  if (pf_reasons_load(db, &why) != 0) {
    memset(&why, 0, sizeof why);
    readRc = DB_ERROR;
  }
  Tally c, p;
  tally(&l, &why, from, to, today, 1, &c);
  tally(&l, &why, r->prevFrom, r->prevTo, today, 0, &p);

  RTable *t = &r->aTab[PFR_SUMMARY];
  summary(t, "Children privately fostered at the end of the period", c.nEnd, p.nEnd);
  summary(t, "of whom managed by a locality team", c.nLocality, p.nLocality);
  summary(t, "of whom managed by a commissioned partner", c.nPartner, p.nPartner);
  summary(t, "of whom overseas students", c.nOverseasEnd, p.nOverseasEnd);
  summary(t, "Children privately fostered at any time in the period", c.nDuring, p.nDuring);
  summary(t, "of whom overseas students", c.nOverseasDuring, p.nOverseasDuring);
  summary(t, "Notifications received", c.nNotified, p.nNotified);
  summary(t, "Notifications meeting the definition", c.nEligible, p.nEligible);
  summary(t, "Notifications not meeting the definition", c.nIneligible, p.nIneligible);
  summary(t, "Initial visits confirming private fostering", c.nConfirmed, p.nConfirmed);
  summary(t, "Initial visits finding it was not private fostering", c.nNotPf, p.nNotPf);
  summary(t, "Regulation 8 visits made", c.nSeen, p.nSeen);
  summary(t, "Regulation 8 visits where the child was seen alone", c.nSeenAlone, p.nSeenAlone);
  summary(t, "Children with Regulation 8 visits due", c.nR8Children, p.nR8Children);
  summary(t, "of whom every visit was on time", c.nR8AllOnTime, p.nR8AllOnTime);
  summary(t, "Arrangements ended", c.nEnded, p.nEnded);
  summary(t, "Prohibitions", c.nProhib, p.nProhib);
  summary(t, "Disqualifications", c.nDisq, p.nDisq);

  t = &r->aTab[PFR_TIMELINESS];
  for (int k = 0; k < PF_N_ITEMS; k++) {
    rtable_row(t);
    rtable_text(t, 0, pf_item_label((PfItemKind)k));
    rtable_num(t, 1, c.aDue[k]);
    rtable_num(t, 2, c.aOn[k]);
    rtable_num(t, 3, c.aLate[k]);
    rtable_num(t, 4, c.aNot[k]);
    /* Rounded to the nearest whole per cent, as the annual report gives it. */
    rtable_num(t, 5, pct(c.aOn[k], c.aDue[k]));
    rtable_num(t, 6, p.aDue[k]);
    rtable_num(t, 7, pct(p.aOn[k], p.aDue[k]));
  }
  t = &r->aTab[PFR_SOURCES];
  for (int k = 0; k < pf_n_sources; k++) {
    if (!c.aSource[k]) continue;
    char z[48];
    pf_code_words(pf_sources[k], z, sizeof z);
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, c.aSource[k]);
  }
  t = &r->aTab[PFR_REASONS];
  if (c.nIneligible) {
    rtable_row(t);
    rtable_text(t, 0, "Did not meet the definition when notified");
    rtable_num(t, 1, c.nIneligible);
  }
  for (int k = 0; k < pf_n_not_pf_reasons; k++) {
    if (!c.aReason[k]) continue;
    char z[48];
    pf_code_words(pf_not_pf_reasons[k], z, sizeof z);
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, c.aReason[k]);
  }
  t = &r->aTab[PFR_TEAMS];
  if (c.nTeam > 1) qsort(c.aTeam, (size_t)c.nTeam, sizeof *c.aTeam, team_cmp);
  for (int k = 0; k < c.nTeam; k++) {
    TeamRow *tr = &c.aTeam[k];
    char z[96];
    int partner = strcmp(tr->zManaged, "partner") == 0;
    rtable_row(t);
    rtable_text(t, T_TEAM, tr->zTeam);
    rtable_text(t, T_MANAGED, partner ? "partner" : "locality");
    for (int col = T_AT_END; col < T_R8_PCT; col++) rtable_num(t, col, tr->a[col]);
    rtable_num(t, T_R8_PCT, pct(tr->a[T_R8_ON_TIME], tr->a[T_R8_DUE]));
    pattern_words(partner ? "partner" : "locality", z, sizeof z);
    rtable_text(t, T_PATTERN, z);
  }
  t = &r->aTab[PFR_WHY];
  for (int k = 0; k <= why.n; k++) {
    int64_t n = k < why.n ? c.aWhy[k] : c.nWhyNone;
    if (!n) continue;
    rtable_row(t);
    rtable_text(t, W_REASON, k < why.n ? why.azWords[k] : "Not recorded");
    rtable_num(t, W_CHILDREN, n);
    rtable_num(t, W_PCT, pct(n, c.nConfirmed));
    rtable_text(t, W_CODE, k < why.n ? why.azCode[k] : "");
  }
  t = &r->aTab[PFR_CHILDREN];
  if (c.nEnd) {
    /* Every age band and sex, so a year's table lines up with the next;
    ** ethnicities as they occur, in the DfE's order. */
    for (int k = 0; k < COUNT(azPfAge); k++) child_group(t, "Age", azPfAge[k], c.aAge[k], c.nEnd);
    for (int k = 0; k < COUNT(azPfSex); k++) {
      if (k < 3 || c.aSex[k]) child_group(t, "Sex", azPfSex[k], c.aSex[k], c.nEnd);
    }
    for (int k = 0; k <= child_n_ethnicity; k++) {
      if (!c.aEth[k]) continue;
      child_group(t, "Ethnicity", k < child_n_ethnicity ? child_ethnicity[k].zWords : "Not recorded", c.aEth[k],
                  c.nEnd);
    }
  }
  t = &r->aTab[PFR_REG8_CHILD];
  for (int k = 0; k < c.nR8; k++) {
    const Reg8Child *rc = &c.aR8[k];
    char z[48];
    /* No name in a report: children are numbered in the order notified. */
    snprintf(z, sizeof z, "Child %d", k + 1);
    rtable_row(t);
    rtable_text(t, C8_CHILD, z);
    rtable_text(t, C8_TEAM, rc->x->zTeam);
    rtable_num(t, C8_DUE, rc->due);
    rtable_num(t, C8_ON_TIME, rc->onTime);
    snprintf(z, sizeof z, "%lld of %lld", (long long)rc->onTime, (long long)rc->due);
    rtable_text(t, C8_OF, z);
    rtable_text(t, C8_ALL, rc->onTime == rc->due ? "Yes" : "No");
  }
  tally_free(&c);
  tally_free(&p);
  pf_reasons_free(&why);
  pf_list_free(&l);
  return readRc;
}

void pf_report_view_fix(RTable *aView) {
  RTable *t = &aView[PFR_REG8_CHILD];
  for (int i = 0; i < t->nRow; i++) {
    char zDue[24], zOn[24];
    const RCell *d = rtable_cell(t, i, C8_DUE), *o = rtable_cell(t, i, C8_ON_TIME);
    /* A suppressed count is text ("fewer than 6"); else the number. */
    if (d->z) snprintf(zDue, sizeof zDue, "%s", d->z);
    else snprintf(zDue, sizeof zDue, "%lld", (long long)d->v);
    if (o->z) snprintf(zOn, sizeof zOn, "%s", o->z);
    else snprintf(zOn, sizeof zOn, "%lld", (long long)o->v);
    RCell *c = (RCell *)rtable_cell(t, i, C8_OF);
    free(c->z);
    c->z = xmprintf("%s of %s", zOn, zDue);
  }
}

void pf_report_words_only(const RTable *t, RTable *out) {
  /* The code is the last column: a copy of the others. */
  *out = *t;
  out->nCol = t->nCol - 1;
  out->a = NULL;
  out->nRow = out->nAlloc = 0;
  for (int i = 0; i < t->nRow; i++) {
    rtable_row(out);
    for (int k = 0; k < out->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      if (c->z) rtable_text(out, k, c->z);
      else rtable_num(out, k, c->v);
    }
  }
}

void pf_report_free(PfReport *r) {
  for (int i = 0; i < PFR_N; i++) rtable_clear(&r->aTab[i]);
}

static const char *cell_text(const RTable *t, int row, int col, char z[24]) {
  const RCell *c = rtable_cell(t, row, col);
  if (t->aCol[col].type == RCOL_TEXT) return c->z ? c->z : "";
  if (t->aCol[col].type == RCOL_DATE) return c->v == DATE_NONE ? "" : date_iso((Date)c->v, z);
  snprintf(z, 24, "%lld", (long long)c->v);
  return z;
}

void pf_report_csv(const PfReport *r, Buf *out) { reports_csv(r->aTab, PFR_N, out); }

static void json_string(Buf *b, const char *z) {
  buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(z ? z : ""); *p; p++) {
    if (*p == '"' || *p == '\\') buf_printf(b, "\\%c", *p);
    else if (*p == '\n') buf_puts(b, "\\n");
    else if (*p < 0x20) buf_printf(b, "\\u%04x", *p);
    else buf_putc(b, (char)*p);
  }
  buf_putc(b, '"');
}

void pf_report_json(const PfReport *r, Buf *out) {
  static const char *const azKey[PFR_N] = {"summary", "timeliness", "sources", "reasons", "teams",
                                           "arrangement_reasons", "children", "reg8_by_child"};
  char z1[11], z2[11], z3[11], z4[11];
  buf_printf(out, "{\n  \"report\": \"private-fostering\",\n  \"from\": \"%s\",\n  \"to\": \"%s\",\n"
                  "  \"previous_from\": \"%s\",\n  \"previous_to\": \"%s\",\n  \"tables\": {",
             date_iso(r->from, z1), date_iso(r->to, z2), date_iso(r->prevFrom, z3), date_iso(r->prevTo, z4));
  for (int s = 0; s < PFR_N; s++) {
    const RTable *t = &r->aTab[s];
    buf_printf(out, "%s\n    \"%s\": {\n      \"title\": ", s ? "," : "", azKey[s]);
    json_string(out, t->zTitle);
    buf_puts(out, ",\n      \"rows\": [");
    for (int i = 0; i < t->nRow; i++) {
      buf_printf(out, "%s\n        {", i ? "," : "");
      for (int k = 0; k < t->nCol; k++) {
        const RCell *c = rtable_cell(t, i, k);
        buf_printf(out, "%s\"%s\": ", k ? ", " : "", t->aCol[k].zCsv);
        if (t->aCol[k].type == RCOL_INT) buf_printf(out, "%lld", (long long)c->v);
        else if (t->aCol[k].type == RCOL_DATE && c->v == DATE_NONE) buf_puts(out, "null");
        else {
          char z[24];
          json_string(out, cell_text(t, i, k, z));
        }
      }
      buf_putc(out, '}');
    }
    buf_puts(out, t->nRow ? "\n      ]\n    }" : "]\n    }");
  }
  buf_puts(out, "\n  }\n}\n");
}

void pf_report_html(const PfReport *r, Buf *out) {
  html_printf(out, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>Private fostering annual report %D to %D</title>\n</head>\n<body>\n"
                   "<h1>Private fostering annual report</h1>\n<p>%D to %D</p>\n",
              (int)r->from, (int)r->to, (int)r->from, (int)r->to);
  for (int s = 0; s < PFR_N; s++) {
    html_printf(out, "<h2>%h</h2>\n", r->aTab[s].zTitle);
    if (s == PFR_WHY) {
      /* A page shows the reasons in words; the codes are for downloads. */
      RTable w;
      pf_report_words_only(&r->aTab[s], &w);
      reports_table_html(&w, out, 0);
      rtable_clear(&w);
    } else {
      reports_table_html(&r->aTab[s], out, 0);
    }
  }
  html_raw(out, "</body>\n</html>\n");
}

/* ---- Export and import ------------------------------------------------------------- */

enum {
  C_REF, C_RECORD, C_ON, C_CHILD, C_DOB, C_DISABLED, C_CARER, C_RELATIONSHIP, C_PARENTS, C_PR,
  C_STARTED, C_EXPECTED, C_SOURCE, C_OVERSEAS, C_MANAGED, C_TEAM, C_WORKER, C_DECISION, C_REASON,
  C_ASSESSMENT, C_PART_A, C_PART_B, C_DBS, C_HEALTH, C_SOCIAL, C_SEEN_ALONE, C_BY, C_TEXT,
  /* Schema version 27: last, so a file from before them (C_OLD_N columns) still loads. */
  C_WHY, C_SEX, C_ETH, C_N
};
enum { C_OLD_N = C_WHY
};
static const char *const azCol[C_N] = {
  "pf_ref", "record", "on_date", "child_name", "child_dob", "child_disabled", "carer_name",
  "carer_relationship", "parents", "parental_responsibility", "started_on", "expected_days", "source",
  "overseas_student", "managed_by", "team", "worker", "decision", "not_pf_reason", "assessment_on",
  "part_a_on", "part_b_on", "dbs_check_on", "health_check_on", "social_care_check_on", "seen_alone",
  "by_whom", "text", "reason", "child_sex", "child_ethnicity",
};
/* Records in the order they happen: an import applies them in this order. */
static const char *const azRecord[] = {
  "notification", "initial-visit", "assessment", "visit", "audit", "prohibition", "disqualification", "end",
};
enum { R_NOTIFICATION, R_INITIAL_VISIT, R_ASSESSMENT, R_VISIT, R_AUDIT, R_PROHIBITION, R_DISQUALIFICATION,
       R_END };

static void put_row(Buf *b, const char *const *az) {
  for (int c = 0; c < C_N; c++) {
    if (c) buf_putc(b, ',');
    buf_csv_cell(b, az[c], c == C_REF || c == C_EXPECTED ? CSV_AS_IS : CSV_TEXT);
  }
  buf_puts(b, "\r\n");
}

int export_private_fostering(Db *db, FILE *f, const char *zActor) {
  PfList l;
  if (pf_list(db, NULL, &l) < 0) return -1;
  Buf b = {0};
  for (int c = 0; c < C_N; c++) buf_printf(&b, "%s%s", c ? "," : "", azCol[c]);
  buf_puts(&b, "\r\n");
  for (int i = 0; i < l.n; i++) {
    const PfArrangement *x = &l.a[i];
    char zRef[24], zOn[11], zDob[11], zStart[11], zDays[16], d[6][11];
    snprintf(zRef, sizeof zRef, "%lld", (long long)x->id);
    snprintf(zDays, sizeof zDays, "%d", x->expectedDays);
    const char *az[C_N] = {0};
    az[C_REF] = zRef;
    az[C_RECORD] = "notification";
    az[C_ON] = date_iso(x->notified, zOn);
    az[C_CHILD] = x->zChild;
    az[C_DOB] = date_iso(x->dob, zDob);
    az[C_DISABLED] = x->disabled ? "yes" : "no";
    az[C_CARER] = x->zCarer;
    az[C_RELATIONSHIP] = x->zRelationship;
    az[C_PARENTS] = x->zParents;
    az[C_PR] = x->zPr;
    az[C_STARTED] = date_iso(x->started, zStart);
    az[C_EXPECTED] = zDays;
    az[C_SOURCE] = x->zSource;
    az[C_OVERSEAS] = x->overseas ? "yes" : "no";
    az[C_MANAGED] = x->zManagedBy;
    az[C_TEAM] = x->zTeam;
    az[C_WORKER] = x->zWorker;
    az[C_WHY] = x->zWhy;
    az[C_SEX] = x->zSex;
    az[C_ETH] = x->zEthnicity;
    put_row(&b, az);
    if (x->initialVisit != DATE_NONE) {
      const char *a2[C_N] = {zRef, "initial-visit", date_iso(x->initialVisit, zOn)};
      a2[C_DECISION] = x->zDecision;
      a2[C_REASON] = x->zReason;
      a2[C_TEXT] = x->zDecisionNote;
      put_row(&b, a2);
    }
    if (x->assessment != DATE_NONE || x->partA != DATE_NONE || x->partB != DATE_NONE || x->dbs != DATE_NONE ||
        x->health != DATE_NONE || x->socialCare != DATE_NONE) {
      const char *a2[C_N] = {zRef, "assessment"};
      a2[C_ASSESSMENT] = date_iso(x->assessment, d[0]);
      a2[C_PART_A] = date_iso(x->partA, d[1]);
      a2[C_PART_B] = date_iso(x->partB, d[2]);
      a2[C_DBS] = date_iso(x->dbs, d[3]);
      a2[C_HEALTH] = date_iso(x->health, d[4]);
      a2[C_SOCIAL] = date_iso(x->socialCare, d[5]);
      put_row(&b, a2);
    }
    for (int k = 0; k < x->nVisit; k++) {
      const char *a2[C_N] = {zRef, "visit", date_iso(x->aVisit[k].on, zOn)};
      a2[C_SEEN_ALONE] = x->aVisit[k].seenAlone ? "yes" : "no";
      a2[C_BY] = x->aVisit[k].zBy;
      a2[C_TEXT] = x->aVisit[k].zViews;
      put_row(&b, a2);
    }
    for (int k = 0; k < x->nAudit; k++) {
      const char *a2[C_N] = {zRef, "audit", date_iso(x->aAudit[k].on, zOn)};
      a2[C_BY] = x->aAudit[k].zBy;
      a2[C_TEXT] = x->aAudit[k].zFindings;
      put_row(&b, a2);
    }
    for (int k = 0; k < x->nOrder; k++) {
      const char *a2[C_N] = {zRef, x->aOrder[k].zKind, date_iso(x->aOrder[k].on, zOn)};
      a2[C_TEXT] = x->aOrder[k].zNote;
      put_row(&b, a2);
    }
    if (x->ended != DATE_NONE) {
      const char *a2[C_N] = {zRef, "end", date_iso(x->ended, zOn)};
      a2[C_TEXT] = x->zEndReason;
      put_row(&b, a2);
    }
  }
  /* Records leave the system only with their audit entries written. */
  int rc = pf_audit_view(db, l.a, l.n, zActor, "exported as CSV");
  pf_list_free(&l);
  if (rc == DB_OK) {
    size_t n = b.n ? fwrite(b.z, 1, b.n, f) : 0;
    if (n != b.n || fflush(f) != 0 || ferror(f)) rc = DB_ERROR;
  }
  buf_free(&b);
  return rc == DB_OK ? 0 : -1;
}

typedef struct ImpRow {
  int row;
  char *az[C_N];
  long ref;
  int record;
  Buf err;
} ImpRow;



static Date row_date(ImpRow *r, int c) {
  return csv_row_date(&r->err, azCol[c], r->az[c], 0, DATE_NONE);
}

static int row_yesno(ImpRow *r, int c) {
  if (strcasecmp(r->az[c], "yes") == 0) return 1;
  if (strcasecmp(r->az[c], "no") == 0) return 0;
  csv_row_err(&r->err, "%s must be yes or no, not \"%s\"", azCol[c], r->az[c]);
  return -1;
}

static int imp_cmp(const void *pa, const void *pb) {
  const ImpRow *a = *(const ImpRow *const *)pa, *b = *(const ImpRow *const *)pb;
  if (a->ref != b->ref) return a->ref < b->ref ? -1 : 1;
  if (a->record != b->record) return a->record - b->record;
  Date da, dbb;
  if (date_parse(a->az[C_ON], &da) == 0 && date_parse(b->az[C_ON], &dbb) == 0 && da != dbb) return da < dbb ? -1 : 1;
  return a->row - b->row;
}

/* Apply one row through the domain's own checks; errors go on the row. */
static void apply_row(Db *db, ImpRow *r, int64_t id, Date today, const char *zActor) {
  Errors e = {0};
  Date on = row_date(r, C_ON);
  if (r->err.n) return;
  switch (r->record) {
    case R_NOTIFICATION: {
      PfNotification in = {
        .zChild = r->az[C_CHILD], .dob = row_date(r, C_DOB), .disabled = row_yesno(r, C_DISABLED),
        .zCarer = r->az[C_CARER], .zRelationship = r->az[C_RELATIONSHIP], .zParents = r->az[C_PARENTS],
        .zPr = r->az[C_PR], .notified = on, .started = row_date(r, C_STARTED), .zExpectedDays = r->az[C_EXPECTED],
        .zSource = r->az[C_SOURCE], .overseas = row_yesno(r, C_OVERSEAS), .zManagedBy = r->az[C_MANAGED],
        .zTeam = r->az[C_TEAM], .zWorker = r->az[C_WORKER], .zWhy = r->az[C_WHY], .zSex = r->az[C_SEX],
        .zEthnicity = r->az[C_ETH],
      };
      if (!r->err.n) notify_as(db, id, &in, today, zActor, &e);
      break;
    }
    case R_INITIAL_VISIT:
      pf_initial_visit(db, id, on, r->az[C_DECISION], r->az[C_REASON], r->az[C_TEXT], today, zActor, &e);
      break;
    case R_ASSESSMENT: {
      PfAssessmentInput in = {row_date(r, C_ASSESSMENT), row_date(r, C_PART_A), row_date(r, C_PART_B),
                              row_date(r, C_DBS), row_date(r, C_HEALTH), row_date(r, C_SOCIAL)};
      if (!r->err.n) pf_assessment_save(db, id, &in, today, zActor, &e);
      break;
    }
    case R_VISIT: {
      int alone = row_yesno(r, C_SEEN_ALONE);
      if (!r->err.n) pf_visit_add(db, id, on, alone, r->az[C_TEXT], r->az[C_BY], today, zActor, &e);
      break;
    }
    case R_AUDIT:
      pf_case_audit_add(db, id, on, r->az[C_BY], r->az[C_TEXT], today, zActor, &e);
      break;
    case R_PROHIBITION:
    case R_DISQUALIFICATION:
      pf_order_add(db, id, azRecord[r->record], on, r->az[C_TEXT], today, zActor, &e);
      break;
    case R_END:
      pf_end(db, id, on, r->az[C_TEXT], today, zActor, &e);
      break;
  }
  for (int k = 0; k < e.n; k++) csv_row_err(&r->err, "%s", e.a[k].zMsg);
}

int import_private_fostering_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                                  const char *zActor, Buf *pReport) {
  CsvReader rd;
  csv_init(&rd, z, n);
  char **az;
  int nf, rc, aMap[64];
  /* Every column; or a file from before schema version 27, without the
  ** last three (read again from the start, its reasons not kept). */
  int nHeader = csv_read_header_or_older(&rd, z, n, azCol, C_N, C_OLD_N, aMap, COUNT(aMap), "docs/private-fostering-csv.md", pReport);
  if (nHeader < 0) return -1;

  ImpRow *aRow = NULL;
  int nRow = 0, capRow = 0;
  while ((rc = csv_read(&rd, &az, &nf)) > 0) {
    if (nf == 1 && blank(az[0])) continue;
    if (nRow == capRow) aRow = xrealloc(aRow, (size_t)(capRow = capRow ? capRow * 2 : 64) * sizeof *aRow);
    ImpRow *r = &aRow[nRow++];
    memset(r, 0, sizeof *r);
    r->row = rd.record;
    r->record = -1;
    if (nf != nHeader) {
      for (int c = 0; c < C_N; c++) r->az[c] = xstrdup("");
      csv_row_err(&r->err, "has %d field%s; the header has %d (is a quote missing?)", nf, nf == 1 ? "" : "s", nHeader);
      continue;
    }
    for (int i = 0; i < nf; i++) {
      int c = aMap[i];
      /* Free text is kept as typed; codes, dates and numbers trimmed. */
      r->az[c] = xstrdup(c == C_TEXT || c == C_PARENTS || c == C_PR ? az[i] : csv_trim(az[i]));
    }
    for (int c = 0; c < C_N; c++) {
      if (!r->az[c]) r->az[c] = xstrdup("");   /* a column the older file has not */
    }
    if (parse_int(r->az[C_REF], 1, 2000000000L, &r->ref) != 0) {
      csv_row_err(&r->err, "pf_ref must be a whole number from 1, not \"%s\"", r->az[C_REF]);
      r->ref = 0;
    }
    r->record = pf_code_index(r->az[C_RECORD], azRecord, COUNT(azRecord));
    if (r->record < 0) {
      Buf b = {0};
      list_codes(&b, azRecord, COUNT(azRecord));
      csv_row_err(&r->err, "record must be one of %s, not \"%s\"", b.z, r->az[C_RECORD]);
      buf_free(&b);
    }
    if (r->record != R_ASSESSMENT && !*r->az[C_ON]) csv_row_err(&r->err, "on_date is empty: enter the date as YYYY-MM-DD");
  }
  if (rc < 0) {
    buf_printf(pReport, "%s (nothing after it was read)\n", rd.zErr);
  }
  csv_free(&rd);

  ImpRow **ap = xmalloc((size_t)(nRow ? nRow : 1) * sizeof *ap);
  int nUsable = 0;
  for (int i = 0; i < nRow; i++) {
    if (aRow[i].ref && aRow[i].record >= 0) ap[nUsable++] = &aRow[i];
  }
  qsort(ap, (size_t)nUsable, sizeof *ap, imp_cmp);
  int nArr = 0;
  if (rc >= 0) {
    db_begin(db);
    for (int i = 0, j; i < nUsable; i = j) {
      for (j = i + 1; j < nUsable && ap[j]->ref == ap[i]->ref; j++) {
      }
      long ref = ap[i]->ref;
      if (ap[i]->record != R_NOTIFICATION || (j > i + 1 && ap[i + 1]->record == R_NOTIFICATION)) {
        for (int k = i; k < j; k++) {
          csv_row_err(&ap[k]->err, "arrangement %ld needs exactly one notification row", ref);
        }
        continue;
      }
      if (db_int(db, 0, "SELECT count(*) FROM pf_arrangement WHERE id=?", "I", (int64_t)ref)) {
        for (int k = i; k < j; k++) {
          csv_row_err(&ap[k]->err, "arrangement %ld is already in the database: an import only adds arrangements", ref);
        }
        continue;
      }
      nArr++;
      for (int k = i; k < j; k++) {
        apply_row(db, ap[k], ref, today, zActor);
        /* A step that failed leaves the later ones meaningless. */
        if (ap[k]->err.n) break;
      }
    }
  }
  int nBad = 0;
  for (int i = 0; i < nRow; i++) {
    if (!aRow[i].err.n) continue;
    nBad++;
    buf_printf(pReport, "row %d: %s\n", aRow[i].row, aRow[i].err.z);
  }
  int result = -1;
  if (rc < 0) {
    buf_puts(pReport, "Nothing was loaded.\n");
  } else if (nBad) {
    db_rollback(db);
    buf_printf(pReport, "Nothing was loaded: %d row%s to correct.\n", nBad, nBad == 1 ? "" : "s");
  } else if (db_commit(db) != DB_OK) {
    buf_printf(pReport, "Nothing was loaded: %s\n", db_errmsg(db));
  } else {
    buf_printf(pReport, "Loaded %d arrangement%s (%d row%s) from %s.\n", nArr, nArr == 1 ? "" : "s", nUsable,
               nUsable == 1 ? "" : "s", zName);
    result = 0;
  }
  free(ap);
  for (int i = 0; i < nRow; i++) {
    for (int c = 0; c < C_N; c++) free(aRow[i].az[c]);
    buf_free(&aRow[i].err);
  }
  free(aRow);
  return result;
}

int import_private_fostering(Db *db, const char *zPath, Date today, const char *zActor, Buf *pReport) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return -1;
  }
  int rc = import_private_fostering_text(db, text.z ? text.z : "", text.n, zPath, today, zActor, pReport);
  buf_free(&text);
  return rc;
}
