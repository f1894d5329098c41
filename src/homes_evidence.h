/*
** homes_evidence.h: the QA framework's evidence for the children's homes
** (SPEC §8; domain/004_..., section 8 and the QA schedule):
**
**   - the six-monthly surveys of the young people living in each home and
**     of the professionals who visit it (8.3, 8.4): a round per home (when
**     it closed, who was asked and how many, its focus), the fixed
**     questions of its kind (table survey_question), anonymous responses
**     scored 1 (strongly disagree) to 5 (strongly agree), and scores by
**     home and over time, each round beside the one before. A home with no
**     survey of a kind within the home_survey rule (6 months) of the last
**     one, or of its registration, has one due: an item of home_due()
**     (HI_SURVEY_YP, HI_SURVEY_PROF), so it shows on the dashboard, the home's page, the
**     alerts and the QPAG report's overdue items.
**   - dip samples and full audits: audits of a home (home_audit, kinds
**     HOME_AUDIT_DIP and HOME_AUDIT_FULL) with what was looked at, the
**     auditor, findings and actions (home_audit_action); each action can
**     be put into the QPAG action tracker in one step, the two linked both
**     ways (home_audit_action.qpag_action_id).
**
** homes.c calls evidence_load/free/due from home_load/clear/due, and
** evidence_qpag from qpag_report. Every change is one transaction with
** its audit entry under "home:<id>", with what it said before and after.
*/
#ifndef OVERSIGHT_HOMES_EVIDENCE_H
#define OVERSIGHT_HOMES_EVIDENCE_H

#include "homes.h"

/* ---- Surveys -------------------------------------------------------------- */

enum { SURVEY_YP, SURVEY_PROF, SURVEY_N_KINDS };
extern const char *const survey_kinds[SURVEY_N_KINDS];        /* "young-people", "professionals" */
extern const char *const survey_kind_labels[SURVEY_N_KINDS];  /* "Young people", "Professionals" */
const char *survey_title(int kind);   /* "Young people's survey", "Professionals' survey" */
int survey_kind_parse(const char *z); /* -1 if neither */
/* The answers' words, [1] "Strongly disagree" .. [5] "Strongly agree". */
extern const char *const survey_score_labels[6];

enum { SURVEY_MAX_Q = 20 };           /* positions 1..20 (the table's CHECK) */

/* The questions of a kind in order, retired ones left out: how many
** (at most SURVEY_MAX_Q), or -1 on a read error. Free with
** survey_questions_free(). */
typedef struct SurveyQuestion { int64_t id; int position; char *zText; } SurveyQuestion;
int survey_questions(Db *db, int kind, SurveyQuestion *a);
void survey_questions_free(SurveyQuestion *a, int n);

/* One round with its scores, summed per question position. */
typedef struct SurveyRound {
  int64_t id;
  int kind;
  Date held;
  char *zAsked, *zFocus;
  int nAsked, nResponses;
  int aSum[SURVEY_MAX_Q + 1], aN[SURVEY_MAX_Q + 1], aAgree[SURVEY_MAX_Q + 1];  /* by position */
  int sum, n, agree;                  /* over every answer: agree is 4 or 5 */
} SurveyRound;

typedef struct HomeEvidence {
  SurveyRound *aRound; int nRound;    /* by date (then id) */
  int ok;                             /* 0 if a read failed: show an error, never a short list */
} HomeEvidence;

/* Called by home_load / home_clear / home_due (homes.c). */
void evidence_load(Db *db, HomeRecords *h);
void evidence_free(HomeEvidence *e);
/* Each kind of survey: every round held by asOf (withHistory) against
** what was due then, and the next one due: the home_survey rule after the
** last round, or after the home's registration when there was none. */
void evidence_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out);
/* The next survey of the kind due on asOf (see evidence_due). */
Date survey_next_due(const HomeRecords *h, int kind, Date asOf);
/* The latest round of the kind held by asOf (NULL if none), and the one
** before it (*pPrev, NULL if none). */
const SurveyRound *survey_latest(const HomeRecords *h, int kind, Date asOf, const SurveyRound **pPrev);
/* Average score in hundredths (425 is 4.25), and the share agreeing (4 or
** 5) in hundredths of a percent; both 0 with no answers. pos 0: over every
** question. */
int64_t survey_average(const SurveyRound *r, int pos);
int64_t survey_agree_pct(const SurveyRound *r, int pos);

