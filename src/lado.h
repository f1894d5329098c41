/*
** lado.h: the Designated Officer (LADO): allegations against adults who
** work with children (SPEC §6).
**
** A case starts as a contact, dated when the information was received.
** The decision on it is due by rule lado_decision: threshold met (a
** referral), not met (advice given, recorded as a concern), or unclear
** (the initial evaluation meeting decides). A referral's initial
** evaluation meeting is due by lado_initial_meeting from the decision; its
** first post-allegation meeting by lado_post_allegation_meeting from the
** initial one. A post-allegation meeting is held even when the
** investigation has not concluded, and then plans the next one, which is
** due on the day planned. The case ends with an outcome, actions and
** closure; recommendations from it are tracked until implemented; after
** closure its retention is reviewed by the rule its outcome names
** (table lado_retention). Nothing is deleted automatically: the Designated
** Officer keeps a case (a review) or destroys it (retention.c).
**
** The advice recorded at the decision is written once: the database
** refuses to change it, and a correction is added beside it.
**
** Every change is written to the audit log under "lado:<case id>" in the
** same transaction; every view of a case is written there before it is
** shown. Only the Designated Officer role (CAP_LADO) reaches any of this.
*/
#ifndef OVERSIGHT_LADO_H
#define OVERSIGHT_LADO_H

#include <stdio.h>
#include "children.h"
#include "deadlines.h"
#include "reports.h"
#include "util.h"

/* The codes, as stored and used on the command line, in CSV and in forms. */
extern const char *const lado_sectors[];      /* education, early-years, ... other */
extern const int lado_n_sectors;
extern const char *const lado_decisions[];    /* referral, concern, unclear */
extern const int lado_n_decisions;
extern const char *const lado_categories[];   /* sexual, physical, emotional, neglect */
extern const int lado_n_categories;
extern const char *const lado_types[];        /* professional-boundaries, ... other */
extern const int lado_n_types;
extern const char *const lado_outcomes[];     /* substantiated, false, malicious, unsubstantiated, unfounded */
extern const int lado_n_outcomes;
extern const char *const lado_actions[];      /* dbs, regulator, disciplinary, training, none */
extern const int lado_n_actions;
/* A code in words for people: "early-years" -> "Early years"; "dbs" ->
** "Referral to the DBS". Static strings; the code itself when unknown. */
const char *lado_label(const char *zCode);
/* The index of z in az[0..n), or -1. */
int lado_code_index(const char *z, const char *const *az, int n);

typedef struct LadoMeeting {
  int64_t id;
  int initial;                  /* 1 the initial evaluation meeting, 0 post-allegation */
  Date held, due;               /* due: as stored when it was recorded */
  char *zLateReason;            /* NULL when on time */
  int concluded;                /* post-allegation: -1 not said, 0 no, 1 yes */
  Date next;                    /* the next meeting planned, or DATE_NONE */
  char *zNotes;
} LadoMeeting;

typedef struct LadoCorrection { char *zText, *zAt, *zBy; } LadoCorrection;

typedef struct LadoRec {
  int64_t id, caseId;
  char *zText, *zOwner;
  Date due, implemented, added; /* implemented: DATE_NONE until it is */
  char *zAdult;                 /* the case's adult, for lists */
} LadoRec;

/* A children's social care strategy meeting about the case that the
** Designated Officer attended (issue 20). */
typedef struct LadoStrategy { int64_t id; Date held; char *zNotes; } LadoStrategy;

