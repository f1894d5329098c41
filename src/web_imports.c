/*
** web_imports.c: "Load data", the bulk onboarding a council does in the
** browser (issue 15): children's names and details, IROs, users and the
** postcode table, each a CSV file in the columns its `oversight import`
** reads, plus a link to the SSDA903 return's own upload. The loading is
** the command line's (import_children, import_iros, users_import,
** postcodes_store): all or nothing, every bad line listed. Business
** support and managers do not use a terminal; what they load and who may
** load it must not differ from what the command does.
*/
#include "web.h"
#include "audit.h"
#include "child_records.h"
#include "iros.h"
#include "placements.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A postcode table for a region is tens of MB; the whole country's ONS
** directory (over 1 GB) is loaded with `oversight postcodes load`. */
#define IMPORT_MAX ((size_t)256 << 20)

static int run_children(Web *w, const char *zPath, Buf *pOut, Buf *pErr);
static int run_iros(Web *w, const char *zPath, Buf *pOut, Buf *pErr);
static int run_users(Web *w, const char *zPath, Buf *pOut, Buf *pErr);
static int run_postcodes(Web *w, const char *zPath, Buf *pOut, Buf *pErr);
static void fields_users(Web *w);
static void fields_postcodes(Web *w);
static int download_children(Web *w, FILE *f);
static int download_iros(Web *w, FILE *f);

typedef struct Kind {
  const char *zKind;          /* /import/KIND */
  unsigned cap;
  const char *zTitle;         /* "Load children's names and details" */
  const char *zShort;         /* on the list of loads */
  const char *zAbout;         /* what loading does, in the users' words */
  const char *zColumns;       /* the header row the file needs */
  const char *zColumnHelp;    /* each column, briefly */
  int (*xRun)(Web *, const char *zPath, Buf *pOut, Buf *pErr);
  void (*xFields)(Web *);     /* more form fields, or NULL */
  int (*xDownload)(Web *, FILE *);  /* what Oversight holds, in the same columns (records written, or -1), or NULL */
} Kind;

static const Kind aKind[] = {
  {"children", CAP_CHILD_RECORDS, "Load children's names and details", "Children's names and details",
   "The SSDA903 return has no names, so a child it brings in is called \"Child\" and their ID. Load a file "
   "from your case system with each child's ID and names (and any other details) to put that right. A child "
   "already in Oversight has only the details that differ corrected, each one in the audit log with what it "
   "was before; a new ID adds a child. Loading the same file again changes nothing.",
   "child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality",
   "child_ref is the child's ID in the case system (the 903's CHILD). dob is YYYY-MM-DD or dd/mm/yyyy; sex "
   "M, F or U; ethnicity a DfE code such as WBRI; uasc yes or no; disability yes or no; sen none, support or "
   "ehcp; locality one of yours. child_ref, names, dob and sex must be filled in; an empty column clears "
   "what is held, so start from the download below.",
   run_children, NULL, download_children},
  {"iros", CAP_IROS_ADMIN, "Load IROs", "IROs",
   "Each line adds an IRO, or changes the IRO of that name: their email, FTE, other duties, the localities "
   "they serve and their start and leaving dates. Loading the same file again changes nothing.",
   "name,email,fte,other_duties,localities,start_date,left_date",
   "Only name and fte are needed. fte is more than 0 and at most 1.5 (0.8 is four days a week). other_duties "
   "is in children (capacity is 60 per FTE less other duties). localities are separated by semicolons and "
   "must already be set up. Dates are YYYY-MM-DD. A column left out keeps what is held.",
   run_iros, NULL, download_iros},
  {"users", CAP_USERS_ADMIN, "Load users", "Users",
   "Each line adds a user, or changes the user with that username (never their password). Each new user "
   "gets a temporary password or a one-time link, shown once on the next page.",
   "username,display_name,email,role,iro",
   "role is one of admin, qa-manager, iro, lado, pf-worker, residential-manager, business-support, board. "
   "iro is the IRO's name for a user of the iro role, and empty for the others.",
   run_users, fields_users, NULL},
  {"postcodes", CAP_PLACEMENTS, "Load the postcode table", "Postcode table",
   "Postcodes give each placement its distance from the child's home and whether it is in the council's area "
   "(the annual report's figure). Load a cut of the ONS Postcode Directory for your region, or a simple table. "
   "It replaces the table held, and every placement's distance is worked out again.",
   "postcode,easting,northing,la",
   "Or the ONS Postcode Directory's own columns (pcd, oseast1m, osnrth1m, laua). la is the local authority's "
   "ONS code, such as E09000027.",
   run_postcodes, fields_postcodes, NULL},
};

