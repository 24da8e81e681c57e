/* Inline SVG charts: hand-drawn axes, lines, bars, whiskers and heatmaps, sized
 * by viewBox. */
#include "report/report_svg.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/sbuf.h"
#include "common/xalloc.h"

#define W 760.0
#define H 330.0
#define ML 48.0
#define MR 190.0
#define MT 34.0
#define MB 52.0

static const char *palette[] = {"#3366cc", "#dc6b1e", "#2e9e5a", "#b5338a",
                                "#7a5bd1", "#8c6d31", "#1f9fb4", "#d62728"};

static const char *color(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

void html_esc(struct sbuf *o, const char *s, size_t n)
{
	for (size_t i = 0; s[i] && i < n; i++) {
		switch (s[i]) {
		case '<':
			sbuf_adds(o, "&lt;");
			break;
		case '>':
			sbuf_adds(o, "&gt;");
			break;
		case '&':
			sbuf_adds(o, "&amp;");
			break;
		case '"':
			sbuf_adds(o, "&quot;");
			break;
		case '\x1f':
			sbuf_adds(o, " \xc2\xb7 ");
			break;
		default:
			sbuf_addch(o, s[i]);
		}
	}
}

void label_esc(struct sbuf *o, const char *s, size_t n)
{
	struct sbuf t = SBUF_INIT;
	for (size_t i = 0; s[i];) {
		size_t int_digits = strspn(s + i, "0123456789");
		/* a number of its own, not a part of v1.2.3 or x86 */
		bool starts = int_digits &&
		              (!i || (!isalnum((unsigned char)s[i - 1]) &&
		                      s[i - 1] != '.'));
		size_t decimals = starts && s[i + int_digits] == '.'
		                      ? strspn(s + i + int_digits + 1, "0123456789")
		                      : 0;
		if (decimals > 3) {
			char *end;
			double v = strtod(s + i, &end);
			sbuf_addf(&t, fabs(v) < 1000 ? "%.3g" : "%.0f", v);
			i = (size_t)(end - s);
		} else {
			size_t k = int_digits ? int_digits : 1;
			sbuf_add(&t, s + i, k);
			i += k;
		}
	}
	html_esc(o, t.buf, n);
	sbuf_release(&t);
}

static size_t find_or_add(char ***v, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && !strncmp((*v)[i], s, len))
			return i;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n] = xstrndup(s, len);
	return (*n)++;
}

static double *nan_array(size_t n)
{
	double *a = xmalloc((n + 1) * sizeof(double));
	for (size_t i = 0; i <= n; i++)
		a[i] = NAN;
	return a;
}

void chart_from_groups(struct chart *c, const struct report *r,
                       const struct rep_group *g, size_t n)
{
	char **names = NULL;
	size_t *gs = xmalloc((n + 1) * sizeof(size_t)),
	       *gc = xmalloc((n + 1) * sizeof(size_t));
	memset(c, 0, sizeof(*c));
	c->numeric_x = n > 0;
	for (size_t i = 0; i < n; i++) {
		const char *sep = strchr(g[i].key, '\x1f');
		size_t len1 = sep ? (size_t)(sep - g[i].key) : strlen(g[i].key);
		gc[i] = find_or_add(&c->cats, &c->ncat, g[i].key, len1);
		struct sbuf nm = SBUF_INIT;
		if (!sep || r->nruns > 1)
			sbuf_adds(&nm, r->runs[g[i].run].label);
		if (sep)
			sbuf_addf(&nm, "%s%s", r->nruns > 1 ? "\x1f" : "",
			          sep + 1);
		gs[i] = find_or_add(&names, &c->ns, nm.buf, nm.len);
		sbuf_release(&nm);
		c->numeric_x &= !isnan(g[i].sortnum);
	}
	c->s = xcalloc(c->ns + 1, sizeof(*c->s));
	c->xs = nan_array(c->ncat);
	for (size_t k = 0; k < c->ns; k++) {
		c->s[k].name = names[k];
		c->s[k].y = nan_array(c->ncat);
		c->s[k].lo = nan_array(c->ncat);
		c->s[k].hi = nan_array(c->ncat);
		c->s[k].floor = nan_array(c->ncat);
	}
	for (size_t i = 0; i < n; i++) {
		struct chart_series *s = &c->s[gs[i]];
		s->y[gc[i]] = g[i].mean, s->lo[gc[i]] = g[i].lo,
		s->hi[gc[i]] = g[i].hi, s->floor[gc[i]] = g[i].floor;
		c->xs[gc[i]] = g[i].sortnum;
	}
	free(names);
	free(gs);
	free(gc);
}

