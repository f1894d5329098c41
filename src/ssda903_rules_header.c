/*
** ssda903_rules_header.c: the SSDA903 rules about the child's Header row
** (sex, birth, ethnicity, UPN, motherhood), the UASC and Reviews tables'
** own fields, and the internal checks that every table's child is in the
** Header once with the same DOB and sex (see ssda903.h).
**
** Each rule reports the rows the peer validator (csc-validator-be-903,
** rule set lac2025_26) reports. Where the peer joins tables on CHILD, a
** child may have several rows on both sides (a duplicated Header row is
** itself an error, INT32, but the other rules still see every copy): the
** Chain below walks all of a child's rows in a table, so no rule ever
** compares every row with every row.
*/
#include "ssda903.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------------ */

/* The rows of table t for each child, in row order: aFirst[child] is the
** first (-1 if none), aNext[row] the next row of the same child (-1). */
typedef struct Chain { int *aFirst, *aNext; } Chain;

static void chain_build(Return903 *r, int t, Chain *c) {
  const T903 *tb = &r->a[t];
  int *aLast = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  c->aFirst = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
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

/* One byte per child, zeroed. */
static unsigned char *child_flags(const Return903 *r) {
  return xcalloc((size_t)(r->nChild ? r->nChild : 1), 1);
}

/* The peer's groupby("CHILD") leaves out rows whose CHILD is blank (NaN). */
static int blank_child(const Return903 *r, int t, int row) {
  return r->azChild[r->a[t].aChild[row]][0] == 0;
}

/* pd.to_numeric(errors="coerce") == v: "1", "1.0", "01" are all 1. */
static int num_is(const char *z, double v) {
  if (!z[0] || strpbrk(z, "xXpP")) return 0;   /* no hexadecimal, as pandas */
  char *zEnd;
  double d = strtod(z, &zEnd);
  return *zEnd == 0 && d == v;
}

/* d + n years, false (like NaT) when d is not a date. */
static Date add_years(Date d, int n) {
  return d == DATE_NONE ? DATE_NONE : r903_add_years(d, n);
}
static int date_gt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a > b; }
static int date_lt(Date a, Date b) { return a != DATE_NONE && b != DATE_NONE && a < b; }

/* Every row of table t failing a test of that row alone. */
#define EACH_ROW(t, i) for (int i = 0, n_ = r->a[t].nRow; i < n_; i++)

/* ---- Header fields --------------------------------------------------------------- */

/* 101: SEX is M, F or U (the 2024/25 codes; 1/2 before). */
static void r101(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) if (!in903(c903(h, i, H_SEX), "M F U")) r903_fail(r, T_HEADER, i);
}

/* 102: DOB a valid date; blank fails too. */
static void r102(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) if (d903(h, i, H_DOB) == DATE_NONE) r903_fail(r, T_HEADER, i);
}

static void r103(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  static const char zEthnic[] = "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN "
                                "AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT";
  EACH_ROW(T_HEADER, i) if (!in903(c903(h, i, H_ETHNIC), zEthnic)) r903_fail(r, T_HEADER, i);
}

/* 105: only a return given as XML states UASC itself; from CSV files the
** column is derived from uasc.csv and is always 0 or 1, and without that
** file there is no column (the peer skips the rule for CSV). */
static void r105(Return903 *r) {
  if (!r->hasUasc) return;
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    const char *z = c903(h, i, H_UASC);
    if (!num_is(z, 0) && !num_is(z, 1)) r903_fail(r, T_HEADER, i);
  }
}

/* A letter (not I, O or S) and 12 digits, or 11 digits and a letter; or an
** "unknown" code UN1-UN5. */
static int upn_valid(const char *z) {
  if (strlen(z) == 3) return in903(z, "UN1 UN2 UN3 UN4 UN5");
  if (strlen(z) != 13 || z[0] < 'A' || z[0] > 'Z' || strchr("IOS", z[0])) return 0;
  for (int i = 1; i < 12; i++)
    if (z[i] < '0' || z[i] > '9') return 0;
  return (z[12] >= '0' && z[12] <= '9') || (z[12] >= 'A' && z[12] <= 'Z');
}

