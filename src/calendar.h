/*
** calendar.h: the one place deadlines are computed from (SPEC §1).
**
** A Date is a calendar date in the council's local time, held as the number
** of days since 1970-01-01, so comparing and subtracting dates is integer
** arithmetic. Working days are Monday to Friday less the bank holidays of
** England and Wales and the closure days an administrator adds.
*/
#ifndef OVERSIGHT_CALENDAR_H
#define OVERSIGHT_CALENDAR_H

#include <stdint.h>

typedef int32_t Date;
#define DATE_NONE INT32_MIN   /* "no date": not held, not issued, open */

/* Units a rule can count in (SPEC "Rules are data"). The last few are not
** time: a rule row may hold a threshold such as a caseload per FTE. */
typedef enum CalUnit {
  UNIT_WORKING_DAYS, UNIT_DAYS, UNIT_WEEKS, UNIT_MONTHS, UNIT_YEARS,
  UNIT_HOURS, UNIT_MINUTES, UNIT_CHILDREN, UNIT_COUNT,
  UNIT_INVALID = -1
} CalUnit;

const char *cal_unit_name(CalUnit u);          /* "working-days", ... */
CalUnit cal_unit_parse(const char *z);         /* UNIT_INVALID if unknown */
int cal_unit_is_date(CalUnit u);               /* can be added to a date */

Date date_from_ymd(int y, int m, int d);       /* y-m-d must be valid */
void date_to_ymd(Date d, int *y, int *m, int *dd);
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
/* Strict ISO 8601 calendar date "YYYY-MM-DD" for years 1900-2199;
** 0 on success, -1 (and *out untouched) otherwise. */
int date_parse(const char *z, Date *out);
/* Writers fill the caller's buffer and return it. DATE_NONE gives "". */
char *date_iso(Date d, char out[11]);
char *date_long(Date d, char out[24]);         /* "5 April 2021" */
int date_weekday(Date d);                      /* 0 Monday .. 6 Sunday */
Date date_add_months(Date d, int n);           /* month end clamped */
/* Whole years of age on a day. Someone born on 29 February reaches each
** age on 1 March in a common year. Ages come from these two functions,
** never from adding years to a date (which clamps to 28 February). */
int date_age(Date dob, Date on);
Date date_birthday(Date dob, int years);       /* the day that age is reached */
Date date_today(void);                         /* local time */

/* Bank holidays of England and Wales in one year, in date order, with
** their names; at most 12. Returns how many. */
typedef struct Holiday { Date date; const char *name; } Holiday;
int cal_bank_holidays(int year, Holiday *out, int max);

/* Closure days an administrator adds (another nation's list, a council
** closure). Replaces the whole set; the calendar keeps a copy. */
void cal_set_extra_days(const Date *days, int n);

int cal_is_working_day(Date d);
/* The n-th working day after d (d itself never counts); n < 0 counts back
** to the n-th working day before d; n == 0 returns d. */
Date cal_add_working_days(Date d, int n);
/* How many working days fall after from, up to and including to: how long
** someone has waited by the end of `to` for something asked for on `from`
** (0 when to is not after from). */
int cal_working_days_between(Date from, Date to);
/* d plus n of unit u, by SPEC §1; u must satisfy cal_unit_is_date(). */
Date cal_add(Date d, int n, CalUnit u);

#endif
