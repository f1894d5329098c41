/*
** chart.h: charts drawn by Oversight itself as inline SVG (SPEC §9).
**
** A chart is drawn from a report table (RTable, reports.h): one column
** gives the categories, some of the number columns give the series. The
** table stays the source of truth: a page shows the chart and then the same
** table, which is the chart's full text alternative. The SVG carries a
** <title> and a short <desc> summary for screen readers, uses shades of one
** colour plus hatching so it reads in greyscale and on a black-and-white
** printer, prints each value beside its bar, and scales to the width of the
** page (viewBox, no fixed size) so it fits A4 in the print stylesheet.
** No script and no inline style: the Content-Security-Policy allows neither.
*/
#ifndef OVERSIGHT_CHART_H
#define OVERSIGHT_CHART_H

#include "reports.h"
#include "util.h"

typedef enum ChartKind {
  CHART_BAR,                    /* bars side by side, one group per category */
  CHART_STACKED,                /* series stacked in one bar per category */
  CHART_LINE,                   /* one line per series across the categories */
  CHART_HBAR,                   /* horizontal bars: long category names */
} ChartKind;

/* Append to out a <figure> holding the SVG chart of columns aiSeries[0..n)
** (RCOL_INT) of t against the categories in column iCat (text, date or
** number), with zTitle as its caption. Series are named by their columns'
** labels. An empty table, or one whose series are all 0, gives a short
** "no data for this period" paragraph instead. */
void chart_svg(Buf *out, const RTable *t, ChartKind kind, int iCat,
               const int *aiSeries, int nSeries, const char *zTitle);

/* A table with its number cells shaded by value (darkest = largest), for
** two-way tables such as age by time in care. Columns from iFirstNum on are
** shaded; the others are row headings. govuk as in reports_table_html(). */
void chart_shaded_table(Buf *out, const RTable *t, int iFirstNum, int govuk);

#endif
