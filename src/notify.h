/*
** notify.h: GOV.UK Notify as a transport for the outbox (docs/mail.md).
** One email is one POST of JSON to {base}/v2/notifications/email with a
** JSON Web Token that Notify checks: HS256 over {"iss": the service id,
** "iat": now}, keyed with the API key's secret. The key's form is Notify's:
** "keyname-<service id>-<secret>", both UUIDs.
*/
#ifndef OVERSIGHT_NOTIFY_H
#define OVERSIGHT_NOTIFY_H

/* A UUID as Notify writes them: 36 characters, lower or upper hex in
** 8-4-4-4-12. 1 or 0. */
int notify_is_uuid(const char *z);
/* Split an API key into its service id and secret (each 36 characters and
** a NUL): 0, or -1 when it is not "name-<uuid>-<uuid>". */
int notify_key_parse(const char *zKey, char zIss[37], char zSecret[37]);
/* The token for the Authorization header ("Bearer " + it): base64url,
** no padding, of the header {"typ":"JWT","alg":"HS256"}, the claims
** {"iss":"<zIss>","iat":<iat>} and their HMAC-SHA-256 keyed with the
** secret's 36 characters. Caller frees. */
char *notify_jwt(const char *zIss, const char *zSecret, long long iat);

/* Send one email through Notify now. zBaseUrl: "https://api.notifications.
** service.gov.uk" (a test's http://127.0.0.1:PORT); zTemplate: the
** template's id; the personalisation is {"subject", "body"}; zReference
** Notify keeps with the notification (the outbox's idempotency key). 0
** accepted, with *pzReply "201 notification <id>"; -1 not, with *pzErr
** why and *pPermanent 1 when Notify refused it in a way retrying cannot
** mend (a 4xx other than 429). The caller frees both. Safe from any
** thread after mail_global_init(). */
int notify_send(const char *zBaseUrl, const char *zApiKey, const char *zTemplate, const char *zTo,
                const char *zSubject, const char *zBody, const char *zReference, char **pzReply, char **pzErr,
                int *pPermanent);

#endif
