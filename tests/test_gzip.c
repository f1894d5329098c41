/*
** test_gzip.c: a cached page sent gzip-compressed (gzip.h, pagecache.h).
** The response is stitched from pieces compressed at different times, so
** each test inflates what a browser would receive with zlib's own gunzip
** and asserts it is byte for byte the page, whole, in one gzip member:
** across stored blocks longer than 65,535 bytes, with empty pieces, and
** with the cache replacing an entry a response still holds.
*/
#include "testutil.h"
#include "gzip.h"
#include "http.h"
#include "pagecache.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* gunzip z[0..n): the text (caller frees) and its length, or NULL unless
** it is exactly one gzip member with nothing after it. */
static char *gunzip(const unsigned char *z, size_t n, size_t *pn) {
  z_stream s;
  memset(&s, 0, sizeof s);
  assert_int_equal(inflateInit2(&s, 16 + 15), Z_OK);
  size_t cap = 1 << 20;
  char *out = malloc(cap);
  s.next_in = (Bytef *)z;
  s.avail_in = (uInt)n;
  s.next_out = (Bytef *)out;
  s.avail_out = (uInt)cap;
  int rc = inflate(&s, Z_FINISH);
  *pn = cap - s.avail_out;
  int whole = rc == Z_STREAM_END && s.avail_in == 0;
  inflateEnd(&s);
  if (!whole) {
    free(out);
    return NULL;
  }
  return out;
}

/* Text that looks like a page: repetitive, so it compresses, with a
** counter, so a piece out of place shows. */
static char *page_text(size_t n) {
  char *z = malloc(n + 1);
  size_t i = 0;
  for (int row = 0; i < n; row++) {
    char line[96];
    int k = snprintf(line, sizeof line, "<tr><td class=\"govuk-table__cell\">Child %d</td></tr>\n", row);
    for (int j = 0; j < k && i < n; j++) z[i++] = line[j];
  }
  z[n] = 0;
  return z;
}

/* The response a browser gets: the head (stored), the cached blocks, the
** tail (stored); returns where the blocks begin. */
static size_t stitch(Buf *all, const char *zPre, size_t nPre, const unsigned char *pGz, size_t nGz, uint32_t crc,
                   size_t n, const char *zPost, size_t nPost) {
  GzPart a[3] = {{.z = zPre, .n = nPre},
                 {.z = NULL, .n = n, .pGz = pGz, .nGz = nGz, .crc = crc, .hasCrc = 1},
                 {.z = zPost, .n = nPost}};
  gzip_parts(all, a, 3);
  /* The gzip header, then the head's stored blocks (5 bytes a block). */
  return 10 + (nPre ? nPre + 5 * ((nPre + 65534) / 65535) : 0);
}

/* The gzip response for pre + body + post, inflated, equals their text. */
static void round_trip(size_t nPre, size_t nBody, size_t nPost) {
  char *zPre = page_text(nPre), *zBody = page_text(nBody), *zPost = page_text(nPost);
  unsigned char *pGz;
  size_t nGz;
  uint32_t crc;
  assert_int_equal(gzip_blocks(zBody, nBody, &pGz, &nGz, &crc), 0);
  if (nBody > 10000) assert_true(nGz < nBody / 4);   /* it is compressed */
  Buf all = {0};
  size_t nHead = stitch(&all, zPre, nPre, pGz, nGz, crc, nBody, zPost, nPost);
  size_t nGot;
  char *zGot = gunzip((const unsigned char *)all.z, all.n, &nGot);
  assert_non_null(zGot);
  assert_int_equal(nGot, nPre + nBody + nPost);
  assert_memory_equal(zGot, zPre, nPre);
  assert_memory_equal(zGot + nPre, zBody, nBody);
  assert_memory_equal(zGot + nPre + nBody, zPost, nPost);
  free(zGot);
  /* One byte of the cached blocks changed: gunzip refuses it (the CRC). */
  if (nGz > 8) {
    all.z[nHead + nGz / 2] ^= 0x01;
    char *zBad = gunzip((const unsigned char *)all.z, all.n, &nGot);
    /* Accepted only if the bit was padding, and then the text is the same. */
    if (zBad) assert_memory_equal(zBad + nPre, zBody, nBody);
    free(zBad);
  }
  buf_free(&all);
  free(pGz);
  free(zPre);
  free(zBody);
  free(zPost);
}