static void r168(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    const char *z = c903(h, i, H_UPN);
    if (z[0] && !upn_valid(z)) r903_fail(r, T_HEADER, i);
  }
}

static void r171(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) if (bad_date903(h, i, H_MC_DOB)) r903_fail(r, T_HEADER, i);
}

/* 174: a boy with a child's date of birth (any text counts as recorded). */
static void r174(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    if (strcmp(c903(h, i, H_SEX), "M") == 0 && c903(h, i, H_MC_DOB)[0]) r903_fail(r, T_HEADER, i);
  }
}

/* 209: of school age by 31 August of the year before the collection year
** starts (the peer's and the DfE's reading: 31/08/2024 for 2025/26), so
** UN1 ("not yet assigned at birth") no longer applies. */
static void r209(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  int y, m, d;
  date_to_ymd(r->start, &y, &m, &d);
  Date ref = date_from_ymd(y - 1, 8, 31);
  EACH_ROW(T_HEADER, i) {
    Date dob4 = add_years(d903(h, i, H_DOB), 4);
    if (dob4 != DATE_NONE && dob4 <= ref && strcmp(c903(h, i, H_UPN), "UN1") == 0)
      r903_fail(r, T_HEADER, i);
  }
}

/* 210: UN4 ("not obtained yet") is for children who came into care in the
** last week of the year: any episode starting on or after 24 March fails. */
static void r210(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int y, m, d;
  date_to_ymd(r->end, &y, &m, &d);
  Date ref = date_from_ymd(y, 3, 24);
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  EACH_ROW(T_EPISODES, i) {
    Date decom = d903(e, i, E_DECOM);
    if (decom == DATE_NONE || decom < ref) continue;
    for (int j = hc.aFirst[e->aChild[i]]; j >= 0; j = hc.aNext[j]) {
      if (strcmp(c903(h, j, H_UPN), "UN4") == 0) {
        r903_fail(r, T_EPISODES, i);
        r903_fail(r, T_HEADER, j);
      }
    }
  }
  chain_free(&hc);
}

/* 231: a UASC child under 11 at the end of the year (DOB after end - 11y).
** The peer reads a column UASC_STATUS that its Header does not have, so it
** never reports this rule; we follow the DfE rule on the UASC column. */
static void r231(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  Date limit = r903_add_years(r->end, -11);
  EACH_ROW(T_HEADER, i) {
    if (date_gt(d903(h, i, H_DOB), limit) && strcmp(c903(h, i, H_UASC), "1") == 0)
      r903_fail(r, T_HEADER, i);
  }
}

static void r232(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) if (strcmp(c903(h, i, H_SEX), "U") == 0) r903_fail(r, T_HEADER, i);
}

static void r301(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) if (date_gt(d903(h, i, H_DOB), r->end)) r903_fail(r, T_HEADER, i);
}

/* 351: 25th birthday before the collection year started. */
static void r351(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    if (date_lt(add_years(d903(h, i, H_DOB), 25), r->start)) r903_fail(r, T_HEADER, i);
  }
}

/* 444: a real UPN (not blank, not UN1-UN5) on more than one Header row.
** Sorting the UPNs keeps it n log n. */
typedef struct UpnRow { const char *z; int row; } UpnRow;
static int cmp_upn(const void *a, const void *b) {
  const UpnRow *x = a, *y = b;
  int c = strcmp(x->z, y->z);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}
static void r444(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  UpnRow *a = xmalloc(sizeof(UpnRow) * (size_t)(h->nRow ? h->nRow : 1));
  int n = 0;
  EACH_ROW(T_HEADER, i) {
    const char *z = c903(h, i, H_UPN);
    if (z[0] && !in903(z, "UN1 UN2 UN3 UN4 UN5")) a[n++] = (UpnRow){z, i};
  }
  if (n) qsort(a, (size_t)n, sizeof(*a), cmp_upn);
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && strcmp(a[i].z, a[j].z) == 0) j++;
    if (j - i > 1)
      for (int k = i; k < j; k++) r903_fail(r, T_HEADER, a[k].row);
    i = j;
  }
  free(a);
}

