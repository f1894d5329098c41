/*
** lado.c: the Designated Officer (LADO) area (SPEC §6): cases from contact
** to closure, their deadlines from the rules table, the dashboard lists,
** the KPI report, and CSV export/import of a tracker.
*/
#include "lado.h"
#include "audit.h"
#include "csv.h"
#include "html.h"
#include "rules.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *const lado_sectors[] = {
  "education", "early-years", "residential-care", "foster-carer", "health", "police",
  "faith-group", "voluntary-community", "sport", "transport", "social-care", "self-employed", "other",
};
const int lado_n_sectors = COUNT(lado_sectors);
const char *const lado_decisions[] = {"referral", "concern", "unclear"};
const int lado_n_decisions = COUNT(lado_decisions);
const char *const lado_categories[] = {"sexual", "physical", "emotional", "neglect"};
const int lado_n_categories = COUNT(lado_categories);
const char *const lado_types[] = {
  "professional-boundaries", "conduct-private-life", "transferable-risk", "physical-contact",
  "online-conduct", "other",
};
const int lado_n_types = COUNT(lado_types);
const char *const lado_outcomes[] = {"substantiated", "false", "malicious", "unsubstantiated", "unfounded"};
const int lado_n_outcomes = COUNT(lado_outcomes);
const char *const lado_actions[] = {"dbs", "regulator", "disciplinary", "training", "none"};
const int lado_n_actions = COUNT(lado_actions);
#define ACTION_NONE (1u << 4)

static const struct { const char *zCode, *zLabel; } aLabel[] = {
  {"education", "Education"}, {"early-years", "Early years"}, {"residential-care", "Residential care"},
  {"foster-carer", "Foster carer"}, {"health", "Health"}, {"police", "Police"},
  {"faith-group", "Faith group"}, {"voluntary-community", "Voluntary and community"},
  {"sport", "Sport"}, {"transport", "Transport"}, {"social-care", "Social care"},
  {"self-employed", "Self-employed"}, {"other", "Other"},
  {"referral", "Threshold met: referral"}, {"concern", "Threshold not met: advice given (a concern)"},
  {"unclear", "Unclear: the initial evaluation meeting decides"},
  {"sexual", "Sexual"}, {"physical", "Physical"}, {"emotional", "Emotional"}, {"neglect", "Neglect"},
  {"professional-boundaries", "Professional boundaries"}, {"conduct-private-life", "Conduct in private life"},
  {"transferable-risk", "Transferable risk"}, {"physical-contact", "Physical contact"},
  {"online-conduct", "Online conduct"},
  {"substantiated", "Substantiated"}, {"false", "False"}, {"malicious", "Malicious"},
  {"unsubstantiated", "Unsubstantiated"}, {"unfounded", "Unfounded"},
  {"dbs", "Referral to the DBS"}, {"regulator", "Referral to a regulator"},
  {"disciplinary", "Disciplinary"}, {"training", "Training"}, {"none", "None"},
};

const char *lado_label(const char *zCode) {
  for (int i = 0; zCode && i < COUNT(aLabel); i++) {
    if (strcmp(zCode, aLabel[i].zCode) == 0) return aLabel[i].zLabel;
  }
  return zCode ? zCode : "";
}

int lado_code_index(const char *z, const char *const *az, int n) {
  for (int i = 0; z && i < n; i++) {
    if (strcmp(z, az[i]) == 0) return i;
  }
  return -1;
}

static int is_blank(const char *z) {
  for (; z && *z; z++) {
    if (!isspace((unsigned char)*z)) return 0;
  }
  return 1;
}

static void list_codes(Buf *b, const char *const *az, int n) {
  for (int i = 0; i < n; i++) buf_printf(b, "%s%s", i ? ", " : "", az[i]);
}

