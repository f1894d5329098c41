/*
** test_ssda903_rules_header.c: the header rules of the SSDA903 validator.
*/
#include "testutil.h"
#include "ssda903.h"

static void test_table_entries_are_complete(void **state) {
  (void)state;
  for (const Rule903 *p = aRules903Header; p->zCode; p++) {
    assert_non_null(p->xCheck);
    assert_non_null(p->zMsg);
    assert_true(p->mTables != 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_entries_are_complete),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