/* The kind a path names: /import/KIND or /import/KIND/download.csv. */
static const Kind *kind_of(Web *w) {
  const char *z = w->req->zPath + strlen("/import/");
  for (int i = 0; i < COUNT(aKind); i++) {
    size_t n = strlen(aKind[i].zKind);
    if (strncmp(z, aKind[i].zKind, n) == 0 && (z[n] == 0 || z[n] == '/')) return &aKind[i];
  }
  return NULL;
}

/* The routes hold each kind's capability (the upload gate checks it before
** the body is read); this is the same check for the shared handlers. */
static const Kind *allowed_kind(Web *w) {
  const Kind *k = kind_of(w);
  if (!k) {
    not_found(w);
    return NULL;
  }
  if (!(w->caps & k->cap)) {
    w->resp->status = 403;
    page_begin(w, "You cannot do this");
    html_raw(w->out, "<h1 class=\"govuk-heading-l\">You cannot do this</h1>\n<p class=\"govuk-body\">Your role "
                     "does not include this. If you need it for your work, ask an administrator.</p>\n");
    page_end(w);
    return NULL;
  }
  return k;
}

/* ---- The list of loads ------------------------------------------------------- */

void page_imports(Web *w) {
  Buf *b = w->out;
  page_begin(w, "Load data");
  html_raw(b, "<h1 class=\"govuk-heading-l\">Load data</h1>\n"
              "<p class=\"govuk-body\">Load many records at once from a file, for example when the council starts "
              "using Oversight. Each load is checked first: if any line is wrong, nothing is loaded and every "
              "line to correct is listed.</p>\n<ul class=\"govuk-list govuk-list--spaced\">\n");
  if (w->caps & CAP_IMPORT) {
    html_raw(b, "<li><a class=\"govuk-link\" href=\"/import/903\">SSDA903 return</a>: the children looked after, "
                "their episodes of care and reviews, from the return your case system makes for the DfE. Load "
                "it first, and again each month.</li>\n");
  }
  for (int i = 0; i < COUNT(aKind); i++) {
    if (!(w->caps & aKind[i].cap)) continue;
    html_printf(b, "<li><a class=\"govuk-link\" href=\"/import/%h\">%h</a>: %h</li>\n", aKind[i].zKind,
                aKind[i].zShort, aKind[i].zAbout);
  }
  html_raw(b, "</ul>\n");
  page_end(w);
}

/* Each line of a report as a list item: the lines are the problems, or
** what was loaded. */
static void report_list(Buf *b, const char *z, const char *zClass) {
  html_printf(b, "<ul class=\"govuk-list %h\">\n", zClass);
  while (z && *z) {
    const char *e = strchr(z, '\n');
    size_t n = e ? (size_t)(e - z) : strlen(z);
    if (n) {
      char *zLine = xmprintf("%.*s", (int)n, z);
      html_printf(b, "<li>%h</li>\n", zLine);
      free(zLine);
    }
    z += n + (e ? 1 : 0);
  }
  html_raw(b, "</ul>\n");
}

/* ---- One load: the form ---------------------------------------------------- */

static void fields_users(Web *w) {
  static const char *const azHow[] = {"temporary", "A temporary password for each, to give them in person or by phone",
                                      "link", "A one-time link for each, to set their own password", NULL};
  const char *zHow = form_text(w, "how");
  input_radios(w, "how", "How will new users get their password?",
               "Users already in Oversight keep theirs.", azHow, zHow[0] ? zHow : "temporary", 0);
}

