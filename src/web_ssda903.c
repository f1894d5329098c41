/*
** web_ssda903.c: the SSDA903 upload page (issue 6), for administrators
** and business support (CAP_IMPORT).
**
** Three steps, each its own request so that nothing depends on JavaScript
** and a refresh never loads anything twice:
**   POST /import/903          the files are kept and the browser is sent to
**   GET  /import/903/check    which reads them, runs the format checks the
**                             database needs and the DfE's rules, and shows
**                             what it found (all of it as CSV at errors.csv);
**   POST /import/903/load     loads them, in one transaction.
** Rows the database cannot hold (a code outside its lists, a date that is
** not one, a child not in the Header) block the load. DfE rule failures do
** not: they are data-quality findings the council fixes in its case
** system, and the page says they go to the DfE as errors unless fixed; the
** user must tick that they understand before loading such a return.
**
** Between the steps the files wait on the server, not in the browser: a
** return can be 100 MB, and asking for it twice is worse than keeping it.
** They are in a folder of their own under a directory only this program's
** user can read, named by a random 128-bit token and kept with the id of
** the user who uploaded them: another user, or a guessed token, finds
** nothing. A load removes them; any left are removed after a day.
*/
#include "web.h"
#include "audit.h"
#include "ssda903_store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Loaded once when the server starts and shared by every check, read only. */
static Postcodes903 *gPostcodes;
static char gzLa[16];

#define UPLOAD_MAX ((size_t)256 << 20)  /* a 100,000-child return is about 40 MB */
#define UPLOAD_KEEP (24 * 60 * 60)      /* seconds an unloaded upload is kept */
#define SHOW_MAX 50                     /* rows of one list shown on the page */

/* ---- The uploads kept between the steps -------------------------------------- */

/* The directory holding every upload, made private to this user; NULL
** (said on stderr) if it cannot be made safe. Caller frees. */
static char *upload_base(void) {
  const char *zTmp = getenv("TMPDIR");
  char *z = xmprintf("%s/oversight-903-%ld", zTmp && zTmp[0] ? zTmp : "/tmp", (long)getuid());
  struct stat st;
  if (mkdir(z, 0700) != 0 && errno != EEXIST) {
    fprintf(stderr, "oversight serve: cannot make %s: %s\n", z, strerror(errno));
    free(z);
    return NULL;
  }
  /* Someone else's directory (or a link to one) in a shared /tmp must not
  ** receive children's data. */
  if (lstat(z, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
    fprintf(stderr, "oversight serve: %s is not a private directory of this user: uploads refused\n", z);
    free(z);
    return NULL;
  }
  return z;
}

static int token_ok(const char *z) {
  if (!z || strlen(z) != 32) return 0;
  for (int i = 0; i < 32; i++)
    if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f'))) return 0;
  return 1;
}

static void remove_dir(const char *zDir) {
  DIR *d = opendir(zDir);
  if (d) {
    for (struct dirent *e; (e = readdir(d));) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char *z = xmprintf("%s/%s", zDir, e->d_name);
      unlink(z);
      free(z);
    }
    closedir(d);
  }
  rmdir(zDir);
}

/* Remove uploads older than UPLOAD_KEEP (a claimed one, "TOKEN-loading",
** too: its load was cut short). */
static void upload_sweep(const char *zBase) {
  DIR *d = opendir(zBase);
  if (!d) return;
  time_t now = time(NULL);
  for (struct dirent *e; (e = readdir(d));) {
    char zTok[33];
    if (strnlen(e->d_name, 33) < 32) continue;
    memcpy(zTok, e->d_name, 32);
    zTok[32] = 0;
    if (!token_ok(zTok) || (e->d_name[32] && strcmp(e->d_name + 32, "-loading") != 0)) continue;
    char *z = xmprintf("%s/%s", zBase, e->d_name);
    struct stat st;
    if (lstat(z, &st) == 0 && S_ISDIR(st.st_mode) && now - st.st_mtime > UPLOAD_KEEP) remove_dir(z);
    free(z);
  }
  closedir(d);
}

/* The folder of an upload, claimed (renamed "TOKEN-loading") or not. */
static char *upload_path(const char *zToken, int claimed) {
  char *zBase = upload_base();
  if (!zBase || !token_ok(zToken)) {
    free(zBase);
    return NULL;
  }
  char *z = xmprintf("%s/%s%s", zBase, zToken, claimed ? "-loading" : "");
  free(zBase);
  return z;
}

static void upload_remove(const char *zToken, int claimed) {
  char *z = upload_path(zToken, claimed);
  if (z) remove_dir(z);
  free(z);
}

/* Take an upload for loading, or give it back: the rename is atomic, so
** of two clicks on "Load" (or two tabs) exactly one loads. 0, or -1 if
** it was not there to take. */
static int upload_claim(const char *zToken, int claim) {
  char *zFree = upload_path(zToken, 0), *zTaken = upload_path(zToken, 1);
  int rc = zFree && zTaken && (claim ? rename(zFree, zTaken) : rename(zTaken, zFree)) == 0 ? 0 : -1;
  free(zFree);
  free(zTaken);
  return rc;
}

static int write_whole(const char *zPath, const char *z, size_t n) {
  FILE *f = fopen(zPath, "wb");
  if (!f) return -1;
  size_t got = n ? fwrite(z, 1, n, f) : 0;
  return fclose(f) == 0 && got == n ? 0 : -1;
}

static char *read_whole(const char *zPath, size_t *pn) {
  FILE *f = fopen(zPath, "rb");
  if (!f) return NULL;
  Buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
  int err = ferror(f);
  fclose(f);
  if (err) {
    buf_free(&b);
    return NULL;
  }
  *pn = b.n;
  return b.z ? buf_take(&b) : xstrdup("");
}

