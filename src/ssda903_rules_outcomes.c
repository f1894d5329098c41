/*
** ssda903_rules_outcomes.c: SSDA903 rules on the two outcome tables (see
** ssda903.h): OC2, for children looked after continuously for a year
** (strengths and difficulties score, convictions, health, substance
** misuse), and OC3, for care leavers around their 17th to 21st birthdays
** (in touch, activity, accommodation).
**
** The peer validator reads every cell as text, so a code such as "1" is
** compared as written (a "1.0" is not 1) except where it turns a cell into
** a number first (the SDQ score); each rule says which.
*/
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

#define EACH_ROW(t, i) for (int i = 0, n_ = r->a[t].nRow; i < n_; i++)

static int is(const char *z, const char *zCode) { return strcmp(z, zCode) == 0; }

/* d + n years, DATE_NONE (NaT) when d is not a date. */
static Date plus_years(Date d, int n) { return d == DATE_NONE ? DATE_NONE : r903_add_years(d, n); }

/* ---- OC3 ------------------------------------------------------------------------ */

/* 131, 132, 133: IN_TOUCH, ACTIV, ACCOM must be one of the codes; blank is
** not one (the peer's, and 153 is about blanks too). */
static void oc3_code(Return903 *r, int col, const char *zCodes) {
  EACH_ROW(T_OC3, i) if (!in903(c903(&r->a[T_OC3], i, col), zCodes)) r903_fail(r, T_OC3, i);
}
static void r131(Return903 *r) { oc3_code(r, O3_IN_TOUCH, "YES NO DIED REFU NREQ RHOM"); }
static void r132(Return903 *r) { oc3_code(r, O3_ACTIV, "F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0"); }
static void r133(Return903 *r) {
  oc3_code(r, O3_ACCOM, "B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S2 T1 T2 U1 U2 V1 V2 W1 W2 X2 "
                        "Y1 Y2 Z1 Z2 0");
}

/* How many of a care leaver's three items are given. */
static int oc3_given(const T903 *o, int row) {
  return (c903(o, row, O3_IN_TOUCH)[0] != 0) + (c903(o, row, O3_ACTIV)[0] != 0) + (c903(o, row, O3_ACCOM)[0] != 0);
}

/* 153: all three items or none. */
static void r153(Return903 *r) {
  EACH_ROW(T_OC3, i) {
    int n = oc3_given(&r->a[T_OC3], i);
    if (n > 0 && n < 3) r903_fail(r, T_OC3, i);
  }
}

/* 344: died, or returned home, yet an activity or accommodation other than
** 0 (a blank is not 0). */
static void r344(Return903 *r) {
  const T903 *o = &r->a[T_OC3];
  EACH_ROW(T_OC3, i) {
    if (in903(c903(o, i, O3_IN_TOUCH), "DIED RHOM") && (!is(c903(o, i, O3_ACTIV), "0") || !is(c903(o, i, O3_ACCOM), "0")))
      r903_fail(r, T_OC3, i);
  }
}

/* 345: in touch, yet activity or accommodation 0. */
static void r345(Return903 *r) {
  const T903 *o = &r->a[T_OC3];
  EACH_ROW(T_OC3, i) {
    if (is(c903(o, i, O3_IN_TOUCH), "YES") && (is(c903(o, i, O3_ACTIV), "0") || is(c903(o, i, O3_ACCOM), "0")))
      r903_fail(r, T_OC3, i);
  }
}

/* 391: care leaver information for a young person not yet 17 by the end of
** the year. The DfE's rule, as the peer has it, tests only that side; one
** past 21 is left to the DfE's own check. */
static void r391(Return903 *r) {
  const T903 *o = &r->a[T_OC3];
  EACH_ROW(T_OC3, i) {
    Date d17 = plus_years(d903(o, i, O3_DOB), 17);
    if (d17 != DATE_NONE && d17 > r->end && oc3_given(o, i)) r903_fail(r, T_OC3, i);
  }
}

/* ---- OC2 ------------------------------------------------------------------------ */

