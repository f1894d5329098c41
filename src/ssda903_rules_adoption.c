/*
** ssda903_rules_adoption.c: SSDA903 rules on adoption and permanence (see
** ssda903.h): the AD1 table (the child's adoption: dates, former foster
** carers, the adopters), the PlacedAdoption table (decisions that the
** child should, or should no longer, be placed for adoption) and the
** PrevPerm table (an adoption, special guardianship or residence order the
** child had before coming into care).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssda903.h"

#define EACH_ROW(t, i) for (int i = 0, n_ = r->a[t].nRow; i < n_; i++)

static int date_lt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a < b; }

/* Every row of table t whose column col is filled but not a date. */
static void bad_date(Return903 *r, int t, int col) {
  EACH_ROW(t, i) if (bad_date903(&r->a[t], i, col)) r903_fail(r, t, i);
}

/* Every row of table t whose column col is filled but not in zCodes. */
static void bad_code(Return903 *r, int t, int col, const char *zCodes) {
  EACH_ROW(t, i) {
    const char *z = c903(&r->a[t], i, col);
    if (z[0] && !in903(z, zCodes)) r903_fail(r, t, i);
  }
}

/* ---- AD1 ---------------------------------------------------------------------- */

static void r112(Return903 *r) { bad_date(r, T_AD1, A_DATE_INT); }
static void r113(Return903 *r) { bad_date(r, T_AD1, A_DATE_MATCH); }
static void r114(Return903 *r) { bad_code(r, T_AD1, A_FOSTER_CARE, "0 1"); }
static void r175(Return903 *r) { bad_code(r, T_AD1, A_NB_ADOPTR, "1 2"); }
static void r176(Return903 *r) { bad_code(r, T_AD1, A_SEX_ADOPTR, "M1 F1 MM FF MF"); }
static void r177(Return903 *r) { bad_code(r, T_AD1, A_LS_ADOPTR, "L0 L11 L12 L2 L3 L4"); }

/* 151: the six adoption items are all given or all blank. */
static void r151(Return903 *r) {
  static const int aCol[] = {A_DATE_INT, A_DATE_MATCH, A_FOSTER_CARE, A_NB_ADOPTR, A_SEX_ADOPTR, A_LS_ADOPTR};
  const T903 *a = &r->a[T_AD1];
  EACH_ROW(T_AD1, i) {
    int nGiven = 0;
    for (size_t k = 0; k < sizeof(aCol) / sizeof(aCol[0]); k++) nGiven += c903(a, i, aCol[k])[0] != 0;
    if (nGiven && nGiven < (int)(sizeof(aCol) / sizeof(aCol[0]))) r903_fail(r, T_AD1, i);
  }
}

/* 333: a match date needs the date the child should be placed for
** adoption, on or before it. */
static void r333(Return903 *r) {
  const T903 *a = &r->a[T_AD1];
  EACH_ROW(T_AD1, i) {
    Date dMatch = d903(a, i, A_DATE_MATCH), dInt = d903(a, i, A_DATE_INT);
    if (dMatch != DATE_NONE && (dInt == DATE_NONE || dInt > dMatch)) r903_fail(r, T_AD1, i);
  }
}

/* The adopters' sexes against their number or legal status: a row of AD1
** whose zCol is zIf but whose SEX_ADOPTR is not one of zSexes (a blank
** one never is). */
static void sex_for(Return903 *r, int col, const char *zIf, const char *zSexes) {
  const T903 *a = &r->a[T_AD1];
  EACH_ROW(T_AD1, i) {
    if (!strcmp(c903(a, i, col), zIf) && !in903(c903(a, i, A_SEX_ADOPTR), zSexes)) r903_fail(r, T_AD1, i);
  }
}

