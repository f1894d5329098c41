/*
** placements.c: episodes of care entered and corrected in Oversight, their
** registration status, and distances from the postcode table (issue 15).
*/
#include "placements.h"
#include "audit.h"
#include "ssda903.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Codes in words (../shared/ssda903/FORMAT.md) ----------------------- */

#define LIST(name, ...)                                     \
  static const CodeWord a_##name[] = {__VA_ARGS__};         \
  const CodeList name = {a_##name, COUNT(a_##name)}

LIST(codesRne,
  {"S", "Started to be looked after"}, {"L", "Change of legal status only"},
  {"P", "Change of placement and carer(s) only"}, {"T", "Change of placement, same carer(s)"},
  {"B", "Change of legal status and of placement and carer(s)"},
  {"U", "Change of legal status and of placement, same carer(s)"});
LIST(codesLegal,
  {"C1", "Interim care order"}, {"C2", "Full care order"}, {"D1", "Freeing order granted"},
  {"E1", "Placement order granted"}, {"J1", "Remanded to local authority or youth detention accommodation"},
  {"J2", "Placed in local authority accommodation under PACE 1984"},
  {"J3", "Youth rehabilitation order with residence or intensive fostering requirement"},
  {"L1", "Police protection, in local authority accommodation"}, {"L2", "Emergency protection order"},
  {"L3", "Child assessment order, in local authority accommodation"},
  {"V2", "Single period of accommodation under section 20"},
  {"V3", "Short breaks, individual episodes recorded"}, {"V4", "Short breaks, agreements recorded"});
LIST(codesCin,
  {"N1", "Abuse or neglect"}, {"N2", "Child's disability"}, {"N3", "Parental illness or disability"},
  {"N4", "Family in acute stress"}, {"N5", "Family dysfunction"}, {"N6", "Socially unacceptable behaviour"},
  {"N7", "Low income"}, {"N8", "Absent parenting"});
LIST(codesPlace,
  {"U1", "Foster placement with relative or friend: long-term"},
  {"U2", "Foster placement with relative or friend: fostering for adoption or concurrent planning"},
  {"U3", "Foster placement with relative or friend: other"},
  {"U4", "Foster placement with other foster carer: long-term"},
  {"U5", "Foster placement with other foster carer: fostering for adoption or concurrent planning"},
  {"U6", "Foster placement with other foster carer: other"},
  {"A3", "Placed for adoption with consent, with current foster carer"},
  {"A4", "Placed for adoption with consent, not with current foster carer"},
  {"A5", "Placed for adoption under a placement order, with current foster carer"},
  {"A6", "Placed for adoption under a placement order, not with current foster carer"},
  {"K1", "Secure children's home"}, {"K2", "Children's home"},
  {"K3", "Supported accommodation (16 to 17)"}, {"H5", "Semi-independent living (before 2025)"},
  {"P1", "Placed with own parent(s) or person with parental responsibility"},
  {"P2", "Independent living (before 2025)"}, {"P3", "Residential employment"},
  {"R1", "Residential care home"}, {"R2", "NHS or health trust establishment"},
  {"R3", "Family centre or mother and baby unit"}, {"R5", "Young offender institution"},
  {"S1", "Residential school"}, {"T0", "Temporary move"}, {"T1", "Temporary period in hospital"},
  {"T2", "Temporary absence on holiday"}, {"T3", "Temporary accommodation while foster carer on holiday"},
  {"T4", "Temporary accommodation of 7 days or less"}, {"Z1", "Other placement (before 2025)"},
  {"Z11", "Other placement (Z11)"}, {"Z12", "Other placement (Z12)"}, {"Z13", "Other placement (Z13)"},
  {"Z14", "Other placement (Z14)"});
LIST(codesProvider,
  {"PR0", "Parent(s) or person with parental responsibility"}, {"PR1", "The council's own provision"},
  {"PR2", "Another local authority's provision"}, {"PR3", "Other public provision"},
  {"PR4", "Private provision"}, {"PR5", "Voluntary or third sector provision"});
LIST(codesRec,
  {"E11", "Adopted, application unopposed"}, {"E12", "Adopted, consent dispensed with"},
  {"E13", "Left care to live with parent, relative or other person without parental responsibility"},
  {"E14", "Accommodation on remand ended"}, {"E15", "Age assessment found the child 18 or over"},
  {"E16", "Child moved abroad"}, {"E17", "Aged 18 or over and stayed with current carers"},
  {"E2", "Died"}, {"E3", "Care taken over by another UK local authority"},
  {"E41", "Residence or child arrangements order granted"},
  {"E45", "Special guardianship order to former foster carer(s): relative or friend"},
  {"E46", "Special guardianship order to former foster carer(s): other"},
  {"E47", "Special guardianship order to other carer(s): relative or friend"},
  {"E48", "Special guardianship order to other carer(s): other"},
  {"E4A", "Returned home as part of care planning"}, {"E4B", "Returned home not as part of care planning"},
  {"E5", "Moved to independent living with formal support"},
  {"E6", "Moved to independent living without formal support"},
  {"E7", "Transferred to adult social care residential care"}, {"E8", "Ceased for any other reason"},
  {"E9", "Sentenced to custody"}, {"X1", "A new episode began the same day"});
LIST(codesPlaceChange,
  {"ALLEG", "Allegation (section 47)"}, {"APPRR", "Approval removed"},
  {"CARPL", "Change to or carrying out of the care plan"}, {"CHILD", "Child asked for the placement to end"},
  {"CLOSE", "Provision resigned or closed"}, {"CREQB", "Carer asked for it to end: child's behaviour"},
  {"CREQO", "Carer asked for it to end: other reason"}, {"CUSTOD", "Custody arrangement"},
  {"LAREQ", "Responsible or area authority asked for it to end"}, {"OTHER", "Other"},
  {"PLACE", "Change in status of placement only"}, {"STAND", "Standards of care concern"});
LIST(codesRegistration,
  {"registered", "Registered"}, {"unregistered", "Unregistered"},
  {"supported", "Unregulated (supported accommodation, 16 to 17)"},
  {"not-applicable", "Not applicable"});

const char *codelist_words(const CodeList *l, const char *zCode) {
  if (!zCode || !*zCode) return "";
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->a[i].zCode, zCode) == 0) return l->a[i].zWords;
  }
  return zCode;
}

