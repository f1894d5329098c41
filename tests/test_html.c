/*
** test_html.c: the escaping printf every page is written with, and the
** request parsing under it: hostile text must come out as text.
*/
#include "testutil.h"
#include "html.h"
#include "http.h"

#include <string.h>

static void escapes_text_and_attributes(void **state) {
  (void)state;
  Buf b = {0};
  html_printf(&b, "<p title=\"%h\">%h</p>", "a\"b'c", "<script>alert(1)</script> O'Brien-Ünal & co");
  assert_string_equal(b.z, "<p title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien-Ünal &amp; co</p>");
  buf_free(&b);
  /* NULL text is empty, not "(null)". */
  html_printf(&b, "[%h]", (const char *)NULL);
  assert_string_equal(b.z, "[]");
  buf_free(&b);
}

static void url_components(void **state) {
  (void)state;
  Buf b = {0};
  html_printf(&b, "/children/%u?q=%u", "10/01", "a b&c=d<é>");
  assert_string_equal(b.z, "/children/10%2F01?q=a%20b%26c%3Dd%3C%C3%A9%3E");
  buf_free(&b);
}

static void numbers_and_dates(void **state) {
  (void)state;
  Buf b = {0};
  html_printf(&b, "%d %ld %lld %D %I 100%%", -3, 40L, 5000000000LL, (int)D("2021-04-05"), (int)D("2021-04-05"));
  assert_string_equal(b.z, "-3 40 5000000000 5 April 2021 2021-04-05 100%");
  buf_free(&b);
  html_printf(&b, "[%D]", (int)DATE_NONE);
  assert_string_equal(b.z, "[]");
  buf_free(&b);
}

static void raw_is_only_by_name(void **state) {
  (void)state;
  Buf b = {0};
  html_raw(&b, "<b>");
  html_escape(&b, "<b>");
  assert_string_equal(b.z, "<b>&lt;b&gt;");
  buf_free(&b);
}

static void form_bodies_decode_and_refuse_bad_utf8(void **state) {
  (void)state;
  Param *a = NULL;
  int n = 0;
  const char *z = "name=O%27Brien+%C3%9Cnal&empty=&flag&x=%3Cscript%3E";
  assert_int_equal(http_parse_urlencoded(z, strlen(z), &a, &n), 0);
  assert_int_equal(n, 4);
  assert_string_equal(a[0].zName, "name");
  assert_string_equal(a[0].zValue, "O'Brien Ünal");
  assert_string_equal(a[1].zValue, "");
  assert_string_equal(a[2].zName, "flag");
  assert_string_equal(a[3].zValue, "<script>");
  http_params_free(a, n);
  /* Overlong encodings, lone continuation bytes, NUL and surrogates are refused. */
  const char *bad[] = {"a=%C0%AF", "a=%80", "a=%00", "a=%ED%A0%80", "a=%F4%90%80%80", "a=%E2%82"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    a = NULL;
    n = 0;
    assert_int_equal(http_parse_urlencoded(bad[i], strlen(bad[i]), &a, &n), -1);
    http_params_free(a, n);
  }
  /* A truncated escape is kept as typed. */
  a = NULL;
  n = 0;
  assert_int_equal(http_parse_urlencoded("a=50%", 5, &a, &n), 0);
  assert_string_equal(a[0].zValue, "50%");
  http_params_free(a, n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(escapes_text_and_attributes),
    cmocka_unit_test(url_components),
    cmocka_unit_test(numbers_and_dates),
    cmocka_unit_test(raw_is_only_by_name),
    cmocka_unit_test(form_bodies_decode_and_refuse_bad_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
