/*
** cli_children.c: keeping a child's own record on the command line (issue
** 15), the same checks and audit entries as the web pages:
**
**   oversight child add REF --given G --family F --dob DATE [--sex M|F|U]
**       [--ethnicity CODE] [--uasc yes|no] [--disability yes|no]
**       [--sen none|support|ehcp] [--locality NAME]
**   oversight child edit REF [the same options]     only what is given changes
**   oversight siblings link REF REF | siblings unlink REF
**   oversight notification add REF --on DATE
**
** `oversight child REF` (the timeline) stays in cli.c, which hands `child
** add` and `child edit` here; `import children` and `export children` are
** cli.c's import and export.
*/
#include "cli.h"
#include "audit.h"
#include "child_records.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print each error as "oversight CMD: message" (one line each). */
static int report_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) failure(c, "%s", e->a[i].zMsg);
  return EXIT_FAIL;
}

int cmd_child_record(int argc, char **argv) {
  const Cmd *c = cmd_find("child");
  int isAdd = strcmp(argv[1], "add") == 0;
  /* The options, in the record's column order (after the ref). */
  Opt opts[] = {{"--given", 1, NULL, 0}, {"--family", 1, NULL, 0}, {"--dob", 1, NULL, 0}, {"--sex", 1, NULL, 0},
                {"--ethnicity", 1, NULL, 0}, {"--uasc", 1, NULL, 0}, {"--disability", 1, NULL, 0},
                {"--sen", 1, NULL, 0}, {"--locality", 1, NULL, 0}};
  char *aPos[1];
  int nPos, rc = parse_args(c, argc - 1, argv + 1, opts, COUNT(opts), aPos, 1, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 1) return usage_error(c, "give the child's ID");
  if (isAdd && (!opts[0].seen || !opts[1].seen || !opts[2].seen)) {
    return usage_error(c, "child add needs --given, --family and --dob");
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  ChildRecord r;
  memset(&r, 0, sizeof r);
  int64_t id = 0;
  if (isAdd) {
    child_record_set(&r, CR_SEX, "U");      /* not known, unless said */
    child_record_set(&r, CR_UASC, "no");
  } else {
    id = child_id_for_ref(db, aPos[0]);
    if (!id || !child_record_load(db, id, &r)) {
      db_close(db);
      return failure(c, "there is no child with ID %s", aPos[0]);
    }
  }
  int ec = EXIT_OK;
  if (child_record_set(&r, CR_REF, aPos[0]) != 0) ec = failure(c, "the child's ID is too long");
  for (int i = 0; i < COUNT(opts) && ec == EXIT_OK; i++) {
    if (opts[i].seen && child_record_set(&r, CR_GIVEN + i, opts[i].zValue) != 0) {
      ec = failure(c, "%s is too long", opts[i].zName);
    }
  }
  if (ec == EXIT_OK) {
    Errors e = {0};
    int nChanged = 0;
    if (!child_record_save(db, id, &r, CHILD_CSV_MESSAGES, date_today(), audit_cli_actor(), &e, &nChanged)) {
      ec = report_errors(c, &e);
    } else if (isAdd) {
      printf("Added %s %s (ID %s), born %s.\n", r.az[CR_GIVEN], r.az[CR_FAMILY], r.az[CR_REF], r.az[CR_DOB]);
    } else if (!nChanged) {
      printf("Nothing changed: %s's details were already so.\n", r.az[CR_REF]);
    } else {
      printf("Corrected %d detail%s of %s (each in the audit log).\n", nChanged, nChanged == 1 ? "" : "s", r.az[CR_REF]);
    }
  }
  db_close(db);
  return ec;
}

int cmd_siblings(int argc, char **argv) {
  const Cmd *c = cmd_find("siblings");
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 3, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  int link = nPos >= 1 && strcmp(aPos[0], "link") == 0;
  int unlink = nPos >= 1 && strcmp(aPos[0], "unlink") == 0;
  if (!link && !unlink) return usage_error(c, "say link or unlink");
  if (link && nPos != 3) return usage_error(c, "link needs two child IDs");
  if (unlink && nPos != 2) return usage_error(c, "unlink needs one child ID");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Errors e = {0};
  int ec = EXIT_OK;
  if (link) {
    if (siblings_link_pair(db, aPos[1], aPos[2], audit_cli_actor(), &e) != 0) ec = report_errors(c, &e);
    else printf("Linked %s and %s as siblings.\n", aPos[1], aPos[2]);
  } else {
    if (siblings_unlink(db, aPos[1], audit_cli_actor(), &e) != 0) ec = report_errors(c, &e);
    else printf("Took %s out of their sibling group.\n", aPos[1]);
  }
  db_close(db);
  return ec;
}

int cmd_notification(int argc, char **argv) {
  const Cmd *c = cmd_find("notification");
  Opt opts[] = {{"--on", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, COUNT(opts), aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2 || strcmp(aPos[0], "add") != 0) return usage_error(c, "say add and the child's ID");
  if (!opts[0].seen) return usage_error(c, "--on DATE is needed: the date the IRO service was told");
  Date on;
  if (opt_date(c, &opts[0], &on) < 0) return EXIT_USAGE;
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  int64_t id = child_id_for_ref(db, aPos[1]);
  Errors e = {0};
  if (!id) ec = failure(c, "there is no child with ID %s", aPos[1]);
  else if (care_notification_save(db, id, 0, on, date_today(), audit_cli_actor(), &e) != 0) ec = report_errors(c, &e);
  else printf("Recorded that the IRO service was told about %s on %s.\n", aPos[1], opts[0].zValue);
  db_close(db);
  return ec;
}
