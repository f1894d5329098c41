/*
** cli_check.c: `oversight check`, the operator's look at a database file:
** is it whole (every page readable, every index agreeing with its table),
** does every reference point at a row that exists, and has the audit log
** been tampered with. `serve` runs the quick form of the first at start.
*/
#include "cli.h"

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
  db_close(db);
  if (report.z) fputs(report.z, stdout);
  buf_free(&report);
  if (n < 0) return failure(c, "%s could not be checked to the end: it is damaged (see above); restore it from a backup", g_zDbPath);
  if (n > 0) return failure(c, "%s has %d problem%s (listed above): restore it from a backup", g_zDbPath, n,
                            n == 1 ? "" : "s");
  printf("%s: no problems found (%s)\n", g_zDbPath,
         opts[0].seen ? "quick check" : "integrity and foreign keys");
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
