/*
** homes_monitoring.c: the homes' weekly returns, occupancy and staffing by
** month, and complaints and compliments (homes_monitoring.h).
*/
#include "homes_monitoring.h"
#include "audit.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Codes ------------------------------------------------------------------------ */

const char *const hm_from_codes[HM_N_FROM] = {"young-person", "family", "professional", "staff", "public", "other"};
const char *const hm_from_labels[HM_N_FROM] = {
  "A young person living in the home", "A young person's family", "A professional", "A member of staff",
  "A member of the public", "Someone else"};
const char *const hm_about_codes[HM_N_ABOUT] = {"care", "staff", "safety", "food", "activities", "contact",
                                                "education", "health", "building", "other"};
const char *const hm_about_labels[HM_N_ABOUT] = {
  "Day-to-day care", "Staff and how they behave", "Safety and safeguarding", "Food", "Activities and outings",
  "Contact with family and friends", "Education", "Health", "The building and bedrooms", "Something else"};
const char *const hm_outcome_codes[HM_N_OUTCOME] = {"upheld", "partly-upheld", "not-upheld", "withdrawn"};
const char *const hm_outcome_labels[HM_N_OUTCOME] = {"Upheld", "Partly upheld", "Not upheld", "Withdrawn"};

static int code_of(const char *z, const char *const *az, int n) {
  for (int i = 0; z && i < n; i++) {
    if (strcmp(z, az[i]) == 0) return i;
  }
  return -1;
}

const char *hm_label(const char *zCode, const char *const *azCode, const char *const *azLabel, int n) {
  int i = code_of(zCode, azCode, n);
  return i < 0 ? "" : azLabel[i];
}

/* Characters, not bytes: a limit people are told is in characters. */
static size_t utf8_chars(const char *z) {
  size_t n = 0;
  for (; z && *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  return n;
}

#define GROW(a, n, cap)                                                   \
  do {                                                                    \
    if ((n) >= (cap)) {                                                   \
      (cap) = (cap) ? 2 * (cap) : 8;                                      \
      (a) = xrealloc((a), (size_t)(cap) * sizeof *(a));                   \
    }                                                                     \
  } while (0)

/* ---- Loading ---------------------------------------------------------------------- */

static int col_int_or(Stmt *s, int i) { return db_col_is_null(s, i) ? -1 : (int)db_col_int(s, i); }

int homes_monitoring_load(Db *db, int64_t homeId, HomeMonitoring *out) {
  memset(out, 0, sizeof *out);
  int cap = 0, rc;
  Stmt *s = db_query(db, "SELECT id, week_of, returned_on, safeguarding, lado_referrals, complaints, note"
                         " FROM home_weekly_return WHERE home_id=? ORDER BY week_of", "I", homeId);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aWeek, out->nWeek, cap);
    WeeklyReturn *r = &out->aWeek[out->nWeek++];
    r->id = db_col_int(s, 0);
    r->week = db_col_date(s, 1);
    r->returned = db_col_date(s, 2);
    r->safeguarding = (int)db_col_int(s, 3);
    r->lado = (int)db_col_int(s, 4);
    r->complaints = (int)db_col_int(s, 5);
    r->zNote = xstrdup(db_col_text(s, 6));
  }
  db_finalize(s);
  if (rc != DB_DONE) goto fail;
  cap = 0;
  s = db_query(db, "SELECT id, month, places_used, posts, filled, leavers FROM home_month WHERE home_id=?"
                   " ORDER BY month", "I", homeId);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aMonth, out->nMonth, cap);
    HomeMonth *m = &out->aMonth[out->nMonth++];
    m->id = db_col_int(s, 0);
    if (month_parse(db_col_text(s, 1), &m->month) != 0) m->month = -1;
    m->placesUsed = col_int_or(s, 2);
    m->posts = col_int_or(s, 3);
    m->filled = col_int_or(s, 4);
    m->leavers = col_int_or(s, 5);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto fail;
  cap = 0;
  s = db_query(db, "SELECT id, kind, received_on, from_kind, about, summary, outcome, outcome_on FROM home_feedback"
                   " WHERE home_id=? ORDER BY received_on, id", "I", homeId);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(out->aFb, out->nFb, cap);
    HomeFeedback *f = &out->aFb[out->nFb++];
    f->id = db_col_int(s, 0);
    f->complaint = strcmp(db_col_text(s, 1), "complaint") == 0;
    f->received = db_col_date(s, 2);
    snprintf(f->zFrom, sizeof f->zFrom, "%s", db_col_text(s, 3));
    snprintf(f->zAbout, sizeof f->zAbout, "%s", db_col_text(s, 4));
    f->zSummary = xstrdup(db_col_text(s, 5));
    snprintf(f->zOutcome, sizeof f->zOutcome, "%s", db_col_is_null(s, 6) ? "" : db_col_text(s, 6));
    f->outcomeOn = db_col_is_null(s, 7) ? DATE_NONE : db_col_date(s, 7);
  }
  db_finalize(s);
  if (rc != DB_DONE) goto fail;
  return 0;
