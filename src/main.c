/*
** main.c: the oversight binary. Global options, then one command.
*/
#include "cli.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *g_zDbPath;

static void usage_all(FILE *f) {
  fprintf(f, "usage: oversight [--db FILE] COMMAND [ARGS]\n\nCommands:\n");
  for (int i = 0; i < nCmd; i++) fprintf(f, "  %s\n", aCmd[i].zUsage);
  fprintf(f, "\n--db FILE  the database (default $OVERSIGHT_DB, else ./oversight.db)\n"
             "Run `oversight help COMMAND` for more about one command.\n");
}

int main(int argc, char **argv) {
  /* The database (and so its -wal and -shm), exports and reports hold
  ** children's records and password hashes: no other account reads them. */
  umask(077);
  g_zDbPath = getenv("OVERSIGHT_DB");
  if (!g_zDbPath || !*g_zDbPath) g_zDbPath = "oversight.db";
  /* --db is global: accept it anywhere, and hand the command the rest. */
  char **av = calloc((size_t)argc + 1, sizeof *av);
  int ac = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0) {
      if (i + 1 >= argc || !argv[i + 1][0]) {
        fprintf(stderr, "oversight: --db needs a file name\nusage: oversight [--db FILE] COMMAND [ARGS]\n");
        free(av);
        return EXIT_USAGE;
      }
      g_zDbPath = argv[++i];
    } else if (strncmp(argv[i], "--db=", 5) == 0 && argv[i][5]) {
      g_zDbPath = argv[i] + 5;
    } else {
      av[ac++] = argv[i];
    }
  }
  int rc;
  if (ac == 0) {
    fprintf(stderr, "oversight: no command given\n");
    usage_all(stderr);
    rc = EXIT_USAGE;
  } else if (strcmp(av[0], "help") == 0 || strcmp(av[0], "--help") == 0 || strcmp(av[0], "-h") == 0) {
    const Cmd *c = ac > 1 ? cmd_find(av[1]) : NULL;
    if (ac > 1 && !c) {
      fprintf(stderr, "oversight help: no command called \"%s\"\n", av[1]);
      usage_all(stderr);
      rc = EXIT_USAGE;
    } else if (c) {
      printf("usage: oversight %s\n\n%s\n", c->zUsage, c->zHelp);
      rc = EXIT_OK;
    } else {
      printf("Oversight: every statutory deadline of a children's services oversight team.\n\n");
      usage_all(stdout);
      rc = EXIT_OK;
    }
  } else {
    const Cmd *c = cmd_find(av[0]);
    if (!c) {
      fprintf(stderr, "oversight: unknown command \"%s\"\n", av[0]);
      usage_all(stderr);
      rc = EXIT_USAGE;
    } else {
      rc = c->xRun(ac, av);
      /* A read that failed part way looks to the loop reading it like the
      ** end of the rows: whatever the command printed may be incomplete,
      ** so it must not exit as if all was well. */
      const char *zFirst = NULL;
      if (db_process_failures(&zFirst) > 0 && rc == EXIT_OK) {
        fprintf(stderr, "oversight %s: the database could not be read or written: %s\n"
                        "oversight %s: what was printed above may be incomplete\n",
                av[0], zFirst ? zFirst : "unknown error", av[0]);
        rc = EXIT_FAIL;
      }
    }
  }
  free(av);
  return rc;
}
