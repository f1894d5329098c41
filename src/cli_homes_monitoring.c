/*
** cli_homes_monitoring.c: recording the homes' weekly returns, occupancy
** and staffing, and complaints and compliments on the command line
** (homes_monitoring.h, issue 20). HOME is the home's Ofsted URN.
**
**   oversight home-return HOME --week DATE --returned DATE --safeguarding N
**       --lado N --complaints N [--note TEXT] [--as-of DATE]
**   oversight home-month HOME --month YYYY-MM [--places-used N] [--posts N]
**       [--filled N] [--leavers N] [--as-of DATE]
**   oversight home-feedback HOME --kind complaint|compliment --received DATE
**       --from KIND --about KIND [--summary TEXT] [--outcome OUTCOME
**       --outcome-on DATE] [--id N] [--as-of DATE]
**
** Each is audited as on the web; the figures are in `report qpag`.
*/
#include "cli.h"
#include "audit.h"
#include "homes.h"
#include "homes_monitoring.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The home with URN zUrn: its id, or 0 with the message printed. */
static int64_t home_by_urn(const Cmd *c, Db *db, const char *zUrn) {
  Stmt *s = db_query(db, "SELECT id FROM home WHERE urn=?", "s", zUrn);
  int rc = db_step(s);
  int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
  db_finalize(s);
  if (rc == DB_DONE) failure(c, "no home with URN \"%s\"", zUrn);
  else if (rc != DB_ROW) failure(c, "cannot read the homes: %s", db_errmsg(db));
  return id;
}

/* The form's field names as this command's options. */
static void print_field_errors(const Cmd *c, const Errors *e, const char *const *azMap) {
  for (int i = 0; i < e->n; i++) {
    const char *zOpt = e->a[i].zField;
    for (int k = 0; azMap[k]; k += 2) {
      if (strcmp(azMap[k], e->a[i].zField) == 0) zOpt = azMap[k + 1];
    }
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, zOpt, e->a[i].zMsg);
  }
}

