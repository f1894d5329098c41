/*
** ssda903_rules_lastyear.c: the SSDA903 rules that compare this year's
** return with last year's (r->pLast, given by validate 903 --last-year):
** the child's details (202-208, 624, 626), UASC (205A-205D), the episode
** open at the end of last year against this year's first (452, 453, 502,
** 503A-503J, 562, NoE), decisions to place for adoption (559-561, 584), an
** open missing period (576) and care leavers (348, 1001, 1002, 1010).
**
** The two returns intern their children separately, so each rule maps a
** child of one to the other by ID. Where a child has several rows last
** year (a return should not) the first is the one compared, unless the
** rule says otherwise.
**
** "This year's first episode" is the one with the earliest valid DECOM and
** "last year's last" the one with the latest, the first in the file on a
** tie (the peer's idxmin and idxmax); a child with no valid DECOM has
** neither.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

static int is(const char *z, const char *zCode) { return strcmp(z, zCode) == 0; }


/* Per child of x, the row of table t whose date column col is earliest
** (latest when wantLatest), the first in the file on a tie; -1 when the
** child has no such row with a valid date. The caller frees it. */
static int *extreme_row(const Return903 *x, int t, int col, int wantLatest) {
  const T903 *tb = &x->a[t];
  int *a = xmalloc(sizeof(int) * (size_t)(x->nChild ? x->nChild : 1));
  for (int i = 0; i < x->nChild; i++) a[i] = -1;
  for (int i = 0; i < tb->nRow; i++) {
    Date d = d903(tb, i, col);
    if (d == DATE_NONE) continue;
    int *p = &a[tb->aChild[i]];
    if (*p < 0) *p = i;
    else if (wantLatest ? d > d903(tb, *p, col) : d < d903(tb, *p, col)) *p = i;
  }
  return a;
}

/* Per child of x, 1 when table t has any row for it. */
static unsigned char *has_rows(const Return903 *x, int t) {
  unsigned char *a = xcalloc((size_t)(x->nChild ? x->nChild : 1), 1);
  for (int i = 0; i < x->a[t].nRow; i++) a[x->a[t].aChild[i]] = 1;
  return a;
}

/* Per child of x, its first row in table t, or -1. */
static int *first_row(const Return903 *x, int t) {
  int *a = xmalloc(sizeof(int) * (size_t)(x->nChild ? x->nChild : 1));
  for (int i = 0; i < x->nChild; i++) a[i] = -1;
  for (int i = x->a[t].nRow - 1; i >= 0; i--) a[x->a[t].aChild[i]] = i;
  return a;
}

/* ---- The child's details: Header against last year's Header ------------------- */
/* Calls xCheck(r, row, lastRow) for each Header row whose child has a Header
** row last year. */
static void each_header_pair(Return903 *r, void (*xCheck)(Return903 *, int, int)) {
  const T903 *h = &r->a[T_HEADER];
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < h->nRow; i++) {
    int lc = aLast[h->aChild[i]];
    int lh = lc < 0 ? -1 : r->pLast->aHeaderRow[lc];
    if (lh >= 0) xCheck(r, i, lh);
  }
}

static const char *now(const Return903 *r, int t, int row, int col) { return c903(&r->a[t], row, col); }
static const char *was(const Return903 *r, int t, int row, int col) { return c903(&r->pLast->a[t], row, col); }

/* 202, 204: SEX and ETHNIC as last year (blank both years agrees). */
static void pair_202(Return903 *r, int i, int lh) {
  if (strcmp(now(r, T_HEADER, i, H_SEX), was(r, T_HEADER, lh, H_SEX)) != 0) r903_fail(r, T_HEADER, i);
}
static void pair_204(Return903 *r, int i, int lh) {
  if (strcmp(now(r, T_HEADER, i, H_ETHNIC), was(r, T_HEADER, lh, H_ETHNIC)) != 0) r903_fail(r, T_HEADER, i);
}
static void r202(Return903 *r) { each_header_pair(r, pair_202); }
static void r204(Return903 *r) { each_header_pair(r, pair_204); }

/* 203: the DOB as a date, so 1/4/2010 agrees with 01/04/2010; two cells
** that are not dates agree (the peer compares them as NaT). */
static void pair_203(Return903 *r, int i, int lh) {
  if (d903(&r->a[T_HEADER], i, H_DOB) != d903(&r->pLast->a[T_HEADER], lh, H_DOB)) r903_fail(r, T_HEADER, i);
}
static void r203(Return903 *r) { each_header_pair(r, pair_203); }

/* 207: a child recorded as a mother last year (MOTHER 1) is still one, if
** she has episodes this year. */
static _Thread_local unsigned char *gHasEp;   /* rules run on two threads (r903_validate) */
static void pair_207(Return903 *r, int i, int lh) {
  const char *zWas = was(r, T_HEADER, lh, H_MOTHER);
  if (gHasEp[r->a[T_HEADER].aChild[i]] && is(zWas, "1") && !is(now(r, T_HEADER, i, H_MOTHER), zWas))
    r903_fail(r, T_HEADER, i);
}
static void r207(Return903 *r) {
  gHasEp = has_rows(r, T_EPISODES);
  each_header_pair(r, pair_207);
  free(gHasEp);
  gHasEp = NULL;
}

