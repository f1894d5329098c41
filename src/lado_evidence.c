/*
** lado_evidence.c: the Designated Officer's work that the annual report
** to the Corporate Parenting Board counts beyond a case's steps (issue 20,
** seed 003): strategy meetings attended and cross-border cases, recorded
** on a case; dip samples of case files and training sessions delivered,
** the Designated Officer's own records. lado.c counts them in the report.
**
** Every change is audited in the same transaction: a case's under
** "lado:<id>", a dip sample's under "lado-dip:<id>", a training session's
** under "lado-training:<id>"; a correction keeps what it said before.
*/
#include "lado.h"
#include "audit.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const lado_training_kinds[] = {"training", "briefing"};
const int lado_n_training_kinds = COUNT(lado_training_kinds);

/* The most a count may be: more is a typing slip, not a session. */
#define MAX_COUNT 100000

static int blank(const char *z) {
  for (; z && *z; z++) {
    if (!isspace((unsigned char)*z)) return 0;
  }
  return 1;
}

static void now_iso(char z[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void check_day(Errors *err, const char *zField, Date d, Date today, const char *zWhat) {
  if (d == DATE_NONE) errors_add(err, zField, "Enter %s", zWhat);
  else if (d > today) errors_add(err, zField, "%c%s must be today or in the past", toupper((unsigned char)zWhat[0]), zWhat + 1);
}

/* A whole number typed in a form: the value, or -1 with the error added. */
static int check_count(Errors *err, const char *zField, const char *z, int min, const char *zWhat) {
  long v;
  while (z && isspace((unsigned char)*z)) z++;
  if (blank(z)) {
    errors_add(err, zField, "Enter %s", zWhat);
    return -1;
  }
  char zTrim[32];
  snprintf(zTrim, sizeof zTrim, "%s", z);
  for (size_t n = strlen(zTrim); n && isspace((unsigned char)zTrim[n - 1]);) zTrim[--n] = 0;
  if (parse_int(zTrim, LONG_MIN, LONG_MAX, &v) != 0) {
    errors_add(err, zField, "%c%s must be a whole number, like 12", toupper((unsigned char)zWhat[0]), zWhat + 1);
    return -1;
  }
  if (v < min) {
    errors_add(err, zField, "%c%s must be %d or more", toupper((unsigned char)zWhat[0]), zWhat + 1, min);
    return -1;
  }
  if (v > MAX_COUNT) {
    errors_add(err, zField, "%c%s must be %d or fewer", toupper((unsigned char)zWhat[0]), zWhat + 1, MAX_COUNT);
    return -1;
  }
  return (int)v;
}

/* Text longer than max characters (UTF-8, not bytes) is refused, never cut. */
static void check_length(Errors *err, const char *zField, const char *z, int max, const char *zWhat) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)z; p && *p; p++) n += (*p & 0xC0) != 0x80;
  if (n > max) errors_add(err, zField, "%s must be %d characters or fewer", zWhat, max);
}

static int audit_rec(Db *db, const char *zKind, int64_t id, const char *zActor, const char *zAction,
                     const char *zBefore, const char *zAfter) {
  char zRec[48];
  snprintf(zRec, sizeof zRec, "%s:%lld", zKind, (long long)id);
  return audit_write(db, zActor, zAction, zRec, zBefore, zAfter, NULL);
}

static int done(Db *db, int rc, Errors *err, const char *zField, const char *zWhat) {
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) errors_add(err, zField, "Could not save the %s: %s", zWhat, db_errmsg(db));
  return rc == DB_OK ? 0 : -1;
}

/* ---- On a case ---------------------------------------------------------- */

int lado_is_cross_border(const LadoCase *c) { return c->crossAdult == 1 || c->crossChild == 1; }

