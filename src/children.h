/*
** children.h: children in care and their care history (SPEC §2).
**
** For reading, a ChildSet holds children with every record the deadline
** engine needs, loaded with one pass over each table (not a query per
** child), so the whole council can be computed at once.
*/
#ifndef OVERSIGHT_CHILDREN_H
#define OVERSIGHT_CHILDREN_H

#include <stdint.h>
#include "calendar.h"
#include "db.h"

/* REG_SUPPORTED is unregulated 16-17 supported accommodation; REG_NOT_APPLICABLE
** a placement no provider is registered for or not (placed with parents, say). */
typedef enum Registration { REG_REGISTERED = 0, REG_UNREGISTERED, REG_SUPPORTED, REG_NOT_APPLICABLE } Registration;
const char *registration_name(Registration r);

typedef struct Episode {
  int64_t id;
  Date start, end;              /* end is DATE_NONE while the episode is open */
  char rne[2], legalStatus[3], cin[3], placement[4], provider[4], endReason[4];
  unsigned char registration;   /* Registration */
} Episode;

/* A review as recorded (SPEC §3). Flags are -1 not recorded, 0 no, 1 yes. */
typedef struct Review {
  int64_t id, childId, iroId;   /* iroId 0 when not recorded */
  Date held, due, planned, recommendations, minutes;
  char participation[4];        /* "PN0".."PN7", or "" */
  char mode;                    /* 'p' in person, 'v' virtual, 0 not recorded */
  signed char childChaired, advocate, sawChild;
  signed char permanence, independence, pathway, adviser;
  signed char niNumber, passport, bankAccount, birthCertificate;
  signed char advocacy, independentVisitor;
  char permanenceType[32];
} Review;

typedef struct Allocation {
  int64_t id, iroId;
  Date start, end;              /* end DATE_NONE for the current IRO */
} Allocation;

typedef struct Contact {
  int64_t id, iroId;
  Date on;
  char kind[8];                 /* visit, call, message, letter */
  char with[16];                /* child, social-worker, carer, other */
} Contact;

/* A review recommendation as the deadline engine needs it (the text and
** notes are recommendations.h's). */
typedef enum RecStatus { REC_OPEN = 'o', REC_DONE = 'd', REC_NOT_DONE = 'n' } RecStatus;
typedef struct Recommendation {
  int64_t id, reviewId;
  Date held;                    /* the review's date: nothing is owed before it */
  Date due;                     /* its own due date, as recorded */
  Date closed;                  /* done or not done on; DATE_NONE while open */
  char status;                  /* RecStatus */
} Recommendation;

/* What must follow a placement in unregistered provision (SPEC §4,
** unregistered.h): the QA managers told of it, the IRO's visit, and the
** IRO's monthly oversight record with its four checks. */
typedef enum UnregKind { UNREG_QA_NOTIFIED = 'q', UNREG_IRO_VISIT = 'v' } UnregKind;
typedef struct UnregEvent {
  int64_t id, episodeId;        /* episodeId 0 when not linked to an episode */
  Date on;
  char kind;                    /* UnregKind */
} UnregEvent;
/* The four checks of the monthly oversight record, in the flowchart's order. */
enum { CHECK_WEEKLY_VISITS, CHECK_SEEN_ALONE, CHECK_SEEN_AWAY, CHECK_MANAGEMENT, N_CHECKS };
typedef struct OversightRec {
  int64_t id, iroId;            /* iroId 0 when not recorded */
  int month;                    /* the month it is for, as month_index() */
  Date recorded;
  signed char check[N_CHECKS];  /* 1 yes, 0 no */
} OversightRec;
/* One child's records, each in date order (events by on, records by
** recorded, then id). */
typedef struct UnregRecords {
  const UnregEvent *ev; int nEv;
  const OversightRec *rec; int nRec;
} UnregRecords;

typedef struct Child {
  int64_t id;
  const char *zRef;             /* the council's child id (SSDA903 CHILD) */
  const char *zGiven, *zFamily;
  Date dob;
  char sex;                     /* 'M', 'F', 'U' */
  int64_t localityId, siblingGroupId;  /* 0 when none */
  int uasc;
  Date notified;                /* latest care notification, or DATE_NONE */
  Episode *ep; int nEp;         /* by start date */
  Review *rv; int nRv;          /* by date held */
  Allocation *al; int nAl;      /* by start date */
  Contact *ct; int nCt;         /* by date */
  Recommendation *rc; int nRc;  /* by review, then id */
  UnregRecords unreg;           /* unregistered-provision events and records */
} Child;

