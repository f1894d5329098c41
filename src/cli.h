/*
** cli.h: the command-line interface. main.c parses the global options and
** dispatches through the table in cli.c; each command is one function.
*/
#ifndef OVERSIGHT_CLI_H
#define OVERSIGHT_CLI_H

/* Exit codes: success, a failure doing the work, a mistake in the call. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct Cmd {
  const char *zName;
  int (*xRun)(int argc, char **argv);   /* argv[0] is the command name */
  const char *zUsage;                   /* one line, after "oversight " */
  const char *zHelp;                    /* a paragraph for `help COMMAND` */
} Cmd;

extern const Cmd aCmd[];
extern const int nCmd;
const Cmd *cmd_find(const char *zName);

/* The database path from --db, $OVERSIGHT_DB or ./oversight.db. */
extern const char *g_zDbPath;

#endif
