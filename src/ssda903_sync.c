/*
** ssda903_sync.c: the monthly sync from the case system (issue 15). An
** SSDA903 extract is compared with what Oversight holds (s903_plan), and
** the load applies exactly that comparison (s903_plan_apply), so a dry
** run, the upload page and the load cannot disagree.
**
** Matching: children on CHILD, episodes on (CHILD, DECOM), reviews on
** (CHILD, REVIEW). An episode whose DECOM was corrected in the case system
** no longer matches on its date; when, for one child, exactly one
** unmatched episode of the extract overlaps exactly one unmatched episode
** held, they are the same episode with its start moved, so the episode is
** changed (keeping what Oversight recorded on it: registration status,
** provider name, distance) rather than duplicated beside the old one.
*/
#include "ssda903_sync.h"

#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Episode columns compared, E_DECOM .. E_URN; the query below reads the
** held episode's columns in the same order, after its id. */
#define EPI_SELECT                                                                                            \
  "SELECT id, start_date, rne, legal_status, cin, placement, provider, end_date, end_reason, "                \
  "reason_place_change, home_postcode, placement_postcode, urn FROM episode "

static const char *const azKindTitle[SYNC_KINDS] = {
  "New children", "Changed child details", "New episodes", "Changed episodes", "Ended episodes",
  "Episodes held but not in the return (kept)", "New reviews", "Changed reviews",
};
static const char *const azKindName[SYNC_KINDS] = {
  "new child", "child changed", "new episode", "episode changed", "episode ended",
  "episode not in the return", "new review", "review changed",
};

const char *s903_sync_title(Sync903Kind k) { return azKindTitle[k]; }
const char *s903_sync_name(Sync903Kind k) { return azKindName[k]; }

static void put_date(Buf *b, Date d) {
  if (d == DATE_NONE) return;
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  buf_printf(b, "%02d/%02d/%04d", dd, m, y);
}

static char *date_text(Date d) {
  Buf b = {0};
  put_date(&b, d);
  return b.z ? buf_take(&b) : xstrdup("");
}

/* ---- Building the plan --------------------------------------------------------- */

static Sync903Item *add_item(Plan903 *p, Sync903Kind k, const char *zChild, int64_t id, Date d, int row) {
  if (p->nItem == p->nItemAlloc) {
    p->nItemAlloc = p->nItemAlloc ? 2 * p->nItemAlloc : 64;
    p->aItem = xrealloc(p->aItem, sizeof(Sync903Item) * (size_t)p->nItemAlloc);
  }
  Sync903Item *it = &p->aItem[p->nItem++];
  *it = (Sync903Item){k, xstrdup(zChild), id, d, row, p->nField, 0};
  p->an[k]++;
  return it;
}

/* Note a field of the last item that changes; takes the two strings. */
static void add_field(Plan903 *p, const char *zField, char *zBefore, char *zAfter) {
  if (p->nField == p->nFieldAlloc) {
    p->nFieldAlloc = p->nFieldAlloc ? 2 * p->nFieldAlloc : 64;
    p->aField = xrealloc(p->aField, sizeof(Sync903Field) * (size_t)p->nFieldAlloc);
  }
  p->aField[p->nField++] = (Sync903Field){zField, zBefore, zAfter};
}

static void text_field(Plan903 *p, int *pn, const char *zField, const char *zHeld, const char *zWant) {
  if (strcmp(zHeld, zWant) == 0) return;
  add_field(p, zField, xstrdup(zHeld), xstrdup(zWant));
  (*pn)++;
}

static void date_field(Plan903 *p, int *pn, const char *zField, Date held, Date want) {
  if (held == want) return;
  add_field(p, zField, date_text(held), date_text(want));
  (*pn)++;
}

/* What the return says of a child, as the database holds it. uasc is -1
** and ducKnown 0 when the return does not say (no UASC file). */
typedef struct ChildWant {
  const char *zSex, *zEthnic, *zUpn, *zMother;
  Date dob, mcDob, duc;
  int uasc, ducKnown;
} ChildWant;

/* Each child's last UASC row (the one the old loader left in place), or -1. */
static int *uasc_rows(const Return903 *r) {
  int *a = xmalloc(sizeof(int) * (size_t)(r->nChild + 1));
  for (int i = 0; i <= r->nChild; i++) a[i] = -1;
  const T903 *u = &r->a[T_UASC];
  for (int i = 0; i < u->nRow; i++) a[u->aChild[i]] = i;
  return a;
}

