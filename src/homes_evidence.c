/*
** homes_evidence.c: the QA framework's evidence for the children's homes:
** six-monthly surveys of young people and professionals, dip samples and
** full audits with their actions into the QPAG tracker, and their tables
** in the monthly QPAG report. See homes_evidence.h.
*/
#include "homes_evidence.h"
#include "audit.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Codes ------------------------------------------------------------------ */

const char *const survey_kinds[SURVEY_N_KINDS] = {"young-people", "professionals"};
const char *const survey_kind_labels[SURVEY_N_KINDS] = {"Young people", "Professionals"};
const char *const survey_score_labels[6] = {"Not answered", "Strongly disagree", "Disagree",
                                            "Neither agree nor disagree", "Agree", "Strongly agree"};

const char *survey_title(int kind) {
  return kind == SURVEY_YP ? "Young people's survey" : kind == SURVEY_PROF ? "Professionals' survey" : "";
}

int survey_kind_parse(const char *z) {
  for (int i = 0; z && i < SURVEY_N_KINDS; i++) {
    if (strcmp(z, survey_kinds[i]) == 0) return i;
  }
  return -1;
}

int survey_questions(Db *db, int kind, SurveyQuestion *a) {
  int n = 0, rc;
  Stmt *s = db_query(db, "SELECT id, position, text FROM survey_question WHERE kind=? AND retired=0 ORDER BY position",
                     "s", survey_kinds[kind]);
  while ((rc = db_step(s)) == DB_ROW && n < SURVEY_MAX_Q) {
    a[n].id = db_col_int(s, 0);
    a[n].position = (int)db_col_int(s, 1);
    a[n].zText = xstrdup(db_col_text(s, 2));
    n++;
  }
  db_finalize(s);
  if (rc == DB_ERROR) {
    survey_questions_free(a, n);
    return -1;
  }
  return n;
}

void survey_questions_free(SurveyQuestion *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zText);
}

/* ---- Loading ------------------------------------------------------------------ */

void evidence_load(Db *db, HomeRecords *h) {
  HomeEvidence *e = xcalloc(1, sizeof *e);
  h->pEvidence = e;
  e->ok = 1;
  int cap = 0, rc;
  Stmt *s = db_query(db, "SELECT r.id, r.kind, r.held_on, r.asked, r.number_asked, r.focus,"
                         " (SELECT count(*) FROM survey_response x WHERE x.round_id = r.id)"
                         " FROM survey_round r WHERE r.home_id=? ORDER BY r.held_on, r.id", "I", h->home.id);
  while ((rc = db_step(s)) == DB_ROW) {
    if (e->nRound == cap) e->aRound = xrealloc(e->aRound, (size_t)(cap = cap ? cap * 2 : 8) * sizeof *e->aRound);
    SurveyRound *r = &e->aRound[e->nRound++];
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->kind = survey_kind_parse(db_col_text(s, 1));
    r->held = db_col_date(s, 2);
    r->zAsked = xstrdup(db_col_text(s, 3));
    r->nAsked = (int)db_col_int(s, 4);
    r->zFocus = xstrdup(db_col_text(s, 5));
    r->nResponses = (int)db_col_int(s, 6);
  }
  db_finalize(s);
  if (rc == DB_ERROR) e->ok = 0;
  /* The scores, summed by round and question position. */
  s = db_query(db, "SELECT x.round_id, q.position, sum(a.score), count(*),"
                   " sum(CASE WHEN a.score >= 4 THEN 1 ELSE 0 END)"
                   " FROM survey_answer a JOIN survey_response x ON x.id = a.response_id"
                   " JOIN survey_question q ON q.id = a.question_id JOIN survey_round r ON r.id = x.round_id"
                   " WHERE r.home_id=? GROUP BY x.round_id, q.position", "I", h->home.id);
  while ((rc = db_step(s)) == DB_ROW) {
    int64_t id = db_col_int(s, 0);
    int pos = (int)db_col_int(s, 1);
    if (pos < 1 || pos > SURVEY_MAX_Q) continue;
    for (int i = 0; i < e->nRound; i++) {
      SurveyRound *r = &e->aRound[i];
      if (r->id != id) continue;
      r->aSum[pos] = (int)db_col_int(s, 2);
      r->aN[pos] = (int)db_col_int(s, 3);
      r->aAgree[pos] = (int)db_col_int(s, 4);
      r->sum += r->aSum[pos];
      r->n += r->aN[pos];
      r->agree += r->aAgree[pos];
    }
  }
  db_finalize(s);
  if (rc == DB_ERROR) e->ok = 0;
}

void evidence_free(HomeEvidence *e) {
  if (!e) return;
  for (int i = 0; i < e->nRound; i++) {
    free(e->aRound[i].zAsked);
    free(e->aRound[i].zFocus);
  }
  free(e->aRound);
  free(e);
}

int64_t survey_average(const SurveyRound *r, int pos) {
  int sum = pos ? r->aSum[pos] : r->sum, n = pos ? r->aN[pos] : r->n;
  /* In hundredths, rounded half up: (2 * 100 * sum + n) / (2 * n). */
  return n ? ((int64_t)sum * 200 + n) / (2 * (int64_t)n) : 0;
}

