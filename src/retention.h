/*
** retention.h: which records are past their retention on a date, and their
** destruction (UK GDPR storage limitation; SPEC §11 "Retention").
**
** Each record type has a rule in the rules table (migration 025):
**   child              retention_child_care: to the 75th birthday (no date
**                      of death is held, so the 15-years-after-death rule
**                      cannot apply; docs/data-protection.md)
**   private-fostering  retention_private_fostering: to the child's birthday
**   home               retention_homes: years after the latest entry in any
**                      of the home's records
**   lado               by outcome, exactly as the Designated Officer's own
**                      retention review (lado_retention_due_rule): from
**                      closure, or from the last review that kept it
** A record is past retention on its due date and every day after. Nothing
** is destroyed automatically: retention_destroy is called for one record a
** person has looked at, deletes it and everything hanging off it in one
** transaction, and leaves a row in retention_destruction (what, when, who,
** which rule) and an audit entry. The audit log itself and sessions have
** rules too, but only counts are given here (retention_others): the audit
** log is append-only and chained (docs/audit-log.md), and sessions are
** swept at sign-in.
*/
#ifndef OVERSIGHT_RETENTION_H
#define OVERSIGHT_RETENTION_H

#include "calendar.h"
#include "db.h"

typedef enum { RET_CHILD, RET_PF, RET_HOME, RET_LADO, RET_N_KIND } RetKind;

typedef struct RetRecord {
  RetKind kind;
  int64_t id;              /* child.id, pf_arrangement.id, home.id or lado_case.id */
  char zNumber[64];        /* what the destruction record keeps: the child's ref, else the id */
  char zRule[64];          /* the rule's name in the rules table */
  Date from;               /* what the rule counts from (birth, latest entry, closure or last review) */
  Date due;                /* the destruction date: past retention on it and after */
  char *zWhat;             /* for the administrator: a name and date of birth, or a home's name,
                           ** whole as typed; for a LADO case only its number (its details stay
                           ** on the LADO pages). Its own: retention_record_clear() */
} RetRecord;
void retention_record_clear(RetRecord *r);

/* Its records' strings are its own: retention_list_free(). */
typedef struct RetList { RetRecord *a; int n; } RetList;

/* "child", "private-fostering", "home", "lado": the destruction record's
** type, the CLI's and the URL's word. */
const char *retention_kind_code(RetKind k);
/* "Child's care record", ...: the words for people. */
const char *retention_kind_words(RetKind k);
/* 0 and *out set, or -1 for a word that is no kind. */
int retention_kind_parse(const char *z, RetKind *out);

/* Every record of the kinds in mask (bit 1 << RetKind) past retention on
** asOf, by kind then due date then number. 0, or -1 when the database
** could not be read (never a short list then); out is empty on -1. */
int retention_due(Db *db, Date asOf, unsigned mask, RetList *out);
void retention_list_free(RetList *l);

/* One record's retention, past or not: 1 and *out set (free with
** retention_record_clear()), 0 when there is no such record (or a LADO
** case still open, which has no due date yet), -1 on a read error. */
int retention_get(Db *db, RetKind k, int64_t id, RetRecord *out);

/* Destroy record (k, id) if it is past retention on asOf: the record and
** everything hanging off it are deleted, a destruction record is written
** (type, number, when, zActor, rule, due date) with an audit entry, all
** in one transaction. 0 on success; -1 with *pzErr (caller frees) in
** users' words: no such record, not yet due, or the database's error
** (nothing changed then). zClient: the request's address, NULL on the
** command line. */
int retention_destroy(Db *db, RetKind k, int64_t id, Date asOf, const char *zActor, const char *zClient,
                      char **pzErr);

/* The rules with no destruction here: audit log entries older than
** retention_audit_log on asOf (and the day before which they were
** written), and sessions ended more than retention_sessions ago (by the
** idle and lifetime limits) but not yet swept. 0, or -1 on a read error. */
typedef struct RetOthers {
  int64_t nAudit;
  Date auditBefore;
  int64_t nSessions;
} RetOthers;
int retention_others(Db *db, Date asOf, RetOthers *out);

#endif
