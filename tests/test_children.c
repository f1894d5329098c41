/*
** test_children.c: unit tests for children, episodes, periods of care and
** the bulk loader (SPEC §2).
**
** Periods and allocations are pure functions of a Child, so those tests
** build the records in memory and state every date; the loader and the
** writers go through a real database, and their results are read back from
** the tables, not trusted from the return codes.
*/
#include "testutil.h"
#include "children.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- In-memory fixtures --------------------------------------------------- */

/* zEnd NULL for an open episode. */
static Episode ep(const char *zStart, const char *zEnd) {
  Episode e;
  memset(&e, 0, sizeof e);
  e.start = D(zStart);
  e.end = zEnd ? D(zEnd) : DATE_NONE;
  return e;
}

static Child child_with(Episode *a, int n) {
  Child c;
  memset(&c, 0, sizeof c);
  c.ep = a;
  c.nEp = n;
  return c;
}

static void assert_period(const Period *p, const char *zStart, const char *zEnd, int iFirst, int nEp) {
  assert_date_equal(p->start, D(zStart));
  if (zEnd) assert_date_equal(p->end, D(zEnd));
  else assert_date_equal(p->end, DATE_NONE);
  assert_int_equal(p->iFirst, iFirst);
  assert_int_equal(p->nEp, nEp);
}

/* ---- Periods of care ------------------------------------------------------ */

static void test_periods_back_to_back(void **state) {
  (void)state;
  /* Placement moves: each episode starts the day the previous one ended. */
  Episode a[] = {ep("2020-01-06", "2020-03-02"), ep("2020-03-02", "2020-06-15"),
                 ep("2020-06-15", NULL)};
  Child c = child_with(a, COUNT(a));
  Period p[4];
  assert_int_equal(child_periods(&c, D("2024-01-01"), p, 4), 1);
  assert_period(&p[0], "2020-01-06", NULL, 0, 3);

  a[2].end = D("2021-01-31");
  assert_int_equal(child_periods(&c, D("2024-01-01"), p, 4), 1);
  assert_period(&p[0], "2020-01-06", "2021-01-31", 0, 3);
}

static void test_periods_gap_starts_new(void **state) {
  (void)state;
  /* A day's gap is a gap: the child was out of care on 2 March. */
  Episode a[] = {ep("2020-01-06", "2020-03-01"), ep("2020-03-02", "2020-05-01"),
                 ep("2020-05-01", "2020-07-01"), ep("2022-09-01", NULL)};
  Child c = child_with(a, COUNT(a));
  Period p[4];
  assert_int_equal(child_periods(&c, D("2024-01-01"), p, 4), 3);
  assert_period(&p[0], "2020-01-06", "2020-03-01", 0, 1);
  assert_period(&p[1], "2020-03-02", "2020-07-01", 1, 2);
  assert_period(&p[2], "2022-09-01", NULL, 3, 1);
  /* At most max periods are written. */
  assert_int_equal(child_periods(&c, D("2024-01-01"), p, 2), 2);
  assert_period(&p[1], "2020-03-02", "2020-07-01", 1, 2);
  Child none = child_with(NULL, 0);
  assert_int_equal(child_periods(&none, D("2024-01-01"), p, 4), 0);
}

static void test_periods_as_of(void **state) {
  (void)state;
  Episode a[] = {ep("2020-01-06", "2020-03-02"), ep("2020-03-02", "2020-06-15"),
                 ep("2021-01-04", "2021-06-30")};
  Child c = child_with(a, COUNT(a));
  Period p[4];
  assert_int_equal(child_periods(&c, D("2020-01-05"), p, 4), 0);
  /* On 1 Feb 2020 the first episode's end was not yet known: still open. */
  assert_int_equal(child_periods(&c, D("2020-02-01"), p, 4), 1);
  assert_period(&p[0], "2020-01-06", NULL, 0, 1);
  /* On 1 May the second had begun and was open. */
  assert_int_equal(child_periods(&c, D("2020-05-01"), p, 4), 1);
  assert_period(&p[0], "2020-01-06", NULL, 0, 2);
  /* Before the second period started it does not exist. */
  assert_int_equal(child_periods(&c, D("2021-01-03"), p, 4), 1);
  assert_period(&p[0], "2020-01-06", "2020-06-15", 0, 2);
  assert_int_equal(child_periods(&c, D("2021-01-04"), p, 4), 2);
  assert_period(&p[1], "2021-01-04", NULL, 2, 1);
  /* The end date itself is known on the day. */
  assert_int_equal(child_periods(&c, D("2021-06-30"), p, 4), 2);
  assert_period(&p[1], "2021-01-04", "2021-06-30", 2, 1);
}

