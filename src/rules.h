/*
** rules.h: the rules table (SPEC "Rules are data"). Every timescale is a
** row in the database, loaded once into memory; code names a rule, never
** a number of days.
*/
#ifndef OVERSIGHT_RULES_H
#define OVERSIGHT_RULES_H

#include "calendar.h"
#include "db.h"
#include "util.h"

typedef struct Rule {
  char *zName, *zSection, *zDescription, *zCountsFrom;
  int amount;
  CalUnit unit;
  int defaultAmount;
  CalUnit defaultUnit;
} Rule;

/* Load (or reload after a change) every rule and the administrator's
** closure days into the process-wide tables. 0 on success. */
int rules_load(Db *db);
int rules_count(void);
const Rule *rules_at(int i);
/* The rule called zName; fatal if there is none, since code naming a rule
** that the schema does not ship is a bug a test must catch. */
const Rule *rule(const char *zName);
/* The date rule zName gives when counting from d. */
Date rule_due(const Rule *r, Date from);
/* The rules the deadline engine reads for every child, resolved by name
** once per load so the inner loop never searches. Read-only between
** loads. */
typedef struct CoreRules {
  const Rule *dueSoon, *iroAllocation;
  const Rule *reviewFirst, *reviewSecond, *reviewLater, *reviewRecommendations, *reviewMinutes;
  const Rule *unregFirstReview, *unregReview;
  const Rule *permanenceByReview, *advocacyAge, *independenceAge, *pathwayAge, *documentsAge;
  const Rule *pn0Age, *caseloadAmber, *caseloadRed;
  const Rule *recommendationOverdue;
  const Rule *preReviewContact, *reviewChairAge;
  /* Which contacts count for the midpoint and pre-review contact items
  ** (table contact_counts): bits of contact_with_bit(). */
  unsigned midpointWith, preReviewWith;
} CoreRules;
/* The bit of a contact's with_whom ("child", "social-worker", "carer",
** "other") in CoreRules' contact masks; 0 for anything else. */
unsigned contact_with_bit(const char *zWith);
/* Who a contact is with (bit i of the masks) and the contact items, as
** codes and in words; NULL past the end. */
enum { CONTACT_WITH_N = 4, CONTACT_ITEM_N = 2 };
const char *contact_with_code(int i);
const char *contact_with_words(int i);
const char *contact_item_code(int i);
int contact_item_index(const char *zItem);   /* -1 for none */
/* Who counts for item i now (as loaded). */
unsigned contact_counts_mask(int item);
/* "the child, the social worker"; "none" for 0. */
void contact_counts_words(unsigned mask, Buf *out);
/* Set who counts for a contact item, with its audit entry (before and
** after), in one transaction; at least one. The caller reloads the rules
** (rules_load, or web_rules_changed). 0, or -1 with *pzErr (caller frees). */
int contact_counts_update(Db *db, const char *zItem, unsigned mask, const char *zActor, const char *zClient,
                          char **pzErr);
const CoreRules *core_rules(void);
/* The day an age rule (unit years) is reached by someone born on dob. */
Date rule_age_date(const Rule *r, Date dob);

/* Change a rule, with its audit entry, in one transaction. The unit must
** be of the same kind as the rule's default (a time for a time). Returns 0,
** or -1 with *pzErr (caller frees) saying what is wrong in users' words. */
int rules_set(Db *db, const char *zName, long amount, const char *zUnit,
              const char *zActor, char **pzErr);
/* The same change without reloading the in-memory rules: for the web
** server, which reloads under its lock once no request is reading them.
** zClient is the address the change came from (NULL on the command line). */
int rules_update(Db *db, const char *zName, long amount, const char *zUnit,
                 const char *zActor, const char *zClient, char **pzErr);
/* Add a closure day (not a working day) and reload the calendar. */
int calendar_add_closure(Db *db, Date d, const char *zName, const char *zActor, char **pzErr);

#endif
