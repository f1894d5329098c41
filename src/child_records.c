/*
** child_records.c: a child's own details, sibling groups, care
** notifications and the children CSV (child_records.h).
*/
#include "child_records.h"
#include "audit.h"
#include "csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const child_record_column[CR_N] = {
  "child_ref", "given_name", "family_name", "dob", "sex", "ethnicity", "uasc", "disability", "sen", "locality",
};

const CodeWords child_ethnicity[] = {
  {"WBRI", "White British"},
  {"WIRI", "White Irish"},
  {"WIRT", "Traveller of Irish heritage"},
  {"WROM", "Gypsy or Roma"},
  {"WOTH", "Any other White background"},
  {"MWBC", "White and Black Caribbean"},
  {"MWBA", "White and Black African"},
  {"MWAS", "White and Asian"},
  {"MOTH", "Any other mixed background"},
  {"AIND", "Indian"},
  {"APKN", "Pakistani"},
  {"ABAN", "Bangladeshi"},
  {"AOTH", "Any other Asian background"},
  {"BCRB", "Black Caribbean"},
  {"BAFR", "Black African"},
  {"BOTH", "Any other Black background"},
  {"CHNE", "Chinese"},
  {"OOTH", "Any other ethnic group"},
  {"REFU", "Refused to say"},
  {"NOBT", "Information not yet obtained"},
};
const int child_n_ethnicity = COUNT(child_ethnicity);

const CodeWords child_sen[] = {
  {"none", "No special educational needs"},
  {"support", "SEN support"},
  {"ehcp", "Education, health and care plan (EHCP)"},
};
const int child_n_sen = COUNT(child_sen);

const char *code_words(const CodeWords *a, int n, const char *zCode) {
  for (int i = 0; i < n; i++) {
    if (strcmp(a[i].zCode, zCode) == 0) return a[i].zWords;
  }
  return zCode;
}

static int in_codes(const CodeWords *a, int n, const char *z) {
  for (int i = 0; i < n; i++) {
    if (strcmp(a[i].zCode, z) == 0) return 1;
  }
  return 0;
}

int child_record_set(ChildRecord *r, int i, const char *z) {
  if (!z) z = "";
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) n--;
  if (n >= CR_MAX) {
    r->az[i][0] = 0;
    return -1;
  }
  memcpy(r->az[i], z, n);
  r->az[i][n] = 0;
  return 0;
}

int child_record_load(Db *db, int64_t id, ChildRecord *r) {
  Stmt *s = db_query(db,
      "SELECT c.child_ref, c.given_name, c.family_name, c.dob, c.sex, c.ethnicity, c.uasc,"
      " c.disability, c.sen, l.name FROM child c LEFT JOIN locality l ON l.id = c.locality_id"
      " WHERE c.id = ?", "I", id);
  int found = db_step(s) == DB_ROW;
  if (found) {
    for (int i = 0; i < CR_N; i++) child_record_set(r, i, db_col_text(s, i));
    child_record_set(r, CR_UASC, db_col_int(s, 6) ? "yes" : "no");
    int dis = db_col_bool3(s, 7);
    child_record_set(r, CR_DISABILITY, dis < 0 ? "" : dis ? "yes" : "no");
  }
  db_finalize(s);
  return found;
}

/* A date of birth as YYYY-MM-DD or as a spreadsheet in the UK writes it,
** dd/mm/yyyy: 0 and *out; 1 when it is shaped like a date but no day of
** the calendar (31/02/2010); -1 when it is not a date at all. dd/mm/yyyy
** only when dmy: a spreadsheet opened and saved in Excel rewrites dates
** that way, but nothing else should. */
static int parse_dob(const char *z, int dmy, Date *out) {
  int y, m, d, n = 0;
  char c1, c2;
  if (sscanf(z, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && z[n] == 0 && n == 10) {
    /* already y, m, d */
  } else if (dmy && sscanf(z, "%2d%c%2d%c%4d%n", &d, &c1, &m, &c2, &y, &n) == 5 && z[n] == 0 && c1 == '/' &&
             c2 == '/' && n >= 8) {
    /* d/m/y */
  } else {
    return -1;
  }
  for (const char *p = z; *p; p++) {
    if (!isdigit((unsigned char)*p) && *p != '-' && *p != '/') return -1;
  }
  if (y < 1900 || y > 2199 || !date_valid_ymd(y, m, d)) return 1;
  *out = date_from_ymd(y, m, d);
  return 0;
}

/* An error on field i: the column and the value for an import, the
** form's words otherwise. */
#define ERR(i, zCsv, zWeb, ...)                                                         \
  do {                                                                                  \
    if (csv) errors_add(err, child_record_column[i], "%s '%s' " zCsv, child_record_column[i], r->az[i]); \
    else errors_add(err, child_record_column[i], zWeb, ##__VA_ARGS__);                   \
  } while (0)

static int printable(const char *z) {
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) return 0;
  }
  return 1;
}