static void fields_postcodes(Web *w) {
  char *zLa = council_la_code(w->db);
  const char *zTyped = http_form(w->req, "la");
  input_text(w, "la", "The council's ONS code",
             "Placements in this local authority are in the council's area, for example E09000027. Leave it "
             "as it is to keep the code held.",
             zTyped ? zTyped : zLa, "off");
  free(zLa);
}

/* The form, and when a load failed every line to correct (zProblems). */
static void load_form(Web *w, const Kind *k, const char *zProblems) {
  Buf *b = w->out;
  page_begin(w, k->zTitle);
  html_raw(b, "<a href=\"/import\" class=\"govuk-back-link\">Back</a>\n"
              "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
  error_summary(w);
  html_printf(b, "<h1 class=\"govuk-heading-l\">%h</h1>\n<p class=\"govuk-body\">%h</p>\n"
                 "<h2 class=\"govuk-heading-m\">The file</h2>\n"
                 "<p class=\"govuk-body\">A CSV file (a spreadsheet saved as \"CSV UTF-8\") whose first line is:</p>\n"
                 "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"The first line\" tabindex=\"0\">"
                 "<pre class=\"app-code\"><code>%h</code></pre></div>\n"
                 "<p class=\"govuk-body\">%h</p>\n",
              k->zTitle, k->zAbout, k->zColumns, k->zColumnHelp);
  if (k->xDownload) {
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/import/%h/download.csv\">Download what "
                   "Oversight holds now, in these columns</a>: correct it in a spreadsheet and load it back.</p>\n",
                k->zKind);
  }
  char *zAction = xmprintf("/import/%s", k->zKind);
  form_begin_upload(w, zAction);
  free(zAction);
  input_file(w, "file", "The file", "Up to 256 MB.", ".csv,text/csv", 0);
  if (k->xFields) k->xFields(w);
  button(w, "Load the file");
  form_end(w);
  html_raw(b, "</div>\n</div>\n");
  if (zProblems && *zProblems) {
    html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"problems\">What to correct</h2>\n");
    report_list(b, zProblems, "govuk-list--bullet");
  }
  page_end(w);
}

void page_import_kind(Web *w) {
  const Kind *k = allowed_kind(w);
  if (k) load_form(w, k, NULL);
}

/* ---- Loading ----------------------------------------------------------------- */

static int run_children(Web *w, const char *zPath, Buf *pOut, Buf *pErr) {
  Buf r = {0};
  int rc = import_children(w->db, zPath, w->sess.user.zUsername, &r);
  buf_append(rc == 0 ? pOut : pErr, r.z ? r.z : "", r.n);
  buf_free(&r);
  return rc;
}

static int run_iros(Web *w, const char *zPath, Buf *pOut, Buf *pErr) {
  Buf r = {0};
  int rc = import_iros(w->db, zPath, w->sess.user.zUsername, &r);
  buf_append(rc == 0 ? pOut : pErr, r.z ? r.z : "", r.n);
  buf_free(&r);
  return rc;
}

static int run_users(Web *w, const char *zPath, Buf *pOut, Buf *pErr) {
  const char *zHow = form_text(w, "how");
  if (strcmp(zHow, "temporary") != 0 && strcmp(zHow, "link") != 0) {
    errors_add(&w->err, "how", "Select how new users will get their password");
    return -1;
  }
  Buf r = {0};
  int rc = users_import(w->db, zPath, zHow[0] == 'l' ? ISSUE_LINK : ISSUE_TEMPORARY, w->sess.user.zUsername, &r);
  buf_append(rc == 0 ? pOut : pErr, r.z ? r.z : "", r.n);
  /* The report holds new users' secrets: not left in freed memory. */
  if (r.z) memset(r.z, 0, r.n);
  buf_free(&r);
  return rc;
}

