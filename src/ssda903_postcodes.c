/*
** ssda903_postcodes.c: what the DfE derives from an episode's postcodes
** (FORMAT.md "derived"): the distance from home to placement (PL_DISTANCE),
** the placement's upper-tier local authority (PL_LA) and whether that is
** the submitting LA (PL_LOCATION).
**
** The postcode table is the ONS postcode directory or any cut of it with
** the columns pcd, oseast1m, osnrth1m and laua (others are ignored, so the
** full directory loads as it is). A national file is 2.6 million rows, so
** entries are packed (18 bytes each: the postcode without spaces in 8
** bytes, grid metres as 32-bit integers, the district as an index into the
** few hundred distinct codes) and found by an open-addressing hash table.
**
** The arithmetic is the peer validator's, to the bit: postcodes compared
** upper-cased with every space removed, Euclidean distance between the
** grid references in metres / 1000 / 1.6093, then rounded to one decimal
** as numpy does (x * 10, rint to even, / 10).
*/
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csv.h"
#include "ssda903.h"

/* ssda903_la.c (generated): lower-tier -> upper-tier codes, sorted. */
extern const char *const a903La[][2];
extern const size_t n903La;

#define PC_KEY 8              /* longest postcode without spaces we keep */
#define PC_NO_GRID INT32_MIN  /* a postcode the directory gives no grid reference */
#define PC_MAX_ERRORS 20      /* a wrong file need not list every row */

typedef struct PcEntry {
  char zKey[PC_KEY];          /* NUL-padded, not necessarily NUL-terminated */
  int32_t east, north;
  uint16_t iLa;               /* index into azLa; 0 = no district */
} PcEntry;

struct Postcodes903 {
  PcEntry *a;
  uint32_t n;
  uint32_t *aSlot;            /* entry index + 1, 0 when empty */
  uint32_t mask;              /* slots - 1 (a power of two) */
  char **azLa;                /* distinct district codes; azLa[0] = "" */
  const char **azUtla;        /* each one's upper-tier code, "" if not in the lookup */
  int nLa;
};

/* Postcode z upper-cased with every space removed, into zKey. 0 if it is
** blank or too long to be a postcode. */
static int pc_key(const char *z, char zKey[PC_KEY]) {
  int n = 0;
  memset(zKey, 0, PC_KEY);
  for (; *z; z++) {
    if (*z == ' ') continue;
    if (n == PC_KEY) return 0;
    zKey[n++] = (char)toupper((unsigned char)*z);
  }
  return n > 0;
}

static uint32_t pc_hash(const char zKey[PC_KEY], uint32_t mask) {
  uint64_t k;
  memcpy(&k, zKey, sizeof k);
  k ^= k >> 29;
  k *= 0x9E3779B97F4A7C15ull;
  k ^= k >> 32;
  k *= 0xD6E8FEB86659FD93ull;
  return (uint32_t)(k >> 32) & mask;
}

static const PcEntry *pc_find(const Postcodes903 *p, const char *zPostcode) {
  char zKey[PC_KEY];
  if (!p || !p->n || !pc_key(zPostcode, zKey)) return NULL;
  for (uint32_t h = pc_hash(zKey, p->mask);; h = (h + 1) & p->mask) {
    uint32_t s = p->aSlot[h];
    if (!s) return NULL;
    if (!memcmp(p->a[s - 1].zKey, zKey, PC_KEY)) return &p->a[s - 1];
  }
}

/* Declared also in ssda903_rules_place.c, its user (ssda903.h is the
** framework's). */
int postcodes903_known(const Postcodes903 *p, const char *zPostcode);
int postcodes903_known(const Postcodes903 *p, const char *zPostcode) {
  return pc_find(p, zPostcode) != NULL;
}

static const char *utla_of(const char *zLtla);

