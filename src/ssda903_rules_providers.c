/*
** ssda903_rules_providers.c: the SSDA903 rules that check an episode's
** Ofsted unique reference number (URN) against Ofsted's lists of
** children's homes and social care providers (219, 221, 224, 227, 228,
** 229, 1008), and the reading of those lists.
**
** Ofsted publishes the lists as spreadsheets; Oversight reads them as one
** CSV (validate 903 --providers FILE; docs/ssda903.md "Provider lists"),
** the table the peer validator builds from the two spreadsheets: a row per
** provider with its URN, the placement types (PLACE) and provider codes
** (PLACE_PROVIDER) it offers, the date its registration ended, its
** postcode and, optionally, its upper-tier local authority. A URN on two
** rows (a home on both lists) is checked against each, as the peer's
** merge does: an episode fails if any of its URN's rows disagrees.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csv.h"
#include "ssda903.h"

#define PROV_MAX_ERRORS 20    /* a wrong file need not list every row */
#define NO_URN "XXXXXXX"      /* the DfE's "no URN applies" */

typedef struct Provider {
  char *zUrn;                 /* upper-cased */
  char *zPlace, *zProvider;   /* ",K1,K2," : codes upper-cased, each in commas */
  char *zPostcode;            /* upper-cased, no spaces; "" when not known */
  char *zLa;                  /* the LA column, "" when not given */
  Date regEnd;                /* DATE_NONE while registered */
} Provider;

struct Providers903 {
  Provider *a;                /* sorted by URN */
  int n;
};

/* ssda903_postcodes.c: a postcode's upper-tier authority, "" if unknown. */
const char *postcodes903_utla(const Postcodes903 *p, const char *zPostcode);

void providers903_free(Providers903 *p) {
  if (!p) return;
  for (int i = 0; i < p->n; i++) {
    free(p->a[i].zUrn);
    free(p->a[i].zPlace);
    free(p->a[i].zProvider);
    free(p->a[i].zPostcode);
    free(p->a[i].zLa);
  }
  free(p->a);
  free(p);
}

/* z without its spaces, upper-cased (a new string). */
static char *squeeze_upper(const char *z) {
  char *zOut = xmalloc(strlen(z) + 1), *q = zOut;
  for (; *z; z++)
    if (*z != ' ') *q++ = (char)toupper((unsigned char)*z);
  *q = 0;
  return zOut;
}

/* A list of codes as Ofsted writes them ("K1/K2", "RD1, RD2") made into
** ",K1,K2,", so that a code is found by searching for ",CODE,". The peer
** reads "/" as "," too; it keeps the space after a comma (so never
** matches "RD2" in "RD1, RD2"), which Oversight drops: the code is the
** same code. */
static char *code_list(const char *z) {
  char *zOut = xmalloc(strlen(z) + 3), *q = zOut;
  *q++ = ',';
  for (; *z; z++) {
    char c = *z == '/' ? ',' : (char)toupper((unsigned char)*z);
    if (c == ' ' || (c == ',' && q[-1] == ',')) continue;
    *q++ = c;
  }
  if (q[-1] != ',') *q++ = ',';
  *q = 0;
  return zOut;
}

static int cmp_provider(const void *a, const void *b) {
  return strcmp(((const Provider *)a)->zUrn, ((const Provider *)b)->zUrn);
}

Providers903 *providers903_load(const char *zPath, Buf *pErr) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr)) {
    buf_printf(pErr, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return NULL;
  }
  Providers903 *p = providers903_load_text(zPath, text.z ? text.z : "", text.n, pErr);
  buf_free(&text);
  return p;
}

