/*
** ssda903_store.h: an SSDA903 return into the database and back out
** (issue 6; what goes where is in docs/ssda903-import.md).
**
** Header rows become children (child_ref = CHILD; the return has no names,
** so a new child is called "Child" CHILD until the council corrects it),
** Episodes become episodes, Reviews reviews, UASC the child's asylum-seeking
** flag and date it ceased. The other files are kept row by row for export.
** A later return updates what an earlier one loaded: children are matched
** on CHILD, episodes on (CHILD, DECOM), reviews on (CHILD, REVIEW).
*/
#ifndef OVERSIGHT_SSDA903_STORE_H
#define OVERSIGHT_SSDA903_STORE_H

#include "db.h"
#include "ssda903.h"
#include "ssda903_sync.h"
#include "util.h"

/* What an import did, for the report and the audit entry. */
typedef struct Import903 {
  int nChild, nChildNew;        /* Header rows; of them, children not held before */
  int nEpisode, nEpisodeNew;
  int nReview, nReviewNew;
  int nUasc;
  int nKept;                    /* rows of the other files kept for export */
  int nChange;                  /* records written (s903_plan_changes); 0: "No changes", nothing written */
} Import903;

/* Check every row against what the database needs to hold it: codes its
** columns allow, real dates, DEC and REC together, an end not before the
** start, each CHILD in the Header, no two episodes (reviews) of a child on
** one date. Appends one "FILE line N: reason" line per problem to pErr and
** returns how many there were (0: the return can be loaded). r must be
** finished (r903_finish). These are not the DfE's rules: a return that
** passes may still fail r903_validate, and can be loaded and fixed. */
int s903_check(Return903 *r, Buf *pErr);

/* Called every 10,000 rows, and after the last, with the rows loaded so
** far and the total. */
typedef void (*Progress903)(void *pArg, int nDone, int nTotal);

/* Load a finished return (collection year r->year) in one transaction:
** s903_check first, and if any row fails nothing is loaded. 0 with *pOut
** filled, or -1 with the reasons in pErr (the database unchanged). One
** audit entry names the year and the counts. xProgress may be NULL. */
int s903_import(Db *db, Return903 *r, const char *zActor, Import903 *pOut, Buf *pErr,
                Progress903 xProgress, void *pArg);
/* The same, with the plan it applied left in *pPlan (the caller frees it
** with s903_plan_free; filled even when the load fails after planning). An
** extract that changes nothing writes nothing, not even an audit entry.
** expectHash, when not 0, is s903_plan_hash of the plan the user saw: if
** the plan made inside the load's transaction differs, nothing is written
** and -2 is returned (*pPlan holds the new plan, to show instead). */
int s903_sync(Db *db, Return903 *r, const char *zActor, Import903 *pOut, Plan903 *pPlan, uint64_t expectHash,
              Buf *pErr, Progress903 xProgress, void *pArg);
/* "1000 children (1000 new), 1536 episodes (1536 new), ..." */
void s903_import_summary(const Import903 *p, Buf *pOut);

/* The collection year a return is for, from its latest episode start or
** end and review date (a return covers 1 April to 31 March), or 0 when it
** has none. Used when the user does not say. */
int s903_guess_year(const Return903 *r);

/* The year-`year` return as CSV text, one per table, in the DfE's column
** order with DD/MM/YYYY dates: the children listed in that year's return
** or with an episode open in it, their episodes open at any time in the
** year, reviews held in it, and the kept rows of that year's other files.
** aOut[t] is left empty for a table with nothing to write except the
** Header, Episodes, Reviews and UASC, which always get their column line.
** *pnChild gets the children written. One audit entry (a view of each
** child's record, as a bulk export). 0, or -1 with pErr. */
int s903_export(Db *db, int year, const char *zActor, Buf aOut[T_COUNT], int *pnChild, Buf *pErr);

/* Give r (read and finished) last year's return as Oversight holds it:
** the year before r->year written out as s903_export does (no audit entry:
** it is only checked against, shown to no one) and read back, with r's
** postcodes and authority. 1 when that year is held (r->pLast set), 0
** when no return of that year was loaded, -1 with pErr when it cannot be
** read. */
int s903_held_last_year(Db *db, Return903 *r, Buf *pErr);

/* The usual file name of each table ("header.csv", "episodes.csv", ...). */
extern const char *const az903File[T_COUNT];

#endif