static void test_in_care(void **state) {
  (void)state;
  Episode a[] = {ep("2020-01-06", "2020-03-02"), ep("2020-03-02", "2020-06-15"),
                 ep("2021-01-04", NULL)};
  Child c = child_with(a, COUNT(a));
  Period p;
  assert_int_equal(child_in_care(&c, D("2020-01-05"), &p), 0);
  assert_int_equal(child_in_care(&c, D("2020-01-06"), &p), 1);
  assert_date_equal(p.start, D("2020-01-06"));
  /* The move between episodes is no break in care. */
  assert_int_equal(child_in_care(&c, D("2020-03-02"), &p), 1);
  assert_int_equal(p.nEp, 2);
  assert_int_equal(child_in_care(&c, D("2020-06-14"), &p), 1);
  /* Leaving care takes effect on the end date (SSDA903 DEC is the day the
  ** child ceased to be looked after). */
  assert_int_equal(child_in_care(&c, D("2020-06-15"), &p), 0);
  assert_int_equal(child_in_care(&c, D("2020-06-16"), &p), 0);
  assert_int_equal(child_in_care(&c, D("2021-01-03"), NULL), 0);
  p.iFirst = -1;
  assert_int_equal(child_in_care(&c, D("2021-01-04"), &p), 1);
  assert_date_equal(p.start, D("2021-01-04"));
  assert_int_equal(p.iFirst, 2);
  assert_int_equal(child_in_care(&c, D("2030-01-01"), NULL), 1);
}

/* A child on a series of short breaks has a period of care per break:
** 70 in under two years is ordinary, so the current one must still be
** found however many came before. */
static void test_in_care_after_many_periods(void **state) {
  (void)state;
  enum { N = 70 };
  Episode a[N + 1];
  Date d = D("2015-01-05");
  for (int i = 0; i < N; i++, d += 7) {
    memset(&a[i], 0, sizeof a[i]);
    a[i].start = d;      /* Monday to Wednesday, every week */
    a[i].end = d + 2;
  }
  memset(&a[N], 0, sizeof a[N]);
  a[N].start = d;
  a[N].end = DATE_NONE;
  Child c = child_with(a, N + 1);
  Period all[N + 8];
  assert_int_equal(child_periods(&c, d, all, COUNT(all)), N + 1);
  assert_date_equal(all[N].start, d);
  Period p = {0};
  assert_int_equal(child_in_care(&c, d, &p), 1);
  assert_date_equal(p.start, d);
  assert_int_equal(p.iFirst, N);
  /* And between two breaks the child is not in care. */
  assert_int_equal(child_in_care(&c, d - 2, NULL), 0);
}

static void test_allocation_handover(void **state) {
  (void)state;
  Allocation al[] = {
    {1, 10, D("2024-01-08"), D("2024-05-01")},
    {2, 20, D("2024-05-01"), D("2024-09-02")},
  };
  Child c;
  memset(&c, 0, sizeof c);
  c.al = al;
  c.nAl = COUNT(al);
  assert_null(child_allocation_on(&c, D("2024-01-07")));
  assert_int_equal(child_allocation_on(&c, D("2024-01-08"))->iroId, 10);
  assert_int_equal(child_allocation_on(&c, D("2024-04-30"))->iroId, 10);
  assert_int_equal(child_allocation_on(&c, D("2024-05-01"))->iroId, 20);
  assert_int_equal(child_allocation_on(&c, D("2024-09-01"))->iroId, 20);
  /* Ended with nobody after: no IRO from the end date. */
  assert_null(child_allocation_on(&c, D("2024-09-02")));
  al[1].end = DATE_NONE;
  assert_int_equal(child_allocation_on(&c, D("2030-01-01"))->iroId, 20);
}

/* ---- Loading -------------------------------------------------------------- */

static int64_t raw_child(Db *db, const char *zRef, const char *zGiven, const char *zDob) {
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                               " VALUES(?, ?, 'Family', ?, 'M')", "sss", zRef, zGiven, zDob), DB_OK);
  return child_id_for_ref(db, zRef);
}

