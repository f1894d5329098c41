/*
** annual.c: the reviewing officers' annual report.
**
** Everything is counted in one pass over the children (childset_load, as
** the deadline engine reads them), plus two small queries for what the
** ChildSet does not carry: the placement's area and distance, and the
** escalations. Children and reviews are counted as recorded today for the
** period asked: a review recorded late still counts in the month it was
** held, which is what the published report shows.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "annual.h"
#include "chart.h"
#include "children.h"
#include "escalations.h"
#include "html.h"
#include "iros.h"
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
  [AN_COUNTS] = "counts", [AN_MEASURES] = "measures",
  [AN_BY_MONTH] = "children_in_care_by_month", [AN_AGE] = "age_band", [AN_SEX] = "sex",
  [AN_ETHNICITY] = "ethnicity", [AN_ASYLUM] = "asylum_seeking", [AN_LEGAL] = "legal_status",
  [AN_PLACEMENT] = "placement_type", [AN_AREA] = "area", [AN_DISTANCE] = "distance",
  [AN_REGISTRATION] = "registration", [AN_ENTER_LEAVE] = "entering_and_leaving_by_month",
  [AN_ENTER_AGE] = "entering_by_age_band", [AN_AGE_DURATION] = "age_by_duration",
  [AN_REVIEWS_MONTH] = "reviews_by_month", [AN_PARTICIPATION] = "participation",
  [AN_CASELOAD] = "caseload", [AN_ESC_STAGE] = "escalations_by_stage",
  [AN_ESC_CATEGORY] = "escalations_by_category", [AN_PERMANENCE] = "permanence_plans",
};

const char *annual_key(int i) { return i >= 0 && i < AN_N ? azKey[i] : ""; }

/* A distribution: a category, how many, and the share of the total. */
#define DIST_COLS(zCsv, zLabel, zCount)                                     \
  {{zCsv, zLabel, RCOL_TEXT, 34}, {"number", zCount, RCOL_INT, 10}, {"percent", "%", RCOL_PCT, 8}}
static const RColumn aAgeCol[] = DIST_COLS("age_band", "Age band", "Children");
static const RColumn aSexCol[] = DIST_COLS("sex", "Sex", "Children");
static const RColumn aEthCol[] = DIST_COLS("ethnicity_group", "Ethnic group", "Children");
static const RColumn aAsyCol[] = DIST_COLS("asylum_seeking", "Asylum-seeking", "Children");
static const RColumn aLegCol[] = DIST_COLS("legal_status", "Legal status", "Children");
static const RColumn aPlaCol[] = DIST_COLS("placement_type", "Placement type", "Children");
static const RColumn aAreCol[] = DIST_COLS("area", "Where they live", "Children");
static const RColumn aDisCol[] = DIST_COLS("distance", "Distance from home", "Children");
static const RColumn aRegCol[] = DIST_COLS("registration", "Provision", "Children");
static const RColumn aEnAgeCol[] = DIST_COLS("age_band", "Age band on entering care", "Children");
static const RColumn aPnCol[] = DIST_COLS("participation", "How the child took part", "Reviews");
static const RColumn aStageCol[] = DIST_COLS("highest_stage", "Highest stage reached", "Escalations");
static const RColumn aCatCol[] = DIST_COLS("category", "Category", "Escalations");
static const RColumn aPermCol[] = DIST_COLS("permanence_plan", "Permanence plan", "Children");
static const RColumn aCountCol[] = {
  {"measure", "Measure", RCOL_TEXT, 60}, {"number", "Number", RCOL_INT, 10}};
static const RColumn aMeasureCol[] = {
  {"measure", "Measure", RCOL_TEXT, 60}, {"number", "Number", RCOL_INT, 10},
  {"of", "Out of", RCOL_INT, 10}, {"percent", "%", RCOL_PCT, 8}};
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

/* The placement details the ChildSet does not carry, for the episodes
** open on the period end: sorted by episode id for bsearch. */
typedef struct EpisodePlace { int64_t id; int inArea; double miles; int hasMiles; } EpisodePlace;

