/*
** test_ssda903_rules_sequence.c: the sequence rules of the SSDA903 validator
** (ssda903_rules_sequence.c), each on a small return built from CSV text.
**
** Episodes are written short, "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PL_POST",
** and widened to the DfE's thirteen columns here; Header rows are
** "CHILD,DOB". Every test asserts exactly which rows fail ("E3" is row 3 of
** Episodes, "H0" row 0 of Header), so a rule that fails too much or too
** little is caught. The year is 2025/26 (1 April 2025 - 31 March 2026)
** unless a test says otherwise.
*/
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ssda903.h"
#include "util.h"

/* Run one rule on the return made of these episodes (and Header rows, if
** azHead is not NULL) and describe its failures: "H0 E1 E3", "" for none. */
static char *run_year(int year, const char *zCode, const char *const *azHead, const char *const *azEp) {
  Return903 r;
  Buf b = {0}, err = {0};
  char f[8][32];
  r903_init(&r, year);
  buf_puts(&b, "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
  for (int i = 0; azEp[i]; i++) {
    t903_split(azEp[i], f, 8);
    buf_printf(&b, "%s,%s,%s,%s,N1,%s,PR1,%s,%s,,AB1 2CD,%s,XXXXXXX\n", f[0], f[1], f[2], f[3], f[4], f[5],
               f[6], f[7]);
  }
  assert_int_equal(r903_add_text(&r, "episodes.csv", b.z, b.n, &err), 0);
  if (azHead) t903_add_header(&r, azHead);
  r903_finish(&r);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  buf_reset(&b);
  buf_puts(&b, ran ? "" : "skipped");
  for (int i = 0; i < r.nErr; i++)
    buf_printf(&b, "%s%c%d", b.n ? " " : "", r.aErr[i].table == T_HEADER ? 'H' : 'E', r.aErr[i].row);
  buf_free(&err);
  r903_free(&r);
  return buf_take(&b);
}

static char *run(const char *zCode, const char *const *azHead, const char *const *azEp) {
  return run_year(2026, zCode, azHead, azEp);
}

#define EXPECT(want, call)           \
  do {                               \
    char *zGot = (call);             \
    assert_string_equal(zGot, want); \
    free(zGot);                      \
  } while (0)

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Sequence; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables != 0);
    assert_true(p->mTables & TB(T_EPISODES));
  }
  assert_int_equal(n, 22);
}

/* 142: every episode but a child's last (by DECOM, blank DECOMs last) has
** a DEC and a REC; an episode without a valid DECOM is not judged. */
static void test_142(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,U1,,,",                 /* 0 not last, open: fails */
    "A,10/04/2025,P,C2,U1,20/04/2025,X1,",
    "A,20/04/2025,P,C2,U1,,,",                 /* 2 last: may be open */
    "B,01/05/2025,S,C2,U1,05/05/2025,,",       /* 3 no REC: fails */
    "B,,P,C2,U1,,,",                           /* 4 blank DECOM sorts last */
    "C,01/05/2025,S,C2,U1,31/02/2025,X1,",     /* 5 invalid DEC: fails */
    "C,05/05/2025,P,C2,U1,,,",
    "D,10/06/2025,P,C2,U1,,,",                 /* 7 last by date though first in file */
    "D,01/06/2025,S,C2,U1,10/06/2025,X1,",
    "E,,S,C2,U1,,,",                           /* 9 not last, but no DECOM */
    "E,,P,C2,U1,,,",
    NULL,
  };
  EXPECT("E0 E3 E5", run("142", NULL, ep));
  const char *ok[] = {"A,01/04/2025,S,C2,U1,10/04/2025,E11,", "A,10/04/2025,S,C2,U1,,,", NULL};
  EXPECT("", run("142", NULL, ok));
}

/* 199: nothing after a child's first adoption (E11/E12), in DECOM order. */
static void test_199(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,S,C2,U1,10/05/2025,E11,",    /* 0 the adoption itself */
    "A,10/05/2025,S,C2,U1,,,",                 /* 1 after it: fails */
    "B,01/07/2025,S,C2,U1,02/07/2025,E12,",    /* 2 */
    "B,01/06/2025,S,C2,U1,01/07/2025,X1,",     /* 3 before it */
    "C,,S,C2,U1,01/05/2025,E11,",              /* 4 no DECOM: not counted */
    "C,01/06/2025,S,C2,U1,,,",
    "D,01/04/2025,S,C2,U1,01/05/2025,E11,",
    "D,01/05/2025,S,C2,U1,01/06/2025,E12,",    /* 7 a second adoption: fails */
    NULL,
  };
  EXPECT("E1 E7", run("199", NULL, ep));
}

