/*
** metrics.h: what the running server tells the council's IT team about
** itself: a line per request on stderr (the access log; journald keeps
** it) and counters for /metrics in Prometheus's text format. Both name a
** route by its pattern (/children/{}), never by its path, which would put
** children's references into logs that many people can read.
*/
#ifndef OVERSIGHT_METRICS_H
#define OVERSIGHT_METRICS_H

#include <stdint.h>
#include "util.h"

/* Routes are numbered as in Resp.iRoute, 0 (refused before routing) to
** METRICS_MAX_ROUTES - 1. */
#define METRICS_MAX_ROUTES 512

/* Slot i's method and pattern, both static strings of [A-Za-z0-9/{}._-]. */
typedef void (*MetricsLabel)(int iRoute, const char **pzMethod, const char **pzPattern);
/* The routes there are, and their names. Call once, before serving. */
void metrics_set_routes(int nRoute, MetricsLabel xLabel);
/* The access log is on unless turned off here (serve --quiet-access-log). */
void metrics_set_access_log(int on);

/* Count one answered request (thread-safe, no allocation) and write its
** access log line: time, method, route pattern, status, milliseconds and
** the signed-in user's id (0: nobody, logged as "-"). */
void metrics_observe(const char *zMethod, int iRoute, int status, double ms, int64_t userId);

/* Figures read from the database when /metrics is asked for. */
typedef struct MetricsGauges {
  int64_t nSessions;     /* sessions still valid */
  int64_t nDbBytes;      /* page_count * page_size */
  int64_t nAudit;        /* audit log entries */
} MetricsGauges;
/* Everything counted, and g, in the text exposition format (0.0.4). */
void metrics_render(Buf *out, const MetricsGauges *g);

#endif