static int cmp_place(const void *a, const void *b) {
  int64_t x = ((const EpisodePlace *)a)->id, y = ((const EpisodePlace *)b)->id;
  return x < y ? -1 : x > y;
}

typedef struct Named { char *z; int n; } Named;
static void named_add(Named **pa, int *pn, const char *z) {
  for (int i = 0; i < *pn; i++)
    if (strcmp((*pa)[i].z, z) == 0) {
      (*pa)[i].n++;
      return;
    }
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  (*pa)[*pn] = (Named){xstrdup(z), 1};
  (*pn)++;
}
static int cmp_named(const void *a, const void *b) {
  const Named *x = a, *y = b;
  if (x->n != y->n) return y->n - x->n;
  return strcmp(x->z, y->z);
}

/* The IRO's row in the caseload table; the last row (n) for none. */
static int iro_index(const IroList *l, int64_t id) {
  const Iro *i = id ? iros_find(l, id) : NULL;
  return i ? (int)(i - l->a) : l->n;
}

/* The headline measures, in the report's order; keys as documented. */
enum {
  M_ON_TIME, M_RECS, M_RECS_ON_TIME, M_MINUTES, M_MINUTES_ON_TIME, M_AGED4, M_PARTICIPATED,
  M_ADVOCATE, M_PERMANENCE, M_N
};
static const char *const azMeasureKey[M_N] = {
  "reviews_on_time", "reviews_with_recommendations", "recommendations_on_time",
  "reviews_with_minutes", "minutes_on_time", "reviews_of_children_aged_4_and_over",
  "reviews_aged_4_and_over_participated", "reviews_with_advocate", "permanence_plan_in_place",
};
enum { C_IN_CARE, C_ENTERED, C_LEFT, C_REVIEWS, C_ESCALATIONS, C_N };
static const char *const azCountKey[C_N] = {
  "children_in_care_at_period_end", "periods_of_care_started", "periods_of_care_ended",
  "reviews_held", "escalations_raised",
};

