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
#include <string.h>

static const struct { const char *zName, *zLabel; } aItem[ITEM__COUNT] = {
  [ITEM_ALLOCATION] = {"allocation", "IRO allocated"},
  [ITEM_REVIEW] = {"review", "Child in care review"},
  [ITEM_RECOMMENDATIONS] = {"recommendations", "Review recommendations issued"},
  [ITEM_MINUTES] = {"minutes", "Review minutes issued"},
  [ITEM_PERMANENCE] = {"permanence-plan", "Permanence plan in place"},
  [ITEM_PATHWAY] = {"pathway-plan", "Pathway plan and personal adviser"},
  [ITEM_DOCUMENTS17] = {"documents-17", "NI number, passport, bank account, birth certificate"},
  [ITEM_MIDPOINT_CONTACT] = {"midpoint-contact", "IRO contact between reviews"},
  [ITEM_UNREG_QA_NOTIFIED] = {"unreg-qa-notified", "QA managers notified of the unregistered placement"},
  [ITEM_UNREG_VISIT] = {"unreg-visit", "IRO visit to the child in unregistered provision"},
  [ITEM_OVERSIGHT_RECORD] = {"oversight-record", "Monthly oversight record (checks a to d)"},
  [ITEM_RECOMMENDATION] = {"recommendation", "Review recommendation carried out"},
  [ITEM_PRE_REVIEW_CONTACT] = {"pre-review-contact", "IRO contact with the child before the review"},
};

const char *item_name(Item i) { return i >= 0 && i < ITEM__COUNT ? aItem[i].zName : "?"; }
const char *item_label(Item i) { return i >= 0 && i < ITEM__COUNT ? aItem[i].zLabel : "?"; }

const char *status_name(Status s) {
  static const char *const az[] = {"ok", "due-soon", "overdue", "done", "done-late", "missed", "due-today"};
  return s >= 0 && s < COUNT(az) ? az[s] : "?";
}

int status_rank(Status s) {
  switch (s) {
    case ST_OVERDUE: return 0;
    case ST_DUE_TODAY: return 1;
    case ST_DUE_SOON: return 2;
    case ST_OK: return 3;
    default: return 4;
  }
}

Status deadline_status(Date due, Date done, Date asOf) {
  if (done != DATE_NONE) return done <= due ? ST_DONE : ST_DONE_LATE;
  if (asOf > due) return ST_OVERDUE;
  if (asOf == due) return ST_DUE_TODAY;
  const Rule *soon = core_rules()->dueSoon;
  /* The window is counted back from the due date in the rule's own unit. */
  if (asOf >= cal_add(due, -soon->amount, soon->unit)) return ST_DUE_SOON;
  return ST_OK;
}

static void push_status(DeadlineList *l, Item item, Status st, Date due, Date done,
                        int withHistory, int64_t reviewId) {
  if (!STATUS_IS_OPEN(st) && !withHistory) return;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->a = xrealloc(l->a, (size_t)l->cap * sizeof *l->a);
  }
  l->a[l->n++] = (Deadline){item, st, due, done, reviewId, 0};
}

static void push(DeadlineList *l, Item item, Date due, Date done, Date asOf, int withHistory,
                 int64_t reviewId) {
  if (due == DATE_NONE) return;
  push_status(l, item, deadline_status(due, done, asOf), due, done, withHistory, reviewId);
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
/* The day the wait for an IRO is counted from in period p (see above),
** with the first allocation's start in it (*pFirst) and the end of the
** latest ended one (*pLastEnd), each DATE_NONE when none. */
static Date allocation_from(const Child *c, const Period *p, Date asOf, Date *pFirst, Date *pLastEnd) {
  Date from = p->start;
  /* A notification belongs to this period if it came before it started
  ** and after any earlier period ended (the previous allocation's end). */
  if (c->notified != DATE_NONE && c->notified <= p->start && c->notified <= asOf) {
    Date prevEnd = DATE_NONE;
    for (int i = 0; i < p->iFirst; i++) prevEnd = c->ep[i].end;
    if (prevEnd == DATE_NONE || c->notified > prevEnd) from = c->notified;
  }
  Date first = DATE_NONE, lastEnd = DATE_NONE;
  for (int i = 0; i < c->nAl; i++) {
    const Allocation *a = &c->al[i];
    if (a->start > asOf) continue;
    if (a->end != DATE_NONE && a->end <= from) continue;  /* an earlier period's */
    if (first == DATE_NONE) first = a->start < from ? from : a->start;
    if (a->end != DATE_NONE && a->end <= asOf) lastEnd = a->end;
  }
  *pFirst = first;
  *pLastEnd = lastEnd;
  return from;
}

static void allocation_item(const Child *c, const Period *p, Date asOf, int withHistory,
                            DeadlineList *out) {
  const CoreRules *R = core_rules();
  Date first, lastEnd;
  Date from = allocation_from(c, p, asOf, &first, &lastEnd);
  const Allocation *now = child_allocation_on(c, asOf);
  if (now) {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, from), first, asOf, withHistory, 0);
  } else if (first != DATE_NONE && lastEnd != DATE_NONE) {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, lastEnd), DATE_NONE, asOf, withHistory, 0);
  } else {
    push(out, ITEM_ALLOCATION, rule_due(R->iroAllocation, from), DATE_NONE, asOf, withHistory, 0);
  }
}

