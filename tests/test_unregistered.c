/*
** test_unregistered.c: children in unregistered provision (SPEC §4): the
** clock a placement starts, the under-16 exception, the monthly
** exceptions report, and the oversight records' CSV both ways.
*/
#include "testutil.h"
#include "audit.h"
#include "deadlines.h"
#include "reviews.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The items of an unregistered placement (SPEC §4), wherever the engine
** numbers them among the others. */
static int is_unreg_item(Item i) {
  return i == ITEM_UNREG_QA_NOTIFIED || i == ITEM_UNREG_VISIT || i == ITEM_OVERSIGHT_RECORD;
}

static Db *db;

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

/* ---- Helpers for the pure clock ------------------------------------------ */

/* Records for a TChild, in date order as childset_load() gives them. */
typedef struct TRecs {
  UnregEvent ev[8];
  OversightRec rec[8];
  UnregRecords u;
} TRecs;

static void tr_init(TRecs *r) {
  memset(r, 0, sizeof *r);
  r->u.ev = r->ev;
  r->u.rec = r->rec;
}

static void tr_event(TRecs *r, char kind, const char *zOn, int64_t episodeId) {
  assert_true(r->u.nEv < 8);
  r->ev[r->u.nEv] = (UnregEvent){r->u.nEv + 1, episodeId, D(zOn), kind};
  r->u.nEv++;
}

static void tr_record(TRecs *r, const char *zMonth, const char *zRecorded) {
  assert_true(r->u.nRec < 8);
  OversightRec *o = &r->rec[r->u.nRec];
  memset(o, 0, sizeof *o);
  o->id = r->u.nRec + 1;
  assert_int_equal(month_parse(zMonth, &o->month), 0);
  o->recorded = D(zRecorded);
  for (int i = 0; i < N_CHECKS; i++) o->check[i] = 1;
  r->u.nRec++;
}

/* Every deadline of the child, with these records, as of zAsOf. */
static DeadlineList run(TChild *t, TRecs *r, const char *zAsOf, int withHistory) {
  DeadlineList l = {0};
  if (r) t->c.unreg = r->u;
  else memset(&t->c.unreg, 0, sizeof t->c.unreg);
  deadlines_for_child(&t->c, D(zAsOf), withHistory, &l);
  return l;
}

static const Deadline *find(const DeadlineList *l, Item item) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].item == item) return &l->a[i];
  }
  return NULL;
}

/* The deadline of `item` due on zDue, or NULL. */
static const Deadline *find_due(const DeadlineList *l, Item item, const char *zDue) {
  for (int i = 0; i < l->n; i++) {
    if (l->a[i].item == item && l->a[i].due == D(zDue)) return &l->a[i];
  }
  return NULL;
}

static int count(const DeadlineList *l, Item item) {
  int n = 0;
  for (int i = 0; i < l->n; i++) n += l->a[i].item == item;
  return n;
}

/* In care since June 2025 (reviewed twice), placed in unregistered
** provision on Monday 2 February 2026 until zLeft (NULL: still there),
** then back in registered care. */
static void placed(TChild *t, const char *zDob, const char *zLeft) {
  tc_init(t, zDob);
  tc_episode(t, "2025-06-02", "2026-02-02", REG_REGISTERED);
  tc_review(t, "2025-06-27");
  tc_review(t, "2025-09-26");
  tc_episode(t, "2026-02-02", zLeft, REG_UNREGISTERED);
  if (zLeft) tc_episode(t, zLeft, NULL, REG_REGISTERED);
}

/* ---- The clock ------------------------------------------------------------- */

static void visit_due_two_weeks_after_placement(void **state) {
  (void)state;
  TChild t;
  TRecs r;
  placed(&t, "2011-05-01", NULL);
  tr_init(&r);
  DeadlineList l = run(&t, &r, "2026-02-02", 0);
  const Deadline *d = find(&l, ITEM_UNREG_VISIT);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-02-16"));
  assert_int_equal(d->status, ST_DUE_SOON);
  deadlines_free(&l);
  /* On time on the day itself, overdue the day after. */
  l = run(&t, &r, "2026-02-16", 0);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-17", 0);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* Visited on the due date: done, on time, and no longer open. */
  tr_event(&r, UNREG_IRO_VISIT, "2026-02-16", 0);
  l = run(&t, &r, "2026-02-17", 0);
  assert_null(find(&l, ITEM_UNREG_VISIT));
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-17", 1);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DONE);
  assert_date_equal(find(&l, ITEM_UNREG_VISIT)->done, D("2026-02-16"));
  deadlines_free(&l);
  /* A day later: late. Replaying the day before it, it was still open. */
  r.ev[0].on = D("2026-02-17");
  l = run(&t, &r, "2026-02-18", 1);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DONE_LATE);
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-16", 0);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DUE_TODAY);
  deadlines_free(&l);
  /* A visit before the placement is not a visit to it. */
  r.ev[0].on = D("2026-01-30");
  l = run(&t, &r, "2026-02-18", 0);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* The visit recorded as an IRO contact with the child counts too. */
  tc_contact(&t, "2026-02-10");
  l = run(&t, &r, "2026-02-18", 1);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DONE);
  assert_date_equal(find(&l, ITEM_UNREG_VISIT)->done, D("2026-02-10"));
  deadlines_free(&l);
  /* ...but a call to the social worker is not a visit. */
  strcpy(t.ct[0].kind, "call");
  strcpy(t.ct[0].with, "social-worker");
  l = run(&t, &r, "2026-02-18", 0);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_OVERDUE);
  deadlines_free(&l);
}

