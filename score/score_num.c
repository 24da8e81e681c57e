/* Numbers as replies write them: separators of several locales, units and
 * magnitudes, percentages, number words; matched at the precision written. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

/* True when the character that ends just before s[i] is a letter (Latin
 * with marks, Greek, Cyrillic and the like; not "€", "£" or a dash). */
static bool letter_before(const unsigned char *s, size_t i)
{
	if (!i)
		return false;
	if (s[i - 1] < 0x80)
		return ((s[i - 1] | 32) >= 'a' && (s[i - 1] | 32) <= 'z');
	size_t k = i - 1;
	while (k > 0 && (s[k] & 0xc0) == 0x80 && i - k < 4)
		k--;
	unsigned c = s[k] < 0xe0 ? ((s[k] & 0x1fu) << 6) | (s[k + 1] & 0x3fu)
	             : s[k] < 0xf0
	                 ? ((s[k] & 0x0fu) << 12) | ((s[k + 1] & 0x3fu) << 6) |
	                       (s[k + 2] & 0x3fu)
	                 : 0;
	return (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	       (c >= 0x370 && c <= 0x1fff);
}

/* Length of a thousands separator at s[i] that is not a decimal point or
 * comma: an apostrophe, a space, a no-break or narrow no-break space. */
static size_t group_sep(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == '\'' || s[i] == ' ')
		return 1;
	if (i + 1 < n && s[i] == 0xc2 && s[i + 1] == 0xa0)
		return 2;
	if (i + 2 < n && s[i] == 0xe2 && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0xaf || s[i + 2] == 0x99 || s[i + 2] == 0x89))
		return 3; /* U+202F, U+2019 (a right quote as apostrophe),
		             U+2009 */
	return 0;
}

/* Digits at s[i..] up to n: how many. */
static size_t digits(const unsigned char *s, size_t n, size_t i)
{
	size_t k = 0;
	while (i + k < n && is_digit(s[i + k]))
		k++;
	return k;
}

/* The raw number at s[i]: digit groups joined by separators; sets *end. */
struct raw {
	char body[96]; /* digits and the separators '.' ',' only */
	size_t len;
	bool grouped; /* a space or apostrophe separated groups */
};

static void read_raw(const unsigned char *s, size_t n, size_t i, struct raw *r,
                     size_t *end)
{
	r->len = 0;
	r->grouped = false;
	while (i < n && r->len + 8 < sizeof(r->body)) {
		/* a run longer than the room is read whole but kept in part:
		 * no number of a gold has ninety digits */
		size_t k = digits(s, n, i), room = sizeof(r->body) - 1 - r->len;
		memcpy(r->body + r->len, s + i, k < room ? k : room);
		r->len += k < room ? k : room;
		i += k;
		if (i >= n || k >= room)
			break;
		size_t g = group_sep(s, n, i);
		/* "91 261": a group of three after a space or apostrophe */
		if (g && digits(s, n, i + g) == 3 &&
		    (i + g + 3 >= n || !is_digit(s[i + g + 3]))) {
			i += g;
			r->grouped = true;
			continue;
		}
		if ((s[i] == '.' || s[i] == ',') && i + 1 < n &&
		    is_digit(s[i + 1])) {
			r->body[r->len++] = (char)s[i++];
			continue;
		}
		break;
	}
	r->body[r->len] = '\0';
	*end = i;
}

/* Digits after the last occurrence of c in r. */
static size_t tail_after(const struct raw *r, char c)
{
	const char *p = strrchr(r->body, c);
	return p ? strlen(p + 1) : 0;
}

static size_t count_ch(const struct raw *r, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < r->len; i++)
		k += r->body[i] == c;
	return k;
}

/*
 * Which of '.' and ',' is the decimal mark of r ('\0': none). Both present:
 * the last one. One kind present several times: thousands. One comma: a
 * decimal comma unless three digits follow (then thousands, or a decimal
 * comma in a reply that writes decimal commas elsewhere); one point the
 * other way round.
 */
static char decimal_mark(const struct raw *r, bool comma_locale)
{
	size_t dots = count_ch(r, '.'), commas = count_ch(r, ',');
	if (dots && commas)
		return strrchr(r->body, '.') > strrchr(r->body, ',') ? '.'
		                                                     : ',';
	if (commas == 1)
		return tail_after(r, ',') != 3 || comma_locale ? ',' : '\0';
	if (dots == 1)
		return tail_after(r, '.') == 3 && comma_locale ? '\0' : '.';
	return '\0';
}

