/*
** chart.c: SVG charts from report tables.
**
** Drawn here rather than by a charting library in the browser because the
** pages must work without JavaScript, print on A4 for board papers, and
** pass the Content-Security-Policy (no script, no inline style): SVG with
** presentation attributes needs none of those. Everything that came from a
** record (category names, column labels) is escaped like any other HTML.
**
** Greyscale: the series differ in lightness by large steps and the second
** and fourth are hatched, every bar has a dark outline, and values are
** printed as numbers, so colour is never the only way to tell them apart.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "html.h"

/* Series fills, dark to light; hatched ones use a pattern over the fill. */
static const char *const azFill[] = {"#1d3f5e", "#5694ca", "#b1b4b6", "#ffffff", "#505a5f", "#d2e2f1"};
static const int aHatch[] = {0, 1, 0, 1, 0, 1};
#define N_STYLE ((int)(sizeof(azFill) / sizeof(azFill[0])))

/* Geometry of the vertical charts, in viewBox units (the SVG scales). */
#define CW 640.0                /* whole width */
#define NW 300.0                /* whole width of the narrow charts, for a phone */
#define PLOT_H 220.0            /* height of the plotting area */
#define LEFT 64.0               /* room for the value axis and its title */
#define RIGHT 8.0
#define TOP 12.0

/* A label for row i's category: text as it is, a date as "5 Apr 2021". */
static void cat_label(const RTable *t, int i, int iCat, char *z, size_t n) {
  const RCell *c = rtable_cell(t, i, iCat);
  if (t->aCol[iCat].type == RCOL_DATE) {
    if (c->v == DATE_NONE) {
      z[0] = 0;
      return;
    }
    static const char *const azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    date_to_ymd((Date)c->v, &y, &m, &d);
    snprintf(z, n, "%d %s %d", d, azMon[m - 1], y);
  } else if (t->aCol[iCat].type == RCOL_INT) {
    snprintf(z, n, "%lld", (long long)c->v);
  } else {
    /* A month as the downloads write it ("2025-04") reads "Apr 2025". */
    static const char *const azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m;
    char x;
    if (c->z && strlen(c->z) == 7 && sscanf(c->z, "%4d-%2d%c", &y, &m, &x) == 2 && m >= 1 && m <= 12) {
      snprintf(z, n, "%s %d", azMon[m - 1], y);
    } else {
      snprintf(z, n, "%s", c->z ? c->z : "");
    }
  }
}

/* The axis' top: the smallest round number at or above v, with the number
** of gridlines that puts each on a round number too (60 by 6, 250 by 5). */
static double nice_ceiling(double v, int *pnDiv) {
  static const double aTop[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
  static const int aDiv[] = {5, 3, 4, 5, 3, 4, 5, 6, 4, 5};
  if (v <= 5) {
    /* Small counts: one gridline per unit, never a fraction of a child. */
    *pnDiv = v < 1 ? 1 : (int)ceil(v);
    return *pnDiv;
  }
  double p = pow(10, floor(log10(v)));
  int k = 0;
  while (aTop[k] * p < v) k++;
  *pnDiv = aDiv[k];
  return aTop[k] * p;
}

static void num(Buf *out, double v) { buf_printf(out, "%.1f", v); }

/* Each chart's ids must be unique on the page (several charts share it):
** the output's length so far is, since every chart adds to it. */
static void defs(Buf *out, unsigned id) {
  buf_puts(out, "<defs>");
  for (int s = 0; s < N_STYLE; s++) {
    if (!aHatch[s]) continue;
    buf_printf(out,
               "<pattern id=\"ch%u-p%d\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
               " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"%s\"/>"
               "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/></pattern>",
               id, s, azFill[s]);
  }
  buf_puts(out, "</defs>");
}

static void fill_attr(Buf *out, unsigned id, int s) {
  s %= N_STYLE;
  if (aHatch[s])
    buf_printf(out, " fill=\"url(#ch%u-p%d)\"", id, s);
  else
    buf_printf(out, " fill=\"%s\"", azFill[s]);
}

/* The key: a swatch and the column label for each series, across the top. */
static double legend(Buf *out, const RTable *t, unsigned id, const int *aiSeries, int nSeries,
                     double y, int lines) {
  if (nSeries < 2) return y;
  double x = LEFT;
  for (int s = 0; s < nSeries; s++) {
    const char *zLabel = t->aCol[aiSeries[s]].zLabel;
    double w = 26 + 7.0 * (double)strlen(zLabel);
    if (x + w > CW && x > LEFT) {
      x = LEFT;
      y += 18;
    }
    buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" stroke=\"#0b0c0c\"", x, y);
    fill_attr(out, id, s);
    if (lines) buf_puts(out, " rx=\"6\"");
    buf_puts(out, "/>");
    buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#0b0c0c\">", x + 17, y + 10.5);
    html_printf(out, "%h</text>", zLabel);
    x += w;
  }
  return y + 24;
}

