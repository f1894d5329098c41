/*
** test_homes_evidence.c: the QA framework's evidence for the children's
** homes (homes_evidence.h): the six-monthly survey due date at its edges,
** survey scores worked out by hand, validation in users' words, dip
** samples and full audits with an action taken into the QPAG tracker
** (linked both ways, audited before and after), and their tables and
** indicators in the QPAG report.
**
** Worked by hand (rule home_survey: 6 months; home_due_soon: 3 working
** days before):
**   - a young people's survey closed Thursday 15 January 2026: the next
**     is due Wednesday 15 July 2026; due soon from Friday 10 July (three
**     working days back: 14, 13 and 10 July), overdue on 16 July;
**   - a professionals' survey closed Sunday 31 August 2025: six months on
**     is 28 February 2026 (no 31st: the month end is kept), overdue on
**     1 March 2026;
**   - a home registered 1 January 2025 that has never surveyed: due
**     1 July 2025.
*/
#include "testutil.h"
#include "homes.h"
#include "homes_evidence.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
#define TODAY D("2026-12-01")
#define ACTOR "test:homes-evidence"

static int setup(void **state) {
  (void)state;
  db = test_db_open();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  test_db_close(db);
  return 0;
}

static int64_t add_home(const char *zName, const char *zUrn) {
  HomeInput in = {.zName = zName, .zUrn = zUrn, .zManager = "Manny Manager", .zRi = "Robin Example", .zPlaces = "3",
                  .zAgeFrom = "8", .zAgeTo = "17", .registered = D("2025-01-01"), .zPurpose = "",
                  .vacantSince = DATE_NONE};
  Errors e = {0};
  int64_t id = home_save(db, 0, &in, TODAY, ACTOR, &e);
  assert_true(id > 0);
  return id;
}

static int64_t add_round(int64_t homeId, const char *zKind, const char *zHeld, const char *zAsked) {
  SurveyRoundInput in = {.zKind = zKind, .held = D(zHeld), .zAsked = "The young people living in the home",
                         .zNumberAsked = zAsked, .zFocus = "Feeling safe"};
  Errors e = {0};
  int64_t id = survey_round_add(db, homeId, &in, TODAY, ACTOR, &e);
  if (!id) {
    print_error("survey_round_add: %s: %s\n", e.n ? e.a[0].zField : "", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

/* The survey item of kind k in h as of asOf (the open one: refId 0). */
static const HomeItem *survey_item(const HomeItemList *l, int kind) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].kind == (kind == SURVEY_YP ? HI_SURVEY_YP : HI_SURVEY_PROF) && l->a[i].refId == 0) return &l->a[i];
  }
  return NULL;
}

static Status open_status(int64_t homeId, int kind, const char *zAsOf, Date *pDue) {
  HomeRecords h;
  assert_true(home_load(db, homeId, &h));
  HomeItemList l = {0};
  home_due(&h, D(zAsOf), 0, &l);
  const HomeItem *it = survey_item(&l, kind);
  assert_non_null(it);
  Status st = it->status;
  if (pDue) *pDue = it->due;
  home_items_free(&l);
  home_clear(&h);
  return st;
}

