/*
** reviews.h: child in care reviews (SPEC §3): the schedule, the review
** record and its validation, the practice-standard checks.
*/
#ifndef OVERSIGHT_REVIEWS_H
#define OVERSIGHT_REVIEWS_H

#include "children.h"

/* The next review date for the period of care p, counting only reviews
** held on or before asOf (SPEC §3 and §4):
**   no review yet in the period: start + review_first;
**   after the first:  last held + review_second;
**   after later ones: last held + review_later;
** and, while the child is in unregistered provision, the stricter of that
** and placement + unreg_first_review (no review since placement) or last
** held + unreg_review, when that date falls while the child is still
** there. *pnHeld gets the number of reviews held in the period so far. */
Date review_next_due(const Child *c, const Period *p, Date asOf, int *pnHeld);

/* The due date of review index i (into c->rv) as the schedule gave it
** from the reviews before it: what its timeliness is judged against. A
** due date stored when it was recorded wins over the computed one. */
Date review_due_for(const Child *c, int i);

/* Validate r for child c (already loaded) in the users' words, then save
** it (insert when r->id == 0, else correct review r->id) with its audit
** entry. On success r->id is set and r->due filled from the schedule.
** asOf is today: a review cannot be held in the future. */
int review_save(Db *db, const Child *c, Review *r, Date asOf, const char *zActor, Errors *err);
/* Validation alone (no database): used by review_save and by forms. */
void review_validate(const Child *c, const Review *r, Date asOf, Errors *err);

/* Practice-standard findings for a review (SPEC §3): each missing item
** for the child's age on the review date, in words, one per line into
** out. Returns how many. */
int review_findings(const Child *c, const Review *r, char out[][96], int max);

/* ---- The meeting (issue 16, docs/reviews.md) ----------------------------- */

/* The documented maxima of the review form's text, in characters: longer
** input is refused with a message naming the field, never cut short. */
enum {
  REVIEW_MAX_LOCATION = 200,      /* where the meeting was held */
  REVIEW_MAX_PLAN_OTHER = 100,    /* the plan type, when "other" */
  REVIEW_MAX_PLAN_VIEW = 2000,    /* the IRO's view of the plan */
  REVIEW_MAX_ATTENDEE_NAME = 100, /* each person invited */
  REVIEW_MAX_ATTENDEES = 30       /* rows of people invited */
};

/* Code lists as value/words pairs, NULL-terminated (the form's choices). */
extern const char *const review_plan_types[];      /* permanence plan types */
extern const char *const review_views_how[];       /* how the child's views were given */
extern const char *const review_attendee_roles[];  /* who was invited */
extern const char *const review_took_part[];       /* attended, sent views, did not */
/* The words for code z in list a (a pair list above); "" when unknown. */
const char *review_code_label(const char *const *a, const char *z);

typedef struct ReviewAttendee {
  char zRole[16];               /* a code of review_attendee_roles */
  char *zName;                  /* may be "" */
  char zTookPart[12];           /* a code of review_took_part */
} ReviewAttendee;

/* What the meeting record holds beyond struct Review (which the deadline
** engine loads for every child, so holds no free text). */
typedef struct ReviewMeeting {
  char *zLocation, *zPlanOther, *zPlanView;  /* "" when not recorded */
  signed char viewsForm;        /* child's views form returned: -1 not recorded, 0, 1 */
  char zViewsHow[16];           /* a code of review_views_how, or "" */
  Date letterSent;              /* the letter to the child sent; DATE_NONE if not */
  ReviewAttendee *aAtt;
  int nAtt;
} ReviewMeeting;

void review_meeting_init(ReviewMeeting *m);
void review_meeting_free(ReviewMeeting *m);
/* Add a row to m (copies zName). */
void review_meeting_attendee(ReviewMeeting *m, const char *zRole, const char *zName, const char *zTookPart);
/* Load review reviewId's meeting into m (initialised here): 0, or -1 on a
** read error (m then empty). */
int review_meeting_load(Db *db, int64_t reviewId, ReviewMeeting *m);
/* Check m for review r in users' words, naming the form's fields
** (location, permanence_other, plan_view, views_how, attN_role,
** attN_name, attN_took_part for row N from 1). */
void review_meeting_validate(const Review *r, const ReviewMeeting *m, Errors *err);
/* Validate and save m as review reviewId's meeting (the attendee rows
** replaced), with an audit entry "review.meeting" of every changed field
** before and after (none when nothing changed). Nested in the caller's
** transaction when there is one. 0, or -1 with err filled. */
int review_meeting_save(Db *db, const Child *c, const Review *r, const ReviewMeeting *m,
                        const char *zActor, Errors *err);

/* May the child chair a review held on `held`? From the age in rule
** review_chair_age on that day (a birthday counts). */
int review_chair_allowed(const Child *c, Date held);

/* Record the day the written record (letter 0: it is the minutes,
** review.minutes_on) or the letter to the child (letter 1) of review
** reviewId was sent, with its audit entry. The day must be on or after
** the review and no later than asOf. 0, or -1 with err (field "sent_on"). */
int review_mark_sent(Db *db, const Child *c, int64_t reviewId, int letter, Date on, Date asOf,
                     const char *zActor, Errors *err);

/* Validate a contact in users' words (field names contact_on, kind, with). */
void contact_validate(Date on, const char *zKind, const char *zWith, Date asOf, Errors *err);
/* Record an IRO contact between reviews. */
int contact_add(Db *db, int64_t childId, int64_t iroId, Date on, const char *zKind,
                const char *zWith, const char *zNote, Date asOf, const char *zActor, Errors *err);

#endif
