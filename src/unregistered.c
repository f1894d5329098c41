/*
** unregistered.c: children placed in unregistered provision (SPEC §4):
** the records of what must follow a placement, the under-16 exception,
** the monthly exceptions report, and the oversight records' CSV.
**
** The clock itself is the deadline engine's (deadlines_unregistered());
** this file writes and reads the records it runs on.
*/
#include "unregistered.h"
#include "audit.h"
#include "deadlines.h"
#include "html.h"
#include "iros.h"
#include "reviews.h"
#include "rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Notes are free text a reader must be able to take in: long enough for
** what was seen and done, short enough to stay a note. */
#define MAX_NOTE 2000
#define MAX_BY 200

/* ---- Months ------------------------------------------------------------- */

int month_index(int year, int month) { return year * 12 + month - 1; }

void month_from_index(int idx, int *pYear, int *pMonth) {
  *pYear = idx / 12;
  *pMonth = idx % 12 + 1;
}

int month_of(Date d) {
  int y, m, dd;
  date_to_ymd(d, &y, &m, &dd);
  return month_index(y, m);
}

Date month_first_day(int idx) {
  int y, m;
  month_from_index(idx, &y, &m);
  return date_from_ymd(y, m, 1);
}

Date month_last_day(int idx) {
  int y, m;
  month_from_index(idx, &y, &m);
  return date_from_ymd(y, m, date_days_in_month(y, m));
}

int month_parse(const char *z, int *pIdx) {
  if (!z || strlen(z) != 7 || z[4] != '-') return -1;
  for (int i = 0; i < 7; i++) {
    if (i != 4 && (z[i] < '0' || z[i] > '9')) return -1;
  }
  int y = atoi(z), m = atoi(z + 5);
  /* The years the calendar parses dates in, so every month has its days. */
  if (y < 1900 || y > 2199 || m < 1 || m > 12) return -1;
  *pIdx = month_index(y, m);
  return 0;
}

char *month_iso(int idx, char out[8]) {
  int y, m;
  month_from_index(idx, &y, &m);
  /* Unsigned and bounded, so the compiler can see it fits in 8 bytes. */
  snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
  return out;
}

char *month_long(int idx, char out[24]) {
  static const char *const az[] = {"January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};
  int y, m;
  month_from_index(idx, &y, &m);
  snprintf(out, 24, "%s %u", az[(m - 1) % 12], (unsigned)y % 10000u);
  return out;
}

/* ---- Where the child is ------------------------------------------------- */

/* The spells known on asOf, in memory the caller frees. */
static UnregSpell *spells(const Child *c, Date asOf, int *pn) {
  int n = unreg_spells(c, asOf, NULL, 0);
  UnregSpell *a = xmalloc((size_t)(n ? n : 1) * sizeof *a);
  unreg_spells(c, asOf, a, n);
  *pn = n;
  return a;
}

int unreg_placed_on(const Child *c, Date on) {
  int n;
  UnregSpell *a = spells(c, on, &n);
  /* Known on that day and not ended by then: the day of the move belongs
  ** to the next placement, as the day an episode ends does. */
  int there = n > 0 && a[n - 1].end == DATE_NONE;
  free(a);
  return there;
}

int unreg_is_exception(const Child *c, Date on) {
  return unreg_placed_on(c, on) && on < rule_age_date(rule("unreg_exception_age"), c->dob);
}

/* The spell (as known on asOf) that day `on` falls in, the day of the move
** included (a visit that day still saw the child there), or NULL. */
static const UnregSpell *spell_at(const UnregSpell *a, int n, Date on) {
  for (int i = n - 1; i >= 0; i--) {
    if (a[i].start <= on && (a[i].end == DATE_NONE || on <= a[i].end)) return &a[i];
  }
  return NULL;
}

/* The episode of spell s that day `on` falls in. */
static int64_t episode_at(const Child *c, const UnregSpell *s, Date on) {
  int64_t id = c->ep[s->iFirst].id;
  for (int i = s->iFirst; i < s->iFirst + s->nEp; i++) {
    if (c->ep[i].start <= on) id = c->ep[i].id;
  }
  return id;
}

/* ---- Writing: the notification and the visit ------------------------------ */

int64_t unreg_event_add(Db *db, const Child *c, const char *zKind, Date on, const char *zBy,
                        const char *zNote, Date asOf, const char *zActor, Errors *err) {
  char z[24];
  int visit = zKind && strcmp(zKind, "iro-visit") == 0;
  int notified = zKind && strcmp(zKind, "qa-notified") == 0;
  if (!visit && !notified) {
    errors_add(err, "kind", "Select what happened: qa-notified (the QA managers were told of the"
                            " placement) or iro-visit (the IRO visited the child)");
  }
  int n;
  UnregSpell *a = spells(c, asOf, &n);
  const UnregSpell *s = NULL;
  if (on == DATE_NONE) {
    errors_add(err, "on_date", "Enter the date %s",
               visit ? "of the IRO's visit" : "the QA managers were notified");
  } else if (on > asOf) {
    errors_add(err, "on_date", "The date of %s must be today or in the past",
               visit ? "the IRO's visit" : "the notification");
  } else if (on < c->dob) {
    errors_add(err, "on_date", "The date cannot be before the child's date of birth (%s)",
               date_long(c->dob, z));
  } else if (visit && !(s = spell_at(a, n, on))) {
    errors_add(err, "on_date", "%s %s was not in unregistered provision on %s: record the visit as"
               " an IRO contact instead, or check the child's episodes", c->zGiven, c->zFamily,
               date_long(on, z));
  } else if (notified) {
    /* Told while the child is there, or ahead of a placement already
    ** recorded: link it. Ahead of one not yet recorded: the date decides
    ** which placement it was for (deadlines.c). */
    s = spell_at(a, n, on);
    for (int i = 0; i < n && !s; i++) {
      if (a[i].start > on) s = &a[i];
    }
  }
  if (zBy && strlen(zBy) > MAX_BY) {
    errors_add(err, "by_whom", "Who it was must be %d characters or fewer", MAX_BY);
  }
  if (zNote && strlen(zNote) > MAX_NOTE) {
    errors_add(err, "note", "The note must be %d characters or fewer", MAX_NOTE);
  }
  int64_t episodeId = s ? episode_at(c, s, on < s->start ? s->start : on) : 0;
  free(a);
  if (err->n) return 0;

  char zOn[11], zRec[40];
  date_iso(on, zOn);
  snprintf(zRec, sizeof zRec, "child:%s", c->zRef);
  char *zAfter = xmprintf("%s %s%s%s", zKind, zOn, zBy && *zBy ? " by " : "", zBy ? zBy : "");
  int64_t id = 0;
  db_begin(db);
  Stmt *st = db_query(db, "INSERT INTO unreg_event(child_id, episode_id, kind, on_date, by_whom, note)"
                          " VALUES(?, ?, ?, ?, ?, ?) RETURNING id", "Irssss", c->id, episodeId,
                      zKind, zOn, zBy && *zBy ? zBy : NULL, zNote && *zNote ? zNote : NULL);
  int rc = db_step(st) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) id = db_col_int(st, 0);
  db_finalize(st);
  if (rc == DB_OK) rc = audit_write(db, zActor, "unreg-event.add", zRec, NULL, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    if (db_err_is_constraint(db)) {
      errors_add(err, "on_date", "%s on %s is already recorded for this child",
                 visit ? "An IRO visit" : "A QA notification", date_long(on, z));
    } else {
      errors_add(err, "on_date", "Could not save it: %s", db_errmsg(db));
    }
    id = 0;
  }
  free(zAfter);
  return id;
}

