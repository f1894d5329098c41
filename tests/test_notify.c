/*
** test_notify.c: the GOV.UK Notify transport's pieces that need no
** server (notify.c, settings.c): the API key split as Notify's own
** clients split it, the JWT against a vector computed independently, and
** the key never shown or audited in full. tests/notify.sh sends through a
** local server that checks the token as Notify does.
*/
#include "testutil.h"
#include "notify.h"
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#define ISS "26785a09-ab16-4eb0-8407-a37497a57506"
#define SECRET "3d844edf-8d35-48ac-975b-e847b4f122b0"

static void test_key_parse(void **state) {
  (void)state;
  char zIss[37], zSecret[37];
  /* The name may hold dashes of its own: the ids are read from the end. */
  assert_int_equal(notify_key_parse("my-test-key-" ISS "-" SECRET, zIss, zSecret), 0);
  assert_string_equal(zIss, ISS);
  assert_string_equal(zSecret, SECRET);
  assert_int_equal(notify_key_parse("k-" ISS "-" SECRET, zIss, zSecret), 0);
  static const char *const azBad[] = {
    ISS "-" SECRET,                                   /* no name */
    "-" ISS "-" SECRET,                               /* an empty name */
    "key-" ISS SECRET,                                /* no dash between */
    "key-" ISS "-" SECRET "0",                        /* a secret too long */
    "key-26785a09-ab16-4eb0-8407-a37497a5750g-" SECRET, /* not hex */
    "key name-" ISS "-" SECRET,                       /* a space in the name */
    "", "key",
  };
  for (int i = 0; i < COUNT(azBad); i++) {
    if (notify_key_parse(azBad[i], zIss, zSecret) == 0) fail_msg("accepted \"%s\"", azBad[i]);
  }
  assert_true(notify_is_uuid(ISS));
  assert_true(notify_is_uuid("F33517FF-2A88-4F6E-B855-C550268CE08A"));
  assert_false(notify_is_uuid("f33517ff2a884f6eb855c550268ce08a"));
  assert_false(notify_is_uuid("f33517ff-2a88-4f6e-b855-c550268ce08"));
}

/* The vector was computed with Python's hmac and base64 modules, not with
** libsodium:
**   b = lambda x: base64.urlsafe_b64encode(x).rstrip(b"=").decode()
**   m = b(b'{"typ":"JWT","alg":"HS256"}') + "." + b(b'{"iss":"' + ISS + b'","iat":1700000000}')
**   m + "." + b(hmac.new(SECRET, m.encode(), hashlib.sha256).digest())
** tests/notify.sh checks tokens made at the time of sending the same way. */
static void test_jwt_vector(void **state) {
  (void)state;
  char *z = notify_jwt(ISS, SECRET, 1700000000LL);
  assert_string_equal(z, "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
                         ".eyJpc3MiOiIyNjc4NWEwOS1hYjE2LTRlYjAtODQwNy1hMzc0OTdhNTc1MDYiLCJpYXQiOjE3MDAwMDAwMDB9"
                         ".q1v0ZBAPOtT5-Ng39fZDm8ojJu-wrEQD-OrsVHHKnIM");
  /* base64url without padding: never '=', '+' or '/'. */
  assert_null(strpbrk(z, "=+/"));
  free(z);
  /* Another second, another signature. */
  char *z2 = notify_jwt(ISS, SECRET, 1700000001LL);
  assert_string_not_equal(strrchr(z2, '.'), ".q1v0ZBAPOtT5-Ng39fZDm8ojJu-wrEQD-OrsVHHKnIM");
  free(z2);
}

static void test_key_setting(void **state) {
  (void)state;
  Db *db = test_db_open();
  char *zErr = NULL;
  /* A value that is not a key is refused without being repeated. */
  assert_int_equal(setting_set(db, "notify.api_key", "not-a-key-s3cret", "admin", &zErr), -1);
  assert_null(strstr(zErr, "s3cret"));
  free(zErr);
  zErr = NULL;
  assert_int_equal(setting_set(db, "notify.api_key", "oversight-" ISS "-" SECRET, "admin", &zErr), 0);
  char *z = setting_get(db, "notify.api_key", NULL);
  assert_string_equal(z, "oversight-" ISS "-" SECRET);
  char *zShown = setting_masked("notify.api_key", z);
  assert_string_equal(zShown, "oversight-" ISS "-****");
  free(zShown);
  free(z);
  /* The audit log has the masked key only. */
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE after_value LIKE ? OR before_value LIKE ?", "ss",
                          "%" SECRET "%", "%" SECRET "%"), 0);
  assert_int_equal(db_int(db, -1, "SELECT count(*) FROM audit_log WHERE action = 'setting.set' AND after_value = ?", "s",
                          "oversight-" ISS "-****"), 1);
  /* Templates: any kind of email, each a UUID. */
  assert_int_equal(setting_set(db, "notify.template.digest", "f33517ff-2a88-4f6e-b855-c550268ce08a", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "notify.template.escalation", "f33517ff-2a88-4f6e-b855-c550268ce08a", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "notify.template.digest", "digest", "admin", &zErr), -1);
  free(zErr);
  assert_int_equal(setting_set(db, "notify.template.Digest!", "f33517ff-2a88-4f6e-b855-c550268ce08a", "admin", &zErr), -1);
  free(zErr);
  assert_int_equal(setting_set(db, "notify.template.", "f33517ff-2a88-4f6e-b855-c550268ce08a", "admin", &zErr), -1);
  free(zErr);
  /* The base URL: https, or http to this machine only. */
  assert_int_equal(setting_set(db, "notify.base_url", "https://api.notifications.service.gov.uk", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "notify.base_url", "http://127.0.0.1:8080", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "notify.base_url", "http://localhost", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "notify.base_url", "http://127.0.0.1.evil.example", "admin", &zErr), -1);
  free(zErr);
  assert_int_equal(setting_set(db, "notify.base_url", "http://notify.example", "admin", &zErr), -1);
  free(zErr);
  assert_int_equal(setting_set(db, "mail.transport", "notify", "admin", &zErr), 0);
  assert_int_equal(setting_set(db, "mail.transport", "post", "admin", &zErr), -1);
  assert_string_equal(zErr, "mail.transport must be smtp, notify or none, not \"post\"");
  free(zErr);
  test_db_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_key_parse),
    cmocka_unit_test(test_jwt_vector),
    cmocka_unit_test(test_key_setting),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
