/*
** test_calendar.c: unit tests for the calendar module (SPEC §1).
**
** Every deadline in Oversight is computed here, so the expected values are
** written out by hand from the published list of England and Wales bank
** holidays (gov.uk) rather than derived from the code under test: a test
** that recomputed the holidays with the same rules would pass however
** wrong those rules were.
*/
#include "testutil.h"
#include "calendar.h"

#include <stdio.h>
#include <string.h>

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- The published list ------------------------------------------------- */

/* England and Wales, 2015-2030, as published by the UK government,
** substitute days included. A year has 8 unless a royal proclamation
** moved or added one: 2020 moved early May to VE Day (still 8), 2022
** moved the spring holiday and added the Platinum Jubilee and the state
** funeral (10), 2023 added the coronation (9). */
static const struct {
  int year;
  int n;
  const char *az[10];
} aYear[] = {
  {2015, 8, {"2015-01-01", "2015-04-03", "2015-04-06", "2015-05-04",
             "2015-05-25", "2015-08-31", "2015-12-25", "2015-12-28"}},
  {2016, 8, {"2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02",
             "2016-05-30", "2016-08-29", "2016-12-26", "2016-12-27"}},
  {2017, 8, {"2017-01-02", "2017-04-14", "2017-04-17", "2017-05-01",
             "2017-05-29", "2017-08-28", "2017-12-25", "2017-12-26"}},
  {2018, 8, {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07",
             "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"}},
  {2019, 8, {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06",
             "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"}},
  {2020, 8, {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08",
             "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"}},
  {2021, 8, {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03",
             "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"}},
  {2022, 10, {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02",
              "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
              "2022-12-26", "2022-12-27"}},
  {2023, 9, {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01",
             "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25",
             "2023-12-26"}},
  {2024, 8, {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06",
             "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"}},
  {2025, 8, {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05",
             "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"}},
  {2026, 8, {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
             "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"}},
  {2027, 8, {"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
             "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"}},
  {2028, 8, {"2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01",
             "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"}},
  {2029, 8, {"2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07",
             "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"}},
  {2030, 8, {"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06",
             "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"}},
};

/* Parsed once: the reference walks below ask about millions of days. */
static Date aPublished[16 * 10];
static int nPublished;

static int in_published_list(Date d) {
  if (nPublished == 0) {
    for (int i = 0; i < NELEM(aYear); i++) {
      for (int j = 0; j < aYear[i].n; j++) aPublished[nPublished++] = D(aYear[i].az[j]);
    }
  }
  for (int i = 0; i < nPublished; i++) {
    if (aPublished[i] == d) return 1;
  }
  return 0;
}

static int holiday_listed(const Holiday *h, int n, Date d) {
  for (int i = 0; i < n; i++) {
    if (h[i].date == d) return 1;
  }
  return 0;
}

/* A deliberately naive walk, one day at a time, to hold the table-driven
** fast path to: is_working decides what a working day is. */
typedef int (*WorkingFn)(Date);

static Date walk_working_days(Date d, int n, WorkingFn is_working) {
  int step = n > 0 ? 1 : -1;
  for (int left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (is_working(d)) left--;
  }
  return d;
}

static int working_by_published_list(Date d) {
  return date_weekday(d) < 5 && !in_published_list(d);
}

/* Outside 2015-2030 there is no hand-written list, so the reference is the
** module's own per-year holiday list: this checks the walking slow path and
** the table agree, not that the holidays of 2150 are right. */
static int working_by_year_list(Date d) {
  if (date_weekday(d) >= 5) return 0;
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  Holiday h[12];
  int n = cal_bank_holidays(y, h, NELEM(h));
  return !holiday_listed(h, n, d);
}

/* The closure-day set is global; tests that change it put it back even
** when an assertion fails, so no other test sees it. */
static int clear_extra_days(void **state) {
  (void)state;
  cal_set_extra_days(NULL, 0);
  return 0;
}

/* ---- 1. Bank holidays --------------------------------------------------- */

