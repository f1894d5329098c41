/*
** cli_check.c: `oversight check`, the operator's look at a database file:
** is it whole (every page readable, every index agreeing with its table),
** does every reference point at a row that exists, and has the audit log
** been tampered with. `serve` runs the quick form of the first at start.
*/
#include "cli.h"
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_check(int argc, char **argv) {
  const Cmd *c = cmd_find("check");
  Opt opts[] = {{"--quick", 0, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf report = {0};
  int n = db_check(db, opts[0].seen, &report);
  /* The audit chain only on a file that reads whole: on a damaged one its
  ** answer would be about the damage, already reported. */
  int64_t nChecked = 0, badId = 0;
  char *zWhy = NULL;
  int chain = n == 0 ? audit_verify(db, &nChecked, &badId, &zWhy) : 0;
  if (chain != 0) {
    buf_printf(&report, "audit log: %s\n", zWhy ? zWhy : "cannot be read");
    n = chain < 0 ? -1 : 1;
  }
  free(zWhy);
  db_close(db);
  if (report.z) fputs(report.z, stdout);
  buf_free(&report);
  if (n < 0) return failure(c, "%s could not be checked to the end: it is damaged (see above); restore it from a backup", g_zDbPath);
  if (n > 0) return failure(c, "%s has %d problem%s (listed above): restore it from a backup", g_zDbPath, n,
                            n == 1 ? "" : "s");
  printf("%s: no problems found (%s; audit log chain of %lld entries intact)\n", g_zDbPath,
         opts[0].seen ? "quick check" : "integrity and foreign keys", (long long)nChecked);
  return EXIT_OK;
}

/* serve's check at start: a quick_check, so a damaged file is refused
** before anyone is shown part of it. 0, or -1 after saying why. */
int check_before_serving(const Cmd *c, Db *db) {
  Buf report = {0};
  int n = db_check(db, 1, &report);
  if (n != 0) {
    fprintf(stderr, "%s", report.z ? report.z : "");
    failure(c, "%s is damaged, so it will not be served: run `oversight --db %s check`, and restore the "
               "last good backup", g_zDbPath, g_zDbPath);
  }
  buf_free(&report);
  return n == 0 ? 0 : -1;
}
