/*
** ssda903_rules_sw.c: SSDA903 rules on the SWEpisodes table (new in
** 2023/24), each child's social workers over the year: who, from when, to
** when and why they changed (see ssda903.h).
**
** Social worker episodes are reported for two years, this collection year
** and the one before it, so "the social worker reporting period" starts on
** 1 April a year before the collection year does. The DfE made SW_REASON
** required from 1 April 2023; episodes that began earlier may lack it.
*/
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

#define EACH_ROW(t, i) for (int i = 0, n_ = r->a[t].nRow; i < n_; i++)

static int date_lt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a < b; }
static int date_gt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a > b; }

/* The day SW_REASON became required. */
static Date reason_required(void) { return date_from_ymd(2023, 4, 1); }

/* The first day of the social worker reporting period. The peer takes
** np.timedelta64(1, 'Y'), 365.2425 days, off 1 April, which lands on 2
** April in the years after a 29 February (2024/25); the DfE means 1 April. */
static Date sw_period_start(const Return903 *r) { return r903_add_years(r->start, -1); }

/* ---- One row at a time ---------------------------------------------------------- */

/* SW01aSTG1, SW01bSTG1: every episode needs a start date (blank or not a
** date fails both), and SW_ID; from 1 April 2023 SW_REASON as well. */
static void incomplete(Return903 *r, int fromApril2023) {
  const T903 *s = &r->a[T_SW];
  Date cut = reason_required();
  EACH_ROW(T_SW, i) {
    Date decom = d903(s, i, SW_SW_DECOM);
    int missing = !c903(s, i, SW_SW_ID)[0] || (fromApril2023 && !c903(s, i, SW_SW_REASON)[0]);
    int inScope = fromApril2023 ? !date_lt(decom, cut) : date_lt(decom, cut);
    if (decom == DATE_NONE || (inScope && missing)) r903_fail(r, T_SW, i);
  }
}
static void rSW01a(Return903 *r) { incomplete(r, 0); }
static void rSW01b(Return903 *r) { incomplete(r, 1); }

/* SW02STG1: SW_ID starts SW (a social worker) or XX (none allocated). A
** blank ID starts with neither. */
static void rSW02(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  EACH_ROW(T_SW, i) {
    const char *z = c903(s, i, SW_SW_ID);
    if (strncmp(z, "SW", 2) && strncmp(z, "XX", 2)) r903_fail(r, T_SW, i);
  }
}

/* A date the DfE accepts with its day or month given as ZZ (or its year
** as ZZZZ) when unknown: the peer checks these as dates with the hidden
** parts filled, and so does this. */
static int date_or_zz(const char *z) {
  char zDay[3], zMonth[3], zYear[5], zRest, zDate[16];
  Date d;
  if (r903_parse_date(z, &d) == 1) return 1;
  if (!strstr(z, "ZZ") || sscanf(z, "%2[0-9Z]/%2[0-9Z]/%4[0-9Z]%c", zDay, zMonth, zYear, &zRest) != 3) return 0;
  snprintf(zDate, sizeof zDate, "%s/%s/%s", strcmp(zDay, "ZZ") ? zDay : "01", strcmp(zMonth, "ZZ") ? zMonth : "01",
           strcmp(zYear, "ZZZZ") ? zYear : "2000");
  return r903_parse_date(zDate, &d) == 1;
}

/* SW04STG1, SW05STG1: a start (end) date given that is not a date. */
static void not_a_date(Return903 *r, int col) {
  const T903 *s = &r->a[T_SW];
  EACH_ROW(T_SW, i) {
    const char *z = c903(s, i, col);
    if (z[0] && !date_or_zz(z)) r903_fail(r, T_SW, i);
  }
}
static void rSW04(Return903 *r) { not_a_date(r, SW_SW_DECOM); }
static void rSW05(Return903 *r) { not_a_date(r, SW_SW_DEC); }

/* SW06STG2: started after the collection year. */
static void rSW06(Return903 *r) {
  EACH_ROW(T_SW, i) if (date_gt(d903(&r->a[T_SW], i, SW_SW_DECOM), r->end)) r903_fail(r, T_SW, i);
}

/* SW07STG2: ended before the reporting period or after the collection year. */
static void rSW07(Return903 *r) {
  Date first = sw_period_start(r);
  EACH_ROW(T_SW, i) {
    Date dec = d903(&r->a[T_SW], i, SW_SW_DEC);
    if (date_lt(dec, first) || date_gt(dec, r->end)) r903_fail(r, T_SW, i);
  }
}

