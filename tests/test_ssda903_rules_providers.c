/*
** test_ssda903_rules_providers.c: the SSDA903 rules checking an episode's
** Ofsted URN against the provider lists (219, 221, 224, 227, 228, 229,
** 1008), and the reading of the lists' CSV. Without the lists each rule is
** skipped, never passed.
*/
#include "testutil.h"
#include "ssda903.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EPS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
/* An episode row: child, DECOM, LS, PLACE, PLACE_PROVIDER, DEC, PL_POST, URN. */
#define EP(c, decom, ls, place, pr, dec, pl, urn) \
  c "," decom ",S," ls ",N1," place "," pr "," dec ",,,TW1 1AA," pl "," urn "\n"

/* SC1 is a children's home in the council (by its postcode); SC2 a home
** in Westminster, closed on 1 March 2026, and on both lists with
** different codes; SC3 names its LA; SC4 has a postcode the table lacks. */
static const char zProviders[] =
  "urn,place_codes,provider_codes,reg_end,postcode,la\n"
  "SC1,K2,PR1/PR2,,tw2 2bb,\n"
  "SC2,K2,PR3,01/03/2026,SW1 1AA,\n"
  "SC2,\"K1, K2\",PR4,-,SW11AA,\n"
  "SC3,K2,PR2,2026-01-15,SW1 1AA,E09000027\n"
  "SC4,K2,PR2,,ZZ9 9ZZ,\n"
  ",notes at the end of Ofsted's list,,,,\n";

static const char zPostcodes[] =
  "pcd,oseast1m,osnrth1m,laua\n"
  "TW1 1AA,517000,173000,E09000027\n"
  "TW2 2BB,517300,173400,E09000027\n"
  "SW1 1AA,530000,180000,E09000033\n";

static char zGot[4096];

static char *temp_file(const char *z) {
  char *zPath = xstrdup("/tmp/test903prXXXXXX");
  int fd = mkstemp(zPath);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, z, strlen(z)), (ssize_t)strlen(z));
  close(fd);
  return zPath;
}

static Providers903 *load_providers(const char *z, Buf *pErr) {
  char *zPath = temp_file(z);
  Providers903 *p = providers903_load(zPath, pErr);
  unlink(zPath);
  free(zPath);
  return p;
}

/* Run rule zCode on an episodes text, with the lists when withLists: its
** failures as "row row ...", or "skipped". */
static const char *run(const char *zCode, const char *zEpisodes, int withLists) {
  Return903 r;
  r903_init(&r, 2026);
  snprintf(r.zLa, sizeof r.zLa, "E09000027");
  Buf err = {0};
  char *zPath = temp_file(zPostcodes);
  r.pPostcodes = postcodes903_load(zPath, &err);
  unlink(zPath);
  free(zPath);
  assert_non_null(r.pPostcodes);
  if (withLists) {
    r.pProviders = load_providers(zProviders, &err);
    if (!r.pProviders) fail_msg("%s", err.z);
  }
  if (r903_add_text(&r, "episodes.csv", zEpisodes, strlen(zEpisodes), &err) != 0) fail_msg("%s", err.z);
  r903_finish(&r);
  buf_free(&err);
  int ran = r903_check_one(&r, zCode);
  assert_true(ran >= 0);
  size_t n = 0;
  zGot[0] = 0;
  if (!ran) snprintf(zGot, sizeof zGot, "skipped");
  for (int i = 0; ran && i < r.nErr; i++)
    n += (size_t)snprintf(zGot + n, sizeof(zGot) - n, "%s%d", n ? " " : "", r.aErr[i].row);
  r903_free(&r);
  return zGot;
}

static void test_table_entries_are_complete(void **state) {
  (void)state;
  int n = 0;
  for (const Rule903 *p = aRules903Providers; p->zCode; p++, n++) {
    assert_non_null(p->xCheck);
    assert_true(p->zMsg && p->zMsg[0]);
    assert_true(p->flags & R903_PROVIDERS);
    assert_int_equal(p->mTables, TB(T_EPISODES));
  }
  assert_int_equal(n, 7);
}

static void test_skipped_without_lists(void **state) {
  (void)state;
  const char *z = EPS EP("A", "01/05/2025", "C2", "K2", "PR1", "", "TW2 2BB", "SC9");
  const char *az[] = {"219", "221", "224", "227", "228", "229", "1008"};
  for (size_t i = 0; i < sizeof az / sizeof *az; i++) assert_string_equal(run(az[i], z, 0), "skipped");
  Return903 r;
  r903_init(&r, 2026);
  int n;
  const Rule903 *const *ap = r903_rules(2026, &n);
  Buf err = {0};
  assert_true(r903_add_text(&r, "e.csv", z, strlen(z), &err) == 0);
  buf_free(&err);
  r903_finish(&r);
  for (int i = 0; i < n; i++)
    if (!strcmp(ap[i]->zCode, "1008")) assert_int_equal(r903_skip_reason(&r, ap[i], NULL), R903_SKIP_PROVIDERS);
  r903_free(&r);
}

static void test_load_refuses(void **state) {
  (void)state;
  Buf err = {0};
  assert_null(load_providers("URN,PLACE_CODES,PROVIDER_CODES,POSTCODE\n", &err));
  assert_non_null(strstr(err.z, "there is no REG_END column"));
  buf_reset(&err);
  assert_null(load_providers("URN,PLACE_CODES,PROVIDER_CODES,REG_END,POSTCODE\nSC1,K2,PR1,31/02/2026,TW1 1AA\n", &err));
  assert_non_null(strstr(err.z, "line 2: column REG_END: \"31/02/2026\" is not a date"));
  buf_reset(&err);
  Providers903 *p = load_providers(zProviders, &err);
  assert_non_null(p);
  assert_int_equal(providers903_count(p), 5);
  providers903_free(p);
  buf_free(&err);
}

