/*
** alerts.c: alerts and their acknowledgements.
*/
#include "alerts.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int alert_cmp(const void *pa, const void *pb) {
  const Alert *a = pa, *b = pb;
  /* Overdue, then due today, then due soon. */
  if (a->d.status != b->d.status) return status_rank(a->d.status) - status_rank(b->d.status);
  if (a->d.due != b->d.due) return a->d.due < b->d.due ? -1 : 1;
  return strcmp(a->c->zRef, b->c->zRef);
}

/* The latest acknowledgement of one alert, if any, into a. */
static void load_ack(Db *db, Alert *a) {
  char zDue[11];
  Stmt *s = db_query(db,
      "SELECT u.display_name, k.acked_at, k.note FROM alert_ack k JOIN users u ON u.id = k.user_id"
      " WHERE k.child_id = ? AND k.item = ? AND k.due_on = ? ORDER BY k.acked_at DESC, k.id DESC LIMIT 1",
      "Iss", a->c->id, item_name(a->d.item), date_iso(a->d.due, zDue));
  if (db_step(s) == DB_ROW) {
    a->acked = 1;
    snprintf(a->zAckedBy, sizeof a->zAckedBy, "%s", db_col_text(s, 0));
    snprintf(a->zAckedAt, sizeof a->zAckedAt, "%s", db_col_text(s, 1));
    snprintf(a->zNote, sizeof a->zNote, "%s", db_col_text(s, 2));
  }
  db_finalize(s);
}

Alert *alerts_for(Db *db, const ChildSet *cs, Date asOf, int *pn) {
  Alert *a = NULL;
  int n = 0, cap = 0;
  DeadlineList dl = {0};
  for (int i = 0; i < cs->n; i++) {
    dl.n = 0;
    deadlines_for_child(&cs->a[i], asOf, 0, &dl);
    for (int k = 0; k < dl.n; k++) {
      if (dl.a[k].status == ST_OK || !STATUS_IS_OPEN(dl.a[k].status)) continue;
      if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 32) * sizeof *a);
      memset(&a[n], 0, sizeof a[n]);
      a[n].c = &cs->a[i];
      a[n].d = dl.a[k];
      load_ack(db, &a[n]);
      n++;
    }
  }
  deadlines_free(&dl);
  if (n) qsort(a, (size_t)n, sizeof *a, alert_cmp);
  *pn = n;
  return a;
}

int alert_acknowledge(Db *db, const Child *c, const char *zItem, Date due, int64_t userId,
                      const char *zActor, const char *zNote, Date asOf, Errors *err) {
  int item = -1;
  for (int i = 0; i < ITEM__COUNT; i++) {
    if (zItem && strcmp(zItem, item_name((Item)i)) == 0) item = i;
  }
  if (item < 0) errors_add(err, "item", "Choose which alert to acknowledge");
  if (due == DATE_NONE) errors_add(err, "due", "Choose which alert to acknowledge");
  if (zNote && strlen(zNote) > 250) errors_add(err, "note", "The note must be 250 characters or fewer");
  if (err->n) return -1;
  /* Only an alert that is open now can be acknowledged. */
  DeadlineList dl = {0};
  deadlines_for_child(c, asOf, 0, &dl);
  int open = 0;
  for (int k = 0; k < dl.n; k++) {
    open |= (int)dl.a[k].item == item && dl.a[k].due == due &&
            dl.a[k].status != ST_OK && STATUS_IS_OPEN(dl.a[k].status);
  }
  deadlines_free(&dl);
  if (!open) {
    errors_add(err, "item", "This alert is no longer open: the work may already be done");
    return -1;
  }
  char zAt[32], zDue[11];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
  date_iso(due, zDue);
  char *zRec = xmprintf("child:%s", c->zRef);
  char *zAfter = xmprintf("%s due %s acknowledged%s%s", zItem, zDue, zNote && *zNote ? ": " : "",
                          zNote ? zNote : "");
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO alert_ack(child_id, item, due_on, user_id, acked_at, note)"
                       " VALUES(?, ?, ?, ?, ?, ?)", "IssIss", c->id, zItem, zDue, userId, zAt,
                   zNote && *zNote ? zNote : NULL);
  if (rc == DB_OK) rc = audit_write(db, zActor, "alert.ack", zRec, NULL, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "item", "Could not save the acknowledgement: %s", db_errmsg(db));
  free(zRec);
  free(zAfter);
  return rc == DB_OK ? 0 : -1;
}
