/*
** cli_check.c: `oversight check`, the operator's look at a database file:
** is it whole (every page readable, every index agreeing with its table),
** does every reference point at a row that exists, and has the audit log
** been tampered with. `serve` runs the quick form of the first at start;
** `backup` and `restore` run the whole of it on the copy they make.
*/
#include "cli.h"
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int check_database(Db *db, int quick, Buf *pReport, int64_t *pnAudit) {
  *pnAudit = 0;
  int n = db_check(db, quick, pReport);
  /* The audit chain only on a file that reads whole: on a damaged one its
  ** answer would be about the damage, already reported. */
  int64_t badId = 0;
  char *zWhy = NULL;
  int chain = n == 0 ? audit_verify(db, pnAudit, &badId, &zWhy) : 0;
  if (chain != 0) {
    buf_printf(pReport, "audit log: %s\n", zWhy ? zWhy : "cannot be read");
    n = chain < 0 ? -1 : 1;
  }
  free(zWhy);
  return n;
}

int cmd_check(int argc, char **argv) {
  const Cmd *c = cmd_find("check");
  Opt opts[] = {{"--quick", 0, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf report = {0};
  int64_t nChecked = 0;
  int n = check_database(db, opts[0].seen, &report, &nChecked);
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

/* ---- What a checked copy holds, in words ---------------------------------- */

/* n with thousands separated by commas, as people write counts. */
static void buf_count(Buf *b, int64_t n) {
  char z[32];
  int len = snprintf(z, sizeof z, "%lld", (long long)n);
  int sign = z[0] == '-';
  for (int i = 0; i < len; i++) {
    if (i > sign && (len - i) % 3 == 0) buf_putc(b, ',');
    buf_putc(b, z[i]);
  }
}

static void buf_size(Buf *b, int64_t n) {
  if (n >= 1024 * 1024) buf_printf(b, "%.1f MB (", n / (1024.0 * 1024.0));
  else if (n >= 1024) buf_printf(b, "%.1f kB (", n / 1024.0);
  buf_count(b, n);
  buf_printf(b, " bytes%s", n >= 1024 ? ")" : "");
}

/* An audit entry's time (UTC, as audit.c writes it) in this machine's
** time, with how long ago: an operator reading "the last entry was two
** minutes ago" knows the copy is current without doing arithmetic. */
static void buf_when(Buf *b, const char *zAt) {
  struct tm tm = {0};
  int y, mo, d, h, mi, s;
  if (sscanf(zAt, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
    buf_puts(b, zAt);
    return;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  time_t t = timegm(&tm);
  struct tm local;
  char zDay[16], zRest[64];
  localtime_r(&t, &local);
  strftime(zDay, sizeof zDay, "%A", &local);
  strftime(zRest, sizeof zRest, "%B %Y at %H:%M:%S %Z", &local);
  buf_printf(b, "%s %d %s", zDay, local.tm_mday, zRest);
  long ago = (long)difftime(time(NULL), t);
  if (ago < 0) buf_puts(b, " (in the future: check this machine's clock)");
  else if (ago < 120) buf_puts(b, " (just now)");
  else if (ago < 2 * 3600) buf_printf(b, " (%ld minutes ago)", ago / 60);
  else if (ago < 2 * 86400) buf_printf(b, " (%ld hours ago)", ago / 3600);
  else buf_printf(b, " (%ld days ago)", ago / 86400);
}

int check_copy(const Cmd *c, const char *zPath, const char *zName, Buf *pSummary) {
  char *zErr = NULL;
  Db *db = db_open(zPath, &zErr);
  if (!db) {
    /* The message names the file opened, a temporary copy: name the one
    ** the operator gave. It may quote a damaged schema: keep it short. */
    const char *zWhy = zErr;
    size_t n = strlen(zPath);
    for (const char *z = zErr; (z = strstr(z, zPath)) != NULL; z += n) zWhy = z + n;
    while (*zWhy == ':' || *zWhy == ' ') zWhy++;
    failure(c, "%s cannot be opened as an Oversight database: %.200s", zName, zWhy);
    free(zErr);
    return -1;
  }
  Buf report = {0};
  int64_t nAudit = 0;
  int n = check_database(db, 0, &report, &nAudit);
  if (n != 0) {
    fprintf(stderr, "%s", report.z ? report.z : "");
    buf_free(&report);
    db_close(db);
    if (n < 0) failure(c, "%s could not be checked to the end: it is damaged (see above)", zName);
    else failure(c, "%s has %d problem%s (listed above)", zName, n, n == 1 ? "" : "s");
    return -1;
  }
  buf_free(&report);
  struct stat st;
  int64_t nBytes = stat(zPath, &st) == 0 ? (int64_t)st.st_size : -1;
  static const struct { const char *zLabel, *zSql; } aCount[] = {
    {"children", "SELECT count(*) FROM child"},
    {"reviews", "SELECT count(*) FROM review"},
    {"users", "SELECT count(*) FROM users"},
  };
  buf_puts(pSummary, "  size:              ");
  buf_size(pSummary, nBytes);
  buf_putc(pSummary, '\n');
  for (int i = 0; i < COUNT(aCount); i++) {
    buf_printf(pSummary, "  %s:%*s", aCount[i].zLabel, 18 - (int)strlen(aCount[i].zLabel), "");
    buf_count(pSummary, db_int(db, 0, aCount[i].zSql, ""));
    buf_putc(pSummary, '\n');
  }
  buf_puts(pSummary, "  audit log entries: ");
  buf_count(pSummary, nAudit);
  buf_puts(pSummary, ", the chain intact\n");
  Stmt *s = db_prepare(db, "SELECT at, actor, action, record FROM audit_log ORDER BY id DESC LIMIT 1");
  if (db_step(s) == DB_ROW) {
    buf_puts(pSummary, "  last audit entry:  ");
    buf_when(pSummary, db_col_text(s, 0));
    buf_printf(pSummary, "\n                     by %s: %s %s\n", db_col_text(s, 1), db_col_text(s, 2),
               db_col_text(s, 3));
  } else {
    buf_puts(pSummary, "  last audit entry:  none (the log is empty)\n");
  }
  db_finalize(s);
  /* The figures are read after the check: a read failing now is a
  ** failure of the copy too, not a zero to print. */
  int failed = db_failed(db);
  if (failed) failure(c, "%s could not be read to the end: %s", zName, db_failure(db));
  db_close(db);
  return failed ? -1 : 0;
}
