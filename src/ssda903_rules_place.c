/*
** ssda903_rules_place.c: SSDA903 rules on where a child is placed: the
** postcodes, the distance from home and the placement's local authority
** (see ssda903.h; the derived PL_DISTANCE, PL_LA and PL_LOCATION come from
** ssda903_postcodes.c).
**
** Several rules exempt children who are or were unaccompanied asylum
** seekers. Like the peer, Oversight knows that only from this year's
** Header UASC column (or, with no Header, the UASC file's filled rows);
** when it cannot know, the distance rules report nothing rather than
** accuse every child.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ssda903.h"

#define SHORT_BREAK "V3 V4"

/* ssda903_postcodes.c: is the postcode in the table (never, with none)?
** Declared here because ssda903.h belongs to the framework. */
int postcodes903_known(const Postcodes903 *p, const char *zPostcode);

/* The children a return shows as UASC, as 1 in a[] (indexed by r's
** children: x may be last year's return r->pLast). */
static void mark_uasc(Return903 *r, const Return903 *x, unsigned char *a) {
  const T903 *h = &x->a[T_HEADER], *u = &x->a[T_UASC];
  const int *aMap = x == r ? NULL : r903_from_last(r);
  for (int i = 0; h->present && i < h->nRow; i++) {
    int c = aMap ? aMap[h->aChild[i]] : h->aChild[i];
    if (c >= 0 && !strcmp(c903(h, i, H_UASC), "1")) a[c] = 1;
  }
  for (int i = 0; !h->present && i < u->nRow; i++) {
    int c = aMap ? aMap[u->aChild[i]] : u->aChild[i];
    if (c >= 0 && (c903(u, i, U_SEX)[0] || c903(u, i, U_DOB)[0] || c903(u, i, U_DUC)[0])) a[c] = 1;
  }
}

/* Per child, 1 if the return shows them as UASC, this year or (given last
** year's return) last year: the DfE exempts a child UASC in either from
** the distance and postcode rules. NULL when this year's return cannot say
** (Header without its UASC column, or neither Header nor UASC given). */
static unsigned char *uasc_children(Return903 *r) {
  const T903 *h = &r->a[T_HEADER], *u = &r->a[T_UASC];
  if (h->present && !r->hasUasc) return NULL;
  if (!h->present && !u->present) return NULL;
  unsigned char *a = xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
  mark_uasc(r, r, a);
  if (r->pLast) mark_uasc(r, r->pLast, a);
  return a;
}

static int is_placed_in_la(const Return903 *r, int row) {
  const char *z = r->azPlLa[row];
  return z[0] && !strcmp(z, r->zLa);
}

/* 164: a distance outside 0.0 - 999.9 miles, unless UASC. */
static void check_164(Return903 *r) {
  unsigned char *aUasc = uasc_children(r);
  if (!aUasc) return;
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    double d = r->aDistance[i];
    if (!aUasc[e->aChild[i]] && !isnan(d) && (d < 0.0 || d > 999.9)) r903_fail(r, T_EPISODES, i);
  }
  free(aUasc);
}

/* 169: no placement LA, except for short breaks. */
static void check_169(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!in903(c903(e, i, E_LS), SHORT_BREAK) && !r->azPlLa[i][0]) r903_fail(r, T_EPISODES, i);
  }
}

/* 179: no placement location, except for short breaks. */
static void check_179(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!in903(c903(e, i, E_LS), SHORT_BREAK) && !r->azPlLocation[i][0]) r903_fail(r, T_EPISODES, i);
  }
}

/* 392a: no distance, except for short breaks and UASC. */
static void check_392a(Return903 *r) {
  unsigned char *aUasc = uasc_children(r);
  if (!aUasc) return;
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!aUasc[e->aChild[i]] && !in903(c903(e, i, E_LS), SHORT_BREAK) && isnan(r->aDistance[i]))
      r903_fail(r, T_EPISODES, i);
  }
  free(aUasc);
}

/* 392b: a postcode missing, except for short breaks and UASC (when the
** return can say who is UASC; otherwise every child is checked). */
static void check_392b(Return903 *r) {
  unsigned char *aUasc = uasc_children(r);
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (aUasc && aUasc[e->aChild[i]]) continue;
    if (in903(c903(e, i, E_LS), SHORT_BREAK)) continue;
    if (!c903(e, i, E_HOME_POST)[0] || !c903(e, i, E_PL_POST)[0]) r903_fail(r, T_EPISODES, i);
  }
  free(aUasc);
}