/* 208: the UPN may change only from unknown to known, or from UN1 (or
** blank) to another unknown code (UN2-UN5); any other change fails. */
static void pair_208(Return903 *r, int i, int lh) {
  const char *zNow = now(r, T_HEADER, i, H_UPN), *zWas = was(r, T_HEADER, lh, H_UPN);
  if (is(zNow, zWas)) return;
  int wasUnknown = !zWas[0] || in903(zWas, "UN1 UN2 UN3 UN4 UN5");
  int nowUnknown = !zNow[0] || in903(zNow, "UN1 UN2 UN3 UN4 UN5");
  if ((!zWas[0] || is(zWas, "UN1")) && in903(zNow, "UN2 UN3 UN4 UN5")) return;
  if (wasUnknown && !nowUnknown) return;
  r903_fail(r, T_HEADER, i);
}
static void r208(Return903 *r) { each_header_pair(r, pair_208); }

/* 624: the first child's date of birth, once recorded, does not change
** (blank now is a change). Compared as dates when both are dates. */
static void pair_624(Return903 *r, int i, int lh) {
  const char *zWas = was(r, T_HEADER, lh, H_MC_DOB);
  if (!zWas[0]) return;
  Date dNow = d903(&r->a[T_HEADER], i, H_MC_DOB), dWas = d903(&r->pLast->a[T_HEADER], lh, H_MC_DOB);
  int differs = dNow != DATE_NONE && dWas != DATE_NONE ? dNow != dWas : !is(now(r, T_HEADER, i, H_MC_DOB), zWas);
  if (differs) r903_fail(r, T_HEADER, i);
}
static void r624(Return903 *r) { each_header_pair(r, pair_624); }

/* 626: not a mother last year (MOTHER 0), a mother now, but her first
** child was born before this year began: she was a mother last year. */
static void pair_626(Return903 *r, int i, int lh) {
  Date d = d903(&r->a[T_HEADER], i, H_MC_DOB);
  if (d != DATE_NONE && d < r->start && is(now(r, T_HEADER, i, H_MOTHER), "1") &&
      is(was(r, T_HEADER, lh, H_MOTHER), "0"))
    r903_fail(r, T_HEADER, i);
}
static void r626(Return903 *r) { each_header_pair(r, pair_626); }

/* ---- UASC: 205A-205D ---------------------------------------------------------------- */
/* The peer's 205A-205C walk this year's UASC rows, each with its child's
** Header UASC flag now and (through last year's UASC file) last year; a
** flag is NULL where the peer has none (the child is not in that Header,
** or not in last year's UASC file). */
typedef struct Uasc {
  const char *zNow, *zWas;   /* "1", "0" or NULL */
  Date duc, ducWas, dob18Was;
  int headerRow;             /* this year's Header row, or -1 */
} Uasc;

static void each_uasc(Return903 *r, int (*xFails)(const Return903 *, const Uasc *)) {
  const Return903 *l = r->pLast;
  const T903 *u = &r->a[T_UASC], *lu = &l->a[T_UASC];
  const int *aLast = r903_to_last(r);
  int *aLastUasc = first_row(l, T_UASC);
  for (int i = 0; i < u->nRow; i++) {
    int c = u->aChild[i], lc = aLast[c];
    Uasc x = {.headerRow = r->aHeaderRow[c], .ducWas = DATE_NONE, .dob18Was = DATE_NONE};
    x.zNow = x.headerRow >= 0 ? c903(&r->a[T_HEADER], x.headerRow, H_UASC) : NULL;
    x.duc = d903(u, i, U_DUC);
    int lu0 = lc < 0 ? -1 : aLastUasc[lc];
    if (lu0 >= 0) {
      int lh = l->aHeaderRow[lc];
      x.zWas = lh >= 0 ? c903(&l->a[T_HEADER], lh, H_UASC) : NULL;
      x.ducWas = d903(lu, lu0, U_DUC);
      Date dob = d903(lu, lu0, U_DOB);
      x.dob18Was = dob == DATE_NONE ? DATE_NONE : r903_add_years(dob, 18);
    }
    if (xFails(r, &x)) {
      r903_fail(r, T_UASC, i);
      if (x.headerRow >= 0) r903_fail(r, T_HEADER, x.headerRow);
    }
  }
  free(aLastUasc);
}

static int flag(const char *z, const char *zValue) { return z && is(z, zValue); }

