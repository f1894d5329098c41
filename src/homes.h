/*
** homes.h: quality assurance of the council's children's homes (SPEC §8,
** domain/004_... and the Ofsted inspection with its action plan in
** domain/003_...).
**
** A home's records (HomeRecords) are loaded whole; home_due() is the one
** pure function that turns them into every item due for the home on a day:
** QA monitoring reviews after an inspection with requirements (their
** cadence set by the overall judgement), unmet requirements and open
** actions of the action plan, Regulation 44 visits with their feedback,
** report, sending and action plan, the four monthly audits and their
** actions, notifications within 24 hours, the weekly safeguarding, LADO
** and complaints returns (homes_monitoring.h), and the six-monthly surveys
** of young people and professionals (homes_evidence.h, through
** evidence_due). Every timescale is a rule.
**
** Every change is made in one transaction with its audit entry under
** "home:<id>" (QPAG actions not about one home under "qpag:<id>"), and
** every view of a home's records is audited the same way.
*/
#ifndef OVERSIGHT_HOMES_H
#define OVERSIGHT_HOMES_H

#include <stdio.h>
#include "children.h"
#include "deadlines.h"
#include "reports.h"
#include "util.h"

/* ---- Codes ---------------------------------------------------------------- */

/* Judgements, best first: "outstanding", "good", "requires-improvement",
** "inadequate"; JUDGEMENT_NONE when none was made. */
enum { JUDGEMENT_NONE = -1, J_OUTSTANDING = 0, J_GOOD, J_RI, J_INADEQUATE, J_N };
extern const char *const home_judgements[J_N];
const char *home_judgement_label(int j);          /* "Requires improvement to be good", "" */
int home_judgement_parse(const char *z);          /* -1 if unknown or empty */
extern const char *const home_inspection_kinds[]; /* full, interim, monitoring, assurance */
extern const int home_n_inspection_kinds;
/* The four monthly audits first (HOME_N_AUDIT_KINDS of them), then the QA
** framework's dip samples and full audits (homes_evidence.h), which have
** no monthly cadence: health-safety, fire-safety, statutory-checks,
** data-protection, dip-sample, full-audit. */
extern const char *const home_audit_kinds[];
extern const char *const home_audit_labels[];     /* "Health and safety", ..., "Dip sample", "Full audit" */
enum { HOME_N_AUDIT_KINDS = 4, HOME_AUDIT_DIP = 4, HOME_AUDIT_FULL = 5, HOME_N_AUDIT_ALL = 6 };
extern const char *const home_notification_kinds[]; /* serious-event, allegation */
extern const int home_n_notification_kinds;

/* ---- Records ---------------------------------------------------------------- */

typedef struct HomeAction {
  int64_t id, requirementId;
  char *zAction, *zOwner;
  Date target, completed;       /* completed: DATE_NONE while open */
} HomeAction;

typedef struct HomeRequirement {
  int64_t id, inspectionId;
  char *zRegulation, *zText;
  Date due;
} HomeRequirement;

typedef struct HomeInspection {
  int64_t id;
  char zKind[16];
  Date start, end;
  int overall, experiences, protection, leadership;   /* J_*, or JUDGEMENT_NONE */
  HomeRequirement *aReq; int nReq;
  HomeAction *aAct; int nAct;                         /* every action of every requirement */
  char **azRec; int nRec;                             /* recommendations */
  Date *aReview; int nReview;                         /* monitoring reviews held, in order */
} HomeInspection;

typedef struct HomeVisit {                            /* a Regulation 44 visit */
  int64_t id;
  Date visited, ypFeedback, profFeedback, report, sent, planApproved;
  char *zVisitor, *zPlanApprovedBy, *zFindings;
  char zFinding[8];                                   /* none, good, adverse */
} HomeVisit;

typedef struct HomeAuditAction {
  int64_t id, auditId;
  char *zAction, *zOwner;
  Date due, done;
  int64_t qpagId;                                     /* the QPAG action it became, or 0 */
} HomeAuditAction;
typedef struct HomeAudit {
  int64_t id;
  int kind;                                           /* index in home_audit_kinds */
  Date done;
  char *zBy, *zFindings;
  char *zFocus;                                       /* dip samples and full audits: what was looked at */
} HomeAudit;

/* A time as minutes since 1970-01-01 00:00 local: Date * 1440 + minutes. */
typedef int64_t Minute;
#define MINUTE_NONE INT64_MIN
typedef struct HomeNotification {
  int64_t id;
  char zKind[16];
  Minute event, notified;                             /* notified: MINUTE_NONE if not yet */
  char *zSummary;
} HomeNotification;

