/*
** outbox.c: the outbox table, the sender that empties it and the SMTP
** transport (libcurl). The guarantees are set out in outbox.h and
** docs/mail.md.
*/
#include "outbox.h"
#include "audit.h"
#include "notify.h"
#include "rules.h"
#include "settings.h"
#include "util.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void outbox_stamp(long nSeconds, char out[32]) {
  time_t t = time(NULL) + nSeconds;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int one_line(const char *z) { return z && *z && !strpbrk(z, "\r\n"); }

int outbox_address_ok(const char *z) {
  return one_line(z) && strchr(z, '@') && !strpbrk(z, " <>,;\"");
}

int outbox_queue(Db *db, const char *zKind, const char *zRecipient, const char *zSubject, const char *zBody,
                 const char *zKey, char **pzErr) {
  /* A line break in either would let the text write headers of its own. */
  if (!outbox_address_ok(zRecipient)) {
    *pzErr = xmprintf("\"%s\" is not one email address", zRecipient ? zRecipient : "");
    return -1;
  }
  if (!one_line(zSubject)) {
    *pzErr = xmprintf("an email's subject must be one line");
    return -1;
  }
  char zNow[32];
  outbox_stamp(0, zNow);
  int rc = db_exec(db,
                   "INSERT INTO outbox(kind, recipient, subject, body, idempotency_key, created_at, next_attempt_at)"
                   " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
                   "sssssss", zKind, zRecipient, zSubject, zBody, zKey, zNow, zNow);
  if (rc != DB_OK) {
    *pzErr = xmprintf("could not queue the email: %s", db_errmsg(db));
    return -1;
  }
  return db_changes(db) == 1;
}

/* ---- Settings ---------------------------------------------------------------- */

int mail_config_load(Db *db, MailConfig *c, const char **pzWhy) {
  c->zTransport = setting_get(db, "mail.transport", "none");
  c->zSmtpUrl = setting_get(db, "mail.smtp_url", "");
  c->zFrom = setting_get(db, "mail.from", "");
  c->zTls = setting_get(db, "mail.smtp_tls", "starttls");
  c->zNotifyKey = setting_get(db, "notify.api_key", "");
  c->zNotifyUrl = setting_get(db, "notify.base_url", NOTIFY_BASE_URL);
  *pzWhy = NULL;
  char zIss[37], zSecret[37];
  if (strcmp(c->zTransport, "notify") == 0) {
    if (!c->zNotifyKey[0]) *pzWhy = "notify.api_key is not set";
    else if (notify_key_parse(c->zNotifyKey, zIss, zSecret) != 0) *pzWhy = "notify.api_key is not a GOV.UK Notify API key";
    sodium_memzero(zSecret, sizeof zSecret);
  } else if (strcmp(c->zTransport, "smtp") != 0) {
    *pzWhy = "mail.transport is none: email stays queued";
  } else if (!c->zSmtpUrl[0]) {
    *pzWhy = "mail.smtp_url is not set";
  } else if (!c->zFrom[0]) {
    *pzWhy = "mail.from is not set";
  }
  return *pzWhy == NULL;
}

void mail_config_free(MailConfig *c) {
  free(c->zTransport);
  free(c->zSmtpUrl);
  free(c->zFrom);
  free(c->zTls);
  if (c->zNotifyKey) sodium_memzero(c->zNotifyKey, strlen(c->zNotifyKey));
  free(c->zNotifyKey);
  free(c->zNotifyUrl);
  memset(c, 0, sizeof *c);
}

/* ---- SMTP -------------------------------------------------------------------- */

void mail_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }
void mail_global_cleanup(void) { curl_global_cleanup(); }

typedef struct Upload { const char *z; size_t n, at; } Upload;

static size_t read_cb(char *buf, size_t size, size_t nItems, void *p) {
  Upload *u = p;
  size_t n = size * nItems;
  if (n > u->n - u->at) n = u->n - u->at;
  memcpy(buf, u->z + u->at, n);
  u->at += n;
  return n;
}

