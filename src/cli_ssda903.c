/*
** cli_ssda903.c: `oversight validate 903`, checking a council's SSDA903
** return with the DfE's rules of its collection year before it is sent.
**
** Failures go to standard output (or --errors FILE) as rule,table,row,child,
** the form the DfE's tools and the peer validator print, so a council can
** compare them line for line; the per-rule summary goes to standard error.
** The exit status is 0 for a clean return, 1 when any rule failed.
*/
#include "cli.h"
#include "ssda903.h"
#include "ssda903_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int valid_la(const char *z) {
  if (strlen(z) != 9 || !strchr("ENSW", z[0])) return 0;
  for (int i = 1; i < 9; i++)
    if (z[i] < '0' || z[i] > '9') return 0;
  return 1;
}

/* Every rule of the year: code, the tables it reads, whether it can run,
** its message. */
static int list_rules(int year) {
  int n;
  const Rule903 *const *ap = r903_rules(year, &n);
  printf("rule,tables,runs,message\n");
  for (int i = 0; i < n; i++) {
    Buf b = {0}, tables = {0};
    for (int t = 0; t < T_COUNT; t++)
      if (ap[i]->mTables & TB(t)) buf_printf(&tables, "%s%s", tables.n ? ";" : "", az903Table[t]);
    buf_csv(&b, ap[i]->zCode);
    buf_putc(&b, ',');
    buf_csv(&b, tables.z ? tables.z : "");
    /* A rule needing both says so: tests/ssda903/compare reads this. */
    unsigned f = ap[i]->flags & (R903_LAST_YEAR | R903_POSTCODES | R903_PROVIDERS);
    buf_puts(&b, f == (R903_LAST_YEAR | R903_POSTCODES) ? ",with --last-year and --postcodes,"
                 : f == R903_LAST_YEAR                  ? ",with --last-year,"
                 : f == R903_POSTCODES                  ? ",with --postcodes,"
                 : f == R903_PROVIDERS                  ? ",with --providers,"
                                                        : ",yes,");
    buf_csv(&b, ap[i]->zMsg);
    printf("%s\n", b.z);
    buf_free(&b);
    buf_free(&tables);
  }
  return EXIT_OK;
}

/* Last year's return, read on a thread of its own (cmd_validate). */
typedef struct LastRead {
  Return903 *r;
  const char *zDir;
  Buf err;
  int rc;
  pthread_t thread;
} LastRead;

/* CPU seconds of the process (every thread) so far. */
static double process_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *read_last(void *pArg) {
  LastRead *p = pArg;
  p->rc = r903_add_dir(p->r, p->zDir, &p->err);
  if (p->rc == 0) r903_finish(p->r);
  return NULL;
}

