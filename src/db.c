/*
** db.c: the database interface over SQLite (WAL, foreign keys on).
**
** Statements that fail to prepare are bugs in our SQL, so they are fatal
** with the file and line that asked. Statements that fail to run (a
** constraint, a busy database) return DB_ERROR and leave a message in
** db_errmsg() for the caller to turn into words for the user.
*/
#include "db.h"
#include "util.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

/* SQLite lets one connection write at a time, and a connection that finds
** the database busy sleeps and retries with growing pauses (1, 2, 5, 10
** ms...). Writers in this process queue on a mutex instead, so the next
** one starts the moment the last commits. Other processes (the command
** line) still meet the busy handler. */
static pthread_mutex_t writeMutex = PTHREAD_MUTEX_INITIALIZER;

/* Prepared statements kept for reuse: parsing SQL was a third of a
** simple page's time. Keyed by the SQL text's address (our SQL is string
** literals), checked by content, since built SQL can reuse an address. */
#define NCACHE 48

struct Db {
  sqlite3 *h;
  struct { const char *zKey; Stmt *s; } aCache[NCACHE];
  int nCache;
  int depth;                  /* open transactions, outermost first */
  const char *azFile[MAX_DEPTH];
  int aLine[MAX_DEPTH];
  int lastRc;
  char *zErr;
};

struct Stmt {
  Db *db;
  sqlite3_stmt *p;
  const char *zFile;
  int line;
  const char *zKey;     /* the SQL's address, to return it to the cache */
};

static void set_err(Db *db, const char *zFile, int line, const char *zSql) {
  free(db->zErr);
  db->lastRc = sqlite3_extended_errcode(db->h);
  db->zErr = xmprintf("%s (%s:%d: %.200s)", sqlite3_errmsg(db->h), zFile, line,
                      zSql ? zSql : "");
}

const char *db_errmsg(Db *db) { return db->zErr ? db->zErr : "no error"; }

int db_err_is_constraint(Db *db) { return (db->lastRc & 0xff) == SQLITE_CONSTRAINT; }

const char *db_engine(Db *db) {
  (void)db;
  return "sqlite";
}

int db_changes(Db *db) { return sqlite3_changes(db->h); }

int db_exec_script(Db *db, const char *zSql) {
  char *zErr = NULL;
  if (sqlite3_exec(db->h, zSql, NULL, NULL, &zErr) != SQLITE_OK) {
    free(db->zErr);
    db->lastRc = sqlite3_extended_errcode(db->h);
    db->zErr = xstrdup(zErr ? zErr : "unknown error");
    sqlite3_free(zErr);
    return DB_ERROR;
  }
  return DB_OK;
}

int db_schema_version(Db *db) {
  if (!db_int(db, 0, "SELECT count(*) FROM sqlite_master WHERE name='schema_version'", "")) {
    return 0;
  }
  return (int)db_int(db, 0, "SELECT max(version) FROM schema_version", "");
}

static char *migrate(Db *db) {
  int have = db_schema_version(db);
  if (have > DB_SCHEMA_VERSION) {
    return xmprintf("this database has schema version %d, made by a newer Oversight; "
                    "this one understands up to version %d: upgrade Oversight to use it",
                    have, DB_SCHEMA_VERSION);
  }
  for (int i = 0; i < db_n_migrations; i++) {
    const DbMigration *m = &db_migrations[i];
    if (m->version <= have) continue;
    /* Each migration and its version row commit together, so a crash
    ** leaves the database at the previous version, never half-migrated. */
    db_begin(db);
    if (db_exec_script(db, m->zSql) != DB_OK ||
        db_exec(db, "INSERT INTO schema_version(version, applied_at) VALUES(?, CURRENT_TIMESTAMP)",
                "i", m->version) != DB_OK) {
      char *z = xmprintf("migration %s failed: %s", m->zName, db_errmsg(db));
      db_rollback(db);
      return z;
    }
    if (db_commit(db) != DB_OK) return xmprintf("migration %s: %s", m->zName, db_errmsg(db));
  }
  return NULL;
}