int64_t survey_agree_pct(const SurveyRound *r, int pos) {
  return rtable_pct(pos ? r->aAgree[pos] : r->agree, pos ? r->aN[pos] : r->n);
}

/* ---- What is due ------------------------------------------------------------------ */

const SurveyRound *survey_latest(const HomeRecords *h, int kind, Date asOf, const SurveyRound **pPrev) {
  const SurveyRound *last = NULL, *prev = NULL;
  const HomeEvidence *e = h->pEvidence;
  for (int i = 0; e && i < e->nRound; i++) {
    const SurveyRound *r = &e->aRound[i];
    if (r->kind != kind || r->held > asOf) continue;
    prev = last;
    last = r;
  }
  if (pPrev) *pPrev = prev;
  return last;
}

Date survey_next_due(const HomeRecords *h, int kind, Date asOf) {
  const SurveyRound *last = survey_latest(h, kind, asOf, NULL);
  return rule_due(rule("home_survey"), last ? last->held : h->home.registered);
}

static void add(HomeItemList *l, int kind, Date due, Date done, Date asOf, int64_t ref, const char *zWhat,
                int withHistory) {
  Status st = home_status(due, done, asOf);
  if (!withHistory && !STATUS_IS_OPEN(st)) return;
  if (l->n == l->cap) l->a = xrealloc(l->a, (size_t)(l->cap = l->cap ? l->cap * 2 : 8) * sizeof *l->a);
  HomeItem *it = &l->a[l->n++];
  memset(it, 0, sizeof *it);
  /* An item kind each, so the service alerts' codes (kind and record) of
  ** the two surveys due next never meet. */
  it->kind = kind == SURVEY_YP ? HI_SURVEY_YP : HI_SURVEY_PROF;
  it->status = st;
  it->due = due;
  it->done = done;
  it->dueAt = MINUTE_NONE;
  it->refId = ref;
  it->zWhat = xstrdup(zWhat);
}

void evidence_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  const Rule *r = rule("home_survey");
  const HomeEvidence *e = h->pEvidence;
  if (h->home.registered == DATE_NONE || h->home.registered > asOf) return;
  for (int k = 0; k < SURVEY_N_KINDS; k++) {
    Date prev = h->home.registered;
    for (int i = 0; e && i < e->nRound; i++) {
      const SurveyRound *s = &e->aRound[i];
      if (s->kind != k || s->held > asOf) continue;
      add(out, k, rule_due(r, prev), s->held, asOf, s->id, survey_title(k), withHistory);
      prev = s->held;
    }
    /* The next one, refId 0 as the next Regulation 44 visit's is. */
    add(out, k, rule_due(r, prev), DATE_NONE, asOf, 0, survey_title(k), withHistory);
  }
}

/* ---- Writing ------------------------------------------------------------------------- */


static int64_t last_id(Db *db, const char *zTable) {
  char zSql[80];
  snprintf(zSql, sizeof zSql, "SELECT max(id) FROM %s", zTable);   /* one of ours, never input */
  return db_int(db, 0, zSql, "");
}

/* Free text kept short: a page's character count says the same. */
enum { ASKED_MAX = 200, FOCUS_MAX = 200, COMMENT_MAX = 2000, FINDINGS_MAX = 4000 };

static void need_text(Errors *err, const char *zField, const char *z, const char *zWhat, size_t max,
                      const char *zLong) {
  if (!z || !*z) errors_add(err, zField, "Enter %s", zWhat);
  else if (strlen(z) > max) errors_add(err, zField, "%s must be %zu characters or fewer", zLong, max);
}

/* zWhat without "the": "date the survey closed". */
static void check_date(Errors *err, const char *zField, Date d, Date today, const char *zWhat) {
  if (d == DATE_NONE) errors_add(err, zField, "Enter the %s", zWhat);
  else if (d > today) errors_add(err, zField, "The %s must be today or in the past", zWhat);
}

/* The date in the first column of the query's row, DATE_NONE if none. */
static Date date_of(Db *db, const char *zSql, int64_t id) {
  Stmt *s = db_query(db, zSql, "I", id);
  Date d = db_step(s) == DB_ROW ? db_col_date(s, 0) : DATE_NONE;
  db_finalize(s);
  return d;
}

/* The checks a round's fields share when recorded and when corrected;
** the number asked in *pnAsked. */
static void check_round(Db *db, int64_t homeId, const SurveyRoundInput *in, Date today, Errors *err, long *pnAsked) {
  check_date(err, "survey_on", in->held, today, "date the survey closed");
  need_text(err, "survey_asked", in->zAsked, "who was asked, for example the four young people living in the home",
            ASKED_MAX, "Who was asked");
  *pnAsked = 0;
  if (!in->zNumberAsked || !*in->zNumberAsked) {
    errors_add(err, "survey_number", "Enter how many people were asked");
  } else if (parse_int(in->zNumberAsked, 1, 999, pnAsked) != 0) {
    errors_add(err, "survey_number", "Enter how many people were asked as a whole number from 1 to 999");
  }
  if (in->zFocus && strlen(in->zFocus) > FOCUS_MAX) {
    errors_add(err, "survey_focus", "The focus must be %d characters or fewer", FOCUS_MAX);
  }
  Date registered = date_of(db, "SELECT registered_on FROM home WHERE id=?", homeId);
  if (!db_int(db, 0, "SELECT id FROM home WHERE id=?", "I", homeId)) errors_add(err, "survey_kind", "There is no such home");
  else if (in->held != DATE_NONE && registered != DATE_NONE && in->held < registered) {
    errors_add(err, "survey_on", "The survey cannot close before the home was registered");
  }
}