typedef struct LadoCase {
  int64_t id;
  Date received;
  char zTime[6];                /* "HH:MM" it was received */
  char *zRecordedAt, *zRecordedBy;
  char *zReferrer, *zAgency, *zAdult, *zRole, *zEmployer;
  char zSector[24];
  char *zChildren, *zAllegation;
  char zDecision[12];           /* "" until decided */
  Date decided, decisionDue;
  char zCategory[12], zType[28];/* "" until recorded */
  int police;                   /* -1 not recorded, 0, 1 */
  int iemThreshold;             /* unclear contacts: -1 not yet decided, 0 not met, 1 met */
  char zOutcome[20];            /* "" until recorded */
  Date outcomeOn, closed;
  char *zAdvice;                /* NULL when none was recorded */
  Date adviceOn;
  char *zAdviceAt, *zAdviceBy;
  LadoCorrection *aCorr; int nCorr;
  LadoMeeting *aMeet; int nMeet;   /* by date held; the initial one first */
  unsigned actions;             /* bit i: lado_actions[i] */
  LadoRec *aRec; int nRec;
  Date lastRetentionReview;     /* DATE_NONE when never reviewed */
  /* Cross-border (issue 20): -1 not recorded, 0 no, 1 yes. */
  int crossAdult;               /* the adult works or lives in another authority's area */
  int crossChild;               /* a child involved is from another authority's area */
  char *zOtherAuthority;        /* which, in words; NULL when not said */
  LadoStrategy *aStrat; int nStrat; /* by date held */
} LadoCase;

typedef struct LadoList { LadoCase *a; int n; } LadoList;

/* ---- Reading ------------------------------------------------------------ */

/* 1 and *out filled, or 0 when there is no case with that id. */
int lado_load(Db *db, int64_t id, LadoCase *out);
void lado_clear(LadoCase *c);
/* Every case received on or before asOf (openOnly: not closed by then), by
** id: how many, or -1 with none when a read failed. */
int lado_list(Db *db, int openOnly, Date asOf, LadoList *out);
void lado_list_free(LadoList *l);

/* ---- Where a case stands ------------------------------------------------ */

/* A referral: threshold met at the decision, or at the initial meeting of
** an unclear contact. */
int lado_is_referral(const LadoCase *c);
/* Needs an initial evaluation meeting: decided as a referral or unclear. */
int lado_needs_iem(const LadoCase *c);
const LadoMeeting *lado_iem(const LadoCase *c);
/* The first post-allegation meeting, and the last one (NULL if none). */
const LadoMeeting *lado_first_pam(const LadoCase *c);
const LadoMeeting *lado_last_pam(const LadoCase *c);
/* Deadlines, DATE_NONE when they do not apply yet. */
Date lado_iem_due(const LadoCase *c);          /* lado_initial_meeting from the decision */
Date lado_next_pam_due(const LadoCase *c);     /* the first from the IEM; later ones as planned */

/* What the case is waiting for on asOf and when it is due: "decision",
** "initial meeting", "post-allegation meeting", "outcome" (no date: the
** investigation is concluded, record the outcome), "closure" (no date), or
** NULL when closed. *pDue is DATE_NONE when there is no deadline. */
const char *lado_next_step(const LadoCase *c, Date asOf, Date *pDue);
/* The next step's deadline has passed on asOf. */
int lado_overdue(const LadoCase *c, Date asOf);
/* The day the closed case's retention is next reviewed (by its outcome's
** rule, from closure or the last review); DATE_NONE while open. */
Date lado_retention_due(Db *db, const LadoCase *c);
/* The same, with the name of the rule that gives it in zRule (the rules
** table's name, e.g. "lado_retention_long"): retention.c lists and
** destroys by it. */
Date lado_retention_due_rule(Db *db, const LadoCase *c, char zRule[64]);

/* ---- Writing -------------------------------------------------------------
** Each returns 0 (lado_contact_add: the new id), or -1 (0) with err naming
** the form field and saying what to do; nothing is saved then. `today` is
** the latest day a step may be dated (callers pass date_today()). */

typedef struct LadoContactInput {
  Date received;
  const char *zTime;            /* HH:MM, 24-hour */
  const char *zReferrer, *zAgency;
  const char *zAdult, *zRole, *zEmployer, *zSector;
  const char *zChildren, *zAllegation;
} LadoContactInput;
int64_t lado_contact_add(Db *db, const LadoContactInput *in, Date today, const char *zActor, Errors *err);

/* The decision, once. "concern" needs the advice given; the advice is
** optional for the others. Refused once decided. */
int lado_decide(Db *db, int64_t id, const char *zDecision, Date on, const char *zAdvice, Date today,
                const char *zActor, Errors *err);
