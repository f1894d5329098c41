/*
** cli_escalations.c: `oversight escalation`, escalation and dispute
** resolution (SPEC §5) from the command line. The work is done in
** escalations.c; this file turns arguments into its calls and its
** results into lines.
*/
#include "cli.h"
#include "audit.h"
#include "escalations.h"
#include "iros.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  O_CHILDREN, O_CATEGORY, O_TOPIC, O_CONCERN, O_OUTCOME_WANTED, O_RESPONDER, O_STAGE, O_ON,
  O_RAISED_BY, O_IRO, O_LOCALITY, O_RESPONSE, O_REASON, O_OUTCOME, O_IMPACT, O_OPEN,
  O_OVERDUE, O_ASOF, O_FORMAT, O_RESPONDER_EMAIL, O_N
};

/* Which options each subcommand takes; -1 ends a list. */
static const struct { const char *zSub; int nPos; int aOpt[14]; } aSub[] = {
  {"raise", 0, {O_CHILDREN, O_CATEGORY, O_TOPIC, O_CONCERN, O_OUTCOME_WANTED, O_RESPONDER,
                O_RESPONDER_EMAIL, O_STAGE, O_ON, O_RAISED_BY, O_IRO, O_LOCALITY, -1}},
  {"respond", 1, {O_RESPONSE, O_ON, -1}},
  {"move", 1, {O_REASON, O_RESPONDER, O_RESPONDER_EMAIL, O_ON, -1}},
  {"close", 1, {O_OUTCOME, O_IMPACT, O_ON, -1}},
  {"show", 1, {O_ASOF, -1}},
  {"list", 0, {O_OPEN, O_OVERDUE, O_STAGE, O_CATEGORY, O_LOCALITY, O_ASOF, O_FORMAT, -1}},
  {"weekly", 0, {O_ASOF, O_FORMAT, -1}},
};

static void print_errors(const Cmd *c, const Errors *e) {
  for (int i = 0; i < e->n; i++) {
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, e->a[i].zField, e->a[i].zMsg);
  }
}

/* In a line of the list: what the current stage is waiting for. */
static const char *state_word(const Escalation *e, Date asOf) {
  if (!escalation_is_open(e, asOf)) return "closed";
  const EscalationStage *cur = escalation_current_stage(e, asOf);
  if (!cur) return "";
  Status st = escalation_stage_status(cur, asOf);
  if (st == ST_OVERDUE) return "overdue";
  if (st == ST_DONE || st == ST_DONE_LATE) return "answered";
  return "waiting";
}

static void children_refs(Buf *b, const Escalation *e, const char *zSep) {
  for (int i = 0; i < e->nChild; i++) buf_printf(b, "%s%s", i ? zSep : "", e->aChild[i].zRef);
}

