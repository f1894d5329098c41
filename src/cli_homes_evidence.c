/*
** cli_homes_evidence.c: the QA framework's evidence for the children's
** homes on the command line (homes_evidence.h):
**
**   oversight home-qa survey URN --kind young-people|professionals --on DATE
**                     --asked TEXT --number N [--focus TEXT]
**   oversight home-qa response SURVEY_ID --scores 5,4,,3,4,5 [--comment TEXT]
**   oversight home-qa surveys URN [--as-of DATE] [--format text|csv]
**   oversight home-qa audit URN --kind dip-sample|full-audit --on DATE --by NAME
**                     --focus TEXT [--findings TEXT]
**   oversight home-qa action AUDIT_ID --action TEXT --owner NAME --due DATE
**   oversight home-qa to-qpag ACTION_ID --meeting DATE
**
** Every change is written to the audit log by the domain functions, and
** `surveys` (a view of the home's records) before it prints anything.
*/
#include "cli.h"
#include "audit.h"
#include "homes.h"
#include "homes_evidence.h"
#include "reports.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) fprintf(stderr, "oversight %s: %s: %s\n", c->zName, e->a[i].zField, e->a[i].zMsg);
}

static int64_t home_by_urn(const Cmd *c, Db *db, const char *zUrn) {
  int64_t id = db_int(db, 0, "SELECT id FROM home WHERE urn=?", "s", zUrn);
  if (!id) failure(c, "there is no home with URN \"%s\" (see `oversight homes`)", zUrn);
  return id;
}

static int64_t id_arg(const Cmd *c, const char *z, const char *zWhat) {
  long id;
  if (parse_int(z, 1, 2000000000L, &id) != 0) {
    usage_error(c, "%s \"%s\" is not a number", zWhat, z);
    return 0;
  }
  return id;
}

/* An optional date option: DATE_NONE when absent; -1 after a usage error. */
static int date_opt(const Cmd *c, const Opt *o, Date *out) {
  *out = DATE_NONE;
  if (!o->seen) return 0;
  if (date_parse(o->zValue, out) != 0) {
    usage_error(c, "%s must be a date as YYYY-MM-DD, not \"%s\"", o->zName, o->zValue);
    return -1;
  }
  return 0;
}

/* "5,4,,3": the scores by question position; an empty one is left blank. */
static int parse_scores(const Cmd *c, const char *z, int aScore[SURVEY_MAX_Q + 1]) {
  int pos = 1;
  for (const char *p = z;; pos++) {
    if (pos > SURVEY_MAX_Q) return usage_error(c, "--scores has more than %d answers", SURVEY_MAX_Q), -1;
    size_t n = strcspn(p, ",");
    if (n == 0) aScore[pos] = 0;
    else if (n == 1 && *p >= '1' && *p <= '5') aScore[pos] = *p - '0';
    else return usage_error(c, "--scores: answer %d must be 1 to 5, or empty when not answered", pos), -1;
    p += n;
    if (!*p) break;
    p++;
  }
  return 0;
}

static int surveys_list(const Cmd *c, Db *db, int64_t homeId, Date asOf, int csv) {
  HomeRecords h;
  if (!home_load(db, homeId, &h)) return failure(c, "the home could not be read");
  if (!h.pEvidence || !h.pEvidence->ok) {
    home_clear(&h);
    return failure(c, "the home's surveys could not be read: %s", db_errmsg(db));
  }
  if (home_audit_view(db, homeId, audit_cli_actor()) != DB_OK) {
    home_clear(&h);
    return failure(c, "cannot write the audit log, so the surveys are not shown: %s", db_errmsg(db));
  }
  RTable t[2];
  evidence_table_init(&t[0], QPAG_SURVEYS);
  evidence_table_init(&t[1], QPAG_SURVEY_HISTORY);
  evidence_surveys_table(&h, asOf, &t[0]);
  evidence_history_table(&h, asOf, &t[1]);
  if (csv) {
    Buf b = {0};
    reports_csv(t, 2, &b);
    fwrite(b.z ? b.z : "", 1, b.n, stdout);
    buf_free(&b);
  } else {
    char zD[24], zP[24];
    printf("%s (URN %s)\n", h.home.zName, h.home.zUrn);
    for (int k = 0; k < SURVEY_N_KINDS; k++) {
      const SurveyRound *prev, *r = survey_latest(&h, k, asOf, &prev);
      Date due = survey_next_due(&h, k, asOf);
      printf("  %s: ", survey_title(k));
      if (!r) printf("none yet");
      else {
        int64_t a = survey_average(r, 0);
        printf("%s, %d of %d responded, average %lld.%02lld", date_long(r->held, zD), r->nResponses, r->nAsked,
               (long long)(a / 100), (long long)(a % 100));
        if (prev) {
          int64_t b = survey_average(prev, 0);
          printf(" (before: %s, %lld.%02lld)", date_long(prev->held, zP), (long long)(b / 100), (long long)(b % 100));
        }
      }
      printf("; next due %s, %s\n", date_long(due, zD),
             status_name(home_status(due, DATE_NONE, asOf)));
    }
  }
  rtable_clear(&t[0]);
  rtable_clear(&t[1]);
  home_clear(&h);
  return EXIT_OK;
}