static void qa_managers_notified_by_the_placement_day(void **state) {
  (void)state;
  TChild t;
  TRecs r;
  placed(&t, "2011-05-01", NULL);
  tr_init(&r);
  DeadlineList l = run(&t, &r, "2026-02-02", 0);
  const Deadline *d = find(&l, ITEM_UNREG_QA_NOTIFIED);
  assert_non_null(d);
  assert_date_equal(d->due, D("2026-02-02"));
  assert_int_equal(d->status, ST_DUE_TODAY);
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-03", 0);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* Told before the placement (not yet linked to it): on time. */
  tr_event(&r, UNREG_QA_NOTIFIED, "2026-01-28", 0);
  l = run(&t, &r, "2026-02-03", 1);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_DONE);
  deadlines_free(&l);
  /* Told the day after: late. */
  r.ev[0].on = D("2026-02-03");
  l = run(&t, &r, "2026-02-03", 1);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_DONE_LATE);
  deadlines_free(&l);
  /* A notice linked to another placement's episode is not this one's. */
  r.ev[0].episodeId = 99;
  l = run(&t, &r, "2026-02-03", 0);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_OVERDUE);
  deadlines_free(&l);
  r.ev[0].episodeId = t.ep[1].id;
  l = run(&t, &r, "2026-02-03", 0);
  assert_null(find(&l, ITEM_UNREG_QA_NOTIFIED));
  deadlines_free(&l);
}

static void review_in_twenty_working_days_then_three_monthly(void **state) {
  (void)state;
  TChild t;
  TRecs r;
  placed(&t, "2011-05-01", NULL);
  tr_init(&r);
  /* Ordinarily the third review would be six months after September. */
  DeadlineList l = run(&t, &r, "2026-02-01", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2026-03-26"));
  deadlines_free(&l);
  /* Placed: the review within 20 working days of the placement wins. */
  l = run(&t, &r, "2026-02-03", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2026-03-02"));
  deadlines_free(&l);
  /* Reviewed Friday 27 February: recommendations within 5 working days
  ** (6 March), then the next review three months on. */
  tc_review(&t, "2026-02-27");
  l = run(&t, &r, "2026-03-02", 0);
  assert_non_null(find_due(&l, ITEM_RECOMMENDATIONS, "2026-03-06"));
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2026-05-27"));
  deadlines_free(&l);
  tc_review(&t, "2026-05-20");
  l = run(&t, &r, "2026-05-21", 0);
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2026-08-20"));
  deadlines_free(&l);
}

static void oversight_record_monthly(void **state) {
  (void)state;
  TChild t;
  TRecs r;
  placed(&t, "2011-05-01", NULL);
  tr_init(&r);
  DeadlineList l = run(&t, &r, "2026-02-03", 0);
  assert_date_equal(find(&l, ITEM_OVERSIGHT_RECORD)->due, D("2026-03-02"));
  assert_int_equal(find(&l, ITEM_OVERSIGHT_RECORD)->status, ST_OK);
  deadlines_free(&l);
  l = run(&t, &r, "2026-03-03", 0);
  assert_int_equal(find(&l, ITEM_OVERSIGHT_RECORD)->status, ST_OVERDUE);
  deadlines_free(&l);
  /* February's record on the 27th: done, and March's is due a month on. */
  tr_record(&r, "2026-02", "2026-02-27");
  l = run(&t, &r, "2026-03-03", 1);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-02")->status, ST_DONE);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-27")->status, ST_OK);
  assert_int_equal(count(&l, ITEM_OVERSIGHT_RECORD), 2);
  deadlines_free(&l);
  /* March's made late, on 10 April: done late, the next due 10 May. */
  tr_record(&r, "2026-03", "2026-04-10");
  l = run(&t, &r, "2026-04-11", 1);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-27")->status, ST_DONE_LATE);
  assert_non_null(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-05-10"));
  deadlines_free(&l);
  l = run(&t, &r, "2026-04-11", 0);
  assert_int_equal(count(&l, ITEM_OVERSIGHT_RECORD), 1);
  assert_date_equal(find(&l, ITEM_OVERSIGHT_RECORD)->due, D("2026-05-10"));
  deadlines_free(&l);

  /* Month ends clamp: placed 31 January, the first record is due on the
  ** last day of February. */
  TChild m;
  tc_init(&m, "2011-05-01");
  tc_episode(&m, "2026-01-31", NULL, REG_UNREGISTERED);
  l = run(&m, NULL, "2026-02-01", 0);
  assert_date_equal(find(&l, ITEM_OVERSIGHT_RECORD)->due, D("2026-02-28"));
  deadlines_free(&l);
  TRecs r2;
  tr_init(&r2);
  tr_record(&r2, "2026-01", "2026-01-31");
  l = run(&m, &r2, "2026-02-01", 0);
  assert_date_equal(find(&l, ITEM_OVERSIGHT_RECORD)->due, D("2026-02-28"));
  deadlines_free(&l);
  tr_record(&r2, "2026-02", "2026-02-28");
  l = run(&m, &r2, "2026-03-01", 0);
  assert_date_equal(find(&l, ITEM_OVERSIGHT_RECORD)->due, D("2026-03-28"));
  deadlines_free(&l);
}

static void moving_on_ends_the_unregistered_items(void **state) {
  (void)state;
  TChild t;
  TRecs r;
  tr_init(&r);
  /* Moved on within the first week: nothing more is owed, and a visit
  ** not yet due when they left is not missed. Only the notification,
  ** due on the day of placement, was missed. */
  placed(&t, "2011-05-01", "2026-02-09");
  DeadlineList l = run(&t, &r, "2026-02-10", 0);
  assert_null(find(&l, ITEM_UNREG_QA_NOTIFIED));
  assert_null(find(&l, ITEM_UNREG_VISIT));
  assert_null(find(&l, ITEM_OVERSIGHT_RECORD));
  /* The review schedule is the ordinary one again. */
  assert_date_equal(find(&l, ITEM_REVIEW)->due, D("2026-03-26"));
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-10", 1);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_MISSED);
  assert_null(find(&l, ITEM_UNREG_VISIT));
  assert_null(find(&l, ITEM_OVERSIGHT_RECORD));
  deadlines_free(&l);
  /* While they were there it was all open: replay the 5th. */
  l = run(&t, &r, "2026-02-05", 0);
  assert_non_null(find(&l, ITEM_UNREG_VISIT));
  assert_non_null(find(&l, ITEM_OVERSIGHT_RECORD));
  deadlines_free(&l);

  /* Moved on 5 March, never visited and no record: both fell due while
  ** there, so both are missed, in the history only. */
  placed(&t, "2011-05-01", "2026-03-05");
  l = run(&t, &r, "2026-03-06", 1);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_MISSED);
  assert_date_equal(find(&l, ITEM_UNREG_VISIT)->due, D("2026-02-16"));
  assert_int_equal(find(&l, ITEM_OVERSIGHT_RECORD)->status, ST_MISSED);
  for (int i = 0; i < l.n; i++) {
    if (is_unreg_item(l.a[i].item)) assert_false(STATUS_IS_OPEN(l.a[i].status));
  }
  deadlines_free(&l);
  /* Visited and recorded while there: kept as done in the history. */
  tr_event(&r, UNREG_IRO_VISIT, "2026-02-12", 0);
  tr_record(&r, "2026-02", "2026-02-27");
  l = run(&t, &r, "2026-03-06", 1);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DONE);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-02")->status, ST_DONE);
  /* The next record was not due until after they left: not owed. */
  assert_int_equal(count(&l, ITEM_OVERSIGHT_RECORD), 1);
  deadlines_free(&l);
  /* The last month's record written after the move still counts. */
  r.u.nRec = 0;
  tr_record(&r, "2026-03", "2026-03-09");
  l = run(&t, &r, "2026-03-10", 1);
  assert_int_equal(find(&l, ITEM_OVERSIGHT_RECORD)->status, ST_DONE_LATE);
  deadlines_free(&l);

  /* A second spell later starts its own clock; a notice for the first
  ** does not count for it. */
  tc_init(&t, "2011-05-01");
  tc_episode(&t, "2025-06-02", "2025-08-01", REG_UNREGISTERED);
  tc_episode(&t, "2025-08-01", "2026-02-02", REG_REGISTERED);
  tc_episode(&t, "2026-02-02", NULL, REG_UNREGISTERED);
  tr_init(&r);
  tr_event(&r, UNREG_QA_NOTIFIED, "2025-06-02", 0);
  l = run(&t, &r, "2026-02-03", 0);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_OVERDUE);
  assert_date_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->due, D("2026-02-02"));
  deadlines_free(&l);
  l = run(&t, &r, "2026-02-03", 1);
  assert_int_equal(count(&l, ITEM_UNREG_QA_NOTIFIED), 2);
  deadlines_free(&l);
}

