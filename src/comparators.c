/*
** comparators.c: published figures to compare the council's with, and the
** council's population under 18 (see comparators.h).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "calendar.h"
#include "comparators.h"
#include "children.h"   /* Errors */
#include "csv.h"

const char *const comparator_areas[CMP_N_AREA] = {"council", "England", "region", "statistical neighbours"};

/* Only measures the report shows: a misspelt one loaded without complaint
** would never appear, and nobody would know why. */
static const char *const azMeasure[] = {
  CMP_POPULATION,
  CMP_RATE,
  "legal_status_interim_care_order_percent",
  "legal_status_care_order_percent",
  "legal_status_placement_order_percent",
  "legal_status_voluntary_percent",
  "legal_status_other_percent",
};

int comparators_year_of(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return m >= 4 ? y + 1 : y;
}

/* "67", "66.5", "12.25" in hundredths; -1 unless a number >= 0 with at most
** two decimals (a published figure never has more, and more would be lost). */
static int64_t parse_hundredths(const char *z) {
  int64_t v = 0;
  int nDigit = 0, nDec = -1;
  for (const char *p = z; *p; p++) {
    if (*p == '.' && nDec < 0) {
      nDec = 0;
    } else if (isdigit((unsigned char)*p)) {
      if (nDec >= 2 || v > INT64_MAX / 1000) return -1;
      v = v * 10 + (*p - '0');
      nDigit++;
      if (nDec >= 0) nDec++;
    } else {
      return -1;
    }
  }
  if (!nDigit) return -1;
  for (int k = nDec < 0 ? 0 : nDec; k < 2; k++) v *= 10;
  return v;
}

