/*
** test_db.c: unit tests for the database layer (db.c) and the audit log.
**
** The schema is the contract every other module relies on, so these tests
** check what the engine actually holds after each call (by reading it back,
** and for the newer-version refusal through a raw sqlite3 handle that
** bypasses db.c), never just the return codes.
*/
#include "testutil.h"
#include "audit.h"
#include "db.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- A database file of our own ------------------------------------------ */

/* test_db_open() hides its path, and the migration tests must close and
** reopen the same file, so they make and remove their own. */



/* The whole file, for byte-for-byte comparison; caller frees. */
static char *slurp(const char *zPath, long *pn) {
  FILE *f = fopen(zPath, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *z = xmalloc((size_t)n + 1);
  assert_int_equal(fread(z, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *pn = n;
  return z;
}

static int table_exists(Db *db, const char *zName) {
  return (int)db_int(db, 0, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?",
                     "s", zName);
}

static int64_t count_children(Db *db) {
  return db_int(db, -1, "SELECT count(*) FROM child", "");
}

static void add_child(Db *db, const char *zRef) {
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                               " VALUES(?, 'Test', 'Child', '2015-01-01', 'F')", "s", zRef),
                   DB_OK);
}

/* ---- Migration ------------------------------------------------------------ */

static void test_migrate_empty_database(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);

  assert_true(DB_SCHEMA_VERSION >= 1);
  assert_int_equal(db_schema_version(db), DB_SCHEMA_VERSION);
  /* One version row per migration applied, not one per open. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM schema_version", ""), DB_SCHEMA_VERSION);

  static const char *const azTable[] = {
    "schema_version", "locality", "sibling_group", "child", "care_notification", "episode",
    "iro", "iro_locality", "allocation", "review", "contact", "closure_day", "rule", "audit_log",
  };
  for (int i = 0; i < COUNT(azTable); i++) {
    if (!table_exists(db, azTable[i])) {
      print_error("table %s missing after migration\n", azTable[i]);
      fail();
    }
  }
  /* The rule defaults ship with the schema. */
  assert_true(db_int(db, 0, "SELECT count(*) FROM rule", "") > 0);

  Stmt *s = db_prepare(db, "PRAGMA journal_mode");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "wal");
  db_finalize(s);

  /* Foreign keys enforced: SQLite leaves them off unless asked. */
  assert_int_equal(db_exec(db, "INSERT INTO episode(child_id, start_date, rne, legal_status, cin,"
                               " placement) VALUES(999, '2024-01-01', 'S', 'C2', 'N1', 'U1')", ""),
                   DB_ERROR);
  assert_true(db_err_is_constraint(db));
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM episode", ""), 0);

  db_close(db);
  test_remove_db(zPath);
}

static void test_reopen_is_noop(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  add_child(db, "KEEP1");
  add_child(db, "KEEP2");
  int64_t nRule = db_int(db, -1, "SELECT count(*) FROM rule", "");
  /* A changed rule must survive: re-running the migration would reset it. */
  assert_int_equal(db_exec(db, "UPDATE rule SET amount=15 WHERE name='review_first'", ""), DB_OK);
  db_close(db);

  db = test_db_open_at(zPath);
  assert_int_equal(db_schema_version(db), DB_SCHEMA_VERSION);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM schema_version", ""), DB_SCHEMA_VERSION);
  assert_int_equal(count_children(db), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM child WHERE child_ref IN ('KEEP1','KEEP2')", ""), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM rule", ""), nRule);
  assert_int_equal(db_int(db, -1, "SELECT amount FROM rule WHERE name='review_first'", ""), 15);
  db_close(db);
  test_remove_db(zPath);
}

