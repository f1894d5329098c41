/*
** ssda903_rules_missing.c: SSDA903 rules on the Missing table, the periods
** a child was missing or away from placement without authorisation (see
** ssda903.h): its own codes and dates, overlapping periods, and how the
** periods sit within the child's episodes of care. Also, from 2026/27, the
** DoLo table's deprivation of liberty orders (700-710): the DfE made most
** of their rules the missing rules again over DOLO_START and DOLO_END, so
** those share the code here, given the table's columns.
**
** Several rules judge a missing period against the child's periods of
** care: runs of episodes, in DECOM order, each starting on or before the
** day the one before it ended. The peer validator builds them the same
** way, and an episode with no end date does not end its period (pandas
** compares nothing with a blank date), so a later episode joins it.
*/
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

#define EACH_ROW(t, i) for (int i = 0, n_ = r->a[t].nRow; i < n_; i++)

static int date_lt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a < b; }
static int date_gt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a > b; }

/* ---- Periods of care ---------------------------------------------------------- */

/* One period: its first episode's DECOM and its last episode's DEC
** (DATE_NONE when that episode is open). */
typedef struct Poc { Date start, end; } Poc;

/* Every child's periods of care: aPoc[aFirst[c] .. aFirst[c]+aN[c]). */
typedef struct Pocs { Poc *aPoc; int *aFirst, *aN; } Pocs;

/* Build them from the episodes with a valid DECOM (the peer drops the rest
** before it groups). The caller frees with pocs_free. */
static void pocs_build(Return903 *r, Pocs *p) {
  const T903 *e = &r->a[T_EPISODES];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  p->aPoc = xmalloc(sizeof(Poc) * (size_t)(e->nRow ? e->nRow : 1));
  p->aFirst = xcalloc(nChild, sizeof(int));
  p->aN = xcalloc(nChild, sizeof(int));
  int n, nPoc = 0;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    int c = e->aChild[ord[i]];
    p->aFirst[c] = nPoc;
    Date prevDec = DATE_NONE;
    for (int k = i; k < end; k++) {
      Date decom = d903(e, ord[k], E_DECOM), dec = d903(e, ord[k], E_DEC);
      if (decom == DATE_NONE) break;   /* sorted last: the rest are blank too */
      if (p->aN[c] == 0 || date_gt(decom, prevDec)) {
        p->aPoc[nPoc++] = (Poc){decom, dec};
        p->aN[c]++;
      } else {
        p->aPoc[nPoc - 1].end = dec;
      }
      prevDec = dec;
    }
    i = end;
  }
}

static void pocs_free(Pocs *p) {
  free(p->aPoc);
  free(p->aFirst);
  free(p->aN);
}

/* ---- Periods with a start and an end: missing, and DoLOs ------------------------ */

/* A table of dated periods and its columns. */
typedef struct Spans { int t, start, end, dob; } Spans;
static const Spans missing = {T_MISSING, M_MIS_START, M_MIS_END, M_DOB};
static const Spans dolo = {T_DOLO, DL_DOLO_START, DL_DOLO_END, DL_DOB};

/* ---- One row at a time ---------------------------------------------------------- */

/* 1004, 700: the start blank or not a date. */
static void start_not_a_date(Return903 *r, const Spans *sp) {
  EACH_ROW(sp->t, i) if (d903(&r->a[sp->t], i, sp->start) == DATE_NONE) r903_fail(r, sp->t, i);
}
static void r1004(Return903 *r) { start_not_a_date(r, &missing); }
static void r700(Return903 *r) { start_not_a_date(r, &dolo); }

/* 1005, 701: the end given but not a date. */
static void end_not_a_date(Return903 *r, const Spans *sp) {
  EACH_ROW(sp->t, i) if (bad_date903(&r->a[sp->t], i, sp->end)) r903_fail(r, sp->t, i);
}
static void r1005(Return903 *r) { end_not_a_date(r, &missing); }
static void r701(Return903 *r) { end_not_a_date(r, &dolo); }

/* 1006: MISSING, when given, is M (missing) or A (away without authorisation). */
static void r1006(Return903 *r) {
  const T903 *m = &r->a[T_MISSING];
  EACH_ROW(T_MISSING, i) {
    const char *z = c903(m, i, M_MISSING);
    if (z[0] && !in903(z, "M A")) r903_fail(r, T_MISSING, i);
  }
}

