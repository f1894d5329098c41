/*
** iros.h: independent reviewing officers, their caseloads and allocation
** (SPEC §2).
*/
#ifndef OVERSIGHT_IROS_H
#define OVERSIGHT_IROS_H

#include "children.h"

#include <stdio.h>

typedef struct Iro {
  int64_t id;
  char *zName;
  char *zEmail;                 /* "" when not recorded */
  double fte;
  int otherDuties;              /* children's worth of capacity used elsewhere */
  int active;                   /* on the day loaded for: not marked inactive, not left */
  Date start, left;             /* DATE_NONE when not recorded; inactive from `left` */
  int64_t *aLocality; int nLocality;
  int caseload;                 /* children allocated now */
} Iro;

typedef struct IroList {
  Iro *a; int n;                /* by name, for showing */
  struct IroIndex { int64_t id; int i; } *aById;  /* by id, for iros_find() */
  int readError;                /* a read failed: no IROs (n 0); show an error, not the list */
} IroList;

/* Every IRO with caseload as of asOf (one pass over the allocations), and
** active as of asOf. When a read fails: none, with readError set (check
** it; the failure is noted on the connection). */
IroList *iros_load(Db *db, Date asOf);
/* Every IRO without counting caseloads, active as of today: for pages that
** show names only. */
IroList *iros_load_names(Db *db);
/* One IRO (caseload as of asOf) into *out: 1 found, 0 not (or a read
** failed, noted on the connection). Free with
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
/* How many, or -1 with none when the read failed. */
int siblings_split(Db *db, Date asOf, SplitGroup **paOut);

/* ---- IRO records: adding, changing, importing (issue 15) ----------------- */

/* An IRO as typed into a form, a command or a CSV row. Numbers are the
** text typed, so every caller gets the same checks and the same words. */
typedef struct IroInput {
  const char *zName;
  const char *zEmail;           /* "" or NULL: none */
  const char *zFte;             /* "0.8" */
  const char *zOtherDuties;     /* "" or NULL: none (0) */
  const int64_t *aLocality;     /* the localities served (ids) */
  int nLocality;
  Date start, left;             /* DATE_NONE: not recorded */
  int csv;                      /* say what is wrong as "fte '2' must be ..." */
} IroInput;

/* Add (id 0) or change IRO id, checking everything first: 0 < FTE <= 1.5,
** other duties a whole number of children no more than the capacity, a
** unique name, an email address if any, the left date not before the
** start date. Audited field by field ("fte: 1 -> 0.8"); a change of
** nothing writes nothing. Returns the IRO's id, or 0 with every reason in
** err (fields name, email, fte, other_duties, localities, start_date,
** left_date). Errors already in err (the caller's) are kept and also stop
** the save. *pChanged (may be NULL) says whether anything was written. */
int64_t iro_save(Db *db, int64_t id, const IroInput *in, const char *zActor, Errors *err, int *pChanged);
/* "Active", "Leaves on 3 December 2026", "Left on 3 December 2026" or
** "Not active", as of asOf, into out. */
const char *iro_status_words(const Iro *i, Date asOf, char *out, size_t n);
/* The localities IRO i serves, by name, joined with zSep, in a new string;
** NULL when the read failed. */
char *iro_locality_names(Db *db, const Iro *i, const char *zSep);

/* A child still allocated to an IRO (to reallocate when they leave). */
typedef struct IroChild { char *zRef, *zGiven, *zFamily; Date since; } IroChild;
/* The children whose allocation to iroId is still open, by ref: how many,
** or -1 with none when the read failed. */
int iro_open_allocations(Db *db, int64_t iroId, IroChild **paOut);
void iro_children_free(IroChild *a, int n);

/* Every IRO as CSV in the columns import_iros reads (docs/iros-csv.md):
** DB_OK, or DB_ERROR when a read failed (out then partial: do not send). */
int iros_csv(Db *db, Buf *out);
int export_iros(Db *db, FILE *f, const char *zActor);
/* Load IROs from CSV, all or nothing: a row naming an IRO already held
** (by name, ignoring case) changes it, so importing a file twice changes
** nothing. Every bad row is listed in pReport as "FILE line N: ..." and
** then nothing is loaded. 0, or -1. */
int import_iros_text(Db *db, const char *z, size_t n, const char *zName, const char *zActor, Buf *pReport);
int import_iros(Db *db, const char *zPath, const char *zActor, Buf *pReport);

#endif
