/*
** test_lado.c: the Designated Officer area (SPEC §6): the decision,
** initial and post-allegation meeting deadlines at their edges, the advice
** that cannot be edited (in the domain and in the database), corrections,
** the KPI report on a hand-built year, the dashboard lists, retention,
** CSV export/import (all or nothing), and the demo's year of activity.
**
** Dates worked out by hand from the calendar: 1 working day from Thursday
** 24 December 2026 skips Christmas Day (Friday), the weekend and the
** substitute Boxing Day holiday (Monday 28th) and lands on Tuesday 29
** December. 5 working days from Wednesday 1 April 2026 skip Good Friday
** (3rd), the weekend and Easter Monday (6th): Friday 10 April. 28 days
** from Friday 30 January 2026 is Friday 27 February.
*/
#include "testutil.h"
#include "demo.h"
#include "lado.h"
#include "rules.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
#define TODAY D("2026-06-30")
#define ACTOR "test:lado"

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

static void fail_errors(const char *zWhat, const Errors *e) {
  print_error("%s: %s: %s\n", zWhat, e->n ? e->a[0].zField : "?", e->n ? e->a[0].zMsg : "?");
  fail();
}

static int64_t contact(const char *zOn, const char *zSector) {
  LadoContactInput in = {.received = D(zOn), .zTime = "16:45", .zReferrer = "Jo O'Brien",
                         .zAgency = "St Mary's School", .zAdult = "Alex <Teacher>", .zRole = "Class teacher",
                         .zEmployer = "St Mary's School", .zSector = zSector,
                         .zChildren = "Pupil A (9)", .zAllegation = "Grabbed a pupil's arm"};
  Errors e = {0};
  int64_t id = lado_contact_add(db, &in, D("2027-12-31"), ACTOR, &e);
  if (!id) fail_errors("lado_contact_add", &e);
  return id;
}

static void decide(int64_t id, const char *zDecision, const char *zOn, const char *zAdvice) {
  Errors e = {0};
  if (lado_decide(db, id, zDecision, D(zOn), zAdvice, TODAY, ACTOR, &e) != 0) fail_errors("lado_decide", &e);
}

static void meeting(int64_t id, int initial, const char *zOn, const char *zLate, int threshold, int concluded,
                    const char *zNext) {
  LadoMeetingInput in = {.initial = initial, .held = D(zOn), .zLateReason = zLate, .thresholdMet = threshold,
                         .concluded = concluded, .next = zNext ? D(zNext) : DATE_NONE};
  Errors e = {0};
  if (lado_meeting_add(db, id, &in, TODAY, ACTOR, &e) != 0) fail_errors("lado_meeting_add", &e);
}

static void outcome(int64_t id, const char *zOutcome, const char *zOn, unsigned actions) {
  Errors e = {0};
  if (lado_outcome_set(db, id, zOutcome, D(zOn), actions, TODAY, ACTOR, &e) != 0) fail_errors("lado_outcome_set", &e);
}

static void close_case(int64_t id, const char *zOn) {
  Errors e = {0};
  if (lado_close(db, id, D(zOn), TODAY, ACTOR, &e) != 0) fail_errors("lado_close", &e);
}

static int audit_count(int64_t id, const char *zAction) {
  char zRec[40];
  snprintf(zRec, sizeof zRec, "lado:%lld", (long long)id);
  return (int)db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record = ? AND action = ?", "ss", zRec, zAction);
}

/* ---- The decision ------------------------------------------------------- */

static void test_decision_due_weekend_and_bank_holiday(void **state) {
  (void)state;
  /* Thursday before Christmas: Friday 25th and Monday 28th are holidays. */
  int64_t id = contact("2026-12-24", "education");
  LadoCase c;
  assert_true(lado_load(db, id, &c));
  assert_date_equal(c.decisionDue, D("2026-12-29"));
  Date due;
  assert_string_equal(lado_next_step(&c, D("2026-12-29"), &due), "decision");
  assert_date_equal(due, D("2026-12-29"));
  assert_false(lado_overdue(&c, D("2026-12-29")));
  assert_true(lado_overdue(&c, D("2026-12-30")));
  lado_clear(&c);
  /* A Friday contact is due on Monday. */
  int64_t fri = contact("2026-03-06", "sport");
  assert_true(lado_load(db, fri, &c));
  assert_date_equal(c.decisionDue, D("2026-03-09"));
  lado_clear(&c);
  /* New Year's Day: Thursday 31 December 2026 is due Monday 4 January. */
  int64_t nye = contact("2026-12-31", "sport");
  assert_true(lado_load(db, nye, &c));
  assert_date_equal(c.decisionDue, D("2027-01-04"));
  lado_clear(&c);
}