int code_valid(const CodeList *l, const char *zCode) {
  if (!zCode) return 0;
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->a[i].zCode, zCode) == 0) return 1;
  }
  return 0;
}

const char *registration_from_input(const char *z) {
  if (!z) return NULL;
  if (!strcmp(z, "registered")) return "registered";
  if (!strcmp(z, "unregistered")) return "unregistered";
  if (!strcmp(z, "unregulated") || !strcmp(z, "supported")) return "supported";
  if (!strcmp(z, "not-applicable")) return "not-applicable";
  return NULL;
}

const char *registration_word(const char *zStored) {
  return zStored && !strcmp(zStored, "supported") ? "unregulated" : zStored ? zStored : "";
}

/* ---- Validation --------------------------------------------------------- */

/* A UK postcode, normalised to "OUTWARD INWARD" upper case into out[9]:
** 1, or 0 when z does not look like one (A9 9AA, A99 9AA, AA9 9AA,
** AA99 9AA, A9A 9AA, AA9A 9AA). */
static int postcode_normal(const char *z, char out[10]) {
  char k[16];
  int n = 0;
  for (; *z; z++) {
    if (*z == ' ') continue;
    if (n == 8 || !isalnum((unsigned char)*z)) return 0;
    k[n++] = (char)toupper((unsigned char)*z);
  }
  if (n < 5 || n > 7) return 0;
  const char *in = k + n - 3;
  if (!isdigit((unsigned char)in[0]) || !isalpha((unsigned char)in[1]) || !isalpha((unsigned char)in[2])) return 0;
  int nOut = n - 3, i = 0;
  if (!isalpha((unsigned char)k[i++])) return 0;
  if (isalpha((unsigned char)k[i])) i++;
  if (i >= nOut || !isdigit((unsigned char)k[i++])) return 0;
  if (i < nOut && !isalnum((unsigned char)k[i])) return 0;
  if (nOut - i > 1) return 0;
  snprintf(out, 10, "%.*s %.3s", nOut, k, in);
  return 1;
}