static void a_page_stitched_from_pieces_inflates_to_the_page(void **state) {
  (void)state;
  round_trip(4000, 100000, 600);     /* a header, a worklist, a footer */
  round_trip(0, 30000, 600);         /* nothing before the piece */
  round_trip(4000, 30000, 0);        /* nothing after it: an empty final block */
  round_trip(4000, 0, 600);          /* an empty piece */
  round_trip(0, 0, 0);
}

static void a_head_longer_than_one_stored_block_is_split(void **state) {
  (void)state;
  round_trip(65535, 2000, 10);       /* exactly one full block */
  round_trip(65536, 2000, 10);       /* one byte into a second */
  round_trip(200000, 2000, 140000);  /* several, before and after */
}

static void a_corrupted_crc_is_refused(void **state) {
  (void)state;
  const char *z = "<p>Overdue: 3</p>";
  unsigned char *pGz;
  size_t nGz;
  uint32_t crc;
  assert_int_equal(gzip_blocks(z, strlen(z), &pGz, &nGz, &crc), 0);
  Buf all = {0};
  stitch(&all, "a", 1, pGz, nGz, crc ^ 1, strlen(z), "b", 1);   /* the wrong CRC */
  size_t n;
  assert_null(gunzip((const unsigned char *)all.z, all.n, &n));
  buf_free(&all);
  free(pGz);
}

/* A page's head compressed on its own (web.c's page_begin), a stored
** part with its CRC given, then the cached blocks and the tail: one
** member, the text in order; a head given a wrong CRC is refused. */
static void compressed_and_stored_parts_mix_in_any_order(void **state) {
  (void)state;
  char *zHead = page_text(2300), *zMid = page_text(70000), *zBody = page_text(40000), *zTail = page_text(420);
  unsigned char *pHead, *pBody;
  size_t nHeadGz, nBodyGz;
  uint32_t crcHead, crcBody;
  assert_int_equal(gzip_blocks(zHead, 2300, &pHead, &nHeadGz, &crcHead), 0);
  assert_int_equal(gzip_blocks(zBody, 40000, &pBody, &nBodyGz, &crcBody), 0);
  assert_true(nHeadGz < 2300 / 2);
  uint32_t crcMid = (uint32_t)crc32(0L, (const Bytef *)zMid, 70000);
  GzPart a[4] = {{.z = zHead, .n = 2300, .pGz = pHead, .nGz = nHeadGz, .crc = crcHead, .hasCrc = 1},
                 {.z = zMid, .n = 70000, .crc = crcMid, .hasCrc = 1},
                 {.z = zBody, .n = 40000, .pGz = pBody, .nGz = nBodyGz, .crc = crcBody, .hasCrc = 1},
                 {.z = zTail, .n = 420}};
  Buf all = {0};
  gzip_parts(&all, a, 4);
  size_t n;
  char *zGot = gunzip((const unsigned char *)all.z, all.n, &n);
  assert_non_null(zGot);
  assert_int_equal(n, 2300 + 70000 + 40000 + 420);
  assert_memory_equal(zGot, zHead, 2300);
  assert_memory_equal(zGot + 2300, zMid, 70000);
  assert_memory_equal(zGot + 72300, zBody, 40000);
  assert_memory_equal(zGot + 112300, zTail, 420);
  free(zGot);
  buf_free(&all);
  a[0].crc ^= 0x80;
  gzip_parts(&all, a, 4);
  assert_null(gunzip((const unsigned char *)all.z, all.n, &n));
  buf_free(&all);
  /* No parts at all: an empty page, still one whole member. */
  gzip_parts(&all, a, 0);
  zGot = gunzip((const unsigned char *)all.z, all.n, &n);
  assert_non_null(zGot);
  assert_int_equal(n, 0);
  free(zGot);
  buf_free(&all);
  free(pHead);
  free(pBody);
  free(zHead);
  free(zMid);
  free(zBody);
  free(zTail);
}

