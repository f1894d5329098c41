/*
** ssda903_rules_episode.c: SSDA903 rules that look at one episode at a time
** (its codes, its dates, the child's age when it began), or at most at the
** episode before or after it for the same child (see ssda903.h).
**
** The semantics follow the peer validator's 2025/26 rule set, so that an
** LA sees the same failures from both; where the peer is plainly wrong the
** DfE's guidance wins and the difference is listed, with its reason, in
** tests/ssda903/differences/episode.csv.
*/
#include <string.h>

#include "ssda903.h"

/* Placements that have no provider and no reason for placement change:
** temporary moves, and the "other placement" Z1x codes that replaced Z1. */
#define TEMPORARY "T0 T1 T2 T3 T4"
#define NO_PROVIDER "T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14"

static int is(const char *z, const char *zCode) { return strcmp(z, zCode) == 0; }

/* A filled cell of column col that is not one of the codes in zList: a
** blank is some other rule's business. */
static void bad_code(Return903 *r, int col, const char *zList) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *z = c903(e, i, col);
    if (z[0] && !in903(z, zList)) r903_fail(r, T_EPISODES, i);
  }
}

static void bad_date(Return903 *r, int col) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (bad_date903(e, i, col)) r903_fail(r, T_EPISODES, i);
}

/* Placement zPlace with provider zProvider is a failure. */
static void place_provider(Return903 *r, const char *zPlaces, const char *zProvider) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (is(c903(e, i, E_PLACE_PROVIDER), zProvider) && in903(c903(e, i, E_PLACE), zPlaces))
      r903_fail(r, T_EPISODES, i);
}

/* The child's date of birth from the Header, DATE_NONE when the child has
** no Header row or its DOB is not a date; *pHead gets the Header row. */
static Date dob_of(const Return903 *r, int row, int *pHead) {
  int h = head903(r, T_EPISODES, row);
  *pHead = h;
  return h < 0 ? DATE_NONE : d903(&r->a[T_HEADER], h, H_DOB);
}

/* The day the child born on dob reaches `years`, as pandas' DateOffset
** counts it (29 February -> 28 February), DATE_NONE for an unknown DOB. */
static Date birthday(Date dob, int years) {
  return dob == DATE_NONE ? DATE_NONE : r903_add_years(dob, years);
}

/* A child placed in zPlace should have been at least `years` old when the
** episode began (371-374). An open episode is checked too: the peer drops
** episodes whose DEC is blank, which would miss every child still placed
** (listed in the differences). */
static void too_young_for(Return903 *r, const char *zPlace, int years) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!is(c903(e, i, E_PLACE), zPlace)) continue;
    int h;
    Date bd = birthday(dob_of(r, i, &h), years), start = d903(e, i, E_DECOM);
    if (bd == DATE_NONE || start == DATE_NONE) continue;
    if (start < bd) r903_fail(r, T_EPISODES, i);
  }
}

static void check_141(Return903 *r) { bad_date(r, E_DECOM); }
static void check_143(Return903 *r) { bad_code(r, E_RNE, "S P L T U B"); }
static void check_144(Return903 *r) {
  bad_code(r, E_LS, "C1 C2 D1 E1 V2 V3 V4 J1 J2 J3 L1 L2 L3");
}
static void check_145(Return903 *r) { bad_code(r, E_CIN, "N1 N2 N3 N4 N5 N6 N7 N8"); }
static void check_146(Return903 *r) {
  bad_code(r, E_PLACE,
           "A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 "
           "U1 U2 U3 U4 U5 U6 Z11 Z12 Z13 Z14");
}
static void check_147(Return903 *r) { bad_date(r, E_DEC); }

static void check_148(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (!c903(e, i, E_DEC)[0] != !c903(e, i, E_REC)[0]) r903_fail(r, T_EPISODES, i);
}

static void check_149(Return903 *r) {
  bad_code(r, E_REC,
           "E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 "
           "E14 E15 E16 E17 X1");
}

/* A provider must be valid, and is not wanted where the placement has none
** (T4 is the peer's exception: 178 lets it have one, 213 does not). */
static void check_178(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zProv = c903(e, i, E_PLACE_PROVIDER);
    if (!zProv[0]) continue;
    if (!in903(zProv, "PR0 PR1 PR2 PR3 PR4 PR5")
        || in903(c903(e, i, E_PLACE), "T0 T1 T2 T3 Z11 Z12 Z13 Z14"))
      r903_fail(r, T_EPISODES, i);
  }
}

