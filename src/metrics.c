/*
** metrics.c: the access log and the counters behind /metrics.
**
** Every answered request passes through metrics_observe on the worker
** thread that answered it, so it must cost next to nothing: counters are
** fixed arrays of atomics (no lock, no allocation), and the log line is
** formatted on the stack and written with one write(), which the kernel
** keeps whole, so lines from many threads never interleave.
*/
#include "metrics.h"
#include "db.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The statuses the application answers with; anything else counts as
** "other". A fixed list keeps the counters a fixed array. */
static const int aStatus[] = {200, 204, 206, 301, 302, 303, 304, 400, 401, 403,
                              404, 405, 409, 413, 422, 429, 500, 503};
#define N_STATUS (COUNT(aStatus) + 1)

/* Latency buckets' upper bounds in milliseconds (Prometheus's defaults,
** which span a cached page to a large report), and their labels in
** seconds as the format wants. */
static const double aBucketMs[] = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
static const char *const azBucketLe[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                         "0.5", "1", "2.5", "5", "10"};
#define N_BUCKET (COUNT(aBucketMs) + 1)   /* the last is +Inf */

/* Static, so zero-initialised as atomics must be. Buckets are counted
** singly and summed when rendered. */
static _Atomic uint64_t aCount[METRICS_MAX_ROUTES][N_STATUS];
static _Atomic uint64_t aBucket[METRICS_MAX_ROUTES][N_BUCKET];
static _Atomic uint64_t aSumUs[METRICS_MAX_ROUTES];

static int nRoutes = 1;
static MetricsLabel xRouteLabel;
static _Atomic int accessLog = 1;

void metrics_set_routes(int nRoute, MetricsLabel xLabel) {
  /* More routes than slots (a build that added routes without raising
  ** METRICS_MAX_ROUTES): the routes past it are counted with the
  ** unmatched requests ("-") rather than the server refusing to start. */
  if (nRoute > METRICS_MAX_ROUTES) {
    fprintf(stderr, "oversight: %d routes but metrics for %d: the rest are counted as unmatched\n", nRoute,
            METRICS_MAX_ROUTES);
    nRoute = METRICS_MAX_ROUTES;
  }
  nRoutes = nRoute;
  xRouteLabel = xLabel;
}

void metrics_set_access_log(int on) { accessLog = on; }

static void label(int iRoute, const char **pzMethod, const char **pzPattern) {
  *pzMethod = "-";
  *pzPattern = "-";
  if (xRouteLabel && iRoute > 0 && iRoute < nRoutes) xRouteLabel(iRoute, pzMethod, pzPattern);
}

static int status_slot(int status) {
  for (int i = 0; i < COUNT(aStatus); i++) {
    if (aStatus[i] == status) return i;
  }
  return N_STATUS - 1;
}