/* 205A: UASC last year, not now: UASC must have ceased last year (a DUC
** within it) and no DUC be given this year. */
static int fails_205A(const Return903 *r, const Uasc *x) {
  Date s = r903_add_years(r->start, -1), e = r903_add_years(r->end, -1);
  int ceasedLastYear = x->ducWas != DATE_NONE && x->ducWas >= s && x->ducWas <= e;
  return !flag(x->zNow, "1") && flag(x->zWas, "1") && (x->duc != DATE_NONE || !ceasedLastYear);
}
/* 205B: UASC both years: last year's DUC is the 18th birthday, and this
** year's is within this year or the same as last year's. */
static int fails_205B(const Return903 *r, const Uasc *x) {
  int inYear = x->duc != DATE_NONE && x->duc >= r->start && x->duc <= r->end;
  int sameAsLast = x->duc != DATE_NONE && x->duc == x->ducWas;
  int wasAt18 = x->ducWas != DATE_NONE && x->ducWas == x->dob18Was;
  return flag(x->zNow, "1") && flag(x->zWas, "1") && ((!inYear && !sameAsLast) || !wasAt18);
}
/* 205C: UASC in neither year, yet a DUC in either. */
static int fails_205C(const Return903 *r, const Uasc *x) {
  (void)r;
  return !flag(x->zNow, "1") && !flag(x->zWas, "1") && (!x->zNow || is(x->zNow, "0")) &&
         (!x->zWas || is(x->zWas, "0")) && (x->duc != DATE_NONE || x->ducWas != DATE_NONE);
}
static void r205A(Return903 *r) { each_uasc(r, fails_205A); }
static void r205B(Return903 *r) { each_uasc(r, fails_205B); }
static void r205C(Return903 *r) { each_uasc(r, fails_205C); }

/* 205D: UASC now, in last year's Header but not UASC there. */
static void pair_205D(Return903 *r, int i, int lh) {
  if (is(now(r, T_HEADER, i, H_UASC), "1") && !is(was(r, T_HEADER, lh, H_UASC), "1")) r903_fail(r, T_HEADER, i);
}
static void r205D(Return903 *r) { each_header_pair(r, pair_205D); }

/* ---- The episode open at the end of last year ------------------------------------- */
/* Calls xCheck(r, first, lastEp) for each child with a first episode this
** year and a last episode last year. */
static void each_episode_pair(Return903 *r, void (*xCheck)(Return903 *, int, int)) {
  int *aFirst = extreme_row(r, T_EPISODES, E_DECOM, 0);
  int *aLatest = extreme_row(r->pLast, T_EPISODES, E_DECOM, 1);
  const int *aLast = r903_to_last(r);
  for (int c = 0; c < r->nChild; c++) {
    int lc = aLast[c];
    if (aFirst[c] >= 0 && lc >= 0 && aLatest[lc] >= 0) xCheck(r, aFirst[c], aLatest[lc]);
  }
  free(aFirst);
  free(aLatest);
}

/* Last year's last episode had not ended: no valid DEC (a DEC that is not
** a date is taken as none, as the peer does). */
static int was_open(const Return903 *r, int g) { return d903(&r->pLast->a[T_EPISODES], g, E_DEC) == DATE_NONE; }

/* 503A-503F: this year's first episode carries on last year's open one,
** so each of its codes is the same (blank both years agrees). */
static _Thread_local int gCol;
static void pair_503(Return903 *r, int f, int g) {
  if (!was_open(r, g)) return;
  const char *zNow = now(r, T_EPISODES, f, gCol), *zWas = was(r, T_EPISODES, g, gCol);
  if (is(zNow, zWas)) return;
  /* The DfE lets the placement codes renamed by a year's changes differ:
  ** 2023/24's H5 became K3, and 2025/26 split Z1 into Z11-Z14. */
  if (gCol == E_PLACE) {
    if ((r->year == 2024 || r->year == 2025) && is(zNow, "K3") && is(zWas, "H5")) return;
    if (r->year == 2026 && in903(zNow, "Z11 Z12 Z13 Z14") && is(zWas, "Z1")) return;
  }
  r903_fail(r, T_EPISODES, f);
}
static void field_503(Return903 *r, int col) {
  gCol = col;
  each_episode_pair(r, pair_503);
}
static void r503A(Return903 *r) { field_503(r, E_RNE); }
static void r503B(Return903 *r) { field_503(r, E_LS); }
static void r503C(Return903 *r) { field_503(r, E_CIN); }
static void r503D(Return903 *r) { field_503(r, E_PLACE); }
static void r503E(Return903 *r) { field_503(r, E_PLACE_PROVIDER); }
static void r503F(Return903 *r) { field_503(r, E_URN); }

/* 503H, 503J: the placement's area and location, derived from its
** postcode; unknown both years agrees. */
static void pair_503H(Return903 *r, int f, int g) {
  if (was_open(r, g) && !is(r->azPlLa[f], r->pLast->azPlLa[g])) r903_fail(r, T_EPISODES, f);
}
static void pair_503J(Return903 *r, int f, int g) {
  if (was_open(r, g) && !is(r->azPlLocation[f], r->pLast->azPlLocation[g])) r903_fail(r, T_EPISODES, f);
}
static void r503H(Return903 *r) { each_episode_pair(r, pair_503H); }
static void r503J(Return903 *r) { each_episode_pair(r, pair_503J); }