/* UTC with seconds, as the audit log writes it. */
static void now_iso(char z[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static char *col_dup(Stmt *s, int i) { return db_col_is_null(s, i) ? NULL : xstrdup(db_col_text(s, i)); }

static const Rule *decision_rule(void) { return rule("lado_decision"); }
static const Rule *iem_rule(void) { return rule("lado_initial_meeting"); }
static const Rule *pam_rule(void) { return rule("lado_post_allegation_meeting"); }

/* ---- Loading ------------------------------------------------------------ */

void lado_clear(LadoCase *c) {
  free(c->zRecordedAt);
  free(c->zRecordedBy);
  free(c->zReferrer);
  free(c->zAgency);
  free(c->zAdult);
  free(c->zRole);
  free(c->zEmployer);
  free(c->zChildren);
  free(c->zAllegation);
  free(c->zAdvice);
  free(c->zAdviceAt);
  free(c->zAdviceBy);
  for (int i = 0; i < c->nCorr; i++) {
    free(c->aCorr[i].zText);
    free(c->aCorr[i].zAt);
    free(c->aCorr[i].zBy);
  }
  free(c->aCorr);
  for (int i = 0; i < c->nMeet; i++) {
    free(c->aMeet[i].zLateReason);
    free(c->aMeet[i].zNotes);
  }
  free(c->aMeet);
  for (int i = 0; i < c->nRec; i++) {
    free(c->aRec[i].zText);
    free(c->aRec[i].zOwner);
    free(c->aRec[i].zAdult);
  }
  free(c->aRec);
  free(c->zOtherAuthority);
  for (int i = 0; i < c->nStrat; i++) free(c->aStrat[i].zNotes);
  free(c->aStrat);
  memset(c, 0, sizeof *c);
  c->received = c->decided = c->decisionDue = c->outcomeOn = c->closed = DATE_NONE;
  c->adviceOn = c->lastRetentionReview = DATE_NONE;
  c->police = c->iemThreshold = c->crossAdult = c->crossChild = -1;
}

void lado_list_free(LadoList *l) {
  for (int i = 0; i < l->n; i++) lado_clear(&l->a[i]);
  free(l->a);
  l->a = NULL;
  l->n = 0;
}

static LadoCase *find_from(LadoList *l, int64_t id, int *pk) {
  while (*pk < l->n && l->a[*pk].id < id) (*pk)++;
  return *pk < l->n && l->a[*pk].id == id ? &l->a[*pk] : NULL;
}

/* One query per table, each in case order, merged in memory (as
** escalations.c): one case or all of them cost the same statements. */
static int load_rows(Db *db, int64_t onlyId, int openOnly, Date asOf, LadoList *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc;
  static const char zWhere[] =
      " WHERE (? = 0 OR c.id = ?) AND (? = 0 OR c.closed_on IS NULL OR c.closed_on > ?)";
  char *zSql = xmprintf(
      "SELECT c.id, c.received_on, c.received_time, c.recorded_at, c.recorded_by, c.referrer,"
      " c.referrer_agency, c.adult_name, c.adult_role, c.employer, c.sector, c.children, c.allegation,"
      " c.decision, c.decided_on, c.decision_due, c.harm_category, c.allegation_type, c.police,"
      " c.iem_threshold_met, c.outcome, c.outcome_on, c.closed_on,"
      " a.advice, a.given_on, a.recorded_at, a.recorded_by,"
      " (SELECT max(reviewed_on) FROM lado_retention_review r WHERE r.case_id = c.id),"
      " c.cross_border_adult, c.cross_border_child, c.other_authority"
      " FROM lado_case c LEFT JOIN lado_advice a ON a.case_id = c.id%s ORDER BY c.id", zWhere);
  Stmt *s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    if (out->n == cap) out->a = xrealloc(out->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *out->a);
    LadoCase *c = &out->a[out->n++];
    memset(c, 0, sizeof *c);
    c->id = db_col_int(s, 0);
    c->received = db_col_date(s, 1);
    snprintf(c->zTime, sizeof c->zTime, "%s", db_col_text(s, 2));
    c->zRecordedAt = xstrdup(db_col_text(s, 3));
    c->zRecordedBy = xstrdup(db_col_text(s, 4));
    c->zReferrer = xstrdup(db_col_text(s, 5));
    c->zAgency = xstrdup(db_col_text(s, 6));
    c->zAdult = xstrdup(db_col_text(s, 7));
    c->zRole = xstrdup(db_col_text(s, 8));
    c->zEmployer = xstrdup(db_col_text(s, 9));
    snprintf(c->zSector, sizeof c->zSector, "%s", db_col_text(s, 10));
    c->zChildren = xstrdup(db_col_text(s, 11));
    c->zAllegation = xstrdup(db_col_text(s, 12));
    snprintf(c->zDecision, sizeof c->zDecision, "%s", db_col_text(s, 13));
    c->decided = db_col_date(s, 14);
    c->decisionDue = db_col_date(s, 15);
    snprintf(c->zCategory, sizeof c->zCategory, "%s", db_col_text(s, 16));
    snprintf(c->zType, sizeof c->zType, "%s", db_col_text(s, 17));
    c->police = db_col_bool3(s, 18);
    c->iemThreshold = db_col_bool3(s, 19);
    snprintf(c->zOutcome, sizeof c->zOutcome, "%s", db_col_text(s, 20));
    c->outcomeOn = db_col_date(s, 21);
    c->closed = db_col_date(s, 22);
    c->zAdvice = col_dup(s, 23);
    c->adviceOn = db_col_date(s, 24);
    c->zAdviceAt = col_dup(s, 25);
    c->zAdviceBy = col_dup(s, 26);
    c->lastRetentionReview = db_col_date(s, 27);
    c->crossAdult = db_col_bool3(s, 28);
    c->crossChild = db_col_bool3(s, 29);
    c->zOtherAuthority = col_dup(s, 30);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  if (!out->n) return DB_OK;

  int k = 0;
  zSql = xmprintf("SELECT x.case_id, x.id, x.held_on, x.notes FROM lado_strategy_meeting x"
                  " JOIN lado_case c ON c.id = x.case_id%s ORDER BY x.case_id, x.held_on, x.id", zWhere);
  s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    LadoCase *c = find_from(out, db_col_int(s, 0), &k);
    if (!c) continue;
    c->aStrat = xrealloc(c->aStrat, (size_t)(c->nStrat + 1) * sizeof *c->aStrat);
    LadoStrategy *x = &c->aStrat[c->nStrat++];
    x->id = db_col_int(s, 1);
    x->held = db_col_date(s, 2);
    x->zNotes = col_dup(s, 3);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  k = 0;
  zSql = xmprintf("SELECT m.case_id, m.id, m.kind, m.held_on, m.due_on, m.late_reason, m.concluded,"
                  " m.next_on, m.notes FROM lado_meeting m JOIN lado_case c ON c.id = m.case_id%s"
                  " ORDER BY m.case_id, m.kind <> 'initial', m.held_on, m.id", zWhere);
  s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    LadoCase *c = find_from(out, db_col_int(s, 0), &k);
    if (!c) continue;
    c->aMeet = xrealloc(c->aMeet, (size_t)(c->nMeet + 1) * sizeof *c->aMeet);
    LadoMeeting *m = &c->aMeet[c->nMeet++];
    m->id = db_col_int(s, 1);
    m->initial = strcmp(db_col_text(s, 2), "initial") == 0;
    m->held = db_col_date(s, 3);
    m->due = db_col_date(s, 4);
    m->zLateReason = col_dup(s, 5);
    m->concluded = db_col_bool3(s, 6);
    m->next = db_col_date(s, 7);
    m->zNotes = col_dup(s, 8);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  k = 0;
  zSql = xmprintf("SELECT x.case_id, x.correction, x.recorded_at, x.recorded_by FROM lado_advice_correction x"
                  " JOIN lado_case c ON c.id = x.case_id%s ORDER BY x.case_id, x.id", zWhere);
  s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    LadoCase *c = find_from(out, db_col_int(s, 0), &k);
    if (!c) continue;
    c->aCorr = xrealloc(c->aCorr, (size_t)(c->nCorr + 1) * sizeof *c->aCorr);
    LadoCorrection *x = &c->aCorr[c->nCorr++];
    x->zText = xstrdup(db_col_text(s, 1));
    x->zAt = xstrdup(db_col_text(s, 2));
    x->zBy = xstrdup(db_col_text(s, 3));
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  k = 0;
  zSql = xmprintf("SELECT x.case_id, x.action FROM lado_action x JOIN lado_case c ON c.id = x.case_id%s"
                  " ORDER BY x.case_id", zWhere);
  s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    LadoCase *c = find_from(out, db_col_int(s, 0), &k);
    int a = lado_code_index(db_col_text(s, 1), lado_actions, lado_n_actions);
    if (c && a >= 0) c->actions |= 1u << a;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  k = 0;
  zSql = xmprintf("SELECT x.case_id, x.id, x.text, x.owner, x.due_on, x.implemented_on, x.added_on"
                  " FROM lado_recommendation x JOIN lado_case c ON c.id = x.case_id%s"
                  " ORDER BY x.case_id, x.id", zWhere);
  s = db_query(db, zSql, "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  free(zSql);
  while ((rc = db_step(s)) == DB_ROW) {
    LadoCase *c = find_from(out, db_col_int(s, 0), &k);
    if (!c) continue;
    c->aRec = xrealloc(c->aRec, (size_t)(c->nRec + 1) * sizeof *c->aRec);
    LadoRec *r = &c->aRec[c->nRec++];
    r->caseId = c->id;
    r->id = db_col_int(s, 1);
    r->zText = xstrdup(db_col_text(s, 2));
    r->zOwner = xstrdup(db_col_text(s, 3));
    r->due = db_col_date(s, 4);
    r->implemented = db_col_date(s, 5);
    r->added = db_col_date(s, 6);
    r->zAdult = xstrdup(c->zAdult);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  return DB_OK;

failed:
  /* A case without its meetings or recommendations would read as one
  ** that has none: nothing, rather than part. */
  lado_list_free(out);
  return DB_ERROR;
}

int lado_load(Db *db, int64_t id, LadoCase *out) {
  LadoList l;
  if (id > 0) load_rows(db, id, 0, DATE_NONE, &l);
  else memset(&l, 0, sizeof l);
  if (l.n != 1) {
    lado_list_free(&l);
    memset(out, 0, sizeof *out);
    lado_clear(out);
    return 0;
  }
  *out = l.a[0];
  free(l.a);
  return 1;
}

int lado_list(Db *db, int openOnly, Date asOf, LadoList *out) {
  if (load_rows(db, 0, openOnly, asOf, out) != DB_OK) return -1;
  int n = 0;
  for (int i = 0; i < out->n; i++) {
    if (out->a[i].received <= asOf) out->a[n++] = out->a[i];
    else lado_clear(&out->a[i]);
  }
  out->n = n;
  return n;
}

/* ---- Where a case stands ------------------------------------------------ */

int lado_is_referral(const LadoCase *c) {
  return strcmp(c->zDecision, "referral") == 0 ||
         (strcmp(c->zDecision, "unclear") == 0 && c->iemThreshold == 1);
}

int lado_needs_iem(const LadoCase *c) {
  return strcmp(c->zDecision, "referral") == 0 || strcmp(c->zDecision, "unclear") == 0;
}

const LadoMeeting *lado_iem(const LadoCase *c) {
  for (int i = 0; i < c->nMeet; i++) {
    if (c->aMeet[i].initial) return &c->aMeet[i];
  }
  return NULL;
}

const LadoMeeting *lado_first_pam(const LadoCase *c) {
  for (int i = 0; i < c->nMeet; i++) {
    if (!c->aMeet[i].initial) return &c->aMeet[i];
  }
  return NULL;
}

const LadoMeeting *lado_last_pam(const LadoCase *c) {
  for (int i = c->nMeet - 1; i >= 0; i--) {
    if (!c->aMeet[i].initial) return &c->aMeet[i];
  }
  return NULL;
}

Date lado_iem_due(const LadoCase *c) {
  if (!lado_needs_iem(c) || c->decided == DATE_NONE) return DATE_NONE;
  return rule_due(iem_rule(), c->decided);
}

Date lado_next_pam_due(const LadoCase *c) {
  const LadoMeeting *iem = lado_iem(c);
  if (!iem || !lado_is_referral(c)) return DATE_NONE;
  const LadoMeeting *last = lado_last_pam(c);
  if (!last) return rule_due(pam_rule(), iem->held);
  if (last->concluded != 0) return DATE_NONE;
  /* A meeting imported from a tracker may not say when the next one is:
  ** it is then due by the same rule from the last. */
  return last->next != DATE_NONE ? last->next : rule_due(pam_rule(), last->held);
}

const char *lado_next_step(const LadoCase *c, Date asOf, Date *pDue) {
  *pDue = DATE_NONE;
  if (c->closed != DATE_NONE && c->closed <= asOf) return NULL;
  if (!c->zDecision[0]) {
    *pDue = c->decisionDue;
    return "decision";
  }
  if (lado_needs_iem(c) && !lado_iem(c)) {
    *pDue = lado_iem_due(c);
    return "initial meeting";
  }
  if (!lado_is_referral(c)) return "closure";
  if (c->zOutcome[0]) return "closure";
  Date d = lado_next_pam_due(c);
  if (d != DATE_NONE) {
    *pDue = d;
    return "post-allegation meeting";
  }
  return "outcome";
}

int lado_overdue(const LadoCase *c, Date asOf) {
  Date due;
  const char *z = lado_next_step(c, asOf, &due);
  return z && due != DATE_NONE && asOf > due;
}

Date lado_retention_due_rule(Db *db, const LadoCase *c, char zRule[64]) {
  snprintf(zRule, 64, "lado_retention_review");
  if (c->closed == DATE_NONE) return DATE_NONE;
  const char *zKey = c->zOutcome[0] ? c->zOutcome : "concern";
  Stmt *s = db_query(db, "SELECT rule_name FROM lado_retention WHERE outcome = ?", "s", zKey);
  if (db_step(s) == DB_ROW) snprintf(zRule, 64, "%s", db_col_text(s, 0));
  db_finalize(s);
  Date from = c->lastRetentionReview != DATE_NONE ? c->lastRetentionReview : c->closed;
  return rule_due(rule(zRule), from);
}

Date lado_retention_due(Db *db, const LadoCase *c) {
  char zRule[64];
  return lado_retention_due_rule(db, c, zRule);
}

/* ---- Audit -------------------------------------------------------------- */

static int audit_case(Db *db, int64_t id, const char *zActor, const char *zAction, const char *zBefore,
                      const char *zAfter) {
  char zRec[40];
  snprintf(zRec, sizeof zRec, "lado:%lld", (long long)id);
  return audit_write(db, zActor, zAction, zRec, zBefore, zAfter, NULL);
}

int lado_audit_view(Db *db, int64_t id, const char *zActor) {
  return audit_case(db, id, zActor, "lado.view", NULL, NULL);
}

int lado_audit_list(Db *db, const int64_t *aId, int n, const char *zWhat, const char *zActor) {
  if (!n) return DB_OK;
  char *zAction = xmprintf("lado.view.%s", zWhat);
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; rc == DB_OK && i < n; i++) rc = audit_case(db, aId[i], zActor, zAction, NULL, NULL);
  free(zAction);
  if (rc == DB_OK) return db_commit(db);
  db_rollback(db);
  return rc;
}

/* Commit, or roll back on an earlier failure, saying why in err. */
static int finish(Db *db, int rc, Errors *err, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "case", "Could not save the %s: %s", zWhat, db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

static void check_date(Errors *err, const char *zField, Date d, Date today, const char *zWhat) {
  if (d == DATE_NONE) errors_add(err, zField, "Enter %s", zWhat);
  else if (d > today) errors_add(err, zField, "%c%s must be today or in the past", toupper((unsigned char)zWhat[0]), zWhat + 1);
}

static void check_code(Errors *err, const char *zField, const char *z, const char *const *az, int n,
                       const char *zWhat) {
  if (lado_code_index(z, az, n) >= 0) return;
  Buf b = {0};
  list_codes(&b, az, n);
  if (is_blank(z)) errors_add(err, zField, "Select %s", zWhat);
  else errors_add(err, zField, "Select %s: one of %s", zWhat, b.z);
  buf_free(&b);
}

static int valid_time(const char *z) {
  return z && strlen(z) == 5 && isdigit((unsigned char)z[0]) && isdigit((unsigned char)z[1]) && z[2] == ':' &&
         isdigit((unsigned char)z[3]) && isdigit((unsigned char)z[4]) && (z[0] - '0') * 10 + (z[1] - '0') < 24 &&
         z[3] < '6';
}

/* Inside the caller's transaction: the case, if it is open. */
static int load_open(Db *db, int64_t id, LadoCase *c, Errors *err) {
  char z[24];
  if (!lado_load(db, id, c)) {
    errors_add(err, "case", "There is no LADO case %lld", (long long)id);
    return -1;
  }
  if (c->closed != DATE_NONE) {
    errors_add(err, "case", "Case %lld was closed on %s: it cannot be changed", (long long)id,
               date_long(c->closed, z));
    return -1;
  }
  return 0;
}

/* ---- Writing ------------------------------------------------------------ */

static void check_contact(const LadoContactInput *in, Date today, Errors *err) {
  check_date(err, "received_on", in->received, today, "the date the information was received");
  if (is_blank(in->zTime)) errors_add(err, "received_time", "Enter the time the information was received, for example 14:30");
  else if (!valid_time(in->zTime)) errors_add(err, "received_time", "Enter the time as hours and minutes on the 24-hour clock, for example 09:05 or 14:30");
  if (is_blank(in->zReferrer)) errors_add(err, "referrer", "Enter who made the referral");
  if (is_blank(in->zAgency)) errors_add(err, "referrer_agency", "Enter the referrer's agency");
  if (is_blank(in->zAdult)) errors_add(err, "adult_name", "Enter the name of the adult the allegation is about");
  if (is_blank(in->zRole)) errors_add(err, "adult_role", "Enter the adult's role");
  if (is_blank(in->zEmployer)) errors_add(err, "employer", "Enter the adult's employer, or \"self-employed\"");
  check_code(err, "sector", in->zSector, lado_sectors, lado_n_sectors, "the sector the adult works in");
  if (is_blank(in->zChildren)) errors_add(err, "children", "Enter the children involved (names or initials and ages)");
  if (is_blank(in->zAllegation)) errors_add(err, "allegation", "Enter what was alleged");
}

int64_t lado_contact_add(Db *db, const LadoContactInput *in, Date today, const char *zActor, Errors *err) {
  check_contact(in, today, err);
  if (err->n) return 0;
  char zAt[32], zD[11], zDue[11];
  now_iso(zAt);
  Date due = rule_due(decision_rule(), in->received);
  db_begin(db);
  Stmt *s = db_query(db,
      "INSERT INTO lado_case(received_on, received_time, recorded_at, recorded_by, referrer, referrer_agency,"
      " adult_name, adult_role, employer, sector, children, allegation, decision_due)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "DsssssssssssD", (int)in->received, in->zTime, zAt, zActor, in->zReferrer, in->zAgency, in->zAdult,
      in->zRole, in->zEmployer, in->zSector, in->zChildren, in->zAllegation, (int)due);
  int64_t id = 0;
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(s, 0);
  db_finalize(s);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("contact received %s %s from %s (%s) about %s, %s at %s (%s); children: %s;"
                            " alleged: %s; decision due %s",
                            date_iso(in->received, zD), in->zTime, in->zReferrer, in->zAgency, in->zAdult,
                            in->zRole, in->zEmployer, in->zSector, in->zChildren, in->zAllegation,
                            date_iso(due, zDue));
    rc = audit_case(db, id, zActor, "lado.contact", NULL, zAfter);
    free(zAfter);
  }
  return finish(db, rc, err, "contact") == 0 ? id : 0;
}

/* The advice, written once (the table refuses a second write). */
static int insert_advice(Db *db, int64_t id, const char *zAdvice, Date on, const char *zActor) {
  char zAt[32], zD[11];
  now_iso(zAt);
  int rc = db_exec(db, "INSERT INTO lado_advice(case_id, advice, given_on, recorded_at, recorded_by) VALUES(?, ?, ?, ?, ?)",
                   "IsDss", id, zAdvice, (int)on, zAt, zActor);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("advice given %s: %s", date_iso(on, zD), zAdvice);
    rc = audit_case(db, id, zActor, "lado.advice", NULL, zAfter);
    free(zAfter);
  }
  return rc;
}

int lado_decide(Db *db, int64_t id, const char *zDecision, Date on, const char *zAdvice, Date today,
                const char *zActor, Errors *err) {
  check_code(err, "decision", zDecision, lado_decisions, lado_n_decisions, "the decision");
  check_date(err, "decided_on", on, today, "the date of the decision");
  if (zDecision && strcmp(zDecision, "concern") == 0 && is_blank(zAdvice)) {
    errors_add(err, "advice", "Enter the advice given to the referrer: the threshold was not met, so the advice is the record");
  }
  db_begin(db);
  LadoCase c;
  if (load_open(db, id, &c, err) != 0) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char z[24];
  if (c.zDecision[0]) {
    errors_add(err, "decision", "The decision on case %lld was recorded on %s: it cannot be made again",
               (long long)id, date_long(c.decided, z));
  } else if (on != DATE_NONE && on < c.received) {
    errors_add(err, "decided_on", "The decision cannot be before the information was received (%s)",
               date_long(c.received, z));
  }
  if (!is_blank(zAdvice) && c.zAdvice) {
    errors_add(err, "advice", "Advice is already recorded for case %lld: add a correction beside it", (long long)id);
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char zOn[11], zDue[11];
  int rc = db_exec(db, "UPDATE lado_case SET decision = ?, decided_on = ? WHERE id = ? AND decision IS NULL",
                   "sDI", zDecision, (int)on, id);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("decision %s on %s (due %s, %s)", zDecision, date_iso(on, zOn),
                            date_iso(c.decisionDue, zDue), on <= c.decisionDue ? "on time" : "late");
    rc = audit_case(db, id, zActor, "lado.decision", NULL, zAfter);
    free(zAfter);
  }
  if (rc == DB_OK && !is_blank(zAdvice)) rc = insert_advice(db, id, zAdvice, on, zActor);
  lado_clear(&c);
  return finish(db, rc, err, "decision");
}

int lado_advice_correct(Db *db, int64_t id, const char *zCorrection, const char *zActor, Errors *err) {
  if (is_blank(zCorrection)) errors_add(err, "correction", "Enter the correction");
  db_begin(db);
  LadoCase c;
  if (!lado_load(db, id, &c)) {
    errors_add(err, "case", "There is no LADO case %lld", (long long)id);
  } else if (!c.zAdvice) {
    errors_add(err, "correction", "Case %lld has no advice recorded to correct", (long long)id);
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char zAt[32];
  now_iso(zAt);
  int rc = db_exec(db, "INSERT INTO lado_advice_correction(case_id, correction, recorded_at, recorded_by) VALUES(?, ?, ?, ?)",
                   "Isss", id, zCorrection, zAt, zActor);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("correction added beside the advice (which is kept as it was): %s", zCorrection);
    rc = audit_case(db, id, zActor, "lado.advice.correct", c.zAdvice, zAfter);
    free(zAfter);
  }
  lado_clear(&c);
  return finish(db, rc, err, "correction");
}

int lado_referral_set(Db *db, int64_t id, const char *zCategory, const char *zType, int police,
                      const char *zActor, Errors *err) {
  check_code(err, "harm_category", zCategory, lado_categories, lado_n_categories, "the category of harm");
  check_code(err, "allegation_type", zType, lado_types, lado_n_types, "the type of allegation");
  if (police < 0) errors_add(err, "police", "Select whether the police are involved");
  db_begin(db);
  LadoCase c;
  if (load_open(db, id, &c, err) == 0 && !lado_needs_iem(&c)) {
    errors_add(err, "harm_category", "Case %lld is not a referral: record the decision first", (long long)id);
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char *zBefore = c.zCategory[0] ? xmprintf("category %s; type %s; police %s", c.zCategory, c.zType,
                                            c.police == 1 ? "yes" : "no") : NULL;
  char *zAfter = xmprintf("category %s; type %s; police %s", zCategory, zType, police ? "yes" : "no");
  int rc = db_exec(db, "UPDATE lado_case SET harm_category = ?, allegation_type = ?, police = ? WHERE id = ?",
                   "ssbI", zCategory, zType, police, id);
  if (rc == DB_OK) rc = audit_case(db, id, zActor, "lado.referral", zBefore, zAfter);
  free(zBefore);
  free(zAfter);
  lado_clear(&c);
  return finish(db, rc, err, "referral details");
}

int lado_meeting_add(Db *db, int64_t id, const LadoMeetingInput *in, Date today, const char *zActor,
                     Errors *err) {
  const char *zWhat = in->initial ? "initial evaluation meeting" : "post-allegation meeting";
  check_date(err, "held_on", in->held, today, "the date the meeting was held");
  db_begin(db);
  LadoCase c;
  char z[24];
  Date due = DATE_NONE, from = DATE_NONE;
  if (load_open(db, id, &c, err) == 0) {
    if (in->initial) {
      if (!lado_needs_iem(&c)) {
        errors_add(err, "held_on", "Case %lld needs no initial evaluation meeting: its decision is %s",
                   (long long)id, c.zDecision[0] ? "that the threshold was not met" : "not recorded yet");
      } else if (lado_iem(&c)) {
        errors_add(err, "held_on", "The initial evaluation meeting of case %lld is already recorded", (long long)id);
      } else {
        due = lado_iem_due(&c);
        from = c.decided;
        if (strcmp(c.zDecision, "unclear") == 0 && in->thresholdMet < 0) {
          errors_add(err, "threshold_met", "Select whether the meeting found the threshold met");
        }
      }
    } else {
      const LadoMeeting *last = lado_last_pam(&c);
      if (!lado_iem(&c)) {
        errors_add(err, "held_on", "Record the initial evaluation meeting of case %lld first", (long long)id);
      } else if (!lado_is_referral(&c)) {
        errors_add(err, "held_on", "The initial evaluation meeting found the threshold not met: no post-allegation meeting is needed");
      } else if (last && last->concluded == 1) {
        errors_add(err, "held_on", "The investigation was recorded as concluded at the meeting on %s",
                   date_long(last->held, z));
      } else {
        due = lado_next_pam_due(&c);
        from = last ? last->held : lado_iem(&c)->held;
        if (in->concluded < 0) errors_add(err, "concluded", "Select whether the investigation has concluded");
        else if (in->concluded == 0 && in->next == DATE_NONE) {
          errors_add(err, "next_on", "Enter the date of the next meeting: the investigation has not concluded");
        } else if (in->concluded == 0 && in->held != DATE_NONE && in->next <= in->held) {
          errors_add(err, "next_on", "The next meeting must be after this one");
        }
      }
    }
    if (from != DATE_NONE && in->held != DATE_NONE && in->held < from) {
      errors_add(err, "held_on", "The %s cannot be before %s", zWhat, date_long(from, z));
    }
    if (due != DATE_NONE && in->held != DATE_NONE && in->held > due && is_blank(in->zLateReason)) {
      errors_add(err, "late_reason", "The %s was due by %s: enter why it was held later", zWhat, date_long(due, z));
    }
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  int late = in->held > due;
  int rc = db_exec(db,
      "INSERT INTO lado_meeting(case_id, kind, held_on, due_on, late_reason, concluded, next_on, notes)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
      "IsDDsbDs", id, in->initial ? "initial" : "post-allegation", (int)in->held, (int)due,
      late ? in->zLateReason : NULL, in->initial ? -1 : in->concluded,
      (int)(!in->initial && in->concluded == 0 ? in->next : DATE_NONE), is_blank(in->zNotes) ? NULL : in->zNotes);
  if (rc == DB_OK && in->initial && strcmp(c.zDecision, "unclear") == 0) {
    rc = db_exec(db, "UPDATE lado_case SET iem_threshold_met = ? WHERE id = ?", "bI", in->thresholdMet, id);
  }
  if (rc == DB_OK) {
    char zH[11], zD[11], zN[11];
    Buf b = {0};
    buf_printf(&b, "%s held %s (due %s, %s)", zWhat, date_iso(in->held, zH), date_iso(due, zD),
               late ? "late" : "on time");
    if (late) buf_printf(&b, "; why late: %s", in->zLateReason);
    if (in->initial && strcmp(c.zDecision, "unclear") == 0) {
      buf_printf(&b, "; threshold %s", in->thresholdMet ? "met: a referral" : "not met: a concern");
    }
    if (!in->initial) {
      if (in->concluded) buf_puts(&b, "; investigation concluded");
      else buf_printf(&b, "; investigation not concluded, next meeting %s", date_iso(in->next, zN));
    }
    if (!is_blank(in->zNotes)) buf_printf(&b, "; notes: %s", in->zNotes);
    rc = audit_case(db, id, zActor, in->initial ? "lado.meeting.initial" : "lado.meeting.post", NULL, b.z);
    buf_free(&b);
  }
  lado_clear(&c);
  return finish(db, rc, err, zWhat);
}

static void actions_words(Buf *b, unsigned actions) {
  int n = 0;
  for (int i = 0; i < lado_n_actions; i++) {
    if (actions & (1u << i)) buf_printf(b, "%s%s", n++ ? ";" : "", lado_actions[i]);
  }
}

int lado_outcome_set(Db *db, int64_t id, const char *zOutcome, Date on, unsigned actions, Date today,
                     const char *zActor, Errors *err) {
  check_code(err, "outcome", zOutcome, lado_outcomes, lado_n_outcomes, "the outcome");
  check_date(err, "outcome_on", on, today, "the date of the outcome");
  if (!actions) errors_add(err, "actions", "Select the actions taken, or None");
  else if ((actions & ACTION_NONE) && actions != ACTION_NONE) {
    errors_add(err, "actions", "None cannot be selected with other actions");
  }
  db_begin(db);
  LadoCase c;
  char z[24];
  if (load_open(db, id, &c, err) == 0) {
    if (!lado_is_referral(&c)) {
      errors_add(err, "outcome", "Case %lld is not a referral: an outcome is recorded only for allegations", (long long)id);
    } else if (!lado_iem(&c)) {
      errors_add(err, "outcome", "Record the initial evaluation meeting first");
    } else if (on != DATE_NONE && on < lado_iem(&c)->held) {
      errors_add(err, "outcome_on", "The outcome cannot be before the initial evaluation meeting (%s)",
                 date_long(lado_iem(&c)->held, z));
    }
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  Buf before = {0}, after = {0};
  char zOn[11];
  if (c.zOutcome[0]) {
    buf_printf(&before, "outcome %s on %s; actions ", c.zOutcome, date_iso(c.outcomeOn, zOn));
    actions_words(&before, c.actions);
  }
  buf_printf(&after, "outcome %s on %s; actions ", zOutcome, date_iso(on, zOn));
  actions_words(&after, actions);
  int rc = db_exec(db, "UPDATE lado_case SET outcome = ?, outcome_on = ? WHERE id = ?", "sDI", zOutcome, (int)on, id);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM lado_action WHERE case_id = ?", "I", id);
  for (int i = 0; rc == DB_OK && i < lado_n_actions; i++) {
    if (actions & (1u << i)) {
      rc = db_exec(db, "INSERT INTO lado_action(case_id, action) VALUES(?, ?)", "Is", id, lado_actions[i]);
    }
  }
  if (rc == DB_OK) rc = audit_case(db, id, zActor, "lado.outcome", before.n ? before.z : NULL, after.z);
  buf_free(&before);
  buf_free(&after);
  lado_clear(&c);
  return finish(db, rc, err, "outcome");
}

int lado_close(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err) {
  check_date(err, "closed_on", on, today, "the date the case closed");
  db_begin(db);
  LadoCase c;
  char z[24];
  if (load_open(db, id, &c, err) == 0) {
    if (!c.zDecision[0]) {
      errors_add(err, "closed_on", "Record the decision on case %lld before closing it", (long long)id);
    } else if (lado_needs_iem(&c) && !lado_iem(&c)) {
      errors_add(err, "closed_on", "Record the initial evaluation meeting before closing the case");
    } else if (lado_is_referral(&c) && !c.zOutcome[0]) {
      errors_add(err, "closed_on", "Record the outcome and actions before closing the referral");
    } else if (on != DATE_NONE && on < c.received) {
      errors_add(err, "closed_on", "The case cannot close before the information was received (%s)",
                 date_long(c.received, z));
    }
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char zOn[11];
  int rc = db_exec(db, "UPDATE lado_case SET closed_on = ?, closed_by = ? WHERE id = ? AND closed_on IS NULL",
                   "DsI", (int)on, zActor, id);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("closed %s, %d days after the contact", date_iso(on, zOn), (int)(on - c.received));
    rc = audit_case(db, id, zActor, "lado.close", NULL, zAfter);
    free(zAfter);
  }
  lado_clear(&c);
  return finish(db, rc, err, "closure");
}

int64_t lado_rec_add(Db *db, int64_t caseId, const char *zText, const char *zOwner, Date due,
                     Date today, const char *zActor, Errors *err) {
  if (is_blank(zText)) errors_add(err, "rec_text", "Enter the recommendation");
  if (is_blank(zOwner)) errors_add(err, "rec_owner", "Enter who owns the recommendation");
  if (due == DATE_NONE) errors_add(err, "rec_due", "Enter the date it is due by");
  db_begin(db);
  if (!db_int(db, 0, "SELECT id FROM lado_case WHERE id = ?", "I", caseId)) {
    errors_add(err, "case", "There is no LADO case %lld", (long long)caseId);
  }
  if (err->n) {
    db_rollback(db);
    return 0;
  }
  Stmt *s = db_query(db, "INSERT INTO lado_recommendation(case_id, text, owner, due_on, added_on)"
                         " VALUES(?, ?, ?, ?, ?) RETURNING id", "IssDD", caseId, zText, zOwner, (int)due, (int)today);
  int64_t id = 0;
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(s, 0);
  db_finalize(s);
  if (rc == DB_OK) {
    char zD[11];
    char *zAfter = xmprintf("recommendation %lld: %s; owner %s; due %s", (long long)id, zText, zOwner, date_iso(due, zD));
    rc = audit_case(db, caseId, zActor, "lado.recommendation", NULL, zAfter);
    free(zAfter);
  }
  return finish(db, rc, err, "recommendation") == 0 ? id : 0;
}

int lado_rec_implemented(Db *db, int64_t recId, Date on, Date today, const char *zActor, Errors *err) {
  check_date(err, "implemented_on", on, today, "the date it was implemented");
  db_begin(db);
  Stmt *s = db_query(db, "SELECT case_id, implemented_on, added_on FROM lado_recommendation WHERE id = ?", "I", recId);
  int64_t caseId = 0;
  Date done = DATE_NONE, added = DATE_NONE;
  if (db_step(s) == DB_ROW) {
    caseId = db_col_int(s, 0);
    done = db_col_date(s, 1);
    added = db_col_date(s, 2);
  }
  db_finalize(s);
  char z[24];
  if (!caseId) errors_add(err, "recommendation", "There is no recommendation %lld", (long long)recId);
  else if (done != DATE_NONE) errors_add(err, "recommendation", "Recommendation %lld was recorded as implemented on %s",
                                         (long long)recId, date_long(done, z));
  else if (on != DATE_NONE && on < added) errors_add(err, "implemented_on", "It cannot be implemented before it was made (%s)",
                                                     date_long(added, z));
  if (err->n) {
    db_rollback(db);
    return -1;
  }
  int rc = db_exec(db, "UPDATE lado_recommendation SET implemented_on = ? WHERE id = ?", "DI", (int)on, recId);
  if (rc == DB_OK) {
    char zD[11];
    char *zAfter = xmprintf("recommendation %lld implemented %s", (long long)recId, date_iso(on, zD));
    rc = audit_case(db, caseId, zActor, "lado.recommendation.implemented", NULL, zAfter);
    free(zAfter);
  }
  return finish(db, rc, err, "recommendation");
}

int lado_retention_review(Db *db, int64_t id, Date on, const char *zNote, Date today,
                          const char *zActor, Errors *err) {
  check_date(err, "reviewed_on", on, today, "the date of the review");
  if (is_blank(zNote)) errors_add(err, "note", "Enter why the record is kept");
  db_begin(db);
  LadoCase c;
  char z[24];
  if (!lado_load(db, id, &c)) errors_add(err, "case", "There is no LADO case %lld", (long long)id);
  else if (c.closed == DATE_NONE) errors_add(err, "reviewed_on", "Case %lld is open: retention is reviewed after closure", (long long)id);
  else if (on != DATE_NONE && on < c.closed) errors_add(err, "reviewed_on", "The review cannot be before the case closed (%s)",
                                                        date_long(c.closed, z));
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  int rc = db_exec(db, "INSERT INTO lado_retention_review(case_id, reviewed_on, reviewed_by, note) VALUES(?, ?, ?, ?)",
                   "IDss", id, (int)on, zActor, zNote);
  if (rc == DB_OK) {
    char zD[11];
    char *zAfter = xmprintf("retention reviewed %s: kept; %s", date_iso(on, zD), zNote);
    rc = audit_case(db, id, zActor, "lado.retention", NULL, zAfter);
    free(zAfter);
  }
  lado_clear(&c);
  return finish(db, rc, err, "retention review");
}

/* ---- Tables ------------------------------------------------------------- */

void lado_tables_free(RTable *aTab, int n) {
  for (int i = 0; i < n; i++) rtable_clear(&aTab[i]);
}

/* The same blocks as every report's CSV (reports_csv). */
void lado_tables_csv(const RTable *aTab, int n, Buf *out) { reports_csv(aTab, n, out); }

/* ---- The dashboard ------------------------------------------------------ */

static const RColumn aOpenCol[] = {
  {"case_ref", "Case", RCOL_INT, 8},
  {"received_on", "Received", RCOL_DATE, 13},
  {"adult", "Adult", RCOL_TEXT, 22},
  {"sector", "Sector", RCOL_TEXT, 18},
  {"next_step", "Waiting for", RCOL_TEXT, 24},
  {"due_on", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};
static const RColumn aOverdueCol[] = {
  {"case_ref", "Case", RCOL_INT, 8},
  {"adult", "Adult", RCOL_TEXT, 22},
  {"overdue", "Overdue", RCOL_TEXT, 24},
  {"due_on", "Was due", RCOL_DATE, 13},
  {"days_overdue", "Days overdue", RCOL_INT, 10},
};
static const RColumn aRecCol[] = {
  {"case_ref", "Case", RCOL_INT, 8},
  {"adult", "Adult", RCOL_TEXT, 22},
  {"recommendation", "Recommendation", RCOL_TEXT, 40},
  {"owner", "Owner", RCOL_TEXT, 20},
  {"due_on", "Due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};
static const RColumn aRetCol[] = {
  {"case_ref", "Case", RCOL_INT, 8},
  {"adult", "Adult", RCOL_TEXT, 22},
  {"outcome", "Outcome", RCOL_TEXT, 16},
  {"closed_on", "Closed", RCOL_DATE, 13},
  {"review_due", "Review due", RCOL_DATE, 13},
};

typedef struct OpenKey { const LadoCase *c; const char *zStep; Date due; } OpenKey;

static int open_cmp(const void *pa, const void *pb) {
  const OpenKey *a = pa, *b = pb;
  /* Cases with a deadline first, the earliest first; then by number. */
  if ((a->due == DATE_NONE) != (b->due == DATE_NONE)) return a->due == DATE_NONE ? 1 : -1;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return a->c->id < b->c->id ? -1 : a->c->id > b->c->id;
}

static void add_id(int64_t **pa, int *pn, int64_t id) {
  for (int i = 0; i < *pn; i++) {
    if ((*pa)[i] == id) return;
  }
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  (*pa)[(*pn)++] = id;
}

static const char *due_status(Date due, Date asOf) {
  if (due == DATE_NONE) return "";
  Status s = deadline_status(due, DATE_NONE, asOf);
  return s == ST_OVERDUE ? "Overdue" : s == ST_DUE_TODAY ? "Due today" : s == ST_DUE_SOON ? "Due soon" : "Not due yet";
}

int lado_dashboard(Db *db, Date asOf, RTable aTab[LADO_DASH_N], int64_t **paId, int *pnId) {
  memset(aTab, 0, LADO_DASH_N * sizeof *aTab);
  aTab[LADO_DASH_OPEN] = (RTable){.zSheet = "Open cases", .zTitle = "Open cases",
      .zEmpty = "There are no open cases.", .aCol = aOpenCol, .nCol = COUNT(aOpenCol)};
  aTab[LADO_DASH_OVERDUE] = (RTable){.zSheet = "Overdue", .zTitle = "Overdue decisions and meetings",
      .zEmpty = "Nothing is overdue.", .aCol = aOverdueCol, .nCol = COUNT(aOverdueCol)};
  aTab[LADO_DASH_RECS] = (RTable){.zSheet = "Recommendations due", .zTitle = "Recommendations due",
      .zEmpty = "No recommendations are overdue or due in the next 28 days.", .aCol = aRecCol, .nCol = COUNT(aRecCol)};
  aTab[LADO_DASH_RETENTION] = (RTable){.zSheet = "Retention reviews", .zTitle = "Records due for a retention review",
      .zEmpty = "No records are due for a retention review.", .aCol = aRetCol, .nCol = COUNT(aRetCol)};
  *paId = NULL;
  *pnId = 0;
  LadoList l;
  if (lado_list(db, 0, asOf, &l) < 0) return DB_ERROR;
  OpenKey *aKey = xmalloc((size_t)(l.n + 1) * sizeof *aKey);
  int nKey = 0;
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    Date due;
    const char *zStep = lado_next_step(c, asOf, &due);
    if (zStep) aKey[nKey++] = (OpenKey){c, zStep, due};
  }
  qsort(aKey, (size_t)nKey, sizeof *aKey, open_cmp);
  for (int i = 0; i < nKey; i++) {
    const LadoCase *c = aKey[i].c;
    RTable *t = &aTab[LADO_DASH_OPEN];
    rtable_row(t);
    rtable_num(t, 0, c->id);
    rtable_num(t, 1, c->received);
    rtable_text(t, 2, c->zAdult);
    rtable_text(t, 3, lado_label(c->zSector));
    rtable_text(t, 4, aKey[i].zStep);
    rtable_num(t, 5, aKey[i].due);
    rtable_text(t, 6, due_status(aKey[i].due, asOf));
    add_id(paId, pnId, c->id);
    if (aKey[i].due != DATE_NONE && asOf > aKey[i].due) {
      t = &aTab[LADO_DASH_OVERDUE];
      rtable_row(t);
      rtable_num(t, 0, c->id);
      rtable_text(t, 1, c->zAdult);
      rtable_text(t, 2, aKey[i].zStep);
      rtable_num(t, 3, aKey[i].due);
      rtable_num(t, 4, asOf - aKey[i].due);
    }
  }
  free(aKey);
  /* Recommendations overdue or due within 28 days, the earliest first. */
  int nRec = 0;
  const LadoRec **ap = NULL;
  for (int i = 0; i < l.n; i++) {
    for (int k = 0; k < l.a[i].nRec; k++) {
      const LadoRec *r = &l.a[i].aRec[k];
      if (r->implemented != DATE_NONE || r->due > asOf + 28) continue;
      ap = xrealloc(ap, (size_t)(nRec + 1) * sizeof *ap);
      int j = nRec++;
      while (j > 0 && (ap[j - 1]->due > r->due || (ap[j - 1]->due == r->due && ap[j - 1]->id > r->id))) {
        ap[j] = ap[j - 1];
        j--;
      }
      ap[j] = r;
    }
  }
  for (int i = 0; i < nRec; i++) {
    RTable *t = &aTab[LADO_DASH_RECS];
    rtable_row(t);
    rtable_num(t, 0, ap[i]->caseId);
    rtable_text(t, 1, ap[i]->zAdult);
    rtable_text(t, 2, ap[i]->zText);
    rtable_text(t, 3, ap[i]->zOwner);
    rtable_num(t, 4, ap[i]->due);
    rtable_text(t, 5, asOf > ap[i]->due ? "Overdue" : "Due");
    add_id(paId, pnId, ap[i]->caseId);
  }
  free(ap);
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    if (c->closed == DATE_NONE || c->closed > asOf) continue;
    Date due = lado_retention_due(db, c);
    if (due > asOf) continue;
    RTable *t = &aTab[LADO_DASH_RETENTION];
    rtable_row(t);
    rtable_num(t, 0, c->id);
    rtable_text(t, 1, c->zAdult);
    rtable_text(t, 2, c->zOutcome[0] ? lado_label(c->zOutcome) : "Concern (threshold not met)");
    rtable_num(t, 3, c->closed);
    rtable_num(t, 4, due);
    add_id(paId, pnId, c->id);
  }
  lado_list_free(&l);
  return DB_OK;
}

/* ---- The KPI report ----------------------------------------------------- */

static const RColumn aTimeCol[] = {
  {"indicator", "Indicator", RCOL_TEXT, 40},
  {"timescale", "Timescale", RCOL_TEXT, 16},
  {"total", "Total", RCOL_INT, 8},
  {"on_time", "On time", RCOL_INT, 8},
  {"percent", "% on time", RCOL_INT, 10},
  {"previous_total", "Total, period before", RCOL_INT, 10},
  {"previous_on_time", "On time, period before", RCOL_INT, 10},
  {"previous_percent", "% on time, period before", RCOL_INT, 10},
};
static const RColumn aClosureCol[] = {
  {"time_to_closure", "Time from contact to closure", RCOL_TEXT, 26},
  {"closed", "Contacts closed", RCOL_INT, 10},
  {"percent", "% of contacts", RCOL_INT, 10},
  {"referrals_closed", "Referrals closed", RCOL_INT, 10},
  {"referrals_percent", "% of referrals", RCOL_INT, 10},
  {"previous_closed", "Contacts closed, period before", RCOL_INT, 10},
  {"previous_referrals_closed", "Referrals closed, period before", RCOL_INT, 10},
};
static const RColumn aMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10},
  {"contacts", "Contacts", RCOL_INT, 10},
  {"referrals", "Referrals", RCOL_INT, 10},
};
static const RColumn aSectorCol[] = {
  {"sector", "Sector", RCOL_TEXT, 24},
  {"referrals", "Referrals", RCOL_INT, 10},
  {"previous_referrals", "Referrals, period before", RCOL_INT, 12},
};
static const RColumn aCategoryCol[] = {
  {"category", "Category of harm", RCOL_TEXT, 20},
  {"referrals", "Referrals", RCOL_INT, 10},
  {"previous_referrals", "Referrals, period before", RCOL_INT, 12},
};
static const RColumn aTypeCol[] = {
  {"type", "Type", RCOL_TEXT, 26},
  {"referrals", "Referrals", RCOL_INT, 10},
  {"previous_referrals", "Referrals, period before", RCOL_INT, 12},
};
static const RColumn aOutcomeCol[] = {
  {"outcome", "Outcome", RCOL_TEXT, 18},
  {"outcomes", "Outcomes", RCOL_INT, 10},
  {"previous_outcomes", "Outcomes, period before", RCOL_INT, 12},
};
static const RColumn aActionCol[] = {
  {"action", "Action", RCOL_TEXT, 24},
  {"cases", "Cases", RCOL_INT, 10},
  {"previous_cases", "Cases, period before", RCOL_INT, 12},
};
static const RColumn aDenomCol[] = {
  {"indicator", "Indicator", RCOL_TEXT, 30},
  {"on_time", "On time", RCOL_INT, 8},
  {"denominator", "Oversight divides by", RCOL_TEXT, 44},
  {"total", "Oversight's total", RCOL_INT, 10},
  {"percent", "% on time, Oversight's way", RCOL_INT, 10},
  {"council_denominator", "The council's report divides by", RCOL_TEXT, 36},
  {"council_total", "The council's total", RCOL_INT, 10},
  {"council_percent", "% on time, the council's way", RCOL_INT, 10},
};
static const RColumn aYearCol[] = {
  {"year", "Financial year", RCOL_TEXT, 10},
  {"from", "From", RCOL_DATE, 13},
  {"to", "To", RCOL_DATE, 13},
  {"contacts", "Contacts", RCOL_INT, 9},
  {"referrals", "Referrals", RCOL_INT, 9},
  {"substantiated", "Substantiated", RCOL_INT, 9},
  {"dbs_referrals", "Referred to the DBS", RCOL_INT, 9},
  {"disciplinary", "Disciplinary", RCOL_INT, 9},
  {"strategy_meetings", "Strategy meetings attended", RCOL_INT, 9},
  {"cross_border_contacts", "Cross-border contacts", RCOL_INT, 9},
  {"dip_samples", "Dip samples", RCOL_INT, 9},
  {"training_sessions", "Training sessions", RCOL_INT, 9},
  {"people_trained", "People trained", RCOL_INT, 9},
  {"briefings", "Briefings", RCOL_INT, 9},
  {"people_briefed", "People briefed", RCOL_INT, 9},
};
static const RColumn aOtherCol[] = {
  {"activity", "Activity", RCOL_TEXT, 40},
  {"count", "This period", RCOL_INT, 10},
  {"previous_count", "Period before", RCOL_INT, 10},
};
/* The JSON key of each table (docs/lado-report.md). */
static const char *const azTableKey[LADO_KPI_N] = {
  "timeliness", "timeliness_denominators", "time_to_closure", "activity_by_year", "by_month", "by_sector",
  "by_category", "by_type", "by_outcome", "actions", "other_activity",
};

/* The day the case became a referral: the decision, or for an unclear
** contact the initial meeting that found the threshold met. */
static Date referral_date(const LadoCase *c) {
  if (strcmp(c->zDecision, "referral") == 0) return c->decided;
  const LadoMeeting *m = lado_iem(c);
  if (strcmp(c->zDecision, "unclear") == 0 && c->iemThreshold == 1 && m) return m->held;
  return DATE_NONE;
}

static int in_range(Date d, Date from, Date to) { return d != DATE_NONE && d >= from && d <= to; }

typedef struct OnTime { int total, onTime; } OnTime;

/* Count one piece of work due on `due` and done on `done`: done work by
** whether it was on time; work not done counts as late once past due on
** asOf, and is left out while not yet due. */
static void count_on_time(OnTime *o, Date due, Date done, Date asOf) {
  if (done == DATE_NONE) {
    if (due == DATE_NONE || asOf <= due) return;
    o->total++;
    return;
  }
  o->total++;
  if (done <= due) o->onTime++;
}

static int pct(int n, int total) { return total ? (int)((200LL * n + total) / (2LL * total)) : 0; }

static void timeliness(const LadoList *l, Date from, Date to, Date asOf, OnTime a[3]) {
  memset(a, 0, 3 * sizeof *a);
  for (int i = 0; i < l->n; i++) {
    const LadoCase *c = &l->a[i];
    if (in_range(c->received, from, to)) count_on_time(&a[0], c->decisionDue, c->decided, asOf);
    if (lado_needs_iem(c) && in_range(c->decided, from, to)) {
      const LadoMeeting *m = lado_iem(c);
      count_on_time(&a[1], m ? m->due : lado_iem_due(c), m ? m->held : DATE_NONE, asOf);
    }
    const LadoMeeting *iem = lado_iem(c);
    if (iem && lado_is_referral(c) && in_range(iem->held, from, to)) {
      const LadoMeeting *p = lado_first_pam(c);
      count_on_time(&a[2], p ? p->due : rule_due(pam_rule(), iem->held), p ? p->held : DATE_NONE, asOf);
    }
  }
}

/* The band of the time from contact to closure: 0 within 4 weeks, 1 within
** 8, 2 within 12, 3 within 6 months, 4 longer. */
static int closure_band(const LadoCase *c) {
  int days = c->closed - c->received;
  if (days <= 28) return 0;
  if (days <= 56) return 1;
  if (days <= 84) return 2;
  if (c->closed <= date_add_months(c->received, 6)) return 3;
  return 4;
}

static void rule_words(const Rule *r, char *z, size_t n) {
  char zUnit[32];
  snprintf(zUnit, sizeof zUnit, "%s", cal_unit_name(r->unit));
  for (char *p = zUnit; *p; p++) {
    if (*p == '-') *p = ' ';
  }
  /* "1 working days" reads wrongly: drop the plural. */
  size_t k = strlen(zUnit);
  if (r->amount == 1 && k > 1 && zUnit[k - 1] == 's') zUnit[k - 1] = 0;
  snprintf(z, n, "%d %s", r->amount, zUnit);
}

/* The period before: as many whole months when the period is whole
** months (a quarter, a year), else as many days. */
static void previous_period(Date from, Date to, Date *pFrom, Date *pTo) {
  int y1, m1, d1, y2, m2, d2;
  date_to_ymd(from, &y1, &m1, &d1);
  date_to_ymd(to + 1, &y2, &m2, &d2);
  if (d1 == 1 && d2 == 1) {
    int months = (y2 - y1) * 12 + (m2 - m1);
    *pFrom = date_add_months(from, -months);
    *pTo = from - 1;
  } else {
    *pTo = from - 1;
    *pFrom = from - (to - from + 1);
  }
}

void lado_period_words(Date from, Date to, char *zOut, size_t nOut) {
  char a[24], b[24];
  snprintf(zOut, nOut, "%s to %s", date_long(from, a), date_long(to, b));
}

static void count_table(RTable *t, const char *const *azCode, int nCode, const int *aThis, const int *aPrev,
                        int nOther, int nOtherPrev, const char *zOther) {
  for (int i = 0; i < nCode; i++) {
    rtable_row(t);
    rtable_text(t, 0, lado_label(azCode[i]));
    rtable_num(t, 1, aThis[i]);
    rtable_num(t, 2, aPrev[i]);
  }
  if (nOther || nOtherPrev) {
    rtable_row(t);
    rtable_text(t, 0, zOther);
    rtable_num(t, 1, nOther);
    rtable_num(t, 2, nOtherPrev);
  }
}

/* The Designated Officer's activity in a window (docs/lado-report.md):
** the yearly counts of the seed's "Service activity over time" and its
** sections 5.4, 7.1 and 7.2, and the work recorded beyond a case's steps. */
typedef struct Activity {
  int contacts, referrals, substantiated, dbs, disciplinary;
  int strategy, strategyCases, cross, crossAdult, crossChild;
  int dips, files, training, trained, briefings, briefed;
} Activity;

static void activity(const LadoList *l, const LadoDip *aDip, int nDip, const LadoTraining *aTr, int nTr,
                     Date from, Date to, Activity *a) {
  memset(a, 0, sizeof *a);
  const int dbs = lado_code_index("dbs", lado_actions, lado_n_actions);
  const int disc = lado_code_index("disciplinary", lado_actions, lado_n_actions);
  for (int i = 0; i < l->n; i++) {
    const LadoCase *c = &l->a[i];
    if (in_range(c->received, from, to)) {
      a->contacts++;
      if (lado_is_cross_border(c)) a->cross++;
      if (c->crossAdult == 1) a->crossAdult++;
      if (c->crossChild == 1) a->crossChild++;
    }
    if (in_range(referral_date(c), from, to)) a->referrals++;
    if (in_range(c->outcomeOn, from, to)) {
      if (strcmp(c->zOutcome, "substantiated") == 0) a->substantiated++;
      if (c->actions & (1u << dbs)) a->dbs++;
      if (c->actions & (1u << disc)) a->disciplinary++;
    }
    int n = 0;
    for (int k = 0; k < c->nStrat; k++) n += in_range(c->aStrat[k].held, from, to);
    a->strategy += n;
    a->strategyCases += n > 0;
  }
  for (int i = 0; i < nDip; i++) {
    if (!in_range(aDip[i].on, from, to)) continue;
    a->dips++;
    a->files += aDip[i].cases;
  }
  for (int i = 0; i < nTr; i++) {
    if (!in_range(aTr[i].on, from, to)) continue;
    if (strcmp(aTr[i].zKind, "briefing") == 0) {
      a->briefings++;
      a->briefed += aTr[i].people;
    } else {
      a->training++;
      a->trained += aTr[i].people;
    }
  }
}

/* The rows of the other-activity table and their JSON keys. */
static const struct { const char *zKey, *zLabel; } aOtherRow[] = {
  {"strategy_meetings", "Strategy meetings attended"},
  {"cases_with_strategy_meetings", "Cases with a strategy meeting attended"},
  {"cross_border_contacts", "Cross-border contacts"},
  {"cross_border_adult", "Cross-border: the adult works or lives in another authority's area"},
  {"cross_border_child", "Cross-border: a child is from another authority's area"},
  {"dip_samples", "Dip samples of case files"},
  {"case_files_sampled", "Case files sampled"},
  {"training_sessions", "Training sessions delivered"},
  {"people_trained", "People trained"},
  {"briefings", "Briefings delivered"},
  {"people_briefed", "People briefed"},
};

static void other_values(const Activity *a, int v[11]) {
  int x[11] = {a->strategy, a->strategyCases, a->cross, a->crossAdult, a->crossChild, a->dips, a->files,
               a->training, a->trained, a->briefings, a->briefed};
  memcpy(v, x, sizeof x);
}

/* The financial year (April to March) holding d: its first day. */
static Date fy_start(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
}

void lado_report(Db *db, Date from, Date to, Date asOf, LadoReport *r) {
  memset(r, 0, sizeof *r);
  r->from = from;
  r->to = to;
  r->asOf = asOf;
  previous_period(from, to, &r->prevFrom, &r->prevTo);
  RTable *t = r->aTab;
  t[LADO_KPI_TIMELINESS] = (RTable){.zSheet = "KPIs", .zTitle = "Key performance indicators",
      .zEmpty = "No contacts in the period.", .aCol = aTimeCol, .nCol = COUNT(aTimeCol)};
  t[LADO_KPI_DENOMINATORS] = (RTable){.zSheet = "KPI denominators",
      .zTitle = "Key performance indicators: Oversight's totals and the council's report's",
      .zEmpty = "No contacts in the period.", .aCol = aDenomCol, .nCol = COUNT(aDenomCol)};
  t[LADO_KPI_CLOSURE] = (RTable){.zSheet = "Time to closure", .zTitle = "Time from contact to closure",
      .zEmpty = "No cases closed in the period.", .aCol = aClosureCol, .nCol = COUNT(aClosureCol)};
  t[LADO_KPI_YEARS] = (RTable){.zSheet = "Four years", .zTitle = "Activity over four financial years",
      .zEmpty = "No years.", .aCol = aYearCol, .nCol = COUNT(aYearCol)};
  t[LADO_KPI_MONTHS] = (RTable){.zSheet = "By month", .zTitle = "Contacts and referrals by month",
      .zEmpty = "No months in the period.", .aCol = aMonthCol, .nCol = COUNT(aMonthCol)};
  t[LADO_KPI_SECTOR] = (RTable){.zSheet = "By sector", .zTitle = "Referrals by sector",
      .zEmpty = "No referrals.", .aCol = aSectorCol, .nCol = COUNT(aSectorCol)};
  t[LADO_KPI_CATEGORY] = (RTable){.zSheet = "By category", .zTitle = "Referrals by category of harm",
      .zEmpty = "No referrals.", .aCol = aCategoryCol, .nCol = COUNT(aCategoryCol)};
  t[LADO_KPI_TYPE] = (RTable){.zSheet = "By type", .zTitle = "Referrals by type",
      .zEmpty = "No referrals.", .aCol = aTypeCol, .nCol = COUNT(aTypeCol)};
  t[LADO_KPI_OUTCOME] = (RTable){.zSheet = "By outcome", .zTitle = "Outcomes",
      .zEmpty = "No outcomes.", .aCol = aOutcomeCol, .nCol = COUNT(aOutcomeCol)};
  t[LADO_KPI_ACTIONS] = (RTable){.zSheet = "Actions", .zTitle = "Actions taken",
      .zEmpty = "No actions.", .aCol = aActionCol, .nCol = COUNT(aActionCol)};
  t[LADO_KPI_OTHER] = (RTable){.zSheet = "Other activity",
      .zTitle = "Strategy meetings, cross-border cases, dip samples and training",
      .zEmpty = "Nothing recorded.", .aCol = aOtherCol, .nCol = COUNT(aOtherCol)};

  LadoList l;
  LadoDip *aDip;
  LadoTraining *aTr;
  int nDip, nTr;
  r->rc = DB_OK;
  if (lado_list(db, 0, asOf, &l) < 0) r->rc = DB_ERROR;
  if (lado_dip_list(db, &aDip, &nDip) != DB_OK) r->rc = DB_ERROR;
  if (lado_training_list(db, &aTr, &nTr) != DB_OK) r->rc = DB_ERROR;

  /* Timeliness, this period and the one before. */
  OnTime now[3], prev[3];
  timeliness(&l, from, to, asOf, now);
  timeliness(&l, r->prevFrom, r->prevTo, asOf, prev);
  static const char *const azInd[3] = {
    "Decisions on contacts", "Initial evaluation meetings", "Post-allegation meetings",
  };
  const Rule *aRule[3] = {decision_rule(), iem_rule(), pam_rule()};
  for (int i = 0; i < 3; i++) {
    char z[48];
    rule_words(aRule[i], z, sizeof z);
    RTable *k = &t[LADO_KPI_TIMELINESS];
    rtable_row(k);
    rtable_text(k, 0, azInd[i]);
    rtable_text(k, 1, z);
    rtable_num(k, 2, now[i].total);
    rtable_num(k, 3, now[i].onTime);
    rtable_num(k, 4, pct(now[i].onTime, now[i].total));
    rtable_num(k, 5, prev[i].total);
    rtable_num(k, 6, prev[i].onTime);
    rtable_num(k, 7, pct(prev[i].onTime, prev[i].total));
  }

  /* Closure bands. */
  int aBand[5] = {0}, aBandRef[5] = {0}, aPrevBand[5] = {0}, aPrevBandRef[5] = {0};
  int nClosed = 0, nClosedRef = 0;
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    if (c->closed == DATE_NONE) continue;
    int b = closure_band(c);
    if (in_range(c->closed, from, to)) {
      aBand[b]++;
      nClosed++;
      if (lado_is_referral(c)) {
        aBandRef[b]++;
        nClosedRef++;
      }
    } else if (in_range(c->closed, r->prevFrom, r->prevTo)) {
      aPrevBand[b]++;
      if (lado_is_referral(c)) aPrevBandRef[b]++;
    }
  }
  static const char *const azBand[5] = {
    "Within 4 weeks", "4 to 8 weeks", "8 to 12 weeks", "12 weeks to 6 months", "Longer than 6 months",
  };
  for (int b = 0; b < 5; b++) {
    RTable *k = &t[LADO_KPI_CLOSURE];
    rtable_row(k);
    rtable_text(k, 0, azBand[b]);
    rtable_num(k, 1, aBand[b]);
    rtable_num(k, 2, pct(aBand[b], nClosed));
    rtable_num(k, 3, aBandRef[b]);
    rtable_num(k, 4, pct(aBandRef[b], nClosedRef));
    rtable_num(k, 5, aPrevBand[b]);
    rtable_num(k, 6, aPrevBandRef[b]);
  }

  /* By month. */
  int y, m, d;
  date_to_ymd(from, &y, &m, &d);
  for (Date first = date_from_ymd(y, m, 1); first <= to; first = date_add_months(first, 1)) {
    Date last = date_add_months(first, 1) - 1;
    int nC = 0, nR = 0;
    for (int i = 0; i < l.n; i++) {
      if (in_range(l.a[i].received, first, last) && in_range(l.a[i].received, from, to)) nC++;
      Date rd = referral_date(&l.a[i]);
      if (in_range(rd, first, last) && in_range(rd, from, to)) nR++;
    }
    int yy, mm, dd;
    date_to_ymd(first, &yy, &mm, &dd);
    char zMonth[16];
    snprintf(zMonth, sizeof zMonth, "%04d-%02d", yy % 10000, mm % 100);
    RTable *k = &t[LADO_KPI_MONTHS];
    rtable_row(k);
    rtable_text(k, 0, zMonth);
    static const char *const azMonth[] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
    char zWords[24]; /* "April 2025" on the page; the download keeps 2025-04 */
    snprintf(zWords, sizeof zWords, "%s %d", azMonth[(mm - 1) % 12], yy % 10000);
    rtable_html_text(k, 0, zWords);
    rtable_num(k, 1, nC);
    rtable_num(k, 2, nR);
  }

  /* Referrals by sector, category and type; outcomes and actions. */
  int aSec[2][16] = {{0}}, aCat[2][8] = {{0}}, aTyp[2][8] = {{0}}, aOut[2][8] = {{0}}, aAct[2][8] = {{0}};
  int nNoCat[2] = {0}, nNoType[2] = {0};
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    if (in_range(c->received, from, to)) r->nContacts++;
    if (in_range(c->received, r->prevFrom, r->prevTo)) r->nPrevContacts++;
    Date rd = referral_date(c);
    int p = in_range(rd, from, to) ? 0 : in_range(rd, r->prevFrom, r->prevTo) ? 1 : -1;
    if (p >= 0) {
      if (p == 0) r->nReferrals++;
      else r->nPrevReferrals++;
      int k = lado_code_index(c->zSector, lado_sectors, lado_n_sectors);
      if (k >= 0) aSec[p][k]++;
      k = lado_code_index(c->zCategory, lado_categories, lado_n_categories);
      if (k >= 0) aCat[p][k]++;
      else nNoCat[p]++;
      k = lado_code_index(c->zType, lado_types, lado_n_types);
      if (k >= 0) aTyp[p][k]++;
      else nNoType[p]++;
    }
    p = in_range(c->outcomeOn, from, to) ? 0 : in_range(c->outcomeOn, r->prevFrom, r->prevTo) ? 1 : -1;
    if (p >= 0) {
      int k = lado_code_index(c->zOutcome, lado_outcomes, lado_n_outcomes);
      if (k >= 0) aOut[p][k]++;
      for (int a = 0; a < lado_n_actions; a++) {
        if (c->actions & (1u << a)) aAct[p][a]++;
      }
    }
  }
  count_table(&t[LADO_KPI_SECTOR], lado_sectors, lado_n_sectors, aSec[0], aSec[1], 0, 0, NULL);
  count_table(&t[LADO_KPI_CATEGORY], lado_categories, lado_n_categories, aCat[0], aCat[1], nNoCat[0], nNoCat[1],
              "Not recorded yet");
  count_table(&t[LADO_KPI_TYPE], lado_types, lado_n_types, aTyp[0], aTyp[1], nNoType[0], nNoType[1], "Not recorded yet");
  count_table(&t[LADO_KPI_OUTCOME], lado_outcomes, lado_n_outcomes, aOut[0], aOut[1], 0, 0, NULL);
  count_table(&t[LADO_KPI_ACTIONS], lado_actions, lado_n_actions, aAct[0], aAct[1], 0, 0, NULL);

  /* Each KPI divided two ways. The council's annual report (seed 003,
  ** 6.2) divides the decisions and the initial meetings by every contact
  ** received in the year (215 of 299), and the post-allegation meetings
  ** by every referral (135 of 155); Oversight divides by the work that
  ** was due (docs/lado-report.md). The number on time is the same. */
  static const char *const azOurs[3] = {
    "Contacts received in the period, less those not yet decided and not yet due",
    "Contacts decided in the period as a referral or unclear (each needs a meeting), less meetings not yet due",
    "Referrals whose initial evaluation meeting was held in the period, less first meetings not yet due",
  };
  static const char *const azCouncil[3] = {
    "Every contact received in the period",
    "Every contact received in the period, whether or not it needed a meeting",
    "Every referral in the period",
  };
  int aCouncil[3] = {r->nContacts, r->nContacts, r->nReferrals};
  for (int i = 0; i < 3; i++) {
    RTable *k = &t[LADO_KPI_DENOMINATORS];
    rtable_row(k);
    rtable_text(k, 0, azInd[i]);
    rtable_num(k, 1, now[i].onTime);
    rtable_text(k, 2, azOurs[i]);
    rtable_num(k, 3, now[i].total);
    rtable_num(k, 4, pct(now[i].onTime, now[i].total));
    rtable_text(k, 5, azCouncil[i]);
    rtable_num(k, 6, aCouncil[i]);
    rtable_num(k, 7, pct(now[i].onTime, aCouncil[i]));
  }

  /* Four financial years, the last holding the period's end (counted to
  ** that day), the three before it whole. */
  Date last = fy_start(to);
  for (int i = 3; i >= 0; i--) {
    Date ys = date_add_months(last, -12 * i), ye = date_add_months(ys, 12) - 1;
    if (ye > to) ye = to;
    Activity a;
    activity(&l, aDip, nDip, aTr, nTr, ys, ye, &a);
    int yy, mm, dd;
    date_to_ymd(ys, &yy, &mm, &dd);
    char zYear[16];
    snprintf(zYear, sizeof zYear, "%04d/%02d", yy % 10000, (yy + 1) % 100);
    RTable *k = &t[LADO_KPI_YEARS];
    rtable_row(k);
    rtable_text(k, 0, zYear);
    rtable_num(k, 1, ys);
    rtable_num(k, 2, ye);
    int v[] = {a.contacts, a.referrals, a.substantiated, a.dbs, a.disciplinary, a.strategy, a.cross, a.dips,
               a.training, a.trained, a.briefings, a.briefed};
    for (int c = 0; c < COUNT(v); c++) rtable_num(k, 3 + c, v[c]);
  }

  /* Strategy meetings, cross-border cases, dip samples and training. */
  Activity aNow, aPrev;
  activity(&l, aDip, nDip, aTr, nTr, from, to, &aNow);
  activity(&l, aDip, nDip, aTr, nTr, r->prevFrom, r->prevTo, &aPrev);
  int vNow[11], vPrev[11];
  other_values(&aNow, vNow);
  other_values(&aPrev, vPrev);
  for (int i = 0; i < COUNT(aOtherRow); i++) {
    RTable *k = &t[LADO_KPI_OTHER];
    rtable_row(k);
    rtable_text(k, 0, aOtherRow[i].zLabel);
    rtable_num(k, 1, vNow[i]);
    rtable_num(k, 2, vPrev[i]);
  }
  lado_dip_free(aDip, nDip);
  lado_training_free(aTr, nTr);
  lado_list_free(&l);
}

void lado_report_free(LadoReport *r) { lado_tables_free(r->aTab, LADO_KPI_N); }

void lado_report_csv(const LadoReport *r, Buf *out) { lado_tables_csv(r->aTab, LADO_KPI_N, out); }

static void json_str(Buf *b, const char *z) {
  buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(z ? z : ""); *p; p++) {
    if (*p == '"' || *p == '\\') buf_printf(b, "\\%c", *p);
    else if (*p == '\n') buf_puts(b, "\\n");
    else if (*p < 0x20) buf_printf(b, "\\u%04x", *p);
    else buf_putc(b, (char)*p);
  }
  buf_putc(b, '"');
}

static void json_date(Buf *b, Date d) {
  char z[11];
  if (d == DATE_NONE) buf_puts(b, "null");
  else json_str(b, date_iso(d, z));
}

void lado_report_json(const LadoReport *r, Buf *out) {
  buf_puts(out, "{\n  \"from\": ");
  json_date(out, r->from);
  buf_puts(out, ",\n  \"to\": ");
  json_date(out, r->to);
  buf_puts(out, ",\n  \"previous_from\": ");
  json_date(out, r->prevFrom);
  buf_puts(out, ",\n  \"previous_to\": ");
  json_date(out, r->prevTo);
  buf_puts(out, ",\n  \"as_of\": ");
  json_date(out, r->asOf);
  buf_printf(out, ",\n  \"contacts\": %d,\n  \"referrals\": %d,\n  \"previous_contacts\": %d,\n"
                  "  \"previous_referrals\": %d", r->nContacts, r->nReferrals, r->nPrevContacts, r->nPrevReferrals);
  static const char *const azKpi[3] = {"decisions_on_time", "initial_meetings_on_time",
                                       "post_allegation_meetings_on_time"};
  const RTable *t = &r->aTab[LADO_KPI_TIMELINESS];
  for (int i = 0; i < 3 && i < t->nRow; i++) {
    buf_printf(out, ",\n  \"%s\": {\"timescale\": ", azKpi[i]);
    json_str(out, rtable_cell(t, i, 1)->z);
    buf_printf(out, ", \"total\": %lld, \"on_time\": %lld, \"percent\": %lld, \"previous_total\": %lld,"
                    " \"previous_on_time\": %lld, \"previous_percent\": %lld",
               (long long)rtable_cell(t, i, 2)->v, (long long)rtable_cell(t, i, 3)->v,
               (long long)rtable_cell(t, i, 4)->v, (long long)rtable_cell(t, i, 5)->v,
               (long long)rtable_cell(t, i, 6)->v, (long long)rtable_cell(t, i, 7)->v);
    /* The same on-time count divided Oversight's way and the council's. */
    const RTable *dn = &r->aTab[LADO_KPI_DENOMINATORS];
    if (i < dn->nRow) {
      buf_puts(out, ", \"denominator\": ");
      json_str(out, rtable_cell(dn, i, 2)->z);
      buf_puts(out, ", \"council_denominator\": ");
      json_str(out, rtable_cell(dn, i, 5)->z);
      buf_printf(out, ", \"council_total\": %lld, \"council_percent\": %lld", (long long)rtable_cell(dn, i, 6)->v,
                 (long long)rtable_cell(dn, i, 7)->v);
    }
    buf_putc(out, '}');
  }
  const RTable *ot = &r->aTab[LADO_KPI_OTHER];
  for (int i = 0; i < ot->nRow && i < COUNT(aOtherRow); i++) {
    buf_printf(out, ",\n  \"%s\": %lld", aOtherRow[i].zKey, (long long)rtable_cell(ot, i, 1)->v);
  }
  for (int k = 0; k < LADO_KPI_N; k++) {
    t = &r->aTab[k];
    buf_printf(out, ",\n  \"%s\": [", azTableKey[k]);
    for (int i = 0; i < t->nRow; i++) {
      buf_puts(out, i ? ",\n    {" : "\n    {");
      for (int c = 0; c < t->nCol; c++) {
        buf_printf(out, "%s\"%s\": ", c ? ", " : "", t->aCol[c].zCsv);
        const RCell *cell = rtable_cell(t, i, c);
        if (t->aCol[c].type == RCOL_TEXT) json_str(out, cell->z);
        else if (t->aCol[c].type == RCOL_DATE) json_date(out, (Date)cell->v);
        else buf_printf(out, "%lld", (long long)cell->v);
      }
      buf_putc(out, '}');
    }
    buf_puts(out, t->nRow ? "\n  ]" : "]");
  }
  buf_puts(out, "\n}\n");
}

void lado_report_html(const LadoReport *r, Buf *out) {
  char zP[64], zPrev[64];
  lado_period_words(r->from, r->to, zP, sizeof zP);
  lado_period_words(r->prevFrom, r->prevTo, zPrev, sizeof zPrev);
  html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_printf(out, "<title>Designated Officer KPI report: %h</title>\n", zP);
  html_raw(out, "<style>body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c}"
                "table{border-collapse:collapse;font-size:0.85em;margin-bottom:1.5em}"
                "th,td{border:1px solid #b1b4b6;padding:0.3em 0.4em;text-align:left;vertical-align:top}"
                "th{background:#f3f2f1}@media print{body{margin:0}}</style>\n</head>\n<body>\n");
  html_printf(out, "<h1>Designated Officer KPI report: %h</h1>\n<p>%d contacts and %d referrals (the period before, %h:"
                   " %d contacts and %d referrals). Work not yet due on %D is left out.</p>\n",
              zP, r->nContacts, r->nReferrals, zPrev, r->nPrevContacts, r->nPrevReferrals, (int)r->asOf);
  for (int k = 0; k < LADO_KPI_N; k++) {
    html_printf(out, "<h2>%h</h2>\n", r->aTab[k].zTitle);
    reports_table_html(&r->aTab[k], out, 0);
  }
  html_raw(out, "</body>\n</html>\n");
}

/* ---- CSV export and import (docs/lado-csv.md) ----------------------------- */

enum {
  L_REF, L_RECEIVED, L_TIME, L_REFERRER, L_AGENCY, L_ADULT, L_ROLE, L_EMPLOYER, L_SECTOR, L_CHILDREN,
  L_ALLEGATION, L_DECISION, L_DECIDED, L_ADVICE, L_CATEGORY, L_TYPE, L_POLICE, L_IEM, L_IEM_LATE,
  L_THRESHOLD, L_PAMS, L_OUTCOME, L_OUTCOME_ON, L_ACTIONS, L_CLOSED,
  /* Schema version 26 (issue 20): last, so a tracker from before them
  ** (L_OLD_N columns) still loads, with none recorded. */
  L_STRAT, L_CROSS_ADULT, L_CROSS_CHILD, L_OTHER_LA, L_N
};
enum { L_OLD_N = L_STRAT };
static const char *const azLCol[L_N] = {
  "case_ref", "received_on", "received_time", "referrer", "referrer_agency", "adult_name", "adult_role",
  "employer", "sector", "children", "allegation", "decision", "decided_on", "advice", "harm_category",
  "allegation_type", "police", "initial_meeting_on", "initial_meeting_late_reason",
  "threshold_met_at_meeting", "post_allegation_meetings", "outcome", "outcome_on", "actions", "closed_on",
  "strategy_meetings", "cross_border_adult", "cross_border_child", "other_authority",
};
static int is_free_text(int c) {
  return c == L_REFERRER || c == L_AGENCY || c == L_ADULT || c == L_ROLE || c == L_EMPLOYER ||
         c == L_CHILDREN || c == L_ALLEGATION || c == L_ADVICE || c == L_IEM_LATE;
}
static const char *yes_no(int v) { return v < 0 ? "" : v ? "yes" : "no"; }

int lado_csv(Db *db, Buf *out) {
  LadoList l;
  if (load_rows(db, 0, 0, DATE_NONE, &l) != DB_OK) return DB_ERROR;
  for (int c = 0; c < L_N; c++) buf_printf(out, "%s%s", c ? "," : "", azLCol[c]);
  buf_puts(out, "\r\n");
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    const char *az[L_N] = {0};
    char zRef[24], zRec[11], zDec[11], zIem[11], zOut[11], zClosed[11];
    snprintf(zRef, sizeof zRef, "%lld", (long long)c->id);
    const LadoMeeting *iem = lado_iem(c);
    Buf pams = {0}, acts = {0}, strat = {0};
    for (int k = 0; k < c->nStrat; k++) {
      char z[11];
      buf_printf(&strat, "%s%s", strat.n ? ";" : "", date_iso(c->aStrat[k].held, z));
    }
    for (int k = 0; k < c->nMeet; k++) {
      char z[11];
      if (!c->aMeet[k].initial) buf_printf(&pams, "%s%s", pams.n ? ";" : "", date_iso(c->aMeet[k].held, z));
    }
    actions_words(&acts, c->actions);
    az[L_REF] = zRef;
    az[L_RECEIVED] = date_iso(c->received, zRec);
    az[L_TIME] = c->zTime;
    az[L_REFERRER] = c->zReferrer;
    az[L_AGENCY] = c->zAgency;
    az[L_ADULT] = c->zAdult;
    az[L_ROLE] = c->zRole;
    az[L_EMPLOYER] = c->zEmployer;
    az[L_SECTOR] = c->zSector;
    az[L_CHILDREN] = c->zChildren;
    az[L_ALLEGATION] = c->zAllegation;
    az[L_DECISION] = c->zDecision;
    az[L_DECIDED] = date_iso(c->decided, zDec);
    az[L_ADVICE] = c->zAdvice;
    az[L_CATEGORY] = c->zCategory;
    az[L_TYPE] = c->zType;
    az[L_POLICE] = yes_no(c->police);
    az[L_IEM] = iem ? date_iso(iem->held, zIem) : "";
    az[L_IEM_LATE] = iem ? iem->zLateReason : NULL;
    az[L_THRESHOLD] = yes_no(c->iemThreshold);
    az[L_PAMS] = pams.z;
    az[L_OUTCOME] = c->zOutcome;
    az[L_OUTCOME_ON] = date_iso(c->outcomeOn, zOut);
    az[L_ACTIONS] = acts.z;
    az[L_CLOSED] = date_iso(c->closed, zClosed);
    az[L_STRAT] = strat.z;
    az[L_CROSS_ADULT] = yes_no(c->crossAdult);
    az[L_CROSS_CHILD] = yes_no(c->crossChild);
    az[L_OTHER_LA] = c->zOtherAuthority;
    for (int k = 0; k < L_N; k++) {
      if (k) buf_putc(out, ',');
      buf_csv_cell(out, az[k], k == L_REF ? CSV_AS_IS : CSV_TEXT);
    }
    buf_puts(out, "\r\n");
    buf_free(&pams);
    buf_free(&acts);
    buf_free(&strat);
  }
  lado_list_free(&l);
  return DB_OK;
}

