/*
** fuzz_form.c: urlencoded POST bodies (http_parse_urlencoded in
** src/http.c), as the server parses every form. The body is not
** NUL-terminated there, so it is not here. Checks http.h's promise: when
** the body is accepted, every name and value is UTF-8 without a NUL (the
** pages use them as C strings), and the decoded text is never longer than
** the body.
*/
#include "fuzz.h"
#include "http.h"

/* Strict UTF-8 with no NUL, written again here so the check does not
** share a bug with the code under test. */
static int utf8_ok(const unsigned char *z) {
  while (*z) {
    unsigned c = *z;
    int k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (k < 0) return 0;
    unsigned cp = k ? c & (0x3fu >> k) : c;
    for (int j = 1; j <= k; j++) {
      if ((z[j] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (z[j] & 0x3f);
    }
    if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    z += k + 1;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *z = malloc(size ? size : 1);
  if (size) memcpy(z, data, size);
  Param *a = NULL;
  int n = 0;
  int rc = http_parse_urlencoded(z, size, &a, &n);
  FUZZ_CHECK(rc == 0 || rc == -1);
  size_t nText = 0;
  for (int i = 0; i < n; i++) {
    FUZZ_CHECK(a[i].zName && a[i].zValue);
    if (rc == 0) FUZZ_CHECK(utf8_ok((unsigned char *)a[i].zName) && utf8_ok((unsigned char *)a[i].zValue));
    nText += strlen(a[i].zName) + strlen(a[i].zValue);
  }
  FUZZ_CHECK(nText <= size);
  /* Every valid body's fields are found by name, the last one winning. */
  if (rc == 0 && n > 0) {
    Req req;
    memset(&req, 0, sizeof req);
    req.aForm = a;
    req.nForm = n;
    FUZZ_CHECK(http_form(&req, a[n - 1].zName) == a[n - 1].zValue);
  }
  http_params_free(a, n);
  free(z);
  return 0;
}