static void child_want(const Return903 *r, const int *aUasc, int row, ChildWant *w) {
  const T903 *h = &r->a[T_HEADER];
  const char *zSex = c903(h, row, H_SEX);
  /* Before 2024/25 the DfE coded sex 1 and 2. */
  if (strcmp(zSex, "1") == 0) zSex = "M";
  else if (strcmp(zSex, "2") == 0) zSex = "F";
  int u = aUasc[h->aChild[row]];
  w->zSex = zSex;
  w->zEthnic = c903(h, row, H_ETHNIC);
  w->zUpn = c903(h, row, H_UPN);
  w->zMother = c903(h, row, H_MOTHER);
  w->dob = d903(h, row, H_DOB);
  w->mcDob = d903(h, row, H_MC_DOB);
  w->uasc = r->hasUasc ? (strcmp(c903(h, row, H_UASC), "1") == 0 || u >= 0) : (u >= 0 ? 1 : -1);
  w->ducKnown = r->a[T_UASC].present || r->hasUasc;
  w->duc = u >= 0 ? d903(&r->a[T_UASC], u, U_DUC) : DATE_NONE;
}

static int plan_children(Db *db, Return903 *r, Plan903 *p, const int *aUasc) {
  const T903 *h = &r->a[T_HEADER];
  for (int i = 0; i < h->nRow; i++) {
    const char *zRef = c903(h, i, H_CHILD);
    ChildWant w;
    child_want(r, aUasc, i, &w);
    Stmt *s = db_query(db,
                       "SELECT c.id, c.dob, c.sex, c.ethnicity, c.uasc, x.upn, x.mother, x.mc_dob, x.uasc_ceased, "
                       "EXISTS (SELECT 1 FROM ssda903_return_child y WHERE y.year = ? AND y.child_id = c.id) "
                       "FROM child c LEFT JOIN ssda903_child x ON x.child_id = c.id WHERE c.child_ref = ?",
                       "is", r->year, zRef);
    int rc = db_step(s);
    if (rc == DB_ERROR) {
      db_finalize(s);
      return -1;
    }
    if (rc != DB_ROW) {
      db_finalize(s);
      add_item(p, SYNC_CHILD_NEW, zRef, 0, w.dob, i);
      continue;
    }
    int64_t id = db_col_int(s, 0);
    p->aChildId[h->aChild[i]] = id;
    if (!db_col_int(s, 9)) {
      p->aListed[h->aChild[i]] = 1;
      p->nListed++;
    }
    int iField = p->nField, n = 0;
    text_field(p, &n, "SEX", db_col_text(s, 2), w.zSex);
    date_field(p, &n, "DOB", db_col_date(s, 1), w.dob);
    text_field(p, &n, "ETHNIC", db_col_text(s, 3), w.zEthnic);
    if (w.uasc >= 0 && w.uasc != (int)db_col_int(s, 4)) {
      add_field(p, "UASC", xstrdup(db_col_int(s, 4) ? "yes" : "no"), xstrdup(w.uasc ? "yes" : "no"));
      n++;
    }
    if (w.ducKnown) date_field(p, &n, "DUC", db_col_date(s, 8), w.duc);
    text_field(p, &n, "UPN", db_col_text(s, 5), w.zUpn);
    text_field(p, &n, "MOTHER", db_col_text(s, 6), w.zMother);
    date_field(p, &n, "MC_DOB", db_col_date(s, 7), w.mcDob);
    db_finalize(s);
    if (n) {
      Sync903Item *it = add_item(p, SYNC_CHILD_CHANGED, zRef, 0, w.dob, i);
      it->iField = iField;
      it->nField = n;
    }
  }
  return 0;
}

/* An episode held, its columns as text in E_ order (dates as DD/MM/YYYY,
** "" for NULL). */
typedef struct Held {
  int64_t id;
  Date start, end;
  char *az[E_URN + 1];
  int row;              /* the return's row it is, or -1 */
  int nCand;
} Held;

static void held_free(Held *a, int n) {
  for (int i = 0; i < n; i++)
    for (int c = 0; c <= E_URN; c++) free(a[i].az[c]);
}

static int overlaps(Date s1, Date e1, Date s2, Date e2) {
  /* An open episode (no end) runs on for ever. */
  return (e2 == DATE_NONE || s1 <= e2) && (e1 == DATE_NONE || s2 <= e1);
}

static int cmp_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Compare episode row j of the return with held episode pH; add the item
** if anything differs. */
static void compare_episode(Plan903 *p, const T903 *e, int j, const Held *pH) {
  static const char *const azName[E_URN + 1] = {
    [E_DECOM] = "DECOM", [E_RNE] = "RNE", [E_LS] = "LS", [E_CIN] = "CIN", [E_PLACE] = "PLACE",
    [E_PLACE_PROVIDER] = "PLACE_PROVIDER", [E_DEC] = "DEC", [E_REC] = "REC",
    [E_REASON_PLACE_CHANGE] = "REASON_PLACE_CHANGE", [E_HOME_POST] = "HOME_POST", [E_PL_POST] = "PL_POST",
    [E_URN] = "URN",
  };
  int iField = p->nField, n = 0;
  for (int c = E_DECOM; c <= E_URN; c++) {
    if (c == E_DECOM) date_field(p, &n, azName[c], pH->start, d903(e, j, E_DECOM));
    else if (c == E_DEC) date_field(p, &n, azName[c], pH->end, d903(e, j, E_DEC));
    else text_field(p, &n, azName[c], pH->az[c], c903(e, j, c));
  }
  if (!n) return;
  Sync903Kind k = pH->end == DATE_NONE && d903(e, j, E_DEC) != DATE_NONE ? SYNC_EPISODE_ENDED : SYNC_EPISODE_CHANGED;
  Sync903Item *it = add_item(p, k, c903(e, j, E_CHILD), pH->id, pH->start, j);
  it->iField = iField;
  it->nField = n;
}