int annual_report(Db *db, Date from, Date to, AnnualReport *out) {
  memset(out, 0, sizeof *out);
  out->from = from;
  out->to = to;
  RTable *T = out->aTab;
  table_init(&T[AN_COUNTS], "Summary", "Summary", aCountCol, COUNT(aCountCol));
  table_init(&T[AN_MEASURES], "Reviews", "Reviews: timeliness and participation", aMeasureCol,
             COUNT(aMeasureCol));
  table_init(&T[AN_BY_MONTH], "In care by month", "Children in care at each month end", aMonthCol,
             COUNT(aMonthCol));
  table_init(&T[AN_AGE], "Age", "Children in care by age band", aAgeCol, 3);
  table_init(&T[AN_SEX], "Sex", "Children in care by sex", aSexCol, 3);
  table_init(&T[AN_ETHNICITY], "Ethnicity", "Children in care by ethnic group", aEthCol, 3);
  table_init(&T[AN_ASYLUM], "Asylum-seeking", "Unaccompanied asylum-seeking children", aAsyCol, 3);
  table_init(&T[AN_LEGAL], "Legal status", "Children in care by legal status", aLegCol, 3);
  table_init(&T[AN_PLACEMENT], "Placement type", "Children in care by type of placement", aPlaCol, 3);
  table_init(&T[AN_AREA], "In or out of area", "Placements in and out of the council's area", aAreCol, 3);
  table_init(&T[AN_DISTANCE], "Distance", "Placements within 20 miles of home", aDisCol, 3);
  table_init(&T[AN_REGISTRATION], "Provision", "Children in unregistered provision and supported accommodation",
             aRegCol, 3);
  table_init(&T[AN_ENTER_LEAVE], "Entering and leaving", "Entering and leaving care by month", aEnterCol,
             COUNT(aEnterCol));
  table_init(&T[AN_ENTER_AGE], "Entering by age", "Entering care by age band", aEnAgeCol, 3);
  table_init(&T[AN_AGE_DURATION], "Age and duration", "Children in care by age and months in care",
             aDurCol, COUNT(aDurCol));
  table_init(&T[AN_REVIEWS_MONTH], "Reviews by month", "Reviews held and on time by month", aRvMonthCol,
             COUNT(aRvMonthCol));
  table_init(&T[AN_PARTICIPATION], "Participation", "How children took part in their reviews", aPnCol, 3);
  table_init(&T[AN_CASELOAD], "Caseload", "Caseload per IRO", aCaseCol, COUNT(aCaseCol));
  table_init(&T[AN_ESC_STAGE], "Escalations by stage", "Escalations raised, by the highest stage reached",
             aStageCol, 3);
  table_init(&T[AN_ESC_CATEGORY], "Escalations by category", "Escalations raised, by category", aCatCol, 3);
  table_init(&T[AN_PERMANENCE], "Permanence plans", "Permanence plans of children in care at the period end",
             aPermCol, 3);

  ChildSet *cs = childset_load(db, &(ChildFilter){0});
  if (!cs) return DB_ERROR;
  const CoreRules *cr = core_rules();

  /* Placement details and ethnicity of the episodes open on the last day. */
  EpisodePlace *aPlace = NULL;
  int nPlace = 0, nPlaceAlloc = 0;
  Stmt *s = db_query(db,
                     "SELECT id, in_area, distance_miles FROM episode"
                     " WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)",
                     "DD", to, to);
  while (db_step(s) == DB_ROW) {
    if (nPlace == nPlaceAlloc) {
      nPlaceAlloc = nPlaceAlloc ? nPlaceAlloc * 2 : 256;
      aPlace = xrealloc(aPlace, (size_t)nPlaceAlloc * sizeof *aPlace);
    }
    aPlace[nPlace++] = (EpisodePlace){db_col_int(s, 0), db_col_bool3(s, 1), db_col_double(s, 2),
                                      !db_col_is_null(s, 2)};
  }
  db_finalize(s);
  qsort(aPlace, (size_t)nPlace, sizeof *aPlace, cmp_place);
  /* Each child's ethnic group, by child id (ids ascending). */
  int64_t *aEthId = NULL;
  int *aEthGroup = NULL;
  int nEth = 0, nEthAlloc = 0;
  s = db_query(db, "SELECT id, ethnicity FROM child ORDER BY id", "");
  while (db_step(s) == DB_ROW) {
    if (nEth == nEthAlloc) {
      nEthAlloc = nEthAlloc ? nEthAlloc * 2 : 256;
      aEthId = xrealloc(aEthId, (size_t)nEthAlloc * sizeof *aEthId);
      aEthGroup = xrealloc(aEthGroup, (size_t)nEthAlloc * sizeof *aEthGroup);
    }
    aEthId[nEth] = db_col_int(s, 0);
    aEthGroup[nEth++] = ethnic_group(db_col_text(s, 1));
  }
  db_finalize(s);

  int m0 = month_of(from), m1 = month_of(to), nMonth = m1 - m0 + 1;
  int *aInCareMonth = xcalloc((size_t)nMonth, sizeof(int));
  int *aEnterMonth = xcalloc((size_t)nMonth, sizeof(int));
  int *aLeaveMonth = xcalloc((size_t)nMonth, sizeof(int));
  int *aRvMonth = xcalloc((size_t)nMonth, sizeof(int));
  int *aRvOnTimeMonth = xcalloc((size_t)nMonth, sizeof(int));
  int aAge[N_AGE_BAND] = {0}, aSexN[3] = {0}, aEthN[6] = {0}, aAsy[2] = {0}, aLeg[5] = {0}, aPla[7] = {0};
  int aAre[3] = {0}, aDis[3] = {0}, aReg[4] = {0}, aEnAge[N_AGE_BAND] = {0}, aPn[N_PN] = {0};
  int aDur[18][N_DURATION] = {{0}};
  int aCount[C_N] = {0}, aNum[M_N] = {0}, aOf[M_N] = {0};
  Named *aPerm = NULL;
  int nPerm = 0;
  IroList *iros = iros_load_names(db);
  int *aIroChildren = xcalloc((size_t)iros->n + 1, sizeof(int));   /* [n]: not allocated */
  int *aIroReviews = xcalloc((size_t)iros->n + 1, sizeof(int));
  Period *aPer = NULL;
  int nPerAlloc = 0;

  for (int ci = 0; ci < cs->n; ci++) {
    const Child *c = &cs->a[ci];
    for (int mi = m0; mi <= m1; mi++) {
      Date d = month_last_day(mi);
      if (d > to) d = to;
      if (child_in_care(c, d, NULL)) aInCareMonth[mi - m0]++;
    }
    /* Periods of care starting and ending in the period: a child who left
    ** and came back counts once leaving and once entering. */
    if (c->nEp > nPerAlloc) {
      nPerAlloc = c->nEp;
      aPer = xrealloc(aPer, (size_t)nPerAlloc * sizeof *aPer);
    }
    int nPer = child_periods(c, to, aPer, c->nEp);
    for (int k = 0; k < nPer; k++) {
      if (aPer[k].start >= from && aPer[k].start <= to) {
        aCount[C_ENTERED]++;
        aEnterMonth[month_of(aPer[k].start) - m0]++;
        aEnAge[age_band(date_age(c->dob, aPer[k].start))]++;
      }
      if (aPer[k].end != DATE_NONE && aPer[k].end >= from && aPer[k].end <= to) {
        aCount[C_LEFT]++;
        aLeaveMonth[month_of(aPer[k].end) - m0]++;
      }
    }
    Period p;
    if (child_in_care(c, to, &p)) {
      aCount[C_IN_CARE]++;
      int age = date_age(c->dob, to);
      aAge[age_band(age)]++;
      aSexN[c->sex == 'M' ? 0 : c->sex == 'F' ? 1 : 2]++;
      aAsy[c->uasc ? 0 : 1]++;
      const Episode *e = &c->ep[p.iFirst + p.nEp - 1];
      aLeg[legal_group(e->legalStatus)]++;
      aPla[placement_group(e->placement)]++;
      aReg[e->registration < 4 ? e->registration : 0]++;
      EpisodePlace key = {.id = e->id};
      const EpisodePlace *pl = bsearch(&key, aPlace, (size_t)nPlace, sizeof *aPlace, cmp_place);
      aAre[!pl || pl->inArea < 0 ? 2 : pl->inArea ? 0 : 1]++;
      aDis[!pl || !pl->hasMiles ? 2 : pl->miles <= NEAR_HOME_MILES ? 0 : 1]++;
      int lo = 0, hi = nEth - 1, g = 5;
      while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (aEthId[mid] == c->id) {
          g = aEthGroup[mid];
          break;
        }
        if (aEthId[mid] < c->id) lo = mid + 1;
        else hi = mid - 1;
      }
      aEthN[g]++;
      if (age >= 0 && age < 18) aDur[age][duration_band(months_between(p.start, to))]++;
      const Allocation *al = child_allocation_on(c, to);
      aIroChildren[iro_index(iros, al ? al->iroId : 0)]++;
      /* The plan as the latest review of this period of care recorded it. */
      const Review *last = NULL;
      for (int k = 0; k < c->nRv; k++)
        if (c->rv[k].held >= p.start && c->rv[k].held <= to) last = &c->rv[k];
      aOf[M_PERMANENCE]++;
      if (!last) {
        named_add(&aPerm, &nPerm, "No review yet in this period of care");
      } else if (last->permanence == 1) {
        aNum[M_PERMANENCE]++;
        named_add(&aPerm, &nPerm, last->permanenceType[0] ? last->permanenceType : "Plan in place, type not recorded");
      } else {
        named_add(&aPerm, &nPerm, "No permanence plan recorded at the last review");
      }
    }
    for (int k = 0; k < c->nRv; k++) {
      const Review *r = &c->rv[k];
      if (r->held < from || r->held > to) continue;
      aCount[C_REVIEWS]++;
      int mi = month_of(r->held) - m0;
      aRvMonth[mi]++;
      for (int j = 0; j < M_PERMANENCE; j++) aOf[j]++;
      if (r->held <= review_due_for(c, k)) {
        aNum[M_ON_TIME]++;
        aRvOnTimeMonth[mi]++;
      }
      if (r->recommendations != DATE_NONE) {
        aNum[M_RECS]++;
        if (r->recommendations <= rule_due(cr->reviewRecommendations, r->held)) aNum[M_RECS_ON_TIME]++;
      }
      if (r->minutes != DATE_NONE) {
        aNum[M_MINUTES]++;
        if (r->minutes <= rule_due(cr->reviewMinutes, r->held)) aNum[M_MINUTES_ON_TIME]++;
      }
      int pn = r->participation[0] ? r->participation[2] - '0' : 8;
      if (pn < 0 || pn > 7) pn = 8;
      aPn[pn]++;
      if (r->held >= rule_age_date(cr->pn0Age, c->dob)) {
        aNum[M_AGED4]++;
        if (pn >= 1 && pn <= 6) aNum[M_PARTICIPATED]++;
      }
      if (r->advocate == 1) aNum[M_ADVOCATE]++;
      aIroReviews[iro_index(iros, r->iroId)]++;
    }
  }
  aOf[M_PARTICIPATED] = aNum[M_AGED4];

  /* Escalations raised in the period, with the highest stage they reached
  ** by its end. */
  int aStage[ESC_N_STAGES] = {0}, aCat[8] = {0};
  s = db_query(db,
               "SELECT e.category, max(s.stage) FROM escalation e JOIN escalation_stage s"
               " ON s.escalation_id = e.id AND s.started_on <= ?"
               " WHERE e.raised_on >= ? AND e.raised_on <= ? GROUP BY e.id, e.category",
               "DDD", to, from, to);
  while (db_step(s) == DB_ROW) {
    aCount[C_ESCALATIONS]++;
    int st = (int)db_col_int(s, 1);
    if (st >= 0 && st < ESC_N_STAGES) aStage[st]++;
    for (int k = 0; k < escalation_n_categories && k < 8; k++)
      if (strcmp(db_col_text(s, 0), escalation_categories[k]) == 0) aCat[k]++;
  }
  db_finalize(s);

  /* Fill the tables. */
  static const char *const azCountLabel[C_N] = {
    "Children in care at the period end", "Children entering care (periods of care started)",
    "Children leaving care (periods of care ended)", "Reviews held", "Escalations raised",
  };
  for (int k = 0; k < C_N; k++) {
    rtable_row(&T[AN_COUNTS]);
    rtable_text(&T[AN_COUNTS], 0, azCountLabel[k]);
    rtable_num(&T[AN_COUNTS], 1, aCount[k]);
  }
  char *zRec = rule_words(cr->reviewRecommendations), *zMin = rule_words(cr->reviewMinutes);
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
  };
  for (int k = 0; k < M_N; k++) {
    rtable_row(&T[AN_MEASURES]);
    rtable_text(&T[AN_MEASURES], 0, azLabel[k]);
    rtable_num(&T[AN_MEASURES], 1, aNum[k]);
    rtable_num(&T[AN_MEASURES], 2, aOf[k]);
    rtable_num(&T[AN_MEASURES], 3, rtable_pct(aNum[k], aOf[k]));
    free(azLabel[k]);
  }
  free(zRec);
  free(zMin);
  for (int mi = m0; mi <= m1; mi++) {
    char z[16];
    month_label(mi, z, sizeof z);
    Date d = month_last_day(mi);
    rtable_row(&T[AN_BY_MONTH]);
    rtable_text(&T[AN_BY_MONTH], 0, z);
    rtable_num(&T[AN_BY_MONTH], 1, d > to ? to : d);
    rtable_num(&T[AN_BY_MONTH], 2, aInCareMonth[mi - m0]);
    rtable_row(&T[AN_ENTER_LEAVE]);
    rtable_text(&T[AN_ENTER_LEAVE], 0, z);
    rtable_num(&T[AN_ENTER_LEAVE], 1, aEnterMonth[mi - m0]);
    rtable_num(&T[AN_ENTER_LEAVE], 2, aLeaveMonth[mi - m0]);
    rtable_row(&T[AN_REVIEWS_MONTH]);
    rtable_text(&T[AN_REVIEWS_MONTH], 0, z);
    rtable_num(&T[AN_REVIEWS_MONTH], 1, aRvMonth[mi - m0]);
    rtable_num(&T[AN_REVIEWS_MONTH], 2, aRvOnTimeMonth[mi - m0]);
    rtable_num(&T[AN_REVIEWS_MONTH], 3, rtable_pct(aRvOnTimeMonth[mi - m0], aRvMonth[mi - m0]));
  }
  /* Fixed categories keep their zero rows, so one year lines up with the
  ** next; open-ended ones (permanence types) list only what occurs. */
  dist(&T[AN_AGE], azAgeBand, aAge, N_AGE_BAND, 1);
  dist(&T[AN_SEX], azSex, aSexN, 3, 1);
  dist(&T[AN_ETHNICITY], azEthnic, aEthN, 6, 1);
  static const char *const azAsy[] = {"Unaccompanied asylum-seeking", "Not asylum-seeking"};
  dist(&T[AN_ASYLUM], azAsy, aAsy, 2, 1);
  dist(&T[AN_LEGAL], azLegal, aLeg, 5, 1);
  dist(&T[AN_PLACEMENT], azPlacement, aPla, 7, 1);
  dist(&T[AN_AREA], azArea, aAre, 3, 1);
  dist(&T[AN_DISTANCE], azDistance, aDis, 3, 1);
  dist(&T[AN_REGISTRATION], azRegistration, aReg, 4, 1);
  dist(&T[AN_ENTER_AGE], azAgeBand, aEnAge, N_AGE_BAND, 1);
  dist(&T[AN_PARTICIPATION], azParticipation, aPn, N_PN, 1);
  const char *azStage[ESC_N_STAGES];
  for (int k = 0; k < ESC_N_STAGES; k++) azStage[k] = escalation_stage_label(k);
  dist(&T[AN_ESC_STAGE], azStage, aStage, ESC_N_STAGES, 1);
  dist(&T[AN_ESC_CATEGORY], escalation_categories, aCat, escalation_n_categories, 1);
  qsort(aPerm, (size_t)nPerm, sizeof *aPerm, cmp_named);
  int64_t permTotal = 0;
  for (int k = 0; k < nPerm; k++) permTotal += aPerm[k].n;
  for (int k = 0; k < nPerm; k++) {
    rtable_row(&T[AN_PERMANENCE]);
    rtable_text(&T[AN_PERMANENCE], 0, aPerm[k].z);
    rtable_num(&T[AN_PERMANENCE], 1, aPerm[k].n);
    rtable_num(&T[AN_PERMANENCE], 2, rtable_pct(aPerm[k].n, permTotal));
    free(aPerm[k].z);
  }
  for (int age = 0; age < 18; age++) {
    rtable_row(&T[AN_AGE_DURATION]);
    rtable_num(&T[AN_AGE_DURATION], 0, age);
    for (int k = 0; k < N_DURATION; k++) rtable_num(&T[AN_AGE_DURATION], 1 + k, aDur[age][k]);
  }
  for (int k = 0; k <= iros->n; k++) {
    if (!aIroChildren[k] && !aIroReviews[k]) continue;
    rtable_row(&T[AN_CASELOAD]);
    rtable_text(&T[AN_CASELOAD], 0, k < iros->n ? iros->a[k].zName : "No IRO allocated or recorded");
    rtable_num(&T[AN_CASELOAD], 1, aIroChildren[k]);
    rtable_num(&T[AN_CASELOAD], 2, aIroReviews[k]);
  }

  free(aPerm);
  free(aIroChildren);
  free(aIroReviews);
  iros_free(iros);
  free(aPer);
  free(aPlace);
  free(aEthId);
  free(aEthGroup);
  free(aInCareMonth);
  free(aEnterMonth);
  free(aLeaveMonth);
  free(aRvMonth);
  free(aRvOnTimeMonth);
  childset_free(cs);
  return DB_OK;
}

