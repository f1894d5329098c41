/*
** test_listing.c: long lists sorted, paged and searched (listing.h, issue
** 17): the sort is stable and keeps empty dates last, pages are 50 rows
** with the last page short and a page past the end the last one, the
** pagination shows the first, last and neighbouring pages with ellipses,
** and search ignores case, accents and word order.
*/
#include "testutil.h"
#include "calendar.h"
#include "children.h"
#include "listing.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum { C_NAME, C_DUE, C_N, C_WEB, C_COLS };
static const RColumn aCol[C_COLS] = {
  {"name", "Name", RCOL_TEXT, 10},
  {"due", "Due", RCOL_DATE, 10},
  {"n", "Number", RCOL_INT, 10},
  {NULL, "Action", RCOL_TEXT, 10},
};

static void row(RTable *t, const char *zName, const char *zDue, int n) {
  Date d = DATE_NONE;
  if (zDue) assert_int_equal(date_parse(zDue, &d), 0);
  rtable_row(t);
  rtable_text(t, C_NAME, zName);
  rtable_num(t, C_DUE, d);
  rtable_num(t, C_N, n);
  rtable_html(t, C_WEB, "<a href=\"/x\">Do</a>");
}

static const char *name_at(const RTable *t, int i) { return rtable_cell(t, i, C_NAME)->z; }

/* A column of statuses carries each one's rank (cell_status does so): it
** sorts by urgency, not alphabetically. */
static void sort_by_rank(void **state) {
  (void)state;
  RTable t = {.aCol = aCol, .nCol = C_COLS};
  const char *az[3] = {"Due soon", "Overdue", "Due today"};
  int aRank[3] = {3, 1, 2};
  for (int i = 0; i < 3; i++) {
    rtable_row(&t);
    rtable_text(&t, C_NAME, az[i]);
    rtable_num(&t, C_NAME, aRank[i]);
  }
  rtable_sort(&t, C_NAME, 0);
  assert_string_equal(name_at(&t, 0), "Overdue");
  assert_string_equal(name_at(&t, 1), "Due today");
  assert_string_equal(name_at(&t, 2), "Due soon");
  rtable_clear(&t);
}

static void sort_text_dates_numbers(void **state) {
  (void)state;
  RTable t = {.aCol = aCol, .nCol = C_COLS};
  row(&t, "Órla", "2026-12-07", 3);
  row(&t, "adam", NULL, 1);
  row(&t, "Zoë", "2026-11-30", 3);
  row(&t, "Bea", "2026-12-01", 2);
  /* Text ignores case and accents: adam, Bea, Órla, Zoë. */
  rtable_sort(&t, C_NAME, 0);
  assert_string_equal(name_at(&t, 0), "adam");
  assert_string_equal(name_at(&t, 1), "Bea");
  assert_string_equal(name_at(&t, 2), "Órla");
  assert_string_equal(name_at(&t, 3), "Zoë");
  rtable_sort(&t, C_NAME, 1);
  assert_string_equal(name_at(&t, 0), "Zoë");
  /* Dates by value, a row without one last both ways round. */
  rtable_sort(&t, C_DUE, 0);
  assert_string_equal(name_at(&t, 0), "Zoë");
  assert_string_equal(name_at(&t, 2), "Órla");
  assert_string_equal(name_at(&t, 3), "adam");
  rtable_sort(&t, C_DUE, 1);
  assert_string_equal(name_at(&t, 0), "Órla");
  assert_string_equal(name_at(&t, 3), "adam");
  /* Equal numbers keep the order they had (stable): Órla before Zoë. */
  rtable_sort(&t, C_NAME, 0);
  rtable_sort(&t, C_N, 1);
  assert_string_equal(name_at(&t, 0), "Órla");
  assert_string_equal(name_at(&t, 1), "Zoë");
  assert_string_equal(name_at(&t, 3), "adam");
  /* Each row's cells moved together, markup included. */
  assert_int_equal(rtable_cell(&t, 3, C_N)->v, 1);
  assert_string_equal(rtable_cell(&t, 3, C_WEB)->zHtml, "<a href=\"/x\">Do</a>");
  rtable_clear(&t);
}