static void test_decision_validation(void **state) {
  (void)state;
  int64_t id = contact("2026-03-02", "health");
  Errors e = {0};
  /* Not met without advice: refused, the field named. */
  assert_int_equal(lado_decide(db, id, "concern", D("2026-03-02"), "", TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "advice"));
  memset(&e, 0, sizeof e);
  assert_int_equal(lado_decide(db, id, "maybe", D("2026-03-01"), NULL, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "decision"));
  assert_non_null(errors_for(&e, "decided_on"));
  decide(id, "referral", "2026-03-03", NULL);
  memset(&e, 0, sizeof e);
  assert_int_equal(lado_decide(db, id, "concern", D("2026-03-03"), "x", TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "decision"));
  /* A contact with a bad time is refused and nothing saved. */
  LadoContactInput in = {.received = D("2026-03-02"), .zTime = "25:00", .zReferrer = "A", .zAgency = "B",
                         .zAdult = "C", .zRole = "D", .zEmployer = "E", .zSector = "nursery",
                         .zChildren = "F", .zAllegation = "G"};
  memset(&e, 0, sizeof e);
  int n = (int)db_int(db, 0, "SELECT count(*) FROM lado_case", "");
  assert_int_equal(lado_contact_add(db, &in, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "received_time"));
  assert_non_null(errors_for(&e, "sector"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM lado_case", ""), n);
}

/* ---- Meetings ----------------------------------------------------------- */

static void test_initial_meeting_fifth_and_sixth_working_day(void **state) {
  (void)state;
  int64_t id = contact("2026-03-31", "education");
  decide(id, "referral", "2026-04-01", NULL);
  LadoCase c;
  assert_true(lado_load(db, id, &c));
  assert_date_equal(lado_iem_due(&c), D("2026-04-10"));
  lado_clear(&c);
  /* Held on the 6th working day without a reason: refused. */
  LadoMeetingInput in = {.initial = 1, .held = D("2026-04-13"), .thresholdMet = -1, .concluded = -1, .next = DATE_NONE};
  Errors e = {0};
  assert_int_equal(lado_meeting_add(db, id, &in, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "late_reason"));
  /* The 5th working day is on time and needs no reason. */
  int64_t id2 = contact("2026-03-31", "education");
  decide(id2, "referral", "2026-04-01", NULL);
  meeting(id2, 1, "2026-04-10", NULL, -1, -1, NULL);
  assert_true(lado_load(db, id2, &c));
  assert_date_equal(lado_iem(&c)->due, D("2026-04-10"));
  assert_null(lado_iem(&c)->zLateReason);
  lado_clear(&c);
  /* The 6th with a reason: saved, and late. */
  meeting(id, 1, "2026-04-13", "Police could not attend until Monday", -1, -1, NULL);
  assert_true(lado_load(db, id, &c));
  assert_string_equal(lado_iem(&c)->zLateReason, "Police could not attend until Monday");
  assert_true(lado_iem(&c)->held > lado_iem(&c)->due);
  lado_clear(&c);
  assert_int_equal(audit_count(id, "lado.meeting.initial"), 1);
}

static void test_post_allegation_meeting_28_days(void **state) {
  (void)state;
  int64_t id = contact("2026-01-22", "residential-care");
  decide(id, "referral", "2026-01-23", NULL);
  meeting(id, 1, "2026-01-30", NULL, -1, -1, NULL);
  LadoCase c;
  assert_true(lado_load(db, id, &c));
  assert_date_equal(lado_next_pam_due(&c), D("2026-02-27"));
  Date due;
  assert_string_equal(lado_next_step(&c, D("2026-02-27"), &due), "post-allegation meeting");
  assert_false(lado_overdue(&c, D("2026-02-27")));
  assert_true(lado_overdue(&c, D("2026-02-28")));
  lado_clear(&c);
  /* The day after needs a reason. */
  LadoMeetingInput in = {.initial = 0, .held = D("2026-02-28"), .thresholdMet = -1, .concluded = 0,
                         .next = D("2026-03-28")};
  Errors e = {0};
  assert_int_equal(lado_meeting_add(db, id, &in, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "late_reason"));
  /* Not concluded without the next meeting's date: refused. */
  in.held = D("2026-02-27");
  in.next = DATE_NONE;
  memset(&e, 0, sizeof e);
  assert_int_equal(lado_meeting_add(db, id, &in, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "next_on"));
  /* On the 28th day, investigation not concluded: the next is planned. */
  meeting(id, 0, "2026-02-27", NULL, -1, 0, "2026-03-27");
  assert_true(lado_load(db, id, &c));
  assert_date_equal(lado_next_pam_due(&c), D("2026-03-27"));
  assert_string_equal(lado_next_step(&c, D("2026-03-01"), &due), "post-allegation meeting");
  assert_date_equal(due, D("2026-03-27"));
  lado_clear(&c);
  /* The outcome needs no more meetings; closing needs the outcome. */
  e = (Errors){0};
  assert_int_equal(lado_close(db, id, D("2026-03-27"), TODAY, ACTOR, &e), -1);
  meeting(id, 0, "2026-03-27", NULL, -1, 1, NULL);
  assert_true(lado_load(db, id, &c));
  assert_string_equal(lado_next_step(&c, D("2026-03-27"), &due), "outcome");
  lado_clear(&c);
  outcome(id, "unsubstantiated", "2026-03-27", 1u << 3);
  close_case(id, "2026-03-30");
  assert_true(lado_load(db, id, &c));
  assert_null(lado_next_step(&c, D("2026-03-30"), &due));
  assert_int_equal(c.actions, 1u << 3);
  lado_clear(&c);
  /* Closed cases cannot change. */
  e = (Errors){0};
  assert_int_equal(lado_outcome_set(db, id, "false", D("2026-03-30"), 1u << 4, TODAY, ACTOR, &e), -1);
}

static void test_unclear_goes_to_meeting(void **state) {
  (void)state;
  int64_t id = contact("2026-05-04", "faith-group");
  decide(id, "unclear", "2026-05-05", NULL);
  LadoCase c;
  assert_true(lado_load(db, id, &c));
  assert_false(lado_is_referral(&c));
  Date due;
  assert_string_equal(lado_next_step(&c, D("2026-05-05"), &due), "initial meeting");
  lado_clear(&c);
  /* The meeting must say whether the threshold is met. */
  LadoMeetingInput in = {.initial = 1, .held = D("2026-05-07"), .thresholdMet = -1, .concluded = -1, .next = DATE_NONE};
  Errors e = {0};
  assert_int_equal(lado_meeting_add(db, id, &in, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "threshold_met"));
  meeting(id, 1, "2026-05-07", NULL, 0, -1, NULL);
  assert_true(lado_load(db, id, &c));
  assert_false(lado_is_referral(&c));
  assert_string_equal(lado_next_step(&c, D("2026-05-07"), &due), "closure");
  lado_clear(&c);
  close_case(id, "2026-05-08");
}

/* ---- Advice ------------------------------------------------------------- */

static void test_advice_cannot_be_edited(void **state) {
  (void)state;
  int64_t id = contact("2026-02-02", "sport");
  decide(id, "concern", "2026-02-02", "Speak to the coach about boundaries; no referral needed.");
  /* The database refuses to change or remove it, whoever asks. */
  assert_int_equal(db_exec(db, "UPDATE lado_advice SET advice = 'changed' WHERE case_id = ?", "I", id), DB_ERROR);
  assert_int_equal(db_exec(db, "DELETE FROM lado_advice WHERE case_id = ?", "I", id), DB_ERROR);
  /* A second advice is refused too: add a correction instead. */
  Errors e = {0};
  assert_int_equal(db_exec(db, "INSERT INTO lado_advice(case_id, advice, given_on, recorded_at, recorded_by)"
                               " VALUES(?, 'again', '2026-02-03', 'x', 'y')", "I", id), DB_ERROR);
  assert_int_equal(lado_advice_correct(db, id, "The coach is a volunteer, not staff.", ACTOR, &e), 0);
  assert_int_equal(lado_advice_correct(db, id, "Follow-up call made on 4 February.", ACTOR, &e), 0);
  assert_int_equal(db_exec(db, "UPDATE lado_advice_correction SET correction = 'x' WHERE case_id = ?", "I", id), DB_ERROR);
  LadoCase c;
  assert_true(lado_load(db, id, &c));
  assert_string_equal(c.zAdvice, "Speak to the coach about boundaries; no referral needed.");
  assert_int_equal(c.nCorr, 2);
  assert_string_equal(c.aCorr[0].zText, "The coach is a volunteer, not staff.");
  lado_clear(&c);
  assert_int_equal(audit_count(id, "lado.advice"), 1);
  assert_int_equal(audit_count(id, "lado.advice.correct"), 2);
  /* A correction needs advice to correct, and words. */
  int64_t other = contact("2026-02-02", "sport");
  e = (Errors){0};
  assert_int_equal(lado_advice_correct(db, other, "x", ACTOR, &e), -1);
  e = (Errors){0};
  assert_int_equal(lado_advice_correct(db, id, "  ", ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "correction"));
}

/* ---- The KPI report on a hand-built dataset ------------------------------- */

static int64_t cell(const LadoReport *r, int tab, int row, int col) { return rtable_cell(&r->aTab[tab], row, col)->v; }

static int row_of(const LadoReport *r, int tab, const char *zLabel) {
  const RTable *t = &r->aTab[tab];
  for (int i = 0; i < t->nRow; i++) {
    if (strcmp(rtable_cell(t, i, 0)->z, zLabel) == 0) return i;
  }
  print_error("no row \"%s\" in %s\n", zLabel, t->zTitle);
  fail();
  return -1;
}

static void build_year(void) {
  /* A: January, everything on time, substantiated, closed in 36 days. */
  int64_t a = contact("2026-01-05", "education");
  decide(a, "referral", "2026-01-06", NULL);
  Errors e = {0};
  assert_int_equal(lado_referral_set(db, a, "physical", "physical-contact", 1, ACTOR, &e), 0);
  meeting(a, 1, "2026-01-13", NULL, -1, -1, NULL);
  meeting(a, 0, "2026-02-10", NULL, -1, 1, NULL);
  outcome(a, "substantiated", "2026-02-10", 1u << 0 | 1u << 2);
  close_case(a, "2026-02-10");
  /* B: February, decided a day late, a concern closed in 2 days. */
  int64_t b = contact("2026-02-02", "sport");
  decide(b, "concern", "2026-02-04", "Advice on safer working practice");
  close_case(b, "2026-02-04");
  /* C: March, unclear; meeting late, threshold met; first PAM late. */
  int64_t c = contact("2026-03-02", "health");
  decide(c, "unclear", "2026-03-03", NULL);
  meeting(c, 1, "2026-03-12", "Chair unavailable", 1, -1, NULL);
  assert_int_equal(lado_referral_set(db, c, "sexual", "conduct-private-life", 0, ACTOR, &e), 0);
  meeting(c, 0, "2026-04-20", "Awaiting police", -1, 0, "2026-05-20");
  /* D: the quarter before; closed in this one after 71 days. */
  int64_t d = contact("2025-11-10", "foster-carer");
  decide(d, "referral", "2025-11-10", NULL);
  meeting(d, 1, "2025-11-14", NULL, -1, -1, NULL);
  meeting(d, 0, "2025-12-12", NULL, -1, 1, NULL);
  outcome(d, "unfounded", "2025-12-12", 1u << 4);
  close_case(d, "2026-01-20");
  /* E: the last Monday of March, never decided: overdue by asOf. */
  contact("2026-03-30", "education");
}

static void test_kpi_report_numbers(void **state) {
  (void)state;
  build_year();
  LadoReport r;
  lado_report(db, D("2026-01-01"), D("2026-03-31"), TODAY, &r);
  assert_date_equal(r.prevFrom, D("2025-10-01"));
  assert_date_equal(r.prevTo, D("2025-12-31"));
  assert_int_equal(r.nContacts, 4);
  assert_int_equal(r.nReferrals, 2);
  assert_int_equal(r.nPrevContacts, 1);
  assert_int_equal(r.nPrevReferrals, 1);
  /* Decisions: A, C on time; B late; E undecided past due. */
  int64_t aWant[3][6] = {{4, 2, 50, 1, 1, 100}, {2, 1, 50, 1, 1, 100}, {2, 1, 50, 1, 1, 100}};
  for (int i = 0; i < 3; i++) {
    for (int k = 0; k < 6; k++) assert_int_equal(cell(&r, LADO_KPI_TIMELINESS, i, 2 + k), aWant[i][k]);
  }
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_TIMELINESS], 0, 1)->z, "1 working day");
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_TIMELINESS], 2, 1)->z, "28 days");
  /* Closure: B within 4 weeks, A 4-8, D 8-12. */
  int64_t aBand[5][4] = {{1, 33, 0, 0}, {1, 33, 1, 50}, {1, 33, 1, 50}, {0, 0, 0, 0}, {0, 0, 0, 0}};
  for (int b = 0; b < 5; b++) {
    for (int k = 0; k < 4; k++) assert_int_equal(cell(&r, LADO_KPI_CLOSURE, b, 1 + k), aBand[b][k]);
  }
  /* Months. */
  assert_int_equal(r.aTab[LADO_KPI_MONTHS].nRow, 3);
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_MONTHS], 2, 0)->z, "2026-03");
  int64_t aMonth[3][2] = {{1, 1}, {1, 0}, {2, 1}};
  for (int m = 0; m < 3; m++) {
    assert_int_equal(cell(&r, LADO_KPI_MONTHS, m, 1), aMonth[m][0]);
    assert_int_equal(cell(&r, LADO_KPI_MONTHS, m, 2), aMonth[m][1]);
  }
  assert_int_equal(cell(&r, LADO_KPI_SECTOR, row_of(&r, LADO_KPI_SECTOR, "Education"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_SECTOR, row_of(&r, LADO_KPI_SECTOR, "Health"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_SECTOR, row_of(&r, LADO_KPI_SECTOR, "Foster carer"), 2), 1);
  assert_int_equal(cell(&r, LADO_KPI_SECTOR, row_of(&r, LADO_KPI_SECTOR, "Sport"), 1), 0);
  assert_int_equal(cell(&r, LADO_KPI_CATEGORY, row_of(&r, LADO_KPI_CATEGORY, "Sexual"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_CATEGORY, row_of(&r, LADO_KPI_CATEGORY, "Physical"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_CATEGORY, row_of(&r, LADO_KPI_CATEGORY, "Not recorded yet"), 2), 1);
  assert_int_equal(cell(&r, LADO_KPI_OUTCOME, row_of(&r, LADO_KPI_OUTCOME, "Substantiated"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_OUTCOME, row_of(&r, LADO_KPI_OUTCOME, "Unfounded"), 2), 1);
  assert_int_equal(cell(&r, LADO_KPI_ACTIONS, row_of(&r, LADO_KPI_ACTIONS, "Referral to the DBS"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_ACTIONS, row_of(&r, LADO_KPI_ACTIONS, "Disciplinary"), 1), 1);
  assert_int_equal(cell(&r, LADO_KPI_ACTIONS, row_of(&r, LADO_KPI_ACTIONS, "None"), 2), 1);

  Buf j = {0};
  lado_report_json(&r, &j);
  assert_non_null(strstr(j.z, "\"decisions_on_time\": {\"timescale\": \"1 working day\", \"total\": 4, \"on_time\": 2, \"percent\": 50"));
  assert_non_null(strstr(j.z, "\"by_month\": ["));
  assert_non_null(strstr(j.z, "{\"month\": \"2026-03\", \"contacts\": 2, \"referrals\": 1}"));
  buf_free(&j);
  Buf csv = {0};
  lado_report_csv(&r, &csv);
  assert_non_null(strstr(csv.z, "Key performance indicators\r\nindicator,timescale,total,on_time,percent,"));
  buf_free(&csv);
  lado_report_free(&r);

  /* A year that is not whole months compares with as many days before. */
  lado_report(db, D("2026-01-05"), D("2026-01-10"), TODAY, &r);
  assert_date_equal(r.prevFrom, D("2025-12-30"));
  assert_date_equal(r.prevTo, D("2026-01-04"));
  lado_report_free(&r);
}

/* ---- Issue 20: both denominators, four years, the other work ------------- */

static void test_kpi_denominators(void **state) {
  (void)state;
  build_year();
  LadoReport r;
  lado_report(db, D("2026-01-01"), D("2026-03-31"), TODAY, &r);
  /* The same on-time counts; Oversight divides by the work due (4, 2, 2),
  ** the council's report by every contact (A, B, C, E: 4) for decisions
  ** and initial meetings, and by every referral (A, C: 2) for the
  ** post-allegation meetings. Initial meetings: 1 of 2 (50%) against
  ** 1 of 4 (25%). */
  int64_t aWant[3][4] = {{2, 4, 50, 4}, {1, 2, 50, 4}, {1, 2, 50, 2}};
  int aCouncilPct[3] = {50, 25, 50};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(cell(&r, LADO_KPI_DENOMINATORS, i, 1), aWant[i][0]);
    assert_int_equal(cell(&r, LADO_KPI_DENOMINATORS, i, 3), aWant[i][1]);
    assert_int_equal(cell(&r, LADO_KPI_DENOMINATORS, i, 4), aWant[i][2]);
    assert_int_equal(cell(&r, LADO_KPI_DENOMINATORS, i, 6), aWant[i][3]);
    assert_int_equal(cell(&r, LADO_KPI_DENOMINATORS, i, 7), aCouncilPct[i]);
  }
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_DENOMINATORS], 1, 5)->z,
                      "Every contact received in the period, whether or not it needed a meeting");
  Buf j = {0};
  lado_report_json(&r, &j);
  assert_non_null(strstr(j.z, "\"initial_meetings_on_time\": {\"timescale\": \"5 working days\", \"total\": 2, \"on_time\": 1,"
                              " \"percent\": 50"));
  assert_non_null(strstr(j.z, "\"council_denominator\": \"Every contact received in the period, whether or not it needed"
                              " a meeting\", \"council_total\": 4, \"council_percent\": 25}"));
  assert_non_null(strstr(j.z, "\"council_denominator\": \"Every referral in the period\", \"council_total\": 2,"
                              " \"council_percent\": 50}"));
  buf_free(&j);
  lado_report_free(&r);
}

static void strategy(int64_t id, const char *zOn) {
  Errors e = {0};
  if (lado_strategy_add(db, id, D(zOn), NULL, TODAY, ACTOR, &e) != 0) fail_errors("lado_strategy_add", &e);
}

static void cross(int64_t id, int adult, int child, const char *zAuthority) {
  Errors e = {0};
  if (lado_cross_border_set(db, id, adult, child, zAuthority, ACTOR, &e) != 0) fail_errors("lado_cross_border_set", &e);
}

static void dip(const char *zOn, const char *zCases) {
  Errors e = {0};
  if (!lado_dip_save(db, 0, D(zOn), zCases, "Dates received recorded correctly", TODAY, ACTOR, &e)) fail_errors("dip", &e);
}

static void training(const char *zOn, const char *zKind, const char *zPeople) {
  Errors e = {0};
  if (!lado_training_save(db, 0, D(zOn), zKind, "School safeguarding leads", zPeople, TODAY, ACTOR, &e)) {
    fail_errors("training", &e);
  }
}

static void test_other_work_and_four_years(void **state) {
  (void)state;
  /* The financial year 2025/26 and the one before. Dates at the edges:
  ** the last day of each year (31 March, a month end), the first (1
  ** April), and bank holidays (Easter Monday 21 April 2025, the New
  ** Year substitute Monday 2 January 2023): records are counted by the
  ** day they happened, whatever the calendar. */
  int64_t a = contact("2026-03-31", "education");   /* this year, its last day */
  int64_t b = contact("2025-04-01", "sport");       /* this year, its first day */
  int64_t c = contact("2025-03-31", "health");      /* the year before, its last day */
  int64_t d = contact("2023-01-02", "police");      /* 2022/23, a bank holiday */
  decide(a, "referral", "2026-03-31", NULL);
  decide(b, "referral", "2025-04-01", NULL);
  decide(c, "referral", "2025-03-31", NULL);
  decide(d, "concern", "2023-01-03", "Advice given");
  strategy(a, "2026-03-31");          /* counted: the period's last day */
  strategy(b, "2025-04-01");          /* counted: its first day */
  strategy(b, "2025-04-21");          /* counted: Easter Monday; b has two */
  strategy(c, "2025-03-31");          /* the year before */
  strategy(a, "2026-04-01");          /* after the period: not counted */
  cross(a, 1, 0, "Somerset");         /* adult */
  cross(b, 0, 1, "Wiltshire");        /* child */
  cross(c, 1, 1, "Devon");            /* both, the year before */
  cross(d, 0, 0, NULL);               /* recorded as not: not counted */
  dip("2025-04-21", "12");            /* Easter Monday */
  dip("2026-03-31", "8");
  dip("2026-04-01", "5");             /* after the period */
  training("2025-06-30", "training", "20");
  training("2026-03-31", "training", "0");   /* no one came: a session, nobody trained */
  training("2025-12-01", "briefing", "50");
  training("2025-03-31", "training", "7");   /* the year before */

  LadoReport r;
  lado_report(db, D("2025-04-01"), D("2026-03-31"), TODAY, &r);
  /* strategy 3 (cases 2), cross 2 (adult 1, child 1), dips 2 (files 20),
  ** training 2 (people 20), briefings 1 (people 50); the year before:
  ** strategy 1, cross 1 (adult 1, child 1), training 1 (7). */
  int64_t aNow[11] = {3, 2, 2, 1, 1, 2, 20, 2, 20, 1, 50};
  int64_t aPrev[11] = {1, 1, 1, 1, 1, 0, 0, 1, 7, 0, 0};
  assert_int_equal(r.aTab[LADO_KPI_OTHER].nRow, 11);
  for (int i = 0; i < 11; i++) {
    assert_int_equal(cell(&r, LADO_KPI_OTHER, i, 1), aNow[i]);
    assert_int_equal(cell(&r, LADO_KPI_OTHER, i, 2), aPrev[i]);
  }
  /* Four financial years ending with the period's: contacts 1 in 2022/23
  ** (the bank holiday), none in 2023/24, 1 in 2024/25 (31 March), 2 in
  ** 2025/26; referrals 0, 0, 1, 2. */
  const RTable *y = &r.aTab[LADO_KPI_YEARS];
  assert_int_equal(y->nRow, 4);
  static const char *const azYear[4] = {"2022/23", "2023/24", "2024/25", "2025/26"};
  int64_t aC[4] = {1, 0, 1, 2}, aR[4] = {0, 0, 1, 2}, aS[4] = {0, 0, 1, 3}, aX[4] = {0, 0, 1, 2};
  for (int i = 0; i < 4; i++) {
    assert_string_equal(rtable_cell(y, i, 0)->z, azYear[i]);
    assert_int_equal(cell(&r, LADO_KPI_YEARS, i, 3), aC[i]);
    assert_int_equal(cell(&r, LADO_KPI_YEARS, i, 4), aR[i]);
    assert_int_equal(cell(&r, LADO_KPI_YEARS, i, 8), aS[i]);
    assert_int_equal(cell(&r, LADO_KPI_YEARS, i, 9), aX[i]);
  }
  assert_date_equal((Date)cell(&r, LADO_KPI_YEARS, 0, 1), D("2022-04-01"));
  assert_date_equal((Date)cell(&r, LADO_KPI_YEARS, 3, 2), D("2026-03-31"));
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 3, 10), 2);    /* dip samples */
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 3, 12), 20);   /* people trained */
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 3, 14), 50);   /* people briefed */
  Buf j = {0};
  lado_report_json(&r, &j);
  assert_non_null(strstr(j.z, "\"strategy_meetings\": 3,\n"));
  assert_non_null(strstr(j.z, "\"people_briefed\": 50,\n"));
  assert_non_null(strstr(j.z, "\"activity_by_year\": [\n    {\"year\": \"2022/23\", \"from\": \"2022-04-01\", \"to\": \"2023-03-31\","
                              " \"contacts\": 1, \"referrals\": 0,"));
  buf_free(&j);
  lado_report_free(&r);

  /* A period that ends inside a financial year: that year is counted to
  ** the period's last day (1 April to 30 April 2026: the strategy meeting
  ** and the dip sample of 1 April), the three before it whole. */
  lado_report(db, D("2026-04-01"), D("2026-04-30"), TODAY, &r);
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_YEARS], 3, 0)->z, "2026/27");
  assert_string_equal(rtable_cell(&r.aTab[LADO_KPI_YEARS], 0, 0)->z, "2023/24");
  assert_date_equal((Date)cell(&r, LADO_KPI_YEARS, 3, 2), D("2026-04-30"));
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 3, 8), 1);
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 3, 10), 1);
  assert_int_equal(cell(&r, LADO_KPI_YEARS, 2, 8), 3);
  lado_report_free(&r);
}

