/*
** cli.c: the commands. Each parses its own arguments with parse_args(),
** reports a mistake in the call as one line naming the argument plus the
** usage (exit 2), and a failure doing the work as one line (exit 1).
*/
#include "cli.h"
#include "audit.h"
#include "calendar.h"
#include "children.h"
#include "cover.h"
#include "db.h"
#include "deadlines.h"
#include "demo.h"
#include "iros.h"
#include "reviews.h"
#include "recommendations.h"
#include "rules.h"
#include "util.h"
#include "users.h"
#include "escalations.h"
#include "lado.h"
#include "homes.h"
#include "unregistered.h"
#include "private_fostering.h"
#include "child_records.h"
#include "http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

/* ---- Argument handling -------------------------------------------------- */

int usage_error(const Cmd *c, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "oversight %s: ", c->zName);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nusage: oversight %s\n", c->zUsage);
  return EXIT_USAGE;
}

int failure(const Cmd *c, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "oversight %s: ", c->zName);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return EXIT_FAIL;
}

/* Split argv[1..] into options (from opts) and positional arguments.
** Returns -1 after printing a usage error, 1 if --help was asked (help
** printed), else 0. */
int parse_args(const Cmd *c, int argc, char **argv, Opt *opts, int nOpt,
               char **aPos, int maxPos, int *pnPos) {
  *pnPos = 0;
  for (int i = 1; i < argc; i++) {
    const char *z = argv[i];
    if (strcmp(z, "--help") == 0 || strcmp(z, "-h") == 0) {
      printf("usage: oversight %s\n\n%s\n", c->zUsage, c->zHelp);
      return 1;
    }
    if (z[0] == '-' && z[1] == '-') {
      const char *zEq = strchr(z, '=');
      size_t n = zEq ? (size_t)(zEq - z) : strlen(z);
      Opt *o = NULL;
      for (int k = 0; k < nOpt; k++) {
        if (strlen(opts[k].zName) == n && strncmp(opts[k].zName, z, n) == 0) o = &opts[k];
      }
      if (!o) {
        usage_error(c, "unknown option %.*s", (int)n, z);
        return -1;
      }
      o->seen = 1;
      if (o->takesValue) {
        if (zEq) o->zValue = zEq + 1;
        else if (i + 1 < argc) o->zValue = argv[++i];
        else {
          usage_error(c, "%s needs a value", o->zName);
          return -1;
        }
      } else if (zEq) {
        usage_error(c, "%s takes no value", o->zName);
        return -1;
      }
      continue;
    }
    if (*pnPos >= maxPos) {
      usage_error(c, "unexpected argument \"%s\"", z);
      return -1;
    }
    aPos[(*pnPos)++] = argv[i];
  }
  return 0;
}

/* Parse an --as-of style date option; today when absent. */
int opt_date(const Cmd *c, const Opt *o, Date *out) {
  if (!o->seen) {
    *out = date_today();
    return 0;
  }
  if (date_parse(o->zValue, out) != 0) {
    usage_error(c, "%s must be a date as YYYY-MM-DD, not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

int opt_choice(const Cmd *c, const Opt *o, const char *const *az, int n, int dflt) {
  if (!o->seen) return dflt;
  for (int i = 0; i < n; i++) {
    if (strcmp(o->zValue, az[i]) == 0) return i;
  }
  Buf b = {0};
  for (int i = 0; i < n; i++) buf_printf(&b, "%s%s", i ? ", " : "", az[i]);
  usage_error(c, "%s must be one of %s, not \"%s\"", o->zName, b.z, o->zValue);
  buf_free(&b);
  return -1;
}

/* Open the database, migrating it, with rules and closures loaded. */
Db *open_db(const Cmd *c) {
  char *zErr = NULL;
  /* Every command, not just serve and migrate: whichever opens the
  ** database first after an upgrade (the nightly backup, say) migrates it. */
  if (backup_before_upgrade(c) != 0) return NULL;
  Db *db = db_open(g_zDbPath, &zErr);
  if (!db) {
    failure(c, "%s", zErr);
    free(zErr);
    return NULL;
  }
  /* A command waits for another program's write (an import in another
  ** window) however long it takes, rather than failing after 5 seconds. */
  db_set_busy_wait(db, -1);
  if (rules_load(db) != 0) {
    failure(c, "cannot read the rules table: %s", db_errmsg(db));
    db_close(db);
    return NULL;
  }
  return db;
}

static void print_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) {
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, e->a[i].zField, e->a[i].zMsg);
  }
}

/* ---- calendar ----------------------------------------------------------- */

static int calendar_line(const char *zDate, const char *zN, const char *zUnit, char *zOut, size_t nOut) {
  Date d;
  long n;
  CalUnit u = cal_unit_parse(zUnit);
  if (date_parse(zDate, &d) != 0) {
    snprintf(zOut, nOut, "error: DATE \"%s\" is not a date as YYYY-MM-DD", zDate);
  } else if (parse_int(zN, -100000, 100000, &n) != 0) {
    snprintf(zOut, nOut, "error: N \"%s\" is not a whole number", zN);
  } else if (u == UNIT_INVALID || !cal_unit_is_date(u)) {
    snprintf(zOut, nOut, "error: UNIT \"%s\" must be working-days, days, weeks, months or years", zUnit);
  } else {
    Date r = cal_add(d, (int)n, u);
    int y, m, dd;
    date_to_ymd(r, &y, &m, &dd);
    if (y < 1900 || y > 2199) snprintf(zOut, nOut, "error: the result is outside the years 1900-2199");
    else date_iso(r, zOut);
    return zOut[0] == 'e' ? -1 : 0;
  }
  return -1;
}

/* Closure days live in the database; use them when there is one, but do
** not create a database just to add dates. */
static void calendar_load_closures(void) {
  struct stat st;
  if (stat(g_zDbPath, &st) != 0) return;
  char *zErr = NULL;
  Db *db = db_open(g_zDbPath, &zErr);
  if (!db) {
    fprintf(stderr, "oversight calendar: warning: %s (closure days not used)\n", zErr);
    free(zErr);
    return;
  }
  rules_load(db);
  db_close(db);
}

static int cmd_calendar(int argc, char **argv) {
  const Cmd *c = cmd_find("calendar");
  char *aPos[5];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, COUNT(aPos), &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) {
    /* A batch from stdin, one answer per line, errors in place. */
    calendar_load_closures();
    char zLine[512], zOut[160];
    int bad = 0;
    while (fgets(zLine, sizeof zLine, stdin)) {
      char *a[4];
      int n = 0;
      for (char *t = strtok(zLine, " \t\r\n"); t && n < 4; t = strtok(NULL, " \t\r\n")) a[n++] = t;
      if (n == 0) {
        printf("error: empty line (expected DATE N UNIT)\n");
        bad = 1;
        continue;
      }
      if (n != 3) {
        printf("error: expected DATE N UNIT, got %d field%s\n", n, n == 1 ? "" : "s");
        bad = 1;
        continue;
      }
      if (calendar_line(a[0], a[1], a[2], zOut, sizeof zOut) != 0) bad = 1;
      printf("%s\n", zOut);
    }
    return bad ? EXIT_FAIL : EXIT_OK;
  }
  if (strcmp(aPos[0], "add") == 0) {
    if (nPos != 4) return usage_error(c, "add needs DATE N UNIT");
    char zOut[160];
    Date d;
    long n;
    if (date_parse(aPos[1], &d) != 0) return usage_error(c, "DATE \"%s\" is not a date as YYYY-MM-DD", aPos[1]);
    if (parse_int(aPos[2], -100000, 100000, &n) != 0) return usage_error(c, "N \"%s\" is not a whole number", aPos[2]);
    CalUnit u = cal_unit_parse(aPos[3]);
    if (u == UNIT_INVALID || !cal_unit_is_date(u)) {
      return usage_error(c, "UNIT \"%s\" must be working-days, days, weeks, months or years", aPos[3]);
    }
    calendar_load_closures();
    if (calendar_line(aPos[1], aPos[2], aPos[3], zOut, sizeof zOut) != 0) return failure(c, "%s", zOut + 7);
    printf("%s\n", zOut);
    return EXIT_OK;
  }
  if (strcmp(aPos[0], "holidays") == 0) {
    long y;
    if (nPos != 2) return usage_error(c, "holidays needs YEAR");
    if (parse_int(aPos[1], 1900, 2199, &y) != 0) return usage_error(c, "YEAR \"%s\" must be a year from 1900 to 2199", aPos[1]);
    Holiday h[16];
    int n = cal_bank_holidays((int)y, h, COUNT(h));
    for (int i = 0; i < n; i++) {
      char z[11];
      printf("%s  %s\n", date_iso(h[i].date, z), h[i].name);
    }
    return EXIT_OK;
  }
  if (strcmp(aPos[0], "closure") == 0) {
    if (nPos >= 2 && strcmp(aPos[1], "list") == 0 && nPos == 2) {
      Db *db = open_db(c);
      if (!db) return EXIT_FAIL;
      Stmt *s = db_prepare(db, "SELECT day, name FROM closure_day ORDER BY day");
      int n = 0, step;
      while ((step = db_step(s)) == DB_ROW) {
        printf("%s  %s\n", db_col_text(s, 0), db_col_text(s, 1));
        n++;
      }
      db_finalize(s);
      if (step != DB_DONE) {
        int ec = failure(c, "cannot read the closure days, so the list stops here: %s", db_errmsg(db));
        db_close(db);
        return ec;
      }
      if (!n) printf("No closure days: only weekends and bank holidays are non-working days.\n");
      db_close(db);
      return EXIT_OK;
    }
    if (nPos == 4 && strcmp(aPos[1], "add") == 0) {
      Date d;
      if (date_parse(aPos[2], &d) != 0) return usage_error(c, "DATE \"%s\" is not a date as YYYY-MM-DD", aPos[2]);
      Db *db = open_db(c);
      if (!db) return EXIT_FAIL;
      char *zErr = NULL;
      int r = calendar_add_closure(db, d, aPos[3], audit_cli_actor(), &zErr);
      db_close(db);
      if (r) {
        int ec = failure(c, "%s", zErr);
        free(zErr);
        return ec;
      }
      printf("Added closure day %s (%s): it is no longer a working day.\n", aPos[2], aPos[3]);
      return EXIT_OK;
    }
    return usage_error(c, "closure needs \"list\" or \"add DATE NAME\"");
  }
  return usage_error(c, "unknown subcommand \"%s\"", aPos[0]);
}

/* ---- rules -------------------------------------------------------------- */

static int cmd_rules(int argc, char **argv) {
  const Cmd *c = cmd_find("rules");
  Opt opts[] = {{"--format", 1, NULL, 0}};
  char *aPos[5];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, COUNT(aPos), &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos > 0 && strcmp(aPos[0], "set") == 0) {
    long amount;
    if (nPos != 4) return usage_error(c, "set needs NAME AMOUNT UNIT");
    if (parse_int(aPos[2], 0, 10000, &amount) != 0) {
      return usage_error(c, "AMOUNT \"%s\" must be a whole number from 0 to 10000", aPos[2]);
    }
    Db *db = open_db(c);
    if (!db) return EXIT_FAIL;
    char *zErr = NULL;
    int r = rules_set(db, aPos[1], amount, aPos[3], audit_cli_actor(), &zErr);
    db_close(db);
    if (r) {
      int ec = failure(c, "%s", zErr);
      free(zErr);
      return ec;
    }
    printf("Rule %s is now %ld %s. The change is in the audit log.\n", aPos[1], amount, aPos[3]);
    return EXIT_OK;
  }
  if (nPos > 0 && strcmp(aPos[0], "contacts") == 0) {
    if (nPos != 3) return usage_error(c, "contacts needs ITEM WITH[,WITH...]");
    if (contact_item_index(aPos[1]) < 0)
      return usage_error(c, "ITEM \"%s\" must be midpoint-contact or pre-review-contact", aPos[1]);
    unsigned mask = 0;
    for (char *p = aPos[2]; p && *p;) {
      char *e = strchr(p, ',');
      if (e) *e = 0;
      unsigned bit = contact_with_bit(p);
      if (!bit) return usage_error(c, "WITH \"%s\" must be child, social-worker, carer or other", p);
      mask |= bit;
      p = e ? e + 1 : NULL;
    }
    Db *db = open_db(c);
    if (!db) return EXIT_FAIL;
    char *zErr = NULL;
    int r = contact_counts_update(db, aPos[1], mask, audit_cli_actor(), NULL, &zErr);
    db_close(db);
    if (r) {
      int ec = failure(c, "%s", zErr);
      free(zErr);
      return ec;
    }
    Buf b = {0};
    contact_counts_words(mask, &b);
    printf("A %s is now met by a contact with %s. The change is in the audit log.\n",
           strcmp(aPos[1], "midpoint-contact") == 0 ? "midpoint contact" : "pre-review contact", b.z);
    buf_free(&b);
    return EXIT_OK;
  }
  if (nPos > 0) return usage_error(c, "unknown subcommand \"%s\"", aPos[0]);
  static const char *const azFmt[] = {"text", "csv"};
  int fmt = opt_choice(c, &opts[0], azFmt, 2, 0);
  if (fmt < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf b = {0};
  if (fmt == 1) buf_puts(&b, "name,description,counts_from,amount,unit\n");
  for (int i = 0; i < rules_count(); i++) {
    const Rule *r = rules_at(i);
    if (fmt == 1) {
      buf_csv(&b, r->zName); buf_putc(&b, ',');
      buf_csv(&b, r->zDescription); buf_putc(&b, ',');
      buf_csv(&b, r->zCountsFrom);
      buf_printf(&b, ",%d,%s\n", r->amount, cal_unit_name(r->unit));
    } else {
      buf_printf(&b, "%-30s %5d %-13s %s (from %s)%s\n", r->zName, r->amount,
                 cal_unit_name(r->unit), r->zDescription, r->zCountsFrom,
                 r->amount != r->defaultAmount || r->unit != r->defaultUnit ? " [changed]" : "");
    }
  }
  if (fmt == 0) {
    buf_puts(&b, "\nWhich contacts count (oversight rules contacts ITEM WITH,...):\n");
    for (int i = 0; i < CONTACT_ITEM_N; i++) {
      buf_printf(&b, "%-30s contacts with ", contact_item_code(i));
      contact_counts_words(contact_counts_mask(i), &b);
      buf_putc(&b, '\n');
    }
  }
  fputs(b.z ? b.z : "", stdout);
  buf_free(&b);
  db_close(db);
  return EXIT_OK;
}

/* ---- due ---------------------------------------------------------------- */

typedef struct DueRow {
  const Child *c;
  const char *zIro;
  Deadline d;
} DueRow;

