/*
** test_audit.c: the audit log's chain (issue 14, item 9).
**
** Each test tampers the way someone holding the file would, through SQL
** with the triggers dropped, and checks that audit_verify() names the
** entry, that what it cannot see is what audit.c says it cannot, and that
** db_open() puts the triggers back.
*/
#include "testutil.h"
#include "audit.h"
#include "db.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Tests that reopen a file or share it between threads need its name. */



/* n entries, some with NULL and empty fields, outside any transaction. */
static void write_entries(Db *db, int n) {
  for (int i = 0; i < n; i++) {
    char zRec[32];
    snprintf(zRec, sizeof zRec, "child:%d", i);
    assert_int_equal(audit_write(db, "cli:tester", i % 2 ? "child.view" : "child.edit", zRec,
                                 i % 3 ? NULL : "", i % 2 ? NULL : "O'Brien <x>", "192.0.2.1"),
                     DB_OK);
  }
}

typedef struct Verdict {
  int rc;
  int64_t nOk, badId;
  char *zWhy;
} Verdict;

static Verdict verify(Db *db) {
  Verdict v;
  v.rc = audit_verify(db, &v.nOk, &v.badId, &v.zWhy);
  return v;
}

static void assert_broken(Db *db, int64_t badId, int64_t nOk, const char *zWhy) {
  Verdict v = verify(db);
  if (v.rc != 1 || v.badId != badId || v.nOk != nOk || !v.zWhy || !strstr(v.zWhy, zWhy)) {
    print_error("audit_verify: rc %d, bad %lld, ok %lld, why \"%s\"; want 1, %lld, %lld, \"%s\"\n",
                v.rc, (long long)v.badId, (long long)v.nOk, v.zWhy ? v.zWhy : "(null)",
                (long long)badId, (long long)nOk, zWhy);
    fail();
  }
  free(v.zWhy);
}

static void assert_intact(Db *db, int64_t n) {
  Verdict v = verify(db);
  if (v.rc != 0 || v.nOk != n || v.zWhy) {
    print_error("audit_verify: rc %d, ok %lld, why \"%s\"; want intact with %lld\n", v.rc,
                (long long)v.nOk, v.zWhy ? v.zWhy : "(null)", (long long)n);
    fail();
  }
}

static void drop_triggers(Db *db) {
  assert_int_equal(db_exec_script(db, "DROP TRIGGER audit_log_no_update;"
                                      " DROP TRIGGER audit_log_no_delete"), DB_OK);
}

static int64_t n_triggers(Db *db) {
  return db_int(db, -1, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                        " AND name IN ('audit_log_no_update', 'audit_log_no_delete')", "");
}

/* ---- An untouched log verifies ---------------------------------------------- */

static void test_empty_log_is_intact(void **state) {
  (void)state;
  Db *db = test_db_open();
  assert_intact(db, 0);
  test_db_close(db);
}

static void test_chain_inside_a_transaction(void **state) {
  (void)state;
  Db *db = test_db_open();
  db_begin(db);
  write_entries(db, 300);
  assert_int_equal(db_commit(db), DB_OK);
  /* Rolled back entries leave no gap: the next id follows the last kept. */
  db_begin(db);
  write_entries(db, 5);
  db_rollback(db);
  write_entries(db, 2);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE length(hash) = 64"
                                  " AND hash NOT GLOB '*[^0-9a-f]*'", ""), 302);
  assert_int_equal(db_int(db, -1, "SELECT count(DISTINCT hash) FROM audit_log", ""), 302);
  assert_intact(db, 302);
  test_db_close(db);
}

typedef struct Writer {
  const char *zPath;
  int n;
} Writer;

static void *writer_main(void *arg) {
  Writer *w = arg;
  char *zErr = NULL;
  Db *db = db_open(w->zPath, &zErr);
  if (!db) return zErr;
  for (int i = 0; i < w->n; i++) {
    if (audit_write(db, "web:iro", "child.view", "child:1", NULL, NULL, "198.51.100.7") != DB_OK) {
      zErr = xstrdup(db_errmsg(db));
      break;
    }
  }
  db_close(db);
  return zErr;
}

/* Several threads, each on its own connection, through the group commit:
** batches chained in memory must still make one unbroken chain. */
static void test_chain_group_commit_from_threads(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  enum { NTHREAD = 6, NEACH = 150 };
  pthread_t at[NTHREAD];
  Writer w = {zPath, NEACH};
  for (int i = 0; i < NTHREAD; i++) assert_int_equal(pthread_create(&at[i], NULL, writer_main, &w), 0);
  write_entries(db, 20);   /* this connection too, at the same time */
  for (int i = 0; i < NTHREAD; i++) {
    char *zErr = NULL;
    pthread_join(at[i], (void **)&zErr);
    if (zErr) {
      print_error("writer %d: %s\n", i, zErr);
      fail();
    }
  }
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), NTHREAD * NEACH + 20);
  assert_intact(db, NTHREAD * NEACH + 20);
  db_close(db);
  test_remove_db(zPath);
}

