/*
** ssda903_rules_change.c: the SSDA903 rules about how one episode of care
** follows another (reasons for new episodes and for ceasing, continuity,
** overlaps) and about the child's age when an episode ceases (see
** ssda903.h for the framework, docs/ssda903.md for the rules).
**
** The rules agree with the peer validator (csc-validator-be-903, rule set
** lac2025_26) row for row on the test returns; where they do not, the reason
** is in tests/ssda903/differences/change.csv. Points of the peer's behaviour
** that every rule here follows:
**   - an episode's "previous" and "next" are its neighbours in the child's
**     episodes ordered by DECOM, blank or invalid DECOMs last, then by row
**     (r903_order), as pandas' sort_values(['CHILD', 'DECOM']) orders them;
**   - a comparison with a blank or invalid date is false;
**   - a blank CHILD never equals another blank CHILD when rows are compared
**     ("same child as the previous row"), but does match it in a join on
**     CHILD (pandas merges NaN keys with each other);
**   - a child with several Header rows is checked against each of them.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ssda903.h"

/* ---- Helpers ------------------------------------------------------------------ */

static int blank_child(const Return903 *r, int t, int row) {
  return r->azChild[r->a[t].aChild[row]][0] == 0;
}

/* Are rows a and b (in that order) consecutive episodes of one child? */
static int same_child(const Return903 *r, int a, int b) {
  const T903 *t = &r->a[T_EPISODES];
  return t->aChild[a] == t->aChild[b] && !blank_child(r, T_EPISODES, a);
}

/* For each Header row, the next Header row of the same child or -1, so that
** a rule can visit every Header row of a child (head903() gives the first):
** pandas' merge on CHILD pairs an episode with each of them. The caller
** frees the result. */
static int *header_chain(const Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  int *aNext = xmalloc(sizeof(int) * (size_t)(h->nRow ? h->nRow : 1));
  int *aLast = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aLast[c] = -1;
  for (int i = h->nRow - 1; i >= 0; i--) {
    aNext[i] = aLast[h->aChild[i]];
    aLast[h->aChild[i]] = i;
  }
  free(aLast);
  return aNext;
}

/* Date of birth plus n years (pandas' DateOffset), DATE_NONE when unknown. */
static Date dob_plus(const T903 *h, int hrow, int n) {
  Date dob = d903(h, hrow, H_DOB);
  return dob == DATE_NONE ? DATE_NONE : r903_add_years(dob, n);
}

/* Reason episode ceased ages (386, 387, 389, 407, 460): the episode is
** compared with the date of birth on each of the child's Header rows; xBad
** says whether that pairing fails (DATE_NONE when the child has no Header
** row, as a left merge leaves it). Reports the episode, and for 407 the
** Header row too. */
typedef int (*AgeTest)(const T903 *e, int row, Date dobN);
static void age_at_ceasing(Return903 *r, const char *zRec, int years, AgeTest xBad, int reportHeader) {
  const T903 *e = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int *aNext = header_chain(r);
  for (int i = 0; i < e->nRow; i++) {
    if (!in903(c903(e, i, E_REC), zRec)) continue;
    int hrow = head903(r, T_EPISODES, i);
    if (hrow < 0) {
      if (xBad(e, i, DATE_NONE)) r903_fail(r, T_EPISODES, i);
      continue;
    }
    for (; hrow >= 0; hrow = aNext[hrow]) {
      if (!xBad(e, i, dob_plus(h, hrow, years))) continue;
      r903_fail(r, T_EPISODES, i);
      if (reportHeader) r903_fail(r, T_HEADER, hrow);
    }
  }
  free(aNext);
}

/* ---- Ages at ceasing ------------------------------------------------------------- */

/* 386: adopted (E11, E12) on or after the 18th birthday. */
static int bad_386(const T903 *e, int row, Date dob18) {
  Date dec = d903(e, row, E_DEC);
  return dob18 != DATE_NONE && dec != DATE_NONE && dec >= dob18;
}
static void check_386(Return903 *r) { age_at_ceasing(r, "E11 E12", 18, bad_386, 0); }