static double value(const RTable *t, int row, int col) { return (double)rtable_cell(t, row, col)->v; }

/* The axes' titles: the categories' column, and what the bars count (the
** series' column when there is one, else "Number"). */
static const char *value_title(const RTable *t, const int *aiSeries, int nSeries, size_t maxLen) {
  /* A long name would run off the axis: "Number" then, as the chart's title says what is counted. */
  return nSeries == 1 && strlen(t->aCol[aiSeries[0]].zLabel) <= maxLen ? t->aCol[aiSeries[0]].zLabel : "Number";
}


/* The summary a screen reader hears before the table: what is drawn and
** where the extremes are; the table after the chart gives every value. */
static void description(Buf *out, const RTable *t, ChartKind kind, int iCat, const int *aiSeries,
                        int nSeries) {
  static const char *const azKind[] = {"Bar chart", "Stacked bar chart", "Line chart", "Bar chart"};
  html_printf(out, "%h of ", azKind[kind]);
  for (int s = 0; s < nSeries; s++) {
    if (s) html_raw(out, s == nSeries - 1 ? " and " : ", ");
    html_printf(out, "%h", t->aCol[aiSeries[s]].zLabel);
  }
  html_printf(out, " by %h, %d categories.", t->aCol[iCat].zLabel, t->nRow);
  if (nSeries == 1) {
    int hi = 0, lo = 0;
    for (int i = 1; i < t->nRow; i++) {
      if (value(t, i, aiSeries[0]) > value(t, hi, aiSeries[0])) hi = i;
      if (value(t, i, aiSeries[0]) < value(t, lo, aiSeries[0])) lo = i;
    }
    char zHi[64], zLo[64];
    cat_label(t, hi, iCat, zHi, sizeof zHi);
    cat_label(t, lo, iCat, zLo, sizeof zLo);
    html_printf(out, " Highest: %h (%lld). Lowest: %h (%lld).", zHi,
                (long long)value(t, hi, aiSeries[0]), zLo, (long long)value(t, lo, aiSeries[0]));
  }
  html_raw(out, " The table that follows gives every value.");
}

/* zShape: "wide" (CW across) or "narrow" (NW across, for a phone). */
static void open_svg(Buf *out, unsigned id, const char *zShape, double h, const RTable *t, ChartKind kind,
                     int iCat, const int *aiSeries, int nSeries, const char *zTitle) {
  buf_printf(out,
             "<svg class=\"app-chart__svg app-chart__svg--%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\""
             " aria-labelledby=\"ch%u-t ch%u-d\" xmlns=\"http://www.w3.org/2000/svg\">",
             zShape, strcmp(zShape, "wide") == 0 ? CW : NW, h, id, id);
  buf_printf(out, "<title id=\"ch%u-t\">", id);
  html_printf(out, "%h</title>", zTitle);
  buf_printf(out, "<desc id=\"ch%u-d\">", id);
  description(out, t, kind, iCat, aiSeries, nSeries);
  html_raw(out, "</desc>");
  defs(out, id);
}

/* The value axis: gridlines and round numbers from 0 to top. */
static void value_axis(Buf *out, double top, int nDiv, double y0) {
  for (int k = 0; k <= nDiv; k++) {
    double v = top * k / nDiv, y = y0 - PLOT_H * k / nDiv;
    buf_printf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", LEFT,
               CW - RIGHT, y, y, k ? "#b1b4b6" : "#0b0c0c");
    buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">",
               LEFT - 6, y + 4);
    if (v == floor(v))
      buf_printf(out, "%.0f</text>", v);
    else
      buf_printf(out, "%.1f</text>", v);
  }
}