/* 1008: a URN on neither list; blank and XXXXXXX are never checked. */
static void test_1008(void **state) {
  (void)state;
  assert_string_equal(run("1008", EPS EP("A", "01/05/2025", "C2", "K2", "PR1", "", "", "SC1")
                                      EP("A", "01/06/2025", "C2", "K2", "PR1", "", "", "SC9")
                                      EP("A", "01/07/2025", "C2", "K2", "PR1", "", "", "")
                                      EP("A", "01/08/2025", "C2", "K2", "PR1", "", "", "XXXXXXX")
                                      EP("A", "01/09/2025", "C2", "K2", "PR1", "", "", "sc2"),
                          1),
                      "1");
}

/* 219 and 224: the code must be one of the URN's, on every row it has; an
** unlisted URN fails both. */
static void test_219_224(void **state) {
  (void)state;
  const char *z = EPS EP("A", "01/05/2025", "C2", "K2", "PR2", "", "", "SC1")   /* ok; PR2 after "/" */
      EP("A", "01/06/2025", "C2", "K1", "PR1", "", "", "SC1")                   /* K1 not SC1's */
      EP("A", "01/07/2025", "C2", "K2", "PR3", "", "", "SC2")                   /* PR3 only on one row */
      EP("A", "01/08/2025", "C2", "K1", "PR1", "", "", "SC9")                   /* unlisted */
      EP("A", "01/09/2025", "C2", "", "", "", "", "SC1")                        /* blank codes */
      EP("A", "01/10/2025", "C2", "K1", "PR1", "", "", "XXXXXXX");
  assert_string_equal(run("219", z, 1), "1 3 4");
  assert_string_equal(run("224", z, 1), "2 3 4");
}

/* 221: the postcode of a home, secure unit or hostel placement, not a
** short break, must be the provider's, spaces aside. */
static void test_221(void **state) {
  (void)state;
  const char *z = EPS EP("A", "01/05/2025", "C2", "K2", "PR1", "", "TW22BB", "SC1")
      EP("A", "01/06/2025", "C2", "K2", "PR1", "", "TW1 1AA", "SC1")   /* wrong */
      EP("A", "01/07/2025", "V3", "K2", "PR1", "", "TW1 1AA", "SC1")   /* short break */
      EP("A", "01/08/2025", "C2", "U1", "PR1", "", "TW1 1AA", "SC1")   /* foster placement */
      EP("A", "01/09/2025", "C2", "K2", "PR1", "", "", "SC1")          /* no postcode */
      EP("A", "01/10/2025", "C2", "S1", "PR1", "", "TW1 1AA", "SC9")   /* unlisted */
      EP("A", "01/11/2025", "C2", "K2", "PR1", "", "SW1 1AA", "SC2");  /* both rows agree */
  assert_string_equal(run("221", z, 1), "1 5");
}

/* 227 and 228 against SC2's end of registration (1 March 2026; its other
** row has none) and SC3's (15 January 2026). */
static void test_227_228(void **state) {
  (void)state;
  const char *z = EPS EP("A", "28/02/2026", "C2", "K2", "PR1", "01/03/2026", "", "SC2")   /* ok */
      EP("A", "01/03/2026", "C2", "K2", "PR1", "02/03/2026", "", "SC2")                    /* starts the day it ended */
      EP("A", "01/02/2026", "C2", "K2", "PR1", "", "", "SC2")                              /* open on 31 March */
      EP("A", "01/02/2026", "C2", "K2", "PR1", "", "", "SC1")                              /* still registered */
      EP("A", "14/01/2026", "C2", "K2", "PR1", "16/01/2026", "", "SC3")                    /* ends after */
      EP("A", "14/01/2026", "C2", "K2", "PR1", "", "", "SC9");                             /* unlisted */
  assert_string_equal(run("227", z, 1), "1");
  assert_string_equal(run("228", z, 1), "1 2 4");
}

/* 229: PR1 must be a provider in the council, PR2 one outside it; the
** provider's LA is its LA column, else its postcode's; unknown is outside. */
static void test_229(void **state) {
  (void)state;
  const char *z = EPS EP("A", "01/05/2025", "C2", "K2", "PR1", "", "", "SC1")   /* in, PR1: ok */
      EP("A", "01/06/2025", "C2", "K2", "PR2", "", "", "SC1")                   /* in, PR2 */
      EP("A", "01/07/2025", "C2", "K2", "PR1", "", "", "SC2")                   /* Westminster, PR1 */
      EP("A", "01/08/2025", "C2", "K2", "PR2", "", "", "SC2")                   /* ok */
      EP("A", "01/09/2025", "C2", "K2", "PR2", "", "", "SC3")                   /* LA column says in */
      EP("A", "01/10/2025", "C2", "K2", "PR1", "", "", "SC4")                   /* unknown postcode */
      EP("A", "01/11/2025", "C2", "K2", "PR2", "", "", "SC4")                   /* ok */
      EP("A", "01/12/2025", "C2", "K2", "PR1", "", "", "SC9")                   /* unlisted */
      EP("A", "01/01/2026", "C2", "K2", "PR3", "", "", "SC2");                  /* neither PR1 nor PR2 */
  assert_string_equal(run("229", z, 1), "1 2 4 5 7");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete), cmocka_unit_test(test_skipped_without_lists),
    cmocka_unit_test(test_load_refuses),               cmocka_unit_test(test_1008),
    cmocka_unit_test(test_219_224),                    cmocka_unit_test(test_221),
    cmocka_unit_test(test_227_228),                    cmocka_unit_test(test_229),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
