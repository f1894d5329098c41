/*
** iros.c: reviewing officers, caseloads and allocation (SPEC §2).
*/
#include "iros.h"
#include "audit.h"
#include "rules.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_id(const void *pa, const void *pb) {
  int64_t a = ((const struct IroIndex *)pa)->id, b = ((const struct IroIndex *)pb)->id;
  return (a > b) - (a < b);
}

static IroList *load(Db *db, Date asOf, int withCaseload) {
  IroList *l = xcalloc(1, sizeof *l);
  Stmt *s = db_prepare(db, "SELECT id, name, fte, other_duties, active FROM iro ORDER BY name, id");
  int cap = 0;
  while (db_step(s) == DB_ROW) {
    if (l->n == cap) l->a = xrealloc(l->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *l->a);
    Iro *i = &l->a[l->n++];
    memset(i, 0, sizeof *i);
    i->id = db_col_int(s, 0);
    i->zName = xstrdup(db_col_text(s, 1));
    i->fte = db_col_double(s, 2);
    i->otherDuties = (int)db_col_int(s, 3);
    i->active = (int)db_col_int(s, 4);
  }
  db_finalize(s);
  /* A council can have hundreds of IROs: find them by id in log time. */
  l->aById = xmalloc((size_t)(l->n ? l->n : 1) * sizeof *l->aById);
  for (int i = 0; i < l->n; i++) l->aById[i] = (struct IroIndex){l->a[i].id, i};
  qsort(l->aById, (size_t)l->n, sizeof *l->aById, by_id);
  if (withCaseload) {
    /* One grouped pass, not a count per IRO: a council can have hundreds. */
    char zOn[11];
    date_iso(asOf, zOn);
    s = db_query(db, "SELECT iro_id, count(*) FROM allocation WHERE start_date <= ?"
                     " AND (end_date IS NULL OR end_date > ?) GROUP BY iro_id", "ss", zOn, zOn);
    while (db_step(s) == DB_ROW) {
      Iro *i = (Iro *)iros_find(l, db_col_int(s, 0));
      if (i) i->caseload = (int)db_col_int(s, 1);
    }
    db_finalize(s);
  }
  s = db_prepare(db, "SELECT iro_id, locality_id FROM iro_locality ORDER BY iro_id, locality_id");
  while (db_step(s) == DB_ROW) {
    Iro *i = (Iro *)iros_find(l, db_col_int(s, 0));
    if (!i) continue;
    i->aLocality = xrealloc(i->aLocality, (size_t)(i->nLocality + 1) * sizeof(int64_t));
    i->aLocality[i->nLocality++] = db_col_int(s, 1);
  }
  db_finalize(s);
  return l;
}

IroList *iros_load(Db *db, Date asOf) { return load(db, asOf, 1); }

IroList *iros_load_names(Db *db) { return load(db, DATE_NONE, 0); }

int iro_load_one(Db *db, int64_t id, Date asOf, Iro *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT id, name, fte, other_duties, active FROM iro WHERE id = ?", "I", id);
  int found = db_step(s) == DB_ROW;
  if (found) {
    out->id = db_col_int(s, 0);
    out->zName = xstrdup(db_col_text(s, 1));
    out->fte = db_col_double(s, 2);
    out->otherDuties = (int)db_col_int(s, 3);
    out->active = (int)db_col_int(s, 4);
  }
  db_finalize(s);
  if (!found) return 0;
  out->caseload = iro_caseload(db, id, asOf);
  s = db_query(db, "SELECT locality_id FROM iro_locality WHERE iro_id = ? ORDER BY locality_id", "I", id);
  while (db_step(s) == DB_ROW) {
    out->aLocality = xrealloc(out->aLocality, (size_t)(out->nLocality + 1) * sizeof(int64_t));
    out->aLocality[out->nLocality++] = db_col_int(s, 0);
  }
  db_finalize(s);
  return 1;
}

void iro_clear(Iro *i) {
  free(i->zName);
  free(i->aLocality);
  memset(i, 0, sizeof *i);
}

