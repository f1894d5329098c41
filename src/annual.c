/*
** annual.c: the reviewing officers' annual report.
**
** Everything is counted in a pass over the children, a child at a time
** (see "Reading a child at a time"), made in two halves on two threads
** ("Counting the children"), plus a query for the escalations.
** Children and reviews are counted as recorded today for the period
** asked: a review recorded late still counts in the month it was held,
** which is what the published report shows.
*/
#include <jansson.h>
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annual.h"
#include "chart.h"
#include "children.h"
#include "deadlines.h"
#include "escalations.h"
#include "html.h"
#include "iros.h"
#include "reviews.h"
#include "reviews.h"
#include "rules.h"
#include "unregistered.h"   /* month_of(), month_last_day() */

/* ---- Groupings -------------------------------------------------------------- */

static const char *const azAgeBand[] = {"0-4", "5-9", "10-12", "13-15", "16+"};
enum { N_AGE_BAND = 5 };

static int age_band(int age) {
  return age < 5 ? 0 : age < 10 ? 1 : age < 13 ? 2 : age < 16 ? 3 : 4;
}

static const char *const azSex[] = {"Male", "Female", "Not known"};

/* SSDA903 ethnicity codes by their first letter, as the DfE groups them. */
static const char *const azEthnic[] = {"White", "Mixed", "Asian or Asian British", "Black or Black British",
                                       "Other ethnic group", "Refused or not recorded"};
static int ethnic_group(const char *z) {
  if (!z || !z[0] || strcmp(z, "REFU") == 0 || strcmp(z, "NOBT") == 0) return 5;
  switch (z[0]) {
    case 'W': return 0;
    case 'M': return 1;
    case 'A': return 2;
    case 'B': return 3;
    default: return 4;          /* CHNE, OOTH */
  }
}

static const char *const azLegal[] = {"Interim care order", "Care order", "Placement order",
                                      "Voluntary (section 20)", "Other"};
static int legal_group(const char *z) {
  if (strcmp(z, "C1") == 0) return 0;
  if (strcmp(z, "C2") == 0) return 1;
  if (strcmp(z, "E1") == 0) return 2;
  if (z[0] == 'V') return 3;
  return 4;                     /* police protection, EPOs, remands, freeing orders */
}

/* SSDA903 placement codes grouped as the published report's placement
** profile (docs/annual-report.md lists each code). */
static const char *const azPlacement[] = {"Foster care", "Family and friends", "Placed for adoption",
                                          "Placed with parents", "Residential", "Independent living",
                                          "Other"};
static int placement_group(const char *z) {
  if (strcmp(z, "U4") == 0 || strcmp(z, "U5") == 0 || strcmp(z, "U6") == 0) return 0;
  if (strcmp(z, "U1") == 0 || strcmp(z, "U2") == 0 || strcmp(z, "U3") == 0) return 1;
  if (z[0] == 'A') return 2;
  if (strcmp(z, "P1") == 0) return 3;
  if (strcmp(z, "K1") == 0 || strcmp(z, "K2") == 0 || strcmp(z, "R1") == 0 || strcmp(z, "R2") == 0 ||
      strcmp(z, "R5") == 0 || strcmp(z, "S1") == 0)
    return 4;
  if (strcmp(z, "P2") == 0 || strcmp(z, "H5") == 0) return 5;
  return 6;
}

static const char *const azArea[] = {"In the council's area", "Outside the council's area", "Not recorded"};
/* The published report's measure (and the DfE's) is a distance, not a
** timescale, so it is not in the rules table. */
#define NEAR_HOME_MILES 20.0
static const char *const azDistance[] = {"Within 20 miles of home", "More than 20 miles from home",
                                         "Not recorded"};
static const char *const azRegistration[] = {"Registered provision", "Unregistered provision",
                                             "Supported accommodation (16 and over)",
                                             "No registration applies (for example, placed with parents)"};

enum { N_DURATION = 6 };
static int duration_band(int months) {
  return months <= 3 ? 0 : months <= 6 ? 1 : months <= 12 ? 2 : months <= 24 ? 3 : months <= 36 ? 4 : 5;
}

/* Whole months from start to d: 31 January to 28 February is 0. */
static int months_between(Date start, Date d) {
  int y1, m1, d1, y2, m2, d2;
  date_to_ymd(start, &y1, &m1, &d1);
  date_to_ymd(d, &y2, &m2, &d2);
  int n = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  return n < 0 ? 0 : n;
}

static const char *const azParticipation[] = {
  "PN0: under 4 at the review",
  "PN1: attends and speaks for themselves",
  "PN2: attends, an advocate speaks for them",
  "PN3: attends, views conveyed non-verbally",
  "PN4: attends, does not convey views",
  "PN5: does not attend, briefs an advocate",
  "PN6: does not attend, views conveyed another way",
  "PN7: does not attend, views not conveyed",
  "Not recorded",
};
enum { N_PN = 9 };

/* ---- Tables ------------------------------------------------------------------ */

static const char *const azKey[AN_N] = {
  [AN_COUNTS] = "counts", [AN_MEASURES] = "measures", [AN_COMPARATORS] = "comparators",
  [AN_BY_MONTH] = "children_in_care_by_month", [AN_RATE_MONTH] = "rate_per_10000_by_month", [AN_WHITE_NON_BRITISH] = "white_non_british_by_month",
  [AN_UASC_MONTH] = "uasc_by_month", [AN_LOCALITY] = "children_in_care_by_locality", [AN_SEND] = "send",
  [AN_AGE] = "age_band", [AN_SEX] = "sex",
  [AN_ETHNICITY] = "ethnicity", [AN_ASYLUM] = "asylum_seeking", [AN_LEGAL] = "legal_status",
  [AN_PLACEMENT] = "placement_type", [AN_AREA] = "area", [AN_DISTANCE] = "distance",
  [AN_REGISTRATION] = "registration", [AN_ENTER_LEAVE] = "entering_and_leaving_by_month",
  [AN_ENTER_AGE] = "entering_by_age_band", [AN_AGE_DURATION] = "age_by_duration",
  [AN_REVIEWS_MONTH] = "reviews_by_month", [AN_MINUTES_MONTH] = "minutes_on_time_by_month",
  [AN_PARTICIPATION] = "participation", [AN_PARTICIPATION_MONTH] = "participation_by_month",
  [AN_REVIEW_MODES] = "review_modes_by_month", [AN_ALLOCATION] = "allocation_within_5_working_days",
  [AN_IRO_CHANGES] = "iro_changes", [AN_IRO_VISITS] = "iro_visits",
  [AN_CASELOAD] = "caseload", [AN_CASELOAD_SUMMARY] = "caseload_summary",
  [AN_ESC_STAGE] = "escalations_by_stage", [AN_ESC_CATEGORY] = "escalations_by_category",
  [AN_ESC_MONTH] = "escalations_by_month", [AN_PERMANENCE] = "permanence_plans",
};

const char *annual_key(int i) { return i >= 0 && i < AN_N ? azKey[i] : ""; }

/* A distribution: a category, how many, and the share of the total. */
#define DIST_COLS(zCsv, zLabel, zCount)                                     \
  {{zCsv, zLabel, RCOL_TEXT, 34}, {"number", zCount, RCOL_INT, 10}, {"percent", "%", RCOL_PCT, 8}}
/* The same with the previous period's beside it; annual_json() nests the
** previous_period_ columns as a row's "previous_period". */
#define DIST_PREV_COLS(zCsv, zLabel, zCount)                                \
  {{zCsv, zLabel, RCOL_TEXT, 34}, {"number", zCount, RCOL_INT, 10}, {"percent", "%", RCOL_PCT, 8},      \
   {"previous_period_number", zCount ", previous period", RCOL_INT, 10},                               \
   {"previous_period_percent", "%, previous period", RCOL_PCT, 8}}
static const RColumn aAgeCol[] = DIST_PREV_COLS("age_band", "Age band", "Children");
static const RColumn aSexCol[] = DIST_COLS("sex", "Sex", "Children");
static const RColumn aEthCol[] = DIST_COLS("ethnicity_group", "Ethnic group", "Children");
static const RColumn aAsyCol[] = DIST_COLS("asylum_seeking", "Asylum-seeking", "Children");
static const RColumn aLegCol[] = DIST_PREV_COLS("legal_status", "Legal status", "Children");
static const RColumn aPlaCol[] = DIST_PREV_COLS("placement_type", "Placement type", "Children");
static const RColumn aAreCol[] = DIST_COLS("area", "Where they live", "Children");
static const RColumn aDisCol[] = DIST_COLS("distance", "Distance from home", "Children");
static const RColumn aRegCol[] = DIST_PREV_COLS("registration", "Provision", "Children");
static const RColumn aLocCol[] = DIST_COLS("locality", "Home locality", "Children");
static const RColumn aSendCol[] = DIST_COLS("send", "Special educational needs", "Children");
static const RColumn aAllocCol[] = DIST_COLS("allocation", "IRO allocated", "Notifications");
static const RColumn aChangeCol[] = DIST_COLS("changes", "Changes of IRO in the period", "Children");
static const RColumn aVisitCol[] = DIST_COLS("visited", "IRO visits in the period", "Children");
static const RColumn aEnAgeCol[] = DIST_COLS("age_band", "Age band on entering care", "Children");
static const RColumn aPnCol[] = DIST_COLS("participation", "How the child took part", "Reviews");
static const RColumn aStageCol[] = DIST_COLS("highest_stage", "Highest stage reached", "Escalations");
static const RColumn aCatCol[] = DIST_COLS("category", "Category", "Escalations");
static const RColumn aPermCol[] = DIST_COLS("permanence_plan", "Permanence plan", "Children");
static const RColumn aCountCol[] = {
  {"measure", "Measure", RCOL_TEXT, 60}, {"number", "Number", RCOL_INT, 10},
  {"previous_period", "Previous period", RCOL_INT, 10}};
static const RColumn aMeasureCol[] = {
  {"measure", "Measure", RCOL_TEXT, 60}, {"number", "Number", RCOL_INT, 10},
  {"of", "Out of", RCOL_INT, 10}, {"percent", "%", RCOL_PCT, 8},
  {"previous_period_number", "Number, previous period", RCOL_INT, 10},
  {"previous_period_of", "Out of, previous period", RCOL_INT, 10},
  {"previous_period_percent", "%, previous period", RCOL_PCT, 8}};
/* Text cells, so a figure not loaded says so in every format rather than
** reading as 0; JSON gives numbers (annual_json). */
static const RColumn aCmpCol[] = {
  {"measure", "Measure", RCOL_TEXT, 44}, {"council", "The council", RCOL_TEXT, 14},
  {"england", "England", RCOL_TEXT, 14}, {"region", "Region", RCOL_TEXT, 14},
  {"statistical_neighbours", "Statistical neighbours", RCOL_TEXT, 14}};
static const RColumn aRateCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"month_end", "Month end", RCOL_DATE, 12},
  {"children", "Children in care", RCOL_INT, 10}, {"population", "Population under 18", RCOL_TEXT, 14},
  {"rate", "Per 10,000 children", RCOL_TEXT, 12}};
static const RColumn aMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"month_end", "Month end", RCOL_DATE, 12},
  {"children", "Children in care", RCOL_INT, 10}};
static const RColumn aEnterCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"entered", "Entered care", RCOL_INT, 10},
  {"left", "Left care", RCOL_INT, 10}};