int cmd_validate(int argc, char **argv) {
  const Cmd *c = cmd_find("validate");
  enum { O_YEAR, O_LA, O_POSTCODES, O_ERRORS, O_RULES, O_LIST, O_LAST, O_PROVIDERS, O_HELD, O_N };
  Opt opts[O_N] = {[O_YEAR] = {"--year", 1, NULL, 0}, [O_LA] = {"--la", 1, NULL, 0},
                   [O_POSTCODES] = {"--postcodes", 1, NULL, 0}, [O_ERRORS] = {"--errors", 1, NULL, 0},
                   [O_RULES] = {"--rules", 1, NULL, 0}, [O_LIST] = {"--list", 0, NULL, 0},
                   [O_LAST] = {"--last-year", 1, NULL, 0}, [O_PROVIDERS] = {"--providers", 1, NULL, 0},
                   [O_HELD] = {"--last-year-held", 0, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (opts[O_HELD].seen && opts[O_LAST].seen) {
    return usage_error(c, "give last year's return once: --last-year FOLDER, or --last-year-held for the one "
                          "Oversight holds");
  }
  long year = R903_DEFAULT_YEAR;
  if (opts[O_YEAR].seen) {
    char *zEnd;
    year = strtol(opts[O_YEAR].zValue, &zEnd, 10);
    if (*zEnd || year < 1992 || year > 2100) {
      return usage_error(c, "--year '%s' is not a year: give the year the collection ends, e.g. 2026",
                         opts[O_YEAR].zValue);
    }
  }
  if (opts[O_LIST].seen) return list_rules((int)year);
  if (nPos != 2 || strcmp(aPos[0], "903") != 0) {
    return usage_error(c, "say what to validate: validate 903 FOLDER --year YEAR");
  }
  if (!opts[O_YEAR].seen) {
    return usage_error(c, "--year is needed: the year the collection ends, e.g. --year 2026 for 2025/26");
  }
  if (opts[O_LA].seen && !valid_la(opts[O_LA].zValue)) {
    return usage_error(c, "--la '%s' is not a local authority code such as E09000027", opts[O_LA].zValue);
  }
  Return903 r;
  r903_init(&r, (int)year);
  Buf err = {0};
  if (opts[O_LA].seen) snprintf(r.zLa, sizeof r.zLa, "%s", opts[O_LA].zValue);
  if (opts[O_POSTCODES].seen) {
    r.pPostcodes = postcodes903_load(opts[O_POSTCODES].zValue, &err);
    if (!r.pPostcodes) {
      fprintf(stderr, "oversight validate: %s", err.z ? err.z : "cannot read the postcodes\n");
      buf_free(&err);
      r903_free(&r);
      return EXIT_FAIL;
    }
  }
  if (opts[O_PROVIDERS].seen) {
    r.pProviders = providers903_load(opts[O_PROVIDERS].zValue, &err);
    if (!r.pProviders) {
      fprintf(stderr, "oversight validate: the provider lists cannot be read, so nothing was checked:\n%s",
              err.z ? err.z : "");
      buf_free(&err);
      r903_free(&r);
      return EXIT_FAIL;
    }
  }
  /* Last year's return is read as this one is, for the year before, with
  ** the same postcodes and authority (the rules comparing a placement's
  ** area or distance across the two years need both derived alike), and
  ** on a thread of its own while this year's is read: the two are
  ** independent, and on two cores that halves the wait for both. */
  /* OVERSIGHT_903_TIMES=1: the reading's seconds too, on stderr (see
  ** r903_validate): the CPU seconds of every thread reading, and the wall. */
  const char *zTimes = getenv("OVERSIGHT_903_TIMES");
  int timed = zTimes && *zTimes == '1';
  double wall0 = timed ? wall_clock() : 0, cpu0 = timed ? process_cpu() : 0;
  LastRead lr = {0};
  int lastThread = 0;
  if (opts[O_LAST].seen) {
    lr.r = xmalloc(sizeof(*lr.r));
    r903_init(lr.r, (int)year - 1);
    memcpy(lr.r->zLa, r.zLa, sizeof lr.r->zLa);
    lr.r->pPostcodes = r.pPostcodes;
    lr.r->sharedPostcodes = 1;
    lr.zDir = opts[O_LAST].zValue;
    lastThread = pthread_create(&lr.thread, NULL, read_last, &lr) == 0;
    if (!lastThread) read_last(&lr);
  }
  int rcThis = r903_add_dir(&r, aPos[1], &err);
  if (rcThis == 0) r903_finish(&r);
  if (lastThread) pthread_join(lr.thread, NULL);
  if (timed) fprintf(stderr, "read-cpu %.4f\nread-wall %.4f\n", process_cpu() - cpu0, wall_clock() - wall0);
  if (lr.r) r.pLast = lr.r;   /* owned by r from here: r903_free frees it */
  if (rcThis != 0 || lr.rc != 0) {
    if (rcThis != 0) fprintf(stderr, "oversight validate: the return cannot be read, so nothing was checked:\n%s", err.z);
    else fprintf(stderr, "oversight validate: last year's return cannot be read, so nothing was checked:\n%s", lr.err.z);
    buf_free(&err);
    buf_free(&lr.err);
    r903_free(&r);
    return EXIT_FAIL;
  }
  buf_free(&lr.err);
  if (opts[O_HELD].seen) {
    /* Last year's return as Oversight holds it (loaded with import 903 a
    ** year ago), read back as a folder of files would be. */
    Db *db = open_db(c);
    int held = db ? s903_held_last_year(db, &r, &err) : -1;
    if (db) db_close(db);
    if (held <= 0) {
      if (held == 0) {
        fprintf(stderr, "oversight validate: Oversight holds no %ld/%02ld return to compare with: load it with "
                        "import 903, or give its files with --last-year FOLDER\n", year - 2, (year - 1) % 100);
      } else {
        fprintf(stderr, "oversight validate: last year's return cannot be read from the database, so nothing "
                        "was checked:\n%s", err.z ? err.z : "");
      }
      buf_free(&err);
      r903_free(&r);
      return EXIT_FAIL;
    }
  }
  int nRule;
  const Rule903 *const *ap = r903_rules(r.year, &nRule);
  unsigned char *aSkip = xmalloc((size_t)nRule + 1);
  memset(aSkip, 0, (size_t)nRule + 1);
  const char *zOnly = opts[O_RULES].seen ? opts[O_RULES].zValue : NULL;
  r903_validate(&r, zOnly, aSkip);

  FILE *out = stdout;
  if (opts[O_ERRORS].seen) {
    out = fopen(opts[O_ERRORS].zValue, "w");
    if (!out) {
      free(aSkip);
      r903_free(&r);
      buf_free(&err);
      return failure(c, "cannot write %s", opts[O_ERRORS].zValue);
    }
  }
  Buf b = {0};
  buf_puts(&b, "rule,table,row,child\n");
  for (int i = 0; i < r.nErr; i++) {
    const Err903 *e = &r.aErr[i];
    const T903 *t = &r.a[e->table];
    buf_csv(&b, ap[e->rule]->zCode);
    buf_printf(&b, ",%s,%d,", az903Table[e->table], e->row);
    buf_csv(&b, c903(t, e->row, 0));
    buf_putc(&b, '\n');
    if (b.n > (1 << 16)) {
      fwrite(b.z, 1, b.n, out);
      buf_reset(&b);
    }
  }
  fwrite(b.z, 1, b.n, out);
  buf_free(&b);
  int ioErr = ferror(out);
  if (out != stdout && fclose(out) != 0) ioErr = 1;
  if (ioErr) {
    free(aSkip);
    r903_free(&r);
    buf_free(&err);
    return failure(c, "could not write all the failures out");
  }

  /* The summary: each failing rule with its count and message, then what
  ** could not be checked and why. */
  int *aCount = xmalloc(sizeof(int) * (size_t)(nRule + 1));
  memset(aCount, 0, sizeof(int) * (size_t)(nRule + 1));
  for (int i = 0; i < r.nErr; i++) aCount[r.aErr[i].rule]++;
  int nRun = 0, nFailRule = 0, nSkip = 0;
  for (int i = 0; i < nRule; i++) {
    if (zOnly && !in903(ap[i]->zCode, zOnly)) continue;
    if (aSkip[i]) {
      nSkip++;
      continue;
    }
    nRun++;
    if (aCount[i]) {
      nFailRule++;
      fprintf(stderr, "%-6s %6d  %s\n", ap[i]->zCode, aCount[i], ap[i]->zMsg);
    }
  }
  /* Skipped rules, grouped by what they lacked, so the user knows which
  ** file to add. */
  unsigned char *aSaid = xmalloc((size_t)nRule + 1);
  memset(aSaid, 0, (size_t)nRule + 1);
  for (int i = 0; i < nRule; i++) {
    if (!aSkip[i] || aSaid[i]) continue;
    unsigned mMissing;
    int why = r903_skip_reason(&r, ap[i], &mMissing);
    if (why == R903_SKIP_LAST_YEAR) {
      fprintf(stderr, "Not checked: needs last year's return (--last-year FOLDER):");
    } else if (why == R903_SKIP_LAST_FILES) {
      fprintf(stderr, "Not checked, as last year's return has no");
      const char *zSep = " ";
      for (int t = 0; t < T_COUNT; t++)
        if (mMissing & TB(t)) fprintf(stderr, "%s%s", zSep, az903Table[t]), zSep = " or ";
      fprintf(stderr, " file:");
    } else if (why == R903_SKIP_POSTCODES) {
      fprintf(stderr, "Not checked, as they need the distance or area of each placement (--postcodes FILE):");
    } else if (why == R903_SKIP_PROVIDERS) {
      fprintf(stderr, "Not checked: needs the provider lists (--providers FILE):");
    } else {
      fprintf(stderr, "Not checked, as the return has no");
      const char *zSep = " ";
      for (int t = 0; t < T_COUNT; t++)
        if (mMissing & TB(t)) fprintf(stderr, "%s%s", zSep, az903Table[t]), zSep = " or ";
      fprintf(stderr, " file:");
    }
    for (int j = i; j < nRule; j++) {
      if (!aSkip[j] || aSaid[j]) continue;
      unsigned m;
      if (r903_skip_reason(&r, ap[j], &m) != why || m != mMissing) continue;
      fprintf(stderr, " %s", ap[j]->zCode);
      aSaid[j] = 1;
    }
    fputc('\n', stderr);
  }
  free(aSaid);
  /* A code from another year's rules would otherwise just check nothing. */
  for (const char *z = zOnly; z && *z;) {
    size_t k = strcspn(z, " ");
    int found = 0;
    for (int i = 0; i < nRule && !found; i++) found = strlen(ap[i]->zCode) == k && !strncmp(ap[i]->zCode, z, k);
    if (k && !found) fprintf(stderr, "No rule %.*s in the %d/%02d rules.\n", (int)k, z, r.year - 1, r.year % 100);
    z += k;
    while (*z == ' ') z++;
  }
  int nChild = r.a[T_HEADER].nRow;
  fprintf(stderr, "%d children: %d rule%s checked, %d with failures (%d failure%s), %d skipped.\n", nChild, nRun,
          nRun == 1 ? "" : "s", nFailRule, r.nErr, r.nErr == 1 ? "" : "s", nSkip);
  int ec = r.nErr ? EXIT_FAIL : EXIT_OK;
  free(aCount);
  free(aSkip);
  buf_free(&err);
  r903_free(&r);
  return ec;
}