fail:
  homes_monitoring_clear(out);
  return -1;
}

void homes_monitoring_clear(HomeMonitoring *m) {
  for (int i = 0; i < m->nWeek; i++) free(m->aWeek[i].zNote);
  free(m->aWeek);
  free(m->aMonth);
  for (int i = 0; i < m->nFb; i++) free(m->aFb[i].zSummary);
  free(m->aFb);
  memset(m, 0, sizeof *m);
}

int homes_weekly_load(Db *db, HomeRecords *h) {
  int cap = 0, rc;
  h->aWeekly = NULL;
  h->nWeekly = 0;
  Stmt *s = db_query(db, "SELECT week_of, returned_on FROM home_weekly_return WHERE home_id=? ORDER BY week_of", "I",
                     h->home.id);
  while ((rc = db_step(s)) == DB_ROW) {
    GROW(h->aWeekly, h->nWeekly, cap);
    h->aWeekly[h->nWeekly].week = db_col_date(s, 0);
    h->aWeekly[h->nWeekly++].returned = db_col_date(s, 1);
  }
  db_finalize(s);
  return rc == DB_DONE ? 0 : -1;
}

/* ---- What is due ------------------------------------------------------------------ */

Date hm_week_of(Date d) { return d == DATE_NONE ? DATE_NONE : d - date_weekday(d); }

Date hm_weekly_due(Date week) { return rule_due(rule("home_weekly_return"), week + 6); }

static void push_item(HomeItemList *l, Date week, Date returned, Date asOf) {
  GROW(l->a, l->n, l->cap);
  HomeItem *it = &l->a[l->n++];
  memset(it, 0, sizeof *it);
  it->kind = HI_WEEKLY_RETURN;
  it->due = hm_weekly_due(week);
  it->done = returned != DATE_NONE && returned <= asOf ? returned : DATE_NONE;
  it->status = home_status(it->due, it->done, asOf);
  it->dueAt = MINUTE_NONE;
  it->refId = week;
  char zD[24];
  it->zWhat = xmprintf("Week beginning %s", date_long(week, zD));
}

void homes_weekly_due(const HomeRecords *h, Date asOf, int withHistory, HomeItemList *out) {
  if (h->home.registered == DATE_NONE || h->home.registered > asOf) return;
  /* The last week that has ended: the one whose Sunday is asOf or before. */
  Date lastWeek = hm_week_of(asOf + 1) - 7;
  Date start = DATE_NONE;
  for (int i = 0; i < h->nWeekly; i++) {
    if (h->aWeekly[i].returned <= asOf) {
      start = h->aWeekly[i].week;
      break;
    }
  }
  /* Nothing returned yet: last week's return is the one owed. */
  if (start == DATE_NONE || start > lastWeek) start = lastWeek;
  Date reg = hm_week_of(h->home.registered);
  if (start < reg) start = reg;
  int k = 0;
  for (Date w = start; w <= lastWeek; w += 7) {
    while (k < h->nWeekly && h->aWeekly[k].week < w) k++;
    Date got = k < h->nWeekly && h->aWeekly[k].week == w ? h->aWeekly[k].returned : DATE_NONE;
    if (got != DATE_NONE && got > asOf) got = DATE_NONE;
    if (got != DATE_NONE && !withHistory) continue;
    push_item(out, w, got, asOf);
  }
  /* A return sent in for the week still running: done, with the history. */
  if (withHistory) {
    for (int i = 0; i < h->nWeekly; i++) {
      if (h->aWeekly[i].week > lastWeek && h->aWeekly[i].returned <= asOf) {
        push_item(out, h->aWeekly[i].week, h->aWeekly[i].returned, asOf);
      }
    }
  }
}

/* ---- Writing ---------------------------------------------------------------------- */


/* A whole number from lo to hi typed in field zField: *pOut, or an error
** naming zWhat ("the number of safeguarding concerns"). Empty: required
** says whether that is an error; *pOut is -1 then. */
static void need_count(Errors *err, const char *zField, const char *z, long lo, long hi, const char *zWhat,
                       int required, long *pOut) {
  *pOut = -1;
  if (!z || !*z) {
    if (required) errors_add(err, zField, "Enter %s", zWhat);
    return;
  }
  if (parse_int(z, lo, hi, pOut) != 0) {
    *pOut = -1;
    errors_add(err, zField, "Enter %s as a whole number from %ld to %ld", zWhat, lo, hi);
  }
}

