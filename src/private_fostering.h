/*
** private_fostering.h: private fostering (SPEC §7, domain/003_...): the
** notification and its eligibility test, the initial visit and its
** decision, the assessment with its checks (and, for overseas students,
** the commissioned partner's Part A and Part B), visits during the
** assessment and Regulation 8 visits after it, the 6-monthly case audit,
** prohibitions and disqualifications, the end of the arrangement, the
** annual report, and the records' CSV.
**
** Privately fostered children are not looked after: an arrangement holds
** its own child (name, date of birth, disability), never a row of child.
** pf_due_items() is the one place their deadlines are worked out: pure,
** records in, items out, like deadlines_for_child(). Every change and
** every view is audited under "pf:<id>".
*/
#ifndef OVERSIGHT_PRIVATE_FOSTERING_H
#define OVERSIGHT_PRIVATE_FOSTERING_H

#include <stdio.h>
#include "children.h"
#include "deadlines.h"
#include "reports.h"
#include "rules.h"
#include "util.h"

/* ---- Codes (as stored, on the command line and in CSV) -------------------- */

/* carer, parent, school, gp, health, voluntary-sector, duty-service,
** language-school, guardianship-agency */
extern const char *const pf_sources[];
extern const int pf_n_sources;
/* The carer's relationship to the child. The first six are the close
** relatives of the Children Act 1989 s.105; parent and
** parental-responsibility are not private fostering either. */
extern const char *const pf_relationships[];
extern const int pf_n_relationships;
/* Why the initial visit found it was not private fostering. */
extern const char *const pf_not_pf_reasons[];
extern const int pf_n_not_pf_reasons;
/* locality (a locality team) or partner (a commissioned partner). */
extern const char *const pf_managers[];
extern const int pf_n_managers;
extern const char *const pf_order_kinds[];     /* prohibition, disqualification */
extern const int pf_n_order_kinds;
/* Why the child is privately fostered (domain/003_... §2.4, §4.11-4.12):
** the code list is the table pf_reason (code, words, in order), so a
** council can add to it. pf_reasons_load() reads it: 0, or -1 on a read
** error (nothing loaded). */
typedef struct PfReasons { char **azCode, **azWords; int n; } PfReasons;
int pf_reasons_load(Db *db, PfReasons *out);
void pf_reasons_free(PfReasons *r);
/* The words for a code of the list, or the code itself if not in it. */
const char *pf_reason_words(const PfReasons *r, const char *zCode);
/* The child's sex as recorded: M, F or U; and in words ("" not recorded). */
const char *pf_sex_words(const char *zSex);
/* A code in words: "voluntary-sector" -> "Voluntary sector"; "gp" -> "GP". */
void pf_code_words(const char *zCode, char *zOut, size_t nOut);
/* The index of z in az[0..n), or -1. */
int pf_code_index(const char *z, const char *const *az, int n);

/* ---- Records -------------------------------------------------------------- */

typedef struct PfVisit { int64_t id; Date on; int seenAlone; char *zViews, *zBy; } PfVisit;
typedef struct PfCaseAudit { int64_t id; Date on; char *zBy, *zFindings; } PfCaseAudit;
typedef struct PfOrder { int64_t id; char zKind[20]; Date on; char *zNote; } PfOrder;

typedef struct PfArrangement {
  int64_t id;
  char *zChild;
  Date dob;
  int disabled;
  char *zCarer;
  char zRelationship[32];
  char *zParents, *zPr;         /* parents; who holds parental responsibility */
  Date notified, started;
  int expectedDays;
  char zSource[24];
  int overseas;
  char zManagedBy[12];          /* "locality" or "partner" */
  char *zTeam;                  /* the locality team's or partner's name */
  char *zWorker;                /* username of the allocated worker, "" if none */
  int eligible;
  char *zEligibility;           /* why it does or does not meet the definition */
  Date initialVisit;
  char zDecision[24];           /* "", "confirmed", "not-private-fostering" */
  char zReason[24];             /* a pf_not_pf_reasons code when not */
  char *zDecisionNote;
  Date assessment, partA, partB, dbs, health, socialCare;
  Date ended;
  char *zEndReason;
  char zWhy[32];                /* a pf_reason code: why privately fostered; "" not recorded */
  char zSex[2];                 /* M, F, U; "" not recorded */
  char zEthnicity[8];           /* a DfE ethnicity code (child_ethnicity); "" not recorded */
  PfVisit *aVisit; int nVisit;          /* by date */
  PfCaseAudit *aAudit; int nAudit;      /* by date */
  PfOrder *aOrder; int nOrder;          /* by date */
} PfArrangement;

typedef struct PfList { PfArrangement *a; int n; } PfList;

