/*
** demo_casework.c: the demo's casework beyond the care history: the
** oversight of children in unregistered provision (SPEC §4) and
** escalations at every stage (SPEC §5). Written through the same domain
** functions a user's input goes through, so every record is validated and
** audited like real work. Deterministic for (seed, asOf).
*/
#include "demo.h"
#include "escalations.h"
#include "iros.h"
#include "recommendations.h"
#include "reviews.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTOR = "demo";

/* Notified on the day of placement, visited within the fortnight, and a
** monthly oversight record for each month the child was there: mostly
** yes, with the gaps an IRO would note. */
static int unregistered_casework(Db *db, const Child *c, Date asOf, unsigned seed, Errors *err) {
  UnregSpell a[8];
  int n = unreg_spells(c, asOf, a, COUNT(a));
  for (int i = 0; i < n; i++) {
    const UnregSpell *s = &a[i];
    Date last = s->end == DATE_NONE ? asOf : s->end;
    if (!unreg_event_add(db, c, "qa-notified", s->start, "QA manager", NULL, asOf, ACTOR, err)) return -1;
    Date visit = s->start + 3 + (int)((seed + (unsigned)c->id) % 9);
    if (visit <= last &&
        !unreg_event_add(db, c, "iro-visit", visit, "IRO", "Seen at the placement", asOf, ACTOR, err)) {
      return -1;
    }
    /* A record for each whole month there, made early the next month. */
    int y, m, d;
    date_to_ymd(s->start, &y, &m, &d);
    for (Date first = date_from_ymd(y, m, 1);; first = date_add_months(first, 1)) {
      Date next = date_add_months(first, 1);
      Date recorded = next + 2;
      if (recorded > asOf || first > last) break;
      char zMonth[8];
      date_to_ymd(first, &y, &m, &d);
      snprintf(zMonth, sizeof zMonth, "%04d-%02d", y, m);
      OversightInput in = {0};
      in.zMonth = zMonth;
      in.recorded = recorded;
      unsigned r = seed * 31u + (unsigned)c->id * 7u + (unsigned)m;
      for (int k = 0; k < N_CHECKS; k++) in.check[k] = (r >> k) % 5 != 0;
      if (!in.check[CHECK_SEEN_AWAY]) in.azNote[CHECK_SEEN_AWAY] = "Not seen away from the placement this month";
      if (!in.check[CHECK_WEEKLY_VISITS]) in.azNote[CHECK_WEEKLY_VISITS] = "Social worker visited fortnightly; escalated";
      if (!oversight_record_save(db, c, &in, asOf, ACTOR, err)) return -1;
    }
  }
  return 0;
}

static const char *const azCategory[] = {"permanence", "care-planning", "practice-concerns", "drift-and-delay"};
static const char *const azTopic[] = {"placement", "education", "family-time", "legal-status", "resources", "health"};
static const char *const azConcern[] = {
  "The permanence plan has not progressed since the last review.",
  "The care plan does not say how family time will be supported.",
  "Statutory visits have not been made within timescales.",
  "The application to discharge the care order has not been made.",
  "The education plan has not been updated since the school move.",
  "The request for therapeutic support has not been funded.",
};
static const char *const azResponder[] = {
  "Team manager", "Team manager", "Service manager", "Head of locality", "Director",
  "Executive director", "Cafcass",
};

/* One escalation raised `ago` days before asOf, taken to stage `stages`
** (0 informal .. 6 Cafcass), then closed if `close`. */
static int one_escalation(Db *db, const Child *c, int k, int ago, int stages, int close, Date asOf,
                          Errors *err) {
  const char *azChild[1] = {c->zRef};
  const Allocation *al = child_allocation_on(c, asOf);
  EscalationInput in = {
    .azChild = azChild, .nChild = 1,
    .zCategory = azCategory[k % COUNT(azCategory)], .zTopic = azTopic[k % COUNT(azTopic)],
    .zConcern = azConcern[k % COUNT(azConcern)],
    .zOutcomeWanted = "A plan with dates, agreed with the child's social worker.",
    .zRaisedBy = "IRO", .iroId = al ? al->iroId : 0,
    .zStage = "informal", .zResponder = azResponder[0], .raised = asOf - ago,
  };
  int64_t id = escalation_raise(db, &in, asOf, ACTOR, err);
  if (!id) return -1;
  Date on = in.raised;
  for (int s = 1; s <= stages; s++) {
    on += 7;
    /* Some stages are answered before moving on, some not at all. */
    if ((k + s) % 2 && escalation_respond(db, id, "Reviewed; more time needed.", on - 4, asOf, ACTOR, err)) return -1;
    if (escalation_move(db, id, "No resolution at this stage", azResponder[s], on, asOf, ACTOR, err)) return -1;
  }
  /* Each stage's responder has an address at a reserved domain (RFC 2606),
  ** by their role ("team-manager@council.example"), written here rather
  ** than through the raise and the moves: the demo's history is not news,
  ** so it queues no email, but its reminders and overdue notices can be
  ** tried (`oversight mail digest --dry-run`). */
  for (int s = 0; s <= stages; s++) {
    char *zEmail = xmprintf("%s@council.example", escalation_stage_name(s));
    int rc = db_exec(db, "UPDATE escalation_stage SET responder_email = ? WHERE escalation_id = ? AND stage = ?",
                     "sIi", zEmail, id, s);
    free(zEmail);
    if (rc != DB_OK) {
      errors_add(err, "escalation", "Could not save the responder's email: %s", db_errmsg(db));
      return -1;
    }
  }
  if (close) {
    on += 3;
    if (escalation_respond(db, id, "Agreed: the plan is updated.", on, asOf, ACTOR, err)) return -1;
    static const char *const azOutcome[] = {"resolved", "resolved", "partly-resolved", "withdrawn"};
    if (escalation_close(db, id, azOutcome[k % 4], "The child's plan now has dates that are being kept.",
                         on, asOf, ACTOR, err)) {
      return -1;
    }
  }
  return 0;
}

