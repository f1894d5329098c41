/*
** web.c: the web application's skeleton: one table of routes, one path
** every request takes through it, the page layout and the GOV.UK
** components pages are built from.
*/
#include "web.h"
#include "unregistered.h"
#include "assets.h"
#include "audit.h"
#include "cli.h"
#include "cover.h"
#include "deadlines.h"
#include "metrics.h"
#include "notices.h"
#include "digest.h"
#include "gzip.h"
#include "settings.h"
#include "outbox.h"
#include "rules.h"
#include "signin.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SESSION_COOKIE "oversight_session"
#define SERVE_BUSY_MS 5000

/* ---- Configuration (set once by `oversight serve`) ------------------------ */

static char *zProxyHeader;         /* e.g. "X-Remote-User", or NULL */
static char **azTrustedProxy;      /* addresses whose proxy header is believed */
static int nTrustedProxy;
static pthread_rwlock_t rulesLock = PTHREAD_RWLOCK_INITIALIZER;

void web_configure_proxy(const char *zHeader, const char *zAddrs) {
  zProxyHeader = zHeader ? xstrdup(zHeader) : NULL;
  if (!zAddrs) return;
  char *z = xstrdup(zAddrs);
  for (char *t = strtok(z, ","); t; t = strtok(NULL, ",")) {
    azTrustedProxy = xrealloc(azTrustedProxy, (size_t)(nTrustedProxy + 1) * sizeof(char *));
    azTrustedProxy[nTrustedProxy++] = xstrdup(t);
  }
  free(z);
}

static int from_trusted_proxy(const Req *r) {
  for (int i = 0; i < nTrustedProxy; i++) {
    if (strcmp(r->zClient, azTrustedProxy[i]) == 0) return 1;
  }
  return 0;
}

/* Each worker thread keeps its own connection (a Db is single-threaded),
** closed when the thread ends (the server stopping joins them). */
static _Thread_local Db *tDb;
static pthread_key_t dbKey;
static pthread_once_t dbKeyOnce = PTHREAD_ONCE_INIT;

/* The sessions this thread has read, kept while nothing is committed
** (db_read_mark): a page view that changes nothing, the IRO's home above
** all, then reads nothing from the database when its page is cached, so
** it takes none of the WAL's locks. A change anywhere (a session touched,
** a user disabled, by this server or another program) moves the mark and
** the row is read again. Keyed by the id's hash, never the id, so the
** comparison tells nothing about live ids. */
#define SESSION_MEMO 16
static _Thread_local struct SessionMemo {
  DbMark mark;
  SessionRow row;
  int used;
} aSessionMemo[SESSION_MEMO];
static _Thread_local int iSessionMemoNext;

static int session_lookup(Db *db, const char *zSid, Session *out) {
  char zHash[65];
  if (!session_key(zSid, zHash)) {
    memset(out, 0, sizeof *out);
    return 0;
  }
  struct SessionMemo *m = NULL;
  for (int i = 0; i < SESSION_MEMO && !m; i++) {
    if (aSessionMemo[i].used && strcmp(aSessionMemo[i].row.zHash, zHash) == 0) m = &aSessionMemo[i];
  }
  if (m && db_read_marked(db, &m->mark)) return session_judge(db, zSid, &m->row, out);
  DbMark mark;
  int marked = db_read_mark(db, &mark);
  SessionRow r;
  if (!session_read(db, zSid, &r)) {
    if (m) m->used = 0;
    memset(out, 0, sizeof *out);
    return 0;
  }
  if (marked && !db_failed(db)) {
    if (!m) {
      m = &aSessionMemo[iSessionMemoNext];
      iSessionMemoNext = (iSessionMemoNext + 1) % SESSION_MEMO;
    }
    *m = (struct SessionMemo){.mark = mark, .row = r, .used = 1};
  } else if (m) {
    m->used = 0;
  }
  return session_judge(db, zSid, &r, out);
}

static void head_memo_free(void);
static void thread_db_close(void *p) {
  db_close(p);
  head_memo_free();
}
static void db_key_make(void) { pthread_key_create(&dbKey, thread_db_close); }

static Db *thread_db(void) {
  if (!tDb) {
    char *zErr = NULL;
    tDb = db_open(g_zDbPath, &zErr);
    if (!tDb) {
      fprintf(stderr, "oversight serve: %s\n", zErr);
      free(zErr);
    } else {
      pthread_once(&dbKeyOnce, db_key_make);
      pthread_setspecific(dbKey, tDb);
      /* The checkpointer thread moves the WAL into the database, so no
      ** request waits while its commit happens to trigger a checkpoint. */
      db_exec_script(tDb, "PRAGMA wal_autocheckpoint=0");
      /* No memory map here. SQLite drops a connection's whole map (and
      ** its page cache) whenever another connection has committed since
      ** its last read, and every view of a child's record commits an
      ** audit entry: so each request unmapped and remapped the 900 MB
      ** file and faulted its pages back in. On 100,000 children that was
      ** half the child page's CPU (bench/http: 0.3-0.4 ms a request
      ** against 0.13-0.17 ms reading pages with pread). The command line
      ** and the background threads keep the map: they read much and
      ** seldom see another's commit. A page read cold, with no writes
      ** between, costs about a fifth more CPU this way (an IRO's
      ** dashboard not in the page cache, 22 ms against 18 ms). */
      db_exec_script(tDb, "PRAGMA mmap_size=0");
      /* A request waits this long for another program's write (an import
      ** on the command line), then gets a 503 saying to try again. */
      db_set_busy_wait(tDb, SERVE_BUSY_MS);
    }
  }
  return tDb;
}

/* A background thread's own connection, or NULL, said on stderr with
** what the thread does (zWhat). */
static Db *background_db(const char *zWhat) {
  char *zErr = NULL;
  Db *db = db_open(g_zDbPath, &zErr);
  if (!db) {
    fprintf(stderr, "oversight serve: %s: %s\n", zWhat, zErr);
    free(zErr);
  }
  return db;
}

static void *checkpointer(void *arg) {
  (void)arg;
  Db *db = background_db("checkpoints");
  if (!db) return NULL;
  for (;;) {
    /* PASSIVE never blocks writers or readers; it does what it can. It
    ** also leaves Litestream (docs/operations.md) working: Litestream
    ** holds a read transaction so that the -wal is never checkpointed past
    ** what it has copied nor started again before it has seen the end.
    ** PASSIVE stops at a reader's mark; RESTART and TRUNCATE would wait
    ** for that reader while holding up every writer, and, in a moment
    ** when Litestream lets go, reset the -wal under it and make it copy
    ** the whole database again. tests/litestream.sh checks the binary
    ** holds neither. */
    db_exec_script(db, "PRAGMA wal_checkpoint(PASSIVE)");
    usleep(250 * 1000);
  }
  return NULL;
}

/* The day's emails, once a day from mail.daily_at (07:30): each IRO's
** digest and the other daily messages (notices.h), as `oversight mail
** digest` queues them from a timer; queueing them twice adds nothing, so
** a restart, or the timer as well, is harmless. Not while mail.transport
** is none: a server that sends nothing should not pile up a queue. 1 when
** the day's run is done (or not wanted), 0 to try again next minute. */
static int daily_run(Db *db, Date today) {
  char *zTransport = setting_get(db, "mail.transport", "none");
  char *zAt = setting_get(db, "mail.daily_at", "07:30");
  int off = strcmp(zTransport, "none") == 0, hh = 7, mm = 30;
  sscanf(zAt, "%d:%d", &hh, &mm);
  free(zTransport);
  free(zAt);
  if (off) return 0;
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  if (tm.tm_hour * 60 + tm.tm_min < hh * 60 + mm) return 0;
  char *zBase = setting_get(db, "mail.base_url", ""), *zErr = NULL;
  DigestList l;
  int rc = digests_build(db, today, zBase, &l);
  if (rc == 0 && digests_queue(db, today, &l, "oversight serve", &zErr) < 0) rc = -1;
  digests_free(&l);
  int nAll = 0;
  if (rc == 0 && notices_queue_day(db, today, "oversight serve", &nAll, &zErr) < 0) rc = -1;
  if (rc != 0) {
    fprintf(stderr, "oversight serve: the day's emails not queued: %s\n", zErr ? zErr : db_errmsg(db));
    db_clear_failure(db);
  }
  free(zErr);
  free(zBase);
  return rc == 0;
}

/* Email: every minute, deliver what the outbox holds that is due
** (outbox.h), as `oversight mail send` does from a timer, after queueing
** the day's emails once the time comes (daily_run()). The settings are
** read each time, so turning mail.transport on needs no restart; with it
** off the thread only looks. */
static void *mail_sender(void *arg) {
  (void)arg;
  Db *db = background_db("email");
  if (!db) return NULL;
  char *zErr = NULL;
  Date lastDay = DATE_NONE;
  for (;;) {
    sleep(60);
    OutboxRun run;
    /* The rules are read under the lock the request threads take to
    ** reload them after an administrator changes one. */
    pthread_rwlock_rdlock(&rulesLock);
    Date today = date_today();
    if (today != lastDay && daily_run(db, today)) lastDay = today;
    int rc = outbox_send_due(db, 0, "oversight serve", &run, &zErr);
    pthread_rwlock_unlock(&rulesLock);
    if (rc != 0 && db_int(db, 0, "SELECT count(*) FROM outbox WHERE status = 'queued'", "") > 0) {
      fprintf(stderr, "oversight serve: email not sent: %s\n", zErr);
    }
    if (run.nSent || run.nFailed) {
      fprintf(stderr, "oversight serve: email: %d sent, %d failed\n", run.nSent, run.nFailed);
    }
    free(zErr);
    zErr = NULL;
    db_clear_failure(db);
  }
  return NULL;
}

/* The audit writer: views' entries in group commits (audit_view). */
static void *audit_writer(void *arg) {
  (void)arg;
  Db *db = background_db("audit writer");
  if (!db) return NULL;   /* views are then audited by their own requests */
  db_exec_script(db, "PRAGMA wal_autocheckpoint=0");   /* the checkpointer's work */
  db_set_busy_wait(db, SERVE_BUSY_MS);
  /* A millisecond between commits: on 100,000 children (bench/http) the
  ** child page's views then commit some ten at a time, and each request's
  ** connection re-reads its pages after a tenth as many commits. */
  audit_writer_run(db, 1000);
  return NULL;
}

void web_start_background(void) {
  /* libcurl's global setup is not thread-safe: before any thread starts. */
  mail_global_init();
  pthread_t t;
  if (pthread_create(&t, NULL, checkpointer, NULL) == 0) pthread_detach(t);
  if (pthread_create(&t, NULL, audit_writer, NULL) == 0) pthread_detach(t);
  if (pthread_create(&t, NULL, mail_sender, NULL) == 0) pthread_detach(t);
}

/* ---- Routes ----------------------------------------------------------------- */

/* CSV and XLSX: the route is a download of its page's tables (Web.fmt).
** TEMPORARY_OK: open to someone signed in with a temporary password, who
** is sent to change it from every other page. */
enum { PUBLIC = 1, LOGIN_FORM = 2, CSV = 4, XLSX = 8, TEMPORARY_OK = 16 };

static void page_login(Web *w);
static void page_login_post(Web *w);
static void page_logout(Web *w);