static int run_postcodes(Web *w, const char *zPath, Buf *pOut, Buf *pErr) {
  const char *zLa = form_text(w, "la");
  return postcodes_store(w->db, zPath, zLa[0] ? zLa : NULL, w->sess.user.zUsername, pOut, pErr);
}

/* The uploaded file under the name it had on the user's computer, in a
** private folder of its own, so that every line of the report names the
** file they know ("names.csv line 3"), as the command's does. *pzDir is
** removed by the caller. NULL if it could not be kept. */
static char *keep_upload(const HttpFile *f, char **pzDir) {
  const char *zTmp = getenv("TMPDIR");
  char *zDir = xmprintf("%s/oversight-load-XXXXXX", zTmp && *zTmp ? zTmp : "/tmp");
  if (!mkdtemp(zDir)) {
    free(zDir);
    return NULL;
  }
  /* Only the last part of the name, and nothing that would read as a
  ** folder or break a line of the report. */
  const char *zName = f->zName ? f->zName : "";
  for (const char *p = zName; *p; p++) {
    if (*p == '/' || *p == '\\') zName = p + 1;
  }
  Buf name = {0};
  for (const char *p = zName; *p && name.n < 100; p++) buf_putc(&name, (unsigned char)*p < 0x20 ? ' ' : *p);
  char *zPath = xmprintf("%s/%s", zDir, name.n && strcmp(name.z, ".") && strcmp(name.z, "..") ? name.z : "upload.csv");
  buf_free(&name);
  int ok;
  if (f->zPath) {
    ok = rename(f->zPath, zPath) == 0;
  } else {
    FILE *out = fopen(zPath, "wb");
    ok = out && fwrite(f->z ? f->z : "", 1, f->n, out) == f->n;
    if (out && fclose(out) != 0) ok = 0;
  }
  if (!ok) {
    unlink(zPath);
    rmdir(zDir);
    free(zDir);
    free(zPath);
    return NULL;
  }
  *pzDir = zDir;
  return zPath;
}

/* New users' secrets as a table (username, password or link), the rest of
** the report as lines. users_import writes "NAME temporary password X" and
** "NAME one-time link /password/set?token=X", one per new user. */
static void users_report(Web *w, const char *z) {
  Buf *b = w->out, rest = {0}, rows = {0};
  int nSecret = 0, link = 0;
  while (z && *z) {
    const char *e = strchr(z, '\n');
    size_t n = e ? (size_t)(e - z) : strlen(z);
    char *zLine = xmprintf("%.*s", (int)n, z);
    char *p = strstr(zLine, " temporary password ");
    char *q = strstr(zLine, " one-time link ");
    if (p || q) {
      *(p ? p : q) = 0;
      const char *zSecret = p ? p + 20 : q + 15;
      link = q != NULL;
      html_printf(&rows, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td>"
                         "<td class=\"govuk-table__cell\"><code class=\"app-secret\">", zLine);
      if (q) {
        const char *zHost = http_header(w->req, "Host");
        if (zHost && *zHost) html_printf(&rows, "%h://%h", w->req->tls ? "https" : "http", zHost);
      }
      html_printf(&rows, "%h</code></td></tr>\n", zSecret);
      nSecret++;
    } else {
      buf_printf(&rest, "%s\n", zLine);
    }
    memset(zLine, 0, n);
    free(zLine);
    z += n + (e ? 1 : 0);
  }
  report_list(b, rest.z, "");
  if (nSecret) {
    html_printf(b, "<h2 class=\"govuk-heading-m\">%h</h2>\n"
                   "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"New users\" tabindex=\"0\">\n"
                   "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Username</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">%h</th></tr></thead>\n"
                   "<tbody class=\"govuk-table__body\">\n",
                link ? "Each new user's one-time link" : "Each new user's temporary password",
                link ? "One-time link" : "Temporary password");
    buf_append(b, rows.z, rows.n);
    html_raw(b, "</tbody></table></div>\n");
    html_raw(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
                "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
                "</span>This is the only time these are shown. Oversight does not keep them: copy them now, or "
                "reset a user's password later.</strong></div>\n");
  }
  if (rows.z) memset(rows.z, 0, rows.n);
  buf_free(&rows);
  buf_free(&rest);
}