static char *round_words(int kind, const char *zHeld, long nAsked, const char *zAsked, const char *zFocus) {
  return xmprintf("%s, closed %s, %ld asked (%s), focus %s", survey_kinds[kind], zHeld, nAsked, zAsked,
                  zFocus && *zFocus ? zFocus : "none");
}

int64_t survey_round_add(Db *db, int64_t homeId, const SurveyRoundInput *in, Date today, const char *zActor,
                         Errors *err) {
  int kind = survey_kind_parse(in->zKind);
  if (kind < 0) errors_add(err, "survey_kind", "Select which survey it was");
  long nAsked;
  check_round(db, homeId, in, today, err, &nAsked);
  if (err->n) return 0;
  char zD[11];
  date_iso(in->held, zD);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO survey_round(home_id, kind, held_on, asked, number_asked, focus)"
                       " VALUES(?, ?, ?, ?, ?, ?)", "Isssis", homeId, survey_kinds[kind], zD, in->zAsked, (int)nAsked,
                   in->zFocus ? in->zFocus : "");
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "survey_on", "A %s closing on that day is already recorded for this home", kind == SURVEY_YP
               ? "young people's survey" : "professionals' survey");
    return 0;
  }
  int64_t id = rc == DB_OK ? last_id(db, "survey_round") : 0;
  char *zWords = round_words(kind, zD, nAsked, in->zAsked, in->zFocus);
  char *zAfter = xmprintf("survey %lld: %s", (long long)id, zWords);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "survey.add", NULL, zAfter);
  free(zWords);
  free(zAfter);
  return home_write_end(db, rc, err, "survey_kind", "survey") == 0 ? id : 0;
}

int survey_round_correct(Db *db, int64_t roundId, const SurveyRoundInput *in, Date today, const char *zActor,
                         Errors *err) {
  /* The round as it is: its home and kind stay (the responses answer
  ** that kind's questions). */
  int64_t homeId = 0;
  int kind = -1, nResp = 0;
  long oldAsked = 0;
  char *zOldHeld = NULL, *zOldAsked = NULL, *zOldFocus = NULL;
  Stmt *s = db_query(db, "SELECT home_id, kind, held_on, asked, number_asked, focus,"
                         " (SELECT count(*) FROM survey_response WHERE round_id=r.id) FROM survey_round r WHERE id=?",
                     "I", roundId);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    homeId = db_col_int(s, 0);
    kind = survey_kind_parse(db_col_text(s, 1));
    zOldHeld = xstrdup(db_col_text(s, 2));
    zOldAsked = xstrdup(db_col_text(s, 3));
    oldAsked = (long)db_col_int(s, 4);
    zOldFocus = xstrdup(db_col_text(s, 5));
    nResp = (int)db_col_int(s, 6);
  }
  db_finalize(s);
  if (rc == DB_ERROR) {
    errors_add(err, "survey_on", "Could not read the survey: %s", db_errmsg(db));
  } else if (!homeId || kind < 0) {
    errors_add(err, "survey_on", "There is no survey %lld", (long long)roundId);
  }
  long nAsked = 0;
  if (!err->n) {
    check_round(db, homeId, in, today, err, &nAsked);
    if (nAsked && nAsked < nResp) {
      errors_add(err, "survey_number", "%d responses are recorded: enter %d or more", nResp, nResp);
    }
  }
  if (err->n) {
    free(zOldHeld);
    free(zOldAsked);
    free(zOldFocus);
    return -1;
  }
  char zD[11];
  date_iso(in->held, zD);
  const char *zFocus = in->zFocus ? in->zFocus : "";
  int same = strcmp(zD, zOldHeld) == 0 && strcmp(in->zAsked, zOldAsked) == 0 && nAsked == oldAsked &&
             strcmp(zFocus, zOldFocus) == 0;
  rc = DB_OK;
  if (!same) {
    db_begin(db);
    rc = db_exec(db, "UPDATE survey_round SET held_on=?, asked=?, number_asked=?, focus=? WHERE id=?", "ssisI", zD,
                 in->zAsked, (int)nAsked, zFocus, roundId);
    if (rc != DB_OK && db_err_is_constraint(db)) {
      db_rollback(db);
      errors_add(err, "survey_on", "A %s closing on that day is already recorded for this home", kind == SURVEY_YP
                 ? "young people's survey" : "professionals' survey");
    } else {
      /* Before and after, whole, so the log reads without the database. */
      char *zB = round_words(kind, zOldHeld, oldAsked, zOldAsked, zOldFocus);
      char *zA = round_words(kind, zD, nAsked, in->zAsked, zFocus);
      char *zBefore = xmprintf("survey %lld: %s", (long long)roundId, zB);
      char *zAfter = xmprintf("survey %lld: %s", (long long)roundId, zA);
      if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "survey.correct", zBefore, zAfter);
      free(zB);
      free(zA);
      free(zBefore);
      free(zAfter);
      rc = home_write_end(db, rc, err, "survey_on", "survey") == 0 ? DB_OK : DB_ERROR;
    }
  }
  free(zOldHeld);
  free(zOldAsked);
  free(zOldFocus);
  return err->n ? -1 : 0;
}

