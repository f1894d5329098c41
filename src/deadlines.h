/*
** deadlines.h: every deadline of a child, from its records and an "as of"
** date. The one function the IRO dashboards, alerts, reports and the `due`
** command all read from.
*/
#ifndef OVERSIGHT_DEADLINES_H
#define OVERSIGHT_DEADLINES_H

#include "children.h"

typedef enum Item {
  ITEM_ALLOCATION,        /* allocation */
  ITEM_REVIEW,            /* review */
  ITEM_RECOMMENDATIONS,   /* recommendations */
  ITEM_MINUTES,           /* minutes */
  ITEM_PERMANENCE,        /* permanence-plan */
  ITEM_PATHWAY,           /* pathway-plan */
  ITEM_DOCUMENTS17,       /* documents-17 */
  ITEM_MIDPOINT_CONTACT,  /* midpoint-contact */
  ITEM__COUNT
} Item;
const char *item_name(Item i);
const char *item_label(Item i);   /* in words: "Review recommendations issued" */

typedef enum Status { ST_OK, ST_DUE_SOON, ST_OVERDUE, ST_DONE, ST_DONE_LATE } Status;
const char *status_name(Status s); /* ok, due-soon, overdue, done, done-late */
/* Open deadlines are the ones still to do. */
#define STATUS_IS_OPEN(s) ((s) <= ST_OVERDUE)

typedef struct Deadline {
  Item item;
  Status status;
  Date due;
  Date done;          /* DATE_NONE while open */
  int64_t reviewId;   /* the review it belongs to, for recommendations/minutes */
} Deadline;

typedef struct DeadlineList { Deadline *a; int n, cap; } DeadlineList;

/* Status of work due on `due` and done on `done` (DATE_NONE if not yet),
** seen on asOf: done on or before the due date is on time (SPEC §1); open
** work is due soon from the due_soon rule before it and overdue the day
** after. */
Status deadline_status(Date due, Date done, Date asOf);

/* Append every deadline of c as of asOf to out: open ones and, when
** withHistory, the completed ones (done / done-late). Records dated after
** asOf are ignored, so a past day can be replayed. Rules must be loaded. */
void deadlines_for_child(const Child *c, Date asOf, int withHistory, DeadlineList *out);
void deadlines_free(DeadlineList *l);

#endif