int lado_strategy_add(Db *db, int64_t id, Date held, const char *zNotes, Date today, const char *zActor,
                      Errors *err) {
  check_day(err, "strategy_on", held, today, "the date of the strategy meeting");
  db_begin(db);
  LadoCase c;
  char z[24];
  if (!lado_load(db, id, &c)) {
    errors_add(err, "strategy_on", "There is no LADO case %lld", (long long)id);
  } else if (c.closed != DATE_NONE) {
    errors_add(err, "strategy_on", "Case %lld was closed on %s: it cannot be changed", (long long)id,
               date_long(c.closed, z));
  } else if (held != DATE_NONE && held < c.received) {
    errors_add(err, "strategy_on", "The strategy meeting cannot be before the information was received (%s)",
               date_long(c.received, z));
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  char zAt[32], zD[11];
  now_iso(zAt);
  const char *zN = blank(zNotes) ? NULL : zNotes;
  int rc = db_exec(db, "INSERT INTO lado_strategy_meeting(case_id, held_on, notes, recorded_at, recorded_by)"
                       " VALUES(?, ?, ?, ?, ?)", "IDsss", id, (int)held, zN, zAt, zActor);
  if (rc == DB_OK) {
    char *zAfter = xmprintf("strategy meeting attended %s%s%s", date_iso(held, zD), zN ? "; notes: " : "", zN ? zN : "");
    rc = audit_rec(db, "lado", id, zActor, "lado.strategy", NULL, zAfter);
    free(zAfter);
  }
  lado_clear(&c);
  return done(db, rc, err, "strategy_on", "strategy meeting");
}

static char *cross_words(int adult, int child, const char *zAuthority) {
  return xmprintf("adult from another authority %s; child from another authority %s; authority %s",
                  adult == 1 ? "yes" : adult == 0 ? "no" : "not recorded",
                  child == 1 ? "yes" : child == 0 ? "no" : "not recorded", zAuthority ? zAuthority : "none");
}

int lado_cross_border_set(Db *db, int64_t id, int adult, int child, const char *zAuthority,
                          const char *zActor, Errors *err) {
  if (adult < 0) errors_add(err, "cross_adult", "Select whether the adult works or lives in another local authority's area");
  if (child < 0) errors_add(err, "cross_child", "Select whether a child involved is from another local authority's area");
  if ((adult == 1 || child == 1) && blank(zAuthority)) {
    errors_add(err, "other_authority", "Enter the other local authority, for example Somerset");
  }
  db_begin(db);
  LadoCase c;
  char z[24];
  if (!lado_load(db, id, &c)) {
    errors_add(err, "cross_adult", "There is no LADO case %lld", (long long)id);
  } else if (c.closed != DATE_NONE) {
    errors_add(err, "cross_adult", "Case %lld was closed on %s: it cannot be changed", (long long)id,
               date_long(c.closed, z));
  }
  if (err->n) {
    db_rollback(db);
    lado_clear(&c);
    return -1;
  }
  /* The authority is kept only when the case crosses a border. */
  const char *zA = (adult == 1 || child == 1) ? zAuthority : NULL;
  char *zBefore = c.crossAdult >= 0 ? cross_words(c.crossAdult, c.crossChild, c.zOtherAuthority) : NULL;
  char *zAfter = cross_words(adult, child, zA);
  int rc = db_exec(db, "UPDATE lado_case SET cross_border_adult = ?, cross_border_child = ?, other_authority = ?"
                       " WHERE id = ?", "bbsI", adult, child, zA, id);
  if (rc == DB_OK) rc = audit_rec(db, "lado", id, zActor, "lado.cross-border", zBefore, zAfter);
  free(zBefore);
  free(zAfter);
  lado_clear(&c);
  return done(db, rc, err, "cross_adult", "cross-border details");
}

/* ---- Dip samples -------------------------------------------------------- */

static char *dip_words(Date on, int cases, const char *zFindings) {
  char zD[11];
  return xmprintf("dip sample %s; %d case file%s sampled; findings: %s", date_iso(on, zD), cases, cases == 1 ? "" : "s",
                  zFindings);
}

int lado_dip_load(Db *db, int64_t id, LadoDip *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT id, sampled_on, cases_sampled, findings FROM lado_dip_sample WHERE id = ?", "I", id);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    out->id = db_col_int(s, 0);
    out->on = db_col_date(s, 1);
    out->cases = (int)db_col_int(s, 2);
    out->zFindings = xstrdup(db_col_text(s, 3));
  }
  db_finalize(s);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int lado_dip_list(Db *db, LadoDip **pa, int *pn) {
  *pa = NULL;
  *pn = 0;
  Stmt *s = db_query(db, "SELECT id, sampled_on, cases_sampled, findings FROM lado_dip_sample"
                         " ORDER BY sampled_on DESC, id DESC", "");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
    LadoDip *d = &(*pa)[(*pn)++];
    d->id = db_col_int(s, 0);
    d->on = db_col_date(s, 1);
    d->cases = (int)db_col_int(s, 2);
    d->zFindings = xstrdup(db_col_text(s, 3));
  }
  db_finalize(s);
  if (rc == DB_DONE) return DB_OK;
  lado_dip_free(*pa, *pn);
  *pa = NULL;
  *pn = 0;
  return DB_ERROR;
}

void lado_dip_free(LadoDip *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zFindings);
  free(a);
}