static const int aOc2Items[] = {O2_CONVICTED, O2_HEALTH_CHECK, O2_IMMUNISATIONS, O2_TEETH_CHECK,
                                O2_HEALTH_ASSESSMENT, O2_SUBSTANCE_MISUSE, O2_INTERVENTION_RECEIVED,
                                O2_INTERVENTION_OFFERED};
#define N_OC2_ITEMS ((int)(sizeof(aOc2Items) / sizeof(aOc2Items[0])))

static int blank(const T903 *t, int row, int col) { return c903(t, row, col)[0] == 0; }

/* 158: received an intervention, so whether one was offered is left blank. */
static void r158(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    if (is(c903(o, i, O2_INTERVENTION_RECEIVED), "1") && !blank(o, i, O2_INTERVENTION_OFFERED)) r903_fail(r, T_OC2, i);
  }
}

/* 159: a substance misuse problem, no intervention received, and whether
** one was offered left blank. */
static void r159(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    if (is(c903(o, i, O2_SUBSTANCE_MISUSE), "1") && is(c903(o, i, O2_INTERVENTION_RECEIVED), "0") &&
        blank(o, i, O2_INTERVENTION_OFFERED))
      r903_fail(r, T_OC2, i);
  }
}

/* 180: an SDQ score that is not a whole number 0-40. The peer reads it as
** a number, so "7.0" is 7. */
static void r180(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    const char *z = c903(o, i, O2_SDQ_SCORE);
    if (!z[0]) continue;
    int ok = 0;
    if (!strpbrk(z, "XP")) {   /* pandas reads no hexadecimal */
      char *zEnd;
      double d = strtod(z, &zEnd);
      ok = *zEnd == 0 && d >= 0 && d <= 40 && d == (double)(int)d;
    }
    if (!ok) r903_fail(r, T_OC2, i);
  }
}

/* 181: an item given as anything but 0 or 1. */
static void r181(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    for (int k = 0; k < N_OC2_ITEMS; k++) {
      const char *z = c903(o, i, aOc2Items[k]);
      if (z[0] && !in903(z, "0 1")) {
        r903_fail(r, T_OC2, i);
        break;
      }
    }
  }
}

/* 182: one of immunisations, teeth, health assessment and substance misuse
** blank while any of the other four items is given. */
static void r182(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    int anyBlank = blank(o, i, O2_IMMUNISATIONS) || blank(o, i, O2_TEETH_CHECK) ||
                   blank(o, i, O2_HEALTH_ASSESSMENT) || blank(o, i, O2_SUBSTANCE_MISUSE);
    int othersGiven = !blank(o, i, O2_CONVICTED) || !blank(o, i, O2_HEALTH_CHECK) ||
                      !blank(o, i, O2_INTERVENTION_RECEIVED) || !blank(o, i, O2_INTERVENTION_OFFERED);
    if (anyBlank && othersGiven) r903_fail(r, T_OC2, i);
  }
}

/* SDQ score or reason given. */
static int sdq_given(const T903 *o, int row) { return !blank(o, row, O2_SDQ_SCORE) || !blank(o, row, O2_SDQ_REASON); }

/* 188: an SDQ for a child under 4 at the end of the year (4th birthday
** after 31 March; on it, the child is 4). */
static void r188(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d4 = plus_years(d903(o, i, O2_DOB), 4);
    if (d4 != DATE_NONE && d4 > r->end && sdq_given(o, i)) r903_fail(r, T_OC2, i);
  }
}

/* 189: an SDQ for a young person 17 or over at the start of the year; the
** peer counts one turning 17 on 1 April as under 17 that day, as the DfE's
** "17 years prior to the start" reads. */
static void r189(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d17 = plus_years(d903(o, i, O2_DOB), 17);
    if (d17 != DATE_NONE && d17 < r->start && sdq_given(o, i)) r903_fail(r, T_OC2, i);
  }
}

/* 192: a substance misuse problem with whether an intervention was
** received left blank. */
static void r192(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    if (is(c903(o, i, O2_SUBSTANCE_MISUSE), "1") && blank(o, i, O2_INTERVENTION_RECEIVED)) r903_fail(r, T_OC2, i);
  }
}