/* 611: a mother without her child's date of birth. */
static void r611(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    if (strcmp(c903(h, i, H_MOTHER), "1") == 0 && !c903(h, i, H_MC_DOB)[0]) r903_fail(r, T_HEADER, i);
  }
}

/* 612: a girl with a child's date of birth but MOTHER 0 or blank. */
static void r612(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    const char *zM = c903(h, i, H_MOTHER);
    if ((!zM[0] || strcmp(zM, "0") == 0) && strcmp(c903(h, i, H_SEX), "F") == 0 &&
        c903(h, i, H_MC_DOB)[0])
      r903_fail(r, T_HEADER, i);
  }
}

/* 620: a mother whose 11th birthday is after the collection year started. */
static void r620(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    if (strcmp(c903(h, i, H_MOTHER), "1") == 0 && date_gt(add_years(d903(h, i, H_DOB), 11), r->start))
      r903_fail(r, T_HEADER, i);
  }
}

/* 621: the mother's child born on or before the mother. */
static void r621(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  EACH_ROW(T_HEADER, i) {
    Date mc = d903(h, i, H_MC_DOB), dob = d903(h, i, H_DOB);
    if (mc != DATE_NONE && dob != DATE_NONE && mc <= dob) r903_fail(r, T_HEADER, i);
  }
}

/* 625: the mother's child born after the year ended or after the child's
** latest episode ended. The latest episode is the one with the latest DEC
** (the first such row on a tie); children with no ended episode are not
** checked at all, as in the peer. */
static void r625(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  int *aLatest = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int k = 0; k < r->nChild; k++) aLatest[k] = -1;
  EACH_ROW(T_EPISODES, i) {
    Date dec = d903(e, i, E_DEC);
    if (dec == DATE_NONE || blank_child(r, T_EPISODES, i)) continue;
    int *p = &aLatest[e->aChild[i]];
    if (*p < 0 || dec > d903(e, *p, E_DEC)) *p = i;
  }
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  for (int k = 0; k < r->nChild; k++) {
    int ep = aLatest[k];
    if (ep < 0) continue;
    for (int j = hc.aFirst[k]; j >= 0; j = hc.aNext[j]) {
      Date mc = d903(h, j, H_MC_DOB);
      if (date_gt(mc, r->end) || date_gt(mc, d903(e, ep, E_DEC))) {
        r903_fail(r, T_HEADER, j);
        r903_fail(r, T_EPISODES, ep);
      }
    }
  }
  chain_free(&hc);
  free(aLatest);
}

/* ---- Motherhood against episodes ------------------------------------------------- */

/* Children with an episode whose legal status is not V3/V4 (short breaks):
** a blank LS counts, as the peer's isin() is false for it. */
static unsigned char *looked_after(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  unsigned char *a = child_flags(r);
  EACH_ROW(T_EPISODES, i) if (!in903(c903(e, i, E_LS), "V3 V4")) a[e->aChild[i]] = 1;
  return a;
}

/* 393: a looked-after girl with MOTHER blank. */
static void r393(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  unsigned char *aLa = looked_after(r);
  EACH_ROW(T_HEADER, i) {
    if (strcmp(c903(h, i, H_SEX), "F") == 0 && aLa[h->aChild[i]] && !c903(h, i, H_MOTHER)[0])
      r903_fail(r, T_HEADER, i);
  }
  free(aLa);
}

/* 442: a looked-after child with UPN blank. */
static void r442(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  unsigned char *aLa = looked_after(r);
  EACH_ROW(T_HEADER, i) {
    if (aLa[h->aChild[i]] && !c903(h, i, H_UPN)[0]) r903_fail(r, T_HEADER, i);
  }
  free(aLa);
}

