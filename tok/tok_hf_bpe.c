/* BPE: vocabulary and merges in hash maps, a heap-driven merge loop, a word
 * cache. */
#include "tok/tok_hf_bpe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "tok/tok.h"
#include "tok/tok_hf_pre.h"

#define SMAP_INLINE 16

/*
 * Open-addressing map from byte strings to a value pair. Keys of up to 16
 * bytes live in the slot itself, so a lookup costs one cache miss; longer
 * ones live in an arena.
 */
struct smap_ent {
	uint32_t hash; /* 0 = empty slot */
	uint32_t len;
	uint32_t a, b;
	union {
		char in[SMAP_INLINE];
		uint32_t off;
	} k;
};

struct smap {
	struct smap_ent *t;
	size_t cap, n; /* cap is a power of two */
	char *arena;
	size_t alen, acap;
};

/* Map from a pair of ids to (rank, merged id). */
struct pmap_ent {
	uint64_t key; /* (left << 32 | right) + 1; 0 = empty */
	uint32_t rank, id;
};

struct bpe {
	struct smap vocab;       /* token -> (id, -) */
	struct pmap_ent *merges; /* pair -> rank, id */
	size_t mcap;
	uint32_t size;     /* largest id + 1 */
	long byte_id[256]; /* GPT-2 byte alphabet char -> id */
	long fb_id[256];   /* "<0xXX>" -> id */
	long unk;          /* -1 when none */
	bool byte_fallback, fuse_unk, ignore_merges;
	struct smap cache;  /* raw pre-token -> (offset, count) in cpool */
	struct smap scache; /* segment of a long pre-token -> the same */
	/* adjacent code points that some merge joins: (left << 21 | right) + 1 */
	uint64_t *joins;
	size_t jcap;
	uint32_t byte_cp[256]; /* GPT-2 alphabet code point of each byte */
	uint32_t *cpool;
	size_t cn, ccap;
	/* merge-loop scratch */
	struct sym *sym;
	size_t symcap;
	struct hent *heap;
	size_t hn, hcap;
	char *mapped;
	size_t mcapb;
};

struct sym {
	long id;           /* -1: not in the vocabulary (never merges) */
	uint32_t off, len; /* bytes of the symbol in the pre-token */
	int32_t prev, next;
};

struct hent {
	uint32_t rank, pos, right;
	long lid, rid, nid;
};

#define CACHE_MAX_ENTRIES (1u << 17)
#define CACHE_MAX_IDS (1u << 22)
#define CACHE_MAX_WORD 256

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 29;
	return (uint32_t)h ? (uint32_t)h : 1;
}

static void smap_release(struct smap *m)
{
	free(m->t);
	free(m->arena);
	memset(m, 0, sizeof(*m));
}

static const char *smap_key(const struct smap *m, const struct smap_ent *x)
{
	return x->len <= SMAP_INLINE ? x->k.in : m->arena + x->k.off;
}

static struct smap_ent *smap_slot(const struct smap *m, const char *s, size_t n,
                                  uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (h * 0x9E3779B1u) & mask;; i = (i + 1) & mask) {
		struct smap_ent *x = &m->t[i];
		if (!x->hash || (x->hash == h && x->len == n &&
		                 !memcmp(smap_key(m, x), s, n)))
			return x;
	}
}

/* Moves the entries into a new table of cap slots (a power of two). */
static void smap_resize(struct smap *m, size_t cap)
{
	struct smap old = *m;
	m->cap = cap;
	m->t = xcalloc(m->cap, sizeof(*m->t));
	xadvise_huge(m->t, m->cap * sizeof(*m->t));
	for (size_t i = 0; i < old.cap; i++) {
		struct smap_ent *x = &old.t[i];
		if (!x->hash)
			continue;
		size_t mask = m->cap - 1, j = (x->hash * 0x9E3779B1u) & mask;
		while (m->t[j].hash)
			j = (j + 1) & mask;
		m->t[j] = *x;
	}
	free(old.t);
}

static void smap_grow(struct smap *m)
{
	smap_resize(m, m->cap ? m->cap * 2 : 1024);
}

/* Sizes the map for n keys and key arena for bytes, in one step each. */
static void smap_reserve(struct smap *m, size_t n, size_t bytes)
{
	size_t cap = m->cap ? m->cap : 1024;
	while (cap * 3 < n * 4)
		cap *= 2;
	if (cap != m->cap)
		smap_resize(m, cap);
	xgrow(&m->arena, &m->acap, bytes, 1);
}

