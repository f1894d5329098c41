/*
** test_homes.c: quality assurance of the children's homes (SPEC §8):
** the QA monitoring cadence by rating stopping when the last action
** completes, Regulation 44 report and sending deadlines at their edges
** (22 working days across Christmas and New Year), notifications within
** 24 hours to the minute, QPAG overdue escalation across a month end,
** validation in users' words, the audit trail, the QPAG report and CSV
** import (all or nothing) and export.
**
** Expected dates were worked out by hand and checked with `oversight
** calendar add`: 22 working days from Wednesday 10 December 2025 skip
** Christmas Day, Boxing Day, the weekends and New Year's Day and land on
** Wednesday 14 January 2026.
*/
#include "testutil.h"
#include "demo.h"
#include "homes.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Db *db;
#define TODAY D("2026-06-30")
#define ACTOR "test:homes"

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

static int64_t add_home(const char *zName, const char *zUrn, const char *zRegistered) {
  HomeInput in = {.zName = zName, .zUrn = zUrn, .zManager = NULL, .vacantSince = D("2021-05-01"),
                  .zRi = "Robin Example", .zPlaces = "1", .zAgeFrom = "7", .zAgeTo = "17",
                  .registered = D(zRegistered), .zPurpose = "Emotional and behavioural difficulties"};
  Errors e = {0};
  int64_t id = home_save(db, 0, &in, TODAY, ACTOR, &e);
  if (!id) {
    print_error("home_save: %s\n", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

static int64_t add_inspection(int64_t homeId, const char *zOverall, const char *zStart, const char *zEnd) {
  InspectionInput in = {.zKind = "full", .zOverall = zOverall, .zExperiences = zOverall, .zProtection = zOverall,
                        .zLeadership = zOverall, .start = D(zStart), .end = D(zEnd),
                        .zRecommendations = "Keep the bedroom to a reasonable standard of tidiness.\n\n"};
  Errors e = {0};
  int64_t id = inspection_add(db, homeId, &in, TODAY, ACTOR, &e);
  if (!id) {
    print_error("inspection_add: %s\n", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

static int64_t add_req(int64_t inspId, const char *zReg, const char *zDue) {
  Errors e = {0};
  int64_t id = requirement_add(db, inspId, zReg, "The registered person must ensure ...", D(zDue), ACTOR, &e);
  assert_true(id > 0);
  return id;
}

static int64_t add_act(int64_t reqId, const char *zTarget) {
  Errors e = {0};
  int64_t id = action_add(db, reqId, "Staff complete safeguarding training", "Registered manager", D(zTarget), ACTOR, &e);
  assert_true(id > 0);
  return id;
}

static void complete(int64_t actId, const char *zOn) {
  Errors e = {0};
  assert_int_equal(action_complete(db, actId, D(zOn), TODAY, ACTOR, &e), 0);
}

static void review(int64_t inspId, const char *zOn) {
  Errors e = {0};
  assert_true(monitoring_add(db, inspId, D(zOn), "Head of QA", "Progress checked", TODAY, ACTOR, &e) > 0);
}

/* The open item of kind k (the first), or NULL. */
static const HomeItem *find(const HomeItemList *l, HomeItemKind k) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].kind == k) return &l->a[i];
  }
  return NULL;
}

/* Open items of home id as of zAsOf into *l (caller frees). */
static void items(int64_t id, const char *zAsOf, HomeItemList *l) {
  HomeRecords h;
  assert_int_equal(home_load(db, id, &h), 1);
  memset(l, 0, sizeof *l);
  home_due(&h, D(zAsOf), 0, l);
  home_clear(&h);
}

static Date monitoring_due_on(int64_t id, const char *zAsOf, Status *pStatus) {
  HomeItemList l;
  items(id, zAsOf, &l);
  const HomeItem *it = find(&l, HI_MONITORING);
  Date d = it ? it->due : DATE_NONE;
  if (pStatus) *pStatus = it ? it->status : ST_OK;
  home_items_free(&l);
  return d;
}

/* Requires improvement: every two weeks from the inspection's last day,
** then from each review, until the last action is complete. */
static void test_monitoring_fortnightly(void **state) {
  (void)state;
  int64_t h = add_home("Fortnight House", "SC100001", "2021-03-01");
  int64_t in = add_inspection(h, "requires-improvement", "2021-05-19", "2021-05-20");
  int64_t r1 = add_req(in, "Regulation 12", "2021-07-01"), r2 = add_req(in, "Regulation 13", "2021-07-01");
  int64_t a1 = add_act(r1, "2021-06-11"), a2 = add_act(r2, "2021-06-16");
  Status st;
  /* Nothing before the inspection has ended. */
  assert_date_equal(monitoring_due_on(h, "2021-05-19", NULL), DATE_NONE);
  assert_date_equal(monitoring_due_on(h, "2021-05-20", &st), D("2021-06-03"));
  assert_int_equal(st, ST_OK);
  /* On the due day it is due today, a state of its own (issue 17); the day before, due soon. */
  assert_date_equal(monitoring_due_on(h, "2021-06-03", &st), D("2021-06-03"));
  assert_int_equal(st, ST_DUE_TODAY);
  assert_date_equal(monitoring_due_on(h, "2021-06-02", &st), D("2021-06-03"));
  assert_int_equal(st, ST_DUE_SOON);
  assert_date_equal(monitoring_due_on(h, "2021-06-04", &st), D("2021-06-03"));
  assert_int_equal(st, ST_OVERDUE);
  review(in, "2021-06-03");
  assert_date_equal(monitoring_due_on(h, "2021-06-04", &st), D("2021-06-17"));
  complete(a1, "2021-06-11");
  assert_date_equal(monitoring_due_on(h, "2021-06-15", NULL), D("2021-06-17"));
  /* The last action completes: monitoring stops that day. */
  complete(a2, "2021-06-16");
  assert_date_equal(monitoring_due_on(h, "2021-06-15", NULL), D("2021-06-17"));
  assert_date_equal(monitoring_due_on(h, "2021-06-16", NULL), DATE_NONE);
  assert_date_equal(monitoring_due_on(h, "2021-07-30", NULL), DATE_NONE);
  /* Requirements are met when their actions are, on the last one's day. */
  HomeRecords hr;
  home_load(db, h, &hr);
  int complete_ = 0;
  const HomeInspection *mi = home_monitored_inspection(&hr, D("2021-06-16"), &complete_);
  assert_non_null(mi);
  assert_int_equal(complete_, 1);
  assert_false(home_requirement_met(mi, &mi->aReq[1], D("2021-06-15")));
  assert_true(home_requirement_met(mi, &mi->aReq[1], D("2021-06-16")));
  HomeItemList l = {0};
  home_due(&hr, D("2021-06-20"), 1, &l);
  int nReqDone = 0, nMonDone = 0;
  for (int i = 0; i < l.n; i++) {
    nReqDone += l.a[i].kind == HI_REQUIREMENT && l.a[i].status == ST_DONE;
    nMonDone += l.a[i].kind == HI_MONITORING && l.a[i].status == ST_DONE;
  }
  assert_int_equal(nReqDone, 2);
  assert_int_equal(nMonDone, 1);
  home_items_free(&l);
  home_clear(&hr);
}

/* Inadequate: every week. */
static void test_monitoring_weekly(void **state) {
  (void)state;
  int64_t h = add_home("Weekly House", "SC100002", "2021-03-01");
  int64_t in = add_inspection(h, "inadequate", "2021-05-19", "2021-05-20");
  int64_t a = add_act(add_req(in, "Regulation 40", "2021-07-01"), "2021-06-30");
  assert_date_equal(monitoring_due_on(h, "2021-05-21", NULL), D("2021-05-27"));
  review(in, "2021-05-27");
  assert_date_equal(monitoring_due_on(h, "2021-05-27", NULL), D("2021-06-03"));
  /* A late review: the next counts from when it was held. */
  review(in, "2021-06-05");
  assert_date_equal(monitoring_due_on(h, "2021-06-05", NULL), D("2021-06-12"));
  complete(a, "2021-06-12");
  assert_date_equal(monitoring_due_on(h, "2021-06-12", NULL), DATE_NONE);
}

/* Good with requirements: within the action plan's dates. A requirement
** with no action yet is monitored to its own due date. */
static void test_monitoring_good(void **state) {
  (void)state;
  int64_t h = add_home("Good House", "SC100003", "2021-03-01");
  int64_t in = add_inspection(h, "good", "2021-05-19", "2021-05-20");
  int64_t r1 = add_req(in, "Regulation 31", "2021-07-01");
  assert_date_equal(monitoring_due_on(h, "2021-05-21", NULL), D("2021-07-01"));
  int64_t a1 = add_act(r1, "2021-06-10"), a2 = add_act(r1, "2021-06-20");
  assert_date_equal(monitoring_due_on(h, "2021-05-21", NULL), D("2021-06-10"));
  review(in, "2021-06-10");
  assert_date_equal(monitoring_due_on(h, "2021-06-11", NULL), D("2021-06-20"));
  complete(a1, "2021-06-10");
  complete(a2, "2021-06-21");
  assert_date_equal(monitoring_due_on(h, "2021-06-20", NULL), D("2021-06-20"));
  assert_date_equal(monitoring_due_on(h, "2021-06-21", NULL), DATE_NONE);
  /* The action completed after its target is late; the requirement too? No: met by 1 July. */
  HomeItemList l = {0};
  HomeRecords hr;
  home_load(db, h, &hr);
  home_due(&hr, D("2021-07-02"), 1, &l);
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].kind == HI_ACTION && l.a[i].refId == a2) assert_int_equal(l.a[i].status, ST_DONE_LATE);
    if (l.a[i].kind == HI_REQUIREMENT) assert_int_equal(l.a[i].status, ST_DONE);
  }
  home_items_free(&l);
  home_clear(&hr);
}

