/* Pre-tokenizers (Sequence, Split, ByteLevel, Metaspace, Digits) with the
 * semantics of Hugging Face's tokenizers. */
#include "tok/tok_hf_pre.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/re.h"
#include "common/xalloc.h"
#include "tok/tok_re.h"

enum pre_kind { P_SEQ, P_SPLIT, P_BYTELEVEL, P_METASPACE, P_DIGITS };
/* Hugging Face's SplitDelimiterBehavior: what becomes of a match. */
enum split_mode { S_REMOVED, S_ISOLATED, S_PREVIOUS, S_NEXT, S_CONTIGUOUS };

struct pre {
	enum pre_kind kind;
	struct pre **sub;
	size_t nsub;
	struct re *re; /* Split, ByteLevel with use_regex */
	enum split_mode mode;
	bool invert;
	bool individual; /* Digits */
	bool prefix;     /* ByteLevel add_prefix_space, Metaspace prepend */
	bool first_only; /* Metaspace prepend_scheme "first" */
	bool split;      /* Metaspace splits before each replacement */
	char *rep;       /* Metaspace replacement and str_rep */
	char *str_rep;
	unsigned re_flags; /* TOK_RE_* of the pattern */
};

/* ByteLevel's own split (the GPT-2 pattern), used when use_regex is true. */
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

static struct re *compile_onig(struct pre *p, const char *rx, struct err *e)
{
	struct sbuf pc = SBUF_INIT;
	struct re *re = NULL;
	unsigned f = 0;
	if (tok_re_translate(rx, &pc, &f, e) == 0)
		re = re_new(pc.buf, RE_NO_UTF_CHECK, e);
	p->re_flags |= f;
	sbuf_release(&pc);
	return re;
}

/* A literal pattern as PCRE2 code points (no \Q...\E to escape from). */
static struct re *compile_literal(const char *lit, struct err *e)
{
	struct sbuf q = SBUF_INIT;
	for (size_t i = 0, k; lit[i]; i += k)
		sbuf_addf(&q, "\\x{%X}", utf8_decode(lit + i, &k));
	struct re *re = re_new(q.buf, RE_NO_UTF_CHECK, e);
	sbuf_release(&q);
	return re;
}

static int split_behavior(struct pre *p, const char *beh, struct err *e)
{
	static const char *const names[] = {"removed", "isolated",
	                                    "mergedwithprevious",
	                                    "mergedwithnext", "contiguous"};
	if (!beh) /* tokenizers writes it always; read its absence as isolated */
		beh = "isolated";
	for (size_t i = 0; i < 5; i++)
		if (!strcasecmp(beh, names[i])) {
			p->mode = (enum split_mode)i;
			return 0;
		}
	return err_set(e, ERR_INPUT,
	               "Split pre-tokenizer: unsupported behavior '%s'",
	               beh);
}