/* 302: a child's earliest episode is not before the DOB (the day itself is
** fine); the Header row fails with it. Without a Header the rule is skipped. */
static void test_302(void **state) {
  (void)state;
  const char *head[] = {"A,10/05/2025", "B,10/05/2025", "C,01/01/2025", "D,01/03/2025", NULL};
  const char *ep[] = {
    "A,09/05/2025,S,C2,U1,,,",                 /* 0 the day before birth */
    "A,11/05/2025,P,C2,U1,,,",
    "B,10/05/2025,S,C2,U1,,,",                 /* 2 born that day */
    "C,,S,C2,U1,,,",
    "C,01/06/2025,S,C2,U1,,,",
    "D,01/06/2025,P,C2,U1,,,",
    "D,28/02/2025,S,C2,U1,01/06/2025,X1,",     /* 6 earliest, not first in file */
    NULL,
  };
  EXPECT("H0 H3 E0 E6", run("302", head, ep));
  EXPECT("skipped", run("302", NULL, ep));
  /* A child listed twice in the Header is judged against each row. */
  const char *twice[] = {"A,01/01/2025", "A,10/05/2025", NULL};
  EXPECT("H1 E0", run("302", twice, ep));
}

/* 336: placed for adoption with consent (A3/A4) straight from a foster or
** adoption placement; the first episode is not judged. */
static void test_336(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,U1,,,",
    "A,01/05/2025,P,E1,A3,,,",                 /* 1 after U1 */
    "B,01/04/2025,S,C2,T1,,,",
    "B,01/05/2025,P,E1,A4,,,",                 /* 3 after T1: fails */
    "C,01/04/2025,S,E1,A3,,,",                 /* 4 first episode */
    "D,02/05/2025,P,E1,A5,,,",
    "D,01/06/2025,P,E1,A3,,,",                 /* 6 after A5 */
    "E,10/06/2025,P,E1,A4,,,",                 /* 7 after P1 by date: fails */
    "E,01/06/2025,S,C2,P1,,,",
    NULL,
  };
  EXPECT("E3 E7", run("336", NULL, ep));
}

/* 352: starting care (RNE S) on or after the 18th birthday; one born on
** 29 February is 18 on 28 February. */
static void test_352(void **state) {
  (void)state;
  const char *head[] = {"A,15/06/2007", "B,29/02/2008", NULL};
  const char *ep[] = {
    "A,14/06/2025,S,V2,U1,,,",                 /* 0 the day before the birthday */
    "A,15/06/2025,S,V2,U1,,,",                 /* 1 on it: fails */
    "A,20/06/2025,P,V2,U1,,,",                 /* 2 not a start */
    "B,27/02/2026,S,V2,U1,,,",
    "B,28/02/2026,S,V2,U1,,,",                 /* 4 18 that day: fails */
    "C,01/01/2026,S,V2,U1,,,",                 /* 5 not in the Header */
    NULL,
  };
  EXPECT("E1 E4", run("352", head, ep));
  const char *twice[] = {"C,01/01/2010", "C,01/01/2008", NULL};
  EXPECT("E5", run("352", twice, ep));
}

/* 357: a child's first episode, if it began in the year, has RNE S. */
static void test_357(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,P,C2,U1,,,",                 /* 0 first day of the year: fails */
    "B,31/03/2025,P,C2,U1,,,",                 /* 1 began last year */
    "C,02/05/2025,S,C2,U1,,,",
    "C,01/05/2025,P,C2,U1,,,",                 /* 3 the earlier one: fails */
    "D,,P,C2,U1,,,",
    "D,01/06/2025,S,C2,U1,,,",
    "E,01/07/2025,,C2,U1,,,",                  /* 6 blank RNE: fails */
    NULL,
  };
  EXPECT("E0 E3 E6", run("357", NULL, ep));
}

