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
  if (r.rc != DB_OK) {
    ec = failure(c, "cannot read the LADO records, so the report is not produced: %s", db_errmsg(db));
    lado_report_free(&r);
    db_close(db);
    return ec;
  }
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

/* ---- The Designated Officer's other records (issue 20) ------------------------
**
**   oversight lado dip-sample add --on DATE --cases N --findings TEXT
**   oversight lado dip-sample correct ID [--on DATE] [--cases N] [--findings TEXT]
**   oversight lado dip-sample list
**   oversight lado training add --on DATE --kind training|briefing --audience TEXT --people N
**   oversight lado training correct ID [--on ...] [--kind ...] [--audience ...] [--people N]
**   oversight lado training list
**   oversight lado strategy-meeting CASE --on DATE [--notes TEXT]
**   oversight lado cross-border CASE --adult yes|no --child yes|no [--authority TEXT]
**
** A correction changes the options given and keeps the rest. Each change
** is audited as the web's, by the command-line actor. */

static void lado_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) fprintf(stderr, "oversight %s: %s: %s\n", c->zName, e->a[i].zField, e->a[i].zMsg);
}

static int yes_no_opt(const Opt *o) {
  if (!o->seen) return -1;
  return strcmp(o->zValue, "yes") == 0 ? 1 : strcmp(o->zValue, "no") == 0 ? 0 : -2;
}

