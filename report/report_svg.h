/* Inline SVG charts for the HTML report: lines, bars and heatmaps over report
 * groups. */
#ifndef CTX_REPORT_SVG_H
#define CTX_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"

struct sbuf;

/* One line or bar series: y, lo, hi and the abstain floor per category (NaN
 * where missing). */
struct chart_series {
	char *name;
	double *y, *lo, *hi, *floor;
};

/* Categories on x and series; numeric_x places categories at xs[] (else
 * evenly). */
struct chart {
	char **cats;
	double *xs;
	size_t ncat;
	struct chart_series *s;
	size_t ns;
	bool numeric_x;
};

/*
 * Builds a chart from groups sorted by key (report_groups or
 * report_groups2): categories are the first key parts; series are runs, or
 * (run, second key part) pairs for two-dimension groups.
 */
void chart_from_groups(struct chart *c, const struct report *r,
                       const struct rep_group *g, size_t n);
void chart_release(struct chart *c);

/* Appends an <svg> line chart (scores 0..1) with interval whiskers, each
 * series' floor dashed, and a legend. */
void svg_lines(struct sbuf *o, const struct chart *c, const char *title,
               const char *xlabel);
/* Appends an <svg> grouped bar chart with interval whiskers, a dashed mark at
 * each bar's floor, and a legend. */
void svg_bars(struct sbuf *o, const struct chart *c, const char *title,
              const char *xlabel);
/* Appends an <svg> heatmap: rows are series, columns categories, colour is the
 * score. */
void svg_heatmap(struct sbuf *o, const struct chart *c, const char *title,
                 const char *xlabel);
/* Appends s[0..n) escaped for HTML text and attributes (n may be (size_t)-1 for
 * all). */
void html_esc(struct sbuf *o, const char *s, size_t n);
/* The same for a label, its decimals cut to three significant digits for
 * people ("depth=0.16666666666666666" -> "depth=0.167"). */
void label_esc(struct sbuf *o, const char *s, size_t n);

#endif