int iro_caseload(Db *db, int64_t iroId, Date asOf) {
  char zOn[11];
  date_iso(asOf, zOn);
  return (int)db_int(db, 0, "SELECT count(*) FROM allocation WHERE iro_id = ? AND start_date <= ?"
                            " AND (end_date IS NULL OR end_date > ?)", "Iss", iroId, zOn, zOn);
}

void iros_free(IroList *l) {
  if (!l) return;
  for (int i = 0; i < l->n; i++) {
    free(l->a[i].zName);
    free(l->a[i].aLocality);
  }
  free(l->a);
  free(l->aById);
  free(l);
}

const Iro *iros_find(const IroList *l, int64_t id) {
  int lo = 0, hi = l->n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int64_t x = l->aById[mid].id;
    if (x == id) return &l->a[l->aById[mid].i];
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

int64_t iro_lookup(Db *db, const char *z) {
  long id;
  if (parse_int(z, 1, 2000000000L, &id) == 0) {
    return db_int(db, 0, "SELECT id FROM iro WHERE id=?", "I", (int64_t)id);
  }
  return db_int(db, 0, "SELECT id FROM iro WHERE name=?", "s", z);
}

/* Thresholds scale with FTE and shrink by other duties (SPEC §2). */
static int threshold(const Rule *r, const Iro *i) {
  return (int)floor(r->amount * i->fte + 1e-9) - i->otherDuties;
}

int iro_capacity(const Iro *i) { return threshold(core_rules()->caseloadAmber, i); }

CaseloadBand iro_band(const Iro *i) {
  const CoreRules *R = core_rules();
  if (i->caseload > threshold(R->caseloadRed, i)) return CASELOAD_RED;
  if (i->caseload > threshold(R->caseloadAmber, i)) return CASELOAD_AMBER;
  return CASELOAD_OK;
}

const char *caseload_band_name(CaseloadBand b) {
  return b == CASELOAD_RED ? "red" : b == CASELOAD_AMBER ? "amber" : "ok";
}

static int linked_to(const Iro *i, int64_t localityId) {
  for (int k = 0; k < i->nLocality; k++) {
    if (i->aLocality[k] == localityId) return 1;
  }
  return 0;
}

int64_t iro_suggest(Db *db, const Child *c, Date asOf, char *zWhy, int nWhy) {
  char zOn[11];
  date_iso(asOf, zOn);
  /* A sibling in care with an IRO: keep the family together (SPEC §2). */
  if (c->siblingGroupId) {
    Stmt *s = db_query(db,
        "SELECT a.iro_id, i.name, c.given_name FROM child c"
        " JOIN allocation a ON a.child_id = c.id AND a.start_date <= ?"
        "  AND (a.end_date IS NULL OR a.end_date > ?)"
        " JOIN iro i ON i.id = a.iro_id AND i.active = 1"
        " WHERE c.sibling_group_id = ? AND c.id <> ?"
        " AND EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.start_date <= ?"
        "  AND (e.end_date IS NULL OR e.end_date > ?))"
        " ORDER BY a.start_date, c.id",
        "ssIIss", zOn, zOn, c->siblingGroupId, c->id, zOn, zOn);
    if (db_step(s) == DB_ROW) {
      int64_t id = db_col_int(s, 0);
      snprintf(zWhy, (size_t)nWhy, "%s is the IRO of %s's sibling %s, and siblings should share an IRO",
               db_col_text(s, 1), c->zGiven, db_col_text(s, 2));
      db_finalize(s);
      return id;
    }
    db_finalize(s);
  }
  IroList *l = iros_load(db, asOf);
  const Iro *best = NULL;
  int bestSpare = 0, bestPref = 0;
  for (int k = 0; k < l->n; k++) {
    const Iro *i = &l->a[k];
    if (!i->active) continue;
    int spare = iro_capacity(i) - i->caseload;
    /* Linked to the child's locality with room to spare beats everything;
    ** then the most spare capacity. A linked IRO who is full does not. */
    int pref = c->localityId && linked_to(i, c->localityId) && spare > 0;
    if (!best || pref > bestPref || (pref == bestPref && spare > bestSpare)) {
      best = i;
      bestSpare = spare;
      bestPref = pref;
    }
  }
  int64_t id = 0;
  if (!best) {
    snprintf(zWhy, (size_t)nWhy, "There is no active IRO to suggest");
  } else {
    id = best->id;
    snprintf(zWhy, (size_t)nWhy, "%s has %d %s (caseload %d of %d)%s", best->zName,
             bestSpare > 0 ? bestSpare : 0, bestSpare == 1 ? "place free" : "places free",
             best->caseload, iro_capacity(best),
             bestPref ? " and is linked to the child's locality"
                                          : ", the most spare capacity");
  }
  iros_free(l);
  return id;
}

int iro_allocate(Db *db, int64_t childId, int64_t iroId, Date on, const char *zReason,
                 const char *zActor, Errors *err) {
  char zOn[11];
  date_iso(on, zOn);
  if (on == DATE_NONE) errors_add(err, "start_date", "Enter the date the IRO takes the child on");
  if (!iroId || !db_int(db, 0, "SELECT active FROM iro WHERE id=?", "I", iroId)) {
    errors_add(err, "iro", "Select an active IRO");
  }
  int64_t curId = 0, curIro = 0;
  Date curStart = DATE_NONE;
  Stmt *s = db_query(db, "SELECT id, iro_id, start_date FROM allocation"
                         " WHERE child_id=? AND end_date IS NULL", "I", childId);
  if (db_step(s) == DB_ROW) {
    curId = db_col_int(s, 0);
    curIro = db_col_int(s, 1);
    curStart = db_col_date(s, 2);
  }
  db_finalize(s);
  if (curId && curIro == iroId) errors_add(err, "iro", "This IRO is already allocated to the child");
  if (curId && (!zReason || !*zReason)) {
    errors_add(err, "reason", "Enter the reason for the change of IRO");
  }
  if (curId && on != DATE_NONE && on < curStart) {
    char z[24];
    errors_add(err, "start_date", "The change cannot be before the current IRO started (%s)",
               date_long(curStart, z));
  }
  if (err->n) return -1;
  char *zRec = child_record_name(db, childId);
  char *zBefore = curId ? xmprintf("iro %lld", (long long)curIro) : NULL;
  char *zAfter = xmprintf("iro %lld from %s: %s", (long long)iroId, zOn,
                          zReason && *zReason ? zReason : "New to care");
  db_begin(db);
  int rc = DB_OK;
  if (curId) rc = db_exec(db, "UPDATE allocation SET end_date=? WHERE id=?", "sI", zOn, curId);
  if (rc == DB_OK) {
    rc = db_exec(db, "INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES(?, ?, ?, ?)",
                 "IIss", childId, iroId, zOn, zReason && *zReason ? zReason : "New to care");
  }
  if (rc == DB_OK) rc = audit_write(db, zActor, curId ? "allocation.change" : "allocation.add",
                                    zRec, zBefore, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, "iro", "Could not save the allocation: %s", db_errmsg(db));
  free(zRec);
  free(zBefore);
  free(zAfter);
  return rc == DB_OK ? 0 : -1;
}

int siblings_split(Db *db, Date asOf, SplitGroup **paOut) {
  char zOn[11];
  date_iso(asOf, zOn);
  Stmt *s = db_query(db,
      "SELECT c.sibling_group_id, count(*), count(DISTINCT a.iro_id) FROM child c"
      " JOIN allocation a ON a.child_id = c.id AND a.start_date <= ?"
      "  AND (a.end_date IS NULL OR a.end_date > ?)"
      " WHERE c.sibling_group_id IS NOT NULL"
      " AND EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.start_date <= ?"
      "  AND (e.end_date IS NULL OR e.end_date > ?))"
      " GROUP BY c.sibling_group_id HAVING count(DISTINCT a.iro_id) > 1"
      " ORDER BY c.sibling_group_id", "ssss", zOn, zOn, zOn, zOn);
  SplitGroup *a = NULL;
  int n = 0;
  while (db_step(s) == DB_ROW) {
    a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
    a[n++] = (SplitGroup){db_col_int(s, 0), (int)db_col_int(s, 1), (int)db_col_int(s, 2)};
  }
  db_finalize(s);
  *paOut = a;
  return n;
}