int cmd_home_qa(int argc, char **argv) {
  const Cmd *c = cmd_find("home-qa");
  enum { O_KIND, O_ON, O_ASKED, O_NUMBER, O_FOCUS, O_SCORES, O_COMMENT, O_BY, O_FINDINGS, O_ACTION, O_OWNER, O_DUE,
         O_MEETING, O_ASOF, O_FORMAT, O_N };
  Opt o[O_N] = {{"--kind", 1, NULL, 0},     {"--on", 1, NULL, 0},       {"--asked", 1, NULL, 0},
                {"--number", 1, NULL, 0},   {"--focus", 1, NULL, 0},    {"--scores", 1, NULL, 0},
                {"--comment", 1, NULL, 0},  {"--by", 1, NULL, 0},       {"--findings", 1, NULL, 0},
                {"--action", 1, NULL, 0},   {"--owner", 1, NULL, 0},    {"--due", 1, NULL, 0},
                {"--meeting", 1, NULL, 0},  {"--as-of", 1, NULL, 0},    {"--format", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, o, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2) return usage_error(c, "expected: survey|response|surveys|audit|action|to-qpag and a URN or number");
  const char *zSub = aPos[0];
  static const char *const azSub[] = {"survey", "response", "surveys", "audit", "action", "to-qpag"};
  int sub = -1;
  for (int i = 0; i < COUNT(azSub); i++) {
    if (strcmp(zSub, azSub[i]) == 0) sub = i;
  }
  if (sub < 0) return usage_error(c, "\"%s\" is not one of survey, response, surveys, audit, action, to-qpag", zSub);
  Date on, due, meeting, asOf;
  if (date_opt(c, &o[O_ON], &on) || date_opt(c, &o[O_DUE], &due) || date_opt(c, &o[O_MEETING], &meeting) ||
      opt_date(c, &o[O_ASOF], &asOf) < 0) {
    return EXIT_USAGE;
  }
  static const char *const azFmt[] = {"text", "csv"};
  int fmt = opt_choice(c, &o[O_FORMAT], azFmt, 2, 0);
  if (fmt < 0) return EXIT_USAGE;
  int aScore[SURVEY_MAX_Q + 1] = {0};
  if (sub == 1) {
    if (!o[O_SCORES].seen) return usage_error(c, "response needs --scores, for example --scores 5,4,,3,4,5");
    if (parse_scores(c, o[O_SCORES].zValue, aScore) != 0) return EXIT_USAGE;
  }
  int64_t num = 0;
  if (sub == 1 || sub == 4 || sub == 5) {
    num = id_arg(c, aPos[1], sub == 1 ? "SURVEY_ID" : sub == 4 ? "AUDIT_ID" : "ACTION_ID");
    if (!num) return EXIT_USAGE;
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  int64_t homeId = 0;
  if (sub == 0 || sub == 2 || sub == 3) {
    homeId = home_by_urn(c, db, aPos[1]);
    if (!homeId) {
      db_close(db);
      return EXIT_FAIL;
    }
  }
  Errors err = {0};
  int64_t id = 0;
  const char *zActor = audit_cli_actor();
  Date today = date_today();
  char zD[24];
  switch (sub) {
    case 0: {
      SurveyRoundInput in = {.zKind = o[O_KIND].zValue, .zAsked = o[O_ASKED].zValue, .zNumberAsked = o[O_NUMBER].zValue,
                             .zFocus = o[O_FOCUS].zValue, .held = on};
      id = survey_round_add(db, homeId, &in, today, zActor, &err);
      if (id) printf("Recorded survey %lld, closed %s. Add each response with `oversight home-qa response %lld --scores ...`.\n",
                     (long long)id, date_long(on, zD), (long long)id);
      break;
    }
    case 1:
      id = survey_response_add(db, num, aScore, o[O_COMMENT].zValue, zActor, &err);
      if (id) printf("Added response %lld to survey %lld.\n", (long long)id, (long long)num);
      break;
    case 2:
      ec = surveys_list(c, db, homeId, asOf, fmt == 1);
      break;
    case 3:
      id = qa_audit_add(db, homeId, o[O_KIND].zValue, on, o[O_BY].zValue, o[O_FOCUS].zValue, o[O_FINDINGS].zValue, today,
                        zActor, &err);
      if (id) printf("Recorded audit %lld on %s.\n", (long long)id, date_long(on, zD));
      break;
    case 4:
      if (!db_int(db, 0, "SELECT id FROM home_audit WHERE id=? AND kind IN ('dip-sample', 'full-audit')", "I", num)) {
        errors_add(&err, "audit", "There is no dip sample or full audit %lld", (long long)num);
      } else {
        id = audit_action_add(db, num, o[O_ACTION].zValue, o[O_OWNER].zValue, due, zActor, &err);
        if (id) printf("Added action %lld to audit %lld, due %s.\n", (long long)id, (long long)num, date_long(due, zD));
      }
      break;
    case 5:
      id = audit_action_to_qpag(db, num, meeting, today, zActor, &err);
      if (id) printf("Audit action %lld is now QPAG action %lld, agreed at the meeting on %s.\n", (long long)num,
                     (long long)id, date_long(meeting, zD));
      break;
  }
  if (sub != 2 && !id) {
    print_errors(c, &err);
    ec = EXIT_FAIL;
  }
  db_close(db);
  return ec;
}
