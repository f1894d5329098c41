/*
** pagecache.h: rendered pages kept in memory until the data under them
** changes. The key names everything a page depends on (page, date, the
** viewer's capabilities, the database's data generation), so an entry is
** never stale: a change makes a new key, and old entries age out.
*/
#ifndef OVERSIGHT_PAGECACHE_H
#define OVERSIGHT_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>
#include "db.h"

/* The database's data generation: changes with any data a page shows. */
int64_t data_generation(Db *db);
/* A copy of the cached text for zKey (caller frees), or NULL. */
char *pagecache_get(const char *zKey, size_t *pn);
/* Keep a copy of z[0..n) under zKey, replacing what was there. */
void pagecache_put(const char *zKey, const char *z, size_t n);

#endif