/* 361: police protection (L1) over 3 days, counting a chain of episodes
** each starting when the last ended, open ones to 31 March. */
static void test_361(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,L1,U1,04/06/2025,X1,",     /* 0 exactly 3 days */
    "B,01/06/2025,S,L1,U1,03/06/2025,X1,",     /* 1 \ 4 days together: fail */
    "B,03/06/2025,P,L1,U3,05/06/2025,E11,",    /* 2 / */
    "C,01/06/2025,S,L1,U1,03/06/2025,X1,",     /* 3 \ chained through the V2 */
    "C,03/06/2025,L,V2,U1,04/06/2025,X1,",     /* 4 | episode, as the peer does: */
    "C,04/06/2025,L,L1,U1,06/06/2025,E11,",    /* 5 / 5 days: fail */
    "D,29/03/2026,S,L1,U1,,,",                 /* 6 open: 2 days */
    "E,27/03/2026,S,L1,U1,,,",                 /* 7 open: 4 days, fails */
    "F,01/07/2025,S,L1,U1,03/07/2025,E11,",    /* 8 \ a gap: two spells */
    "F,04/07/2025,S,L1,U1,06/07/2025,E11,",    /* 9 / of 2 days */
    NULL,
  };
  EXPECT("E1 E2 E3 E5 E7", run("361", NULL, ep));
}

/* 362: an EPO (L2) over 21 days. */
static void test_362(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,L2,U1,22/06/2025,X1,",     /* 0 21 days */
    "B,01/06/2025,S,L2,U1,23/06/2025,X1,",     /* 1 22 days: fails */
    "C,10/03/2026,S,L2,U1,,,",                 /* 2 open: 21 days to 31 March */
    "D,09/03/2026,S,L2,U1,,,",                 /* 3 open: 22 days, fails */
    "E,20/12/2025,S,L2,U1,05/01/2026,X1,",     /* 4 \ 16 + 6 across the new year */
    "E,05/01/2026,P,L2,U3,11/01/2026,E11,",    /* 5 / = 22 days: fail */
    NULL,
  };
  EXPECT("E1 E3 E4 E5", run("362", NULL, ep));
}

/* 363: a child assessment order (L3) over 7 days, adding up episodes in
** file order until one starts after the previous one ended. */
static void test_363(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,L3,U1,08/06/2025,X1,",     /* 0 7 days */
    "B,01/06/2025,S,L3,U1,05/06/2025,X1,",     /* 1 \ 4 + 4: fail */
    "B,05/06/2025,P,L3,U3,09/06/2025,E11,",    /* 2 / */
    "C,10/06/2025,S,L3,U1,14/06/2025,X1,",     /* 3 \ in file order the second */
    "C,01/06/2025,S,L3,U1,05/06/2025,X1,",     /* 4 / does not start after the first */
    "D,01/06/2025,S,L3,U1,04/06/2025,X1,",     /* 5 \ starts after: two spells */
    "D,05/06/2025,S,L3,U1,09/06/2025,E11,",    /* 6 / of 3 and 4 days */
    NULL,
  };
  EXPECT("E1 E2 E3 E4", run("363", NULL, ep));
}

/* 364: PACE detention (J2) over 21 days. */
static void test_364(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,J2,U1,22/06/2025,X1,",     /* 0 21 days */
    "B,10/03/2026,S,J2,U1,,,",                 /* 1 open: 21 days */
    "C,09/03/2026,S,J2,U1,,,",                 /* 2 open: 22 days, fails */
    "D,01/06/2025,S,J2,U1,31/02/2026,X1,",     /* 3 invalid DEC adds nothing */
    "E,01/06/2025,S,J2,U1,23/06/2025,X1,",     /* 4 22 days: fails */
    NULL,
  };
  EXPECT("E2 E4", run("364", NULL, ep));
}

/* 365, 366: one respite break (V3) at most 17 days, and it starts care. */
static void test_365(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,V3,U1,18/06/2025,X1,",     /* 0 17 days */
    "B,01/06/2025,S,V3,U1,19/06/2025,X1,",     /* 1 18 days: fails */
    "C,14/03/2026,S,V3,U1,,,",                 /* 2 open: 17 days */
    "D,13/03/2026,S,V3,U1,,,",                 /* 3 open: 18 days, fails */
    "E,01/06/2025,S,V2,U1,30/06/2025,X1,",     /* 4 not respite */
    "F,20/02/2026,S,V3,U1,09/03/2026,X1,",     /* 5 across February: 17 days */
    NULL,
  };
  EXPECT("E1 E3", run("365", NULL, ep));
}

static void test_366(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,V3,U1,,,",
    "B,01/06/2025,P,V3,U1,,,",                 /* 1 fails */
    "C,01/06/2025,,V3,U1,,,",                  /* 2 blank RNE fails */
    "D,01/06/2025,P,V4,U1,,,",
    NULL,
  };
  EXPECT("E1 E2", run("366", NULL, ep));
}

