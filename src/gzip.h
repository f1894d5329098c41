/*
** gzip.h: a page sent gzip-compressed without compressing it per request.
**
** A cached page's body is compressed once, when it is cached, as raw
** deflate blocks that end on a byte boundary and refer to nothing before
** them. Such blocks are valid anywhere in a deflate stream, so a response
** is the gzip header, the request's own head (the signed-in user, the form
** token) as a stored block, the cached blocks, the rest as a final stored
** block and the trailer. Nothing the request brings is ever compressed
** together with the page, so nothing secret can leak through the size
** (BREACH), and a request costs a few small copies and two CRCs.
*/
#ifndef OVERSIGHT_GZIP_H
#define OVERSIGHT_GZIP_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* z[0..n) as raw deflate blocks ending byte-aligned (a sync flush), with
** the CRC-32 of z: 0, or -1 if zlib failed (then nothing is allocated). */
int gzip_blocks(const char *z, size_t n, unsigned char **ppOut, size_t *pnOut, uint32_t *pCrc);

/* The bytes around a piece made by gzip_blocks, so that pHead, the piece,
** then pTail is a gzip member whose content is zPre, the piece's n bytes
** of text (with CRC-32 crc), then zPost. */
void gzip_around(Buf *pHead, Buf *pTail, const char *zPre, size_t nPre, uint32_t crc, size_t n,
                 const char *zPost, size_t nPost);

/* Whether an Accept-Encoding header value accepts gzip (RFC 9110 §12.5.3:
** "gzip" or "x-gzip" or "*", not given q=0). */
int gzip_accepted(const char *zAcceptEncoding);

#endif