/* 193: no substance misuse problem (0 or blank), yet an intervention item given. */
static void r193(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    const char *z = c903(o, i, O2_SUBSTANCE_MISUSE);
    if ((!z[0] || is(z, "0")) && (!blank(o, i, O2_INTERVENTION_RECEIVED) || !blank(o, i, O2_INTERVENTION_OFFERED)))
      r903_fail(r, T_OC2, i);
  }
}

/* 196: the reason for no SDQ, when given, is SDQ1-SDQ5. */
static void r196(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    const char *z = c903(o, i, O2_SDQ_REASON);
    if (z[0] && !in903(z, "SDQ1 SDQ2 SDQ3 SDQ4 SDQ5")) r903_fail(r, T_OC2, i);
  }
}

/* 197a: both a score and a reason for not having one. */
static void r197a(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    if (!blank(o, i, O2_SDQ_SCORE) && !blank(o, i, O2_SDQ_REASON)) r903_fail(r, T_OC2, i);
  }
}

/* 542: conviction information for a child under 10 on 31 March. */
static void r542(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d10 = plus_years(d903(o, i, O2_DOB), 10);
    if (d10 != DATE_NONE && d10 > r->end && !blank(o, i, O2_CONVICTED)) r903_fail(r, T_OC2, i);
  }
}

/* 544, 547: convicted (health check done) needs immunisations, teeth,
** health assessment and substance misuse all given. */
static void needs_health_items(Return903 *r, int col) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    if (is(c903(o, i, col), "1") && (blank(o, i, O2_IMMUNISATIONS) || blank(o, i, O2_TEETH_CHECK) ||
                                     blank(o, i, O2_HEALTH_ASSESSMENT) || blank(o, i, O2_SUBSTANCE_MISUSE)))
      r903_fail(r, T_OC2, i);
  }
}
static void r544(Return903 *r) { needs_health_items(r, O2_CONVICTED); }
static void r547(Return903 *r) { needs_health_items(r, O2_HEALTH_CHECK); }

/* ---- OC2 against the episodes ----------------------------------------------------- */
/* These ask whether the child was looked after continuously for the 12
** months to 31 March (r903_cla), as only such children have OC2 items. */

static int cla_row(Return903 *r, int t, int row) { return r903_cla(r)[r->a[t].aChild[row]]; }

/* 185, 198: an SDQ score, or a reason for none, for a child not looked
** after for the year. */
static void sdq_not_cla(Return903 *r, int col) {
  EACH_ROW(T_OC2, i) if (!blank(&r->a[T_OC2], i, col) && !cla_row(r, T_OC2, i)) r903_fail(r, T_OC2, i);
}
static void r185(Return903 *r) { sdq_not_cla(r, O2_SDQ_SCORE); }
static void r198(Return903 *r) { sdq_not_cla(r, O2_SDQ_REASON); }

/* 157: SDQ1 ("no form returned as child too young or too old") given for a
** child whose age is inside the SDQ's range all year: 4 by 1 April and
** not past 16 on 31 March (the 16th birthday on 31 March itself is
** inside, as the peer has it). */
static void r157(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date dob = d903(o, i, O2_DOB);
    if (dob == DATE_NONE || !cla_row(r, T_OC2, i)) continue;
    if (r903_add_years(dob, 4) <= r->start && r903_add_years(dob, 16) >= r->end && blank(o, i, O2_SDQ_SCORE) &&
        is(c903(o, i, O2_SDQ_REASON), "SDQ1"))
      r903_fail(r, T_OC2, i);
  }
}

/* 186: no SDQ score or reason for a child 4 or over on 1 April and under
** 17 on 31 March. */
static void r186(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date dob = d903(o, i, O2_DOB);
    if (dob == DATE_NONE || !cla_row(r, T_OC2, i) || sdq_given(o, i)) continue;
    if (r903_add_years(dob, 4) <= r->start && r903_add_years(dob, 17) > r->end) r903_fail(r, T_OC2, i);
  }
}

