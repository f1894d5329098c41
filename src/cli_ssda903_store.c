/*
** cli_ssda903_store.c: `oversight import 903 FOLDER` and `oversight export
** 903 --year YEAR FOLDER`, loading a council's SSDA903 returns and writing
** one back out (issue 6; docs/ssda903-import.md).
**
** `import` and `export` in cli.c hand a first argument of "903" here: the
** 903 return is a folder of files with a collection year, not one CSV.
*/
#include "cli.h"
#include "audit.h"
#include "ssda903_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_year(const Cmd *c, const Opt *o, int *pYear) {
  long y;
  if (parse_int(o->zValue, 1992, 2100, &y) != 0) {
    usage_error(c, "--year '%s' is not a year: give the year the collection ends, e.g. 2026 for 2025/26",
                o->zValue);
    return -1;
  }
  *pYear = (int)y;
  return 0;
}

/* On a terminal the count rewrites one line; in a log file (--progress
** with stderr redirected) each count is a line of its own. */
static void progress(void *pArg, int nDone, int nTotal) {
  (void)pArg;
  if (isatty(2)) {
    fprintf(stderr, "\r%d of %d rows compared", nDone, nTotal);
    if (nDone >= nTotal) fputc('\n', stderr);
  } else {
    fprintf(stderr, "%d of %d rows compared\n", nDone, nTotal);
  }
}

#define LIST_MAX 50   /* items of each list printed; --changes FILE has them all */

static int write_changes(const Cmd *c, const char *zPath, const Plan903 *p) {
  Buf b = {0};
  s903_plan_csv(p, &b);
  FILE *f = fopen(zPath, "w");
  int rc = 0;
  if (!f || fwrite(b.z, 1, b.n, f) != b.n) rc = -1;
  if (f && fclose(f) != 0) rc = -1;
  buf_free(&b);
  if (rc) failure(c, "cannot write %s: %s", zPath, strerror(errno));
  return rc;
}