/* OVERSIGHT_SQL_PROFILE=1 prints each statement's time to stderr: how to
** find the slow query behind a slow page. */
static int profile_cb(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx;
  if (type == SQLITE_TRACE_PROFILE) {
    char *zSql = sqlite3_expanded_sql((sqlite3_stmt *)p);
    fprintf(stderr, "sql %8.3f ms  %.300s\n", *(sqlite3_int64 *)x / 1e6, zSql ? zSql : "");
    sqlite3_free(zSql);
  }
  return 0;
}

Db *db_open(const char *zPath, char **pzErr) {
  Db *db = xcalloc(1, sizeof *db);
  *pzErr = NULL;
  /* One connection per thread, never shared while in use (the web server
  ** gives each worker its own): SQLite's per-call locking would only cost
  ** time, about a tenth of a bulk load. */
  if (sqlite3_open_v2(zPath, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                      SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    *pzErr = xmprintf("cannot open database %s: %s", zPath,
                      db->h ? sqlite3_errmsg(db->h) : "out of memory");
    db_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db->h, 5000);
  const char *zProfile = getenv("OVERSIGHT_SQL_PROFILE");
  if (zProfile && *zProfile && *zProfile != '0') {
    sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, profile_cb, NULL);
  }
  /* WAL lets readers (the web pages) run while one writer commits; NORMAL
  ** sync is durable across application crashes, which is what WAL needs. */
  /* Reads come from a memory map and a 64 MB page cache per connection,
  ** so a busy server does not copy the same pages through the kernel on
  ** every request. */
  if (db_exec_script(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;"
                         "PRAGMA cache_size=-65536;") != DB_OK) {
    *pzErr = xmprintf("cannot use database %s: %s", zPath, db_errmsg(db));
    db_close(db);
    return NULL;
  }
  char *zErr = migrate(db);
  if (zErr) {
    *pzErr = xmprintf("%s: %s", zPath, zErr);
    free(zErr);
    db_close(db);
    return NULL;
  }
  return db;
}

void db_close(Db *db) {
  if (!db) return;
  if (db->depth > 0) {
    fprintf(stderr, "oversight: closing the database with a transaction open since %s:%d; "
            "rolling it back\n", db->azFile[0], db->aLine[0]);
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&writeMutex);
  }
  for (int i = 0; i < db->nCache; i++) {
    sqlite3_finalize(db->aCache[i].s->p);
    free(db->aCache[i].s);
  }
  sqlite3_close_v2(db->h);
  free(db->zErr);
  free(db);
}

Stmt *db_prepare_at(Db *db, const char *zSql, const char *zFile, int line) {
  for (int i = db->nCache - 1; i >= 0; i--) {
    if (db->aCache[i].zKey == zSql && strcmp(sqlite3_sql(db->aCache[i].s->p), zSql) == 0) {
      Stmt *s = db->aCache[i].s;
      db->aCache[i] = db->aCache[--db->nCache];
      s->zFile = zFile;
      s->line = line;
      return s;
    }
  }
  Stmt *s = xmalloc(sizeof *s);
  s->db = db;
  s->zFile = zFile;
  s->line = line;
  s->zKey = zSql;
  if (sqlite3_prepare_v2(db->h, zSql, -1, &s->p, NULL) != SQLITE_OK) {
    fatal("SQL error at %s:%d: %s\n  in: %s", zFile, line, sqlite3_errmsg(db->h), zSql);
  }
  return s;
}

static void check_bind(Stmt *s, int rc, int i) {
  if (rc != SQLITE_OK) {
    fatal("cannot bind parameter %d at %s:%d: %s", i, s->zFile, s->line,
          sqlite3_errmsg(s->db->h));
  }
}

void db_bind_int(Stmt *s, int i, int64_t v) { check_bind(s, sqlite3_bind_int64(s->p, i, v), i); }
void db_bind_double(Stmt *s, int i, double v) { check_bind(s, sqlite3_bind_double(s->p, i, v), i); }
void db_bind_null(Stmt *s, int i) { check_bind(s, sqlite3_bind_null(s->p, i), i); }

