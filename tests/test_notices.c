/*
** test_notices.c: who is emailed what on which day (notices.c): the
** escalation responder when a stage is raised or moved to them, reminded
** the working day before the response is due (across Christmas), the IRO
** and the next stage's managers once it is overdue, the weekly list on the
** first working day of the week (Tuesday after a bank holiday Monday), the
** exceptions report on the first working day of the month, the Designated
** Officer when a decision is due by the next working day; nothing at
** weekends or on bank holidays; queued once; and never a demo name.
*/
#include "testutil.h"
#include "demo.h"
#include "digest.h"
#include "escalations.h"
#include "lado.h"
#include "notices.h"
#include "outbox.h"
#include "rules.h"
#include "settings.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "test"
#define BASE "https://o.example"

static void fail_errors(const char *zWhat, const Errors *e) {
  print_error("%s: %s: %s\n", zWhat, e->n ? e->a[0].zField : "?", e->n ? e->a[0].zMsg : "?");
  fail();
}

/* Two localities with managers, an IRO with a user, a leadership list, a
** Designated Officer; a child in North. */
static Db *setup(void) {
  Db *db = test_db_open();
  const char *zSql =
    "INSERT INTO locality(id, name) VALUES(1, 'North'), (2, 'South');"
    "INSERT INTO iro(id, name, email) VALUES(1, 'Ann Iro', 'ann.record@example.org');"
    "INSERT INTO users(id, username, display_name, role, password_hash, iro_id, email, created_at) VALUES"
    " (1, 'ann', 'Ann', 'iro', 'x', 1, 'ann@example.org', '2026-01-01T00:00:00Z'),"
    " (2, 'do', 'Dee', 'lado', 'x', NULL, 'do@example.org', '2026-01-01T00:00:00Z'),"
    " (3, 'do2', 'Dan', 'lado', 'x', NULL, NULL, '2026-01-01T00:00:00Z');"
    "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex, locality_id) VALUES"
    " (1, 'C1', 'Zebedee', 'Quartermain', '2015-01-01', 'M', 1);";
  assert_int_equal(db_exec_script(db, zSql), DB_OK);
  char *zErr = NULL;
  assert_int_equal(setting_set(db, "mail.locality_managers", "North=n1@example.org, n2@example.org; South=s@example.org",
                               ACTOR, &zErr), 0);
  assert_int_equal(setting_set(db, "mail.leadership", "lead@example.org", ACTOR, &zErr), 0);
  return db;
}

static int64_t raise(Db *db, const char *zOn, const char *zEmail, Errors *e) {
  const char *az[] = {"C1"};
  EscalationInput in = {.azChild = az, .nChild = 1, .zCategory = "permanence", .zTopic = "placement",
                        .zConcern = "Zebedee has no permanence plan", .zOutcomeWanted = "A plan",
                        .zRaisedBy = "Ann Iro", .iroId = 1, .zResponder = "Pat Jones, team manager",
                        .zResponderEmail = zEmail, .raised = D(zOn)};
  return escalation_raise(db, &in, D("2027-06-01"), ACTOR, e);
}

static int count_to(const NoticeList *l, const char *zKind, const char *zTo) {
  int n = 0;
  for (int i = 0; i < l->n; i++) {
    n += strcmp(l->a[i].zKind, zKind) == 0 && (!zTo || strcmp(l->a[i].zTo, zTo) == 0);
  }
  return n;
}

static const Notice *find(const NoticeList *l, const char *zKind, const char *zTo) {
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->a[i].zKind, zKind) == 0 && strcmp(l->a[i].zTo, zTo) == 0) return &l->a[i];
  }
  return NULL;
}