static void check_1009(Return903 *r) {
  bad_code(r, E_REASON_PLACE_CHANGE,
           "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER");
}

static void check_213(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (in903(c903(e, i, E_PLACE), NO_PROVIDER) && c903(e, i, E_PLACE_PROVIDER)[0])
      r903_fail(r, T_EPISODES, i);
}

/* Placed for adoption with the current foster carers since 1 April 2015. */
static void check_217(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  Date from = date_from_ymd(2015, 4, 1);
  for (int i = 0; i < e->nRow; i++) {
    Date start = d903(e, i, E_DECOM);
    if (in903(c903(e, i, E_PLACE), "A3 A5") && start != DATE_NONE && start >= from
        && !in903(c903(e, i, E_RNE), "S T U"))
      r903_fail(r, T_EPISODES, i);
  }
}

/* URN needed for an episode open at some time in the year, in England, in
** a placement Ofsted registers. A DEC that is not a date is neither open
** nor in the year (as the peer: the comparison with NaT is false). */
static void check_218(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (c903(e, i, E_URN)[0]) continue;
    if (in903(c903(e, i, E_PLACE), "P1 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14")) continue;
    if (in903(r->azPlLa[i], "CON NIR SCO WAL NUK")) continue;
    Date end = d903(e, i, E_DEC);
    if (!c903(e, i, E_DEC)[0] || (end != DATE_NONE && end >= r->start))
      r903_fail(r, T_EPISODES, i);
  }
}

/* The peer's 2025/26 set keeps the 2024/25 list, with Z1 (no longer a
** valid placement; 146 catches it). */
static void check_222(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zUrn = c903(e, i, E_URN);
    if (zUrn[0] && !is(zUrn, "XXXXXXX")
        && in903(c903(e, i, E_PLACE), "P1 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14"))
      r903_fail(r, T_EPISODES, i);
  }
}

/* An episode ending X1 into a change of placement (next RNE P, B, T or U),
** neither of them temporary, needs its reason for the change. "Next" is
** the next episode by start date: the peer's sort, with unknown starts
** last. */
static void check_225(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n; i++) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    for (int k = i; k + 1 < end; k++) {
      int a = ord[k], b = ord[k + 1];
      if (is(c903(e, a, E_REC), "X1") && !c903(e, a, E_REASON_PLACE_CHANGE)[0]
          && !in903(c903(e, a, E_PLACE), TEMPORARY) && in903(c903(e, b, E_RNE), "P B T U")
          && !in903(c903(e, b, E_PLACE), TEMPORARY))
        r903_fail(r, T_EPISODES, a);
    }
    i = end - 1;
  }
}

/* A temporary placement has no reason for placement change, nor does the
** episode before it (whose change led into the temporary move). */
static void check_226(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  int n;
  const int *ord = r903_order(r, T_EPISODES, E_DECOM, &n);
  for (int i = 0; i < n; i++) {
    int end = r903_run_end(r, T_EPISODES, ord, n, i);
    for (int k = i; k < end; k++) {
      int a = ord[k];
      if (!in903(c903(e, a, E_PLACE), TEMPORARY)) continue;
      if (c903(e, a, E_REASON_PLACE_CHANGE)[0]
          || (k > i && c903(e, ord[k - 1], E_REASON_PLACE_CHANGE)[0]))
        r903_fail(r, T_EPISODES, a);
    }
    i = end - 1;
  }
}

/* The peer tests a column Episodes does not have (DATE_EPISODE_CEASED) and
** so never reports this rule; the DfE's rule is on DEC. */
static void check_233(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (!c903(e, i, E_DEC)[0] && c903(e, i, E_REASON_PLACE_CHANGE)[0])
      r903_fail(r, T_EPISODES, i);
}

static void check_234(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!is(c903(e, i, E_REASON_PLACE_CHANGE), "CUSTOD")) continue;
    int h;
    Date bd = birthday(dob_of(r, i, &h), 10), start = d903(e, i, E_DECOM);
    if (bd == DATE_NONE || start == DATE_NONE || start >= bd) continue;
    r903_fail(r, T_EPISODES, i);
    r903_fail(r, T_HEADER, h);
  }
}