/* A weekly safeguarding, LADO and complaints return: the week's Monday and
** the day it was returned. */
typedef struct HomeWeekly { Date week, returned; } HomeWeekly;

typedef struct Home {
  int64_t id;
  char *zName, *zUrn, *zManager, *zRi, *zPurpose;     /* zManager NULL while vacant */
  Date vacantSince, registered;
  int places, ageFrom, ageTo;
} Home;

typedef struct HomeRecords {
  Home home;
  HomeInspection *aInsp; int nInsp;                   /* by start date */
  HomeVisit *aVisit; int nVisit;                      /* by visit date */
  HomeAudit *aAudit; int nAudit;                      /* by date */
  HomeAuditAction *aAuditAct; int nAuditAct;
  HomeNotification *aNote; int nNote;                 /* by event time */
  HomeWeekly *aWeekly; int nWeekly;                   /* weekly returns, by week (homes_monitoring.h) */
  struct HomeEvidence *pEvidence;                     /* the surveys (homes_evidence.h) */
} HomeRecords;

/* Load one home with every record: 1, or 0 with nothing if there is none
** or a read failed (the failure noted on the connection: db_failed). */
int home_load(Db *db, int64_t id, HomeRecords *out);
void home_clear(HomeRecords *h);
/* Every home's id by name; returns how many (caller frees *paId), or -1
** with *paId NULL when the read failed. */
int home_ids(Db *db, int64_t **paId);

/* Minutes from "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM"); -1 if not one. */
int minute_parse(const char *z, Minute *out);
char *minute_iso(Minute m, char out[17]);             /* "2021-06-07 09:30" */
#define MINUTE_DATE(m) ((Date)((m) / 1440))

/* ---- What is due ------------------------------------------------------------- */

typedef enum HomeItemKind {
  HI_MONITORING,        /* monitoring: QA monitoring review after an inspection */
  HI_REQUIREMENT,       /* requirement: an Ofsted requirement not yet met */
  HI_ACTION,            /* action: an action of the action plan */
  HI_REG44_VISIT,       /* reg44-visit */
  HI_REG44_FEEDBACK,    /* reg44-feedback: young people's and professionals' feedback */
  HI_REG44_REPORT,      /* reg44-report: visitor's report received */
  HI_REG44_SENT,        /* reg44-sent: checked and sent to senior managers */
  HI_REG44_PLAN,        /* reg44-plan: home manager's action plan approved */
  HI_AUDIT,             /* audit: one of the four monthly audits */
  HI_AUDIT_ACTION,      /* audit-action */
  HI_NOTIFICATION,      /* notification: within 24 hours of the event */
  HI_WEEKLY_RETURN,     /* weekly-return: safeguarding, LADO and complaints return (homes_monitoring.h) */
  HI_SURVEY_YP,         /* survey-young-people: the six-monthly survey of young people (homes_evidence.h) */
  HI_SURVEY_PROF,       /* survey-professionals: and of professionals */
  HI__COUNT
} HomeItemKind;
const char *home_item_name(HomeItemKind k);
const char *home_item_label(HomeItemKind k);

typedef struct HomeItem {
  HomeItemKind kind;
  Status status;
  Date due, done;       /* done DATE_NONE while open */
  Minute dueAt;         /* notifications: the minute it falls due; else MINUTE_NONE */
  int64_t refId;        /* the inspection, requirement, action, visit, audit kind, ... */
  char *zWhat;          /* which one, in words: "Health and safety", "Regulation 12";
                        ** whole as typed, owned by the list */
} HomeItem;

/* Items own their zWhat: home_items_free() frees them and the array. */
typedef struct HomeItemList { HomeItem *a; int n, cap; } HomeItemList;
void home_items_free(HomeItemList *l);

/* The status of work due on `due` and done on `done` seen on asOf, by
** SPEC §1: done on or before the due date is on time; open work is due soon
** from the home_due_soon rule before it and overdue from the day after. */
Status home_status(Date due, Date done, Date asOf);
/* A step's status in the report's words: "on time", "late", "overdue",
** else "not yet due" (due soon and due today included). */
const char *home_status_words(Status s);

/* Is requirement r met on asOf: it has actions and all are complete? */
int home_requirement_met(const HomeInspection *in, const HomeRequirement *r, Date asOf);
/* The inspection whose monitoring runs on asOf: the latest one ended by
** then with requirements; NULL when none. *pComplete says whether every
** action (and so every requirement) was complete by asOf. */
const HomeInspection *home_monitored_inspection(const HomeRecords *h, Date asOf, int *pComplete);
/* The next QA monitoring review due for in (SPEC §8): requires improvement,
** rule home_monitoring_ri after the last review (or the inspection's last
** day); inadequate, home_monitoring_inadequate; good or outstanding, the
** earliest target date of an open action (the action plan's own dates).
** DATE_NONE once every requirement is met on asOf. */
Date home_monitoring_due(const HomeInspection *in, Date asOf);