static void test_other_work_validated_and_audited(void **state) {
  (void)state;
  int64_t a = contact("2026-03-02", "education");
  Errors e = {0};
  /* A strategy meeting before the information came in, or in the future. */
  assert_int_equal(lado_strategy_add(db, a, D("2026-03-01"), NULL, TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "strategy_on"));
  e = (Errors){0};
  assert_int_equal(lado_strategy_add(db, a, D("2026-07-01"), NULL, TODAY, ACTOR, &e), -1);
  assert_string_equal(errors_for(&e, "strategy_on"), "The date of the strategy meeting must be today or in the past");
  strategy(a, "2026-03-03");
  assert_int_equal(audit_count(a, "lado.strategy"), 1);
  /* Cross-border: yes needs the authority; a change keeps what it was. */
  e = (Errors){0};
  assert_int_equal(lado_cross_border_set(db, a, 1, 0, "  ", ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "other_authority"));
  e = (Errors){0};
  assert_int_equal(lado_cross_border_set(db, a, -1, -1, NULL, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "cross_adult"));
  assert_non_null(errors_for(&e, "cross_child"));
  cross(a, 1, 0, "Somerset");
  cross(a, 0, 0, "Somerset");   /* the authority is dropped: not cross-border */
  LadoCase c;
  assert_true(lado_load(db, a, &c));
  assert_int_equal(c.crossAdult, 0);
  assert_null(c.zOtherAuthority);
  assert_int_equal(c.nStrat, 1);
  assert_false(lado_is_cross_border(&c));
  lado_clear(&c);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record = ? AND action = 'lado.cross-border'"
                                 " AND before_value LIKE '%adult from another authority yes%authority Somerset'"
                                 " AND after_value LIKE '%authority none'", "s", "lado:1"), 1);
  /* Dip samples: a whole number of 1 or more, findings, a past date. */
  e = (Errors){0};
  assert_int_equal(lado_dip_save(db, 0, D("2026-07-01"), "0", "", TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "sampled_on"));
  assert_string_equal(errors_for(&e, "cases_sampled"), "The number of case files sampled must be 1 or more");
  assert_non_null(errors_for(&e, "findings"));
  e = (Errors){0};
  assert_int_equal(lado_dip_save(db, 0, D("2026-06-30"), "twelve", "x", TODAY, ACTOR, &e), 0);
  assert_string_equal(errors_for(&e, "cases_sampled"), "The number of case files sampled must be a whole number, like 12");
  char zLong[LADO_FINDINGS_MAX + 2];
  memset(zLong, 'x', LADO_FINDINGS_MAX + 1);
  zLong[LADO_FINDINGS_MAX + 1] = 0;
  e = (Errors){0};
  assert_int_equal(lado_dip_save(db, 0, D("2026-06-30"), "3", zLong, TODAY, ACTOR, &e), 0);
  assert_string_equal(errors_for(&e, "findings"), "Findings must be 2000 characters or fewer");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM lado_dip_sample", ""), 0);
  e = (Errors){0};
  int64_t d = lado_dip_save(db, 0, D("2026-06-30"), " 12 ", "Dates right in 10", TODAY, ACTOR, &e);
  assert_true(d > 0);
  assert_int_equal(lado_dip_save(db, d, D("2026-06-29"), "11", "Dates right in 9", TODAY, ACTOR, &e), d);
  LadoDip got;
  assert_int_equal(lado_dip_load(db, d, &got), 1);
  assert_int_equal(got.cases, 11);
  assert_date_equal(got.on, D("2026-06-29"));
  free(got.zFindings);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record = 'lado-dip:1' AND action = 'lado.dip.correct'"
                                 " AND before_value = 'dip sample 2026-06-30; 12 case files sampled; findings: Dates right in 10'"
                                 " AND after_value = 'dip sample 2026-06-29; 11 case files sampled; findings: Dates right in 9'", ""), 1);
  e = (Errors){0};
  assert_int_equal(lado_dip_save(db, 99, D("2026-06-29"), "11", "x", TODAY, ACTOR, &e), 0);
  /* Training: a kind, an audience, people 0 or more. */
  e = (Errors){0};
  assert_int_equal(lado_training_save(db, 0, D("2026-06-30"), "workshop", "", "-1", TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "kind"));
  assert_non_null(errors_for(&e, "audience"));
  assert_string_equal(errors_for(&e, "people"), "The number of people who attended must be 0 or more");
  e = (Errors){0};
  int64_t t = lado_training_save(db, 0, D("2026-06-30"), "briefing", "Foster carers", "0", TODAY, ACTOR, &e);
  assert_true(t > 0);
  assert_int_equal(lado_training_save(db, t, D("2026-06-30"), "training", "Foster carers", "14", TODAY, ACTOR, &e), t);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record = 'lado-training:1'"
                                 " AND action = 'lado.training.correct' AND before_value = 'briefing 2026-06-30 to Foster carers; 0 people'"
                                 " AND after_value = 'training 2026-06-30 to Foster carers; 14 people'", ""), 1);
  LadoTraining *at;
  int n;
  assert_int_equal(lado_training_list(db, &at, &n), DB_OK);
  assert_int_equal(n, 1);
  assert_int_equal(at[0].people, 14);
  lado_training_free(at, n);
  /* A closed case takes no more strategy meetings. */
  decide(a, "concern", "2026-03-03", "Advice");
  close_case(a, "2026-03-04");
  e = (Errors){0};
  assert_int_equal(lado_strategy_add(db, a, D("2026-03-04"), NULL, TODAY, ACTOR, &e), -1);
}

