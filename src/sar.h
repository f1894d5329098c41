/*
** sar.h: subject access requests (UK GDPR article 15; SPEC §11 "Anyone's
** data can be exported for a subject access request").
**
** Everything held about one person, gathered as sections (one per kind of
** record, every column of every row, and the audit log's entries about
** them), written as one HTML document (escaped, readable, printable) and
** as a folder of CSV files. Columns that hold other people's names or free
** text that may name them (carers, professionals, other children, the
** staff who recorded things) are marked "review for redaction": the
** officer answering the request reads those before the copy is sent. The
** marking is by column, so it over-marks rather than misses.
**
** Children (looked-after children, by their reference) are asked for by an
** administrator; adults named in LADO allegations (by their name as
** recorded, any case) only by the Designated Officer; privately fostered
** children and their carers (by arrangement number or name as recorded) by
** anyone who works on private fostering records; members of staff (by
** username or account name) by an administrator. Each copy made is
** audited ("sar.child", "sar.adult", "sar.pf", "sar.staff") against the
** record. No copy ever holds a password hash, or the hash of a session or
** set-password link.
*/
#ifndef OVERSIGHT_SAR_H
#define OVERSIGHT_SAR_H

#include "calendar.h"
#include "db.h"
#include "util.h"

typedef struct SarSection {
  char *zTitle;             /* "Reviews" */
  char *zFile;              /* "05-reviews.csv" */
  int nCol;
  char **azCol;             /* column names as stored ("held_on") */
  unsigned char *aThird;    /* per column: 1 when it may name another person */
  int nRow;
  char **azCell;            /* nRow * nCol values as stored; "" for none */
} SarSection;

typedef struct Sar {
  char *zSubject;           /* "Sophia O'Brien (child 100000)" */
  char *zKind;              /* "child", "adult", "pf" or "staff" */
  SarSection *a;
  int n;
} Sar;

/* Gather everything held about the child with reference zRef, and audit
** it (zActor, zClient: NULL on the command line). 1 when found, 0 when
** there is no such child (nothing audited), -1 on a read or audit error
** (*out freed). */
int sar_child(Db *db, const char *zRef, const char *zActor, const char *zClient, Sar *out);
/* The same for the adult named zName (case and surrounding spaces aside)
** in LADO cases: 1 when some case names them, 0 when none does, -1 on
** error. Each case found is audited. */
int sar_adult(Db *db, const char *zName, const char *zActor, const char *zClient, Sar *out);
/* A privately fostered child or their carer: zWho is an arrangement's
** number (that arrangement), or a name matched to each arrangement's child
** and carer names as recorded, ignoring capitals, accents and extra spaces
** (child_fold). 1 when some arrangement matches (each audited "sar.pf"
** against "pf:ID"), 0 when none does, -1 on error. */
int sar_pf(Db *db, const char *zWho, const char *zActor, const char *zClient, Sar *out);
/* A member of staff: zWho is their username, or their account's name when
** no other account has it (capitals, accents and spaces aside). Their
** account (no password hash, no session or link hashes), the audit log's
** entries about their account and by them, and the records naming them.
** 1 when found (audited "sar.staff" against "user:USERNAME"), 0 when no
** account matches, 2 when the name is more than one account's (nothing
** read or audited), -1 on error. */
int sar_staff(Db *db, const char *zWho, const char *zActor, const char *zClient, Sar *out);
void sar_free(Sar *s);

/* The HTML document (a whole page with its own print styles). */
void sar_html(const Sar *s, Date on, Buf *b);
/* One section as CSV: its columns and a last column "review for
** redaction" naming the marked columns that hold something in that row. */
void sar_csv(const SarSection *p, Buf *b);
/* Write zDir/subject-access.html and zDir/csv/NN-name.csv (files 0600,
** folders 0700; zDir may exist but must not hold a copy already). 0, or
** -1 with *pzErr (caller frees). */
int sar_write(const Sar *s, Date on, const char *zDir, char **pzErr);

#endif