/* Declared also in ssda903_rules_providers.c, its user. */
const char *postcodes903_utla(const Postcodes903 *p, const char *zPostcode);
const char *postcodes903_utla(const Postcodes903 *p, const char *zPostcode) {
  const PcEntry *e = pc_find(p, zPostcode);
  return e && e->iLa ? p->azUtla[e->iLa] : "";
}

static const char *utla_of(const char *zLtla) {
  size_t lo = 0, hi = n903La;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(a903La[mid][0], zLtla);
    if (!c) return a903La[mid][1];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return "";
}

/* Grid metres: "" -> PC_NO_GRID; whole metres (520325 or 520325.0) -> 1
** with *pv; anything else -> 0. */
static int pc_metres(const char *z, int32_t *pv) {
  if (!*z) {
    *pv = PC_NO_GRID;
    return 1;
  }
  /* Whole metres, the usual case, without strtod's cost. */
  int32_t v = 0;
  const char *q = z;
  while (*q >= '0' && *q <= '9' && q - z < 7) v = v * 10 + (*q++ - '0');
  if (!*q && q > z && v <= 2000000) {
    *pv = v;
    return 1;
  }
  double d;
  if (parse_double(z, 0, 2000000, &d) || d != floor(d)) return 0;
  *pv = (int32_t)d;
  return 1;
}

void postcodes903_free(Postcodes903 *p) {
  if (!p) return;
  free(p->a);
  free(p->aSlot);
  for (int i = 0; i < p->nLa; i++) free(p->azLa[i]);
  free(p->azLa);
  free(p->azUtla);
  free(p);
}

