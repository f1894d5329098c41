/*
** reviews.c: the child in care review schedule and review records
** (SPEC §3, and §4 for children in unregistered provision).
*/
#include "reviews.h"
#include "audit.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is review r part of period p as known on asOf? */
static int in_period(const Review *r, const Period *p, Date asOf) {
  return r->held >= p->start && r->held <= asOf && (p->end == DATE_NONE || r->held <= p->end);
}

static Date min_date(Date a, Date b) { return a < b ? a : b; }

Date review_next_due(const Child *c, const Period *p, Date asOf, int *pnHeld) {
  const CoreRules *R = core_rules();
  Date last = DATE_NONE;
  int k = 0;
  for (int i = 0; i < c->nRv; i++) {
    if (in_period(&c->rv[i], p, asOf)) {
      last = c->rv[i].held;
      k++;
    }
  }
  if (pnHeld) *pnHeld = k;
  Date due = k == 0 ? rule_due(R->reviewFirst, p->start)
                    : rule_due(k == 1 ? R->reviewSecond : R->reviewLater, last);
  Date from = k == 0 ? p->start : last;

  /* Spells in unregistered provision: runs of unregistered episodes. Each
  ** spell still running after the last review can bring the date forward,
  ** but only to a date that falls while the child is still there: once
  ** the child moves on, the ordinary schedule applies again. */
  int end = p->iFirst + p->nEp;
  for (int i = p->iFirst; i < end; i++) {
    const Episode *e = &c->ep[i];
    if (e->registration != REG_UNREGISTERED || e->start > asOf) continue;
    Date spellStart = e->start;
    while (i + 1 < end && c->ep[i + 1].registration == REG_UNREGISTERED &&
           c->ep[i + 1].start <= asOf) {
      i++;
    }
    Date spellEnd = c->ep[i].end;
    if (spellEnd != DATE_NONE && spellEnd > asOf) spellEnd = DATE_NONE;
    if (spellEnd != DATE_NONE && spellEnd <= from) continue;
    Date cand = (spellStart > from || k == 0) ? rule_due(R->unregFirstReview, spellStart)
                                              : rule_due(R->unregReview, last);
    if (spellEnd == DATE_NONE || cand <= spellEnd) due = min_date(due, cand);
  }
  return due;
}

Date review_due_for(const Child *c, int i) {
  const Review *r = &c->rv[i];
  if (r->due != DATE_NONE) return r->due;
  /* The schedule as it stood the day before: reviews before this one. */
  Period p;
  if (!child_last_period(c, r->held, &p)) return DATE_NONE;
  if (p.end != DATE_NONE && p.end < r->held) return DATE_NONE;  /* held out of care */
  return review_next_due(c, &p, r->held - 1, NULL);
}

static int age_on(const Rule *ageRule, Date dob, Date on) {
  return on >= rule_age_date(ageRule, dob);
}

void review_validate(const Child *c, const Review *r, Date asOf, Errors *err) {
  const CoreRules *R = core_rules();
  char z[24];
  if (r->held == DATE_NONE) {
    errors_add(err, "held", "Enter the date the review was held");
  } else if (r->held > asOf) {
    errors_add(err, "held", "The date the review was held must be today or in the past");
  } else if (r->held < c->dob) {
    errors_add(err, "held", "The review cannot be before the child's date of birth (%s)",
               date_long(c->dob, z));
  } else if (!child_in_care(c, r->held, NULL)) {
    errors_add(err, "held", "%s %s was not in care on %s: check the date, or the child's episodes",
               c->zGiven, c->zFamily, date_long(r->held, z));
  }
  if (!r->participation[0]) {
    errors_add(err, "participation", "Select how the child took part in the review");
  } else if (strlen(r->participation) != 3 || strncmp(r->participation, "PN", 2) != 0 ||
             r->participation[2] < '0' || r->participation[2] > '7') {
    errors_add(err, "participation", "Participation must be a code from PN0 to PN7");
  } else if (r->held != DATE_NONE) {
    int under = !age_on(R->pn0Age, c->dob, r->held);
    int pn0 = strcmp(r->participation, "PN0") == 0;
    if (pn0 && !under) {
      errors_add(err, "participation", "PN0 is only for a child under %d on the review date",
                 R->pn0Age->amount);
    } else if (!pn0 && under) {
      errors_add(err, "participation", "A child under %d on the review date must have code PN0",
                 R->pn0Age->amount);
    }
  }
  if (!r->mode) errors_add(err, "mode", "Select whether the review was in person or virtual");
  struct { Date d; const char *zField, *zWhat; } aAfter[] = {
    {r->recommendations, "recommendations", "Recommendations"},
    {r->minutes, "minutes", "Minutes"},
  };
  for (int i = 0; i < COUNT(aAfter); i++) {
    if (aAfter[i].d == DATE_NONE) continue;
    if (aAfter[i].d > asOf) {
      errors_add(err, aAfter[i].zField, "The date %s were issued must be today or in the past",
                 aAfter[i].zField);
    } else if (r->held != DATE_NONE && aAfter[i].d < r->held) {
      errors_add(err, aAfter[i].zField, "%s cannot be issued before the review was held",
                 aAfter[i].zWhat);
    }
  }
  if (r->permanenceType[0] && r->permanence != 1) {
    errors_add(err, "permanence_type", "Say a permanence plan is in place, or leave its type empty");
  }
}