/* SW09STG2: ended the day it began. The peer compares the text, so
** 1/4/2025 and 01/04/2025 differ there; they are the same day. */
static void rSW09(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  EACH_ROW(T_SW, i) {
    Date decom = d903(s, i, SW_SW_DECOM);
    if (decom != DATE_NONE && decom == d903(s, i, SW_SW_DEC)) r903_fail(r, T_SW, i);
  }
}

/* SW13STG1: SW_REASON one of the DfE's codes, and given from 1 April 2023. */
static void rSW13(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  EACH_ROW(T_SW, i) {
    const char *z = c903(s, i, SW_SW_REASON);
    Date decom = d903(s, i, SW_SW_DECOM);
    int bad = z[0] ? !in903(z, "MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED OTHERS")
                   : decom != DATE_NONE && decom >= reason_required();
    if (bad) r903_fail(r, T_SW, i);
  }
}

/* ---- A child's episodes in order ------------------------------------------------- */
/* These use r903_order: each child's episodes by SW_DECOM, blank or invalid
** starts last, ties in file order. */

/* SW08STG2: an episode with no end (or an invalid one) that is not the
** child's latest: a later one began while it was open. Episodes without a
** start are 01a's and are neither judged nor counted as later. */
static void rSW08(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  int n;
  const int *ord = r903_order(r, T_SW, SW_SW_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_SW, ord, n, i), last = -1;
    for (int k = i; k < end; k++)
      if (d903(s, ord[k], SW_SW_DECOM) != DATE_NONE) last = k;
    for (int k = i; k < last; k++)
      if (d903(s, ord[k], SW_SW_DEC) == DATE_NONE) r903_fail(r, T_SW, ord[k]);
    i = end;
  }
}

/* Within each child, episodes starting the same day by SW_DEC (blank
** last), as the peer's sort_values(['CHILD', 'SW_DECOM', 'SW_DEC']). The
** caller frees. */
static int *order_by_start_end(Return903 *r, int *pn) {
  const T903 *s = &r->a[T_SW];
  const int *ord = r903_order(r, T_SW, SW_SW_DECOM, pn);
  int n = *pn, *a = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
  memcpy(a, ord, sizeof(int) * (size_t)n);
  for (int i = 1; i < n; i++) {
    int x = a[i], j = i;
    Date decom = d903(s, x, SW_SW_DECOM), dec = d903(s, x, SW_SW_DEC);
    while (j > 0 && s->aChild[a[j - 1]] == s->aChild[x] && d903(s, a[j - 1], SW_SW_DECOM) == decom) {
      Date d = d903(s, a[j - 1], SW_SW_DEC);
      if (d == DATE_NONE || (dec != DATE_NONE && d <= dec)) break;
      a[j] = a[j - 1];
      j--;
    }
    a[j] = x;
  }
  return a;
}

/* SW10STG2: an episode starting more than 7 days before the one before it
** ended, unless its reason is FCONTA (first contact, which may overlap).
** The DfE allows 7 days either way; the peer also fails a start more than
** 7 days after (a gap, which the message does not describe) and a start
** after an episode with no end (SW08STG2's failure). */
static void rSW10(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  int n, *a = order_by_start_end(r, &n);
  for (int k = 1; k < n; k++) {
    int row = a[k], prev = a[k - 1];
    if (s->aChild[row] != s->aChild[prev] || !strcmp(c903(s, row, SW_SW_REASON), "FCONTA")) continue;
    Date prevDec = d903(s, prev, SW_SW_DEC);
    if (prevDec != DATE_NONE && date_lt(d903(s, row, SW_SW_DECOM), prevDec - 7)) r903_fail(r, T_SW, row);
  }
  free(a);
}

/* SW11bSTG2: an episode ending in the last five days of the collection
** year (26-31 March) with no later episode (one with a valid start after
** it in the order). The peer tests for an earlier episode instead of a
** later one when a child has several, so it also fails an episode that
** is followed by the next social worker (docs/ssda903.md). */
static void rSW11b(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  int n;
  const int *ord = r903_order(r, T_SW, SW_SW_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_SW, ord, n, i);
    for (int k = i; k < end; k++) {
      Date dec = d903(s, ord[k], SW_SW_DEC);
      if (dec == DATE_NONE || dec < r->end - 5 || dec > r->end) continue;
      if (k + 1 < end && d903(s, ord[k + 1], SW_SW_DECOM) != DATE_NONE) continue;
      r903_fail(r, T_SW, ord[k]);
    }
    i = end;
  }
}

