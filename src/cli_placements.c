/*
** cli_placements.c: `oversight episode ...` and `oversight postcodes load`
** (issue 15). The work is placements.c's; these parse and report.
*/
#include "audit.h"
#include "children.h"
#include "cli.h"
#include "placements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors name the form's fields; on the command line, the option. */
static void print_field_errors(const Cmd *c, const Errors *e, int ending) {
  static const char *const azMap[][2] = {
    {"start", "--start"}, {"rne", "--rne"}, {"legal", "--legal"}, {"cin", "--cin"},
    {"placement", "--placement"}, {"provider", "--provider"}, {"postcode", "--postcode"},
    {"home_postcode", "--home-postcode"}, {"urn", "--urn"}, {"registration", "--registration"},
    {"end", "--end"}, {"end_reason", "--end-reason"}, {"place_change", "--place-change"},
  };
  for (int i = 0; i < e->n; i++) {
    const char *zField = e->a[i].zField;
    if (ending && !strcmp(zField, "end")) zField = "--on";
    else if (ending && !strcmp(zField, "end_reason")) zField = "--reason";
    else {
      for (int k = 0; k < COUNT(azMap); k++) {
        if (!strcmp(azMap[k][0], zField)) zField = azMap[k][1];
      }
    }
    fprintf(stderr, "oversight %s: %s: %s\n", c->zName, zField, e->a[i].zMsg);
  }
}

static int64_t child_or_fail(const Cmd *c, Db *db, const char *zRef) {
  int64_t id = child_id_for_ref(db, zRef);
  if (!id) failure(c, "there is no child with ID %s", zRef);
  return id;
}

