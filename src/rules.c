/*
** rules.c: loading, reading and changing the rules table.
**
** The table is small and read on every deadline, so it is held in memory
** and looked up by name once per computation, not per child.
*/
#include "rules.h"
#include "audit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static Rule *aRule;
static struct CoreRules core;
static void resolve_core(void);
static int nRule;

static void rules_clear(void) {
  memset(&core, 0, sizeof core);
  for (int i = 0; i < nRule; i++) {
    free(aRule[i].zName);
    free(aRule[i].zSection);
    free(aRule[i].zDescription);
    free(aRule[i].zCountsFrom);
  }
  free(aRule);
  aRule = NULL;
  nRule = 0;
}

static int load_closures(Db *db) {
  Stmt *s = db_prepare(db, "SELECT day FROM closure_day ORDER BY day");
  Date *a = NULL;
  int n = 0, cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    Date d = db_col_date(s, 0);
    if (d == DATE_NONE) continue;
    if (n == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *a);
    a[n++] = d;
  }
  db_finalize(s);
  cal_set_extra_days(a, n);
  free(a);
  return rc == DB_DONE ? 0 : -1;
}

static const char *const azContactWith[CONTACT_WITH_N] = {"child", "social-worker", "carer", "other"};
static const char *const azContactWithWords[CONTACT_WITH_N] = {"the child", "the social worker", "the carer",
                                                               "someone else"};
static const char *const azContactItem[CONTACT_ITEM_N] = {"midpoint-contact", "pre-review-contact"};

unsigned contact_with_bit(const char *zWith) {
  for (int i = 0; zWith && i < CONTACT_WITH_N; i++) {
    if (strcmp(zWith, azContactWith[i]) == 0) return 1u << i;
  }
  return 0;
}

const char *contact_with_code(int i) { return i >= 0 && i < CONTACT_WITH_N ? azContactWith[i] : NULL; }
const char *contact_with_words(int i) { return i >= 0 && i < CONTACT_WITH_N ? azContactWithWords[i] : NULL; }
const char *contact_item_code(int i) { return i >= 0 && i < CONTACT_ITEM_N ? azContactItem[i] : NULL; }

int contact_item_index(const char *zItem) {
  for (int i = 0; zItem && i < CONTACT_ITEM_N; i++) {
    if (strcmp(zItem, azContactItem[i]) == 0) return i;
  }
  return -1;
}

unsigned contact_counts_mask(int item) {
  const CoreRules *c = core_rules();
  return item == 0 ? c->midpointWith : item == 1 ? c->preReviewWith : 0;
}

void contact_counts_words(unsigned mask, Buf *out) {
  int n = 0;
  for (int i = 0; i < CONTACT_WITH_N; i++) {
    if (!(mask & (1u << i))) continue;
    buf_printf(out, "%s%s", n++ ? ", " : "", azContactWithWords[i]);
  }
  if (!n) buf_puts(out, "none");
}

static void codes(unsigned mask, Buf *out) {
  int n = 0;
  for (int i = 0; i < CONTACT_WITH_N; i++)
    if (mask & (1u << i)) buf_printf(out, "%s%s", n++ ? "," : "", azContactWith[i]);
}

int contact_counts_update(Db *db, const char *zItem, unsigned mask, const char *zActor, const char *zClient,
                          char **pzErr) {
  *pzErr = NULL;
  int item = contact_item_index(zItem);
  if (item < 0) {
    *pzErr = xmprintf("There is no contact item called \"%s\": use midpoint-contact or pre-review-contact",
                      zItem ? zItem : "");
    return -1;
  }
  mask &= (1u << CONTACT_WITH_N) - 1;
  /* An item no contact can meet would be overdue for every child for ever. */
  if (!mask) {
    *pzErr = xmprintf("Select at least one kind of contact that counts");
    return -1;
  }
  Buf before = {0}, after = {0};
  codes(contact_counts_mask(item), &before);
  codes(mask, &after);
  char *zRecord = xmprintf("contact_counts:%s", zItem);
  db_begin(db);
  int rc = db_exec(db, "DELETE FROM contact_counts WHERE item = ?", "s", zItem);
  for (int i = 0; rc == DB_OK && i < CONTACT_WITH_N; i++) {
    if (mask & (1u << i))
      rc = db_exec(db, "INSERT INTO contact_counts(item, with_whom) VALUES (?, ?)", "ss", zItem, azContactWith[i]);
  }
  if (rc == DB_OK) rc = audit_write(db, zActor, "contact_counts.set", zRecord, before.z ? before.z : "",
                                    after.z ? after.z : "", zClient);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) *pzErr = xmprintf("Could not save which contacts count: %s", db_errmsg(db));
  buf_free(&before);
  buf_free(&after);
  free(zRecord);
  return rc == DB_OK ? 0 : -1;
}

