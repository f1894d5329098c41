/*
** db.c: the database interface over SQLite (WAL, foreign keys on).
**
** A statement that fails to prepare (a bug in our SQL, but also a corrupt
** or unreadable file, or memory running out) or to run (a constraint, a
** busy database) makes db_step return DB_ERROR and leaves a message in
** db_errmsg() for the caller to turn into words for the user: a server
** fails that one request and goes on serving. Only misuse of this
** interface (parameter types that do not match, unbalanced transactions)
** is fatal, with the file and line that asked.
*/
#include "db.h"
#include "audit.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 32

/* SQLite lets one connection write at a time, and a connection that finds
** the database busy sleeps and retries with growing pauses (1, 2, 5, 10
** ms...). Writers in this process queue on a mutex instead, so the next
** one starts the moment the last commits. Other processes (the command
** line) still meet the busy handler. */
static pthread_mutex_t writeMutex = PTHREAD_MUTEX_INITIALIZER;

/* How often a writer queued behind another of this process (and for how
** long in all, and how often it gave up), and how often SQLite made one
** wait for another process: for /metrics, where waits that add up say
** that writes are too slow or too many. Every worker thread counts. */
static _Atomic uint64_t nWriteWaits, nWriteWaitUs, nWriteTimeouts, nBusyWaits;

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
  /* The first failure since db_clear_failure(): a statement that could
  ** not run for a reason other than a constraint (busy, disk full, I/O,
  ** corruption). A loop that stops at DB_ERROR looks like one that ran out
  ** of rows, so the failure is kept here for the request or command to
  ** see when it finishes, instead of trusting every loop to check. */
  int failKind;               /* DB_FAIL_*, 0 none */
  char *zFail;
  int failsInTxn;             /* failures since the outermost begin */
  /* A begin that could not start (busy): every statement until its
  ** rollback fails without running, so a caller that did not check
  ** cannot write half a change outside a transaction. 0, or the depth+1
  ** of the failed begin. */
  int poisonAt;
  int busyMs;                 /* how long to wait for another writer; <0 forever */
  int busyTold;               /* the waiting message has been printed */
  int holdsMutex;             /* this connection holds writeMutex */
  int reading;                /* a read snapshot is open (db_read_begin) */
  sqlite3_stmt *pEndRead;     /* its COMMIT, prepared once: ends every request */
  const volatile unsigned char *pShm;   /* the WAL index, once mapped (db_read_mark) */
  DbMark mark;                /* the snapshot's, when hasMark */
  int hasMark;
  struct timespec busyStart;
};

struct Stmt {
  Db *db;
  sqlite3_stmt *p;
  const char *zFile;
  int line;
  const char *zKey;     /* the SQL's address, to return it to the cache */
  int prepRc;           /* p NULL: why it could not be prepared (a
                        ** corrupt or unreadable file, out of memory) */
};

/* Every failure of this process, for a command to report at its end. */
static pthread_mutex_t failMutex = PTHREAD_MUTEX_INITIALIZER;
static long nProcessFailures;
static char *zProcessFailure;

static int fail_kind(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY: case SQLITE_LOCKED: return DB_FAIL_BUSY;
    case SQLITE_FULL: return DB_FAIL_FULL;
    case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_PERM: return DB_FAIL_READONLY;
    default: return DB_FAIL_OTHER;
  }
}

static void note_failure(Db *db, int kind, const char *zMsg) {
  db->failsInTxn++;
  if (!db->failKind) {
    db->failKind = kind;
    db->zFail = xstrdup(zMsg);
  }
  pthread_mutex_lock(&failMutex);
  nProcessFailures++;
  if (!zProcessFailure) zProcessFailure = xstrdup(zMsg);
  pthread_mutex_unlock(&failMutex);
}

static void release_writer(Db *db);

static void set_err(Db *db, const char *zFile, int line, const char *zSql) {
  free(db->zErr);
  db->lastRc = sqlite3_extended_errcode(db->h);
  db->zErr = xmprintf("%s (%s:%d: %.200s)", sqlite3_errmsg(db->h), zFile, line,
                      zSql ? zSql : "");
  /* A constraint is the caller's business (a duplicate, a bad value) and
  ** is turned into words for the user; anything else is a failure. */
  if ((db->lastRc & 0xff) != SQLITE_CONSTRAINT) note_failure(db, fail_kind(db->lastRc), db->zErr);
}