/* The server's replies arrive as "header" lines: keep the last, which is
** the answer to the end of the message ("250 2.0.0 Ok: queued as ..."). */
static int debug_cb(CURL *h, curl_infotype type, char *z, size_t n, void *p) {
  (void)h;
  if (type != CURLINFO_HEADER_IN) return 0;
  Buf *b = p;
  while (n && (z[n - 1] == '\n' || z[n - 1] == '\r')) n--;
  if (!n) return 0;
  buf_reset(b);
  buf_append(b, z, n > 400 ? 400 : n);
  return 0;
}

/* A header's text: as it is when plain ASCII, else RFC 2047 UTF-8 "B". */
static void header_text(Buf *b, const char *z) {
  int ascii = 1;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) ascii &= *p < 0x80;
  if (ascii) {
    buf_puts(b, z);
    return;
  }
  static const char a64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *p = (const unsigned char *)z;
  size_t n = strlen(z);
  buf_puts(b, "=?UTF-8?B?");
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    buf_putc(b, a64[v >> 18 & 63]);
    buf_putc(b, a64[v >> 12 & 63]);
    buf_putc(b, i + 1 < n ? a64[v >> 6 & 63] : '=');
    buf_putc(b, i + 2 < n ? a64[v & 63] : '=');
  }
  buf_puts(b, "?=");
}

int smtp_send(const MailConfig *c, const char *zTo, const char *zSubject, const char *zBody,
              const char *zMessageId, char **pzReply, char **pzErr, int *pPermanent) {
  *pzReply = *pzErr = NULL;
  *pPermanent = 0;
  Buf msg = {0};
  char zDate[64];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  /* Day and month names in English whatever the locale: RFC 5322's. */
  static const char *const azDay[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  snprintf(zDate, sizeof zDate, "%s, %d %s %d %02d:%02d:%02d +0000", azDay[tm.tm_wday], tm.tm_mday,
           azMon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  buf_printf(&msg, "Date: %s\r\nFrom: Oversight <%s>\r\nTo: <%s>\r\nSubject: ", zDate, c->zFrom, zTo);
  header_text(&msg, zSubject);
  buf_printf(&msg, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n", zMessageId);
  for (const char *z = zBody; *z; z++) {
    if (*z == '\n' && (z == zBody || z[-1] != '\r')) buf_putc(&msg, '\r');
    buf_putc(&msg, *z);
  }
  if (msg.n < 2 || msg.z[msg.n - 1] != '\n') buf_puts(&msg, "\r\n");

  CURL *h = curl_easy_init();
  if (!h) {
    buf_free(&msg);
    *pzErr = xstrdup("the mail library could not start");
    return -1;
  }
  char *zFrom = xmprintf("<%s>", c->zFrom), *zRcpt = xmprintf("<%s>", zTo);
  struct curl_slist *rcpt = curl_slist_append(NULL, zRcpt);
  Upload u = {msg.z, msg.n, 0};
  Buf reply = {0};
  char zCurlErr[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, c->zSmtpUrl);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  /* An smtp:// server must offer STARTTLS unless the administrator said
  ** it is a relay on this machine (mail.smtp_tls none): otherwise anyone
  ** on the path could strip TLS and read the password and the mail. */
  curl_easy_setopt(h, CURLOPT_USE_SSL, strcmp(c->zTls, "none") == 0 ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, zFrom);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.n);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &reply);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, zCurlErr);
  /* A sender thread in serve: no signals, and never stuck on one server. */
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
  CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK) {
    *pzReply = xstrdup(reply.z ? reply.z : "250");
  } else {
    *pPermanent = code >= 500 && code < 600;
    *pzErr = xmprintf("%s%s%s", zCurlErr[0] ? zCurlErr : curl_easy_strerror(rc), reply.n ? ": " : "",
                      reply.n ? reply.z : "");
  }
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(h);
  free(zFrom);
  free(zRcpt);
  buf_free(&reply);
  buf_free(&msg);
  return rc == CURLE_OK ? 0 : -1;
}

/* ---- Either transport ------------------------------------------------------- */

