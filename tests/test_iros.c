/*
** test_iros.c: unit tests for reviewing officers (SPEC §2): caseload bands,
** the suggestion for a new child, allocation history and sibling splits.
**
** Fixtures are written straight into the tables with db_exec so each test
** states exactly the caseloads and links it depends on; only the function
** under test goes through the module's own API.
*/
#include "testutil.h"
#include "children.h"
#include "cover.h"
#include "localities.h"
#include "iros.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Fixtures ------------------------------------------------------------- */

static int64_t new_iro(Db *db, const char *zName, double fte, int otherDuties, int active) {
  assert_int_equal(db_exec(db, "INSERT INTO iro(name, fte, other_duties, active) VALUES(?, ?, ?, ?)",
                           "sdii", zName, fte, otherDuties, active), DB_OK);
  int64_t id = db_int(db, 0, "SELECT id FROM iro WHERE name=?", "s", zName);
  assert_true(id > 0);
  return id;
}

static int64_t new_locality(Db *db, const char *zName) {
  assert_int_equal(db_exec(db, "INSERT INTO locality(name) VALUES(?)", "s", zName), DB_OK);
  return db_int(db, 0, "SELECT id FROM locality WHERE name=?", "s", zName);
}

static void link_locality(Db *db, int64_t iroId, int64_t localityId) {
  assert_int_equal(db_exec(db, "INSERT INTO iro_locality(iro_id, locality_id) VALUES(?, ?)", "II",
                           iroId, localityId), DB_OK);
}

static int64_t new_group(Db *db, const char *zName) {
  assert_int_equal(db_exec(db, "INSERT INTO sibling_group(name) VALUES(?)", "s", zName), DB_OK);
  return db_int(db, 0, "SELECT id FROM sibling_group WHERE name=?", "s", zName);
}

/* localityId and groupId 0 mean none. */
static int64_t new_child(Db *db, const char *zRef, const char *zGiven, int64_t localityId,
                         int64_t groupId) {
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex,"
                               " locality_id, sibling_group_id) VALUES(?, ?, 'Test', '2014-05-01',"
                               " 'F', ?, ?)", "ssrr", zRef, zGiven, localityId, groupId), DB_OK);
  return child_id_for_ref(db, zRef);
}

/* zEnd NULL for an open allocation. */
static void allocate_raw(Db *db, int64_t childId, int64_t iroId, const char *zStart, const char *zEnd) {
  assert_int_equal(db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, end_date, reason)"
                               " VALUES(?, ?, ?, ?, 'fixture')", "IIss", childId, iroId, zStart, zEnd),
                   DB_OK);
}

/* In care from zStart (to zEnd, or still if NULL). */
static void in_care(Db *db, int64_t childId, const char *zStart, const char *zEnd) {
  assert_int_equal(db_exec(db, "INSERT INTO episode(child_id, start_date, rne, legal_status, cin,"
                               " placement, end_date, end_reason) VALUES(?, ?, 'S', 'C2', 'N1', 'U1',"
                               " ?, ?)", "Isss", childId, zStart, zEnd, zEnd ? "E11" : NULL), DB_OK);
}

/* A sibling in care since 1 Jan 2024 with iroId from the same day. */
static int64_t sibling(Db *db, const char *zRef, const char *zGiven, int64_t localityId,
                       int64_t groupId, int64_t iroId) {
  int64_t id = new_child(db, zRef, zGiven, localityId, groupId);
  in_care(db, id, "2024-01-01", NULL);
  allocate_raw(db, id, iroId, "2024-01-01", NULL);
  return id;
}

/* n more children on iroId's caseload from 1 Jan 2024. */
static void give_children(Db *db, int64_t iroId, int n) {
  static int seq;
  db_begin(db);
  for (int i = 0; i < n; i++) {
    char zRef[16];
    snprintf(zRef, sizeof zRef, "L%05d", ++seq);
    allocate_raw(db, new_child(db, zRef, "Load", 0, 0), iroId, "2024-01-01", NULL);
  }
  assert_int_equal(db_commit(db), DB_OK);
}

static CaseloadBand band_of(Db *db, int64_t iroId, Date asOf, int *pCaseload) {
  IroList *l = iros_load(db, asOf);
  const Iro *i = iros_find(l, iroId);
  assert_non_null(i);
  CaseloadBand b = iro_band(i);
  if (pCaseload) *pCaseload = i->caseload;
  iros_free(l);
  return b;
}

static int capacity_of(Db *db, int64_t iroId) {
  IroList *l = iros_load(db, D("2024-06-01"));
  const Iro *i = iros_find(l, iroId);
  assert_non_null(i);
  int n = iro_capacity(i);
  iros_free(l);
  return n;
}

static ChildSet *load_one(Db *db, const char *zRef) {
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(db, &f);
  assert_int_equal(cs->n, 1);
  return cs;
}

static int64_t audit_count(Db *db, const char *zAction) {
  return db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action=?", "s", zAction);
}

static void assert_contains(const char *zHay, const char *zNeedle) {
  if (!strstr(zHay, zNeedle)) {
    print_error("\"%s\" should contain \"%s\"\n", zHay, zNeedle);
    fail();
  }
}

/* ---- Caseload bands ------------------------------------------------------- */

static void test_caseload_full_time(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Full Time", 1.0, 0, 1);
  Date on = D("2024-06-01");
  int n = -1;
  assert_int_equal(band_of(db, x, on, &n), CASELOAD_OK);
  assert_int_equal(n, 0);
  assert_int_equal(capacity_of(db, x), 60);
  give_children(db, x, 60);
  assert_int_equal(band_of(db, x, on, &n), CASELOAD_OK);
  assert_int_equal(n, 60);
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, &n), CASELOAD_AMBER);
  assert_int_equal(n, 61);
  give_children(db, x, 9);
  assert_int_equal(band_of(db, x, on, &n), CASELOAD_AMBER);
  assert_int_equal(n, 70);
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, &n), CASELOAD_RED);
  assert_int_equal(n, 71);
  assert_string_equal(caseload_band_name(CASELOAD_OK), "ok");
  assert_string_equal(caseload_band_name(CASELOAD_AMBER), "amber");
  assert_string_equal(caseload_band_name(CASELOAD_RED), "red");
  test_db_close(db);
}