static int plan_episodes(Db *db, Return903 *r, Plan903 *p) {
  const T903 *e = &r->a[T_EPISODES];
  int nOrd;
  const int *ord = e->nRow ? r903_order(r, T_EPISODES, E_DECOM, &nOrd) : NULL;
  if (!ord) nOrd = 0;
  int64_t *aMatched = xmalloc(sizeof(int64_t) * (size_t)(e->nRow + 1));
  int nMatched = 0, rc = 0;
  Held *aHeld = NULL;
  int nHeld = 0, nHeldAlloc = 0;
  int *aPair = xmalloc(sizeof(int) * (size_t)(e->nRow + 1));   /* per row: its held index, or -1 */
  for (int i = 0; i < nOrd && rc == 0;) {
    int end = r903_run_end(r, T_EPISODES, ord, nOrd, i);
    int64_t childId = p->aChildId[e->aChild[ord[i]]];
    nHeld = 0;
    if (childId) {
      Stmt *s = db_query(db, EPI_SELECT "WHERE child_id = ? ORDER BY start_date", "I", childId);
      int st;
      while ((st = db_step(s)) == DB_ROW) {
        if (nHeld == nHeldAlloc) {
          nHeldAlloc = nHeldAlloc ? 2 * nHeldAlloc : 8;
          aHeld = xrealloc(aHeld, sizeof(Held) * (size_t)nHeldAlloc);
        }
        Held *pH = &aHeld[nHeld++];
        pH->id = db_col_int(s, 0);
        pH->start = db_col_date(s, E_DECOM);
        pH->end = db_col_date(s, E_DEC);
        pH->row = -1;
        pH->nCand = 0;
        for (int c = 0; c <= E_URN; c++) pH->az[c] = c == 0 ? NULL : xstrdup(db_col_text(s, c));
      }
      db_finalize(s);
      if (st == DB_ERROR) rc = -1;
    }
    /* Same start date: the same episode. */
    for (int k = i; k < end; k++) {
      int j = ord[k];
      aPair[j] = -1;
      for (int h = 0; h < nHeld; h++)
        if (aHeld[h].row < 0 && aHeld[h].start == d903(e, j, E_DECOM)) {
          aHeld[h].row = j;
          aPair[j] = h;
          break;
        }
    }
    /* A start date corrected: one unmatched episode overlapping one. */
    int aCand[2] = {0, 0};
    for (int k = i; k < end; k++) {
      int j = ord[k], nCand = 0;
      if (aPair[j] >= 0) continue;
      for (int h = 0; h < nHeld; h++)
        if (aHeld[h].row < 0 && overlaps(d903(e, j, E_DECOM), d903(e, j, E_DEC), aHeld[h].start, aHeld[h].end)) {
          aHeld[h].nCand++;
          if (nCand < 2) aCand[nCand] = h;
          nCand++;
        }
      if (nCand == 1) aPair[j] = -2 - aCand[0];   /* provisional until the held one is seen unique too */
    }
    for (int k = i; k < end; k++) {
      int j = ord[k];
      if (aPair[j] <= -2) {
        int h = -2 - aPair[j];
        if (aHeld[h].nCand == 1) {
          aHeld[h].row = j;
          aPair[j] = h;
        } else {
          aPair[j] = -1;
        }
      }
    }
    for (int k = i; k < end; k++) {
      int j = ord[k];
      if (aPair[j] < 0) {
        add_item(p, SYNC_EPISODE_NEW, c903(e, j, E_CHILD), 0, d903(e, j, E_DECOM), j);
      } else {
        compare_episode(p, e, j, &aHeld[aPair[j]]);
        aMatched[nMatched++] = aHeld[aPair[j]].id;
      }
    }
    held_free(aHeld, nHeld);
    i = end;
  }
  free(aHeld);
  free(aPair);
  /* Episodes held in the extract's year that it does not have. Those
  ** ended before the year began, or starting after it, are not in a
  ** return of that year and are not missing from it. */
  if (rc == 0) {
    qsort(aMatched, (size_t)nMatched, sizeof(int64_t), cmp_id);
    Stmt *s = db_query(db,
                       "SELECT e.id, c.child_ref, e.start_date FROM episode e JOIN child c ON c.id = e.child_id "
                       "WHERE e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?) "
                       "ORDER BY c.child_ref, e.start_date",
                       "DD", date_from_ymd(p->year, 3, 31), date_from_ymd(p->year - 1, 4, 1));
    int st;
    while ((st = db_step(s)) == DB_ROW) {
      int64_t id = db_col_int(s, 0);
      if (!bsearch(&id, aMatched, (size_t)nMatched, sizeof(int64_t), cmp_id))
        add_item(p, SYNC_EPISODE_MISSING, db_col_text(s, 1), id, db_col_date(s, 2), -1);
    }
    db_finalize(s);
    if (st == DB_ERROR) rc = -1;
  }
  free(aMatched);
  return rc;
}