void page_import_kind_load(Web *w) {
  const Kind *k = allowed_kind(w);
  if (!k) return;
  const HttpFile *f = NULL;
  for (int i = 0; i < w->req->nFile; i++) {
    if (strcmp(w->req->aFile[i].zField, "file") == 0 && (w->req->aFile[i].zName[0] || w->req->aFile[i].n)) {
      f = &w->req->aFile[i];
    }
  }
  if (!f) {
    errors_add(&w->err, "file", "Choose the file to load");
    load_form(w, k, NULL);
    return;
  }
  char *zDir = NULL;
  char *zPath = keep_upload(f, &zDir);
  if (!zPath) {
    errors_add(&w->err, "file", "The file could not be kept for loading: try again, or tell your administrator");
    load_form(w, k, NULL);
    return;
  }
  Buf out = {0}, err = {0};
  int rc = k->xRun(w, zPath, &out, &err);
  unlink(zPath);
  rmdir(zDir);
  free(zPath);
  free(zDir);
  if (rc != 0) {
    /* A form error of its own (xRun said which field), or the file's
    ** lines, each listed to correct. */
    if (!w->err.n) errors_add(&w->err, "file", "Nothing was loaded: correct the lines listed below and load the whole file again");
    load_form(w, k, err.z);
    buf_free(&out);
    buf_free(&err);
    return;
  }
  /* Sent in answer to the POST, not after a redirect: a users' load
  ** shows each new secret once, and it must not be in any address. */
  Buf *b = w->out;
  page_begin(w, k->zTitle);
  html_printf(b, "<div class=\"govuk-panel govuk-panel--confirmation\">\n<h1 class=\"govuk-panel__title\">"
                 "File loaded</h1>\n<div class=\"govuk-panel__body\">%h</div>\n</div>\n",
              f->zName);
  if (k->xRun == run_users) users_report(w, out.z);
  else report_list(b, out.z, "");
  html_raw(b, "<p class=\"govuk-body\">Every change is in the audit log.</p>\n"
              "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/import\">Load another file</a></p>\n");
  page_end(w);
  if (out.z) memset(out.z, 0, out.n);
  buf_free(&out);
  buf_free(&err);
}

/* ---- Downloads in the load's columns ---------------------------------------- */

static int download_children(Web *w, FILE *f) { return export_children(w->db, f, w->sess.user.zUsername); }
static int download_iros(Web *w, FILE *f) { return export_iros(w->db, f, w->sess.user.zUsername); }

void page_import_kind_download(Web *w) {
  const Kind *k = allowed_kind(w);
  if (!k) return;
  if (!k->xDownload) {
    not_found(w);
    return;
  }
  char *z = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&z, &n);
  /* The exports return how many records they wrote, or -1. */
  int rc = f ? k->xDownload(w, f) : -1;
  if (f && fclose(f) != 0) rc = -1;
  if (rc < 0 || db_failed(w->db)) {
    free(z);
    w->resp->status = 503;
    w->resp->zType = "text/plain; charset=utf-8";
    buf_puts(w->out, "The file could not be made (or its download could not be written to the audit log): "
                     "try again in a minute.\n");
    return;
  }
  buf_append(w->out, z, n);
  free(z);
  w->resp->zType = "text/csv; charset=utf-8";
  char zDisp[80];
  snprintf(zDisp, sizeof zDisp, "attachment; filename=\"%s.csv\"", k->zKind);
  http_set_header(w->resp, "Content-Disposition", zDisp);
}

void web_imports_configure(void) {
  for (int i = 0; i < COUNT(aKind); i++) {
    char *zPath = xmprintf("/import/%s", aKind[i].zKind);
    http_allow_upload(zPath, IMPORT_MAX);
    free(zPath);
  }
}