static void raw_episode(Db *db, int64_t c, const char *zStart, const char *zLs, const char *zPl,
                        const char *zReg, const char *zEnd, const char *zReason) {
  assert_int_equal(db_exec(db, "INSERT INTO episode(child_id, start_date, rne, legal_status, cin,"
                               " placement, provider, registration, end_date, end_reason)"
                               " VALUES(?, ?, 'S', ?, 'N1', ?, 'PR1', ?, ?, ?)",
                           "Issssss", c, zStart, zLs, zPl, zReg, zEnd, zReason), DB_OK);
}

static void raw_review(Db *db, int64_t c, int64_t iro, const char *zHeld, const char *zPn,
                       const char *zMode, int chaired) {
  assert_int_equal(db_exec(db, "INSERT INTO review(child_id, iro_id, held_on, due_on, participation,"
                               " mode, child_chaired, permanence_type) VALUES(?, ?, ?, ?, ?, ?, ?,"
                               " 'long-term fostering')",
                           "IIssssb", c, iro, zHeld, zHeld, zPn, zMode, chaired), DB_OK);
}

static void raw_allocation(Db *db, int64_t c, int64_t iro, const char *zStart, const char *zEnd) {
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, end_date, reason)"
                               " VALUES(?, ?, ?, ?, 'test')", "IIss", c, iro, zStart, zEnd), DB_OK);
}

static void raw_contact(Db *db, int64_t c, int64_t iro, const char *zOn, const char *zKind,
                        const char *zWith) {
  assert_int_equal(db_exec(db, "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom)"
                               " VALUES(?, ?, ?, ?, ?)", "Irsss", c, iro, zOn, zKind, zWith), DB_OK);
}

typedef struct Fixture { int64_t a, b, c, x, y; } Fixture;

/* Three children by id: A with records of every kind, B with none, C with
** a different number of each. Rows are inserted C first and out of date
** order, so slicing by insertion order would give wrong answers. */
static Fixture load_fixture(Db *db) {
  Fixture f;
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Iro X'), ('Iro Y')", ""), DB_OK);
  f.x = db_int(db, 0, "SELECT id FROM iro WHERE name='Iro X'", "");
  f.y = db_int(db, 0, "SELECT id FROM iro WHERE name='Iro Y'", "");
  f.a = raw_child(db, "AAA", "Alice", "2012-04-01");
  f.b = raw_child(db, "BBB", "Bilal", "2013-05-02");
  f.c = raw_child(db, "CCC", "Chen", "2014-06-03");

  raw_episode(db, f.c, "2023-09-01", "V2", "K2", "unregistered", NULL, NULL);
  raw_review(db, f.c, f.y, "2023-12-01", "PN6", "virtual", 0);
  raw_review(db, f.c, f.y, "2023-09-28", "PN1", "in-person", 1);
  raw_allocation(db, f.c, f.y, "2023-09-04", NULL);
  raw_contact(db, f.c, f.y, "2023-10-15", "call", "carer");

  raw_episode(db, f.a, "2022-05-01", "C2", "U4", "registered", NULL, NULL);
  raw_episode(db, f.a, "2022-01-10", "C1", "U1", "supported", "2022-05-01", "E11");
  raw_review(db, f.a, f.x, "2022-02-07", "PN2", NULL, -1);
  raw_allocation(db, f.a, f.x, "2023-03-01", NULL);
  raw_allocation(db, f.a, f.y, "2022-01-12", "2023-03-01");
  raw_contact(db, f.a, f.x, "2023-06-01", "visit", "child");
  raw_contact(db, f.a, f.y, "2022-03-01", "letter", "social-worker");
  raw_contact(db, f.a, f.x, "2023-04-01", "message", "other");

  assert_int_equal(db_exec(db, "INSERT INTO care_notification(child_id, notified_on) VALUES(?, ?),"
                               " (?, ?)", "IsIs", f.a, "2022-01-05", f.a, "2021-12-20"), DB_OK);
  return f;
}