int export_lado(Db *db, FILE *f, const char *zActor) {
  Buf b = {0};
  if (lado_csv(db, &b) != DB_OK) {
    buf_free(&b);
    return -1;
  }
  /* An export shows every case: it is a view of each, so it is audited. */
  int64_t *aId = NULL;
  int nId = 0;
  Stmt *s = db_query(db, "SELECT id FROM lado_case ORDER BY id", "");
  int step;
  while ((step = db_step(s)) == DB_ROW) add_id(&aId, &nId, db_col_int(s, 0));
  db_finalize(s);
  int rc = step == DB_DONE && lado_audit_list(db, aId, nId, "export", zActor) == DB_OK ? 0 : -1;
  free(aId);
  if (rc == 0 && b.n && fwrite(b.z, 1, b.n, f) != b.n) rc = -1;
  buf_free(&b);
  return rc;
}

typedef struct LRow {
  int row;
  char *az[L_N];
  long ref;
  Date received, decided, iem, outcomeOn, closed;
  Date aPam[32]; int nPam;
  Date aStrat[32]; int nStrat;
  int police, threshold, crossAdult, crossChild;
  unsigned actions;
  Buf err;
} LRow;



static Date lrow_date(LRow *r, int c, int required, Date today) {
  return csv_row_date(&r->err, azLCol[c], r->az[c], required, today);
}

