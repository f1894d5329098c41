/*
** ssda903.h: the DfE's SSDA903 "children looked after" return, read into
** memory and checked with the DfE's validation rules (issue 6; the format is
** in docs/ssda903.md).
**
** A return is up to twelve tables, each identified by its set of columns (a
** council's case system names the files as it likes). Every cell is held
** upper-cased, as the peer validator sees it, and also trimmed (the peer
** keeps the spaces a spreadsheet leaves, and then fails " PN1" as a bad
** code; the DfE's rules are about the code), "" when blank. Date
** columns are also parsed once, at load, so that the rules never parse
** a date again; that, and grouping rows by child once, is what makes
** validating 100,000 children take well under a second.
**
** Rules are small functions in tables keyed by rule code (ssda903_rules_*.c),
** each calling r903_fail() for every row it finds wrong. Rows are the 0-based
** data rows of their file, as the DfE's tools and the peer number them.
*/
#ifndef OVERSIGHT_SSDA903_H
#define OVERSIGHT_SSDA903_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "calendar.h"
#include "util.h"

typedef enum T903Kind {
  T_HEADER, T_EPISODES, T_REVIEWS, T_UASC, T_OC2, T_OC3, T_AD1, T_PLACED,
  T_PREVPERM, T_MISSING, T_SW, T_DOLO, T_COUNT
} T903Kind;

/* Table names as the DfE tools print them ("Header", "Episodes", ...). */
extern const char *const az903Table[T_COUNT];
/* Each table's columns, in the order the DfE lists them (and export writes). */
extern const char *const *const aa903Col[T_COUNT];
extern const int a903nCol[T_COUNT];

/* Column indexes, in that order. */
enum { H_CHILD, H_SEX, H_DOB, H_ETHNIC, H_UPN, H_MOTHER, H_MC_DOB,
       H_UASC /* derived: "1"/"0" from uasc.csv, or the XML's UASC; see hasUasc */ };
enum { E_CHILD, E_DECOM, E_RNE, E_LS, E_CIN, E_PLACE, E_PLACE_PROVIDER, E_DEC,
       E_REC, E_REASON_PLACE_CHANGE, E_HOME_POST, E_PL_POST, E_URN };
enum { R_CHILD, R_DOB, R_REVIEW, R_REVIEW_CODE };
enum { U_CHILD, U_SEX, U_DOB, U_DUC };
enum { O2_CHILD, O2_DOB, O2_SDQ_SCORE, O2_SDQ_REASON, O2_CONVICTED, O2_HEALTH_CHECK,
       O2_IMMUNISATIONS, O2_TEETH_CHECK, O2_HEALTH_ASSESSMENT, O2_SUBSTANCE_MISUSE,
       O2_INTERVENTION_RECEIVED, O2_INTERVENTION_OFFERED };
enum { O3_CHILD, O3_DOB, O3_IN_TOUCH, O3_ACTIV, O3_ACCOM };
enum { A_CHILD, A_DOB, A_DATE_INT, A_DATE_MATCH, A_FOSTER_CARE, A_NB_ADOPTR,
       A_SEX_ADOPTR, A_LS_ADOPTR };
enum { PA_CHILD, PA_DOB, PA_DATE_PLACED, PA_DATE_PLACED_CEASED, PA_REASON_PLACED_CEASED };
enum { PP_CHILD, PP_DOB, PP_PREV_PERM, PP_LA_PERM, PP_DATE_PERM };
enum { M_CHILD, M_DOB, M_MISSING, M_MIS_START, M_MIS_END };
enum { SW_CHILD, SW_DOB, SW_SW_ID, SW_SW_DECOM, SW_SW_DEC, SW_SW_REASON };
enum { DL_CHILD, DL_DOB, DL_DOLO_START, DL_DOLO_END };

typedef struct T903 {
  int present;          /* the file was given (a rule needing it is skipped if not) */
  int nRow, nCol;       /* nCol: the table's columns (Header: + H_UASC) */
  int *aChild;          /* each row's child, as an index into Return903.azChild */
  int *aLine;           /* each row's line in its file (for messages) */
  char *zFile;          /* the file it came from */
  /* Private to ssda903.c; use c903() and d903(). Cells are offsets into
  ** zText, the table's pool of distinct values (each held once, so equal
  ** cells have equal offsets): a return of 100,000 children costs a few
  ** allocations per table, not one per cell, and a few MB of text. */
  char *zText;
  size_t nText, nTextAlloc;
  uint32_t *aOff;       /* nRow*nCol */
  Date *aDate;          /* nRow*nDateCol */
  int nDateCol;
  signed char aDateSlot[16];   /* column -> its place in a row of aDate, or -1 */
} T903;