static void test_survey_due_edges(void **state) {
  (void)state;
  int64_t h = add_home("Edge House", "SC200001");
  Date due;
  /* Never surveyed: six months from the registration. */
  assert_int_equal(open_status(h, SURVEY_YP, "2025-06-30", &due), ST_DUE_SOON);
  assert_date_equal(due, D("2025-07-01"));
  assert_int_equal(open_status(h, SURVEY_YP, "2025-07-02", NULL), ST_OVERDUE);

  add_round(h, "young-people", "2026-01-15", "4");
  assert_int_equal(open_status(h, SURVEY_YP, "2026-07-09", &due), ST_OK);
  assert_date_equal(due, D("2026-07-15"));
  assert_int_equal(open_status(h, SURVEY_YP, "2026-07-10", NULL), ST_DUE_SOON);
  /* The day it is due it is not yet late (due today); the day after it is. */
  assert_int_equal(open_status(h, SURVEY_YP, "2026-07-15", NULL), ST_DUE_TODAY);
  assert_int_equal(open_status(h, SURVEY_YP, "2026-07-16", NULL), ST_OVERDUE);

  /* A month end: 31 August + 6 months is 28 February. */
  add_round(h, "professionals", "2025-08-31", "5");
  assert_int_equal(open_status(h, SURVEY_PROF, "2026-02-28", &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-02-28"));
  assert_int_equal(open_status(h, SURVEY_PROF, "2026-03-01", NULL), ST_OVERDUE);

  /* Held on the day it was due: on time; the next one day late: late. */
  add_round(h, "professionals", "2026-02-28", "5");
  add_round(h, "professionals", "2026-08-29", "5");
  HomeRecords r;
  assert_true(home_load(db, h, &r));
  HomeItemList l = {0};
  home_due(&r, D("2026-09-01"), 1, &l);
  int nOnTime = 0, nLate = 0;
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].kind != HI_SURVEY_PROF || !l.a[i].refId) continue;
    if (l.a[i].done == D("2026-02-28")) assert_int_equal(l.a[i].status, ST_DONE), nOnTime++;
    if (l.a[i].done == D("2026-08-29")) assert_int_equal(l.a[i].status, ST_DONE_LATE), nLate++;
  }
  assert_int_equal(nOnTime, 1);
  assert_int_equal(nLate, 1);
  /* The round of 28 February made the next due 28 August; held on the
  ** 29th, it was late. The next: 29 August + 6 months, 28 February 2027. */
  assert_date_equal(survey_next_due(&r, SURVEY_PROF, D("2026-09-01")), D("2027-02-28"));
  /* A survey closed after asOf is not known yet. */
  assert_date_equal(survey_next_due(&r, SURVEY_PROF, D("2026-08-28")), D("2026-08-28"));
  home_items_free(&l);
  home_clear(&r);
}

static int64_t respond(int64_t roundId, const char *zScores, Errors *e) {
  int a[SURVEY_MAX_Q + 1] = {0};
  for (int p = 1; *zScores && p <= SURVEY_MAX_Q; p++, zScores++) a[p] = *zScores == '.' ? 0 : *zScores - '0';
  return survey_response_add(db, roundId, a, "", ACTOR, e);
}