/* ---- Views written later, by the writer thread ------------------------------ */

static pthread_mutex_t laterMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t laterCond = PTHREAD_COND_INITIALIZER;
static int nLaterOk, nLaterFailed;

typedef struct Later { int rc, calls; } Later;

static void later_done(void *p, int kind) {
  Later *l = p;
  int rc = kind == DB_FAIL_NONE ? DB_OK : DB_ERROR;
  pthread_mutex_lock(&laterMutex);
  l->rc = rc;
  l->calls++;
  if (rc == DB_OK) nLaterOk++;
  else nLaterFailed++;
  pthread_cond_broadcast(&laterCond);
  pthread_mutex_unlock(&laterMutex);
}

/* Wait until n callbacks in all have come, for at most 30 s. */
static void later_wait(int n) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 30;
  pthread_mutex_lock(&laterMutex);
  while (nLaterOk + nLaterFailed < n) {
    if (pthread_cond_timedwait(&laterCond, &laterMutex, &until) != 0) break;
  }
  int got = nLaterOk + nLaterFailed;
  pthread_mutex_unlock(&laterMutex);
  assert_int_equal(got, n);
}

static void *writer_thread(void *arg) {
  audit_writer_run(arg, 1000);   /* for good: the process ends it */
  return NULL;
}

typedef struct Queuer { Later *a; int n; const char *zRecord; } Queuer;

static void *queuer_main(void *arg) {
  Queuer *q = arg;
  for (int i = 0; i < q->n; i++) audit_write_later("web:iro", "child.view", q->zRecord, "198.51.100.9", later_done, &q->a[i]);
  return NULL;
}

/* Entries handed to the writer thread from several threads, while another
** connection writes its own: each caller told once, every entry in one
** unbroken chain. An entry the database refuses fails alone: the others
** in its batch are written. */
static void test_views_written_later_by_the_writer_thread(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  Db *dbWriter = test_db_open_at(zPath);   /* a second connection */
  assert_false(audit_writer_running());
  pthread_t tw;
  assert_int_equal(pthread_create(&tw, NULL, writer_thread, dbWriter), 0);
  pthread_detach(tw);
  for (int i = 0; i < 500 && !audit_writer_running(); i++) usleep(10 * 1000);
  assert_true(audit_writer_running());

  enum { NTHREAD = 4, NEACH = 200 };
  static Later aLater[NTHREAD][NEACH];
  pthread_t at[NTHREAD];
  Queuer aq[NTHREAD];
  for (int i = 0; i < NTHREAD; i++) {
    aq[i] = (Queuer){aLater[i], NEACH, "child:1"};
    assert_int_equal(pthread_create(&at[i], NULL, queuer_main, &aq[i]), 0);
  }
  write_entries(db, 20);   /* the group commit of callers who wait, at the same time */
  for (int i = 0; i < NTHREAD; i++) pthread_join(at[i], NULL);
  later_wait(NTHREAD * NEACH);
  assert_int_equal(nLaterFailed, 0);
  for (int i = 0; i < NTHREAD; i++) {
    for (int j = 0; j < NEACH; j++) assert_int_equal(aLater[i][j].calls, 1);
  }
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE client = '198.51.100.9'"
                                  " AND action = 'child.view' AND record = 'child:1' AND actor = 'web:iro'", ""),
                   NTHREAD * NEACH);
  assert_intact(db, NTHREAD * NEACH + 20);

  /* Refused entries among accepted ones, queued together. */
  assert_int_equal(db_exec_script(db, "CREATE TRIGGER no_bad BEFORE INSERT ON audit_log WHEN NEW.record = 'child:BAD'"
                                      " BEGIN SELECT RAISE(ABORT, 'refused'); END"), DB_OK);
  static Later aMix[10];
  for (int i = 0; i < 10; i++) {
    audit_write_later("web:iro", "child.view", i % 2 ? "child:BAD" : "child:OK", NULL, later_done, &aMix[i]);
  }
  later_wait(NTHREAD * NEACH + 10);
  for (int i = 0; i < 10; i++) {
    assert_int_equal(aMix[i].calls, 1);
    assert_int_equal(aMix[i].rc, i % 2 ? DB_ERROR : DB_OK);
  }
  assert_int_equal(nLaterFailed, 5);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record = 'child:OK'", ""), 5);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE record = 'child:BAD'", ""), 0);
  db_close(db);
  /* The writer thread keeps its connection (to the unlinked file) until
  ** the process ends. */
  test_remove_db(zPath);
}

/* ---- Tampering is found, at the entry tampered with ------------------------ */

