/*
** notices.c: who is emailed about escalations, LADO, private fostering and
** homes, on which day, and what each message says (notices.h,
** docs/mail.md). What is due comes from each service's own deadline
** functions, the same its pages use; this file only decides who is told
** and writes the words. A message carries no free text from a record:
** numbers, codes in words, dates, counts and links.
*/
#include "notices.h"
#include "audit.h"
#include "digest.h"
#include "homes.h"
#include "html.h"
#include "lado.h"
#include "outbox.h"
#include "private_fostering.h"
#include "rules.h"
#include "settings.h"
#include "unregistered.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A message lists at most this many records; the rest are a count and the
** link, so a long backlog is still a short email. */
#define NOTICE_LIST_MAX 30

static const char *const azWeekday[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

static const char *const zFooter =
  "\nThis email gives record numbers and counts only. Sign in to Oversight to see the details.\n";

int mail_address_ok(const char *z) {
  if (!z) return 0;
  const char *zAt = strchr(z, '@');
  /* No spaces, line breaks or the characters that would make it a list or
  ** a display name: it goes into a header as it is. */
  return zAt && zAt != z && zAt[1] && !strchr(zAt + 1, '@') && !strpbrk(z, " \t\r\n<>,;\"()[]\\") &&
         strchr(zAt + 1, '.') && strlen(z) <= 254;
}

void notices_free(NoticeList *l) {
  for (int i = 0; i < l->n; i++) {
    Notice *n = &l->a[i];
    free(n->zKind);
    free(n->zTo);
    free(n->zSubject);
    free(n->zBody);
    free(n->zKey);
  }
  free(l->a);
  memset(l, 0, sizeof *l);
}

/* Append one message; zKeyBase (kind:record:date) gets ":" and the
** recipient, so that each recipient's copy is its own row. Takes zSubject
** and zBody. */
static void add(NoticeList *l, const char *zKind, const char *zTo, char *zSubject, char *zBody,
                const char *zKeyBase) {
  if (l->n == l->cap) l->a = xrealloc(l->a, (size_t)(l->cap = l->cap ? l->cap * 2 : 16) * sizeof *l->a);
  Notice *n = &l->a[l->n++];
  n->zKind = xstrdup(zKind);
  n->zTo = xstrdup(zTo);
  n->zSubject = zSubject;
  n->zBody = zBody;
  n->zKey = xmprintf("%s:%s", zKeyBase, zTo);
}

static void add_each(NoticeList *l, const char *zKind, char **azTo, int nTo, const char *zSubject,
                     const char *zBody, const char *zKeyBase) {
  for (int i = 0; i < nTo; i++) add(l, zKind, azTo[i], xstrdup(zSubject), xstrdup(zBody), zKeyBase);
}

static void free_list(char **az, int n) {
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
}

/* " https://oversight.example/PATH", or nothing without a base URL. */
static void PRINTF_LIKE(3, 4) link(Buf *b, const char *zBase, const char *zFmt, ...) {
  if (!zBase || !zBase[0]) return;
  size_t n = strlen(zBase);
  buf_printf(b, " %.*s", (int)(zBase[n - 1] == '/' ? n - 1 : n), zBase);
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(b, zFmt, ap);
  va_end(ap);
}

/* Add each address of z (separated by commas, semicolons or spaces) not
** already in the list. */
static void split_addresses(const char *z, char ***paz, int *pn) {
  const char *p = z ? z : "";
  while (*p) {
    while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';')) p++;
    const char *q = p;
    while (*q && !isspace((unsigned char)*q) && *q != ',' && *q != ';') q++;
    if (q > p) {
      char *zOne = xmprintf("%.*s", (int)(q - p), p);
      int dup = !mail_address_ok(zOne);
      for (int i = 0; i < *pn && !dup; i++) dup = strcasecmp((*paz)[i], zOne) == 0;
      if (dup) {
        free(zOne);
      } else {
        *paz = xrealloc(*paz, (size_t)(*pn + 1) * sizeof **paz);
        (*paz)[(*pn)++] = zOne;
      }
    }
    p = q;
  }
}