/* One failure: rule index in the registry, table, 0-based row. */
typedef struct Err903 { int rule, table, row; } Err903;

typedef struct Postcodes903 Postcodes903;   /* ssda903_postcodes.c */
typedef struct Providers903 Providers903;   /* ssda903_rules_providers.c */

typedef struct Return903 {
  T903 a[T_COUNT];
  int hasUasc;          /* Header has its derived H_UASC column */
  int year;             /* collection year: 2026 is 1 April 2025 - 31 March 2026 */
  Date start, end;      /* that year's first and last days */
  char zLa[16];         /* submitting LA's ONS code (E09000027), "" if not given */
  Postcodes903 *pPostcodes;   /* NULL unless --postcodes was given */
  /* The previous collection year's return (year - 1), read the same way
  ** and owned by this one: NULL unless --last-year was given, and then
  ** the rules flagged R903_LAST_YEAR run. */
  struct Return903 *pLast;
  int sharedPostcodes;  /* pPostcodes belongs to the caller: r903_free leaves it */
  /* Ofsted's provider lists (--providers), owned by this return: NULL
  ** unless given, and then the rules flagged R903_PROVIDERS run. */
  Providers903 *pProviders;
  /* Episodes derived from the postcodes (ssda903_postcodes.c), one per row,
  ** always filled by r903_finish: PL_DISTANCE miles (NAN when unknown),
  ** PL_LA and PL_LOCATION ("" when unknown). Without a postcode table every
  ** one is unknown, and the rules reading them (R903_POSTCODES) are
  ** skipped; an empty table runs them with every postcode unknown, as the
  ** peer's run with an empty postcode table. */
  double *aDistance;
  const char **azPlLa, **azPlLocation;
  /* Every CHILD value seen in any table, interned: rows refer to these. */
  char **azChild;
  int nChild, nChildAlloc;
  int *aHeaderRow;      /* per child: its first Header row, or -1 */
  /* Failures found so far. */
  Err903 *aErr;
  int nErr, nErrAlloc;
  int curRule;          /* set by the runner before each rule */
  /* Private: storage and caches. */
  struct R903Private *p;
} Return903;

/* ---- Reading ---------------------------------------------------------------- */
/* Start an empty return for collection year `year` (e.g. 2026). */
void r903_init(Return903 *r, int year);
void r903_free(Return903 *r);
/* Add one file's text: CSV (identified by its columns) or, if it starts with
** '<', the DfE XML (all tables at once). zName names it in messages. On
** error returns -1 with "FILE line N: reason" lines appended to pErr; the
** return is then unusable except for r903_free. */
int r903_add_text(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr);
/* Every *.csv and *.xml file in a directory (other files ignored). */
int r903_add_dir(Return903 *r, const char *zDir, Buf *pErr);
/* After the last file: the derived UASC column, child index, caches. */
void r903_finish(Return903 *r);
/* The XML reader (ssda903_xml.c); called by r903_add_text. */
int r903_add_xml(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr);
/* The XML reader calls this when it has set Header's H_UASC cells itself
** (so r903_finish does not derive them from the UASC table). */
void r903_xml_sets_uasc(Return903 *r);
/* The same, for a file being read: zHead[0..nHead) is its start (which must
** hold the prolog, checked before parsing) and the rest is read from f. */
int r903_add_xml_file(Return903 *r, const char *zName, const char *zHead, size_t nHead, FILE *f, Buf *pErr);
/* Used by the readers: append a row of T903.nCol cells (Header: with H_UASC,
** "" when the file has none) to table t, read from line `line`. The cells
** are copied, trimmed and upper-cased here. */
void r903_add_row(Return903 *r, int t, const char *const *azCell, int line);
/* "DD/MM/YYYY" (day and month may be one digit) -> 1 with *pd; "" -> 0;
** anything else (31/02/2025, 2025-02-01) -> -1. */
int r903_parse_date(const char *z, Date *pd);

