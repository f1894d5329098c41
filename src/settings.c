/*
** settings.c: the setting table (schema 16) behind `oversight settings`.
** The mail settings (docs/mail.md) live here; la_code is kept by
** `postcodes load` itself and is not set through this file.
*/
#include "settings.h"
#include "audit.h"
#include "notices.h"
#include "notify.h"
#include "outbox.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *zName, *zAbout, *zDefault;
} aSetting[] = {
  {"mail.base_url", "the address people open Oversight at, for links in emails (https://oversight.council.example)", "none: no links"},
  {"mail.leadership", "who gets the monthly exceptions report and an overdue escalation's notice from stage 3 on: addresses, separated by commas", "none: not sent"},
  {"mail.locality_managers", "each locality's managers, for the weekly escalation list and an overdue escalation's notice: North=a@council.example b@council.example; South=c@council.example", "none: not sent"},
  {"mail.daily_at", "the time (HH:MM, local) `oversight serve` queues the day's digests and other daily emails, while mail.transport is not none", "07:30"},
  {"mail.from", "the address emails come from (oversight@council.example)", "none: nothing is sent"},
  {"mail.smtp_url", "the mail server: smtp://host:587 (STARTTLS) or smtps://host:465, with user:password@ if it needs them", "none"},
  {"mail.smtp_tls", "starttls: an smtp:// server must offer TLS, or nothing is sent; none: plain SMTP, for a relay on this machine only", "starttls"},
  {"mail.transport", "smtp: send email through mail.smtp_url; notify: through GOV.UK Notify; none: keep it queued, sending nothing", "none"},
  {"notify.api_key", "the GOV.UK Notify API key (name-<service id>-<secret>); shown masked once set", "none"},
  {"notify.base_url", "GOV.UK Notify's API: https://api.notifications.service.gov.uk, or http:// to this machine for a test", NOTIFY_BASE_URL},
  {"notify.template.account", "the Notify template id for account emails (set-password links, locked accounts)", "none"},
  {"notify.template.digest", "the Notify template id for IROs' daily digests", "none"},
  {"notify.template.test", "the Notify template id for `oversight mail test`", "none"},
};
static const char *const azTransport[] = {"smtp", "notify", "none", NULL};
static const char *const azTls[] = {"starttls", "none", NULL};

const char *setting_name(int i, const char **pzAbout, const char **pzDefault) {
  if (i < 0 || i >= COUNT(aSetting)) return NULL;
  if (pzAbout) *pzAbout = aSetting[i].zAbout;
  if (pzDefault) *pzDefault = aSetting[i].zDefault;
  return aSetting[i].zName;
}

char *setting_get(Db *db, const char *zName, const char *zDefault) {
  Stmt *s = db_query(db, "SELECT value FROM setting WHERE name = ?", "s", zName);
  char *z = db_step(s) == DB_ROW ? xstrdup(db_col_text(s, 0)) : (zDefault ? xstrdup(zDefault) : NULL);
  db_finalize(s);
  return z;
}

char *setting_masked(const char *zName, const char *z) {
  /* A Notify key's secret is its last 36 characters: the name and service
  ** id before it say which key it is, and nothing more is shown again. */
  if (strcmp(zName, "notify.api_key") == 0) {
    size_t n = strlen(z);
    return n > 36 ? xmprintf("%.*s****", (int)(n - 36), z) : xstrdup("****");
  }
  /* smtp://user:secret@host: the secret must reach neither the audit log
  ** nor a terminal someone may be looking over. */
  const char *zScheme = strstr(z, "://");
  const char *zAt = zScheme ? strchr(zScheme + 3, '@') : NULL;
  const char *zColon = zScheme ? strchr(zScheme + 3, ':') : NULL;
  if (strcmp(zName, "mail.smtp_url") != 0 || !zAt || !zColon || zColon > zAt) return xstrdup(z);
  return xmprintf("%.*s****%s", (int)(zColon + 1 - z), z, zAt);
}

