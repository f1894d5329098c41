/*
** deadlines.c: every reviewing-officer deadline of a child (SPEC §1-3).
**
** One pass over a child's records yields each item with its due date and,
** for completed work, when it was done. Nothing here reads the database:
** the caller loads a ChildSet once and runs every child through it.
*/
#include "deadlines.h"
#include "reviews.h"
#include "rules.h"
#include "util.h"

#include <stdlib.h>

static const struct { const char *zName, *zLabel; } aItem[ITEM__COUNT] = {
  [ITEM_ALLOCATION] = {"allocation", "IRO allocated"},
  [ITEM_REVIEW] = {"review", "Child in care review"},
  [ITEM_RECOMMENDATIONS] = {"recommendations", "Review recommendations issued"},
  [ITEM_MINUTES] = {"minutes", "Review minutes issued"},
  [ITEM_PERMANENCE] = {"permanence-plan", "Permanence plan in place"},
  [ITEM_PATHWAY] = {"pathway-plan", "Pathway plan and personal adviser"},
  [ITEM_DOCUMENTS17] = {"documents-17", "NI number, passport, bank account, birth certificate"},
  [ITEM_MIDPOINT_CONTACT] = {"midpoint-contact", "IRO contact between reviews"},
};

const char *item_name(Item i) { return i >= 0 && i < ITEM__COUNT ? aItem[i].zName : "?"; }
const char *item_label(Item i) { return i >= 0 && i < ITEM__COUNT ? aItem[i].zLabel : "?"; }

const char *status_name(Status s) {
  static const char *const az[] = {"ok", "due-soon", "overdue", "done", "done-late"};
  return s >= 0 && s < COUNT(az) ? az[s] : "?";
}

Status deadline_status(Date due, Date done, Date asOf) {
  if (done != DATE_NONE) return done <= due ? ST_DONE : ST_DONE_LATE;
  if (asOf > due) return ST_OVERDUE;
  const Rule *soon = core_rules()->dueSoon;
  /* The window is counted back from the due date in the rule's own unit. */
  if (asOf >= cal_add(due, -soon->amount, soon->unit)) return ST_DUE_SOON;
  return ST_OK;
}

static void push(DeadlineList *l, Item item, Date due, Date done, Date asOf, int withHistory,
                 int64_t reviewId) {
  if (due == DATE_NONE) return;
  Status st = deadline_status(due, done, asOf);
  if (!STATUS_IS_OPEN(st) && !withHistory) return;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->a = xrealloc(l->a, (size_t)l->cap * sizeof *l->a);
  }
  l->a[l->n++] = (Deadline){item, st, due, done, reviewId};
}

void deadlines_free(DeadlineList *l) {
  free(l->a);
  l->a = NULL;
  l->n = l->cap = 0;
}

/* Allocation (SPEC §2): counted from the notification that the child is
** coming into care, or from the start of the period if none was recorded;
** a child whose IRO left without a successor needs a new one counted from
** that day. */
static void allocation_item(const Child *c, const Period *p, Date asOf, int withHistory,
                            DeadlineList *out) {
  const CoreRules *R = core_rules();
  Date from = p->start;
  /* A notification belongs to this period if it came before it started
  ** and after any earlier period ended (the previous allocation's end). */
  if (c->notified != DATE_NONE && c->notified <= p->start && c->notified <= asOf) {
    Date prevEnd = DATE_NONE;
    for (int i = 0; i < p->iFirst; i++) prevEnd = c->ep[i].end;
    if (prevEnd == DATE_NONE || c->notified > prevEnd) from = c->notified;
  }
  const Allocation *now = child_allocation_on(c, asOf);
  Date first = DATE_NONE, lastEnd = DATE_NONE;
  for (int i = 0; i < c->nAl; i++) {
    const Allocation *a = &c->al[i];
    if (a->start > asOf) continue;
    if (a->end != DATE_NONE && a->end <= from) continue;  /* an earlier period's */
    if (first == DATE_NONE) first = a->start < from ? from : a->start;
    if (a->end != DATE_NONE && a->end <= asOf) lastEnd = a->end;
  }
  if (now) {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, from), first, asOf, withHistory, 0);
  } else if (first != DATE_NONE && lastEnd != DATE_NONE) {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, lastEnd), DATE_NONE, asOf, withHistory, 0);
  } else {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, from), DATE_NONE, asOf, withHistory, 0);
  }
}

