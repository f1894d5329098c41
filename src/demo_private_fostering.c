/*
** demo_private_fostering.c: synthetic private fostering arrangements for
** the demo (SPEC §7), shaped like domain/003_...: a handful of children
** with locality teams, overseas students with the commissioned partner,
** notifications that turned out not to be private fostering, and work at
** every step, some of it late. Written through the same domain functions a
** worker's input goes through, so every record is validated and audited.
** Deterministic for (seed, asOf).
*/
#include "demo.h"
#include "private_fostering.h"
#include "calendar.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTOR = "demo";

static const char *const azGiven[] = {"Amira", "Ben", "Chloe", "Dylan", "Elif", "Finn", "Grace", "Hugo",
                                      "Isla", "Jonas", "Kaito", "Lena", "Mateo", "Nadia"};
static const char *const azFamily[] = {"Okafor", "Price", "Quinn", "Rossi", "Sato", "Thompson", "Usman",
                                       "Varga", "Walsh", "Young", "Zhang", "Novak", "Brennan", "Kowalski"};

/* One arrangement's shape: days before asOf it was notified, the carer,
** and how far it has gone. */
typedef struct Shape {
  int daysAgo, age;
  const char *zRelationship, *zSource;
  int overseas, disabled;
  const char *zTeam;
  const char *zNotPf;           /* the reason, when the visit found it was not */
  int ivLate;                   /* initial visit after the 7 working days */
  int endAfter;                 /* days after notification it ended, 0 open */
} Shape;

static const Shape aShape[] = {
  {4, 14, "family-friend", "school", 0, 0, "Dorchester locality team", NULL, 0, 0},
  {12, 12, "cousin", "carer", 0, 0, "Weymouth locality team", NULL, 1, 0},
  {33, 15, "family-friend", "gp", 0, 0, "Dorchester locality team", NULL, 0, 0},
  {58, 13, "great-aunt-or-uncle", "voluntary-sector", 0, 0, "North Dorset locality team", NULL, 0, 0},
  {90, 15, "host-family", "language-school", 1, 0, "BCP private fostering team", NULL, 0, 120},
  {150, 14, "host-family", "guardianship-agency", 1, 0, "BCP private fostering team", NULL, 0, 0},
  {230, 11, "family-friend", "carer", 0, 0, "Weymouth locality team", NULL, 1, 0},
  {420, 13, "other-relative", "parent", 0, 0, "Dorchester locality team", NULL, 0, 0},
  {520, 16, "family-friend", "health", 0, 1, "North Dorset locality team", NULL, 0, 0},
  {75, 10, "family-friend", "duty-service", 0, 0, "Weymouth locality team", "recording-error", 0, 0},
  {200, 9, "other", "school", 0, 0, "Dorchester locality team", "living-with-parent", 1, 0},
  {20, 12, "aunt", "school", 0, 0, "Dorchester locality team", NULL, 0, 0},
};

/* Why each is privately fostered (domain/003_... §4.12: host families,
** family breakdown, conflict, child protection, parenting), and each
** child's sex and ethnicity, one per shape above. */
static const char *const azWhy[] = {
  "family-breakdown", "parental-conflict", "parenting-concerns", "family-breakdown", "overseas-student",
  "overseas-student", "child-protection", "parent-ill-health", "family-breakdown", "other", "other",
  "parental-conflict",
};
static const char *const azSex[] = {"F", "M", "F", "M", "F", "M", "F", "M", "F", "M", "F", "U"};
static const char *const azEth[] = {"WBRI", "MWBC", "WBRI", "WOTH", "CHNE", "AOTH", "BAFR", "WBRI", "WIRI",
                                    "WBRI", "NOBT", "WBRI"};
_Static_assert(sizeof azWhy / sizeof *azWhy == sizeof aShape / sizeof *aShape, "a reason for every shape");
_Static_assert(sizeof azSex / sizeof *azSex == sizeof aShape / sizeof *aShape, "a sex for every shape");
_Static_assert(sizeof azEth / sizeof *azEth == sizeof aShape / sizeof *aShape, "an ethnicity for every shape");

static int fail(Errors *e, char **pzErr, const char *zWhat) {
  *pzErr = xmprintf("demo private fostering, %s: %s: %s", zWhat, e->n ? e->a[0].zField : "",
                    e->n ? e->a[0].zMsg : "");
  return -1;
}