/* Temporary and "other" placements have no provider (rule 178). */
static int place_has_no_provider(const char *zPlace) {
  static const char *const az[] = {"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"};
  for (int i = 0; i < COUNT(az); i++) {
    if (!strcmp(az[i], zPlace)) return 1;
  }
  return 0;
}

/* An episode's values, as stored or as they will be. */
typedef struct Ep {
  int64_t id;
  char zStart[11], zEnd[11], zRne[2], zLegal[3], zCin[3], zPlace[4], zProvider[4];
  char zPostcode[10], zHome[10], zUrn[16], zReg[16], zEndReason[4], zPlaceChange[8];
} Ep;

static void set(char *z, size_t n, const char *zVal) { snprintf(z, n, "%s", zVal ? zVal : ""); }
#define SET(f, v) set(f, sizeof(f), v)

static int ep_load(Db *db, int64_t childId, int64_t id, Ep *e) {
  Stmt *s = db_query(db,
      "SELECT id, start_date, end_date, rne, legal_status, cin, placement, provider,"
      " placement_postcode, home_postcode, urn, registration, end_reason, reason_place_change"
      " FROM episode WHERE id = ? AND child_id = ?", "II", id, childId);
  int found = db_step(s) == DB_ROW;
  if (found) {
    e->id = db_col_int(s, 0);
    SET(e->zStart, db_col_text(s, 1));
    SET(e->zEnd, db_col_text(s, 2));
    SET(e->zRne, db_col_text(s, 3));
    SET(e->zLegal, db_col_text(s, 4));
    SET(e->zCin, db_col_text(s, 5));
    SET(e->zPlace, db_col_text(s, 6));
    SET(e->zProvider, db_col_text(s, 7));
    SET(e->zPostcode, db_col_text(s, 8));
    SET(e->zHome, db_col_text(s, 9));
    SET(e->zUrn, db_col_text(s, 10));
    SET(e->zReg, db_col_text(s, 11));
    SET(e->zEndReason, db_col_text(s, 12));
    SET(e->zPlaceChange, db_col_text(s, 13));
  }
  db_finalize(s);
  return found;
}

/* Check the fields of e that concern every episode; each error names its
** field in the form's terms. dob is the child's date of birth. */
static void ep_check(const Ep *e, Date dob, Errors *err) {
  Date start = DATE_NONE, end = DATE_NONE;
  char z[24];
  if (!e->zStart[0] || date_parse(e->zStart, &start) != 0) {
    errors_add(err, "start", "Enter the date the episode started as a real date, like 2025-04-01");
  } else if (dob != DATE_NONE && start < dob) {
    errors_add(err, "start", "The start date must be on or after the child's date of birth, %s", date_long(dob, z));
  } else if (dob != DATE_NONE && start >= date_birthday(dob, 18)) {
    errors_add(err, "start", "The start date must be before the child's 18th birthday, %s",
               date_long(date_birthday(dob, 18), z));
  }
  if (!code_valid(&codesRne, e->zRne)) errors_add(err, "rne", "Select the reason for the new episode");
  if (!code_valid(&codesLegal, e->zLegal)) errors_add(err, "legal", "Select the legal status");
  if (!code_valid(&codesCin, e->zCin)) errors_add(err, "cin", "Select the category of need");
  if (!code_valid(&codesPlace, e->zPlace)) errors_add(err, "placement", "Select the placement type");
  if (e->zProvider[0] && !code_valid(&codesProvider, e->zProvider)) {
    errors_add(err, "provider", "Select the placement provider");
  } else if (e->zProvider[0] && place_has_no_provider(e->zPlace)) {
    errors_add(err, "provider", "Leave the placement provider blank for a temporary or other placement");
  } else if (!strcmp(e->zProvider, "PR0") && strcmp(e->zPlace, "P1") != 0) {
    errors_add(err, "provider", "A parent can be the provider only of a placement with parents (P1)");
  }
  if (!registration_from_input(e->zReg)) {
    errors_add(err, "registration", "Select the registration status: registered, unregistered, unregulated or not applicable");
  }
  if (e->zEnd[0]) {
    if (date_parse(e->zEnd, &end) != 0) {
      errors_add(err, "end", "Enter the date the episode ended as a real date, like 2025-04-01");
    } else if (start != DATE_NONE && end < start) {
      errors_add(err, "end", "The end date must be on or after the start date, %s", date_long(start, z));
    }
    if (!code_valid(&codesRec, e->zEndReason)) errors_add(err, "end_reason", "Select why the episode ended");
  } else if (e->zEndReason[0]) {
    errors_add(err, "end", "Enter the date the episode ended, or clear the reason it ended");
  }
  if (e->zPlaceChange[0] && !code_valid(&codesPlaceChange, e->zPlaceChange)) {
    errors_add(err, "place_change", "Select the reason for the placement change");
  }
}

