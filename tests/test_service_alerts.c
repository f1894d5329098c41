/*
** test_service_alerts.c: escalations', LADO, private fostering and homes'
** alerts at their edges (due soon on the due day, overdue the day after,
** working days across the Christmas bank holidays, a month end), who sees
** which (SPEC §11), and acknowledging one: open only, in scope only, the
** note's maximum in characters, attributed and audited with before/after.
**
** Dates worked out by hand from the calendar. Christmas 2026: Friday 25
** December and the substitute Boxing Day, Monday 28 December, are bank
** holidays, and so is Friday 1 January 2027.
**  - 1 working day (lado_decision) from Thursday 24 December is Tuesday
**    29 December.
**  - 5 working days (escalation_stage_response) from Thursday 24 December:
**    29, 30, 31 December, 4 and 5 January: Tuesday 5 January 2027.
**  - 7 working days (pf_initial_visit) from Wednesday 23 December: 24, 29,
**    30, 31 December, 4, 5, 6 January: Wednesday 6 January 2027.
**  - 2 weeks (reg44_report) from Tuesday 17 November is Tuesday 1
**    December, across the month end.
*/
#include "testutil.h"
#include "audit.h"
#include "escalations.h"
#include "homes.h"
#include "lado.h"
#include "private_fostering.h"
#include "service_alerts.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
/* Records may be dated up to this day: well after every date used. */
#define LATEST D("2027-12-31")
#define ACTOR "test:alerts"

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

/* A user without hashing a password (the acknowledgement needs only the row). */
static int64_t add_user(const char *zName, const char *zRole) {
  assert_int_equal(db_exec(db, "INSERT INTO users(username, display_name, role, password_hash, created_at)"
                               " VALUES(?, ?, ?, 'x', '2026-01-01T00:00:00Z')", "sss", zName, zName, zRole), DB_OK);
  return db_int(db, 0, "SELECT id FROM users WHERE username = ?", "s", zName);
}

/* The alerts of scope on asOf; the test fails if they cannot be read. */
static ServiceAlertList alerts(ServiceAlertScope sc, const char *zAsOf) {
  ServiceAlertList l;
  assert_int_equal(service_alerts_for(db, &sc, D(zAsOf), &l), 0);
  return l;
}

/* The alert of record id whose item code starts with zItem, or NULL. */
static const ServiceAlert *find(const ServiceAlertList *l, AlertService svc, int64_t id, const char *zItem) {
  for (int i = 0; i < l->n; i++) {
    const ServiceAlert *a = &l->a[i];
    if (a->service == svc && a->recordId == id && strncmp(a->zItem, zItem, strlen(zItem)) == 0) return a;
  }
  return NULL;
}

/* The status of that alert on zAsOf: -1 when there is none. */
static int status_on(ServiceAlertScope sc, AlertService svc, int64_t id, const char *zItem, const char *zAsOf,
                     Date *pDue) {
  ServiceAlertList l = alerts(sc, zAsOf);
  const ServiceAlert *a = find(&l, svc, id, zItem);
  int st = a ? (int)a->status : -1;
  if (a && pDue) *pDue = a->due;
  service_alerts_free(&l);
  return st;
}

static const ServiceAlertScope ALL = {.services = 0xF};

/* ---- Escalations ---------------------------------------------------------- */

static int64_t raise_on(const char *zOn, int64_t iroId) {
  static int n;
  char zRef[16];
  snprintf(zRef, sizeof zRef, "E%d", ++n);
  ChildInput ci = {.zRef = zRef, .zGiven = "Test", .zFamily = "Child", .zDob = "2014-05-01", .zSex = "F",
                   .disability = -1};
  Errors e = {0};
  if (!child_add(db, &ci, ACTOR, &e)) fail_errors("child_add", &e);
  const char *az[] = {zRef};
  EscalationInput in = {.azChild = az, .nChild = 1, .zCategory = "care-planning", .zTopic = "placement",
                        .zConcern = "No permanence plan", .zOutcomeWanted = "A planning meeting",
                        .zRaisedBy = "Sam Patel", .iroId = iroId, .zResponder = "Pat Jones",
                        .raised = D(zOn)};
  int64_t id = escalation_raise(db, &in, LATEST, ACTOR, &e);
  if (!id) fail_errors("escalation_raise", &e);
  return id;
}