int64_t survey_response_add(Db *db, int64_t roundId, const int *aScore, const char *zComment, const char *zActor,
                            Errors *err) {
  int64_t homeId = 0;
  int kind = -1, nAsked = 0, nResp = 0;
  Stmt *s = db_query(db, "SELECT home_id, kind, number_asked, (SELECT count(*) FROM survey_response WHERE round_id=r.id)"
                         " FROM survey_round r WHERE id=?", "I", roundId);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    homeId = db_col_int(s, 0);
    kind = survey_kind_parse(db_col_text(s, 1));
    nAsked = (int)db_col_int(s, 2);
    nResp = (int)db_col_int(s, 3);
  }
  db_finalize(s);
  if (rc == DB_ERROR) {
    errors_add(err, "q1", "Could not read the survey: %s", db_errmsg(db));
    return 0;
  }
  if (!homeId || kind < 0) {
    errors_add(err, "q1", "There is no such survey");
    return 0;
  }
  SurveyQuestion aQ[SURVEY_MAX_Q];
  int nQ = survey_questions(db, kind, aQ);
  if (nQ < 0) {
    errors_add(err, "q1", "Could not read the survey's questions: %s", db_errmsg(db));
    return 0;
  }
  int nAnswered = 0;
  for (int i = 0; i < nQ; i++) {
    int v = aScore[aQ[i].position];
    if (v < 0 || v > 5) {
      char zF[8];
      snprintf(zF, sizeof zF, "q%d", aQ[i].position);
      errors_add(err, zF, "Select an answer to \"%.120s\"", aQ[i].zText);
    }
    nAnswered += v >= 1 && v <= 5;
  }
  if (!err->n && !nAnswered && nQ) {
    char zF[8];
    snprintf(zF, sizeof zF, "q%d", aQ[0].position);
    errors_add(err, zF, "Answer at least one question: a response with no answers is not recorded");
  }
  if (zComment && strlen(zComment) > COMMENT_MAX) {
    errors_add(err, "comment", "The comment must be %d characters or fewer", COMMENT_MAX);
  }
  if (!err->n && nResp >= nAsked) {
    errors_add(err, nQ ? "q1" : "comment", "This survey already has a response from each of the %d people asked: "
               "correct the number asked first", nAsked);
  }
  if (err->n) {
    survey_questions_free(aQ, nQ);
    return 0;
  }
  db_begin(db);
  rc = db_exec(db, "INSERT INTO survey_response(round_id, comment) VALUES(?, ?)", "Is", roundId, zComment ? zComment : "");
  int64_t id = rc == DB_OK ? last_id(db, "survey_response") : 0;
  Buf b = {0};
  buf_printf(&b, "response %lld to survey %lld:", (long long)id, (long long)roundId);
  for (int i = 0; i < nQ && rc == DB_OK; i++) {
    int v = aScore[aQ[i].position];
    buf_printf(&b, " q%d=%s", aQ[i].position, v ? (char[2]){(char)('0' + v), 0} : "blank");
    if (v) rc = db_exec(db, "INSERT INTO survey_answer(response_id, question_id, score) VALUES(?, ?, ?)", "IIi", id,
                        aQ[i].id, v);
  }
  if (zComment && *zComment) buf_puts(&b, ", with a comment");
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "survey-response.add", NULL, b.z);
  buf_free(&b);
  survey_questions_free(aQ, nQ);
  return home_write_end(db, rc, err, "comment", "response") == 0 ? id : 0;
}

int64_t qa_audit_add(Db *db, int64_t homeId, const char *zKind, Date on, const char *zBy, const char *zFocus,
                     const char *zFindings, Date today, const char *zActor, Errors *err) {
  int kind = -1;
  if (zKind && strcmp(zKind, home_audit_kinds[HOME_AUDIT_DIP]) == 0) kind = HOME_AUDIT_DIP;
  if (zKind && strcmp(zKind, home_audit_kinds[HOME_AUDIT_FULL]) == 0) kind = HOME_AUDIT_FULL;
  if (kind < 0) errors_add(err, "qa_kind", "Select whether it was a dip sample or a full audit");
  check_date(err, "qa_on", on, today, "date of the audit");
  need_text(err, "qa_by", zBy, "who carried out the audit", 120, "Who carried out the audit");
  need_text(err, "qa_focus", zFocus, kind == HOME_AUDIT_FULL ? "why the full audit was done, for example a new manager"
                                                             : "what was sampled, for example missing from home episodes",
            FOCUS_MAX, "What was looked at");
  if (zFindings && strlen(zFindings) > FINDINGS_MAX) {
    errors_add(err, "qa_findings", "The findings must be %d characters or fewer", FINDINGS_MAX);
  }
  if (!db_int(db, 0, "SELECT id FROM home WHERE id=?", "I", homeId)) errors_add(err, "qa_kind", "There is no such home");
  if (err->n) return 0;
  char zD[11];
  date_iso(on, zD);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO home_audit(home_id, kind, done_on, by_whom, findings, focus) VALUES(?, ?, ?, ?, ?, ?)",
                   "Isssss", homeId, home_audit_kinds[kind], zD, zBy, zFindings ? zFindings : "", zFocus);
  if (rc != DB_OK && db_err_is_constraint(db)) {
    db_rollback(db);
    errors_add(err, "qa_on", "A %s on that day is already recorded for this home",
               kind == HOME_AUDIT_DIP ? "dip sample" : "full audit");
    return 0;
  }
  int64_t id = rc == DB_OK ? last_id(db, "home_audit") : 0;
  char *zAfter = xmprintf("%s %lld on %s by %s: %s", home_audit_kinds[kind], (long long)id, zD, zBy, zFocus);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "qa-audit.add", NULL, zAfter);
  free(zAfter);
  return home_write_end(db, rc, err, "qa_kind", kind == HOME_AUDIT_DIP ? "dip sample" : "full audit") == 0 ? id : 0;
}