/* The managers of a locality from mail.locality_managers,
** "North=a@x b@x; South=c@x": the names matched without regard to case. */
static void locality_managers(Db *db, int64_t localityId, char ***paz, int *pn) {
  if (!localityId) return;
  char *zName = NULL;
  Stmt *s = db_query(db, "SELECT name FROM locality WHERE id = ?", "I", localityId);
  if (db_step(s) == DB_ROW) zName = xstrdup(db_col_text(s, 0));
  db_finalize(s);
  char *zSetting = setting_get(db, "mail.locality_managers", "");
  for (char *zPart = zSetting; zName && zPart && *zPart;) {
    char *zEnd = strchr(zPart, ';');
    if (zEnd) *zEnd = 0;
    char *zEq = strchr(zPart, '=');
    if (zEq) {
      *zEq = 0;
      char *a = zPart, *e = zEq;
      while (isspace((unsigned char)*a)) a++;
      while (e > a && isspace((unsigned char)e[-1])) *--e = 0;
      if (strcasecmp(a, zName) == 0) split_addresses(zEq + 1, paz, pn);
    }
    zPart = zEnd ? zEnd + 1 : NULL;
  }
  free(zSetting);
  free(zName);
}

static void leadership(Db *db, char ***paz, int *pn) {
  char *z = setting_get(db, "mail.leadership", "");
  split_addresses(z, paz, pn);
  free(z);
}

int notice_next_managers(Db *db, int stage, int64_t localityId, char ***paz, int *pn) {
  int n0 = *pn;
  /* Team manager, service manager and head of locality work in the
  ** locality; the director and above, and Cafcass, are the leadership's. */
  if (stage + 1 <= 3) locality_managers(db, localityId, paz, pn);
  else leadership(db, paz, pn);
  return *pn - n0;
}

/* The email of the IRO's user (the person who signs in), else the one on
** the IRO's record. */
static void iro_address(Db *db, int64_t iroId, char ***paz, int *pn) {
  if (!iroId) return;
  Stmt *s = db_query(db,
      "SELECT email FROM users WHERE iro_id = ? AND disabled = 0 AND email IS NOT NULL AND email <> ''"
      " UNION ALL SELECT email FROM iro WHERE id = ? AND email IS NOT NULL AND email <> ''", "II", iroId, iroId);
  if (db_step(s) == DB_ROW) split_addresses(db_col_text(s, 0), paz, pn);
  db_finalize(s);
}

/* Users of a role with an email, not disabled: their ids and addresses,
** how many, or -1 with none when a read failed. */
typedef struct Person { int64_t id; char *zUser, *zEmail; } Person;
static void people_free(Person *a, int n);
static int people_with_role(Db *db, const char *zRole, Person **pa) {
  int n = 0;
  *pa = NULL;
  Stmt *s = db_query(db,
      "SELECT id, username, email FROM users WHERE role = ? AND disabled = 0 AND email IS NOT NULL"
      " AND email <> '' ORDER BY id", "s", zRole);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (!mail_address_ok(db_col_text(s, 2))) continue;
    *pa = xrealloc(*pa, (size_t)(n + 1) * sizeof **pa);
    (*pa)[n++] = (Person){db_col_int(s, 0), xstrdup(db_col_text(s, 1)), xstrdup(db_col_text(s, 2))};
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    /* Some of the people would go untold: none, and the run fails. */
    people_free(*pa, n);
    *pa = NULL;
    return -1;
  }
  return n;
}

static void people_free(Person *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zUser);
    free(a[i].zEmail);
  }
  free(a);
}

/* ---- Escalations ----------------------------------------------------------- */

