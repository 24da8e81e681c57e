/* Oniguruma (Ruby syntax) regular expressions of tokenizer.json files, rewritten
 * for PCRE2 with every class spelled out from the pinned Unicode tables. */
#include "tok/tok_re.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "tok/uni.h"

#define MAX_CP 0x10FFFFu

/* A set of code points as ranges; sorted and merged by set_norm. */
struct set {
	uint32_t (*r)[2];
	size_t n, cap;
};

static void set_add(struct set *s, uint32_t lo, uint32_t hi)
{
	if (s->n == s->cap)
		xgrow(&s->r, &s->cap, s->n + 1, sizeof(*s->r));
	s->r[s->n][0] = lo;
	s->r[s->n][1] = hi;
	s->n++;
}

static int by_lo(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

static void set_norm(struct set *s)
{
	if (!s->n)
		return;
	qsort(s->r, s->n, sizeof(*s->r), by_lo);
	size_t w = 0;
	for (size_t i = 1; i < s->n; i++) {
		if (s->r[i][0] <= s->r[w][1] + 1) {
			if (s->r[i][1] > s->r[w][1])
				s->r[w][1] = s->r[i][1];
		} else {
			s->r[++w][0] = s->r[i][0];
			s->r[w][1] = s->r[i][1];
		}
	}
	s->n = w + 1;
}

/* Replaces s (normalized) by its complement in [0, 0x10FFFF]. */
static void set_invert(struct set *s)
{
	struct set c = {NULL, 0, 0};
	uint32_t next = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i][0] > next)
			set_add(&c, next, s->r[i][0] - 1);
		next = s->r[i][1] + 1;
	}
	if (next <= MAX_CP)
		set_add(&c, next, MAX_CP);
	free(s->r);
	*s = c;
}

static void set_prop(struct set *s, const struct uni_prop *p, bool neg)
{
	struct set t = {NULL, 0, 0};
	for (size_t i = 0; i < p->n; i++)
		set_add(&t, p->r[2 * i], p->r[2 * i + 1]);
	if (neg)
		set_invert(&t);
	for (size_t i = 0; i < t.n; i++)
		set_add(s, t.r[i][0], t.r[i][1]);
	free(t.r);
}

/* Adds the simple case-folding partners of every member (caseless match). */
static void set_fold(struct set *s)
{
	set_norm(s);
	size_t n = s->n;
	for (size_t i = 0; i < uni_nfold; i++) {
		uint32_t a = uni_fold[i][0], b = uni_fold[i][1];
		for (size_t k = 0; k < n; k++) {
			if ((a >= s->r[k][0] && a <= s->r[k][1]) ||
			    (b >= s->r[k][0] && b <= s->r[k][1])) {
				uint32_t o[3];
				size_t m = uni_fold_class(a, o);
				set_add(s, a, a);
				for (size_t j = 0; j < m; j++)
					set_add(s, o[j], o[j]);
				break;
			}
		}
	}
	set_norm(s);
}

static void set_emit(struct set *s, struct sbuf *out)
{
	set_norm(s);
	if (!s->n) {
		sbuf_adds(out, "(?!)");
		return;
	}
	sbuf_addch(out, '[');
	for (size_t i = 0; i < s->n; i++) {
		sbuf_addf(out, "\\x{%X}", s->r[i][0]);
		if (s->r[i][1] != s->r[i][0])
			sbuf_addf(out, "-\\x{%X}", s->r[i][1]);
	}
	sbuf_addch(out, ']');
}

struct tr {
	const char *p; /* the pattern, NUL-terminated */
	size_t i;
	struct sbuf *out;
	unsigned flags;
	struct err *e;
};

static uint32_t decode(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80 || !p[1]) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0) {
		*len = p[2] ? 3 : 2;
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
		       (p[2] & 0x3F);
	}
	*len = p[2] && p[3] ? 4 : 2;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Oniguruma's \w: Letter, Mark, Decimal_Number, Connector_Punctuation. */
