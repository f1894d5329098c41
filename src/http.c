/*
** http.c: the HTTP server over GNU libmicrohttpd.
**
** libmicrohttpd calls the access handler at least three times per request
** (headers, each body piece, the end). This file gathers those calls into
** one complete Req, hands it to the application's one handler, and turns
** the Resp into a reply. Pitfalls it keeps away from handlers: each body
** call must consume its data, returning MHD_NO drops the connection
** instead of answering, and per-request state is freed in the completion
** callback.
*/
#include "http.h"
#include "gzip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (1024 * 1024)   /* forms are small; uploads have their own limit */
#define MAX_PARTS 64              /* fields and files in one multipart body */
#define PP_BUFFER (64 * 1024)     /* the post processor's buffer for one upload */
#define PER_ADDRESS_DEFAULT 64    /* a council office behind one NAT address fits */

static HttpHandler xApp;
static HttpGate xGate;
static HttpObserver xObserver;
static unsigned nPerAddress = PER_ADDRESS_DEFAULT;

void http_set_body_gate(HttpGate x) { xGate = x; }
void http_set_observer(HttpObserver x) { xObserver = x; }
void http_set_per_address_limit(unsigned n) { nPerAddress = n; }

/* The paths that take uploads, and how large. Only these may send more
** than MAX_BODY: a body is held in memory before anyone is signed in. */
static struct { char *zPath; size_t nMax; } aUpload[8];
static int nUpload;

void http_allow_upload(const char *zPath, size_t nMax) {
  if (nUpload >= (int)(sizeof aUpload / sizeof aUpload[0])) fatal("too many upload paths");
  aUpload[nUpload].zPath = xstrdup(zPath);
  aUpload[nUpload].nMax = nMax;
  nUpload++;
}

/* The largest body a POST to zUrl with content type zCt may send; *pUpload
** is set when it is an upload, to be streamed to disk. */
static size_t body_limit(const char *zMethod, const char *zUrl, const char *zCt, int *pUpload) {
  *pUpload = 0;
  if (zCt && strncasecmp(zCt, "multipart/form-data", 19) == 0 && strcmp(zMethod, "POST") == 0) {
    for (int i = 0; i < nUpload; i++) {
      if (strcmp(zUrl, aUpload[i].zPath) == 0) {
        *pUpload = 1;
        return aUpload[i].nMax;
      }
    }
  }
  return MAX_BODY;
}

/* ---- Parameters ------------------------------------------------------------ */

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Well-formed UTF-8, no overlongs, no surrogates, no NUL. */
static int utf8_valid(const unsigned char *z, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = z[i];
    if (c == 0) return 0;
    if (c < 0x80) { i++; continue; }
    int k = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (k < 0 || i + (size_t)k >= n) return 0;   /* bad lead byte, or cut short */
    unsigned cp = c & (0x3f >> k);
    for (int j = 1; j <= k; j++) {
      if ((z[i + (size_t)j] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (z[i + (size_t)j] & 0x3f);
    }
    if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return 0;
    }
    i += (size_t)k + 1;
  }
  return 1;
}

/* Decode one urlencoded component ('+' is a space) into a new string. */
static char *url_decode(const char *z, size_t n, size_t *pLen) {
  char *out = xmalloc(n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] == '+') out[j++] = ' ';
    else if (z[i] == '%' && i + 2 < n && hexval(z[i + 1]) >= 0 && hexval(z[i + 2]) >= 0) {
      out[j++] = (char)(hexval(z[i + 1]) * 16 + hexval(z[i + 2]));
      i += 2;
    } else out[j++] = z[i];
  }
  out[j] = 0;
  *pLen = j;
  return out;
}

static void param_add(Param **pa, int *pn, char *zName, char *zValue) {
  *pa = xrealloc(*pa, (size_t)(*pn + 1) * sizeof **pa);
  (*pa)[*pn].zName = zName;
  (*pa)[*pn].zValue = zValue;
  (*pn)++;
}

int http_parse_urlencoded(const char *z, size_t n, Param **paOut, int *pnOut) {
  size_t i = 0;
  int ok = 1;
  while (i < n) {
    size_t j = i;
    while (j < n && z[j] != '&') j++;
    size_t eq = i;
    while (eq < j && z[eq] != '=') eq++;
    if (j > i) {
      size_t nName, nValue;
      char *zName = url_decode(z + i, eq - i, &nName);
      char *zValue = eq < j ? url_decode(z + eq + 1, j - eq - 1, &nValue) : (nValue = 0, xstrdup(""));
      if (!utf8_valid((unsigned char *)zName, nName) || !utf8_valid((unsigned char *)zValue, nValue)) {
        ok = 0;
      }
      param_add(paOut, pnOut, zName, zValue);
    }
    i = j + 1;
  }
  return ok ? 0 : -1;
}

void http_params_free(Param *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zName);
    free(a[i].zValue);
  }
  free(a);
}

static const char *param_find(const Param *a, int n, const char *zName, int nocase) {
  const char *z = NULL;
  for (int i = 0; i < n; i++) {
    if (nocase ? strcasecmp(a[i].zName, zName) == 0 : strcmp(a[i].zName, zName) == 0) z = a[i].zValue;
  }
  return z;
}

const char *http_header(const Req *r, const char *zName) { return param_find(r->aHeader, r->nHeader, zName, 1); }
const char *http_query(const Req *r, const char *zName) { return param_find(r->aQuery, r->nQuery, zName, 0); }
const char *http_form(const Req *r, const char *zName) { return param_find(r->aForm, r->nForm, zName, 0); }