/* 392c: a postcode given that is not in the postcode table. */
static void check_392c(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zHome = c903(e, i, E_HOME_POST), *zPl = c903(e, i, E_PL_POST);
    if ((zHome[0] && !postcodes903_known(r->pPostcodes, zHome))
        || (zPl[0] && !postcodes903_known(r->pPostcodes, zPl)))
      r903_fail(r, T_EPISODES, i);
  }
}

/* 392d: home and placement postcodes the same (as written, both given),
** unless placed with parents (P1). */
static void check_392d(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zHome = c903(e, i, E_HOME_POST);
    if (strcmp(c903(e, i, E_PLACE), "P1") && zHome[0] && !strcmp(zHome, c903(e, i, E_PL_POST)))
      r903_fail(r, T_EPISODES, i);
  }
}

/* 398: a postcode given for a short break. */
static void check_398(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (in903(c903(e, i, E_LS), SHORT_BREAK) && (c903(e, i, E_HOME_POST)[0] || c903(e, i, E_PL_POST)[0]))
      r903_fail(r, T_EPISODES, i);
  }
}

/* 406: a distance for a child who is UASC. */
static void check_406(Return903 *r) {
  unsigned char *aUasc = uasc_children(r);
  if (!aUasc) return;
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (aUasc[e->aChild[i]] && !isnan(r->aDistance[i])) r903_fail(r, T_EPISODES, i);
  }
  free(aUasc);
}

/* 411: located IN the LA but the placement LA is another. */
static void check_411(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!strcmp(r->azPlLocation[i], "IN") && !is_placed_in_la(r, i)) r903_fail(r, T_EPISODES, i);
  }
}

/* 420: a placement LA for a short break. */
static void check_420(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (in903(c903(e, i, E_LS), SHORT_BREAK) && r->azPlLa[i][0]) r903_fail(r, T_EPISODES, i);
  }
}

/* 454: further than 350 miles (999.9 being the DfE's "not known"). */
static void check_454(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    double d = r->aDistance[i];
    if (!isnan(d) && d > 350 && d != 999.9) r903_fail(r, T_EPISODES, i);
  }
}

/* 1015: the LA's own provision (PR1), other than foster care, adoption and
** K3, must be in the LA; an unknown placement LA counts as elsewhere. */
static void check_1015(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zPlace = c903(e, i, E_PLACE), *zLs = c903(e, i, E_LS);
    if (!zPlace[0] || !zLs[0] || strcmp(c903(e, i, E_PLACE_PROVIDER), "PR1")) continue;
    if (in903(zPlace, "A3 A4 A5 A6 U1 U2 U3 U4 U5 U6 K3") || in903(zLs, SHORT_BREAK)) continue;
    if (!is_placed_in_la(r, i)) r903_fail(r, T_EPISODES, i);
  }
}

/* 214: a placement postcode or URN for a short break. */
static void check_214(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (in903(c903(e, i, E_LS), SHORT_BREAK) && (c903(e, i, E_PL_POST)[0] || c903(e, i, E_URN)[0]))
      r903_fail(r, T_EPISODES, i);
  }
}

const Rule903 aRules903Place[] = {
  {"164", TB(T_EPISODES), R903_POSTCODES, check_164,
   "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]"},
  {"169", TB(T_EPISODES), R903_POSTCODES, check_169,
   "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered."},
  {"179", TB(T_EPISODES), R903_POSTCODES, check_179, "Placement location code is not a valid code."},
  {"214", TB(T_EPISODES), 0, check_214, "Placement location information not required."},
  {"392a", TB(T_EPISODES), R903_POSTCODES, check_392a,
   "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]"},
  {"392b", TB(T_EPISODES), 0, check_392b,
   "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]"},
  {"392c", TB(T_EPISODES), R903_POSTCODES, check_392c, "Postcode(s) provided are invalid."},
  {"392d", TB(T_EPISODES), 0, check_392d, "Home and placement postcodes should not be same unless the placement type is P1."},
  {"398", TB(T_EPISODES), 0, check_398, "Distance field completed but child looked after under legal status V3 or V4."},
  {"406", TB(T_EPISODES), R903_POSTCODES, check_406,
   "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]"},
  {"411", TB(T_EPISODES), R903_POSTCODES, check_411, "Placement location code disagrees with LA of placement."},
  {"420", TB(T_EPISODES), R903_POSTCODES, check_420, "LA of placement completed but child is looked after under legal status V3 or V4."},
  {"454", TB(T_EPISODES), R903_POSTCODES, check_454,
   "Placement distance from home is over 350 miles. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]"},
  {"1015", TB(T_EPISODES), R903_POSTCODES, check_1015, "Placement provider is own provision but child not placed in own LA."},
  {0},
};
