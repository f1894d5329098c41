/*
** ssda903.c: reading an SSDA903 return into memory, and the rule runner.
**
** Each table keeps every distinct cell value once, in one block of text
** (its pool), and a row is the offsets of its cells in that block: a
** 100,000-child return is about five million cells but only a few hundred
** thousand distinct values (a date, a code or a child's ID recurs on row
** after row), so the pool is a few MB where the files' own text is 30, and
** two cells of a table hold the same value exactly when their offsets are
** equal. A file's text is read whole, parsed in place, its values interned
** into the pool, and freed before the next file is read.
*/
#include "ssda903.h"
#include "csv.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
typedef struct Order { int t, col, n; int *a; struct Order *pNext; } Order;

/* A pool's index while its table is read: open addressing on the value's
** hash, each slot a pool offset (0, the blank, marks an empty slot, as a
** blank is never interned) and the value's hash (compared before the
** text, and kept for growing). Freed by r903_finish. */
typedef struct InternSlot { uint32_t off, hash; } InternSlot;
typedef struct Intern { InternSlot *aSlot; uint32_t mask, nUsed; } Intern;

struct R903Private {
  int nRowAlloc[T_COUNT];
  Intern aIntern[T_COUNT];
  int xmlUasc;                   /* the XML reader filled H_UASC itself */
  int *aHash;                    /* child intern table: index+1, 0 empty */
  int nHash;
  Order *pOrder;
  unsigned char *aCla;           /* r903_cla's answer, once asked */
  int *aToLast, *aFromLast;      /* r903_to_last, r903_from_last */
  /* The caches above are built at first use, and the rules run on two
  ** threads (r903_validate): building one, or looking for it, holds this. */
  pthread_mutex_t mutex;
};

/* Every table's text starts with these bytes, so that offset 0 is a blank
** cell and Header's derived UASC cells can point at "1" and "0". */
static const char zPrefix[5] = {0, '1', 0, '0', 0};
enum { OFF_BLANK = 0, OFF_ONE = 1, OFF_ZERO = 3, PREFIX = 5 };

void r903_init(Return903 *r, int year) {
  memset(r, 0, sizeof(*r));
  r->p = xmalloc(sizeof(*r->p));
  memset(r->p, 0, sizeof(*r->p));
  pthread_mutex_init(&r->p->mutex, NULL);
  r->year = year;
  r->start = date_from_ymd(year - 1, 4, 1);
  r->end = date_from_ymd(year, 3, 31);
  for (int t = 0; t < T_COUNT; t++) {
    T903 *tb = &r->a[t];
    tb->nCol = table_ncol(t);
    for (int c = 0; c < 16; c++) tb->aDateSlot[c] = -1;
    for (int c = 0; c < a903nCol[t]; c++)
      if (is_date_col(aa903Col[t][c])) tb->aDateSlot[c] = (signed char)tb->nDateCol++;
  }
}

void r903_free(Return903 *r) {
  if (!r->p) return;
  for (int t = 0; t < T_COUNT; t++) {
    T903 *tb = &r->a[t];
    free(tb->zText);
    free(tb->aOff);
    free(tb->aDate);
    free(tb->aChild);
    free(tb->aLine);
    free(tb->zFile);
    free(r->p->aIntern[t].aSlot);
  }
  for (Order *o = r->p->pOrder, *n; o; o = n) {
    n = o->pNext;
    free(o->a);
    free(o);
  }
  free(r->azChild);   /* each points into a table's pool */
  free(r->aHeaderRow);
  free(r->p->aHash);
  free(r->p->aCla);
  free(r->p->aToLast);
  free(r->p->aFromLast);
  pthread_mutex_destroy(&r->p->mutex);
  free(r->aErr);
  free(r->aDistance);
  free(r->azPlLa);
  free(r->azPlLocation);
  if (!r->sharedPostcodes) postcodes903_free(r->pPostcodes);
  providers903_free(r->pProviders);
  if (r->pLast) {
    r903_free(r->pLast);
    free(r->pLast);
  }
  free(r->p);
  memset(r, 0, sizeof(*r));
}

/* Room for one more row of offsets in table t. */
static uint32_t *new_row(Return903 *r, int t, int line) {
  T903 *tb = &r->a[t];
  if (tb->nRow >= r->p->nRowAlloc[t]) {
    r->p->nRowAlloc[t] = r->p->nRowAlloc[t] ? r->p->nRowAlloc[t] * 2 : 256;
    tb->aOff = xrealloc(tb->aOff, sizeof(uint32_t) * (size_t)r->p->nRowAlloc[t] * (size_t)tb->nCol);
    tb->aLine = xrealloc(tb->aLine, sizeof(int) * (size_t)r->p->nRowAlloc[t]);
  }
  tb->aLine[tb->nRow] = line;
  return tb->aOff + (size_t)tb->nRow++ * tb->nCol;
}

/* Room for nRow more rows in table t at once (a file's line count, known
** before it is parsed), so the offsets are not copied as they grow. */
static void reserve_rows(Return903 *r, int t, size_t nRow) {
  T903 *tb = &r->a[t];
  size_t nWant = (size_t)tb->nRow + nRow;
  if (nWant <= (size_t)r->p->nRowAlloc[t] || nWant > INT32_MAX / 16) return;
  r->p->nRowAlloc[t] = (int)nWant;
  tb->aOff = xrealloc(tb->aOff, sizeof(uint32_t) * nWant * (size_t)tb->nCol);
  tb->aLine = xrealloc(tb->aLine, sizeof(int) * nWant);
}

static void upper(char *z) {
  for (; *z; z++)
    if (*z >= 'a' && *z <= 'z') *z = (char)(*z - 'a' + 'A');
}