/* Take a postcode field into f (normalised), or add an error naming it. */
static void take_postcode(char f[10], const char *zIn, const char *zField, const char *zWhat, Errors *err) {
  if (!zIn || !*zIn) {
    f[0] = 0;
  } else if (!postcode_normal(zIn, f)) {
    errors_add(err, zField, "Enter the %s as a full UK postcode, like TW1 3AA", zWhat);
    f[0] = 0;
  }
}

static void take_urn(char f[16], const char *zIn, Errors *err) {
  if (!zIn) return;
  int ok = strlen(zIn) <= 10;
  for (const char *z = zIn; ok && *z; z++) ok = isalnum((unsigned char)*z);
  if (!ok) errors_add(err, "urn", "Enter the Ofsted URN as letters and digits (at most 10), or XXXXXXX when it does not apply");
  else set(f, 16, zIn);
}

static Date child_dob(Db *db, int64_t childId) {
  Stmt *s = db_query(db, "SELECT dob FROM child WHERE id = ?", "I", childId);
  Date d = db_step(s) == DB_ROW ? db_col_date(s, 0) : DATE_NONE;
  db_finalize(s);
  return d;
}

/* ---- Writing ------------------------------------------------------------- */

static int audit_field(Db *db, const char *zActor, const char *zAction, const char *zRec, int64_t epId,
                       const char *zField, const char *zBefore, const char *zAfter) {
  char *zB = zBefore ? xmprintf("episode %lld %s: %s", (long long)epId, zField, zBefore[0] ? zBefore : "(blank)") : NULL;
  char *zA = xmprintf("episode %lld %s: %s", (long long)epId, zField, zAfter[0] ? zAfter : "(blank)");
  int rc = audit_write(db, zActor, zAction, zRec, zB, zA, NULL);
  free(zB);
  free(zA);
  return rc;
}

/* The fields of an episode in the order the audit log lists them. */
#define EP_FIELDS(X)                                              \
  X("start date", zStart) X("reason for new episode", zRne)       \
  X("legal status", zLegal) X("category of need", zCin)           \
  X("placement type", zPlace) X("provider", zProvider)            \
  X("placement postcode", zPostcode) X("home postcode", zHome)    \
  X("URN", zUrn) X("registration", zReg) X("end date", zEnd)      \
  X("reason ended", zEndReason) X("reason for placement change", zPlaceChange)

static int ep_insert(Db *db, int64_t childId, const Ep *e, int64_t *pId) {
  Stmt *s = db_query(db,
      "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider,"
      " registration, home_postcode, placement_postcode, urn) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      "Isssssssss" "s", childId, e->zStart, e->zRne, e->zLegal, e->zCin, e->zPlace,
      e->zProvider[0] ? e->zProvider : NULL, e->zReg, e->zHome[0] ? e->zHome : NULL,
      e->zPostcode[0] ? e->zPostcode : NULL, e->zUrn[0] ? e->zUrn : NULL);
  int rc = db_step(s) == DB_ROW ? DB_OK : DB_ERROR;
  if (rc == DB_OK) *pId = db_col_int(s, 0);
  db_finalize(s);
  return rc;
}

