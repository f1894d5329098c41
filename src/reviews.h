/*
** reviews.h: child in care reviews (SPEC §3): the schedule, the review
** record and its validation, the practice-standard checks.
*/
#ifndef OVERSIGHT_REVIEWS_H
#define OVERSIGHT_REVIEWS_H

#include "children.h"

/* The next review date for the period of care p, counting only reviews
** held on or before asOf (SPEC §3 and §4):
**   no review yet in the period: start + review_first;
**   after the first:  last held + review_second;
**   after later ones: last held + review_later;
** and, while the child is in unregistered provision, the stricter of that
** and placement + unreg_first_review (no review since placement) or last
** held + unreg_review, when that date falls while the child is still
** there. *pnHeld gets the number of reviews held in the period so far. */
Date review_next_due(const Child *c, const Period *p, Date asOf, int *pnHeld);

/* The due date of review index i (into c->rv) as the schedule gave it
** from the reviews before it: what its timeliness is judged against. A
** due date stored when it was recorded wins over the computed one. */
Date review_due_for(const Child *c, int i);

/* Validate r for child c (already loaded) in the users' words, then save
** it (insert when r->id == 0, else correct review r->id) with its audit
** entry. On success r->id is set and r->due filled from the schedule.
** asOf is today: a review cannot be held in the future. */
int review_save(Db *db, const Child *c, Review *r, Date asOf, const char *zActor, Errors *err);
/* Validation alone (no database): used by review_save and by forms. */
void review_validate(const Child *c, const Review *r, Date asOf, Errors *err);

/* Practice-standard findings for a review (SPEC §3): each missing item
** for the child's age on the review date, in words, one per line into
** out. Returns how many. */
int review_findings(const Child *c, const Review *r, char out[][96], int max);

/* Validate a contact in users' words (field names contact_on, kind, with). */
void contact_validate(Date on, const char *zKind, const char *zWith, Date asOf, Errors *err);
/* Record an IRO contact between reviews. */
int contact_add(Db *db, int64_t childId, int64_t iroId, Date on, const char *zKind,
                const char *zWith, const char *zNote, Date asOf, const char *zActor, Errors *err);

#endif
