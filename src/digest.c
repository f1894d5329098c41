/*
** digest.c: who gets a daily digest, on which days, and what it says.
** The items are the deadlines engine's (deadlines.c), the same the IRO's
** home page and `oversight due --iro` list.
*/
#include "digest.h"
#include "audit.h"
#include "children.h"
#include "deadlines.h"
#include "html.h"
#include "iros.h"
#include "outbox.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A digest names at most this many items of each kind; the rest are a
** count and the link to the caseload, so a long backlog is a short email. */
#define DIGEST_LIST_MAX 30

int digest_day(Date d, int *pWithSoon) {
  *pWithSoon = 0;
  if (!cal_is_working_day(d)) return 0;
  /* The first working day of the week: no working day since Monday. */
  int first = 1;
  for (Date x = d - date_weekday(d); x < d; x++) first &= !cal_is_working_day(x);
  *pWithSoon = first;
  return 1;
}

typedef struct Line { int kind; Date due; Item item; const char *zRef; } Line;
enum { K_OVERDUE, K_TODAY, K_SOON };
typedef struct Acc { int64_t iroId; Line *a; int n, cap; int count[3]; } Acc;

static int line_cmp(const void *pa, const void *pb) {
  const Line *a = pa, *b = pb;
  if (a->kind != b->kind) return a->kind - b->kind;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return strcmp(a->zRef, b->zRef);
}

static void child_link(Buf *b, const char *zBase, const char *zRef) {
  if (!zBase || !zBase[0]) return;
  size_t n = strlen(zBase);
  buf_printf(b, " %.*s/children/", (int)(zBase[n - 1] == '/' ? n - 1 : n), zBase);
  url_escape(b, zRef);
}