int db_failed(Db *db) { return db->failKind; }
void db_note_failure(Db *db, int kind, const char *zMsg) { note_failure(db, kind ? kind : DB_FAIL_OTHER, zMsg); }
const char *db_failure(Db *db) { return db->zFail ? db->zFail : "no failure"; }
void db_clear_failure(Db *db) {
  db->failKind = 0;
  free(db->zFail);
  db->zFail = NULL;
}

long db_process_failures(const char **pzFirst) {
  pthread_mutex_lock(&failMutex);
  long n = nProcessFailures;
  if (pzFirst) *pzFirst = zProcessFailure;
  pthread_mutex_unlock(&failMutex);
  return n;
}

int db_err_is_busy(Db *db) { return fail_kind(db->lastRc) == DB_FAIL_BUSY; }
int db_err_is_full(Db *db) { return fail_kind(db->lastRc) == DB_FAIL_FULL; }

static long ms_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* SQLite calls this while another connection holds the lock it needs.
** The server waits a bounded time and then fails the request (503); the
** command line waits as long as it takes, saying once why it is waiting,
** since an import in another window can hold the lock for many seconds. */
static int busy_handler(void *p, int nCalls) {
  Db *db = p;
  if (nCalls == 0) {
    clock_gettime(CLOCK_MONOTONIC, &db->busyStart);
    db->busyTold = 0;
    nBusyWaits++;
  }
  long waited = ms_since(&db->busyStart);
  if (db->busyMs >= 0 && waited >= db->busyMs) return 0;
  if (db->busyMs < 0 && !db->busyTold && waited >= 1000) {
    fprintf(stderr, "oversight: waiting for another program to finish writing to the database "
                    "(an import?)...\n");
    db->busyTold = 1;
  }
  /* Short sleeps first, so a brief commit costs little; never more than
  ** 50 ms, so the lock is taken soon after it is free. */
  usleep((useconds_t)(nCalls < 10 ? 2000 : 50000));
  return 1;
}

void db_set_busy_wait(Db *db, int ms) {
  db->busyMs = ms;
  sqlite3_busy_handler(db->h, busy_handler, db);
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
  if (db->poisonAt) return DB_ERROR;
  if (sqlite3_exec(db->h, zSql, NULL, NULL, &zErr) != SQLITE_OK) {
    free(db->zErr);
    db->lastRc = sqlite3_extended_errcode(db->h);
    db->zErr = xstrdup(zErr ? zErr : "unknown error");
    sqlite3_free(zErr);
    if ((db->lastRc & 0xff) != SQLITE_CONSTRAINT) note_failure(db, fail_kind(db->lastRc), db->zErr);
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
    if (db_begin(db) != DB_OK) {
      char *z = xmprintf("migration %s could not start: %s", m->zName, db_errmsg(db));
      db_rollback(db);
      return z;
    }
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
    /* The SQL as written, with "?" where values go: bound values are
    ** people's details, passwords' hashes and CSRF tokens, and stderr goes
    ** to logs that many can read. */
    const char *zSql = sqlite3_sql((sqlite3_stmt *)p);
    fprintf(stderr, "sql %8.3f ms  %.300s\n", *(sqlite3_int64 *)x / 1e6, zSql ? zSql : "");
  }
  return 0;
}