/* ---- Writing: the monthly oversight record ------------------------------- */

const char *const azCheckField[N_CHECKS] = {"check_a", "check_b", "check_c", "check_d"};
const char *const azNoteField[N_CHECKS] = {"note_a", "note_b", "note_c", "note_d"};
const char *const azCheckQuestion[N_CHECKS] = {
  "the social worker visits the child weekly",
  "the child is seen alone",
  "the child is seen away from the placement",
  "there is management oversight (service manager and head of locality)",
};

/* The first day in month m that c was in unregistered provision (as known
** on asOf), or DATE_NONE if they were not there that month. */
static Date first_day_there(const Child *c, int m, Date asOf) {
  Date first = month_first_day(m), last = month_last_day(m);
  int n;
  UnregSpell *a = spells(c, asOf, &n);
  Date found = DATE_NONE;
  for (int i = 0; i < n && found == DATE_NONE; i++) {
    if (a[i].start <= last && (a[i].end == DATE_NONE || a[i].end > first)) {
      found = a[i].start > first ? a[i].start : first;
    }
  }
  free(a);
  return found;
}

void oversight_record_validate(const Child *c, const OversightInput *in, Date asOf, Errors *err) {
  char z[24], zM[24];
  int m = -1;
  Date firstThere = DATE_NONE;
  if (!in->zMonth || !*in->zMonth) {
    errors_add(err, "month", "Enter the month the record is for, like 2026-02");
  } else if (month_parse(in->zMonth, &m) != 0) {
    errors_add(err, "month", "The month must be a real month written YYYY-MM, like 2026-02");
    m = -1;
  } else if (m > month_of(asOf)) {
    errors_add(err, "month", "The month must be this month or an earlier one");
    m = -1;
  } else if ((firstThere = first_day_there(c, m, asOf)) == DATE_NONE) {
    errors_add(err, "month", "%s %s was not in unregistered provision in %s: check the month, or"
               " the child's episodes", c->zGiven, c->zFamily, month_long(m, zM));
  }
  if (in->recorded == DATE_NONE) {
    errors_add(err, "recorded_on", "Enter the date the record was made");
  } else if (in->recorded > asOf) {
    errors_add(err, "recorded_on", "The date the record was made must be today or in the past");
  } else if (firstThere != DATE_NONE && in->recorded < firstThere) {
    errors_add(err, "recorded_on", "The record for %s cannot be made before %s, the child's first"
               " day there that month", month_long(m, zM), date_long(firstThere, z));
  }
  for (int i = 0; i < N_CHECKS; i++) {
    if (in->check[i] != 0 && in->check[i] != 1) {
      errors_add(err, azCheckField[i], "Say whether %s (check %c): yes or no", azCheckQuestion[i],
                 'a' + i);
    }
    if (in->azNote[i] && strlen(in->azNote[i]) > MAX_NOTE) {
      errors_add(err, azNoteField[i], "The note for check %c must be %d characters or fewer",
                 'a' + i, MAX_NOTE);
    }
  }
}

/* The record in one line, for the audit log's before and after. */
static char *oversight_describe(const char *zMonth, Date recorded, int64_t iroId, const int *aCheck,
                                const char *const *azNote) {
  char zOn[11];
  Buf b = {0};
  buf_printf(&b, "month %s recorded %s iro %lld", zMonth, date_iso(recorded, zOn), (long long)iroId);
  for (int i = 0; i < N_CHECKS; i++) {
    buf_printf(&b, " %c %s", 'a' + i, aCheck[i] ? "yes" : "no");
    if (azNote[i] && *azNote[i]) buf_printf(&b, " (%s)", azNote[i]);
  }
  return buf_take(&b);
}

static const char *nonempty(const char *z) { return z && *z ? z : NULL; }

