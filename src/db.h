/*
** db.h: the one database interface. Everything above it speaks this API;
** only db.c knows the engine is SQLite.
**
** SQL passed in must be acceptable to PostgreSQL too: bound parameters are
** written "?" (the PostgreSQL backend numbers them), no SQLite-only
** functions, dates as 'YYYY-MM-DD' text, booleans as 0/1 integers, new ids
** read back with RETURNING. Untrusted input only ever reaches SQL as a
** bound parameter: there is deliberately no way to splice a string in.
*/
#ifndef OVERSIGHT_DB_H
#define OVERSIGHT_DB_H

#include <stdint.h>
#include "calendar.h"
#include "util.h"

typedef struct Db Db;
typedef struct Stmt Stmt;

enum { DB_OK = 0, DB_ERROR = 1, DB_ROW = 100, DB_DONE = 101 };

/* One migration: the schema version it brings the database to. */
typedef struct DbMigration { int version; const char *zName; const char *zSql; } DbMigration;
extern const DbMigration db_migrations[];
extern const int db_n_migrations;
#define DB_SCHEMA_VERSION (db_n_migrations)

/* Open (creating if need be) and migrate the database at zPath. A Db is
** used by one thread at a time: each thread opens its own. Returns
** NULL and sets *pzErr (caller frees) if it cannot be opened, or was made
** by a newer Oversight than this one. */
Db *db_open(const char *zPath, char **pzErr);
void db_close(Db *db);
/* Another connection to db's database file, only for reading, for work
** split across threads: db_open's migrations and settings are not
** repeated. NULL if db has no file (a database in memory) or the file
** cannot be opened; the caller then does the work on db. */
Db *db_open_reader(Db *db);
int db_schema_version(Db *db);
/* Message for the last error, with the SQL and where it was prepared. */
const char *db_errmsg(Db *db);
/* True if the last error was a constraint (unique, foreign key, check). */
int db_err_is_constraint(Db *db);
/* True if the last error was another writer holding the lock too long,
** or the disk (or the database's size limit) being full. */
int db_err_is_busy(Db *db);
int db_err_is_full(Db *db);

/* Failures. A statement that cannot run for any reason but a constraint
** (the database busy, the disk full, an I/O error, a damaged file) is
** remembered on the connection until cleared, because a loop that stops
** at DB_ERROR looks like one that ran out of rows: the web skeleton
** clears it before each request and turns the page into an error page
** after, and a command exits non-zero (see db_process_failures). A commit
** after a failure inside its transaction rolls back instead. */
enum { DB_FAIL_NONE, DB_FAIL_BUSY, DB_FAIL_FULL, DB_FAIL_READONLY, DB_FAIL_OTHER };
int db_failed(Db *db);                /* DB_FAIL_*, the first since cleared */
const char *db_failure(Db *db);       /* its message */
void db_clear_failure(Db *db);
/* Note a failure met on another connection on this one's behalf (the
** audit log's group commit writes for many requests at once). */
void db_note_failure(Db *db, int kind, const char *zMsg);
/* Failures of every connection of this process, and the first's message
** (static; may be NULL): what a command checks before exiting 0. */
long db_process_failures(const char **pzFirst);
/* How long a statement waits for another connection's write lock before
** failing busy: ms >= 0 (the server: bounded, then a 503), or < 0 to wait
** as long as it takes, saying so on stderr after a second (the command
** line). The default is 5000. */
void db_set_busy_wait(Db *db, int ms);

/* Prepare sql; a malformed statement is a programming error and is fatal. */
#define db_prepare(db, sql) db_prepare_at(db, sql, __FILE__, __LINE__)
Stmt *db_prepare_at(Db *db, const char *zSql, const char *zFile, int line);
/* Binding index i is 1-based. A NULL string or DATE_NONE binds SQL NULL. */
void db_bind_int(Stmt *s, int i, int64_t v);
void db_bind_double(Stmt *s, int i, double v);
void db_bind_text(Stmt *s, int i, const char *z);
void db_bind_date(Stmt *s, int i, Date d);
void db_bind_null(Stmt *s, int i);
/* bind a tri-state: -1 NULL (not recorded), else 0/1 */
void db_bind_bool3(Stmt *s, int i, int v);
int db_step(Stmt *s);            /* DB_ROW, DB_DONE or DB_ERROR */
void db_reset(Stmt *s);
void db_finalize(Stmt *s);
int db_column_count(Stmt *s);
const char *db_column_name(Stmt *s, int i);
int db_col_is_null(Stmt *s, int i);
int64_t db_col_int(Stmt *s, int i);
double db_col_double(Stmt *s, int i);
const char *db_col_text(Stmt *s, int i);  /* "" for NULL; valid until next step */
Date db_col_date(Stmt *s, int i);         /* DATE_NONE for NULL or unparsable */
int db_col_bool3(Stmt *s, int i);         /* -1 NULL, else 0/1 */
/* Bytes in db_col_text(s, i) (call after it), counting any NUL inside. */
int db_col_bytes(Stmt *s, int i);

