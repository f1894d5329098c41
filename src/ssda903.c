/*
** ssda903.c: reading an SSDA903 return into memory, and the rule runner.
**
** Cells live in large blocks (one allocation per 64 KB of text, not one per
** cell) and rows point into them: a 100,000-child return is about a million
** cells, and a malloc for each would cost more than validating them.
*/
#include "ssda903.h"
#include "csv.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* ---- The tables' columns -------------------------------------------------- */
static const char *const azHeader[] = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC"};
static const char *const azEpisodes[] = {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER",
                                         "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"};
static const char *const azReviews[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"};
static const char *const azUasc[] = {"CHILD", "SEX", "DOB", "DUC"};
static const char *const azOc2[] = {"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                                    "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                    "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
static const char *const azOc3[] = {"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"};
static const char *const azAd1[] = {"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                    "SEX_ADOPTR", "LS_ADOPTR"};
static const char *const azPlaced[] = {"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"};
static const char *const azPrevPerm[] = {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"};
static const char *const azMissing[] = {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"};
static const char *const azSw[] = {"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"};
static const char *const azDolo[] = {"CHILD", "DOB", "DOLO_START", "DOLO_END"};

const char *const az903Table[T_COUNT] = {
  "Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption",
  "PrevPerm", "Missing", "SWEpisodes", "DoLo",
};
const char *const *const aa903Col[T_COUNT] = {
  azHeader, azEpisodes, azReviews, azUasc, azOc2, azOc3, azAd1, azPlaced,
  azPrevPerm, azMissing, azSw, azDolo,
};
#define NCOL(a) ((int)(sizeof(a) / sizeof(a[0])))
/* Header's count excludes the derived UASC column: it is not in the file. */
const int a903nCol[T_COUNT] = {
  NCOL(azHeader) - 1, NCOL(azEpisodes), NCOL(azReviews), NCOL(azUasc), NCOL(azOc2), NCOL(azOc3),
  NCOL(azAd1), NCOL(azPlaced), NCOL(azPrevPerm), NCOL(azMissing), NCOL(azSw), NCOL(azDolo),
};

/* Columns holding dates (DATE_PERM may hold ZZ for unknown parts; those
** cells simply do not parse). */
static int is_date_col(const char *zCol) {
  static const char *const az[] = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT",
                                   "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED", "DATE_PERM",
                                   "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END"};
  for (int i = 0; i < NCOL(az); i++)
    if (strcmp(az[i], zCol) == 0) return 1;
  return 0;
}

static int table_ncol(int t) { return t == T_HEADER ? NCOL(azHeader) : a903nCol[t]; }

/* ---- Storage ---------------------------------------------------------------- */
typedef struct Block { struct Block *pNext; size_t n, used; char a[]; } Block;
typedef struct Order { int t, col, n; int *a; struct Order *pNext; } Order;

struct R903Private {
  Block *pBlock;
  int nCellAlloc[T_COUNT];       /* room in each table's az */
  int nRowAlloc[T_COUNT];
  int xmlUasc;                   /* the XML reader filled H_UASC itself */
  int *aHash;                    /* child intern table: index+1, 0 empty */
  int nHash;
  Order *pOrder;
};

static char *store(Return903 *r, const char *z, size_t n) {
  struct R903Private *p = r->p;
  if (!p->pBlock || p->pBlock->used + n + 1 > p->pBlock->n) {
    size_t sz = n + 1 > 65536 ? n + 1 : 65536;
    Block *b = xmalloc(sizeof(Block) + sz);
    b->n = sz;
    b->used = 0;
    b->pNext = p->pBlock;
    p->pBlock = b;
  }
  char *zOut = p->pBlock->a + p->pBlock->used;
  memcpy(zOut, z, n);
  zOut[n] = 0;
  p->pBlock->used += n + 1;
  return zOut;
}

void r903_init(Return903 *r, int year) {
  memset(r, 0, sizeof(*r));
  r->p = xmalloc(sizeof(*r->p));
  memset(r->p, 0, sizeof(*r->p));
  r->year = year;
  r->start = date_from_ymd(year - 1, 4, 1);
  r->end = date_from_ymd(year, 3, 31);
  for (int t = 0; t < T_COUNT; t++) r->a[t].nCol = table_ncol(t);
}

void r903_free(Return903 *r) {
  if (!r->p) return;
  for (int t = 0; t < T_COUNT; t++) {
    T903 *tb = &r->a[t];
    free(tb->az);
    free(tb->aDate);
    free(tb->aChild);
    free(tb->aLine);
    free(tb->zFile);
  }
  for (Block *b = r->p->pBlock, *n; b; b = n) {
    n = b->pNext;
    free(b);
  }
  for (Order *o = r->p->pOrder, *n; o; o = n) {
    n = o->pNext;
    free(o->a);
    free(o);
  }
  for (int i = 0; i < r->nChild; i++) free(r->azChild[i]);
  free(r->azChild);
  free(r->aHeaderRow);
  free(r->p->aHash);
  free(r->aErr);
  free(r->aDistance);
  free(r->azPlLa);
  free(r->azPlLocation);
  postcodes903_free(r->pPostcodes);
  free(r->p);
  memset(r, 0, sizeof(*r));
}

void r903_add_row(Return903 *r, int t, const char *const *azCell, int line) {
  T903 *tb = &r->a[t];
  struct R903Private *p = r->p;
  if (tb->nRow >= p->nRowAlloc[t]) {
    p->nRowAlloc[t] = p->nRowAlloc[t] ? p->nRowAlloc[t] * 2 : 256;
    tb->az = xrealloc(tb->az, sizeof(char *) * (size_t)p->nRowAlloc[t] * (size_t)tb->nCol);
    tb->aLine = xrealloc(tb->aLine, sizeof(int) * (size_t)p->nRowAlloc[t]);
  }
  const char **az = tb->az + (size_t)tb->nRow * tb->nCol;
  for (int c = 0; c < tb->nCol; c++) {
    const char *z = azCell[c] ? azCell[c] : "";
    while (*z && isspace((unsigned char)*z)) z++;
    size_t n = strlen(z);
    while (n > 0 && isspace((unsigned char)z[n - 1])) n--;
    if (n == 0) {
      az[c] = "";
      continue;
    }
    char *zCopy = store(r, z, n);
    for (char *q = zCopy; *q; q++)
      if (*q >= 'a' && *q <= 'z') *q = (char)(*q - 'a' + 'A');
    az[c] = zCopy;
  }
  tb->aLine[tb->nRow++] = line;
}

int r903_parse_date(const char *z, Date *pd) {
  if (!z[0]) return 0;
  int v[3] = {0, 0, 0}, i = 0;
  for (int part = 0; part < 3; part++) {
    int nDigit = 0;
    while (z[i] >= '0' && z[i] <= '9') {
      v[part] = v[part] * 10 + (z[i] - '0');
      i++;
      if (++nDigit > 4) return -1;
    }
    if (part < 2) {
      if (nDigit < 1 || nDigit > 2 || z[i] != '/') return -1;
      i++;
    } else if (nDigit != 4 || z[i]) {
      return -1;
    }
  }
  if (v[2] < 1800 || v[2] > 2199 || !date_valid_ymd(v[2], v[1], v[0])) return -1;
  *pd = date_from_ymd(v[2], v[1], v[0]);
  return 1;
}

/* ---- Reading CSV -------------------------------------------------------------- */
static int looks_utf16(const char *z, size_t n) {
  if (n >= 2 && (((unsigned char)z[0] == 0xFF && (unsigned char)z[1] == 0xFE) ||
                 ((unsigned char)z[0] == 0xFE && (unsigned char)z[1] == 0xFF)))
    return 1;
  return memchr(z, 0, n < 4096 ? n : 4096) != 0;
}

/* Which table has exactly these columns? Otherwise explain, against the
** table they come closest to, what is missing and what is not known. */
static int identify(char **azName, int nName, const char *zName, Buf *pErr) {
  int best = -1, bestScore = -1;
  for (int t = 0; t < T_COUNT; t++) {
    int nMatch = 0;
    for (int i = 0; i < nName; i++)
      for (int c = 0; c < a903nCol[t]; c++)
        if (strcmp(azName[i], aa903Col[t][c]) == 0) {
          nMatch++;
          break;
        }
    if (nMatch == nName && nMatch == a903nCol[t]) return t;
    int score = 2 * nMatch - nName - a903nCol[t];
    if (score > bestScore || best < 0) best = t, bestScore = score;
  }
  buf_printf(pErr, "%s line 1: the columns do not match any file of the return", zName);
  int said = 0;
  for (int c = 0; c < a903nCol[best]; c++) {
    int found = 0;
    for (int i = 0; i < nName && !found; i++) found = strcmp(azName[i], aa903Col[best][c]) == 0;
    if (!found) {
      if (!said) buf_printf(pErr, "; closest is the %s file, which needs column ", az903Table[best]), said = 1;
      else buf_puts(pErr, ", ");
      buf_puts(pErr, aa903Col[best][c]);
    }
  }
  int saidExtra = 0;
  for (int i = 0; i < nName; i++) {
    int found = 0;
    for (int c = 0; c < a903nCol[best] && !found; c++) found = strcmp(azName[i], aa903Col[best][c]) == 0;
    if (!found) {
      buf_puts(pErr, saidExtra ? ", " : "; unknown column ");
      buf_puts(pErr, azName[i][0] ? azName[i] : "(blank)");
      saidExtra = 1;
    }
  }
  /* A column named twice is otherwise a perfect match, and would be
  ** refused with no reason at all. */
  for (int i = 0; i < nName; i++) {
    int nBefore = 0;
    for (int j = 0; j < i; j++) nBefore += strcmp(azName[i], azName[j]) == 0;
    if (nBefore == 1) buf_printf(pErr, "; column %s appears twice", azName[i][0] ? azName[i] : "(blank)");
  }
  buf_putc(pErr, '\n');
  return -1;
}

static int add_csv(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr) {
  CsvReader rd;
  char **az;
  int nField, rc;
  csv_init(&rd, z, n);
  rc = csv_read(&rd, &az, &nField);
  if (rc <= 0) {
    buf_printf(pErr, "%s line 1: %s\n", zName, rc < 0 ? rd.zErr : "the file is empty: it needs a row of column names");
    csv_free(&rd);
    return -1;
  }
  /* Column names, trimmed and upper-cased, as the peer compares them. */
  char **azName = xmalloc(sizeof(char *) * (size_t)nField);
  int nName = nField;
  for (int i = 0; i < nField; i++) {
    azName[i] = xstrdup(csv_trim(az[i]));
    for (char *q = azName[i]; *q; q++) *q = (char)toupper((unsigned char)*q);
  }
  /* A spreadsheet often leaves empty columns after the last one. */
  while (nName > 0 && azName[nName - 1][0] == 0) nName--;
  int t = identify(azName, nName, zName, pErr);
  int aMap[16];
  int ok = t >= 0;
  if (ok) {
    for (int i = 0; i < nName; i++) {
      for (int c = 0; c < a903nCol[t]; c++)
        if (strcmp(azName[i], aa903Col[t][c]) == 0) aMap[c] = i;
      for (int j = 0; j < i; j++)
        if (strcmp(azName[i], azName[j]) == 0) {
          buf_printf(pErr, "%s line 1: column %s appears twice\n", zName, azName[i]);
          ok = 0;
        }
    }
    if (ok && r->a[t].present) {
      buf_printf(pErr, "%s: a second %s file (the first was %s); give each file of the return once\n", zName,
                 az903Table[t], r->a[t].zFile);
      ok = 0;
    }
  }
  for (int i = 0; i < nField; i++) free(azName[i]);
  free(azName);
  if (!ok) {
    csv_free(&rd);
    return -1;
  }
  T903 *tb = &r->a[t];
  tb->present = 1;
  tb->zFile = xstrdup(zName);
  const char *azCell[16];
  int nBad = 0;
  while ((rc = csv_read(&rd, &az, &nField)) > 0) {
    int line = rd.record;
    if (nField == 1 && az[0][0] == 0) continue;   /* a blank line */
    int extra = 0;
    for (int i = nName; i < nField; i++)
      if (csv_trim(az[i])[0]) extra = 1;
    if (extra) {
      buf_printf(pErr, "%s line %d: %d values but only %d columns\n", zName, line, nField, nName);
      if (++nBad >= 20) break;
      continue;
    }
    for (int c = 0; c < a903nCol[t]; c++) azCell[c] = aMap[c] < nField ? az[aMap[c]] : "";
    azCell[a903nCol[t]] = "";   /* Header's derived UASC */
    r903_add_row(r, t, azCell, line);
  }
  if (rc < 0) {
    buf_printf(pErr, "%s line %d: %s\n", zName, rd.record, rd.zErr);
    nBad++;
  }
  csv_free(&rd);
  return nBad ? -1 : 0;
}

int r903_add_text(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr) {
  if (looks_utf16(z, n)) {
    buf_printf(pErr, "%s: the file is UTF-16 (or holds NUL bytes); save it as CSV UTF-8 and try again\n", zName);
    return -1;
  }
  size_t i = 0;
  if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && isspace((unsigned char)z[i])) i++;
  if (i < n && z[i] == '<') return r903_add_xml(r, zName, z, n, pErr);
  return add_csv(r, zName, z, n, pErr);
}

static int ends_with(const char *z, const char *zSuffix) {
  size_t n = strlen(z), m = strlen(zSuffix);
  return n >= m && strcasecmp(z + n - m, zSuffix) == 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int r903_add_dir(Return903 *r, const char *zDir, Buf *pErr) {
  DIR *d = opendir(zDir);
  if (!d) {
    buf_printf(pErr, "%s: cannot open the folder\n", zDir);
    return -1;
  }
  char **az = 0;
  int nAz = 0, rc = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".csv") || ends_with(e->d_name, ".xml"))) continue;
    az = xrealloc(az, sizeof(char *) * (size_t)(nAz + 1));
    az[nAz++] = xstrdup(e->d_name);
  }
  closedir(d);
  if (nAz) qsort(az, (size_t)nAz, sizeof(char *), cmp_str);   /* messages in a stable order */
  if (nAz == 0) {
    buf_printf(pErr, "%s: no .csv or .xml files in the folder\n", zDir);
    rc = -1;
  }
  for (int i = 0; i < nAz; i++) {
    Buf path = {0}, text = {0};
    char *zErr = 0;
    buf_printf(&path, "%s/%s", zDir, az[i]);
    if (csv_read_file(path.z, &text, &zErr) != 0) {
      buf_printf(pErr, "%s: %s\n", az[i], zErr);
      free(zErr);
      rc = -1;
    } else if (r903_add_text(r, az[i], text.z ? text.z : "", text.n, pErr) != 0) {
      rc = -1;
    }
    buf_free(&path);
    buf_free(&text);
    free(az[i]);
  }
  free(az);
  return rc;
}

