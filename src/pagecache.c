/*
** pagecache.c: a small, bounded, thread-safe cache of rendered pages.
**
** A fixed table of slots, one entry each, chosen by the key's hash: a new
** key takes its slot's place. That bounds memory without bookkeeping, and
** the busiest pages (each IRO's dashboard, the children being worked on)
** keep their places because they are put back as soon as they are lost.
*/
#include "pagecache.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 4096
#define MAX_ENTRY (512 * 1024)   /* bigger pages are not worth holding */

static struct Slot { char *zKey; char *z; size_t n; } aSlot[NSLOT];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

int64_t data_generation(Db *db) {
  return db_int(db, -1, "SELECT n FROM data_generation WHERE id = 1", "");
}

static unsigned hash(const char *z) {
  unsigned h = 2166136261u;   /* FNV-1a */
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h % NSLOT;
}

char *pagecache_get(const char *zKey, size_t *pn) {
  struct Slot *s = &aSlot[hash(zKey)];
  char *z = NULL;
  pthread_mutex_lock(&mutex);
  if (s->zKey && strcmp(s->zKey, zKey) == 0) {
    z = xmalloc(s->n + 1);
    memcpy(z, s->z, s->n);
    z[s->n] = 0;
    *pn = s->n;
  }
  pthread_mutex_unlock(&mutex);
  return z;
}

void pagecache_put(const char *zKey, const char *z, size_t n) {
  if (n > MAX_ENTRY) return;
  /* Copy outside the lock; swap inside it. */
  char *zK = xstrdup(zKey);
  char *zV = xmalloc(n + 1);
  memcpy(zV, z, n);
  zV[n] = 0;
  struct Slot *s = &aSlot[hash(zKey)];
  pthread_mutex_lock(&mutex);
  char *oldK = s->zKey, *oldV = s->z;
  s->zKey = zK;
  s->z = zV;
  s->n = n;
  pthread_mutex_unlock(&mutex);
  free(oldK);
  free(oldV);
}