/* ---- Looking at the data ---------------------------------------------------- */
static inline const char *c903(const T903 *t, int row, int col) {
  return t->zText + t->aOff[(size_t)row * t->nCol + col];
}
/* The date in a date column: DATE_NONE when blank or not a date (and for
** any column that is not a date column). */
static inline Date d903(const T903 *t, int row, int col) {
  int s = t->aDateSlot[col];
  return s < 0 ? DATE_NONE : t->aDate[(size_t)row * t->nDateCol + s];
}
/* A cell that is filled but is not a valid date. */
static inline int bad_date903(const T903 *t, int row, int col) {
  return c903(t, row, col)[0] && d903(t, row, col) == DATE_NONE;
}
/* The Header row of the child of row `row` in table t, or -1. */
static inline int head903(const Return903 *r, int t, int row) {
  return r->aHeaderRow[r->a[t].aChild[row]];
}
/* Is z one of the space-separated codes in zList? ("" never is.) */
int in903(const char *z, const char *zList);
/* Rows of table t ordered by child (in first-seen order), then by date column
** col ascending with blank or invalid dates last, then by row: what the peer
** gets from sort_values(['CHILD', col]). Cached; *pn gets the row count.
** This and the other caches may be asked for from the threads running the
** rules (r903_validate): they are built under a lock. */
const int *r903_order(Return903 *r, int t, int col, int *pn);
/* In such an order, the index just past the run of rows of ord[i]'s child. */
int r903_run_end(const Return903 *r, int t, const int *ord, int n, int i);
/* Per child (index into azChild): looked after continuously for the 12
** months to 31 March, as the DfE's OC2 rules mean it: in care at some time
** in the year, and no episode in it that starts a period of care (RNE S)
** after 1 April, ends one (REC not X1) before 31 March, or is a short break
** (LS V3, V4). A child with no episodes is not. Cached; needs Episodes. */
const unsigned char *r903_cla(Return903 *r);
/* Each of r's children as a child of r->pLast (-1 when last year's return
** does not name it), and each of last year's as one of r's: the two returns
** intern their children apart, and the rules comparing them map each
** child once through these. Cached; need r->pLast. */
const int *r903_to_last(Return903 *r);
const int *r903_from_last(Return903 *r);
/* pandas' DateOffset(years=n): same day n years on, 29 Feb -> 28 Feb. */
Date r903_add_years(Date d, int n);

/* ---- Rules ------------------------------------------------------------------- */
typedef struct Rule903 Rule903;
struct Rule903 {
  const char *zCode;    /* "101", "392a", "INT03" */
  unsigned mTables;     /* bit (1u << T_x) for each table the rule needs */
  unsigned flags;       /* R903_* */
  void (*xCheck)(Return903 *r);
  const char *zMsg;     /* the DfE's message */
};
#define R903_LAST_YEAR 1u     /* needs last year's return (r->pLast, with the
                              ** tables given by R903_LAST_TB): skipped without it */
#define R903_POSTCODES 2u     /* reads distance or placement area: skipped
                              ** without a postcode table (r->pPostcodes) */
#define R903_PROVIDERS 4u     /* reads Ofsted's provider lists: skipped
                              ** without them (r->pProviders) */
#define TB(x) (1u << (x))
/* In flags, with R903_LAST_YEAR: a table the rule reads from last year's
** return. Kept in flags so the rule tables keep their five fields. */
#define R903_LAST_TB(x) (1u << (8 + (x)))
#define R903_LAST_TABLES(flags) (((flags) >> 8) & (TB(T_COUNT) - 1))

/* Record a failure of the running rule at row `row` of table t. */
void r903_fail(Return903 *r, int t, int row);

/* The rule tables, each ended by an entry with zCode NULL. */
extern const Rule903 aRules903Header[];     /* ssda903_rules_header.c */
extern const Rule903 aRules903Episode[];    /* ssda903_rules_episode.c */
extern const Rule903 aRules903Sequence[];   /* ssda903_rules_sequence.c */
extern const Rule903 aRules903Change[];     /* ssda903_rules_change.c */
extern const Rule903 aRules903Place[];      /* ssda903_rules_place.c */
extern const Rule903 aRules903Missing[];    /* ssda903_rules_missing.c */
extern const Rule903 aRules903Adoption[];   /* ssda903_rules_adoption.c */
extern const Rule903 aRules903Outcomes[];   /* ssda903_rules_outcomes.c */
extern const Rule903 aRules903LastYear[];   /* ssda903_rules_lastyear.c */
extern const Rule903 aRules903Providers[];  /* ssda903_rules_providers.c */

extern const Rule903 aRules903Sw[];         /* ssda903_rules_sw.c */
/* Rules the DfE added or changed for 2026/27 (a changed rule has an entry
** here under its code, which replaces 2025/26's). */
extern const Rule903 aRules903Y2027[];      /* ssda903_rules_missing.c: DoLOs */