void db_bind_text(Stmt *s, int i, const char *z) {
  if (!z) {
    db_bind_null(s, i);
    return;
  }
  check_bind(s, sqlite3_bind_text(s->p, i, z, -1, SQLITE_TRANSIENT), i);
}

void db_bind_date(Stmt *s, int i, Date d) {
  if (d == DATE_NONE) {
    db_bind_null(s, i);
    return;
  }
  char z[11];
  db_bind_text(s, i, date_iso(d, z));
}

void db_bind_bool3(Stmt *s, int i, int v) {
  if (v < 0) db_bind_null(s, i);
  else db_bind_int(s, i, v ? 1 : 0);
}

int db_step(Stmt *s) {
  int rc = sqlite3_step(s->p);
  if (rc == SQLITE_ROW) return DB_ROW;
  if (rc == SQLITE_DONE) return DB_DONE;
  set_err(s->db, s->zFile, s->line, sqlite3_sql(s->p));
  return DB_ERROR;
}

void db_reset(Stmt *s) {
  sqlite3_reset(s->p);
  sqlite3_clear_bindings(s->p);
}

void db_finalize(Stmt *s) {
  if (!s) return;
  Db *db = s->db;
  sqlite3_reset(s->p);
  sqlite3_clear_bindings(s->p);
  if (db->nCache == NCACHE) {
    /* Full: let the oldest go. */
    sqlite3_finalize(db->aCache[0].s->p);
    free(db->aCache[0].s);
    memmove(&db->aCache[0], &db->aCache[1], (NCACHE - 1) * sizeof db->aCache[0]);
    db->nCache--;
  }
  db->aCache[db->nCache].zKey = s->zKey;
  db->aCache[db->nCache].s = s;
  db->nCache++;
}

int db_column_count(Stmt *s) { return sqlite3_column_count(s->p); }
const char *db_column_name(Stmt *s, int i) { return sqlite3_column_name(s->p, i); }
int db_col_is_null(Stmt *s, int i) { return sqlite3_column_type(s->p, i) == SQLITE_NULL; }
int64_t db_col_int(Stmt *s, int i) { return sqlite3_column_int64(s->p, i); }
double db_col_double(Stmt *s, int i) { return sqlite3_column_double(s->p, i); }

const char *db_col_text(Stmt *s, int i) {
  const unsigned char *z = sqlite3_column_text(s->p, i);
  return z ? (const char *)z : "";
}

Date db_col_date(Stmt *s, int i) {
  Date d;
  const unsigned char *z = sqlite3_column_text(s->p, i);
  if (!z || date_parse((const char *)z, &d) != 0) return DATE_NONE;
  return d;
}

int db_col_bool3(Stmt *s, int i) {
  if (db_col_is_null(s, i)) return -1;
  return sqlite3_column_int(s->p, i) ? 1 : 0;
}

static void bind_list(Stmt *s, const char *zTypes, va_list ap) {
  int n = sqlite3_bind_parameter_count(s->p);
  if ((int)strlen(zTypes) != n) {
    fatal("%s:%d: %d parameter types given for %d parameters", s->zFile, s->line,
          (int)strlen(zTypes), n);
  }
  for (int i = 0; zTypes[i]; i++) {
    switch (zTypes[i]) {
      case 'i': db_bind_int(s, i + 1, va_arg(ap, int)); break;
      case 'I': db_bind_int(s, i + 1, va_arg(ap, int64_t)); break;
      case 'r': {
        int64_t v = va_arg(ap, int64_t);
        if (v) db_bind_int(s, i + 1, v);
        else db_bind_null(s, i + 1);
        break;
      }
      case 'd': db_bind_double(s, i + 1, va_arg(ap, double)); break;
      case 's': db_bind_text(s, i + 1, va_arg(ap, const char *)); break;
      case 'D': db_bind_date(s, i + 1, (Date)va_arg(ap, int)); break;
      case 'b': db_bind_bool3(s, i + 1, va_arg(ap, int)); break;
      default: fatal("%s:%d: unknown parameter type '%c'", s->zFile, s->line, zTypes[i]);
    }
  }
}