static void write_body(Buf *b, const Acc *acc, Date asOf, int withSoon, const char *zBase) {
  char zDay[24];
  static const char *const azWeekday[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  buf_printf(b, "Your Oversight digest for %s %s.\n\n", azWeekday[date_weekday(asOf)], date_long(asOf, zDay));
  buf_printf(b, "Overdue: %d\nDue today: %d\n", acc->count[K_OVERDUE], acc->count[K_TODAY]);
  if (withSoon) buf_printf(b, "Due soon: %d\n", acc->count[K_SOON]);
  static const char *const azHead[] = {"Overdue", "Due today", "Due soon"};
  for (int k = 0; k < 3; k++) {
    if (!acc->count[k]) continue;
    buf_printf(b, "\n%s, by child's record number:\n", azHead[k]);
    int shown = 0;
    for (int i = 0; i < acc->n; i++) {
      const Line *l = &acc->a[i];
      if (l->kind != k || shown == DIGEST_LIST_MAX) continue;
      shown++;
      buf_printf(b, "- %s: %s, due %s", l->zRef, item_label(l->item), date_long(l->due, zDay));
      child_link(b, zBase, l->zRef);
      buf_putc(b, '\n');
    }
    if (acc->count[k] > shown) buf_printf(b, "- and %d more\n", acc->count[k] - shown);
  }
  if (zBase && zBase[0]) buf_printf(b, "\nYour caseload: %s\n", zBase);
  buf_puts(b, "\nThis email gives counts and record numbers only. Sign in to Oversight to see who they are.\n"
              "It is sent each working day to the IRO the children are allocated to. To stop it, choose"
              " \"Your emails\" at the top of any page in Oversight.\n");
  if (zBase && zBase[0]) {
    /* On a line of its own: a full stop after it would end up in the link. */
    size_t n = strlen(zBase);
    buf_printf(b, "Your emails: %.*s/account/emails\n", (int)(zBase[n - 1] == '/' ? n - 1 : n), zBase);
  }
}

int digests_build(Db *db, Date asOf, const char *zBaseUrl, DigestList *out) {
  memset(out, 0, sizeof *out);
  int withSoon;
  if (!digest_day(asOf, &withSoon)) return 0;
  IroList *iros = iros_load(db, asOf);
  Acc *aAcc = xcalloc((size_t)(iros->n ? iros->n : 1), sizeof *aAcc);
  for (int i = 0; i < iros->n; i++) aAcc[i].iroId = iros->a[i].id;
  ChildFilter f = {0};
  ChildSet *cs = childset_load(db, &f);
  DeadlineList dl = {0};
  for (int c = 0; c < cs->n; c++) {
    const Child *ch = &cs->a[c];
    const Allocation *al = child_allocation_on(ch, asOf);
    if (!al) continue;
    Acc *acc = NULL;
    for (int i = 0; i < iros->n && !acc; i++) {
      if (aAcc[i].iroId == al->iroId) acc = &aAcc[i];
    }
    if (!acc) continue;
    dl.n = 0;
    deadlines_for_child(ch, asOf, 0, &dl);
    for (int k = 0; k < dl.n; k++) {
      const Deadline *d = &dl.a[k];
      int kind = d->status == ST_OVERDUE ? K_OVERDUE
               : STATUS_IS_OPEN(d->status) && d->due == asOf ? K_TODAY
               : d->status == ST_DUE_SOON && withSoon ? K_SOON : -1;
      if (kind < 0) continue;
      if (acc->n == acc->cap) acc->a = xrealloc(acc->a, (size_t)(acc->cap = acc->cap ? acc->cap * 2 : 16) * sizeof *acc->a);
      acc->a[acc->n++] = (Line){kind, d->due, d->item, ch->zRef};
      acc->count[kind]++;
    }
  }
  deadlines_free(&dl);
  int rc = 0;
  for (int i = 0; i < iros->n; i++) {
    const Iro *iro = &iros->a[i];
    Acc *acc = &aAcc[i];
    /* Nothing to tell is no email: one every day saying "nothing" teaches
    ** people to ignore the ones that matter. */
    if (!iro->active || !(acc->count[K_OVERDUE] + acc->count[K_TODAY] + acc->count[K_SOON])) continue;
    /* The IRO has turned digests off on their account (a user linked to
    ** them says so): none, to whichever address it would go. */
    if (db_int(db, 0, "SELECT count(*) FROM users WHERE iro_id = ? AND disabled = 0 AND email_digests = 0", "I",
               iro->id) > 0) {
      continue;
    }
    char *zTo = NULL;
    if (iro->zEmail && iro->zEmail[0]) {
      zTo = xstrdup(iro->zEmail);
    } else {
      Stmt *s = db_query(db, "SELECT email FROM users WHERE iro_id = ? AND disabled = 0 AND email IS NOT NULL"
                             " AND email <> '' ORDER BY id LIMIT 1", "I", iro->id);
      if (db_step(s) == DB_ROW) zTo = xstrdup(db_col_text(s, 0));
      db_finalize(s);
    }
    if (!zTo) continue;
    qsort(acc->a, (size_t)acc->n, sizeof *acc->a, line_cmp);
    out->a = xrealloc(out->a, (size_t)(out->n + 1) * sizeof *out->a);
    Digest *dg = &out->a[out->n++];
    memset(dg, 0, sizeof *dg);
    dg->iroId = iro->id;
    dg->zTo = zTo;
    dg->nOverdue = acc->count[K_OVERDUE];
    dg->nToday = acc->count[K_TODAY];
    dg->nSoon = acc->count[K_SOON];
    char zDay[24];
    dg->zSubject = withSoon
        ? xmprintf("Oversight: %d overdue, %d due today, %d due soon (%s)", dg->nOverdue, dg->nToday, dg->nSoon,
                   date_long(asOf, zDay))
        : xmprintf("Oversight: %d overdue, %d due today (%s)", dg->nOverdue, dg->nToday, date_long(asOf, zDay));
    Buf b = {0};
    write_body(&b, acc, asOf, withSoon, zBaseUrl);
    dg->zBody = buf_take(&b);
  }
  /* No child read: no digests at all, never ones short of children. */
  if (cs->readError || iros->readError || db_failed(db)) rc = -1;
  for (int i = 0; i < iros->n; i++) free(aAcc[i].a);
  free(aAcc);
  childset_free(cs);
  iros_free(iros);
  return rc;
}

void digests_free(DigestList *l) {
  for (int i = 0; i < l->n; i++) {
    free(l->a[i].zTo);
    free(l->a[i].zSubject);
    free(l->a[i].zBody);
  }
  free(l->a);
  memset(l, 0, sizeof *l);
}

int digests_queue(Db *db, Date asOf, const DigestList *l, const char *zActor, char **pzErr) {
  char zDay[11];
  date_iso(asOf, zDay);
  int nNew = 0, rc = 0;
  if (db_begin(db) != DB_OK) {
    db_rollback(db);
    *pzErr = xmprintf("could not start: %s", db_errmsg(db));
    return -1;
  }
  for (int i = 0; i < l->n && rc == 0; i++) {
    char *zKey = xmprintf("digest:iro:%lld:%s", (long long)l->a[i].iroId, zDay);
    int r = outbox_queue(db, "digest", l->a[i].zTo, l->a[i].zSubject, l->a[i].zBody, zKey, pzErr);
    free(zKey);
    if (r < 0) rc = -1;
    else nNew += r;
  }
  char *zAfter = xmprintf("%d digest%s queued for %s (%d already queued)", nNew, nNew == 1 ? "" : "s", zDay,
                          l->n - nNew);
  rc = outbox_batch_end(db, rc, zActor, "mail.digest", zAfter, pzErr);
  free(zAfter);
  return rc == 0 ? nNew : -1;
}