/* ---- Finishing: children, dates, UASC ------------------------------------------ */
static unsigned hash_str(const char *z) {
  unsigned h = 2166136261u;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

static int intern_child(Return903 *r, const char *z) {
  struct R903Private *p = r->p;
  if (2 * (r->nChild + 1) > p->nHash) {
    int nNew = p->nHash ? p->nHash * 2 : 1024;
    int *aNew = xmalloc(sizeof(int) * (size_t)nNew);
    memset(aNew, 0, sizeof(int) * (size_t)nNew);
    for (int i = 0; i < r->nChild; i++) {
      unsigned h = hash_str(r->azChild[i]) & (unsigned)(nNew - 1);
      while (aNew[h]) h = (h + 1) & (unsigned)(nNew - 1);
      aNew[h] = i + 1;
    }
    free(p->aHash);
    p->aHash = aNew;
    p->nHash = nNew;
  }
  unsigned h = hash_str(z) & (unsigned)(p->nHash - 1);
  while (p->aHash[h]) {
    if (strcmp(r->azChild[p->aHash[h] - 1], z) == 0) return p->aHash[h] - 1;
    h = (h + 1) & (unsigned)(p->nHash - 1);
  }
  if (r->nChild >= r->nChildAlloc) {
    r->nChildAlloc = r->nChildAlloc ? r->nChildAlloc * 2 : 1024;
    r->azChild = xrealloc(r->azChild, sizeof(char *) * (size_t)r->nChildAlloc);
  }
  r->azChild[r->nChild] = xstrdup(z);
  p->aHash[h] = r->nChild + 1;
  return r->nChild++;
}

void r903_finish(Return903 *r) {
  for (int t = 0; t < T_COUNT; t++) {
    T903 *tb = &r->a[t];
    size_t nCell = (size_t)tb->nRow * tb->nCol;
    tb->aDate = xmalloc(sizeof(Date) * (nCell ? nCell : 1));
    tb->aChild = xmalloc(sizeof(int) * (size_t)(tb->nRow ? tb->nRow : 1));
    if (!tb->az) tb->az = xmalloc(sizeof(char *));
    if (!tb->aLine) tb->aLine = xmalloc(sizeof(int));
    for (int c = 0; c < tb->nCol; c++) {
      int isDate = c < table_ncol(t) && is_date_col(aa903Col[t][c]);
      for (int i = 0; i < tb->nRow; i++) {
        Date d = DATE_NONE;
        if (isDate && r903_parse_date(c903(tb, i, c), &d) != 1) d = DATE_NONE;
        tb->aDate[(size_t)i * tb->nCol + c] = d;
      }
    }
    for (int i = 0; i < tb->nRow; i++) tb->aChild[i] = intern_child(r, c903(tb, i, 0));
  }
  r->aHeaderRow = xmalloc(sizeof(int) * (size_t)(r->nChild ? r->nChild : 1));
  for (int i = 0; i < r->nChild; i++) r->aHeaderRow[i] = -1;
  T903 *h = &r->a[T_HEADER];
  for (int i = h->nRow - 1; i >= 0; i--) r->aHeaderRow[h->aChild[i]] = i;
  /* The peer marks each Header row 1 or 0 by the child's presence in the
  ** UASC file, when there is one. */
  if (!r->p->xmlUasc && r->a[T_UASC].present) {
    unsigned char *aIn = xmalloc((size_t)(r->nChild ? r->nChild : 1));
    memset(aIn, 0, (size_t)r->nChild);
    T903 *u = &r->a[T_UASC];
    for (int i = 0; i < u->nRow; i++) aIn[u->aChild[i]] = 1;
    for (int i = 0; i < h->nRow; i++) h->az[(size_t)i * h->nCol + H_UASC] = aIn[h->aChild[i]] ? "1" : "0";
    free(aIn);
    r->hasUasc = 1;
  }
  if (r->p->xmlUasc) r->hasUasc = 1;
  r903_derive_postcodes(r);
}

/* The XML reader says it has set Header's UASC cells itself. */
void r903_xml_sets_uasc(Return903 *r) { r->p->xmlUasc = 1; }

/* ---- Helpers for rules ------------------------------------------------------------ */
int in903(const char *z, const char *zList) {
  size_t n = strlen(z);
  if (n == 0) return 0;
  for (const char *p = zList; *p;) {
    while (*p == ' ') p++;
    const char *q = p;
    while (*q && *q != ' ') q++;
    if ((size_t)(q - p) == n && memcmp(p, z, n) == 0) return 1;
    p = q;
  }
  return 0;
}

static const Return903 *gSortR;
static int gSortT, gSortCol;
static int cmp_order(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  const T903 *t = &gSortR->a[gSortT];
  if (t->aChild[x] != t->aChild[y]) return t->aChild[x] < t->aChild[y] ? -1 : 1;
  Date dx = d903(t, x, gSortCol), dy = d903(t, y, gSortCol);
  if (dx != dy) {
    if (dx == DATE_NONE) return 1;
    if (dy == DATE_NONE) return -1;
    return dx < dy ? -1 : 1;
  }
  return x < y ? -1 : x > y;
}

const int *r903_order(Return903 *r, int t, int col, int *pn) {
  for (Order *o = r->p->pOrder; o; o = o->pNext)
    if (o->t == t && o->col == col) {
      *pn = o->n;
      return o->a;
    }
  Order *o = xmalloc(sizeof(*o));
  o->t = t;
  o->col = col;
  o->n = r->a[t].nRow;
  o->a = xmalloc(sizeof(int) * (size_t)(o->n ? o->n : 1));
  for (int i = 0; i < o->n; i++) o->a[i] = i;
  gSortR = r;
  gSortT = t;
  gSortCol = col;
  qsort(o->a, (size_t)o->n, sizeof(int), cmp_order);
  o->pNext = r->p->pOrder;
  r->p->pOrder = o;
  *pn = o->n;
  return o->a;
}

int r903_run_end(const Return903 *r, int t, const int *ord, int n, int i) {
  const int *aChild = r->a[t].aChild;
  int c = aChild[ord[i]];
  while (i < n && aChild[ord[i]] == c) i++;
  return i;
}

Date r903_add_years(Date d, int n) { return date_add_months(d, 12 * n); }

/* ---- Running the rules ------------------------------------------------------------ */
void r903_fail(Return903 *r, int t, int row) {
  if (r->nErr >= r->nErrAlloc) {
    r->nErrAlloc = r->nErrAlloc ? r->nErrAlloc * 2 : 1024;
    r->aErr = xrealloc(r->aErr, sizeof(Err903) * (size_t)r->nErrAlloc);
  }
  r->aErr[r->nErr++] = (Err903){r->curRule, t, row};
}

/* Rule codes sort as the DfE lists them: numbers in numeric order (with
** their letter suffix), then the named checks (EPI, INT..). */
static int cmp_code(const char *a, const char *b) {
  int da = isdigit((unsigned char)a[0]), db = isdigit((unsigned char)b[0]);
  if (da != db) return da ? -1 : 1;
  if (da) {
    long na = strtol(a, 0, 10), nb = strtol(b, 0, 10);
    if (na != nb) return na < nb ? -1 : 1;
  }
  return strcmp(a, b);
}
static int cmp_rule(const void *a, const void *b) {
  return cmp_code((*(const Rule903 *const *)a)->zCode, (*(const Rule903 *const *)b)->zCode);
}

const Rule903 *const *r903_rules(int *pn) {
  static const Rule903 **ap;
  static int n;
  if (!ap) {
    const Rule903 *const aTab[] = {aRules903Header, aRules903Episode, aRules903Sequence, aRules903Change,
                                   aRules903Place};
    int nAll = 0;
    for (int i = 0; i < NCOL(aTab); i++)
      for (const Rule903 *p = aTab[i]; p->zCode; p++) nAll++;
    ap = xmalloc(sizeof(*ap) * (size_t)(nAll ? nAll : 1));
    for (int i = 0; i < NCOL(aTab); i++)
      for (const Rule903 *p = aTab[i]; p->zCode; p++) ap[n++] = p;
    qsort(ap, (size_t)n, sizeof(*ap), cmp_rule);
  }
  *pn = n;
  return ap;
}

static int cmp_err(const void *a, const void *b) {
  const Err903 *x = a, *y = b;
  if (x->rule != y->rule) return x->rule < y->rule ? -1 : 1;
  if (x->table != y->table) return x->table < y->table ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

void r903_validate(Return903 *r, const char *zOnly, unsigned char *aSkipped) {
  int n;
  const Rule903 *const *ap = r903_rules(&n);
  for (int i = 0; i < n; i++) {
    const Rule903 *p = ap[i];
    if (zOnly && !in903(p->zCode, zOnly)) continue;
    int ok = !(p->flags & R903_LAST_YEAR);
    for (int t = 0; t < T_COUNT && ok; t++)
      if ((p->mTables & TB(t)) && !r->a[t].present) ok = 0;
    if (!ok) {
      if (aSkipped) aSkipped[i] = 1;
      continue;
    }
    r->curRule = i;
    p->xCheck(r);
  }
  if (r->nErr) qsort(r->aErr, (size_t)r->nErr, sizeof(Err903), cmp_err);
  int m = 0;
  for (int i = 0; i < r->nErr; i++)
    if (m == 0 || cmp_err(&r->aErr[m - 1], &r->aErr[i]) != 0) r->aErr[m++] = r->aErr[i];
  r->nErr = m;
}
