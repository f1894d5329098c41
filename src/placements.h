/*
** placements.h: episodes of care entered and corrected in Oversight
** (issue 15): starting a new episode, ending care, correcting an episode,
** the provider's registration status, and each placement's distance from
** home and whether it is in the council's area, from the postcode table
** loaded once into the database.
**
** Every change is written to the audit log field by field, before and
** after. A placement entered or corrected as unregistered starts the
** SPEC §4 clock at once: the deadline engine reads the episode's
** registration (deadlines.c unreg_spells), so nothing else is stored.
*/
#ifndef OVERSIGHT_PLACEMENTS_H
#define OVERSIGHT_PLACEMENTS_H

#include "children.h"
#include "db.h"
#include "util.h"

/* A code of one of the SSDA903 lists with its meaning in words. */
typedef struct CodeWord { const char *zCode, *zWords; } CodeWord;
typedef struct CodeList { const CodeWord *a; int n; } CodeList;
extern const CodeList codesRne, codesLegal, codesCin, codesPlace, codesProvider, codesRec,
    codesPlaceChange, codesRegistration;
/* The words for zCode in l ("" for a blank code, the code itself when not
** in the list). */
const char *codelist_words(const CodeList *l, const char *zCode);
/* 1 when zCode is one of l's codes. */
int code_valid(const CodeList *l, const char *zCode);

/* The stored registration for what a person typed: registered,
** unregistered, unregulated (stored 'supported', its name before issue
** 15) or not-applicable. NULL when it is none of them. */
const char *registration_from_input(const char *z);
/* The word a person sees for a stored registration ("unregulated"). */
const char *registration_word(const char *zStored);

/* What a form or command gives. For placement_start every field is read
** (NULL = blank); for placement_edit NULL means "leave as it is" and ""
** clears an optional field. */
typedef struct PlacementInput {
  const char *zStart, *zRne, *zLegal, *zCin, *zPlacement, *zProvider;
  const char *zPostcode, *zHomePostcode, *zUrn, *zRegistration;
  const char *zEnd, *zEndReason, *zPlaceChange;   /* placement_edit only */
} PlacementInput;

/* Start a new episode for the child; the open episode, if any, ends on
** its start date with REC X1 (SSDA903: an episode ends when the next
** begins). Returns the new episode's id, or 0 with *err naming each field
** at fault. In one transaction with the audit entries. */
int64_t placement_start(Db *db, int64_t childId, const PlacementInput *in, const char *zActor,
                        Errors *err);
/* End care: the open episode ends on zOn with reason zReason (a REC code
** other than X1). 0, or -1 with *err. */
int placement_end(Db *db, int64_t childId, const char *zOn, const char *zReason,
                  const char *zActor, Errors *err);
/* Correct episode episodeId of the child: each field given and different
** is changed and audited with its value before and after. 0 (also when
** nothing changed), or -1 with *err. *pnChanged: fields changed. */
int placement_edit(Db *db, int64_t childId, int64_t episodeId, const PlacementInput *in,
                   const char *zActor, Errors *err, int *pnChanged);

/* Set distance_miles and in_area of one episode (episodeId > 0) or of
** every episode (0) from the postcode table and the council's code. Call
** inside a transaction. DB_OK or DB_ERROR. */
int placements_derive(Db *db, int64_t episodeId);

/* Load the postcode table at zPath (pcd,oseast1m,osnrth1m,laua or
** postcode,easting,northing,la) into the database, replacing the one
** there, store zLa (NULL: keep the stored one) as the council's code and
** recompute every episode's distance and area, all in one transaction.
** 0 with a summary in pOut, or -1 with the reasons in pErr. */
int postcodes_store(Db *db, const char *zPath, const char *zLa, const char *zActor, Buf *pOut,
                    Buf *pErr);

/* The council's ONS code, or "" (caller frees). */
char *council_la_code(Db *db);

#endif
