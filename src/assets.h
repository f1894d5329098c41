/*
** assets.h: the static files of the web interface (CSS, JavaScript, icons),
** compiled into the binary so an installed oversight serves them without
** any file beside it.
**
** The table is generated at build time by tools/embed_assets.py from
** web/dist/, which scripts/build-assets makes from web/src/ and GOV.UK
** Frontend. Every file web/dist/NAME is served as /assets/NAME.
*/
#ifndef OVERSIGHT_ASSETS_H
#define OVERSIGHT_ASSETS_H

#include <stddef.h>

typedef struct Asset {
  const char *zPath;          /* URL path: "/assets/oversight.css" */
  const char *zType;          /* Content-Type: "text/css; charset=utf-8" */
  const unsigned char *pData; /* the file's bytes; pData[nData] is a NUL
                              ** not counted in nData (text can be used
                              ** as a C string) */
  size_t nData;               /* length in bytes */
  const char *zEtag;          /* ETag header value, quotes included: a
                              ** strong validator from the content's
                              ** SHA-256, e.g. "\"sha256-1f2e...\"" */
} Asset;

/* The asset served at zPath (exact, case-sensitive match, no query
** string), or NULL if there is none. A binary search of the sorted table. */
const Asset *asset_find(const char *zPath);

/* Every asset, in ascending strcmp() order of zPath: asset_at(i) for
** 0 <= i < asset_count(); NULL outside that range. */
int asset_count(void);
const Asset *asset_at(int i);

#endif
