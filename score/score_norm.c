/* Scorer value normalization: text, numbers, dates, and when a predicted cell
 * holds a gold value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Groups 1-3: y-m-d; 4-6: m/d/y; 7-9: Month d, y; 10-12: d Month y. */
static const char date_pat[] =
    "\\b([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})\\b"
    "|\\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\\b"
    "|\\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+"
    "([0-9]{1,2})(?:st|nd|rd|th)?,?\\s+([0-9]{4})\\b"
    "|\\b([0-9]{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?"
    "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?,?\\s+"
    "([0-9]{4})\\b";

int score_re_init(struct score_re *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	/* the marker may be bold or followed by a full-width colon */
	if (!(r->final =
	          re_new("\\**final\\s+answer\\**\\s*(?::|\\xef\\xbc\\x9a)"
	                 "\\**[ \\t]*",
	                 RE_CASELESS | RE_BYTES, e)) ||
	    !(r->fence =
	          re_new("```[a-zA-Z]*[ \\t]*\\n(.*?)```", RE_DOTALL, e)) ||
	    !(r->table_sep = re_new("^\\s*\\|?\\s*:?-{3,}", 0, e)) ||
	    !(r->list = re_new(
	          "^\\s*(?:[-*+]|\\x{2022}|[0-9]{1,3}[.)])\\s+(.+?)\\s*$", 0,
	          e)) ||
	    !(r->kv =
	          re_new("^\\s*([^:|]{1,80}?)\\s*:\\s+(\\S.*?)\\s*$", 0, e)) ||
	    !(r->noans = re_new(
	          "\\b(?:no\\s+(?:valid\\s+)?answer|no\\s+such|no\\s+"
	          "(?:matching\\s+)?(?:rows?|results?|records?|items?|"
	          "entries|data|wines?|values?)\\b|none|nothing|there\\s+"
	          "(?:is|are|were|was)\\s+no|does\\s+not\\s+exist|do\\s+not"
	          "\\s+exist|empty)\\b",
	          RE_CASELESS, e)) ||
	    !(r->date = re_new(date_pat, RE_CASELESS, e))) {
		score_re_release(r);
		return -1;
	}
	return 0;
}

void score_re_release(struct score_re *r)
{
	re_free(r->final);
	re_free(r->fence);
	re_free(r->table_sep);
	re_free(r->list);
	re_free(r->kv);
	re_free(r->noans);
	re_free(r->date);
	memset(r, 0, sizeof(*r));
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a UTF-8 punctuation or space sequence at p (curly quotes, dashes,
 * nbsp), else 0. */
static size_t uni_sep(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0xc2 &&
	    (p[1] == 0xa0 || p[1] == 0xab || p[1] == 0xbb))
		return 2;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] >= 0x90 && p[2] <= 0xa6))
		return 3;
	return 0;
}

char *norm_text(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sbuf b = SBUF_INIT;
	sbuf_grow(&b, n + 2);
	sbuf_addch(&b, ' ');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		bool between = i > 0 && i + 1 < n && is_digit(p[i - 1]) &&
		               is_digit(p[i + 1]);
		size_t k;
		if (c >= 'A' && c <= 'Z') {
			sbuf_addch(&b, (char)(c + 32));
		} else if (is_alnum(c) || (c == '.' && between)) {
			sbuf_addch(&b, (char)c);
		} else if (c == ',' && between) {
			continue; /* 1,234 is 1234 */
		} else if (c >= 0x80 && !(k = uni_sep(p + i, n - i))) {
			sbuf_addch(&b, (char)c);
		} else {
			if (c >= 0x80)
				i += k - 1;
			if (b.buf[b.len - 1] != ' ')
				sbuf_addch(&b, ' ');
		}
	}
	if (b.buf[b.len - 1] != ' ')
		sbuf_addch(&b, ' ');
	return sbuf_detach(&b);
}

static int month_num(const char *s)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(s, names + 3 * i, 3))
			return i + 1;
	return 0;
}

