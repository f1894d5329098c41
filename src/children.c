/*
** children.c: children, their episodes of care, periods of care, and the
** bulk loader the deadline engine reads from.
*/
#include "children.h"
#include "audit.h"
#include "child_records.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *registration_name(Registration r) {
  switch (r) {
    case REG_UNREGISTERED: return "unregistered";
    case REG_SUPPORTED: return "supported";
    case REG_NOT_APPLICABLE: return "not-applicable";
    default: return "registered";
  }
}

static Registration registration_parse(const char *z) {
  if (strcmp(z, "unregistered") == 0) return REG_UNREGISTERED;
  if (strcmp(z, "supported") == 0) return REG_SUPPORTED;
  if (strcmp(z, "not-applicable") == 0) return REG_NOT_APPLICABLE;
  return REG_REGISTERED;
}

void errors_add(Errors *e, const char *zField, const char *fmt, ...) {
  if (e->n >= MAX_ERRORS) return;
  snprintf(e->a[e->n].zField, sizeof e->a[e->n].zField, "%s", zField);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->a[e->n].zMsg, sizeof e->a[e->n].zMsg, fmt, ap);
  va_end(ap);
  e->n++;
}

const char *errors_for(const Errors *e, const char *zField) {
  for (int i = 0; i < e->n; i++) {
    if (strcmp(e->a[i].zField, zField) == 0) return e->a[i].zMsg;
  }
  return NULL;
}

void errors_merge(Errors *e, const Errors *more) {
  for (int i = 0; i < more->n; i++) {
    if (!errors_for(e, more->a[i].zField)) errors_add(e, more->a[i].zField, "%s", more->a[i].zMsg);
  }
}

/* ---- Loading ------------------------------------------------------------ */

/* Everything a ChildSet points into. Records are gathered in growable
** arrays, each row with the index of its child, then regrouped by child;
** the children's pointers are set once at the end, when the arrays no
** longer move. */
typedef struct Arena {
  Buf strings;
  Episode *ep; int nEp, capEp;
  Review *rv; int nRv, capRv;
  Allocation *al; int nAl, capAl;
  Contact *ct; int nCt, capCt;
  UnregEvent *ue; int nUe, capUe;
  OversightRec *orec; int nOr, capOr;
  Recommendation *rc; int nRc, capRc;
  /* per row: the index of its child in the set */
  int *iEp, *iRv, *iAl, *iCt, *iUe, *iOr, *iRc;
  /* per child: string offsets, fixed up at the end */
  size_t *oRef, *oGiven, *oFamily;
} Arena;

/* Make room for row n of array a, and note that it belongs to child k. */
#define PUSH(a, aK, n, cap, k) \
  do { if ((n) == (cap)) { (cap) = (cap) ? (cap) * 2 : 256; \
         (a) = xrealloc((a), (size_t)(cap) * sizeof *(a)); \
         (aK) = xrealloc((aK), (size_t)(cap) * sizeof *(aK)); } \
       (aK)[(n)] = (k); } while (0)

static size_t arena_str(Arena *ar, const char *z) {
  size_t o = ar->strings.n;
  buf_append(&ar->strings, z, strlen(z) + 1);
  return o;
}

/* The WHERE clause restricting child ids for a filter. Only constant SQL
** is chosen here; the filter's values are bound by bind_filter(). */
static const char *filter_sql(const ChildFilter *f) {
  if (f && f->zRef) return " WHERE child_id IN (SELECT id FROM child WHERE child_ref=?)";
  if (f && f->iroId) {
    return " WHERE child_id IN (SELECT child_id FROM allocation WHERE iro_id=? AND end_date IS NULL)";
  }
  return "";
}

static void bind_filter(Stmt *s, const ChildFilter *f) {
  if (f && f->zRef) db_bind_text(s, 1, f->zRef);
  else if (f && f->iroId) db_bind_int(s, 1, f->iroId);
}

static Stmt *prepare_filtered(Db *db, const char *zSelect, const char *zOrder, const ChildFilter *f) {
  char *zSql = xmprintf("%s%s %s", zSelect, filter_sql(f), zOrder);
  Stmt *s = db_prepare(db, zSql);
  free(zSql);
  bind_filter(s, f);
  return s;
}