static void registered_placements_have_none_of_it(void **state) {
  (void)state;
  TChild t;
  tc_init(&t, "2011-05-01");
  tc_episode(&t, "2026-02-02", NULL, REG_SUPPORTED);
  DeadlineList l = run(&t, NULL, "2026-03-10", 1);
  for (int i = 0; i < l.n; i++) assert_false(is_unreg_item(l.a[i].item));
  deadlines_free(&l);
  assert_string_equal(item_name(ITEM_UNREG_QA_NOTIFIED), "unreg-qa-notified");
  assert_string_equal(item_name(ITEM_UNREG_VISIT), "unreg-visit");
  assert_string_equal(item_name(ITEM_OVERSIGHT_RECORD), "oversight-record");
  assert_string_equal(status_name(ST_MISSED), "missed");
}

static void under_sixteen_is_always_an_exception(void **state) {
  (void)state;
  TChild t;
  /* Sixteen on 15 March 2026. */
  placed(&t, "2010-03-15", "2026-04-01");
  assert_false(unreg_is_exception(&t.c, D("2026-02-01")));   /* not there yet */
  assert_true(unreg_is_exception(&t.c, D("2026-02-02")));
  assert_true(unreg_is_exception(&t.c, D("2026-03-14")));    /* 15 years 364 days */
  assert_false(unreg_is_exception(&t.c, D("2026-03-15")));   /* the 16th birthday */
  assert_true(unreg_placed_on(&t.c, D("2026-03-15")));
  /* Younger, and gone: the day of the move belongs to the next placement. */
  placed(&t, "2012-03-15", "2026-04-01");
  assert_true(unreg_is_exception(&t.c, D("2026-03-31")));
  assert_false(unreg_is_exception(&t.c, D("2026-04-01")));
  placed(&t, "2010-02-28", NULL);
  assert_false(unreg_is_exception(&t.c, D("2026-03-01")));
  /* The age is a rule: at 18 instead, the 16-year-old is an exception. */
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "unreg_exception_age", 18, "years", "test", &zErr), 0);
  assert_true(unreg_is_exception(&t.c, D("2026-03-01")));
  assert_int_equal(rules_set(db, "unreg_exception_age", 16, "years", "test", &zErr), 0);
}

/* ---- The database: records, report, CSV ------------------------------------ */