static int ep_update(Db *db, const Ep *e) {
  return db_exec(db,
      "UPDATE episode SET start_date=?, rne=?, legal_status=?, cin=?, placement=?, provider=?,"
      " placement_postcode=?, home_postcode=?, urn=?, registration=?, end_date=?, end_reason=?,"
      " reason_place_change=? WHERE id=?",
      "sssssssssssssI", e->zStart, e->zRne, e->zLegal, e->zCin, e->zPlace,
      e->zProvider[0] ? e->zProvider : NULL, e->zPostcode[0] ? e->zPostcode : NULL,
      e->zHome[0] ? e->zHome : NULL, e->zUrn[0] ? e->zUrn : NULL, e->zReg,
      e->zEnd[0] ? e->zEnd : NULL, e->zEndReason[0] ? e->zEndReason : NULL,
      e->zPlaceChange[0] ? e->zPlaceChange : NULL, e->id);
}

/* The child's latest episode (by start date) into *e: 1, or 0 if none. */
static int ep_latest(Db *db, int64_t childId, Ep *e) {
  int64_t id = db_int(db, 0, "SELECT id FROM episode WHERE child_id = ? ORDER BY start_date DESC LIMIT 1", "I", childId);
  return id && ep_load(db, childId, id, e);
}

/* Say why a write failed, in the field it most likely concerns. */
static void write_failed(Db *db, Errors *err, const char *zField, const char *zWhat) {
  if (db_err_is_constraint(db)) errors_add(err, zField, "%s: the database refused it (%s)", zWhat, db_errmsg(db));
  else errors_add(err, zField, "%s: %s", zWhat, db_errmsg(db));
}

int64_t placement_start(Db *db, int64_t childId, const PlacementInput *in, const char *zActor, Errors *err) {
  Ep e;
  memset(&e, 0, sizeof e);
  SET(e.zStart, in->zStart);
  SET(e.zRne, in->zRne);
  SET(e.zLegal, in->zLegal);
  SET(e.zCin, in->zCin);
  SET(e.zPlace, in->zPlacement);
  SET(e.zProvider, in->zProvider);
  const char *zReg = in->zRegistration && *in->zRegistration ? in->zRegistration : "registered";
  SET(e.zReg, registration_from_input(zReg) ? registration_from_input(zReg) : zReg);
  take_postcode(e.zPostcode, in->zPostcode, "postcode", "placement postcode", err);
  take_postcode(e.zHome, in->zHomePostcode, "home_postcode", "home postcode", err);
  take_urn(e.zUrn, in->zUrn, err);
  Date dob = child_dob(db, childId);
  if (dob == DATE_NONE) {
    errors_add(err, "child", "There is no such child");
    return 0;
  }
  ep_check(&e, dob, err);

  Ep prev;
  int hasPrev = ep_latest(db, childId, &prev);
  int prevOpen = hasPrev && !prev.zEnd[0];
  /* The child's home does not move with the placement: unless told
  ** otherwise, it is the one the last episode recorded. */
  if (hasPrev && (!in->zHomePostcode || !*in->zHomePostcode)) SET(e.zHome, prev.zHome);
  if (!errors_for(err, "start") && hasPrev) {
    char z[24];
    Date dPrev = DATE_NONE, dStart = DATE_NONE;
    date_parse(prev.zStart, &dPrev);
    date_parse(e.zStart, &dStart);
    if (dStart <= dPrev) {
      errors_add(err, "start", "The start date must be after the start of the child's latest episode, %s: "
                 "correct that episode instead", date_long(dPrev, z));
    } else if (!prevOpen) {
      Date dEnd = DATE_NONE;
      date_parse(prev.zEnd, &dEnd);
      if (dStart < dEnd) errors_add(err, "start", "The start date must be on or after the day care last ended, %s", date_long(dEnd, z));
    }
  }
  /* A new period of care starts with S, and only a new period does. */
  if (!errors_for(err, "rne") && !errors_for(err, "start")) {
    if (prevOpen && !strcmp(e.zRne, "S")) {
      errors_add(err, "rne", "The child is already looked after: choose what changed, not 'started to be looked after'");
    } else if (!prevOpen && strcmp(e.zRne, "S") != 0 && !(hasPrev && !strcmp(prev.zEnd, e.zStart))) {
      errors_add(err, "rne", "The child is not looked after now: a new period of care starts with 'started to be looked after'");
    }
  }
  if (err->n) return 0;

  char *zRec = child_record_name(db, childId);
  int64_t id = 0;
  int rc = db_begin(db);
  if (rc == DB_OK && prevOpen) {
    /* SSDA903: an episode ends the day the next begins, with X1. */
    rc = db_exec(db, "UPDATE episode SET end_date = ?, end_reason = 'X1' WHERE id = ?", "sI", e.zStart, prev.id);
    if (rc == DB_OK) rc = audit_field(db, zActor, "episode.end", zRec, prev.id, "end date", "", e.zStart);
    if (rc == DB_OK) rc = audit_field(db, zActor, "episode.end", zRec, prev.id, "reason ended", "", "X1");
  }
  if (rc == DB_OK) rc = ep_insert(db, childId, &e, &id);
  if (rc == DB_OK) rc = placements_derive(db, id);
#define AUDIT_NEW(label, f) \
  if (rc == DB_OK && e.f[0]) rc = audit_field(db, zActor, "episode.add", zRec, id, label, NULL, e.f);
  EP_FIELDS(AUDIT_NEW)
#undef AUDIT_NEW
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    write_failed(db, err, "start", "Could not save the episode");
    id = 0;
  }
  free(zRec);
  return id;
}

