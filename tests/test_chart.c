/*
** test_chart.c: the SVG charts drawn from report tables: one bar per
** positive value with its number printed, stacked totals, round axis
** tops, text alternatives, escaping of names that came from records,
** unique ids for two charts on one page, and the shaded table's steps.
*/
#include "testutil.h"
#include "chart.h"

#include <string.h>

static const RColumn aCol[] = {
  {"month", "Month", RCOL_TEXT, 10},
  {"held", "Held", RCOL_INT, 8},
  {"late", "Late", RCOL_INT, 8},
};

static void fill(RTable *t, const char *const *azCat, const int64_t *aHeld, const int64_t *aLate, int n) {
  *t = (RTable){.zSheet = "t", .zTitle = "t", .aCol = aCol, .nCol = 3};
  for (int i = 0; i < n; i++) {
    rtable_row(t);
    rtable_text(t, 0, azCat[i]);
    rtable_num(t, 1, aHeld[i]);
    rtable_num(t, 2, aLate[i]);
  }
}

static int count(const char *z, const char *zNeedle) {
  int n = 0;
  for (const char *p = strstr(z, zNeedle); p; p = strstr(p + 1, zNeedle)) n++;
  return n;
}

static void test_bar_draws_each_positive_value(void **state) {
  (void)state;
  static const char *const az[] = {"Apr", "May", "Jun"};
  static const int64_t aHeld[] = {12, 0, 7}, aLate[] = {1, 2, 0};
  RTable t;
  fill(&t, az, aHeld, aLate, 3);
  Buf b = {0};
  int ai[] = {1, 2};
  chart_svg(&b, &t, CHART_BAR, 0, ai, 2, "Reviews by month");
  /* Four values above zero: four bars (zero draws no bar but keeps its
  ** printed 0), plus the two legend swatches; in each of the two drawings
  ** (wide, and narrow for a phone). */
  assert_int_equal(count(b.z, "<rect x="), 2 * (4 + 2));
  assert_int_equal(count(b.z, "app-chart__svg--wide"), 1);
  assert_int_equal(count(b.z, "app-chart__svg--narrow"), 1);
  assert_non_null(strstr(b.z, ">12</text>"));
  assert_non_null(strstr(b.z, ">0</text>"));
  assert_non_null(strstr(b.z, "role=\"img\""));
  assert_non_null(strstr(b.z, "<title id="));
  assert_non_null(strstr(b.z, "Reviews by month</title>"));
  assert_non_null(strstr(b.z, "Bar chart of Held and Late by Month, 3 categories."));
  assert_non_null(strstr(b.z, "<figcaption class=\"app-chart__caption\">Reviews by month</figcaption>"));
  /* The axis top is the round number at or above the largest value, 12,
  ** in round steps: 0, 5, 10, 15. */
  assert_non_null(strstr(b.z, ">15</text>"));
  assert_non_null(strstr(b.z, ">5</text>"));
  assert_null(strstr(b.z, ">20</text>"));
  assert_null(strstr(b.z, ".5</text>"));
  /* No inline style: the Content-Security-Policy would drop it. */
  assert_null(strstr(b.z, "style="));
  buf_free(&b);
  rtable_clear(&t);
}

static void test_single_series_summary_names_extremes(void **state) {
  (void)state;
  static const char *const az[] = {"North", "South", "East"};
  static const int64_t aHeld[] = {5, 9, 2}, aLate[] = {0, 0, 0};
  RTable t;
  fill(&t, az, aHeld, aLate, 3);
  Buf b = {0};
  int ai[] = {1};
  chart_svg(&b, &t, CHART_HBAR, 0, ai, 1, "Held by team");
  assert_non_null(strstr(b.z, "Highest: South (9). Lowest: East (2)."));
  assert_int_equal(count(b.z, "<rect x="), 2 * 3);  /* one series: no legend; wide and narrow */
  buf_free(&b);
  rtable_clear(&t);
}

static void test_stacked_prints_totals(void **state) {
  (void)state;
  static const char *const az[] = {"Q1", "Q2"};
  static const int64_t aHeld[] = {30, 41}, aLate[] = {4, 0};
  RTable t;
  fill(&t, az, aHeld, aLate, 2);
  Buf b = {0};
  int ai[] = {1, 2};
  chart_svg(&b, &t, CHART_STACKED, 0, ai, 2, "Stacked");
  assert_non_null(strstr(b.z, ">34</text>"));
  assert_non_null(strstr(b.z, ">41</text>"));
  assert_non_null(strstr(b.z, ">50</text>"));  /* axis top for 41 */
  assert_int_equal(count(b.z, "<rect x="), 2 * (3 + 2));
  buf_free(&b);
  rtable_clear(&t);
}