Providers903 *providers903_load_text(const char *zPath, const char *zText, size_t nText, Buf *pErr) {
  enum { P_URN, P_PLACE, P_PROVIDER, P_REG_END, P_POSTCODE, P_LA, P_N };
  static const char *const azCol[P_N] = {"URN", "PLACE_CODES", "PROVIDER_CODES", "REG_END", "POSTCODE", "LA"};
  const int nNeed = P_LA;   /* LA is optional: inferred from the postcode */
  Providers903 *p = xcalloc(1, sizeof(*p));
  int nAlloc = 0, nBad = 0;
  int aCol[P_N];
  for (int c = 0; c < P_N; c++) aCol[c] = -1;
  CsvReader rd;
  csv_init(&rd, zText, nText);
  char **az;
  int nField, rc = csv_read(&rd, &az, &nField);
  if (rc <= 0) {
    buf_printf(pErr, "%s line 1: %s\n", zPath,
               rc < 0 ? rd.zErr : "the file is empty; the columns needed are URN, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE (and LA if known)");
    nBad++;
  } else {
    for (int i = 0; i < nField; i++)
      for (int c = 0; c < P_N; c++)
        if (!strcasecmp(csv_trim(az[i]), azCol[c])) {
          if (aCol[c] >= 0) {
            buf_printf(pErr, "%s line 1: column %s appears twice\n", zPath, azCol[c]);
            nBad++;
          }
          aCol[c] = i;
        }
    for (int c = 0; c < nNeed; c++)
      if (aCol[c] < 0) {
        buf_printf(pErr, "%s line 1: there is no %s column (the columns needed are URN, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE, and LA if known)\n",
                   zPath, azCol[c]);
        nBad++;
      }
  }
  while (!nBad && (rc = csv_read(&rd, &az, &nField)) != 0) {
    if (rc < 0) {
      buf_printf(pErr, "%s line %d: %s\n", zPath, rd.record, rd.zErr);
      nBad++;
      break;
    }
    if (nField == 1 && !az[0][0]) continue;   /* a blank line */
    const char *azv[P_N];
    for (int c = 0; c < P_N; c++) azv[c] = aCol[c] >= 0 && aCol[c] < nField ? csv_trim(az[aCol[c]]) : "";
    /* Ofsted's own lists end with rows of notes that have no URN. */
    if (!azv[P_URN][0]) continue;
    Date regEnd = DATE_NONE;
    /* Ofsted writes "-" for a provider still registered. */
    if (azv[P_REG_END][0] && strcmp(azv[P_REG_END], "-") && r903_parse_date(azv[P_REG_END], &regEnd) != 1
        && (regEnd = DATE_NONE, date_parse(azv[P_REG_END], &regEnd) != 0)) {
      buf_printf(pErr, "%s line %d: column REG_END: \"%s\" is not a date (DD/MM/YYYY or YYYY-MM-DD)\n", zPath,
                 rd.record, azv[P_REG_END]);
      if (++nBad >= PROV_MAX_ERRORS) break;
      continue;
    }
    if (strlen(azv[P_LA]) > 15) {
      buf_printf(pErr, "%s line %d: column LA: \"%s\" is not a local authority code\n", zPath, rd.record, azv[P_LA]);
      if (++nBad >= PROV_MAX_ERRORS) break;
      continue;
    }
    if (p->n == nAlloc) {
      nAlloc = nAlloc ? nAlloc * 2 : 256;
      p->a = xrealloc(p->a, sizeof(Provider) * (size_t)nAlloc);
    }
    Provider *e = &p->a[p->n++];
    e->zUrn = squeeze_upper(azv[P_URN]);
    e->zPlace = code_list(azv[P_PLACE]);
    e->zProvider = code_list(azv[P_PROVIDER]);
    e->zPostcode = squeeze_upper(azv[P_POSTCODE]);
    e->zLa = squeeze_upper(azv[P_LA]);
    e->regEnd = regEnd;
  }
  if (nBad >= PROV_MAX_ERRORS) buf_printf(pErr, "%s: stopped after %d errors\n", zPath, nBad);
  csv_free(&rd);
  if (nBad) {
    providers903_free(p);
    return NULL;
  }
  /* Stable order within a URN is not needed: every row of it is checked. */
  if (p->n) qsort(p->a, (size_t)p->n, sizeof(Provider), cmp_provider);
  return p;
}

int providers903_count(const Providers903 *p) { return p ? p->n : 0; }

/* The rows of URN zUrn: the first, with *pn the count (0: not listed). */
static const Provider *find(const Providers903 *p, const char *zUrn, int *pn) {
  int lo = 0, hi = p->n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (strcmp(p->a[mid].zUrn, zUrn) < 0) lo = mid + 1;
    else hi = mid;
  }
  int k = lo;
  while (k < p->n && !strcmp(p->a[k].zUrn, zUrn)) k++;
  *pn = k - lo;
  return &p->a[lo];
}

/* Is code z in the list zList (",K1,K2,")? Never for a blank code. */
static int listed(const char *z, const char *zList) {
  size_t n = strlen(z);
  if (!n || strchr(z, ',')) return 0;
  for (const char *q = zList; (q = strstr(q, z)) != NULL; q++)
    if (q[-1] == ',' && q[n] == ',') return 1;
  return 0;
}

/* The episode's URN, when it names a provider: NULL when blank or
** XXXXXXX (no registered provider), which no rule here checks. */
static const char *urn_of(const T903 *e, int i) {
  const char *z = c903(e, i, E_URN);
  return z[0] && strcmp(z, NO_URN) ? z : NULL;
}

/* Each rule is a test of one episode against one row of its URN's;
** an unlisted URN is tested once against an empty row, as the peer's left
** merge does (so 219 and 224 fail it, 227 and 228 never do). */
typedef int (*ProvTest)(const Return903 *r, int i, const Provider *pv);