static void check_alice(const Child *c, const Fixture *f) {
  assert_int_equal(c->id, f->a);
  assert_string_equal(c->zRef, "AAA");
  assert_string_equal(c->zGiven, "Alice");
  assert_string_equal(c->zFamily, "Family");
  assert_date_equal(c->dob, D("2012-04-01"));
  assert_int_equal(c->sex, 'M');
  assert_date_equal(c->notified, D("2022-01-05"));  /* the latest */
  assert_int_equal(c->nEp, 2);
  assert_date_equal(c->ep[0].start, D("2022-01-10"));
  assert_date_equal(c->ep[0].end, D("2022-05-01"));
  assert_string_equal(c->ep[0].legalStatus, "C1");
  assert_string_equal(c->ep[0].placement, "U1");
  assert_string_equal(c->ep[0].endReason, "E11");
  assert_int_equal(c->ep[0].registration, REG_SUPPORTED);
  assert_date_equal(c->ep[1].start, D("2022-05-01"));
  assert_date_equal(c->ep[1].end, DATE_NONE);
  assert_string_equal(c->ep[1].legalStatus, "C2");
  assert_string_equal(c->ep[1].provider, "PR1");
  assert_string_equal(c->ep[1].endReason, "");
  assert_int_equal(c->nRv, 1);
  assert_date_equal(c->rv[0].held, D("2022-02-07"));
  assert_int_equal(c->rv[0].childId, f->a);
  assert_int_equal(c->rv[0].iroId, f->x);
  assert_string_equal(c->rv[0].participation, "PN2");
  assert_int_equal(c->rv[0].mode, 0);
  assert_int_equal(c->rv[0].childChaired, -1);
  assert_int_equal(c->nAl, 2);
  assert_int_equal(c->al[0].iroId, f->y);
  assert_date_equal(c->al[0].end, D("2023-03-01"));
  assert_int_equal(c->al[1].iroId, f->x);
  assert_date_equal(c->al[1].end, DATE_NONE);
  assert_int_equal(c->nCt, 3);
  assert_date_equal(c->ct[0].on, D("2022-03-01"));
  assert_string_equal(c->ct[0].kind, "letter");
  assert_string_equal(c->ct[0].with, "social-worker");
  assert_date_equal(c->ct[1].on, D("2023-04-01"));
  assert_string_equal(c->ct[1].kind, "message");
  assert_date_equal(c->ct[2].on, D("2023-06-01"));
  assert_string_equal(c->ct[2].with, "child");
  assert_int_equal(c->ct[2].iroId, f->x);
}

static void check_bilal(const Child *c, const Fixture *f) {
  assert_int_equal(c->id, f->b);
  assert_string_equal(c->zRef, "BBB");
  assert_string_equal(c->zGiven, "Bilal");
  assert_date_equal(c->notified, DATE_NONE);
  assert_int_equal(c->nEp, 0);
  assert_int_equal(c->nRv, 0);
  assert_int_equal(c->nAl, 0);
  assert_int_equal(c->nCt, 0);
}

static void check_chen(const Child *c, const Fixture *f) {
  assert_int_equal(c->id, f->c);
  assert_string_equal(c->zRef, "CCC");
  assert_string_equal(c->zGiven, "Chen");
  assert_date_equal(c->dob, D("2014-06-03"));
  assert_int_equal(c->nEp, 1);
  assert_date_equal(c->ep[0].start, D("2023-09-01"));
  assert_string_equal(c->ep[0].legalStatus, "V2");
  assert_string_equal(c->ep[0].placement, "K2");
  assert_int_equal(c->ep[0].registration, REG_UNREGISTERED);
  assert_int_equal(c->nRv, 2);
  assert_date_equal(c->rv[0].held, D("2023-09-28"));
  assert_string_equal(c->rv[0].participation, "PN1");
  assert_int_equal(c->rv[0].mode, 'p');
  assert_int_equal(c->rv[0].childChaired, 1);
  assert_date_equal(c->rv[0].due, D("2023-09-28"));
  assert_string_equal(c->rv[0].permanenceType, "long-term fostering");
  assert_date_equal(c->rv[1].held, D("2023-12-01"));
  assert_int_equal(c->rv[1].mode, 'v');
  assert_int_equal(c->rv[1].childChaired, 0);
  assert_int_equal(c->nAl, 1);
  assert_int_equal(c->al[0].iroId, f->y);
  assert_date_equal(c->al[0].start, D("2023-09-04"));
  assert_int_equal(c->nCt, 1);
  assert_string_equal(c->ct[0].kind, "call");
  assert_string_equal(c->ct[0].with, "carer");
}

static void test_childset_load_all(void **state) {
  (void)state;
  Db *db = test_db_open();
  Fixture f = load_fixture(db);
  ChildSet *cs = childset_load(db, NULL);
  assert_int_equal(cs->n, 3);
  check_alice(&cs->a[0], &f);
  check_bilal(&cs->a[1], &f);
  check_chen(&cs->a[2], &f);
  childset_free(cs);
  /* An all-zero filter means every child, as NULL does. */
  ChildFilter all = {0};
  cs = childset_load(db, &all);
  assert_int_equal(cs->n, 3);
  check_chen(&cs->a[2], &f);
  childset_free(cs);
  test_db_close(db);
}