/* 197B: no SDQ score or reason for a child turning 4 or 17 during the
** year (the birthdays on 1 April and 31 March both count). */
static void r197B(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date dob = d903(o, i, O2_DOB);
    if (dob == DATE_NONE || !cla_row(r, T_OC2, i) || sdq_given(o, i)) continue;
    Date d4 = r903_add_years(dob, 4), d17 = r903_add_years(dob, 17);
    if ((d4 >= r->start && d4 <= r->end) || (d17 >= r->start && d17 <= r->end)) r903_fail(r, T_OC2, i);
  }
}

static int any_item(const T903 *o, int row) {
  for (int k = 0; k < N_OC2_ITEMS; k++)
    if (!blank(o, row, aOc2Items[k])) return 1;
  return 0;
}

/* 190: any of the eight items for a child not looked after for the year. */
static void r190(Return903 *r) {
  EACH_ROW(T_OC2, i) if (!cla_row(r, T_OC2, i) && any_item(&r->a[T_OC2], i)) r903_fail(r, T_OC2, i);
}

/* 191: a child looked after for the year needs immunisations, teeth,
** health assessment and substance misuse. A child with no OC2 row at all
** is reported at its earliest episode (by DECOM, ties in file order). */
static void r191(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  const unsigned char *aCla = r903_cla(r);
  EACH_ROW(T_OC2, i) {
    if (aCla[o->aChild[i]] && (blank(o, i, O2_IMMUNISATIONS) || blank(o, i, O2_TEETH_CHECK) ||
                               blank(o, i, O2_HEALTH_ASSESSMENT) || blank(o, i, O2_SUBSTANCE_MISUSE)))
      r903_fail(r, T_OC2, i);
  }
  unsigned char *aHasOc2 = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_OC2, i) aHasOc2[o->aChild[i]] = 1;
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  const T903 *e = &r->a[T_EPISODES];
  for (int k = 0; k < n; k = r903_run_end(r, T_EPISODES, ord, n, k)) {
    int c = e->aChild[ord[k]];
    if (aCla[c] && !aHasOc2[c]) r903_fail(r, T_EPISODES, ord[k]);
  }
  free(aHasOc2);
}

/* 187: a child looked after for the year is neither adopted (AD1) nor a
** care leaver (OC3): any of their items given fails that row. */
static void r187(Return903 *r) {
  static const int aAd1[] = {A_DATE_INT, A_DATE_MATCH, A_FOSTER_CARE, A_NB_ADOPTR, A_SEX_ADOPTR, A_LS_ADOPTR};
  const T903 *a = &r->a[T_AD1], *o3 = &r->a[T_OC3];
  EACH_ROW(T_OC3, i) if (cla_row(r, T_OC3, i) && oc3_given(o3, i)) r903_fail(r, T_OC3, i);
  EACH_ROW(T_AD1, i) {
    if (!cla_row(r, T_AD1, i)) continue;
    for (size_t k = 0; k < sizeof(aAd1) / sizeof(aAd1[0]); k++) {
      if (c903(a, i, aAd1[k])[0]) {
        r903_fail(r, T_AD1, i);
        break;
      }
    }
  }
}

/* 543: no conviction information for a child looked after for the year
** who was over 10 on 31 March (the peer's "over": a 10th birthday on 31
** March is not yet over 10). */
static void r543(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d10 = plus_years(d903(o, i, O2_DOB), 10);
    if (d10 != DATE_NONE && r->end > d10 && cla_row(r, T_OC2, i) && blank(o, i, O2_CONVICTED)) r903_fail(r, T_OC2, i);
  }
}

/* 545, 546: the health check is for children under 5 on 31 March (a 5th
** birthday that day makes the child 5): missing for one, given for one
** older. */
static void r545(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d5 = plus_years(d903(o, i, O2_DOB), 5);
    if (d5 != DATE_NONE && r->end < d5 && cla_row(r, T_OC2, i) && blank(o, i, O2_HEALTH_CHECK)) r903_fail(r, T_OC2, i);
  }
}
static void r546(Return903 *r) {
  const T903 *o = &r->a[T_OC2];
  EACH_ROW(T_OC2, i) {
    Date d5 = plus_years(d903(o, i, O2_DOB), 5);
    if (d5 != DATE_NONE && r->end >= d5 && cla_row(r, T_OC2, i) && !blank(o, i, O2_HEALTH_CHECK)) r903_fail(r, T_OC2, i);
  }
}