/* Keep the request's files for year `year`: 0 with zToken set, or -1. */
static int upload_save(Web *w, int year, char zToken[33]) {
  char *zBase = upload_base();
  if (!zBase) return -1;
  upload_sweep(zBase);
  random_hex(zToken, 16);
  char *zDir = xmprintf("%s/%s", zBase, zToken);
  free(zBase);
  int rc = mkdir(zDir, 0700) == 0 ? 0 : -1;
  Buf meta = {0};
  buf_printf(&meta, "%lld\n%d\n", (long long)w->sess.user.id, year);
  for (int i = 0; rc == 0 && i < w->req->nFile; i++) {
    const HttpFile *f = &w->req->aFile[i];
    /* The name is only ever shown in messages; a line break would split
    ** the list of names. */
    /* "FIELD<tab>NAME": which of the form's inputs the file came from. */
    buf_printf(&meta, "%s\t", f->zField && strcmp(f->zField, "files") ? f->zField : "files");
    for (const char *p = f->zName; *p; p++) buf_putc(&meta, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
    buf_putc(&meta, '\n');
    char *zPath = xmprintf("%s/%d", zDir, i);
    /* A streamed upload is already on disk in TMPDIR, as this folder is:
    ** it is moved, not copied (test-http's are in memory). */
    if (f->zPath ? rename(f->zPath, zPath) != 0 : write_whole(zPath, f->z, f->n) != 0) rc = -1;
    free(zPath);
  }
  if (rc == 0) {
    char *zPath = xmprintf("%s/meta", zDir);
    if (write_whole(zPath, meta.z, meta.n) != 0) rc = -1;
    free(zPath);
  }
  if (rc != 0) remove_dir(zDir);
  buf_free(&meta);
  free(zDir);
  return rc;
}

/* An upload read back and checked. */
typedef struct Check {
  Return903 r;
  int year;
  char **azName;        /* the files as the user named them */
  int nFile;
  Buf fmt;              /* s903_check's lines */
  int nFmt;
  Buf readErr;          /* why the files could not be read, if they could not */
  const Rule903 *const *ap;
  int nRule, nRun, nSkip;
  int *aCount;          /* failures per rule */
  int nLastFile;        /* of them, last year's (uploaded with this year's) */
  int lastHeld;         /* 1 when last year's return is the one Oversight holds */
  int nProviders;       /* rows of Ofsted's provider list, when one was uploaded */
  Plan903 plan;         /* what loading would change, once check_plan has run */
  int planned;          /* 1 planned, -1 the database could not be read */
} Check;

static void check_free(Check *c) {
  r903_free(&c->r);
  for (int i = 0; i < c->nFile; i++) free(c->azName[i]);
  free(c->azName);
  buf_free(&c->fmt);
  buf_free(&c->readErr);
  free(c->aCount);
  s903_plan_free(&c->plan);
}

/* Compare a loadable upload with the database: the very comparison the
** load applies (ssda903_sync.c). 0, or -1 if it cannot be made. */
static int check_plan(Web *w, Check *c) {
  if (c->readErr.n || c->nFmt) return -1;
  if (!c->planned) c->planned = s903_plan(w->db, &c->r, &c->plan, NULL, NULL) == 0 ? 1 : -1;
  return c->planned > 0 ? 0 : -1;
}

/* Read upload zToken (if it is this user's) and check it: 0 checked (the
** files may still have failed to read: readErr), -1 no such upload. */
static int check_upload(Web *w, const char *zToken, Check *c) {
  memset(c, 0, sizeof *c);
  if (!token_ok(zToken)) return -1;
  char *zBase = upload_base();
  if (!zBase) return -1;
  char *zDir = xmprintf("%s/%s", zBase, zToken);
  free(zBase);
  char *zMetaPath = xmprintf("%s/meta", zDir);
  size_t nMeta;
  char *zMeta = read_whole(zMetaPath, &nMeta);
  free(zMetaPath);
  long long owner = -1;
  int year = 0, used = 0;
  if (!zMeta || sscanf(zMeta, "%lld\n%d\n%n", &owner, &year, &used) < 2 || owner != (long long)w->sess.user.id) {
    free(zMeta);
    free(zDir);
    return -1;
  }
  c->year = year;
  r903_init(&c->r, year);
  c->r.pPostcodes = gPostcodes;
  c->r.sharedPostcodes = 1;
  snprintf(c->r.zLa, sizeof c->r.zLa, "%s", gzLa);
  int ok = 1;
  Return903 *pLast = NULL;
  for (char *z = zMeta + used; *z;) {
    char *zEol = strchr(z, '\n');
    if (!zEol) break;
    *zEol = 0;
    /* "FIELD<tab>NAME"; a line with no tab is this year's file (an upload
    ** kept by an earlier version). */
    const char *zField = "files";
    char *zTab = strchr(z, '\t');
    if (zTab) {
      *zTab = 0;
      zField = z;
      z = zTab + 1;
    }
    c->azName = xrealloc(c->azName, sizeof(char *) * (size_t)(c->nFile + 1));
    c->azName[c->nFile] = xstrdup(z);
    char *zPath = xmprintf("%s/%d", zDir, c->nFile);
    size_t n;
    char *zText = read_whole(zPath, &n);
    free(zPath);
    if (!zText) {
      buf_printf(&c->readErr, "%s: the kept copy cannot be read\n", c->azName[c->nFile]);
      ok = 0;
    } else if (strcmp(zField, "last_year") == 0) {
      if (!pLast) {
        /* Read as this year's is, with the same postcodes and authority:
        ** rules comparing a placement's area across the years need both
        ** derived alike. */
        pLast = xmalloc(sizeof(*pLast));
        r903_init(pLast, year - 1);
        pLast->pPostcodes = gPostcodes;
        pLast->sharedPostcodes = 1;
        snprintf(pLast->zLa, sizeof pLast->zLa, "%s", gzLa);
      }
      char *zName = xmprintf("last year's %s", c->azName[c->nFile]);
      if (r903_add_text(pLast, zName, zText, n, &c->readErr) != 0) ok = 0;
      free(zName);
      c->nLastFile++;
    } else if (strcmp(zField, "providers") == 0) {
      providers903_free(c->r.pProviders);
      c->r.pProviders = providers903_load_text(c->azName[c->nFile], zText, n, &c->readErr);
      if (!c->r.pProviders) ok = 0;
      else c->nProviders = providers903_count(c->r.pProviders);
    } else if (r903_add_text(&c->r, c->azName[c->nFile], zText, n, &c->readErr) != 0) {
      ok = 0;
    }
    free(zText);
    c->nFile++;
    z = zEol + 1;
  }
  free(zMeta);
  free(zDir);
  if (!ok) {
    if (pLast) {
      r903_free(pLast);
      free(pLast);
    }
    return 0;
  }
  r903_finish(&c->r);
  if (pLast) {
    r903_finish(pLast);
    c->r.pLast = pLast;
  } else {
    /* Without last year's files, the return Oversight holds for that year
    ** (loaded here a year ago) is last year's return. */
    int held = s903_held_last_year(w->db, &c->r, &c->readErr);
    if (held < 0) return 0;
    c->lastHeld = held;
  }
  c->nFmt = s903_check(&c->r, &c->fmt);
  c->ap = r903_rules(c->year, &c->nRule);
  unsigned char *aSkip = xcalloc((size_t)c->nRule + 1, 1);
  r903_validate(&c->r, NULL, aSkip);
  c->aCount = xcalloc((size_t)c->nRule + 1, sizeof(int));
  for (int i = 0; i < c->r.nErr; i++) c->aCount[c->r.aErr[i].rule]++;
  for (int i = 0; i < c->nRule; i++) {
    if (aSkip[i]) c->nSkip++;
    else c->nRun++;
  }
  free(aSkip);
  return 0;
}

/* ---- Pages ---------------------------------------------------------------------- */

/* The collection year most recently ended: the return being prepared. */
static int last_year(Date today) {
  int y, m, d;
  date_to_ymd(today, &y, &m, &d);
  return m >= 4 ? y : y - 1;
}

static void year_label(char z[16], int year) { snprintf(z, 16, "%d/%02d", year - 1, year % 100); }

static void upload_form(Web *w, const char *zYear) {
  page_begin(w, "Load an SSDA903 return");
  error_summary(w);
  const char *zLoaded = http_query(w->req, "loaded");
  long loaded;
  if (zLoaded && parse_int(zLoaded, 1992, 2100, &loaded) == 0 && !w->err.n) {
    /* The counts are the import's own audit entry, so the banner shows
    ** exactly what was recorded. */
    char zRec[32], zLabel[16];
    snprintf(zRec, sizeof zRec, "ssda903:%ld", loaded);
    year_label(zLabel, (int)loaded);
    Stmt *s = db_query(w->db,
                       "SELECT after_value FROM audit_log WHERE action = 'import' AND record = ? AND actor = ? "
                       "ORDER BY id DESC LIMIT 1",
                       "ss", zRec, w->sess.user.zUsername);
    if (db_step(s) == DB_ROW) {
      html_printf(w->out,
                  "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
                  " aria-labelledby=\"saved-title\" data-module=\"govuk-notification-banner\">\n"
                  "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
                  " id=\"saved-title\">Success</h2></div>\n<div class=\"govuk-notification-banner__content\">\n"
                  "<p class=\"govuk-notification-banner__heading\">The %h return has been loaded: %h.</p>\n"
                  "<p class=\"govuk-body\"><a class=\"govuk-notification-banner__link\" href=\"/children\">"
                  "Find a child</a> to see their record.</p>\n</div>\n</div>\n",
                  zLabel, db_col_text(s, 0));
    }
    db_finalize(s);
  }
  const char *zSame = http_query(w->req, "unchanged");
  long same;
  if (zSame && parse_int(zSame, 1992, 2100, &same) == 0 && !w->err.n) {
    char zLabel[16];
    year_label(zLabel, (int)same);
    html_printf(w->out,
                "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
                " aria-labelledby=\"saved-title\" data-module=\"govuk-notification-banner\">\n"
                "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
                " id=\"saved-title\">Success</h2></div>\n<div class=\"govuk-notification-banner__content\">\n"
                "<p class=\"govuk-notification-banner__heading\">The %h return has been loaded: no changes. "
                "Oversight already held everything it says.</p>\n</div>\n</div>\n",
                zLabel);
  }
  html_raw(w->out,
           "<h1 class=\"govuk-heading-l\">Load an SSDA903 return</h1>\n"
           "<p class=\"govuk-body\">Upload the children looked after return your case system makes for the "
           "DfE. Oversight checks every row first and shows you what it finds; nothing is loaded until "
           "you confirm.</p>\n"
           "<p class=\"govuk-body\">Each child in the return is added, or updated if Oversight already has "
           "them (matched on their CHILD id), with their episodes of care and reviews. Nothing already "
           "held is deleted. The return has no names: a new child is called \"Child\" and their id until "
           "you correct their record.</p>\n");
  /* The token is in the address too: the server checks it before it
  ** reads (and stores) a byte of the files. */
  form_begin_upload(w, "/import/903");
  input_text(w, "year", "Collection year",
             "The year the collection ends: 2026 for the 2025/26 return (1 April 2025 to 31 March 2026)", zYear,
             NULL);
  input_file(w, "files", "The return's files",
             "Choose every CSV file of the return (header.csv, episodes.csv, reviews.csv, uasc.csv and the "
             "others) at once, or its one XML file. Up to 256 MB.",
             ".csv,.xml,text/csv,application/xml,text/xml", 1);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\">For the rules that need more (optional)</h2>\n"
                   "<p class=\"govuk-body\">Some of the DfE's rules compare this return with last year's, or "
                   "check placements against Ofsted's lists of providers. Without these files those rules are "
                   "listed as not checked; nothing else changes.</p>\n");
  input_file(w, "last_year", "Last year's return (optional)",
             "Every file of the return for the year before, as sent to the DfE. Leave this empty if "
             "Oversight already holds last year's return: it is used instead.",
             ".csv,.xml,text/csv,application/xml,text/xml", 1);
  input_file(w, "providers", "Ofsted's provider list (optional)",
             "One CSV file with the columns URN, PLACE_CODES, PROVIDER_CODES, REG_END and POSTCODE "
             "(and LA if known), as for oversight validate 903 --providers.",
             ".csv,text/csv", 0);
  button(w, "Check the files");
  form_end(w);
  page_end(w);
}