/* The index of child zChild in r->azChild, or -1 when no table names it. */
int r903_find_child(const Return903 *r, const char *zChild);

/* The rules of collection year `year` (2026 is 2025/26), in code order; *pn
** gets the count. Each year's set is the year before's with that year's
** changes (ssda903.c aYear903); years before 2026 get 2025/26's rules,
** the earliest set Oversight has. Err903.rule indexes this array, so a return's failures
** are read back with r903_rules(r->year, ...). Safe from any thread. */
const Rule903 *const *r903_rules(int year, int *pn);
/* The year whose rules apply when none is named: 2025/26. */
#define R903_DEFAULT_YEAR 2026
/* Run every rule of r->year (or those in the space-separated zOnly), on two
** threads (OVERSIGHT_903_THREADS=1: one), each rule given a copy of r whose
** failures are merged after; a rule keeps any state of its own on its
** stack or in _Thread_local variables. A rule whose
** tables are not all present, needing last year's return, or needing a
** postcode table there is not, is skipped: aSkipped[i] set for rule i. Failures are left in r->aErr sorted
** by rule, table, row, without duplicates. */
void r903_validate(Return903 *r, const char *zOnly, unsigned char *aSkipped);

/* Why rule p cannot run on r, or R903_RUNS; *pmMissing (may be NULL) gets
** the tables it needs that r lacks, as TB() bits.
** R903_SKIP_LAST_FILES: last year's return was given without a table the
** rule reads from it (*pmMissing then names last year's tables).
** R903_SKIP_PROVIDERS: the rule needs Ofsted's provider lists. */
enum { R903_RUNS, R903_SKIP_FILES, R903_SKIP_LAST_YEAR, R903_SKIP_POSTCODES, R903_SKIP_LAST_FILES,
       R903_SKIP_PROVIDERS };
int r903_skip_reason(const Return903 *r, const Rule903 *p, unsigned *pmMissing);

/* Run the one rule zCode of r->year: 1 when it ran (its failures added to r->aErr,
** sorted), 0 when it was skipped, -1 when there is no such rule. */
int r903_check_one(Return903 *r, const char *zCode);

/* ---- Postcodes (ssda903_postcodes.c) ----------------------------------------- */
/* Load a postcode table (CSV: pcd, oseast1m, osnrth1m, laua). */
Postcodes903 *postcodes903_load(const char *zPath, Buf *pErr);
void postcodes903_free(Postcodes903 *p);
/* The table's entries, for storing it (placements.c): entry i's postcode as
** keyed (upper-cased, no spaces) into zKey, its district into *pzLaua
** ("" if none) and grid metres: 1, or 0 when the directory gives no grid
** reference for it. */
uint32_t postcodes903_count(const Postcodes903 *p);
int postcodes903_entry(const Postcodes903 *p, uint32_t i, char zKey[9], int32_t *pEast,
                       int32_t *pNorth, const char **pzLaua);
/* Postcode z as the table keys it, into zKey: 0 if blank or too long. */
int postcode_key(const char *z, char zKey[9]);
/* Miles between two grid references as the peer computes PL_DISTANCE:
** Euclidean metres / 1000 / 1.6093, rounded to one decimal, half to even. */
double postcode_miles(int32_t e1, int32_t n1, int32_t e2, int32_t n2);
/* PL_LOCATION of a placement in district zLaua for the council zLa (its
** upper-tier ONS code): "IN", "OUT", or "" when the district is unknown. */
const char *postcode_location(const char *zLaua, const char *zLa);
/* Fill aDistance/azPlLa/azPlLocation from r->pPostcodes (may be NULL) and
** r->zLa; called by r903_finish. */
void r903_derive_postcodes(Return903 *r);

/* ---- Ofsted's provider lists (ssda903_rules_providers.c) -------------------- */
/* Load the lists as one CSV (URN, PLACE_CODES, PROVIDER_CODES, REG_END,
** POSTCODE, and optionally LA): NULL with "FILE line N: reason" lines in
** pErr when refused. */
Providers903 *providers903_load(const char *zPath, Buf *pErr);
/* The same from a file's text already read (an upload); zPath names it in
** the messages. */
Providers903 *providers903_load_text(const char *zPath, const char *zText, size_t nText, Buf *pErr);
void providers903_free(Providers903 *p);
int providers903_count(const Providers903 *p);

#endif