/* 607: an episode ending care in the year (DEC in the year, REC given and
** not X1, LS not V3/V4) of a girl whose MOTHER is blank: both rows fail. */
static void r607(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES], *h = &r->a[T_HEADER];
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  EACH_ROW(T_EPISODES, i) {
    Date dec = d903(e, i, E_DEC);
    const char *zRec = c903(e, i, E_REC);
    if (dec == DATE_NONE || dec < r->start || dec > r->end || !zRec[0] || strcmp(zRec, "X1") == 0 ||
        in903(c903(e, i, E_LS), "V3 V4"))
      continue;
    for (int j = hc.aFirst[e->aChild[i]]; j >= 0; j = hc.aNext[j]) {
      if (strcmp(c903(h, j, H_SEX), "F") == 0 && !c903(h, j, H_MOTHER)[0]) {
        r903_fail(r, T_EPISODES, i);
        r903_fail(r, T_HEADER, j);
      }
    }
  }
  chain_free(&hc);
}

/* 399: a child whose every episode is a short break (V3/V4) should have no
** MOTHER and no reviews. As the peer joins the child's episodes, Header rows
** and Reviews rows, a row fails when it, or a row on the other side of the
** join (Header against Reviews), carries the data: every episode when
** either does. */
static void r399(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES], *h = &r->a[T_HEADER], *v = &r->a[T_REVIEWS];
  enum { HAS_EP = 1, NOT_BREAK = 2, MOTHER = 4, REVIEW = 8 };
  unsigned char *a = child_flags(r);
  EACH_ROW(T_EPISODES, i) {
    if (blank_child(r, T_EPISODES, i)) continue;
    a[e->aChild[i]] |= HAS_EP | (in903(c903(e, i, E_LS), "V3 V4") ? 0 : NOT_BREAK);
  }
  EACH_ROW(T_HEADER, i) if (c903(h, i, H_MOTHER)[0]) a[h->aChild[i]] |= MOTHER;
  EACH_ROW(T_REVIEWS, i) {
    if (c903(v, i, R_REVIEW)[0] || c903(v, i, R_REVIEW_CODE)[0]) a[v->aChild[i]] |= REVIEW;
  }
#define BREAKS_ONLY(f) (((f) & (HAS_EP | NOT_BREAK)) == HAS_EP)
  EACH_ROW(T_EPISODES, i) {
    unsigned f = a[e->aChild[i]];
    if (BREAKS_ONLY(f) && (f & (MOTHER | REVIEW))) r903_fail(r, T_EPISODES, i);
  }
  EACH_ROW(T_HEADER, i) {
    unsigned f = a[h->aChild[i]];
    if (BREAKS_ONLY(f) && (c903(h, i, H_MOTHER)[0] || (f & REVIEW))) r903_fail(r, T_HEADER, i);
  }
  EACH_ROW(T_REVIEWS, i) {
    unsigned f = a[v->aChild[i]];
    if (BREAKS_ONLY(f) && (c903(v, i, R_REVIEW)[0] || c903(v, i, R_REVIEW_CODE)[0] || (f & MOTHER)))
      r903_fail(r, T_REVIEWS, i);
  }
#undef BREAKS_ONLY
  free(a);
}

/* ---- UASC ------------------------------------------------------------------------- */

/* 104: DUC filled but not a date, or before the collection year. */
static void r104(Return903 *r) {
  const T903 *u = &r->a[T_UASC];
  EACH_ROW(T_UASC, i) {
    if (bad_date903(u, i, U_DUC) || date_lt(d903(u, i, U_DUC), r->start)) r903_fail(r, T_UASC, i);
  }
}

/* 303: a UASC row with DUC whose child's Header says not UASC. From CSV
** files the Header's UASC is derived from uasc.csv, so only an XML return
** can fail. */
static void r303(Return903 *r) {
  if (!r->hasUasc) return;
  const T903 *u = &r->a[T_UASC], *h = &r->a[T_HEADER];
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  EACH_ROW(T_UASC, i) {
    if (!c903(u, i, U_DUC)[0]) continue;
    for (int j = hc.aFirst[u->aChild[i]]; j >= 0; j = hc.aNext[j]) {
      if (!num_is(c903(h, j, H_UASC), 1)) {
        r903_fail(r, T_UASC, i);
        r903_fail(r, T_HEADER, j);
      }
    }
  }
  chain_free(&hc);
}