static int due_row_cmp(const void *pa, const void *pb) {
  const DueRow *a = pa, *b = pb;
  /* Overdue first, then due today, due soon, the rest; earliest first within. */
  int ra = status_rank(a->d.status), rb = status_rank(b->d.status);
  if (ra != rb) return ra - rb;
  if (a->d.due != b->d.due) return a->d.due < b->d.due ? -1 : 1;
  int k = strcmp(a->c->zRef, b->c->zRef);
  if (k) return k;
  return (int)a->d.item - (int)b->d.item;
}

static int cmd_due(int argc, char **argv) {
  const Cmd *c = cmd_find("due");
  Opt opts[] = {{"--iro", 1, NULL, 0}, {"--status", 1, NULL, 0}, {"--as-of", 1, NULL, 0},
                {"--format", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  static const char *const azStatus[] = {"all", "due-soon", "overdue", "due-today"};
  static const char *const azFmt[] = {"text", "csv"};
  int want = opt_choice(c, &opts[1], azStatus, 4, 0);
  int fmt = opt_choice(c, &opts[3], azFmt, 2, 0);
  Date asOf;
  if (want < 0 || fmt < 0 || opt_date(c, &opts[2], &asOf) < 0) return EXIT_USAGE;
  if (opts[0].seen && !opts[0].zValue[0]) return usage_error(c, "--iro needs an IRO id or name");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  ChildFilter f = {0};
  if (opts[0].seen) {
    f.iroId = iro_lookup(db, opts[0].zValue);
    if (!f.iroId) {
      db_close(db);
      return failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", opts[0].zValue);
    }
  }
  ChildSet *cs = childset_load(db, &f);
  if (cs->readError) {
    int ec = failure(c, "cannot read the children's records, so nothing is listed: %s", db_errmsg(db));
    childset_free(cs);
    db_close(db);
    return ec;
  }
  IroList *iros = iros_load_names(db);
  DeadlineList dl = {0};
  DueRow *aRow = NULL;
  int nRow = 0, capRow = 0;
  for (int i = 0; i < cs->n; i++) {
    const Child *ch = &cs->a[i];
    dl.n = 0;
    deadlines_for_child(ch, asOf, 0, &dl);
    const Allocation *al = child_allocation_on(ch, asOf);
    const Iro *iro = al ? iros_find(iros, al->iroId) : NULL;
    /* --iro lists the IRO's children as of the day asked about. */
    if (f.iroId && (!al || al->iroId != f.iroId)) continue;
    for (int k = 0; k < dl.n; k++) {
      Status s = dl.a[k].status;
      if ((want == 1 && s != ST_DUE_SOON) || (want == 2 && s != ST_OVERDUE) || (want == 3 && s != ST_DUE_TODAY)) continue;
      if (nRow == capRow) aRow = xrealloc(aRow, (size_t)(capRow = capRow ? capRow * 2 : 256) * sizeof *aRow);
      aRow[nRow++] = (DueRow){ch, iro ? iro->zName : "", dl.a[k]};
    }
  }
  if (nRow) qsort(aRow, (size_t)nRow, sizeof *aRow, due_row_cmp);
  Buf b = {0};
  if (fmt == 1) buf_puts(&b, "child_id,child_name,iro,item,due_date,status\n");
  for (int i = 0; i < nRow; i++) {
    const DueRow *r = &aRow[i];
    char zDue[11], zName[256];
    date_iso(r->d.due, zDue);
    snprintf(zName, sizeof zName, "%s %s", r->c->zGiven, r->c->zFamily);
    if (fmt == 1) {
      buf_csv(&b, r->c->zRef); buf_putc(&b, ',');
      buf_csv(&b, zName); buf_putc(&b, ',');
      buf_csv(&b, r->zIro); buf_putc(&b, ',');
      buf_printf(&b, "%s,%s,%s\n", item_name(r->d.item), zDue, status_name(r->d.status));
    } else {
      buf_printf(&b, "%-10s %-9s %-17s ", zDue, status_name(r->d.status), item_name(r->d.item));
      buf_pad(&b, r->c->zRef, 11);
      buf_pad(&b, zName, 29);
      buf_printf(&b, "%s\n", r->zIro[0] ? r->zIro : "(no IRO)");
    }
  }
  if (fmt == 0) {
    char z[24];
    int nOver = 0, nToday = 0, nSoon = 0;
    for (int i = 0; i < nRow; i++) {
      nOver += aRow[i].d.status == ST_OVERDUE;
      nToday += aRow[i].d.status == ST_DUE_TODAY;
      nSoon += aRow[i].d.status == ST_DUE_SOON;
    }
    if (nRow == 0) {
      buf_printf(&b, "Nothing %s as of %s.\n", want == 2 ? "overdue" : want == 1 ? "due soon" : want == 3 ? "due today" : "open",
                 date_long(asOf, z));
    } else {
      buf_printf(&b, "%d item%s as of %s: %d overdue, %d due today, %d due soon.\n", nRow, nRow == 1 ? "" : "s",
                 date_long(asOf, z), nOver, nToday, nSoon);
    }
  }
  fputs(b.z ? b.z : "", stdout);
  buf_free(&b);
  free(aRow);
  deadlines_free(&dl);
  iros_free(iros);
  childset_free(cs);
  db_close(db);
  return EXIT_OK;
}

/* ---- child -------------------------------------------------------------- */

/* The one child with ID zRef, or NULL after saying there is none. */
ChildSet *load_one(const Cmd *c, Db *db, const char *zRef) {
  ChildFilter f = {.zRef = zRef};
  ChildSet *cs = childset_load(db, &f);
  if (cs->readError) {
    failure(c, "cannot read the child's records: %s", db_errmsg(db));
    childset_free(cs);
    return NULL;
  }
  if (cs->n != 1) {
    failure(c, "no child with ID \"%s\"", zRef);
    childset_free(cs);
    return NULL;
  }
  return cs;
}


static const char *flag_word(int v) { return v < 0 ? "-" : v ? "yes" : "no"; }

static int cmd_child(int argc, char **argv) {
  /* `child add` and `child edit` keep the record; `child REF` shows it. */
  if (argc > 1 && (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "edit") == 0)) return cmd_child_record(argc, argv);
  const Cmd *c = cmd_find("child");
  Opt opts[] = {{"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1) return usage_error(c, "give the child's ID");
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  ChildSet *cs = load_one(c, db, aPos[0]);
  if (!cs) {
    db_close(db);
    return EXIT_FAIL;
  }
  const Child *ch = &cs->a[0];
  char zRec[40];
  snprintf(zRec, sizeof zRec, "child:%s", ch->zRef);
  /* Every view of a child's record is audited (SPEC §11), before it is shown. */
  if (audit_write(db, audit_cli_actor(), "child.view", zRec, NULL, NULL, NULL) != DB_OK) {
    childset_free(cs);
    int ec = failure(c, "cannot write the audit log, so the record is not shown: %s", db_errmsg(db));
    db_close(db);
    return ec;
  }
  IroList *iros = iros_load_names(db);
  char a[24], b[24], d1[11], d2[11];
  printf("%s %s (ID %s), born %s, age %d, sex %c\n", ch->zGiven, ch->zFamily, ch->zRef,
         date_long(ch->dob, a), date_age(ch->dob, asOf), ch->sex);
  Period cur;
  if (!child_last_period(ch, asOf, &cur)) printf("No episodes of care recorded.\n");
  else if (cur.end == DATE_NONE) printf("In care since %s.\n", date_long(cur.start, a));
  else printf("Not in care on %s; the last period of care ended %s.\n", date_long(asOf, a), date_long(cur.end, b));

  printf("\nEpisodes\n");
  if (!ch->nEp) printf("  none\n");
  for (int i = 0; i < ch->nEp; i++) {
    const Episode *e = &ch->ep[i];
    printf("  %s to %-10s  %s  legal status %s, need %s, placement %s %s, %s%s%s\n",
           date_iso(e->start, d1), e->end == DATE_NONE ? "now" : date_iso(e->end, d2), e->rne,
           e->legalStatus, e->cin, e->placement, e->provider[0] ? e->provider : "-",
           registration_name(e->registration), e->endReason[0] ? ", ended " : "", e->endReason);
  }
  printf("\nIRO allocations\n");
  if (!ch->nAl) printf("  none\n");
  for (int i = 0; i < ch->nAl; i++) {
    const Allocation *al = &ch->al[i];
    const Iro *iro = iros_find(iros, al->iroId);
    printf("  %s to %-10s  %s\n", date_iso(al->start, d1), al->end == DATE_NONE ? "now" : date_iso(al->end, d2),
           iro ? iro->zName : "?");
  }
  printf("\nReviews\n");
  if (!ch->nRv) printf("  none\n");
  for (int i = 0; i < ch->nRv; i++) {
    const Review *r = &ch->rv[i];
    Date due = review_due_for(ch, i);
    char zRecs[11], zMin[11];
    printf("  %s  due %s (%s)  %s %s, advocate %s, recommendations %s, minutes %s\n",
           date_iso(r->held, d1), date_iso(due, d2),
           due == DATE_NONE ? "-" : r->held <= due ? "on time" : "late", r->participation,
           r->mode == 'p' ? "in person" : r->mode == 'v' ? "virtual" : "-", flag_word(r->advocate),
           r->recommendations == DATE_NONE ? "not issued" : date_iso(r->recommendations, zRecs),
           r->minutes == DATE_NONE ? "not issued" : date_iso(r->minutes, zMin));
    char aFind[16][96];
    int nf = review_findings(ch, r, aFind, 16);
    for (int k = 0; k < nf; k++) printf("      check: %s\n", aFind[k]);
  }
  printf("\nIRO contacts\n");
  if (!ch->nCt) printf("  none\n");
  for (int i = 0; i < ch->nCt; i++) {
    printf("  %s  %s with %s\n", date_iso(ch->ct[i].on, d1), ch->ct[i].kind, ch->ct[i].with);
  }
  printf("\nDeadlines as of %s\n", date_long(asOf, a));
  DeadlineList dl = {0};
  deadlines_for_child(ch, asOf, 1, &dl);
  int nOpen = 0;
  for (int i = 0; i < dl.n; i++) {
    if (!STATUS_IS_OPEN(dl.a[i].status)) continue;
    nOpen++;
    printf("  %-9s %-17s due %s  %s\n", status_name(dl.a[i].status), item_name(dl.a[i].item),
           date_iso(dl.a[i].due, d1), item_label(dl.a[i].item));
  }
  if (!nOpen) printf("  nothing open\n");
  deadlines_free(&dl);
  iros_free(iros);
  childset_free(cs);
  db_close(db);
  return EXIT_OK;
}

/* ---- iros, allocate, suggest -------------------------------------------- */

static int cmd_iros(int argc, char **argv) {
  const Cmd *c = cmd_find("iros");
  Opt opts[] = {{"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  IroList *l = iros_load(db, asOf);
  if (l->readError) {
    int ec = failure(c, "cannot read the IROs, so none are listed: %s", db_errmsg(db));
    iros_free(l);
    db_close(db);
    return ec;
  }
  printf("%-4s %-28s %5s %8s %8s %s\n", "id", "name", "fte", "caseload", "capacity", "band");
  for (int i = 0; i < l->n; i++) {
    const Iro *r = &l->a[i];
    Buf b = {0};
    buf_pad(&b, r->zName, 28);
    char zStatus[64] = "";
    if (r->left != DATE_NONE || !r->active) {
      zStatus[0] = ' ';
      zStatus[1] = '(';
      iro_status_words(r, asOf, zStatus + 2, sizeof zStatus - 3);
      strcat(zStatus, ")");
    }
    printf("%-4lld %s %5.2f %8d %8d %s%s\n", (long long)r->id, b.z, r->fte, r->caseload,
           iro_capacity(r), caseload_band_name(iro_band(r)), zStatus);
    buf_free(&b);
  }
  if (!l->n) printf("No IROs yet.\n");
  SplitGroup *aSplit;
  int nSplit = siblings_split(db, asOf, &aSplit);
  /* A failed read is noted on the connection: the command exits non-zero. */
  for (int i = 0; i < nSplit; i++) {
    printf("Sibling group %lld is split: %d children with %d different IROs\n",
           (long long)aSplit[i].groupId, aSplit[i].nChildren, aSplit[i].nIros);
  }
  int64_t nWaiting = db_int(db, 0,
      "SELECT count(*) FROM child c WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id=c.id"
      " AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)) AND NOT EXISTS"
      " (SELECT 1 FROM allocation a WHERE a.child_id=c.id AND a.start_date <= ?"
      " AND (a.end_date IS NULL OR a.end_date > ?))", "DDDD", (int)asOf, (int)asOf, (int)asOf, (int)asOf);
  printf("Children in care without an IRO: %lld\n", (long long)nWaiting);
  free(aSplit);
  iros_free(l);
  db_close(db);
  return EXIT_OK;
}


static int cmd_suggest(int argc, char **argv) {
  const Cmd *c = cmd_find("suggest");
  Opt opts[] = {{"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1) return usage_error(c, "give the child's ID");
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  ChildSet *cs = load_one(c, db, aPos[0]);
  if (!cs) {
    db_close(db);
    return EXIT_FAIL;
  }
  char zWhy[300];
  int64_t id = iro_suggest(db, &cs->a[0], asOf, zWhy, sizeof zWhy);
  if (id) printf("%lld\t%s\n", (long long)id, zWhy);
  else printf("%s\n", zWhy);
  childset_free(cs);
  db_close(db);
  return id ? EXIT_OK : EXIT_FAIL;
}

static int cmd_allocate(int argc, char **argv) {
  const Cmd *c = cmd_find("allocate");
  Opt opts[] = {{"--date", 1, NULL, 0}, {"--reason", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) return usage_error(c, "give the child's ID and the IRO");
  Date on;
  if (opt_date(c, &opts[0], &on) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int64_t childId = child_id_for_ref(db, aPos[0]);
  int64_t iroId = iro_lookup(db, aPos[1]);
  int ec = EXIT_OK;
  if (!childId) ec = failure(c, "no child with ID \"%s\"", aPos[0]);
  else if (!iroId) ec = failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", aPos[1]);
  else {
    Errors e = {0};
    if (iro_allocate(db, childId, iroId, on, opts[1].zValue, audit_cli_actor(), &e) != 0) {
      print_errors(c, &e);
      ec = EXIT_FAIL;
    } else {
      char z[24];
      printf("Allocated IRO %s to child %s from %s.\n", aPos[1], aPos[0], date_long(on, z));
    }
  }
  db_close(db);
  return ec;
}

/* ---- cover --------------------------------------------------------------- */

static int cmd_cover(int argc, char **argv) {
  const Cmd *c = cmd_find("cover");
  enum { O_IRO, O_FOR, O_FROM, O_TO, O_REASON, O_LAST, O_ALL, O_ASOF, O_N };
  Opt opts[O_N] = {{"--iro", 1, NULL, 0}, {"--for", 1, NULL, 0}, {"--from", 1, NULL, 0},
                   {"--to", 1, NULL, 0}, {"--reason", 1, NULL, 0}, {"--last", 1, NULL, 0},
                   {"--all", 0, NULL, 0}, {"--as-of", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: add, list or end");
  const char *zSub = aPos[0];
  Date asOf, from = DATE_NONE, to = DATE_NONE, last = DATE_NONE;
  if (opt_date(c, &opts[O_ASOF], &asOf) < 0) return EXIT_USAGE;
  long id = 0;
  if (strcmp(zSub, "add") == 0) {
    if (nPos != 1) return usage_error(c, "add takes options only");
    if (!opts[O_IRO].seen || !opts[O_FOR].seen || !opts[O_FROM].seen || !opts[O_TO].seen) {
      return usage_error(c, "add needs --iro COVERING --for ABSENT --from DATE --to DATE");
    }
    if (opt_date(c, &opts[O_FROM], &from) < 0 || opt_date(c, &opts[O_TO], &to) < 0) return EXIT_USAGE;
  } else if (strcmp(zSub, "end") == 0) {
    if (nPos != 2 || parse_int(aPos[1], 1, 2000000000L, &id) != 0) return usage_error(c, "end needs the cover's number");
    if (!opts[O_LAST].seen) return usage_error(c, "end needs --last DATE, the last day of cover");
    if (opt_date(c, &opts[O_LAST], &last) < 0) return EXIT_USAGE;
  } else if (strcmp(zSub, "list") == 0) {
    if (nPos != 1) return usage_error(c, "list takes options only");
  } else {
    return usage_error(c, "unknown subcommand \"%s\"", zSub);
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  Errors e = {0};
  if (strcmp(zSub, "add") == 0) {
    int64_t covering = iro_lookup(db, opts[O_IRO].zValue), absent = iro_lookup(db, opts[O_FOR].zValue);
    if (!covering) ec = failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", opts[O_IRO].zValue);
    else if (!absent) ec = failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", opts[O_FOR].zValue);
    else {
      int64_t newId = cover_add(db, covering, absent, from, to, opts[O_REASON].zValue, asOf, audit_cli_actor(), &e);
      if (!newId) {
        print_errors(c, &e);
        ec = EXIT_FAIL;
      } else {
        char zFrom[24], zTo[24];
        Cover cv;
        if (cover_get(db, newId, &cv)) {
          printf("Cover %lld: %s covers %s from %s to %s.\n", (long long)newId, cv.zCovering, cv.zAbsent,
                 date_long(from, zFrom), date_long(to, zTo));
          cover_clear(&cv);
        }
      }
    }
  } else if (strcmp(zSub, "end") == 0) {
    Cover cv;
    if (cover_end(db, id, last, audit_cli_actor(), &e) != 0) {
      print_errors(c, &e);
      ec = EXIT_FAIL;
    } else if (cover_get(db, id, &cv)) {
      char zTo[24];
      if (cv.withdrawn) printf("Cover %ld is withdrawn: %s will not cover %s.\n", id, cv.zCovering, cv.zAbsent);
      else printf("Cover %ld now ends on %s.\n", id, date_long(cv.to, zTo));
      cover_clear(&cv);
    }
  } else {
    /* Current and future cover by default; --all adds past and withdrawn. */
    Cover *a;
    int n = cover_list(db, 0, COVER_FOR_ABSENT, opts[O_ALL].seen ? DATE_NONE : asOf, &a);
    if (n < 0) {
      ec = failure(c, "cannot read the cover, so none is listed: %s", db_errmsg(db));
      n = 0;
    } else {
      printf("%-6s %-24s %-24s %-10s %-10s %s\n", "id", "covering", "absent", "from", "to", "reason");
    }
    for (int i = 0; i < n; i++) {
      char zFrom[11], zTo[11];
      printf("%-6lld %-24s %-24s %-10s %-10s %s%s\n", (long long)a[i].id, a[i].zCovering, a[i].zAbsent,
             date_iso(a[i].from, zFrom), date_iso(a[i].to, zTo), a[i].zReason, a[i].withdrawn ? " (withdrawn)" : "");
    }
    cover_list_free(a, n);
  }
  db_close(db);
  return ec;
}

/* ---- review ------------------------------------------------------------- */

static int parse_flag(const Cmd *c, const Opt *o, signed char *out) {
  if (!o->seen) return 0;
  if (strcmp(o->zValue, "yes") == 0) *out = 1;
  else if (strcmp(o->zValue, "no") == 0) *out = 0;
  else {
    usage_error(c, "%s must be yes or no, not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

/* The repeatable --recommendation TEXT --owner ROLE:NAME --due DATE of
** `review add`, taken out of argv (parse_args keeps one value per option):
** each --owner and --due belongs to the --recommendation before it.
** Returns how many, or -1 after a usage error. */
static int review_add_cmd(const Cmd *c, int argc, char **argv, const RecInput *aIn, int nRec,
                          const char **azAtt, int nAtt);
typedef struct CliRec { const char *zText, *zOwner, *zDue; } CliRec;
static int take_recommendations(const Cmd *c, int *pArgc, char **argv, CliRec **pa) {
  int n = 0, out = 1;
  CliRec *a = xcalloc((size_t)*pArgc + 1, sizeof *a);
  for (int i = 1; i < *pArgc; i++) {
    const char *z = argv[i];
    int isRec = strcmp(z, "--recommendation") == 0, isOwner = strcmp(z, "--owner") == 0,
        isDue = strcmp(z, "--due") == 0;
    if (!isRec && !isOwner && !isDue) {
      argv[out++] = argv[i];
      continue;
    }
    if (i + 1 >= *pArgc) {
      free(a);
      return usage_error(c, "%s needs a value", z), -1;
    }
    const char *zVal = argv[++i];
    if (isRec) a[n++].zText = zVal;
    else if (!n) {
      free(a);
      return usage_error(c, "%s must follow the --recommendation it belongs to", z), -1;
    } else if (isOwner) a[n - 1].zOwner = zVal;
    else a[n - 1].zDue = zVal;
  }
  *pArgc = out;
  *pa = a;
  return n;
}

/* The repeatable --attendee ROLE:TOOK_PART[:NAME] of `review add`, taken
** out of argv into *pazAtt (the values, in order). Returns how many, or -1
** after a usage error. */
static int take_attendees(const Cmd *c, int *pArgc, char **argv, const char ***pazAtt) {
  int n = 0, out = 1;
  const char **az = xcalloc((size_t)*pArgc + 1, sizeof *az);
  for (int i = 1; i < *pArgc; i++) {
    if (strncmp(argv[i], "--attendee=", 11) == 0) {
      az[n++] = argv[i] + 11;
    } else if (strcmp(argv[i], "--attendee") == 0) {
      if (i + 1 >= *pArgc) {
        free(az);
        return usage_error(c, "--attendee needs a value"), -1;
      }
      az[n++] = argv[++i];
    } else {
      argv[out++] = argv[i];
    }
  }
  *pArgc = out;
  *pazAtt = az;
  return n;
}

/* A review's or its meeting's field (review_validate, review_meeting_validate)
** as the option of `review add` that sets it: "--child-chaired",
** "--attendee 2". */
static const char *review_option(const char *zField, char *z, size_t n) {
  static const char *const azMap[] = {"permanence", "--permanence-plan", "pathway", "--pathway-plan",
                                      "adviser", "--personal-adviser", NULL};
  for (int i = 0; azMap[i]; i += 2) {
    if (strcmp(zField, azMap[i]) == 0) return azMap[i + 1];
  }
  int k;
  if (sscanf(zField, "att%d_", &k) == 1) {
    snprintf(z, n, "--attendee %d", k);
    return z;
  }
  if (strncmp(zField, "rec", 3) == 0) return zField;   /* a recommendation's: named in its message */
  snprintf(z, n, "--%s", zField);
  for (char *p = z; *p; p++) {
    if (*p == '_') *p = '-';
  }
  return z;
}

static void print_review_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) {
    char z[64];
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, review_option(e->a[i].zField, z, sizeof z), e->a[i].zMsg);
  }
}

/* "a, b or c" from a pair list's codes. */
static void code_list(Buf *b, const char *const *a) {
  for (int i = 0; a[i]; i += 2) buf_printf(b, "%s%s", i == 0 ? "" : a[i + 2] ? ", " : " or ", a[i]);
}

static int code_ok(const char *const *a, const char *z) {
  for (int i = 0; a[i]; i += 2) {
    if (strcmp(a[i], z) == 0) return 1;
  }
  return 0;
}

static int cmd_review(int argc, char **argv) {
  const Cmd *c = cmd_find("review");
  CliRec *aRec = NULL;
  int nRec = take_recommendations(c, &argc, argv, &aRec);
  if (nRec < 0) return EXIT_USAGE;
  const char **azAtt = NULL;
  int nAtt = take_attendees(c, &argc, argv, &azAtt);
  if (nAtt < 0) {
    free(aRec);
    return EXIT_USAGE;
  }
  int ecRec = EXIT_OK;
  RecInput *aIn = xcalloc((size_t)nRec + 1, sizeof *aIn);
  char (*aRole)[24] = xcalloc((size_t)nRec + 1, sizeof *aRole);
  for (int i = 0; i < nRec && ecRec == EXIT_OK; i++) {
    const char *zOwner = aRec[i].zOwner ? aRec[i].zOwner : "";
    const char *zColon = strchr(zOwner, ':');
    size_t nRole = zColon ? (size_t)(zColon - zOwner) : strlen(zOwner);
    snprintf(aRole[i], sizeof aRole[i], "%.*s", (int)(nRole < sizeof aRole[i] ? nRole : 0), zOwner);
    aIn[i] = (RecInput){aRec[i].zText, aRole[i], zColon ? zColon + 1 : "", DATE_NONE};
    if (!aRec[i].zOwner || !*rec_role_label(aRole[i])) {
      ecRec = usage_error(c, "--owner must be ROLE:NAME with ROLE one of social-worker, team-manager, carer,"
                             " health, education, iro, other (recommendation %d)", i + 1);
    } else if (!aRec[i].zDue || date_parse(aRec[i].zDue, &aIn[i].due) != 0) {
      ecRec = usage_error(c, "--due must be a date as YYYY-MM-DD (recommendation %d)", i + 1);
    }
  }
  free(aRec);
  if (ecRec != EXIT_OK) {
    free(aIn);
    free(aRole);
    free(azAtt);
    return ecRec;
  }
  int ec = review_add_cmd(c, argc, argv, aIn, nRec, azAtt, nAtt);
  free(aIn);
  free(aRole);
  free(azAtt);
  return ec;
}

/* review add, with the recommendations already parsed (aIn, nRec). */
static int review_add_cmd(const Cmd *c, int argc, char **argv, const RecInput *aIn, int nRec,
                          const char **azAtt, int nAtt) {
  enum {
    O_HELD, O_PART, O_MODE, O_RECS, O_MIN, O_IRO, O_ADV, O_PERM, O_PATH, O_PA, O_PLANNED, O_ASOF,
    /* The rest of the web form's fields (web_children.c review_form, web_reviews.c). */
    O_CHAIRED, O_SAW, O_INDEP, O_ADVOCACY, O_IV, O_NI, O_PASSPORT, O_BANK, O_BIRTH, O_VIEWS_FORM,
    O_PTYPE, O_POTHER, O_PVIEW, O_LOCATION, O_VIEWS_HOW, O_N
  };
  Opt opts[O_N] = {
    [O_HELD] = {"--held", 1, NULL, 0}, [O_PART] = {"--participation", 1, NULL, 0},
    [O_MODE] = {"--mode", 1, NULL, 0}, [O_RECS] = {"--recommendations", 1, NULL, 0},
    [O_MIN] = {"--minutes", 1, NULL, 0}, [O_IRO] = {"--iro", 1, NULL, 0},
    [O_ADV] = {"--advocate", 1, NULL, 0}, [O_PERM] = {"--permanence-plan", 1, NULL, 0},
    [O_PATH] = {"--pathway-plan", 1, NULL, 0}, [O_PA] = {"--personal-adviser", 1, NULL, 0},
    [O_PLANNED] = {"--planned", 1, NULL, 0}, [O_ASOF] = {"--as-of", 1, NULL, 0},
    [O_CHAIRED] = {"--child-chaired", 1, NULL, 0}, [O_SAW] = {"--saw-child", 1, NULL, 0},
    [O_INDEP] = {"--independence", 1, NULL, 0}, [O_ADVOCACY] = {"--advocacy", 1, NULL, 0},
    [O_IV] = {"--independent-visitor", 1, NULL, 0}, [O_NI] = {"--ni-number", 1, NULL, 0},
    [O_PASSPORT] = {"--passport", 1, NULL, 0}, [O_BANK] = {"--bank-account", 1, NULL, 0},
    [O_BIRTH] = {"--birth-certificate", 1, NULL, 0}, [O_VIEWS_FORM] = {"--views-form", 1, NULL, 0},
    [O_PTYPE] = {"--permanence-type", 1, NULL, 0}, [O_POTHER] = {"--permanence-other", 1, NULL, 0},
    [O_PVIEW] = {"--plan-view", 1, NULL, 0}, [O_LOCATION] = {"--location", 1, NULL, 0},
    [O_VIEWS_HOW] = {"--views-how", 1, NULL, 0},
  };
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2 || strcmp(aPos[0], "add") != 0) return usage_error(c, "expected: add CHILD");
  Review r;
  memset(&r, 0, sizeof r);
  r.held = r.due = r.planned = r.recommendations = r.minutes = DATE_NONE;
  signed char *apFlag[] = {&r.childChaired, &r.advocate, &r.sawChild, &r.permanence, &r.independence,
                           &r.pathway, &r.adviser, &r.niNumber, &r.passport, &r.bankAccount,
                           &r.birthCertificate, &r.advocacy, &r.independentVisitor};
  for (int i = 0; i < COUNT(apFlag); i++) *apFlag[i] = -1;
  struct { int o; Date *p; } aDate[] = {{O_HELD, &r.held}, {O_RECS, &r.recommendations},
                                        {O_MIN, &r.minutes}, {O_PLANNED, &r.planned}};
  for (int i = 0; i < COUNT(aDate); i++) {
    const Opt *o = &opts[aDate[i].o];
    if (o->seen && date_parse(o->zValue, aDate[i].p) != 0) {
      return usage_error(c, "%s must be a date as YYYY-MM-DD, not \"%s\"", o->zName, o->zValue);
    }
  }
  if (opts[O_PART].seen) snprintf(r.participation, sizeof r.participation, "%.3s", opts[O_PART].zValue);
  if (opts[O_PART].seen && strlen(opts[O_PART].zValue) > 3) r.participation[0] = 'X';
  if (opts[O_MODE].seen) {
    if (strcmp(opts[O_MODE].zValue, "in-person") == 0) r.mode = 'p';
    else if (strcmp(opts[O_MODE].zValue, "virtual") == 0) r.mode = 'v';
    else return usage_error(c, "--mode must be in-person or virtual, not \"%s\"", opts[O_MODE].zValue);
  }
  if (parse_flag(c, &opts[O_ADV], &r.advocate) || parse_flag(c, &opts[O_PERM], &r.permanence) ||
      parse_flag(c, &opts[O_PATH], &r.pathway) || parse_flag(c, &opts[O_PA], &r.adviser)) {
    return EXIT_USAGE;
  }
  struct { int o; signed char *p; } aFlag[] = {
    {O_CHAIRED, &r.childChaired}, {O_SAW, &r.sawChild}, {O_INDEP, &r.independence}, {O_ADVOCACY, &r.advocacy},
    {O_IV, &r.independentVisitor}, {O_NI, &r.niNumber}, {O_PASSPORT, &r.passport}, {O_BANK, &r.bankAccount},
    {O_BIRTH, &r.birthCertificate},
  };
  for (int i = 0; i < COUNT(aFlag); i++) {
    if (parse_flag(c, &opts[aFlag[i].o], aFlag[i].p)) return EXIT_USAGE;
  }
  /* The meeting: codes checked here, naming the option and its choices;
  ** lengths and what goes with what by review_meeting_validate. */
  if (opts[O_PTYPE].seen) {
    if (!code_ok(review_plan_types, opts[O_PTYPE].zValue)) {
      Buf b = {0};
      code_list(&b, review_plan_types);
      usage_error(c, "--permanence-type must be %s, not \"%s\"", b.z, opts[O_PTYPE].zValue);
      buf_free(&b);
      return EXIT_USAGE;
    }
    snprintf(r.permanenceType, sizeof r.permanenceType, "%s", opts[O_PTYPE].zValue);
  }
  if (opts[O_VIEWS_HOW].seen && !code_ok(review_views_how, opts[O_VIEWS_HOW].zValue)) {
    Buf b = {0};
    code_list(&b, review_views_how);
    usage_error(c, "--views-how must be %s, not \"%s\"", b.z, opts[O_VIEWS_HOW].zValue);
    buf_free(&b);
    return EXIT_USAGE;
  }
  signed char viewsForm = -1;
  if (parse_flag(c, &opts[O_VIEWS_FORM], &viewsForm)) return EXIT_USAGE;
  ReviewMeeting m;
  review_meeting_init(&m);
  struct { char **pz; int o; } aText[] = {{&m.zLocation, O_LOCATION}, {&m.zPlanOther, O_POTHER}, {&m.zPlanView, O_PVIEW}};
  for (int i = 0; i < COUNT(aText); i++) {
    if (!opts[aText[i].o].seen) continue;
    free(*aText[i].pz);
    *aText[i].pz = xstrdup(opts[aText[i].o].zValue);
  }
  m.viewsForm = viewsForm;
  /* (Checked whole above, so the copy is a code and never cut.) */
  if (opts[O_VIEWS_HOW].seen) snprintf(m.zViewsHow, sizeof m.zViewsHow, "%s", opts[O_VIEWS_HOW].zValue);
  for (int i = 0; i < nAtt; i++) {
    /* ROLE:TOOK_PART, then :NAME if given (a name may hold a colon). The
    ** parts are copied whole, so a long one is refused, never cut. */
    const char *z1 = strchr(azAtt[i], ':'), *z2 = z1 ? strchr(z1 + 1, ':') : NULL;
    char *zRole = z1 ? xmprintf("%.*s", (int)(z1 - azAtt[i]), azAtt[i]) : xstrdup("");
    char *zTook = !z1 ? xstrdup("") : z2 ? xmprintf("%.*s", (int)(z2 - z1 - 1), z1 + 1) : xstrdup(z1 + 1);
    int okAtt = code_ok(review_attendee_roles, zRole) && code_ok(review_took_part, zTook);
    if (okAtt) review_meeting_attendee(&m, zRole, z2 ? z2 + 1 : "", zTook);
    free(zRole);
    free(zTook);
    if (!okAtt) {
      Buf b = {0}, t = {0};
      code_list(&b, review_attendee_roles);
      code_list(&t, review_took_part);
      usage_error(c, "--attendee %d must be ROLE:TOOK_PART or ROLE:TOOK_PART:NAME, with ROLE %s and TOOK_PART %s, "
                     "not \"%s\"", i + 1, b.z, t.z, azAtt[i]);
      buf_free(&b);
      buf_free(&t);
      review_meeting_free(&m);
      return EXIT_USAGE;
    }
  }
  Date asOf;
  if (opt_date(c, &opts[O_ASOF], &asOf) < 0) {
    review_meeting_free(&m);
    return EXIT_USAGE;
  }
  Db *db = open_db(c);
  if (!db) {
    review_meeting_free(&m);
    return EXIT_FAIL;
  }
  ChildSet *cs = load_one(c, db, aPos[1]);
  if (!cs) {
    review_meeting_free(&m);
    db_close(db);
    return EXIT_FAIL;
  }
  int ec = EXIT_OK;
  if (opts[O_IRO].seen && !(r.iroId = iro_lookup(db, opts[O_IRO].zValue))) {
    ec = failure(c, "no IRO with id or name \"%s\"", opts[O_IRO].zValue);
  } else {
    const Allocation *al = child_allocation_on(&cs->a[0], r.held == DATE_NONE ? asOf : r.held);
    if (!r.iroId && al) r.iroId = al->iroId;
    Errors e = {0};
    /* Every recommendation is checked before anything is saved, and the
    ** review is saved with them or not at all. */
    for (int i = 0; i < nRec; i++) {
      char zPrefix[40];
      snprintf(zPrefix, sizeof zPrefix, "recommendation %d ", i + 1);
      rec_validate(&aIn[i], r.held, zPrefix, &e);
    }
    review_meeting_validate(&r, &m, &e);
    int saved = !e.n;
    if (saved) {
      db_begin(db);
      /* The review, its meeting and its recommendations: all or none, as on the web. */
      saved = review_save(db, &cs->a[0], &r, asOf, audit_cli_actor(), &e) == 0 &&
              review_meeting_save(db, &cs->a[0], &r, &m, audit_cli_actor(), &e) == 0;
      for (int i = 0; i < nRec && saved; i++) saved = rec_add(db, &cs->a[0], r.id, &aIn[i], audit_cli_actor(), &e) != 0;
      if (saved) saved = db_commit(db) == DB_OK;
      else db_rollback(db);
    }
    if (!saved) {
      print_review_errors(c, &e);
      ec = EXIT_FAIL;
    } else {
      childset_free(cs);
      cs = load_one(c, db, aPos[1]);
      Period p;
      char z1[24], z2[24];
      printf("Review of %s held %s saved (due %s, %s).\n", aPos[1], date_long(r.held, z1),
             date_long(r.due, z2), r.held <= r.due ? "on time" : "late");
      if (nRec) printf("%d %s recorded.\n", nRec, nRec == 1 ? "recommendation" : "recommendations");
      if (cs && child_in_care(&cs->a[0], asOf, &p)) {
        printf("Next review due %s.\n", date_long(review_next_due(&cs->a[0], &p, asOf, NULL), z1));
      }
    }
  }
  review_meeting_free(&m);
  childset_free(cs);
  db_close(db);
  return ec;
}

/* ---- recommendations ---------------------------------------------------- */

static int cmd_recommendations(int argc, char **argv) {
  const Cmd *c = cmd_find("recommendations");
  Opt opts[] = {{"--iro", 1, NULL, 0}, {"--status", 1, NULL, 0}, {"--as-of", 1, NULL, 0},
                {"--format", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  static const char *const azStatus[] = {"all", "open", "overdue", "done", "not-done"};
  static const char *const azFmt[] = {"text", "csv"};
  int want = opt_choice(c, &opts[1], azStatus, COUNT(azStatus), 0);
  int fmt = opt_choice(c, &opts[3], azFmt, 2, 0);
  Date asOf;
  if (want < 0 || fmt < 0 || opt_date(c, &opts[2], &asOf) < 0) return EXIT_USAGE;
  if (opts[0].seen && !opts[0].zValue[0]) return usage_error(c, "--iro needs an IRO id or name");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int64_t iroId = 0;
  if (opts[0].seen && !(iroId = iro_lookup(db, opts[0].zValue))) {
    db_close(db);
    return failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", opts[0].zValue);
  }
  RecRecord *a;
  int n = rec_list_all(db, iroId, asOf, &a), nShown = 0;
  if (n < 0) {
    int ec = failure(c, "cannot read the recommendations, so none are listed: %s", db_errmsg(db));
    db_close(db);
    return ec;
  }
  Buf b = {0};
  if (fmt == 1) buf_puts(&b, "child_id,review_held,recommendation,owner,due_date,status\n");
  for (int i = 0; i < n; i++) {
    const char *zStatus = rec_status_on(&a[i], asOf);
    /* "open" takes in the overdue ones: they are open too. */
    if (want == 1 && strcmp(zStatus, "open") != 0 && strcmp(zStatus, "overdue") != 0) continue;
    if (want > 1 && strcmp(zStatus, azStatus[want]) != 0) continue;
    nShown++;
    char zHeld[11], zDue[11];
    date_iso(a[i].held, zHeld);
    date_iso(a[i].due, zDue);
    char *zOwner = a[i].zName[0] ? xmprintf("%s:%s", a[i].zRole, a[i].zName) : xstrdup(a[i].zRole);
    if (fmt == 1) {
      buf_csv(&b, a[i].zChildRef); buf_putc(&b, ',');
      buf_printf(&b, "%s,", zHeld);
      buf_csv(&b, a[i].zText); buf_putc(&b, ',');
      buf_csv(&b, zOwner); buf_putc(&b, ',');
      buf_printf(&b, "%s,%s\n", zDue, zStatus);
    } else {
      buf_printf(&b, "%-10s %-9s ", zDue, zStatus);
      buf_pad(&b, a[i].zChildRef, 11);
      buf_pad(&b, zOwner, 28);
      buf_printf(&b, "%s (review %s)\n", a[i].zText, zHeld);
    }
    free(zOwner);
  }
  if (fmt == 0) buf_printf(&b, "%d %s.\n", nShown, nShown == 1 ? "recommendation" : "recommendations");
  fwrite(b.z ? b.z : "", 1, b.n, stdout);
  buf_free(&b);
  rec_list_free(a, n);
  db_close(db);
  return EXIT_OK;
}

/* ---- demo, migrate ------------------------------------------------------ */

static int cmd_demo(int argc, char **argv) {
  const Cmd *c = cmd_find("demo");
  Opt opts[] = {{"--children", 1, NULL, 0}, {"--seed", 1, NULL, 0}, {"--as-of", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  long n = 450, seed = 1;
  if (opts[0].seen && parse_int(opts[0].zValue, 1, 2000000, &n) != 0) {
    return usage_error(c, "--children must be a whole number from 1 to 2000000, not \"%s\"", opts[0].zValue);
  }
  if (opts[1].seen && parse_int(opts[1].zValue, 0, 2147483647L, &seed) != 0) {
    return usage_error(c, "--seed must be a whole number, not \"%s\"", opts[1].zValue);
  }
  Date asOf;
  if (opt_date(c, &opts[2], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  DemoSummary sum = {0};
  char *zErr = NULL;
  int r = demo_generate(db, (int)n, (unsigned)seed, asOf, &sum, &zErr);
  int nEscalations = 0;
  if (r == 0) r = demo_casework(db, (unsigned)seed, asOf, &nEscalations, &zErr);
  int nPf = 0;
  if (r == 0) r = demo_private_fostering(db, (unsigned)seed, asOf, &nPf, &zErr);
  int nLado = 0;
  if (r == 0) r = demo_lado(db, (unsigned)seed, asOf, &nLado, &zErr);
  int nHomes = 0;
  if (r == 0) r = demo_homes(db, (unsigned)seed, asOf, &nHomes, &zErr);
  if (r) {
    db_close(db);
    int ec = failure(c, "%s", zErr);
    free(zErr);
    return ec;
  }
  /* One demo user per role, each with a fresh random password: printed
  ** once here, stored only as its hash. */
  crypto_init();
  static const struct { const char *zName, *zDisplay; Role role; } aUser[] = {
    {"admin", "Alex Admin (demo)", ROLE_ADMIN},
    {"qa", "Quinn QA Manager (demo)", ROLE_QA_MANAGER},
    {"iro", NULL, ROLE_IRO},
    {"lado", "Lee Designated Officer (demo)", ROLE_LADO},
    {"pf", "Pat Private Fostering (demo)", ROLE_PF_WORKER},
    {"homes", "Harper Residential (demo)", ROLE_RESIDENTIAL_MANAGER},
    {"support", "Sam Business Support (demo)", ROLE_BUSINESS_SUPPORT},
    {"board", "Blake Board Member (demo)", ROLE_BOARD},
  };
  int64_t iroId = db_int(db, 0, "SELECT id FROM iro WHERE active = 1 ORDER BY id LIMIT 1", "");
  char *zIroName = NULL;
  if (iroId) {
    Stmt *s = db_query(db, "SELECT name FROM iro WHERE id = ?", "I", iroId);
    if (db_step(s) == DB_ROW) zIroName = xmprintf("%s (demo IRO)", db_col_text(s, 0));
    db_finalize(s);
  }
  Buf users = {0};
  for (int i = 0; i < COUNT(aUser); i++) {
    char zHex[17], zPass[20];
    random_hex(zHex, 8);
    snprintf(zPass, sizeof zPass, "%.4s-%.4s-%.4s-%.4s", zHex, zHex + 4, zHex + 8, zHex + 12);
    int isIro = aUser[i].role == ROLE_IRO;
    if (isIro && !iroId) continue;
    char *zUserErr = NULL;
    if (user_add(db, aUser[i].zName, isIro ? zIroName : aUser[i].zDisplay, aUser[i].role, zPass,
                 isIro ? iroId : 0, audit_cli_actor(), &zUserErr) != 0) {
      buf_printf(&users, "  %-8s not added: %s\n", aUser[i].zName, zUserErr);
      free(zUserErr);
      continue;
    }
    /* An address at a reserved domain (RFC 2606), as the demo's IROs
    ** have, so the email settings can be tried without reaching anyone. */
    char *zEmail = xmprintf("%s@council.example", aUser[i].zName);
    if (user_set_details(db, aUser[i].zName, NULL, zEmail, audit_cli_actor(), &zUserErr) != 0) {
      buf_printf(&users, "  %-8s no email: %s\n", aUser[i].zName, zUserErr);
      free(zUserErr);
    }
    free(zEmail);
    buf_printf(&users, "  %-8s %-20s %s\n", aUser[i].zName, zPass, role_label(aUser[i].role));
  }
  free(zIroName);
  db_close(db);
  char z[24];
  printf("Demo database %s: %d synthetic children (%d in care on %s), %d IROs, %d episodes,\n"
         "%d reviews, %d allocations, %d contacts, %d in unregistered provision. No real data.\n",
         g_zDbPath, sum.nChildren, sum.nInCare, date_long(asOf, z), sum.nIros, sum.nEpisodes,
         sum.nReviews, sum.nAllocations, sum.nContacts, sum.nUnregistered);
  printf("%d escalations at every stage, some closed.\n", nEscalations);
  printf("%d private fostering notifications, from the initial visit to Regulation 8 visits.\n", nPf);
  printf("%d LADO contacts over the last two years, for the Designated Officer (user lado).\n", nLado);
  printf("%d children's homes with inspections, Regulation 44 visits, audits and QPAG actions.\n", nHomes);
  printf("\nDemo users (username, password, role) - keep this list, the passwords are not stored:\n%s",
         users.z ? users.z : "");
  buf_free(&users);
  return EXIT_OK;
}

static int cmd_migrate(int argc, char **argv) {
  const Cmd *c = cmd_find("migrate");
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  printf("%s is at schema version %d.\n", g_zDbPath, db_schema_version(db));
  db_close(db);
  return EXIT_OK;
}

/* ---- audit ---------------------------------------------------------------- */

static int cmd_audit(int argc, char **argv) {
  const Cmd *c = cmd_find("audit");
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1 || strcmp(aPos[0], "verify") != 0) return usage_error(c, "expected: verify");
  /* 1 says "broken", so a log that cannot be read must say something else. */
  Db *db = open_db(c);
  if (!db) return EXIT_USAGE;
  int64_t nOk, badId;
  char *zWhy;
  int r = audit_verify(db, &nOk, &badId, &zWhy);
  int ec;
  if (r < 0) {
    fprintf(stderr, "oversight audit: %s\n", zWhy);
    ec = EXIT_USAGE;
  } else if (r > 0) {
    printf("audit log broken: %s (the %lld entries before it are intact)\n",
           zWhy, (long long)nOk);
    ec = EXIT_FAIL;
  } else {
    printf("audit log intact: %lld entries\n", (long long)nOk);
    /* The one thing the chain cannot show is its end cut off: the last
    ** hash, kept somewhere else, can. */
    Stmt *s = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (db_step(s) == DB_ROW) {
      printf("last entry %lld, hash %s\n", (long long)db_col_int(s, 0), db_col_text(s, 1));
    }
    db_finalize(s);
    ec = EXIT_OK;
  }
  free(zWhy);
  db_close(db);
  return ec;
}

/* ---- user ---------------------------------------------------------------- */

/* A password from standard input: the first line, without its newline. */
/* A password typed by whoever runs the command: one line of standard input,
** read without echo (after zPrompt) when that is a terminal. NULL at the
** end of input. */
static char *read_password(const char *zPrompt) {
  char z[1100];
  struct termios old, quiet;
  int tty = isatty(0) && tcgetattr(0, &old) == 0;
  if (tty) {
    fputs(zPrompt, stderr);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(0, TCSAFLUSH, &quiet);
  }
  char *zGot = fgets(z, sizeof z, stdin);
  if (tty) {
    tcsetattr(0, TCSAFLUSH, &old);
    fputc('\n', stderr);
  }
  if (!zGot) return NULL;
  z[strcspn(z, "\r\n")] = 0;
  char *zPass = xstrdup(z);
  memset(z, 0, sizeof z);
  return zPass;
}

/* Print a secret made for someone, once. */
static void print_issued(Db *db, const char *zUser, PasswordIssue issue, const char *zSecret) {
  if (issue == ISSUE_LINK && user_link_emailed(db, zUser, zSecret)) {
    User u;
    user_get(db, zUser, &u);
    printf("The one-time link has been emailed to %s (queued: oversight mail send delivers it).\n", u.zEmail);
  }
  if (issue == ISSUE_TEMPORARY) {
    printf("Temporary password for %s: %s\n(shown only now; they must change it when they first sign in)\n", zUser,
           zSecret);
  } else {
    printf("One-time link for %s: /password/set?token=%s\n(put Oversight's address in front; it works once, "
           "within %d %s)\n", zUser, zSecret, rule("password_link_lifetime")->amount,
           cal_unit_name(rule("password_link_lifetime")->unit));
  }
}

static int cmd_user(int argc, char **argv) {
  const Cmd *c = cmd_find("user");
  enum { O_ROLE, O_NAME, O_IRO, O_EMAIL, O_TEMP, O_LINK, O_DIGESTS };
  Opt opts[] = {{"--role", 1, NULL, 0}, {"--name", 1, NULL, 0}, {"--iro", 1, NULL, 0},
                {"--email", 1, NULL, 0}, {"--temporary", 0, NULL, 0}, {"--link", 0, NULL, 0},
                {"--digests", 1, NULL, 0}};
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: add, edit, list, reset, disable, enable, password or unlock");
  const char *zSub = aPos[0];
  int wantsName = strcmp(zSub, "list") != 0;
  if (wantsName && nPos != 2) return usage_error(c, "%s needs a user name", zSub);
  if (!wantsName && nPos != 1) return usage_error(c, "list takes no user name");
  if (opts[O_TEMP].seen && opts[O_LINK].seen) return usage_error(c, "give --temporary or --link, not both");
  int isAdd = strcmp(zSub, "add") == 0, isEdit = strcmp(zSub, "edit") == 0, isReset = strcmp(zSub, "reset") == 0;
  if (!isAdd && !isReset && (opts[O_TEMP].seen || opts[O_LINK].seen)) {
    return usage_error(c, "--temporary and --link go with add or reset");
  }
  if (isReset && opts[O_TEMP].seen) return usage_error(c, "reset gives a temporary password unless --link");
  if (opts[O_DIGESTS].seen && !isEdit) return usage_error(c, "--digests goes with edit");
  if (opts[O_DIGESTS].seen && strcmp(opts[O_DIGESTS].zValue, "on") != 0 && strcmp(opts[O_DIGESTS].zValue, "off") != 0) {
    return usage_error(c, "--digests must be on or off, not \"%s\"", opts[O_DIGESTS].zValue);
  }
  if (!isAdd && !isEdit && (opts[O_ROLE].seen || opts[O_NAME].seen || opts[O_IRO].seen || opts[O_EMAIL].seen)) {
    return usage_error(c, "--role, --name, --email and --iro go with add or edit");
  }
  Role role = ROLE_INVALID;
  if (isAdd && !opts[O_ROLE].seen) return usage_error(c, "add needs --role ROLE");
  if (opts[O_ROLE].seen) {
    role = role_parse(opts[O_ROLE].zValue);
    if (role == ROLE_INVALID) {
      return usage_error(c, "--role must be one of admin, qa-manager, iro, lado, pf-worker, "
                            "residential-manager, business-support, board, not \"%s\"", opts[O_ROLE].zValue);
    }
  }
  if (!isAdd && !isEdit && !isReset && strcmp(zSub, "list") && strcmp(zSub, "disable") && strcmp(zSub, "enable") &&
      strcmp(zSub, "password") && strcmp(zSub, "unlock")) {
    return usage_error(c, "unknown subcommand \"%s\"", zSub);
  }
  crypto_init();
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  char *zErr = NULL;
  char zSecret[USER_SECRET_MAX];
  char *zTyped = NULL;             /* user add: the password given on standard input */
  int64_t iroId = 0;
  if (opts[O_IRO].seen && !(iroId = iro_lookup(db, opts[O_IRO].zValue))) {
    ec = failure(c, "no IRO with id or name \"%s\"", opts[O_IRO].zValue);
  } else if (strcmp(zSub, "list") == 0) {
    Stmt *s = db_prepare(db, "SELECT u.username, u.display_name, u.role, u.disabled, i.name, u.email,"
                             " u.last_signed_in_at, u.must_change_password"
                             " FROM users u LEFT JOIN iro i ON i.id = u.iro_id ORDER BY u.username");
    int n = 0, step;
    while ((step = db_step(s)) == DB_ROW) {
      n++;
      char zLast[64];
      user_time_words(db_col_text(s, 6), zLast, sizeof zLast);
      printf("%-20s %-16s %-30s %-30s last signed in: %s; %s%s%s%s\n", db_col_text(s, 0), db_col_text(s, 2),
             db_col_text(s, 1), db_col_is_null(s, 5) ? "(no email)" : db_col_text(s, 5), zLast,
             db_col_int(s, 3) ? "disabled" : "active", db_col_int(s, 7) ? ", must change password" : "",
             db_col_is_null(s, 4) ? "" : ", IRO ", db_col_text(s, 4));
    }
    db_finalize(s);
    if (step != DB_DONE) ec = failure(c, "cannot read the users, so the list stops here: %s", db_errmsg(db));
    else if (!n) printf("No users yet: add one with `oversight user add NAME --role admin`.\n");
  } else if (isAdd && (opts[O_TEMP].seen || opts[O_LINK].seen ||
                       !(zTyped = read_password("Their password (or press Enter to give them a temporary one): ")) ||
                       !zTyped[0])) {
    /* No password given (nothing on standard input, or an empty line):
    ** they get a temporary one, as from the Users page, rather than an
    ** error; nobody need choose a password for someone else. */
    PasswordIssue issue = opts[O_LINK].seen ? ISSUE_LINK : ISSUE_TEMPORARY;
    if (user_add_issue(db, aPos[1], opts[O_NAME].seen ? opts[O_NAME].zValue : aPos[1],
                       opts[O_EMAIL].seen ? opts[O_EMAIL].zValue : NULL, role, iroId, issue, zSecret,
                       audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else {
      printf("Added %s (%s).\n", aPos[1], role_label(role));
      print_issued(db, aPos[1], issue, zSecret);
    }
  } else if (isAdd || strcmp(zSub, "password") == 0) {
    /* The form scripts and the first administrator use: a password typed
    ** by whoever runs the command, on standard input. */
    char *zPass = isAdd ? zTyped : read_password("New password: ");
    zTyped = NULL;
    if (!zPass) ec = failure(c, "give the password on standard input (one line)");
    else if (isAdd) {
      if (user_add(db, aPos[1], opts[O_NAME].seen ? opts[O_NAME].zValue : aPos[1], role, zPass, iroId,
                   audit_cli_actor(), &zErr) != 0) {
        ec = failure(c, "%s", zErr);
      } else if (opts[O_EMAIL].seen && user_set_details(db, aPos[1], NULL, opts[O_EMAIL].zValue,
                                                        audit_cli_actor(), &zErr) != 0) {
        ec = failure(c, "added %s, but not their email: %s", aPos[1], zErr);
      } else {
        printf("Added %s (%s).\n", aPos[1], role_label(role));
      }
    } else if (user_set_password(db, aPos[1], zPass, audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else {
      printf("Changed the password of %s.\n", aPos[1]);
    }
    if (zPass) {
      memset(zPass, 0, strlen(zPass));
      free(zPass);
    }
  } else if (isReset) {
    PasswordIssue issue = opts[O_LINK].seen ? ISSUE_LINK : ISSUE_TEMPORARY;
    if (user_reset_password(db, aPos[1], issue, zSecret, audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else {
      printf("Reset the password of %s: the old one no longer works and their sessions have ended.\n", aPos[1]);
      print_issued(db, aPos[1], issue, zSecret);
    }
  } else if (isEdit) {
    User u;
    if (!opts[O_NAME].seen && !opts[O_EMAIL].seen && !opts[O_ROLE].seen && !opts[O_IRO].seen && !opts[O_DIGESTS].seen) {
      ec = failure(c, "say what to change: --name, --email, --role, --iro or --digests");
    } else if (!user_get(db, aPos[1], &u)) {
      ec = failure(c, "There is no user called %s", aPos[1]);
    } else if (user_set_details(db, aPos[1], opts[O_NAME].seen ? opts[O_NAME].zValue : NULL,
                                opts[O_EMAIL].seen ? opts[O_EMAIL].zValue : NULL, audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else if ((opts[O_ROLE].seen || opts[O_IRO].seen) &&
               user_set_role(db, aPos[1], opts[O_ROLE].seen ? role : u.role,
                             /* A new role other than iro drops the IRO link; --iro alone keeps the role. */
                             opts[O_IRO].seen ? iroId : (opts[O_ROLE].seen && role != ROLE_IRO) ? 0 : u.iroId,
                             audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else if (opts[O_DIGESTS].seen &&
               user_set_digests(db, aPos[1], strcmp(opts[O_DIGESTS].zValue, "on") == 0, audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
    } else {
      printf("Saved %s.\n", aPos[1]);
    }
  } else if (strcmp(zSub, "unlock") == 0) {
    int n = user_unlock(db, aPos[1], audit_cli_actor(), NULL, &zErr);
    if (n < 0) ec = failure(c, "%s", zErr);
    else if (n == 0) printf("%s was not locked.\n", aPos[1]);
    else printf("Unlocked %s (it was locked for %d network%s).\n", aPos[1], n, n == 1 ? "" : "s");
  } else {
    int disable = strcmp(zSub, "disable") == 0;
    if (user_set_disabled(db, aPos[1], disable, audit_cli_actor(), &zErr) != 0) ec = failure(c, "%s", zErr);
    else printf("%s %s.\n", disable ? "Disabled" : "Enabled", aPos[1]);
  }
  memset(zSecret, 0, sizeof zSecret);
  free(zTyped);
  free(zErr);
  db_close(db);
  return ec;
}

/* ---- export, import ---------------------------------------------------------- */

static const char *const azKind[] = {"escalations", "oversight-records", "private-fostering", "lado", "homes", "iros",
                                     "children", "users"};
#define KIND_CHOICES "escalations, oversight-records, private-fostering, lado, homes, iros, children, users or 903"

/* The users as CSV (users_export: no password, hash or token). Who took
** a copy of the staff list is written to the audit log. */
static int export_users(Db *db, FILE *f) {
  Buf b = {0};
  if (users_export(db, &b) != DB_OK) {
    buf_free(&b);
    return -1;
  }
  db_begin(db);
  int rc = audit_write(db, audit_cli_actor(), "users.export", "users", NULL, "exported", NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  int ok = rc == DB_OK && fwrite(b.z ? b.z : "", 1, b.n, f) == b.n;
  buf_free(&b);
  return ok ? 0 : -1;
}

/* import users FILE [--link]: its own options, so handled apart. */
static int cmd_import_users(int argc, char **argv) {
  const Cmd *c = cmd_find("import");
  Opt opts[] = {{"--temporary", 0, NULL, 0}, {"--link", 0, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) return usage_error(c, "say which file to import the users from");
  if (opts[0].seen && opts[1].seen) return usage_error(c, "give --temporary or --link, not both");
  crypto_init();
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf report = {0};
  int r = users_import(db, aPos[1], opts[1].seen ? ISSUE_LINK : ISSUE_TEMPORARY, audit_cli_actor(), &report);
  db_close(db);
  fputs(report.z ? report.z : "", r == 0 ? stdout : stderr);
  if (report.z) memset(report.z, 0, report.n);
  buf_free(&report);
  return r == 0 ? EXIT_OK : EXIT_FAIL;
}

static int cmd_export(int argc, char **argv) {
  const Cmd *c = cmd_find("export");
  /* The SSDA903 return is a folder of files for a year (cli_ssda903_store.c). */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--year") == 0) i++;
    else if (argv[i][0] != '-') {
      if (strcmp(argv[i], "903") == 0) return cmd_export_903(argc, argv);
      break;
    }
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos < 1) return usage_error(c, "say what to export: " KIND_CHOICES);
  int kind = -1;
  for (int i = 0; i < COUNT(azKind); i++) {
    if (strcmp(aPos[0], azKind[i]) == 0) kind = i;
  }
  if (kind < 0) return usage_error(c, "cannot export \"%s\": choose " KIND_CHOICES, aPos[0]);
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  /* Write to a temporary file and rename: a failed export leaves no half file. */
  char *zTmp = nPos == 2 ? xmprintf("%s.partial", aPos[1]) : NULL;
  FILE *f = zTmp ? fopen(zTmp, "w") : stdout;
  int ec = EXIT_OK;
  if (!f) {
    ec = failure(c, "cannot write %s", aPos[1]);
  } else {
    int r = kind == 0   ? export_escalations(db, f)
            : kind == 1 ? export_oversight_records(db, f, audit_cli_actor())
            : kind == 2 ? export_private_fostering(db, f, audit_cli_actor())
            : kind == 3 ? export_lado(db, f, audit_cli_actor())
            : kind == 4 ? export_homes(db, f, audit_cli_actor())
            : kind == 5 ? export_iros(db, f, audit_cli_actor())
            : kind == 6 ? export_children(db, f, audit_cli_actor())
                        : export_users(db, f);
    int closed = zTmp ? fclose(f) : fflush(f);
    if (r < 0 || closed != 0) {
      ec = failure(c, "the export could not be written%s", zTmp ? "; nothing was saved" : "");
      if (zTmp) remove(zTmp);
    } else if (zTmp && rename(zTmp, aPos[1]) != 0) {
      ec = failure(c, "cannot write %s", aPos[1]);
      remove(zTmp);
    }
  }
  free(zTmp);
  db_close(db);
  return ec;
}

static int cmd_import(int argc, char **argv) {
  const Cmd *c = cmd_find("import");
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--year") == 0) i++;
    else if (argv[i][0] != '-') {
      if (strcmp(argv[i], "903") == 0) return cmd_import_903(argc, argv);
      if (strcmp(argv[i], "users") == 0) return cmd_import_users(argc, argv);
      break;
    }
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) return usage_error(c, "say what to import and from which file");
  int kind = -1;
  for (int i = 0; i < COUNT(azKind); i++) {
    if (strcmp(aPos[0], azKind[i]) == 0) kind = i;
  }
  if (kind < 0) return usage_error(c, "cannot import \"%s\": choose " KIND_CHOICES, aPos[0]);
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf report = {0};
  int r = kind == 0   ? import_escalations(db, aPos[1], audit_cli_actor(), &report)
          : kind == 1 ? import_oversight_records(db, aPos[1], date_today(), audit_cli_actor(), &report)
          : kind == 2 ? import_private_fostering(db, aPos[1], date_today(), audit_cli_actor(), &report)
          : kind == 3 ? import_lado(db, aPos[1], audit_cli_actor(), &report)
          : kind == 4 ? import_homes(db, aPos[1], date_today(), audit_cli_actor(), &report)
          : kind == 5 ? import_iros(db, aPos[1], audit_cli_actor(), &report)
                      : import_children(db, aPos[1], audit_cli_actor(), &report);
  db_close(db);
  /* The report lists every bad row, or says what was loaded. */
  fputs(report.z ? report.z : "", r == 0 ? stdout : stderr);
  buf_free(&report);
  return r == 0 ? EXIT_OK : EXIT_FAIL;
}

/* ---- serve, test-http ------------------------------------------------------ */

void web_handle(Req *req, Resp *resp);
int web_upload_gate(const Req *req, Resp *resp);
void web_configure_proxy(const char *zHeader, const char *zAddrs);
void web_start_background(void);
int web_ssda903_configure(const char *zPostcodes, const char *zLa, Buf *pErr);
void web_imports_configure(void);
int web_configure_ops(int accessLog, const char *zMetricsFrom, const char *zTokenFile, Buf *pErr);
void web_observe(const Req *req, const Resp *resp, double ms);

/* Migrate, load the rules once for every thread, and make sure signing
** in can work, before the first request. */
static int web_prepare(const Cmd *c, int check) {
  crypto_init();
  Db *db = open_db(c);
  if (!db) return -1;
  int rc = check ? check_before_serving(c, db) : 0;
  db_close(db);
  return rc;
}

/* The process's umask keeps what it creates private (main.c), but a
** database made otherwise, or copied in, keeps its mode, and SQLite gives
** its -wal and -shm the same. Said, not changed: the operator may mean it. */
static void warn_if_shared(const Cmd *c, const char *zPath) {
  struct stat st;
  if (stat(zPath, &st) != 0 || !(st.st_mode & (S_IRWXG | S_IRWXO))) return;
  fprintf(stderr, "oversight %s: warning: %s can be %s by other accounts on this machine "
                  "(mode %04o); run chmod 600 %s\n", c->zName, zPath,
          st.st_mode & (S_IRGRP | S_IROTH) ? "read" : "changed", (unsigned)(st.st_mode & 07777), zPath);
}

static int cmd_serve(int argc, char **argv) {
  const Cmd *c = cmd_find("serve");
  Opt opts[] = {{"--listen", 1, NULL, 0}, {"--threads", 1, NULL, 0}, {"--trust-proxy", 1, NULL, 0},
                {"--proxy-header", 1, NULL, 0}, {"--postcodes", 1, NULL, 0}, {"--la", 1, NULL, 0},
                {"--connections-per-address", 1, NULL, 0}, {"--quiet-access-log", 0, NULL, 0},
                {"--metrics-from", 1, NULL, 0}, {"--metrics-token-file", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  long nThreads = sysconf(_SC_NPROCESSORS_ONLN);
  if (opts[1].seen && parse_int(opts[1].zValue, 1, 256, &nThreads) != 0) {
    return usage_error(c, "--threads must be a whole number from 1 to 256");
  }
  if (opts[2].seen != opts[3].seen) {
    return usage_error(c, "--trust-proxy and --proxy-header go together");
  }
  if (opts[5].seen && !opts[4].seen) return usage_error(c, "--la goes with --postcodes FILE");
  /* Behind the council's proxy every connection comes from the proxy's
  ** address: a per-address limit would be a limit on everyone. */
  long nPerAddress = opts[2].seen ? 0 : 64;
  if (opts[6].seen && parse_int(opts[6].zValue, 0, 4096, &nPerAddress) != 0) {
    return usage_error(c, "--connections-per-address must be a whole number from 0 (no limit) to 4096");
  }
  const char *zListen = opts[0].seen ? opts[0].zValue : "127.0.0.1:8080";
  Buf err = {0};
  web_imports_configure();
  if (web_ssda903_configure(opts[4].seen ? opts[4].zValue : NULL, opts[5].seen ? opts[5].zValue : "", &err) != 0) {
    int ec = failure(c, "%s", err.z ? err.z : "cannot read the postcode table");
    buf_free(&err);
    return ec;
  }
  if (web_configure_ops(!opts[7].seen, opts[8].seen ? opts[8].zValue : NULL, opts[9].seen ? opts[9].zValue : NULL,
                        &err) != 0) {
    int ec = failure(c, "%s", err.z);
    buf_free(&err);
    return ec;
  }
  if (web_prepare(c, 1) != 0) return EXIT_FAIL;
  warn_if_shared(c, g_zDbPath);
  if (opts[2].seen) web_configure_proxy(opts[3].zValue, opts[2].zValue);
  http_set_per_address_limit((unsigned)nPerAddress);
  http_set_body_gate(web_upload_gate);
  http_set_observer(web_observe);
  web_start_background();
  const char *zHost = zListen[0] == ':' ? "localhost" : zListen;
  printf("Oversight is running: open http://%s%s/ in a browser (stop with Ctrl-C).\n",
         zHost, zListen[0] == ':' ? zListen : "");
  fflush(stdout);
  return http_serve(zListen, (int)nThreads, web_handle) == 0 ? EXIT_OK : EXIT_FAIL;
}

static int cmd_test_http(int argc, char **argv) {
  const Cmd *c = cmd_find("test-http");
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (web_prepare(c, 0) != 0) return EXIT_FAIL;
  return http_test_stdin(web_handle);
}

/* ---- bench -------------------------------------------------------------- */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Resident memory of one kind from /proc/self/status ("RssAnon" is what
** this process owns; "RssFile" the mapped database file), in kB. */
static long rss_kb(const char *zKind) {
  FILE *f = fopen("/proc/self/status", "r");
  char zLine[256];
  long kb = -1;
  size_t n = strlen(zKind);
  while (f && fgets(zLine, sizeof zLine, f)) {
    if (strncmp(zLine, zKind, n) == 0 && zLine[n] == ':') kb = atol(zLine + n + 1);
  }
  if (f) fclose(f);
  return kb;
}

static int cmd_bench(int argc, char **argv) {
  const Cmd *c = cmd_find("bench");
  Opt opts[] = {{"--as-of", 1, NULL, 0}, {"--repeat", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1 || strcmp(aPos[0], "deadlines") != 0) return usage_error(c, "expected: deadlines");
  long repeat = 5;
  if (opts[1].seen && parse_int(opts[1].zValue, 1, 1000, &repeat) != 0) {
    return usage_error(c, "--repeat must be a whole number from 1 to 1000");
  }
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  /* Best of N for each phase: the figure is what the code costs, not
  ** what else the machine was doing. */
  double bestLoad = 1e18, bestCompute = 1e18;
  long nDeadlines = 0, peakAnon = 0, peakFile = 0;
  int nChildren = 0;
  for (long k = 0; k < repeat; k++) {
    double t0 = now_ms();
    ChildSet *cs = childset_load(db, NULL);
    double t1 = now_ms();
    DeadlineList dl = {0};
    nDeadlines = 0;
    for (int i = 0; i < cs->n; i++) {
      dl.n = 0;
      deadlines_for_child(&cs->a[i], asOf, 0, &dl);
      nDeadlines += dl.n;
    }
    double t2 = now_ms();
    nChildren = cs->n;
    if (rss_kb("RssAnon") > peakAnon) peakAnon = rss_kb("RssAnon");
    if (rss_kb("RssFile") > peakFile) peakFile = rss_kb("RssFile");
    deadlines_free(&dl);
    childset_free(cs);
    if (t1 - t0 < bestLoad) bestLoad = t1 - t0;
    if (t2 - t1 < bestCompute) bestCompute = t2 - t1;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("children               %d\n", nChildren);
  printf("open deadlines         %ld\n", nDeadlines);
  printf("load from database     %.1f ms (best of %ld)\n", bestLoad, repeat);
  printf("compute deadlines      %.1f ms (best of %ld)\n", bestCompute, repeat);
  printf("load + compute         %.1f ms\n", bestLoad + bestCompute);
  printf("children per second    %.0f (compute), %.0f (load + compute)\n",
         nChildren / (bestCompute / 1e3), nChildren / ((bestLoad + bestCompute) / 1e3));
  /* RSS counts the memory-mapped database file too: page cache the kernel
  ** shares and can drop, not memory this process owns. Say which is which. */
  printf("peak RSS               %.1f MB: %.1f MB the process's own, %.1f MB the mapped database file\n",
         ru.ru_maxrss / 1024.0, peakAnon / 1024.0, peakFile / 1024.0);
  db_close(db);
  return EXIT_OK;
}

/* ---- The table ---------------------------------------------------------- */

/* Sorted by name: cmd_find() searches it, and a test checks the order. */
const Cmd aCmd[] = {
  {"allocate", cmd_allocate, "allocate CHILD IRO [--date DATE] [--reason TEXT]",
   "Allocate an IRO to a child, or change the child's IRO (a change needs --reason).\n"
   "IRO is the IRO's id or full name. --date defaults to today."},
  {"audit", cmd_audit, "audit verify",
   "Check the audit log's chain: each entry holds a hash over the one before it and its\n"
   "own fields, so an entry changed, removed or added outside Oversight breaks it. Prints\n"
   "\"audit log intact: N entries\" and the last entry's hash (note it elsewhere: entries\n"
   "removed from the end, or the whole chain rebuilt, show only against it), or the first\n"
   "broken entry. Exit status 0 intact, 1 broken, 2 when the log cannot be read.\n"
   "See docs/audit-log.md."},
  {"backup", cmd_backup, "backup FILE|FOLDER [--force]",
   "Copy the database into FILE while the service runs and people work: the copy is one\n"
   "moment, consistent, and nobody waits for it. Given a FOLDER, the copy is named\n"
   "oversight-YYYY-MM-DD-HHMMSS.db inside it. An existing FILE is never replaced without\n"
   "--force. The copy is readable by this account only (mode 600). It is then checked as\n"
   "`oversight check` does (every page, every reference, the audit log's chain); a copy that\n"
   "fails is removed and the exit status is 1. Prints the copy's size, how many children,\n"
   "reviews, users and audit entries it holds, and its last audit entry: when, who, what.\n"
   "See docs/operations.md."},
  {"bench", cmd_bench, "bench deadlines [--as-of DATE] [--repeat N]",
   "Time loading every child and computing every open deadline (best of N runs),\n"
   "and print children per second and peak memory. Used by bench/deadlines."},
  {"calendar", cmd_calendar,
   "calendar [add DATE N UNIT | holidays YEAR | closure list | closure add DATE NAME]",
   "add DATE N UNIT   print DATE plus N UNITs (working-days, days, weeks, months, years);\n"
   "                  months keep the day of the month, or the month's last day.\n"
   "(no arguments)    read \"DATE N UNIT\" lines from standard input, print one date per\n"
   "                  line; a bad line prints \"error: ...\" and the rest go on.\n"
   "holidays YEAR     the bank holidays of England and Wales in YEAR.\n"
   "closure add|list  council closure days that are not working days (in the database)."},
  {"check", cmd_check, "check [--quick]",
   "Check the database file: every page and index (SQLite's integrity check, or its quick\n"
   "check with --quick), every reference between records, and the audit log's chain (see\n"
   "`oversight audit verify`). Lists each problem and exits 1\n"
   "if there is any: restore the last good backup. serve runs the quick check at start and\n"
   "refuses a damaged database."},
  {"child", cmd_child, "child ID [--as-of DATE] | child add|edit ID [--given G --family F --dob DATE ...]",
   "Print a child's timeline: episodes, IRO allocations, reviews with their checks,\n"
   "contacts, and every open deadline. The view is written to the audit log.\n"
   "add ID --given G --family F --dob DATE [--sex M|F|U] [--ethnicity CODE] [--uasc yes|no]\n"
   "    [--disability yes|no] [--sen none|support|ehcp] [--locality NAME]   add a child\n"
   "edit ID [the same options]   correct a child's details: only the options given change,\n"
   "    each change is audited with before and after. Ethnicity is a DfE code (WBRI, ...);\n"
   "    a locality must exist. Bulk: import children FILE (docs/children-csv.md)."},
  {"comparators", cmd_comparators, "comparators load FILE",
   "Load published figures the IRO annual report sets beside the council's: a CSV with the\n"
   "columns measure,year,area,value. area: England, region, statistical neighbours, or\n"
   "council (only for population_under_18). year: the year ending 31 March (2021 is\n"
   "2020/21). Measures: children_in_care_rate_per_10000, population_under_18,\n"
   "legal_status_{interim_care_order,care_order,placement_order,voluntary,other}_percent.\n"
   "A figure held for the same measure, year and area is replaced. All or nothing: if any\n"
   "row is wrong nothing is loaded and every bad row is listed. Audited (docs/annual-report.md)."},
  {"cover", cmd_cover,
   "cover add --iro COVERING --for ABSENT --from DATE --to DATE [--reason TEXT] | cover list [--all] | cover end ID --last DATE",
   "While an IRO is away, another covers for them: from DATE to DATE (both included) the\n"
   "covering IRO may change the records of the absent IRO's children, as of their own\n"
   "(SPEC 11). IROs are ids or full names. list: current and future cover (--all: past and\n"
   "withdrawn too). end: set the last day of cover ID; a day before its first day withdraws\n"
   "it. --as-of DATE is today, for validation. Every change is written to the audit log."},
  {"demo", cmd_demo, "demo [--children N] [--seed S] [--as-of DATE]",
   "Fill an empty database with synthetic children, IROs and two years of history\n"
   "(default 450 children, seed 1, as of today). The same arguments give the same data."},
  {"due", cmd_due, "due [--iro ID] [--status all|due-soon|due-today|overdue] [--as-of DATE] [--format text|csv]",
   "List open deadlines, overdue first, then due today. --iro limits to one IRO's children (id or name).\n"
   "CSV columns: child_id,child_name,iro,item,due_date,status. Items: allocation, review,\n"
   "recommendations, minutes, permanence-plan, pathway-plan, documents-17, midpoint-contact,\n"
   "unreg-qa-notified, unreg-visit, oversight-record, recommendation, pre-review-contact."},
  {"episode", cmd_episode,
   "episode add CHILD --start DATE --rne CODE --legal CODE --cin CODE --placement CODE [options] | episode end CHILD --on DATE --reason CODE | episode edit CHILD EPISODE_ID [options] | episode mark|unmark CHILD [EPISODE_ID]",
   "Episodes of care (SSDA903 codes; docs/ssda903.md).\n"
   "add CHILD --start DATE --rne CODE --legal CODE --cin CODE --placement CODE [--provider CODE]\n"
   "    [--postcode PC] [--home-postcode PC] [--urn URN]\n"
   "    [--registration registered|unregistered|unregulated|not-applicable]\n"
   "                  start a new episode; the open one ends that day (REC X1)\n"
   "end CHILD --on DATE --reason CODE   care ends (a REC code other than X1)\n"
   "edit CHILD EPISODE_ID [the options of add] [--end DATE --end-reason CODE] [--place-change CODE]\n"
   "                  correct an episode (--postcode \"\" clears one)\n"
   "mark CHILD [EPISODE_ID]     the placement is unregistered: the SPEC 4 checks start from its\n"
   "                  start date (default: the child's latest episode)\n"
   "unmark CHILD [EPISODE_ID] [--registration ...]   it is not (default registered)\n"
   "Distance from home and area come from the postcode table (postcodes load). Every change\n"
   "is written to the audit log, field by field, before and after."},
  {"escalation", cmd_escalation,
   "escalation raise|respond|move|close|show|list|weekly [ID] [options]",
   "raise --children REF[,REF...] --category C --topic T --concern TEXT --outcome-wanted TEXT\n"
   "      --responder NAME [--responder-email ADDRESS] [--stage informal] [--on DATE] [--iro IRO]\n"
   "      [--raised-by NAME] [--locality NAME]   raise an escalation (SPEC 5); the stage's\n"
   "                                response is due by the rule escalation_stage_response; with\n"
   "                                --responder-email the responder is emailed (docs/mail.md)\n"
   "respond ID --response TEXT [--on DATE]      record the current stage's response\n"
   "move ID --reason TEXT --responder NAME [--responder-email ADDRESS] [--on DATE]\n"
   "                                move to the next stage only\n"
   "close ID --outcome resolved|partly-resolved|withdrawn --impact TEXT [--on DATE]\n"
   "show ID [--as-of DATE]          every stage of one escalation (the view is audited)\n"
   "list [--open] [--overdue] [--stage S] [--category C] [--locality NAME] [--as-of DATE]\n"
   "     [--format text|csv]        --overdue: stage response overdue or past escalation_total\n"
   "weekly [--as-of DATE] [--format text|csv]   outstanding escalations by locality\n"
   "Categories: permanence, care-planning, practice-concerns, drift-and-delay. Topics:\n"
   "education, family-time, placement, legal-status, resources, health, other. Stages:\n"
   "informal, team-manager, service-manager, head-of-locality, director,\n"
   "executive-director, cafcass (or 0-6). Every change is written to the audit log."},
  {"export", cmd_export, "export escalations|oversight-records|private-fostering|lado|homes|iros|children|users [FILE] | export 903 --year YEAR FOLDER",
   "Write every escalation (one row per stage), every monthly oversight record, every\n"
   "private fostering arrangement (one row per record), the Designated Officer's tracker\n"
   "(one row per case), the register of children's homes, or every IRO, as CSV, to FILE or\n"
   "standard output. The columns are documented in docs/ and are the same as import's.\n"
   "children: every child's details (docs/children-csv.md); each child exported is audited.\n"
   "users: username,display_name,email,role,iro,status,last_signed_in; no passwords.\n"
   "903: write the SSDA903 return of collection year YEAR (2026 is 2025/26) into FOLDER,\n"
   "one CSV file per table in the DfE's columns (docs/ssda903-import.md)."},
  {"home-feedback", cmd_home_feedback,
   "home-feedback HOME --kind complaint|compliment --received DATE --from KIND --about KIND [options]",
   "Record a complaint or compliment about the home with URN HOME, or correct one with --id N (its\n"
   "outcome comes later). --from: young-person, family, professional, staff, public or other (never a\n"
   "name); --about: care, staff, safety, food, activities, contact, education, health, building or\n"
   "other; --summary TEXT (500 characters at most, never in a report); --outcome upheld, partly-upheld,\n"
   "not-upheld, withdrawn or open, with --outcome-on DATE; --as-of DATE is the latest date allowed."},
  {"home-month", cmd_home_month,
   "home-month HOME --month YYYY-MM [--places-used N] [--posts N] [--filled N] [--leavers N]",
   "Record a month's occupancy (places used, at most the places the home is registered for) and\n"
   "staffing (posts, posts filled, staff who left) for the home with URN HOME. A figure left out\n"
   "keeps what is recorded for the month. Audited; reported in `report qpag`."},
  {"home-return", cmd_home_return,
   "home-return HOME --week DATE --returned DATE --safeguarding N --lado N --complaints N [--note TEXT]",
   "Record the weekly safeguarding, LADO-referral and complaints return of the home with URN HOME\n"
   "for the week holding DATE (its Monday is kept); a week recorded again is corrected. Due the\n"
   "first working day after the week's Sunday (rule home_weekly_return); `homes` shows it when due."},
  {"home-qa", cmd_home_qa,
   "home-qa survey|response|surveys|audit|action|to-qpag URN|ID [options]",
   "The QA framework's evidence for a children's home (docs/homes-evidence.md):\n"
   "survey URN --kind young-people|professionals --on DATE --asked TEXT --number N [--focus TEXT]\n"
   "                      record a six-monthly survey of the young people or professionals\n"
   "response SURVEY_ID --scores 5,4,,3,4,5 [--comment TEXT]\n"
   "                      one person's answers, 1 (strongly disagree) to 5 (strongly agree) by\n"
   "                      question in order; empty when not answered\n"
   "surveys URN [--as-of DATE] [--format text|csv]   the latest surveys beside the ones before,\n"
   "                      and when the next is due (rule home_survey); the view is audited\n"
   "audit URN --kind dip-sample|full-audit --on DATE --by NAME --focus TEXT [--findings TEXT]\n"
   "action AUDIT_ID --action TEXT --owner NAME --due DATE   an action of that audit\n"
   "to-qpag ACTION_ID --meeting DATE   put the action into the QPAG action tracker, agreed at\n"
   "                      that meeting (linked both ways). Every change is audited."},
  {"homes", cmd_homes, "homes [--as-of DATE] [--status all|due-soon|overdue]",
   "Every children's home with what is due on DATE (default today), overdue first: QA\n"
   "monitoring after an inspection, Ofsted requirements and the action plan, Regulation 44\n"
   "visits with their feedback, report, sending and action plan, the four monthly audits,\n"
   "and notifications within 24 hours. Each home shown is written to the audit log."},
  {"import", cmd_import, "import escalations|oversight-records|private-fostering|lado|homes|iros|children FILE | import users FILE [--link] | import 903 FOLDER [--year YEAR] [--dry-run] [--changes FILE] [--progress]",
   "Load a CSV file in the columns export writes. All or nothing: if any row is wrong,\n"
   "nothing is loaded and every bad row is listed with its reason. iros: a row naming an\n"
   "IRO already held changes them, so importing the same file again changes nothing.\n"
   "children: known IDs are corrected (only changed details, each audited), new ones added:\n"
   "how names are loaded over an imported 903 return's \"Child 100006\" (docs/children-csv.md).\n"
   "users: username,display_name,email,role,iro (no passwords). An existing username is\n"
   "updated; each new user gets a temporary password (or, with --link, a one-time link),\n"
   "listed once on standard output.\n"
   "903: load an SSDA903 return (its .csv files, or one .xml) from FOLDER into children,\n"
   "episodes and reviews; a later return updates an earlier one (docs/ssda903-import.md).\n"
   "It first prints what it changes: new and changed children, episodes and reviews, and\n"
   "episodes held that the return lacks (kept). --dry-run prints that and writes nothing;\n"
   "--changes FILE writes every change as CSV.\n"
   "YEAR defaults to the year of the return's latest date. --progress shows the rows\n"
   "compared on standard error (always shown when it is a terminal)."},
  {"iro", cmd_iro,
   "iro add NAME --fte F [--email E] [--other-duties N] [--locality L]... [--start DATE] |\n"
   "       iro edit ID|NAME [--name N] [--fte F] [--email E] [--other-duties N] [--locality L]... [--start DATE] [--left DATE]",
   "Add an IRO, or change one. --fte is the full-time equivalent, more than 0 and at most\n"
   "1.5 (1 is full time, 0.8 four days a week); capacity is 60 children per FTE (the rule\n"
   "caseload_amber) less --other-duties, the children's worth of other work such as\n"
   "Regulation 44 visits. --locality (once per locality served) replaces the localities;\n"
   "--locality '' clears them. --left DATE: the IRO is inactive from that day (not suggested,\n"
   "not allocated); their children are listed to reallocate, never moved by this. --left none\n"
   "clears it. Dates are YYYY-MM-DD. Every change is written to the audit log, field by field."},
  {"iros", cmd_iros, "iros [--as-of DATE]",
   "List IROs with caseload against capacity (amber and red bands from the rules table),\n"
   "split sibling groups, and children in care waiting for an IRO."},
  {"lado", cmd_lado,
   "lado dip-sample add|correct ID|list | lado training add|correct ID|list | lado strategy-meeting CASE --on DATE |"
   " lado cross-border CASE --adult yes|no --child yes|no",
   "The Designated Officer's records the annual report counts (issue 20; docs/lado-report.md).\n"
   "dip-sample add --on DATE --cases N --findings TEXT: a dip sample of case files.\n"
   "training add --on DATE --kind training|briefing --audience TEXT --people N: a session delivered.\n"
   "correct ID changes the options given and keeps the rest; list shows them, the latest first.\n"
   "strategy-meeting CASE --on DATE [--notes TEXT]: a strategy meeting attended about an open case.\n"
   "cross-border CASE --adult yes|no --child yes|no [--authority TEXT]: the adult works or lives in,\n"
   "or a child is from, another authority's area (the authority is needed when either is yes).\n"
   "Every change is written to the audit log, a correction with what it said before."},
  {"locality", cmd_locality, "locality add NAME | locality list | locality rename OLD NEW",
   "The council's localities: the areas children live in and IROs serve. Names are unique,\n"
   "whatever their capitals. Localities are never deleted; a rename keeps every link. Every\n"
   "change is written to the audit log."},
  {"mail", cmd_mail, "mail digest [--as-of DATE] [--dry-run] | mail send [--max N] | mail test ADDRESS",
   "Email (docs/mail.md), from an outbox written with the event that causes each message.\n"
   "digest: queue each IRO's daily digest for --as-of (default today): counts of overdue and\n"
   "    due-today items, and due-soon ones on the first working day of the week, with each\n"
   "    child's record number and a link (mail.base_url); never a name. None at weekends, on\n"
   "    bank holidays or closure days; running it twice for a day queues nothing more.\n"
   "    With them, the day's other emails (docs/mail.md): escalation reminders and overdue\n"
   "    notices, the weekly escalation list (mail.locality_managers), the monthly exceptions\n"
   "    report (mail.leadership), LADO, private fostering and homes reminders.\n"
   "    --dry-run prints them instead. Audited.\n"
   "send: deliver what is queued and due (for a systemd timer; serve also sends every\n"
   "    minute). A message not delivered is tried again after the rule mail_retry_after,\n"
   "    doubling, and marked failed after mail_attempts attempts. Each one sent is audited.\n"
   "test ADDRESS: send a test email now, through the settings, and print the server's reply.\n"
   "Settings: oversight settings set mail.transport smtp, mail.smtp_url, mail.from; or\n"
   "mail.transport notify, notify.api_key and notify.template.KIND (docs/mail.md)."},
  {"migrate", cmd_migrate, "migrate",
   "Create the database if needed and bring its schema up to date (this also happens\n"
   "whenever any command opens it). A database from a newer Oversight is refused. One at an\n"
   "older schema is first backed up, as it was, beside itself as\n"
   "DATABASE.before-upgrade-vN-YYYY-MM-DD-HHMMSS (checked; where is said on stderr)."},
  {"notification", cmd_notification, "notification add ID --on DATE",
   "Record the date the IRO service was told the child came, or is coming, into care: the\n"
   "IRO allocation deadline counts from the latest one. Audited."},
  {"population", cmd_population, "population set YEAR N",
   "The council's population aged under 18 in the year ending 31 March YEAR (N children, from\n"
   "the ONS mid-year estimate): the annual report's children in care per 10,000 needs it.\n"
   "Replaces the year's figure. Audited."},
  {"postcodes", cmd_postcodes, "postcodes load FILE [--la CODE]",
   "Load a postcode table into the database, replacing the one there: the ONS Postcode\n"
   "Directory's CSV (columns pcd, oseast1m, osnrth1m, laua; others ignored) or the simple\n"
   "postcode,easting,northing,la. --la is the council's ONS code (E09000027), kept for later\n"
   "loads. Every episode's distance from home (miles, as the DfE computes it) and whether it\n"
   "is in the council's area are worked out again, in the same transaction."},
  {"private-fostering", cmd_private_fostering,
   "private-fostering due [--worker USER] [--as-of DATE] | private-fostering reasons |\n"
   "       private-fostering details ID [--reason CODE] [--sex M|F|U] [--ethnicity CODE]",
   "due: every visit, assessment and audit due on private fostering arrangements (SPEC 7),\n"
   "overdue first; --worker limits it to one worker's cases. Each arrangement listed is audited.\n"
   "reasons: the codes of why a child is privately fostered, with their words.\n"
   "details: record or correct why arrangement ID's child is privately fostered, their sex and\n"
   "ethnicity (a DfE code); what is not given stays, \"\" clears it. The change is audited."},
  {"report", cmd_report,
   "report annual|private-fostering|lado [--from DATE --to DATE] | report exceptions|qpag --month YYYY-MM |\n"
   "       report weekly [--as-of DATE]   [--format csv|html|xlsx|json] [--out FILE]",
   "annual: the IRO annual report (SPEC 9) for --from to --to, by default the last full\n"
   "financial year: children in care by month, age, sex, ethnicity, legal status, placement,\n"
   "entering and leaving care, age by time in care, reviews on time, recommendations and\n"
   "minutes, participation, advocates, caseloads, escalations and permanence plans. json\n"
   "(annual, lado, private-fostering and qpag) is one object with a key per figure (docs/).\n"
   "exceptions: the monthly exceptions report for the QA service manager (SPEC 4): every\n"
   "child in unregistered provision at any time in the month, with age (under-16 exceptions\n"
   "first), placement, date placed and left, QA notification, IRO visit, reviews, next review\n"
   "due, the month's oversight record with checks a-d, and open escalations.\n"
   "weekly: the QA manager's weekly highlight report for the 7 days ending --as-of (default\n"
   "today): reviews due in the next two weeks, overdue items by IRO, escalations opened,\n"
   "closed and overdue this week, children in unregistered provision, children waiting for\n"
   "an IRO. CSV (the default; the weekly one is a block per section), a standalone HTML page,\n"
   "or an Excel workbook (xlsx, needs --out FILE; one sheet per table), to standard output or\n"
   "--out FILE. Each child listed is written to the audit log.\n"
   "private-fostering: the private fostering annual report for --from to --to (default the\n"
   "last full financial year): children at the end, notifications by source, why not private\n"
   "fostering, initial visits, assessments and Regulation 8 visits on time, by managing team.\n"
   "JSON by default (docs/private-fostering-report.md), or csv, html, xlsx (needs --out).\n"
   "lado: the Designated Officer's KPI report for the period (SPEC 6): decisions, initial and\n"
   "post-allegation meetings on time, time to closure, contacts and referrals by month, sector,\n"
   "category, type, outcome and action, against the period before. JSON (the default, keys in\n"
   "docs/lado-report.md), CSV, a standalone HTML page or xlsx (needs --out).\n"

   "qpag: the monthly report on the children's homes for the QA meeting (SPEC 8): every\n"
   "home's status, thematic reviews and Regulation 44 visits in the month with findings,\n"
   "KPIs, overdue QPAG actions and overdue items. JSON by default (docs/qpag-report.md),\n"
   "or csv, html, xlsx. Each home shown is written to the audit log."},
  {"restore", cmd_restore, "restore FILE",
   "Put the backup FILE in place of the database, for a stopped service: refused while any\n"
   "other program has the database open (stop the service first). FILE is copied and the\n"
   "copy checked as `oversight check` does; one that fails is not used and the database is\n"
   "left as it was. The database it replaces is not deleted: it is kept beside it as\n"
   "DATABASE.before-restore-YYYY-MM-DD-HHMMSS, with its -wal. FILE itself is not changed.\n"
   "Then run `oversight check` and start the service. See docs/operations.md."},
  {"recommendations", cmd_recommendations,
   "recommendations [--iro IRO] [--status all|open|overdue|done|not-done] [--as-of DATE] [--format text|csv]",
   "List review recommendations with their status on --as-of (open includes overdue). CSV columns:\n"
   "child_id,review_held,recommendation,owner,due_date,status (owner as ROLE:NAME)."},
  {"review", cmd_review,
   "review add CHILD --held DATE --participation PNx --mode in-person|virtual [options]",
   "Record a review. Options: --recommendations DATE --minutes DATE --iro IRO --planned DATE\n"
   "--recommendation TEXT --owner ROLE:NAME --due DATE (repeatable, each --owner and --due after its\n"
   "--recommendation; ROLE: social-worker, team-manager, carer, health, education, iro, other)\n"
   "--advocate yes|no --permanence-plan yes|no --pathway-plan yes|no --personal-adviser yes|no\n"
   "--child-chaired yes|no --saw-child yes|no --views-form yes|no --views-how HOW --location TEXT\n"
   "--attendee ROLE:TOOK_PART[:NAME] (repeatable; ROLE: child, parent, carer, social-worker,\n"
   "team-manager, advocate, health, education, iro, other; TOOK_PART: attended, sent-views, did-not)\n"
   "--permanence-type TYPE --permanence-other TEXT --plan-view TEXT --advocacy yes|no\n"
   "--independent-visitor yes|no --independence yes|no --ni-number yes|no --passport yes|no\n"
   "--bank-account yes|no --birth-certificate yes|no (the web form's fields, docs/reviews.md)\n"
   "--as-of DATE (today, for validation). Prints the due date it met and the next one."},
  {"retention", cmd_retention, "retention due [--as-of DATE] [--format text|csv]",
   "List every record past its retention rule on the date (today by default): children's care\n"
   "records, private fostering records, children's homes' records and closed LADO cases, with\n"
   "the rule and the day it was due (CSV columns: type,number,rule,counts_from,due_on,description).\n"
   "LADO cases are named by number only. Also says how many audit log entries and ended sessions\n"
   "are past their rules. Nothing is destroyed here: an administrator reviews and destroys each\n"
   "record at /admin/retention, the Designated Officer LADO cases on their page.\n"
   "See docs/data-protection.md."},
  {"rules", cmd_rules, "rules [--format text|csv] | rules set NAME AMOUNT UNIT | rules contacts ITEM WITH[,WITH...]",
   "List every timescale (CSV columns: name,description,counts_from,amount,unit), or change\n"
   "one. `rules contacts` says which contacts meet the midpoint-contact or pre-review-contact\n"
   "item: WITH is child, social-worker, carer or other (at least one). Changes are written to\n"
   "the audit log."},
  {"sar", cmd_sar, "sar child REF FOLDER | sar adult NAME FOLDER | sar pf WHO FOLDER | sar staff WHO FOLDER",
   "A subject access copy: everything held about a child (by reference), an adult named in\n"
   "LADO cases (by name as recorded, any case), a privately fostered child or their carer (pf:\n"
   "by arrangement number, or name as recorded, capitals and accents aside) or a member of\n"
   "staff (by username, or name when no other account has it; never their password hash):\n"
   "every record and the audit log's entries about them, written as\n"
   "FOLDER/subject-access.html (one document, readable and printable) and\n"
   "FOLDER/csv/ (one file per kind of record), readable by this account only. Other people's\n"
   "names and free text that may name them are marked \"review for redaction\". The copy is\n"
   "written to the audit log. See docs/data-protection.md."},
  {"serve", cmd_serve,
   "serve [--listen HOST:PORT] [--threads N] [--trust-proxy ADDR,... --proxy-header NAME]\n"
   "      [--postcodes FILE [--la CODE]] [--connections-per-address N] [--quiet-access-log]\n"
   "      [--metrics-from ADDR,...] [--metrics-token-file FILE]",
   "Run the web application (default 127.0.0.1:8080, a thread per core). Stops cleanly on\n"
   "SIGTERM or Ctrl-C, finishing requests in flight. Behind the council's identity provider,\n"
   "--trust-proxy lists the proxy addresses whose --proxy-header (e.g. X-Remote-User) names\n"
   "the signed-in user; the header is ignored from any other address. --postcodes (the\n"
   "ONS postcode table) and --la (the council's ONS code) let the SSDA903 upload page check\n"
   "placement distances and areas. --connections-per-address (default 64, enough for an\n"
   "office behind one address; 0 with --trust-proxy, whose proxy is every client) limits the\n"
   "connections one address may hold open, so one client cannot take them all.\n"
   "Each request is logged on stderr (journald keeps it): time, method, the route's pattern\n"
   "(/children/{}, never the address asked for, which can hold a child's reference), status,\n"
   "milliseconds and the user's id; --quiet-access-log turns that off. /metrics gives request\n"
   "counts and times by route, write-lock waits, sessions, the database's size and the audit\n"
   "log's length in Prometheus's text format, to --metrics-from (default 127.0.0.1; never via\n"
   "a proxy) or to anyone sending \"Authorization: Bearer TOKEN\" with the token in\n"
   "--metrics-token-file; anyone else gets 404. See docs/operations.md."},
  {"settings", cmd_settings, "settings [list] | settings set NAME VALUE",
   "The council's settings that are not timescales: mail.transport (smtp, notify or none),\n"
   "mail.smtp_url (smtp://host:587 with STARTTLS, or smtps://host:465; user:password@ before\n"
   "the host if the server needs them), mail.smtp_tls (starttls, or none for a relay on this\n"
   "machine), mail.from and mail.base_url (for links in emails); for GOV.UK Notify,\n"
   "notify.api_key (shown and audited with its secret as ****), notify.template.KIND (a\n"
   "template id for each kind of email: digest, account, test, ...) and notify.base_url.\n"
   "A password in the URL is shown and audited as ****. Every change is written to the\n"
   "audit log."},
  {"siblings", cmd_siblings, "siblings link ID ID | siblings unlink ID",
   "link: put two children in one sibling group (the second's group if they have one, bringing\n"
   "the first's siblings along). unlink: take a child out of their group. Both audited."},
  {"suggest", cmd_suggest, "suggest CHILD [--as-of DATE]",
   "Suggest an IRO for a child and say why: a sibling's IRO, else the most spare capacity,\n"
   "preferring an IRO linked to the child's locality."},
  {"test-http", cmd_test_http, "test-http < REQUEST",
   "Answer one HTTP request read from standard input and print the response: pages can be\n"
   "checked without starting a server."},
  {"unregistered", cmd_unregistered,
   "unregistered list | notified CHILD --on DATE | visit CHILD --on DATE | record CHILD --month YYYY-MM --a yes|no --b yes|no --c yes|no --d yes|no",
   "list [--as-of DATE]           children in unregistered provision, under-16 exceptions\n"
   "                              flagged, with their open unreg-* and oversight-record items\n"
   "notified CHILD --on DATE [--by TEXT] [--note TEXT]   the QA managers were told of the\n"
   "                              placement (before or on the day is on time)\n"
   "visit CHILD --on DATE [--by TEXT] [--note TEXT]      the IRO visited the child there\n"
   "record CHILD --month YYYY-MM --a yes|no --b yes|no --c yes|no --d yes|no\n"
   "       [--note-a TEXT] ... [--note-d TEXT] [--recorded-on DATE] [--iro IRO] [--correct]\n"
   "                              the IRO's monthly oversight record: (a) social worker visits\n"
   "                              weekly, (b) seen alone, (c) seen away from the placement,\n"
   "                              (d) management oversight. --correct changes the month's record.\n"
   "--as-of DATE is today, for validation. Every change is written to the audit log."},
  {"user", cmd_user,
   "user add NAME --role ROLE [--name TEXT] [--email E] [--iro IRO] [--temporary|--link] | user list |\n"
   "       user edit NAME [--name TEXT] [--email E] [--role ROLE] [--iro IRO] [--digests on|off] |\n"
   "       user reset NAME [--link] |\n"
   "       user disable|enable NAME | user password NAME | user unlock NAME",
   "Manage who can sign in. add --temporary prints a temporary password, shown once, which\n"
   "they must change when they first sign in; add --link prints a one-time link to set their\n"
   "own (valid for the rule password_link_lifetime, 72 hours). Without either, add (and\n"
   "password) read the password from standard input (one line, at least 12 characters; not\n"
   "shown as it is typed); when there is none (an empty line, or no input), add gives a\n"
   "temporary password as --temporary does.\n"
   "reset: a new temporary password (or --link); the old one stops working and their sessions\n"
   "end. Roles: admin, qa-manager, iro (needs --iro), lado, pf-worker, residential-manager,\n"
   "business-support, board. unlock lifts the locks that failed sign-ins put on an account\n"
   "(from every network). list shows email, last sign-in and status. edit --digests off stops\n"
   "the email digests (an IRO's daily digest) to them; emails about things addressed to them\n"
   "(a set-password link, a locked account) are sent either way. add --link and reset --link\n"
   "also email the link to them when they have an email and mail.base_url is set. Every\n"
   "change is audited."},
  {"validate", cmd_validate,
   "validate 903 FOLDER --year YEAR [--last-year FOLDER | --last-year-held] [--la CODE] [--postcodes FILE] [--providers FILE] [--errors OUT.csv] [--rules \"CODE ...\"] | validate 903 --list [--year YEAR]",
   "Check an SSDA903 return (the CSV files, or one XML file, in FOLDER) with the DfE's\n"
   "validation rules of its year (docs/ssda903.md): --year is the year the collection ends\n"
   "(2026 for 1 April 2025 to 31 March 2026, checked with the 2025/26 rules; 2027 and later\n"
   "with the 2026/27 rules; earlier years with 2025/26's); --la the council's ONS code and --postcodes a\n"
   "postcode table (pcd,oseast1m,osnrth1m,laua) for the distance and placement-area rules.\n"
   "--last-year FOLDER is the previous year's return, for the rules comparing the two;\n"
   "--last-year-held takes it from the database instead (the return import 903 loaded).\n"
   "--providers FILE is Ofsted's lists of children's homes and social care providers as one CSV\n"
   "(URN,PLACE_CODES,PROVIDER_CODES,REG_END,POSTCODE[,LA]), for the rules on an episode's URN.\n"
   "Each failure is a line rule,table,row,child (row counts data rows from 0) on standard\n"
   "output or in --errors; a count per rule and the skipped rules go to standard error.\n"
   "Exit status 0 when every rule passes, 1 when any fails. --list lists the rules of\n"
   "--year (2025/26's without it)."},
};
const int nCmd = COUNT(aCmd);

const Cmd *cmd_find(const char *zName) {
  for (int i = 0; i < nCmd; i++) {
    if (strcmp(aCmd[i].zName, zName) == 0) return &aCmd[i];
  }
  return NULL;
}