static void test_survey_scores_and_validation(void **state) {
  (void)state;
  int64_t h = add_home("Score House", "SC200002");
  int64_t r = add_round(h, "young-people", "2026-05-20", "3");
  Errors e = {0};
  /* By hand: A 5 4 . 3 5 4 (21 over 5), B 4 2 1 . . . (7 over 3), C 5 .
  ** . . . . (5 over 1): 33 over 9 = 3.67; agreeing (4 or 5) A 4, B 1, C 1:
  ** 6 of 9 = 66.67%; question 1: 5, 4, 5 = 14 over 3 = 4.67, all agree. */
  assert_true(respond(r, "54.354", &e) > 0);
  assert_true(respond(r, "421...", &e) > 0);
  assert_true(respond(r, "5.....", &e) > 0);
  assert_int_equal(e.n, 0);
  /* A fourth response, with only three asked, is refused. */
  assert_int_equal(respond(r, "555555", &e), 0);
  assert_int_equal(e.n, 1);
  assert_string_equal(e.a[0].zField, "q1");
  assert_non_null(strstr(e.a[0].zMsg, "each of the 3 people asked"));

  HomeRecords hr;
  assert_true(home_load(db, h, &hr));
  const SurveyRound *prev, *last = survey_latest(&hr, SURVEY_YP, TODAY, &prev);
  assert_non_null(last);
  assert_null(prev);
  assert_int_equal(last->nResponses, 3);
  assert_int_equal(survey_average(last, 0), 367);
  assert_int_equal(survey_agree_pct(last, 0), 6667);
  assert_int_equal(survey_average(last, 1), 467);
  assert_int_equal(survey_agree_pct(last, 1), 10000);
  assert_int_equal(survey_average(last, 2), 300);     /* 4 and 2 */
  assert_int_equal(survey_agree_pct(last, 2), 5000);
  assert_int_equal(last->aN[3], 1);
  assert_int_equal(survey_average(last, 6), 400);     /* only A answered */

  /* The table beside the one before: a second round scoring higher. */
  int64_t r2 = add_round(h, "young-people", "2026-11-20", "2");
  memset(&e, 0, sizeof e);
  assert_true(respond(r2, "444444", &e) > 0);
  assert_true(respond(r2, "555555", &e) > 0);
  home_clear(&hr);
  assert_true(home_load(db, h, &hr));
  RTable t;
  evidence_table_init(&t, QPAG_SURVEYS);
  evidence_surveys_table(&hr, TODAY, &t);
  assert_int_equal(t.nRow, 1);                         /* no professionals' survey yet: no row */
  assert_int_equal(rtable_cell(&t, 0, 2)->v, D("2026-11-20"));
  assert_int_equal(rtable_cell(&t, 0, 5)->v, 450);     /* 27 over 6 */
  assert_int_equal(rtable_cell(&t, 0, 7)->v, D("2026-05-20"));
  assert_int_equal(rtable_cell(&t, 0, 8)->v, 367);
  assert_string_equal(rtable_cell(&t, 0, 10)->z, "up 0.83");
  assert_int_equal(rtable_cell(&t, 0, 11)->v, D("2027-05-20"));
  rtable_clear(&t);
  home_clear(&hr);

  /* Validation, field by field, in users' words; nothing saved. */
  int before = (int)db_int(db, 0, "SELECT count(*) FROM survey_round", "");
  SurveyRoundInput bad = {.zKind = "staff", .held = D("2026-12-02"), .zAsked = "", .zNumberAsked = "0"};
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_add(db, h, &bad, TODAY, ACTOR, &e), 0);
  assert_int_equal(e.n, 4);
  assert_string_equal(e.a[0].zField, "survey_kind");
  assert_string_equal(e.a[1].zField, "survey_on");
  assert_string_equal(e.a[1].zMsg, "The date the survey closed must be today or in the past");
  assert_string_equal(e.a[2].zField, "survey_asked");
  assert_string_equal(e.a[3].zField, "survey_number");
  /* The same survey closing the same day again. */
  SurveyRoundInput dup = {.zKind = "young-people", .held = D("2026-05-20"), .zAsked = "Them", .zNumberAsked = "3"};
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_add(db, h, &dup, TODAY, ACTOR, &e), 0);
  assert_string_equal(e.a[0].zField, "survey_on");
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM survey_round", ""), before);
  /* A response with nothing answered, or a score out of range. */
  int64_t r3 = add_round(h, "professionals", "2026-11-21", "4");
  memset(&e, 0, sizeof e);
  assert_int_equal(respond(r3, "......", &e), 0);
  assert_string_equal(e.a[0].zField, "q1");
  memset(&e, 0, sizeof e);
  assert_int_equal(respond(r3, "4:....", &e), 0);      /* ':' is 10 */
  assert_string_equal(e.a[0].zField, "q2");

  /* Audited, with what was recorded. */
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action='survey.add'", "s", zRec), 3);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action='survey-response.add'"
                                 " AND after_value LIKE '%q3=blank%'", "s", zRec), 2);
}

