/* Pre-tokenizers (Sequence, Split, ByteLevel, Metaspace, Digits) and
 * JavaScript-to-PCRE2 regex translation. */
#include "tok/tok_hf_pre.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/re.h"
#include "common/xalloc.h"

enum pre_kind { P_SEQ, P_SPLIT, P_BYTELEVEL, P_METASPACE, P_DIGITS };
/* How Split uses its matches, following the reference. */
enum split_mode { S_MATCHES, S_ISOLATED, S_REMOVED };

struct pre {
	enum pre_kind kind;
	struct pre **sub;
	size_t nsub;
	struct re *re; /* Split, Digits, ByteLevel with use_regex */
	enum split_mode mode;
	bool
	    prefix; /* ByteLevel add_prefix_space, Metaspace add_prefix_space */
	bool first_only; /* Metaspace prepend_scheme "first" */
	char *rep;       /* Metaspace replacement and str_rep */
	char *str_rep;
};

/* JavaScript's \s, as the body of a character class. */
#define JS_SPACE                                                               \
	"\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}"                \
	"\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
/* The reference rewrites this group, as JavaScript lacks (?i:...). */
#define CASE_GROUP "(?i:'s|'t|'re|'ve|'m|'ll|'d)"
#define CASE_GROUP_JS "(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))"
/* The reference's ByteLevel split, used when use_regex is true. */
#define GPT2_SPLIT                                                             \
	"'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| "                        \
	"?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"

/* Frees the text and the spans. */
void pieces_release(struct pieces *p)
{
	sbuf_release(&p->text);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
	p->byte_level = false;
}

static void pieces_push(struct span **v, size_t *n, size_t *cap, size_t off,
                        size_t len)
{
	if (*n == *cap)
		xgrow(v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct span){off, len};
}

/* Resets p to one piece holding a copy of s. */
void pieces_set(struct pieces *p, const char *s, size_t n)
{
	sbuf_reset(&p->text);
	sbuf_add(&p->text, s, n);
	p->n = 0;
	p->byte_level = false;
	pieces_push(&p->v, &p->n, &p->cap, 0, n);
}

/* Translates one backslash escape at js[*i] (the backslash). */
static int translate_escape(const char *js, size_t *i, bool in_class,
                            struct sbuf *out, struct err *e)
{
	char c = js[*i + 1];
	const char *cls = NULL;
	bool neg = false;
	switch (c) {
	case 's':
		cls = JS_SPACE;
		break;
	case 'S':
		cls = JS_SPACE;
		neg = true;
		break;
	case 'd':
		cls = "0-9";
		break;
	case 'D':
		cls = "0-9";
		neg = true;
		break;
	case 'w':
		cls = "A-Za-z0-9_";
		break;
	case 'W':
		cls = "A-Za-z0-9_";
		neg = true;
		break;
	case '\0':
		return err_set(e, ERR_INPUT,
		               "regular expression ends with a backslash");
	}
	if (cls) {
		if (in_class && neg)
			return err_set(
			    e, ERR_INPUT,
			    "unsupported regular expression: \\%c inside [...]",
			    c);
		sbuf_addf(out, in_class ? "%s" : neg ? "[^%s]" : "[%s]", cls);
		*i += 2;
		return 0;
	}
	if ((c == 'b' || c == 'B') && !in_class)
		return err_set(e, ERR_INPUT,
		               "unsupported regular expression: \\%c "
		               "(JavaScript word boundaries are ASCII-only)",
		               c);
	if (c == 'u') { /* \uXXXX or \u{X...} */
		size_t j = *i + 2, k = 0;
		bool brace = js[j] == '{';
		j += brace;
		while (k < (brace ? 6u : 4u) &&
		       strchr("0123456789abcdefABCDEF", js[j + k]) && js[j + k])
			k++;
		if (!k || (brace && js[j + k] != '}') || (!brace && k != 4))
			return err_set(e, ERR_INPUT,
			               "bad \\u escape in regular expression");
		sbuf_addf(out, "\\x{%.*s}", (int)k, js + j);
		*i = j + k + brace;
		return 0;
	}
	if (c == '#' || c == '&' ||
	    c == '~') { /* the reference drops these backslashes */
		sbuf_addch(out, c);
		*i += 2;
		return 0;
	}
	sbuf_add(out, js + *i, 2);
	*i += 2;
	return 0;
}