static const RColumn aDurCol[] = {
  {"age", "Age in years", RCOL_INT, 8}, {"months_0_3", "0-3 months", RCOL_INT, 8},
  {"months_4_6", "4-6 months", RCOL_INT, 8}, {"months_7_12", "7-12 months", RCOL_INT, 8},
  {"months_13_24", "13-24 months", RCOL_INT, 8}, {"months_25_36", "25-36 months", RCOL_INT, 8},
  {"months_37_plus", "37+ months", RCOL_INT, 8}};
static const RColumn aRvMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"held", "Reviews held", RCOL_INT, 10},
  {"on_time", "Held on time", RCOL_INT, 10}, {"percent", "% on time", RCOL_PCT, 8}};
static const RColumn aWnbCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"month_end", "Month end", RCOL_DATE, 12},
  {"children", "Children in care", RCOL_INT, 10}, {"white_non_british", "White non-British", RCOL_INT, 10},
  {"percent", "% white non-British", RCOL_PCT, 8}};
static const RColumn aUascCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"month_end", "Month end", RCOL_DATE, 12},
  {"uasc", "Unaccompanied asylum-seeking children", RCOL_INT, 12}, {"percent", "% of children in care", RCOL_PCT, 8}};
static const RColumn aMinMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"held", "Reviews held", RCOL_INT, 10},
  {"minutes", "Full minutes issued", RCOL_INT, 10}, {"on_time", "Minutes issued on time", RCOL_INT, 10},
  {"percent", "% of reviews held", RCOL_PCT, 8}};
static const RColumn aPartMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"aged_4_and_over", "Reviews of children aged 4 and over", RCOL_INT, 12},
  {"participated", "The child took part (PN1-PN6)", RCOL_INT, 12}, {"percent", "% took part", RCOL_PCT, 8}};
static const RColumn aModeCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"held", "Reviews held", RCOL_INT, 10},
  {"in_person", "In person", RCOL_INT, 10}, {"virtual", "Virtual", RCOL_INT, 10},
  {"mode_not_recorded", "Not recorded", RCOL_INT, 10}, {"child_chaired", "Chaired by the child", RCOL_INT, 10}};
static const RColumn aCaseSumCol[] = {
  {"measure", "Measure", RCOL_TEXT, 50}, {"value", "Value", RCOL_DEC, 10}};
static const RColumn aEscMonthCol[] = {
  {"month", "Month", RCOL_TEXT, 10}, {"raised", "Escalations raised", RCOL_INT, 10}};
static const RColumn aCaseCol[] = {
  {"iro", "IRO", RCOL_TEXT, 30}, {"children", "Children allocated at the period end", RCOL_INT, 12},
  {"reviews_held", "Reviews held in the period", RCOL_INT, 12}};

static void table_init(RTable *t, const char *zSheet, const char *zTitle, const RColumn *aCol, int nCol) {
  *t = (RTable){.zSheet = zSheet, .zTitle = zTitle, .zEmpty = "None in this period.", .aCol = aCol,
                .nCol = nCol};
}

static void dist(RTable *t, const char *const *azCat, const int *aN, int n, int keepZero) {
  int64_t total = 0;
  for (int i = 0; i < n; i++) total += aN[i];
  for (int i = 0; i < n; i++) {
    if (!aN[i] && !keepZero) continue;
    rtable_row(t);
    rtable_text(t, 0, azCat[i]);
    rtable_num(t, 1, aN[i]);
    rtable_num(t, 2, rtable_pct(aN[i], total));
  }
}

/* A month (month_index) as "Apr 2025". */
static void month_label(int mi, char *z, size_t n) {
  static const char *const azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  snprintf(z, n, "%s %d", azMon[mi % 12], mi / 12);
}
/* A text label of a rule's amount: "5 working days". */
static char *rule_words(const Rule *r) {
  char *z = xmprintf("%d %s", r->amount, cal_unit_name(r->unit));
  for (char *p = z; *p; p++)
    if (*p == '-') *p = ' ';
  return z;
}

/* ---- Counting ------------------------------------------------------------------ */

typedef struct Named { char *z; int n; } Named;
/* Count n more of z. */
static void named_add(Named **pa, int *pn, const char *z, int n) {
  for (int i = 0; i < *pn; i++)
    if (strcmp((*pa)[i].z, z) == 0) {
      (*pa)[i].n += n;
      return;
    }
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  (*pa)[*pn] = (Named){xstrdup(z), n};
  (*pn)++;
}
static int cmp_named(const void *a, const void *b) {
  const Named *x = a, *y = b;
  if (x->n != y->n) return y->n - x->n;
  return strcmp(x->z, y->z);
}

/* The caseload table's last row, when some children have no IRO. */
static const char zNoIro[] = "No IRO allocated or recorded";

/* The IRO's row in the caseload table; the last row (n) for none. */
static int iro_index(const IroList *l, int64_t id) {
  const Iro *i = id ? iros_find(l, id) : NULL;
  return i ? (int)(i - l->a) : l->n;
}

/* The headline measures, in the report's order; keys as documented. */
enum {
  M_ON_TIME, M_RECS, M_RECS_ON_TIME, M_MINUTES, M_MINUTES_ON_TIME, M_AGED4, M_PARTICIPATED,
  M_ADVOCATE, M_PERMANENCE, M_REC_DONE_ON_TIME, M_REC_OVERDUE, M_PRE_REVIEW, M_N
};
static const char *const azMeasureKey[M_N] = {
  "reviews_on_time", "reviews_with_recommendations", "recommendations_on_time",
  "reviews_with_minutes", "minutes_on_time", "reviews_of_children_aged_4_and_over",
  "reviews_aged_4_and_over_participated", "reviews_with_advocate", "permanence_plan_in_place",
  "recommendations_done_on_time", "recommendations_overdue_at_period_end", "pre_review_contact_within_rule",
};
enum { C_IN_CARE, C_ENTERED, C_LEFT, C_REVIEWS, C_ESCALATIONS, C_RECS_MADE, C_N };
static const char *const azCountKey[C_N] = {
  "children_in_care_at_period_end", "periods_of_care_started", "periods_of_care_ended",
  "reviews_held", "escalations_raised", "recommendations_made",
};
/* caseload_summary's rows, which JSON gives as one object. */
enum { CS_IROS, CS_FTE, CS_CHILDREN, CS_AVERAGE, CS_PER_FTE, CS_TARGET, CS_N };
static const char *const azCaseSumKey[CS_N] = {
  "iros_with_children", "fte", "children_allocated", "average_caseload", "caseload_per_fte", "target_per_fte",
};

/* The figures computed for both the period and the previous one, by the
** same functions, so the two columns cannot drift apart in meaning. */
typedef struct Tally {
  Date from, to;
  int aCount[C_N], aNum[M_N], aOf[M_N];
  int aAge[N_AGE_BAND], aLeg[5], aPla[7], aReg[4];
} Tally;

/* Count c if in care on t->to: 1 with *p its period and *pLast the latest
** review of that period by then (NULL if none), else 0. */
static int tally_in_care(Tally *t, const Child *c, Period *p, const Review **pLast) {
  if (!child_in_care(c, t->to, p)) return 0;
  t->aCount[C_IN_CARE]++;
  t->aAge[age_band(date_age(c->dob, t->to))]++;
  const Episode *e = &c->ep[p->iFirst + p->nEp - 1];
  t->aLeg[legal_group(e->legalStatus)]++;
  t->aPla[placement_group(e->placement)]++;
  t->aReg[e->registration < 4 ? e->registration : 0]++;
  /* The plan as the latest review of this period of care recorded it. */
  const Review *last = NULL;
  for (int k = 0; k < c->nRv; k++)
    if (c->rv[k].held >= p->start && c->rv[k].held <= t->to) last = &c->rv[k];
  t->aOf[M_PERMANENCE]++;
  if (last && last->permanence == 1) t->aNum[M_PERMANENCE]++;
  *pLast = last;
  return 1;
}

/* What the monthly tables need to know of one review. */
typedef struct RvFacts { int onTime, minutesOnTime, aged4, participated, pn; } RvFacts;

/* Count review k of c, held in the tally's period. */
static void tally_review(Tally *t, const Child *c, int k, const CoreRules *cr, RvFacts *f) {
  const Review *r = &c->rv[k];
  t->aCount[C_REVIEWS]++;
  for (int j = 0; j < M_PERMANENCE; j++) t->aOf[j]++;
  memset(f, 0, sizeof *f);
  if (r->held <= review_due_for(c, k)) {
    t->aNum[M_ON_TIME]++;
    f->onTime = 1;
  }
  if (r->recommendations != DATE_NONE) {
    t->aNum[M_RECS]++;
    if (r->recommendations <= rule_due(cr->reviewRecommendations, r->held)) t->aNum[M_RECS_ON_TIME]++;
  }
  if (r->minutes != DATE_NONE) {
    t->aNum[M_MINUTES]++;
    if (r->minutes <= rule_due(cr->reviewMinutes, r->held)) {
      t->aNum[M_MINUTES_ON_TIME]++;
      f->minutesOnTime = 1;
    }
  }
  int pn = r->participation[0] ? r->participation[2] - '0' : 8;
  if (pn < 0 || pn > 7) pn = 8;
  f->pn = pn;
  if (r->held >= rule_age_date(cr->pn0Age, c->dob)) {
    t->aNum[M_AGED4]++;
    f->aged4 = 1;
    if (pn >= 1 && pn <= 6) {
      t->aNum[M_PARTICIPATED]++;
      f->participated = 1;
    }
  }
  if (r->advocate == 1) t->aNum[M_ADVOCATE]++;
}

/* The recommendations made at reviews held in t's period (SPEC §3, issue
** 16): done by their own due date, and still open and overdue (rule
** recommendation_overdue) on the period's last day; and the IRO's
** pre-review contacts due in the period (the deadlines engine's
** pre-review-contact, replayed as of the period's end): made on or before
** their due date. */
static void tally_review_work(Tally *t, const Child *c, const CoreRules *cr, DeadlineList *l) {
  for (int k = 0; k < c->nRc; k++) {
    const Recommendation *rc = &c->rc[k];
    if (rc->held < t->from || rc->held > t->to) continue;
    t->aCount[C_RECS_MADE]++;
    t->aOf[M_REC_DONE_ON_TIME]++;
    t->aOf[M_REC_OVERDUE]++;
    if (rc->status == REC_DONE && rc->closed != DATE_NONE && rc->closed <= rc->due) t->aNum[M_REC_DONE_ON_TIME]++;
    int openAtEnd = rc->closed == DATE_NONE || rc->closed > t->to;
    if (openAtEnd && t->to > rule_due(cr->recommendationOverdue, rc->due)) t->aNum[M_REC_OVERDUE]++;
  }
  if (!c->nRv && !c->nEp) return;
  l->n = 0;
  deadlines_for_child(c, t->to, 1, l);
  for (int k = 0; k < l->n; k++) {
    const Deadline *d = &l->a[k];
    if (d->item != ITEM_PRE_REVIEW_CONTACT || d->due < t->from || d->due > t->to) continue;
    t->aOf[M_PRE_REVIEW]++;
    if (d->done != DATE_NONE && d->done <= d->due) t->aNum[M_PRE_REVIEW]++;
  }
}

