/*
** localities.c: adding, renaming and listing localities (issue 15).
*/
#include "localities.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCALITY_NAME_MAX 80

int localities_list(Db *db, Locality **paOut) {
  Stmt *s = db_prepare(db,
      "SELECT l.id, l.name,"
      " (SELECT count(*) FROM iro_locality il WHERE il.locality_id = l.id),"
      " (SELECT count(*) FROM child c WHERE c.locality_id = l.id)"
      " FROM locality l ORDER BY lower(l.name), l.id");
  Locality *a = NULL;
  int n = 0, cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *a);
    a[n++] = (Locality){db_col_int(s, 0), xstrdup(db_col_text(s, 1)), (int)db_col_int(s, 2),
                        (int)db_col_int(s, 3)};
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    localities_free(a, n);
    *paOut = NULL;
    return -1;
  }
  *paOut = a;
  return n;
}

void localities_free(Locality *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zName);
  free(a);
}

/* z without the spaces around it, in a new string. */
static char *trimmed(const char *z) {
  if (!z) z = "";
  while (*z == ' ' || *z == '\t') z++;
  size_t n = strlen(z);
  while (n && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
  char *r = xmalloc(n + 1);
  memcpy(r, z, n);
  r[n] = 0;
  return r;
}

int64_t locality_lookup(Db *db, const char *zName) {
  char *z = trimmed(zName);
  int64_t id = *z ? db_int(db, 0, "SELECT id FROM locality WHERE lower(name) = lower(?)", "s", z) : 0;
  free(z);
  return id;
}

char *locality_name(Db *db, int64_t id) {
  Stmt *s = db_query(db, "SELECT name FROM locality WHERE id = ?", "I", id);
  char *z = db_step(s) == DB_ROW ? xstrdup(db_col_text(s, 0)) : NULL;
  db_finalize(s);
  return z;
}

/* The checks a name must pass: 0, or -1 with the reason added. selfId is
** the locality being renamed (0 when adding), which may keep its name. */
static int name_ok(Db *db, const char *z, int64_t selfId, Errors *err, const char *zField) {
  if (!*z) {
    errors_add(err, zField, "Enter the locality's name");
    return -1;
  }
  if (strlen(z) > LOCALITY_NAME_MAX) {
    errors_add(err, zField, "The locality's name must be %d characters or fewer", LOCALITY_NAME_MAX);
    return -1;
  }
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) {
      errors_add(err, zField, "The locality's name must be on one line, without tabs");
      return -1;
    }
  }
  int64_t other = locality_lookup(db, z);
  if (other && other != selfId) {
    char *zOther = locality_name(db, other);
    errors_add(err, zField, "There is already a locality called %s", zOther ? zOther : z);
    free(zOther);
    return -1;
  }
  return 0;
}

int64_t locality_add(Db *db, const char *zName, const char *zActor, Errors *err, const char *zField) {
  char *z = trimmed(zName);
  int64_t id = 0;
  if (name_ok(db, z, 0, err, zField) == 0) {
    int rc = db_begin(db);
    if (rc == DB_OK) rc = db_exec(db, "INSERT INTO locality(name) VALUES(?)", "s", z);
    if (rc == DB_OK) id = db_int(db, 0, "SELECT id FROM locality WHERE name = ?", "s", z);
    char zRec[40];
    snprintf(zRec, sizeof zRec, "locality:%lld", (long long)id);
    char *zAfter = xmprintf("name: %s", z);
    if (rc == DB_OK && id) rc = audit_write(db, zActor, "locality.add", zRec, NULL, zAfter, NULL);
    free(zAfter);
    if (rc == DB_OK && id) rc = db_commit(db);
    else db_rollback(db);
    if (rc != DB_OK || !id) {
      id = 0;
      errors_add(err, zField, "The locality could not be saved. Try again.");
    }
  }
  free(z);
  return id;
}

int locality_rename(Db *db, int64_t id, const char *zName, const char *zActor, Errors *err, const char *zField) {
  char *zOld = locality_name(db, id);
  if (!zOld) {
    errors_add(err, zField, "There is no such locality");
    return -1;
  }
  char *z = trimmed(zName);
  int rc = name_ok(db, z, id, err, zField) == 0 ? DB_OK : DB_ERROR;
  if (rc == DB_OK && strcmp(z, zOld) != 0) {
    char zRec[40];
    snprintf(zRec, sizeof zRec, "locality:%lld", (long long)id);
    char *zBefore = xmprintf("name: %s", zOld);
    char *zAfter = xmprintf("name: %s -> %s", zOld, z);
    rc = db_begin(db);
    if (rc == DB_OK) rc = db_exec(db, "UPDATE locality SET name = ? WHERE id = ?", "sI", z, id);
    if (rc == DB_OK) rc = audit_write(db, zActor, "locality.rename", zRec, zBefore, zAfter, NULL);
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc != DB_OK) errors_add(err, zField, "The new name could not be saved. Try again.");
    free(zBefore);
    free(zAfter);
  }
  free(z);
  free(zOld);
  return rc == DB_OK ? 0 : -1;
}
