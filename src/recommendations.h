/*
** recommendations.h: a review's recommendations, tracked to done (issue 16,
** docs/recommendations.md).
**
** Each recommendation names what is to be done, who is responsible (a role
** and a person), and by when. The IRO adds progress notes and closes it as
** done, or as not done with a reason. While open it is an item of the
** deadline engine (ITEM_RECOMMENDATION, rule recommendation_overdue); at
** the next review the open ones are closed or carried forward. Every change
** is written with its audit entry, before and after, under the child's
** record.
*/
#ifndef OVERSIGHT_RECOMMENDATIONS_H
#define OVERSIGHT_RECOMMENDATIONS_H

#include "children.h"
#include "util.h"

/* The documented maxima (docs/recommendations.md): longer input is refused
** with a message saying so, never cut short. */
enum { REC_MAX_TEXT = 1000, REC_MAX_NAME = 100, REC_MAX_REASON = 500, REC_MAX_NOTE = 1000 };

/* Roles responsible, as stored and typed ("social-worker"), and in words. */
extern const char *const rec_roles[];   /* NULL-terminated */
const char *rec_role_label(const char *zRole);   /* "Social worker"; "" if unknown */
/* "open", "done", "not-done", and in words. */
const char *rec_status_name(char status);
const char *rec_status_label(char status);

/* What a form or the command line gives for a new recommendation. */
typedef struct RecInput {
  const char *zText, *zRole, *zName;
  Date due;
} RecInput;

/* Check in into err, naming fields zPrefix + "text", "role", "name", "due"
** (a form with several rows gives each its own prefix); held is the
** review's date, which the due date may not be before. */
void rec_validate(const RecInput *in, Date held, const char *zPrefix, Errors *err);

/* Add a recommendation to review reviewId of child c; its id, or 0 with
** err filled. Runs in its own (possibly nested) transaction. */
int64_t rec_add(Db *db, const Child *c, int64_t reviewId, const RecInput *in, const char *zActor,
                Errors *err);

typedef struct RecNote {
  Date on;
  char *zAuthor, *zNote;
} RecNote;

typedef struct RecRecord {
  int64_t id, reviewId, childId;
  int64_t carriedReviewId;      /* 0 unless carried forward */
  int64_t escalationId;         /* 0 unless one was raised from it */
  char *zChildRef;
  Date held, carriedHeld;       /* the review's date; the one it was carried to */
  Date due, closed;
  char status;                  /* RecStatus */
  char *zText, *zRole, *zName, *zReason;   /* zReason NULL unless not done */
  RecNote *aNote; int nNote;    /* oldest first */
} RecRecord;

/* Load one: 1, or 0 if there is none or a read failed (noted on the
** connection). Free with rec_clear(). */
int rec_load(Db *db, int64_t id, RecRecord *out);
void rec_clear(RecRecord *r);
/* Every recommendation of a child, by review date then id; returns how
** many (*pa freed with rec_list_free), or -1 with none when a read failed
** (as the two below). */
int rec_list_child(Db *db, int64_t childId, RecRecord **pa);
void rec_list_free(RecRecord *a, int n);

/* The open recommendations of the reviews before the review held on
** `before`: what the next review must close or carry forward. Returns how
** many (*pa as above). */
int rec_list_open_before(Db *db, int64_t childId, Date before, RecRecord **pa);

/* Every recommendation of a review held on or before asOf, of the
** children iroId had on asOf (0: every child), by child ref, review date
** and id. Returns how many (*pa as above). */
int rec_list_all(Db *db, int64_t iroId, Date asOf, RecRecord **pa);

/* Add a progress note dated on (not in the future). */
int rec_note(Db *db, int64_t id, Date on, const char *zNote, Date asOf, const char *zActor, Errors *err);
/* Close an open recommendation on `on` as done (REC_DONE) or not done
** (REC_NOT_DONE, which needs zReason). */
int rec_close(Db *db, int64_t id, char status, Date on, const char *zReason, Date asOf,
              const char *zActor, Errors *err);
/* Carry an open recommendation forward to review toReviewId, with a new
** due date (DATE_NONE keeps the old one). */
int rec_carry(Db *db, int64_t id, int64_t toReviewId, Date newDue, const char *zActor, Errors *err);
/* Record that escalation escId was raised from recommendation id. */
int rec_link_escalation(Db *db, int64_t id, int64_t escId, const char *zActor);
/* The recommendation an escalation was raised from, or 0. */
int64_t rec_for_escalation(Db *db, int64_t escId);

/* Status in words on asOf for lists and the CLI: "open", "overdue" (open
** and past the recommendation_overdue date), "done", "not-done". */
const char *rec_status_on(const RecRecord *r, Date asOf);

#endif