static void test_refuses_newer_database(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  add_child(db, "OLD1");
  assert_int_equal(db_exec(db, "INSERT INTO schema_version(version, applied_at) VALUES(?, 'later')",
                           "i", DB_SCHEMA_VERSION + 1), DB_OK);
  db_close(db);
  long nBefore;
  char *zBefore = slurp(zPath, &nBefore);

  char *zErr = NULL;
  db = db_open(zPath, &zErr);
  assert_null(db);
  /* Not a byte written: an older program must not touch a newer file. */
  long nAfter;
  char *zAfter = slurp(zPath, &nAfter);
  assert_int_equal(nAfter, nBefore);
  assert_memory_equal(zAfter, zBefore, (size_t)nBefore);
  free(zBefore);
  free(zAfter);
  assert_non_null(zErr);
  char zHave[16], zKnow[16];
  snprintf(zHave, sizeof zHave, "%d", DB_SCHEMA_VERSION + 1);
  snprintf(zKnow, sizeof zKnow, "%d", DB_SCHEMA_VERSION);
  if (!strstr(zErr, "newer") || !strstr(zErr, zHave) || !strstr(zErr, zKnow)) {
    print_error("message should say newer, %s and %s: %s\n", zHave, zKnow, zErr);
    fail();
  }
  free(zErr);

  /* Read through SQLite itself: db_open must not have touched the data. */
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *p = NULL;
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT max(version), count(*) FROM schema_version",
                                      -1, &p, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(p), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(p, 0), DB_SCHEMA_VERSION + 1);
  assert_int_equal(sqlite3_column_int(p, 1), DB_SCHEMA_VERSION + 1);
  sqlite3_finalize(p);
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT applied_at FROM schema_version WHERE version=?",
                                      -1, &p, NULL), SQLITE_OK);
  sqlite3_bind_int(p, 1, DB_SCHEMA_VERSION + 1);
  assert_int_equal(sqlite3_step(p), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(p, 0), "later");
  sqlite3_finalize(p);
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT child_ref FROM child", -1, &p, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(p), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(p, 0), "OLD1");
  assert_int_equal(sqlite3_step(p), SQLITE_DONE);
  sqlite3_finalize(p);
  sqlite3_close(h);
  test_remove_db(zPath);
}

static void test_open_unopenable(void **state) {
  (void)state;
  char *zErr = NULL;
  Db *db = db_open("/nonexistent-oversight-dir/sub/o.db", &zErr);
  assert_null(db);
  assert_non_null(zErr);
  /* The administrator needs to know which file. */
  assert_non_null(strstr(zErr, "/nonexistent-oversight-dir/sub/o.db"));
  free(zErr);
}

/* ---- Transactions --------------------------------------------------------- */

static void test_nested_rollback_inner(void **state) {
  (void)state;
  Db *db = test_db_open();
  assert_int_equal(db_depth(db), 0);
  db_begin(db);
  assert_int_equal(db_depth(db), 1);
  add_child(db, "OUTER");
  db_begin(db);
  assert_int_equal(db_depth(db), 2);
  add_child(db, "INNER");
  assert_int_equal(count_children(db), 2);
  db_rollback(db);
  assert_int_equal(db_depth(db), 1);
  /* Only the savepoint's work is undone; the outer transaction goes on. */
  assert_int_equal(count_children(db), 1);
  add_child(db, "AFTER");
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(count_children(db), 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM child WHERE child_ref='OUTER'", ""), 1);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM child WHERE child_ref='INNER'", ""), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM child WHERE child_ref='AFTER'", ""), 1);
  test_db_close(db);
}

static void test_nested_commit_inner_rollback_outer(void **state) {
  (void)state;
  Db *db = test_db_open();
  db_begin(db);
  add_child(db, "OUTER");
  db_begin(db);
  add_child(db, "INNER");
  /* Releasing a savepoint is not durable: the outer rollback takes it too. */
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_depth(db), 1);
  assert_int_equal(count_children(db), 2);
  db_rollback(db);
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(count_children(db), 0);

  /* Three deep, then unwound one at a time. */
  db_begin(db);
  db_begin(db);
  db_begin(db);
  assert_int_equal(db_depth(db), 3);
  add_child(db, "DEEP");
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_depth(db), 2);
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_depth(db), 1);
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(count_children(db), 1);
  test_db_close(db);
}

/* ---- Parameters ----------------------------------------------------------- */