int http_cookie(const Req *r, const char *zName, char *zOut, size_t nOut) {
  const char *z = http_header(r, "Cookie");
  size_t n = strlen(zName);
  while (z && *z) {
    while (*z == ' ' || *z == ';') z++;
    if (strncmp(z, zName, n) == 0 && z[n] == '=') {
      const char *v = z + n + 1;
      size_t len = strcspn(v, ";");
      if (len >= nOut) return 0;   /* longer than any value we set: not ours */
      memcpy(zOut, v, len);
      zOut[len] = 0;
      return 1;
    }
    z = strchr(z, ';');
  }
  return 0;
}

void http_set_header(Resp *p, const char *zName, const char *zValue) {
  if (p->nHeader >= MAX_RESP_HEADERS) fatal("too many response headers");
  p->azHeader[p->nHeader][0] = xstrdup(zName);
  p->azHeader[p->nHeader][1] = xstrdup(zValue);
  p->nHeader++;
}

void http_redirect(Resp *p, const char *zUrl) {
  p->status = 303;
  http_set_header(p, "Location", zUrl);
  http_body_reset(p);
}

static void piece_release(HttpPiece *piece) {
  if (piece->z && piece->xRelease) piece->xRelease(piece->pArg);
  memset(piece, 0, sizeof *piece);
}

void http_body_reset(Resp *p) {
  piece_release(&p->piece);
  buf_reset(&p->body);
}

static void head_free(HttpHead *h) {
  free(h->z);   /* one allocation: the text, then the blocks */
  memset(h, 0, sizeof *h);
}

void http_set_head(Resp *p, const char *z, size_t n, const unsigned char *pGz, size_t nGz, uint32_t crc) {
  head_free(&p->head);
  char *a = xmalloc(n + (pGz ? nGz : 0) + 1);
  memcpy(a, z, n);
  a[n] = 0;
  p->head = (HttpHead){.z = a, .n = n, .crc = crc};
  if (pGz) {
    p->head.pGz = (unsigned char *)a + n + 1;
    memcpy(p->head.pGz, pGz, nGz);
    p->head.nGz = nGz;
  }
}

void http_flatten(Resp *p) {
  if (!p->piece.z) return;
  Buf b = {0};
  buf_append(&b, p->body.z, p->piece.at);
  buf_append(&b, p->piece.z, p->piece.n);
  buf_append(&b, p->body.z + p->piece.at, p->body.n - p->piece.at);
  piece_release(&p->piece);
  buf_free(&p->body);
  p->body = b;
}

void http_add_piece(Resp *p, const HttpPiece *piece) {
  http_flatten(p);
  p->piece = *piece;
  p->piece.at = p->body.n;
}

void http_hold_cancel(Resp *p) {
  if (p->hold.xStart && p->hold.xCancel) p->hold.xCancel(p->hold.pArg);
  memset(&p->hold, 0, sizeof p->hold);
}

static void resp_free(Resp *p) {
  http_hold_cancel(p);
  piece_release(&p->piece);
  head_free(&p->head);
  buf_free(&p->body);
  for (int i = 0; i < p->nHeader; i++) {
    free(p->azHeader[i][0]);
    free(p->azHeader[i][1]);
  }
}

/* ---- multipart/form-data (RFC 7578) ------------------------------------------ */

/* The value of parameter zName (boundary, name, filename) in a header
** value such as 'form-data; name="files"; filename="a.csv"', or NULL. */
static char *header_param(const char *z, const char *zName) {
  size_t n = strlen(zName);
  while ((z = strchr(z, ';')) != NULL) {
    z++;
    while (*z == ' ' || *z == '\t') z++;
    if (strncasecmp(z, zName, n) != 0 || z[n] != '=') continue;
    z += n + 1;
    Buf b = {0};
    if (*z == '"') {
      for (z++; *z && *z != '"'; z++) {
        if (*z == '\\' && z[1]) z++;
        buf_putc(&b, *z);
      }
    } else {
      while (*z && *z != ';' && *z != ' ') buf_putc(&b, *z++);
    }
    return b.z ? buf_take(&b) : xstrdup("");
  }
  return NULL;
}

static const char *find_bytes(const char *z, size_t n, const char *zNeedle, size_t nNeedle) {
  if (nNeedle == 0 || n < nNeedle) return NULL;
  for (const char *p = z, *e = z + n - nNeedle; p <= e; p++) {
    p = memchr(p, zNeedle[0], (size_t)(e - p) + 1);
    if (!p) return NULL;
    if (memcmp(p, zNeedle, nNeedle) == 0) return p;
  }
  return NULL;
}