/* The minute a notification of an event at `event` is due by (rule
** home_notification, in hours or minutes). */
Minute home_notification_due(Minute event);

/* Append every item of h as of asOf to out: open ones, and with
** withHistory what was done (done / done-late). Records dated after asOf
** are not yet known. Rules must be loaded. */
void home_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out);

/* ---- Writing ------------------------------------------------------------------
** Each returns the new id (or 0 for an update), or -1/0 with err naming the
** field in users' words; nothing is saved then. `today` is the latest day
** a record may carry. */

typedef struct HomeInput {
  const char *zName, *zUrn, *zManager, *zRi, *zPurpose;
  const char *zPlaces, *zAgeFrom, *zAgeTo;
  Date vacantSince, registered;
} HomeInput;
/* Add (id 0) or correct a home. Returns its id, or 0 with err. */
int64_t home_save(Db *db, int64_t id, const HomeInput *in, Date today, const char *zActor, Errors *err);

typedef struct InspectionInput {
  const char *zKind, *zOverall, *zExperiences, *zProtection, *zLeadership;
  Date start, end;
  const char *zRecommendations;   /* one per line; blank lines ignored */
} InspectionInput;
int64_t inspection_add(Db *db, int64_t homeId, const InspectionInput *in, Date today, const char *zActor,
                       Errors *err);
int64_t requirement_add(Db *db, int64_t inspectionId, const char *zRegulation, const char *zText, Date due,
                        const char *zActor, Errors *err);
int64_t action_add(Db *db, int64_t requirementId, const char *zAction, const char *zOwner, Date target,
                   const char *zActor, Errors *err);
/* Record (or correct) the day an action was completed. */
int action_complete(Db *db, int64_t actionId, Date on, Date today, const char *zActor, Errors *err);
int64_t monitoring_add(Db *db, int64_t inspectionId, Date held, const char *zBy, const char *zNotes, Date today,
                       const char *zActor, Errors *err);

typedef struct VisitInput {
  Date visited, ypFeedback, profFeedback, report, sent, planApproved;
  const char *zVisitor, *zPlanApprovedBy, *zFinding, *zFindings;
} VisitInput;
/* Add (id 0) or update a Regulation 44 visit. */
int64_t reg44_save(Db *db, int64_t homeId, int64_t id, const VisitInput *in, Date today, const char *zActor,
                   Errors *err);
int64_t home_audit_add(Db *db, int64_t homeId, const char *zKind, Date on, const char *zBy, const char *zFindings,
                       Date today, const char *zActor, Errors *err);
int64_t audit_action_add(Db *db, int64_t auditId, const char *zAction, const char *zOwner, Date due,
                         const char *zActor, Errors *err);
int audit_action_done(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err);
/* zEvent and zNotified as "YYYY-MM-DD HH:MM"; zNotified NULL or "" if not yet. */
int64_t notification_add(Db *db, int64_t homeId, const char *zKind, const char *zEvent, const char *zNotified,
                         const char *zSummary, Date today, const char *zActor, Errors *err);
int notification_notified(Db *db, int64_t id, const char *zNotified, Date today, const char *zActor, Errors *err);

/* Write that zActor viewed the home's records. DB_OK or DB_ERROR. */
int home_audit_view(Db *db, int64_t homeId, const char *zActor);
/* For the home's writers (homes.c, homes_monitoring.c, homes_evidence.c):
** the audit entry zAction under record "home:ID", DB_OK or DB_ERROR; and
** the end of a write begun with db_begin(): commit when rc is DB_OK, else
** roll back; 0, or -1 with "Could not save the zWhat" on zField. */
int home_audit_write(Db *db, int64_t homeId, const char *zActor, const char *zAction, const char *zBefore,
                     const char *zAfter);
int home_write_end(Db *db, int rc, Errors *err, const char *zField, const char *zWhat);

/* ---- The QPAG action tracker and thematic reviews ---------------------------- */

typedef struct QpagAction {
  int64_t id, homeId;           /* homeId 0 when not about one home */
  char *zHome;                  /* NULL then */
  Date meeting, due, done, escalated;
  char *zAction, *zOwner, *zEscalationNote;
} QpagAction;
typedef struct QpagList { QpagAction *a; int n; } QpagList;
/* Every action agreed at a meeting on or before asOf, by due date: DB_OK,
** or DB_ERROR with none when a read failed. */
int qpag_actions(Db *db, Date asOf, QpagList *out);
void qpag_list_free(QpagList *l);
/* Not done by asOf and past its due date by the qpag_escalation rule:
** flagged for escalation to the leadership team. */
int qpag_needs_escalation(const QpagAction *a, Date asOf);
/* Flagged, and the escalation not yet recorded by asOf. */
int qpag_escalation_outstanding(const QpagAction *a, Date asOf);
int64_t qpag_action_add(Db *db, Date meeting, int64_t homeId, const char *zAction, const char *zOwner, Date due,
                        Date today, const char *zActor, Errors *err);