/* Which contacts count for which contact item: data (023), so a council
** that counts a call with the carer can say so without a new build. */
static int load_contact_counts(Db *db) {
  Stmt *s = db_prepare(db, "SELECT item, with_whom FROM contact_counts");
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    const char *zItem = db_col_text(s, 0);
    unsigned bit = contact_with_bit(db_col_text(s, 1));
    if (strcmp(zItem, "midpoint-contact") == 0) core.midpointWith |= bit;
    else if (strcmp(zItem, "pre-review-contact") == 0) core.preReviewWith |= bit;
  }
  db_finalize(s);
  return rc == DB_DONE ? 0 : -1;
}

int rules_load(Db *db) {
  rules_clear();
  Stmt *s = db_prepare(db, "SELECT name, section, description, counts_from, amount, unit,"
                           " default_amount, default_unit FROM rule ORDER BY name");
  int cap = 0, rc;
  while ((rc = db_step(s)) == DB_ROW) {
    if (nRule == cap) aRule = xrealloc(aRule, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *aRule);
    Rule *r = &aRule[nRule++];
    r->zName = xstrdup(db_col_text(s, 0));
    r->zSection = xstrdup(db_col_text(s, 1));
    r->zDescription = xstrdup(db_col_text(s, 2));
    r->zCountsFrom = xstrdup(db_col_text(s, 3));
    r->amount = (int)db_col_int(s, 4);
    r->unit = cal_unit_parse(db_col_text(s, 5));
    r->defaultAmount = (int)db_col_int(s, 6);
    r->defaultUnit = cal_unit_parse(db_col_text(s, 7));
  }
  db_finalize(s);
  if (rc != DB_DONE) return -1;
  resolve_core();
  if (load_contact_counts(db) != 0) return -1;
  return load_closures(db);
}

const CoreRules *core_rules(void) {
  if (!core.reviewFirst) fatal("rules used before rules_load()");
  return &core;
}

static void resolve_core(void) {
  core.dueSoon = rule("due_soon");
  core.iroAllocation = rule("iro_allocation");
  core.reviewFirst = rule("review_first");
  core.reviewSecond = rule("review_second");
  core.reviewLater = rule("review_later");
  core.reviewRecommendations = rule("review_recommendations");
  core.reviewMinutes = rule("review_minutes");
  core.unregFirstReview = rule("unreg_first_review");
  core.unregReview = rule("unreg_review");
  core.permanenceByReview = rule("permanence_plan_by_review");
  core.advocacyAge = rule("advocacy_age");
  core.independenceAge = rule("independence_age");
  core.pathwayAge = rule("pathway_plan_age");
  core.documentsAge = rule("documents_age");
  core.pn0Age = rule("participation_pn0_age");
  core.caseloadAmber = rule("caseload_amber");
  core.caseloadRed = rule("caseload_red");
  core.recommendationOverdue = rule("recommendation_overdue");
  core.preReviewContact = rule("pre_review_contact");
  core.reviewChairAge = rule("review_chair_age");
}

Date rule_age_date(const Rule *r, Date dob) {
  if (dob == DATE_NONE) return DATE_NONE;
  /* Ages follow birthdays (29 February reaches its age on 1 March). */
  if (r->unit == UNIT_YEARS) return date_birthday(dob, r->amount);
  return rule_due(r, dob);
}

int rules_count(void) { return nRule; }

const Rule *rules_at(int i) { return i >= 0 && i < nRule ? &aRule[i] : NULL; }