static void pool_start(T903 *tb) {
  if (tb->zText) return;
  tb->nTextAlloc = 4096;
  tb->zText = xmalloc(tb->nTextAlloc);
  memcpy(tb->zText, zPrefix, PREFIX);
  tb->nText = PREFIX;
}

static uint32_t hash_bytes(const char *z, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)z[i]) * 16777619u;
  return h;
}

/* The offset of value z[0..n) (n > 0, already trimmed and upper-cased) in
** table t's pool, added if new. */
static uint32_t intern(Return903 *r, int t, const char *z, size_t n) {
  /* Header's derived UASC cells are the prefix's "1" and "0": so are any
  ** others, so that equal values keep equal offsets. */
  if (n == 1 && (z[0] == '1' || z[0] == '0')) return z[0] == '1' ? OFF_ONE : OFF_ZERO;
  T903 *tb = &r->a[t];
  Intern *x = &r->p->aIntern[t];
  pool_start(tb);
  if (2 * (x->nUsed + 1) > x->mask + 1 || !x->aSlot) {
    uint32_t nNew = x->aSlot ? 2 * (x->mask + 1) : 1024;
    InternSlot *aNew = xcalloc(nNew, sizeof(InternSlot));
    for (uint32_t i = 0; x->aSlot && i <= x->mask; i++) {
      if (!x->aSlot[i].off) continue;
      uint32_t h = x->aSlot[i].hash & (nNew - 1);
      while (aNew[h].off) h = (h + 1) & (nNew - 1);
      aNew[h] = x->aSlot[i];
    }
    free(x->aSlot);
    x->aSlot = aNew;
    x->mask = nNew - 1;
  }
  uint32_t hash = hash_bytes(z, n), h = hash & x->mask;
  for (uint32_t off; (off = x->aSlot[h].off) != 0; h = (h + 1) & x->mask) {
    const char *q = tb->zText + off;
    if (x->aSlot[h].hash == hash && memcmp(q, z, n) == 0 && q[n] == 0) return off;
  }
  if (tb->nText + n + 1 > tb->nTextAlloc) {
    while (tb->nText + n + 1 > tb->nTextAlloc) tb->nTextAlloc *= 2;
    tb->zText = xrealloc(tb->zText, tb->nTextAlloc);
  }
  uint32_t off = (uint32_t)tb->nText;
  memcpy(tb->zText + off, z, n);
  tb->zText[off + n] = 0;
  tb->nText += n + 1;
  x->aSlot[h] = (InternSlot){off, hash};
  x->nUsed++;
  return off;
}

