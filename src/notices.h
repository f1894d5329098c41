/*
** notices.h: the emails other than the IROs' daily digests (digest.h),
** SPEC 12, issue 18, docs/mail.md: escalations, the weekly escalation list
** and the monthly exceptions report, LADO, private fostering and homes.
**
** Like the digests, a message names no child, adult or allegation: counts,
** record numbers (escalation 12, case 40), what kind of work is due, dates
** and links into Oversight (setting mail.base_url), never free text from a
** record. One function per kind of message; one daily entry point,
** notices_queue_day(), which `oversight mail digest` and the daily run of
** `oversight serve` call beside the digests. Each message carries an
** idempotency key kind:record:date (and the recipient), so a second run
** for a day queues nothing more.
*/
#ifndef OVERSIGHT_NOTICES_H
#define OVERSIGHT_NOTICES_H

#include "db.h"
#include "escalations.h"

/* One plain email address ("name@council.example"): what may go in a
** message's To. 1 or 0. */
int mail_address_ok(const char *z);

typedef struct Notice {
  char *zKind;                  /* "escalation-reminder", "lado", ... (outbox.kind) */
  char *zTo, *zSubject, *zBody;
  char *zKey;                   /* the idempotency key, unique to the message */
} Notice;
typedef struct NoticeList { Notice *a; int n, cap; } NoticeList;
void notices_free(NoticeList *l);

/* ---- Event-driven: queued in the event's own transaction ----------------- */

/* Stage st of e was raised or moved to its responder: queue the message
** telling them, inside the caller's transaction, when the stage has a
** responder email. 0 (also when there is nobody to tell), or -1 with
** *pzErr (caller frees). */
int notice_escalation_stage(Db *db, const Escalation *e, const EscalationStage *st, char **pzErr);

/* ---- Daily: each appends the day's messages of its kind to out ----------
** zBase is mail.base_url ("" or NULL: no links). Rules loaded. Each
** returns 0, or -1 if the database could not be read. They do not look at
** whether asOf is a working day: notices_build_day() does. */

/* The responder of each open escalation's current stage, the working day
** (rule mail_escalation_reminder) before its response is due. */
int notices_escalation_reminders(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* Each escalation whose current stage is overdue on asOf, once per stage:
** to the next stage's manager (notice_next_managers()) and the IRO. */
int notices_escalation_overdue(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* On the first working day of the week: each locality's managers
** (setting mail.locality_managers) the counts of its open escalations. */
int notices_weekly_escalations(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* On the first working day of the month: the leadership list (setting
** mail.leadership) the counts of last month's exceptions report. */
int notices_monthly_exceptions(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* The Designated Officers (users with role lado and an email): decisions
** due by the next working day (rule mail_lado_decision_notice) and
** meetings overdue. */
int notices_lado(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* Each private fostering worker (the arrangement's worker, a user with an
** email): visits due today or overdue. */
int notices_private_fostering(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* Residential managers (users with role residential-manager and an
** email): Regulation 44 reports due today or overdue, QPAG actions overdue. */
int notices_homes(Db *db, Date asOf, const char *zBase, NoticeList *out);

/* The addresses told when an escalation at stage `stage` becomes overdue,
** beside the IRO: for a stage whose next is team manager, service manager
** or head of locality, the managers of the escalation's locality
** (mail.locality_managers); for one whose next is the director, executive
** director or Cafcass (and the Cafcass referral itself), mail.leadership.
** Appended to *paz (caller frees each and the array); returns how many. */
int notice_next_managers(Db *db, int stage, int64_t localityId, char ***paz, int *pn);

/* ---- The day ---------------------------------------------------------------- */

/* Every daily message for asOf, in the order above: none at all on a day
** that is not a working day (digest_day()). 0, or -1 on a read error. */
int notices_build_day(Db *db, Date asOf, const char *zBase, NoticeList *out);
/* Queue l in one transaction with an audit entry saying how many: the
** number newly queued, or -1 with *pzErr (caller frees). */
int notices_queue(Db *db, Date asOf, const NoticeList *l, const char *zActor, char **pzErr);
/* Build and queue the day's messages (mail.base_url read here): the number
** newly queued, with *pnAll the number built; -1 with *pzErr. */
int notices_queue_day(Db *db, Date asOf, const char *zActor, int *pnAll, char **pzErr);

#endif