typedef struct SurveyRoundInput {
  const char *zKind, *zAsked, *zNumberAsked, *zFocus;
  Date held;
} SurveyRoundInput;
/* Record a round. Its id, or 0 with err naming the field (survey_kind,
** survey_on, survey_asked, survey_number, survey_focus); nothing saved then. */
int64_t survey_round_add(Db *db, int64_t homeId, const SurveyRoundInput *in, Date today, const char *zActor,
                         Errors *err);
/* Correct round roundId's date, who and how many were asked, and its
** focus (its home and kind stay: the responses answer that kind's
** questions; no fewer asked than responses recorded). Audited
** "survey.correct" with the round before and after; nothing written when
** nothing changed. 0, or -1 with err naming the field as survey_round_add. */
int survey_round_correct(Db *db, int64_t roundId, const SurveyRoundInput *in, Date today, const char *zActor,
                         Errors *err);
/* Record one response to round roundId: aScore[position] 1..5, or 0 for a
** question left blank (positions 1..SURVEY_MAX_Q); at least one answered.
** Errors under "q<position>" or "comment". Its id, or 0. */
int64_t survey_response_add(Db *db, int64_t roundId, const int *aScore, const char *zComment, const char *zActor,
                            Errors *err);

/* ---- Dip samples and full audits ------------------------------------------ */

/* Record a dip sample ("dip-sample") or a full audit ("full-audit"): its
** id, or 0 with err (qa_kind, qa_on, qa_by, qa_focus). */
int64_t qa_audit_add(Db *db, int64_t homeId, const char *zKind, Date on, const char *zBy, const char *zFocus,
                     const char *zFindings, Date today, const char *zActor, Errors *err);
/* Put an audit action into the QPAG action tracker: a QPAG action agreed
** at the meeting on `meeting`, with the action's words, owner and due date,
** about the audit's home, linked to the audit action. Its id, or 0 with
** err (meeting_on). An action already in the tracker is refused. */
int64_t audit_action_to_qpag(Db *db, int64_t actionId, Date meeting, Date today, const char *zActor, Errors *err);
/* The audit a QPAG action came from, in words ("Dip sample of 3 May 2026
** at Larkspur House (demo)"), with its home's id; 0 when it came from
** none (or on a read error, said in z). */
int64_t qpag_action_source(Db *db, int64_t qpagId, char *z, size_t n);

/* ---- The QPAG report -------------------------------------------------------- */

/* Fill the report's evidence tables (QPAG_SURVEYS .. QPAG_QA_ACTIONS)
** for the month first..asOf and add their indicators to QPAG_KPI. */
void evidence_qpag(Db *db, Date first, Date asOf, QpagReport *r);
/* The evidence tables the board sees (figures, no names of young people
** or staff): the surveys' three. */
int evidence_qpag_figure_table(int k);
/* The survey tables for one home (the home's page): latest rounds beside
** the one before, and every round. Rows are added to t (columns as the
** report's QPAG_SURVEYS and QPAG_SURVEY_HISTORY). */
void evidence_surveys_table(const HomeRecords *h, Date asOf, RTable *t);
void evidence_history_table(const HomeRecords *h, Date asOf, RTable *t);
/* kind: one survey's questions, or -1 for both. */
void evidence_questions_table(Db *db, const HomeRecords *h, Date asOf, int kind, RTable *t);
void evidence_table_init(RTable *t, int k);   /* k one of QPAG_SURVEYS .. QPAG_QA_ACTIONS */

#endif