const Rule *rule(const char *zName) {
  /* Loaded sorted by name. */
  int lo = 0, hi = nRule - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = strcmp(zName, aRule[mid].zName);
    if (c == 0) return &aRule[mid];
    if (c < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  fatal("no rule named \"%s\" (were the rules loaded?)", zName);
}

Date rule_due(const Rule *r, Date from) {
  if (from == DATE_NONE) return DATE_NONE;
  return cal_add(from, r->amount, r->unit);
}

/* Units of one kind can replace each other: a timescale stays a
** timescale, a caseload stays a number of children. */
static int unit_kind(CalUnit u) {
  if (cal_unit_is_date(u)) return 1;
  if (u == UNIT_HOURS || u == UNIT_MINUTES) return 2;
  return u == UNIT_CHILDREN ? 3 : 4;
}

int rules_set(Db *db, const char *zName, long amount, const char *zUnit,
              const char *zActor, char **pzErr) {
  if (rules_update(db, zName, amount, zUnit, zActor, NULL, pzErr) != 0) return -1;
  return rules_load(db);
}

int rules_update(Db *db, const char *zName, long amount, const char *zUnit,
                 const char *zActor, const char *zClient, char **pzErr) {
  *pzErr = NULL;
  Stmt *s = db_query(db, "SELECT amount, unit, default_unit FROM rule WHERE name=?", "s", zName);
  if (db_step(s) != DB_ROW) {
    db_finalize(s);
    *pzErr = xmprintf("There is no rule called \"%s\": see `oversight rules` for their names", zName);
    return -1;
  }
  char *zBefore = xmprintf("%lld %s", (long long)db_col_int(s, 0), db_col_text(s, 1));
  CalUnit dflt = cal_unit_parse(db_col_text(s, 2));
  db_finalize(s);
  CalUnit u = cal_unit_parse(zUnit);
  if (!zUnit) {
    *pzErr = xmprintf("Give a unit for rule %s", zName);
  } else if (u == UNIT_INVALID) {
    *pzErr = xmprintf("Unit \"%s\" is not known: use working-days, days, weeks, months, years,"
                      " hours, minutes, children or count", zUnit);
  } else if (unit_kind(u) != unit_kind(dflt)) {
    *pzErr = xmprintf("Rule %s is measured in %s: a unit of that kind is needed, not %s", zName,
                      cal_unit_name(dflt), zUnit);
  } else if (amount < 0 || amount > 10000) {
    *pzErr = xmprintf("Amount for rule %s must be a whole number from 0 to 10000", zName);
  }
  if (*pzErr) {
    free(zBefore);
    return -1;
  }
  char *zAfter = xmprintf("%ld %s", amount, cal_unit_name(u));
  char *zRecord = xmprintf("rule:%s", zName);
  db_begin(db);
  int rc = db_exec(db, "UPDATE rule SET amount=?, unit=? WHERE name=?", "iss", (int)amount,
                   cal_unit_name(u), zName);
  if (rc == DB_OK) rc = audit_write(db, zActor, "rule.set", zRecord, zBefore, zAfter, zClient);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) *pzErr = xmprintf("Could not save rule %s: %s", zName, db_errmsg(db));
  free(zBefore);
  free(zAfter);
  free(zRecord);
  return rc == DB_OK ? 0 : -1;
}

int calendar_add_closure(Db *db, Date d, const char *zName, const char *zActor, char **pzErr) {
  *pzErr = NULL;
  char zDay[11];
  date_iso(d, zDay);
  if (d == DATE_NONE) {
    *pzErr = xstrdup("Enter the date of the closure day");
    return -1;
  }
  if (!zName || !*zName) {
    *pzErr = xstrdup("Enter a name for the closure day, e.g. \"Council closure\"");
    return -1;
  }
  char *zRecord = xmprintf("closure:%s", zDay);
  db_begin(db);
  int rc = db_exec(db, "INSERT INTO closure_day(day, name) VALUES(?, ?)", "ss", zDay, zName);
  if (rc == DB_OK) rc = audit_write(db, zActor, "closure.add", zRecord, NULL, zName, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else {
    if (db_err_is_constraint(db)) *pzErr = xmprintf("%s is already a closure day", zDay);
    db_rollback(db);
  }
  free(zRecord);
  if (rc != DB_OK) {
    if (!*pzErr) *pzErr = xmprintf("Could not save the closure day: %s", db_errmsg(db));
    return -1;
  }
  return load_closures(db);
}