int http_parse_multipart(const char *zContentType, const char *z, size_t n, Param **paForm, int *pnForm,
                         HttpFile **paFile, int *pnFile) {
  char *zBoundary = header_param(zContentType, "boundary");
  if (!zBoundary || !zBoundary[0] || strlen(zBoundary) > 70) {
    free(zBoundary);
    return -1;
  }
  /* Each part starts after "--boundary\r\n" and ends before "\r\n--boundary". */
  char *zDelim = xmprintf("\r\n--%s", zBoundary);
  size_t nDelim = strlen(zDelim);
  free(zBoundary);
  int rc = -1, nPart = 0;
  const char *p = NULL, *e = z + n;
  if (n >= nDelim - 2 && memcmp(z, zDelim + 2, nDelim - 2) == 0) p = z + nDelim - 2;
  while (p) {
    if (e - p >= 2 && p[0] == '-' && p[1] == '-') {   /* the closing delimiter */
      rc = 0;
      break;
    }
    if (e - p < 2 || p[0] != '\r' || p[1] != '\n' || ++nPart > MAX_PARTS) break;
    p += 2;
    const char *zEnd = find_bytes(p, (size_t)(e - p), "\r\n\r\n", 4);
    if (!zEnd) break;
    /* The part's headers: only Content-Disposition matters. */
    char *zHead = xmprintf("%.*s", (int)(zEnd - p), p);
    char *zName = NULL, *zFile = NULL;
    int nDisposition = 0;
    for (char *zLine = zHead; zLine && *zLine;) {
      char *zNext = strstr(zLine, "\r\n");
      if (zNext) *zNext = 0;
      /* Only the first is read: a part naming itself twice is refused
      ** below, rather than guessing which name was meant. */
      if (strncasecmp(zLine, "Content-Disposition:", 20) == 0 && nDisposition++ == 0) {
        zName = header_param(zLine, "name");
        zFile = header_param(zLine, "filename");
      }
      zLine = zNext ? zNext + 2 : NULL;
    }
    free(zHead);
    const char *zData = zEnd + 4;
    const char *zStop = find_bytes(zData, (size_t)(e - zData), zDelim, nDelim);
    int okPart = zName != NULL && zStop != NULL && nDisposition == 1;
    if (okPart && zFile) {
      /* Browsers send no folder, but some old ones sent a whole path. */
      const char *zBase = zFile;
      for (const char *q = zFile; *q; q++)
        if (*q == '/' || *q == '\\') zBase = q + 1;
      if (!utf8_valid((const unsigned char *)zBase, strlen(zBase))) okPart = 0;
      else if (zBase[0] || zStop > zData) {   /* an empty file input sends neither */
        *paFile = xrealloc(*paFile, (size_t)(*pnFile + 1) * sizeof **paFile);
        HttpFile *f = &(*paFile)[(*pnFile)++];
        memset(f, 0, sizeof *f);
        f->zField = xstrdup(zName);
        f->zName = xstrdup(zBase);
        f->n = (size_t)(zStop - zData);
        f->z = xmalloc(f->n + 1);
        memcpy(f->z, zData, f->n);
        f->z[f->n] = 0;
      }
    } else if (okPart) {
      size_t nValue = (size_t)(zStop - zData);
      if (!utf8_valid((const unsigned char *)zName, strlen(zName)) ||
          !utf8_valid((const unsigned char *)zData, nValue)) {
        okPart = 0;
      } else {
        char *zValue = xmalloc(nValue + 1);
        memcpy(zValue, zData, nValue);
        zValue[nValue] = 0;
        param_add(paForm, pnForm, zName, zValue);
        zName = NULL;
      }
    }
    free(zName);
    free(zFile);
    if (!okPart) break;
    p = zStop + nDelim;
  }
  free(zDelim);
  return rc;
}

/* Free a file's parts, removing it if it was kept on disk (a handler that
** keeps one has renamed it away already, and then the unlink fails
** harmlessly). */
static void file_clear(HttpFile *f) {
  free(f->zField);
  free(f->zName);
  free(f->z);
  if (f->zPath) unlink(f->zPath);
  free(f->zPath);
}

static void files_free(HttpFile *a, int n) {
  for (int i = 0; i < n; i++) file_clear(&a[i]);
  free(a);
}

static void req_free(Req *r) {
  http_params_free(r->aQuery, r->nQuery);
  http_params_free(r->aForm, r->nForm);
  http_params_free(r->aHeader, r->nHeader);
  files_free(r->aFile, r->nFile);
}

/* Dispatch a complete request, refusing what cannot be trusted first.
** zBody is the whole body, or NULL for an upload already parsed into req
** (badBody: it was malformed). */
static void run(Req *req, Resp *resp, const char *zBody, size_t nBody, int tooBig, int badQuery, int badBody) {
  resp->status = 200;
  resp->zType = "text/html; charset=utf-8";
  if (tooBig || badQuery) {
    /* Answered here, before the application sets its headers. */
    http_set_header(resp, "X-Content-Type-Options", "nosniff");
    http_set_header(resp, "Content-Security-Policy", "default-src 'none'");
  }
  if (tooBig) {
    resp->status = 413;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "The form sent was too large.\n");
    return;
  }
  const char *zCt = http_header(req, "Content-Type");
  int bad = badQuery || badBody || !utf8_valid((const unsigned char *)req->zPath, strlen(req->zPath));
  if (!bad && zBody && nBody && zCt && strncasecmp(zCt, "application/x-www-form-urlencoded", 33) == 0) {
    bad = http_parse_urlencoded(zBody, nBody, &req->aForm, &req->nForm) != 0;
  } else if (!bad && zBody && nBody && zCt && strncasecmp(zCt, "multipart/form-data", 19) == 0) {
    bad = http_parse_multipart(zCt, zBody, nBody, &req->aForm, &req->nForm, &req->aFile, &req->nFile) != 0;
  }
  if (bad) {
    if (!badQuery) {
      http_set_header(resp, "X-Content-Type-Options", "nosniff");
      http_set_header(resp, "Content-Security-Policy", "default-src 'none'");
    }
    resp->status = 400;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "The request was not valid UTF-8 text.\n");
    return;
  }
  xApp(req, resp);
}

/* ---- Logging ------------------------------------------------------------------ */

/* libmicrohttpd writes a line for each connection it drops: under a flood
** of connections that is thousands of lines, burying anything useful. A
** token bucket lets a burst through, then a line a second, and counts the
** rest ("N similar messages suppressed", said when the bucket refills). */
#define LOG_BURST 5.0
#define LOG_PER_SEC 1.0

