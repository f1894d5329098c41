/*
** fuzz_query.c: query strings (http_parse_urlencoded in src/http.c, as
** `oversight test-http` parses a request target's query; under `serve`
** libmicrohttpd splits it and http.c checks each value is UTF-8), then the
** lookups and value parsers the pages apply to them: http_query, dates
** (?from=&to=, ?as-of=), numbers (parse_int,
** parse_double). The input is a request target; what follows the first '?'
** is the query. Checks that a query parses the same whole as in two
** pieces split at an '&' (params are appended, never reordered or merged).
*/
#include "fuzz.h"
#include "calendar.h"
#include "http.h"

static int same(const Param *a, int n, const Param *b, int m) {
  if (n != m) return 0;
  for (int i = 0; i < n; i++)
    if (strcmp(a[i].zName, b[i].zName) != 0 || strcmp(a[i].zValue, b[i].zValue) != 0) return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *zTarget = fuzz_cstr(data, size);
  char *zQuery = strchr(zTarget, '?');
  if (!zQuery) {
    free(zTarget);
    return 0;
  }
  *zQuery++ = 0;
  size_t n = strlen(zQuery);
  Req req;
  memset(&req, 0, sizeof req);
  int rc = http_parse_urlencoded(zQuery, n, &req.aQuery, &req.nQuery);

  /* The same query in two pieces, split at its first '&'. */
  const char *amp = strchr(zQuery, '&');
  if (amp) {
    Param *a = NULL;
    int m = 0;
    int rc1 = http_parse_urlencoded(zQuery, (size_t)(amp - zQuery), &a, &m);
    int rc2 = http_parse_urlencoded(amp + 1, n - (size_t)(amp - zQuery) - 1, &a, &m);
    FUZZ_CHECK((rc == 0) == (rc1 == 0 && rc2 == 0));
    FUZZ_CHECK(same(req.aQuery, req.nQuery, a, m));
    http_params_free(a, m);
  }

  if (rc == 0) {
    static const char *const azKey[] = {"from", "to", "as-of", "page", "iro", "show", "next", "q"};
    for (size_t k = 0; k < sizeof azKey / sizeof azKey[0]; k++) {
      const char *z = http_query(&req, azKey[k]);
      if (!z) continue;
      Date d;
      long v;
      double x;
      char zIso[11];
      if (date_parse(z, &d) == 0) FUZZ_CHECK(strcmp(date_iso(d, zIso), z) == 0);
      if (parse_int(z, 0, 1000000, &v) == 0) FUZZ_CHECK(v >= 0 && v <= 1000000);
      if (parse_double(z, 0, 100, &x) == 0) FUZZ_CHECK(x >= 0 && x <= 100);
    }
  }
  http_params_free(req.aQuery, req.nQuery);
  free(zTarget);
  return 0;
}
