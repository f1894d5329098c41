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
#include "child_records.h"
#include "iros.h"
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

/* A read that fails part way (here the contacts' table is gone) is a
** failure with no children, never children who seem to have no contacts. */
static void test_childset_read_failure_is_not_a_short_set(void **state) {
  (void)state;
  Db *db = test_db_open();
  load_fixture(db);
  ChildSet *cs = childset_load(db, NULL);
  assert_int_equal(cs->n, 3);
  assert_false(cs->readError);
  childset_free(cs);
  assert_int_equal(db_exec_script(db, "ALTER TABLE contact RENAME TO contact_gone;"), DB_OK);
  cs = childset_load(db, NULL);
  assert_true(cs->readError);
  assert_int_equal(cs->n, 0);
  assert_null(cs->a);
  childset_free(cs);
  ChildFilter fl = {.zRef = "AAA"};
  cs = childset_load(db, &fl);
  assert_true(cs->readError);
  assert_int_equal(cs->n, 0);
  childset_free(cs);
  assert_true(db_failed(db));
  db_clear_failure(db);
  /* The children's export alike: nothing written, never part. */
  assert_int_equal(db_exec_script(db, "ALTER TABLE child RENAME TO child_gone;"), DB_OK);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(export_children(db, f, "cli:test"), -1);
  assert_int_equal(ftell(f), 0);
  fclose(f);
  db_clear_failure(db);
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

/* ---- A child's own record (child_records.c) ------------------------------- */

static ChildRecord rec(const char *zRef, const char *zGiven, const char *zFamily, const char *zDob) {
  ChildRecord r;
  memset(&r, 0, sizeof r);
  const char *az[CR_N] = {zRef, zGiven, zFamily, zDob, "F", "WBRI", "no", "", "none", ""};
  for (int i = 0; i < CR_N; i++) child_record_set(&r, i, az[i]);
  return r;
}

/* Save r as a new child on `today`: its id, or 0 with the first error on
** zField (when not NULL). */
static int64_t save_new(Db *db, const char *zDob, Date today, const char *zField) {
  ChildRecord r = rec("D1", "Dee", "Day", zDob);
  Errors e = {0};
  int64_t id = child_record_save(db, 0, &r, 0, today, "cli:test", &e, NULL);
  if (zField) {
    assert_int_equal(id, 0);
    assert_non_null(errors_for(&e, zField));
  } else if (!id) {
    print_error("dob %s refused: %s\n", zDob, e.n ? e.a[0].zMsg : "?");
    fail();
  }
  if (id) db_exec(db, "DELETE FROM child WHERE id = ?", "I", id);
  return id;
}

static void test_child_dob_edges(void **state) {
  (void)state;
  Db *db = test_db_open();
  /* Born today is fine; tomorrow is not. */
  save_new(db, "2026-03-10", D("2026-03-10"), NULL);
  save_new(db, "2026-03-11", D("2026-03-10"), "dob");
  /* 29 February: real in a leap year only. */
  save_new(db, "2024-02-29", D("2026-03-10"), NULL);
  save_new(db, "2023-02-29", D("2026-03-10"), "dob");
  /* Under 25 today is kept; 25 today (the birthday) is a mistyped year. */
  save_new(db, "2001-03-11", D("2026-03-10"), NULL);
  save_new(db, "2001-03-10", D("2026-03-10"), "dob");
  /* Born 29 February 2004: 25 on 1 March 2029 in a common year, not before. */
  save_new(db, "2004-02-29", D("2029-02-28"), NULL);
  save_new(db, "2004-02-29", D("2029-03-01"), "dob");
  /* The form's words for the page, the column and value for an import. */
  ChildRecord r = rec("D2", "Dee", "Day", "31/02/2010");
  Errors e = {0};
  child_record_check(db, &r, 0, D("2026-03-10"), 1, 0, &e);
  assert_string_equal(errors_for(&e, "dob"), "dob '31/02/2010' is not a real date");
  r = rec("D2", "Dee", "Day", "14/02/2010");
  memset(&e, 0, sizeof e);
  child_record_check(db, &r, 0, D("2026-03-10"), 1, 0, &e);
  assert_int_equal(e.n, 0);
  assert_string_equal(r.az[CR_DOB], "2010-02-14");   /* a spreadsheet's date, stored as ISO */
  /* A "/" in an ID would split the child's web address: refused. */
  r = rec("D/2", "Dee", "Day", "2010-02-14");
  memset(&e, 0, sizeof e);
  child_record_check(db, &r, 0, D("2026-03-10"), 0, 0, &e);
  assert_non_null(errors_for(&e, "child_ref"));
  r = rec("D2", "Dee", "Day", "14/02/2010");
  memset(&e, 0, sizeof e);
  child_record_check(db, &r, 0, D("2026-03-10"), 0, 0, &e);
  assert_non_null(errors_for(&e, "dob"));            /* the form and CLI say YYYY-MM-DD */
  assert_int_equal(nrows(db, "child"), 0);
  test_db_close(db);
}

/* The child.correct entries of the log, "before|after" each, in order. */
static char *corrections(Db *db) {
  Buf b = {0};
  Stmt *s = db_prepare(db, "SELECT before_value, after_value FROM audit_log WHERE action = 'child.correct' ORDER BY id");
  while (db_step(s) == DB_ROW) buf_printf(&b, "%s|%s\n", db_col_text(s, 0), db_col_text(s, 1));
  db_finalize(s);
  return b.z ? buf_take(&b) : xstrdup("");
}

static void test_child_correct_field_by_field(void **state) {
  (void)state;
  Db *db = test_db_open();
  db_exec(db, "INSERT INTO locality(name) VALUES('North'), ('South')", "");
  ChildRecord r = rec("C'1", "Sam", "Smith", "2015-03-27");
  child_record_set(&r, CR_LOCALITY, "North");
  Errors e = {0};
  int64_t id = child_record_save(db, 0, &r, 0, D("2026-03-10"), "cli:test", &e, NULL);
  assert_true(id > 0);
  int64_t nAudit = nrows(db, "audit_log");

  /* Two fields changed: two entries, each naming its field, nothing else. */
  ChildRecord c;
  assert_true(child_record_load(db, id, &c));
  child_record_set(&c, CR_FAMILY, "Smyth");
  child_record_set(&c, CR_LOCALITY, "South");
  child_record_set(&c, CR_REF, "OTHER");              /* the ref never changes here */
  int nChanged = -1;
  assert_int_equal(child_record_save(db, id, &c, 0, D("2026-03-10"), "cli:test", &e, &nChanged), id);
  assert_int_equal(nChanged, 2);
  char *z = corrections(db);
  assert_string_equal(z, "family_name: Smith|family_name: Smyth\nlocality: North|locality: South\n");
  free(z);
  assert_int_equal(nrows(db, "audit_log"), nAudit + 2);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='child.correct' AND record=?", "s",
                          "child:C'1"), 2);
  assert_int_equal(child_id_for_ref(db, "C'1"), id);
  assert_int_equal(child_id_for_ref(db, "OTHER"), 0);

  /* Nothing changed: no entry, no write. */
  assert_true(child_record_load(db, id, &c));
  int64_t gen = db_int(db, 0, "SELECT n FROM data_generation", "");
  assert_int_equal(child_record_save(db, id, &c, 0, D("2026-03-10"), "cli:test", &e, &nChanged), id);
  assert_int_equal(nChanged, 0);
  assert_int_equal(nrows(db, "audit_log"), nAudit + 2);
  assert_int_equal(db_int(db, 0, "SELECT n FROM data_generation", ""), gen);

  /* Disability from "not recorded" to no, and back: each is a change. */
  child_record_set(&c, CR_DISABILITY, "no");
  assert_int_equal(child_record_save(db, id, &c, 0, D("2026-03-10"), "cli:test", &e, &nChanged), id);
  assert_int_equal(db_int(db, -1, "SELECT disability FROM child WHERE id=?", "I", id), 0);
  child_record_set(&c, CR_DISABILITY, "");
  assert_int_equal(child_record_save(db, id, &c, 0, D("2026-03-10"), "cli:test", &e, &nChanged), id);
  assert_true(db_int(db, 0, "SELECT disability IS NULL FROM child WHERE id=?", "I", id));
  z = corrections(db);
  assert_non_null(strstr(z, "disability: |disability: no\ndisability: no|disability: \n"));
  free(z);

  /* A refused correction saves nothing and logs nothing. */
  nAudit = nrows(db, "audit_log");
  child_record_set(&c, CR_GIVEN, "Samuel");
  child_record_set(&c, CR_LOCALITY, "Nowhere");
  memset(&e, 0, sizeof e);
  assert_int_equal(child_record_save(db, id, &c, 0, D("2026-03-10"), "cli:test", &e, &nChanged), 0);
  assert_non_null(errors_for(&e, "locality"));
  assert_int_equal(nrows(db, "audit_log"), nAudit);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM child WHERE given_name='Sam'", ""), 1);
  assert_int_equal(db_depth(db), 0);
  test_db_close(db);
}