/* Prepare and bind in one call. zTypes has one letter per "?":
**   i int, I int64_t, r int64_t id (0 -> NULL), d double, s string (NULL -> NULL),
**   D Date (DATE_NONE -> NULL), b tri-state flag (-1 -> NULL)
** e.g. db_query(db, "SELECT name FROM child WHERE id=?", "I", id). */
#define db_query(db, sql, ...) db_query_at(db, __FILE__, __LINE__, sql, __VA_ARGS__)
Stmt *db_query_at(Db *db, const char *zFile, int line, const char *zSql, const char *zTypes, ...);
/* Run a statement returning no rows; DB_OK or DB_ERROR. */
#define db_exec(db, sql, ...) db_exec_at(db, __FILE__, __LINE__, sql, __VA_ARGS__)
int db_exec_at(Db *db, const char *zFile, int line, const char *zSql, const char *zTypes, ...);
/* First column of the first row as an integer, or dflt when no row. */
#define db_int(db, dflt, sql, ...) db_int_at(db, __FILE__, __LINE__, dflt, sql, __VA_ARGS__)
int64_t db_int_at(Db *db, const char *zFile, int line, int64_t dflt, const char *zSql, const char *zTypes, ...);
/* Run several statements with no parameters (schema, PRAGMAs). */
int db_exec_script(Db *db, const char *zSql);

/* Transactions nest: the outermost begin starts one, inner ones are
** savepoints. Each records where it was opened so an unbalanced begin can
** be reported by file and line. Rolling back an inner one undoes only it. */
/* A begin that cannot start (another writer kept the lock past the busy
** wait) returns DB_ERROR and still counts as open: every statement until
** its rollback fails without running, and its commit fails, so a caller
** that ignores the result writes nothing rather than half a change. */
#define db_begin(db) db_begin_at(db, __FILE__, __LINE__)
int db_begin_at(Db *db, const char *zFile, int line);
/* Begin only if the write lock is free this moment: DB_OK (a transaction
** is open), or DB_ERROR with none open and no failure noted. For writes
** that may be skipped, such as noting when a session was last used. */
#define db_try_begin(db) db_try_begin_at(db, __FILE__, __LINE__)
int db_try_begin_at(Db *db, const char *zFile, int line);
int db_commit(Db *db);           /* DB_OK, or DB_ERROR (and rolled back) */
void db_rollback(Db *db);
int db_depth(Db *db);
/* A read snapshot: every statement until db_read_end() (or the next
** db_begin, which ends it first) reads the database as it was at the
** first of them. For a request's reads: fewer locks taken, and one
** consistent moment. Does nothing inside a transaction or an open
** snapshot. */
void db_read_begin(Db *db);
void db_read_end(Db *db);

/* What was read in one request, kept for the next, is still true if no
** connection of any program has committed since. A DbMark is the state
** of the data as db_read_begin() found it, taken without a transaction
** or a lock (SQLite: the WAL index's header, which every commit
** rewrites). db_read_mark fills m with the open snapshot's mark: 1, or 0
** if there is none to trust (no snapshot, a write since it began, or a
** database not in WAL mode), and then nothing may be kept by it. */
typedef struct DbMark { unsigned char a[48]; } DbMark;
int db_read_mark(Db *db, DbMark *m);
/* Whether the open snapshot's mark is m: nothing committed since m. */
int db_read_marked(Db *db, const DbMark *m);

/* Check the database file: PRAGMA quick_check (quick) or integrity_check
** and foreign_key_check. Each problem is a line appended to pReport. The
** number of problems, or -1 if the check itself could not run to the end
** (said in pReport). */
int db_check(Db *db, int quick, Buf *pReport);

/* ---- The database file as a whole: backup and restore ---- */

/* Write a copy of the whole database, as one consistent moment, into the
** file zPath, which must be empty or not exist (the caller makes it, with
** the mode it wants). Other connections, in this process or another, go
** on reading and writing meanwhile. Not inside a transaction. DB_OK, or
** DB_ERROR with db_errmsg() saying why. */
int db_backup(Db *db, const char *zPath);
/* The schema version of the database file at zPath as it is, without
** migrating it (0: a file with no schema yet). 0, or -1 with *pzErr set
** (caller frees). */
int db_file_version(const char *zPath, int *pVersion, char **pzErr);
/* Copy the database file at zPath as it is, not migrated, into zDest
** (empty or absent), as db_backup does, and quick-check the copy: what
** is kept before a migration changes the file. 0, or -1 with *pzErr set
** (caller frees). */
int db_file_backup(const char *zPath, const char *zDest, char **pzErr);
/* Take the database file at zPath for this process alone: no other
** process may have it open while the lock is held, and none can open it
** until it is released. A descriptor holding the lock, or -1 with *pzErr
** set (caller frees) and *pInUse 1 when another process has the file
** open, 0 when it could not be opened at all. Works on a damaged file too
** (it never reads the file). The caller must have no connection open on
** this file, before or during: see db.c. */
int db_lock_file(const char *zPath, int *pInUse, char **pzErr);
void db_unlock_file(int fd);

/* Waits for the write lock since the process started (for /metrics):
** times a writer queued behind another writer of this process, the
** seconds spent queued, the queues given up (the busy wait ran out), and
** times another process (the command line) held the lock. */
typedef struct DbWaitStats { uint64_t nWaits, nTimeouts, nBusy; double secs; } DbWaitStats;
void db_wait_stats(DbWaitStats *p);
/* The database's size in bytes (pages in use and free), or < 0. */
int64_t db_size_bytes(Db *db);

/* Rows changed by the last statement, and the engine's name. */
int db_changes(Db *db);
const char *db_engine(Db *db);

#endif