static int64_t add_child(const char *zRef, const char *zGiven, const char *zFamily, const char *zDob) {
  ChildInput in = {.zRef = zRef, .zGiven = zGiven, .zFamily = zFamily, .zDob = zDob,
                   .zSex = "F", .disability = -1};
  Errors e = {0};
  int64_t id = child_add(db, &in, "test", &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  return id;
}

static int64_t add_episode(int64_t childId, const char *zStart, const char *zEnd, const char *zReg,
                           const char *zPlacement, const char *zProviderName) {
  EpisodeInput in = {.zStart = zStart, .zRne = "P", .zLegalStatus = "C2", .zCin = "N1",
                     .zPlacement = zPlacement, .zProvider = "PR4", .zRegistration = zReg,
                     .zEnd = zEnd, .zEndReason = zEnd ? "X1" : NULL};
  Errors e = {0};
  int64_t id = episode_add(db, childId, &in, "test", &e);
  if (!id) print_error("%s: %s\n", e.a[0].zField, e.a[0].zMsg);
  assert_true(id > 0);
  if (zProviderName) {
    assert_int_equal(db_exec(db, "UPDATE episode SET provider_name=? WHERE id=?", "sI",
                             zProviderName, id), DB_OK);
  }
  return id;
}

static ChildSet *load(const char *zRef) {
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(db, &f);
  assert_int_equal(cs->n, 1);
  return cs;
}

static int64_t save_record(const char *zRef, const char *zMonth, const char *zRecorded,
                           const int *aCheck, const char *const *azNote, Errors *e) {
  ChildSet *cs = load(zRef);
  OversightInput in = {0};
  in.zMonth = zMonth;
  in.recorded = zRecorded ? D(zRecorded) : DATE_NONE;
  for (int i = 0; i < N_CHECKS; i++) {
    in.check[i] = aCheck[i];
    in.azNote[i] = azNote ? azNote[i] : NULL;
  }
  int64_t id = oversight_record_save(db, &cs->a[0], &in, D("2026-11-01"), "test", e);
  childset_free(cs);
  return id;
}

static int64_t iro_id;

/* Four children around February 2026:
**   U1 Ava <b>O'Brien-Ünal</b>, 15: placed 2 February, still there: an exception;
**   U2 Ben Cole, 17: placed 1 December 2025, moved on 10 February;
**   U3 Cal Dee: in registered care only;
**   U4 Dot Eve, 17: unregistered until 20 January, so not in February. */
static void fixture(void) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Sam Patel')", ""), DB_OK);
  iro_id = db_int(db, 0, "SELECT id FROM iro WHERE name='Sam Patel'", "");
  int64_t u1 = add_child("U1", "Ava", "<b>O'Brien-Ünal</b>", "2010-06-15");
  add_episode(u1, "2025-06-02", "2026-02-02", "registered", "U4", NULL);
  add_episode(u1, "2026-02-02", NULL, "unregistered", "Z14", "Hill House, \"annexe\"");
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, held_on, participation, mode)"
                               " VALUES(?, '2026-02-27', 'PN1', 'in-person')", "I", u1), DB_OK);
  int64_t u2 = add_child("U2", "Ben", "Cole", "2008-07-01");
  add_episode(u2, "2025-12-01", "2026-02-10", "unregistered", "K2", "Shore Lodge");
  add_episode(u2, "2026-02-10", NULL, "registered", "U4", NULL);
  int64_t u3 = add_child("U3", "Cal", "Dee", "2012-01-01");
  add_episode(u3, "2025-01-06", NULL, "registered", "U4", NULL);
  int64_t u4 = add_child("U4", "Dot", "Eve", "2008-09-09");
  add_episode(u4, "2025-11-03", "2026-01-20", "unregistered", "K2", NULL);
  add_episode(u4, "2026-01-20", NULL, "registered", "U4", NULL);

  ChildSet *cs = load("U1");
  Errors e = {0};
  assert_true(unreg_event_add(db, &cs->a[0], "qa-notified", D("2026-01-30"), "Brokerage", NULL,
                              D("2026-11-01"), "test", &e) > 0);
  assert_true(unreg_event_add(db, &cs->a[0], "iro-visit", D("2026-02-13"), "Sam Patel",
                              "Saw Ava alone", D("2026-11-01"), "test", &e) > 0);
  assert_int_equal(e.n, 0);
  childset_free(cs);
  int yes[N_CHECKS] = {1, 0, 1, 1};
  const char *const azNote[N_CHECKS] = {"Weekly, by Jo", "Not alone yet, \"soon\"", "", "SM, HoL"};
  assert_true(save_record("U1", "2026-02", "2026-02-27", yes, azNote, &e) > 0);
  assert_int_equal(e.n, 0);
}

/* A minimal RFC 4180 reader for checking the output: rows of fields. */
typedef struct TCsv { char *az[16][32]; int nField[16]; int n; } TCsv;

static void tcsv_parse(const char *z, TCsv *t) {
  memset(t, 0, sizeof *t);
  while (*z) {
    assert_true(t->n < 16);
    int r = t->n++;
    for (;;) {
      Buf f = {0};
      if (*z == '"') {
        for (z++; *z && !(*z == '"' && z[1] != '"'); z++) {
          if (*z == '"') z++;
          buf_putc(&f, *z);
        }
        assert_int_equal(*z, '"');
        z++;
      } else {
        while (*z && *z != ',' && *z != '\r' && *z != '\n') buf_putc(&f, *z++);
      }
      assert_true(t->nField[r] < 32);
      t->az[r][t->nField[r]++] = buf_take(&f);
      if (*z == ',') {
        z++;
        continue;
      }
      if (*z == '\r') z++;
      if (*z == '\n') z++;
      break;
    }
  }
}

static void tcsv_free(TCsv *t) {
  for (int r = 0; r < t->n; r++) {
    for (int i = 0; i < t->nField[r]; i++) free(t->az[r][i]);
  }
}

