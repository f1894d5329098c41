/*
** ssda903_sync.h: what loading an SSDA903 extract into a database that
** already holds children would change (issue 15), worked out once, and
** then either printed (a dry run, the upload page's check) or applied (the
** load). Because both read the same plan, what is shown is what is done.
**
** The rules (docs/ssda903-import.md, "Loading a later extract"): facts
** only Oversight holds (names, registration status, allocations, reviews'
** own details, contacts, escalations) are never touched; a fact of the
** case system that differs is changed to the extract's value, listed and
** audited field by field; an episode Oversight holds in the extract's
** year that the extract lacks is kept and listed as a conflict; nothing
** is deleted.
*/
#ifndef OVERSIGHT_SSDA903_SYNC_H
#define OVERSIGHT_SSDA903_SYNC_H

#include "db.h"
#include "ssda903.h"
#include "util.h"

typedef enum Sync903Kind {
  SYNC_CHILD_NEW, SYNC_CHILD_CHANGED,
  SYNC_EPISODE_NEW, SYNC_EPISODE_CHANGED, SYNC_EPISODE_ENDED, SYNC_EPISODE_MISSING,
  SYNC_REVIEW_NEW, SYNC_REVIEW_CHANGED,
  SYNC_KINDS
} Sync903Kind;

/* One field of a record that changes, as the return names it (DOB,
** DECOM, REVIEW_CODE, ...), values as shown: dates DD/MM/YYYY, "" for
** none. */
typedef struct Sync903Field {
  const char *zField;
  char *zBefore, *zAfter;
} Sync903Field;

typedef struct Sync903Item {
  Sync903Kind kind;
  char *zChild;         /* CHILD */
  int64_t id;           /* the episode or review held, 0 when new or a child */
  Date date;            /* an episode's start or a review's date as held (new: as in the return) */
  int row;              /* its row in the return's table, -1 when not in it */
  int iField, nField;   /* its changed fields, in Plan903.aField */
} Sync903Item;

typedef struct Plan903 {
  int year;
  Sync903Item *aItem;   /* in kind order, then as the return lists them */
  int nItem, nItemAlloc;
  Sync903Field *aField;
  int nField, nFieldAlloc;
  int an[SYNC_KINDS];   /* items of each kind */
  int nReviewHeld;      /* reviews of the return Oversight already holds (same child and date) */
  int nListed;          /* children held already and listed in this year's return for the first time */
  int nKeptChanged;     /* children whose rows of the other files (OC2, ...) are replaced */
  /* Private to ssda903_sync.c: what the load needs. */
  int64_t *aChildId;    /* per interned child of the return: child.id, 0 if new */
  unsigned char *aListed;   /* per interned child: to add to ssda903_return_child */
  unsigned char *aKept;     /* per interned child * T_COUNT: that child's rows of the file change */
} Plan903;

/* Called every 10,000 rows, and after the last, with the rows compared so
** far and the total. */
typedef void (*Sync903Progress)(void *pArg, int nDone, int nTotal);

/* Compare a finished return that passes s903_check with the database, and
** fill *p (which the caller frees with s903_plan_free). Writes nothing.
** 0, or -1 if the database could not be read (db_errmsg). */
int s903_plan(Db *db, Return903 *r, Plan903 *p, Sync903Progress xProgress, void *pArg);
void s903_plan_free(Plan903 *p);
/* How many records the load would write: 0 means "No changes". The
** conflicts (episodes not in the return) are not changes: they are kept. */
int s903_plan_changes(const Plan903 *p);

/* Apply the plan made for r, inside the caller's transaction: insert and
** update exactly what it lists, one audit entry per changed field of a
** record Oversight held. 0, or -1 (the caller rolls back). */
int s903_plan_apply(Db *db, Return903 *r, Plan903 *p, const char *zActor);

/* "New children", "Changed episodes", ... and the singular ("new child"). */
const char *s903_sync_title(Sync903Kind k);
const char *s903_sync_name(Sync903Kind k);
/* What the item is: "child 100006", "episode from 18/02/2024", "review on 07/04/2025". */
void s903_item_label(const Sync903Item *it, Buf *pOut);
/* One item's changes as "DOB 05/02/2011 -> 06/02/2011; REC (none) -> E11". */
void s903_item_changes(const Plan903 *p, const Sync903Item *it, Buf *pOut);

/* The plan as text: the counts, then each list (at most nMax items of
** each, nMax < 0 for all). "No changes" when there is nothing to write. */
void s903_plan_text(const Plan903 *p, int nMax, Buf *pOut);
/* One line of counts, for the audit entry and the page's banner. */
void s903_plan_counts(const Plan903 *p, Buf *pOut);
/* Every item as CSV (change, child, record, field, before, after), one row
** per changed field, each cell through buf_csv_cell as text: the values
** come from an uploaded file and the CSV is for a spreadsheet. */
void s903_plan_csv(const Plan903 *p, Buf *pOut);
/* A hash of everything the plan would write, so a load can tell whether
** the database moved on since the plan was shown. */
uint64_t s903_plan_hash(const Plan903 *p);

#endif