/* The episodes of each child, in row order: aFirst[child], aNext[row]. */
typedef struct Chain { int *aFirst, *aNext; } Chain;
static void chain_build_episodes(Return903 *r, Chain *c) {
  const T903 *e = &r->a[T_EPISODES];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  int *aLast = xmalloc(sizeof(int) * nChild);
  c->aFirst = xmalloc(sizeof(int) * nChild);
  c->aNext = xmalloc(sizeof(int) * (size_t)(e->nRow ? e->nRow : 1));
  for (int i = 0; i < r->nChild; i++) c->aFirst[i] = aLast[i] = -1;
  for (int i = 0; i < e->nRow; i++) {
    int k = e->aChild[i];
    c->aNext[i] = -1;
    if (aLast[k] < 0) c->aFirst[k] = i;
    else c->aNext[aLast[k]] = i;
    aLast[k] = i;
  }
  free(aLast);
}
static void chain_free_episodes(Chain *c) {
  free(c->aFirst);
  free(c->aNext);
}

/* ---- Care leavers against the episodes and Header ---------------------------------- */

/* Per child: does any episode satisfy f? */
static unsigned char *children_with(Return903 *r, int (*f)(const Return903 *, int)) {
  unsigned char *a = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_EPISODES, i) if (f(r, i)) a[r->a[T_EPISODES].aChild[i]] = 1;
  return a;
}

/* Each OC3 row with care leaver items whose child is flagged in a. */
static void leavers_flagged(Return903 *r, const unsigned char *a) {
  EACH_ROW(T_OC3, i) if (a[r->a[T_OC3].aChild[i]] && oc3_given(&r->a[T_OC3], i)) r903_fail(r, T_OC3, i);
}

/* 1000: died in care (an episode ending E2), yet care leaver items. The
** DfE's rule also looks at last year's episodes, which Oversight does not
** yet take; this is this year's half. */
static int died(const Return903 *r, int row) { return is(c903(&r->a[T_EPISODES], row, E_REC), "E2"); }
static void r1000(Return903 *r) {
  unsigned char *a = children_with(r, died);
  leavers_flagged(r, a);
  free(a);
}

/* 1011: the child's latest episode (by DECOM) ended with care transferred
** to another authority (E3), yet care leaver items. */
static void r1011(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int *aLast = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aLast[c] = -1;
  EACH_ROW(T_EPISODES, i) {
    Date d = d903(e, i, E_DECOM);
    int *pBest = &aLast[e->aChild[i]];
    if (d != DATE_NONE && (*pBest < 0 || d > d903(e, *pBest, E_DECOM))) *pBest = i;
  }
  unsigned char *a = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  for (int c = 0; c < r->nChild; c++) a[c] = aLast[c] >= 0 && is(c903(e, aLast[c], E_REC), "E3");
  leavers_flagged(r, a);
  free(a);
  free(aLast);
}

/* The young person's age in whole years on 31 March, -1 if unknown. */
static int age_at_end(const Return903 *r, Date dob) {
  if (dob == DATE_NONE || dob > r->end) return -1;
  int y, m, d;
  date_to_ymd(dob, &y, &m, &d);
  int n = r->year - y;
  while (n > 0 && r903_add_years(dob, n) > r->end) n--;
  return n;
}

/* 1007: 17 or 18 on 31 March and in care on their latest birthday (an
** episode begun by then and ended after it), yet care leaver items. An
** episode still open is not counted, as the peer has it (it compares the
** birthday with the blank end date); 1016 reports those young people. */
static void r1007(Return903 *r) {
  const T903 *o = &r->a[T_OC3], *e = &r->a[T_EPISODES];
  Chain ec;
  chain_build_episodes(r, &ec);
  EACH_ROW(T_OC3, i) {
    Date dob = d903(o, i, O3_DOB);
    int age = age_at_end(r, dob);
    if ((age != 17 && age != 18) || !oc3_given(o, i)) continue;
    Date bday = r903_add_years(dob, age);
    for (int j = ec.aFirst[o->aChild[i]]; j >= 0; j = ec.aNext[j]) {
      Date decom = d903(e, j, E_DECOM), dec = d903(e, j, E_DEC);
      if (decom != DATE_NONE && decom <= bday && dec != DATE_NONE && dec > bday) {
        r903_fail(r, T_OC3, i);
        break;
      }
    }
  }
  chain_free_episodes(&ec);
}