static void vertical(Buf *out, const RTable *t, ChartKind kind, int iCat, const int *aiSeries,
                     int nSeries, const char *zTitle, unsigned id) {
  int nCat = t->nRow;
  double max = 0;
  for (int i = 0; i < nCat; i++) {
    double sum = 0;
    for (int s = 0; s < nSeries; s++) {
      double v = value(t, i, aiSeries[s]);
      if (kind == CHART_STACKED)
        sum += v;
      else if (v > max)
        max = v;
    }
    if (sum > max) max = sum;
  }
  int nDiv;
  double top = nice_ceiling(max, &nDiv);
  /* Long or many category names are slanted so they do not overlap. */
  int maxLen = 0;
  for (int i = 0; i < nCat; i++) {
    char z[64];
    cat_label(t, i, iCat, z, sizeof z);
    if ((int)strlen(z) > maxLen) maxLen = (int)strlen(z);
  }
  double slot = (CW - LEFT - RIGHT) / nCat;
  int slant = maxLen * 6.5 > slot;
  double bottom = slant ? 14 + 5.0 * (maxLen > 24 ? 24 : maxLen) : 24;
  int legendRows = nSeries < 2 ? 0 : 1 + nSeries / 5;
  double y0 = TOP + legendRows * 24 + PLOT_H + 6;
  double h = y0 + bottom + 22;  /* the categories' axis title under their names */
  open_svg(out, id, "wide", h, t, kind, iCat, aiSeries, nSeries, zTitle);
  legend(out, t, id, aiSeries, nSeries, TOP, kind == CHART_LINE);
  value_axis(out, top, nDiv, y0);
  /* The axes' titles: what is counted up the left, the categories below. */
  buf_printf(out, "<text font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#0b0c0c\""
                  " transform=\"translate(14 %.1f) rotate(-90)\">", y0 - PLOT_H / 2);
  html_printf(out, "%h</text>", value_title(t, aiSeries, nSeries, (size_t)(PLOT_H / 8)));
  buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\""
                  " fill=\"#0b0c0c\">", (LEFT + CW - RIGHT) / 2, h - 6);
  html_printf(out, "%h</text>", t->aCol[iCat].zLabel);
  int labels = nCat * (kind == CHART_BAR ? nSeries : 1) <= 36;
  for (int i = 0; i < nCat; i++) {
    double x0 = LEFT + slot * i;
    char z[64];
    cat_label(t, i, iCat, z, sizeof z);
    double cx = x0 + slot / 2;
    /* Room below the axis was made for 24 characters of a slanted label:
    ** a longer one is shortened (the table after the chart has it all). */
    if (slant && strlen(z) > 24) memcpy(z + 21, "...", 4);
    if (slant) {
      buf_printf(out,
                 "<text font-size=\"11\" text-anchor=\"end\" fill=\"#0b0c0c\" transform=\"translate(%.1f %.1f) rotate(-40)\">",
                 cx + 4, y0 + 12);
    } else {
      buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">", cx,
                 y0 + 16);
    }
    html_printf(out, "%h</text>", z);
    if (kind == CHART_LINE) continue;
    double pad = slot * 0.15, inner = slot - 2 * pad;
    double acc = 0;
    for (int s = 0; s < nSeries; s++) {
      double v = value(t, i, aiSeries[s]);
      double bh = PLOT_H * v / top;
      double bx, by, bw;
      if (kind == CHART_STACKED) {
        bx = x0 + pad, bw = inner, by = y0 - PLOT_H * (acc + v) / top;
        acc += v;
      } else {
        bw = inner / nSeries, bx = x0 + pad + bw * s, by = y0 - bh;
      }
      if (v > 0) {
        buf_puts(out, "<rect");
        buf_puts(out, " x=\"");
        num(out, bx);
        buf_puts(out, "\" y=\"");
        num(out, by);
        buf_puts(out, "\" width=\"");
        num(out, bw);
        buf_puts(out, "\" height=\"");
        num(out, bh);
        buf_puts(out, "\" stroke=\"#0b0c0c\" stroke-width=\"0.8\"");
        fill_attr(out, id, s);
        buf_puts(out, "/>");
      }
      if (kind == CHART_BAR && labels)
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">%.0f</text>",
                   bx + bw / 2, by - 3, v);
    }
    if (kind == CHART_STACKED && labels)
      buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">%.0f</text>",
                 cx, y0 - PLOT_H * acc / top - 3, acc);
  }
  if (kind == CHART_LINE) {
    /* Each series a line with its own marker shape, so two lines that
    ** cross can be told apart without colour. */
    for (int s = 0; s < nSeries; s++) {
      buf_puts(out, "<polyline fill=\"none\" stroke-width=\"2\"");
      buf_printf(out, " stroke=\"%s\"", s % 2 ? "#505a5f" : "#0b0c0c");
      if (s % 2) buf_puts(out, " stroke-dasharray=\"6 3\"");
      buf_puts(out, " points=\"");
      for (int i = 0; i < nCat; i++)
        buf_printf(out, "%s%.1f,%.1f", i ? " " : "", LEFT + slot * i + slot / 2,
                   y0 - PLOT_H * value(t, i, aiSeries[s]) / top);
      buf_puts(out, "\"/>");
      for (int i = 0; i < nCat; i++) {
        double cx = LEFT + slot * i + slot / 2, cy = y0 - PLOT_H * value(t, i, aiSeries[s]) / top;
        buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" stroke=\"#0b0c0c\"", cx, cy, s % 2 ? 3 : 4);
        fill_attr(out, id, s);
        buf_puts(out, "/>");
        if (labels && nSeries == 1)
          buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">%.0f</text>",
                     cx, cy - 7, value(t, i, aiSeries[s]));
      }
    }
  }
  buf_puts(out, "</svg>");
}

