/*
** notify.c: GOV.UK Notify's REST API (v2) for the outbox: the JWT its
** API keys sign (libsodium's HMAC-SHA-256) and the POST of one email
** (libcurl, jansson). Notify's documentation: "API keys" and "Send an
** email" at docs.notifications.service.gov.uk/rest-api.html.
*/
#include "notify.h"
#include "util.h"

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int notify_is_uuid(const char *z) {
  if (!z || strlen(z) != 36) return 0;
  for (int i = 0; i < 36; i++) {
    int dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = z[i];
    int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return 0;
  }
  return 1;
}

int notify_key_parse(const char *zKey, char zIss[37], char zSecret[37]) {
  /* Notify's clients take the last 36 characters as the secret and the
  ** 36 before the dash before them as the service id: the key's name may
  ** hold dashes of its own, so it is read from the end. */
  size_t n = zKey ? strlen(zKey) : 0;
  if (n < 36 + 1 + 36 + 2 || zKey[n - 37] != '-' || zKey[n - 74] != '-') return -1;
  memcpy(zIss, zKey + n - 73, 36);
  zIss[36] = 0;
  memcpy(zSecret, zKey + n - 36, 36);
  zSecret[36] = 0;
  if (!notify_is_uuid(zIss) || !notify_is_uuid(zSecret)) return -1;
  for (size_t i = 0; i < n - 74; i++) {
    if ((unsigned char)zKey[i] <= ' ' || zKey[i] == 0x7f) return -1;
  }
  return 0;
}

static void b64url(Buf *b, const unsigned char *p, size_t n) {
  size_t m = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *z = xmalloc(m);
  sodium_bin2base64(z, m, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  buf_puts(b, z);
  free(z);
}

char *notify_jwt(const char *zIss, const char *zSecret, long long iat) {
  Buf b = {0};
  static const char zHeader[] = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
  b64url(&b, (const unsigned char *)zHeader, sizeof zHeader - 1);
  buf_putc(&b, '.');
  /* zIss is a UUID (notify_key_parse): nothing in it needs escaping. */
  char *zClaims = xmprintf("{\"iss\":\"%s\",\"iat\":%lld}", zIss, iat);
  b64url(&b, (const unsigned char *)zClaims, strlen(zClaims));
  free(zClaims);
  /* The secret is 36 characters, not crypto_auth_hmacsha256's 32-byte
  ** key: HMAC of a key of any length is the init/update/final form. */
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, (const unsigned char *)zSecret, strlen(zSecret));
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)b.z, b.n);
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_memzero(&st, sizeof st);
  buf_putc(&b, '.');
  b64url(&b, mac, sizeof mac);
  return buf_take(&b);
}

static size_t body_cb(char *p, size_t size, size_t nItems, void *pArg) {
  Buf *b = pArg;
  size_t n = size * nItems;
  /* Notify's answers are small: a larger one is not Notify's. */
  if (b->n + n > 64 * 1024) return 0;
  buf_append(b, p, n);
  return n;
}

/* Notify's error answer {"status_code": 400, "errors": [{"error":
** "BadRequestError", "message": "..."}]} in one line for the outbox page. */
static char *error_words(long code, const Buf *resp) {
  json_error_t je;
  json_t *j = resp->n ? json_loadb(resp->z, resp->n, 0, &je) : NULL;
  Buf b = {0};
  buf_printf(&b, "%ld", code);
  json_t *aErr = j ? json_object_get(j, "errors") : NULL;
  size_t i;
  json_t *e;
  json_array_foreach(aErr, i, e) {
    const char *zKind = json_string_value(json_object_get(e, "error"));
    const char *zMsg = json_string_value(json_object_get(e, "message"));
    buf_printf(&b, "%s%s%s%s", i ? "; " : " ", zKind ? zKind : "", zKind && zMsg ? ": " : "", zMsg ? zMsg : "");
    if (b.n > 400) break;
  }
  if (!j && resp->n) buf_printf(&b, " %.*s", (int)(resp->n > 200 ? 200 : resp->n), resp->z);
  json_decref(j);
  /* One line: the answer is shown on /admin/outbox and in the audit log. */
  for (size_t k = 0; k < b.n; k++) {
    if (b.z[k] == '\r' || b.z[k] == '\n') b.z[k] = ' ';
  }
  return buf_take(&b);
}

int notify_send(const char *zBaseUrl, const char *zApiKey, const char *zTemplate, const char *zTo,
                const char *zSubject, const char *zBody, const char *zReference, char **pzReply, char **pzErr,
                int *pPermanent) {
  *pzReply = *pzErr = NULL;
  *pPermanent = 0;
  char zIss[37], zSecret[37];
  if (notify_key_parse(zApiKey, zIss, zSecret) != 0) {
    *pzErr = xstrdup("notify.api_key is not a GOV.UK Notify API key");
    return -1;
  }
  json_t *req = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s}", "email_address", zTo, "template_id", zTemplate,
                          "personalisation", "subject", zSubject, "body", zBody, "reference", zReference);
  char *zJson = req ? json_dumps(req, JSON_COMPACT) : NULL;
  json_decref(req);
  if (!zJson) {
    sodium_memzero(zSecret, sizeof zSecret);
    *pzErr = xstrdup("the email could not be written as JSON (is its text UTF-8?)");
    return -1;
  }
  char *zJwt = notify_jwt(zIss, zSecret, (long long)time(NULL));
  sodium_memzero(zSecret, sizeof zSecret);
  size_t nBase = strlen(zBaseUrl);
  while (nBase && zBaseUrl[nBase - 1] == '/') nBase--;
  char *zUrl = xmprintf("%.*s/v2/notifications/email", (int)nBase, zBaseUrl);
  char *zAuth = xmprintf("Authorization: Bearer %s", zJwt);
  struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
  hdr = curl_slist_append(hdr, zAuth);
  Buf resp = {0};
  char zCurlErr[CURL_ERROR_SIZE] = "";
  int rc = -1;
  CURL *h = curl_easy_init();
  if (!h) {
    *pzErr = xstrdup("the HTTP library could not start");
  } else {
    curl_easy_setopt(h, CURLOPT_URL, zUrl);
    /* notify.base_url is https, or http to this machine only (settings.c). */
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "oversight");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, zJson);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(zJson));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, zCurlErr);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    CURLcode crc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (crc != CURLE_OK) {
      /* No answer (refused, timed out, TLS): try again later. */
      *pzErr = xstrdup(zCurlErr[0] ? zCurlErr : curl_easy_strerror(crc));
    } else if (code == 201 || code == 200) {
      json_error_t je;
      json_t *j = json_loadb(resp.z ? resp.z : "", resp.n, 0, &je);
      const char *zId = j ? json_string_value(json_object_get(j, "id")) : NULL;
      *pzReply = xmprintf("%ld notification %s", code, zId && notify_is_uuid(zId) ? zId : "(no id)");
      json_decref(j);
      rc = 0;
    } else {
      /* Notify's own words: 400 and 403 (a bad request, a bad key, a
      ** team-only key) will be the same next time; 429 (too many) and 5xx
      ** may not. */
      *pPermanent = code >= 400 && code < 500 && code != 429;
      *pzErr = error_words(code, &resp);
    }
    curl_easy_cleanup(h);
  }
  curl_slist_free_all(hdr);
  sodium_memzero(zAuth, strlen(zAuth));
  free(zAuth);
  free(zJwt);
  free(zUrl);
  free(zJson);
  buf_free(&resp);
  return rc;
}