static pthread_mutex_t logLock = PTHREAD_MUTEX_INITIALIZER;
static double logTokens = LOG_BURST, logLast;
static unsigned long nLogSuppressed;

static double now_secs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* With logLock held: refill the bucket, and report what was suppressed
** if there is a token for it. 1 if a token is left for a message. */
static int log_take(void) {
  double now = now_secs();
  logTokens += (now - logLast) * LOG_PER_SEC;
  if (logTokens > LOG_BURST) logTokens = LOG_BURST;
  logLast = now;
  if (nLogSuppressed && logTokens >= 1) {
    logTokens -= 1;
    fprintf(stderr, "oversight serve: %lu similar message%s suppressed\n", nLogSuppressed,
            nLogSuppressed == 1 ? "" : "s");
    nLogSuppressed = 0;
  }
  if (logTokens < 1) return 0;
  logTokens -= 1;
  return 1;
}

static void mhd_logger(void *cls, const char *zFmt, va_list ap) {
  (void)cls;
  pthread_mutex_lock(&logLock);
  if (log_take()) {
    char z[512];
    vsnprintf(z, sizeof z, zFmt, ap);
    size_t n = strlen(z);
    fprintf(stderr, "oversight serve: %s%s", z, n && z[n - 1] == '\n' ? "" : "\n");
  } else {
    nLogSuppressed++;
  }
  pthread_mutex_unlock(&logLock);
}

/* ---- Connections: the header deadline ------------------------------------------ */

/* libmicrohttpd's timeout is an idle timeout: a client sending a byte
** every few seconds keeps a connection forever without ever completing a
** request. So every connection is listed with the time it started waiting
** for a request's headers (its start, or the end of its last answer), and
** a sweeper shuts down the socket of any still waiting after
** HTTP_HEADER_SECS; libmicrohttpd then reads end-of-file and closes it.
** The list's lock is also held while libmicrohttpd says a connection is
** closing, before it closes the socket, so the sweeper never shuts down a
** descriptor that has been reused. */
typedef struct Conn {
  struct Conn *pNext, *pPrev;
  int fd;
  int busy;            /* between its request's headers and its answer */
  double since;        /* when it started waiting for headers */
} Conn;

static pthread_mutex_t connLock = PTHREAD_MUTEX_INITIALIZER;
static Conn *pConnList;
static _Atomic int sweeping;
static _Atomic int stopping;   /* idle connections are closed at once */

static void on_connection(void *cls, struct MHD_Connection *conn, void **ppSock,
                          enum MHD_ConnectionNotificationCode code) {
  (void)cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    Conn *c = xcalloc(1, sizeof *c);
    c->fd = ci ? ci->connect_fd : -1;
    c->since = now_secs();
    pthread_mutex_lock(&connLock);
    c->pNext = pConnList;
    if (pConnList) pConnList->pPrev = c;
    pConnList = c;
    pthread_mutex_unlock(&connLock);
    *ppSock = c;
  } else if (*ppSock) {
    Conn *c = *ppSock;
    pthread_mutex_lock(&connLock);
    if (c->pPrev) c->pPrev->pNext = c->pNext;
    else pConnList = c->pNext;
    if (c->pNext) c->pNext->pPrev = c->pPrev;
    pthread_mutex_unlock(&connLock);
    free(c);
    *ppSock = NULL;
  }
}

static void conn_mark(struct MHD_Connection *conn, int busy) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  Conn *c = ci ? ci->socket_context : NULL;
  if (!c) return;
  pthread_mutex_lock(&connLock);
  c->busy = busy;
  c->since = now_secs();
  pthread_mutex_unlock(&connLock);
}

static void *sweeper(void *arg) {
  (void)arg;
  while (sweeping) {
    usleep(250 * 1000);
    double now = now_secs();
    pthread_mutex_lock(&connLock);
    for (Conn *c = pConnList; c; c = c->pNext) {
      if (!c->busy && c->fd >= 0 && (stopping || now - c->since > HTTP_HEADER_SECS)) {
        shutdown(c->fd, SHUT_RDWR);
        c->since = now + 1e9;   /* once is enough */
      }
    }
    pthread_mutex_unlock(&connLock);
    /* Say what was suppressed even when nothing more is logged. */
    pthread_mutex_lock(&logLock);
    if (nLogSuppressed && log_take()) logTokens += 1;
    pthread_mutex_unlock(&logLock);
  }
  return NULL;
}

/* ---- Uploads, streamed to disk --------------------------------------------------- */

/* One request's state across libmicrohttpd's calls. An ordinary body is
** gathered in memory (at most MAX_BODY); an upload goes through the post
** processor, which hands over each part's bytes as they arrive: text
** fields are gathered (at most MAX_BODY in all), files written to
** temporary files, so memory stays the same whatever the upload's size. */
typedef struct ConnState {
  Buf body;
  size_t nMax, nSeen;
  int tooBig;
  struct MHD_PostProcessor *pp;
  int bad;                  /* malformed multipart */
  int diskErr;              /* a file could not be written */
  Param *aForm;
  int nForm;
  HttpFile *aFile;
  int nFile;
  int inPart, partIsFile;   /* the part being received */
  char *zPartName;
  Buf text;                 /* a text part's value so far */
  size_t nText;             /* text bytes of every part */
  int fd;                   /* a file part's temporary file */
  int nPart;
  double t0;                /* when the request's headers arrived */
  /* A response on hold (HttpHold), with its request for the access log,
  ** while the connection is suspended. */
  Resp *pHeld;
  Req heldReq;
  struct MHD_Connection *conn;
} ConnState;

/* Responses on hold: none may be when the daemon stops. */
static atomic_int nHeld;