/* Horizontal bars: the category name on the left, its full width. */
static void horizontal(Buf *out, const RTable *t, int iCat, const int *aiSeries, int nSeries,
                       const char *zTitle, unsigned id) {
  /* charW is generous: the platform's font may be wider than ours, and a
  ** name that does not fit runs into its bar rather than off the chart. */
  const double barH = 16, gap = 8, charW = 7.2;
  /* Room for the longest name, within reason: a longer one is shortened
  ** on the chart (the table after it has the whole name). */
  size_t maxLen = 4;
  for (int i = 0; i < t->nRow; i++) {
    char z[64];
    cat_label(t, i, iCat, z, sizeof z);
    if (strlen(z) > maxLen) maxLen = strlen(z);
  }
  if (maxLen > 44) maxLen = 44;
  double labelW = 12 + charW * (double)maxLen;
  double max = 0;
  for (int i = 0; i < t->nRow; i++)
    for (int s = 0; s < nSeries; s++)
      if (value(t, i, aiSeries[s]) > max) max = value(t, i, aiSeries[s]);
  int nDiv;
  double top = nice_ceiling(max, &nDiv), plotW = CW - labelW - 48;
  (void)nDiv;  /* values are printed at each bar's end: no gridlines */
  double y = nSeries < 2 ? TOP : TOP + (1 + nSeries / 5) * 24;
  /* The axes' titles: the categories' over their names, the values' under the bars. */
  double yBars = y + 20;
  double h = yBars + t->nRow * (nSeries * barH + gap) + 4 + 22;
  open_svg(out, id, "wide", h, t, CHART_HBAR, iCat, aiSeries, nSeries, zTitle);
  legend(out, t, id, aiSeries, nSeries, TOP, 0);
  buf_printf(out, "<text x=\"4\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" fill=\"#0b0c0c\">", y + 12);
  html_printf(out, "%h</text>", t->aCol[iCat].zLabel);
  buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" fill=\"#0b0c0c\">", labelW, h - 6);
  html_printf(out, "%h</text>", value_title(t, aiSeries, nSeries, (size_t)((CW - labelW) / 8)));
  double yTop = yBars;
  y = yBars;
  for (int i = 0; i < t->nRow; i++) {
    char z[64];
    cat_label(t, i, iCat, z, sizeof z);
    if (strlen(z) > maxLen) memcpy(z + maxLen - 3, "...", 4);
    /* Anchored at the start: anchored at the end, a name wider than
    ** estimated lost its first letters ("emma Sharma"). */
    buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#0b0c0c\">", 4.0,
               y + nSeries * barH / 2 + 4);
    html_printf(out, "%h</text>", z);
    for (int s = 0; s < nSeries; s++) {
      double v = value(t, i, aiSeries[s]), w = plotW * v / top;
      if (v > 0) {
        buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"#0b0c0c\" stroke-width=\"0.8\"",
                   labelW, y, w, barH - 2);
        fill_attr(out, id, s);
        buf_puts(out, "/>");
      }
      buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#0b0c0c\">%.0f</text>", labelW + w + 4,
                 y + barH - 5, v);
      y += barH;
    }
    y += gap;
  }
  buf_printf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#0b0c0c\"/>", labelW, labelW,
             yTop, y);
  buf_puts(out, "</svg>");
}

