/*
** calendar.c: dates, bank holidays and working days (SPEC §1).
**
** Working-day arithmetic is the inner loop of every deadline, so for the
** years anyone will ask about it is answered from two tables built once:
** for each day, how many working days fall on or before it, and the list
** of working days in order. Adding N working days is then two lookups.
** Outside those years the same answer is found by walking day by day.
*/
#include "calendar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const azUnit[] = {
  "working-days", "days", "weeks", "months", "years",
  "hours", "minutes", "children", "count",
};

const char *cal_unit_name(CalUnit u) {
  return (u >= 0 && u < COUNT(azUnit)) ? azUnit[u] : "?";
}

CalUnit cal_unit_parse(const char *z) {
  for (int i = 0; i < COUNT(azUnit); i++) {
    if (z && strcmp(z, azUnit[i]) == 0) return (CalUnit)i;
  }
  return UNIT_INVALID;
}

int cal_unit_is_date(CalUnit u) { return u >= UNIT_WORKING_DAYS && u <= UNIT_YEARS; }

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
** (the well-known days-from-civil algorithm, using 400-year eras). */
Date date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (Date)(era * 146097 + doe - 719468);
}

void date_to_ymd(Date z0, int *py, int *pm, int *pd) {
  int z = z0 + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp + (mp < 10 ? 3 : -9);
  *py = y + (m <= 2);
  *pm = m;
  *pd = d;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m) {
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

int date_valid_ymd(int y, int m, int d) {
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
         d <= date_days_in_month(y, m);
}

int date_parse(const char *z, Date *out) {
  if (!z || strlen(z) != 10 || z[4] != '-' || z[7] != '-') return -1;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) continue;
    if (z[i] < '0' || z[i] > '9') return -1;
  }
  int y = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 + (z[3] - '0');
  int m = (z[5] - '0') * 10 + (z[6] - '0');
  int d = (z[8] - '0') * 10 + (z[9] - '0');
  if (!date_valid_ymd(y, m, d)) return -1;
  *out = date_from_ymd(y, m, d);
  return 0;
}

char *date_iso(Date d, char out[11]) {
  if (d == DATE_NONE) {
    out[0] = 0;
    return out;
  }
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  /* Years are 1900-2199 for stored dates; clamp so the buffer can't overflow. */
  if (y < 0) y = 0;
  if (y > 9999) y = 9999;
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + dd / 10);
  out[9] = (char)('0' + dd % 10);
  out[10] = 0;
  return out;
}

static const char *const azMonth[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

char *date_long(Date d, char out[24]) {
  out[0] = 0;
  if (d == DATE_NONE) return out;
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  if (y < 0 || y > 9999) y = 0;
  snprintf(out, 24, "%d %s %d", dd, azMonth[m - 1], y);
  return out;
}

int date_weekday(Date d) {
  /* 1970-01-01 was a Thursday (3 when Monday is 0). */
  int w = (int)((d % 7 + 7) % 7);
  return (w + 3) % 7;
}

Date date_add_months(Date d, int n) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  int total = y * 12 + (m - 1) + n;
  y = total / 12;
  m = total % 12 + 1;
  int last = date_days_in_month(y, m);
  return date_from_ymd(y, m, dd > last ? last : dd);
}

/* Someone born on 29 February reaches each age on 1 March in a common
** year: the day after 28 February, as English practice holds. */
Date date_birthday(Date dob, int years) {
  int y, m, d;
  date_to_ymd(dob, &y, &m, &d);
  y += years;
  if (m == 2 && d == 29 && !is_leap(y)) return date_from_ymd(y, 3, 1);
  return date_from_ymd(y, m, d);
}

int date_age(Date dob, Date on) {
  int y0, m0, d0, y1, m1, d1;
  date_to_ymd(dob, &y0, &m0, &d0);
  date_to_ymd(on, &y1, &m1, &d1);
  int age = y1 - y0;
  if (age > 0 && on < date_birthday(dob, age)) age--;
  return age < 0 ? 0 : age;
}

Date date_today(void) {
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- Bank holidays ------------------------------------------------------ */

/* Easter Sunday (Gregorian; the anonymous algorithm of 1876). */
static Date easter_sunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return date_from_ymd(y, month, day);
}

static Date first_monday(int y, int m) {
  Date d = date_from_ymd(y, m, 1);
  return d + (7 - date_weekday(d)) % 7;
}

static Date last_monday(int y, int m) {
  Date d = date_from_ymd(y, m, date_days_in_month(y, m));
  return d - date_weekday(d);
}