void annual_free(AnnualReport *r) {
  for (int i = 0; i < AN_N; i++) rtable_clear(&r->aTab[i]);
}

void annual_default_period(Date today, Date *pFrom, Date *pTo) {
  int y, m, d;
  date_to_ymd(today, &y, &m, &d);
  int endYear = m >= 4 ? y : y - 1;   /* the 31 March most recently passed */
  *pTo = date_from_ymd(endYear, 3, 31);
  *pFrom = date_from_ymd(endYear - 1, 4, 1);
}

/* ---- Output --------------------------------------------------------------------- */

char *annual_json(const AnnualReport *r) {
  json_t *o = json_object();
  char z[11];
  json_object_set_new(o, "from", json_string(date_iso(r->from, z)));
  json_object_set_new(o, "to", json_string(date_iso(r->to, z)));
  const RTable *c = &r->aTab[AN_COUNTS], *m = &r->aTab[AN_MEASURES];
  for (int i = 0; i < c->nRow && i < C_N; i++)
    json_object_set_new(o, azCountKey[i], json_integer((json_int_t)rtable_cell(c, i, 1)->v));
  for (int i = 0; i < m->nRow && i < M_N; i++) {
    json_t *v = json_object();
    json_object_set_new(v, "number", json_integer((json_int_t)rtable_cell(m, i, 1)->v));
    json_object_set_new(v, "of", json_integer((json_int_t)rtable_cell(m, i, 2)->v));
    json_object_set_new(v, "percent", json_real((double)rtable_cell(m, i, 3)->v / 100.0));
    json_object_set_new(o, azMeasureKey[i], v);
  }
  for (int i = AN_MEASURES + 1; i < AN_N; i++) json_object_set_new(o, azKey[i], reports_table_json(&r->aTab[i]));
  char *zOut = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(o);
  char *zRet = xmprintf("%s\n", zOut);
  free(zOut);
  return zRet;
}

