/*
** service_alerts.h: the alerts that are not a child's deadline (issue 18,
** SPEC "Alerts", docs/alerts.md): escalations' responses, LADO cases'
** decisions, meetings and recommendations, private fostering visits and
** assessments, and children's homes' items (Regulation 44 visits and
** reports, audits, notifications, Ofsted actions) and QPAG actions.
**
** Each comes from its service's own deadline code (escalation_stage_status,
** lado_next_step, pf_due_items, home_due, home_status), so an alert is
** exactly an open item that is due soon (the due day included) or overdue
** there. An alert is named by its service, its record, a short item code
** and its due date: a deadline that moves is a new alert. Acknowledging
** records who and when (table service_alert_ack, migration 026); the
** alert stays on the list until the work is done.
**
** Children's own deadlines (recommendations included: the deadline
** engine's ITEM_RECOMMENDATION) are alerts.h's.
*/
#ifndef OVERSIGHT_SERVICE_ALERTS_H
#define OVERSIGHT_SERVICE_ALERTS_H

#include "children.h"
#include "db.h"
#include "deadlines.h"

typedef enum AlertService {
  SA_ESCALATION, SA_LADO, SA_PRIVATE_FOSTERING, SA_HOME, SA__COUNT, SA_INVALID = -1
} AlertService;
const char *sa_service_name(AlertService s);   /* "escalation", "lado", "private-fostering", "home" */
const char *sa_service_label(AlertService s);  /* "Escalations", "LADO cases", ... */
AlertService sa_service_parse(const char *z);  /* SA_INVALID if unknown */

/* The longest note, in characters (docs/alerts.md): longer is refused
** with a message saying so, never cut short. */
enum { SA_NOTE_MAX = 250 };

typedef struct ServiceAlert {
  AlertService service;
  int64_t recordId;             /* escalation, LADO case, arrangement or home; qpag-action: the action */
  char zItem[40];               /* short code: "stage-response", "decision", "reg44-report-12", ... */
  char *zWhat;                  /* what is due, in words; whole, owned by the list */
  char *zRecord;                /* which record, in words (a home's name as typed); names no
                                ** person; owned by the list */
  char zUrl[64];                /* the record's page */
  Date due;
  Status status;                /* ST_DUE_SOON (the due day included) or ST_OVERDUE */
  int64_t iroId;                /* escalations: the IRO who raised it (0 none); else 0 */
  int acked;                    /* its latest acknowledgement: */
  char zAckedBy[128];           /* the person's display name */
  char zAckedAt[24];            /* UTC, YYYY-MM-DDTHH:MM:SSZ */
  char zNote[SA_NOTE_MAX * 4 + 1];
} ServiceAlert;

/* The alerts own their zWhat and zRecord: service_alerts_free() frees them. */
typedef struct ServiceAlertList { ServiceAlert *a; int n, cap; } ServiceAlertList;

/* Whose alerts (SPEC §11): a bit (1 << SA_*) per service, and for
** escalations, when escalationIro is not 0, only those that IRO raised. */
typedef struct ServiceAlertScope {
  unsigned services;
  int64_t escalationIro;
} ServiceAlertScope;
/* The scope of a user with capabilities caps (users.h) and IRO record
** iroId (0 none): CAP_LADO the LADO cases; CAP_PRIVATE_FOSTERING and
** CAP_HOMES their service's; CAP_ESCALATE with CAP_SERVICE_VIEW every
** escalation, CAP_ESCALATE alone (an IRO) those they raised. */
ServiceAlertScope service_alert_scope(unsigned caps, int64_t iroId);

/* The open alerts in scope as of asOf, by service, overdue first, then by
** due date, each with its latest acknowledgement. 0, or -1 when the
** records or their acknowledgements could not be read (db_failure says
** why; out is then empty). Free with service_alerts_free. */
int service_alerts_for(Db *db, const ServiceAlertScope *sc, Date asOf, ServiceAlertList *out);
void service_alerts_free(ServiceAlertList *l);

/* Acknowledge an alert as userId (zActor in the audit log), with an
** optional note of at most SA_NOTE_MAX characters. The alert must be open
** on asOf and in scope. 0, or -1 with err (fields "note", else "item") in
** users' words. Written with its audit entry (action alert.ack, before and
** after) under the record ("escalation:ID", "lado:ID", "pf:ID", "home:ID",
** "qpag:ID") in one transaction. */
int service_alert_acknowledge(Db *db, const ServiceAlertScope *sc, const char *zService, int64_t recordId,
                              const char *zItem, Date due, int64_t userId, const char *zActor,
                              const char *zNote, Date asOf, Errors *err);

#endif