static int plan_reviews(Db *db, Return903 *r, Plan903 *p) {
  const T903 *v = &r->a[T_REVIEWS];
  for (int i = 0; i < v->nRow; i++) {
    int64_t childId = p->aChildId[v->aChild[i]];
    Date held = d903(v, i, R_REVIEW);
    const char *zCode = c903(v, i, R_REVIEW_CODE);
    if (!childId) {
      add_item(p, SYNC_REVIEW_NEW, c903(v, i, R_CHILD), 0, held, i);
      continue;
    }
    Stmt *s = db_query(db, "SELECT id, participation FROM review WHERE child_id = ? AND held_on = ?", "ID", childId,
                       held);
    int st = db_step(s);
    if (st == DB_ERROR) {
      db_finalize(s);
      return -1;
    }
    if (st != DB_ROW) {
      add_item(p, SYNC_REVIEW_NEW, c903(v, i, R_CHILD), 0, held, i);
    } else {
      /* The same review: everything recorded here is kept. A code in the
      ** return is the case system's and wins; a blank one never clears a
      ** code recorded here. */
      p->nReviewHeld++;
      if (zCode[0] && strcmp(zCode, db_col_text(s, 1)) != 0) {
        int iField = p->nField;
        add_field(p, "REVIEW_CODE", xstrdup(db_col_text(s, 1)), xstrdup(zCode));
        Sync903Item *it = add_item(p, SYNC_REVIEW_CHANGED, c903(v, i, R_CHILD), db_col_int(s, 0), held, i);
        it->iField = iField;
        it->nField = 1;
      }
    }
    db_finalize(s);
  }
  return 0;
}

/* ssda903_row.kind of the kept tables, T_OC2 onwards (as ssda903_store.c). */
static const char *const azKept[T_COUNT] = {
  NULL, NULL, NULL, NULL, "oc2", "oc3", "ad1", "placed_for_adoption", "previous_permanence", "missing",
  "sw_episodes", "dolo",
};

/* A kept row as stored: its cells as CSV, written as the return gave them. */
static void kept_cells(const T903 *tb, int t, int row, Buf *b) {
  buf_reset(b);
  for (int c = 0; c < a903nCol[t]; c++) {
    if (c) buf_putc(b, ',');
    buf_csv_cell(b, c903(tb, row, c), CSV_AS_IS);
  }
}

static uint64_t fnv(uint64_t h, const char *z, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)z[i]) * 1099511628211ull;
  return h;
}
#define FNV0 14695981039346656037ull

typedef struct IdIdx { int64_t id; int idx; } IdIdx;
static int cmp_ididx(const void *a, const void *b) { return cmp_id(a, b); }

/* Each child's rows of each kept file, compared as a whole: a child whose
** rows differ in any way has them all replaced, as a load always did. */
static int plan_kept(Db *db, Return903 *r, Plan903 *p) {
  const T903 *h = &r->a[T_HEADER];
  size_t nc = (size_t)r->nChild + 1;
  uint64_t *aFile = xmalloc(sizeof(uint64_t) * nc), *aDb = xmalloc(sizeof(uint64_t) * nc);
  int *nFile = xmalloc(sizeof(int) * nc), *nDb = xmalloc(sizeof(int) * nc);
  IdIdx *aMap = xmalloc(sizeof(IdIdx) * (size_t)(h->nRow + 1));
  int nMap = 0, rc = 0;
  for (int i = 0; i < h->nRow; i++)
    if (p->aChildId[h->aChild[i]]) aMap[nMap++] = (IdIdx){p->aChildId[h->aChild[i]], h->aChild[i]};
  qsort(aMap, (size_t)nMap, sizeof(IdIdx), cmp_ididx);
  unsigned char *aAny = xcalloc(nc, 1);
  Buf b = {0};
  for (int t = T_OC2; t < T_COUNT && rc == 0; t++) {
    const T903 *tb = &r->a[t];
    if (!tb->present) continue;
    for (size_t i = 0; i < nc; i++) aFile[i] = aDb[i] = FNV0, nFile[i] = nDb[i] = 0;
    for (int i = 0; i < tb->nRow; i++) {
      int c = tb->aChild[i];
      kept_cells(tb, t, i, &b);
      aFile[c] = fnv(fnv(aFile[c], b.z ? b.z : "", b.n), "\n", 1);
      nFile[c]++;
    }
    Stmt *s = db_query(db, "SELECT child_id, cells FROM ssda903_row WHERE year = ? AND kind = ? "
                           "ORDER BY child_id, seq, id", "is", r->year, azKept[t]);
    int st;
    while ((st = db_step(s)) == DB_ROW) {
      IdIdx key = {db_col_int(s, 0), 0};
      const IdIdx *m = bsearch(&key, aMap, (size_t)nMap, sizeof(IdIdx), cmp_ididx);
      if (!m) continue;   /* a child not in this Header: its rows stay as they are */
      const char *z = db_col_text(s, 1);
      aDb[m->idx] = fnv(fnv(aDb[m->idx], z, strlen(z)), "\n", 1);
      nDb[m->idx]++;
    }
    db_finalize(s);
    if (st == DB_ERROR) rc = -1;
    for (int i = 0; i < h->nRow; i++) {
      int c = h->aChild[i];
      if (nFile[c] != nDb[c] || aFile[c] != aDb[c]) {
        p->aKept[(size_t)c * T_COUNT + t] = 1;
        /* A new child's rows come with the child: not counted apart. */
        if (p->aChildId[c]) aAny[c] = 1;
      }
    }
  }
  for (size_t i = 0; i < nc; i++) p->nKeptChanged += aAny[i];
  buf_free(&b);
  free(aAny);
  free(aMap);
  free(aFile);
  free(aDb);
  free(nFile);
  free(nDb);
  return rc;
}