/* 564: M or A with no start date (an invalid one is 1004's). */
static void r564(Return903 *r) {
  const T903 *m = &r->a[T_MISSING];
  EACH_ROW(T_MISSING, i) {
    if (in903(c903(m, i, M_MISSING), "M A") && !c903(m, i, M_MIS_START)[0]) r903_fail(r, T_MISSING, i);
  }
}

/* 565, 566: a start (end) date given with MISSING blank. */
static void date_without_type(Return903 *r, int col) {
  const T903 *m = &r->a[T_MISSING];
  EACH_ROW(T_MISSING, i) if (c903(m, i, col)[0] && !c903(m, i, M_MISSING)[0]) r903_fail(r, T_MISSING, i);
}
static void r565(Return903 *r) { date_without_type(r, M_MIS_START); }
static void r566(Return903 *r) { date_without_type(r, M_MIS_END); }

/* 567, 702: ended before it started (the same day is allowed: the peer's
** 702 fails it, but the DfE's message for both says before). */
static void ends_before_start(Return903 *r, const Spans *sp) {
  const T903 *m = &r->a[sp->t];
  EACH_ROW(sp->t, i) {
    if (date_gt(d903(m, i, sp->start), d903(m, i, sp->end))) r903_fail(r, sp->t, i);
  }
}
static void r567(Return903 *r) { ends_before_start(r, &missing); }
static void r702(Return903 *r) { ends_before_start(r, &dolo); }

/* 570, 703: started after the collection year. */
static void starts_after_year(Return903 *r, const Spans *sp) {
  EACH_ROW(sp->t, i) if (date_gt(d903(&r->a[sp->t], i, sp->start), r->end)) r903_fail(r, sp->t, i);
}
static void r570(Return903 *r) { starts_after_year(r, &missing); }
static void r703(Return903 *r) { starts_after_year(r, &dolo); }

/* 571, 704: ended outside the collection year. */
static void ends_outside_year(Return903 *r, const Spans *sp) {
  EACH_ROW(sp->t, i) {
    Date d = d903(&r->a[sp->t], i, sp->end);
    if (date_lt(d, r->start) || date_gt(d, r->end)) r903_fail(r, sp->t, i);
  }
}
static void r571(Return903 *r) { ends_outside_year(r, &missing); }
static void r704(Return903 *r) { ends_outside_year(r, &dolo); }

/* 586, 708: started before the child was born. The peer also fails a
** period starting on the birthday; the DfE's messages say before, so the
** birthday itself passes here (no fixture has either). */
static void starts_before_birth(Return903 *r, const Spans *sp) {
  const T903 *m = &r->a[sp->t];
  EACH_ROW(sp->t, i) {
    if (date_lt(d903(m, i, sp->start), d903(m, i, sp->dob))) r903_fail(r, sp->t, i);
  }
}
static void r586(Return903 *r) { starts_before_birth(r, &missing); }
static void r708(Return903 *r) { starts_before_birth(r, &dolo); }

/* ---- 574: a period starting while the one before is open -------------------------- */

static _Thread_local const Return903 *gSortR;   /* rules run on two threads (r903_validate) */
static _Thread_local const Spans *gSortSpans;

/* A blank or invalid date sorts after every date, as NaT does in pandas. */
static int cmp_date_nat_last(Date a, Date b) {
  if (a == b) return 0;
  if (a == DATE_NONE) return 1;
  if (b == DATE_NONE) return -1;
  return a < b ? -1 : 1;
}

/* The end date, or the start date when there is no end. */
static Date end_or_start(const T903 *m, const Spans *sp, int row) {
  Date d = d903(m, row, sp->end);
  return d != DATE_NONE ? d : d903(m, row, sp->start);
}

/* By child, then end (or start), then start, then row: the peer's
** sort_values(['CHILD', 'MIS_END_FILL', 'MIS_START']), which is stable. */
static int cmp_spans(const void *pa, const void *pb) {
  int a = *(const int *)pa, b = *(const int *)pb;
  const Spans *sp = gSortSpans;
  const T903 *m = &gSortR->a[sp->t];
  if (m->aChild[a] != m->aChild[b]) return m->aChild[a] < m->aChild[b] ? -1 : 1;
  int c = cmp_date_nat_last(end_or_start(m, sp, a), end_or_start(m, sp, b));
  if (!c) c = cmp_date_nat_last(d903(m, a, sp->start), d903(m, b, sp->start));
  return c ? c : (a > b) - (a < b);
}