/* An optional date option: DATE_NONE when absent; -1 when not a date. */
static int opt_day(const Cmd *c, const Opt *o, Date *out) {
  *out = DATE_NONE;
  if (!o->seen) return 0;
  if (date_parse(o->zValue, out) != 0) {
    usage_error(c, "%s must be a date as YYYY-MM-DD, not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

static const char *val(const Opt *o) { return o->seen ? o->zValue : ""; }

/* The command's options and its one argument, HOME: 1 with *pzUrn set,
** or 0 with *pExit the exit code (a usage error printed, or the help). */
static int read_opts(const Cmd *c, int argc, char **argv, Opt *opts, int nOpt, const char **pzUrn, int *pExit) {
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, nOpt, aPos, 1, &nPos);
  if (rc) {
    *pExit = rc < 0 ? EXIT_USAGE : EXIT_OK;
    return 0;
  }
  if (nPos != 1) {
    *pExit = usage_error(c, "expected: HOME (the home's URN)");
    return 0;
  }
  *pzUrn = aPos[0];
  return 1;
}

/* A command's saving of what it read for the home: 1 saved (and said so),
** 0 not, with the reasons in e. */
typedef int (*HomeSave)(Db *db, int64_t homeId, const char *zUrn, Date asOf, void *pIn, Errors *e);

/* Opens the database, finds the home with URN zUrn and saves pIn with
** xSave; the errors are printed under the command's options (azMap: form
** field, option, ..., NULL). The exit code. */
static int save_for_home(const Cmd *c, const char *zUrn, Date asOf, HomeSave xSave, void *pIn,
                         const char *const *azMap) {
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  int64_t homeId = home_by_urn(c, db, zUrn);
  if (!homeId) {
    ec = EXIT_FAIL;
  } else {
    Errors e = {0};
    if (!xSave(db, homeId, zUrn, asOf, pIn, &e)) {
      print_field_errors(c, &e, azMap);
      ec = EXIT_FAIL;
    }
  }
  db_close(db);
  return ec;
}

static int save_return(Db *db, int64_t homeId, const char *zUrn, Date asOf, void *pIn, Errors *e) {
  const WeeklyInput *in = pIn;
  if (!weekly_return_save(db, homeId, in, asOf, audit_cli_actor(), e)) return 0;
  char zD[24];
  printf("Saved the weekly return of %s for the week beginning %s.\n", zUrn, date_long(hm_week_of(in->week), zD));
  return 1;
}

static int save_month(Db *db, int64_t homeId, const char *zUrn, Date asOf, void *pIn, Errors *e) {
  const MonthInput *in = pIn;
  if (!home_month_save(db, homeId, in, asOf, audit_cli_actor(), e)) return 0;
  char zM[24];
  printf("Saved the occupancy and staffing of %s for %s.\n", zUrn, month_long(in->month, zM));
  return 1;
}

/* The feedback's id when it is a correction, 0 when it is new. */
typedef struct FeedbackSave { const FeedbackInput *in; int64_t id; } FeedbackSave;

static int save_feedback(Db *db, int64_t homeId, const char *zUrn, Date asOf, void *pIn, Errors *e) {
  const FeedbackSave *f = pIn;
  int64_t fid = home_feedback_save(db, homeId, f->id, f->in, asOf, audit_cli_actor(), e);
  if (!fid) return 0;
  printf("Saved %s %lld of %s.\n", strcmp(f->in->zKind, "complaint") == 0 ? "complaint" : "compliment", (long long)fid,
         zUrn);
  return 1;
}

int cmd_home_return(int argc, char **argv) {
  const Cmd *c = cmd_find("home-return");
  enum { O_WEEK, O_RET, O_SG, O_LADO, O_COMP, O_NOTE, O_ASOF, O_N };
  Opt opts[O_N] = {{"--week", 1, NULL, 0},   {"--returned", 1, NULL, 0}, {"--safeguarding", 1, NULL, 0},
                   {"--lado", 1, NULL, 0},   {"--complaints", 1, NULL, 0}, {"--note", 1, NULL, 0},
                   {"--as-of", 1, NULL, 0}};
  const char *zUrn;
  int ec;
  if (!read_opts(c, argc, argv, opts, O_N, &zUrn, &ec)) return ec;
  Date asOf;
  WeeklyInput in = {.zSafeguarding = val(&opts[O_SG]), .zLado = val(&opts[O_LADO]),
                    .zComplaints = val(&opts[O_COMP]), .zNote = val(&opts[O_NOTE])};
  if (opt_day(c, &opts[O_WEEK], &in.week) || opt_day(c, &opts[O_RET], &in.returned) ||
      opt_date(c, &opts[O_ASOF], &asOf) < 0) {
    return EXIT_USAGE;
  }
  static const char *const azMap[] = {"week_of", "--week", "returned_on", "--returned", "safeguarding",
                                      "--safeguarding", "lado_referrals", "--lado", "complaints", "--complaints",
                                      "note", "--note", NULL};
  return save_for_home(c, zUrn, asOf, save_return, &in, azMap);
}

int cmd_home_month(int argc, char **argv) {
  const Cmd *c = cmd_find("home-month");
  enum { O_MONTH, O_USED, O_POSTS, O_FILLED, O_LEAVERS, O_ASOF, O_N };
  Opt opts[O_N] = {{"--month", 1, NULL, 0}, {"--places-used", 1, NULL, 0}, {"--posts", 1, NULL, 0},
                   {"--filled", 1, NULL, 0}, {"--leavers", 1, NULL, 0}, {"--as-of", 1, NULL, 0}};
  const char *zUrn;
  int ec;
  if (!read_opts(c, argc, argv, opts, O_N, &zUrn, &ec)) return ec;
  MonthInput in = {.month = -1, .zPlacesUsed = val(&opts[O_USED]), .zPosts = val(&opts[O_POSTS]),
                   .zFilled = val(&opts[O_FILLED]), .zLeavers = val(&opts[O_LEAVERS])};
  if (!opts[O_MONTH].seen) return usage_error(c, "--month YYYY-MM is needed");
  if (month_parse(opts[O_MONTH].zValue, &in.month) != 0) {
    return usage_error(c, "--month must be a month as YYYY-MM, not \"%s\"", opts[O_MONTH].zValue);
  }
  Date asOf;
  if (opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
  static const char *const azMap[] = {"month", "--month", "places_used", "--places-used", "posts", "--posts",
                                      "filled", "--filled", "leavers", "--leavers", NULL};
  return save_for_home(c, zUrn, asOf, save_month, &in, azMap);
}

int cmd_home_feedback(int argc, char **argv) {
  const Cmd *c = cmd_find("home-feedback");
  enum { O_KIND, O_REC, O_FROM, O_ABOUT, O_SUMMARY, O_OUTCOME, O_OUTON, O_ID, O_ASOF, O_N };
  Opt opts[O_N] = {{"--kind", 1, NULL, 0},    {"--received", 1, NULL, 0}, {"--from", 1, NULL, 0},
                   {"--about", 1, NULL, 0},   {"--summary", 1, NULL, 0},  {"--outcome", 1, NULL, 0},
                   {"--outcome-on", 1, NULL, 0}, {"--id", 1, NULL, 0},    {"--as-of", 1, NULL, 0}};
  const char *zUrn;
  int ec;
  if (!read_opts(c, argc, argv, opts, O_N, &zUrn, &ec)) return ec;
  FeedbackInput in = {.zKind = val(&opts[O_KIND]), .zFrom = val(&opts[O_FROM]), .zAbout = val(&opts[O_ABOUT]),
                      .zSummary = val(&opts[O_SUMMARY]), .zOutcome = val(&opts[O_OUTCOME])};
  long id = 0;
  if (opts[O_ID].seen && parse_int(opts[O_ID].zValue, 1, 2000000000L, &id) != 0) {
    return usage_error(c, "--id must be the number of a complaint or compliment, not \"%s\"", opts[O_ID].zValue);
  }
  Date asOf;
  if (opt_day(c, &opts[O_REC], &in.received) || opt_day(c, &opts[O_OUTON], &in.outcomeOn) ||
      opt_date(c, &opts[O_ASOF], &asOf) < 0) {
    return EXIT_USAGE;
  }
  static const char *const azMap[] = {"fb_kind", "--kind", "received_on", "--received", "from_kind", "--from",
                                      "about", "--about", "summary", "--summary", "outcome", "--outcome",
                                      "outcome_on", "--outcome-on", NULL};
  FeedbackSave f = {&in, id};
  return save_for_home(c, zUrn, asOf, save_feedback, &f, azMap);
}