static const char *const azSend[] = {"Education, health and care plan (EHCP)", "SEN support",
                                     "No special educational needs", "Not recorded"};
static int send_group(const char *z) {
  if (strcmp(z, "ehcp") == 0) return 0;
  if (strcmp(z, "support") == 0) return 1;
  if (strcmp(z, "none") == 0) return 2;
  return 3;
}

/* ---- Reading a child at a time ------------------------------------------------
**
** Holding the whole council in memory at once (childset_load, 190 MB for
** 100,000 children) cost most of the report's time, for columns and rows
** no figure reads. Instead each table is read in child order (its index
** on child_id), only the columns the figures use and only the rows that
** can count by the period's end, and one child is counted before the next
** is read: the memory is one child's. What is left out cannot change a
** figure: reviews, contacts and episodes after the period's end (every
** rule below, the deadline engine's included, ignores records dated after
** the day it is asked about), the review flags only other deadline items
** read (the report takes only the pre-review contact from the engine),
** recommendations of reviews outside the two periods, and the
** unregistered-provision records (their items are not counted here). */
typedef struct Stream { Stmt *s; int rc; int64_t childId; } Stream;

static void stream_step(Stream *st) {
  st->rc = db_step(st->s);
  st->childId = st->rc == DB_ROW ? db_col_int(st->s, 0) : INT64_MAX;
}

/* Whether the stream's row is child id's, passing any rows of a child
** before it (none: every record names a child that exists). */
static int stream_at(Stream *st, int64_t id) {
  while (st->rc == DB_ROW && st->childId < id) stream_step(st);
  return st->rc == DB_ROW && st->childId == id;
}

#define GROW(a, n, cap)                                               \
  do {                                                                \
    if ((n) == (cap)) {                                               \
      (cap) = (cap) ? (cap) * 2 : 16;                                 \
      (a) = xrealloc((a), (size_t)(cap) * sizeof *(a));               \
    }                                                                 \
  } while (0)

/* One child's records as the counting reads them, and what the Child
** struct does not carry: each episode's area and distance, the child's
** ethnic group and special educational needs. The arrays are reused from
** child to child. */
typedef struct EpPlace { int inArea, hasMiles; double miles; } EpPlace;
typedef struct OneChild {
  Child c;
  int eth, wnb, sen;            /* azEthnic index; white, not white British; azSend index */
  Episode *ep; EpPlace *pl; int capEp;
  Review *rv; int capRv;
  Allocation *al; int capAl;
  Contact *ct; int capCt;
  Recommendation *rc; int capRc;
} OneChild;

enum { S_EPISODE, S_REVIEW, S_ALLOCATION, S_CONTACT, S_RECOMMENDATION, S_N };

/* Codes are short and this runs for every row: no printf. */
static void code_copy(char *dst, size_t n, const char *z) {
  size_t i = 0;
  for (; i + 1 < n && z[i]; i++) dst[i] = z[i];
  dst[i] = 0;
}

static unsigned char registration_of(const char *z) {
  if (strcmp(z, "unregistered") == 0) return REG_UNREGISTERED;
  if (strcmp(z, "supported") == 0) return REG_SUPPORTED;
  if (strcmp(z, "not-applicable") == 0) return REG_NOT_APPLICABLE;
  return REG_REGISTERED;
}

/* Open the streams for a period ending on `to` and the children with
** lo <= id < hi, each on its first row. */
static void streams_open(Db *db, Stream *aSt, Date to, int64_t lo, int64_t hi) {
  aSt[S_EPISODE].s = db_query(db,
      "SELECT child_id, id, start_date, end_date, legal_status, placement, registration, in_area,"
      " distance_miles FROM episode WHERE child_id >= ? AND child_id < ? AND start_date <= ?"
      " ORDER BY child_id, start_date", "IID", lo, hi, to);
  aSt[S_REVIEW].s = db_query(db,
      "SELECT child_id, id, iro_id, held_on, due_on, recommendations_on, minutes_on, participation, mode,"
      " child_chaired, advocate, permanence_plan, permanence_type FROM review"
      " WHERE child_id >= ? AND child_id < ? AND held_on <= ? ORDER BY child_id, held_on", "IID", lo, hi, to);
  aSt[S_ALLOCATION].s = db_query(db,
      "SELECT child_id, id, iro_id, start_date, end_date FROM allocation WHERE child_id >= ? AND child_id < ?"
      " ORDER BY child_id, start_date, id", "II", lo, hi);
  aSt[S_CONTACT].s = db_query(db,
      "SELECT child_id, id, iro_id, contact_on, kind, with_whom FROM contact"
      " WHERE child_id >= ? AND child_id < ? AND contact_on <= ? ORDER BY child_id, contact_on, id", "IID", lo, hi, to);
  aSt[S_RECOMMENDATION].s = db_query(db,
      "SELECT child_id, id, review_id, due_on, status, closed_on FROM recommendation"
      " WHERE child_id >= ? AND child_id < ? ORDER BY child_id, id", "II", lo, hi);
  for (int i = 0; i < S_N; i++) stream_step(&aSt[i]);
}

/* Read child o->c.id's records from the streams into o. Recommendations
** take their review's date from the child's reviews; one whose review is
** outside [prevFrom, to] counts in neither period and is left out. */
static void child_read(Stream *aSt, OneChild *o, Date prevFrom, Date to) {
  Child *c = &o->c;
  int64_t id = c->id;
  c->nEp = c->nRv = c->nAl = c->nCt = c->nRc = 0;
  Stmt *s = aSt[S_EPISODE].s;
  for (; stream_at(&aSt[S_EPISODE], id); stream_step(&aSt[S_EPISODE])) {
    if (c->nEp == o->capEp) {
      o->capEp = o->capEp ? o->capEp * 2 : 16;
      o->ep = xrealloc(o->ep, (size_t)o->capEp * sizeof *o->ep);
      o->pl = xrealloc(o->pl, (size_t)o->capEp * sizeof *o->pl);
    }
    Episode *e = &o->ep[c->nEp];
    EpPlace *pl = &o->pl[c->nEp++];
    memset(e, 0, sizeof *e);
    e->id = db_col_int(s, 1);
    e->start = db_col_date(s, 2);
    e->end = db_col_date(s, 3);
    code_copy(e->legalStatus, sizeof e->legalStatus, db_col_text(s, 4));
    code_copy(e->placement, sizeof e->placement, db_col_text(s, 5));
    e->registration = registration_of(db_col_text(s, 6));
    *pl = (EpPlace){db_col_bool3(s, 7), !db_col_is_null(s, 8), db_col_double(s, 8)};
  }
  s = aSt[S_REVIEW].s;
  for (; stream_at(&aSt[S_REVIEW], id); stream_step(&aSt[S_REVIEW])) {
    GROW(o->rv, c->nRv, o->capRv);
    Review *r = &o->rv[c->nRv++];
    memset(r, 0, sizeof *r);
    r->childId = id;
    r->id = db_col_int(s, 1);
    r->iroId = db_col_int(s, 2);
    r->held = db_col_date(s, 3);
    r->due = db_col_date(s, 4);
    r->planned = DATE_NONE;
    r->recommendations = db_col_date(s, 5);
    r->minutes = db_col_date(s, 6);
    code_copy(r->participation, sizeof r->participation, db_col_text(s, 7));
    const char *zMode = db_col_text(s, 8);
    r->mode = zMode[0] == 'i' ? 'p' : zMode[0] == 'v' ? 'v' : 0;
    r->childChaired = (signed char)db_col_bool3(s, 9);
    r->advocate = (signed char)db_col_bool3(s, 10);
    r->permanence = (signed char)db_col_bool3(s, 11);
    code_copy(r->permanenceType, sizeof r->permanenceType, db_col_text(s, 12));
  }
  s = aSt[S_ALLOCATION].s;
  for (; stream_at(&aSt[S_ALLOCATION], id); stream_step(&aSt[S_ALLOCATION])) {
    GROW(o->al, c->nAl, o->capAl);
    o->al[c->nAl++] = (Allocation){db_col_int(s, 1), db_col_int(s, 2), db_col_date(s, 3), db_col_date(s, 4)};
  }
  s = aSt[S_CONTACT].s;
  for (; stream_at(&aSt[S_CONTACT], id); stream_step(&aSt[S_CONTACT])) {
    GROW(o->ct, c->nCt, o->capCt);
    Contact *x = &o->ct[c->nCt++];
    memset(x, 0, sizeof *x);
    x->id = db_col_int(s, 1);
    x->iroId = db_col_int(s, 2);
    x->on = db_col_date(s, 3);
    code_copy(x->kind, sizeof x->kind, db_col_text(s, 4));
    code_copy(x->with, sizeof x->with, db_col_text(s, 5));
  }
  s = aSt[S_RECOMMENDATION].s;
  for (; stream_at(&aSt[S_RECOMMENDATION], id); stream_step(&aSt[S_RECOMMENDATION])) {
    int64_t reviewId = db_col_int(s, 2);
    Date held = DATE_NONE;
    for (int k = 0; k < c->nRv && held == DATE_NONE; k++)
      if (o->rv[k].id == reviewId) held = o->rv[k].held;
    if (held == DATE_NONE || held < prevFrom || held > to) continue;
    GROW(o->rc, c->nRc, o->capRc);
    /* In order of the review's date, then id (as the deadline engine
    ** has them): rows come by id, so each goes in after any later-held. */
    int at = c->nRc++;
    while (at > 0 && o->rc[at - 1].held > held) {
      o->rc[at] = o->rc[at - 1];
      at--;
    }
    const char *zStatus = db_col_text(s, 4);
    o->rc[at] = (Recommendation){db_col_int(s, 1), reviewId, held, db_col_date(s, 3), db_col_date(s, 5),
                                 zStatus[0] == 'd' ? REC_DONE : zStatus[0] == 'n' ? REC_NOT_DONE : REC_OPEN};
  }
  c->ep = o->ep;
  c->rv = o->rv;
  c->al = o->al;
  c->ct = o->ct;
  c->rc = c->nRc ? o->rc : NULL;
}

/* A distribution with the previous period's beside it (DIST_PREV_COLS). */
static void dist_prev(RTable *t, const char *const *azCat, const int *aN, const int *aPrev, int n) {
  int64_t total = 0, prevTotal = 0;
  for (int i = 0; i < n; i++) {
    total += aN[i];
    prevTotal += aPrev[i];
  }
  for (int i = 0; i < n; i++) {
    rtable_row(t);
    rtable_text(t, 0, azCat[i]);
    rtable_num(t, 1, aN[i]);
    rtable_num(t, 2, rtable_pct(aN[i], total));
    rtable_num(t, 3, aPrev[i]);
    rtable_num(t, 4, rtable_pct(aPrev[i], prevTotal));
  }
}

void annual_previous_period(Date from, Date to, Date *pFrom, Date *pTo) {
  int y1, m1, d1, y2, m2, d2;
  date_to_ymd(from, &y1, &m1, &d1);
  date_to_ymd(to, &y2, &m2, &d2);
  *pTo = from - 1;
  if (d1 == 1 && d2 == date_days_in_month(y2, m2)) {
    int nMonth = (y2 - y1) * 12 + (m2 - m1) + 1;
    *pFrom = date_add_months(from, -nMonth);
  } else {
    *pFrom = from - (to - from + 1);
  }
}