static int64_t group_of(Db *db, const char *zRef) {
  return db_int(db, 0, "SELECT sibling_group_id FROM child WHERE child_ref=?", "s", zRef);
}

static void test_siblings_link_unlink(void **state) {
  (void)state;
  Db *db = test_db_open();
  const char *azRef[] = {"S1", "S2", "S3", "S4"};
  for (int i = 0; i < 4; i++) {
    ChildRecord r = rec(azRef[i], "Kid", azRef[i], "2012-01-01");
    Errors e = {0};
    assert_true(child_record_save(db, 0, &r, 0, D("2026-03-10"), "cli:test", &e, NULL) > 0);
  }
  int64_t nAudit = nrows(db, "audit_log");
  Errors e = {0};
  assert_int_equal(siblings_link_pair(db, "S1", "S2", "cli:test", &e), 0);
  int64_t g = group_of(db, "S1");
  assert_true(g > 0);
  assert_int_equal(group_of(db, "S2"), g);
  assert_int_equal(nrows(db, "audit_log"), nAudit + 2);
  /* S3 and S4 in a group of their own; linking S3 to S1 brings S4 along. */
  assert_int_equal(siblings_link_pair(db, "S3", "S4", "cli:test", &e), 0);
  assert_true(group_of(db, "S3") != g);
  assert_int_equal(siblings_link_pair(db, "S3", "S1", "cli:test", &e), 0);
  for (int i = 0; i < 4; i++) assert_int_equal(group_of(db, azRef[i]), g);
  /* Refused: itself, an unknown child, a sibling already in the group. */
  assert_int_equal(siblings_link_pair(db, "S1", "S1", "cli:test", &e), -1);
  memset(&e, 0, sizeof e);
  assert_int_equal(siblings_link_pair(db, "S1", "NOPE", "cli:test", &e), -1);
  assert_non_null(errors_for(&e, "sibling"));
  memset(&e, 0, sizeof e);
  assert_int_equal(siblings_link_pair(db, "S1", "S4", "cli:test", &e), -1);

  /* The dashboard's split-siblings figure sees the group: two IROs. */
  db_exec(db, "INSERT INTO iro(id, name) VALUES(1, 'Ann'), (2, 'Bob')", "");
  for (int i = 0; i < 2; i++) {
    int64_t id = child_id_for_ref(db, azRef[i]);
    db_exec(db, "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES(?, '2025-01-01', 'S', 'C2', 'N1', 'U1')", "I", id);
    db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES(?, ?, '2025-01-02', 'first')", "Ii", id, i + 1);
  }
  SplitGroup *a = NULL;
  assert_int_equal(siblings_split(db, D("2026-03-10"), &a), 1);
  assert_int_equal(a[0].groupId, g);
  free(a);

  /* Unlinking S2 ends the split; S1, S3, S4 stay together. */
  nAudit = nrows(db, "audit_log");
  memset(&e, 0, sizeof e);
  assert_int_equal(siblings_unlink(db, "S2", "cli:test", &e), 0);
  assert_int_equal(group_of(db, "S2"), 0);
  assert_int_equal(group_of(db, "S1"), g);
  assert_int_equal(nrows(db, "audit_log"), nAudit + 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='siblings.unlink' AND record='child:S2'"
                                 " AND after_value='no sibling group'", ""), 1);
  assert_int_equal(siblings_split(db, D("2026-03-10"), &a), 0);
  free(a);
  /* The last two: taking one out leaves a group of one, so both go. */
  assert_int_equal(siblings_unlink(db, "S3", "cli:test", &e), 0);
  assert_int_equal(siblings_unlink(db, "S4", "cli:test", &e), 0);
  assert_int_equal(group_of(db, "S1"), 0);
  memset(&e, 0, sizeof e);
  assert_int_equal(siblings_unlink(db, "S1", "cli:test", &e), -1);
  assert_non_null(errors_for(&e, "unlink"));
  test_db_close(db);
}

