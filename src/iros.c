/*
** iros.c: reviewing officers, caseloads and allocation (SPEC §2).
*/
#include "iros.h"
#include "audit.h"
#include "csv.h"
#include "localities.h"
#include "rules.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int by_id(const void *pa, const void *pb) {
  int64_t a = ((const struct IroIndex *)pa)->id, b = ((const struct IroIndex *)pb)->id;
  return (a > b) - (a < b);
}

/* The columns iro_from_row reads; the one "?" is the day activeness is
** judged on: an IRO is inactive from their left date. */
#define IRO_COLUMNS "id, name, fte, other_duties," \
  " CASE WHEN active = 1 AND (left_date IS NULL OR left_date > ?) THEN 1 ELSE 0 END," \
  " email, start_date, left_date"

static void iro_from_row(Stmt *s, Iro *i) {
  memset(i, 0, sizeof *i);
  i->id = db_col_int(s, 0);
  i->zName = xstrdup(db_col_text(s, 1));
  i->fte = db_col_double(s, 2);
  i->otherDuties = (int)db_col_int(s, 3);
  i->active = (int)db_col_int(s, 4);
  i->zEmail = xstrdup(db_col_text(s, 5));
  i->start = db_col_date(s, 6);
  i->left = db_col_date(s, 7);
}

static IroList *load(Db *db, Date asOf, int withCaseload) {
  IroList *l = xcalloc(1, sizeof *l);
  char zDay[11];
  date_iso(asOf == DATE_NONE ? date_today() : asOf, zDay);
  Stmt *s = db_query(db, "SELECT " IRO_COLUMNS " FROM iro ORDER BY name, id", "s", zDay);
  int cap = 0, rc, ok;
  while ((rc = db_step(s)) == DB_ROW) {
    if (l->n == cap) l->a = xrealloc(l->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *l->a);
    iro_from_row(s, &l->a[l->n++]);
  }
  db_finalize(s);
  ok = rc == DB_DONE;
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
    while ((rc = db_step(s)) == DB_ROW) {
      Iro *i = (Iro *)iros_find(l, db_col_int(s, 0));
      if (i) i->caseload = (int)db_col_int(s, 1);
    }
    db_finalize(s);
    ok = ok && rc == DB_DONE;
  }
  s = db_prepare(db, "SELECT iro_id, locality_id FROM iro_locality ORDER BY iro_id, locality_id");
  while ((rc = db_step(s)) == DB_ROW) {
    Iro *i = (Iro *)iros_find(l, db_col_int(s, 0));
    if (!i) continue;
    i->aLocality = xrealloc(i->aLocality, (size_t)(i->nLocality + 1) * sizeof(int64_t));
    i->aLocality[i->nLocality++] = db_col_int(s, 1);
  }
  db_finalize(s);
  if (!ok || rc != DB_DONE) {
    /* IROs missing, or with no caseload or localities, would mislead:
    ** none, and readError (the failure is noted on the connection). */
    iros_free(l);
    l = xcalloc(1, sizeof *l);
    l->aById = xmalloc(sizeof *l->aById);
    l->readError = 1;
  }
  return l;
}

IroList *iros_load(Db *db, Date asOf) { return load(db, asOf, 1); }

IroList *iros_load_names(Db *db) { return load(db, DATE_NONE, 0); }

int iro_load_one(Db *db, int64_t id, Date asOf, Iro *out) {
  memset(out, 0, sizeof *out);
  char zOn[11];
  date_iso(asOf == DATE_NONE ? date_today() : asOf, zOn);
  Stmt *s = db_query(db, "SELECT " IRO_COLUMNS " FROM iro WHERE id = ?", "sI", zOn, id);
  int found = db_step(s) == DB_ROW;
  if (found) iro_from_row(s, out);
  db_finalize(s);
  if (!found) return 0;
  out->caseload = iro_caseload(db, id, asOf);
  s = db_query(db, "SELECT locality_id FROM iro_locality WHERE iro_id = ? ORDER BY locality_id", "I", id);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    out->aLocality = xrealloc(out->aLocality, (size_t)(out->nLocality + 1) * sizeof(int64_t));
    out->aLocality[out->nLocality++] = db_col_int(s, 0);
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    iro_clear(out);   /* an IRO with some of their localities: none */
    return 0;
  }
  return 1;
}