static void test_hostile_text_is_data(void **state) {
  (void)state;
  Db *db = test_db_open();
  const char *zEvil = "Robert'); DROP TABLE child;--";
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                               " VALUES('X1', ?, ?, '2015-01-01', 'M')", "ss", zEvil, "\"quoted\" ''"),
                   DB_OK);
  assert_true(table_exists(db, "child"));
  Stmt *s = db_query(db, "SELECT given_name, family_name FROM child WHERE given_name=?", "s", zEvil);
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), zEvil);
  assert_string_equal(db_col_text(s, 1), "\"quoted\" ''");
  assert_int_equal(db_step(s), DB_DONE);
  db_finalize(s);
  test_db_close(db);
}

static void test_query_type_letters(void **state) {
  (void)state;
  Db *db = test_db_open();
  int64_t big = INT64_C(5000000000);  /* does not fit an int: 'I' must carry 64 bits */
  Stmt *s = db_query(db, "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", "iIsDDbbbrrsd",
                     -42, big, "text", D("2024-02-29"), DATE_NONE, -1, 0, 1, (int64_t)0,
                     (int64_t)7, (const char *)NULL, 0.5);
  assert_int_equal(db_step(s), DB_ROW);
  assert_int_equal(db_col_int(s, 0), -42);
  assert_true(db_col_int(s, 1) == big);
  assert_string_equal(db_col_text(s, 2), "text");
  assert_string_equal(db_col_text(s, 3), "2024-02-29");
  assert_date_equal(db_col_date(s, 3), D("2024-02-29"));
  assert_true(db_col_is_null(s, 4));
  assert_true(db_col_date(s, 4) == DATE_NONE);
  assert_true(db_col_is_null(s, 5));
  assert_int_equal(db_col_bool3(s, 5), -1);
  assert_false(db_col_is_null(s, 6));
  assert_int_equal(db_col_bool3(s, 6), 0);
  assert_int_equal(db_col_bool3(s, 7), 1);
  assert_true(db_col_is_null(s, 8));
  assert_false(db_col_is_null(s, 9));
  assert_int_equal(db_col_int(s, 9), 7);
  assert_true(db_col_is_null(s, 10));
  assert_string_equal(db_col_text(s, 10), "");
  assert_true(db_col_double(s, 11) == 0.5);
  db_finalize(s);

  /* The same letters through a real table, so the schema's CHECKs see them. */
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex,"
                               " disability, uasc, locality_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                           "sssDsbir", "T1", "A", "B", D("2016-07-04"), "U", -1, 1, (int64_t)0),
                   DB_OK);
  s = db_query(db, "SELECT dob, disability, uasc, locality_id FROM child WHERE child_ref=?", "s", "T1");
  assert_int_equal(db_step(s), DB_ROW);
  assert_date_equal(db_col_date(s, 0), D("2016-07-04"));
  assert_int_equal(db_col_bool3(s, 1), -1);
  assert_int_equal(db_col_int(s, 2), 1);
  assert_true(db_col_is_null(s, 3));
  db_finalize(s);
  test_db_close(db);
}

/* ---- Errors --------------------------------------------------------------- */

static void test_constraint_failure(void **state) {
  (void)state;
  Db *db = test_db_open();
  add_child(db, "DUP");
  int line = __LINE__ + 1;
  int rc = db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                       " VALUES('DUP', 'A', 'B', '2015-01-01', 'M')", "");
  assert_int_equal(rc, DB_ERROR);
  assert_true(db_err_is_constraint(db));
  char zWhere[256];
  snprintf(zWhere, sizeof zWhere, "%s:%d", __FILE__, line);
  if (!strstr(db_errmsg(db), zWhere)) {
    print_error("db_errmsg should name %s: %s\n", zWhere, db_errmsg(db));
    fail();
  }
  assert_int_equal(count_children(db), 1);

  /* A CHECK violation is a constraint too. */
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                               " VALUES('BAD', 'A', 'B', '2015-01-01', 'X')", ""), DB_ERROR);
  assert_true(db_err_is_constraint(db));

  /* A rollback after the failure must not lose the message that explains it. */
  db_begin(db);
  assert_int_equal(db_exec(db, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                               " VALUES('DUP', 'A', 'B', '2015-01-01', 'M')", ""), DB_ERROR);
  db_rollback(db);
  assert_true(db_err_is_constraint(db));
  assert_non_null(strstr(db_errmsg(db), __FILE__));
  test_db_close(db);
}