static int do_raise(const Cmd *c, Db *db, Opt *o, Date on) {
  /* --children 100001,100002: the refs, spaces around them ignored. */
  char *zList = xstrdup(o[O_CHILDREN].seen ? o[O_CHILDREN].zValue : "");
  const char **azRef = xcalloc(strlen(zList) + 1, sizeof *azRef);
  int nRef = 0;
  for (char *p = zList, *zNext; p; p = zNext) {
    zNext = strchr(p, ',');
    if (zNext) *zNext++ = 0;
    while (*p == ' ') p++;
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ') p[--n] = 0;
    if (*p) azRef[nRef++] = p;
  }
  int ec = EXIT_OK;
  int64_t iroId = 0;
  if (o[O_IRO].seen && !(iroId = iro_lookup(db, o[O_IRO].zValue))) {
    ec = failure(c, "no IRO with id or name \"%s\" (see `oversight iros`)", o[O_IRO].zValue);
  } else {
    /* Who raised it: as given, else the IRO named, else whoever is at the
    ** keyboard (the audit log's actor without its "cli:"). */
    char *zIroName = NULL;
    const char *zBy = o[O_RAISED_BY].seen ? o[O_RAISED_BY].zValue : NULL;
    if (!zBy && iroId) {
      Stmt *s = db_query(db, "SELECT name FROM iro WHERE id=?", "I", iroId);
      if (db_step(s) == DB_ROW) zBy = zIroName = xstrdup(db_col_text(s, 0));
      db_finalize(s);
    }
    if (!zBy) zBy = audit_cli_actor() + 4;
    EscalationInput in = {
      .azChild = azRef, .nChild = nRef,
      .zCategory = o[O_CATEGORY].zValue, .zTopic = o[O_TOPIC].zValue,
      .zConcern = o[O_CONCERN].zValue, .zOutcomeWanted = o[O_OUTCOME_WANTED].zValue,
      .zRaisedBy = zBy, .iroId = iroId, .zLocality = o[O_LOCALITY].zValue,
      .zStage = o[O_STAGE].zValue, .zResponder = o[O_RESPONDER].zValue,
      .zResponderEmail = o[O_RESPONDER_EMAIL].zValue, .raised = on,
    };
    Errors err = {0};
    int64_t id = escalation_raise(db, &in, date_today(), audit_cli_actor(), &err);
    if (!id) {
      print_errors(c, &err);
      ec = EXIT_FAIL;
    } else {
      Escalation e;
      escalation_load(db, id, &e);
      const EscalationStage *s = &e.aStage[0];
      Buf refs = {0};
      children_refs(&refs, &e, ", ");
      char z1[24], z2[24];
      printf("Raised escalation %lld about %s: %s, response from %s due %s.\n", (long long)id,
             refs.z, escalation_stage_label(s->stage), s->zResponder, date_long(s->due, z1));
      printf("The whole process should finish by %s.\n", date_long(escalation_total_due(&e), z2));
      buf_free(&refs);
      escalation_clear(&e);
    }
    free(zIroName);
  }
  free(azRef);
  free(zList);
  return ec;
}

static int do_step(const Cmd *c, Db *db, const char *zSub, int64_t id, Opt *o, Date on) {
  Errors err = {0};
  int r;
  if (strcmp(zSub, "respond") == 0) {
    r = escalation_respond(db, id, o[O_RESPONSE].zValue, on, date_today(), audit_cli_actor(), &err);
  } else if (strcmp(zSub, "move") == 0) {
    r = escalation_move_to(db, id, o[O_REASON].zValue, o[O_RESPONDER].zValue, o[O_RESPONDER_EMAIL].zValue, on,
                           date_today(), audit_cli_actor(), &err);
  } else {
    r = escalation_close(db, id, o[O_OUTCOME].zValue, o[O_IMPACT].zValue, on, date_today(),
                         audit_cli_actor(), &err);
  }
  if (r != 0) {
    print_errors(c, &err);
    return EXIT_FAIL;
  }
  Escalation e;
  escalation_load(db, id, &e);
  const EscalationStage *s = &e.aStage[e.nStage - 1];
  char z1[24], z2[24];
  if (strcmp(zSub, "respond") == 0) {
    printf("Recorded the response to escalation %lld at %s on %s (%s: it was due %s).\n",
           (long long)id, escalation_stage_phrase(s->stage), date_long(s->responded, z1),
           s->responded <= s->due ? "on time" : "late", date_long(s->due, z2));
  } else if (strcmp(zSub, "move") == 0) {
    printf("Escalation %lld moved to %s: response from %s due %s.\n", (long long)id,
           escalation_stage_phrase(s->stage), s->zResponder, date_long(s->due, z1));
  } else {
    Date due = escalation_total_due(&e);
    printf("Closed escalation %lld on %s: %s, %s the process limit (%s).\n", (long long)id,
           date_long(e.closed, z1), e.zOutcome, e.closed > due ? "past" : "within", date_long(due, z2));
  }
  escalation_clear(&e);
  return EXIT_OK;
}

