/*
** gzip.c: see gzip.h. RFC 1951 (deflate) §3.2.4 for the stored blocks,
** RFC 1952 (gzip) for the header and trailer.
*/
#include "gzip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

int gzip_blocks(const char *z, size_t n, unsigned char **ppOut, size_t *pnOut, uint32_t *pCrc) {
  *ppOut = NULL;
  *pnOut = 0;
  z_stream s;
  memset(&s, 0, sizeof s);
  /* Raw deflate (negative window bits): the header and trailer are ours.
  ** Level 6, zlib's default: a page is compressed once and sent many
  ** times, so the smaller output is worth the milliseconds. */
  if (deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
  /* A sync flush can add a few bytes beyond deflateBound's figure. */
  size_t nCap = deflateBound(&s, (uLong)n) + 16;
  unsigned char *p = xmalloc(nCap);
  s.next_in = (Bytef *)z;
  s.avail_in = (uInt)n;
  s.next_out = p;
  s.avail_out = (uInt)nCap;
  /* Z_SYNC_FLUSH, never Z_FINISH: the blocks end on a byte boundary and
  ** none is marked last, so the response can go on after them. */
  int rc = n > UINT32_MAX ? Z_BUF_ERROR : deflate(&s, Z_SYNC_FLUSH);
  if (rc != Z_OK || s.avail_in != 0 || s.avail_out == 0) {
    deflateEnd(&s);
    free(p);
    return -1;
  }
  *pnOut = nCap - s.avail_out;
  deflateEnd(&s);
  *ppOut = p;
  *pCrc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)z, (uInt)n);
  return 0;
}

/* z[0..n) as stored blocks (at most 65,535 bytes each), the last of them
** marked final if isLast (an empty one when n is 0). */
static void stored(Buf *b, const char *z, size_t n, int isLast) {
  do {
    size_t k = n > 65535 ? 65535 : n;
    unsigned char h[5];
    h[0] = (isLast && k == n) ? 1 : 0;   /* BFINAL, BTYPE 00, padding */
    h[1] = (unsigned char)(k & 0xff);
    h[2] = (unsigned char)(k >> 8);
    h[3] = (unsigned char)(~k & 0xff);
    h[4] = (unsigned char)((~k >> 8) & 0xff);
    buf_append(b, (const char *)h, 5);
    buf_append(b, z, k);
    z += k;
    n -= k;
  } while (n > 0);
}

static void le32(Buf *b, uint32_t x) {
  unsigned char a[4] = {(unsigned char)x, (unsigned char)(x >> 8), (unsigned char)(x >> 16), (unsigned char)(x >> 24)};
  buf_append(b, (const char *)a, 4);
}

void gzip_parts(Buf *out, const GzPart *a, int n) {
  /* ID1 ID2, CM deflate, no flags, no time, no extra flags, OS unknown. */
  static const unsigned char aHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
  size_t nAll = 10 + 5 + 8;
  for (int i = 0; i < n; i++) nAll += a[i].pGz ? a[i].nGz : a[i].n + 5 * (a[i].n / 65535 + 1);
  buf_reserve(out, nAll);
  buf_append(out, (const char *)aHeader, sizeof aHeader);
  uLong c = crc32(0L, Z_NULL, 0);
  size_t nText = 0;
  for (int i = 0; i < n; i++) {
    if (!a[i].n) continue;
    if (a[i].pGz) buf_append(out, (const char *)a[i].pGz, a[i].nGz);
    else stored(out, a[i].z, a[i].n, 0);
    uLong k = a[i].hasCrc ? a[i].crc : crc32_z(crc32(0L, Z_NULL, 0), (const Bytef *)a[i].z, a[i].n);
    c = crc32_combine(c, k, (z_off_t)a[i].n);
    nText += a[i].n;
  }
  /* Every part ends byte-aligned and none is final: an empty final block
  ** closes the stream. */
  stored(out, "", 0, 1);
  le32(out, (uint32_t)c);
  le32(out, (uint32_t)(nText & 0xffffffffu));   /* ISIZE: the length modulo 2^32 */
}

/* The q value of one Accept-Encoding element's parameters is zero. */
static int q_zero(const char *z, const char *zEnd) {
  while (z < zEnd) {
    while (z < zEnd && (*z == ';' || *z == ' ' || *z == '\t')) z++;
    if (zEnd - z >= 2 && (z[0] == 'q' || z[0] == 'Q') && z[1] == '=') {
      z += 2;
      if (z >= zEnd || *z != '0') return 0;
      for (z++; z < zEnd && (*z == '.' || *z == '0'); z++) {}
      return z >= zEnd || *z == ';' || *z == ' ' || *z == '\t';
    }
    while (z < zEnd && *z != ';') z++;
  }
  return 0;
}

int gzip_accepted(const char *z) {
  int gzip = -1, star = -1;   /* -1 not listed, else accepted */
  while (z && *z) {
    while (*z == ',' || *z == ' ' || *z == '\t') z++;
    const char *zTok = z;
    while (*z && *z != ',' && *z != ';' && *z != ' ' && *z != '\t') z++;
    size_t nTok = (size_t)(z - zTok);
    const char *zPar = z;
    while (*z && *z != ',') z++;
    int ok = !q_zero(zPar, z);
    if ((nTok == 4 && strncasecmp(zTok, "gzip", 4) == 0) || (nTok == 6 && strncasecmp(zTok, "x-gzip", 6) == 0)) {
      gzip = ok;
    } else if (nTok == 1 && *zTok == '*') {
      star = ok;
    }
  }
  return gzip >= 0 ? gzip : star > 0;
}