int64_t audit_action_to_qpag(Db *db, int64_t actionId, Date meeting, Date today, const char *zActor, Errors *err) {
  check_date(err, "meeting_on", meeting, today, "date of the QPAG meeting");
  int64_t homeId = 0, qpagId = 0;
  char *zAction = NULL, *zOwner = NULL;
  Date due = DATE_NONE;
  Stmt *s = db_query(db, "SELECT a.home_id, x.action, x.owner, x.due_on, x.qpag_action_id FROM home_audit_action x"
                         " JOIN home_audit a ON a.id = x.audit_id WHERE x.id=?", "I", actionId);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    homeId = db_col_int(s, 0);
    zAction = xstrdup(db_col_text(s, 1));
    zOwner = xstrdup(db_col_text(s, 2));
    due = db_col_date(s, 3);
    qpagId = db_col_int(s, 4);
  }
  db_finalize(s);
  if (rc == DB_ERROR) errors_add(err, "meeting_on", "Could not read the action: %s", db_errmsg(db));
  else if (!homeId) errors_add(err, "meeting_on", "There is no such audit action");
  else if (qpagId) errors_add(err, "meeting_on", "This action is already in the QPAG action tracker");
  else if (meeting != DATE_NONE && due != DATE_NONE && meeting > due) {
    char zD[24];
    errors_add(err, "meeting_on", "The meeting must be on or before the action's due date, %s: QPAG agrees actions "
               "before they fall due", date_long(due, zD));
  }
  if (err->n) {
    free(zAction);
    free(zOwner);
    return 0;
  }
  char zM[11], zD[11];
  date_iso(meeting, zM);
  date_iso(due, zD);
  db_begin(db);
  rc = db_exec(db, "INSERT INTO qpag_action(meeting_on, home_id, action, owner, due_on) VALUES(?, ?, ?, ?, ?)", "sIsss",
               zM, homeId, zAction, zOwner, zD);
  int64_t id = rc == DB_OK ? last_id(db, "qpag_action") : 0;
  if (rc == DB_OK) rc = db_exec(db, "UPDATE home_audit_action SET qpag_action_id=? WHERE id=?", "II", id, actionId);
  char zBefore[64];
  snprintf(zBefore, sizeof zBefore, "audit action %lld not in the QPAG tracker", (long long)actionId);
  char *zAfter = xmprintf("audit action %lld is QPAG action %lld, agreed %s, owner %s, due %s", (long long)actionId,
                          (long long)id, zM, zOwner, zD);
  if (rc == DB_OK) rc = home_audit_write(db, homeId, zActor, "audit-action.to-qpag", zBefore, zAfter);
  free(zAfter);
  free(zAction);
  free(zOwner);
  return home_write_end(db, rc, err, "meeting_on", "QPAG action") == 0 ? id : 0;
}

int64_t qpag_action_source(Db *db, int64_t qpagId, char *z, size_t n) {
  z[0] = 0;
  Stmt *s = db_query(db, "SELECT a.home_id, a.kind, a.done_on, h.name FROM home_audit_action x"
                         " JOIN home_audit a ON a.id = x.audit_id JOIN home h ON h.id = a.home_id"
                         " WHERE x.qpag_action_id=?", "I", qpagId);
  int rc = db_step(s);
  int64_t homeId = 0;
  if (rc == DB_ROW) {
    char zD[24];
    int kind = -1;
    for (int k = 0; k < HOME_N_AUDIT_ALL; k++) {
      if (strcmp(db_col_text(s, 1), home_audit_kinds[k]) == 0) kind = k;
    }
    homeId = db_col_int(s, 0);
    snprintf(z, n, "%s of %s at %s", kind >= 0 ? home_audit_labels[kind] : "Audit", date_long(db_col_date(s, 2), zD),
             db_col_text(s, 3));
  } else if (rc == DB_ERROR) {
    snprintf(z, n, "(where it came from could not be read)");
  }
  db_finalize(s);
  return homeId;
}

/* ---- Tables ------------------------------------------------------------------------------- */

enum { SV_HOME, SV_SURVEY, SV_HELD, SV_ASKED, SV_RESP, SV_AVG, SV_AGREE, SV_PHELD, SV_PAVG, SV_PAGREE, SV_CHANGE,
       SV_NEXT, SV_STATUS, SV_N };
