/*
** escalations.c: escalation and dispute resolution (SPEC §5): the record,
** its stages and their deadlines, the weekly list, and CSV export/import.
*/
#include "escalations.h"
#include "audit.h"
#include "csv.h"
#include "iros.h"
#include "notices.h"
#include "rules.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const azStageName[ESC_N_STAGES] = {
  "informal", "team-manager", "service-manager", "head-of-locality", "director",
  "executive-director", "cafcass",
};
static const char *const azStageLabel[ESC_N_STAGES] = {
  "informal stage", "stage 1 (team manager)", "stage 2 (service manager)",
  "stage 3 (head of locality)", "stage 4 (director)", "stage 5 (executive director)",
  "Cafcass referral",
};
/* The same inside a sentence: "before the informal stage started",
** "before stage 2 (service manager) started". */
static const char *const azStagePhrase[ESC_N_STAGES] = {
  "the informal stage", "stage 1 (team manager)", "stage 2 (service manager)",
  "stage 3 (head of locality)", "stage 4 (director)", "stage 5 (executive director)",
  "the Cafcass referral",
};

const char *const escalation_categories[] = {
  "permanence", "care-planning", "practice-concerns", "drift-and-delay",
};
const int escalation_n_categories = COUNT(escalation_categories);
const char *const escalation_topics[] = {
  "education", "family-time", "placement", "legal-status", "resources", "health", "other",
};
const int escalation_n_topics = COUNT(escalation_topics);
const char *const escalation_outcomes[] = {"resolved", "partly-resolved", "withdrawn"};
const int escalation_n_outcomes = COUNT(escalation_outcomes);

const char *escalation_stage_name(int stage) {
  return stage >= 0 && stage < ESC_N_STAGES ? azStageName[stage] : "";
}

const char *escalation_stage_label(int stage) {
  return stage >= 0 && stage < ESC_N_STAGES ? azStageLabel[stage] : "unknown stage";
}

void escalation_code_words(const char *zCode, char *zOut, size_t nOut) {
  snprintf(zOut, nOut, "%s", zCode ? zCode : "");
  for (char *p = zOut; *p; p++) {
    if (*p == '-') *p = ' ';
  }
  if (zOut[0] >= 'a' && zOut[0] <= 'z') zOut[0] = (char)(zOut[0] - 32);
}

const char *escalation_stage_phrase(int stage) {
  return stage >= 0 && stage < ESC_N_STAGES ? azStagePhrase[stage] : "an unknown stage";
}

int escalation_stage_parse(const char *z) {
  if (!z) return -1;
  for (int i = 0; i < ESC_N_STAGES; i++) {
    if (strcmp(z, azStageName[i]) == 0) return i;
  }
  /* People say "stage 2", so the number is accepted as well as the name. */
  if (z[0] >= '0' && z[0] < '0' + ESC_N_STAGES && z[1] == 0) return z[0] - '0';
  return -1;
}