int64_t oversight_record_save(Db *db, const Child *c, const OversightInput *in, Date asOf,
                              const char *zActor, Errors *err) {
  oversight_record_validate(c, in, asOf, err);
  if (err->n) return 0;
  char zM[24], zRec[40];
  int m = 0;
  month_parse(in->zMonth, &m);
  snprintf(zRec, sizeof zRec, "child:%s", c->zRef);

  char *zBefore = NULL;
  if (in->id) {
    Stmt *s = db_query(db, "SELECT month, recorded_on, iro_id, check_a, check_b, check_c, check_d,"
                           " note_a, note_b, note_c, note_d FROM oversight_record"
                           " WHERE id=? AND child_id=?", "II", in->id, c->id);
    if (db_step(s) == DB_ROW) {
      int aCheck[N_CHECKS];
      const char *azNote[N_CHECKS];
      for (int i = 0; i < N_CHECKS; i++) {
        aCheck[i] = (int)db_col_int(s, 3 + i);
        azNote[i] = db_col_text(s, 7 + i);
      }
      zBefore = oversight_describe(db_col_text(s, 0), db_col_date(s, 1), db_col_int(s, 2), aCheck,
                                   azNote);
    }
    db_finalize(s);
    if (!zBefore) {
      errors_add(err, "month", "That oversight record does not belong to this child");
      return 0;
    }
  } else if (db_int(db, 0, "SELECT id FROM oversight_record WHERE child_id=? AND month=?", "Is",
                    c->id, in->zMonth)) {
    errors_add(err, "month", "An oversight record for %s is already recorded for this child:"
               " correct that one instead", month_long(m, zM));
    return 0;
  }
  char *zAfter = oversight_describe(in->zMonth, in->recorded, in->iroId, in->check, in->azNote);

  int64_t id = in->id;
  int rc;
  db_begin(db);
  if (in->id) {
    rc = db_exec(db, "UPDATE oversight_record SET month=?, recorded_on=?, iro_id=?, check_a=?,"
                     " check_b=?, check_c=?, check_d=?, note_a=?, note_b=?, note_c=?, note_d=?"
                     " WHERE id=? AND child_id=?", "sDriiiissssII", in->zMonth, (int)in->recorded,
                 in->iroId, in->check[0], in->check[1], in->check[2], in->check[3],
                 nonempty(in->azNote[0]), nonempty(in->azNote[1]), nonempty(in->azNote[2]),
                 nonempty(in->azNote[3]), in->id, c->id);
  } else {
    Stmt *s = db_query(db, "INSERT INTO oversight_record(child_id, month, recorded_on, iro_id,"
                           " check_a, check_b, check_c, check_d, note_a, note_b, note_c, note_d)"
                           " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       "IsDriiiissss", c->id, in->zMonth, (int)in->recorded, in->iroId,
                       in->check[0], in->check[1], in->check[2], in->check[3],
                       nonempty(in->azNote[0]), nonempty(in->azNote[1]), nonempty(in->azNote[2]),
                       nonempty(in->azNote[3]));
    rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
    if (rc == DB_OK) id = db_col_int(s, 0);
    db_finalize(s);
  }
  if (rc == DB_OK) {
    rc = audit_write(db, zActor, in->id ? "oversight-record.correct" : "oversight-record.add", zRec,
                     zBefore, zAfter, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    if (db_err_is_constraint(db)) {
      errors_add(err, "month", "An oversight record for %s is already recorded for this child:"
                 " correct that one instead", month_long(m, zM));
    } else {
      errors_add(err, "month", "Could not save the oversight record: %s", db_errmsg(db));
    }
    id = 0;
  }
  free(zBefore);
  free(zAfter);
  return id;
}

/* ---- The monthly exceptions report ---------------------------------------- */

/* The children a report's rows point into. */
typedef struct ReportOwn {
  ChildSet **apCs;
  int n;
} ReportOwn;

static int row_cmp(const void *pa, const void *pb) {
  const ExceptionRow *a = pa, *b = pb;
  if (a->under != b->under) return b->under - a->under;
  int k = strcmp(a->c->zRef, b->c->zRef);
  if (k) return k;
  return a->spell.start < b->spell.start ? -1 : a->spell.start > b->spell.start;
}

/* The month's oversight record of child c, made by today, into row x. */
static void load_month_record(Db *db, const Child *c, int month, Date today, ExceptionRow *x) {
  char zM[8];
  Stmt *s = db_query(db, "SELECT o.recorded_on, o.check_a, o.check_b, o.check_c, o.check_d,"
                         " o.note_a, o.note_b, o.note_c, o.note_d, i.name FROM oversight_record o"
                         " LEFT JOIN iro i ON i.id = o.iro_id WHERE o.child_id=? AND o.month=?"
                         " AND o.recorded_on <= ?", "IsD", c->id, month_iso(month, zM), (int)today);
  if (db_step(s) == DB_ROW) {
    x->hasRecord = 1;
    x->recorded = db_col_date(s, 0);
    for (int i = 0; i < N_CHECKS; i++) {
      x->check[i] = (int)db_col_int(s, 1 + i);
      x->azNote[i] = xstrdup(db_col_text(s, 5 + i));
    }
    x->zIro = xstrdup(db_col_text(s, 9));
  } else {
    x->recorded = DATE_NONE;
    for (int i = 0; i < N_CHECKS; i++) {
      x->check[i] = -1;
      x->azNote[i] = xstrdup("");
    }
    x->zIro = xstrdup("");
  }
  db_finalize(s);
}

ExceptionReport *unreg_exceptions(Db *db, int month, Date today) {
  ExceptionReport *r = xcalloc(1, sizeof *r);
  ReportOwn *own = xcalloc(1, sizeof *own);
  r->pOwn = own;
  r->month = month;
  Date first = month_first_day(month), last = month_last_day(month);
  /* A month still running is reported as far as today. */
  Date asOf = last < today ? last : today;
  r->asOf = asOf;
  if (asOf < first) return r;
  const Rule *rAge = rule("unreg_exception_age"), *rVisit = rule("unreg_iro_visit");

  /* Only the few children with an unregistered episode in the month are
  ** loaded, each with the loader every page uses. */
  Stmt *s = db_query(db, "SELECT DISTINCT c.child_ref FROM child c JOIN episode e ON e.child_id = c.id"
                         " WHERE e.registration = 'unregistered' AND e.start_date <= ?"
                         " AND (e.end_date IS NULL OR e.end_date > ?) ORDER BY c.child_ref",
                     "DD", (int)asOf, (int)first);
  char **azRef = NULL;
  int nRef = 0, step;
  while ((step = db_step(s)) == DB_ROW) {
    azRef = xrealloc(azRef, (size_t)(nRef + 1) * sizeof *azRef);
    azRef[nRef++] = xstrdup(db_col_text(s, 0));
  }
  db_finalize(s);
  if (step != DB_DONE) r->readError = 1;
  own->apCs = xcalloc((size_t)(nRef ? nRef : 1), sizeof *own->apCs);

  int cap = 0;
  for (int k = 0; k < nRef; k++) {
    ChildFilter f = {.zRef = azRef[k]};
    ChildSet *cs = own->apCs[own->n] = childset_load(db, &f);
    own->n++;
    free(azRef[k]);
    if (cs->readError) r->readError = 1;
    if (cs->n != 1) continue;
    const Child *c = &cs->a[0];
    int nSpell;
    UnregSpell *aSpell = spells(c, asOf, &nSpell);
    for (int i = 0; i < nSpell; i++) {
      const UnregSpell *sp = &aSpell[i];
      if (sp->start > asOf || (sp->end != DATE_NONE && sp->end <= first)) continue;
      if (r->n == cap) r->a = xrealloc(r->a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *r->a);
      ExceptionRow *x = &r->a[r->n++];
      memset(x, 0, sizeof *x);
      x->c = c;
      x->spell = *sp;
      x->left = sp->end;
      /* Age on the last day there: the day before the move, or the
      ** month's end (today, while it runs). */
      x->ageOn = sp->end != DATE_NONE ? (sp->end > sp->start ? sp->end - 1 : sp->start) : asOf;
      x->age = date_age(c->dob, x->ageOn);
      Date firstThere = sp->start > first ? sp->start : first;
      x->under = firstThere < rule_age_date(rAge, c->dob);
      const Episode *e = &c->ep[sp->iFirst + sp->nEp - 1];
      snprintf(x->zPlacement, sizeof x->zPlacement, "%s", e->placement);
      snprintf(x->zProvider, sizeof x->zProvider, "%s", e->provider);
      Stmt *q = db_query(db, "SELECT provider_name FROM episode WHERE id=?", "I", e->id);
      x->zProviderName = xstrdup(db_step(q) == DB_ROW ? db_col_text(q, 0) : "");
      db_finalize(q);
      x->notified = unreg_notified_on(c, &c->unreg, aSpell, i, asOf);
      x->visitDue = rule_due(rVisit, sp->start);
      x->visit = unreg_visit_on(c, &c->unreg, sp, asOf);
      Date upTo = sp->end == DATE_NONE ? asOf : sp->end;
      x->aReview = xmalloc((size_t)(c->nRv ? c->nRv : 1) * sizeof *x->aReview);
      for (int j = 0; j < c->nRv; j++) {
        if (c->rv[j].held >= sp->start && c->rv[j].held <= upTo) x->aReview[x->nReview++] = c->rv[j].held;
      }
      Period p;
      x->nextReview = child_in_care(c, asOf, &p) ? review_next_due(c, &p, asOf, NULL) : DATE_NONE;
      /* The month's own record is written at or after its end: read it
      ** whenever it was made. */
      load_month_record(db, c, month, today, x);
      /* Escalations (SPEC §5) about the child open on the report's day. */
      x->openEscalations = (int)db_int(db, 0,
          "SELECT count(*) FROM escalation e JOIN escalation_child ec ON ec.escalation_id = e.id"
          " WHERE ec.child_id = ? AND e.raised_on <= ? AND (e.closed_on IS NULL OR e.closed_on > ?)",
          "IDD", c->id, (int)asOf, (int)asOf);
    }
    free(aSpell);
  }
  free(azRef);
  if (r->n > 1) qsort(r->a, (size_t)r->n, sizeof *r->a, row_cmp);
  return r;
}

void unreg_exceptions_free(ExceptionReport *r) {
  if (!r) return;
  for (int i = 0; i < r->n; i++) {
    ExceptionRow *x = &r->a[i];
    free(x->zProviderName);
    free(x->aReview);
    free(x->zIro);
    for (int k = 0; k < N_CHECKS; k++) free(x->azNote[k]);
  }
  free(r->a);
  ReportOwn *own = r->pOwn;
  for (int i = 0; i < own->n; i++) {
    childset_free(own->apCs[i]);
  }
  free(own->apCs);
  free(own);
  free(r);
}

static const char *yes_no(int v) { return v < 0 ? "missing" : v ? "yes" : "no"; }

/* The columns, in order: docs/oversight-records-csv.md describes each. */
static const char *const azReportColumn[] = {
  "child_id", "child_name", "age", "age_exception", "placement_type", "provider", "provider_name",
  "date_placed", "date_left", "qa_notified_on", "iro_visit_due", "iro_visit_on", "reviews_held",
  "next_review_due", "oversight_recorded_on",
  "check_a_social_worker_visits_weekly", "note_a", "check_b_seen_alone", "note_b",
  "check_c_seen_away_from_placement", "note_c", "check_d_management_oversight", "note_d",
  "oversight_recorded_by", "open_escalations",
};

void unreg_exceptions_csv(const ExceptionReport *r, Buf *out) {
  for (int i = 0; i < COUNT(azReportColumn); i++) {
    buf_printf(out, "%s%s", i ? "," : "", azReportColumn[i]);
  }
  buf_puts(out, "\r\n");
  for (int i = 0; i < r->n; i++) {
    const ExceptionRow *x = &r->a[i];
    char z[11], zName[256];
    snprintf(zName, sizeof zName, "%s %s", x->c->zGiven, x->c->zFamily);
    buf_csv(out, x->c->zRef); buf_putc(out, ',');
    buf_csv(out, zName);
    buf_printf(out, ",%d,%s,", x->age, x->under ? "yes" : "no");
    buf_csv(out, x->zPlacement); buf_putc(out, ',');
    buf_csv(out, x->zProvider); buf_putc(out, ',');
    buf_csv(out, x->zProviderName);
    buf_printf(out, ",%s", date_iso(x->spell.start, z));
    buf_printf(out, ",%s", date_iso(x->left, z));
    buf_printf(out, ",%s", date_iso(x->notified, z));
    buf_printf(out, ",%s", date_iso(x->visitDue, z));
    buf_printf(out, ",%s,", date_iso(x->visit, z));
    for (int k = 0; k < x->nReview; k++) buf_printf(out, "%s%s", k ? "; " : "", date_iso(x->aReview[k], z));
    buf_printf(out, ",%s", date_iso(x->nextReview, z));
    buf_printf(out, ",%s", x->hasRecord ? date_iso(x->recorded, z) : "missing");
    for (int k = 0; k < N_CHECKS; k++) {
      buf_printf(out, ",%s,", yes_no(x->check[k]));
      buf_csv(out, x->azNote[k]);
    }
    buf_putc(out, ',');
    buf_csv(out, x->zIro);
    buf_printf(out, ",%d\r\n", x->openEscalations);
  }
}

/* Print-friendly and self-contained: the page is saved and sent on by
** e-mail, so it carries its own style and loads nothing. */
static const char zReportStyle[] =
  "body{font-family:Arial,sans-serif;margin:1.5em;color:#0b0c0c}"
  "table{border-collapse:collapse;font-size:0.85em}"
  "th,td{border:1px solid #b1b4b6;padding:0.3em 0.4em;text-align:left;vertical-align:top}"
  "th{background:#f3f2f1}"
  "tr.exception td{background:#fce8e6}"
  ".missing,.no{color:#d4351c;font-weight:bold}"
  ".note{display:block;font-weight:normal;color:#0b0c0c}"
  "@media print{body{margin:0}}";

static void html_date(Buf *b, Date d, const char *zNone) {
  if (d == DATE_NONE) html_printf(b, "%h", zNone);
  else html_printf(b, "%D", (int)d);
}

void unreg_exceptions_html(const ExceptionReport *r, Buf *out) {
  char zM[24];
  month_long(r->month, zM);
  int nUnder = 0;
  for (int i = 0; i < r->n; i++) nUnder += r->a[i].under;
  int age = rule("unreg_exception_age")->amount;
  html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_printf(out, "<title>Children in unregistered provision: %h</title>\n", zM);
  html_raw(out, "<style>");
  html_raw(out, zReportStyle);
  html_raw(out, "</style>\n</head>\n<body>\n");
  html_printf(out, "<h1>Children in unregistered provision: %h</h1>\n", zM);
  html_printf(out, "<p>Monthly exceptions report for the QA service manager. A child under %d in"
                   " unregistered provision is always an exception. Dates as known on %D.</p>\n",
              age, (int)r->asOf);
  if (r->n == 0) {
    html_printf(out, "<p>No children were in unregistered provision in %h.</p>\n</body>\n</html>\n", zM);
    return;
  }
  html_printf(out, "<p>%d placement%h in unregistered provision; %d of a child under %d.</p>\n",
              r->n, r->n == 1 ? "" : "s", nUnder, age);
  html_raw(out, "<table>\n<thead><tr><th scope=\"col\">Child</th><th scope=\"col\">Age</th>"
                "<th scope=\"col\">Placement</th><th scope=\"col\">Placed</th><th scope=\"col\">Left</th>"
                "<th scope=\"col\">QA managers notified</th><th scope=\"col\">IRO visit</th>"
                "<th scope=\"col\">Reviews held there</th><th scope=\"col\">Next review due</th>"
                "<th scope=\"col\">Oversight record</th>");
  for (int k = 0; k < N_CHECKS; k++) {
    static const char *const azLetter[N_CHECKS] = {"a", "b", "c", "d"};
    html_printf(out, "<th scope=\"col\">(%h) %h</th>", azLetter[k], azCheckQuestion[k]);
  }
  html_raw(out, "<th scope=\"col\">Open escalations</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < r->n; i++) {
    const ExceptionRow *x = &r->a[i];
    /* The class marks an exception for the eye; the text says it too. */
    html_raw(out, x->under ? "<tr class=\"exception\"><td>" : "<tr><td>");
    html_printf(out, "%h %h<br>ID %h", x->c->zGiven, x->c->zFamily, x->c->zRef);
    if (x->under) html_printf(out, "<br><strong>Exception: under %d</strong>", age);
    html_printf(out, "</td><td>%d</td><td>%h", x->age, x->zPlacement);
    if (x->zProvider[0]) html_printf(out, " %h", x->zProvider);
    if (x->zProviderName[0]) html_printf(out, "<br>%h", x->zProviderName);
    html_raw(out, "</td><td>");
    html_date(out, x->spell.start, "");
    html_raw(out, "</td><td>");
    html_date(out, x->left, "");
    html_raw(out, "</td><td>");
    if (x->notified == DATE_NONE) html_raw(out, "<span class=\"missing\">Not recorded</span>");
    else html_date(out, x->notified, "");
    html_raw(out, "</td><td>");
    if (x->visit != DATE_NONE) html_date(out, x->visit, "");
    else if (x->visitDue < r->asOf) html_raw(out, "<span class=\"missing\">None</span>");
    else html_raw(out, "None yet");
    html_printf(out, "<br>due %D</td><td>", (int)x->visitDue);
    for (int k = 0; k < x->nReview; k++) html_printf(out, "%h%D", k ? ", " : "", (int)x->aReview[k]);
    if (!x->nReview) html_raw(out, "None");
    html_raw(out, "</td><td>");
    html_date(out, x->nextReview, "Not in care");
    html_raw(out, "</td><td>");
    if (x->hasRecord) {
      html_date(out, x->recorded, "");
      if (x->zIro[0]) html_printf(out, "<br>by %h", x->zIro);
    } else {
      html_raw(out, "<span class=\"missing\">Missing</span>");
    }
    html_raw(out, "</td>");
    for (int k = 0; k < N_CHECKS; k++) {
      static const char *const azWord[] = {"Missing", "No", "Yes"};
      static const char *const azClass[] = {"missing", "no", "yes"};
      int v = x->check[k] + 1;
      html_printf(out, "<td><span class=\"%h\">%h</span>", azClass[v], azWord[v]);
      if (x->azNote[k][0]) html_printf(out, "<span class=\"note\">%h</span>", x->azNote[k]);
      html_raw(out, "</td>");
    }
    html_printf(out, "<td>%d</td></tr>\n", x->openEscalations);
  }
  html_raw(out, "</tbody>\n</table>\n</body>\n</html>\n");
}

int unreg_exceptions_audit(Db *db, const ExceptionReport *r, const char *zActor) {
  if (r->n == 0) return DB_OK;
  char zM[24], zRec[40];
  char *zWhat = xmprintf("unregistered provision exceptions report, %s", month_long(r->month, zM));
  db_begin(db);
  int rc = DB_OK;
  for (int i = 0; i < r->n && rc == DB_OK; i++) {
    /* A child with two spells in the month is one row each, one view. */
    int seen = 0;
    for (int j = 0; j < i && !seen; j++) seen = r->a[j].c == r->a[i].c;
    if (seen) continue;
    snprintf(zRec, sizeof zRec, "child:%s", r->a[i].c->zRef);
    rc = audit_write(db, zActor, "report.view", zRec, NULL, zWhat, NULL);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zWhat);
  return rc;
}

/* ---- CSV ------------------------------------------------------------------ */

/* A CSV file read whole: RFC 4180 (quoted values may hold commas, quotes
** written twice, and line breaks), with or without a UTF-8 byte order mark
** and with CRLF or LF line ends, as spreadsheets save it. Rows are
** numbered as a spreadsheet shows them: the header is row 1. */
typedef struct CsvRow { int row, n; char **az; } CsvRow;
typedef struct Csv { CsvRow *a; int n; } Csv;

static void csv_free(Csv *t) {
  for (int i = 0; i < t->n; i++) {
    for (int k = 0; k < t->a[i].n; k++) free(t->a[i].az[k]);
    free(t->a[i].az);
  }
  free(t->a);
  t->a = NULL;
  t->n = 0;
}

/* Parse z[0..n) into *t. Each malformed row is one line in *pErr; returns
** how many. An unclosed quote swallows the rest of the file, so parsing
** stops there. */
static int csv_parse(const char *z, size_t n, Csv *t, Buf *pErr) {
  const char *p = z, *end = z + n;
  int nErr = 0, row = 1;
  memset(t, 0, sizeof *t);
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  while (p < end) {
    CsvRow r = {row, 0, NULL};
    int bad = 0;
    for (;;) {
      Buf f = {0};
      if (*p == '"') {
        int closed = 0;
        for (p++; p < end; p++) {
          if (*p == '"') {
            if (p + 1 < end && p[1] == '"') {
              buf_putc(&f, '"');
              p++;
              continue;
            }
            p++;
            closed = 1;
            break;
          }
          /* A line break inside a value is kept as LF, however saved. */
          if (*p == '\r' && p + 1 < end && p[1] == '\n') continue;
          buf_putc(&f, *p);
        }
        if (!closed) {
          buf_printf(pErr, "row %d: a quoted value is not closed (a \" is missing)\n", row);
          buf_free(&f);
          for (int k = 0; k < r.n; k++) free(r.az[k]);
          free(r.az);
          return nErr + 1;
        }
        if (p < end && *p != ',' && *p != '\r' && *p != '\n') {
          if (!bad++) {
            buf_printf(pErr, "row %d: after a closing quote there must be a comma or the end of"
                             " the line\n", row);
          }
          while (p < end && *p != ',' && *p != '\r' && *p != '\n') p++;
        }
      } else {
        for (; p < end && *p != ',' && *p != '\r' && *p != '\n'; p++) {
          if (*p == '"' && !bad++) {
            buf_printf(pErr, "row %d: a value with a \" in it must be in quotes, with the \""
                             " written twice\n", row);
          }
          buf_putc(&f, *p);
        }
      }
      r.az = xrealloc(r.az, (size_t)(r.n + 1) * sizeof *r.az);
      r.az[r.n] = buf_take(&f);
      csv_unguard(r.az[r.n++]);   /* as csv_read() does: see util.h */
      if (p < end && *p == ',') {
        p++;
        continue;
      }
      if (p < end && *p == '\r') p++;
      if (p < end && *p == '\n') p++;
      break;
    }
    nErr += bad != 0;
    t->a = xrealloc(t->a, (size_t)(t->n + 1) * sizeof *t->a);
    t->a[t->n++] = r;
    row++;
  }
  return nErr;
}

/* A row of nothing but empty values: a blank line, or one a spreadsheet
** left behind. */
static int csv_row_blank(const CsvRow *r) {
  for (int i = 0; i < r->n; i++) {
    if (r->az[i][0]) return 0;
  }
  return 1;
}

static int utf8_valid(const char *z) {
  const unsigned char *p = (const unsigned char *)z;
  while (*p) {
    int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
    if (n < 0 || (n == 1 && *p < 0xc2)) return 0;
    p++;
    for (int i = 0; i < n; i++, p++) {
      if ((*p & 0xc0) != 0x80) return 0;
    }
  }
  return 1;
}

/* ---- Export and import of oversight records --------------------------------- */

/* The same columns both ways (docs/oversight-records-csv.md). */
enum { OC_CHILD, OC_MONTH, OC_RECORDED, OC_IRO, OC_CHECK_A, OC_NOTE_A, OC_CHECK_B, OC_NOTE_B,
       OC_CHECK_C, OC_NOTE_C, OC_CHECK_D, OC_NOTE_D, OC_N };
static const char *const azRecordColumn[OC_N] = {
  "child_id", "month", "recorded_on", "iro", "check_a", "note_a", "check_b", "note_b",
  "check_c", "note_c", "check_d", "note_d",
};
/* A file may leave out who recorded it and the notes; never a fact. */
static const unsigned char aRequired[OC_N] = {1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};

int export_oversight_records(Db *db, FILE *out, const char *zActor) {
  Buf b = {0};
  for (int i = 0; i < OC_N; i++) buf_printf(&b, "%s%s", i ? "," : "", azRecordColumn[i]);
  buf_puts(&b, "\r\n");
  char **azRef = NULL;
  int nRef = 0, nRow = 0;
  Stmt *s = db_prepare(db,
      "SELECT c.child_ref, o.month, o.recorded_on, i.name, o.check_a, o.note_a, o.check_b,"
      " o.note_b, o.check_c, o.note_c, o.check_d, o.note_d FROM oversight_record o"
      " JOIN child c ON c.id = o.child_id LEFT JOIN iro i ON i.id = o.iro_id"
      " ORDER BY c.child_ref, o.month");
  int step;
  while ((step = db_step(s)) == DB_ROW) {
    const char *zRef = db_col_text(s, 0);
    if (!nRef || strcmp(azRef[nRef - 1], zRef) != 0) {
      azRef = xrealloc(azRef, (size_t)(nRef + 1) * sizeof *azRef);
      azRef[nRef++] = xstrdup(zRef);
    }
    for (int i = 0; i < OC_N; i++) {
      if (i) buf_putc(&b, ',');
      if (i >= OC_CHECK_A && (i - OC_CHECK_A) % 2 == 0) buf_puts(&b, db_col_int(s, i) ? "yes" : "no");
      else buf_csv(&b, db_col_text(s, i));
    }
    buf_puts(&b, "\r\n");
    nRow++;
  }
  db_finalize(s);
  /* Records leave the system only with their audit entries written; a
  ** read that failed part way sends nothing. */
  int rc = step == DB_DONE ? DB_OK : DB_ERROR;
  if (nRef && rc == DB_OK) {
    char zRec[40];
    db_begin(db);
    for (int i = 0; i < nRef && rc == DB_OK; i++) {
      snprintf(zRec, sizeof zRec, "child:%s", azRef[i]);
      rc = audit_write(db, zActor, "oversight-records.export", zRec, NULL, NULL, NULL);
    }
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
  }
  for (int i = 0; i < nRef; i++) free(azRef[i]);
  free(azRef);
  if (rc == DB_OK) fwrite(b.z, 1, b.n, out);
  buf_free(&b);
  return rc == DB_OK ? nRow : -1;
}

/* Read a whole file (a CSV of records is small; refuse one that is not). */
static char *read_file(const char *zPath, size_t *pn, Buf *pReport) {
  enum { MAX_FILE = 64 << 20 };
  FILE *f = fopen(zPath, "rb");
  if (!f) {
    buf_printf(pReport, "Cannot open %s: %s\n", zPath, strerror(errno));
    return NULL;
  }
  Buf b = {0};
  char a[65536];
  size_t n;
  while ((n = fread(a, 1, sizeof a, f)) > 0 && b.n <= MAX_FILE) buf_append(&b, a, n);
  int failed = ferror(f);
  fclose(f);
  if (failed || b.n > MAX_FILE) {
    buf_printf(pReport, failed ? "Cannot read %s\n" : "%s is larger than 64 MB: split it\n", zPath);
    buf_free(&b);
    return NULL;
  }
  *pn = b.n;
  return b.z ? buf_take(&b) : xstrdup("");
}

typedef struct Loaded { char *zRef; ChildSet *cs; } Loaded;

/* The child with ID zRef, loaded once however many rows name them; NULL
** if there is none, or if they could not be read (*pReadError set: then
** "no such child" would be untrue). */
static const Child *import_child(Db *db, Loaded **pa, int *pn, const char *zRef, int *pReadError) {
  for (int i = 0; i < *pn; i++) {
    if (strcmp((*pa)[i].zRef, zRef) != 0) continue;
    if ((*pa)[i].cs->readError) *pReadError = 1;
    return (*pa)[i].cs->n == 1 ? &(*pa)[i].cs->a[0] : NULL;
  }
  ChildFilter f = {.zRef = zRef};
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  (*pa)[*pn] = (Loaded){xstrdup(zRef), childset_load(db, &f)};
  ChildSet *cs = (*pa)[(*pn)++].cs;
  if (cs->readError) *pReadError = 1;
  return cs->n == 1 ? &cs->a[0] : NULL;
}

typedef struct ImportRow {
  int row, month;
  const Child *c;
  OversightInput in;
  int unchanged;
} ImportRow;

static int same_note(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

int import_oversight_records(Db *db, const char *zPath, Date asOf, const char *zActor,
                             Buf *pReport) {
  size_t nFile;
  char *zFile = read_file(zPath, &nFile, pReport);
  if (!zFile) return -1;
  Buf errs = {0};
  int nErr = 0;
  Csv t;
  if (memchr(zFile, 0, nFile)) {
    buf_printf(&errs, "the file has NUL bytes in it: it is not a CSV text file\n");
    nErr = 1;
    memset(&t, 0, sizeof t);
  } else {
    nErr = csv_parse(zFile, nFile, &t, &errs);
  }
  free(zFile);

  /* The header: every column known, each once, the required ones there.
  ** nErr counts rows with errors; the header's are all row 1's. */
  int aCol[OC_N];
  for (int i = 0; i < OC_N; i++) aCol[i] = -1;
  if (!nErr && t.n == 0) {
    buf_printf(&errs, "row 1: the file is empty: it needs the header row (%s, %s, ...)\n",
               azRecordColumn[0], azRecordColumn[1]);
    nErr = 1;
  }
  if (!nErr) {
    int bad = 0;
    for (int k = 0; k < t.a[0].n; k++) {
      const char *zName = t.a[0].az[k];
      int found = -1;
      for (int i = 0; i < OC_N; i++) {
        if (strcasecmp(zName, azRecordColumn[i]) == 0) found = i;
      }
      if (found < 0) {
        buf_printf(&errs, "row 1: unknown column \"%s\" (the columns are child_id, month,"
                          " recorded_on, iro, check_a, note_a ... check_d, note_d)\n", zName);
        bad = 1;
      } else if (aCol[found] >= 0) {
        buf_printf(&errs, "row 1: column %s is there twice\n", azRecordColumn[found]);
        bad = 1;
      } else {
        aCol[found] = k;
      }
    }
    for (int i = 0; i < OC_N; i++) {
      if (aRequired[i] && aCol[i] < 0) {
        buf_printf(&errs, "row 1: column %s is missing\n", azRecordColumn[i]);
        bad = 1;
      }
    }
    nErr = bad;
  }

  ImportRow *aRow = NULL;
  int nRow = 0;
  Loaded *aLoaded = NULL;
  int nLoaded = 0, readError = 0;
  /* Rows are checked only under a header that says what they hold. */
  int headerOk = !nErr;
  for (int ri = 1; headerOk && ri < t.n; ri++) {
    const CsvRow *r = &t.a[ri];
    if (csv_row_blank(r)) continue;
    int row = r->row, bad = 0;
#define ROW_ERROR(...) do { buf_printf(&errs, "row %d: ", row); buf_printf(&errs, __VA_ARGS__); \
                            buf_putc(&errs, '\n'); bad = 1; } while (0)
    if (r->n != t.a[0].n) {
      ROW_ERROR("it has %d values where the header has %d", r->n, t.a[0].n);
      nErr++;
      continue;
    }
    const char *az[OC_N];
    for (int i = 0; i < OC_N; i++) az[i] = aCol[i] >= 0 ? r->az[aCol[i]] : "";
    for (int i = 0; i < OC_N; i++) {
      if (!utf8_valid(az[i])) ROW_ERROR("%s is not UTF-8 text: save the file as \"CSV UTF-8\"", azRecordColumn[i]);
    }
    if (bad) {
      nErr++;
      continue;
    }
    ImportRow x;
    memset(&x, 0, sizeof x);
    x.row = row;
    x.in.zMonth = az[OC_MONTH];
    x.in.recorded = DATE_NONE;
    if (!az[OC_CHILD][0]) ROW_ERROR("child_id is empty: give the child's ID");
    else if (!(x.c = import_child(db, &aLoaded, &nLoaded, az[OC_CHILD], &readError))) {
      if (readError) ROW_ERROR("child_id: the children could not be read: %s", db_errmsg(db));
      else ROW_ERROR("child_id: there is no child with ID \"%s\"", az[OC_CHILD]);
    }
    if (month_parse(az[OC_MONTH], &x.month) != 0) {
      ROW_ERROR("month must be a month written YYYY-MM, like 2026-02, not \"%s\"", az[OC_MONTH]);
    }
    if (date_parse(az[OC_RECORDED], &x.in.recorded) != 0) {
      ROW_ERROR("recorded_on must be a date written YYYY-MM-DD, not \"%s\"", az[OC_RECORDED]);
    }
    if (az[OC_IRO][0] && !(x.in.iroId = iro_lookup(db, az[OC_IRO]))) {
      ROW_ERROR("iro: there is no IRO with id or name \"%s\"", az[OC_IRO]);
    }
    for (int k = 0; k < N_CHECKS; k++) {
      const char *z = az[OC_CHECK_A + 2 * k];
      x.in.azNote[k] = az[OC_NOTE_A + 2 * k];
      x.in.check[k] = strcasecmp(z, "yes") == 0 ? 1 : strcasecmp(z, "no") == 0 ? 0 : -1;
      if (x.in.check[k] < 0) {
        if (z[0]) ROW_ERROR("%s must be yes or no, not \"%s\"", azCheckField[k], z);
        else ROW_ERROR("%s must be yes or no", azCheckField[k]);
      }
    }
    if (!bad) {
      for (int j = 0; j < nRow; j++) {
        if (aRow[j].c == x.c && aRow[j].month == x.month) {
          char zM[24];
          ROW_ERROR("child %s has another record for %s on row %d", x.c->zRef,
                    month_long(x.month, zM), aRow[j].row);
          break;
        }
      }
    }
    if (!bad) {
      /* A record already held for the month is corrected, or left alone
      ** when the file says the same (an export loaded back). */
      Stmt *s = db_query(db, "SELECT id, recorded_on, iro_id, check_a, check_b, check_c, check_d,"
                             " note_a, note_b, note_c, note_d FROM oversight_record"
                             " WHERE child_id=? AND month=?", "Is", x.c->id, x.in.zMonth);
      if (db_step(s) == DB_ROW) {
        x.in.id = db_col_int(s, 0);
        x.unchanged = db_col_date(s, 1) == x.in.recorded && db_col_int(s, 2) == x.in.iroId;
        for (int k = 0; k < N_CHECKS; k++) {
          x.unchanged = x.unchanged && db_col_int(s, 3 + k) == x.in.check[k] &&
                        same_note(db_col_text(s, 7 + k), x.in.azNote[k]);
        }
      }
      db_finalize(s);
      Errors e = {0};
      if (!x.unchanged) oversight_record_validate(x.c, &x.in, asOf, &e);
      for (int k = 0; k < e.n; k++) ROW_ERROR("%s: %s", e.a[k].zField, e.a[k].zMsg);
    }
#undef ROW_ERROR
    if (bad) {
      nErr++;
      continue;
    }
    aRow = xrealloc(aRow, (size_t)(nRow + 1) * sizeof *aRow);
    aRow[nRow++] = x;
  }

  int rc = nErr ? -1 : 0, nAdd = 0, nCorrect = 0, nSame = 0;
  if (!nErr) {
    /* All or nothing: one transaction, each record saved with its audit
    ** entry; the first failure rolls every one back. */
    db_begin(db);
    for (int i = 0; i < nRow && rc == 0; i++) {
      ImportRow *x = &aRow[i];
      if (x->unchanged) {
        nSame++;
        continue;
      }
      Errors e = {0};
      if (!oversight_record_save(db, x->c, &x->in, asOf, zActor, &e)) {
        for (int k = 0; k < e.n; k++) {
          buf_printf(&errs, "row %d: %s: %s\n", x->row, e.a[k].zField, e.a[k].zMsg);
        }
        nErr = 1;
        rc = -1;
      } else if (x->in.id) {
        nCorrect++;
      } else {
        nAdd++;
      }
    }
    if (rc == 0 && db_commit(db) != DB_OK) {
      buf_printf(&errs, "could not save the records: %s\n", db_errmsg(db));
      nErr = 1;
      rc = -1;
    } else if (rc != 0) {
      db_rollback(db);
    }
  }
  if (rc == 0) {
    buf_printf(pReport, "Imported %s: %d added, %d corrected, %d unchanged.\n", zPath, nAdd,
               nCorrect, nSame);
  } else {
    buf_printf(pReport, "Nothing was imported from %s: %d row%s %s errors.\n", zPath, nErr,
               nErr == 1 ? "" : "s", nErr == 1 ? "has" : "have");
    buf_append(pReport, errs.z ? errs.z : "", errs.n);
  }
  buf_free(&errs);
  free(aRow);
  for (int i = 0; i < nLoaded; i++) {
    free(aLoaded[i].zRef);
    childset_free(aLoaded[i].cs);
  }
  free(aLoaded);
  csv_free(&t);
  return rc;
}
