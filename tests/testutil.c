/*
** testutil.c: shared helpers for the cmocka unit tests.
*/
#include "testutil.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Date D(const char *zIso) {
  Date d;
  if (date_parse(zIso, &d) != 0) {
    print_error("bad date literal in test: %s\n", zIso);
    fail();
  }
  return d;
}

void test_temp_path(char *z, size_t n) {
  snprintf(z, n, "/tmp/oversight-test-XXXXXX");
  int fd = mkstemp(z);
  assert_true(fd >= 0);
  close(fd);
  /* An empty file: what SQLite sees for a database never written. */
}

void test_remove_db(const char *zDb) {
  char z[96];
  unlink(zDb);
  snprintf(z, sizeof z, "%s-wal", zDb);
  unlink(z);
  snprintf(z, sizeof z, "%s-shm", zDb);
  unlink(z);
}

Db *test_db_open_at(const char *zDb) {
  char *zErr = NULL;
  Db *db = db_open(zDb, &zErr);
  if (!db) {
    print_error("db_open(%s): %s\n", zDb, zErr ? zErr : "(no message)");
    fail();
  }
  return db;
}

static char zPath[64];

Db *test_db_open(void) {
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  assert_int_equal(rules_load(db), 0);
  return db;
}

void test_db_close(Db *db) {
  db_close(db);
  test_remove_db(zPath);
}

void assert_date_equal_at(Date got, Date want, const char *zFile, int line) {
  if (got != want) {
    char a[11], b[11];
    print_error("%s:%d: got %s, want %s\n", zFile, line, date_iso(got, a), date_iso(want, b));
    _fail(zFile, line);
  }
}

void tc_init(TChild *t, const char *zDob) {
  memset(t, 0, sizeof *t);
  t->c.id = 1;
  t->c.zRef = "T1";
  t->c.zGiven = "Test";
  t->c.zFamily = "Child";
  t->c.dob = D(zDob);
  t->c.sex = 'F';
  t->c.notified = DATE_NONE;
  t->c.ep = t->ep;
  t->c.rv = t->rv;
  t->c.al = t->al;
  t->c.ct = t->ct;
  t->c.rc = t->rc;
}

Episode *tc_episode(TChild *t, const char *zStart, const char *zEnd, Registration reg) {
  assert_true(t->c.nEp < 8);
  Episode *e = &t->ep[t->c.nEp++];
  memset(e, 0, sizeof *e);
  e->id = t->c.nEp;
  e->start = D(zStart);
  e->end = zEnd ? D(zEnd) : DATE_NONE;
  strcpy(e->rne, t->c.nEp == 1 ? "S" : "P");
  strcpy(e->legalStatus, "C2");
  strcpy(e->cin, "N1");
  strcpy(e->placement, "U4");
  e->registration = (unsigned char)reg;
  return e;
}

Review *tc_review(TChild *t, const char *zHeld) {
  assert_true(t->c.nRv < 16);
  Review *r = &t->rv[t->c.nRv++];
  memset(r, 0, sizeof *r);
  r->id = t->c.nRv;
  r->childId = t->c.id;
  r->held = D(zHeld);
  r->due = r->planned = r->recommendations = r->minutes = DATE_NONE;
  strcpy(r->participation, "PN1");
  r->mode = 'p';
  signed char *ap[] = {&r->childChaired, &r->advocate, &r->sawChild, &r->permanence,
                       &r->independence, &r->pathway, &r->adviser, &r->niNumber, &r->passport,
                       &r->bankAccount, &r->birthCertificate, &r->advocacy, &r->independentVisitor};
  for (size_t i = 0; i < sizeof ap / sizeof ap[0]; i++) *ap[i] = -1;
  return r;
}

Allocation *tc_allocation(TChild *t, int64_t iroId, const char *zStart, const char *zEnd) {
  assert_true(t->c.nAl < 4);
  Allocation *a = &t->al[t->c.nAl++];
  a->id = t->c.nAl;
  a->iroId = iroId;
  a->start = D(zStart);
  a->end = zEnd ? D(zEnd) : DATE_NONE;
  return a;
}

Contact *tc_contact(TChild *t, const char *zOn) {
  assert_true(t->c.nCt < 8);
  Contact *c = &t->ct[t->c.nCt++];
  memset(c, 0, sizeof *c);
  c->id = t->c.nCt;
  c->on = D(zOn);
  strcpy(c->kind, "visit");
  strcpy(c->with, "child");
  return c;
}

Recommendation *tc_recommendation(TChild *t, const Review *rv, const char *zDue) {
  assert_true(t->c.nRc < 8);
  Recommendation *r = &t->rc[t->c.nRc++];
  memset(r, 0, sizeof *r);
  r->id = t->c.nRc;
  r->reviewId = rv->id;
  r->held = rv->held;
  r->due = D(zDue);
  r->closed = DATE_NONE;
  r->status = REC_OPEN;
  return r;
}

int t903_split(const char *z, char az[][32], int nMax) {
  int n = 0;
  for (;;) {
    const char *e = strchr(z, ',');
    size_t len = e ? (size_t)(e - z) : strlen(z);
    if (n < nMax) {
      assert_true(len < 32);
      memcpy(az[n], z, len);
      az[n][len] = 0;
    }
    n++;
    if (!e) break;
    z = e + 1;
  }
  for (int i = n; i < nMax; i++) az[i][0] = 0;
  return n;
}

void t903_add_header(Return903 *r, const char *const *azHead) {
  Buf b = {0}, err = {0};
  char f[2][32];
  buf_puts(&b, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
  for (int i = 0; azHead[i]; i++) {
    t903_split(azHead[i], f, 2);
    buf_printf(&b, "%s,M,%s,WBRI,UN1,,\n", f[0], f[1]);
  }
  if (r903_add_text(r, "header.csv", b.z, b.n, &err) != 0) fail_msg("%s", err.z ? err.z : "header refused");
  buf_free(&b);
  buf_free(&err);
}

static void t903_load(Return903 *r, const char *const *azCsv) {
  Buf err = {0};
  for (int i = 0; azCsv[i]; i++) {
    char zName[32];
    snprintf(zName, sizeof zName, "f%d.csv", i);
    if (r903_add_text(r, zName, azCsv[i], strlen(azCsv[i]), &err) != 0) fail_msg("%s", err.z ? err.z : "load failed");
  }
  buf_free(&err);
  r903_finish(r);
}

const char *t903_run(int year, const char *zCode, const char *const *azNow, const char *const *azLast) {
  static char zGot[4096];
  Return903 r;
  r903_init(&r, year);
  if (azLast) {
    r.pLast = xmalloc(sizeof(*r.pLast));
    r903_init(r.pLast, year - 1);
    t903_load(r.pLast, azLast);
  }
  t903_load(&r, azNow);
  int ran = r903_check_one(&r, zCode);
  size_t n = 0;
  zGot[0] = 0;
  if (ran < 0) snprintf(zGot, sizeof zGot, "no such rule");
  if (ran == 0) snprintf(zGot, sizeof zGot, "skipped");
  for (int i = 0; ran > 0 && i < r.nErr; i++) {
    n += (size_t)snprintf(zGot + n, sizeof(zGot) - n, "%s%s:%d", n ? " " : "", az903Table[r.aErr[i].table],
                          r.aErr[i].row);
  }
  r903_free(&r);
  return zGot;
}