void chart_release(struct chart *c)
{
	for (size_t i = 0; i < c->ncat; i++)
		free(c->cats[i]);
	for (size_t k = 0; k < c->ns; k++) {
		free(c->s[k].name);
		free(c->s[k].y);
		free(c->s[k].lo);
		free(c->s[k].hi);
		free(c->s[k].floor);
	}
	free(c->cats);
	free(c->xs);
	free(c->s);
	memset(c, 0, sizeof(*c));
}

static double ypos(double v)
{
	return MT + (H - MT - MB) * (1 - v);
}

/* x of category i: numeric positions between the smallest and largest, else
 * evenly spaced. */
static double xpos(const struct chart *c, size_t i, bool bars)
{
	double pw = W - ML - MR;
	if (bars || !c->numeric_x || c->ncat < 2)
		return ML + pw * ((double)i + 0.5) / (double)c->ncat;
	double lo = c->xs[0], hi = c->xs[c->ncat - 1];
	if (hi <= lo)
		return ML + pw * ((double)i + 0.5) / (double)c->ncat;
	return ML + 20 + (pw - 40) * (c->xs[i] - lo) / (hi - lo);
}

static void frame(struct sbuf *o, const struct chart *c, const char *title,
                  const char *xlabel, bool bars)
{
	sbuf_addf(
	    o,
	    "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\"><title>",
	    W, H, W, H);
	html_esc(o, title, (size_t)-1);
	sbuf_addf(o, "</title><text x=\"%.0f\" y=\"20\" class=\"ct\">", ML);
	html_esc(o, title, (size_t)-1);
	sbuf_adds(o, "</text>");
	for (int k = 0; k <= 4; k++) {
		double y = ypos(k / 4.0);
		sbuf_addf(
		    o,
		    "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" "
		    "class=\"grid\"/><text x=\"%.0f\" y=\"%.1f\" class=\"ax\" "
		    "text-anchor=\"end\">%.2f</text>",
		    ML, W - MR, y, y, ML - 6, y + 4, k / 4.0);
	}
	for (size_t i = 0; i < c->ncat; i++) {
		sbuf_addf(o,
		          "<text x=\"%.1f\" y=\"%.0f\" class=\"ax\" "
		          "text-anchor=\"middle\">",
		          xpos(c, i, bars), H - MB + 16);
		label_esc(o, c->cats[i], 18);
		sbuf_adds(o, "</text>");
	}
	sbuf_addf(
	    o,
	    "<text x=\"%.0f\" y=\"%.0f\" class=\"ax\" text-anchor=\"middle\">",
	    ML + (W - ML - MR) / 2, H - 12);
	html_esc(o, xlabel, (size_t)-1);
	sbuf_adds(o, "</text>");
}

static void legend(struct sbuf *o, const struct chart *c)
{
	size_t k;
	for (k = 0; k < c->ns && k < 13; k++) {
		double y = MT + 8 + 18.0 * (double)k;
		sbuf_addf(
		    o,
		    "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\" class=\"lg\">",
		    W - MR + 14, y - 10, color(k), W - MR + 32, y);
		label_esc(o, c->s[k].name, 26);
		sbuf_adds(o, "</text>");
	}
	double y = MT + 8 + 18.0 * (double)k;
	sbuf_addf(o,
	          "<path d=\"M%.0f %.0fh12\" stroke=\"#555\" class=\"fl\"/>"
	          "<text x=\"%.0f\" y=\"%.0f\" class=\"lg\">abstain floor"
	          "</text>",
	          W - MR + 14, y - 4, W - MR + 32, y);
}