static void test_addresses(void **state) {
  (void)state;
  assert_true(mail_address_ok("a.b@council.example"));
  assert_false(mail_address_ok("a.b"));
  assert_false(mail_address_ok("a@b"));
  assert_false(mail_address_ok("a@b.org\r\nBcc: x@y.org"));
  assert_false(mail_address_ok("Ann <a@b.org>"));
  assert_false(mail_address_ok("a@b.org,c@d.org"));
  Db *db = test_db_open();
  char *zErr = NULL;
  assert_int_equal(setting_set(db, "mail.leadership", "lead@example.org; not-an-address", ACTOR, &zErr), -1);
  assert_non_null(strstr(zErr, "not-an-address"));
  free(zErr);
  zErr = NULL;
  assert_int_equal(setting_set(db, "mail.locality_managers", "North a@example.org", ACTOR, &zErr), -1);
  free(zErr);
  zErr = NULL;
  assert_int_equal(db_exec(db, "INSERT INTO locality(name) VALUES('North')", ""), DB_OK);
  assert_int_equal(setting_set(db, "mail.locality_managers", "Nroth=a@example.org", ACTOR, &zErr), -1);
  assert_non_null(strstr(zErr, "no locality called \"Nroth\""));
  free(zErr);
  zErr = NULL;
  assert_int_equal(setting_set(db, "mail.locality_managers", " north = a@example.org", ACTOR, &zErr), 0);
  zErr = NULL;
  assert_int_equal(setting_set(db, "mail.daily_at", "7.30", ACTOR, &zErr), -1);
  free(zErr);
  zErr = NULL;
  assert_int_equal(setting_set(db, "mail.daily_at", "06:45", ACTOR, &zErr), 0);
  test_db_close(db);
}

/* Raised or moved to a responder with an email: told in the same
** transaction; without one, nothing; a bad address refuses the step. */
static void test_escalation_stage_messages(void **state) {
  (void)state;
  Db *db = setup();
  Errors e = {0};
  assert_int_equal(raise(db, "2026-12-18", "not an address", &e), 0);
  assert_non_null(errors_for(&e, "responder_email"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM escalation", ""), 0);
  memset(&e, 0, sizeof e);
  int64_t id = raise(db, "2026-12-18", "pat@example.org", &e);
  if (!id) fail_errors("raise", &e);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE kind = 'escalation' AND recipient = 'pat@example.org'"
                                  " AND subject LIKE 'Oversight: escalation % needs your response at the informal stage'", ""), 1);
  Stmt *s = db_query(db, "SELECT body FROM outbox WHERE kind = 'escalation'", "");
  assert_int_equal(db_step(s), DB_ROW);
  const char *zBody = db_col_text(s, 0);
  assert_non_null(strstr(zBody, "due by 29 December 2026"));
  assert_null(strstr(zBody, "Zebedee"));
  assert_null(strstr(zBody, "permanence plan"));
  db_finalize(s);
  /* Moved on without an email: nothing more is queued. */
  assert_int_equal(escalation_move_to(db, id, "No reply", "Sam Lee", "", D("2026-12-30"), D("2027-06-01"), ACTOR, &e), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox", ""), 1);
  /* The spaces around an address typed are dropped. */
  assert_int_equal(escalation_move_to(db, id, "No reply", "Kim Roe", " kim@example.org ", D("2027-01-11"),
                                      D("2027-06-01"), ACTOR, &e), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM outbox WHERE recipient = 'kim@example.org'"
                                  " AND subject LIKE '%at stage 2 (service manager)'", ""), 1);
  Escalation x;
  assert_true(escalation_load(db, id, &x));
  assert_string_equal(x.aStage[2].zResponderEmail, "kim@example.org");
  assert_null(x.aStage[1].zResponderEmail);
  escalation_clear(&x);
  test_db_close(db);
}