/* The comparisons' rows: label, comparators measure, and whether a
** percentage (else a rate). */
static const struct { const char *zLabel, *zMeasure, *zKey; int pct; } aCmpRow[AC_N] = {
  {"Children in care per 10,000 children under 18, at the period end", CMP_RATE, "children_in_care_rate_per_10000", 0},
  {"Children in care on an interim care order", "legal_status_interim_care_order_percent",
   "legal_status_interim_care_order_percent", 1},
  {"Children in care on a care order", "legal_status_care_order_percent", "legal_status_care_order_percent", 1},
  {"Children in care on a placement order", "legal_status_placement_order_percent",
   "legal_status_placement_order_percent", 1},
  {"Children in care voluntarily (section 20)", "legal_status_voluntary_percent", "legal_status_voluntary_percent", 1},
  {"Children in care on another legal status", "legal_status_other_percent", "legal_status_other_percent", 1},
};
static const char *const azAreaKey[CMP_N_AREA] = {"council", "england", "region", "statistical_neighbours"};

/* Hundredths as a reader writes them: 6700 "67", 6650 "66.5", 6657 "66.57". */
static void hundredths_words(int64_t v, char *z, size_t n) {
  if (v % 100 == 0) snprintf(z, n, "%lld", (long long)(v / 100));
  else if (v % 10 == 0) snprintf(z, n, "%lld.%lld", (long long)(v / 100), (long long)(v % 100 / 10));
  else snprintf(z, n, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
}

/* A figure's cell: "67 (2021)", "77% (2020)", or "not loaded". */
static char *figure_words(const AnnualFigure *f, int pct) {
  if (!f->year) return xstrdup("not loaded");
  char z[32];
  hundredths_words(f->v, z, sizeof z);
  return xmprintf("%s%s (%d)", z, pct ? "%" : "", f->year);
}

/* Children per 10,000 of the population, in hundredths, rounded half up. */
static int64_t rate_per_10000(int64_t children, int64_t population) {
  return population > 0 ? (children * 1000000 * 2 + population) / (population * 2) : 0;
}

/* The comparisons and the monthly rates: needs AN_LEGAL, AN_BY_MONTH and
** the headline counts filled. */
static void fill_comparators(Db *db, AnnualReport *out, int inCareAtEnd) {
  RTable *T = out->aTab;
  out->year = comparators_year_of(out->to);
  for (int k = 0; k < AC_N; k++)
    for (int a = CMP_ENGLAND; a < CMP_N_AREA; a++) {
      AnnualFigure *f = &out->aCmp[k][a];
      if (!comparators_get(db, aCmpRow[k].zMeasure, a, out->year, &f->v, &f->year)) f->year = 0;
    }
  AnnualFigure pop = {0};
  if (comparators_get(db, CMP_POPULATION, CMP_COUNCIL, out->year, &pop.v, &pop.year))
    out->aCmp[AC_RATE][CMP_COUNCIL] = (AnnualFigure){rate_per_10000(inCareAtEnd, pop.v / 100), pop.year};
  /* The council's own shares are this report's legal status figure. */
  for (int k = AC_LEGAL_ICO; k < AC_N; k++)
    out->aCmp[k][CMP_COUNCIL] = (AnnualFigure){rtable_cell(&T[AN_LEGAL], k - AC_LEGAL_ICO, 2)->v, out->year};
  for (int k = 0; k < AC_N; k++) {
    rtable_row(&T[AN_COMPARATORS]);
    rtable_text(&T[AN_COMPARATORS], 0, aCmpRow[k].zLabel);
    for (int a = 0; a < CMP_N_AREA; a++) {
      char *z = figure_words(&out->aCmp[k][a], aCmpRow[k].pct);
      rtable_text(&T[AN_COMPARATORS], 1 + a, z);
      free(z);
    }
  }
  const RTable *bm = &T[AN_BY_MONTH];
  out->nRate = bm->nRow;
  out->aRate = xcalloc((size_t)bm->nRow + 1, sizeof *out->aRate);
  for (int i = 0; i < bm->nRow; i++) {
    AnnualMonthRate *m = &out->aRate[i];
    Date d = (Date)rtable_cell(bm, i, 1)->v;
    m->children = (int)rtable_cell(bm, i, 2)->v;
    /* Each month against its own year's population: a financial year's
    ** months all fall in one year, a longer period's do not. */
    if (comparators_get(db, CMP_POPULATION, CMP_COUNCIL, comparators_year_of(d), &m->population.v,
                        &m->population.year)) {
      m->population.v /= 100;
      m->rate = (AnnualFigure){rate_per_10000(m->children, m->population.v), m->population.year};
    }
    RTable *t = &T[AN_RATE_MONTH];
    rtable_row(t);
    rtable_text(t, 0, rtable_cell(bm, i, 0)->z);
    rtable_num(t, 1, d);
    rtable_num(t, 2, m->children);
    char *zPop = m->population.year ? xmprintf("%lld (%d)", (long long)m->population.v, m->population.year)
                                    : xstrdup("not loaded");
    char zRate[32];
    if (m->population.year) hundredths_words(m->rate.v, zRate, sizeof zRate);
    rtable_text(t, 3, zPop);
    rtable_text(t, 4, m->population.year ? zRate : "not loaded");
    free(zPop);
  }
}

/* ---- Counting the children -----------------------------------------------------
**
** Reading the records is most of the report's time, so the children are
** counted in two halves by id, each on its own thread and its own
** connection (a Db serves one thread), and the two counts added: on two
** cores the report takes little more than half as long. Both halves must
** read the same moment's records: each notes the data generation (bumped
** by every write to the tables read here) in its read transaction, and if
** a write came between the two, the count is made again on one
** connection. With no second connection (a database in memory) or no
** thread, the halves are counted one after the other. */

/* Per month: in care, white non-British, UASC, entered, left, reviews
** held, on time, minutes issued, minutes on time, aged 4+, took part, in
** person, virtual, mode not recorded, child-chaired, escalations. */
enum { PM_CARE, PM_WNB, PM_UASC, PM_ENTER, PM_LEAVE, PM_RV, PM_RV_ON_TIME, PM_MIN, PM_MIN_ON_TIME,
       PM_AGED4, PM_PART, PM_PERSON, PM_VIRTUAL, PM_NO_MODE, PM_CHAIRED, PM_ESC, PM_N };
enum { AL_ON_TIME, AL_LATE, AL_NONE };

/* Everything counted of some children, from which the tables are filled. */
typedef struct Counts {
  Tally cur, prev;
  int (*aM)[PM_N];              /* per month of the period */
  int aSexN[3], aEthN[6], aAsy[2], aAre[3], aDis[3], aEnAge[N_AGE_BAND], aPn[N_PN], aSend[4];
  int aChange[4], aVisit[2], aAlloc[3];
  int aDur[18][N_DURATION];
  Named *aPerm; int nPerm;
  int *aIroChildren, *aIroReviews;   /* per IRO; [n]: not allocated */
  int *aLocN;                        /* per locality; [nLoc]: none recorded */
} Counts;

/* A count of the children with lo <= id < hi on its own connection, and
** what all counts share (read only). */
typedef struct Pass {
  Db *db;
  int64_t lo, hi;
  Date from, to, prevFrom, prevTo;
  int m0, m1;
  const IroList *iros;
  const int64_t *aLocId; int nLoc;
  Counts k;
  int64_t gen;                  /* the data generation its records are of */
  int rc;                       /* DB_OK, or DB_ERROR: a read failed */
} Pass;

static void counts_init(Counts *k, const Pass *p) {
  memset(k, 0, sizeof *k);
  k->cur = (Tally){.from = p->from, .to = p->to};
  k->prev = (Tally){.from = p->prevFrom, .to = p->prevTo};
  k->aM = xcalloc((size_t)(p->m1 - p->m0 + 1), sizeof *k->aM);
  k->aIroChildren = xcalloc((size_t)p->iros->n + 1, sizeof(int));
  k->aIroReviews = xcalloc((size_t)p->iros->n + 1, sizeof(int));
  k->aLocN = xcalloc((size_t)p->nLoc + 1, sizeof(int));
}

static void counts_free(Counts *k) {
  for (int i = 0; i < k->nPerm; i++) free(k->aPerm[i].z);
  free(k->aPerm);
  free(k->aM);
  free(k->aIroChildren);
  free(k->aIroReviews);
  free(k->aLocN);
  memset(k, 0, sizeof *k);
}

static void add_ints(int *a, const int *b, size_t n) {
  for (size_t i = 0; i < n; i++) a[i] += b[i];
}

static void tally_add(Tally *a, const Tally *b) {
  add_ints(a->aCount, b->aCount, C_N);
  add_ints(a->aNum, b->aNum, M_N);
  add_ints(a->aOf, b->aOf, M_N);
  add_ints(a->aAge, b->aAge, N_AGE_BAND);
  add_ints(a->aLeg, b->aLeg, COUNT(a->aLeg));
  add_ints(a->aPla, b->aPla, COUNT(a->aPla));
  add_ints(a->aReg, b->aReg, COUNT(a->aReg));
}

/* Add p's counts to k (both of the same report). */
static void counts_add(Counts *k, const Pass *p) {
  const Counts *b = &p->k;
  tally_add(&k->cur, &b->cur);
  tally_add(&k->prev, &b->prev);
  add_ints(&k->aM[0][0], &b->aM[0][0], (size_t)(p->m1 - p->m0 + 1) * PM_N);
  add_ints(k->aSexN, b->aSexN, COUNT(k->aSexN));
  add_ints(k->aEthN, b->aEthN, COUNT(k->aEthN));
  add_ints(k->aAsy, b->aAsy, COUNT(k->aAsy));
  add_ints(k->aAre, b->aAre, COUNT(k->aAre));
  add_ints(k->aDis, b->aDis, COUNT(k->aDis));
  add_ints(k->aEnAge, b->aEnAge, COUNT(k->aEnAge));
  add_ints(k->aPn, b->aPn, COUNT(k->aPn));
  add_ints(k->aSend, b->aSend, COUNT(k->aSend));
  add_ints(k->aChange, b->aChange, COUNT(k->aChange));
  add_ints(k->aVisit, b->aVisit, COUNT(k->aVisit));
  add_ints(k->aAlloc, b->aAlloc, COUNT(k->aAlloc));
  add_ints(&k->aDur[0][0], &b->aDur[0][0], 18 * N_DURATION);
  for (int i = 0; i < b->nPerm; i++) named_add(&k->aPerm, &k->nPerm, b->aPerm[i].z, b->aPerm[i].n);
  add_ints(k->aIroChildren, b->aIroChildren, (size_t)p->iros->n + 1);
  add_ints(k->aIroReviews, b->aIroReviews, (size_t)p->iros->n + 1);
  add_ints(k->aLocN, b->aLocN, (size_t)p->nLoc + 1);
}

/* Count pass's children into pass->k; pass->rc says whether every read succeeded. */
static void count_pass(Pass *pass) {
  Db *db = pass->db;
  const CoreRules *cr = core_rules();
  Date from = pass->from, to = pass->to;
  int m0 = pass->m0, m1 = pass->m1, nLoc = pass->nLoc;
  const int64_t *aLocId = pass->aLocId;
  const IroList *iros = pass->iros;
  Counts *K = &pass->k;
  Tally *cur = &K->cur, *prev = &K->prev;
  int (*aM)[PM_N] = K->aM;
  /* The report reads each page of the tables once. Through the memory
  ** map the kernel counts every page touched, and its neighbours, as this
  ** process's memory (800 MB of a 100,000-child council's file), and a
  ** large cache only allocates pages that are never read again: for the
  ** report's length pages are read into a small cache instead (a third
  ** less time than either). Both settings are restored after. */
  int64_t mmapSize = db_int(db, 0, "PRAGMA mmap_size", "");
  int64_t cacheSize = db_int(db, -2000, "PRAGMA cache_size", "");
  db_exec_script(db, "PRAGMA mmap_size=0; PRAGMA cache_size=-2048");
  Stmt *sChild = db_query(db, "SELECT id, dob, sex, locality_id, uasc, ethnicity, sen FROM child"
                          " WHERE id >= ? AND id < ? ORDER BY id", "II", pass->lo, pass->hi);
  /* Its first row begins the read transaction that everything below is
  ** read in while it is open: the generation is of the records counted. */
  int rcChild = db_step(sChild);
  pass->gen = db_int(db, -1, "SELECT n FROM data_generation WHERE id = 1", "");
  Stream aSt[S_N] = {{0}};
  streams_open(db, aSt, to, pass->lo, pass->hi);
  /* Notifications in the period by child, for the allocation figure. */
  Stream sNote = {.s = db_query(db, "SELECT child_id, notified_on FROM care_notification"
                               " WHERE child_id >= ? AND child_id < ? AND notified_on >= ? AND notified_on <= ?"
                               " ORDER BY child_id", "IIDD", pass->lo, pass->hi, from, to)};
  stream_step(&sNote);
  OneChild one;
  memset(&one, 0, sizeof one);
  Period *aPer = NULL;
  int nPerAlloc = 0;
  DeadlineList dl = {0};

  /* IRO allocation after each notification in the period, as recorded
  ** now: the first allocation still open on the notification day or
  ** starting after it (one that ended by then was an earlier period's).
  ** An IRO already allocated counts as allocated that day. */
  for (; rcChild == DB_ROW; rcChild = db_step(sChild)) {
    const Child *c = &one.c;
    one.c.id = db_col_int(sChild, 0);
    one.c.dob = db_col_date(sChild, 1);
    one.c.sex = db_col_text(sChild, 2)[0];
    one.c.localityId = db_col_int(sChild, 3);
    one.c.uasc = (int)db_col_int(sChild, 4);
    /* Only the allocation item reads it, and the report does not count
    ** that item from the engine (see the notifications below). */
    one.c.notified = DATE_NONE;
    const char *zEth = db_col_text(sChild, 5);
    one.eth = ethnic_group(zEth);
    one.wnb = zEth[0] == 'W' && strcmp(zEth, "WBRI") != 0;
    one.sen = send_group(db_col_text(sChild, 6));
    child_read(aSt, &one, prev->from, to);
    for (; sNote.rc == DB_ROW && sNote.childId <= c->id; stream_step(&sNote)) {
      Date n = db_col_date(sNote.s, 1);
      Date allocated = DATE_NONE;
      for (int k = 0; sNote.childId == c->id && k < c->nAl && allocated == DATE_NONE; k++)
        if (c->al[k].end == DATE_NONE || c->al[k].end > n) allocated = c->al[k].start > n ? c->al[k].start : n;
      if (allocated == DATE_NONE) K->aAlloc[AL_NONE]++;
      else K->aAlloc[allocated <= rule_due(cr->iroAllocation, n) ? AL_ON_TIME : AL_LATE]++;
    }
    for (int mi = m0; mi <= m1; mi++) {
      Date d = month_last_day(mi);
      if (d > to) d = to;
      if (child_in_care(c, d, NULL)) {
        aM[mi - m0][PM_CARE]++;
        if (one.wnb) aM[mi - m0][PM_WNB]++;
        if (c->uasc) aM[mi - m0][PM_UASC]++;
      }
    }
    /* Periods of care starting and ending in the period: a child who left
    ** and came back counts once leaving and once entering. */
    if (c->nEp > nPerAlloc) {
      nPerAlloc = c->nEp;
      aPer = xrealloc(aPer, (size_t)nPerAlloc * sizeof *aPer);
    }
    int nPer = child_periods(c, to, aPer, c->nEp), inPeriod = 0;
    for (int k = 0; k < nPer; k++) {
      if (aPer[k].start >= from && aPer[k].start <= to) {
        cur->aCount[C_ENTERED]++;
        aM[month_of(aPer[k].start) - m0][PM_ENTER]++;
        K->aEnAge[age_band(date_age(c->dob, aPer[k].start))]++;
      } else if (aPer[k].start >= prev->from && aPer[k].start <= prev->to) {
        prev->aCount[C_ENTERED]++;
      }
      if (aPer[k].end != DATE_NONE && aPer[k].end >= from && aPer[k].end <= to) {
        cur->aCount[C_LEFT]++;
        aM[month_of(aPer[k].end) - m0][PM_LEAVE]++;
      } else if (aPer[k].end != DATE_NONE && aPer[k].end >= prev->from && aPer[k].end <= prev->to) {
        prev->aCount[C_LEFT]++;
      }
      /* In care on some day of the period: a period ending on `from` ended
      ** the day before it, as "in care on a day" has it. */
      if (aPer[k].start <= to && (aPer[k].end == DATE_NONE || aPer[k].end > from)) inPeriod = 1;
    }
    if (inPeriod) {
      /* A change is an allocation starting in the period to another IRO
      ** than the one before it, even across a gap in care: the child still
      ** meets someone new. */
      int nChange = 0;
      for (int k = 1; k < c->nAl; k++)
        if (c->al[k].start >= from && c->al[k].start <= to && c->al[k].iroId != c->al[k - 1].iroId) nChange++;
      K->aChange[nChange < 3 ? nChange : 3]++;
    }
    tally_review_work(cur, c, cr, &dl);
    tally_review_work(prev, c, cr, &dl);
    Period p;
    const Review *last;
    (void)tally_in_care(prev, c, &p, &last);
    if (tally_in_care(cur, c, &p, &last)) {
      int age = date_age(c->dob, to);
      K->aSexN[c->sex == 'M' ? 0 : c->sex == 'F' ? 1 : 2]++;
      K->aAsy[c->uasc ? 0 : 1]++;
      /* The area and distance of the placement open on the last day. */
      int ie = p.iFirst + p.nEp - 1;
      const Episode *e = &c->ep[ie];
      const EpPlace *pl = e->start <= to && (e->end == DATE_NONE || e->end > to) ? &one.pl[ie] : NULL;
      K->aAre[!pl || pl->inArea < 0 ? 2 : pl->inArea ? 0 : 1]++;
      K->aDis[!pl || !pl->hasMiles ? 2 : pl->miles <= NEAR_HOME_MILES ? 0 : 1]++;
      K->aEthN[one.eth]++;
      K->aSend[one.sen]++;
      int li = nLoc;
      for (int k = 0; k < nLoc; k++)
        if (aLocId[k] == c->localityId) li = k;
      K->aLocN[li]++;
      int visited = 0;
      for (int k = 0; k < c->nCt && !visited; k++)
        visited = c->ct[k].on >= from && c->ct[k].on <= to && strcmp(c->ct[k].kind, "visit") == 0 &&
                  strcmp(c->ct[k].with, "child") == 0;
      K->aVisit[visited ? 0 : 1]++;
      if (age >= 0 && age < 18) K->aDur[age][duration_band(months_between(p.start, to))]++;
      const Allocation *al = child_allocation_on(c, to);
      K->aIroChildren[iro_index(iros, al ? al->iroId : 0)]++;
      if (!last) named_add(&K->aPerm, &K->nPerm, "No review yet in this period of care", 1);
      else if (last->permanence == 1)
        named_add(&K->aPerm, &K->nPerm, !last->permanenceType[0] ? "Plan in place, type not recorded"
                                 : *review_code_label(review_plan_types, last->permanenceType)
                                     ? review_code_label(review_plan_types, last->permanenceType)
                                     : last->permanenceType, 1);
      else named_add(&K->aPerm, &K->nPerm, "No permanence plan recorded at the last review", 1);
    }
    for (int k = 0; k < c->nRv; k++) {
      const Review *r = &c->rv[k];
      RvFacts f;
      if (r->held >= prev->from && r->held <= prev->to) tally_review(prev, c, k, cr, &f);
      if (r->held < from || r->held > to) continue;
      tally_review(cur, c, k, cr, &f);
      int *m = aM[month_of(r->held) - m0];
      m[PM_RV]++;
      m[PM_RV_ON_TIME] += f.onTime;
      m[PM_MIN] += r->minutes != DATE_NONE;
      m[PM_MIN_ON_TIME] += f.minutesOnTime;
      m[PM_AGED4] += f.aged4;
      m[PM_PART] += f.participated;
      m[r->mode == 'p' ? PM_PERSON : r->mode == 'v' ? PM_VIRTUAL : PM_NO_MODE]++;
      m[PM_CHAIRED] += r->childChaired == 1;
      K->aPn[f.pn]++;
      K->aIroReviews[iro_index(iros, r->iroId)]++;
    }
  }
  cur->aOf[M_PARTICIPATED] = cur->aNum[M_AGED4];
  prev->aOf[M_PARTICIPATED] = prev->aNum[M_AGED4];

  /* Notifications after the last child (none: each names a child). */
  for (; sNote.rc == DB_ROW; stream_step(&sNote)) K->aAlloc[AL_NONE]++;
  int failed = rcChild != DB_DONE || sNote.rc != DB_DONE || pass->gen < 0;
  for (int i = 0; i < S_N; i++) {
    failed |= aSt[i].rc == DB_ERROR;
    db_finalize(aSt[i].s);
  }
  db_finalize(sNote.s);
  db_finalize(sChild);
  free(one.ep);
  free(one.pl);
  free(one.rv);
  free(one.al);
  free(one.ct);
  free(one.rc);
  free(aPer);
  deadlines_free(&dl);
  char *zRestore = xmprintf("PRAGMA mmap_size=%lld; PRAGMA cache_size=%lld", (long long)mmapSize,
                            (long long)cacheSize);
  db_exec_script(db, zRestore);
  free(zRestore);
  pass->rc = failed ? DB_ERROR : DB_OK;
}

static void *pass_thread(void *arg) {
  count_pass(arg);
  return NULL;
}

int annual_report(Db *db, Date from, Date to, AnnualReport *out) {
  memset(out, 0, sizeof *out);
  out->from = from;
  out->to = to;
  annual_previous_period(from, to, &out->prevFrom, &out->prevTo);
  RTable *T = out->aTab;
  table_init(&T[AN_COUNTS], "Summary", "Summary", aCountCol, COUNT(aCountCol));
  table_init(&T[AN_MEASURES], "Reviews", "Reviews: timeliness and participation", aMeasureCol,
             COUNT(aMeasureCol));
  table_init(&T[AN_COMPARATORS], "Comparators",
             "Compared with England, the region and statistical neighbours (the year ending 31 March in brackets)",
             aCmpCol, COUNT(aCmpCol));
  table_init(&T[AN_RATE_MONTH], "Rate per 10,000 by month",
             "Children in care per 10,000 children under 18 at each month end", aRateCol, COUNT(aRateCol));
  table_init(&T[AN_BY_MONTH], "In care by month", "Children in care at each month end", aMonthCol,
             COUNT(aMonthCol));
  table_init(&T[AN_WHITE_NON_BRITISH], "White non-British by month",
             "White non-British children in care at each month end", aWnbCol, COUNT(aWnbCol));
  table_init(&T[AN_UASC_MONTH], "Asylum-seeking by month",
             "Unaccompanied asylum-seeking children in care at each month end", aUascCol, COUNT(aUascCol));
  table_init(&T[AN_LOCALITY], "By locality", "Children in care by home locality", aLocCol, COUNT(aLocCol));
  table_init(&T[AN_SEND], "SEN", "Children in care with special educational needs", aSendCol, COUNT(aSendCol));
  table_init(&T[AN_AGE], "Age", "Children in care by age band", aAgeCol, COUNT(aAgeCol));
  table_init(&T[AN_SEX], "Sex", "Children in care by sex", aSexCol, COUNT(aSexCol));
  table_init(&T[AN_ETHNICITY], "Ethnicity", "Children in care by ethnic group", aEthCol, COUNT(aEthCol));
  table_init(&T[AN_ASYLUM], "Asylum-seeking", "Unaccompanied asylum-seeking children", aAsyCol, COUNT(aAsyCol));
  table_init(&T[AN_LEGAL], "Legal status", "Children in care by legal status", aLegCol, COUNT(aLegCol));
  table_init(&T[AN_PLACEMENT], "Placement type", "Children in care by placement type", aPlaCol, COUNT(aPlaCol));
  table_init(&T[AN_AREA], "In or out of area", "Children placed in and out of the council's area", aAreCol,
             COUNT(aAreCol));
  table_init(&T[AN_DISTANCE], "Distance", "Children placed within 20 miles of home", aDisCol, COUNT(aDisCol));
  table_init(&T[AN_REGISTRATION], "Provision", "Children in unregistered provision and supported accommodation",
             aRegCol, COUNT(aRegCol));
  table_init(&T[AN_ENTER_LEAVE], "Entering and leaving", "Entering and leaving care by month", aEnterCol,
             COUNT(aEnterCol));
  table_init(&T[AN_ENTER_AGE], "Entering by age", "Entering care by age band", aEnAgeCol, COUNT(aEnAgeCol));
  table_init(&T[AN_AGE_DURATION], "Age and duration", "Children in care by age and months in care",
             aDurCol, COUNT(aDurCol));
  table_init(&T[AN_REVIEWS_MONTH], "Reviews by month", "Reviews held and on time by month", aRvMonthCol,
             COUNT(aRvMonthCol));
  table_init(&T[AN_MINUTES_MONTH], "Minutes by month", "Full review minutes issued on time by month",
             aMinMonthCol, COUNT(aMinMonthCol));
  table_init(&T[AN_PARTICIPATION], "Participation", "How children took part in their reviews", aPnCol,
             COUNT(aPnCol));
  table_init(&T[AN_PARTICIPATION_MONTH], "Participation by month",
             "Children aged 4 and over who took part in their reviews, by month", aPartMonthCol,
             COUNT(aPartMonthCol));
  table_init(&T[AN_REVIEW_MODES], "Review modes by month", "Reviews in person, virtual and chaired by the child, by month",
             aModeCol, COUNT(aModeCol));
  table_init(&T[AN_ALLOCATION], "IRO allocation", "IRO allocated after the service was notified", aAllocCol,
             COUNT(aAllocCol));
  table_init(&T[AN_IRO_CHANGES], "Changes of IRO", "Changes of IRO for children in care in the period",
             aChangeCol, COUNT(aChangeCol));
  table_init(&T[AN_IRO_VISITS], "IRO visits", "Children in care at the period end visited face to face by an IRO",
             aVisitCol, COUNT(aVisitCol));
  table_init(&T[AN_CASELOAD], "Caseload", "Caseload per IRO", aCaseCol, COUNT(aCaseCol));
  table_init(&T[AN_CASELOAD_SUMMARY], "Caseload summary", "Average caseload and caseload per full-time IRO",
             aCaseSumCol, COUNT(aCaseSumCol));
  table_init(&T[AN_ESC_STAGE], "Escalations by stage", "Escalations raised, by the highest stage reached",
             aStageCol, COUNT(aStageCol));
  table_init(&T[AN_ESC_CATEGORY], "Escalations by category", "Escalations raised, by category", aCatCol,
             COUNT(aCatCol));
  table_init(&T[AN_ESC_MONTH], "Escalations by month", "Escalations raised by month", aEscMonthCol,
             COUNT(aEscMonthCol));
  table_init(&T[AN_PERMANENCE], "Permanence plans", "Permanence plans of children in care at the period end",
             aPermCol, COUNT(aPermCol));

  const CoreRules *cr = core_rules();
  Stmt *s;
  /* The council's localities by name; the last row is for none recorded. */
  int64_t *aLocId = NULL;
  char **azLoc = NULL;
  int nLoc = 0, rcLoc;
  s = db_query(db, "SELECT id, name FROM locality ORDER BY name, id", "");
  while ((rcLoc = db_step(s)) == DB_ROW) {
    aLocId = xrealloc(aLocId, (size_t)(nLoc + 1) * sizeof *aLocId);
    azLoc = xrealloc(azLoc, (size_t)(nLoc + 2) * sizeof *azLoc);
    aLocId[nLoc] = db_col_int(s, 0);
    azLoc[nLoc++] = xstrdup(db_col_text(s, 1));
  }
  db_finalize(s);
  azLoc = xrealloc(azLoc, (size_t)(nLoc + 1) * sizeof *azLoc);
  azLoc[nLoc] = xstrdup("No home locality recorded");
  IroList *iros = iros_load_names(db);
  int m0 = month_of(from), m1 = month_of(to);

  /* Two halves of the children's ids (see "Counting the children"). */
  int64_t idLo = db_int(db, 0, "SELECT min(id) FROM child", ""), idHi = db_int(db, -1, "SELECT max(id) FROM child", "") + 1;
  int64_t idMid = idLo + (idHi - idLo) / 2;
  Pass aPass[2];
  for (int i = 0; i < 2; i++) {
    aPass[i] = (Pass){.db = db, .lo = i ? idMid : idLo, .hi = i ? idHi : idMid, .from = from, .to = to,
                      .prevFrom = out->prevFrom, .prevTo = out->prevTo, .m0 = m0, .m1 = m1, .iros = iros,
                      .aLocId = aLocId, .nLoc = nLoc};
    counts_init(&aPass[i].k, &aPass[i]);
  }
  Db *db2 = db_open_reader(db);
  pthread_t th;
  int threaded = 0;
  if (db2) {
    aPass[1].db = db2;
    /* The working-day tables are built on first use: before the thread
    ** starts, so the two never build them at once. */
    (void)cal_is_working_day(from);
    threaded = pthread_create(&th, NULL, pass_thread, &aPass[1]) == 0;
  }
  count_pass(&aPass[0]);
  if (threaded) pthread_join(th, NULL);
  else count_pass(&aPass[1]);
  /* A write came between the two halves' reads, or the second connection
  ** failed (its error would not be db's to report): count again, all on
  ** db and in one read transaction. */
  if (aPass[0].rc == DB_OK && (aPass[1].rc != DB_OK ? aPass[1].db != db : aPass[0].gen != aPass[1].gen)) {
    counts_free(&aPass[0].k);
    aPass[0].hi = idHi;
    counts_init(&aPass[0].k, &aPass[0]);
    count_pass(&aPass[0]);
  } else if (aPass[1].rc == DB_OK) {
    counts_add(&aPass[0].k, &aPass[1]);
  } else {
    aPass[0].rc = DB_ERROR;
  }
  db_close(db2);
  counts_free(&aPass[1].k);
  int failed = aPass[0].rc != DB_OK || rcLoc != DB_DONE;

  /* The counts under the names the tables are filled with. */
  Counts *K = &aPass[0].k;
  Tally cur = K->cur, prev = K->prev;
  int (*aM)[PM_N] = K->aM;
  int *aSexN = K->aSexN, *aEthN = K->aEthN, *aAsy = K->aAsy, *aAre = K->aAre, *aDis = K->aDis;
  int *aEnAge = K->aEnAge, *aPn = K->aPn, *aSend = K->aSend, *aChange = K->aChange, *aVisit = K->aVisit;
  int *aAlloc = K->aAlloc, (*aDur)[N_DURATION] = K->aDur;
  int *aIroChildren = K->aIroChildren, *aIroReviews = K->aIroReviews, *aLocN = K->aLocN;

  /* Escalations raised in the period, with the highest stage they reached
  ** by its end; the previous period's are only counted. */
  int aStage[ESC_N_STAGES] = {0}, aCat[8] = {0};
  s = db_query(db,
               "SELECT e.category, max(s.stage), e.raised_on FROM escalation e JOIN escalation_stage s"
               " ON s.escalation_id = e.id AND s.started_on <= ?"
               " WHERE e.raised_on >= ? AND e.raised_on <= ? GROUP BY e.id, e.category, e.raised_on",
               "DDD", to, prev.from, to);
  int rcEsc;
  while ((rcEsc = db_step(s)) == DB_ROW) {
    Date raised = db_col_date(s, 2);
    if (raised < from) {
      prev.aCount[C_ESCALATIONS]++;
      continue;
    }
    cur.aCount[C_ESCALATIONS]++;
    aM[month_of(raised) - m0][PM_ESC]++;
    int st = (int)db_col_int(s, 1);
    if (st >= 0 && st < ESC_N_STAGES) aStage[st]++;
    for (int k = 0; k < escalation_n_categories && k < 8; k++)
      if (strcmp(db_col_text(s, 0), escalation_categories[k]) == 0) aCat[k]++;
  }
  db_finalize(s);
  /* A read error is an error, never a report short of some children. */
  if (failed || rcEsc != DB_DONE) goto done;

  /* Fill the tables. */
  static const char *const azCountLabel[C_N] = {
    "Children in care at the period end", "Children entering care (periods of care started)",
    "Children leaving care (periods of care ended)", "Reviews held", "Escalations raised",
    "Recommendations made at reviews",
  };
  for (int k = 0; k < C_N; k++) {
    rtable_row(&T[AN_COUNTS]);
    rtable_text(&T[AN_COUNTS], 0, azCountLabel[k]);
    rtable_num(&T[AN_COUNTS], 1, cur.aCount[k]);
    rtable_num(&T[AN_COUNTS], 2, prev.aCount[k]);
  }
  char *zRec = rule_words(cr->reviewRecommendations), *zMin = rule_words(cr->reviewMinutes);
  char *zPre = rule_words(cr->preReviewContact);
  char *azLabel[M_N] = {
    xstrdup("Reviews held on time"),
    xstrdup("Reviews with recommendations issued"),
    xmprintf("Reviews with recommendations issued within %s", zRec),
    xstrdup("Reviews with full minutes issued"),
    xmprintf("Reviews with full minutes issued within %s", zMin),
    xmprintf("Reviews of children aged %d and over", cr->pn0Age->amount),
    xmprintf("Reviews of children aged %d and over where the child took part (PN1-PN6)", cr->pn0Age->amount),
    xstrdup("Reviews with an advocate"),
    xstrdup("Children in care at the period end with a permanence plan"),
    xstrdup("Recommendations made at reviews in the period and done by their due date"),
    xstrdup("Recommendations made at reviews in the period still open and overdue at its end"),
    xmprintf("IRO contacts with the child before a review, due in the period, made within %s of the review",
             zPre),
  };
  for (int k = 0; k < M_N; k++) {
    rtable_row(&T[AN_MEASURES]);
    rtable_text(&T[AN_MEASURES], 0, azLabel[k]);
    rtable_num(&T[AN_MEASURES], 1, cur.aNum[k]);
    rtable_num(&T[AN_MEASURES], 2, cur.aOf[k]);
    rtable_num(&T[AN_MEASURES], 3, rtable_pct(cur.aNum[k], cur.aOf[k]));
    rtable_num(&T[AN_MEASURES], 4, prev.aNum[k]);
    rtable_num(&T[AN_MEASURES], 5, prev.aOf[k]);
    rtable_num(&T[AN_MEASURES], 6, rtable_pct(prev.aNum[k], prev.aOf[k]));
    free(azLabel[k]);
  }
  free(zRec);
  free(zMin);
  free(zPre);
  for (int mi = m0; mi <= m1; mi++) {
    char z[16];
    month_label(mi, z, sizeof z);
    Date d = month_last_day(mi);
    if (d > to) d = to;
    const int *m = aM[mi - m0];
    RTable *t = &T[AN_BY_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, d);
    rtable_num(t, 2, m[PM_CARE]);
    t = &T[AN_WHITE_NON_BRITISH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, d);
    rtable_num(t, 2, m[PM_CARE]);
    rtable_num(t, 3, m[PM_WNB]);
    rtable_num(t, 4, rtable_pct(m[PM_WNB], m[PM_CARE]));
    t = &T[AN_UASC_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, d);
    rtable_num(t, 2, m[PM_UASC]);
    rtable_num(t, 3, rtable_pct(m[PM_UASC], m[PM_CARE]));
    t = &T[AN_ENTER_LEAVE];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_ENTER]);
    rtable_num(t, 2, m[PM_LEAVE]);
    t = &T[AN_REVIEWS_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_RV]);
    rtable_num(t, 2, m[PM_RV_ON_TIME]);
    rtable_num(t, 3, rtable_pct(m[PM_RV_ON_TIME], m[PM_RV]));
    t = &T[AN_MINUTES_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_RV]);
    rtable_num(t, 2, m[PM_MIN]);
    rtable_num(t, 3, m[PM_MIN_ON_TIME]);
    rtable_num(t, 4, rtable_pct(m[PM_MIN_ON_TIME], m[PM_RV]));
    t = &T[AN_PARTICIPATION_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_AGED4]);
    rtable_num(t, 2, m[PM_PART]);
    rtable_num(t, 3, rtable_pct(m[PM_PART], m[PM_AGED4]));
    t = &T[AN_REVIEW_MODES];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_RV]);
    rtable_num(t, 2, m[PM_PERSON]);
    rtable_num(t, 3, m[PM_VIRTUAL]);
    rtable_num(t, 4, m[PM_NO_MODE]);
    rtable_num(t, 5, m[PM_CHAIRED]);
    t = &T[AN_ESC_MONTH];
    rtable_row(t);
    rtable_text(t, 0, z);
    rtable_num(t, 1, m[PM_ESC]);
  }
  /* Fixed categories keep their zero rows, so one year lines up with the
  ** next; open-ended ones (permanence types) list only what occurs. */
  dist(&T[AN_LOCALITY], (const char *const *)azLoc, aLocN, nLoc + 1, 1);
  dist(&T[AN_SEND], azSend, aSend, 4, 1);
  dist_prev(&T[AN_AGE], azAgeBand, cur.aAge, prev.aAge, N_AGE_BAND);
  dist(&T[AN_SEX], azSex, aSexN, 3, 1);
  dist(&T[AN_ETHNICITY], azEthnic, aEthN, 6, 1);
  static const char *const azAsy[] = {"Unaccompanied asylum-seeking", "Not asylum-seeking"};
  dist(&T[AN_ASYLUM], azAsy, aAsy, 2, 1);
  dist_prev(&T[AN_LEGAL], azLegal, cur.aLeg, prev.aLeg, 5);
  dist_prev(&T[AN_PLACEMENT], azPlacement, cur.aPla, prev.aPla, 7);
  dist(&T[AN_AREA], azArea, aAre, 3, 1);
  dist(&T[AN_DISTANCE], azDistance, aDis, 3, 1);
  dist_prev(&T[AN_REGISTRATION], azRegistration, cur.aReg, prev.aReg, 4);
  dist(&T[AN_ENTER_AGE], azAgeBand, aEnAge, N_AGE_BAND, 1);
  dist(&T[AN_PARTICIPATION], azParticipation, aPn, N_PN, 1);
  char *zAl = rule_words(cr->iroAllocation);
  char *azAlloc[3] = {xmprintf("Allocated within %s", zAl), xmprintf("Allocated later than %s", zAl),
                      xstrdup("Not allocated")};
  dist(&T[AN_ALLOCATION], (const char *const *)azAlloc, aAlloc, 3, 1);
  for (int k = 0; k < 3; k++) free(azAlloc[k]);
  free(zAl);
  static const char *const azChange[] = {"No change of IRO", "1 change", "2 changes", "3 or more changes"};
  dist(&T[AN_IRO_CHANGES], azChange, aChange, 4, 1);
  static const char *const azVisit[] = {"Visited face to face in the period", "Not visited face to face in the period"};
  dist(&T[AN_IRO_VISITS], azVisit, aVisit, 2, 1);
  const char *azStage[ESC_N_STAGES];
  for (int k = 0; k < ESC_N_STAGES; k++) azStage[k] = escalation_stage_label(k);
  dist(&T[AN_ESC_STAGE], azStage, aStage, ESC_N_STAGES, 1);
  dist(&T[AN_ESC_CATEGORY], escalation_categories, aCat, escalation_n_categories, 1);
  /* The category codes stay in the download; the page says them in words. */
  for (int i = 0; i < T[AN_ESC_CATEGORY].nRow && i < escalation_n_categories; i++) {
    char z[64];
    escalation_code_words(escalation_categories[i], z, sizeof z);
    rtable_html_cell(&T[AN_ESC_CATEGORY], i, 0, z);
  }
  Named *aPerm = K->aPerm;
  int nPerm = K->nPerm;
  qsort(aPerm, (size_t)nPerm, sizeof *aPerm, cmp_named);
  int64_t permTotal = 0;
  for (int k = 0; k < nPerm; k++) permTotal += aPerm[k].n;
  for (int k = 0; k < nPerm; k++) {
    rtable_row(&T[AN_PERMANENCE]);
    rtable_text(&T[AN_PERMANENCE], 0, aPerm[k].z);
    rtable_num(&T[AN_PERMANENCE], 1, aPerm[k].n);
    rtable_num(&T[AN_PERMANENCE], 2, rtable_pct(aPerm[k].n, permTotal));
  }
  for (int age = 0; age < 18; age++) {
    rtable_row(&T[AN_AGE_DURATION]);
    rtable_num(&T[AN_AGE_DURATION], 0, age);
    for (int k = 0; k < N_DURATION; k++) rtable_num(&T[AN_AGE_DURATION], 1 + k, aDur[age][k]);
  }
  /* The caseload summary counts the IROs who had children on the period
  ** end: one who left or starts later would lower the average without
  ** carrying any of the work. Values in hundredths (RCOL_DEC). */
  int64_t nIro = 0, nAllocated = 0;
  double fte = 0;
  for (int k = 0; k <= iros->n; k++) {
    if (!aIroChildren[k] && !aIroReviews[k]) continue;
    rtable_row(&T[AN_CASELOAD]);
    rtable_text(&T[AN_CASELOAD], 0, k < iros->n ? iros->a[k].zName : zNoIro);
    rtable_num(&T[AN_CASELOAD], 1, aIroChildren[k]);
    rtable_num(&T[AN_CASELOAD], 2, aIroReviews[k]);
    if (k < iros->n && aIroChildren[k]) {
      nIro++;
      nAllocated += aIroChildren[k];
      fte += iros->a[k].fte;
    }
  }
  static const char *const azCaseSum[CS_N] = {
    "IROs with children allocated at the period end", "Their full-time equivalent",
    "Children allocated to them at the period end", "Average caseload per IRO",
    "Caseload per full-time equivalent IRO", "Target caseload per full-time equivalent IRO",
  };
  int64_t aCaseSum[CS_N] = {
    nIro * 100, llround(fte * 100), nAllocated * 100, nIro ? (nAllocated * 100 * 2 + nIro) / (nIro * 2) : 0,
    fte > 0 ? llround((double)nAllocated * 100 / fte) : 0, (int64_t)cr->caseloadAmber->amount * 100,
  };
  for (int k = 0; k < CS_N; k++) {
    rtable_row(&T[AN_CASELOAD_SUMMARY]);
    rtable_text(&T[AN_CASELOAD_SUMMARY], 0, azCaseSum[k]);
    rtable_num(&T[AN_CASELOAD_SUMMARY], 1, aCaseSum[k]);
  }

  fill_comparators(db, out, cur.aCount[C_IN_CARE]);