static void test_care_notification_save(void **state) {
  (void)state;
  Db *db = test_db_open();
  ChildRecord r = rec("N1", "Nia", "Noor", "2012-01-01");
  Errors e = {0};
  int64_t id = child_record_save(db, 0, &r, 0, D("2026-03-10"), "cli:test", &e, NULL);
  assert_int_equal(care_notification_save(db, id, 0, D("2026-03-11"), D("2026-03-10"), "cli:test", &e), -1);
  assert_non_null(errors_for(&e, "notified_on"));
  memset(&e, 0, sizeof e);
  assert_int_equal(care_notification_save(db, id, 0, D("2026-03-02"), D("2026-03-10"), "cli:test", &e), 0);
  int64_t n = db_int(db, 0, "SELECT id FROM care_notification WHERE child_id=?", "I", id);
  assert_int_equal(care_notification_save(db, id, n, D("2026-03-03"), D("2026-03-10"), "cli:test", &e), 0);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM care_notification WHERE notified_on='2026-03-03'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='notification.correct'"
                                 " AND before_value='notified_on: 2026-03-02' AND after_value='notified_on: 2026-03-03'", ""), 1);
  /* The allocation deadline counts from it: the loaded child carries it. */
  ChildFilter f = {.zRef = "N1"};
  ChildSet *cs = childset_load(db, &f);
  assert_date_equal(cs->a[0].notified, D("2026-03-03"));
  childset_free(cs);
  test_db_close(db);
}

