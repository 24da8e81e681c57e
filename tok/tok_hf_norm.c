/* Normalizers (Sequence, Prepend, Replace, NFC/NFD/NFKC/NFKD, Lowercase, Strip)
 * and UTF-8 helpers. */
#include "tok/tok_hf_pre.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "common/err.h"
#include "common/json.h"
#include "common/re.h"
#include "common/xalloc.h"
#include "tok/tok_re.h"
#include "tok/uni.h"

enum norm_kind { N_SEQ, N_PREPEND, N_REPLACE, N_UNICODE, N_LOWER, N_STRIP };

struct norm {
	enum norm_kind kind;
	struct norm **sub; /* N_SEQ */
	size_t nsub;
	char *str;        /* prepend text, replacement, or NFC/NFD/... form */
	char *lit;        /* N_REPLACE with a String pattern */
	struct re *re;    /* N_REPLACE with a Regex pattern */
	bool left, right; /* N_STRIP */
};

/* No validation: callers pass sanitized text. */
/* Length of the valid sequence at p (0 when invalid) and, if invalid, the
 * maximal subpart in *bad. */
static size_t utf8_valid_seq(const unsigned char *p, size_t n, size_t *bad)
{
	unsigned c = p[0], need, lo = 0x80, hi = 0xBF;
	*bad = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

/* Copies valid runs whole; each maximal invalid subpart becomes one U+FFFD. */
void utf8_sanitize(const char *s, size_t n, struct sbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	while (i < n) {
		size_t bad, k = utf8_valid_seq(p + i, n - i, &bad);
		if (k) {
			i += k;
			continue;
		}
		sbuf_add(out, s + run, i - run);
		sbuf_add(out, "\xEF\xBF\xBD", 3);
		i += bad;
		run = i;
	}
	sbuf_add(out, s + run, n - run);
}

/* Frees n and its sub-normalizers. */
void norm_free(struct norm *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nsub; i++)
		norm_free(n->sub[i]);
	free(n->sub);
	free(n->str);
	free(n->lit);
	re_free(n->re);
	free(n);
}

/*
 * Text a normalizer inserts must be valid UTF-8: the regexes after it run
 * without UTF checks, and invalid UTF-8 there would be undefined behaviour.
 */
static int check_utf8(const char *s, const char *what, struct err *e)
{
	if (!utf8_valid(s, strlen(s)))
		return err_set(e, ERR_INPUT, "%s is not valid UTF-8", what);
	return 0;
}

static int replace_pattern(struct norm *n, const cJSON *cfg, struct err *e)
{
	const cJSON *pat = cJSON_GetObjectItemCaseSensitive(cfg, "pattern");
	const char *content = json_str(cfg, "content");
	if (!content)
		return err_set(e, ERR_INPUT,
		               "Replace normalizer has no 'content'");
	if (check_utf8(content, "Replace normalizer: 'content'", e))
		return -1;
	n->str = xstrdup(content);
	const char *lit = json_str(pat, "String"), *rx = json_str(pat, "Regex");
	if (lit && *lit) {
		n->lit = xstrdup(lit);
		return 0;
	}
	if (!rx)
		return err_set(e, ERR_INPUT,
		               "Replace normalizer: pattern must be a "
		               "non-empty String or a Regex");
	struct sbuf pc = SBUF_INIT;
	int rc = tok_re_translate(rx, &pc, NULL, e);
	if (!rc && !(n->re = re_new(pc.buf, RE_NO_UTF_CHECK, e)))
		rc = -1;
	sbuf_release(&pc);
	return rc ? err_prefix(e, "Replace normalizer") : 0;
}