/* Items in kind order, each kind as the return lists them (missing
** episodes by child and date). */
static int cmp_item(const void *a, const void *b) {
  const Sync903Item *x = a, *y = b;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  int c = strcmp(x->zChild, y->zChild);
  if (c) return c;
  return x->date < y->date ? -1 : x->date > y->date;
}

int s903_plan(Db *db, Return903 *r, Plan903 *p, Sync903Progress xProgress, void *pArg) {
  memset(p, 0, sizeof *p);
  p->year = r->year;
  size_t nc = (size_t)r->nChild + 1;
  p->aChildId = xcalloc(nc, sizeof(int64_t));
  p->aListed = xcalloc(nc, 1);
  p->aKept = xcalloc(nc * T_COUNT, 1);
  int nTotal = 0;
  for (int t = 0; t < T_COUNT; t++) nTotal += r->a[t].nRow;
  int *aUasc = uasc_rows(r);
  int rc = plan_children(db, r, p, aUasc);
  int nDone = r->a[T_HEADER].nRow + r->a[T_UASC].nRow;
  if (xProgress && nDone) xProgress(pArg, nDone, nTotal);
  if (rc == 0) rc = plan_episodes(db, r, p);
  nDone += r->a[T_EPISODES].nRow;
  if (xProgress && r->a[T_EPISODES].nRow) xProgress(pArg, nDone, nTotal);
  if (rc == 0) rc = plan_reviews(db, r, p);
  if (rc == 0) rc = plan_kept(db, r, p);
  if (xProgress) xProgress(pArg, nTotal, nTotal);
  free(aUasc);
  /* Sorted stably by row (unique within a kind) so the lists read in file order. */
  if (p->nItem) qsort(p->aItem, (size_t)p->nItem, sizeof(Sync903Item), cmp_item);
  return rc;
}

void s903_plan_free(Plan903 *p) {
  for (int i = 0; i < p->nItem; i++) free(p->aItem[i].zChild);
  for (int i = 0; i < p->nField; i++) {
    free(p->aField[i].zBefore);
    free(p->aField[i].zAfter);
  }
  free(p->aItem);
  free(p->aField);
  free(p->aChildId);
  free(p->aListed);
  free(p->aKept);
  memset(p, 0, sizeof *p);
}

int s903_plan_changes(const Plan903 *p) {
  int n = p->nListed + p->nKeptChanged;
  for (int k = 0; k < SYNC_KINDS; k++)
    if (k != SYNC_EPISODE_MISSING) n += p->an[k];
  return n;
}

/* ---- Describing it ---------------------------------------------------------------- */

void s903_item_label(const Sync903Item *it, Buf *pOut) {
  switch (it->kind) {
    case SYNC_CHILD_NEW:
    case SYNC_CHILD_CHANGED: buf_printf(pOut, "child %s", it->zChild); return;
    case SYNC_REVIEW_NEW:
    case SYNC_REVIEW_CHANGED: buf_puts(pOut, "review on "); break;
    default: buf_puts(pOut, "episode from "); break;
  }
  put_date(pOut, it->date);
}

void s903_item_changes(const Plan903 *p, const Sync903Item *it, Buf *pOut) {
  for (int f = it->iField; f < it->iField + it->nField; f++) {
    const Sync903Field *pf = &p->aField[f];
    buf_printf(pOut, "%s%s %s -> %s", f > it->iField ? "; " : "", pf->zField,
               pf->zBefore[0] ? pf->zBefore : "(none)", pf->zAfter[0] ? pf->zAfter : "(none)");
  }
}