static void now_utc(char *z, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Write one figure, replacing any held for the same measure, year and area,
** with its audit entry. *pChanged: 1 unless the same value was held. */
static int store(Db *db, const char *zMeasure, int year, int area, int64_t v, const char *zActor, int *pChanged) {
  int64_t old = db_int(db, -1, "SELECT value_x100 FROM comparator WHERE measure = ? AND year = ? AND area = ?", "sis",
                       zMeasure, year, comparator_areas[area]);
  *pChanged = old != v;
  if (!*pChanged) return DB_OK;
  char zAt[32];
  now_utc(zAt, sizeof zAt);
  int rc = db_exec(db,
                   "INSERT INTO comparator(measure, year, area, value_x100, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT(measure, year, area) DO UPDATE SET value_x100 = excluded.value_x100,"
                   " loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
                   "sisIss", zMeasure, year, comparator_areas[area], v, zAt, zActor);
  char *zRec = xmprintf("comparator:%s/%d/%s", zMeasure, year, comparator_areas[area]);
  char *zBefore = old < 0 ? NULL : xmprintf("%lld.%02lld", (long long)(old / 100), (long long)(old % 100));
  char *zAfter = xmprintf("%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
  if (rc == DB_OK) rc = audit_write(db, zActor, old < 0 ? "comparator.add" : "comparator.change", zRec, zBefore, zAfter, NULL);
  free(zRec);
  free(zBefore);
  free(zAfter);
  return rc;
}

/* Check one row's four values; messages go to e. */
static void check_row(Errors *e, const char *zMeasure, const char *zYear, const char *zArea, const char *zValue,
                      int *pMeasure, int *pYear, int *pArea, int64_t *pV) {
  *pMeasure = -1;
  for (int k = 0; k < COUNT(azMeasure); k++)
    if (strcmp(zMeasure, azMeasure[k]) == 0) *pMeasure = k;
  if (*pMeasure < 0)
    errors_add(e, "measure", "measure '%.60s' is not one the report shows (see docs/annual-report.md)", zMeasure);
  char *zEnd;
  long y = strtol(zYear, &zEnd, 10);
  *pYear = (int)y;
  if (!*zYear || *zEnd || y < 1990 || y > 2200)
    errors_add(e, "year", "year '%.20s' is not a year such as 2021 (the year ending 31 March)", zYear);
  *pArea = -1;
  for (int k = 0; k < CMP_N_AREA; k++)
    if (strcasecmp(zArea, comparator_areas[k]) == 0) *pArea = k;
  if (*pArea < 0)
    errors_add(e, "area", "area '%.40s' is not England, region, statistical neighbours or council", zArea);
  int isPop = *pMeasure == 0;
  if (*pArea >= 0 && *pMeasure >= 0 && isPop != (*pArea == CMP_COUNCIL))
    errors_add(e, "area", isPop ? "the population under 18 is the council's own: its area is council"
                                : "only population_under_18 has the area council (the report works out the rest)");
  *pV = parse_hundredths(zValue);
  if (*pV < 0)
    errors_add(e, "value", "value '%.20s' is not a number such as 67 or 66.5 (at most two decimals)", zValue);
  else if (isPop && (*pV == 0 || *pV % 100))
    errors_add(e, "value", "the population is a whole number of children, more than 0");
  else if (*pMeasure > 1 && *pV > 10000)
    errors_add(e, "value", "a percentage is at most 100");
}

enum { CC_MEASURE, CC_YEAR, CC_AREA, CC_VALUE, CC_N };
static const char *const azCol[CC_N] = {"measure", "year", "area", "value"};

int comparators_load_text(Db *db, const char *z, size_t n, const char *zName, const char *zActor, Buf *pReport) {
  const char *zFile = strrchr(zName, '/') ? strrchr(zName, '/') + 1 : zName;
  CsvReader r;
  csv_init(&r, z, n);
  char **az;
  int nf, rc, bad = 0, nChange = 0, nSame = 0;
  int aPos[CC_N] = {-1, -1, -1, -1};
  rc = csv_read(&r, &az, &nf);
  if (rc <= 0) {
    buf_printf(pReport, "%s: %s\n", zFile, rc < 0 ? r.zErr : "the file is empty: the first line must name the columns");
    csv_free(&r);
    return -1;
  }
  for (int i = 0; i < nf; i++) {
    char *zCol = csv_trim(az[i]);
    int k = 0;
    while (k < CC_N && strcasecmp(zCol, azCol[k]) != 0) k++;
    if (k == CC_N) {
      buf_printf(pReport, "%s line 1: there is no column called '%.40s' (the columns are measure, year, area, value)\n",
                 zFile, zCol);
      bad = 1;
    } else if (aPos[k] >= 0) {
      buf_printf(pReport, "%s line 1: the column %s is there twice\n", zFile, azCol[k]);
      bad = 1;
    } else {
      aPos[k] = i;
    }
  }
  for (int k = 0; k < CC_N; k++)
    if (aPos[k] < 0) {
      buf_printf(pReport, "%s line 1: the column %s is missing (the columns are measure, year, area, value)\n", zFile,
                 azCol[k]);
      bad = 1;
    }
  if (bad) {
    csv_free(&r);
    buf_printf(pReport, "Nothing was loaded from %s.\n", zFile);
    return -1;
  }
  /* Rows seen so far, so a figure given twice is refused rather than the
  ** second silently winning. */
  char **azSeen = NULL;
  int nSeen = 0;
  /* One transaction: a bad row anywhere leaves the database as it was. */
  db_begin(db);
  while ((rc = csv_read(&r, &az, &nf)) > 0) {
    const char *v[CC_N];
    int blank = 1;
    for (int k = 0; k < CC_N; k++) {
      v[k] = aPos[k] < nf ? csv_trim(az[aPos[k]]) : "";
      blank &= !*v[k];
    }
    if (blank) continue;
    Errors e = {0};
    int iMeasure, year, area;
    int64_t val;
    check_row(&e, v[CC_MEASURE], v[CC_YEAR], v[CC_AREA], v[CC_VALUE], &iMeasure, &year, &area, &val);
    if (!e.n) {
      char *zKey = xmprintf("%s/%d/%d", azMeasure[iMeasure], year, area);
      for (int k = 0; k < nSeen && zKey; k++)
        if (strcmp(azSeen[k], zKey) == 0) {
          errors_add(&e, "measure", "%s for %s in %d is already on an earlier line", azMeasure[iMeasure],
                     comparator_areas[area], year);
          free(zKey);
          zKey = NULL;
        }
      if (zKey) {
        azSeen = xrealloc(azSeen, (size_t)(nSeen + 1) * sizeof *azSeen);
        azSeen[nSeen++] = zKey;
      }
    }
    int changed = 0;
    if (!e.n && store(db, azMeasure[iMeasure], year, area, val, zActor, &changed) != DB_OK)
      errors_add(&e, "value", "could not be saved: %.120s", db_errmsg(db));
    if (e.n) {
      buf_printf(pReport, "%s line %d: ", zFile, r.record);
      for (int i = 0; i < e.n; i++) buf_printf(pReport, "%s%s", i ? "; " : "", e.a[i].zMsg);
      buf_putc(pReport, '\n');
      bad++;
    } else if (changed) {
      nChange++;
    } else {
      nSame++;
    }
  }
  if (rc < 0) {
    buf_printf(pReport, "%s line %d: %s\n", zFile, r.record, r.zErr);
    bad++;
  }
  csv_free(&r);
  for (int k = 0; k < nSeen; k++) free(azSeen[k]);
  free(azSeen);
  if (bad) {
    db_rollback(db);
    buf_printf(pReport, "Nothing was loaded from %s: correct the lines above and load the file again.\n", zFile);
    return -1;
  }
  if (db_commit(db) != DB_OK) {
    buf_printf(pReport, "Nothing was loaded from %s: %s\n", zFile, db_errmsg(db));
    return -1;
  }
  buf_printf(pReport, "Loaded %s: %d figure%s added or changed, %d unchanged.\n", zFile, nChange,
             nChange == 1 ? "" : "s", nSame);
  return 0;
}

int comparators_load(Db *db, const char *zPath, const char *zActor, Buf *pReport) {
  Buf b = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &b, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    return -1;
  }
  int rc = comparators_load_text(db, b.z ? b.z : "", b.n, zPath, zActor, pReport);
  buf_free(&b);
  return rc;
}

int comparators_set_population(Db *db, int year, int64_t n, const char *zActor, char **pzErr) {
  if (year < 1990 || year > 2200) {
    *pzErr = xmprintf("%d is not a year such as 2021 (the year ending 31 March)", year);
    return -1;
  }
  if (n <= 0 || n > INT64_MAX / 100) {
    *pzErr = xstrdup("the population is a whole number of children, more than 0");
    return -1;
  }
  int changed;
  db_begin(db);
  if (store(db, CMP_POPULATION, year, CMP_COUNCIL, n * 100, zActor, &changed) != DB_OK) {
    *pzErr = xmprintf("could not be saved: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  if (db_commit(db) != DB_OK) {
    *pzErr = xmprintf("could not be saved: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

int comparators_get(Db *db, const char *zMeasure, int area, int year, int64_t *pValue, int *pYear) {
  Stmt *s = db_query(db,
                     "SELECT value_x100, year FROM comparator WHERE measure = ? AND area = ? AND year <= ?"
                     " ORDER BY year DESC LIMIT 1",
                     "ssi", zMeasure, comparator_areas[area], year);
  int found = s && db_step(s) == DB_ROW;
  if (found) {
    *pValue = db_col_int(s, 0);
    *pYear = (int)db_col_int(s, 1);
  }
  db_finalize(s);
  return found;
}
