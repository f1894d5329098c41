/*
** ssda903_store.c: load an SSDA903 return into children, episodes and
** reviews, and write the return back out (issue 6).
**
** The load is all or nothing. Every row is first checked against what the
** database needs (s903_check): a code outside a CHECK constraint, a date
** that is not one, a child missing from the Header. Any such row stops the
** whole import before the transaction starts, and every one is listed, so
** the council fixes them all in one pass. The DfE's own rules are another
** matter (r903_validate): they are data-quality findings, and a return
** failing them can still be loaded.
*/
#include "ssda903_store.h"
#include "placements.h"

#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const az903File[T_COUNT] = {
  "header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv",
  "placed_for_adoption.csv", "previous_permanence.csv", "missing.csv", "sw_episodes.csv", "dolo.csv",
};
/* ssda903_row.kind of the kept tables, T_OC2 onwards. */
static const char *const azKind[T_COUNT] = {
  NULL, NULL, NULL, NULL, "oc2", "oc3", "ad1", "placed_for_adoption", "previous_permanence", "missing",
  "sw_episodes", "dolo",
};

/* The code lists the database's CHECK constraints allow (001_initial.sql). */
#define SEX_CODES "M F U 1 2"
#define ETHNIC_CODES \
  "WBRI WIRI WIRT WROM WOTH MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT"
#define RNE_CODES "S L P T B U"
#define LS_CODES "C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4"
#define CIN_CODES "N1 N2 N3 N4 N5 N6 N7 N8"
#define PLACE_CODES \
  "A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1 Z11 Z12 Z13 Z14"
#define PROVIDER_CODES "PR0 PR1 PR2 PR3 PR4 PR5"
#define PN_CODES "PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7"

/* ---- Checking ------------------------------------------------------------------ */

static void bad(Buf *pErr, const Return903 *r, int t, int row, const char *fmt, ...) PRINTF_LIKE(5, 6);
static void bad(Buf *pErr, const Return903 *r, int t, int row, const char *fmt, ...) {
  const T903 *tb = &r->a[t];
  buf_printf(pErr, "%s line %d: ", tb->zFile ? tb->zFile : az903File[t], tb->aLine[row]);
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(pErr, fmt, ap);
  va_end(ap);
  buf_putc(pErr, '\n');
}

/* A code column: required, or blank allowed. */
static int check_code(Buf *pErr, const Return903 *r, int t, int row, int col, const char *zList,
                      const char *zWhat, int required) {
  const char *z = c903(&r->a[t], row, col);
  if (!z[0]) {
    if (!required) return 0;
    bad(pErr, r, t, row, "%s is blank: every row needs %s", aa903Col[t][col], zWhat);
    return 1;
  }
  if (in903(z, zList)) return 0;
  bad(pErr, r, t, row, "%s '%s' is not %s", aa903Col[t][col], z, zWhat);
  return 1;
}

static int check_date(Buf *pErr, const Return903 *r, int t, int row, int col, int required) {
  const T903 *tb = &r->a[t];
  if (bad_date903(tb, row, col)) {
    bad(pErr, r, t, row, "%s '%s' is not a date (DD/MM/YYYY)", aa903Col[t][col], c903(tb, row, col));
    return 1;
  }
  if (required && !c903(tb, row, col)[0]) {
    bad(pErr, r, t, row, "%s is blank: every row needs one", aa903Col[t][col]);
    return 1;
  }
  return 0;
}

static int check_child(Buf *pErr, Return903 *r, int t, int row) {
  if (!c903(&r->a[t], row, 0)[0]) {
    bad(pErr, r, t, row, "CHILD is blank");
    return 1;
  }
  if (head903(r, t, row) < 0) {
    bad(pErr, r, t, row, "CHILD '%s' is not in the header file", c903(&r->a[t], row, 0));
    return 1;
  }
  return 0;
}

/* Two rows of one child on the same date of column col cannot both be held
** (the database keeps one episode per start date, one review per day). */
static int check_twice(Buf *pErr, Return903 *r, int t, int col, const char *zWhat) {
  int n, nBad = 0;
  const int *ord = r903_order(r, t, col, &n);
  const T903 *tb = &r->a[t];
  for (int i = 1; i < n; i++) {
    int a = ord[i - 1], b = ord[i];
    if (tb->aChild[a] != tb->aChild[b] || d903(tb, a, col) == DATE_NONE || d903(tb, a, col) != d903(tb, b, col)) continue;
    int first = tb->aLine[a] < tb->aLine[b] ? a : b, second = first == a ? b : a;
    bad(pErr, r, t, second, "a second %s of child %s on %s (the first is line %d)", zWhat, c903(tb, a, 0),
        c903(tb, a, col), tb->aLine[first]);
    nBad++;
  }
  return nBad;
}