/* The value in column zCol of row r (the header is row 0). */
static const char *cell(const TCsv *t, int r, const char *zCol) {
  for (int i = 0; i < t->nField[0]; i++) {
    if (strcmp(t->az[0][i], zCol) == 0) return t->az[r][i];
  }
  print_error("no column %s\n", zCol);
  fail();
  return NULL;
}

static void recording_validates_in_users_words(void **state) {
  (void)state;
  test_db_close(db);
  db = test_db_open();
  fixture();
  ChildSet *cs = load("U3");
  Errors e = {0};
  /* A visit while not in unregistered provision: record it as a contact. */
  assert_int_equal(unreg_event_add(db, &cs->a[0], "iro-visit", D("2026-02-13"), NULL, NULL,
                                   D("2026-11-01"), "test", &e), 0);
  assert_non_null(strstr(errors_for(&e, "on_date"), "was not in unregistered provision on 13 February 2026"));
  e.n = 0;
  assert_int_equal(unreg_event_add(db, &cs->a[0], "visited", D("2026-12-13"), NULL, NULL,
                                   D("2026-11-01"), "test", &e), 0);
  assert_non_null(errors_for(&e, "kind"));
  assert_non_null(strstr(errors_for(&e, "on_date"), "today or in the past"));
  childset_free(cs);
  /* The same visit twice. */
  cs = load("U1");
  e.n = 0;
  assert_int_equal(unreg_event_add(db, &cs->a[0], "iro-visit", D("2026-02-13"), NULL, NULL,
                                   D("2026-11-01"), "test", &e), 0);
  assert_non_null(strstr(errors_for(&e, "on_date"), "already recorded"));
  childset_free(cs);

  int checks[N_CHECKS] = {1, -1, 1, 1};
  e.n = 0;
  assert_int_equal(save_record("U3", "2026-02", "2026-02-27", checks, NULL, &e), 0);
  assert_non_null(strstr(errors_for(&e, "month"), "Cal Dee was not in unregistered provision in February 2026"));
  assert_non_null(strstr(errors_for(&e, "check_b"), "the child is seen alone (check b)"));
  e.n = 0;
  checks[1] = 0;
  /* One per child per month; and not before the child was there. */
  assert_int_equal(save_record("U1", "2026-02", "2026-02-28", checks, NULL, &e), 0);
  assert_non_null(strstr(errors_for(&e, "month"), "correct that one instead"));
  e.n = 0;
  assert_int_equal(save_record("U2", "2025-12", "2025-11-30", checks, NULL, &e), 0);
  assert_non_null(strstr(errors_for(&e, "recorded_on"), "1 December 2025"));
  e.n = 0;
  assert_int_equal(save_record("U1", "2026-13", NULL, checks, NULL, &e), 0);
  assert_non_null(errors_for(&e, "month"));
  assert_non_null(errors_for(&e, "recorded_on"));
  /* Written with its audit entry. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record='child:U1'"
                                 " AND action='oversight-record.add'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record='child:U1'"
                                 " AND action='unreg-event.add'", ""), 2);
  /* The qa notice before the placement was linked to it once recorded. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM unreg_event e JOIN episode p ON p.id = e.episode_id"
                                 " WHERE p.registration = 'unregistered'", ""), 2);
}

static void loaded_records_drive_the_clock(void **state) {
  (void)state;
  ChildSet *cs = childset_load(db, NULL);
  int i1 = -1;
  for (int i = 0; i < cs->n; i++) {
    if (strcmp(cs->a[i].zRef, "U1") == 0) i1 = i;
    else assert_int_equal(cs->a[i].unreg.nEv + cs->a[i].unreg.nRec, 0);
  }
  assert_true(i1 >= 0);
  assert_int_equal(cs->a[i1].unreg.nEv, 2);
  assert_int_equal(cs->a[i1].unreg.nRec, 1);
  DeadlineList l = {0};
  deadlines_for_child(&cs->a[i1], D("2026-03-01"), 1, &l);
  assert_int_equal(find(&l, ITEM_UNREG_QA_NOTIFIED)->status, ST_DONE);
  assert_int_equal(find(&l, ITEM_UNREG_VISIT)->status, ST_DONE);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-02")->status, ST_DONE);
  assert_int_equal(find_due(&l, ITEM_OVERSIGHT_RECORD, "2026-03-27")->status, ST_OK);
  deadlines_free(&l);
  childset_free(cs);
  /* One child's records alone. */
  cs = load("U1");
  const UnregRecords *u = &cs->a[0].unreg;
  assert_int_equal(u->nEv, 2);
  assert_int_equal(u->ev[0].kind, UNREG_QA_NOTIFIED);
  assert_int_equal(u->ev[1].kind, UNREG_IRO_VISIT);
  assert_int_equal(u->rec[0].check[1], 0);
  assert_int_equal(u->rec[0].month, month_index(2026, 2));
  childset_free(cs);
}