/* 1016: 17 on 31 March and left care on or after the 17th birthday, or 18
** and left on or after the 18th, yet care leaver items: they are still
** the looked after cohort, not care leavers. An episode still open has
** not ended before the birthday either, so it counts (the peer gets the
** same by reading open episodes as ending on 31 March). */
static void r1016(Return903 *r) {
  const T903 *o = &r->a[T_OC3], *e = &r->a[T_EPISODES];
  Chain ec;
  chain_build_episodes(r, &ec);
  EACH_ROW(T_OC3, i) {
    Date dob = d903(o, i, O3_DOB);
    int age = age_at_end(r, dob);
    if ((age != 17 && age != 18) || !oc3_given(o, i)) continue;
    Date bday = r903_add_years(dob, age);
    for (int j = ec.aFirst[o->aChild[i]]; j >= 0; j = ec.aNext[j]) {
      Date dec = d903(e, j, E_DEC);
      if (!c903(e, j, E_DEC)[0] || (dec != DATE_NONE && dec >= bday)) {
        r903_fail(r, T_OC3, i);
        break;
      }
    }
  }
  chain_free_episodes(&ec);
}

/* An episode, not a short break, in the year (one still open counts as
** ending on 31 March). */
static int in_year(const Return903 *r, int row) {
  const T903 *e = &r->a[T_EPISODES];
  Date decom = d903(e, row, E_DECOM), dec = d903(e, row, E_DEC);
  if (dec == DATE_NONE) dec = r->end;
  return decom != DATE_NONE && decom <= r->end && dec >= r->start;
}
static int in_year_not_break(const Return903 *r, int row) {
  return in_year(r, row) && !in903(c903(&r->a[T_EPISODES], row, E_LS), "V3 V4");
}

/* 1014: UASC information for a care leaver: a child with episodes, none
** of them in the year, with a UASC row and care leaver items: both rows. */
static void r1014(Return903 *r) {
  const T903 *u = &r->a[T_UASC], *o = &r->a[T_OC3], *e = &r->a[T_EPISODES];
  unsigned char *aIn = children_with(r, in_year);
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  unsigned char *aHasEp = xcalloc(nChild, 1), *aUasc = xcalloc(nChild, 1), *aLeaver = xcalloc(nChild, 1);
  EACH_ROW(T_EPISODES, i) aHasEp[e->aChild[i]] = 1;
  EACH_ROW(T_UASC, i) aUasc[u->aChild[i]] = 1;
  EACH_ROW(T_OC3, i) if (oc3_given(o, i)) aLeaver[o->aChild[i]] = 1;
  for (size_t c = 0; c < nChild; c++) aLeaver[c] = aLeaver[c] && aHasEp[c] && !aIn[c] && aUasc[c];
  EACH_ROW(T_UASC, i) if (aLeaver[u->aChild[i]]) r903_fail(r, T_UASC, i);
  leavers_flagged(r, aLeaver);
  free(aIn);
  free(aHasEp);
  free(aUasc);
  free(aLeaver);
}