void r903_add_row(Return903 *r, int t, const char *const *azCell, int line) {
  T903 *tb = &r->a[t];
  pool_start(tb);
  uint32_t *aOff = new_row(r, t, line);
  char zShort[256];
  for (int c = 0; c < tb->nCol; c++) {
    const char *z = azCell[c] ? azCell[c] : "";
    while (*z && isspace((unsigned char)*z)) z++;
    size_t n = strlen(z);
    while (n > 0 && isspace((unsigned char)z[n - 1])) n--;
    if (n == 0) {
      aOff[c] = OFF_BLANK;
      continue;
    }
    char *zUp = n < sizeof zShort ? zShort : xmalloc(n + 1);
    memcpy(zUp, z, n);
    zUp[n] = 0;
    upper(zUp);
    aOff[c] = intern(r, t, zUp, n);
    if (zUp != zShort) free(zUp);
  }
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
/* The CSV is parsed in place: each field is unquoted, trimmed and upper-cased
** where it lies, ended with a NUL written over its delimiter, and recorded
** as an offset. z[0..PREFIX) is the prefix, the text is z[PREFIX..n), and
** z[n] is a NUL. */
typedef struct Scan {
  char *z;
  size_t n, i;
  int line;              /* physical line of the next character */
  uint32_t aField[64];   /* offsets of the current record's fields */
  uint32_t aLen[64];     /* and their lengths */
  int nField;
  char zErr[120];
} Scan;

/* The next record: 1, 0 at the end, -1 with zErr. */
static int scan_record(Scan *s) {
  char *z = s->z;
  size_t i = s->i, n = s->n;
  if (i >= n) return 0;
  s->nField = 0;
  for (;;) {
    size_t w, start;
    /* Leading blanks are trimmed (a quote after them still opens a field). */
    while (i < n && (z[i] == ' ' || z[i] == '\t')) i++;
    if (i < n && z[i] == '"') {
      int qline = s->line;
      start = w = ++i;
      for (;;) {
        if (i >= n) {
          snprintf(s->zErr, sizeof s->zErr, "a quoted value opened on line %d is never closed", qline);
          return -1;
        }
        if (z[i] == '"') {
          if (i + 1 < n && z[i + 1] == '"') {
            z[w++] = '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (z[i] == '\n') s->line++;
        z[w++] = z[i++];
      }
      while (i < n && (z[i] == ' ' || z[i] == '\t')) i++;
      if (i < n && z[i] != ',' && z[i] != '\n' && z[i] != '\r') {
        snprintf(s->zErr, sizeof s->zErr, "text after the closing quote of a value");
        return -1;
      }
    } else {
      start = i;
      while (i < n && z[i] != ',' && z[i] != '\n' && z[i] != '\r') i++;
      w = i;
    }
    while (w > start && isspace((unsigned char)z[w - 1])) w--;
    char c = i < n ? z[i] : '\n';
    z[w] = 0;
    if (s->nField < (int)(sizeof s->aField / sizeof s->aField[0])) {
      s->aField[s->nField] = w > start ? (uint32_t)start : OFF_BLANK;
      s->aLen[s->nField] = (uint32_t)(w - start);
      if (w > start) upper(z + start);
    }
    s->nField++;
    if (c == ',') {
      i++;
      continue;
    }
    /* z[i] may have just become the field's NUL: step over it by c. */
    if (i < n) i++;
    if (c == '\r' && i < n && z[i] == '\n') i++;
    s->line++;
    break;
  }
  s->i = i;
  return 1;
}

static int looks_utf16(const char *z, size_t n) {
  if (n >= 2 && (((unsigned char)z[0] == 0xFF && (unsigned char)z[1] == 0xFE) ||
                 ((unsigned char)z[0] == 0xFE && (unsigned char)z[1] == 0xFF)))
    return 1;
  return memchr(z, 0, n < 4096 ? n : 4096) != 0;
}

/* Which table has exactly these columns? Otherwise explain, against the
** table they come closest to, what is missing and what is not known. */
static int identify(const char *const *azName, int nName, const char *zName, Buf *pErr) {
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

/* Parse the CSV text z[PREFIX..n) (z[n] a NUL) in place into a table: its
** values are interned, so the caller may free or reuse z afterwards. */
static int add_csv(Return903 *r, const char *zName, char *z, size_t n, Buf *pErr) {
  Scan s = {.z = z, .n = n, .i = PREFIX, .line = 1};
  if (n >= PREFIX + 3 && memcmp(z + PREFIX, "\xEF\xBB\xBF", 3) == 0) s.i += 3;
  if (!csv_utf8_valid((const unsigned char *)z + s.i, n - s.i)) {
    buf_printf(pErr, "%s: the text is not UTF-8: save the file as \"CSV UTF-8\"\n", zName);
    return -1;
  }
  int rc = scan_record(&s);
  if (rc <= 0) {
    buf_printf(pErr, "%s line 1: %s\n", zName, rc < 0 ? s.zErr : "the file is empty: it needs a row of column names");
    return -1;
  }
  int nName = s.nField < 64 ? s.nField : 64;
  const char *azName[64];
  for (int i = 0; i < nName; i++) azName[i] = z + s.aField[i];
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
  if (!ok) {
    return -1;
  }
  T903 *tb = &r->a[t];
  tb->present = 1;
  tb->zFile = xstrdup(zName);
  pool_start(tb);
  size_t nLine = 1;
  for (const char *q = z + s.i; (q = memchr(q, '\n', (size_t)(z + n - q))) != NULL; q++) nLine++;
  reserve_rows(r, t, nLine);
  /* Each column's value on the row before and its offset: a child's rows
  ** follow one another, repeating its ID and date of birth, so most cells
  ** are found here without hashing. */
  const char *azPrev[16] = {0};
  uint32_t aPrevLen[16] = {0}, aPrevOff[16] = {0};
  int nBad = 0;
  for (;;) {
    int line = s.line;
    rc = scan_record(&s);
    if (rc <= 0) break;
    if (s.nField == 1 && s.aField[0] == OFF_BLANK) continue;   /* a blank line */
    int extra = 0;
    for (int i = nName; i < s.nField && i < 64; i++)
      if (s.aField[i] != OFF_BLANK) extra = 1;
    if (extra || s.nField > 64) {
      buf_printf(pErr, "%s line %d: %d values but only %d columns\n", zName, line, s.nField, nName);
      if (++nBad >= 20) break;
      continue;
    }
    uint32_t *aOff = new_row(r, t, line);
    for (int c = 0; c < a903nCol[t]; c++) {
      if (aMap[c] >= s.nField || s.aField[aMap[c]] == OFF_BLANK) {
        aOff[c] = OFF_BLANK;
        continue;
      }
      const char *zCell = z + s.aField[aMap[c]];
      uint32_t nCell = s.aLen[aMap[c]];
      if (azPrev[c] && aPrevLen[c] == nCell && memcmp(azPrev[c], zCell, nCell) == 0) {
        aOff[c] = aPrevOff[c];
        continue;
      }
      aOff[c] = aPrevOff[c] = intern(r, t, zCell, nCell);
      azPrev[c] = zCell;
      aPrevLen[c] = nCell;
    }
    if (t == T_HEADER) aOff[H_UASC] = OFF_BLANK;
  }
  if (rc < 0) {
    buf_printf(pErr, "%s line %d: %s\n", zName, s.line, s.zErr);
    nBad++;
  }
  /* The table is whole (a second file of it is refused): its index goes
  ** now, not at r903_finish, as the next files are read. */
  free(r->p->aIntern[t].aSlot);
  memset(&r->p->aIntern[t], 0, sizeof(Intern));
  return nBad ? -1 : 0;
}

/* A copy of z[0..n) behind the prefix and before a NUL, for add_csv. */
static char *framed(const char *z, size_t n, size_t *pn) {
  char *zOut = xmalloc(n + PREFIX + 1);
  memcpy(zOut, zPrefix, PREFIX);
  if (n) memcpy(zOut + PREFIX, z, n);
  zOut[n + PREFIX] = 0;
  *pn = n + PREFIX;
  return zOut;
}

/* zFramed stays the caller's (add_csv rewrites it in place). */
static int add_text(Return903 *r, const char *zName, char *zFramed, size_t nFramed, Buf *pErr) {
  const char *z = zFramed + PREFIX;
  size_t n = nFramed - PREFIX;
  if (looks_utf16(z, n)) {
    buf_printf(pErr, "%s: the file is UTF-16 (or holds NUL bytes); save it as UTF-8 (for a spreadsheet, \"CSV UTF-8\") and try again\n", zName);
    return -1;
  }
  size_t i = 0;
  if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && isspace((unsigned char)z[i])) i++;
  if (i < n && z[i] == '<') return r903_add_xml(r, zName, z, n, pErr);
  return add_csv(r, zName, zFramed, nFramed, pErr);
}

int r903_add_text(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr) {
  size_t nFramed;
  char *zFramed = framed(z, n, &nFramed);
  int rc = add_text(r, zName, zFramed, nFramed, pErr);
  free(zFramed);
  return rc;
}

/* Room for n bytes in the reading buffer *pz (of *pnAlloc bytes), its
** first nKeep kept. Its pages are asked to be huge ones where the kernel
** leaves that to the program: faulting in 4 KB pages one at a time costs
** about as much as parsing what they hold. */
static void read_room(char **pz, size_t *pnAlloc, size_t n, size_t nKeep) {
  if (n <= *pnAlloc) return;
  /* A first file's size exactly; a file growing as it is read, doubled. */
  size_t nNew = nKeep ? 2 * *pnAlloc : n;
  if (nNew < n) nNew = n;
  if (nKeep) {
    *pz = xrealloc(*pz, nNew);
  } else {
    free(*pz);
    *pz = xmalloc(nNew);
  }
  *pnAlloc = nNew;
#ifdef MADV_HUGEPAGE
  enum { HUGE = 2 << 20 };
  uintptr_t a = ((uintptr_t)*pz + HUGE - 1) & ~(uintptr_t)(HUGE - 1), e = ((uintptr_t)*pz + nNew) & ~(uintptr_t)(HUGE - 1);
  if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);
#endif
}

/* Read a file into the framed buffer *pz (one buffer for every file of a
** folder, so each is read into pages already there), sized from the file
** (grown only if it grows while read); its length into *pn. -1 when it
** cannot be read. */
static int read_framed(const char *zPath, char **pz, size_t *pnAlloc, size_t *pn) {
  FILE *f = fopen(zPath, "rb");
  if (!f) return -1;
  struct stat st;
  size_t n = PREFIX;
  size_t nWant = 65536;
  if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 4)
    nWant = (size_t)st.st_size + PREFIX + 65536 + 2;
  read_room(pz, pnAlloc, nWant, 0);
  char *z = *pz;
  memcpy(z, zPrefix, PREFIX);
  for (;;) {
    if (*pnAlloc - n < 65536 + 1) {
      read_room(pz, pnAlloc, *pnAlloc + 65536 + 1, n);
      z = *pz;
    }
    size_t k = fread(z + n, 1, *pnAlloc - n - 1, f);
    n += k;
    if (k == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) return -1;
  z[n] = 0;
  *pn = n;
  return 0;
}

static int ends_with(const char *z, const char *zSuffix) {
  size_t n = strlen(z), m = strlen(zSuffix);
  return n >= m && strcasecmp(z + n - m, zSuffix) == 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* An XML file is parsed as it is read, never held whole (a 100,000-child
** return is about 90 MB of XML). Its first 64 KB must hold the prolog,
** where a DOCTYPE is looked for before parsing starts; the parser refuses
** a later one too. 0 read, -1 refused, 1 not XML after all (read it as
** text). */
static int add_xml_file(Return903 *r, const char *zName, const char *zPath, Buf *pErr) {
  FILE *f = fopen(zPath, "rb");
  if (!f) {
    buf_printf(pErr, "%s: cannot read the file: %s\n", zName, strerror(errno));
    return -1;
  }
  char *zHead = xmalloc(65536);
  size_t n = fread(zHead, 1, 65536, f);
  int rc = 1;
  size_t i = 0;
  if (n >= 3 && memcmp(zHead, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && isspace((unsigned char)zHead[i])) i++;
  if (!looks_utf16(zHead, n) && i < n && zHead[i] == '<') rc = r903_add_xml_file(r, zName, zHead, n, f, pErr);
  if (rc == 0 && ferror(f)) {
    buf_printf(pErr, "%s: cannot read the file\n", zName);
    rc = -1;
  }
  free(zHead);
  fclose(f);
  return rc;
}

/* Reading a folder's CSV files on two threads: each file into a return of
** its own, its one table then moved into the caller's. */
typedef struct DirRead {
  Return903 *aOne;             /* per file: the return it was read into */
  int *aOk;                    /* per file: read cleanly as one CSV table */
  char **az;                   /* the files' paths */
  int n;
  atomic_int next;
} DirRead;

static void *read_files(void *pArg) {
  DirRead *d = pArg;
  char *zBuf = NULL;
  size_t nBuf = 0, n;
  for (int i; (i = atomic_fetch_add(&d->next, 1)) < d->n;) {
    Return903 *o = &d->aOne[i];
    Buf err = {0};
    /* XML in a .csv file, or any error, and the folder is read again
    ** one file after another (r903_add_dir), for its messages as always. */
    if (read_framed(d->az[i], &zBuf, &nBuf, &n) != 0) continue;
    const char *z = zBuf + PREFIX;
    size_t k = n >= PREFIX + 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (k < n - PREFIX && isspace((unsigned char)z[k])) k++;
    if (looks_utf16(z, n - PREFIX) || (k < n - PREFIX && z[k] == '<')) continue;
    d->aOk[i] = add_csv(o, d->az[i], zBuf, n, &err) == 0;
    buf_free(&err);
  }
  free(zBuf);
  return NULL;
}

/* Read the CSV files az[0..n) (paths; zName their names) of a folder into
** r on two threads: 1 when done, 0 when they must be read one after
** another instead (r untouched): a file that is not a clean CSV table,
** two of one table, or no second thread. */
static int add_files_parallel(Return903 *r, char **azPath, char **azName, int n) {
  DirRead d = {.n = n, .az = azPath};
  d.aOne = xcalloc((size_t)n, sizeof(Return903));
  d.aOk = xcalloc((size_t)n, sizeof(int));
  for (int i = 0; i < n; i++) r903_init(&d.aOne[i], r->year);
  atomic_init(&d.next, 0);
  pthread_t th;
  int started = pthread_create(&th, NULL, read_files, &d) == 0;
  int ok = started;
  if (started) {
    read_files(&d);
    pthread_join(th, NULL);
  }
  int aTable[64];
  for (int i = 0; ok && i < n; i++) {
    aTable[i] = -1;
    for (int t = 0; t < T_COUNT; t++)
      if (d.aOne[i].a[t].present) aTable[i] = t;
    ok = d.aOk[i] && aTable[i] >= 0;
    for (int j = 0; ok && j < i; j++) ok = aTable[j] != aTable[i];
  }
  for (int i = 0; i < n; i++) {
    Return903 *o = &d.aOne[i];
    if (ok) {
      int t = aTable[i];
      /* The table and its storage move; the file's name is its own. */
      free(o->a[t].zFile);
      o->a[t].zFile = xstrdup(azName[i]);
      r->a[t] = o->a[t];
      r->p->nRowAlloc[t] = o->p->nRowAlloc[t];
      r->p->aIntern[t] = o->p->aIntern[t];
      memset(&o->a[t], 0, sizeof(T903));
      memset(&o->p->aIntern[t], 0, sizeof(Intern));
    }
    r903_free(o);
  }
  free(d.aOne);
  free(d.aOk);
  return ok;
}

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
  /* A folder of CSV files read into an empty return (the usual case) is
  ** read on two threads, a file at a time each. */
  int parallel = nAz >= 2 && nAz <= 64;
  for (int t = 0; t < T_COUNT && parallel; t++) parallel = !r->a[t].zText && !r->a[t].nRow;
  for (int i = 0; i < nAz && parallel; i++) parallel = !ends_with(az[i], ".xml");
  if (parallel) {
    char **azPath = xmalloc(sizeof(char *) * (size_t)nAz);
    for (int i = 0; i < nAz; i++) {
      Buf path = {0};
      buf_printf(&path, "%s/%s", zDir, az[i]);
      azPath[i] = path.z;
    }
    int done = add_files_parallel(r, azPath, az, nAz);
    for (int i = 0; i < nAz; i++) free(azPath[i]);
    free(azPath);
    if (done) {
      for (int i = 0; i < nAz; i++) free(az[i]);
      free(az);
      return 0;
    }
  }
  char *zBuf = NULL;
  size_t nBuf = 0;
  for (int i = 0; i < nAz; i++) {
    Buf path = {0};
    buf_printf(&path, "%s/%s", zDir, az[i]);
    size_t n;
    int x = ends_with(az[i], ".xml") ? add_xml_file(r, az[i], path.z, pErr) : 1;
    if (x <= 0) {
      if (x < 0) rc = -1;
    } else if (read_framed(path.z, &zBuf, &nBuf, &n) != 0) {
      buf_printf(pErr, "%s: cannot read the file: %s\n", az[i], strerror(errno));
      rc = -1;
    } else if (add_text(r, az[i], zBuf, n, pErr) != 0) {
      rc = -1;
    }
    buf_free(&path);
    free(az[i]);
  }
  free(zBuf);
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
  r->azChild[r->nChild] = (char *)z;   /* in a table's pool, final by now */
  p->aHash[h] = r->nChild + 1;
  return r->nChild++;
}

int r903_find_child(const Return903 *r, const char *zChild) {
  const struct R903Private *p = r->p;
  if (!p->nHash) return -1;
  unsigned h = hash_str(zChild) & (unsigned)(p->nHash - 1);
  while (p->aHash[h]) {
    if (strcmp(r->azChild[p->aHash[h] - 1], zChild) == 0) return p->aHash[h] - 1;
    h = (h + 1) & (unsigned)(p->nHash - 1);
  }
  return -1;
}

void r903_finish(Return903 *r) {
  /* A date value recurs on thousands of rows, and is one offset in its
  ** pool: each is parsed once, remembered here by offset. */
  enum { NDATE = 4096 };
  struct { uint32_t off; Date d; } *aSeen = xmalloc(sizeof(*aSeen) * NDATE);
  for (int t = 0; t < T_COUNT; t++) {
    T903 *tb = &r->a[t];
    pool_start(tb);
    /* The pool is final: its index goes, and its spare room. */
    free(r->p->aIntern[t].aSlot);
    memset(&r->p->aIntern[t], 0, sizeof(Intern));
    tb->zText = xrealloc(tb->zText, tb->nText);
    tb->nTextAlloc = tb->nText;
    if (!tb->aOff) tb->aOff = xmalloc(sizeof(uint32_t));
    if (!tb->aLine) tb->aLine = xmalloc(sizeof(int));
    tb->aDate = xmalloc(sizeof(Date) * ((size_t)tb->nRow * (size_t)tb->nDateCol + 1));
    tb->aChild = xmalloc(sizeof(int) * (size_t)(tb->nRow ? tb->nRow : 1));
    for (int k = 0; k < NDATE; k++) aSeen[k].off = UINT32_MAX;
    for (int i = 0; i < tb->nRow; i++) {
      const uint32_t *aOff = tb->aOff + (size_t)i * tb->nCol;
      for (int c = 0; c < a903nCol[t]; c++) {
        int slot = tb->aDateSlot[c];
        if (slot < 0) continue;
        uint32_t off = aOff[c], k = (off * 2654435761u) >> 20;
        if (aSeen[k].off != off) {
          Date d = DATE_NONE;
          if (r903_parse_date(tb->zText + off, &d) != 1) d = DATE_NONE;
          aSeen[k].off = off;
          aSeen[k].d = d;
        }
        tb->aDate[(size_t)i * tb->nDateCol + slot] = aSeen[k].d;
      }
      /* A file's rows come grouped by child (the DfE's files are sorted
      ** by CHILD): the row before's child, when it is the same (the same
      ** offset), saves a hash probe that misses the cache on a large
      ** return. */
      tb->aChild[i] = i > 0 && aOff[0] == tb->aOff[(size_t)(i - 1) * tb->nCol] ? tb->aChild[i - 1] : intern_child(r, c903(tb, i, 0));
    }
  }
  free(aSeen);
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
    for (int i = 0; i < h->nRow; i++) h->aOff[(size_t)i * h->nCol + H_UASC] = aIn[h->aChild[i]] ? OFF_ONE : OFF_ZERO;
    free(aIn);
    r->hasUasc = 1;
  }
  if (r->p->xmlUasc) r->hasUasc = 1;
  r903_derive_postcodes(r);
}

/* The XML reader says it has set Header's UASC cells itself. */
void r903_xml_sets_uasc(Return903 *r) { r->p->xmlUasc = 1; }

/* ---- Helpers for rules ------------------------------------------------------------ */
/* Called millions of times on a large return (every code of every row),
** so it compares in one pass rather than through strlen and memcmp. */
int in903(const char *z, const char *zList) {
  if (!z[0]) return 0;
  const char *p = zList;
  for (;;) {
    while (*p == ' ') p++;
    if (!*p) return 0;
    const char *q = z;
    while (*q && *q == *p) q++, p++;
    if (!*q && (*p == ' ' || !*p)) return 1;
    while (*p && *p != ' ') p++;
  }
}

static _Thread_local const Return903 *gSortR;
static _Thread_local int gSortT, gSortCol;
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
  pthread_mutex_lock(&r->p->mutex);
  for (Order *o = r->p->pOrder; o; o = o->pNext)
    if (o->t == t && o->col == col) {
      pthread_mutex_unlock(&r->p->mutex);
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
  pthread_mutex_unlock(&r->p->mutex);
  *pn = o->n;
  return o->a;
}

int r903_run_end(const Return903 *r, int t, const int *ord, int n, int i) {
  const int *aChild = r->a[t].aChild;
  int c = aChild[ord[i]];
  while (i < n && aChild[ord[i]] == c) i++;
  return i;
}

/* x's children as children of y. */
static int *map_children(const Return903 *x, const Return903 *y) {
  int *a = xmalloc(sizeof(int) * (size_t)(x->nChild ? x->nChild : 1));
  for (int i = 0; i < x->nChild; i++) a[i] = r903_find_child(y, x->azChild[i]);
  return a;
}

const int *r903_to_last(Return903 *r) {
  pthread_mutex_lock(&r->p->mutex);
  if (!r->p->aToLast) r->p->aToLast = map_children(r, r->pLast);
  const int *a = r->p->aToLast;
  pthread_mutex_unlock(&r->p->mutex);
  return a;
}

const int *r903_from_last(Return903 *r) {
  pthread_mutex_lock(&r->p->mutex);
  if (!r->p->aFromLast) r->p->aFromLast = map_children(r->pLast, r);
  const int *a = r->p->aFromLast;
  pthread_mutex_unlock(&r->p->mutex);
  return a;
}

Date r903_add_years(Date d, int n) { return date_add_months(d, 12 * n); }

/* The DfE's 2021-22 guidance defines the flag by what would break the year
** rather than by adding up days in care, and the peer follows it; so does
** this, so that a child reads the same here as in the peer's OC2 rules. */
const unsigned char *r903_cla(Return903 *r) {
  pthread_mutex_lock(&r->p->mutex);
  if (r->p->aCla) {
    pthread_mutex_unlock(&r->p->mutex);
    return r->p->aCla;
  }
  size_t nChild = (size_t)(r->nChild ? r->nChild : 1);
  unsigned char *aIn = xcalloc(nChild, 1), *aBroken = xcalloc(nChild, 1);
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    Date decom = d903(e, i, E_DECOM), dec = d903(e, i, E_DEC);
    int during = decom != DATE_NONE && decom <= r->end && (dec == DATE_NONE || dec >= r->start);
    int enters = !strcmp(c903(e, i, E_RNE), "S") && decom != DATE_NONE && decom > r->start && decom <= r->end;
    /* Leaving on 31 March itself does not count, as in the peer. */
    int leaves = strcmp(c903(e, i, E_REC), "X1") && dec != DATE_NONE && dec >= r->start && dec < r->end;
    int respite = in903(c903(e, i, E_LS), "V3 V4") && during;
    if (during) aIn[e->aChild[i]] = 1;
    if (enters || leaves || respite) aBroken[e->aChild[i]] = 1;
  }
  for (size_t c = 0; c < nChild; c++) aIn[c] = aIn[c] && !aBroken[c];
  free(aBroken);
  r->p->aCla = aIn;
  pthread_mutex_unlock(&r->p->mutex);
  return aIn;
}

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

/* How each collection year's rules differ from the year before's, as the
** DfE publishes them and the peer's YearConfig records them: rules added
** or changed (a changed rule's new entry has the old one's code and
** replaces it) and codes dropped, space-separated. In year order. */
typedef struct Year903 { int year; const Rule903 *aAdded; const char *zDropped; } Year903;
static const Year903 aYear903[] = {
  {2027, aRules903Y2027, ""},
};

/* The rules of each run of years: set 0 is 2025/26's, used for every
** year before the first change; set k+1 starts at aYear903[k].year. Built
** once, for every thread, at first use. */
typedef struct RuleSet { int yFrom, n; const Rule903 **ap; } RuleSet;
static RuleSet aRuleSet[NCOL(aYear903) + 1];
static pthread_once_t ruleSetOnce = PTHREAD_ONCE_INIT;

static void build_rule_sets(void) {
  const Rule903 *const aTab[] = {aRules903Header, aRules903Episode, aRules903Sequence, aRules903Change,
                                 aRules903Place, aRules903Missing, aRules903Adoption, aRules903Outcomes,
                                 aRules903LastYear, aRules903Sw, aRules903Providers};
  int nMax = 0;
  for (int i = 0; i < NCOL(aTab); i++)
    for (const Rule903 *p = aTab[i]; p->zCode; p++) nMax++;
  for (int k = 0; k < NCOL(aYear903); k++)
    for (const Rule903 *p = aYear903[k].aAdded; p->zCode; p++) nMax++;
  RuleSet *s = &aRuleSet[0];
  s->ap = xmalloc(sizeof(*s->ap) * (size_t)(nMax ? nMax : 1));
  for (int i = 0; i < NCOL(aTab); i++)
    for (const Rule903 *p = aTab[i]; p->zCode; p++) s->ap[s->n++] = p;
  qsort(s->ap, (size_t)s->n, sizeof(*s->ap), cmp_rule);
  for (int k = 0; k < NCOL(aYear903); k++) {
    const RuleSet *prev = &aRuleSet[k];
    s = &aRuleSet[k + 1];
    s->yFrom = aYear903[k].year;
    s->ap = xmalloc(sizeof(*s->ap) * (size_t)(nMax ? nMax : 1));
    for (int i = 0; i < prev->n; i++) {
      const Rule903 *p = prev->ap[i];
      int replaced = in903(p->zCode, aYear903[k].zDropped);
      for (const Rule903 *q = aYear903[k].aAdded; q->zCode && !replaced; q++) replaced = !strcmp(q->zCode, p->zCode);
      if (!replaced) s->ap[s->n++] = p;
    }
    for (const Rule903 *q = aYear903[k].aAdded; q->zCode; q++) s->ap[s->n++] = q;
    qsort(s->ap, (size_t)s->n, sizeof(*s->ap), cmp_rule);
  }
  /* A code twice in one year would make --rules and r903_check_one pick
  ** one version arbitrarily. */
  for (int k = 0; k < NCOL(aRuleSet); k++)
    for (int i = 1; i < aRuleSet[k].n; i++) assert(strcmp(aRuleSet[k].ap[i - 1]->zCode, aRuleSet[k].ap[i]->zCode));
}

const Rule903 *const *r903_rules(int year, int *pn) {
  pthread_once(&ruleSetOnce, build_rule_sets);
  int k = 0;
  while (k + 1 < NCOL(aRuleSet) && aRuleSet[k + 1].yFrom <= year) k++;
  *pn = aRuleSet[k].n;
  return aRuleSet[k].ap;
}

static int cmp_err(const void *a, const void *b) {
  const Err903 *x = a, *y = b;
  if (x->rule != y->rule) return x->rule < y->rule ? -1 : 1;
  if (x->table != y->table) return x->table < y->table ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

int r903_skip_reason(const Return903 *r, const Rule903 *p, unsigned *pmMissing) {
  unsigned m = 0;
  for (int t = 0; t < T_COUNT; t++)
    if ((p->mTables & TB(t)) && !r->a[t].present) m |= TB(t);
  if (pmMissing) *pmMissing = m;
  if (m) return R903_SKIP_FILES;
  if (p->flags & R903_LAST_YEAR) {
    if (!r->pLast) return R903_SKIP_LAST_YEAR;
    for (int t = 0; t < T_COUNT; t++)
      if ((R903_LAST_TABLES(p->flags) & TB(t)) && !r->pLast->a[t].present) m |= TB(t);
    if (pmMissing) *pmMissing = m;
    if (m) return R903_SKIP_LAST_FILES;
  }
  if ((p->flags & R903_POSTCODES) && !r->pPostcodes) return R903_SKIP_POSTCODES;
  if ((p->flags & R903_PROVIDERS) && !r->pProviders) return R903_SKIP_PROVIDERS;
  return R903_RUNS;
}

int r903_check_one(Return903 *r, const char *zCode) {
  int n, k = -1;
  const Rule903 *const *ap = r903_rules(r->year, &n);
  for (int i = 0; i < n && k < 0; i++)
    if (strcmp(ap[i]->zCode, zCode) == 0) k = i;
  if (k < 0) return -1;
  unsigned char *aSkipped = xmalloc((size_t)n);
  memset(aSkipped, 0, (size_t)n);
  r903_validate(r, zCode, aSkipped);
  int ran = !aSkipped[k];
  free(aSkipped);
  return ran;
}

/* The area a rule's time is counted under for bench/validate903: last
** year's and the provider lists' rules apart, the others by the first
** table they read. */
static const char *rule_area(const Rule903 *p) {
  if (p->flags & R903_LAST_YEAR) return "last year";
  if (p->flags & R903_PROVIDERS) return "providers";
  for (int t = 0; t < T_COUNT; t++)
    if (p->mTables & TB(t)) return az903Table[t];
  return "other";
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One of the threads running the rules: it takes the next rule not yet
** taken until none is left, recording failures in its own copy of the
** return (the tables and caches shared, the failures its own) and, when
** timed, the CPU seconds of each area (CPU rather than wall: on a machine
** that is busy, a rule's wall time counts waiting for a core). */
typedef struct Runner {
  Return903 r;                 /* a copy of the caller's, aErr its own */
  const Rule903 *const *ap;
  const int *aRun;             /* indexes of the rules to run */
  int nRun;
  atomic_int *pNext;           /* shared: the next of aRun to take */
  int timed;
  const char *azArea[T_COUNT + 3];
  double aSec[T_COUNT + 3];
  int nArea;
  double cpu;                  /* its CPU seconds, when timed */
  pthread_t thread;
} Runner;

static double thread_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run_rules(void *pArg) {
  Runner *u = pArg;
  double cpu0 = u->timed ? thread_seconds() : 0;
  for (int k; (k = atomic_fetch_add(u->pNext, 1)) < u->nRun;) {
    const Rule903 *p = u->ap[u->aRun[k]];
    u->r.curRule = u->aRun[k];
    double t0 = u->timed ? thread_seconds() : 0;
    p->xCheck(&u->r);
    if (u->timed) {
      const char *zArea = rule_area(p);
      int a = 0;
      while (a < u->nArea && strcmp(u->azArea[a], zArea) != 0) a++;
      if (a == u->nArea && u->nArea < T_COUNT + 3) {
        u->azArea[u->nArea] = zArea;
        u->aSec[u->nArea++] = 0;
      }
      if (a < u->nArea) u->aSec[a] += thread_seconds() - t0;
    }
  }
  if (u->timed) u->cpu = thread_seconds() - cpu0;
  return NULL;
}

/* Threads for the rules: two (where there are two cores), or
** OVERSIGHT_903_THREADS (1 runs them on the caller's thread alone). */
static int rule_threads(int nRun) {
  const char *z = getenv("OVERSIGHT_903_THREADS");
  long n = z && *z ? strtol(z, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
  if (n > 2) n = 2;
  if (n < 1) n = 1;
  return nRun < 2 ? 1 : (int)n;
}

void r903_validate(Return903 *r, const char *zOnly, unsigned char *aSkipped) {
  int n;
  const Rule903 *const *ap = r903_rules(r->year, &n);
  /* OVERSIGHT_903_TIMES=1: the CPU seconds each area's rules took, the
  ** rules' wall time and each thread's CPU, on stderr (bench/validate903
  ** prints them); otherwise no clock is read. */
  const char *zTimes = getenv("OVERSIGHT_903_TIMES");
  int timed = zTimes && *zTimes == '1';
  int *aRun = xmalloc(sizeof(int) * (size_t)(n ? n : 1)), nRun = 0;
  unsigned mTables = 0;
  for (int i = 0; i < n; i++) {
    const Rule903 *p = ap[i];
    if (zOnly && !in903(p->zCode, zOnly)) continue;
    if (r903_skip_reason(r, p, NULL) != R903_RUNS) {
      if (aSkipped) aSkipped[i] = 1;
      continue;
    }
    aRun[nRun++] = i;
    mTables |= p->mTables;
  }
  double t0 = timed ? now_seconds() : 0;
  /* The caches most rules share are built before the threads start, so
  ** that neither waits on the other for them (the rules building any
  ** other still take the lock). */
  if (nRun > 1 && (mTables & TB(T_EPISODES)) && r->a[T_EPISODES].present) {
    int nOrd;
    r903_order(r, T_EPISODES, E_DECOM, &nOrd);
    r903_cla(r);
  }
  if (nRun > 1 && r->pLast) {
    r903_to_last(r);
    r903_from_last(r);
  }
  int nThread = rule_threads(nRun);
  atomic_int next = 0;
  Runner *aRunner = xcalloc((size_t)nThread, sizeof(Runner));
  for (int k = 0; k < nThread; k++) {
    Runner *u = &aRunner[k];
    u->r = *r;
    u->r.aErr = NULL;
    u->r.nErr = u->r.nErrAlloc = 0;
    u->ap = ap;
    u->aRun = aRun;
    u->nRun = nRun;
    u->pNext = &next;
    u->timed = timed;
  }
  /* The caller's thread is the first runner; the others are threads of
  ** their own (or, if one cannot be started, nothing: the caller's takes
  ** their rules). */
  int nStarted = 1;
  for (int k = 1; k < nThread; k++) {
    if (pthread_create(&aRunner[k].thread, NULL, run_rules, &aRunner[k]) != 0) break;
    nStarted++;
  }
  run_rules(&aRunner[0]);
  for (int k = 1; k < nStarted; k++) pthread_join(aRunner[k].thread, NULL);
  /* Each runner's failures, and the seconds of each area over them all. */
  const char *azArea[T_COUNT + 3];
  double aSec[T_COUNT + 3];
  int nArea = 0;
  for (int k = 0; k < nStarted; k++) {
    Runner *u = &aRunner[k];
    for (int i = 0; i < u->r.nErr; i++) {
      r->curRule = u->r.aErr[i].rule;
      r903_fail(r, u->r.aErr[i].table, u->r.aErr[i].row);
    }
    free(u->r.aErr);
    for (int a = 0; a < u->nArea; a++) {
      int b = 0;
      while (b < nArea && strcmp(azArea[b], u->azArea[a]) != 0) b++;
      if (b == nArea && nArea < T_COUNT + 3) azArea[nArea] = u->azArea[a], aSec[nArea++] = 0;
      if (b < nArea) aSec[b] += u->aSec[a];
    }
  }
  for (int k = 0; k < nArea; k++) fprintf(stderr, "rules-time %s %.4f\n", azArea[k], aSec[k]);
  /* The wall time from the start of the caches, and each thread's CPU. */
  if (timed) {
    fprintf(stderr, "rules-wall %.4f\n", now_seconds() - t0);
    for (int k = 0; k < nStarted; k++) fprintf(stderr, "rules-cpu %d %.4f\n", k + 1, aRunner[k].cpu);
  }
  free(aRunner);
  free(aRun);
  if (r->nErr) qsort(r->aErr, (size_t)r->nErr, sizeof(Err903), cmp_err);
  int m = 0;
  for (int i = 0; i < r->nErr; i++)
    if (m == 0 || cmp_err(&r->aErr[m - 1], &r->aErr[i]) != 0) r->aErr[m++] = r->aErr[i];
  r->nErr = m;
}