void child_record_check(Db *db, ChildRecord *r, int64_t selfId, Date today, int csv,
                        int newLocality, Errors *err) {
  const char *zRef = r->az[CR_REF];
  if (!*zRef) {
    if (csv) errors_add(err, "child_ref", "child_ref is empty");
    else errors_add(err, "child_ref", "Enter the child's ID");
  } else if (strlen(zRef) > 10) {
    ERR(CR_REF, "is longer than 10 characters, the SSDA903 limit", "The child's ID must be 10 characters or fewer");
  } else if (!printable(zRef)) {
    ERR(CR_REF, "holds a tab or line break", "The child's ID must not hold a tab or line break");
  } else if (strchr(zRef, '/')) {
    /* The web server decodes a page's address before routing, so a "/" in
    ** an ID would split it into two parts of the address: no page could
    ** show the child. */
    ERR(CR_REF, "holds a /, which a child's ID cannot", "The child's ID cannot hold a /");
  } else if (!selfId) {
    int64_t other = child_id_for_ref(db, zRef);
    if (other) ERR(CR_REF, "is already a child's ID", "A child with ID %s already exists", zRef);
  }
  static const char *const azNameWeb[] = {"first name", "last name"};
  for (int k = 0; k < 2; k++) {
    int i = k ? CR_FAMILY : CR_GIVEN;
    if (!*r->az[i]) {
      if (csv) errors_add(err, child_record_column[i], "%s is empty", child_record_column[i]);
      else errors_add(err, child_record_column[i], "Enter the child's %s", azNameWeb[k]);
    } else if (strlen(r->az[i]) > 100) {
      ERR(i, "is longer than 100 characters", "The child's %s must be 100 characters or fewer", azNameWeb[k]);
    } else if (!printable(r->az[i])) {
      ERR(i, "holds a tab or line break", "The child's %s must not hold a tab or line break", azNameWeb[k]);
    }
  }
  Date dob;
  int pd = *r->az[CR_DOB] ? parse_dob(r->az[CR_DOB], csv, &dob) : 2;
  if (pd == 2) {
    if (csv) errors_add(err, "dob", "dob is empty: enter the date of birth as YYYY-MM-DD");
    else errors_add(err, "dob", "Enter the child's date of birth");
  } else if (pd < 0) {
    ERR(CR_DOB, "is not a date: write it as YYYY-MM-DD", "Date of birth must be a real date, like 2015-03-27");
  } else if (pd > 0) {
    ERR(CR_DOB, "is not a real date", "Date of birth must be a real date");
  } else if (dob > today) {
    ERR(CR_DOB, "is in the future", "Date of birth must be today or in the past");
  } else if (date_age(dob, today) >= 25) {
    /* Oversight holds children in care and care leavers, who are under 25:
    ** an older date of birth is a mistyped year. */
    ERR(CR_DOB, "is 25 or more years ago: check the year", "Date of birth must be less than 25 years ago: check the year");
  } else {
    date_iso(dob, r->az[CR_DOB]);
  }
  const char *z = r->az[CR_SEX];
  if (strcmp(z, "M") != 0 && strcmp(z, "F") != 0 && strcmp(z, "U") != 0) {
    if (!*z && csv) errors_add(err, "sex", "sex is empty: it must be M, F or U");
    else ERR(CR_SEX, "must be M, F or U", "Select the child's sex");
  }
  z = r->az[CR_ETHNICITY];
  if (*z && !in_codes(child_ethnicity, child_n_ethnicity, z)) {
    ERR(CR_ETHNICITY, "is not a DfE ethnicity code, like WBRI", "Select the child's ethnicity from the list");
  }
  /* Not being an asylum-seeking child is the ordinary case: empty is no. */
  if (!*r->az[CR_UASC]) child_record_set(r, CR_UASC, "no");
  if (strcmp(r->az[CR_UASC], "yes") != 0 && strcmp(r->az[CR_UASC], "no") != 0) {
    ERR(CR_UASC, "must be yes or no", "Select whether the child is an unaccompanied asylum-seeking child");
  }
  z = r->az[CR_DISABILITY];
  if (*z && strcmp(z, "yes") != 0 && strcmp(z, "no") != 0) {
    ERR(CR_DISABILITY, "must be yes, no or empty (not recorded)", "Select whether the child has a disability");
  }
  z = r->az[CR_SEN];
  if (*z && !in_codes(child_sen, child_n_sen, z)) {
    ERR(CR_SEN, "must be none, support, ehcp or empty", "Select the child's special educational needs");
  }
  z = r->az[CR_LOCALITY];
  if (*z && !newLocality && !db_int(db, 0, "SELECT id FROM locality WHERE name = ?", "s", z)) {
    ERR(CR_LOCALITY, "is not a locality: add it first (oversight locality add)",
        "Select a locality from the list");
  }
}