int placement_end(Db *db, int64_t childId, const char *zOn, const char *zReason, const char *zActor, Errors *err) {
  Ep e;
  if (!ep_latest(db, childId, &e) || e.zEnd[0]) {
    errors_add(err, "end", "The child is not looked after now: there is no open episode to end");
    return -1;
  }
  Date on = DATE_NONE, start = DATE_NONE;
  char z[24];
  date_parse(e.zStart, &start);
  if (!zOn || date_parse(zOn, &on) != 0) errors_add(err, "end", "Enter the date care ended as a real date, like 2025-04-01");
  else if (on < start) errors_add(err, "end", "The date care ended must be on or after the episode started, %s", date_long(start, z));
  if (!zReason || !code_valid(&codesRec, zReason)) errors_add(err, "end_reason", "Select why care ended");
  else if (!strcmp(zReason, "X1")) errors_add(err, "end_reason", "'A new episode began the same day' is not a reason care ended: start a new episode instead");
  if (err->n) return -1;
  char *zRec = child_record_name(db, childId);
  int rc = db_begin(db);
  if (rc == DB_OK) rc = db_exec(db, "UPDATE episode SET end_date = ?, end_reason = ? WHERE id = ?", "ssI", zOn, zReason, e.id);
  if (rc == DB_OK) rc = audit_field(db, zActor, "episode.end", zRec, e.id, "end date", "", zOn);
  if (rc == DB_OK) rc = audit_field(db, zActor, "episode.end", zRec, e.id, "reason ended", "", zReason);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zRec);
  if (rc != DB_OK) {
    write_failed(db, err, "end", "Could not end care");
    return -1;
  }
  return 0;
}