static void exceptions_report_for_a_month_with_children(void **state) {
  (void)state;
  int month;
  assert_int_equal(month_parse("2026-02", &month), 0);
  ExceptionReport *r = unreg_exceptions(db, month, D("2026-11-23"));
  assert_int_equal(r->n, 2);
  Buf b = {0};
  unreg_exceptions_csv(r, &b);
  TCsv t;
  tcsv_parse(b.z, &t);
  assert_int_equal(t.n, 3);
  assert_string_equal(t.az[0][0], "child_id");
  assert_int_equal(t.nField[1], t.nField[0]);
  assert_int_equal(t.nField[2], t.nField[0]);
  /* The under-16 exception first. */
  assert_string_equal(cell(&t, 1, "child_id"), "U1");
  assert_string_equal(cell(&t, 1, "child_name"), "Ava <b>O'Brien-Ünal</b>");
  assert_string_equal(cell(&t, 1, "age"), "15");
  assert_string_equal(cell(&t, 1, "age_exception"), "yes");
  assert_string_equal(cell(&t, 1, "placement_type"), "Z14");
  assert_string_equal(cell(&t, 1, "provider_name"), "Hill House, \"annexe\"");
  assert_string_equal(cell(&t, 1, "date_placed"), "2026-02-02");
  assert_string_equal(cell(&t, 1, "date_left"), "");
  assert_string_equal(cell(&t, 1, "qa_notified_on"), "2026-01-30");
  assert_string_equal(cell(&t, 1, "iro_visit_due"), "2026-02-16");
  assert_string_equal(cell(&t, 1, "iro_visit_on"), "2026-02-13");
  assert_string_equal(cell(&t, 1, "reviews_held"), "2026-02-27");
  assert_string_equal(cell(&t, 1, "next_review_due"), "2026-05-27");
  assert_string_equal(cell(&t, 1, "oversight_recorded_on"), "2026-02-27");
  assert_string_equal(cell(&t, 1, "check_a_social_worker_visits_weekly"), "yes");
  assert_string_equal(cell(&t, 1, "note_a"), "Weekly, by Jo");
  assert_string_equal(cell(&t, 1, "check_b_seen_alone"), "no");
  assert_string_equal(cell(&t, 1, "note_b"), "Not alone yet, \"soon\"");
  assert_string_equal(cell(&t, 1, "check_c_seen_away_from_placement"), "yes");
  assert_string_equal(cell(&t, 1, "check_d_management_oversight"), "yes");
  assert_string_equal(cell(&t, 1, "oversight_recorded_by"), "");
  assert_string_equal(cell(&t, 1, "open_escalations"), "0");
  /* Moved on in the month: age on the last day there, and no record. */
  assert_string_equal(cell(&t, 2, "child_id"), "U2");
  assert_string_equal(cell(&t, 2, "age"), "17");
  assert_string_equal(cell(&t, 2, "age_exception"), "no");
  assert_string_equal(cell(&t, 2, "date_placed"), "2025-12-01");
  assert_string_equal(cell(&t, 2, "date_left"), "2026-02-10");
  assert_string_equal(cell(&t, 2, "qa_notified_on"), "");
  assert_string_equal(cell(&t, 2, "iro_visit_on"), "");
  assert_string_equal(cell(&t, 2, "oversight_recorded_on"), "missing");
  assert_string_equal(cell(&t, 2, "check_a_social_worker_visits_weekly"), "missing");
  assert_string_equal(cell(&t, 2, "check_d_management_oversight"), "missing");
  tcsv_free(&t);
  buf_free(&b);

  unreg_exceptions_html(r, &b);
  assert_true(strncmp(b.z, "<!DOCTYPE html>", 15) == 0);
  assert_non_null(strstr(b.z, "</html>"));
  assert_non_null(strstr(b.z, "Children in unregistered provision: February 2026"));
  /* Every value escaped: the name's markup is text. */
  assert_null(strstr(b.z, "<b>O'Brien"));
  assert_non_null(strstr(b.z, "&lt;b&gt;O&#39;Brien-Ünal&lt;/b&gt;"));
  assert_non_null(strstr(b.z, "Hill House, &quot;annexe&quot;"));
  assert_non_null(strstr(b.z, "Exception: under 16"));
  assert_non_null(strstr(b.z, "Missing"));
  buf_free(&b);

  /* Shown only once each child's view is in the audit log. */
  int64_t before = db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='report.view'", "");
  assert_int_equal(unreg_exceptions_audit(db, r, "test"), DB_OK);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='report.view'", ""),
                   before + 2);
  unreg_exceptions_free(r);

  /* December: U2 and U4 there, neither under 16; U1 not yet placed. */
  assert_int_equal(month_parse("2025-12", &month), 0);
  r = unreg_exceptions(db, month, D("2026-11-23"));
  assert_int_equal(r->n, 2);
  assert_string_equal(r->a[0].c->zRef, "U2");
  assert_string_equal(r->a[1].c->zRef, "U4");
  assert_int_equal(r->a[0].visit, DATE_NONE);
  assert_int_equal(r->a[0].left, DATE_NONE);   /* still there at the month's end */
  unreg_exceptions_free(r);
}

static void exceptions_report_for_a_month_without_children(void **state) {
  (void)state;
  int month;
  assert_int_equal(month_parse("2025-06", &month), 0);
  ExceptionReport *r = unreg_exceptions(db, month, D("2026-11-23"));
  assert_int_equal(r->n, 0);
  Buf b = {0};
  unreg_exceptions_csv(r, &b);
  TCsv t;
  tcsv_parse(b.z, &t);
  assert_int_equal(t.n, 1);   /* the header alone */
  assert_string_equal(t.az[0][0], "child_id");
  assert_string_equal(t.az[0][t.nField[0] - 1], "open_escalations");
  tcsv_free(&t);
  buf_free(&b);
  unreg_exceptions_html(r, &b);
  assert_non_null(strstr(b.z, "<p>No children were in unregistered provision in June 2025.</p>"));
  assert_null(strstr(b.z, "<table"));
  buf_free(&b);
  int64_t before = db_int(db, 0, "SELECT count(*) FROM audit_log", "");
  assert_int_equal(unreg_exceptions_audit(db, r, "test"), DB_OK);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log", ""), before);
  unreg_exceptions_free(r);
  /* A month still running goes as far as today. */
  assert_int_equal(month_parse("2026-02", &month), 0);
  r = unreg_exceptions(db, month, D("2026-02-05"));
  assert_int_equal(r->n, 2);
  assert_date_equal(r->asOf, D("2026-02-05"));
  assert_int_equal(r->a[0].hasRecord, 0);    /* February's was made on the 27th */
  assert_date_equal(r->a[0].visit, DATE_NONE);
  unreg_exceptions_free(r);
}