int review_findings(const Child *c, const Review *r, char out[][96], int max) {
  const CoreRules *R = core_rules();
  int n = 0;
#define FINDING(...) do { if (n < max) snprintf(out[n++], 96, __VA_ARGS__); } while (0)
  /* Which review of the period is this? Permanence is due by the Nth. */
  Period p;
  int k = 0;
  for (int i = 0; child_last_period(c, r->held, &p) && i < c->nRv; i++) {
    if (c->rv[i].held >= p.start && c->rv[i].held <= r->held) k++;
  }
  if (k >= R->permanenceByReview->amount && r->permanence != 1) {
    FINDING("No permanence plan by review %d of this period of care", k);
  }
  if (age_on(R->independenceAge, c->dob, r->held) && r->independence != 1) {
    FINDING("Independence skills not discussed (age %d or over)", R->independenceAge->amount);
  }
  if (age_on(R->pathwayAge, c->dob, r->held)) {
    if (r->pathway != 1) FINDING("No pathway plan (age %d or over)", R->pathwayAge->amount);
    if (r->adviser != 1) FINDING("No personal adviser (age %d or over)", R->pathwayAge->amount);
  }
  if (age_on(R->documentsAge, c->dob, r->held)) {
    if (r->niNumber != 1) FINDING("No national insurance number");
    if (r->passport != 1) FINDING("No passport");
    if (r->bankAccount != 1) FINDING("No bank account");
    if (r->birthCertificate != 1) FINDING("No copy of the birth certificate");
  }
  if (age_on(R->advocacyAge, c->dob, r->held)) {
    if (r->advocacy != 1) FINDING("Advocacy not discussed (age %d or over)", R->advocacyAge->amount);
    if (r->independentVisitor != 1) FINDING("Independent visitor not discussed (age %d or over)", R->advocacyAge->amount);
  }
#undef FINDING
  return n;
}

/* One line describing a review, for the audit log's before and after. */
static char *review_describe(const Review *r) {
  char a[11], b[11], cc[11], d[11];
  return xmprintf("held %s due %s participation %s mode %s recommendations %s minutes %s"
                  " iro %lld advocate %d permanence %d pathway %d adviser %d documents %d%d%d%d",
                  date_iso(r->held, a), date_iso(r->due, b), r->participation,
                  r->mode == 'p' ? "in-person" : r->mode == 'v' ? "virtual" : "",
                  date_iso(r->recommendations, cc), date_iso(r->minutes, d),
                  (long long)r->iroId, r->advocate, r->permanence, r->pathway, r->adviser,
                  r->niNumber, r->passport, r->bankAccount, r->birthCertificate);
}