/* 387: moved to independent living (E5, E6) before the 14th birthday. The
** peer tests "not (14th birthday <= DEC)", so an episode with a DEC but no
** known date of birth fails too. */
static int bad_387(const T903 *e, int row, Date dob14) {
  Date dec = d903(e, row, E_DEC);
  return dec != DATE_NONE && !(dob14 != DATE_NONE && dob14 <= dec);
}
static void check_387(Return903 *r) { age_at_ceasing(r, "E5 E6", 14, bad_387, 0); }

/* 389: transferred to adult social care (E7) before the 16th birthday. As
** the peer, without the DEC-present test of 387: an E7 episode with no
** valid DEC or no known date of birth fails. */
static int bad_389(const T903 *e, int row, Date dob16) {
  Date dec = d903(e, row, E_DEC);
  return !(dob16 != DATE_NONE && dec != DATE_NONE && dob16 <= dec);
}
static void check_389(Return903 *r) { age_at_ceasing(r, "E7", 16, bad_389, 0); }

/* 407: special guardianship order (E45-E48) after the 18th birthday (the
** birthday itself is allowed). Reports the Header row as well. */
static int bad_407(const T903 *e, int row, Date dob18) {
  Date dec = d903(e, row, E_DEC);
  return dob18 != DATE_NONE && dec != DATE_NONE && dob18 < dec;
}
static void check_407(Return903 *r) { age_at_ceasing(r, "E45 E46 E47 E48", 18, bad_407, 1); }

/* 460: stayed with current carers at 18 (E17) but ceased before the 18th
** birthday. */
static int bad_460(const T903 *e, int row, Date dob18) {
  Date dec = d903(e, row, E_DEC);
  return dob18 != DATE_NONE && dec != DATE_NONE && dob18 > dec;
}
static void check_460(Return903 *r) { age_at_ceasing(r, "E17", 18, bad_460, 0); }

/* ---- One episode at a time ------------------------------------------------------ */

/* 390: adopted (E11, E12) from a placement that is not placed for adoption. */
static void check_390(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (in903(c903(e, i, E_REC), "E11 E12") && !in903(c903(e, i, E_PLACE), "A3 A4 A5 A6"))
      r903_fail(r, T_EPISODES, i);
}

/* 408: placed for adoption under a placement order (A5, A6) without legal
** status E1 (a blank LS fails). */
static void check_408(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (in903(c903(e, i, E_PLACE), "A5 A6") && strcmp(c903(e, i, E_LS), "E1") != 0)
      r903_fail(r, T_EPISODES, i);
}

/* 516: special guardianship to former foster carers (E45, E46) from a
** placement that is not foster care (U1-U6). */
static void check_516(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (in903(c903(e, i, E_REC), "E45 E46") && !in903(c903(e, i, E_PLACE), "U1 U2 U3 U4 U5 U6"))
      r903_fail(r, T_EPISODES, i);
}

/* 426: a child with both V3 and V4 episodes: every one of them fails. */
static void check_426(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  unsigned char *aHas = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  for (int i = 0; i < e->nRow; i++) {
    const char *z = c903(e, i, E_LS);
    if (strcmp(z, "V3") == 0) aHas[e->aChild[i]] |= 1;
    else if (strcmp(z, "V4") == 0) aHas[e->aChild[i]] |= 2;
  }
  for (int i = 0; i < e->nRow; i++)
    if (aHas[e->aChild[i]] == 3 && in903(c903(e, i, E_LS), "V3 V4")) r903_fail(r, T_EPISODES, i);
  free(aHas);
}

/* ---- Consecutive episodes ------------------------------------------------------- */

/* Calls xPair(prev, cur) for each pair of consecutive episodes of a child in
** DECOM order. */
static void each_pair(Return903 *r, void (*xPair)(Return903 *, int, int)) {
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 1; i < n; i++)
    if (same_child(r, ord[i - 1], ord[i])) xPair(r, ord[i - 1], ord[i]);
}

