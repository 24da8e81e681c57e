/* Scorer value normalization: text as a careful reader compares it (case,
 * accents, "&", codes, plurals), dates in their common forms, and when a
 * predicted cell holds a gold value. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Groups: 1-3 y-m-d; 4-7 d/m/y or m/d/y (5 is the separator); 8-10 Month d,
 * y; 11-13 d Month y; 14-15 Month y; 16-17 a season or a month y-m. */
/* Month names in English, German, French, Spanish, Italian, Portuguese and
 * Dutch, and English abbreviations; the longest first. */
#define MONTHS                                                                  \
	"(septiembre|september|septembre|setiembre|noviembre|diciembre|"        \
	"settembre|fevereiro|february|november|december|dezember|novembre|"     \
	"décembre|decembre|febbraio|dicembre|setembro|dezembro|februari|"      \
	"augustus|january|october|februar|oktober|janvier|février|fevrier|"    \
	"juillet|octobre|febrero|octubre|gennaio|ottobre|janeiro|outubro|"      \
	"januari|august|januar|jänner|agosto|aprile|maggio|giugno|luglio|"     \
	"march|april|avril|enero|marzo|abril|junio|julio|março|marco|junho|"   \
	"julho|maart|june|july|sept|märz|juni|juli|mars|juin|août|aout|mayo|" \
	"maio|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|mai|mei)\\b\\.?"
static const char date_pat[] =
    "\\b([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})\\b"
    "|\\b([0-9]{1,2})([/.])([0-9]{1,2})\\5([0-9]{4})\\b"
    "|\\b" MONTHS "\\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\\s+([0-9]{4})\\b"
    "|\\b([0-9]{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:of\\s+|de\\s+)?" MONTHS
    ",?\\s+(?:de\\s+)?([0-9]{4})\\b"
    "|\\b" MONTHS ",?\\s+(?:de\\s+)?([0-9]{4})\\b"
    "|\\b([0-9]{4})\\s*(?:-|/|\\x{2013})\\s*([0-9]{4}|[0-9]{2})\\b";

int score_re_init(struct score_re *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (!(r->date = re_new(date_pat, RE_CASELESS, e)) ||
	    score_re_init_parse(r, e) < 0) {
		score_re_release(r);
		return -1;
	}
	return 0;
}

void score_re_release(struct score_re *r)
{
	re_free(r->date);
	score_re_release_parse(r);
	memset(r, 0, sizeof(*r));
}

/* Latin letters with marks, U+00C0..U+017F, as their base letters ('.':
 * not a letter; upper case folds the same). Ligatures are handled apart. */
static const char latin1[] = "aaaaaa.ceeeeiiiidnooooo.ouuuuy.."
                             "aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
static const char latin_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll"
    "lllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* The folded form of code point c (lowercase ASCII letters), or NULL when
 * c is kept as it is; sep set when c separates words. */
static const char *fold(unsigned c, bool *sep)
{
	static char one[2];
	*sep = false;
	switch (c) {
	case 0xc6:
	case 0xe6:
		return "ae";
	case 0xd0:
	case 0xf0:
		return "d";
	case 0xde:
	case 0xfe:
		return "th";
	case 0xdf:
		return "ss";
	case 0x132:
	case 0x133:
		return "ij";
	case 0x152:
	case 0x153:
		return "oe";
	case 0x218:
	case 0x219:
		return "s";
	case 0x21a:
	case 0x21b:
		return "t";
	}
	if (c >= 0xc0 && c <= 0xff && latin1[c - 0xc0] != '.')
		one[0] = latin1[c - 0xc0];
	else if (c >= 0x100 && c <= 0x17f && latin_a[c - 0x100] != '.')
		one[0] = latin_a[c - 0x100];
	else if (c >= 0x300 && c <= 0x36f)
		return ""; /* a combining mark */
	else {
		/* spaces, dashes, quotes, multiplication and division signs,
		 * general punctuation, arrows */
		*sep = c == 0xa0 || c == 0xab || c == 0xbb || c == 0xb7 ||
		       c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x206f) ||
		       (c >= 0x2190 && c <= 0x21ff) || c == 0x3000 ||
		       c == 0xfeff;
		return NULL;
	}
	one[1] = '\0';
	return one;
}

/* Decodes one UTF-8 sequence at s (valid UTF-8 assumed); *len its bytes. */
static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] < 0x80 || n < 2) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*len = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if (s[0] < 0xf0 || n < 4) {
		*len = n < 3 ? n : 3;
		return *len < 3 ? 0xfffd
		                : ((s[0] & 0x0fu) << 12) |
		                      ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	}
	*len = 4;
	return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
	       ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* The normalized text being written: room for the worst case made once
 * (every byte may become " and " or a letter, a space and another). */