/* 367: at most 75 days of respite (V3) inside the year; days before 1 April
** do not count, open breaks run to 31 March; every counted break fails. */
static void test_367(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,V3,U1,01/06/2025,E11,",    /* 0 \ 61 + 14 = 75 */
    "A,01/07/2025,S,V3,U1,15/07/2025,E11,",    /* 1 / */
    "B,01/04/2025,S,V3,U1,01/06/2025,E11,",    /* 2 \ 61 + 15 = 76: fail */
    "B,01/07/2025,S,V3,U1,16/07/2025,E11,",    /* 3 / */
    "B,01/08/2025,S,V3,U1,01/08/2025,E11,",    /* 4 no days: not reported */
    "C,01/03/2025,S,V3,U1,16/06/2025,E11,",    /* 5 76 days from 1 April: fails */
    "D,15/01/2026,S,V3,U1,,,",                 /* 6 open: 75 days */
    "E,14/01/2026,S,V3,U1,,,",                 /* 7 open: 76 days, fails */
    NULL,
  };
  EXPECT("E2 E3 E5 E7", run("367", NULL, ep));
}

/* 375, 376, 379: temporary placements T1 <= 42 days, T3 <= 21, T4 <= 7,
** judged only with both dates and a Header DOB (as the peer). */
static void test_375(void **state) {
  (void)state;
  const char *head[] = {"A,01/01/2010", "B,01/01/2010", "C,01/01/2010", "E,", NULL};
  const char *ep[] = {
    "A,01/06/2025,P,C2,T1,13/07/2025,X1,",     /* 0 42 days */
    "B,01/06/2025,P,C2,T1,14/07/2025,X1,",     /* 1 43 days: fails */
    "C,01/06/2025,P,C2,T1,,,",                 /* 2 open: not judged */
    "D,01/06/2025,P,C2,T1,31/08/2025,X1,",     /* 3 not in the Header */
    "E,01/06/2025,P,C2,T1,31/08/2025,X1,",     /* 4 no DOB */
    "A,01/09/2025,P,C2,T3,31/12/2025,X1,",     /* 5 a T3: not this rule */
    NULL,
  };
  EXPECT("E1", run("375", head, ep));
  EXPECT("skipped", run("375", NULL, ep));
  /* E's second Header row has a DOB. */
  const char *twice[] = {"E,", "E,01/01/2010", NULL};
  EXPECT("E4", run("375", twice, ep));
}

static void test_376(void **state) {
  (void)state;
  const char *head[] = {"A,01/01/2010", "B,01/01/2010", "C,01/01/2010", NULL};
  const char *ep[] = {
    "A,10/12/2025,P,C2,T3,31/12/2025,X1,",     /* 0 21 days */
    "B,10/12/2025,P,C2,T3,01/01/2026,X1,",     /* 1 22 days over the new year: fails */
    "C,01/01/2026,P,C2,T3,,,",                 /* 2 open: not judged */
    NULL,
  };
  EXPECT("E1", run("376", head, ep));
}

static void test_379(void **state) {
  (void)state;
  const char *head[] = {"A,01/01/2010", "B,01/01/2010", "C,01/01/2010", NULL};
  const char *ep[] = {
    "A,25/12/2025,P,C2,T4,01/01/2026,X1,",     /* 0 7 days over Christmas */
    "B,25/12/2025,P,C2,T4,02/01/2026,X1,",     /* 1 8 days: fails */
    "C,22/02/2026,P,C2,T4,01/03/2026,X1,",     /* 2 7 days over February's end */
    "C,23/03/2026,P,C2,T4,31/03/2026,X1,",     /* 3 8 days: fails */
    NULL,
  };
  EXPECT("E1 E3", run("379", head, ep));
}

/* 377: at most two T3 placements per child in the return. */
static void test_377(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,P,C2,T3,,,",
    "A,10/05/2025,P,C2,P1,,,",
    "A,01/06/2025,P,C2,T3,,,",
    "B,01/05/2025,P,C2,T3,,,",
    "A,01/07/2025,P,C2,T3,,,",
    "B,01/06/2025,P,C2,T3,,,",
    NULL,
  };
  EXPECT("E0 E2 E4", run("377", NULL, ep));
}

/* 380, 381: a temporary placement neither starts (RNE P/B only) nor ends
** (REC X1 only) a period of care. */
static void test_380(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,P,C2,T0,,,",
    "B,01/05/2025,B,C2,T1,,,",
    "C,01/05/2025,S,C2,T2,,,",                 /* 2 fails */
    "D,01/05/2025,,C2,T4,,,",                  /* 3 blank RNE fails */
    "E,01/05/2025,S,C2,U1,,,",
    NULL,
  };
  EXPECT("E2 E3", run("380", NULL, ep));
}