static void set_word(struct set *s, bool neg)
{
	struct set t = {NULL, 0, 0};
	static const char *const parts[] = {"L", "M", "Nd", "Pc"};
	for (size_t i = 0; i < 4; i++)
		set_prop(&t, uni_prop_find(parts[i], strlen(parts[i])), false);
	set_norm(&t);
	if (neg)
		set_invert(&t);
	for (size_t i = 0; i < t.n; i++)
		set_add(s, t.r[i][0], t.r[i][1]);
	free(t.r);
}

/*
 * A class escape at t->p[t->i] (just after the backslash) into s: \s \d \w
 * \h and their negations, \p{...}, \P{...}. Returns 1 when it was one, 0
 * when not, -1 on error.
 */
static int class_escape(struct tr *t, struct set *s)
{
	char c = t->p[t->i];
	switch (c) {
	case 's':
	case 'S':
		set_prop(s, uni_prop_find("White_Space", 11), c == 'S');
		break;
	case 'd':
	case 'D':
		set_prop(s, uni_prop_find("Nd", 2), c == 'D');
		break;
	case 'w':
	case 'W':
		set_word(s, c == 'W');
		break;
	case 'h': /* Ruby syntax: a hexadecimal digit */
	case 'H': {
		struct set h = {NULL, 0, 0};
		set_add(&h, '0', '9');
		set_add(&h, 'A', 'F');
		set_add(&h, 'a', 'f');
		set_norm(&h);
		if (c == 'H')
			set_invert(&h);
		for (size_t i = 0; i < h.n; i++)
			set_add(s, h.r[i][0], h.r[i][1]);
		free(h.r);
		break;
	}
	case 'p':
	case 'P': {
		const char *q = t->p + t->i + 1, *end;
		if (*q != '{' || !(end = strchr(q, '}')))
			return err_set(t->e, ERR_INPUT,
			               "bad \\%c in regular expression", c);
		q++;
		bool neg = c == 'P';
		if (*q == '^') {
			neg = !neg;
			q++;
		}
		const struct uni_prop *p = uni_prop_find(q, (size_t)(end - q));
		if (!p)
			return err_set(t->e, ERR_INPUT,
			               "unsupported Unicode property \\p{%.*s} in "
			               "regular expression",
			               (int)(end - q), q);
		set_prop(s, p, neg);
		t->i = (size_t)(end - t->p);
		break;
	}
	default:
		return 0;
	}
	t->i++;
	return 1;
}

/* One literal character (escaped or not) at t->p[t->i]; in_class: \b is a backspace. */
static int literal(struct tr *t, bool in_class, uint32_t *cp)
{
	size_t len;
	if (t->p[t->i] != '\\') {
		*cp = decode(t->p + t->i, &len);
		t->i += len;
		return 0;
	}
	char c = t->p[++t->i];
	static const char esc[] = "tnrfvae";
	static const uint32_t val[] = {9, 10, 13, 12, 11, 7, 27};
	const char *k = c ? strchr(esc, c) : NULL;
	if (k) {
		*cp = val[k - esc];
		t->i++;
		return 0;
	}
	if (in_class && c == 'b') {
		*cp = 8;
		t->i++;
		return 0;
	}
	if (c == 'x' || c == 'u') {
		size_t j = t->i + 1, n = 0, max = c == 'u' ? 4 : 2;
		bool brace = t->p[j] == '{';
		j += brace;
		uint32_t v = 0;
		while (hexval(t->p[j + n]) >= 0 && n < (brace ? 8 : max))
			v = v * 16 + (uint32_t)hexval(t->p[j + n++]);
		if (!n || (brace && t->p[j + n] != '}') ||
		    (c == 'u' && !brace && n != 4) || v > MAX_CP)
			return err_set(t->e, ERR_INPUT,
			               "bad \\%c escape in regular expression", c);
		*cp = v;
		t->i = j + n + brace;
		return 0;
	}
	if (!c)
		return err_set(t->e, ERR_INPUT,
		               "regular expression ends with a backslash");
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return err_set(t->e, ERR_INPUT,
		               "unsupported regular expression escape '\\%c'", c);
	*cp = decode(t->p + t->i, &len);
	t->i += len;
	return 0;
}

