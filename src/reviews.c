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
  if (r->childChaired == 1 && r->held != DATE_NONE && !review_chair_allowed(c, r->held)) {
    errors_add(err, "child_chaired", "A child can chair their review from age %d: %s %s was younger on the review date",
               R->reviewChairAge->amount, c->zGiven, c->zFamily);
  }
  if (r->permanenceType[0] && !*review_code_label(review_plan_types, r->permanenceType)) {
    errors_add(err, "permanence_type", "Select the type of permanence plan from the list");
  } else if (r->permanenceType[0] && r->permanence != 1) {
    errors_add(err, "permanence_type", "Say a permanence plan is in place, or leave its type empty");
  }
}

int review_chair_allowed(const Child *c, Date held) {
  return held != DATE_NONE && age_on(core_rules()->reviewChairAge, c->dob, held);
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
  char e[11];
  /* Every field the form changes, so a correction's entry shows each one
  ** before and after (the plan type was once missing here). */
  return xmprintf("held %s due %s planned %s participation %s mode %s recommendations %s minutes %s"
                  " iro %lld chaired-by-child %d advocate %d saw-child %d permanence %d"
                  " permanence-type %s independence %d pathway %d adviser %d documents %d%d%d%d"
                  " advocacy %d independent-visitor %d",
                  date_iso(r->held, a), date_iso(r->due, b), date_iso(r->planned, e), r->participation,
                  r->mode == 'p' ? "in-person" : r->mode == 'v' ? "virtual" : "",
                  date_iso(r->recommendations, cc), date_iso(r->minutes, d),
                  (long long)r->iroId, r->childChaired, r->advocate, r->sawChild, r->permanence,
                  r->permanenceType[0] ? r->permanenceType : "-", r->independence, r->pathway,
                  r->adviser, r->niNumber, r->passport, r->bankAccount, r->birthCertificate,
                  r->advocacy, r->independentVisitor);
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

/* ---- The meeting ------------------------------------------------------------ */

const char *const review_plan_types[] = {
  "return-home", "Return home",
  "special-guardianship", "Special guardianship",
  "adoption", "Adoption",
  "long-term-fostering", "Long-term fostering",
  "child-arrangements-order", "Child arrangements order",
  "residential", "Residential care",
  "independence", "Independence",
  "other", "Other",
  NULL,
};
const char *const review_views_how[] = {
  "spoke-to-iro", "Told the IRO before the review",
  "at-meeting", "Spoke at the meeting",
  "form", "Filled in their views form",
  "advocate", "Through an advocate",
  "someone-else", "Through their carer or family",
  "other-way", "Another way, such as a drawing, video or message",
  "not-given", "Their views were not given",
  NULL,
};
const char *const review_attendee_roles[] = {
  "child", "The child",
  "parent", "Parent or family member",
  "carer", "Carer",
  "social-worker", "Social worker",
  "team-manager", "Team manager",
  "advocate", "Advocate",
  "health", "Health",
  "education", "Education",
  "iro", "IRO",
  "other", "Someone else",
  NULL,
};
const char *const review_took_part[] = {
  "attended", "Attended",
  "sent-views", "Sent their views",
  "did-not", "Did not attend or send views",
  NULL,
};

const char *review_code_label(const char *const *a, const char *z) {
  for (int i = 0; z && a[i]; i += 2) {
    if (strcmp(a[i], z) == 0) return a[i + 1];
  }
  return "";
}

/* Characters, not bytes: the maxima are promised to people, who count
** "é" as one. */
static size_t chars(const char *z) {
  size_t n = 0;
  for (; z && *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  return n;
}

void review_meeting_init(ReviewMeeting *m) {
  memset(m, 0, sizeof *m);
  m->zLocation = xstrdup("");
  m->zPlanOther = xstrdup("");
  m->zPlanView = xstrdup("");
  m->viewsForm = -1;
  m->letterSent = DATE_NONE;
}

void review_meeting_free(ReviewMeeting *m) {
  free(m->zLocation);
  free(m->zPlanOther);
  free(m->zPlanView);
  for (int i = 0; i < m->nAtt; i++) free(m->aAtt[i].zName);
  free(m->aAtt);
  memset(m, 0, sizeof *m);
}

void review_meeting_attendee(ReviewMeeting *m, const char *zRole, const char *zName, const char *zTookPart) {
  m->aAtt = xrealloc(m->aAtt, (size_t)(m->nAtt + 1) * sizeof *m->aAtt);
  ReviewAttendee *a = &m->aAtt[m->nAtt++];
  /* Codes only fit the fields; anything longer is no code and fails
  ** validation (an "X" marks it, never a cut-down look-alike). */
  snprintf(a->zRole, sizeof a->zRole, "%s", strlen(zRole) < sizeof a->zRole ? zRole : "X");
  snprintf(a->zTookPart, sizeof a->zTookPart, "%s", strlen(zTookPart) < sizeof a->zTookPart ? zTookPart : "X");
  a->zName = xstrdup(zName ? zName : "");
}

int review_meeting_load(Db *db, int64_t reviewId, ReviewMeeting *m) {
  review_meeting_init(m);
  Stmt *s = db_query(db, "SELECT location, permanence_other, plan_view, views_form, views_how, letter_sent_on"
                         " FROM review WHERE id=?", "I", reviewId);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    free(m->zLocation);
    free(m->zPlanOther);
    free(m->zPlanView);
    m->zLocation = xstrdup(db_col_text(s, 0));
    m->zPlanOther = xstrdup(db_col_text(s, 1));
    m->zPlanView = xstrdup(db_col_text(s, 2));
    m->viewsForm = (signed char)db_col_bool3(s, 3);
    snprintf(m->zViewsHow, sizeof m->zViewsHow, "%s", db_col_text(s, 4));
    m->letterSent = db_col_date(s, 5);
  }
  db_finalize(s);
  if (rc == DB_ERROR) goto fail;
  s = db_query(db, "SELECT role, name, took_part FROM review_attendee WHERE review_id=? ORDER BY position",
               "I", reviewId);
  while ((rc = db_step(s)) == DB_ROW) {
    review_meeting_attendee(m, db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2));
  }
  db_finalize(s);
  if (rc == DB_DONE) return 0;
fail:
  review_meeting_free(m);
  review_meeting_init(m);
  return -1;
}