static void test_caseload_part_time(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Half Time", 0.5, 0, 1);
  Date on = D("2024-06-01");
  assert_int_equal(capacity_of(db, x), 30);
  give_children(db, x, 30);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_OK);
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_AMBER);
  give_children(db, x, 4);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_AMBER);  /* 35 */
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_RED);    /* 36 */
  test_db_close(db);
}

static void test_caseload_other_duties(void **state) {
  (void)state;
  Db *db = test_db_open();
  /* 14 children's worth of Regulation 44 visiting: room for 46. */
  int64_t x = new_iro(db, "Reg Visitor", 1.0, 14, 1);
  Date on = D("2024-06-01");
  assert_int_equal(capacity_of(db, x), 46);
  give_children(db, x, 46);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_OK);
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_AMBER);  /* 47 */
  give_children(db, x, 9);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_AMBER);  /* 56 = 70 - 14 */
  give_children(db, x, 1);
  assert_int_equal(band_of(db, x, on, NULL), CASELOAD_RED);    /* 57 */
  test_db_close(db);
}

static void test_caseload_counts_as_of(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Dated", 1.0, 0, 1);
  int64_t y = new_iro(db, "Other", 1.0, 0, 1);
  int64_t a = new_child(db, "A", "Ann", 0, 0);
  int64_t b = new_child(db, "B", "Ben", 0, 0);
  int64_t c = new_child(db, "C", "Cal", 0, 0);
  allocate_raw(db, a, x, "2024-01-01", "2024-06-01");  /* handed over on 1 June */
  allocate_raw(db, a, y, "2024-06-01", NULL);
  allocate_raw(db, b, x, "2024-06-02", NULL);          /* starts the next day */
  allocate_raw(db, c, x, "2024-01-01", "2024-06-02");  /* still X's on 1 June */
  int n = -1;
  band_of(db, x, D("2024-06-01"), &n);
  assert_int_equal(n, 1);  /* only C */
  band_of(db, y, D("2024-06-01"), &n);
  assert_int_equal(n, 1);  /* A, from the handover day */
  band_of(db, x, D("2024-05-31"), &n);
  assert_int_equal(n, 2);  /* A and C */
  band_of(db, y, D("2024-05-31"), &n);
  assert_int_equal(n, 0);
  band_of(db, x, D("2024-06-02"), &n);
  assert_int_equal(n, 1);  /* C has gone, B has come */
  test_db_close(db);
}

/* ---- Suggestion ----------------------------------------------------------- */

static void test_suggest_sibling_iro(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t loc = new_locality(db, "North");
  int64_t x = new_iro(db, "Sam Patel", 1.0, 0, 1);
  int64_t y = new_iro(db, "Jo Free", 1.0, 0, 1);
  link_locality(db, y, loc);
  give_children(db, x, 50);  /* X is busier and not linked: only the sibling counts */
  int64_t g = new_group(db, "Family");
  sibling(db, "SIB1", "Maya", loc, g, x);
  new_child(db, "SIB2", "Leo", loc, g);
  ChildSet *cs = load_one(db, "SIB2");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), x);
  assert_contains(zWhy, "Sam Patel");
  assert_contains(zWhy, "Maya");
  assert_contains(zWhy, "sibling");
  childset_free(cs);
  test_db_close(db);
}

static void test_suggest_ignores_former_sibling_iro(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Old Officer", 1.0, 0, 1);
  int64_t y = new_iro(db, "New Officer", 1.0, 0, 1);
  give_children(db, x, 1);  /* so y has more room */
  int64_t g = new_group(db, "Family");
  /* The sibling's allocation ended before asOf: it says nothing now. */
  int64_t s1 = new_child(db, "SIB1", "Maya", 0, g);
  in_care(db, s1, "2023-01-01", NULL);
  allocate_raw(db, s1, x, "2023-01-01", "2024-01-01");
  new_child(db, "SIB2", "Leo", 0, g);
  ChildSet *cs = load_one(db, "SIB2");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), y);
  childset_free(cs);
  test_db_close(db);
}

static void test_suggest_prefers_linked_iro(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t loc = new_locality(db, "North");
  int64_t other = new_locality(db, "South");
  int64_t linked = new_iro(db, "Linked Lee", 1.0, 0, 1);
  int64_t free_ = new_iro(db, "Unlinked Una", 1.0, 0, 1);
  link_locality(db, linked, loc);
  link_locality(db, free_, other);
  give_children(db, linked, 40);  /* 20 spare, against Una's 60 */
  new_child(db, "NEW1", "Ava", loc, 0);
  ChildSet *cs = load_one(db, "NEW1");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), linked);
  assert_contains(zWhy, "Linked Lee");
  assert_contains(zWhy, "locality");
  childset_free(cs);

  /* A child from elsewhere goes by spare capacity alone. */
  new_child(db, "NEW2", "Bo", new_locality(db, "East"), 0);
  cs = load_one(db, "NEW2");
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), free_);
  assert_contains(zWhy, "Unlinked Una");
  childset_free(cs);
  test_db_close(db);
}