static void whisker(struct sbuf *o, double x, double lo, double hi,
                    const char *col)
{
	if (isnan(lo) || isnan(hi) || hi <= lo)
		return;
	sbuf_addf(o,
	          "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh8M%.1f %.1fh8\" "
	          "stroke=\"%s\" class=\"wh\"/>",
	          x, ypos(lo), ypos(hi), x - 4, ypos(lo), x - 4, ypos(hi), col);
}

static void point_title(struct sbuf *o, const struct chart *c, size_t k,
                        size_t i)
{
	sbuf_adds(o, "<title>");
	label_esc(o, c->s[k].name, (size_t)-1);
	sbuf_adds(o, " \xc2\xb7 ");
	label_esc(o, c->cats[i], (size_t)-1);
	sbuf_addf(o, ": %.3f [%.3f, %.3f]</title>", c->s[k].y[i], c->s[k].lo[i],
	          c->s[k].hi[i]);
}

/* The floor of series s as a dashed line across its categories. */
static void floor_line(struct sbuf *o, const struct chart *c,
                       const struct chart_series *s, const char *col)
{
	bool first = true;
	for (size_t i = 0; i < c->ncat; i++) {
		if (isnan(s->floor[i]) || isnan(s->y[i]))
			continue;
		sbuf_addf(o, "%s%.1f %.1f",
		          first ? "<path fill=\"none\" class=\"fl\" d=\"M" : "L",
		          xpos(c, i, false), ypos(s->floor[i]));
		first = false;
	}
	if (!first)
		sbuf_addf(o, "\" stroke=\"%s\"/>", col);
}

void svg_lines(struct sbuf *o, const struct chart *c, const char *title,
               const char *xlabel)
{
	frame(o, c, title, xlabel, false);
	for (size_t k = 0; k < c->ns; k++) {
		const struct chart_series *s = &c->s[k];
		bool first = true;
		sbuf_addf(o,
		          "<path fill=\"none\" stroke=\"%s\" class=\"ln\" d=\"",
		          color(k));
		for (size_t i = 0; i < c->ncat; i++) {
			if (isnan(s->y[i]))
				continue;
			sbuf_addf(o, "%s%.1f %.1f", first ? "M" : "L",
			          xpos(c, i, false), ypos(s->y[i]));
			first = false;
		}
		sbuf_adds(o, "\"/>");
		floor_line(o, c, s, color(k));
		for (size_t i = 0; i < c->ncat; i++) {
			if (isnan(s->y[i]))
				continue;
			double x = xpos(c, i, false) +
			           3.0 * ((double)k - (double)(c->ns - 1) / 2);
			whisker(o, x, s->lo[i], s->hi[i], color(k));
			sbuf_addf(o,
			          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
			          "fill=\"%s\">",
			          xpos(c, i, false), ypos(s->y[i]), color(k));
			point_title(o, c, k, i);
			sbuf_adds(o, "</circle>");
		}
	}
	legend(o, c);
	sbuf_adds(o, "</svg>\n");
}