int mail_deliver(Db *db, const MailConfig *c, const char *zKind, const char *zTo, const char *zSubject,
                 const char *zBody, const char *zKey, const char *zMessageId, char **pzReply, char **pzErr,
                 int *pPermanent) {
  if (strcmp(c->zTransport, "notify") != 0) {
    return smtp_send(c, zTo, zSubject, zBody, zMessageId, pzReply, pzErr, pPermanent);
  }
  *pzReply = *pzErr = NULL;
  *pPermanent = 0;
  char *zName = xmprintf("notify.template.%s", zKind);
  char *zTemplate = setting_get(db, zName, "");
  int rc;
  if (!zTemplate[0]) {
    /* Not permanent: the administrator can add the template, and the
    ** message goes at its next attempt. */
    *pzErr = xmprintf("no GOV.UK Notify template for %s emails: set %s", zKind, zName);
    rc = -1;
  } else {
    rc = notify_send(c->zNotifyUrl, c->zNotifyKey, zTemplate, zTo, zSubject, zBody, zKey, pzReply, pzErr, pPermanent);
  }
  free(zName);
  free(zTemplate);
  return rc;
}

/* ---- The sender ----------------------------------------------------------------- */

/* Seconds to wait after attempt n (1, 2, ...): the rule, doubling. */
static long backoff_seconds(int n) {
  const Rule *r = rule("mail_retry_after");
  long s = (long)r->amount * (r->unit == UNIT_HOURS ? 3600 : r->unit == UNIT_DAYS ? 86400 : 60);
  for (int i = 1; i < n && i < 10; i++) s *= 2;
  return s;
}

/* An account email's body is a set-password link: a secret, kept only
** while it may still be sent. Once sent or given up the row keeps its
** subject and what happened, and the link is gone from the database. */
#define SPENT_BODY "CASE WHEN kind = 'account' THEN '' ELSE body END"

typedef struct Claimed {
  int64_t id;
  int attempts;      /* counting this one */
  char *zKind, *zTo, *zSubject, *zBody, *zKey;
} Claimed;

/* Claim the oldest due message: 1 claimed, 0 none due, -1 failed. */
static int claim(Db *db, Claimed *m) {
  char zNow[32];
  outbox_stamp(0, zNow);
  if (db_begin(db) != DB_OK) {
    db_rollback(db);
    return -1;
  }
  Stmt *s = db_query(db, "SELECT id, attempts, recipient, subject, body, idempotency_key, kind FROM outbox"
                         " WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1",
                     "s", zNow);
  int found = db_step(s) == DB_ROW;
  if (found) {
    m->id = db_col_int(s, 0);
    m->attempts = (int)db_col_int(s, 1) + 1;
    m->zTo = xstrdup(db_col_text(s, 2));
    m->zSubject = xstrdup(db_col_text(s, 3));
    m->zBody = xstrdup(db_col_text(s, 4));
    m->zKey = xstrdup(db_col_text(s, 5));
    m->zKind = xstrdup(db_col_text(s, 6));
  }
  db_finalize(s);
  if (!found) {
    db_rollback(db);
    return db_failed(db) ? -1 : 0;
  }
  /* The claim is this move of the next attempt: another sender (the
  ** timer's while serve runs) skips it, and if this one dies the message
  ** comes round again then. */
  char zNext[32];
  outbox_stamp(backoff_seconds(m->attempts), zNext);
  int rc = db_exec(db, "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ? AND status = 'queued'",
                   "isI", m->attempts, zNext, m->id);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  return rc == DB_OK ? 1 : -1;
}

static void claimed_free(Claimed *m) {
  free(m->zTo);
  free(m->zSubject);
  /* An account email's body holds a working link (SPENT_BODY). */
  if (m->zBody) sodium_memzero(m->zBody, strlen(m->zBody));
  free(m->zBody);
  free(m->zKey);
  free(m->zKind);
}

/* The Message-ID: the same for every attempt at one message, so a repeat
** (the window in outbox.h) can be recognised. */
static char *message_id(const Claimed *m, const char *zFrom) {
  const char *zDomain = zFrom ? strchr(zFrom, '@') : NULL;
  char *z = xmprintf("%s.%lld@%s", m->zKey, (long long)m->id, zDomain ? zDomain + 1 : "oversight.invalid");
  for (char *p = z; *p && *p != '@'; p++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')) *p = '.';
  }
  return z;
}