static void test_suggest_full_linked_iro_loses(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t loc = new_locality(db, "North");
  /* Other duties leave room for 5, and 5 are allocated: no spare. */
  int64_t linked = new_iro(db, "Linked Full", 1.0, 55, 1);
  int64_t free_ = new_iro(db, "Unlinked Room", 1.0, 0, 1);
  link_locality(db, linked, loc);
  give_children(db, linked, 5);
  give_children(db, free_, 59);  /* one place left is still a place */
  new_child(db, "NEW1", "Ava", loc, 0);
  ChildSet *cs = load_one(db, "NEW1");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), free_);
  assert_contains(zWhy, "Unlinked Room");
  childset_free(cs);
  test_db_close(db);
}

static void test_suggest_never_inactive(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t loc = new_locality(db, "North");
  int64_t gone = new_iro(db, "Gone Away", 1.0, 0, 0);
  int64_t busy = new_iro(db, "Busy Bee", 1.0, 0, 1);
  link_locality(db, gone, loc);
  give_children(db, busy, 65);  /* over target, yet the only active IRO */
  int64_t g = new_group(db, "Family");
  /* The sibling's IRO has left the service since: not a suggestion. */
  sibling(db, "SIB1", "Maya", loc, g, gone);
  new_child(db, "SIB2", "Leo", loc, g);
  ChildSet *cs = load_one(db, "SIB2");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), busy);
  assert_contains(zWhy, "Busy Bee");
  assert_null(strstr(zWhy, "Gone Away"));
  childset_free(cs);

  /* With every IRO inactive there is nobody to suggest. */
  assert_int_equal(db_exec(db, "UPDATE iro SET active=0", ""), DB_OK);
  cs = load_one(db, "SIB2");
  zWhy[0] = 0;
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), 0);
  assert_true(zWhy[0] != 0);
  childset_free(cs);
  test_db_close(db);
}

static void test_suggest_no_iros(void **state) {
  (void)state;
  Db *db = test_db_open();
  new_child(db, "NEW1", "Ava", 0, 0);
  ChildSet *cs = load_one(db, "NEW1");
  char zWhy[200] = "";
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-01"), zWhy, sizeof zWhy), 0);
  assert_contains(zWhy, "no active IRO");
  childset_free(cs);
  test_db_close(db);
}

/* ---- Allocation ----------------------------------------------------------- */

static void test_allocate_and_change(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "First Officer", 1.0, 0, 1);
  int64_t y = new_iro(db, "Second Officer", 1.0, 0, 1);
  int64_t c = new_child(db, "A1", "Ava", 0, 0);

  Errors e = {0};
  assert_int_equal(iro_allocate(db, c, x, D("2024-03-04"), NULL, "cli:qa", &e), 0);
  assert_int_equal(e.n, 0);
  assert_int_equal(audit_count(db, "allocation.add"), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM allocation WHERE child_id=?", "I", c), 1);

  /* No reason: refused, nothing written. */
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, y, D("2024-05-01"), "", "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "reason"));
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, y, D("2024-05-01"), NULL, "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "reason"));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM allocation WHERE child_id=?", "I", c), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 1);

  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, y, D("2024-05-01"), "IRO left the team", "cli:qa", &e), 0);
  assert_int_equal(e.n, 0);
  assert_int_equal(audit_count(db, "allocation.change"), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 2);

  ChildSet *cs = load_one(db, "A1");
  const Child *ch = &cs->a[0];
  assert_int_equal(ch->nAl, 2);
  assert_int_equal(ch->al[0].iroId, x);
  assert_date_equal(ch->al[0].start, D("2024-03-04"));
  assert_date_equal(ch->al[0].end, D("2024-05-01"));
  assert_int_equal(ch->al[1].iroId, y);
  assert_date_equal(ch->al[1].start, D("2024-05-01"));
  assert_true(ch->al[1].end == DATE_NONE);
  /* No gap and no overlap: the handover day is the new IRO's. */
  assert_int_equal(child_allocation_on(ch, D("2024-04-30"))->iroId, x);
  assert_int_equal(child_allocation_on(ch, D("2024-05-01"))->iroId, y);
  childset_free(cs);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM allocation WHERE child_id=? AND iro_id=?"
                                  " AND reason='IRO left the team'", "II", c, y), 1);
  test_db_close(db);
}

static void test_allocate_refusals(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Current Officer", 1.0, 0, 1);
  int64_t off = new_iro(db, "Retired Officer", 1.0, 0, 0);
  int64_t c = new_child(db, "A1", "Ava", 0, 0);
  int64_t d = new_child(db, "B1", "Ben", 0, 0);
  Errors e = {0};

  /* An inactive IRO, even for a first allocation. */
  assert_int_equal(iro_allocate(db, d, off, D("2024-03-04"), NULL, "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "iro"));
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, d, 9999, D("2024-03-04"), NULL, "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "iro"));

  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, x, D("2024-03-04"), NULL, "cli:qa", &e), 0);
  /* The same IRO again is not a change. */
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, x, D("2024-04-01"), "Again", "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "iro"));
  /* A change to an inactive IRO. */
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, off, D("2024-04-01"), "Cover", "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "iro"));
  /* A change dated before the current IRO started would leave a hole. */
  int64_t y = new_iro(db, "Next Officer", 1.0, 0, 1);
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_allocate(db, c, y, D("2024-03-01"), "Backdated", "cli:qa", &e), -1);
  assert_non_null(errors_for(&e, "start_date"));

  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM allocation", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM allocation WHERE end_date IS NULL", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 1);
  test_db_close(db);
}

/* ---- Sibling splits ------------------------------------------------------- */