done:
  for (int k = 0; k <= nLoc; k++) free(azLoc[k]);
  free(azLoc);
  free(aLocId);
  iros_free(iros);
  counts_free(K);
  return failed || rcEsc != DB_DONE ? DB_ERROR : DB_OK;
}

void annual_free(AnnualReport *r) {
  for (int i = 0; i < AN_N; i++) rtable_clear(&r->aTab[i]);
  free(r->aRate);
  r->aRate = NULL;
}

void annual_default_period(Date today, Date *pFrom, Date *pTo) {
  int y, m, d;
  date_to_ymd(today, &y, &m, &d);
  int endYear = m >= 4 ? y : y - 1;   /* the 31 March most recently passed */
  *pTo = date_from_ymd(endYear, 3, 31);
  *pFrom = date_from_ymd(endYear - 1, 4, 1);
}

/* ---- Output --------------------------------------------------------------------- */

/* A table's rows, each row's previous_period_ columns gathered into one
** "previous_period" object inside it. */
static json_t *table_json(const RTable *t) {
  json_t *a = reports_table_json(t);
  static const char zPrev[] = "previous_period_";
  size_t i;
  json_t *row;
  json_array_foreach(a, i, row) {
    json_t *pp = NULL;
    const char *zKey;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(row, tmp, zKey, v) {
      if (strncmp(zKey, zPrev, sizeof zPrev - 1) != 0) continue;
      if (!pp) pp = json_object();
      json_object_set(pp, zKey + sizeof zPrev - 1, v);
      json_object_del(row, zKey);
    }
    if (pp) json_object_set_new(row, "previous_period", pp);
  }
  return a;
}

