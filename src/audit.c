/*
** audit.c: writing the audit log. The table refuses update and delete (see
** the triggers in the schema), so an entry once written stays.
**
** Triggers stop Oversight, not someone holding the file: the sqlite3 shell
** can drop them. So the entries are also chained. Each keeps
**   hash = BLAKE2b-256(tag, previous entry's hash, id, at, actor, action,
**                      record, before_value, after_value, client)
** with every field length-prefixed and NULL encoded apart from "", so no
** two different entries hash alike by moving bytes between fields. An
** entry changed, removed from the middle or slipped in without its hash
** breaks the chain at that entry (audit_verify). Not detected, as there is
** no secret and no copy elsewhere: the last entries deleted (the chain
** just ends sooner), or the whole chain recomputed after a change by
** someone who read this file. Noting the last entry's hash somewhere else
** (`oversight audit verify` prints it) turns both into a visible break.
*/
#include "audit.h"
#include "util.h"

#include <pthread.h>
#include <pwd.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Thread_local const char *tClient;

void audit_set_client(const char *zClient) { tClient = zClient; }

/* An entry waiting to be written by a group commit. The fields point at
** the caller's strings, and the caller waits until its entry is written;
** or, for an entry written later (xDone set: audit_write_later), at copies
** in the same allocation, and xDone is told instead. */
typedef struct Pending {
  const char *azField[7];      /* at, actor, action, record, before, after, client */
  int done, rc;
  int kind;                    /* DB_FAIL_* of a batch that failed */
  void (*xDone)(void *, int);
  void *pArg;
  struct Pending *pNext;
} Pending;

static pthread_mutex_t queueMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queueDone = PTHREAD_COND_INITIALIZER;
static pthread_cond_t queueMore = PTHREAD_COND_INITIALIZER;   /* for the writer thread */
static Pending *pQueue, **ppQueueEnd = &pQueue;
static int leaderBusy;
static int writerRunning;

/* ---- The chain ------------------------------------------------------------ */

#define HASH_BYTES 32
#define HASH_HEX (2 * HASH_BYTES + 1)

/* The entry a new one chains from: id 0 and no hash for an empty log. */
typedef struct Head {
  int64_t id;
  int isNull;               /* the entry has no hash (only if tampered with) */
  char z[HASH_HEX];
} Head;

/* Both the writer and audit_verify take the previous hash through here,
** so a stored value of the wrong length is cut the same way by both. */
static void head_set(Head *h, int64_t id, int isNull, const char *z) {
  h->id = id;
  h->isNull = isNull;
  snprintf(h->z, sizeof h->z, "%s", isNull ? "" : z);
}