static void escalation_lines(Buf *b, const Escalation *e, const EscalationStage *st, const char *zBase) {
  char zDay[24];
  buf_printf(b, "Escalation %lld, raised %s, about %d child%s.\n", (long long)e->id, date_long(e->raised, zDay),
             e->nChild, e->nChild == 1 ? "" : "ren");
  buf_printf(b, "Now at %s, from %s.\n", escalation_stage_phrase(st->stage), date_long(st->started, zDay));
  buf_printf(b, "The response is due by %s.\n", date_long(st->due, zDay));
  if (zBase && zBase[0]) {
    buf_puts(b, "\nThe escalation:");
    link(b, zBase, "/escalations/%lld", (long long)e->id);
    buf_putc(b, '\n');
  }
}

int notice_escalation_stage(Db *db, const Escalation *e, const EscalationStage *st, char **pzErr) {
  if (!st->zResponderEmail || !mail_address_ok(st->zResponderEmail)) return 0;
  char *zBase = setting_get(db, "mail.base_url", "");
  Buf b = {0};
  buf_printf(&b, "An escalation has %s you to respond to.\n\n",
             st->zMovedReason ? "moved to its next stage, asking" : "been raised, asking");
  escalation_lines(&b, e, st, zBase);
  buf_puts(&b, zFooter);
  char *zSubject = xmprintf("Oversight: escalation %lld needs your response at %s", (long long)e->id,
                            escalation_stage_phrase(st->stage));
  char zDay[11];
  char *zKey = xmprintf("escalation-stage:%lld:%d:%s:%s", (long long)e->id, st->stage, date_iso(st->started, zDay),
                        st->zResponderEmail);
  int r = outbox_queue(db, "escalation", st->zResponderEmail, zSubject, b.z, zKey, pzErr);
  free(zKey);
  free(zSubject);
  buf_free(&b);
  free(zBase);
  return r < 0 ? -1 : 0;
}

/* The day the responder is reminded: the rule's time before the due date,
** or the working day before that if it falls on a day off. */
static Date reminder_day(Date due) {
  const Rule *r = rule("mail_escalation_reminder");
  Date d = cal_add(due, -r->amount, r->unit);
  while (!cal_is_working_day(d)) d--;
  return d;
}

int notices_escalation_reminders(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  f.openOnly = 1;
  EscalationList l;
  if (escalation_list(db, &f, &l) < 0) return -1;
  char zDay[24], zIso[11];
  for (int i = 0; i < l.n; i++) {
    const Escalation *e = &l.a[i];
    const EscalationStage *st = escalation_current_stage(e, asOf);
    if (!st || !st->zResponderEmail || !mail_address_ok(st->zResponderEmail)) continue;
    if (escalation_stage_status(st, asOf) == ST_DONE || escalation_stage_status(st, asOf) == ST_DONE_LATE) continue;
    if (asOf >= st->due || reminder_day(st->due) != asOf) continue;
    Buf b = {0};
    buf_printf(&b, "A reminder: your response to escalation %lld is due on %s %s.\n\n", (long long)e->id,
               azWeekday[date_weekday(st->due)], date_long(st->due, zDay));
    escalation_lines(&b, e, st, zBase);
    buf_puts(&b, zFooter);
    char *zSubject = xmprintf("Oversight: escalation %lld response due %s", (long long)e->id, date_long(st->due, zDay));
    char *zKey = xmprintf("escalation-reminder:%lld:%d:%s", (long long)e->id, st->stage, date_iso(asOf, zIso));
    add(out, "escalation-reminder", st->zResponderEmail, zSubject, buf_take(&b), zKey);
    free(zKey);
  }
  escalation_list_free(&l);
  return db_failed(db) ? -1 : 0;
}