int64_t lado_dip_save(Db *db, int64_t id, Date on, const char *zCases, const char *zFindings, Date today,
                      const char *zActor, Errors *err) {
  check_day(err, "sampled_on", on, today, "the date of the dip sample");
  int cases = check_count(err, "cases_sampled", zCases, 1, "the number of case files sampled");
  if (blank(zFindings)) errors_add(err, "findings", "Enter what the dip sample found");
  else check_length(err, "findings", zFindings, LADO_FINDINGS_MAX, "Findings");
  db_begin(db);
  LadoDip old = {0};
  if (id > 0 && lado_dip_load(db, id, &old) != 1) errors_add(err, "sampled_on", "There is no dip sample %lld", (long long)id);
  if (err->n) {
    db_rollback(db);
    free(old.zFindings);
    return 0;
  }
  char zAt[32];
  now_iso(zAt);
  int rc;
  if (id > 0) {
    rc = db_exec(db, "UPDATE lado_dip_sample SET sampled_on = ?, cases_sampled = ?, findings = ? WHERE id = ?",
                 "DisI", (int)on, cases, zFindings, id);
  } else {
    Stmt *s = db_query(db, "INSERT INTO lado_dip_sample(sampled_on, cases_sampled, findings, recorded_at, recorded_by)"
                           " VALUES(?, ?, ?, ?, ?) RETURNING id", "Disss", (int)on, cases, zFindings, zAt, zActor);
    rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
    if (rc == DB_OK) id = db_col_int(s, 0);
    db_finalize(s);
  }
  if (rc == DB_OK) {
    char *zBefore = old.id ? dip_words(old.on, old.cases, old.zFindings) : NULL;
    char *zAfter = dip_words(on, cases, zFindings);
    rc = audit_rec(db, "lado-dip", id, zActor, old.id ? "lado.dip.correct" : "lado.dip", zBefore, zAfter);
    free(zBefore);
    free(zAfter);
  }
  free(old.zFindings);
  return done(db, rc, err, "sampled_on", "dip sample") == 0 ? id : 0;
}

/* ---- Training ----------------------------------------------------------- */

static char *training_words(Date on, const char *zKind, const char *zAudience, int people) {
  char zD[11];
  return xmprintf("%s %s to %s; %d %s", zKind, date_iso(on, zD), zAudience, people,
                  people == 1 ? "person" : "people");
}

static void training_row(Stmt *s, LadoTraining *t) {
  t->id = db_col_int(s, 0);
  t->on = db_col_date(s, 1);
  snprintf(t->zKind, sizeof t->zKind, "%s", db_col_text(s, 2));
  t->zAudience = xstrdup(db_col_text(s, 3));
  t->people = (int)db_col_int(s, 4);
}

int lado_training_load(Db *db, int64_t id, LadoTraining *out) {
  memset(out, 0, sizeof *out);
  Stmt *s = db_query(db, "SELECT id, delivered_on, kind, audience, people FROM lado_training WHERE id = ?", "I", id);
  int rc = db_step(s);
  if (rc == DB_ROW) training_row(s, out);
  db_finalize(s);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int lado_training_list(Db *db, LadoTraining **pa, int *pn) {
  *pa = NULL;
  *pn = 0;
  Stmt *s = db_query(db, "SELECT id, delivered_on, kind, audience, people FROM lado_training"
                         " ORDER BY delivered_on DESC, id DESC", "");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
    training_row(s, &(*pa)[(*pn)++]);
  }
  db_finalize(s);
  if (rc == DB_DONE) return DB_OK;
  lado_training_free(*pa, *pn);
  *pa = NULL;
  *pn = 0;
  return DB_ERROR;
}

void lado_training_free(LadoTraining *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zAudience);
  free(a);
}

int64_t lado_training_save(Db *db, int64_t id, Date on, const char *zKind, const char *zAudience,
                           const char *zPeople, Date today, const char *zActor, Errors *err) {
  check_day(err, "delivered_on", on, today, "the date it was delivered");
  if (lado_code_index(zKind, lado_training_kinds, lado_n_training_kinds) < 0) {
    errors_add(err, "kind", "Select whether it was a training session or a briefing");
  }
  if (blank(zAudience)) errors_add(err, "audience", "Enter who it was for, for example school safeguarding leads");
  else check_length(err, "audience", zAudience, LADO_AUDIENCE_MAX, "Who it was for");
  int people = check_count(err, "people", zPeople, 0, "the number of people who attended");
  db_begin(db);
  LadoTraining old = {0};
  if (id > 0 && lado_training_load(db, id, &old) != 1) {
    errors_add(err, "delivered_on", "There is no training session %lld", (long long)id);
  }
  if (err->n) {
    db_rollback(db);
    free(old.zAudience);
    return 0;
  }
  char zAt[32];
  now_iso(zAt);
  int rc;
  if (id > 0) {
    rc = db_exec(db, "UPDATE lado_training SET delivered_on = ?, kind = ?, audience = ?, people = ? WHERE id = ?",
                 "DssiI", (int)on, zKind, zAudience, people, id);
  } else {
    Stmt *s = db_query(db, "INSERT INTO lado_training(delivered_on, kind, audience, people, recorded_at, recorded_by)"
                           " VALUES(?, ?, ?, ?, ?, ?) RETURNING id", "Dssiss", (int)on, zKind, zAudience, people, zAt, zActor);
    rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
    if (rc == DB_OK) id = db_col_int(s, 0);
    db_finalize(s);
  }
  if (rc == DB_OK) {
    char *zBefore = old.id ? training_words(old.on, old.zKind, old.zAudience, old.people) : NULL;
    char *zAfter = training_words(on, zKind, zAudience, people);
    rc = audit_rec(db, "lado-training", id, zActor, old.id ? "lado.training.correct" : "lado.training", zBefore, zAfter);
    free(zBefore);
    free(zAfter);
  }
  free(old.zAudience);
  return done(db, rc, err, "delivered_on", "training session") == 0 ? id : 0;
}