/* 574, 705: in that order, the period before has no end, or ends after
** this one starts. */
static void overlapping(Return903 *r, const Spans *sp) {
  const T903 *m = &r->a[sp->t];
  if (m->nRow < 2) return;
  int *ord = xmalloc(sizeof(int) * (size_t)m->nRow);
  for (int i = 0; i < m->nRow; i++) ord[i] = i;
  gSortR = r;
  gSortSpans = sp;
  qsort(ord, (size_t)m->nRow, sizeof(int), cmp_spans);
  for (int k = 1; k < m->nRow; k++) {
    int row = ord[k], prev = ord[k - 1];
    if (m->aChild[row] != m->aChild[prev]) continue;
    Date prevEnd = d903(m, prev, sp->end);
    if (prevEnd == DATE_NONE || date_lt(d903(m, row, sp->start), prevEnd)) r903_fail(r, sp->t, row);
  }
  free(ord);
}
static void r574(Return903 *r) { overlapping(r, &missing); }
static void r705(Return903 *r) { overlapping(r, &dolo); }

/* ---- Against the episodes -------------------------------------------------------- */

/* Each child's episodes in DECOM order: ord[aFrom[c] .. aTo[c]). */
typedef struct Runs { const int *ord; int *aFrom, *aTo; } Runs;

static void runs_build(Return903 *r, Runs *p) {
  int n;
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  p->ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  p->aFrom = xcalloc(nChild, sizeof(int));
  p->aTo = xcalloc(nChild, sizeof(int));
  for (int i = 0; i < n;) {
    int end = r903_run_end(r, T_EPISODES, p->ord, n, i);
    int c = r->a[T_EPISODES].aChild[p->ord[i]];
    p->aFrom[c] = i;
    p->aTo[c] = end;
    i = end;
  }
}

static void runs_free(Runs *p) {
  free(p->aFrom);
  free(p->aTo);
}

/* 575: a period with no end date that started during an episode that has
** ended (DECOM <= MIS_START <= DEC). A MIS_END that is not a date is 1005's,
** not this rule's. */
static void r575(Return903 *r) {
  const T903 *m = &r->a[T_MISSING], *e = &r->a[T_EPISODES];
  Runs ru;
  runs_build(r, &ru);
  EACH_ROW(T_MISSING, i) {
    Date start = d903(m, i, M_MIS_START);
    if (c903(m, i, M_MIS_END)[0] || start == DATE_NONE) continue;
    int c = m->aChild[i];
    for (int k = ru.aFrom[c]; k < ru.aTo[c]; k++) {
      Date decom = d903(e, ru.ord[k], E_DECOM), dec = d903(e, ru.ord[k], E_DEC);
      if (decom != DATE_NONE && dec != DATE_NONE && start >= decom && start <= dec) {
        r903_fail(r, T_MISSING, i);
        break;
      }
    }
  }
  runs_free(&ru);
}

/* 577, 707: a period that fits none of the child's periods of care.
** Against each, it is out when it has no end (or an invalid one) and
** either that period of care has ended or the missing period started
** before it, or when its end falls outside it. Only periods with a valid
** start, of children with episodes, are judged (the peer's). */
static void outside_care(Return903 *r, const Spans *sp) {
  const T903 *m = &r->a[sp->t];
  Pocs pc;
  pocs_build(r, &pc);
  EACH_ROW(sp->t, i) {
    Date start = d903(m, i, sp->start), end = d903(m, i, sp->end);
    int c = m->aChild[i];
    if (start == DATE_NONE || pc.aN[c] == 0) continue;
    int out = 1;
    for (int k = pc.aFirst[c]; k < pc.aFirst[c] + pc.aN[c] && out; k++) {
      Poc p = pc.aPoc[k];
      if (end == DATE_NONE) out = p.end != DATE_NONE || start < p.start;
      else out = date_gt(end, p.end) || end < p.start;
    }
    if (out) r903_fail(r, sp->t, i);
  }
  pocs_free(&pc);
}
static void r577(Return903 *r) { outside_care(r, &missing); }
static void r707(Return903 *r) { outside_care(r, &dolo); }

/* 578: a period starting outside every one of the child's periods of care
** (before it began, or after it ended). A blank start is 1004's. */
static void r578(Return903 *r) {
  const T903 *m = &r->a[T_MISSING];
  Pocs pc;
  pocs_build(r, &pc);
  EACH_ROW(T_MISSING, i) {
    Date start = d903(m, i, M_MIS_START);
    int c = m->aChild[i];
    if (start == DATE_NONE || pc.aN[c] == 0) continue;
    int out = 1;
    for (int k = pc.aFirst[c]; k < pc.aFirst[c] + pc.aN[c] && out; k++) {
      Poc p = pc.aPoc[k];
      out = start < p.start || date_gt(start, p.end);
    }
    if (out) r903_fail(r, T_MISSING, i);
  }
  pocs_free(&pc);
}

