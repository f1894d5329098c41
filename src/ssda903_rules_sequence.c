/*
** ssda903_rules_sequence.c: SSDA903 rules over a child's run of episodes
** (see ssda903.h): first episodes, episodes that follow one another, how
** long a legal status, a respite break or a temporary placement lasted.
**
** Most rules walk each child's episodes in DECOM order (r903_order), which
** is what the peer validator gets from sort_values: blank or invalid dates
** last, ties in file order. Where the peer's pandas code behaves in a way
** that is not obvious (comparisons with NaT are false, a blank cell is
** never equal to anything, a sort whose result is thrown away) the comment
** at the rule says so, because agreeing with the peer is what these rules
** are measured by.
*/
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

#define TEMP_PLACES "T0 T1 T2 T3 T4"

/* Both dates known and equal: pandas' == on dates, false when either is NaT. */
static int same_date(Date a, Date b) {
  return a != DATE_NONE && b != DATE_NONE && a == b;
}

/* Two cells equal as pandas compares them: a blank (NaN) equals nothing. */
static int same_cell(const char *a, const char *b) {
  return a[0] && b[0] && strcmp(a, b) == 0;
}

/* Each Header row's next row for the same child, -1 after the last: the
** peer merges on CHILD, so a child listed twice in the Header is judged
** against each of its rows (INT rules report the duplicate itself). Start
** from head903() and follow aNext. The caller frees the array. */
static int *header_next(const Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  int *aNext = xmalloc(sizeof(int) * (size_t)(h->nRow ? h->nRow : 1));
  int *aLast = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aLast[c] = -1;
  for (int row = 0; row < h->nRow; row++) {
    int c = h->aChild[row];
    aNext[row] = -1;
    if (aLast[c] >= 0) aNext[aLast[c]] = row;
    aLast[c] = row;
  }
  free(aLast);
  return aNext;
}

/* ---- 142: the episodes before a child's last one have ended ------------------ */
static void check_142(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    for (int k = i; k < end - 1; k++) {
      int row = ord[k];
      if (d903(t, row, E_DECOM) == DATE_NONE) continue;
      if (d903(t, row, E_DEC) == DATE_NONE || !c903(t, row, E_REC)[0])
        r903_fail(r, T_EPISODES, row);
    }
    i = end;
  }
}

/* ---- 199: no episode after an adoption ------------------------------------------ */
/* Without last year's episodes the peer looks at this year's alone: an
** episode fails once the child has an adoption (E11/E12) on or before it,
** unless it is that first adoption itself. Episodes without a DECOM are
** left out, as the peer drops them. */
static void check_199(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int nAdopt = 0;
    for (int k = i; k < end; k++) {
      int row = ord[k];
      if (d903(t, row, E_DECOM) == DATE_NONE) break;   /* the rest are blank too */
      int isAdopt = in903(c903(t, row, E_REC), "E11 E12");
      nAdopt += isAdopt;
      if (nAdopt > 0 && !(nAdopt == 1 && isAdopt)) r903_fail(r, T_EPISODES, row);
    }
    i = end;
  }
}

/* ---- 302: first episode not before birth ---------------------------------------- */
static void check_302(Return903 *r) {
  T903 *t = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int n, *aNext = header_next(r);
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int row = ord[i];
    Date decom = d903(t, row, E_DECOM);
    for (int hr = head903(r, T_EPISODES, row); hr >= 0 && decom != DATE_NONE; hr = aNext[hr]) {
      Date dob = d903(h, hr, H_DOB);
      if (dob != DATE_NONE && dob > decom) {
        r903_fail(r, T_EPISODES, row);
        r903_fail(r, T_HEADER, hr);
      }
    }
    i = end;
  }
  free(aNext);
}

/* ---- 336: a foster placement before placement for adoption with consent -------- */
static void check_336(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    for (int k = i + 1; k < end; k++) {
      int row = ord[k];
      if (in903(c903(t, row, E_PLACE), "A3 A4") &&
          !in903(c903(t, ord[k - 1], E_PLACE), "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6"))
        r903_fail(r, T_EPISODES, row);
    }
    i = end;
  }
}