/* Raised Friday 18 December 2026, the response is due five working days
** later, Tuesday 29 December, past Christmas Day and the Boxing Day
** holiday on Monday 28: the reminder goes on Thursday 24 December, the
** working day before it. Overdue from Wednesday 30 December: the IRO and
** the locality's managers (the next stage is the team manager) are told,
** once. */
static void test_escalation_reminder_and_overdue(void **state) {
  (void)state;
  Db *db = setup();
  Errors e = {0};
  if (!raise(db, "2026-12-18", "pat@example.org", &e)) fail_errors("raise", &e);
  NoticeList l;
  static const struct { const char *zDay; int reminded; } aDay[] = {
    {"2026-12-22", 0}, {"2026-12-23", 0}, {"2026-12-24", 1}, {"2026-12-29", 0}, {"2026-12-30", 0},
  };
  for (int i = 0; i < COUNT(aDay); i++) {
    memset(&l, 0, sizeof l);
    assert_int_equal(notices_escalation_reminders(db, D(aDay[i].zDay), BASE, &l), 0);
    if (l.n != aDay[i].reminded) fail_msg("%s: %d reminders, want %d", aDay[i].zDay, l.n, aDay[i].reminded);
    notices_free(&l);
  }
  assert_int_equal(notices_build_day(db, D("2026-12-24"), BASE, &l), 0);
  const Notice *n = find(&l, "escalation-reminder", "pat@example.org");
  assert_non_null(n);
  assert_non_null(strstr(n->zBody, "is due on Tuesday 29 December 2026"));
  assert_non_null(strstr(n->zBody, BASE "/escalations/1\n"));
  notices_free(&l);
  /* The holiday itself sends nothing. */
  assert_int_equal(notices_build_day(db, D("2026-12-28"), BASE, &l), 0);
  assert_int_equal(l.n, 0);

  /* Due on the 29th: not overdue that day. */
  assert_int_equal(notices_build_day(db, D("2026-12-29"), BASE, &l), 0);
  assert_int_equal(count_to(&l, "escalation-overdue", NULL), 0);
  notices_free(&l);
  assert_int_equal(notices_build_day(db, D("2026-12-30"), BASE, &l), 0);
  assert_int_equal(count_to(&l, "escalation-overdue", NULL), 3);
  assert_int_equal(count_to(&l, "escalation-overdue", "ann@example.org"), 1);   /* the IRO's user, not the record */
  assert_int_equal(count_to(&l, "escalation-overdue", "n1@example.org"), 1);
  assert_int_equal(count_to(&l, "escalation-overdue", "n2@example.org"), 1);
  assert_int_equal(count_to(&l, "escalation-overdue", "s@example.org"), 0);
  n = find(&l, "escalation-overdue", "n1@example.org");
  assert_non_null(strstr(n->zSubject, "escalation 1 is overdue at the informal stage"));
  char *zErr = NULL;
  assert_int_equal(notices_queue(db, D("2026-12-30"), &l, ACTOR, &zErr), 3);
  notices_free(&l);
  /* The next day it is still overdue, and nobody is told again. */
  assert_int_equal(notices_build_day(db, D("2026-12-31"), BASE, &l), 0);
  assert_int_equal(count_to(&l, "escalation-overdue", NULL), 3);
  assert_int_equal(notices_queue(db, D("2026-12-31"), &l, ACTOR, &zErr), 0);
  notices_free(&l);
  /* Answered: no longer overdue, no reminder. */
  assert_int_equal(escalation_respond(db, 1, "Agreed", D("2026-12-31"), D("2027-06-01"), ACTOR, &e), 0);
  assert_int_equal(notices_escalation_overdue(db, D("2027-01-04"), BASE, &l), 0);
  assert_int_equal(l.n, 0);

  /* From stage 3 the next stage is the director's: the leadership list. */
  char **az = NULL;
  int nAz = 0;
  assert_int_equal(notice_next_managers(db, 2, 1, &az, &nAz), 2);
  assert_int_equal(notice_next_managers(db, 3, 1, &az, &nAz), 1);
  assert_string_equal(az[2], "lead@example.org");
  for (int i = 0; i < nAz; i++) free(az[i]);
  free(az);
  test_db_close(db);
}