Date deadline_waiting_since(const Child *c, Date asOf) {
  Period p;
  if (!child_in_care(c, asOf, &p) || child_allocation_on(c, asOf)) return DATE_NONE;
  Date first, lastEnd;
  Date from = allocation_from(c, &p, asOf, &first, &lastEnd);
  return first != DATE_NONE && lastEnd != DATE_NONE ? lastEnd : from;
}

/* The due date for an age-related check: the birthday, or, for a child
** who came into care already older, the period's first review. */
static Date age_check_due(const Rule *age, const Child *c, const Period *p) {
  Date d = rule_age_date(age, c->dob);
  if (d < p->start) d = rule_due(core_rules()->reviewFirst, p->start);
  return d;
}

/* Each recommendation of a review held by asOf, due by its own date
** (rule recommendation_overdue counts on from it). Owed whether or not
** the child is still in care: the people named took it on. One marked
** not done (with its reason) can no longer be done: missed, history
** only, like a visit to a placement the child has left. */
static void recommendation_items(const Child *c, Date asOf, int withHistory, DeadlineList *out) {
  const Rule *r = core_rules()->recommendationOverdue;
  for (int i = 0; i < c->nRc; i++) {
    const Recommendation *x = &c->rc[i];
    if (x->held > asOf || x->due == DATE_NONE) continue;
    Date due = rule_due(r, x->due);
    Date closed = x->closed != DATE_NONE && x->closed <= asOf ? x->closed : DATE_NONE;
    int n = out->n;
    if (closed != DATE_NONE && x->status == REC_NOT_DONE) {
      push_status(out, ITEM_RECOMMENDATION, ST_MISSED, due, closed, withHistory, x->reviewId);
    } else {
      push(out, ITEM_RECOMMENDATION, due, closed, asOf, withHistory, x->reviewId);
    }
    if (out->n > n) out->a[n].recId = x->id;
  }
}

/* The first contact after `after` and on or before `until` whose
** with_whom is one of the bits of mask, or DATE_NONE. Contacts are in date
** order. */
static Date first_contact(const Child *c, unsigned mask, Date after, Date until) {
  for (int i = 0; i < c->nCt; i++) {
    const Contact *x = &c->ct[i];
    if (x->on > after && x->on <= until && (contact_with_bit(x->with) & mask)) return x->on;
  }
  return DATE_NONE;
}

/* The pre-review contact for a review due on `due`: the IRO's contact
** with the child (contact_counts), due pre_review_contact working days
** before the review is due. What counts is a contact in the run-up: after
** the midpoint between the review before (prev, DATE_NONE for the first of
** the period) and this one, so the midpoint contact does not count twice;
** for the first review of a period, any contact from the period's start. */
static Date pre_review_due(Date due) {
  const Rule *r = core_rules()->preReviewContact;
  return cal_add(due, -r->amount, r->unit);
}
static Date pre_review_after(const Period *p, Date prev, Date due) {
  return prev == DATE_NONE ? p->start - 1 : prev + (due - prev) / 2;
}