void iro_clear(Iro *i) {
  free(i->zName);
  free(i->zEmail);
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
    free(l->a[i].zEmail);
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
        " JOIN iro i ON i.id = a.iro_id AND i.active = 1 AND (i.left_date IS NULL OR i.left_date > ?)"
        " WHERE c.sibling_group_id = ? AND c.id <> ?"
        " AND EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.start_date <= ?"
        "  AND (e.end_date IS NULL OR e.end_date > ?))"
        " ORDER BY a.start_date, c.id",
        "sssIIss", zOn, zOn, zOn, c->siblingGroupId, c->id, zOn, zOn);
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
  /* An IRO who has left by the day of the allocation cannot take a child. */
  int hasLeft = iroId && on != DATE_NONE &&
                db_int(db, 0, "SELECT count(*) FROM iro WHERE id=? AND left_date <= ?", "Is", iroId, zOn) > 0;
  if (!iroId || !db_int(db, 0, "SELECT active FROM iro WHERE id=?", "I", iroId)) {
    errors_add(err, "iro", "Select an active IRO");
  } else if (hasLeft) {
    errors_add(err, "iro", "This IRO has left by then: select an active IRO");
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
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
    a[n++] = (SplitGroup){db_col_int(s, 0), (int)db_col_int(s, 1), (int)db_col_int(s, 2)};
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    free(a);
    *paOut = NULL;
    return -1;
  }
  *paOut = a;
  return n;
}

/* ==== IRO records: adding, changing, importing (issue 15) ===================== */

#define IRO_NAME_MAX 100
#define IRO_EMAIL_MAX 254

/* The one place IRO CSV cells are written, so a writer that also defuses
** spreadsheet formulas can take its place in one line. */
static void csv_cell(Buf *b, const char *z) { buf_csv(b, z); }

/* z without the white space around it, in a new string ("" for NULL). */
static char *trim_copy(const char *z) {
  if (!z) z = "";
  while (*z == ' ' || *z == '\t' || *z == '\r' || *z == '\n') z++;
  size_t n = strlen(z);
  while (n && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\r' || z[n - 1] == '\n')) n--;
  char *r = xmalloc(n + 1);
  memcpy(r, z, n);
  r[n] = 0;
  return r;
}

static int one_line(const char *z) {
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) return 0;
  }
  return 1;
}

/* Something@something.something, with no spaces: enough to catch a name
** typed in the wrong box without refusing real addresses. */
static int email_ok(const char *z) {
  const char *at = strchr(z, '@');
  if (!at || at == z || strchr(at + 1, '@') || strlen(z) > IRO_EMAIL_MAX) return 0;
  const char *dot = strrchr(at, '.');
  if (!dot || dot == at + 1 || !dot[1]) return 0;
  for (const char *p = z; *p; p++) {
    if (*p == ' ' || (unsigned char)*p < 0x21) return 0;
  }
  return 1;
}

static int cmp_id(const void *pa, const void *pb) {
  int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
  return (a > b) - (a < b);
}

/* The ids sorted, each once, in a new array; *pn gets how many. */
static int64_t *ids_sorted(const int64_t *a, int n, int *pn) {
  int64_t *r = xmalloc((size_t)(n ? n : 1) * sizeof *r);
  if (n) memcpy(r, a, (size_t)n * sizeof *r);
  qsort(r, (size_t)n, sizeof *r, cmp_id);
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (!k || r[k - 1] != r[i]) r[k++] = r[i];
  }
  *pn = k;
  return r;
}

