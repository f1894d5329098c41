/*
** iros.h: independent reviewing officers, their caseloads and allocation
** (SPEC §2).
*/
#ifndef OVERSIGHT_IROS_H
#define OVERSIGHT_IROS_H

#include "children.h"

typedef struct Iro {
  int64_t id;
  char *zName;
  double fte;
  int otherDuties;              /* children's worth of capacity used elsewhere */
  int active;
  int64_t *aLocality; int nLocality;
  int caseload;                 /* children allocated now */
} Iro;

typedef struct IroList {
  Iro *a; int n;                /* by name, for showing */
  struct IroIndex { int64_t id; int i; } *aById;  /* by id, for iros_find() */
} IroList;

/* Every IRO with caseload as of asOf (one pass over the allocations). */
IroList *iros_load(Db *db, Date asOf);
/* Every IRO without counting caseloads: for pages that show names only. */
IroList *iros_load_names(Db *db);
/* One IRO (caseload as of asOf) into *out: 1 found, 0 not. Free with
** iro_clear(). For pages about one IRO, where loading them all would cost. */
int iro_load_one(Db *db, int64_t id, Date asOf, Iro *out);
void iro_clear(Iro *i);
/* One IRO's caseload on asOf, through the index on their allocations. */
int iro_caseload(Db *db, int64_t iroId, Date asOf);
void iros_free(IroList *l);
const Iro *iros_find(const IroList *l, int64_t id);
/* Resolve "3" or "Sam Patel" to an IRO id; 0 if none. */
int64_t iro_lookup(Db *db, const char *zIdOrName);

typedef enum CaseloadBand { CASELOAD_OK, CASELOAD_AMBER, CASELOAD_RED } CaseloadBand;
/* Target capacity: caseload_amber x FTE less other duties. */
int iro_capacity(const Iro *i);
CaseloadBand iro_band(const Iro *i);
const char *caseload_band_name(CaseloadBand b);

/* Suggestion for a child (SPEC §2): the sibling group's IRO if there is
** one; else the active IRO with the most spare capacity, preferring those
** linked to the child's locality. Writes the reason in words. Returns the
** IRO id or 0 when there is no active IRO. */
int64_t iro_suggest(Db *db, const Child *c, Date asOf, char *zWhy, int nWhy);

/* Allocate (or change) the IRO of a child from date `on`: the open
** allocation ends on `on` and the new one starts that day, so the history
** has no gap. zReason is required for a change. 0, or -1 with err. */
int iro_allocate(Db *db, int64_t childId, int64_t iroId, Date on, const char *zReason,
                 const char *zActor, Errors *err);

/* Sibling groups whose children in care on asOf have different IROs. */
typedef struct SplitGroup { int64_t groupId; int nChildren, nIros; } SplitGroup;
int siblings_split(Db *db, Date asOf, SplitGroup **paOut);

#endif
