/*
** audit.c: writing the audit log. The table refuses update and delete (see
** the triggers in the schema), so an entry once written stays.
*/
#include "audit.h"
#include "util.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static _Thread_local const char *tClient;

void audit_set_client(const char *zClient) { tClient = zClient; }

int audit_write(Db *db, const char *zActor, const char *zAction, const char *zRecord,
                const char *zBefore, const char *zAfter, const char *zClient) {
  if (!zClient) zClient = tClient;
  /* UTC with seconds, sortable as text; pages show it in local time. */
  char zAt[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return db_exec(db,
                 "INSERT INTO audit_log(at, actor, action, record, before_value, after_value, client)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?)",
                 "sssssss", zAt, zActor, zAction, zRecord, zBefore, zAfter, zClient);
}

const char *audit_cli_actor(void) {
  static char z[80];
  if (!z[0]) {
    const char *zUser = getenv("USER");
    if (!zUser || !*zUser) {
      struct passwd *pw = getpwuid(getuid());
      zUser = pw ? pw->pw_name : "unknown";
    }
    snprintf(z, sizeof z, "cli:%s", zUser);
  }
  return z;
}