/* ---- 352: not starting care at 18 or over -------------------------------------- */
static void check_352(Return903 *r) {
  T903 *t = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int *aNext = header_next(r);
  for (int row = 0; row < t->nRow; row++) {
    if (strcmp(c903(t, row, E_RNE), "S") != 0) continue;
    Date decom = d903(t, row, E_DECOM);
    if (decom == DATE_NONE) continue;
    for (int hr = head903(r, T_EPISODES, row); hr >= 0; hr = aNext[hr]) {
      Date dob = d903(h, hr, H_DOB);
      if (dob != DATE_NONE && r903_add_years(dob, 18) <= decom) {
        r903_fail(r, T_EPISODES, row);
        break;
      }
    }
  }
  free(aNext);
}

/* ---- 357: a child's first episode, if it began this year, starts care ----------- */
static void check_357(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int row = ord[i];
    Date decom = d903(t, row, E_DECOM);
    if (decom != DATE_NONE && decom >= r->start && strcmp(c903(t, row, E_RNE), "S") != 0)
      r903_fail(r, T_EPISODES, row);
    i = end;
  }
}

/* ---- 361, 362: how long police protection (L1) or an EPO (L2) lasted ----------- */
/* A spell is a chain of episodes with the legal status, each ending on the
** day the next begins; an open episode (or one with an invalid DEC) ends on
** the last day of the year.
** Like the peer, an episode joins the chain when the previous episode with
** that status ended on the day the episode straight after it began, even if
** that one had another status; and a blank or invalid DECOM does not count
** towards the spell's start. Every episode of a spell longer than maxDays
** (last DEC minus first DECOM) fails. */
/* The peer fills every missing DEC, blank or invalid, with the year's end. */
static Date spell_dec(const Return903 *r, int row) {
  Date dec = d903(&r->a[T_EPISODES], row, E_DEC);
  return dec == DATE_NONE ? r->end : dec;
}

static void flush_spell(Return903 *r, const int *ord, int from, int to, const char *zLs,
                        int maxDays) {
  T903 *t = &r->a[T_EPISODES];
  Date first = DATE_NONE, last = DATE_NONE;
  for (int k = from; k < to; k++) {
    int row = ord[k];
    if (strcmp(c903(t, row, E_LS), zLs) != 0) continue;
    Date decom = d903(t, row, E_DECOM), dec = spell_dec(r, row);
    if (decom != DATE_NONE && (first == DATE_NONE || decom < first)) first = decom;
    if (last == DATE_NONE || dec > last) last = dec;
  }
  if (first == DATE_NONE || last - first <= maxDays) return;
  for (int k = from; k < to; k++)
    if (strcmp(c903(t, ord[k], E_LS), zLs) == 0) r903_fail(r, T_EPISODES, ord[k]);
}

static void check_spell(Return903 *r, const char *zLs, int maxDays) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int from = -1;      /* first episode of the current spell (index into ord) */
    int prevFlows = 0;  /* the last episode with the status ran into the next */
    for (int k = i; k < end; k++) {
      int row = ord[k];
      if (strcmp(c903(t, row, E_LS), zLs) != 0) continue;
      if (from < 0 || !prevFlows) {
        if (from >= 0) flush_spell(r, ord, from, k, zLs, maxDays);
        from = k;
      }
      prevFlows = k + 1 < end && same_date(spell_dec(r, row), d903(t, ord[k + 1], E_DECOM));
    }
    if (from >= 0) flush_spell(r, ord, from, end, zLs, maxDays);
    i = end;
  }
}

static void check_361(Return903 *r) { check_spell(r, "L1", 3); }
static void check_362(Return903 *r) { check_spell(r, "L2", 21); }

/* ---- 363, 364: how long a CAO (L3) or PACE detention (J2) lasted -------------- */
/* The peer reads these spells differently from 361/362: it takes the
** episodes with the status in FILE order (its sort is thrown away), drops
** those without a valid DECOM, and starts a new spell when the child
** changes or an episode begins after the previous one ended (an invalid
** DEC never ends a spell). A spell's length is the sum of its episodes'
** lengths (an open episode ends on the last day of the year; one with an
** invalid DEC adds nothing); every episode of a longer spell fails. */
static void flush_sum(Return903 *r, const int *aRow, int nRow, int total, int maxDays) {
  if (total <= maxDays) return;
  for (int j = 0; j < nRow; j++) r903_fail(r, T_EPISODES, aRow[j]);
}

