/* Position probes: evidence, unambiguous key, budget fill, placement. */
#include "probe/probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/place.h"
#include "probe/probe_src.h"
#include "tok/tok.h"

/* Evidence candidates tried per sample before giving up on a unique key. */
#define MAX_EVIDENCE 64

static const char *const task_names[] = {"entity", "sentence", "function",
                                         "kv"};

/* How each task frames its units (see struct probe_frame). */
static const struct probe_frame frames[] = {
    [PROBE_ENTITY] = {"", "\n", ""},
    [PROBE_SENTENCE] = {"", "\n", ""},
    [PROBE_FUNCTION] = {"", "\n\n", "\n"},
    [PROBE_KV] = {"{\n", ",\n", "\n}"},
};

/* One sample: its evidence, key and distractors, the same at every depth. */
struct sample {
	long long k; /* 0 before the first sample */
	const struct probe_item *ev;
	const struct probe_item **dis;
	size_t m, cap;
	char *key;
	const char *answer;
};

struct probe {
	struct probe_opts o;
	struct tok *tok;
	struct probe_src *src;
	struct sample s;
	struct sbuf scratch;
};

int probe_length_check(long long length, struct err *e)
{
	if (length <= PROBE_MAX_LENGTH)
		return 0;
	return err_set(e, ERR_USAGE,
	               "--length %lld cannot be met: the largest probe "
	               "length is %lld (4m)",
	               length, PROBE_MAX_LENGTH);
}

int probe_task_parse(const char *s, enum probe_task *t, struct err *e)
{
	for (size_t i = 0; i < sizeof(task_names) / sizeof(*task_names); i++) {
		if (!strcmp(s, task_names[i])) {
			*t = (enum probe_task)i;
			return 0;
		}
	}
	return err_set(e, ERR_USAGE,
	               "unknown task '%s' (use entity, sentence, "
	               "function or kv)",
	               s);
}

const char *probe_task_name(enum probe_task t)
{
	return task_names[t];
}

const struct probe_frame *probe_task_frame(enum probe_task t)
{
	return &frames[t];
}

/* Two depths with one name would give two instances one id. */
static int check_distinct(const double *d, size_t n, struct err *e)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct placement pi = {PLACE_DEPTH, d[i]};
		sbuf_reset(&a);
		place_name(&pi, &a);
		for (size_t j = 0; j < i && !rc; j++) {
			struct placement pj = {PLACE_DEPTH, d[j]};
			sbuf_reset(&b);
			place_name(&pj, &b);
			if (!strcmp(a.buf, b.buf))
				rc = err_set(e, ERR_USAGE,
				             "--positions lists %s twice",
				             a.buf);
		}
	}
	sbuf_release(&a);
	sbuf_release(&b);
	return rc;
}

int probe_positions_parse(const char *s, double **depths, size_t *n,
                          struct err *e)
{
	struct strlist l = STRLIST_INIT;
	long long count;
	int rc = -1;
	*depths = NULL;
	*n = 0;
	if (!strchr(s, '=')) {
		if (parse_long(s, "--positions", 1, 1000, &count, NULL))
			return err_set(e, ERR_USAGE,
			               "bad --positions '%s' (use a "
			               "count N from 1 to 1000 or a list like "
			               "depth=0,depth=0.5,depth=1)",
			               s);
		*depths = xmalloc((size_t)count * sizeof(**depths));
		for (long long i = 0; i < count; i++)
			(*depths)[i] =
			    count == 1 ? 0.5 : (double)i / (double)(count - 1);
		*n = (size_t)count;
		return 0;
	}
	strlist_split(&l, s, ',');
	*depths = xmalloc((l.n ? l.n : 1) * sizeof(**depths));
	for (size_t i = 0; i < l.n; i++) {
		struct placement pl;
		if (place_parse(l.v[i], &pl, e) || pl.kind != PLACE_DEPTH) {
			err_set(e, ERR_USAGE,
			        "bad --positions item '%s' (use a "
			        "count N or a list like depth=0,depth=0.5)",
			        l.v[i]);
			goto out;
		}
		(*depths)[(*n)++] = pl.depth;
	}
	rc = !*n ? err_set(e, ERR_USAGE, "--positions lists no depth")
	         : check_distinct(*depths, *n, e);
out:
	if (rc) {
		free(*depths);
		*depths = NULL;
		*n = 0;
	}
	strlist_release(&l);
	return rc;
}