static void test_bank_holidays_2015_to_2030(void **state) {
  (void)state;
  for (int i = 0; i < NELEM(aYear); i++) {
    Holiday h[12];
    int n = cal_bank_holidays(aYear[i].year, h, NELEM(h));
    if (n != aYear[i].n) {
      print_error("%d: %d holidays, want %d\n", aYear[i].year, n, aYear[i].n);
    }
    assert_int_equal(n, aYear[i].n);
    /* Strictly increasing, so the count match plus every expected date
    ** being present means the two sets are equal. */
    for (int j = 1; j < n; j++) assert_true(h[j - 1].date < h[j].date);
    for (int j = 0; j < n; j++) {
      assert_non_null(h[j].name);
      assert_true(h[j].name[0] != 0);
    }
    for (int j = 0; j < aYear[i].n; j++) {
      Date d = D(aYear[i].az[j]);
      if (!holiday_listed(h, n, d)) print_error("missing %s\n", aYear[i].az[j]);
      assert_true(holiday_listed(h, n, d));
      assert_int_equal(cal_is_working_day(d), 0);
    }
  }
}

/* The other direction for whole days: in 2015-2030 a day is a working day
** exactly when it is a weekday not in the published list. */
static void test_working_day_every_day_2015_to_2030(void **state) {
  (void)state;
  for (Date d = D("2015-01-01"); d <= D("2030-12-31"); d++) {
    int want = working_by_published_list(d);
    if (cal_is_working_day(d) != want) {
      char z[11];
      print_error("%s: working %d, want %d\n", date_iso(d, z), !want, want);
    }
    assert_int_equal(cal_is_working_day(d), want);
  }
}

static void test_bank_holidays_one_offs(void **state) {
  (void)state;
  Holiday h[12];
  int n = cal_bank_holidays(2011, h, NELEM(h));
  assert_int_equal(n, 9);
  assert_true(holiday_listed(h, n, D("2011-04-29")));
  assert_int_equal(cal_is_working_day(D("2011-04-29")), 0);

  /* 2012: spring holiday moved to 4 June, Diamond Jubilee on 5 June. */
  n = cal_bank_holidays(2012, h, NELEM(h));
  assert_int_equal(n, 9);
  assert_true(holiday_listed(h, n, D("2012-06-04")));
  assert_true(holiday_listed(h, n, D("2012-06-05")));
  assert_false(holiday_listed(h, n, D("2012-05-28")));
  assert_int_equal(cal_is_working_day(D("2012-06-04")), 0);
  assert_int_equal(cal_is_working_day(D("2012-06-05")), 0);

  /* The regular Mondays these replaced are ordinary working days. */
  assert_int_equal(cal_is_working_day(D("2012-05-28")), 1);
  assert_int_equal(cal_is_working_day(D("2020-05-04")), 1);
  assert_int_equal(cal_is_working_day(D("2022-05-30")), 1);
  n = cal_bank_holidays(2020, h, NELEM(h));
  assert_false(holiday_listed(h, n, D("2020-05-04")));
  n = cal_bank_holidays(2022, h, NELEM(h));
  assert_false(holiday_listed(h, n, D("2022-05-30")));

  /* 2032, like 2027, has Christmas on a Saturday: both holidays move to
  ** Monday 27 and Tuesday 28, and Friday 24 stays a working day. */
  n = cal_bank_holidays(2032, h, NELEM(h));
  assert_int_equal(n, 8);
  assert_true(holiday_listed(h, n, D("2032-12-27")));
  assert_true(holiday_listed(h, n, D("2032-12-28")));
  assert_false(holiday_listed(h, n, D("2032-12-25")));
  assert_int_equal(cal_is_working_day(D("2032-12-24")), 1);
  assert_int_equal(cal_is_working_day(D("2032-12-27")), 0);
  assert_int_equal(cal_is_working_day(D("2032-12-28")), 0);
  assert_int_equal(cal_is_working_day(D("2032-12-29")), 1);
}

/* A caller with a short array gets the earliest holidays and nothing is
** written past what it allowed (ASan would also catch an overrun). */
static void test_bank_holidays_respects_max(void **state) {
  (void)state;
  Holiday h[4];
  memset(h, 0, sizeof h);
  h[3].date = 12345;
  h[3].name = "sentinel";
  int n = cal_bank_holidays(2022, h, 3);
  assert_int_equal(n, 3);
  assert_date_equal(h[0].date, D("2022-01-03"));
  assert_date_equal(h[1].date, D("2022-04-15"));
  assert_date_equal(h[2].date, D("2022-04-18"));
  assert_int_equal(h[3].date, 12345);
  assert_string_equal(h[3].name, "sentinel");
}

/* ---- 2. Weekends -------------------------------------------------------- */

