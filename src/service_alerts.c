/*
** service_alerts.c: escalations', LADO, private fostering and homes'
** alerts and their acknowledgements (service_alerts.h, docs/alerts.md).
*/
#include "service_alerts.h"
#include "audit.h"
#include "escalations.h"
#include "homes.h"
#include "lado.h"
#include "private_fostering.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct { const char *zName, *zLabel; } aService[SA__COUNT] = {
  [SA_ESCALATION] = {"escalation", "Escalations"},
  [SA_LADO] = {"lado", "LADO cases"},
  [SA_PRIVATE_FOSTERING] = {"private-fostering", "Private fostering"},
  [SA_HOME] = {"home", "Children's homes"},
};

const char *sa_service_name(AlertService s) { return s >= 0 && s < SA__COUNT ? aService[s].zName : ""; }
const char *sa_service_label(AlertService s) { return s >= 0 && s < SA__COUNT ? aService[s].zLabel : ""; }

AlertService sa_service_parse(const char *z) {
  for (int i = 0; z && i < SA__COUNT; i++) {
    if (strcmp(z, aService[i].zName) == 0) return (AlertService)i;
  }
  return SA_INVALID;
}

ServiceAlertScope service_alert_scope(unsigned caps, int64_t iroId) {
  ServiceAlertScope sc = {0};
  if (caps & CAP_LADO) sc.services |= 1u << SA_LADO;
  if (caps & CAP_PRIVATE_FOSTERING) sc.services |= 1u << SA_PRIVATE_FOSTERING;
  if (caps & CAP_HOMES) sc.services |= 1u << SA_HOME;
  /* Escalations are acted on by IROs and managers (SPEC §11): a manager
  ** who sees the whole service sees every one; an IRO those they raised.
  ** Business support does not act on escalations, so has none. */
  if (caps & CAP_ESCALATE) {
    if (caps & CAP_SERVICE_VIEW) {
      sc.services |= 1u << SA_ESCALATION;
    } else if (iroId) {
      sc.services |= 1u << SA_ESCALATION;
      sc.escalationIro = iroId;
    }
  }
  return sc;
}

/* Only the open items due soon (their due day included) or overdue. */
static int is_alert(Status st) { return st == ST_DUE_SOON || st == ST_DUE_TODAY || st == ST_OVERDUE; }

static ServiceAlert *push(ServiceAlertList *l, AlertService svc, int64_t recordId, Date due, Status st) {
  if (l->n == l->cap) l->a = xrealloc(l->a, (size_t)(l->cap = l->cap ? l->cap * 2 : 32) * sizeof *l->a);
  ServiceAlert *a = &l->a[l->n++];
  memset(a, 0, sizeof *a);
  a->service = svc;
  a->recordId = recordId;
  a->due = due;
  a->status = st;
  return a;
}

/* The current stage's response of each open escalation. */
static void escalation_alerts(Db *db, const ServiceAlertScope *sc, Date asOf, ServiceAlertList *out) {
  EscalationFilter f;
  escalation_filter_init(&f, asOf);
  f.openOnly = 1;
  EscalationList el = {0};
  if (escalation_list(db, &f, &el) < 0) return;   /* noted on the connection: the list fails */
  for (int i = 0; i < el.n; i++) {
    const Escalation *e = &el.a[i];
    if (sc->escalationIro && e->iroId != sc->escalationIro) continue;
    const EscalationStage *s = escalation_current_stage(e, asOf);
    if (!s) continue;
    Status st = escalation_stage_status(s, asOf);
    if (!is_alert(st)) continue;
    ServiceAlert *a = push(out, SA_ESCALATION, e->id, s->due, st);
    a->iroId = e->iroId;
    /* The stage is in the code, so moving on is a new alert even when
    ** the new stage happens to be due on the same day. */
    snprintf(a->zItem, sizeof a->zItem, "stage-%d-response", s->stage);
    a->zWhat = xmprintf("Response at %s", escalation_stage_phrase(s->stage));
    char zCat[64];
    escalation_code_words(e->zCategory, zCat, sizeof zCat);
    a->zRecord = xmprintf("Escalation %lld (%s)", (long long)e->id, zCat);
    snprintf(a->zUrl, sizeof a->zUrl, "/escalations/%lld", (long long)e->id);
  }
  escalation_list_free(&el);
}