struct probe *probe_new(const struct probe_opts *o, struct tok *t,
                        struct err *e)
{
	if (probe_length_check(o->length, e))
		return NULL;
	struct probe_src *src =
	    probe_src_new(o->task, o->db, o->templates, o->seed, t, e);
	if (!src)
		return NULL;
	struct probe *p = xcalloc(1, sizeof(*p));
	p->o = *o;
	p->o.db = p->o.templates = NULL; /* borrowed; used up by the source */
	p->tok = t;
	p->src = src;
	sbuf_init(&p->scratch);
	return p;
}

void probe_free(struct probe *p)
{
	if (!p)
		return;
	probe_src_free(p->src);
	free(p->s.dis);
	free(p->s.key);
	sbuf_release(&p->scratch);
	free(p);
}

/* Occurrences of key in s. */
static size_t occurrences(const char *s, size_t n, const char *key)
{
	size_t k = strlen(key), c = 0;
	const char *end = s + n;
	for (const char *h = s; (h = memmem(h, (size_t)(end - h), key, k)); h++)
		c++;
	return c;
}

/* Occurrences of key in the evidence and the first m distractors. */
static size_t set_occurrences(const struct sample *s, size_t m, const char *key)
{
	size_t c = occurrences(s->ev->text, strlen(s->ev->text), key);
	for (size_t j = 0; j < m && c < 2; j++)
		c += occurrences(s->dis[j]->text, strlen(s->dis[j]->text), key);
	return c;
}

/* Tokens of the framed context made of the evidence and the first m
 * distractors. */
static long long count_set(struct probe *p, size_t m, struct err *e)
{
	const struct probe_frame *f = &frames[p->o.task];
	struct sbuf *b = &p->scratch;
	sbuf_reset(b);
	sbuf_adds(b, f->prefix);
	sbuf_adds(b, p->s.ev->text);
	for (size_t j = 0; j < m; j++) {
		sbuf_adds(b, f->sep);
		sbuf_adds(b, p->s.dis[j]->text);
	}
	sbuf_adds(b, f->suffix);
	return tok_count(p->tok, b->buf, b->len, e);
}

/* Points s->dis at the sequence without item c, as far as the source has it. */
static int collect(struct probe *p, size_t c, size_t want, struct err *e)
{
	struct sample *s = &p->s;
	const struct probe_item *it;
	int r;
	s->m = 0;
	/* fetch the furthest item first: growing the source moves items */
	if (probe_src_get(p->src, want > c ? want : c, &it, e) < 0)
		return -1;
	for (size_t i = 0; s->m < want; i++) {
		if ((r = probe_src_get(p->src, i, &it, e)) < 0)
			return -1;
		if (!r)
			break;
		if (i == c)
			continue;
		xgrow(&s->dis, &s->cap, s->m + 1, sizeof(*s->dis));
		s->dis[s->m++] = it;
	}
	if ((r = probe_src_get(p->src, c, &s->ev, e)) < 0)
		return -1;
	if (!r)
		s->ev = NULL;
	return 0;
}

/* Largest m whose context fits the length; fills p->s.dis and p->s.m. */
static int fill(struct probe *p, size_t c, struct err *e)
{
	long long L = p->o.length, n;
	size_t want = 16;
	for (;;) {
		if (collect(p, c, want, e) || (n = count_set(p, p->s.m, e)) < 0)
			return -1;
		if (n > L || p->s.m < want)
			break;
		want *= 2;
	}
	if (n < L && p->s.m < want)
		return err_set(
		    e, ERR_INPUT,
		    "database '%s' holds only %lld "
		    "tokens of units, less than --length %lld (use a "
		    "smaller --length or a larger --db)",
		    probe_src_db(p->src) ? probe_src_db(p->src) : "?", n, L);
	size_t lo = 0,
	       hi = p->s.m; /* count(lo) <= L is checked by the caller */
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if ((n = count_set(p, mid, e)) < 0)
			return -1;
		if (n <= L)
			lo = mid;
		else
			hi = mid - 1;
	}
	p->s.m = lo;
	return 0;
}