/* 431: started to be looked after (RNE S) on or before the day the previous
** episode ended. */
static void pair_431(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  Date decom = d903(e, cur, E_DECOM), dec = d903(e, prev, E_DEC);
  if (strcmp(c903(e, cur, E_RNE), "S") == 0 && decom != DATE_NONE && dec != DATE_NONE && decom <= dec)
    r903_fail(r, T_EPISODES, cur);
}
static void check_431(Return903 *r) { each_pair(r, pair_431); }

/* 432: the previous episode ended care (any reason but X1) yet this one's
** reason for new episode is not S (a blank RNE fails). */
static void pair_432(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  if (in903(c903(e, prev, E_REC), "E2 E3 E4A E4B E5 E6 E7 E8 E9 E11 E12 E13 E14 E15 E16 E17 E41 E45 E46 E47 E48")
      && strcmp(c903(e, cur, E_RNE), "S") != 0)
    r903_fail(r, T_EPISODES, cur);
}
static void check_432(Return903 *r) { each_pair(r, pair_432); }

/* 434: RNE L (legal status changed, placement not) but the legal status is
** the same as before, or the placement (type, postcode, URN, provider)
** differs. Blank placement fields count as equal to each other; a blank LS
** never equals anything. */
static void pair_434(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  if (strcmp(c903(e, cur, E_RNE), "L") != 0) return;
  const char *zLs = c903(e, cur, E_LS);
  int bad = zLs[0] && strcmp(zLs, c903(e, prev, E_LS)) == 0;
  static const int aCol[] = {E_PLACE, E_PL_POST, E_URN, E_PLACE_PROVIDER};
  for (int k = 0; k < 4 && !bad; k++)
    if (strcmp(c903(e, cur, aCol[k]), c903(e, prev, aCol[k])) != 0) bad = 1;
  if (bad) r903_fail(r, T_EPISODES, cur);
}
static void check_434(Return903 *r) { each_pair(r, pair_434); }

/* 435: RNE P or T (placement changed, legal status not) but the legal
** status differs, or the placement is the same in all four fields. As the
** peer compares: a blank LS on either side counts as different, and blank
** placement fields are never equal. */
static void pair_435(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  if (!in903(c903(e, cur, E_RNE), "P T")) return;
  const char *zLs = c903(e, cur, E_LS);
  int bad = !zLs[0] || strcmp(zLs, c903(e, prev, E_LS)) != 0;
  if (!bad) {
    static const int aCol[] = {E_PLACE, E_PL_POST, E_URN, E_PLACE_PROVIDER};
    bad = 1;
    for (int k = 0; k < 4 && bad; k++) {
      const char *z = c903(e, cur, aCol[k]);
      if (!z[0] || strcmp(z, c903(e, prev, aCol[k])) != 0) bad = 0;
    }
  }
  if (bad) r903_fail(r, T_EPISODES, cur);
}
static void check_435(Return903 *r) { each_pair(r, pair_435); }

/* 436: RNE B or U (placement and legal status changed) but the legal status
** is the same, or the placement is the same in all four fields. The peer
** fills blanks with "*" first, so here blanks do equal each other. */
static void pair_436(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  if (!in903(c903(e, cur, E_RNE), "B U")) return;
  int bad = strcmp(c903(e, cur, E_LS), c903(e, prev, E_LS)) == 0;
  if (!bad) {
    static const int aCol[] = {E_PLACE, E_PL_POST, E_URN, E_PLACE_PROVIDER};
    bad = 1;
    for (int k = 0; k < 4 && bad; k++)
      if (strcmp(c903(e, cur, aCol[k]), c903(e, prev, aCol[k])) != 0) bad = 0;
  }
  if (bad) r903_fail(r, T_EPISODES, cur);
}
static void check_436(Return903 *r) { each_pair(r, pair_436); }

/* 501: an episode starts before the previous one ended. */
static void pair_501(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  Date decom = d903(e, cur, E_DECOM), dec = d903(e, prev, E_DEC);
  if (decom != DATE_NONE && dec != DATE_NONE && decom < dec) r903_fail(r, T_EPISODES, cur);
}
static void check_501(Return903 *r) { each_pair(r, pair_501); }

