/*
** cli_retention.c: `oversight retention due` (records past their retention
** rule, for the administrator's review in the browser) and `oversight sar`
** (a subject access copy: one HTML document and a folder of CSV files).
** Nothing is destroyed from the command line: a person reviews each record
** at /admin/retention (docs/data-protection.md).
*/
#include "cli.h"
#include "audit.h"
#include "retention.h"
#include "rules.h"
#include "sar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int retention_list(const Cmd *c, Date asOf, int csv) {
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  RetList l;
  RetOthers o;
  if (retention_due(db, asOf, ~0u, &l) != 0 || retention_others(db, asOf, &o) != 0) {
    int ec = failure(c, "cannot read the records: %s", db_errmsg(db));
    db_close(db);
    return ec;
  }
  Buf b = {0};
  char zDue[11], zFrom[11];
  if (csv) buf_puts(&b, "type,number,rule,counts_from,due_on,description\n");
  for (int i = 0; i < l.n; i++) {
    const RetRecord *r = &l.a[i];
    date_iso(r->due, zDue);
    date_iso(r->from, zFrom);
    if (csv) {
      buf_csv(&b, retention_kind_code(r->kind)); buf_putc(&b, ',');
      buf_csv(&b, r->zNumber); buf_putc(&b, ',');
      buf_csv(&b, r->zRule);
      buf_printf(&b, ",%s,%s,", zFrom, zDue);
      buf_csv(&b, r->zWhat);
      buf_putc(&b, '\n');
    } else {
      buf_printf(&b, "%-18s %-10s due %s  %-28s %s\n", retention_kind_code(r->kind), r->zNumber, zDue, r->zRule,
                 r->zWhat);
    }
  }
  if (!csv) {
    char zAsOf[11], zBefore[11];
    if (l.n == 0) buf_printf(&b, "No records are past their retention on %s.\n", date_iso(asOf, zAsOf));
    else buf_printf(&b, "%d record%s past retention on %s: review and destroy them at /admin/retention.\n", l.n,
                    l.n == 1 ? " is" : "s are", date_iso(asOf, zAsOf));
    buf_printf(&b, "Audit log: %lld entr%s written before %s (rule retention_audit_log); the audit log is append-only,\n"
                   "  so these are listed, not destroyed (docs/data-protection.md).\n",
               (long long)o.nAudit, o.nAudit == 1 ? "y" : "ies", date_iso(o.auditBefore, zBefore));
    buf_printf(&b, "Sessions: %lld ended session%s past rule retention_sessions; they are deleted at the next sign-in.\n",
               (long long)o.nSessions, o.nSessions == 1 ? "" : "s");
  }
  fputs(b.z ? b.z : "", stdout);
  buf_free(&b);
  retention_list_free(&l);
  db_close(db);
  return EXIT_OK;
}

int cmd_retention(int argc, char **argv) {
  const Cmd *c = cmd_find("retention");
  Opt opts[] = {{"--as-of", 1, NULL, 0}, {"--format", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, COUNT(aPos), &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1 || strcmp(aPos[0], "due") != 0) {
    return usage_error(c, nPos ? "unknown subcommand \"%s\"" : "say what to do: due", nPos ? aPos[0] : "");
  }
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) != 0) return EXIT_USAGE;
  static const char *const azFmt[] = {"text", "csv"};
  int fmt = opt_choice(c, &opts[1], azFmt, 2, 0);
  if (fmt < 0) return EXIT_USAGE;
  return retention_list(c, asOf, fmt == 1);
}

int cmd_sar(int argc, char **argv) {
  const Cmd *c = cmd_find("sar");
  char *aPos[4];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, COUNT(aPos), &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 3) return usage_error(c, "needs child REF, adult NAME, pf WHO or staff WHO, then FOLDER");
  /* The kinds, what each is asked for by, and what is said when nothing
  ** matches. */
  static const struct {
    const char *zKind, *zWhat, *zNone;
    int (*xGather)(Db *, const char *, const char *, const char *, Sar *);
  } aKind[] = {
    {"child", "reference", "no child has the reference", sar_child},
    {"adult", "name", "no LADO case names an adult called", sar_adult},
    {"pf", "name or arrangement number",
     "nothing is held: no private fostering arrangement has the number or names a child or carer called", sar_pf},
    {"staff", "username or name", "nothing is held: no account has the username or name", sar_staff},
  };
  int kind = 0;
  while (kind < COUNT(aKind) && strcmp(aPos[0], aKind[kind].zKind) != 0) kind++;
  if (kind == COUNT(aKind)) return usage_error(c, "say child, adult, pf or staff, not \"%s\"", aPos[0]);
  if (!aPos[1][0]) return usage_error(c, "the %s is empty", aKind[kind].zWhat);
  /* Refused before anything is read (or audited): a folder already
  ** holding a copy is never added to or overwritten. */
  char *zCsv = xmprintf("%s/csv", aPos[2]);
  struct stat st;
  int exists = stat(zCsv, &st) == 0;
  free(zCsv);
  if (exists) return failure(c, "%s already holds a subject access copy: give a new folder", aPos[2]);
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Sar s;
  int found = aKind[kind].xGather(db, aPos[1], audit_cli_actor(), NULL, &s);
  if (found != 1) {
    int ec = found < 0    ? failure(c, "cannot read the records: %s", db_errmsg(db))
             : found == 2 ? failure(c, "more than one account is called \"%s\": give the username", aPos[1])
                          : failure(c, "%s \"%s\"", aKind[kind].zNone, aPos[1]);
    db_close(db);
    return ec;
  }
  char *zErr = NULL;
  int w = sar_write(&s, date_today(), aPos[2], &zErr);
  if (w != 0) {
    int ec = failure(c, "%s", zErr);
    free(zErr);
    sar_free(&s);
    db_close(db);
    return ec;
  }
  int nRow = 0, nMarked = 0;
  for (int i = 0; i < s.n; i++) {
    nRow += s.a[i].nRow;
    for (int k = 0; k < s.a[i].nCol; k++) {
      if (!s.a[i].aThird[k]) continue;
      for (int r = 0; r < s.a[i].nRow; r++) nMarked += s.a[i].azCell[r * s.a[i].nCol + k][0] != 0;
    }
  }
  printf("Subject access copy of %s: %d rows in %d sections, %d cells marked for redaction review.\n"
         "Written to %s/subject-access.html and %s/csv/. The copy is in the audit log.\n",
         s.zSubject, nRow, s.n, nMarked, aPos[2], aPos[2]);
  sar_free(&s);
  db_close(db);
  return EXIT_OK;
}