/* SQLite counts every allocation under one process-wide mutex unless told
** not to; the server's threads then queue on it for nothing we read (the
** counts are never used). Said once, before SQLite starts. */
static void sqlite_setup(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

Db *db_open(const char *zPath, char **pzErr) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, sqlite_setup);
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
  db_set_busy_wait(db, 5000);
  const char *zProfile = getenv("OVERSIGHT_SQL_PROFILE");
  if (zProfile && *zProfile && *zProfile != '0') {
    sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, profile_cb, NULL);
  }
  /* WAL lets readers (the web pages) run while one writer commits; NORMAL
  ** sync is durable across application crashes, which is what WAL needs. */
  /* Reads come from a memory map and a 64 MB page cache per connection,
  ** so a busy server does not copy the same pages through the kernel on
  ** every request. */
  /* secure_delete FAST: what is deleted (an ended session, a corrected
  ** value) is cleared from its b-tree page without extra I/O. A record
  ** destroyed at the end of its retention gets ON, which zeroes the pages
  ** it frees too (retention_destroy, UK GDPR; docs/data-protection.md):
  ** ON on every connection made each audited page view three times slower
  ** (bench/http's child page, 2,200 against 6,600 requests a second). */
  if (db_exec_script(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;"
                         "PRAGMA cache_size=-65536; PRAGMA secure_delete=FAST;") != DB_OK) {
    *pzErr = xmprintf("cannot use database %s: %s", zPath, db_errmsg(db));
    db_close(db);
    return NULL;
  }
  char *zErr = migrate(db);
  if (!zErr) audit_on_open(db, &zErr);   /* the log's chain and triggers (audit.c) */
  if (zErr) {
    *pzErr = xmprintf("%s: %s", zPath, zErr);
    free(zErr);
    db_close(db);
    return NULL;
  }
  return db;
}

