/*
** pagecache.c: a small, bounded, thread-safe cache of rendered pages.
**
** A fixed table of slots, one entry each, chosen by the key's hash: a new
** key takes its slot's place. That bounds memory without bookkeeping, and
** the busiest pages (each IRO's dashboard, the children being worked on)
** keep their places because they are put back as soon as they are lost.
** An entry replaced while a response still sends it lives until that
** response lets it go (its reference count).
*/
#include "pagecache.h"
#include "gzip.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 4096
#define MAX_ENTRY (512 * 1024)   /* bigger pages are not worth holding */

typedef struct Entry {
  PageEntry pub;              /* first, so a PageEntry * is an Entry * */
  char *zKey;
  atomic_int nRef;            /* the slot's reference, and each request's */
} Entry;

static Entry *aSlot[NSLOT];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

int64_t data_generation(Db *db) {
  /* Read again only when something was committed since (db_read_mark):
  ** a cached page's request then reads nothing from the database. */
  static _Thread_local struct { Db *db; DbMark mark; int64_t n; } memo;
  if (memo.db == db && db_read_marked(db, &memo.mark)) return memo.n;
  DbMark mark;
  int marked = db_read_mark(db, &mark);
  int64_t n = db_int(db, -1, "SELECT n FROM data_generation WHERE id = 1", "");
  memo.db = marked && n >= 0 && !db_failed(db) ? db : NULL;
  memo.mark = mark;
  memo.n = n;
  return n;
}

static unsigned hash(const char *z) {
  unsigned h = 2166136261u;   /* FNV-1a */
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h % NSLOT;
}

static void entry_unref(Entry *e) {
  if (!e || atomic_fetch_sub(&e->nRef, 1) != 1) return;
  free(e->zKey);
  free((char *)e->pub.zTitle);
  free((char *)e->pub.zBody);
  free((unsigned char *)e->pub.pGz);
  free(e);
}

const PageEntry *pagecache_get(const char *zKey) {
  unsigned h = hash(zKey);
  Entry *e;
  pthread_mutex_lock(&mutex);
  e = aSlot[h];
  if (e && strcmp(e->zKey, zKey) == 0) atomic_fetch_add(&e->nRef, 1);
  else e = NULL;
  pthread_mutex_unlock(&mutex);
  return e ? &e->pub : NULL;
}

void pagecache_release(const PageEntry *p) { entry_unref((Entry *)p); }

void pagecache_put(const char *zKey, const char *zTitle, const char *zBody, size_t n) {
  if (n > MAX_ENTRY) return;
  /* Build and compress outside the lock; swap inside it. */
  Entry *e = xcalloc(1, sizeof *e);
  e->zKey = xstrdup(zKey);
  e->pub.zTitle = xstrdup(zTitle);
  char *z = xmalloc(n + 1);
  memcpy(z, zBody, n);
  z[n] = 0;
  e->pub.zBody = z;
  e->pub.n = n;
  unsigned char *pGz;
  /* Without its compressed form the entry is still served, uncompressed. */
  if (gzip_blocks(z, n, &pGz, &e->pub.nGz, &e->pub.crc) == 0) e->pub.pGz = pGz;
  atomic_init(&e->nRef, 1);
  unsigned h = hash(zKey);
  pthread_mutex_lock(&mutex);
  Entry *old = aSlot[h];
  aSlot[h] = e;
  pthread_mutex_unlock(&mutex);
  entry_unref(old);
}