/* The open item for the next review (due `next`; `last` the last review
** held in period p, or DATE_NONE) and, with history, one for each review
** already held in care: done by the first counting contact on or before
** the day it was held (a review held early brings its item forward to the
** day it was held). */
static void pre_review_next(const Child *c, const Period *p, Date last, Date next, Date asOf,
                            int withHistory, DeadlineList *out) {
  const CoreRules *R = core_rules();
  if (withHistory) {
    for (int i = 0; i < c->nRv; i++) {
      const Review *r = &c->rv[i];
      if (r->held > asOf) break;
      Date due = review_due_for(c, i);
      Period q;
      if (due == DATE_NONE || !child_last_period(c, r->held, &q)) continue;
      Date prev = i > 0 && c->rv[i - 1].held >= q.start ? c->rv[i - 1].held : DATE_NONE;
      Date by = pre_review_due(due);
      if (r->held < by) by = r->held;
      Date done = first_contact(c, R->preReviewWith, pre_review_after(&q, prev, due), r->held);
      /* No contact before a review already held can no longer be made
      ** up: missed, history only (never an alert nobody can clear). */
      if (done == DATE_NONE) push_status(out, ITEM_PRE_REVIEW_CONTACT, ST_MISSED, by, DATE_NONE, 1, r->id);
      else push(out, ITEM_PRE_REVIEW_CONTACT, by, done, asOf, 1, r->id);
    }
  }
  if (next == DATE_NONE) return;
  Date done = first_contact(c, R->preReviewWith, pre_review_after(p, last, next), asOf);
  push(out, ITEM_PRE_REVIEW_CONTACT, pre_review_due(next), done, asOf, withHistory, 0);
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

  recommendation_items(c, asOf, withHistory, out);

  /* Placements in unregistered provision, before the in-care test: a
  ** child who has left care keeps the history of them. */
  deadlines_unregistered(c, &c->unreg, asOf, withHistory, out);

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

  /* Contact at the midpoint between the last review and the next: only
  ** the contacts table contact_counts names count (with the child or the
  ** social worker as shipped). */
  if (nIn >= 1) {
    Date mid = last + (next - last) / 2;
    push(out, ITEM_MIDPOINT_CONTACT, mid, first_contact(c, R->midpointWith, last, asOf), asOf,
         withHistory, 0);
  }
  pre_review_next(c, &p, last, next, asOf, withHistory, out);
}

/* ---- Unregistered provision (SPEC §4, domain/000_...) ----------------------
**
** Each spell in unregistered provision starts its own clock: the QA
** managers notified by the placement day, the IRO's visit within
** unreg_iro_visit, and an oversight record every unreg_oversight_record
** counted from the last one (or the placement). The reviews while the
** child is there are review_next_due()'s, not repeated here.
**
** When the child moves on, what is not yet due is no longer owed, and
** what fell due while they were there and was not done is closed as
** missed: unlike a review, which the child in care still needs, a visit to
** a placement they have left can no longer happen, and an alert that can
** never be cleared would only teach people to ignore alerts. The missed
** item stays in the history (and in the month's exceptions report); the
** reviews rule "a date that fell due while there stands" is kept in the
** sense that such a date is never forgotten, only no longer open. */

int unreg_spells(const Child *c, Date asOf, UnregSpell *out, int max) {
  int n = 0;
  for (int i = 0; i < c->nEp; i++) {
    const Episode *e = &c->ep[i];
    if (e->start > asOf) break;
    if (e->registration != REG_UNREGISTERED) continue;
    int first = i;
    /* The run goes on while the next episode is unregistered too and
    ** begins no later than this one ended (as periods of care join). */
    while (i + 1 < c->nEp && c->ep[i + 1].registration == REG_UNREGISTERED &&
           c->ep[i + 1].start <= asOf && c->ep[i].end != DATE_NONE &&
           c->ep[i + 1].start <= c->ep[i].end) {
      i++;
    }
    Date end = c->ep[i].end;
    if (end != DATE_NONE && end > asOf) end = DATE_NONE;   /* not known to have ended yet */
    if (n < max) out[n] = (UnregSpell){e->start, end, first, i - first + 1};
    n++;
  }
  return n;
}

/* The last day a record can count for the spell as known on asOf. */
static Date spell_limit(const UnregSpell *s, Date asOf) {
  return s->end == DATE_NONE || s->end > asOf ? asOf : s->end;
}

static int spell_has_episode(const Child *c, const UnregSpell *s, int64_t episodeId) {
  for (int i = s->iFirst; i < s->iFirst + s->nEp; i++) {
    if (c->ep[i].id == episodeId) return 1;
  }
  return 0;
}

Date unreg_notified_on(const Child *c, const UnregRecords *u, const UnregSpell *aSpell, int i,
                       Date asOf) {
  if (!u) return DATE_NONE;
  const UnregSpell *s = &aSpell[i];
  Date prevEnd = i > 0 ? aSpell[i - 1].end : DATE_NONE;
  Date limit = spell_limit(s, asOf);
  for (int k = 0; k < u->nEv; k++) {
    const UnregEvent *ev = &u->ev[k];
    if (ev->kind != UNREG_QA_NOTIFIED || ev->on > asOf) continue;
    /* Linked to an episode of this spell; or, unlinked, told after any
    ** earlier spell ended (notice often comes before the placement is
    ** recorded) and before this one did. */
    if (ev->episodeId ? spell_has_episode(c, s, ev->episodeId)
                      : (prevEnd == DATE_NONE || ev->on > prevEnd) && ev->on <= limit) {
      return ev->on;
    }
  }
  return DATE_NONE;
}