/* 304: DUC after the 18th birthday (UASC's own DOB). */
static void r304(Return903 *r) {
  const T903 *u = &r->a[T_UASC];
  EACH_ROW(T_UASC, i) {
    if (date_gt(d903(u, i, U_DUC), add_years(d903(u, i, U_DOB), 18))) r903_fail(r, T_UASC, i);
  }
}

/* ---- Reviews ---------------------------------------------------------------------- */

static void r166(Return903 *r) {
  const T903 *v = &r->a[T_REVIEWS];
  EACH_ROW(T_REVIEWS, i) if (d903(v, i, R_REVIEW) == DATE_NONE) r903_fail(r, T_REVIEWS, i);
}

/* 167: a review needs a PN code, and a code needs a review; a row with
** neither passes. */
static void r167(Return903 *r) {
  const T903 *v = &r->a[T_REVIEWS];
  EACH_ROW(T_REVIEWS, i) {
    const char *zDate = c903(v, i, R_REVIEW), *zCode = c903(v, i, R_REVIEW_CODE);
    int ok = zDate[0] ? in903(zCode, "PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7") : !zCode[0];
    if (!ok) r903_fail(r, T_REVIEWS, i);
  }
}

/* 440: PN0 (under 4) at a review after the 4th birthday; the birthday
** itself is still "under 4" here, as in the peer. */
static void r440(Return903 *r) {
  const T903 *v = &r->a[T_REVIEWS];
  EACH_ROW(T_REVIEWS, i) {
    if (strcmp(c903(v, i, R_REVIEW_CODE), "PN0") == 0 &&
        date_gt(d903(v, i, R_REVIEW), add_years(d903(v, i, R_DOB), 4)))
      r903_fail(r, T_REVIEWS, i);
  }
}

/* 441: PN1-PN7 (4 or over) at a review before the 4th birthday. */
static void r441(Return903 *r) {
  const T903 *v = &r->a[T_REVIEWS];
  EACH_ROW(T_REVIEWS, i) {
    if (in903(c903(v, i, R_REVIEW_CODE), "PN1 PN2 PN3 PN4 PN5 PN6 PN7") &&
        date_lt(d903(v, i, R_REVIEW), add_years(d903(v, i, R_DOB), 4)))
      r903_fail(r, T_REVIEWS, i);
  }
}

/* ---- Internal checks -------------------------------------------------------------- */

/* EPI: a Header child with neither episodes nor an OC3 (care leaver) row. */
static void rEPI(Return903 *r) {
  const T903 *h = &r->a[T_HEADER];
  unsigned char *a = child_flags(r);
  EACH_ROW(T_EPISODES, i) a[r->a[T_EPISODES].aChild[i]] = 1;
  EACH_ROW(T_OC3, i) a[r->a[T_OC3].aChild[i]] = 1;
  EACH_ROW(T_HEADER, i) if (!a[h->aChild[i]]) r903_fail(r, T_HEADER, i);
  free(a);
}

/* INT03, INT08, INT09: a row whose child has no Header row. */
static void not_in_header(Return903 *r, int t) {
  EACH_ROW(t, i) if (head903(r, t, i) < 0) r903_fail(r, t, i);
}
static void rINT01(Return903 *r) { not_in_header(r, T_AD1); }
static void rINT02(Return903 *r) { not_in_header(r, T_PLACED); }
static void rINT03(Return903 *r) { not_in_header(r, T_EPISODES); }
static void rINT04(Return903 *r) { not_in_header(r, T_MISSING); }
static void rINT05(Return903 *r) { not_in_header(r, T_OC2); }
static void rINT06(Return903 *r) { not_in_header(r, T_OC3); }
static void rINT07(Return903 *r) { not_in_header(r, T_PREVPERM); }
static void rINT08(Return903 *r) { not_in_header(r, T_REVIEWS); }
static void rINT09(Return903 *r) { not_in_header(r, T_UASC); }