/* ---- Dashboard, recommendations and retention ------------------------------ */

static void test_dashboard_and_recommendations(void **state) {
  (void)state;
  build_year();
  Errors e = {0};
  int64_t rec = lado_rec_add(db, 1, "Safer recruitment training for the school", "Head teacher", D("2026-06-01"),
                             TODAY, ACTOR, &e);
  assert_true(rec > 0);
  assert_true(lado_rec_add(db, 1, "Review the staff code", "Governors", D("2026-12-01"), TODAY, ACTOR, &e) > 0);
  RTable aTab[LADO_DASH_N];
  int64_t *aId;
  int nId;
  lado_dashboard(db, TODAY, aTab, &aId, &nId);
  /* Open: C (next PAM 20 May, overdue) and E (decision overdue). */
  assert_int_equal(aTab[LADO_DASH_OPEN].nRow, 2);
  assert_int_equal(aTab[LADO_DASH_OVERDUE].nRow, 2);
  assert_int_equal(rtable_cell(&aTab[LADO_DASH_OVERDUE], 0, 0)->v, 5);
  assert_string_equal(rtable_cell(&aTab[LADO_DASH_OVERDUE], 0, 2)->z, "decision");
  assert_string_equal(rtable_cell(&aTab[LADO_DASH_OVERDUE], 1, 2)->z, "post-allegation meeting");
  /* Only the overdue recommendation is chased; the December one is not due. */
  assert_int_equal(aTab[LADO_DASH_RECS].nRow, 1);
  assert_string_equal(rtable_cell(&aTab[LADO_DASH_RECS], 0, 5)->z, "Overdue");
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
  /* Not before it was made (today); and only once. */
  assert_int_equal(lado_rec_implemented(db, rec, D("2026-06-29"), TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "implemented_on"));
  e = (Errors){0};
  assert_int_equal(lado_rec_implemented(db, rec, TODAY, TODAY, ACTOR, &e), 0);
  assert_int_equal(lado_rec_implemented(db, rec, TODAY, TODAY, ACTOR, &e), -1);
  lado_dashboard(db, TODAY, aTab, &aId, &nId);
  assert_int_equal(aTab[LADO_DASH_RECS].nRow, 0);
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
}