int s903_check(Return903 *r, Buf *pErr) {
  int nBad = 0;
  if (!r->a[T_HEADER].present) {
    buf_puts(pErr, "There is no header file (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB): every child "
                   "of the return must be in it.\n");
    return 1;
  }
  const T903 *h = &r->a[T_HEADER];
  for (int i = 0; i < h->nRow; i++) {
    if (!c903(h, i, H_CHILD)[0]) {
      bad(pErr, r, T_HEADER, i, "CHILD is blank");
      nBad++;
    } else if (head903(r, T_HEADER, i) != i) {
      bad(pErr, r, T_HEADER, i, "child %s is in the header file twice (the first is line %d)", c903(h, i, H_CHILD),
          h->aLine[head903(r, T_HEADER, i)]);
      nBad++;
    }
    nBad += check_code(pErr, r, T_HEADER, i, H_SEX, SEX_CODES, "a sex code (M, F or U)", 1);
    nBad += check_date(pErr, r, T_HEADER, i, H_DOB, 1);
    nBad += check_code(pErr, r, T_HEADER, i, H_ETHNIC, ETHNIC_CODES, "an ethnicity code", 0);
    nBad += check_date(pErr, r, T_HEADER, i, H_MC_DOB, 0);
  }
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    nBad += check_child(pErr, r, T_EPISODES, i);
    nBad += check_date(pErr, r, T_EPISODES, i, E_DECOM, 1);
    nBad += check_code(pErr, r, T_EPISODES, i, E_RNE, RNE_CODES, "a reason for a new episode", 1);
    nBad += check_code(pErr, r, T_EPISODES, i, E_LS, LS_CODES, "a legal status code", 1);
    nBad += check_code(pErr, r, T_EPISODES, i, E_CIN, CIN_CODES, "a category of need", 1);
    nBad += check_code(pErr, r, T_EPISODES, i, E_PLACE, PLACE_CODES, "a placement code", 1);
    nBad += check_code(pErr, r, T_EPISODES, i, E_PLACE_PROVIDER, PROVIDER_CODES, "a placement provider code", 0);
    int decBad = check_date(pErr, r, T_EPISODES, i, E_DEC, 0);
    nBad += decBad;
    int hasDec = c903(e, i, E_DEC)[0] != 0, hasRec = c903(e, i, E_REC)[0] != 0;
    if (hasDec != hasRec) {
      bad(pErr, r, T_EPISODES, i, hasDec ? "DEC is given but REC is blank: an episode that ended needs both"
                                         : "REC is given but DEC is blank: an episode that ended needs both");
      nBad++;
    } else if (!decBad && hasDec && d903(e, i, E_DECOM) != DATE_NONE && d903(e, i, E_DEC) < d903(e, i, E_DECOM)) {
      bad(pErr, r, T_EPISODES, i, "DEC %s is before DECOM %s", c903(e, i, E_DEC), c903(e, i, E_DECOM));
      nBad++;
    }
  }
  if (e->present) nBad += check_twice(pErr, r, T_EPISODES, E_DECOM, "episode");
  const T903 *v = &r->a[T_REVIEWS];
  for (int i = 0; i < v->nRow; i++) {
    nBad += check_child(pErr, r, T_REVIEWS, i);
    nBad += check_date(pErr, r, T_REVIEWS, i, R_REVIEW, 1);
    nBad += check_code(pErr, r, T_REVIEWS, i, R_REVIEW_CODE, PN_CODES, "a participation code (PN0 to PN7)", 0);
  }
  if (v->present) nBad += check_twice(pErr, r, T_REVIEWS, R_REVIEW, "review");
  const T903 *u = &r->a[T_UASC];
  for (int i = 0; i < u->nRow; i++) {
    nBad += check_child(pErr, r, T_UASC, i);
    nBad += check_date(pErr, r, T_UASC, i, U_DUC, 0);
  }
  for (int t = T_OC2; t < T_COUNT; t++)
    for (int i = 0; i < r->a[t].nRow; i++) nBad += check_child(pErr, r, t, i);
  return nBad;
}

/* ---- Loading ------------------------------------------------------------------- */

