/*
** fuzz_csv.c: the RFC 4180 reader imports use (src/csv.c): csv_read over
** every record, then the same text as an import reads it, a header row
** (csv_read_header) and each field as a date (csv_row_date, date_parse).
** Checks csv.h's promises: every field it returns is UTF-8 without NUL,
** and an error always comes with a reason.
*/
#include "fuzz.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *z = (const char *)data;
  CsvReader r;
  csv_init(&r, z, size);
  char **az;
  int nf, rc, nRecord = 0;
  while ((rc = csv_read(&r, &az, &nf)) > 0) {
    FUZZ_CHECK(nf >= 1);
    for (int i = 0; i < nf; i++) FUZZ_CHECK(csv_utf8_valid((const unsigned char *)az[i], strlen(az[i])));
    nRecord++;
  }
  FUZZ_CHECK(rc == 0 || r.zErr[0]);
  FUZZ_CHECK(r.record >= nRecord);
  csv_free(&r);

  /* As an import reads it: named columns, then dates. */
  static const char *const azCol[] = {"child", "held", "planned", "note"};
  int aMap[8];
  Buf report = {0}, err = {0};
  csv_init(&r, z, size);
  if (csv_read_header(&r, azCol, 4, aMap, 8, "docs/x.md", &report) > 0) {
    while (csv_read(&r, &az, &nf) > 0) {
      for (int i = 0; i < nf; i++) {
        buf_reset(&err);
        csv_row_date(&err, "held", csv_trim(az[i]), i & 1, date_from_ymd(2026, 1, 1));
      }
    }
  } else {
    FUZZ_CHECK(report.n > 0);
  }
  csv_free(&r);
  buf_free(&report);
  buf_free(&err);
  return 0;
}