/* Add a correction beside the advice (which stays as it was). */
int lado_advice_correct(Db *db, int64_t id, const char *zCorrection, const char *zActor, Errors *err);
/* The referral's category of harm, type and police involvement (may be changed;
** the audit entry keeps what it was). */
int lado_referral_set(Db *db, int64_t id, const char *zCategory, const char *zType, int police,
                      const char *zActor, Errors *err);

typedef struct LadoMeetingInput {
  int initial;
  Date held;
  const char *zLateReason;      /* needed when held after the due date */
  int thresholdMet;             /* initial meeting of an unclear contact: 0/1, else -1 */
  int concluded;                /* post-allegation: 0/1 */
  Date next;                    /* post-allegation, not concluded: the next meeting */
  const char *zNotes;
} LadoMeetingInput;
int lado_meeting_add(Db *db, int64_t id, const LadoMeetingInput *in, Date today, const char *zActor,
                     Errors *err);
/* The outcome and the actions (bits of lado_actions; "none" alone or others). */
int lado_outcome_set(Db *db, int64_t id, const char *zOutcome, Date on, unsigned actions, Date today,
                     const char *zActor, Errors *err);
int lado_close(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err);
int64_t lado_rec_add(Db *db, int64_t caseId, const char *zText, const char *zOwner, Date due,
                     Date today, const char *zActor, Errors *err);
int lado_rec_implemented(Db *db, int64_t recId, Date on, Date today, const char *zActor, Errors *err);
/* A retention review of a closed case: kept, with why. */
int lado_retention_review(Db *db, int64_t id, Date on, const char *zNote, Date today,
                          const char *zActor, Errors *err);

/* Strategy meetings and cross-border (issue 20; lado_evidence.c). */
/* A strategy meeting the Designated Officer attended, on an open case. */
int lado_strategy_add(Db *db, int64_t id, Date held, const char *zNotes, Date today, const char *zActor,
                      Errors *err);
/* Cross-border: adult, child 0/1 (-1: not answered, refused); the other
** authority is needed when either is 1. May be changed (audited before/after). */
int lado_cross_border_set(Db *db, int64_t id, int adult, int child, const char *zAuthority,
                          const char *zActor, Errors *err);
/* The case is cross-border: the adult or a child is from another area. */
int lado_is_cross_border(const LadoCase *c);

/* Write that zActor viewed the case (before it is shown). DB_OK or DB_ERROR. */
int lado_audit_view(Db *db, int64_t id, const char *zActor);
/* A list showing cases aIds[0..n) (zWhat: "dashboard", "list", ...): one
** entry under each case, in one transaction, before the list is shown. */
int lado_audit_list(Db *db, const int64_t *aId, int n, const char *zWhat, const char *zActor);

/* ---- The dashboard ------------------------------------------------------ */

enum {
  LADO_DASH_OPEN,               /* open cases, earliest next deadline first */
  LADO_DASH_OVERDUE,            /* overdue decisions and meetings */
  LADO_DASH_RECS,               /* recommendations not implemented: overdue or due within 28 days */
  LADO_DASH_RETENTION,          /* closed cases due a retention review */
  LADO_DASH_N
};
/* The lists as tables (the first column of each is the case number). *paId
** gets every case shown, each once (caller frees), for the audit. DB_OK,
** or DB_ERROR (the tables empty) when a read failed. */
int lado_dashboard(Db *db, Date asOf, RTable aTab[LADO_DASH_N], int64_t **paId, int *pnId);
void lado_tables_free(RTable *aTab, int n);
/* Tables as CSV: per table, its title line, the header and the rows, a
** blank line between tables (as the weekly report). */
void lado_tables_csv(const RTable *aTab, int n, Buf *out);

/* ---- Dip samples and training (issue 20; lado_evidence.c) ---------------
** The Designated Officer's own records, not a case's. Each is audited
** under "lado-dip:<id>" or "lado-training:<id>", a correction with what it
** said before. */