/* ---- The children CSV --------------------------------------------------------- */

static const char zHead[] = "child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality\n";

static int import(Db *db, const char *zBody, Buf *pReport) {
  Buf b = {0};
  buf_puts(&b, zHead);
  buf_puts(&b, zBody);
  int rc = import_children_text(db, b.z, b.n, "children.csv", D("2026-03-10"), "cli:test", pReport);
  buf_free(&b);
  return rc;
}

static void test_import_children_all_or_nothing(void **state) {
  (void)state;
  Db *db = test_db_open();
  db_exec(db, "INSERT INTO locality(name) VALUES('North')", "");
  Buf rep = {0};
  /* Three good lines and a bad last one: nothing at all is loaded. */
  int rc = import(db, "A1,Ann,Ash,2014-05-01,F,WBRI,no,no,none,North\n"
                      "A2,Bea,Ash,2016-06-02,F,WBRI,no,,support,\n"
                      "A3,Cal,Ash,2017-07-03,M,,yes,yes,ehcp,North\n"
                      "A4,Dan,Ash,31/02/2010,X,ZZZZ,maybe,no,none,Nowhere\n", &rep);
  assert_int_equal(rc, -1);
  assert_non_null(strstr(rep.z, "children.csv line 5: dob '31/02/2010' is not a real date; sex 'X' must be M, F or U;"
                                " ethnicity 'ZZZZ' is not a DfE ethnicity code"));
  assert_non_null(strstr(rep.z, "uasc 'maybe' must be yes or no"));
  assert_non_null(strstr(rep.z, "locality 'Nowhere' is not a locality"));
  assert_null(strstr(rep.z, "line 2"));
  assert_non_null(strstr(rep.z, "Nothing was loaded: 1 line to correct."));
  assert_int_equal(nrows(db, "child"), 0);
  assert_int_equal(nrows(db, "audit_log"), 0);
  /* The same ref twice, and a short line, are named too. */
  buf_reset(&rep);
  rc = import(db, "A1,Ann,Ash,2014-05-01,F,WBRI,no,no,none,North\nA1,Ann,Ash,2014-05-01,F,WBRI,no,no,none,North\nA9,x\n", &rep);
  assert_int_equal(rc, -1);
  assert_non_null(strstr(rep.z, "children.csv line 3: child_ref 'A1' is also on line 2"));
  assert_non_null(strstr(rep.z, "children.csv line 4: has 2 fields; the header has 10"));
  assert_int_equal(nrows(db, "child"), 0);
  /* A wrong header is refused on line 1. */
  buf_reset(&rep);
  assert_int_equal(import_children_text(db, "ref,name\nA1,Ann\n", 17, "children.csv", D("2026-03-10"), "cli:test", &rep), -1);
  assert_non_null(strstr(rep.z, "children.csv line 1: unknown column \"ref\""));
  buf_free(&rep);
  test_db_close(db);
}