void page_import_903(Web *w) {
  char zYear[16];
  snprintf(zYear, sizeof zYear, "%d", last_year(w->today));
  upload_form(w, zYear);
}

void page_import_903_upload(Web *w) {
  const char *zYear = form_text(w, "year");
  long year = 0;
  if (!zYear[0]) errors_add(&w->err, "year", "Enter the collection year, for example 2026");
  else if (parse_int(zYear, 1992, 2100, &year) != 0)
    errors_add(&w->err, "year", "The collection year must be a year such as 2026 (for 2025/26)");
  int nThis = 0, nProv = 0;
  for (int i = 0; i < w->req->nFile; i++) {
    const char *zField = w->req->aFile[i].zField;
    if (strcmp(zField, "providers") == 0) nProv++;
    else if (strcmp(zField, "last_year") != 0) nThis++;
  }
  if (nThis == 0) errors_add(&w->err, "files", "Choose the return's files");
  if (nProv > 1) errors_add(&w->err, "providers", "Choose one provider list: the one CSV file");
  if (w->err.n) {
    upload_form(w, zYear);
    return;
  }
  char zToken[33];
  if (upload_save(w, (int)year, zToken) != 0) {
    errors_add(&w->err, "files", "The files could not be kept for checking: try again, or tell your administrator");
    upload_form(w, zYear);
    return;
  }
  Buf what = {0};
  buf_printf(&what, "%d file%s uploaded for checking:", w->req->nFile, w->req->nFile == 1 ? "" : "s");
  for (int i = 0; i < w->req->nFile; i++) buf_printf(&what, " %s", w->req->aFile[i].zName);
  char zRec[32];
  snprintf(zRec, sizeof zRec, "ssda903:%ld", year);
  int rc = audit_write(w->db, w->sess.user.zUsername, "upload", zRec, NULL, what.z, NULL);
  buf_free(&what);
  if (rc != DB_OK) {
    upload_remove(zToken, 0);
    errors_add(&w->err, "files", "The audit log cannot be written, so the files were not kept: try again later");
    upload_form(w, zYear);
    return;
  }
  char *zUrl = xmprintf("/import/903/check?upload=%s", zToken);
  redirect(w, zUrl);
  free(zUrl);
}

