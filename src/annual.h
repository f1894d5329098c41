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
#include "db.h"
#include "reports.h"
#include "util.h"

/* The tables, in the report's order. */
enum {
  AN_COUNTS,                    /* headline counts */
  AN_MEASURES,                  /* reviews' timeliness and participation: number, of, percent */
  AN_BY_MONTH,                  /* children in care at each month end */
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
  AN_PARTICIPATION,             /* reviews by participation code */
  AN_CASELOAD,                  /* per IRO */
  AN_ESC_STAGE,                 /* escalations by highest stage reached */
  AN_ESC_CATEGORY,
  AN_PERMANENCE,                /* permanence plans by type */
  AN_N
};

typedef struct AnnualReport {
  Date from, to;
  RTable aTab[AN_N];
} AnnualReport;

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
** other table (an array of rows).
** Caller frees. */
char *annual_json(const AnnualReport *r);
void annual_csv(const AnnualReport *r, Buf *out);
/* The sections for a page: a heading, a chart where one helps, the table.
** govuk as in reports_table_html(). */
void annual_html_sections(const AnnualReport *r, Buf *out, int govuk);
/* A complete standalone page that loads nothing and prints on A4. */
void annual_html(const AnnualReport *r, Buf *out);

#endif