/* "North, South" (by name) or "(none)", for the audit log. */
static char *locality_words(Db *db, const int64_t *a, int n) {
  if (!n) return xstrdup("(none)");
  char **az = xmalloc((size_t)n * sizeof *az);
  for (int i = 0; i < n; i++) {
    az[i] = locality_name(db, a[i]);
    if (!az[i]) az[i] = xmprintf("locality %lld", (long long)a[i]);
  }
  /* Few enough to sort by insertion. */
  for (int i = 1; i < n; i++) {
    for (int k = i; k > 0 && strcmp(az[k - 1], az[k]) > 0; k--) {
      char *t = az[k]; az[k] = az[k - 1]; az[k - 1] = t;
    }
  }
  Buf b = {0};
  for (int i = 0; i < n; i++) {
    buf_printf(&b, "%s%s", i ? ", " : "", az[i]);
    free(az[i]);
  }
  free(az);
  return buf_take(&b);
}

static void date_words(Date d, char out[24]) {
  if (d == DATE_NONE) snprintf(out, 24, "(none)");
  else date_long(d, out);
}

/* One field in the audit entry: its old value to zBefore and "old -> new"
** to zAfter when it changed (or just "new" when adding). */
static void audit_field(Buf *pBefore, Buf *pAfter, int adding, const char *zField, const char *zOld,
                        const char *zNew) {
  if (!adding && strcmp(zOld, zNew) == 0) return;
  if (!adding) buf_printf(pBefore, "%s%s: %s", pBefore->n ? "; " : "", zField, zOld);
  if (adding) buf_printf(pAfter, "%s%s: %s", pAfter->n ? "; " : "", zField, zNew);
  else buf_printf(pAfter, "%s%s: %s -> %s", pAfter->n ? "; " : "", zField, zOld, zNew);
}

