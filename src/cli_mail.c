/*
** cli_mail.c: `oversight mail` (the daily digest, the sender, a test
** email) and `oversight settings` (docs/mail.md).
*/
#include "cli.h"
#include "audit.h"
#include "digest.h"
#include "notices.h"
#include "outbox.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int mail_digest(const Cmd *c, int argc, char **argv) {
  Opt opts[] = {{"--as-of", 1, NULL, 0}, {"--dry-run", 0, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  Date asOf;
  if (opt_date(c, &opts[0], &asOf) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  char *zBase = setting_get(db, "mail.base_url", "");
  DigestList l;
  int withSoon;
  char zDay[24];
  date_long(asOf, zDay);
  if (!digest_day(asOf, &withSoon)) {
    printf("No digests on %s: not a working day.\n", zDay);
  }
  NoticeList nl;
  if (digests_build(db, asOf, zBase, &l) != 0 || notices_build_day(db, asOf, zBase, &nl) != 0) {
    int ec = failure(c, "could not read the deadlines: %s", db_errmsg(db));
    digests_free(&l);
    free(zBase);
    db_close(db);
    return ec;
  }
  int ec = EXIT_OK;
  if (opts[1].seen) {
    for (int i = 0; i < l.n; i++) {
      printf("To: %s\nSubject: %s\n\n%s\n", l.a[i].zTo, l.a[i].zSubject, l.a[i].zBody);
    }
    for (int i = 0; i < nl.n; i++) {
      printf("To: %s\nSubject: %s\n\n%s\n", nl.a[i].zTo, nl.a[i].zSubject, nl.a[i].zBody);
    }
    printf("%d digest%s for %s (dry run: nothing queued).\n", l.n, l.n == 1 ? "" : "s", zDay);
    printf("%d other email%s for %s (dry run: nothing queued).\n", nl.n, nl.n == 1 ? "" : "s", zDay);
  } else {
    char *zErr = NULL;
    int n = digests_queue(db, asOf, &l, audit_cli_actor(), &zErr);
    if (n < 0) {
      ec = failure(c, "%s", zErr);
      free(zErr);
    } else {
      printf("%d digest%s queued for %s (%d already queued).\n", n, n == 1 ? "" : "s", zDay, l.n - n);
      n = notices_queue(db, asOf, &nl, audit_cli_actor(), &zErr);
      if (n < 0) {
        ec = failure(c, "%s", zErr);
        free(zErr);
      } else {
        printf("%d other email%s queued for %s (%d already queued).\n", n, n == 1 ? "" : "s", zDay, nl.n - n);
      }
    }
  }
  notices_free(&nl);
  digests_free(&l);
  free(zBase);
  db_close(db);
  return ec;
}

static int mail_send(const Cmd *c, int argc, char **argv) {
  Opt opts[] = {{"--max", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 0, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  long max = 0;
  if (opts[0].seen && parse_int(opts[0].zValue, 1, 1000000, &max) != 0) {
    return usage_error(c, "--max must be a whole number from 1");
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  OutboxRun run;
  char *zErr = NULL;
  int ec = EXIT_OK;
  if (outbox_send_due(db, (int)max, audit_cli_actor(), &run, &zErr) != 0) {
    ec = failure(c, "%s", zErr);
    free(zErr);
  }
  printf("%d sent, %d to try again, %d failed.\n", run.nSent, run.nRetry, run.nFailed);
  int64_t nWaiting = db_int(db, 0, "SELECT count(*) FROM outbox WHERE status = 'queued'", "");
  if (nWaiting) printf("%lld queued for a later attempt.\n", (long long)nWaiting);
  db_close(db);
  return ec;
}

static int mail_test(const Cmd *c, const char *zTo) {
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  MailConfig mc;
  const char *zWhy;
  int ec = EXIT_OK;
  if (!mail_config_load(db, &mc, &zWhy)) {
    ec = failure(c, "%s", zWhy);
  } else if (!strchr(zTo, '@') || strpbrk(zTo, " \r\n<>,;\"")) {
    ec = failure(c, "\"%s\" is not one email address", zTo);
  } else {
    char *zReply = NULL, *zErr = NULL, zNow[32];
    int permanent;
    outbox_stamp(0, zNow);
    char *zMid = xmprintf("test.%s.%lld@oversight.invalid", zNow, (long long)getpid());
    for (char *p = zMid; *p != '@'; p++) {
      if (*p == ':') *p = '.';
    }
    char *zBody = xmprintf("This is a test email from Oversight, asked for by %s at %s (UTC).\n"
                           "If you can read it, Oversight can send email.\n", audit_cli_actor(), zNow);
    char *zKey = xmprintf("test:%s:%lld", zNow, (long long)getpid());
    int sent = mail_deliver(db, &mc, "test", zTo, "Oversight: test email", zBody, zKey, zMid, &zReply, &zErr,
                            &permanent) == 0;
    free(zKey);
    if (sent) {
      printf("Sent to %s: the server said \"%s\".\n", zTo, zReply);
    } else {
      ec = failure(c, "not sent to %s: %s", zTo, zErr);
    }
    char *zAfter = xmprintf("to %s: %s", zTo, zReply ? zReply : zErr);
    audit_write(db, audit_cli_actor(), "mail.test", "outbox", NULL, zAfter, NULL);
    free(zAfter);
    free(zBody);
    free(zMid);
    free(zReply);
    free(zErr);
  }
  mail_config_free(&mc);
  db_close(db);
  return ec;
}

int cmd_mail(int argc, char **argv) {
  const Cmd *c = cmd_find("mail");
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    if (argc < 2) return usage_error(c, "say digest, send or test");
    printf("usage: oversight %s\n\n%s\n", c->zUsage, c->zHelp);
    return EXIT_OK;
  }
  mail_global_init();
  int ec;
  if (strcmp(argv[1], "digest") == 0) ec = mail_digest(c, argc - 1, argv + 1);
  else if (strcmp(argv[1], "send") == 0) ec = mail_send(c, argc - 1, argv + 1);
  else if (strcmp(argv[1], "test") == 0) ec = argc == 3 ? mail_test(c, argv[2]) : usage_error(c, "test needs one ADDRESS");
  else ec = usage_error(c, "unknown subcommand \"%s\"", argv[1]);
  mail_global_cleanup();
  return ec;
}

int cmd_settings(int argc, char **argv) {
  const Cmd *c = cmd_find("settings");
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: oversight %s\n\n%s\n", c->zUsage, c->zHelp);
    return EXIT_OK;
  }
  int list = argc == 1 || (argc == 2 && strcmp(argv[1], "list") == 0);
  if (!list && !(argc == 4 && strcmp(argv[1], "set") == 0)) {
    return usage_error(c, "say list, or set NAME VALUE");
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  if (list) {
    const char *zAbout, *zDefault, *zName;
    for (int i = 0; (zName = setting_name(i, &zAbout, &zDefault)) != NULL; i++) {
      char *z = setting_get(db, zName, NULL);
      char *zShown = z ? setting_masked(zName, z) : NULL;
      printf("%-23s %s\n%23s %s\n", zName, zShown ? zShown : "(not set)", "", zAbout);
      free(z);
      free(zShown);
    }
    /* Templates for kinds of email not listed above. */
    Stmt *s = db_query(db, "SELECT name, value FROM setting WHERE name LIKE 'notify.template.%' ORDER BY name", "");
    int step;
    while ((step = db_step(s)) == DB_ROW) {
      const char *zN = db_col_text(s, 0);
      int listed = 0;
      for (int i = 0; (zName = setting_name(i, NULL, NULL)) != NULL; i++) listed |= strcmp(zName, zN) == 0;
      if (!listed) printf("%-23s %s\n", zN, db_col_text(s, 1));
    }
    db_finalize(s);
    if (step != DB_DONE || db_failed(db)) ec = failure(c, "could not read the settings: %s", db_errmsg(db));
  } else {
    char *zErr = NULL;
    if (setting_set(db, argv[2], argv[3], audit_cli_actor(), &zErr) != 0) {
      ec = failure(c, "%s", zErr);
      free(zErr);
    } else {
      char *zShown = setting_masked(argv[2], argv[3]);
      printf("%s is now %s\n", argv[2], zShown);
      free(zShown);
    }
  }
  db_close(db);
  return ec;
}