/* A survey recorded with the wrong date or numbers is corrected, with the
** round before and after in the audit log (issue 20). */
static void test_survey_correction(void **state) {
  (void)state;
  int64_t h = add_home("Mend House", "SC200009");
  int64_t r = add_round(h, "young-people", "2026-05-20", "3");
  Errors e = {0};
  assert_true(respond(r, "555555", &e) > 0);
  assert_true(respond(r, "444444", &e) > 0);
  SurveyRoundInput in = {.held = D("2026-05-22"), .zAsked = "The three young people", .zNumberAsked = "4",
                         .zFocus = "Food"};
  assert_int_equal(survey_round_correct(db, r, &in, TODAY, ACTOR, &e), 0);
  assert_int_equal(e.n, 0);
  HomeRecords hr;
  assert_true(home_load(db, h, &hr));
  const SurveyRound *last = survey_latest(&hr, SURVEY_YP, TODAY, NULL);
  assert_non_null(last);
  assert_int_equal(last->held, D("2026-05-22"));
  assert_int_equal(last->nAsked, 4);
  assert_string_equal(last->zAsked, "The three young people");
  assert_string_equal(last->zFocus, "Food");
  assert_int_equal(last->nResponses, 2);               /* the responses stay with it */
  /* The next one is due six months after the corrected date. */
  assert_int_equal(survey_next_due(&hr, SURVEY_YP, TODAY), D("2026-11-22"));
  home_clear(&hr);
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action='survey.correct'"
                                 " AND before_value LIKE '%closed 2026-05-20, 3 asked (The young people living in the home), focus Feeling safe'"
                                 " AND after_value LIKE '%closed 2026-05-22, 4 asked (The three young people), focus Food'",
                          "s", zRec), 1);
  /* The same again changes nothing and writes nothing. */
  assert_int_equal(survey_round_correct(db, r, &in, TODAY, ACTOR, &e), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='survey.correct'", ""), 1);

  /* Fewer asked than responded; a date after today or before the home was
  ** registered; the day of another round of the kind; no such round. */
  SurveyRoundInput fewer = in;
  fewer.zNumberAsked = "1";
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, r, &fewer, TODAY, ACTOR, &e), -1);
  assert_string_equal(e.a[0].zField, "survey_number");
  assert_string_equal(e.a[0].zMsg, "2 responses are recorded: enter 2 or more");
  SurveyRoundInput late = in;
  late.held = D("2026-12-02");                         /* the day after TODAY */
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, r, &late, TODAY, ACTOR, &e), -1);
  assert_string_equal(e.a[0].zField, "survey_on");
  late.held = TODAY;                                   /* today itself is fine */
  late.zFocus = "Food today";
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, r, &late, TODAY, ACTOR, &e), 0);
  late.held = D("2024-12-31");
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, r, &late, TODAY, ACTOR, &e), -1);
  assert_string_equal(e.a[0].zMsg, "The survey cannot close before the home was registered");
  add_round(h, "young-people", "2026-06-01", "3");
  SurveyRoundInput clash = in;
  clash.held = D("2026-06-01");
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, r, &clash, TODAY, ACTOR, &e), -1);
  assert_string_equal(e.a[0].zField, "survey_on");
  assert_non_null(strstr(e.a[0].zMsg, "already recorded"));
  memset(&e, 0, sizeof e);
  assert_int_equal(survey_round_correct(db, 999, &in, TODAY, ACTOR, &e), -1);
  assert_string_equal(e.a[0].zMsg, "There is no survey 999");
  /* None of the refused ones changed it. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM survey_round WHERE id=? AND held_on=? AND number_asked=4"
                                 " AND focus='Food today'", "Is", r, "2026-12-01"), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='survey.correct'", ""), 2);
}

static void test_audit_action_into_qpag(void **state) {
  (void)state;
  int64_t h = add_home("Dip House", "SC200003");
  Errors e = {0};
  /* A monthly audit kind is not a dip sample. */
  assert_int_equal(qa_audit_add(db, h, "fire-safety", D("2026-05-03"), "Sam", "Missing", "", TODAY, ACTOR, &e), 0);
  assert_string_equal(e.a[0].zField, "qa_kind");
  memset(&e, 0, sizeof e);
  assert_int_equal(qa_audit_add(db, h, "dip-sample", D("2026-05-03"), "Sam Sampler", "", "", TODAY, ACTOR, &e), 0);
  assert_string_equal(e.a[0].zField, "qa_focus");
  memset(&e, 0, sizeof e);
  int64_t a = qa_audit_add(db, h, "dip-sample", D("2026-05-03"), "Sam Sampler", "Missing from home episodes",
                           "Two return interviews late", TODAY, ACTOR, &e);
  assert_true(a > 0);
  int64_t x = audit_action_add(db, a, "Return interviews within 72 hours", "Manny Manager", D("2026-06-30"), ACTOR, &e);
  assert_true(x > 0);
  /* The meeting after the action's due date, or in the future: refused. */
  assert_int_equal(audit_action_to_qpag(db, x, D("2026-07-01"), TODAY, ACTOR, &e), 0);
  assert_string_equal(e.a[0].zField, "meeting_on");
  assert_non_null(strstr(e.a[0].zMsg, "30 June 2026"));
  memset(&e, 0, sizeof e);
  assert_int_equal(audit_action_to_qpag(db, x, D("2026-12-02"), TODAY, ACTOR, &e), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM qpag_action", ""), 0);
  /* On the due day itself: taken in, with the action's words, owner and date. */
  memset(&e, 0, sizeof e);
  int64_t q = audit_action_to_qpag(db, x, D("2026-06-30"), TODAY, ACTOR, &e);
  assert_true(q > 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM qpag_action WHERE id=? AND home_id=? AND meeting_on='2026-06-30'"
                                 " AND due_on='2026-06-30' AND owner='Manny Manager'"
                                 " AND action='Return interviews within 72 hours'", "II", q, h), 1);
  assert_int_equal(db_int(db, 0, "SELECT qpag_action_id FROM home_audit_action WHERE id=?", "I", x), q);
  char z[200];
  assert_int_equal(qpag_action_source(db, q, z, sizeof z), h);
  assert_string_equal(z, "Dip sample of 3 May 2026 at Dip House");
  /* Once only. */
  assert_int_equal(audit_action_to_qpag(db, x, D("2026-06-29"), TODAY, ACTOR, &e), 0);
  assert_non_null(strstr(e.a[0].zMsg, "already in the QPAG action tracker"));
  /* Audited before and after. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='audit-action.to-qpag'"
                                 " AND before_value LIKE '%not in the QPAG tracker' AND after_value LIKE '%due 2026-06-30'", ""), 1);

  /* The QPAG report for May: the dip sample and its action; the monthly
  ** audits indicator does not count it. */
  memset(&e, 0, sizeof e);
  assert_true(home_audit_add(db, h, "fire-safety", D("2026-05-04"), "Home manager", "", TODAY, ACTOR, &e) > 0);
  int month;
  month_parse("2026-05", &month);
  QpagReport r;
  qpag_report(db, month, TODAY, &r);
  assert_int_equal(r.aTab[QPAG_QA_AUDITS].nRow, 1);
  assert_int_equal(rtable_cell(&r.aTab[QPAG_QA_AUDITS], 0, 6)->v, 1);   /* actions */
  assert_int_equal(rtable_cell(&r.aTab[QPAG_QA_AUDITS], 0, 7)->v, 0);   /* agreed in June: not yet in May */
  assert_int_equal(r.aTab[QPAG_QA_ACTIONS].nRow, 1);
  assert_int_equal(rtable_cell(&r.aTab[QPAG_QA_ACTIONS], 0, 7)->v, DATE_NONE);
  const RTable *k = &r.aTab[QPAG_KPI];
  int seen = 0;
  for (int i = 0; i < k->nRow; i++) {
    if (strcmp(rtable_cell(k, i, 0)->z, "Monthly audits completed (4 a home)") == 0) {
      assert_int_equal(rtable_cell(k, i, 1)->v, 1), seen++;
    }
    if (strcmp(rtable_cell(k, i, 0)->z, "Dip samples and full audits in the month") == 0) {
      assert_int_equal(rtable_cell(k, i, 1)->v, 1), seen++;
    }
  }
  assert_int_equal(seen, 2);
  qpag_report_free(&r);
  /* June: the action is in the tracker, agreed on the 30th. */
  month_parse("2026-06", &month);
  qpag_report(db, month, TODAY, &r);
  assert_int_equal(r.aTab[QPAG_QA_AUDITS].nRow, 0);
  assert_int_equal(r.aTab[QPAG_QA_ACTIONS].nRow, 1);
  assert_int_equal(rtable_cell(&r.aTab[QPAG_QA_ACTIONS], 0, 7)->v, D("2026-06-30"));
  qpag_report_free(&r);
}