/* The due date for an age-related check: the birthday, or, for a child
** who came into care already older, the period's first review. */
static Date age_check_due(const Rule *age, const Child *c, const Period *p) {
  Date d = rule_age_date(age, c->dob);
  if (d < p->start) d = rule_due(core_rules()->reviewFirst, p->start);
  return d;
}

void deadlines_for_child(const Child *c, Date asOf, int withHistory, DeadlineList *out) {
  const CoreRules *R = core_rules();

  /* Recommendations and minutes of every review held, in care or not:
  ** a child who has left is still owed the record of their last review. */
  for (int i = 0; i < c->nRv; i++) {
    const Review *r = &c->rv[i];
    if (r->held > asOf) break;
    Date rec = r->recommendations <= asOf ? r->recommendations : DATE_NONE;
    Date min = r->minutes <= asOf ? r->minutes : DATE_NONE;
    if (withHistory) push(out, ITEM_REVIEW, review_due_for(c, i), r->held, asOf, 1, r->id);
    push(out, ITEM_RECOMMENDATIONS, rule_due(R->reviewRecommendations, r->held), rec, asOf,
         withHistory, r->id);
    push(out, ITEM_MINUTES, rule_due(R->reviewMinutes, r->held), min, asOf, withHistory, r->id);
  }

  Period p;
  if (!child_in_care(c, asOf, &p)) return;
  allocation_item(c, &p, asOf, withHistory, out);

  int nHeld;
  Date next = review_next_due(c, &p, asOf, &nHeld);
  push(out, ITEM_REVIEW, next, DATE_NONE, asOf, withHistory, 0);

  /* Reviews of this period, for the checks each must show. */
  int iFirst = -1, nIn = 0;
  Date last = DATE_NONE;
  for (int i = 0; i < c->nRv; i++) {
    if (c->rv[i].held >= p.start && c->rv[i].held <= asOf) {
      if (iFirst < 0) iFirst = i;
      nIn++;
      last = c->rv[i].held;
    }
  }

  /* Permanence plan by the Nth review: its due date is that review's. */
  int nth = R->permanenceByReview->amount;
  if (nIn >= 1 && nth >= 1) {
    Date due = nIn >= nth ? review_due_for(c, iFirst + nth - 1) : (nIn == nth - 1 ? next : DATE_NONE);
    Date done = DATE_NONE;
    for (int i = iFirst; i < iFirst + nIn; i++) {
      if (c->rv[i].permanence == 1) {
        done = c->rv[i].held;
        break;
      }
    }
    push(out, ITEM_PERMANENCE, due, done, asOf, withHistory, 0);
  }

  /* Pathway plan (16+) and documents (17+) are checked at reviews: show
  ** them once the age falls before the next review is due. */
  Date pathDue = age_check_due(R->pathwayAge, c, &p);
  if (pathDue <= next) {
    Date done = DATE_NONE;
    for (int i = iFirst; i >= 0 && i < iFirst + nIn; i++) {
      const Review *r = &c->rv[i];
      if (r->pathway == 1 && r->adviser == 1) {
        done = r->held;
        break;
      }
    }
    push(out, ITEM_PATHWAY, pathDue, done, asOf, withHistory, 0);
  }
  Date docDue = age_check_due(R->documentsAge, c, &p);
  if (docDue <= next) {
    /* Each document counts from the first review that recorded it; the
    ** item is done when the last of the four is in place. */
    Date got[4] = {DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE};
    for (int i = iFirst; i >= 0 && i < iFirst + nIn; i++) {
      const Review *r = &c->rv[i];
      signed char f[4] = {r->niNumber, r->passport, r->bankAccount, r->birthCertificate};
      for (int j = 0; j < 4; j++) {
        if (f[j] == 1 && got[j] == DATE_NONE) got[j] = r->held;
      }
    }
    Date done = got[0];
    for (int j = 1; j < 4 && done != DATE_NONE; j++) {
      done = got[j] == DATE_NONE ? DATE_NONE : (got[j] > done ? got[j] : done);
    }
    push(out, ITEM_DOCUMENTS17, docDue, done, asOf, withHistory, 0);
  }

  /* Contact at the midpoint between the last review and the next. */
  if (nIn >= 1) {
    Date mid = last + (next - last) / 2;
    Date done = DATE_NONE;
    for (int i = 0; i < c->nCt; i++) {
      if (c->ct[i].on > last && c->ct[i].on <= asOf) {
        done = c->ct[i].on;
        break;
      }
    }
    push(out, ITEM_MIDPOINT_CONTACT, mid, done, asOf, withHistory, 0);
  }
}