static void test_changed_entry_is_named(void **state) {
  (void)state;
  Db *db = test_db_open();
  write_entries(db, 10);
  drop_triggers(db);
  assert_int_equal(db_exec(db, "UPDATE audit_log SET actor = 'x' WHERE id = 5", ""), DB_OK);
  assert_broken(db, 5, 4, "entry 5 was changed");
  test_db_close(db);
}

/* Changes that keep the text C sees: NULL made "", a NUL and more
** appended, a field's bytes moved into its neighbour. */
static void test_subtle_changes_are_found(void **state) {
  (void)state;
  static const char *const azChange[] = {
    "UPDATE audit_log SET after_value = '' WHERE id = 4",              /* was NULL */
    "UPDATE audit_log SET before_value = NULL WHERE id = 4",           /* was "" */
    "UPDATE audit_log SET actor = actor || char(0) || 'x' WHERE id = 4",
    "UPDATE audit_log SET action = 'child.vie', record = 'w' || record WHERE id = 4",
    "UPDATE audit_log SET hash = NULL WHERE id = 4",
  };
  for (int k = 0; k < COUNT(azChange); k++) {
    Db *db = test_db_open();
    write_entries(db, 8);
    assert_intact(db, 8);
    drop_triggers(db);
    assert_int_equal(db_exec_script(db, azChange[k]), DB_OK);
    assert_int_equal(db_changes(db), 1);
    assert_broken(db, 4, 3, "entry 4 ");
    test_db_close(db);
  }
}

static void test_deleted_entries_are_named(void **state) {
  (void)state;
  Db *db = test_db_open();
  write_entries(db, 10);
  drop_triggers(db);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 5", ""), DB_OK);
  assert_broken(db, 5, 4, "entry 5 is missing: 4 is followed by 6");
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 6", ""), DB_OK);
  assert_broken(db, 5, 4, "entries 5 to 6 are missing: 4 is followed by 7");
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 1", ""), DB_OK);
  assert_broken(db, 1, 0, "entry 1 is missing: the log starts at entry 2");
  test_db_close(db);

  /* A deleted entry put back with other content is a change. */
  db = test_db_open();
  write_entries(db, 10);
  drop_triggers(db);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 7", ""), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO audit_log(id, at, actor, action, record, hash)"
                               " SELECT 7, at, actor, action, 'child:0', hash FROM audit_log"
                               " WHERE id = 8", ""), DB_OK);
  assert_broken(db, 7, 6, "entry 7 was changed");
  test_db_close(db);
}

/* What audit.c says the chain cannot show: the last entries removed. */
static void test_last_entries_removed_are_not_seen(void **state) {
  (void)state;
  Db *db = test_db_open();
  write_entries(db, 10);
  drop_triggers(db);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id > 7", ""), DB_OK);
  assert_intact(db, 7);
  test_db_close(db);
}

/* A read error is never reported as intact. */
static void test_unreadable_log_is_not_intact(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  char zBig[2000];
  memset(zBig, 'a', sizeof zBig - 1);
  zBig[sizeof zBig - 1] = 0;
  db_begin(db);
  for (int i = 0; i < 400; i++) {
    assert_int_equal(audit_write(db, "cli:tester", "child.edit", "child:1", zBig, zBig, NULL), DB_OK);
  }
  assert_int_equal(db_commit(db), DB_OK);
  assert_int_equal(db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)"), DB_OK);
  int64_t pageSize = db_int(db, 0, "PRAGMA page_size", "");
  /* The audit table's own leaf pages, wherever later migrations put them:
  ** scribble over every other one, keeping the first so some rows read. */
  int64_t aPage[512];
  int nPage = 0;
  Stmt *st = db_prepare(db, "SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf'"
                            " ORDER BY pageno");
  while (db_step(st) == DB_ROW && nPage < 512) aPage[nPage++] = db_col_int(st, 0);
  db_finalize(st);
  assert_true(nPage > 4);
  db_close(db);
  FILE *f = fopen(zPath, "r+b");
  assert_non_null(f);
  char *zJunk = xmalloc((size_t)pageSize);
  memset(zJunk, 0xA5, (size_t)pageSize);
  for (int i = 1; i < nPage - 1; i += 2) {   /* the last is read at open */
    assert_int_equal(fseek(f, (long)((aPage[i] - 1) * pageSize), SEEK_SET), 0);
    assert_int_equal(fwrite(zJunk, 1, (size_t)pageSize, f), (size_t)pageSize);
  }
  fclose(f);
  free(zJunk);
  db = test_db_open_at(zPath);
  Verdict v = verify(db);
  assert_int_equal(v.rc, -1);
  assert_non_null(v.zWhy);
  assert_non_null(strstr(v.zWhy, "cannot read the audit log"));
  free(v.zWhy);
  db_close(db);
  test_remove_db(zPath);
}