/* The Split pattern: a Regex, or a String matched literally. */
static int split_config(struct pre *p, const cJSON *cfg, struct err *e)
{
	const cJSON *pat = cJSON_GetObjectItemCaseSensitive(cfg, "pattern");
	const char *rx = json_str(pat, "Regex"), *lit = json_str(pat, "String");
	p->invert = json_bool(cfg, "invert", false);
	if (split_behavior(p, json_str(cfg, "behavior"), e))
		return -1;
	if (rx)
		p->re = compile_onig(p, rx, e);
	else if (lit && *lit && utf8_valid(lit, strlen(lit)))
		p->re = compile_literal(lit, e);
	else if (lit && !*lit)
		return 0; /* an empty String never matches */
	else
		return err_set(
		    e, ERR_INPUT,
		    "Split pre-tokenizer: pattern must be a String or a Regex");
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

/*
 * As tokenizers reads it: the replacement is one character (str_rep is
 * ignored); prepend_scheme wins over the older add_prefix_space, and the
 * default is "always"; split defaults to true.
 */
static int metaspace_config(struct pre *p, const cJSON *cfg, struct err *e)
{
	const char *r = json_str(cfg, "replacement");
	const char *scheme = json_str(cfg, "prepend_scheme");
	size_t k;
	if (!r || !*r || !utf8_valid(r, strlen(r)) ||
	    (utf8_decode(r, &k), r[k]))
		return err_set(e, ERR_INPUT,
		               "Metaspace pre-tokenizer: 'replacement' must be "
		               "one character of valid UTF-8");
	if (scheme && strcmp(scheme, "always") && strcmp(scheme, "first") &&
	    strcmp(scheme, "never"))
		return err_set(e, ERR_INPUT,
		               "Metaspace pre-tokenizer: unsupported "
		               "prepend_scheme '%s'",
		               scheme);
	p->kind = P_METASPACE;
	p->rep = xstrdup(r);
	p->str_rep = xstrdup(r);
	p->prefix = scheme ? strcmp(scheme, "never") != 0
	                   : json_bool(cfg, "add_prefix_space", true);
	p->first_only = scheme && !strcmp(scheme, "first");
	p->split = json_bool(cfg, "split", true);
	p->mode = S_NEXT;
	struct err ignore = ERR_INIT;
	p->re = compile_literal(r, &ignore);
	return p->re ? 0 : err_set(e, ERR_INPUT, "Metaspace: bad replacement");
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
		p->mode = S_ISOLATED;
		if (json_bool(cfg, "use_regex", true) &&
		    !(p->re = compile_onig(p, GPT2_SPLIT, e)))
			return -1;
		return 0;
	}
	if (!strcmp(type, "Digits")) { /* split on ASCII digits */
		p->kind = P_DIGITS;
		p->individual = json_bool(cfg, "individual_digits", false);
		p->mode = p->individual ? S_ISOLATED : S_CONTIGUOUS;
		return 0;
	}
	if (!strcmp(type, "Metaspace"))
		return metaspace_config(p, cfg, e);
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

/* A stretch of a piece and whether the pattern matched it. */
struct ev {
	size_t off, len;
	bool match;
};

struct evs {
	struct ev *v;
	size_t n, cap;
};

static void ev_push(struct evs *x, size_t off, size_t len, bool match)
{
	if (x->n == x->cap)
		xgrow(&x->v, &x->cap, x->n + 1, sizeof(*x->v));
	x->v[x->n++] = (struct ev){off, len, match};
}

/*
 * tokenizers' find_matches: matches and the stretches between them, in
 * order. After an empty match the search moves on one character.
 */
static int find_matches(struct pre *p, const char *s, size_t len,
                        struct evs *x, struct err *e)
{
	size_t i = 0, prev = 0, ov[2];
	if (p->kind == P_DIGITS) { /* each ASCII digit is a match */
		for (size_t j = 0; j < len; j++) {
			if (s[j] < '0' || s[j] > '9')
				continue;
			if (j > prev)
				ev_push(x, prev, j - prev, false);
			ev_push(x, j, 1, true);
			prev = j + 1;
		}
		i = len + 1;
	}
	while (p->re && i <= len) {
		int rc = re_match(p->re, s, len, i, ov, 1);
		if (rc < 0)
			return err_set(e, ERR_RUNTIME,
			               "pre-tokenizer: regular expression "
			               "match failed (input too complex)");
		if (rc == 0)
			break;
		if (ov[0] > prev)
			ev_push(x, prev, ov[0] - prev, false);
		ev_push(x, ov[0], ov[1] - ov[0], true);
		prev = i = ov[1];
		if (ov[1] == ov[0]) {
			if (i >= len)
				break;
			size_t k;
			utf8_decode(s + i, &k);
			i += k;
		}
	}
	if (prev < len)
		ev_push(x, prev, len - prev, false);
	return 0;
}

/*
 * tokenizers' NormalizedString::split: invert, then the behavior decides
 * which stretches survive and which merge; empty pieces are dropped.
 */
static void apply_behavior(const struct pre *p, struct evs *x, size_t off,
                           struct span **v, size_t *n, size_t *cap)
{
	size_t first = *n;
	bool prevm = false;
	for (size_t i = 0; i < x->n; i++) {
		struct ev *c = &x->v[i];
		if (p->invert)
			c->match = !c->match;
	}
	if (p->mode == S_NEXT) { /* fold from the right, like tokenizers */
		struct ev *w = xmalloc((x->n + 1) * sizeof(*w));
		size_t m = 0;
		for (size_t i = x->n; i-- > 0;) {
			struct ev c = x->v[i];
			if (c.match && !prevm && m) {
				w[m - 1].len += w[m - 1].off - c.off;
				w[m - 1].off = c.off;
			} else {
				w[m++] = (struct ev){c.off, c.len, false};
			}
			prevm = c.match;
		}
		for (size_t i = m; i-- > 0;)
			if (w[i].len)
				pieces_push(v, n, cap, off + w[i].off, w[i].len);
		free(w);
		return;
	}
	for (size_t i = 0; i < x->n; i++) {
		struct ev c = x->v[i];
		bool merge = (p->mode == S_PREVIOUS && c.match && !prevm) ||
		             (p->mode == S_CONTIGUOUS && c.match == prevm);
		bool removed = p->mode == S_REMOVED && c.match;
		prevm = c.match;
		if (removed)
			continue;
		if (merge && *n > first) {
			struct span *l = &(*v)[*n - 1];
			l->len = off + c.off + c.len - l->off;
		} else if (c.len || merge) {
			pieces_push(v, n, cap, off + c.off, c.len);
		}
	}
	size_t w = first; /* drop empty pieces */
	for (size_t i = first; i < *n; i++)
		if ((*v)[i].len)
			(*v)[w++] = (*v)[i];
	*n = w;
}

static int split_all(struct pre *p, struct pieces *ps, struct err *e)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0;
	struct evs x = {NULL, 0, 0};
	int rc = 0;
	for (size_t i = 0; i < ps->n && !rc; i++) {
		x.n = 0;
		rc = find_matches(p, ps->text.buf + ps->v[i].off, ps->v[i].len,
		                  &x, e);
		if (!rc)
			apply_behavior(p, &x, ps->v[i].off, &v, &n, &cap);
	}
	free(x.v);
	if (rc) {
		free(v);
		return -1;
	}
	free(ps->v);
	ps->v = v;
	ps->n = n;
	ps->cap = cap;
	return 0;
}