int notices_escalation_overdue(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  f.openOnly = 1;
  EscalationList l;
  if (escalation_list(db, &f, &l) < 0) return -1;
  char zDay[24], zIso[11];
  for (int i = 0; i < l.n; i++) {
    const Escalation *e = &l.a[i];
    if (!escalation_overdue(e, asOf)) continue;
    const EscalationStage *st = escalation_current_stage(e, asOf);
    char **azTo = NULL;
    int nTo = 0;
    notice_next_managers(db, st->stage, escalation_locality(e, NULL), &azTo, &nTo);
    iro_address(db, e->iroId, &azTo, &nTo);
    if (nTo) {
      Buf b = {0};
      buf_printf(&b, "Escalation %lld is overdue: the response at %s was due by %s and has not been recorded.\n\n",
                 (long long)e->id, escalation_stage_phrase(st->stage), date_long(st->due, zDay));
      escalation_lines(&b, e, st, zBase);
      if (st->stage < ESC_STAGE_CAFCASS) {
        buf_printf(&b, "\nIf it is not resolved, it moves to %s.\n", escalation_stage_phrase(st->stage + 1));
      }
      buf_puts(&b, "\nYou are told as the IRO who raised it, or as a manager of the next stage.\n");
      buf_puts(&b, zFooter);
      char *zSubject = xmprintf("Oversight: escalation %lld is overdue at %s", (long long)e->id,
                                escalation_stage_phrase(st->stage));
      /* Keyed by the day it became overdue, not the day of the run: told
      ** once, on the first working day the job sees it overdue. */
      char *zKey = xmprintf("escalation-overdue:%lld:%d:%s", (long long)e->id, st->stage, date_iso(st->due + 1, zIso));
      add_each(out, "escalation-overdue", azTo, nTo, zSubject, b.z, zKey);
      free(zKey);
      free(zSubject);
      buf_free(&b);
    }
    free_list(azTo, nTo);
  }
  escalation_list_free(&l);
  return db_failed(db) ? -1 : 0;
}

/* The first working day of d's week (Monday, or Tuesday after a bank
** holiday Monday), as for the digests. */
static int first_working_day_of_week(Date d) {
  int soon;
  return digest_day(d, &soon) && soon;
}

static int first_working_day_of_month(Date d) {
  if (!cal_is_working_day(d)) return 0;
  for (Date x = month_first_day(month_of(d)); x < d; x++) {
    if (cal_is_working_day(x)) return 0;
  }
  return 1;
}

int notices_weekly_escalations(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  if (!first_working_day_of_week(asOf)) return 0;
  WeeklyList w;
  if (escalation_weekly(db, asOf, &w) != DB_OK) return -1;
  Stmt *s = db_query(db, "SELECT id, name FROM locality ORDER BY name", "");
  char zDay[24], zIso[11];
  date_iso(asOf, zIso);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    int64_t locId = db_col_int(s, 0);
    char **azTo = NULL;
    int nTo = 0;
    locality_managers(db, locId, &azTo, &nTo);
    if (!nTo) continue;
    const WeeklyGroup *g = NULL;
    for (int k = 0; k < w.nGroup && !g; k++) {
      if (w.aGroup[k].localityId == locId) g = &w.aGroup[k];
    }
    int n = g ? g->n : 0, nOverdue = 0, nFlagged = 0;
    for (int k = 0; k < n; k++) {
      nOverdue += escalation_overdue(g->ap[k], asOf);
      nFlagged += escalation_flagged(g->ap[k], asOf);
    }
    Buf b = {0};
    /* The locality's name is the council's, not a person's. */
    buf_printf(&b, "The weekly list of escalations for %s, %s %s.\n\n", db_col_text(s, 1),
               azWeekday[date_weekday(asOf)], date_long(asOf, zDay));
    buf_printf(&b, "Open: %d\nResponse overdue: %d\nPast the time limit for the whole process: %d\n", n, nOverdue,
               nFlagged);
    if (n) buf_puts(&b, "\nBy escalation number, earliest response due first:\n");
    for (int k = 0; k < n && k < NOTICE_LIST_MAX; k++) {
      const Escalation *e = g->ap[k];
      const EscalationStage *st = escalation_current_stage(e, asOf);
      buf_printf(&b, "- %lld: %s, response due %s%s", (long long)e->id, st ? escalation_stage_label(st->stage) : "",
                 st ? date_long(st->due, zDay) : "", escalation_overdue(e, asOf) ? " (overdue)" : "");
      link(&b, zBase, "/escalations/%lld", (long long)e->id);
      buf_putc(&b, '\n');
    }
    if (n > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", n - NOTICE_LIST_MAX);
    if (zBase && zBase[0]) {
      buf_puts(&b, "\nThe whole list:");
      link(&b, zBase, "/escalations/weekly");
      buf_putc(&b, '\n');
    }
    buf_puts(&b, "\nIt is sent on the first working day of each week to the locality's managers.\n");
    buf_puts(&b, zFooter);
    char *zSubject = xmprintf("Oversight: weekly escalations for %s: %d open, %d overdue", db_col_text(s, 1), n,
                              nOverdue);
    char *zKey = xmprintf("escalation-weekly:%lld:%s", (long long)locId, zIso);
    add_each(out, "escalation-weekly", azTo, nTo, zSubject, b.z, zKey);
    free(zKey);
    free(zSubject);
    buf_free(&b);
    free_list(azTo, nTo);
  }
  db_finalize(s);
  escalation_weekly_free(&w);
  /* A locality left out would not hear this week: the run fails. */
  return rc != DB_DONE || db_failed(db) ? -1 : 0;
}