/* The part being received is complete. */
static void part_end(ConnState *st) {
  if (!st->inPart) return;
  st->inPart = 0;
  if (st->partIsFile) {
    HttpFile *f = &st->aFile[st->nFile - 1];
    if (st->fd >= 0 && close(st->fd) != 0) st->diskErr = 1;
    st->fd = -1;
    if (!f->zName[0] && f->n == 0) {   /* what an empty file input sends */
      file_clear(f);
      st->nFile--;
    }
  } else {
    size_t n = st->text.n;
    char *zValue = st->text.z ? buf_take(&st->text) : xstrdup("");
    if (!utf8_valid((const unsigned char *)zValue, n)) st->bad = 1;
    param_add(&st->aForm, &st->nForm, st->zPartName, zValue);
    st->zPartName = NULL;
  }
  buf_free(&st->text);
  free(st->zPartName);
  st->zPartName = NULL;
}

/* A part starts: a text field, or a file (a temporary file is made). */
static int part_begin(ConnState *st, const char *zKey, const char *zFilename) {
  if (++st->nPart > MAX_PARTS || !zKey || !utf8_valid((const unsigned char *)zKey, strlen(zKey))) return -1;
  st->inPart = 1;
  st->partIsFile = zFilename != NULL;
  if (!st->partIsFile) {
    st->zPartName = xstrdup(zKey);
    return 0;
  }
  /* Browsers send no folder, but some old ones sent a whole path. */
  const char *zBase = zFilename;
  for (const char *q = zFilename; *q; q++)
    if (*q == '/' || *q == '\\') zBase = q + 1;
  if (!utf8_valid((const unsigned char *)zBase, strlen(zBase))) return -1;
  const char *zTmp = getenv("TMPDIR");
  char *zPath = xmprintf("%s/oversight-upload-XXXXXX", zTmp && zTmp[0] ? zTmp : "/tmp");
  st->fd = mkstemp(zPath);   /* mode 0600, a new name no one else holds */
  if (st->fd < 0) {
    fprintf(stderr, "oversight serve: cannot make a temporary file for an upload in %s: %s\n",
            zTmp && zTmp[0] ? zTmp : "/tmp", strerror(errno));
    free(zPath);
    st->inPart = 0;
    st->diskErr = 1;
    return -1;
  }
  st->aFile = xrealloc(st->aFile, (size_t)(st->nFile + 1) * sizeof *st->aFile);
  HttpFile *f = &st->aFile[st->nFile++];
  memset(f, 0, sizeof *f);
  f->zField = xstrdup(zKey);
  f->zName = xstrdup(zBase);
  f->zPath = zPath;
  return 0;
}

/* The post processor's callback: some bytes of a part, at offset off of
** its value. A new part shows as offset 0 (it may come twice, the first
** time empty: that is taken as the same part unless the name changed). */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *zKey, const char *zFilename,
                               const char *zType, const char *zEncoding, const char *zData, uint64_t off,
                               size_t size) {
  (void)kind;
  (void)zType;
  (void)zEncoding;
  ConnState *st = cls;
  int same = st->inPart && off == 0 && (st->partIsFile ? st->aFile[st->nFile - 1].n == 0 : st->text.n == 0) &&
             (zFilename != NULL) == st->partIsFile &&
             strcmp(zKey ? zKey : "", st->partIsFile ? st->aFile[st->nFile - 1].zField : st->zPartName) == 0;
  if (off == 0 && !same) {
    part_end(st);
    if (part_begin(st, zKey, zFilename) != 0) return MHD_NO;
  }
  if (!st->inPart) return MHD_NO;
  if (st->partIsFile) {
    HttpFile *f = &st->aFile[st->nFile - 1];
    for (size_t done = 0; done < size;) {
      ssize_t k = write(st->fd, zData + done, size - done);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) {
        fprintf(stderr, "oversight serve: cannot write an upload to %s: %s\n", f->zPath, strerror(errno));
        st->diskErr = 1;
        return MHD_NO;
      }
      done += (size_t)k;
    }
    f->n += size;
  } else {
    st->nText += size;
    if (st->nText > MAX_BODY) {
      st->tooBig = 1;
      return MHD_NO;
    }
    buf_append(&st->text, zData, size);
  }
  return MHD_YES;
}

static void state_free(ConnState *st) {
  if (st->pHeld) {   /* never resumed: only if the daemon stopped without it */
    resp_free(st->pHeld);
    free(st->pHeld);
    req_free(&st->heldReq);
    atomic_fetch_sub(&nHeld, 1);
  }
  buf_free(&st->body);
  if (st->pp) MHD_destroy_post_processor(st->pp);
  if (st->fd >= 0) close(st->fd);
  buf_free(&st->text);
  free(st->zPartName);
  http_params_free(st->aForm, st->nForm);
  files_free(st->aFile, st->nFile);
  free(st);
}

/* ---- libmicrohttpd ------------------------------------------------------------ */

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *zKey, const char *zValue) {
  Req *r = cls;
  Param **pa = kind == MHD_HEADER_KIND ? &r->aHeader : &r->aQuery;
  int *pn = kind == MHD_HEADER_KIND ? &r->nHeader : &r->nQuery;
  param_add(pa, pn, xstrdup(zKey ? zKey : ""), xstrdup(zValue ? zValue : ""));
  return MHD_YES;
}