Postcodes903 *postcodes903_load(const char *zPath, Buf *pErr) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr)) {
    buf_printf(pErr, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return NULL;
  }
  /* Every record is at most one line, so the line count bounds the entries
  ** and the arrays never grow. */
  size_t nLine = 1;
  for (const char *z = text.z; (z = memchr(z, '\n', text.n - (size_t)(z - text.z))) != NULL; z++) nLine++;
  if (nLine > 0x7fffffffu) nLine = 0x7fffffffu;
  Postcodes903 *p = xcalloc(1, sizeof(*p));
  uint32_t nSlot = 16;
  while (nSlot < nLine + nLine / 2) nSlot *= 2;
  p->a = xmalloc(sizeof(PcEntry) * nLine);
  p->aSlot = xcalloc(nSlot, sizeof(uint32_t));
  p->mask = nSlot - 1;
  /* Districts: a small hash of their own, by string. */
  uint32_t aLaSlot[4096] = {0};
  int nLaAlloc = 64, iLastLa = 0;
  p->azLa = xmalloc(sizeof(char *) * (size_t)nLaAlloc);
  p->azLa[p->nLa++] = xstrdup("");

  CsvReader rd;
  csv_init(&rd, text.z, text.n);
  char **az;
  int nField, nBad = 0;
  int aCol[4] = {-1, -1, -1, -1};
  static const char *const azNeed[4] = {"pcd", "oseast1m", "osnrth1m", "laua"};
  /* A council's own cut of the directory often has plain names. */
  static const char *const azAlias[4] = {"postcode", "easting", "northing", "la"};
  int rc = csv_read(&rd, &az, &nField);
  if (rc <= 0) {
    buf_printf(pErr, "%s line 1: %s\n", zPath, rc < 0 ? rd.zErr : "the file is empty; the columns needed are pcd, oseast1m, osnrth1m, laua (or postcode, easting, northing, la)");
    nBad++;
  } else {
    for (int i = 0; i < nField; i++) {
      for (int c = 0; c < 4; c++) {
        if (strcasecmp(csv_trim(az[i]), azNeed[c]) && strcasecmp(csv_trim(az[i]), azAlias[c])) continue;
        if (aCol[c] >= 0) {
          buf_printf(pErr, "%s line 1: column %s appears twice\n", zPath, azNeed[c]);
          nBad++;
        }
        aCol[c] = i;
      }
    }
    for (int c = 0; c < 4; c++) {
      if (aCol[c] < 0) {
        buf_printf(pErr, "%s line 1: there is no %s column (the columns needed are pcd, oseast1m, osnrth1m, laua, or postcode, easting, northing, la)\n",
                   zPath, azNeed[c]);
        nBad++;
      }
    }
  }
  int headerOk = !nBad;
  while (headerOk && (rc = csv_read(&rd, &az, &nField)) != 0) {
    if (rc < 0) {
      buf_printf(pErr, "%s line %d: %s\n", zPath, rd.record, rd.zErr);
      nBad++;
      break;
    }
    if (nField == 1 && !az[0][0]) continue;   /* a blank line */
    int line = rd.record;
    const char *azv[4];
    for (int c = 0; c < 4; c++) azv[c] = aCol[c] < nField ? csv_trim(az[aCol[c]]) : "";
    PcEntry e;
    if (!pc_key(azv[0], e.zKey)) {
      buf_printf(pErr, "%s line %d: column pcd: %s\n", zPath, line,
                 azv[0][0] ? "is too long to be a postcode" : "is blank");
      if (++nBad >= PC_MAX_ERRORS) break;
      continue;
    }
    int ok = 1;
    if (!pc_metres(azv[1], &e.east)) {
      buf_printf(pErr, "%s line %d: column oseast1m: \"%s\" is not a whole number of metres from 0 to 2000000\n",
                 zPath, line, azv[1]);
      ok = 0;
    }
    if (!pc_metres(azv[2], &e.north)) {
      buf_printf(pErr, "%s line %d: column osnrth1m: \"%s\" is not a whole number of metres from 0 to 2000000\n",
                 zPath, line, azv[2]);
      ok = 0;
    }
    if (strlen(azv[3]) > 15) {
      buf_printf(pErr, "%s line %d: column laua: \"%s\" is not a local authority code\n", zPath, line, azv[3]);
      ok = 0;
    }
    if (!ok) {
      if (++nBad >= PC_MAX_ERRORS) break;
      continue;
    }
    /* The district, interned. */
    e.iLa = 0;
    if (iLastLa && !strcmp(p->azLa[iLastLa], azv[3])) {
      e.iLa = (uint16_t)iLastLa;   /* neighbouring postcodes share a district */
    } else if (azv[3][0]) {
      uint32_t h = 5381;
      for (const char *z = azv[3]; *z; z++) h = h * 33 + (unsigned char)*z;
      for (h &= 4095; aLaSlot[h] && strcmp(p->azLa[aLaSlot[h]], azv[3]); h = (h + 1) & 4095) {}
      if (!aLaSlot[h]) {
        if (p->nLa >= 3000) {
          buf_printf(pErr, "%s line %d: column laua: more than 3000 different codes; is this the right column?\n", zPath, line);
          nBad++;
          break;
        }
        if (p->nLa == nLaAlloc) {
          nLaAlloc *= 2;
          p->azLa = xrealloc(p->azLa, sizeof(char *) * (size_t)nLaAlloc);
        }
        aLaSlot[h] = (uint32_t)p->nLa;
        p->azLa[p->nLa++] = xstrdup(azv[3]);
      }
      e.iLa = (uint16_t)aLaSlot[h];
      iLastLa = e.iLa;
    }
    uint32_t h = pc_hash(e.zKey, p->mask);
    for (; p->aSlot[h]; h = (h + 1) & p->mask) {
      if (!memcmp(p->a[p->aSlot[h] - 1].zKey, e.zKey, PC_KEY)) break;
    }
    if (p->aSlot[h]) {
      /* Two rows for one postcode would make the lookup ambiguous. */
      buf_printf(pErr, "%s line %d: column pcd: postcode %s is on an earlier line too\n", zPath, line, azv[0]);
      if (++nBad >= PC_MAX_ERRORS) break;
      continue;
    }
    p->a[p->n] = e;
    p->aSlot[h] = ++p->n;
  }
  if (nBad >= PC_MAX_ERRORS) buf_printf(pErr, "%s: stopped after %d errors\n", zPath, nBad);
  csv_free(&rd);
  buf_free(&text);
  if (nBad) {
    postcodes903_free(p);
    return NULL;
  }
  p->azUtla = xmalloc(sizeof(char *) * (size_t)p->nLa);
  for (int i = 0; i < p->nLa; i++) p->azUtla[i] = utla_of(p->azLa[i]);
  return p;
}