static const RColumn aSvCol[SV_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"survey", "Survey", RCOL_TEXT, 14},
  {"held_on", "Closed", RCOL_DATE, 13},
  {"number_asked", "Asked", RCOL_INT, 8},
  {"responses", "Responses", RCOL_INT, 10},
  {"average_score", "Average score (out of 5)", RCOL_DEC, 12},
  {"agree_percent", "Answers agreeing (%)", RCOL_PCT, 12},
  {"previous_held_on", "Survey before", RCOL_DATE, 13},
  {"previous_average_score", "Its average score", RCOL_DEC, 12},
  {"previous_agree_percent", "Its answers agreeing (%)", RCOL_PCT, 12},
  {"change", "Change in average", RCOL_TEXT, 14},
  {"next_due", "Next survey due", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
};
enum { SQ_HOME, SQ_SURVEY, SQ_HELD, SQ_QUESTION, SQ_ANSWERS, SQ_AVG, SQ_AGREE, SQ_PAVG, SQ_CHANGE, SQ_N };
static const RColumn aSqCol[SQ_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"survey", "Survey", RCOL_TEXT, 14},
  {"held_on", "Closed", RCOL_DATE, 13},
  {"question", "Question", RCOL_TEXT, 48},
  {"answers", "Answers", RCOL_INT, 9},
  {"average_score", "Average score (out of 5)", RCOL_DEC, 12},
  {"agree_percent", "Agreeing (%)", RCOL_PCT, 12},
  {"previous_average_score", "Survey before", RCOL_DEC, 12},
  {"change", "Change", RCOL_TEXT, 14},
};
enum { SH_HOME, SH_SURVEY, SH_HELD, SH_ASKED, SH_RESP, SH_RATE, SH_AVG, SH_AGREE, SH_N };
static const RColumn aShCol[SH_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"survey", "Survey", RCOL_TEXT, 14},
  {"held_on", "Closed", RCOL_DATE, 13},
  {"number_asked", "Asked", RCOL_INT, 8},
  {"responses", "Responses", RCOL_INT, 10},
  {"response_percent", "Response rate (%)", RCOL_PCT, 12},
  {"average_score", "Average score (out of 5)", RCOL_DEC, 12},
  {"agree_percent", "Answers agreeing (%)", RCOL_PCT, 12},
};
enum { QA_HOME, QA_KIND, QA_DONE, QA_BY, QA_FOCUS, QA_FINDINGS, QA_ACTS, QA_INQPAG, QA_N };
static const RColumn aQaCol[QA_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"audit", "Audit", RCOL_TEXT, 12},
  {"done_on", "Done", RCOL_DATE, 13},
  {"auditor", "Auditor", RCOL_TEXT, 20},
  {"focus", "What was looked at", RCOL_TEXT, 32},
  {"findings", "Findings", RCOL_TEXT, 60},
  {"actions", "Actions", RCOL_INT, 9},
  {"actions_in_qpag_tracker", "In the QPAG tracker", RCOL_INT, 10},
};
enum { AA_HOME, AA_AUDIT, AA_ACTION, AA_OWNER, AA_DUE, AA_DONE, AA_STATUS, AA_QPAG, AA_N };
static const RColumn aAaCol[AA_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"audit", "From", RCOL_TEXT, 28},
  {"action", "Action", RCOL_TEXT, 48},
  {"owner", "Owner", RCOL_TEXT, 20},
  {"due_on", "Due", RCOL_DATE, 13},
  {"done_on", "Done", RCOL_DATE, 13},
  {"status", "Status", RCOL_TEXT, 12},
  {"qpag_meeting_on", "Agreed at QPAG", RCOL_DATE, 13},
};

void evidence_table_init(RTable *t, int k) {
  memset(t, 0, sizeof *t);
  switch (k) {
    case QPAG_SURVEYS:
      rtable_init(t, "Surveys", "Surveys of young people and professionals: the latest beside the one before",
                  "No survey is recorded yet.", aSvCol, SV_N);
      break;
    case QPAG_SURVEY_QUESTIONS:
      rtable_init(t, "Survey questions", "The latest surveys, question by question",
                  "No survey is recorded yet.", aSqCol, SQ_N);
      break;
    case QPAG_SURVEY_HISTORY:
      rtable_init(t, "Surveys over time", "Every survey, by home, over time",
                  "No survey is recorded yet.", aShCol, SH_N);
      break;
    case QPAG_QA_AUDITS:
      rtable_init(t, "Dip samples and audits", "Dip samples and full audits in the month",
                  "No dip sample or full audit was done in the month.", aQaCol, QA_N);
      break;
    case QPAG_QA_ACTIONS:
      rtable_init(t, "Audit actions", "Actions from dip samples and full audits",
                  "No action from a dip sample or full audit is open or was done in the month.", aAaCol, AA_N);
      break;
  }
}

int evidence_qpag_figure_table(int k) {
  return k == QPAG_SURVEYS || k == QPAG_SURVEY_QUESTIONS || k == QPAG_SURVEY_HISTORY;
}

