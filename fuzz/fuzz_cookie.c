/*
** fuzz_cookie.c: reading a cookie from the Cookie header (http_cookie in
** src/http.c), which every request's session lookup does before anyone
** is signed in. The input's first line is the cookie's name, the rest the
** header's value; each is tried with buffers from 1 byte to more than a
** session id needs. Checks http.h's promise:
** a value found fits its buffer, NUL-terminated, and holds no ';'.
*/
#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *z = (const char *)data;
  const char *nl = memchr(z, '\n', size);
  if (!nl) return 0;
  char *zName = fuzz_cstr(data, (size_t)(nl - z));
  char *zHeader = fuzz_cstr((const uint8_t *)nl + 1, size - (size_t)(nl - z) - 1);
  Param h[2] = {{"Host", "localhost"}, {"Cookie", zHeader}};
  Req req;
  memset(&req, 0, sizeof req);
  req.aHeader = h;
  req.nHeader = 2;
  /* The sizes callers use (a session id is 64 hex digits) and the edges. */
  static const size_t aSize[] = {1, 2, 17, 65, 128};
  for (size_t k = 0; k < sizeof aSize / sizeof aSize[0]; k++) {
    size_t nOut = aSize[k];
    char *zOut = malloc(nOut);
    if (http_cookie(&req, zName, zOut, nOut)) {
      size_t len = strnlen(zOut, nOut);
      FUZZ_CHECK(len < nOut);
      FUZZ_CHECK(!strchr(zOut, ';'));
    }
    free(zOut);
  }
  free(zName);
  free(zHeader);
  return 0;
}