/* The placement distance moved by 0.2 miles or more, or became known. The
** distances are rounded to 0.1, and their difference is taken in floating
** point as the peer takes it (so 1.3 - 1.1 is just under 0.2). */
static int distance_differs(const Return903 *r, int f, int g) {
  double d = r->aDistance[f], dWas = r->pLast->aDistance[g];
  if (isnan(dWas)) return !isnan(d);
  return !isnan(d) && fabs(d - dWas) >= 0.2;
}
/* 503G: the distance of the open episode carried on. */
static void pair_503G(Return903 *r, int f, int g) {
  if (was_open(r, g) && distance_differs(r, f, g)) r903_fail(r, T_EPISODES, f);
}
static void r503G(Return903 *r) { each_episode_pair(r, pair_503G); }

/* The same reason for new episode in both (blank is never the same). */
static int same_rne(const Return903 *r, int f, int g) {
  const char *z = now(r, T_EPISODES, f, E_RNE);
  return z[0] && is(z, was(r, T_EPISODES, g, E_RNE));
}
/* 452: the placement's area, where the first episode is the open one
** carried on (same RNE). Here "open" is a blank DEC, as the peer reads it
** for this rule alone. */
static void pair_452(Return903 *r, int f, int g) {
  if (!was(r, T_EPISODES, g, E_DEC)[0] && same_rne(r, f, g) && !is(r->azPlLa[f], r->pLast->azPlLa[g]))
    r903_fail(r, T_EPISODES, f);
}
/* 453: the distance, likewise. */
static void pair_453(Return903 *r, int f, int g) {
  if (was_open(r, g) && same_rne(r, f, g) && distance_differs(r, f, g)) r903_fail(r, T_EPISODES, f);
}
static void r452(Return903 *r) { each_episode_pair(r, pair_452); }
static void r453(Return903 *r) { each_episode_pair(r, pair_453); }

/* 502: every episode left open last year (a blank DEC) started when this
** year's first episode did. */
static void r502(Return903 *r) {
  const T903 *le = &r->pLast->a[T_EPISODES];
  int *aFirst = extreme_row(r, T_EPISODES, E_DECOM, 0);
  const int *aNow = r903_from_last(r);
  for (int i = 0; i < le->nRow; i++) {
    int c = aNow[le->aChild[i]];
    if (c < 0 || aFirst[c] < 0 || c903(le, i, E_DEC)[0]) continue;
    Date d = d903(le, i, E_DECOM);
    if (d == DATE_NONE || d != d903(&r->a[T_EPISODES], aFirst[c], E_DECOM)) r903_fail(r, T_EPISODES, aFirst[c]);
  }
  free(aFirst);
}

/* 562: a child's earliest episode that began before this year is last
** year's last episode (the same DECOM). */
static void r562(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int *aFirst = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aFirst[c] = -1;
  for (int i = 0; i < e->nRow; i++) {
    Date d = d903(e, i, E_DECOM);
    if (d == DATE_NONE || d >= r->start) continue;
    int *p = &aFirst[e->aChild[i]];
    if (*p < 0 || d < d903(e, *p, E_DECOM)) *p = i;
  }
  int *aLatest = extreme_row(r->pLast, T_EPISODES, E_DECOM, 1);
  const int *aLast = r903_to_last(r);
  for (int c = 0; c < r->nChild; c++) {
    int f = aFirst[c];
    if (f < 0) continue;
    int g = aLast[c] < 0 ? -1 : aLatest[aLast[c]];
    if (g < 0 || d903(&r->pLast->a[T_EPISODES], g, E_DECOM) != d903(e, f, E_DECOM)) r903_fail(r, T_EPISODES, f);
  }
  free(aFirst);
  free(aLatest);
}

/* NoE: an episode that began before this year, for a child with no
** episodes last year. */
static void rNoE(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  unsigned char *aHas = has_rows(r->pLast, T_EPISODES);
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < e->nRow; i++) {
    Date d = d903(e, i, E_DECOM);
    int lc = aLast[e->aChild[i]];
    if (d != DATE_NONE && d < r->start && (lc < 0 || !aHas[lc])) r903_fail(r, T_EPISODES, i);
  }
  free(aHas);
}

/* ---- Missing ------------------------------------------------------------------------ */
/* 576: a missing period left open last year (blank MIS_END) is this year's
** first: the same MIS_START. Only children with missing periods this year
** are checked (the peer's reading; a child whose open period is not
** carried on at all is not reported). */
static void r576(Return903 *r) {
  const T903 *m = &r->a[T_MISSING], *lm = &r->pLast->a[T_MISSING];
  /* A blank or invalid start sorts after every date, as the peer's
  ** placeholder 01/01/2099 does. */
  int *aFirst = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aFirst[c] = -1;
  for (int i = 0; i < m->nRow; i++) {
    int *p = &aFirst[m->aChild[i]];
    Date d = d903(m, i, M_MIS_START);
    if (*p < 0) *p = i;
    else if (d != DATE_NONE && (d903(m, *p, M_MIS_START) == DATE_NONE || d < d903(m, *p, M_MIS_START))) *p = i;
  }
  const int *aNow = r903_from_last(r);
  for (int i = 0; i < lm->nRow; i++) {
    int c = aNow[lm->aChild[i]];
    Date d = d903(lm, i, M_MIS_START);
    if (c < 0 || aFirst[c] < 0 || c903(lm, i, M_MIS_END)[0] || d == DATE_NONE) continue;
    if (d903(m, aFirst[c], M_MIS_START) != d) r903_fail(r, T_MISSING, aFirst[c]);
  }
  free(aFirst);
}