/* "up 0.25", "down 0.50", "no change", or "first survey". */
static void change_text(int64_t now, int64_t before, int hasBefore, char *z, size_t n) {
  if (!hasBefore) snprintf(z, n, "first survey");
  else if (now == before) snprintf(z, n, "no change");
  else {
    int64_t d = now > before ? now - before : before - now;
    snprintf(z, n, "%s %lld.%02lld", now > before ? "up" : "down", (long long)(d / 100), (long long)(d % 100));
  }
}

static const char *status_words(Status s) {
  switch (s) {
    case ST_OVERDUE: return "overdue";
    case ST_DUE_TODAY: return "due today";
    case ST_DUE_SOON: return "due soon";
    default: return "not yet due";
  }
}

void evidence_surveys_table(const HomeRecords *h, Date asOf, RTable *t) {
  for (int k = 0; k < SURVEY_N_KINDS; k++) {
    const SurveyRound *prev, *r = survey_latest(h, k, asOf, &prev);
    /* A home that has never surveyed is in the indicators and, once the
    ** survey is overdue, the overdue items: no row of zeros here. */
    if (!r) continue;
    Date next = survey_next_due(h, k, asOf);
    char z[32];
    rtable_row(t);
    rtable_text(t, SV_HOME, h->home.zName);
    rtable_text(t, SV_SURVEY, survey_kind_labels[k]);
    rtable_num(t, SV_HELD, r->held);
    rtable_num(t, SV_ASKED, r->nAsked);
    rtable_num(t, SV_RESP, r->nResponses);
    rtable_num(t, SV_AVG, survey_average(r, 0));
    rtable_num(t, SV_AGREE, survey_agree_pct(r, 0));
    rtable_num(t, SV_PHELD, prev ? prev->held : DATE_NONE);
    rtable_num(t, SV_PAVG, prev ? survey_average(prev, 0) : 0);
    rtable_num(t, SV_PAGREE, prev ? survey_agree_pct(prev, 0) : 0);
    change_text(survey_average(r, 0), prev ? survey_average(prev, 0) : 0, prev != NULL, z, sizeof z);
    rtable_text(t, SV_CHANGE, z);
    rtable_num(t, SV_NEXT, next);
    rtable_text(t, SV_STATUS, status_words(home_status(next, DATE_NONE, asOf)));
  }
}

void evidence_history_table(const HomeRecords *h, Date asOf, RTable *t) {
  const HomeEvidence *e = h->pEvidence;
  for (int k = 0; k < SURVEY_N_KINDS; k++) {
    for (int i = 0; e && i < e->nRound; i++) {
      const SurveyRound *r = &e->aRound[i];
      if (r->kind != k || r->held > asOf) continue;
      rtable_row(t);
      rtable_text(t, SH_HOME, h->home.zName);
      rtable_text(t, SH_SURVEY, survey_kind_labels[k]);
      rtable_num(t, SH_HELD, r->held);
      rtable_num(t, SH_ASKED, r->nAsked);
      rtable_num(t, SH_RESP, r->nResponses);
      rtable_num(t, SH_RATE, rtable_pct(r->nResponses, r->nAsked));
      rtable_num(t, SH_AVG, survey_average(r, 0));
      rtable_num(t, SH_AGREE, survey_agree_pct(r, 0));
    }
  }
}

void evidence_questions_table(Db *db, const HomeRecords *h, Date asOf, int kind, RTable *t) {
  for (int k = 0; k < SURVEY_N_KINDS; k++) {
    if (kind >= 0 && k != kind) continue;
    const SurveyRound *prev, *r = survey_latest(h, k, asOf, &prev);
    if (!r) continue;
    SurveyQuestion aQ[SURVEY_MAX_Q];
    int nQ = survey_questions(db, k, aQ);
    if (nQ < 0 && h->pEvidence) h->pEvidence->ok = 0;   /* said by whoever shows the table */
    for (int i = 0; i < nQ; i++) {
      int p = aQ[i].position;
      char z[32];
      rtable_row(t);
      rtable_text(t, SQ_HOME, h->home.zName);
      rtable_text(t, SQ_SURVEY, survey_kind_labels[k]);
      rtable_num(t, SQ_HELD, r->held);
      rtable_text(t, SQ_QUESTION, aQ[i].zText);
      rtable_num(t, SQ_ANSWERS, r->aN[p]);
      rtable_num(t, SQ_AVG, survey_average(r, p));
      rtable_num(t, SQ_AGREE, survey_agree_pct(r, p));
      rtable_num(t, SQ_PAVG, prev ? survey_average(prev, p) : 0);
      change_text(survey_average(r, p), prev ? survey_average(prev, p) : 0, prev && prev->aN[p], z, sizeof z);
      rtable_text(t, SQ_CHANGE, z);
    }
    if (nQ > 0) survey_questions_free(aQ, nQ);
  }
}

static const HomeAudit *find_audit(const HomeRecords *h, int64_t id) {
  for (int i = 0; i < h->nAudit; i++) {
    if (h->aAudit[i].id == id) return &h->aAudit[i];
  }
  return NULL;
}

static int is_qa_audit(const HomeAudit *a) { return a && (a->kind == HOME_AUDIT_DIP || a->kind == HOME_AUDIT_FULL); }

/* ---- The QPAG report ----------------------------------------------------------------------- */