/* A read that fails part way (the IROs' localities, then the
** allocations, gone) is a failure with nothing, never IROs who seem to
** serve no locality or have no children. */
static void test_read_failure_is_not_a_short_list(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Officer X", 1.0, 0, 1);
  link_locality(db, x, new_locality(db, "North"));
  give_children(db, x, 2);
  IroList *l = iros_load(db, D("2026-03-01"));
  assert_int_equal(l->n, 1);
  assert_false(l->readError);
  iros_free(l);
  assert_int_equal(db_exec_script(db, "ALTER TABLE iro_locality RENAME TO iro_locality_gone;"), DB_OK);
  l = iros_load(db, D("2026-03-01"));
  assert_true(l->readError);
  assert_int_equal(l->n, 0);
  assert_null(iros_find(l, x));
  iros_free(l);
  Iro one;
  assert_int_equal(iro_load_one(db, x, D("2026-03-01"), &one), 0);
  assert_null(one.zName);
  Buf b = {0};
  assert_int_equal(iros_csv(db, &b), DB_ERROR);
  buf_free(&b);
  db_clear_failure(db);
  assert_int_equal(db_exec_script(db, "ALTER TABLE allocation RENAME TO allocation_gone;"), DB_OK);
  SplitGroup *aSplit;
  assert_int_equal(siblings_split(db, D("2026-03-01"), &aSplit), -1);
  assert_null(aSplit);
  IroChild *aCh;
  assert_int_equal(iro_open_allocations(db, x, &aCh), -1);
  assert_null(aCh);
  db_clear_failure(db);
  test_db_close(db);
}

static void test_siblings_split(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Officer X", 1.0, 0, 1);
  int64_t y = new_iro(db, "Officer Y", 1.0, 0, 1);
  int64_t split = new_group(db, "Split");
  int64_t together = new_group(db, "Together");
  int64_t healed = new_group(db, "Healed");
  sibling(db, "S1", "One", 0, split, x);
  sibling(db, "S2", "Two", 0, split, x);
  sibling(db, "S3", "Three", 0, split, y);
  sibling(db, "T1", "Uno", 0, together, y);
  sibling(db, "T2", "Dos", 0, together, y);
  sibling(db, "T3", "Tres", 0, together, y);
  /* Split in the past, together since 1 March: only the history differs. */
  int64_t h1 = new_child(db, "H1", "Ein", 0, healed);
  in_care(db, h1, "2024-01-01", NULL);
  allocate_raw(db, h1, x, "2024-01-01", "2024-03-01");
  allocate_raw(db, h1, y, "2024-03-01", NULL);
  sibling(db, "H2", "Zwei", 0, healed, y);

  SplitGroup *a = NULL;
  int n = siblings_split(db, D("2024-06-01"), &a);
  assert_int_equal(n, 1);
  assert_non_null(a);
  assert_int_equal(a[0].groupId, split);
  assert_int_equal(a[0].nChildren, 3);
  assert_int_equal(a[0].nIros, 2);
  free(a);

  /* As of February the healed group was still split. */
  a = NULL;
  n = siblings_split(db, D("2024-02-01"), &a);
  assert_int_equal(n, 2);
  assert_int_equal(a[0].groupId, split);
  assert_int_equal(a[1].groupId, healed);
  assert_int_equal(a[1].nChildren, 2);
  assert_int_equal(a[1].nIros, 2);
  free(a);
  test_db_close(db);
}

static void test_siblings_split_none(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Officer X", 1.0, 0, 1);
  int64_t g = new_group(db, "Together");
  sibling(db, "T1", "Uno", 0, g, x);
  sibling(db, "T2", "Dos", 0, g, x);
  sibling(db, "T3", "Tres", 0, g, x);
  SplitGroup *a = NULL;
  assert_int_equal(siblings_split(db, D("2024-06-01"), &a), 0);
  free(a);
  test_db_close(db);
}

/* Nothing ends an allocation when a child leaves care (no episode hook
** does), so an open allocation alone does not mean "in care". The header
** promises groups whose children *in care* have different IROs. */
static void test_siblings_split_ignores_left_care(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t x = new_iro(db, "Officer X", 1.0, 0, 1);
  int64_t y = new_iro(db, "Officer Y", 1.0, 0, 1);
  int64_t g = new_group(db, "Family");
  sibling(db, "A1", "Still", 0, g, x);
  sibling(db, "A2", "Also", 0, g, x);
  int64_t left = new_child(db, "A3", "Left", 0, g);
  in_care(db, left, "2023-01-01", "2024-02-01");
  allocate_raw(db, left, y, "2023-01-01", NULL);
  SplitGroup *a = NULL;
  /* Before A3 left, the group really was split. */
  assert_int_equal(siblings_split(db, D("2024-01-15"), &a), 1);
  assert_int_equal(a[0].nChildren, 3);
  free(a);
  a = NULL;
  int n = siblings_split(db, D("2024-06-01"), &a);
  if (n != 0) {
    print_error("siblings_split counts a child who left care on 2024-02-01: %d group(s),"
                " nChildren %d, nIros %d\n", n, a[0].nChildren, a[0].nIros);
  }
  free(a);
  /* Close first: a failed assertion jumps out and would leak the handle. */
  test_db_close(db);
  assert_int_equal(n, 0);
}

/* ---- Cover and who may change a child's record (SPEC §11) ------------------ */

/* Ava is Ann's child from 2024; Ben and Cat are two other IROs. */
typedef struct CoverFix { Db *db; int64_t ann, ben, cat, ava; } CoverFix;

static CoverFix cover_fixture(void) {
  CoverFix f;
  f.db = test_db_open();
  f.ann = new_iro(f.db, "Ann Absent", 1.0, 0, 1);
  f.ben = new_iro(f.db, "Ben Cover", 1.0, 0, 1);
  f.cat = new_iro(f.db, "Cat Other", 1.0, 0, 1);
  f.ava = new_child(f.db, "C1", "Ava", 0, 0);
  in_care(f.db, f.ava, "2024-01-01", NULL);
  allocate_raw(f.db, f.ava, f.ann, "2024-01-01", NULL);
  return f;
}