/* ---- PlacedAdoption ------------------------------------------------------------------ */
/* Calls xFails(r, row, lastRow) for each pair of a PlacedAdoption row and a
** row of the same child last year: a child has one or two. */
static void each_pa_pair(Return903 *r, int (*xFails)(const Return903 *, int, int)) {
  const T903 *p = &r->a[T_PLACED], *lp = &r->pLast->a[T_PLACED];
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < p->nRow; i++) {
    int lc = aLast[p->aChild[i]];
    if (lc < 0) continue;
    for (int j = 0; j < lp->nRow; j++)
      if (lp->aChild[j] == lc && xFails(r, i, j)) {
        r903_fail(r, T_PLACED, i);
        break;
      }
  }
}

/* 559: a decision dated before this year was in last year's return: the
** child has a row there, and each of its rows there has a valid date. */
static void r559(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *lp = &r->pLast->a[T_PLACED];
  const Return903 *l = r->pLast;
  unsigned char *aOk = xcalloc((size_t)(l->nChild ? l->nChild : 1), 1);   /* 1 dated, 2 one undated */
  for (int j = 0; j < lp->nRow; j++) {
    unsigned char *o = &aOk[lp->aChild[j]];
    if (d903(lp, j, PA_DATE_PLACED) == DATE_NONE) *o = 2;
    else if (*o == 0) *o = 1;
  }
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < p->nRow; i++) {
    Date d = d903(p, i, PA_DATE_PLACED);
    int lc = aLast[p->aChild[i]];
    if (d != DATE_NONE && d < r->start && (lc < 0 || aOk[lc] != 1)) r903_fail(r, T_PLACED, i);
  }
  free(aOk);
}

/* 560: last year's decision still stood (dated, not ceased), so this
** year's date is the same, as written. */
static int fails_560(const Return903 *r, int i, int j) {
  const char *zWas = was(r, T_PLACED, j, PA_DATE_PLACED);
  return zWas[0] && !was(r, T_PLACED, j, PA_DATE_PLACED_CEASED)[0] && !is(now(r, T_PLACED, i, PA_DATE_PLACED), zWas);
}
/* 561: the same decision as last year (the same date) cannot have ceased
** last year. */
static int fails_561(const Return903 *r, int i, int j) {
  const char *z = now(r, T_PLACED, i, PA_DATE_PLACED);
  return z[0] && is(z, was(r, T_PLACED, j, PA_DATE_PLACED)) &&
         (was(r, T_PLACED, j, PA_REASON_PLACED_CEASED)[0] || was(r, T_PLACED, j, PA_DATE_PLACED_CEASED)[0]);
}
/* 584: last year's decision ceased, so this year's is a new one, dated
** after it (and dated). */
static int fails_584(const Return903 *r, int i, int j) {
  if (!was(r, T_PLACED, j, PA_DATE_PLACED_CEASED)[0] && !was(r, T_PLACED, j, PA_REASON_PLACED_CEASED)[0]) return 0;
  if (!now(r, T_PLACED, i, PA_DATE_PLACED)[0]) return 1;
  Date d = d903(&r->a[T_PLACED], i, PA_DATE_PLACED), dWas = d903(&r->pLast->a[T_PLACED], j, PA_DATE_PLACED);
  return d != DATE_NONE && dWas != DATE_NONE && d <= dWas;
}
static void r560(Return903 *r) { each_pa_pair(r, fails_560); }
static void r561(Return903 *r) { each_pa_pair(r, fails_561); }
static void r584(Return903 *r) { each_pa_pair(r, fails_584); }

/* ---- Care leavers --------------------------------------------------------------------- */
/* 348: a care leaver reported last year as having died cannot be
** reported otherwise now. */
static void r348(Return903 *r) {
  const T903 *o = &r->a[T_OC3], *lo = &r->pLast->a[T_OC3];
  const Return903 *l = r->pLast;
  unsigned char *aDied = xcalloc((size_t)(l->nChild ? l->nChild : 1), 1);
  for (int j = 0; j < lo->nRow; j++)
    if (is(c903(lo, j, O3_IN_TOUCH), "DIED")) aDied[lo->aChild[j]] = 1;
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < o->nRow; i++) {
    int lc = aLast[o->aChild[i]];
    if (lc >= 0 && aDied[lc] && !is(c903(o, i, O3_IN_TOUCH), "DIED")) r903_fail(r, T_OC3, i);
  }
  free(aDied);
}