/* Recommendations a review makes, SMART and for the child, by the role
** that must carry each out. */
static const struct { const char *zRole, *zName, *zText; int days; } aDemoRec[] = {
  {"social-worker", "Lee Harper", "Complete the updated care plan and share it with the child and carers", 28},
  {"social-worker", "Lee Harper", "Arrange family time with the child's brother at least monthly and record the child's views", 42},
  {"team-manager", "Priya Nair", "Agree the funding for the tutor the child asked for", 21},
  {"carer", "Jo Whitfield", "Book a dental check-up and tell the social worker the date", 30},
  {"health", "School nurse", "Complete the review health assessment", 56},
  {"education", "Virtual School", "Update the personal education plan with the new reading targets", 35},
  {"iro", "", "Visit the child at school before the next review to hear their views", 60},
  {"social-worker", "Lee Harper", "Apply for the child's passport so they can go on the school trip", 90},
  {"other", "Advocacy service", "Offer the child an advocate for their next review", 28},
};
static const char *const azNotDone[] = {
  "The child moved placement and the new carers are arranging it instead",
  "Overtaken by the care proceedings: the court set a new timetable",
};

/* Two or three recommendations at each of the child's last two reviews:
** the earlier ones mostly done (one in eight not done, with the reason),
** a few carried forward still open, and the latest ones some open, some
** already overdue. */
static int recommendations_casework(Db *db, const Child *c, Date asOf, unsigned seed, int *pn, Errors *err) {
  for (int k = c->nRv - 2 < 0 ? 0 : c->nRv - 2; k < c->nRv; k++) {
    const Review *r = &c->rv[k];
    if (r->held > asOf) continue;
    int latest = k == c->nRv - 1;
    unsigned h = seed * 2654435761u + (unsigned)c->id * 40503u + (unsigned)k;
    int n = 2 + (int)(h % 2);
    for (int j = 0; j < n; j++) {
      unsigned hj = h + (unsigned)j * 7919u;
      int pick = (int)(hj % COUNT(aDemoRec));
      Date due = r->held + aDemoRec[pick].days;
      RecInput in = {aDemoRec[pick].zText, aDemoRec[pick].zRole, aDemoRec[pick].zName, due};
      int64_t id = rec_add(db, c, r->id, &in, ACTOR, err);
      if (!id) return -1;
      (*pn)++;
      unsigned fate = (hj / 13u) % 8u;
      Date on = due - (Date)((hj / 7u) % 10u);
      if (on < r->held) on = r->held;
      if (on > asOf) continue;                     /* not yet due: open */
      if (latest ? fate < 5 : fate < 6) {
        if (rec_note(db, id, on, "Done: confirmed by the social worker", asOf, ACTOR, err) ||
            rec_close(db, id, REC_DONE, on, NULL, asOf, ACTOR, err)) return -1;
      } else if (!latest && fate == 6) {
        if (rec_close(db, id, REC_NOT_DONE, on, azNotDone[hj % 2], asOf, ACTOR, err)) return -1;
      } else if (rec_note(db, id, on, "Chased with the team manager: not done yet", asOf, ACTOR, err)) {
        return -1;
      }
    }
  }
  return 0;
}