int64_t iro_save(Db *db, int64_t id, const IroInput *in, const char *zActor, Errors *err, int *pChanged) {
  if (pChanged) *pChanged = 0;
  Iro old;
  memset(&old, 0, sizeof old);
  old.start = old.left = DATE_NONE;
  if (id && !iro_load_one(db, id, DATE_NONE, &old)) {
    errors_add(err, "name", "There is no such IRO");
    return 0;
  }
  int csv = in->csv;
  char *zName = trim_copy(in->zName), *zEmail = trim_copy(in->zEmail);
  char *zFte = trim_copy(in->zFte), *zDuties = trim_copy(in->zOtherDuties);

  if (!*zName) {
    errors_add(err, "name", csv ? "name is empty: enter the IRO's name" : "Enter the IRO's name");
  } else if (strlen(zName) > IRO_NAME_MAX || !one_line(zName)) {
    errors_add(err, "name", csv ? "name must be one line of %d characters or fewer"
                                : "The IRO's name must be one line of %d characters or fewer", IRO_NAME_MAX);
  } else {
    int64_t other = db_int(db, 0, "SELECT id FROM iro WHERE lower(name) = lower(?) AND id <> ?", "sI", zName, id);
    if (other) {
      errors_add(err, "name", csv ? "name '%.60s' is already another IRO's name"
                                  : "There is already an IRO called %.60s", zName);
    }
  }
  if (*zEmail && !email_ok(zEmail)) {
    if (csv) errors_add(err, "email", "email '%.60s' must be an email address, like name@example.org", zEmail);
    else errors_add(err, "email", "Enter an email address in the correct format, like name@example.org");
  }
  double fte = 0;
  int fteOk = 0;
  if (!*zFte) {
    errors_add(err, "fte", csv ? "fte is empty: enter the full-time equivalent, like 0.8"
                               : "Enter the IRO's full-time equivalent (FTE), like 0.8 for four days a week");
  } else if (parse_double(zFte, 0, 1.5, &fte) != 0 || !(fte > 0)) {
    if (csv) errors_add(err, "fte", "fte '%.20s' must be more than 0 and at most 1.5", zFte);
    else errors_add(err, "fte", "The FTE must be a number more than 0 and at most 1.5, like 0.8 for four days a week");
  } else {
    fteOk = 1;
  }
  long duties = 0;
  if (*zDuties && parse_int(zDuties, 0, 100000, &duties) != 0) {
    if (csv) errors_add(err, "other_duties", "other_duties '%.20s' must be a whole number of children, 0 or more", zDuties);
    else errors_add(err, "other_duties", "Other duties must be a whole number of children, like 5, or 0 for none");
  } else if (fteOk) {
    Iro whole = {.fte = fte};
    int full = iro_capacity(&whole);
    if (duties > full) {
      if (csv) errors_add(err, "other_duties", "other_duties '%ld' is more than the IRO's whole capacity of %d children", duties, full);
      else errors_add(err, "other_duties", "Other duties cannot be more than the IRO's whole capacity of %d children", full);
    }
  }
  for (int i = 0; i < in->nLocality; i++) {
    if (!db_int(db, 0, "SELECT count(*) FROM locality WHERE id = ?", "I", in->aLocality[i])) {
      errors_add(err, "localities", csv ? "localities names a locality that does not exist"
                                        : "Select the localities the IRO serves from the list");
      break;
    }
  }
  if (in->start != DATE_NONE && in->left != DATE_NONE && in->left < in->start) {
    char zS[24], zL[24], zSi[11], zLi[11];
    if (csv) errors_add(err, "left_date", "left_date '%s' is before start_date '%s'", date_iso(in->left, zLi),
                        date_iso(in->start, zSi));
    else errors_add(err, "left_date", "The date they left (%s) must be the same as or after their start date (%s)",
                    date_long(in->left, zL), date_long(in->start, zS));
  }

  int64_t result = 0;
  /* The caller's own errors (a date that is not one) stop the save too. */
  if (err->n == 0) {
    int nLoc;
    int64_t *aLoc = ids_sorted(in->aLocality, in->nLocality, &nLoc);
    int nOldLoc;
    int64_t *aOldLoc = ids_sorted(old.aLocality, old.nLocality, &nOldLoc);
    int locChanged = nLoc != nOldLoc || (nLoc && memcmp(aLoc, aOldLoc, (size_t)nLoc * sizeof *aLoc) != 0);
    Buf before = {0}, after = {0};
    int adding = id == 0;
    char zA[32], zB[32], zDa[24], zDb[24];
    audit_field(&before, &after, adding, "name", old.zName ? old.zName : "", zName);
    audit_field(&before, &after, adding, "email", old.zEmail && *old.zEmail ? old.zEmail : "(none)",
                *zEmail ? zEmail : "(none)");
    snprintf(zA, sizeof zA, "%g", old.fte);
    snprintf(zB, sizeof zB, "%g", fte);
    audit_field(&before, &after, adding, "fte", zA, zB);
    snprintf(zA, sizeof zA, "%d", old.otherDuties);
    snprintf(zB, sizeof zB, "%ld", duties);
    audit_field(&before, &after, adding, "other duties", zA, zB);
    if (adding || locChanged) {
      char *zOldL = locality_words(db, aOldLoc, nOldLoc), *zNewL = locality_words(db, aLoc, nLoc);
      audit_field(&before, &after, adding, "localities", zOldL, zNewL);
      free(zOldL);
      free(zNewL);
    }
    date_words(old.start, zDa);
    date_words(in->start, zDb);
    audit_field(&before, &after, adding, "start date", zDa, zDb);
    date_words(old.left, zDa);
    date_words(in->left, zDb);
    audit_field(&before, &after, adding, "left date", zDa, zDb);

    if (!after.n) {
      result = id;   /* nothing changed: nothing to write or audit */
    } else {
      char zStart[11], zLeft[11];
      const char *zS = in->start == DATE_NONE ? NULL : date_iso(in->start, zStart);
      const char *zL = in->left == DATE_NONE ? NULL : date_iso(in->left, zLeft);
      int rc = db_begin(db);
      if (rc == DB_OK && adding) {
        rc = db_exec(db, "INSERT INTO iro(name, email, fte, other_duties, start_date, left_date)"
                         " VALUES(?, ?, ?, ?, ?, ?)", "ssdiss", zName, *zEmail ? zEmail : NULL, fte, (int)duties,
                     zS, zL);
        if (rc == DB_OK) id = db_int(db, 0, "SELECT id FROM iro WHERE name = ?", "s", zName);
        if (!id) rc = DB_ERROR;
      } else if (rc == DB_OK) {
        rc = db_exec(db, "UPDATE iro SET name = ?, email = ?, fte = ?, other_duties = ?, start_date = ?,"
                         " left_date = ? WHERE id = ?", "ssdissI", zName, *zEmail ? zEmail : NULL, fte,
                     (int)duties, zS, zL, id);
      }
      if (rc == DB_OK && locChanged) {
        rc = db_exec(db, "DELETE FROM iro_locality WHERE iro_id = ?", "I", id);
        for (int i = 0; i < nLoc && rc == DB_OK; i++) {
          rc = db_exec(db, "INSERT INTO iro_locality(iro_id, locality_id) VALUES(?, ?)", "II", id, aLoc[i]);
        }
      }
      char zRec[40];
      snprintf(zRec, sizeof zRec, "iro:%lld", (long long)id);
      if (rc == DB_OK) {
        rc = audit_write(db, zActor, adding ? "iro.add" : "iro.change", zRec, adding ? NULL : before.z, after.z,
                         NULL);
      }
      if (rc == DB_OK) rc = db_commit(db);
      else db_rollback(db);
      if (rc == DB_OK) {
        result = id;
        if (pChanged) *pChanged = 1;
      } else {
        errors_add(err, "name", "The IRO could not be saved. Try again.");
      }
    }
    buf_free(&before);
    buf_free(&after);
    free(aLoc);
    free(aOldLoc);
  }
  free(zName);
  free(zEmail);
  free(zFte);
  free(zDuties);
  iro_clear(&old);
  return result;
}