/* 1002: a care leaver with no episodes this year or last. */
static void r1002(Return903 *r) {
  const T903 *o = &r->a[T_OC3];
  unsigned char *aHas = has_rows(r, T_EPISODES), *aHadLast = has_rows(r->pLast, T_EPISODES);
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < o->nRow; i++) {
    int c = o->aChild[i], lc = aLast[c];
    if (!aHas[c] && (lc < 0 || !aHadLast[lc])) r903_fail(r, T_OC3, i);
  }
  free(aHas);
  free(aHadLast);
}

/* 1010: a care leaver whose last episode last year was still open (blank
** DEC) has episodes this year. That episode is the one with the latest
** DECOM, the last in the file on a tie (the peer sorts by date and keeps
** the last row). */
static void r1010(Return903 *r) {
  const Return903 *l = r->pLast;
  const T903 *o = &r->a[T_OC3], *le = &l->a[T_EPISODES];
  int *aFinal = xmalloc(sizeof(int) * (size_t)(l->nChild ? l->nChild : 1));
  for (int c = 0; c < l->nChild; c++) aFinal[c] = -1;
  for (int j = 0; j < le->nRow; j++) {
    Date d = d903(le, j, E_DECOM);
    int *p = &aFinal[le->aChild[j]];
    if (d != DATE_NONE && (*p < 0 || d >= d903(le, *p, E_DECOM))) *p = j;
  }
  unsigned char *aHas = has_rows(r, T_EPISODES);
  const int *aLast = r903_to_last(r);
  for (int i = 0; i < o->nRow; i++) {
    int c = o->aChild[i], lc = aLast[c];
    if (!aHas[c] && lc >= 0 && aFinal[lc] >= 0 && !c903(le, aFinal[lc], E_DEC)[0]) r903_fail(r, T_OC3, i);
  }
  free(aFinal);
  free(aHas);
}

/* 1001: a care leaver (OC3) whose episodes over both years do not show a
** relevant or former relevant child: 13 weeks (91 days) in care since the
** 14th birthday and some of it (a day) since the 16th; or whose latest
** episode was an adoption (REC E11, E12). As the peer does: an episode in
** both returns (same child and DECOM) counts once, the copy with the
** earlier end kept; the child's latest episode, if open, ends on 31 March;
** short breaks (LS V3, V4) do not count; and only children with a valid
** date of birth in this year's Header who are under 20 on 31 March have
** their time counted, so the others (care older than these two years
** could show) fail too, which the DfE's note on the rule allows. With any
** of the four tables empty nothing is reported. */
typedef struct Ep1001 { int child; Date decom, dec; int last, row; } Ep1001;
static int cmp_1001(const void *a, const void *b) {
  const Ep1001 *x = a, *y = b;
  if (x->child != y->child) return x->child < y->child ? -1 : 1;
  if (x->decom != y->decom) return x->decom < y->decom ? -1 : 1;
  /* The earlier end first, an open episode last. */
  Date dx = x->dec == DATE_NONE ? INT32_MAX : x->dec, dy = y->dec == DATE_NONE ? INT32_MAX : y->dec;
  if (dx != dy) return dx < dy ? -1 : 1;
  if (x->last != y->last) return x->last - y->last;
  return x->row - y->row;
}
/* The care spans of the children marked in aOnly (all when NULL) into
** aTotal14/16 and aAdopted; the number of episodes counted. */
static int count_1001(Return903 *r, const unsigned char *aOnly, long *aTotal14, long *aTotal16,
                      unsigned char *aAdopted) {
  const Return903 *l = r->pLast;
  const T903 *h = &r->a[T_HEADER], *e = &r->a[T_EPISODES], *le = &l->a[T_EPISODES];
  const int *aFrom = r903_from_last(r);
  Ep1001 *a = xmalloc(sizeof(Ep1001) * (size_t)(e->nRow + le->nRow));
  int n = 0;
  for (int i = 0; i < e->nRow; i++)
    if (!aOnly || aOnly[e->aChild[i]]) a[n++] = (Ep1001){e->aChild[i], d903(e, i, E_DECOM), d903(e, i, E_DEC), 0, i};
  for (int j = 0; j < le->nRow; j++) {
    int c = aFrom[le->aChild[j]];
    /* A child not in this year's return has no OC3 row to check. */
    if (c >= 0 && (!aOnly || aOnly[c])) a[n++] = (Ep1001){c, d903(le, j, E_DECOM), d903(le, j, E_DEC), 1, j};
  }
  qsort(a, (size_t)n, sizeof(Ep1001), cmp_1001);
  int nCounted = 0;
  for (int i = 0; i < n;) {
    int c = a[i].child, k = i;
    while (k < n && a[k].child == c) k++;
    /* The latest episode: the last valid DECOM (the run is in DECOM order). */
    int iLatest = -1;
    for (int j = i; j < k; j++)
      if (a[j].decom != DATE_NONE && (j == i || a[j].decom != a[j - 1].decom)) iLatest = j;
    if (iLatest >= 0) {
      const T903 *t = a[iLatest].last ? le : e;
      if (in903(c903(t, a[iLatest].row, E_REC), "E11 E12")) aAdopted[c] = 1;
    }
    int hr = r->aHeaderRow[c];
    Date dob = hr >= 0 ? d903(h, hr, H_DOB) : DATE_NONE;
    if (dob != DATE_NONE && r903_add_years(dob, 20) > r->end) {
      Date dob14 = r903_add_years(dob, 14), dob16 = r903_add_years(dob, 16);
      for (int j = i; j < k; j++) {
        if (j > i && a[j].decom == a[j - 1].decom) continue;   /* the same episode again */
        const T903 *t = a[j].last ? le : e;
        if (in903(c903(t, a[j].row, E_LS), "V3 V4")) continue;
        nCounted++;
        Date dec = j == iLatest && a[j].dec == DATE_NONE ? r->end : a[j].dec;
        if (dec == DATE_NONE) continue;
        Date s14 = a[j].decom == DATE_NONE || a[j].decom < dob14 ? dob14 : a[j].decom;
        Date s16 = a[j].decom == DATE_NONE || a[j].decom < dob16 ? dob16 : a[j].decom;
        if (dec > s14) aTotal14[c] += dec - s14;
        if (dec > s16) aTotal16[c] += dec - s16;
      }
    }
    i = k;
  }
  free(a);
  return nCounted;
}