/* The request line and headers of conn as a Req (no body yet); *pBadQuery
** if the query string is not UTF-8. Free with req_free. */
static void req_from_conn(struct MHD_Connection *conn, const char *zUrl, const char *zMethod, Req *req,
                          int *pBadQuery) {
  memset(req, 0, sizeof *req);
  req->zMethod = zMethod;
  req->zPath = zUrl;
  MHD_get_connection_values(conn, MHD_HEADER_KIND, collect, req);
  MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect, req);
  *pBadQuery = 0;
  for (int i = 0; i < req->nQuery; i++) {
    if (!utf8_valid((unsigned char *)req->aQuery[i].zName, strlen(req->aQuery[i].zName)) ||
        !utf8_valid((unsigned char *)req->aQuery[i].zValue, strlen(req->aQuery[i].zValue))) {
      *pBadQuery = 1;
    }
  }
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) {
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->zClient, sizeof req->zClient);
    } else if (sa->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, req->zClient, sizeof req->zClient);
    }
  }
}

/* What a plain response with a piece sends from, freed once it is sent. */
typedef struct Sending { Buf body; HttpPiece piece; } Sending;

static void sending_free(void *p) {
  Sending *s = p;
  buf_free(&s->body);
  piece_release(&s->piece);
  free(s);
}

/* A response whose body has a piece. Compressed (gzip.h), for a client
** that takes it, it is a few kilobytes, copied into one buffer so that
** libmicrohttpd sends it with its headers in one call. Plain, it is sent
** from where the pieces are, as an I/O vector, so the cached page is not
** copied. */
static struct MHD_Response *piece_response(struct MHD_Connection *conn, Resp *resp) {
  HttpPiece *p = &resp->piece;
  const char *zBody = resp->body.z ? resp->body.z : "";
  size_t at = p->at, nRest = resp->body.n - at;
  struct MHD_Response *r;
  if (p->pGz && gzip_accepted(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"))) {
    GzPart a[4];
    int k = 0;
    size_t from = 0;
    const HttpHead *h = &resp->head;
    unsigned char *pHeadGz = NULL;
    if (h->z && h->n <= at && memcmp(zBody, h->z, h->n) == 0) {
      GzPart *g = &a[k++];
      *g = (GzPart){.z = h->z, .n = h->n, .pGz = h->pGz, .nGz = h->nGz, .crc = h->crc, .hasCrc = h->pGz != NULL};
      if (!g->pGz && gzip_blocks(h->z, h->n, &pHeadGz, &g->nGz, &g->crc) == 0) {
        g->pGz = pHeadGz;
        g->hasCrc = 1;
      }
      from = h->n;
    }
    a[k++] = (GzPart){.z = zBody + from, .n = at - from};
    a[k++] = (GzPart){.z = p->z, .n = p->n, .pGz = p->pGz, .nGz = p->nGz, .crc = p->crc, .hasCrc = 1};
    a[k++] = (GzPart){.z = zBody + at, .n = nRest};
    Buf out = {0};
    gzip_parts(&out, a, k);
    free(pHeadGz);
    size_t n = out.n;
    r = MHD_create_response_from_buffer(n, buf_take(&out), MHD_RESPMEM_MUST_FREE);
    if (r) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    piece_release(p);
  } else {
    Sending *s = xcalloc(1, sizeof *s);
    s->body = resp->body;
    memset(&resp->body, 0, sizeof resp->body);
    s->piece = *p;
    memset(p, 0, sizeof *p);
    struct MHD_IoVec aIov[3] = {{zBody, at}, {s->piece.z, s->piece.n}, {zBody + at, nRest}};
    r = MHD_create_response_from_iovec(aIov, 3, sending_free, s);
    if (!r) sending_free(s);
  }
  if (r) MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
  return r;
}

/* Send resp (and free it). libmicrohttpd leaves out the body of an answer
** to HEAD itself, keeping its Content-Length. */
static enum MHD_Result queue(struct MHD_Connection *conn, Resp *resp) {
  struct MHD_Response *r;
  if (resp->piece.z) {
    r = piece_response(conn, resp);
    if (!r) {
      resp_free(resp);
      return MHD_NO;
    }
  } else if (resp->pStatic) {
    r = MHD_create_response_from_buffer(resp->nStatic, (void *)resp->pStatic, MHD_RESPMEM_PERSISTENT);
  } else {
    size_t n = resp->body.n;
    r = MHD_create_response_from_buffer(n, buf_take(&resp->body), MHD_RESPMEM_MUST_FREE);
  }
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->zType ? resp->zType : "text/html; charset=utf-8");
  for (int i = 0; i < resp->nHeader; i++) MHD_add_response_header(r, resp->azHeader[i][0], resp->azHeader[i][1]);
  enum MHD_Result rc = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  resp_free(resp);
  return rc;
}

static void observe(const Req *req, const Resp *resp, double t0) {
  if (xObserver) xObserver(req, resp, (now_secs() - t0) * 1000.0);
}