/* Appends the words [a, b) of text (words split by single spaces). */
static void add_words(const char *text, size_t a, size_t b, struct sbuf *out)
{
	size_t w = 0;
	const char *start = NULL;
	for (const char *q = text;; q++) {
		if (w == a && !start)
			start = q;
		if (*q == ' ' || !*q) {
			if (++w == b) {
				sbuf_add(out, start, (size_t)(q - start));
				return;
			}
		}
		if (!*q)
			return;
	}
}

/* Candidate keys of a sentence (inner fragments) or function (body lines), in
 * seeded order. */
static void candidates(struct probe *p, const struct probe_item *ev,
                       struct strlist *out)
{
	struct strlist l = STRLIST_INIT;
	struct rng r;
	char label[64];
	if (p->o.task == PROBE_FUNCTION) {
		struct strlist lines = STRLIST_INIT;
		strlist_split(&lines, ev->text, '\n');
		/* body lines only: not the signature, braces or the name */
		for (size_t i = 1; i < lines.n; i++)
			if (strlen(lines.v[i]) >= 12 &&
			    !strstr(lines.v[i], ev->answer))
				strlist_push(&l, lines.v[i]);
		strlist_release(&lines);
	} else {
		size_t nw = 1;
		for (const char *q = ev->text; *q; q++)
			nw += *q == ' ';
		/* inside the sentence: never its first or last word */
		for (size_t len = 4; len <= 8; len++) {
			for (size_t a = 1; a + len < nw; a++) {
				struct sbuf f = SBUF_INIT;
				add_words(ev->text, a, a + len, &f);
				strlist_push(&l, f.buf);
				sbuf_release(&f);
			}
		}
	}
	size_t *order = xmalloc((l.n ? l.n : 1) * sizeof(*order));
	for (size_t i = 0; i < l.n; i++)
		order[i] = i;
	snprintf(label, sizeof(label), "probe/key/k%lld", p->s.k);
	rng_init_label(&r, p->o.seed, label);
	rng_shuffle(&r, order, l.n);
	for (size_t i = 0; i < l.n; i++)
		strlist_push(out, l.v[order[i]]);
	free(order);
	strlist_release(&l);
}

/* Picks a key of the evidence that occurs once among the sample's units; 0 when
 * none does. */
static int pick_key(struct probe *p)
{
	struct sample *s = &p->s;
	struct strlist l = STRLIST_INIT;
	free(s->key);
	s->key = NULL;
	if (s->ev->key)
		strlist_push(&l, s->ev->key);
	else
		candidates(p, s->ev, &l);
	for (size_t i = 0; i < l.n && !s->key; i++)
		if (set_occurrences(s, s->m, l.v[i]) == 1)
			s->key = xstrdup(l.v[i]);
	strlist_release(&l);
	s->answer = p->o.task == PROBE_SENTENCE ? s->ev->text : s->ev->answer;
	return s->key != NULL;
}

/* Prepares sample k: evidence, distractors that fill the length, unique key. */
static int try_sample(struct probe *p, long long k, struct err *e)
{
	struct sample *s = &p->s;
	long long n;
	s->k = k; /* candidates() seeds the key order with it */
	probe_src_sample(p->src, k);
	for (size_t c = 0; c < MAX_EVIDENCE; c++) {
		size_t ev = probe_src_candidate(p->src, c);
		s->m = 0;
		if (collect(p, ev, 0, e))
			return -1;
		if (!s->ev)
			break;
		if ((n = count_set(p, 0, e)) < 0)
			return -1;
		if (n > p->o.length)
			return err_set(e, ERR_USAGE,
			               "--length %lld is too small: "
			               "the evidence alone takes %lld tokens",
			               p->o.length, n);
		if (fill(p, ev, e))
			return -1;
		if (pick_key(p))
			return 0;
	}
	return err_set(e, ERR_INPUT,
	               "no evidence with an unambiguous key found "
	               "for sample %lld",
	               k);
}

