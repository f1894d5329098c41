/*
** demo_homes.c: the demo's children's homes (SPEC §8). Four synthetic
** homes (no real names or numbers), one of which carries an inspection
** shaped like the one in shared/domain/003 (requires improvement, four
** requirements due 1 July 2021, and its action plan, complete by mid-June),
** and current activity dated relative to asOf: Regulation 44 visits and
** audits for the last six months with the gaps and late reports a real
** service has, recent inspections under weekly and fortnightly monitoring,
** notifications, the QPAG tracker with overdue actions, and (issue 20)
** twelve weeks of weekly returns (one home late and missing last week's),
** six months' occupancy and staffing, and complaints and compliments.
**
** Written through the same domain functions as a user's input, so every
** record is validated and audited. Deterministic for (seed, asOf).
*/
#include "demo.h"
#include "homes.h"
#include "homes_monitoring.h"
#include "homes_evidence.h"
#include "rules.h"
#include "unregistered.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTOR = "demo";

typedef struct DemoCtx {
  Db *db;
  Date asOf;
  unsigned rng;
  Errors err;
  const char *zWhat;            /* what was being added when an error came */
} DemoCtx;

/* A small deterministic generator: 0 .. n-1. */
static int pick(DemoCtx *g, int n) {
  g->rng = g->rng * 1103515245u + 12345u;
  return (int)((g->rng >> 16) % (unsigned)n);
}

static int failed(DemoCtx *g, const char *zWhat) {
  if (!g->err.n) return 0;
  g->zWhat = zWhat;
  return 1;
}

static Date clamp(DemoCtx *g, Date d) { return d > g->asOf ? DATE_NONE : d; }

static int64_t home(DemoCtx *g, const char *zName, const char *zUrn, const char *zManager, Date vacant, int places,
                    int from, int to, Date registered, const char *zPurpose) {
  char zP[8], zF[8], zT[8];
  snprintf(zP, sizeof zP, "%d", places);
  snprintf(zF, sizeof zF, "%d", from);
  snprintf(zT, sizeof zT, "%d", to);
  HomeInput in = {.zName = zName, .zUrn = zUrn, .zManager = zManager, .vacantSince = vacant,
                  .zRi = "Morgan Ashdown (demo)", .zPlaces = zP, .zAgeFrom = zF, .zAgeTo = zT,
                  .registered = registered, .zPurpose = zPurpose};
  return home_save(g->db, 0, &in, g->asOf, ACTOR, &g->err);
}

/* Monthly Regulation 44 visits for the last six months, feedback gathered
** a few days before each; reports mostly on time, the odd one late, the
** latest still to come in. skipLast leaves the last month without a visit. */
static int visits(DemoCtx *g, int64_t homeId, int skipLast, const char *zFindings) {
  static const char *const azVisitor[] = {"Jordan Vale (independent visitor)", "Casey Brook (independent visitor)"};
  for (int m = 6; m >= (skipLast ? 2 : 1); m--) {
    Date visited = date_add_months(g->asOf, -m) + 3 + pick(g, 6);
    if (visited > g->asOf) continue;
    int late = pick(g, 5) == 0;
    Date report = clamp(g, visited + (late ? 17 : 6 + pick(g, 6)));
    Date sent = report == DATE_NONE ? DATE_NONE : clamp(g, cal_add_working_days(visited, late ? 25 : 12 + pick(g, 8)));
    if (sent != DATE_NONE && sent < report) sent = report;
    Date plan = sent == DATE_NONE ? DATE_NONE : clamp(g, sent + 2);
    VisitInput in = {.visited = visited, .ypFeedback = visited - 4, .profFeedback = visited - 2 - pick(g, 3),
                     .report = report, .sent = sent, .planApproved = plan,
                     .zVisitor = azVisitor[pick(g, 2)], .zPlanApprovedBy = plan != DATE_NONE ? "Service manager (demo)" : NULL,
                     .zFinding = m == 2 ? "good" : m == 4 && pick(g, 2) ? "adverse" : "none",
                     .zFindings = m == 2 ? zFindings : "Children spoke positively about staff; records in good order."};
    reg44_save(g->db, homeId, 0, &in, g->asOf, ACTOR, &g->err);
    if (failed(g, "a Regulation 44 visit")) return -1;
  }
  return 0;
}