static void r1001(Return903 *r) {
  const Return903 *l = r->pLast;
  const T903 *o = &r->a[T_OC3], *h = &r->a[T_HEADER], *e = &r->a[T_EPISODES], *le = &l->a[T_EPISODES];
  if (!o->nRow || !h->nRow || !e->nRow || !le->nRow) return;
  size_t nc = (size_t)(r->nChild ? r->nChild : 1);
  long *aTotal14 = xcalloc(nc, sizeof(long)), *aTotal16 = xcalloc(nc, sizeof(long));
  unsigned char *aAdopted = xcalloc(nc, 1), *aOc3 = xcalloc(nc, 1);
  /* Only the care leavers' totals are read, so only their episodes are
  ** sorted (a few hundred of a return's hundred thousand). Whether any
  ** episode of any child counts decides whether anything is reported (the
  ** peer's empty frame), so when none of theirs does, everyone's are
  ** counted to find out. */
  for (int i = 0; i < o->nRow; i++) aOc3[o->aChild[i]] = 1;
  int nCounted = count_1001(r, aOc3, aTotal14, aTotal16, aAdopted);
  if (!nCounted) {
    memset(aTotal14, 0, nc * sizeof(long));
    memset(aTotal16, 0, nc * sizeof(long));
    memset(aAdopted, 0, nc);
    nCounted = count_1001(r, NULL, aTotal14, aTotal16, aAdopted);
  }
  for (int i = 0; nCounted && i < o->nRow; i++) {
    int c = o->aChild[i];
    if (aAdopted[c] || aTotal14[c] < 91 || aTotal16[c] < 1) r903_fail(r, T_OC3, i);
  }
  free(aOc3);
  free(aTotal14);
  free(aTotal16);
  free(aAdopted);
}