/* ---- The triggers come back ------------------------------------------------ */

static void test_triggers_restored_at_open(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  write_entries(db, 3);
  /* A fresh database's triggers are the ones audit.c expects: opening it
  ** again restores nothing. */
  db_close(db);
  db = test_db_open_at(zPath);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 3);

  drop_triggers(db);
  /* One put back as a trigger that does nothing, under the same name. */
  assert_int_equal(db_exec_script(db, "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
                                      " BEGIN SELECT 1; END"), DB_OK);
  db_close(db);
  db = test_db_open_at(zPath);
  assert_int_equal(n_triggers(db), 2);
  assert_int_equal(db_exec(db, "UPDATE audit_log SET actor = 'x' WHERE id = 2", ""), DB_ERROR);
  assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 2", ""), DB_ERROR);
  /* And the restoring is itself in the log, chained. */
  Stmt *s = db_prepare(db, "SELECT id, action, before_value FROM audit_log ORDER BY id DESC LIMIT 1");
  assert_int_equal(db_step(s), DB_ROW);
  assert_int_equal(db_col_int(s, 0), 4);
  assert_string_equal(db_col_text(s, 1), "audit.protection-restored");
  assert_string_equal(db_col_text(s, 2),
                      "triggers missing or altered: audit_log_no_update, audit_log_no_delete");
  db_finalize(s);
  assert_intact(db, 4);
  db_close(db);
  /* Once back, the next open finds nothing to do. */
  db = test_db_open_at(zPath);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 4);
  db_close(db);
  test_remove_db(zPath);
}

/* A log written before schema version 12 has no hashes: the first open
** after the migration chains it, and it verifies. */
static void test_old_log_is_chained_at_open(void **state) {
  (void)state;
  char zPath[64];
  test_temp_path(zPath, sizeof zPath);
  Db *db = test_db_open_at(zPath);
  db_begin(db);
  write_entries(db, 1100);   /* more than one chunk of the chaining */
  assert_int_equal(db_commit(db), DB_OK);
  /* As a log written before version 12 is once migrated: no entry has a
  ** hash yet, the triggers as they are. (Winding the schema back to 11
  ** would also undo every later migration.) */
  Buf trig = {0};
  Stmt *st = db_prepare(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'");
  while (db_step(st) == DB_ROW) buf_printf(&trig, "%s;\n", db_col_text(st, 0));
  db_finalize(st);
  assert_int_equal(db_exec_script(db,
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
    "UPDATE audit_log SET hash = NULL;"), DB_OK);
  assert_int_equal(db_exec_script(db, trig.z), DB_OK);
  buf_free(&trig);
  db_close(db);
  db = test_db_open_at(zPath);
  assert_int_equal(db_schema_version(db), DB_SCHEMA_VERSION);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE hash IS NULL", ""), 0);
  /* Chaining is not tampering: nothing restored, nothing logged. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log", ""), 1100);
  assert_int_equal(n_triggers(db), 2);
  assert_int_equal(db_exec(db, "UPDATE audit_log SET hash = NULL WHERE id = 1", ""), DB_ERROR);
  assert_intact(db, 1100);
  write_entries(db, 2);
  assert_intact(db, 1102);
  db_close(db);
  test_remove_db(zPath);
}

/* The words are found by binary search: the list must stay in code
** order, each code once; an unknown code has no words (the page then
** shows the code rather than nothing). */
static void test_action_words(void **state) {
  (void)state;
  int n = audit_action_count();
  assert_true(n > 100);
  for (int i = 1; i < n; i++) assert_true(strcmp(audit_action_code(i - 1), audit_action_code(i)) < 0);
  for (int i = 0; i < n; i++) assert_non_null(audit_action_words(audit_action_code(i)));
  assert_string_equal(audit_action_words("child.correct"), "Corrected a child's details");
  assert_string_equal(audit_action_words("action.add"), "Added an action to an inspection's plan");
  assert_string_equal(audit_action_words("users.export"), "Downloaded the users");
  assert_null(audit_action_words("child.nonsense"));
  assert_null(audit_action_words(""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_empty_log_is_intact),
    cmocka_unit_test(test_chain_inside_a_transaction),
    cmocka_unit_test(test_chain_group_commit_from_threads),
    cmocka_unit_test(test_changed_entry_is_named),
    cmocka_unit_test(test_subtle_changes_are_found),
    cmocka_unit_test(test_deleted_entries_are_named),
    cmocka_unit_test(test_last_entries_removed_are_not_seen),
    cmocka_unit_test(test_unreadable_log_is_not_intact),
    cmocka_unit_test(test_triggers_restored_at_open),
    cmocka_unit_test(test_old_log_is_chained_at_open),
    cmocka_unit_test(test_action_words),
    cmocka_unit_test(test_views_written_later_by_the_writer_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