/* The request's method as the log may show it: a client can send any
** token there, so only the known ones are written as sent. */
static const char *safe_method(const char *z) {
  static const char *const az[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  for (int i = 0; i < COUNT(az); i++) {
    if (z && strcmp(z, az[i]) == 0) return az[i];
  }
  return "OTHER";
}

void metrics_observe(const char *zMethod, int iRoute, int status, double ms, int64_t userId) {
  if (iRoute < 0 || iRoute >= nRoutes) iRoute = 0;
  if (ms < 0) ms = 0;
  aCount[iRoute][status_slot(status)]++;
  int b = 0;
  while (b < COUNT(aBucketMs) && ms > aBucketMs[b]) b++;
  aBucket[iRoute][b]++;
  aSumUs[iRoute] += (uint64_t)(ms * 1000.0);
  if (!accessLog) return;
  /* logfmt (key=value), which journalctl's readers and log shippers
  ** parse without a pattern of their own. */
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  struct tm tm;
  gmtime_r(&t.tv_sec, &tm);
  char zTime[32];
  strftime(zTime, sizeof zTime, "%Y-%m-%dT%H:%M:%S", &tm);
  const char *zM, *zPattern;
  label(iRoute, &zM, &zPattern);
  char zUser[24] = "-";
  if (userId > 0) snprintf(zUser, sizeof zUser, "%lld", (long long)userId);
  char z[256];
  int n = snprintf(z, sizeof z, "oversight access: time=%s.%03ldZ method=%s route=%s status=%d ms=%.1f user=%s\n",
                   zTime, t.tv_nsec / 1000000L, safe_method(zMethod), zPattern, status, ms, zUser);
  if (n <= 0) return;
  if (n >= (int)sizeof z) {
    n = (int)sizeof z - 1;
    z[n - 1] = '\n';
  }
  /* A short write to a full pipe loses the rest of one line, never
  ** another request's time: the log is not worth blocking a page for. */
  ssize_t w = write(STDERR_FILENO, z, (size_t)n);
  (void)w;
}

/* ---- /metrics ---------------------------------------------------------------- */

static void help(Buf *out, const char *zName, const char *zType, const char *zHelp) {
  buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", zName, zHelp, zName, zType);
}

void metrics_render(Buf *out, const MetricsGauges *g) {
  const char *zM, *zPattern;
  help(out, "oversight_http_requests_total", "counter",
       "Requests answered, by route pattern (route \"-\": refused before routing) and status.");
  for (int r = 0; r < nRoutes; r++) {
    label(r, &zM, &zPattern);
    for (int s = 0; s < N_STATUS; s++) {
      uint64_t n = aCount[r][s];
      if (!n) continue;
      char zStatus[8];
      if (s < COUNT(aStatus)) snprintf(zStatus, sizeof zStatus, "%d", aStatus[s]);
      else snprintf(zStatus, sizeof zStatus, "other");
      buf_printf(out, "oversight_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n", zM,
                 zPattern, zStatus, (unsigned long long)n);
    }
  }
  help(out, "oversight_http_request_duration_seconds", "histogram",
       "Time from a request's headers arriving to its answer being ready, by route pattern.");
  for (int r = 0; r < nRoutes; r++) {
    uint64_t aSnap[N_BUCKET], nAll = 0;
    for (int b = 0; b < N_BUCKET; b++) nAll += aSnap[b] = aBucket[r][b];
    if (!nAll) continue;
    label(r, &zM, &zPattern);
    /* Summed from one snapshot, so +Inf and _count agree with the buckets. */
    uint64_t nCum = 0;
    for (int b = 0; b < N_BUCKET; b++) {
      nCum += aSnap[b];
      buf_printf(out, "oversight_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%s\"} %llu\n",
                 zM, zPattern, b < COUNT(azBucketLe) ? azBucketLe[b] : "+Inf", (unsigned long long)nCum);
    }
    buf_printf(out, "oversight_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n", zM, zPattern,
               (double)aSumUs[r] / 1e6);
    buf_printf(out, "oversight_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n", zM,
               zPattern, (unsigned long long)nCum);
  }
  DbWaitStats w;
  db_wait_stats(&w);
  help(out, "oversight_db_write_lock_waits_total", "counter",
       "Writes that queued for the database's write lock behind another of this server's writes.");
  buf_printf(out, "oversight_db_write_lock_waits_total %llu\n", (unsigned long long)w.nWaits);
  help(out, "oversight_db_write_lock_wait_seconds_total", "counter", "Time writes spent queued for the write lock.");
  buf_printf(out, "oversight_db_write_lock_wait_seconds_total %.6f\n", w.secs);
  help(out, "oversight_db_write_lock_timeouts_total", "counter",
       "Writes that gave up queueing for the write lock (the request was answered 503).");
  buf_printf(out, "oversight_db_write_lock_timeouts_total %llu\n", (unsigned long long)w.nTimeouts);
  help(out, "oversight_db_busy_waits_total", "counter",
       "Times the database was locked by another program (a command, an import) when this server needed it.");
  buf_printf(out, "oversight_db_busy_waits_total %llu\n", (unsigned long long)w.nBusy);
  help(out, "oversight_sessions_active", "gauge", "Signed-in sessions not yet ended (idle or past their lifetime).");
  buf_printf(out, "oversight_sessions_active %lld\n", (long long)g->nSessions);
  help(out, "oversight_database_size_bytes", "gauge", "The database file's size: page_count * page_size.");
  buf_printf(out, "oversight_database_size_bytes %lld\n", (long long)g->nDbBytes);
  help(out, "oversight_audit_log_entries", "gauge", "Entries in the audit log.");
  buf_printf(out, "oversight_audit_log_entries %lld\n", (long long)g->nAudit);
}