static void test_381(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,P,C2,T3,10/05/2025,X1,",
    "B,01/05/2025,P,C2,T0,10/05/2025,E11,",    /* 1 fails */
    "C,01/05/2025,P,C2,T1,,,",                 /* 2 still open */
    "D,01/05/2025,P,C2,U1,10/05/2025,E11,",
    NULL,
  };
  EXPECT("E1", run("381", NULL, ep));
}

/* 382, 384: respite (V3/V4) is neither temporary nor long-term fostering. */
static void test_382(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,S,V3,T0,,,",                 /* 0 fails */
    "B,01/05/2025,S,V3,R1,,,",
    "C,01/05/2025,P,C2,T1,,,",
    "D,01/05/2025,P,V4,T4,,,",                 /* 3 fails */
    NULL,
  };
  EXPECT("E0 E3", run("382", NULL, ep));
}

static void test_384(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/05/2025,S,V3,U1,,,",                 /* 0 fails */
    "B,01/05/2025,S,V4,U4,,,",                 /* 1 fails */
    "C,01/05/2025,S,V4,U2,,,",
    "D,01/05/2025,S,C2,U1,,,",
    NULL,
  };
  EXPECT("E0 E1", run("384", NULL, ep));
}

/* 383: after a temporary placement the child returns (RNE P) to the same
** placement type and postcode as before it; blank postcodes never match. */
static void test_383(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/06/2025,S,C2,U4,10/06/2025,X1,AB1 2CD",
    "A,10/06/2025,P,C2,T2,20/06/2025,X1,ZZ9 9ZZ",
    "A,20/06/2025,P,C2,U4,,,AB1 2CD",          /* 2 back home */
    "B,01/06/2025,S,C2,U4,10/06/2025,X1,AB1 2CD",
    "B,10/06/2025,P,C2,T1,20/06/2025,X1,ZZ9 9ZZ",
    "B,20/06/2025,T,C2,U4,,,AB1 2CD",          /* 5 RNE T: fails */
    "C,01/06/2025,S,C2,U4,10/06/2025,X1,AB1 2CD",
    "C,10/06/2025,P,C2,T3,20/06/2025,X1,ZZ9 9ZZ",
    "C,20/06/2025,P,C2,U5,,,AB1 2CD",          /* 8 another placement type: fails */
    "D,01/06/2025,S,C2,U4,10/06/2025,X1,AB1 2CD",
    "D,10/06/2025,P,C2,T3,20/06/2025,X1,ZZ9 9ZZ",
    "D,20/06/2025,P,C2,U4,,,AB1 2CE",          /* 11 another postcode: fails */
    "E,01/06/2025,S,C2,U4,10/06/2025,X1,",
    "E,10/06/2025,P,C2,T3,20/06/2025,X1,",
    "E,20/06/2025,P,C2,U4,,,",                 /* 14 blank postcodes: fails */
    "F,01/06/2025,S,C2,T1,10/06/2025,X1,",
    "F,10/06/2025,P,C2,U4,,,AB1 2CD",          /* 16 nothing before the T1 */
    NULL,
  };
  EXPECT("E5 E8 E11 E14", run("383", NULL, ep));
}

/* The year's edges move with the collection year (2017/18 here). */
static void test_year_edges(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2017,P,C2,U1,,,",                 /* 0 first day of 2017/18 */
    "B,31/03/2017,P,C2,U1,,,",
    "C,14/03/2018,S,V3,U1,,,",                 /* 2 open to 31/03/2018: 17 days */
    "D,13/03/2018,S,V3,U1,,,",                 /* 3 18 days */
    NULL,
  };
  EXPECT("E0", run_year(2018, "357", NULL, ep));
  EXPECT("E3", run_year(2018, "365", NULL, ep));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_142),
    cmocka_unit_test(test_199),
    cmocka_unit_test(test_302),
    cmocka_unit_test(test_336),
    cmocka_unit_test(test_352),
    cmocka_unit_test(test_357),
    cmocka_unit_test(test_361),
    cmocka_unit_test(test_362),
    cmocka_unit_test(test_363),
    cmocka_unit_test(test_364),
    cmocka_unit_test(test_365),
    cmocka_unit_test(test_366),
    cmocka_unit_test(test_367),
    cmocka_unit_test(test_375),
    cmocka_unit_test(test_376),
    cmocka_unit_test(test_379),
    cmocka_unit_test(test_377),
    cmocka_unit_test(test_380),
    cmocka_unit_test(test_381),
    cmocka_unit_test(test_382),
    cmocka_unit_test(test_384),
    cmocka_unit_test(test_383),
    cmocka_unit_test(test_year_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