static int norm_config(struct norm *n, const char *type, const cJSON *cfg,
                       struct err *e)
{
	if (!strcmp(type, "Sequence")) {
		const cJSON *a =
		    cJSON_GetObjectItemCaseSensitive(cfg, "normalizers");
		if (!cJSON_IsArray(a))
			return err_set(
			    e, ERR_INPUT,
			    "Sequence normalizer has no 'normalizers' array");
		n->kind = N_SEQ;
		n->sub =
		    xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*n->sub));
		for (const cJSON *c = a->child; c; c = c->next)
			if (!(n->sub[n->nsub++] = norm_new(c, e)))
				return -1;
		return 0;
	}
	if (!strcmp(type, "Prepend")) {
		const char *p = json_str(cfg, "prepend");
		if (!p)
			return err_set(
			    e, ERR_INPUT,
			    "Prepend normalizer has no 'prepend' string");
		if (check_utf8(p, "Prepend normalizer: 'prepend'", e))
			return -1;
		n->kind = N_PREPEND;
		n->str = xstrdup(p);
		return 0;
	}
	if (!strcmp(type, "Replace")) {
		n->kind = N_REPLACE;
		return replace_pattern(n, cfg, e);
	}
	if (!strcmp(type, "NFC") || !strcmp(type, "NFD") ||
	    !strcmp(type, "NFKC") || !strcmp(type, "NFKD") ||
	    !strcmp(type, "Lowercase")) {
		n->kind = strcmp(type, "Lowercase") ? N_UNICODE : N_LOWER;
		n->str = xstrdup(type);
		return 0;
	}
	if (!strcmp(type, "Strip")) {
		n->kind = N_STRIP;
		n->left = json_bool(cfg, "strip_left", true);
		n->right = json_bool(cfg, "strip_right", true);
		return 0;
	}
	return err_set(e, ERR_INPUT, "unsupported normalizer '%s'", type);
}

/* Dispatches on "type"; unknown types are errors, never skipped. */
struct norm *norm_new(const cJSON *cfg, struct err *e)
{
	if (!cfg || cJSON_IsNull(cfg))
		return NULL;
	const char *type = json_str(cfg, "type");
	if (!type) {
		err_set(e, ERR_INPUT, "normalizer without a 'type'");
		return NULL;
	}
	struct norm *n = xcalloc(1, sizeof(*n));
	if (norm_config(n, type, cfg, e)) {
		norm_free(n);
		return NULL;
	}
	return n;
}

/*
 * Real normalizers grow text a little (a space becomes "\u2581", NFKC expands
 * a ligature); a file whose Replace steps multiply it (each space into a
 * thousand) would take minutes and gigabytes per encode. Every intermediate
 * text is held to NORM_GROWTH times the input.
 */
#define NORM_GROWTH 32

static int too_long(const struct sbuf *out, size_t cap, struct err *e)
{
	if (out->len <= cap)
		return 0;
	return err_set(e, ERR_INPUT,
	               "normalizers grow the text more than %dx; the "
	               "tokenizer.json is not usable",
	               NORM_GROWTH);
}

static int replace_literal(const char *s, size_t len, const char *lit,
                           const char *with, struct sbuf *out, size_t cap,
                           struct err *e)
{
	size_t ln = strlen(lit), i = 0;
	for (;;) {
		const char *hit = memmem(s + i, len - i, lit, ln);
		if (!hit)
			break;
		sbuf_add(out, s + i, (size_t)(hit - s) - i);
		sbuf_adds(out, with);
		if (too_long(out, cap, e))
			return -1;
		i = (size_t)(hit - s) + ln;
	}
	sbuf_add(out, s + i, len - i);
	return too_long(out, cap, e);
}

/* Global replace like String.prototype.replaceAll with a /gu regex. */
static int replace_regex(struct re *re, const char *s, size_t len,
                         const char *with, struct sbuf *out, size_t cap,
                         struct err *e)
{
	size_t i = 0, prev = 0, ov[2];
	while (i <= len) {
		int rc = re_match(re, s, len, i, ov, 1);
		if (rc < 0)
			return err_set(e, ERR_RUNTIME,
			               "Replace normalizer: regular expression "
			               "match failed");
		if (rc == 0)
			break;
		sbuf_add(out, s + prev, ov[0] - prev);
		sbuf_adds(out, with);
		if (too_long(out, cap, e))
			return -1;
		prev = ov[1];
		i = ov[1];
		if (ov[1] == ov[0]) { /* empty match: step one code point */
			if (i >= len)
				break;
			size_t k;
			utf8_decode(s + i, &k);
			i += k;
		}
	}
	sbuf_add(out, s + prev, len - prev);
	return too_long(out, cap, e);
}

static void strip_ws(const char *s, size_t len, bool left, bool right,
                     struct sbuf *out)
{
	size_t a = 0, b = len, k;
	while (left && a < b && uni_is_space(utf8_decode(s + a, &k)))
		a += k;
	while (right && b > a) {
		size_t j = b - 1;
		while (j > a && ((unsigned char)s[j] & 0xC0) == 0x80)
			j--;
		if (!uni_is_space(utf8_decode(s + j, &k)))
			break;
		b = j;
	}
	sbuf_add(out, s + a, b - a);
}