static void test_weekends_not_working(void **state) {
  (void)state;
  assert_int_equal(cal_is_working_day(D("2024-06-15")), 0);  /* Saturday */
  assert_int_equal(cal_is_working_day(D("2024-06-16")), 0);  /* Sunday */
  assert_int_equal(cal_is_working_day(D("2024-06-14")), 1);  /* Friday */
  assert_int_equal(cal_is_working_day(D("2024-06-17")), 1);  /* Monday */
  assert_int_equal(cal_is_working_day(D("2024-06-19")), 1);  /* Wednesday */
  /* Beyond the precomputed years the answer comes from the slow path. */
  assert_int_equal(cal_is_working_day(D("2150-06-06")), 0);  /* Saturday */
  assert_int_equal(cal_is_working_day(D("2150-06-07")), 0);  /* Sunday */
  assert_int_equal(cal_is_working_day(D("2150-06-03")), 1);  /* Wednesday */
  assert_int_equal(cal_is_working_day(D("1950-06-10")), 0);  /* Saturday */
  assert_int_equal(cal_is_working_day(D("1950-06-14")), 1);  /* Wednesday */
}

/* ---- 3. Adding working days --------------------------------------------- */

static void test_working_days_easter(void **state) {
  (void)state;
  /* Thursday before Good Friday: Friday and Monday are both holidays. */
  assert_date_equal(cal_add_working_days(D("2025-04-17"), 1), D("2025-04-22"));
  assert_date_equal(cal_add_working_days(D("2025-04-22"), -1), D("2025-04-17"));
  assert_date_equal(cal_add_working_days(D("2024-03-28"), 1), D("2024-04-02"));
  assert_date_equal(cal_add_working_days(D("2024-03-28"), 2), D("2024-04-03"));
}

/* Working days waited: after the first day, up to and including the last,
** agreeing with cal_add_working_days both ways, across Christmas and a
** month end, and outside the table (the slow path). */
static void test_working_days_between(void **state) {
  (void)state;
  assert_int_equal(cal_working_days_between(D("2026-12-07"), D("2026-12-07")), 0);
  assert_int_equal(cal_working_days_between(D("2026-12-08"), D("2026-12-07")), 0);
  assert_int_equal(cal_working_days_between(D("2026-12-07"), D("2026-12-08")), 1);
  /* Friday to Monday: the weekend does not count. */
  assert_int_equal(cal_working_days_between(D("2026-12-04"), D("2026-12-07")), 1);
  /* 24 December 2026 to 4 January 2027: 25 and 28 December and 1 January are holidays. */
  assert_int_equal(cal_working_days_between(D("2026-12-24"), D("2027-01-04")), 4);
  for (int n = 0; n <= 40; n++) {
    Date from = D("2026-11-30");
    assert_int_equal(cal_working_days_between(from, cal_add_working_days(from, n)), n);
  }
  /* Outside the table the answer is the same, counted day by day. */
  assert_int_equal(cal_working_days_between(D("1990-01-01"), D("1990-01-08")), 5);
}

static void test_working_days_christmas_new_year(void **state) {
  (void)state;
  /* 2025: Christmas Thursday, Boxing Day Friday. */
  assert_date_equal(cal_add_working_days(D("2025-12-24"), 1), D("2025-12-29"));
  assert_date_equal(cal_add_working_days(D("2025-12-31"), 1), D("2026-01-02"));
  /* 2026: Christmas Friday, so Boxing Day is observed Monday 28. */
  assert_date_equal(cal_add_working_days(D("2026-12-24"), 1), D("2026-12-29"));
  assert_date_equal(cal_add_working_days(D("2026-12-24"), 2), D("2026-12-30"));
  /* 2027: Christmas Saturday, so Monday 27 and Tuesday 28 are holidays. */
  assert_date_equal(cal_add_working_days(D("2027-12-24"), 1), D("2027-12-29"));
  assert_date_equal(cal_add_working_days(D("2027-12-29"), -1), D("2027-12-24"));
}