int notices_monthly_exceptions(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  if (!first_working_day_of_month(asOf)) return 0;
  char **azTo = NULL;
  int nTo = 0;
  leadership(db, &azTo, &nTo);
  if (!nTo) return 0;
  int month = month_of(asOf) - 1;
  ExceptionReport *r = unreg_exceptions(db, month, asOf);
  if (r->readError) {
    /* A report short of some children would read as all of them. */
    unreg_exceptions_free(r);
    free_list(azTo, nTo);
    return -1;
  }
  int nUnder = 0, nRecorded = 0, nEsc = 0;
  for (int i = 0; i < r->n; i++) {
    nUnder += r->a[i].under;
    nRecorded += r->a[i].hasRecord;
    nEsc += r->a[i].openEscalations > 0;
  }
  char zMonth[24], zIso[8], zDay[11];
  month_long(month, zMonth);
  month_iso(month, zIso);
  Buf b = {0};
  buf_printf(&b, "The monthly exceptions report for %s: children in unregistered provision.\n\n", zMonth);
  buf_printf(&b, "Spells in unregistered provision in the month: %d\n", r->n);
  buf_printf(&b, "Of which, children under the exception age: %d\n", nUnder);
  buf_printf(&b, "With the month's oversight record: %d\n", nRecorded);
  buf_printf(&b, "With an open escalation: %d\n", nEsc);
  if (zBase && zBase[0]) {
    buf_puts(&b, "\nThe report:");
    link(&b, zBase, "/reports/exceptions?month=%s", zIso);
    buf_putc(&b, '\n');
  }
  buf_puts(&b, "\nIt is sent on the first working day of each month to the leadership list.\n");
  buf_puts(&b, zFooter);
  char *zSubject = xmprintf("Oversight: exceptions report for %s: %d in unregistered provision, %d under age",
                            zMonth, r->n, nUnder);
  char *zKey = xmprintf("exceptions-monthly:%s:%s", zIso, date_iso(asOf, zDay));
  add_each(out, "exceptions-monthly", azTo, nTo, zSubject, b.z, zKey);
  free(zKey);
  free(zSubject);
  buf_free(&b);
  unreg_exceptions_free(r);
  free_list(azTo, nTo);
  return db_failed(db) ? -1 : 0;
}

/* ---- LADO, private fostering, homes ------------------------------------------ */