static void lrow_code(LRow *r, int c, const char *const *az, int n, int required) {
  if (!*r->az[c] && !required) return;
  if (lado_code_index(r->az[c], az, n) >= 0) return;
  Buf b = {0};
  list_codes(&b, az, n);
  if (!*r->az[c]) csv_row_err(&r->err, "%s is empty: it must be one of %s", azLCol[c], b.z);
  else csv_row_err(&r->err, "%s must be one of %s, not \"%s\"", azLCol[c], b.z, r->az[c]);
  buf_free(&b);
}

static int lrow_yesno(LRow *r, int c) {
  const char *z = r->az[c];
  if (!*z) return -1;
  if (strcasecmp(z, "yes") == 0) return 1;
  if (strcasecmp(z, "no") == 0) return 0;
  csv_row_err(&r->err, "%s must be yes, no or empty, not \"%s\"", azLCol[c], z);
  return -1;
}

/* The items of a tracker cell listing several (dates or codes) separated
** by ";", trimmed, the empty ones left out: *pn of them, in one block the
** caller frees. */
static char **list_items(const char *zCell, int *pn) {
  size_t nCell = strlen(zCell), nMax = 1;
  for (const char *p = zCell; *p; p++) nMax += *p == ';';
  char **az = xmalloc(nMax * sizeof(char *) + nCell + 1);
  char *zCopy = memcpy((char *)(az + nMax), zCell, nCell + 1);
  int n = 0;
  for (char *p = zCopy, *zNext; p; p = zNext) {
    zNext = strchr(p, ';');
    if (zNext) *zNext++ = 0;
    char *z = csv_trim(p);
    if (*z) az[n++] = z;
  }
  *pn = n;
  return az;
}

