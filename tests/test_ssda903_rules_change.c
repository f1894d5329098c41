/*
** test_ssda903_rules_change.c: the change rules of the SSDA903 validator
** (ssda903_rules_change.c), each on a small return built from CSV text.
**
** Episodes are written short, "CHILD,DECOM,RNE,LS,CIN,PLACE,PROVIDER,DEC,
** REC,PL_POST,URN" (missing trailing fields are blank) and widened to the
** DfE's thirteen columns here; Header rows are "CHILD,DOB". Every test
** asserts exactly which rows fail ("E3" is row 3 of Episodes, "H0" row 0 of
** Header, "Reviews1" row 1 of Reviews), so a rule that fails too much or too
** little is caught. The year is 2025/26 (1 April 2025 - 31 March 2026).
*/
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ssda903.h"
#include "util.h"

/* Run one rule on a return made of these episodes (NULL: no Episodes file),
** Header rows (NULL: no Header file) and other whole CSV files (name, text
** pairs ended by NULL), and describe its failures: "H0 E1 E3", "" for none,
** "skipped" if the runner skipped the rule. */
static char *run_files(const char *zCode, const char *const *azHead, const char *const *azEp,
                       const char *const *azOther) {
  Return903 r;
  Buf b = {0}, err = {0};
  char f[11][32];
  r903_init(&r, 2026);
  if (azEp) {
    buf_puts(&b, "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
    for (int i = 0; azEp[i]; i++) {
      t903_split(azEp[i], f, 11);
      buf_printf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,,AB1 2CD,%s,%s\n", f[0], f[1], f[2], f[3], f[4], f[5], f[6],
                 f[7], f[8], f[9], f[10]);
    }
    assert_int_equal(r903_add_text(&r, "episodes.csv", b.z, b.n, &err), 0);
  }
  if (azHead) t903_add_header(&r, azHead);
  for (int i = 0; azOther && azOther[i]; i += 2)
    assert_int_equal(r903_add_text(&r, azOther[i], azOther[i + 1], strlen(azOther[i + 1]), &err), 0);
  r903_finish(&r);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  buf_reset(&b);
  buf_puts(&b, ran ? "" : "skipped");
  for (int i = 0; i < r.nErr; i++) {
    int t = r.aErr[i].table;
    const char *zT = t == T_HEADER ? "H" : t == T_EPISODES ? "E" : az903Table[t];
    buf_printf(&b, "%s%s%d", b.n ? " " : "", zT, r.aErr[i].row);
  }
  buf_free(&err);
  r903_free(&r);
  return buf_take(&b);
}

static char *run(const char *zCode, const char *const *azHead, const char *const *azEp) {
  return run_files(zCode, azHead, azEp, NULL);
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
  for (const Rule903 *p = aRules903Change; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables & TB(T_EPISODES));
  }
  assert_int_equal(n, 20);   /* 503D moved to ssda903_rules_lastyear.c */
}

/* 386: adopted (E11, E12) on or after the 18th birthday. Born 29 Feb: the
** 18th birthday is 28 Feb, as pandas' DateOffset has it. */
static void test_386(void **state) {
  (void)state;
  const char *hd[] = {"A,29/02/2008", "B,15/06/2007", "C,", NULL};
  const char *ep[] = {
    "A,01/04/2025,S,E1,N1,A3,PR1,27/02/2026,E11",   /* 0 the day before: passes */
    "A,01/04/2025,S,E1,N1,A3,PR1,28/02/2026,E12",   /* 1 on the birthday: fails */
    "B,01/04/2025,S,E1,N1,A3,PR1,16/06/2025,E11",   /* 2 after: fails */
    "B,01/04/2025,S,E1,N1,A3,PR1,16/06/2025,E13",   /* 3 not adoption */
    "B,01/04/2025,S,E1,N1,A3,PR1,,E11",             /* 4 no DEC */
    "C,01/04/2025,S,E1,N1,A3,PR1,16/06/2025,E11",   /* 5 no DOB */
    "D,01/04/2025,S,E1,N1,A3,PR1,16/06/2025,E11",   /* 6 no Header row */
    NULL,
  };
  EXPECT("E1 E2", run("386", hd, ep));
  EXPECT("skipped", run("386", NULL, ep));
}

