/*
** demo_lado.c: the demo's Designated Officer work (SPEC §6): two years of
** synthetic contacts, referrals, meetings, outcomes and
** recommendations, shaped like the seed report (about 300 contacts a year,
** half becoming referrals, most decisions and meetings on time, education,
** residential care and foster carers the largest sectors). Written through
** lado.c's functions, so every record is validated and audited like real
** work. Deterministic for (seed, asOf). No real people.
*/
#include "demo.h"
#include "lado.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTOR = "demo";

typedef struct DRng { uint64_t s; } DRng;

static unsigned drand(DRng *r) {
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(r->s >> 33);
}
static int drange(DRng *r, int lo, int hi) { return lo + (int)(drand(r) % (unsigned)(hi - lo + 1)); }
static int dchance(DRng *r, int pct) { return (int)(drand(r) % 100) < pct; }

/* Sectors weighted like the seed report's pie chart. */
static const struct { const char *zSector; int w; const char *zEmployer, *zRole, *zAgency; } aSector[] = {
  {"education", 29, "Hillside Primary School", "Teaching assistant", "Hillside Primary School"},
  {"residential-care", 19, "Oakwood Children's Home", "Residential support worker", "Oakwood Children's Home"},
  {"foster-carer", 17, "Council fostering service", "Foster carer", "Fostering service"},
  {"early-years", 8, "Little Acorns Nursery", "Nursery practitioner", "Early years team"},
  {"health", 6, "County hospital", "Paediatric nurse", "Hospital safeguarding team"},
  {"sport", 5, "Riverside Football Club", "Youth coach", "Club welfare officer"},
  {"voluntary-community", 4, "Youth Action (charity)", "Youth worker", "Charity safeguarding lead"},
  {"faith-group", 3, "St Peter's Church", "Youth leader", "Diocese safeguarding adviser"},
  {"social-care", 3, "Council children's services", "Family support worker", "Service manager"},
  {"transport", 2, "County school transport", "Driver", "Transport team"},
  {"police", 2, "County police", "Police officer", "Police professional standards"},
  {"self-employed", 1, "Self-employed", "Private tutor", "Parent"},
  {"other", 1, "Holiday club", "Activity leader", "Holiday club manager"},
};
static const char *const azGiven[] = {"Sam", "Chris", "Jordan", "Alex", "Morgan", "Taylor", "Jamie", "Robin",
                                      "Casey", "Jo", "Siân", "Declan"};
static const char *const azFamily[] = {"Hughes", "O'Neill", "Patel", "Wright", "Okafor", "Evans", "Nowak",
                                       "Green", "Ahmed", "Fraser", "Ünal"};
static const char *const azReferrer[] = {"Designated safeguarding lead", "Registered manager", "Head teacher",
                                         "Supervising social worker", "Safeguarding adviser"};
static const struct { const char *zCategory, *zType, *zAllegation; } aAllegation[] = {
  {"physical", "physical-contact", "Restrained a child without need during an incident"},
  {"physical", "physical-contact", "Grabbed a child by the arm"},
  {"emotional", "professional-boundaries", "Shouted at and belittled children in the group"},
  {"emotional", "professional-boundaries", "Messaged a young person on a personal account"},
  {"sexual", "online-conduct", "Inappropriate online contact with a young person"},
  {"sexual", "conduct-private-life", "Arrested for an offence outside work"},
  {"neglect", "transferable-risk", "Children left unsupervised on a trip"},
  {"emotional", "transferable-risk", "Domestic abuse incident at home reported by the police"},
};
static const char *const azAdvice[] = {
  "Threshold not met. Advised the employer to address this as a conduct matter through supervision.",
  "Threshold not met. Advised a safer working practice discussion and a note on the staff file.",
  "Threshold not met. Advised the employer to follow their complaints procedure and to call again if more comes to light.",
};
static const char *const azRec[][2] = {
  {"Refresh safer working practice training for all staff", "Head of service"},
  {"Update the physical intervention policy and brief staff", "Registered manager"},
  {"Add online conduct to the induction checklist", "Designated safeguarding lead"},
  {"Fostering panel to review the carers' approval", "Fostering team manager"},
};