/* A bracketed class at t->p[t->i] ('['), into s. */
static int bracket(struct tr *t, struct set *s, bool caseless)
{
	bool neg = t->p[++t->i] == '^';
	t->i += neg;
	struct set in = {NULL, 0, 0};
	int rc = 0;
	bool first = true;
	while (!rc) {
		char c = t->p[t->i];
		if (!c) {
			rc = err_set(t->e, ERR_INPUT,
			             "bad regular expression: unterminated [...]");
			break;
		}
		if (c == ']' && !first) {
			t->i++;
			break;
		}
		first = false;
		if (c == '[' || (c == '&' && t->p[t->i + 1] == '&')) {
			rc = err_set(t->e, ERR_INPUT,
			             "unsupported regular expression: nested "
			             "class or '&&' inside [...]");
			break;
		}
		if (c == '\\') {
			t->i++;
			int k = class_escape(t, &in);
			if (k < 0)
				rc = -1;
			if (k)
				continue;
			t->i--;
		}
		uint32_t lo, hi;
		if ((rc = literal(t, true, &lo)))
			break;
		hi = lo;
		if (t->p[t->i] == '-' && t->p[t->i + 1] && t->p[t->i + 1] != ']') {
			t->i++;
			if ((rc = literal(t, true, &hi)))
				break;
			if (hi < lo)
				rc = err_set(t->e, ERR_INPUT,
				             "bad regular expression: bad range in [...]");
		}
		set_add(&in, lo, hi);
	}
	if (!rc) {
		if (caseless)
			set_fold(&in);
		set_norm(&in);
		if (neg)
			set_invert(&in);
		for (size_t i = 0; i < in.n; i++)
			set_add(s, in.r[i][0], in.r[i][1]);
	}
	free(in.r);
	return rc;
}

/* Group flags: caseless (i) and, in Ruby syntax, (?m) lets '.' match "\n". */
enum { F_I = 1, F_M = 2 };

/* "(?flags)" or "(?flags:" at t->p[t->i] ('('); applies them to *f. */
static int group_flags(struct tr *t, unsigned *f, bool *scoped)
{
	size_t j = t->i + 2;
	bool on = true;
	for (;; j++) {
		char c = t->p[j];
		if (c == '-')
			on = false;
		else if (c == 'i' || c == 'm') {
			unsigned b = c == 'i' ? F_I : F_M;
			*f = on ? *f | b : *f & ~b;
		} else if (c == ':' || c == ')') {
			*scoped = c == ':';
			t->i = j + 1;
			return 0;
		} else {
			return err_set(t->e, ERR_INPUT,
			               "unsupported regular expression: inline "
			               "flag '%c'",
			               c ? c : ' ');
		}
	}
}

/* Length of a {n}, {n,}, {,m} or {n,m} quantifier at p, 0 when it is not one. */
static size_t quantifier(const char *p)
{
	if (*p != '{')
		return 0;
	size_t i = 1, digits = 0;
	while (p[i] >= '0' && p[i] <= '9')
		i++, digits++;
	if (p[i] == ',') {
		i++;
		while (p[i] >= '0' && p[i] <= '9')
			i++, digits++;
	}
	return p[i] == '}' && digits ? i + 1 : 0;
}

#define MAX_DEPTH 64