/* 387: independent living (E5, E6) before the 14th birthday. As the peer:
** an episode with a DEC but no known date of birth fails. */
static void test_387(void **state) {
  (void)state;
  const char *hd[] = {"A,15/06/2011", "B,31/03/2012", NULL};
  const char *ep[] = {
    "A,01/04/2025,S,V2,N1,U1,PR1,14/06/2025,E5",    /* 0 the day before: fails */
    "A,01/04/2025,S,V2,N1,U1,PR1,15/06/2025,E6",    /* 1 on the birthday: passes */
    "A,01/04/2025,S,V2,N1,U1,PR1,14/06/2025,E8",    /* 2 other reason */
    "A,01/04/2025,S,V2,N1,U1,PR1,,E6",              /* 3 no DEC */
    "B,01/04/2025,S,V2,N1,U1,PR1,30/03/2026,E6",    /* 4 month end, the day before: fails */
    "B,01/04/2025,S,V2,N1,U1,PR1,31/03/2026,E6",    /* 5 on the birthday: passes */
    "C,01/04/2025,S,V2,N1,U1,PR1,31/03/2026,E5",    /* 6 no Header row: fails */
    NULL,
  };
  EXPECT("E0 E4 E6", run("387", hd, ep));
}

/* 388: X1 must be followed by an episode starting on the DEC; an episode
** followed by one starting on its DEC must be X1; the last must not be X1.
** Episodes without a DECOM come first (the peer fills them with 1901). */
static void test_388(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,10/04/2025,X1",    /* 0 next starts 11/04: fails */
    "A,11/04/2025,P,C2,N1,U1,PR1,30/04/2025,E3",    /* 1 next starts on DEC, not X1: fails */
    "A,30/04/2025,P,C2,N1,U1,PR1,31/05/2025,X1",    /* 2 last and X1: fails */
    "B,31/01/2026,S,C2,N1,U1,PR1,28/02/2026,X1",    /* 3 continued on 28/02: passes */
    "B,28/02/2026,P,C2,N1,U1,PR1,,",                /* 4 open */
    "C,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E3",    /* 5 care ended, restarts later: passes */
    "C,01/07/2025,S,C2,N1,U1,PR1,,X1",              /* 6 open with X1: not judged */
    "D,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1",    /* 7 last by date: fails */
    "D,,P,C2,N1,U1,PR1,01/05/2025,X1",              /* 8 no DECOM: first, next starts 01/05 */
    ",01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1",     /* 9 no CHILD: never judged */
    NULL,
  };
  EXPECT("E0 E1 E2 E7", run("388", NULL, ep));
  const char *ok[] = {"A,01/04/2025,S,C2,N1,U1,PR1,10/04/2025,X1", "A,10/04/2025,P,C2,N1,U1,PR1,,", NULL};
  EXPECT("", run("388", NULL, ok));
}

/* 389: transferred to adult social care (E7) before the 16th birthday. As
** the peer: an E7 episode with no DEC or no date of birth fails. */
static void test_389(void **state) {
  (void)state;
  const char *hd[] = {"A,01/01/2010", NULL};
  const char *ep[] = {
    "A,01/04/2025,S,V2,N1,U1,PR1,31/12/2025,E7",    /* 0 the day before (year end): fails */
    "A,01/04/2025,S,V2,N1,U1,PR1,01/01/2026,E7",    /* 1 on the birthday: passes */
    "A,01/04/2025,S,V2,N1,U1,PR1,31/12/2025,E8",    /* 2 other reason */
    "A,01/04/2025,S,V2,N1,U1,PR1,,E7",              /* 3 no DEC: fails */
    "B,01/04/2025,S,V2,N1,U1,PR1,01/01/2026,E7",    /* 4 no Header row: fails */
    NULL,
  };
  EXPECT("E0 E3 E4", run("389", hd, ep));
}