static void plural(Buf *b, int n, const char *zOne, const char *zMany) {
  buf_printf(b, "%d %s", n, n == 1 ? zOne : zMany);
}

void s903_plan_counts(const Plan903 *p, Buf *pOut) {
  static const char *const az[SYNC_KINDS][2] = {
    {"new child", "new children"}, {"child changed", "children changed"}, {"new episode", "new episodes"},
    {"episode changed", "episodes changed"}, {"episode ended", "episodes ended"},
    {"episode held but not in the return (kept)", "episodes held but not in the return (kept)"},
    {"new review", "new reviews"}, {"review changed", "reviews changed"},
  };
  for (int k = 0; k < SYNC_KINDS; k++) {
    if (k) buf_puts(pOut, ", ");
    plural(pOut, p->an[k], az[k][0], az[k][1]);
  }
  buf_puts(pOut, ", ");
  plural(pOut, p->nReviewHeld, "review already held", "reviews already held");
  if (p->nListed) {
    buf_puts(pOut, ", ");
    plural(pOut, p->nListed, "child listed in this year's return for the first time",
           "children listed in this year's return for the first time");
  }
  if (p->nKeptChanged) {
    buf_puts(pOut, ", ");
    plural(pOut, p->nKeptChanged, "child's rows of the other files replaced",
           "children's rows of the other files replaced");
  }
}

void s903_plan_text(const Plan903 *p, int nMax, Buf *pOut) {
  if (!s903_plan_changes(p)) buf_puts(pOut, "No changes: Oversight already holds everything this return says.\n");
  else buf_puts(pOut, "Changes: ");
  if (s903_plan_changes(p)) {
    s903_plan_counts(p, pOut);
    buf_puts(pOut, ".\n");
  }
  if (p->an[SYNC_EPISODE_MISSING]) {
    buf_printf(pOut, "Conflicts: %d episode%s held in Oversight in this year but not in the return, kept "
                     "(correct them in the case system or in Oversight).\n",
               p->an[SYNC_EPISODE_MISSING], p->an[SYNC_EPISODE_MISSING] == 1 ? "" : "s");
  }
  Buf b = {0};
  for (int k = 0; k < SYNC_KINDS; k++) {
    if (!p->an[k]) continue;
    buf_printf(pOut, "%s:\n", azKindTitle[k]);
    int n = 0;
    for (int i = 0; i < p->nItem; i++) {
      const Sync903Item *it = &p->aItem[i];
      if (it->kind != (Sync903Kind)k) continue;
      if (nMax >= 0 && n++ >= nMax) continue;
      buf_reset(&b);
      if (k == SYNC_CHILD_NEW || k == SYNC_CHILD_CHANGED) buf_printf(&b, "%s", it->zChild);
      else {
        buf_printf(&b, "%s ", it->zChild);
        s903_item_label(it, &b);
      }
      if (it->nField) {
        buf_puts(&b, ": ");
        s903_item_changes(p, it, &b);
      }
      buf_printf(pOut, "  %s\n", b.z);
    }
    if (nMax >= 0 && n > nMax) buf_printf(pOut, "  and %d more\n", n - nMax);
  }
  buf_free(&b);
}

static void csv_row(Buf *b, const char *zKind, const char *zChild, const char *zRec, const char *zField,
                    const char *zBefore, const char *zAfter) {
  const char *az[] = {zKind, zChild, zRec, zField, zBefore, zAfter};
  for (int i = 0; i < 6; i++) {
    if (i) buf_putc(b, ',');
    buf_csv_cell(b, az[i], CSV_TEXT);
  }
  buf_puts(b, "\r\n");
}

void s903_plan_csv(const Plan903 *p, Buf *pOut) {
  buf_puts(pOut, "change,child,record,field,before,after\r\n");
  Buf rec = {0};
  for (int i = 0; i < p->nItem; i++) {
    const Sync903Item *it = &p->aItem[i];
    buf_reset(&rec);
    s903_item_label(it, &rec);
    if (!it->nField) csv_row(pOut, azKindName[it->kind], it->zChild, rec.z, "", "", "");
    for (int f = it->iField; f < it->iField + it->nField; f++)
      csv_row(pOut, azKindName[it->kind], it->zChild, rec.z, p->aField[f].zField, p->aField[f].zBefore,
              p->aField[f].zAfter);
  }
  buf_free(&rec);
}

uint64_t s903_plan_hash(const Plan903 *p) {
  Buf b = {0};
  s903_plan_csv(p, &b);
  buf_printf(&b, "%d %d %d", p->nListed, p->nKeptChanged, p->nReviewHeld);
  uint64_t h = fnv(FNV0, b.z, b.n);
  buf_free(&b);
  return h;
}

/* ---- Applying it ------------------------------------------------------------------- */