void svg_bars(struct sbuf *o, const struct chart *c, const char *title,
              const char *xlabel)
{
	frame(o, c, title, xlabel, true);
	double gw = (W - ML - MR) / (double)(c->ncat ? c->ncat : 1);
	double bw = gw * 0.8 / (double)(c->ns ? c->ns : 1);
	for (size_t i = 0; i < c->ncat; i++)
		for (size_t k = 0; k < c->ns; k++) {
			double v = c->s[k].y[i];
			if (isnan(v))
				continue;
			double x =
			    ML + gw * (double)i + gw * 0.1 + bw * (double)k;
			sbuf_addf(o,
			          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			          "height=\"%.1f\" fill=\"%s\">",
			          x, ypos(v), bw * 0.92,
			          ypos(0) - ypos(v) + 0.5, color(k));
			point_title(o, c, k, i);
			sbuf_adds(o, "</rect>");
			whisker(o, x + bw * 0.46, c->s[k].lo[i], c->s[k].hi[i],
			        "#333");
			if (!isnan(c->s[k].floor[i]))
				sbuf_addf(o,
				          "<path d=\"M%.1f %.1fh%.1f\" "
				          "stroke=\"#111\" class=\"fl\"/>",
				          x, ypos(c->s[k].floor[i]), bw * 0.92);
		}
	legend(o, c);
	sbuf_adds(o, "</svg>\n");
}

/* Red (0) through yellow (0.5) to green (1). */
static void heat_color(struct sbuf *o, double v)
{
	static const double stops[3][3] = {
	    {215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
	double t = v < 0 ? 0 : v > 1 ? 1 : v;
	int k = t < 0.5 ? 0 : 1;
	double f = t < 0.5 ? t * 2 : (t - 0.5) * 2;
	sbuf_addf(o, "rgb(%d,%d,%d)",
	          (int)(stops[k][0] + f * (stops[k + 1][0] - stops[k][0])),
	          (int)(stops[k][1] + f * (stops[k + 1][1] - stops[k][1])),
	          (int)(stops[k][2] + f * (stops[k + 1][2] - stops[k][2])));
}

void svg_heatmap(struct sbuf *o, const struct chart *c, const char *title,
                 const char *xlabel)
{
	double left = 170,
	       cw = (W - left - 20) / (double)(c->ncat ? c->ncat : 1);
	double ch = 30, h = MT + ch * (double)c->ns + 44;
	sbuf_addf(
	    o,
	    "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\"><title>",
	    W, h, W, h);
	html_esc(o, title, (size_t)-1);
	sbuf_adds(o, "</title><text x=\"10\" y=\"20\" class=\"ct\">");
	html_esc(o, title, (size_t)-1);
	sbuf_adds(o, "</text>");
	for (size_t k = 0; k < c->ns; k++) {
		double y = MT + ch * (double)k;
		sbuf_addf(o,
		          "<text x=\"%.0f\" y=\"%.0f\" class=\"ax\" "
		          "text-anchor=\"end\">",
		          left - 8, y + ch / 2 + 4);
		label_esc(o, c->s[k].name, 28);
		sbuf_adds(o, "</text>");
		for (size_t i = 0; i < c->ncat; i++) {
			double v = c->s[k].y[i], x = left + cw * (double)i;
			if (isnan(v))
				continue;
			sbuf_addf(o,
			          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			          "height=\"%.1f\" fill=\"",
			          x, y, cw - 2, ch - 2);
			heat_color(o, v);
			sbuf_adds(o, "\">");
			point_title(o, c, k, i);
			sbuf_addf(
			    o,
			    "</rect><text x=\"%.1f\" y=\"%.1f\" class=\"hv\" "
			    "text-anchor=\"middle\">%.2f</text>",
			    x + cw / 2 - 1, y + ch / 2 + 4, v);
		}
	}
	for (size_t i = 0; i < c->ncat; i++) {
		sbuf_addf(o,
		          "<text x=\"%.1f\" y=\"%.1f\" class=\"ax\" "
		          "text-anchor=\"middle\">",
		          left + cw * ((double)i + 0.5),
		          MT + ch * (double)c->ns + 16);
		label_esc(o, c->cats[i], 18);
		sbuf_adds(o, "</text>");
	}
	sbuf_addf(
	    o,
	    "<text x=\"%.1f\" y=\"%.1f\" class=\"ax\" text-anchor=\"middle\">",
	    left + (W - left - 20) / 2, MT + ch * (double)c->ns + 36);
	html_esc(o, xlabel, (size_t)-1);
	sbuf_adds(o, "</text></svg>\n");
}