/* Prepares sample k; on failure no sample is kept, so a retry starts afresh. */
static int make_sample(struct probe *p, long long k, struct err *e)
{
	if (!try_sample(p, k, e))
		return 0;
	p->s.k = 0;
	return -1;
}

/* A context laid out for one depth. */
struct layout {
	struct sbuf ctx;
	size_t *order, *starts; /* order: 0 = evidence, j + 1 = distractor j */
	size_t n;               /* units placed */
	size_t ev_start;
	long long tokens;
};

static void layout_release(struct layout *l)
{
	sbuf_release(&l->ctx);
	free(l->order);
	free(l->starts);
}

/* Lays the sample out with its evidence at depth, dropping distractors if order
 * changed the count. */
static int lay_out(struct probe *p, double depth, struct layout *l,
                   struct err *e)
{
	const struct probe_frame *f = &frames[p->o.task];
	struct placement pl = {PLACE_DEPTH, depth};
	size_t m = p->s.m;
	long long *irr = xmalloc((m + 1) * sizeof(*irr));
	for (size_t j = 0; j < m; j++)
		irr[j] = p->s.dis[j]->tokens;
	l->order = xmalloc((m + 1) * sizeof(*l->order));
	l->starts = xmalloc((m + 1) * sizeof(*l->starts));
	for (;; m--) {
		place_order(&pl, 1, p->s.ev->tokens, irr, m, l->order);
		sbuf_reset(&l->ctx);
		sbuf_adds(&l->ctx, f->prefix);
		for (size_t i = 0; i <= m; i++) {
			const size_t u = l->order[i];
			if (i)
				sbuf_adds(&l->ctx, f->sep);
			l->starts[i] = l->ctx.len;
			if (!u)
				l->ev_start = l->ctx.len;
			sbuf_adds(&l->ctx,
			          u ? p->s.dis[u - 1]->text : p->s.ev->text);
		}
		sbuf_adds(&l->ctx, f->suffix);
		l->n = m + 1;
		l->tokens = tok_count(p->tok, l->ctx.buf, l->ctx.len, e);
		/* exact tokenizers may count a reordered context differently */
		if (l->tokens < 0 || l->tokens <= p->o.length || !m)
			break;
	}
	free(irr);
	return l->tokens < 0 ? -1 : 0;
}

/* Question templates, one %s for the key; each says what the text is, since
 * the default prompt describes database statements. */
static const char *const questions[] = {
    [PROBE_ENTITY] = ("The text lists entities, one per line, each with an id, "
                      "a label and a description. What are the label and the "
                      "description of the entity with id %s? Answer with one "
                      "string of the form \"label: description\"."),
    [PROBE_SENTENCE] = ("Which sentence of the text contains the fragment "
                        "\"%s\"? Answer with the whole sentence, exactly as "
                        "written."),
    [PROBE_FUNCTION] = ("The text is a list of C functions. Which function's "
                        "body contains the line `%s`? Answer with the "
                        "function's name only."),
    [PROBE_KV] = ("The text is a JSON object of key-value pairs. What is the "
                  "value of the key \"%s\"? Answer with the value only."),
};

static void add_question(const struct probe *p, struct sbuf *out)
{
	struct sbuf q = SBUF_INIT;
	const char *t = questions[p->o.task], *at = strstr(t, "%s");
	sbuf_add(&q, t, (size_t)(at - t));
	sbuf_adds(&q, p->s.key);
	sbuf_adds(&q, at + 2);
	json_add_str(out, q.buf);
	sbuf_release(&q);
}

static void add_units(const struct probe *p, const struct layout *l,
                      struct sbuf *out)
{
	sbuf_adds(out, "[");
	for (size_t i = 0; i < l->n; i++) {
		const size_t u = l->order[i];
		const struct probe_item *it = u ? p->s.dis[u - 1] : p->s.ev;
		sbuf_adds(out, i ? ",{\"table\":" : "{\"table\":");
		json_add_str(out, it->table);
		sbuf_addf(out,
		          ",\"rowid\":%lld,\"relevant\":%s,\"start\":%zu,"
		          "\"tokens\":%lld}",
		          it->rowid, u ? "false" : "true", l->starts[i],
		          it->tokens);
	}
	sbuf_adds(out, "]");
}

