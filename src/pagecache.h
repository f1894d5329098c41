/*
** pagecache.h: rendered pages kept in memory until the data under them
** changes. The key names everything a page depends on (page, date, the
** viewer's capabilities, the database's data generation), so an entry is
** never stale: a change makes a new key, and old entries age out.
**
** An entry is shared, not copied: a request holds a reference while its
** response is sent, and the body is kept compressed too (gzip.h), so a
** cached page costs a request neither a copy nor a compression.
*/
#ifndef OVERSIGHT_PAGECACHE_H
#define OVERSIGHT_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>
#include "db.h"

typedef struct PageEntry {
  const char *zTitle;
  const char *zBody;           /* the body: n bytes, NUL-terminated */
  size_t n;
  const unsigned char *pGz;    /* the body as deflate blocks (gzip.h), or NULL */
  size_t nGz;
  uint32_t crc;                /* CRC-32 of the body */
} PageEntry;

/* The database's data generation: changes with any data a page shows. */
int64_t data_generation(Db *db);
/* The entry for zKey, or NULL: a reference, given up by pagecache_release. */
const PageEntry *pagecache_get(const char *zKey);
void pagecache_release(const PageEntry *e);
/* Keep a page under zKey, replacing what was there. */
void pagecache_put(const char *zKey, const char *zTitle, const char *zBody, size_t n);

#endif