/* Changes made by royal proclamation: a regular holiday moved, or an extra
** day. Each moved entry names the regular date it replaces. Add new ones
** here as they are announced (administrators can add them in the
** database before a release catches up). */
static const struct OneOff {
  const char *zDate;     /* the holiday */
  const char *zReplaces; /* the regular date it moves, or NULL if extra */
  const char *zName;
} aOneOff[] = {
  {"1995-05-08", "1995-05-01", "Early May bank holiday (VE Day)"},
  {"1999-12-31", NULL, "Millennium Eve"},
  {"2002-06-04", "2002-05-27", "Spring bank holiday"},
  {"2002-06-03", NULL, "Golden Jubilee bank holiday"},
  {"2011-04-29", NULL, "Royal wedding"},
  {"2012-06-04", "2012-05-28", "Spring bank holiday"},
  {"2012-06-05", NULL, "Diamond Jubilee bank holiday"},
  {"2020-05-08", "2020-05-04", "Early May bank holiday (VE Day)"},
  {"2022-06-02", "2022-05-30", "Spring bank holiday"},
  {"2022-06-03", NULL, "Platinum Jubilee bank holiday"},
  {"2022-09-19", NULL, "State Funeral of Queen Elizabeth II"},
  {"2023-05-08", NULL, "Coronation of King Charles III"},
};

static int holiday_cmp(const void *a, const void *b) {
  Date x = ((const Holiday *)a)->date, y = ((const Holiday *)b)->date;
  return (x > y) - (x < y);
}

int cal_bank_holidays(int y, Holiday *out, int max) {
  Holiday h[16];
  int n = 0;
  Date jan1 = date_from_ymd(y, 1, 1);
  int w = date_weekday(jan1);
  /* A fixed holiday on a weekend is observed on the next weekday. */
  h[n++] = (Holiday){w == 5 ? jan1 + 2 : w == 6 ? jan1 + 1 : jan1, "New Year's Day"};
  Date easter = easter_sunday(y);
  h[n++] = (Holiday){easter - 2, "Good Friday"};
  h[n++] = (Holiday){easter + 1, "Easter Monday"};
  h[n++] = (Holiday){first_monday(y, 5), "Early May bank holiday"};
  h[n++] = (Holiday){last_monday(y, 5), "Spring bank holiday"};
  h[n++] = (Holiday){last_monday(y, 8), "Summer bank holiday"};
  Date xmas = date_from_ymd(y, 12, 25);
  switch (date_weekday(xmas)) {
    case 4: /* Friday: Boxing Day moves to Monday 28th */
      h[n++] = (Holiday){xmas, "Christmas Day"};
      h[n++] = (Holiday){xmas + 3, "Boxing Day (substitute day)"};
      break;
    case 5: /* Saturday: both move to Monday 27th and Tuesday 28th */
      h[n++] = (Holiday){xmas + 2, "Christmas Day (substitute day)"};
      h[n++] = (Holiday){xmas + 3, "Boxing Day (substitute day)"};
      break;
    case 6: /* Sunday: Boxing Day stays Monday 26th, Christmas on Tuesday 27th */
      h[n++] = (Holiday){xmas + 2, "Christmas Day (substitute day)"};
      h[n++] = (Holiday){xmas + 1, "Boxing Day"};
      break;
    default:
      h[n++] = (Holiday){xmas, "Christmas Day"};
      h[n++] = (Holiday){xmas + 1, "Boxing Day"};
  }
  for (int i = 0; i < COUNT(aOneOff); i++) {
    Date d, from = DATE_NONE;
    date_parse(aOneOff[i].zDate, &d);
    int yy, mm, dd;
    date_to_ymd(d, &yy, &mm, &dd);
    if (yy != y) continue;
    if (aOneOff[i].zReplaces) date_parse(aOneOff[i].zReplaces, &from);
    int moved = 0;
    for (int j = 0; j < n; j++) {
      if (h[j].date == from) {
        h[j] = (Holiday){d, aOneOff[i].zName};
        moved = 1;
      }
    }
    if (!moved) h[n++] = (Holiday){d, aOneOff[i].zName};
  }
  qsort(h, (size_t)n, sizeof h[0], holiday_cmp);
  if (n > max) n = max;
  if (n < 0 || max < 0) n = 0;
  memcpy(out, h, (size_t)n * sizeof h[0]);
  return n;
}

/* ---- Working days ------------------------------------------------------- */

#define TABLE_FIRST_YEAR 1990
#define TABLE_LAST_YEAR 2080

