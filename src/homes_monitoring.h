/*
** homes_monitoring.h: the quantitative evidence on the council's children's
** homes the QA framework asks for (domain/004_... §6 b, the schedule in §7
** and the QPAG report in §8; issue 20):
**
**   - the weekly safeguarding, LADO-referral and complaints return of each
**     home to the head of service (rule home_weekly_return: a week's return
**     is due the first working day after its Sunday);
**   - occupancy by month: places used of the places the home is registered
**     for;
**   - staffing by month: posts, posts filled, vacancies (posts less filled)
**     and leavers;
**   - complaints and compliments: when, from whom (by kind, never a name),
**     about what, and a complaint's outcome.
**
** Each change is made in one transaction with its audit entry under
** "home:<id>", with what the record said before and after. The QPAG report
** (homes.h) gets its tables from homes_monitoring_report(); home_due()
** gets the weekly returns due from homes_weekly_due().
*/
#ifndef OVERSIGHT_HOMES_MONITORING_H
#define OVERSIGHT_HOMES_MONITORING_H

#include "homes.h"

/* ---- Codes ------------------------------------------------------------------ */

/* Who a complaint or compliment came from, and what it was about: codes
** and their words (the report shows the words, never a name). */
enum { HM_N_FROM = 6, HM_N_ABOUT = 10, HM_N_OUTCOME = 4 };
extern const char *const hm_from_codes[HM_N_FROM];   /* young-person, family, professional, staff, public, other */
extern const char *const hm_from_labels[HM_N_FROM];  /* "A young person living in the home", ... */
extern const char *const hm_about_codes[HM_N_ABOUT]; /* care, staff, safety, food, ... */
extern const char *const hm_about_labels[HM_N_ABOUT];
extern const char *const hm_outcome_codes[HM_N_OUTCOME]; /* upheld, partly-upheld, not-upheld, withdrawn */
extern const char *const hm_outcome_labels[HM_N_OUTCOME];
/* The words for a code of the list, or "" when it is not one. */
const char *hm_label(const char *zCode, const char *const *azCode, const char *const *azLabel, int n);

/* The longest note or summary, in characters. */
enum { HM_NOTE_MAX = 1000, HM_SUMMARY_MAX = 500 };

/* ---- Records ---------------------------------------------------------------- */

typedef struct WeeklyReturn {
  int64_t id;
  Date week;                     /* its Monday */
  Date returned;
  int safeguarding, lado, complaints;
  char *zNote;
} WeeklyReturn;

typedef struct HomeMonth {
  int64_t id;
  int month;                     /* month_index() */
  int placesUsed, posts, filled, leavers;   /* -1 when not recorded */
} HomeMonth;

typedef struct HomeFeedback {
  int64_t id;
  int complaint;                 /* 1 complaint, 0 compliment */
  Date received, outcomeOn;      /* outcomeOn DATE_NONE while open */
  char zFrom[16], zAbout[16], zOutcome[16];   /* codes; zOutcome "" while open */
  char *zSummary;
} HomeFeedback;

typedef struct HomeMonitoring {
  WeeklyReturn *aWeek; int nWeek;     /* by week */
  HomeMonth *aMonth; int nMonth;      /* by month */
  HomeFeedback *aFb; int nFb;         /* by date received */
} HomeMonitoring;

/* Load every record of one home: 0, or -1 on a read error (*out is then
** empty). */
int homes_monitoring_load(Db *db, int64_t homeId, HomeMonitoring *out);
void homes_monitoring_clear(HomeMonitoring *m);

/* ---- What is due ------------------------------------------------------------ */

/* The Monday of d's week. */
Date hm_week_of(Date d);
/* The day week's return falls due: rule home_weekly_return after its
** Sunday (by default the next working day: Tuesday after a bank holiday
** Monday). */
Date hm_weekly_due(Date week);

/* For home_load(): the weeks h has a return for (h->aWeekly). 0 or -1. */
int homes_weekly_load(Db *db, HomeRecords *h);
/* For home_due(): one item (HI_WEEKLY_RETURN, refId the week's Monday)
** for each week that has ended by asOf (its Sunday on or before asOf),
** from the week of the home's first return (known by asOf) or, with none
** yet, for last week only; open when it has no return, done (with
** withHistory) when it has. A return for the week still running shows
** with the history. */
void homes_weekly_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out);

/* ---- Writing ------------------------------------------------------------------
** Each returns the record's id (new or corrected), or 0 with err naming the
** form's fields in users' words; nothing is saved then. Numbers come as
** the text typed. `today` is the latest day a record may carry. */

typedef struct WeeklyInput {
  Date week;                     /* any day of the week: its Monday is kept */
  Date returned;
  const char *zSafeguarding, *zLado, *zComplaints, *zNote;
} WeeklyInput;
/* Record a week's return, or correct the one already recorded for it.
** Fields: week_of, returned_on, safeguarding, lado_referrals, complaints, note. */
int64_t weekly_return_save(Db *db, int64_t homeId, const WeeklyInput *in, Date today, const char *zActor,
                           Errors *err);

typedef struct MonthInput {
  int month;                     /* month_index(), or -1 */
  const char *zPlacesUsed, *zPosts, *zFilled, *zLeavers;   /* each may be empty, not all */
} MonthInput;
/* Record or correct a month's occupancy and staffing; what is left empty
** keeps what was recorded. Fields: month, places_used, posts, filled, leavers. */
int64_t home_month_save(Db *db, int64_t homeId, const MonthInput *in, Date today, const char *zActor, Errors *err);

typedef struct FeedbackInput {
  const char *zKind;             /* complaint, compliment */
  Date received, outcomeOn;
  const char *zFrom, *zAbout, *zSummary, *zOutcome;   /* zOutcome "" while open */
} FeedbackInput;
/* Add (id 0) or correct a complaint or compliment. Fields: fb_kind,
** received_on, from_kind, about, summary, outcome, outcome_on. */
int64_t home_feedback_save(Db *db, int64_t homeId, int64_t id, const FeedbackInput *in, Date today,
                           const char *zActor, Errors *err);

/* ---- Tables ------------------------------------------------------------------- */

/* The home page's tables: weekly returns (latest first, at most nWeeks),
** months (latest first) and complaints and compliments (latest first). */
void hm_weekly_table(const HomeRecords *h, const HomeMonitoring *m, Date asOf, int nWeeks, RTable *out);
void hm_month_table(const HomeRecords *h, const HomeMonitoring *m, RTable *out);
void hm_feedback_table(const HomeMonitoring *m, Date asOf, RTable *out);

/* The QPAG report's tables for the month [first, last] as known on asOf
** (r->aTab[QPAG_WEEKLY .. QPAG_COMPLAINTS]), and their indicators added to
** r->aTab[QPAG_KPI]. Figures only: homes, weeks, counts, kinds. */
void homes_monitoring_report(Db *db, Date first, Date last, Date asOf, QpagReport *r);
/* Tables the board (figures only) sees. */
int homes_monitoring_figure_table(int k);

#endif
