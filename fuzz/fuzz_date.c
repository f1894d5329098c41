/*
** fuzz_date.c: every way a typed date is parsed. date_parse (YYYY-MM-DD:
** imports, the command line, query strings; src/calendar.c),
** r903_parse_date (DD/MM/YYYY, the SSDA903 return; src/ssda903.c), and a
** form's three date boxes the way form_date in src/web.c reads them (each
** box trimmed, then parse_int and date_valid_ymd; form_date itself needs a
** whole request, so its few lines are repeated here): the input's lines are
** the day, month and year boxes. Each date read is then written back
** (date_iso, date_long, date_to_ymd) and moved (date_add_months, cal_add),
** and must come back as it was typed.
*/
#include "fuzz.h"
#include "calendar.h"
#include "ssda903.h"

/* form_text's trim. */
static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
  return s;
}

static void use(Date d) {
  int y, m, dd;
  char zIso[11], zLong[24];
  date_to_ymd(d, &y, &m, &dd);
  FUZZ_CHECK(date_valid_ymd(y, m, dd) && date_from_ymd(y, m, dd) == d);
  Date back;
  FUZZ_CHECK(date_parse(date_iso(d, zIso), &back) == 0 && back == d);
  FUZZ_CHECK(strlen(date_long(d, zLong)) < sizeof zLong);
  FUZZ_CHECK(date_weekday(d) >= 0 && date_weekday(d) <= 6);
  date_add_months(d, 12);
  cal_add(d, 20, UNIT_WORKING_DAYS);
  cal_add(d, -5, UNIT_WORKING_DAYS);
  cal_add(d, 1, UNIT_YEARS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 256) return 0;   /* a date is short; longer inputs only cost time */
  char *z = fuzz_cstr(data, size);
  Date d;
  char zIso[11];
  if (date_parse(z, &d) == 0) {
    FUZZ_CHECK(strcmp(date_iso(d, zIso), z) == 0);
    use(d);
  }
  int rc = r903_parse_date(z, &d);
  FUZZ_CHECK(rc >= -1 && rc <= 1);
  FUZZ_CHECK(rc != 0 || z[0] == 0);
  if (rc == 1) use(d);

  /* The form's boxes: day, month and year on three lines. */
  char *azBox[3] = {"", "", ""};
  char *p = z;
  for (int i = 0; i < 3 && p; i++) {
    azBox[i] = p;
    p = strchr(p, '\n');
    if (p) *p++ = 0;
  }
  const char *zd = trim(azBox[0]), *zm = trim(azBox[1]), *zy = trim(azBox[2]);
  long dd, mm, yy;
  if (*zd && *zm && *zy && parse_int(zd, 1, 31, &dd) == 0 && parse_int(zm, 1, 12, &mm) == 0 &&
      parse_int(zy, 1900, 2199, &yy) == 0 && date_valid_ymd((int)yy, (int)mm, (int)dd)) {
    use(date_from_ymd((int)yy, (int)mm, (int)dd));
  }
  free(z);
  return 0;
}