/* SW17STG2: the child's latest episode (by SW_DECOM) has ended, so no
** social worker is allocated on 31 March. A child whose episodes all lack
** a valid start is judged on its first. */
static void rSW17(Return903 *r) {
  const T903 *s = &r->a[T_SW];
  int n;
  const int *ord = r903_order(r, T_SW, SW_SW_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_SW, ord, n, i), last = i;
    for (int k = i; k < end; k++)
      if (d903(s, ord[k], SW_SW_DECOM) != DATE_NONE) last = k;
    if (c903(s, ord[last], SW_SW_DEC)[0]) r903_fail(r, T_SW, ord[last]);
    i = end;
  }
}

/* ---- Against the episodes of care -------------------------------------------------- */

/* SW12STG2: an episode of care that starts care (RNE S) must have every
** one of the child's social worker episodes starting on or after it, and
** one that ends care (REC other than X1) every one starting on or before
** its end; an episode doing both is satisfied by either. Episodes ending
** before the reporting period, short breaks (V3, V4) and episodes that
** neither start nor end care are not judged, and a child with no social
** worker episodes fails every judged one. An open episode ends care on 31
** March, so it is judged as ending then: the peer's rule sees it so
** because its rule 365 has filled the blank DEC in the shared table. */
static void rSW12(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES], *s = &r->a[T_SW];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  int *aFrom = xcalloc(nChild, sizeof(int)), *aTo = xcalloc(nChild, sizeof(int)), n;
  const int *ord = r903_order(r, T_SW, SW_SW_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_SW, ord, n, i);
    aFrom[s->aChild[ord[i]]] = i;
    aTo[s->aChild[ord[i]]] = end;
    i = end;
  }
  Date first = sw_period_start(r);
  EACH_ROW(T_EPISODES, i) {
    Date decom = d903(e, i, E_DECOM), dec = d903(e, i, E_DEC);
    if (!c903(e, i, E_DEC)[0]) dec = r->end;
    if (c903(e, i, E_DEC)[0] && (dec == DATE_NONE || dec < first || dec > r->end)) continue;
    int starts = !strcmp(c903(e, i, E_RNE), "S"), ends = strcmp(c903(e, i, E_REC), "X1") != 0;
    if (in903(c903(e, i, E_LS), "V3 V4") || !(starts || ends)) continue;
    int c = e->aChild[i], bad = aFrom[c] == aTo[c];
    for (int k = aFrom[c]; k < aTo[c] && !bad; k++) {
      Date sw = d903(s, ord[k], SW_SW_DECOM);
      int beforeEnd = ends && sw != DATE_NONE && dec != DATE_NONE && sw <= dec;
      int afterStart = starts && sw != DATE_NONE && decom != DATE_NONE && sw >= decom;
      bad = !beforeEnd && !afterStart;
    }
    if (bad) r903_fail(r, T_EPISODES, i);
  }
  free(aFrom);
  free(aTo);
}

/* ---- The table ------------------------------------------------------------------------ */
#define SW TB(T_SW)
#define E TB(T_EPISODES)

const Rule903 aRules903Sw[] = {
  {"SW01aSTG1", SW, 0, rSW01a, "For each social worker episode, information should be complete"},
  {"SW01bSTG1", SW, 0, rSW01b, "For each social worker episode, information should be complete"},
  {"SW02STG1", SW, 0, rSW02, "Social worker ID does not begin with the characters ‘SW’ or ‘XX’."},
  {"SW04STG1", SW, 0, rSW04, "Date social worker episode began is not a valid date.."},
  {"SW05STG1", SW, 0, rSW05, "Date social worker episode began is not a valid date."},
  {"SW06STG2", SW, 0, rSW06, "Social worker episode data should be within the social worker data reporting year."},
  {"SW07STG2", SW, 0, rSW07, "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date."},
  {"SW08STG2", SW, 0, rSW08, "A new social worker episode has started, but the previous episode has not ended."},
  {"SW09STG2", SW, 0, rSW09, "Social worker episode appears to have lasted for less than 24 hours."},
  {"SW10STG2", SW, 0, rSW10, "A new social worker episode has started before the end date of the previous social worker episode."},
  {"SW11bSTG2", SW, 0, rSW11b, "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided."},
  {"SW12STG2", SW | E, 0, rSW12, "If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after"},
  {"SW13STG1", SW, 0, rSW13, "The reason for social worker change is not valid."},
  {"SW17STG2", SW, 0, rSW17, "There is no social worker episode open at 31 March"},
  {0},
};
