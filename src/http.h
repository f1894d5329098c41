/*
** http.h: the HTTP server, as a complete parsed request in and a response
** out. libmicrohttpd's callback sequence (headers, body pieces, final call)
** stays inside http.c; handlers never see it.
*/
#ifndef OVERSIGHT_HTTP_H
#define OVERSIGHT_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

typedef struct Param { char *zName, *zValue; } Param;
/* A file sent in a multipart/form-data body: its field, the name the
** browser gave (without any folder), and its n bytes: in memory at z
** (NUL-terminated too) when http_parse_multipart read it, or, for an
** upload the server streamed to disk, z is NULL and the bytes are in the
** file zPath (mode 0600, in $TMPDIR), removed after the request unless
** the handler moves it away (rename) first. */
typedef struct HttpFile { char *zField, *zName, *z; size_t n; char *zPath; } HttpFile;

typedef struct Req {
  const char *zMethod;          /* "GET", "POST", ... */
  const char *zPath;            /* decoded path, e.g. "/children/100001" */
  Param *aQuery; int nQuery;    /* query string, decoded */
  Param *aForm; int nForm;      /* urlencoded POST body, decoded (or a
                                ** multipart body's text fields) */
  HttpFile *aFile; int nFile;   /* a multipart body's files */
  Param *aHeader; int nHeader;  /* request headers as sent */
  char zClient[64];             /* the peer's address */
  int tls;                      /* served over TLS (for the Secure cookie flag) */
} Req;

/* A piece of a response's body held elsewhere and shared, not copied (a
** cached page's body: pagecache.h), sent after the body's first `at` bytes
** and before the rest. pGz is the same text as deflate blocks (gzip.h),
** sent to a client that accepts gzip. xRelease(pArg) once it is sent. */
typedef struct HttpPiece {
  const char *z; size_t n;
  const unsigned char *pGz; size_t nGz; uint32_t crc;
  void (*xRelease)(void *); void *pArg;
  size_t at;
} HttpPiece;

/* The body's first n bytes (a page's head: web.c), compressed on their
** own for a gzip response: z their text, checked against the body when
** it is sent (anything may have been written over it since), pGz their
** deflate blocks (gzip.h) with crc their CRC-32, or NULL to have them
** compressed when sent. */
typedef struct HttpHead {
  char *z; size_t n;
  unsigned char *pGz; size_t nGz;
  uint32_t crc;
} HttpHead;

/* A response that may be sent only once something else is done (a view's
** audit entry written: audit.h). After the handler, the server sets the
** connection aside, so no thread waits, and calls xStart(pArg, pResp,
** xDone, pDone); whoever finishes the work changes *pResp if the answer
** must be another (it failed), then calls xDone(pDone), from any thread,
** and the response is sent. xCancel(pArg) instead if the response is
** dropped before that (a failed request's error page replaces it). */
struct Resp;
typedef struct HttpHold {
  void (*xStart)(void *pArg, struct Resp *pResp, void (*xDone)(void *), void *pDone);
  void (*xCancel)(void *pArg);
  void *pArg;
} HttpHold;

#define MAX_RESP_HEADERS 16
typedef struct Resp {
  int status;                   /* 200 unless set */
  const char *zType;            /* content type; "text/html; charset=utf-8" unless set */
  Buf body;
  const unsigned char *pStatic; /* a body that lives for the program (assets) */
  size_t nStatic;
  HttpPiece piece;              /* z is NULL when there is none */
  HttpHead head;                /* z is NULL when there is none */
  HttpHold hold;                /* xStart is NULL when there is none */
  int nHeader;
  char *azHeader[MAX_RESP_HEADERS][2];
  /* For the access log and the metrics (the observer, below), set by the
  ** application: which of its routes answered (0: none, the request was
  ** refused before routing) and who was signed in (0: nobody). Numbers,
  ** never the path: a path can hold a child's reference. */
  int iRoute;
  int64_t userId;
} Resp;