static void need_date(Errors *err, const char *zField, Date d, Date today, const char *zWhat, int required) {
  if (d == DATE_NONE) {
    if (required) errors_add(err, zField, "Enter the %s", zWhat);
  } else if (d > today) {
    errors_add(err, zField, "The %s cannot be in the future", zWhat);
  }
}

static int home_places(Db *db, int64_t homeId) {
  return (int)db_int(db, 0, "SELECT places FROM home WHERE id=?", "I", homeId);
}

int64_t weekly_return_save(Db *db, int64_t homeId, const WeeklyInput *in, Date today, const char *zActor,
                           Errors *err) {
  Date week = hm_week_of(in->week);
  need_date(err, "week_of", in->week, today, "week the return covers", 1);
  need_date(err, "returned_on", in->returned, today, "date of the return", 1);
  if (week != DATE_NONE && in->returned != DATE_NONE && in->returned < week) {
    errors_add(err, "returned_on", "The return cannot be made before the week it covers begins");
  }
  long sg, lado, comp;
  need_count(err, "safeguarding", in->zSafeguarding, 0, 999, "the number of safeguarding concerns", 1, &sg);
  need_count(err, "lado_referrals", in->zLado, 0, 999, "the number of referrals to the LADO", 1, &lado);
  need_count(err, "complaints", in->zComplaints, 0, 999, "the number of complaints", 1, &comp);
  if (utf8_chars(in->zNote) > HM_NOTE_MAX) {
    errors_add(err, "note", "The note must be %d characters or fewer", HM_NOTE_MAX);
  }
  if (!home_places(db, homeId)) errors_add(err, "week_of", "There is no such home");
  if (err->n) return 0;
  char zW[11], zR[11];
  date_iso(week, zW);
  date_iso(in->returned, zR);
  char *zBefore = NULL;
  int64_t id = 0;
  Stmt *s = db_query(db, "SELECT id, returned_on, safeguarding, lado_referrals, complaints FROM home_weekly_return"
                         " WHERE home_id=? AND week_of=?", "Is", homeId, zW);
  int rc = db_step(s);
  if (rc == DB_ROW) {
    id = db_col_int(s, 0);
    zBefore = xmprintf("week of %s returned %s: safeguarding %lld, LADO %lld, complaints %lld", zW, db_col_text(s, 1),
                       (long long)db_col_int(s, 2), (long long)db_col_int(s, 3), (long long)db_col_int(s, 4));
  }
  db_finalize(s);
  if (rc != DB_ROW && rc != DB_DONE) {
    errors_add(err, "week_of", "Could not read the weekly returns: %s", db_errmsg(db));
    return 0;
  }
  db_begin(db);
  rc = id ? db_exec(db, "UPDATE home_weekly_return SET returned_on=?, safeguarding=?, lado_referrals=?, complaints=?,"
                        " note=? WHERE id=?", "siiisI", zR, (int)sg, (int)lado, (int)comp, in->zNote ? in->zNote : "", id)
          : db_exec(db, "INSERT INTO home_weekly_return(home_id, week_of, returned_on, safeguarding, lado_referrals,"
                        " complaints, note) VALUES(?, ?, ?, ?, ?, ?, ?)", "Issiiis", homeId, zW, zR, (int)sg, (int)lado,
                    (int)comp, in->zNote ? in->zNote : "");
  if (rc == DB_OK && !id) id = db_int(db, 0, "SELECT id FROM home_weekly_return WHERE home_id=? AND week_of=?", "Is", homeId, zW);
  char *zAfter = xmprintf("week of %s returned %s: safeguarding %ld, LADO %ld, complaints %ld", zW, zR, sg, lado, comp);
  if (rc == DB_OK) {
    rc = home_audit_write(db, homeId, zActor, zBefore ? "weekly-return.update" : "weekly-return.add", zBefore, zAfter);
  }
  free(zAfter);
  free(zBefore);
  return home_write_end(db, rc, err, "week_of", "weekly return") == 0 ? id : 0;
}

static void fmt_opt(char *z, size_t n, int v) {
  if (v < 0) snprintf(z, n, "none");
  else snprintf(z, n, "%d", v);
}

