/* A validating JSON scanner that keeps only the top level of an object. */
#include "run/jscan.h"

#include <stdint.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"

#define MAX_DEPTH 512

struct scan {
	const unsigned char *p, *end, *start;
	int depth;
	const char *bad; /* what was wrong, NULL while all is well */
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	                         *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool fail(struct scan *s, const char *why)
{
	if (!s->bad)
		s->bad = why;
	return false;
}

static int hex4(const unsigned char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int c = p[i], d = c >= '0' && c <= '9'   ? c - '0'
		                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                                         : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A \u escape at p (after the backslash-u); surrogates must pair. */
static bool unicode(struct scan *s)
{
	int v;
	if (s->end - s->p < 4 || (v = hex4(s->p)) < 0)
		return fail(s, "a bad \\u escape");
	s->p += 4;
	if (v >= 0xDC00 && v <= 0xDFFF)
		return fail(s, "a lone low surrogate");
	if (v < 0xD800 || v > 0xDBFF)
		return true;
	if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
	    (v = hex4(s->p + 2)) < 0xDC00 || v > 0xDFFF)
		return fail(s, "a high surrogate without its low half");
	s->p += 6;
	return true;
}

/* Non-zero when one of the eight bytes of v may be a quote, a backslash or
 * a control character (the test errs only towards yes). */
static uint64_t special(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) |
	        ((v - ones * 0x20) & ~v)) &
	       (ones * 0x80);
}

static bool string(struct scan *s)
{
	s->p++; /* the opening quote */
	for (;;) {
		/* the bulk: bytes with nothing to check, eight at a time */
		uint64_t v;
		while (s->end - s->p >= 8 && (memcpy(&v, s->p, 8), !special(v)))
			s->p += 8;
		while (s->p < s->end && *s->p != '"' && *s->p != '\\' &&
		       *s->p >= 0x20)
			s->p++;
		if (s->p >= s->end)
			return fail(s, "an unterminated string");
		unsigned char c = *s->p++;
		if (c == '"')
			return true;
		if (c < 0x20)
			return fail(s, "a control character in a string");
		if (s->p >= s->end)
			return fail(s, "an unterminated string");
		c = *s->p++;
		if (c == 'u') {
			if (!unicode(s))
				return false;
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return fail(s, "a bad escape");
		}
	}
}

static bool digits(struct scan *s)
{
	const unsigned char *from = s->p;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > from;
}

static bool number(struct scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (!digits(s))
		return fail(s, "a bad number");
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!digits(s))
			return fail(s, "a bad number");
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return fail(s, "a bad number");
	}
	return true;
}

static bool word(struct scan *s, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n))
		return fail(s, "an unknown word");
	s->p += n;
	return true;
}

static bool value(struct scan *s);

/* An object or array body after its opening bracket. */
static bool members(struct scan *s, bool object)
{
	unsigned char close = object ? '}' : ']';
	if (++s->depth > MAX_DEPTH)
		return fail(s, "nesting too deep");
	s->p++;
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return true;
	}
	for (;;) {
		if (object) {
			if (s->p >= s->end || *s->p != '"')
				return fail(s, "a member without a string key");
			if (!string(s))
				return false;
			ws(s);
			if (s->p >= s->end || *s->p != ':')
				return fail(s, "a member without ':'");
			s->p++;
		}
		if (!value(s))
			return false;
		ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			ws(s);
			continue;
		}
		if (s->p < s->end && *s->p == close) {
			s->p++;
			s->depth--;
			return true;
		}
		return fail(s, object ? "an object without '}'"
		                      : "an array without ']'");
	}
}

static bool value(struct scan *s)
{
	ws(s);
	if (s->p >= s->end)
		return fail(s, "a missing value");
	switch (*s->p) {
	case '"':
		return string(s);
	case '{':
		return members(s, true);
	case '[':
		return members(s, false);
	case 't':
		return word(s, "true");
	case 'f':
		return word(s, "false");
	case 'n':
		return word(s, "null");
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return number(s);
		return fail(s, "an unexpected character");
	}
}