static void check_each(Return903 *r, ProvTest xTest, int unlistedFails) {
  const T903 *e = &r->a[T_EPISODES];
  const Providers903 *p = r->pProviders;
  for (int i = 0; i < e->nRow; i++) {
    const char *zUrn = urn_of(e, i);
    if (!zUrn) continue;
    int n;
    const Provider *pv = find(p, zUrn, &n);
    if (!n) {
      if (unlistedFails && xTest(r, i, NULL)) r903_fail(r, T_EPISODES, i);
      continue;
    }
    for (int k = 0; k < n; k++)
      if (xTest(r, i, &pv[k])) {
        r903_fail(r, T_EPISODES, i);
        break;
      }
  }
}

/* 1008: the URN is on neither list. */
static void check_1008(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    int n;
    const char *zUrn = urn_of(e, i);
    if (zUrn) {
      find(r->pProviders, zUrn, &n);
      if (!n) r903_fail(r, T_EPISODES, i);
    }
  }
}

/* 219: the placement type is not one the provider offers (a blank one
** never is). */
static int t219(const Return903 *r, int i, const Provider *pv) {
  return !pv || !listed(c903(&r->a[T_EPISODES], i, E_PLACE), pv->zPlace);
}
static void check_219(Return903 *r) { check_each(r, t219, 1); }

/* 224: the placement provider code is not one the provider has. */
static int t224(const Return903 *r, int i, const Provider *pv) {
  return !pv || !listed(c903(&r->a[T_EPISODES], i, E_PLACE_PROVIDER), pv->zProvider);
}
static void check_224(Return903 *r) { check_each(r, t224, 1); }

/* 221: for a placement in a home, secure unit or hostel (K1, K2, K3, R3,
** S1), not a short break, with a postcode: it is not the provider's. */
static int t221(const Return903 *r, int i, const Provider *pv) {
  const T903 *e = &r->a[T_EPISODES];
  const char *zPost = c903(e, i, E_PL_POST);
  if (in903(c903(e, i, E_LS), "V3 V4") || !in903(c903(e, i, E_PLACE), "K1 K2 K3 R3 S1") || !zPost[0]) return 0;
  if (!pv) return 1;
  const char *q = pv->zPostcode;
  for (; *zPost; zPost++) {
    if (*zPost == ' ') continue;
    if (*zPost != *q) return 1;
    q++;
  }
  return *q != 0;
}
static void check_221(Return903 *r) { check_each(r, t221, 1); }

/* 227: the episode began on or after the provider's registration ended. */
static int t227(const Return903 *r, int i, const Provider *pv) {
  Date decom = d903(&r->a[T_EPISODES], i, E_DECOM);
  return pv && pv->regEnd != DATE_NONE && decom != DATE_NONE && decom >= pv->regEnd;
}
static void check_227(Return903 *r) { check_each(r, t227, 0); }

/* 228: the episode ended after the provider's registration did, or, still
** open (no end date, or one that is not a date, as the peer reads it), the
** registration ended before 31 March. */
static int t228(const Return903 *r, int i, const Provider *pv) {
  if (!pv || pv->regEnd == DATE_NONE) return 0;
  Date dec = d903(&r->a[T_EPISODES], i, E_DEC);
  return dec != DATE_NONE ? dec > pv->regEnd : r->end > pv->regEnd;
}
static void check_228(Return903 *r) { check_each(r, t228, 0); }

/* The provider's upper-tier authority: the list's LA column, else its
** postcode's in the postcode table (the peer's way), "" if unknown. */
static const char *provider_la(const Return903 *r, const Provider *pv) {
  if (!pv) return "";
  if (pv->zLa[0]) return pv->zLa;
  return postcodes903_utla(r->pPostcodes, pv->zPostcode);
}

/* 229: the council's own provision (PR1) is with a provider outside the
** council, or another council's (PR2) with one inside it. A provider
** whose authority is unknown is outside every council, as in the peer. */
static int t229(const Return903 *r, int i, const Provider *pv) {
  const char *zPr = c903(&r->a[T_EPISODES], i, E_PLACE_PROVIDER);
  const char *zLa = provider_la(r, pv);
  int inside = zLa[0] && !strcmp(zLa, r->zLa);
  return (!strcmp(zPr, "PR1") && !inside) || (!strcmp(zPr, "PR2") && inside);
}
static void check_229(Return903 *r) { check_each(r, t229, 1); }

#define PROV TB(T_EPISODES), R903_PROVIDERS
const Rule903 aRules903Providers[] = {
  {"219", PROV, check_219,
   "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded."},
  {"221", PROV, check_221,
   "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided."},
  {"224", PROV, check_224,
   "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded."},
  {"227", PROV, check_227, "Ofsted Unique reference number (URN) is not valid for the episode start date."},
  {"228", PROV, check_228,
   "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open "
   "episodes at providers who close during the year]"},
  {"229", PROV, check_229,
   "Placement provider does not match between the placing authority and the local authority code of the provider. "
   "[NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]"},
  {"1008", PROV, check_1008, "Ofsted Unique Reference Number (URN) is not valid."},
  {NULL, 0, 0, NULL, NULL},
};
