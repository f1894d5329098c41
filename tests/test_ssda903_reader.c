/*
** test_ssda903_reader.c: placeholder until the reader tests land.
*/
#include "testutil.h"
#include "ssda903.h"

static void test_dates(void **state) {
  (void)state;
  Date d;
  assert_int_equal(r903_parse_date("01/04/2025", &d), 1);
  assert_date_equal(d, D("2025-04-01"));
  assert_int_equal(r903_parse_date("31/02/2025", &d), -1);
  assert_int_equal(r903_parse_date("", &d), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
