/*
** comparators.h: figures from outside the records (issue 20): England's,
** the region's and the statistical neighbours' published figures, and the
** council's population aged under 18, which the annual report sets beside
** its own figures. Loaded from a CSV (measure,year,area,value) all or
** nothing, or one population at a time.
**
** A year is the year ending 31 March (2021 is 2020/21); values are held
** in hundredths (6700 is 67 per 10,000; 7700 is 77%).
*/
#ifndef OVERSIGHT_COMPARATORS_H
#define OVERSIGHT_COMPARATORS_H

#include "db.h"
#include "util.h"

/* The areas a figure can be for, as the CSV spells them. */
enum { CMP_COUNCIL, CMP_ENGLAND, CMP_REGION, CMP_NEIGHBOURS, CMP_N_AREA };
extern const char *const comparator_areas[CMP_N_AREA];

/* The measures the annual report knows, as the CSV spells them. */
#define CMP_POPULATION "population_under_18"
#define CMP_RATE "children_in_care_rate_per_10000"

/* Load the CSV text z (n bytes) named zName: a header naming measure,
** year, area and value in any order, then one figure a row. A figure
** already held for the same measure, year and area is replaced (audited
** with its old value). All or nothing: any bad row and nothing changes,
** every bad row listed in *pReport by line with its reason. 0 and a
** summary line in *pReport, or -1. */
int comparators_load_text(Db *db, const char *z, size_t n, const char *zName, const char *zActor, Buf *pReport);
/* The same from a file. */
int comparators_load(Db *db, const char *zPath, const char *zActor, Buf *pReport);
/* The council's population aged under 18 for the year ending 31 March
** YEAR: n > 0. Audited. 0, or -1 with *pzErr (caller frees). */
int comparators_set_population(Db *db, int year, int64_t n, const char *zActor, char **pzErr);
/* The latest figure for measure and area (CMP_*) of a year on or before
** year: 1 with *pValue (hundredths) and *pYear set, or 0 if none is loaded. */
int comparators_get(Db *db, const char *zMeasure, int area, int year, int64_t *pValue, int *pYear);
/* The year ending 31 March that holds day d (2020-04-01 and 2021-03-31
** are both in 2021). */
int comparators_year_of(Date d);

#endif