int cmd_episode(int argc, char **argv) {
  const Cmd *c = cmd_find("episode");
  enum { O_START, O_RNE, O_LEGAL, O_CIN, O_PLACE, O_PROVIDER, O_PC, O_HOME, O_URN, O_REG,
         O_END, O_END_REASON, O_PLACE_CHANGE, O_ON, O_REASON, O_N };
  Opt opts[O_N] = {
    [O_START] = {"--start", 1, NULL, 0}, [O_RNE] = {"--rne", 1, NULL, 0},
    [O_LEGAL] = {"--legal", 1, NULL, 0}, [O_CIN] = {"--cin", 1, NULL, 0},
    [O_PLACE] = {"--placement", 1, NULL, 0}, [O_PROVIDER] = {"--provider", 1, NULL, 0},
    [O_PC] = {"--postcode", 1, NULL, 0}, [O_HOME] = {"--home-postcode", 1, NULL, 0},
    [O_URN] = {"--urn", 1, NULL, 0}, [O_REG] = {"--registration", 1, NULL, 0},
    [O_END] = {"--end", 1, NULL, 0}, [O_END_REASON] = {"--end-reason", 1, NULL, 0},
    [O_PLACE_CHANGE] = {"--place-change", 1, NULL, 0},
    [O_ON] = {"--on", 1, NULL, 0}, [O_REASON] = {"--reason", 1, NULL, 0},
  };
  char *aPos[3];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 3, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos < 2) return usage_error(c, "expected: add|end|edit|mark|unmark CHILD");
  const char *zVerb = aPos[0];
  int add = !strcmp(zVerb, "add"), end = !strcmp(zVerb, "end"), edit = !strcmp(zVerb, "edit");
  int mark = !strcmp(zVerb, "mark"), unmark = !strcmp(zVerb, "unmark");
  if (!add && !end && !edit && !mark && !unmark) return usage_error(c, "unknown action \"%s\": add, end, edit, mark or unmark", zVerb);
  if (edit && nPos != 3) return usage_error(c, "expected: edit CHILD EPISODE_ID [options]");
  if ((add || end) && nPos != 2) return usage_error(c, "expected: %s CHILD [options]", zVerb);
  /* Options that do not belong to the action are a mistake, not ignored. */
  for (int i = 0; i < O_N; i++) {
    if (!opts[i].seen) continue;
    int ok = end ? (i == O_ON || i == O_REASON)
           : (add || edit) ? (i != O_ON && i != O_REASON && (edit || (i != O_END && i != O_END_REASON && i != O_PLACE_CHANGE)))
           : unmark && i == O_REG;
    if (!ok) return usage_error(c, "%s does not apply to episode %s", opts[i].zName, zVerb);
  }
  if (add) {
    static const int aNeed[] = {O_START, O_RNE, O_LEGAL, O_CIN, O_PLACE};
    for (int k = 0; k < COUNT(aNeed); k++) {
      if (!opts[aNeed[k]].seen) return usage_error(c, "%s is required for episode add", opts[aNeed[k]].zName);
    }
  }
  if (end && (!opts[O_ON].seen || !opts[O_REASON].seen)) return usage_error(c, "episode end needs --on DATE and --reason CODE");
  int64_t epId = 0;
  if (nPos == 3) {
    long v;
    if (parse_int(aPos[2], 1, 0x7fffffffL, &v)) return usage_error(c, "EPISODE_ID must be a number, not \"%s\"", aPos[2]);
    epId = v;
  }
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  int ec = EXIT_OK;
  int64_t childId = child_or_fail(c, db, aPos[1]);
  if (!childId) {
    db_close(db);
    return EXIT_FAIL;
  }
  Errors e = {0};
  PlacementInput in = {0};
  in.zStart = opts[O_START].zValue;
  in.zRne = opts[O_RNE].zValue;
  in.zLegal = opts[O_LEGAL].zValue;
  in.zCin = opts[O_CIN].zValue;
  in.zPlacement = opts[O_PLACE].zValue;
  in.zProvider = opts[O_PROVIDER].zValue;
  in.zPostcode = opts[O_PC].zValue;
  in.zHomePostcode = opts[O_HOME].zValue;
  in.zUrn = opts[O_URN].zValue;
  in.zRegistration = opts[O_REG].zValue;
  in.zEnd = opts[O_END].zValue;
  in.zEndReason = opts[O_END_REASON].zValue;
  in.zPlaceChange = opts[O_PLACE_CHANGE].zValue;
  if (add) {
    int64_t id = placement_start(db, childId, &in, audit_cli_actor(), &e);
    if (id) printf("Episode %lld of %s started on %s.\n", (long long)id, aPos[1], in.zStart);
  } else if (end) {
    if (placement_end(db, childId, opts[O_ON].zValue, opts[O_REASON].zValue, audit_cli_actor(), &e) == 0) {
      printf("Care of %s ended on %s (%s).\n", aPos[1], opts[O_ON].zValue, codelist_words(&codesRec, opts[O_REASON].zValue));
    }
  } else {
    if ((mark || unmark) && !epId) {
      /* The placement now: the child's latest episode. */
      epId = db_int(db, 0, "SELECT id FROM episode WHERE child_id = ? ORDER BY start_date DESC LIMIT 1", "I", childId);
      if (!epId) errors_add(&e, "episode", "%s has no episode to mark", aPos[1]);
    }
    if (mark) in.zRegistration = "unregistered";
    if (unmark && !in.zRegistration) in.zRegistration = "registered";
    int n = 0;
    if (!e.n && placement_edit(db, childId, epId, &in, audit_cli_actor(), &e, &n) == 0) {
      if (mark || unmark) printf("Episode %lld of %s is now %s.\n", (long long)epId, aPos[1], registration_word(registration_from_input(in.zRegistration)));
      else printf("Episode %lld of %s: %d field%s corrected.\n", (long long)epId, aPos[1], n, n == 1 ? "" : "s");
    }
  }
  if (e.n) {
    print_field_errors(c, &e, end);
    ec = EXIT_FAIL;
  }
  db_close(db);
  return ec;
}

int cmd_postcodes(int argc, char **argv) {
  const Cmd *c = cmd_find("postcodes");
  enum { O_LA, O_N };
  Opt opts[O_N] = {[O_LA] = {"--la", 1, NULL, 0}};
  char *aPos[2];
  int nPos, rc = parse_args(c, argc, argv, opts, O_N, aPos, 2, &nPos);
  if (rc) return rc < 0 ? EXIT_USAGE : EXIT_OK;
  if (nPos != 2 || strcmp(aPos[0], "load") != 0) return usage_error(c, "expected: load FILE [--la CODE]");
  Db *db = open_db(c);
  if (!db) return EXIT_FAIL;
  Buf out = {0}, err = {0};
  int ec = EXIT_OK;
  if (postcodes_store(db, aPos[1], opts[O_LA].zValue, audit_cli_actor(), &out, &err) == 0) {
    fputs(out.z ? out.z : "", stdout);
  } else {
    fputs(err.z ? err.z : "", stderr);
    ec = failure(c, "nothing was loaded");
  }
  buf_free(&out);
  buf_free(&err);
  db_close(db);
  return ec;
}