static void test_working_days_one_off_holidays(void **state) {
  (void)state;
  /* Platinum Jubilee: Thursday 2 and Friday 3 June 2022. */
  assert_date_equal(cal_add_working_days(D("2022-06-01"), 1), D("2022-06-06"));
  assert_date_equal(cal_add_working_days(D("2022-06-06"), -1), D("2022-06-01"));
  /* Coronation: Monday 8 May 2023. */
  assert_date_equal(cal_add_working_days(D("2023-05-05"), 1), D("2023-05-09"));
  /* State funeral: Monday 19 September 2022. */
  assert_date_equal(cal_add_working_days(D("2022-09-16"), 1), D("2022-09-20"));
  /* VE Day 2020 on Friday 8 May; Monday 4 May was an ordinary day. */
  assert_date_equal(cal_add_working_days(D("2020-05-07"), 1), D("2020-05-11"));
  assert_date_equal(cal_add_working_days(D("2020-05-01"), 1), D("2020-05-04"));
  /* Monday 30 May 2022 lost its holiday to 2 June. */
  assert_date_equal(cal_add_working_days(D("2022-05-27"), 1), D("2022-05-30"));
}

static void test_working_days_start_not_working(void **state) {
  (void)state;
  /* The start day never counts, whether or not it is a working day. */
  assert_date_equal(cal_add_working_days(D("2024-06-15"), 1), D("2024-06-17"));
  assert_date_equal(cal_add_working_days(D("2024-06-16"), 1), D("2024-06-17"));
  assert_date_equal(cal_add_working_days(D("2024-06-15"), 5), D("2024-06-21"));
  assert_date_equal(cal_add_working_days(D("2025-04-18"), 1), D("2025-04-22"));
  assert_date_equal(cal_add_working_days(D("2025-04-21"), 1), D("2025-04-22"));
  assert_date_equal(cal_add_working_days(D("2024-06-15"), -1), D("2024-06-14"));
  assert_date_equal(cal_add_working_days(D("2025-04-21"), -1), D("2025-04-17"));
  assert_date_equal(cal_add_working_days(D("2025-12-25"), 1), D("2025-12-29"));
}

/* 20 working days is the review timescale; one started before Christmas
** must skip the whole Christmas and New Year break. */
static void test_working_days_twenty_across_christmas(void **state) {
  (void)state;
  assert_date_equal(cal_add_working_days(D("2025-12-10"), 20), D("2026-01-12"));
  assert_date_equal(cal_add_working_days(D("2025-12-22"), 20), D("2026-01-22"));
  assert_date_equal(cal_add_working_days(D("2026-01-12"), -20), D("2025-12-10"));
  assert_date_equal(cal_add(D("2025-12-10"), 20, UNIT_WORKING_DAYS), D("2026-01-12"));
}

static void test_working_days_zero_and_negative(void **state) {
  (void)state;
  assert_date_equal(cal_add_working_days(D("2024-06-19"), 0), D("2024-06-19"));
  /* n == 0 is the identity even on a day that is not a working day. */
  assert_date_equal(cal_add_working_days(D("2024-06-15"), 0), D("2024-06-15"));
  assert_date_equal(cal_add_working_days(D("2025-12-25"), 0), D("2025-12-25"));
  assert_date_equal(cal_add_working_days(D("2150-06-06"), 0), D("2150-06-06"));
  /* 1 January 2024 is a holiday and 30-31 December a weekend. */
  assert_date_equal(cal_add_working_days(D("2024-01-02"), -1), D("2023-12-29"));
  assert_date_equal(cal_add_working_days(D("2024-01-02"), -20), D("2023-11-30"));
}

/* Every start day in 2015-2030 and a spread of n, against a day-by-day
** walk over the hand-written list: catches off-by-one errors in the
** table lookup that spot checks could miss. */
static void test_working_days_match_reference(void **state) {
  (void)state;
  static const int an[] = {1, 2, 5, 10, 20, -1, -2, -5, -10, -20};
  for (Date d = D("2015-03-01"); d <= D("2030-10-31"); d++) {
    for (int i = 0; i < NELEM(an); i++) {
      Date got = cal_add_working_days(d, an[i]);
      Date want = walk_working_days(d, an[i], working_by_published_list);
      if (got != want) {
        char z[11];
        print_error("%s %+d\n", date_iso(d, z), an[i]);
      }
      assert_date_equal(got, want);
    }
  }
}