/* The four monthly audits for the last six months; missing is the kind
** (index) whose last month is not done yet, or -1. */
static int audits(DemoCtx *g, int64_t homeId, int missing) {
  for (int m = 6; m >= 1; m--) {
    for (int k = 0; k < HOME_N_AUDIT_KINDS; k++) {
      if (m <= 2 && k == missing) continue;
      Date on = date_add_months(g->asOf, -m) + 1 + pick(g, 20);
      if (on > g->asOf) continue;
      int64_t id = home_audit_add(g->db, homeId, home_audit_kinds[k], on, "Home manager (demo)",
                                  k == 1 && m == 1 ? "Fire door closer on the first floor slow to close" : "No concerns",
                                  g->asOf, ACTOR, &g->err);
      if (failed(g, "an audit")) return -1;
      if (k == 1 && m == 1) {
        int64_t aid = audit_action_add(g->db, id, "Replace the fire door closer", "Maintenance (demo)", on + 14, ACTOR,
                                       &g->err);
        if (failed(g, "an audit action")) return -1;
        /* Homes with every audit done have put this right too. */
        if (missing < 0 && on + 10 <= g->asOf) audit_action_done(g->db, aid, on + 10, g->asOf, ACTOR, &g->err);
        if (failed(g, "an audit action's completion")) return -1;
      }
    }
  }
  return 0;
}

static int64_t inspection(DemoCtx *g, int64_t homeId, const char *zJudgement, Date start, Date end, const char *zRecs) {
  InspectionInput in = {.zKind = "full", .zOverall = zJudgement, .zExperiences = zJudgement, .zProtection = zJudgement,
                        .zLeadership = zJudgement, .start = start, .end = end, .zRecommendations = zRecs};
  int64_t id = inspection_add(g->db, homeId, &in, g->asOf, ACTOR, &g->err);
  return failed(g, "an inspection") ? 0 : id;
}

static int64_t req(DemoCtx *g, int64_t inspId, const char *zReg, const char *zText, Date due) {
  int64_t id = requirement_add(g->db, inspId, zReg, zText, due, ACTOR, &g->err);
  return failed(g, "a requirement") ? 0 : id;
}

static int act(DemoCtx *g, int64_t reqId, const char *zAction, const char *zOwner, Date target, Date done) {
  int64_t id = action_add(g->db, reqId, zAction, zOwner, target, ACTOR, &g->err);
  if (failed(g, "an action")) return -1;
  if (done != DATE_NONE && done <= g->asOf) {
    action_complete(g->db, id, done, g->asOf, ACTOR, &g->err);
    if (failed(g, "an action's completion")) return -1;
  }
  return 0;
}