/* A figure as {value, year, status}: value and year null, status "not
** loaded", when it is not. */
static json_t *figure_json(const AnnualFigure *f, int whole) {
  json_t *v = json_object();
  int ok = f->year != 0;
  json_object_set_new(v, "value", !ok ? json_null() : whole ? json_integer((json_int_t)f->v)
                                                            : json_real((double)f->v / 100.0));
  json_object_set_new(v, "year", ok ? json_integer(f->year) : json_null());
  json_object_set_new(v, "status", json_string(ok ? "loaded" : "not loaded"));
  return v;
}

static json_t *comparators_json(const AnnualReport *r) {
  json_t *o = json_object();
  json_object_set_new(o, "year", json_integer(r->year));
  for (int k = 0; k < AC_N; k++) {
    json_t *m = json_object();
    for (int a = 0; a < CMP_N_AREA; a++) json_object_set_new(m, azAreaKey[a], figure_json(&r->aCmp[k][a], 0));
    json_object_set_new(o, aCmpRow[k].zKey, m);
  }
  return o;
}

static json_t *rate_month_json(const AnnualReport *r) {
  json_t *a = json_array();
  const RTable *bm = &r->aTab[AN_BY_MONTH];
  char z[11];
  for (int i = 0; i < r->nRate && i < bm->nRow; i++) {
    const AnnualMonthRate *m = &r->aRate[i];
    json_t *row = json_object();
    json_object_set_new(row, "month", json_string(rtable_cell(bm, i, 0)->z));
    json_object_set_new(row, "month_end", json_string(date_iso((Date)rtable_cell(bm, i, 1)->v, z)));
    json_object_set_new(row, "children", json_integer(m->children));
    json_object_set_new(row, "population", figure_json(&m->population, 1));
    json_object_set_new(row, "rate", figure_json(&m->rate, 0));
    json_array_append_new(a, row);
  }
  return a;
}