static void test_working_days_outside_table(void **state) {
  (void)state;
  /* 2150: Easter Sunday is 12 April; Christmas is a Friday, so Boxing Day
  ** is observed on Monday 28. */
  assert_int_equal(cal_is_working_day(D("2150-04-10")), 0);
  assert_int_equal(cal_is_working_day(D("2150-04-13")), 0);
  assert_date_equal(cal_add_working_days(D("2150-04-09"), 1), D("2150-04-14"));
  assert_date_equal(cal_add_working_days(D("2150-04-14"), -1), D("2150-04-09"));
  assert_date_equal(cal_add_working_days(D("2150-12-24"), 1), D("2150-12-29"));
  assert_date_equal(cal_add_working_days(D("2150-06-03"), 3), D("2150-06-08"));
  /* 1950: Easter Sunday 9 April; 1 January a Sunday, observed Monday 2;
  ** Christmas 1949 a Sunday, so Monday 26 and Tuesday 27 are holidays. */
  assert_int_equal(cal_is_working_day(D("1950-04-07")), 0);
  assert_int_equal(cal_is_working_day(D("1950-04-10")), 0);
  assert_date_equal(cal_add_working_days(D("1950-04-06"), 1), D("1950-04-11"));
  assert_date_equal(cal_add_working_days(D("1949-12-23"), 1), D("1949-12-28"));
  assert_date_equal(cal_add_working_days(D("1950-01-03"), -1), D("1949-12-30"));

  /* Across the edges of the precomputed years and far beyond them, the
  ** fast path and the walk must give the same answers. */
  static const char *const azFrom[] = {
    "1949-11-01", "1989-11-15", "1990-01-10", "2080-11-20",
    "2080-12-31", "2081-01-05", "2150-03-20", "2150-12-01",
  };
  static const int an[] = {1, 5, 20, 60, -1, -5, -20, -60};
  for (int i = 0; i < NELEM(azFrom); i++) {
    Date d0 = D(azFrom[i]);
    for (Date d = d0; d < d0 + 45; d++) {
      for (int j = 0; j < NELEM(an); j++) {
        Date want = walk_working_days(d, an[j], working_by_year_list);
        Date got = cal_add_working_days(d, an[j]);
        if (got != want) {
          char z[11];
          print_error("%s %+d\n", date_iso(d, z), an[j]);
        }
        assert_date_equal(got, want);
      }
      assert_int_equal(cal_is_working_day(d), working_by_year_list(d));
    }
  }
}

/* ---- 4. Adding other units ---------------------------------------------- */

static void test_add_days_and_weeks(void **state) {
  (void)state;
  assert_date_equal(cal_add(D("2024-02-28"), 1, UNIT_DAYS), D("2024-02-29"));
  assert_date_equal(cal_add(D("2024-02-28"), 2, UNIT_DAYS), D("2024-03-01"));
  assert_date_equal(cal_add(D("2023-02-28"), 1, UNIT_DAYS), D("2023-03-01"));
  assert_date_equal(cal_add(D("2024-12-31"), 1, UNIT_DAYS), D("2025-01-01"));
  /* Calendar days ignore holidays: Christmas counts. */
  assert_date_equal(cal_add(D("2025-12-24"), 2, UNIT_DAYS), D("2025-12-26"));
  assert_date_equal(cal_add(D("2025-01-01"), -1, UNIT_DAYS), D("2024-12-31"));
  assert_date_equal(cal_add(D("2025-01-01"), 0, UNIT_DAYS), D("2025-01-01"));
  assert_date_equal(cal_add(D("2024-12-30"), 2, UNIT_WEEKS), D("2025-01-13"));
  assert_date_equal(cal_add(D("2024-02-22"), 1, UNIT_WEEKS), D("2024-02-29"));
  assert_date_equal(cal_add(D("2025-01-13"), -2, UNIT_WEEKS), D("2024-12-30"));
  assert_date_equal(cal_add(D("2024-01-01"), 52, UNIT_WEEKS), D("2024-12-30"));
}