static void escalation_response_at_its_edges(void **state) {
  (void)state;
  assert_int_equal(db_exec(db, "INSERT INTO iro(id, name) VALUES(1, 'Sam Patel')", ""), DB_OK);
  int64_t id = raise_on("2026-12-24", 1);
  Date due = DATE_NONE;
  /* Due on 5 January: counted in working days past Christmas and New Year,
  ** so on Monday 4 January it is not yet overdue. */
  assert_int_equal(status_on(ALL, SA_ESCALATION, id, "stage-0-response", "2027-01-04", &due), ST_DUE_SOON);
  assert_date_equal(due, D("2027-01-05"));
  assert_int_equal(status_on(ALL, SA_ESCALATION, id, "stage-0-response", "2027-01-05", NULL), ST_DUE_TODAY);   /* the due day: a state of its own */
  assert_int_equal(status_on(ALL, SA_ESCALATION, id, "stage-0-response", "2027-01-06", NULL), ST_OVERDUE);
  /* Answered on the due day: no alert from then on. */
  Errors e = {0};
  if (escalation_respond(db, id, "Meeting set", D("2027-01-05"), LATEST, ACTOR, &e) != 0) fail_errors("respond", &e);
  assert_int_equal(status_on(ALL, SA_ESCALATION, id, "stage-0-response", "2027-01-06", NULL), -1);
  /* Before it was raised there is nothing. */
  assert_int_equal(status_on(ALL, SA_ESCALATION, id, "stage-0-response", "2026-12-23", NULL), -1);
}

static void an_iro_sees_the_escalations_they_raised(void **state) {
  (void)state;
  assert_int_equal(db_exec(db, "INSERT INTO iro(id, name) VALUES(1, 'Sam Patel'), (2, 'Kim Lee')", ""), DB_OK);
  int64_t mine = raise_on("2027-02-01", 1);
  int64_t theirs = raise_on("2027-02-01", 2);
  ServiceAlertScope iro = service_alert_scope(role_caps(ROLE_IRO), 1);
  ServiceAlertList l = alerts(iro, "2027-02-10");
  assert_non_null(find(&l, SA_ESCALATION, mine, "stage-0-response"));
  assert_null(find(&l, SA_ESCALATION, theirs, "stage-0-response"));
  service_alerts_free(&l);
  /* The QA manager sees both; business support acts on no escalation. */
  l = alerts(service_alert_scope(role_caps(ROLE_QA_MANAGER), 0), "2027-02-10");
  assert_non_null(find(&l, SA_ESCALATION, mine, "stage-0-response"));
  assert_non_null(find(&l, SA_ESCALATION, theirs, "stage-0-response"));
  service_alerts_free(&l);
  assert_int_equal(service_alert_scope(role_caps(ROLE_BUSINESS_SUPPORT), 0).services, 0);
  assert_int_equal(service_alert_scope(role_caps(ROLE_BOARD), 0).services, 0);
}

/* ---- LADO ------------------------------------------------------------------- */

static int64_t lado_contact(const char *zOn) {
  LadoContactInput in = {.received = D(zOn), .zTime = "16:45", .zReferrer = "Jo O'Brien", .zAgency = "School",
                         .zAdult = "Alex Teacher", .zRole = "Class teacher", .zEmployer = "School",
                         .zSector = "education", .zChildren = "Pupil A (9)", .zAllegation = "Grabbed an arm"};
  Errors e = {0};
  int64_t id = lado_contact_add(db, &in, LATEST, ACTOR, &e);
  if (!id) fail_errors("lado_contact_add", &e);
  return id;
}

