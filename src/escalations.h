/*
** escalations.h: escalation and dispute resolution (SPEC §5).
**
** An IRO raises an escalation about one or more children. It starts at a
** stage (usually informal) with someone who must respond by a due date
** (rule escalation_stage_response), and moves to the next stage, with a
** reason, when that stage leaves it unanswered or unresolved, until it is
** closed with an outcome. The whole process is flagged when it runs past
** rule escalation_total from the day it was raised.
**
** Every change is made in one transaction with its audit entries: one
** filed under "escalation:<id>" and one under each child's record, so a
** search on either finds every step.
*/
#ifndef OVERSIGHT_ESCALATIONS_H
#define OVERSIGHT_ESCALATIONS_H

#include <stdio.h>
#include "children.h"
#include "deadlines.h"
#include "util.h"

/* Stages 0 (informal) to 6 (referral to Cafcass), as stored. */
enum { ESC_STAGE_INFORMAL = 0, ESC_STAGE_CAFCASS = 6, ESC_N_STAGES = 7 };
/* The code used on the command line and in CSV: "informal", "team-manager",
** "service-manager", "head-of-locality", "director", "executive-director",
** "cafcass"; "" outside 0..6. */
const char *escalation_stage_name(int stage);
/* In words: "informal stage", "stage 1 (team manager)", ..., "Cafcass
** referral"; and inside a sentence, with "the" where English wants it:
** "the informal stage", "stage 1 (team manager)", "the Cafcass referral". */
const char *escalation_stage_label(int stage);
/* A category, topic or outcome code in words for a page: "care-planning"
** is "Care planning". The codes stay in the downloads. */
void escalation_code_words(const char *zCode, char *zOut, size_t nOut);
const char *escalation_stage_phrase(int stage);
/* A stage's code, or its number "0".."6"; -1 if neither. */
int escalation_stage_parse(const char *z);
/* The allowed codes, for forms and messages. */
extern const char *const escalation_categories[];   /* permanence, care-planning, ... */
extern const int escalation_n_categories;
extern const char *const escalation_topics[];       /* education, family-time, ... */
extern const int escalation_n_topics;
extern const char *const escalation_outcomes[];     /* resolved, partly-resolved, withdrawn */
extern const int escalation_n_outcomes;

typedef struct EscalationStage {
  int64_t id;
  int stage;                    /* 0 informal .. 6 Cafcass referral */
  Date started, due;            /* due: as stored when the stage started */
  Date responded;               /* DATE_NONE until answered */
  char *zResponder;
  char *zResponderEmail;        /* NULL when none was recorded: not emailed */
  char *zResponse;              /* NULL until answered */
  char *zMovedReason;           /* why it moved on to this stage; NULL on the first */
} EscalationStage;

typedef struct EscalationChild {
  int64_t id;
  char *zRef;                   /* the council's child id */
  int64_t localityId;           /* 0 when none */
  char *zLocality;              /* NULL when none */
} EscalationChild;

typedef struct Escalation {
  int64_t id;
  Date raised;
  Date closed;                  /* DATE_NONE while open */
  char *zRaisedBy;
  int64_t iroId;                /* 0 when not linked to an IRO */
  char *zIro;                   /* that IRO's name, or NULL */
  int64_t localityId;           /* the escalation's own locality, 0 when none named */
  char *zLocality;
  char zCategory[24], zTopic[16];
  char zOutcome[16];            /* "" while open */
  char *zConcern, *zOutcomeWanted;
  char *zImpact;                /* NULL while open */
  EscalationChild *aChild; int nChild;   /* in the order they were named */
  EscalationStage *aStage; int nStage;   /* by stage; the last is the current one */
} Escalation;

typedef struct EscalationList { Escalation *a; int n; } EscalationList;

/* ---- Reading ------------------------------------------------------------ */

/* Load one escalation with its children and stages: 1, or 0 if there is
** none with that id. Free with escalation_clear(). */
int escalation_load(Db *db, int64_t id, Escalation *out);
void escalation_clear(Escalation *e);

/* Which escalations to list. Start from escalation_filter_init(), which
** selects every escalation raised on or before asOf. */
typedef struct EscalationFilter {
  Date asOf;                    /* the day "open" and "overdue" are judged on */
  int openOnly;                 /* not closed by asOf */
  int stage;                    /* the current stage, or -1 for any */
  const char *zCategory;        /* NULL for any */
  int64_t localityId;           /* by escalation_locality(); 0 for any */
  int overdueOnly;              /* open, and its stage overdue or the process flagged */
} EscalationFilter;
void escalation_filter_init(EscalationFilter *f, Date asOf);
/* Matching escalations by id into *out; returns how many, or -1 with none
** when a read failed. */
int escalation_list(Db *db, const EscalationFilter *f, EscalationList *out);
void escalation_list_free(EscalationList *l);

/* ---- Status, as known on asOf ------------------------------------------
** Records dated after asOf are treated as not yet there, so a past week's
** list can be produced again. */