/* Each open case's next step with a date, and its recommendations not
** yet implemented. */
static void lado_alerts(Db *db, Date asOf, ServiceAlertList *out) {
  LadoList ll = {0};
  lado_list(db, 1, asOf, &ll);
  for (int i = 0; i < ll.n; i++) {
    const LadoCase *c = &ll.a[i];
    char zRec[40], zUrl[40];
    snprintf(zRec, sizeof zRec, "LADO case %lld", (long long)c->id);
    snprintf(zUrl, sizeof zUrl, "/lado/cases/%lld", (long long)c->id);
    Date due;
    const char *zStep = lado_next_step(c, asOf, &due);
    if (zStep && due != DATE_NONE) {
      Status st = deadline_status(due, DATE_NONE, asOf);
      if (is_alert(st)) {
        ServiceAlert *a = push(out, SA_LADO, c->id, due, st);
        static const struct { const char *zStep, *zItem, *zWhat; } aStep[] = {
          {"decision", "decision", "Decision on the contact"},
          {"initial meeting", "initial-meeting", "Initial evaluation meeting"},
          {"post-allegation meeting", "post-allegation-meeting", "Post-allegation meeting"},
        };
        for (int k = 0; k < (int)(sizeof aStep / sizeof aStep[0]); k++) {
          if (strcmp(zStep, aStep[k].zStep) != 0) continue;
          snprintf(a->zItem, sizeof a->zItem, "%s", aStep[k].zItem);
          a->zWhat = xstrdup(aStep[k].zWhat);
        }
        if (!a->zWhat) a->zWhat = xstrdup("");
        a->zRecord = xstrdup(zRec);
        snprintf(a->zUrl, sizeof a->zUrl, "%s", zUrl);
      }
    }
    for (int k = 0; k < c->nRec; k++) {
      const LadoRec *r = &c->aRec[k];
      if (r->added > asOf || r->due == DATE_NONE) continue;
      Date done = r->implemented != DATE_NONE && r->implemented <= asOf ? r->implemented : DATE_NONE;
      Status st = deadline_status(r->due, done, asOf);
      if (!is_alert(st)) continue;
      ServiceAlert *a = push(out, SA_LADO, c->id, r->due, st);
      snprintf(a->zItem, sizeof a->zItem, "recommendation-%lld", (long long)r->id);
      a->zWhat = xstrdup("Recommendation implemented");
      a->zRecord = xstrdup(zRec);
      snprintf(a->zUrl, sizeof a->zUrl, "%s", zUrl);
    }
  }
  lado_list_free(&ll);
}

/* Every open item of each running arrangement (pf_due_items). */
static void pf_alerts(Db *db, Date asOf, ServiceAlertList *out) {
  PfList pl = {0};
  if (pf_list(db, NULL, &pl) < 0) return;   /* noted on the connection: the list fails */
  for (int i = 0; i < pl.n; i++) {
    const PfArrangement *p = &pl.a[i];
    if (p->notified > asOf) continue;
    PfItemList il = {0};
    pf_due_items(p, asOf, 0, &il);
    for (int k = 0; k < il.n; k++) {
      if (!is_alert(il.a[k].status)) continue;
      ServiceAlert *a = push(out, SA_PRIVATE_FOSTERING, p->id, il.a[k].due, il.a[k].status);
      snprintf(a->zItem, sizeof a->zItem, "%s", pf_item_name(il.a[k].kind));
      a->zWhat = xstrdup(pf_item_label(il.a[k].kind));
      a->zRecord = xmprintf("Private fostering arrangement %lld", (long long)p->id);
      snprintf(a->zUrl, sizeof a->zUrl, "/private-fostering/%lld", (long long)p->id);
    }
    pf_items_free(&il);
  }
  pf_list_free(&pl);
}