/* 390: adopted (E11, E12) from a placement other than A3-A6. */
static void test_390(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,E1,N1,A3,PR1,10/04/2025,E11",   /* 0 passes */
    "B,01/04/2025,S,E1,N1,U1,PR1,10/04/2025,E11",   /* 1 fails */
    "C,01/04/2025,S,E1,N1,,PR1,10/04/2025,E12",     /* 2 blank PLACE: fails */
    "D,01/04/2025,S,E1,N1,U1,PR1,10/04/2025,E13",   /* 3 not adoption */
    "E,01/04/2025,S,E1,N1,A6,PR1,10/04/2025,E12",   /* 4 passes */
    NULL,
  };
  EXPECT("E1 E2", run("390", NULL, ep));
}

/* 407: special guardianship (E45-E48) after the 18th birthday; reports the
** Header row too, each Header row of the child. */
static void test_407(void **state) {
  (void)state;
  const char *hd[] = {"A,01/02/2008", "B,01/02/2008", "C,29/02/2008", "C,29/02/2008", NULL};
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,01/02/2026,E45",   /* 0 on the birthday: passes */
    "B,01/04/2025,S,C2,N1,U1,PR1,02/02/2026,E48",   /* 1 the day after: fails */
    "B,01/04/2025,S,C2,N1,U1,PR1,02/02/2026,E41",   /* 2 other reason */
    "C,01/04/2025,S,C2,N1,U1,PR1,01/03/2026,E46",   /* 3 after 28/02: fails, both Header rows */
    "D,01/04/2025,S,C2,N1,U1,PR1,01/03/2026,E47",   /* 4 no Header row */
    NULL,
  };
  EXPECT("H1 H2 H3 E1 E3", run("407", hd, ep));
  const char *ok[] = {"C,01/04/2025,S,C2,N1,U1,PR1,28/02/2026,E47", NULL};
  EXPECT("", run("407", hd, ok));
}

/* 408: placed for adoption under a placement order (A5, A6) without LS E1. */
static void test_408(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,E1,N1,A5,PR1",   /* 0 passes */
    "B,01/04/2025,S,C2,N1,A6,PR1",   /* 1 fails */
    "C,01/04/2025,S,,N1,A5,PR1",     /* 2 blank LS: fails */
    "D,01/04/2025,S,C2,N1,A3,PR1",   /* 3 consent, not placement order */
    NULL,
  };
  EXPECT("E1 E2", run("408", NULL, ep));
}

/* 426: V3 and V4 for one child: every V3 and V4 episode of it fails. */
static void test_426(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,V3,N1,U1,PR1,02/04/2025,E8",   /* 0 fails */
    "A,01/05/2025,S,C2,N1,U1,PR1,02/05/2025,E8",   /* 1 other LS */
    "A,01/06/2025,S,V4,N1,U1,PR1,02/06/2025,E8",   /* 2 fails */
    "B,01/04/2025,S,V3,N1,U1,PR1,02/04/2025,E8",   /* 3 only V3 */
    "B,01/05/2025,S,V3,N1,U1,PR1,02/05/2025,E8",   /* 4 */
    "C,01/04/2025,S,V4,N1,U1,PR1,02/04/2025,E8",   /* 5 only V4 */
    NULL,
  };
  EXPECT("E0 E2", run("426", NULL, ep));
}

/* 431: RNE S on or before the day the previous episode ended. */
static void test_431(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,31/05/2025,E3",    /* 0 */
    "A,31/05/2025,S,C2,N1,U1,PR1,30/06/2025,E3",    /* 1 same day: fails */
    "A,01/07/2025,S,C2,N1,U1,PR1,,",                /* 2 the day after: passes */
    "B,10/04/2025,S,C2,N1,U1,PR1,,",                /* 3 before the previous ended: fails */
    "B,01/04/2025,S,C2,N1,U1,PR1,20/04/2025,E3",    /* 4 first by date */
    "C,01/04/2025,S,C2,N1,U1,PR1,,",                /* 5 previous open: passes */
    "C,10/04/2025,S,C2,N1,U1,PR1,,",                /* 6 */
    "D,01/04/2025,S,C2,N1,U1,PR1,31/05/2025,X1",    /* 7 */
    "D,31/05/2025,P,C2,N1,U1,PR1,,",                /* 8 continuation, not S */
    NULL,
  };
  EXPECT("E1 E3", run("431", NULL, ep));
}

