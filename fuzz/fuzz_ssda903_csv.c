/*
** fuzz_ssda903_csv.c: the SSDA903 return's CSV files (src/ssda903.c), read
** as the upload page and `validate 903` read them, then every DfE rule run
** over whatever loaded. A return is several files: the input is split at
** each line "@@FILE@@" (fuzz/ssda903.dict has it) into up to 12 files,
** added in order with r903_add_text, so that rules joining two tables see
** hostile rows in both. A file starting with '<' goes to the XML reader, as
** it would in use; fuzz_ssda903_xml covers that reader on its own.
*/
#include "fuzz.h"
#include "ssda903.h"

static const char zSep[] = "\n@@FILE@@\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *z = (const char *)data, *e = z + size;
  Return903 r;
  r903_init(&r, 2026);
  Buf err = {0};
  int ok = 1;
  for (int i = 0; i < 12 && ok; i++) {
    const char *p = z;
    const char *q = NULL;
    for (const char *s = p; s + sizeof zSep - 1 <= e; s++)
      if (memcmp(s, zSep, sizeof zSep - 1) == 0) {
        q = s;
        break;
      }
    char zName[16];
    snprintf(zName, sizeof zName, "f%d.csv", i);
    size_t before = err.n;
    ok = r903_add_text(&r, zName, p, (size_t)((q ? q : e) - p), &err) == 0;
    /* A refusal always says why, naming the file. */
    FUZZ_CHECK(ok || (err.n > before && strstr(err.z + before, zName)));
    if (!q) break;
    z = q + sizeof zSep - 1;
  }
  if (ok) {
    r903_finish(&r);
    int nRule;
    r903_rules(r.year, &nRule);
    unsigned char *aSkipped = calloc((size_t)nRule, 1);
    r903_validate(&r, NULL, aSkipped);
    for (int i = 0; i < r.nErr; i++) {
      FUZZ_CHECK(r.aErr[i].rule >= 0 && r.aErr[i].rule < nRule);
      FUZZ_CHECK(r.aErr[i].table >= 0 && r.aErr[i].table < T_COUNT);
      FUZZ_CHECK(r.aErr[i].row >= 0 && r.aErr[i].row < r.a[r.aErr[i].table].nRow);
    }
    free(aSkipped);
  }
  r903_free(&r);
  buf_free(&err);
  return 0;
}