int s903_guess_year(const Return903 *r) {
  Date last = DATE_NONE;
  const T903 *e = &r->a[T_EPISODES], *v = &r->a[T_REVIEWS];
  for (int i = 0; i < e->nRow; i++) {
    Date a = d903(e, i, E_DECOM), b = d903(e, i, E_DEC);
    if (a != DATE_NONE && (last == DATE_NONE || a > last)) last = a;
    if (b != DATE_NONE && (last == DATE_NONE || b > last)) last = b;
  }
  for (int i = 0; i < v->nRow; i++) {
    Date a = d903(v, i, R_REVIEW);
    if (a != DATE_NONE && (last == DATE_NONE || a > last)) last = a;
  }
  if (last == DATE_NONE) return 0;
  int y, m, d;
  date_to_ymd(last, &y, &m, &d);
  return m >= 4 ? y + 1 : y;
}

/* A value of the DfE's return, written as it came: the return's codes,
** dates and IDs go to the DfE's systems, not to a spreadsheet, and an
** import and export must give the same bytes back (docs/ssda903-import.md,
** "Cells that begin with = + - @"), so no cell is given a leading quote. */
static void cell903(Buf *b, const char *z) { buf_csv_cell(b, z, CSV_AS_IS); }

void s903_import_summary(const Import903 *p, Buf *pOut) {
  buf_printf(pOut, "%d child%s (%d new), %d episode%s (%d new), %d review%s (%d new), %d UASC record%s, %d other row%s",
             p->nChild, p->nChild == 1 ? "" : "ren", p->nChildNew, p->nEpisode, p->nEpisode == 1 ? "" : "s",
             p->nEpisodeNew, p->nReview, p->nReview == 1 ? "" : "s", p->nReviewNew, p->nUasc,
             p->nUasc == 1 ? "" : "s", p->nKept, p->nKept == 1 ? "" : "s");
}

int s903_import(Db *db, Return903 *r, const char *zActor, Import903 *pOut, Buf *pErr, Progress903 xProgress,
                void *pArg) {
  return s903_sync(db, r, zActor, pOut, NULL, 0, pErr, xProgress, pArg);
}

/* The load is the plan applied (ssda903_sync.c): what was compared is
** what is written, under the one write lock, so nothing can change in
** between. */
int s903_sync(Db *db, Return903 *r, const char *zActor, Import903 *pOut, Plan903 *pPlan, uint64_t expectHash,
              Buf *pErr, Progress903 xProgress, void *pArg) {
  memset(pOut, 0, sizeof *pOut);
  Plan903 own;
  Plan903 *p = pPlan ? pPlan : &own;
  memset(p, 0, sizeof *p);
  int nBad = s903_check(r, pErr);
  if (nBad) {
    buf_printf(pErr, "Nothing was loaded: %d problem%s to correct.\n", nBad, nBad == 1 ? "" : "s");
    return -1;
  }
  int rc = db_begin(db) == DB_OK ? 0 : -1;
  if (rc == 0) rc = s903_plan(db, r, p, xProgress, pArg);
  if (rc == 0) {
    pOut->nChild = r->a[T_HEADER].nRow;
    pOut->nChildNew = p->an[SYNC_CHILD_NEW];
    pOut->nEpisode = r->a[T_EPISODES].nRow;
    pOut->nEpisodeNew = p->an[SYNC_EPISODE_NEW];
    pOut->nReview = r->a[T_REVIEWS].nRow;
    pOut->nReviewNew = p->an[SYNC_REVIEW_NEW];
    pOut->nUasc = r->a[T_UASC].nRow;
    for (int t = T_OC2; t < T_COUNT; t++) pOut->nKept += r->a[t].nRow;
    pOut->nChange = s903_plan_changes(p);
    if (expectHash && s903_plan_hash(p) != expectHash) {
      db_rollback(db);
      buf_puts(pErr, "Nothing was loaded: what the load would change is no longer what was shown (a record "
                     "changed since); look at the changes again.\n");
      memset(pOut, 0, sizeof *pOut);
      if (!pPlan) s903_plan_free(&own);
      return -2;
    }
  }
  /* The same extract again writes nothing at all, not even an audit
  ** entry: there is nothing to account for. */
  if (rc == 0 && pOut->nChange) rc = s903_plan_apply(db, r, p, zActor);
  /* With a postcode table loaded (`postcodes load`), the return's HOME_POST
  ** and PL_POST give each placement its distance and area, as entry does;
  ** only figures that change are written. */
  if (rc == 0 && pOut->nChange && db_int(db, 0, "SELECT count(*) FROM (SELECT 1 FROM postcode LIMIT 1)", "") &&
      placements_derive(db, 0) != DB_OK) {
    rc = -1;
  }
  if (rc == 0 && pOut->nChange) {
    /* New records are counted in one entry rather than one each: a first
    ** load of 100,000 children would double the log for nothing the
    ** counts do not say. Each change to a record held is its own entry
    ** (s903_plan_apply). */
    Buf what = {0};
    char zRec[32];
    snprintf(zRec, sizeof zRec, "ssda903:%d", r->year);
    s903_import_summary(pOut, &what);
    buf_puts(&what, "; ");
    s903_plan_counts(p, &what);
    rc = audit_write(db, zActor, "import", zRec, NULL, what.z, NULL) == DB_OK ? 0 : -1;
    buf_free(&what);
  }
  if (rc == 0 && db_commit(db) != DB_OK) rc = -1;
  else if (rc != 0) db_rollback(db);
  if (rc != 0) {
    buf_printf(pErr, "Nothing was loaded: the database refused a row (%s).\n", db_errmsg(db));
    memset(pOut, 0, sizeof *pOut);
  }
  if (!pPlan) s903_plan_free(&own);
  return rc;
}