/* The inspection of shared/domain/003, as synthetic data: a one-bed home
** inspected 19-20 May 2021, every judgement requires improvement, four
** requirements due 1 July 2021 and the action plan that met them. */
static int seed_inspection(DemoCtx *g, int64_t homeId) {
  Date due = date_from_ymd(2021, 7, 1);
  int64_t in = inspection(g, homeId, "requires-improvement", date_from_ymd(2021, 5, 19), date_from_ymd(2021, 5, 20),
                          "Ensure that the child's bedroom is kept to a reasonable standard of tidiness, with "
                          "appropriate boundaries (Guide to the quality standards, paragraph 3.7).");
  if (!in) return -1;
  int64_t r12 = req(g, in, "Regulation 12: the protection of children standard",
                    "Staff assess and reduce each child's risk of harm, including online and when a child leaves the "
                    "home at night; the home's day-to-day care keeps each child safe.", due);
  int64_t r13 = req(g, in, "Regulation 13: the leadership and management standard",
                    "Staff work as a team and have the experience, qualifications and skills to meet each child's needs, "
                    "with continuity of care.", due);
  int64_t r40 = req(g, in, "Regulation 40: notification of a serious event",
                    "Notify HMCI and each other relevant person without delay of the serious events the regulation lists.", due);
  int64_t r31 = req(g, in, "Regulation 31: staffing of children's homes",
                    "At all times at least one person on duty has a suitable first aid qualification.", due);
  if (!r12 || !r13 || !r40 || !r31) return -1;
  const char *zRM = "Registered manager", *zRI = "Responsible individual";
  struct { int64_t req; const char *zAction, *zOwner; int m, d; } a[] = {
    {r12, "All staff complete or are booked onto safeguarding training", zRM, 6, 16},
    {r12, "Risk assessment of the young person's internet use and online safety", zRM, 6, 11},
    {r12, "New missing-from-home procedure, including leaving the home at night", zRM, 6, 9},
    {r12, "Video doorbell installed; safeguarding actions addressed promptly", zRI, 5, 20},
    {r13, "Fortnightly senior meetings; every member of staff has an allocated supervisor", zRM, 5, 23},
    {r13, "Communication book for changes in care planning", zRM, 5, 28},
    {r13, "Team day on the new systems", zRM, 6, 1},
    {r13, "Weekly team meetings and a training matrix for mandatory training", zRM, 6, 15},
    {r40, "Notification pathway so all staff know what to do after an incident", zRM, 6, 9},
    {r31, "Training lead and matrix, including first aid training", zRI, 5, 14},
  };
  for (int i = 0; i < COUNT(a); i++) {
    Date done = date_from_ymd(2021, a[i].m, a[i].d);
    if (act(g, a[i].req, a[i].zAction, a[i].zOwner, due, done) != 0) return -1;
  }
  /* Fortnightly QA monitoring until the last action was complete (16 June). */
  monitoring_add(g->db, in, date_from_ymd(2021, 6, 3), "Head of QA and Partnerships (demo)",
                 "Most actions under way; training bookings checked", g->asOf, ACTOR, &g->err);
  if (failed(g, "a monitoring review")) return -1;
  monitoring_add(g->db, in, date_from_ymd(2021, 6, 16), "Head of QA and Partnerships (demo)",
                 "All actions complete; the action plan was shared with Ofsted", g->asOf, ACTOR, &g->err);
  return failed(g, "a monitoring review") ? -1 : 0;
}

/* The last 12 weeks' safeguarding, LADO and complaints returns, mostly on
** their due day; with `lapse`, one late and last week's not yet in (so it
** shows as due); and the last six months' occupancy and staffing (issue 20). */
static int monitoring(DemoCtx *g, int64_t h, int places, int lapse) {
  static const char *const azNote[] = {
    "No themes this week.",
    "One concern about online contact, referred to the front door the same day; e-safety session planned.",
    "Complaint about pocket money resolved by the manager within two days.",
    "Restraint reviewed with the young person and staff; debrief held within 72 hours.",
  };
  Date lastWeek = hm_week_of(g->asOf + 1) - 7;
  for (Date w = lastWeek - 11 * 7; w <= lastWeek; w += 7) {
    Date due = hm_weekly_due(w);
    if (lapse && w == lastWeek) continue;
    Date on = lapse && w == lastWeek - 3 * 7 ? due + 2 : due;
    if (on > g->asOf) continue;
    int sg = pick(g, 4) == 0 ? 1 + pick(g, 2) : 0, lado = lapse && pick(g, 3) == 0, comp = pick(g, 5) == 0;
    char zS[12], zL[12], zC[12];
    snprintf(zS, sizeof zS, "%d", sg);
    snprintf(zL, sizeof zL, "%d", lado);
    snprintf(zC, sizeof zC, "%d", comp);
    WeeklyInput in = {.week = w, .returned = on, .zSafeguarding = zS, .zLado = zL, .zComplaints = zC,
                      .zNote = azNote[lado ? 3 : comp ? 2 : sg ? 1 : 0]};
    weekly_return_save(g->db, h, &in, g->asOf, ACTOR, &g->err);
    if (failed(g, "a weekly return")) return -1;
  }
  for (int m = month_of(g->asOf) - 6; m < month_of(g->asOf); m++) {
    int posts = places * 3 + 2, filled = posts - pick(g, 3), used = places - (places > 1 ? pick(g, 2) : 0);
    char zU[12], zP[12], zF[12], zL[12];
    snprintf(zU, sizeof zU, "%d", used);
    snprintf(zP, sizeof zP, "%d", posts);
    snprintf(zF, sizeof zF, "%d", filled);
    snprintf(zL, sizeof zL, "%d", pick(g, 4) == 0);
    MonthInput in = {.month = m, .zPlacesUsed = zU, .zPosts = zP, .zFilled = zF, .zLeavers = zL};
    home_month_save(g->db, h, &in, g->asOf, ACTOR, &g->err);
    if (failed(g, "a month's occupancy and staffing")) return -1;
  }
  return 0;
}

