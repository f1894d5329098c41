/*
** audit.c: writing the audit log. The table refuses update and delete (see
** the triggers in the schema), so an entry once written stays.
*/
#include "audit.h"
#include "util.h"

#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static _Thread_local const char *tClient;

void audit_set_client(const char *zClient) { tClient = zClient; }

/* An entry waiting to be written by a group commit. The fields point at
** the caller's strings: the caller waits until its entry is written. */
typedef struct Pending {
  const char *azField[7];      /* at, actor, action, record, before, after, client */
  int done, rc;
  struct Pending *pNext;
} Pending;

static pthread_mutex_t queueMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queueDone = PTHREAD_COND_INITIALIZER;
static Pending *pQueue, **ppQueueEnd = &pQueue;
static int leaderBusy;

static int insert_entry(Db *db, const char *const *az) {
  return db_exec(db,
                 "INSERT INTO audit_log(at, actor, action, record, before_value, after_value, client)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?)",
                 "sssssss", az[0], az[1], az[2], az[3], az[4], az[5], az[6]);
}

/* Group commit. Each request viewing a record must have its entry written
** before the record is shown, and one commit per view caps a busy server
** at a few thousand views a second. So entries queue, and whichever
** caller finds no commit running writes everything queued in one
** transaction, on its own connection, while the others wait for theirs. */
static int write_queued(Db *db, const char *const *az) {
  Pending me = {{az[0], az[1], az[2], az[3], az[4], az[5], az[6]}, 0, DB_ERROR, NULL};
  pthread_mutex_lock(&queueMutex);
  *ppQueueEnd = &me;
  ppQueueEnd = &me.pNext;
  while (!me.done) {
    if (leaderBusy) {
      pthread_cond_wait(&queueDone, &queueMutex);
      continue;
    }
    leaderBusy = 1;
    Pending *batch = pQueue;
    pQueue = NULL;
    ppQueueEnd = &pQueue;
    pthread_mutex_unlock(&queueMutex);
    db_begin(db);
    int rc = DB_OK;
    for (Pending *p = batch; p && rc == DB_OK; p = p->pNext) rc = insert_entry(db, p->azField);
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
    pthread_mutex_lock(&queueMutex);
    for (Pending *p = batch, *next; p; p = next) {
      next = p->pNext;   /* read before marking: a waiter may return at once */
      p->rc = rc;
      p->done = 1;
    }
    leaderBusy = 0;
    pthread_cond_broadcast(&queueDone);
  }
  pthread_mutex_unlock(&queueMutex);
  return me.rc;
}

int audit_write(Db *db, const char *zActor, const char *zAction, const char *zRecord,
                const char *zBefore, const char *zAfter, const char *zClient) {
  if (!zClient) zClient = tClient;
  /* UTC with seconds, sortable as text; pages show it in local time. */
  char zAt[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const char *az[7] = {zAt, zActor, zAction, zRecord, zBefore, zAfter, zClient};
  /* Inside the caller's transaction the entry commits (or not) with the
  ** change it records; alone, it joins the next group commit. */
  if (db_depth(db) > 0) return insert_entry(db, az);
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