static void test_add_months_clamps_to_month_end(void **state) {
  (void)state;
  assert_date_equal(cal_add(D("2021-08-31"), 6, UNIT_MONTHS), D("2022-02-28"));
  assert_date_equal(cal_add(D("2023-08-31"), 6, UNIT_MONTHS), D("2024-02-29"));
  assert_date_equal(cal_add(D("2024-02-29"), 12, UNIT_MONTHS), D("2025-02-28"));
  assert_date_equal(cal_add(D("2024-01-31"), 1, UNIT_MONTHS), D("2024-02-29"));
  assert_date_equal(cal_add(D("2023-01-31"), 1, UNIT_MONTHS), D("2023-02-28"));
  assert_date_equal(cal_add(D("2024-03-31"), -1, UNIT_MONTHS), D("2024-02-29"));
  assert_date_equal(cal_add(D("2024-01-31"), -2, UNIT_MONTHS), D("2023-11-30"));
  assert_date_equal(cal_add(D("2024-05-31"), 1, UNIT_MONTHS), D("2024-06-30"));
  /* No clamp needed: the same day of the month. */
  assert_date_equal(cal_add(D("2024-11-15"), 3, UNIT_MONTHS), D("2025-02-15"));
  assert_date_equal(cal_add(D("2024-01-15"), -1, UNIT_MONTHS), D("2023-12-15"));
  assert_date_equal(cal_add(D("2024-01-15"), 0, UNIT_MONTHS), D("2024-01-15"));
  /* Clamping does not carry: 31 Jan + 1 month + 1 month is 29 Mar, but
  ** 31 Jan + 2 months is 31 Mar. */
  assert_date_equal(cal_add(D("2024-01-31"), 2, UNIT_MONTHS), D("2024-03-31"));
  assert_date_equal(date_add_months(D("2024-01-31"), 1), D("2024-02-29"));
}

static void test_add_years(void **state) {
  (void)state;
  assert_date_equal(cal_add(D("2024-06-19"), 1, UNIT_YEARS), D("2025-06-19"));
  assert_date_equal(cal_add(D("2024-02-29"), 1, UNIT_YEARS), D("2025-02-28"));
  assert_date_equal(cal_add(D("2024-02-29"), 4, UNIT_YEARS), D("2028-02-29"));
  assert_date_equal(cal_add(D("2025-03-01"), -1, UNIT_YEARS), D("2024-03-01"));
  assert_date_equal(cal_add(D("2008-02-29"), 18, UNIT_YEARS), D("2026-02-28"));
}

/* ---- 5. Parsing and formatting ------------------------------------------ */

static void test_date_parse_strict(void **state) {
  (void)state;
  Date d = 0;
  assert_int_equal(date_parse("2024-02-29", &d), 0);
  assert_date_equal(d, date_from_ymd(2024, 2, 29));
  assert_int_equal(date_parse("1970-01-01", &d), 0);
  assert_int_equal(d, 0);
  assert_int_equal(date_parse("2000-03-01", &d), 0);
  assert_int_equal(d, 11017);
  assert_int_equal(date_parse("1900-01-01", &d), 0);
  assert_int_equal(d, -25567);
  assert_int_equal(date_parse("2199-12-31", &d), 0);
  assert_int_equal(d, 84005);
  assert_int_equal(date_parse("2000-02-29", &d), 0);

  static const char *const azBad[] = {
    "2023-02-29", "2025-02-31", "2024-13-01", "2024-00-10", "2024-01-00",
    "2024-04-31", "1900-02-29", "2100-02-29", "1899-12-31", "2200-01-01",
    "2024-1-01", "2024-01-1", "24-01-01", "2024-01-01x", " 2024-01-01",
    "2024/01/01", "2024-01-0a", "+024-01-01", "2024-01-01 ", "",
  };
  for (int i = 0; i < NELEM(azBad); i++) {
    Date out = 4242;
    if (date_parse(azBad[i], &out) != -1) print_error("accepted \"%s\"\n", azBad[i]);
    assert_int_equal(date_parse(azBad[i], &out), -1);
    assert_int_equal(out, 4242);  /* untouched on failure */
  }
  Date out = 4242;
  assert_int_equal(date_parse(NULL, &out), -1);
  assert_int_equal(out, 4242);
}

static void test_date_iso_and_long(void **state) {
  (void)state;
  char z[11], zl[24];
  assert_string_equal(date_iso(D("2024-02-29"), z), "2024-02-29");
  assert_string_equal(date_iso(0, z), "1970-01-01");
  assert_string_equal(date_iso(DATE_NONE, z), "");
  assert_string_equal(date_long(D("2021-04-05"), zl), "5 April 2021");
  assert_string_equal(date_long(D("2024-02-29"), zl), "29 February 2024");
  assert_string_equal(date_long(D("2030-09-30"), zl), "30 September 2030");
  assert_string_equal(date_long(D("1900-01-01"), zl), "1 January 1900");
  assert_string_equal(date_long(D("2199-12-31"), zl), "31 December 2199");
  assert_string_equal(date_long(DATE_NONE, zl), "");
  assert_ptr_equal(date_iso(0, z), z);
  assert_ptr_equal(date_long(0, zl), zl);

  /* Every day the parser accepts survives the round trip both ways. */
  Date last = D("2199-12-31");
  for (Date d = D("1900-01-01"); d <= last; d++) {
    Date back = DATE_NONE;
    assert_int_equal(date_parse(date_iso(d, z), &back), 0);
    assert_int_equal(back, d);
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    assert_true(date_valid_ymd(y, m, dd));
    assert_int_equal(date_from_ymd(y, m, dd), d);
  }
}