/* Every open item of each home (home_due), and the QPAG actions. */
static void home_alerts(Db *db, Date asOf, ServiceAlertList *out) {
  int64_t *aId = NULL;
  int nHome = home_ids(db, &aId);
  for (int i = 0; i < nHome; i++) {
    HomeRecords h;
    if (!home_load(db, aId[i], &h)) continue;
    HomeItemList il = {0};
    home_due(&h, asOf, 0, &il);
    for (int k = 0; k < il.n; k++) {
      const HomeItem *it = &il.a[k];
      if (!is_alert(it->status)) continue;
      ServiceAlert *a = push(out, SA_HOME, h.home.id, it->due, it->status);
      /* One home has several of a kind open at once (two visits' reports,
      ** an audit's actions): the record each is about is in the code. */
      snprintf(a->zItem, sizeof a->zItem, "%s-%lld", home_item_name(it->kind), (long long)it->refId);
      char *zOf = xstrdup(it->zWhat);
      /* A notification's words after its kind are the event's summary,
      ** which may name a child or an adult: the list names no one. */
      if (it->kind == HI_NOTIFICATION && strchr(zOf, ':')) *strchr(zOf, ':') = 0;
      if (zOf[0]) a->zWhat = xmprintf("%s: %s", home_item_label(it->kind), zOf);
      else a->zWhat = xstrdup(home_item_label(it->kind));
      free(zOf);
      a->zRecord = xstrdup(h.home.zName);
      snprintf(a->zUrl, sizeof a->zUrl, "/homes/%lld", (long long)h.home.id);
    }
    home_items_free(&il);
    home_clear(&h);
  }
  free(aId);
  QpagList ql = {0};
  if (qpag_actions(db, asOf, &ql) != DB_OK) return;   /* noted on the connection: the list fails */
  for (int i = 0; i < ql.n; i++) {
    const QpagAction *q = &ql.a[i];
    Status st = home_status(q->due, q->done, asOf);
    if (!is_alert(st)) continue;
    ServiceAlert *a = push(out, SA_HOME, q->id, q->due, st);
    snprintf(a->zItem, sizeof a->zItem, "qpag-action");
    a->zWhat = xmprintf("QPAG action: %s", q->zAction);
    a->zRecord = xstrdup(q->zHome ? q->zHome : "QPAG action tracker");
    snprintf(a->zUrl, sizeof a->zUrl, "/homes/qpag/actions");
  }
  qpag_list_free(&ql);
}

/* The latest acknowledgement of a: DB_OK (a->acked says whether there is
** one) or DB_ERROR. */
static int load_ack(Db *db, ServiceAlert *a) {
  char zDue[11];
  Stmt *s = db_query(db,
      "SELECT u.display_name, k.acked_at, k.note FROM service_alert_ack k JOIN users u ON u.id = k.user_id"
      " WHERE k.service = ? AND k.record_id = ? AND k.item = ? AND k.due_on = ?"
      " ORDER BY k.acked_at DESC, k.id DESC LIMIT 1",
      "sIss", sa_service_name(a->service), a->recordId, a->zItem, date_iso(a->due, zDue));
  int rc = db_step(s);
  if (rc == DB_ROW) {
    a->acked = 1;
    snprintf(a->zAckedBy, sizeof a->zAckedBy, "%s", db_col_text(s, 0));
    snprintf(a->zAckedAt, sizeof a->zAckedAt, "%s", db_col_text(s, 1));
    snprintf(a->zNote, sizeof a->zNote, "%s", db_col_text(s, 2));
  }
  db_finalize(s);
  return rc == DB_ROW || rc == DB_DONE ? DB_OK : DB_ERROR;
}

static int alert_cmp(const void *pa, const void *pb) {
  const ServiceAlert *a = pa, *b = pb;
  if (a->service != b->service) return a->service < b->service ? -1 : 1;
  if (a->status != b->status) return a->status == ST_OVERDUE ? -1 : 1;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  if (a->recordId != b->recordId) return a->recordId < b->recordId ? -1 : 1;
  return strcmp(a->zItem, b->zItem);
}

int service_alerts_for(Db *db, const ServiceAlertScope *sc, Date asOf, ServiceAlertList *out) {
  memset(out, 0, sizeof *out);
  if (sc->services & (1u << SA_ESCALATION)) escalation_alerts(db, sc, asOf, out);
  if (sc->services & (1u << SA_LADO)) lado_alerts(db, asOf, out);
  if (sc->services & (1u << SA_PRIVATE_FOSTERING)) pf_alerts(db, asOf, out);
  if (sc->services & (1u << SA_HOME)) home_alerts(db, asOf, out);
  for (int i = 0; i < out->n; i++) {
    if (load_ack(db, &out->a[i]) != DB_OK) {
      /* A list without its acknowledgements would invite the work twice. */
      service_alerts_free(out);
      return -1;
    }
  }
  /* The services' loaders stop at a read error as at their last row; the
  ** connection remembers it (db.h), so a short list is never taken for
  ** the whole one. */
  if (db_failed(db)) {
    service_alerts_free(out);
    return -1;
  }
  if (out->n) qsort(out->a, (size_t)out->n, sizeof *out->a, alert_cmp);
  return 0;
}