/* An upload that is not there (expired, loaded, someone else's). */
static void gone(Web *w) {
  errors_add(&w->err, "files",
             "Upload the return's files again: the files checked earlier are no longer kept (they are removed "
             "once loaded, or after a day)");
  char zYear[16];
  snprintf(zYear, sizeof zYear, "%d", last_year(w->today));
  upload_form(w, zYear);
}

static const RColumn aFileCol[] = {
  {"file", "File", RCOL_TEXT, 30}, {"table", "Holds", RCOL_TEXT, 20}, {"rows", "Rows", RCOL_INT, 10},
};
static const RColumn aRuleCol[] = {
  {"rule", "Rule", RCOL_TEXT, 10}, {"message", "What the DfE checks", RCOL_TEXT, 80},
  {"failures", "Failures", RCOL_INT, 10},
};
static const RColumn aFailCol[] = {
  {"child", "Child", RCOL_TEXT, 14}, {"file", "File", RCOL_TEXT, 24}, {"line", "Line", RCOL_INT, 8},
  {"row", "Row (as the DfE numbers it)", RCOL_INT, 10},
};

static void show_table(Web *w, RTable *t) {
  reports_table_html(t, w->out, 1);
  rtable_clear(t);
}

static const RColumn aChangeCol[] = {
  {"change", "Change", RCOL_TEXT, 40}, {"number", "Number", RCOL_INT, 10},
};
static const RColumn aItemCol[] = {
  {"child", "Child", RCOL_TEXT, 14}, {"record", "Record", RCOL_TEXT, 24}, {"changes", "What changes", RCOL_TEXT, 60},
};