static int64_t kpi_value(const QpagReport *r, const char *zName) {
  const RTable *k = &r->aTab[QPAG_KPI];
  for (int i = 0; i < k->nRow; i++) {
    if (strcmp(rtable_cell(k, i, 0)->z, zName) == 0) return rtable_cell(k, i, 1)->v;
  }
  fail_msg("no indicator %s", zName);
  return -1;
}

/* "In the last six months" at a month end: a survey closed 31 January
** counts at the end of July (due 31 July, not yet late) and not at the end
** of August. The JSON holds the new tables under their keys. */
static void test_qpag_surveys(void **state) {
  (void)state;
  int64_t h = add_home("Month End House", "SC200004");
  int64_t r = add_round(h, "young-people", "2026-01-31", "2");
  Errors e = {0};
  assert_true(respond(r, "45....", &e) > 0);
  int month;
  QpagReport rep;
  month_parse("2026-07", &month);
  qpag_report(db, month, TODAY, &rep);
  assert_int_equal(kpi_value(&rep, "Homes with a young people's survey in the last six months"), 1);
  assert_int_equal(kpi_value(&rep, "Homes with a professionals' survey in the last six months"), 0);
  assert_int_equal(rep.aTab[QPAG_SURVEYS].nRow, 1);
  /* 31 January + 6 months is 31 July, the month's last day: due that day. */
  assert_string_equal(rtable_cell(&rep.aTab[QPAG_SURVEYS], 0, 12)->z, "due today");
  assert_int_equal(rep.aTab[QPAG_SURVEY_QUESTIONS].nRow, 6);
  assert_int_equal(rep.aTab[QPAG_SURVEY_HISTORY].nRow, 1);
  Buf j = {0};
  qpag_report_json(&rep, &j);
  json_error_t jerr;
  json_t *o = json_loads(j.z, 0, &jerr);
  assert_non_null(o);
  json_t *tabs = json_object_get(o, "tables");
  static const char *const azKey[] = {"surveys", "survey_questions", "survey_history", "dip_samples_and_audits",
                                      "audit_actions"};
  for (int i = 0; i < 5; i++) assert_non_null(json_object_get(tabs, azKey[i]));
  json_t *row = json_array_get(json_object_get(json_object_get(tabs, "surveys"), "rows"), 0);
  assert_true(json_real_value(json_object_get(row, "average_score")) == 4.5);
  assert_string_equal(json_string_value(json_object_get(row, "held_on")), "2026-01-31");
  json_decref(o);
  buf_free(&j);
  qpag_report_free(&rep);
  month_parse("2026-08", &month);
  qpag_report(db, month, TODAY, &rep);
  assert_int_equal(kpi_value(&rep, "Homes with a young people's survey in the last six months"), 0);
  assert_string_equal(rtable_cell(&rep.aTab[QPAG_SURVEYS], 0, 12)->z, "overdue");
  /* The overdue survey is among the month's overdue items. */
  int found = 0;
  for (int i = 0; i < rep.aTab[QPAG_OVERDUE_ITEMS].nRow; i++) {
    found |= strcmp(rtable_cell(&rep.aTab[QPAG_OVERDUE_ITEMS], i, 2)->z, "Young people's survey") == 0;
  }
  assert_true(found);
  qpag_report_free(&rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_survey_due_edges, setup, teardown),
    cmocka_unit_test_setup_teardown(test_survey_scores_and_validation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_survey_correction, setup, teardown),
    cmocka_unit_test_setup_teardown(test_audit_action_into_qpag, setup, teardown),
    cmocka_unit_test_setup_teardown(test_qpag_surveys, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
