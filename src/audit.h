/*
** audit.h: the append-only audit log (SPEC §11). Every change and every
** view of a person's record is written here by the function that does it.
*/
#ifndef OVERSIGHT_AUDIT_H
#define OVERSIGHT_AUDIT_H

#include "db.h"

/* Append one entry. zRecord names the record ("child:1234", "rule:review_first");
** zBefore/zAfter describe the change (NULL for a view). zClient is the
** address a web request came from, or NULL for the command line.
** DB_OK or DB_ERROR; a caller inside a transaction rolls back on error, so
** a change is never saved without its entry. */
int audit_write(Db *db, const char *zActor, const char *zAction, const char *zRecord,
                const char *zBefore, const char *zAfter, const char *zClient);
/* A view's entry, written without the caller waiting: the server's
** requests hand it over and go on serving others while it waits for the
** next group commit, and their page is sent only once xDone(pArg, kind)
** says it is written (DB_FAIL_NONE) or why it could not be (DB_FAIL_BUSY,
** ...: the page is not shown). xDone runs on whichever thread wrote the
** batch. Only while the writer thread runs (audit_writer_run); the strings
** are copied. */
void audit_write_later(const char *zActor, const char *zAction, const char *zRecord, const char *zClient,
                       void (*xDone)(void *pArg, int kind), void *pArg);
/* Whether a writer thread is running, so audit_write_later may be used. */
int audit_writer_running(void);
/* The writer thread's body: writes whatever is queued, on db, for good,
** waiting pauseUs between commits so that entries gather into one. */
void audit_writer_run(Db *db, int pauseUs);
/* The client address of the request this thread is serving, used by
** audit_write() when the caller passes none: domain code need not carry
** the address through every call. NULL when not serving a request. */
void audit_set_client(const char *zClient);
/* Check the chain of the whole log, in id order. Returns 0 if intact, 1
** if broken, -1 if the log could not be read (never "intact" then).
** *pnChecked: the entries found intact (all of them when 0 is returned).
** *pBadId: the first bad entry (for entries missing, the first missing
** id); 0 unless 1 is returned. *pzWhy: NULL when intact, else why in
** words ("entry 5 was changed: ...", "entry 1233 is missing: 1232 is
** followed by 1234", or the read error); the caller frees it.
** Detected: an entry changed, removed before the last, or added without
** its hash. Not detected: the last entries removed, or the chain rebuilt
** by someone who recomputes every hash (see the top of audit.c). */
int audit_verify(Db *db, int64_t *pnChecked, int64_t *pBadId, char **pzWhy);
/* Called by db_open() after the migrations: chains the entries of a log
** written before schema version 12, and puts back the append-only
** triggers when missing or altered (saying so on stderr and in the log,
** since that is evidence of tampering). Writes nothing, and takes no
** lock, when all is well. 0, or -1 with *pzErr set (caller frees). */
int audit_on_open(Db *db, char **pzErr);
/* The actor for command-line use: "cli:" and the login name. Static. */
const char *audit_cli_actor(void);

/* The words for an action code ("Corrected a child's details"), or NULL
** for one not in the list. The known codes, in code order, for a filter. */
const char *audit_action_words(const char *zAction);
int audit_action_count(void);
const char *audit_action_code(int i);

#endif
