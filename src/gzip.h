/*
** gzip.h: a page sent gzip-compressed without compressing it per request.
**
** A cached page's body is compressed once, when it is cached, as raw
** deflate blocks that end on a byte boundary and refer to nothing before
** them. Such blocks are valid anywhere in a deflate stream, so a response
** is the gzip header, the page's head (the signed-in user, the form
** token), the cached blocks, the rest as a stored block, an empty final
** block and the trailer. The head is compressed on its own, never with
** anything the request brings (web.c's page_begin), so nothing secret
** can leak through the size (BREACH), and a request costs a few small
** copies and CRCs.
*/
#ifndef OVERSIGHT_GZIP_H
#define OVERSIGHT_GZIP_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* z[0..n) as raw deflate blocks ending byte-aligned (a sync flush), with
** the CRC-32 of z: 0, or -1 if zlib failed (then nothing is allocated). */
int gzip_blocks(const char *z, size_t n, unsigned char **ppOut, size_t *pnOut, uint32_t *pCrc);

/* One part of a response's text: sent as pGz, nGz (made by gzip_blocks)
** if pGz is not NULL, else as stored blocks. crc is z's CRC-32 when
** hasCrc (computed here otherwise). */
typedef struct GzPart {
  const char *z; size_t n;
  const unsigned char *pGz; size_t nGz;
  uint32_t crc; int hasCrc;
} GzPart;

/* Append to out one gzip member whose text is the parts' in order. */
void gzip_parts(Buf *out, const GzPart *a, int n);

/* Whether an Accept-Encoding header value accepts gzip (RFC 9110 §12.5.3:
** "gzip" or "x-gzip" or "*", not given q=0). */
int gzip_accepted(const char *zAcceptEncoding);

#endif
