/*
** cli_reports.c: the commands for reports, and for recording what must
** follow a placement in unregistered provision (SPEC §4, §9). Export and
** import of the oversight records are cli.c's `export` and `import`.
**
**   oversight report exceptions --month YYYY-MM [--format csv|html|xlsx] [--out FILE]
**   oversight report weekly [--as-of DATE] [--format csv|html|xlsx] [--out FILE]
**   oversight report annual [--from DATE --to DATE] [--format csv|html|xlsx|json] [--out FILE]
**
** --format xlsx needs --out FILE (an Excel workbook is a binary file; it is
** not written to standard output). The weekly report's week is the 7 days
** ending on --as-of (default today). The annual report's period defaults to
** the last full financial year (1 April to 31 March).
**   oversight unregistered list|notified|visit|record ...
**
** Each follows cli.c's conventions: a mistake in the call is one line
** naming the argument plus the usage (exit 2), a failure doing the work
** one line (exit 1).
*/
#include "cli.h"
#include "annual.h"
#include "audit.h"
#include "children.h"
#include "comparators.h"
#include "deadlines.h"
#include "iros.h"
#include "reports.h"
#include "unregistered.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) {
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, e->a[i].zField, e->a[i].zMsg);
  }
}

/* Write b to zPath (or standard output when NULL): 0, or -1 after saying
** why. A file is written beside its final name and renamed into place, so
** a failure never leaves half a report where the whole one was. */
int write_out(const Cmd *c, const Buf *b, const char *zPath) {
  if (!zPath) {
    fwrite(b->z ? b->z : "", 1, b->n, stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
      failure(c, "cannot write to standard output: %s", strerror(errno));
      return -1;
    }
    return 0;
  }
  char *zTmp = xmprintf("%s.tmp%ld", zPath, (long)getpid());
  FILE *f = fopen(zTmp, "wb");
  int ok = f && fwrite(b->z ? b->z : "", 1, b->n, f) == b->n;
  if (f && fclose(f) != 0) ok = 0;
  if (ok && rename(zTmp, zPath) != 0) ok = 0;
  if (!ok) {
    failure(c, "cannot write %s: %s", zPath, strerror(errno));
    unlink(zTmp);
  }
  free(zTmp);
  return ok ? 0 : -1;
}

/* ---- report ------------------------------------------------------------- */

/* Write the report in format fmt (0 CSV, 1 HTML, 2 Excel) to zOut or
** standard output. Excel is a binary file, so it needs --out (checked
** before this is called). 0, or -1 after saying why. */
static int write_report(const Cmd *c, const Buf *pText, const RTable *aTab, int nTab, int fmt,
                        const char *zOut) {
  if (fmt != 2) return write_out(c, pText, zOut);
  Buf x = {0};
  const char *zErr = NULL;
  int rc = reports_xlsx_buf(aTab, nTab, &x, &zErr);
  if (rc != 0) failure(c, "cannot make the Excel file: %s", zErr);
  else rc = write_out(c, &x, zOut);
  buf_free(&x);
  return rc;
}