static const char *null_if_blank(const char *z) { return z && z[0] ? z : NULL; }

/* One entry per changed field, on the child's record so that it shows in
** the child's own history: "DOB 05/02/2011" -> "DOB 06/02/2011". */
static int audit_fields(Db *db, const char *zActor, const char *zAction, const Plan903 *p, const Sync903Item *it) {
  char *zRec = xmprintf("child:%s", it->zChild);
  Buf what = {0}, before = {0}, after = {0};
  if (it->kind != SYNC_CHILD_CHANGED) {
    s903_item_label(it, &what);
    buf_puts(&what, ": ");
  }
  int rc = DB_OK;
  for (int f = it->iField; rc == DB_OK && f < it->iField + it->nField; f++) {
    const Sync903Field *pf = &p->aField[f];
    buf_reset(&before);
    buf_reset(&after);
    buf_printf(&before, "%s%s %s", what.z ? what.z : "", pf->zField, pf->zBefore[0] ? pf->zBefore : "(none)");
    buf_printf(&after, "%s%s %s", what.z ? what.z : "", pf->zField, pf->zAfter[0] ? pf->zAfter : "(none)");
    rc = audit_write(db, zActor, zAction, zRec, before.z, after.z, NULL);
  }
  buf_free(&what);
  buf_free(&before);
  buf_free(&after);
  free(zRec);
  return rc;
}

static int apply_child(Db *db, Return903 *r, Plan903 *p, const Sync903Item *it, const int *aUasc, const char *zActor) {
  const T903 *h = &r->a[T_HEADER];
  ChildWant w;
  child_want(r, aUasc, it->row, &w);
  int iChild = h->aChild[it->row];
  int64_t id = p->aChildId[iChild];
  if (it->kind == SYNC_CHILD_NEW) {
    /* The return has no names: "Child 100006" until someone corrects it. */
    Stmt *s = db_query(db,
                       "INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, uasc) "
                       "VALUES (?, 'Child', ?, ?, ?, ?, ?) RETURNING id",
                       "ssDssi", it->zChild, it->zChild, w.dob, w.zSex, null_if_blank(w.zEthnic), w.uasc > 0);
    id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_finalize(s);
    if (!id) return -1;
    p->aChildId[iChild] = id;
    p->aListed[iChild] = 1;
    return db_exec(db, "INSERT INTO ssda903_child(child_id, upn, mother, mc_dob, uasc_ceased) VALUES (?, ?, ?, ?, ?)",
                   "IssDD", id, null_if_blank(w.zUpn), null_if_blank(w.zMother), w.mcDob, w.duc) == DB_OK
               ? 0
               : -1;
  }
  /* Names, locality, disability and the rest are Oversight's own: only
  ** what the return carries is written. */
  if (db_exec(db, "UPDATE child SET dob = ?, sex = ?, ethnicity = ?, uasc = COALESCE(?, uasc) WHERE id = ?",
              "DssbI", w.dob, w.zSex, null_if_blank(w.zEthnic), w.uasc, id) != DB_OK ||
      db_exec(db,
              "INSERT INTO ssda903_child(child_id, upn, mother, mc_dob, uasc_ceased) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT(child_id) DO UPDATE SET upn = excluded.upn, mother = excluded.mother, "
              "mc_dob = excluded.mc_dob, uasc_ceased = CASE WHEN ? THEN excluded.uasc_ceased ELSE "
              "ssda903_child.uasc_ceased END",
              "IssDDi", id, null_if_blank(w.zUpn), null_if_blank(w.zMother), w.mcDob, w.duc, w.ducKnown) != DB_OK) {
    return -1;
  }
  return audit_fields(db, zActor, "import.child", p, it) == DB_OK ? 0 : -1;
}

static int apply_episode(Db *db, Return903 *r, Plan903 *p, const Sync903Item *it, const char *zActor) {
  const T903 *e = &r->a[T_EPISODES];
  int j = it->row;
  int64_t child = p->aChildId[e->aChild[j]];
  if (it->kind == SYNC_EPISODE_NEW) {
    return db_exec(db,
                   "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, "
                   "end_date, end_reason, reason_place_change, home_postcode, placement_postcode, urn) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "IDsssssDsssss", child, d903(e, j, E_DECOM), c903(e, j, E_RNE), c903(e, j, E_LS),
                   c903(e, j, E_CIN), c903(e, j, E_PLACE), null_if_blank(c903(e, j, E_PLACE_PROVIDER)),
                   d903(e, j, E_DEC), null_if_blank(c903(e, j, E_REC)),
                   null_if_blank(c903(e, j, E_REASON_PLACE_CHANGE)), null_if_blank(c903(e, j, E_HOME_POST)),
                   null_if_blank(c903(e, j, E_PL_POST)), null_if_blank(c903(e, j, E_URN))) == DB_OK
               ? 0
               : -1;
  }
  /* Registration status, provider name, locality and distance are
  ** Oversight's: not in the statement. */
  if (db_exec(db,
              "UPDATE episode SET start_date = ?, rne = ?, legal_status = ?, cin = ?, placement = ?, provider = ?, "
              "end_date = ?, end_reason = ?, reason_place_change = ?, home_postcode = ?, placement_postcode = ?, "
              "urn = ? WHERE id = ?",
              "DsssssDsssssI", d903(e, j, E_DECOM), c903(e, j, E_RNE), c903(e, j, E_LS), c903(e, j, E_CIN),
              c903(e, j, E_PLACE), null_if_blank(c903(e, j, E_PLACE_PROVIDER)), d903(e, j, E_DEC),
              null_if_blank(c903(e, j, E_REC)), null_if_blank(c903(e, j, E_REASON_PLACE_CHANGE)),
              null_if_blank(c903(e, j, E_HOME_POST)), null_if_blank(c903(e, j, E_PL_POST)),
              null_if_blank(c903(e, j, E_URN)), it->id) != DB_OK) {
    return -1;
  }
  return audit_fields(db, zActor, "import.episode", p, it) == DB_OK ? 0 : -1;
}