static struct {
  int ready;
  Date first, last;        /* the days the tables cover */
  uint8_t *nonworking;     /* per day: 1 if weekend, holiday or closure */
  int32_t *before;         /* per day: working days strictly before it */
  Date *wd;                /* working days in order */
  int nwd;
  Date *extra;             /* administrator's closure days */
  int nextra;
} cal;

static int is_extra(Date d) {
  for (int i = 0; i < cal.nextra; i++) {
    if (cal.extra[i] == d) return 1;
  }
  return 0;
}

/* The slow definition, used to build the tables and beyond their range. */
static int working_slow(Date d) {
  if (date_weekday(d) >= 5) return 0;
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  Holiday h[16];
  int n = cal_bank_holidays(y, h, COUNT(h));
  for (int i = 0; i < n; i++) {
    if (h[i].date == d) return 0;
  }
  return !is_extra(d);
}

static void cal_build(void) {
  Date first = date_from_ymd(TABLE_FIRST_YEAR, 1, 1);
  Date last = date_from_ymd(TABLE_LAST_YEAR, 12, 31);
  int ndays = last - first + 1;
  free(cal.nonworking);
  free(cal.before);
  free(cal.wd);
  cal.first = first;
  cal.last = last;
  cal.nonworking = xcalloc((size_t)ndays, 1);
  cal.before = xmalloc((size_t)ndays * sizeof(int32_t));
  cal.wd = xmalloc((size_t)ndays * sizeof(Date));
  for (int i = 0; i < ndays; i++) {
    if (date_weekday(first + i) >= 5) cal.nonworking[i] = 1;
  }
  for (int y = TABLE_FIRST_YEAR; y <= TABLE_LAST_YEAR; y++) {
    Holiday h[16];
    int n = cal_bank_holidays(y, h, COUNT(h));
    for (int i = 0; i < n; i++) cal.nonworking[h[i].date - first] = 1;
  }
  for (int i = 0; i < cal.nextra; i++) {
    if (cal.extra[i] >= first && cal.extra[i] <= last) {
      cal.nonworking[cal.extra[i] - first] = 1;
    }
  }
  int count = 0;
  for (int i = 0; i < ndays; i++) {
    cal.before[i] = count;
    if (!cal.nonworking[i]) cal.wd[count++] = first + i;
  }
  cal.nwd = count;
  cal.ready = 1;
}

void cal_set_extra_days(const Date *days, int n) {
  free(cal.extra);
  cal.extra = xmalloc((size_t)(n ? n : 1) * sizeof(Date));
  if (n) memcpy(cal.extra, days, (size_t)n * sizeof(Date));
  cal.nextra = n;
  cal_build();
}

int cal_is_working_day(Date d) {
  if (!cal.ready) cal_build();
  if (d >= cal.first && d <= cal.last) return !cal.nonworking[d - cal.first];
  return working_slow(d);
}

Date cal_add_working_days(Date d, int n) {
  if (!cal.ready) cal_build();
  if (n == 0) return d;
  if (d >= cal.first && d <= cal.last) {
    int i = d - cal.first;
    /* Working days on or before d, then step n along the list. */
    int k = cal.before[i] + !cal.nonworking[i];
    int j = n > 0 ? k + n - 1 : cal.before[i] + n;
    if (j >= 0 && j < cal.nwd) return cal.wd[j];
  }
  int step = n > 0 ? 1 : -1;
  for (int left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (cal_is_working_day(d)) left--;
  }
  return d;
}

int cal_working_days_between(Date from, Date to) {
  if (!cal.ready) cal_build();
  if (to <= from) return 0;
  if (from >= cal.first && to <= cal.last) {
    int i = from - cal.first, j = to - cal.first;
    /* Working days on or before each end, from the table. */
    return (cal.before[j] + !cal.nonworking[j]) - (cal.before[i] + !cal.nonworking[i]);
  }
  int n = 0;
  for (Date d = from + 1; d <= to; d++) n += cal_is_working_day(d);
  return n;
}

Date cal_add(Date d, int n, CalUnit u) {
  switch (u) {
    case UNIT_WORKING_DAYS: return cal_add_working_days(d, n);
    case UNIT_DAYS: return d + n;
    case UNIT_WEEKS: return d + 7 * n;
    case UNIT_MONTHS: return date_add_months(d, n);
    case UNIT_YEARS: return date_add_months(d, 12 * n);
    default: fatal("cal_add: %s is not a unit of time", cal_unit_name(u));
  }
}