static void check_353(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  Date first = date_from_ymd(1991, 10, 14);
  for (int i = 0; i < e->nRow; i++) {
    Date start = d903(e, i, E_DECOM);
    if (start != DATE_NONE && start < first) r903_fail(r, T_EPISODES, i);
  }
}

/* After the collection year: 354 for the start, 385 for the end. */
static void after_year(Return903 *r, int col) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    Date d = d903(e, i, col);
    if (d != DATE_NONE && d > r->end) r903_fail(r, T_EPISODES, i);
  }
}
static void check_354(Return903 *r) { after_year(r, E_DECOM); }
static void check_385(Return903 *r) { after_year(r, E_DEC); }

/* Ceased the day it began. The peer compares the cells as text, so two
** blanks compare equal there; an episode with neither date is 141/148's
** business, not an episode of under 24 hours. */
static void check_355(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    const char *zStart = c903(e, i, E_DECOM), *zEnd = c903(e, i, E_DEC);
    Date start = d903(e, i, E_DECOM), end = d903(e, i, E_DEC);
    int same = (start != DATE_NONE && end != DATE_NONE) ? start == end
               : (zStart[0] && is(zStart, zEnd));
    if (same) r903_fail(r, T_EPISODES, i);
  }
}

static void check_356(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    Date start = d903(e, i, E_DECOM), end = d903(e, i, E_DEC);
    if (start != DATE_NONE && end != DATE_NONE && end < start) r903_fail(r, T_EPISODES, i);
  }
}

static void check_446(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  Date from = date_from_ymd(2005, 12, 1);
  for (int i = 0; i < e->nRow; i++) {
    Date start = d903(e, i, E_DECOM);
    if (is(c903(e, i, E_LS), "E1") && start != DATE_NONE && start < from)
      r903_fail(r, T_EPISODES, i);
  }
}

static void check_526(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (!in903(c903(e, i, E_PLACE), NO_PROVIDER) && !c903(e, i, E_PLACE_PROVIDER)[0])
      r903_fail(r, T_EPISODES, i);
}

static void check_527(Return903 *r) { place_provider(r, "P1 R2 R5", "PR1"); }
static void check_528(Return903 *r) { place_provider(r, "P1 R2 R5", "PR2"); }
static void check_529(Return903 *r) {
  place_provider(r, "A3 A4 A5 A6 K1 K2 P1 U1 U2 U3 U4 U5 U6", "PR3");
}
static void check_530(Return903 *r) { place_provider(r, "P1", "PR4"); }
static void check_531(Return903 *r) { place_provider(r, "P1", "PR5"); }

static void check_550(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (is(c903(e, i, E_PLACE_PROVIDER), "PR0") && !is(c903(e, i, E_PLACE), "P1"))
      r903_fail(r, T_EPISODES, i);
}

static void check_378(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++)
    if (is(c903(e, i, E_PLACE), "P1") && is(c903(e, i, E_LS), "V2")) r903_fail(r, T_EPISODES, i);
}

/* Remanded or detained (J1-J3) before the 10th birthday. The peer also
** fails an episode starting on the birthday itself, when the child is 10. */
static void check_358(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (!in903(c903(e, i, E_LS), "J1 J2 J3")) continue;
    int h;
    Date bd = birthday(dob_of(r, i, &h), 10), start = d903(e, i, E_DECOM);
    if (bd == DATE_NONE || start == DATE_NONE || start >= bd) continue;
    r903_fail(r, T_EPISODES, i);
    r903_fail(r, T_HEADER, h);
  }
}

/* Still looked after (no DEC) by a child 18 before the year ends, other than
** accommodated under s20 (V2) in a children's home (K2). */
static void check_359(Return903 *r) {
  const T903 *e = &r->a[T_EPISODES];
  for (int i = 0; i < e->nRow; i++) {
    if (c903(e, i, E_DEC)[0]) continue;
    if (is(c903(e, i, E_LS), "V2") && is(c903(e, i, E_PLACE), "K2")) continue;
    int h;
    Date bd = birthday(dob_of(r, i, &h), 18);
    if (bd != DATE_NONE && bd < r->end) r903_fail(r, T_EPISODES, i);
  }
}