struct out {
	char *p;
	size_t n;
};

/* Appends c, with a space between letters and digits ("bio153" reads as
 * "bio 153", as "BIO 153" and "BIO-153" do). */
static inline void put(struct out *o, char c)
{
	char last = o->p[o->n - 1];
	if ((is_digit((unsigned char)c) && is_lower((unsigned char)last)) ||
	    (is_lower((unsigned char)c) && is_digit((unsigned char)last)))
		o->p[o->n++] = ' ';
	o->p[o->n++] = c;
}

static inline void space(struct out *o)
{
	if (o->p[o->n - 1] != ' ')
		o->p[o->n++] = ' ';
}

/*
 * One word of letters as both sides are compared: "ae", "oe", "ue" as the
 * letter alone (German transliterations: "Koeln" is "Köln"), and simple
 * plurals cut ("wins", "defenders", "companies"). Both gold and reply go
 * through the same steps, so a cut that is not a plural cuts both alike.
 */
static size_t fold_word(char *w, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		w[k++] = w[i];
		if (i + 1 < n && w[i + 1] == 'e' && i &&
		    (w[i] == 'a' || w[i] == 'o' || w[i] == 'u') &&
		    !strchr("aeiouq", w[i - 1]))
			i++;
	}
	n = k;
	if (n >= 5 && !strncmp(w + n - 3, "ies", 3))
		return w[n - 3] = 'y', n - 2;
	if (n >= 5 &&
	    (!strncmp(w + n - 4, "ches", 4) || !strncmp(w + n - 4, "shes", 4) ||
	     !strncmp(w + n - 3, "xes", 3)))
		return n - 2;
	if (n >= 4 && w[n - 1] == 's' && !strchr("suiy", w[n - 2]))
		return n - 1;
	return n;
}

/* Applies fold_word to every word of letters only of o (" a b "). */
static void fold_words(struct out *o)
{
	size_t out = 0;
	for (size_t i = 0; i < o->n;) {
		size_t j = i;
		while (j < o->n && o->p[j] != ' ')
			j++;
		bool letters = j > i;
		for (size_t k = i; k < j && letters; k++)
			letters = is_lower((unsigned char)o->p[k]);
		size_t n = letters ? fold_word(o->p + i, j - i) : j - i;
		memmove(o->p + out, o->p + i, n);
		out += n;
		if (j < o->n)
			o->p[out++] = ' ';
		i = j + 1;
	}
	o->n = out;
	o->p[out] = '\0';
}

char *norm_text(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	struct out o = {xmalloc(5 * n + 8), 0};
	o.p[o.n++] = ' ';
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len = 1;
		if (c >= 'A' && c <= 'Z') {
			put(&o, (char)(c + 32));
		} else if (is_lower(c) || is_digit(c)) {
			put(&o, (char)c);
		} else if (c == '.' && i > 0 && i + 1 < n &&
		           is_digit(p[i - 1]) && is_digit(p[i + 1])) {
			o.p[o.n++] = '.';
		} else if (c == ',' && i > 0 && i + 1 < n &&
		           is_digit(p[i - 1]) && is_digit(p[i + 1])) {
			; /* 1,234 is 1234 */
		} else if (c == '&') {
			space(&o);
			memcpy(o.p + o.n, "and ", 4);
			o.n += 4;
		} else if (c < 0x80) {
			space(&o);
		} else {
			bool sep;
			unsigned cp = decode(p + i, n - i, &len);
			const char *f = fold(cp, &sep);
			if (f)
				for (; *f; f++)
					put(&o, *f);
			else if (sep)
				space(&o);
			else
				for (size_t k = 0; k < len; k++)
					o.p[o.n++] = (char)p[i + k];
		}
		i += len;
	}
	space(&o);
	o.p[o.n] = '\0';
	fold_words(&o);
	return o.p;
}