/* What loading would change: the counts, each list in a details element
** (native, so it opens without JavaScript), and all of it as CSV. */
static void show_plan(Web *w, const char *zToken, Check *c) {
  const Plan903 *p = &c->plan;
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"changes\">What loading will change</h2>\n");
  if (!s903_plan_changes(p)) {
    html_raw(w->out, "<div class=\"govuk-inset-text\">No changes: Oversight already holds everything this return "
                     "says.</div>\n");
  } else {
    html_raw(w->out, "<p class=\"govuk-body\">Oversight compared the return with what it holds. Names, registration "
                     "status, IRO allocations, contacts, escalations and what was recorded at reviews are never "
                     "changed by a load; where the case system's own facts differ, its values are loaded, and "
                     "each change is written to the audit log.</p>\n");
  }
  RTable t = {.zSheet = "Changes", .zTitle = "Changes", .zEmpty = "None.", .aCol = aChangeCol, .nCol = 2,
              .captioned = 1};
  for (int k = 0; k < SYNC_KINDS; k++) {
    if (k == SYNC_EPISODE_MISSING) continue;
    rtable_row(&t);
    rtable_text(&t, 0, s903_sync_title((Sync903Kind)k));
    rtable_num(&t, 1, p->an[k]);
  }
  rtable_row(&t);
  rtable_text(&t, 0, "Reviews already held (same child and date)");
  rtable_num(&t, 1, p->nReviewHeld);
  if (p->nListed) {
    rtable_row(&t);
    rtable_text(&t, 0, "Children listed in this year's return for the first time");
    rtable_num(&t, 1, p->nListed);
  }
  if (p->nKeptChanged) {
    rtable_row(&t);
    rtable_text(&t, 0, "Children whose rows of the other files are replaced");
    rtable_num(&t, 1, p->nKeptChanged);
  }
  show_table(w, &t);
  int nMiss = p->an[SYNC_EPISODE_MISSING];
  if (nMiss) {
    html_printf(w->out, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                        "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
                        "class=\"govuk-visually-hidden\">Warning</span> %d episode%h held in Oversight in this "
                        "year %h not in the return. %h kept, not deleted: correct the case system, or the "
                        "episode in Oversight.</strong></div>\n",
                nMiss, nMiss == 1 ? "" : "s", nMiss == 1 ? "is" : "are", nMiss == 1 ? "It is" : "They are");
  }
  Buf b = {0};
  for (int k = 0; k < SYNC_KINDS; k++) {
    if (!p->an[k]) continue;
    t = (RTable){.zSheet = "Changes", .zTitle = s903_sync_title((Sync903Kind)k), .zEmpty = "None.",
                 .aCol = aItemCol, .nCol = 3, .captioned = 1};
    int n = 0;
    for (int i = 0; i < p->nItem; i++) {
      const Sync903Item *it = &p->aItem[i];
      if (it->kind != (Sync903Kind)k || n++ >= SHOW_MAX) continue;
      rtable_row(&t);
      rtable_text(&t, 0, it->zChild);
      buf_reset(&b);
      s903_item_label(it, &b);
      rtable_text(&t, 1, b.z);
      buf_reset(&b);
      s903_item_changes(p, it, &b);
      rtable_text(&t, 2, b.z ? b.z : "");
    }
    html_printf(w->out, "<details class=\"govuk-details\">\n<summary class=\"govuk-details__summary\">"
                        "<span class=\"govuk-details__summary-text\">%h (%d)</span></summary>\n"
                        "<div class=\"govuk-details__text\">\n",
                s903_sync_title((Sync903Kind)k), p->an[k]);
    show_table(w, &t);
    if (n > SHOW_MAX) {
      html_printf(w->out, "<p class=\"govuk-body\">The first %d are shown; the download has all %d.</p>\n", SHOW_MAX,
                  n);
    }
    html_raw(w->out, "</div>\n</details>\n");
  }
  buf_free(&b);
  if (p->nItem) {
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/import/903/changes.csv?upload=%h\">"
                        "Download the changes (CSV)</a></p>\n", zToken);
  }
}

/* What an upload holds and what the checks found, with the next step. */
/* The rules that could not run, grouped by what they lacked, so the user
** knows which file to add or whom to ask. */
static void not_checked(Web *w, Check *c) {
  static const char *const azWhy[] = {
    [R903_SKIP_LAST_YEAR] = "Not checked: needs last year's return. Upload its files with this year's, "
                            "or load last year's return into Oversight first.",
    [R903_SKIP_LAST_FILES] = "Last year's return has no file these rules read.",
    [R903_SKIP_POSTCODES] = "They need each placement's distance from home and its area, which come from "
                            "a postcode table: an administrator can start Oversight with one "
                            "(oversight serve --postcodes FILE --la CODE).",
    [R903_SKIP_PROVIDERS] = "They need Ofsted's lists of children's homes and social care providers: "
                            "upload the provider list with the return.",
  };
  if (!c->nSkip) return;
  html_printf(w->out, "<h3 class=\"govuk-heading-s\">Not checked (%d rule%h)</h3>\n<ul class=\"govuk-list "
                      "govuk-list--bullet\">\n", c->nSkip, c->nSkip == 1 ? "" : "s");
  unsigned char *aSaid = xcalloc((size_t)c->nRule + 1, 1);
  for (int i = 0; i < c->nRule; i++) {
    unsigned m;
    int why = r903_skip_reason(&c->r, c->ap[i], &m);
    if (why == R903_RUNS || aSaid[i]) continue;
    html_raw(w->out, "<li>");
    for (int j = i; j < c->nRule; j++) {
      unsigned mj;
      if (aSaid[j] || r903_skip_reason(&c->r, c->ap[j], &mj) != why || mj != m) continue;
      html_printf(w->out, "%h%h", j == i ? "" : ", ", c->ap[j]->zCode);
      aSaid[j] = 1;
    }
    if (why == R903_SKIP_FILES) {
      html_raw(w->out, ": the return has no ");
      const char *zSep = "";
      for (int t = 0; t < T_COUNT; t++)
        if (m & TB(t)) html_printf(w->out, "%h%h", zSep, az903Table[t]), zSep = " or ";
      html_raw(w->out, " file.");
    } else {
      html_printf(w->out, ". %h", azWhy[why]);
    }
    html_raw(w->out, "</li>\n");
  }
  html_raw(w->out, "</ul>\n");
  free(aSaid);
}