/* Issue 20: the other authorities of cross-border cases, dip sample
** findings and training audiences, shaped like the seed report (sections
** 6.1, 7.1, 7.2 and 7.6). */
static const char *const azAuthority[] = {"Bournemouth, Christchurch and Poole", "Somerset", "Wiltshire",
                                          "Hampshire", "Devon"};
static const char *const azFindings[] = {
  "Date received recorded as the day the information came in for most files; the rest were the day typed in. Reminded business support.",
  "Initial evaluation meetings within 5 working days in most files; reasons for delay recorded in the rest.",
  "Outcomes recorded with the definitions read out at the meeting in every file sampled.",
  "Designated Officer reports available before the post-allegation meeting in most files; two late, both voluntary organisations.",
};
static const char *const azAudience[] = {
  "School designated safeguarding leads", "Health and education colleagues", "Foster carers",
  "Residential children's home managers", "Early years providers", "Sports clubs' welfare officers",
};

static int fail(char **pzErr, const Errors *e, const char *zWhat) {
  *pzErr = xmprintf("demo LADO %s: %s: %s", zWhat, e->n ? e->a[0].zField : "?", e->n ? e->a[0].zMsg : "?");
  return -1;
}

static Date working_on_or_after(Date d) { return cal_is_working_day(d) ? d : cal_add_working_days(d, 1); }