/* A read that fails part way (here the meetings' table is gone) is a
** failure, never a list of cases that seem to have no meetings. */
static void test_read_failure_is_not_a_short_list(void **state) {
  (void)state;
  build_year();
  LadoList l;
  assert_true(lado_list(db, 0, TODAY, &l) > 0);
  lado_list_free(&l);
  assert_int_equal(db_exec_script(db, "DROP TABLE lado_meeting;"), DB_OK);
  assert_int_equal(lado_list(db, 0, TODAY, &l), -1);
  assert_int_equal(l.n, 0);
  assert_null(l.a);
  RTable aTab[LADO_DASH_N];
  int64_t *aId;
  int nId;
  assert_int_equal(lado_dashboard(db, TODAY, aTab, &aId, &nId), DB_ERROR);
  assert_int_equal(aTab[LADO_DASH_OPEN].nRow, 0);
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
  Buf b = {0};
  assert_int_equal(lado_csv(db, &b), DB_ERROR);
  buf_free(&b);
  LadoCase c;
  assert_false(lado_load(db, 1, &c));
  db_clear_failure(db);
}

static void test_retention_by_outcome(void **state) {
  (void)state;
  build_year();
  /* B (a concern) closed 4 February 2026: reviewed after 12 months;
  ** A (substantiated) after 10 years. Nothing is deleted. */
  LadoCase c;
  assert_true(lado_load(db, 2, &c));
  assert_date_equal(lado_retention_due(db, &c), D("2027-02-04"));
  lado_clear(&c);
  assert_true(lado_load(db, 1, &c));
  assert_date_equal(lado_retention_due(db, &c), D("2036-02-10"));
  lado_clear(&c);
  RTable aTab[LADO_DASH_N];
  int64_t *aId;
  int nId;
  /* D (unfounded) closed 20 January 2026 comes first, on its day. */
  lado_dashboard(db, D("2027-02-04"), aTab, &aId, &nId);
  assert_int_equal(aTab[LADO_DASH_RETENTION].nRow, 2);
  assert_int_equal(rtable_cell(&aTab[LADO_DASH_RETENTION], 0, 0)->v, 2);
  assert_int_equal(rtable_cell(&aTab[LADO_DASH_RETENTION], 1, 0)->v, 4);
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
  lado_dashboard(db, D("2027-02-03"), aTab, &aId, &nId);
  assert_int_equal(aTab[LADO_DASH_RETENTION].nRow, 1);
  assert_int_equal(rtable_cell(&aTab[LADO_DASH_RETENTION], 0, 0)->v, 4);
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
  lado_dashboard(db, D("2027-01-19"), aTab, &aId, &nId);
  assert_int_equal(aTab[LADO_DASH_RETENTION].nRow, 0);
  lado_tables_free(aTab, LADO_DASH_N);
  free(aId);
  /* A review keeps it and the next review counts from then. */
  Errors e = {0};
  assert_int_equal(lado_retention_review(db, 2, D("2027-02-05"), "Further contacts about the same coach", D("2027-03-01"),
                                         ACTOR, &e), 0);
  assert_true(lado_load(db, 2, &c));
  assert_date_equal(lado_retention_due(db, &c), D("2028-02-05"));
  lado_clear(&c);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM lado_case", ""), 5);
}