static long grp_num(const char *s, const size_t *ov, int g)
{
	long v = 0;
	for (size_t i = ov[2 * g]; i < ov[2 * g + 1]; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The date of a match in yyyymmdd, 0 when the day or month is out of range. */
static long date_of(const char *s, const size_t *ov, int rc)
{
	long y, m, d;
	if (ov[2] != (size_t)-1 && rc > 1) {
		y = grp_num(s, ov, 1), m = grp_num(s, ov, 2),
		d = grp_num(s, ov, 3);
	} else if (rc > 4 && ov[8] != (size_t)-1) {
		m = grp_num(s, ov, 4), d = grp_num(s, ov, 5),
		y = grp_num(s, ov, 6);
	} else if (rc > 7 && ov[14] != (size_t)-1) {
		m = month_num(s + ov[14]), d = grp_num(s, ov, 8);
		y = grp_num(s, ov, 9);
	} else {
		d = grp_num(s, ov, 10), m = month_num(s + ov[22]);
		y = grp_num(s, ov, 12);
	}
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return y * 10000 + m * 100 + d;
}

long norm_date_whole(const struct score_re *r, const char *s)
{
	size_t n = strlen(s), ov[26];
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t start = 0;
	while (start < n && (s[start] == ' ' || s[start] == '\t'))
		start++;
	int rc = re_match(r->date, s, n, start, ov, 13);
	if (rc <= 0 || ov[0] != start || ov[1] != n)
		return 0;
	return date_of(s, ov, rc);
}

void gcell_init(struct gcell *g, const struct score_re *r, const cJSON *v)
{
	memset(g, 0, sizeof(*g));
	if (cJSON_IsNumber(v)) {
		g->kind = GCELL_NUM;
		g->num = v->valuedouble;
	} else if (cJSON_IsBool(v)) {
		g->kind = GCELL_BOOL;
		g->truth = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v)) {
		g->date = norm_date_whole(r, v->valuestring);
		g->kind = g->date ? GCELL_DATE : GCELL_TEXT;
		g->norm = norm_text(v->valuestring, strlen(v->valuestring));
	} else {
		g->kind = GCELL_NULL;
	}
}

void gcell_release(struct gcell *g)
{
	if (g)
		free(g->norm);
}

/* Scans the numbers of text: 1,234.5, $44, 44%, -3; not 1.2k or A2048. */
static void scan_numbers(struct pcell *p)
{
	const char *s = p->text;
	size_t n = strlen(s), cap = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) ||
		    (i && (is_alnum(s[i - 1]) || s[i - 1] == '.')))
			continue;
		struct sbuf b = SBUF_INIT;
		if (i >= 1 && s[i - 1] == '-' && (i < 2 || !is_alnum(s[i - 2])))
			sbuf_addch(&b, '-');
		size_t j = i;
		while (j < n &&
		       (is_digit(s[j]) ||
		        (s[j] == ',' && j + 3 < n + 0 && is_digit(s[j + 1]) &&
		         is_digit(s[j + 2]) && is_digit(s[j + 3]) &&
		         (j + 4 >= n || !is_digit(s[j + 4]))))) {
			if (s[j] != ',')
				sbuf_addch(&b, s[j]);
			j++;
		}
		if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
			sbuf_addch(&b, '.');
			for (j++; j < n && is_digit(s[j]); j++)
				sbuf_addch(&b, s[j]);
		}
		bool letter = j < n && is_alnum(s[j]);
		if (!letter) {
			xgrow(&p->nums, &cap, p->nnum + 1, sizeof(double));
			p->pct = xrealloc(p->pct, cap * sizeof(bool));
			p->pct[p->nnum] = j < n && s[j] == '%';
			p->nums[p->nnum++] = strtod(b.buf, NULL);
		}
		sbuf_release(&b);
		i = j;
	}
}

static void scan_dates(struct pcell *p, const struct score_re *r)
{
	size_t n = strlen(p->text), ov[26], pos = 0, cap = 0;
	int rc;
	while (pos < n &&
	       (rc = re_match(r->date, p->text, n, pos, ov, 13)) > 0) {
		long d = date_of(p->text, ov, rc);
		if (d) {
			xgrow(&p->dates, &cap, p->ndates + 1, sizeof(long));
			p->dates[p->ndates++] = d;
		}
		pos = ov[1] > pos ? ov[1] : pos + 1;
	}
}

void pcell_init(struct pcell *p, const struct score_re *r, char *text,
                bool want_dates)
{
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->norm = norm_text(text, strlen(text));
	scan_numbers(p);
	if (want_dates)
		scan_dates(p, r);
}

void pcell_release(struct pcell *p)
{
	if (!p)
		return;
	free(p->text);
	free(p->norm);
	free(p->nums);
	free(p->pct);
	free(p->dates);
}

static bool integral(double v)
{
	return v == floor(v) && fabs(v) < 1e15;
}

/* Whole numbers must be equal (years, counts); others within relative tol. */
static bool num_match(double g, double v, double tol)
{
	if (g == v)
		return true;
	if (integral(g) && integral(v))
		return false;
	return fabs(g - v) <= tol * fmax(fabs(g), fabs(v));
}

static bool has_word(const char *norm, const char *word)
{
	return strstr(norm, word) != NULL;
}

bool cell_match(const struct gcell *g, const struct pcell *p, double tol)
{
	switch (g->kind) {
	case GCELL_NUM:
		for (size_t i = 0; i < p->nnum; i++)
			if (num_match(g->num, p->nums[i], tol) ||
			    (p->pct[i] &&
			     num_match(g->num, p->nums[i] / 100, tol)))
				return true;
		return false;
	case GCELL_DATE:
		for (size_t i = 0; i < p->ndates; i++)
			if (p->dates[i] == g->date)
				return true;
		return has_word(p->norm, g->norm);
	case GCELL_TEXT:
		if (!strcmp(g->norm, " "))
			return !strcmp(p->norm, " ");
		return has_word(p->norm, g->norm);
	case GCELL_BOOL:
		if (g->truth)
			return has_word(p->norm, " true ") ||
			       has_word(p->norm, " yes ");
		return has_word(p->norm, " false ") ||
		       has_word(p->norm, " no ");
	case GCELL_NULL:
		return !strcmp(p->norm, " ") || has_word(p->norm, " null ") ||
		       has_word(p->norm, " none ") ||
		       has_word(p->norm, " n a ");
	}
	return false;
}