/* Rewrites the JavaScript-only meanings; everything else is copied as is. */
int js_regex_to_pcre(const char *js, struct sbuf *out, struct err *e)
{
	struct sbuf src = SBUF_INIT;
	const char *hit;
	size_t from = 0;
	while ((hit = strstr(js + from, CASE_GROUP))) {
		sbuf_add(&src, js + from, (size_t)(hit - js) - from);
		sbuf_adds(&src, CASE_GROUP_JS);
		from = (size_t)(hit - js) + strlen(CASE_GROUP);
	}
	sbuf_adds(&src, js + from);
	const char *s = src.buf;
	bool in_class = false;
	int rc = 0;
	for (size_t i = 0; s[i] && !rc;) {
		char c = s[i];
		if (c == '\\') {
			rc = translate_escape(s, &i, in_class, out, e);
			continue;
		}
		if (!in_class && c == '[') {
			size_t skip = s[i + 1] == '^' ? 2 : 1;
			if (s[i + skip] == ']')
				rc = err_set(e, ERR_INPUT,
				             "unsupported regular expression: "
				             "empty class [] or [^]");
			in_class = true;
			sbuf_add(out, s + i, skip);
			i += skip;
			continue;
		}
		if (in_class && c == ']')
			in_class = false;
		else if (!in_class && c == '.')
			sbuf_adds(out, "[^\\n\\r\\x{2028}\\x{2029}]");
		else if (!in_class && c == '$')
			sbuf_adds(out, "\\z");
		else if (!in_class && c == '(' && s[i + 1] == '?' &&
		         strchr("imsx-", s[i + 2]) && s[i + 2])
			rc = err_set(e, ERR_INPUT,
			             "unsupported regular expression: inline "
			             "flags '(?%c'",
			             s[i + 2]);
		if (in_class || (c != '.' && c != '$'))
			sbuf_addch(out, c);
		i++;
	}
	sbuf_release(&src);
	return rc;
}

static struct re *compile_js(const char *js, struct err *e)
{
	struct sbuf pc = SBUF_INIT;
	struct re *re = NULL;
	if (js_regex_to_pcre(js, &pc, e) == 0)
		re = re_new(pc.buf, RE_NO_UTF_CHECK, e);
	sbuf_release(&pc);
	return re;
}

/* The Split pattern: a Regex, or a String matched literally. */
static int split_config(struct pre *p, const cJSON *cfg, struct err *e)
{
	const cJSON *pat = cJSON_GetObjectItemCaseSensitive(cfg, "pattern");
	const char *rx = json_str(pat, "Regex"), *lit = json_str(pat, "String");
	bool invert = json_bool(cfg, "invert", false);
	const char *beh = json_str(cfg, "behavior");
	p->mode = invert                               ? S_MATCHES
	          : beh && !strcasecmp(beh, "removed") ? S_REMOVED
	                                               : S_ISOLATED;
	if (rx) {
		p->re = compile_js(rx, e);
	} else if (lit) {
		struct sbuf q = SBUF_INIT;
		/* the reference keeps a String delimiter as a captured group */
		sbuf_adds(&q, invert ? "\\Q" : "(\\Q");
		sbuf_adds(&q, lit);
		sbuf_adds(&q, invert ? "\\E" : "\\E)");
		if (strstr(lit, "\\E"))
			err_set(e, ERR_INPUT,
			        "Split: String pattern containing '\\E' is not "
			        "supported");
		else
			p->re = re_new(q.buf, RE_NO_UTF_CHECK, e);
		sbuf_release(&q);
	} else {
		return err_set(
		    e, ERR_INPUT,
		    "Split pre-tokenizer: pattern must be a String or a Regex");
	}
	return p->re ? 0 : err_prefix(e, "Split pre-tokenizer");
}