static int do_show(const Cmd *c, Db *db, int64_t id, Date asOf) {
  Escalation e;
  if (!escalation_load(db, id, &e)) {
    escalation_clear(&e);
    return failure(c, "no escalation %lld (see `oversight escalation list`)", (long long)id);
  }
  if (escalation_audit_view(db, &e, audit_cli_actor()) != DB_OK) {
    escalation_clear(&e);
    return failure(c, "cannot write the audit log, so the escalation is not shown: %s", db_errmsg(db));
  }
  char z1[24], z2[24];
  Buf refs = {0};
  children_refs(&refs, &e, ", ");
  int byIro = e.zIro && strcmp(e.zIro, e.zRaisedBy) == 0;
  printf("Escalation %lld about %s, raised %s by %s%s%s\n", (long long)e.id, refs.z,
         date_long(e.raised, z1), e.zRaisedBy, byIro ? " (IRO)" : e.zIro ? ", IRO " : "",
         e.zIro && !byIro ? e.zIro : "");
  buf_free(&refs);
  const char *zLoc;
  escalation_locality(&e, &zLoc);
  printf("Category %s, topic %s, locality %s\n", e.zCategory, e.zTopic, zLoc ? zLoc : "(none)");
  printf("Concern: %s\nOutcome wanted: %s\n", e.zConcern, e.zOutcomeWanted);
  for (int i = 0; i < e.nStage; i++) {
    const EscalationStage *s = &e.aStage[i];
    const char *zLabel = escalation_stage_label(s->stage);
    printf("\n%c%s from %s, responder %s%s%s%s, response due %s\n", toupper((unsigned char)zLabel[0]),
           zLabel + 1, date_long(s->started, z1), s->zResponder, s->zResponderEmail ? " (" : "",
           s->zResponderEmail ? s->zResponderEmail : "", s->zResponderEmail ? ")" : "", date_long(s->due, z2));
    if (s->zMovedReason) printf("  Moved on because: %s\n", s->zMovedReason);
    if (s->responded != DATE_NONE) {
      printf("  Response %s (%s): %s\n", date_long(s->responded, z1),
             s->responded <= s->due ? "on time" : "late", s->zResponse);
    } else if (i < e.nStage - 1) {
      printf("  No response before it moved on\n");
    } else if (e.closed != DATE_NONE) {
      printf("  No response\n");
    } else if (escalation_stage_status(s, asOf) == ST_OVERDUE) {
      printf("  No response: overdue\n");
    } else {
      printf("  No response yet\n");
    }
  }
  Date due = escalation_total_due(&e);
  if (e.closed != DATE_NONE) {
    printf("\nClosed %s: %s. Impact: %s\n", date_long(e.closed, z1), e.zOutcome, e.zImpact);
  }
  printf("%s%s the process limit (%s).\n", e.closed != DATE_NONE ? "" : "\nOpen, ",
         escalation_flagged(&e, asOf) ? (e.closed != DATE_NONE ? "Finished past" : "past")
                                      : (e.closed != DATE_NONE ? "Finished within" : "within"),
         date_long(due, z2));
  escalation_clear(&e);
  return EXIT_OK;
}

