/*
** test_escalations.c: escalation and dispute resolution (SPEC §5): stage
** deadlines and the whole-process limit at their edges, moving through
** every stage, validation in users' words, the audit trail, the weekly
** list, and CSV export/import (all or nothing).
**
** Expected dates were worked out by hand from the calendar and checked
** with `oversight calendar add`: 5 working days from Thursday 18 December
** 2025 skip Christmas Day, Boxing Day and the weekend and land on Monday
** 29 December; 20 working days also skip New Year's Day and land on
** Tuesday 20 January 2026.
*/
#include "testutil.h"
#include "children.h"
#include "csv.h"
#include "escalations.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Db *db;
/* Steps are validated against this day, not the clock, so the tests do
** not change meaning as time passes. */
#define TODAY D("2026-06-30")
#define ACTOR "test:esc"

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

static void add_child_to(Db *pDb, const char *zRef, const char *zLocality) {
  ChildInput in = {.zRef = zRef, .zGiven = "Test", .zFamily = "Child", .zDob = "2014-05-01",
                   .zSex = "F", .zLocality = zLocality, .disability = -1, .uasc = 0};
  Errors e = {0};
  if (!child_add(pDb, &in, ACTOR, &e)) {
    print_error("child_add %s: %s\n", zRef, e.n ? e.a[0].zMsg : "?");
    fail();
  }
}
static void add_child(const char *zRef, const char *zLocality) { add_child_to(db, zRef, zLocality); }