/* 432: the previous episode ended care but RNE is not S (blank fails). */
static void test_432(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,E3",    /* 0 */
    "A,01/05/2025,P,C2,N1,U1,PR1,31/05/2025,E4A",   /* 1 after E3, P: fails */
    "A,01/06/2025,,C2,N1,U1,PR1,30/06/2025,X1",     /* 2 after E4A, blank: fails */
    "A,30/06/2025,P,C2,N1,U1,PR1,31/07/2025,E17",   /* 3 after X1: passes */
    "A,01/08/2025,S,C2,N1,U1,PR1,,",                /* 4 after E17, S: passes */
    "B,01/06/2025,P,C2,N1,U1,PR1,,",                /* 5 another child's first */
    NULL,
  };
  EXPECT("E1 E2", run("432", NULL, ep));
}

/* 433: a continuation RNE (P L T U B) not starting on the previous DEC, or
** with either blank. The dates are compared as written (as the peer does),
** and episodes starting the same day are ordered by DEC. */
static void test_433(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,X1",    /* 0 first: never judged */
    "A,30/04/2025,P,C2,N1,U1,PR1,31/05/2025,X1",    /* 1 on the DEC: passes */
    "A,01/06/2025,L,C2,N1,U1,PR1,,",                /* 2 the day after: fails */
    "B,01/04/2025,S,C2,N1,U1,PR1,,",                /* 3 open */
    "B,01/05/2025,T,C2,N1,U1,PR1,,",                /* 4 previous DEC blank: fails */
    "C,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,X1",    /* 5 */
    "C,1/5/2025,U,C2,N1,U1,PR1,,",                  /* 6 same day written differently: fails */
    "D,01/04/2025,S,C2,N1,U1,PR1,,",                /* 7 same DECOM, open: ordered last */
    "D,01/04/2025,B,C2,N1,U1,PR1,01/04/2025,X1",    /* 8 same DECOM and DEC as 9: first */
    "D,01/04/2025,S,C2,N1,U1,PR1,01/04/2025,X1",    /* 9 */
    "E,01/04/2025,S,C2,N1,U1,PR1,01/05/2025,E3",    /* 10 */
    "E,01/05/2025,S,C2,N1,U1,PR1,,",                /* 11 S: not a continuation */
    NULL,
  };
  EXPECT("E2 E4 E6", run("433", NULL, ep));
  /* Ordered by DECOM alone, 8 would follow the open 7 and fail: here the
  ** open episode comes after the one with a DEC. */
  const char *tie[] = {
    "D,01/04/2025,B,C2,N1,U1,PR1,,",                /* 0 open: last, previous DEC 02/04: fails */
    "D,01/04/2025,S,C2,N1,U1,PR1,02/04/2025,X1",    /* 1 first */
    NULL,
  };
  EXPECT("E0", run("433", NULL, tie));
}

/* 434: RNE L but the legal status is unchanged or the placement changed.
** Blank placement fields equal each other; a blank LS equals nothing. */
static void test_434(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C1,N1,U1,PR1,30/04/2025,X1,AB1 1AA,",         /* 0 */
    "A,30/04/2025,L,C2,N1,U1,PR1,31/05/2025,X1,AB1 1AA,",         /* 1 LS changed only: passes */
    "A,31/05/2025,L,C2,N1,U1,PR1,30/06/2025,X1,AB1 1AA,",         /* 2 same LS: fails */
    "A,30/06/2025,L,E1,N1,U1,PR1,31/07/2025,X1,AB1 1AA,SC1",      /* 3 URN changed: fails */
    "A,31/07/2025,L,C2,N1,U1,PR4,31/08/2025,X1,AB1 1AA,SC1",      /* 4 provider changed: fails */
    "A,31/08/2025,L,,N1,U1,PR4,30/09/2025,X1,AB1 1AA,SC1",        /* 5 blank LS: passes */
    "A,30/09/2025,L,,N1,U1,PR4,,,AB1 1AA,SC1",                    /* 6 blank LS both: passes */
    "B,01/04/2025,L,C2,N1,U1,PR1,,,AB1 1AA,",                     /* 7 first: never judged */
    NULL,
  };
  EXPECT("E2 E3 E4", run("434", NULL, ep));
}