static int do_list(const Cmd *c, Db *db, Opt *o, Date asOf, int fmt) {
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  f.openOnly = o[O_OPEN].seen;
  f.overdueOnly = o[O_OVERDUE].seen;
  if (o[O_STAGE].seen) f.stage = escalation_stage_parse(o[O_STAGE].zValue);
  if (o[O_CATEGORY].seen) f.zCategory = o[O_CATEGORY].zValue;
  if (o[O_LOCALITY].seen) {
    f.localityId = db_int(db, 0, "SELECT id FROM locality WHERE name=?", "s", o[O_LOCALITY].zValue);
    if (!f.localityId) return failure(c, "no locality called \"%s\"", o[O_LOCALITY].zValue);
  }
  EscalationList l;
  if (escalation_list(db, &f, &l) < 0) {
    return failure(c, "cannot read the escalations, so none are listed: %s", db_errmsg(db));
  }
  Buf b = {0};
  if (fmt == 1) {
    buf_puts(&b, "escalation_ref,raised_on,children,category,topic,stage,responder,response_due,"
                 "state,process_due,process_flagged,closed_on,outcome\n");
  } else if (l.n) {
    buf_printf(&b, "%-5s %-10s %-18s ", "ID", "Raised", "Stage");
    buf_pad(&b, "Responder", 22);
    buf_printf(&b, "%-10s %-8s %-10s %s\n", "Due", "State", "Flag", "Children");
  }
  int nOver = 0, nFlag = 0;
  for (int i = 0; i < l.n; i++) {
    const Escalation *e = &l.a[i];
    const EscalationStage *cur = escalation_current_stage(e, asOf);
    int flagged = escalation_flagged(e, asOf);
    nOver += escalation_overdue(e, asOf);
    nFlag += flagged;
    char zRaised[11], zDue[11], zTotal[11], zClosed[11];
    date_iso(e->raised, zRaised);
    date_iso(cur ? cur->due : DATE_NONE, zDue);
    Buf refs = {0};
    children_refs(&refs, e, ";");
    if (fmt == 1) {
      buf_printf(&b, "%lld,%s,", (long long)e->id, zRaised);
      buf_csv(&b, refs.z);
      buf_printf(&b, ",%s,%s,%s,", e->zCategory, e->zTopic, cur ? escalation_stage_name(cur->stage) : "");
      buf_csv(&b, cur ? cur->zResponder : "");
      buf_printf(&b, ",%s,%s,%s,%s,%s,%s\n", zDue, state_word(e, asOf),
                 date_iso(escalation_total_due(e), zTotal), flagged ? "yes" : "no",
                 e->closed != DATE_NONE && e->closed <= asOf ? date_iso(e->closed, zClosed) : "",
                 e->closed != DATE_NONE && e->closed <= asOf ? e->zOutcome : "");
    } else {
      buf_printf(&b, "%-5lld %-10s %-18s ", (long long)e->id, zRaised,
                 cur ? escalation_stage_name(cur->stage) : "");
      buf_pad(&b, cur ? cur->zResponder : "", 22);
      buf_printf(&b, "%-10s %-8s %-10s %s\n", zDue, state_word(e, asOf), flagged ? "past-limit" : "",
                 refs.z);
    }
    buf_free(&refs);
  }
  if (fmt == 0) {
    char z[24];
    if (!l.n) buf_printf(&b, "No escalations to list as of %s.\n", date_long(asOf, z));
    else buf_printf(&b, "%d escalation%s as of %s: %d overdue at their stage, %d past the process limit.\n",
                    l.n, l.n == 1 ? "" : "s", date_long(asOf, z), nOver, nFlag);
  }
  fputs(b.z ? b.z : "", stdout);
  buf_free(&b);
  escalation_list_free(&l);
  return EXIT_OK;
}

static int do_weekly(const Cmd *c, Db *db, Date asOf, int fmt) {
  WeeklyList w;
  if (escalation_weekly(db, asOf, &w) != DB_OK) {
    return failure(c, "cannot read the escalations, so the weekly list is not produced: %s", db_errmsg(db));
  }
  Buf b = {0};
  if (fmt == 1) {
    escalation_weekly_csv(&w, &b);
  } else {
    char z[24];
    buf_printf(&b, "Outstanding escalations as of %s\n", date_long(asOf, z));
    if (!w.nGroup) buf_puts(&b, "\nNone.\n");
    for (int g = 0; g < w.nGroup; g++) {
      const WeeklyGroup *grp = &w.aGroup[g];
      buf_printf(&b, "\n%s: %d outstanding\n", grp->zLocality ? grp->zLocality : "No locality recorded",
                 grp->n);
      for (int i = 0; i < grp->n; i++) {
        const Escalation *e = grp->ap[i];
        const EscalationStage *cur = escalation_current_stage(e, asOf);
        char zR[11], zD[11];
        Buf refs = {0};
        children_refs(&refs, e, ";");
        buf_printf(&b, "  %-5lld raised %s  %-18s ", (long long)e->id, date_iso(e->raised, zR),
                   cur ? escalation_stage_name(cur->stage) : "");
        buf_pad(&b, cur ? cur->zResponder : "", 22);
        buf_printf(&b, "due %s  %-8s %-10s %s\n", date_iso(cur ? cur->due : DATE_NONE, zD),
                   state_word(e, asOf), escalation_flagged(e, asOf) ? "past-limit" : "", refs.z);
        buf_free(&refs);
      }
    }
  }
  fputs(b.z ? b.z : "", stdout);
  buf_free(&b);
  escalation_weekly_free(&w);
  return EXIT_OK;
}

