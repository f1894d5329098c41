/*
** demo.c: synthetic demonstration data (demo.h), shaped like the council
** of shared/domain/001: ages and time in care as its Fig 6 and Fig 10,
** legal status, placement types, ethnicity, reviews about 96% on time,
** caseloads near the per-FTE target. Every person in it is invented.
**
** Generation works on an in-memory plan, in passes, so that the rare cases
** a demonstration needs (a child newly notified, one in unregistered
** provision, one overdue for a review, a split sibling group) are chosen as
** counts rather than left to chance, and so the result depends only on
** (nChildren, seed, asOf):
**   1. plan each child: birth, periods of care, episodes;
**   2. choose the special cases;
**   3. allocate IROs, keeping caseloads level;
**   4. simulate each child's review schedule from the rules table and
**      choose the overdue ones;
**   5. insert everything in one transaction, table by table.
** A child's reviews and contacts are drawn from a random stream of its own,
** so pass 5 can replay what pass 4 looked at without storing it.
*/
#include "comparators.h"
#include "demo.h"
#include "audit.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Random numbers ------------------------------------------------------ */

/* splitmix64: small, fast, and the same sequence on every platform, which
** rand() is not. */
typedef struct Rng { uint64_t s; } Rng;

static uint64_t rng_u64(Rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* An independent stream for one child and purpose (salt). */
static Rng rng_stream(unsigned seed, uint64_t idx, uint64_t salt) {
  Rng r = {((uint64_t)seed << 32) ^ (idx * 0xD1B54A32D192ED03ull) ^ (salt * 0x8CB92BA72F3D8DD7ull)};
  rng_u64(&r);
  return r;
}

/* Uniform in [0, 1). */
static double rng_unit(Rng *r) { return (double)(rng_u64(r) >> 11) * (1.0 / 9007199254740992.0); }

/* Uniform integer in [lo, hi]; lo when the range is empty. */
static int rng_range(Rng *r, int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + (int)(rng_u64(r) % (uint64_t)((int64_t)hi - lo + 1));
}

static int rng_chance(Rng *r, double p) { return rng_unit(r) < p; }

/* Reorder a[0..n) so its first k entries are a uniform choice of k. */
static void rng_choose(Rng *r, int *a, int n, int k) {
  for (int i = 0; i < k && i < n; i++) {
    int j = rng_range(r, i, n - 1);
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/* ---- Codes --------------------------------------------------------------- */

/* Every SSDA903 code the demo writes, held as one byte in the plan (a plan
** of two million children must fit in memory). 0 is "none" (SQL NULL). */
#define CODE_LIST                                                                      \
  X(C1) X(C2) X(E1) X(V2) X(L2)                                                        \
  X(A5) X(A6) X(H5) X(K1) X(K2) X(K3) X(P1) X(P2) X(R1) X(R3) X(S1)                    \
  X(U1) X(U2) X(U3) X(U4) X(U5) X(U6) X(Z1) X(Z14)                                     \
  X(PR0) X(PR1) X(PR2) X(PR4) X(PR5)                                                   \
  X(N1) X(N2) X(N3) X(N4) X(N5) X(N6) X(N7) X(N8)                                      \
  X(X1) X(E4A) X(E11) X(E12) X(E17) X(E41) X(E45) X(E5) X(E6) X(E8)                   \
  X(CARPL) X(CREQB) X(CREQO) X(CHILD) X(LAREQ) X(STAND) X(CLOSE) X(OTHER)

enum {
  C_NONE = 0,
#define X(c) C_##c,
  CODE_LIST
#undef X
};

static const char *const azCode[] = {
  NULL,
#define X(c) #c,
  CODE_LIST
#undef X
};

typedef struct WCode { unsigned char c; unsigned short w; } WCode;
typedef struct WStr { const char *z; unsigned short w; } WStr;

/* A code drawn with the weights of a. */
static int pick_code_n(Rng *r, const WCode *a, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) total += a[i].w;
  int x = rng_range(r, 0, total - 1);
  for (int i = 0; i < n; i++) {
    if ((x -= a[i].w) < 0) return a[i].c;
  }
  return a[n - 1].c;
}
#define pick_code(r, a) pick_code_n(r, a, COUNT(a))

/* A string drawn with the weights of a. */
static const char *pick_str_n(Rng *r, const WStr *a, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) total += a[i].w;
  int x = rng_range(r, 0, total - 1);
  for (int i = 0; i < n; i++) {
    if ((x -= a[i].w) < 0) return a[i].z;
  }
  return a[n - 1].z;
}
#define pick_str(r, a) pick_str_n(r, a, COUNT(a))
#define pick_any(r, a) ((a)[rng_range(r, 0, COUNT(a) - 1)])

/* ---- The council's shape (domain/001) ------------------------------------ */

/* Fig 10: children in care on 31 March 2021 by age (rows 0-17) and months
** in care (columns 0-3, 4-6, 7-12, 13-24, 25-36, 37+). Its row sums are
** Fig 6's age bands. */
static const unsigned char aFig10[18][6] = {
  {6, 2, 5, 0, 0, 0},  {3, 3, 4, 5, 0, 0},  {0, 0, 2, 7, 4, 0},   {3, 2, 1, 7, 4, 1},
  {3, 2, 2, 3, 1, 0},  {0, 1, 1, 5, 2, 1},  {2, 1, 2, 5, 0, 4},   {0, 0, 3, 2, 1, 4},
  {2, 0, 2, 4, 3, 5},  {0, 2, 1, 3, 1, 6},  {0, 0, 3, 5, 5, 16},  {1, 1, 1, 6, 3, 25},
  {1, 1, 1, 7, 4, 20}, {0, 4, 2, 5, 1, 20}, {1, 0, 2, 6, 3, 20},  {0, 1, 1, 10, 5, 23},
  {2, 0, 8, 11, 6, 23}, {4, 7, 9, 10, 5, 25},
};
/* Column b of Fig 10 covers more than aBandMonths[b] and at most
** aBandMonths[b+1] months in care; the last is open-ended. */
static const int aBandMonths[] = {0, 3, 6, 12, 24, 36};
#define N_BAND 6
#define N_AGE 18
/* Share of children in care who came in during the last year (5.11 of the
** report: 126 admissions, 28% of the population); Fig 10 alone gives 23%. */
#define ENTERED_LAST_YEAR 0.28
/* Share of demo children still in care on asOf; the rest left in the two
** years before it, so the reports have leavers. */
#define IN_CARE_SHARE 0.875
#define LEAVERS_WINDOW_MONTHS 24
/* Age at which care ends by law, and the ages the demo thinks of as young
** adults: neither is a timescale a council sets, so not in the rules. */
#define ADULT_AGE 18
#define CHAIR_MIN_AGE 12

static const struct Locality {
  const char *zName;
  int weight;                  /* share of children whose home is there */
  const char *azOut[3];        /* postcode districts */
} aLoc[] = {
  {"Weymouth and Portland", 22, {"DT3", "DT4", "DT5"}},
  {"Dorchester", 14, {"DT1", "DT2", NULL}},
  {"Purbeck", 10, {"BH19", "BH20", NULL}},
  {"Blandford", 9, {"DT11", NULL, NULL}},
  {"Shaftesbury", 8, {"SP7", "SP8", NULL}},
  {"Bridport", 10, {"DT6", NULL, NULL}},
  {"Wimborne", 12, {"BH21", NULL, NULL}},
  {"Ferndown", 15, {"BH22", "BH31", NULL}},
};
#define N_LOC COUNT(aLoc)

/* Postcode districts of neighbouring councils, for placements out of area. */
static const char *const azOutOfArea[] = {
  "BA1", "BA11", "BS3", "EX2", "EX4", "SO15", "SO16", "SP1", "SP2", "TA1", "TA6", "PO4",
  "BH8", "BH14", "GL1", "SN1",
};

/* 5.3 and 5.9: 86% white, the rest over the DfE codes. Per thousand. */
static const WStr aEthnicity[] = {
  {"WBRI", 810}, {"WIRI", 8}, {"WIRT", 4}, {"WROM", 6}, {"WOTH", 52},
  {"MWBC", 30}, {"MWBA", 14}, {"MWAS", 14}, {"MOTH", 20},
  {"AIND", 4}, {"APKN", 4}, {"ABAN", 3}, {"AOTH", 8},
  {"BCRB", 5}, {"BAFR", 10}, {"BOTH", 5},
  {"CHNE", 3}, {"OOTH", 12}, {"REFU", 4}, {"NOBT", 4},
};   /* UASC children (below) bring the white share down to the report's 86% */
static const WStr aEthnicityUasc[] = {
  {"AOTH", 35}, {"BAFR", 30}, {"OOTH", 25}, {"BOTH", 5}, {"MOTH", 5},
};

static const WCode aCin[] = {
  {C_N1, 60}, {C_N2, 4}, {C_N3, 4}, {C_N4, 9}, {C_N5, 15}, {C_N6, 2}, {C_N7, 1}, {C_N8, 5},
};

/* Placement types by age (5.14: mostly fostering, 15% with family and
** friends, residential for older children, supported accommodation 16+). */
static const WCode aPlace0[] = {
  {C_U1, 50}, {C_U3, 90}, {C_U4, 150}, {C_U5, 60}, {C_U6, 470}, {C_P1, 100}, {C_R3, 30}, {C_Z1, 10},
};
static const WCode aPlace5[] = {
  {C_U1, 80}, {C_U3, 90}, {C_U4, 370}, {C_U5, 10}, {C_U6, 260}, {C_P1, 100}, {C_K2, 30},
  {C_R1, 5}, {C_S1, 5}, {C_Z1, 10},
};
static const WCode aPlace10[] = {
  {C_U1, 70}, {C_U3, 80}, {C_U4, 360}, {C_U6, 170}, {C_K2, 150}, {C_P1, 80}, {C_R1, 10},
  {C_S1, 25}, {C_K1, 5}, {C_Z1, 10},
};
static const WCode aPlace16[] = {
  {C_U1, 50}, {C_U3, 60}, {C_U4, 330}, {C_U6, 100}, {C_K2, 130}, {C_H5, 130}, {C_K3, 80},
  {C_P2, 30}, {C_S1, 20}, {C_P1, 30}, {C_R1, 10}, {C_Z1, 10},
};

static const WCode aLeaveReason[] = {
  {C_E4A, 30}, {C_E17, 12}, {C_E5, 12}, {C_E6, 6}, {C_E11, 8}, {C_E12, 5},
  {C_E45, 9}, {C_E41, 8}, {C_E8, 5},
};

static const WCode aPlaceChange[] = {
  {C_CARPL, 40}, {C_CREQB, 12}, {C_CREQO, 10}, {C_CHILD, 8}, {C_LAREQ, 10},
  {C_STAND, 5}, {C_CLOSE, 5}, {C_OTHER, 10},
};

/* Invented names. The lists hold apostrophes, hyphens and letters outside
** ASCII on purpose, so every page and export is exercised by them. */
static const char *const azBoy[] = {
  "Oliver", "Harry", "Jack", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
  "Leo", "Logan", "Archie", "Theo", "Thomas", "James", "Joshua", "Riley", "Tyler", "Kai",
  "Mason", "Ethan", "Lewis", "Dylan", "Callum", "Connor", "Jayden", "Liam", "Seán", "Rhys",
  "Zak", "Mohammed", "Ibrahim", "Kofi", "Tomasz", "Jean-Luc", "Reuben", "Finley", "Kian", "Ellis",
};
static const char *const azGirl[] = {
  "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
  "Grace", "Freya", "Poppy", "Evie", "Ella", "Chloé", "Zoë", "Siân", "Mary-Kate", "Aaliyah",
  "Jessica", "Courtney", "Kayleigh", "Paige", "Megan", "Amber", "Leah", "Nevaeh", "Maja", "Ayesha",
  "Renée", "Skye", "Tia", "Harper", "Willow", "Ruby", "Phoebe", "Summer", "Esmé", "Niamh",
};
static const char *const azFamily[] = {
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
  "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
  "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
  "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Lee", "King", "Baker",
  "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Parker", "Price",
  "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Bailey", "Collins",
  "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Simpson",
  "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb",
  "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Owen", "Palmer", "Holmes",
  "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
  "Jenkins", "Murray", "Dixon", "Harvey", "Kowalski", "Okafor", "Mensah", "Chen",
  "O'Brien", "Ünal", "Nguyễn", "Smith-Jones",
};
/* The names a demonstration must show: the first children get them. */
static const char *const azHostile[] = {"O'Brien", "Ünal", "Nguyễn", "Smith-Jones"};
static const char *const azUascBoy[] = {
  "Ahmad", "Hamid", "Yonas", "Dawit", "Mohammed", "Abdullah", "Omar", "Samir", "Bilal",
  "Kidane", "Tesfay", "Hassan", "Reza", "Aziz",
};
static const char *const azUascGirl[] = {"Amina", "Fatima", "Selam", "Zahra", "Helen", "Mariam"};
static const char *const azUascFamily[] = {
  "Ahmadi", "Rahimi", "Haile", "Tesfaye", "Mohammed", "Hussaini", "Karimi", "Abdi", "Yusuf",
  "Gebremedhin", "Nguyen", "Tran",
};

static const char *const azIroFirst[] = {
  "Alison", "Andrew", "Angela", "Ben", "Carol", "Catherine", "Chris", "Claire", "David",
  "Deborah", "Emma", "Fiona", "Gareth", "Gemma", "Hannah", "Helen", "Ian", "Jane", "Janet",
  "Jo", "Karen", "Kate", "Kevin", "Laura", "Lisa", "Mark", "Martin", "Michelle", "Nicola",
  "Paul", "Rachel", "Rebecca", "Richard", "Rob", "Ruth", "Sally", "Sam", "Sarah", "Simon",
  "Sophie", "Stephen", "Sue", "Tom", "Tracey", "Vicky", "Wendy", "Yvonne", "Zoe",
};
static const char *const azIroLast[] = {
  "Abbott", "Barker", "Bennett", "Bishop", "Brooks", "Carter", "Chapman", "Clarke", "Cole",
  "Dawson", "Ellis", "Fletcher", "Foster", "Gibson", "Grant", "Hall", "Harding", "Hayes",
  "Holmes", "Hughes", "Jenkins", "Kaur", "Knight", "Lawson", "Marsh", "Mason", "Mills",
  "Morgan", "Newman", "O'Neill", "Osei", "Palmer", "Parsons", "Patel", "Pearce", "Reid",
  "Rhodes", "Sharma", "Shaw", "Stone", "Summers", "Turner", "Wade", "Walsh", "Warren",
  "Webb", "Wells", "Young",
};

static const char *const azHome[] = {
  "Hillside House", "The Willows", "Chesil View", "Harbour Lodge", "Oakfield House",
  "Stour Meadows", "Heathland Cottage", "Ridgeway House",
};
static const char *const azSupported[] = {
  "Portland Supported Lodgings", "Dorchester Foyer", "Bridport Young People's Housing",
  "Stepping Stones Flats",
};
static const char *const azSchool[] = {"Hardy Residential School", "Purbeck Residential College"};
static const char *const azUnregistered[] = {
  "Short-let flat with agency staff", "Holiday let with agency staff",
  "Children's home awaiting registration",
};

static const WStr aPermYoung[] = {
  {"adoption", 30}, {"special-guardianship", 30}, {"return-home", 25}, {"long-term-fostering", 15},
};
static const WStr aPermMiddle[] = {
  {"long-term-fostering", 55}, {"special-guardianship", 20}, {"return-home", 20}, {"adoption", 5},
};
static const WStr aPermOlder[] = {
  {"long-term-fostering", 70}, {"return-home", 15}, {"special-guardianship", 10},
  {"residential", 5},
};

static const char *const azChangeReason[] = {
  "Caseload balancing", "IRO on long-term leave", "Change of IRO at the young person's request",
  "IRO moved to another team",
};

static const WStr aContactKind[] = {{"visit", 50}, {"call", 28}, {"message", 12}, {"letter", 10}};

/* Shares of reviews held late and held early (6.4: 96% on time). */
#define REVIEW_LATE 0.04
#define REVIEW_EARLY 0.05

/* ---- The plan ------------------------------------------------------------ */

enum { REG_OK = 0, REG_UNREG = 1, REG_SUPP = 2 };
static const char *const azReg[] = {"registered", "unregistered", "supported"};

/* One episode. Codes are indexes into azCode; 0 is NULL. */
typedef struct PEp {
  Date start, end;             /* end DATE_NONE while open */
  unsigned char rne, legal, placement, provider, endReason, rpc, reg, nameIdx;
  signed char loc;             /* placement locality, -1 out of area */
  char zPostcode[10];
  unsigned short tenthMiles;
  unsigned int urn;            /* 0 for none */
} PEp;

/* One period of care and its IRO allocation. */
typedef struct PPer {
  Date notified, start, end;   /* end DATE_NONE while open */
  Date allocOn;                /* DATE_NONE: no IRO allocated yet */
  Date changeOn;               /* day iro2 took over from iro1, or DATE_NONE */
  int iro1, iro2;              /* indexes into Gen.aIro; iro2 -1 without a change */
  const char *zChange;         /* reason for the change */
  unsigned char endReason, cin, legal;  /* legal: status at the end (or now) */
  int iEp, nEp;                /* its episodes: Plan.ep[iEp .. iEp+nEp) */
} PPer;

typedef struct Plan {
  Date dob;
  const char *zGiven, *zFamily, *zEthnicity, *zSen;
  int leader;                  /* first child of its sibling group, or -1 */
  int group;                   /* sibling group number, or -1 */
  char sex;
  unsigned char inCare, uasc, disability, newly, overdue, unreg, splitOff, nPer;
  signed char locality;
  char zHome[10];
  PPer per[2];
  PEp *ep;
  int nEp, capEp;
} Plan;

typedef struct GIro {
  char zName[80], zEmail[100];
  double fte, cap;             /* cap: children at the caseload target */
  int otherDuties, active, load;
  int loc[2], nLoc;
  Date leftOn;                 /* former IROs: the day they left */
} GIro;

/* A review as simulated, before it becomes a row. */
typedef struct SimRv {
  Date held, due, planned, recs, minutes;
  int iro, per;
  char mode;                   /* 'v' virtual, 'p' in person */
  unsigned char pn;            /* participation code number */
  signed char chaired, advocate, saw, perm, indep, pathway, adviser;
  signed char ni, passport, bank, cert, advocacy, visitor;   /* -1 not applicable */
  const char *zPermType;
} SimRv;

/* Tables written in batches (see Writing). Children come first: the
** others refer to them, and foreign keys are checked as each statement
** runs. */
enum { B_CHILD, B_NOTIF, B_EPISODE, B_ALLOC, B_REVIEW, B_CONTACT, N_BATCH };
typedef struct Batch Batch;

typedef struct Gen {
  Db *db;
  Date asOf;
  unsigned seed;
  int n;
  Rng rng;                     /* the planning stream */
  struct {
    const Rule *first, *second, *later, *unregFirst, *unreg, *recs, *minutes, *alloc;
    const Rule *pn0, *advocacy, *independence, *pathway, *documents, *unregVisit;
    int caseload;
  } R;
  Date virtualFrom, virtualUntil;   /* the pandemic years of mostly virtual reviews */
  double aCellCum[N_AGE * N_BAND];
  Plan *aPlan;
  int nGroup;
  GIro *aIro;
  int nIro, nActive;
  int *aLocIro[N_LOC], nLocIro[N_LOC];   /* active IROs linked to each locality */
  SimRv *aRv;
  int capRv;
  Batch *aBatch[N_BATCH];
  Stmt *sGroup;                /* sibling groups: few, written one at a time */
  const char *zFailTable;
  DemoSummary sum;
  int64_t idLoc[N_LOC], baseIro, baseGroup, baseChild;
  int64_t nextNotif, nextEp, nextAlloc, nextRv, nextCt;
} Gen;

/* ---- Dates --------------------------------------------------------------- */

static Date min_date(Date a, Date b) { return a < b ? a : b; }
static Date max_date(Date a, Date b) { return a > b ? a : b; }

/* The working day on or before d, and on or after it. */
static Date on_or_before(Date d) { return cal_is_working_day(d) ? d : cal_add_working_days(d, -1); }
static Date on_or_after(Date d) { return cal_is_working_day(d) ? d : cal_add_working_days(d, 1); }

/* Whole months from a to b (0 if b is before a). */
static int months_between(Date a, Date b) {
  int ya, ma, da, yb, mb, db;
  date_to_ymd(a, &ya, &ma, &da);
  date_to_ymd(b, &yb, &mb, &db);
  int m = (yb - ya) * 12 + (mb - ma) - (db < da);
  return m < 0 ? 0 : m;
}

static int is_leap_day(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return m == 2 && dd == 29;
}

/* Nobody in the demo is born on 29 February: which day such a child turns
** 4 or 18 in a common year is settled by the calendar code, and demo data
** should not make every age check depend on it. Moves d within [lo, hi]. */
static Date not_leap_day(Date d, Date lo, Date hi) {
  if (!is_leap_day(d)) return d;
  return d + 1 <= hi || d - 1 < lo ? d + 1 : d - 1;
}

/* Has someone born on dob reached, on day `on`, the age an age rule names?
** (The same test the review checks make.) */
static int age_reached(const Rule *r, Date dob, Date on) { return on >= rule_age_date(r, dob); }

/* ---- Planning a child ---------------------------------------------------- */

/* Append an episode to p (zeroed); the pointer is valid until the next push. */
static PEp *ep_push(Plan *p) {
  if (p->nEp == p->capEp) {
    p->capEp = p->capEp ? p->capEp * 2 : 4;
    p->ep = xrealloc(p->ep, (size_t)p->capEp * sizeof *p->ep);
  }
  PEp *e = &p->ep[p->nEp++];
  memset(e, 0, sizeof *e);
  e->loc = -1;
  return e;
}

/* A synthetic postcode in district zOut, e.g. "DT1 4AB". */
static void make_postcode(Rng *r, const char *zOut, char out[10]) {
  static const char zLetters[] = "ABDEFGHJLNPQRSTUWXYZ";   /* valid in the inward code */
  size_t n = strlen(zOut);
  if (n > 4) n = 4;
  memcpy(out, zOut, n);
  out[n] = ' ';
  out[n + 1] = (char)('0' + rng_range(r, 1, 9));
  out[n + 2] = zLetters[rng_range(r, 0, (int)sizeof zLetters - 2)];
  out[n + 3] = zLetters[rng_range(r, 0, (int)sizeof zLetters - 2)];
  out[n + 4] = 0;
}

static void locality_postcode(Rng *r, int loc, char out[10]) {
  const struct Locality *l = &aLoc[loc];
  int n = 0;
  while (n < 3 && l->azOut[n]) n++;
  make_postcode(r, l->azOut[rng_range(r, 0, n - 1)], out);
}

static int pick_locality(Rng *r) {
  int total = 0;
  for (int i = 0; i < N_LOC; i++) total += aLoc[i].weight;
  int x = rng_range(r, 0, total - 1);
  for (int i = 0; i < N_LOC; i++) {
    if ((x -= aLoc[i].weight) < 0) return i;
  }
  return 0;
}

/* A cell of Fig 10 (as weighted in gen_init): age * N_BAND + band. */
static int draw_fig10(Gen *g) {
  double x = rng_unit(&g->rng) * g->aCellCum[N_AGE * N_BAND - 1];
  int cell = 0;
  while (cell < N_AGE * N_BAND - 1 && g->aCellCum[cell] <= x) cell++;
  return cell;
}

/* A date of birth giving whole years `age` on asOf (never asOf itself). */
static Date dob_for_age(Gen *g, int age) {
  Date lo = date_add_months(g->asOf, -12 * (age + 1)) + 1;
  Date hi = age ? date_add_months(g->asOf, -12 * age) : g->asOf - 1;
  return not_leap_day(rng_range(&g->rng, lo, hi), lo, hi);
}

/* Legal status a child in care holds on asOf (5.10: C1 12%, C2 65%, E1 9%,
** V2 14%), given the age and months in care: placement orders are for
** young children, interim orders for recent arrivals. */
static int legal_in_care(Rng *r, int age, int months) {
  double pE1 = age <= 4 ? 0.55 : age <= 9 ? 0.22 : 0.015;
  if (months >= 6 && rng_chance(r, pE1)) return C_E1;
  if (rng_chance(r, months < 12 ? 0.42 : 0.04)) return C_C1;
  if (rng_chance(r, (age >= 13 ? 0.19 : 0.08) + (months < 12 ? 0.06 : 0.0))) return C_V2;
  return C_C2;
}

/* The legal status a period began with, given the one it ends with. */
static int first_legal(Rng *r, int final) {
  double u = rng_unit(r);
  switch (final) {
    case C_C2: return u < 0.70 ? C_C1 : u < 0.90 ? C_V2 : C_C2;
    case C_E1: return u < 0.80 ? C_C1 : C_C2;
    case C_C1: return u < 0.15 ? C_V2 : u < 0.20 ? C_L2 : C_C1;
    default: return final;
  }
}

static int is_age18_reason(int c) { return c == C_E17 || c == C_E5 || c == C_E6; }

/* Fill e's placement type, provider and location. When `final` is set
** and so is `hint`, hint is the placement the period must end in (a
** leaver's). legA and legB are the first and last legal status the
** placement spans, so codes they rule out are not chosen (placed with
** parents needs a care order, placed for adoption a placement order). */
static void draw_placement(Gen *g, const Plan *p, PEp *e, int age, int legA, int legB, int hint,
                           int final) {
  Rng *r = &g->rng;
  int c = final ? hint : C_NONE;
  if (!c) {
    if (final && legA == C_E1 && legB == C_E1 && age <= 9 && rng_chance(r, 0.55)) {
      c = rng_chance(r, 0.4) ? C_A5 : C_A6;
    } else if (age <= 4) {
      c = pick_code(r, aPlace0);
    } else if (age <= 9) {
      c = pick_code(r, aPlace5);
    } else if (age <= 15) {
      c = pick_code(r, aPlace10);
    } else {
      c = pick_code(r, aPlace16);
    }
  }
  int careOrder = (legA == C_C1 || legA == C_C2) && (legB == C_C1 || legB == C_C2);
  if (c == C_P1 && !careOrder) c = C_U6;
  if ((c == C_A5 || c == C_A6) && !(legA == C_E1 && legB == C_E1)) c = C_U5;
  if ((c == C_H5 || c == C_K3 || c == C_P2) && age < 16) c = C_U4;
  e->placement = (unsigned char)c;
  e->reg = (c == C_H5 || c == C_K3) ? REG_SUPP : REG_OK;
  double u = rng_unit(r);
  switch (c) {
    case C_P1: e->provider = C_PR0; break;
    case C_U1: case C_U2: case C_U3: e->provider = u < 0.95 ? C_PR1 : C_PR2; break;
    case C_U4: case C_U5: case C_U6:
      e->provider = u < 0.60 ? C_PR1 : u < 0.95 ? C_PR4 : C_PR5;
      break;
    case C_A5: case C_A6: e->provider = u < 0.5 ? C_PR1 : u < 0.7 ? C_PR2 : C_PR5; break;
    case C_K2: e->provider = u < 0.65 ? C_PR4 : u < 0.90 ? C_PR1 : C_PR5; break;
    case C_K1: e->provider = u < 0.7 ? C_PR2 : C_PR1; break;
    case C_P2: case C_Z1: e->provider = u < 0.6 ? C_PR1 : C_PR4; break;
    default: e->provider = u < 0.6 ? C_PR4 : C_PR5; break;
  }
  if (c == C_K1 || c == C_K2 || c == C_R1 || c == C_S1) {
    e->urn = (unsigned)rng_range(r, 400000, 999999);   /* Ofsted URN: "SC" and six digits */
  }
  e->nameIdx = (unsigned char)rng_range(r, 0, 255);
  /* Placement with parents is at home; residential and supported
  ** placements are more often out of the area than foster homes. */
  if (c == C_P1) {
    e->loc = p->locality;
    memcpy(e->zPostcode, p->zHome, sizeof e->zPostcode);
    e->tenthMiles = 0;
    return;
  }
  double outShare = (c == C_K1 || c == C_K2 || c == C_H5 || c == C_K3 || c == C_R1 ||
                     c == C_S1) ? 0.35 : 0.15;
  if (rng_chance(r, outShare)) {
    e->loc = -1;
    make_postcode(r, pick_any(r, azOutOfArea), e->zPostcode);
    e->tenthMiles = (unsigned short)rng_range(r, 150, 400);
  } else if (rng_chance(r, 0.55)) {
    e->loc = p->locality;
    locality_postcode(r, e->loc, e->zPostcode);
    e->tenthMiles = (unsigned short)rng_range(r, 5, 80);
  } else {
    e->loc = (signed char)pick_locality(r);
    locality_postcode(r, e->loc, e->zPostcode);
    e->tenthMiles = (unsigned short)(e->loc == p->locality ? rng_range(r, 5, 80)
                                                            : rng_range(r, 40, 350));
  }
}

/* Build the episodes of period pi (appended to p->ep): a start, then
** changes of placement or legal status spread over the period, ending in
** the period's legal status and, when hint is set, in that placement. */
static void plan_episodes(Gen *g, Plan *p, int pi, int hint) {
  Rng *r = &g->rng;
  PPer *pe = &p->per[pi];
  Date start = pe->start, lim = pe->end != DATE_NONE ? pe->end : g->asOf;
  int months = months_between(start, lim);
  int want = 1;
  if (months >= 1 && rng_chance(r, months >= 24 ? 0.65 : 0.25 + months / 60.0)) want++;
  if (months >= 6 && rng_chance(r, months >= 48 ? 0.55 : 0.15 + months / 100.0)) want++;
  if (months >= 12 && rng_chance(r, 0.4)) want++;
  int leg0 = first_legal(r, pe->legal);
  if (leg0 != pe->legal && want == 1) want = 2;
  /* A placement order is usually followed by a move to adopters: keep a
  ** placement change after the legal change so the move can happen. */
  if (pe->legal == C_E1 && leg0 != C_E1 && want == 2) want = 3;

  /* Days on which an episode changes: distinct, sorted, inside the period
  ** (not in its first week: the first placement is not that brief). */
  Date aCh[3];
  int nCh = 0;
  Date lo = start + 7, hi = lim - 1;
  for (int tries = 0; nCh < want - 1 && tries < 20 && lo <= hi; tries++) {
    Date d = rng_range(r, lo, hi);
    int j = 0, dup = 0;
    while (j < nCh && aCh[j] <= d) {
      if (aCh[j] == d) dup = 1;
      j++;
    }
    if (dup) continue;
    memmove(&aCh[j + 1], &aCh[j], (size_t)(nCh - j) * sizeof aCh[0]);
    aCh[j] = d;
    nCh++;
  }
  int nEp = nCh + 1;
  if (nCh == 0) leg0 = pe->legal;

  /* The legal change, if any, is the first change; the rest move placement. */
  unsigned char aRne[4], aLeg[4];
  for (int j = 0; j < nEp; j++) {
    aRne[j] = j == 0 ? 'S' : (j == 1 && leg0 != pe->legal) ? 'L' : 'P';
    aLeg[j] = (unsigned char)(j == 0 ? leg0 : pe->legal);
  }
  int jFinal = 0;   /* the placement the period ends in starts here */
  for (int j = 0; j < nEp; j++) {
    if (aRne[j] != 'L') jFinal = j;
  }
  pe->iEp = p->nEp;
  pe->nEp = nEp;
  for (int j = 0; j < nEp; j++) {
    Date s = j == 0 ? start : aCh[j - 1];
    PEp *e = ep_push(p);
    if (aRne[j] == 'L') {
      *e = e[-1];   /* same placement, new legal status */
      e->rpc = C_NONE;
    } else {
      int legEnd = (j + 1 < nEp && aRne[j + 1] == 'L') ? aLeg[j + 1] : aLeg[j];
      int age = date_age(p->dob, j == jFinal ? lim : s);
      draw_placement(g, p, e, age, aLeg[j], legEnd, hint, j == jFinal);
      e->rpc = (unsigned char)(j ? pick_code(r, aPlaceChange) : C_NONE);
    }
    e->start = s;
    e->rne = aRne[j];
    e->legal = aLeg[j];
    if (j + 1 < nEp) {
      e->end = aCh[j];
      e->endReason = C_X1;
    } else {
      e->end = pe->end;
      e->endReason = pe->end != DATE_NONE ? pe->endReason : C_NONE;
    }
  }
}

/* Notification comes a few days before the period starts (or on the day),
** on a working day. */
static Date notified_for(Gen *g, Date start) {
  return on_or_before(start - rng_range(&g->rng, 0, 4));
}

/* A child in care on asOf: age and months in care drawn from Fig 10. */
static void timeline_in_care(Gen *g, Plan *p) {
  Rng *r = &g->rng;
  int cell = draw_fig10(g);
  int age = cell / N_BAND, band = cell % N_BAND;
  p->dob = dob_for_age(g, age);
  Date start;
  if (band == N_BAND - 1) {
    /* Open-ended: skewed towards the shorter stays, from 3 years to the
    ** whole childhood. */
    Date hi = date_add_months(g->asOf, -aBandMonths[band]) - 1;
    Date lo = max_date(p->dob, date_add_months(g->asOf, -12 * ADULT_AGE));
    double u = rng_unit(r);
    start = lo > hi ? lo : hi - (Date)((double)(hi - lo) * u * u);
  } else {
    Date hi = date_add_months(g->asOf, -aBandMonths[band]) - 1;
    Date lo = date_add_months(g->asOf, -aBandMonths[band + 1]);
    start = rng_range(r, lo, hi);
  }
  if (start < p->dob) start = p->dob;
  if (start >= g->asOf) start = g->asOf - 1;
  p->inCare = 1;
  p->nPer = 1;
  PPer *pe = &p->per[0];
  pe->start = start;
  pe->end = DATE_NONE;
  pe->legal = (unsigned char)legal_in_care(r, age, months_between(start, g->asOf));
}

/* A child who left care in the two years before asOf; returns the
** placement the period should end in (or C_NONE). */
static int timeline_leaver(Gen *g, Plan *p) {
  Rng *r = &g->rng;
  PPer *pe = &p->per[0];
  Date end = rng_range(r, date_add_months(g->asOf, -LEAVERS_WINDOW_MONTHS), g->asOf - 1);
  int why = pick_code(r, aLeaveReason), hint = C_NONE, legal;
  int ageY, mLo, mHi;
  double u = rng_unit(r);
  if (is_age18_reason(why)) {
    /* Left on the 18th birthday. */
    p->dob = date_add_months(end, -12 * ADULT_AGE);
    if (is_leap_day(p->dob)) p->dob--;
    end = date_birthday(p->dob, ADULT_AGE);
    ageY = ADULT_AGE;
    mLo = 6;
    mHi = 12 * 12;
    legal = u < 0.65 ? C_C2 : C_V2;
    hint = why == C_E17 ? (u < 0.7 ? C_U4 : C_U1)
         : why == C_E5 ? (rng_chance(r, 0.6) ? C_H5 : C_K3)
                       : (rng_chance(r, 0.5) ? C_P2 : C_U6);
  } else {
    switch (why) {
      case C_E11: case C_E12:
        ageY = rng_range(r, 1, 5);
        mLo = 12;
        mHi = 12 * ageY;
        legal = C_E1;
        hint = rng_chance(r, 0.4) ? C_A5 : C_A6;
        break;
      case C_E41: case C_E45:
        ageY = rng_range(r, 1, 12);
        mLo = 9;
        mHi = 48;
        legal = u < 0.7 ? C_C2 : C_C1;
        hint = why == C_E45 ? C_U1 : C_U3;
        break;
      case C_E4A:
        ageY = rng_range(r, 0, ADULT_AGE - 1);
        mLo = 1;
        mHi = 30;
        legal = u < 0.45 ? C_V2 : u < 0.70 ? C_C1 : C_C2;
        if (legal != C_V2 && rng_chance(r, 0.35)) hint = C_P1;
        break;
      default:
        ageY = rng_range(r, 5, ADULT_AGE - 1);
        mLo = 1;
        mHi = 24;
        legal = u < 0.5 ? C_C2 : C_V2;
        break;
    }
    Date hi = date_add_months(end, -12 * ageY) - 1;
    p->dob = rng_range(r, hi - 359, hi);
    if (is_leap_day(p->dob)) p->dob--;
  }
  if (mHi < mLo) mHi = mLo;
  /* Short stays are the common ones. */
  double v = rng_unit(r);
  int months = mLo + (int)((double)(mHi - mLo) * v * v);
  Date start = date_add_months(end, -months) - rng_range(r, 0, 27);
  if (start < p->dob) start = p->dob;
  if (start >= end) start = end - 1;
  p->inCare = 0;
  p->nPer = 1;
  pe->start = start;
  pe->end = end;
  pe->endReason = (unsigned char)why;
  pe->legal = (unsigned char)legal;
  return hint;
}

/* Names, sex, ethnicity and the rest of the child record. */
static void plan_identity(Gen *g, Plan *p, int idx) {
  Rng *r = &g->rng;
  Date ref = p->inCare ? g->asOf : p->per[0].end;
  int age = date_age(p->dob, ref);
  /* 5.4: 2% are unaccompanied asylum-seeking children, nearly all boys of
  ** 15-17 (or leaving care at 18). */
  p->uasc = (unsigned char)(p->inCare ? (age >= 15 && rng_chance(r, 0.075))
                                      : (age >= ADULT_AGE && rng_chance(r, 0.05)));
  p->sex = rng_chance(r, p->uasc ? 0.92 : 0.57) ? 'M' : 'F';
  if (p->uasc) {
    p->zEthnicity = pick_str(r, aEthnicityUasc);
    p->zGiven = p->sex == 'M' ? pick_any(r, azUascBoy) : pick_any(r, azUascGirl);
    p->zFamily = pick_any(r, azUascFamily);
  } else {
    p->zEthnicity = pick_str(r, aEthnicity);
    p->zGiven = p->sex == 'M' ? pick_any(r, azBoy) : pick_any(r, azGirl);
    p->zFamily = idx < COUNT(azHostile) ? azHostile[idx] : pick_any(r, azFamily);
  }
  p->locality = (signed char)pick_locality(r);
  locality_postcode(r, p->locality, p->zHome);
  p->disability = (unsigned char)rng_chance(r, 0.10);
  /* 5.2: 34% have an EHCP and 18% SEN support; rarely so before school. */
  double u = rng_unit(r);
  if (age < 4) p->zSen = u < 0.03 ? "ehcp" : u < 0.08 ? "support" : "none";
  else p->zSen = u < 0.39 ? "ehcp" : u < 0.60 ? "support" : "none";
}

/* Plan child idx as a child of its own (not a younger sibling). */
static void plan_child(Gen *g, Plan *p, int idx) {
  Rng *r = &g->rng;
  memset(p, 0, sizeof *p);
  p->leader = p->group = -1;
  int hint = C_NONE;
  if (rng_chance(r, IN_CARE_SHARE)) timeline_in_care(g, p);
  else hint = timeline_leaver(g, p);
  plan_identity(g, p, idx);
  PPer *pe = &p->per[0];
  pe->cin = (unsigned char)pick_code(r, aCin);
  if (p->uasc) {
    /* They arrive as teenagers, accommodated under section 20, and their
    ** category of need is absent parenting. */
    pe->legal = C_V2;
    pe->cin = C_N8;
    Date lim = (pe->end != DATE_NONE ? pe->end : g->asOf) - 1;
    Date arrived = date_birthday(p->dob, 14) + rng_range(r, 0, 300);
    if (pe->start < arrived) pe->start = min_date(arrived, lim);
    if (hint == C_U4 || hint == C_U1) hint = C_U6;
  }
  pe->notified = notified_for(g, pe->start);
  plan_episodes(g, p, 0, hint);
}

/* Plan p as a sibling of lead: the same period of care, family and home,
** a date of birth a year or more apart. Returns 0 if no age fits. */
static int plan_sibling(Gen *g, const Plan *lead, int iLead, Plan *p) {
  Rng *r = &g->rng;
  memset(p, 0, sizeof *p);
  const PPer *lp = &lead->per[0];
  Date dob = DATE_NONE;
  for (int tries = 0; tries < 20 && dob == DATE_NONE; tries++) {
    Date d;
    if (lead->inCare && tries < 14) {
      /* An age drawn as Fig 6 draws them, so siblings keep its shape. */
      d = dob_for_age(g, draw_fig10(g) / N_BAND);
      Date gap = d > lead->dob ? d - lead->dob : lead->dob - d;
      if (gap < 300 || gap > 12 * 365) continue;
    } else {
      int delta = rng_range(r, 365, 5 * 365);
      d = lead->dob + (rng_chance(r, 0.5) ? delta : -delta);
      d = not_leap_day(d, d, d + 1);
    }
    Date adult = date_birthday(d, ADULT_AGE);
    if (d > lp->start || d >= g->asOf) continue;
    if (lead->inCare ? g->asOf >= adult : lp->end >= adult) continue;
    dob = d;
  }
  if (dob == DATE_NONE) return 0;
  p->dob = dob;
  p->leader = iLead;
  p->group = lead->group;
  p->inCare = lead->inCare;
  p->nPer = 1;
  PPer *pe = &p->per[0];
  pe->notified = lp->notified;
  pe->start = lp->start;
  pe->end = lp->end;
  pe->endReason = lp->endReason;
  pe->cin = lp->cin;
  pe->legal = lp->legal;
  p->sex = rng_chance(r, 0.57) ? 'M' : 'F';
  p->zGiven = p->sex == 'M' ? pick_any(r, azBoy) : pick_any(r, azGirl);
  p->zFamily = rng_chance(r, 0.85) ? lead->zFamily : pick_any(r, azFamily);
  p->zEthnicity = rng_chance(r, 0.9) ? lead->zEthnicity : pick_str(r, aEthnicity);
  p->locality = lead->locality;
  memcpy(p->zHome, lead->zHome, sizeof p->zHome);
  p->disability = (unsigned char)rng_chance(r, 0.10);
  int age = date_age(dob, p->inCare ? g->asOf : pe->end);
  double u = rng_unit(r);
  if (age < 4) p->zSen = u < 0.03 ? "ehcp" : u < 0.08 ? "support" : "none";
  else p->zSen = u < 0.39 ? "ehcp" : u < 0.60 ? "support" : "none";
  /* Adopted together, or placed together with family. */
  int hint = C_NONE;
  const PEp *last = &lead->ep[lp->iEp + lp->nEp - 1];
  if (!lead->inCare && (last->placement == C_A5 || last->placement == C_A6 ||
                        last->placement == C_U1 || last->placement == C_U3)) {
    hint = last->placement;
  }
  plan_episodes(g, p, 0, hint);
  return 1;
}

/* Give p an earlier period of care that ended in a return home some months
** before the current one began. 0 if the child is too young for one. */
static int add_earlier_period(Gen *g, Plan *p) {
  Rng *r = &g->rng;
  PPer cur = p->per[0];
  Date e0 = date_add_months(cur.start, -rng_range(r, 2, 24)) - rng_range(r, 0, 20);
  Date s0 = date_add_months(e0, -rng_range(r, 2, 15)) - rng_range(r, 0, 20);
  Date n0 = notified_for(g, s0);
  if (n0 <= p->dob || s0 <= p->dob || e0 >= cur.notified) return 0;
  PEp *aOld = p->ep;
  int nOld = p->nEp;
  p->ep = NULL;
  p->nEp = p->capEp = 0;
  p->per[1] = cur;
  p->nPer = 2;
  PPer *pe = &p->per[0];
  memset(pe, 0, sizeof *pe);
  pe->notified = n0;
  pe->start = s0;
  pe->end = e0;
  pe->endReason = rng_chance(r, 0.8) ? C_E4A : C_E8;
  pe->cin = (unsigned char)pick_code(r, aCin);
  pe->legal = rng_chance(r, 0.55) ? C_V2 : C_C1;
  plan_episodes(g, p, 0, C_NONE);
  p->per[1].iEp = p->nEp;
  for (int i = 0; i < nOld; i++) *ep_push(p) = aOld[i];
  free(aOld);
  return 1;
}

/* Make p a child the service was told about in the last few working days
** and has not yet allocated an IRO to. */
static void make_newly_notified(Gen *g, Plan *p) {
  Rng *r = &g->rng;
  PPer *pe = &p->per[0];
  pe->notified = cal_add_working_days(g->asOf, -rng_range(r, 1, 6));
  pe->start = min_date(pe->notified + rng_range(r, 0, 2), g->asOf);
  double u = rng_unit(r);
  pe->legal = u < 0.45 ? C_C1 : u < 0.80 ? C_V2 : C_L2;
  p->nEp = 0;
  plan_episodes(g, p, 0, C_NONE);
  p->newly = 1;
}

/* Move p, recently, into unregistered provision (SPEC §4). 0 if its last
** episode began too recently to follow it with another. */
static int make_unregistered(Gen *g, Plan *p) {
  Rng *r = &g->rng;
  PPer *pe = &p->per[p->nPer - 1];
  int iLast = pe->iEp + pe->nEp - 1;
  Date lastStart = p->ep[iLast].start;
  /* Weeks to a few months ago: long enough for the oversight it needs to
  ** show, short enough that it is still an exception being managed. */
  Date lo = max_date(lastStart + 1, date_add_months(g->asOf, -5));
  Date hi = g->asOf - 14;
  if (lo > hi) {
    lo = lastStart + 1;
    hi = g->asOf;
  }
  if (lo > hi) return 0;
  Date u = rng_range(r, lo, hi);
  PEp *e = ep_push(p);
  PEp *prev = &p->ep[iLast];
  *e = *prev;
  prev->end = u;
  prev->endReason = C_X1;
  e->start = u;
  e->end = DATE_NONE;
  e->endReason = C_NONE;
  e->rne = 'P';
  e->placement = rng_chance(r, 0.6) ? C_Z14 : C_K2;
  e->provider = e->placement == C_Z14 ? C_NONE : C_PR4;
  e->reg = REG_UNREG;
  e->urn = 0;
  e->nameIdx = (unsigned char)rng_range(r, 0, 255);
  e->rpc = rng_chance(r, 0.5) ? C_CREQB : C_CARPL;
  if (rng_chance(r, 0.4)) {
    e->loc = -1;
    make_postcode(r, pick_any(r, azOutOfArea), e->zPostcode);
    e->tenthMiles = (unsigned short)rng_range(r, 150, 400);
  } else {
    e->loc = (signed char)pick_locality(r);
    locality_postcode(r, e->loc, e->zPostcode);
    e->tenthMiles = (unsigned short)rng_range(r, 10, 300);
  }
  pe->nEp++;
  p->unreg = 1;
  return 1;
}

/* ---- Special cases --------------------------------------------------------- */

/* How many of n children a share should be, at least `least` if n allows. */
static int share_of(int n, double share, int least) {
  int k = (int)(n * share + 0.5);
  if (k < least) k = least;
  return k > n ? n : k;
}

/* Choose the children with a second period of care, those newly notified
** and those now in unregistered provision. Only children without siblings
** are changed, so sibling groups keep one shared history. */
static void choose_special(Gen *g) {
  Rng *r = &g->rng;
  int *a = xmalloc((size_t)(g->n ? g->n : 1) * sizeof *a);
  int nInCare = 0;
  for (int i = 0; i < g->n; i++) nInCare += g->aPlan[i].inCare;

  /* About 1% of children in care have just been notified. */
  int n = 0;
  for (int i = 0; i < g->n; i++) {
    Plan *p = &g->aPlan[i];
    if (p->inCare && p->group < 0 && !p->uasc && p->dob < g->asOf - 30) a[n++] = i;
  }
  int k = share_of(nInCare, 0.01, g->n >= 50 ? 1 : 0);
  rng_choose(r, a, n, k);
  for (int j = 0; j < k && j < n; j++) make_newly_notified(g, &g->aPlan[a[j]]);

  /* About 2% came back into care after going home. */
  n = 0;
  for (int i = 0; i < g->n; i++) {
    Plan *p = &g->aPlan[i];
    if (p->group < 0 && !p->newly && !p->uasc) a[n++] = i;
  }
  k = share_of(g->n, 0.02, 0);
  rng_choose(r, a, n, n);
  for (int j = 0, done = 0; j < n && done < k; j++) done += add_earlier_period(g, &g->aPlan[a[j]]);

  /* About 1% are in unregistered provision (5.16), at least three in a
  ** council-sized demo and at least one of them under 16 (the exception
  ** that SPEC §4 reports). */
  int least = g->n >= 100 ? 3 : 0;
  int total = share_of(nInCare, 0.01, least);
  int under = total ? (total + 3) / 4 : 0;
  for (int pass = 0; pass < 2; pass++) {
    n = 0;
    for (int i = 0; i < g->n; i++) {
      Plan *p = &g->aPlan[i];
      if (!p->inCare || p->newly || p->group >= 0) continue;
      int age = date_age(p->dob, g->asOf);
      if (pass == 0 ? (age >= 13 && age < 16) : (age >= 16)) a[n++] = i;
    }
    k = pass == 0 ? under : total - under;
    rng_choose(r, a, n, n);
    for (int j = 0, done = 0; j < n && done < k; j++) done += make_unregistered(g, &g->aPlan[a[j]]);
  }

  /* A few sibling groups in care have been split across IROs: mark the
  ** last child of each; the allocation pass gives it another IRO. */
  n = 0;
  for (int i = 0; i < g->n; i++) {
    Plan *p = &g->aPlan[i];
    if (p->leader < 0 && p->group >= 0 && p->inCare) a[n++] = i;
  }
  k = share_of(n, 0.07, g->n >= 50 && n ? 1 : 0);
  rng_choose(r, a, n, k);
  for (int j = 0; j < k && j < n; j++) {
    int i = a[j];
    while (i + 1 < g->n && g->aPlan[i + 1].leader == a[j]) i++;
    if (i != a[j]) g->aPlan[i].splitOff = 1;
  }
  free(a);
}

/* ---- IROs and allocation ---------------------------------------------------- */

/* Build the service's IROs: about one per 50 children (8-10 for a council
** of 450; one per 55 at scale), most full time, one or two doing Regulation
** 44 visits, and a few former IROs who hold only past allocations. Each is
** linked to one or two localities. Names never collide with IROs already
** in the database. */
static void setup_iros(Gen *g) {
  Rng *r = &g->rng;
  int nActive = (int)(g->n / (g->n <= 2000 ? 50.0 : 55.0) + 0.5);
  if (nActive < 8) nActive = 8;
  int nFormer = nActive / 10 > 1 ? nActive / 10 : 1;
  g->nActive = nActive;
  g->nIro = nActive + nFormer;
  g->aIro = xcalloc((size_t)g->nIro, sizeof *g->aIro);
  /* Per ten IROs: 8.6 FTE, as the report's team (3.1). */
  static const double aFte[10] = {1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8, 0.8, 0.6, 0.6};
  int offF = rng_range(r, 0, COUNT(azIroFirst) - 1), offL = rng_range(r, 0, COUNT(azIroLast) - 1);
  int offFte = rng_range(r, 0, 9), offLoc = rng_range(r, 0, N_LOC - 1);
  Stmt *sExists = db_prepare(g->db, "SELECT count(*) FROM iro WHERE name = ?");
  int iName = 0;
  for (int i = 0; i < g->nIro; i++) {
    GIro *o = &g->aIro[i];
    for (;; iName++) {
      int nF = COUNT(azIroFirst), nL = COUNT(azIroLast), per = nF * nL;
      int j = iName % per, k = iName / per;
      const char *zF = azIroFirst[(j + offF) % nF];
      const char *zL = azIroLast[(j + j / nF + offL) % nL];
      if (k == 0) snprintf(o->zName, sizeof o->zName, "%s %s", zF, zL);
      else if (k <= 26) snprintf(o->zName, sizeof o->zName, "%s %c. %s", zF, 'A' + k - 1, zL);
      else snprintf(o->zName, sizeof o->zName, "%s %s %d", zF, zL, k);
      db_bind_text(sExists, 1, o->zName);
      int taken = db_step(sExists) == DB_ROW && db_col_int(sExists, 0) > 0;
      db_reset(sExists);
      if (!taken) break;
    }
    /* An address at a reserved example domain: never a real mailbox. */
    size_t m = 0;
    for (const char *z = o->zName; *z && m + 40 < sizeof o->zEmail; z++) {
      if (*z == ' ' && m && o->zEmail[m - 1] != '.') o->zEmail[m++] = '.';
      else if ((*z >= 'a' && *z <= 'z') || (*z >= '0' && *z <= '9')) o->zEmail[m++] = *z;
      else if (*z >= 'A' && *z <= 'Z') o->zEmail[m++] = (char)(*z - 'A' + 'a');
    }
    snprintf(o->zEmail + m, sizeof o->zEmail - m, "@council.example");
    iName++;
    int slot = (i + offFte) % 10;
    o->fte = aFte[slot];
    o->active = i < nActive;
    o->leftOn = DATE_NONE;
    if (o->active && (slot == 0 || slot == 4) && (i < 10 || i % 6 == 1)) {
      o->otherDuties = 14;   /* Regulation 44 visiting: the report's ~46 caseload */
    }
    if (!o->active) {
      o->fte = 1.0;
      o->leftOn = on_or_before(g->asOf - rng_range(r, 60, 540));
    }
    o->loc[0] = (i + offLoc) % N_LOC;
    o->nLoc = 1;
    if (rng_chance(r, 0.4)) {
      o->loc[1] = (o->loc[0] + rng_range(r, 1, N_LOC - 1)) % N_LOC;
      o->nLoc = 2;
    }
    o->cap = g->R.caseload * o->fte - o->otherDuties;
  }
  db_finalize(sExists);
  for (int l = 0; l < N_LOC; l++) {
    g->aLocIro[l] = xmalloc((size_t)nActive * sizeof(int));
    g->nLocIro[l] = 0;
  }
  for (int i = 0; i < nActive; i++) {
    for (int k = 0; k < g->aIro[i].nLoc; k++) {
      int l = g->aIro[i].loc[k];
      g->aLocIro[l][g->nLocIro[l]++] = i;
    }
  }
}

static double spare(const GIro *o) { return o->cap - o->load; }

/* The active IRO to take a child in care now (SPEC §2's suggestion): the
** most spare capacity, preferring an IRO linked to the child's locality
** unless another has clearly more room. A large service samples a few
** candidates instead of scanning all (the "power of choices" keeps loads
** level just the same). Never `exclude`. */
static int pick_iro_now(Gen *g, int loc, int exclude) {
  Rng *r = &g->rng;
  int best = -1, bestLoc = -1;
  double s = 0, sLoc = 0;
  int scan = g->nActive <= 64;
  int nTry = scan ? g->nActive : 12;
  for (int t = 0; t < nTry; t++) {
    int i = scan ? t : rng_range(r, 0, g->nActive - 1);
    if (i == exclude) continue;
    double v = spare(&g->aIro[i]) + rng_unit(r);
    if (best < 0 || v > s) {
      best = i;
      s = v;
    }
  }
  int nl = g->nLocIro[loc];
  nTry = nl <= 64 ? nl : 12;
  for (int t = 0; t < nTry; t++) {
    int i = g->aLocIro[loc][nl <= 64 ? t : rng_range(r, 0, nl - 1)];
    if (i == exclude) continue;
    double v = spare(&g->aIro[i]) + rng_unit(r);
    if (bestLoc < 0 || v > sLoc) {
      bestLoc = i;
      sLoc = v;
    }
  }
  if (bestLoc >= 0 && sLoc >= s - 6) return bestLoc;
  return best >= 0 ? best : 0;
}

/* An active IRO for a past period: usually one linked to the locality. */
static int pick_iro_past(Gen *g, int loc, int exclude) {
  Rng *r = &g->rng;
  for (int t = 0; t < 8; t++) {
    int i = (g->nLocIro[loc] && rng_chance(r, 0.75))
              ? g->aLocIro[loc][rng_range(r, 0, g->nLocIro[loc] - 1)]
              : rng_range(r, 0, g->nActive - 1);
    if (i != exclude) return i;
  }
  return exclude == 0 && g->nActive > 1 ? 1 : 0;
}

/* A former IRO who left on a day in [lo, hi], or -1. */
static int former_leaving_between(Gen *g, Date lo, Date hi) {
  Rng *r = &g->rng;
  int nFormer = g->nIro - g->nActive;
  for (int t = 0; t < 4 && nFormer > 0; t++) {
    int i = g->nActive + rng_range(r, 0, nFormer - 1);
    if (g->aIro[i].leftOn >= lo && g->aIro[i].leftOn <= hi) return i;
  }
  return -1;
}

/* The day the IRO was allocated: 95% within the iro_allocation rule of
** notification, usually the same day (6.6). */
static Date allocation_day(Gen *g, Date notified) {
  Rng *r = &g->rng;
  Date due = rule_due(g->R.alloc, notified);
  if (rng_chance(r, 0.95)) {
    if (rng_chance(r, 0.6) || due <= notified) return notified;
    return min_date(on_or_before(rng_range(r, notified + 1, due)), due);
  }
  return cal_add_working_days(due, rng_range(r, 1, 4));
}

/* Decide period pe's allocation history, ending with IRO fin: for about
** one child in ten an earlier IRO handed over (the reasons stability is
** reported by), and some leavers were with IROs who have since left. */
static void plan_allocation(Gen *g, Plan *p, PPer *pe, int fin, int current) {
  Rng *r = &g->rng;
  pe->iro1 = fin;
  pe->iro2 = -1;
  pe->changeOn = DATE_NONE;
  pe->zChange = NULL;
  Date lim = pe->end != DATE_NONE ? pe->end : g->asOf;
  Date lo = pe->allocOn + 1 + (lim - pe->allocOn) / 8, hi = lim - 1;
  int canChange = lo <= hi;
  int sibling = p->leader >= 0 && !p->splitOff;
  if (canChange && rng_chance(r, sibling ? 0.12 : 0.10)) {
    int old = -1;
    Date on = DATE_NONE;
    const char *zWhy = NULL;
    int f = former_leaving_between(g, lo, hi);
    if (f >= 0 && !sibling && rng_chance(r, 0.5)) {
      old = f;
      on = g->aIro[f].leftOn;
      zWhy = "IRO left the service";
    } else {
      old = pick_iro_past(g, p->locality, fin);
      on = on_or_before(rng_range(r, lo, hi));
      if (on < lo) on = lo;
      zWhy = sibling ? "Sibling group brought together" : pick_any(r, azChangeReason);
    }
    if (old != fin) {
      pe->iro1 = old;
      pe->iro2 = fin;
      pe->changeOn = on;
      pe->zChange = zWhy;
    }
  } else if (!current && rng_chance(r, 0.12)) {
    /* A past period wholly with someone who has since left. */
    int nFormer = g->nIro - g->nActive;
    int f = g->nActive + rng_range(r, 0, nFormer - 1);
    if (g->aIro[f].leftOn >= lim) pe->iro1 = f;
  }
}

/* Allocate every period, in child order so caseloads fill evenly. Siblings
** take their group's IRO, except the split-off ones. */
static void allocate_all(Gen *g) {
  for (int i = 0; i < g->n; i++) {
    Plan *p = &g->aPlan[i];
    for (int k = 0; k < p->nPer; k++) {
      PPer *pe = &p->per[k];
      int current = p->inCare && k == p->nPer - 1;
      pe->iro1 = pe->iro2 = -1;
      pe->allocOn = pe->changeOn = DATE_NONE;
      if (current && p->newly) continue;
      const Plan *lead = p->leader >= 0 ? &g->aPlan[p->leader] : NULL;
      const PPer *lp = lead ? &lead->per[lead->nPer - 1] : NULL;
      pe->allocOn = (lp && lp->allocOn != DATE_NONE) ? lp->allocOn
                                                     : allocation_day(g, pe->notified);
      if (pe->end != DATE_NONE && pe->allocOn >= pe->end) pe->allocOn = pe->notified;
      if (pe->allocOn > g->asOf) {
        pe->allocOn = DATE_NONE;   /* still waiting: shows as an allocation deadline */
        continue;
      }
      int fin;
      if (current) {
        int leadIro = -1;
        if (lp && lp->iro1 >= 0) leadIro = lp->iro2 >= 0 ? lp->iro2 : lp->iro1;
        if (leadIro >= 0 && !p->splitOff) fin = leadIro;
        else fin = pick_iro_now(g, p->locality, p->splitOff ? leadIro : -1);
        g->aIro[fin].load++;
      } else if (lp && lp->iro1 >= 0) {
        fin = lp->iro2 >= 0 ? lp->iro2 : lp->iro1;
      } else {
        fin = pick_iro_past(g, p->locality, -1);
      }
      plan_allocation(g, p, pe, fin, current);
    }
  }
}

/* The IRO allocated in period pe on day d. */
static int iro_on(const PPer *pe, Date d) {
  return (pe->iro2 >= 0 && d >= pe->changeOn) ? pe->iro2 : pe->iro1;
}

/* ---- Reviews ----------------------------------------------------------------- */

/* When review number k (0 first) of period pe falls due, the last having
** been held on `last`: the schedule of SPEC §3, brought forward while the
** child is in unregistered provision (§4), exactly as reviews.c computes
** it (its due dates are checked against ours). */
static Date next_due(Gen *g, const Plan *p, const PPer *pe, int k, Date last) {
  Date due = k == 0 ? rule_due(g->R.first, pe->start)
                    : rule_due(k == 1 ? g->R.second : g->R.later, last);
  for (int i = pe->iEp; i < pe->iEp + pe->nEp; i++) {
    const PEp *e = &p->ep[i];
    if (e->reg != REG_UNREG) continue;
    if (e->end != DATE_NONE && k > 0 && e->end <= last) continue;
    Date cand = (k == 0 || e->start > last) ? rule_due(g->R.unregFirst, e->start)
                                           : rule_due(g->R.unreg, last);
    if (e->end == DATE_NONE || cand <= e->end) due = min_date(due, cand);
  }
  return due;
}

/* The episode of period pe open on day d. */
static const PEp *episode_on(const Plan *p, const PPer *pe, Date d) {
  const PEp *e = &p->ep[pe->iEp];
  for (int i = pe->iEp; i < pe->iEp + pe->nEp; i++) {
    if (p->ep[i].start <= d) e = &p->ep[i];
  }
  return e;
}

/* The day review k of a period is held, given its due date: on time or a
** few days early (the usual case), early after a change of placement, or
** late (REVIEW_LATE). Always after the last one, and for the first review,
** after the IRO was allocated. *pPlanned gets the date it was first set
** for when it was moved. */
static Date pick_held(Rng *r, const Plan *p, const PPer *pe, int k, Date due, Date last,
                      Date *pPlanned) {
  Date floor = k == 0 ? max_date(pe->start + (due - pe->start) / 3, pe->allocOn)
                      : last + (due - last) / 4;
  Date held, planned = DATE_NONE;
  double u = rng_unit(r);
  if (u < REVIEW_LATE) {
    held = on_or_after(due + rng_range(r, 1, 20));
    if (rng_chance(r, 0.5)) planned = on_or_before(due - rng_range(r, 0, 7));
  } else if (k > 0 && u < REVIEW_LATE + REVIEW_EARLY) {
    Date moved = DATE_NONE;
    for (int i = pe->iEp; i < pe->iEp + pe->nEp; i++) {
      const PEp *e = &p->ep[i];
      if (e->rne == 'P' && e->start > last && e->start < due) moved = e->start;
    }
    if (moved != DATE_NONE) held = on_or_after(moved + rng_range(r, 5, 20));
    else held = on_or_before(due - rng_range(r, (due - last) / 6, (due - last) / 3));
    if (held > due) held = on_or_before(due);
  } else {
    held = on_or_before(due - rng_range(r, 0, 10));
    if (rng_chance(r, 0.04)) planned = on_or_before(held - rng_range(r, 3, 14));
  }
  if (held < floor) held = on_or_after(floor);
  if (k > 0 && held <= last) held = on_or_after(last + 1);
  if (planned != DATE_NONE && ((k > 0 && planned <= last) || planned == held)) planned = DATE_NONE;
  *pPlanned = planned;
  return held;
}

/* A date work due on `due` (counted from `from`) was done: mostly on time,
** a share `late` after it; DATE_NONE if that is after asOf (not yet). */
static Date issued_on(Gen *g, Rng *r, Date from, Date due, double late, int lateDays) {
  Date d;
  if (rng_chance(r, late)) {
    d = on_or_after(due + rng_range(r, 1, lateDays));
  } else {
    d = on_or_before(rng_range(r, from, max_date(from, due)));
    if (d < from) d = on_or_after(from);
  }
  return d > g->asOf ? DATE_NONE : d;
}

/* Keep what a previous review found in place (a document once obtained
** stays obtained), else draw it with chance p; -1 when not applicable. */
static signed char sticky(Rng *r, int applies, signed char before, double p) {
  if (!applies) return -1;
  if (before == 1 && rng_chance(r, 0.97)) return 1;
  return (signed char)rng_chance(r, p);
}

/* Fill one review's record: participation by age (PN0 under the rule's
** age, required), the practice-standard checks only where the child's age
** makes them apply (NULL otherwise). prev is the child's review before, or
** NULL. */
static void review_fields(Gen *g, Rng *r, const Plan *p, const PPer *pe, int k,
                          const SimRv *prev, SimRv *v) {
  static const SimRv none = {.perm = -1, .indep = -1, .pathway = -1, .adviser = -1, .ni = -1,
                             .passport = -1, .bank = -1, .cert = -1};
  if (!prev || k == 0) prev = &none;
  Date held = v->held;
  double pVirtual = held < g->virtualFrom ? 0.05 : held < g->virtualUntil ? 0.60 : 0.35;
  v->mode = rng_chance(r, pVirtual) ? 'v' : 'p';
  int age = date_age(p->dob, held);
  v->chaired = (signed char)(age >= CHAIR_MIN_AGE && rng_chance(r, 0.05));
  if (!age_reached(g->R.pn0, p->dob, held)) {
    v->pn = 0;
    v->advocate = 0;
  } else {
    static const unsigned char aW[8] = {0, 50, 8, 6, 7, 8, 12, 9};   /* PN1..PN7 */
    int x = rng_range(r, 0, 99), c = 1;
    while (c < 7 && (x -= aW[c]) >= 0) c++;
    v->pn = (unsigned char)c;
    /* PN2 and PN5 mean an advocate spoke; others had one too (7.11: 18%). */
    v->advocate = (signed char)(c == 2 || c == 5 || rng_chance(r, 0.06));
  }
  v->saw = (signed char)rng_chance(r, 0.85);
  v->perm = sticky(r, 1, prev->perm, k == 0 ? 0.45 : 0.93);
  v->zPermType = NULL;
  if (v->perm) {
    const PEp *e = episode_on(p, pe, held);
    if (e->legal == C_E1) v->zPermType = "adoption";
    else if (prev->zPermType && rng_chance(r, 0.9)) v->zPermType = prev->zPermType;
    else if (e->placement == C_K2 && rng_chance(r, 0.6)) v->zPermType = "residential";
    else if (age < 6) v->zPermType = pick_str(r, aPermYoung);
    else if (age < 12) v->zPermType = pick_str(r, aPermMiddle);
    else v->zPermType = pick_str(r, aPermOlder);
  }
  v->indep = (signed char)(age_reached(g->R.independence, p->dob, held) ? rng_chance(r, 0.9) : -1);
  /* Practice is to have the plan and the documents in place by the
  ** birthday, so reviews in the half-year before it record them. */
  int adult = held >= date_add_months(rule_age_date(g->R.pathway, p->dob), -6);
  v->pathway = sticky(r, adult, prev->pathway, 0.92);
  v->adviser = sticky(r, adult, prev->adviser, 0.92);
  int docs = held >= date_add_months(rule_age_date(g->R.documents, p->dob), -6);
  v->ni = sticky(r, docs, prev->ni, 0.95);
  v->passport = sticky(r, docs, prev->passport, 0.80);
  v->bank = sticky(r, docs, prev->bank, 0.90);
  v->cert = sticky(r, docs, prev->cert, 0.95);
  int eight = age_reached(g->R.advocacy, p->dob, held);
  v->advocacy = (signed char)(eight ? rng_chance(r, 0.90) : -1);
  v->visitor = (signed char)(eight ? rng_chance(r, 0.80) : -1);
  v->recs = issued_on(g, r, held, rule_due(g->R.recs, held), 0.10, 15);
  Date mDue = rule_due(g->R.minutes, held);
  v->minutes = issued_on(g, r, held + (mDue - held) / 3, mDue, 0.15, 30);
  if (v->minutes != DATE_NONE && v->recs != DATE_NONE && v->minutes < v->recs) v->minutes = v->recs;
}

/* Simulate child idx's reviews, every period, from its own random stream
** (so the same call gives the same answer). Reviews are held only while
** in care and on or before asOf. Returns how many, in g->aRv. */
static int sim_reviews(Gen *g, const Plan *p, int idx) {
  Rng r = rng_stream(g->seed, (uint64_t)idx, 1);
  int n = 0;
  for (int pi = 0; pi < p->nPer; pi++) {
    const PPer *pe = &p->per[pi];
    if (pe->allocOn == DATE_NONE) continue;
    Date endLim = pe->end != DATE_NONE ? pe->end : g->asOf + 1;   /* held before this */
    Date last = DATE_NONE;
    /* Bounded, in case an administrator's rules make reviews daily (a
    ** rule of zero: pick_held still moves each review a day on). */
    for (int k = 0; k < 400; k++) {
      Date due = next_due(g, p, pe, k, last), planned;
      Date held = pick_held(&r, p, pe, k, due, last, &planned);
      if (held >= endLim) break;
      if (n == g->capRv) {
        g->capRv = g->capRv ? 2 * g->capRv : 64;
        g->aRv = xrealloc(g->aRv, (size_t)g->capRv * sizeof *g->aRv);
      }
      SimRv *v = &g->aRv[n++];
      memset(v, 0, sizeof *v);
      v->held = held;
      v->due = due;
      v->planned = planned;
      v->per = pi;
      v->iro = iro_on(pe, held);
      review_fields(g, &r, p, pe, k, n > 1 ? v - 1 : NULL, v);
      last = held;
    }
  }
  return n;
}

/* Choose the children in care who are now overdue for a review (about 2%
** beside those a late review leaves overdue anyway): among those whose
** latest review was due a few days to weeks ago, that review is not held. */
static void choose_overdue(Gen *g) {
  int *a = xmalloc((size_t)(g->n ? g->n : 1) * sizeof *a);
  int n = 0, nInCare = 0;
  for (int i = 0; i < g->n; i++) {
    Plan *p = &g->aPlan[i];
    nInCare += p->inCare;
    if (!p->inCare || p->newly || p->unreg) continue;
    int nr = sim_reviews(g, p, i);
    if (nr == 0 || g->aRv[nr - 1].per != p->nPer - 1) continue;
    Date due = g->aRv[nr - 1].due;
    if (due <= g->asOf - 3 && due >= g->asOf - 56) a[n++] = i;
  }
  int k = share_of(nInCare, 0.02, g->n >= 50 ? 1 : 0);
  rng_choose(&g->rng, a, n, k);
  for (int j = 0; j < k && j < n; j++) g->aPlan[a[j]].overdue = 1;
  free(a);
}

/* ---- Writing ------------------------------------------------------------------ */

/* Rows are written in multi-row INSERTs (plain SQL, PostgreSQL too): SQLite
** rebuilds the lookup table behind each CHECK (x IN (...)) list once per
** statement run, so one row per statement made the demo several times
** slower. A Batch buffers the values of up to BATCH_ROWS rows of one table.
** Tables are written one after another (children first, as the others
** refer to them), so a batch is only ever flushed full, or once at the
** end: two prepared statements per table. */
#define BATCH_ROWS 200

/* Run a prepared insert and make it ready for the next row; on failure
** remember which table, for the message. */
static int step(Gen *g, Stmt *s, const char *zTable) {
  int rc = db_step(s);
  db_reset(s);
  if (rc == DB_ERROR) {
    g->zFailTable = zTable;
    return -1;
  }
  return 0;
}

/* One bound value. Text is referenced (it must live until the flush),
** or, for short text built on the stack, copied into s. */
typedef struct Val {
  unsigned char t;             /* 0 NULL, 1 integer, 2 real, 3 text, 4 date */
  int64_t i;
  double d;
  const char *z;
  char s[16];
} Val;

struct Batch {
  const char *zTable, *zHead;  /* zHead: "INSERT INTO t(cols) VALUES" */
  int nCol, nRow, nVal;
  Val a[BATCH_ROWS * 24];      /* 24: the widest table (review) */
  Stmt *pFull, *pRest;        /* for BATCH_ROWS rows, and for the last few */
};

static const struct { const char *zTable, *zCols; int nCol; } aBatchDef[N_BATCH] = {
  [B_CHILD] = {"child", "id, child_ref, given_name, family_name, dob, sex, ethnicity,"
               " disability, sen, uasc, locality_id, sibling_group_id", 12},
  [B_NOTIF] = {"care_notification", "id, child_id, notified_on, note", 4},
  [B_EPISODE] = {"episode", "id, child_id, start_date, rne, legal_status, cin, placement,"
                 " provider, provider_name, registration, home_postcode, placement_postcode,"
                 " placement_locality_id, in_area, distance_miles, urn, end_date, end_reason,"
                 " reason_place_change", 19},
  [B_ALLOC] = {"allocation", "id, child_id, iro_id, start_date, end_date, reason", 6},
  [B_REVIEW] = {"review", "id, child_id, held_on, due_on, planned_on, iro_id, mode,"
                " child_chaired, participation, advocate, iro_saw_child, recommendations_on,"
                " minutes_on, permanence_plan, permanence_type, independence_discussed,"
                " pathway_plan, personal_adviser, ni_number, passport, bank_account,"
                " birth_certificate, advocacy_discussed, independent_visitor_discussed", 24},
  [B_CONTACT] = {"contact", "id, child_id, iro_id, contact_on, kind, with_whom, note", 7},
};

static Batch *batch_new(int k) {
  Batch *b = xcalloc(1, sizeof *b);
  b->zTable = aBatchDef[k].zTable;
  b->zHead = xmprintf("INSERT INTO %s(%s) VALUES", aBatchDef[k].zTable, aBatchDef[k].zCols);
  b->nCol = aBatchDef[k].nCol;
  return b;
}

static void batch_free(Batch *b) {
  if (!b) return;
  db_finalize(b->pFull);
  db_finalize(b->pRest);
  free((char *)b->zHead);
  free(b);
}

/* Write b's buffered rows in one statement; -1 (g->zFailTable set) on
** failure. */
static int batch_flush(Gen *g, Batch *b) {
  if (b->nRow == 0) return 0;
  Stmt **ps = b->nRow == BATCH_ROWS ? &b->pFull : &b->pRest;
  Stmt *s = *ps;
  if (!s) {
    Buf sql = {0};
    buf_puts(&sql, b->zHead);
    for (int r = 0; r < b->nRow; r++) {
      buf_puts(&sql, r ? ", (" : " (");
      for (int c = 0; c < b->nCol; c++) buf_puts(&sql, c ? ", ?" : "?");
      buf_putc(&sql, ')');
    }
    s = *ps = db_prepare(g->db, sql.z);
    buf_free(&sql);
  }
  for (int i = 0; i < b->nVal; i++) {
    const Val *v = &b->a[i];
    switch (v->t) {
      case 1: db_bind_int(s, i + 1, v->i); break;
      case 2: db_bind_double(s, i + 1, v->d); break;
      case 3: db_bind_text(s, i + 1, v->z ? v->z : v->s); break;
      case 4: db_bind_date(s, i + 1, (Date)v->i); break;
      default: db_bind_null(s, i + 1); break;
    }
  }
  b->nRow = b->nVal = 0;
  return step(g, s, b->zTable);
}

static int flush_all(Gen *g) {
  for (int k = 0; k < N_BATCH; k++) {
    if (batch_flush(g, g->aBatch[k])) return -1;
  }
  return 0;
}

/* Start a row of table k, flushing its batch first if it is full. */
static Batch *row_begin(Gen *g, int k, int *pRc) {
  Batch *b = g->aBatch[k];
  if (b->nRow == BATCH_ROWS && batch_flush(g, b)) *pRc = -1;
  b->nRow++;
  return b;
}

static Val *val(Batch *b) {
  Val *v = &b->a[b->nVal++];
  v->z = NULL;
  return v;
}
static void v_null(Batch *b) { val(b)->t = 0; }
static void v_int(Batch *b, int64_t x) {
  Val *v = val(b);
  v->t = 1;
  v->i = x;
}
static void v_real(Batch *b, double x) {
  Val *v = val(b);
  v->t = 2;
  v->d = x;
}
/* Text that lives until the flush (static, or owned by the plan). */
static void v_text(Batch *b, const char *z) {
  if (!z) {
    v_null(b);
    return;
  }
  Val *v = val(b);
  v->t = 3;
  v->z = z;
}
/* Short text from the stack, copied. */
static void v_copy(Batch *b, const char *z) {
  Val *v = val(b);
  v->t = 3;
  snprintf(v->s, sizeof v->s, "%s", z);
}
static void v_date(Batch *b, Date d) {
  if (d == DATE_NONE) {
    v_null(b);
    return;
  }
  Val *v = val(b);
  v->t = 4;
  v->i = d;
}
static void v_bool3(Batch *b, int x) {
  if (x < 0) v_null(b);
  else v_int(b, x ? 1 : 0);
}
static void v_code(Batch *b, int c) { v_text(b, azCode[c]); }

static int64_t max_id(Db *db, const char *zSql) { return db_int(db, 0, zSql, ""); }

/* Localities, IROs and their links, one row at a time (there are few).
** Ids follow whatever is there already (the child table is empty, but an
** administrator may have set up localities or IROs first); a locality of
** the same name is reused. */
static int write_setup(Gen *g) {
  Db *db = g->db;
  int64_t nextLoc = max_id(db, "SELECT COALESCE(max(id), 0) FROM locality") + 1;
  g->baseIro = max_id(db, "SELECT COALESCE(max(id), 0) FROM iro");
  g->baseGroup = max_id(db, "SELECT COALESCE(max(id), 0) FROM sibling_group");
  g->baseChild = max_id(db, "SELECT COALESCE(max(id), 0) FROM child");
  g->nextNotif = max_id(db, "SELECT COALESCE(max(id), 0) FROM care_notification") + 1;
  g->nextEp = max_id(db, "SELECT COALESCE(max(id), 0) FROM episode") + 1;
  g->nextAlloc = max_id(db, "SELECT COALESCE(max(id), 0) FROM allocation") + 1;
  g->nextRv = max_id(db, "SELECT COALESCE(max(id), 0) FROM review") + 1;
  g->nextCt = max_id(db, "SELECT COALESCE(max(id), 0) FROM contact") + 1;
  Stmt *sFind = db_prepare(db, "SELECT id FROM locality WHERE name = ?");
  Stmt *sLoc = db_prepare(db, "INSERT INTO locality(id, name) VALUES(?, ?)");
  Stmt *sIro = db_prepare(db, "INSERT INTO iro(id, name, email, fte, other_duties, active)"
                              " VALUES(?, ?, ?, ?, ?, ?)");
  Stmt *sLink = db_prepare(db, "INSERT INTO iro_locality(iro_id, locality_id) VALUES(?, ?)");
  int rc = 0;
  for (int l = 0; rc == 0 && l < N_LOC; l++) {
    db_bind_text(sFind, 1, aLoc[l].zName);
    int64_t id = db_step(sFind) == DB_ROW ? db_col_int(sFind, 0) : 0;
    db_reset(sFind);
    if (!id) {
      id = nextLoc++;
      db_bind_int(sLoc, 1, id);
      db_bind_text(sLoc, 2, aLoc[l].zName);
      rc = step(g, sLoc, "locality");
    }
    g->idLoc[l] = id;
  }
  for (int i = 0; rc == 0 && i < g->nIro; i++) {
    const GIro *o = &g->aIro[i];
    db_bind_int(sIro, 1, g->baseIro + i + 1);
    db_bind_text(sIro, 2, o->zName);
    db_bind_text(sIro, 3, o->zEmail);
    db_bind_double(sIro, 4, o->fte);
    db_bind_int(sIro, 5, o->otherDuties);
    db_bind_int(sIro, 6, o->active);
    rc = step(g, sIro, "iro");
    for (int k = 0; rc == 0 && k < o->nLoc; k++) {
      db_bind_int(sLink, 1, g->baseIro + i + 1);
      db_bind_int(sLink, 2, g->idLoc[o->loc[k]]);
      rc = step(g, sLink, "iro_locality");
    }
  }
  db_finalize(sFind);
  db_finalize(sLoc);
  db_finalize(sIro);
  db_finalize(sLink);
  g->sum.nIros = g->nIro;
  return rc;
}

static int64_t iro_id(const Gen *g, int i) { return g->baseIro + i + 1; }

static int write_episode(Gen *g, int64_t childId, const Plan *p, const PPer *pe, const PEp *e) {
  int rc = 0;
  Batch *b = row_begin(g, B_EPISODE, &rc);
  const char *zName = NULL;
  switch (e->placement) {
    case C_K1: case C_K2:
      zName = e->reg == REG_UNREG ? azUnregistered[e->nameIdx % COUNT(azUnregistered)]
                                  : azHome[e->nameIdx % COUNT(azHome)];
      break;
    case C_Z14: zName = azUnregistered[e->nameIdx % COUNT(azUnregistered)]; break;
    case C_H5: case C_K3: zName = azSupported[e->nameIdx % COUNT(azSupported)]; break;
    case C_R1: case C_S1: zName = azSchool[e->nameIdx % COUNT(azSchool)]; break;
    default: break;
  }
  char zRne[2] = {(char)e->rne, 0}, zUrn[16];
  snprintf(zUrn, sizeof zUrn, "SC%06u", e->urn);
  v_int(b, g->nextEp++);
  v_int(b, childId);
  v_date(b, e->start);
  v_copy(b, zRne);
  v_code(b, e->legal);
  v_code(b, pe->cin);
  v_code(b, e->placement);
  v_code(b, e->provider);
  v_text(b, zName);
  v_text(b, azReg[e->reg]);
  v_text(b, p->zHome);
  v_text(b, e->zPostcode);
  if (e->loc >= 0) v_int(b, g->idLoc[(int)e->loc]);
  else v_null(b);
  v_int(b, e->loc >= 0);
  v_real(b, e->tenthMiles / 10.0);
  if (e->urn) v_copy(b, zUrn);
  else v_null(b);
  v_date(b, e->end);
  v_code(b, e->endReason);
  v_code(b, e->rpc);
  g->sum.nEpisodes++;
  return rc;
}

static int write_allocation(Gen *g, int64_t childId, int iro, Date from, Date to,
                            const char *zReason) {
  int rc = 0;
  Batch *b = row_begin(g, B_ALLOC, &rc);
  v_int(b, g->nextAlloc++);
  v_int(b, childId);
  v_int(b, iro_id(g, iro));
  v_date(b, from);
  v_date(b, to);
  v_text(b, zReason);
  g->sum.nAllocations++;
  return rc;
}

static int write_review(Gen *g, int64_t childId, const SimRv *v) {
  int rc = 0;
  Batch *b = row_begin(g, B_REVIEW, &rc);
  char zPn[4] = {'P', 'N', (char)('0' + v->pn), 0};
  v_int(b, g->nextRv++);
  v_int(b, childId);
  v_date(b, v->held);
  v_date(b, v->due);
  v_date(b, v->planned);
  v_int(b, iro_id(g, v->iro));
  v_text(b, v->mode == 'v' ? "virtual" : "in-person");
  v_bool3(b, v->chaired);
  v_copy(b, zPn);
  v_bool3(b, v->advocate);
  v_bool3(b, v->saw);
  v_date(b, v->recs);
  v_date(b, v->minutes);
  v_bool3(b, v->perm);
  v_text(b, v->zPermType);
  v_bool3(b, v->indep);
  v_bool3(b, v->pathway);
  v_bool3(b, v->adviser);
  v_bool3(b, v->ni);
  v_bool3(b, v->passport);
  v_bool3(b, v->bank);
  v_bool3(b, v->cert);
  v_bool3(b, v->advocacy);
  v_bool3(b, v->visitor);
  g->sum.nReviews++;
  return rc;
}

/* One IRO contact on day d of period pe, if d is inside it and allocated. */
static int write_contact(Gen *g, Rng *r, int64_t childId, const PPer *pe, Date d, Date lim,
                         const char *zKind, const char *zNote) {
  if (d < pe->allocOn || d > lim || d < pe->start - 5) return 0;
  int rc = 0;
  Batch *b = row_begin(g, B_CONTACT, &rc);
  v_int(b, g->nextCt++);
  v_int(b, childId);
  v_int(b, iro_id(g, iro_on(pe, d)));
  v_date(b, d);
  v_text(b, zKind ? zKind : pick_str(r, aContactKind));
  v_text(b, rng_chance(r, 0.8) ? "child" : "social-worker");
  v_text(b, zNote);
  g->sum.nContacts++;
  return rc;
}

/* Contacts between reviews (SPEC §3, report 9.4): about 85% of the time
** one near each midpoint and one a few days before each review, including
** the next review not yet held; and the visit a child in unregistered
** provision must have (rule unreg_iro_visit). */
static int write_contacts(Gen *g, const Plan *p, int idx, int64_t childId, const SimRv *rv,
                          int nRv) {
  Rng r = rng_stream(g->seed, (uint64_t)idx, 2);
  int j = 0;
  for (int pi = 0; pi < p->nPer; pi++) {
    const PPer *pe = &p->per[pi];
    if (pe->allocOn == DATE_NONE) continue;
    Date lim = pe->end != DATE_NONE ? pe->end - 1 : g->asOf;
    Date prev = pe->allocOn;
    int k = 0;
    for (;; k++) {
      int have = j < nRv && rv[j].per == pi;
      Date target = have ? rv[j].held : next_due(g, p, pe, k, k ? prev : DATE_NONE);
      if (k > 0 && rng_chance(&r, 0.85)) {
        /* Mostly by the midpoint, some a little after it. */
        Date mid = on_or_before(prev + (target - prev) / 2 - rng_range(&r, -4, 14));
        if (mid > prev && mid < target &&
            write_contact(g, &r, childId, pe, mid, lim, NULL, "Midpoint contact")) {
          return -1;
        }
      }
      if (rng_chance(&r, 0.85)) {
        Date before = on_or_before(target - rng_range(&r, 1, 10));
        if (before > prev &&
            write_contact(g, &r, childId, pe, before, lim, NULL, "Before the review")) {
          return -1;
        }
      }
      if (!have) break;
      prev = rv[j].held;
      j++;
    }
    for (int i = pe->iEp; i < pe->iEp + pe->nEp; i++) {
      const PEp *e = &p->ep[i];
      if (e->reg != REG_UNREG || !rng_chance(&r, 0.9)) continue;
      Date due = rule_due(g->R.unregVisit, e->start);
      Date d = on_or_before(rng_range(&r, e->start + 1, max_date(e->start + 1, due)));
      if (d <= e->start) d = on_or_after(e->start + 1);
      if (write_contact(g, &r, childId, pe, d, lim, "visit",
                        "Visit after placement in unregistered provision")) {
        return -1;
      }
    }
  }
  return 0;
}

/* Write child idx's own row (and its sibling group's, with the first of
** the group). */
static int write_child(Gen *g, int idx) {
  const Plan *p = &g->aPlan[idx];
  int64_t id = g->baseChild + idx + 1;
  int rc = 0;
  if (p->group >= 0 && p->leader < 0) {
    char *zName = xmprintf("%s siblings", p->zFamily);
    db_bind_int(g->sGroup, 1, g->baseGroup + p->group + 1);
    db_bind_text(g->sGroup, 2, zName);
    rc = step(g, g->sGroup, "sibling_group");
    free(zName);
    if (rc) return -1;
  }
  Batch *b = row_begin(g, B_CHILD, &rc);
  char zRef[16], zSex[2] = {p->sex, 0};
  snprintf(zRef, sizeof zRef, "%d", 100000 + idx);
  v_int(b, id);
  v_copy(b, zRef);
  v_text(b, p->zGiven);
  v_text(b, p->zFamily);
  v_date(b, p->dob);
  v_copy(b, zSex);
  v_text(b, p->zEthnicity);
  v_int(b, p->disability);
  v_text(b, p->zSen);
  v_int(b, p->uasc);
  v_int(b, g->idLoc[(int)p->locality]);
  if (p->group >= 0) v_int(b, g->baseGroup + p->group + 1);
  else v_null(b);
  g->sum.nChildren++;
  g->sum.nInCare += p->inCare;
  g->sum.nUnregistered += p->unreg;
  return rc;
}

/* Write child idx's care history: notifications, episodes, allocations. */
static int write_history(Gen *g, int idx) {
  const Plan *p = &g->aPlan[idx];
  int64_t id = g->baseChild + idx + 1;
  int rc = 0;
  for (int pi = 0; rc == 0 && pi < p->nPer; pi++) {
    const PPer *pe = &p->per[pi];
    Batch *b = row_begin(g, B_NOTIF, &rc);
    v_int(b, g->nextNotif++);
    v_int(b, id);
    v_date(b, pe->notified);
    v_null(b);
    for (int i = pe->iEp; rc == 0 && i < pe->iEp + pe->nEp; i++) {
      rc = write_episode(g, id, p, pe, &p->ep[i]);
    }
    if (rc || pe->allocOn == DATE_NONE) continue;
    const char *zFirst = pi > 0 ? "Returned to care" : "New to care";
    if (pe->iro2 >= 0) {
      rc = write_allocation(g, id, pe->iro1, pe->allocOn, pe->changeOn, zFirst);
      if (rc == 0) rc = write_allocation(g, id, pe->iro2, pe->changeOn, pe->end, pe->zChange);
    } else {
      rc = write_allocation(g, id, pe->iro1, pe->allocOn, pe->end, zFirst);
    }
  }
  return rc;
}

/* Write child idx's reviews and the IRO's contacts around them. */
static int write_reviews(Gen *g, int idx) {
  const Plan *p = &g->aPlan[idx];
  int64_t id = g->baseChild + idx + 1;
  int nRv = sim_reviews(g, p, idx);
  if (p->overdue && nRv > 0) nRv--;
  for (int i = 0; i < nRv; i++) {
    if (write_review(g, id, &g->aRv[i])) return -1;
  }
  return write_contacts(g, p, idx, id, g->aRv, nRv);
}

/* ---- Driver -------------------------------------------------------------------- */

static void gen_init(Gen *g, Db *db, int n, unsigned seed, Date asOf) {
  memset(g, 0, sizeof *g);
  g->db = db;
  g->n = n;
  g->seed = seed;
  g->asOf = asOf;
  g->rng = rng_stream(seed, 0, 0);
  g->R.first = rule("review_first");
  g->R.second = rule("review_second");
  g->R.later = rule("review_later");
  g->R.unregFirst = rule("unreg_first_review");
  g->R.unreg = rule("unreg_review");
  g->R.recs = rule("review_recommendations");
  g->R.minutes = rule("review_minutes");
  g->R.alloc = rule("iro_allocation");
  g->R.pn0 = rule("participation_pn0_age");
  g->R.advocacy = rule("advocacy_age");
  g->R.independence = rule("independence_age");
  g->R.pathway = rule("pathway_plan_age");
  g->R.documents = rule("documents_age");
  g->R.unregVisit = rule("unreg_iro_visit");
  g->R.caseload = rule("caseload_amber")->amount;
  /* Reviews went virtual with the first lockdown and stayed mostly so
  ** until the end of 2021 (7.3 of the report). */
  g->virtualFrom = date_from_ymd(2020, 3, 23);
  g->virtualUntil = date_from_ymd(2022, 1, 1);
  /* Fig 10 as weights, the first year's columns scaled up so that
  ** ENTERED_LAST_YEAR of the children came in during the last year. */
  double sumShort = 0, sumLong = 0;
  for (int a = 0; a < N_AGE; a++) {
    for (int b = 0; b < N_BAND; b++) {
      if (aBandMonths[b] < 12) sumShort += aFig10[a][b];
      else sumLong += aFig10[a][b];
    }
  }
  double f = ENTERED_LAST_YEAR / (1 - ENTERED_LAST_YEAR) * sumLong / sumShort, cum = 0;
  for (int a = 0; a < N_AGE; a++) {
    for (int b = 0; b < N_BAND; b++) {
      cum += aFig10[a][b] * (aBandMonths[b] < 12 ? f : 1.0);
      g->aCellCum[a * N_BAND + b] = cum;
    }
  }
}

static void gen_free(Gen *g) {
  if (g->aPlan) {
    for (int i = 0; i < g->n; i++) free(g->aPlan[i].ep);
    free(g->aPlan);
  }
  for (int l = 0; l < N_LOC; l++) free(g->aLocIro[l]);
  free(g->aIro);
  free(g->aRv);
  for (int k = 0; k < N_BATCH; k++) batch_free(g->aBatch[k]);
  db_finalize(g->sGroup);
}

/* Pass 1: every child, in sibling groups of two or three for about a
** quarter of them (a group needs siblings whose ages fit its history). */
static void plan_children(Gen *g) {
  Rng *r = &g->rng;
  g->aPlan = xcalloc((size_t)(g->n ? g->n : 1), sizeof *g->aPlan);
  /* A group is tried at 13% of children: with 2.4 children a group, and
  ** some tries failing (no sibling age fits), a quarter are in one. */
  for (int i = 0; i < g->n;) {
    Plan *lead = &g->aPlan[i];
    plan_child(g, lead, i);
    int want = rng_chance(r, 0.13) ? (rng_chance(r, 0.6) ? 2 : 3) : 1;
    const PPer *lp = &lead->per[0];
    if (lead->uasc || (!lead->inCare && is_age18_reason(lp->endReason))) want = 1;
    int got = 1;
    if (want > 1 && i + 1 < g->n) {
      lead->group = g->nGroup;
      while (got < want && i + got < g->n && plan_sibling(g, lead, i, &g->aPlan[i + got])) got++;
      if (got > 1) g->nGroup++;
      else lead->group = -1;
    }
    i += got;
  }
}

/* The published figures the council's 2020/21 report quotes beside its own
** (domain/001, 5.5 and 5.10): England's and the statistical neighbours'
** rate per 10,000 at 31 March 2021, and England's legal statuses at 31
** March 2020 (no national interim care order figure: "N/A"). The
** population is the one the report's own rate implies: 449 children at 66
** per 10,000 is about 68,000 under 18. Later years fall back to these,
** labelled with their year, as a council's would until it loads newer. */
static const char zDemoComparators[] =
  "measure,year,area,value\n"
  "children_in_care_rate_per_10000,2021,England,67\n"
  "children_in_care_rate_per_10000,2021,statistical neighbours,57\n"
  "legal_status_care_order_percent,2020,England,77\n"
  "legal_status_placement_order_percent,2020,England,6\n"
  "legal_status_voluntary_percent,2020,England,17\n"
  "population_under_18,2020,council,68000\n"
  "population_under_18,2021,council,68000\n";

int demo_generate(Db *db, int nChildren, unsigned seed, Date asOf, DemoSummary *sum, char **pzErr) {
  if (pzErr) *pzErr = NULL;
  if (sum) memset(sum, 0, sizeof *sum);
  if (nChildren < 0) {
    if (pzErr) {
      *pzErr = xmprintf("the number of demo children must be 0 or more, not %d", nChildren);
    }
    return -1;
  }
  int64_t have = db_int(db, -1, "SELECT count(*) FROM child", "");
  if (have != 0) {
    if (pzErr) {
      *pzErr = have < 0 ? xmprintf("cannot count the children already in the database: %s",
                                   db_errmsg(db))
                        : xmprintf("the database already holds %lld children; demo data goes"
                                   " only into an empty database", (long long)have);
    }
    return -1;
  }
  Gen *g = xmalloc(sizeof *g);
  gen_init(g, db, nChildren, seed, asOf);
  setup_iros(g);
  plan_children(g);
  choose_special(g);
  allocate_all(g);
  choose_overdue(g);

  db_begin(db);
  for (int k = 0; k < N_BATCH; k++) g->aBatch[k] = batch_new(k);
  g->sGroup = db_prepare(db, "INSERT INTO sibling_group(id, name) VALUES(?, ?)");
  int rc = write_setup(g);
  /* Children first: every other table refers to them. */
  for (int i = 0; rc == 0 && i < g->n; i++) rc = write_child(g, i);
  if (rc == 0) rc = batch_flush(g, g->aBatch[B_CHILD]);
  for (int i = 0; rc == 0 && i < g->n; i++) rc = write_history(g, i);
  for (int i = 0; rc == 0 && i < g->n; i++) rc = write_reviews(g, i);
  if (rc == 0) rc = flush_all(g);
  if (rc == 0) {
    Buf rep = {0};
    if (comparators_load_text(db, zDemoComparators, sizeof zDemoComparators - 1, "demo comparators",
                              audit_cli_actor(), &rep) != 0) {
      g->zFailTable = "comparator";
      rc = -1;
    }
    buf_free(&rep);
  }
  if (rc == 0) {
    char *zAfter = xmprintf("%d children, seed %u", nChildren, seed);
    if (audit_write(db, audit_cli_actor(), "demo.generate", "demo", NULL, zAfter, NULL) != DB_OK) {
      g->zFailTable = "audit_log";
      rc = -1;
    }
    free(zAfter);
  }
  if (rc == 0 && db_commit(db) != DB_OK) {
    g->zFailTable = "commit";
    rc = -1;
  } else if (rc != 0) {
    db_rollback(db);
  }
  if (rc != 0) {
    if (pzErr) {
      *pzErr = xmprintf("could not save the demo data (%s): %s", g->zFailTable, db_errmsg(db));
    }
  } else if (sum) {
    *sum = g->sum;
  }
  gen_free(g);
  free(g);
  return rc;
}
