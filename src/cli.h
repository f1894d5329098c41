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

/* ---- Shared by the command files (cli.c, cli_*.c) ---- */
#include "calendar.h"
#include "db.h"
#include "util.h"

typedef struct Opt {
  const char *zName;    /* "--as-of" */
  int takesValue;
  const char *zValue;   /* set by parse_args */
  int seen;
} Opt;

/* Print "oversight CMD: message" and the usage; returns EXIT_USAGE. */
int usage_error(const Cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "oversight CMD: message"; returns EXIT_FAIL. */
int failure(const Cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Split argv[1..] into options and positional arguments: -1 after a usage
** error (printed), 1 if --help was asked (help printed), else 0. */
int parse_args(const Cmd *c, int argc, char **argv, Opt *opts, int nOpt,
               char **aPos, int maxPos, int *pnPos);
/* A date option (today when absent): 0, or -1 after a usage error. */
int opt_date(const Cmd *c, const Opt *o, Date *out);
/* The index of the option's value in az[0..n), dflt when absent, -1 after
** a usage error. */
int opt_choice(const Cmd *c, const Opt *o, const char *const *az, int n, int dflt);
/* Open and migrate the database with the rules loaded, or NULL (said).
** A database at an older schema is backed up first (backup_before_upgrade). */
Db *open_db(const Cmd *c);
/* If the database exists at an older schema version than this Oversight's,
** copy it, as it is, to DATABASE.before-upgrade-vN-YYYY-MM-DD-HHMMSS
** beside it (checked) and say where on stderr. 0 (done, or nothing to do),
** or -1 after saying why it could not (then do not migrate). cli_backup.c */
int backup_before_upgrade(const Cmd *c);

/* The one child with ID zRef, or NULL after saying there is none. */
struct ChildSet *load_one(const Cmd *c, Db *db, const char *zRef);

/* Commands living in their own files. */
int cmd_escalation(int argc, char **argv);   /* cli_escalations.c */
int cmd_report(int argc, char **argv);       /* cli_reports.c */
int cmd_comparators(int argc, char **argv);  /* cli_reports.c */
int cmd_population(int argc, char **argv);   /* cli_reports.c */
int cmd_report_lado(int argc, char **argv);  /* cli_lado.c: `report lado ...` */
int cmd_lado(int argc, char **argv);         /* cli_lado.c: dip samples, training, strategy meetings, cross-border */
int cmd_unregistered(int argc, char **argv); /* cli_reports.c */
int cmd_validate(int argc, char **argv);     /* cli_ssda903.c */
int cmd_import_903(int argc, char **argv);   /* cli_ssda903_store.c: `import 903 ...` */
int cmd_export_903(int argc, char **argv);   /* cli_ssda903_store.c: `export 903 ...` */
int cmd_private_fostering(int argc, char **argv);         /* cli_private_fostering.c */
int cmd_report_private_fostering(int argc, char **argv);  /* cli_private_fostering.c */
int cmd_homes(int argc, char **argv);        /* cli_homes.c */
int cmd_home_return(int argc, char **argv);  /* cli_homes_monitoring.c */
int cmd_home_feedback(int argc, char **argv);
int cmd_home_month(int argc, char **argv);
int cmd_home_qa(int argc, char **argv);      /* cli_homes_evidence.c */
int cmd_check(int argc, char **argv);        /* cli_check.c */
int cmd_backup(int argc, char **argv);       /* cli_backup.c */
int cmd_restore(int argc, char **argv);      /* cli_backup.c */
int cmd_iro(int argc, char **argv);          /* cli_iros.c */
int cmd_locality(int argc, char **argv);     /* cli_iros.c */
int cmd_child_record(int argc, char **argv); /* cli_children.c: `child add|edit ...` */
int cmd_siblings(int argc, char **argv);     /* cli_children.c */
int cmd_notification(int argc, char **argv); /* cli_children.c */
int cmd_episode(int argc, char **argv);      /* cli_placements.c */
int cmd_postcodes(int argc, char **argv);    /* cli_placements.c */
int cmd_mail(int argc, char **argv);         /* cli_mail.c */
int cmd_settings(int argc, char **argv);     /* cli_mail.c */
int cmd_retention(int argc, char **argv);    /* cli_retention.c */
int cmd_sar(int argc, char **argv);          /* cli_retention.c */
/* serve's quick check of the file (cli_check.c): 0, or -1 after saying why. */
int check_before_serving(const Cmd *c, Db *db);
/* The whole of `check` on an open database (cli_check.c): integrity (the
** quick check if quick), foreign keys, then the audit log's chain. Each
** problem is a line appended to pReport. The number of problems, or -1
** if the check could not run to the end; *pnAudit: audit entries intact. */
int check_database(Db *db, int quick, Buf *pReport, int64_t *pnAudit);
/* backup and restore (cli_check.c): open the copy at zPath (zName is what
** to call it in messages), run the whole check, and append what it holds
** in words to pSummary (size, children, reviews, users, audit entries and
** the last entry). 0, or -1 after printing its problems and saying why. */
int check_copy(const Cmd *c, const char *zPath, const char *zName, Buf *pSummary);
/* `report qpag` (cli_homes.c): zFormat NULL for JSON, zOut NULL for stdout. */
int report_qpag_cli(const Cmd *c, const char *zMonth, const char *zFormat, Date asOf, const char *zOut);

/* Write b to zPath, or standard output when NULL (cli_reports.c): 0, or -1
** after saying why. A file is written beside its name and renamed into
** place, so a failure never leaves half a report where the whole was. */
int write_out(const Cmd *c, const Buf *b, const char *zPath);

#endif