/* ---- Audit log ------------------------------------------------------------ */

static void test_audit_append_only(void **state) {
  (void)state;
  Db *db = test_db_open();
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 0);
  assert_int_equal(audit_write(db, "cli:tester", "child.view", "child:A1", "before", "after",
                               "192.0.2.1"), DB_OK);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 1);

  Stmt *s = db_prepare(db, "SELECT id, at, actor, action, record, before_value, after_value, client"
                           " FROM audit_log");
  assert_int_equal(db_step(s), DB_ROW);
  int64_t id = db_col_int(s, 0);
  char zAt[64];
  snprintf(zAt, sizeof zAt, "%s", db_col_text(s, 1));
  assert_int_equal(strlen(zAt), 20);  /* YYYY-MM-DDTHH:MM:SSZ */
  assert_string_equal(db_col_text(s, 2), "cli:tester");
  assert_string_equal(db_col_text(s, 3), "child.view");
  assert_string_equal(db_col_text(s, 4), "child:A1");
  assert_string_equal(db_col_text(s, 5), "before");
  assert_string_equal(db_col_text(s, 6), "after");
  assert_string_equal(db_col_text(s, 7), "192.0.2.1");
  db_finalize(s);

  assert_int_equal(db_exec(db, "UPDATE audit_log SET actor='someone else' WHERE id=?", "I", id),
                   DB_ERROR);
  assert_int_equal(db_exec(db, "UPDATE audit_log SET after_value=NULL", ""), DB_ERROR);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id=?", "I", id), DB_ERROR);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log", ""), DB_ERROR);

  s = db_query(db, "SELECT at, actor, action, record, before_value, after_value, client"
                   " FROM audit_log WHERE id=?", "I", id);
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), zAt);
  assert_string_equal(db_col_text(s, 1), "cli:tester");
  assert_string_equal(db_col_text(s, 2), "child.view");
  assert_string_equal(db_col_text(s, 3), "child:A1");
  assert_string_equal(db_col_text(s, 4), "before");
  assert_string_equal(db_col_text(s, 5), "after");
  assert_string_equal(db_col_text(s, 6), "192.0.2.1");
  db_finalize(s);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 1);

  /* A view has no before/after, and the command line no client address. */
  assert_int_equal(audit_write(db, "cli:tester", "child.view", "child:A1", NULL, NULL, NULL), DB_OK);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE before_value IS NULL"
                                  " AND after_value IS NULL AND client IS NULL", ""), 1);
  test_db_close(db);
}


/* ---- Failures: busy, damaged, never taken for the end of the rows --------- */

/* Another program's write transaction, on a raw handle that bypasses
** db.c (and so its in-process write mutex), as `import 903` in another
** window would hold it. */
static sqlite3 *hold_write_lock(const char *zPath) {
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open(zPath, &h), SQLITE_OK);
  assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  return h;
}

static void release_write_lock(sqlite3 *h) {
  assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(h);
}

static void test_begin_busy_fails_and_writes_nothing(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  db_set_busy_wait(db, 100);
  assert_int_equal(db_exec(db, "INSERT INTO closure_day(day, name) VALUES('2026-12-24', 'before')", ""), DB_OK);
  sqlite3 *h = hold_write_lock(zPath);
  /* Used to be fatal: the server printed "cannot begin a transaction" and exited. */
  assert_int_equal(db_begin(db), DB_ERROR);
  assert_int_equal(db_failed(db), DB_FAIL_BUSY);
  assert_int_equal(db_depth(db), 1);
  /* A caller that does not check goes on; nothing it does is written. */
  assert_int_equal(db_exec(db, "INSERT INTO closure_day(day, name) VALUES('2026-12-29', 'x')", ""), DB_ERROR);
  assert_int_equal(db_begin(db), DB_ERROR);     /* nested inside it: fails too */
  db_rollback(db);
  assert_int_equal(db_commit(db), DB_ERROR);
  assert_int_equal(db_depth(db), 0);
  release_write_lock(h);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day WHERE name='x'", ""), 0);
  /* The connection and the process's write mutex are usable again. */
  db_clear_failure(db);
  assert_int_equal(db_begin(db), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO closure_day(day, name) VALUES('2026-12-30', 'y')", ""), DB_OK);
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_failed(db), DB_FAIL_NONE);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day", ""), 2);
  db_close(db);
  test_remove_db(zPath);
}