/* ---- Access ------------------------------------------------------------- */

static void test_only_the_designated_officer(void **state) {
  (void)state;
  assert_true(role_caps(ROLE_LADO) & CAP_LADO);
  assert_false(role_caps(ROLE_QA_MANAGER) & CAP_LADO);
  assert_false(role_caps(ROLE_IRO) & CAP_LADO);
  assert_false(role_caps(ROLE_ADMIN) & CAP_LADO);
  assert_false(role_caps(ROLE_BOARD) & CAP_LADO);
}

/* ---- CSV ---------------------------------------------------------------- */

static void test_csv_round_trip(void **state) {
  (void)state;
  build_year();
  Buf csv = {0};
  lado_csv(db, &csv);
  assert_non_null(strstr(csv.z, "case_ref,received_on,received_time,referrer,"));
  Db *db2 = test_db_open();
  Buf rep = {0};
  int rc = import_lado_text(db2, csv.z, csv.n, "tracker.csv", TODAY, ACTOR, &rep);
  if (rc != 0) print_error("%s", rep.z);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(rep.z, "Loaded 5 LADO cases"));
  Buf again = {0};
  lado_csv(db2, &again);
  assert_string_equal(again.z, csv.z);
  /* The same KPI numbers from the imported tracker. */
  LadoReport r1, r2;
  lado_report(db, D("2026-01-01"), D("2026-03-31"), TODAY, &r1);
  lado_report(db2, D("2026-01-01"), D("2026-03-31"), TODAY, &r2);
  Buf j1 = {0}, j2 = {0};
  lado_report_json(&r1, &j1);
  lado_report_json(&r2, &j2);
  assert_string_equal(j1.z, j2.z);
  buf_free(&j1);
  buf_free(&j2);
  lado_report_free(&r1);
  lado_report_free(&r2);
  /* Importing again: every row is already there, nothing loaded. */
  buf_reset(&rep);
  assert_int_equal(import_lado_text(db2, csv.z, csv.n, "tracker.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "row 2: case 1 is already in the database"));
  buf_free(&again);
  buf_free(&rep);
  buf_free(&csv);
  test_db_close(db2);
}

static void test_csv_bad_rows_load_nothing(void **state) {
  (void)state;
  const char *zHead =
      "case_ref,received_on,received_time,referrer,referrer_agency,adult_name,adult_role,employer,sector,children,"
      "allegation,decision,decided_on,advice,harm_category,allegation_type,police,initial_meeting_on,"
      "initial_meeting_late_reason,threshold_met_at_meeting,post_allegation_meetings,outcome,outcome_on,actions,closed_on\n";
  Buf b = {0};
  buf_puts(&b, zHead);
  buf_puts(&b, "10,2026-01-05,09:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,referral,2026-01-05,,physical,"
               "professional-boundaries,no,2026-01-09,,,2026-02-06,unfounded,2026-02-06,none,2026-02-07\n");
  buf_puts(&b, "11,2026-01-05,9am,Jo,School,Sam,Teacher,School,school,A (7),Shouted,concern,2026-01-05,,,,,,,,,,,,\n");
  buf_puts(&b, "12,2026-01-05,10:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,referral,2026-01-06,,,,,"
               "2026-01-20,,,,,,,\n");
  Buf rep = {0};
  assert_int_equal(import_lado_text(db, b.z, b.n, "t.csv", TODAY, ACTOR, &rep), -1);
  assert_null(strstr(rep.z, "row 2:"));
  assert_non_null(strstr(rep.z, "row 3: received_time must be HH:MM"));
  assert_non_null(strstr(rep.z, "sector must be one of"));
  assert_non_null(strstr(rep.z, "advice is empty"));
  assert_non_null(strstr(rep.z, "row 4: the initial meeting was due by 2026-01-13"));
  assert_non_null(strstr(rep.z, "Nothing was loaded: 2 rows to correct."));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM lado_case", ""), 0);
  /* Row 2 alone loads; a tracker row with meetings but no outcome yet
  ** leaves the next meeting due 28 days after the last one. */
  buf_reset(&b);
  buf_puts(&b, zHead);
  buf_puts(&b, "10,2026-01-05,09:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,referral,2026-01-05,,physical,"
               "professional-boundaries,no,2026-01-09,,,2026-02-06;2026-03-06,,,,\n");
  buf_reset(&rep);
  int rc = import_lado_text(db, b.z, b.n, "t.csv", TODAY, ACTOR, &rep);
  if (rc) print_error("%s", rep.z);
  assert_int_equal(rc, 0);
  LadoCase c;
  assert_true(lado_load(db, 10, &c));
  assert_int_equal(c.nMeet, 3);
  assert_date_equal(c.aMeet[1].next, D("2026-03-06"));
  assert_date_equal(lado_next_pam_due(&c), D("2026-04-03"));
  lado_clear(&c);
  meeting(10, 0, "2026-04-03", NULL, -1, 1, NULL);
  /* A missing column is named. */
  buf_reset(&rep);
  const char *zBad = "case_ref,received_on\n1,2026-01-01\n";
  assert_int_equal(import_lado_text(db, zBad, strlen(zBad), "t.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "missing column received_time"));
  buf_free(&rep);
  buf_free(&b);
}

/* The tracker carries the strategy meetings attended and the cross-border
** answers (issue 20): they load, export as they were, and are checked. */
static void test_csv_strategy_meetings_and_cross_border(void **state) {
  (void)state;
  const char *zHead =
      "case_ref,received_on,received_time,referrer,referrer_agency,adult_name,adult_role,employer,sector,children,"
      "allegation,decision,decided_on,advice,harm_category,allegation_type,police,initial_meeting_on,"
      "initial_meeting_late_reason,threshold_met_at_meeting,post_allegation_meetings,outcome,outcome_on,actions,closed_on,"
      "strategy_meetings,cross_border_adult,cross_border_child,other_authority\n";
  const char *zRow = "20,2026-01-05,09:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,referral,2026-01-05,,"
                     "physical,professional-boundaries,no,2026-01-09,,,,,,,,";
  Buf b = {0}, rep = {0};
  buf_puts(&b, zHead);
  /* Two meetings attended (spaces around ";" are read past); the adult works
  ** in Somerset. A second case: never asked (both empty). */
  buf_printf(&b, "%s2026-01-07; 2026-02-06,yes,no,Somerset\n", zRow);
  buf_puts(&b, "21,2026-01-05,10:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,concern,2026-01-05,Words,"
               ",,,,,,,,,,2026-01-06,,,,\n");
  int rc = import_lado_text(db, b.z, b.n, "t.csv", TODAY, ACTOR, &rep);
  if (rc) print_error("%s", rep.z);
  assert_int_equal(rc, 0);
  LadoCase c;
  assert_true(lado_load(db, 20, &c));
  assert_int_equal(c.nStrat, 2);
  assert_date_equal(c.aStrat[0].held, D("2026-01-07"));
  assert_date_equal(c.aStrat[1].held, D("2026-02-06"));
  assert_int_equal(c.crossAdult, 1);
  assert_int_equal(c.crossChild, 0);
  assert_string_equal(c.zOtherAuthority, "Somerset");
  assert_true(lado_is_cross_border(&c));
  lado_clear(&c);
  assert_true(lado_load(db, 21, &c));
  assert_int_equal(c.nStrat, 0);
  assert_int_equal(c.crossAdult, -1);
  assert_null(c.zOtherAuthority);
  lado_clear(&c);
  /* The import is audited with what it brought. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'lado.import' AND record = 'lado:20'"
                                 " AND after_value LIKE '%2 strategy meetings attended; cross-border Somerset'", ""), 1);
  /* Exported as loaded, and loaded again the same. */
  Buf csv = {0};
  lado_csv(db, &csv);
  assert_non_null(strstr(csv.z, ",closed_on,strategy_meetings,cross_border_adult,cross_border_child,other_authority\r\n"));
  assert_non_null(strstr(csv.z, ",2026-01-07;2026-02-06,yes,no,Somerset\r\n"));
  assert_non_null(strstr(csv.z, ",2026-01-06,,,,\r\n"));
  Db *db2 = test_db_open();
  buf_reset(&rep);
  assert_int_equal(import_lado_text(db2, csv.z, csv.n, "t.csv", TODAY, ACTOR, &rep), 0);
  Buf again = {0};
  lado_csv(db2, &again);
  assert_string_equal(again.z, csv.z);
  buf_free(&again);
  buf_free(&csv);
  test_db_close(db2);

  /* Each mistake named, and nothing loaded. */
  buf_reset(&b);
  buf_puts(&b, zHead);
  buf_printf(&b, "30%s2026-01-04,yes,no,Somerset\n", zRow + 2);          /* before received_on */
  buf_printf(&b, "31%s2026-02-06;2026-01-07,no,no,\n", zRow + 2);       /* out of order */
  buf_printf(&b, "32%s7 Jan 2026,no,no,\n", zRow + 2);                  /* not a date */
  buf_printf(&b, "33%s2026-07-01,no,no,\n", zRow + 2);                  /* after today */
  buf_printf(&b, "34%s,yes,,Somerset\n", zRow + 2);                     /* one side only */
  buf_printf(&b, "35%s,no,yes,\n", zRow + 2);                           /* no authority */
  buf_printf(&b, "36%s,no,no,Wiltshire\n", zRow + 2);                   /* authority, not crossing */
  buf_printf(&b, "37%s,maybe,no,\n", zRow + 2);
  buf_puts(&b, "38,2026-01-05,10:00,Jo,School,Sam,Teacher,School,education,A (7),Shouted,concern,2026-01-05,Words,"
               ",,,,,,,,,,2026-01-06,2026-01-07,,,\n");                /* after closed_on */
  buf_reset(&rep);
  assert_int_equal(import_lado_text(db, b.z, b.n, "t.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "row 2: strategy_meetings: 2026-01-04 is before received_on"));
  assert_non_null(strstr(rep.z, "row 3: strategy_meetings must be in date order"));
  assert_non_null(strstr(rep.z, "row 4: strategy_meetings must be dates as YYYY-MM-DD separated by ;, not \"7 Jan 2026\""));
  assert_non_null(strstr(rep.z, "row 5: strategy_meetings: 2026-07-01 is after today"));
  assert_non_null(strstr(rep.z, "row 6: cross_border_adult and cross_border_child go together"));
  assert_non_null(strstr(rep.z, "row 7: other_authority is empty"));
  assert_non_null(strstr(rep.z, "row 8: other_authority is only for a cross-border case"));
  assert_non_null(strstr(rep.z, "row 9: cross_border_adult must be yes, no or empty, not \"maybe\""));
  assert_non_null(strstr(rep.z, "row 10: strategy_meetings: 2026-01-07 is after closed_on"));
  assert_non_null(strstr(rep.z, "Nothing was loaded: 9 rows to correct."));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM lado_case WHERE id >= 30", ""), 0);
  /* A file with only some of the new columns is refused, naming them. */
  buf_reset(&rep);
  const char *zPart = "case_ref,received_on,received_time,referrer,referrer_agency,adult_name,adult_role,employer,sector,"
                      "children,allegation,decision,decided_on,advice,harm_category,allegation_type,police,"
                      "initial_meeting_on,initial_meeting_late_reason,threshold_met_at_meeting,post_allegation_meetings,"
                      "outcome,outcome_on,actions,closed_on,strategy_meetings\n";
  assert_int_equal(import_lado_text(db, zPart, strlen(zPart), "t.csv", TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "missing column cross_border_adult"));
  buf_free(&rep);
  buf_free(&b);
}

/* ---- The demo ----------------------------------------------------------- */

static void test_demo_has_a_year(void **state) {
  (void)state;
  int n = 0;
  char *zErr = NULL;
  assert_int_equal(demo_lado(db, 1, TODAY, &n, &zErr), 0);
  assert_true(n >= 150);
  /* Contacts in every one of the last 12 months, and every stage. */
  LadoReport r;
  lado_report(db, date_add_months(TODAY, -12) + 1, TODAY, TODAY, &r);
  assert_true(r.aTab[LADO_KPI_MONTHS].nRow >= 12);
  for (int i = 0; i < r.aTab[LADO_KPI_MONTHS].nRow; i++) assert_true(rtable_cell(&r.aTab[LADO_KPI_MONTHS], i, 1)->v > 0);
  assert_true(r.nReferrals > 20);
  assert_true(rtable_cell(&r.aTab[LADO_KPI_TIMELINESS], 2, 2)->v > 10);
  lado_report_free(&r);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_case WHERE closed_on IS NULL", "") > 5);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_recommendation", "") > 5);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_advice", "") > 20);
  /* Issue 20's records, so the report shows them. */
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_strategy_meeting", "") > 20);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_case WHERE cross_border_adult = 1 OR cross_border_child = 1", "") > 10);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_dip_sample", "") >= 10);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_training WHERE kind = 'briefing'", "") > 3);
  assert_true(db_int(db, 0, "SELECT count(*) FROM lado_training WHERE kind = 'training'", "") > 5);
  /* The same seed gives the same data. */
  Db *db2 = test_db_open();
  int n2 = 0;
  assert_int_equal(demo_lado(db2, 1, TODAY, &n2, &zErr), 0);
  Buf a = {0}, b = {0};
  lado_csv(db, &a);
  lado_csv(db2, &b);
  assert_int_equal(n, n2);
  assert_string_equal(a.z, b.z);
  buf_free(&a);
  buf_free(&b);
  test_db_close(db2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_decision_due_weekend_and_bank_holiday, setup, teardown),
    cmocka_unit_test_setup_teardown(test_decision_validation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_initial_meeting_fifth_and_sixth_working_day, setup, teardown),
    cmocka_unit_test_setup_teardown(test_post_allegation_meeting_28_days, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unclear_goes_to_meeting, setup, teardown),
    cmocka_unit_test_setup_teardown(test_advice_cannot_be_edited, setup, teardown),
    cmocka_unit_test_setup_teardown(test_kpi_report_numbers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_kpi_denominators, setup, teardown),
    cmocka_unit_test_setup_teardown(test_other_work_and_four_years, setup, teardown),
    cmocka_unit_test_setup_teardown(test_other_work_validated_and_audited, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dashboard_and_recommendations, setup, teardown),
    cmocka_unit_test_setup_teardown(test_read_failure_is_not_a_short_list, setup, teardown),
    cmocka_unit_test_setup_teardown(test_retention_by_outcome, setup, teardown),
    cmocka_unit_test_setup_teardown(test_only_the_designated_officer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_csv_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown(test_csv_bad_rows_load_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_csv_strategy_meetings_and_cross_border, setup, teardown),
    cmocka_unit_test_setup_teardown(test_demo_has_a_year, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