/* Addresses separated by commas, semicolons or spaces, each one address. */
static char *check_addresses(const char *zName, const char *z) {
  char *zCopy = xstrdup(z), *zErr = NULL;
  char *zSave = NULL;
  for (char *p = strtok_r(zCopy, ",; \t", &zSave); p && !zErr; p = strtok_r(NULL, ",; \t", &zSave)) {
    if (!mail_address_ok(p)) zErr = xmprintf("%s: \"%s\" is not an email address", zName, p);
  }
  free(zCopy);
  return zErr;
}

/* Each locality named in mail.locality_managers must be one Oversight
** knows (any case): a misspelt one would leave its managers without their
** list and nobody the wiser. */
static char *check_localities(Db *db, const char *z) {
  char *zCopy = xstrdup(z), *zErr = NULL, *zSave = NULL;
  for (char *p = strtok_r(zCopy, ";", &zSave); p && !zErr; p = strtok_r(NULL, ";", &zSave)) {
    char *zEq = strchr(p, '=');
    if (!zEq) continue;
    while (*p == ' ' || *p == '\t') p++;
    char *e = zEq;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t')) e--;
    *e = 0;
    if (!db_int(db, 0, "SELECT count(*) FROM locality WHERE lower(name) = lower(?)", "s", p)) {
      zErr = xmprintf("mail.locality_managers: there is no locality called \"%s\" (see `oversight locality list`)", p);
    }
  }
  free(zCopy);
  return zErr;
}

/* notify.template.KIND: a kind of email ("digest", "account", ...), in
** lower case; the kinds other code queues need not be listed above. */
static int template_setting(const char *zName) {
  if (strncmp(zName, "notify.template.", 16) != 0) return 0;
  const char *k = zName + 16;
  size_t n = strspn(k, "abcdefghijklmnopqrstuvwxyz_");
  return n > 0 && n <= 40 && !k[n];
}

/* http:// only to this machine: the token and the links in emails must
** not cross a network in clear. */
static int loopback_http(const char *z) {
  static const char *const az[] = {"http://127.0.0.1", "http://localhost", "http://[::1]"};
  for (int i = 0; i < COUNT(az); i++) {
    size_t n = strlen(az[i]);
    if (strncmp(z, az[i], n) == 0 && (z[n] == 0 || z[n] == ':' || z[n] == '/')) return 1;
  }
  return 0;
}

