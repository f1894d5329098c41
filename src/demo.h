/*
** demo.h: synthetic demonstration data, shaped like the council in
** shared/domain/001 (about 450 children, 8-10 IROs). Never real data.
*/
#ifndef OVERSIGHT_DEMO_H
#define OVERSIGHT_DEMO_H

#include "calendar.h"
#include "db.h"

typedef struct DemoSummary {
  int nChildren, nInCare, nIros, nEpisodes, nReviews, nAllocations, nContacts, nUnregistered;
} DemoSummary;

/* Fill an empty database with nChildren synthetic children and their
** history up to asOf, deterministic for (nChildren, seed, asOf). Refuses
** (-1, *pzErr) a database that already holds children. Rules must be
** loaded. All or nothing: one transaction. */
int demo_generate(Db *db, int nChildren, unsigned seed, Date asOf, DemoSummary *sum, char **pzErr);

/* The casework the demo adds after the history (demo_casework.c): the
** oversight of children in unregistered provision, and escalations at
** every stage. 0, or -1 with *pzErr. */
int demo_casework(Db *db, unsigned seed, Date asOf, int *pnEscalations, char **pzErr);

/* Private fostering arrangements (demo_private_fostering.c) at every step,
** dated relative to asOf. 0, or -1 with *pzErr. */
int demo_private_fostering(Db *db, unsigned seed, Date asOf, int *pnArrangements, char **pzErr);
/* Two years of the Designated Officer's work before asOf
** (demo_lado.c): contacts, referrals, meetings, outcomes and
** recommendations. 0 and *pnCases, or -1 with *pzErr. */
int demo_lado(Db *db, unsigned seed, Date asOf, int *pnCases, char **pzErr);
/* The children's homes (demo_homes.c, SPEC §8): four synthetic homes, one
** with an inspection shaped like shared/domain/003's, and their visits,
** audits, notifications and QPAG actions up to asOf. 0, or -1 with *pzErr. */
int demo_homes(Db *db, unsigned seed, Date asOf, int *pnHomes, char **pzErr);

#endif