/* Month names as the date pattern lists them, with their numbers. */
static const struct {
	const char *name; /* as norm_text folds it, without its spaces */
	int month;
} months[] = {
    {"septiembre", 9}, {"september", 9},  {"septembre", 9}, {"setiembre", 9},
    {"noviembre", 11}, {"diciembre", 12}, {"settembre", 9}, {"fevereiro", 2},
    {"february", 2},   {"november", 11},  {"december", 12}, {"dezember", 12},
    {"novembre", 11},  {"decembre", 12},  {"febbraio", 2},  {"dicembre", 12},
    {"setembro", 9},   {"dezembro", 12},  {"februari", 2},  {"augustus", 8},
    {"january", 1},    {"october", 10},   {"februar", 2},   {"oktober", 10},
    {"janvier", 1},    {"fevrier", 2},    {"juillet", 7},   {"octobre", 10},
    {"febrero", 2},    {"octubre", 10},   {"gennaio", 1},   {"ottobre", 10},
    {"janeiro", 1},    {"outubro", 10},   {"januari", 1},   {"august", 8},
    {"januar", 1},     {"janner", 1},     {"agosto", 8},    {"aprile", 4},
    {"maggio", 5},     {"giugno", 6},     {"luglio", 7},    {"march", 3},
    {"april", 4},      {"avril", 4},      {"enero", 1},     {"marzo", 3},
    {"abril", 4},      {"junio", 6},      {"julio", 7},     {"marco", 3},
    {"junho", 6},      {"julho", 7},      {"maart", 3},     {"june", 6},
    {"july", 7},       {"sept", 9},       {"marz", 3},      {"juni", 6},
    {"juli", 7},       {"mars", 3},       {"juin", 6},      {"aout", 8},
    {"mayo", 5},       {"maio", 5},       {"may", 5},       {"jan", 1},
    {"feb", 2},        {"mar", 3},        {"apr", 4},       {"jun", 6},
    {"jul", 7},        {"aug", 8},        {"sep", 9},       {"oct", 10},
    {"nov", 11},       {"dec", 12},       {"mai", 5},       {"mei", 5}};

/* The month of the name at s[a..b) (any case, any accents), or 0. */
static int month_num(const char *s, size_t a, size_t b)
{
	char *n = norm_text(s + a, b - a);
	size_t len = strlen(n);
	int m = 0;
	for (size_t i = 0; !m && i < sizeof(months) / sizeof(*months); i++) {
		const char *k = months[i].name;
		size_t kl = strlen(k);
		/* n is " name " (folded as k was, by the same steps) */
		if (len == kl + 2 && !strncmp(n + 1, k, kl))
			m = months[i].month;
	}
	free(n);
	return m;
}