uint32_t postcodes903_count(const Postcodes903 *p) { return p ? p->n : 0; }

int postcodes903_entry(const Postcodes903 *p, uint32_t i, char zKey[PC_KEY + 1], int32_t *pEast,
                       int32_t *pNorth, const char **pzLaua) {
  const PcEntry *e = &p->a[i];
  memcpy(zKey, e->zKey, PC_KEY);
  zKey[PC_KEY] = 0;
  *pzLaua = p->azLa[e->iLa];
  if (e->east == PC_NO_GRID || e->north == PC_NO_GRID) return 0;
  *pEast = e->east;
  *pNorth = e->north;
  return 1;
}

int postcode_key(const char *z, char zKey[PC_KEY + 1]) {
  int ok = pc_key(z ? z : "", zKey);
  zKey[PC_KEY] = 0;
  return ok;
}

double postcode_miles(int32_t e1, int32_t n1, int32_t e2, int32_t n2) {
  double dx = (double)e1 - (double)e2;
  double dy = (double)n1 - (double)n2;
  double miles = sqrt(dx * dx + dy * dy) / 1000 / 1.6093;
  return rint(miles * 10) / 10;
}

const char *postcode_location(const char *zLaua, const char *zLa) {
  if (!zLaua || !zLaua[0]) return "";
  /* Scotland, Wales and Northern Ireland are never the English council's. */
  switch (toupper((unsigned char)zLaua[0])) {
    case 'S': case 'N': case 'W': return "OUT";
    default: break;
  }
  /* A district outside the lookup still has a location: out of the LA. */
  const char *zUtla = utla_of(zLaua);
  return zUtla[0] && zLa && !strcmp(zUtla, zLa) ? "IN" : "OUT";
}

void r903_derive_postcodes(Return903 *r) {
  const T903 *t = &r->a[T_EPISODES];
  const Postcodes903 *p = r->pPostcodes;
  size_t n = (size_t)(t->nRow ? t->nRow : 1);
  r->aDistance = xmalloc(sizeof(double) * n);
  r->azPlLa = xmalloc(sizeof(char *) * n);
  r->azPlLocation = xmalloc(sizeof(char *) * n);
  for (int i = 0; i < t->nRow; i++) {
    const PcEntry *pHome = pc_find(p, c903(t, i, E_HOME_POST));
    const PcEntry *pPl = pc_find(p, c903(t, i, E_PL_POST));
    r->aDistance[i] = NAN;
    r->azPlLa[i] = "";
    r->azPlLocation[i] = "";
    if (pHome && pPl && pHome->east != PC_NO_GRID && pHome->north != PC_NO_GRID
        && pPl->east != PC_NO_GRID && pPl->north != PC_NO_GRID) {
      r->aDistance[i] = postcode_miles(pHome->east, pHome->north, pPl->east, pPl->north);
    }
    if (!pPl || !pPl->iLa) continue;
    /* A district outside the lookup still has a location: out of the LA. */
    const char *zLaua = p->azLa[pPl->iLa];
    const char *zUtla = p->azUtla[pPl->iLa];
    r->azPlLa[i] = zUtla;
    r->azPlLocation[i] = postcode_location(zLaua, r->zLa);
    switch (toupper((unsigned char)zLaua[0])) {
      case 'S': r->azPlLa[i] = "SCO"; break;
      case 'N': r->azPlLa[i] = "NIR"; break;
      case 'W': r->azPlLa[i] = "WAL"; break;
      default: break;
    }
  }
}