/* Raise a valid escalation about one child, informal, on zOn. */
static int64_t raise_one(const char *zChild, const char *zOn, const char *zCategory) {
  const char *az[] = {zChild};
  EscalationInput in = {.azChild = az, .nChild = 1, .zCategory = zCategory, .zTopic = "placement",
                        .zConcern = "No permanence plan after the second review",
                        .zOutcomeWanted = "A permanence planning meeting within two weeks",
                        .zRaisedBy = "Sam Patel", .zResponder = "Pat Jones (social worker)",
                        .raised = D(zOn)};
  Errors e = {0};
  int64_t id = escalation_raise(db, &in, TODAY, ACTOR, &e);
  if (!id) {
    print_error("escalation_raise: %s: %s\n", e.n ? e.a[0].zField : "?", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

static void ok_respond(int64_t id, const char *zOn) {
  Errors e = {0};
  assert_int_equal(escalation_respond(db, id, "Meeting booked", D(zOn), TODAY, ACTOR, &e), 0);
}

static void ok_move(int64_t id, const char *zOn, const char *zResponder) {
  Errors e = {0};
  if (escalation_move(db, id, "No reply by the due date", zResponder, D(zOn), TODAY, ACTOR, &e)) {
    print_error("escalation_move: %s: %s\n", e.a[0].zField, e.a[0].zMsg);
    fail();
  }
}

static void ok_close(int64_t id, const char *zOn, const char *zOutcome) {
  Errors e = {0};
  assert_int_equal(escalation_close(db, id, zOutcome, "Plan agreed for the child", D(zOn), TODAY,
                                    ACTOR, &e), 0);
}

static Escalation load(int64_t id) {
  Escalation e;
  assert_int_equal(escalation_load(db, id, &e), 1);
  return e;
}

static int64_t count(const char *zSql, const char *zArg) {
  return zArg ? db_int(db, -1, zSql, "s", zArg) : db_int(db, -1, zSql, "");
}

/* The message for a field, failing the test if there is none. */
static const char *msg_for(const Errors *e, const char *zField) {
  const char *z = errors_for(e, zField);
  if (!z) {
    print_error("no error for field %s (%d errors)\n", zField, e->n);
    for (int i = 0; i < e->n; i++) print_error("  %s: %s\n", e->a[i].zField, e->a[i].zMsg);
    fail();
  }
  return z;
}

/* ---- Deadlines ---------------------------------------------------------- */

static void stage_response_due_across_bank_holidays(void **state) {
  (void)state;
  add_child("100001", "North");
  int64_t id = raise_one("100001", "2025-12-18", "permanence");
  Escalation e = load(id);
  assert_int_equal(e.nStage, 1);
  assert_int_equal(e.aStage[0].stage, ESC_STAGE_INFORMAL);
  assert_date_equal(e.aStage[0].started, D("2025-12-18"));
  assert_date_equal(e.aStage[0].due, D("2025-12-29"));
  /* Unanswered: on time through the due date, overdue the day after. */
  assert_false(escalation_overdue(&e, D("2025-12-29")));
  assert_int_equal(escalation_stage_status(&e.aStage[0], D("2025-12-29")), ST_DUE_TODAY);
  assert_true(escalation_overdue(&e, D("2025-12-30")));
  assert_int_equal(escalation_stage_status(&e.aStage[0], D("2025-12-30")), ST_OVERDUE);
  escalation_clear(&e);

  /* A stage started on Christmas Eve: New Year's Day falls in its five. */
  ok_move(id, "2025-12-24", "Team manager, North");
  e = load(id);
  assert_int_equal(e.nStage, 2);
  assert_date_equal(e.aStage[1].due, D("2026-01-05"));
  escalation_clear(&e);
}

static void response_on_due_date_is_on_time(void **state) {
  (void)state;
  add_child("100002", NULL);
  int64_t onTime = raise_one("100002", "2025-12-18", "care-planning");
  int64_t late = raise_one("100002", "2025-12-18", "care-planning");
  int64_t unanswered = raise_one("100002", "2025-12-18", "care-planning");
  ok_respond(onTime, "2025-12-29");
  ok_respond(late, "2025-12-30");
  Escalation a = load(onTime), b = load(late), u = load(unanswered);
  assert_int_equal(escalation_stage_status(&a.aStage[0], D("2026-01-15")), ST_DONE);
  assert_int_equal(escalation_stage_status(&b.aStage[0], D("2026-01-15")), ST_DONE_LATE);
  /* Answered, even late, is no longer waiting for anyone: not overdue. */
  assert_false(escalation_overdue(&a, D("2026-01-15")));
  assert_false(escalation_overdue(&b, D("2025-12-30")));
  assert_true(escalation_overdue(&u, D("2025-12-30")));
  escalation_clear(&a);
  escalation_clear(&b);
  escalation_clear(&u);
}

static void whole_process_flagged_after_twenty_working_days(void **state) {
  (void)state;
  add_child("100003", NULL);
  int64_t within = raise_one("100003", "2025-12-18", "drift-and-delay");
  int64_t past = raise_one("100003", "2025-12-18", "drift-and-delay");
  int64_t open = raise_one("100003", "2025-12-18", "drift-and-delay");
  ok_close(within, "2026-01-20", "resolved");
  ok_close(past, "2026-01-21", "partly-resolved");

  Escalation a = load(within), b = load(past), c = load(open);
  assert_date_equal(escalation_total_due(&a), D("2026-01-20"));
  assert_false(escalation_flagged(&a, D("2026-03-01")));
  assert_true(escalation_flagged(&b, D("2026-03-01")));
  /* Seen on the 20th, before it closed, the late one was still in time. */
  assert_false(escalation_flagged(&b, D("2026-01-20")));
  assert_false(escalation_flagged(&c, D("2026-01-20")));
  assert_true(escalation_flagged(&c, D("2026-01-21")));
  escalation_clear(&a);
  escalation_clear(&b);
  escalation_clear(&c);
}

/* Rules are data: a changed timescale applies to stages started after the
** change, while a stage's stored due date stays what was asked. */
static void stage_deadline_comes_from_the_rules_table(void **state) {
  (void)state;
  add_child("100004", NULL);
  int64_t before = raise_one("100004", "2024-03-25", "permanence");
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "escalation_stage_response", 10, "working-days", ACTOR, &zErr), 0);
  int64_t after = raise_one("100004", "2024-03-25", "permanence");
  Escalation a = load(before), b = load(after);
  /* Easter 2024: Good Friday 29 March and Easter Monday 1 April. */
  assert_date_equal(a.aStage[0].due, D("2024-04-03"));
  assert_date_equal(b.aStage[0].due, D("2024-04-10"));
  escalation_clear(&a);
  escalation_clear(&b);
  assert_int_equal(rules_set(db, "escalation_stage_response", 5, "working-days", ACTOR, &zErr), 0);
}

/* ---- Stages ------------------------------------------------------------- */

static void moves_through_every_stage_to_cafcass(void **state) {
  (void)state;
  add_child("100005", "South");
  int64_t id = raise_one("100005", "2026-01-05", "permanence");
  static const char *const azOn[] = {"2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02",
                                     "2026-02-09", "2026-02-16"};
  static const char *const azWho[] = {"Team manager", "Service manager", "Head of locality",
                                      "Director", "Executive director", "Cafcass"};
  for (int i = 0; i < 6; i++) ok_move(id, azOn[i], azWho[i]);
  Escalation e = load(id);
  assert_int_equal(e.nStage, 7);
  for (int i = 0; i < 7; i++) {
    assert_int_equal(e.aStage[i].stage, i);
    if (i == 0) {
      assert_null(e.aStage[i].zMovedReason);
      continue;
    }
    assert_string_equal(e.aStage[i].zResponder, azWho[i - 1]);
    assert_string_equal(e.aStage[i].zMovedReason, "No reply by the due date");
    assert_date_equal(e.aStage[i].started, D(azOn[i - 1]));
    /* Each started on a Monday with no bank holiday near: due the next Monday. */
    assert_date_equal(e.aStage[i].due, D(azOn[i - 1]) + 7);
  }
  assert_string_equal(escalation_stage_name(e.aStage[6].stage), "cafcass");
  assert_int_equal(escalation_current_stage(&e, D("2026-02-20"))->stage, ESC_STAGE_CAFCASS);
  /* As known on 20 January it was at stage 2 (service manager). */
  assert_int_equal(escalation_current_stage(&e, D("2026-01-20"))->stage, 2);
  escalation_clear(&e);

  Errors err = {0};
  assert_int_equal(escalation_move(db, id, "Still unresolved", "Someone", D("2026-02-24"), TODAY,
                                   ACTOR, &err), -1);
  assert_non_null(strstr(msg_for(&err, "stage"), "Cafcass referral is the last stage"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM escalation_stage WHERE escalation_id=?", "I", id), 7);
}

static void closed_escalation_cannot_change(void **state) {
  (void)state;
  add_child("100006", NULL);
  int64_t id = raise_one("100006", "2026-01-05", "practice-concerns");
  ok_close(id, "2026-01-09", "withdrawn");
  Errors e1 = {0}, e2 = {0}, e3 = {0};
  assert_int_equal(escalation_move(db, id, "Why", "Who", D("2026-01-12"), TODAY, ACTOR, &e1), -1);
  assert_non_null(strstr(msg_for(&e1, "escalation"), "was closed on 9 January 2026"));
  assert_int_equal(escalation_respond(db, id, "Late reply", D("2026-01-12"), TODAY, ACTOR, &e2), -1);
  assert_non_null(errors_for(&e2, "escalation"));
  assert_int_equal(escalation_close(db, id, "resolved", "x", D("2026-01-12"), TODAY, ACTOR, &e3), -1);
  assert_non_null(errors_for(&e3, "escalation"));
  Escalation e = load(id);
  assert_string_equal(e.zOutcome, "withdrawn");
  assert_int_equal(e.nStage, 1);
  escalation_clear(&e);
}

/* ---- Validation --------------------------------------------------------- */

static void raise_validation_names_each_field(void **state) {
  (void)state;
  EscalationInput empty = {.raised = DATE_NONE};
  Errors e = {0};
  assert_int_equal(escalation_raise(db, &empty, TODAY, ACTOR, &e), 0);
  assert_string_equal(msg_for(&e, "children"), "Choose at least one child");
  assert_string_equal(msg_for(&e, "category"), "Select a category");
  assert_string_equal(msg_for(&e, "topic"), "Select a topic");
  assert_string_equal(msg_for(&e, "concern"), "Enter the concern");
  assert_string_equal(msg_for(&e, "outcome_wanted"), "Enter the outcome wanted");
  assert_string_equal(msg_for(&e, "raised_by"), "Enter who raised the escalation");
  assert_string_equal(msg_for(&e, "responder"), "Enter who must respond");
  assert_string_equal(msg_for(&e, "raised_on"), "Enter the date the escalation was raised");

  add_child("100007", NULL);
  const char *az[] = {"100007", "999999", "100007"};
  EscalationInput bad = {.azChild = az, .nChild = 3, .zCategory = "housing", .zTopic = "money",
                         .zConcern = "  ", .zOutcomeWanted = "x", .zRaisedBy = "Sam",
                         .zResponder = "Pat", .zStage = "stage-9", .zLocality = "Atlantis",
                         .raised = D("2026-07-01")};
  Errors e2 = {0};
  assert_int_equal(escalation_raise(db, &bad, TODAY, ACTOR, &e2), 0);
  assert_string_equal(msg_for(&e2, "children"), "There is no child with ID 999999");
  int dup = 0;
  for (int i = 0; i < e2.n; i++) dup |= strcmp(e2.a[i].zMsg, "Child 100007 is named twice") == 0;
  assert_true(dup);
  assert_non_null(strstr(msg_for(&e2, "category"), "permanence, care-planning"));
  assert_non_null(strstr(msg_for(&e2, "topic"), "education"));
  assert_string_equal(msg_for(&e2, "concern"), "Enter the concern");
  assert_non_null(strstr(msg_for(&e2, "stage"), "informal"));
  assert_string_equal(msg_for(&e2, "raised_on"),
                      "The date the escalation was raised must be today or in the past");
  assert_string_equal(msg_for(&e2, "locality"), "There is no locality called Atlantis");
  /* Nothing half-saved. */
  assert_int_equal(count("SELECT count(*) FROM escalation", NULL), 0);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action LIKE 'escalation.%'", NULL), 0);
}

static void step_validation_names_each_field(void **state) {
  (void)state;
  add_child("100008", NULL);
  int64_t id = raise_one("100008", "2026-01-05", "permanence");
  Errors e = {0};
  assert_int_equal(escalation_respond(db, id, "", D("2026-01-02"), TODAY, ACTOR, &e), -1);
  assert_string_equal(msg_for(&e, "response"), "Enter the response");
  assert_string_equal(msg_for(&e, "responded_on"),
                      "The response cannot be before the informal stage started (5 January 2026)");
  Errors e2 = {0};
  assert_int_equal(escalation_respond(db, id, "Reply", D("2026-07-01"), TODAY, ACTOR, &e2), -1);
  assert_string_equal(msg_for(&e2, "responded_on"), "The date of the response must be today or in the past");
  Errors e3 = {0};
  assert_int_equal(escalation_move(db, id, " ", "", D("2026-01-02"), TODAY, ACTOR, &e3), -1);
  assert_string_equal(msg_for(&e3, "reason"), "Enter why the escalation is moving to the next stage");
  assert_string_equal(msg_for(&e3, "responder"), "Enter who must respond at the next stage");
  assert_non_null(strstr(msg_for(&e3, "moved_on"), "before the informal stage started"));
  Errors e4 = {0};
  assert_int_equal(escalation_close(db, id, "fixed", "", DATE_NONE, TODAY, ACTOR, &e4), -1);
  assert_string_equal(msg_for(&e4, "outcome"), "Select the outcome: resolved, partly-resolved or withdrawn");
  assert_string_equal(msg_for(&e4, "impact"), "Enter the impact for the child");
  assert_string_equal(msg_for(&e4, "closed_on"), "Enter the date the escalation closed");
  Errors e5 = {0};
  assert_int_equal(escalation_respond(db, 9999, "Reply", D("2026-01-06"), TODAY, ACTOR, &e5), -1);
  assert_string_equal(msg_for(&e5, "escalation"), "There is no escalation 9999");
  /* None of it was saved. */
  Escalation x = load(id);
  assert_int_equal(x.nStage, 1);
  assert_true(x.aStage[0].responded == DATE_NONE);
  assert_true(x.closed == DATE_NONE);
  escalation_clear(&x);
}

/* ---- Audit -------------------------------------------------------------- */

static void every_step_is_audited(void **state) {
  (void)state;
  add_child("100009", NULL);
  add_child("100010", NULL);
  const char *az[] = {"100009", "100010"};
  EscalationInput in = {.azChild = az, .nChild = 2, .zCategory = "care-planning",
                        .zTopic = "education", .zConcern = "No school place for a year",
                        .zOutcomeWanted = "A suitable school place", .zRaisedBy = "Sam Patel",
                        .zResponder = "Pat Jones", .raised = D("2026-01-05")};
  Errors e = {0};
  int64_t id = escalation_raise(db, &in, TODAY, ACTOR, &e);
  assert_true(id > 0);
  char zRec[40];
  snprintf(zRec, sizeof zRec, "escalation:%lld", (long long)id);
  /* Adding the children wrote entries of their own: count only these. */
  const char *zQ = "SELECT count(*) FROM audit_log WHERE record=? AND action LIKE 'escalation.%'";
  assert_int_equal(count(zQ, zRec), 1);
  assert_int_equal(count(zQ, "child:100009"), 1);
  assert_int_equal(count(zQ, "child:100010"), 1);
  ok_respond(id, "2026-01-07");
  assert_int_equal(count(zQ, zRec), 2);
  /* Correcting a response is a step of its own, with what it said before. */
  ok_respond(id, "2026-01-08");
  assert_int_equal(count(zQ, zRec), 3);
  ok_move(id, "2026-01-09", "Team manager");
  assert_int_equal(count(zQ, zRec), 4);
  ok_close(id, "2026-01-14", "resolved");
  assert_int_equal(count(zQ, zRec), 5);
  assert_int_equal(count(zQ, "child:100010"), 5);

  Stmt *s = db_query(db, "SELECT action, actor, before_value, after_value FROM audit_log"
                         " WHERE record=? ORDER BY id", "s", zRec);
  static const char *const azAction[] = {"escalation.raise", "escalation.respond",
                                         "escalation.respond.correct", "escalation.move",
                                         "escalation.close"};
  for (int i = 0; i < 5; i++) {
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), azAction[i]);
    assert_string_equal(db_col_text(s, 1), ACTOR);
    if (i == 0) {
      assert_true(db_col_is_null(s, 2));
      assert_non_null(strstr(db_col_text(s, 3), "No school place for a year"));
      assert_non_null(strstr(db_col_text(s, 3), "100009;100010"));
    }
    if (i == 2) {
      assert_non_null(strstr(db_col_text(s, 2), "responded 2026-01-07"));
      assert_non_null(strstr(db_col_text(s, 3), "responded 2026-01-08"));
    }
    if (i == 3) assert_non_null(strstr(db_col_text(s, 3), "stage 1 (team manager)"));
    if (i == 4) assert_non_null(strstr(db_col_text(s, 3), "resolved"));
  }
  db_finalize(s);
  /* A refused step writes nothing. */
  Errors bad = {0};
  assert_int_equal(escalation_move(db, id, "x", "y", D("2026-01-15"), TODAY, ACTOR, &bad), -1);
  assert_int_equal(count(zQ, zRec), 5);
}

/* ---- Lists -------------------------------------------------------------- */

static void list_filters(void **state) {
  (void)state;
  add_child("200001", "North");
  add_child("200002", "South");
  int64_t a = raise_one("200001", "2026-01-05", "permanence");   /* overdue at informal */
  int64_t b = raise_one("200002", "2026-01-05", "care-planning");
  int64_t c = raise_one("200002", "2026-01-05", "care-planning");
  ok_respond(b, "2026-01-06");
  ok_move(b, "2026-01-07", "Team manager");
  ok_close(c, "2026-01-08", "resolved");
  EscalationFilter f;
  EscalationList l;

  escalation_filter_init(&f, D("2026-01-13"));
  assert_int_equal(escalation_list(db, &f, &l), 3);
  escalation_list_free(&l);

  f.openOnly = 1;
  assert_int_equal(escalation_list(db, &f, &l), 2);
  assert_true(l.a[0].id == a && l.a[1].id == b);
  escalation_list_free(&l);

  escalation_filter_init(&f, D("2026-01-13"));
  f.overdueOnly = 1;
  assert_int_equal(escalation_list(db, &f, &l), 1);
  assert_true(l.a[0].id == a);
  escalation_list_free(&l);

  escalation_filter_init(&f, D("2026-01-13"));
  f.stage = 1;
  assert_int_equal(escalation_list(db, &f, &l), 1);
  assert_true(l.a[0].id == b);
  escalation_list_free(&l);

  escalation_filter_init(&f, D("2026-01-13"));
  f.zCategory = "care-planning";
  assert_int_equal(escalation_list(db, &f, &l), 2);
  escalation_list_free(&l);

  escalation_filter_init(&f, D("2026-01-13"));
  f.localityId = db_int(db, 0, "SELECT id FROM locality WHERE name='North'", "");
  assert_int_equal(escalation_list(db, &f, &l), 1);
  assert_true(l.a[0].id == a);
  escalation_list_free(&l);

  /* As of before anything was raised, nothing; before c closed, c is open. */
  escalation_filter_init(&f, D("2026-01-04"));
  assert_int_equal(escalation_list(db, &f, &l), 0);
  escalation_list_free(&l);
  escalation_filter_init(&f, D("2026-01-07"));
  f.openOnly = 1;
  assert_int_equal(escalation_list(db, &f, &l), 3);
  escalation_list_free(&l);
}

/* A read that fails part way (here the stages' table is gone) is a
** failure with nothing, never a list of escalations that seem to have no
** stage. */
static void read_failure_is_not_a_short_list(void **state) {
  (void)state;
  add_child("400001", "North");
  int64_t a = raise_one("400001", "2026-01-05", "permanence");
  raise_one("400001", "2026-01-06", "care-planning");
  EscalationFilter f;
  EscalationList l;
  escalation_filter_init(&f, D("2026-01-13"));
  assert_int_equal(escalation_list(db, &f, &l), 2);
  escalation_list_free(&l);
  assert_int_equal(db_exec_script(db, "DROP TABLE escalation_stage;"), DB_OK);
  assert_int_equal(escalation_list(db, &f, &l), -1);
  assert_int_equal(l.n, 0);
  assert_null(l.a);
  WeeklyList w;
  assert_int_equal(escalation_weekly(db, D("2026-01-13"), &w), DB_ERROR);
  assert_int_equal(w.nGroup, 0);
  escalation_weekly_free(&w);
  Buf b = {0};
  assert_int_equal(escalations_csv(db, &b), DB_ERROR);
  buf_free(&b);
  Escalation e;
  assert_int_equal(escalation_load(db, a, &e), 0);
  db_clear_failure(db);
}

static void weekly_list_groups_by_locality(void **state) {
  (void)state;
  add_child("300001", "North");
  add_child("300002", "South");
  add_child("300003", NULL);
  /* Named for North though the child lives in South: the escalation's own wins. */
  const char *azS[] = {"300002"};
  EscalationInput in = {.azChild = azS, .nChild = 1, .zCategory = "permanence",
                        .zTopic = "legal-status", .zConcern = "Care order not revoked",
                        .zOutcomeWanted = "Application to court", .zRaisedBy = "Sam Patel",
                        .zResponder = "Legal, North", .zLocality = "North",
                        .raised = D("2026-01-12")};
  Errors err = {0};
  int64_t northNamed = escalation_raise(db, &in, TODAY, ACTOR, &err);
  assert_true(northNamed > 0);
  int64_t north = raise_one("300001", "2026-01-05", "permanence");
  int64_t south = raise_one("300002", "2026-01-06", "care-planning");
  int64_t none = raise_one("300003", "2026-01-07", "drift-and-delay");
  int64_t closed = raise_one("300001", "2026-01-05", "permanence");
  ok_close(closed, "2026-01-09", "resolved");
  raise_one("300001", "2026-01-20", "permanence");   /* after the as-of date */

  WeeklyList w;
  escalation_weekly(db, D("2026-01-14"), &w);
  assert_int_equal(w.nGroup, 3);
  assert_string_equal(w.aGroup[0].zLocality, "North");
  assert_int_equal(w.aGroup[0].n, 2);
  /* Earliest response due first: the one raised on the 5th. */
  assert_true(w.aGroup[0].ap[0]->id == north);
  assert_true(w.aGroup[0].ap[1]->id == northNamed);
  assert_string_equal(w.aGroup[1].zLocality, "South");
  assert_int_equal(w.aGroup[1].n, 1);
  assert_true(w.aGroup[1].ap[0]->id == south);
  assert_null(w.aGroup[2].zLocality);
  assert_true(w.aGroup[2].ap[0]->id == none);

  Buf b = {0};
  escalation_weekly_csv(&w, &b);
  char zWant[512];
  snprintf(zWant, sizeof zWant,
           "locality,escalation_ref,raised_on,children,category,topic,stage,responder,"
           "stage_started_on,response_due,stage_overdue,process_due,process_flagged,responder_email\n"
           "North,%lld,2026-01-05,300001,permanence,placement,informal,Pat Jones (social worker),"
           "2026-01-05,2026-01-12,yes,2026-02-02,no,\n",
           (long long)north);
  assert_true(b.n > strlen(zWant));
  assert_memory_equal(b.z, zWant, strlen(zWant));
  /* Five lines: the header and four escalations. */
  int nLines = 0;
  for (size_t i = 0; i < b.n; i++) nLines += b.z[i] == '\n';
  assert_int_equal(nLines, 5);
  assert_non_null(strstr(b.z, "\n,"));   /* the group without a locality */
  buf_free(&b);
  escalation_weekly_free(&w);
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_reader_follows_rfc_4180(void **state) {
  (void)state;
  const char z[] = "\xEF\xBB\xBF" "a,b,c\r\n"
                   "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                   ",,\n"
                   "last,row,\"no newline\"";
  CsvReader r;
  csv_init(&r, z, sizeof z - 1);
  char **az;
  int n;
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_int_equal(n, 3);
  assert_string_equal(az[0], "a");
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_string_equal(az[0], "x, y");
  assert_string_equal(az[1], "say \"hi\"");
  assert_string_equal(az[2], "two\nlines");
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_int_equal(n, 3);
  assert_string_equal(az[2], "");
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_string_equal(az[2], "no newline");
  assert_int_equal(r.record, 4);
  assert_int_equal(csv_read(&r, &az, &n), 0);
  csv_free(&r);

  /* A lone CR ends a record too. */
  const char zCr[] = "a,b\rc,d\r";
  csv_init(&r, zCr, sizeof zCr - 1);
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_int_equal(csv_read(&r, &az, &n), 1);
  assert_string_equal(az[1], "d");
  assert_int_equal(csv_read(&r, &az, &n), 0);
  csv_free(&r);

  struct { const char *z; const char *zErr; } aBad[] = {
    {"a,b\n\"open,c\n", "row 2: a quoted field is not closed"},
    {"a,b\nx\"y,c\n", "row 2: a quote (\") inside a field that is not in quotes"},
    {"\"a\"b,c\n", "row 1: text follows a closing quote"},
    {"a,\xE9t\xE9\n", "row 1: the text is not UTF-8"},
  };
  for (int i = 0; i < COUNT(aBad); i++) {
    csv_init(&r, aBad[i].z, strlen(aBad[i].z));
    int rc;
    while ((rc = csv_read(&r, &az, &n)) > 0) {
    }
    assert_int_equal(rc, -1);
    assert_memory_equal(r.zErr, aBad[i].zErr, strlen(aBad[i].zErr));
    csv_free(&r);
  }
}

/* A second database, for importing into. */
static Db *open_other(char *zPath, size_t n) {
  snprintf(zPath, n, "/tmp/oversight-test-import-XXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  close(fd);
  char *zErr = NULL;
  Db *p = db_open(zPath, &zErr);
  if (!p) {
    print_error("%s\n", zErr);
    fail();
  }
  return p;
}

static void close_other(Db *p, const char *zPath) {
  db_close(p);
  test_remove_db(zPath);
}

static void export_then_import_reproduces_the_rows(void **state) {
  (void)state;
  static const char *const azChild[][2] = {{"400001", "North"}, {"400002", "North"}, {"400003", "South"}};
  for (int i = 0; i < 3; i++) add_child(azChild[i][0], azChild[i][1]);
  db_exec(db, "INSERT INTO iro(name) VALUES('Siân O''Brien')", "");
  int64_t iroId = db_int(db, 0, "SELECT id FROM iro", "");

  /* Text that CSV must quote: commas, quotes, both line ends, UTF-8. */
  const char *az2[] = {"400001", "400002"};
  EscalationInput in = {.azChild = az2, .nChild = 2, .zCategory = "permanence", .zTopic = "family-time",
                        .zConcern = "No plan for \"family time\" at Christmas,\nagain.\r\nSee notes",
                        .zOutcomeWanted = "Time with Mum, overnight if safe", .zRaisedBy = "Siân O'Brien",
                        .iroId = iroId, .zResponder = "Pat Jones, team manager",
                        .zResponderEmail = "pat.jones@example.org",
                        .zStage = "team-manager", .raised = D("2025-12-18")};
  Errors e = {0};
  int64_t first = escalation_raise(db, &in, TODAY, ACTOR, &e);
  assert_true(first > 0);
  ok_respond(first, "2025-12-29");
  ok_move(first, "2026-01-05", "Service manager");
  ok_close(first, "2026-01-09", "partly-resolved");
  int64_t second = raise_one("400003", "2026-01-07", "drift-and-delay");
  const char *az3[] = {"400003"};
  in.azChild = az3;
  in.nChild = 1;
  in.zLocality = "North";
  in.zStage = NULL;
  in.iroId = 0;
  in.zConcern = "=SUM(1) starts like a formula";
  int64_t third = escalation_raise(db, &in, TODAY, ACTOR, &e);
  assert_true(third > second);

  Buf out1 = {0};
  escalations_csv(db, &out1);
  /* The file writer writes the same bytes. */
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(export_escalations(db, f), 0);
  rewind(f);
  Buf viaFile = {0};
  char a[4096];
  size_t k;
  while ((k = fread(a, 1, sizeof a, f)) > 0) buf_append(&viaFile, a, k);
  fclose(f);
  assert_int_equal(viaFile.n, out1.n);
  assert_memory_equal(viaFile.z, out1.z, out1.n);
  buf_free(&viaFile);
  /* One row per stage, plus the header. */
  int nRows = 0;
  CsvReader r;
  char **azF;
  int nF;
  csv_init(&r, out1.z, out1.n);
  while (csv_read(&r, &azF, &nF) > 0) nRows++;
  csv_free(&r);
  assert_int_equal(nRows, 1 + 2 + 1 + 1);
  /* The responder's email, on its stage's row (the next stage has none). */
  assert_non_null(strstr(out1.z, ",impact,responder_email\r\n"));
  assert_non_null(strstr(out1.z, ",pat.jones@example.org\r\n"));

  char zPath[64];
  Db *other = open_other(zPath, sizeof zPath);
  for (int i = 0; i < 3; i++) add_child_to(other, azChild[i][0], azChild[i][1]);
  db_exec(other, "INSERT INTO iro(name) VALUES('Siân O''Brien')", "");
  Buf report = {0};
  int rc = import_escalations_text(other, out1.z, out1.n, "escalations.csv", TODAY, ACTOR, &report);
  if (rc) print_error("%s", report.z);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(report.z, "Loaded 3 escalations (4 stages)"));
  Buf out2 = {0};
  escalations_csv(other, &out2);
  assert_int_equal(out2.n, out1.n);
  assert_memory_equal(out2.z, out1.z, out1.n);
  assert_int_equal(db_int(other, 0, "SELECT count(*) FROM escalation_stage WHERE responder_email = 'pat.jones@example.org'"
                                    " AND stage = 1", ""), 1);
  assert_int_equal(db_int(other, 0, "SELECT count(*) FROM escalation_stage WHERE responder_email IS NULL", ""), 2);   /* the third kept in's address */
  /* Kept their numbers, and every one is in the audit log. */
  assert_int_equal(db_int(other, 0, "SELECT count(*) FROM escalation WHERE id IN (?, ?, ?)", "III",
                          first, second, third), 3);
  assert_int_equal(db_int(other, 0, "SELECT count(*) FROM audit_log WHERE action='escalation.import'"
                                    " AND record LIKE 'escalation:%'", ""), 3);

  /* The same file again adds nothing: every row is already there. */
  buf_reset(&report);
  assert_int_equal(import_escalations_text(other, out1.z, out1.n, "again.csv", TODAY, ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "row 2: escalation"));
  assert_non_null(strstr(report.z, "row 5: escalation"));
  assert_non_null(strstr(report.z, "already in the database"));
  assert_int_equal(db_int(other, 0, "SELECT count(*) FROM escalation_stage", ""), 4);

  buf_free(&report);
  buf_free(&out1);
  buf_free(&out2);
  close_other(other, zPath);
}

static const char zHeader[] =
    "escalation_ref,raised_on,raised_by,iro,children,locality,category,topic,concern,"
    "outcome_wanted,stage,stage_started_on,responder,response_due,responded_on,response,"
    "moved_reason,closed_on,outcome,impact\n";

static char *write_temp(const char *z) {
  char *zPath = xstrdup("/tmp/oversight-esc-csv-XXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, z, strlen(z)), (ssize_t)strlen(z));
  close(fd);
  return zPath;
}

static void import_with_one_bad_row_loads_nothing(void **state) {
  (void)state;
  add_child("500001", NULL);
  add_child("500002", NULL);
  Buf file = {0};
  buf_puts(&file, zHeader);
  buf_puts(&file,
      "1,2024-03-01,Sam Patel,,500001,,permanence,placement,No plan,A plan,informal,2024-03-01,Pat,"
      "2024-03-08,2024-03-07,Will book,,,,\n"
      "1,2024-03-01,Sam Patel,,500001,,permanence,placement,No plan,A plan,stage-9,2024-03-11,Team manager,"
      ",,,Not booked,,,\n"
      "2,2024-03-04,Sam Patel,,500002,,care-planning,health,No health check,A check,informal,2024-03-04,Pat,"
      ",2024-03-05,Booked,,2024-03-06,resolved,Check done\n");
  char *zPath = write_temp(file.z);
  Buf report = {0};
  assert_int_equal(import_escalations(db, zPath, ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "row 3: stage must be one of informal, team-manager,"));
  assert_non_null(strstr(report.z, "not \"stage-9\""));
  assert_null(strstr(report.z, "row 2:"));
  assert_null(strstr(report.z, "row 4:"));
  assert_non_null(strstr(report.z, "Nothing was loaded: 1 row to correct."));
  assert_int_equal(count("SELECT count(*) FROM escalation", NULL), 0);
  assert_int_equal(count("SELECT count(*) FROM escalation_stage", NULL), 0);
  assert_int_equal(count("SELECT count(*) FROM escalation_child", NULL), 0);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action='escalation.import'", NULL), 0);

  /* Corrected, the same file loads, and an empty response_due is worked
  ** out from the rules as when a stage starts. */
  char *zAt = strstr(file.z, "stage-9");
  char *zFixed = xmprintf("%.*steam-manager%s", (int)(zAt - file.z), file.z, zAt + strlen("stage-9"));
  unlink(zPath);
  free(zPath);
  zPath = write_temp(zFixed);
  buf_reset(&report);
  int rc = import_escalations(db, zPath, ACTOR, &report);
  if (rc) print_error("%s", report.z);
  assert_int_equal(rc, 0);
  Escalation e = load(1);
  assert_int_equal(e.nStage, 2);
  assert_date_equal(e.aStage[1].due, D("2024-03-18"));
  assert_string_equal(e.aStage[1].zMovedReason, "Not booked");
  escalation_clear(&e);
  Escalation e2 = load(2);
  assert_date_equal(e2.aStage[0].due, D("2024-03-11"));
  assert_date_equal(e2.closed, D("2024-03-06"));
  escalation_clear(&e2);
  unlink(zPath);
  free(zPath);
  free(zFixed);
  buf_free(&report);
  buf_free(&file);
}

static void import_lists_every_bad_row(void **state) {
  (void)state;
  add_child("600001", NULL);
  add_child("600002", NULL);
  /* CRLF and a byte order mark, and a quoted field over two lines: rows
  ** are counted as a spreadsheet shows them, not by line. */
  Buf file = {0};
  buf_puts(&file, "\xEF\xBB\xBF");
  for (const char *p = zHeader; *p; p++) {
    if (*p == '\n') buf_putc(&file, '\r');
    buf_putc(&file, *p);
  }
  buf_puts(&file,
      /* row 2: good */
      "1,2024-03-01,Sam,,600001,,permanence,placement,\"Two\r\nlines\",A plan,informal,2024-03-01,Pat,,,,,,,\r\n"
      /* row 3: same escalation, concern differs and no moved_reason */
      "1,2024-03-01,Sam,,600001,,permanence,placement,Other,A plan,team-manager,2024-03-08,TM,,,,,,,\r\n"
      /* row 4: an unknown child and a bad date */
      "2,2024-02-30,Sam,,600001;699999,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,,,\r\n"
      /* row 5: skips from informal to service-manager; response without a date */
      "3,2024-03-01,Sam,,600002,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,,,\r\n"
      "3,2024-03-01,Sam,,600002,,permanence,placement,C,W,service-manager,2024-03-05,SM,,,Yes,Why,,,\r\n"
      /* row 7: closed without impact; outcome not a code */
      "4,2024-03-01,Sam,,600002,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,2024-03-02,fixed,\r\n"
      /* row 8: too few fields */
      "5,2024-03-01,Sam\r\n"
      "\r\n");
  Buf report = {0};
  assert_int_equal(import_escalations_text(db, file.z, file.n, "bad.csv", TODAY, ACTOR, &report), -1);
  const char *z = report.z;
  assert_null(strstr(z, "row 2:"));
  assert_non_null(strstr(z, "row 3: concern differs from row 2 (every row of escalation 1"));
  assert_non_null(strstr(z, "moved_reason is empty"));
  assert_non_null(strstr(z, "row 4: raised_on must be a date as YYYY-MM-DD, not \"2024-02-30\"; "
                            "there is no child with ID 699999"));
  assert_null(strstr(z, "row 5:"));
  assert_non_null(strstr(z, "row 6: responded_on and response go together"));
  assert_non_null(strstr(z, "escalation 3 goes from informal to service-manager"));
  assert_non_null(strstr(z, "row 7: closed_on, outcome and impact go together"));
  assert_non_null(strstr(z, "outcome must be one of resolved, partly-resolved, withdrawn, not \"fixed\""));
  assert_non_null(strstr(z, "row 8: has 3 fields; the header has 20"));
  assert_non_null(strstr(z, "Nothing was loaded: 5 rows to correct."));
  assert_int_equal(count("SELECT count(*) FROM escalation", NULL), 0);
  buf_free(&report);
  buf_free(&file);
}

/* A file with responder_email: an address is checked as on the form; a
** file from before the column (the tests above) still loads. */
static void import_checks_the_responder_email(void **state) {
  (void)state;
  add_child("600001", "North");
  Buf file = {0}, report = {0};
  char *zNew = xmprintf("%.*s,responder_email\r\n", (int)strcspn(zHeader, "\r\n"), zHeader);
  buf_puts(&file, zNew);
  buf_puts(&file, "1,2024-03-01,Sam,,600001,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,,,,pat@example.org\r\n"
                  "2,2024-03-01,Sam,,600001,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,,,,"
                  "\"pat@example.org, boss@example.org\"\r\n");
  assert_int_equal(import_escalations_text(db, file.z, file.n, "e.csv", TODAY, ACTOR, &report), -1);
  assert_null(strstr(report.z, "row 2:"));
  assert_non_null(strstr(report.z, "row 3: responder_email must be one email address, like name@example.com, "
                                   "not \"pat@example.org, boss@example.org\""));
  buf_reset(&file);
  buf_reset(&report);
  buf_puts(&file, zNew);
  buf_puts(&file, "1,2024-03-01,Sam,,600001,,permanence,placement,C,W,informal,2024-03-01,Pat,,,,,,,, pat@example.org \r\n");
  int rc = import_escalations_text(db, file.z, file.n, "e.csv", TODAY, ACTOR, &report);
  if (rc) print_error("%s", report.z);
  assert_int_equal(rc, 0);
  assert_int_equal(count("SELECT count(*) FROM escalation_stage WHERE responder_email = 'pat@example.org'", NULL), 1);
  free(zNew);
  buf_free(&file);
  buf_free(&report);
}

static void import_checks_the_header_and_the_csv(void **state) {
  (void)state;
  Buf report = {0};
  const char zMissing[] = "escalation_ref,raised_on,colour\n";
  assert_int_equal(import_escalations_text(db, zMissing, strlen(zMissing), "x.csv", TODAY, ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "row 1: unknown column \"colour\""));
  assert_non_null(strstr(report.z, "missing column impact"));
  buf_reset(&report);
  assert_int_equal(import_escalations_text(db, "", 0, "empty.csv", TODAY, ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "row 1: the file is empty"));
  buf_reset(&report);
  Buf file = {0};
  buf_puts(&file, zHeader);
  buf_puts(&file, "1,2024-03-01,Sam,,x,,permanence,placement,\"never closed,W\n");
  assert_int_equal(import_escalations_text(db, file.z, file.n, "q.csv", TODAY, ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "row 2: a quoted field is not closed"));
  buf_reset(&report);
  assert_int_equal(import_escalations(db, "/nonexistent/esc.csv", ACTOR, &report), -1);
  assert_non_null(strstr(report.z, "cannot open /nonexistent/esc.csv"));
  /* A header alone loads nothing and is no error. */
  buf_reset(&report);
  assert_int_equal(import_escalations_text(db, zHeader, strlen(zHeader), "h.csv", TODAY, ACTOR, &report), 0);
  assert_non_null(strstr(report.z, "Loaded 0 escalations"));
  buf_free(&file);
  buf_free(&report);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    T(stage_response_due_across_bank_holidays),
    T(response_on_due_date_is_on_time),
    T(whole_process_flagged_after_twenty_working_days),
    T(import_checks_the_responder_email),
    T(stage_deadline_comes_from_the_rules_table),
    T(moves_through_every_stage_to_cafcass),
    T(closed_escalation_cannot_change),
    T(raise_validation_names_each_field),
    T(step_validation_names_each_field),
    T(every_step_is_audited),
    T(list_filters),
    T(weekly_list_groups_by_locality),
    T(read_failure_is_not_a_short_list),
    T(csv_reader_follows_rfc_4180),
    T(export_then_import_reproduces_the_rows),
    T(import_with_one_bad_row_loads_nothing),
    T(import_lists_every_bad_row),
    T(import_checks_the_header_and_the_csv),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