typedef struct ChildSet {
  Child *a;
  int n;
  void *pArena;                 /* owns every record and string above */
  int readError;                /* a read failed: no children (n 0); show an error, not the set */
} ChildSet;

/* Which children to load: every child (all zero), one child by its ref,
** or the children currently allocated to one IRO. */
typedef struct ChildFilter {
  const char *zRef;
  int64_t iroId;
} ChildFilter;

/* The children with their records; when a read failed, none, with
** readError set (and the failure noted on the connection): check it. */
ChildSet *childset_load(Db *db, const ChildFilter *f);
void childset_free(ChildSet *cs);

/* A period of care: episodes [iFirst, iFirst+nEp) with no gap between. */
typedef struct Period { Date start, end; int iFirst, nEp; } Period;
/* Periods of care in date order; returns how many (at most max). Only
** episodes starting on or before asOf are counted, and an episode ending
** after asOf counts as open: what was known on that day. */
int child_periods(const Child *c, Date asOf, Period *out, int max);
/* The latest period of care as known on asOf, open or ended: 1 and *out
** filled, or 0 if the child had no episode by then. No limit on how many
** periods came before (a child on short breaks can have hundreds). */
int child_last_period(const Child *c, Date asOf, Period *out);
/* The period of care open on asOf (1), or 0 if not in care that day. */
int child_in_care(const Child *c, Date asOf, Period *out);
/* The current IRO allocation on asOf, or NULL. */
const Allocation *child_allocation_on(const Child *c, Date asOf);

/* ---- Writing ------------------------------------------------------------ */

/* A form's errors: each names the field it belongs to and says, in the
** users' words, what to do. */
#define MAX_ERRORS 24
typedef struct Errors {
  int n;
  struct { char zField[32]; char zMsg[200]; } a[MAX_ERRORS];
} Errors;
void errors_add(Errors *e, const char *zField, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
const char *errors_for(const Errors *e, const char *zField);  /* NULL if none */
/* Add to e each error of more whose field has none in e yet: a form
** checked in two steps shows one message per field. */
void errors_merge(Errors *e, const Errors *more);

typedef struct ChildInput {
  const char *zRef, *zGiven, *zFamily, *zDob, *zSex, *zEthnicity;
  const char *zLocality;        /* name; created if new */
  int disability, uasc;         /* -1 not recorded, 0, 1 */
  const char *zSen;             /* none, support, ehcp, or NULL */
} ChildInput;
/* Add a child; returns the new id, or 0 with *err filled. */
int64_t child_add(Db *db, const ChildInput *in, const char *zActor, Errors *err);
/* The audit log's name for a child's record, "child:<child ref>" (caller
** frees): every change and view of a child is filed under it, so one
** search finds them all. */
char *child_record_name(Db *db, int64_t childId);
/* The internal id for a child ref, or 0. */
int64_t child_id_for_ref(Db *db, const char *zRef);

typedef struct EpisodeInput {
  const char *zStart, *zRne, *zLegalStatus, *zCin, *zPlacement, *zProvider;
  const char *zRegistration;    /* registered, unregistered, supported */
  const char *zEnd, *zEndReason;
} EpisodeInput;
int64_t episode_add(Db *db, int64_t childId, const EpisodeInput *in, const char *zActor, Errors *err);

/* Record that the service was told the child is coming into care. */
int care_notification_add(Db *db, int64_t childId, Date on, const char *zActor, Errors *err);

/* Put two or more children (by ref) in one sibling group. */
int siblings_link(Db *db, const char *const *azRef, int n, const char *zActor, Errors *err);

/* ---- Finding a child (children.c) ----
** What people type to find a child ignores case, accents ("Sian" finds
** "Siân"), spaces and commas, and word order ("O'Brien, Ava" and "ava
** o'brien" both find Ava O'Brien): each word typed must be in the child's
** name; or the text is all or part of the child's ID ("1002").
** child_fold writes z lower-cased with accents removed and runs of spaces
** and commas as one space, trimmed. */
void child_fold(const char *z, Buf *out);
/* 2: zQuery is the child's ID; 1: it matches their name or part of their
** ID; 0: no match. zFolded is child_fold(zQuery). */
int child_matches(const char *zQuery, const char *zFolded, const char *zRef, const char *zGiven,
                  const char *zFamily);

#endif