static void results(Web *w, const char *zToken, Check *c) {
  char zLabel[16];
  year_label(zLabel, c->year);
  char *zTitle = xmprintf("Check the %s return", zLabel);
  page_begin(w, zTitle);
  error_summary(w);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n", zTitle);
  free(zTitle);
  html_raw(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/import/903\">Upload other files</a></p>\n");

  if (c->readErr.n) {
    html_raw(w->out, "<h2 class=\"govuk-heading-m\">The files cannot be read</h2>\n"
                     "<p class=\"govuk-body\">Nothing has been checked or loaded. Make the files again from your "
                     "case system (CSV files with the DfE's column names, or the DfE's XML), then upload them "
                     "again.</p>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (char *z = c->readErr.z; z && *z;) {
      char *e = strchr(z, '\n');
      if (e) *e = 0;
      html_printf(w->out, "<li>%h</li>\n", z);
      z = e ? e + 1 : z + strlen(z);
    }
    html_raw(w->out, "</ul>\n");
    page_end(w);
    return;
  }

  RTable t = {.zSheet = "Files", .zTitle = "The files", .zEmpty = "No files.", .aCol = aFileCol, .nCol = 3,
              .captioned = 1};
  for (int k = 0; k < T_COUNT; k++) {
    if (!c->r.a[k].present) continue;
    rtable_row(&t);
    rtable_text(&t, 0, c->r.a[k].zFile);
    rtable_text(&t, 1, az903Table[k]);
    rtable_num(&t, 2, c->r.a[k].nRow);
  }
  const Return903 *pLast = c->r.pLast;
  for (int k = 0; pLast && k < T_COUNT; k++) {
    if (!pLast->a[k].present || c->lastHeld) continue;
    char zHolds[48];
    snprintf(zHolds, sizeof zHolds, "Last year's %s", az903Table[k]);
    rtable_row(&t);
    rtable_text(&t, 0, pLast->a[k].zFile);
    rtable_text(&t, 1, zHolds);
    rtable_num(&t, 2, pLast->a[k].nRow);
  }
  show_table(w, &t);
  char zLastLabel[16];
  year_label(zLastLabel, c->year - 1);
  if (c->lastHeld) {
    html_printf(w->out, "<p class=\"govuk-body\">The rules that compare with last year's return use the %h "
                        "return Oversight holds (%d children).</p>\n",
                zLastLabel, pLast ? pLast->a[T_HEADER].nRow : 0);
  } else if (pLast) {
    html_printf(w->out, "<p class=\"govuk-body\">The rules that compare with last year's return use the %h "
                        "files you uploaded with it.</p>\n", zLastLabel);
  }
  if (c->r.pProviders) {
    html_printf(w->out, "<p class=\"govuk-body\">Placements are checked against the provider list you "
                        "uploaded (%d provider%h).</p>\n", c->nProviders, c->nProviders == 1 ? "" : "s");
  }
  char zDownload[80];
  snprintf(zDownload, sizeof zDownload, "/import/903/errors.csv?upload=%s", zToken);

  /* Rows the database cannot hold: these stop the load. */
  if (c->nFmt) {
    html_printf(w->out, "<h2 class=\"govuk-heading-m\" id=\"cannot-load\">%d %h the return from being "
                        "loaded</h2>\n",
                c->nFmt, c->nFmt == 1 ? "problem in a row stops" : "problems in rows stop");
    html_raw(w->out, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">"
                     "!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
                     "Warning</span> Nothing has been loaded. Oversight cannot hold these rows as they are: correct "
                     "them in your case system, make the files again and upload them.</strong></div>\n"
                     "<ul class=\"govuk-list govuk-list--bullet\">\n");
    int n = 0;
    for (char *z = c->fmt.z; z && *z && n < SHOW_MAX; n++) {
      char *e = strchr(z, '\n');
      if (e) *e = 0;
      html_printf(w->out, "<li>%h</li>\n", z);
      if (e) *e = '\n';
      z = e ? e + 1 : z + strlen(z);
    }
    html_raw(w->out, "</ul>\n");
    if (c->nFmt > SHOW_MAX) {
      html_printf(w->out, "<p class=\"govuk-body\">And %d more: <a class=\"govuk-link\" href=\"%h\">download every "
                          "problem (CSV)</a>.</p>\n", c->nFmt - SHOW_MAX, zDownload);
    }
  }

  /* The DfE's rules: warnings the council may load with. */
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"rules\">DfE validation rules</h2>\n");
  int nFailRule = 0;
  for (int i = 0; i < c->nRule; i++) nFailRule += c->aCount[i] > 0;
  if (!c->r.nErr) {
    html_printf(w->out, "<p class=\"govuk-body\">No rule failed: the return passes the %d rule%h Oversight "
                        "checks.</p>\n",
                c->nRun, c->nRun == 1 ? "" : "s");
  } else {
    html_printf(w->out, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                        "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
                        "class=\"govuk-visually-hidden\">Warning</span> %d failure%h of %d rule%h. These will be "
                        "sent to the DfE as errors unless they are fixed in your case system before the return "
                        "is submitted.</strong></div>\n",
                c->r.nErr, c->r.nErr == 1 ? "" : "s", nFailRule, nFailRule == 1 ? "" : "s");
    t = (RTable){.zSheet = "Rules", .zTitle = "Rules that failed", .zEmpty = "None.", .aCol = aRuleCol, .nCol = 3,
                 .captioned = 1};
    for (int i = 0; i < c->nRule; i++) {
      if (!c->aCount[i]) continue;
      rtable_row(&t);
      rtable_text(&t, 0, c->ap[i]->zCode);
      rtable_text(&t, 1, c->ap[i]->zMsg);
      rtable_num(&t, 2, c->aCount[i]);
    }
    show_table(w, &t);
    /* Failures are sorted by rule: one list per rule, each in a details
    ** element (native, so it works without JavaScript). */
    for (int i = 0; i < c->r.nErr;) {
      int rule = c->r.aErr[i].rule, j = i;
      char zCap[160];
      snprintf(zCap, sizeof zCap, "Rule %s: the children and rows", c->ap[rule]->zCode);
      t = (RTable){.zSheet = "Failures", .zTitle = zCap, .zEmpty = "None.", .aCol = aFailCol, .nCol = 4,
                   .captioned = 1};
      for (; j < c->r.nErr && c->r.aErr[j].rule == rule; j++) {
        if (j - i >= SHOW_MAX) continue;
        const Err903 *e = &c->r.aErr[j];
        const T903 *tb = &c->r.a[e->table];
        rtable_row(&t);
        rtable_text(&t, 0, c903(tb, e->row, 0));
        rtable_text(&t, 1, tb->zFile);
        rtable_num(&t, 2, tb->aLine[e->row]);
        rtable_num(&t, 3, e->row);
      }
      html_printf(w->out, "<details class=\"govuk-details\">\n<summary class=\"govuk-details__summary\">"
                          "<span class=\"govuk-details__summary-text\">Rule %h: %d failure%h</span></summary>\n"
                          "<div class=\"govuk-details__text\">\n",
                  c->ap[rule]->zCode, j - i, j - i == 1 ? "" : "s");
      show_table(w, &t);
      if (j - i > SHOW_MAX) {
        html_printf(w->out, "<p class=\"govuk-body\">The first %d are shown; the download has all %d.</p>\n",
                    SHOW_MAX, j - i);
      }
      html_raw(w->out, "</div>\n</details>\n");
      i = j;
    }
  }
  if (c->nFmt || c->r.nErr) {
    html_printf(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%h\">Download every problem "
                        "(CSV)</a> to work through in your case system.</p>\n", zDownload);
  }

  not_checked(w, c);
  if (check_plan(w, c) == 0) show_plan(w, zToken, c);
  html_raw(w->out, "<h2 class=\"govuk-heading-m\" id=\"load\">What to do next</h2>\n");
  if (c->nFmt) {
    html_raw(w->out, "<p class=\"govuk-body\">Correct the rows listed above, make the files again and "
                     "<a class=\"govuk-link\" href=\"/import/903\">upload them again</a>. Nothing is loaded until "
                     "every row can be.</p>\n");
    page_end(w);
    return;
  }
  const T903 *h = &c->r.a[T_HEADER];
  html_printf(w->out, "<p class=\"govuk-body\">Loading adds or updates %d child%h with %d episode%h and %d "
                      "review%h. Children Oversight already holds are matched on their CHILD id and updated; "
                      "nothing is deleted.</p>\n",
              h->nRow, h->nRow == 1 ? "" : "ren", c->r.a[T_EPISODES].nRow, c->r.a[T_EPISODES].nRow == 1 ? "" : "s",
              c->r.a[T_REVIEWS].nRow, c->r.a[T_REVIEWS].nRow == 1 ? "" : "s");
  form_begin(w, "/import/903/load");
  html_printf(w->out, "<input type=\"hidden\" name=\"upload\" value=\"%h\">\n", zToken);
  if (c->planned > 0) {
    /* The load compares again inside its transaction and loads only if
    ** it finds what the user was shown. */
    char zHash[24];
    snprintf(zHash, sizeof zHash, "%016llx", (unsigned long long)s903_plan_hash(&c->plan));
    html_printf(w->out, "<input type=\"hidden\" name=\"plan\" value=\"%h\">\n", zHash);
  }
  if (c->r.nErr) {
    const char *zErr = errors_for(&w->err, "confirm");
    html_printf(w->out, "<div class=\"govuk-form-group%h\">\n<fieldset class=\"govuk-fieldset\" "
                        "aria-describedby=\"confirm-hint%h\">\n<legend class=\"govuk-fieldset__legend "
                        "govuk-fieldset__legend--s\">Load a return that fails DfE rules</legend>\n"
                        "<div id=\"confirm-hint\" class=\"govuk-hint\">The rule failures above do not stop the "
                        "records being loaded, but they will be sent to the DfE as errors unless they are fixed "
                        "in your case system.</div>\n",
                zErr ? " govuk-form-group--error" : "", zErr ? " confirm-error" : "");
    if (zErr) {
      html_printf(w->out, "<p id=\"confirm-error\" class=\"govuk-error-message\"><span "
                          "class=\"govuk-visually-hidden\">Error:</span> %h</p>\n", zErr);
    }
    html_printf(w->out, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
                        "<div class=\"govuk-checkboxes__item\">\n<input class=\"govuk-checkboxes__input\" "
                        "id=\"confirm\" name=\"confirm\" type=\"checkbox\" value=\"yes\">\n<label class=\"govuk-label "
                        "govuk-checkboxes__label\" for=\"confirm\">I understand the %d rule failure%h will be "
                        "sent to the DfE as errors unless they are fixed</label>\n</div>\n</div>\n</fieldset>\n"
                        "</div>\n",
                c->r.nErr, c->r.nErr == 1 ? "" : "s");
  }
  button(w, "Load these records");
  form_end(w);
  page_end(w);
}