static void test_childset_load_by_ref(void **state) {
  (void)state;
  Db *db = test_db_open();
  Fixture f = load_fixture(db);
  ChildFilter fl = {.zRef = "CCC"};
  ChildSet *cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 1);
  check_chen(&cs->a[0], &f);
  childset_free(cs);
  fl.zRef = "BBB";
  cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 1);
  check_bilal(&cs->a[0], &f);
  childset_free(cs);
  fl.zRef = "AAA";
  cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 1);
  check_alice(&cs->a[0], &f);
  childset_free(cs);
  /* A ref is data, never SQL. */
  fl.zRef = "x' OR '1'='1";
  cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 0);
  childset_free(cs);
  test_db_close(db);
}

static void test_childset_load_by_iro(void **state) {
  (void)state;
  Db *db = test_db_open();
  Fixture f = load_fixture(db);
  /* Alice was Y's until March 2023: Y's caseload now is Chen only. */
  ChildFilter fl = {.iroId = f.y};
  ChildSet *cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 1);
  check_chen(&cs->a[0], &f);
  childset_free(cs);
  /* X's child comes with the whole history, Y's allocation included. */
  fl.iroId = f.x;
  cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 1);
  check_alice(&cs->a[0], &f);
  childset_free(cs);
  assert_int_equal(db_exec(db, "INSERT INTO iro(name) VALUES('Iro Z')", ""), DB_OK);
  fl.iroId = db_int(db, 0, "SELECT id FROM iro WHERE name='Iro Z'", "");
  cs = childset_load(db, &fl);
  assert_int_equal(cs->n, 0);
  childset_free(cs);
  test_db_close(db);
}

/* Past the loader's first allocation of 256 records per table, so its
** arrays move while filling: every slice must still point at its own. */
static void test_childset_load_many(void **state) {
  (void)state;
  Db *db = test_db_open();
  enum { N = 300 };
  db_begin(db);
  for (int i = 0; i < N; i++) {
    char zRef[16], zGiven[16];
    snprintf(zRef, sizeof zRef, "M%04d", i);
    snprintf(zGiven, sizeof zGiven, "Kid%d", i);
    int64_t c = raw_child(db, zRef, zGiven, "2012-01-01");
    /* Child i has i % 3 episodes and contacts, so slices differ in size. */
    for (int k = 0; k < i % 3; k++) {
      char zDay[11];
      date_iso(D("2020-01-01") + 30 * k + i, zDay);
      raw_episode(db, c, zDay, "C2", "U1", "registered", NULL, NULL);
      raw_contact(db, c, 0, zDay, "visit", "child");
    }
  }
  assert_int_equal(db_commit(db), DB_OK);
  ChildSet *cs = childset_load(db, NULL);
  assert_int_equal(cs->n, N);
  for (int i = 0; i < N; i++) {
    const Child *c = &cs->a[i];
    char zGiven[16];
    snprintf(zGiven, sizeof zGiven, "Kid%d", i);
    assert_string_equal(c->zGiven, zGiven);
    assert_int_equal(c->nEp, i % 3);
    assert_int_equal(c->nCt, i % 3);
    for (int k = 0; k < i % 3; k++) {
      assert_date_equal(c->ep[k].start, D("2020-01-01") + 30 * k + i);
      assert_date_equal(c->ct[k].on, D("2020-01-01") + 30 * k + i);
    }
  }
  childset_free(cs);
  test_db_close(db);
}

/* ---- Adding a child ------------------------------------------------------- */

static ChildInput good_child(void) {
  return (ChildInput){.zRef = "A123", .zGiven = "Ava", .zFamily = "Smith", .zDob = "2015-03-27",
                      .zSex = "F", .zEthnicity = "WBRI", .zLocality = "North", .disability = 0,
                      .uasc = 0, .zSen = "none"};
}

static int64_t nrows(Db *db, const char *zTable) {
  char zSql[64];
  snprintf(zSql, sizeof zSql, "SELECT count(*) FROM %s", zTable);
  return db_int(db, -1, zSql, "");
}