static void held_done(void *p) {
  ConnState *st = p;
  MHD_resume_connection(st->conn);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *zUrl,
                                  const char *zMethod, const char *zVersion, const char *zData,
                                  size_t *pnData, void **ppState) {
  (void)cls;
  (void)zVersion;
  ConnState *st = *ppState;
  Req req;
  Resp resp;
  int badQuery;
  memset(&resp, 0, sizeof resp);
  if (!st) {
    conn_mark(conn, 1);
    st = *ppState = xcalloc(1, sizeof *st);
    st->fd = -1;
    st->t0 = now_secs();
    int upload;
    const char *zCt = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    st->nMax = body_limit(zMethod, zUrl, zCt, &upload);
    if (!upload) return MHD_YES;
    if (xGate) {
      /* Before a byte of the body is read. */
      req_from_conn(conn, zUrl, zMethod, &req, &badQuery);
      resp.status = 200;
      int refused = xGate(&req, &resp);
      if (refused) observe(&req, &resp, st->t0);
      req_free(&req);
      if (refused) return queue(conn, &resp);
      resp_free(&resp);
    }
    st->pp = MHD_create_post_processor(conn, PP_BUFFER, on_part, st);
    if (!st->pp) st->bad = 1;   /* no usable boundary */
    return MHD_YES;
  }
  if (st->pHeld) {
    /* Resumed: what the response waited for is done. */
    Resp *pHeld = st->pHeld;
    st->pHeld = NULL;
    observe(&st->heldReq, pHeld, st->t0);
    enum MHD_Result rc = queue(conn, pHeld);
    req_free(&st->heldReq);
    free(pHeld);
    atomic_fetch_sub(&nHeld, 1);
    return rc;
  }
  if (*pnData) {
    st->nSeen += *pnData;
    if (st->nSeen > st->nMax) st->tooBig = 1;
    else if (st->pp) {
      if (!st->bad && !st->diskErr && !st->tooBig && MHD_post_process(st->pp, zData, *pnData) != MHD_YES &&
          !st->tooBig && !st->diskErr) {
        st->bad = 1;
      }
    } else if (!st->bad && !st->tooBig) {
      buf_append(&st->body, zData, *pnData);
    }
    *pnData = 0;
    return MHD_YES;
  }
  req_from_conn(conn, zUrl, zMethod, &req, &badQuery);
  int streamed = st->pp != NULL || st->bad;
  if (st->pp) {
    /* A body that stopped before its closing boundary is malformed. */
    if (MHD_destroy_post_processor(st->pp) != MHD_YES && !st->tooBig && !st->diskErr) st->bad = 1;
    st->pp = NULL;
    part_end(st);
    req.aForm = st->aForm, req.nForm = st->nForm;
    req.aFile = st->aFile, req.nFile = st->nFile;
    st->aForm = NULL, st->nForm = 0;
    st->aFile = NULL, st->nFile = 0;
  }
  if (st->diskErr && !st->tooBig) {
    resp.status = 503;
    resp.zType = "text/plain; charset=utf-8";
    http_set_header(&resp, "X-Content-Type-Options", "nosniff");
    http_set_header(&resp, "Content-Security-Policy", "default-src 'none'");
    buf_puts(&resp.body, "The upload could not be stored on the server (is its disk full?). Tell your administrator.\n");
  } else if (streamed) {
    run(&req, &resp, NULL, 0, st->tooBig, badQuery, st->bad);
  } else {
    run(&req, &resp, st->body.z, st->body.n, st->tooBig, badQuery, 0);
  }
  if (resp.hold.xStart) {
    /* Set the connection aside until the hold is done (held_done), and
    ** serve others meanwhile; libmicrohttpd calls back when resumed. */
    HttpHold h = resp.hold;
    memset(&resp.hold, 0, sizeof resp.hold);
    st->pHeld = xmalloc(sizeof *st->pHeld);
    *st->pHeld = resp;
    st->heldReq = req;
    st->conn = conn;
    atomic_fetch_add(&nHeld, 1);
    MHD_suspend_connection(conn);
    h.xStart(h.pArg, st->pHeld, held_done, st);
    return MHD_YES;
  }
  observe(&req, &resp, st->t0);
  enum MHD_Result rc = queue(conn, &resp);
  req_free(&req);
  return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ppState,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)toe;
  ConnState *st = *ppState;
  if (st) {
    state_free(st);
    *ppState = NULL;
  }
  conn_mark(conn, 0);
}

/* "host:port" with host an IPv4 address, "[v6]" or empty (all IPv4). */
static int parse_listen(const char *z, struct sockaddr_storage *ss, socklen_t *pLen, int *pV6) {
  memset(ss, 0, sizeof *ss);
  const char *zColon = strrchr(z, ':');
  if (!zColon) return -1;
  long port;
  if (parse_int(zColon + 1, 1, 65535, &port) != 0) return -1;
  char zHost[64];
  size_t n = (size_t)(zColon - z);
  if (n >= sizeof zHost) return -1;
  memcpy(zHost, z, n);
  zHost[n] = 0;
  if (zHost[0] == '[') {
    if (n < 2 || zHost[n - 1] != ']') return -1;
    zHost[n - 1] = 0;
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, zHost + 1, &a->sin6_addr) != 1) return -1;
    *pLen = sizeof *a;
    *pV6 = 1;
    return 0;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)port);
  if (zHost[0] == 0) a->sin_addr.s_addr = htonl(INADDR_ANY);
  else if (inet_pton(AF_INET, zHost, &a->sin_addr) != 1) return -1;
  *pLen = sizeof *a;
  *pV6 = 0;
  return 0;
}