/* A survey round closed on `held` (skipped if after asOf), with nResp
** responses scored around `base` (1 to 5), the odd question left blank. */
static int survey(DemoCtx *g, int64_t homeId, const char *zKind, Date held, const char *zAsked, int nAsked,
                  const char *zFocus, int nResp, int base) {
  if (held > g->asOf) return 0;
  char zN[8];
  snprintf(zN, sizeof zN, "%d", nAsked);
  SurveyRoundInput in = {.zKind = zKind, .held = held, .zAsked = zAsked, .zNumberAsked = zN, .zFocus = zFocus};
  int64_t id = survey_round_add(g->db, homeId, &in, g->asOf, ACTOR, &g->err);
  if (failed(g, "a survey")) return -1;
  static const char *const azComment[] = {"", "Staff always make time to talk.", "",
                                          "More say in the activities, please.", ""};
  for (int r = 0; r < nResp; r++) {
    int aScore[SURVEY_MAX_Q + 1] = {0};
    for (int q = 1; q <= 6; q++) {
      int v = base - 1 + pick(g, 3);
      aScore[q] = pick(g, 12) == 0 ? 0 : v < 1 ? 1 : v > 5 ? 5 : v;
    }
    aScore[1] = aScore[1] ? aScore[1] : base;   /* never an empty response */
    survey_response_add(g->db, id, aScore, azComment[pick(g, 5)], ACTOR, &g->err);
    if (failed(g, "a survey response")) return -1;
  }
  return 0;
}

/* A complaint or compliment received `ago` days before asOf, with its
** outcome `decided` days after (0: still open). */
static int feedback(DemoCtx *g, int64_t h, const char *zKind, int ago, const char *zFrom, const char *zAbout,
                    const char *zSummary, const char *zOutcome, int decided) {
  Date on = g->asOf - ago;
  FeedbackInput in = {.zKind = zKind, .received = on, .zFrom = zFrom, .zAbout = zAbout, .zSummary = zSummary,
                      .zOutcome = decided ? zOutcome : "open", .outcomeOn = decided ? clamp(g, on + decided) : DATE_NONE};
  if (in.outcomeOn == DATE_NONE) in.zOutcome = "open";
  home_feedback_save(g->db, h, 0, &in, g->asOf, ACTOR, &g->err);
  return failed(g, "a complaint or compliment") ? -1 : 0;
}