/* ---- 6. Weekdays and ages ----------------------------------------------- */

static void test_date_weekday(void **state) {
  (void)state;
  assert_int_equal(date_weekday(D("1970-01-01")), 3);  /* Thursday */
  assert_int_equal(date_weekday(D("1900-01-01")), 0);  /* Monday */
  assert_int_equal(date_weekday(D("2000-01-01")), 5);  /* Saturday */
  assert_int_equal(date_weekday(D("2024-02-29")), 3);  /* Thursday */
  assert_int_equal(date_weekday(D("2021-04-05")), 0);  /* Easter Monday */
  assert_int_equal(date_weekday(D("2022-12-25")), 6);  /* Sunday */
  assert_int_equal(date_weekday(D("2027-12-25")), 5);  /* Saturday */
  assert_int_equal(date_weekday(D("2026-12-25")), 4);  /* Friday */
  assert_int_equal(date_weekday(D("2199-12-31")), 1);  /* Tuesday */
  assert_int_equal(date_weekday(D("1950-01-01")), 6);  /* Sunday */
}

static void test_date_age_and_birthday(void **state) {
  (void)state;
  Date dob = D("2010-06-15");
  assert_int_equal(date_age(dob, D("2028-06-14")), 17);
  /* Age turns over on the birthday itself, not the day after. */
  assert_int_equal(date_age(dob, D("2028-06-15")), 18);
  assert_int_equal(date_age(dob, D("2028-06-16")), 18);
  assert_int_equal(date_age(dob, dob), 0);
  assert_int_equal(date_age(dob, D("2011-06-14")), 0);
  assert_int_equal(date_age(dob, D("2011-06-15")), 1);
  assert_int_equal(date_age(dob, D("2009-01-01")), 0);  /* not yet born */
  assert_date_equal(date_birthday(dob, 18), D("2028-06-15"));
  assert_date_equal(date_birthday(dob, 0), dob);

  /* Born 29 February: the birthday is 1 March in common years. */
  Date leap = D("2008-02-29");
  assert_int_equal(date_age(leap, D("2024-02-28")), 15);
  assert_int_equal(date_age(leap, D("2024-02-29")), 16);
  assert_int_equal(date_age(leap, D("2025-02-28")), 16);
  assert_int_equal(date_age(leap, D("2025-03-01")), 17);
  assert_int_equal(date_age(leap, D("2026-02-28")), 17);
  assert_int_equal(date_age(leap, D("2026-03-01")), 18);
  assert_date_equal(date_birthday(leap, 16), D("2024-02-29"));
  assert_date_equal(date_birthday(leap, 17), D("2025-03-01"));
  assert_date_equal(date_birthday(leap, 18), D("2026-03-01"));
  assert_date_equal(date_birthday(leap, 92), D("2100-03-01"));  /* 2100 common */
}

/* ---- 7. Administrator closure days -------------------------------------- */