const char *iro_status_words(const Iro *i, Date asOf, char *out, size_t n) {
  char z[24];
  if (i->left != DATE_NONE) {
    snprintf(out, n, "%s %s", i->left <= asOf ? "Left on" : "Leaves on", date_long(i->left, z));
  } else {
    snprintf(out, n, "%s", i->active ? "Active" : "Not active");
  }
  return out;
}

char *iro_locality_names(Db *db, const Iro *i, const char *zSep) {
  Stmt *s = db_query(db, "SELECT l.name FROM iro_locality il JOIN locality l ON l.id = il.locality_id"
                         " WHERE il.iro_id = ? ORDER BY lower(l.name)", "I", i->id);
  Buf b = {0};
  int k = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) buf_printf(&b, "%s%s", k++ ? zSep : "", db_col_text(s, 0));
  db_finalize(s);
  if (rc != DB_DONE) {
    buf_free(&b);
    return NULL;
  }
  return b.z ? buf_take(&b) : xstrdup("");
}

int iro_open_allocations(Db *db, int64_t iroId, IroChild **paOut) {
  Stmt *s = db_query(db, "SELECT c.child_ref, c.given_name, c.family_name, a.start_date FROM allocation a"
                         " JOIN child c ON c.id = a.child_id WHERE a.iro_id = ? AND a.end_date IS NULL"
                         " ORDER BY c.child_ref", "I", iroId);
  IroChild *a = NULL;
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
    a[n++] = (IroChild){xstrdup(db_col_text(s, 0)), xstrdup(db_col_text(s, 1)), xstrdup(db_col_text(s, 2)),
                        db_col_date(s, 3)};
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    /* Some children left off would look reallocated: none. */
    iro_children_free(a, n);
    *paOut = NULL;
    return -1;
  }
  *paOut = a;
  return n;
}

void iro_children_free(IroChild *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zRef);
    free(a[i].zGiven);
    free(a[i].zFamily);
  }
  free(a);
}

/* The columns, both ways (docs/iros-csv.md). */
static const char *const azIroCol[] = {"name", "email", "fte", "other_duties", "localities", "start_date",
                                       "left_date"};
enum { IC_NAME, IC_EMAIL, IC_FTE, IC_DUTIES, IC_LOCALITIES, IC_START, IC_LEFT, IC_N };