/* Load one arrangement with its records: 1, or 0 if there is none. */
int pf_load(Db *db, int64_t id, PfArrangement *out);
void pf_clear(PfArrangement *a);
/* Every arrangement (zWorker NULL) or one worker's, by id: how many, or
** -1 with none when a read failed. */
int pf_list(Db *db, const char *zWorker, PfList *out);
void pf_list_free(PfList *l);

/* ---- Eligibility (SPEC §7) -------------------------------------------------
** A child under pf_age_limit (pf_age_limit_disabled if disabled) on the
** day the arrangement starts, cared for pf_min_duration or more, by someone
** who is not a parent, a person with parental responsibility or a close
** relative. Returns 1 if it meets the definition, else 0; either way zWhy
** says why in users' words. */
int pf_eligibility(Date dob, int disabled, Date start, int expectedDays, const char *zRelationship,
                   char *zWhy, size_t nWhy);

/* ---- Deadlines ---------------------------------------------------------- */

typedef enum PfItemKind {
  PF_INITIAL_VISIT,     /* initial-visit: pf_initial_visit from notification */
  PF_ASSESSMENT,        /* assessment: pf_assessment from notification */
  PF_PART_A,            /* part-a: an overseas student's carer assessment, same rule */
  PF_PART_B,            /* part-b: an overseas student's child assessment, same rule */
  PF_ASSESSMENT_VISIT,  /* assessment-visit: pf_assessment_visits from the last visit */
  PF_REG8_VISIT,        /* reg8-visit: pf_reg8_first_year, then pf_reg8_after */
  PF_CASE_AUDIT,        /* audit: pf_audit from notification, then the last audit */
  PF_N_ITEMS
} PfItemKind;
const char *pf_item_name(PfItemKind k);
const char *pf_item_label(PfItemKind k);     /* "Regulation 8 visit" */

typedef struct PfItem { PfItemKind kind; Status status; Date due, done; } PfItem;
typedef struct PfItemList { PfItem *a; int n, cap; } PfItemList;

/* The day the assessment was complete: assessment_on, or for an overseas
** student the later of Part A and Part B once both are in. DATE_NONE if
** not yet. */
Date pf_assessment_done(const PfArrangement *a);
/* The first day nothing more falls due: the day the arrangement ended, or
** the child's pf_age_limit (pf_age_limit_disabled) birthday, whichever is
** first. */
Date pf_stop_day(const PfArrangement *a);
/* Append every item of a as known on asOf: open ones (while the
** arrangement is running on asOf) and, when withHistory, done ones and
** those that fell due before it stopped and were never done (ST_MISSED).
** Nothing falls due for a notification that did not meet the definition,
** nor after an initial visit that found it was not private fostering.
** Visits during the assessment: every pf_assessment_visits from the
** initial visit until the assessment is complete; Regulation 8 visits
** then count from its completion: pf_reg8_first_year while the previous
** visit (or the completion) is within pf_first_year of the completion,
** pf_reg8_after from then on. Records dated after asOf are ignored. */
void pf_due_items(const PfArrangement *a, Date asOf, int withHistory, PfItemList *out);
void pf_items_free(PfItemList *l);
/* The first-year Regulation 8 visiting pattern of the team managing a:
** pf_reg8_partner for a commissioned partner (4 weeks), else
** pf_reg8_first_year (6 weeks). After the first year both use
** pf_reg8_after. */
const Rule *pf_reg8_rule(const PfArrangement *a);
/* The next visit (initial, assessment or Regulation 8) open on asOf, with
** its status; DATE_NONE when none. */
Date pf_next_visit(const PfArrangement *a, Date asOf, Status *pStatus);
/* Is it private fostering on asOf: met the definition, not found otherwise
** at the initial visit, started and not stopped. */
int pf_is_running(const PfArrangement *a, Date asOf);

/* For the management dashboards: arrangements running today, and their
** open items overdue and due soon: DB_OK, or DB_ERROR (all 0) when a read
** failed. */
int pf_counts(Db *db, Date today, int *pnRunning, int *pnOverdue, int *pnDueSoon);

/* ---- Writing ---------------------------------------------------------------
** Each validates in users' words into err (field names as the web forms
** use them), writes in one transaction with its audit entry under
** "pf:<id>", and returns the new id or 0 (-1 for the updates) on error.
** `today` is the latest date anything may be recorded on. */

typedef struct PfNotification {
  const char *zChild;
  Date dob;
  int disabled;                 /* -1 not answered */
  const char *zCarer, *zRelationship, *zParents, *zPr;
  Date notified, started;       /* started DATE_NONE: the day of notification */
  const char *zExpectedDays;    /* a whole number of days, as typed */
  const char *zSource;
  int overseas;                 /* -1 not answered */
  const char *zManagedBy, *zTeam, *zWorker;
  /* Each optional (NULL or "" not recorded), checked when given: a
  ** pf_reason code, M/F/U, a child_ethnicity code. */
  const char *zWhy, *zSex, *zEthnicity;
} PfNotification;
int64_t pf_notify(Db *db, const PfNotification *in, Date today, const char *zActor, Errors *err);