/* 435: RNE P or T but the legal status changed, or the placement is the same
** in every field. A blank LS counts as changed; blank placement fields are
** not equal. */
static void test_435(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,X1,AB1 1AA,SC1",      /* 0 */
    "A,30/04/2025,P,C2,N1,U4,PR1,31/05/2025,X1,AB1 1AA,SC1",      /* 1 placement changed: passes */
    "A,31/05/2025,T,C1,N1,U1,PR1,30/06/2025,X1,AB1 1AA,SC1",      /* 2 LS changed: fails */
    "A,30/06/2025,P,C1,N1,U1,PR1,31/07/2025,X1,AB1 1AA,SC1",      /* 3 nothing changed: fails */
    "A,31/07/2025,P,C1,N1,U1,PR1,31/08/2025,X1,AB1 1AA,",         /* 4 URN blank now: passes */
    "A,31/08/2025,P,C1,N1,U1,PR1,30/09/2025,X1,AB1 1AA,",         /* 5 URN blank both: passes */
    "A,30/09/2025,T,,N1,K2,PR1,,,AB1 1AA,",                       /* 6 blank LS: fails */
    NULL,
  };
  EXPECT("E2 E3 E6", run("435", NULL, ep));
}

/* 436: RNE B or U but the legal status is unchanged, or the placement is the
** same in every field. Blanks equal each other here. */
static void test_436(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C1,N1,U1,PR1,30/04/2025,X1,AB1 1AA,",         /* 0 */
    "A,30/04/2025,B,C2,N1,U4,PR1,31/05/2025,X1,AB1 1AA,",         /* 1 both changed: passes */
    "A,31/05/2025,U,C2,N1,U1,PR1,30/06/2025,X1,AB1 1AA,",         /* 2 same LS: fails */
    "A,30/06/2025,B,E1,N1,U1,PR1,31/07/2025,X1,AB1 1AA,",         /* 3 same placement: fails */
    "A,31/07/2025,B,,N1,U1,PR1,31/08/2025,X1,AB2 2BB,",           /* 4 both changed: passes */
    "A,31/08/2025,U,,N1,U4,PR1,,,AB2 2BB,",                       /* 5 blank LS both: fails */
    NULL,
  };
  EXPECT("E2 E3 E5", run("436", NULL, ep));
}

/* 437: ceased E2 or E15 but a later episode follows (even one without a
** DECOM); an episode without a DECOM is not judged. */
static void test_437(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,E2",   /* 0 followed: fails */
    "A,01/06/2025,S,C2,N1,U1,PR1,,",               /* 1 */
    "B,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,E15",  /* 2 last: passes */
    "C,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,E15",  /* 3 followed by a blank DECOM: fails */
    "C,,S,C2,N1,U1,PR1,,E2",                       /* 4 no DECOM: not judged */
    "D,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,E3",   /* 5 other reason */
    "D,01/06/2025,S,C2,N1,U1,PR1,,",               /* 6 */
    NULL,
  };
  EXPECT("E0 E3", run("437", NULL, ep));
}

/* 460: stayed with carers at 18 (E17) but ceased before the 18th birthday. */
static void test_460(void **state) {
  (void)state;
  const char *hd[] = {"A,31/03/2008", "B,", NULL};
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/03/2026,E17",   /* 0 the day before: fails */
    "A,01/04/2025,S,C2,N1,U1,PR1,31/03/2026,E17",   /* 1 on the birthday: passes */
    "A,01/04/2025,S,C2,N1,U1,PR1,30/03/2026,E8",    /* 2 other reason */
    "A,01/04/2025,S,C2,N1,U1,PR1,,E17",             /* 3 no DEC */
    "B,01/04/2025,S,C2,N1,U1,PR1,30/03/2026,E17",   /* 4 no DOB */
    NULL,
  };
  EXPECT("E0", run("460", hd, ep));
}