/* Ben covers Ann from 1 to 12 December 2026 (recorded on 20 November). */
static int64_t ben_covers_ann(CoverFix *f) {
  Errors e = {0};
  int64_t id = cover_add(f->db, f->ben, f->ann, D("2026-12-01"), D("2026-12-12"), "Annual leave",
                         D("2026-11-20"), "cli:qa", &e);
  assert_int_equal(e.n, 0);
  assert_true(id > 0);
  return id;
}

static void test_may_change_own_child(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  assert_int_equal(iro_may_change_child(f.db, f.ann, f.ava, D("2026-11-20")), 1);
  /* Not before the allocation began, and not with no IRO at all. */
  assert_int_equal(iro_may_change_child(f.db, f.ann, f.ava, D("2023-12-31")), 0);
  assert_int_equal(iro_may_change_child(f.db, 0, f.ava, D("2026-11-20")), 0);
  db_close(f.db);
}

static void test_may_not_change_others_child(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-11-20")), 0);
  assert_int_equal(iro_may_change_child(f.db, f.cat, f.ava, D("2026-11-20")), 0);
  /* A change of IRO moves the right with the child on the day it happens. */
  Errors e = {0};
  assert_int_equal(iro_allocate(f.db, f.ava, f.cat, D("2026-11-21"), "Ann left", "cli:qa", &e), 0);
  assert_int_equal(iro_may_change_child(f.db, f.ann, f.ava, D("2026-11-20")), 1);
  assert_int_equal(iro_may_change_child(f.db, f.ann, f.ava, D("2026-11-21")), 0);
  assert_int_equal(iro_may_change_child(f.db, f.cat, f.ava, D("2026-11-21")), 1);
  db_close(f.db);
}

static void test_may_change_covered_child_first_and_last_day(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  ben_covers_ann(&f);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-11-30")), 0);  /* the day before */
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-01")), 1);  /* first day */
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-12")), 1);  /* last day */
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-13")), 0);  /* the day after */
  /* Ann keeps her own children while covered. */
  assert_int_equal(iro_may_change_child(f.db, f.ann, f.ava, D("2026-12-05")), 1);
  assert_int_equal(audit_count(f.db, "cover.add"), 1);
  db_close(f.db);
}

static void test_cover_of_another_iro_gives_nothing(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  /* Ben covers Cat, not Ann; and Cat's cover by Ann does not pass to Ben. */
  Errors e = {0};
  assert_true(cover_add(f.db, f.ben, f.cat, D("2026-12-01"), D("2026-12-12"), NULL, D("2026-11-20"), "cli:qa", &e) > 0);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-05")), 0);
  assert_true(cover_add(f.db, f.cat, f.ann, D("2026-12-01"), D("2026-12-12"), NULL, D("2026-11-20"), "cli:qa", &e) > 0);
  assert_int_equal(iro_may_change_child(f.db, f.cat, f.ava, D("2026-12-05")), 1);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-05")), 0);
  assert_int_equal(e.n, 0);
  db_close(f.db);
}

/* A reason and IROs' names longer than 300 characters are read back
** whole, in the list, one cover, and the audit log's after. */
static void test_cover_long_reason_and_names_whole(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  Buf reason = {0}, name = {0};
  buf_puts(&reason, "Annual leave");
  while (reason.n < 300) buf_puts(&reason, ", then a training course on the new review standards");
  buf_puts(&reason, " REASONEND");
  buf_puts(&name, "Dee");
  while (name.n < 300) buf_puts(&name, " Montgomery-Fotheringham");
  buf_puts(&name, " NAMEEND");
  int64_t dee = new_iro(f.db, name.z, 1.0, 0, 1);
  Errors e = {0};
  int64_t id = cover_add(f.db, dee, f.ann, D("2026-12-01"), D("2026-12-12"), reason.z, D("2026-11-20"), "cli:qa", &e);
  assert_int_equal(e.n, 0);
  Cover c;
  assert_int_equal(cover_get(f.db, id, &c), 1);
  assert_string_equal(c.zReason, reason.z);
  assert_string_equal(c.zCovering, name.z);
  assert_string_equal(c.zAbsent, "Ann Absent");
  cover_clear(&c);
  Cover *a;
  int n = cover_list(f.db, dee, COVER_BY_COVERING, D("2026-11-20"), &a);
  assert_int_equal(n, 1);
  assert_string_equal(a[0].zReason, reason.z);
  assert_string_equal(a[0].zCovering, name.z);
  cover_list_free(a, n);
  assert_int_equal(db_int(f.db, 0, "SELECT count(*) FROM audit_log WHERE action = 'cover.add' AND after_value LIKE"
                                   " '%' || ? || '%'", "s", reason.z), 1);
  buf_free(&reason);
  buf_free(&name);
  db_close(f.db);
}