Db *db_open_reader(Db *db) {
  /* A database in memory (the tests' temporary ones) has no file another
  ** connection could share. */
  const char *zPath = sqlite3_db_filename(db->h, "main");
  if (!zPath || !zPath[0]) return NULL;
  Db *r = xcalloc(1, sizeof *r);
  if (sqlite3_open_v2(zPath, &r->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    db_close(r);
    return NULL;
  }
  db_set_busy_wait(r, db->busyMs);
  return r;
}

void db_close(Db *db) {
  if (!db) return;
  db_read_end(db);
  if (db->depth > 0) {
    fprintf(stderr, "oversight: closing the database with a transaction open since %s:%d; "
            "rolling it back\n", db->azFile[0], db->aLine[0]);
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->depth = 0;
    release_writer(db);
  }
  for (int i = 0; i < db->nCache; i++) {
    sqlite3_finalize(db->aCache[i].s->p);
    free(db->aCache[i].s);
  }
  sqlite3_finalize(db->pEndRead);
  sqlite3_close_v2(db->h);
  free(db->zErr);
  free(db->zFail);
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
  s->prepRc = SQLITE_OK;
  if (sqlite3_prepare_v2(db->h, zSql, -1, &s->p, NULL) != SQLITE_OK) {
    /* Not the end of the process: a server fails the one request (its
    ** db_step says DB_ERROR, as for any error) and goes on serving. */
    set_err(db, zFile, line, zSql);
    s->prepRc = db->lastRc ? db->lastRc : SQLITE_ERROR;
    fprintf(stderr, "oversight: SQL could not be prepared: %s\n", db->zErr);
    sqlite3_finalize(s->p);
    s->p = NULL;
  }
  return s;
}

static void check_bind(Stmt *s, int rc, int i) {
  if (!s->p) return;   /* not prepared: db_step says so */
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
  Db *db = s->db;
  if (db->poisonAt) {
    free(db->zErr);
    db->lastRc = SQLITE_BUSY;
    db->zErr = xmprintf("not run: the transaction begun at %s:%d could not start (%s:%d)",
                        db->azFile[db->poisonAt - 1], db->aLine[db->poisonAt - 1], s->zFile, s->line);
    return DB_ERROR;
  }
  if (!s->p) {
    free(db->zErr);
    db->lastRc = s->prepRc;
    db->zErr = xmprintf("not run: the statement at %s:%d could not be prepared", s->zFile, s->line);
    return DB_ERROR;
  }
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
  if (!s->p) {
    free(s);
    return;
  }
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

int db_col_bytes(Stmt *s, int i) { return sqlite3_column_bytes(s->p, i); }

int db_col_bool3(Stmt *s, int i) {
  if (db_col_is_null(s, i)) return -1;
  return sqlite3_column_int(s->p, i) ? 1 : 0;
}

static void bind_list(Stmt *s, const char *zTypes, va_list ap) {
  if (!s->p) return;
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

/* Take the process's write mutex, waiting no longer than the database's
** busy wait: a request queued behind a writer that is itself waiting on
** another process must not wait twice as long. */
static int lock_writer(Db *db) {
  if (pthread_mutex_trylock(&writeMutex) == 0) return 0;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = 0;
  if (db->busyMs < 0) {
    pthread_mutex_lock(&writeMutex);
  } else {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += db->busyMs / 1000;
    t.tv_nsec += (long)(db->busyMs % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
      t.tv_sec++;
      t.tv_nsec -= 1000000000L;
    }
    rc = pthread_mutex_timedlock(&writeMutex, &t) == 0 ? 0 : -1;
  }
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  nWriteWaits++;
  nWriteWaitUs += (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000L);
  if (rc) nWriteTimeouts++;
  return rc;
}

void db_wait_stats(DbWaitStats *p) {
  p->nWaits = nWriteWaits;
  p->secs = (double)nWriteWaitUs / 1e6;
  p->nTimeouts = nWriteTimeouts;
  p->nBusy = nBusyWaits;
}

int64_t db_size_bytes(Db *db) {
  return db_int(db, -1, "PRAGMA page_count", "") * db_int(db, -1, "PRAGMA page_size", "");
}

int db_begin_at(Db *db, const char *zFile, int line) {
  if (db->depth >= MAX_DEPTH) fatal("transactions nested too deep at %s:%d", zFile, line);
  char zSql[40];
  int rc;
  if (db->depth == 0) db_read_end(db);
  if (db->poisonAt) {
    rc = DB_ERROR;   /* inside a transaction that never started */
  } else if (db->depth == 0) {
    db->failsInTxn = 0;
    if (lock_writer(db) != 0) {
      free(db->zErr);
      db->lastRc = SQLITE_BUSY;
      db->zErr = xmprintf("database is locked: another request held it too long (%s:%d)", zFile, line);
      note_failure(db, DB_FAIL_BUSY, db->zErr);
      rc = DB_ERROR;
    } else {
      db->holdsMutex = 1;
      rc = db_exec(db, "BEGIN IMMEDIATE", "");
    }
  } else {
    snprintf(zSql, sizeof zSql, "SAVEPOINT sp%d", db->depth);
    rc = db_exec_script(db, zSql);
  }
  /* The depth counts a failed begin too, so the caller's rollback (or
  ** commit, which fails) balances it as if it had started. */
  db->azFile[db->depth] = zFile;
  db->aLine[db->depth] = line;
  db->depth++;
  if (rc != DB_OK && !db->poisonAt) db->poisonAt = db->depth;
  return rc;
}

int db_try_begin_at(Db *db, const char *zFile, int line) {
  if (db->depth > 0) return db_begin_at(db, zFile, line);
  db_read_end(db);
  if (pthread_mutex_trylock(&writeMutex) != 0) return DB_ERROR;
  sqlite3_stmt *p = NULL;
  int rc = SQLITE_ERROR;
  /* Straight to SQLite with no busy wait: failing here is expected and is
  ** not a failure of the request. */
  sqlite3_busy_handler(db->h, NULL, NULL);
  if (sqlite3_prepare_v2(db->h, "BEGIN IMMEDIATE", -1, &p, NULL) == SQLITE_OK) rc = sqlite3_step(p);
  sqlite3_finalize(p);
  sqlite3_busy_handler(db->h, busy_handler, db);
  if (rc != SQLITE_DONE) {
    pthread_mutex_unlock(&writeMutex);
    return DB_ERROR;
  }
  db->holdsMutex = 1;
  db->failsInTxn = 0;
  db->azFile[0] = zFile;
  db->aLine[0] = line;
  db->depth = 1;
  return DB_OK;
}

static void release_writer(Db *db) {
  if (db->depth == 0 && db->holdsMutex) {
    db->holdsMutex = 0;
    pthread_mutex_unlock(&writeMutex);
  }
}

/* Undo the bookkeeping of a begin that never started: 1 if that is what
** the transaction being ended was. */
static int pop_poisoned(Db *db) {
  if (!db->poisonAt || db->depth < db->poisonAt) return 0;
  db->depth--;
  if (db->depth < db->poisonAt) db->poisonAt = 0;
  release_writer(db);
  return 1;
}

int db_commit(Db *db) {
  if (db->depth == 0) fatal("db_commit with no transaction open");
  if (pop_poisoned(db)) return DB_ERROR;
  char zSql[40];
  int top = db->depth - 1;
  int rc;
  if (top == 0 && db->failsInTxn) {
    /* Something read or written inside this transaction failed: what it
    ** was about to save may rest on rows that were never read. */
    db_rollback(db);
    return DB_ERROR;
  }
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
  release_writer(db);
  return DB_OK;
}

void db_rollback(Db *db) {
  if (db->depth == 0) fatal("db_rollback with no transaction open");
  if (pop_poisoned(db)) return;
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
  release_writer(db);
}

int db_depth(Db *db) { return db->depth; }

/* The WAL index's header (sqlite.org/walformat.html, "the WAL-index
** header"): two copies of 48 bytes at the start of the -shm file, which
** every commit rewrites (the last frame, its checksum and the salts),
** second copy first. SQLite itself reads it without a lock at the start
** of each read transaction; so do we, to learn that nothing changed
** without starting one. Starting one takes the WAL index's locks (fcntl
** calls, and a mutex the server's threads queue on): a sixth of the
** server's time on a cached page (bench/http, the IRO home). Mapped
** through the VFS's own xShmMap after the connection's first read, so it
** is the mapping SQLite uses, kept until the connection closes. */
#define WAL_INDEX_REGION 32768      /* SQLite's WALINDEX_PGSZ */
#define WAL_INDEX_VERSION 3007000

static void shm_map(Db *db) {
  sqlite3_file *f = NULL;
  if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK || !f || !f->pMethods ||
      f->pMethods->iVersion < 2 || !f->pMethods->xShmMap) {
    return;
  }
  volatile void *p = NULL;
  /* Not extending: a database not in WAL mode has no index, and stays
  ** without a mark (every request reads, as before). */
  if (f->pMethods->xShmMap(f, 0, WAL_INDEX_REGION, 0, &p) == SQLITE_OK && p) db->pShm = p;
}

static int shm_mark(Db *db, DbMark *m) {
  if (!db->pShm) return 0;
  unsigned char a[48], b[48];
  /* The first copy, then the second: a writer writes them the other way
  ** round, so two equal copies were not caught half written. */
  memcpy(a, (const void *)db->pShm, sizeof a);
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  memcpy(b, (const void *)(db->pShm + 48), sizeof b);
  /* Nothing the request then reads may be read before the mark. */
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint32_t version;
  memcpy(&version, a, sizeof version);
  if (memcmp(a, b, sizeof a) != 0 || version != WAL_INDEX_VERSION || a[12] != 1 /* isInit */) return 0;
  memcpy(m->a, a, sizeof a);
  return 1;
}

/* One read transaction for all of a request's reads, rather than one per
** statement: each start of a read transaction takes and drops a lock on
** the WAL index (two fcntl calls), and after any other connection's
** commit (with an audit entry per view of a record, nearly always) throws
** away the connection's page cache and reads the pages again. A page is
** also drawn from one moment of the data, the same one its cache key's
** data generation comes from. A write ends the snapshot first (SQLite
** cannot make an old snapshot a write transaction once another connection
** has committed), and what the request reads after it is read fresh. */
void db_read_begin(Db *db) {
  if (db->depth > 0 || db->reading || db->poisonAt) return;
  /* The mark before the snapshot: what is read in it is at least as new,
  ** so a mark that has not moved by the next request still describes it. */
  db->hasMark = shm_mark(db, &db->mark);
  /* A deferred BEGIN takes no lock: the snapshot starts at the first read. */
  if (db_exec(db, "BEGIN", "") == DB_OK) db->reading = 1;
  else db->hasMark = 0;
}

int db_read_mark(Db *db, DbMark *m) {
  if (!db->reading || !db->hasMark) return 0;
  *m = db->mark;
  return 1;
}

int db_read_marked(Db *db, const DbMark *m) {
  return db->reading && db->hasMark && memcmp(db->mark.a, m->a, sizeof m->a) == 0;
}

void db_read_end(Db *db) {
  if (!db->reading) return;
  db->reading = 0;
  db->hasMark = 0;
  if (!db->pShm) shm_map(db);
  /* Ending a read transaction cannot lose anything, so a failure (a
  ** statement left stepping) is rolled back, never reported. */
  if (!db->pEndRead && sqlite3_prepare_v3(db->h, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &db->pEndRead, NULL) != SQLITE_OK) {
    db->pEndRead = NULL;
  }
  int rc = db->pEndRead ? sqlite3_step(db->pEndRead) : SQLITE_ERROR;
  if (db->pEndRead) sqlite3_reset(db->pEndRead);
  if (rc != SQLITE_DONE) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Each row an integrity or foreign-key check returns is a problem. The
** checks read every page, so a read error is reported as one too, never
** taken for a clean result. */
int db_check(Db *db, int quick, Buf *pReport) {
  int nProblem = 0;
  Stmt *s = db_prepare(db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    const char *z = db_col_text(s, 0);
    if (strcmp(z, "ok") == 0) continue;
    buf_printf(pReport, "integrity: %s\n", z);
    nProblem++;
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    buf_printf(pReport, "integrity: the check could not finish: %s\n", db_errmsg(db));
    return -1;
  }
  if (quick) return nProblem;
  s = db_prepare(db, "PRAGMA foreign_key_check");
  while ((rc = db_step(s)) == DB_ROW) {
    buf_printf(pReport, "foreign key: %s row %lld refers to a missing %s row\n", db_col_text(s, 0),
               (long long)db_col_int(s, 1), db_col_text(s, 2));
    nProblem++;
  }
  db_finalize(s);
  if (rc != DB_DONE) {
    buf_printf(pReport, "foreign key: the check could not finish: %s\n", db_errmsg(db));
    return -1;
  }
  return nProblem;
}

/* ---- The database file as a whole ---------------------------------------- */

/* VACUUM INTO rather than SQLite's online backup API. Both read the
** database inside one read transaction, which in WAL mode is a snapshot
** that writers never wait for and never disturb. But the backup API,
** stepped a little at a time so as not to hold the snapshot long, starts
** again from the beginning whenever another process commits, so against a
** busy server it may never finish; stepped all at once it is no better
** than VACUUM INTO, and copies the free pages too. VACUUM INTO writes a
** compact file with no -wal beside it, is plain SQL through this layer,
** and fills an empty file the caller made, with the mode the caller chose,
** rather than one SQLite creates. */
int db_backup(Db *db, const char *zPath) {
  db_read_end(db);   /* VACUUM cannot run inside a transaction */
  if (db->depth > 0) {
    /* VACUUM cannot run inside a transaction: a caller's mistake, said as
    ** an error rather than ending the process. */
    free(db->zErr);
    db->lastRc = SQLITE_MISUSE;
    db->zErr = xmprintf("a backup cannot be taken inside the transaction begun at %s:%d", db->azFile[0],
                        db->aLine[0]);
    return DB_ERROR;
  }
  return db_exec(db, "VACUUM INTO ?", "s", zPath);
}

/* A connection of its own, not through db_open: that would migrate the
** file, and these look at a database as it is, before any migration. */
static sqlite3 *open_as_is(const char *zPath, char **pzErr) {
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    *pzErr = xmprintf("cannot open %s: %s", zPath, h ? sqlite3_errmsg(h) : "out of memory");
    sqlite3_close(h);
    return NULL;
  }
  sqlite3_busy_timeout(h, 5000);
  return h;
}

/* The first column of zSql's first row, or dflt. */
static int64_t int_as_is(sqlite3 *h, const char *zSql, int64_t dflt) {
  sqlite3_stmt *p = NULL;
  int64_t v = dflt;
  if (sqlite3_prepare_v2(h, zSql, -1, &p, NULL) == SQLITE_OK && sqlite3_step(p) == SQLITE_ROW &&
      sqlite3_column_type(p, 0) != SQLITE_NULL) {
    v = sqlite3_column_int64(p, 0);
  }
  sqlite3_finalize(p);
  return v;
}

int db_file_version(const char *zPath, int *pVersion, char **pzErr) {
  *pzErr = NULL;
  *pVersion = 0;
  sqlite3 *h = open_as_is(zPath, pzErr);
  if (!h) return -1;
  int rc = 0;
  if (int_as_is(h, "SELECT count(*) FROM sqlite_master WHERE name='schema_version'", -1) > 0) {
    int64_t v = int_as_is(h, "SELECT max(version) FROM schema_version", -1);
    if (v < 0) {
      *pzErr = xmprintf("cannot read the schema version of %s: %s", zPath, sqlite3_errmsg(h));
      rc = -1;
    } else {
      *pVersion = (int)v;
    }
  }
  sqlite3_close(h);
  return rc;
}

int db_file_backup(const char *zPath, const char *zDest, char **pzErr) {
  *pzErr = NULL;
  sqlite3 *h = open_as_is(zPath, pzErr);
  if (!h) return -1;
  sqlite3_stmt *p = NULL;
  int rc = sqlite3_prepare_v2(h, "VACUUM INTO ?", -1, &p, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(p, 1, zDest, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_step(p) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  if (rc != SQLITE_OK) *pzErr = xmprintf("cannot copy %s to %s: %s", zPath, zDest, sqlite3_errmsg(h));
  sqlite3_finalize(p);
  sqlite3_close(h);
  if (rc != SQLITE_OK) return -1;
  /* The copy is read back whole before anyone relies on it. */
  h = open_as_is(zDest, pzErr);
  if (!h) return -1;
  sqlite3_stmt *q = NULL;
  int good = sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW;
  const unsigned char *zResult = good ? sqlite3_column_text(q, 0) : NULL;
  good = zResult && strcmp((const char *)zResult, "ok") == 0;
  if (!good) *pzErr = xmprintf("the copy %s of %s failed its check: %s", zDest, zPath, sqlite3_errmsg(h));
  sqlite3_finalize(q);
  sqlite3_close(h);
  return good ? 0 : -1;
}

/* SQLite locks a database file with POSIX advisory locks on the 512 bytes
** from 0x40000000 (PENDING_BYTE, RESERVED_BYTE, then the SHARED range; part
** of the file format, "the lock-byte page", so every version agrees). In
** WAL mode, which db_open sets, every connection holds a read lock on the
** SHARED range from the moment it opens until it closes, idle or not: the
** server's checkpointer thread keeps one open as long as it runs. A write
** lock on all 512 bytes is therefore granted only when no other process
** has the file open through SQLite, and while held it makes any that tries
** wait or fail busy: it is SQLite's own EXCLUSIVE lock, taken without
** opening the file as a database, so a file too damaged to open can still
** be locked before it is replaced. A lock file of our own would only see
** Oversight processes that knew to take it; this sees the sqlite3 shell
** too.
** POSIX locks belong to the process, and closing any descriptor of a file
** drops all of the process's locks on it: so the caller must have no
** SQLite connection on this file, or SQLite's locks would vanish when
** this descriptor is closed. */
#define LOCK_BYTES_START 0x40000000
#define LOCK_BYTES_LEN 512

int db_lock_file(const char *zPath, int *pInUse, char **pzErr) {
  *pInUse = 0;
  *pzErr = NULL;
  int fd = open(zPath, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    *pzErr = xmprintf("cannot open %s: %s", zPath, strerror(errno));
    return -1;
  }
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = LOCK_BYTES_START,
                     .l_len = LOCK_BYTES_LEN};
  if (fcntl(fd, F_SETLK, &fl) != 0) {
    int e = errno;
    close(fd);
    if (e == EAGAIN || e == EACCES) {
      *pInUse = 1;
      *pzErr = xmprintf("%s is open in another program", zPath);
    } else {
      *pzErr = xmprintf("cannot lock %s: %s", zPath, strerror(e));
    }
    return -1;
  }
  return fd;
}

void db_unlock_file(int fd) {
  if (fd >= 0) close(fd);   /* closing drops the lock */
}