static void test_try_begin_skips_quietly(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  sqlite3 *h = hold_write_lock(zPath);
  assert_int_equal(db_try_begin(db), DB_ERROR);
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(db_failed(db), DB_FAIL_NONE);   /* skipping is not a failure */
  release_write_lock(h);
  assert_int_equal(db_try_begin(db), DB_OK);
  assert_int_equal(db_depth(db), 1);
  assert_int_equal(db_commit(db), DB_OK);
  db_close(db);
  test_remove_db(zPath);
}

/* A request's snapshot (db_read_begin): reads stay at the moment of the
** first one while another connection commits; a write of its own ends
** the snapshot first and then commits, with no busy error from an old
** snapshot; after it, reads see everything; the snapshot ends cleanly
** whichever way. */
static void test_read_snapshot(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  Db *other = test_db_open_at(zPath);   /* a second connection */
  add_child(db, "S1");
  db_read_begin(db);
  assert_int_equal(count_children(db), 1);
  add_child(other, "S2");   /* another connection commits */
  assert_int_equal(count_children(db), 1);   /* still the first moment */
  assert_int_equal(db_depth(db), 0);          /* a snapshot is not a transaction */
  /* A write ends the snapshot: it starts from the latest data. */
  assert_int_equal(db_begin(db), DB_OK);
  add_child(db, "S3");
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(count_children(db), 3);
  add_child(other, "S4");
  assert_int_equal(count_children(db), 4);    /* no snapshot now: fresh */
  db_read_end(db);
  db_read_end(db);                            /* twice is harmless */
  /* An audit entry written alone (the group commit) ends it too. */
  db_read_begin(db);
  assert_int_equal(count_children(db), 4);
  assert_int_equal(audit_write(db, "tester", "child.view", "child:S1", NULL, NULL, NULL), DB_OK);
  add_child(other, "S5");
  assert_int_equal(count_children(db), 5);
  db_read_end(db);
  assert_int_equal(db_failed(db), DB_FAIL_NONE);
  db_close(other);
  db_close(db);
  test_remove_db(zPath);
}

/* Another program's commit: a process of its own, through SQLite alone. */
static void commit_elsewhere(const char *zPath, const char *zSql) {
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    sqlite3 *h = NULL;
    int ok = sqlite3_open(zPath, &h) == SQLITE_OK && sqlite3_busy_timeout(h, 5000) == SQLITE_OK &&
             sqlite3_exec(h, zSql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(h);
    _exit(ok ? 0 : 1);
  }
  int st = 0;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* The mark moves with every commit, from this connection, another or
** another program, and with a WAL begun again from its start after a
** checkpoint (the same number of frames, new salts); reads leave it; and
** there is none to trust outside a snapshot or after a write in it. */
static void test_read_mark(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  Db *other = test_db_open_at(zPath);   /* a second connection */
  DbMark m, m2;
  assert_int_equal(db_read_mark(db, &m), 0);   /* no snapshot */
  db_read_begin(db);
  count_children(db);
  db_read_end(db);
  db_read_begin(db);
  assert_int_equal(db_read_mark(db, &m), 1);
  assert_int_equal(count_children(db), 0);
  db_read_end(db);
  assert_int_equal(db_read_mark(db, &m2), 0);  /* the snapshot ended */
  /* Reads, here and elsewhere, leave it. */
  assert_int_equal(count_children(other), 0);
  db_read_begin(db);
  assert_true(db_read_marked(db, &m));
  db_read_end(db);
  /* Another connection's commit. */
  add_child(other, "M1");
  db_read_begin(db);
  assert_false(db_read_marked(db, &m));
  assert_int_equal(db_read_mark(db, &m), 1);
  db_read_end(db);
  /* Another program's. */
  commit_elsewhere(zPath, "UPDATE child SET given_name = 'Changed' WHERE child_ref = 'M1'");
  db_read_begin(db);
  assert_false(db_read_marked(db, &m));
  assert_int_equal(db_read_mark(db, &m), 1);
  db_read_end(db);
  /* The WAL emptied into the database and begun again: one frame, as
  ** before it, but not the same. */
  commit_elsewhere(zPath, "PRAGMA wal_checkpoint(TRUNCATE); UPDATE child SET given_name = 'Again' WHERE child_ref = 'M1'");
  db_read_begin(db);
  assert_false(db_read_marked(db, &m));
  assert_int_equal(db_read_mark(db, &m), 1);
  /* This connection's own write ends the snapshot: nothing to keep by. */
  assert_int_equal(db_begin(db), DB_OK);
  add_child(db, "M2");
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_read_mark(db, &m2), 0);
  assert_false(db_read_marked(db, &m));
  db_read_end(db);
  db_read_begin(db);
  assert_false(db_read_marked(db, &m));
  assert_int_equal(count_children(db), 2);
  db_read_end(db);
  db_close(other);
  db_close(db);
  test_remove_db(zPath);
}