static void test_cover_end_and_withdraw(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  int64_t id = ben_covers_ann(&f);
  Errors e = {0};
  /* Ann is back on the 8th: Ben's cover ends on the 7th. */
  assert_int_equal(cover_end(f.db, id, D("2026-12-07"), "cli:qa", &e), 0);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-07")), 1);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-08")), 0);
  assert_int_equal(audit_count(f.db, "cover.end"), 1);
  assert_int_equal(db_int(f.db, 0, "SELECT count(*) FROM audit_log WHERE action = 'cover.end'"
                                   " AND before_value LIKE '%2026-12-12%' AND after_value LIKE '%2026-12-07%'", ""), 1);
  /* A last day before the first withdraws it, keeping its dates. */
  assert_int_equal(cover_end(f.db, id, D("2026-11-30"), "cli:qa", &e), 0);
  assert_int_equal(iro_may_change_child(f.db, f.ben, f.ava, D("2026-12-01")), 0);
  Cover c;
  assert_int_equal(cover_get(f.db, id, &c), 1);
  assert_true(c.withdrawn);
  assert_int_equal(c.to, D("2026-12-07"));
  cover_clear(&c);
  assert_int_equal(audit_count(f.db, "cover.withdraw"), 1);
  /* Listed as current or to come no more. */
  Cover *a;
  assert_int_equal(cover_list(f.db, f.ann, COVER_FOR_ABSENT, D("2026-11-20"), &a), 0);
  cover_list_free(a, 0);
  /* A failed read is -1 with none, never "no cover"; localities alike. */
  assert_int_equal(db_exec_script(f.db, "ALTER TABLE iro RENAME TO iro_gone;"
                                        " ALTER TABLE locality RENAME TO locality_gone;"), DB_OK);
  assert_int_equal(cover_list(f.db, 0, COVER_FOR_ABSENT, DATE_NONE, &a), -1);
  assert_null(a);
  Locality *aLoc;
  assert_int_equal(localities_list(f.db, &aLoc), -1);
  assert_null(aLoc);
  db_clear_failure(f.db);
  db_close(f.db);
}

static void test_cover_add_refusals(void **state) {
  (void)state;
  CoverFix f = cover_fixture();
  Errors e = {0};
  assert_int_equal(cover_add(f.db, f.ann, f.ann, D("2026-12-01"), D("2026-12-12"), NULL, D("2026-11-20"), "cli:qa", &e), 0);
  assert_non_null(errors_for(&e, "covering_iro"));
  memset(&e, 0, sizeof e);
  assert_int_equal(cover_add(f.db, f.ben, f.ann, D("2026-12-12"), D("2026-12-01"), NULL, D("2026-11-20"), "cli:qa", &e), 0);
  assert_non_null(errors_for(&e, "to"));
  memset(&e, 0, sizeof e);
  assert_int_equal(cover_add(f.db, f.ben, f.ann, D("2026-11-01"), D("2026-11-19"), NULL, D("2026-11-20"), "cli:qa", &e), 0);
  assert_non_null(errors_for(&e, "to"));
  memset(&e, 0, sizeof e);
  assert_int_equal(cover_add(f.db, 0, f.ann, DATE_NONE, DATE_NONE, NULL, D("2026-11-20"), "cli:qa", &e), 0);
  assert_non_null(errors_for(&e, "covering_iro"));
  assert_non_null(errors_for(&e, "from"));
  assert_non_null(errors_for(&e, "to"));
  assert_int_equal(db_int(f.db, -1, "SELECT count(*) FROM iro_cover", ""), 0);
  assert_int_equal(audit_count(f.db, "cover.add"), 0);
  /* The database refuses what the checks missed. */
  assert_int_not_equal(db_exec(f.db, "INSERT INTO iro_cover(covering_iro_id, absent_iro_id, from_date, to_date,"
                                     " created_by, created_at) VALUES(?, ?, '2026-12-01', '2026-12-12', 'x', 'now')",
                               "II", f.ann, f.ann), DB_OK);
  assert_int_not_equal(db_exec(f.db, "INSERT INTO iro_cover(covering_iro_id, absent_iro_id, from_date, to_date,"
                                     " created_by, created_at) VALUES(?, ?, '2026-12-12', '2026-12-01', 'x', 'now')",
                               "II", f.ben, f.ann), DB_OK);
  db_close(f.db);
}

/* ---- IRO records: adding, changing, leaving, importing (issue 15) -------- */

/* Save an IRO through the module's API; 0 and the errors when refused. */
static int64_t save(Db *db, int64_t id, const char *zName, const char *zFte, const char *zDuties, Errors *e) {
  IroInput in = {.zName = zName, .zFte = zFte, .zOtherDuties = zDuties, .start = DATE_NONE, .left = DATE_NONE};
  return iro_save(db, id, &in, "test", e, NULL);
}

static void test_capacity_from_fte(void **state) {
  (void)state;
  Db *db = test_db_open();
  Errors e = {0};
  int64_t full = save(db, 0, "Full Time", "1", "", &e);
  int64_t part = save(db, 0, "Sam Patel", "0.8", NULL, &e);
  int64_t busy = save(db, 0, "Reg Fortyfour", "0.8", "5", &e);
  assert_int_equal(e.n, 0);
  assert_int_equal(capacity_of(db, full), 60);
  assert_int_equal(capacity_of(db, part), 48);
  /* Other duties come off the capacity, child for child. */
  assert_int_equal(capacity_of(db, busy), 43);
  assert_non_null(save(db, busy, "Reg Fortyfour", "0.8", "0", &e) ? "" : NULL);
  assert_int_equal(capacity_of(db, busy), 48);
  test_db_close(db);
}