int http_serve(const char *zListen, int nThreads, HttpHandler xHandler) {
  xApp = xHandler;
  struct sockaddr_storage ss;
  socklen_t len;
  int v6;
  if (parse_listen(zListen, &ss, &len, &v6) != 0) {
    fprintf(stderr, "oversight serve: --listen \"%s\" must be HOST:PORT, e.g. 127.0.0.1:8080\n", zListen);
    return -1;
  }
  /* Block the stop signals in every thread (MHD's inherit the mask), and
  ** wait for them here, so a stop is handled in one known place. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* Each pool thread waits on its own epoll set, so connections that are
  ** only half sent cost a descriptor and a little memory, never a thread.
  ** ITC lets MHD_quiesce_daemon tell those threads to stop accepting. */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                   MHD_ALLOW_SUSPEND_RESUME;
  if (v6) flags |= MHD_USE_IPv6;
  logLast = now_secs();
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, NULL,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,   /* first, so it has every message */
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(nThreads > 0 ? nThreads : 1),
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, nPerAddress,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_SECS,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
      MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "oversight serve: cannot listen on %s: %s\n", zListen, strerror(errno));
    return -1;
  }
  pthread_t tSweeper;
  sweeping = 1;
  if (pthread_create(&tSweeper, NULL, sweeper, NULL) != 0) {
    /* At start, before any request: say so and stop, as for a port in use. */
    fprintf(stderr, "oversight serve: cannot start the thread that closes slow connections: %s\n", strerror(errno));
    MHD_stop_daemon(d);
    return -1;
  }
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "oversight serve: stopping (signal %d): finishing requests in flight\n", sig);
  /* Stop accepting, then give what is running time to finish. */
  MHD_quiesce_daemon(d);
  stopping = 1;   /* a browser's idle keep-alive connection is not in flight */
  for (int i = 0; i < 100; i++) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!info || info->num_connections == 0) break;
    usleep(100 * 1000);
  }
  /* A suspended connection must be resumed before the daemon stops: its
  ** hold is a commit that takes milliseconds, unless the database is
  ** locked, so wait as long as a request would for the lock. */
  for (int i = 0; i < 1000 && atomic_load(&nHeld) > 0; i++) usleep(10 * 1000);
  if (atomic_load(&nHeld) > 0) {
    fprintf(stderr, "oversight serve: %d responses still waiting for the audit log; stopping without them\n",
            atomic_load(&nHeld));
    return 0;
  }
  MHD_stop_daemon(d);
  sweeping = 0;
  pthread_join(tSweeper, NULL);
  if (nLogSuppressed) fprintf(stderr, "oversight serve: %lu similar messages suppressed\n", nLogSuppressed);
  return 0;
}

/* ---- Without a network --------------------------------------------------------- */

/* Without a server to set the request aside: wait here for its hold. */
typedef struct Waiter { pthread_mutex_t m; pthread_cond_t c; int done; } Waiter;

static void waiter_done(void *p) {
  Waiter *w = p;
  pthread_mutex_lock(&w->m);
  w->done = 1;
  pthread_cond_signal(&w->c);
  pthread_mutex_unlock(&w->m);
}

static void hold_wait(Resp *resp) {
  HttpHold h = resp->hold;
  memset(&resp->hold, 0, sizeof resp->hold);
  Waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  h.xStart(h.pArg, resp, waiter_done, &w);
  pthread_mutex_lock(&w.m);
  while (!w.done) pthread_cond_wait(&w.c, &w.m);
  pthread_mutex_unlock(&w.m);
}

int http_test_stdin(HttpHandler xHandler) {
  xApp = xHandler;
  Buf in = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) buf_append(&in, chunk, n);
  if (!in.z) {
    fprintf(stderr, "oversight test-http: no request on standard input\n");
    return 2;
  }
  Req req;
  Resp resp;
  memset(&req, 0, sizeof req);
  memset(&resp, 0, sizeof resp);
  char *z = in.z;
  char *zEol = strstr(z, "\n");
  if (!zEol) {
    fprintf(stderr, "oversight test-http: expected \"METHOD /path HTTP/1.1\" on the first line\n");
    buf_free(&in);
    return 2;
  }
  *zEol = 0;
  if (zEol > z && zEol[-1] == '\r') zEol[-1] = 0;
  char zMethod[16] = "", zTarget[2048] = "";
  if (sscanf(z, "%15s %2047s", zMethod, zTarget) != 2) {
    fprintf(stderr, "oversight test-http: bad request line\n");
    buf_free(&in);
    return 2;
  }
  char *p = zEol + 1;
  while (*p && *p != '\r' && *p != '\n') {
    char *e = strchr(p, '\n');
    if (!e) e = p + strlen(p);
    char *line = p;
    p = *e ? e + 1 : e;
    *e = 0;
    if (e > line && e[-1] == '\r') e[-1] = 0;
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = 0;
    char *v = colon + 1;
    while (*v == ' ') v++;
    param_add(&req.aHeader, &req.nHeader, xstrdup(line), xstrdup(v));
  }
  if (*p == '\r') p++;
  if (*p == '\n') p++;
  char *zQuery = strchr(zTarget, '?');
  int badQuery = 0;
  if (zQuery) {
    *zQuery++ = 0;
    badQuery = http_parse_urlencoded(zQuery, strlen(zQuery), &req.aQuery, &req.nQuery) != 0;
  }
  size_t nPath;
  char *zPath = url_decode(zTarget, strlen(zTarget), &nPath);
  req.zMethod = zMethod;
  req.zPath = zPath;
  snprintf(req.zClient, sizeof req.zClient, "test");
  run(&req, &resp, p, strlen(p), 0, badQuery, 0);
  if (resp.hold.xStart) hold_wait(&resp);
  http_flatten(&resp);
  printf("HTTP/1.1 %d\r\nContent-Type: %s\r\n", resp.status, resp.zType ? resp.zType : "text/html; charset=utf-8");
  for (int i = 0; i < resp.nHeader; i++) printf("%s: %s\r\n", resp.azHeader[i][0], resp.azHeader[i][1]);
  printf("\r\n");
  if (resp.pStatic) fwrite(resp.pStatic, 1, resp.nStatic, stdout);
  else if (resp.body.z) fwrite(resp.body.z, 1, resp.body.n, stdout);
  free(zPath);
  resp_free(&resp);
  req_free(&req);
  buf_free(&in);
  return 0;
}