int demo_private_fostering(Db *db, unsigned seed, Date asOf, int *pnArrangements, char **pzErr) {
  *pnArrangements = 0;
  for (int i = 0; i < COUNT(aShape); i++) {
    const Shape *sh = &aShape[i];
    unsigned r = seed * 2654435761u + (unsigned)i * 40503u;
    Date notified = asOf - sh->daysAgo;
    /* Born `age` whole years before the notification, on a day the seed picks. */
    Date dob = date_add_months(notified, -12 * sh->age) - 1 - (int)(r % 300);
    char zChild[64], zCarer[64], zParents[128], zPr[128], zDays[16];
    snprintf(zChild, sizeof zChild, "%s %s", azGiven[(r >> 3) % COUNT(azGiven)], azFamily[i % COUNT(azFamily)]);
    snprintf(zCarer, sizeof zCarer, "%s %s", azGiven[(r >> 7) % COUNT(azGiven)], azFamily[(i + 5) % COUNT(azFamily)]);
    snprintf(zParents, sizeof zParents, "%s and %s %s", sh->overseas ? "Living abroad:" : "Mother:",
             azGiven[(r >> 11) % COUNT(azGiven)], azFamily[i % COUNT(azFamily)]);
    snprintf(zPr, sizeof zPr, "Both parents");
    snprintf(zDays, sizeof zDays, "%d", sh->overseas ? 180 : 365);
    PfNotification in = {
      .zChild = zChild, .dob = dob, .disabled = sh->disabled, .zCarer = zCarer,
      .zRelationship = sh->zRelationship, .zParents = zParents, .zPr = zPr, .notified = notified,
      .started = notified - 3, .zExpectedDays = zDays, .zSource = sh->zSource, .overseas = sh->overseas,
      .zManagedBy = sh->overseas ? "partner" : "locality", .zTeam = sh->zTeam,
      .zWorker = sh->overseas ? "bcp" : "pf",
      .zWhy = azWhy[i], .zSex = azSex[i], .zEthnicity = azEth[i],
    };
    Errors e = {0};
    int64_t id = pf_notify(db, &in, asOf, ACTOR, &e);
    if (!id) return fail(&e, pzErr, "notification");
    (*pnArrangements)++;
    /* The initial visit: within the 7 working days, or a few days late. */
    Date iv = cal_add_working_days(notified, sh->ivLate ? 9 : 2 + (int)(r % 4));
    if (pf_code_index(sh->zRelationship, pf_relationships, 6) >= 0 || iv > asOf) continue;
    if (pf_initial_visit(db, id, iv, sh->zNotPf ? "not-private-fostering" : "confirmed", sh->zNotPf,
                         sh->zNotPf ? "Found at the visit" : NULL, asOf, ACTOR, &e) != 0) {
      return fail(&e, pzErr, "initial visit");
    }
    if (sh->zNotPf) continue;
    Date ended = sh->endAfter ? notified + sh->endAfter : DATE_NONE;
    if (ended != DATE_NONE && ended > asOf) ended = DATE_NONE;
    Date last = ended != DATE_NONE ? ended : asOf;
    /* Assessment: most within the 42 days, every third a little late. */
    Date assessed = notified + (i % 3 == 2 ? 47 : 30 + (int)(r % 10));
    for (Date v = iv + 14; v < assessed && v <= last; v += 14 + (i % 2)) {
      if (!pf_visit_add(db, id, v, 1, "Settled; likes the carer's family", "Social worker", asOf, ACTOR, &e)) {
        return fail(&e, pzErr, "assessment visit");
      }
    }
    if (assessed > last) continue;
    PfAssessmentInput as = {DATE_NONE, DATE_NONE, DATE_NONE, iv + 5, iv + 9, iv + 3};
    if (sh->overseas) {
      as.partA = assessed - 4;
      as.partB = assessed;
    } else {
      as.assessment = assessed;
    }
    if (pf_assessment_save(db, id, &as, asOf, ACTOR, &e) != 0) return fail(&e, pzErr, "assessment");
    /* Regulation 8 visits: about every 6 weeks in the first year (the
    ** partner's every 4, its pattern in the rules), 12 after; now and then
    ** a few days late. */
    Date yearEnd = date_add_months(assessed, 12);
    PfArrangement pat;
    memset(&pat, 0, sizeof pat);
    snprintf(pat.zManagedBy, sizeof pat.zManagedBy, "%s", sh->overseas ? "partner" : "locality");
    const Rule *rFirst = pf_reg8_rule(&pat), *rAfter = rule("pf_reg8_after");
    int k = 0;
    for (Date v = rule_due(rFirst, assessed) - 2; v <= last; k++) {
      int alone = (r + (unsigned)k) % 5 != 0;
      if (!pf_visit_add(db, id, v, alone, alone ? "Happy here; wants to stay until the end of school year"
                                                 : "Seen with the carer; said things are fine",
                        "Social worker", asOf, ACTOR, &e)) {
        return fail(&e, pzErr, "Regulation 8 visit");
      }
      Date next = rule_due(v < yearEnd ? rFirst : rAfter, v);
      v = next + ((r + (unsigned)k) % 7 == 0 ? 4 : -2);
    }
    /* The case audit every six months, made on time. */
    for (Date au = date_add_months(notified, 6) - 3; au <= last; au = date_add_months(au, 6) - 3) {
      if (!pf_case_audit_add(db, id, au, "Team manager",
                             "Child's views recorded at each visit; parents' views sought; visits on time.", asOf,
                             ACTOR, &e)) {
        return fail(&e, pzErr, "audit");
      }
    }
    if (ended != DATE_NONE && pf_end(db, id, ended, "Returned home at the end of the course", asOf, ACTOR, &e) != 0) {
      return fail(&e, pzErr, "end");
    }
  }
  return 0;
}
