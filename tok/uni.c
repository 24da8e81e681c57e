/* Lookups in the pinned Unicode tables, and the four normalization forms. */
#include "tok/uni.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/sbuf.h"
#include "common/xalloc.h"

/* Oniguruma's loose matching of property names: case, '_', '-', ' ' ignored. */
static bool name_eq(const char *a, const char *b, size_t blen)
{
	size_t i = 0;
	for (;;) {
		while (*a == '_' || *a == '-' || *a == ' ')
			a++;
		while (i < blen && (b[i] == '_' || b[i] == '-' || b[i] == ' '))
			i++;
		if (!*a || i == blen)
			return !*a && i == blen;
		if (tolower((unsigned char)*a) != tolower((unsigned char)b[i]))
			return false;
		a++;
		i++;
	}
}

const struct uni_prop *uni_prop_find(const char *name, size_t len)
{
	for (size_t i = 0; i < uni_nprops; i++) /* exact short names first: Lu, not LU */
		if (strlen(uni_props[i].name) == len &&
		    !memcmp(uni_props[i].name, name, len))
			return &uni_props[i];
	for (size_t i = 0; i < uni_nprops; i++)
		if (name_eq(uni_props[i].alias, name, len) ||
		    (strlen(uni_props[i].name) > 2 &&
		     name_eq(uni_props[i].name, name, len)))
			return &uni_props[i];
	return NULL;
}