/* 504: a continuation episode (the previous ceased X1 on the day this one
** began) with a different category of need (a blank CIN is different). */
static void pair_504(Return903 *r, int prev, int cur) {
  const T903 *e = &r->a[T_EPISODES];
  Date decom = d903(e, cur, E_DECOM), dec = d903(e, prev, E_DEC);
  if (strcmp(c903(e, prev, E_REC), "X1") != 0 || dec == DATE_NONE || dec != decom) return;
  const char *zCin = c903(e, cur, E_CIN);
  if (!zCin[0] || strcmp(zCin, c903(e, prev, E_CIN)) != 0) r903_fail(r, T_EPISODES, cur);
}
static void check_504(Return903 *r) { each_pair(r, pair_504); }

/* 437: ceased because the child died or was found to be 18 or over (E2,
** E15) but a later episode follows (one with an unknown DECOM counts). */
static void check_437(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i + 1 < n; i++) {
    int row = ord[i];
    if (d903(e, row, E_DECOM) != DATE_NONE && in903(c903(e, row, E_REC), "E2 E15")
        && same_child(r, row, ord[i + 1]))
      r903_fail(r, T_EPISODES, row);
  }
}

/* 388: X1 (a new episode begins the same day) must be followed by an episode
** starting on the DEC; an episode followed by one starting on its DEC must
** be X1; the child's last episode must not be X1. Here, unlike the other
** rules, episodes with an unknown DECOM come first in the child's run: the
** peer fills them with 01/01/1901 before sorting. (With any such episode in
** the file the peer's sort fails and it reports nothing for the rule: see
** the differences file.) */
static void check_388(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  int *aRun = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    if (blank_child(r, T_EPISODES, ord[i])) {
      i = end;
      continue;
    }
    int k = i, m = 0;
    while (k < end && d903(e, ord[k], E_DECOM) != DATE_NONE) k++;
    for (int j = k; j < end; j++) aRun[m++] = ord[j];
    for (int j = i; j < k; j++) aRun[m++] = ord[j];
    for (int j = 0; j < m; j++) {
      int row = aRun[j];
      const char *zRec = c903(e, row, E_REC);
      Date dec = d903(e, row, E_DEC);
      int x1 = strcmp(zRec, "X1") == 0;
      if (dec == DATE_NONE) continue;
      if (j + 1 == m) {
        if (x1) r903_fail(r, T_EPISODES, row);
        continue;
      }
      /* The next DECOM, if unknown, stands for 1901 and equals no DEC. */
      Date next = d903(e, aRun[j + 1], E_DECOM);
      int same = next != DATE_NONE && next == dec;
      if ((x1 && !same) || (!x1 && zRec[0] && same)) r903_fail(r, T_EPISODES, row);
    }
    i = end;
  }
  free(aRun);
}

/* Sort keys for 433: DEC (unknown last) in the high half, row in the low. */
static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* 433: a continuation episode (RNE P, L, T, U or B) that does not start on
** the day the previous episode ended, or where either date is blank. The
** peer orders by CHILD, DECOM and then DEC, and compares the two dates as
** the text written in the file. */
static void check_433(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  int *aOrd = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
  uint64_t *aKey = xmalloc(sizeof(uint64_t) * (size_t)(n ? n : 1));
  memcpy(aOrd, ord, sizeof(int) * (size_t)n);
  /* Within each child, episodes with the same DECOM (or none) are put in
  ** DEC order, unknown DECs last. */
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && e->aChild[aOrd[j]] == e->aChild[aOrd[i]]
           && d903(e, aOrd[j], E_DECOM) == d903(e, aOrd[i], E_DECOM))
      j++;
    if (j - i > 1) {
      for (int k = i; k < j; k++) {
        Date dec = d903(e, aOrd[k], E_DEC);
        uint32_t hi = dec == DATE_NONE ? UINT32_MAX : (uint32_t)dec ^ 0x80000000u;
        aKey[k - i] = ((uint64_t)hi << 32) | (uint32_t)aOrd[k];
      }
      qsort(aKey, (size_t)(j - i), sizeof(uint64_t), cmp_u64);
      for (int k = i; k < j; k++) aOrd[k] = (int)(aKey[k - i] & 0xffffffffu);
    }
    i = j;
  }
  for (int i = 1; i < n; i++) {
    int prev = aOrd[i - 1], cur = aOrd[i];
    if (!same_child(r, prev, cur) || !in903(c903(e, cur, E_RNE), "P L T U B")) continue;
    const char *zDec = c903(e, prev, E_DEC), *zDecom = c903(e, cur, E_DECOM);
    if (!zDec[0] || !zDecom[0] || strcmp(zDec, zDecom) != 0) r903_fail(r, T_EPISODES, cur);
  }
  free(aKey);
  free(aOrd);
}