void annual_csv(const AnnualReport *r, Buf *out) { reports_csv(r->aTab, AN_N, out); }

/* How each table is drawn: the kind of chart and which columns; tables
** that read better as they are (the headline measures) have none. */
static const struct { int tab; int kind; int nSeries; int aSeries[2]; } aChart[] = {
  {AN_BY_MONTH, CHART_BAR, 1, {2}},
  {AN_AGE, CHART_BAR, 1, {1}},
  {AN_SEX, CHART_HBAR, 1, {1}},
  {AN_ETHNICITY, CHART_HBAR, 1, {1}},
  {AN_ASYLUM, CHART_HBAR, 1, {1}},
  {AN_LEGAL, CHART_HBAR, 1, {1}},
  {AN_PLACEMENT, CHART_HBAR, 1, {1}},
  {AN_AREA, CHART_HBAR, 1, {1}},
  {AN_DISTANCE, CHART_HBAR, 1, {1}},
  {AN_REGISTRATION, CHART_HBAR, 1, {1}},
  {AN_ENTER_LEAVE, CHART_LINE, 2, {1, 2}},
  {AN_ENTER_AGE, CHART_BAR, 1, {1}},
  {AN_REVIEWS_MONTH, CHART_BAR, 2, {1, 2}},
  {AN_PARTICIPATION, CHART_HBAR, 1, {1}},
  {AN_CASELOAD, CHART_HBAR, 1, {1}},
  {AN_ESC_STAGE, CHART_HBAR, 1, {1}},
  {AN_ESC_CATEGORY, CHART_HBAR, 1, {1}},
  {AN_PERMANENCE, CHART_HBAR, 1, {1}},
};

void annual_html_sections(const AnnualReport *r, Buf *out, int govuk) {
  for (int i = 0; i < AN_N; i++) {
    const RTable *t = &r->aTab[i];
    html_raw(out, govuk ? "<h2 class=\"govuk-heading-m\">" : "<h2>");
    html_printf(out, "%h</h2>\n", t->zTitle);
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