static void lado_decision_across_christmas(void **state) {
  (void)state;
  int64_t id = lado_contact("2026-12-24");
  Date due = DATE_NONE;
  /* On the bank holiday Monday it is due soon, not overdue. */
  assert_int_equal(status_on(ALL, SA_LADO, id, "decision", "2026-12-28", &due), ST_DUE_SOON);
  assert_date_equal(due, D("2026-12-29"));
  assert_int_equal(status_on(ALL, SA_LADO, id, "decision", "2026-12-29", NULL), ST_DUE_TODAY);
  assert_int_equal(status_on(ALL, SA_LADO, id, "decision", "2026-12-30", NULL), ST_OVERDUE);
  /* Only the Designated Officer sees it: not an IRO, the QA manager or an
  ** administrator (SPEC §11). */
  ServiceAlertScope sc = service_alert_scope(role_caps(ROLE_LADO), 0);
  assert_int_equal(status_on(sc, SA_LADO, id, "decision", "2026-12-30", NULL), ST_OVERDUE);
  assert_int_equal(status_on(service_alert_scope(role_caps(ROLE_LADO), 0), SA_ESCALATION, 0, "", "2026-12-30", NULL), -1);
  for (Role r = ROLE_ADMIN; r < ROLE__COUNT; r++) {
    if (r == ROLE_LADO) continue;
    assert_false(service_alert_scope(role_caps(r), 1).services & (1u << SA_LADO));
  }
  /* Decided as a referral on the 30th: the decision's alert goes, the
  ** initial meeting's comes by its own rule. */
  Errors e = {0};
  if (lado_decide(db, id, "referral", D("2026-12-30"), NULL, LATEST, ACTOR, &e) != 0) fail_errors("decide", &e);
  ServiceAlertList l = alerts(ALL, "2026-12-30");
  assert_null(find(&l, SA_LADO, id, "decision"));
  service_alerts_free(&l);
  Date iem = DATE_NONE;
  int st = status_on(ALL, SA_LADO, id, "initial-meeting", "2027-12-30", &iem);
  assert_int_equal(st, ST_OVERDUE);
  LadoCase c;
  assert_int_equal(lado_load(db, id, &c), 1);
  assert_date_equal(iem, lado_iem_due(&c));
  lado_clear(&c);
}

/* ---- Private fostering ------------------------------------------------------- */

static void pf_initial_visit_across_christmas(void **state) {
  (void)state;
  PfNotification in = {.zChild = "Ann Lee", .dob = D("2012-01-01"), .disabled = 0, .zCarer = "Carer O'Brien",
                       .zRelationship = "family-friend", .zParents = "Mother: Ann", .zPr = "Mother",
                       .notified = D("2026-12-23"), .started = DATE_NONE, .zExpectedDays = "120",
                       .zSource = "school", .overseas = 0, .zManagedBy = "locality", .zTeam = "North team",
                       .zWorker = "pf"};
  Errors e = {0};
  int64_t id = pf_notify(db, &in, LATEST, ACTOR, &e);
  if (!id) fail_errors("pf_notify", &e);
  Date due = DATE_NONE;
  assert_int_equal(status_on(ALL, SA_PRIVATE_FOSTERING, id, "initial-visit", "2027-01-05", &due), ST_DUE_SOON);
  assert_date_equal(due, D("2027-01-06"));
  assert_int_equal(status_on(ALL, SA_PRIVATE_FOSTERING, id, "initial-visit", "2027-01-06", NULL), ST_DUE_TODAY);
  assert_int_equal(status_on(ALL, SA_PRIVATE_FOSTERING, id, "initial-visit", "2027-01-07", NULL), ST_OVERDUE);
  /* A private fostering worker sees it; a residential manager does not. */
  ServiceAlertScope pf = service_alert_scope(role_caps(ROLE_PF_WORKER), 0);
  assert_int_equal(status_on(pf, SA_PRIVATE_FOSTERING, id, "initial-visit", "2027-01-07", NULL), ST_OVERDUE);
  ServiceAlertScope rm = service_alert_scope(role_caps(ROLE_RESIDENTIAL_MANAGER), 0);
  assert_int_equal(status_on(rm, SA_PRIVATE_FOSTERING, id, "initial-visit", "2027-01-07", NULL), -1);
}

