/*
** fuzz_multipart.c: the multipart/form-data body parser behind uploads
** (http_parse_multipart in src/http.c). The input's first line is the
** Content-Type header (where the boundary comes from), the rest the body.
** Checks http.h's promises: text fields are UTF-8, files' names carry no
** folder, every file's bytes are NUL-terminated at their length.
*/
#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *z = (const char *)data;
  const char *nl = memchr(z, '\n', size);
  size_t nCt = nl ? (size_t)(nl - z) : size;
  char *zCt = fuzz_cstr(data, nCt);
  const char *zBody = nl ? nl + 1 : z + size;
  size_t nBody = (size_t)(z + size - zBody);
  /* The body as the server holds it: its own allocation, so that reading
  ** past its end is caught. */
  char *zCopy = malloc(nBody ? nBody : 1);
  if (nBody) memcpy(zCopy, zBody, nBody);

  Param *a = NULL;
  HttpFile *f = NULL;
  int n = 0, nf = 0;
  int rc = http_parse_multipart(zCt, zCopy, nBody, &a, &n, &f, &nf);
  FUZZ_CHECK(rc == 0 || rc == -1);
  for (int i = 0; i < n; i++) FUZZ_CHECK(a[i].zName && a[i].zValue);
  for (int i = 0; i < nf; i++) {
    FUZZ_CHECK(f[i].zField && f[i].zName && f[i].z && f[i].z[f[i].n] == 0);
    FUZZ_CHECK(!strchr(f[i].zName, '/') && !strchr(f[i].zName, '\\'));
    FUZZ_CHECK(f[i].n <= nBody);
    free(f[i].zField);
    free(f[i].zName);
    free(f[i].z);
  }
  free(f);
  http_params_free(a, n);
  free(zCopy);
  free(zCt);
  return 0;
}