int notices_lado(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  Person *aDo;
  int nDo = people_with_role(db, "lado", &aDo);
  if (nDo <= 0) return nDo < 0 || db_failed(db) ? -1 : 0;
  const Rule *r = rule("mail_lado_decision_notice");
  Date until = cal_add(asOf, r->amount, r->unit);
  LadoList l;
  if (lado_list(db, 1, asOf, &l) < 0) {
    /* A digest short of some cases would read as all the work there is. */
    people_free(aDo, nDo);
    return -1;
  }
  Buf dec = {0}, meet = {0};
  int nDec = 0, nMeet = 0;
  char zDay[24], zIso[11];
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    Date due;
    const char *zStep = lado_next_step(c, asOf, &due);
    if (!zStep || due == DATE_NONE) continue;
    if (strcmp(zStep, "decision") == 0 && due > asOf && due <= until) {
      if (nDec++ < NOTICE_LIST_MAX) {
        buf_printf(&dec, "- case %lld: decision due %s", (long long)c->id, date_long(due, zDay));
        link(&dec, zBase, "/lado/cases/%lld", (long long)c->id);
        buf_putc(&dec, '\n');
      }
    } else if (strstr(zStep, "meeting") && asOf > due) {
      if (nMeet++ < NOTICE_LIST_MAX) {
        buf_printf(&meet, "- case %lld: %s was due %s", (long long)c->id, zStep, date_long(due, zDay));
        link(&meet, zBase, "/lado/cases/%lld", (long long)c->id);
        buf_putc(&meet, '\n');
      }
    }
  }
  if (nDec + nMeet) {
    Buf b = {0};
    buf_printf(&b, "LADO work for %s %s.\n\n", azWeekday[date_weekday(asOf)], date_long(asOf, zDay));
    buf_printf(&b, "Decisions due by %s: %d\nMeetings overdue: %d\n", date_long(until, zDay), nDec, nMeet);
    if (nDec) buf_printf(&b, "\nDecisions due:\n%s", dec.z);
    if (nDec > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", nDec - NOTICE_LIST_MAX);
    if (nMeet) buf_printf(&b, "\nMeetings overdue:\n%s", meet.z);
    if (nMeet > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", nMeet - NOTICE_LIST_MAX);
    if (zBase && zBase[0]) {
      buf_puts(&b, "\nThe LADO dashboard:");
      link(&b, zBase, "/lado");
      buf_putc(&b, '\n');
    }
    buf_puts(&b, zFooter);
    char *zSubject = xmprintf("Oversight: LADO: %d decision%s due by %s, %d meeting%s overdue", nDec,
                              nDec == 1 ? "" : "s", date_long(until, zDay), nMeet, nMeet == 1 ? "" : "s");
    date_iso(asOf, zIso);
    for (int i = 0; i < nDo; i++) {
      char *zKey = xmprintf("lado:user:%lld:%s", (long long)aDo[i].id, zIso);
      add(out, "lado", aDo[i].zEmail, xstrdup(zSubject), xstrdup(b.z), zKey);
      free(zKey);
    }
    free(zSubject);
    buf_free(&b);
  }
  buf_free(&dec);
  buf_free(&meet);
  lado_list_free(&l);
  people_free(aDo, nDo);
  return db_failed(db) ? -1 : 0;
}

int notices_private_fostering(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  Person *aW;
  int nW = people_with_role(db, "pf-worker", &aW);
  if (nW < 0) return -1;
  char zDay[24], zIso[11];
  date_iso(asOf, zIso);
  for (int w = 0; w < nW; w++) {
    PfList l;
    if (pf_list(db, aW[w].zUser, &l) < 0) {
      /* A worker's digest short of some arrangements reads as all of them. */
      people_free(aW, nW);
      return -1;
    }
    Buf lines = {0};
    int nToday = 0, nOver = 0;
    for (int i = 0; i < l.n; i++) {
      Status st;
      Date due = pf_next_visit(&l.a[i], asOf, &st);
      if (due == DATE_NONE || due > asOf) continue;
      if (due == asOf) nToday++;
      else nOver++;
      if (nToday + nOver <= NOTICE_LIST_MAX) {
        buf_printf(&lines, "- arrangement %lld: visit %s %s", (long long)l.a[i].id,
                   due == asOf ? "due today," : "overdue, due", date_long(due, zDay));
        link(&lines, zBase, "/private-fostering/%lld", (long long)l.a[i].id);
        buf_putc(&lines, '\n');
      }
    }
    if (nToday + nOver) {
      Buf b = {0};
      buf_printf(&b, "Private fostering visits for %s %s.\n\n", azWeekday[date_weekday(asOf)], date_long(asOf, zDay));
      buf_printf(&b, "Visits overdue: %d\nVisits due today: %d\n\nBy arrangement number:\n%s", nOver, nToday, lines.z);
      if (nToday + nOver > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", nToday + nOver - NOTICE_LIST_MAX);
      buf_puts(&b, "\nYou are told as the worker allocated to these arrangements.\n");
      buf_puts(&b, zFooter);
      char *zSubject = xmprintf("Oversight: private fostering visits: %d overdue, %d due today", nOver, nToday);
      char *zKey = xmprintf("pf-visits:user:%lld:%s", (long long)aW[w].id, zIso);
      add(out, "pf-visits", aW[w].zEmail, zSubject, buf_take(&b), zKey);
      free(zKey);
    }
    buf_free(&lines);
    pf_list_free(&l);
  }
  people_free(aW, nW);
  return db_failed(db) ? -1 : 0;
}

int notices_homes(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  Person *aM;
  int nM = people_with_role(db, "residential-manager", &aM);
  if (nM <= 0) return nM < 0 || db_failed(db) ? -1 : 0;
  char zDay[24], zIso[11];
  Buf rep = {0}, act = {0};
  int nRep = 0, nAct = 0;
  int64_t *aId = NULL;
  int nHome = home_ids(db, &aId);
  HomeItemList items = {0};
  int failed = nHome < 0;
  for (int h = 0; h < nHome && !failed; h++) {
    HomeRecords hr;
    /* A listed home that does not load is a failed read: no digest short of it. */
    if (!home_load(db, aId[h], &hr)) {
      failed = 1;
      break;
    }
    home_items_free(&items);
    home_due(&hr, asOf, 0, &items);
    for (int i = 0; i < items.n; i++) {
      const HomeItem *it = &items.a[i];
      if (it->kind != HI_REG44_REPORT || it->done != DATE_NONE || it->due > asOf) continue;
      if (nRep++ < NOTICE_LIST_MAX) {
        buf_printf(&rep, "- home %lld: Regulation 44 report %s %s", (long long)aId[h],
                   it->due == asOf ? "due today," : "overdue, due", date_long(it->due, zDay));
        link(&rep, zBase, "/homes/%lld", (long long)aId[h]);
        buf_putc(&rep, '\n');
      }
    }
    home_clear(&hr);
  }
  home_items_free(&items);
  free(aId);
  QpagList q;
  if (failed || qpag_actions(db, asOf, &q) != DB_OK) {
    buf_free(&rep);
    people_free(aM, nM);
    return -1;
  }
  for (int i = 0; i < q.n; i++) {
    const QpagAction *a = &q.a[i];
    if ((a->done != DATE_NONE && a->done <= asOf) || a->due >= asOf) continue;
    if (nAct++ < NOTICE_LIST_MAX) {
      buf_printf(&act, "- action %lld: due %s\n", (long long)a->id, date_long(a->due, zDay));
    }
  }
  qpag_list_free(&q);
  if (nRep + nAct) {
    Buf b = {0};
    buf_printf(&b, "Children's homes for %s %s.\n\n", azWeekday[date_weekday(asOf)], date_long(asOf, zDay));
    buf_printf(&b, "Regulation 44 reports due or overdue: %d\nQPAG actions overdue: %d\n", nRep, nAct);
    if (nRep) buf_printf(&b, "\nRegulation 44 reports:\n%s", rep.z);
    if (nRep > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", nRep - NOTICE_LIST_MAX);
    if (nAct) buf_printf(&b, "\nQPAG actions, by number:\n%s", act.z);
    if (nAct > NOTICE_LIST_MAX) buf_printf(&b, "- and %d more\n", nAct - NOTICE_LIST_MAX);
    if (nAct && zBase && zBase[0]) {
      buf_puts(&b, "\nThe QPAG action tracker:");
      link(&b, zBase, "/homes/qpag/actions");
      buf_putc(&b, '\n');
    }
    buf_puts(&b, zFooter);
    char *zSubject = xmprintf("Oversight: homes: %d Regulation 44 report%s due, %d QPAG action%s overdue", nRep,
                              nRep == 1 ? "" : "s", nAct, nAct == 1 ? "" : "s");
    date_iso(asOf, zIso);
    for (int i = 0; i < nM; i++) {
      char *zKey = xmprintf("homes:user:%lld:%s", (long long)aM[i].id, zIso);
      add(out, "homes", aM[i].zEmail, xstrdup(zSubject), xstrdup(b.z), zKey);
      free(zKey);
    }
    free(zSubject);
    buf_free(&b);
  }
  buf_free(&rep);
  buf_free(&act);
  people_free(aM, nM);
  return db_failed(db) ? -1 : 0;
}

/* ---- The day ---------------------------------------------------------------- */

int notices_build_day(Db *db, Date asOf, const char *zBase, NoticeList *out) {
  memset(out, 0, sizeof *out);
  int soon;
  /* No daily messages at weekends, on bank holidays or closure days. */
  if (!digest_day(asOf, &soon)) return 0;
  int (*const aFn[])(Db *, Date, const char *, NoticeList *) = {
    notices_escalation_reminders, notices_escalation_overdue, notices_weekly_escalations,
    notices_monthly_exceptions, notices_lado, notices_private_fostering, notices_homes,
  };
  for (int i = 0; i < COUNT(aFn); i++) {
    if (aFn[i](db, asOf, zBase, out) != 0) return -1;
  }
  return 0;
}

int notices_queue(Db *db, Date asOf, const NoticeList *l, const char *zActor, char **pzErr) {
  char zDay[11];
  date_iso(asOf, zDay);
  int nNew = 0, rc = 0;
  if (db_begin(db) != DB_OK) {
    db_rollback(db);
    *pzErr = xmprintf("could not start: %s", db_errmsg(db));
    return -1;
  }
  for (int i = 0; i < l->n && rc == 0; i++) {
    const Notice *n = &l->a[i];
    int r = outbox_queue(db, n->zKind, n->zTo, n->zSubject, n->zBody, n->zKey, pzErr);
    if (r < 0) rc = -1;
    else nNew += r;
  }
  char *zAfter = xmprintf("%d email%s queued for %s (%d already queued)", nNew, nNew == 1 ? "" : "s", zDay,
                          l->n - nNew);
  rc = outbox_batch_end(db, rc, zActor, "mail.notices", zAfter, pzErr);
  free(zAfter);
  return rc == 0 ? nNew : -1;
}

int notices_queue_day(Db *db, Date asOf, const char *zActor, int *pnAll, char **pzErr) {
  char *zBase = setting_get(db, "mail.base_url", "");
  NoticeList l;
  int rc = notices_build_day(db, asOf, zBase, &l);
  if (pnAll) *pnAll = l.n;
  if (rc != 0) *pzErr = xmprintf("could not read what is due: %s", db_errmsg(db));
  else rc = notices_queue(db, asOf, &l, zActor, pzErr);
  notices_free(&l);
  free(zBase);
  return rc;
}