static void test_left_date_makes_inactive(void **state) {
  (void)state;
  Db *db = test_db_open();
  Errors e = {0};
  int64_t x = save(db, 0, "Leaving Soon", "1", "", &e);
  IroInput in = {.zName = "Leaving Soon", .zFte = "1", .start = D("2024-01-01"), .left = D("2024-06-10")};
  assert_int_equal(iro_save(db, x, &in, "test", &e, NULL), x);
  assert_int_equal(e.n, 0);
  /* The day before they leave they are active; from the day, not. */
  IroList *l = iros_load(db, D("2024-06-09"));
  assert_true(iros_find(l, x)->active);
  iros_free(l);
  l = iros_load(db, D("2024-06-10"));
  assert_false(iros_find(l, x)->active);
  char z[64];
  assert_string_equal(iro_status_words(iros_find(l, x), D("2024-06-10"), z, sizeof z), "Left on 10 June 2024");
  assert_string_equal(iro_status_words(iros_find(l, x), D("2024-06-01"), z, sizeof z), "Leaves on 10 June 2024");
  iros_free(l);
  /* Not allocatable from that day, allocatable the day before. */
  int64_t c1 = new_child(db, "LD1", "Before", 0, 0);
  int64_t c2 = new_child(db, "LD2", "After", 0, 0);
  in_care(db, c1, "2024-01-01", NULL);
  in_care(db, c2, "2024-01-01", NULL);
  Errors a = {0};
  assert_int_equal(iro_allocate(db, c1, x, D("2024-06-09"), NULL, "test", &a), 0);
  assert_int_equal(iro_allocate(db, c2, x, D("2024-06-10"), NULL, "test", &a), -1);
  assert_non_null(errors_for(&a, "iro"));
  /* Not suggested once left, even with all the room in the world. */
  ChildSet *cs = load_one(db, "LD2");
  char zWhy[300];
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-09"), zWhy, sizeof zWhy), x);
  assert_int_equal(iro_suggest(db, &cs->a[0], D("2024-06-10"), zWhy, sizeof zWhy), 0);
  childset_free(cs);
  /* The child they still have is listed to reallocate, not moved. */
  IroChild *ac;
  int n = iro_open_allocations(db, x, &ac);
  assert_int_equal(n, 1);
  assert_string_equal(ac[0].zRef, "LD1");
  iro_children_free(ac, n);
  test_db_close(db);
}

static void test_iro_save_refusals(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t before = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  static const struct { const char *zFte, *zDuties, *zField; } aBad[] = {
    {"2", "", "fte"}, {"0", "", "fte"}, {"-0.5", "", "fte"}, {"", "", "fte"}, {"lots", "", "fte"},
    {"1.5000001", "", "fte"}, {"1", "x", "other_duties"}, {"1", "-1", "other_duties"}, {"0.5", "31", "other_duties"},
  };
  for (int i = 0; i < COUNT(aBad); i++) {
    Errors e = {0};
    assert_int_equal(save(db, 0, "Sam Patel", aBad[i].zFte, aBad[i].zDuties, &e), 0);
    if (!errors_for(&e, aBad[i].zField)) {
      print_error("fte '%s' other duties '%s': no error on %s\n", aBad[i].zFte, aBad[i].zDuties, aBad[i].zField);
      fail();
    }
  }
  Errors e = {0};
  assert_int_equal(save(db, 0, "  ", "1", "", &e), 0);
  assert_non_null(errors_for(&e, "name"));
  /* 1.5 itself and whole capacity as other duties are allowed. */
  memset(&e, 0, sizeof e);
  int64_t x = save(db, 0, "Sam Patel", "1.5", "90", &e);
  assert_true(x > 0);
  /* The same name in other capitals is the same person. */
  memset(&e, 0, sizeof e);
  assert_int_equal(save(db, 0, "sam patel", "1", "", &e), 0);
  assert_string_equal(errors_for(&e, "name"), "There is already an IRO called sam patel");
  IroInput in = {.zName = "Other", .zFte = "1", .zEmail = "not an email", .start = D("2024-05-01"),
                 .left = D("2024-04-30")};
  memset(&e, 0, sizeof e);
  assert_int_equal(iro_save(db, 0, &in, "test", &e, NULL), 0);
  assert_non_null(errors_for(&e, "email"));
  assert_non_null(errors_for(&e, "left_date"));
  /* Form errors of the caller stop the save as well. */
  memset(&e, 0, sizeof e);
  errors_add(&e, "start_date", "The start date must be a real date");
  assert_int_equal(save(db, 0, "Valid Otherwise", "1", "", &e), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM iro", ""), 1);
  /* Only the one good IRO was written and audited. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), before + 1);
  test_db_close(db);
}

static void test_iro_edit_audited_field_by_field(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t north = new_locality(db, "North");
  Errors e = {0};
  int64_t x = save(db, 0, "Sam Patel", "1", "", &e);
  int changed = -1;
  IroInput in = {.zName = "Sam Patel", .zFte = "0.8", .zEmail = "sam@example.org", .aLocality = &north,
                 .nLocality = 1, .start = DATE_NONE, .left = DATE_NONE};
  assert_int_equal(iro_save(db, x, &in, "qa", &e, &changed), x);
  assert_int_equal(changed, 1);
  Stmt *s = db_query(db, "SELECT before_value, after_value, actor FROM audit_log WHERE action = 'iro.change'", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "email: (none); fte: 1; localities: (none)");
  assert_string_equal(db_col_text(s, 1), "email: (none) -> sam@example.org; fte: 1 -> 0.8; localities: (none) -> North");
  assert_string_equal(db_col_text(s, 2), "qa");
  db_finalize(s);
  /* Saving what is already held writes nothing. */
  assert_int_equal(iro_save(db, x, &in, "qa", &e, &changed), x);
  assert_int_equal(changed, 0);
  assert_int_equal(audit_count(db, "iro.change"), 1);
  test_db_close(db);
}

static void test_localities(void **state) {
  (void)state;
  Db *db = test_db_open();
  Errors e = {0};
  int64_t n = locality_add(db, " North ", "test", &e, "name");
  assert_true(n > 0);
  assert_int_equal(locality_add(db, "NORTH", "test", &e, "name"), 0);
  assert_string_equal(errors_for(&e, "name"), "There is already a locality called North");
  memset(&e, 0, sizeof e);
  assert_int_equal(locality_add(db, "", "test", &e, "name"), 0);
  int64_t s = locality_add(db, "South", "test", &(Errors){0}, "name");
  memset(&e, 0, sizeof e);
  assert_int_equal(locality_rename(db, s, "north", "test", &e, "rename"), -1);
  assert_non_null(errors_for(&e, "rename"));
  memset(&e, 0, sizeof e);
  assert_int_equal(locality_rename(db, n, "North East", "test", &e, "rename"), 0);
  assert_int_equal(locality_lookup(db, "north east"), n);
  assert_int_equal(audit_count(db, "locality.rename"), 1);
  test_db_close(db);
}

static const char zGoodCsv[] =
  "name,email,fte,other_duties,localities,start_date\r\n"
  "Sam Patel,sam@example.org,0.8,0,North;South,2026-01-05\r\n"
  "\"O'Brien, Siân\",,1,5,North,\r\n";

static void test_import_all_or_nothing(void **state) {
  (void)state;
  Db *db = test_db_open();
  new_locality(db, "North");
  new_locality(db, "South");
  Buf r = {0};
  const char zBad[] = "name,email,fte,other_duties,localities,start_date\n"
                      "Sam Patel,sam@example.org,0.8,0,North;South,2026-01-05\n"
                      "Kim Lee,,1,,North,\n"
                      "Jo Bloggs,,2,,North,\n";
  assert_int_equal(import_iros_text(db, zBad, strlen(zBad), "dir/iros.csv", "test", &r), -1);
  assert_contains(r.z, "iros.csv line 4: fte '2' must be more than 0 and at most 1.5\n");
  assert_contains(r.z, "Nothing was imported");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM iro", ""), 0);
  /* Every reason of every bad row is listed, not just the first. */
  const char zWorse[] = "name,fte,localities,start_date\nA,1,Nowhere,2026-02-30\nB,,North,\n";
  buf_reset(&r);
  assert_int_equal(import_iros_text(db, zWorse, strlen(zWorse), "iros.csv", "test", &r), -1);
  assert_contains(r.z, "iros.csv line 2: start_date '2026-02-30' must be a date as YYYY-MM-DD; localities 'Nowhere'"
                       " is not a locality");
  assert_contains(r.z, "iros.csv line 3: fte is empty");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM iro", ""), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action LIKE 'iro%'", ""), 0);
  buf_free(&r);
  test_db_close(db);
}