static int64_t locality_for(Db *db, const char *zName, int create) {
  if (!*zName) return 0;
  int64_t id = db_int(db, 0, "SELECT id FROM locality WHERE name = ?", "s", zName);
  if (id || !create) return id;
  Stmt *s = db_query(db, "INSERT INTO locality(name) VALUES(?) RETURNING id", "s", zName);
  if (db_step(s) == DB_ROW) id = db_col_int(s, 0);
  db_finalize(s);
  return id;
}

/* Write r into child id's row (id 0: a new row); the new id or 0. */
static int64_t write_row(Db *db, int64_t id, const ChildRecord *r, int64_t loc) {
  const char *zEth = r->az[CR_ETHNICITY][0] ? r->az[CR_ETHNICITY] : NULL;
  const char *zSen = r->az[CR_SEN][0] ? r->az[CR_SEN] : NULL;
  int dis = !r->az[CR_DISABILITY][0] ? -1 : strcmp(r->az[CR_DISABILITY], "yes") == 0;
  int uasc = strcmp(r->az[CR_UASC], "yes") == 0;
  if (id) {
    return db_exec(db, "UPDATE child SET given_name=?, family_name=?, dob=?, sex=?, ethnicity=?,"
                       " uasc=?, disability=?, sen=?, locality_id=? WHERE id=?",
                   "sssssibsrI", r->az[CR_GIVEN], r->az[CR_FAMILY], r->az[CR_DOB], r->az[CR_SEX], zEth,
                   uasc, dis, zSen, loc, id) == DB_OK ? id : 0;
  }
  Stmt *s = db_query(db,
      "INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, uasc, disability,"
      " sen, locality_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "ssssssibsr", r->az[CR_REF], r->az[CR_GIVEN], r->az[CR_FAMILY], r->az[CR_DOB], r->az[CR_SEX], zEth,
      uasc, dis, zSen, loc);
  int64_t newId = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_finalize(s);
  return newId;
}