int64_t home_month_save(Db *db, int64_t homeId, const MonthInput *in, Date today, const char *zActor, Errors *err) {
  if (in->month < 0) errors_add(err, "month", "Enter the month");
  else if (month_first_day(in->month) > today) errors_add(err, "month", "The month cannot be in the future");
  int places = home_places(db, homeId);
  if (!places) errors_add(err, "month", "There is no such home");
  long used, posts, filled, leavers;
  need_count(err, "places_used", in->zPlacesUsed, 0, 99, "the places used", 0, &used);
  if (places && used > places) {
    errors_add(err, "places_used", "The places used must be %d or fewer: the home is registered for %d place%s", places,
               places, places == 1 ? "" : "s");
  }
  need_count(err, "posts", in->zPosts, 0, 999, "the number of staff posts", 0, &posts);
  need_count(err, "filled", in->zFilled, 0, 999, "the number of posts filled", 0, &filled);
  need_count(err, "leavers", in->zLeavers, 0, 999, "the number of staff who left", 0, &leavers);
  /* Read what the month holds: empty fields keep it. */
  char zM[8] = "";
  if (in->month >= 0) month_iso(in->month, zM);
  int64_t id = 0;
  int old[4] = {-1, -1, -1, -1};
  if (in->month >= 0 && places) {
    Stmt *s = db_query(db, "SELECT id, places_used, posts, filled, leavers FROM home_month WHERE home_id=? AND month=?",
                       "Is", homeId, zM);
    int rc = db_step(s);
    if (rc == DB_ROW) {
      id = db_col_int(s, 0);
      for (int k = 0; k < 4; k++) old[k] = col_int_or(s, k + 1);
    }
    db_finalize(s);
    if (rc != DB_ROW && rc != DB_DONE) errors_add(err, "month", "Could not read the month's figures: %s", db_errmsg(db));
  }
  int nv[4] = {(int)used, (int)posts, (int)filled, (int)leavers};
  int typed = 0;
  for (int k = 0; k < 4; k++) {
    typed |= nv[k] >= 0;
    if (nv[k] < 0) nv[k] = old[k];
  }
  if (!err->n && !typed) errors_add(err, "places_used", "Enter the places used or the staffing figures for the month");
  if (!err->n && nv[2] >= 0 && nv[1] < 0) errors_add(err, "posts", "Enter the number of staff posts");
  if (!err->n && nv[2] > nv[1]) errors_add(err, "filled", "The posts filled must be no more than the posts (%d)", nv[1]);
  if (err->n) return 0;
  char zBefore[120], zAfter[120], a[4][12], b[4][12];
  for (int k = 0; k < 4; k++) {
    fmt_opt(a[k], sizeof a[k], old[k]);
    fmt_opt(b[k], sizeof b[k], nv[k]);
  }
  /* The audit log is read by people: the month in words ("October 2026"). */
  char zMonthWords[24];
  month_long(in->month, zMonthWords);
  snprintf(zBefore, sizeof zBefore, "%s: places used %s, posts %s, filled %s, leavers %s", zMonthWords, a[0], a[1], a[2],
           a[3]);
  snprintf(zAfter, sizeof zAfter, "%s: places used %s, posts %s, filled %s, leavers %s", zMonthWords, b[0], b[1], b[2],
           b[3]);
  /* NULL for a figure not recorded: -1 never reaches the table. */
  int had = id != 0;
  const char *az[4];
  for (int k = 0; k < 4; k++) az[k] = nv[k] < 0 ? NULL : b[k];
  db_begin(db);
  int rc = id ? db_exec(db, "UPDATE home_month SET places_used=?, posts=?, filled=?, leavers=? WHERE id=?", "ssssI",
                        az[0], az[1], az[2], az[3], id)
              : db_exec(db, "INSERT INTO home_month(home_id, month, places_used, posts, filled, leavers)"
                            " VALUES(?, ?, ?, ?, ?, ?)", "Isssss", homeId, zM, az[0], az[1], az[2], az[3]);
  if (rc == DB_OK && !id) id = db_int(db, 0, "SELECT id FROM home_month WHERE home_id=? AND month=?", "Is", homeId, zM);
  if (rc == DB_OK) {
    rc = home_audit_write(db, homeId, zActor, had ? "home-month.update" : "home-month.add", had ? zBefore : NULL, zAfter);
  }
  return home_write_end(db, rc, err, "month", "month's figures") == 0 ? id : 0;
}

/* An outcome as the audit log shows it: "Partly upheld"; "open" for none. */
static const char *outcome_words(const char *zCode) {
  for (int k = 0; zCode && k < HM_N_OUTCOME; k++)
    if (strcmp(zCode, hm_outcome_codes[k]) == 0) return hm_outcome_labels[k];
  return "open";
}

