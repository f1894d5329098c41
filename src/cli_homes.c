/*
** cli_homes.c: the children's homes on the command line (SPEC §8).
**
**   oversight homes [--as-of DATE] [--status all|due-soon|overdue]
**       every home with what is due and overdue on DATE (default today)
**   oversight report qpag --month YYYY-MM [--format json|csv|xlsx|html] [--out FILE]
**       the monthly QPAG report (cli_reports.c hands it here; JSON in
**       docs/qpag-report.md)
**
** Export and import of the homes are cli.c's `export homes` and `import
** homes FILE` (columns in docs/homes-csv.md). Each view of a home's records
** is written to the audit log first, as on the web.
*/
#include "cli.h"
#include "audit.h"
#include "homes.h"
#include "reports.h"
#include "unregistered.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_homes(int argc, char **argv) {
  const Cmd *c = cmd_find("homes");
  Opt opts[] = {{"--as-of", 1, NULL, 0}, {"--status", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  static const char *const azStatus[] = {"all", "due-soon", "overdue"};
  int which = opt_choice(c, &opts[1], azStatus, 3, 0);
  Date asOf;
  if (which < 0 || opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int64_t *aId;
  int n = home_ids(db, &aId), ec = EXIT_OK, nOver = 0;
  if (n < 0) {
    ec = failure(c, "cannot read the homes, so none are shown: %s", db_errmsg(db));
    n = 0;
  }
  db_begin(db);
  int arc = DB_OK;
  for (int i = 0; i < n && arc == DB_OK; i++) arc = home_audit_view(db, aId[i], audit_cli_actor());
  if (arc == DB_OK) arc = db_commit(db);
  else db_rollback(db);
  if (arc != DB_OK) {
    ec = failure(c, "cannot write the audit log, so the homes are not shown: %s", db_errmsg(db));
    n = 0;
  }
  char z[24], zD[11];
  for (int i = 0; i < n && ec == EXIT_OK; i++) {
    HomeRecords h;
    if (!home_load(db, aId[i], &h)) {
      /* A listed home that does not load is a failed read. */
      ec = failure(c, "cannot read the home's records, so the list stops here: %s", db_errmsg(db));
      break;
    }
    HomeItemList l = {0};
    home_due(&h, asOf, 0, &l);
    printf("%s (URN %s)\n", h.home.zName, h.home.zUrn);
    int shown = 0;
    for (int k = 0; k < l.n; k++) {
      const HomeItem *it = &l.a[k];
      nOver += it->status == ST_OVERDUE;
      if (which == 1 && it->status != ST_DUE_SOON && it->status != ST_DUE_TODAY) continue;
      if (which == 2 && it->status != ST_OVERDUE) continue;
      printf("    %-9s due %s  %s: %s\n", status_name(it->status), date_iso(it->due, zD), home_item_label(it->kind),
             it->zWhat);
      shown++;
    }
    if (!shown) printf("    nothing %s\n", which == 2 ? "overdue" : which == 1 ? "due soon" : "open");
    home_items_free(&l);
    home_clear(&h);
  }
  if (ec == EXIT_OK) {
    if (!n) printf("No children's homes are recorded.\n");
    else printf("%d home%s; %d item%s overdue on %s.\n", n, n == 1 ? "" : "s", nOver, nOver == 1 ? "" : "s",
                date_long(asOf, z));
  }
  free(aId);
  db_close(db);
  return ec;
}

int report_qpag_cli(const Cmd *c, const char *zMonth, const char *zFormat, Date asOf, const char *zOut) {
  static const char *const azFmt[] = {"json", "csv", "xlsx", "html"};
  int fmt = 0;
  if (zFormat) {
    fmt = -1;
    for (int i = 0; i < COUNT(azFmt); i++) {
      if (strcmp(zFormat, azFmt[i]) == 0) fmt = i;
    }
    if (fmt < 0) return usage_error(c, "--format for qpag must be one of json, csv, xlsx, html, not \"%s\"", zFormat);
  }
  if (!zMonth) return usage_error(c, "qpag needs --month YYYY-MM");
  int month;
  if (month_parse(zMonth, &month) != 0) return usage_error(c, "--month must be a month as YYYY-MM, not \"%s\"", zMonth);
  if (month_first_day(month) > asOf) {
    char z[24];
    return usage_error(c, "%s has not started yet: choose this month or an earlier one", month_long(month, z));
  }
  if (fmt == 2 && !zOut) return usage_error(c, "--format xlsx needs --out FILE");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  QpagReport r;
  qpag_report(db, month, asOf, &r);
  int ec = EXIT_OK;
  if (qpag_report_audit(db, &r, audit_cli_actor()) != DB_OK) {
    ec = failure(c, "cannot write the audit log, so the report is not produced: %s", db_errmsg(db));
  } else if (r.readError) {
    ec = failure(c, "the homes' records could not all be read, so the report is not produced: %s", db_errmsg(db));
  } else {
    Buf b = {0};
    const char *zErr = NULL;
    if (fmt == 0) qpag_report_json(&r, &b);
    else if (fmt == 1) qpag_report_csv(&r, &b);
    else if (fmt == 3) qpag_report_html(&r, &b);
    else if (reports_xlsx_buf(r.aTab, QPAG_N_TABLES, &b, &zErr) != 0) {
      ec = failure(c, "cannot make the Excel file: %s", zErr);
    }
    if (ec == EXIT_OK && write_out(c, &b, zOut) != 0) ec = EXIT_FAIL;
    else if (ec == EXIT_OK && zOut) {
      char z[24];
      printf("Wrote the QPAG report for %s (%d homes, %d Regulation 44 visits, %d overdue QPAG actions) to %s.\n",
             month_long(month, z), r.nHome, r.aTab[QPAG_REG44].nRow, r.aTab[QPAG_OVERDUE_ACTIONS].nRow, zOut);
    }
    buf_free(&b);
  }
  qpag_report_free(&r);
  db_close(db);
  return ec;
}