/* Dip samples and full audits, their actions, some in the QPAG tracker. */
static int qa_audits(DemoCtx *g, int64_t h2, int64_t h4) {
  Date meet2 = date_add_months(g->asOf, -2) + 9, meet3 = date_add_months(g->asOf, -1) + 9;
  int64_t full = qa_audit_add(g->db, h2, "full-audit", g->asOf - 60, "Head of QA and Partnerships (demo)",
                              "The registered manager post fell vacant",
                              "Records were up to date; supervision had lapsed for two staff; the rota relied on agency "
                              "staff at night.", g->asOf, ACTOR, &g->err);
  if (failed(g, "a full audit")) return -1;
  int64_t a1 = audit_action_add(g->db, full, "Recruit a permanent registered manager", "Head of service (demo)",
                                g->asOf + 30, ACTOR, &g->err);
  if (failed(g, "a full audit's action")) return -1;
  if (meet2 <= g->asOf) audit_action_to_qpag(g->db, a1, meet2, g->asOf, ACTOR, &g->err);
  if (failed(g, "a full audit's action into the QPAG tracker")) return -1;
  int64_t dip = qa_audit_add(g->db, h2, "dip-sample", g->asOf - 40, "Service manager (demo)",
                             "Missing from home episodes and return interviews",
                             "Five of seven return interviews were within 72 hours; debriefs were not always recorded.",
                             g->asOf, ACTOR, &g->err);
  if (failed(g, "a dip sample")) return -1;
  int64_t a2 = audit_action_add(g->db, dip, "Return interviews within 72 hours for every episode",
                                "Registered manager (acting)", g->asOf + 14, ACTOR, &g->err);
  audit_action_add(g->db, dip, "Debrief records checked monthly", "Deputy manager", g->asOf - 5, ACTOR, &g->err);
  if (failed(g, "a dip sample's actions")) return -1;
  if (meet3 <= g->asOf && meet3 >= g->asOf - 40) audit_action_to_qpag(g->db, a2, meet3, g->asOf, ACTOR, &g->err);
  if (failed(g, "a dip sample's action into the QPAG tracker")) return -1;
  qa_audit_add(g->db, h4, "dip-sample", g->asOf - 3, "Regulation 44 visitor (demo)", "Night-time checks",
               "Checks were done and recorded as the care plans say.", g->asOf, ACTOR, &g->err);
  return failed(g, "a dip sample") ? -1 : 0;
}