int64_t home_feedback_save(Db *db, int64_t homeId, int64_t id, const FeedbackInput *in, Date today,
                           const char *zActor, Errors *err) {
  int complaint = in->zKind && strcmp(in->zKind, "complaint") == 0;
  if (!complaint && (!in->zKind || strcmp(in->zKind, "compliment") != 0)) {
    errors_add(err, "fb_kind", "Select whether it is a complaint or a compliment");
  }
  need_date(err, "received_on", in->received, today, "date it was received", 1);
  if (code_of(in->zFrom, hm_from_codes, HM_N_FROM) < 0) errors_add(err, "from_kind", "Select who it came from");
  if (code_of(in->zAbout, hm_about_codes, HM_N_ABOUT) < 0) errors_add(err, "about", "Select what it was about");
  if (utf8_chars(in->zSummary) > HM_SUMMARY_MAX) {
    errors_add(err, "summary", "The summary must be %d characters or fewer", HM_SUMMARY_MAX);
  }
  const char *zOutcome = in->zOutcome && *in->zOutcome && strcmp(in->zOutcome, "open") != 0 ? in->zOutcome : NULL;
  if (zOutcome && !complaint) errors_add(err, "outcome", "Only a complaint has an outcome: choose \"Still open\"");
  else if (zOutcome && code_of(zOutcome, hm_outcome_codes, HM_N_OUTCOME) < 0) errors_add(err, "outcome", "Select the outcome");
  need_date(err, "outcome_on", in->outcomeOn, today, "date of the outcome", 0);
  if (zOutcome && in->outcomeOn == DATE_NONE) errors_add(err, "outcome_on", "Enter the date of the outcome");
  if (!zOutcome && in->outcomeOn != DATE_NONE) errors_add(err, "outcome", "Select the outcome, or leave the date empty");
  if (in->outcomeOn != DATE_NONE && in->received != DATE_NONE && in->outcomeOn < in->received) {
    errors_add(err, "outcome_on", "The outcome cannot be before the complaint was received");
  }
  if (!home_places(db, homeId)) errors_add(err, "fb_kind", "There is no such home");
  char *zBefore = NULL;
  if (id) {
    Stmt *s = db_query(db, "SELECT kind, received_on, from_kind, about, coalesce(outcome, 'open'), coalesce(outcome_on, '')"
                           " FROM home_feedback WHERE id=? AND home_id=?", "II", id, homeId);
    int rc = db_step(s);
    if (rc == DB_ROW) {
      zBefore = xmprintf("%s received %s from %s about %s, outcome %s %s", db_col_text(s, 0), db_col_text(s, 1),
                         db_col_text(s, 2), db_col_text(s, 3), outcome_words(db_col_text(s, 4)), db_col_text(s, 5));
    } else {
      errors_add(err, "fb_kind", rc == DB_DONE ? "There is no such complaint or compliment for this home"
                                               : "Could not read the complaint or compliment");
    }
    db_finalize(s);
  }
  if (err->n) {
    free(zBefore);
    return 0;
  }
  char zR[11], zO[11];
  date_iso(in->received, zR);
  const char *zOn = in->outcomeOn == DATE_NONE ? NULL : date_iso(in->outcomeOn, zO);
  const char *zKind = complaint ? "complaint" : "compliment";
  db_begin(db);
  int rc = id ? db_exec(db, "UPDATE home_feedback SET kind=?, received_on=?, from_kind=?, about=?, summary=?, outcome=?,"
                            " outcome_on=? WHERE id=?", "sssssssI", zKind, zR, in->zFrom, in->zAbout,
                        in->zSummary ? in->zSummary : "", zOutcome, zOn, id)
              : db_exec(db, "INSERT INTO home_feedback(home_id, kind, received_on, from_kind, about, summary, outcome,"
                            " outcome_on) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", "Isssssss", homeId, zKind, zR, in->zFrom,
                        in->zAbout, in->zSummary ? in->zSummary : "", zOutcome, zOn);
  if (rc == DB_OK && !id) id = db_int(db, 0, "SELECT max(id) FROM home_feedback WHERE home_id=?", "I", homeId);
  char *zAfter = xmprintf("%s received %s from %s about %s, outcome %s %s", zKind, zR, in->zFrom, in->zAbout,
                          outcome_words(zOutcome), zOn ? zOn : "");
  if (rc == DB_OK) {
    rc = home_audit_write(db, homeId, zActor, zBefore ? "feedback.update" : "feedback.add", zBefore, zAfter);
  }
  free(zAfter);
  free(zBefore);
  return home_write_end(db, rc, err, "fb_kind", "complaint or compliment") == 0 ? id : 0;
}

/* ---- Tables ----------------------------------------------------------------------- */

static const WeeklyReturn *find_week(const HomeMonitoring *m, Date week) {
  for (int i = 0; m && i < m->nWeek; i++) {
    if (m->aWeek[i].week == week) return &m->aWeek[i];
  }
  return NULL;
}

/* Home page: weekly returns (with the note); the report: without it. */
enum { WK_HOME, WK_WEEK, WK_RETURNED, WK_STATUS, WK_SG, WK_LADO, WK_COMP, WK_NOTE, WK_N };
static const RColumn aWkCol[WK_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"week_beginning", "Week beginning", RCOL_DATE, 13},
  {"returned_on", "Returned", RCOL_DATE, 13},
  {"status", "Return on time", RCOL_TEXT, 12},
  {"safeguarding_concerns", "Safeguarding concerns", RCOL_INT, 12},
  {"lado_referrals", "LADO referrals", RCOL_INT, 10},
  {"complaints", "Complaints", RCOL_INT, 10},
  {"note", "Analysis", RCOL_TEXT, 50},
};