int64_t child_record_save(Db *db, int64_t id, ChildRecord *r, unsigned flags, Date today,
                          const char *zActor, Errors *err, int *pnChanged) {
  if (pnChanged) *pnChanged = 0;
  ChildRecord old;
  if (id) {
    if (!child_record_load(db, id, &old)) {
      errors_add(err, "child_ref", "There is no such child");
      return 0;
    }
    /* The ref is the case system's key for the child: never changed here. */
    memcpy(r->az[CR_REF], old.az[CR_REF], CR_MAX);
  }
  child_record_check(db, r, id, today, (flags & CHILD_CSV_MESSAGES) != 0, (flags & CHILD_NEW_LOCALITY) != 0, err);
  if (err->n) return 0;
  int nChanged = 0;
  for (int i = 0; i < CR_N; i++) nChanged += !id || strcmp(old.az[i], r->az[i]) != 0;
  if (!nChanged) return id;
  char *zRec = xmprintf("child:%s", r->az[CR_REF]);
  int rc = db_begin(db);
  int64_t loc = rc == DB_OK ? locality_for(db, r->az[CR_LOCALITY], (flags & CHILD_NEW_LOCALITY) != 0) : 0;
  int64_t newId = rc == DB_OK ? write_row(db, id, r, loc) : 0;
  if (!newId) rc = DB_ERROR;
  if (rc == DB_OK && !id) {
    char *zAfter = xmprintf("%s %s, born %s", r->az[CR_GIVEN], r->az[CR_FAMILY], r->az[CR_DOB]);
    rc = audit_write(db, zActor, "child.add", zRec, NULL, zAfter, NULL);
    free(zAfter);
  }
  /* One entry per changed column, so the log answers "who changed the
  ** name, and from what" without comparing whole records. */
  for (int i = 0; id && rc == DB_OK && i < CR_N; i++) {
    if (strcmp(old.az[i], r->az[i]) == 0) continue;
    char *zB = xmprintf("%s: %s", child_record_column[i], old.az[i]);
    char *zA = xmprintf("%s: %s", child_record_column[i], r->az[i]);
    rc = audit_write(db, zActor, "child.correct", zRec, zB, zA, NULL);
    free(zB);
    free(zA);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zRec);
  if (rc != DB_OK) {
    errors_add(err, "child_ref", "Could not save the child: %s", db_errmsg(db));
    return 0;
  }
  if (pnChanged) *pnChanged = nChanged;
  return newId;
}

/* ---- Sibling groups ---------------------------------------------------------- */

/* Move every child of group `from` (or just childId when from is 0) into
** group `to` (0: none), auditing each. */
static int move_to_group(Db *db, int64_t childId, int64_t from, int64_t to, const char *zActor) {
  Stmt *s = from ? db_query(db, "SELECT id, child_ref, sibling_group_id FROM child WHERE sibling_group_id = ? ORDER BY id", "I", from)
                 : db_query(db, "SELECT id, child_ref, sibling_group_id FROM child WHERE id = ?", "I", childId);
  int64_t aId[64];
  char azRef[64][16];
  int64_t aOld[64];
  int n = 0;
  while (db_step(s) == DB_ROW && n < 64) {
    aId[n] = db_col_int(s, 0);
    snprintf(azRef[n], sizeof azRef[n], "%s", db_col_text(s, 1));
    aOld[n++] = db_col_int(s, 2);
  }
  db_finalize(s);
  int rc = DB_OK;
  for (int i = 0; i < n && rc == DB_OK; i++) {
    if (aOld[i] == to) continue;
    rc = db_exec(db, "UPDATE child SET sibling_group_id = ? WHERE id = ?", "rI", to, aId[i]);
    char *zRec = xmprintf("child:%s", azRef[i]);
    char *zB = aOld[i] ? xmprintf("sibling group %lld", (long long)aOld[i]) : xstrdup("no sibling group");
    char *zA = to ? xmprintf("sibling group %lld", (long long)to) : xstrdup("no sibling group");
    if (rc == DB_OK) rc = audit_write(db, zActor, to ? "siblings.link" : "siblings.unlink", zRec, zB, zA, NULL);
    free(zRec);
    free(zB);
    free(zA);
  }
  return rc;
}