static void test_extra_closure_days(void **state) {
  (void)state;
  assert_int_equal(cal_is_working_day(D("2026-12-29")), 1);
  assert_date_equal(cal_add_working_days(D("2026-12-24"), 1), D("2026-12-29"));

  Date aDay[] = {D("2026-12-29"), D("2150-06-03")};
  cal_set_extra_days(aDay, NELEM(aDay));
  /* The calendar keeps its own copy of the caller's array. */
  aDay[0] = D("2026-12-30");
  aDay[1] = D("2026-12-31");
  assert_int_equal(cal_is_working_day(D("2026-12-29")), 0);
  assert_int_equal(cal_is_working_day(D("2026-12-30")), 1);
  assert_date_equal(cal_add_working_days(D("2026-12-24"), 1), D("2026-12-30"));
  assert_date_equal(cal_add_working_days(D("2026-12-31"), -1), D("2026-12-30"));
  assert_date_equal(cal_add_working_days(D("2026-12-31"), -2), D("2026-12-24"));
  assert_date_equal(cal_add(D("2026-12-24"), 1, UNIT_WORKING_DAYS), D("2026-12-30"));
  /* Closure days outside the precomputed years count too. */
  assert_int_equal(cal_is_working_day(D("2150-06-03")), 0);
  assert_date_equal(cal_add_working_days(D("2150-06-02"), 1), D("2150-06-04"));
  /* The bank holiday list itself is unaffected. */
  Holiday h[12];
  int n = cal_bank_holidays(2026, h, NELEM(h));
  assert_int_equal(n, 8);
  assert_false(holiday_listed(h, n, D("2026-12-29")));

  /* Replacing the set drops the old closure days. */
  Date one = D("2026-12-30");
  cal_set_extra_days(&one, 1);
  assert_int_equal(cal_is_working_day(D("2026-12-29")), 1);
  assert_int_equal(cal_is_working_day(D("2026-12-30")), 0);
  assert_int_equal(cal_is_working_day(D("2150-06-03")), 1);

  cal_set_extra_days(NULL, 0);
  assert_int_equal(cal_is_working_day(D("2026-12-29")), 1);
  assert_int_equal(cal_is_working_day(D("2026-12-30")), 1);
  assert_date_equal(cal_add_working_days(D("2026-12-24"), 1), D("2026-12-29"));
  assert_date_equal(cal_add_working_days(D("2150-06-02"), 1), D("2150-06-03"));
}

/* ---- 8. Units ----------------------------------------------------------- */

static void test_units(void **state) {
  (void)state;
  static const struct {
    CalUnit u;
    const char *z;
    int isDate;
  } a[] = {
    {UNIT_WORKING_DAYS, "working-days", 1}, {UNIT_DAYS, "days", 1},
    {UNIT_WEEKS, "weeks", 1},   {UNIT_MONTHS, "months", 1},
    {UNIT_YEARS, "years", 1},   {UNIT_HOURS, "hours", 0},
    {UNIT_MINUTES, "minutes", 0}, {UNIT_CHILDREN, "children", 0},
    {UNIT_COUNT, "count", 0},
  };
  for (int i = 0; i < NELEM(a); i++) {
    assert_string_equal(cal_unit_name(a[i].u), a[i].z);
    assert_int_equal(cal_unit_parse(a[i].z), a[i].u);
    assert_int_equal(cal_unit_parse(cal_unit_name(a[i].u)), a[i].u);
    assert_int_equal(!!cal_unit_is_date(a[i].u), a[i].isDate);
  }
  static const char *const azBad[] = {
    "fortnights", "", "day", "Days", "working days", "working_days",
    "weeks ", "?",
  };
  for (int i = 0; i < NELEM(azBad); i++) {
    assert_int_equal(cal_unit_parse(azBad[i]), UNIT_INVALID);
  }
  assert_int_equal(cal_unit_parse(NULL), UNIT_INVALID);
  assert_false(cal_unit_is_date(UNIT_INVALID));
  assert_string_equal(cal_unit_name(UNIT_INVALID), "?");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bank_holidays_2015_to_2030),
    cmocka_unit_test(test_working_day_every_day_2015_to_2030),
    cmocka_unit_test(test_bank_holidays_one_offs),
    cmocka_unit_test(test_bank_holidays_respects_max),
    cmocka_unit_test(test_weekends_not_working),
    cmocka_unit_test(test_working_days_easter),
    cmocka_unit_test(test_working_days_christmas_new_year),
    cmocka_unit_test(test_working_days_between),
    cmocka_unit_test(test_working_days_one_off_holidays),
    cmocka_unit_test(test_working_days_start_not_working),
    cmocka_unit_test(test_working_days_twenty_across_christmas),
    cmocka_unit_test(test_working_days_zero_and_negative),
    cmocka_unit_test(test_working_days_match_reference),
    cmocka_unit_test(test_working_days_outside_table),
    cmocka_unit_test(test_add_days_and_weeks),
    cmocka_unit_test(test_add_months_clamps_to_month_end),
    cmocka_unit_test(test_add_years),
    cmocka_unit_test(test_date_parse_strict),
    cmocka_unit_test(test_date_iso_and_long),
    cmocka_unit_test(test_date_weekday),
    cmocka_unit_test(test_date_age_and_birthday),
    cmocka_unit_test_teardown(test_extra_closure_days, clear_extra_days),
    cmocka_unit_test(test_units),
  };
  /* Start every run from an empty closure set whatever ran before. */
  return cmocka_run_group_tests(tests, clear_extra_days, clear_extra_days);
}