/* 165: the mother item (MOTHER) against sex and care. For a child with an
** episode that is not a short break, the Header row fails when MOTHER is
** given but not 0 or 1, is given for a boy (SEX 1), is blank for a girl
** (SEX 2) looked after in the year, or is given for a girl not looked
** after in the year but with care leaver items; the child's OC3 rows are
** reported with it. The peer tests SEX 1 and 2 though the 2025/26 codes
** are M and F; so does this, to report as it does, until the DfE says
** which the rule means (FORMAT.md notes the same for 393 and 607). */
static void r165(Return903 *r) {
  const T903 *h = &r->a[T_HEADER], *o = &r->a[T_OC3], *e = &r->a[T_EPISODES];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  unsigned char *aIn = children_with(r, in_year_not_break), *aEp = xcalloc(nChild, 1), *aLeaver = xcalloc(nChild, 1),
                *aBad = xcalloc(nChild, 1);
  EACH_ROW(T_EPISODES, i) if (!in903(c903(e, i, E_LS), "V3 V4")) aEp[e->aChild[i]] = 1;
  EACH_ROW(T_OC3, i) if (oc3_given(o, i)) aLeaver[o->aChild[i]] = 1;
  EACH_ROW(T_HEADER, i) {
    int c = h->aChild[i];
    if (!aEp[c]) continue;
    const char *zMother = c903(h, i, H_MOTHER), *zSex = c903(h, i, H_SEX);
    int bad = (zMother[0] && !in903(zMother, "0 1")) || (zMother[0] && is(zSex, "1")) ||
              (!zMother[0] && is(zSex, "2") && aIn[c]) || (zMother[0] && is(zSex, "2") && !aIn[c] && aLeaver[c]);
    if (bad) {
      r903_fail(r, T_HEADER, i);
      aBad[c] = 1;
    }
  }
  EACH_ROW(T_OC3, i) if (aBad[o->aChild[i]]) r903_fail(r, T_OC3, i);
  free(aIn);
  free(aEp);
  free(aLeaver);
  free(aBad);
}

/* 628: the mother item given for a care leaver (OC3 items) with no
** episodes at all this year. */
static void r628(Return903 *r) {
  const T903 *h = &r->a[T_HEADER], *o = &r->a[T_OC3], *e = &r->a[T_EPISODES];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  unsigned char *aEp = xcalloc(nChild, 1), *aLeaver = xcalloc(nChild, 1);
  EACH_ROW(T_EPISODES, i) aEp[e->aChild[i]] = 1;
  EACH_ROW(T_OC3, i) if (oc3_given(o, i)) aLeaver[o->aChild[i]] = 1;
  EACH_ROW(T_HEADER, i) {
    int c = h->aChild[i];
    if (!aEp[c] && aLeaver[c] && c903(h, i, H_MOTHER)[0]) r903_fail(r, T_HEADER, i);
  }
  free(aEp);
  free(aLeaver);
}

/* 3001: living with former foster carers (Z1, Z2) when the 17th birthday
** (from the Header's DOB) falls in the year: that is staying put, which is
** not reported as care leaver accommodation then. */
static void r3001(Return903 *r) {
  const T903 *o = &r->a[T_OC3], *h = &r->a[T_HEADER];
  EACH_ROW(T_OC3, i) {
    if (!in903(c903(o, i, O3_ACCOM), "Z1 Z2")) continue;
    int hr = head903(r, T_OC3, i);
    Date d17 = hr < 0 ? DATE_NONE : plus_years(d903(h, hr, H_DOB), 17);
    if (d17 != DATE_NONE && d17 >= r->start && d17 <= r->end) r903_fail(r, T_OC3, i);
  }
}

/* 347: in a foyer (T1, T2) while under 18 on 1 April. The peer looks for
** the code "T", which no return can hold, so it never reports 347. */
static void r347(Return903 *r) {
  const T903 *o = &r->a[T_OC3];
  EACH_ROW(T_OC3, i) {
    Date d18 = plus_years(d903(o, i, O3_DOB), 18);
    if (d18 != DATE_NONE && d18 > r->start && in903(c903(o, i, O3_ACCOM), "T1 T2")) r903_fail(r, T_OC3, i);
  }
}

/* ---- OC2 and OC3 together --------------------------------------------------------- */