char *annual_json(const AnnualReport *r) {
  json_t *o = json_object();
  char z[11];
  json_object_set_new(o, "from", json_string(date_iso(r->from, z)));
  json_object_set_new(o, "to", json_string(date_iso(r->to, z)));
  const RTable *c = &r->aTab[AN_COUNTS], *m = &r->aTab[AN_MEASURES];
  /* A headline count is a number, as it always was; the previous period's
  ** counts go with its dates. */
  json_t *prev = json_object();
  json_object_set_new(prev, "from", json_string(date_iso(r->prevFrom, z)));
  json_object_set_new(prev, "to", json_string(date_iso(r->prevTo, z)));
  for (int i = 0; i < c->nRow && i < C_N; i++) {
    json_object_set_new(o, azCountKey[i], json_integer((json_int_t)rtable_cell(c, i, 1)->v));
    json_object_set_new(prev, azCountKey[i], json_integer((json_int_t)rtable_cell(c, i, 2)->v));
  }
  json_object_set_new(o, "previous_period", prev);
  for (int i = 0; i < m->nRow && i < M_N; i++) {
    json_t *v = json_object(), *pv = json_object();
    json_object_set_new(v, "number", json_integer((json_int_t)rtable_cell(m, i, 1)->v));
    json_object_set_new(v, "of", json_integer((json_int_t)rtable_cell(m, i, 2)->v));
    json_object_set_new(v, "percent", json_real((double)rtable_cell(m, i, 3)->v / 100.0));
    json_object_set_new(pv, "number", json_integer((json_int_t)rtable_cell(m, i, 4)->v));
    json_object_set_new(pv, "of", json_integer((json_int_t)rtable_cell(m, i, 5)->v));
    json_object_set_new(pv, "percent", json_real((double)rtable_cell(m, i, 6)->v / 100.0));
    json_object_set_new(v, "previous_period", pv);
    json_object_set_new(o, azMeasureKey[i], v);
  }
  for (int i = AN_MEASURES + 1; i < AN_N; i++) {
    const RTable *t = &r->aTab[i];
    if (i == AN_COMPARATORS) {
      json_object_set_new(o, azKey[i], comparators_json(r));
    } else if (i == AN_RATE_MONTH) {
      json_object_set_new(o, azKey[i], rate_month_json(r));
    } else if (i == AN_CASELOAD_SUMMARY) {
      /* Named values read better than rows of a two-column table. */
      json_t *v = json_object();
      for (int k = 0; k < t->nRow && k < CS_N; k++) {
        int64_t x = rtable_cell(t, k, 1)->v;
        json_object_set_new(v, azCaseSumKey[k], k == CS_IROS || k == CS_CHILDREN || k == CS_TARGET
                                                    ? json_integer((json_int_t)(x / 100))
                                                    : json_real((double)x / 100.0));
      }
      json_object_set_new(o, azKey[i], v);
    } else {
      json_object_set_new(o, azKey[i], table_json(t));
    }
  }
  char *zOut = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(o);
  char *zRet = xmprintf("%s\n", zOut);
  free(zOut);
  return zRet;
}

