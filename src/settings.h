/*
** settings.h: the council's settings that are not timescales (those are
** rules), held in the setting table: name and value. Only the names
** listed in settings.c may be set (and notify.template.KIND for any kind
** of email), each checked for its kind of value.
*/
#ifndef OVERSIGHT_SETTINGS_H
#define OVERSIGHT_SETTINGS_H

#include "db.h"

/* The value of setting zName, or zDefault when it is not set. The caller
** frees the copy returned (a copy: settings change under a server). */
char *setting_get(Db *db, const char *zName, const char *zDefault);
/* Set zName to zValue, with its audit entry (a value that can hold a
** password is written to the log masked), in one transaction. 0, or -1 with
** *pzErr (caller frees) saying what is wrong in users' words. */
int setting_set(Db *db, const char *zName, const char *zValue, const char *zActor, char **pzErr);
/* The settings that can be set: name i (NULL past the end), what it is for
** and its default in words. */
const char *setting_name(int i, const char **pzAbout, const char **pzDefault);
/* z as it may be shown or logged: an SMTP URL's password, and a Notify
** API key's secret, replaced by "****". Caller frees. The values
** themselves are kept in the database, which only administrators reach
** (no page shows a setting). */
char *setting_masked(const char *zName, const char *z);

#endif