void page_import_903_check(Web *w) {
  const char *zToken = http_query(w->req, "upload");
  Check c;
  if (check_upload(w, zToken, &c) != 0) {
    gone(w);
    return;
  }
  results(w, zToken, &c);
  check_free(&c);
}

/* Every problem, format and rule, as one CSV file. */
void page_import_903_errors(Web *w) {
  const char *zToken = http_query(w->req, "upload");
  Check c;
  if (check_upload(w, zToken, &c) != 0) {
    gone(w);
    return;
  }
  static const RColumn aCol[] = {
    {"kind", "Kind", RCOL_TEXT, 10}, {"rule", "Rule", RCOL_TEXT, 10}, {"message", "Message", RCOL_TEXT, 80},
    /* Text, so a problem with no row (a missing file) leaves them blank. */
    {"file", "File", RCOL_TEXT, 24}, {"line", "Line", RCOL_TEXT, 8}, {"row", "Row", RCOL_TEXT, 8},
    {"child", "Child", RCOL_TEXT, 14},
  };
  char zNum[16];
  RTable t = {.zSheet = "Problems", .zTitle = "Problems", .zEmpty = "None.", .aCol = aCol, .nCol = COUNT(aCol)};
  for (char *z = c.readErr.n ? c.readErr.z : c.fmt.z; z && *z;) {
    char *e = strchr(z, '\n');
    if (e) *e = 0;
    /* "FILE line N: reason" */
    char *zLine = strstr(z, " line "), *zColon = zLine ? strstr(zLine, ": ") : NULL;
    rtable_row(&t);
    rtable_text(&t, 0, c.readErr.n ? "unreadable" : "format");
    rtable_text(&t, 1, "");
    if (zLine && zColon) {
      *zLine = 0;
      rtable_text(&t, 2, zColon + 2);
      rtable_text(&t, 3, z);
      snprintf(zNum, sizeof zNum, "%d", atoi(zLine + 6));
      rtable_text(&t, 4, zNum);
    } else {
      rtable_text(&t, 2, z);
      rtable_text(&t, 3, "");
      rtable_text(&t, 4, "");
    }
    rtable_text(&t, 5, "");
    rtable_text(&t, 6, "");
    z = e ? e + 1 : z + strlen(z);
  }
  for (int i = 0; !c.readErr.n && i < c.r.nErr; i++) {
    const Err903 *e = &c.r.aErr[i];
    const T903 *tb = &c.r.a[e->table];
    rtable_row(&t);
    rtable_text(&t, 0, "rule");
    rtable_text(&t, 1, c.ap[e->rule]->zCode);
    rtable_text(&t, 2, c.ap[e->rule]->zMsg);
    rtable_text(&t, 3, tb->zFile);
    snprintf(zNum, sizeof zNum, "%d", tb->aLine[e->row]);
    rtable_text(&t, 4, zNum);
    snprintf(zNum, sizeof zNum, "%d", e->row);
    rtable_text(&t, 5, zNum);
    rtable_text(&t, 6, c903(tb, e->row, 0));
  }
  char zRec[32], zWhat[64];
  snprintf(zRec, sizeof zRec, "ssda903:%d", c.year);
  snprintf(zWhat, sizeof zWhat, "%d problems of an uploaded return", t.nRow);
  if (audit_write(w->db, w->sess.user.zUsername, "download", zRec, NULL, zWhat, NULL) != DB_OK) {
    w->resp->status = 503;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_puts(w->out, "The audit log cannot be written, so the download is not sent.\n");
  } else {
    reports_table_csv(&t, w->out);
    w->resp->zType = "text/csv; charset=utf-8";
    char zDisp[80];
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"ssda903-%d-problems.csv\"", c.year);
    http_set_header(w->resp, "Content-Disposition", zDisp);
  }
  rtable_clear(&t);
  check_free(&c);
}