static void check_lrow(Db *db, LRow *r, Date today) {
  if (parse_int(r->az[L_REF], 1, 2000000000L, &r->ref) != 0) {
    csv_row_err(&r->err, "case_ref must be a whole number from 1 (the case's number), not \"%s\"", r->az[L_REF]);
    r->ref = 0;
  } else if (db_int(db, 0, "SELECT count(*) FROM lado_case WHERE id = ?", "I", (int64_t)r->ref)) {
    csv_row_err(&r->err, "case %ld is already in the database: an import only adds cases", r->ref);
  }
  r->received = lrow_date(r, L_RECEIVED, 1, today);
  if (!valid_time(r->az[L_TIME])) csv_row_err(&r->err, "received_time must be HH:MM on the 24-hour clock, not \"%s\"", r->az[L_TIME]);
  static const int aReq[] = {L_REFERRER, L_AGENCY, L_ADULT, L_ROLE, L_EMPLOYER, L_CHILDREN, L_ALLEGATION};
  for (int i = 0; i < COUNT(aReq); i++) {
    if (is_blank(r->az[aReq[i]])) csv_row_err(&r->err, "%s is empty", azLCol[aReq[i]]);
  }
  lrow_code(r, L_SECTOR, lado_sectors, lado_n_sectors, 1);
  lrow_code(r, L_DECISION, lado_decisions, lado_n_decisions, 0);
  const char *zDec = r->az[L_DECISION];
  int needsIem = strcmp(zDec, "referral") == 0 || strcmp(zDec, "unclear") == 0;
  r->decided = lrow_date(r, L_DECIDED, 0, today);
  if (!*zDec != !*r->az[L_DECIDED]) csv_row_err(&r->err, "decision and decided_on go together: fill in both or neither");
  if (r->decided != DATE_NONE && r->received != DATE_NONE && r->decided < r->received) {
    csv_row_err(&r->err, "decided_on is before received_on");
  }
  if (strcmp(zDec, "concern") == 0 && is_blank(r->az[L_ADVICE])) {
    csv_row_err(&r->err, "advice is empty: a concern (threshold not met) records the advice given");
  }
  lrow_code(r, L_CATEGORY, lado_categories, lado_n_categories, 0);
  lrow_code(r, L_TYPE, lado_types, lado_n_types, 0);
  r->police = lrow_yesno(r, L_POLICE);
  if (!needsIem && (*r->az[L_CATEGORY] || *r->az[L_TYPE] || r->police >= 0)) {
    csv_row_err(&r->err, "harm_category, allegation_type and police are for referrals: leave them empty when the decision is %s",
             *zDec ? zDec : "not made");
  }
  r->iem = lrow_date(r, L_IEM, 0, today);
  r->threshold = lrow_yesno(r, L_THRESHOLD);
  if (r->iem != DATE_NONE) {
    if (!needsIem) csv_row_err(&r->err, "initial_meeting_on is for referrals and unclear contacts");
    else if (r->decided != DATE_NONE && r->iem < r->decided) csv_row_err(&r->err, "initial_meeting_on is before decided_on");
    else if (r->decided != DATE_NONE && r->iem > rule_due(iem_rule(), r->decided) && is_blank(r->az[L_IEM_LATE])) {
      char z[11];
      csv_row_err(&r->err, "the initial meeting was due by %s: initial_meeting_late_reason must say why it was later",
               date_iso(rule_due(iem_rule(), r->decided), z));
    }
    if (strcmp(zDec, "unclear") == 0 && r->threshold < 0) {
      csv_row_err(&r->err, "threshold_met_at_meeting is empty: say yes or no for an unclear contact's meeting");
    }
  } else if (*r->az[L_IEM_LATE]) {
    csv_row_err(&r->err, "initial_meeting_late_reason is given without initial_meeting_on");
  }
  if (r->threshold >= 0 && (strcmp(zDec, "unclear") != 0 || r->iem == DATE_NONE)) {
    csv_row_err(&r->err, "threshold_met_at_meeting is only for an unclear contact with its initial meeting");
  }
  int referral = strcmp(zDec, "referral") == 0 || (strcmp(zDec, "unclear") == 0 && r->threshold == 1);
  int nItem;
  char **azItem = list_items(r->az[L_PAMS], &nItem);
  for (int i = 0; i < nItem; i++) {
    const char *z = azItem[i];
    Date d;
    if (date_parse(z, &d) != 0) {
      csv_row_err(&r->err, "post_allegation_meetings must be dates as YYYY-MM-DD separated by ;, not \"%s\"", z);
    } else if (d > today) {
      csv_row_err(&r->err, "post_allegation_meetings: %s is after today", z);
    } else if (r->nPam == COUNT(r->aPam)) {
      csv_row_err(&r->err, "post_allegation_meetings lists more than %d meetings", COUNT(r->aPam));
    } else if (r->nPam && d <= r->aPam[r->nPam - 1]) {
      csv_row_err(&r->err, "post_allegation_meetings must be in date order, each after the last");
    } else {
      r->aPam[r->nPam++] = d;
    }
  }
  free(azItem);
  if (r->nPam && (!referral || r->iem == DATE_NONE)) {
    csv_row_err(&r->err, "post_allegation_meetings need a referral with its initial_meeting_on");
  } else if (r->nPam && r->aPam[0] < r->iem) {
    csv_row_err(&r->err, "the first post-allegation meeting is before the initial meeting");
  }
  lrow_code(r, L_OUTCOME, lado_outcomes, lado_n_outcomes, 0);
  r->outcomeOn = lrow_date(r, L_OUTCOME_ON, 0, today);
  if (!*r->az[L_OUTCOME] != !*r->az[L_OUTCOME_ON]) csv_row_err(&r->err, "outcome and outcome_on go together: fill in both or neither");
  if (*r->az[L_OUTCOME] && (!referral || r->iem == DATE_NONE)) {
    csv_row_err(&r->err, "outcome is for a referral with its initial_meeting_on");
  }
  azItem = list_items(r->az[L_ACTIONS], &nItem);
  for (int i = 0; i < nItem; i++) {
    const char *z = azItem[i];
    int k = lado_code_index(z, lado_actions, lado_n_actions);
    if (k < 0) {
      Buf b = {0};
      list_codes(&b, lado_actions, lado_n_actions);
      csv_row_err(&r->err, "actions must be among %s separated by ;, not \"%s\"", b.z, z);
      buf_free(&b);
    } else {
      r->actions |= 1u << k;
    }
  }
  free(azItem);
  if ((r->actions & ACTION_NONE) && r->actions != ACTION_NONE) csv_row_err(&r->err, "actions: none cannot go with other actions");
  if (r->actions && !*r->az[L_OUTCOME]) csv_row_err(&r->err, "actions are recorded with the outcome: outcome is empty");
  if (*r->az[L_OUTCOME] && !r->actions) csv_row_err(&r->err, "actions is empty: give the actions taken, or none");
  r->closed = lrow_date(r, L_CLOSED, 0, today);
  if (r->closed != DATE_NONE) {
    if (!*zDec) csv_row_err(&r->err, "closed_on needs the decision");
    else if (needsIem && r->iem == DATE_NONE) csv_row_err(&r->err, "closed_on needs initial_meeting_on for a %s", zDec);
    else if (referral && !*r->az[L_OUTCOME]) csv_row_err(&r->err, "closed_on needs the outcome of the referral");
    if (r->received != DATE_NONE && r->closed < r->received) csv_row_err(&r->err, "closed_on is before received_on");
  }
  /* Strategy meetings the Designated Officer attended: while the case was
  ** open, as on its page (lado_strategy_add). */
  azItem = list_items(r->az[L_STRAT], &nItem);
  for (int i = 0; i < nItem; i++) {
    const char *z = azItem[i];
    Date d;
    if (date_parse(z, &d) != 0) {
      csv_row_err(&r->err, "strategy_meetings must be dates as YYYY-MM-DD separated by ;, not \"%s\"", z);
    } else if (d > today) {
      csv_row_err(&r->err, "strategy_meetings: %s is after today", z);
    } else if (r->received != DATE_NONE && d < r->received) {
      csv_row_err(&r->err, "strategy_meetings: %s is before received_on", z);
    } else if (r->closed != DATE_NONE && d > r->closed) {
      csv_row_err(&r->err, "strategy_meetings: %s is after closed_on", z);
    } else if (r->nStrat == COUNT(r->aStrat)) {
      csv_row_err(&r->err, "strategy_meetings lists more than %d meetings", COUNT(r->aStrat));
    } else if (r->nStrat && d < r->aStrat[r->nStrat - 1]) {
      csv_row_err(&r->err, "strategy_meetings must be in date order");
    } else {
      r->aStrat[r->nStrat++] = d;
    }
  }
  free(azItem);
  /* Cross-border: both sides said, or neither (never asked); the other
  ** authority named when, and only when, a side is yes. */
  r->crossAdult = lrow_yesno(r, L_CROSS_ADULT);
  r->crossChild = lrow_yesno(r, L_CROSS_CHILD);
  int crossing = r->crossAdult == 1 || r->crossChild == 1;
  if (!*r->az[L_CROSS_ADULT] != !*r->az[L_CROSS_CHILD]) {
    csv_row_err(&r->err, "cross_border_adult and cross_border_child go together: fill in both or neither");
  }
  if (crossing && is_blank(r->az[L_OTHER_LA])) {
    csv_row_err(&r->err, "other_authority is empty: name the other local authority of a cross-border case");
  } else if (!crossing && !is_blank(r->az[L_OTHER_LA])) {
    csv_row_err(&r->err, "other_authority is only for a cross-border case: cross_border_adult or cross_border_child is yes");
  }
}