static char *write_temp(const char *zText) {
  char *zPath = xstrdup("/tmp/oversight-csv-XXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, zText, strlen(zText)), (ssize_t)strlen(zText));
  close(fd);
  return zPath;
}

static int64_t n_records(void) {
  return db_int(db, 0, "SELECT count(*) FROM oversight_record", "");
}

static void import_with_one_bad_row_loads_nothing(void **state) {
  (void)state;
  int64_t before = n_records();
  /* A byte order mark and CRLF, as a spreadsheet saves it; a note with a
  ** line break and quotes; and row 4 with a bad check_b. */
  char *zPath = write_temp(
      "\xEF\xBB\xBF" "child_id,month,recorded_on,iro,check_a,note_a,check_b,note_b,check_c,note_c,check_d,note_d\r\n"
      "U1,2026-03,2026-03-30,Sam Patel,yes,\"Weekly\r\nby Jo, \"\"mostly\"\"\",yes,,no,Not yet,yes,\r\n"
      "U2,2026-01,2026-01-31,,YES,,No,,no,,yes,\r\n"
      "U1,2026-04,2026-04-29,,yes,,maybe,,yes,,yes,\r\n");
  Buf rep = {0};
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "Nothing was imported"));
  assert_non_null(strstr(rep.z, "row 4: check_b must be yes or no, not \"maybe\"\n"));
  assert_null(strstr(rep.z, "row 2"));
  assert_null(strstr(rep.z, "row 3"));
  assert_int_equal(n_records(), before);
  buf_free(&rep);
  unlink(zPath);
  free(zPath);

  /* Every bad row is listed, each in words naming the column. */
  zPath = write_temp(
      "child_id,month,recorded_on,check_a,check_b,check_c,check_d\n"
      "U9,2026-03,2026-03-30,yes,yes,yes,yes\n"
      "U1,March,30/03/2026,yes,,yes,yes\n"
      "\n"
      "U3,2026-02,2026-02-27,yes,yes,yes,yes\n"
      "U1,2026-03,2026-03-30,yes,yes,yes\n"
      "U1,2026-03,2026-03-30,yes,yes,yes,yes\n"
      "U1,2026-03,2026-03-30,yes,yes,yes,yes\n");
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "row 2: child_id: there is no child with ID \"U9\""));
  assert_non_null(strstr(rep.z, "row 3: month must be a month written YYYY-MM"));
  assert_non_null(strstr(rep.z, "row 3: recorded_on must be a date written YYYY-MM-DD, not \"30/03/2026\""));
  assert_non_null(strstr(rep.z, "row 3: check_b must be yes or no\n"));
  assert_non_null(strstr(rep.z, "row 5: month: Cal Dee was not in unregistered provision in February 2026"));
  assert_non_null(strstr(rep.z, "row 6: it has 6 values where the header has 7"));
  assert_non_null(strstr(rep.z, "row 8: child U1 has another record for March 2026 on row 7"));
  assert_non_null(strstr(rep.z, "5 rows have errors"));
  assert_int_equal(n_records(), before);
  buf_free(&rep);
  unlink(zPath);
  free(zPath);

  /* A header that is not ours, and a file that is not CSV. */
  zPath = write_temp("child,month,recorded_on,check_a,check_b,check_c\n");
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "row 1: unknown column \"child\""));
  assert_non_null(strstr(rep.z, "row 1: column check_d is missing"));
  buf_free(&rep);
  unlink(zPath);
  free(zPath);
  zPath = write_temp("child_id,month,recorded_on,check_a,check_b,check_c,check_d\nU1,\"2026-03,x\n");
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "row 2: a quoted value is not closed"));
  buf_free(&rep);
  unlink(zPath);
  free(zPath);
  /* Windows-1252 from a spreadsheet's plain "CSV": refused, not stored mangled. */
  zPath = write_temp("child_id,month,recorded_on,check_a,note_a,check_b,check_c,check_d\n"
                     "U1,2026-03,2026-03-30,yes,caf\xe9,yes,yes,yes\n");
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "row 2: note_a is not UTF-8 text"));
  buf_free(&rep);
  unlink(zPath);
  free(zPath);
  assert_int_equal(import_oversight_records(db, "/nonexistent/x.csv", D("2026-11-01"), "test", &rep), -1);
  assert_non_null(strstr(rep.z, "Cannot open /nonexistent/x.csv"));
  buf_free(&rep);
  assert_int_equal(n_records(), before);

  /* The good rows alone load, with the note's line break and quotes. */
  zPath = write_temp(
      "child_id,month,recorded_on,iro,check_a,note_a,check_b,note_b,check_c,note_c,check_d,note_d\r\n"
      "U1,2026-03,2026-03-30,Sam Patel,yes,\"Weekly\r\nby Jo, \"\"mostly\"\"\",yes,,no,Not yet,yes,\r\n"
      "U2,2026-01,2026-01-31,,YES,,No,,no,,yes,\r\n");
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), 0);
  assert_non_null(strstr(rep.z, "2 added, 0 corrected, 0 unchanged"));
  assert_int_equal(n_records(), before + 2);
  Stmt *s = db_query(db, "SELECT note_a, iro_id, check_c FROM oversight_record o JOIN child c"
                         " ON c.id = o.child_id WHERE c.child_ref='U1' AND month='2026-03'", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "Weekly\nby Jo, \"mostly\"");
  assert_int_equal(db_col_int(s, 1), iro_id);
  assert_int_equal(db_col_int(s, 2), 0);
  db_finalize(s);
  buf_free(&rep);
  unlink(zPath);
  free(zPath);
}