/* Overwrite every leaf page of zTable in the file with junk. */
static int damage_table(const char *zPath, const char *zTable) {
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open(zPath, &h), SQLITE_OK);
  assert_int_equal(sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf'", -1, &s, NULL),
                   SQLITE_OK);
  sqlite3_bind_text(s, 1, zTable, -1, SQLITE_STATIC);
  int aPage[256], nPage = 0;
  while (sqlite3_step(s) == SQLITE_ROW && nPage < 256) aPage[nPage++] = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  int pageSize = 0;
  assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &s, NULL), SQLITE_OK);
  if (sqlite3_step(s) == SQLITE_ROW) pageSize = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  FILE *f = fopen(zPath, "r+b");
  assert_non_null(f);
  char *junk = malloc((size_t)pageSize);
  memset(junk, 0x5a, (size_t)pageSize);
  /* Keep the first leaf: the loop must read some rows, then fail. */
  for (int i = 1; i < nPage; i++) {
    fseek(f, (long)(aPage[i] - 1) * pageSize, SEEK_SET);
    fwrite(junk, 1, (size_t)pageSize, f);
  }
  free(junk);
  fclose(f);
  return nPage;
}

static void test_read_error_is_not_the_end_of_rows(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  assert_int_equal(db_exec_script(db, "CREATE TABLE note(id INTEGER PRIMARY KEY, text TEXT NOT NULL)"), DB_OK);
  db_begin(db);
  for (int i = 0; i < 3000; i++) {
    char zText[120];
    snprintf(zText, sizeof zText, "note %d with a long enough text to fill pages quickly..............", i);
    db_exec(db, "INSERT INTO note(text) VALUES(?)", "s", zText);
  }
  assert_int_equal(db_commit(db), DB_OK);
  db_close(db);
  assert_true(damage_table(zPath, "note") > 2);

  db = test_db_open_at(zPath);
  long before = db_process_failures(NULL);
  Stmt *s = db_prepare(db, "SELECT text FROM note ORDER BY id");
  int n = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) n++;
  db_finalize(s);
  /* The loop stopped short; what tells it apart from the end is kept. */
  assert_int_equal(rc, DB_ERROR);
  assert_true(n < 3000);
  assert_int_equal(db_failed(db), DB_FAIL_OTHER);
  assert_non_null(strstr(db_failure(db), "malformed"));
  assert_true(db_process_failures(NULL) > before);
  /* A commit after a failure inside its transaction does not happen. */
  db_clear_failure(db);
  assert_int_equal(db_begin(db), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO closure_day(day, name) VALUES('2026-12-29', 'x')", ""), DB_OK);
  s = db_prepare(db, "SELECT count(*) FROM note WHERE text LIKE '%zzz%'");
  while (db_step(s) == DB_ROW) {
  }
  db_finalize(s);
  assert_int_equal(db_commit(db), DB_ERROR);
  assert_int_equal(db_depth(db), 0);
  db_clear_failure(db);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM closure_day", ""), 0);
  /* The check names the damage; a whole file has none. */
  Buf report = {0};
  assert_true(db_check(db, 0, &report) != 0);
  assert_non_null(report.z);
  buf_free(&report);
  db_close(db);
  test_remove_db(zPath);

  test_temp_path(zPath, sizeof zPath);
  db = test_db_open_at(zPath);
  assert_int_equal(db_check(db, 0, &report), 0);
  assert_int_equal(db_check(db, 1, &report), 0);
  assert_null(report.z);
  db_close(db);
  test_remove_db(zPath);
}