/* The input must be refused with an error on zField and leave no trace. */
static void refused_child(Db *db, const ChildInput *in, const char *zField) {
  int64_t nChild = nrows(db, "child"), nAudit = nrows(db, "audit_log");
  int64_t nLoc = nrows(db, "locality");
  Errors e = {0};
  int64_t id = child_add(db, in, "cli:test", &e);
  if (id != 0 || !errors_for(&e, zField)) {
    print_error("child %s: want an error on %s, got id %lld and %d error(s)%s%s\n",
                in->zRef ? in->zRef : "(null)", zField, (long long)id, e.n,
                e.n ? ": " : "", e.n ? e.a[0].zMsg : "");
    fail();
  }
  assert_true(errors_for(&e, zField)[0] != 0);
  assert_int_equal(nrows(db, "child"), nChild);
  assert_int_equal(nrows(db, "audit_log"), nAudit);
  assert_int_equal(nrows(db, "locality"), nLoc);
  assert_int_equal(db_depth(db), 0);
}

static void test_child_add_validation(void **state) {
  (void)state;
  Db *db = test_db_open();
  ChildInput in;
  in = good_child(); in.zRef = NULL; refused_child(db, &in, "child_ref");
  in = good_child(); in.zRef = ""; refused_child(db, &in, "child_ref");
  in = good_child(); in.zRef = "12345678901"; refused_child(db, &in, "child_ref");
  in = good_child(); in.zGiven = ""; refused_child(db, &in, "given_name");
  in = good_child(); in.zFamily = NULL; refused_child(db, &in, "family_name");
  in = good_child(); in.zDob = "2023-02-29"; refused_child(db, &in, "dob");
  in = good_child(); in.zDob = "27/03/2015"; refused_child(db, &in, "dob");
  in = good_child(); in.zDob = NULL; refused_child(db, &in, "dob");
  char zTomorrow[11];
  date_iso(date_today() + 1, zTomorrow);
  in = good_child(); in.zDob = zTomorrow; refused_child(db, &in, "dob");
  in = good_child(); in.zSex = "X"; refused_child(db, &in, "sex");
  in = good_child(); in.zSex = "f"; refused_child(db, &in, "sex");
  in = good_child(); in.zSex = NULL; refused_child(db, &in, "sex");
  in = good_child(); in.zEthnicity = "XXXX"; refused_child(db, &in, "ethnicity");
  in = good_child(); in.zEthnicity = "wbri"; refused_child(db, &in, "ethnicity");
  in = good_child(); in.zSen = "maybe"; refused_child(db, &in, "sen");

  /* Several mistakes are all reported at once, each on its field. */
  in = good_child();
  in.zRef = "";
  in.zDob = "2015-02-30";
  in.zSex = "Q";
  Errors e = {0};
  assert_int_equal(child_add(db, &in, "cli:test", &e), 0);
  assert_int_equal(e.n, 3);
  assert_non_null(errors_for(&e, "child_ref"));
  assert_non_null(errors_for(&e, "dob"));
  assert_non_null(errors_for(&e, "sex"));
  assert_null(errors_for(&e, "given_name"));
  assert_int_equal(nrows(db, "child"), 0);
  test_db_close(db);
}

static void test_child_add_good_and_duplicate(void **state) {
  (void)state;
  Db *db = test_db_open();
  ChildInput in = good_child();
  in.zRef = "1234567890";  /* exactly 10: the SSDA903 limit is allowed */
  Errors e = {0};
  int64_t id = child_add(db, &in, "cli:test", &e);
  assert_true(id > 0);
  assert_int_equal(e.n, 0);
  assert_int_equal(child_id_for_ref(db, "1234567890"), id);
  assert_int_equal(nrows(db, "child"), 1);
  assert_int_equal(nrows(db, "locality"), 1);
  assert_int_equal(nrows(db, "audit_log"), 1);
  Stmt *s = db_prepare(db, "SELECT actor, action, record, before_value FROM audit_log");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "cli:test");
  assert_string_equal(db_col_text(s, 1), "child.add");
  assert_string_equal(db_col_text(s, 2), "child:1234567890");
  assert_true(db_col_is_null(s, 3));
  db_finalize(s);
  s = db_query(db, "SELECT c.dob, c.sex, c.ethnicity, c.disability, c.sen, c.uasc, l.name"
                   " FROM child c JOIN locality l ON l.id = c.locality_id WHERE c.id=?", "I", id);
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "2015-03-27");
  assert_string_equal(db_col_text(s, 1), "F");
  assert_string_equal(db_col_text(s, 2), "WBRI");
  assert_int_equal(db_col_bool3(s, 3), 0);
  assert_string_equal(db_col_text(s, 4), "none");
  assert_int_equal(db_col_int(s, 5), 0);
  assert_string_equal(db_col_text(s, 6), "North");
  db_finalize(s);

  refused_child(db, &in, "child_ref");

  /* Born today is allowed; a second child reuses the locality. */
  char zToday[11];
  in = good_child();
  in.zDob = date_iso(date_today(), zToday);
  in.zEthnicity = NULL;
  in.disability = -1;
  memset(&e, 0, sizeof e);
  int64_t id2 = child_add(db, &in, "cli:test", &e);
  assert_true(id2 > 0);
  assert_int_equal(nrows(db, "locality"), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM child WHERE id=? AND ethnicity IS NULL"
                                  " AND disability IS NULL", "I", id2), 1);
  assert_int_equal(nrows(db, "audit_log"), 2);
  test_db_close(db);
}