/* The day QPAG agreed the action, when it is in the tracker and that
** meeting was by asOf (a later one is not known yet); else DATE_NONE. */
static Date agreed_on(Db *db, const HomeAuditAction *x, Date asOf) {
  if (!x->qpagId) return DATE_NONE;
  Date d = date_of(db, "SELECT meeting_on FROM qpag_action WHERE id=?", x->qpagId);
  return d != DATE_NONE && d <= asOf ? d : DATE_NONE;
}

void evidence_qpag(Db *db, Date first, Date asOf, QpagReport *rep) {
  for (int k = QPAG_SURVEYS; k <= QPAG_QA_ACTIONS; k++) evidence_table_init(&rep->aTab[k], k);
  const Rule *rSurvey = rule("home_survey");
  int aSurveyed[SURVEY_N_KINDS] = {0}, nQa = 0, nOpen = 0, nOpenInQpag = 0;
  for (int i = 0; i < rep->nHome; i++) {
    HomeRecords h;
    if (!home_load(db, rep->aHome[i], &h)) {
      rep->readError = 1;   /* a listed home that does not load: a failed read */
      continue;
    }
    if (!h.pEvidence || !h.pEvidence->ok) rep->readError = 1;
    evidence_surveys_table(&h, asOf, &rep->aTab[QPAG_SURVEYS]);
    evidence_questions_table(db, &h, asOf, -1, &rep->aTab[QPAG_SURVEY_QUESTIONS]);
    if (!h.pEvidence || !h.pEvidence->ok) rep->readError = 1;
    evidence_history_table(&h, asOf, &rep->aTab[QPAG_SURVEY_HISTORY]);
    for (int k = 0; k < SURVEY_N_KINDS; k++) {
      /* Surveyed "in the last six months": a round held on or after the
      ** day the rule counts back to from asOf. */
      const SurveyRound *r = survey_latest(&h, k, asOf, NULL);
      aSurveyed[k] += r && rule_due(rSurvey, r->held) >= asOf;
    }
    RTable *qa = &rep->aTab[QPAG_QA_AUDITS];
    for (int k = 0; k < h.nAudit; k++) {
      const HomeAudit *a = &h.aAudit[k];
      if (!is_qa_audit(a) || a->done < first || a->done > asOf) continue;
      int nAct = 0, nIn = 0;
      for (int j = 0; j < h.nAuditAct; j++) {
        if (h.aAuditAct[j].auditId != a->id) continue;
        nAct++;
        nIn += agreed_on(db, &h.aAuditAct[j], asOf) != DATE_NONE;
      }
      nQa++;
      rtable_row(qa);
      rtable_text(qa, QA_HOME, h.home.zName);
      rtable_text(qa, QA_KIND, home_audit_labels[a->kind]);
      rtable_num(qa, QA_DONE, a->done);
      rtable_text(qa, QA_BY, a->zBy);
      rtable_text(qa, QA_FOCUS, a->zFocus);
      rtable_text(qa, QA_FINDINGS, a->zFindings);
      rtable_num(qa, QA_ACTS, nAct);
      rtable_num(qa, QA_INQPAG, nIn);
    }
    RTable *aa = &rep->aTab[QPAG_QA_ACTIONS];
    for (int j = 0; j < h.nAuditAct; j++) {
      const HomeAuditAction *x = &h.aAuditAct[j];
      const HomeAudit *a = find_audit(&h, x->auditId);
      if (!is_qa_audit(a) || a->done > asOf) continue;
      Date done = x->done != DATE_NONE && x->done <= asOf ? x->done : DATE_NONE;
      if (done != DATE_NONE && done < first) continue;
      Date meeting = agreed_on(db, x, asOf);
      if (done == DATE_NONE) {
        nOpen++;
        nOpenInQpag += meeting != DATE_NONE;
      }
      char zFrom[64], zD[24];
      snprintf(zFrom, sizeof zFrom, "%s of %s", home_audit_labels[a->kind], date_long(a->done, zD));
      Status st = home_status(x->due, done, asOf);
      rtable_row(aa);
      rtable_text(aa, AA_HOME, h.home.zName);
      rtable_text(aa, AA_AUDIT, zFrom);
      rtable_text(aa, AA_ACTION, x->zAction);
      rtable_text(aa, AA_OWNER, x->zOwner);
      rtable_num(aa, AA_DUE, x->due);
      rtable_num(aa, AA_DONE, done);
      rtable_text(aa, AA_STATUS, st == ST_DONE ? "done" : st == ST_DONE_LATE ? "done late" : status_words(st));
      rtable_num(aa, AA_QPAG, meeting);
    }
    home_clear(&h);
  }
  RTable *kp = &rep->aTab[QPAG_KPI];
  qpag_kpi(kp, "Homes with a young people's survey in the last six months", aSurveyed[SURVEY_YP], rep->nHome);
  qpag_kpi(kp, "Homes with a professionals' survey in the last six months", aSurveyed[SURVEY_PROF], rep->nHome);
  qpag_kpi(kp, "Dip samples and full audits in the month", nQa, nQa);
  qpag_kpi(kp, "Open actions from dip samples and full audits in the QPAG tracker", nOpenInQpag, nOpen);
}