int cmd_import_903(int argc, char **argv) {
  const Cmd *c = cmd_find("import");
  enum { O_YEAR, O_PROGRESS, O_DRY, O_CHANGES, O_N };
  Opt opts[O_N] = {[O_YEAR] = {"--year", 1, NULL, 0}, [O_PROGRESS] = {"--progress", 0, NULL, 0},
                   [O_DRY] = {"--dry-run", 0, NULL, 0}, [O_CHANGES] = {"--changes", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) {
    return usage_error(c, "say which folder holds the return: import 903 FOLDER [--year YEAR] [--dry-run] "
                          "[--changes FILE]");
  }
  int year = 0;
  if (opts[O_YEAR].seen && parse_year(c, &opts[O_YEAR], &year) != 0) return EXIT_USAGE;

  /* Read with a provisional year: the reader needs one, and only the
  ** rules (not run here) depend on it. */
  Return903 r;
  r903_init(&r, year ? year : 2026);
  Buf err = {0};
  if (r903_add_dir(&r, aPos[1], &err) != 0) {
    fprintf(stderr, "oversight import: the return cannot be read, so nothing was loaded:\n%s", err.z);
    buf_free(&err);
    r903_free(&r);
    return EXIT_FAIL;
  }
  r903_finish(&r);
  if (!year) {
    year = s903_guess_year(&r);
    if (!year) {
      buf_free(&err);
      r903_free(&r);
      return usage_error(c, "the return has no episode or review dates to tell its year from: give --year");
    }
    fprintf(stderr, "Collection year %d/%02d (from the latest date in the return; --year chooses another).\n",
            year - 1, year % 100);
  }
  r.year = year;
  Db *db = open_db(c);
  if (!db) {
    buf_free(&err);
    r903_free(&r);
    return EXIT_FAIL;
  }
  Import903 st;
  Plan903 plan;
  memset(&plan, 0, sizeof plan);
  int show = opts[O_PROGRESS].seen || isatty(2);
  int dry = opts[O_DRY].seen;
  if (dry) {
    /* The very comparison the load makes, without its transaction: the
    ** dry run takes no write lock and writes nothing. */
    int nBad = s903_check(&r, &err);
    if (nBad) {
      buf_printf(&err, "Nothing was loaded: %d problem%s to correct.\n", nBad, nBad == 1 ? "" : "s");
      rc = -1;
    } else if (s903_plan(db, &r, &plan, show ? progress : NULL, NULL) != 0) {
      buf_printf(&err, "The database could not be read: %s\n", db_errmsg(db));
      rc = -1;
    }
  } else {
    rc = s903_sync(db, &r, audit_cli_actor(), &st, &plan, 0, &err, show ? progress : NULL, NULL);
  }
  db_close(db);
  int ec = rc == 0 ? EXIT_OK : EXIT_FAIL;
  if (rc != 0) {
    fputs(err.z ? err.z : "Nothing was loaded.\n", stderr);
  } else {
    Buf b = {0};
    printf("The %d/%02d return from %s, compared with what Oversight holds:\n", year - 1, year % 100, aPos[1]);
    s903_plan_text(&plan, LIST_MAX, &b);
    fputs(b.z, stdout);
    buf_reset(&b);
    if (dry) {
      printf("Dry run: nothing was written.\n");
    } else if (!st.nChange) {
      printf("Nothing to load: no changes.\n");
    } else {
      s903_import_summary(&st, &b);
      printf("Loaded the %d/%02d return from %s: %s.\n", year - 1, year % 100, aPos[1], b.z);
    }
    buf_free(&b);
    if (opts[O_CHANGES].seen && write_changes(c, opts[O_CHANGES].zValue, &plan) != 0) ec = EXIT_FAIL;
  }
  s903_plan_free(&plan);
  buf_free(&err);
  r903_free(&r);
  return ec;
}

/* Write one file beside its name and rename it into place: a failed
** export never leaves half a file where a whole one was. */
static int write_file(const Cmd *c, const char *zDir, const char *zName, const Buf *b) {
  char *zPath = xmprintf("%s/%s", zDir, zName);
  char *zTmp = xmprintf("%s.partial", zPath);
  FILE *f = fopen(zTmp, "w");
  int rc = 0;
  if (!f) {
    rc = failure(c, "cannot write %s: %s", zTmp, strerror(errno));
  } else {
    size_t n = b->n ? fwrite(b->z, 1, b->n, f) : 0;
    if (fclose(f) != 0 || n != b->n) rc = failure(c, "cannot write %s", zTmp);
    else if (rename(zTmp, zPath) != 0) rc = failure(c, "cannot write %s: %s", zPath, strerror(errno));
    if (rc) remove(zTmp);
  }
  free(zTmp);
  free(zPath);
  return rc;
}

int cmd_export_903(int argc, char **argv) {
  const Cmd *c = cmd_find("export");
  enum { O_YEAR, O_N };
  Opt opts[O_N] = {[O_YEAR] = {"--year", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) return usage_error(c, "say which folder to write the return to: export 903 --year YEAR FOLDER");
  if (!opts[O_YEAR].seen) {
    return usage_error(c, "--year is needed: the year the collection ends, e.g. --year 2026 for 2025/26");
  }
  int year;
  if (parse_year(c, &opts[O_YEAR], &year) != 0) return EXIT_USAGE;
  struct stat st;
  if (stat(aPos[1], &st) != 0) {
    if (mkdir(aPos[1], 0777) != 0) return failure(c, "cannot make the folder %s: %s", aPos[1], strerror(errno));
  } else if (!S_ISDIR(st.st_mode)) {
    return failure(c, "%s is not a folder", aPos[1]);
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf aOut[T_COUNT], err = {0};
  memset(aOut, 0, sizeof aOut);
  int nChild = 0;
  int ec = EXIT_OK;
  if (s903_export(db, year, audit_cli_actor(), aOut, &nChild, &err) != 0) {
    ec = failure(c, "%s", err.z ? err.z : "the export failed");
  } else {
    int nFile = 0;
    for (int t = 0; t < T_COUNT && ec == EXIT_OK; t++) {
      if (!aOut[t].n) continue;
      if (write_file(c, aPos[1], az903File[t], &aOut[t]) != 0) ec = EXIT_FAIL;
      else nFile++;
    }
    if (ec == EXIT_OK) {
      printf("Wrote the %d/%02d return (%d child%s) to %s: %d files.\n", year - 1, year % 100, nChild,
             nChild == 1 ? "" : "ren", aPos[1], nFile);
    }
  }
  for (int t = 0; t < T_COUNT; t++) buf_free(&aOut[t]);
  buf_free(&err);
  db_close(db);
  return ec;
}