/* 215: a child with care leaver items (OC3) and any of the year-in-care
** items (OC2): both rows are reported, every pair of them. */
static void r215(Return903 *r) {
  const T903 *o3 = &r->a[T_OC3], *o2 = &r->a[T_OC2];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  unsigned char *aLeaver = xcalloc(nChild, 1), *aItems = xcalloc(nChild, 1);
  EACH_ROW(T_OC3, i) if (oc3_given(o3, i)) aLeaver[o3->aChild[i]] = 1;
  EACH_ROW(T_OC2, i) {
    for (int k = 0; k < N_OC2_ITEMS; k++)
      if (!blank(o2, i, aOc2Items[k])) aItems[o2->aChild[i]] = 1;
  }
  EACH_ROW(T_OC3, i) if (oc3_given(o3, i) && aItems[o3->aChild[i]]) r903_fail(r, T_OC3, i);
  EACH_ROW(T_OC2, i) {
    if (!aLeaver[o2->aChild[i]]) continue;
    for (int k = 0; k < N_OC2_ITEMS; k++) {
      if (!blank(o2, i, aOc2Items[k])) {
        r903_fail(r, T_OC2, i);
        break;
      }
    }
  }
  free(aLeaver);
  free(aItems);
}

/* ---- The table -------------------------------------------------------------------- */
#define O2 TB(T_OC2)
#define O3 TB(T_OC3)
#define EP TB(T_EPISODES)
#define HD TB(T_HEADER)

const Rule903 aRules903Outcomes[] = {
  {"131", O3, 0, r131, "Data entry for being in touch after leaving care is invalid."},
  {"132", O3, 0, r132, "Data entry for activity after leaving care is invalid."},
  {"133", O3, 0, r133, "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid"},
  {"153", O3, 0, r153, "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank."},
  {"158", O2, 0, r158, "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank."},
  {"159", O2, 0, r159, "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well."},
  {"180", O2, 0, r180, "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid."},
  {"181", O2, 0, r181, "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1."},
  {"182", O2, 0, r182, "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank."},
  {"188", O2, 0, r188, "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed. "},
  {"189", O2, 0, r189, "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed."},
  {"192", O2, 0, r192, "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank."},
  {"193", O2, 0, r193, "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed."},
  {"196", O2, 0, r196, "Strengths and Difficulties (SDQ) reason is not a valid code."},
  {"197a", O2, 0, r197a, "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in."},
  {"215", O2 | O3, 0, r215, "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed."},
  {"344", O3, 0, r344, "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed."},
  {"345", O3, 0, r345, "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero."},
  {"391", O3, 0, r391, "Young person was not 17, 18, 19, 20 or 21 during the current collection year. "},
  {"542", O2, 0, r542, "A child aged under 10 at 31 March should not have conviction information completed."},
  {"544", O2, 0, r544, "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."},
  {"547", O2, 0, r547, "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."},
  {"157", O2 | EP, 0, r157, "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."},
  {"185", O2 | EP, 0, r185, "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed."},
  {"186", O2 | EP, 0, r186, "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed."},
  {"187", O3 | TB(T_AD1) | EP, 0, r187, "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed."},
  {"190", O2 | EP, 0, r190, "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed."},
  {"191", O2 | EP, 0, r191, "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank."},
  {"197B", O2 | EP, 0, r197B, "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds."},
  {"198", O2 | EP, 0, r198, "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. "},
  {"543", O2 | EP, 0, r543, "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed."},
  {"545", O2 | EP, 0, r545, "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed."},
  {"546", O2 | EP, 0, r546, "Children aged 5 or over at 31 March should not have health promotion information completed."},
  {"1000", EP | O3, 0, r1000, "This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]"},
  {"1007", EP | O3, 0, r1007, "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]"},
  {"1011", EP | O3, 0, r1011, "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed."},
  {"1014", EP | TB(T_UASC) | O3, 0, r1014, "UASC information is not required for care leavers"},
  {"1016", EP | O3, 0, r1016, "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday."},
  {"165", HD | EP | O3, 0, r165, "Data entry for mother status is invalid."},
  {"628", EP | HD | O3, 0, r628, "Motherhood details are not required for care leavers who have not been looked after during the year."},
  {"3001", HD | O3, 0, r3001, "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s)."},
  {"347", O3, 0, r347, "Care leavers aged under 18 years, can not be accommodated in a Foyer."},
  {0},
};