void review_meeting_validate(const Review *r, const ReviewMeeting *m, Errors *err) {
  (void)r;
  if (chars(m->zLocation) > REVIEW_MAX_LOCATION) {
    errors_add(err, "location", "Where the review was held must be %d characters or fewer (it has %zu)",
               REVIEW_MAX_LOCATION, chars(m->zLocation));
  }
  for (int i = 0; i < m->nAtt; i++) {
    const ReviewAttendee *a = &m->aAtt[i];
    char zF[32];
    snprintf(zF, sizeof zF, "att%d_role", i + 1);
    if (!*review_code_label(review_attendee_roles, a->zRole)) {
      errors_add(err, zF, "Select the role of person %d invited", i + 1);
    }
    snprintf(zF, sizeof zF, "att%d_name", i + 1);
    if (chars(a->zName) > REVIEW_MAX_ATTENDEE_NAME) {
      errors_add(err, zF, "The name of person %d invited must be %d characters or fewer (it has %zu)", i + 1,
                 REVIEW_MAX_ATTENDEE_NAME, chars(a->zName));
    }
    snprintf(zF, sizeof zF, "att%d_took_part", i + 1);
    if (!*review_code_label(review_took_part, a->zTookPart)) {
      errors_add(err, zF, "Select whether person %d invited attended, sent their views or did not", i + 1);
    }
  }
  if (m->nAtt > REVIEW_MAX_ATTENDEES) {
    errors_add(err, "att1_role", "Record at most %d people invited", REVIEW_MAX_ATTENDEES);
  }
  if (m->zViewsHow[0] && !*review_code_label(review_views_how, m->zViewsHow)) {
    errors_add(err, "views_how", "Select how the child's views were given from the list");
  }
  if (r->permanenceType[0] && strcmp(r->permanenceType, "other") == 0 && !m->zPlanOther[0]) {
    errors_add(err, "permanence_other", "Enter the type of permanence plan");
  } else if (chars(m->zPlanOther) > REVIEW_MAX_PLAN_OTHER) {
    errors_add(err, "permanence_other", "The other type of permanence plan must be %d characters or fewer (it has %zu)",
               REVIEW_MAX_PLAN_OTHER, chars(m->zPlanOther));
  } else if (m->zPlanOther[0] && strcmp(r->permanenceType, "other") != 0) {
    errors_add(err, "permanence_other", "Select \"Other\" as the type of plan, or leave the other type empty");
  }
  if (chars(m->zPlanView) > REVIEW_MAX_PLAN_VIEW) {
    errors_add(err, "plan_view", "The IRO's view of the plan must be %d characters or fewer (it has %zu)",
               REVIEW_MAX_PLAN_VIEW, chars(m->zPlanView));
  }
}

/* The attendees as one line for the audit log. */
static char *attendees_describe(const ReviewMeeting *m) {
  Buf b = {0};
  for (int i = 0; i < m->nAtt; i++) {
    buf_printf(&b, "%s%s %s (%s)", i ? "; " : "", m->aAtt[i].zRole, m->aAtt[i].zName, m->aAtt[i].zTookPart);
  }
  return b.z ? buf_take(&b) : xstrdup("-");
}

/* Append "name: value" of a changed field to pBefore and pAfter. */
static void changed(Buf *pBefore, Buf *pAfter, const char *zName, const char *zOld, const char *zNew) {
  if (strcmp(zOld, zNew) == 0) return;
  buf_printf(pBefore, "%s%s: %s", pBefore->n ? "; " : "", zName, zOld[0] ? zOld : "-");
  buf_printf(pAfter, "%s%s: %s", pAfter->n ? "; " : "", zName, zNew[0] ? zNew : "-");
}

