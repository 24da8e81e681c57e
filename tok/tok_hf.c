/* tokenizer.json loader and the encode pipeline: added tokens, normalizer,
 * pre-tokenizer, BPE. */
#include "tok/tok_hf.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "tok/tok.h"
#include "tok/tok_hf_bpe.h"
#include "tok/tok_hf_pre.h"
#include "tok/uni.h"

struct added {
	char *s;
	size_t n;
	uint32_t id;
	bool lstrip, rstrip;
};

/* A stretch of the input: plain text, or an added token (tok >= 0). */
struct section {
	size_t off, len;
	long tok;
};

struct tok_hf {
	struct bpe *bpe;
	struct norm *norm;
	struct pre *pre;
	struct added *added; /* longest first */
	size_t nadded;
	size_t *by_byte[256]; /* indexes into added, per first byte, longest
	                         first */
	size_t nby_byte[256];
	struct sbuf clean, normed;
	struct pieces pieces;
	struct section *sec;
	size_t nsec, seccap;
};

/* Frees everything tok_hf_new built. */
void tok_hf_free(struct tok_hf *h)
{
	if (!h)
		return;
	bpe_free(h->bpe);
	norm_free(h->norm);
	pre_free(h->pre);
	for (size_t i = 0; i < h->nadded; i++)
		free(h->added[i].s);
	free(h->added);
	for (size_t i = 0; i < 256; i++)
		free(h->by_byte[i]);
	sbuf_release(&h->clean);
	sbuf_release(&h->normed);
	pieces_release(&h->pieces);
	free(h->sec);
	free(h);
}

static int by_length_desc(const void *a, const void *b)
{
	const struct added *x = a, *y = b;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

static int load_added(struct tok_hf *h, const cJSON *arr, struct err *e)
{
	if (arr && !cJSON_IsArray(arr))
		return err_set(e, ERR_INPUT, "'added_tokens' is not an array");
	h->added =
	    xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*h->added));
	for (const cJSON *t = arr ? arr->child : NULL; t; t = t->next) {
		const char *s = json_str(t, "content");
		long long id;
		if (!s || !*s || json_long(t, "id", &id) || id < 0 ||
		    id >= 1 << 30)
			return err_set(
			    e, ERR_INPUT,
			    "added_tokens[%zu]: needs a non-empty 'content' "
			    "and an integer 'id' in [0, 2^30)",
			    h->nadded);
		struct added *a = &h->added[h->nadded++];
		a->s = xstrdup(s);
		a->n = strlen(s);
		a->id = (uint32_t)id;
		a->lstrip = json_bool(t, "lstrip", false);
		a->rstrip = json_bool(t, "rstrip", false);
		bpe_add_token(h->bpe, a->s, a->n, a->id);
	}
	qsort(h->added, h->nadded, sizeof(*h->added), by_length_desc);
	for (size_t i = 0; i < h->nadded; i++) {
		unsigned char c = (unsigned char)h->added[i].s[0];
		h->by_byte[c] = xrealloc(h->by_byte[c],
		                         (h->nby_byte[c] + 1) * sizeof(size_t));
		h->by_byte[c][h->nby_byte[c]++] = i;
	}
	return 0;
}

/* Parses the JSON, then builds the model, the added tokens, the normalizer and
 * the pre-tokenizer. */
struct tok_hf *tok_hf_new(const char *text, size_t len, struct err *e)
{
	struct json_arena *arena;
	cJSON *root = json_parse_arena(text, len, &arena, e);
	if (!root)
		return NULL;
	struct tok_hf *h = xcalloc(1, sizeof(*h));
	int rc = -1;
	if (!cJSON_IsObject(root)) {
		err_set(e, ERR_INPUT, "a tokenizer.json must be a JSON object");
		goto out;
	}
	if (!(h->bpe = bpe_new(cJSON_GetObjectItemCaseSensitive(root, "model"),
	                       e)) ||
	    load_added(
	        h, cJSON_GetObjectItemCaseSensitive(root, "added_tokens"), e))
		goto out;
	err_clear(e);
	h->norm =
	    norm_new(cJSON_GetObjectItemCaseSensitive(root, "normalizer"), e);
	if (e && e->kind)
		goto out;
	h->pre =
	    pre_new(cJSON_GetObjectItemCaseSensitive(root, "pre_tokenizer"), e);
	if (e && e->kind)
		goto out;
	rc = 0;
out:
	json_arena_free(arena);
	if (rc) {
		tok_hf_free(h);
		return NULL;
	}
	return h;
}