/* ---- Children's homes -------------------------------------------------------- */

static int64_t add_home(void) {
  HomeInput in = {.zName = "Oak House", .zUrn = "SC123456", .zManager = "Rae Manager", .zRi = "Robin Example",
                  .zPlaces = "4", .zAgeFrom = "7", .zAgeTo = "17", .registered = D("2021-05-01"),
                  .vacantSince = DATE_NONE, .zPurpose = "Emotional and behavioural difficulties"};
  Errors e = {0};
  int64_t id = home_save(db, 0, &in, LATEST, ACTOR, &e);
  if (!id) fail_errors("home_save", &e);
  return id;
}

static void reg44_report_across_a_month_end(void **state) {
  (void)state;
  int64_t h = add_home();
  VisitInput v = {.visited = D("2026-11-17"), .ypFeedback = D("2026-11-14"), .profFeedback = D("2026-11-15"),
                  .report = DATE_NONE, .sent = DATE_NONE, .planApproved = DATE_NONE,
                  .zVisitor = "Independent Visitor", .zFinding = "good", .zFindings = "Warm relationships"};
  Errors e = {0};
  int64_t vid = reg44_save(db, h, 0, &v, LATEST, ACTOR, &e);
  if (!vid) fail_errors("reg44_save", &e);
  char zItem[40];
  snprintf(zItem, sizeof zItem, "reg44-report-%lld", (long long)vid);
  Date due = DATE_NONE;
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-11-30", &due), ST_DUE_SOON);
  assert_date_equal(due, D("2026-12-01"));
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-12-01", NULL), ST_DUE_TODAY);
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-12-02", NULL), ST_OVERDUE);
  /* The residential manager sees it, the Designated Officer does not. */
  ServiceAlertScope rm = service_alert_scope(role_caps(ROLE_RESIDENTIAL_MANAGER), 0);
  assert_int_equal(status_on(rm, SA_HOME, h, zItem, "2026-12-02", NULL), ST_OVERDUE);
  ServiceAlertScope lado = service_alert_scope(role_caps(ROLE_LADO), 0);
  assert_int_equal(status_on(lado, SA_HOME, h, zItem, "2026-12-02", NULL), -1);
  /* The report received: the alert goes. */
  v.report = D("2026-12-02");
  if (reg44_save(db, h, vid, &v, LATEST, ACTOR, &e) < 0 || e.n) fail_errors("reg44_save", &e);
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-12-03", NULL), -1);
}

static void qpag_action_due_and_overdue(void **state) {
  (void)state;
  int64_t h = add_home();
  Errors e = {0};
  int64_t q = qpag_action_add(db, D("2026-11-12"), h, "Review missing-from-home practice", "Service manager",
                              D("2026-11-30"), LATEST, ACTOR, &e);
  if (!q) fail_errors("qpag_action_add", &e);
  assert_int_equal(status_on(ALL, SA_HOME, q, "qpag-action", "2026-11-30", NULL), ST_DUE_TODAY);
  assert_int_equal(status_on(ALL, SA_HOME, q, "qpag-action", "2026-12-01", NULL), ST_OVERDUE);
  if (qpag_action_done(db, q, D("2026-12-01"), LATEST, ACTOR, &e) != 0) fail_errors("qpag_action_done", &e);
  assert_int_equal(status_on(ALL, SA_HOME, q, "qpag-action", "2026-12-02", NULL), -1);
}