Stmt *db_query_at(Db *db, const char *zFile, int line, const char *zSql, const char *zTypes, ...) {
  Stmt *s = db_prepare_at(db, zSql, zFile, line);
  va_list ap;
  va_start(ap, zTypes);
  bind_list(s, zTypes, ap);
  va_end(ap);
  return s;
}

int db_exec_at(Db *db, const char *zFile, int line, const char *zSql, const char *zTypes, ...) {
  Stmt *s = db_prepare_at(db, zSql, zFile, line);
  va_list ap;
  va_start(ap, zTypes);
  bind_list(s, zTypes, ap);
  va_end(ap);
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
  }
  db_finalize(s);
  return rc == DB_DONE ? DB_OK : DB_ERROR;
}

int64_t db_int_at(Db *db, const char *zFile, int line, int64_t dflt, const char *zSql,
                  const char *zTypes, ...) {
  Stmt *s = db_prepare_at(db, zSql, zFile, line);
  va_list ap;
  va_start(ap, zTypes);
  bind_list(s, zTypes, ap);
  va_end(ap);
  int64_t v = dflt;
  if (db_step(s) == DB_ROW && !db_col_is_null(s, 0)) v = db_col_int(s, 0);
  db_finalize(s);
  return v;
}

void db_begin_at(Db *db, const char *zFile, int line) {
  if (db->depth >= MAX_DEPTH) fatal("transactions nested too deep at %s:%d", zFile, line);
  char zSql[40];
  int rc;
  if (db->depth == 0) {
    pthread_mutex_lock(&writeMutex);
    rc = db_exec(db, "BEGIN IMMEDIATE", "");
  } else {
    snprintf(zSql, sizeof zSql, "SAVEPOINT sp%d", db->depth);
    rc = db_exec_script(db, zSql);
  }
  if (rc != DB_OK) {
    fatal("cannot begin a transaction at %s:%d: %s", zFile, line, db_errmsg(db));
  }
  db->azFile[db->depth] = zFile;
  db->aLine[db->depth] = line;
  db->depth++;
}

int db_commit(Db *db) {
  if (db->depth == 0) fatal("db_commit with no transaction open");
  char zSql[40];
  int top = db->depth - 1;
  int rc;
  if (top == 0) {
    rc = db_exec(db, "COMMIT", "");
  } else {
    snprintf(zSql, sizeof zSql, "RELEASE sp%d", top);
    rc = db_exec_script(db, zSql);
  }
  if (rc != DB_OK) {
    db_rollback(db);
    return DB_ERROR;
  }
  db->depth--;
  if (db->depth == 0) pthread_mutex_unlock(&writeMutex);
  return DB_OK;
}

void db_rollback(Db *db) {
  if (db->depth == 0) fatal("db_rollback with no transaction open");
  int top = db->depth - 1;
  char zSql[64];
  if (top == 0) snprintf(zSql, sizeof zSql, "ROLLBACK");
  else snprintf(zSql, sizeof zSql, "ROLLBACK TO sp%d; RELEASE sp%d", top, top);
  /* Keep the caller's error message: the rollback is the consequence. */
  char *zKeep = db->zErr;
  int rcKeep = db->lastRc;
  db->zErr = NULL;
  sqlite3_exec(db->h, zSql, NULL, NULL, NULL);
  free(db->zErr);
  db->zErr = zKeep;
  db->lastRc = rcKeep;
  db->depth--;
  if (db->depth == 0) pthread_mutex_unlock(&writeMutex);
}

int db_depth(Db *db) { return db->depth; }

/* The disk (or the file's size limit) is full: SQLITE_FULL. */
int db_err_is_full(Db *db) { return (db->lastRc & 0xff) == SQLITE_FULL; }

/* Another connection held the lock too long: SQLITE_BUSY or SQLITE_LOCKED. */
int db_err_is_busy(Db *db) {
  return (db->lastRc & 0xff) == SQLITE_BUSY || (db->lastRc & 0xff) == SQLITE_LOCKED;
}