/* Value and precision of r with decimal mark dm. */
static void raw_value(const struct raw *r, char dm, double *v, double *unit)
{
	char buf[96];
	size_t k = 0, dec = 0;
	bool after = false;
	for (size_t i = 0; i < r->len; i++) {
		char c = r->body[i];
		if (c == dm) {
			buf[k++] = '.';
			after = true;
		} else if (c != '.' && c != ',') {
			buf[k++] = c;
			dec += after;
		}
	}
	buf[k] = '\0';
	*v = strtod(buf, NULL);
	*unit = pow(10, -(double)dec);
}

/* Magnitude after a number: a suffix ("174.6K", "48.75M", "2bn") or a word
 * ("1.23 million"); its factor, and *end moved past it. */
static double magnitude(const unsigned char *s, size_t n, size_t *end)
{
	static const struct {
		const char *w;
		double f;
		bool space; /* may follow a space */
	} m[] = {{"thousand", 1e3, true}, {"million", 1e6, true},
	         {"billion", 1e9, true},  {"trillion", 1e12, true},
	         {"bn", 1e9, false},      {"mn", 1e6, false},
	         {"MM", 1e6, false},      {"K", 1e3, false},
	         {"k", 1e3, false},       {"M", 1e6, false},
	         {"B", 1e9, false}};
	size_t i = *end;
	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		size_t j = i;
		if (m[k].space)
			while (j < n && s[j] == ' ')
				j++;
		size_t len = strlen(m[k].w);
		bool caseless = m[k].space;
		if (j + len > n ||
		    (caseless ? strncasecmp((const char *)s + j, m[k].w, len)
		              : strncmp((const char *)s + j, m[k].w, len)))
			continue;
		size_t e = j + len;
		if (m[k].space && e < n && (s[e] | 32) == 's')
			e++; /* "thousands" */
		if (e < n && is_alpha(s[e]))
			continue;
		*end = e;
		return m[k].f;
	}
	return 1;
}

static bool ordinal(const unsigned char *s, size_t n, size_t i)
{
	static const char *const suf[] = {"st", "nd", "rd", "th"};
	for (size_t k = 0; k < 4; k++)
		if (i + 2 <= n &&
		    !strncasecmp((const char *)s + i, suf[k], 2) &&
		    (i + 2 == n || !is_alpha(s[i + 2])))
			return true;
	return false;
}

static void add_num(struct pcell *p, size_t *cap, double v, double unit,
                    double scale, bool pct)
{
	xgrow(&p->nums, cap, p->nnum + 1, sizeof(*p->nums));
	p->nums[p->nnum++] = (struct pnum){v, unit, scale, pct};
}

/* Number words up to ninety-nine, and "none" and "zero" as counts. */
static int word_value(const char *w, size_t n)
{
	if (n < 3 || n > 9 || !strchr("otfsenzOTFSENZ", w[0]))
		return -1;
	static const char *const small[] = {
	    "zero",    "one",     "two",       "three",    "four",
	    "five",    "six",     "seven",     "eight",    "nine",
	    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
	    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
	static const char *const tens[] = {"twenty", "thirty", "forty",
	                                   "fifty",  "sixty",  "seventy",
	                                   "eighty", "ninety"};
	for (int i = 0; i < 20; i++)
		if (strlen(small[i]) == n && !strncasecmp(w, small[i], n))
			return i;
	for (int i = 0; i < 8; i++)
		if (strlen(tens[i]) == n && !strncasecmp(w, tens[i], n))
			return 20 + 10 * i;
	if ((n == 4 && !strncasecmp(w, "none", 4)) ||
	    (n == 3 && !strncasecmp(w, "nil", 3)))
		return 0;
	return -1;
}

/* Number words of text: "eighteen", "twenty-three", "twenty three". */
static void scan_words(struct pcell *p, size_t *cap)
{
	const char *s = p->text;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (!is_alpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && is_alpha((unsigned char)s[j]))
			j++;
		int v = word_value(s + i, j - i);
		if (v >= 20 && v % 10 == 0 && j + 1 < n &&
		    (s[j] == '-' || s[j] == ' ')) {
			size_t k = j + 1;
			while (k < n && is_alpha((unsigned char)s[k]))
				k++;
			int u = word_value(s + j + 1, k - j - 1);
			if (u >= 1 && u <= 9) {
				v += u;
				j = k;
			}
		}
		if (v >= 0)
			add_num(p, cap, v, 1, 1, false);
		i = j;
	}
}