static int seq_config(struct pre *p, const cJSON *cfg, struct err *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(cfg, "pretokenizers");
	if (!cJSON_IsArray(a))
		return err_set(
		    e, ERR_INPUT,
		    "Sequence pre-tokenizer has no 'pretokenizers' array");
	p->sub = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*p->sub));
	for (const cJSON *c = a->child; c; c = c->next) {
		if (p->nsub && p->sub[p->nsub - 1]->kind == P_BYTELEVEL)
			return err_set(e, ERR_INPUT,
			               "unsupported pre-tokenizer order: "
			               "ByteLevel must come last");
		if (!(p->sub[p->nsub++] = pre_new(c, e)))
			return -1;
	}
	return 0;
}

static int pre_config(struct pre *p, const char *type, const cJSON *cfg,
                      struct err *e)
{
	if (!strcmp(type, "Sequence")) {
		p->kind = P_SEQ;
		return seq_config(p, cfg, e);
	}
	if (!strcmp(type, "Split")) {
		p->kind = P_SPLIT;
		return split_config(p, cfg, e);
	}
	if (!strcmp(type, "ByteLevel")) {
		p->kind = P_BYTELEVEL;
		p->prefix = json_bool(cfg, "add_prefix_space", false);
		p->mode = S_MATCHES;
		if (json_bool(cfg, "use_regex", true) &&
		    !(p->re = compile_js(GPT2_SPLIT, e)))
			return -1;
		return 0;
	}
	if (!strcmp(type, "Digits")) {
		p->kind = P_DIGITS;
		p->mode = S_MATCHES;
		bool one = json_bool(cfg, "individual_digits", false);
		return (p->re = re_new(one ? "[^0-9]+|[0-9]" : "[^0-9]+|[0-9]+",
		                       RE_NO_UTF_CHECK, e))
		           ? 0
		           : -1;
	}
	if (!strcmp(type, "Metaspace")) {
		const char *r = json_str(cfg, "replacement"),
		           *sr = json_str(cfg, "str_rep");
		const char *scheme = json_str(cfg, "prepend_scheme");
		if (!r)
			return err_set(
			    e, ERR_INPUT,
			    "Metaspace pre-tokenizer has no 'replacement'");
		if (!utf8_valid(r, strlen(r)) ||
		    (sr && !utf8_valid(sr, strlen(sr))))
			return err_set(e, ERR_INPUT,
			               "Metaspace pre-tokenizer: replacement "
			               "is not valid UTF-8");
		if (scheme && strcmp(scheme, "always") &&
		    strcmp(scheme, "first") && strcmp(scheme, "never"))
			return err_set(e, ERR_INPUT,
			               "Metaspace pre-tokenizer: unsupported "
			               "prepend_scheme '%s'",
			               scheme);
		p->kind = P_METASPACE;
		p->rep = xstrdup(r);
		p->str_rep = xstrdup(sr && *sr ? sr : r);
		/* like the reference, only add_prefix_space turns the prefix on
		 */
		p->prefix = json_bool(cfg, "add_prefix_space", false) &&
		            !(scheme && !strcmp(scheme, "never"));
		p->first_only = scheme && !strcmp(scheme, "first");
		return 0;
	}
	return err_set(e, ERR_INPUT, "unsupported pre-tokenizer '%s'", type);
}

/* Dispatches on "type"; unknown types are errors, never skipped. */
struct pre *pre_new(const cJSON *cfg, struct err *e)
{
	if (!cfg || cJSON_IsNull(cfg))
		return NULL;
	const char *type = json_str(cfg, "type");
	if (!type) {
		err_set(e, ERR_INPUT, "pre-tokenizer without a 'type'");
		return NULL;
	}
	struct pre *p = xcalloc(1, sizeof(*p));
	if (pre_config(p, type, cfg, e)) {
		pre_free(p);
		return NULL;
	}
	return p;
}