/* 511: two adopters cannot be a single man or woman (a blank sex is 151's). */
static void r511(Return903 *r) {
  const T903 *a = &r->a[T_AD1];
  EACH_ROW(T_AD1, i) {
    if (!strcmp(c903(a, i, A_NB_ADOPTR), "2") && in903(c903(a, i, A_SEX_ADOPTR), "M1 F1")) r903_fail(r, T_AD1, i);
  }
}
static void r514(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L0", "M1 F1"); }   /* single adopter */
static void r517(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L3", "MF"); }
static void r518(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L4", "MM FF"); }
static void r519(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L2", "MM FF MF"); } /* civil partners */
static void r520(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L11", "MF"); }
static void r524(Return903 *r) { sex_for(r, A_LS_ADOPTR, "L12", "MM FF"); }

/* ---- PlacedAdoption --------------------------------------------------------------- */

static void r115(Return903 *r) { bad_date(r, T_PLACED, PA_DATE_PLACED); }
static void r116(Return903 *r) { bad_date(r, T_PLACED, PA_DATE_PLACED_CEASED); }
static void r120(Return903 *r) { bad_code(r, T_PLACED, PA_REASON_PLACED_CEASED, "RD1 RD2 RD3 RD4"); }

/* 119: the date the decision was reversed and the reason, both or neither. */
static void r119(Return903 *r) {
  const T903 *p = &r->a[T_PLACED];
  EACH_ROW(T_PLACED, i) {
    if (!c903(p, i, PA_DATE_PLACED_CEASED)[0] != !c903(p, i, PA_REASON_PLACED_CEASED)[0]) r903_fail(r, T_PLACED, i);
  }
}

/* 522: reversed before it was made. */
static void r522(Return903 *r) {
  const T903 *p = &r->a[T_PLACED];
  EACH_ROW(T_PLACED, i) {
    if (date_lt(d903(p, i, PA_DATE_PLACED_CEASED), d903(p, i, PA_DATE_PLACED))) r903_fail(r, T_PLACED, i);
  }
}

/* 563: a reversal (date and reason) of a decision with no date. */
static void r563(Return903 *r) {
  const T903 *p = &r->a[T_PLACED];
  EACH_ROW(T_PLACED, i) {
    if (c903(p, i, PA_REASON_PLACED_CEASED)[0] && c903(p, i, PA_DATE_PLACED_CEASED)[0] && !c903(p, i, PA_DATE_PLACED)[0])
      r903_fail(r, T_PLACED, i);
  }
}

/* Each child's decisions in DATE_PLACED order (blank or invalid last, ties
** in file order): the peer's sort_values(['CHILD', 'DATE_PLACED']). */
static int *placed_order(Return903 *r, int *pn) {
  int n;
  const int *ord = r903_order(r, T_PLACED, PA_DATE_PLACED, &n);
  int *a = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
  memcpy(a, ord, sizeof(int) * (size_t)n);
  *pn = n;
  return a;
}

/* 579: a decision made while the one before it (in that order) was still
** open, or before that one was reversed. */
static void r579(Return903 *r) {
  const T903 *p = &r->a[T_PLACED];
  int n;
  int *ord = placed_order(r, &n);
  for (int k = 1; k < n; k++) {
    int row = ord[k], prev = ord[k - 1];
    if (p->aChild[row] != p->aChild[prev]) continue;
    Date prevCeased = d903(p, prev, PA_DATE_PLACED_CEASED);
    if (prevCeased == DATE_NONE || date_lt(d903(p, row, PA_DATE_PLACED), prevCeased)) r903_fail(r, T_PLACED, row);
  }
  free(ord);
}

/* 583: every decision but a child's latest must have been reversed. The
** peer finds the latest by sorting the dates as text (so 31/01/2020 comes
** after 01/12/2024); Oversight compares them as dates, the first in the
** file winning a tie, and a blank or invalid date is never the latest
** unless the child has no other. */
static void r583(Return903 *r) {
  const T903 *p = &r->a[T_PLACED];
  int *aLatest = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aLatest[c] = -1;
  EACH_ROW(T_PLACED, i) {
    int c = p->aChild[i];
    Date d = d903(p, i, PA_DATE_PLACED);
    if (aLatest[c] < 0 || (d != DATE_NONE && !(d903(p, aLatest[c], PA_DATE_PLACED) >= d))) aLatest[c] = i;
  }
  EACH_ROW(T_PLACED, i) {
    if (aLatest[p->aChild[i]] != i && !c903(p, i, PA_DATE_PLACED_CEASED)[0]) r903_fail(r, T_PLACED, i);
  }
  free(aLatest);
}

/* ---- PrevPerm ---------------------------------------------------------------------- */

static void r631(Return903 *r) { bad_code(r, T_PREVPERM, PP_PREV_PERM, "P1 P2 P3 P4 Z1"); }

/* The DfE's three-digit local authority codes (999: not known), and the
** codes for the rest of the UK and abroad. */
static const char zLaPermCodes[] =
  "201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 "
  "310 311 312 313 314 315 316 317 318 319 320 330 331 332 333 334 335 336 340 341 342 343 "
  "344 350 351 352 353 354 355 356 357 358 359 370 371 372 373 380 381 382 383 384 390 391 "
  "392 393 394 420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822 823 825 "
  "826 830 831 835 836 837 840 841 845 846 850 851 852 855 856 857 860 861 865 866 867 868 "
  "869 870 871 872 873 874 876 877 878 879 880 881 882 883 884 885 886 887 888 889 890 891 "
  "892 893 894 895 896 908 909 916 919 921 925 926 928 929 931 933 935 936 937 938 999 WAL SCO NUK NIR";

/* 633: the authority that arranged the previous permanence, when given, is
** one of those. */
static void r633(Return903 *r) { bad_code(r, T_PREVPERM, PP_LA_PERM, zLaPermCodes); }

/* 635: the order's date or authority given, but the option is Z1 (none, or
** not known). The peer tests a blank option instead, which the DfE's
** message does not mention (no fixture has either); both fail here, since
** a date and authority with no option is no more coherent. */
static void r635(Return903 *r) {
  const T903 *p = &r->a[T_PREVPERM];
  EACH_ROW(T_PREVPERM, i) {
    const char *zPerm = c903(p, i, PP_PREV_PERM);
    if ((c903(p, i, PP_LA_PERM)[0] || c903(p, i, PP_DATE_PERM)[0]) && (!zPerm[0] || !strcmp(zPerm, "Z1")))
      r903_fail(r, T_PREVPERM, i);
  }
}

/* ---- Against the other tables ---------------------------------------------------- */

/* The rows of table t for each child, in row order: aFirst[child] is the
** first (-1 if none), aNext[row] the next row of the same child (-1). The
** peer merges tables on CHILD, so every pair of a child's rows is judged. */
typedef struct Chain { int *aFirst, *aNext; } Chain;

static void chain_build(Return903 *r, int t, Chain *c) {
  const T903 *tb = &r->a[t];
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  int *aLast = xmalloc(sizeof(int) * nChild);
  c->aFirst = xmalloc(sizeof(int) * nChild);
  c->aNext = xmalloc(sizeof(int) * (size_t)(tb->nRow ? tb->nRow : 1));
  for (int i = 0; i < r->nChild; i++) c->aFirst[i] = aLast[i] = -1;
  for (int i = 0; i < tb->nRow; i++) {
    int k = tb->aChild[i];
    c->aNext[i] = -1;
    if (aLast[k] < 0) c->aFirst[k] = i;
    else c->aNext[aLast[k]] = i;
    aLast[k] = i;
  }
  free(aLast);
}

static void chain_free(Chain *c) {
  free(c->aFirst);
  free(c->aNext);
}

static const int aAd1Items[] = {A_DATE_INT, A_DATE_MATCH, A_FOSTER_CARE, A_NB_ADOPTR, A_SEX_ADOPTR, A_LS_ADOPTR};
#define N_AD1_ITEMS ((int)(sizeof(aAd1Items) / sizeof(aAd1Items[0])))

/* How many of an AD1 row's six adoption items are given. */
static int ad1_given(const T903 *a, int row) {
  int n = 0;
  for (int k = 0; k < N_AD1_ITEMS; k++) n += c903(a, row, aAd1Items[k])[0] != 0;
  return n;
}

/* An episode that ended in the collection year with an adoption (E11, E12). */
static int adopted_in_year(const Return903 *r, int row) {
  const T903 *e = &r->a[T_EPISODES];
  Date dec = d903(e, row, E_DEC);
  return dec != DATE_NONE && dec >= r->start && dec <= r->end && in903(c903(e, row, E_REC), "E11 E12");
}

/* 184: a decision to place for adoption dated before the child's birth
** (against each of the child's Header rows). The peer also fails every
** dated decision of a child whose DOB it cannot find (no Header row, or a
** blank DOB), which is not what the DfE's message says; here both dates
** must be known (no fixture has such a row). */
static void r184(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *h = &r->a[T_HEADER];
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  EACH_ROW(T_PLACED, i) {
    Date d = d903(p, i, PA_DATE_PLACED);
    for (int j = hc.aFirst[p->aChild[i]]; j >= 0; j = hc.aNext[j]) {
      if (date_lt(d, d903(h, j, H_DOB))) {
        r903_fail(r, T_PLACED, i);
        break;
      }
    }
  }
  chain_free(&hc);
}

/* 523: the decision to place for adoption and the decision that adoption
** is in the child's interests on different days, both known: both rows. */
static void r523(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *a = &r->a[T_AD1];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  EACH_ROW(T_AD1, i) {
    Date dInt = d903(a, i, A_DATE_INT);
    if (dInt == DATE_NONE) continue;
    int bad = 0;
    for (int j = pc.aFirst[a->aChild[i]]; j >= 0; j = pc.aNext[j]) {
      Date d = d903(p, j, PA_DATE_PLACED);
      if (d != DATE_NONE && d != dInt) {
        r903_fail(r, T_PLACED, j);
        bad = 1;
      }
    }
    if (bad) r903_fail(r, T_AD1, i);
  }
  chain_free(&pc);
}

/* 525: a decision reversed (DATE_PLACED_CEASED given), yet adoption items
** given: both rows. */
static void r525(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *a = &r->a[T_AD1];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  EACH_ROW(T_AD1, i) {
    if (!ad1_given(a, i)) continue;
    int bad = 0;
    for (int j = pc.aFirst[a->aChild[i]]; j >= 0; j = pc.aNext[j]) {
      if (c903(p, j, PA_DATE_PLACED_CEASED)[0]) {
        r903_fail(r, T_PLACED, j);
        bad = 1;
      }
    }
    if (bad) r903_fail(r, T_AD1, i);
  }
  chain_free(&pc);
}

/* 134: adoption items for a child who also has care leaver items (OC3). */
static void r134(Return903 *r) {
  const T903 *a = &r->a[T_AD1], *o = &r->a[T_OC3];
  unsigned char *aLeaver = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_OC3, i) {
    if (c903(o, i, O3_IN_TOUCH)[0] || c903(o, i, O3_ACTIV)[0] || c903(o, i, O3_ACCOM)[0]) aLeaver[o->aChild[i]] = 1;
  }
  EACH_ROW(T_AD1, i) if (aLeaver[a->aChild[i]] && ad1_given(a, i)) r903_fail(r, T_AD1, i);
  free(aLeaver);
}

/* 601: adopted in the year (an episode ending E11 or E12 in it) but an
** adoption item is blank: the episode and the AD1 row. A child adopted
** with no AD1 row at all is not this rule's. */
static void r601(Return903 *r) {
  const T903 *a = &r->a[T_AD1], *e = &r->a[T_EPISODES];
  Chain ac;
  chain_build(r, T_AD1, &ac);
  unsigned char *aBad = xcalloc((size_t)(a->nRow ? a->nRow : 1), 1);
  EACH_ROW(T_EPISODES, i) {
    if (!adopted_in_year(r, i)) continue;
    int bad = 0;
    for (int j = ac.aFirst[e->aChild[i]]; j >= 0; j = ac.aNext[j]) {
      if (ad1_given(a, j) < N_AD1_ITEMS) aBad[j] = bad = 1;
    }
    if (bad) r903_fail(r, T_EPISODES, i);
  }
  EACH_ROW(T_AD1, i) if (aBad[i]) r903_fail(r, T_AD1, i);
  free(aBad);
  chain_free(&ac);
}

/* 602: adoption items for a child with no episode ending in adoption this year. */
static void r602(Return903 *r) {
  const T903 *a = &r->a[T_AD1], *e = &r->a[T_EPISODES];
  unsigned char *aAdopted = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_EPISODES, i) if (adopted_in_year(r, i)) aAdopted[e->aChild[i]] = 1;
  EACH_ROW(T_AD1, i) if (!aAdopted[a->aChild[i]] && ad1_given(a, i)) r903_fail(r, T_AD1, i);
  free(aAdopted);
}

/* 582: an adoption (E11, E12) ending on the day the child was matched with
** the adopters. The peer compares the two dates as text, so 1/5/2025 and
** 01/05/2025 differ there; they are the same day here. */
static void r582(Return903 *r) {
  const T903 *a = &r->a[T_AD1], *e = &r->a[T_EPISODES];
  Chain ac;
  chain_build(r, T_AD1, &ac);
  EACH_ROW(T_EPISODES, i) {
    Date dec = d903(e, i, E_DEC);
    if (dec == DATE_NONE || !in903(c903(e, i, E_REC), "E11 E12")) continue;
    for (int j = ac.aFirst[e->aChild[i]]; j >= 0; j = ac.aNext[j]) {
      if (d903(a, j, A_DATE_MATCH) == dec) {
        r903_fail(r, T_EPISODES, i);
        break;
      }
    }
  }
  chain_free(&ac);
}

/* ---- Adoption against the episodes ----------------------------------------------- */

/* Per child, its episode with the earliest (or latest) valid date in col
** among those keep() accepts, -1 for none; a tie goes to the first in the
** file (pandas' idxmin, idxmax). The caller frees. */
static int *pick_episode(Return903 *r, int col, int latest, int (*keep)(const T903 *, int)) {
  const T903 *e = &r->a[T_EPISODES];
  int *a = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) a[c] = -1;
  EACH_ROW(T_EPISODES, i) {
    Date d = d903(e, i, col);
    if (d == DATE_NONE || (keep && !keep(e, i))) continue;
    int *pBest = &a[e->aChild[i]];
    if (*pBest < 0) *pBest = i;
    else {
      Date best = d903(e, *pBest, col);
      if (latest ? d > best : d < best) *pBest = i;
    }
  }
  return a;
}

static int ep_is(const T903 *e, int row, int col, const char *zCodes) { return in903(c903(e, row, col), zCodes); }
static int not_x1(const T903 *e, int row) { return strcmp(c903(e, row, E_REC), "X1") != 0; }
static int not_short_break(const T903 *e, int row) { return !ep_is(e, row, E_LS, "V3 V4"); }
static int starts_care(const T903 *e, int row) { return !strcmp(c903(e, row, E_RNE), "S"); }
static int placed_for_adoption(const T903 *e, int row) { return ep_is(e, row, E_PLACE, "A3 A4 A5 A6"); }
static int placement_order(const T903 *e, int row) { return !strcmp(c903(e, row, E_LS), "E1"); }

static int date_gt(Date a, Date b) { return date_lt(b, a); }

/* 117: a decision (to place, or no longer to place, for adoption) dated
** after 31 March, or after the end of the child's latest episode that is
** not a change within care (REC X1, so a blank REC counts): both rows. */
static void r117(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  int *aLast = pick_episode(r, E_DECOM, 1, not_x1);
  EACH_ROW(T_PLACED, i) {
    int ep = aLast[p->aChild[i]];
    if (ep < 0) continue;
    Date dec = d903(e, ep, E_DEC), dp = d903(p, i, PA_DATE_PLACED), dc = d903(p, i, PA_DATE_PLACED_CEASED);
    if (date_gt(dp, r->end) || date_gt(dp, dec) || date_gt(dc, r->end) || date_gt(dc, dec)) {
      r903_fail(r, T_PLACED, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aLast);
}

/* 118: a decision no longer to place for adoption dated before 1 April, or
** before the child's first episode that is not a short break: both rows. */
static void r118(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  int *aFirst = pick_episode(r, E_DECOM, 0, not_short_break);
  EACH_ROW(T_PLACED, i) {
    int ep = aFirst[p->aChild[i]];
    Date dc = d903(p, i, PA_DATE_PLACED_CEASED);
    if (ep < 0 || dc == DATE_NONE) continue;
    if (dc < d903(e, ep, E_DECOM) || dc < r->start) {
      r903_fail(r, T_PLACED, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aFirst);
}

/* Each pair of an episode (that keep() accepts) and one of the child's AD1
** rows that bad() finds wrong: both rows. */
static void ep_ad1_pairs(Return903 *r, int (*keep)(const T903 *, int),
                         int (*bad)(const Return903 *, int ep, int ad1)) {
  const T903 *e = &r->a[T_EPISODES];
  Chain ac;
  chain_build(r, T_AD1, &ac);
  EACH_ROW(T_EPISODES, i) {
    if (!keep(e, i)) continue;
    for (int j = ac.aFirst[e->aChild[i]]; j >= 0; j = ac.aNext[j]) {
      if (bad(r, i, j)) {
        r903_fail(r, T_EPISODES, i);
        r903_fail(r, T_AD1, j);
      }
    }
  }
  chain_free(&ac);
}

/* 331: matched with the adopters after the adoption episode (E11, E12)
** began. */
static int adoption_ended(const T903 *e, int row) { return ep_is(e, row, E_REC, "E11 E12"); }
static int match_after(const Return903 *r, int ep, int ad) {
  return date_gt(d903(&r->a[T_AD1], ad, A_DATE_MATCH), d903(&r->a[T_EPISODES], ep, E_DECOM));
}
static void r331(Return903 *r) { ep_ad1_pairs(r, adoption_ended, match_after); }

/* 335: adopted (E1, E11, E12) from a foster placement (A2, A3, A5) yet not
** by the foster carers, or from another placement (A1, A4, A6) yet by them. */
static int any_adoption_end(const T903 *e, int row) { return ep_is(e, row, E_REC, "E1 E11 E12"); }
static int foster_mismatch(const Return903 *r, int ep, int ad) {
  const T903 *e = &r->a[T_EPISODES];
  const char *zFoster = c903(&r->a[T_AD1], ad, A_FOSTER_CARE);
  return (ep_is(e, ep, E_PLACE, "A2 A3 A5") && !strcmp(zFoster, "0")) ||
         (ep_is(e, ep, E_PLACE, "A1 A4 A6") && !strcmp(zFoster, "1"));
}
static void r335(Return903 *r) { ep_ad1_pairs(r, any_adoption_end, foster_mismatch); }

/* 521: placed for adoption (A3-A6) before the decision that adoption is in
** the child's interests. */
static int int_after(const Return903 *r, int ep, int ad) {
  return date_gt(d903(&r->a[T_AD1], ad, A_DATE_INT), d903(&r->a[T_EPISODES], ep, E_DECOM));
}
static void r521(Return903 *r) { ep_ad1_pairs(r, placed_for_adoption, int_after); }

/* 334: the decision that adoption is in the child's interests dated before
** the latest period of care began (the child's latest RNE S episode). */
static void r334(Return903 *r) {
  const T903 *a = &r->a[T_AD1], *e = &r->a[T_EPISODES];
  int *aLast = pick_episode(r, E_DECOM, 1, starts_care);
  EACH_ROW(T_AD1, i) {
    int ep = aLast[a->aChild[i]];
    if (ep >= 0 && date_lt(d903(a, i, A_DATE_INT), d903(e, ep, E_DECOM))) {
      r903_fail(r, T_AD1, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aLast);
}

/* 1003: a decision to place for adoption dated before the child's first
** period of care began (its earliest RNE S episode). */
static void r1003(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  int *aFirst = pick_episode(r, E_DECOM, 0, starts_care);
  EACH_ROW(T_PLACED, i) {
    int ep = aFirst[p->aChild[i]];
    if (ep >= 0 && date_lt(d903(p, i, PA_DATE_PLACED), d903(e, ep, E_DECOM))) {
      r903_fail(r, T_PLACED, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aFirst);
}

/* 551: placed for adoption (A3-A6) with no decision to place dated: the
** child has no PlacedAdoption row, or one with DATE_PLACED blank. */
static void r551(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  EACH_ROW(T_EPISODES, i) {
    if (!placed_for_adoption(e, i)) continue;
    int j = pc.aFirst[e->aChild[i]], bad = j < 0;
    for (; j >= 0 && !bad; j = pc.aNext[j]) bad = !c903(p, j, PA_DATE_PLACED)[0];
    if (bad) r903_fail(r, T_EPISODES, i);
  }
  chain_free(&pc);
}

/* 552: the child's first placement for adoption (A3-A6) began before its
** latest decision to place for adoption: both rows. */
static void r552(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  int *aFirst = pick_episode(r, E_DECOM, 0, placed_for_adoption);
  int *aLatest = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int c = 0; c < r->nChild; c++) aLatest[c] = -1;
  EACH_ROW(T_PLACED, i) {
    Date d = d903(p, i, PA_DATE_PLACED);
    int *pBest = &aLatest[p->aChild[i]];
    if (d != DATE_NONE && (*pBest < 0 || d > d903(p, *pBest, PA_DATE_PLACED))) *pBest = i;
  }
  for (int c = 0; c < r->nChild; c++) {
    if (aFirst[c] >= 0 && aLatest[c] >= 0 &&
        d903(e, aFirst[c], E_DECOM) < d903(p, aLatest[c], PA_DATE_PLACED)) {
      r903_fail(r, T_EPISODES, aFirst[c]);
      r903_fail(r, T_PLACED, aLatest[c]);
    }
  }
  free(aFirst);
  free(aLatest);
}

/* 553: a placement order (LS E1) with no decision to place for adoption:
** each E1 episode of a child with no PlacedAdoption row; and while an E1
** episode is still open, each of the child's decisions that says it was
** reversed (a date or reason for that). */
static void r553(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  unsigned char *aOpen = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_EPISODES, i) {
    if (!placement_order(e, i)) continue;
    if (pc.aFirst[e->aChild[i]] < 0) r903_fail(r, T_EPISODES, i);
    if (!c903(e, i, E_DEC)[0]) aOpen[e->aChild[i]] = 1;
  }
  EACH_ROW(T_PLACED, i) {
    if (aOpen[p->aChild[i]] && (c903(p, i, PA_DATE_PLACED_CEASED)[0] || c903(p, i, PA_REASON_PLACED_CEASED)[0]))
      r903_fail(r, T_PLACED, i);
  }
  free(aOpen);
  chain_free(&pc);
}

/* 554: a decision to place for adoption dated after the child's first
** placement order (its earliest E1 episode) began: both rows. */
static void r554(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  int *aFirst = pick_episode(r, E_DECOM, 0, placement_order);
  EACH_ROW(T_PLACED, i) {
    int ep = aFirst[p->aChild[i]];
    if (ep >= 0 && date_gt(d903(p, i, PA_DATE_PLACED), d903(e, ep, E_DECOM))) {
      r903_fail(r, T_PLACED, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aFirst);
}

/* 557: placed for adoption (A3-A6) or under a placement order (E1), then
** left care other than by adoption (a REC that is given, and is not E11,
** E12 or X1), yet no decision says it was reversed: the episode when the
** child has no PlacedAdoption row, else each decision lacking the date or
** reason of its reversal, and the episode with it. */
static void r557(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  EACH_ROW(T_EPISODES, i) {
    const char *zRec = c903(e, i, E_REC);
    if (!(placed_for_adoption(e, i) || placement_order(e, i)) || !zRec[0] || in903(zRec, "E11 E12 X1")) continue;
    int j = pc.aFirst[e->aChild[i]];
    if (j < 0) r903_fail(r, T_EPISODES, i);
    for (; j >= 0; j = pc.aNext[j]) {
      if (!c903(p, j, PA_DATE_PLACED_CEASED)[0] || !c903(p, j, PA_REASON_PLACED_CEASED)[0]) {
        r903_fail(r, T_EPISODES, i);
        r903_fail(r, T_PLACED, j);
      }
    }
  }
  chain_free(&pc);
}

/* 558: adopted (an episode ending E11, E12), yet every one of the child's
** decisions to place says it was reversed: the episode. The peer fails
** only a child whose adoption episodes times decisions number more than
** one, so never a child with one adoption and one reversed decision, the
** plainest case of the DfE's rule; here one reversed decision with no
** open one is enough. */
static void r558(Return903 *r) {
  const T903 *p = &r->a[T_PLACED], *e = &r->a[T_EPISODES];
  Chain pc;
  chain_build(r, T_PLACED, &pc);
  EACH_ROW(T_EPISODES, i) {
    if (!adoption_ended(e, i)) continue;
    int j = pc.aFirst[e->aChild[i]], bad = j >= 0;
    for (; j >= 0 && bad; j = pc.aNext[j]) bad = c903(p, j, PA_DATE_PLACED_CEASED)[0] != 0;
    if (bad) r903_fail(r, T_EPISODES, i);
  }
  chain_free(&pc);
}

/* ---- PrevPerm against the episodes ------------------------------------------------ */

/* 630: a child starting care (RNE S) on or after 1 April needs its
** previous permanence: the episode fails when the child has no PrevPerm
** row, or one with no option, or an option other than Z1 (none or not
** known) without the authority or the date. */
static void r630(Return903 *r) {
  const T903 *p = &r->a[T_PREVPERM], *e = &r->a[T_EPISODES];
  Chain pc;
  chain_build(r, T_PREVPERM, &pc);
  EACH_ROW(T_EPISODES, i) {
    Date decom = d903(e, i, E_DECOM);
    if (!starts_care(e, i) || decom == DATE_NONE || decom < r->start) continue;
    int j = pc.aFirst[e->aChild[i]], bad = j < 0;
    for (; j >= 0 && !bad; j = pc.aNext[j]) {
      const char *zPerm = c903(p, j, PP_PREV_PERM);
      bad = !zPerm[0] || (strcmp(zPerm, "Z1") && (!c903(p, j, PP_LA_PERM)[0] || !c903(p, j, PP_DATE_PERM)[0]));
    }
    if (bad) r903_fail(r, T_EPISODES, i);
  }
  chain_free(&pc);
}

/* DATE_PERM may hide the day or month as ZZ (and the year as ZZZZ): it is
** then read as the latest day it could be, the day's month end or the
** month's year end, so that a hidden part never makes a false failure.
** DATE_NONE when it is not a date even so. */
static Date perm_date(const T903 *p, int row) {
  const char *z = c903(p, row, PP_DATE_PERM);
  Date d = d903(p, row, PP_DATE_PERM);
  if (d != DATE_NONE || !strstr(z, "ZZ")) return d;
  char zDay[3], zMonth[3], zYear[5], zRest;
  if (sscanf(z, "%2[0-9Z]/%2[0-9Z]/%4[0-9Z]%c", zDay, zMonth, zYear, &zRest) != 3) return DATE_NONE;
  int months = 0, years = 0;
  char zDate[16];
  if (!strcmp(zDay, "ZZ")) strcpy(zDay, "01"), months = 1;
  if (!strcmp(zMonth, "ZZ")) strcpy(zMonth, "01"), months = 0, years = 1;   /* the peer keeps the last */
  if (!strcmp(zYear, "ZZZZ")) strcpy(zYear, "2000");
  snprintf(zDate, sizeof zDate, "%s/%s/%s", zDay, zMonth, zYear);
  if (r903_parse_date(zDate, &d) != 1) return DATE_NONE;
  return (months || years) ? date_add_months(d, months + 12 * years) - 1 : d;
}

/* 632: the previous order dated on or after the child's first episode
** began, or not a date (even read as above): both rows. */
static void r632(Return903 *r) {
  const T903 *p = &r->a[T_PREVPERM], *e = &r->a[T_EPISODES];
  int *aFirst = pick_episode(r, E_DECOM, 0, NULL);
  EACH_ROW(T_PREVPERM, i) {
    int ep = aFirst[p->aChild[i]];
    if (ep < 0) continue;
    Date d = perm_date(p, i);
    if ((d != DATE_NONE && d >= d903(e, ep, E_DECOM)) || (d == DATE_NONE && c903(p, i, PP_DATE_PERM)[0])) {
      r903_fail(r, T_PREVPERM, i);
      r903_fail(r, T_EPISODES, ep);
    }
  }
  free(aFirst);
}

/* 634: previous permanence given for a child whose latest episode began
** before 1 April (the item is for periods of care starting this year):
** the row and every episode of the child. */
static void r634(Return903 *r) {
  const T903 *p = &r->a[T_PREVPERM], *e = &r->a[T_EPISODES];
  int *aLast = pick_episode(r, E_DECOM, 1, NULL);
  unsigned char *aBad = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  EACH_ROW(T_PREVPERM, i) {
    int ep = aLast[p->aChild[i]];
    if (ep < 0 || d903(e, ep, E_DECOM) >= r->start) continue;
    if (c903(p, i, PP_PREV_PERM)[0] || c903(p, i, PP_DATE_PERM)[0] || c903(p, i, PP_LA_PERM)[0]) {
      r903_fail(r, T_PREVPERM, i);
      aBad[p->aChild[i]] = 1;
    }
  }
  EACH_ROW(T_EPISODES, i) if (aBad[e->aChild[i]]) r903_fail(r, T_EPISODES, i);
  free(aBad);
  free(aLast);
}

/* ---- The table -------------------------------------------------------------------- */
#define AD TB(T_AD1)
#define PA TB(T_PLACED)
#define PP TB(T_PREVPERM)
#define H TB(T_HEADER)
#define E TB(T_EPISODES)
#define O3 TB(T_OC3)

const Rule903 aRules903Adoption[] = {
  {"112", AD, 0, r112, "Date should be placed for adoption is not a valid date."},
  {"113", AD, 0, r113, "Date matching child and adopter(s) is not a valid date."},
  {"114", AD, 0, r114, "Data entry to record the status of former carer(s) of an adopted child is invalid."},
  {"115", PA, 0, r115, "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date."},
  {"116", PA, 0, r116, "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date."},
  {"119", PA, 0, r119, "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed."},
  {"120", PA, 0, r120, "The reason for the reversal of the decision that the child should be placed for adoption code is not valid."},
  {"151", AD, 0, r151, "All data items relating to a childs adoption must be coded or left blank."},
  {"175", AD, 0, r175, "The number of adopter(s) code is not a valid code."},
  {"176", AD, 0, r176, "The gender of adopter(s) at the date of adoption code is not a valid code."},
  {"177", AD, 0, r177, "The legal status of adopter(s) code is not a valid code."},
  {"333", AD, 0, r333, "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s)."},
  {"511", AD, 0, r511, "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female."},
  {"514", AD, 0, r514, "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple."},
  {"517", AD, 0, r517, "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female."},
  {"518", AD, 0, r518, "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females."},
  {"519", AD, 0, r519, "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple."},
  {"520", AD, 0, r520, "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple."},
  {"522", PA, 0, r522, "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption."},
  {"524", AD, 0, r524, "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females"},
  {"563", PA, 0, r563, "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank"},
  {"579", PA, 0, r579, "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions."},
  {"583", PA, 0, r583, "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year."},
  {"631", PP, 0, r631, "Previous permanence option not a valid value."},
  {"633", PP, 0, r633, "Local authority code where previous permanence option was arranged is not a valid value."},
  {"635", PP, 0, r635, "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1"},
  {"134", O3 | AD, 0, r134, "Data on adoption should not be entered for the OC3 cohort."},
  {"184", H | PA, 0, r184, "Date of decision that a child should be placed for adoption is before the child was born."},
  {"523", PA | AD, 0, r523, "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed)."},
  {"525", PA | AD, 0, r525, "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year."},
  {"582", E | AD, 0, r582, "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption."},
  {"601", E | AD, 0, r601, "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year."},
  {"602", E | AD, 0, r602, "The episode data submitted for this child does not show that he/she was adopted during the year."},
  {"117", E | PA, 0, r117, "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after."},
  {"118", E | PA, 0, r118, "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after."},
  {"331", E | AD, 0, r331, "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption."},
  {"334", E | AD, 0, r334, "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption. "},
  {"335", E | AD, 0, r335, "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6."},
  {"521", E | AD, 0, r521, "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption."},
  {"551", E | PA, 0, r551, "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption."},
  {"552", E | PA, 0, r552, "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption."},
  {"553", E | PA, 0, r553, "Placement order has been granted but there is no date of decision that the child should be placed for adoption."},
  {"554", E | PA, 0, r554, "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]"},
  {"557", E | PA, 0, r557, "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed."},
  {"558", E | PA, 0, r558, "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank."},
  {"1003", E | PA, 0, r1003, "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after."},
  {"630", E | PP, 0, r630, "Information on previous permanence option should be returned."},
  {"632", E | PP, 0, r632, "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year"},
  {"634", E | PP, 0, r634, "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards."},
  {0},
};
