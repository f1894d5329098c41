/*
** testutil.h: shared helpers for the cmocka unit tests.
*/
#ifndef OVERSIGHT_TESTUTIL_H
#define OVERSIGHT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "db.h"

/* "2024-03-29" -> Date; fails the test on a malformed literal. */
Date D(const char *zIso);
/* A fresh migrated database in a temporary file, rules loaded. The file
** is removed by test_db_close(). */
Db *test_db_open(void);
void test_db_close(Db *db);
/* For tests that must close and reopen one file, or share it between
** connections: a new empty file's name, the database opened there
** (migrated; the test fails if it cannot be), and the file removed with
** its -wal and -shm. */
void test_temp_path(char *z, size_t n);
Db *test_db_open_at(const char *zPath);
void test_remove_db(const char *zPath);
/* Assert two dates are equal, printing both as ISO on failure. */
#define assert_date_equal(a, b) assert_date_equal_at((a), (b), __FILE__, __LINE__)
void assert_date_equal_at(Date got, Date want, const char *zFile, int line);

/* A child built in memory, for the pure schedule and deadline functions:
** no database needed beyond the loaded rules. */
#include "children.h"
typedef struct TChild {
  Child c;
  Episode ep[8];
  Review rv[16];
  Allocation al[4];
  Contact ct[8];
  Recommendation rc[8];
} TChild;
void tc_init(TChild *t, const char *zDob);
/* Append an episode; zEnd NULL for an open one. */
Episode *tc_episode(TChild *t, const char *zStart, const char *zEnd, Registration reg);
/* Append a review held on zHeld (PN1, in person, nothing else recorded). */
Review *tc_review(TChild *t, const char *zHeld);
Allocation *tc_allocation(TChild *t, int64_t iroId, const char *zStart, const char *zEnd);
Contact *tc_contact(TChild *t, const char *zOn);
/* Append an open recommendation of review rv, due on zDue. */
Recommendation *tc_recommendation(TChild *t, const Review *rv, const char *zDue);

/* SSDA903 rule tests. Split a short comma-separated row into at most nMax
** fields (each under 32 characters; missing trailing fields blank) and
** say how many it had. */
#include "ssda903.h"
int t903_split(const char *z, char az[][32], int nMax);
/* Add a Header file to r with a row per "CHILD,DOB" (a boy, WBRI, UPN UN1). */
void t903_add_header(Return903 *r, const char *const *azHead);
/* Load the CSV texts (NULL-ended) as the return of collection year `year`
** and, when azLast is not NULL, those as last year's (year - 1); run the
** one rule zCode of that year. Its failures as "Table:row ..." in the
** order the validator keeps them, "skipped" when it could not run, or
** "no such rule". A static buffer, valid until the next call. */
const char *t903_run(int year, const char *zCode, const char *const *azNow, const char *const *azLast);

#endif