int placement_edit(Db *db, int64_t childId, int64_t episodeId, const PlacementInput *in,
                   const char *zActor, Errors *err, int *pnChanged) {
  Ep old, e;
  if (pnChanged) *pnChanged = 0;
  if (!ep_load(db, childId, episodeId, &old)) {
    errors_add(err, "episode", "This child has no episode %lld", (long long)episodeId);
    return -1;
  }
  e = old;
  if (in->zStart) SET(e.zStart, in->zStart);
  if (in->zRne) SET(e.zRne, in->zRne);
  if (in->zLegal) SET(e.zLegal, in->zLegal);
  if (in->zCin) SET(e.zCin, in->zCin);
  if (in->zPlacement) SET(e.zPlace, in->zPlacement);
  if (in->zProvider) SET(e.zProvider, in->zProvider);
  if (in->zRegistration) {
    const char *z = registration_from_input(in->zRegistration);
    SET(e.zReg, z ? z : in->zRegistration);
  }
  if (in->zEnd) SET(e.zEnd, in->zEnd);
  if (in->zEndReason) SET(e.zEndReason, in->zEndReason);
  if (in->zPlaceChange) SET(e.zPlaceChange, in->zPlaceChange);
  if (in->zPostcode) take_postcode(e.zPostcode, in->zPostcode, "postcode", "placement postcode", err);
  if (in->zHomePostcode) take_postcode(e.zHome, in->zHomePostcode, "home_postcode", "home postcode", err);
  if (in->zUrn) {
    if (*in->zUrn) take_urn(e.zUrn, in->zUrn, err);
    else e.zUrn[0] = 0;
  }
  ep_check(&e, child_dob(db, childId), err);
  /* Episodes of a child may touch but never overlap. */
  if (!errors_for(err, "start") && !errors_for(err, "end")) {
    int64_t n = db_int(db, 0,
        "SELECT count(*) FROM episode WHERE child_id = ? AND id <> ?"
        " AND start_date < coalesce(?, '9999-12-31') AND coalesce(end_date, '9999-12-31') > ?",
        "IIss", childId, episodeId, e.zEnd[0] ? e.zEnd : NULL, e.zStart);
    if (n) errors_add(err, "start", "These dates overlap another episode of the child: correct that one first");
  }
  if (err->n) return -1;

  char *zRec = child_record_name(db, childId);
  int rc = db_begin(db), n = 0;
  if (rc == DB_OK) rc = ep_update(db, &e);
  if (rc == DB_OK) rc = placements_derive(db, e.id);
#define AUDIT_CHANGE(label, f)                                                              \
  if (rc == DB_OK && strcmp(old.f, e.f) != 0) {                                               \
    rc = audit_field(db, zActor, "episode.correct", zRec, e.id, label, old.f, e.f);           \
    n++;                                                                                     \
  }
  EP_FIELDS(AUDIT_CHANGE)
#undef AUDIT_CHANGE
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zRec);
  if (rc != DB_OK) {
    write_failed(db, err, "start", "Could not save the correction");
    return -1;
  }
  if (pnChanged) *pnChanged = n;
  return 0;
}

/* ---- Distances ------------------------------------------------------------ */

char *council_la_code(Db *db) {
  Stmt *s = db_query(db, "SELECT value FROM setting WHERE name = 'la_code'", "");
  char *z = xstrdup(db_step(s) == DB_ROW ? db_col_text(s, 0) : "");
  db_finalize(s);
  return z;
}

typedef struct Derived { int64_t id; double miles; int inArea; } Derived;

int placements_derive(Db *db, int64_t episodeId) {
  char *zLa = council_la_code(db);
  /* Postcodes are stored as typed (with their space); the table keys them
  ** upper-cased without spaces, as the peer compares them. */
  Stmt *s = db_query(db,
      "SELECT e.id, h.east, h.north, p.east, p.north, p.laua, e.distance_miles, e.in_area"
      " FROM episode e"
      " LEFT JOIN postcode h ON h.pcd = upper(replace(e.home_postcode, ' ', ''))"
      " LEFT JOIN postcode p ON p.pcd = upper(replace(e.placement_postcode, ' ', ''))"
      " WHERE ? = 0 OR e.id = ?", "II", episodeId, episodeId);
  Derived *a = NULL;
  size_t n = 0, cap = 0;
  int rc;
  while ((rc = db_step(s)) == DB_ROW) {
    Derived d = {db_col_int(s, 0), NAN, -1};
    if (!db_col_is_null(s, 1) && !db_col_is_null(s, 2) && !db_col_is_null(s, 3) && !db_col_is_null(s, 4)) {
      d.miles = postcode_miles((int32_t)db_col_int(s, 1), (int32_t)db_col_int(s, 2),
                               (int32_t)db_col_int(s, 3), (int32_t)db_col_int(s, 4));
    }
    const char *zLoc = zLa[0] ? postcode_location(db_col_text(s, 5), zLa) : "";
    if (zLoc[0]) d.inArea = !strcmp(zLoc, "IN");
    /* Only rows whose figures change are written: a reload of the same
    ** table need not touch (nor invalidate) a million pages. */
    int oldNull = db_col_is_null(s, 6);
    double old = db_col_double(s, 6);
    int oldIn = db_col_is_null(s, 7) ? -1 : (int)db_col_int(s, 7);
    if ((isnan(d.miles) ? !oldNull : oldNull || old != d.miles) || oldIn != d.inArea) {
      if (n == cap) a = xrealloc(a, (cap = cap ? cap * 2 : 64) * sizeof *a);
      a[n++] = d;
    }
  }
  db_finalize(s);
  free(zLa);
  if (rc == DB_ERROR) {
    free(a);
    return DB_ERROR;
  }
  for (size_t i = 0; i < n && rc != DB_ERROR; i++) {
    Stmt *u = db_prepare(db, "UPDATE episode SET distance_miles = ?, in_area = ? WHERE id = ?");
    if (isnan(a[i].miles)) db_bind_null(u, 1);
    else db_bind_double(u, 1, a[i].miles);
    db_bind_bool3(u, 2, a[i].inArea);
    db_bind_int(u, 3, a[i].id);
    rc = db_step(u);
    db_finalize(u);
  }
  free(a);
  return rc == DB_ERROR ? DB_ERROR : DB_OK;
}

