/*
** cli_lado.c: the Designated Officer's KPI report on the command line
** (SPEC §6). Export and import of the tracker are cli.c's `export lado`
** and `import lado`.
**
**   oversight report lado --from DATE --to DATE [--format json|csv|xlsx|html]
**                         [--out FILE] [--as-of DATE]
**
** JSON (the default) has one key per KPI and table (docs/lado-report.md);
** xlsx needs --out FILE. Work not yet due on --as-of (default today) is
** left out of the timeliness figures.
*/
#include "cli.h"
#include "audit.h"
#include "lado.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_report_lado(int argc, char **argv) {
  const Cmd *c = cmd_find("report");
  enum { O_FROM, O_TO, O_FORMAT, O_OUT, O_ASOF, O_N };
  Opt opts[O_N] = {[O_FROM] = {"--from", 1, NULL, 0}, [O_TO] = {"--to", 1, NULL, 0},
                   [O_FORMAT] = {"--format", 1, NULL, 0}, [O_OUT] = {"--out", 1, NULL, 0},
                   [O_ASOF] = {"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (!opts[O_FROM].seen || !opts[O_TO].seen) {
    return usage_error(c, "lado needs --from DATE and --to DATE, for example --from 2025-04-01 --to 2026-03-31");
  }
  static const char *const azFmt[] = {"json", "csv", "xlsx", "html"};
  int fmt = opt_choice(c, &opts[O_FORMAT], azFmt, 4, 0);
  Date from, to, asOf;
  if (fmt < 0 || opt_date(c, &opts[O_FROM], &from) < 0 || opt_date(c, &opts[O_TO], &to) < 0 ||
      opt_date(c, &opts[O_ASOF], &asOf) < 0) {
    return EXIT_USAGE;
  }
  if (to < from) return usage_error(c, "--to (%s) is before --from (%s)", opts[O_TO].zValue, opts[O_FROM].zValue);
  if (opts[O_OUT].seen && !opts[O_OUT].zValue[0]) return usage_error(c, "--out needs a file name");
  if (fmt == 2 && !opts[O_OUT].seen) return usage_error(c, "--format xlsx needs --out FILE");
  const char *zOut = opts[O_OUT].seen ? opts[O_OUT].zValue : NULL;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  LadoReport r;
  lado_report(db, from, to, asOf, &r);
  char zPeriod[64];
  lado_period_words(from, to, zPeriod, sizeof zPeriod);
  int ec = EXIT_OK;
  /* Figures only, no one's record: one entry says the report was made. */
  if (audit_write(db, audit_cli_actor(), "lado.report", "lado:report", NULL, zPeriod, NULL) != DB_OK) {
    ec = failure(c, "cannot write the audit log, so the report is not produced: %s", db_errmsg(db));
  } else {
    Buf b = {0};
    if (fmt == 0) lado_report_json(&r, &b);
    else if (fmt == 1) lado_report_csv(&r, &b);
    else if (fmt == 3) lado_report_html(&r, &b);
    else {
      const char *zErr = NULL;
      if (reports_xlsx_buf(r.aTab, LADO_KPI_N, &b, &zErr) != 0) {
        ec = failure(c, "cannot make the Excel file: %s", zErr);
      }
    }
    if (ec == EXIT_OK && write_out(c, &b, zOut) != 0) ec = EXIT_FAIL;
    else if (ec == EXIT_OK && zOut) {
      printf("Wrote the Designated Officer KPI report for %s (%d contacts, %d referrals) to %s.\n", zPeriod,
             r.nContacts, r.nReferrals, zOut);
    }
    buf_free(&b);
  }
  lado_report_free(&r);
  db_close(db);
  return ec;
}
