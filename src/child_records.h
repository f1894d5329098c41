/*
** child_records.h: a child's own details as the council keeps them (SPEC
** §2, issue 15): adding a child, correcting the details field by field,
** sibling groups, care notifications, and the children CSV
** (docs/children-csv.md) that loads names over an imported 903 return.
**
** Details travel as text in one fixed order, the CSV's columns: the web
** form, the command line and the import fill the same ChildRecord, one
** checker refuses the same things for all three, and a correction is the
** list of columns whose text changed.
*/
#ifndef OVERSIGHT_CHILD_RECORDS_H
#define OVERSIGHT_CHILD_RECORDS_H

#include <stdio.h>
#include "children.h"

/* The columns, in the CSV's order; also the names in the audit log. */
enum { CR_REF, CR_GIVEN, CR_FAMILY, CR_DOB, CR_SEX, CR_ETHNICITY, CR_UASC, CR_DISABILITY,
       CR_SEN, CR_LOCALITY, CR_N };
extern const char *const child_record_column[CR_N];
#define CR_MAX 256

/* One child's details as text: child_ref, names, dob as YYYY-MM-DD, sex
** M/F/U, ethnicity a DfE code or "", uasc yes/no, disability yes/no or ""
** (not recorded), sen none/support/ehcp or "", locality a name or "". */
typedef struct ChildRecord {
  char az[CR_N][CR_MAX];
} ChildRecord;

/* The 903 codes with their words, e.g. {"WBRI", "White British"}. */
typedef struct CodeWords { const char *zCode, *zWords; } CodeWords;
extern const CodeWords child_ethnicity[];
extern const int child_n_ethnicity;
extern const CodeWords child_sen[];         /* none, support, ehcp */
extern const int child_n_sen;
/* The words for a code of the list, or zCode itself when it is not in it. */
const char *code_words(const CodeWords *a, int n, const char *zCode);

/* Copy z into field i of r, trimmed; 0, or -1 when it is too long. */
int child_record_set(ChildRecord *r, int i, const char *z);
/* The child's details as stored: 1, or 0 when there is no such child. */
int child_record_load(Db *db, int64_t id, ChildRecord *r);

/* Check r (normalising a dd/mm/yyyy date of birth to YYYY-MM-DD in
** place) and add an error on the field of each mistake. selfId is the
** child being corrected (its own ref is no duplicate), or 0 for a new one.
** csv: messages name the column and quote the value, as an import lists
** them ("dob '31/02/2010' is not a real date"); else the form's words.
** A date of birth is refused after today or when the child would be 25 or
** older today. A locality must exist unless newLocality. */
void child_record_check(Db *db, ChildRecord *r, int64_t selfId, Date today, int csv,
                        int newLocality, Errors *err);

/* Add (id 0) or correct child id, after child_record_check. A correction
** writes one audit entry per changed column, before "family_name: Smith",
** after "family_name: Smyth", and nothing at all when nothing changed;
** the child ref is never changed. *pnChanged (may be NULL) gets the number
** of columns changed (all of them for a new child). Returns the child's
** id, or 0 with err filled and nothing saved. Runs in its own transaction
** (a savepoint inside a caller's). */
enum { CHILD_NEW_LOCALITY = 1, CHILD_CSV_MESSAGES = 2 };
int64_t child_record_save(Db *db, int64_t id, ChildRecord *r, unsigned flags, Date today,
                          const char *zActor, Errors *err, int *pnChanged);

/* ---- Sibling groups ---- */
/* Put zRef and zOther in one sibling group: the other's group when it has
** one (bringing zRef's own siblings along), else zRef's, else a new one.
** Each child whose group changes is audited. 0, or -1 with err on
** "sibling". */
int siblings_link_pair(Db *db, const char *zRef, const char *zOther, const char *zActor, Errors *err);
/* Take zRef out of its sibling group; a sibling left alone in the group
** is taken out too (a group of one is no group). 0, or -1 with err. */
int siblings_unlink(Db *db, const char *zRef, const char *zActor, Errors *err);

/* ---- Care notifications ---- */
/* Record (notifId 0) or correct a care notification of the child: on must
** be a date no later than today and not one already recorded for the
** child. Audited, with before and after on a correction. 0, or -1 with err
** on "notified_on". */
int care_notification_save(Db *db, int64_t childId, int64_t notifId, Date on, Date today,
                           const char *zActor, Errors *err);

/* ---- The children CSV ---- */
/* Load children from CSV text (docs/children-csv.md), all or nothing:
** every bad row is listed as "NAME line N: ..." and nothing is saved if
** there is one. Known refs are corrected (only changed columns, audited),
** new ones added. 0 and what was done in pReport, or -1. */
int import_children_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                         const char *zActor, Buf *pReport);
int import_children(Db *db, const char *zPath, const char *zActor, Buf *pReport);
/* Every child in the same columns; each is audited as exported first.
** The number of children, or -1 (nothing written). */
int export_children(Db *db, FILE *out, const char *zActor);

#endif