int postcodes_store(Db *db, const char *zPath, const char *zLa, const char *zActor, Buf *pOut, Buf *pErr) {
  if (zLa && (!*zLa || strlen(zLa) > 15)) {
    buf_printf(pErr, "--la: the council's code must be its ONS code, like E09000027\n");
    return -1;
  }
  Postcodes903 *p = postcodes903_load(zPath, pErr);
  if (!p) return -1;
  uint32_t nPc = postcodes903_count(p);
  int rc = db_begin(db);
  char *zOldLa = council_la_code(db);
  int64_t nOld = db_int(db, 0, "SELECT count(*) FROM postcode", "");
  if (rc == DB_OK) rc = db_exec(db, "DELETE FROM postcode", "");
  Stmt *ins = rc == DB_OK ? db_prepare(db, "INSERT INTO postcode(pcd, east, north, laua) VALUES(?, ?, ?, ?)") : NULL;
  for (uint32_t i = 0; ins && i < nPc && rc == DB_OK; i++) {
    char zKey[9];
    int32_t east = 0, north = 0;
    const char *zLaua;
    int hasGrid = postcodes903_entry(p, i, zKey, &east, &north, &zLaua);
    db_reset(ins);
    db_bind_text(ins, 1, zKey);
    if (hasGrid) {
      db_bind_int(ins, 2, east);
      db_bind_int(ins, 3, north);
    } else {
      db_bind_null(ins, 2);
      db_bind_null(ins, 3);
    }
    db_bind_text(ins, 4, zLaua[0] ? zLaua : NULL);
    if (db_step(ins) == DB_ERROR) rc = DB_ERROR;
  }
  if (ins) db_finalize(ins);
  if (rc == DB_OK && zLa) {
    rc = db_exec(db, "INSERT INTO setting(name, value) VALUES('la_code', ?)"
                     " ON CONFLICT(name) DO UPDATE SET value = excluded.value", "s", zLa);
  }
  if (rc == DB_OK) rc = placements_derive(db, 0);
  int64_t nDist = db_int(db, 0, "SELECT count(*) FROM episode WHERE distance_miles IS NOT NULL", "");
  int64_t nArea = db_int(db, 0, "SELECT count(*) FROM episode WHERE in_area IS NOT NULL", "");
  int64_t nEp = db_int(db, 0, "SELECT count(*) FROM episode", "");
  char *zBefore = xmprintf("%lld postcodes, council %s", (long long)nOld, zOldLa[0] ? zOldLa : "not set");
  char *zAfter = xmprintf("%lu postcodes from %s, council %s", (unsigned long)nPc, zPath,
                          zLa ? zLa : zOldLa[0] ? zOldLa : "not set");
  if (rc == DB_OK) rc = audit_write(db, zActor, "postcodes.load", "postcodes", zBefore, zAfter, NULL);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  postcodes903_free(p);
  free(zBefore);
  free(zAfter);
  if (rc != DB_OK) {
    buf_printf(pErr, "could not load the postcode table: %s\n", db_errmsg(db));
    free(zOldLa);
    return -1;
  }
  buf_printf(pOut, "%lu postcodes loaded. Of %lld episodes, %lld have a distance from home and %lld an area%s.\n",
             (unsigned long)nPc, (long long)nEp, (long long)nDist, (long long)nArea,
             zLa || zOldLa[0] ? "" : " (no council code: give --la CODE to know in or out of area)");
  free(zOldLa);
  return 0;
}