static void test_hostile_names_round_trip(void **state) {
  (void)state;
  Db *db = test_db_open();
  const char *zGiven = "<script>alert(1)</script>";
  const char *zFamily = "O'Brien-\xc3\x9cnal";  /* U+00DC as UTF-8 */
  ChildInput in = good_child();
  in.zGiven = zGiven;
  in.zFamily = zFamily;
  in.zLocality = "Robert'); DROP TABLE child;--";
  Errors e = {0};
  assert_true(child_add(db, &in, "cli:test", &e) > 0);
  ChildFilter f = {.zRef = "A123"};
  ChildSet *cs = childset_load(db, &f);
  assert_int_equal(cs->n, 1);
  assert_int_equal(strlen(cs->a[0].zGiven), strlen(zGiven));
  assert_memory_equal(cs->a[0].zGiven, zGiven, strlen(zGiven) + 1);
  assert_int_equal(strlen(cs->a[0].zFamily), strlen(zFamily));
  assert_memory_equal(cs->a[0].zFamily, zFamily, strlen(zFamily) + 1);
  childset_free(cs);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM locality WHERE name=?", "s",
                          "Robert'); DROP TABLE child;--"), 1);
  assert_int_equal(nrows(db, "child"), 1);
  test_db_close(db);
}

/* ---- Adding an episode ---------------------------------------------------- */

static EpisodeInput good_episode(void) {
  return (EpisodeInput){.zStart = "2024-01-10", .zRne = "S", .zLegalStatus = "C2", .zCin = "N1",
                        .zPlacement = "U1", .zProvider = "PR1", .zRegistration = "registered",
                        .zEnd = NULL, .zEndReason = NULL};
}

static void refused_episode(Db *db, int64_t c, const EpisodeInput *in, const char *zField) {
  int64_t nEp = nrows(db, "episode"), nAudit = nrows(db, "audit_log");
  Errors e = {0};
  int64_t id = episode_add(db, c, in, "cli:test", &e);
  if (id != 0 || !errors_for(&e, zField)) {
    print_error("episode from %s: want an error on %s, got id %lld and %d error(s)%s%s\n",
                in->zStart ? in->zStart : "(null)", zField, (long long)id, e.n,
                e.n ? ": " : "", e.n ? e.a[0].zMsg : "");
    fail();
  }
  assert_int_equal(nrows(db, "episode"), nEp);
  assert_int_equal(nrows(db, "audit_log"), nAudit);
  assert_int_equal(db_depth(db), 0);
}

static void test_episode_add_validation(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t c = raw_child(db, "E1", "Eve", "2012-01-01");
  EpisodeInput in;
  in = good_episode(); in.zLegalStatus = "C9"; refused_episode(db, c, &in, "legal_status");
  in = good_episode(); in.zPlacement = "XX"; refused_episode(db, c, &in, "placement");
  in = good_episode(); in.zRne = "Z"; refused_episode(db, c, &in, "rne");
  in = good_episode(); in.zCin = "N9"; refused_episode(db, c, &in, "cin");
  in = good_episode(); in.zProvider = "PR9"; refused_episode(db, c, &in, "provider");
  in = good_episode(); in.zRegistration = "maybe"; refused_episode(db, c, &in, "registration");
  in = good_episode(); in.zStart = "2024-02-30"; refused_episode(db, c, &in, "start_date");
  in = good_episode(); in.zStart = NULL; refused_episode(db, c, &in, "start_date");
  in = good_episode(); in.zEnd = "2024-01-09"; in.zEndReason = "E11";
  refused_episode(db, c, &in, "end_date");
  in = good_episode(); in.zEnd = "2024-13-01"; in.zEndReason = "E11";
  refused_episode(db, c, &in, "end_date");
  in = good_episode(); in.zEnd = "2024-03-01"; in.zEndReason = NULL;
  refused_episode(db, c, &in, "end_reason");
  in = good_episode(); in.zEnd = "2024-03-01"; in.zEndReason = "";
  refused_episode(db, c, &in, "end_reason");
  assert_int_equal(nrows(db, "episode"), 0);

  /* A one-day episode (ends the day it starts) is valid. */
  in = good_episode();
  in.zEnd = "2024-01-10";
  in.zEndReason = "E11";
  Errors e = {0};
  int64_t id = episode_add(db, c, &in, "cli:test", &e);
  assert_true(id > 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM episode WHERE id=? AND end_date='2024-01-10'"
                                  " AND end_reason='E11'", "I", id), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action='episode.add'", ""), 1);
  test_db_close(db);
}