static void test_import_again_changes_nothing(void **state) {
  (void)state;
  Db *db = test_db_open();
  new_locality(db, "North");
  new_locality(db, "South");
  Buf r = {0};
  assert_int_equal(import_iros_text(db, zGoodCsv, strlen(zGoodCsv), "iros.csv", "test", &r), 0);
  assert_contains(r.z, "2 IROs added, 0 changed, 0 unchanged");
  int64_t audits = db_int(db, -1, "SELECT count(*) FROM audit_log", "");
  buf_reset(&r);
  assert_int_equal(import_iros_text(db, zGoodCsv, strlen(zGoodCsv), "iros.csv", "test", &r), 0);
  assert_contains(r.z, "0 IROs added, 0 changed, 2 unchanged");
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM iro", ""), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), audits);
  /* What export writes, import reads back to the same rows. */
  Buf out = {0};
  iros_csv(db, &out);
  assert_contains(out.z, "\"O'Brien, Siân\",,1,5,North,,\r\n");
  assert_contains(out.z, "Sam Patel,sam@example.org,0.8,0,North;South,2026-01-05,\r\n");
  buf_reset(&r);
  assert_int_equal(import_iros_text(db, out.z, out.n, "export.csv", "test", &r), 0);
  assert_contains(r.z, "2 unchanged");
  /* A row naming a held IRO (any capitals) changes them. */
  const char zChange[] = "name,fte\nSAM PATEL,1\n";
  buf_reset(&r);
  assert_int_equal(import_iros_text(db, zChange, strlen(zChange), "iros.csv", "test", &r), 0);
  assert_contains(r.z, "0 IROs added, 1 changed");
  int64_t sam = iro_lookup(db, "SAM PATEL");
  assert_true(sam > 0);
  assert_int_equal(capacity_of(db, sam), 60);
  /* Columns left out keep what is held. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM iro_locality WHERE iro_id = ?", "I", sam), 2);
  buf_free(&out);
  buf_free(&r);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_caseload_full_time),
    cmocka_unit_test(test_read_failure_is_not_a_short_list),
    cmocka_unit_test(test_caseload_part_time),
    cmocka_unit_test(test_caseload_other_duties),
    cmocka_unit_test(test_caseload_counts_as_of),
    cmocka_unit_test(test_suggest_sibling_iro),
    cmocka_unit_test(test_suggest_ignores_former_sibling_iro),
    cmocka_unit_test(test_suggest_prefers_linked_iro),
    cmocka_unit_test(test_suggest_full_linked_iro_loses),
    cmocka_unit_test(test_suggest_never_inactive),
    cmocka_unit_test(test_suggest_no_iros),
    cmocka_unit_test(test_allocate_and_change),
    cmocka_unit_test(test_allocate_refusals),
    cmocka_unit_test(test_siblings_split),
    cmocka_unit_test(test_siblings_split_none),
    cmocka_unit_test(test_siblings_split_ignores_left_care),
    cmocka_unit_test(test_may_change_own_child),
    cmocka_unit_test(test_may_not_change_others_child),
    cmocka_unit_test(test_may_change_covered_child_first_and_last_day),
    cmocka_unit_test(test_cover_of_another_iro_gives_nothing),
    cmocka_unit_test(test_cover_end_and_withdraw),
    cmocka_unit_test(test_cover_long_reason_and_names_whole),
    cmocka_unit_test(test_cover_add_refusals),
    cmocka_unit_test(test_capacity_from_fte),
    cmocka_unit_test(test_left_date_makes_inactive),
    cmocka_unit_test(test_iro_save_refusals),
    cmocka_unit_test(test_iro_edit_audited_field_by_field),
    cmocka_unit_test(test_localities),
    cmocka_unit_test(test_import_all_or_nothing),
    cmocka_unit_test(test_import_again_changes_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