int cmd_lado(int argc, char **argv) {
  const Cmd *c = cmd_find("lado");
  enum { O_ON, O_CASES, O_FINDINGS, O_KIND, O_AUDIENCE, O_PEOPLE, O_NOTES, O_ADULT, O_CHILD, O_AUTH, O_N };
  Opt opts[O_N] = {{"--on", 1, NULL, 0}, {"--cases", 1, NULL, 0}, {"--findings", 1, NULL, 0},
                   {"--kind", 1, NULL, 0}, {"--audience", 1, NULL, 0}, {"--people", 1, NULL, 0},
                   {"--notes", 1, NULL, 0}, {"--adult", 1, NULL, 0}, {"--child", 1, NULL, 0},
                   {"--authority", 1, NULL, 0}};
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 3, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: dip-sample, training, strategy-meeting or cross-border");
  const char *zWhat = aPos[0], *zSub = nPos > 1 ? aPos[1] : "";
  int dip = strcmp(zWhat, "dip-sample") == 0, training = strcmp(zWhat, "training") == 0;
  int strategy = strcmp(zWhat, "strategy-meeting") == 0, cross = strcmp(zWhat, "cross-border") == 0;
  long id = 0;
  if (dip || training) {
    if (strcmp(zSub, "list") == 0) {
      if (nPos != 2) return usage_error(c, "%s list takes no arguments", zWhat);
    } else if (strcmp(zSub, "add") == 0) {
      if (nPos != 2) return usage_error(c, "%s add takes options only", zWhat);
      if (dip && (!opts[O_ON].seen || !opts[O_CASES].seen || !opts[O_FINDINGS].seen)) {
        return usage_error(c, "dip-sample add needs --on DATE --cases N --findings TEXT");
      }
      if (training && (!opts[O_ON].seen || !opts[O_KIND].seen || !opts[O_AUDIENCE].seen || !opts[O_PEOPLE].seen)) {
        return usage_error(c, "training add needs --on DATE --kind training|briefing --audience TEXT --people N");
      }
    } else if (strcmp(zSub, "correct") == 0) {
      if (nPos != 3 || parse_int(aPos[2], 1, 2000000000L, &id) != 0) {
        return usage_error(c, "%s correct needs the record's number", zWhat);
      }
    } else {
      return usage_error(c, "%s: give add, correct or list", zWhat);
    }
  } else if (strategy || cross) {
    if (nPos != 2 || parse_int(aPos[1], 1, 2000000000L, &id) != 0) return usage_error(c, "%s needs the case number", zWhat);
    if (strategy && !opts[O_ON].seen) return usage_error(c, "strategy-meeting needs --on DATE");
    if (cross && (yes_no_opt(&opts[O_ADULT]) < 0 || yes_no_opt(&opts[O_CHILD]) < 0)) {
      return usage_error(c, "cross-border needs --adult yes|no and --child yes|no");
    }
  } else {
    return usage_error(c, "unknown subcommand \"%s\"", zWhat);
  }
  Date on = DATE_NONE;
  if (opts[O_ON].seen && opt_date(c, &opts[O_ON], &on) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  Errors e = {0};
  const char *zActor = audit_cli_actor();
  Date today = date_today();
  char zD[24];
  if (dip && strcmp(zSub, "list") == 0) {
    LadoDip *a;
    int n;
    if (lado_dip_list(db, &a, &n) != DB_OK) ec = failure(c, "cannot read the dip samples: %s", db_errmsg(db));
    else if (!n) printf("No dip samples recorded.\n");
    for (int i = 0; ec == EXIT_OK && i < n; i++) {
      printf("%lld\t%s\t%d case file%s\t%s\n", (long long)a[i].id, date_iso(a[i].on, zD), a[i].cases,
             a[i].cases == 1 ? "" : "s", a[i].zFindings);
    }
    if (ec == EXIT_OK) lado_dip_free(a, n);
  } else if (training && strcmp(zSub, "list") == 0) {
    LadoTraining *a;
    int n;
    if (lado_training_list(db, &a, &n) != DB_OK) ec = failure(c, "cannot read the training: %s", db_errmsg(db));
    else if (!n) printf("No training or briefings recorded.\n");
    for (int i = 0; ec == EXIT_OK && i < n; i++) {
      printf("%lld\t%s\t%s\t%s\t%d %s\n", (long long)a[i].id, date_iso(a[i].on, zD), a[i].zKind, a[i].zAudience,
             a[i].people, a[i].people == 1 ? "person" : "people");
    }
    if (ec == EXIT_OK) lado_training_free(a, n);
  } else if (dip) {
    LadoDip old = {0};
    char zCases[24] = "";
    if (id && lado_dip_load(db, id, &old) != 1) {
      ec = failure(c, "there is no dip sample %ld (see `oversight lado dip-sample list`)", id);
    } else {
      if (id) snprintf(zCases, sizeof zCases, "%d", old.cases);
      int64_t got = lado_dip_save(db, id, opts[O_ON].seen ? on : old.on,
                                  opts[O_CASES].seen ? opts[O_CASES].zValue : zCases,
                                  opts[O_FINDINGS].seen ? opts[O_FINDINGS].zValue : old.zFindings, today, zActor, &e);
      if (!got) {
        lado_errors(c, &e);
        ec = EXIT_FAIL;
      } else {
        printf("Dip sample %lld %s.\n", (long long)got, id ? "corrected" : "recorded");
      }
    }
    free(old.zFindings);
  } else if (training) {
    LadoTraining old = {0};
    char zPeople[24] = "";
    if (id && lado_training_load(db, id, &old) != 1) {
      ec = failure(c, "there is no training session %ld (see `oversight lado training list`)", id);
    } else {
      if (id) snprintf(zPeople, sizeof zPeople, "%d", old.people);
      int64_t got = lado_training_save(db, id, opts[O_ON].seen ? on : old.on,
                                       opts[O_KIND].seen ? opts[O_KIND].zValue : old.zKind,
                                       opts[O_AUDIENCE].seen ? opts[O_AUDIENCE].zValue : old.zAudience,
                                       opts[O_PEOPLE].seen ? opts[O_PEOPLE].zValue : zPeople, today, zActor, &e);
      if (!got) {
        lado_errors(c, &e);
        ec = EXIT_FAIL;
      } else {
        printf("Training %lld %s.\n", (long long)got, id ? "corrected" : "recorded");
      }
    }
    free(old.zAudience);
  } else if (strategy) {
    if (lado_strategy_add(db, id, on, opts[O_NOTES].zValue, today, zActor, &e) != 0) {
      lado_errors(c, &e);
      ec = EXIT_FAIL;
    } else {
      printf("Strategy meeting on %s recorded on case %ld.\n", date_long(on, zD), id);
    }
  } else {
    if (lado_cross_border_set(db, id, yes_no_opt(&opts[O_ADULT]), yes_no_opt(&opts[O_CHILD]), opts[O_AUTH].zValue,
                              zActor, &e) != 0) {
      lado_errors(c, &e);
      ec = EXIT_FAIL;
    } else {
      printf("Cross-border details saved on case %ld.\n", id);
    }
  }
  db_close(db);
  return ec;
}