static int generate(Db *db, unsigned seed, Date asOf, int *pnCases, char **pzErr) {
  DRng r = {seed * 2654435761ULL + 0x1ad0ULL};
  /* Issue 20's records draw on their own sequence, so the cases are the
  ** same as before they were added. */
  DRng r2 = {seed * 40503ULL + 0x2026ULL};
  int wTotal = 0;
  for (int i = 0; i < COUNT(aSector); i++) wTotal += aSector[i].w;
  /* About 300 contacts a year over the 25 months before asOf, so a
  ** report for the last year has the year before to compare with. */
  Date start = date_add_months(asOf, -25);
  int nContacts = 625, n = 0;
  for (int i = 0; i < nContacts; i++) {
    Date received = working_on_or_after(start + (Date)((int64_t)i * (asOf - start) / nContacts) + drange(&r, 0, 1));
    if (received > asOf) continue;
    int w = drange(&r, 1, wTotal), s = 0;
    while (w > aSector[s].w) w -= aSector[s++].w;
    int a = drange(&r, 0, COUNT(aAllegation) - 1);
    char zAdult[64], zTime[6], zChildren[64];
    snprintf(zAdult, sizeof zAdult, "%s %s", azGiven[drand(&r) % COUNT(azGiven)], azFamily[drand(&r) % COUNT(azFamily)]);
    snprintf(zTime, sizeof zTime, "%02d:%02d", drange(&r, 8, 17), drange(&r, 0, 59));
    snprintf(zChildren, sizeof zChildren, "Child %c (%d)", 'A' + drange(&r, 0, 25), drange(&r, 3, 17));
    LadoContactInput in = {.received = received, .zTime = zTime,
                           .zReferrer = azReferrer[drand(&r) % COUNT(azReferrer)], .zAgency = aSector[s].zAgency,
                           .zAdult = zAdult, .zRole = aSector[s].zRole, .zEmployer = aSector[s].zEmployer,
                           .zSector = aSector[s].zSector, .zChildren = zChildren,
                           .zAllegation = aAllegation[a].zAllegation};
    Errors e = {0};
    int64_t id = lado_contact_add(db, &in, asOf, ACTOR, &e);
    if (!id) return fail(pzErr, &e, "contact");
    n++;
    /* Cross-border: about one contact in ten (the seed's pan-Dorset and
    ** border counties); the last year's others recorded as not. */
    if (dchance(&r2, 10)) {
      int adult = dchance(&r2, 60);
      if (lado_cross_border_set(db, id, adult, !adult || dchance(&r2, 20),
                                azAuthority[drand(&r2) % COUNT(azAuthority)], ACTOR, &e) != 0) {
        return fail(pzErr, &e, "cross-border");
      }
    } else if (received > asOf - 365 && lado_cross_border_set(db, id, 0, 0, NULL, ACTOR, &e) != 0) {
      return fail(pzErr, &e, "cross-border");
    }

    /* The decision: mostly by the next working day. */
    Date due = rule_due(rule("lado_decision"), received);
    Date decided = dchance(&r, 84) ? (dchance(&r, 50) ? received : due) : cal_add_working_days(due, drange(&r, 1, 3));
    if (decided > asOf) continue;
    int roll = drange(&r, 1, 100);
    const char *zDecision = roll <= 50 ? "referral" : roll <= 85 ? "concern" : "unclear";
    const char *zAdvice = strcmp(zDecision, "concern") == 0 ? azAdvice[drand(&r) % COUNT(azAdvice)] : NULL;
    if (lado_decide(db, id, zDecision, decided, zAdvice, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "decision");
    if (zAdvice) {
      Date closed = decided + drange(&r, 0, 10);
      if (closed <= asOf && lado_close(db, id, closed, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "closure");
      continue;
    }
    if (lado_referral_set(db, id, aAllegation[a].zCategory, aAllegation[a].zType, dchance(&r, 30), ACTOR, &e) != 0) {
      return fail(pzErr, &e, "referral");
    }
    /* A children's social care strategy meeting the officer attended, for
    ** about a quarter of referrals, within days of the decision. */
    if (dchance(&r2, 25)) {
      Date strat = working_on_or_after(decided + drange(&r2, 0, 3));
      if (strat <= asOf && lado_strategy_add(db, id, strat, dchance(&r2, 50) ? "Police and social care present" : NULL,
                                             asOf, ACTOR, &e) != 0) {
        return fail(pzErr, &e, "strategy meeting");
      }
    }

    /* The initial evaluation meeting: most within 5 working days. */
    int ontime = dchance(&r, 78);
    Date iem = cal_add_working_days(decided, ontime ? drange(&r, 1, 5) : drange(&r, 6, 9));
    if (iem > asOf) continue;
    LadoMeetingInput m = {.initial = 1, .held = iem, .thresholdMet = -1, .concluded = -1, .next = DATE_NONE,
                          .zLateReason = ontime ? NULL : "Police and the employer could not attend sooner"};
    if (strcmp(zDecision, "unclear") == 0) m.thresholdMet = dchance(&r, 60);
    if (lado_meeting_add(db, id, &m, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "initial meeting");
    if (m.thresholdMet == 0) {
      Date closed = iem + drange(&r, 0, 5);
      if (closed <= asOf && lado_close(db, id, closed, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "closure");
      continue;
    }

    /* Post-allegation meetings until the investigation concludes. */
    Date pamDue = rule_due(rule("lado_post_allegation_meeting"), iem);
    ontime = dchance(&r, 87);
    Date held = ontime ? pamDue - drange(&r, 0, 10) : pamDue + drange(&r, 1, 14);
    if (held <= iem) held = iem + 1;
    int concluded = 0, k = 0;
    while (held <= asOf && !concluded) {
      concluded = k >= 2 || dchance(&r, 65);
      LadoMeetingInput p = {.initial = 0, .held = held, .thresholdMet = -1, .concluded = concluded,
                            .next = concluded ? DATE_NONE : held + 28,
                            .zLateReason = k == 0 && !ontime ? "Waiting for the police investigation" : NULL};
      if (lado_meeting_add(db, id, &p, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "post-allegation meeting");
      if (!concluded) held += 28;
      k++;
    }
    if (!concluded) continue;

    /* Outcome, actions, closure and any recommendations. */
    int o = drange(&r, 1, 100);
    const char *zOutcome = o <= 22 ? "substantiated" : o <= 42 ? "unsubstantiated" : o <= 80 ? "unfounded"
                         : o <= 92 ? "false" : "malicious";
    unsigned actions;
    if (strcmp(zOutcome, "substantiated") == 0) actions = (dchance(&r, 65) ? 1u << 0 : 0) | 1u << 2 | (dchance(&r, 30) ? 1u << 1 : 0);
    else actions = dchance(&r, 40) ? 1u << 3 : 1u << 4;
    if (lado_outcome_set(db, id, zOutcome, held, actions, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "outcome");
    if (dchance(&r, 35)) {
      int q = drange(&r, 0, COUNT(azRec) - 1);
      int64_t rec = lado_rec_add(db, id, azRec[q][0], azRec[q][1], held + drange(&r, 14, 90), held, ACTOR, &e);
      if (!rec) return fail(pzErr, &e, "recommendation");
      Date done = held + drange(&r, 10, 100);
      if (dchance(&r, 92) && done <= asOf && lado_rec_implemented(db, rec, done, asOf, ACTOR, &e) != 0) {
        return fail(pzErr, &e, "recommendation implemented");
      }
    }
    Date closed = held + drange(&r, 0, 14);
    if (closed <= asOf && lado_close(db, id, closed, asOf, ACTOR, &e) != 0) return fail(pzErr, &e, "closure");
  }
  /* Dip samples every two months (seed 6.1: "this will continue
  ** bi-monthly"); about ten training sessions and six briefings a year
  ** (seed 7.1, 7.2). */
  for (Date d = working_on_or_after(date_add_months(asOf, -25)); d <= asOf;
       d = working_on_or_after(date_add_months(d, 2))) {
    Errors e = {0};
    char zCases[8];
    snprintf(zCases, sizeof zCases, "%d", drange(&r2, 6, 15));
    if (!lado_dip_save(db, 0, d, zCases, azFindings[drand(&r2) % COUNT(azFindings)], asOf, ACTOR, &e)) {
      return fail(pzErr, &e, "dip sample");
    }
  }
  for (Date d = working_on_or_after(date_add_months(asOf, -25) + 10); d <= asOf;
       d = working_on_or_after(d + drange(&r2, 12, 32))) {
    Errors e = {0};
    int briefing = dchance(&r2, 38);
    char zPeople[8];
    snprintf(zPeople, sizeof zPeople, "%d", briefing ? drange(&r2, 5, 12) : drange(&r2, 8, 25));
    if (!lado_training_save(db, 0, d, briefing ? "briefing" : "training", azAudience[drand(&r2) % COUNT(azAudience)],
                            zPeople, asOf, ACTOR, &e)) {
      return fail(pzErr, &e, "training");
    }
  }
  /* The officer keeps up with retention: each review that fell due more
  ** than a month ago has been done (the record kept, with why). */
  LadoList l;
  if (lado_list(db, 0, asOf, &l) < 0) {
    *pzErr = xmprintf("demo LADO retention reviews: %s", db_errmsg(db));
    return -1;
  }
  for (int i = 0; i < l.n; i++) {
    const LadoCase *c = &l.a[i];
    Date due = lado_retention_due(db, c);
    if (due == DATE_NONE || due > asOf - 30) continue;
    Errors e = {0};
    if (lado_retention_review(db, c->id, due + drange(&r, 0, 20), "Kept: the adult still works with children",
                              asOf, ACTOR, &e) != 0) {
      lado_list_free(&l);
      return fail(pzErr, &e, "retention review");
    }
  }
  lado_list_free(&l);
  *pnCases = n;
  return 0;
}

int demo_lado(Db *db, unsigned seed, Date asOf, int *pnCases, char **pzErr) {
  /* One transaction: the steps' own transactions nest inside it. */
  db_begin(db);
  *pnCases = 0;
  if (generate(db, seed, asOf, pnCases, pzErr) != 0) {
    db_rollback(db);
    *pnCases = 0;
    return -1;
  }
  if (db_commit(db) != DB_OK) {
    *pzErr = xmprintf("demo LADO: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}