static void check_sum_spell(Return903 *r, const char *zLs, int maxDays) {
  T903 *t = &r->a[T_EPISODES];
  int prevRow = -1, total = 0;
  int *aRow = xmalloc(sizeof(int) * (size_t)(t->nRow ? t->nRow : 1));
  int nRow = 0;
  for (int row = 0; row < t->nRow; row++) {
    if (strcmp(c903(t, row, E_LS), zLs) != 0) continue;
    Date decom = d903(t, row, E_DECOM);
    if (decom == DATE_NONE) continue;
    Date dec = c903(t, row, E_DEC)[0] ? d903(t, row, E_DEC) : r->end;
    int fresh = prevRow < 0 || t->aChild[row] != t->aChild[prevRow];
    if (!fresh) {
      Date prevDec = c903(t, prevRow, E_DEC)[0] ? d903(t, prevRow, E_DEC) : r->end;
      fresh = prevDec != DATE_NONE && decom > prevDec;
    }
    if (fresh) {
      flush_sum(r, aRow, nRow, total, maxDays);
      nRow = 0;
      total = 0;
    }
    aRow[nRow++] = row;
    if (dec != DATE_NONE) total += dec - decom;
    prevRow = row;
  }
  flush_sum(r, aRow, nRow, total, maxDays);
  free(aRow);
}

static void check_363(Return903 *r) { check_sum_spell(r, "L3", 7); }
static void check_364(Return903 *r) { check_sum_spell(r, "J2", 21); }

/* ---- 365, 366, 367: short-term respite breaks (V3) ----------------------------- */
static void check_365(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++) {
    if (strcmp(c903(t, row, E_LS), "V3") != 0) continue;
    Date decom = d903(t, row, E_DECOM);
    Date dec = c903(t, row, E_DEC)[0] ? d903(t, row, E_DEC) : r->end;
    if (decom != DATE_NONE && dec != DATE_NONE && dec > decom + 17) r903_fail(r, T_EPISODES, row);
  }
}

static void check_366(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++)
    if (strcmp(c903(t, row, E_LS), "V3") == 0 && strcmp(c903(t, row, E_RNE), "S") != 0)
      r903_fail(r, T_EPISODES, row);
}

/* The peer counts the days of each break inside the collection year (an
** open break runs to its end) and, over 75 in all, fails every break that
** counted. It does not look at any other 12-month window. */
static int respite_days(const Return903 *r, int row) {
  const T903 *t = &r->a[T_EPISODES];
  Date decom = d903(t, row, E_DECOM), dec = d903(t, row, E_DEC);
  if (!c903(t, row, E_DEC)[0] || (dec != DATE_NONE && dec > r->end)) dec = r->end;
  if (decom != DATE_NONE && decom < r->start) decom = r->start;
  if (decom == DATE_NONE || dec == DATE_NONE) return 0;
  return dec - decom > 0 ? dec - decom : 0;
}

static void check_367(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int total = 0;
    for (int k = i; k < end; k++)
      if (strcmp(c903(t, ord[k], E_LS), "V3") == 0) total += respite_days(r, ord[k]);
    if (total > 75)
      for (int k = i; k < end; k++)
        if (strcmp(c903(t, ord[k], E_LS), "V3") == 0 && respite_days(r, ord[k]) > 0)
          r903_fail(r, T_EPISODES, ord[k]);
    i = end;
  }
}

/* ---- 375, 376, 379: how long a temporary placement lasted ---------------------- */
/* The peer checks only children with a Header row with a valid DOB, and
** only episodes with both dates valid. */
static void check_temp_length(Return903 *r, const char *zPlace, int maxDays) {
  T903 *t = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int *aNext = header_next(r);
  for (int row = 0; row < t->nRow; row++) {
    if (strcmp(c903(t, row, E_PLACE), zPlace) != 0) continue;
    Date decom = d903(t, row, E_DECOM), dec = d903(t, row, E_DEC);
    if (decom == DATE_NONE || dec == DATE_NONE || dec <= decom + maxDays) continue;
    int hr = head903(r, T_EPISODES, row);
    while (hr >= 0 && d903(h, hr, H_DOB) == DATE_NONE) hr = aNext[hr];
    if (hr >= 0) r903_fail(r, T_EPISODES, row);
  }
  free(aNext);
}

static void check_375(Return903 *r) { check_temp_length(r, "T1", 42); }
static void check_376(Return903 *r) { check_temp_length(r, "T3", 21); }
static void check_379(Return903 *r) { check_temp_length(r, "T4", 7); }

/* ---- 377: at most two foster carer holiday placements (T3) --------------------- */
/* Like the peer, this counts a child's T3 episodes in the whole return. */
static void check_377(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int count = 0;
    for (int k = i; k < end; k++) count += strcmp(c903(t, ord[k], E_PLACE), "T3") == 0;
    if (count > 2)
      for (int k = i; k < end; k++)
        if (strcmp(c903(t, ord[k], E_PLACE), "T3") == 0) r903_fail(r, T_EPISODES, ord[k]);
    i = end;
  }
}