int jscan_object(const char *line, size_t len, struct jmember *m, size_t max,
                 size_t *n, struct err *e)
{
	struct scan s = {(const unsigned char *)line,
	                 (const unsigned char *)line + len,
	                 (const unsigned char *)line, 1, NULL};
	*n = 0;
	ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return err_set(e, ERR_INPUT,
		               "malformed JSON at byte %zu: not a JSON object",
		               (size_t)(s.p - s.start));
	s.p++;
	ws(&s);
	bool empty = s.p < s.end && *s.p == '}';
	if (empty)
		s.p++;
	while (!empty && !s.bad) {
		const unsigned char *k = s.p, *v;
		if (s.p >= s.end || *s.p != '"' || !string(&s)) {
			fail(&s, "a member without a string key");
			break;
		}
		const unsigned char *kend = s.p;
		ws(&s);
		if (s.p >= s.end || *s.p != ':') {
			fail(&s, "a member without ':'");
			break;
		}
		s.p++;
		ws(&s);
		v = s.p;
		if (!value(&s))
			break;
		if (*n < max)
			m[(*n)++] = (struct jmember){
			    (const char *)k + 1, (const char *)v,
			    (size_t)(kend - k - 2), (size_t)(s.p - v)};
		ws(&s);
		if (s.p < s.end && *s.p == ',') {
			s.p++;
			ws(&s);
		} else if (s.p < s.end && *s.p == '}') {
			s.p++;
			break;
		} else {
			fail(&s, "an object without '}'");
		}
	}
	ws(&s);
	if (!s.bad && s.p != s.end)
		fail(&s, "text after the object");
	if (s.bad)
		return err_set(e, ERR_INPUT, "malformed JSON at byte %zu: %s",
		               (size_t)(s.p - s.start), s.bad);
	return 0;
}

const struct jmember *jscan_find(const struct jmember *m, size_t n,
                                 const char *key)
{
	size_t k = strlen(key);
	for (size_t i = 0; i < n; i++)
		if (m[i].klen == k && !memcmp(m[i].key, key, k))
			return &m[i];
	return NULL;
}

bool jscan_is_string(const struct jmember *v)
{
	return v && v->vlen >= 2 && v->val[0] == '"';
}

/* UTF-8 for code point c. */
static void utf8(uint32_t c, struct sbuf *out)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 63));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 63));
		b[2] = (char)(0x80 | (c & 63));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18);
		b[1] = (char)(0x80 | (c >> 12 & 63));
		b[2] = (char)(0x80 | (c >> 6 & 63));
		b[3] = (char)(0x80 | (c & 63));
		n = 4;
	}
	sbuf_add(out, b, n);
}

void jscan_unescape(const char *s, size_t n, struct sbuf *out)
{
	const char *end = s + n;
	while (s < end) {
		const char *bs = memchr(s, '\\', (size_t)(end - s));
		if (!bs) {
			sbuf_add(out, s, (size_t)(end - s));
			return;
		}
		sbuf_add(out, s, (size_t)(bs - s));
		char c = bs[1];
		s = bs + 2;
		if (c == 'u') {
			uint32_t v = (uint32_t)hex4((const unsigned char *)s);
			s += 4;
			if (v >= 0xD800 && v <= 0xDBFF) {
				uint32_t lo = (uint32_t)hex4(
				    (const unsigned char *)s + 2);
				v = 0x10000 + ((v - 0xD800) << 10) +
				    (lo - 0xDC00);
				s += 6;
			}
			utf8(v, out);
			continue;
		}
		sbuf_addch(out, c == 'b'   ? '\b'
		                : c == 'f' ? '\f'
		                : c == 'n' ? '\n'
		                : c == 'r' ? '\r'
		                : c == 't' ? '\t'
		                           : c);
	}
}
