/*
** localities.h: the areas a council's children's services are organised
** in (issue 15). IROs are linked to the localities they serve and a child
** lives in one; the suggestion of an IRO prefers a linked one (SPEC §2).
** Localities are added and renamed, never deleted: children, IROs and
** escalations point at them.
*/
#ifndef OVERSIGHT_LOCALITIES_H
#define OVERSIGHT_LOCALITIES_H

#include "children.h"
#include "db.h"

typedef struct Locality {
  int64_t id;
  char *zName;
  int nIro;                 /* IROs linked to it (active or not) */
  int nChild;               /* children whose home locality it is */
} Locality;

/* Every locality by name, with its counts, into *paOut (free with
** localities_free). Returns how many, or -1 with none when the read failed. */
int localities_list(Db *db, Locality **paOut);
void localities_free(Locality *a, int n);
/* The locality called zName, ignoring case and surrounding spaces; 0 if
** none. */
int64_t locality_lookup(Db *db, const char *zName);
/* Add a locality: its id, or 0 with the reason in err under zField, in
** users' words. Audited. */
int64_t locality_add(Db *db, const char *zName, const char *zActor, Errors *err, const char *zField);
/* Rename locality id: 0, or -1 with the reason in err under zField.
** Renaming to the name it has is a success that changes nothing. Audited
** with the old and new names. */
int locality_rename(Db *db, int64_t id, const char *zName, const char *zActor, Errors *err, const char *zField);
/* The name of locality id into a new string, or NULL if there is none. */
char *locality_name(Db *db, int64_t id);

#endif
