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

/* The first or last pieces of a text, for counting seams (tok_hf_edges). */
struct win {
	char *s;
	size_t n;
	size_t edge;   /* tail: bytes of its first piece; head: of its last */
	long long cnt; /* tokens of its pieces */
	uint64_t hash;
	bool tail;
};

struct seam {
	uint64_t key; /* tail << 32 | head; 0 = empty */
	long long delta;
	bool known;
};

/* Pieces of a text whose tokens add up, with their counts. */
struct piece {
	size_t off, len;
	long long cnt;
};

/* Pieces in a head or tail window: two on each side of a seam. */
#define SEAM_K 2
/* Windows are kept for the life of the tokenizer (units hold their ids):
 * past this many, new texts get no edges and are counted whole. */
#define WIN_MAX (1u << 21)
/* Seams cached at most; the cache is emptied when full (ids stay valid). */
#define SEAM_MAX (1u << 22)

struct tok_hf {
	bool seams; /* joining texts with "\n" changes only what seams touch */
	struct win *win;
	size_t nwin, wincap;
	uint32_t *wtab; /* open addressing: index + 1 into win */
	size_t wtcap;
	struct seam *stab;
	size_t stn, stcap;
	struct piece *pc;
	size_t npc, pccap;
	struct ids scratch;
	struct sbuf window;
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
	for (size_t i = 0; i < h->nwin; i++)
		free(h->win[i].s);
	free(h->win);
	free(h->wtab);
	free(h->stab);
	free(h->pc);
	ids_release(&h->scratch);
	sbuf_release(&h->window);
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
	h->seams = norm_seam_local(h->norm) && pre_seam_local(h->pre);
	for (size_t i = 0; i < h->nadded; i++)
		if (memchr(h->added[i].s, '\n', h->added[i].n))
			h->seams = false;
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

static void piece_push(struct tok_hf *h, size_t off, size_t len, long long cnt)
{
	if (h->npc == h->pccap)
		xgrow(&h->pc, &h->pccap, h->npc + 1, sizeof(*h->pc));
	h->pc[h->npc++] = (struct piece){off, len, cnt};
}

/*
 * Cuts normalized text t (not at the start of the input) into pieces whose
 * token counts add up to its count: its pre-tokens, each cut further where
 * no merge joins two characters (or whole, when ignore_merges makes it one
 * token). Offsets are into h->pieces.text. 1 when an unk id makes counts
 * not add up (fuse_unk), 0 when done, -1 on error.
 */
static int text_pieces(struct tok_hf *h, const char *t, size_t n,
                       struct err *e)
{
	h->npc = 0;
	pieces_set(&h->pieces, t, n);
	if (pre_apply(h->pre, &h->pieces, 1, e))
		return -1;
	bool bl = h->pieces.byte_level;
	for (size_t i = 0; i < h->pieces.n; i++) {
		size_t off = h->pieces.v[i].off, len = h->pieces.v[i].len, k;
		const char *p = h->pieces.text.buf + off;
		if (bpe_whole(h->bpe, p, len, bl) >= 0) {
			piece_push(h, off, len, 1);
			continue;
		}
		uint32_t prev = 0;
		for (size_t j = 0, start = 0; j <= len; j += k) {
			uint32_t c = 0;
			k = 1;
			if (j < len)
				c = bl ? bpe_byte_cp(h->bpe, (unsigned char)p[j])
				       : utf8_decode(p + j, &k);
			if (j > start &&
			    (j == len || !bpe_joined(h->bpe, prev, c))) {
				size_t from = h->scratch.n = 0;
				if (bpe_encode_part(h->bpe, p + start, j - start,
				                    bl, &h->scratch, e))
					return -1;
				if (bpe_has_unk(h->bpe, &h->scratch, from))
					return 1;
				piece_push(h, off + start, j - start,
				           (long long)h->scratch.n);
				start = j;
			}
			prev = c;
		}
	}
	return 0;
}

static uint64_t hash_win(const char *s, size_t n, bool tail)
{
	uint64_t x = 0xcbf29ce484222325ull ^ tail;
	for (size_t i = 0; i < n; i++)
		x = (x ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return x ? x : 1;
}

/* The id (1 + index) of window w, added when new (w.s is copied). */
static uint32_t intern(struct tok_hf *h, const struct win *w)
{
	if ((h->nwin + 1) * 2 > h->wtcap) {
		size_t cap = h->wtcap ? h->wtcap * 2 : 1024;
		free(h->wtab);
		h->wtab = xcalloc(cap, sizeof(*h->wtab));
		h->wtcap = cap;
		for (size_t i = 0; i < h->nwin; i++) {
			size_t j = h->win[i].hash & (cap - 1);
			while (h->wtab[j])
				j = (j + 1) & (cap - 1);
			h->wtab[j] = (uint32_t)i + 1;
		}
	}
	size_t j = w->hash & (h->wtcap - 1);
	for (; h->wtab[j]; j = (j + 1) & (h->wtcap - 1)) {
		const struct win *x = &h->win[h->wtab[j] - 1];
		if (x->hash == w->hash && x->tail == w->tail && x->n == w->n &&
		    !memcmp(x->s, w->s, w->n))
			return h->wtab[j];
	}
	if (h->nwin == h->wincap)
		xgrow(&h->win, &h->wincap, h->nwin + 1, sizeof(*h->win));
	struct win *x = &h->win[h->nwin++];
	*x = *w;
	x->s = xmalloc(w->n + 1);
	memcpy(x->s, w->s, w->n);
	return h->wtab[j] = (uint32_t)h->nwin;
}

/* Pieces first..first+k of h->pc as a window. */
static uint32_t window(struct tok_hf *h, size_t first, bool tail)
{
	const struct piece *a = &h->pc[first], *b = &h->pc[first + SEAM_K - 1];
	struct win w = {h->pieces.text.buf + a->off, b->off + b->len - a->off,
	                tail ? a->len : b->len, 0, 0, tail};
	for (size_t i = 0; i < SEAM_K; i++)
		w.cnt += h->pc[first + i].cnt;
	w.hash = hash_win(w.s, w.n, tail);
	return intern(h, &w);
}

/* The count of s as tok_hf_encode gives it. */
static int whole_count(struct tok_hf *h, const char *s, size_t n,
                       long long *count, struct err *e)
{
	h->scratch.n = 0;
	if (tok_hf_encode(h, s, n, &h->scratch, e))
		return -1;
	*count = (long long)h->scratch.n;
	return 0;
}

/*
 * Without a Prepend a text counts the same at the start and elsewhere, and
 * the sum of its pieces' counts is its count, so the pieces alone serve.
 */
int tok_hf_edges(struct tok_hf *h, const char *s, size_t n, long long *count,
                 long long *mid, uint32_t *head, uint32_t *tail, struct err *e)
{
	*head = *tail = 0;
	bool prepend = norm_has_prepend(h->norm);
	if (!h->seams || prepend || !utf8_valid(s, n)) {
		if (whole_count(h, s, n, count, e))
			return -1;
		*mid = *count;
		if (!h->seams || !utf8_valid(s, n) ||
		    bpe_has_unk(h->bpe, &h->scratch, 0))
			return 0;
	}
	split_added(h, s, n);
	int rc = 1;
	if (h->nsec == 1 && h->sec[0].tok < 0 && h->sec[0].len == n) {
		if (norm_apply_mid(h->norm, s, n, &h->normed, e))
			return -1;
		rc = text_pieces(h, h->normed.buf, h->normed.len, e);
		if (rc < 0)
			return -1;
	}
	long long sum = 0;
	for (size_t i = 0; !rc && i < h->npc; i++)
		sum += h->pc[i].cnt;
	if (!prepend) { /* *count was not taken above */
		if (rc && whole_count(h, s, n, count, e))
			return -1;
		*mid = *count = rc ? *count : sum;
	}
	if (rc || h->npc < 2 * SEAM_K + 1 || h->nwin + 2 > WIN_MAX)
		return 0;
	*mid = sum;
	*head = window(h, 0, false);
	*tail = window(h, h->npc - SEAM_K, true);
	return 0;
}

static struct seam *seam_slot(struct tok_hf *h, uint64_t key)
{
	size_t mask = h->stcap - 1;
	for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;;
	     i = (i + 1) & mask)
		if (h->stab[i].key == key || !h->stab[i].key)
			return &h->stab[i];
}

/* Computes the seam of windows tail "\n" head: pieces of the joined text
 * must begin and end with the windows' outer pieces. */
static int seam_compute(struct tok_hf *h, const struct win *t,
                        const struct win *hd, struct seam *out, struct err *e)
{
	sbuf_reset(&h->window);
	sbuf_add(&h->window, t->s, t->n);
	sbuf_addch(&h->window, '\n');
	sbuf_add(&h->window, hd->s, hd->n);
	int rc = text_pieces(h, h->window.buf, h->window.len, e);
	if (rc < 0)
		return -1;
	out->known = false;
	if (rc || h->npc < 2)
		return 0;
	const struct piece *a = &h->pc[0], *b = &h->pc[h->npc - 1];
	if (a->off != 0 || a->len != t->edge || b->len != hd->edge ||
	    b->off + b->len != h->pieces.text.len)
		return 0;
	long long total = 0;
	for (size_t i = 0; i < h->npc; i++)
		total += h->pc[i].cnt;
	out->delta = total - t->cnt - hd->cnt;
	out->known = true;
	return 0;
}

int tok_hf_seam(struct tok_hf *h, uint32_t tail, uint32_t head,
                long long *delta, struct err *e)
{
	if (!tail || !head || tail > h->nwin || head > h->nwin)
		return 0;
	if (h->stn >= SEAM_MAX) {
		memset(h->stab, 0, h->stcap * sizeof(*h->stab));
		h->stn = 0;
	}
	if ((h->stn + 1) * 2 > h->stcap) {
		struct seam *old = h->stab;
		size_t oldcap = h->stcap;
		h->stcap = oldcap ? oldcap * 2 : 4096;
		h->stab = xcalloc(h->stcap, sizeof(*h->stab));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key)
				*seam_slot(h, old[i].key) = old[i];
		free(old);
	}
	uint64_t key = (uint64_t)tail << 32 | head;
	struct seam *x = seam_slot(h, key);
	if (!x->key) {
		struct seam v = {key, 0, false};
		if (seam_compute(h, &h->win[tail - 1], &h->win[head - 1], &v, e))
			return -1;
		x = seam_slot(h, key); /* text_pieces does not touch stab */
		*x = v;
		h->stn++;
	}
	*delta = x->delta;
	return x->known;
}