static char *check_value(const char *zName, const char *z) {
  if (strcmp(zName, "mail.transport") == 0 || strcmp(zName, "mail.smtp_tls") == 0) {
    const char *const *az = zName[5] == 't' ? azTransport : azTls;
    Buf b = {0};
    for (int i = 0; az[i]; i++) {
      if (strcmp(z, az[i]) == 0) {
        buf_free(&b);
        return NULL;
      }
      buf_printf(&b, "%s%s", i == 0 ? "" : az[i + 1] ? ", " : " or ", az[i]);
    }
    char *zErr = xmprintf("%s must be %s, not \"%s\"", zName, b.z, z);
    buf_free(&b);
    return zErr;
  }
  if (strcmp(zName, "notify.api_key") == 0) {
    char zIss[37], zSecret[37];
    int ok = notify_key_parse(z, zIss, zSecret) == 0;
    memset(zSecret, 0, sizeof zSecret);
    /* The message never repeats the value: it is a secret. */
    return ok ? NULL : xmprintf("notify.api_key must be a GOV.UK Notify API key: its name, the service id and the secret");
  }
  if (strcmp(zName, "notify.base_url") == 0) {
    if (strncmp(z, "https://", 8) != 0 && !loopback_http(z)) {
      return xmprintf("notify.base_url must start https:// (http:// only to this machine, for a test)");
    }
    return NULL;
  }
  if (template_setting(zName)) {
    return notify_is_uuid(z) ? NULL : xmprintf("%s must be a template id from GOV.UK Notify, such as f33517ff-2a88-4f6e-b855-c550268ce08a", zName);
  }
  if (strcmp(zName, "mail.smtp_url") == 0) {
    if (strncmp(z, "smtp://", 7) != 0 && strncmp(z, "smtps://", 8) != 0) {
      return xmprintf("mail.smtp_url must start smtp:// or smtps://");
    }
    return NULL;
  }
  if (strcmp(zName, "mail.leadership") == 0) return check_addresses(zName, z);
  if (strcmp(zName, "mail.daily_at") == 0) {
    int hh, mm, n = 0;
    if (strlen(z) != 5 || sscanf(z, "%2d:%2d%n", &hh, &mm, &n) != 2 || n != 5 || hh > 23 || mm > 59 || hh < 0 || mm < 0) {
      return xmprintf("mail.daily_at must be a time as HH:MM, such as 07:30");
    }
    return NULL;
  }
  if (strcmp(zName, "mail.locality_managers") == 0) {
    /* "Locality=addresses; Locality=addresses" */
    char *zCopy = xstrdup(z), *zErr = NULL;
    for (char *p = zCopy; p && *p && !zErr;) {
      char *zEnd = strchr(p, ';');
      if (zEnd) *zEnd = 0;
      char *zEq = strchr(p, '=');
      int blank = strspn(p, " \t") == strlen(p);
      if (!zEq && !blank) {
        zErr = xmprintf("mail.locality_managers is a list like North=a@council.example b@council.example; "
                        "South=c@council.example, and \"%s\" has no =", p);
      } else if (zEq) {
        zErr = check_addresses(zName, zEq + 1);
      }
      p = zEnd ? zEnd + 1 : NULL;
    }
    free(zCopy);
    return zErr;
  }
  if (strcmp(zName, "mail.base_url") == 0) {
    if (strncmp(z, "https://", 8) != 0 && strncmp(z, "http://", 7) != 0) {
      return xmprintf("mail.base_url must start https:// (or http://)");
    }
    return NULL;
  }
  /* mail.from: one plain address; a newline would let it add headers. */
  const char *zAt = strchr(z, '@');
  if (!zAt || zAt == z || !zAt[1] || strpbrk(z, " \t\r\n<>,;\"") || strchr(zAt + 1, '@')) {
    return xmprintf("mail.from must be one email address, such as oversight@council.example");
  }
  return NULL;
}

int setting_set(Db *db, const char *zName, const char *zValue, const char *zActor, char **pzErr) {
  int known = template_setting(zName);
  for (int i = 0; i < COUNT(aSetting); i++) known |= strcmp(aSetting[i].zName, zName) == 0;
  if (!known) {
    Buf b = {0};
    for (int i = 0; i < COUNT(aSetting); i++) buf_printf(&b, "%s%s", i ? ", " : "", aSetting[i].zName);
    *pzErr = xmprintf("no setting \"%s\": the settings are %s", zName, b.z);
    buf_free(&b);
    return -1;
  }
  if ((*pzErr = check_value(zName, zValue)) != NULL) return -1;
  if (strcmp(zName, "mail.locality_managers") == 0 && (*pzErr = check_localities(db, zValue)) != NULL) return -1;
  char *zOld = setting_get(db, zName, NULL);
  char *zBefore = zOld ? setting_masked(zName, zOld) : NULL;
  char *zAfter = setting_masked(zName, zValue);
  char *zRecord = xmprintf("setting:%s", zName);
  db_begin(db);
  int rc = zOld ? db_exec(db, "UPDATE setting SET value = ? WHERE name = ?", "ss", zValue, zName)
                : db_exec(db, "INSERT INTO setting(name, value) VALUES(?, ?)", "ss", zName, zValue);
  if (rc == DB_OK) rc = audit_write(db, zActor, "setting.set", zRecord, zBefore ? zBefore : "not set", zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) *pzErr = xmprintf("could not save %s: %s", zName, db_errmsg(db));
  free(zOld);
  free(zBefore);
  free(zAfter);
  free(zRecord);
  return rc == DB_OK ? 0 : -1;
}