/* Finds or inserts s, whose hash is h. */
static struct smap_ent *smap_put_h(struct smap *m, const char *s, size_t n,
                                   uint32_t h)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		smap_grow(m);
	struct smap_ent *x = smap_slot(m, s, n, h);
	if (x->hash)
		return x;
	x->hash = h;
	x->len = (uint32_t)n;
	m->n++;
	if (n <= SMAP_INLINE) {
		memcpy(x->k.in, s, n);
		return x;
	}
	xgrow(&m->arena, &m->acap, m->alen + n + 1, 1);
	memcpy(m->arena + m->alen, s, n);
	x->k.off = (uint32_t)m->alen;
	m->alen += n;
	return x;
}

/* Finds or inserts s; *found tells which. */
static struct smap_ent *smap_put(struct smap *m, const char *s, size_t n,
                                 bool *found)
{
	size_t before = m->n;
	struct smap_ent *x = smap_put_h(m, s, n, hash_bytes(s, n));
	*found = m->n == before;
	return x;
}

static const struct smap_ent *smap_get(const struct smap *m, const char *s,
                                       size_t n)
{
	if (!m->cap)
		return NULL;
	const struct smap_ent *x = smap_slot(m, s, n, hash_bytes(s, n));
	return x->hash ? x : NULL;
}

static void smap_clear(struct smap *m)
{
	if (m->t)
		memset(m->t, 0, m->cap * sizeof(*m->t));
	m->n = 0;
	m->alen = 0;
}

/* GPT-2 alphabet: printable Latin-1 bytes stand for themselves, the others for
 * U+0100 upwards. */
