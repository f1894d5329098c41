/*
** alerts.h: every overdue or due-soon item reaches the person responsible
** as an alert, and acknowledging one records who and when (SPEC "Alerts").
** An acknowledged alert stays on the list until the work is done: the
** acknowledgement says someone has seen it, not that it is finished.
*/
#ifndef OVERSIGHT_ALERTS_H
#define OVERSIGHT_ALERTS_H

#include "children.h"
#include "deadlines.h"

typedef struct Alert {
  const Child *c;               /* in the ChildSet given to alerts_for() */
  Deadline d;                   /* status ST_DUE_SOON, ST_DUE_TODAY or ST_OVERDUE */
  int acked;                    /* acknowledged by someone */
  char zAckedBy[128];           /* their display name */
  char zAckedAt[24];            /* UTC, YYYY-MM-DDTHH:MM:SSZ */
  char zNote[256];
} Alert;

/* The alerts of the children in cs as of asOf, overdue first, each with
** its latest acknowledgement. *pn gets how many; the caller frees. */
Alert *alerts_for(Db *db, const ChildSet *cs, Date asOf, int *pn);

/* Acknowledge the alert for (child, item, due date), with an optional
** note. The item must be one of the deadline item names and the alert must
** be open as of asOf. 0, or -1 with errors in users' words. Audited. */
int alert_acknowledge(Db *db, const Child *c, const char *zItem, Date due, int64_t userId,
                      const char *zActor, const char *zNote, Date asOf, Errors *err);

#endif