void service_alerts_free(ServiceAlertList *l) {
  for (int i = 0; i < l->n; i++) {
    free(l->a[i].zWhat);
    free(l->a[i].zRecord);
  }
  free(l->a);
  memset(l, 0, sizeof *l);
}

/* Characters (not bytes) of UTF-8 text: what the page's character count
** shows, for every character outside the astral planes. */
static size_t utf8_chars(const char *z) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) n += (*p & 0xC0) != 0x80;
  return n;
}

int service_alert_acknowledge(Db *db, const ServiceAlertScope *sc, const char *zService, int64_t recordId,
                              const char *zItem, Date due, int64_t userId, const char *zActor,
                              const char *zNote, Date asOf, Errors *err) {
  AlertService svc = sa_service_parse(zService);
  if (zNote && utf8_chars(zNote) > SA_NOTE_MAX) {
    errors_add(err, "note", "The note must be %d characters or fewer", SA_NOTE_MAX);
  }
  if (svc == SA_INVALID || recordId <= 0 || !zItem || !*zItem || due == DATE_NONE) {
    errors_add(err, "item", "Choose which alert to acknowledge");
  }
  if (err->n) return -1;
  if (!(sc->services & (1u << svc))) {
    errors_add(err, "item", "You cannot acknowledge %s alerts: they are for the people who do that work",
               svc == SA_LADO ? "LADO" : svc == SA_ESCALATION ? "escalation" : svc == SA_HOME ? "children's homes"
                                                                                     : "private fostering");
    return -1;
  }
  /* Only an alert open now, and one this person sees, is acknowledged. */
  ServiceAlertScope one = *sc;
  one.services = 1u << svc;
  ServiceAlertList l;
  if (service_alerts_for(db, &one, asOf, &l) != 0) {
    errors_add(err, "item", "Could not read the alerts: %s", db_failed(db) ? db_failure(db) : db_errmsg(db));
    return -1;
  }
  const ServiceAlert *a = NULL;
  for (int i = 0; i < l.n && !a; i++) {
    if (l.a[i].recordId == recordId && strcmp(l.a[i].zItem, zItem) == 0 && l.a[i].due == due) a = &l.a[i];
  }
  if (!a) {
    errors_add(err, "item", "This alert is no longer open: the work may already be done");
    service_alerts_free(&l);
    return -1;
  }
  char zAt[32], zDue[11], zRec[40];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
  date_iso(due, zDue);
  if (svc == SA_HOME && strcmp(zItem, "qpag-action") == 0) {
    snprintf(zRec, sizeof zRec, "qpag:%lld", (long long)recordId);
  } else {
    snprintf(zRec, sizeof zRec, "%s:%lld", svc == SA_PRIVATE_FOSTERING ? "pf" : sa_service_name(svc),
             (long long)recordId);
  }
  const char *zN = zNote && *zNote ? zNote : NULL;
  /* Before: the acknowledgement it had (an alert is acknowledged again
  ** when there is more to say), so the log shows what changed. */
  char *zBefore = a->acked ? xmprintf("%s due %s acknowledged by %s at %s%s%s", zItem, zDue, a->zAckedBy,
                                      a->zAckedAt, a->zNote[0] ? ": " : "", a->zNote)
                           : xmprintf("%s due %s not acknowledged", zItem, zDue);
  char *zAfter = xmprintf("%s due %s acknowledged%s%s", zItem, zDue, zN ? ": " : "", zN ? zN : "");
  service_alerts_free(&l);
  int rc = db_begin(db);
  if (rc == DB_OK) {
    rc = db_exec(db, "INSERT INTO service_alert_ack(service, record_id, item, due_on, user_id, acked_at, note)"
                     " VALUES(?, ?, ?, ?, ?, ?, ?)", "sIssIss", sa_service_name(svc), recordId, zItem, zDue,
                 userId, zAt, zN);
    if (rc == DB_OK) rc = audit_write(db, zActor, "alert.ack", zRec, zBefore, zAfter, NULL);
    if (rc == DB_OK) rc = db_commit(db);
    else db_rollback(db);
  }
  if (rc != DB_OK) errors_add(err, "item", "Could not save the acknowledgement: %s", db_errmsg(db));
  free(zBefore);
  free(zAfter);
  return rc == DB_OK ? 0 : -1;
}