int outbox_send_due(Db *db, int max, const char *zActor, OutboxRun *pRun, char **pzErr) {
  memset(pRun, 0, sizeof *pRun);
  MailConfig c;
  const char *zWhy;
  if (!mail_config_load(db, &c, &zWhy)) {
    mail_config_free(&c);
    *pzErr = xstrdup(zWhy);
    return -1;
  }
  int maxAttempts = rule("mail_attempts")->amount;
  int rc = 0;
  for (int n = 0; max == 0 || n < max; n++) {
    Claimed m = {0};
    int got = claim(db, &m);
    if (got <= 0) {
      if (got < 0) {
        *pzErr = xmprintf("could not read the outbox: %s", db_errmsg(db));
        rc = -1;
      }
      break;
    }
    char *zReply = NULL, *zErr = NULL, *zMid = message_id(&m, c.zFrom);
    int permanent = 0;
    int sent = mail_deliver(db, &c, m.zKind, m.zTo, m.zSubject, m.zBody, m.zKey, zMid, &zReply, &zErr, &permanent) == 0;
    char zNow[32], zRecord[40];
    outbox_stamp(0, zNow);
    snprintf(zRecord, sizeof zRecord, "outbox:%lld", (long long)m.id);
    int giveUp = !sent && (permanent || m.attempts >= maxAttempts);
    db_begin(db);
    int wrc;
    if (sent) {
      wrc = db_exec(db, "UPDATE outbox SET status = 'sent', sent_at = ?, server_reply = ?, last_error = NULL,"
                        " body = " SPENT_BODY " WHERE id = ?", "ssI", zNow, zReply, m.id);
      char *zAfter = xmprintf("to %s: %s", m.zTo, zReply);
      if (wrc == DB_OK) wrc = audit_write(db, zActor, "mail.sent", zRecord, NULL, zAfter, NULL);
      free(zAfter);
    } else {
      wrc = db_exec(db, "UPDATE outbox SET status = ?, last_error = ?,"
                        " body = CASE WHEN ? = 'failed' THEN " SPENT_BODY " ELSE body END WHERE id = ?", "sssI",
                    giveUp ? "failed" : "queued", zErr, giveUp ? "failed" : "queued", m.id);
      if (wrc == DB_OK && giveUp) {
        char *zAfter = xmprintf("to %s after %d attempt%s: %s", m.zTo, m.attempts, m.attempts == 1 ? "" : "s", zErr);
        wrc = audit_write(db, zActor, "mail.failed", zRecord, NULL, zAfter, NULL);
        free(zAfter);
      }
    }
    if (wrc == DB_OK) wrc = db_commit(db);
    else db_rollback(db);
    if (sent) pRun->nSent++;
    else if (giveUp) pRun->nFailed++;
    else pRun->nRetry++;
    free(zReply);
    free(zErr);
    free(zMid);
    claimed_free(&m);
    if (wrc != DB_OK) {
      /* Sent but not recorded: it goes again after the back-off, the
      ** at-least-once window of outbox.h. Stop rather than widen it. */
      *pzErr = xmprintf("could not record message %s: %s", zRecord, db_errmsg(db));
      rc = -1;
      break;
    }
  }
  mail_config_free(&c);
  return rc;
}

int outbox_batch_end(Db *db, int rc, const char *zActor, const char *zAction, const char *zAfter, char **pzErr) {
  if (rc == 0 && audit_write(db, zActor, zAction, "outbox", NULL, zAfter, NULL) != DB_OK) {
    *pzErr = xmprintf("could not write the audit log: %s", db_errmsg(db));
    rc = -1;
  }
  if (rc == 0 && db_commit(db) != DB_OK) {
    *pzErr = xmprintf("could not save: %s", db_errmsg(db));
    return -1;
  }
  if (rc != 0) db_rollback(db);
  return rc;
}