static void sort_parse(void **state) {
  (void)state;
  RTable t = {.aCol = aCol, .nCol = C_COLS};
  Listing l;
  listing_sort_parse(&l, &t, "due", "desc");
  assert_int_equal(l.sortCol, C_DUE);
  assert_int_equal(l.desc, 1);
  listing_sort_parse(&l, &t, "name", "sideways");
  assert_int_equal(l.sortCol, C_NAME);
  assert_int_equal(l.desc, 0);
  /* Unknown names, and the web-only column, are the table's own order. */
  listing_sort_parse(&l, &t, "Action", NULL);
  assert_int_equal(l.sortCol, -1);
  listing_sort_parse(&l, &t, NULL, NULL);
  assert_int_equal(l.sortCol, -1);
}

static void pages(void **state) {
  (void)state;
  Listing l;
  /* 109 alerts: pages of 50, 50 and 9. */
  listing_paginate(&l, 109, 50, "2");
  assert_int_equal(l.nPage, 3);
  assert_int_equal(l.page, 2);
  assert_int_equal(l.first, 50);
  assert_int_equal(l.last, 100);
  listing_paginate(&l, 109, 50, "3");
  assert_int_equal(l.first, 100);
  assert_int_equal(l.last, 109);
  /* Past the end is the last page; nonsense is the first. */
  listing_paginate(&l, 109, 50, "99");
  assert_int_equal(l.page, 3);
  listing_paginate(&l, 109, 50, "-1");
  assert_int_equal(l.page, 1);
  listing_paginate(&l, 109, 50, "2x");
  assert_int_equal(l.page, 1);
  /* Exactly 50 is one page; none is one empty page. */
  listing_paginate(&l, 50, 50, NULL);
  assert_int_equal(l.nPage, 1);
  assert_int_equal(l.last, 50);
  listing_paginate(&l, 0, 50, "4");
  assert_int_equal(l.nPage, 1);
  assert_int_equal(l.page, 1);
  assert_int_equal(l.first, 0);
  assert_int_equal(l.last, 0);
}

static void page_items(void **state) {
  (void)state;
  int a[7], n;
  n = listing_page_items(1, 1, a);
  assert_int_equal(n, 1);
  n = listing_page_items(1, 3, a);
  assert_int_equal(n, 3);   /* 1 2 3 */
  assert_int_equal(a[2], 3);
  /* 626 LADO cases, 13 pages: 1 2 … 13 on the first. */
  n = listing_page_items(1, 13, a);
  assert_int_equal(n, 4);
  assert_int_equal(a[0], 1);
  assert_int_equal(a[1], 2);
  assert_int_equal(a[2], 0);
  assert_int_equal(a[3], 13);
  /* 1 … 6 7 8 … 13 in the middle. */
  n = listing_page_items(7, 13, a);
  assert_int_equal(n, 7);
  int want[7] = {1, 0, 6, 7, 8, 0, 13};
  for (int i = 0; i < 7; i++) assert_int_equal(a[i], want[i]);
  /* A gap of one page shows the page, not an ellipsis: 1 2 3 4 5 … 13. */
  n = listing_page_items(4, 13, a);
  int want4[6] = {1, 2, 3, 4, 5, 0};
  for (int i = 0; i < 6; i++) assert_int_equal(a[i], want4[i]);
  assert_int_equal(a[n - 1], 13);
  n = listing_page_items(13, 13, a);
  assert_int_equal(n, 4);   /* 1 … 12 13 */
  assert_int_equal(a[1], 0);
}

static int match(const char *zQuery, const char *zA, const char *zB) {
  Buf f = {0};
  child_fold(zQuery, &f);
  const char *az[2] = {zA, zB};
  int r = listing_matches(f.z ? f.z : "", az, 2);
  buf_free(&f);
  return r;
}

static void search(void **state) {
  (void)state;
  assert_true(match("", "Anyone", ""));
  assert_true(match("smith", "Siân SMÍTH", "Oak Academy"));
  assert_true(match("  SIAN  ", "Siân Smith", "Oak Academy"));
  assert_true(match("smi oak", "Siân Smith", "Oak Academy"));
  assert_true(match("acad", "Siân Smith", "Oak Academy"));
  assert_false(match("jones", "Siân Smith", "Oak Academy"));
  /* Every word must be found; a word never runs across two fields. */
  assert_false(match("smith jones", "Siân Smith", "Oak Academy"));
  assert_false(match("smithoak", "Siân Smith", "Oak Academy"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(sort_text_dates_numbers),
    cmocka_unit_test(sort_by_rank),
    cmocka_unit_test(sort_parse),
    cmocka_unit_test(pages),
    cmocka_unit_test(page_items),
    cmocka_unit_test(search),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
