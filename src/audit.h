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
/* The client address of the request this thread is serving, used by
** audit_write() when the caller passes none: domain code need not carry
** the address through every call. NULL when not serving a request. */
void audit_set_client(const char *zClient);
/* The actor for command-line use: "cli:" and the login name. Static. */
const char *audit_cli_actor(void);

#endif