static void accept_encoding_is_read_as_rfc_9110_says(void **state) {
  (void)state;
  assert_true(gzip_accepted("gzip, deflate, br, zstd"));   /* Chromium */
  assert_true(gzip_accepted("gzip"));
  assert_true(gzip_accepted("GZIP"));
  assert_true(gzip_accepted("x-gzip"));
  assert_true(gzip_accepted("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  assert_true(gzip_accepted("*"));
  assert_true(gzip_accepted("gzip;q=0.001"));
  assert_true(gzip_accepted("deflate ,  gzip ; q=0.5"));
  assert_false(gzip_accepted(NULL));
  assert_false(gzip_accepted(""));
  assert_false(gzip_accepted("identity"));
  assert_false(gzip_accepted("deflate, br"));
  assert_false(gzip_accepted("gzip;q=0"));
  assert_false(gzip_accepted("gzip; q=0.000"));
  assert_false(gzip_accepted("gzip;q=0, *"));        /* named beats * */
  assert_false(gzip_accepted("*;q=0"));
  assert_false(gzip_accepted("gzipper"));
  assert_false(gzip_accepted("x-gzip2, agzip"));
}

static int nReleased;
static void count_release(void *p) {
  (void)p;
  nReleased++;
}

/* A response with a piece: flattened it is the whole body, and the piece
** is let go exactly once whichever way the response ends. */
static void a_response_piece_is_flattened_or_dropped_once(void **state) {
  (void)state;
  Resp r;
  memset(&r, 0, sizeof r);
  buf_puts(&r.body, "<head>");
  HttpPiece p = {.z = "<main>body</main>", .n = 17, .xRelease = count_release};
  nReleased = 0;
  http_add_piece(&r, &p);
  buf_puts(&r.body, "<footer>");
  http_flatten(&r);
  assert_int_equal(nReleased, 1);
  assert_null(r.piece.z);
  assert_string_equal(r.body.z, "<head><main>body</main><footer>");
  http_add_piece(&r, &p);
  http_body_reset(&r);   /* an error page replacing it */
  assert_int_equal(nReleased, 2);
  assert_int_equal(r.body.n, 0);
  /* A second piece flattens the first into the body. */
  http_add_piece(&r, &p);
  http_add_piece(&r, &p);
  assert_int_equal(nReleased, 3);
  assert_string_equal(r.body.z, "<main>body</main>");
  http_flatten(&r);
  assert_int_equal(nReleased, 4);
  assert_string_equal(r.body.z, "<main>body</main><main>body</main>");
  buf_free(&r.body);
}

/* The cache hands out the entry, compressed as well as plain; replacing it
** while a response holds it keeps the old one whole until it is let go
** (AddressSanitizer would catch a read after it was freed). */
static void a_cached_entry_outlives_its_replacement_while_held(void **state) {
  (void)state;
  char *zBody = page_text(50000);
  pagecache_put("test|home|1", "My children", zBody, 50000);
  const PageEntry *e = pagecache_get("test|home|1");
  assert_non_null(e);
  assert_string_equal(e->zTitle, "My children");
  assert_int_equal(e->n, 50000);
  assert_memory_equal(e->zBody, zBody, 50000);
  assert_non_null(e->pGz);
  assert_null(pagecache_get("test|home|2"));
  pagecache_put("test|home|1", "Replaced", "x", 1);   /* the same slot */
  const PageEntry *e2 = pagecache_get("test|home|1");
  assert_string_equal(e2->zTitle, "Replaced");
  assert_memory_equal(e->zBody, zBody, 50000);        /* still whole */
  Buf all = {0};
  stitch(&all, NULL, 0, e->pGz, e->nGz, e->crc, e->n, NULL, 0);
  size_t n;
  char *zGot = gunzip((const unsigned char *)all.z, all.n, &n);
  assert_non_null(zGot);
  assert_int_equal(n, 50000);
  assert_memory_equal(zGot, zBody, 50000);
  free(zGot);
  buf_free(&all);
  pagecache_release(e);
  pagecache_release(e2);
  free(zBody);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(a_page_stitched_from_pieces_inflates_to_the_page),
    cmocka_unit_test(a_head_longer_than_one_stored_block_is_split),
    cmocka_unit_test(a_corrupted_crc_is_refused),
    cmocka_unit_test(compressed_and_stored_parts_mix_in_any_order),
    cmocka_unit_test(accept_encoding_is_read_as_rfc_9110_says),
    cmocka_unit_test(a_response_piece_is_flattened_or_dropped_once),
    cmocka_unit_test(a_cached_entry_outlives_its_replacement_while_held),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