void scan_numbers(struct pcell *p, bool comma_locale)
{
	const unsigned char *s = (const unsigned char *)p->text;
	size_t n = strlen(p->text), cap = 0;
	for (size_t i = 0; i < n; i++) {
		/* digits inside a code ("KNJ2691", "A2048") are not a number */
		if (!is_digit(s[i]) || letter_before(s, i) ||
		    (i && (is_digit(s[i - 1]) || s[i - 1] == '_')))
			continue;
		if (i >= 2 && (s[i - 1] == '.' || s[i - 1] == ',') &&
		    is_digit(s[i - 2]))
			continue;
		bool neg =
		    i && s[i - 1] == '-' && (i < 2 || !is_digit(s[i - 2]));
		struct raw r;
		size_t end;
		double v, unit;
		read_raw(s, n, i, &r, &end);
		raw_value(&r, decimal_mark(&r, comma_locale), &v, &unit);
		size_t j = end;
		while (j < n && s[j] == ' ')
			j++;
		bool pct = j < n && s[j] == '%';
		size_t after = end;
		double scale = pct ? 1 : magnitude(s, n, &after);
		if (!pct && scale == 1 && ordinal(s, n, end)) {
			i = end;
			continue;
		}
		add_num(p, &cap, neg ? -v : v, unit, scale, pct);
		i = (pct ? j + 1 : after) - 1;
	}
	scan_words(p, &cap);
}

bool comma_decimals(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) ||
		    (i && (is_digit(s[i - 1]) || s[i - 1] == '.' ||
		           s[i - 1] == ',')))
			continue;
		struct raw r;
		size_t end;
		read_raw(s, n, i, &r, &end);
		/* "31.733,33", "540,00", "276 527,61": only a decimal comma */
		if (count_ch(&r, ',') == 1 &&
		    (count_ch(&r, '.')
		         ? strrchr(r.body, ',') > strrchr(r.body, '.')
		         : tail_after(&r, ',') != 3))
			return true;
		i = end;
	}
	return false;
}

double num_unit(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return 1; /* most golds: counts, years, ids */
	char buf[40];
	snprintf(buf, sizeof(buf), "%.15g", v);
	const char *dot = strchr(buf, '.');
	if (!dot || strchr(buf, 'e'))
		return 1;
	return pow(10, -(double)strlen(dot + 1));
}

/* x and y agree at precision u (rounded half away from zero), and a value
 * that is not zero is not rounded away to zero. */
static bool same_at(double g, double v, double u)
{
	double a = round(g / u * (1 + 1e-12)), b = round(v / u * (1 + 1e-12));
	return a == b && !(a == 0 && g != 0);
}

static bool integral(double v)
{
	return v == floor(v) && fabs(v) < 1e15;
}

/* The gold g (unit gu) against x written at precision ux: at the coarser of
 * the two, the gold also in thousands or millions when allowed. */
static bool match_at(double g, double gu, double x, double ux, bool units)
{
	static const double k[] = {1, 1e3, 1e6};
	for (size_t i = 0; i < (units ? 3u : 1u); i++)
		if (same_at(g * k[i], x, fmax(ux, gu * k[i])))
			return true;
	return false;
}

bool num_match(double g, double gu, const struct pnum *p)
{
	/* a count is not a thousand of something: the gold counts in a
	 * larger unit only when it has decimals or the reply names one */
	bool units = p->scale > 1 || !integral(g);
	/* "1.23 billion" is not 1.23 (of millions): a magnitude written
	 * counts */
	if (p->scale == 1 && match_at(g, gu, p->v, p->unit, false))
		return true;
	if (p->scale > 1 &&
	    match_at(g, gu, p->v * p->scale, p->unit * p->scale, units))
		return true;
	if (p->pct && match_at(g, gu, p->v / 100, p->unit / 100, false))
		return true;
	return p->scale == 1 && !p->pct && units &&
	       match_at(g, gu, p->v, p->unit, true);
}

size_t num_spans(const char *text, size_t from, size_t to, struct span *out,
                 size_t max)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t k = 0;
	for (size_t i = from; i < to && k < max; i++) {
		if (is_alpha(s[i]) && (i == from || !is_alpha(s[i - 1]))) {
			size_t j = i;
			while (j < to && is_alpha(s[j]))
				j++;
			if (word_value(text + i, j - i) >= 0)
				out[k++] = (struct span){i, j};
			i = j - 1;
			continue;
		}
		if (!is_digit(s[i]) || letter_before(s, i) ||
		    (i > from && (is_digit(s[i - 1]) || s[i - 1] == '_')))
			continue;
		struct raw r;
		size_t end;
		read_raw(s, to, i, &r, &end);
		if (!ordinal(s, to, end))
			out[k++] = (struct span){i, end};
		i = end - 1;
	}
	return k;
}