/* 580: an episode ending on the 18th birthday, the day a missing period
** ended, must have ceased with E8. The birthday comes from the Missing
** row's DOB, as the peer takes it. */
static void r580(Return903 *r) {
  const T903 *m = &r->a[T_MISSING], *e = &r->a[T_EPISODES];
  Runs ru;
  runs_build(r, &ru);
  unsigned char *aFailed = xcalloc((size_t)(e->nRow ? e->nRow : 1), 1);
  EACH_ROW(T_MISSING, i) {
    Date end = d903(m, i, M_MIS_END), dob = d903(m, i, M_DOB);
    if (end == DATE_NONE || dob == DATE_NONE || r903_add_years(dob, 18) != end) continue;
    int c = m->aChild[i];
    for (int k = ru.aFrom[c]; k < ru.aTo[c]; k++) {
      int row = ru.ord[k];
      if (d903(e, row, E_DEC) == end && strcmp(c903(e, row, E_REC), "E8")) aFailed[row] = 1;
    }
  }
  EACH_ROW(T_EPISODES, i) if (aFailed[i]) r903_fail(r, T_EPISODES, i);
  free(aFailed);
  runs_free(&ru);
}

/* 581: a period of a child with episodes that starts in none of them
** (DECOM <= MIS_START, and MIS_START <= DEC unless the episode is open). A
** start that is blank or not a date starts in none, as with the peer. */
static void r581(Return903 *r) {
  const T903 *m = &r->a[T_MISSING], *e = &r->a[T_EPISODES];
  Runs ru;
  runs_build(r, &ru);
  EACH_ROW(T_MISSING, i) {
    Date start = d903(m, i, M_MIS_START);
    int c = m->aChild[i];
    if (ru.aFrom[c] == ru.aTo[c]) continue;
    int in = 0;
    for (int k = ru.aFrom[c]; k < ru.aTo[c] && !in && start != DATE_NONE; k++) {
      Date decom = d903(e, ru.ord[k], E_DECOM), dec = d903(e, ru.ord[k], E_DEC);
      in = decom != DATE_NONE && start >= decom && (dec == DATE_NONE || start <= dec);
    }
    if (!in) r903_fail(r, T_MISSING, i);
  }
  runs_free(&ru);
}

/* 709, 710: a DoLO with both dates, against each episode it overlaps
** (DOLO_START on or before DEC, or the episode open, and DOLO_END on or
** after DECOM), whose placement is in (zPlaces, bad = 1) or not in (bad =
** 0) a list: both rows. The peer reads a PLACEMENT column the episodes
** file does not have (it is PLACE), so it reports neither rule. */
static void dolo_placement(Return903 *r, const char *zPlaces, int bad) {
  const T903 *d = &r->a[T_DOLO], *e = &r->a[T_EPISODES];
  Runs ru;
  runs_build(r, &ru);
  EACH_ROW(T_DOLO, i) {
    Date start = d903(d, i, DL_DOLO_START), end = d903(d, i, DL_DOLO_END);
    if (start == DATE_NONE || end == DATE_NONE) continue;
    int c = d->aChild[i];
    for (int k = ru.aFrom[c]; k < ru.aTo[c]; k++) {
      int row = ru.ord[k];
      Date decom = d903(e, row, E_DECOM), dec = d903(e, row, E_DEC);
      if (decom == DATE_NONE || end < decom || date_gt(start, dec)) continue;
      if (in903(c903(e, row, E_PLACE), zPlaces) == bad) {
        r903_fail(r, T_DOLO, i);
        r903_fail(r, T_EPISODES, row);
      }
    }
  }
  runs_free(&ru);
}
static void r709(Return903 *r) { dolo_placement(r, "K2 Z12 Z13", 0); }
static void r710(Return903 *r) { dolo_placement(r, "K1 P1 R5 K3", 1); }