/* ---- Other tables ----------------------------------------------------------------- */

/* 1012: rows of the child-level tables for a child with no episode this
** year (an OC3-only care leaver). Checks only the tables given. */
static void check_1012(Return903 *r) {
  static const int aTab[] = {T_PLACED, T_MISSING, T_REVIEWS, T_AD1, T_PREVPERM, T_OC2};
  const T903 *e = &r->a[T_EPISODES];
  unsigned char *aHas = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  for (int i = 0; i < e->nRow; i++) aHas[e->aChild[i]] = 1;
  for (size_t k = 0; k < sizeof(aTab) / sizeof(aTab[0]); k++) {
    const T903 *t = &r->a[aTab[k]];
    if (!t->present) continue;
    for (int i = 0; i < t->nRow; i++)
      if (!aHas[t->aChild[i]]) r903_fail(r, aTab[k], i);
  }
  free(aHas);
}

const Rule903 aRules903Change[] = {
  {"386", TB(T_HEADER) | TB(T_EPISODES), 0, check_386,
   "Reason episode ceased is adopted but child has reached age 18."},
  {"387", TB(T_HEADER) | TB(T_EPISODES), 0, check_387,
   "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14."},
  {"388", TB(T_EPISODES), 0, check_388,
   "Reason episode ceased is coded new episode begins, but there is no continuation episode."},
  {"389", TB(T_HEADER) | TB(T_EPISODES), 0, check_389,
   "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16."},
  {"390", TB(T_EPISODES), 0, check_390,
   "Reason episode ceased is adopted but child has not been previously placed for adoption."},
  {"407", TB(T_HEADER) | TB(T_EPISODES), 0, check_407,
   "Reason episode ceased is Special Guardianship Order, but child has reached age 18."},
  {"408", TB(T_EPISODES), 0, check_408,
   "Child is placed for adoption with a placement order, but no placement order has been recorded."},
  {"426", TB(T_EPISODES), 0, check_426,
   "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year."},
  {"431", TB(T_EPISODES), 0, check_431,
   "The reason for new episode is started to be looked after, but the previous episode ended on the same day."},
  {"432", TB(T_EPISODES), 0, check_432,
   "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after."},
  {"433", TB(T_EPISODES), 0, check_433,
   "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished."},
  {"434", TB(T_EPISODES), 0, check_434,
   "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data."},
  {"435", TB(T_EPISODES), 0, check_435,
   "Reason for new episode is that child\u2019s placement has changed but not the legal status, but this is not reflected in the episode data recorded."},
  {"436", TB(T_EPISODES), 0, check_436,
   "Reason for new episode is that both child\u2019s placement and legal status have changed, but this is not reflected in the episode data."},
  {"437", TB(T_EPISODES), 0, check_437,
   "Reason episode ceased is child has died or is aged 18 or over but there are further episodes."},
  {"460", TB(T_HEADER) | TB(T_EPISODES), 0, check_460,
   "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18."},
  {"501", TB(T_EPISODES), 0, check_501,
   "A new episode has started before the end date of the previous episode."},
  {"504", TB(T_EPISODES), 0, check_504,
   "The category of need code differs from that reported at start of current period of being looked after"},
  {"516", TB(T_EPISODES), 0, check_516,
   "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6."},
  {"1012", TB(T_EPISODES), 0, check_1012,
   "No other data should be returned for OC3 children who had no episodes in the current year"},
  {0},
};