/* ---- 380 - 384: temporary placements and respite ------------------------------- */
static void check_380(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++)
    if (in903(c903(t, row, E_PLACE), TEMP_PLACES) && !in903(c903(t, row, E_RNE), "P B"))
      r903_fail(r, T_EPISODES, row);
}

static void check_381(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++) {
    const char *zRec = c903(t, row, E_REC);
    if (in903(c903(t, row, E_PLACE), TEMP_PLACES) && zRec[0] && strcmp(zRec, "X1") != 0)
      r903_fail(r, T_EPISODES, row);
  }
}

static void check_382(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++)
    if (in903(c903(t, row, E_LS), "V3 V4") && in903(c903(t, row, E_PLACE), TEMP_PLACES))
      r903_fail(r, T_EPISODES, row);
}

/* After a temporary placement the child goes back where they were: the
** episode after it must be a placement change (P) to the same placement
** type and postcode as the episode before it. Blank cells never match. */
static void check_383(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    for (int k = i + 2; k < end; k++) {
      int row = ord[k], before = ord[k - 2];
      if (!in903(c903(t, ord[k - 1], E_PLACE), TEMP_PLACES)) continue;
      if (strcmp(c903(t, row, E_RNE), "P") != 0 ||
          !same_cell(c903(t, row, E_PLACE), c903(t, before, E_PLACE)) ||
          !same_cell(c903(t, row, E_PL_POST), c903(t, before, E_PL_POST)))
        r903_fail(r, T_EPISODES, row);
    }
    i = end;
  }
}

static void check_384(Return903 *r) {
  T903 *t = &r->a[T_EPISODES];
  for (int row = 0; row < t->nRow; row++)
    if (in903(c903(t, row, E_LS), "V3 V4") && in903(c903(t, row, E_PLACE), "U1 U4"))
      r903_fail(r, T_EPISODES, row);
}

#define EP TB(T_EPISODES)
#define EH (TB(T_EPISODES) | TB(T_HEADER))

const Rule903 aRules903Sequence[] = {
  {"142", EP, 0, check_142, "A new episode has started, but the previous episode has not ended."},
  {"199", EP, 0, check_199, "Episode information shows child has been previously adopted from care. "
                            "[NOTE: This only tests the current and previous year data loaded into the tool]"},
  {"302", EH, 0, check_302, "First episode starts before child was born."},
  {"336", EP, 0, check_336, "Child does not have a foster placement immediately prior to being placed for adoption."},
  {"352", EH, 0, check_352, "Child who started to be looked after was aged 18 or over."},
  {"357", EP, 0, check_357, "If this is the first episode ever for this child, reason for new episode must be S.  "
                            "Check whether there is an episode immediately preceding this one, which has been left out.  "
                            "If not the reason for new episode code must be amended to S."},
  {"361", EP, 0, check_361, "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989."},
  {"362", EP, 0, check_362, "Emergency protection order (EPO) lasted longer than 21 days"},
  {"363", EP, 0, check_363, "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989."},
  {"364", EP, 0, check_364, "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child "
                            "can be detained in custody in Local Authority (LA) accommodation."},
  {"365", EP, 0, check_365, "Any individual short- term respite placement must not exceed 17 days."},
  {"366", EP, 0, check_366, "A child cannot change placement during the course of an individual short-term respite break."},
  {"367", EP, 0, check_367, "The maximum amount of respite care allowable is 75 days in any 12-month period."},
  {"375", EH, 0, check_375, "Hospitalisation coded as a temporary placement exceeds six weeks."},
  {"376", EH, 0, check_376, "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks."},
  {"377", EP, 0, check_377, "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed "
                            "in any 12- month period."},
  {"379", EH, 0, check_379, "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days."},
  {"380", EP, 0, check_380, "A period of care cannot start with a temporary placement."},
  {"381", EP, 0, check_381, "A period of care cannot end with a temporary placement."},
  {"382", EP, 0, check_382, "A child receiving respite care cannot be in a temporary placement."},
  {"383", EP, 0, check_383, "A child in a temporary placement must subsequently return to his/her normal placement."},
  {"384", EP, 0, check_384, "A child receiving respite care cannot be in a long-term foster placement "},
  {0},
};