/* 706: a DoLO open at the end of last year's return (a valid DOLO_START,
** DOLO_END blank) must be in this year's with the same DOLO_START. The
** missing DoLO has no row of its own this year, so the failure is put on
** the child's row that should hold it: their first DoLo row this year, or,
** with none, their Header row (the DfE's field is DOLO_START). A child not
** in this year's return has left it, and is not reported. The peer reports
** last year's row numbers as if they were this year's (docs/ssda903.md). */
typedef struct DoloKey { int child; Date start; } DoloKey;
static int dolo_key_cmp(const void *pa, const void *pb) {
  const DoloKey *a = pa, *b = pb;
  if (a->child != b->child) return a->child < b->child ? -1 : 1;
  return a->start < b->start ? -1 : a->start > b->start;
}
static void r706(Return903 *r) {
  const T903 *d = &r->a[T_DOLO], *ld = &r->pLast->a[T_DOLO];
  int *aFirst = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aFirst[c] = -1;
  for (int i = d->nRow - 1; i >= 0; i--) aFirst[d->aChild[i]] = i;
  /* This year's (child, DOLO_START) pairs, sorted, so each of last year's
  ** open DoLOs is one search. */
  DoloKey *aKey = d->nRow ? xmalloc(sizeof(DoloKey) * (size_t)d->nRow) : NULL;
  for (int i = 0; i < d->nRow; i++) aKey[i] = (DoloKey){d->aChild[i], d903(d, i, DL_DOLO_START)};
  if (aKey) qsort(aKey, (size_t)d->nRow, sizeof *aKey, dolo_key_cmp);
  for (int i = 0; i < ld->nRow; i++) {
    Date start = d903(ld, i, DL_DOLO_START);
    if (start == DATE_NONE || c903(ld, i, DL_DOLO_END)[0]) continue;
    int c = r903_find_child(r, r->pLast->azChild[ld->aChild[i]]);
    if (c < 0) continue;
    DoloKey k = {c, start};
    if (aKey && bsearch(&k, aKey, (size_t)d->nRow, sizeof k, dolo_key_cmp)) continue;
    if (aFirst[c] >= 0) r903_fail(r, T_DOLO, aFirst[c]);
    else if (r->a[T_HEADER].present && r->aHeaderRow[c] >= 0) r903_fail(r, T_HEADER, r->aHeaderRow[c]);
  }
  free(aFirst);
  free(aKey);
}

/* ---- The table -------------------------------------------------------------------- */
#define E TB(T_EPISODES)
#define MI TB(T_MISSING)

const Rule903 aRules903Missing[] = {
  {"564", MI, 0, r564, "Child was missing or away from placement without authorisation and the date started is blank."},
  {"565", MI, 0, r565, "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed."},
  {"566", MI, 0, r566, "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed."},
  {"567", MI, 0, r567, "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started."},
  {"570", MI, 0, r570, "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year."},
  {"571", MI, 0, r571, "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year."},
  {"574", MI, 0, r574, "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap."},
  {"575", E | MI, 0, r575, "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date."},
  {"577", E | MI, 0, r577, "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date."},
  {"578", E | MI, 0, r578, "The date that the child started to be missing is after the child ceased to be looked after."},
  {"580", E | MI, 0, r580, "Child is missing when cease being looked after but reason episode ceased not ‘E8’."},
  {"581", E | MI, 0, r581, "Child is missing but has not yet started to be looked after."},
  {"586", MI, 0, r586, "Dates of missing periods are before child’s date of birth."},
  {"1004", MI, 0, r1004, "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date."},
  {"1005", MI, 0, r1005, "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date."},
  {"1006", MI, 0, r1006, "Missing type invalid."},
  {0},
};

#define DL TB(T_DOLO)

/* New in 2026/27 (ssda903.c registers them from that year). */
const Rule903 aRules903Y2027[] = {
  {"700", DL, 0, r700, "The start date of the DoLO is not a valid date."},
  {"701", DL, 0, r701, "The end date of the DoLO is not a valid date."},
  {"702", DL, 0, r702, "The date that the DoLO ended is before the date that it started."},
  {"703", DL, 0, r703, "The date that the DoLO started is after the end of the collection year."},
  {"704", DL, 0, r704, "The date that the DoLO ended is before the start or after the end of the collection year."},
  {"705", DL, 0, r705, "A DoLO cannot start when the previous DoLO is still open."},
  {"706", DL, R903_LAST_YEAR | R903_LAST_TB(T_DOLO), r706, "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year.."},
  {"707", E | DL, 0, r707, "Child ceased to be looked after but there is a DoLO without an end date."},
  {"708", DL, 0, r708, "Dates of DoLOs are before child’s date of birth."},
  {"709", E | DL, 0, r709, "Child with a DoLO is in an unexpected placement type."},
  {"710", E | DL, 0, r710, "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation."},
  {0},
};