/* Every URL of the application. "{}" matches one path segment. The
** capability is checked before the handler runs; PUBLIC pages need no
** sign-in. Kept in one place so the route x role test can walk it. */
static const struct Route {
  const char *zMethod, *zPattern;
  PageFn x;
  unsigned cap;
  unsigned flags;
} aRoute[] = {
  {"GET", "/", page_home, 0, 0},
  {"GET", "/account/emails", page_account_emails, 0, 0},
  {"POST", "/account/emails", page_account_emails_save, 0, 0},
  {"GET", "/account/password", page_account_password, 0, TEMPORARY_OK},
  {"POST", "/account/password", page_account_password_save, 0, TEMPORARY_OK},
  {"GET", "/admin", page_admin_hub, CAP_USERS_ADMIN, 0},
  {"GET", "/admin/outbox", page_outbox, CAP_USERS_ADMIN, 0},
  /* Data protection (web_retention.c): the administrator's, as the other
  ** /admin pages; LADO records are the Designated Officer's (below). */
  {"GET", "/admin/retention", page_retention, CAP_USERS_ADMIN, 0},
  {"GET", "/admin/retention/{}/{}", page_retention_record, CAP_USERS_ADMIN, 0},
  {"POST", "/admin/retention/{}/{}", page_retention_destroy, CAP_USERS_ADMIN, 0},
  {"GET", "/admin/sar", page_sar, CAP_USERS_ADMIN, 0},
  {"GET", "/admin/sar/staff", page_staff_sar, CAP_USERS_ADMIN, 0},
  {"GET", "/alerts", page_alerts, CAP_ALERTS_ANY, 0},
  {"GET", "/alerts.csv", page_alerts, CAP_CHILD_VIEW, CSV},
  {"GET", "/alerts.xlsx", page_alerts, CAP_CHILD_VIEW, XLSX},
  {"POST", "/alerts", page_alert_ack, CAP_CHILD_VIEW, 0},
  {"POST", "/alerts/acknowledge", page_service_alert_ack, CAP_SERVICE_ALERTS, 0},
  {"GET", "/audit", page_audit, CAP_AUDIT_VIEW, 0},
  {"GET", "/audit.csv", page_audit, CAP_AUDIT_VIEW, CSV},
  {"GET", "/audit.xlsx", page_audit, CAP_AUDIT_VIEW, XLSX},
  {"GET", "/children", page_children, CAP_CHILD_VIEW, 0},
  {"GET", "/children.csv", page_children, CAP_CHILD_VIEW, CSV},
  {"GET", "/children.xlsx", page_children, CAP_CHILD_VIEW, XLSX},
  {"POST", "/children", page_child_create, CAP_CHILD_RECORDS, 0},
  /* Before /children/{}, which would take "new" for a child's ID. */
  {"GET", "/children/new", page_child_new, CAP_CHILD_RECORDS, 0},
  {"GET", "/children/{}", page_child, CAP_CHILD_VIEW, 0},
  {"GET", "/children/{}/download.csv", page_child, CAP_CHILD_VIEW, CSV},
  {"GET", "/children/{}/download.xlsx", page_child, CAP_CHILD_VIEW, XLSX},
  {"POST", "/children/{}", page_child_save, CAP_CHILD_RECORDS, 0},
  {"GET", "/children/{}/edit", page_child_edit, CAP_CHILD_RECORDS, 0},
  {"GET", "/children/{}/notifications", page_child_notifications, CAP_CHILD_RECORDS, 0},
  {"POST", "/children/{}/notifications", page_notification_add, CAP_CHILD_RECORDS, 0},
  {"POST", "/children/{}/notifications/{}", page_notification_save, CAP_CHILD_RECORDS, 0},
  {"GET", "/children/{}/siblings", page_child_siblings, CAP_CHILD_RECORDS, 0},
  {"POST", "/children/{}/siblings", page_siblings_link, CAP_CHILD_RECORDS, 0},
  {"POST", "/children/{}/siblings/unlink", page_siblings_unlink, CAP_CHILD_RECORDS, 0},
  {"GET", "/children/{}/allocation", page_allocation_form, CAP_ALLOCATE, 0},
  {"POST", "/children/{}/allocation", page_allocation_save, CAP_ALLOCATE, 0},
  {"GET", "/children/{}/contacts/new", page_contact_form, CAP_CHILD_EDIT, 0},
  {"POST", "/children/{}/contacts", page_contact_save, CAP_CHILD_EDIT, 0},
  /* "new" and "end" before "{}": the first pattern that matches wins. */
  {"GET", "/children/{}/placements/new", page_placement_new, CAP_PLACEMENTS, 0},
  {"POST", "/children/{}/placements", page_placement_create, CAP_PLACEMENTS, 0},
  {"GET", "/children/{}/placements/end", page_placement_end_form, CAP_PLACEMENTS, 0},
  {"POST", "/children/{}/placements/end", page_placement_end, CAP_PLACEMENTS, 0},
  {"GET", "/children/{}/placements/{}/edit", page_placement_edit, CAP_PLACEMENTS, 0},
  {"POST", "/children/{}/placements/{}", page_placement_save, CAP_PLACEMENTS, 0},
  {"GET", "/children/{}/recommendations/{}", page_recommendation, CAP_CHILD_VIEW, 0},
  {"POST", "/children/{}/recommendations/{}", page_recommendation_save, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/reviews/new", page_review_form, CAP_CHILD_EDIT, 0},
  {"POST", "/children/{}/reviews", page_review_save, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/reviews/{}/edit", page_review_form, CAP_CHILD_EDIT, 0},
  {"POST", "/children/{}/reviews/{}", page_review_save, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/reviews/{}/letter", page_review_letter, CAP_CHILD_VIEW, 0},
  {"POST", "/children/{}/reviews/{}/letter", page_review_letter_sent, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/reviews/{}/record", page_review_record, CAP_CHILD_VIEW, 0},
  {"POST", "/children/{}/reviews/{}/record", page_review_record_sent, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/unregistered", page_child_unregistered, CAP_CHILD_EDIT, 0},
  {"GET", "/children/{}/unregistered.csv", page_child_unregistered, CAP_CHILD_EDIT, CSV},
  {"GET", "/children/{}/unregistered.xlsx", page_child_unregistered, CAP_CHILD_EDIT, XLSX},
  {"POST", "/children/{}/unregistered/notified", page_unreg_notified_save, CAP_CHILD_EDIT, 0},
  {"POST", "/children/{}/unregistered/record", page_unreg_record_save, CAP_CHILD_EDIT, 0},
  {"POST", "/children/{}/unregistered/visit", page_unreg_visit_save, CAP_CHILD_EDIT, 0},
  {"GET", "/escalations", page_escalations, CAP_CHILD_VIEW, 0},
  {"GET", "/escalations.csv", page_escalations, CAP_CHILD_VIEW, CSV},
  {"GET", "/escalations.xlsx", page_escalations, CAP_CHILD_VIEW, XLSX},
  {"POST", "/escalations", page_escalation_create, CAP_ESCALATE, 0},
  {"GET", "/escalations/new", page_escalation_new, CAP_ESCALATE, 0},
  {"GET", "/escalations/weekly", page_escalations_weekly, CAP_SERVICE_VIEW, 0},
  {"GET", "/escalations/weekly.csv", page_escalations_weekly_csv, CAP_SERVICE_VIEW, 0},
  {"GET", "/escalations/weekly.xlsx", page_escalations_weekly_xlsx, CAP_SERVICE_VIEW, 0},
  {"GET", "/escalations/{}", page_escalation, CAP_CHILD_VIEW, 0},
  {"POST", "/escalations/{}/respond", page_escalation_respond, CAP_ESCALATE, 0},
  {"POST", "/escalations/{}/move", page_escalation_move, CAP_ESCALATE, 0},
  {"POST", "/escalations/{}/close", page_escalation_close, CAP_ESCALATE, 0},
  {"GET", "/homes", page_homes, CAP_HOMES, 0},
  {"GET", "/homes.csv", page_homes, CAP_HOMES, CSV},
  {"GET", "/homes.xlsx", page_homes, CAP_HOMES, XLSX},
  {"POST", "/homes", page_home_create, CAP_HOMES, 0},
  {"GET", "/homes/new", page_home_new, CAP_HOMES, 0},
  {"GET", "/homes/qpag", page_qpag_report, CAP_HOMES_REPORT, 0},
  {"GET", "/homes/qpag.csv", page_qpag_report_csv, CAP_HOMES_REPORT, 0},
  {"GET", "/homes/qpag.xlsx", page_qpag_report_xlsx, CAP_HOMES_REPORT, 0},
  {"GET", "/homes/qpag/actions", page_qpag_actions, CAP_HOMES, 0},
  {"GET", "/homes/qpag/actions.csv", page_qpag_actions, CAP_HOMES, CSV},
  {"GET", "/homes/qpag/actions.xlsx", page_qpag_actions, CAP_HOMES, XLSX},
  {"POST", "/homes/qpag/actions", page_qpag_action_add, CAP_HOMES, 0},
  {"POST", "/homes/qpag/actions/{}/done", page_qpag_action_done, CAP_HOMES, 0},
  {"POST", "/homes/qpag/actions/{}/escalate", page_qpag_action_escalate, CAP_HOMES, 0},
  {"POST", "/homes/qpag/thematic", page_qpag_thematic_add, CAP_HOMES, 0},
  {"GET", "/homes/{}", page_home_record, CAP_HOMES, 0},
  {"GET", "/homes/{}/download.csv", page_home_record, CAP_HOMES, CSV},
  {"GET", "/homes/{}/download.xlsx", page_home_record, CAP_HOMES, XLSX},
  {"POST", "/homes/{}", page_home_save, CAP_HOMES, 0},
  {"POST", "/homes/{}/audit-actions/{}/done", page_home_audit_action_done, CAP_HOMES, 0},
  {"POST", "/homes/{}/audit-actions/{}/qpag", page_home_audit_action_qpag, CAP_HOMES, 0},
  {"POST", "/homes/{}/audits", page_home_audit_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/feedback", page_home_feedback_create, CAP_HOMES, 0},
  {"GET", "/homes/{}/feedback/new", page_home_feedback_new, CAP_HOMES, 0},
  {"GET", "/homes/{}/feedback/{}", page_home_feedback, CAP_HOMES, 0},
  {"POST", "/homes/{}/feedback/{}", page_home_feedback_save, CAP_HOMES, 0},
  {"GET", "/homes/{}/edit", page_home_edit, CAP_HOMES, 0},
  {"POST", "/homes/{}/inspections", page_home_inspection_create, CAP_HOMES, 0},
  {"GET", "/homes/{}/inspections/new", page_home_inspection_new, CAP_HOMES, 0},
  {"GET", "/homes/{}/inspections/{}", page_home_inspection, CAP_HOMES, 0},
  {"GET", "/homes/{}/inspections/{}/download.csv", page_home_inspection, CAP_HOMES, CSV},
  {"GET", "/homes/{}/inspections/{}/download.xlsx", page_home_inspection, CAP_HOMES, XLSX},
  {"POST", "/homes/{}/inspections/{}/actions", page_home_action_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/inspections/{}/actions/{}/complete", page_home_action_complete, CAP_HOMES, 0},
  {"POST", "/homes/{}/inspections/{}/monitoring", page_home_monitoring_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/inspections/{}/requirements", page_home_requirement_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/months", page_home_month_save, CAP_HOMES, 0},
  {"GET", "/homes/{}/months/new", page_home_month_new, CAP_HOMES, 0},
  {"POST", "/homes/{}/notifications", page_home_notification_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/notifications/{}", page_home_notification_save, CAP_HOMES, 0},
  {"POST", "/homes/{}/qa-audits", page_home_qa_audit_add, CAP_HOMES, 0},
  {"GET", "/homes/{}/qa-audits/{}", page_home_qa_audit, CAP_HOMES, 0},
  {"POST", "/homes/{}/qa-audits/{}/actions", page_home_qa_action_add, CAP_HOMES, 0},
  {"POST", "/homes/{}/reg44", page_home_reg44_add, CAP_HOMES, 0},
  {"GET", "/homes/{}/reg44/{}", page_home_reg44, CAP_HOMES, 0},
  {"POST", "/homes/{}/reg44/{}", page_home_reg44_save, CAP_HOMES, 0},
  {"POST", "/homes/{}/weekly", page_home_weekly_save, CAP_HOMES, 0},
  {"GET", "/homes/{}/weekly/new", page_home_weekly_new, CAP_HOMES, 0},
  {"POST", "/homes/{}/surveys", page_home_survey_add, CAP_HOMES, 0},
  {"GET", "/homes/{}/surveys/{}", page_home_survey, CAP_HOMES, 0},
  {"POST", "/homes/{}/surveys/{}", page_home_survey_save, CAP_HOMES, 0},
  {"GET", "/homes/{}/surveys/{}/edit", page_home_survey_edit, CAP_HOMES, 0},
  {"POST", "/homes/{}/surveys/{}/responses", page_home_survey_response_add, CAP_HOMES, 0},
  /* Load data: one route per kind, so the upload gate checks each kind's
  ** own capability before it reads the body (web_imports.c). */
  {"GET", "/import", page_imports, CAP_LOAD_ANY, 0},
  {"GET", "/import/903", page_import_903, CAP_IMPORT, 0},
  {"POST", "/import/903", page_import_903_upload, CAP_IMPORT, 0},
  {"GET", "/import/903/changes.csv", page_import_903_changes, CAP_IMPORT, 0},
  {"GET", "/import/903/check", page_import_903_check, CAP_IMPORT, 0},
  {"GET", "/import/903/errors.csv", page_import_903_errors, CAP_IMPORT, 0},
  {"POST", "/import/903/load", page_import_903_load, CAP_IMPORT, 0},
  {"GET", "/import/children", page_import_kind, CAP_CHILD_RECORDS, 0},
  {"POST", "/import/children", page_import_kind_load, CAP_CHILD_RECORDS, 0},
  {"GET", "/import/children/download.csv", page_import_kind_download, CAP_CHILD_RECORDS, 0},
  {"GET", "/import/iros", page_import_kind, CAP_IROS_ADMIN, 0},
  {"POST", "/import/iros", page_import_kind_load, CAP_IROS_ADMIN, 0},
  {"GET", "/import/iros/download.csv", page_import_kind_download, CAP_IROS_ADMIN, 0},
  {"GET", "/import/postcodes", page_import_kind, CAP_PLACEMENTS, 0},
  {"POST", "/import/postcodes", page_import_kind_load, CAP_PLACEMENTS, 0},
  {"GET", "/import/users", page_import_kind, CAP_USERS_ADMIN, 0},
  {"POST", "/import/users", page_import_kind_load, CAP_USERS_ADMIN, 0},
  {"GET", "/iros", page_iros, CAP_IROS_ADMIN, 0},
  {"GET", "/iros.csv", page_iros, CAP_IROS_ADMIN, CSV},
  {"GET", "/iros.xlsx", page_iros, CAP_IROS_ADMIN, XLSX},
  {"POST", "/iros", page_iro_create, CAP_IROS_ADMIN, 0},
  /* Before /iros/{}, which would take "new" for an IRO's id. */
  {"GET", "/iros/new", page_iro_new, CAP_IROS_ADMIN, 0},
  {"GET", "/iros/{}", page_iro_dashboard, CAP_SERVICE_VIEW, 0},
  {"POST", "/iros/{}/cover", page_cover_add, CAP_COVER, 0},
  {"POST", "/iros/{}/cover/{}/end", page_cover_end, CAP_COVER, 0},
  {"POST", "/iros/{}", page_iro_save, CAP_IROS_ADMIN, 0},
  {"GET", "/iros/{}/download.csv", page_iro_dashboard, CAP_SERVICE_VIEW, CSV},
  {"GET", "/iros/{}/download.xlsx", page_iro_dashboard, CAP_SERVICE_VIEW, XLSX},
  {"GET", "/iros/{}/edit", page_iro_edit, CAP_IROS_ADMIN, 0},
  {"GET", "/lado", page_lado, CAP_LADO, 0},
  {"GET", "/lado/cases", page_lado_cases, CAP_LADO, 0},
  {"GET", "/lado/cases.csv", page_lado_cases, CAP_LADO, CSV},
  {"GET", "/lado/cases.xlsx", page_lado_cases, CAP_LADO, XLSX},
  {"GET", "/lado/cases/{}", page_lado_case, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/close", page_lado_close, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/correction", page_lado_correction, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/decision", page_lado_decision, CAP_LADO, 0},
  {"GET", "/lado/cases/{}/destroy", page_lado_destroy_form, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/destroy", page_lado_destroy, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/meetings", page_lado_meeting, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/outcome", page_lado_outcome, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/recommendations", page_lado_recommendation, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/referral", page_lado_referral, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/retention", page_lado_retention, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/strategy-meetings", page_lado_strategy, CAP_LADO, 0},
  {"POST", "/lado/cases/{}/cross-border", page_lado_cross_border, CAP_LADO, 0},
  {"POST", "/lado/contacts", page_lado_contact_create, CAP_LADO, 0},
  {"GET", "/lado/contacts/new", page_lado_contact_new, CAP_LADO, 0},
  {"GET", "/lado/dashboard.csv", page_lado_dashboard_csv, CAP_LADO, 0},
  {"GET", "/lado/dashboard.xlsx", page_lado_dashboard_xlsx, CAP_LADO, 0},
  {"GET", "/lado/export.csv", page_lado_export, CAP_LADO, 0},
  {"GET", "/lado/dip-samples", page_lado_dips, CAP_LADO, 0},
  {"GET", "/lado/dip-samples.csv", page_lado_dips, CAP_LADO, CSV},
  {"GET", "/lado/dip-samples.xlsx", page_lado_dips, CAP_LADO, XLSX},
  {"POST", "/lado/dip-samples", page_lado_dip_create, CAP_LADO, 0},
  {"GET", "/lado/dip-samples/new", page_lado_dip_new, CAP_LADO, 0},
  {"GET", "/lado/dip-samples/{}", page_lado_dip_edit, CAP_LADO, 0},
  {"POST", "/lado/dip-samples/{}", page_lado_dip_update, CAP_LADO, 0},
  {"GET", "/lado/training", page_lado_trainings, CAP_LADO, 0},
  {"GET", "/lado/training.csv", page_lado_trainings, CAP_LADO, CSV},
  {"GET", "/lado/training.xlsx", page_lado_trainings, CAP_LADO, XLSX},
  {"POST", "/lado/training", page_lado_training_create, CAP_LADO, 0},
  {"GET", "/lado/training/new", page_lado_training_new, CAP_LADO, 0},
  {"GET", "/lado/training/{}", page_lado_training_edit, CAP_LADO, 0},
  {"POST", "/lado/training/{}", page_lado_training_update, CAP_LADO, 0},
  {"POST", "/lado/recommendations/{}/implemented", page_lado_rec_implemented, CAP_LADO, 0},
  {"GET", "/lado/report", page_lado_report, CAP_LADO_KPI, 0},
  {"GET", "/lado/sar", page_lado_sar, CAP_LADO, 0},
  {"GET", "/lado/report.csv", page_lado_report_csv, CAP_LADO_KPI, 0},
  {"GET", "/lado/report.xlsx", page_lado_report_xlsx, CAP_LADO_KPI, 0},
  {"GET", "/localities", page_localities, CAP_IROS_ADMIN, 0},
  {"GET", "/localities.csv", page_localities, CAP_IROS_ADMIN, CSV},
  {"GET", "/localities.xlsx", page_localities, CAP_IROS_ADMIN, XLSX},
  {"POST", "/localities", page_locality_create, CAP_IROS_ADMIN, 0},
  {"POST", "/localities/{}", page_locality_save, CAP_IROS_ADMIN, 0},
  {"GET", "/login", page_login, 0, PUBLIC | LOGIN_FORM},
  {"POST", "/login", page_login_post, 0, PUBLIC | LOGIN_FORM},
  {"POST", "/logout", page_logout, 0, TEMPORARY_OK},
  {"GET", "/my-children.csv", page_my_children_download, CAP_OWN_CASELOAD, CSV},
  {"GET", "/my-children.xlsx", page_my_children_download, CAP_OWN_CASELOAD, XLSX},
  /* The one-time link: no session yet, so no token; web_same_origin instead. */
  {"GET", "/password/set", page_password_set, 0, PUBLIC | LOGIN_FORM | TEMPORARY_OK},
  {"POST", "/password/set", page_password_set_save, 0, PUBLIC | LOGIN_FORM | TEMPORARY_OK},
  {"GET", "/private-fostering", page_pf_dashboard, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering", page_pf_create, CAP_PRIVATE_FOSTERING, 0},
  {"GET", "/private-fostering.csv", page_pf_dashboard, CAP_PRIVATE_FOSTERING, CSV},
  {"GET", "/private-fostering.xlsx", page_pf_dashboard, CAP_PRIVATE_FOSTERING, XLSX},
  {"GET", "/private-fostering/new", page_pf_new, CAP_PRIVATE_FOSTERING, 0},
  {"GET", "/private-fostering/report", page_pf_report, CAP_PF_REPORT, 0},
  /* Before /private-fostering/{}, which would take "sar" for an arrangement. */
  {"GET", "/private-fostering/sar", page_pf_sar, CAP_PRIVATE_FOSTERING, 0},
  {"GET", "/private-fostering/report.csv", page_pf_report_csv, CAP_PF_REPORT, 0},
  {"GET", "/private-fostering/report.xlsx", page_pf_report_xlsx, CAP_PF_REPORT, 0},
  {"GET", "/private-fostering/{}", page_pf, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/assessment", page_pf_assessment, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/audits", page_pf_case_audit, CAP_PRIVATE_FOSTERING, 0},
  {"GET", "/private-fostering/{}/download.csv", page_pf, CAP_PRIVATE_FOSTERING, CSV},
  {"GET", "/private-fostering/{}/download.xlsx", page_pf, CAP_PRIVATE_FOSTERING, XLSX},
  {"POST", "/private-fostering/{}/details", page_pf_details, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/end", page_pf_end, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/initial-visit", page_pf_initial_visit, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/orders", page_pf_order, CAP_PRIVATE_FOSTERING, 0},
  {"POST", "/private-fostering/{}/visits", page_pf_visit, CAP_PRIVATE_FOSTERING, 0},
  {"GET", "/reports", page_reports_hub, CAP_ANY_REPORT, 0},
  {"GET", "/reports/annual", page_report_annual, CAP_REPORTS, 0},
  {"GET", "/reports/annual.csv", page_report_annual_csv, CAP_REPORTS, 0},
  {"GET", "/reports/annual.xlsx", page_report_annual_xlsx, CAP_REPORTS, 0},
  {"GET", "/reports/exceptions", page_report_exceptions, CAP_SERVICE_VIEW, 0},
  {"GET", "/reports/exceptions.csv", page_report_exceptions_csv, CAP_SERVICE_VIEW, 0},
  {"GET", "/reports/exceptions.xlsx", page_report_exceptions_xlsx, CAP_SERVICE_VIEW, 0},
  {"GET", "/reports/weekly", page_report_weekly, CAP_SERVICE_VIEW, 0},
  {"GET", "/reports/weekly.csv", page_report_weekly_csv, CAP_SERVICE_VIEW, 0},
  {"GET", "/reports/weekly.xlsx", page_report_weekly_xlsx, CAP_SERVICE_VIEW, 0},
  {"GET", "/rules", page_rules, CAP_RULES_EDIT, 0},
  {"GET", "/rules.csv", page_rules, CAP_RULES_EDIT, CSV},
  {"GET", "/rules.xlsx", page_rules, CAP_RULES_EDIT, XLSX},
  {"GET", "/rules/{}", page_rule_form, CAP_RULES_EDIT, 0},
  {"POST", "/rules/{}", page_rule_save, CAP_RULES_EDIT, 0},
  {"GET", "/rules/contacts/{}", page_contact_counts_form, CAP_RULES_EDIT, 0},
  {"POST", "/rules/contacts/{}", page_contact_counts_save, CAP_RULES_EDIT, 0},
  {"GET", "/service", page_service, CAP_SERVICE_VIEW, 0},
  {"GET", "/service.csv", page_service, CAP_SERVICE_VIEW, CSV},
  {"GET", "/service.xlsx", page_service, CAP_SERVICE_VIEW, XLSX},
  {"GET", "/unregistered", page_unregistered, CAP_CHILD_VIEW, 0},
  {"GET", "/unregistered.csv", page_unregistered, CAP_CHILD_VIEW, CSV},
  {"GET", "/unregistered.xlsx", page_unregistered, CAP_CHILD_VIEW, XLSX},
  {"GET", "/users", page_users, CAP_USERS_ADMIN, 0},
  {"GET", "/users.csv", page_users, CAP_USERS_ADMIN, CSV},
  {"GET", "/users.xlsx", page_users, CAP_USERS_ADMIN, XLSX},
  {"POST", "/users", page_user_create, CAP_USERS_ADMIN, 0},
  {"GET", "/users/new", page_user_new, CAP_USERS_ADMIN, 0},
  {"GET", "/users/{}", page_user, CAP_USERS_ADMIN, 0},
  {"POST", "/users/{}", page_user_save, CAP_USERS_ADMIN, 0},
  {"POST", "/users/{}/unlock", page_user_unlock, CAP_USERS_ADMIN, 0},
};

int web_route_count(void) { return COUNT(aRoute); }

void web_route_at(int i, const char **pzMethod, const char **pzPattern, unsigned *pCap, int *pPublic) {
  *pzMethod = aRoute[i].zMethod;
  *pzPattern = aRoute[i].zPattern;
  *pCap = aRoute[i].cap;
  *pPublic = (aRoute[i].flags & PUBLIC) != 0;
}

/* Routes as the access log and /metrics number them (Resp.iRoute): 0
** refused before routing, then the table's, then the requests answered
** before the table is looked at. */
enum { SLOT_HEALTHZ = 1, SLOT_METRICS, SLOT_ASSETS, SLOT_NONE, N_SPECIAL_SLOTS = SLOT_NONE };
#define ROUTE_SLOT(i) (N_SPECIAL_SLOTS + 1 + (i))

static void slot_label(int iRoute, const char **pzMethod, const char **pzPattern) {
  static const char *const azSpecial[][2] = {
    {"-", "-"}, {"GET", "/healthz"}, {"GET", "/metrics"}, {"GET", "/assets/{}"}, {"-", "(no route)"}};
  if (iRoute <= N_SPECIAL_SLOTS) {
    *pzMethod = azSpecial[iRoute][0];
    *pzPattern = azSpecial[iRoute][1];
  } else {
    *pzMethod = aRoute[iRoute - ROUTE_SLOT(0)].zMethod;
    *pzPattern = aRoute[iRoute - ROUTE_SLOT(0)].zPattern;
  }
}

/* Match zPath against a pattern, capturing "{}" segments into w. */
static int route_match(const char *zPattern, const char *zPath, Web *w, char aSeg[4][128]) {
  int n = 0;
  const char *p = zPattern, *q = zPath;
  while (*p && *q) {
    if (p[0] == '{' && p[1] == '}') {
      size_t len = strcspn(q, "/");
      if (len == 0 || len >= 128 || n >= 4) return 0;
      memcpy(aSeg[n], q, len);
      aSeg[n][len] = 0;
      n++;
      p += 2;
      q += len;
    } else if (*p == *q) {
      p++;
      q++;
    } else {
      return 0;
    }
  }
  if (*p || *q) return 0;
  for (int i = 0; i < n; i++) w->azArg[i] = aSeg[i];
  w->nArg = n;
  return 1;
}

/* ---- Responses ---------------------------------------------------------------- */

static void security_headers(Resp *p) {
  /* No inline script or style anywhere, so the policy can forbid both. */
  http_set_header(p, "Content-Security-Policy",
                  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                  " font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none';"
                  " object-src 'none'");
  http_set_header(p, "X-Content-Type-Options", "nosniff");
  http_set_header(p, "X-Frame-Options", "DENY");
  http_set_header(p, "Referrer-Policy", "same-origin");
  http_set_header(p, "Cross-Origin-Opener-Policy", "same-origin");
  http_set_header(p, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

void redirect(Web *w, const char *zUrl) { http_redirect(w->resp, zUrl); }

static void error_page(Web *w, int status, const char *zTitle, const char *zText) {
  if (w->out == &w->resp->body) http_body_reset(w->resp);
  else buf_reset(w->out);
  w->resp->status = status;
  page_begin(w, zTitle);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n<p class=\"govuk-body\">%h</p>\n", zTitle, zText);
  html_raw(w->out, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to your home page</a></p>\n");
  page_end(w);
}

void not_found(Web *w) {
  error_page(w, 404, "Page not found", "If you typed the web address, check it is correct.");
}

void forbidden(Web *w) {
  error_page(w, 403, "You cannot see this page",
             "Your role does not include this. If you need it for your work, ask an administrator.");
}

void forbidden_child(Web *w) {
  error_page(w, 403, "You cannot change this child's record",
             "This child is not on your caseload: they are another IRO's child (or have no IRO yet). You can "
             "see their record, but only their own IRO, or an IRO recorded as covering for them, can change it. "
             "If you are covering for their IRO, ask a QA manager to record the cover on that IRO's page.");
}

/* ---- Who may change a child's record (SPEC §11) ------------------------------------ */

int may_change_child_id(Web *w, int64_t childId) {
  if (!(w->caps & CAP_CHILD_EDIT) && !(w->caps & CAP_ESCALATE)) return 0;
  if (w->caps & CAP_ANY_CHILD) return 1;
  return iro_may_change_child(w->db, w->sess.user.iroId, childId, w->today);
}

int may_change_child(Web *w, const Child *c) { return may_change_child_id(w, c->id); }

/* ---- Children in URLs ------------------------------------------------------------- */

ChildSet *path_child(Web *w) {
  ChildFilter f = {.zRef = w->azArg[0]};
  ChildSet *cs = childset_load(w->db, &f);
  if (cs->readError) {
    childset_free(cs);
    return NULL;   /* noted on the connection: the skeleton's error page */
  }
  if (cs->n != 1) {
    childset_free(cs);
    not_found(w);
    return NULL;
  }
  return cs;
}

char *child_url(const Child *c, const char *zSuffix) {
  Buf b = {0};
  buf_puts(&b, "/children/");
  url_escape(&b, c->zRef);
  buf_puts(&b, zSuffix);
  return buf_take(&b);
}

/* ---- Parameters ------------------------------------------------------------------- */

/* A field as sent: a POST's body, or a GET form's query (a filter). */
static const char *field_sent(Web *w, const char *zName) {
  return strcmp(w->req->zMethod, "GET") == 0 ? http_query(w->req, zName) : http_form(w->req, zName);
}

const char *form_text(Web *w, const char *zName) {
  const char *z = field_sent(w, zName);
  if (!z) return "";
  /* Trim in place: the value belongs to this request alone. */
  char *s = (char *)z;
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
  return s;
}

Date form_date(Web *w, const char *zName, const char *zWhat, int required) {
  char zD[64], zM[64], zY[64];
  snprintf(zD, sizeof zD, "%s-day", zName);
  snprintf(zM, sizeof zM, "%s-month", zName);
  snprintf(zY, sizeof zY, "%s-year", zName);
  const char *d = form_text(w, zD), *m = form_text(w, zM), *y = form_text(w, zY);
  if (!*d && !*m && !*y) {
    if (required) errors_add(&w->err, zName, "Enter %s", zWhat);
    return DATE_NONE;
  }
  const char *zMissing = !*d ? "day" : !*m ? "month" : !*y ? "year" : NULL;
  if (zMissing) {
    /* Capitalise the first letter of the description for a sentence. */
    errors_add(&w->err, zName, "%c%s must include a %s", zWhat[0] >= 'a' && zWhat[0] <= 'z' ? zWhat[0] - 32 : zWhat[0],
               zWhat + 1, zMissing);
    return DATE_NONE;
  }
  long dd, mm, yy;
  if (parse_int(d, 1, 31, &dd) || parse_int(m, 1, 12, &mm) || parse_int(y, 1900, 2199, &yy) ||
      !date_valid_ymd((int)yy, (int)mm, (int)dd)) {
    errors_add(&w->err, zName, "%c%s must be a real date", zWhat[0] >= 'a' && zWhat[0] <= 'z' ? zWhat[0] - 32 : zWhat[0],
               zWhat + 1);
    return DATE_NONE;
  }
  return date_from_ymd((int)yy, (int)mm, (int)dd);
}

/* "The from date" -> "The from date": the first letter capitalised for
** the start of a sentence. */
static void sentence_case(char *z, size_t n, const char *zWhat) {
  snprintf(z, n, "%s", zWhat);
  if (z[0] >= 'a' && z[0] <= 'z') z[0] = (char)(z[0] - 32);
}

Date query_date(Web *w, const char *zName, const char *zWhat, Date dflt) {
  const char *zIso = http_query(w->req, zName);
  if (zIso && zIso[0]) {
    Date d;
    if (date_parse(zIso, &d) == 0) return d;
    char z[128];
    sentence_case(z, sizeof z, zWhat);
    errors_add(&w->err, zName, "%s must be a real date", z);
    return DATE_NONE;
  }
  int nErr = w->err.n;
  Date d = form_date(w, zName, zWhat, 0);
  return d == DATE_NONE && w->err.n == nErr ? dflt : d;
}

int query_month(Web *w, const char *zName, const char *zWhat, int dflt) {
  char z[128];
  sentence_case(z, sizeof z, zWhat);
  const char *zIso = http_query(w->req, zName);
  if (zIso && zIso[0]) {
    int month;
    if (month_parse(zIso, &month) == 0) return month;
    errors_add(&w->err, zName, "%s must be a real month", z);
    return -1;
  }
  char zM[64], zY[64];
  snprintf(zM, sizeof zM, "%s-month", zName);
  snprintf(zY, sizeof zY, "%s-year", zName);
  const char *m = form_text(w, zM), *y = form_text(w, zY);
  if (!*m && !*y) return dflt;
  if (!*m || !*y) {
    errors_add(&w->err, zName, "%s must include a %s", z, !*m ? "month" : "year");
    return -1;
  }
  long mm, yy;
  if (parse_int(m, 1, 12, &mm) || parse_int(y, 1900, 2199, &yy)) {
    errors_add(&w->err, zName, "%s must be a real month", z);
    return -1;
  }
  return month_index((int)yy, (int)mm);
}

int report_month_param(Web *w, char zIso[16]) {
  int month = query_month(w, "month", "the month", month_of(w->today) - 1);
  if (month < 0) return -1;
  if (month_first_day(month) > w->today) {
    errors_add(&w->err, "month", "The month must be this month or an earlier one");
    return -1;
  }
  month_iso(month, zIso);
  return month;
}

int report_period_param(Web *w, Date *pFrom, Date *pTo, char zFrom[16], char zTo[16]) {
  Date from = query_date(w, "from", "the first day", *pFrom);
  Date to = query_date(w, "to", "the last day", *pTo);
  if (from == DATE_NONE || to == DATE_NONE) return -1;
  if (to < from) {
    errors_add(&w->err, "to", "The last day must be the same as or after the first day");
    return -1;
  }
  *pFrom = from;
  *pTo = to;
  date_iso(from, zFrom);
  date_iso(to, zTo);
  return 0;
}

void input_period(Web *w, Date from, Date to) {
  input_date(w, "from", "First day", "For example, 1 4 2025", from);
  input_date(w, "to", "Last day", "For example, 31 3 2026", to);
}

int form_yesno(Web *w, const char *zName) {
  const char *z = form_text(w, zName);
  return strcmp(z, "yes") == 0 ? 1 : strcmp(z, "no") == 0 ? 0 : -1;
}

/* ---- Layout -------------------------------------------------------------------------- */

int web_hides_small_numbers(const Web *w) { return w->sess.user.role == ROLE_BOARD; }

const char *web_count(const Web *w, int64_t n, char z[24]) {
  if (n >= 1 && n <= 5 && web_hides_small_numbers(w)) snprintf(z, 24, "fewer than 6");
  else snprintf(z, 24, "%lld", (long long)n);
  return z;
}

RTable *web_report_tables(const Web *w, RTable *t, int n, int figuresOnly) {
  if (!figuresOnly) return t;
  RTable *a = xcalloc((size_t)n, sizeof *a);
  for (int k = 0; k < n; k++) rtable_figures_only(&t[k], &a[k], web_hides_small_numbers(w));
  return a;
}

void web_tables_done(RTable *view, RTable *t, int n) {
  if (view == t) return;
  for (int k = 0; k < n; k++) rtable_figures_free(&view[k]);
  free(view);
}

/* ---- The header's menu ------------------------------------------------------- */

/* Every place the menu leads, in menu order. A group's items show one by
** one until a user has many of them: then the group is one link to its hub
** page (/reports, /admin), which lists them, so an administrator's menu
** is ten items, not twenty. hubOnly: listed on the hub, never in the menu. */
enum { NAV_MAIN, NAV_REPORTS, NAV_ADMIN };
static const struct NavItem {
  unsigned cap;
  const char *zHref, *zLabel;
  int group, hubOnly;
  const char *zHint;   /* on the hub page */
} aNav[] = {
  {CAP_OWN_CASELOAD, "/", "My children", NAV_MAIN, 0, NULL},
  {CAP_ALERTS_ANY, "/alerts", "Alerts", NAV_MAIN, 0, NULL},
  {CAP_SERVICE_VIEW, "/service", "Service", NAV_MAIN, 0, NULL},
  {CAP_SERVICE_VIEW, "/reports/weekly", "Weekly report", NAV_REPORTS, 0,
   "The week's reviews due, overdue items, escalations and children waiting for an IRO."},
  {CAP_SERVICE_VIEW, "/reports/exceptions", "Monthly exceptions report", NAV_REPORTS, 1,
   "Everything late or outstanding at the month's end, for the leadership team."},
  {CAP_SERVICE_VIEW, "/escalations/weekly", "Weekly escalations list", NAV_REPORTS, 1,
   "Escalations still open, with their stage and how long they have waited."},
  {CAP_REPORTS, "/reports/annual", "Annual report", NAV_REPORTS, 0,
   "The IRO service's annual report for any period: every figure with its chart and table."},
  {CAP_PF_REPORT, "/private-fostering/report", "Private fostering report", NAV_REPORTS, 0,
   "Notifications, visits and assessments on time, for the year."},
  {CAP_HOMES_REPORT, "/homes/qpag", "Homes report", NAV_REPORTS, 0,
   "The monthly QPAG report on the council's children's homes."},
  {CAP_LADO_KPI, "/lado/report", "LADO KPI report", NAV_REPORTS, 0,
   "Referrals, decisions and meetings against their timescales."},
  {CAP_CHILD_VIEW, "/children", "Find a child", NAV_MAIN, 0, NULL},
  {CAP_CHILD_VIEW, "/escalations", "Escalations", NAV_MAIN, 0, NULL},
  {CAP_CHILD_VIEW, "/unregistered", "Unregistered provision", NAV_MAIN, 0, NULL},
  {CAP_PRIVATE_FOSTERING, "/private-fostering", "Private fostering", NAV_MAIN, 0, NULL},
  {CAP_LADO, "/lado", "LADO dashboard", NAV_MAIN, 0, NULL},
  {CAP_LADO, "/lado/cases", "LADO cases", NAV_MAIN, 0, NULL},
  {CAP_HOMES, "/homes", "Children's homes", NAV_MAIN, 0, NULL},
  {CAP_LOAD_ANY, "/import", "Load data", NAV_MAIN, 0, NULL},
  {CAP_IROS_ADMIN, "/iros", "IROs", NAV_ADMIN, 0, "Add IROs, and change their hours, localities, cover and leaving date."},
  {CAP_IROS_ADMIN, "/localities", "Localities", NAV_ADMIN, 1, "Add and rename the council's localities."},
  {CAP_RULES_EDIT, "/rules", "Timescales", NAV_ADMIN, 0, "Every timescale and limit Oversight works to, each one editable."},
  {CAP_USERS_ADMIN, "/users", "Users", NAV_ADMIN, 0, "Add people, change their role, reset passwords, disable accounts."},
  {CAP_AUDIT_VIEW, "/audit", "Audit log", NAV_ADMIN, 0, "Who viewed or changed which record, and when."},
  {CAP_USERS_ADMIN, "/admin/outbox", "Email outbox", NAV_ADMIN, 1, "Emails sent, waiting and failed, with the reason."},
  {CAP_USERS_ADMIN, "/admin/retention", "Data protection", NAV_ADMIN, 0,
   "Records past their retention date to review and destroy, and subject access copies."},
};
static const struct { int group; const char *zHref, *zLabel; unsigned capAll; int nMin; } aHub[] = {
  /* Reports: one link once a user has three or more. Administration: one
  ** link for an administrator (who has every item). */
  {NAV_REPORTS, "/reports", "Reports", CAP_ANY_REPORT, 3},
  {NAV_ADMIN, "/admin", "Administration", CAP_USERS_ADMIN, 0},
};

/* Is zPath the page zHref or a page under it? "/" only itself. */
static int nav_matches(const char *zPath, const char *zHref) {
  size_t n = strlen(zHref);
  if (strcmp(zPath, zHref) == 0) return 2;
  return n > 1 && strncmp(zPath, zHref, n) == 0 && zPath[n] == '/';
}

/* Whether group g shows as its hub link for this user. */
static int nav_hub_shown(const Web *w, int g) {
  for (int h = 0; h < COUNT(aHub); h++) {
    if (aHub[h].group != g) continue;
    if (aHub[h].capAll == CAP_USERS_ADMIN) return (w->caps & CAP_USERS_ADMIN) != 0;
    int n = 0;
    for (int i = 0; i < COUNT(aNav); i++) n += aNav[i].group == g && !aNav[i].hubOnly && (w->caps & aNav[i].cap);
    return n >= aHub[h].nMin;
  }
  return 0;
}

static int nav_visible(const Web *w, int i) {
  if (!(w->caps & aNav[i].cap)) return 0;
  /* "My children" is an IRO's caseload: not for a manager or an
  ** administrator who has none. */
  if (strcmp(aNav[i].zHref, "/") == 0 && !w->sess.user.iroId) return 0;
  return 1;
}

static void nav_link(Web *w, const char *zHref, const char *zLabel, int here) {
  Buf *b = w->out;
  html_raw(b, here ? "<li class=\"govuk-header__navigation-item govuk-header__navigation-item--active\">"
                   : "<li class=\"govuk-header__navigation-item\">");
  html_printf(b, "<a class=\"govuk-header__link\" href=\"%h\"", zHref);
  /* The page itself is "page"; a page under it (a child's record under
  ** Find a child) marks its section as "true". */
  if (here) html_printf(b, " aria-current=\"%h\"", here == 2 ? "page" : "true");
  html_printf(b, ">%h</a></li>\n", zLabel);
}

static void nav_items(Web *w) {
  const char *zPath = w->req->zPath;
  /* The current section: the longest item (or hub) the path is under. */
  const char *zBest = NULL;
  size_t nBest = 0;
  for (int i = 0; i < COUNT(aNav); i++) {
    if (!nav_visible(w, i) || !nav_matches(zPath, aNav[i].zHref)) continue;
    const char *zAt = nav_hub_shown(w, aNav[i].group) ? NULL : aNav[i].zHref;
    for (int h = 0; !zAt && h < COUNT(aHub); h++)
      if (aHub[h].group == aNav[i].group) zAt = aHub[h].zHref;
    if (aNav[i].hubOnly && !nav_hub_shown(w, aNav[i].group)) continue;
    if (strlen(aNav[i].zHref) > nBest) nBest = strlen(aNav[i].zHref), zBest = zAt;
  }
  for (int h = 0; h < COUNT(aHub); h++)
    if (nav_hub_shown(w, aHub[h].group) && nav_matches(zPath, aHub[h].zHref) && strlen(aHub[h].zHref) >= nBest)
      nBest = strlen(aHub[h].zHref), zBest = aHub[h].zHref;
  int aDone[COUNT(aHub)] = {0};
  for (int i = 0; i < COUNT(aNav); i++) {
    if (!nav_visible(w, i)) continue;
    int g = aNav[i].group;
    if (g != NAV_MAIN && nav_hub_shown(w, g)) {
      for (int h = 0; h < COUNT(aHub); h++) {
        if (aHub[h].group != g || aDone[h]) continue;
        aDone[h] = 1;
        int here = zBest && strcmp(zBest, aHub[h].zHref) == 0 ? 1 + (strcmp(zPath, aHub[h].zHref) == 0) : 0;
        nav_link(w, aHub[h].zHref, aHub[h].zLabel, here);
      }
      continue;
    }
    if (aNav[i].hubOnly) continue;
    int here = zBest && strcmp(zBest, aNav[i].zHref) == 0 ? 1 + (strcmp(zPath, aNav[i].zHref) == 0) : 0;
    nav_link(w, aNav[i].zHref, aNav[i].zLabel, here);
  }
}

/* A hub page: the group's pages this user may open, each with what it is. */
static void nav_hub(Web *w, int g, const char *zTitle, const char *zLead) {
  page_begin(w, zTitle);
  html_printf(w->out, "<h1 class=\"govuk-heading-l\">%h</h1>\n<p class=\"govuk-body\">%h</p>\n", zTitle, zLead);
  html_raw(w->out, "<ul class=\"govuk-list app-hub-list\">\n");
  for (int i = 0; i < COUNT(aNav); i++) {
    if (aNav[i].group != g || !nav_visible(w, i)) continue;
    html_printf(w->out, "<li><h2 class=\"govuk-heading-s govuk-!-margin-bottom-1\"><a class=\"govuk-link\" "
                        "href=\"%h\">%h</a></h2>\n<p class=\"govuk-body\">%h</p></li>\n",
                aNav[i].zHref, aNav[i].zLabel, aNav[i].zHint ? aNav[i].zHint : "");
  }
  html_raw(w->out, "</ul>\n");
  page_end(w);
}

void page_reports_hub(Web *w) {
  nav_hub(w, NAV_REPORTS, "Reports", "The reports you can open. Each downloads as CSV and as an Excel workbook.");
}

void page_admin_hub(Web *w) {
  nav_hub(w, NAV_ADMIN, "Administration", "Setting Oversight up and keeping it right.");
}

void breadcrumbs(Web *w, ...) {
  Buf *b = w->begun ? w->out : &w->crumbs;
  html_raw(b, "<nav class=\"govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile\" aria-label=\"Breadcrumb\">\n"
              "<ol class=\"govuk-breadcrumbs__list\">\n"
              "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"/\">Home</a></li>\n");
  va_list ap;
  va_start(ap, w);
  const char *zText;
  while ((zText = va_arg(ap, const char *)) != NULL) {
    const char *zHref = va_arg(ap, const char *);
    if (!zHref) break;
    html_printf(b, "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"%h\">%h</a></li>\n",
                zHref, zText);
  }
  va_end(ap);
  html_raw(b, "</ol>\n</nav>\n");
}

/* ---- A page's head, kept between requests ----------------------------------- */

/* The head (the header, the menu, who is signed in and their form token,
** the breadcrumbs) is the same on every view of a page by one session:
** rendered, it is kept by each thread for its next request with the same
** inputs, and on its second use compressed on its own, for a cached
** page's gzip response (http.h's HttpHead: one seen once is compressed
** only if it is sent so). Rendering it and its CRC were
** a tenth of the IRO home's time in the server (bench/http), and sent
** stored it was a quarter of the response. Compressed alone, it shares
** no compression with anything the request brings (gzip.h: BREACH). */
#define HEAD_MEMO 8
typedef struct HeadMemo {
  char *zKey; size_t nKey;      /* what the head was made from (head_key) */
  char *zHead; size_t nHead;
  unsigned char *pGz; size_t nGz; uint32_t crc;   /* after its second use */
} HeadMemo;
static _Thread_local HeadMemo aHeadMemo[HEAD_MEMO];
static _Thread_local int iHeadMemoNext;

static void head_memo_free(void) {
  for (int i = 0; i < HEAD_MEMO; i++) {
    free(aHeadMemo[i].zKey);
    free(aHeadMemo[i].zHead);
    free(aHeadMemo[i].pGz);
    memset(&aHeadMemo[i], 0, sizeof aHeadMemo[i]);
  }
}

typedef struct HeadKey { char a[1024]; size_t n; int over; } HeadKey;

/* Each field with its length first, so no text can pass for another. */
static void key_add(HeadKey *k, const void *p, size_t n) {
  if (k->over || k->n + sizeof n + n > sizeof k->a) {
    k->over = 1;
    return;
  }
  memcpy(k->a + k->n, &n, sizeof n);
  memcpy(k->a + k->n + sizeof n, p, n);
  k->n += sizeof n + n;
}

static void key_str(HeadKey *k, const char *z) { key_add(k, z, z ? strlen(z) : 0); }

/* Everything page_begin's output depends on: 0 if too long to keep. */
static size_t head_key(const Web *w, const char *zTitle, HeadKey *k) {
  const User *u = &w->sess.user;
  int aFlag[4] = {w->resp->status >= 400 || w->err.n, w->signedIn, u->mustChange, (int)u->role};
  k->n = 0;
  k->over = 0;
  key_add(k, aFlag, sizeof aFlag);
  key_add(k, &w->caps, sizeof w->caps);
  key_add(k, &u->id, sizeof u->id);
  key_add(k, &u->iroId, sizeof u->iroId);
  key_str(k, zTitle);
  key_str(k, w->req->zPath);
  key_str(k, w->crumbs.z);
  key_str(k, u->zDisplayName);
  key_str(k, w->sess.zCsrf);
  return k->over ? 0 : k->n;
}

static HeadMemo *head_memo_find(const HeadKey *k) {
  for (int i = 0; i < HEAD_MEMO; i++) {
    HeadMemo *m = &aHeadMemo[i];
    if (m->zKey && m->nKey == k->n && memcmp(m->zKey, k->a, k->n) == 0) return m;
  }
  return NULL;
}

static void head_memo_keep(const HeadKey *k, const char *zHead, size_t nHead) {
  HeadMemo *m = &aHeadMemo[iHeadMemoNext];
  iHeadMemoNext = (iHeadMemoNext + 1) % HEAD_MEMO;
  free(m->zKey);
  free(m->zHead);
  free(m->pGz);
  m->zKey = xmalloc(k->n);
  memcpy(m->zKey, k->a, k->n);
  m->nKey = k->n;
  m->zHead = xmalloc(nHead + 1);
  memcpy(m->zHead, zHead, nHead);
  m->zHead[nHead] = 0;
  m->nHead = nHead;
  m->pGz = NULL;
  m->nGz = 0;
}

static void page_head(Web *w, const char *zTitle);

void page_begin(Web *w, const char *zTitle) {
  Buf *b = w->out;
  HeadKey k;
  int atStart = b == &w->resp->body && b->n == 0;
  size_t nKey = atStart ? head_key(w, zTitle, &k) : 0;
  HeadMemo *m = nKey ? head_memo_find(&k) : NULL;
  if (m) {
    buf_append(b, m->zHead, m->nHead);
    /* Compressed when first used again: a head seen once is not worth it. */
    if (!m->pGz && gzip_blocks(m->zHead, m->nHead, &m->pGz, &m->nGz, &m->crc) != 0) m->pGz = NULL;
    if (m->pGz) http_set_head(w->resp, m->zHead, m->nHead, m->pGz, m->nGz, m->crc);
    buf_free(&w->crumbs);
    w->begun = 1;
    return;
  }
  page_head(w, zTitle);
  if (!atStart) return;
  if (nKey) head_memo_keep(&k, b->z, b->n);
  /* Compressed, if it is sent gzip, as a kept one is (http.c): a page's
  ** bytes do not depend on which thread drew it. */
  http_set_head(w->resp, b->z, b->n, NULL, 0, 0);
}

static void page_head(Web *w, const char *zTitle) {
  Buf *b = w->out;
  html_printf(b,
      "<!DOCTYPE html>\n<html lang=\"en-GB\" class=\"govuk-template\">\n<head>\n"
      "<meta charset=\"utf-8\">\n<title>%h%h - Oversight</title>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
      "<meta name=\"theme-color\" content=\"#0b0c0c\">\n"
      "<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/oversight.css\">\n"
      "</head>\n<body class=\"govuk-template__body\">\n"
      "<script src=\"/assets/body-class.js\"></script>\n"
      "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>\n"
      "<header class=\"govuk-header\" data-module=\"govuk-header\">\n"
      "<div class=\"govuk-header__container govuk-width-container\">\n"
      "<div class=\"govuk-header__logo\"><a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage\">"
      "Oversight</a></div>\n",
      /* GOV.UK: a page showing errors says so first in its title. */
      w->resp->status >= 400 || w->err.n ? "Error: " : "", zTitle);
  if (w->signedIn) {
    html_raw(b, "<div class=\"govuk-header__content\">\n"
                "<nav aria-label=\"Menu\" class=\"govuk-header__navigation\">\n"
                "<button type=\"button\" class=\"govuk-header__menu-button govuk-js-header-toggle\""
                " aria-controls=\"navigation\" hidden>Menu</button>\n"
                "<ul id=\"navigation\" class=\"govuk-header__navigation-list\">\n");
    nav_items(w);
    html_raw(b, "</ul>\n</nav>\n</div>\n");
  }
  html_raw(b, "</div>\n</header>\n<div class=\"govuk-width-container\">\n");
  if (w->signedIn) {
    /* "Gemma Sharma, IRO": the role after a comma, so a name that has its
    ** own brackets ("(demo IRO)") does not read as two asides. */
    html_printf(b, "<div class=\"app-user-bar govuk-body-s\"><span>Signed in as %h, %h</span> ",
                w->sess.user.zDisplayName, role_label(w->sess.user.role));
    if (!w->sess.user.mustChange) html_raw(b, "<a class=\"govuk-link\" href=\"/account/emails\">Your emails</a> ");
    html_printf(b, "<form method=\"post\" action=\"/logout\" class=\"app-inline-form\">"
                   "<input type=\"hidden\" name=\"csrf\" value=\"%h\">"
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary app-button--small\""
                   " data-module=\"govuk-button\">Sign out</button></form></div>\n", w->sess.zCsrf);
  }
  /* Breadcrumbs before <main>, so the skip link passes them. */
  if (w->crumbs.z) html_raw(b, w->crumbs.z);
  buf_free(&w->crumbs);
  w->begun = 1;
  html_raw(b, "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
}

static void error_summary_order(Web *w);

void page_end(Web *w) {
  error_summary_order(w);
  html_raw(w->out,
           "</main>\n</div>\n<footer class=\"govuk-footer\">\n<div class=\"govuk-width-container\">\n"
           "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\n"
           "<p class=\"govuk-body-s\">Oversight: case oversight for children's services. Every view of a "
           "child's record is written to the audit log.</p>\n"
           "</div></div>\n</div>\n</footer>\n"
           "<script type=\"module\" src=\"/assets/init.js\"></script>\n</body>\n</html>\n");
}

void error_summary(Web *w) {
  if (!w->err.n) return;
  Buf *b = w->out;
  html_raw(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
              "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
              "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">\n");
  w->sumBuf = b;
  w->sumStart = b->n;
  for (int i = 0; i < w->err.n; i++) {
    html_printf(b, "<li><a href=\"#%h\">%h</a></li>\n", w->err.a[i].zField, w->err.a[i].zMsg);
  }
  w->sumEnd = b->n;
  html_raw(b, "</ul></div></div></div>\n");
}

/* GOV.UK: the summary lists the errors in the order of the fields on the
** page. The checks run in whatever order the rules do, so once the page
** is written the list is put in the order of the fields' ids after it
** (an error whose field is not on the page goes last, as it was). */
static void error_summary_order(Web *w) {
  Buf *b = w->sumBuf;
  w->sumBuf = NULL;
  if (!b || b != w->out || w->sumEnd > b->n || w->err.n < 2) return;
  int n = w->err.n;
  size_t *aPos = xmalloc(sizeof(size_t) * (size_t)n);
  int *aIdx = xmalloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) {
    Buf id = {0};
    html_printf(&id, " id=\"%h\"", w->err.a[i].zField);
    const char *zAt = strstr(b->z + w->sumEnd, id.z);  /* a Buf ends in a NUL */
    aPos[i] = zAt ? (size_t)(zAt - b->z) : (size_t)-1;
    aIdx[i] = i;
    buf_free(&id);
  }
  for (int i = 1; i < n; i++) { /* insertion sort: stable, and lists are short */
    int x = aIdx[i], j = i;
    while (j > 0 && aPos[aIdx[j - 1]] > aPos[x]) {
      aIdx[j] = aIdx[j - 1];
      j--;
    }
    aIdx[j] = x;
  }
  Buf items = {0};
  for (int i = 0; i < n; i++) {
    html_printf(&items, "<li><a href=\"#%h\">%h</a></li>\n", w->err.a[aIdx[i]].zField, w->err.a[aIdx[i]].zMsg);
  }
  if (items.n == w->sumEnd - w->sumStart) memcpy(b->z + w->sumStart, items.z, items.n);
  buf_free(&items);
  free(aPos);
  free(aIdx);
}

void saved_banner(Web *w) {
  static const struct { const char *zCode, *zText; } aSaved[] = {
    {"alert", "The alert has been acknowledged. It stays on the list until the work is done."},
    {"allocation", "The IRO allocation has been saved."},
    {"child-added", "The child has been added."},
    {"child-corrected", "The child's details have been corrected. Each change is in the audit log with what it was before."},
    {"child-unchanged", "Nothing was changed: the details were already as sent."},
    {"contact", "The contact has been recorded."},
    {"cover", "The cover has been recorded. The covering IRO can change these children's records on those days."},
    {"cover-ended", "The cover has been changed. The list below shows when it ends."},
    {"details", "The name and email have been saved."},
    {"digests-off", "Email digests are turned off. Emails about something you need to act on still come."},
    {"digests-on", "Email digests are turned on. They come each working day there is something to tell you."},
    {"escalation", "The escalation has been raised. Whoever must respond should do so by the date shown below."},
    {"escalation-closed", "The escalation has been closed."},
    {"escalation-moved", "The escalation has moved on to the next stage. The new response date is shown below."},
    {"escalation-response", "The response has been recorded. Close the escalation if it resolves the concern, or move it on if not."},
    {"notification", "The care notification has been saved. The IRO allocation deadline counts from the latest one."},
    {"lado-closed", "The case has been closed. Its retention review date is shown below."},
    {"lado-contact", "The contact has been recorded. Record the decision by the date shown below."},
    {"lado-cross-border", "The cross-border details have been saved."},
    {"lado-dip", "The dip sample has been recorded. The KPI report counts it."},
    {"lado-dip-corrected", "The dip sample has been corrected. The audit log keeps what it said before."},
    {"lado-strategy", "The strategy meeting has been recorded. The KPI report counts it."},
    {"lado-training", "The training has been recorded. The KPI report counts it and the people trained."},
    {"lado-training-corrected", "The training has been corrected. The audit log keeps what it said before."},
    {"lado-correction", "The correction has been added beside the advice, which is kept as it was."},
    {"lado-decision", "The decision has been recorded."},
    {"lado-implemented", "The recommendation has been recorded as implemented."},
    {"lado-meeting", "The meeting has been recorded. The next step is shown below."},
    {"lado-outcome", "The outcome and actions have been recorded. Close the case once the agency has fed back."},
    {"lado-recommendation", "The recommendation has been added. It will be chased on the dashboard when it falls due."},
    {"lado-referral", "The referral details have been saved."},
    {"lado-retention", "The retention review has been recorded. The next review date is shown below."},
    {"oversight-record", "The monthly oversight record has been saved."},
    {"own-password", "Your password has been changed. You stay signed in here; you have been signed out everywhere else."},
    {"password", "The password has been changed."},
    {"retention-destroyed", "The record has been destroyed. A destruction record is kept in its place."},
    {"password-set", "Your password has been set. Sign in with it now."},
    {"placement", "The new episode has been started. An episode that was open ended the same day."},
    {"placement-corrected", "The episode has been corrected. The audit log has each change, before and after."},
    {"placement-unchanged", "Nothing was changed: the episode already held those details."},
    {"care-ended", "Care has been ended. No more reviews are due for this period of care."},
    {"pf-assessment", "The assessment has been saved. Regulation 8 visits are due from its completion."},
    {"pf-audit", "The case audit has been recorded. The next one is due in six months."},
    {"pf-end", "The arrangement has been ended. No more visits are due."},
    {"pf-details", "Why the child is privately fostered, their sex and ethnicity have been saved."},
    {"pf-initial-visit", "The initial visit and its decision have been saved."},
    {"pf-notification", "The notification has been recorded. Check the eligibility below and make the initial visit by the date shown."},
    {"pf-order", "The prohibition or disqualification has been recorded."},
    {"pf-visit", "The visit has been recorded. The next visit due is shown below."},
    {"home", "The home's details have been saved."},
    {"iro", "The IRO's details have been saved."},
    {"iro-added", "The IRO has been added. Link a user to them so they can sign in."},
    {"locality", "The locality has been added."},
    {"locality-renamed", "The locality has been renamed."},
    {"home-action", "The action has been added to the plan. Mark it complete when it is done."},
    {"home-action-complete", "The action has been marked complete."},
    {"home-audit", "The audit has been recorded."},
    {"home-audit-action", "The audit action has been marked done."},
    {"home-feedback", "The complaint or compliment has been saved."},
    {"home-inspection", "The inspection has been recorded. Add its requirements and the home's action plan below."},
    {"home-month", "The month's occupancy and staffing have been saved."},
    {"home-monitoring", "The QA monitoring review has been recorded. The next one is shown below."},
    {"home-notification", "The notification has been recorded."},
    {"home-qa-action", "The action has been added. Add it to the QPAG action tracker when QPAG agrees it."},
    {"home-qa-audit", "The audit has been recorded. Add its actions below."},
    {"home-qa-qpag", "The action is now in the QPAG action tracker."},
    {"home-survey", "The survey has been recorded. Add each response below."},
    {"home-survey-response", "The response has been added."},
    {"home-survey-corrected", "The survey's details have been corrected."},
    {"home-reg44", "The Regulation 44 visit has been saved."},
    {"home-requirement", "The requirement has been added. Add the actions that will meet it."},
    {"home-weekly", "The weekly return has been saved."},
    {"qpag-action", "The QPAG action has been added to the tracker."},
    {"qpag-done", "The QPAG action has been marked done."},
    {"qpag-escalated", "The escalation to the leadership team has been recorded."},
    {"review", "The review has been saved. The next review date below has been worked out from it."},
    {"recommendation-note", "The progress note has been saved."},
    {"record-sent", "The date the record was sent has been saved. It counts as the minutes issued."},
    {"letter-sent", "The date the letter was sent has been saved."},
    {"recommendation-closed", "The recommendation has been closed."},
    {"rule", "The timescale has been changed. Every deadline now uses it."},
    {"contact-counts", "Which contacts count has been changed. Every child's contact items now use it."},
    {"thematic", "The thematic review has been recorded. It will be in that month's QPAG report."},
    {"unreg-notified", "The QA managers' notification has been recorded."},
    {"unlocked", "The account has been unlocked. They can sign in again from anywhere."},
    {"unreg-visit", "The IRO's visit has been recorded."},
    {"siblings", "The children have been linked as siblings."},
    {"siblings-unlinked", "The child has been taken out of the sibling group."},
    {"user", "The user has been saved."},
  };
  const char *z = http_query(w->req, "saved");
  for (int i = 0; z && i < COUNT(aSaved); i++) {
    if (strcmp(z, aSaved[i].zCode) != 0) continue;
    html_printf(w->out,
        "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\""
        " aria-labelledby=\"saved-title\" data-module=\"govuk-notification-banner\">\n"
        "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
        " id=\"saved-title\">Success</h2></div>\n<div class=\"govuk-notification-banner__content\">\n"
        "<p class=\"govuk-notification-banner__heading\">%h</p>\n</div>\n</div>\n", aSaved[i].zText);
  }
}

void form_begin(Web *w, const char *zAction) {
  html_printf(w->out, "<form method=\"post\" action=\"%h\" novalidate>\n"
                      "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n", zAction,
              w->signedIn ? w->sess.zCsrf : "");
}

void form_end(Web *w) { html_raw(w->out, "</form>\n"); }

/* A form with files: the session's token is in the address as well as the
** form, because the server checks it on the headers, before it reads (and
** stores) a byte of the body (web_upload_gate). */
void form_begin_upload(Web *w, const char *zAction) {
  html_printf(w->out, "<form method=\"post\" action=\"%h?csrf=%u\" enctype=\"multipart/form-data\" novalidate>\n"
                      "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n",
              zAction, w->sess.zCsrf, w->sess.zCsrf);
}

/* By Status; ST_MISSED has no tag here (web_private_fostering.c draws its own). */
static const char *const azStatusClass[] = {
  [ST_OK] = "govuk-tag--grey", [ST_DUE_SOON] = "govuk-tag--yellow", [ST_OVERDUE] = "govuk-tag--red",
  [ST_DONE] = "govuk-tag--green", [ST_DONE_LATE] = "govuk-tag--orange", [ST_DUE_TODAY] = "govuk-tag--pink",
};
static const char *const azStatusText[] = {
  [ST_OK] = "Not due yet", [ST_DUE_SOON] = "Due soon", [ST_OVERDUE] = "Overdue",
  [ST_DONE] = "Done", [ST_DONE_LATE] = "Done late", [ST_DUE_TODAY] = "Due today",
};

const char *status_text(int status) {
  return status >= 0 && status < COUNT(azStatusText) && azStatusText[status] ? azStatusText[status] : NULL;
}

void status_tag(Web *w, int status) {
  if (!status_text(status)) return;
  html_printf(w->out, "<strong class=\"govuk-tag %h\">%h</strong>", azStatusClass[status], azStatusText[status]);
}

void cell_status(RTable *t, int col, int status) {
  if (!status_text(status)) return;
  cell_tag(t, col, azStatusClass[status], azStatusText[status]);
  /* A sort by status goes by urgency, not by the words (listing.c). */
  rtable_num(t, col, status_rank((Status)status) + 1);
}

/* The opening of a form group, with the error class and message if any. */
static const char *group_begin(Web *w, const char *zName) {
  const char *zErr = errors_for(&w->err, zName);
  html_printf(w->out, "<div class=\"govuk-form-group%h\">\n", zErr ? " govuk-form-group--error" : "");
  return zErr;
}

static void hint_and_error(Web *w, const char *zName, const char *zHint, const char *zErr) {
  if (zHint) html_printf(w->out, "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n", zName, zHint);
  if (zErr) {
    html_printf(w->out, "<p id=\"%h-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                        "Error:</span> %h</p>\n", zName, zErr);
  }
}

static void described_by(Web *w, const char *zName, const char *zHint, const char *zErr) {
  if (!zHint && !zErr) return;
  html_raw(w->out, " aria-describedby=\"");
  if (zHint) html_printf(w->out, "%h-hint", zName);
  if (zErr) html_printf(w->out, "%h%h-error", zHint ? " " : "", zName);
  html_raw(w->out, "\"");
}

static void input_common(Web *w, const char *zType, const char *zName, const char *zLabel,
                         const char *zHint, const char *zValue, const char *zAutocomplete) {
  const char *zErr = group_begin(w, zName);
  html_printf(w->out, "<label class=\"govuk-label\" for=\"%h\">%h</label>\n", zName, zLabel);
  hint_and_error(w, zName, zHint, zErr);
  html_printf(w->out, "<input class=\"govuk-input%h\" id=\"%h\" name=\"%h\" type=\"%h\"",
              zErr ? " govuk-input--error" : "", zName, zName, zType);
  if (zValue) html_printf(w->out, " value=\"%h\"", zValue);
  if (zAutocomplete) html_printf(w->out, " autocomplete=\"%h\"", zAutocomplete);
  html_raw(w->out, " spellcheck=\"false\"");
  described_by(w, zName, zHint, zErr);
  html_raw(w->out, ">\n</div>\n");
}

void input_text(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue,
                const char *zAutocomplete) {
  input_common(w, "text", zName, zLabel, zHint, zValue ? zValue : "", zAutocomplete);
}

void input_password(Web *w, const char *zName, const char *zLabel, const char *zHint,
                    const char *zAutocomplete) {
  input_common(w, "password", zName, zLabel, zHint, NULL, zAutocomplete);
}

/* GOV.UK's date input: day, month and year boxes, or month and year
** only (withDay 0). y, m, d are shown when nothing was typed (0: empty). */
static void date_boxes(Web *w, const char *zName, const char *zLabel, const char *zHint, int y, int m, int d,
                       int withDay) {
  const char *zErr = group_begin(w, zName);
  html_printf(w->out, "<fieldset class=\"govuk-fieldset\" role=\"group\"");
  described_by(w, zName, zHint, zErr);
  html_printf(w->out, ">\n<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%h</legend>\n", zLabel);
  hint_and_error(w, zName, zHint, zErr);
  struct { const char *zPart, *zLabel; int v; int width; } a[] = {
    {"day", "Day", d, 2}, {"month", "Month", m, 2}, {"year", "Year", y, 4},
  };
  html_raw(w->out, "<div class=\"govuk-date-input\">\n");
  for (int i = withDay ? 0 : 1; i < 3; i++) {
    char zField[64], zId[64], zVal[16] = "";
    snprintf(zField, sizeof zField, "%s-%s", zName, a[i].zPart);
    /* The first box carries the field's own id: the error summary links to it. */
    snprintf(zId, sizeof zId, "%s", i == (withDay ? 0 : 1) ? zName : zField);
    /* Show what was typed when the form comes back with errors. */
    const char *zTyped = field_sent(w, zField);
    if (zTyped) snprintf(zVal, sizeof zVal, "%.15s", zTyped);
    else if (a[i].v) snprintf(zVal, sizeof zVal, "%d", a[i].v);
    char zW[40];
    snprintf(zW, sizeof zW, "govuk-input--width-%d%s", a[i].width, zErr ? " govuk-input--error" : "");
    html_printf(w->out,
        "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
        "<label class=\"govuk-label govuk-date-input__label\" for=\"%h\">%h</label>"
        "<input class=\"govuk-input govuk-date-input__input %h\" id=\"%h\" name=\"%h\" type=\"text\""
        " inputmode=\"numeric\" value=\"%h\"></div></div>\n",
        zId, a[i].zLabel, zW, zId, zField, zVal);
  }
  html_raw(w->out, "</div>\n</fieldset>\n</div>\n");
}

void web_person_name(Web *w, const char *zUsername, char *zOut, size_t nOut) {
  snprintf(zOut, nOut, "%s", zUsername ? zUsername : "");
  if (!zUsername || !*zUsername) return;
  Stmt *s = db_query(w->db, "SELECT display_name FROM users WHERE username = ?", "s", zUsername);
  if (db_step(s) == DB_ROW) snprintf(zOut, nOut, "%s", db_col_text(s, 0));
  db_finalize(s);
}

void web_time_words(const char *zUtc, char *zOut, size_t nOut) {
  user_time_words(zUtc, zOut, nOut);
}

void web_local_minute_words(const char *zLocal, char *zOut, size_t nOut) {
  static const char *const azMonth[] = {"January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"};
  int y, mo, d, h, mi;
  char c;
  if (!zLocal || sscanf(zLocal, "%4d-%2d-%2d %2d:%2d%c", &y, &mo, &d, &h, &mi, &c) != 5 || mo < 1 || mo > 12) {
    snprintf(zOut, nOut, "%s", zLocal ? zLocal : "");
    return;
  }
  snprintf(zOut, nOut, "%d %s %d at %d:%02d%s", d, azMonth[mo - 1], y, h % 12 ? h % 12 : 12, mi, h < 12 ? "am" : "pm");
}

void html_text_dates_in_words(Buf *b, const char *z) {
  static const char *const azMonth[] = {"January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"};
  const char *zStart = z ? z : "";
  const char *p = zStart;
  while (*p) {
    /* YYYY-MM-DD at a word's start, not inside a longer number */
    int isDate = (p == zStart || !isalnum((unsigned char)p[-1])) && strlen(p) >= 10;
    for (int k = 0; isDate && k < 10; k++) {
      isDate = (k == 4 || k == 7) ? p[k] == '-' : isdigit((unsigned char)p[k]);
    }
    if (isDate && isalnum((unsigned char)p[10]) && p[10] != 'T') isDate = 0;
    if (!isDate) {
      p++;
      continue;
    }
    Buf t = {0};
    buf_printf(&t, "%.*s", (int)(p - zStart), zStart);
    html_escape(b, t.z ? t.z : "");
    buf_free(&t);
    int y = atoi(p), m = atoi(p + 5), d = atoi(p + 8);
    char zW[64];
    size_t n = 10;
    if (p[10] == 'T' && strlen(p) >= 20 && p[13] == ':' && p[19] == 'Z') {
      char zTs[21];
      snprintf(zTs, sizeof zTs, "%.20s", p);
      user_time_words(zTs, zW, sizeof zW);
      n = 20;
    } else if (m >= 1 && m <= 12) {
      snprintf(zW, sizeof zW, "%d %s %d", d, azMonth[m - 1], y);
    } else {
      snprintf(zW, sizeof zW, "%.10s", p);
    }
    html_escape(b, zW);
    p += n;
    zStart = p;
  }
  html_escape(b, zStart);
}

void input_date(Web *w, const char *zName, const char *zLabel, const char *zHint, Date value) {
  int y = 0, m = 0, d = 0;
  if (value != DATE_NONE) date_to_ymd(value, &y, &m, &d);
  date_boxes(w, zName, zLabel, zHint, y, m, d, 1);
}

void input_date_time(Web *w, const char *zName, const char *zLabel, const char *zHint) {
  date_boxes(w, zName, zLabel, zHint, 0, 0, 0, 1);
  char zTime[64];
  snprintf(zTime, sizeof zTime, "%s-time", zName);
  input_common(w, "text", zTime, "Time", "Use the 24-hour clock, for example 14:30", form_text(w, zTime), "off");
}

int form_date_time(Web *w, const char *zName, const char *zWhat, int required, char zOut[17]) {
  zOut[0] = 0;
  char zTime[64];
  snprintf(zTime, sizeof zTime, "%s-time", zName);
  const char *t = form_text(w, zTime);
  int n0 = w->err.n;
  char zDateOf[96];
  snprintf(zDateOf, sizeof zDateOf, "the date of %s", zWhat);
  Date d = form_date(w, zName, zDateOf, required || *t);
  if (!*t) {
    if (d != DATE_NONE) errors_add(&w->err, zTime, "Enter the time of %s, for example 14:30", zWhat);
    return w->err.n > n0 ? -1 : 0;
  }
  long hh = -1, mm = -1;
  const char *colon = strchr(t, ':');
  char zH[8] = "", zM[8] = "";
  if (colon && colon - t <= 2 && strlen(colon + 1) == 2) {
    snprintf(zH, sizeof zH, "%.*s", (int)(colon - t), t);
    snprintf(zM, sizeof zM, "%s", colon + 1);
  }
  if (!zH[0] || parse_int(zH, 0, 23, &hh) || parse_int(zM, 0, 59, &mm)) {
    errors_add(&w->err, zTime, "The time of %s must be a real time on the 24-hour clock, like 14:30", zWhat);
  }
  if (w->err.n > n0 || d == DATE_NONE) return -1;
  char zDay[11];
  date_iso(d, zDay);
  snprintf(zOut, 17, "%s %02ld:%02ld", zDay, hh, mm);
  return 0;
}

Date form_date_aside(Web *w, const char *zName, const char *zWhat, int required, Errors *pAside) {
  Errors keep = w->err;
  memset(&w->err, 0, sizeof w->err);
  Date d = form_date(w, zName, zWhat, required);
  errors_merge(pAside, &w->err);
  w->err = keep;
  return d;
}

int form_date_time_aside(Web *w, const char *zName, const char *zWhat, int required, char zOut[17],
                         Errors *pAside) {
  Errors keep = w->err;
  memset(&w->err, 0, sizeof w->err);
  int rc = form_date_time(w, zName, zWhat, required, zOut);
  errors_merge(pAside, &w->err);
  w->err = keep;
  return rc;
}

void errors_aside_first(Web *w, const Errors *aside, int onePerField) {
  if (!aside->n) return;
  Errors out = *aside;
  for (int i = 0; i < w->err.n; i++) {
    const char *zField = w->err.a[i].zField;
    char zTime[48];
    snprintf(zTime, sizeof zTime, "%s-time", zField);
    if (errors_for(aside, zField) || errors_for(aside, zTime)) continue;
    if (onePerField && errors_for(&out, zField)) continue;
    errors_add(&out, zField, "%s", w->err.a[i].zMsg);
  }
  w->err = out;
}

void errors_move(Web *w, const char *const *azKnown, const char *zTo) {
  for (int i = 0; i < w->err.n; i++) {
    int known = 0;
    for (int k = 0; azKnown[k]; k++) known |= strcmp(w->err.a[i].zField, azKnown[k]) == 0;
    if (!known) snprintf(w->err.a[i].zField, sizeof w->err.a[i].zField, "%s", zTo);
  }
}

void input_month(Web *w, const char *zName, const char *zLabel, const char *zHint, int month) {
  int y = 0, m = 0;
  if (month >= 0) month_from_index(month, &y, &m);
  date_boxes(w, zName, zLabel, zHint, y, m, 0, 0);
}

void input_radios(Web *w, const char *zName, const char *zLegend, const char *zHint,
                  const char *const *azChoice, const char *zValue, int inline_) {
  const char *zErr = group_begin(w, zName);
  html_raw(w->out, "<fieldset class=\"govuk-fieldset\"");
  described_by(w, zName, zHint, zErr);
  html_printf(w->out, ">\n<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%h</legend>\n", zLegend);
  hint_and_error(w, zName, zHint, zErr);
  html_printf(w->out, "<div class=\"govuk-radios%h\" data-module=\"govuk-radios\">\n",
              inline_ ? " govuk-radios--inline" : "");
  for (int i = 0; azChoice[i]; i += 2) {
    /* The first radio carries the field's id, so the error summary link lands on it. */
    char zId[80];
    if (i == 0) snprintf(zId, sizeof zId, "%s", zName);
    else snprintf(zId, sizeof zId, "%s-%d", zName, i / 2 + 1);
    html_printf(w->out,
        "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%h\" name=\"%h\""
        " type=\"radio\" value=\"%h\"%h><label class=\"govuk-label govuk-radios__label\" for=\"%h\">%h</label></div>\n",
        zId, zName, azChoice[i], zValue && strcmp(zValue, azChoice[i]) == 0 ? " checked" : "", zId,
        azChoice[i + 1]);
  }
  html_raw(w->out, "</div>\n</fieldset>\n</div>\n");
}

void input_yesno(Web *w, const char *zName, const char *zLegend, const char *zHint, int value) {
  static const char *const azYesNo[] = {"yes", "Yes", "no", "No", NULL};
  input_radios(w, zName, zLegend, zHint, azYesNo, value == 1 ? "yes" : value == 0 ? "no" : NULL, 1);
}

void input_select(Web *w, const char *zName, const char *zLabel, const char *zHint,
                  const char *const *azChoice, const char *zValue) {
  const char *zErr = group_begin(w, zName);
  html_printf(w->out, "<label class=\"govuk-label\" for=\"%h\">%h</label>\n", zName, zLabel);
  hint_and_error(w, zName, zHint, zErr);
  html_printf(w->out, "<select class=\"govuk-select%h\" id=\"%h\" name=\"%h\"",
              zErr ? " govuk-select--error" : "", zName, zName);
  described_by(w, zName, zHint, zErr);
  html_raw(w->out, ">\n");
  for (int i = 0; azChoice[i]; i += 2) {
    html_printf(w->out, "<option value=\"%h\"%h>%h</option>\n", azChoice[i],
                zValue && strcmp(zValue, azChoice[i]) == 0 ? " selected" : "", azChoice[i + 1]);
  }
  html_raw(w->out, "</select>\n</div>\n");
}

void input_file(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zAccept,
                int multiple) {
  const char *zErr = group_begin(w, zName);
  html_printf(w->out, "<label class=\"govuk-label\" for=\"%h\">%h</label>\n", zName, zLabel);
  hint_and_error(w, zName, zHint, zErr);
  html_printf(w->out, "<input class=\"govuk-file-upload%h\" id=\"%h\" name=\"%h\" type=\"file\"%h accept=\"%h\"",
              zErr ? " govuk-file-upload--error" : "", zName, zName, multiple ? " multiple" : "", zAccept);
  described_by(w, zName, zHint, zErr);
  html_raw(w->out, ">\n</div>\n");
}

void input_textarea(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue) {
  const char *zErr = group_begin(w, zName);
  html_printf(w->out, "<label class=\"govuk-label\" for=\"%h\">%h</label>\n", zName, zLabel);
  hint_and_error(w, zName, zHint, zErr);
  html_printf(w->out, "<textarea class=\"govuk-textarea%h\" id=\"%h\" name=\"%h\" rows=\"4\"",
              zErr ? " govuk-textarea--error" : "", zName, zName);
  described_by(w, zName, zHint, zErr);
  html_printf(w->out, ">%h</textarea>\n</div>\n", zValue ? zValue : "");
}

void input_counted(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue,
                   int maxChars, int rows) {
  const char *zErr = errors_for(&w->err, zName);
  /* GOV.UK's character count: without JavaScript the "up to" line is the
  ** whole of it; with it, the count as people type. No maxlength: the
  ** server refuses what is too long with a message, and nothing is cut. */
  html_printf(w->out, "<div class=\"govuk-form-group govuk-character-count%h\" data-module=\"govuk-character-count\""
                      " data-maxlength=\"%d\">\n", zErr ? " govuk-form-group--error" : "", maxChars);
  html_printf(w->out, "<label class=\"govuk-label\" for=\"%h\">%h</label>\n", zName, zLabel);
  hint_and_error(w, zName, zHint, zErr);
  if (rows > 0) {
    html_printf(w->out, "<textarea class=\"govuk-textarea govuk-js-character-count%h\" id=\"%h\" name=\"%h\" rows=\"%d\"",
                zErr ? " govuk-textarea--error" : "", zName, zName, rows);
  } else {
    html_printf(w->out, "<input class=\"govuk-input govuk-js-character-count%h\" id=\"%h\" name=\"%h\" type=\"text\""
                        " spellcheck=\"false\" autocomplete=\"off\" value=\"%h\"",
                zErr ? " govuk-input--error" : "", zName, zName, zValue ? zValue : "");
  }
  html_printf(w->out, " aria-describedby=\"%h-info", zName);
  if (zHint) html_printf(w->out, " %h-hint", zName);
  if (zErr) html_printf(w->out, " %h-error", zName);
  html_raw(w->out, "\">");
  if (rows > 0) html_printf(w->out, "%h</textarea>", zValue ? zValue : "");
  html_printf(w->out, "\n<div id=\"%h-info\" class=\"govuk-hint govuk-character-count__message\">"
                      "You can enter up to %d characters</div>\n</div>\n", zName, maxChars);
}

void button(Web *w, const char *zLabel) {
  html_printf(w->out, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%h</button>\n",
              zLabel);
}

/* ---- Sign in and out ------------------------------------------------------------------ */

static void set_session_cookie(Web *w, const char *zId, int maxAge) {
  int secure = w->req->tls;
  const char *zProto = http_header(w->req, "X-Forwarded-Proto");
  if (zProto && strcmp(zProto, "https") == 0 && from_trusted_proxy(w->req)) secure = 1;
  char *z = xmprintf("%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", SESSION_COOKIE, zId,
                     secure ? "; Secure" : "", maxAge == 0 ? "; Max-Age=0" : "");
  http_set_header(w->resp, "Set-Cookie", z);
  free(z);
}

/* Where to go after signing in: only a path on this site. */
static const char *safe_next(const char *z) {
  if (!z || z[0] != '/' || z[1] == '/' || z[1] == '\\') return "/";
  /* Browsers drop tabs and newlines inside URLs ("/\t/evil" becomes
  ** "//evil"), and control bytes would break the header: refuse them all. */
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if (*p < 0x20 || *p == 0x7f || *p == '\\') return "/";
  }
  return z;
}

/* "12 hours", "30 minutes", "1 hour": a time rule as people say it. */
static void rule_words(char *out, size_t n, const char *zRule) {
  const Rule *r = rule(zRule);
  const char *zUnit = cal_unit_name(r->unit);
  int len = (int)strlen(zUnit);
  if (r->amount == 1 && len > 1 && zUnit[len - 1] == 's') len--;
  snprintf(out, n, "%d %.*s", r->amount, len, zUnit);
}

static void login_form(Web *w, const char *zUser) {
  page_begin(w, "Sign in");
  html_raw(w->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
  saved_banner(w);
  error_summary(w);
  /* Why they are here again, when a session ended under them. Anyone can
  ** put ?ended= in a link, but all it does is show this sentence. */
  const char *zEnded = http_query(w->req, "ended");
  if (zEnded && !w->err.n) {
    char zLen[48];
    if (strcmp(zEnded, "lifetime") == 0) {
      rule_words(zLen, sizeof zLen, "session_lifetime");
      html_printf(w->out, "<div class=\"govuk-inset-text\">Your session ended after %h. Sign in again.</div>\n", zLen);
    } else if (strcmp(zEnded, "idle") == 0) {
      rule_words(zLen, sizeof zLen, "session_idle");
      html_printf(w->out, "<div class=\"govuk-inset-text\">Your session ended after %h without use. Sign in again.</div>\n",
                  zLen);
    }
  }
  html_raw(w->out, "<h1 class=\"govuk-heading-l\">Sign in to Oversight</h1>\n");
  html_printf(w->out, "<form method=\"post\" action=\"/login?next=%u\" novalidate>\n",
              safe_next(http_query(w->req, "next")));
  input_text(w, "username", "Username", NULL, zUser, "username");
  input_password(w, "password", "Password", NULL, "current-password");
  button(w, "Sign in");
  html_raw(w->out, "</form>\n<p class=\"govuk-body\">If you cannot sign in, ask your administrator to reset your password.</p>\n"
                   "</div></div>\n");
  page_end(w);
}

static void page_login(Web *w) {
  if (w->signedIn) {
    redirect(w, "/");
    return;
  }
  login_form(w, "");
}

/* Sign-in has no session yet, so no token: the browser's Origin (sent on
** every cross-site POST) must be this site, and SameSite=Lax keeps the
** resulting cookie from riding along on other sites' forms. */
int web_same_origin(Web *w) {
  const char *zOrigin = http_header(w->req, "Origin");
  const char *zHost = http_header(w->req, "Host");
  if (!zOrigin) return 1;
  if (!zHost) return 0;
  const char *p = strstr(zOrigin, "://");
  return p && strcmp(p + 3, zHost) == 0;
}

/* The sign-in could not be saved: say whether it is the disk or another
** writer, so nobody is told their correct password was wrong (issue 14
** item 10). SQLITE_FULL is the disk; SQLITE_BUSY and SQLITE_LOCKED another
** writer; anything else (read-only file, I/O error) the generic words. */
static void login_storage_failed(Web *w) {
  fprintf(stderr, "oversight: a sign-in from %s could not be saved: %s\n", w->req->zClient, db_errmsg(w->db));
  w->resp->status = 503;
  http_set_header(w->resp, "Retry-After", "60");
  if (db_err_is_full(w->db)) {
    errors_add(&w->err, "username", "Oversight cannot save right now: the disk is full; tell your administrator");
  } else if (db_err_is_busy(w->db)) {
    errors_add(&w->err, "username", "Oversight is busy saving other work; try again in a minute");
  } else {
    errors_add(&w->err, "username", "Oversight cannot save right now; tell your administrator");
  }
}

static void page_login_post(Web *w) {
  const char *zUser = form_text(w, "username");
  const char *zPass = http_form(w->req, "password");
  if (!web_same_origin(w)) {
    forbidden(w);
    return;
  }
  if (!*zUser) errors_add(&w->err, "username", "Enter your username");
  if (!zPass || !*zPass) errors_add(&w->err, "password", "Enter your password");
  w->resp->status = 200;
  if (!w->err.n) {
    User u;
    LoginResult r = user_login(w->db, zUser, zPass, w->req->zClient, &u);
    int ok = r == LOGIN_OK || r == LOGIN_MUST_CHANGE;
    int made = ok ? session_create(w->db, &u, w->req->zClient, &w->sess) : -1;
    if (made == 0) {
      set_session_cookie(w, w->sess.zId, -1);
      /* A temporary password is changed before anything else is done. */
      redirect(w, r == LOGIN_MUST_CHANGE ? "/account/password" : safe_next(http_query(w->req, "next")));
      return;
    }
    if (r == LOGIN_STORAGE || made == -2) {
      login_storage_failed(w);
      /* Said on the form, in the words above; the skeleton's page would
      ** say the same less precisely. The form shows no records to be
      ** incomplete, so nothing is lost by keeping it. */
      db_clear_failure(w->db);
    } else if (r == LOGIN_THROTTLED) {
      long wait = signin_wait(w->req->zClient, time(NULL));
      if (wait < 1) wait = 1;
      char zWait[24];
      snprintf(zWait, sizeof zWait, "%ld", wait);
      w->resp->status = 429;
      http_set_header(w->resp, "Retry-After", zWait);
      long minutes = (wait + 59) / 60;
      errors_add(&w->err, "username", "Too many attempts from your network; try again in %ld minute%s", minutes,
                 minutes == 1 ? "" : "s");
    } else if (r == LOGIN_OVERLOADED) {
      w->resp->status = 503;
      http_set_header(w->resp, "Retry-After", "5");
      errors_add(&w->err, "username", "Oversight is busy with other sign-ins; try again in a moment");
    } else if (r == LOGIN_LOCKED) {
      errors_add(&w->err, "username", "This account is locked after too many failed attempts. Try again in %d minutes.",
                 rule("login_lockout")->amount);
    } else if (r == LOGIN_DISABLED) {
      errors_add(&w->err, "username", "This account has been disabled. Ask your administrator.");
    } else {
      errors_add(&w->err, "username", "Enter a correct username and password");
    }
  }
  login_form(w, zUser);
}

static void page_logout(Web *w) {
  session_end(w->db, w->sess.zId);
  set_session_cookie(w, "", 0);
  w->signedIn = 0;
  redirect(w, "/login");
}

void web_rules_changed(Web *w) { w->reloadRules = 1; }

/* ---- The skeleton ------------------------------------------------------------------------ */

static void serve_asset(Req *req, Resp *resp) {
  const Asset *a = asset_find(req->zPath);
  if (!a) {
    resp->status = 404;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "Not found\n");
    return;
  }
  const char *zInm = http_header(req, "If-None-Match");
  http_set_header(resp, "ETag", a->zEtag);
  http_set_header(resp, "Cache-Control", "public, max-age=3600");
  resp->zType = a->zType;
  if (zInm && strcmp(zInm, a->zEtag) == 0) {
    resp->status = 304;
    return;
  }
  resp->pStatic = a->pData;
  resp->nStatic = a->nData;
}

/* Drop what a handler wrote: body, headers, download name, redirect. */
static void resp_reset(Resp *p) {
  for (int i = 0; i < p->nHeader; i++) {
    free(p->azHeader[i][0]);
    free(p->azHeader[i][1]);
  }
  p->nHeader = 0;
  p->pStatic = NULL;
  p->nStatic = 0;
  p->zType = "text/html; charset=utf-8";
  http_body_reset(p);
  http_hold_cancel(p);
}

/* ---- Views audited on hold ---------------------------------------------------- */

/* In place of a record whose view could not be audited (SPEC §11): the
** record is not shown, nor downloaded. kind: why (DB_FAIL_*). */
static void audit_refused(Resp *p, int kind) {
  p->status = 503;
  p->zType = "text/plain; charset=utf-8";
  for (int i = 0; i < p->nHeader; i++) {
    if (strcasecmp(p->azHeader[i][0], "Content-Disposition") != 0) continue;
    free(p->azHeader[i][0]);
    free(p->azHeader[i][1]);
    p->azHeader[i][0] = p->azHeader[p->nHeader - 1][0];
    p->azHeader[i][1] = p->azHeader[p->nHeader - 1][1];
    p->nHeader--;
    i--;
  }
  http_body_reset(p);
  if (kind == DB_FAIL_BUSY) {
    /* As the skeleton's busy page says: another program holds the lock. */
    http_set_header(p, "Retry-After", "60");
    buf_puts(&p->body, "Oversight is busy saving other work, so this view cannot be written to the audit log yet"
                       " and the record is not shown. Try again in a minute.\n");
  } else {
    buf_puts(&p->body, "The audit log cannot be written, so the record is not shown.\n");
  }
}

typedef struct ViewHold {
  char *azField[4];            /* actor, action, record, client: copies */
  Resp *pResp;
  void (*xDone)(void *);
  void *pDone;
} ViewHold;

static void view_hold_free(void *p) {
  ViewHold *h = p;
  for (int i = 0; i < 4; i++) free(h->azField[i]);
  free(h);
}

static void view_hold_written(void *p, int kind) {
  ViewHold *h = p;
  if (kind != DB_FAIL_NONE) audit_refused(h->pResp, kind);
  void (*xDone)(void *) = h->xDone;
  void *pDone = h->pDone;
  view_hold_free(h);
  xDone(pDone);   /* last: the response may be sent and gone at once */
}

static void view_hold_start(void *p, Resp *pResp, void (*xDone)(void *), void *pDone) {
  ViewHold *h = p;
  h->pResp = pResp;
  h->xDone = xDone;
  h->pDone = pDone;
  audit_write_later(h->azField[0], h->azField[1], h->azField[2], h->azField[3], view_hold_written, h);
}

int audit_view(Web *w, const char *zAction, const char *zRecord) {
  if (db_depth(w->db) == 0 && !w->resp->hold.xStart && audit_writer_running()) {
    ViewHold *h = xcalloc(1, sizeof *h);
    h->azField[0] = xstrdup(w->sess.user.zUsername);
    h->azField[1] = xstrdup(zAction);
    h->azField[2] = xstrdup(zRecord);
    h->azField[3] = w->req->zClient[0] ? xstrdup(w->req->zClient) : NULL;
    w->resp->hold = (HttpHold){view_hold_start, view_hold_free, h};
    return 1;
  }
  if (audit_write(w->db, w->sess.user.zUsername, zAction, zRecord, NULL, NULL, w->req->zClient) == DB_OK) return 1;
  audit_refused(w->resp, db_failed(w->db));
  return 0;
}

/* The request's database work failed (db_failed), or a handler left a
** transaction open. What it wrote may rest on rows that were never read,
** so it is replaced by a page saying what happened; the transaction is
** rolled back, the failure logged, and the server goes on serving. */
static void fail_request(Web *w, const char *zPattern) {
  Db *db = w->db;
  int kind = db_failed(db);
  if (db_depth(db) > 0) {
    fprintf(stderr, "oversight serve: %s %s left a transaction open; rolled back\n", w->req->zMethod, zPattern);
    while (db_depth(db) > 0) db_rollback(db);
    if (!kind) kind = DB_FAIL_OTHER;
  }
  if (db_failed(db)) fprintf(stderr, "oversight serve: %s %s failed: %s\n", w->req->zMethod, zPattern, db_failure(db));
  db_clear_failure(db);
  /* A handler that met the failure and answered 5xx itself (the sign-in
  ** page says why it cannot sign anyone in) has already stopped short. */
  if (w->resp->status >= 500 && kind != DB_FAIL_OTHER) return;
  int post = strcmp(w->req->zMethod, "POST") == 0;
  const char *zNothing = post ? " Nothing you sent has been saved." : "";
  char zText[400];
  const char *zTitle;
  int status = 503;
  if (kind == DB_FAIL_BUSY) {
    zTitle = "Oversight is busy saving other work";
    snprintf(zText, sizeof zText, "Try again in a minute.%s", zNothing);
  } else if (kind == DB_FAIL_FULL) {
    zTitle = "Oversight cannot save right now";
    snprintf(zText, sizeof zText, "The disk is full; tell your administrator.%s", zNothing);
  } else if (kind == DB_FAIL_READONLY) {
    zTitle = "Oversight cannot save right now";
    snprintf(zText, sizeof zText, "Its database cannot be written to; tell your administrator.%s", zNothing);
  } else {
    status = 500;
    zTitle = "Oversight could not read its records";
    snprintf(zText, sizeof zText,
             "Something is wrong with the database, so this page is not shown rather than shown "
             "incomplete. Tell your administrator; the problem has been logged.%s", zNothing);
  }
  resp_reset(w->resp);
  security_headers(w->resp);
  http_set_header(w->resp, "Cache-Control", "no-store");
  if (status == 503) http_set_header(w->resp, "Retry-After", "60");
  w->fmt = FMT_PAGE;
  error_page(w, status, zTitle, zText);
}

/* ---- /metrics and the access log ------------------------------------------------ */

static char **azMetricsFrom;       /* addresses allowed /metrics without the token */
static int nMetricsFrom;
static unsigned char aMetricsToken[crypto_generichash_BYTES];   /* its hash */
static int haveMetricsToken;

/* Compared as hashes, in constant time, so neither the token's bytes nor
** its length can be found by timing. */
static void token_hash(const char *z, unsigned char *aOut) {
  crypto_generichash(aOut, crypto_generichash_BYTES, (const unsigned char *)z, strlen(z), NULL, 0);
}

int web_configure_ops(int accessLog, const char *zMetricsFrom, const char *zTokenFile, Buf *pErr) {
  metrics_set_routes(ROUTE_SLOT(COUNT(aRoute)), slot_label);
  metrics_set_access_log(accessLog);
  char *z = xstrdup(zMetricsFrom ? zMetricsFrom : "127.0.0.1");
  for (char *t = strtok(z, ","); t; t = strtok(NULL, ",")) {
    azMetricsFrom = xrealloc(azMetricsFrom, (size_t)(nMetricsFrom + 1) * sizeof(char *));
    azMetricsFrom[nMetricsFrom++] = xstrdup(t);
  }
  free(z);
  if (zTokenFile) {
    FILE *f = fopen(zTokenFile, "r");
    if (!f) {
      buf_printf(pErr, "cannot read the metrics token file %s", zTokenFile);
      return -1;
    }
    char zTok[512] = "";
    size_t n = fread(zTok, 1, sizeof zTok - 1, f);
    fclose(f);
    zTok[n] = 0;
    while (n > 0 && (zTok[n - 1] == '\n' || zTok[n - 1] == '\r' || zTok[n - 1] == ' ')) zTok[--n] = 0;
    if (n < 16) {
      buf_printf(pErr, "the metrics token in %s must be at least 16 characters (e.g. from: openssl rand -hex 32)",
                 zTokenFile);
      return -1;
    }
    crypto_init();
    token_hash(zTok, aMetricsToken);
    sodium_memzero(zTok, sizeof zTok);
    haveMetricsToken = 1;
    struct stat st;
    if (stat(zTokenFile, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO))) {
      fprintf(stderr, "oversight serve: warning: the metrics token file %s can be read by other accounts "
                      "(mode %04o); run chmod 600 %s\n", zTokenFile, (unsigned)(st.st_mode & 07777), zTokenFile);
    }
  }
  return 0;
}

/* May this request have /metrics? With the bearer token, from anywhere;
** without it, only straight from an allowed address. A request relayed
** by a proxy carries the proxy's address (127.0.0.1 for one on this
** machine, which would let the whole internet in through it), so one
** from a --trust-proxy address or saying it was forwarded never counts
** as from its address. 1 yes; 0 no; -1 no, and a wrong token was sent. */
static int metrics_allowed(const Req *req) {
  const char *zAuth = http_header(req, "Authorization");
  if (zAuth && strncasecmp(zAuth, "Bearer ", 7) == 0) {
    if (!haveMetricsToken) return -1;
    unsigned char a[crypto_generichash_BYTES];
    token_hash(zAuth + 7, a);
    return sodium_memcmp(a, aMetricsToken, sizeof a) == 0 ? 1 : -1;
  }
  if (from_trusted_proxy(req) || http_header(req, "Forwarded") || http_header(req, "X-Forwarded-For")) return 0;
  for (int i = 0; i < nMetricsFrom; i++) {
    if (strcmp(req->zClient, azMetricsFrom[i]) == 0) return 1;
  }
  return 0;
}

static void metrics_page(Req *req, Resp *resp) {
  http_set_header(resp, "Cache-Control", "no-store");
  resp->zType = "text/plain; charset=utf-8";
  int ok = metrics_allowed(req);
  if (ok <= 0) {
    /* Not there, to anyone not allowed to know it is; but a scraper
    ** with the wrong token is told, so its owner can fix it. */
    resp->status = ok < 0 ? 403 : 404;
    buf_puts(&resp->body, ok < 0 ? "Forbidden\n" : "Not found\n");
    return;
  }
  if (strcmp(req->zMethod, "GET") != 0 && strcmp(req->zMethod, "HEAD") != 0) {
    resp->status = 405;
    http_set_header(resp, "Allow", "GET");
    buf_puts(&resp->body, "Method not allowed\n");
    return;
  }
  MetricsGauges g = {-1, -1, -1};
  Db *db = thread_db();
  if (db) {
    db_clear_failure(db);
    pthread_rwlock_rdlock(&rulesLock);   /* the session rules */
    g.nSessions = session_count_active(db);
    pthread_rwlock_unlock(&rulesLock);
    g.nDbBytes = db_size_bytes(db);
    /* The log is append-only and each entry's id is the last one's plus
    ** one, from 1 (audit.c), so the last id is the count, read from the
    ** end of the table rather than by counting every row each scrape. */
    g.nAudit = db_int(db, 0, "SELECT max(id) FROM audit_log", "");
    if (db_failed(db)) {
      fprintf(stderr, "oversight serve: /metrics: %s\n", db_failure(db));
      db_clear_failure(db);
    }
  }
  /* text/plain; version=0.0.4 is the exposition format's own type. */
  resp->zType = "text/plain; version=0.0.4; charset=utf-8";
  metrics_render(&resp->body, &g);
}

void web_observe(const Req *req, const Resp *resp, double ms) {
  metrics_observe(req->zMethod, resp->iRoute, resp->status, ms, resp->userId);
}

/* Refuse an upload in plain text: no page layout before sign-in. */
static int gate_refuse(Resp *resp, int status, const char *zText) {
  resp->status = status;
  resp->zType = "text/plain; charset=utf-8";
  buf_puts(&resp->body, zText);
  return 1;
}

/* The body gate (http_set_body_gate): the body of an upload is read only
** for a signed-in user whose role has the route's capability and whose
** form carried this session's CSRF token in its address (the body, where
** a form's token usually is, has not been read yet). Anyone else is
** refused before the server stores a byte. web_handle checks all of it
** again, with the token in the form, once the body is in. */
int web_upload_gate(const Req *req, Resp *resp) {
  security_headers(resp);
  http_set_header(resp, "Cache-Control", "no-store");
  const struct Route *route = NULL;
  Web web;
  memset(&web, 0, sizeof web);
  char aSeg[4][128];
  for (int i = 0; i < COUNT(aRoute) && !route; i++) {
    if (strcmp(aRoute[i].zMethod, "POST") == 0 && route_match(aRoute[i].zPattern, req->zPath, &web, aSeg)) {
      route = &aRoute[i];
    }
  }
  if (!route) {
    resp->iRoute = SLOT_NONE;
    return gate_refuse(resp, 404, "Not found\n");
  }
  resp->iRoute = ROUTE_SLOT((int)(route - aRoute));
  Db *db = thread_db();
  if (!db) return gate_refuse(resp, 503, "The database is not available. Try again shortly.\n");
  char zSid[80];
  Session sess;
  pthread_rwlock_rdlock(&rulesLock);
  int signedIn = http_cookie(req, SESSION_COOKIE, zSid, sizeof zSid) && session_check(db, zSid, &sess);
  pthread_rwlock_unlock(&rulesLock);
  if (!signedIn) return gate_refuse(resp, 403, "Sign in first.\n");
  resp->userId = sess.user.id;
  if (route->cap && !(role_caps(sess.user.role) & route->cap)) {
    return gate_refuse(resp, 403, "Your role does not include this. If you need it for your work, ask an administrator.\n");
  }
  if (!csrf_ok(&sess, http_query(req, "csrf"))) {
    return gate_refuse(resp, 403, "This form has expired or did not come from Oversight. Go back, reload the page "
                                  "and try again.\n");
  }
  return 0;
}

void web_handle(Req *req, Resp *resp) {
  security_headers(resp);
  if (strcmp(req->zPath, "/healthz") == 0) {
    resp->iRoute = SLOT_HEALTHZ;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "ok\n");
    return;
  }
  /* Like /healthz, answered before routing: /metrics is for the
  ** machines watching the service, who have no session and no role, so
  ** it is not a page of the route x role matrix. It has its own gate
  ** (metrics_page). */
  if (strcmp(req->zPath, "/metrics") == 0) {
    resp->iRoute = SLOT_METRICS;
    metrics_page(req, resp);
    return;
  }
  if (strncmp(req->zPath, "/assets/", 8) == 0) {
    resp->iRoute = SLOT_ASSETS;
    serve_asset(req, resp);
    return;
  }
  Web web;
  memset(&web, 0, sizeof web);
  Web *w = &web;
  w->req = req;
  w->resp = resp;
  w->out = &resp->body;
  w->today = date_today();
  /* Pages carry people's records: never keep them in a shared cache. */
  http_set_header(resp, "Cache-Control", "no-store");
  w->db = thread_db();
  if (!w->db) {
    resp->status = 503;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "The database is not available. Try again shortly.\n");
    return;
  }
  db_clear_failure(w->db);
  pthread_rwlock_rdlock(&rulesLock);
  audit_set_client(req->zClient);
  /* The request's reads in one snapshot (db_read_begin says why). */
  db_read_begin(w->db);

  /* 1. Who is signed in. */
  char zSid[80];
  int ended = 0;
  if (http_cookie(req, SESSION_COOKIE, zSid, sizeof zSid)) {
    if (session_lookup(w->db, zSid, &w->sess)) w->signedIn = 1;
    else ended = w->sess.ended;
  }
  if (!w->signedIn && zProxyHeader && from_trusted_proxy(req)) {
    /* The council's identity provider signed them in, via the proxy. */
    const char *zUser = http_header(req, zProxyHeader);
    User u;
    if (zUser && user_get(w->db, zUser, &u) && !u.disabled &&
        session_create(w->db, &u, req->zClient, &w->sess) == 0) {
      w->signedIn = 1;
      set_session_cookie(w, w->sess.zId, -1);
    }
  }
  if (w->signedIn) {
    w->caps = role_caps(w->sess.user.role);
    resp->userId = w->sess.user.id;
  }
  /* Drop the dead cookie, so the page after next does not say it ended. */
  else if (ended) set_session_cookie(w, "", 0);

  /* 2. Which page, and may they have it. HEAD is GET without the body
  ** (libmicrohttpd leaves the body out). */
  const char *zMethod = strcmp(req->zMethod, "HEAD") == 0 ? "GET" : req->zMethod;
  const struct Route *route = NULL;
  char aSeg[4][128];
  char zAllow[32] = "";
  for (int i = 0; i < COUNT(aRoute); i++) {
    if (!route_match(aRoute[i].zPattern, req->zPath, w, aSeg)) continue;
    if (strcmp(aRoute[i].zMethod, zMethod) == 0) {
      route = &aRoute[i];
      break;
    }
    size_t n = strlen(zAllow);
    snprintf(zAllow + n, sizeof zAllow - n, "%s%s", n ? ", " : "", aRoute[i].zMethod);
  }
  resp->iRoute = route ? ROUTE_SLOT((int)(route - aRoute)) : SLOT_NONE;
  if (!route) {
    if (zAllow[0]) {
      http_set_header(resp, "Allow", zAllow);
      resp->status = 405;
      resp->zType = "text/plain; charset=utf-8";
      buf_puts(&resp->body, "Method not allowed\n");
    } else {
      not_found(w);
    }
  } else if (!(route->flags & PUBLIC) && !w->signedIn) {
    if (strcmp(zMethod, "GET") == 0) {
      Buf u = {0};
      buf_puts(&u, "/login?next=");
      url_escape(&u, req->zPath);
      if (ended) buf_puts(&u, ended == SESSION_ENDED_LIFETIME ? "&ended=lifetime" : "&ended=idle");
      resp->status = 302;
      http_set_header(resp, "Location", u.z);
      buf_free(&u);
    } else {
      resp->status = 403;
      resp->zType = "text/plain; charset=utf-8";
      if (ended) {
        /* A form sent after the session ended: say why the work was not saved. */
        char zLen[48];
        rule_words(zLen, sizeof zLen, ended == SESSION_ENDED_LIFETIME ? "session_lifetime" : "session_idle");
        buf_printf(&resp->body, "Your session ended after %s%s. Sign in again.\n", zLen,
                   ended == SESSION_ENDED_LIFETIME ? "" : " without use");
      } else {
        buf_puts(&resp->body, "Sign in first.\n");
      }
    }
  } else if (w->signedIn && w->sess.user.mustChange && !(route->flags & TEMPORARY_OK)) {
    /* A temporary password was seen by an administrator: until its owner
    ** replaces it, it opens no page but the one to replace it. */
    if (strcmp(req->zMethod, "GET") == 0) {
      redirect(w, "/account/password");
    } else {
      resp->status = 403;
      resp->zType = "text/plain; charset=utf-8";
      buf_puts(&resp->body, "Change your temporary password first: go to /account/password.\n");
    }
  } else if (route->cap && !(w->caps & route->cap)) {
    forbidden(w);
  } else if (strcmp(req->zMethod, "POST") == 0 && !(route->flags & LOGIN_FORM) &&
             !csrf_ok(&w->sess, http_form(req, "csrf"))) {
    /* 3. A change must come from our own form. */
    resp->status = 403;
    resp->zType = "text/plain; charset=utf-8";
    buf_puts(&resp->body, "This form has expired or did not come from Oversight. Go back, reload the page and try again.\n");
  } else {
    w->fmt = route->flags & CSV ? FMT_CSV : route->flags & XLSX ? FMT_XLSX : FMT_PAGE;
    route->x(w);
  }
  if (db_failed(w->db) || db_depth(w->db) > 0) fail_request(w, route ? route->zPattern : "(no route)");
  db_read_end(w->db);
  buf_free(&w->crumbs);  /* breadcrumbs of a page that was not written */
  audit_set_client(NULL);
  pthread_rwlock_unlock(&rulesLock);
  if (w->reloadRules) {
    pthread_rwlock_wrlock(&rulesLock);
    rules_load(w->db);
    pthread_rwlock_unlock(&rulesLock);
  }
}