/* A serious event at 10:00 on Christmas Eve must be notified within 24
** hours (rule home_notification, hours: bank holidays do not stop it). */
static void notification_within_24_hours_names_no_one(void **state) {
  (void)state;
  int64_t h = add_home();
  Errors e = {0};
  int64_t n = notification_add(db, h, "serious-event", "2026-12-24 10:00", NULL, "Jo Bloggs hurt in a fall",
                               LATEST, ACTOR, &e);
  if (!n) fail_errors("notification_add", &e);
  char zItem[40];
  snprintf(zItem, sizeof zItem, "notification-%lld", (long long)n);
  Date due = DATE_NONE;
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-12-25", &due), ST_DUE_TODAY);
  assert_date_equal(due, D("2026-12-25"));
  assert_int_equal(status_on(ALL, SA_HOME, h, zItem, "2026-12-26", NULL), ST_OVERDUE);
  ServiceAlertList l = alerts(ALL, "2026-12-26");
  const ServiceAlert *a = find(&l, SA_HOME, h, zItem);
  assert_non_null(a);
  assert_null(strstr(a->zWhat, "Bloggs"));
  assert_non_null(strstr(a->zWhat, "Serious event"));
  service_alerts_free(&l);
}

/* A home's name and a QPAG action as long as people typed them (over 300
** characters) are listed whole: the record and what is due. */
static void long_home_name_and_action_listed_whole(void **state) {
  (void)state;
  Buf name = {0}, act = {0};
  buf_puts(&name, "The Old Vicarage");
  while (name.n < 300) buf_puts(&name, ", Church Lane, Upper Wolverton Green");
  buf_puts(&name, " NAMEEND");
  buf_puts(&act, "Review missing-from-home practice");
  while (act.n < 300) buf_puts(&act, " with the police, the school and the young person's social worker");
  buf_puts(&act, " ACTEND");
  HomeInput in = {.zName = name.z, .zUrn = "SC654321", .zManager = "Rae Manager", .zRi = "Robin Example",
                  .zPlaces = "4", .zAgeFrom = "7", .zAgeTo = "17", .registered = D("2021-05-01"),
                  .vacantSince = DATE_NONE, .zPurpose = "Emotional and behavioural difficulties"};
  Errors e = {0};
  int64_t h = home_save(db, 0, &in, LATEST, ACTOR, &e);
  if (!h) fail_errors("home_save", &e);
  int64_t q = qpag_action_add(db, D("2026-11-12"), h, act.z, "Service manager", D("2026-11-30"), LATEST, ACTOR, &e);
  if (!q) fail_errors("qpag_action_add", &e);
  ServiceAlertList l = alerts(ALL, "2026-12-01");
  const ServiceAlert *a = find(&l, SA_HOME, q, "qpag-action");
  assert_non_null(a);
  assert_string_equal(a->zRecord, name.z);
  char *zWant = xmprintf("QPAG action: %s", act.z);
  assert_string_equal(a->zWhat, zWant);
  free(zWant);
  service_alerts_free(&l);
  buf_free(&name);
  buf_free(&act);
}

/* ---- Acknowledging -------------------------------------------------------------- */