static void test_episode_duplicate_start(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t c = raw_child(db, "E1", "Eve", "2012-01-01");
  int64_t other = raw_child(db, "E2", "Eli", "2012-01-01");
  EpisodeInput in = good_episode();
  Errors e = {0};
  assert_true(episode_add(db, c, &in, "cli:test", &e) > 0);
  in.zPlacement = "U3";
  refused_episode(db, c, &in, "start_date");
  memset(&e, 0, sizeof e);
  assert_int_equal(episode_add(db, c, &in, "cli:test", &e), 0);
  const char *zMsg = errors_for(&e, "start_date");
  assert_non_null(zMsg);
  if (!strstr(zMsg, "already") || !strstr(zMsg, "2024-01-10")) {
    print_error("duplicate start message unclear: %s\n", zMsg);
    fail();
  }
  /* Another child may start on the same day. */
  memset(&e, 0, sizeof e);
  assert_true(episode_add(db, other, &in, "cli:test", &e) > 0);
  assert_int_equal(nrows(db, "episode"), 2);
  assert_int_equal(nrows(db, "audit_log"), 2);
  test_db_close(db);
}

/* The UNIQUE(child_id, start_date) constraint is not the only one an
** insert can break: an unknown child fails the foreign key, and must not
** be told it already has an episode. */
static void test_episode_unknown_child(void **state) {
  (void)state;
  Db *db = test_db_open();
  EpisodeInput in = good_episode();
  Errors e = {0};
  int64_t id = episode_add(db, 9999, &in, "cli:test", &e);
  int64_t nEp = nrows(db, "episode"), nAudit = nrows(db, "audit_log");
  char zMsg[200] = "";
  if (e.n) snprintf(zMsg, sizeof zMsg, "%s", e.a[0].zMsg);
  test_db_close(db);
  assert_int_equal(id, 0);
  assert_int_equal(nEp, 0);
  assert_int_equal(nAudit, 0);
  assert_true(e.n >= 1);
  if (strstr(zMsg, "already")) {
    print_error("episode for a child that does not exist reported as a duplicate: %s\n", zMsg);
    fail();
  }
}

static void test_episode_hostile_codes(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t c = raw_child(db, "E1", "Eve", "2012-01-01");
  EpisodeInput in;
  in = good_episode(); in.zLegalStatus = "C2'; DROP TABLE child;--";
  refused_episode(db, c, &in, "legal_status");
  in = good_episode(); in.zProvider = "PR1' OR '1'='1";
  refused_episode(db, c, &in, "provider");
  in = good_episode(); in.zPlacement = "U1\"); DELETE FROM child; --";
  refused_episode(db, c, &in, "placement");
  /* A code is a whole value: a valid prefix is not enough. */
  in = good_episode(); in.zLegalStatus = "C2 ";
  refused_episode(db, c, &in, "legal_status");
  assert_int_equal(nrows(db, "child"), 1);
  assert_int_equal(child_id_for_ref(db, "E1"), c);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_periods_back_to_back),
    cmocka_unit_test(test_periods_gap_starts_new),
    cmocka_unit_test(test_periods_as_of),
    cmocka_unit_test(test_in_care),
    cmocka_unit_test(test_in_care_after_many_periods),
    cmocka_unit_test(test_allocation_handover),
    cmocka_unit_test(test_childset_load_all),
    cmocka_unit_test(test_childset_load_by_ref),
    cmocka_unit_test(test_childset_load_by_iro),
    cmocka_unit_test(test_childset_load_many),
    cmocka_unit_test(test_child_add_validation),
    cmocka_unit_test(test_child_add_good_and_duplicate),
    cmocka_unit_test(test_hostile_names_round_trip),
    cmocka_unit_test(test_episode_add_validation),
    cmocka_unit_test(test_episode_duplicate_start),
    cmocka_unit_test(test_episode_unknown_child),
    cmocka_unit_test(test_episode_hostile_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
