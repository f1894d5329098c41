/*
** annual.h: the reviewing officers' annual report (SPEC §9), every figure
** of the council's published report (domain/001_...) computed from the
** records for any period.
**
** The report is a list of tables (RTable), each one figure of the
** published report: the pages, CSV, Excel and JSON all come from them, so
** no format can show a number the others do not. The definitions a reader
** needs (what "on time" means, which codes count as participation, how
** placements group) are in docs/annual-report.md, next to the JSON keys.
*/
#ifndef OVERSIGHT_ANNUAL_H
#define OVERSIGHT_ANNUAL_H

#include "calendar.h"
#include "comparators.h"
#include "db.h"
#include "reports.h"
#include "util.h"

/* The tables, in the report's order (the published report's figures). */
enum {
  AN_COUNTS,                    /* headline counts, and the previous period's */
  AN_MEASURES,                  /* reviews' timeliness and participation: number, of, percent */
  AN_COMPARATORS,               /* the council's figures beside England's, the region's, neighbours' */
  AN_BY_MONTH,                  /* children in care at each month end */
  AN_RATE_MONTH,                /* the same per 10,000 children (fig 4) */
  AN_WHITE_NON_BRITISH,         /* white non-British children in care by month */
  AN_UASC_MONTH,                /* asylum-seeking children in care by month */
  AN_LOCALITY,                  /* at the period end, by home locality */
  AN_SEND,                      /* at the period end: SEN support, EHCP */
  AN_AGE,                       /* at the period end, by age band */
  AN_SEX,
  AN_ETHNICITY,
  AN_ASYLUM,
  AN_LEGAL,
  AN_PLACEMENT,
  AN_AREA,                      /* in or out of the council's area */
  AN_DISTANCE,                  /* within 20 miles of home */
  AN_REGISTRATION,              /* registered, unregistered, supported */
  AN_ENTER_LEAVE,               /* entering and leaving care by month */
  AN_ENTER_AGE,                 /* entering care by age band */
  AN_AGE_DURATION,              /* age x months in care, at the period end */
  AN_REVIEWS_MONTH,             /* reviews held and on time by month */
  AN_MINUTES_MONTH,             /* full minutes issued on time by month */
  AN_PARTICIPATION,             /* reviews by participation code */
  AN_PARTICIPATION_MONTH,       /* children aged 4+ taking part, by month */
  AN_REVIEW_MODES,              /* in person, virtual, child-chaired, by month */
  AN_ALLOCATION,                /* IRO allocated within the rule of notification */
  AN_IRO_CHANGES,               /* children by changes of IRO in the period */
  AN_IRO_VISITS,                /* children at the end visited face to face */
  AN_CASELOAD,                  /* per IRO */
  AN_CASELOAD_SUMMARY,          /* average caseload, caseload per FTE */
  AN_ESC_STAGE,                 /* escalations by highest stage reached */
  AN_ESC_CATEGORY,
  AN_ESC_MONTH,                 /* escalations raised by month */
  AN_PERMANENCE,                /* permanence plans by type */
  AN_N
};

/* A figure from the comparators table or worked out with one: value in
** hundredths, and the year ending 31 March it is for; year 0 when what it
** needs is not loaded. */
typedef struct AnnualFigure { int64_t v; int year; } AnnualFigure;

/* The comparisons, rows of AN_COMPARATORS: the rate per 10,000, then
** each legal status group's share (as AN_LEGAL groups them). */
enum { AC_RATE, AC_LEGAL_ICO, AC_LEGAL_CO, AC_LEGAL_PO, AC_LEGAL_V, AC_LEGAL_OTHER, AC_N };

typedef struct AnnualMonthRate {
  int children;                 /* in care at the month end */
  AnnualFigure population;      /* under 18, v a whole number (not hundredths) */
  AnnualFigure rate;            /* per 10,000, hundredths; year 0 with no population */
} AnnualMonthRate;

typedef struct AnnualReport {
  Date from, to;
  Date prevFrom, prevTo;        /* the previous period of the same length */
  int year;                     /* the year ending 31 March that holds `to` */
  AnnualFigure aCmp[AC_N][CMP_N_AREA];   /* [CMP_COUNCIL]: the council's own */
  AnnualMonthRate *aRate;       /* one per month of the period */
  int nRate;
  RTable aTab[AN_N];
} AnnualReport;

/* The period of the same length just before from..to: whole months back
** when the period is whole months (a financial year's is the financial
** year before, whether or not either has a 29 February), else the same
** number of days. */
void annual_previous_period(Date from, Date to, Date *pFrom, Date *pTo);
/* The last full financial year (1 April to 31 March) before today. */
void annual_default_period(Date today, Date *pFrom, Date *pTo);
/* Compute every table for from..to (both days included), as recorded
** now. DB_OK, or DB_ERROR when the records cannot be read. Free with
** annual_free() either way. */
int annual_report(Db *db, Date from, Date to, AnnualReport *out);
void annual_free(AnnualReport *r);

/* The JSON key of table i ("age_band", ...), as documented. */
const char *annual_key(int i);
/* One JSON object: "from", "to", one key per headline count (a number)
** and per measure (an object with number, of and percent), and one key per
** other table (an array of rows; caseload_summary an object). The previous
** period's figures sit inside the figures that have them, as
** "previous_period"; its dates and headline counts in a top-level
** "previous_period" object.
** Caller frees. */
char *annual_json(const AnnualReport *r);
void annual_csv(const AnnualReport *r, Buf *out);
/* The sections for a page: a heading, a chart where one helps, the table.
** govuk as in reports_table_html(). */
void annual_html_sections(const AnnualReport *r, Buf *out, int govuk);
/* The same with aShow[AN_N] shown in place of the report's tables (the
** board's copies, annual_board_tables): a table with a count hidden has no
** chart. aShow NULL: the report's own. */
void annual_html_view(const AnnualReport *r, const RTable *aShow, Buf *out, int govuk);
/* The board's copies of the tables (SPEC §11): counts of 1 to 5 as
** "fewer than 6", and the IROs by number, not by name. Free with
** web_tables_done or rtable_figures_free on each. */
RTable *annual_board_tables(const AnnualReport *r);
/* A complete standalone page that loads nothing and prints on A4. */
void annual_html(const AnnualReport *r, Buf *out);

#endif
