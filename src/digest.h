/*
** digest.h: each IRO's daily digest by email (SPEC 12; docs/mail.md).
** Counts of overdue and due-today items, and due-soon ones on the first
** working day of the week, with each child's record number and a link:
** never a name or any other detail of a child.
*/
#ifndef OVERSIGHT_DIGEST_H
#define OVERSIGHT_DIGEST_H

#include "db.h"

/* Whether digests go out on d: 1 on a working day (none at weekends, on
** bank holidays or closure days), else 0. *pWithSoon: 1 when the digest
** also lists what is due soon, on the first working day of d's week
** (Monday, or Tuesday after a bank holiday Monday). */
int digest_day(Date d, int *pWithSoon);

typedef struct Digest {
  int64_t iroId;
  char *zTo;                    /* the IRO's email, else their user's */
  int nOverdue, nToday, nSoon;  /* nSoon: 0 unless the day lists them */
  char *zSubject, *zBody;
} Digest;
typedef struct DigestList { Digest *a; int n; } DigestList;

/* The digests for asOf, one per IRO active that day with an email (their
** own, else that of a user linked to them) and something to tell, unless
** a user linked to them has turned digests off (users.h): none at all
** when digest_day() says no. Links start zBaseUrl ("" or NULL: no
** links). Rules loaded. 0, or -1 if the database could not be read. */
int digests_build(Db *db, Date asOf, const char *zBaseUrl, DigestList *out);
void digests_free(DigestList *l);
/* Queue them in one transaction, with an audit entry saying how many:
** the number newly queued (a digest already queued for that IRO and day
** is not queued again), or -1 with *pzErr (caller frees). */
int digests_queue(Db *db, Date asOf, const DigestList *l, const char *zActor, char **pzErr);

#endif