Date unreg_visit_on(const Child *c, const UnregRecords *u, const UnregSpell *s, Date asOf) {
  Date limit = spell_limit(s, asOf), found = DATE_NONE;
  for (int k = 0; u && k < u->nEv; k++) {
    const UnregEvent *ev = &u->ev[k];
    if (ev->kind == UNREG_IRO_VISIT && ev->on >= s->start && ev->on <= limit) {
      found = ev->on;
      break;
    }
  }
  /* The flowchart has the visit "recorded on the child's file as an IRO
  ** contact": one recorded that way counts, so nobody records it twice. */
  for (int k = 0; k < c->nCt; k++) {
    const Contact *ct = &c->ct[k];
    if (ct->on > limit || (found != DATE_NONE && ct->on >= found)) break;
    if (ct->on >= s->start && strcmp(ct->kind, "visit") == 0 && strcmp(ct->with, "child") == 0) {
      found = ct->on;
      break;
    }
  }
  return found;
}

static int month_of_date(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return y * 12 + m - 1;
}

/* An item of a spell: open while the child is there; once they have moved
** on, done ones stay as history, and ones that fell due there undone are
** missed. Not yet due when they left: no longer owed. */
static void spell_item(DeadlineList *out, Item item, const UnregSpell *s, Date due, Date done,
                       Date asOf, int withHistory) {
  if (due == DATE_NONE) return;
  if (s->end == DATE_NONE || done != DATE_NONE) {
    push(out, item, due, done, asOf, withHistory, 0);
  } else if (due <= s->end) {
    push_status(out, item, ST_MISSED, due, DATE_NONE, withHistory, 0);
  }
}

void deadlines_unregistered(const Child *c, const UnregRecords *u, Date asOf, int withHistory,
                            DeadlineList *out) {
  UnregSpell aLocal[16], *aSpell = aLocal;
  int nSpell = unreg_spells(c, asOf, aLocal, COUNT(aLocal));
  if (nSpell > COUNT(aLocal)) {
    aSpell = xmalloc((size_t)nSpell * sizeof *aSpell);
    unreg_spells(c, asOf, aSpell, nSpell);
  }
  /* Without history only a spell still running can have anything open. */
  int iFrom = withHistory ? 0 : nSpell - 1;
  if (nSpell == 0 || (!withHistory && aSpell[nSpell - 1].end != DATE_NONE)) iFrom = nSpell;
  /* Looked up by name only for a child with something to show (a few in
  ** a hundred), so the search costs nothing worth caching. */
  const Rule *rQa = NULL, *rVisit = NULL, *rRecord = NULL;
  if (iFrom < nSpell) {
    rQa = rule("unreg_qa_notification");
    rVisit = rule("unreg_iro_visit");
    rRecord = rule("unreg_oversight_record");
  }
  for (int i = iFrom; i < nSpell; i++) {
    const UnregSpell *s = &aSpell[i];
    spell_item(out, ITEM_UNREG_QA_NOTIFIED, s, rule_due(rQa, s->start),
               unreg_notified_on(c, u, aSpell, i, asOf), asOf, withHistory);
    spell_item(out, ITEM_UNREG_VISIT, s, rule_due(rVisit, s->start),
               unreg_visit_on(c, u, s, asOf), asOf, withHistory);

    /* Monthly records: each is due a month after the one before (the
    ** first a month after placement) and done by the next made. A record
    ** counts for the spell by the month it is for, so one for the last
    ** month there that is written after the move still counts. */
    int mFirst = month_of_date(s->start);
    int mLast = s->end == DATE_NONE ? month_of_date(asOf)
                                    : month_of_date(s->end > s->start ? s->end - 1 : s->start);
    Date from = s->start;
    for (int k = 0; u && k < u->nRec; k++) {
      const OversightRec *r = &u->rec[k];
      if (r->recorded > asOf || r->month < mFirst || r->month > mLast) continue;
      push(out, ITEM_OVERSIGHT_RECORD, rule_due(rRecord, from), r->recorded, asOf, withHistory, 0);
      if (r->recorded > from) from = r->recorded;
    }
    spell_item(out, ITEM_OVERSIGHT_RECORD, s, rule_due(rRecord, from), DATE_NONE, asOf,
               withHistory);
  }
  if (aSpell != aLocal) free(aSpell);
}