/* Frees p and its sub-pre-tokenizers. */
void pre_free(struct pre *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nsub; i++)
		pre_free(p->sub[i]);
	free(p->sub);
	re_free(p->re);
	free(p->rep);
	free(p->str_rep);
	free(p);
}

/* Splits text[off..off+len) by the regex the way the reference does for
 * p->mode. */
static int split_piece(struct pre *p, const char *text, size_t off, size_t len,
                       struct span **v, size_t *n, size_t *cap, struct err *e)
{
	const char *s = text + off;
	size_t i = 0, prev = 0, ov[64];
	while (i <= len) {
		int rc = re_match(p->re, s, len, i, ov, 32);
		if (rc < 0)
			return err_set(e, ERR_RUNTIME,
			               "pre-tokenizer: regular expression "
			               "match failed (input too complex)");
		if (rc == 0)
			break;
		if (p->mode != S_MATCHES && ov[0] > prev)
			pieces_push(v, n, cap, off + prev, ov[0] - prev);
		if (p->mode ==
		    S_REMOVED) { /* String.split keeps captured groups */
			for (int g = 1; g < rc && g < 32; g++)
				if (ov[2 * g] != (size_t)-1 &&
				    ov[2 * g + 1] > ov[2 * g])
					pieces_push(v, n, cap, off + ov[2 * g],
					            ov[2 * g + 1] - ov[2 * g]);
		} else if (ov[1] > ov[0]) {
			pieces_push(v, n, cap, off + ov[0], ov[1] - ov[0]);
		}
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
	if (p->mode != S_MATCHES && prev < len)
		pieces_push(v, n, cap, off + prev, len - prev);
	return 0;
}

static int split_all(struct pre *p, struct pieces *ps, struct err *e)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < ps->n; i++)
		if (split_piece(p, ps->text.buf, ps->v[i].off, ps->v[i].len, &v,
		                &n, &cap, e)) {
			free(v);
			return -1;
		}
	free(ps->v);
	ps->v = v;
	ps->n = n;
	ps->cap = cap;
	return 0;
}

/* Rewrites every piece into a new text buffer (Metaspace, ByteLevel prefix). */
static void rewrite(struct pre *p, struct pieces *ps, size_t section)
{
	struct sbuf t = SBUF_INIT;
	for (size_t i = 0; i < ps->n; i++) {
		const char *s = ps->text.buf + ps->v[i].off;
		size_t len = ps->v[i].len, start = t.len;
		if (p->kind == P_BYTELEVEL) {
			if (!(len && s[0] == ' '))
				sbuf_addch(&t, ' ');
			sbuf_add(&t, s, len);
		} else {
			struct sbuf r = SBUF_INIT;
			for (size_t j = 0; j < len; j++)
				if (s[j] == ' ')
					sbuf_adds(&r, p->str_rep);
				else
					sbuf_addch(&r, s[j]);
			bool lead = r.len >= strlen(p->rep) &&
			            !memcmp(r.buf, p->rep, strlen(p->rep));
			if (p->prefix && !lead &&
			    (!p->first_only || section == 0))
				sbuf_adds(&t, p->str_rep);
			sbuf_add(&t, r.buf, r.len);
			sbuf_release(&r);
		}
		ps->v[i] = (struct span){start, t.len - start};
	}
	sbuf_release(&ps->text);
	ps->text = t;
}

/* Applies p (a Sequence in order) to every piece. */
int pre_apply(struct pre *p, struct pieces *ps, size_t section, struct err *e)
{
	if (!p)
		return 0;
	switch (p->kind) {
	case P_SEQ:
		for (size_t i = 0; i < p->nsub; i++)
			if (pre_apply(p->sub[i], ps, section, e))
				return -1;
		return 0;
	case P_SPLIT:
	case P_DIGITS:
		return split_all(p, ps, e);
	case P_BYTELEVEL:
		if (p->prefix)
			rewrite(p, ps, section);
		ps->byte_level = true;
		return p->re ? split_all(p, ps, e) : 0;
	case P_METASPACE:
		rewrite(p, ps, section);
		return 0;
	}
	return 0;
}