/* INT11-INT18, INT21: a row whose column differs from that of any of the
** child's Header rows, both given (dates: both valid). */
static void differs_from_header(Return903 *r, int t, int col, int hcol, int isDate) {
  const T903 *tb = &r->a[t], *h = &r->a[T_HEADER];
  Chain hc;
  chain_build(r, T_HEADER, &hc);
  EACH_ROW(t, i) {
    for (int j = hc.aFirst[tb->aChild[i]]; j >= 0; j = hc.aNext[j]) {
      int diff;
      if (isDate) {
        Date a = d903(tb, i, col), b = d903(h, j, hcol);
        diff = a != DATE_NONE && b != DATE_NONE && a != b;
      } else {
        const char *a = c903(tb, i, col), *b = c903(h, j, hcol);
        diff = a[0] && b[0] && strcmp(a, b) != 0;
      }
      if (diff) {
        r903_fail(r, t, i);
        break;
      }
    }
  }
  chain_free(&hc);
}
/* Every table but Episodes has the child's DOB in column 1. */
static void rINT11(Return903 *r) { differs_from_header(r, T_AD1, A_DOB, H_DOB, 1); }
static void rINT12(Return903 *r) { differs_from_header(r, T_PLACED, PA_DOB, H_DOB, 1); }
static void rINT13(Return903 *r) { differs_from_header(r, T_MISSING, M_DOB, H_DOB, 1); }
static void rINT14(Return903 *r) { differs_from_header(r, T_OC2, O2_DOB, H_DOB, 1); }
static void rINT15(Return903 *r) { differs_from_header(r, T_OC3, O3_DOB, H_DOB, 1); }
static void rINT16(Return903 *r) { differs_from_header(r, T_PREVPERM, PP_DOB, H_DOB, 1); }
static void rINT17(Return903 *r) { differs_from_header(r, T_REVIEWS, R_DOB, H_DOB, 1); }
static void rINT18(Return903 *r) { differs_from_header(r, T_UASC, U_DOB, H_DOB, 1); }
static void rINT21(Return903 *r) { differs_from_header(r, T_UASC, U_SEX, H_SEX, 0); }

/* INT31-INT36: a child on more than one row (blank CHILD not counted). */
static void duplicated(Return903 *r, int t) {
  int *aN = xcalloc((size_t)(r->nChild ? r->nChild : 1), sizeof(int));
  EACH_ROW(t, i) aN[r->a[t].aChild[i]]++;
  EACH_ROW(t, i) if (aN[r->a[t].aChild[i]] > 1 && !blank_child(r, t, i)) r903_fail(r, t, i);
  free(aN);
}
static void rINT31(Return903 *r) { duplicated(r, T_AD1); }
static void rINT32(Return903 *r) { duplicated(r, T_HEADER); }
static void rINT33(Return903 *r) { duplicated(r, T_OC2); }
static void rINT34(Return903 *r) { duplicated(r, T_OC3); }
static void rINT35(Return903 *r) { duplicated(r, T_PREVPERM); }
static void rINT36(Return903 *r) { duplicated(r, T_UASC); }

/* ---- The table -------------------------------------------------------------------- */
#define H TB(T_HEADER)
#define E TB(T_EPISODES)
#define V TB(T_REVIEWS)
#define U TB(T_UASC)
#define O2 TB(T_OC2)
#define O3 TB(T_OC3)
#define AD TB(T_AD1)
#define PA TB(T_PLACED)
#define PP TB(T_PREVPERM)
#define MI TB(T_MISSING)

