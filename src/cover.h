/*
** cover.h: IROs covering for each other while one is away, and the rule
** that follows from it (SPEC §11): an IRO may view any child, but changes
** the records only of children on their own caseload, or of an IRO they
** are recorded as covering on that day.
**
** A QA manager records cover: who covers whom, from and to (both days
** included). Nothing is deleted: cover ended early gets an earlier last
** day; cover withdrawn before it began keeps its dates and is marked
** withdrawn. Every change is written to the audit log with before and after.
*/
#ifndef OVERSIGHT_COVER_H
#define OVERSIGHT_COVER_H

#include "children.h"   /* Errors */

typedef struct Cover {
  int64_t id;
  int64_t coveringIroId, absentIroId;
  char *zCovering, *zAbsent;            /* the IROs' names */
  Date from, to;                        /* both included */
  char *zReason;                        /* as typed, whole; "" when none given */
  int withdrawn;
} Cover;                                /* its strings are its own: cover_clear() */

/* 1 when the IRO userIroId may change childId's records on `today`: the
** child's IRO that day is userIroId, or an IRO whom userIroId covers that
** day. 0 otherwise, including a child with no IRO and userIroId 0. */
int iro_may_change_child(Db *db, int64_t userIroId, int64_t childId, Date today);

/* Record that coveringIroId covers absentIroId from `from` to `to`. Both
** must be different active IROs, from <= to, and to not before today.
** Returns the new id, or 0 with err naming the field ("covering_iro",
** "from", "to") in users' words. */
int64_t cover_add(Db *db, int64_t coveringIroId, int64_t absentIroId, Date from, Date to,
                  const char *zReason, Date today, const char *zActor, Errors *err);

/* Set the last day of cover `id` to lastDay (ending it early, or putting
** right a wrong date). A last day before the cover's first day withdraws
** it: it never applies, and its dates are kept. 0, or -1 with err (field
** "last_day"; "id" when there is no such cover). */
int cover_end(Db *db, int64_t id, Date lastDay, const char *zActor, Errors *err);

/* Which covers to list. */
enum {
  COVER_FOR_ABSENT = 1,     /* absentIroId's covers (the QA manager's view of one IRO) */
  COVER_BY_COVERING = 2,    /* the covers iroId gives (the covering IRO's dashboard) */
};
/* Covers not withdrawn and not over by asOf (to >= asOf), soonest first,
** of iroId as `which` says; iroId 0 lists every one. *paOut (free with
** cover_list_free()) gets them; returns how many, or -1 with none when
** the read failed. With asOf DATE_NONE, past ones and withdrawn ones are
** listed too. */
int cover_list(Db *db, int64_t iroId, int which, Date asOf, Cover **paOut);
/* One cover by id: 1 found (into *out; free with cover_clear()), 0 not
** (out then needs no clearing). */
int cover_get(Db *db, int64_t id, Cover *out);
/* Free what a Cover holds; and a list from cover_list() with its n covers. */
void cover_clear(Cover *c);
void cover_list_free(Cover *a, int n);

#endif