#define LY R903_LAST_YEAR
#define LYP (R903_LAST_YEAR | R903_POSTCODES)
#define LT R903_LAST_TB
const Rule903 aRules903LastYear[] = {
  {"202", TB(T_HEADER), LY | LT(T_HEADER), r202, "The gender code conflicts with the gender already recorded for this child."},
  {"203", TB(T_HEADER), LY | LT(T_HEADER), r203, "Date of birth disagrees with the date of birth already recorded for this child."},
  {"204", TB(T_HEADER), LY | LT(T_HEADER), r204,
   "Ethnic origin code disagrees with the ethnic origin already recorded for this child."},
  {"205A", TB(T_HEADER) | TB(T_UASC), LY | LT(T_HEADER) | LT(T_UASC), r205A,
   "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not "
   "support this."},
  {"205B", TB(T_HEADER) | TB(T_UASC), LY | LT(T_HEADER) | LT(T_UASC), r205B,
   "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not "
   "support this."},
  {"205C", TB(T_HEADER) | TB(T_UASC), LY | LT(T_HEADER) | LT(T_UASC), r205C,
   "Child not identified as UASC either this year or last year but date UASC ceased has been provided."},
  {"205D", TB(T_HEADER) | TB(T_UASC), LY | LT(T_HEADER) | LT(T_UASC), r205D,
   "Child identified as UASC this year but not identified as UASC status provided for the child last year."},
  {"207", TB(T_HEADER) | TB(T_EPISODES), LY | LT(T_HEADER), r207,
   "Mother status for the current year disagrees with the mother status already recorded for this child."},
  {"208", TB(T_HEADER), LY | LT(T_HEADER), r208,
   "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded "
   "for this child."},
  {"348", TB(T_OC3), LY | LT(T_OC3), r348,
   "Care leaver has previously been reported as having died."},
  {"452", TB(T_EPISODES), LYP | LT(T_EPISODES), r452,
   "Contradiction between local authority of placement code in the last episode of the previous year and in the "
   "first episode of the current year."},
  {"453", TB(T_EPISODES), LYP | LT(T_EPISODES), r453,
   "Contradiction between placement distance in the last episode of the previous year and in the first episode "
   "of the current year."},
  {"502", TB(T_EPISODES), LY | LT(T_EPISODES), r502,
   "Last year's record ended with an open episode. The date on which that episode started does not match the "
   "start date of the first episode on this year\u2019s record."},
  {"503A", TB(T_EPISODES), LY | LT(T_EPISODES), r503A,
   "The reason for new episode in the first episode does not match open episode at end of last year."},
  {"503B", TB(T_EPISODES), LY | LT(T_EPISODES), r503B,
   "The legal status in the first episode does not match open episode at end of last year."},
  {"503C", TB(T_EPISODES), LY | LT(T_EPISODES), r503C,
   "The category of need in the first episode does not match open episode at end of last year."},
  {"503D", TB(T_EPISODES), LY | LT(T_EPISODES), r503D,
   "The placement type in the first episode does not match open episode at end of last year"},
  {"503E", TB(T_EPISODES), LY | LT(T_EPISODES), r503E,
   "The placement provider in the first episode does not match open episode at end of last year."},
  {"503F", TB(T_EPISODES), LY | LT(T_EPISODES), r503F,
   "The Ofsted URN in the  first episode does not match open episode at end of last year."},
  {"503G", TB(T_EPISODES), LYP | LT(T_EPISODES), r503G,
   "The distance in first episode does not match open episode at end of last year."},
  {"503H", TB(T_EPISODES), LYP | LT(T_EPISODES), r503H,
   "The placement LA in first episode does not match open episode at end of last year."},
  {"503J", TB(T_EPISODES), LYP | LT(T_EPISODES), r503J,
   "The placement location in first episode does not match open episode at end of last year."},
  {"559", TB(T_PLACED), LY | LT(T_PLACED), r559,
   "Date of decision that a child should be placed for adoption was not in the current year but the date of the "
   "decision that the child should be placed for adoption was not completed in a previous return."},
  {"560", TB(T_PLACED), LY | LT(T_PLACED), r560,
   "Date of decision that the child should be placed for adoption this year is different from that recorded last "
   "year but the decision to place the child for adoption did not change."},
  {"561", TB(T_PLACED), LY | LT(T_PLACED), r561,
   "Date of the decision that the child should be placed for adoption this year is the same as that recorded "
   "last year but records show that the decision changed, and the child should no longer be placed for adoption "
   "last year."},
  {"562", TB(T_EPISODES), LY | LT(T_EPISODES), r562,
   "Episode commenced before the start of the current collection year but there is a missing continuous episode "
   "in the previous year."},
  {"576", TB(T_MISSING), LY | LT(T_MISSING), r576,
   "There is an open missing/away from placement without authorisation period in last year\u2019s return and "
   "there is no corresponding period recorded at the start of this year."},
  {"584", TB(T_PLACED), LY | LT(T_PLACED), r584,
   "Date of decision that the child should be placed for adoption this year is different from that recorded last "
   "year, but the decision to placed the child for adoption changed and the child should no longer be placed for "
   "adoption."},
  {"624", TB(T_HEADER), LY | LT(T_HEADER), r624,
   "Date of birth of the first child contradicts the date of birth of the first child previously recorded."},
  {"626", TB(T_HEADER), LY | LT(T_HEADER), r626,
   "Child was reported as a mother but the date of birth of the first child is before the current year which "
   "contradicts with the mother status recorded last year."},
  {"1001", TB(T_EPISODES) | TB(T_OC3) | TB(T_HEADER), LY | LT(T_EPISODES), r1001,
   "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and "
   "therefore should not have care leaver information completed. [NOTE: This tool can only test the current and "
   "previous year data loaded into the tool - this check may generate false positives if a child had episodes "
   "prior to last year's collection.]"},
  {"1002", TB(T_EPISODES) | TB(T_OC3), LY | LT(T_EPISODES), r1002,
   "This child has no previous episodes of care, therefore should not have care leaver information recorded. "
   "[NOTE: This tool can only test the current and previous year data loaded into the tool - this check may "
   "generate false positives if a child had episodes prior to last year's collection.]"},
  {"1010", TB(T_EPISODES) | TB(T_OC3), LY | LT(T_EPISODES), r1010,
   "This child has no episodes loaded for current year even though there was an open episode of care at the end "
   "of the previous year, and care leaver data has been entered."},
  {"NoE", TB(T_EPISODES), LY | LT(T_EPISODES), rNoE,
   "This child has no episodes loaded for previous year even though child started to be looked after before this "
   "current year."},
  {0},
};