int siblings_link_pair(Db *db, const char *zRef, const char *zOther, const char *zActor, Errors *err) {
  int64_t a = child_id_for_ref(db, zRef);
  int64_t b = *zOther ? child_id_for_ref(db, zOther) : 0;
  if (!a) errors_add(err, "sibling", "There is no child with ID %s", zRef);
  else if (!*zOther) errors_add(err, "sibling", "Enter the ID of the child's brother or sister");
  else if (!b) errors_add(err, "sibling", "There is no child with ID %s: check the ID", zOther);
  else if (a == b) errors_add(err, "sibling", "Enter the ID of another child, not this child's own");
  if (err->n) return -1;
  int64_t ga = db_int(db, 0, "SELECT sibling_group_id FROM child WHERE id = ?", "I", a);
  int64_t gb = db_int(db, 0, "SELECT sibling_group_id FROM child WHERE id = ?", "I", b);
  if (ga && ga == gb) {
    errors_add(err, "sibling", "Child %s is already in this child's sibling group", zOther);
    return -1;
  }
  if (db_begin(db) != DB_OK) {
    db_rollback(db);
    errors_add(err, "sibling", "Could not link the siblings: %s", db_errmsg(db));
    return -1;
  }
  int rc = DB_OK;
  int64_t g = gb ? gb : ga;
  if (!g) {
    Stmt *s = db_query(db, "INSERT INTO sibling_group(name) VALUES(?) RETURNING id", "s", zRef);
    g = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_finalize(s);
    if (!g) rc = DB_ERROR;
  }
  /* Siblings of a sibling are siblings: this child's whole group joins. */
  if (rc == DB_OK) rc = move_to_group(db, a, ga, g, zActor);
  if (rc == DB_OK) rc = move_to_group(db, b, gb, g, zActor);
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    errors_add(err, "sibling", "Could not link the siblings: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

int siblings_unlink(Db *db, const char *zRef, const char *zActor, Errors *err) {
  int64_t a = child_id_for_ref(db, zRef);
  int64_t g = a ? db_int(db, 0, "SELECT sibling_group_id FROM child WHERE id = ?", "I", a) : 0;
  if (!a) errors_add(err, "unlink", "There is no child with ID %s", zRef);
  else if (!g) errors_add(err, "unlink", "This child is not in a sibling group");
  if (err->n) return -1;
  if (db_begin(db) != DB_OK) {
    db_rollback(db);
    errors_add(err, "unlink", "Could not unlink the child: %s", db_errmsg(db));
    return -1;
  }
  int rc = move_to_group(db, a, 0, 0, zActor);
  if (rc == DB_OK && db_int(db, 0, "SELECT count(*) FROM child WHERE sibling_group_id = ?", "I", g) == 1) {
    rc = move_to_group(db, 0, g, 0, zActor);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  if (rc != DB_OK) {
    errors_add(err, "unlink", "Could not unlink the child: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

/* ---- Care notifications --------------------------------------------------------- */

int care_notification_save(Db *db, int64_t childId, int64_t notifId, Date on, Date today,
                           const char *zActor, Errors *err) {
  char zOn[11], zOld[11] = "";
  if (on == DATE_NONE) {
    if (!err->n) errors_add(err, "notified_on", "Enter the date the IRO service was told");
    return -1;
  }
  if (on > today) {
    errors_add(err, "notified_on", "The date the service was told must be today or in the past");
    return -1;
  }
  date_iso(on, zOn);
  if (notifId) {
    Stmt *s = db_query(db, "SELECT notified_on FROM care_notification WHERE id = ? AND child_id = ?", "II",
                       notifId, childId);
    int found = db_step(s) == DB_ROW;
    if (found) snprintf(zOld, sizeof zOld, "%s", db_col_text(s, 0));
    db_finalize(s);
    if (!found) {
      errors_add(err, "notified_on", "There is no such notification for this child");
      return -1;
    }
    if (strcmp(zOld, zOn) == 0) return 0;
  }
  if (db_int(db, 0, "SELECT count(*) FROM care_notification WHERE child_id = ? AND notified_on = ? AND id <> ?",
             "IsI", childId, zOn, notifId)) {
    errors_add(err, "notified_on", "A notification on %s is already recorded for this child", zOn);
    return -1;
  }
  char *zRec = child_record_name(db, childId);
  int rc = db_begin(db);
  if (rc == DB_OK) {
    rc = notifId ? db_exec(db, "UPDATE care_notification SET notified_on = ? WHERE id = ?", "sI", zOn, notifId)
                 : db_exec(db, "INSERT INTO care_notification(child_id, notified_on) VALUES(?, ?)", "Is", childId, zOn);
  }
  if (rc == DB_OK) {
    char *zB = notifId ? xmprintf("notified_on: %s", zOld) : NULL;
    char *zA = xmprintf("notified_on: %s", zOn);
    rc = audit_write(db, zActor, notifId ? "notification.correct" : "notification.add", zRec, zB, zA, NULL);
    free(zB);
    free(zA);
  }
  if (rc == DB_OK) rc = db_commit(db);
  else db_rollback(db);
  free(zRec);
  if (rc != DB_OK) {
    errors_add(err, "notified_on", "Could not save the notification: %s", db_errmsg(db));
    return -1;
  }
  return 0;
}

/* ---- The children CSV --------------------------------------------------------------- */

/* Every cell of a download goes through here: one place to change how
** cells are written (quoting, and guarding against spreadsheet formulas). */
static void csv_cell(Buf *b, const char *z) { buf_csv(b, z); }

int export_children(Db *db, FILE *out, const char *zActor) {
  Buf b = {0};
  for (int i = 0; i < CR_N; i++) buf_printf(&b, "%s%s", i ? "," : "", child_record_column[i]);
  buf_puts(&b, "\r\n");
  Stmt *s = db_prepare(db, "SELECT id FROM child ORDER BY child_ref");
  int64_t *aId = NULL;
  int n = 0, step;
  while ((step = db_step(s)) == DB_ROW) {
    aId = xrealloc(aId, (size_t)(n + 1) * sizeof *aId);
    aId[n++] = db_col_int(s, 0);
  }
  db_finalize(s);
  if (step != DB_DONE) {
    /* Part of the children would pass for all of them: nothing written. */
    free(aId);
    buf_free(&b);
    return -1;
  }
  /* Records leave the system only with their audit entries written. */
  int rc = n ? db_begin(db) : DB_OK;
  for (int i = 0; i < n && rc == DB_OK; i++) {
    ChildRecord r;
    if (!child_record_load(db, aId[i], &r)) continue;
    for (int k = 0; k < CR_N; k++) {
      if (k) buf_putc(&b, ',');
      csv_cell(&b, r.az[k]);
    }
    buf_puts(&b, "\r\n");
    char *zRec = xmprintf("child:%s", r.az[CR_REF]);
    rc = audit_write(db, zActor, "children.export", zRec, NULL, NULL, NULL);
    free(zRec);
  }
  if (n) {
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
  }
  free(aId);
  if (rc == DB_OK && b.n && fwrite(b.z, 1, b.n, out) != b.n) rc = DB_ERROR;
  buf_free(&b);
  return rc == DB_OK ? n : -1;
}

typedef struct CRow {
  int line;
  ChildRecord r;
  Errors err;
  Buf extra;            /* reasons not about one column (field count, repeats) */
} CRow;

int import_children_text(Db *db, const char *z, size_t n, const char *zName, Date today,
                         const char *zActor, Buf *pReport) {
  CsvReader rd;
  csv_init(&rd, z, n);
  int aMap[64];
  Buf head = {0};
  int nHeader = csv_read_header(&rd, child_record_column, CR_N, aMap, COUNT(aMap), "docs/children-csv.md", &head);
  if (nHeader < 0) {
    /* "row 1: ..." from the shared reader, said the way this import says lines. */
    buf_printf(pReport, "%s line 1: %s", zName, strncmp(head.z, "row 1: ", 7) == 0 ? head.z + 7 : head.z);
    buf_printf(pReport, "Nothing was loaded.\n");
    buf_free(&head);
    csv_free(&rd);
    return -1;
  }
  buf_free(&head);
  CRow *a = NULL;
  int nRow = 0, cap = 0, rc;
  char **az;
  int nf;
  while ((rc = csv_read(&rd, &az, &nf)) > 0) {
    if (nf == 1 && !*csv_trim(az[0])) continue;
    if (nRow == cap) a = xrealloc(a, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *a);
    CRow *x = &a[nRow++];
    memset(x, 0, sizeof *x);
    x->line = rd.record;
    if (nf != nHeader) {
      buf_printf(&x->extra, "has %d field%s; the header has %d (is a quote missing?)", nf, nf == 1 ? "" : "s",
                 nHeader);
      continue;
    }
    for (int i = 0; i < nf; i++) {
      if (child_record_set(&x->r, aMap[i], az[i]) != 0) {
        csv_row_err(&x->extra, "%s is longer than %d characters", child_record_column[aMap[i]], CR_MAX - 1);
      }
    }
    if (x->extra.n) continue;
    int64_t id = child_id_for_ref(db, x->r.az[CR_REF]);
    child_record_check(db, &x->r, id, today, 1, 0, &x->err);
    for (int k = 0; k < nRow - 1; k++) {
      if (x->r.az[CR_REF][0] && strcmp(a[k].r.az[CR_REF], x->r.az[CR_REF]) == 0) {
        csv_row_err(&x->extra, "child_ref '%s' is also on line %d", x->r.az[CR_REF], a[k].line);
        break;
      }
    }
  }
  if (rc < 0) {
    buf_printf(pReport, "%s: %s (nothing after it was read)\nNothing was loaded.\n", zName, rd.zErr);
    csv_free(&rd);
    for (int i = 0; i < nRow; i++) buf_free(&a[i].extra);
    free(a);
    return -1;
  }
  csv_free(&rd);
  int nBad = 0;
  for (int i = 0; i < nRow; i++) {
    CRow *x = &a[i];
    if (!x->err.n && !x->extra.n) continue;
    nBad++;
    buf_printf(pReport, "%s line %d: ", zName, x->line);
    for (int k = 0; k < x->err.n; k++) buf_printf(pReport, "%s%s", k ? "; " : "", x->err.a[k].zMsg);
    buf_printf(pReport, "%s%s\n", x->err.n && x->extra.n ? "; " : "", x->extra.n ? x->extra.z : "");
  }
  int result = -1;
  if (nBad) {
    buf_printf(pReport, "Nothing was loaded: %d line%s to correct.\n", nBad, nBad == 1 ? "" : "s");
  } else if (nRow && db_begin(db) != DB_OK) {
    db_rollback(db);
    buf_printf(pReport, "Nothing was loaded: %s\n", db_errmsg(db));
  } else {
    int nAdd = 0, nChange = 0, nSame = 0, ok = 1;
    for (int i = 0; ok && i < nRow; i++) {
      int64_t id = child_id_for_ref(db, a[i].r.az[CR_REF]);
      int nCh = 0;
      Errors e = {0};
      if (!child_record_save(db, id, &a[i].r, CHILD_CSV_MESSAGES, today, zActor, &e, &nCh)) {
        buf_printf(pReport, "%s line %d: %s\n", zName, a[i].line, e.n ? e.a[0].zMsg : "could not be saved");
        ok = 0;
      }
      if (!id) nAdd++;
      else if (nCh) nChange++;
      else nSame++;
    }
    if (nRow && ok && db_commit(db) != DB_OK) ok = 0;
    else if (nRow && !ok) db_rollback(db);
    if (ok) {
      buf_printf(pReport, "Loaded %s: %d child%s added, %d corrected, %d unchanged.\n", zName, nAdd,
                 nAdd == 1 ? "" : "ren", nChange, nSame);
      result = 0;
    } else {
      buf_printf(pReport, "Nothing was loaded.\n");
    }
  }
  for (int i = 0; i < nRow; i++) buf_free(&a[i].extra);
  free(a);
  return result;
}

int import_children(Db *db, const char *zPath, const char *zActor, Buf *pReport) {
  Buf text = {0};
  char *zErr = NULL;
  if (csv_read_file(zPath, &text, &zErr) != 0) {
    buf_printf(pReport, "%s\n", zErr);
    free(zErr);
    buf_free(&text);
    return -1;
  }
  /* Lines are named by the file's own name, as the user sees it in a folder. */
  const char *zName = strrchr(zPath, '/');
  zName = zName ? zName + 1 : zPath;
  int rc = import_children_text(db, text.z, text.n, zName, date_today(), zActor, pReport);
  buf_free(&text);
  return rc;
}