/* The initial visit and its decision: confirmed, or not-private-fostering
** with a reason (and a note, needed for "other"). */
int pf_initial_visit(Db *db, int64_t id, Date on, const char *zDecision, const char *zReason,
                     const char *zNote, Date today, const char *zActor, Errors *err);

/* The assessment as far as it has gone: any date may be DATE_NONE. */
typedef struct PfAssessmentInput { Date assessment, partA, partB, dbs, health, socialCare; } PfAssessmentInput;
int pf_assessment_save(Db *db, int64_t id, const PfAssessmentInput *in, Date today,
                       const char *zActor, Errors *err);

int64_t pf_visit_add(Db *db, int64_t id, Date on, int seenAlone, const char *zViews, const char *zBy,
                     Date today, const char *zActor, Errors *err);
int64_t pf_case_audit_add(Db *db, int64_t id, Date on, const char *zBy, const char *zFindings,
                          Date today, const char *zActor, Errors *err);
int64_t pf_order_add(Db *db, int64_t id, const char *zKind, Date on, const char *zNote, Date today,
                     const char *zActor, Errors *err);
int pf_end(Db *db, int64_t id, Date on, const char *zReason, Date today, const char *zActor,
           Errors *err);

/* Why the child is privately fostered and the child's sex and ethnicity,
** recorded or corrected on an arrangement (each "" to clear it, but not
** all three at once: an empty form is refused), checked as on the
** notification; audited with before and after, only what changed. 0 or -1. */
int pf_details_save(Db *db, int64_t id, const char *zWhy, const char *zSex, const char *zEthnicity,
                    const char *zActor, Errors *err);

/* Write that zActor viewed these arrangements (SPEC §11), in one
** transaction, before they are shown. DB_OK or DB_ERROR. */
int pf_audit_view(Db *db, const PfArrangement *a, int n, const char *zActor, const char *zWhat);

/* ---- The annual report (docs/private-fostering-report.md) --------------- */

enum {
  PFR_SUMMARY,                  /* measure, number */
  PFR_TIMELINESS,               /* each item: due, on time, late, not done */
  PFR_SOURCES,                  /* notifications by source */
  PFR_REASONS,                  /* why it was not private fostering */
  PFR_TEAMS,                    /* by managing team, with its visiting pattern */
  PFR_WHY,                      /* why children were privately fostered (pf_reason) */
  PFR_CHILDREN,                 /* children at the period end by age band, sex, ethnicity */
  PFR_REG8_CHILD,               /* Regulation 8 visits on time per child ("2 of 4") */
  PFR_N
};
typedef struct PfReport {
  Date from, to, today;
  Date prevFrom, prevTo;        /* the same period a year before, beside this one */
  RTable aTab[PFR_N];
} PfReport;
/* The report for from..to (inclusive), the records as known today: DB_OK,
** or DB_ERROR when a read failed (free it, but do not show it). */
int pf_report(Db *db, Date from, Date to, Date today, PfReport *out);
void pf_report_free(PfReport *r);
/* For a figures-only copy of the tables (rtable_figures_only): the
** per-child "2 of 4" is rewritten from the copy's own counts, so a
** suppressed count never shows through the text. */
void pf_report_view_fix(RTable *aView);
/* The arrangements' reasons table without its code column, for pages
** (the code is only in downloads): free out with rtable_clear(). */
void pf_report_words_only(const RTable *t, RTable *out);
/* The last full financial year (1 April - 31 March) before today. */
void pf_report_default_period(Date today, Date *pFrom, Date *pTo);
/* CSV: one block per table (title line, header, rows), blank line between. */
void pf_report_csv(const PfReport *r, Buf *out);
/* JSON (docs/private-fostering-report.md). */
void pf_report_json(const PfReport *r, Buf *out);
/* A complete standalone HTML page. */
void pf_report_html(const PfReport *r, Buf *out);

/* ---- Export and import (docs/private-fostering-csv.md) ------------------- */

/* Every arrangement and its records as CSV; each exported arrangement is
** audited. 0, or -1 (nothing written) if the audit or the write failed. */
int export_private_fostering(Db *db, FILE *f, const char *zActor);
/* Load the CSV at zPath: new arrangements only, all or nothing. Every bad
** row is listed in *pReport ("row 4: visited_on ..."); on success it says
** what was loaded. Returns 0, or -1 when nothing was loaded. */
int import_private_fostering(Db *db, const char *zPath, Date today, const char *zActor,
                             Buf *pReport);
int import_private_fostering_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                                  const char *zActor, Buf *pReport);

#endif