static void test_import_children_names_over_placeholders(void **state) {
  (void)state;
  Db *db = test_db_open();
  db_exec(db, "INSERT INTO locality(name) VALUES('North')", "");
  /* As an imported 903 return leaves them: "Child 100006". */
  db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, uasc)"
              " VALUES('100006', 'Child', '100006', '2013-04-05', 'M', 'WBRI', 0),"
              " ('100007', 'Child', '100007', '2015-08-09', 'F', NULL, 1)", "");
  Buf rep = {0};
  const char *zBody = "100006,Aoife,O'Brien,2013-04-05,M,WBRI,no,,,\n"
                      "100007,\"Zoë\",\"Smith, Jones\",09/08/2015,F,,yes,,,North\n"
                      "100008,New,Child,2019-01-01,U,NOBT,no,no,none,North\n";
  assert_int_equal(import(db, zBody, &rep), 0);
  assert_non_null(strstr(rep.z, "1 child added, 2 corrected, 0 unchanged"));
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM child WHERE child_ref='100006' AND given_name='Aoife' AND family_name='O''Brien'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM child WHERE child_ref='100007' AND given_name='Zoë'"
                                 " AND family_name='Smith, Jones' AND dob='2015-08-09' AND uasc=1 AND locality_id IS NOT NULL", ""), 1);
  assert_int_equal(nrows(db, "child"), 3);
  /* Only what changed is logged: 100006 its two names; 100007 names and locality; 100008 added. */
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record='child:100006' AND action='child.correct'", ""), 2);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record='child:100006' AND"
                                 " before_value='given_name: Child' AND after_value='given_name: Aoife'", ""), 1);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE record='child:100007' AND action='child.correct'", ""), 3);
  assert_int_equal(db_int(db, 0, "SELECT count(*) FROM audit_log WHERE action='child.add'", ""), 1);

  /* The same file again changes nothing and logs nothing. */
  int64_t nAudit = nrows(db, "audit_log");
  int64_t gen = db_int(db, 0, "SELECT n FROM data_generation", "");
  buf_reset(&rep);
  assert_int_equal(import(db, zBody, &rep), 0);
  assert_non_null(strstr(rep.z, "0 children added, 0 corrected, 3 unchanged"));
  assert_int_equal(nrows(db, "audit_log"), nAudit);
  assert_int_equal(db_int(db, 0, "SELECT n FROM data_generation", ""), gen);

  /* Export and import back: the same columns, nothing changes. */
  FILE *f = tmpfile();
  assert_int_equal(export_children(db, f, "cli:test"), 3);
  long n = ftell(f);
  rewind(f);
  char *z = xmalloc((size_t)n + 1);
  assert_int_equal(fread(z, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  z[n] = 0;
  assert_int_equal(strncmp(z, "child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality\r\n", 81), 0);
  assert_non_null(strstr(z, "100007,Zoë,\"Smith, Jones\",2015-08-09,F,,yes,,,North\r\n"));
  nAudit = nrows(db, "audit_log");
  buf_reset(&rep);
  assert_int_equal(import_children_text(db, z, (size_t)n, "children.csv", D("2026-03-10"), "cli:test", &rep), 0);
  assert_non_null(strstr(rep.z, "3 unchanged"));
  assert_int_equal(nrows(db, "audit_log"), nAudit);
  free(z);
  buf_free(&rep);
  test_db_close(db);
}

/* Finding a child as people type (issue 17): case, accents, spaces,
** commas and word order do not matter; part of an ID finds it. */
static int found(const char *zQuery, const char *zRef, const char *zGiven, const char *zFamily) {
  Buf f = {0};
  child_fold(zQuery, &f);
  int m = child_matches(zQuery, f.z ? f.z : "", zRef, zGiven, zFamily);
  buf_free(&f);
  return m;
}

static void test_find_a_child(void **state) {
  (void)state;
  Buf f = {0};
  child_fold("  Siân  O\xE2\x80\x99" "Brien-Łukasz,  ", &f);
  assert_string_equal(f.z, "sian o\xE2\x80\x99" "brien-lukasz");
  buf_free(&f);
  assert_int_equal(found("Sian", "100001", "Si\xC3\xA2n", "Jones"), 1);
  assert_int_equal(found("SIÂN", "100001", "Sian", "Jones"), 1);
  assert_int_equal(found("jones, sian", "100001", "Siân", "Jones"), 1);
  assert_int_equal(found("  Sian   Jones ", "100001", "Siân", "Jones"), 1);
  assert_int_equal(found("Jones Sian", "100001", "Siân", "Jones"), 1);
  assert_int_equal(found("Sian Smith", "100001", "Siân", "Jones"), 0);
  assert_int_equal(found("zoë", "100001", "Zoe", "Müller"), 1);
  assert_int_equal(found("muller", "100001", "Zoe", "Müller"), 1);
  assert_int_equal(found("o'brien", "100002", "Ava", "O'Brien"), 1);
  /* IDs: the whole ID first (2), part of one (1), in any case. */
  assert_int_equal(found("100021", "100021", "Ava", "Smith"), 2);
  assert_int_equal(found("1002", "100213", "Ava", "Smith"), 1);
  assert_int_equal(found("k-1", "K-1 x", "Ava", "Smith"), 1);
  assert_int_equal(found("1003", "100213", "Ava", "Smith"), 0);
  assert_int_equal(found("   ", "100021", "Ava", "Smith"), 0);
  assert_int_equal(found(",", "100021", "Ava", "Smith"), 0);
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
    cmocka_unit_test(test_childset_read_failure_is_not_a_short_set),
    cmocka_unit_test(test_childset_load_by_iro),
    cmocka_unit_test(test_childset_load_many),
    cmocka_unit_test(test_child_add_validation),
    cmocka_unit_test(test_child_add_good_and_duplicate),
    cmocka_unit_test(test_hostile_names_round_trip),
    cmocka_unit_test(test_episode_add_validation),
    cmocka_unit_test(test_episode_duplicate_start),
    cmocka_unit_test(test_episode_unknown_child),
    cmocka_unit_test(test_episode_hostile_codes),
    cmocka_unit_test(test_child_dob_edges),
    cmocka_unit_test(test_child_correct_field_by_field),
    cmocka_unit_test(test_siblings_link_unlink),
    cmocka_unit_test(test_care_notification_save),
    cmocka_unit_test(test_import_children_all_or_nothing),
    cmocka_unit_test(test_import_children_names_over_placeholders),
    cmocka_unit_test(test_find_a_child),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