/* ---- The file as a whole: backup and the restore lock --------------------- */

/* Another program mid-write while the backup is made: the copy holds
** what was committed when it began, none of the uncommitted rows, and the
** writer was not kept waiting. */
static void test_backup_is_one_committed_moment(void **state) {
  (void)state;
  char zPath[64], zCopy[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  add_child(db, "B1");
  add_child(db, "B2");
  sqlite3 *h = hold_write_lock(zPath);
  assert_int_equal(sqlite3_exec(h, "INSERT INTO child(child_ref, given_name, family_name, dob, sex)"
                                   " VALUES('B3', 'Not', 'Yet', '2015-01-01', 'M')", NULL, NULL, NULL),
                   SQLITE_OK);
  test_temp_path(zCopy, sizeof zCopy);
  assert_int_equal(db_backup(db, zCopy), DB_OK);
  release_write_lock(h);
  assert_int_equal(count_children(db), 3);

  Db *copy = test_db_open_at(zCopy);
  assert_int_equal(count_children(copy), 2);
  assert_int_equal(db_schema_version(copy), DB_SCHEMA_VERSION);
  Buf report = {0};
  assert_int_equal(db_check(copy, 0, &report), 0);
  assert_null(report.z);
  db_close(copy);

  /* A file with something in it is never overwritten. */
  long nBefore, nAfter;
  char *zBefore = slurp(zCopy, &nBefore);
  assert_int_equal(db_backup(db, zCopy), DB_ERROR);
  char *zAfter = slurp(zCopy, &nAfter);
  assert_int_equal(nBefore, nAfter);
  assert_memory_equal(zBefore, zAfter, (size_t)nBefore);
  free(zBefore);
  free(zAfter);
  db_clear_failure(db);
  db_close(db);
  test_remove_db(zCopy);
  test_remove_db(zPath);
}

/* A child process that opens zPath through SQLite and keeps it open, idle,
** until told to go: a server between requests. */
static pid_t hold_open_elsewhere(const char *zPath, int *pGo) {
  int ready[2], go[2];
  assert_int_equal(pipe(ready), 0);
  assert_int_equal(pipe(go), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    sqlite3 *h = NULL;
    char c = 'x';
    int ok = sqlite3_open(zPath, &h) == SQLITE_OK &&
             sqlite3_exec(h, "SELECT count(*) FROM child", NULL, NULL, NULL) == SQLITE_OK;
    if (write(ready[1], ok ? "y" : "n", 1) != 1 || read(go[0], &c, 1) < 0) ok = 0;
    sqlite3_close(h);
    _exit(ok ? 0 : 1);
  }
  close(ready[1]);
  close(go[0]);
  char c = 0;
  assert_int_equal(read(ready[0], &c, 1), 1);
  assert_int_equal(c, 'y');
  close(ready[0]);
  *pGo = go[1];
  return pid;
}

static void let_go(pid_t pid, int go) {
  assert_int_equal(write(go, "g", 1), 1);
  close(go);
  int status = -1;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Whether another process can read zPath through SQLite right now. */
static int readable_elsewhere(const char *zPath) {
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    sqlite3 *h = NULL;
    int rc = sqlite3_open(zPath, &h);
    if (rc == SQLITE_OK) rc = sqlite3_exec(h, "SELECT count(*) FROM child", NULL, NULL, NULL);
    sqlite3_close(h);
    _exit(rc == SQLITE_OK ? 0 : (rc & 0xff) == SQLITE_BUSY ? 2 : 1);
  }
  int status = -1;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

static void test_lock_file_only_when_nobody_has_it_open(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  add_child(db, "L1");
  db_close(db);

  /* Open elsewhere, even idle: refused, and said to be in use. */
  int go, inUse = -1;
  char *zErr = NULL;
  pid_t pid = hold_open_elsewhere(zPath, &go);
  assert_int_equal(db_lock_file(zPath, &inUse, &zErr), -1);
  assert_int_equal(inUse, 1);
  assert_non_null(strstr(zErr, "open in another program"));
  free(zErr);
  let_go(pid, go);

  /* Closed everywhere: taken, and while held nobody else can read it. */
  int fd = db_lock_file(zPath, &inUse, &zErr);
  assert_true(fd >= 0);
  assert_null(zErr);
  assert_int_equal(readable_elsewhere(zPath), 2);
  db_unlock_file(fd);
  assert_int_equal(readable_elsewhere(zPath), 0);

  /* A file too damaged to open as a database can still be locked. */
  FILE *f = fopen(zPath, "wb");
  assert_non_null(f);
  fputs("not a database at all", f);
  fclose(f);
  fd = db_lock_file(zPath, &inUse, &zErr);
  assert_true(fd >= 0);
  db_unlock_file(fd);
  test_remove_db(zPath);

  /* No file: an error, not "in use". */
  assert_int_equal(db_lock_file(zPath, &inUse, &zErr), -1);
  assert_int_equal(inUse, 0);
  assert_non_null(strstr(zErr, "cannot open"));
  free(zErr);
}

/* A statement that cannot be prepared fails as a statement that cannot run
** does (DB_ERROR, said by db_errmsg), so a server fails that request and
** goes on; the connection works afterwards. */
static void test_unpreparable_statement_is_an_error(void **state) {
  (void)state;
  Db *db = test_db_open();
  Stmt *s = db_query(db, "SELECT no_such_column FROM child WHERE id = ?", "I", (int64_t)1);
  assert_int_equal(db_step(s), DB_ERROR);
  assert_non_null(strstr(db_errmsg(db), "could not be prepared"));
  assert_int_equal(db_step(s), DB_ERROR);
  db_finalize(s);
  assert_int_equal(db_exec(db, "UPDATE no_such_table SET x = ?", "i", 1), DB_ERROR);
  assert_int_equal(db_int(db, -7, "SELECT count(*) FROM no_such_table", ""), -7);
  assert_int_equal(db_int(db, -7, "SELECT count(*) FROM child", ""), 0);
  /* A backup asked for inside a transaction is refused, not fatal. */
  assert_int_equal(db_begin(db), DB_OK);
  assert_int_equal(db_backup(db, "/nonexistent/never-written.db"), DB_ERROR);
  assert_non_null(strstr(db_errmsg(db), "inside the transaction"));
  db_rollback(db);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_migrate_empty_database),
    cmocka_unit_test(test_unpreparable_statement_is_an_error),
    cmocka_unit_test(test_reopen_is_noop),
    cmocka_unit_test(test_refuses_newer_database),
    cmocka_unit_test(test_open_unopenable),
    cmocka_unit_test(test_nested_rollback_inner),
    cmocka_unit_test(test_nested_commit_inner_rollback_outer),
    cmocka_unit_test(test_hostile_text_is_data),
    cmocka_unit_test(test_query_type_letters),
    cmocka_unit_test(test_constraint_failure),
    cmocka_unit_test(test_audit_append_only),
    cmocka_unit_test(test_begin_busy_fails_and_writes_nothing),
    cmocka_unit_test(test_try_begin_skips_quietly),
    cmocka_unit_test(test_read_snapshot),
    cmocka_unit_test(test_read_mark),
    cmocka_unit_test(test_read_error_is_not_the_end_of_rows),
    cmocka_unit_test(test_backup_is_one_committed_moment),
    cmocka_unit_test(test_lock_file_only_when_nobody_has_it_open),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