/* 501: an episode starts before the previous one ended. */
static void test_501(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,31/01/2026,X1",    /* 0 */
    "A,30/01/2026,P,C2,N1,U1,PR1,28/02/2026,X1",    /* 1 starts the day before: fails */
    "A,28/02/2026,P,C2,N1,U1,PR1,,",                /* 2 on the DEC: passes */
    "B,01/04/2025,S,C2,N1,U1,PR1,,",                /* 3 open */
    "B,01/05/2025,S,C2,N1,U1,PR1,,",                /* 4 previous open: passes */
    "C,01/04/2025,S,C2,N1,U1,PR1,31/03/2026,E3",    /* 5 */
    "C,,S,C2,N1,U1,PR1,,",                          /* 6 no DECOM: passes */
    NULL,
  };
  EXPECT("E1", run("501", NULL, ep));
}

/* 504: a continuation episode (previous X1 ending the day it began) with a
** different category of need. */
static void test_504(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,X1",    /* 0 */
    "A,30/04/2025,P,C2,N2,U1,PR1,31/05/2025,X1",    /* 1 CIN changed: fails */
    "A,31/05/2025,P,C2,N2,U1,PR1,30/06/2025,E3",    /* 2 same CIN: passes */
    "A,30/06/2025,P,C2,N3,U1,PR1,01/08/2025,X1",    /* 3 previous not X1: passes */
    "A,02/08/2025,P,C2,N4,U1,PR1,,",                /* 4 not the same day: passes */
    "B,01/04/2025,S,C2,N1,U1,PR1,30/04/2025,X1",    /* 5 */
    "B,30/04/2025,P,C2,,U1,PR1,,",                  /* 6 blank CIN: fails */
    NULL,
  };
  EXPECT("E1 E6", run("504", NULL, ep));
}

/* 516: special guardianship to former foster carers (E45, E46) from a
** placement other than U1-U6. */
static void test_516(void **state) {
  (void)state;
  const char *ep[] = {
    "A,01/04/2025,S,C2,N1,U3,PR1,30/04/2025,E45",   /* 0 passes */
    "B,01/04/2025,S,C2,N1,K2,PR1,30/04/2025,E46",   /* 1 fails */
    "C,01/04/2025,S,C2,N1,K2,PR1,30/04/2025,E47",   /* 2 other carers */
    "D,01/04/2025,S,C2,N1,,PR1,30/04/2025,E45",     /* 3 blank PLACE: fails */
    NULL,
  };
  EXPECT("E1 E3", run("516", NULL, ep));
}

/* 1012: rows of the other child-level tables for a child with no episode. */
static void test_1012(void **state) {
  (void)state;
  const char *ep[] = {"A,01/04/2025,S,C2,N1,U1,PR1,,", NULL};
  const char *other[] = {
    "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2010,01/05/2025,PN1\nB,01/01/2010,01/05/2025,PN1\n",
    "missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nB,01/01/2010,M,01/05/2025,02/05/2025\nA,01/01/2010,M,01/05/2025,02/05/2025\n",
    "oc2.csv", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
               "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
               "A,01/01/2010,10,,0,1,1,1,1,0,,\n",
    "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC,01/01/2007,YES,F1,U1\n",
    NULL,
  };
  EXPECT("Reviews1 Missing0", run_files("1012", NULL, ep, other));
  EXPECT("", run("1012", NULL, ep));
  EXPECT("skipped", run_files("1012", NULL, NULL, other));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
    cmocka_unit_test(test_386), cmocka_unit_test(test_387), cmocka_unit_test(test_388),
    cmocka_unit_test(test_389), cmocka_unit_test(test_390), cmocka_unit_test(test_407),
    cmocka_unit_test(test_408), cmocka_unit_test(test_426), cmocka_unit_test(test_431),
    cmocka_unit_test(test_432), cmocka_unit_test(test_433), cmocka_unit_test(test_434),
    cmocka_unit_test(test_435), cmocka_unit_test(test_436), cmocka_unit_test(test_437),
    cmocka_unit_test(test_460), cmocka_unit_test(test_501),
    cmocka_unit_test(test_504), cmocka_unit_test(test_516), cmocka_unit_test(test_1012),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