static void check_371(Return903 *r) { too_young_for(r, "K3", 16); }
static void check_372(Return903 *r) { too_young_for(r, "R5", 10); }
static void check_373(Return903 *r) { too_young_for(r, "S1", 4); }
static void check_374(Return903 *r) { too_young_for(r, "P3", 14); }

#define EP TB(T_EPISODES)
#define EH (TB(T_EPISODES) | TB(T_HEADER))

const Rule903 aRules903Episode[] = {
  {"141", EP, 0, check_141, "Date episode began is not a valid date."},
  {"143", EP, 0, check_143, "The reason for new episode code is not a valid code."},
  {"144", EP, 0, check_144, "The legal status code is not a valid code."},
  {"145", EP, 0, check_145, "Category of need code is not a valid code."},
  {"146", EP, 0, check_146, "Placement type code is not a valid code."},
  {"147", EP, 0, check_147, "Date episode ceased is not a valid date."},
  {"148", EP, 0, check_148,
   "Date episode ceased and reason episode ceased must both be coded, or both left blank."},
  {"149", EP, 0, check_149, "Reason episode ceased code is not valid. "},
  {"178", EP, 0, check_178, "Placement provider code is not a valid code."},
  {"1009", EP, 0, check_1009, "Reason for placement change is not a valid code."},
  {"213", EP, 0, check_213, "Placement provider information not required."},
  {"217", EP, 0, check_217,
   "Children who are placed for adoption with current foster carers (placement types A3 or A5) "
   "must have a reason for new episode of S, T or U."},
  {"218", EP, 0, check_218, "Ofsted Unique reference number (URN) is required."},
  {"222", EP, 0, check_222,
   "Ofsted Unique reference number (URN) should not be recorded for this placement type."},
  {"225", EP, 0, check_225, "Reason for placement change must be recorded."},
  {"226", EP, 0, check_226, "Reason for placement change is not required for temporary placements."},
  {"233", EP, 0, check_233,
   "Reason for placement change is not required when the episode has not ceased."},
  {"234", EH, 0, check_234,
   "A child aged under 10 can not change placement due to being admitted to custody"},
  {"353", EP, 0, check_353, "No episode submitted can start before 14 October 1991."},
  {"354", EP, 0, check_354,
   "Date episode ceased must be on or before the end of the current collection year."},
  {"355", EP, 0, check_355, "Episode appears to have lasted for less than 24 hours"},
  {"356", EP, 0, check_356,
   "The date the episode ceased is before the date the same episode started."},
  {"358", EH, 0, check_358, "Child with this legal status should not be under 10."},
  {"359", EH, 0, check_359,
   "Child being looked after following 18th birthday must be accommodated under section 20(5) "
   "of the Children Act 1989 in a community home."},
  {"371", EH, 0, check_371,
   "Child in supported accomodation not subject to children\xe2\x80\x99s homes regulations "
   "should be at least 16."},
  {"372", EH, 0, check_372, "Child in youth custody or prison should be at least 10."},
  {"373", EH, 0, check_373, "Child placed in a school should be at least 4 years old."},
  {"374", EH, 0, check_374, "Child in residential employment should be at least 14 years old."},
  {"378", EP, 0, check_378,
   "A child who is placed with parent(s) cannot be looked after under a single period of "
   "accommodation under Section 20 of the Children Act 1989."},
  {"385", EP, 0, check_385,
   "Date episode ceased must be on or before the end of the current collection year."},
  {"446", EP, 0, check_446, "E1 is not a valid code for episodes starting before December 2005."},
  {"526", EP, 0, check_526, "Child is missing a placement provider code for at least one episode."},
  {"527", EP, 0, check_527,
   "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5."},
  {"528", EP, 0, check_528,
   "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5."},
  {"529", EP, 0, check_529,
   "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 "
   "and U1 to U6 as these placements cannot be provided by other public organisations."},
  {"530", EP, 0, check_530,
   "A placement provider code of PR4 cannot be associated with placement P1."},
  {"531", EP, 0, check_531,
   "A placement provider code of PR5 cannot be associated with placements P1."},
  {"550", EP, 0, check_550,
   "A placement provider code of PR0 can only be associated with placement P1."},
  {0},
};