const Rule903 aRules903Header[] = {
  {"101", H, 0, r101, "The child or young person’s reported sex is not valid."},
  {"102", H, 0, r102, "Date of birth is not a valid date."},
  {"103", H, 0, r103, "The ethnicity code is either not valid or has not been entered."},
  {"104", U, 0, r104, "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."},
  {"105", H, 0, r105, "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been completed."},
  {"166", V, 0, r166, "Date of review is invalid or blank."},
  {"167", V, 0, r167, "Data entry for participation is invalid or blank."},
  {"168", H, 0, r168, "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5."},
  {"171", H, 0, r171, "Date of birth of mother's child is not a valid date."},
  {"174", H, 0, r174, "Mother's child date of birth is recorded but sex shows that the child is a male."},
  {"209", H, 0, r209, "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1."},
  {"210", H | E, 0, r210, "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4."},
  {"231", H, 0, r231, "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request."},
  {"232", H, 0, r232, "Sex of the child/young person has been reported as unknown."},
  {"301", H, 0, r301, "Date of birth falls after the year ended."},
  {"303", U | H, 0, r303, "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1."},
  {"304", U, 0, r304, "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child."},
  {"351", H, 0, r351, "Child was over 25 at the start of the current collection year."},
  {"393", H | E, 0, r393, "Child is looked after but mother field is not completed."},
  {"399", E | H | V, 0, r399, "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4."},
  {"440", V, 0, r440, "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over."},
  {"441", V, 0, r441, "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old."},
  {"442", E | H, 0, r442, "Unique Pupil Number (UPN) field is not completed."},
  {"444", H, 0, r444, "Duplicate UPN has been reported"},
  {"607", E | H, 0, r607, "Child ceased to be looked after in the year, but mother field has not been completed."},
  {"611", H, 0, r611, "Date of birth field is blank, but child is a mother."},
  {"612", H, 0, r612, "Date of birth field has been completed but mother field indicates child is not a mother."},
  {"620", H, 0, r620, "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age."},
  {"621", H, 0, r621, "Mother’s field has been completed but date of birth shows that the mother is younger than her child."},
  {"625", E | H, 0, r625, "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after."},
  {"EPI", H, 0, rEPI, "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]"},
  {"INT01", H | AD, 0, rINT01, "Data Integrity Check: Child in AD1 does not exist in Header."},
  {"INT02", H | PA, 0, rINT02, "Internal Check: Child in PlacedAdoption does not exist in Header."},
  {"INT03", H | E, 0, rINT03, "Internal Check: Child in Episodes does not exist in Header."},
  {"INT04", H | MI, 0, rINT04, "Internal Check: Child in Missing does not exist in Header."},
  {"INT05", H | O2, 0, rINT05, "Internal Check: Child in OC2 does not exist in Header."},
  {"INT06", H | O3, 0, rINT06, "Internal Check: Child in OC3 does not exist in Header."},
  {"INT07", H | PP, 0, rINT07, "Internal Check: Child in PrevPerm does not exist in Header."},
  {"INT08", H | V, 0, rINT08, "Internal Check: Child in Reviews does not exist in Header."},
  {"INT09", H | U, 0, rINT09, "Internal Check: Child in UASC does not exist in Header."},
  {"INT11", H | AD, 0, rINT11, "Internal Check: DOB in AD1 is different to DOB in Header."},
  {"INT12", H | PA, 0, rINT12, "Internal Check: DOB in PlacedAdoption is different to DOB in Header."},
  {"INT13", H | MI, 0, rINT13, "Internal Check: DOB in Missing is different to DOB in Header."},
  {"INT14", H | O2, 0, rINT14, "Internal Check: DOB in OC2 is different to DOB in Header."},
  {"INT15", H | O3, 0, rINT15, "Internal Check: DOB in OC3 is different to DOB in Header."},
  {"INT16", H | PP, 0, rINT16, "Internal Check: DOB in PrevPerm is different to DOB in Header."},
  {"INT17", H | V, 0, rINT17, "Internal Check: DOB in Reviews is different to DOB in Header."},
  {"INT18", H | U, 0, rINT18, "Internal Check: DOB in UASC is different to DOB in Header."},
  {"INT21", H | U, 0, rINT21, "Internal Check: SEX in UASC is different to SEX in Header."},
  {"INT31", AD, 0, rINT31, "Internal Check: Child should only exist once in AD1."},
  {"INT32", H, 0, rINT32, "Internal Check: Child should only exist once in Header."},
  {"INT33", O2, 0, rINT33, "Internal Check: Child should only exist once in OC2."},
  {"INT34", O3, 0, rINT34, "Internal Check: Child should only exist once in OC3."},
  {"INT35", PP, 0, rINT35, "Internal Check: Child should only exist once in PrevPerm."},
  {"INT36", U, 0, rINT36, "Internal Check: Child should only exist once in UASC."},
  {0},
};