/* The weekly list on the first working day of each week: Monday, or the
** Tuesday after a bank holiday Monday, to each locality's managers (two in
** North, one in South), even when it has none open: a list that stops
** coming says nothing. */
static void test_weekly_list(void **state) {
  (void)state;
  Db *db = setup();
  Errors e = {0};
  if (!raise(db, "2026-12-10", NULL, &e)) fail_errors("raise", &e);
  static const struct { const char *zDay; int n; } aDay[] = {
    {"2026-12-14", 3},   /* Monday */
    {"2026-12-15", 0},
    {"2026-12-21", 3},
    {"2026-12-28", 0},   /* the Boxing Day holiday, a Monday */
    {"2026-12-29", 3},   /* so the Tuesday */
    {"2026-12-30", 0},
  };
  NoticeList l;
  for (int i = 0; i < COUNT(aDay); i++) {
    assert_int_equal(notices_build_day(db, D(aDay[i].zDay), BASE, &l), 0);
    int n = count_to(&l, "escalation-weekly", NULL);
    if (n != aDay[i].n) fail_msg("%s: %d weekly lists, want %d", aDay[i].zDay, n, aDay[i].n);
    notices_free(&l);
  }
  assert_int_equal(notices_build_day(db, D("2026-12-29"), BASE, &l), 0);
  const Notice *n = find(&l, "escalation-weekly", "n2@example.org");
  assert_non_null(n);
  assert_string_equal(n->zSubject, "Oversight: weekly escalations for North: 1 open, 1 overdue");
  assert_non_null(strstr(n->zBody, "Open: 1\nResponse overdue: 1\n"));
  assert_non_null(strstr(n->zBody, BASE "/escalations/weekly\n"));
  assert_null(strstr(n->zBody, "Zebedee"));
  n = find(&l, "escalation-weekly", "s@example.org");
  assert_string_equal(n->zSubject, "Oversight: weekly escalations for South: 0 open, 0 overdue");
  notices_free(&l);
  test_db_close(db);
}

/* The exceptions report on the first working day of each month: Tuesday 1
** December 2026; in January 2027, New Year's Day is a Friday holiday, so
** Monday 4 January. */
static void test_monthly_exceptions(void **state) {
  (void)state;
  Db *db = setup();
  static const struct { const char *zDay; int n; } aDay[] = {
    {"2026-12-01", 1}, {"2026-12-02", 0}, {"2027-01-01", 0}, {"2027-01-04", 1}, {"2027-01-05", 0},
    {"2026-11-30", 0},
  };
  NoticeList l;
  for (int i = 0; i < COUNT(aDay); i++) {
    assert_int_equal(notices_build_day(db, D(aDay[i].zDay), BASE, &l), 0);
    int n = count_to(&l, "exceptions-monthly", "lead@example.org");
    if (n != aDay[i].n) fail_msg("%s: %d reports, want %d", aDay[i].zDay, n, aDay[i].n);
    if (n) {
      const Notice *x = find(&l, "exceptions-monthly", "lead@example.org");
      const char *zWant = strcmp(aDay[i].zDay, "2026-12-01") == 0 ? "/reports/exceptions?month=2026-11\n"
                                                                  : "/reports/exceptions?month=2026-12\n";
      if (!strstr(x->zBody, zWant)) fail_msg("%s: no link %s in %s", aDay[i].zDay, zWant, x->zBody);
    }
    notices_free(&l);
  }
  test_db_close(db);
}