/* The phone's chart: NW units wide, about the width of a phone's page, so
** its 12-unit text is drawn at about 12 px (the wide chart, 640 units in
** 290 px, drew it at 5). Each category is a line of its own with its bars
** under it, full width, so no name is cut short or slanted; the table
** after the chart has every value. The page's stylesheet shows this one
** below the tablet breakpoint and the wide one above it (NW across). */
static void narrow(Buf *out, const RTable *t, ChartKind kind, int iCat, const int *aiSeries, int nSeries,
                   const char *zTitle, unsigned id) {
  const double barH = 14, fs = 12, charW = 6.6;
  int stacked = kind == CHART_STACKED;
  int nBars = stacked ? 1 : nSeries;
  double max = 0;
  for (int i = 0; i < t->nRow; i++) {
    double sum = 0;
    for (int s = 0; s < nSeries; s++) {
      double v = value(t, i, aiSeries[s]);
      if (stacked) sum += v;
      else if (v > max) max = v;
    }
    if (sum > max) max = sum;
  }
  int nDiv;
  double top = nice_ceiling(max, &nDiv), plotW = NW - 44;
  (void)nDiv;
  /* The key, one series a line: a phone has no room for them side by side. */
  int nKey = nSeries < 2 ? 0 : nSeries;
  double h = 4 + nKey * 18 + 20 + t->nRow * (fs + 6 + nBars * barH + 8) + 22;
  open_svg(out, id, "narrow", h, t, kind, iCat, aiSeries, nSeries, zTitle);
  double y = 4;
  for (int s = 0; s < nKey; s++) {
    buf_printf(out, "<rect x=\"0\" y=\"%.1f\" width=\"12\" height=\"12\" stroke=\"#0b0c0c\"", y);
    fill_attr(out, id, s);
    buf_puts(out, "/>");
    buf_printf(out, "<text x=\"18\" y=\"%.1f\" font-size=\"%.0f\" fill=\"#0b0c0c\">", y + 10.5, fs);
    html_printf(out, "%h</text>", t->aCol[aiSeries[s]].zLabel);
    y += 18;
  }
  /* The axes' titles: the categories above their names, the values' below. */
  buf_printf(out, "<text x=\"0\" y=\"%.1f\" font-size=\"%.0f\" font-weight=\"bold\" fill=\"#0b0c0c\">", y + 12, fs);
  html_printf(out, "%h</text>", t->aCol[iCat].zLabel);
  y += 20;
  size_t maxLen = (size_t)(NW / charW);
  for (int i = 0; i < t->nRow; i++) {
    char z[64];
    cat_label(t, i, iCat, z, sizeof z);
    if (strlen(z) > maxLen) memcpy(z + maxLen - 3, "...", 4);
    buf_printf(out, "<text x=\"0\" y=\"%.1f\" font-size=\"%.0f\" fill=\"#0b0c0c\">", y + fs, fs);
    html_printf(out, "%h</text>", z);
    y += fs + 6;
    double acc = 0;
    for (int s = 0; s < nSeries; s++) {
      double v = value(t, i, aiSeries[s]), w = plotW * v / top;
      double x = stacked ? plotW * acc / top : 0;
      if (v > 0) {
        buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"#0b0c0c\" stroke-width=\"0.8\"",
                   x, y, w, barH - 2);
        fill_attr(out, id, s);
        buf_puts(out, "/>");
      }
      acc += v;
      if (!stacked) {
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"#0b0c0c\">%.0f</text>", w + 4,
                   y + barH - 3, fs, v);
        y += barH;
      }
    }
    if (stacked) {
      buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"#0b0c0c\">%.0f</text>",
                 plotW * acc / top + 4, y + barH - 3, fs, acc);
      y += barH;
    }
    y += 8;
  }
  buf_printf(out, "<text x=\"0\" y=\"%.1f\" font-size=\"%.0f\" font-weight=\"bold\" fill=\"#0b0c0c\">", y + 12, fs);
  html_printf(out, "%h</text>", value_title(t, aiSeries, nSeries, (size_t)(NW / 8)));
  buf_puts(out, "</svg>");
}