int qpag_action_done(Db *db, int64_t id, Date on, Date today, const char *zActor, Errors *err);
int qpag_action_escalate(Db *db, int64_t id, Date on, const char *zNote, Date today, const char *zActor,
                         Errors *err);
int64_t thematic_add(Db *db, const char *zTitle, Date completed, const char *zLead, const char *zSummary,
                     Date today, const char *zActor, Errors *err);

/* ---- The dashboard and the monthly QPAG report -------------------------------- */

/* The dashboard table's columns (docs/qpag-report.md, table "homes"). */
enum { HM_NAME, HM_URN, HM_MANAGER, HM_OVERALL, HM_INSPECTED, HM_REQ_OPEN, HM_ACT_OPEN, HM_MON_DUE,
       HM_LAST_VISIT, HM_NEXT_VISIT, HM_OPEN, HM_OVERDUE, HM_NEXT_DUE, HM_NEXT_WHAT, HM_N };
/* One row per home, by name: its rating, what is open, next due and
** overdue. DB_OK, or DB_ERROR when a read failed (do not show the table). */
int homes_dashboard_table(Db *db, Date asOf, RTable *out);
/* Every open item of every home on asOf, overdue first: DB_OK, or
** DB_ERROR when a read failed (do not show the table). */
int homes_open_items_table(Db *db, Date asOf, RTable *out);

enum {
  QPAG_HOMES,                   /* every home's status at the month's end */
  QPAG_THEMATIC,                /* thematic reviews completed in the month */
  QPAG_REG44,                   /* Regulation 44 visits in the month, with findings */
  QPAG_KPI,                     /* key performance indicators for the month */
  QPAG_OVERDUE_ACTIONS,         /* QPAG actions overdue at the month's end */
  QPAG_OVERDUE_ITEMS,           /* every home's overdue items at the month's end */
  QPAG_WEEKLY,                  /* weekly returns by home and week (homes_monitoring.c) */
  QPAG_OCCUPANCY,               /* places used of places registered, by home */
  QPAG_STAFFING,                /* posts, filled, vacancies, leavers, by home */
  QPAG_COMPLAINTS,              /* complaints and compliments received in the month */
  QPAG_SURVEYS,                 /* each home's latest surveys beside the one before (homes_evidence.h) */
  QPAG_SURVEY_QUESTIONS,        /* their scores question by question */
  QPAG_SURVEY_HISTORY,          /* every survey round, by home, over time */
  QPAG_QA_AUDITS,               /* dip samples and full audits in the month */
  QPAG_QA_ACTIONS,              /* their actions: open, or done in the month; in the tracker or not */
  QPAG_N_TABLES
};
typedef struct QpagReport {
  int month;                    /* month_index() */
  Date asOf;                    /* the month's last day, or today while it runs */
  RTable aTab[QPAG_N_TABLES];
  int64_t *aHome; int nHome;    /* the homes shown, for the audit */
  int readError;                /* the records could not all be read: show an error, not the tables */
} QpagReport;
void qpag_report(Db *db, int month, Date today, QpagReport *out);
void qpag_report_free(QpagReport *r);
/* One more row of the indicators' table (QPAG_KPI): "value out of". */
void qpag_kpi(RTable *t, const char *zName, int v, int of);
/* Each home shown, written to the audit log before the report is. */
int qpag_report_audit(Db *db, const QpagReport *r, const char *zActor);
/* JSON (docs/qpag-report.md), CSV (one block per table), standalone HTML. */
void qpag_report_json(const QpagReport *r, Buf *out);
void qpag_report_csv(const QpagReport *r, Buf *out);
void qpag_report_html(const QpagReport *r, Buf *out);

/* ---- CSV export and import of homes (docs/homes-csv.md) ------------------------ */
/* DB_OK, or DB_ERROR when the read failed (out then partial: do not send). */
int homes_csv(Db *db, Buf *out);
int export_homes(Db *db, FILE *f, const char *zActor);
/* All or nothing, keyed by URN: new homes added, others corrected. */
int import_homes(Db *db, const char *zPath, Date today, const char *zActor, Buf *pReport);
int import_homes_text(Db *db, const char *z, size_t n, const char *zName, Date today, const char *zActor,
                      Buf *pReport);

#endif
