/*
** cli_private_fostering.c: private fostering (SPEC §7) from the command
** line. The work is done in private_fostering.c; this file turns
** arguments into its calls and its results into lines.
**
**   oversight report private-fostering [--from DATE --to DATE] [--format json|csv|xlsx|html] [--out FILE]
**   oversight private-fostering due [--worker USER] [--as-of DATE]
**   oversight private-fostering reasons
**   oversight private-fostering details ID [--reason CODE] [--sex M|F|U] [--ethnicity CODE]
**
** Export and import are cli.c's `export private-fostering` and
** `import private-fostering FILE`.
*/
#include "cli.h"
#include "audit.h"
#include "child_records.h"
#include "private_fostering.h"
#include "reports.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_report_private_fostering(int argc, char **argv) {
  const Cmd *c = cmd_find("report");
  enum { O_FROM, O_TO, O_FORMAT, O_OUT, O_ASOF, O_N };
  Opt opts[O_N] = {[O_FROM] = {"--from", 1, NULL, 0}, [O_TO] = {"--to", 1, NULL, 0},
                   [O_FORMAT] = {"--format", 1, NULL, 0}, [O_OUT] = {"--out", 1, NULL, 0},
                   [O_ASOF] = {"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  static const char *const azFmt[] = {"json", "csv", "xlsx", "html"};
  int fmt = opt_choice(c, &opts[O_FORMAT], azFmt, 4, 0);
  Date today, from, to;
  if (fmt < 0 || opt_date(c, &opts[O_ASOF], &today) < 0) return EXIT_USAGE;
  pf_report_default_period(today, &from, &to);
  if (opts[O_FROM].seen && opt_date(c, &opts[O_FROM], &from) < 0) return EXIT_USAGE;
  if (opts[O_TO].seen && opt_date(c, &opts[O_TO], &to) < 0) return EXIT_USAGE;
  if (to < from) return usage_error(c, "--to must be on or after --from");
  if (opts[O_OUT].seen && !opts[O_OUT].zValue[0]) return usage_error(c, "--out needs a file name");
  if (fmt == 2 && !opts[O_OUT].seen) return usage_error(c, "--format xlsx needs --out FILE");
  const char *zOut = opts[O_OUT].seen ? opts[O_OUT].zValue : NULL;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  PfReport r;
  rc = pf_report(db, from, to, today, &r);
  Buf b = {0};
  int ec = EXIT_OK;
  if (rc != DB_OK) {
    ec = failure(c, "cannot read the private fostering records, so the report is not produced: %s", db_errmsg(db));
  } else if (fmt == 2) {
    const char *zErr = NULL;
    if (reports_xlsx_buf(r.aTab, PFR_N, &b, &zErr) != 0) ec = failure(c, "cannot make the Excel file: %s", zErr);
  } else if (fmt == 0) {
    pf_report_json(&r, &b);
  } else if (fmt == 1) {
    pf_report_csv(&r, &b);
  } else {
    pf_report_html(&r, &b);
  }
  if (ec == EXIT_OK && write_out(c, &b, zOut) != 0) ec = EXIT_FAIL;
  if (ec == EXIT_OK && zOut) {
    char z1[24], z2[24];
    printf("Wrote the private fostering report for %s to %s to %s.\n", date_long(from, z1), date_long(to, z2), zOut);
  }
  buf_free(&b);
  pf_report_free(&r);
  db_close(db);
  return ec;
}

/* The reasons' code list, one "code<TAB>words" a line, in order. */
static int pf_reasons_cmd(const Cmd *c) {
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  PfReasons r;
  int ec = EXIT_OK;
  if (pf_reasons_load(db, &r) != 0) {
    ec = failure(c, "cannot read the list of reasons: %s", db_errmsg(db));
  } else {
    for (int i = 0; i < r.n; i++) printf("%s\t%s\n", r.azCode[i], r.azWords[i]);
    pf_reasons_free(&r);
  }
  db_close(db);
  return ec;
}

/* Record or correct why the child is privately fostered, their sex and
** ethnicity: what is given changes, the rest stays ("" clears one). */
static int pf_details_cmd(const Cmd *c, const char *zId, const Opt *oWhy, const Opt *oSex, const Opt *oEth) {
  long id;
  if (parse_int(zId, 1, 2000000000L, &id) != 0) return usage_error(c, "ID must be an arrangement's number, not \"%s\"", zId);
  if (!oWhy->seen && !oSex->seen && !oEth->seen) return usage_error(c, "give --reason, --sex or --ethnicity");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  PfArrangement a;
  int ec = EXIT_OK;
  if (!pf_load(db, id, &a)) {
    ec = failure(c, "there is no private fostering arrangement %ld", id);
  } else {
    Errors e = {0};
    const char *zWhy = oWhy->seen ? oWhy->zValue : a.zWhy, *zSex = oSex->seen ? oSex->zValue : a.zSex;
    const char *zEth = oEth->seen ? oEth->zValue : a.zEthnicity;
    if (pf_details_save(db, id, zWhy, zSex, zEth, audit_cli_actor(), &e) != 0) {
      /* The form's words name the field; here the option and its codes. */
      for (int i = 0; i < e.n; i++) {
        const char *zOpt = strcmp(e.a[i].zField, "pf_reason") == 0 ? "--reason"
                           : strcmp(e.a[i].zField, "child_sex") == 0 ? "--sex"
                           : strcmp(e.a[i].zField, "child_ethnicity") == 0 ? "--ethnicity" : e.a[i].zField;
        fprintf(stderr, "oversight private-fostering: %s: %s\n", zOpt, e.a[i].zMsg);
        if (strcmp(zOpt, "--reason") == 0) fprintf(stderr, "  (see `oversight private-fostering reasons` for the codes)\n");
        if (strcmp(zOpt, "--sex") == 0) fprintf(stderr, "  (M, F or U)\n");
        if (strcmp(zOpt, "--ethnicity") == 0) fprintf(stderr, "  (a DfE code, like WBRI or BAFR)\n");
      }
      ec = EXIT_FAIL;
    } else {
      PfReasons r;
      const char *zWords = "not recorded";
      int haveList = pf_reasons_load(db, &r) == 0;
      if (haveList && zWhy[0]) zWords = pf_reason_words(&r, zWhy);
      printf("Arrangement %ld: why privately fostered: %s; sex: %s; ethnicity: %s.\n", id, zWords,
             zSex[0] ? pf_sex_words(zSex) : "not recorded",
             zEth[0] ? code_words(child_ethnicity, child_n_ethnicity, zEth) : "not recorded");
      if (haveList) pf_reasons_free(&r);
    }
    pf_clear(&a);
  }
  db_close(db);
  return ec;
}

/* Every open item of every arrangement (or one worker's), overdue first. */
int cmd_private_fostering(int argc, char **argv) {
  const Cmd *c = cmd_find("private-fostering");
  enum { O_WORKER, O_ASOF, O_REASON, O_SEX, O_ETH, O_N };
  Opt opts[O_N] = {[O_WORKER] = {"--worker", 1, NULL, 0}, [O_ASOF] = {"--as-of", 1, NULL, 0},
                   [O_REASON] = {"--reason", 1, NULL, 0}, [O_SEX] = {"--sex", 1, NULL, 0},
                   [O_ETH] = {"--ethnicity", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 1 && strcmp(aPos[0], "reasons") == 0) return pf_reasons_cmd(c);
  if (nPos >= 1 && strcmp(aPos[0], "details") == 0) {
    if (nPos != 2) return usage_error(c, "details needs the arrangement's number");
    return pf_details_cmd(c, aPos[1], &opts[O_REASON], &opts[O_SEX], &opts[O_ETH]);
  }
  if (nPos != 1 || strcmp(aPos[0], "due") != 0) return usage_error(c, "give a subcommand: due, reasons or details");
  Date asOf;
  if (opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  PfList l;
  int ec = EXIT_OK;
  if (pf_list(db, opts[O_WORKER].seen ? opts[O_WORKER].zValue : NULL, &l) < 0) {
    ec = failure(c, "cannot read the arrangements, so nothing is shown: %s", db_errmsg(db));
  } else if (pf_audit_view(db, l.a, l.n, audit_cli_actor(), "private-fostering due") != DB_OK) {
    ec = failure(c, "cannot write the audit log, so nothing is shown: %s", db_errmsg(db));
  } else {
    int nItem = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < l.n; i++) {
        PfItemList il = {0};
        pf_due_items(&l.a[i], asOf, 0, &il);
        for (int k = 0; k < il.n; k++) {
          /* Overdue first, then the rest. */
          if ((il.a[k].status == ST_OVERDUE) != (pass == 0)) continue;
          char z[11];
          printf("%-9s %-16s due %s  pf:%lld %s (%s)\n", status_name(il.a[k].status), pf_item_name(il.a[k].kind),
                 date_iso(il.a[k].due, z), (long long)l.a[i].id, l.a[i].zChild, l.a[i].zTeam);
          nItem++;
        }
        pf_items_free(&il);
      }
    }
    char z[24];
    if (!nItem) printf("Nothing is due on %s.\n", date_long(asOf, z));
  }
  pf_list_free(&l);
  db_close(db);
  return ec;
}