void chart_svg(Buf *out, const RTable *t, ChartKind kind, int iCat, const int *aiSeries, int nSeries,
               const char *zTitle) {
  /* A period in which nothing happened is said in words: an empty grid of
  ** axes would look like a chart that failed to draw. */
  int any = 0;
  for (int i = 0; i < t->nRow && !any; i++)
    for (int s = 0; s < nSeries && !any; s++) any = value(t, i, aiSeries[s]) != 0;
  if (!any) {
    html_printf(out, "<p class=\"govuk-body\">%h: no data for this period.</p>\n", zTitle);
    return;
  }
  unsigned id = (unsigned)out->n;
  html_raw(out, "<figure class=\"app-chart\">");
  if (kind == CHART_HBAR)
    horizontal(out, t, iCat, aiSeries, nSeries, zTitle, id);
  else
    vertical(out, t, kind, iCat, aiSeries, nSeries, zTitle, id);
  narrow(out, t, kind, iCat, aiSeries, nSeries, zTitle, (unsigned)out->n);
  html_printf(out, "<figcaption class=\"app-chart__caption\">%h</figcaption></figure>\n", zTitle);
}

void chart_shaded_table(Buf *out, const RTable *t, int iFirstNum, int govuk) {
  if (t->nRow == 0) {
    reports_table_html(t, out, govuk);
    return;
  }
  int64_t max = 0;
  for (int i = 0; i < t->nRow; i++)
    for (int k = iFirstNum; k < t->nCol; k++)
      if (rtable_cell(t, i, k)->v > max) max = rtable_cell(t, i, k)->v;
  /* On the web it scrolls in its own region, as reports_table_html()'s do. */
  if (govuk)
    html_printf(out, "<div class=\"app-table-scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">\n",
                t->zTitle && t->zTitle[0] ? t->zTitle : "Table");
  html_raw(out, govuk ? "<table class=\"govuk-table app-table--compact app-shaded\">\n" : "<table class=\"app-shaded\">\n");
  html_raw(out, "<thead><tr>");
  for (int k = 0; k < t->nCol; k++) html_printf(out, "<th scope=\"col\">%h</th>", t->aCol[k].zLabel);
  html_raw(out, "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < t->nRow; i++) {
    html_raw(out, "<tr>");
    for (int k = 0; k < t->nCol; k++) {
      const RCell *c = rtable_cell(t, i, k);
      if (k < iFirstNum) {
        html_raw(out, "<th scope=\"row\">");
        if (t->aCol[k].type == RCOL_TEXT)
          html_printf(out, "%h", c->z ? c->z : "");
        else
          html_printf(out, "%lld", (long long)c->v);
        html_raw(out, "</th>");
        continue;
      }
      /* Five steps of shade: the number itself is always printed, and the
      ** two darkest steps switch to white text to keep the contrast. */
      int step = max > 0 && c->v > 0 ? (int)((c->v * 5 + max - 1) / max) : 0;
      if (step > 5) step = 5;
      html_printf(out, "<td class=\"app-shade-%d\">%lld</td>", step, (long long)c->v);
    }
    html_raw(out, "</tr>\n");
  }
  html_raw(out, "</tbody>\n</table>\n");
  if (govuk) html_raw(out, "</div>\n");
}