static char *export_text(void) {
  char *z = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&z, &n);
  assert_non_null(f);
  int nRec = export_oversight_records(db, f, "test");
  fclose(f);
  assert_true(nRec >= 0);
  return z;
}

static void export_import_round_trip(void **state) {
  (void)state;
  char *zFirst = export_text();
  int64_t nBefore = n_records();
  assert_true(nBefore >= 3);
  assert_true(strncmp(zFirst, "child_id,month,recorded_on,iro,check_a,note_a,check_b,note_b,"
                              "check_c,note_c,check_d,note_d\r\n", 80) == 0);
  assert_non_null(strstr(zFirst, "U1,2026-03,2026-03-30,Sam Patel,yes,\"Weekly\nby Jo, \"\"mostly\"\"\",yes,,no,Not yet,yes,\r\n"));
  /* Exporting is a view of each child's record. */
  assert_true(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='oversight-records.export'"
                            " AND record='child:U1'", "") >= 1);
  char *zPath = write_temp(zFirst);

  /* Loaded back into the same records: nothing changes. */
  Buf rep = {0};
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), 0);
  assert_non_null(strstr(rep.z, "0 added, 0 corrected, 3 unchanged"));
  buf_free(&rep);
  /* A record changed since: loading the file corrects it back, audited. */
  assert_int_equal(db_exec(db, "UPDATE oversight_record SET check_b=0, note_b='changed' WHERE month='2026-03'", ""), DB_OK);
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), 0);
  assert_non_null(strstr(rep.z, "0 added, 1 corrected, 2 unchanged"));
  buf_free(&rep);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='oversight-record.correct'", ""), 1);
  char *zAgain = export_text();
  assert_string_equal(zAgain, zFirst);
  free(zAgain);

  /* Into a new database with the same children: the same export back. */
  test_db_close(db);
  db = test_db_open();
  fixture();
  assert_int_equal(db_exec(db, "DELETE FROM oversight_record", ""), DB_OK);
  assert_int_equal(import_oversight_records(db, zPath, D("2026-11-01"), "test", &rep), 0);
  assert_non_null(strstr(rep.z, "3 added, 0 corrected, 0 unchanged"));
  buf_free(&rep);
  zAgain = export_text();
  assert_string_equal(zAgain, zFirst);
  free(zAgain);
  unlink(zPath);
  free(zPath);
  free(zFirst);
}

static void months(void **state) {
  (void)state;
  int m;
  char z[24], zIso[8];
  assert_int_equal(month_parse("2026-02", &m), 0);
  assert_string_equal(month_iso(m, zIso), "2026-02");
  assert_string_equal(month_long(m, z), "February 2026");
  assert_date_equal(month_first_day(m), D("2026-02-01"));
  assert_date_equal(month_last_day(m), D("2026-02-28"));
  assert_date_equal(month_last_day(m + 24), D("2028-02-29"));
  assert_int_equal(month_of(D("2026-03-01")), m + 1);
  assert_string_equal(month_iso(m - 2, zIso), "2025-12");
  const char *azBad[] = {"2026-13", "2026-00", "2026-2", "26-02", "2026/02", "2026-02x", "", "1899-12"};
  for (int i = 0; i < COUNT(azBad); i++) assert_int_equal(month_parse(azBad[i], &m), -1);
}

/* A read that fails part way (the oversight records' table gone) is a
** failure: the report says so rather than showing children without
** records, and the export writes nothing. The table is put back after,
** for the tests that share the database. */
static void read_failure_is_not_a_short_report(void **state) {
  (void)state;
  int month;
  assert_int_equal(month_parse("2026-02", &month), 0);
  assert_int_equal(db_exec_script(db, "ALTER TABLE oversight_record RENAME TO oversight_record_gone;"), DB_OK);
  ExceptionReport *r = unreg_exceptions(db, month, D("2026-11-23"));
  assert_true(r->readError);
  unreg_exceptions_free(r);
  char *z = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&z, &n);
  assert_non_null(f);
  assert_int_equal(export_oversight_records(db, f, "test"), -1);
  fclose(f);
  assert_int_equal(n, 0);
  free(z);
  db_clear_failure(db);
  assert_int_equal(db_exec_script(db, "ALTER TABLE oversight_record_gone RENAME TO oversight_record;"), DB_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(months),
    cmocka_unit_test(visit_due_two_weeks_after_placement),
    cmocka_unit_test(qa_managers_notified_by_the_placement_day),
    cmocka_unit_test(review_in_twenty_working_days_then_three_monthly),
    cmocka_unit_test(oversight_record_monthly),
    cmocka_unit_test(moving_on_ends_the_unregistered_items),
    cmocka_unit_test(registered_placements_have_none_of_it),
    cmocka_unit_test(under_sixteen_is_always_an_exception),
    /* These share one database, built by the first. */
    cmocka_unit_test(recording_validates_in_users_words),
    cmocka_unit_test(loaded_records_drive_the_clock),
    cmocka_unit_test(exceptions_report_for_a_month_with_children),
    cmocka_unit_test(exceptions_report_for_a_month_without_children),
    cmocka_unit_test(import_with_one_bad_row_loads_nothing),
    cmocka_unit_test(export_import_round_trip),
    cmocka_unit_test(read_failure_is_not_a_short_report),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
