/*
** unregistered.h: children placed in unregistered provision (SPEC §4,
** domain/000_...): the QA managers' notification and the IRO's visit, the
** IRO's monthly oversight record with its four checks, the under-16
** exception, and the monthly exceptions report.
**
** The review schedule while a child is there lives in reviews.c
** (review_next_due); the clock for the notification, the visit and the
** monthly record lives in the deadline engine (deadlines.c), which reads
** the records declared here without touching the database.
*/
#ifndef OVERSIGHT_UNREGISTERED_H
#define OVERSIGHT_UNREGISTERED_H

#include <stdio.h>
#include "children.h"
#include "util.h"

/* ---- Records ---------------------------------------------------------------
** UnregEvent, OversightRec and UnregRecords are in children.h: every Child
** carries its own (c->unreg), loaded by childset_load(). */

/* A spell in unregistered provision: a run of unregistered episodes with
** no gap, [iFirst, iFirst+nEp) in c->ep. end is the day the child moved
** on, DATE_NONE while they are still there. */
typedef struct UnregSpell { Date start, end; int iFirst, nEp; } UnregSpell;

/* Months as one number, so "the month after" is +1: year*12 + month-1. */
int month_index(int year, int month);
void month_from_index(int idx, int *pYear, int *pMonth);
int month_of(Date d);
Date month_first_day(int idx);
Date month_last_day(int idx);
/* "2026-02" -> 0 and *pIdx; -1 if not a real month as YYYY-MM. */
int month_parse(const char *z, int *pIdx);
char *month_iso(int idx, char out[8]);          /* "2026-02" */
char *month_long(int idx, char out[24]);        /* "February 2026" */

/* ---- The exception rule -------------------------------------------------- */

/* Is c in unregistered provision on day `on` (what was known on that day)? */
int unreg_placed_on(const Child *c, Date on);
/* A child under the unreg_exception_age rule in unregistered provision is
** an exception every day they are there (SPEC §4). */
int unreg_is_exception(const Child *c, Date on);

/* ---- Writing --------------------------------------------------------------- */

/* Record the QA managers' notification ("qa-notified") or the IRO's visit
** ("iro-visit") on `on`. Validated in users' words (fields kind, on_date,
** by_whom, note) and audited. Returns the new id, or 0 with *err filled. */
int64_t unreg_event_add(Db *db, const Child *c, const char *zKind, Date on, const char *zBy,
                        const char *zNote, Date asOf, const char *zActor, Errors *err);

/* A monthly oversight record as entered: check[] is -1 until answered. */
typedef struct OversightInput {
  int64_t id;                   /* 0 to add; else the record being corrected */
  const char *zMonth;           /* "YYYY-MM" */
  Date recorded;                /* the day the IRO recorded it */
  int64_t iroId;                /* 0 when not recorded */
  int check[N_CHECKS];
  const char *azNote[N_CHECKS];
} OversightInput;
/* The field names errors are filed under, and the check's question. */
extern const char *const azCheckField[N_CHECKS];   /* check_a .. check_d */
extern const char *const azNoteField[N_CHECKS];    /* note_a .. note_d */
extern const char *const azCheckQuestion[N_CHECKS];
/* Validation alone, for forms. asOf is today: nothing in the future. */
void oversight_record_validate(const Child *c, const OversightInput *in, Date asOf, Errors *err);
/* Validate and save (one per child per month; correcting keeps the audit
** trail's before and after). Returns the record's id, or 0 with *err. */
int64_t oversight_record_save(Db *db, const Child *c, const OversightInput *in, Date asOf,
                              const char *zActor, Errors *err);

/* ---- The monthly exceptions report ------------------------------------------ */

/* One spell in unregistered provision overlapping the month. */
typedef struct ExceptionRow {
  const Child *c;
  UnregSpell spell;
  int age;                      /* on ageOn: the month's end or the last day there */
  Date ageOn;
  int under;                    /* under unreg_exception_age while there in the month */
  char zPlacement[4], zProvider[4];
  char *zProviderName;
  Date left;                    /* the day they moved on, when within the month */
  Date notified, visitDue, visit;
  Date *aReview; int nReview;   /* reviews held there by the month's end */
  Date nextReview;              /* as of the month's end, DATE_NONE out of care */
  int hasRecord;                /* an oversight record for this month */
  Date recorded;
  int check[N_CHECKS];
  char *azNote[N_CHECKS];
  char *zIro;                   /* who recorded it */
  int openEscalations;
} ExceptionRow;

typedef struct ExceptionReport {
  int month;                    /* month_index() */
  Date asOf;                    /* the month's last day, or today while it runs */
  ExceptionRow *a;
  int n;
  void *pOwn;                   /* the children and records the rows point into */
  int readError;                /* a read failed: show an error, not the (short) rows */
} ExceptionReport;

/* Every child in unregistered provision at any time in the month (one row
** per spell there), under-16 exceptions first, then by child ID. Episodes,
** visits and reviews count as known on the month's last day (today for the
** month still running); the month's oversight record whenever it was made,
** since it is written at the month's end or after. */
ExceptionReport *unreg_exceptions(Db *db, int month, Date today);
void unreg_exceptions_free(ExceptionReport *r);
/* RFC 4180 CSV, header first (columns in docs/oversight-records-csv.md). */
void unreg_exceptions_csv(const ExceptionReport *r, Buf *out);
/* A complete standalone HTML page. */
void unreg_exceptions_html(const ExceptionReport *r, Buf *out);
/* Write the report's view of each child to the audit log (SPEC §11), in one
** transaction, before it is shown. DB_OK or DB_ERROR. */
int unreg_exceptions_audit(Db *db, const ExceptionReport *r, const char *zActor);

/* ---- Export and import of oversight records (SPEC §10) --------------------- */

/* Every oversight record as CSV; each child exported is audited. Returns
** the number of records written, or -1 (nothing written) if the audit
** could not be. */
int export_oversight_records(Db *db, FILE *out, const char *zActor);
/* Load the CSV at zPath: all or nothing. Every bad row is listed in
** *pReport ("row 4: check_b must be yes or no", the header being row 1);
** on success *pReport says what was added, corrected and unchanged.
** asOf is today. Returns 0, or -1 when nothing was loaded. */
int import_oversight_records(Db *db, const char *zPath, Date asOf, const char *zActor,
                             Buf *pReport);

#endif