static int insert_lrow(Db *db, const LRow *r, const char *zName, const char *zActor) {
  char zAt[32];
  now_iso(zAt);
  int64_t id = r->ref;
  const char *zDec = *r->az[L_DECISION] ? r->az[L_DECISION] : NULL;
  int rc = db_exec(db,
      "INSERT INTO lado_case(id, received_on, received_time, recorded_at, recorded_by, referrer, referrer_agency,"
      " adult_name, adult_role, employer, sector, children, allegation, decision, decided_on, decision_due,"
      " harm_category, allegation_type, police, iem_threshold_met, outcome, outcome_on, closed_on, closed_by,"
      " cross_border_adult, cross_border_child, other_authority)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "IDssssssssssssDDssbbsDDsbbs", id, (int)r->received, r->az[L_TIME], zAt, zActor, r->az[L_REFERRER],
      r->az[L_AGENCY], r->az[L_ADULT], r->az[L_ROLE], r->az[L_EMPLOYER], r->az[L_SECTOR], r->az[L_CHILDREN],
      r->az[L_ALLEGATION], zDec, (int)r->decided, (int)rule_due(decision_rule(), r->received),
      *r->az[L_CATEGORY] ? r->az[L_CATEGORY] : NULL, *r->az[L_TYPE] ? r->az[L_TYPE] : NULL, r->police,
      r->threshold, *r->az[L_OUTCOME] ? r->az[L_OUTCOME] : NULL, (int)r->outcomeOn, (int)r->closed,
      r->closed != DATE_NONE ? zActor : NULL, r->crossAdult, r->crossChild,
      r->crossAdult == 1 || r->crossChild == 1 ? r->az[L_OTHER_LA] : NULL);
  for (int i = 0; rc == DB_OK && i < r->nStrat; i++) {
    rc = db_exec(db, "INSERT INTO lado_strategy_meeting(case_id, held_on, recorded_at, recorded_by) VALUES(?, ?, ?, ?)",
                 "IDss", id, (int)r->aStrat[i], zAt, zActor);
  }
  if (rc == DB_OK && !is_blank(r->az[L_ADVICE])) {
    rc = db_exec(db, "INSERT INTO lado_advice(case_id, advice, given_on, recorded_at, recorded_by) VALUES(?, ?, ?, ?, ?)",
                 "IsDss", id, r->az[L_ADVICE], (int)(r->decided != DATE_NONE ? r->decided : r->received), zAt, zActor);
  }
  if (rc == DB_OK && r->iem != DATE_NONE) {
    Date due = rule_due(iem_rule(), r->decided);
    rc = db_exec(db, "INSERT INTO lado_meeting(case_id, kind, held_on, due_on, late_reason) VALUES(?, 'initial', ?, ?, ?)",
                 "IDDs", id, (int)r->iem, (int)due, r->iem > due ? r->az[L_IEM_LATE] : NULL);
  }
  for (int i = 0; rc == DB_OK && i < r->nPam; i++) {
    /* The first is due by the rule; each later one was planned for the day
    ** it was held (the tracker does not say otherwise). */
    Date due = i == 0 ? rule_due(pam_rule(), r->iem) : r->aPam[i];
    int last = i == r->nPam - 1;
    int concluded = last && *r->az[L_OUTCOME] ? 1 : 0;
    rc = db_exec(db, "INSERT INTO lado_meeting(case_id, kind, held_on, due_on, late_reason, concluded, next_on)"
                     " VALUES(?, 'post-allegation', ?, ?, ?, ?, ?)",
                 "IDDsbD", id, (int)r->aPam[i], (int)due,
                 r->aPam[i] > due ? "not recorded in the imported tracker" : NULL, concluded,
                 (int)(last ? DATE_NONE : r->aPam[i + 1]));
  }
  for (int a = 0; rc == DB_OK && a < lado_n_actions; a++) {
    if (r->actions & (1u << a)) rc = db_exec(db, "INSERT INTO lado_action(case_id, action) VALUES(?, ?)", "Is", id, lado_actions[a]);
  }
  if (rc == DB_OK) {
    char *zAfter = xmprintf("imported from %s (row %d): %s, %s, received %s; %d strategy meeting%s attended; "
                            "cross-border %s", zName, r->row, r->az[L_ADULT], r->az[L_SECTOR], r->az[L_RECEIVED],
                            r->nStrat, r->nStrat == 1 ? "" : "s",
                            r->crossAdult < 0 ? "not recorded" : r->crossAdult == 1 || r->crossChild == 1 ? r->az[L_OTHER_LA] : "no");
    rc = audit_case(db, id, zActor, "lado.import", NULL, zAfter);
    free(zAfter);
  }
  return rc;
}