static int report_exceptions(const Cmd *c, const Opt *pMonth, int fmt, Date asOf, const char *zOut) {
  int month;
  if (!pMonth->seen) return usage_error(c, "exceptions needs --month YYYY-MM");
  if (month_parse(pMonth->zValue, &month) != 0) {
    return usage_error(c, "--month must be a month as YYYY-MM, not \"%s\"", pMonth->zValue);
  }
  if (month_first_day(month) > asOf) {
    char z[24];
    return usage_error(c, "%s has not started yet: choose this month or an earlier one",
                       month_long(month, z));
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  ExceptionReport *r = unreg_exceptions(db, month, asOf);
  int ec = EXIT_OK;
  /* Each child's appearance in the report is a view of their record
  ** (SPEC §11): written before the report is, or the report is not. */
  if (r->readError) {
    ec = failure(c, "cannot read the records, so the report is not produced: %s", db_errmsg(db));
  } else if (unreg_exceptions_audit(db, r, audit_cli_actor()) != DB_OK) {
    ec = failure(c, "cannot write the audit log, so the report is not produced: %s", db_errmsg(db));
  } else {
    Buf b = {0};
    RTable t = {0};
    if (fmt == 0) unreg_exceptions_csv(r, &b);
    else if (fmt == 1) unreg_exceptions_html(r, &b);
    else exceptions_table(r, &t);
    if (write_report(c, &b, &t, 1, fmt, zOut) != 0) {
      ec = EXIT_FAIL;
    } else if (zOut) {
      char z[24];
      printf("Wrote the exceptions report for %s (%d placement%s in unregistered provision) to %s.\n",
             month_long(month, z), r->n, r->n == 1 ? "" : "s", zOut);
    }
    rtable_clear(&t);
    buf_free(&b);
  }
  unreg_exceptions_free(r);
  db_close(db);
  return ec;
}

static int report_weekly(const Cmd *c, int fmt, Date asOf, const char *zOut) {
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  WeeklyReport r;
  int ec = EXIT_OK;
  if (weekly_highlight(db, asOf, &r) != DB_OK) {
    ec = failure(c, "cannot read the records, so the report is not produced: %s", db_errmsg(db));
  } else if (weekly_audit(db, &r, audit_cli_actor()) != DB_OK) {
    ec = failure(c, "cannot write the audit log, so the report is not produced: %s", db_errmsg(db));
  } else {
    Buf b = {0};
    if (fmt == 0) weekly_csv(&r, &b);
    else if (fmt == 1) weekly_html(&r, &b);
    if (write_report(c, &b, r.aSec, WEEKLY_N_SECTIONS, fmt, zOut) != 0) {
      ec = EXIT_FAIL;
    } else if (zOut) {
      char z1[24], z2[24];
      printf("Wrote the weekly highlight report for %s to %s (%d reviews due, %d overdue items,"
             " %d escalation lines, %d in unregistered provision, %d waiting for an IRO) to %s.\n",
             date_long(r.weekStart, z1), date_long(r.asOf, z2),
             r.aSec[WEEKLY_REVIEWS_DUE].nRow, r.aSec[WEEKLY_OVERDUE].nRow,
             r.aSec[WEEKLY_ESCALATIONS].nRow, r.aSec[WEEKLY_UNREGISTERED].nRow,
             r.aSec[WEEKLY_WAITING].nRow, zOut);
    }
    buf_free(&b);
  }
  weekly_free(&r);
  db_close(db);
  return ec;
}

/* The annual report holds no child's name, only counts, so it is not a
** view of anyone's record and writes nothing to the audit log. */
static int report_annual(const Cmd *c, const Opt *pFrom, const Opt *pTo, int fmt, Date asOf,
                         const char *zOut) {
  Date from, to;
  annual_default_period(asOf, &from, &to);
  if (pFrom->seen != pTo->seen) return usage_error(c, "give both --from and --to, or neither for the last financial year");
  if (pFrom->seen && (opt_date(c, pFrom, &from) < 0 || opt_date(c, pTo, &to) < 0)) return EXIT_USAGE;
  if (from > to) return usage_error(c, "--from must be on or before --to");
  if (from > asOf) return usage_error(c, "--from is in the future: the period has not started yet");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  AnnualReport r;
  int ec = EXIT_OK;
  if (annual_report(db, from, to, &r) != DB_OK) {
    ec = failure(c, "cannot read the records: %s", db_errmsg(db));
  } else {
    Buf b = {0};
    if (fmt == 0) annual_csv(&r, &b);
    else if (fmt == 1) annual_html(&r, &b);
    else if (fmt == 3) {
      char *z = annual_json(&r);
      buf_puts(&b, z);
      free(z);
    }
    if (write_report(c, &b, r.aTab, AN_N, fmt, zOut) != 0) {
      ec = EXIT_FAIL;
    } else if (zOut) {
      char z1[24], z2[24];
      printf("Wrote the annual report for %s to %s (%lld children in care at the end, %lld reviews) to %s.\n",
             date_long(from, z1), date_long(to, z2), (long long)rtable_cell(&r.aTab[AN_COUNTS], 0, 1)->v,
             (long long)rtable_cell(&r.aTab[AN_COUNTS], 3, 1)->v, zOut);
    }
    buf_free(&b);
  }
  annual_free(&r);
  db_close(db);
  return ec;
}

int cmd_report(int argc, char **argv) {
  /* The Designated Officer's report has its own options (cli_lado.c). */
  if (argc > 1 && strcmp(argv[1], "lado") == 0) return cmd_report_lado(argc, argv);
  const Cmd *c = cmd_find("report");
  /* The private fostering report takes a period, not a month or a week. */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "private-fostering") == 0 && strcmp(argv[i - 1], "--out") != 0) {
      return cmd_report_private_fostering(argc, argv);
    }
  }
  enum { O_MONTH, O_FORMAT, O_OUT, O_ASOF, O_FROM, O_TO, O_N };
  Opt opts[O_N] = {[O_MONTH] = {"--month", 1, NULL, 0}, [O_FORMAT] = {"--format", 1, NULL, 0},
                   [O_OUT] = {"--out", 1, NULL, 0}, [O_ASOF] = {"--as-of", 1, NULL, 0},
                   [O_FROM] = {"--from", 1, NULL, 0}, [O_TO] = {"--to", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1) return usage_error(c, "say which report: annual, exceptions, lado, private-fostering, qpag or weekly");
  int weekly = strcmp(aPos[0], "weekly") == 0, annual = strcmp(aPos[0], "annual") == 0;
  if (strcmp(aPos[0], "qpag") == 0) {
    /* The children's homes report has its own formats (JSON first). */
    if (opts[O_FROM].seen || opts[O_TO].seen) return usage_error(c, "qpag does not take --from or --to: give --month");
    Date asOf;
    if (opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
    if (opts[O_OUT].seen && !opts[O_OUT].zValue[0]) return usage_error(c, "--out needs a file name");
    return report_qpag_cli(c, opts[O_MONTH].seen ? opts[O_MONTH].zValue : NULL,
                           opts[O_FORMAT].seen ? opts[O_FORMAT].zValue : NULL, asOf,
                           opts[O_OUT].seen ? opts[O_OUT].zValue : NULL);
  }
  if (!weekly && !annual && strcmp(aPos[0], "exceptions") != 0) {
    return usage_error(c, "unknown report \"%s\" (there are: annual, exceptions, lado, private-fostering, qpag, weekly)", aPos[0]);
  }
  if (!annual && (opts[O_FROM].seen || opts[O_TO].seen)) {
    return usage_error(c, "%s does not take --from or --to", aPos[0]);
  }
  if (annual && opts[O_MONTH].seen) return usage_error(c, "annual does not take --month: give --from and --to");
  if (weekly && opts[O_MONTH].seen) {
    return usage_error(c, "weekly does not take --month: give the week's last day with --as-of DATE");
  }
  static const char *const azFmt[] = {"csv", "html", "xlsx", "json"};
  int fmt = opt_choice(c, &opts[O_FORMAT], azFmt, annual ? 4 : 3, 0);
  Date asOf;
  if (fmt < 0 || opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
  if (opts[O_OUT].seen && !opts[O_OUT].zValue[0]) return usage_error(c, "--out needs a file name");
  /* An Excel workbook is a binary file: it goes to a file, never a terminal. */
  if (fmt == 2 && !opts[O_OUT].seen) return usage_error(c, "--format xlsx needs --out FILE");
  const char *zOut = opts[O_OUT].seen ? opts[O_OUT].zValue : NULL;
  if (annual) return report_annual(c, &opts[O_FROM], &opts[O_TO], fmt, asOf, zOut);
  return weekly ? report_weekly(c, fmt, asOf, zOut)
                : report_exceptions(c, &opts[O_MONTH], fmt, asOf, zOut);
}

/* ---- unregistered ------------------------------------------------------------- */


/* Children in unregistered provision on asOf, each with the exception
** flag and what is open for them. */
static int unregistered_list(const Cmd *c, Db *db, Date asOf) {
  ChildSet *cs = childset_load(db, NULL);
  if (cs->readError) {
    childset_free(cs);
    return failure(c, "cannot read the children's records, so none are listed: %s", db_errmsg(db));
  }
  DeadlineList dl = {0};
  char z[24], d1[11], d2[11];
  int n = 0, nUnder = 0;
  for (int i = 0; i < cs->n; i++) {
    const Child *ch = &cs->a[i];
    if (!unreg_placed_on(ch, asOf)) continue;
    int nSpell = unreg_spells(ch, asOf, NULL, 0);
    UnregSpell *a = xmalloc((size_t)nSpell * sizeof *a);
    unreg_spells(ch, asOf, a, nSpell);
    int under = unreg_is_exception(ch, asOf);
    n++;
    nUnder += under;
    printf("%-10s %s %s, age %d, since %s%s\n", ch->zRef, ch->zGiven, ch->zFamily,
           date_age(ch->dob, asOf), date_iso(a[nSpell - 1].start, d1),
           under ? "  EXCEPTION: under the exception age" : "");
    free(a);
    dl.n = 0;
    deadlines_unregistered(ch, &ch->unreg, asOf, 0, &dl);
    for (int k = 0; k < dl.n; k++) {
      printf("    %-9s %-17s due %s  %s\n", status_name(dl.a[k].status), item_name(dl.a[k].item),
             date_iso(dl.a[k].due, d2), item_label(dl.a[k].item));
    }
  }
  if (!n) printf("No children in unregistered provision on %s.\n", date_long(asOf, z));
  else printf("%d in unregistered provision on %s; %d under the exception age.\n", n,
              date_long(asOf, z), nUnder);
  deadlines_free(&dl);
  childset_free(cs);
  return EXIT_OK;
}

/* A yes/no option into *out (-1 when absent): 0, or -1 after a usage error. */
static int yes_no_opt(const Cmd *c, const Opt *o, int *out) {
  *out = -1;
  if (!o->seen) return 0;
  if (strcmp(o->zValue, "yes") == 0) *out = 1;
  else if (strcmp(o->zValue, "no") == 0) *out = 0;
  else {
    usage_error(c, "%s must be yes or no, not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

int cmd_unregistered(int argc, char **argv) {
  const Cmd *c = cmd_find("unregistered");
  enum { O_ON, O_BY, O_NOTE, O_ASOF, O_MONTH, O_RECORDED, O_IRO, O_CORRECT,
         O_A, O_B, O_C, O_D, O_NA, O_NB, O_NC, O_ND, O_N };
  Opt opts[O_N] = {
    [O_ON] = {"--on", 1, NULL, 0}, [O_BY] = {"--by", 1, NULL, 0}, [O_NOTE] = {"--note", 1, NULL, 0},
    [O_ASOF] = {"--as-of", 1, NULL, 0}, [O_MONTH] = {"--month", 1, NULL, 0},
    [O_RECORDED] = {"--recorded-on", 1, NULL, 0}, [O_IRO] = {"--iro", 1, NULL, 0},
    [O_CORRECT] = {"--correct", 0, NULL, 0},
    [O_A] = {"--a", 1, NULL, 0}, [O_B] = {"--b", 1, NULL, 0}, [O_C] = {"--c", 1, NULL, 0},
    [O_D] = {"--d", 1, NULL, 0}, [O_NA] = {"--note-a", 1, NULL, 0},
    [O_NB] = {"--note-b", 1, NULL, 0}, [O_NC] = {"--note-c", 1, NULL, 0},
    [O_ND] = {"--note-d", 1, NULL, 0},
  };
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: list, notified, visit or record");
  const char *zSub = aPos[0];
  int isList = strcmp(zSub, "list") == 0, isRecord = strcmp(zSub, "record") == 0;
  int isEvent = strcmp(zSub, "notified") == 0 || strcmp(zSub, "visit") == 0;
  if (!isList && !isRecord && !isEvent) return usage_error(c, "unknown subcommand \"%s\"", zSub);
  if (isList && nPos != 1) return usage_error(c, "list takes no child");
  if (!isList && nPos != 2) return usage_error(c, "%s needs the child's ID", zSub);
  /* Each subcommand takes only its own options: a stray one is a mistake. */
  static const unsigned char aAllowed[3][O_N] = {
    /* list */   {[O_ASOF] = 1},
    /* event */  {[O_ON] = 1, [O_BY] = 1, [O_NOTE] = 1, [O_ASOF] = 1},
    /* record */ {[O_ASOF] = 1, [O_MONTH] = 1, [O_RECORDED] = 1, [O_IRO] = 1, [O_CORRECT] = 1,
                  [O_A] = 1, [O_B] = 1, [O_C] = 1, [O_D] = 1, [O_NA] = 1, [O_NB] = 1,
                  [O_NC] = 1, [O_ND] = 1},
  };
  int which = isList ? 0 : isEvent ? 1 : 2;
  for (int i = 0; i < O_N; i++) {
    if (opts[i].seen && !aAllowed[which][i]) {
      return usage_error(c, "%s does not take %s", zSub, opts[i].zName);
    }
  }
  Date asOf, on = DATE_NONE, recorded = DATE_NONE;
  if (opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
  if (isEvent) {
    if (!opts[O_ON].seen) return usage_error(c, "%s needs --on DATE", zSub);
    if (opt_date(c, &opts[O_ON], &on) < 0) return EXIT_USAGE;
  }
  int aCheck[N_CHECKS];
  if (isRecord) {
    if (!opts[O_MONTH].seen) return usage_error(c, "record needs --month YYYY-MM");
    recorded = asOf;
    if (opts[O_RECORDED].seen && opt_date(c, &opts[O_RECORDED], &recorded) < 0) return EXIT_USAGE;
    for (int k = 0; k < N_CHECKS; k++) {
      if (yes_no_opt(c, &opts[O_A + k], &aCheck[k]) < 0) return EXIT_USAGE;
    }
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  if (isList) {
    int ec = unregistered_list(c, db, asOf);
    db_close(db);
    return ec;
  }
  ChildSet *cs = load_one(c, db, aPos[1]);
  if (!cs) {
    db_close(db);
    return EXIT_FAIL;
  }
  const Child *ch = &cs->a[0];
  Errors e = {0};
  int ec = EXIT_OK;
  char z[24];
  if (isEvent) {
    int visit = strcmp(zSub, "visit") == 0;
    if (!unreg_event_add(db, ch, visit ? "iro-visit" : "qa-notified", on,
                         opts[O_BY].seen ? opts[O_BY].zValue : NULL,
                         opts[O_NOTE].seen ? opts[O_NOTE].zValue : NULL, asOf,
                         audit_cli_actor(), &e)) {
      print_errors(c, &e);
      ec = EXIT_FAIL;
    } else {
      printf("Recorded %s for %s %s on %s.\n",
             visit ? "the IRO's visit" : "that the QA managers were notified", ch->zGiven,
             ch->zFamily, date_long(on, z));
    }
  } else {
    OversightInput in = {0};
    in.zMonth = opts[O_MONTH].zValue;
    in.recorded = recorded;
    for (int k = 0; k < N_CHECKS; k++) {
      in.check[k] = aCheck[k];
      in.azNote[k] = opts[O_NA + k].seen ? opts[O_NA + k].zValue : NULL;
    }
    if (opts[O_IRO].seen && !(in.iroId = iro_lookup(db, opts[O_IRO].zValue))) {
      ec = failure(c, "no IRO with id or name \"%s\"", opts[O_IRO].zValue);
    } else {
      if (!opts[O_IRO].seen) {
        const Allocation *al = child_allocation_on(ch, recorded);
        if (al) in.iroId = al->iroId;
      }
      if (opts[O_CORRECT].seen) {
        in.id = db_int(db, 0, "SELECT id FROM oversight_record WHERE child_id=? AND month=?", "Is",
                       ch->id, in.zMonth);
        if (!in.id) errors_add(&e, "month", "There is no oversight record for that month to correct");
      }
      if (e.n || !oversight_record_save(db, ch, &in, asOf, audit_cli_actor(), &e)) {
        print_errors(c, &e);
        if (errors_for(&e, "month") && strstr(errors_for(&e, "month"), "correct that one")) {
          fprintf(stderr, "oversight %s: to change it, run the same command with --correct\n", c->zName);
        }
        ec = EXIT_FAIL;
      } else {
        int m = 0;
        month_parse(in.zMonth, &m);
        printf("%s the oversight record for %s %s, %s.\n", in.id ? "Corrected" : "Recorded",
               ch->zGiven, ch->zFamily, month_long(m, z));
      }
    }
  }
  childset_free(cs);
  db_close(db);
  return ec;
}

/* ---- comparators, population ------------------------------------------------ */

int cmd_comparators(int argc, char **argv) {
  const Cmd *c = cmd_find("comparators");
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2 || strcmp(aPos[0], "load") != 0) return usage_error(c, "expected: load FILE");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf report = {0};
  int ec = EXIT_OK;
  if (comparators_load(db, aPos[1], audit_cli_actor(), &report) == 0) {
    fputs(report.z ? report.z : "", stdout);
  } else {
    fputs(report.z ? report.z : "", stderr);
    ec = EXIT_FAIL;
  }
  buf_free(&report);
  db_close(db);
  return ec;
}

int cmd_population(int argc, char **argv) {
  const Cmd *c = cmd_find("population");
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 3, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 3 || strcmp(aPos[0], "set") != 0) return usage_error(c, "expected: set YEAR N");
  char *zEnd;
  long year = strtol(aPos[1], &zEnd, 10);
  if (!*aPos[1] || *zEnd) return usage_error(c, "YEAR \"%s\" is not a year such as 2021", aPos[1]);
  long long n = strtoll(aPos[2], &zEnd, 10);
  if (!*aPos[2] || *zEnd) return usage_error(c, "N \"%s\" is not a whole number of children", aPos[2]);
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  char *zErr = NULL;
  int ec = EXIT_OK;
  if (comparators_set_population(db, (int)year, (int64_t)n, audit_cli_actor(), &zErr) == 0)
    printf("The population under 18 for the year ending 31 March %ld is %lld.\n", year, n);
  else
    ec = failure(c, "%s", zErr);
  free(zErr);
  db_close(db);
  return ec;
}