typedef struct LadoDip { int64_t id; Date on; int cases; char *zFindings; } LadoDip;
typedef struct LadoTraining {
  int64_t id;
  Date on;
  char zKind[12];               /* "training" or "briefing" */
  char *zAudience;
  int people;
} LadoTraining;
/* The longest findings and audience accepted, in characters (the forms count them). */
#define LADO_FINDINGS_MAX 2000
#define LADO_AUDIENCE_MAX 200
extern const char *const lado_training_kinds[];   /* training, briefing */
extern const int lado_n_training_kinds;

/* New (id 0) or a correction of record id. The numbers are text as
** typed ("12"). The record's id, or 0 with err naming the field. */
int64_t lado_dip_save(Db *db, int64_t id, Date on, const char *zCases, const char *zFindings, Date today,
                      const char *zActor, Errors *err);
int64_t lado_training_save(Db *db, int64_t id, Date on, const char *zKind, const char *zAudience,
                           const char *zPeople, Date today, const char *zActor, Errors *err);
/* All of them, the newest first. DB_OK, or DB_ERROR with nothing in *pa. */
int lado_dip_list(Db *db, LadoDip **pa, int *pn);
int lado_training_list(Db *db, LadoTraining **pa, int *pn);
/* One: 1 found, 0 not, -1 a read error. */
int lado_dip_load(Db *db, int64_t id, LadoDip *out);
int lado_training_load(Db *db, int64_t id, LadoTraining *out);
void lado_dip_free(LadoDip *a, int n);
void lado_training_free(LadoTraining *a, int n);

/* ---- The KPI report (SPEC §6, the seed report's KPI table) -------------- */

enum {
  LADO_KPI_TIMELINESS,          /* decisions, initial and post-allegation meetings on time */
  LADO_KPI_DENOMINATORS,        /* the same, divided by the council's report's totals too */
  LADO_KPI_CLOSURE,             /* time from contact to closure, by band */
  LADO_KPI_YEARS,               /* activity in the four financial years ending with the period */
  LADO_KPI_MONTHS,              /* contacts and referrals by month */
  LADO_KPI_SECTOR,              /* referrals by sector */
  LADO_KPI_CATEGORY,            /* referrals by category of harm */
  LADO_KPI_TYPE,                /* referrals by type */
  LADO_KPI_OUTCOME,             /* outcomes recorded */
  LADO_KPI_ACTIONS,             /* actions taken */
  LADO_KPI_OTHER,               /* strategy meetings, cross-border, dip samples, training */
  LADO_KPI_N
};

typedef struct LadoReport {
  Date from, to;                /* the period */
  Date prevFrom, prevTo;        /* the one before: as many whole months, else as many days */
  Date asOf;                    /* work not yet due on this day is left out */
  int nContacts, nReferrals, nPrevContacts, nPrevReferrals;
  int rc;                       /* DB_OK, or DB_ERROR: a read failed and the figures are not to be shown */
  RTable aTab[LADO_KPI_N];
} LadoReport;
/* Build the report. The definitions are in docs/lado-report.md. */
void lado_report(Db *db, Date from, Date to, Date asOf, LadoReport *out);
void lado_report_free(LadoReport *r);
void lado_report_csv(const LadoReport *r, Buf *out);
/* One key per KPI and table (docs/lado-report.md). */
void lado_report_json(const LadoReport *r, Buf *out);
/* A complete standalone page (prints; loads nothing). */
void lado_report_html(const LadoReport *r, Buf *out);
/* The period in words: "1 April 2025 to 31 March 2026". */
void lado_period_words(Date from, Date to, char *zOut, size_t nOut);

/* ---- CSV export and import (columns in docs/lado-csv.md) ---------------- */

int lado_csv(Db *db, Buf *out);
int export_lado(Db *db, FILE *f, const char *zActor);
/* All or nothing, as import_escalations(). */
int import_lado_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                     const char *zActor, Buf *pReport);
int import_lado(Db *db, const char *zPath, const char *zActor, Buf *pReport);

#endif