/* The phone's drawing is about a phone's width (300 units), so its text,
** all 12 units, is drawn at about 12 px; both drawings title their axes. */
static void test_narrow_drawing_and_axis_titles(void **state) {
  (void)state;
  static const char *const az[] = {"Gemma Sharma", "A name long enough to need shortening on a phone screen"};
  static const int64_t aHeld[] = {4, 9}, aLate[] = {1, 0};
  RTable t;
  fill(&t, az, aHeld, aLate, 2);
  Buf b = {0};
  int ai[] = {1};
  chart_svg(&b, &t, CHART_BAR, 0, ai, 1, "Held by IRO");
  const char *zNarrow = strstr(b.z, "app-chart__svg--narrow");
  assert_non_null(zNarrow);
  assert_non_null(strstr(zNarrow, "viewBox=\"0 0 300 "));
  assert_int_equal(count(zNarrow, "<text "), count(zNarrow, "font-size=\"12\""));
  /* The whole first name, never its first letters cut off. */
  assert_non_null(strstr(zNarrow, ">Gemma Sharma</text>"));
  /* Axis titles: the categories' column and the series' in each drawing. */
  assert_int_equal(count(b.z, ">Month</text>"), 2);
  assert_int_equal(count(b.z, ">Held</text>"), 2);
  buf_free(&b);
  rtable_clear(&t);
}

static void test_names_are_escaped_and_ids_unique(void **state) {
  (void)state;
  static const char *const az[] = {"<script>alert(1)</script>", "A & B"};
  static const int64_t aHeld[] = {1, 2}, aLate[] = {3, 4};
  RTable t;
  fill(&t, az, aHeld, aLate, 2);
  Buf b = {0};
  int ai[] = {1, 2};
  chart_svg(&b, &t, CHART_LINE, 0, ai, 2, "Line <one>");
  chart_svg(&b, &t, CHART_BAR, 0, ai, 2, "Line two");
  assert_null(strstr(b.z, "<script>"));
  assert_non_null(strstr(b.z, "&lt;script&gt;"));
  assert_non_null(strstr(b.z, "A &amp; B"));
  assert_non_null(strstr(b.z, "Line &lt;one&gt;"));
  assert_int_equal(count(b.z, "<polyline"), 2);
  /* Each chart's title id is different, so aria-labelledby finds its own. */
  const char *p1 = strstr(b.z, "<title id=\""), *p2 = strstr(p1 + 1, "<title id=\"");
  assert_non_null(p2);
  assert_true(strncmp(p1, p2, 20) != 0);
  buf_free(&b);
  rtable_clear(&t);
}

static void test_empty_table_says_so(void **state) {
  (void)state;
  RTable t;
  fill(&t, NULL, NULL, NULL, 0);
  Buf b = {0};
  int ai[] = {1};
  chart_svg(&b, &t, CHART_BAR, 0, ai, 1, "Nothing");
  assert_string_equal(b.z, "<p class=\"govuk-body\">Nothing: no data for this period.</p>\n");
  buf_free(&b);
  /* Categories but nothing in any of them: said in words too. */
  static const char *const az[] = {"Jan", "Feb"};
  static const int64_t aZero[] = {0, 0};
  fill(&t, az, aZero, aZero, 2);
  chart_svg(&b, &t, CHART_STACKED, 0, ai, 1, "Nothing");
  assert_string_equal(b.z, "<p class=\"govuk-body\">Nothing: no data for this period.</p>\n");
  buf_free(&b);
  rtable_clear(&t);
}

static void test_shaded_steps(void **state) {
  (void)state;
  static const char *const az[] = {"0", "1"};
  static const int64_t aHeld[] = {10, 0}, aLate[] = {1, 6};
  RTable t;
  fill(&t, az, aHeld, aLate, 2);
  Buf b = {0};
  chart_shaded_table(&b, &t, 1, 1);
  /* The largest is 10: 10 -> 5, 6 -> 3, 1 -> 1, 0 -> 0. */
  assert_non_null(strstr(b.z, "<td class=\"app-shade-5\">10</td>"));
  assert_non_null(strstr(b.z, "<td class=\"app-shade-3\">6</td>"));
  assert_non_null(strstr(b.z, "<td class=\"app-shade-1\">1</td>"));
  assert_non_null(strstr(b.z, "<td class=\"app-shade-0\">0</td>"));
  assert_non_null(strstr(b.z, "<th scope=\"row\">0</th>"));
  buf_free(&b);
  rtable_clear(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bar_draws_each_positive_value),
    cmocka_unit_test(test_single_series_summary_names_extremes),
    cmocka_unit_test(test_stacked_prints_totals),
    cmocka_unit_test(test_narrow_drawing_and_axis_titles),
    cmocka_unit_test(test_names_are_escaped_and_ids_unique),
    cmocka_unit_test(test_empty_table_says_so),
    cmocka_unit_test(test_shaded_steps),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