/* Rust's char::to_lowercase on each character, or a normalization form. */
static void unicode_apply(const char *form, const char *s, size_t len,
                          struct sbuf *out)
{
	if (strcmp(form, "Lowercase")) {
		enum uni_form f = !strcmp(form, "NFC")    ? UNI_NFC
		                  : !strcmp(form, "NFD")  ? UNI_NFD
		                  : !strcmp(form, "NFKC") ? UNI_NFKC
		                                          : UNI_NFKD;
		uni_normalize(f, s, len, out);
		return;
	}
	for (size_t i = 0, k; i < len; i += k) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			sbuf_addch(out, c >= 'A' && c <= 'Z' ? (char)(c + 32) : (char)c);
			k = 1;
			continue;
		}
		uint32_t lo[2];
		size_t m = uni_lower(utf8_decode(s + i, &k), lo);
		for (size_t j = 0; j < m; j++)
			uni_put_utf8(out, lo[j]);
	}
}

static int norm_one(struct norm *n, const char *s, size_t len, struct sbuf *out,
                    size_t cap, bool mid, struct err *e)
{
	switch (n->kind) {
	case N_PREPEND:
		if (!mid && len) /* tokenizers prepends to non-empty text */
			sbuf_adds(out, n->str);
		sbuf_add(out, s, len);
		return too_long(out, cap, e);
	case N_REPLACE:
		if (n->lit)
			return replace_literal(s, len, n->lit, n->str, out, cap,
			                       e);
		return replace_regex(n->re, s, len, n->str, out, cap, e);
	case N_STRIP:
		strip_ws(s, len, n->left, n->right, out);
		return 0;
	case N_UNICODE:
	case N_LOWER:
		unicode_apply(n->str, s, len, out);
		return too_long(out, cap, e);
	case N_SEQ:
		break;
	}
	return err_set(e, ERR_RUNTIME, "normalizer kind %d cannot run here",
	               (int)n->kind);
}

/* A Sequence applies its members in order, each on the previous output; no
 * text on the way may pass cap bytes. */
static int norm_run(struct norm *n, const char *s, size_t len,
                    struct sbuf *out, size_t cap, bool mid, struct err *e)
{
	sbuf_reset(out);
	if (n->kind != N_SEQ)
		return norm_one(n, s, len, out, cap, mid, e);
	struct sbuf tmp = SBUF_INIT;
	int rc = sbuf_add(out, s, len);
	for (size_t i = 0; !rc && i < n->nsub; i++) {
		sbuf_reset(&tmp);
		rc = norm_run(n->sub[i], out->buf, out->len, &tmp, cap, mid, e);
		struct sbuf t = *out;
		*out = tmp;
		tmp = t;
	}
	sbuf_release(&tmp);
	return rc;
}

static int apply(struct norm *n, const char *s, size_t len, struct sbuf *out,
                 bool mid, struct err *e)
{
	if (!n) {
		sbuf_reset(out);
		return sbuf_add(out, s, len)
		           ? err_set(e, ERR_RUNTIME, "text too long")
		           : 0;
	}
	size_t cap = len > ((size_t)-1 - 4096) / NORM_GROWTH
	                 ? (size_t)-1
	                 : len * NORM_GROWTH + 4096;
	return norm_run(n, s, len, out, cap, mid, e);
}

int norm_apply(struct norm *n, const char *s, size_t len, struct sbuf *out,
               struct err *e)
{
	return apply(n, s, len, out, false, e);
}

int norm_apply_mid(struct norm *n, const char *s, size_t len, struct sbuf *out,
                   struct err *e)
{
	return apply(n, s, len, out, true, e);
}

bool norm_has_prepend(const struct norm *n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n->nsub; i++)
		if (norm_has_prepend(n->sub[i]))
			return true;
	return n->kind == N_PREPEND;
}

bool norm_seam_local(const struct norm *n)
{
	if (!n)
		return true;
	switch (n->kind) {
	case N_SEQ:
		for (size_t i = 0; i < n->nsub; i++)
			if (!norm_seam_local(n->sub[i]))
				return false;
		return true;
	case N_PREPEND:
	case N_UNICODE: /* "\n" is a starter that composes with nothing */
	case N_LOWER:
		return true;
	case N_REPLACE:
		return n->lit && !strchr(n->lit, '\n') && !strchr(n->str, '\n');
	case N_STRIP:
		break;
	}
	return false;
}