static void weekly_row(RTable *t, int col0, const char *zHome, const HomeItem *it, const WeeklyReturn *r, int withNote) {
  rtable_row(t);
  if (col0 == 0) rtable_text(t, WK_HOME, zHome);
  rtable_num(t, WK_WEEK - col0, (Date)it->refId);
  rtable_num(t, WK_RETURNED - col0, it->done);
  rtable_text(t, WK_STATUS - col0, home_status_words(it->status));
  rtable_num(t, WK_SG - col0, r && it->done != DATE_NONE ? r->safeguarding : 0);
  rtable_num(t, WK_LADO - col0, r && it->done != DATE_NONE ? r->lado : 0);
  rtable_num(t, WK_COMP - col0, r && it->done != DATE_NONE ? r->complaints : 0);
  if (withNote) rtable_text(t, WK_NOTE - col0, r && it->done != DATE_NONE ? r->zNote : "");
}

static int item_week_cmp(const void *pa, const void *pb) {
  const HomeItem *a = pa, *b = pb;
  return a->refId < b->refId ? 1 : a->refId > b->refId ? -1 : 0;
}

/* Every weekly-return item of h as of asOf (history too), latest week first. */
static void weekly_items(const HomeRecords *h, Date asOf, HomeItemList *l) {
  homes_weekly_due(h, asOf, 1, l);
  qsort(l->a, (size_t)l->n, sizeof *l->a, item_week_cmp);
}

void hm_weekly_table(const HomeRecords *h, const HomeMonitoring *m, Date asOf, int nWeeks, RTable *out) {
  rtable_init(out, "Weekly returns", "Weekly safeguarding, LADO and complaints returns",
             "No weekly return is due or recorded yet.", aWkCol + 1, WK_N - 1);
  HomeItemList l = {0};
  weekly_items(h, asOf, &l);
  for (int i = 0; i < l.n && i < nWeeks; i++) weekly_row(out, 1, NULL, &l.a[i], find_week(m, (Date)l.a[i].refId), 1);
  home_items_free(&l);
}

enum { MO_MONTH, MO_REG, MO_USED, MO_OCC, MO_PCT, MO_POSTS, MO_FILLED, MO_VAC, MO_LEAVERS, MO_N };
static const RColumn aMoCol[MO_N] = {
  {"month", "Month", RCOL_TEXT, 16},
  {"places_registered", "Places registered", RCOL_INT, 10},
  {"places_used", "Places used", RCOL_INT, 10},
  {"occupancy", "Occupancy", RCOL_TEXT, 20},
  {"occupancy_percent", "Occupancy (%)", RCOL_PCT, 10},
  {"posts", "Staff posts", RCOL_INT, 10},
  {"filled", "Filled", RCOL_INT, 10},
  {"vacancies", "Vacancies", RCOL_INT, 10},
  {"leavers", "Leavers", RCOL_INT, 10},
};

/* "3 of 4 places used", or "Not recorded". */
static void occupancy_words(int used, int places, char *z, size_t n) {
  if (used < 0) snprintf(z, n, "Not recorded");
  else snprintf(z, n, "%d of %d place%s used", used, places, places == 1 ? "" : "s");
}

void hm_month_table(const HomeRecords *h, const HomeMonitoring *m, RTable *out) {
  rtable_init(out, "Occupancy and staffing", "Occupancy and staffing by month",
             "No month's occupancy or staffing is recorded yet.", aMoCol, MO_N);
  for (int i = m->nMonth - 1; i >= 0; i--) {
    const HomeMonth *mo = &m->aMonth[i];
    char zM[24], zOcc[48];
    rtable_row(out);
    rtable_text(out, MO_MONTH, month_long(mo->month, zM));
    rtable_num(out, MO_REG, h->home.places);
    rtable_num(out, MO_USED, mo->placesUsed < 0 ? 0 : mo->placesUsed);
    occupancy_words(mo->placesUsed, h->home.places, zOcc, sizeof zOcc);
    rtable_text(out, MO_OCC, zOcc);
    rtable_num(out, MO_PCT, mo->placesUsed < 0 ? 0 : rtable_pct(mo->placesUsed, h->home.places));
    rtable_num(out, MO_POSTS, mo->posts < 0 ? 0 : mo->posts);
    rtable_num(out, MO_FILLED, mo->filled < 0 ? 0 : mo->filled);
    rtable_num(out, MO_VAC, mo->posts < 0 || mo->filled < 0 ? 0 : mo->posts - mo->filled);
    rtable_num(out, MO_LEAVERS, mo->leavers < 0 ? 0 : mo->leavers);
  }
}