int cmd_escalation(int argc, char **argv) {
  const Cmd *c = cmd_find("escalation");
  Opt o[O_N] = {
    [O_CHILDREN] = {"--children", 1, NULL, 0}, [O_CATEGORY] = {"--category", 1, NULL, 0},
    [O_TOPIC] = {"--topic", 1, NULL, 0}, [O_CONCERN] = {"--concern", 1, NULL, 0},
    [O_OUTCOME_WANTED] = {"--outcome-wanted", 1, NULL, 0},
    [O_RESPONDER] = {"--responder", 1, NULL, 0}, [O_STAGE] = {"--stage", 1, NULL, 0},
    [O_RESPONDER_EMAIL] = {"--responder-email", 1, NULL, 0},
    [O_ON] = {"--on", 1, NULL, 0}, [O_RAISED_BY] = {"--raised-by", 1, NULL, 0},
    [O_IRO] = {"--iro", 1, NULL, 0}, [O_LOCALITY] = {"--locality", 1, NULL, 0},
    [O_RESPONSE] = {"--response", 1, NULL, 0}, [O_REASON] = {"--reason", 1, NULL, 0},
    [O_OUTCOME] = {"--outcome", 1, NULL, 0}, [O_IMPACT] = {"--impact", 1, NULL, 0},
    [O_OPEN] = {"--open", 0, NULL, 0}, [O_OVERDUE] = {"--overdue", 0, NULL, 0},
    [O_ASOF] = {"--as-of", 1, NULL, 0}, [O_FORMAT] = {"--format", 1, NULL, 0},
  };
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, o, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos == 0) return usage_error(c, "give a subcommand: raise, respond, move, close, show, list or weekly");
  int iSub = -1;
  for (int i = 0; i < COUNT(aSub); i++) {
    if (strcmp(aPos[0], aSub[i].zSub) == 0) iSub = i;
  }
  if (iSub < 0) return usage_error(c, "unknown subcommand \"%s\"", aPos[0]);
  const char *zSub = aSub[iSub].zSub;
  if (nPos - 1 != aSub[iSub].nPos) {
    return aSub[iSub].nPos ? usage_error(c, "%s needs the escalation's ID", zSub)
                           : usage_error(c, "%s takes no ID, only options", zSub);
  }
  for (int k = 0; k < O_N; k++) {
    int ok = 0;
    for (int j = 0; aSub[iSub].aOpt[j] >= 0; j++) ok |= aSub[iSub].aOpt[j] == k;
    if (o[k].seen && !ok) return usage_error(c, "%s is not used with %s", o[k].zName, zSub);
  }
  long id = 0;
  if (aSub[iSub].nPos && parse_int(aPos[1], 1, 2000000000L, &id) != 0) {
    return usage_error(c, "ID must be the escalation's number, not \"%s\"", aPos[1]);
  }
  /* Codes from fixed lists are checked here, so a mistyped one is a
  ** mistake in the call that the usage line helps with. */
  static const char *const azFmt[] = {"text", "csv"};
  const char *azStage[ESC_N_STAGES];
  for (int i = 0; i < ESC_N_STAGES; i++) azStage[i] = escalation_stage_name(i);
  if (opt_choice(c, &o[O_CATEGORY], escalation_categories, escalation_n_categories, 0) < 0 ||
      opt_choice(c, &o[O_TOPIC], escalation_topics, escalation_n_topics, 0) < 0 ||
      opt_choice(c, &o[O_OUTCOME], escalation_outcomes, escalation_n_outcomes, 0) < 0) {
    return EXIT_USAGE;
  }
  if (o[O_STAGE].seen && escalation_stage_parse(o[O_STAGE].zValue) < 0 &&
      opt_choice(c, &o[O_STAGE], azStage, COUNT(azStage), 0) < 0) {
    return EXIT_USAGE;
  }
  int fmt = opt_choice(c, &o[O_FORMAT], azFmt, COUNT(azFmt), 0);
  Date on, asOf;
  if (fmt < 0 || opt_date(c, &o[O_ON], &on) < 0 || opt_date(c, &o[O_ASOF], &asOf) < 0) return EXIT_USAGE;

  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec;
  if (strcmp(zSub, "raise") == 0) ec = do_raise(c, db, o, on);
  else if (strcmp(zSub, "show") == 0) ec = do_show(c, db, id, asOf);
  else if (strcmp(zSub, "list") == 0) ec = do_list(c, db, o, asOf, fmt);
  else if (strcmp(zSub, "weekly") == 0) ec = do_weekly(c, db, asOf, fmt);
  else ec = do_step(c, db, zSub, id, o, on);
  db_close(db);
  return ec;
}