/*
 * Rewrites every piece into a new text buffer: ByteLevel's prefix space,
 * or Metaspace's replacement of ' ' and its prefix.
 */
static void rewrite(struct pre *p, struct pieces *ps, size_t section)
{
	struct sbuf t = SBUF_INIT;
	size_t rl = p->rep ? strlen(p->rep) : 0;
	for (size_t i = 0; i < ps->n; i++) {
		const char *s = ps->text.buf + ps->v[i].off;
		size_t len = ps->v[i].len, start = t.len;
		if (p->kind == P_BYTELEVEL) {
			if (!(len && s[0] == ' '))
				sbuf_addch(&t, ' ');
			sbuf_add(&t, s, len);
		} else {
			bool lead = len >= 1 && s[0] == ' ';
			lead = lead || (len >= rl && !memcmp(s, p->rep, rl));
			/* "first": only a piece at the start of the text */
			if (p->prefix && !lead &&
			    (!p->first_only || (section == 0 && ps->v[i].off == 0)))
				sbuf_adds(&t, p->str_rep);
			for (size_t j = 0; j < len; j++)
				if (s[j] == ' ')
					sbuf_adds(&t, p->str_rep);
				else
					sbuf_addch(&t, s[j]);
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
		return p->split ? split_all(p, ps, e) : 0;
	}
	return 0;
}

bool pre_seam_local(const struct pre *p)
{
	if (!p)
		return true;
	if (p->re_flags & TOK_RE_LOOKBEHIND)
		return false;
	switch (p->kind) {
	case P_SEQ:
		for (size_t i = 0; i < p->nsub; i++)
			if (!pre_seam_local(p->sub[i]))
				return false;
		return true;
	case P_SPLIT:
	case P_DIGITS:
		return true;
	case P_BYTELEVEL:
		return !p->prefix;
	case P_METASPACE:
		break;
	}
	return false;
}