void page_import_903_load(Web *w) {
  const char *zToken = form_text(w, "upload");
  Check c;
  if (check_upload(w, zToken, &c) != 0) {
    gone(w);
    return;
  }
  if (c.readErr.n || c.nFmt) {
    /* The page offered no load button; a hand-made request gets the page. */
    results(w, zToken, &c);
    check_free(&c);
    return;
  }
  if (c.r.nErr && strcmp(form_text(w, "confirm"), "yes") != 0) {
    errors_add(&w->err, "confirm", "Tick to say you understand the rule failures will be sent to the DfE as errors "
                                   "unless fixed, or fix them first");
    results(w, zToken, &c);
    check_free(&c);
    return;
  }
  if (upload_claim(zToken, 1) != 0) {
    /* Another request is loading it, or has. */
    check_free(&c);
    gone(w);
    return;
  }
  Import903 st;
  Buf err = {0};
  unsigned long long want = strtoull(form_text(w, "plan"), NULL, 16);
  s903_plan_free(&c.plan);
  int rc = s903_sync(w->db, &c.r, w->sess.user.zUsername, &st, &c.plan, want, &err, NULL, NULL);
  if (rc != 0) {
    upload_claim(zToken, 0);
    c.planned = rc == -2 ? 1 : 0;
    if (rc != -2) s903_plan_free(&c.plan);
    errors_add(&w->err, "load", "%.200s", err.z ? err.z : "Nothing was loaded: the database refused it");
    results(w, zToken, &c);
  } else {
    upload_remove(zToken, 1);
    char *zUrl = xmprintf(st.nChange ? "/import/903?loaded=%d" : "/import/903?unchanged=%d", c.year);
    redirect(w, zUrl);
    free(zUrl);
  }
  buf_free(&err);
  check_free(&c);
}

/* Every change loading would make, as CSV. */
void page_import_903_changes(Web *w) {
  const char *zToken = http_query(w->req, "upload");
  Check c;
  if (check_upload(w, zToken, &c) != 0) {
    gone(w);
    return;
  }
  if (check_plan(w, &c) != 0) {
    /* Not loadable (the check page says why), or the database could not
    ** be read (the skeleton makes that a 503). */
    results(w, zToken, &c);
    check_free(&c);
    return;
  }
  /* The list names children, with their dates of birth: like the
  ** problem list, its download is audited before it is sent. */
  char zRec[32], zWhat[64];
  snprintf(zRec, sizeof zRec, "ssda903:%d", c.year);
  snprintf(zWhat, sizeof zWhat, "%d changes of an uploaded return", c.plan.nItem);
  if (audit_write(w->db, w->sess.user.zUsername, "download", zRec, NULL, zWhat, NULL) != DB_OK) {
    w->resp->status = 503;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_puts(w->out, "The audit log cannot be written, so the download is not sent.\n");
  } else {
    s903_plan_csv(&c.plan, w->out);
    w->resp->zType = "text/csv; charset=utf-8";
    char zDisp[80];
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"ssda903-%d-changes.csv\"", c.year);
    http_set_header(w->resp, "Content-Disposition", zDisp);
  }
  check_free(&c);
}

int web_ssda903_configure(const char *zPostcodes, const char *zLa, Buf *pErr) {
  http_allow_upload("/import/903", UPLOAD_MAX);
  snprintf(gzLa, sizeof gzLa, "%s", zLa ? zLa : "");
  if (!zPostcodes) return 0;
  gPostcodes = postcodes903_load(zPostcodes, pErr);
  return gPostcodes ? 0 : -1;
}