/* A contact received on Thursday 24 December 2026 needs its decision by
** the next working day, Tuesday 29 December: the Designated Officer with an
** email is told on the 24th, not on the day it is due. */
static void test_lado_decision_due(void **state) {
  (void)state;
  Db *db = setup();
  LadoContactInput in = {.received = D("2026-12-24"), .zTime = "10:15", .zReferrer = "Jo O'Brien",
                         .zAgency = "St Mary's School", .zAdult = "Quentin Blackwood", .zRole = "Class teacher",
                         .zEmployer = "St Mary's School", .zSector = "education",
                         .zChildren = "Pupil A (9)", .zAllegation = "Grabbed a pupil's arm"};
  Errors e = {0};
  int64_t id = lado_contact_add(db, &in, D("2026-12-24"), ACTOR, &e);
  if (!id) fail_errors("lado_contact_add", &e);
  NoticeList l;
  memset(&l, 0, sizeof l);
  assert_int_equal(notices_lado(db, D("2026-12-23"), BASE, &l), 0);   /* not yet received */
  assert_int_equal(l.n, 0);
  assert_int_equal(notices_build_day(db, D("2026-12-24"), BASE, &l), 0);
  assert_int_equal(count_to(&l, "lado", NULL), 1);   /* Dan has no email */
  const Notice *n = find(&l, "lado", "do@example.org");
  assert_non_null(n);
  assert_string_equal(n->zSubject, "Oversight: LADO: 1 decision due by 29 December 2026, 0 meetings overdue");
  char *zLine = xmprintf("- case %lld: decision due 29 December 2026 " BASE "/lado/cases/%lld\n", (long long)id, (long long)id);
  assert_non_null(strstr(n->zBody, zLine));
  free(zLine);
  assert_null(strstr(n->zBody, "Blackwood"));
  assert_null(strstr(n->zBody, "arm"));
  notices_free(&l);
  assert_int_equal(notices_build_day(db, D("2026-12-29"), BASE, &l), 0);
  assert_int_equal(count_to(&l, "lado", NULL), 0);
  notices_free(&l);
  test_db_close(db);
}

/* Does zName appear in z as a whole word? */
static int has_word(const char *z, const char *zName) {
  size_t n = strlen(zName);
  for (const char *p = strstr(z, zName); p; p = strstr(p + 1, zName)) {
    int before = p == z || !isalnum((unsigned char)p[-1]);
    int after = !isalnum((unsigned char)p[n]);
    if (before && after) return 1;
  }
  return 0;
}

static void scan(Db *db, const char *zWhat, const char *zText) {
  static const char *const azSkip[] = {"January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December", "Monday", "Tuesday",
                                       "Wednesday", "Thursday", "Friday", "North", "South"};
  Stmt *s = db_query(db,
      "SELECT given_name FROM child UNION SELECT family_name FROM child"
      " UNION SELECT adult_name FROM lado_case UNION SELECT child_name FROM pf_arrangement"
      " UNION SELECT carer_name FROM pf_arrangement", "");
  while (db_step(s) == DB_ROW) {
    /* Full names are scanned word by word: a surname alone is a leak. */
    char *zNames = xstrdup(db_col_text(s, 0)), *zSave = NULL;
    for (char *w = strtok_r(zNames, " -'", &zSave); w; w = strtok_r(NULL, " -'", &zSave)) {
      int skip = strlen(w) < 3;
      for (int k = 0; k < COUNT(azSkip) && !skip; k++) skip = strcmp(w, azSkip[k]) == 0;
      if (!skip && has_word(zText, w)) fail_msg("the name \"%s\" in %s:\n%s", w, zWhat, zText);
    }
    free(zNames);
  }
  db_finalize(s);
}

/* A private fostering worker is told only of their own arrangements. */
static void check_pf_worker(Db *db, const Notice *n) {
  int seen = 0;
  for (const char *p = strstr(n->zBody, "- arrangement "); p; p = strstr(p + 1, "- arrangement ")) {
    long long id = atoll(p + 14);
    char *zWant = NULL;
    Stmt *s = db_query(db, "SELECT worker || '@example.org' FROM pf_arrangement WHERE id = ?", "I", (int64_t)id);
    if (db_step(s) == DB_ROW) zWant = xstrdup(db_col_text(s, 0));
    db_finalize(s);
    if (!zWant || strcmp(zWant, n->zTo) != 0) fail_msg("arrangement %lld told to %s, not its worker", id, n->zTo);
    free(zWant);
    seen++;
  }
  assert_true(seen > 0);
}