enum { FB_HOME, FB_RECEIVED, FB_KIND, FB_FROM, FB_ABOUT, FB_OUTCOME, FB_OUTCOME_ON, FB_SUMMARY, FB_N };
static const RColumn aFbCol[FB_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"received_on", "Received", RCOL_DATE, 13},
  {"kind", "Complaint or compliment", RCOL_TEXT, 12},
  {"from", "From", RCOL_TEXT, 28},
  {"about", "About", RCOL_TEXT, 28},
  {"outcome", "Outcome", RCOL_TEXT, 14},
  {"outcome_on", "Outcome on", RCOL_DATE, 13},
  {"summary", "Summary", RCOL_TEXT, 50},
};

static void feedback_row(RTable *t, int col0, const char *zHome, const HomeFeedback *f, Date asOf, int withSummary) {
  rtable_row(t);
  if (col0 == 0) rtable_text(t, FB_HOME, zHome);
  rtable_num(t, FB_RECEIVED - col0, f->received);
  rtable_text(t, FB_KIND - col0, f->complaint ? "Complaint" : "Compliment");
  rtable_text(t, FB_FROM - col0, hm_label(f->zFrom, hm_from_codes, hm_from_labels, HM_N_FROM));
  rtable_text(t, FB_ABOUT - col0, hm_label(f->zAbout, hm_about_codes, hm_about_labels, HM_N_ABOUT));
  int decided = f->zOutcome[0] && f->outcomeOn != DATE_NONE && f->outcomeOn <= asOf;
  rtable_text(t, FB_OUTCOME - col0, !f->complaint ? ""
                                     : decided ? hm_label(f->zOutcome, hm_outcome_codes, hm_outcome_labels, HM_N_OUTCOME)
                                               : "Open");
  rtable_num(t, FB_OUTCOME_ON - col0, decided ? f->outcomeOn : DATE_NONE);
  if (withSummary) rtable_text(t, FB_SUMMARY - col0, f->zSummary);
}

void hm_feedback_table(const HomeMonitoring *m, Date asOf, RTable *out) {
  rtable_init(out, "Complaints and compliments", "Complaints and compliments",
             "No complaint or compliment is recorded yet.", aFbCol + 1, FB_N - 1);
  for (int i = m->nFb - 1; i >= 0; i--) feedback_row(out, 1, NULL, &m->aFb[i], asOf, 1);
}

/* ---- The QPAG report -------------------------------------------------------------- */

enum { OC_HOME, OC_REG, OC_USED, OC_PCT, OC_N };
static const RColumn aOcCol[OC_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"places_registered", "Places registered", RCOL_INT, 10},
  {"places_used", "Places used", RCOL_INT, 10},
  {"occupancy_percent", "Places used of places registered (%)", RCOL_PCT, 12},
};
enum { SF_HOME, SF_POSTS, SF_FILLED, SF_VAC, SF_VAC_PCT, SF_LEAVERS, SF_N };
static const RColumn aSfCol[SF_N] = {
  {"home", "Home", RCOL_TEXT, 24},
  {"posts", "Staff posts", RCOL_INT, 10},
  {"filled", "Filled", RCOL_INT, 10},
  {"vacancies", "Vacancies", RCOL_INT, 10},
  {"vacancy_percent", "Vacancies (% of posts)", RCOL_PCT, 10},
  {"leavers", "Leavers in the month", RCOL_INT, 10},
};

static void kpi(RTable *t, const char *zName, int v, int of) {
  rtable_row(t);
  rtable_text(t, 0, zName);
  rtable_num(t, 1, v);
  rtable_num(t, 2, of);
}

int homes_monitoring_figure_table(int k) { return k == QPAG_WEEKLY || k == QPAG_OCCUPANCY || k == QPAG_STAFFING; }