/* Raised on or before asOf and not closed by then. */
int escalation_is_open(const Escalation *e, Date asOf);
/* The stage it was at on asOf (the last one started by then), or NULL. */
const EscalationStage *escalation_current_stage(const Escalation *e, Date asOf);
/* The stage's response deadline as a deadline (SPEC §1): answered on its
** due date is on time (ST_DONE), after it late (ST_DONE_LATE); unanswered
** it is overdue from the day after the due date. */
Status escalation_stage_status(const EscalationStage *s, Date asOf);
/* Open on asOf, and its current stage unanswered past its due date. */
int escalation_overdue(const Escalation *e, Date asOf);
/* The day the whole process should finish by (rule escalation_total). */
Date escalation_total_due(const Escalation *e);
/* The whole process ran past escalation_total_due(): closed after it, or
** still open on a day after it. */
int escalation_flagged(const Escalation *e, Date asOf);
/* The locality the escalation belongs to: its own, else its first
** child's; 0 (and *pzName NULL) when neither has one. */
int64_t escalation_locality(const Escalation *e, const char **pzName);

/* ---- Writing -------------------------------------------------------------
** Each returns 0 (the raise: the new id), or -1 (0) with err naming the
** field and saying what to do in users' words; nothing is saved then.
** `today` is the latest date a step may be recorded on (callers pass
** date_today(); tests pass a fixed day). */

typedef struct EscalationInput {
  const char *const *azChild;   /* child IDs (the council's refs) */
  int nChild;
  const char *zCategory, *zTopic;
  const char *zConcern, *zOutcomeWanted;
  const char *zRaisedBy;        /* who raised it */
  int64_t iroId;                /* the IRO who raised it, or 0 */
  const char *zLocality;        /* a locality's name, or NULL for the first child's */
  const char *zStage;           /* the first stage's code; NULL or "" for informal */
  const char *zResponder;       /* who must respond at the first stage */
  const char *zResponderEmail;  /* their email address, or NULL or "": none */
  Date raised;
} EscalationInput;
int64_t escalation_raise(Db *db, const EscalationInput *in, Date today, const char *zActor,
                         Errors *err);
/* Record the current stage's response (again, to correct it: the audit
** entry keeps what it said before). */
int escalation_respond(Db *db, int64_t id, const char *zResponse, Date on, Date today,
                       const char *zActor, Errors *err);
/* Move to the next stage only, on `on`, with the reason and who must
** respond there. Refused once closed, and past the Cafcass referral. */
int escalation_move(Db *db, int64_t id, const char *zReason, const char *zResponder, Date on,
                    Date today, const char *zActor, Errors *err);
/* The same with the next responder's email address (NULL or "": none).
** A stage raised or moved to a responder with an email queues the message
** telling them (notices.h) in the same transaction. */
int escalation_move_to(Db *db, int64_t id, const char *zReason, const char *zResponder,
                       const char *zResponderEmail, Date on, Date today, const char *zActor, Errors *err);
/* Close with an outcome (resolved, partly-resolved, withdrawn) and the
** impact for the child. */
int escalation_close(Db *db, int64_t id, const char *zOutcome, const char *zImpact, Date on,
                     Date today, const char *zActor, Errors *err);

/* Write that zActor viewed the escalation (SPEC §11: a view of a child's
** record is audited), under it and each child, before it is shown. */
int escalation_audit_view(Db *db, const Escalation *e, const char *zActor);

/* ---- The weekly list of outstanding escalations (SPEC §5) -------------- */

typedef struct WeeklyGroup {
  int64_t localityId;           /* 0: neither the escalation nor its first child has one */
  const char *zLocality;        /* NULL when localityId is 0 */
  const Escalation **ap;        /* earliest response due first */
  int n;
} WeeklyGroup;

typedef struct WeeklyList {
  Date asOf;
  EscalationList list;          /* owns the escalations */
  const Escalation **ap;        /* all of them in group order: the groups point into it */
  WeeklyGroup *aGroup;          /* by locality name; the group without one last */
  int nGroup;
} WeeklyList;

/* Escalations open on asOf, grouped by escalation_locality(): DB_OK, or
** DB_ERROR with none when a read failed. */
int escalation_weekly(Db *db, Date asOf, WeeklyList *out);
void escalation_weekly_free(WeeklyList *w);
/* The list as CSV, LF line ends like every `--format csv` listing; the
** columns are in docs/escalations-csv.md. */
void escalation_weekly_csv(const WeeklyList *w, Buf *out);

/* ---- CSV export and import (SPEC §10; columns in docs/escalations-csv.md)
** One row per stage; the same columns both ways, so an export imports
** into another database unchanged. */

/* Every escalation as CSV (RFC 4180, CRLF line ends): DB_OK, or DB_ERROR
** with nothing added when a read failed. */
int escalations_csv(Db *db, Buf *out);
/* The same written to f: 0, or -1 if it could not be read or written. */
int export_escalations(Db *db, FILE *f);
/* Load the escalations in the CSV file zPath, keeping their ids
** (escalation_ref). All or nothing: 0 when every row was good and all are
** loaded, else -1 with nothing loaded. *pReport gets one line per bad row,
** "row 3: stage must be one of ...; ..." (the header is row 1, as a
** spreadsheet numbers them), or a line saying what was loaded. */
int import_escalations(Db *db, const char *zPath, const char *zActor, Buf *pReport);
/* The same from text in memory (an upload); zName names it in the audit
** log, and dates after `today` are refused. */
int import_escalations_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                            const char *zActor, Buf *pReport);

#endif