/* ---- Export -------------------------------------------------------------------- */
/* Lines end CRLF, as the DfE's own tools and Excel write CSV. */

static void put_date(Buf *b, Date d) {
  if (d == DATE_NONE) return;
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  buf_printf(b, "%02d/%02d/%04d", dd, m, y);
}

/* An ISO date column as DD/MM/YYYY, blank when NULL. */
static void put_col_date(Buf *b, Stmt *s, int i) { put_date(b, db_col_date(s, i)); }

static void put_header_line(Buf *b, int t) {
  for (int c = 0; c < a903nCol[t]; c++) buf_printf(b, "%s%s", c ? "," : "", aa903Col[t][c]);
  buf_puts(b, "\r\n");
}

static void put_cell(Buf *b, Stmt *s, int i) {
  buf_putc(b, ',');
  cell903(b, db_col_text(s, i));
}

int s903_export(Db *db, int year, const char *zActor, Buf aOut[T_COUNT], int *pnChild, Buf *pErr) {
  Date start = date_from_ymd(year - 1, 4, 1), end = date_from_ymd(year, 3, 31);
  *pnChild = 0;
  int bad = 0;   /* a read error: never a return cut short */
  db_begin(db);
  for (int t = 0; t < T_COUNT; t++) buf_reset(&aOut[t]);
  for (int t = T_HEADER; t <= T_UASC; t++) put_header_line(&aOut[t], t);

  /* Header (and UASC) in CHILD order, the files' usual order: the children
  ** listed in the year's return, or in care during it. */
  Stmt *s = db_query(db,
                     "SELECT c.child_ref, c.sex, c.dob, c.ethnicity, x.upn, x.mother, x.mc_dob, c.uasc, "
                     "x.uasc_ceased FROM child c LEFT JOIN ssda903_child x ON x.child_id = c.id "
                     "WHERE c.id IN (SELECT child_id FROM ssda903_return_child WHERE year = ?) "
                     "OR EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.start_date <= ? "
                     "AND (e.end_date IS NULL OR e.end_date >= ?)) "
                     "ORDER BY c.child_ref",
                     "iDD", year, end, start);
  int st;
  while ((st = db_step(s)) == DB_ROW) {
    Buf *b = &aOut[T_HEADER];
    const char *zSex = db_col_text(s, 1);
    /* Before 2024/25 the DfE coded sex 1 and 2. */
    if (year < 2025) zSex = strcmp(zSex, "M") == 0 ? "1" : strcmp(zSex, "F") == 0 ? "2" : zSex;
    cell903(b, db_col_text(s, 0));
    buf_putc(b, ',');
    cell903(b, zSex);
    buf_putc(b, ',');
    put_col_date(b, s, 2);
    put_cell(b, s, 3);
    put_cell(b, s, 4);
    put_cell(b, s, 5);
    buf_putc(b, ',');
    put_col_date(b, s, 6);
    buf_puts(b, "\r\n");
    if (db_col_int(s, 7)) {
      b = &aOut[T_UASC];
      cell903(b, db_col_text(s, 0));
      buf_putc(b, ',');
      cell903(b, zSex);
      buf_putc(b, ',');
      put_col_date(b, s, 2);
      buf_putc(b, ',');
      put_col_date(b, s, 8);
      buf_puts(b, "\r\n");
    }
    (*pnChild)++;
  }
  bad |= st != DB_DONE;
  db_finalize(s);

  s = db_query(db,
               "SELECT c.child_ref, e.start_date, e.rne, e.legal_status, e.cin, e.placement, e.provider, "
               "e.end_date, e.end_reason, e.reason_place_change, e.home_postcode, e.placement_postcode, e.urn "
               "FROM episode e JOIN child c ON c.id = e.child_id WHERE e.start_date <= ? "
               "AND (e.end_date IS NULL OR e.end_date >= ?) ORDER BY c.child_ref, e.start_date",
               "DD", end, start);
  while ((st = db_step(s)) == DB_ROW) {
    Buf *b = &aOut[T_EPISODES];
    cell903(b, db_col_text(s, 0));
    buf_putc(b, ',');
    put_col_date(b, s, 1);
    for (int i = 2; i <= 6; i++) put_cell(b, s, i);
    buf_putc(b, ',');
    put_col_date(b, s, 7);
    for (int i = 8; i <= 12; i++) put_cell(b, s, i);
    buf_puts(b, "\r\n");
  }
  bad |= st != DB_DONE;
  db_finalize(s);

  s = db_query(db,
               "SELECT c.child_ref, c.dob, r.held_on, r.participation FROM review r JOIN child c ON c.id = r.child_id "
               "WHERE r.held_on BETWEEN ? AND ? ORDER BY c.child_ref, r.held_on",
               "DD", start, end);
  while ((st = db_step(s)) == DB_ROW) {
    Buf *b = &aOut[T_REVIEWS];
    cell903(b, db_col_text(s, 0));
    buf_putc(b, ',');
    put_col_date(b, s, 1);
    buf_putc(b, ',');
    put_col_date(b, s, 2);
    put_cell(b, s, 3);
    buf_puts(b, "\r\n");
  }
  bad |= st != DB_DONE;
  db_finalize(s);

  for (int t = T_OC2; t < T_COUNT; t++) {
    s = db_query(db, "SELECT cells FROM ssda903_row WHERE year = ? AND kind = ? ORDER BY seq, id", "is", year,
                 azKind[t]);
    while ((st = db_step(s)) == DB_ROW) {
      if (!aOut[t].n) put_header_line(&aOut[t], t);
      buf_puts(&aOut[t], db_col_text(s, 0));
      buf_puts(&aOut[t], "\r\n");
    }
    bad |= st != DB_DONE;
    db_finalize(s);
  }

  if (bad) {
    buf_printf(pErr, "the database could not be read: %s\n", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  /* Writing the return out shows every child's record in it; read only to
  ** be checked against (no actor), it is shown to no one. */
  if (!zActor) {
    db_rollback(db);
    return 0;
  }
  char zRec[32], zWhat[64];
  snprintf(zRec, sizeof zRec, "ssda903:%d", year);
  snprintf(zWhat, sizeof zWhat, "%d children", *pnChild);
  int rc = audit_write(db, zActor, "export", zRec, NULL, zWhat, NULL) == DB_OK ? 0 : -1;
  if (rc == 0 && db_commit(db) != DB_OK) rc = -1;
  else if (rc != 0) db_rollback(db);
  if (rc != 0) buf_printf(pErr, "the export could not be audited, so it was not written: %s\n", db_errmsg(db));
  return rc;
}

int s903_held_last_year(Db *db, Return903 *r, Buf *pErr) {
  int year = r->year - 1, held = 0;
  Stmt *s = db_query(db, "SELECT 1 FROM ssda903_return_child WHERE year = ? LIMIT 1", "i", year);
  int st = db_step(s);
  held = st == DB_ROW;
  db_finalize(s);
  if (st != DB_ROW && st != DB_DONE) {
    buf_printf(pErr, "the database could not be read: %s\n", db_errmsg(db));
    return -1;
  }
  if (!held) return 0;
  Buf aOut[T_COUNT];
  memset(aOut, 0, sizeof aOut);
  int nChild, rc = s903_export(db, year, NULL, aOut, &nChild, pErr);
  Return903 *pLast = NULL;
  if (rc == 0) {
    pLast = xmalloc(sizeof(*pLast));
    r903_init(pLast, year);
    memcpy(pLast->zLa, r->zLa, sizeof pLast->zLa);
    pLast->pPostcodes = r->pPostcodes;
    pLast->sharedPostcodes = 1;
    for (int t = 0; t < T_COUNT && rc == 0; t++) {
      if (!aOut[t].n) continue;
      if (r903_add_text(pLast, az903File[t], aOut[t].z, aOut[t].n, pErr) != 0) rc = -1;
    }
  }
  for (int t = 0; t < T_COUNT; t++) buf_free(&aOut[t]);
  if (rc != 0) {
    if (pLast) {
      r903_free(pLast);
      free(pLast);
    }
    return -1;
  }
  r903_finish(pLast);
  if (r->pLast) {
    r903_free(r->pLast);
    free(r->pLast);
  }
  r->pLast = pLast;
  return 1;
}