int iros_csv(Db *db, Buf *out) {
  for (int k = 0; k < IC_N; k++) buf_printf(out, "%s%s", k ? "," : "", azIroCol[k]);
  buf_puts(out, "\r\n");
  IroList *l = iros_load_names(db);
  int rc = l->readError ? DB_ERROR : DB_OK;
  for (int i = 0; i < l->n && rc == DB_OK; i++) {
    const Iro *r = &l->a[i];
    char zFte[32], zDuties[16], zStart[11] = "", zLeft[11] = "";
    snprintf(zFte, sizeof zFte, "%g", r->fte);
    snprintf(zDuties, sizeof zDuties, "%d", r->otherDuties);
    if (r->start != DATE_NONE) date_iso(r->start, zStart);
    if (r->left != DATE_NONE) date_iso(r->left, zLeft);
    char *zLoc = iro_locality_names(db, r, ";");
    if (!zLoc) {
      rc = DB_ERROR;
      break;
    }
    const char *az[IC_N] = {r->zName, r->zEmail, zFte, zDuties, zLoc, zStart, zLeft};
    for (int k = 0; k < IC_N; k++) {
      if (k) buf_putc(out, ',');
      csv_cell(out, az[k]);
    }
    buf_puts(out, "\r\n");
    free(zLoc);
  }
  iros_free(l);
  return rc;
}

int export_iros(Db *db, FILE *f, const char *zActor) {
  Buf b = {0};
  if (iros_csv(db, &b) != DB_OK) {
    buf_free(&b);
    return -1;
  }
  int n = (int)db_int(db, 0, "SELECT count(*) FROM iro", "");
  /* Staff records leaving the system: say who took them. */
  char *zWhat = xmprintf("%d IROs", n);
  int rc = audit_write(db, zActor, "iros.export", "iros", NULL, zWhat, NULL);
  free(zWhat);
  int ok = rc == DB_OK && fwrite(b.z ? b.z : "", 1, b.n, f) == b.n;
  buf_free(&b);
  return ok ? n : -1;
}

/* A date cell: DATE_NONE when empty; a reason added when it is not a date. */
static Date cell_date(Errors *e, const char *zCol, const char *z) {
  Date d = DATE_NONE;
  if (*z && date_parse(z, &d) != 0) {
    errors_add(e, zCol, "%s '%.20s' must be a date as YYYY-MM-DD", zCol, z);
    return DATE_NONE;
  }
  return d;
}