void annual_csv(const AnnualReport *r, Buf *out) { reports_csv(r->aTab, AN_N, out); }

/* How each table is drawn: the kind of chart and which columns; tables
** that read better as they are (the headline measures) have none. */
static const struct { int tab; int kind; int nSeries; int aSeries[3]; } aChart[] = {
  {AN_BY_MONTH, CHART_BAR, 1, {2}},
  {AN_WHITE_NON_BRITISH, CHART_BAR, 1, {3}},
  {AN_UASC_MONTH, CHART_BAR, 1, {2}},
  {AN_LOCALITY, CHART_HBAR, 1, {1}},
  {AN_SEND, CHART_HBAR, 1, {1}},
  {AN_AGE, CHART_BAR, 2, {1, 3}},
  {AN_SEX, CHART_HBAR, 1, {1}},
  {AN_ETHNICITY, CHART_HBAR, 1, {1}},
  {AN_ASYLUM, CHART_HBAR, 1, {1}},
  {AN_LEGAL, CHART_HBAR, 2, {1, 3}},
  {AN_PLACEMENT, CHART_HBAR, 2, {1, 3}},
  {AN_AREA, CHART_HBAR, 1, {1}},
  {AN_DISTANCE, CHART_HBAR, 1, {1}},
  {AN_REGISTRATION, CHART_HBAR, 2, {1, 3}},
  {AN_ENTER_LEAVE, CHART_LINE, 2, {1, 2}},
  {AN_ENTER_AGE, CHART_BAR, 1, {1}},
  {AN_REVIEWS_MONTH, CHART_BAR, 2, {1, 2}},
  {AN_MINUTES_MONTH, CHART_BAR, 2, {1, 3}},
  {AN_PARTICIPATION, CHART_HBAR, 1, {1}},
  {AN_PARTICIPATION_MONTH, CHART_BAR, 2, {1, 2}},
  {AN_REVIEW_MODES, CHART_STACKED, 3, {2, 3, 4}},
  {AN_ALLOCATION, CHART_HBAR, 1, {1}},
  {AN_IRO_CHANGES, CHART_HBAR, 1, {1}},
  {AN_IRO_VISITS, CHART_HBAR, 1, {1}},
  {AN_CASELOAD, CHART_HBAR, 1, {1}},
  {AN_ESC_STAGE, CHART_HBAR, 1, {1}},
  {AN_ESC_CATEGORY, CHART_HBAR, 1, {1}},
  {AN_ESC_MONTH, CHART_BAR, 1, {1}},
  {AN_PERMANENCE, CHART_HBAR, 1, {1}},
};

void annual_html_sections(const AnnualReport *r, Buf *out, int govuk) { annual_html_view(r, NULL, out, govuk); }

void annual_html_view(const AnnualReport *r, const RTable *aShow, Buf *out, int govuk) {
  for (int i = 0; i < AN_N; i++) {
    const RTable *t = &r->aTab[i];
    html_raw(out, govuk ? "<h2 class=\"govuk-heading-m\">" : "<h2>");
    html_printf(out, "%h</h2>\n", t->zTitle);
    /* A chart of a table with a hidden count would draw the count. */
    if (aShow && rtable_has_hidden(&aShow[i])) {
      html_raw(out, govuk ? "<p class=\"govuk-body\">" : "<p>");
      html_raw(out, "No chart: it would show counts under 6.</p>\n");
      reports_table_html(&aShow[i], out, govuk);
      continue;
    }
    /* With no count hidden the board's copy differs only in the IROs' names. */
    if (aShow && i == AN_CASELOAD) t = &aShow[i];
    if (i == AN_AGE_DURATION) {
      html_raw(out, govuk ? "<p class=\"govuk-body\">" : "<p>");
      html_raw(out, "Darker cells hold more children. Months are whole months since the current period of care began.</p>\n");
      chart_shaded_table(out, t, 1, govuk);
      continue;
    }
    /* A chart of more than a page of bars (a large council's caseloads)
    ** says nothing the table does not. */
    for (int k = 0; k < COUNT(aChart) && t->nRow <= 40; k++)
      if (aChart[k].tab == i)
        chart_svg(out, t, (ChartKind)aChart[k].kind, 0, aChart[k].aSeries, aChart[k].nSeries, t->zTitle);
    reports_table_html(t, out, govuk);
  }
}

static const char zStyle[] =
  "body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c;max-width:50em}"
  "table{border-collapse:collapse;font-size:0.85em;margin-bottom:1.5em}"
  "th,td{border:1px solid #b1b4b6;padding:0.3em 0.4em;text-align:left;vertical-align:top}"
  "th{background:#f3f2f1}"
  ".app-chart{margin:0 0 1em;max-width:48rem}.app-chart__svg{width:100%;height:auto}"
  ".app-chart__caption{font-weight:bold}"
  ".app-shade-1{background:#eef4fa}.app-shade-2{background:#d2e2f1}.app-shade-3{background:#a3c2e0}"
  ".app-shade-4{background:#2b5f8e;color:#fff}.app-shade-5{background:#1d3f5e;color:#fff}"
  "@media print{@page{size:A4;margin:15mm 12mm}body{margin:0}"
  "h2{break-after:avoid}.app-chart,table{break-inside:avoid}"
  "td{print-color-adjust:exact;-webkit-print-color-adjust:exact}}";

void annual_html(const AnnualReport *r, Buf *out) {
  html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_printf(out, "<title>IRO annual report: %D to %D</title>\n", (int)r->from, (int)r->to);
  html_raw(out, "<style>");
  html_raw(out, zStyle);
  html_raw(out, "</style>\n</head>\n<body>\n");
  html_printf(out, "<h1>Independent reviewing officers' annual report</h1>\n<p>%D to %D.</p>\n", (int)r->from,
              (int)r->to);
  annual_html_sections(r, out, 0);
  html_raw(out, "</body>\n</html>\n");
}

RTable *annual_board_tables(const AnnualReport *r) {
  RTable *a = xcalloc(AN_N, sizeof *a);
  for (int k = 0; k < AN_N; k++) {
    const RTable *t = &r->aTab[k];
    rtable_figures_only(t, &a[k], 1);
    /* The report has no link columns, so the copy's columns are the
    ** report's: its numbers stay behind the words for the charts, which
    ** are drawn only where no count is hidden. */
    if (a[k].nCol != t->nCol) continue;
    for (int i = 0; i < t->nRow; i++)
      for (int c = 0; c < t->nCol; c++) ((RCell *)rtable_cell(&a[k], i, c))->v = rtable_cell(t, i, c)->v;
  }
  /* An IRO's caseload is about a member of staff: the board reads it by
  ** number. The last row, children with no IRO, keeps its words. */
  RTable *c = &a[AN_CASELOAD];
  for (int i = 0; i < c->nRow; i++) {
    RCell *cell = (RCell *)rtable_cell(c, i, 0);
    if (cell->z && strcmp(cell->z, zNoIro) == 0) continue;
    free(cell->z);
    cell->z = xmprintf("IRO %d", i + 1);
  }
  return a;
}