int review_meeting_save(Db *db, const Child *c, const Review *r, const ReviewMeeting *m,
                        const char *zActor, Errors *err) {
  review_meeting_validate(r, m, err);
  if (err->n) return -1;
  ReviewMeeting old;
  if (review_meeting_load(db, r->id, &old) != 0) {
    errors_add(err, "location", "Could not read the review: %s", db_errmsg(db));
    return -1;
  }
  Buf before = {0}, after = {0};
  const char *azYN[] = {"not recorded", "no", "yes"};
  changed(&before, &after, "location", old.zLocation, m->zLocation);
  changed(&before, &after, "permanence-other", old.zPlanOther, m->zPlanOther);
  changed(&before, &after, "plan-view", old.zPlanView, m->zPlanView);
  changed(&before, &after, "views-form", azYN[old.viewsForm + 1], azYN[m->viewsForm + 1]);
  changed(&before, &after, "views-how", old.zViewsHow, m->zViewsHow);
  char *zOldAtt = attendees_describe(&old), *zNewAtt = attendees_describe(m);
  changed(&before, &after, "attendees", zOldAtt, zNewAtt);
  free(zOldAtt);
  free(zNewAtt);
  review_meeting_free(&old);
  if (!before.n) return 0;      /* nothing changed: no write, no entry */

  char zRec[40];
  snprintf(zRec, sizeof zRec, "child:%s", c->zRef);
  db_begin(db);
  int rc = db_exec(db, "UPDATE review SET location=?, permanence_other=?, plan_view=?, views_form=?, views_how=?"
                       " WHERE id=? AND child_id=?", "sssbsII",
                   m->zLocation[0] ? m->zLocation : NULL, m->zPlanOther[0] ? m->zPlanOther : NULL,
                   m->zPlanView[0] ? m->zPlanView : NULL, m->viewsForm,
                   m->zViewsHow[0] ? m->zViewsHow : NULL, r->id, c->id);
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM review_attendee WHERE review_id=?", "I", r->id);
  for (int i = 0; rc == DB_OK && i < m->nAtt; i++) {
    rc = db_exec(db, "INSERT INTO review_attendee(review_id, position, role, name, took_part) VALUES(?, ?, ?, ?, ?)",
                 "Iisss", r->id, i + 1, m->aAtt[i].zRole, m->aAtt[i].zName, m->aAtt[i].zTookPart);
  }
  if (rc == DB_OK) rc = audit_write(db, zActor, "review.meeting", zRec, before.z, after.z, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "location", "Could not save the meeting: %s", db_errmsg(db));
  buf_free(&before);
  buf_free(&after);
  return rc == DB_OK ? 0 : -1;
}

int review_mark_sent(Db *db, const Child *c, int64_t reviewId, int letter, Date on, Date asOf,
                     const char *zActor, Errors *err) {
  const Review *r = NULL;
  for (int i = 0; i < c->nRv; i++) {
    if (c->rv[i].id == reviewId) r = &c->rv[i];
  }
  if (!r) {
    errors_add(err, "sent_on", "That review does not belong to this child");
    return -1;
  }
  if (on == DATE_NONE) errors_add(err, "sent_on", "Enter the date it was sent");
  else if (on > asOf) errors_add(err, "sent_on", "The date it was sent must be today or in the past");
  else if (on < r->held) errors_add(err, "sent_on", "It cannot be sent before the review was held");
  if (err->n) return -1;
  ReviewMeeting m;
  if (review_meeting_load(db, reviewId, &m) != 0) {
    errors_add(err, "sent_on", "Could not read the review: %s", db_errmsg(db));
    return -1;
  }
  Date was = letter ? m.letterSent : r->minutes;
  review_meeting_free(&m);
  char zWas[11], zOn[11], zRec[40];
  snprintf(zRec, sizeof zRec, "child:%s", c->zRef);
  date_iso(was, zWas);
  date_iso(on, zOn);
  char *zBefore = xmprintf("%s: %s", letter ? "letter-sent" : "record-sent (minutes)", zWas[0] ? zWas : "-");
  char *zAfter = xmprintf("%s: %s", letter ? "letter-sent" : "record-sent (minutes)", zOn);
  db_begin(db);
  int rc = db_exec(db, letter ? "UPDATE review SET letter_sent_on=? WHERE id=? AND child_id=?"
                              : "UPDATE review SET minutes_on=? WHERE id=? AND child_id=?",
                   "DII", (int)on, reviewId, c->id);
  if (rc == DB_OK) rc = audit_write(db, zActor, letter ? "review.letter-sent" : "review.record-sent", zRec,
                                    zBefore, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "sent_on", "Could not save the date: %s", db_errmsg(db));
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