static int code_index(const char *z, const char *const *az, int n) {
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

/* "a, b, c" for messages that list the allowed codes. */
static void list_codes(Buf *b, const char *const *az, int n) {
  for (int i = 0; i < n; i++) buf_printf(b, "%s%s", i ? ", " : "", az[i]);
}

static const Rule *stage_rule(void) { return rule("escalation_stage_response"); }

/* ---- Loading ------------------------------------------------------------ */

static char *col_dup(Stmt *s, int i) { return db_col_is_null(s, i) ? NULL : xstrdup(db_col_text(s, i)); }

void escalation_clear(Escalation *e) {
  free(e->zRaisedBy);
  free(e->zIro);
  free(e->zLocality);
  free(e->zConcern);
  free(e->zOutcomeWanted);
  free(e->zImpact);
  for (int i = 0; i < e->nChild; i++) {
    free(e->aChild[i].zRef);
    free(e->aChild[i].zLocality);
  }
  free(e->aChild);
  for (int i = 0; i < e->nStage; i++) {
    free(e->aStage[i].zResponder);
    free(e->aStage[i].zResponderEmail);
    free(e->aStage[i].zResponse);
    free(e->aStage[i].zMovedReason);
  }
  free(e->aStage);
  memset(e, 0, sizeof *e);
  e->raised = e->closed = DATE_NONE;
}

void escalation_list_free(EscalationList *l) {
  for (int i = 0; i < l->n; i++) escalation_clear(&l->a[i]);
  free(l->a);
  l->a = NULL;
  l->n = 0;
}

/* The escalation with this id in a list sorted by id, at or after *pk
** (rows of the other tables come in id order too, so *pk only advances). */
static Escalation *find_from(EscalationList *l, int64_t id, int *pk) {
  while (*pk < l->n && l->a[*pk].id < id) (*pk)++;
  return *pk < l->n && l->a[*pk].id == id ? &l->a[*pk] : NULL;
}

/* Three queries, each in escalation order, merged in memory: one
** escalation or all of them cost the same three statements. onlyId 0 for
** all; openOnly keeps those not closed by asOf. */
static int load_rows(Db *db, int64_t onlyId, int openOnly, Date asOf, EscalationList *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc;
  Stmt *s = db_query(db,
      "SELECT e.id, e.raised_on, e.raised_by, e.iro_id, i.name, e.locality_id, l.name,"
      " e.category, e.topic, e.concern, e.outcome_wanted, e.closed_on, e.outcome, e.impact"
      " FROM escalation e LEFT JOIN iro i ON i.id = e.iro_id"
      " LEFT JOIN locality l ON l.id = e.locality_id"
      " WHERE (? = 0 OR e.id = ?) AND (? = 0 OR e.closed_on IS NULL OR e.closed_on > ?)"
      " ORDER BY e.id",
      "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  while ((rc = db_step(s)) == DB_ROW) {
    if (out->n == cap) out->a = xrealloc(out->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *out->a);
    Escalation *e = &out->a[out->n++];
    memset(e, 0, sizeof *e);
    e->id = db_col_int(s, 0);
    e->raised = db_col_date(s, 1);
    e->zRaisedBy = xstrdup(db_col_text(s, 2));
    e->iroId = db_col_int(s, 3);
    e->zIro = col_dup(s, 4);
    e->localityId = db_col_int(s, 5);
    e->zLocality = col_dup(s, 6);
    snprintf(e->zCategory, sizeof e->zCategory, "%s", db_col_text(s, 7));
    snprintf(e->zTopic, sizeof e->zTopic, "%s", db_col_text(s, 8));
    e->zConcern = xstrdup(db_col_text(s, 9));
    e->zOutcomeWanted = xstrdup(db_col_text(s, 10));
    e->closed = db_col_date(s, 11);
    snprintf(e->zOutcome, sizeof e->zOutcome, "%s", db_col_text(s, 12));
    e->zImpact = col_dup(s, 13);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  if (!out->n) return DB_OK;

  int k = 0;
  s = db_query(db,
      "SELECT ec.escalation_id, c.id, c.child_ref, c.locality_id, l.name"
      " FROM escalation_child ec JOIN escalation e ON e.id = ec.escalation_id"
      " JOIN child c ON c.id = ec.child_id LEFT JOIN locality l ON l.id = c.locality_id"
      " WHERE (? = 0 OR e.id = ?) AND (? = 0 OR e.closed_on IS NULL OR e.closed_on > ?)"
      " ORDER BY ec.escalation_id, ec.position",
      "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  while ((rc = db_step(s)) == DB_ROW) {
    Escalation *e = find_from(out, db_col_int(s, 0), &k);
    if (!e) continue;
    e->aChild = xrealloc(e->aChild, (size_t)(e->nChild + 1) * sizeof *e->aChild);
    EscalationChild *c = &e->aChild[e->nChild++];
    c->id = db_col_int(s, 1);
    c->zRef = xstrdup(db_col_text(s, 2));
    c->localityId = db_col_int(s, 3);
    c->zLocality = col_dup(s, 4);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  k = 0;
  s = db_query(db,
      "SELECT st.escalation_id, st.id, st.stage, st.started_on, st.response_due,"
      " st.responded_on, st.responder, st.response, st.moved_reason, st.responder_email"
      " FROM escalation_stage st JOIN escalation e ON e.id = st.escalation_id"
      " WHERE (? = 0 OR e.id = ?) AND (? = 0 OR e.closed_on IS NULL OR e.closed_on > ?)"
      " ORDER BY st.escalation_id, st.stage",
      "IIiD", onlyId, onlyId, openOnly, (int)asOf);
  while ((rc = db_step(s)) == DB_ROW) {
    Escalation *e = find_from(out, db_col_int(s, 0), &k);
    if (!e) continue;
    e->aStage = xrealloc(e->aStage, (size_t)(e->nStage + 1) * sizeof *e->aStage);
    EscalationStage *st = &e->aStage[e->nStage++];
    st->id = db_col_int(s, 1);
    st->stage = (int)db_col_int(s, 2);
    st->started = db_col_date(s, 3);
    st->due = db_col_date(s, 4);
    st->responded = db_col_date(s, 5);
    st->zResponder = xstrdup(db_col_text(s, 6));
    st->zResponse = col_dup(s, 7);
    st->zMovedReason = col_dup(s, 8);
    st->zResponderEmail = col_dup(s, 9);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  return DB_OK;

failed:
  /* An escalation without its children or stages would read as one that
  ** has none: nothing, rather than part. */
  escalation_list_free(out);
  return DB_ERROR;
}

int escalation_load(Db *db, int64_t id, Escalation *out) {
  EscalationList l;
  if (id <= 0) {
    memset(out, 0, sizeof *out);
    out->raised = out->closed = DATE_NONE;
    return 0;
  }
  load_rows(db, id, 0, DATE_NONE, &l);
  if (l.n != 1) {
    escalation_list_free(&l);
    memset(out, 0, sizeof *out);
    out->raised = out->closed = DATE_NONE;
    return 0;
  }
  *out = l.a[0];
  free(l.a);
  return 1;
}

/* ---- Status ------------------------------------------------------------- */

int escalation_is_open(const Escalation *e, Date asOf) {
  return e->raised <= asOf && (e->closed == DATE_NONE || e->closed > asOf);
}

const EscalationStage *escalation_current_stage(const Escalation *e, Date asOf) {
  const EscalationStage *cur = NULL;
  for (int i = 0; i < e->nStage; i++) {
    if (e->aStage[i].started <= asOf) cur = &e->aStage[i];
  }
  return cur;
}

Status escalation_stage_status(const EscalationStage *s, Date asOf) {
  Date done = s->responded != DATE_NONE && s->responded <= asOf ? s->responded : DATE_NONE;
  return deadline_status(s->due, done, asOf);
}

int escalation_overdue(const Escalation *e, Date asOf) {
  if (!escalation_is_open(e, asOf)) return 0;
  const EscalationStage *cur = escalation_current_stage(e, asOf);
  return cur && escalation_stage_status(cur, asOf) == ST_OVERDUE;
}

Date escalation_total_due(const Escalation *e) {
  return rule_due(rule("escalation_total"), e->raised);
}

int escalation_flagged(const Escalation *e, Date asOf) {
  Date due = escalation_total_due(e);
  if (e->closed != DATE_NONE && e->closed <= asOf) return e->closed > due;
  return e->raised <= asOf && asOf > due;
}

int64_t escalation_locality(const Escalation *e, const char **pzName) {
  if (e->localityId) {
    if (pzName) *pzName = e->zLocality;
    return e->localityId;
  }
  if (e->nChild && e->aChild[0].localityId) {
    if (pzName) *pzName = e->aChild[0].zLocality;
    return e->aChild[0].localityId;
  }
  if (pzName) *pzName = NULL;
  return 0;
}

void escalation_filter_init(EscalationFilter *f, Date asOf) {
  memset(f, 0, sizeof *f);
  f->asOf = asOf;
  f->stage = -1;
}

static int matches(const Escalation *e, const EscalationFilter *f) {
  if (e->raised > f->asOf) return 0;
  if (f->openOnly && !escalation_is_open(e, f->asOf)) return 0;
  if (f->stage >= 0) {
    const EscalationStage *cur = escalation_current_stage(e, f->asOf);
    if (!cur || cur->stage != f->stage) return 0;
  }
  if (f->zCategory && strcmp(e->zCategory, f->zCategory) != 0) return 0;
  if (f->localityId && escalation_locality(e, NULL) != f->localityId) return 0;
  if (f->overdueOnly && !(escalation_is_open(e, f->asOf) &&
                          (escalation_overdue(e, f->asOf) || escalation_flagged(e, f->asOf)))) {
    return 0;
  }
  return 1;
}

int escalation_list(Db *db, const EscalationFilter *f, EscalationList *out) {
  if (load_rows(db, 0, f->openOnly || f->overdueOnly, f->asOf, out) != DB_OK) return -1;
  int n = 0;
  for (int i = 0; i < out->n; i++) {
    if (matches(&out->a[i], f)) out->a[n++] = out->a[i];
    else escalation_clear(&out->a[i]);
  }
  out->n = n;
  return n;
}

/* ---- Describing a change for the audit log ------------------------------ */

static void describe_stage(Buf *b, const EscalationStage *s) {
  char a[11], d[11], r[11];
  buf_printf(b, "%s from %s: responder %s", escalation_stage_label(s->stage), date_iso(s->started, a),
             s->zResponder);
  if (s->zResponderEmail) buf_printf(b, " (%s)", s->zResponderEmail);
  buf_printf(b, ", response due %s", date_iso(s->due, d));
  if (s->zMovedReason) buf_printf(b, ", moved on because: %s", s->zMovedReason);
  if (s->responded != DATE_NONE) buf_printf(b, "; responded %s: %s", date_iso(s->responded, r), s->zResponse);
  else buf_puts(b, "; no response");
}

static char *describe_escalation(const Escalation *e) {
  Buf b = {0};
  char a[11];
  buf_printf(&b, "raised %s by %s", date_iso(e->raised, a), e->zRaisedBy);
  if (e->zIro) buf_printf(&b, " (IRO %s)", e->zIro);
  buf_puts(&b, "; children ");
  for (int i = 0; i < e->nChild; i++) buf_printf(&b, "%s%s", i ? ";" : "", e->aChild[i].zRef);
  if (e->zLocality) buf_printf(&b, "; locality %s", e->zLocality);
  buf_printf(&b, "; category %s; topic %s; concern: %s; outcome wanted: %s", e->zCategory,
             e->zTopic, e->zConcern, e->zOutcomeWanted);
  for (int i = 0; i < e->nStage; i++) {
    buf_puts(&b, "; ");
    describe_stage(&b, &e->aStage[i]);
  }
  if (e->closed != DATE_NONE) {
    buf_printf(&b, "; closed %s, %s; impact: %s", date_iso(e->closed, a), e->zOutcome,
               e->zImpact ? e->zImpact : "");
  }
  return buf_take(&b);
}

/* One entry under the escalation and one under each child's record (the
** same words, prefixed with the escalation's number), so that the history
** of either shows every step. */
static int audit_all(Db *db, const Escalation *e, const char *zActor, const char *zAction,
                     const char *zBefore, const char *zAfter) {
  char zRec[40];
  snprintf(zRec, sizeof zRec, "escalation:%lld", (long long)e->id);
  int rc = audit_write(db, zActor, zAction, zRec, zBefore, zAfter, NULL);
  char *zB = zBefore ? xmprintf("escalation %lld: %s", (long long)e->id, zBefore) : NULL;
  char *zA = zAfter ? xmprintf("escalation %lld: %s", (long long)e->id, zAfter) : NULL;
  for (int i = 0; rc == DB_OK && i < e->nChild; i++) {
    char zChild[64];
    snprintf(zChild, sizeof zChild, "child:%s", e->aChild[i].zRef);
    rc = audit_write(db, zActor, zAction, zChild, zB, zA, NULL);
  }
  free(zB);
  free(zA);
  return rc;
}

int escalation_audit_view(Db *db, const Escalation *e, const char *zActor) {
  /* One transaction: the entries under each child are written together. */
  db_begin(db);
  int rc = audit_all(db, e, zActor, "escalation.view", NULL, NULL);
  if (rc == DB_OK) return db_commit(db);
  db_rollback(db);
  return rc;
}

/* Commit, or roll back on an earlier failure, saying why in err. */
static int finish(Db *db, int rc, Errors *err, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "escalation", "Could not save the %s: %s", zWhat, db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

/* ---- Writing ------------------------------------------------------------ */

/* The responder's email address is optional; one given must be one
** address, since it goes into a message's header. */
static void check_email(Errors *err, const char *z) {
  if (z && !mail_address_ok(z)) {
    errors_add(err, "responder_email", "Enter an email address in the correct format, like name@example.com");
  }
}

/* The address as typed less the spaces around it (a copy to free), or
** NULL when none was typed. */
static char *email_or_null(const char *z) {
  if (is_blank(z)) return NULL;
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) n--;
  return xmprintf("%.*s", (int)n, z);
}

/* Queue the message to the current stage's responder (notices.c) inside
** the write's transaction: DB_OK, or DB_ERROR with err saying why. */
static int queue_stage_notice(Db *db, const Escalation *e, Errors *err) {
  char *zErr = NULL;
  if (notice_escalation_stage(db, e, &e->aStage[e->nStage - 1], &zErr) == 0) return DB_OK;
  errors_add(err, "escalation", "Could not queue the email to the responder: %s", zErr);
  free(zErr);
  return DB_ERROR;
}

/* Inside the caller's transaction: the escalation, if it is open. */
static int load_open(Db *db, int64_t id, Escalation *e, Errors *err) {
  char z[24];
  if (!escalation_load(db, id, e)) {
    errors_add(err, "escalation", "There is no escalation %lld", (long long)id);
    return -1;
  }
  if (e->closed != DATE_NONE) {
    errors_add(err, "escalation", "Escalation %lld was closed on %s: it cannot be changed",
               (long long)id, date_long(e->closed, z));
    return -1;
  }
  if (!e->nStage) {
    /* The raise writes the first stage in the same transaction. */
    errors_add(err, "escalation", "Escalation %lld has no stages", (long long)id);
    return -1;
  }
  return 0;
}

static void check_date(Errors *err, const char *zField, Date d, Date today, const char *zWhat) {
  if (d == DATE_NONE) errors_add(err, zField, "Enter %s", zWhat);
  else if (d > today) errors_add(err, zField, "%c%s must be today or in the past", toupper((unsigned char)zWhat[0]), zWhat + 1);
}

int64_t escalation_raise(Db *db, const EscalationInput *in, Date today, const char *zActor,
                         Errors *err) {
  int64_t *aId = xcalloc((size_t)in->nChild + 1, sizeof *aId);
  int nId = 0, nNamed = 0;
  for (int i = 0; i < in->nChild; i++) {
    const char *zRef = in->azChild[i];
    if (is_blank(zRef)) continue;
    nNamed++;
    int64_t id = child_id_for_ref(db, zRef);
    if (!id) {
      errors_add(err, "children", "There is no child with ID %s", zRef);
      continue;
    }
    int dup = 0;
    for (int k = 0; k < nId; k++) dup |= aId[k] == id;
    if (dup) errors_add(err, "children", "Child %s is named twice", zRef);
    else aId[nId++] = id;
  }
  if (!nNamed) errors_add(err, "children", "Choose at least one child");
  if (is_blank(in->zCategory)) {
    errors_add(err, "category", "Select a category");
  } else if (code_index(in->zCategory, escalation_categories, escalation_n_categories) < 0) {
    errors_add(err, "category", "Select a category: permanence, care-planning, practice-concerns "
                                "or drift-and-delay");
  }
  if (is_blank(in->zTopic)) {
    errors_add(err, "topic", "Select a topic");
  } else if (code_index(in->zTopic, escalation_topics, escalation_n_topics) < 0) {
    errors_add(err, "topic", "Select a topic: education, family-time, placement, legal-status, "
                             "resources, health or other");
  }
  if (is_blank(in->zConcern)) errors_add(err, "concern", "Enter the concern");
  if (is_blank(in->zOutcomeWanted)) errors_add(err, "outcome_wanted", "Enter the outcome wanted");
  if (is_blank(in->zRaisedBy)) errors_add(err, "raised_by", "Enter who raised the escalation");
  int stage = is_blank(in->zStage) ? ESC_STAGE_INFORMAL : escalation_stage_parse(in->zStage);
  if (stage < 0) {
    errors_add(err, "stage", "Select the stage: informal, team-manager, service-manager, "
                             "head-of-locality, director, executive-director or cafcass");
  }
  if (is_blank(in->zResponder)) errors_add(err, "responder", "Enter who must respond");
  char *zEmail = email_or_null(in->zResponderEmail);
  check_email(err, zEmail);
  check_date(err, "raised_on", in->raised, today, "the date the escalation was raised");
  if (in->iroId && !db_int(db, 0, "SELECT id FROM iro WHERE id=?", "I", in->iroId)) {
    errors_add(err, "iro", "There is no IRO with id %lld", (long long)in->iroId);
  }
  int64_t localityId = 0;
  if (!is_blank(in->zLocality)) {
    localityId = db_int(db, 0, "SELECT id FROM locality WHERE name=?", "s", in->zLocality);
    if (!localityId) errors_add(err, "locality", "There is no locality called %s", in->zLocality);
  }
  if (err->n) {
    free(aId);
    free(zEmail);
    return 0;
  }

  Date due = rule_due(stage_rule(), in->raised);
  db_begin(db);
  Stmt *s = db_query(db,
      "INSERT INTO escalation(raised_on, raised_by, iro_id, category, topic, concern,"
      " outcome_wanted, locality_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "Dsrssssr", (int)in->raised, in->zRaisedBy, in->iroId, in->zCategory, in->zTopic,
      in->zConcern, in->zOutcomeWanted, localityId);
  int64_t id = 0;
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(s, 0);
  db_finalize(s);
  for (int i = 0; rc == DB_OK && i < nId; i++) {
    rc = db_exec(db, "INSERT INTO escalation_child(escalation_id, child_id, position) VALUES(?, ?, ?)",
                 "IIi", id, aId[i], i + 1);
  }
  if (rc == DB_OK) {
    rc = db_exec(db,
        "INSERT INTO escalation_stage(escalation_id, stage, started_on, responder, response_due, responder_email)"
        " VALUES(?, ?, ?, ?, ?, ?)", "IiDsDs", id, stage, (int)in->raised, in->zResponder, (int)due,
        zEmail);
  }
  Escalation e;
  if (rc == DB_OK && escalation_load(db, id, &e)) {
    char *zAfter = describe_escalation(&e);
    rc = audit_all(db, &e, zActor, "escalation.raise", NULL, zAfter);
    free(zAfter);
    if (rc == DB_OK) rc = queue_stage_notice(db, &e, err);
    escalation_clear(&e);
  } else {
    rc = DB_ERROR;
  }
  free(aId);
  free(zEmail);
  return finish(db, rc, err, "escalation") == 0 ? id : 0;
}

int escalation_respond(Db *db, int64_t id, const char *zResponse, Date on, Date today,
                       const char *zActor, Errors *err) {
  if (is_blank(zResponse)) errors_add(err, "response", "Enter the response");
  check_date(err, "responded_on", on, today, "the date of the response");
  db_begin(db);
  Escalation e;
  if (load_open(db, id, &e, err) != 0) {
    db_rollback(db);
    escalation_clear(&e);
    return -1;
  }
  EscalationStage *cur = &e.aStage[e.nStage - 1];
  char z[24];
  if (on != DATE_NONE && on < cur->started) {
    errors_add(err, "responded_on", "The response cannot be before %s started (%s)",
               escalation_stage_phrase(cur->stage), date_long(cur->started, z));
  }
  if (err->n) {
    db_rollback(db);
    escalation_clear(&e);
    return -1;
  }
  Buf before = {0}, after = {0};
  describe_stage(&before, cur);
  int correcting = cur->responded != DATE_NONE;
  int rc = db_exec(db, "UPDATE escalation_stage SET responded_on=?, response=? WHERE id=?",
                   "DsI", (int)on, zResponse, cur->id);
  free(cur->zResponse);
  cur->zResponse = xstrdup(zResponse);
  cur->responded = on;
  describe_stage(&after, cur);
  if (rc == DB_OK) {
    rc = audit_all(db, &e, zActor, correcting ? "escalation.respond.correct" : "escalation.respond",
                   before.z, after.z);
  }
  buf_free(&before);
  buf_free(&after);
  escalation_clear(&e);
  return finish(db, rc, err, "response");
}

int escalation_move(Db *db, int64_t id, const char *zReason, const char *zResponder, Date on,
                    Date today, const char *zActor, Errors *err) {
  return escalation_move_to(db, id, zReason, zResponder, NULL, on, today, zActor, err);
}

int escalation_move_to(Db *db, int64_t id, const char *zReason, const char *zResponder,
                       const char *zResponderEmail, Date on, Date today, const char *zActor, Errors *err) {
  if (is_blank(zReason)) errors_add(err, "reason", "Enter why the escalation is moving to the next stage");
  if (is_blank(zResponder)) errors_add(err, "responder", "Enter who must respond at the next stage");
  char *zEmail = email_or_null(zResponderEmail);
  check_email(err, zEmail);
  check_date(err, "moved_on", on, today, "the date the escalation moved on");
  db_begin(db);
  Escalation e;
  if (load_open(db, id, &e, err) != 0) {
    db_rollback(db);
    escalation_clear(&e);
    free(zEmail);
    return -1;
  }
  const EscalationStage *cur = &e.aStage[e.nStage - 1];
  char z[24];
  if (cur->stage >= ESC_STAGE_CAFCASS) {
    errors_add(err, "stage", "The Cafcass referral is the last stage: escalation %lld cannot move further",
               (long long)id);
  } else if (on != DATE_NONE && on < cur->started) {
    errors_add(err, "moved_on", "The escalation cannot move on before %s started (%s)",
               escalation_stage_phrase(cur->stage), date_long(cur->started, z));
  }
  if (err->n) {
    db_rollback(db);
    escalation_clear(&e);
    free(zEmail);
    return -1;
  }
  /* Only described, never freed here: it points at the caller's strings
  ** and at zEmail, freed below. */
  EscalationStage next = {.stage = cur->stage + 1, .started = on, .due = rule_due(stage_rule(), on),
                          .responded = DATE_NONE, .zResponder = (char *)zResponder,
                          .zResponderEmail = zEmail,
                          .zMovedReason = (char *)zReason};
  Buf before = {0}, after = {0};
  describe_stage(&before, cur);
  buf_puts(&after, "moved to ");
  describe_stage(&after, &next);
  int rc = db_exec(db,
      "INSERT INTO escalation_stage(escalation_id, stage, started_on, responder, response_due,"
      " moved_reason, responder_email) VALUES(?, ?, ?, ?, ?, ?, ?)",
      "IiDsDss", id, next.stage, (int)on, zResponder, (int)next.due, zReason, next.zResponderEmail);
  if (rc == DB_OK) rc = audit_all(db, &e, zActor, "escalation.move", before.z, after.z);
  buf_free(&before);
  buf_free(&after);
  escalation_clear(&e);
  /* The message to the new responder, read back as saved. */
  if (rc == DB_OK) {
    if (escalation_load(db, id, &e)) rc = queue_stage_notice(db, &e, err);
    else rc = DB_ERROR;
    escalation_clear(&e);
  }
  free(zEmail);
  return finish(db, rc, err, "move to the next stage");
}

int escalation_close(Db *db, int64_t id, const char *zOutcome, const char *zImpact, Date on,
                     Date today, const char *zActor, Errors *err) {
  if (code_index(zOutcome, escalation_outcomes, escalation_n_outcomes) < 0) {
    errors_add(err, "outcome", "Select the outcome: resolved, partly-resolved or withdrawn");
  }
  if (is_blank(zImpact)) errors_add(err, "impact", "Enter the impact for the child");
  check_date(err, "closed_on", on, today, "the date the escalation closed");
  db_begin(db);
  Escalation e;
  if (load_open(db, id, &e, err) != 0) {
    db_rollback(db);
    escalation_clear(&e);
    return -1;
  }
  const EscalationStage *cur = &e.aStage[e.nStage - 1];
  char z[24];
  if (on != DATE_NONE && on < cur->started) {
    errors_add(err, "closed_on", "The escalation cannot close before %s started (%s)",
               escalation_stage_phrase(cur->stage), date_long(cur->started, z));
  }
  if (err->n) {
    db_rollback(db);
    escalation_clear(&e);
    return -1;
  }
  Buf before = {0};
  buf_puts(&before, "open at ");
  describe_stage(&before, cur);
  char zOn[11], zDue[11];
  Date totalDue = escalation_total_due(&e);
  char *zAfter = xmprintf("closed %s, %s; impact: %s (%s %s)", date_iso(on, zOn), zOutcome, zImpact,
                          on > totalDue ? "past the process limit of" : "within the process limit of",
                          date_iso(totalDue, zDue));
  int rc = db_exec(db, "UPDATE escalation SET closed_on=?, outcome=?, impact=? WHERE id=? AND closed_on IS NULL",
                   "DssI", (int)on, zOutcome, zImpact, id);
  if (rc == DB_OK) rc = audit_all(db, &e, zActor, "escalation.close", before.z, zAfter);
  buf_free(&before);
  free(zAfter);
  escalation_clear(&e);
  return finish(db, rc, err, "closing of the escalation");
}

/* ---- The weekly list ---------------------------------------------------- */

/* What the weekly list sorts on, worked out once per escalation. */
typedef struct WeeklyKey {
  const Escalation *e;
  int64_t localityId;
  const char *zLocality;
  Date due;
} WeeklyKey;

static int weekly_cmp(const void *pa, const void *pb) {
  const WeeklyKey *a = pa, *b = pb;
  /* Localities by name, the escalations without one last. */
  if ((a->localityId == 0) != (b->localityId == 0)) return a->localityId == 0 ? 1 : -1;
  if (a->localityId != b->localityId) {
    int k = strcmp(a->zLocality ? a->zLocality : "", b->zLocality ? b->zLocality : "");
    if (k) return k;
    return a->localityId < b->localityId ? -1 : 1;
  }
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return a->e->id < b->e->id ? -1 : a->e->id > b->e->id;
}

int escalation_weekly(Db *db, Date asOf, WeeklyList *out) {
  memset(out, 0, sizeof *out);
  out->asOf = asOf;
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  f.openOnly = 1;
  int n = escalation_list(db, &f, &out->list);
  if (n < 0) return DB_ERROR;
  if (!n) return DB_OK;
  WeeklyKey *aKey = xmalloc((size_t)n * sizeof *aKey);
  for (int i = 0; i < n; i++) {
    const Escalation *e = &out->list.a[i];
    const EscalationStage *cur = escalation_current_stage(e, asOf);
    aKey[i].e = e;
    aKey[i].localityId = escalation_locality(e, &aKey[i].zLocality);
    aKey[i].due = cur ? cur->due : DATE_NONE;
  }
  qsort(aKey, (size_t)n, sizeof *aKey, weekly_cmp);
  out->ap = xmalloc((size_t)n * sizeof *out->ap);
  out->aGroup = xcalloc((size_t)n, sizeof *out->aGroup);
  for (int i = 0; i < n; i++) {
    out->ap[i] = aKey[i].e;
    if (!out->nGroup || out->aGroup[out->nGroup - 1].localityId != aKey[i].localityId) {
      WeeklyGroup *g = &out->aGroup[out->nGroup++];
      g->localityId = aKey[i].localityId;
      g->zLocality = aKey[i].zLocality;
      g->ap = &out->ap[i];
    }
    out->aGroup[out->nGroup - 1].n++;
  }
  free(aKey);
  return DB_OK;
}

void escalation_weekly_free(WeeklyList *w) {
  free(w->ap);
  free(w->aGroup);
  escalation_list_free(&w->list);
  memset(w, 0, sizeof *w);
}

static void children_field(Buf *b, const Escalation *e) {
  Buf refs = {0};
  for (int i = 0; i < e->nChild; i++) buf_printf(&refs, "%s%s", i ? ";" : "", e->aChild[i].zRef);
  buf_csv(b, refs.z ? refs.z : "");
  buf_free(&refs);
}

void escalation_weekly_csv(const WeeklyList *w, Buf *out) {
  buf_puts(out, "locality,escalation_ref,raised_on,children,category,topic,stage,responder,"
                "stage_started_on,response_due,stage_overdue,process_due,process_flagged,responder_email\n");
  for (int g = 0; g < w->nGroup; g++) {
    for (int i = 0; i < w->aGroup[g].n; i++) {
      const Escalation *e = w->aGroup[g].ap[i];
      const EscalationStage *cur = escalation_current_stage(e, w->asOf);
      char a[11], b[11], c[11], d[11];
      buf_csv(out, w->aGroup[g].zLocality);
      buf_printf(out, ",%lld,%s,", (long long)e->id, date_iso(e->raised, a));
      children_field(out, e);
      buf_printf(out, ",%s,%s,%s,", e->zCategory, e->zTopic, cur ? escalation_stage_name(cur->stage) : "");
      buf_csv(out, cur ? cur->zResponder : "");
      buf_printf(out, ",%s,%s,%s,%s,%s,", cur ? date_iso(cur->started, b) : "",
                 cur ? date_iso(cur->due, c) : "", escalation_overdue(e, w->asOf) ? "yes" : "no",
                 date_iso(escalation_total_due(e), d), escalation_flagged(e, w->asOf) ? "yes" : "no");
      buf_csv(out, cur && cur->zResponderEmail ? cur->zResponderEmail : "");
      buf_putc(out, '\n');
    }
  }
}

/* ---- CSV export and import ---------------------------------------------- */

enum {
  C_REF, C_RAISED_ON, C_RAISED_BY, C_IRO, C_CHILDREN, C_LOCALITY, C_CATEGORY, C_TOPIC,
  C_CONCERN, C_OUTCOME_WANTED, C_STAGE, C_STARTED, C_RESPONDER, C_DUE, C_RESPONDED,
  C_RESPONSE, C_MOVED, C_CLOSED, C_OUTCOME, C_IMPACT,
  /* Last, so a file from before it (C_OLD_N columns) still loads, with no
  ** address recorded. */
  C_RESPONDER_EMAIL, C_N
};
enum { C_OLD_N = C_RESPONDER_EMAIL };
static const char *const azCol[C_N] = {
  "escalation_ref", "raised_on", "raised_by", "iro", "children", "locality", "category", "topic",
  "concern", "outcome_wanted", "stage", "stage_started_on", "responder", "response_due",
  "responded_on", "response", "moved_reason", "closed_on", "outcome", "impact", "responder_email",
};
/* Free text is kept byte for byte; codes, dates and names of things are
** compared with surrounding spaces removed, as a spreadsheet user sees them. */
static int is_text_col(int c) {
  return c == C_RAISED_BY || c == C_CONCERN || c == C_OUTCOME_WANTED || c == C_RESPONDER ||
         c == C_RESPONSE || c == C_MOVED || c == C_IMPACT;
}
/* The columns that describe the escalation rather than the stage: every
** row of one escalation repeats them. */
static const int aEscCol[] = {
  C_RAISED_ON, C_RAISED_BY, C_IRO, C_CHILDREN, C_LOCALITY, C_CATEGORY, C_TOPIC, C_CONCERN,
  C_OUTCOME_WANTED, C_CLOSED, C_OUTCOME, C_IMPACT,
};

int escalations_csv(Db *db, Buf *out) {
  EscalationList l;
  if (load_rows(db, 0, 0, DATE_NONE, &l) != DB_OK) return DB_ERROR;
  for (int c = 0; c < C_N; c++) buf_printf(out, "%s%s", c ? "," : "", azCol[c]);
  buf_puts(out, "\r\n");
  for (int i = 0; i < l.n; i++) {
    const Escalation *e = &l.a[i];
    for (int k = 0; k < e->nStage; k++) {
      const EscalationStage *s = &e->aStage[k];
      const char *az[C_N] = {0};
      char zRef[24];
      snprintf(zRef, sizeof zRef, "%lld", (long long)e->id);
      char zRaised[11], zStarted[11], zDue[11], zResp[11], zClosed[11];
      az[C_REF] = zRef;
      az[C_RAISED_ON] = date_iso(e->raised, zRaised);
      az[C_RAISED_BY] = e->zRaisedBy;
      az[C_IRO] = e->zIro;
      az[C_LOCALITY] = e->zLocality;
      az[C_CATEGORY] = e->zCategory;
      az[C_TOPIC] = e->zTopic;
      az[C_CONCERN] = e->zConcern;
      az[C_OUTCOME_WANTED] = e->zOutcomeWanted;
      az[C_STAGE] = escalation_stage_name(s->stage);
      az[C_STARTED] = date_iso(s->started, zStarted);
      az[C_RESPONDER] = s->zResponder;
      az[C_DUE] = date_iso(s->due, zDue);
      az[C_RESPONDED] = date_iso(s->responded, zResp);
      az[C_RESPONSE] = s->zResponse;
      az[C_MOVED] = s->zMovedReason;
      az[C_CLOSED] = date_iso(e->closed, zClosed);
      az[C_OUTCOME] = e->zOutcome;
      az[C_IMPACT] = e->zImpact;
      az[C_RESPONDER_EMAIL] = s->zResponderEmail;
      for (int c = 0; c < C_N; c++) {
        if (c) buf_putc(out, ',');
        if (c == C_CHILDREN) children_field(out, e);
        else buf_csv_cell(out, az[c], c == C_REF ? CSV_AS_IS : CSV_TEXT);
      }
      buf_puts(out, "\r\n");
    }
  }
  escalation_list_free(&l);
  return DB_OK;
}

int export_escalations(Db *db, FILE *f) {
  Buf b = {0};
  if (escalations_csv(db, &b) != DB_OK) {
    buf_free(&b);
    return -1;
  }
  size_t n = b.n ? fwrite(b.z, 1, b.n, f) : 0;
  int bad = n != b.n || fflush(f) != 0 || ferror(f);
  buf_free(&b);
  return bad ? -1 : 0;
}

/* One data row of an import, with what was made of it. */
typedef struct ImpRow {
  int row;                      /* as a spreadsheet numbers it: the header is 1 */
  char *az[C_N];
  long ref;                     /* 0 when unusable */
  int stage;                    /* -1 when unusable */
  Date raised, started, due, responded, closed;
  int64_t iroId, localityId;
  int64_t *aChild; int nChild;
  int childrenOk;
  Buf err;                      /* its reasons, "; "-separated */
} ImpRow;



static Date row_date(ImpRow *r, int c, int required, Date today) {
  return csv_row_date(&r->err, azCol[c], r->az[c], required, today);
}

static void row_code(ImpRow *r, int c, const char *const *az, int n) {
  if (code_index(r->az[c], az, n) >= 0) return;
  Buf b = {0};
  list_codes(&b, az, n);
  if (!*r->az[c]) csv_row_err(&r->err, "%s is empty: it must be one of %s", azCol[c], b.z);
  else csv_row_err(&r->err, "%s must be one of %s, not \"%s\"", azCol[c], b.z, r->az[c]);
  buf_free(&b);
}

/* Everything that can be checked from the row alone. */
static void check_row(Db *db, ImpRow *r, Date today) {
  long ref;
  if (parse_int(r->az[C_REF], 1, 2000000000L, &ref) == 0) r->ref = ref;
  else csv_row_err(&r->err, "escalation_ref must be a whole number from 1 (the escalation's number), not \"%s\"",
               r->az[C_REF]);
  r->raised = row_date(r, C_RAISED_ON, 1, today);
  if (is_blank(r->az[C_RAISED_BY])) csv_row_err(&r->err, "raised_by is empty: enter who raised the escalation");
  if (*r->az[C_IRO] && !(r->iroId = iro_lookup(db, r->az[C_IRO]))) {
    csv_row_err(&r->err, "there is no IRO called \"%s\"", r->az[C_IRO]);
  }

  /* Child IDs separated by ';', spaces around them ignored. */
  char *zList = xstrdup(r->az[C_CHILDREN]);
  int nBad = 0;
  for (char *p = zList, *zNext; p; p = zNext) {
    zNext = strchr(p, ';');
    if (zNext) *zNext++ = 0;
    char *zRef = csv_trim(p);
    if (!*zRef) continue;
    int64_t id = child_id_for_ref(db, zRef);
    if (!id) {
      csv_row_err(&r->err, "there is no child with ID %s", zRef);
      nBad++;
      continue;
    }
    int dup = 0;
    for (int k = 0; k < r->nChild; k++) dup |= r->aChild[k] == id;
    if (dup) {
      csv_row_err(&r->err, "child %s is listed twice", zRef);
      nBad++;
      continue;
    }
    r->aChild = xrealloc(r->aChild, (size_t)(r->nChild + 1) * sizeof *r->aChild);
    r->aChild[r->nChild++] = id;
  }
  free(zList);
  if (!r->nChild && !nBad) csv_row_err(&r->err, "children is empty: enter at least one child ID (separate several with ;)");
  r->childrenOk = r->nChild && !nBad;

  if (*r->az[C_LOCALITY]) {
    r->localityId = db_int(db, 0, "SELECT id FROM locality WHERE name=?", "s", r->az[C_LOCALITY]);
    if (!r->localityId) csv_row_err(&r->err, "there is no locality called \"%s\"", r->az[C_LOCALITY]);
  }
  row_code(r, C_CATEGORY, escalation_categories, escalation_n_categories);
  row_code(r, C_TOPIC, escalation_topics, escalation_n_topics);
  if (is_blank(r->az[C_CONCERN])) csv_row_err(&r->err, "concern is empty: enter the concern");
  if (is_blank(r->az[C_OUTCOME_WANTED])) csv_row_err(&r->err, "outcome_wanted is empty: enter the outcome wanted");

  r->stage = escalation_stage_parse(r->az[C_STAGE]);
  if (r->stage < 0) {
    Buf b = {0};
    list_codes(&b, azStageName, ESC_N_STAGES);
    csv_row_err(&r->err, "stage must be one of %s (or 0 to 6), not \"%s\"", b.z, r->az[C_STAGE]);
    buf_free(&b);
  }
  r->started = row_date(r, C_STARTED, 1, today);
  if (r->started != DATE_NONE && r->raised != DATE_NONE && r->started < r->raised) {
    csv_row_err(&r->err, "stage_started_on is before raised_on");
  }
  if (is_blank(r->az[C_RESPONDER])) csv_row_err(&r->err, "responder is empty: enter who must respond at this stage");
  /* The address goes into a message's header, as on the form: one address. */
  if (*r->az[C_RESPONDER_EMAIL] && !mail_address_ok(r->az[C_RESPONDER_EMAIL])) {
    csv_row_err(&r->err, "responder_email must be one email address, like name@example.com, not \"%s\"",
                r->az[C_RESPONDER_EMAIL]);
  }
  /* An empty due date is worked out from the rules, as when a stage starts. */
  r->due = row_date(r, C_DUE, 0, DATE_NONE);
  if (r->due == DATE_NONE && !*r->az[C_DUE] && r->started != DATE_NONE) {
    r->due = rule_due(stage_rule(), r->started);
  }
  if (r->due != DATE_NONE && r->started != DATE_NONE && r->due < r->started) {
    csv_row_err(&r->err, "response_due is before stage_started_on");
  }
  r->responded = row_date(r, C_RESPONDED, 0, today);
  if (r->responded != DATE_NONE && r->started != DATE_NONE && r->responded < r->started) {
    csv_row_err(&r->err, "responded_on is before stage_started_on");
  }
  if ((*r->az[C_RESPONDED] == 0) != is_blank(r->az[C_RESPONSE])) {
    csv_row_err(&r->err, "responded_on and response go together: fill in both or neither");
  }
  r->closed = row_date(r, C_CLOSED, 0, today);
  int nClose = !!*r->az[C_CLOSED] + !!*r->az[C_OUTCOME] + !is_blank(r->az[C_IMPACT]);
  if (nClose != 0 && nClose != 3) {
    csv_row_err(&r->err, "closed_on, outcome and impact go together: fill in all three or none");
  }
  if (*r->az[C_OUTCOME]) row_code(r, C_OUTCOME, escalation_outcomes, escalation_n_outcomes);
}

static int imp_cmp(const void *pa, const void *pb) {
  const ImpRow *a = *(const ImpRow *const *)pa, *b = *(const ImpRow *const *)pb;
  if (a->ref != b->ref) return a->ref < b->ref ? -1 : 1;
  if (a->stage != b->stage) return a->stage < b->stage ? -1 : 1;
  return a->row - b->row;
}

/* The checks across the rows of one escalation, ap[0..n) sorted by stage. */
static void check_group(Db *db, ImpRow **ap, int n) {
  long ref = ap[0]->ref;
  const ImpRow *first = ap[0];
  for (int i = 1; i < n; i++) {
    if (ap[i]->row < first->row) first = ap[i];
  }
  if (db_int(db, 0, "SELECT count(*) FROM escalation WHERE id=?", "I", (int64_t)ref)) {
    for (int i = 0; i < n; i++) {
      csv_row_err(&ap[i]->err, "escalation %ld is already in the database: an import only adds escalations", ref);
    }
  }
  for (int i = 0; i < n; i++) {
    ImpRow *r = ap[i];
    if (r == first) continue;
    for (int k = 0; k < COUNT(aEscCol); k++) {
      int c = aEscCol[k];
      int same;
      if (c == C_CHILDREN && r->childrenOk && first->childrenOk) {
        same = r->nChild == first->nChild &&
               memcmp(r->aChild, first->aChild, (size_t)r->nChild * sizeof *r->aChild) == 0;
      } else {
        same = strcmp(r->az[c], first->az[c]) == 0;
      }
      if (!same) {
        csv_row_err(&r->err, "%s differs from row %d (every row of escalation %ld repeats its details)",
                azCol[c], first->row, ref);
      }
    }
  }
  /* A row whose stage is unreadable is probably the missing stage: the
  ** order is only checked once every stage can be read. */
  for (int i = 0; i < n; i++) {
    if (ap[i]->stage < 0) return;
  }
  for (int i = 0; i < n; i++) {
    ImpRow *r = ap[i];
    if (i == 0) {
      if (*r->az[C_MOVED]) {
        csv_row_err(&r->err, "moved_reason is for the stages after the first: leave it empty on the %s stage",
                escalation_stage_name(r->stage));
      }
      continue;
    }
    const ImpRow *prev = ap[i - 1];
    if (r->stage == prev->stage) {
      csv_row_err(&r->err, "escalation %ld has two %s rows (rows %d and %d)", ref,
              escalation_stage_name(r->stage), prev->row, r->row);
      continue;
    }
    if (r->stage != prev->stage + 1) {
      csv_row_err(&r->err, "escalation %ld goes from %s to %s: each stage in between needs a row", ref,
              escalation_stage_name(prev->stage), escalation_stage_name(r->stage));
    }
    if (is_blank(r->az[C_MOVED])) {
      csv_row_err(&r->err, "moved_reason is empty: say why escalation %ld moved on to %s", ref,
              escalation_stage_name(r->stage));
    }
    if (r->started != DATE_NONE && prev->started != DATE_NONE && r->started < prev->started) {
      char z[11];
      csv_row_err(&r->err, "stage_started_on is before the %s stage started (%s)",
              escalation_stage_name(prev->stage), date_iso(prev->started, z));
    }
  }
  ImpRow *last = ap[n - 1];
  if (last->closed != DATE_NONE && last->started != DATE_NONE && last->closed < last->started) {
    char z[11];
    csv_row_err(&last->err, "closed_on is before the last stage (%s) started (%s)",
            escalation_stage_name(last->stage), date_iso(last->started, z));
  }
}

/* Write one escalation from its rows (sorted by stage), with its audit entries. */
static int insert_group(Db *db, ImpRow **ap, int n, const char *zName, const char *zActor) {
  const ImpRow *r = ap[0];
  const char *zOutcome = *r->az[C_OUTCOME] ? r->az[C_OUTCOME] : NULL;
  const char *zImpact = zOutcome ? r->az[C_IMPACT] : NULL;
  /* The escalation keeps its number, so references to it (the audit log
  ** of the system it came from, letters quoting it) still find it. */
  int rc = db_exec(db,
      "INSERT INTO escalation(id, raised_on, raised_by, iro_id, category, topic, concern,"
      " outcome_wanted, locality_id, closed_on, outcome, impact)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "IDsrssssrDss", (int64_t)r->ref, (int)r->raised, r->az[C_RAISED_BY], r->iroId,
      r->az[C_CATEGORY], r->az[C_TOPIC], r->az[C_CONCERN], r->az[C_OUTCOME_WANTED],
      r->localityId, (int)r->closed, zOutcome, zImpact);
  for (int i = 0; rc == DB_OK && i < r->nChild; i++) {
    rc = db_exec(db, "INSERT INTO escalation_child(escalation_id, child_id, position) VALUES(?, ?, ?)",
                 "IIi", (int64_t)r->ref, r->aChild[i], i + 1);
  }
  for (int i = 0; rc == DB_OK && i < n; i++) {
    const ImpRow *s = ap[i];
    rc = db_exec(db,
        "INSERT INTO escalation_stage(escalation_id, stage, started_on, responder, response_due,"
        " responded_on, response, moved_reason, responder_email) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "IiDsDDsss", (int64_t)r->ref, s->stage, (int)s->started, s->az[C_RESPONDER], (int)s->due,
        (int)s->responded, s->responded != DATE_NONE ? s->az[C_RESPONSE] : NULL,
        i > 0 ? s->az[C_MOVED] : NULL, *s->az[C_RESPONDER_EMAIL] ? s->az[C_RESPONDER_EMAIL] : NULL);
  }
  Escalation e;
  if (rc == DB_OK && escalation_load(db, r->ref, &e)) {
    char *zDesc = describe_escalation(&e);
    char *zAfter = xmprintf("%s (imported from %s)", zDesc, zName);
    rc = audit_all(db, &e, zActor, "escalation.import", NULL, zAfter);
    free(zDesc);
    free(zAfter);
    escalation_clear(&e);
  } else {
    rc = DB_ERROR;
  }
  return rc;
}

static void free_rows(ImpRow *a, int n) {
  for (int i = 0; i < n; i++) {
    for (int c = 0; c < C_N; c++) free(a[i].az[c]);
    free(a[i].aChild);
    buf_free(&a[i].err);
  }
  free(a);
}

int import_escalations_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                            const char *zActor, Buf *pReport) {
  CsvReader rd;
  csv_init(&rd, z, n);
  char **az;
  int nf, rc, aMap[256];
  /* Every column; or a file from before responder_email (read again from
  ** the start: no address recorded). */
  int nHeader = csv_read_header_or_older(&rd, z, n, azCol, C_N, C_OLD_N, aMap, COUNT(aMap), "docs/escalations-csv.md", pReport);
  if (nHeader < 0) return -1;

  ImpRow *aRow = NULL;
  int nRow = 0, capRow = 0;
  while ((rc = csv_read(&rd, &az, &nf)) > 0) {
    if (nf == 1 && is_blank(az[0])) continue;   /* a blank line, often the last */
    if (nRow == capRow) aRow = xrealloc(aRow, (size_t)(capRow = capRow ? capRow * 2 : 64) * sizeof *aRow);
    ImpRow *r = &aRow[nRow++];
    memset(r, 0, sizeof *r);
    r->row = rd.record;
    r->stage = -1;
    if (nf != nHeader) {
      for (int c = 0; c < C_N; c++) r->az[c] = xstrdup("");
      csv_row_err(&r->err, "has %d field%s; the header has %d (is a quote missing?)", nf, nf == 1 ? "" : "s", nHeader);
      continue;
    }
    for (int i = 0; i < nf; i++) {
      int c = aMap[i];
      r->az[c] = xstrdup(is_text_col(c) ? az[i] : csv_trim(az[i]));
    }
    for (int c = 0; c < C_N; c++) {
      if (!r->az[c]) r->az[c] = xstrdup("");   /* a column the older file has not */
    }
    check_row(db, r, today);
  }
  if (rc < 0) {
    /* The rest of the file cannot be read reliably: report where. */
    buf_printf(pReport, "%s (nothing after it was read)\n", rd.zErr);
    csv_free(&rd);
    free_rows(aRow, nRow);
    return -1;
  }
  csv_free(&rd);

  ImpRow **ap = xmalloc((size_t)(nRow ? nRow : 1) * sizeof *ap);
  int nUsable = 0;
  for (int i = 0; i < nRow; i++) {
    if (aRow[i].ref) ap[nUsable++] = &aRow[i];
  }
  qsort(ap, (size_t)nUsable, sizeof *ap, imp_cmp);
  for (int i = 0, j; i < nUsable; i = j) {
    for (j = i + 1; j < nUsable && ap[j]->ref == ap[i]->ref; j++) {
    }
    check_group(db, ap + i, j - i);
  }

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
    int nEsc = 0;
    rc = DB_OK;
    for (int i = 0, j; rc == DB_OK && i < nUsable; i = j) {
      for (j = i + 1; j < nUsable && ap[j]->ref == ap[i]->ref; j++) {
      }
      rc = insert_group(db, ap + i, j - i, zName, zActor);
      nEsc++;
    }
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc == DB_OK) {
      buf_printf(pReport, "Loaded %d escalation%s (%d stage%s) from %s.\n", nEsc, nEsc == 1 ? "" : "s",
                 nUsable, nUsable == 1 ? "" : "s", zName);
      result = 0;
    } else {
      buf_printf(pReport, "Nothing was loaded: %s\n", db_errmsg(db));
    }
  }
  free(ap);
  free_rows(aRow, nRow);
  return result;
}

int import_escalations(Db *db, const char *zPath, const char *zActor, Buf *pReport) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return -1;
  }
  int rc = import_escalations_text(db, text.z, text.n, zPath, date_today(), zActor, pReport);
  buf_free(&text);
  return rc;
}