bool uni_in(const struct uni_prop *p, uint32_t cp)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < p->r[2 * mid])
			hi = mid;
		else if (cp > p->r[2 * mid + 1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool uni_is_space(uint32_t c)
{
	return (c >= 9 && c <= 13) || c == ' ' || c == 0x85 || c == 0xA0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Index of cp in a table of rows sorted by their first column, or -1. */
static long find_row(const uint32_t *t, size_t n, size_t width, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t k = t[mid * width];
		if (k == cp)
			return (long)mid;
		if (k < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

size_t uni_fold_class(uint32_t cp, uint32_t out[3])
{
	long i = find_row(&uni_fold[0][0], uni_nfold, 2, cp);
	uint32_t f = i >= 0 ? uni_fold[i][1] : cp;
	size_t n = 0;
	if (f != cp)
		out[n++] = f;
	for (size_t k = 0; k < uni_nfold && n < 3; k++)
		if (uni_fold[k][1] == f && uni_fold[k][0] != cp)
			out[n++] = uni_fold[k][0];
	return n;
}

size_t uni_lower(uint32_t cp, uint32_t out[2])
{
	long i = find_row(&uni_lower_map[0][0], uni_nlower, 2, cp);
	out[0] = i >= 0 ? uni_lower_map[i][1] : cp;
	i = find_row(&uni_lower2[0][0], uni_nlower2, 2, cp);
	if (i < 0)
		return 1;
	out[1] = uni_lower2[i][1];
	return 2;
}

static unsigned ccc_of(uint32_t cp)
{
	if (cp < 0x300)
		return 0;
	long i = find_row(&uni_ccc[0][0], uni_nccc, 2, cp);
	return i >= 0 ? uni_ccc[i][1] : 0;
}

/* Hangul syllables decompose and compose by arithmetic (Unicode 3.12). */
enum {
	SBASE = 0xAC00, LBASE = 0x1100, VBASE = 0x1161, TBASE = 0x11A7,
	LCOUNT = 19, VCOUNT = 21, TCOUNT = 28, NCOUNT = VCOUNT * TCOUNT,
	SCOUNT = LCOUNT * NCOUNT
};

struct cps {
	uint32_t *v;
	size_t n, cap;
};

static void cps_push(struct cps *c, uint32_t cp)
{
	if (c->n == c->cap)
		xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = cp;
}

static void decompose(uint32_t cp, bool compat, struct cps *out)
{
	if (cp >= SBASE && cp < SBASE + SCOUNT) {
		uint32_t s = cp - SBASE;
		cps_push(out, LBASE + s / NCOUNT);
		cps_push(out, VBASE + (s % NCOUNT) / TCOUNT);
		if (s % TCOUNT)
			cps_push(out, TBASE + s % TCOUNT);
		return;
	}
	long i = cp < 0xA0 ? -1 : find_row(&uni_decomp[0][0], uni_ndecomp, 4, cp);
	if (i < 0 || !uni_decomp[i][compat ? 3 : 2]) {
		cps_push(out, cp);
		return;
	}
	const uint32_t *d = uni_dpool + uni_decomp[i][1] + (compat ? uni_decomp[i][2] : 0);
	for (uint32_t k = 0; k < uni_decomp[i][compat ? 3 : 2]; k++)
		cps_push(out, d[k]);
}

/* Canonical order: a stable sort of each run of non-starters by class. */
static void reorder(struct cps *c)
{
	for (size_t i = 1; i < c->n; i++) {
		unsigned k = ccc_of(c->v[i]);
		if (!k)
			continue;
		size_t j = i;
		uint32_t x = c->v[i];
		while (j > 0 && ccc_of(c->v[j - 1]) > k) {
			c->v[j] = c->v[j - 1];
			j--;
		}
		c->v[j] = x;
	}
}

static uint32_t compose_pair(uint32_t a, uint32_t b)
{
	if (a >= LBASE && a < LBASE + LCOUNT && b >= VBASE && b < VBASE + VCOUNT)
		return SBASE + ((a - LBASE) * VCOUNT + (b - VBASE)) * TCOUNT;
	if (a >= SBASE && a < SBASE + SCOUNT && (a - SBASE) % TCOUNT == 0 &&
	    b > TBASE && b < TBASE + TCOUNT)
		return a + (b - TBASE);
	size_t lo = 0, hi = uni_ncomp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const uint32_t *r = uni_comp[mid];
		if (r[0] == a && r[1] == b)
			return r[2];
		if (r[0] < a || (r[0] == a && r[1] < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The canonical composition algorithm (UAX #15, section 1.3). */
static void compose(struct cps *c)
{
	if (!c->n)
		return;
	size_t starter = 0, w = 1;
	bool have = ccc_of(c->v[0]) == 0;
	unsigned last = have ? 0 : 256;
	for (size_t i = 1; i < c->n; i++) {
		uint32_t x = c->v[i], m;
		unsigned k = ccc_of(x);
		bool blocked = w - 1 != starter && (last == 0 || last >= k);
		if (have && !blocked && (m = compose_pair(c->v[starter], x))) {
			c->v[starter] = m;
			continue;
		}
		if (k == 0) {
			starter = w;
			have = true;
		}
		last = k;
		c->v[w++] = x;
	}
	c->n = w;
}

void uni_put_utf8(struct sbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sbuf_add(out, b, n);
}

unsigned utf8_decode(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0) {
		*len = 3;
		return (unsigned)(p[0] & 0x0F) << 12 |
		       (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	}
	*len = 4;
	return (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
	       (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/*
 * ASCII characters are starters that no mapping produces in the middle of
 * a sequence and that never compose with what precedes them, so the text
 * is normalized chunk by chunk, each chunk ending before an ASCII byte.
 */
void uni_normalize(enum uni_form f, const char *s, size_t n, struct sbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	bool compat = f == UNI_NFKC || f == UNI_NFKD;
	bool comp = f == UNI_NFC || f == UNI_NFKC;
	struct cps c = {NULL, 0, 0};
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && p[j] < 0x80)
			j++;
		sbuf_add(out, s + i, j - i);
		if (j > i && j < n) /* the last ASCII char starts the chunk */
			out->len--, out->buf[out->len] = '\0', j--;
		if (j >= n)
			break;
		size_t k = j + 1;
		while (k < n && p[k] >= 0x80)
			k++;
		c.n = 0;
		for (size_t q = j, len; q < k; q += len)
			decompose(utf8_decode((const char *)p + q, &len), compat, &c);
		reorder(&c);
		if (comp)
			compose(&c);
		for (size_t q = 0; q < c.n; q++)
			uni_put_utf8(out, c.v[q]);
		i = k;
	}
	free(c.v);
}