static void free_lrows(LRow *a, int n) {
  for (int i = 0; i < n; i++) {
    for (int c = 0; c < L_N; c++) free(a[i].az[c]);
    buf_free(&a[i].err);
  }
  free(a);
}

int import_lado_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                     const char *zActor, Buf *pReport) {
  CsvReader rd;
  csv_init(&rd, z, n);
  char **az;
  int nf, rc, aMap[64];
  /* Every column; or a tracker from before schema version 26, without the
  ** last four (read again from the start: no strategy meeting or
  ** cross-border answer recorded). */
  int nHeader = csv_read_header_or_older(&rd, z, n, azLCol, L_N, L_OLD_N, aMap, COUNT(aMap), "docs/lado-csv.md", pReport);
  if (nHeader < 0) return -1;
  LRow *aRow = NULL;
  int nRow = 0, capRow = 0;
  while ((rc = csv_read(&rd, &az, &nf)) > 0) {
    if (nf == 1 && is_blank(az[0])) continue;
    if (nRow == capRow) aRow = xrealloc(aRow, (size_t)(capRow = capRow ? capRow * 2 : 64) * sizeof *aRow);
    LRow *r = &aRow[nRow++];
    memset(r, 0, sizeof *r);
    r->row = rd.record;
    if (nf != nHeader) {
      for (int c = 0; c < L_N; c++) r->az[c] = xstrdup("");
      csv_row_err(&r->err, "has %d field%s; the header has %d (is a quote missing?)", nf, nf == 1 ? "" : "s", nHeader);
      continue;
    }
    for (int i = 0; i < nf; i++) r->az[aMap[i]] = xstrdup(is_free_text(aMap[i]) ? az[i] : csv_trim(az[i]));
    for (int c = 0; c < L_N; c++) {
      if (!r->az[c]) r->az[c] = xstrdup("");   /* a column the older file has not */
    }
    check_lrow(db, r, today);
    for (int k = 0; k < nRow - 1; k++) {
      if (r->ref && aRow[k].ref == r->ref) {
        csv_row_err(&r->err, "case_ref %ld is also on row %d", r->ref, aRow[k].row);
        break;
      }
    }
  }
  if (rc < 0) {
    buf_printf(pReport, "%s (nothing after it was read)\n", rd.zErr);
    csv_free(&rd);
    free_lrows(aRow, nRow);
    return -1;
  }
  csv_free(&rd);
  int nBad = 0;
  for (int i = 0; i < nRow; i++) {
    if (!aRow[i].err.n) continue;
    nBad++;
    buf_printf(pReport, "row %d: %s\n", aRow[i].row, aRow[i].err.z);
  }
  int result = -1;
  if (nBad) {
    buf_printf(pReport, "Nothing was loaded: %d row%s to correct.\n", nBad, nBad == 1 ? "" : "s");
  } else {
    db_begin(db);
    rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < nRow; i++) rc = insert_lrow(db, &aRow[i], zName, zActor);
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc == DB_OK) {
      buf_printf(pReport, "Loaded %d LADO case%s from %s.\n", nRow, nRow == 1 ? "" : "s", zName);
      result = 0;
    } else {
      buf_printf(pReport, "Nothing was loaded: %s\n", db_errmsg(db));
    }
  }
  free_lrows(aRow, nRow);
  return result;
}

int import_lado(Db *db, const char *zPath, const char *zActor, Buf *pReport) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return -1;
  }
  int rc = import_lado_text(db, text.z, text.n, zPath, date_today(), zActor, pReport);
  buf_free(&text);
  return rc;
}
