/*
** cli_iros.c: `oversight locality` and `oversight iro`: the council's
** localities and IROs kept on the command line (issue 15), as the pages
** at /localities and /iros keep them in a browser.
*/
#include "cli.h"
#include "audit.h"
#include "iros.h"
#include "localities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) fprintf(stderr, "oversight %s: %s\n", c->zName, e->a[i].zMsg);
}

int cmd_locality(int argc, char **argv) {
  const Cmd *c = cmd_find("locality");
  char *aPos[4];
  int nPos, rc = parse_args(c, argc, argv, NULL, 0, aPos, 3, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: add, list or rename");
  const char *zSub = aPos[0];
  if (strcmp(zSub, "list") == 0 && nPos != 1) return usage_error(c, "list takes nothing more");
  if (strcmp(zSub, "add") == 0 && nPos != 2) return usage_error(c, "add needs the locality's NAME");
  if (strcmp(zSub, "rename") == 0 && nPos != 3) return usage_error(c, "rename needs the OLD and the NEW name");
  if (strcmp(zSub, "list") && strcmp(zSub, "add") && strcmp(zSub, "rename")) {
    return usage_error(c, "unknown subcommand \"%s\"", zSub);
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  Errors e = {0};
  if (strcmp(zSub, "list") == 0) {
    Locality *a;
    int n = localities_list(db, &a);
    if (n < 0) ec = failure(c, "cannot read the localities: %s", db_errmsg(db));
    for (int i = 0; i < n; i++) {
      Buf b = {0};
      buf_pad(&b, a[i].zName, 30);
      printf("%s %d IRO%s, %d child%s\n", b.z, a[i].nIro, a[i].nIro == 1 ? "" : "s", a[i].nChild,
             a[i].nChild == 1 ? "" : "ren");
      buf_free(&b);
    }
    if (ec == EXIT_OK && !n) printf("No localities yet: add one with `oversight locality add NAME`.\n");
    localities_free(a, n);
  } else if (strcmp(zSub, "add") == 0) {
    if (locality_add(db, aPos[1], audit_cli_actor(), &e, "name")) printf("Added the locality %s.\n", aPos[1]);
    else ec = EXIT_FAIL;
  } else {
    int64_t id = locality_lookup(db, aPos[1]);
    if (!id) ec = failure(c, "there is no locality called \"%s\" (see `oversight locality list`)", aPos[1]);
    else if (locality_rename(db, id, aPos[2], audit_cli_actor(), &e, "name") == 0) {
      printf("Renamed the locality %s to %s.\n", aPos[1], aPos[2]);
    } else {
      ec = EXIT_FAIL;
    }
  }
  print_errors(c, &e);
  db_close(db);
  return ec;
}

/* A date option as YYYY-MM-DD into *out, "none" clearing it: 0, or -1 after
** a usage error. Untouched when the option is absent. */
static int date_opt(const Cmd *c, const Opt *o, Date *out) {
  if (!o->seen) return 0;
  if (strcmp(o->zValue, "none") == 0 || !*o->zValue) {
    *out = DATE_NONE;
    return 0;
  }
  if (date_parse(o->zValue, out) != 0) {
    usage_error(c, "%s must be a date as YYYY-MM-DD (or none), not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

enum { IO_FTE, IO_EMAIL, IO_DUTIES, IO_START, IO_LEFT, IO_NAME, IO_N };

int cmd_iro(int argc, char **argv) {
  const Cmd *c = cmd_find("iro");
  /* --locality may be given many times, which parse_args does not keep:
  ** take them out first. */
  char **av = xmalloc((size_t)(argc + 1) * sizeof *av);
  const char **azLoc = xmalloc((size_t)(argc + 1) * sizeof *azLoc);
  int ac = 0, nLocOpt = 0, ec = EXIT_OK;
  for (int i = 0; i < argc; i++) {
    if (i > 0 && strcmp(argv[i], "--locality") == 0) {
      if (i + 1 >= argc) {
        free(av);
        free(azLoc);
        return usage_error(c, "--locality needs a value");
      }
      azLoc[nLocOpt++] = argv[++i];
    } else if (i > 0 && strncmp(argv[i], "--locality=", 11) == 0) {
      azLoc[nLocOpt++] = argv[i] + 11;
    } else {
      av[ac++] = argv[i];
    }
  }
  av[ac] = NULL;
  Opt opts[IO_N] = {
    [IO_FTE] = {"--fte", 1, NULL, 0}, [IO_EMAIL] = {"--email", 1, NULL, 0},
    [IO_DUTIES] = {"--other-duties", 1, NULL, 0}, [IO_START] = {"--start", 1, NULL, 0},
    [IO_LEFT] = {"--left", 1, NULL, 0}, [IO_NAME] = {"--name", 1, NULL, 0},
  };
  char *aPos[3];
  int nPos, rc = parse_args(c, ac, av, opts, IO_N, aPos, 2, &nPos);
  Db *db = NULL;
  Iro cur;
  memset(&cur, 0, sizeof cur);
  int64_t *aLoc = NULL;
  if (rc) {
    ec = rc < 0 ? EXIT_USAGE : EXIT_OK;
    goto done;
  }
  int adding = nPos > 0 && strcmp(aPos[0], "add") == 0;
  if (nPos == 0) {
    ec = usage_error(c, "give a subcommand: add or edit");
    goto done;
  }
  if (!adding && strcmp(aPos[0], "edit") != 0) {
    ec = usage_error(c, "unknown subcommand \"%s\"", aPos[0]);
    goto done;
  }
  if (nPos != 2) {
    ec = usage_error(c, "%s needs the IRO's %s", aPos[0], adding ? "NAME" : "id or name");
    goto done;
  }
  if (adding && !opts[IO_FTE].seen) {
    ec = usage_error(c, "add needs --fte, the full-time equivalent (1 is full time, 0.8 four days a week)");
    goto done;
  }
  if (adding && (opts[IO_NAME].seen || opts[IO_LEFT].seen)) {
    ec = usage_error(c, "add takes the name as NAME, and a left date only with edit");
    goto done;
  }
  if (!adding && !opts[IO_START].seen && opts[IO_LEFT].seen == 0 && !nLocOpt) {
    int any = 0;
    for (int k = 0; k < IO_N; k++) any |= opts[k].seen;
    if (!any) {
      ec = usage_error(c, "say what to change: --name, --fte, --email, --other-duties, --locality, --start or --left");
      goto done;
    }
  }
  Date start = DATE_NONE, left = DATE_NONE;
  db = open_db(c);
  if (!db) {
    ec = EXIT_FAIL;
    goto done;
  }
  int64_t id = 0;
  if (!adding) {
    id = iro_lookup(db, aPos[1]);
    if (!id || !iro_load_one(db, id, DATE_NONE, &cur)) {
      ec = failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", aPos[1]);
      goto done;
    }
    start = cur.start;
    left = cur.left;
  }
  if (date_opt(c, &opts[IO_START], &start) < 0 || date_opt(c, &opts[IO_LEFT], &left) < 0) {
    ec = EXIT_USAGE;
    goto done;
  }
  /* --locality replaces the set served; an empty one clears it. */
  int nLoc = 0;
  aLoc = xmalloc((size_t)(nLocOpt + 1) * sizeof *aLoc);
  for (int i = 0; i < nLocOpt; i++) {
    if (!*azLoc[i]) continue;
    int64_t lid = locality_lookup(db, azLoc[i]);
    if (!lid) {
      ec = failure(c, "there is no locality called \"%s\": add it with `oversight locality add` first", azLoc[i]);
      goto done;
    }
    aLoc[nLoc++] = lid;
  }
  char zFte[32], zDuties[16];
  snprintf(zFte, sizeof zFte, "%g", cur.fte);
  snprintf(zDuties, sizeof zDuties, "%d", cur.otherDuties);
  IroInput in = {
    .zName = adding ? aPos[1] : opts[IO_NAME].seen ? opts[IO_NAME].zValue : cur.zName,
    .zEmail = opts[IO_EMAIL].seen ? opts[IO_EMAIL].zValue : cur.zEmail,
    .zFte = opts[IO_FTE].seen ? opts[IO_FTE].zValue : zFte,
    .zOtherDuties = opts[IO_DUTIES].seen ? opts[IO_DUTIES].zValue : adding ? "" : zDuties,
    .aLocality = nLocOpt ? aLoc : cur.aLocality,
    .nLocality = nLocOpt ? nLoc : cur.nLocality,
    .start = start,
    .left = left,
    .csv = 1,
  };
  Errors e = {0};
  int changed = 0;
  id = iro_save(db, id, &in, audit_cli_actor(), &e, &changed);
  if (!id) {
    print_errors(c, &e);
    ec = EXIT_FAIL;
    goto done;
  }
  Iro now;
  if (!iro_load_one(db, id, date_today(), &now)) {
    ec = failure(c, "the IRO was saved but cannot be read back: %s", db_errmsg(db));
    goto done;
  }
  char zStatus[64];
  printf("%s %s (id %lld): capacity %d children, %s.\n",
         adding ? "Added" : changed ? "Changed" : "Nothing to change for", now.zName, (long long)id,
         iro_capacity(&now), iro_status_words(&now, date_today(), zStatus, sizeof zStatus));
  if (now.left != DATE_NONE) {
    /* Leaving does not move anyone: the QA manager chooses each child's IRO. */
    IroChild *a;
    int n = iro_open_allocations(db, id, &a);
    if (n < 0) {
      ec = failure(c, "cannot read the children still allocated to them: %s", db_errmsg(db));
    } else if (n) {
      printf("%d child%s still allocated to %s: reallocate %s with `oversight allocate CHILD IRO --reason TEXT`:",
             n, n == 1 ? " is" : "ren are", now.zName, n == 1 ? "them" : "each");
      for (int i = 0; i < n; i++) printf(" %s", a[i].zRef);
      printf("\n");
    }
    iro_children_free(a, n);
  }
  iro_clear(&now);
done:
  iro_clear(&cur);
  free(aLoc);
  free(av);
  free(azLoc);
  if (db) db_close(db);
  return ec;
}