static void acknowledgement_is_validated_attributed_and_audited(void **state) {
  (void)state;
  int64_t user = add_user("dee", "lado");
  int64_t id = lado_contact("2026-12-24");
  ServiceAlertScope sc = service_alert_scope(role_caps(ROLE_LADO), 0);
  Date due = D("2026-12-29"), asOf = D("2026-12-30");
  Errors e = {0};
  /* Not open: a due date the alert does not have, an item it has not. */
  assert_int_equal(service_alert_acknowledge(db, &sc, "lado", id, "decision", D("2026-12-28"), user, "dee",
                                             NULL, asOf, &e), -1);
  assert_string_equal(errors_for(&e, "item"), "This alert is no longer open: the work may already be done");
  Errors e2 = {0};
  assert_int_equal(service_alert_acknowledge(db, &sc, "lado", id, "outcome", due, user, "dee", NULL, asOf, &e2), -1);
  /* Not in scope: a private fostering worker cannot acknowledge LADO. */
  Errors e3 = {0};
  ServiceAlertScope pf = service_alert_scope(role_caps(ROLE_PF_WORKER), 0);
  assert_int_equal(service_alert_acknowledge(db, &pf, "lado", id, "decision", due, user, "dee", NULL, asOf, &e3), -1);
  assert_non_null(errors_for(&e3, "item"));
  /* No such service. */
  Errors e4 = {0};
  assert_int_equal(service_alert_acknowledge(db, &sc, "child", id, "decision", due, user, "dee", NULL, asOf, &e4), -1);
  assert_string_equal(errors_for(&e4, "item"), "Choose which alert to acknowledge");
  /* The note: 250 characters (each of two bytes here) is allowed, 251 is
  ** refused with the maximum named, never cut short. */
  char zLong[2 * 251 + 1] = "";
  for (int i = 0; i < 251; i++) strcat(zLong, "\xc3\xa9");
  Errors e5 = {0};
  assert_int_equal(service_alert_acknowledge(db, &sc, "lado", id, "decision", due, user, "dee", zLong, asOf, &e5), -1);
  assert_string_equal(errors_for(&e5, "note"), "The note must be 250 characters or fewer");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM service_alert_ack", ""), 0);
  zLong[2 * 250] = 0;
  Errors e6 = {0};
  assert_int_equal(service_alert_acknowledge(db, &sc, "lado", id, "decision", due, user, "dee", zLong, asOf, &e6), 0);
  assert_int_equal(e6.n, 0);
  /* A shorter note the second time: the latest is the one shown, and the
  ** audit entry says what it was before. */
  Errors e7 = {0};
  assert_int_equal(service_alert_acknowledge(db, &sc, "lado", id, "decision", due, user, "dee",
                                             "Strategy call booked", asOf, &e7), 0);
  ServiceAlertList l = alerts(sc, "2026-12-30");
  const ServiceAlert *a = find(&l, SA_LADO, id, "decision");
  assert_non_null(a);
  assert_true(a->acked);
  assert_string_equal(a->zAckedBy, "dee");
  assert_string_equal(a->zNote, "Strategy call booked");
  assert_int_equal((int)strlen(a->zAckedAt), 20);
  service_alerts_free(&l);
  char zRec[32];
  snprintf(zRec, sizeof zRec, "lado:%lld", (long long)id);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action = 'alert.ack' AND record = ?", "s",
                          zRec), 2);
  Stmt *s = db_query(db, "SELECT before_value, after_value FROM audit_log WHERE action = 'alert.ack' ORDER BY id DESC LIMIT 1", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_non_null(strstr(db_col_text(s, 0), "decision due 2026-12-29 acknowledged by dee at "));
  assert_string_equal(db_col_text(s, 1), "decision due 2026-12-29 acknowledged: Strategy call booked");
  db_finalize(s);
  /* The acknowledgement does not close the alert: it stays until decided. */
  l = alerts(sc, "2026-12-31");
  assert_non_null(find(&l, SA_LADO, id, "decision"));
  service_alerts_free(&l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(escalation_response_at_its_edges, setup, teardown),
    cmocka_unit_test_setup_teardown(an_iro_sees_the_escalations_they_raised, setup, teardown),
    cmocka_unit_test_setup_teardown(lado_decision_across_christmas, setup, teardown),
    cmocka_unit_test_setup_teardown(pf_initial_visit_across_christmas, setup, teardown),
    cmocka_unit_test_setup_teardown(reg44_report_across_a_month_end, setup, teardown),
    cmocka_unit_test_setup_teardown(qpag_action_due_and_overdue, setup, teardown),
    cmocka_unit_test_setup_teardown(notification_within_24_hours_names_no_one, setup, teardown),
    cmocka_unit_test_setup_teardown(long_home_name_and_action_listed_whole, setup, teardown),
    cmocka_unit_test_setup_teardown(acknowledgement_is_validated_attributed_and_audited, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