void homes_monitoring_report(Db *db, Date first, Date last, Date asOf, QpagReport *r) {
  RTable *wk = &r->aTab[QPAG_WEEKLY], *oc = &r->aTab[QPAG_OCCUPANCY], *sf = &r->aTab[QPAG_STAFFING];
  RTable *fb = &r->aTab[QPAG_COMPLAINTS];
  /* The report leaves out the analysis notes and summaries: their words can
  ** name a child or a member of staff, and the board sees these tables. */
  rtable_init(wk, "Weekly returns", "Weekly safeguarding, LADO and complaints returns, by home and week",
             "No weekly return fell due in the month.", aWkCol, WK_NOTE);
  rtable_init(oc, "Occupancy", "Occupancy: places used of places registered",
             "No home's occupancy is recorded for the month.", aOcCol, OC_N);
  rtable_init(sf, "Staffing", "Staff posts, vacancies and leavers", "No home's staffing is recorded for the month.",
             aSfCol, SF_N);
  rtable_init(fb, "Complaints and compliments", "Complaints and compliments received in the month",
             "No complaint or compliment was received in the month.", aFbCol, FB_SUMMARY);
  int month = month_of(first);
  int nDue = 0, nOnTime = 0, nSg = 0, nLado = 0, nComp = 0, nUsed = 0, nPlaces = 0, nOcc = 0;
  int nPosts = 0, nFilled = 0, nLeavers = 0, nComplaints = 0, nCompliments = 0, nUpheld = 0, nDecided = 0;
  for (int i = 0; i < r->nHome; i++) {
    HomeRecords h;
    HomeMonitoring m;
    if (!home_load(db, r->aHome[i], &h)) {
      r->readError = 1;   /* a listed home that does not load: a failed read */
      continue;
    }
    if (homes_monitoring_load(db, h.home.id, &m) != 0) {
      r->readError = 1;   /* a home missing from the tables would read as one with nothing to show */
      home_clear(&h);
      continue;
    }
    HomeItemList l = {0};
    weekly_items(&h, asOf, &l);
    /* Weeks ending in the month, oldest first. */
    for (int k = l.n - 1; k >= 0; k--) {
      const HomeItem *it = &l.a[k];
      Date sunday = (Date)it->refId + 6;
      if (sunday < first || sunday > last || sunday > asOf) continue;
      const WeeklyReturn *w = find_week(&m, (Date)it->refId);
      weekly_row(wk, 0, h.home.zName, it, w, 0);
      if (w && it->done != DATE_NONE) {
        nSg += w->safeguarding;
        nLado += w->lado;
        nComp += w->complaints;
      }
    }
    /* The timeliness indicator counts returns due in the month. */
    for (int k = 0; k < l.n; k++) {
      const HomeItem *it = &l.a[k];
      if (it->due < first || it->due > last || (it->due > asOf && it->done == DATE_NONE)) continue;
      nDue++;
      nOnTime += it->status == ST_DONE;
    }
    home_items_free(&l);
    for (int k = 0; k < m.nMonth; k++) {
      const HomeMonth *mo = &m.aMonth[k];
      if (mo->month != month) continue;
      if (mo->placesUsed >= 0) {
        rtable_row(oc);
        rtable_text(oc, OC_HOME, h.home.zName);
        rtable_num(oc, OC_REG, h.home.places);
        rtable_num(oc, OC_USED, mo->placesUsed);
        rtable_num(oc, OC_PCT, rtable_pct(mo->placesUsed, h.home.places));
        nOcc++;
        nUsed += mo->placesUsed;
        nPlaces += h.home.places;
      }
      if (mo->posts >= 0) {
        int filled = mo->filled < 0 ? 0 : mo->filled;
        rtable_row(sf);
        rtable_text(sf, SF_HOME, h.home.zName);
        rtable_num(sf, SF_POSTS, mo->posts);
        rtable_num(sf, SF_FILLED, filled);
        rtable_num(sf, SF_VAC, mo->posts - filled);
        rtable_num(sf, SF_VAC_PCT, rtable_pct(mo->posts - filled, mo->posts));
        rtable_num(sf, SF_LEAVERS, mo->leavers < 0 ? 0 : mo->leavers);
        nPosts += mo->posts;
        nFilled += filled;
        nLeavers += mo->leavers < 0 ? 0 : mo->leavers;
      }
    }
    for (int k = 0; k < m.nFb; k++) {
      const HomeFeedback *f = &m.aFb[k];
      if (f->received >= first && f->received <= asOf) {
        feedback_row(fb, 0, h.home.zName, f, asOf, 0);
        nComplaints += f->complaint;
        nCompliments += !f->complaint;
      }
      if (f->complaint && f->zOutcome[0] && f->outcomeOn >= first && f->outcomeOn <= asOf &&
          strcmp(f->zOutcome, "withdrawn") != 0) {
        nDecided++;
        nUpheld += strcmp(f->zOutcome, "upheld") == 0 || strcmp(f->zOutcome, "partly-upheld") == 0;
      }
    }
    homes_monitoring_clear(&m);
    home_clear(&h);
  }
  RTable *k = &r->aTab[QPAG_KPI];
  kpi(k, "Weekly returns due in the month made on time", nOnTime, nDue);
  kpi(k, "Safeguarding concerns in the weekly returns", nSg, nSg);
  kpi(k, "LADO referrals in the weekly returns", nLado, nLado);
  kpi(k, "Complaints in the weekly returns", nComp, nComp);
  kpi(k, "Homes with occupancy recorded for the month", nOcc, r->nHome);
  kpi(k, "Places used of places registered", nUsed, nPlaces);
  kpi(k, "Staff posts filled", nFilled, nPosts);
  kpi(k, "Staff who left in the month (of posts filled)", nLeavers, nFilled);
  kpi(k, "Complaints received in the month", nComplaints, nComplaints);
  kpi(k, "Compliments received in the month", nCompliments, nCompliments);
  kpi(k, "Complaints decided in the month upheld in full or in part", nUpheld, nDecided);
}