/* The meeting of each child's latest review: where, who was invited and
** took part (the child as their participation code says), the child's
** views, and the IRO's view of the plan; the letter sent with the record. */
static int meeting_casework(Db *db, const Child *c, Date asOf, unsigned seed, Errors *err) {
  static const char *const azPlace[] = {"The child's foster home", "The child's school", "Online (video call)",
                                        "Southgate Family Centre", "The children's home"};
  static const char *const azView[] = {
    "The plan meets the child's needs; family time needs to be settled before the next review.",
    "The plan is right for the child. The IRO will check progress on the health assessment at the midpoint.",
    "The plan is drifting: the IRO has asked the team manager for a permanence decision within a month.",
  };
  const Review *r = &c->rv[c->nRv - 1];
  if (r->held > asOf) return 0;
  unsigned h = seed * 2246822519u + (unsigned)c->id * 3266489917u;
  ReviewMeeting m;
  review_meeting_init(&m);
  free(m.zLocation);
  m.zLocation = xstrdup(r->mode == 'v' ? azPlace[2] : azPlace[h % COUNT(azPlace) == 2 ? 0 : h % COUNT(azPlace)]);
  int pn = r->participation[0] ? r->participation[2] - '0' : -1;
  if (pn >= 1) {
    review_meeting_attendee(&m, "child", c->zGiven, pn <= 4 ? "attended" : pn <= 6 ? "sent-views" : "did-not");
    m.viewsForm = (signed char)((h >> 3) % 3 != 0);
    snprintf(m.zViewsHow, sizeof m.zViewsHow, "%s", pn == 1 ? "at-meeting" : pn == 2 || pn == 5 ? "advocate"
                                                    : pn == 3 || pn == 6 ? "other-way" : pn == 4 ? "form" : "not-given");
  }
  review_meeting_attendee(&m, "social-worker", "Lee Harper", "attended");
  review_meeting_attendee(&m, "carer", "Jo Whitfield", (h >> 5) % 4 ? "attended" : "sent-views");
  review_meeting_attendee(&m, "parent", "", (h >> 7) % 3 == 0 ? "attended" : (h >> 7) % 3 == 1 ? "sent-views" : "did-not");
  if ((h >> 9) % 2) review_meeting_attendee(&m, "education", "Virtual School", "sent-views");
  if (r->permanence == 1) {
    free(m.zPlanView);
    m.zPlanView = xstrdup(azView[(h >> 11) % COUNT(azView)]);
  }
  int rc = review_meeting_save(db, c, r, &m, ACTOR, err);
  review_meeting_free(&m);
  if (rc == 0 && r->minutes != DATE_NONE && (h >> 13) % 4 != 0) {
    rc = review_mark_sent(db, c, r->id, 1, r->minutes, asOf, ACTOR, err);
  }
  return rc;
}

int demo_casework(Db *db, unsigned seed, Date asOf, int *pnEscalations, char **pzErr) {
  ChildSet *cs = childset_load(db, NULL);
  if (cs->readError) {
    *pzErr = xmprintf("demo casework: cannot read the children: %s", db_errmsg(db));
    childset_free(cs);
    return -1;
  }
  Errors err = {0};
  int rc = 0, nEsc = 0, nInCare = 0, nRec = 0;
  /* One transaction for the lot: each record's own commit (and its sync
  ** to disk) would make the demo's thousands of them slow. */
  db_begin(db);
  for (int i = 0; i < cs->n && rc == 0; i++) {
    if (unreg_spells(&cs->a[i], asOf, (UnregSpell[1]){0}, 1) > 0) {
      rc = unregistered_casework(db, &cs->a[i], asOf, seed, &err);
    }
    nInCare += child_in_care(&cs->a[i], asOf, NULL);
    if (rc == 0 && child_in_care(&cs->a[i], asOf, NULL) && cs->a[i].nRv) {
      rc = recommendations_casework(db, &cs->a[i], asOf, seed, &nRec, &err);
    }
    if (rc == 0 && child_in_care(&cs->a[i], asOf, NULL) && cs->a[i].nRv) {
      rc = meeting_casework(db, &cs->a[i], asOf, seed, &err);
    }
  }
  if (rc == 0) rc = db_commit(db) == DB_OK ? 0 : -1;
  else db_rollback(db);
  /* About one child in twenty has an escalation; every stage appears. */
  int want = nInCare / 20 < 14 ? 14 : nInCare / 20;
  for (int i = 0, k = 0; i < cs->n && k < want && rc == 0; i++) {
    const Child *c = &cs->a[(int)((i * 7919u + seed) % (unsigned)cs->n)];
    if (!child_in_care(c, asOf, NULL) || !child_allocation_on(c, asOf)) continue;
    int stages = k % 7, close = (k / 7) % 2 == 1;
    /* A week at each stage, then a few days more: the newest are waiting
    ** for an answer, the oldest are past the 20-working-day limit. */
    int ago = 7 * stages + 1 + (k * 5) % 12 + (close ? 6 : 0);
    rc = one_escalation(db, c, k, ago, stages, close, asOf, &err);
    k++;
    nEsc = k;
  }
  childset_free(cs);
  if (rc != 0) {
    *pzErr = xmprintf("could not write the demo casework: %s: %s", err.n ? err.a[0].zField : "?",
                      err.n ? err.a[0].zMsg : db_errmsg(db));
    return -1;
  }
  if (pnEscalations) *pnEscalations = nEsc;
  return 0;
}