static long grp_num(const char *s, const size_t *ov, int g)
{
	long v = 0;
	for (size_t i = ov[2 * g]; i < ov[2 * g + 1]; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool set(const size_t *ov, int rc, int g)
{
	return g < rc && ov[2 * g] != (size_t)-1;
}

static bool day_ok(long y, long m, long d, struct sdate *out)
{
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1)
		return false;
	*out = (struct sdate){y * 10000 + m * 100 + d, 'd'};
	return true;
}

/* The date of a match; false when it is not one. Numeric day/month order:
 * the part above 12 is the day; otherwise month first with '/', day first
 * with '.'. */
static bool date_of(const char *s, const size_t *ov, int rc, struct sdate *out)
{
	if (set(ov, rc, 1))
		return day_ok(grp_num(s, ov, 1), grp_num(s, ov, 2),
		              grp_num(s, ov, 3), out);
	if (set(ov, rc, 4)) {
		long a = grp_num(s, ov, 4), b = grp_num(s, ov, 6);
		bool dayfirst = a > 12 || (b <= 12 && s[ov[10]] == '.');
		return day_ok(grp_num(s, ov, 7), dayfirst ? b : a,
		              dayfirst ? a : b, out);
	}
	if (set(ov, rc, 8))
		return day_ok(grp_num(s, ov, 10), month_num(s, ov[16], ov[17]),
		              grp_num(s, ov, 9), out);
	if (set(ov, rc, 11))
		return day_ok(grp_num(s, ov, 13), month_num(s, ov[24], ov[25]),
		              grp_num(s, ov, 11), out);
	if (set(ov, rc, 14)) {
		*out = (struct sdate){grp_num(s, ov, 15) * 100 +
		                          month_num(s, ov[28], ov[29]),
		                      'm'};
		return true;
	}
	if (!set(ov, rc, 16))
		return false;
	long y = grp_num(s, ov, 16), z = grp_num(s, ov, 17);
	bool two = ov[35] - ov[34] == 2;
	if ((two && z == (y + 1) % 100) || (!two && z == y + 1)) {
		*out = (struct sdate){y, 's'};
		return true;
	}
	if (two && z >= 1 && z <= 12 && s[ov[33]] == '-') {
		*out = (struct sdate){y * 100 + z, 'm'};
		return true;
	}
	return false;
}

/* A whole-string date (a midnight time may follow); false when it is not
 * one. */
static bool date_whole(const struct score_re *r, const char *s,
                       struct sdate *out)
{
	size_t n = strlen(s), ov[36], start = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (start < n && (s[start] == ' ' || s[start] == '\t'))
		start++;
	static const char *const midnight[] = {" 00:00:00", "T00:00:00",
	                                       " 00:00", "T00:00"};
	for (size_t k = 0; k < 4; k++) {
		size_t m = strlen(midnight[k]);
		if (n > m + start && !strncmp(s + n - m, midnight[k], m)) {
			n -= m;
			break;
		}
	}
	int rc = re_match(r->date, s, n, start, ov, 18);
	return rc > 0 && ov[0] == start && ov[1] == n &&
	       date_of(s, ov, rc, out);
}

long norm_date_whole(const struct score_re *r, const char *s)
{
	struct sdate d;
	return date_whole(r, s, &d) && d.kind == 'd' ? d.v : 0;
}

/*
 * A code of two to four capital letters (an airport, a country, a grade)
 * can also be a word: "THE" is Thessaloniki's airport, "The" a word. It
 * names the gold only written as the code is, in capitals.
 */
bool norm_is_code(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return n >= 2 && n <= 4;
}

bool norm_has_code(const char *s, size_t n, const char *code)
{
	size_t k = strlen(code);
	const char *end = s + n;
	for (const char *p = s; (p = memmem(p, (size_t)(end - p), code, k));
	     p++) {
		bool before = p == s || !isalnum((unsigned char)p[-1]);
		bool after = p + k == end || !isalnum((unsigned char)p[k]);
		if (before && after)
			return true;
	}
	return false;
}

static bool has_code(const char *text, const char *code)
{
	return norm_has_code(text, strlen(text), code);
}

/*
 * Countries by their other names: the short forms and codes a reply uses
 * for them, and their people's adjective ("the Belgian wines" answers
 * "which country"). A careful reader takes any of them for the country;
 * the first name of a line is the country's.
 */
static const char *const countries[][8] = {
    {"United States", "United States of America", "USA", "US", "U.S.", "U.S.A.",
     "America", "American"},
    {"United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "British"},
    {"Netherlands", "The Netherlands", "Holland", "Dutch"},
    {"Czech Republic", "Czechia", "Czech"},
    {"South Korea", "Korea", "Republic of Korea", "Korean"},
    {"Turkey", "T\xc3\xbcrkiye", "Turkiye", "Turkish"},
    {"Switzerland", "Swiss"},
    {"France", "French"},
    {"Italy", "Italian"},
    {"Spain", "Spanish"},
    {"Germany", "German"},
    {"Portugal", "Portuguese"},
    {"Argentina", "Argentine", "Argentinian"},
    {"Chile", "Chilean"},
    {"Mexico", "Mexican"},
    {"Poland", "Polish"},
    {"Denmark", "Danish"},
    {"Sweden", "Swedish"},
    {"Norway", "Norwegian"},
    {"Finland", "Finnish"},
    {"Belgium", "Belgian"},
    {"Greece", "Greek"},
    {"Austria", "Austrian"},
    {"Hungary", "Hungarian"},
    {"Croatia", "Croatian"},
    {"Ireland", "Irish"},
    {"Scotland", "Scottish"},
    {"England", "English"},
    {"Wales", "Welsh"},
    {"Russia", "Russian"},
    {"Ukraine", "Ukrainian"},
    {"Japan", "Japanese"},
    {"China", "Chinese"},
    {"India", "Indian"},
    {"Thailand", "Thai"},
    {"Brazil", "Brazilian"},
    {"Colombia", "Colombian"},
    {"Peru", "Peruvian"},
    {"Uruguay", "Uruguayan"},
    {"Canada", "Canadian"},
    {"Australia", "Australian"},
    {"New Zealand", "New Zealander"},
    {"South Africa", "South African"},
    {"Kenya", "Kenyan"},
    {"Nigeria", "Nigerian"},
    {"Egypt", "Egyptian"},
    {"Morocco", "Moroccan"},
    {"Israel", "Israeli"},
    {"Lebanon", "Lebanese"},
};

/* The other names of the country s names, if it names one. */
static void country_alts(struct gcell *g, const char *s)
{
	size_t nc = sizeof(countries) / sizeof(*countries), line = nc;
	for (size_t i = 0; i < nc && line == nc; i++)
		for (size_t k = 0; k < 8 && countries[i][k]; k++)
			if (!strcasecmp(s, countries[i][k]))
				line = i;
	if (line == nc)
		return;
	g->alts = xcalloc(8, sizeof(*g->alts));
	for (size_t k = 0; k < 8 && countries[line][k]; k++) {
		const char *a = countries[line][k];
		if (!strcasecmp(s, a))
			continue;
		g->alts[g->nalts++] =
		    norm_is_code(a) ? xstrdup(a) : norm_text(a, strlen(a));
	}
}

void gcell_init(struct gcell *g, const struct score_re *r, const cJSON *v)
{
	memset(g, 0, sizeof(*g));
	if (cJSON_IsNumber(v)) {
		g->kind = GCELL_NUM;
		g->num = v->valuedouble;
		g->unit = num_unit(v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		g->kind = GCELL_BOOL;
		g->truth = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v)) {
		g->kind = date_whole(r, v->valuestring, &g->date) ? GCELL_DATE
		                                                  : GCELL_TEXT;
		g->norm = norm_text(v->valuestring, strlen(v->valuestring));
		if (g->kind == GCELL_TEXT && norm_is_code(v->valuestring))
			g->code = xstrdup(v->valuestring);
		if (g->kind == GCELL_TEXT)
			country_alts(g, v->valuestring);
	} else {
		g->kind = GCELL_NULL;
	}
}

void gcell_release(struct gcell *g)
{
	if (g) {
		free(g->norm);
		free(g->code);
		for (size_t i = 0; i < g->nalts; i++)
			free(g->alts[i]);
		free(g->alts);
	}
}

size_t norm_dates(const struct score_re *r, const char *s, size_t n,
                  struct sdate **out)
{
	size_t ov[36], pos = 0, cap = 0, k = 0;
	int rc;
	*out = NULL;
	while (pos < n && (rc = re_match(r->date, s, n, pos, ov, 18)) > 0) {
		struct sdate d;
		if (date_of(s, ov, rc, &d)) {
			xgrow(out, &cap, k + 1, sizeof(**out));
			(*out)[k++] = d;
		}
		pos = ov[1] > pos ? ov[1] : pos + 1;
	}
	return k;
}

static void scan_dates(struct pcell *p, const struct score_re *r)
{
	p->ndates = norm_dates(r, p->text, strlen(p->text), &p->dates);
}

void pcell_init(struct pcell *p, const struct score_re *r, char *text,
                bool want_dates, bool comma_locale)
{
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->norm = norm_text(text, strlen(text));
	scan_numbers(p, comma_locale);
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
	free(p->dates);
}

static bool has_word(const char *norm, const char *word)
{
	return strstr(norm, word) != NULL;
}

/* The rule before the rounding-aware one: equal whole numbers, else within
 * a relative tolerance (score --tolerance X). */
static bool num_within(double g, const struct pnum *p, double tol)
{
	double vs[3] = {p->v, p->v * p->scale, p->pct ? p->v / 100 : p->v};
	for (size_t i = 0; i < 3; i++) {
		double v = vs[i];
		if (g == v || (!(g == floor(g) && v == floor(v)) &&
		               fabs(g - v) <= tol * fmax(fabs(g), fabs(v))))
			return true;
	}
	return false;
}

bool cell_match(const struct gcell *g, const struct pcell *p, double tol)
{
	switch (g->kind) {
	case GCELL_NUM:
		for (size_t i = 0; i < p->nnum; i++)
			if (tol >= 0 ? num_within(g->num, &p->nums[i], tol)
			             : num_match(g->num, g->unit, &p->nums[i]))
				return true;
		return false;
	case GCELL_DATE:
		for (size_t i = 0; i < p->ndates; i++)
			if (p->dates[i].v == g->date.v &&
			    p->dates[i].kind == g->date.kind)
				return true;
		return has_word(p->norm, g->norm);
	case GCELL_TEXT:
		if (!strcmp(g->norm, " "))
			return !strcmp(p->norm, " ");
		if (g->code ? has_code(p->text, g->code)
		            : has_word(p->norm, g->norm))
			return true;
		for (size_t i = 0; i < g->nalts; i++)
			if (g->alts[i][0] == ' '
			        ? has_word(p->norm, g->alts[i])
			        : has_code(p->text, g->alts[i]))
				return true;
		return false;
	case GCELL_BOOL:
		if (g->truth)
			return has_word(p->norm, " tru ") || /* "true" folded */
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