static int64_t visit(int64_t h, const char *zOn, const char *zReport, const char *zSent) {
  VisitInput v = {.visited = D(zOn), .ypFeedback = D(zOn) - 3, .profFeedback = D(zOn) - 2,
                  .report = zReport ? D(zReport) : DATE_NONE, .sent = zSent ? D(zSent) : DATE_NONE,
                  .planApproved = DATE_NONE, .zVisitor = "Independent Visitor", .zFinding = "good",
                  .zFindings = "Warm relationships"};
  Errors e = {0};
  int64_t id = reg44_save(db, h, 0, &v, TODAY, ACTOR, &e);
  if (!id) {
    print_error("reg44_save: %s: %s\n", e.n ? e.a[0].zField : "", e.n ? e.a[0].zMsg : "?");
    fail();
  }
  return id;
}

static Status item_status(int64_t h, const char *zAsOf, HomeItemKind k, int64_t ref, Date *pDue) {
  HomeRecords hr;
  home_load(db, h, &hr);
  HomeItemList l = {0};
  home_due(&hr, D(zAsOf), 1, &l);
  Status st = ST_MISSED;
  for (int i = 0; i < l.n; i++) {
    if (l.a[i].kind == k && l.a[i].refId == ref) {
      st = l.a[i].status;
      if (pDue) *pDue = l.a[i].due;
    }
  }
  home_items_free(&l);
  home_clear(&hr);
  return st;
}