int demo_homes(Db *db, unsigned seed, Date asOf, int *pnHomes, char **pzErr) {
  DemoCtx g = {.db = db, .asOf = asOf, .rng = seed * 2654435761u + 7u};
  *pnHomes = 0;
  db_begin(db);
  Date longAgo = date_add_months(asOf, -60);
  /* 1. The home whose 2021 inspection mirrors the seed's, when the demo reaches back that far. */
  Date seedReg = date_from_ymd(2021, 3, 1);
  int withSeed = asOf > date_from_ymd(2021, 7, 1);
  int64_t h1 = home(&g, "Larkspur House (demo)", "SC900001", "Avery Thorn (demo)", DATE_NONE, 1, 7, 17,
                    withSeed ? seedReg : longAgo, "Care for one child with emotional and behavioural difficulties");
  if (!h1 || (withSeed && seed_inspection(&g, h1) != 0)) goto fail;
  if (visits(&g, h1, 0, "The young person described staff as 'like family'.") || audits(&g, h1, -1)) goto fail;

  /* 2. Inadequate a few weeks ago: weekly monitoring, one review late. */
  int64_t h2 = home(&g, "Beacon View (demo)", "SC900002", NULL, asOf - 70, 4, 10, 17, longAgo,
                    "Short and medium-term care for young people aged 10 to 17");
  if (!h2 || visits(&g, h2, 1, "Young people praised the activities programme.") || audits(&g, h2, 2)) goto fail;
  Date s2 = asOf - 24 - pick(&g, 3);
  int64_t in2 = inspection(&g, h2, "inadequate", s2, s2 + 1, "");
  if (!in2) goto fail;
  int64_t r2a = req(&g, in2, "Regulation 12: the protection of children standard",
                    "Risk assessments are updated after every missing episode.", asOf + 10);
  int64_t r2b = req(&g, in2, "Regulation 34: policies for the protection of children",
                    "The behaviour management policy is followed and physical interventions recorded.", asOf + 10);
  if (!r2a || !r2b) goto fail;
  if (act(&g, r2a, "Review every young person's risk assessment", "Registered manager (acting)", asOf - 8, asOf - 9) ||
      act(&g, r2a, "Missing-from-home debrief within 72 hours, every time", "Deputy manager", asOf - 3, DATE_NONE) ||
      act(&g, r2b, "Physical intervention records audited weekly", "Registered manager (acting)", asOf + 7, DATE_NONE)) {
    goto fail;
  }
  monitoring_add(db, in2, s2 + 8, "Head of QA and Partnerships (demo)", "Action plan agreed", asOf, ACTOR, &g.err);
  if (failed(&g, "a monitoring review")) goto fail;
  monitoring_add(db, in2, s2 + 15, "Head of QA and Partnerships (demo)", "Two actions slipping", asOf, ACTOR, &g.err);
  if (failed(&g, "a monitoring review")) goto fail;

  /* 3. Good, with no requirements. */
  int64_t h3 = home(&g, "Orchard Lodge (demo)", "SC900003", "Riley Hart (demo)", DATE_NONE, 3, 8, 16, longAgo,
                    "Long-term care for children with learning disabilities");
  if (!h3 || visits(&g, h3, 0, "Excellent communication aids in use.") || audits(&g, h3, -1)) goto fail;
  Date s3 = date_add_months(asOf, -8);
  if (!inspection(&g, h3, "good", s3, s3 + 1, "Keep up the work on independence skills.")) goto fail;

  /* 4. Requires improvement last month: fortnightly monitoring, one
  ** action done, notifications recent. */
  int64_t h4 = home(&g, "Harbour Cottage (demo)", "SC900004", "Sam Reedley (demo)", DATE_NONE, 2, 12, 17, longAgo,
                    "Care for young people preparing for independence");
  if (!h4 || visits(&g, h4, 0, "Independence flat well used.") || audits(&g, h4, 0)) goto fail;
  Date s4 = asOf - 35;
  int64_t in4 = inspection(&g, h4, "requires-improvement", s4, s4 + 1, "Record young people's views in their plans.");
  if (!in4) goto fail;
  int64_t r4 = req(&g, in4, "Regulation 31: staffing of children's homes",
                   "At all times at least one person on duty has a suitable first aid qualification.", asOf + 20);
  if (!r4 || act(&g, r4, "First aid training for night staff", "Registered manager", asOf - 5, asOf - 6) ||
      act(&g, r4, "Rota checked weekly for a first aider on every shift", "Deputy manager", asOf + 14, DATE_NONE)) {
    goto fail;
  }
  monitoring_add(db, in4, s4 + 14, "Head of QA and Partnerships (demo)", "On track", asOf, ACTOR, &g.err);
  if (failed(&g, "a monitoring review")) goto fail;

  char zE[17], zN[17];
  Minute ev = (Minute)(asOf - 12) * 1440 + 22 * 60 + 15;
  notification_add(db, h4, "serious-event", minute_iso(ev, zE), minute_iso(ev + 20 * 60, zN),
                   "Police called after a young person was missing overnight", asOf, ACTOR, &g.err);
  ev = (Minute)(asOf - 5) * 1440 + 14 * 60;
  notification_add(db, h2, "allegation", minute_iso(ev, zE), minute_iso(ev + 30 * 60, zN),
                   "Allegation against a member of staff; LADO informed", asOf, ACTOR, &g.err);
  ev = (Minute)(asOf - 3) * 1440 + 9 * 60 + 30;
  notification_add(db, h2, "serious-event", minute_iso(ev, zE), NULL, "Young person injured during a restraint", asOf,
                   ACTOR, &g.err);
  if (failed(&g, "a notification")) goto fail;

  /* The six-monthly surveys: Beacon View has none (both overdue), Harbour
  ** Cottage no professionals' survey; the others two rounds to compare. */
  static const char YP[] = "young-people", PROF[] = "professionals";
  if (survey(&g, h1, YP, date_add_months(asOf, -7), "The young person living in the home", 1, "Feeling safe", 1, 4) ||
      survey(&g, h1, YP, date_add_months(asOf, -1), "The young person living in the home", 1, "Food and mealtimes", 1, 5) ||
      survey(&g, h1, PROF, date_add_months(asOf, -5), "The social worker and IRO of the young person", 2, "", 2, 4) ||
      survey(&g, h3, YP, date_add_months(asOf, -8), "The three young people living in the home", 3, "Making choices", 3, 3) ||
      survey(&g, h3, YP, date_add_months(asOf, -2), "The three young people living in the home", 3, "Being heard", 3, 4) ||
      survey(&g, h3, PROF, date_add_months(asOf, -9), "Social workers, IROs and the school's SENCO", 5, "", 4, 4) ||
      survey(&g, h3, PROF, date_add_months(asOf, -3), "Social workers, IROs and the school's SENCO", 5, "", 5, 5) ||
      survey(&g, h4, YP, date_add_months(asOf, -4), "The two young people living in the home", 2,
             "Support towards independence", 2, 3) ||
      qa_audits(&g, h2, h4)) {
    goto fail;
  }

  /* QPAG: monthly meetings, actions agreed at each. */
  Date meet = date_add_months(asOf, -3) + 9;
  int64_t q1 = qpag_action_add(db, meet, h2, "Independent review of missing-from-home practice", "Service manager (demo)",
                               meet + 30, asOf, ACTOR, &g.err);
  int64_t q2 = qpag_action_add(db, meet, 0, "Thematic review of night staffing across the homes", "QA service manager (demo)",
                               meet + 45, asOf, ACTOR, &g.err);
  Date meet2 = date_add_months(asOf, -2) + 9;
  qpag_action_add(db, meet2, h4, "Young people's survey on independence support", "Participation lead (demo)", meet2 + 21,
                  asOf, ACTOR, &g.err);
  Date meet3 = date_add_months(asOf, -1) + 9;
  int64_t q4 = 0;
  if (meet3 <= asOf) {
    q4 = qpag_action_add(db, meet3, h3, "Share Orchard Lodge's communication aids with the other homes", "Registered manager (demo)",
                         meet3 + 28, asOf, ACTOR, &g.err);
  }
  if (failed(&g, "a QPAG action")) goto fail;
  qpag_action_done(db, q2, meet + 40, asOf, ACTOR, &g.err);
  qpag_action_escalate(db, q1, meet + 35, "Raised with the Children's Services Leadership Team: agency support agreed",
                       asOf, ACTOR, &g.err);
  if (failed(&g, "a QPAG action's progress")) goto fail;
  (void)q4;
  thematic_add(db, "Night staffing across the homes", date_add_months(asOf, -1) + 5, "QA service manager (demo)",
               "Staffing met the statement of purpose in all homes; two rotas relied on agency staff.", asOf, ACTOR, &g.err);
  thematic_add(db, "Missing from home: practice and debriefs", date_add_months(asOf, -2) + 12, "Service manager (demo)",
               "Debriefs were timely in three homes out of four.", asOf, ACTOR, &g.err);
  if (failed(&g, "a thematic review")) goto fail;

  /* Weekly returns, occupancy and staffing; complaints and compliments. */
  if (monitoring(&g, h1, 1, 0) || monitoring(&g, h2, 4, 1) || monitoring(&g, h3, 3, 0) || monitoring(&g, h4, 2, 0)) {
    goto fail;
  }
  if (feedback(&g, h2, "complaint", 40, "family", "contact", "Family contact visits cancelled at short notice twice.",
               "partly-upheld", 20) ||
      feedback(&g, h2, "complaint", 9, "young-person", "food", "Evening meals the same every week.", "open", 0) ||
      feedback(&g, h2, "compliment", 25, "professional", "care", "Social worker praised the key-work sessions.", "", 0) ||
      feedback(&g, h3, "compliment", 15, "family", "activities", "Thanks for the summer trips.", "", 0) ||
      feedback(&g, h4, "complaint", 30, "young-person", "staff", "Felt not listened to at a house meeting.",
               "not-upheld", 12) ||
      feedback(&g, h4, "compliment", 6, "professional", "education", "School noted excellent attendance.", "", 0)) {
    goto fail;
  }
  if (db_commit(db) != DB_OK) {
    *pzErr = xmprintf("could not save the demo homes: %s", db_errmsg(db));
    return -1;
  }
  *pnHomes = 4;
  return 0;

fail:
  db_rollback(db);
  *pzErr = xmprintf("could not add %s to the demo homes: %s: %s", g.zWhat ? g.zWhat : "a home",
                    g.err.n ? g.err.a[0].zField : "", g.err.n ? g.err.a[0].zMsg : db_errmsg(db));
  return -1;
}