size_t bpe_byte_char(unsigned char c, char buf[2])
{
	unsigned cp = c;
	bool printable =
	    (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE);
	if (!printable) {
		/* the unprintable bytes take 256, 257, ... in byte order */
		unsigned k = 0;
		for (unsigned b = 0; b < c; b++)
			if (!((b >= '!' && b <= '~') ||
			      (b >= 0xA1 && b <= 0xAC) || b >= 0xAE))
				k++;
		cp = 256 + k;
	}
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	buf[0] = (char)(0xC0 | (cp >> 6));
	buf[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

static struct pmap_ent *pmap_slot_start(struct pmap_ent *t, size_t cap,
                                        uint64_t key)
{
	return &t[((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1)];
}

static struct pmap_ent *pmap_slot(struct pmap_ent *t, size_t cap, uint64_t key)
{
	size_t mask = cap - 1;
	for (size_t i = (size_t)(pmap_slot_start(t, cap, key) - t);;
	     i = (i + 1) & mask)
		if (t[i].key == key || !t[i].key)
			return &t[i];
}

static const struct pmap_ent *pmap_get(const struct bpe *b, long l, long r)
{
	if (!b->mcap || l < 0 || r < 0)
		return NULL;
	uint64_t key = ((uint64_t)l << 32 | (uint64_t)r) + 1;
	const struct pmap_ent *x = pmap_slot(b->merges, b->mcap, key);
	return x->key ? x : NULL;
}

/* One hash lookup in the vocabulary (added tokens included). */
long bpe_lookup(const struct bpe *b, const char *s, size_t n)
{
	const struct smap_ent *x = smap_get(&b->vocab, s, n);
	return x ? (long)x->a : -1;
}

/* Added tokens are part of the vocabulary lookups, as in the reference. */
void bpe_add_token(struct bpe *b, const char *s, size_t n, uint32_t id)
{
	bool found;
	struct smap_ent *x = smap_put(&b->vocab, s, n, &found);
	x->a = id;
	if (id >= b->size)
		b->size = id + 1;
}

#define MERGE_BATCH 16

static void prefetch_slot(const struct smap *m, uint32_t h)
{
	__builtin_prefetch(&m->t[(h * 0x9E3779B1u) & (m->cap - 1)]);
}


/* Inserts the vocabulary in batches, prefetching the slots first (load time).
 */
static int load_vocab(struct bpe *b, const cJSON *vocab, struct err *e)
{
	if (!cJSON_IsObject(vocab))
		return err_set(e, ERR_INPUT,
		               "model.vocab is missing or not an object");
	smap_reserve(&b->vocab, (size_t)cJSON_GetArraySize(vocab) + 1024,
	             65536);
	const cJSON *batch[MERGE_BATCH];
	size_t len[MERGE_BATCH];
	uint32_t h[MERGE_BATCH];
	for (const cJSON *v = vocab->child; v;) {
		size_t k = 0;
		for (; v && k < MERGE_BATCH; v = v->next, k++) {
			double d = v->valuedouble;
			if (!cJSON_IsNumber(v) || d < 0 || d >= 1 << 30 ||
			    d != (uint32_t)d)
				return err_set(
				    e, ERR_INPUT,
				    "model.vocab: id of token '%.60s' is not "
				    "an integer in [0, 2^30)",
				    v->string);
			batch[k] = v;
			len[k] = strlen(v->string);
			h[k] = hash_bytes(v->string, len[k]);
			prefetch_slot(&b->vocab, h[k]);
		}
		for (size_t j = 0; j < k; j++) {
			uint32_t id = (uint32_t)batch[j]->valuedouble;
			smap_put_h(&b->vocab, batch[j]->string, len[j], h[j])
			    ->a = id;
			if (id >= b->size)
				b->size = id + 1;
		}
	}
	return 0;
}

/* Splits one merge ("a b" or ["a", "b"]) into its two halves. */
static int merge_parts(const cJSON *m, const char **l, size_t *ln,
                       const char **r, size_t *rn)
{
	if (cJSON_IsString(m)) {
		const char *s = m->valuestring, *sp = strchr(s, ' ');
		if (!sp)
			return -1;
		*l = s;
		*ln = (size_t)(sp - s);
		*r = sp + 1;
		const char *sp2 = strchr(*r, ' ');
		*rn = sp2 ? (size_t)(sp2 - *r) : strlen(*r);
		return 0;
	}
	if (cJSON_GetArraySize(m) != 2 || !cJSON_IsString(m->child) ||
	    !cJSON_IsString(m->child->next))
		return -1;
	*l = m->child->valuestring;
	*ln = strlen(*l);
	*r = m->child->next->valuestring;
	*rn = strlen(*r);
	return 0;
}

/* One merge being resolved: its halves, their concatenation and hashes. */
struct mrg {
	const char *l, *r;
	size_t ln, rn;
	uint32_t h[3];
	uint64_t key;
	uint32_t id;
};

static long lookup_h(const struct bpe *b, const char *s, size_t n, uint32_t h)
{
	const struct smap_ent *x = smap_slot(&b->vocab, s, n, h);
	return x->hash ? (long)x->a : -1;
}

/* Looks up the three ids of merge g; fills e when one is missing. */
static int merge_ids(struct bpe *b, struct mrg *g, const char *cat, size_t rank,
                     struct err *e)
{
	long li = lookup_h(b, g->l, g->ln, g->h[0]);
	long ri = lookup_h(b, g->r, g->rn, g->h[1]);
	long ni = lookup_h(b, cat, g->ln + g->rn, g->h[2]);
	if (li < 0 || ri < 0 || ni < 0)
		return err_set(e, ERR_INPUT,
		               "model.merges[%zu] '%.*s' + '%.*s': %s is not "
		               "in the vocabulary",
		               rank, (int)g->ln, g->l, (int)g->rn, g->r,
		               li < 0   ? "the left part"
		               : ri < 0 ? "the right part"
		                        : "the merged token");
	g->key = ((uint64_t)li << 32 | (uint64_t)ri) + 1;
	g->id = (uint32_t)ni;
	__builtin_prefetch(pmap_slot_start(b->merges, b->mcap, g->key));
	return 0;
}

static void add_merge(struct bpe *b, const struct mrg *g, size_t rank)
{
	struct pmap_ent *x = pmap_slot(b->merges, b->mcap, g->key);
	/* a repeated pair keeps its last rank, as the reference's Map does */
	x->key = g->key;
	x->rank = (uint32_t)rank;
	x->id = g->id;
}

static uint64_t *join_slot(uint64_t *t, size_t cap, uint64_t key)
{
	size_t mask = cap - 1;
	for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 24) & mask;;
	     i = (i + 1) & mask)
		if (t[i] == key || !t[i])
			return &t[i];
}

static uint64_t join_key(uint32_t l, uint32_t r)
{
	return ((uint64_t)l << 21 | r) + 1;
}

/* Last code point of s[0..n) (valid UTF-8, n > 0). */
static uint32_t last_cp(const char *s, size_t n)
{
	size_t i = n - 1, k;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return utf8_decode(s + i, &k);
}

/*
 * A merge joins the last character of its left part to the first of its
 * right part; the characters inside each part were joined by earlier merges.
 * So two adjacent characters that no merge joins are never in one token.
 */
static void add_join(struct bpe *b, const struct mrg *g)
{
	size_t k;
	/* a part that is not valid UTF-8 never meets valid text */
	if (!g->ln || !g->rn || !utf8_valid(g->l, g->ln) ||
	    !utf8_valid(g->r, g->rn))
		return;
	uint64_t key = join_key(last_cp(g->l, g->ln), utf8_decode(g->r, &k));
	*join_slot(b->joins, b->jcap, key) = key;
}

bool bpe_joined(const struct bpe *b, uint32_t l, uint32_t r)
{
	uint64_t key = join_key(l, r);
	return *join_slot(b->joins, b->jcap, key) == key;
}

/*
 * Resolves merges in batches: hash and prefetch the table slots of a batch
 * first, then look them up, so the cache misses overlap (load time).
 */
static int load_merges(struct bpe *b, const cJSON *merges, struct err *e)
{
	if (!cJSON_IsArray(merges))
		return err_set(e, ERR_INPUT,
		               "model.merges is missing or not an array");
	size_t n = (size_t)cJSON_GetArraySize(merges);
	b->mcap = 1024;
	while (b->mcap * 3 < n * 4)
		b->mcap *= 2;
	b->jcap = b->mcap;
	b->joins = xcalloc(b->jcap, sizeof(*b->joins));
	b->merges = xcalloc(b->mcap, sizeof(*b->merges));
	xadvise_huge(b->merges, b->mcap * sizeof(*b->merges));
	struct mrg g[MERGE_BATCH];
	char *cat = NULL;
	size_t catcap = 0, rank = 0;
	const cJSON *m = merges->child;
	int rc = 0;
	while (m && !rc) {
		size_t k = 0, used = 0;
		for (; m && k < MERGE_BATCH; m = m->next, k++) {
			struct mrg *x = &g[k];
			if (merge_parts(m, &x->l, &x->ln, &x->r, &x->rn)) {
				rc = err_set(e, ERR_INPUT,
				             "model.merges[%zu] is not \"A B\" "
				             "or [\"A\", \"B\"]",
				             rank + k);
				break;
			}
			xgrow(&cat, &catcap, used + x->ln + x->rn + 1, 1);
			memcpy(cat + used, x->l, x->ln);
			memcpy(cat + used + x->ln, x->r, x->rn);
			x->h[0] = hash_bytes(x->l, x->ln);
			x->h[1] = hash_bytes(x->r, x->rn);
			x->h[2] = hash_bytes(cat + used, x->ln + x->rn);
			for (int j = 0; j < 3; j++)
				prefetch_slot(&b->vocab, x->h[j]);
			used += x->ln + x->rn;
		}
		used = 0;
		for (size_t j = 0; j < k && !rc; j++) {
			rc = merge_ids(b, &g[j], cat + used, rank + j, e);
			used += g[j].ln + g[j].rn;
		}
		for (size_t j = 0; j < k && !rc; j++) {
			add_merge(b, &g[j], rank + j);
			add_join(b, &g[j]);
		}
		rank += k;
	}
	free(cat);
	return rc;
}

static int check_options(const cJSON *model, struct err *e)
{
	const char *type = json_str(model, "type");
	if (type && strcmp(type, "BPE"))
		return err_set(
		    e, ERR_INPUT,
		    "unsupported model type '%s' (only BPE is implemented)",
		    type);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(model, "dropout");
	if (d && !cJSON_IsNull(d) &&
	    !(cJSON_IsNumber(d) && d->valuedouble == 0))
		return err_set(e, ERR_INPUT,
		               "unsupported BPE option 'dropout'");
	static const char *const strs[] = {"continuing_subword_prefix",
	                                   "end_of_word_suffix"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = json_str(model, strs[i]);
		if (v && *v)
			return err_set(e, ERR_INPUT,
			               "unsupported BPE option '%s'", strs[i]);
	}
	return 0;
}

static void find_special_ids(struct bpe *b, const cJSON *model)
{
	for (unsigned c = 0; c < 256; c++) {
		char buf[8];
		size_t n = bpe_byte_char((unsigned char)c, buf);
		b->byte_id[c] = bpe_lookup(b, buf, n);
		static const char hex[] = "0123456789ABCDEF";
		char fb[6] = {'<', '0', 'x', hex[c >> 4], hex[c & 15], '>'};
		b->fb_id[c] = bpe_lookup(b, fb, 6);
		size_t k;
		b->byte_cp[c] = utf8_decode(buf, &k);
	}
	const char *unk = json_str(model, "unk_token");
	b->unk = unk ? bpe_lookup(b, unk, strlen(unk)) : -1;
}

/* Vocabulary first: the merges are resolved to ids against it. */
struct bpe *bpe_new(const cJSON *model, struct err *e)
{
	if (!cJSON_IsObject(model)) {
		err_set(e, ERR_INPUT, "'model' is missing or not an object");
		return NULL;
	}
	struct bpe *b = xcalloc(1, sizeof(*b));
	if (check_options(model, e) ||
	    load_vocab(b, cJSON_GetObjectItemCaseSensitive(model, "vocab"),
	               e) ||
	    load_merges(b, cJSON_GetObjectItemCaseSensitive(model, "merges"),
	                e)) {
		bpe_free(b);
		return NULL;
	}
	b->byte_fallback = json_bool(model, "byte_fallback", false);
	b->fuse_unk = json_bool(model, "fuse_unk", false);
	b->ignore_merges = json_bool(model, "ignore_merges", false);
	find_special_ids(b, model);
	return b;
}

/* Frees the maps, the cache and the scratch arrays. */
void bpe_free(struct bpe *b)
{
	if (!b)
		return;
	smap_release(&b->vocab);
	smap_release(&b->cache);
	smap_release(&b->scache);
	free(b->joins);
	free(b->merges);
	free(b->cpool);
	free(b->sym);
	free(b->heap);
	free(b->mapped);
	free(b);
}

static void ids_push(struct ids *out, uint32_t id)
{
	if (out->n == out->cap)
		xgrow(&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = id;
}

static bool hent_less(const struct hent *a, const struct hent *b)
{
	return a->rank != b->rank ? a->rank < b->rank : a->pos < b->pos;
}

static void heap_push(struct bpe *b, const struct hent *h)
{
	if (b->hn == b->hcap)
		xgrow(&b->heap, &b->hcap, b->hn + 1, sizeof(*b->heap));
	size_t i = b->hn++;
	while (i > 0 && hent_less(h, &b->heap[(i - 1) / 2])) {
		b->heap[i] = b->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	b->heap[i] = *h;
}

static struct hent heap_pop(struct bpe *b)
{
	struct hent top = b->heap[0], last = b->heap[--b->hn];
	size_t i = 0, n = b->hn;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && hent_less(&b->heap[c + 1], &b->heap[c]))
			c++;
		if (!hent_less(&b->heap[c], &last))
			break;
		b->heap[i] = b->heap[c];
		i = c;
	}
	if (n)
		b->heap[i] = last;
	return top;
}

/* Queues the pair starting at symbol l, if the merges know it. */
static void queue_pair(struct bpe *b, int32_t l)
{
	if (l < 0 || b->sym[l].next < 0)
		return;
	int32_t r = b->sym[l].next;
	const struct pmap_ent *m = pmap_get(b, b->sym[l].id, b->sym[r].id);
	if (!m)
		return;
	struct hent h = {m->rank,      (uint32_t)l,  (uint32_t)r,
	                 b->sym[l].id, b->sym[r].id, (long)m->id};
	heap_push(b, &h);
}

/*
 * Lowest rank first, leftmost first among equal ranks: the order of the
 * reference's priority queue (rank + position / length).
 */
static void merge_loop(struct bpe *b, size_t n)
{
	b->hn = 0;
	for (size_t i = 0; i + 1 < n; i++)
		queue_pair(b, (int32_t)i);
	while (b->hn) {
		struct hent h = heap_pop(b);
		struct sym *l = &b->sym[h.pos], *r = &b->sym[h.right];
		if (l->next != (int32_t)h.right || l->id != h.lid ||
		    r->id != h.rid)
			continue;
		l->id = h.nid;
		l->len += r->len;
		l->next = r->next;
		r->id = -2; /* dead */
		if (l->next >= 0)
			b->sym[l->next].prev = (int32_t)h.pos;
		queue_pair(b, l->prev);
		queue_pair(b, (int32_t)h.pos);
	}
}

static int emit_unknown(struct bpe *b, const char *s, const struct sym *y,
                        bool byte_level, struct ids *out, struct err *e)
{
	char buf[16];
	size_t n = y->len;
	const unsigned char *p = (const unsigned char *)s + y->off;
	if (byte_level) /* the symbol stands for the alphabet char of one byte
	                 */
		n = bpe_byte_char(p[0], buf);
	else
		memcpy(buf, p, n < sizeof(buf) ? n : sizeof(buf));
	bool all = b->byte_fallback;
	for (size_t i = 0; all && i < n; i++)
		all = b->fb_id[(unsigned char)buf[i]] >= 0;
	if (all) {
		for (size_t i = 0; i < n; i++)
			ids_push(out,
			         (uint32_t)b->fb_id[(unsigned char)buf[i]]);
		return 0;
	}
	if (b->unk < 0)
		return err_set(e, ERR_INPUT,
		               "'%.*s' is not in the vocabulary and the "
		               "tokenizer has no unk_token",
		               (int)y->len, (const char *)p);
	ids_push(out, (uint32_t)b->unk);
	return 0;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Splits s into initial symbols; returns their number. */
static size_t init_symbols(struct bpe *b, const char *s, size_t n,
                           bool byte_level)
{
	if (b->symcap < n)
		xgrow(&b->sym, &b->symcap, n, sizeof(*b->sym));
	size_t k = 0;
	for (size_t i = 0; i < n; k++) {
		size_t len = byte_level ? 1 : utf8_len((unsigned char)s[i]);
		if (i + len > n)
			len = n - i;
		struct sym *y = &b->sym[k];
		y->id = byte_level ? b->byte_id[(unsigned char)s[i]]
		                   : bpe_lookup(b, s + i, len);
		y->off = (uint32_t)i;
		y->len = (uint32_t)len;
		y->prev = (int32_t)k - 1;
		y->next = (int32_t)k + 1;
		i += len;
	}
	if (k)
		b->sym[k - 1].next = -1;
	return k;
}

/* The whole pre-token as one vocabulary token (ignore_merges), or -1. */
static long whole_word(struct bpe *b, const char *s, size_t n, bool byte_level)
{
	if (!byte_level)
		return bpe_lookup(b, s, n);
	if (b->mcapb < 2 * n)
		xgrow(&b->mapped, &b->mcapb, 2 * n, 1);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += bpe_byte_char((unsigned char)s[i], b->mapped + m);
	return bpe_lookup(b, b->mapped, m);
}

/* The merge loop over s[0..n), without the whole-word lookup. */
static int merge_word(struct bpe *b, const char *s, size_t n, bool byte_level,
                      struct ids *out, struct err *e)
{
	size_t k = init_symbols(b, s, n, byte_level);
	merge_loop(b, k);
	for (int32_t i = k ? 0 : -1; i >= 0; i = b->sym[i].next) {
		if (b->sym[i].id >= 0)
			ids_push(out, (uint32_t)b->sym[i].id);
		else if (emit_unknown(b, s, &b->sym[i], byte_level, out, e))
			return -1;
	}
	return 0;
}

/* A word: one vocabulary token when ignore_merges says so, else merged. */
static int encode_word(struct bpe *b, const char *s, size_t n, bool byte_level,
                       struct ids *out, struct err *e)
{
	long whole = b->ignore_merges ? whole_word(b, s, n, byte_level) : -1;
	if (whole >= 0) {
		ids_push(out, (uint32_t)whole);
		return 0;
	}
	return merge_word(b, s, n, byte_level, out, e);
}

/*
 * Looks s[0..n) up in cache c, else encodes it (as a whole word, or as a
 * segment of one) and stores the ids of short ones. Both caches share one
 * pool of ids, so they are emptied together.
 */
static int cached(struct bpe *b, struct smap *c, const char *s, size_t n,
                  bool byte_level, bool word, struct ids *out, struct err *e)
{
	bool cacheable = n < CACHE_MAX_WORD;
	if (cacheable) {
		const struct smap_ent *x = smap_get(c, s, n);
		if (x) {
			for (uint32_t i = 0; i < x->b; i++)
				ids_push(out, b->cpool[x->a + i]);
			return 0;
		}
	}
	size_t from = out->n;
	if ((word ? encode_word : merge_word)(b, s, n, byte_level, out, e))
		return -1;
	if (!cacheable)
		return 0;
	size_t cnt = out->n - from;
	if (b->cache.n + b->scache.n >= CACHE_MAX_ENTRIES ||
	    b->cn + cnt > CACHE_MAX_IDS) {
		smap_clear(&b->cache);
		smap_clear(&b->scache);
		b->cn = 0;
	}
	bool found;
	struct smap_ent *x = smap_put(c, s, n, &found);
	xgrow(&b->cpool, &b->ccap, b->cn + cnt, sizeof(*b->cpool));
	memcpy(b->cpool + b->cn, out->v + from, cnt * sizeof(*b->cpool));
	x->a = (uint32_t)b->cn;
	x->b = (uint32_t)cnt;
	b->cn += cnt;
	return 0;
}

/*
 * A long pre-token (a whole SentencePiece-style text has no pre-tokenizer
 * split) is cut between adjacent characters that no merge joins: no token
 * spans such a cut, and merges on either side never meet, so each segment
 * merges on its own to the same ids, in time linear in the text, and
 * repeated words come from the cache.
 */
static int encode_segments(struct bpe *b, const char *s, size_t n,
                           bool byte_level, struct ids *out, struct err *e)
{
	size_t start = 0, k;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; i += k) {
		uint32_t c;
		if (byte_level) {
			c = b->byte_cp[(unsigned char)s[i]];
			k = 1;
		} else {
			c = utf8_decode(s + i, &k);
		}
		if (i > start && !bpe_joined(b, prev, c)) {
			if (cached(b, &b->scache, s + start, i - start,
			           byte_level, false, out, e))
				return -1;
			start = i;
		}
		prev = c;
	}
	return cached(b, &b->scache, s + start, n - start, byte_level, false,
	              out, e);
}

#define SEGMENT_MIN 64

uint32_t bpe_byte_cp(const struct bpe *b, unsigned char c)
{
	return b->byte_cp[c];
}

long bpe_whole(struct bpe *b, const char *s, size_t n, bool byte_level)
{
	return b->ignore_merges && n ? whole_word(b, s, n, byte_level) : -1;
}

int bpe_encode_part(struct bpe *b, const char *s, size_t n, bool byte_level,
                    struct ids *out, struct err *e)
{
	if (!n)
		return 0;
	if (n > INT32_MAX)
		return err_set(
		    e, ERR_INPUT,
		    "a pre-token of %zu bytes is too long (at most 2 GiB)", n);
	return cached(b, &b->scache, s, n, byte_level, false, out, e);
}

bool bpe_has_unk(const struct bpe *b, const struct ids *ids, size_t from)
{
	for (size_t i = from; b->unk >= 0 && i < ids->n; i++)
		if (ids->v[i] == (uint32_t)b->unk)
			return true;
	return false;
}

/* Word cache first; a miss runs the merge loop. */
int bpe_encode(struct bpe *b, const char *s, size_t n, bool byte_level,
               struct ids *out, struct err *e)
{
	if (!n)
		return 0;
	if (n > INT32_MAX) /* symbol links are 32-bit */
		return err_set(
		    e, ERR_INPUT,
		    "a pre-token of %zu bytes is too long (at most 2 GiB)", n);
	if (n < SEGMENT_MIN)
		return cached(b, &b->cache, s, n, byte_level, true, out, e);
	long whole = b->ignore_merges ? whole_word(b, s, n, byte_level) : -1;
	if (whole >= 0) {
		ids_push(out, (uint32_t)whole);
		return 0;
	}
	return encode_segments(b, s, n, byte_level, out, e);
}

/* Keeps the first unk id of each run. */
void bpe_fuse_unk(const struct bpe *b, struct ids *out, size_t from)
{
	if (!b->fuse_unk || b->unk < 0)
		return;
	size_t w = from;
	for (size_t i = from; i < out->n; i++) {
		uint32_t id = out->v[i];
		if (id == (uint32_t)b->unk && w > from &&
		    out->v[w - 1] == (uint32_t)b->unk)
			continue;
		out->v[w++] = id;
	}
	out->n = w;
}
