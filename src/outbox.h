/*
** outbox.h: email, from an outbox that loses nothing (SPEC 12; issue 18;
** docs/mail.md).
**
** A message is a row of the outbox table written by outbox_queue() inside
** the transaction of the event that causes it. A sender delivers what is
** due, one message at a time:
**   1. claim: in one transaction, count the attempt and move the message's
**      next attempt forward by the back-off (rule mail_retry_after);
**   2. send it over SMTP (libcurl) or through GOV.UK Notify (notify.h);
**   3. mark it sent with the server's reply, in another transaction.
** A sender killed between 1 and the server's "250" leaves the message
** queued, tried again when its next attempt comes: nothing is lost. One
** killed between the server's "250" and the commit of 3 has delivered it
** but not recorded it, and it is delivered again: at least once, at
** worst, in that window only. A repeat carries the same Message-ID, so a
** mail client can tell it is the same message. After the rule
** mail_attempts attempts, or a refusal that retrying cannot mend (an SMTP
** 5xx reply; a Notify 4xx other than 429), the message is marked failed.
** An account email's body (a set-password link) is emptied once it is
** sent or failed, so the database keeps no usable link.
*/
#ifndef OVERSIGHT_OUTBOX_H
#define OVERSIGHT_OUTBOX_H

#include "db.h"

/* Queue a message, inside the caller's transaction. zKey is unique to the
** event: kind, record and date ("digest:iro:7:2026-11-23"); a message
** already queued (or sent) under it is not queued again. Recipient and
** subject are single lines. 1 queued, 0 already there, -1 on a database
** error or a bad recipient or subject (said in *pzErr; caller frees). */
int outbox_queue(Db *db, const char *zKind, const char *zRecipient, const char *zSubject, const char *zBody,
                 const char *zKey, char **pzErr);

/* 1 when z is one plain email address outbox_queue() takes, else 0: a
** caller whose event must not fail for want of an email checks first. */
int outbox_address_ok(const char *z);

/* Notify's API, unless notify.base_url says otherwise (a test's server). */
#define NOTIFY_BASE_URL "https://api.notifications.service.gov.uk"

/* End a batch of messages queued inside the caller's transaction: with rc
** 0, the audit entry zAction by zActor saying zAfter ("8 digests queued
** for ...") and the commit; otherwise, or if either fails, the rollback.
** 0, or -1 with *pzErr (set here unless rc was already -1). */
int outbox_batch_end(Db *db, int rc, const char *zActor, const char *zAction, const char *zAfter, char **pzErr);

/* The mail settings (settings.h) as the sender reads them. */
typedef struct MailConfig {
  char *zTransport;   /* "smtp", "notify" or "none" */
  char *zSmtpUrl, *zFrom, *zTls;
  char *zNotifyKey, *zNotifyUrl;
} MailConfig;
/* Read the settings: 1 when email can be sent, 0 when not, with *pzWhy
** (static) saying why in users' words. Free with mail_config_free(). */
int mail_config_load(Db *db, MailConfig *c, const char **pzWhy);
void mail_config_free(MailConfig *c);

/* Send one message now, over SMTP: 0 delivered, with *pzReply the server's
** last reply ("250 ..."); -1 not, with *pzErr why and *pPermanent 1 when
** the server refused it for good (5xx). The caller frees both. Safe from
** any thread after mail_global_init(). */
int smtp_send(const MailConfig *c, const char *zTo, const char *zSubject, const char *zBody,
              const char *zMessageId, char **pzReply, char **pzErr, int *pPermanent);
/* Send one message now by the transport the settings name: over SMTP
** (smtp_send, with zMessageId), or through GOV.UK Notify (notify.h) with
** the template of setting notify.template.KIND and zKey as its reference.
** Returns as smtp_send. A kind without a template is not permanent: the
** administrator can add one before the next attempt. */
int mail_deliver(Db *db, const MailConfig *c, const char *zKind, const char *zTo, const char *zSubject,
                 const char *zBody, const char *zKey, const char *zMessageId, char **pzReply, char **pzErr,
                 int *pPermanent);
/* libcurl's one-time setup: call before any thread is started. */
void mail_global_init(void);
void mail_global_cleanup(void);

typedef struct OutboxRun { int nSent, nRetry, nFailed; } OutboxRun;
/* Deliver the messages that are due, oldest first, until none is or max
** (0: no limit) have been tried. Each is claimed, sent and marked as
** above, with an audit entry by zActor when it is sent or given up.
** 0, or -1 with *pzErr (caller frees) when the settings do not allow
** sending or the database fails. */
int outbox_send_due(Db *db, int max, const char *zActor, OutboxRun *pRun, char **pzErr);

/* The UTC time stamp "YYYY-MM-DDTHH:MM:SSZ" nSeconds from now. */
void outbox_stamp(long nSeconds, char out[32]);

#endif
