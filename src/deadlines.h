/*
** deadlines.h: every deadline of a child, from its records and an "as of"
** date. The one function the IRO dashboards, alerts, reports and the `due`
** command all read from.
*/
#ifndef OVERSIGHT_DEADLINES_H
#define OVERSIGHT_DEADLINES_H

#include "children.h"
#include "unregistered.h"

typedef enum Item {
  ITEM_ALLOCATION,        /* allocation */
  ITEM_REVIEW,            /* review */
  ITEM_RECOMMENDATIONS,   /* recommendations */
  ITEM_MINUTES,           /* minutes */
  ITEM_PERMANENCE,        /* permanence-plan */
  ITEM_PATHWAY,           /* pathway-plan */
  ITEM_DOCUMENTS17,       /* documents-17 */
  ITEM_MIDPOINT_CONTACT,  /* midpoint-contact */
  ITEM_UNREG_QA_NOTIFIED, /* unreg-qa-notified */
  ITEM_UNREG_VISIT,       /* unreg-visit */
  ITEM_OVERSIGHT_RECORD,  /* oversight-record */
  ITEM_RECOMMENDATION,    /* recommendation: one of a review's, by its own due date */
  ITEM_PRE_REVIEW_CONTACT, /* pre-review-contact: the IRO sees the child before each review */
  ITEM__COUNT
} Item;
const char *item_name(Item i);
const char *item_label(Item i);   /* in words: "Review recommendations issued" */

/* ST_MISSED: fell due, was not done, and can no longer be (the child
** moved on from the unregistered placement it was for). History only.
** ST_DUE_TODAY: open on its due day, a state of its own (issue 17): not
** "due soon", since it must be done today, and not yet overdue. It comes
** last so that the values stored or indexed before it keep their numbers. */
typedef enum Status { ST_OK, ST_DUE_SOON, ST_OVERDUE, ST_DONE, ST_DONE_LATE, ST_MISSED, ST_DUE_TODAY } Status;
const char *status_name(Status s); /* ok, due-soon, overdue, done, done-late, missed, due-today */
/* Open deadlines are the ones still to do. */
#define STATUS_IS_OPEN(s) ((s) <= ST_OVERDUE || (s) == ST_DUE_TODAY)
/* Where an open status comes in a worklist: overdue 0, due today 1, due
** soon 2, not due yet 3; anything closed 4. */
int status_rank(Status s);

typedef struct Deadline {
  Item item;
  Status status;
  Date due;
  Date done;          /* DATE_NONE while open */
  int64_t reviewId;   /* the review it belongs to, for recommendations/minutes */
  int64_t recId;      /* the recommendation, for ITEM_RECOMMENDATION; else 0 */
} Deadline;

typedef struct DeadlineList { Deadline *a; int n, cap; } DeadlineList;

/* Status of work due on `due` and done on `done` (DATE_NONE if not yet),
** seen on asOf: done on or before the due date is on time (SPEC §1); open
** work is due soon from the due_soon rule before it, due today on the day
** and overdue the day after. */
Status deadline_status(Date due, Date done, Date asOf);

/* Append every deadline of c as of asOf to out: open ones and, when
** withHistory, the completed ones (done / done-late). Records dated after
** asOf are ignored, so a past day can be replayed. Rules must be loaded. */
void deadlines_for_child(const Child *c, Date asOf, int withHistory, DeadlineList *out);
void deadlines_free(DeadlineList *l);

/* For a child in care on asOf with no IRO that day: the day their wait for
** one is counted from (the allocation item's start: the notification or
** the period's start, or the day their last IRO's allocation ended).
** DATE_NONE for a child not in care or with an IRO. */
Date deadline_waiting_since(const Child *c, Date asOf);

/* ---- Unregistered provision (SPEC §4) -------------------------------------- */

/* Append c's unregistered-provision items as of asOf, counting the records
** in u: unreg-qa-notified, unreg-visit and oversight-record, for each
** spell in unregistered provision. Open ones only while the child is still
** there; a spell the child has left leaves, with history, what was done
** and what fell due there and was missed (ST_MISSED). deadlines_for_child()
** calls it with the child's own records (c->unreg); u may be NULL. */
void deadlines_unregistered(const Child *c, const UnregRecords *u, Date asOf, int withHistory,
                            DeadlineList *out);

/* Spells in unregistered provision known on asOf, in date order: runs of
** unregistered episodes with no gap (as reviews.c counts them), the end
** DATE_NONE while the child is still there on asOf. Fills at most max and
** returns how many there are (more than max: call again with room). */
int unreg_spells(const Child *c, Date asOf, UnregSpell *out, int max);
/* The QA managers' notification counted for spell i of the spells above
** (before or on the placement day is on time), or DATE_NONE. */
Date unreg_notified_on(const Child *c, const UnregRecords *u, const UnregSpell *aSpell, int i,
                       Date asOf);
/* The IRO's first visit to the child during the spell: an iro-visit event,
** or an IRO contact recorded as a visit with the child. DATE_NONE if none. */
Date unreg_visit_on(const Child *c, const UnregRecords *u, const UnregSpell *s, Date asOf);

#endif