int review_save(Db *db, const Child *c, Review *r, Date asOf, const char *zActor, Errors *err) {
  review_validate(c, r, asOf, err);
  if (err->n) return -1;
  /* The due date is what the schedule gave before this review: judge it
  ** against the other reviews only (a correction may move this one). */
  Child other = *c;
  Review *aRv = xmalloc((size_t)(c->nRv + 1) * sizeof *aRv);
  const Review *pOld = NULL;
  other.nRv = 0;
  for (int i = 0; i < c->nRv; i++) {
    if (r->id && c->rv[i].id == r->id) pOld = &c->rv[i];
    else aRv[other.nRv++] = c->rv[i];
  }
  other.rv = aRv;
  if (r->id && !pOld) {
    free(aRv);
    errors_add(err, "held", "That review does not belong to this child");
    return -1;
  }
  Period p;
  r->due = child_last_period(&other, r->held, &p) ? review_next_due(&other, &p, r->held - 1, NULL)
                                                  : DATE_NONE;
  free(aRv);

  const char *zMode = r->mode == 'p' ? "in-person" : "virtual";
  char zRec[40];
  snprintf(zRec, sizeof zRec, "child:%s", c->zRef);
  char *zBefore = pOld ? review_describe(pOld) : NULL;
  char *zAfter = review_describe(r);
  db_begin(db);
  int rc;
  if (r->id) {
    rc = db_exec(db,
        "UPDATE review SET held_on=?, due_on=?, planned_on=?, iro_id=?, mode=?, child_chaired=?,"
        " participation=?, advocate=?, iro_saw_child=?, recommendations_on=?, minutes_on=?,"
        " permanence_plan=?, permanence_type=?, independence_discussed=?, pathway_plan=?,"
        " personal_adviser=?, ni_number=?, passport=?, bank_account=?, birth_certificate=?,"
        " advocacy_discussed=?, independent_visitor_discussed=? WHERE id=? AND child_id=?",
        "DDDrsbsbbDDbsbbbbbbbbbII", (int)r->held, (int)r->due, (int)r->planned,
        r->iroId, zMode, r->childChaired, r->participation, r->advocate,
        r->sawChild, (int)r->recommendations, (int)r->minutes, r->permanence,
        r->permanenceType[0] ? r->permanenceType : NULL, r->independence, r->pathway,
        r->adviser, r->niNumber, r->passport, r->bankAccount, r->birthCertificate, r->advocacy,
        r->independentVisitor, r->id, c->id);
  } else {
    Stmt *s = db_query(db,
        "INSERT INTO review(child_id, held_on, due_on, planned_on, iro_id, mode, child_chaired,"
        " participation, advocate, iro_saw_child, recommendations_on, minutes_on,"
        " permanence_plan, permanence_type, independence_discussed, pathway_plan,"
        " personal_adviser, ni_number, passport, bank_account, birth_certificate,"
        " advocacy_discussed, independent_visitor_discussed)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "IDDDrsbsbbDDbsbbbbbbbbb", c->id, (int)r->held, (int)r->due, (int)r->planned,
        r->iroId, zMode, r->childChaired, r->participation, r->advocate,
        r->sawChild, (int)r->recommendations, (int)r->minutes, r->permanence,
        r->permanenceType[0] ? r->permanenceType : NULL, r->independence, r->pathway,
        r->adviser, r->niNumber, r->passport, r->bankAccount, r->birthCertificate, r->advocacy,
        r->independentVisitor);
    rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
    if (rc == DB_OK) r->id = db_col_int(s, 0);
    db_finalize(s);
  }
  if (rc == DB_OK) {
    rc = audit_write(db, zActor, pOld ? "review.correct" : "review.add", zRec, zBefore, zAfter, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    char z[24];
    if (db_err_is_constraint(db)) {
      errors_add(err, "held", "A review on %s is already recorded for this child: correct that one instead",
                 date_long(r->held, z));
    } else {
      errors_add(err, "held", "Could not save the review: %s", db_errmsg(db));
    }
    if (!pOld) r->id = 0;
  }
  free(zBefore);
  free(zAfter);
  return rc == DB_OK ? 0 : -1;
}

void contact_validate(Date on, const char *zKind, const char *zWith, Date asOf, Errors *err) {
  static const char *const azKind[] = {"visit", "call", "message", "letter"};
  static const char *const azWith[] = {"child", "social-worker", "carer", "other"};
  int okKind = 0, okWith = 0;
  for (int i = 0; i < COUNT(azKind); i++) okKind |= zKind && strcmp(zKind, azKind[i]) == 0;
  for (int i = 0; i < COUNT(azWith); i++) okWith |= zWith && strcmp(zWith, azWith[i]) == 0;
  if (on == DATE_NONE) errors_add(err, "contact_on", "Enter the date of the contact");
  else if (on > asOf) errors_add(err, "contact_on", "The date of the contact must be today or in the past");
  if (!okKind) errors_add(err, "kind", "Select the kind of contact: visit, call, message or letter");
  if (!okWith) errors_add(err, "with", "Select who the contact was with: child, social-worker, carer or other");
}

int contact_add(Db *db, int64_t childId, int64_t iroId, Date on, const char *zKind,
                const char *zWith, const char *zNote, Date asOf, const char *zActor, Errors *err) {
  contact_validate(on, zKind, zWith, asOf, err);
  if (err->n) return -1;
  char zOn[11];
  date_iso(on, zOn);
  char *zRec = child_record_name(db, childId);
  char *zAfter = xmprintf("%s %s with %s", zOn, zKind, zWith);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom, note)"
                       " VALUES(?, ?, ?, ?, ?, ?)", "Irssss", childId, iroId, zOn, zKind, zWith,
                   zNote && *zNote ? zNote : NULL);
  if (rc == DB_OK) rc = audit_write(db, zActor, "contact.add", zRec, NULL, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "contact_on", "Could not save the contact: %s", db_errmsg(db));
  free(zRec);
  free(zAfter);
  return rc == DB_OK ? 0 : -1;
}