/* Report within 2 weeks; checked and sent within 22 working days, which
** from 10 December 2025 reaches across Christmas to 14 January 2026. */
static void test_reg44_deadlines(void **state) {
  (void)state;
  int64_t h = add_home("Visit House", "SC100004", "2025-11-01");
  int64_t v = visit(h, "2025-12-10", NULL, NULL);
  Date due = DATE_NONE;
  assert_int_equal(item_status(h, "2025-12-24", HI_REG44_REPORT, v, &due), ST_DUE_TODAY);
  assert_int_equal(item_status(h, "2025-12-23", HI_REG44_REPORT, v, NULL), ST_DUE_SOON);
  assert_date_equal(due, D("2025-12-24"));
  assert_int_equal(item_status(h, "2025-12-25", HI_REG44_REPORT, v, NULL), ST_OVERDUE);
  assert_int_equal(item_status(h, "2026-01-14", HI_REG44_SENT, v, &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-01-14"));
  assert_int_equal(item_status(h, "2026-01-15", HI_REG44_SENT, v, NULL), ST_OVERDUE);
  /* 3 working days before 14 January is 9 January: not yet due soon on the 8th. */
  assert_int_equal(item_status(h, "2026-01-08", HI_REG44_SENT, v, NULL), ST_OK);
  assert_int_equal(item_status(h, "2026-01-09", HI_REG44_SENT, v, NULL), ST_DUE_SOON);

  /* On the due dates is on time; the day after is late. */
  int64_t v2 = visit(h, "2026-01-07", "2026-01-21", "2026-02-06");
  assert_int_equal(item_status(h, "2026-03-01", HI_REG44_REPORT, v2, NULL), ST_DONE);
  assert_int_equal(item_status(h, "2026-03-01", HI_REG44_SENT, v2, &due), ST_DONE);
  assert_date_equal(due, D("2026-02-06"));
  int64_t v3 = visit(h, "2026-02-05", "2026-02-20", "2026-03-10");
  assert_int_equal(item_status(h, "2026-04-01", HI_REG44_REPORT, v3, NULL), ST_DONE_LATE);
  assert_int_equal(item_status(h, "2026-04-01", HI_REG44_SENT, v3, &due), ST_DONE_LATE);
  assert_date_equal(due, D("2026-03-09"));
  assert_int_equal(item_status(h, "2026-04-01", HI_REG44_FEEDBACK, v3, NULL), ST_DONE);

  /* Across Easter 2026 (Good Friday 3 April, Easter Monday 6 April): 22
  ** working days from Friday 20 March is Thursday 23 April; the report's
  ** two weeks are calendar days and land on Good Friday itself. */
  int64_t v5 = visit(h, "2026-03-20", NULL, NULL);
  assert_int_equal(item_status(h, "2026-04-23", HI_REG44_SENT, v5, &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-04-23"));
  assert_int_equal(item_status(h, "2026-04-24", HI_REG44_SENT, v5, NULL), ST_OVERDUE);
  assert_int_equal(item_status(h, "2026-04-03", HI_REG44_REPORT, v5, &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-04-03"));
  assert_int_equal(item_status(h, "2026-04-04", HI_REG44_REPORT, v5, NULL), ST_OVERDUE);

  /* Monthly: the next visit a month after the last, month ends clamped. */
  assert_int_equal(item_status(h, "2026-02-06", HI_REG44_VISIT, 0, &due), ST_OK);
  assert_date_equal(due, D("2026-03-05"));
  assert_int_equal(item_status(h, "2026-03-06", HI_REG44_VISIT, 0, NULL), ST_OVERDUE);
  assert_int_equal(item_status(h, "2026-03-05", HI_REG44_VISIT, 0, NULL), ST_DUE_TODAY);
  int64_t h2 = add_home("Month End House", "SC100005", "2025-11-01");
  visit(h2, "2026-01-31", NULL, NULL);
  assert_int_equal(item_status(h2, "2026-02-01", HI_REG44_VISIT, 0, &due), ST_OK);
  assert_date_equal(due, D("2026-02-28"));
  assert_int_equal(item_status(h2, "2026-03-01", HI_REG44_VISIT, 0, NULL), ST_OVERDUE);
  /* No visit yet: the first is due a month after registration. */
  int64_t h3 = add_home("New House", "SC100006", "2026-05-15");
  assert_int_equal(item_status(h3, "2026-06-16", HI_REG44_VISIT, 0, &due), ST_OVERDUE);
  assert_date_equal(due, D("2026-06-15"));

  /* Sending needs the report first; the report is not before the visit. */
  VisitInput bad = {.visited = D("2026-03-05"), .report = D("2026-03-04"), .sent = DATE_NONE,
                    .ypFeedback = DATE_NONE, .profFeedback = DATE_NONE, .planApproved = D("2026-03-06"),
                    .zVisitor = ""};
  Errors e = {0};
  assert_int_equal(reg44_save(db, h, 0, &bad, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "visitor"));
  assert_non_null(errors_for(&e, "report_on"));
  assert_non_null(errors_for(&e, "plan_approved_by"));
  /* Feedback gathered after the visit is late. */
  VisitInput late = {.visited = D("2026-03-05"), .ypFeedback = D("2026-03-06"), .profFeedback = D("2026-03-01"),
                     .report = DATE_NONE, .sent = DATE_NONE, .planApproved = DATE_NONE, .zVisitor = "IV"};
  memset(&e, 0, sizeof e);
  int64_t v4 = reg44_save(db, h, 0, &late, TODAY, ACTOR, &e);
  assert_true(v4 > 0);
  assert_int_equal(item_status(h, "2026-03-10", HI_REG44_FEEDBACK, v4, NULL), ST_DONE_LATE);
}

/* Within 24 hours, to the minute. */
static void test_notifications(void **state) {
  (void)state;
  int64_t h = add_home("Notify House", "SC100007", "2025-01-01");
  Errors e = {0};
  int64_t n1 = notification_add(db, h, "serious-event", "2026-03-27 14:30", "2026-03-28 14:30", "Police called", TODAY,
                                ACTOR, &e);
  int64_t n2 = notification_add(db, h, "allegation", "2026-03-27 14:30", "2026-03-28 14:31", "Allegation against staff",
                                TODAY, ACTOR, &e);
  int64_t n3 = notification_add(db, h, "serious-event", "2026-03-31 23:50", NULL, "Missing overnight", TODAY, ACTOR, &e);
  assert_int_equal(e.n, 0);
  assert_int_equal(item_status(h, "2026-04-05", HI_NOTIFICATION, n1, NULL), ST_DONE);
  assert_int_equal(item_status(h, "2026-04-05", HI_NOTIFICATION, n2, NULL), ST_DONE_LATE);
  Date due = DATE_NONE;
  /* Across the month end: due 1 April at 23:50 (due soon on the day of
  ** the event, due today on the 1st), overdue on 2 April. */
  assert_int_equal(item_status(h, "2026-03-31", HI_NOTIFICATION, n3, NULL), ST_DUE_SOON);
  assert_int_equal(item_status(h, "2026-04-01", HI_NOTIFICATION, n3, &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-04-01"));
  assert_int_equal(item_status(h, "2026-04-02", HI_NOTIFICATION, n3, NULL), ST_OVERDUE);
  assert_int_equal(notification_notified(db, n3, "2026-04-01 23:50", TODAY, ACTOR, &e), 0);
  assert_int_equal(item_status(h, "2026-04-02", HI_NOTIFICATION, n3, NULL), ST_DONE);
  /* Bad times are refused in users' words. */
  assert_int_equal(notification_add(db, h, "incident", "27/03/2026", "2026-03-26 10:00", "", TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "note_kind"));
  assert_non_null(strstr(errors_for(&e, "event_at"), "YYYY-MM-DD HH:MM"));
  assert_non_null(errors_for(&e, "summary"));
  memset(&e, 0, sizeof e);
  assert_int_equal(notification_add(db, h, "allegation", "2026-03-27 10:00", "2026-03-27 09:59", "x", TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "notified_at"));
}

/* A QPAG action not done by its due date is flagged the day after, stays
** flagged until done, and the escalation is recorded. */
static void test_qpag_escalation(void **state) {
  (void)state;
  int64_t h = add_home("Tracker House", "SC100008", "2025-01-01");
  Errors e = {0};
  int64_t id = qpag_action_add(db, D("2026-05-14"), h, "Review missing-from-home practice", "Service manager",
                               D("2026-05-31"), TODAY, ACTOR, &e);
  assert_true(id > 0);
  QpagList l;
  qpag_actions(db, D("2026-05-31"), &l);
  assert_int_equal(l.n, 1);
  assert_false(qpag_needs_escalation(&l.a[0], D("2026-05-31")));
  assert_true(qpag_needs_escalation(&l.a[0], D("2026-06-01")));
  assert_true(qpag_escalation_outstanding(&l.a[0], D("2026-06-01")));
  qpag_list_free(&l);
  /* Not known before the meeting that agreed it. */
  qpag_actions(db, D("2026-05-13"), &l);
  assert_int_equal(l.n, 0);
  qpag_list_free(&l);

  assert_int_equal(qpag_action_escalate(db, id, D("2026-06-02"), "", TODAY, ACTOR, &e), -1);
  assert_non_null(errors_for(&e, "note"));
  memset(&e, 0, sizeof e);
  assert_int_equal(qpag_action_escalate(db, id, D("2026-06-02"), "Raised at CSLT", TODAY, ACTOR, &e), 0);
  qpag_actions(db, D("2026-06-02"), &l);
  assert_true(qpag_needs_escalation(&l.a[0], D("2026-06-02")));
  assert_false(qpag_escalation_outstanding(&l.a[0], D("2026-06-02")));
  qpag_list_free(&l);
  /* Seen on 1 June the escalation had not happened yet. */
  qpag_actions(db, D("2026-06-01"), &l);
  assert_true(qpag_escalation_outstanding(&l.a[0], D("2026-06-01")));
  qpag_list_free(&l);
  assert_int_equal(qpag_action_done(db, id, D("2026-06-10"), TODAY, ACTOR, &e), 0);
  qpag_actions(db, D("2026-06-10"), &l);
  assert_false(qpag_needs_escalation(&l.a[0], D("2026-06-10")));
  qpag_list_free(&l);
  /* The due date is not before the meeting. */
  assert_int_equal(qpag_action_add(db, D("2026-05-14"), 0, "x", "y", D("2026-05-13"), TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "due_on"));
  /* Every step is in the audit log, under the home. */
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action LIKE 'qpag.%'", "s", zRec), 3);
}

/* The monthly report: visits in the month, KPIs, overdue QPAG actions, JSON. */
static void test_qpag_report(void **state) {
  (void)state;
  int64_t h = add_home("Report House", "SC100009", "2025-01-01");
  visit(h, "2026-05-06", "2026-05-15", "2026-05-29");
  Errors e = {0};
  assert_true(qpag_action_add(db, D("2026-04-10"), h, "Fire door audit", "Home manager", D("2026-04-30"), TODAY, ACTOR, &e) > 0);
  assert_true(thematic_add(db, "Missing from home", D("2026-05-20"), "Service manager", "Themes", TODAY, ACTOR, &e) > 0);
  assert_true(home_audit_add(db, h, "fire-safety", D("2026-05-02"), "Home manager", "", TODAY, ACTOR, &e) > 0);
  int month;
  month_parse("2026-05", &month);
  QpagReport r;
  qpag_report(db, month, TODAY, &r);
  assert_date_equal(r.asOf, D("2026-05-31"));
  int found = 0;
  for (int i = 0; i < r.aTab[QPAG_REG44].nRow; i++) {
    found |= strcmp(rtable_cell(&r.aTab[QPAG_REG44], i, 0)->z, "Report House") == 0;
  }
  assert_true(found);
  assert_int_equal(r.aTab[QPAG_THEMATIC].nRow, 1);
  assert_true(r.aTab[QPAG_OVERDUE_ACTIONS].nRow >= 1);
  Buf j = {0};
  qpag_report_json(&r, &j);
  json_error_t jerr;
  json_t *o = json_loads(j.z, 0, &jerr);
  assert_non_null(o);
  assert_string_equal(json_string_value(json_object_get(o, "month")), "2026-05");
  assert_string_equal(json_string_value(json_object_get(o, "as_of")), "2026-05-31");
  json_t *tabs = json_object_get(o, "tables");
  json_t *visits = json_object_get(json_object_get(tabs, "reg44_visits"), "rows");
  int onTime = 0;
  for (size_t i = 0; i < json_array_size(visits); i++) {
    json_t *row = json_array_get(visits, i);
    if (strcmp(json_string_value(json_object_get(row, "home")), "Report House") == 0) {
      onTime = strcmp(json_string_value(json_object_get(row, "report_status")), "on time") == 0;
      assert_string_equal(json_string_value(json_object_get(row, "visited_on")), "2026-05-06");
    }
  }
  assert_true(onTime);
  json_t *themes = json_object_get(json_object_get(tabs, "thematic_reviews"), "rows");
  assert_string_equal(json_string_value(json_object_get(json_array_get(themes, 0), "title")), "Missing from home");
  json_t *cols = json_object_get(json_object_get(tabs, "kpis"), "columns");
  assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 1), "type")), "integer");
  assert_int_equal(json_object_size(tabs), QPAG_N_TABLES);
  json_decref(o);
  buf_free(&j);
  Buf c = {0};
  qpag_report_csv(&r, &c);
  assert_non_null(strstr(c.z, "Key performance indicators\r\nindicator,value,out_of\r\n"));
  buf_free(&c);
  assert_int_equal(qpag_report_audit(db, &r, ACTOR), DB_OK);
  qpag_report_free(&r);
}

/* The KPI row whose indicator begins with zName: *pValue and *pOf. */
static void kpi_of(const QpagReport *r, const char *zName, int64_t *pValue, int64_t *pOf) {
  const RTable *t = &r->aTab[QPAG_KPI];
  for (int i = 0; i < t->nRow; i++) {
    if (strncmp(rtable_cell(t, i, 0)->z, zName, strlen(zName)) == 0) {
      *pValue = rtable_cell(t, i, 1)->v;
      *pOf = rtable_cell(t, i, 2)->v;
      return;
    }
  }
  print_error("no KPI \"%s\"\n", zName);
  fail();
}

/* The timeliness KPIs count what fell due in the month (issue 20): a
** report not yet due is neither on time nor late, and a visit late in
** April has its report due in May. Worked by hand for May 2026 (bank
** holidays Monday 4 and Monday 25 May; 31 May is a Sunday):
** - A, visit Mon 27 April: report due 11 May (2 weeks), received 11 May,
**   on time; 22 working days skip both bank holidays: sent due Fri 29 May,
**   sent 29 May, on time.
** - A, visit Sun 17 May: report due Sun 31 May, the month's last day,
**   received that day: on time. Sending due in June: not counted.
** - B, visit Tue 28 April: report due 12 May, received 13 May: late; sending
**   due Monday 1 June (without the two bank holidays it would be 27 May),
**   so June's, not May's.
** - B, visit Mon 18 May: report due 1 June, the first of the next month:
**   not counted in May.
** Reports in May: 2 on time of 3 due; sent: 1 of 1. (Before the fix: 1
** of 2 and 0 of 2, counting May's visits whatever their due dates.)
** Monitoring, home C: requires improvement, inspection ended Friday 24
** April: a review due 8 May, held that day; the next due 22 May, held 2
** June: 1 held of 2 due (before: 1 of 1, held against held). */
static void test_qpag_kpis_due_in_month(void **state) {
  (void)state;
  int64_t a = add_home("KPI House A", "SC100101", "2025-01-01");
  int64_t b = add_home("KPI House B", "SC100102", "2025-01-01");
  int64_t c = add_home("KPI House C", "SC100103", "2025-01-01");
  visit(a, "2026-04-27", "2026-05-11", "2026-05-29");
  visit(a, "2026-05-17", "2026-05-31", NULL);
  visit(b, "2026-04-28", "2026-05-13", "2026-06-01");
  visit(b, "2026-05-18", NULL, NULL);
  int64_t in = add_inspection(c, "requires-improvement", "2026-04-22", "2026-04-24");
  int64_t req = add_req(in, "Regulation 13", "2026-09-30");
  add_act(req, "2026-09-01");
  review(in, "2026-05-08");
  review(in, "2026-06-02");

  int month;
  month_parse("2026-05", &month);
  QpagReport r;
  int64_t v, of;
  qpag_report(db, month, TODAY, &r);
  kpi_of(&r, "Visitor's reports due in the month", &v, &of);
  assert_int_equal(v, 2);
  assert_int_equal(of, 3);
  kpi_of(&r, "Reports due in the month checked and sent", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 1);
  kpi_of(&r, "QA monitoring reviews due in the month held", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 2);
  qpag_report_free(&r);

  /* The month still running, on 20 May: A's second report (due 31 May) is
  ** not yet due, so not counted; nothing has been due to be sent yet; the
  ** review due 22 May is not yet due. */
  qpag_report(db, month, D("2026-05-20"), &r);
  kpi_of(&r, "Visitor's reports due in the month", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 2);
  kpi_of(&r, "Reports due in the month checked and sent", &v, &of);
  assert_int_equal(v, 0);
  assert_int_equal(of, 0);
  kpi_of(&r, "QA monitoring reviews due in the month held", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 1);
  qpag_report_free(&r);

  /* June: B's second report (due 1 June, never received: overdue). */
  month_parse("2026-06", &month);
  qpag_report(db, month, TODAY, &r);
  kpi_of(&r, "Visitor's reports due in the month", &v, &of);
  assert_int_equal(v, 0);
  assert_int_equal(of, 1);
  /* Sent due in June: B's first (1 June, sent that day), A's second (17
  ** June) and B's second (18 June), neither sent: 1 of 3. */
  kpi_of(&r, "Reports due in the month checked and sent", &v, &of);
  assert_int_equal(v, 1);
  assert_int_equal(of, 3);
  qpag_report_free(&r);
}

static void test_validation_and_audit(void **state) {
  (void)state;
  HomeInput in = {.zName = "", .zUrn = "", .zManager = "", .vacantSince = DATE_NONE, .zRi = "",
                  .zPlaces = "none", .zAgeFrom = "12", .zAgeTo = "8", .registered = DATE_NONE};
  Errors e = {0};
  assert_int_equal(home_save(db, 0, &in, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "name"));
  assert_non_null(errors_for(&e, "urn"));
  assert_non_null(errors_for(&e, "places"));
  assert_non_null(strstr(errors_for(&e, "age_to"), "at least the youngest"));
  assert_non_null(errors_for(&e, "vacant_since"));
  assert_non_null(errors_for(&e, "registered_on"));
  int64_t h = add_home("O'Brien <House>", "SC100010", "2024-01-01");
  memset(&e, 0, sizeof e);
  InspectionInput ii = {.zKind = "full", .zOverall = "good", .zExperiences = "", .zProtection = "excellent",
                        .zLeadership = "good", .start = D("2026-05-02"), .end = D("2026-05-01")};
  assert_int_equal(inspection_add(db, h, &ii, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "experiences"));
  assert_non_null(errors_for(&e, "protection"));
  assert_non_null(errors_for(&e, "end_on"));
  /* A duplicate URN is refused. */
  memset(&e, 0, sizeof e);
  HomeInput dup = {.zName = "Other", .zUrn = "SC100010", .zManager = "A Manager", .vacantSince = DATE_NONE,
                   .zRi = "RI", .zPlaces = "2", .zAgeFrom = "8", .zAgeTo = "17", .registered = D("2024-01-01")};
  assert_int_equal(home_save(db, 0, &dup, TODAY, ACTOR, &e), 0);
  assert_non_null(errors_for(&e, "name"));
  char zRec[40];
  snprintf(zRec, sizeof zRec, "home:%lld", (long long)h);
  assert_int_equal(home_audit_view(db, h, ACTOR), DB_OK);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record=? AND action IN ('home.add', 'home.view')",
                          "s", zRec), 2);
}

static void write_file(const char *zPath, const char *z) {
  FILE *f = fopen(zPath, "w");
  fputs(z, f);
  fclose(f);
}

static void test_import_export(void **state) {
  (void)state;
  char zPath[] = "/tmp/oversight-homes-XXXXXX";
  int fd = mkstemp(zPath);
  close(fd);
  /* A bad row: nothing is loaded. */
  write_file(zPath, "urn,name,registered_manager,manager_vacant_since,responsible_individual,places,age_from,age_to,"
                    "registered_on,statement_of_purpose\r\n"
                    "SC200001,Imported House,A Manager,,An RI,3,8,17,2024-02-01,Short breaks\r\n"
                    "SC200002,Broken House,,,An RI,0,8,17,2024-13-01,\r\n");
  Buf rep = {0};
  assert_int_equal(import_homes(db, zPath, TODAY, ACTOR, &rep), -1);
  assert_non_null(strstr(rep.z, "row 3: "));
  assert_non_null(strstr(rep.z, "registered_on"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM home WHERE urn LIKE 'SC2%'", ""), 0);
  buf_free(&rep);
  write_file(zPath, "urn,name,registered_manager,manager_vacant_since,responsible_individual,places,age_from,age_to,"
                    "registered_on,statement_of_purpose\r\n"
                    "SC200001,Imported House,A Manager,,An RI,3,8,17,2024-02-01,\"Short breaks, weekends\"\r\n"
                    "SC200002,Second House,,2026-01-05,An RI,2,10,17,2024-03-01,\r\n");
  assert_int_equal(import_homes(db, zPath, TODAY, ACTOR, &rep), 0);
  assert_non_null(strstr(rep.z, "2 homes added"));
  buf_free(&rep);
  Buf out = {0};
  homes_csv(db, &out);
  assert_non_null(strstr(out.z, "SC200001,Imported House,A Manager,,An RI,3,8,17,2024-02-01,\"Short breaks, weekends\"\r\n"));
  assert_non_null(strstr(out.z, "SC200002,Second House,,2026-01-05,An RI,2,10,17,2024-03-01,\r\n"));
  /* The export imports again unchanged: every row an update. */
  write_file(zPath, out.z);
  buf_free(&out);
  assert_int_equal(import_homes(db, zPath, TODAY, ACTOR, &rep), 0);
  assert_non_null(strstr(rep.z, "0 homes added"));
  buf_free(&rep);
  unlink(zPath);
}

/* The demo carries the seed's inspection as synthetic data: requires
** improvement, four requirements due 1 July 2021, the action plan complete
** by 16 June, fortnightly monitoring that stopped then. */
static void test_demo_seed_inspection(void **state) {
  (void)state;
  int n = 0;
  char *zErr = NULL;
  assert_int_equal(demo_homes(db, 3, D("2026-11-23"), &n, &zErr), 0);
  assert_int_equal(n, 4);
  int64_t id = db_int(db, 0, "SELECT id FROM home WHERE urn = 'SC900001'", "");
  HomeRecords h;
  assert_int_equal(home_load(db, id, &h), 1);
  assert_int_equal(h.nInsp, 1);
  const HomeInspection *in = &h.aInsp[0];
  assert_date_equal(in->start, D("2021-05-19"));
  assert_date_equal(in->end, D("2021-05-20"));
  assert_int_equal(in->overall, J_RI);
  assert_int_equal(in->experiences, J_RI);
  assert_int_equal(in->protection, J_RI);
  assert_int_equal(in->leadership, J_RI);
  assert_int_equal(in->nReq, 4);
  for (int k = 0; k < 4; k++) assert_date_equal(in->aReq[k].due, D("2021-07-01"));
  assert_true(in->nAct >= 4);
  assert_true(in->nRec >= 1);
  /* Monitoring was due a fortnight after the inspection, and every
  ** requirement was met on 16 June when the last action completed. */
  assert_date_equal(home_monitoring_due(in, D("2021-05-21")), D("2021-06-03"));
  assert_date_equal(home_monitoring_due(in, D("2021-06-15")), D("2021-06-17"));
  assert_date_equal(home_monitoring_due(in, D("2021-06-16")), DATE_NONE);
  for (int k = 0; k < 4; k++) assert_true(home_requirement_met(in, &in->aReq[k], D("2021-07-01")));
  home_clear(&h);
  /* Current activity: something is overdue somewhere, for the dashboard. */
  RTable t;
  homes_dashboard_table(db, D("2026-11-23"), &t);
  assert_int_equal(t.nRow, 4);
  int64_t nOver = 0;
  for (int i = 0; i < t.nRow; i++) nOver += rtable_cell(&t, i, HM_OVERDUE)->v;
  assert_true(nOver > 0);
  rtable_clear(&t);
  assert_true(db_int(db, 0, "SELECT count(*) FROM reg44_visit", "") >= 4 * 5);
}

/* A read that fails part way (here the inspections' actions, then the
** QPAG actions and the homes themselves are gone) is a failure with
** nothing, never a home that seems to have no actions or a shorter list. */
static void test_read_failure_is_not_a_short_list(void **state) {
  (void)state;
  int64_t h = add_home("Failing House", "SC100077", "2025-01-01");
  int64_t insp = add_inspection(h, "requires-improvement", "2026-03-02", "2026-03-04");
  add_act(add_req(insp, "Reg 12", "2026-05-01"), "2026-04-30");
  Errors e = {0};
  assert_true(qpag_action_add(db, D("2026-04-10"), h, "Fire door audit", "Home manager", D("2026-04-30"), TODAY, ACTOR, &e) > 0);
  HomeRecords hr;
  assert_int_equal(home_load(db, h, &hr), 1);
  assert_int_equal(hr.aInsp[0].nAct, 1);
  home_clear(&hr);

  assert_int_equal(db_exec_script(db, "ALTER TABLE inspection_action RENAME TO inspection_action_gone;"), DB_OK);
  assert_int_equal(home_load(db, h, &hr), 0);
  assert_int_equal(hr.nInsp, 0);
  assert_null(hr.aInsp);
  home_clear(&hr);
  RTable t;
  assert_int_equal(homes_dashboard_table(db, TODAY, &t), DB_ERROR);
  assert_int_equal(t.nRow, 0);
  rtable_clear(&t);
  assert_int_equal(homes_open_items_table(db, TODAY, &t), DB_ERROR);
  assert_int_equal(t.nRow, 0);
  rtable_clear(&t);
  int month;
  month_parse("2026-05", &month);
  QpagReport r;
  qpag_report(db, month, TODAY, &r);
  assert_true(r.readError);
  qpag_report_free(&r);
  db_clear_failure(db);

  assert_int_equal(db_exec_script(db, "ALTER TABLE qpag_action RENAME TO qpag_action_gone;"), DB_OK);
  QpagList q;
  assert_int_equal(qpag_actions(db, TODAY, &q), DB_ERROR);
  assert_int_equal(q.n, 0);
  assert_null(q.a);
  db_clear_failure(db);

  assert_int_equal(db_exec_script(db, "ALTER TABLE home RENAME TO home_gone;"), DB_OK);
  int64_t *aId;
  assert_int_equal(home_ids(db, &aId), -1);
  assert_null(aId);
  Buf b = {0};
  assert_int_equal(homes_csv(db, &b), DB_ERROR);
  buf_free(&b);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(export_homes(db, f, ACTOR), -1);
  assert_int_equal(ftell(f), 0);
  fclose(f);
  db_clear_failure(db);
}

static void test_minutes(void **state) {
  (void)state;
  Minute m;
  assert_int_equal(minute_parse("2021-06-07 09:30", &m), 0);
  char z[17];
  assert_string_equal(minute_iso(m, z), "2021-06-07 09:30");
  assert_int_equal(minute_parse("2021-06-07T23:59", &m), 0);
  assert_int_equal(minute_parse("2021-06-07 24:00", &m), -1);
  assert_int_equal(minute_parse("2021-02-29 10:00", &m), -1);
  assert_int_equal(minute_parse("2021-06-07", &m), -1);
}

/* A long typed description: 320 characters, ending in a word that would
** be lost if any step kept only the first 100, 120 or 200 of them. */
static char *long_text(const char *zStart, const char *zEnd) {
  Buf b = {0};
  buf_puts(&b, zStart);
  while (b.n < 310) buf_puts(&b, " and the staff team record each step in the young person's plan");
  buf_printf(&b, " %s", zEnd);
  return buf_take(&b);
}

/* An item's description is kept whole however long people typed it: the
** action, the requirement's regulation and an event's summary. */
static void test_item_description_kept_whole(void **state) {
  (void)state;
  int64_t h = add_home("Longview House", "SC100099", "2021-03-01");
  int64_t in = add_inspection(h, "requires-improvement", "2021-05-19", "2021-05-20");
  char *zReg = long_text("Regulation 12: the protection of children standard", "REGEND");
  char *zAct = long_text("Staff complete safeguarding training", "ACTEND");
  char *zSummary = long_text("A young person was hurt in a fall", "SUMEND");
  assert_true(strlen(zReg) > 300 && strlen(zAct) > 300 && strlen(zSummary) > 300);
  Errors e = {0};
  int64_t r = requirement_add(db, in, zReg, "The registered person must ensure ...", D("2021-07-01"), ACTOR, &e);
  assert_true(r > 0);
  assert_true(action_add(db, r, zAct, "Registered manager", D("2021-06-11"), ACTOR, &e) > 0);
  assert_true(notification_add(db, h, "serious-event", "2021-06-01 10:00", NULL, zSummary, TODAY, ACTOR, &e) > 0);
  HomeItemList l;
  items(h, "2021-06-01", &l);
  const HomeItem *itReq = find(&l, HI_REQUIREMENT), *itAct = find(&l, HI_ACTION), *itNote = find(&l, HI_NOTIFICATION);
  assert_non_null(itReq);
  assert_non_null(itAct);
  assert_non_null(itNote);
  assert_string_equal(itReq->zWhat, zReg);
  assert_string_equal(itAct->zWhat, zAct);
  char *zWant = xmprintf("Serious event: %s", zSummary);
  assert_string_equal(itNote->zWhat, zWant);
  free(zWant);
  home_items_free(&l);
  free(zReg);
  free(zAct);
  free(zSummary);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_minutes),
    cmocka_unit_test_setup_teardown(test_monitoring_fortnightly, setup, teardown),
    cmocka_unit_test_setup_teardown(test_monitoring_weekly, setup, teardown),
    cmocka_unit_test_setup_teardown(test_monitoring_good, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reg44_deadlines, setup, teardown),
    cmocka_unit_test_setup_teardown(test_notifications, setup, teardown),
    cmocka_unit_test_setup_teardown(test_qpag_escalation, setup, teardown),
    cmocka_unit_test_setup_teardown(test_qpag_report, setup, teardown),
    cmocka_unit_test_setup_teardown(test_qpag_kpis_due_in_month, setup, teardown),
    cmocka_unit_test_setup_teardown(test_validation_and_audit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_import_export, setup, teardown),
    cmocka_unit_test_setup_teardown(test_demo_seed_inspection, setup, teardown),
    cmocka_unit_test_setup_teardown(test_item_description_kept_whole, setup, teardown),
    cmocka_unit_test_setup_teardown(test_read_failure_is_not_a_short_list, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