/* Everything `oversight mail digest` would queue on the demo over a month
** of days, with every kind of recipient set up, scanned against every
** child's, adult's and carer's name in its database. */
static void test_demo_names_never_sent(void **state) {
  (void)state;
  Db *db = test_db_open();
  Date asOf = D("2026-11-23");
  DemoSummary sum;
  char *zErr = NULL;
  int nEsc, nPf, nLado, nHomes;
  assert_int_equal(demo_generate(db, 120, 3, asOf, &sum, &zErr), 0);
  assert_int_equal(demo_casework(db, 3, asOf, &nEsc, &zErr), 0);
  assert_int_equal(demo_private_fostering(db, 3, asOf, &nPf, &zErr), 0);
  assert_int_equal(demo_lado(db, 3, asOf, &nLado, &zErr), 0);
  assert_int_equal(demo_homes(db, 3, asOf, &nHomes, &zErr), 0);
  const char *zSql =
    "INSERT INTO users(username, display_name, role, password_hash, email, created_at)"
    " SELECT DISTINCT worker, 'Worker', 'pf-worker', 'x', worker || '@example.org', '2026-01-01T00:00:00Z'"
    " FROM pf_arrangement WHERE worker IS NOT NULL AND worker <> '';"
    "INSERT INTO users(username, display_name, role, password_hash, email, created_at) VALUES"
    " ('do', 'Dee', 'lado', 'x', 'do@example.org', '2026-01-01T00:00:00Z'),"
    " ('homes', 'Hal', 'residential-manager', 'x', 'homes@example.org', '2026-01-01T00:00:00Z');";
  assert_int_equal(db_exec_script(db, zSql), DB_OK);
  Buf managers = {0};
  Stmt *s = db_query(db, "SELECT id, name FROM locality", "");
  while (db_step(s) == DB_ROW) buf_printf(&managers, "%s=m%lld@example.org;", db_col_text(s, 1), (long long)db_col_int(s, 0));
  db_finalize(s);
  assert_int_equal(setting_set(db, "mail.locality_managers", managers.z, ACTOR, &zErr), 0);
  buf_free(&managers);
  assert_int_equal(setting_set(db, "mail.leadership", "lead@example.org", ACTOR, &zErr), 0);
  int aKind[8] = {0};
  static const char *const azKind[] = {"escalation-reminder", "escalation-overdue", "escalation-weekly",
                                       "exceptions-monthly", "lado", "pf-visits", "homes", "digest"};
  for (Date d = asOf; d <= asOf + 30; d++) {
    NoticeList l;
    assert_int_equal(notices_build_day(db, d, BASE, &l), 0);
    for (int i = 0; i < l.n; i++) {
      scan(db, l.a[i].zSubject, l.a[i].zSubject);
      scan(db, l.a[i].zSubject, l.a[i].zBody);
      for (int k = 0; k < COUNT(azKind); k++) aKind[k] += strcmp(l.a[i].zKind, azKind[k]) == 0;
      if (strcmp(l.a[i].zKind, "pf-visits") == 0) check_pf_worker(db, &l.a[i]);
    }
    notices_free(&l);
    DigestList dl;
    assert_int_equal(digests_build(db, d, BASE, &dl), 0);
    for (int i = 0; i < dl.n; i++) {
      scan(db, dl.a[i].zSubject, dl.a[i].zSubject);
      scan(db, dl.a[i].zSubject, dl.a[i].zBody);
    }
    aKind[7] += dl.n;
    digests_free(&dl);
  }
  /* Every kind was there to be scanned. */
  for (int k = 0; k < COUNT(azKind); k++) {
    if (!aKind[k]) fail_msg("no %s message in a month of the demo", azKind[k]);
  }
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_addresses),
    cmocka_unit_test(test_escalation_stage_messages),
    cmocka_unit_test(test_escalation_reminder_and_overdue),
    cmocka_unit_test(test_weekly_list),
    cmocka_unit_test(test_monthly_exceptions),
    cmocka_unit_test(test_lado_decision_due),
    cmocka_unit_test(test_demo_names_never_sent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