int import_iros_text(Db *db, const char *z, size_t n, const char *zName, const char *zActor, Buf *pReport) {
  const char *zFile = strrchr(zName, '/') ? strrchr(zName, '/') + 1 : zName;
  CsvReader r;
  csv_init(&r, z, n);
  char **az;
  int nf, rc, bad = 0, nAdd = 0, nChange = 0, nSame = 0;
  int aPos[IC_N];
  rc = csv_read(&r, &az, &nf);
  if (rc <= 0) {
    buf_printf(pReport, "%s: %s\n", zFile, rc < 0 ? r.zErr : "the file is empty: the first line must name the columns");
    csv_free(&r);
    return -1;
  }
  for (int k = 0; k < IC_N; k++) aPos[k] = -1;
  for (int i = 0; i < nf; i++) {
    char *zCol = csv_trim(az[i]);
    int k = 0;
    while (k < IC_N && strcasecmp(zCol, azIroCol[k]) != 0) k++;
    if (k == IC_N) {
      buf_printf(pReport, "%s line 1: there is no column called '%.40s' (the columns are name, email, fte,"
                          " other_duties, localities, start_date, left_date)\n", zFile, zCol);
      bad = 1;
    } else if (aPos[k] >= 0) {
      buf_printf(pReport, "%s line 1: the column %s is there twice\n", zFile, azIroCol[k]);
      bad = 1;
    } else {
      aPos[k] = i;
    }
  }
  static const int aRequired[] = {IC_NAME, IC_FTE};
  for (int j = 0; j < COUNT(aRequired); j++) {
    int k = aRequired[j];
    if (aPos[k] < 0) {
      buf_printf(pReport, "%s line 1: the column %s is missing (see docs/iros-csv.md)\n", zFile, azIroCol[k]);
      bad = 1;
    }
  }
  if (bad) {
    csv_free(&r);
    buf_printf(pReport, "Nothing was imported from %s.\n", zFile);
    return -1;
  }
  /* One transaction: a bad row anywhere leaves the database as it was. */
  db_begin(db);
  while ((rc = csv_read(&r, &az, &nf)) > 0) {
    const char *v[IC_N];
    int blank = 1;
    for (int k = 0; k < IC_N; k++) {
      v[k] = aPos[k] >= 0 && aPos[k] < nf ? csv_trim(az[aPos[k]]) : "";
      blank &= !*v[k];
    }
    if (blank) continue;
    Errors e = {0};
    Date start = cell_date(&e, "start_date", v[IC_START]);
    Date left = cell_date(&e, "left_date", v[IC_LEFT]);
    int64_t *aLoc = NULL;
    int nLoc = 0;
    char *zLocs = xstrdup(v[IC_LOCALITIES]);
    for (char *p = zLocs, *q; p; p = q) {
      q = strchr(p, ';');
      if (q) *q++ = 0;
      char *zLoc = csv_trim(p);
      if (!*zLoc) continue;
      int64_t lid = locality_lookup(db, zLoc);
      if (!lid) {
        errors_add(&e, "localities", "localities '%.40s' is not a locality: add it first (oversight locality add)", zLoc);
        continue;
      }
      aLoc = xrealloc(aLoc, (size_t)(nLoc + 1) * sizeof *aLoc);
      aLoc[nLoc++] = lid;
    }
    free(zLocs);
    int64_t id = *v[IC_NAME] ? db_int(db, 0, "SELECT id FROM iro WHERE lower(name) = lower(?)", "s", v[IC_NAME]) : 0;
    /* Without these columns a re-import keeps what is held. */
    Iro cur;
    memset(&cur, 0, sizeof cur);
    cur.start = cur.left = DATE_NONE;
    if (id) iro_load_one(db, id, DATE_NONE, &cur);
    char zDuties[16];
    snprintf(zDuties, sizeof zDuties, "%d", cur.otherDuties);
    IroInput in = {
      .zName = v[IC_NAME],
      .zEmail = aPos[IC_EMAIL] >= 0 ? v[IC_EMAIL] : cur.zEmail,
      .zFte = v[IC_FTE],
      .zOtherDuties = aPos[IC_DUTIES] >= 0 ? v[IC_DUTIES] : zDuties,
      .aLocality = aPos[IC_LOCALITIES] >= 0 ? aLoc : cur.aLocality,
      .nLocality = aPos[IC_LOCALITIES] >= 0 ? nLoc : cur.nLocality,
      .start = aPos[IC_START] >= 0 ? start : cur.start,
      .left = aPos[IC_LEFT] >= 0 ? left : cur.left,
      .csv = 1,
    };
    int changed = 0;
    iro_save(db, id, &in, zActor, &e, &changed);
    iro_clear(&cur);
    free(aLoc);
    if (e.n) {
      buf_printf(pReport, "%s line %d: ", zFile, r.record);
      for (int i = 0; i < e.n; i++) buf_printf(pReport, "%s%s", i ? "; " : "", e.a[i].zMsg);
      buf_putc(pReport, '\n');
      bad++;
    } else if (!changed) {
      nSame++;
    } else if (id) {
      nChange++;
    } else {
      nAdd++;
    }
  }
  if (rc < 0) {
    buf_printf(pReport, "%s line %d: %s\n", zFile, r.record, r.zErr);
    bad++;
  }
  csv_free(&r);
  if (bad) {
    db_rollback(db);
    buf_printf(pReport, "Nothing was imported from %s: correct the lines above and import the file again.\n", zFile);
    return -1;
  }
  if (db_commit(db) != DB_OK) {
    buf_printf(pReport, "Nothing was imported from %s: %s\n", zFile, db_errmsg(db));
    return -1;
  }
  buf_printf(pReport, "Imported %s: %d IRO%s added, %d changed, %d unchanged.\n", zFile, nAdd, nAdd == 1 ? "" : "s",
             nChange, nSame);
  return 0;
}

int import_iros(Db *db, const char *zPath, const char *zActor, Buf *pReport) {
  Buf b = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &b, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    return -1;
  }
  int rc = import_iros_text(db, b.z ? b.z : "", b.n, zPath, zActor, pReport);
  buf_free(&b);
  return rc;
}