static int apply_review(Db *db, Return903 *r, Plan903 *p, const Sync903Item *it, const char *zActor) {
  const T903 *v = &r->a[T_REVIEWS];
  int i = it->row;
  if (it->kind == SYNC_REVIEW_NEW) {
    return db_exec(db, "INSERT INTO review(child_id, held_on, participation) VALUES (?, ?, ?)", "IDs",
                   p->aChildId[v->aChild[i]], d903(v, i, R_REVIEW), null_if_blank(c903(v, i, R_REVIEW_CODE))) == DB_OK
               ? 0
               : -1;
  }
  if (db_exec(db, "UPDATE review SET participation = ? WHERE id = ?", "sI", c903(v, i, R_REVIEW_CODE), it->id) !=
      DB_OK)
    return -1;
  return audit_fields(db, zActor, "import.review", p, it) == DB_OK ? 0 : -1;
}

static int apply_kept(Db *db, Return903 *r, Plan903 *p) {
  const T903 *h = &r->a[T_HEADER];
  Buf b = {0};
  int rc = 0;
  for (int t = T_OC2; t < T_COUNT && rc == 0; t++) {
    const T903 *tb = &r->a[t];
    if (!tb->present) continue;
    for (int i = 0; i < h->nRow && rc == 0; i++) {
      int c = h->aChild[i];
      if (p->aKept[(size_t)c * T_COUNT + t] &&
          db_exec(db, "DELETE FROM ssda903_row WHERE year = ? AND kind = ? AND child_id = ?", "isI", r->year,
                  azKept[t], p->aChildId[c]) != DB_OK)
        rc = -1;
    }
    for (int i = 0; i < tb->nRow && rc == 0; i++) {
      int c = tb->aChild[i];
      if (!p->aKept[(size_t)c * T_COUNT + t]) continue;
      kept_cells(tb, t, i, &b);
      if (db_exec(db, "INSERT INTO ssda903_row(year, kind, child_id, seq, cells) VALUES (?, ?, ?, ?, ?)", "isIis",
                  r->year, azKept[t], p->aChildId[c], i, b.z ? b.z : "") != DB_OK)
        rc = -1;
    }
  }
  buf_free(&b);
  return rc;
}

int s903_plan_apply(Db *db, Return903 *r, Plan903 *p, const char *zActor) {
  int *aUasc = uasc_rows(r);
  int rc = 0;
  /* Children first (episodes and reviews of a new child need its id),
  ** then the rest in the plan's order. */
  for (int i = 0; i < p->nItem && rc == 0; i++) {
    const Sync903Item *it = &p->aItem[i];
    if (it->kind == SYNC_CHILD_NEW || it->kind == SYNC_CHILD_CHANGED) rc = apply_child(db, r, p, it, aUasc, zActor);
  }
  for (int c = 0; c < r->nChild && rc == 0; c++)
    if (p->aListed[c] && p->aChildId[c] &&
        db_exec(db, "INSERT INTO ssda903_return_child(year, child_id) VALUES (?, ?) ON CONFLICT DO NOTHING", "iI",
                r->year, p->aChildId[c]) != DB_OK)
      rc = -1;
  for (int i = 0; i < p->nItem && rc == 0; i++) {
    const Sync903Item *it = &p->aItem[i];
    switch (it->kind) {
      case SYNC_EPISODE_NEW:
      case SYNC_EPISODE_CHANGED:
      case SYNC_EPISODE_ENDED: rc = apply_episode(db, r, p, it, zActor); break;
      case SYNC_REVIEW_NEW:
      case SYNC_REVIEW_CHANGED: rc = apply_review(db, r, p, it, zActor); break;
      default: break;   /* children done; a missing episode is kept as it is */
    }
  }
  if (rc == 0) rc = apply_kept(db, r, p);
  free(aUasc);
  return rc;
}