/* Rows the filter will give from zTable, so arrays are sized once
** instead of doubling through a million-row load. */
static int count_rows(Db *db, const char *zTable, const ChildFilter *f) {
  char *zSql = xmprintf("SELECT count(*) FROM %s%s", zTable, filter_sql(f));
  Stmt *s = db_prepare(db, zSql);
  free(zSql);
  bind_filter(s, f);
  int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 0;
  db_finalize(s);
  return n;
}

#define PRESIZE(rows, rowsK, cap, n) \
  do { (cap) = (n) > 0 ? (n) : 1; \
       (rows) = xmalloc((size_t)(cap) * sizeof *(rows)); \
       (rowsK) = xmalloc((size_t)(cap) * sizeof *(rowsK)); } while (0)

/* Index of child id in the (id-sorted) set, or -1. */
static int child_index(const ChildSet *cs, int64_t id, int hint) {
  if (hint >= 0 && hint < cs->n && cs->a[hint].id == id) return hint;
  int lo = 0, hi = cs->n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (cs->a[mid].id == id) return mid;
    if (cs->a[mid].id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* Codes are short and this runs millions of times per load: no printf. */
static void copy_code(char *dst, size_t n, const char *z) {
  size_t i = 0;
  for (; i + 1 < n && z[i]; i++) dst[i] = z[i];
  dst[i] = 0;
}

/* Rows arrive in whatever order the table holds them (sorting millions of
** rows in SQL costs more than the rest of the load). Each loader keeps the
** child index of every row; regroup() then puts each child's rows
** together, in arrival order, and sort_slices() orders each child's few
** rows by date. */
static void *regroup(void *rows, size_t size, const int *aChild, int nRow, int nChild,
                     int *aCount) {
  int grouped = 1;
  for (int i = 1; i < nRow && grouped; i++) grouped = aChild[i - 1] <= aChild[i];
  if (grouped) return rows;   /* the usual case: written a child at a time */
  int *aAt = xmalloc(((size_t)nChild + 1) * sizeof(int));
  int at = 0;
  for (int i = 0; i < nChild; i++) {
    aAt[i] = at;
    at += aCount[i];
  }
  char *out = xmalloc((size_t)(nRow ? nRow : 1) * size);
  for (int i = 0; i < nRow; i++) {
    memcpy(out + (size_t)aAt[aChild[i]]++ * size, (char *)rows + (size_t)i * size, size);
  }
  free(aAt);
  free(rows);
  return out;
}

static void sort_slices(char *rows, size_t size, const int *aCount, int nChild,
                        int (*cmp)(const void *, const void *)) {
  size_t at = 0;
  for (int i = 0; i < nChild; i++) {
    char *p = rows + at * size;
    int n = aCount[i];
    int sorted = 1;
    for (int k = 1; k < n && sorted; k++) sorted = cmp(p + (size_t)(k - 1) * size, p + (size_t)k * size) <= 0;
    if (!sorted) qsort(p, (size_t)n, size, cmp);
    at += (size_t)n;
  }
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))
static int cmp_episode(const void *a, const void *b) {
  const Episode *x = a, *y = b;
  return x->start != y->start ? CMP(x->start, y->start) : CMP(x->id, y->id);
}
static int cmp_review(const void *a, const void *b) {
  const Review *x = a, *y = b;
  return x->held != y->held ? CMP(x->held, y->held) : CMP(x->id, y->id);
}
static int cmp_allocation(const void *a, const void *b) {
  const Allocation *x = a, *y = b;
  return x->start != y->start ? CMP(x->start, y->start) : CMP(x->id, y->id);
}
static int cmp_contact(const void *a, const void *b) {
  const Contact *x = a, *y = b;
  return x->on != y->on ? CMP(x->on, y->on) : CMP(x->id, y->id);
}
static int cmp_unreg_event(const void *a, const void *b) {
  const UnregEvent *x = a, *y = b;
  return x->on != y->on ? CMP(x->on, y->on) : CMP(x->id, y->id);
}
static int cmp_recommendation(const void *a, const void *b) {
  const Recommendation *x = a, *y = b;
  return x->held != y->held ? CMP(x->held, y->held) : CMP(x->id, y->id);
}
static int cmp_oversight(const void *a, const void *b) {
  const OversightRec *x = a, *y = b;
  return x->recorded != y->recorded ? CMP(x->recorded, y->recorded) : CMP(x->id, y->id);
}

/* 'YYYY-MM' as year*12 + month-1 (month_index() in unregistered.c), or -1. */
static int month_code(const char *z) {
  if (strlen(z) != 7 || z[4] != '-') return -1;
  int y = atoi(z), m = atoi(z + 5);
  return m >= 1 && m <= 12 ? y * 12 + m - 1 : -1;
}

ChildSet *childset_load(Db *db, const ChildFilter *f) {
  ChildSet *cs = xcalloc(1, sizeof *cs);
  Arena *ar = xcalloc(1, sizeof *ar);
  cs->pArena = ar;
  int cap = 0, rc;

  /* The children themselves: the filter applies to "id" here, so reuse the
  ** same clause by naming the column child_id in a derived table. */
  Stmt *s = prepare_filtered(db,
      "SELECT child_id, child_ref, given_name, family_name, dob, sex, locality_id,"
      " sibling_group_id, uasc, notified FROM (SELECT c.id AS child_id, c.child_ref,"
      " c.given_name, c.family_name, c.dob, c.sex, c.locality_id, c.sibling_group_id, c.uasc,"
      " (SELECT max(n.notified_on) FROM care_notification n WHERE n.child_id = c.id) AS notified"
      " FROM child c) AS k", "ORDER BY child_id", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if (cs->n == cap) {
      cap = cap ? cap * 2 : 256;
      cs->a = xrealloc(cs->a, (size_t)cap * sizeof *cs->a);
      ar->oRef = xrealloc(ar->oRef, (size_t)cap * sizeof(size_t));
      ar->oGiven = xrealloc(ar->oGiven, (size_t)cap * sizeof(size_t));
      ar->oFamily = xrealloc(ar->oFamily, (size_t)cap * sizeof(size_t));
    }
    Child *c = &cs->a[cs->n];
    memset(c, 0, sizeof *c);
    c->id = db_col_int(s, 0);
    ar->oRef[cs->n] = arena_str(ar, db_col_text(s, 1));
    ar->oGiven[cs->n] = arena_str(ar, db_col_text(s, 2));
    ar->oFamily[cs->n] = arena_str(ar, db_col_text(s, 3));
    c->dob = db_col_date(s, 4);
    c->sex = db_col_text(s, 5)[0];
    c->localityId = db_col_int(s, 6);
    c->siblingGroupId = db_col_int(s, 7);
    c->uasc = (int)db_col_int(s, 8);
    c->notified = db_col_date(s, 9);
    cs->n++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;
  int n = cs->n;
  /* Sizing first pays for the whole council's million rows, not for one
  ** caseload, where the counting would cost more than the growing. */
  if (!f || (!f->zRef && !f->iroId)) {
    PRESIZE(ar->ep, ar->iEp, ar->capEp, count_rows(db, "episode", f));
    PRESIZE(ar->rv, ar->iRv, ar->capRv, count_rows(db, "review", f));
    PRESIZE(ar->al, ar->iAl, ar->capAl, count_rows(db, "allocation", f));
    PRESIZE(ar->ct, ar->iCt, ar->capCt, count_rows(db, "contact", f));
  }

  /* A record's child is found by a hint (the previous record's child,
  ** right whenever a child's records were written together) before
  ** falling back to a search. */
  int hint = 0, k;
  s = prepare_filtered(db,
      "SELECT child_id, id, start_date, end_date, rne, legal_status, cin, placement,"
      " provider, registration, end_reason FROM episode", "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->ep, ar->iEp, ar->nEp, ar->capEp, k);
    Episode *e = &ar->ep[ar->nEp++];
    memset(e, 0, sizeof *e);
    e->id = db_col_int(s, 1);
    e->start = db_col_date(s, 2);
    e->end = db_col_date(s, 3);
    copy_code(e->rne, sizeof e->rne, db_col_text(s, 4));
    copy_code(e->legalStatus, sizeof e->legalStatus, db_col_text(s, 5));
    copy_code(e->cin, sizeof e->cin, db_col_text(s, 6));
    copy_code(e->placement, sizeof e->placement, db_col_text(s, 7));
    copy_code(e->provider, sizeof e->provider, db_col_text(s, 8));
    e->registration = (unsigned char)registration_parse(db_col_text(s, 9));
    copy_code(e->endReason, sizeof e->endReason, db_col_text(s, 10));
    cs->a[k].nEp++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  hint = 0;
  s = prepare_filtered(db,
      "SELECT child_id, id, iro_id, held_on, due_on, planned_on, recommendations_on, minutes_on,"
      " participation, mode, child_chaired, advocate, iro_saw_child, permanence_plan,"
      " independence_discussed, pathway_plan, personal_adviser, ni_number, passport,"
      " bank_account, birth_certificate, advocacy_discussed, independent_visitor_discussed,"
      " permanence_type FROM review", "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->rv, ar->iRv, ar->nRv, ar->capRv, k);
    Review *r = &ar->rv[ar->nRv++];
    memset(r, 0, sizeof *r);
    r->childId = db_col_int(s, 0);
    r->id = db_col_int(s, 1);
    r->iroId = db_col_int(s, 2);
    r->held = db_col_date(s, 3);
    r->due = db_col_date(s, 4);
    r->planned = db_col_date(s, 5);
    r->recommendations = db_col_date(s, 6);
    r->minutes = db_col_date(s, 7);
    copy_code(r->participation, sizeof r->participation, db_col_text(s, 8));
    const char *zMode = db_col_text(s, 9);
    r->mode = zMode[0] == 'i' ? 'p' : zMode[0] == 'v' ? 'v' : 0;
    signed char *apFlag[] = {&r->childChaired, &r->advocate, &r->sawChild, &r->permanence,
                             &r->independence, &r->pathway, &r->adviser, &r->niNumber,
                             &r->passport, &r->bankAccount, &r->birthCertificate,
                             &r->advocacy, &r->independentVisitor};
    for (int i = 0; i < COUNT(apFlag); i++) *apFlag[i] = (signed char)db_col_bool3(s, 10 + i);
    copy_code(r->permanenceType, sizeof r->permanenceType, db_col_text(s, 23));
    cs->a[k].nRv++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  hint = 0;
  s = prepare_filtered(db, "SELECT child_id, id, iro_id, start_date, end_date FROM allocation",
                       "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->al, ar->iAl, ar->nAl, ar->capAl, k);
    Allocation *a = &ar->al[ar->nAl++];
    a->id = db_col_int(s, 1);
    a->iroId = db_col_int(s, 2);
    a->start = db_col_date(s, 3);
    a->end = db_col_date(s, 4);
    cs->a[k].nAl++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  hint = 0;
  s = prepare_filtered(db, "SELECT child_id, id, iro_id, contact_on, kind, with_whom FROM contact",
                       "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->ct, ar->iCt, ar->nCt, ar->capCt, k);
    Contact *c = &ar->ct[ar->nCt++];
    memset(c, 0, sizeof *c);
    c->id = db_col_int(s, 1);
    c->iroId = db_col_int(s, 2);
    c->on = db_col_date(s, 3);
    copy_code(c->kind, sizeof c->kind, db_col_text(s, 4));
    copy_code(c->with, sizeof c->with, db_col_text(s, 5));
    cs->a[k].nCt++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  /* Few children have these (those placed in unregistered provision), so
  ** the arrays grow as rows come instead of being counted first. */
  hint = 0;
  s = prepare_filtered(db, "SELECT child_id, id, episode_id, kind, on_date FROM unreg_event", "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->ue, ar->iUe, ar->nUe, ar->capUe, k);
    UnregEvent *e = &ar->ue[ar->nUe++];
    e->id = db_col_int(s, 1);
    e->episodeId = db_col_int(s, 2);
    e->kind = strcmp(db_col_text(s, 3), "iro-visit") == 0 ? UNREG_IRO_VISIT : UNREG_QA_NOTIFIED;
    e->on = db_col_date(s, 4);
    cs->a[k].unreg.nEv++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  hint = 0;
  s = prepare_filtered(db, "SELECT child_id, id, iro_id, month, recorded_on, check_a, check_b,"
                           " check_c, check_d FROM oversight_record", "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->orec, ar->iOr, ar->nOr, ar->capOr, k);
    OversightRec *r = &ar->orec[ar->nOr++];
    r->id = db_col_int(s, 1);
    r->iroId = db_col_int(s, 2);
    r->month = month_code(db_col_text(s, 3));
    r->recorded = db_col_date(s, 4);
    for (int i = 0; i < N_CHECKS; i++) r->check[i] = (signed char)db_col_int(s, 5 + i);
    cs->a[k].unreg.nRec++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  /* Recommendations grow as rows come too: most children have a few, and
  ** the review's date is joined in so the engine never looks it up. The
  ** derived table lets the filter name child_id unambiguously. */
  hint = 0;
  s = prepare_filtered(db, "SELECT child_id, id, review_id, held_on, due_on, status, closed_on FROM"
                           " (SELECT x.child_id, x.id, x.review_id, r.held_on, x.due_on, x.status,"
                           " x.closed_on FROM recommendation x JOIN review r ON r.id = x.review_id) AS k",
                       "", f);
  while ((rc = db_step(s)) == DB_ROW) {
    if ((k = child_index(cs, db_col_int(s, 0), hint)) < 0) continue;
    hint = k;
    PUSH(ar->rc, ar->iRc, ar->nRc, ar->capRc, k);
    Recommendation *r = &ar->rc[ar->nRc++];
    r->id = db_col_int(s, 1);
    r->reviewId = db_col_int(s, 2);
    r->held = db_col_date(s, 3);
    r->due = db_col_date(s, 4);
    const char *zStatus = db_col_text(s, 5);
    r->status = zStatus[0] == 'd' ? REC_DONE : zStatus[0] == 'n' ? REC_NOT_DONE : REC_OPEN;
    r->closed = db_col_date(s, 6);
    cs->a[k].nRc++;
  }
  db_finalize(s);
  if (rc != DB_DONE) goto failed;

  int *aCount = xmalloc(((size_t)n + 1) * sizeof(int));
#define REGROUP(rows, rowsK, nRow, field, cmp) \
  do { for (int i = 0; i < n; i++) aCount[i] = cs->a[i].field; \
       (rows) = regroup((rows), sizeof *(rows), (rowsK), (nRow), n, aCount); \
       sort_slices((char *)(rows), sizeof *(rows), aCount, n, cmp); } while (0)
  REGROUP(ar->ep, ar->iEp, ar->nEp, nEp, cmp_episode);
  REGROUP(ar->rv, ar->iRv, ar->nRv, nRv, cmp_review);
  REGROUP(ar->al, ar->iAl, ar->nAl, nAl, cmp_allocation);
  REGROUP(ar->ct, ar->iCt, ar->nCt, nCt, cmp_contact);
  REGROUP(ar->ue, ar->iUe, ar->nUe, unreg.nEv, cmp_unreg_event);
  REGROUP(ar->orec, ar->iOr, ar->nOr, unreg.nRec, cmp_oversight);
  REGROUP(ar->rc, ar->iRc, ar->nRc, nRc, cmp_recommendation);
#undef REGROUP
  free(aCount);

  /* Each child's records are now one slice, in date order. */
  int oEp = 0, oRv = 0, oAl = 0, oCt = 0, oUe = 0, oOr = 0, oRc = 0;
  for (int i = 0; i < n; i++) {
    Child *c = &cs->a[i];
    c->ep = ar->ep + oEp; oEp += c->nEp;
    c->rv = ar->rv + oRv; oRv += c->nRv;
    c->al = ar->al + oAl; oAl += c->nAl;
    c->ct = ar->ct + oCt; oCt += c->nCt;
    /* Most children have none: their slices stay NULL, not NULL + 0. */
    if (c->unreg.nEv) c->unreg.ev = ar->ue + oUe;
    if (c->unreg.nRec) c->unreg.rec = ar->orec + oOr;
    if (c->nRc) c->rc = ar->rc + oRc;
    oRc += c->nRc;
    oUe += c->unreg.nEv;
    oOr += c->unreg.nRec;
    c->zRef = ar->strings.z + ar->oRef[i];
    c->zGiven = ar->strings.z + ar->oGiven[i];
    c->zFamily = ar->strings.z + ar->oFamily[i];
  }
  return cs;

failed:
  /* Children without some of their reviews or episodes would look
  ** overdue or out of care: nothing, rather than part. An empty set, not
  ** NULL, so a caller that forgets to check shows nothing rather than
  ** crashing; the failure is noted on the connection too. */
  childset_free(cs);
  cs = xcalloc(1, sizeof *cs);
  cs->pArena = xcalloc(1, sizeof(Arena));
  cs->readError = 1;
  return cs;
}

void childset_free(ChildSet *cs) {
  if (!cs) return;
  Arena *ar = cs->pArena;
  buf_free(&ar->strings);
  free(ar->ep);
  free(ar->rv);
  free(ar->al);
  free(ar->ct);
  free(ar->ue);
  free(ar->orec);
  free(ar->rc);
  free(ar->iRc);
  free(ar->iEp);
  free(ar->iRv);
  free(ar->iAl);
  free(ar->iCt);
  free(ar->iUe);
  free(ar->iOr);
  free(ar->oRef);
  free(ar->oGiven);
  free(ar->oFamily);
  free(ar);
  free(cs->a);
  free(cs);
}

/* ---- Periods of care ---------------------------------------------------- */

int child_periods(const Child *c, Date asOf, Period *out, int max) {
  int n = 0;
  Date prevEnd = DATE_NONE;
  for (int i = 0; i < c->nEp; i++) {
    const Episode *e = &c->ep[i];
    if (e->start > asOf) break;
    Date end = (e->end == DATE_NONE || e->end > asOf) ? DATE_NONE : e->end;
    /* A new period starts after a gap: an episode beginning after the day
    ** the last one ended. SSDA903 episodes that continue begin that day. */
    int fresh = n == 0 || (prevEnd != DATE_NONE && e->start > prevEnd);
    if (fresh) {
      if (n == max) break;
      out[n++] = (Period){e->start, end, i, 1};
    } else {
      out[n - 1].nEp++;
      out[n - 1].end = end;
    }
    prevEnd = end;
  }
  return n;
}

int child_last_period(const Child *c, Date asOf, Period *out) {
  int found = 0;
  Date prevEnd = DATE_NONE;
  Period p = {0};
  /* The same rule as child_periods(), keeping only the latest. */
  for (int i = 0; i < c->nEp; i++) {
    const Episode *e = &c->ep[i];
    if (e->start > asOf) break;
    Date end = (e->end == DATE_NONE || e->end > asOf) ? DATE_NONE : e->end;
    if (!found || (prevEnd != DATE_NONE && e->start > prevEnd)) {
      p = (Period){e->start, end, i, 1};
      found = 1;
    } else {
      p.nEp++;
      p.end = end;
    }
    prevEnd = end;
  }
  if (found && out) *out = p;
  return found;
}

int child_in_care(const Child *c, Date asOf, Period *out) {
  Period p;
  if (!child_last_period(c, asOf, &p) || p.end != DATE_NONE) return 0;
  if (out) *out = p;
  return 1;
}

const Allocation *child_allocation_on(const Child *c, Date asOf) {
  const Allocation *found = NULL;
  for (int i = 0; i < c->nAl; i++) {
    const Allocation *a = &c->al[i];
    /* An allocation ending on a day hands over that day to the next. */
    if (a->start <= asOf && (a->end == DATE_NONE || a->end > asOf)) found = a;
  }
  return found;
}

/* ---- Writing ------------------------------------------------------------ */

char *child_record_name(Db *db, int64_t childId) {
  Stmt *s = db_query(db, "SELECT child_ref FROM child WHERE id=?", "I", childId);
  char *z = db_step(s) == DB_ROW ? xmprintf("child:%s", db_col_text(s, 0))
                                 : xmprintf("child:(unknown %lld)", (long long)childId);
  db_finalize(s);
  return z;
}

int64_t child_id_for_ref(Db *db, const char *zRef) {
  return db_int(db, 0, "SELECT id FROM child WHERE child_ref=?", "s", zRef);
}

static int is_code(const char *z, const char *const *az, int n) {
  for (int i = 0; i < n; i++) {
    if (z && strcmp(z, az[i]) == 0) return 1;
  }
  return 0;
}

/* One path for every new child: the checks and the audit entry are
** child_record_save's (child_records.c), whoever adds the child. */
int64_t child_add(Db *db, const ChildInput *in, const char *zActor, Errors *err) {
  ChildRecord r;
  memset(&r, 0, sizeof r);
  const char *az[CR_N] = {in->zRef, in->zGiven, in->zFamily, in->zDob, in->zSex, in->zEthnicity,
                          in->uasc > 0 ? "yes" : "no",
                          in->disability < 0 ? "" : in->disability ? "yes" : "no", in->zSen, in->zLocality};
  for (int i = 0; i < CR_N; i++) {
    if (child_record_set(&r, i, az[i]) != 0) errors_add(err, child_record_column[i], "This is too long");
  }
  if (err->n) return 0;
  return child_record_save(db, 0, &r, CHILD_NEW_LOCALITY, date_today(), zActor, err, NULL);
}

static const char *const azRne[] = {"S", "L", "P", "T", "B", "U"};
static const char *const azLs[] = {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"};
static const char *const azCin[] = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};
static const char *const azPlace[] = {
  "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
  "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12", "Z13", "Z14",
};
static const char *const azProvider[] = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"};

int64_t episode_add(Db *db, int64_t childId, const EpisodeInput *in, const char *zActor, Errors *err) {
  Date start = DATE_NONE, end = DATE_NONE;
  if (!in->zStart || date_parse(in->zStart, &start) != 0) {
    errors_add(err, "start_date", "Enter the date the episode started, like 2024-04-01");
  }
  if (!is_code(in->zRne, azRne, COUNT(azRne))) errors_add(err, "rne", "Select the reason for the new episode (S, L, P, T, B or U)");
  if (!is_code(in->zLegalStatus, azLs, COUNT(azLs))) errors_add(err, "legal_status", "Select a legal status, like C2");
  if (!is_code(in->zCin, azCin, COUNT(azCin))) errors_add(err, "cin", "Select a category of need, N1 to N8");
  if (!is_code(in->zPlacement, azPlace, COUNT(azPlace))) errors_add(err, "placement", "Select a placement type, like U4");
  if (in->zProvider && *in->zProvider && !is_code(in->zProvider, azProvider, COUNT(azProvider))) {
    errors_add(err, "provider", "Placement provider must be PR0 to PR5");
  }
  const char *zReg = in->zRegistration && *in->zRegistration ? in->zRegistration : "registered";
  if (!is_code(zReg, (const char *const[]){"registered", "unregistered", "supported", "not-applicable"}, 4)) {
    errors_add(err, "registration", "Provider registration must be registered, unregistered, supported or not-applicable");
  }
  if (in->zEnd && *in->zEnd) {
    if (date_parse(in->zEnd, &end) != 0) errors_add(err, "end_date", "Episode end date must be a real date, like 2025-01-31");
    else if (start != DATE_NONE && end < start) errors_add(err, "end_date", "The episode cannot end before it started");
    if (!in->zEndReason || !*in->zEndReason) errors_add(err, "end_reason", "Enter the reason the episode ended, like X1");
  }
  if (!err->n && !db_int(db, 0, "SELECT count(*) FROM child WHERE id=?", "I", childId)) {
    errors_add(err, "child", "There is no such child: add the child before their episodes");
  }
  if (err->n) return 0;
  int64_t id = 0;
  db_begin(db);
  Stmt *s = db_query(db,
      "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider,"
      " registration, end_date, end_reason) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "IsssssssDs", childId, in->zStart, in->zRne, in->zLegalStatus, in->zCin, in->zPlacement,
      in->zProvider && *in->zProvider ? in->zProvider : NULL, zReg, (int)end,
      end == DATE_NONE ? NULL : in->zEndReason);
  if (db_step(s) == DB_ROW) id = db_col_int(s, 0);
  db_finalize(s);
  char *zRec = child_record_name(db, childId);
  char *zAfter = xmprintf("episode %lld from %s, %s %s %s", (long long)id, in->zStart,
                          in->zLegalStatus, in->zPlacement, zReg);
  if (!id || audit_write(db, zActor, "episode.add", zRec, NULL, zAfter, NULL) != DB_OK ||
      db_commit(db) != DB_OK) {
    if (db_depth(db)) db_rollback(db);
    if (db_err_is_constraint(db)) errors_add(err, "start_date", "This child already has an episode starting on %s", in->zStart);
    else errors_add(err, "start_date", "Could not save the episode: %s", db_errmsg(db));
    id = 0;
  }
  free(zRec);
  free(zAfter);
  return id;
}

int care_notification_add(Db *db, int64_t childId, Date on, const char *zActor, Errors *err) {
  if (on == DATE_NONE) {
    errors_add(err, "notified_on", "Enter the date the service was notified");
    return -1;
  }
  char zOn[11];
  char *zRec = child_record_name(db, childId);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO care_notification(child_id, notified_on) VALUES(?, ?)", "Is",
                   childId, date_iso(on, zOn));
  if (rc == DB_OK) rc = audit_write(db, zActor, "notification.add", zRec, NULL, zOn, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zRec);
  if (rc != DB_OK) errors_add(err, "notified_on", "Could not save the notification: %s", db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

int siblings_link(Db *db, const char *const *azRef, int n, const char *zActor, Errors *err) {
  if (n < 2) {
    errors_add(err, "children", "Choose at least two children to link as siblings");
    return -1;
  }
  for (int i = 0; i < n; i++) {
    if (!child_id_for_ref(db, azRef[i])) errors_add(err, "children", "There is no child with ID %s", azRef[i]);
  }
  if (err->n) return -1;
  db_begin(db);
  /* Join an existing group if any of the children is already in one. */
  int64_t g = 0;
  for (int i = 0; i < n && !g; i++) {
    g = db_int(db, 0, "SELECT sibling_group_id FROM child WHERE child_ref=?", "s", azRef[i]);
  }
  int rc = DB_OK;
  if (!g) {
    Stmt *s = db_query(db, "INSERT INTO sibling_group(name) VALUES(?) RETURNING id", "s", azRef[0]);
    if (db_step(s) == DB_ROW) g = db_col_int(s, 0);
    else rc = DB_ERROR;
    db_finalize(s);
  }
  for (int i = 0; i < n && rc == DB_OK; i++) {
    rc = db_exec(db, "UPDATE child SET sibling_group_id=? WHERE child_ref=?", "Is", g, azRef[i]);
    char *zRec = xmprintf("child:%s", azRef[i]);
    char *zAfter = xmprintf("sibling group %lld", (long long)g);
    if (rc == DB_OK) rc = audit_write(db, zActor, "siblings.link", zRec, NULL, zAfter, NULL);
    free(zRec);
    free(zAfter);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "children", "Could not link the siblings: %s", db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

/* ---- Finding a child ---------------------------------------------------------- */

/* The letter each accented Latin letter from U+00C0 to U+017F is typed as
** on an English keyboard; "" where there is none (multiplication and
** division signs). Two-letter forms (ß, æ, œ, þ) are written out. */
static const char *const azFold[] = {
  /* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  /* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
  /* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  /* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
  /* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
  /* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
  /* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
  /* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
  /* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
  /* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
  /* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
  /* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

void child_fold(const char *z, Buf *out) {
  const unsigned char *p = (const unsigned char *)z;
  int space = 1;   /* at the start, or after a space: another is not written */
  size_t n0 = out->n;
  while (*p) {
    unsigned c = *p;
    if (c == ' ' || c == ',' || c == '\t') {
      if (!space) buf_putc(out, ' ');
      space = 1;
      p++;
      continue;
    }
    space = 0;
    if (c < 0x80) {
      buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
      p++;
    } else if ((c & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
      unsigned u = ((c & 0x1F) << 6) | (p[1] & 0x3F);
      if (u >= 0xC0 && u <= 0x17F) buf_puts(out, azFold[u - 0xC0]);
      else buf_append(out, (const char *)p, 2);
      p += 2;
    } else {
      /* Anything else (other scripts, punctuation such as curly quotes)
      ** is compared as it is. */
      buf_putc(out, (char)c);
      p++;
    }
  }
  if (out->n > n0 && out->z[out->n - 1] == ' ') out->z[--out->n] = 0;
}

int child_matches(const char *zQuery, const char *zFolded, const char *zRef, const char *zGiven,
                  const char *zFamily) {
  if (!zFolded[0]) return 0;
  if (strcmp(zQuery, zRef) == 0) return 2;
  /* Part of an ID: one word, found in the ID whatever its case. */
  if (!strchr(zFolded, ' ')) {
    Buf ref = {0};
    child_fold(zRef, &ref);
    int in = ref.z && strstr(ref.z, zFolded) != NULL;
    buf_free(&ref);
    if (in) return 1;
  }
  Buf name = {0};
  child_fold(zGiven, &name);
  buf_putc(&name, ' ');
  child_fold(zFamily, &name);
  int ok = 1;
  const char *w = zFolded;
  while (ok && *w) {
    const char *e = strchr(w, ' ');
    size_t n = e ? (size_t)(e - w) : strlen(w);
    char *zWord = xmprintf("%.*s", (int)n, w);
    ok = strstr(name.z ? name.z : "", zWord) != NULL;
    free(zWord);
    w += n + (e ? 1 : 0);
  }
  buf_free(&name);
  return ok;
}