static int translate(struct tr *t)
{
	unsigned stack[MAX_DEPTH + 1], f = 0;
	size_t depth = 0;
	while (t->p[t->i]) {
		char c = t->p[t->i];
		struct set s = {NULL, 0, 0};
		int rc = 0;
		if (c == '(' && t->p[t->i + 1] == '?' &&
		    strchr("im-", t->p[t->i + 2]) && t->p[t->i + 2]) {
			unsigned nf = f;
			bool scoped = false;
			if (group_flags(t, &nf, &scoped))
				return -1;
			if (!scoped) { /* (?i) runs to the end of the group */
				f = nf;
				continue;
			}
			if (depth == MAX_DEPTH)
				return err_set(t->e, ERR_INPUT,
				               "regular expression nests too deep");
			stack[depth] = f;
			depth++;
			f = nf;
			sbuf_adds(t->out, "(?:");
			continue;
		}
		if (c == '(') {
			const char *g = t->p + t->i;
			if (!strncmp(g, "(?<=", 4) || !strncmp(g, "(?<!", 4))
				t->flags |= TOK_RE_LOOKBEHIND;
			else if (g[1] == '?' && !strchr(":=!<", g[2]))
				return err_set(t->e, ERR_INPUT,
				               "unsupported regular expression "
				               "group '(?%c'",
				               g[2] ? g[2] : ' ');
			if (depth == MAX_DEPTH)
				return err_set(t->e, ERR_INPUT,
				               "regular expression nests too deep");
			size_t open = 1; /* "(", "(?:", "(?=", "(?<=", "(?<name>" */
			if (g[1] == '?')
				open = g[2] == '<' && (g[3] == '=' || g[3] == '!') ? 4 : 3;
			if (g[1] == '?' && g[2] == '<' && open == 3) {
				const char *gt = strchr(g, '>');
				if (!gt)
					return err_set(t->e, ERR_INPUT,
					               "bad regular expression: bad "
					               "group name");
				open = (size_t)(gt - g) + 1;
			}
			stack[depth] = f;
			depth++;
			sbuf_add(t->out, g, open);
			t->i += open;
			continue;
		}
		if (c == ')') {
			if (depth)
				f = stack[--depth];
			sbuf_addch(t->out, ')');
			t->i++;
			continue;
		}
		size_t q = quantifier(t->p + t->i);
		if (q || strchr("|*+?", c)) {
			sbuf_add(t->out, t->p + t->i, q ? q : 1);
			t->i += q ? q : 1;
			continue;
		}
		if (c == '.') {
			set_add(&s, '\n', '\n');
			if (!(f & F_M))
				set_invert(&s);
			else
				set_add(&s, 0, MAX_CP);
			t->i++;
		} else if (c == '^' || c == '$') {
			/* Ruby syntax: the start and end of any line */
			sbuf_adds(t->out, c == '^' ? "(?<![^\\n])" : "(?![^\\n])");
			t->flags |= c == '^' ? TOK_RE_LOOKBEHIND : 0;
			t->i++;
			continue;
		} else if (c == '[') {
			rc = bracket(t, &s, f & F_I);
		} else if (c == '\\' && strchr("AzZ", t->p[t->i + 1])) {
			sbuf_add(t->out, t->p + t->i, 2);
			t->flags |= t->p[t->i + 1] == 'A' ? TOK_RE_LOOKBEHIND : 0;
			t->i += 2;
			continue;
		} else if (c == '\\' && (t->p[t->i + 1] == 'b' ||
		                         t->p[t->i + 1] == 'B')) {
			struct set w = {NULL, 0, 0};
			struct sbuf ws = SBUF_INIT;
			set_word(&w, false);
			set_emit(&w, &ws);
			if (t->p[t->i + 1] == 'b')
				sbuf_addf(t->out, "(?:(?<=%s)(?!%s)|(?<!%s)(?=%s))",
				          ws.buf, ws.buf, ws.buf, ws.buf);
			else
				sbuf_addf(t->out, "(?:(?<=%s)(?=%s)|(?<!%s)(?!%s))",
				          ws.buf, ws.buf, ws.buf, ws.buf);
			free(w.r);
			sbuf_release(&ws);
			t->flags |= TOK_RE_LOOKBEHIND;
			t->i += 2;
			continue;
		} else {
			int k = 0;
			if (c == '\\') {
				t->i++;
				k = class_escape(t, &s);
				if (!k)
					t->i--;
			}
			uint32_t cp;
			if (k < 0 || (!k && literal(t, false, &cp)))
				rc = -1;
			else if (!k)
				set_add(&s, cp, cp);
			if (!rc && (f & F_I))
				set_fold(&s);
		}
		if (!rc)
			set_emit(&s, t->out);
		free(s.r);
		if (rc)
			return -1;
	}
	return 0;
}

int tok_re_translate(const char *onig, struct sbuf *out, unsigned *flags,
                     struct err *e)
{
	struct tr t = {onig, 0, out, 0, e};
	int rc = translate(&t);
	if (flags)
		*flags = t.flags;
	return rc;
}