/* A request header, or NULL. Names are case-insensitive. */
const char *http_header(const Req *r, const char *zName);
/* Copy a cookie's value into zOut: 1 if found (and it fits), else 0. */
int http_cookie(const Req *r, const char *zName, char *zOut, size_t nOut);
/* The last value of a query or form field, or NULL. */
const char *http_query(const Req *r, const char *zName);
const char *http_form(const Req *r, const char *zName);
/* Add a response header (copied). */
void http_set_header(Resp *p, const char *zName, const char *zValue);
/* Put piece at the body's end so far (what is written after it follows
** it); any piece already there is flattened into the body first. */
void http_add_piece(Resp *p, const HttpPiece *piece);
/* Say the body begins with z[0..n), whose deflate blocks (or NULL) and
** CRC-32 are given (copied): see HttpHead. */
void http_set_head(Resp *p, const char *z, size_t n, const unsigned char *pGz, size_t nGz, uint32_t crc);
/* Empty the body, letting any piece go (a response being replaced). */
void http_body_reset(Resp *p);
/* Drop the response's hold, if it has one (HttpHold's xCancel). */
void http_hold_cancel(Resp *p);
/* Copy the piece into the body, so the body is the whole response. */
void http_flatten(Resp *p);
/* A 303 See Other to zUrl (site-relative), the answer to a successful POST. */
void http_redirect(Resp *p, const char *zUrl);

/* Let POSTs to zPath take a multipart/form-data body of up to nMax bytes
** (every other body is limited to 1 MiB). The server streams such a body
** to temporary files as it arrives (HttpFile.zPath), after asking the body
** gate. Call before http_serve. */
void http_allow_upload(const char *zPath, size_t nMax);
/* The body gate: called with the request line and headers only (no form,
** no files) of a POST to an upload path, before any of its body is read.
** It returns 0 to let the body be read, or fills resp with the refusal
** (e.g. 403) and returns non-zero: that is sent at once and the
** connection closed, so an anonymous client cannot make the server store
** anything. Call before http_serve. */
typedef int (*HttpGate)(const Req *req, Resp *resp);
void http_set_body_gate(HttpGate xGate);
/* At most n connections at once from one address (0: no limit but the
** server's 4096); the rest are closed as they arrive. Call before
** http_serve. */
void http_set_per_address_limit(unsigned n);
/* Parse a multipart/form-data body with the boundary from zContentType:
** text fields are appended to *paForm (refused unless UTF-8), files to
** *paFile. 0, or -1 if the body is malformed. */
int http_parse_multipart(const char *zContentType, const char *z, size_t n, Param **paForm, int *pnForm,
                         HttpFile **paFile, int *pnFile);

/* Parse "a=1&b=x%20y" into params (appended to *paOut). Returns -1 if the
** input is not valid UTF-8 once decoded (the request is then refused). */
int http_parse_urlencoded(const char *z, size_t n, Param **paOut, int *pnOut);
void http_params_free(Param *a, int n);

typedef void (*HttpHandler)(Req *req, Resp *resp);
/* Called once for each answered request, just before its response is
** sent, with the milliseconds since its headers arrived: on the thread
** that answered it, so it must be thread-safe and quick. Not called by
** http_test_stdin. Call before http_serve. */
typedef void (*HttpObserver)(const Req *req, const Resp *resp, double ms);
void http_set_observer(HttpObserver xObserver);
/* Serve on zListen ("127.0.0.1:8080", "[::1]:8080", ":8080") with nThreads
** worker threads until SIGTERM or SIGINT; then stop accepting, let the
** requests in flight finish (up to 10 s) and return 0. -1 if it cannot
** listen (message on stderr). A connection must send a request's headers
** within HTTP_HEADER_SECS of connecting (or of its previous answer), and
** is closed after HTTP_IDLE_SECS without a byte either way. */
#define HTTP_HEADER_SECS 15
#define HTTP_IDLE_SECS 30
int http_serve(const char *zListen, int nThreads, HttpHandler xHandler);
/* One request from a raw HTTP/1.1 message on stdin, the response on
** stdout: pages can be tested without a network (`oversight test-http`). */
int http_test_stdin(HttpHandler xHandler);

#endif