void probe_id(struct sbuf *out, enum probe_task t, const char *db,
              long long length, double depth, long long k, uint64_t seed)
{
	struct placement pl = {PLACE_DEPTH, depth};
	/* probes of two databases never share an id */
	sbuf_addf(out, "probe/%s/%s%sL%lld/", probe_task_name(t), db ? db : "",
	          db ? "/" : "", length);
	place_name(&pl, out);
	sbuf_addf(out, "/k%lld/s%llu", k, (unsigned long long)seed);
}

static void add_instance(const struct probe *p, double depth,
                         const struct layout *l, long long before,
                         struct sbuf *out)
{
	struct sbuf place = SBUF_INIT;
	struct placement pl = {PLACE_DEPTH, depth};
	const char *task = probe_task_name(p->o.task);
	const char *db = probe_src_db(p->src);
	place_name(&pl, &place);
	sbuf_adds(out, "{\"id\":\"");
	probe_id(out, p->o.task, db, p->o.length, depth, p->s.k, p->o.seed);
	sbuf_adds(out, "\",\"db\":");
	if (db) {
		json_add_str(out, db);
		sbuf_addf(out, ",\"db_sha256\":\"%s\"", probe_src_sha(p->src));
	} else {
		sbuf_adds(out, "null");
	}
	sbuf_addf(out, ",\"query_id\":\"probe-%s\",\"question\":", task);
	add_question(p, out);
	sbuf_adds(out, ",\"sql\":null,\"types\":[\"Probe\"],\"difficulty\":"
	               "\"easy\",\"context\":");
	json_add_strn(out, l->ctx.buf, l->ctx.len);
	sbuf_adds(out, ",\"gold\":{\"columns\":[\"answer\"],\"rows\":[[");
	json_add_str(out, p->s.answer);
	sbuf_addf(out,
	          "]]},\"params\":{\"length\":%lld,\"info_amount\":null,"
	          "\"density\":null,\"placement\":\"%s\",\"seed\":%llu,"
	          "\"tokenizer\":",
	          p->o.length, place.buf, (unsigned long long)p->o.seed);
	json_add_str(out, tok_name(p->tok));
	sbuf_addf(out,
	          "},\"stats\":{\"context_tokens\":%lld,\"info_tokens\":%lld,"
	          "\"units\":%zu,\"relevant_units\":1},\"units\":",
	          l->tokens, p->s.ev->tokens, l->n);
	add_units(p, l, out);
	sbuf_addf(out, ",\"probe\":{\"task\":\"%s\",\"depth\":", task);
	json_add_num(out, depth);
	sbuf_addf(out,
	          ",\"evidence_start\":%zu,\"evidence_tokens\":%lld,"
	          "\"token_position\":%lld,\"token_depth\":",
	          l->ev_start, p->s.ev->tokens, before);
	json_add_num(out, l->tokens ? (double)before / (double)l->tokens : 0);
	sbuf_adds(out, ",\"key\":");
	json_add_str(out, p->s.key);
	sbuf_adds(out, "}}");
	sbuf_release(&place);
}

int probe_instance(struct probe *p, long long k, double depth, struct sbuf *out,
                   struct err *e)
{
	struct layout l = {SBUF_INIT, NULL, NULL, 0, 0, 0};
	long long before;
	int rc = -1;
	if (p->s.k != k && make_sample(p, k, e))
		goto out;
	if (lay_out(p, depth, &l, e))
		goto out;
	/* the key must stay unambiguous in the context as laid out */
	if (occurrences(l.ctx.buf, l.ctx.len, p->s.key) != 1) {
		err_set(e, ERR_RUNTIME,
		        "probe key '%s' is not unique in its "
		        "context (a bug)",
		        p->s.key);
		goto out;
	}
	if ((before = tok_count(p->tok, l.ctx.buf, l.ev_start, e)) < 0)
		goto out;
	add_instance(p, depth, &l, before, out);
	rc = 0;
out:
	if (rc)
		err_prefix(e, "probe %s sample %lld at depth %g",
		           probe_task_name(p->o.task), k, depth);
	layout_release(&l);
	return rc;
}
