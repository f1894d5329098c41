/*
** fuzz_ssda903_xml.c: the SSDA903 return's XML form (src/ssda903_xml.c,
** libxml2 as a stream), both ways a return arrives: whole in memory (the
** upload page, r903_add_text) and from a file (validate/import 903 from a
** folder, r903_add_xml_file: its start in memory, the rest read from the
** FILE as parsing goes on, here an fmemopen of the input's second half).
** The two must agree on whether the file is refused and on every table's
** row count; then every DfE rule runs over what loaded.
*/
#include "fuzz.h"
#include "ssda903.h"

/* Where the head ends for the file path: past the first character after
** any byte order mark and blank space, as the real caller's 64 KB head
** always is for a return, and otherwise halfway, so that the rest of the
** document comes through the FILE. */
static size_t head_size(const char *z, size_t n) {
  size_t i = 0;
  if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && (z[i] == ' ' || z[i] == '\t' || z[i] == '\r' || z[i] == '\n')) i++;
  if (i < n) i++;
  return i > n / 2 ? i : n / 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *z = (const char *)data;
  Buf err = {0}, errFile = {0};

  Return903 r;
  r903_init(&r, 2026);
  int rc = r903_add_xml(&r, "r.xml", z, size, &err);
  FUZZ_CHECK(rc == 0 || (rc == -1 && err.n > 0));

  Return903 rf;
  r903_init(&rf, 2026);
  size_t nHead = head_size(z, size);
  int rcFile = -1;
  FILE *f = size > nHead ? fmemopen((void *)(z + nHead), size - nHead, "rb") : NULL;
  rcFile = r903_add_xml_file(&rf, "r.xml", z, nHead, f, &errFile);
  if (f) fclose(f);
  if (rc != rcFile) {
    fprintf(stderr, "memory: %d %s\nfile (head %zu): %d %s\n", rc, err.z ? err.z : "", nHead, rcFile,
            errFile.z ? errFile.z : "");
  }
  FUZZ_CHECK(rc == rcFile);
  if (rc == 0) {
    for (int t = 0; t < T_COUNT; t++) FUZZ_CHECK(r.a[t].nRow == rf.a[t].nRow);
    r903_finish(&r);
    int nRule;
    r903_rules(r.year, &nRule);
    unsigned char *aSkipped = calloc((size_t)nRule, 1);
    r903_validate(&r, NULL, aSkipped);
    free(aSkipped);
  }
  r903_free(&r);
  r903_free(&rf);
  buf_free(&err);
  buf_free(&errFile);
  return 0;
}