static void hash_field(crypto_generichash_state *st, const char *z, size_t n) {
  unsigned char hdr[9];
  if (!z) {
    hdr[0] = 0;
    crypto_generichash_update(st, hdr, 1);
    return;
  }
  hdr[0] = 1;
  for (int i = 0; i < 8; i++) hdr[1 + i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
  crypto_generichash_update(st, hdr, sizeof hdr);
  crypto_generichash_update(st, (const unsigned char *)z, n);
}

/* The hash of entry id with fields az[0..7) (at ... client; NULL allowed)
** of lengths an[] (NULL: strlen), chained from prev, as hex into zOut. */
static void entry_hash(const Head *prev, int64_t id, const char *const *az, const size_t *an,
                       char zOut[HASH_HEX]) {
  static const char zTag[] = "oversight audit_log v1";
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
  hash_field(&st, zTag, sizeof zTag - 1);
  hash_field(&st, prev->isNull ? NULL : prev->z, strlen(prev->z));
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  hash_field(&st, zId, strlen(zId));
  for (int i = 0; i < 7; i++) hash_field(&st, az[i], an ? an[i] : az[i] ? strlen(az[i]) : 0);
  unsigned char h[HASH_BYTES];
  crypto_generichash_final(&st, h, sizeof h);
  sodium_bin2hex(zOut, HASH_HEX, h, sizeof h);
}

/* The last entry, read inside the write transaction so nobody appends
** between this and our insert. DB_OK or DB_ERROR. */
static int chain_head(Db *db, Head *h) {
  Stmt *s = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  int rc = db_step(s);
  if (rc == DB_ROW) head_set(h, db_col_int(s, 0), db_col_is_null(s, 1), db_col_text(s, 1));
  else head_set(h, 0, 1, NULL);
  db_finalize(s);
  return rc == DB_ERROR ? DB_ERROR : DB_OK;
}

/* Append az as the entry after h, and make it the new head. The id is
** chosen here, not by the engine, since the hash covers it. */
static int insert_entry(Db *db, Head *h, const char *const *az) {
  if (h->id == INT64_MAX) return DB_ERROR;
  int64_t id = h->id + 1;
  char zHash[HASH_HEX];
  entry_hash(h, id, az, NULL, zHash);
  int rc = db_exec(db,
                   "INSERT INTO audit_log(id, at, actor, action, record, before_value, after_value,"
                   " client, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "Issssssss", id, az[0], az[1], az[2], az[3], az[4], az[5], az[6], zHash);
  if (rc == DB_OK) head_set(h, id, 0, zHash);
  return rc;
}

/* Write the entries of batch in one transaction on db: DB_OK or DB_ERROR,
** with the kind of failure in *pKind. */
static int write_batch(Db *db, Pending *batch, int *pKind) {
  db_begin(db);
  /* One look at the chain's end for the whole batch: the batch is
  ** chained in memory after it. */
  Head h;
  int rc = chain_head(db, &h);
  for (Pending *p = batch; p && rc == DB_OK; p = p->pNext) rc = insert_entry(db, &h, p->azField);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  *pKind = rc == DB_OK ? DB_FAIL_NONE
           : db_err_is_busy(db) ? DB_FAIL_BUSY : db_err_is_full(db) ? DB_FAIL_FULL : DB_FAIL_OTHER;
  return rc;
}

/* Lead one group commit: write everything queued, on db. Called, and
** returns, with queueMutex held and leaderBusy set by the caller. A batch
** the database refused (not a lock or a full disk, which would only be
** met again) is tried again an entry at a time, so that one entry refused
** does not take the others' pages with it. */
static void lead_batch(Db *db) {
  Pending *batch = pQueue;
  pQueue = NULL;
  ppQueueEnd = &pQueue;
  pthread_mutex_unlock(&queueMutex);
  int kind;
  int rc = write_batch(db, batch, &kind);
  for (Pending *p = batch; p; p = p->pNext) {
    p->rc = rc;
    p->kind = kind;
  }
  if (rc != DB_OK && kind == DB_FAIL_OTHER && batch && batch->pNext) {
    for (Pending *p = batch; p; p = p->pNext) {
      Pending *next = p->pNext;
      p->pNext = NULL;
      p->rc = write_batch(db, p, &p->kind);
      p->pNext = next;
    }
  }
  pthread_mutex_lock(&queueMutex);
  Pending *later = NULL;
  for (Pending *p = batch, *next; p; p = next) {
    next = p->pNext;   /* read before marking: a waiter may return at once */
    if (p->xDone) {
      p->pNext = later;
      later = p;
    } else {
      p->done = 1;
    }
  }
  leaderBusy = 0;
  pthread_cond_broadcast(&queueDone);
  if (pQueue) pthread_cond_signal(&queueMore);
  /* Outside the lock: xDone sends a page, which is none of the queue's
  ** business. */
  pthread_mutex_unlock(&queueMutex);
  for (Pending *p = later, *next; p; p = next) {
    next = p->pNext;
    p->xDone(p->pArg, p->rc == DB_OK ? DB_FAIL_NONE : p->kind ? p->kind : DB_FAIL_OTHER);
    free(p);
  }
  pthread_mutex_lock(&queueMutex);
}

/* Group commit. Each request viewing a record must have its entry written
** before the record is shown, and one commit per view caps a busy server
** at a few thousand views a second. So entries queue, and whichever
** caller finds no commit running writes everything queued in one
** transaction, on its own connection, while the others wait for theirs. */
static int write_queued(Db *db, const char *const *az) {
  Pending me = {{az[0], az[1], az[2], az[3], az[4], az[5], az[6]}, 0, DB_ERROR, 0, NULL, NULL, NULL};
  pthread_mutex_lock(&queueMutex);
  *ppQueueEnd = &me;
  ppQueueEnd = &me.pNext;
  while (!me.done) {
    if (leaderBusy) {
      pthread_cond_wait(&queueDone, &queueMutex);
      continue;
    }
    leaderBusy = 1;
    lead_batch(db);
  }
  pthread_mutex_unlock(&queueMutex);
  /* The batch was written on the leader's connection: a waiter's own
  ** connection learns of the failure here, so its request fails the same
  ** way (a 503 while another program holds the lock). */
  if (me.rc != DB_OK && !db_failed(db)) db_note_failure(db, me.kind, "the audit log could not be written");
  return me.rc;
}

int audit_writer_running(void) {
  pthread_mutex_lock(&queueMutex);
  int r = writerRunning;
  pthread_mutex_unlock(&queueMutex);
  return r;
}

/* Copy z to *pz and return the next free byte, or give NULL for NULL. */
static char *put_field(char *pz, const char **pOut, const char *z) {
  if (!z) {
    *pOut = NULL;
    return pz;
  }
  size_t n = strlen(z) + 1;
  memcpy(pz, z, n);
  *pOut = pz;
  return pz + n;
}

static const char *now_utc(char *z, size_t n);

void audit_write_later(const char *zActor, const char *zAction, const char *zRecord, const char *zClient,
                       void (*xDone)(void *pArg, int kind), void *pArg) {
  char zAt[32];
  now_utc(zAt, sizeof zAt);
  const char *az[7] = {zAt, zActor, zAction, zRecord, NULL, NULL, zClient};
  size_t n = sizeof(Pending);
  for (int i = 0; i < 7; i++) n += az[i] ? strlen(az[i]) + 1 : 0;
  Pending *p = xcalloc(1, n);
  char *z = (char *)(p + 1);
  for (int i = 0; i < 7; i++) z = put_field(z, &p->azField[i], az[i]);
  p->xDone = xDone;
  p->pArg = pArg;
  pthread_mutex_lock(&queueMutex);
  *ppQueueEnd = p;
  ppQueueEnd = &p->pNext;
  pthread_cond_signal(&queueMore);
  pthread_mutex_unlock(&queueMutex);
}

void audit_writer_run(Db *db, int pauseUs) {
  pthread_mutex_lock(&queueMutex);
  writerRunning = 1;
  for (;;) {
    while (!pQueue || leaderBusy) pthread_cond_wait(&queueMore, &queueMutex);
    leaderBusy = 1;
    lead_batch(db);
    if (db_failed(db)) {
      /* Each request whose entry failed has said so (a 503); this says
      ** why, once per batch, where the operator looks. */
      fprintf(stderr, "oversight serve: the audit log could not be written: %s\n", db_errmsg(db));
      db_clear_failure(db);
    }
    /* A moment for views to gather: one commit for several, and fewer
    ** commits for every request's connection to catch up with. */
    pthread_mutex_unlock(&queueMutex);
    usleep((useconds_t)pauseUs);
    pthread_mutex_lock(&queueMutex);
  }
}

/* UTC with seconds, sortable as text; pages show it in local time. */
static const char *now_utc(char *z, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(z, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return z;
}

int audit_write(Db *db, const char *zActor, const char *zAction, const char *zRecord,
                const char *zBefore, const char *zAfter, const char *zClient) {
  if (!zClient) zClient = tClient;
  char zAt[32];
  now_utc(zAt, sizeof zAt);
  const char *az[7] = {zAt, zActor, zAction, zRecord, zBefore, zAfter, zClient};
  /* Inside the caller's transaction the entry commits (or not) with the
  ** change it records; alone, it joins the next group commit. */
  if (db_depth(db) > 0) {
    Head h;
    if (chain_head(db, &h) != DB_OK) return DB_ERROR;
    return insert_entry(db, &h, az);
  }
  return write_queued(db, az);
}

const char *audit_cli_actor(void) {
  static char z[80];
  if (!z[0]) {
    const char *zUser = getenv("USER");
    if (!zUser || !*zUser) {
      struct passwd *pw = getpwuid(getuid());
      zUser = pw ? pw->pw_name : "unknown";
    }
    snprintf(z, sizeof z, "cli:%s", zUser);
  }
  return z;
}

/* ---- Checking the chain ----------------------------------------------------- */

int audit_verify(Db *db, int64_t *pnChecked, int64_t *pBadId, char **pzWhy) {
  *pnChecked = 0;
  *pBadId = 0;
  *pzWhy = NULL;
  /* One statement is one read transaction: a consistent snapshot even
  ** while the server keeps appending. */
  Stmt *s = db_prepare(db, "SELECT id, at, actor, action, record, before_value, after_value,"
                           " client, hash FROM audit_log ORDER BY id");
  Head prev;
  head_set(&prev, 0, 1, NULL);
  int rc, result = 0;
  while ((rc = db_step(s)) == DB_ROW) {
    long long id = db_col_int(s, 0), last = prev.id;
    if (id <= last) {
      /* Only below the first: ids come in order. Oversight numbers from 1. */
      *pBadId = id;
      *pzWhy = xmprintf("entry %lld was written outside Oversight: entries are numbered from 1", id);
    } else if (id != last + 1) {
      *pBadId = last + 1;
      if (last == 0 && id == 2) *pzWhy = xmprintf("entry 1 is missing: the log starts at entry 2");
      else if (last == 0) *pzWhy = xmprintf("entries 1 to %lld are missing: the log starts at entry %lld", id - 1, id);
      else if (id == last + 2) *pzWhy = xmprintf("entry %lld is missing: %lld is followed by %lld", last + 1, last, id);
      else *pzWhy = xmprintf("entries %lld to %lld are missing: %lld is followed by %lld", last + 1, id - 1, last, id);
    } else if (db_col_is_null(s, 8)) {
      *pBadId = id;
      *pzWhy = xmprintf("entry %lld has no hash: it was written or changed outside Oversight", id);
    } else {
      const char *az[7];
      size_t an[7];
      /* Byte lengths, not strlen: a NUL slipped into a value must count. */
      for (int i = 0; i < 7; i++) {
        az[i] = db_col_is_null(s, 1 + i) ? NULL : db_col_text(s, 1 + i);
        an[i] = az[i] ? (size_t)db_col_bytes(s, 1 + i) : 0;
      }
      char zHash[HASH_HEX];
      entry_hash(&prev, id, az, an, zHash);
      if (strcmp(zHash, db_col_text(s, 8)) != 0) {
        *pBadId = id;
        *pzWhy = xmprintf("entry %lld was changed: its hash does not match what it holds and the "
                          "entry before it", id);
      }
    }
    if (*pzWhy) {
      result = 1;
      break;
    }
    head_set(&prev, id, 0, db_col_text(s, 8));
    (*pnChecked)++;
  }
  if (rc == DB_ERROR) {
    result = -1;
    *pzWhy = xmprintf("cannot read the audit log: %s", db_errmsg(db));
  }
  db_finalize(s);
  return result;
}

/* ---- At open: chain old entries, restore the triggers ---------------------- */

/* The append-only triggers, exactly as migration 012 writes them (its
** text is compared with sqlite_master's, so keep the two the same). */
static const struct { const char *zName, *zSql; } aTrigger[] = {
  {"audit_log_no_update", "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
                          "SELECT RAISE(ABORT, 'the audit log is append-only'); END"},
  {"audit_log_no_delete", "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
                          "SELECT RAISE(ABORT, 'the audit log is append-only'); END"},
};

/* 1 if trigger i is there as written, 0 if missing or altered, -1 on a
** read error. */
static int trigger_intact(Db *db, int i) {
  Stmt *s = db_query(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"
                         " AND tbl_name = 'audit_log'", "s", aTrigger[i].zName);
  int rc = db_step(s);
  int ok = rc == DB_ROW ? strcmp(db_col_text(s, 0), aTrigger[i].zSql) == 0 : rc == DB_DONE ? 0 : -1;
  db_finalize(s);
  return ok;
}

/* Chain the entries of a log written before schema version 12. Only when
** no entry has a hash yet: a hashless entry after hashed ones is
** tampering for audit_verify to report, not something to paper over. */
static int chain_old_entries(Db *db) {
  Stmt *s = db_prepare(db, "SELECT hash IS NULL FROM audit_log ORDER BY id DESC LIMIT 1");
  int rc = db_step(s);
  int lastNull = rc == DB_ROW && db_col_int(s, 0);
  db_finalize(s);
  if (rc == DB_ERROR) return DB_ERROR;
  if (!lastNull) return DB_OK;   /* the usual case, and cheap */
  db_begin(db);
  if (db_int(db, 1, "SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE hash IS NOT NULL LIMIT 1)", "")) {
    db_rollback(db);
    return DB_OK;
  }
  /* The update trigger goes for the length of this transaction only. */
  rc = db_exec_script(db, "DROP TRIGGER IF EXISTS audit_log_no_update");
  Head prev;
  head_set(&prev, 0, 1, NULL);
  enum { CHUNK = 512 };
  int64_t aId[CHUNK];
  char (*azHash)[HASH_HEX] = xmalloc(CHUNK * sizeof *azHash);
  for (int n = CHUNK; rc == DB_OK && n == CHUNK;) {
    /* Read a chunk, then write it: no update under an open scan. */
    n = 0;
    s = db_query(db, "SELECT id, at, actor, action, record, before_value, after_value, client"
                     " FROM audit_log WHERE id > ? ORDER BY id LIMIT 512", "I", prev.id);
    int step = DB_DONE;
    while (n < CHUNK && (step = db_step(s)) == DB_ROW) {
      const char *az[7];
      size_t an[7];
      for (int i = 0; i < 7; i++) {
        az[i] = db_col_is_null(s, 1 + i) ? NULL : db_col_text(s, 1 + i);
        an[i] = az[i] ? (size_t)db_col_bytes(s, 1 + i) : 0;
      }
      aId[n] = db_col_int(s, 0);
      entry_hash(&prev, aId[n], az, an, azHash[n]);
      head_set(&prev, aId[n], 0, azHash[n]);
      n++;
    }
    if (n < CHUNK && step == DB_ERROR) rc = DB_ERROR;
    db_finalize(s);
    for (int i = 0; rc == DB_OK && i < n; i++) {
      rc = db_exec(db, "UPDATE audit_log SET hash = ? WHERE id = ?", "sI", azHash[i], aId[i]);
    }
  }
  free(azHash);
  if (rc == DB_OK) rc = db_exec_script(db, aTrigger[0].zSql);
  if (rc == DB_OK) return db_commit(db);
  db_rollback(db);
  return DB_ERROR;
}

int audit_on_open(Db *db, char **pzErr) {
  *pzErr = NULL;
  if (sodium_init() < 0) {
    *pzErr = xmprintf("cannot initialise libsodium");
    return -1;
  }
  if (chain_old_entries(db) != DB_OK) {
    *pzErr = xmprintf("cannot chain the audit log's entries: %s", db_errmsg(db));
    return -1;
  }
  int bad = 0;
  for (int i = 0; i < COUNT(aTrigger); i++) {
    int ok = trigger_intact(db, i);
    if (ok < 0) {
      *pzErr = xmprintf("cannot read the schema: %s", db_errmsg(db));
      return -1;
    }
    bad |= !ok;
  }
  if (!bad) return 0;   /* read only, so opening never waits for a writer */

  /* Check again under the write lock: another thread or process may have
  ** put them back since. */
  db_begin(db);
  Buf what = {0};
  int rc = DB_OK;
  for (int i = 0; rc == DB_OK && i < COUNT(aTrigger); i++) {
    int ok = trigger_intact(db, i);
    if (ok < 0) rc = DB_ERROR;
    if (ok != 0) continue;
    buf_printf(&what, "%s%s", what.n ? ", " : "", aTrigger[i].zName);
    char *zDrop = xmprintf("DROP TRIGGER IF EXISTS %s", aTrigger[i].zName);
    rc = db_exec_script(db, zDrop);
    free(zDrop);
    if (rc == DB_OK) rc = db_exec_script(db, aTrigger[i].zSql);
  }
  if (rc == DB_OK && what.n) {
    /* The restoring goes in the log too: it is itself evidence. */
    char *zBefore = xmprintf("triggers missing or altered: %s", what.z);
    const char *az[7] = {NULL, audit_cli_actor(), "audit.protection-restored", "audit_log",
                         zBefore, "triggers restored", NULL};
    char zAt[32];
    az[0] = now_utc(zAt, sizeof zAt);
    Head h;
    rc = chain_head(db, &h);
    if (rc == DB_OK) rc = insert_entry(db, &h, az);
    free(zBefore);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    *pzErr = xmprintf("the audit log's protection is missing and cannot be restored: %s", db_errmsg(db));
  } else if (what.n) {
    fprintf(stderr, "oversight: the audit log's protection was missing and has been restored (%s):"
                    " the database was changed outside Oversight; run `oversight audit verify`\n",
            what.z);
  }
  buf_free(&what);
  return rc == DB_OK ? 0 : -1;
}

/* ---- In words ----------------------------------------------------------------
** What each action means, as the audit log page shows it to the people who
** read it (an administrator, not a developer). Sorted by code: looked up
** with bsearch. The code stays in the downloads. */
static const struct ActionWords { const char *zCode, *zWords; } aActionWords[] = {
  {"action.add", "Added an action to an inspection's plan"},
  {"action.complete", "Completed an inspection action"},
  {"alert.ack", "Acknowledged an alert"},
  {"allocation.add", "Allocated an IRO"},
  {"allocation.change", "Changed the IRO"},
  {"audit-action.add", "Added an action from a home's audit"},
  {"audit-action.done", "Completed an action from a home's audit"},
  {"audit.add", "Recorded a home's monthly audit"},
  {"audit.protection-restored", "Restored the audit log's protection"},
  {"audit.view", "Looked at the audit log"},
  {"child.add", "Added a child"},
  {"child.correct", "Corrected a child's details"},
  {"child.view", "Looked at a child's record"},
  {"children.export", "Downloaded children's details"},
  {"closure.add", "Added an office closure day"},
  {"contact.add", "Recorded a contact"},
  {"cover.add", "Recorded cover for an absent IRO"},
  {"cover.end", "Changed when cover ends"},
  {"cover.withdraw", "Withdrew cover"},
  {"demo.generate", "Made the demonstration data"},
  {"download", "Downloaded a list"},
  {"episode.add", "Started an episode of care"},
  {"episode.correct", "Corrected an episode of care"},
  {"episode.end", "Ended care"},
  {"escalation.close", "Closed an escalation"},
  {"escalation.import", "Loaded escalations from a file"},
  {"escalation.move", "Moved an escalation to the next stage"},
  {"escalation.raise", "Raised an escalation"},
  {"escalation.respond", "Recorded a response to an escalation"},
  {"escalation.respond.correct", "Corrected a response to an escalation"},
  {"escalation.view", "Looked at an escalation"},
  {"export", "Downloaded records"},
  {"home.add", "Added a children's home"},
  {"home.correct", "Corrected a children's home"},
  {"home.export", "Downloaded the register of homes"},
  {"home.view", "Looked at a children's home"},
  {"import", "Loaded records from a file"},
  {"import.child", "Loaded a child from the SSDA903 return"},
  {"import.episode", "Loaded an episode from the SSDA903 return"},
  {"import.review", "Loaded a review from the SSDA903 return"},
  {"inspection.add", "Recorded an inspection"},
  {"iro.add", "Added an IRO"},
  {"iro.change", "Changed an IRO's details"},
  {"iros.export", "Downloaded the IROs"},
  {"lado.advice", "Recorded the Designated Officer's advice"},
  {"lado.advice.correct", "Corrected the Designated Officer's advice"},
  {"lado.close", "Closed an allegation case"},
  {"lado.contact", "Recorded a contact with the Designated Officer"},
  {"lado.decision", "Recorded a decision on an allegation"},
  {"lado.import", "Loaded allegation cases from a file"},
  {"lado.meeting.initial", "Recorded an initial meeting"},
  {"lado.meeting.post", "Recorded a review meeting"},
  {"lado.outcome", "Recorded the outcome of an allegation"},
  {"lado.recommendation", "Recorded a recommendation on an allegation"},
  {"lado.recommendation.implemented", "Recorded a recommendation as carried out"},
  {"lado.referral", "Recorded referral details"},
  {"lado.report", "Looked at the Designated Officer's report"},
  {"lado.retention", "Recorded a retention review"},
  {"lado.view", "Looked at an allegation case"},
  {"locality.add", "Added a locality"},
  {"locality.rename", "Renamed a locality"},
  {"login.disabled", "Tried to sign in to a disabled account"},
  {"login.fail", "Failed to sign in"},
  {"login.locked", "Account locked after failed sign-ins"},
  {"login.ok", "Signed in"},
  {"login.throttle", "Sign-ins slowed after failures"},
  {"mail.digest", "Queued the daily digests"},
  {"mail.failed", "Gave up sending an email"},
  {"mail.notices", "Queued the day's escalation, LADO, private fostering and homes emails"},
  {"mail.sent", "Sent an email"},
  {"mail.test", "Queued a test email"},
  {"monitoring.add", "Recorded monitoring after an inspection"},
  {"notification.add", "Recorded a care notification"},
  {"notification.correct", "Corrected a care notification"},
  {"notification.made", "Recorded a notification from a home"},
  {"outbox.view", "Looked at the emails sent"},
  {"oversight-record.add", "Recorded monthly oversight of unregistered provision"},
  {"oversight-record.correct", "Corrected a monthly oversight record"},
  {"oversight-records.export", "Downloaded the monthly oversight records"},
  {"password.change", "Changed their password"},
  {"password.change-fail", "Failed to change their password"},
  {"password.set-by-link", "Set their password with a one-time link"},
  {"pf.assessment", "Recorded a private fostering assessment"},
  {"pf.audit", "Recorded a private fostering case audit"},
  {"pf.end", "Ended a private fostering arrangement"},
  {"pf.initial-visit", "Recorded a private fostering first visit"},
  {"pf.initial-visit.correct", "Corrected a private fostering first visit"},
  {"pf.notify", "Recorded a private fostering notification"},
  {"pf.order", "Recorded a private fostering prohibition or order"},
  {"pf.view", "Looked at a private fostering arrangement"},
  {"pf.visit", "Recorded a private fostering visit"},
  {"postcodes.load", "Loaded the postcode table"},
  {"qpag.add", "Added a quality assurance action"},
  {"qpag.done", "Completed a quality assurance action"},
  {"qpag.escalate", "Escalated a quality assurance action"},
  {"qpag.view", "Looked at the homes' quality report"},
  {"reg44.add", "Recorded a Regulation 44 visit"},
  {"reg44.update", "Updated a Regulation 44 visit"},
  {"report.view", "Looked at a report"},
  {"requirement.add", "Recorded an inspection requirement"},
  {"retention.destroy", "Destroyed a record at the end of its retention"},
  {"retention.view", "Looked at the records due for destruction"},
  {"review.add", "Recorded a review"},
  {"review.correct", "Corrected a review"},
  {"rule.set", "Changed a timescale"},
  {"sar.adult", "Produced an adult's subject access copy (LADO)"},
  {"sar.child", "Produced a child's subject access copy"},
  {"sar.pf", "Produced a subject access copy (private fostering)"},
  {"sar.staff", "Produced a member of staff's subject access copy"},
  {"session.end", "Signed out"},
  {"session.start", "Signed in"},
  {"setting.set", "Changed a setting"},
  {"siblings.link", "Linked siblings"},
  {"siblings.unlink", "Unlinked a sibling"},
  {"thematic.add", "Recorded a thematic review"},
  {"unreg-event.add", "Recorded a check of unregistered provision"},
  {"upload", "Uploaded files for checking"},
  {"user.add", "Added a user"},
  {"user.details", "Changed a user's name or email"},
  {"user.disable", "Disabled a user"},
  {"user.enable", "Enabled a user"},
  {"user.password", "Set a user's password"},
  {"user.reset", "Reset a user's password"},
  {"user.role", "Changed a user's role"},
  {"user.unlock", "Unlocked a user"},
  {"users.export", "Downloaded the users"},
};

static int action_cmp(const void *a, const void *b) {
  return strcmp(((const struct ActionWords *)a)->zCode, ((const struct ActionWords *)b)->zCode);
}

const char *audit_action_words(const char *zAction) {
  struct ActionWords key = {zAction, NULL};
  const struct ActionWords *p =
      bsearch(&key, aActionWords, sizeof aActionWords / sizeof aActionWords[0], sizeof key, action_cmp);
  return p ? p->zWords : NULL;
}

int audit_action_count(void) { return (int)(sizeof aActionWords / sizeof aActionWords[0]); }

const char *audit_action_code(int i) { return aActionWords[i].zCode; }