static void push_section(struct tok_hf *h, size_t off, size_t len, long tok)
{
	if (h->nsec == h->seccap)
		xgrow(&h->sec, &h->seccap, h->nsec + 1, sizeof(*h->sec));
	h->sec[h->nsec++] = (struct section){off, len, tok};
}

/* The longest added token at s[0..n), or -1. */
static long added_at(const struct tok_hf *h, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	for (size_t k = 0; k < h->nby_byte[c]; k++) {
		const struct added *a = &h->added[h->by_byte[c][k]];
		if (a->n <= n && !memcmp(a->s, s, a->n))
			return (long)h->by_byte[c][k];
	}
	return -1;
}

/* Cuts s into text and added-token sections, then applies lstrip/rstrip. */
static void split_added(struct tok_hf *h, const char *s, size_t n)
{
	h->nsec = 0;
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		long a = h->nby_byte[(unsigned char)s[i]]
		             ? added_at(h, s + i, n - i)
		             : -1;
		if (a < 0) {
			i++;
			continue;
		}
		if (i > start)
			push_section(h, start, i - start, -1);
		push_section(h, i, h->added[a].n, a);
		i += h->added[a].n;
		start = i;
	}
	if (start < n)
		push_section(h, start, n - start, -1);
	for (size_t i = 0; i < h->nsec; i++) {
		if (h->sec[i].tok < 0)
			continue;
		const struct added *a = &h->added[h->sec[i].tok];
		size_t k;
		if (a->lstrip && i > 0 && h->sec[i - 1].tok < 0) {
			struct section *p = &h->sec[i - 1];
			while (p->len) {
				size_t j = p->off + p->len - 1;
				while (j > p->off &&
				       ((unsigned char)s[j] & 0xC0) == 0x80)
					j--;
				if (!uni_is_space(utf8_decode(s + j, &k)))
					break;
				p->len = j - p->off;
			}
		}
		if (a->rstrip && i + 1 < h->nsec && h->sec[i + 1].tok < 0) {
			struct section *q = &h->sec[i + 1];
			while (q->len &&
			       uni_is_space(utf8_decode(s + q->off, &k))) {
				q->off += k;
				q->len -= k;
			}
		}
	}
}

static int encode_text(struct tok_hf *h, const char *s, size_t n,
                       size_t section, struct ids *out, struct err *e)
{
	if (norm_apply(h->norm, s, n, &h->normed, e))
		return -1;
	if (!h->normed.len)
		return 0;
	pieces_set(&h->pieces, h->normed.buf, h->normed.len);
	if (pre_apply(h->pre, &h->pieces, section, e))
		return -1;
	size_t from = out->n;
	for (size_t i = 0; i < h->pieces.n; i++) {
		const struct span *p = &h->pieces.v[i];
		if (bpe_encode(h->bpe, h->pieces.text.buf + p->off, p->len,
		               h->pieces.byte_level, out, e))
			return -1;
	}
	bpe_fuse_unk(h->bpe, out, from);
	return 0;
}

/* Sanitizes, splits out added tokens, then normalizes, pre-tokenizes and
 * BPE-encodes each text section. */
int tok_hf_encode(struct tok_hf *h, const char *s, size_t n, struct ids *out,
                  struct err *e)
{
	if (!utf8_valid(s, n)) {
		sbuf_reset(&h->clean);
		utf8_sanitize(s, n, &h->clean);
		s = h->clean.buf;
		n = h->clean.len;
	}
	split_added(h, s, n);
	for (size_t i = 0; i < h->nsec; i++) {
		const struct section *c = &h->sec[i];
		if (c->tok >= 0) {
			if (out->n == out->cap)
				xgrow(&out->v, &out->cap, out->n + 1,
				      sizeof(*out->v));
			out->v[out->n++] = h->added[c->tok].id;
		} else if (c->len &&
		           encode_text(h, s + c->off, c->len, i, out, e)) {
			return -1;
		}
	}
	return 0;
}
