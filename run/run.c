/* The run engine: one event loop over libcurl transfers and command processes.
 */
#include "run/run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/rng.h"
#include "common/xalloc.h"
#include "run/cache.h"
#include "run/http.h"
#include "run/instance.h"
#include "run/jscan.h"
#include "run/price.h"
#include "run/prompt.h"
#include "run/provider.h"
#include "run/provider_builtin.h"
#include "run/provider_command.h"
#include "run/store.h"

/* How long Ctrl-C waits for requests in flight before abandoning them. */
#define STOP_GRACE 2.0

struct bucket {
	double rate, cap, level, last; /* per second; rate 0 = no limit */
};

struct job {
	struct run_item *it;
	const struct provider *p;
	char *prompt; /* the prompt's text: command, builtin, cache key */
	size_t plen;
	char *esc; /* HTTP: the prompt as JSON string contents, or NULL */
	size_t elen;
	char key[65];
	struct reply r;
	struct request q;
	struct sse sse;
	struct http_xfer x;
	struct cmdproc proc;
	double ready_at;
};

struct engine {
	const struct run_opts *o;
	struct run_result *res;
	struct err *e;
	int fd;
	struct http *http;
	struct run_item *items;
	size_t n, next, done;
	struct job *staged; /* prepared, waiting for a rate-limit slot */
	struct job **heap;  /* waiting for a retry, earliest first */
	size_t nheap, capheap;
	struct job **procs; /* running commands */
	size_t nprocs, capprocs;
	char **argv;
	int inflight;
	double limit, last_cut, hold_until;
	struct bucket rpm, tpm;
	size_t rr;
	struct rng rng;
	struct progress prog;
	struct strlist secrets;      /* scrubbed from every message */
	struct sbuf key_ep, key_set; /* see cache_parts */
	struct prompt_parts parts;   /* the template, escaped for JSON */
	bool failed;
};

double run_backoff(double base, int attempt, double u)
{
	double d = base * pow(2, attempt > 1 ? attempt - 1 : 0);
	if (d > 60)
		d = 60;
	return d * (0.5 + 0.5 * u);
}

static void bucket_init(struct bucket *b, double per_min, double now)
{
	b->rate = per_min / 60;
	b->cap = b->rate > 1 ? b->rate : 1;
	b->level = b->cap;
	b->last = now;
}

/* Takes amount when there is enough, or when the bucket is full (a request
 * larger than it). */
static bool bucket_ok(struct bucket *b, double amount, double now)
{
	if (!b->rate)
		return true;
	b->level += (now - b->last) * b->rate;
	b->last = now;
	if (b->level > b->cap)
		b->level = b->cap;
	return b->level >= amount || b->level >= b->cap;
}

static void bucket_take(struct bucket *b, double amount)
{
	if (b->rate)
		b->level -= amount;
}

static void heap_push(struct engine *en, struct job *j)
{
	xgrow(&en->heap, &en->capheap, en->nheap + 1, sizeof(*en->heap));
	size_t i = en->nheap++;
	while (i && en->heap[(i - 1) / 2]->ready_at > j->ready_at) {
		en->heap[i] = en->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	en->heap[i] = j;
}

static struct job *heap_pop(struct engine *en)
{
	struct job *top = en->heap[0], *last = en->heap[--en->nheap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= en->nheap)
			break;
		if (c + 1 < en->nheap &&
		    en->heap[c + 1]->ready_at < en->heap[c]->ready_at)
			c++;
		if (en->heap[c]->ready_at >= last->ready_at)
			break;
		en->heap[i] = en->heap[c];
		i = c;
	}
	if (en->nheap)
		en->heap[i] = last;
	return top;
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->prompt);
	free(j->esc);
	reply_release(&j->r);
	request_release(&j->q);
	sbuf_release(&j->sse.line);
	sbuf_release(&j->x.body);
	free(j);
}

/*
 * Masks every copy of each secret in s, so no message or record can hold
 * one; also a secret's first bytes at the very end of s, where an excerpt
 * (stderr, an endpoint's message) may have cut it.
 */
void run_scrub(char *s, const struct strlist *secrets)
{
	if (!s)
		return;
	for (size_t i = 0; i < secrets->n; i++) {
		const char *key = secrets->v[i];
		size_t k = strlen(key), n = strlen(s);
		char *p;
		if (k < 4)
			continue;
		while ((p = strstr(s, key)))
			memset(p, '*', k);
		for (size_t m = k - 1 < n ? k - 1 : n; m >= 4; m--)
			if (!memcmp(s + n - m, key, m)) {
				memset(s + n - m, '*', m);
				break;
			}
	}
}

/* What r cost (batch: at batch prices); when the endpoint reported no usage, from the prompt's
 * estimated tokens and the text's bytes / 4, so --max-cost still counts it.
 * Replies that did not arrive are not billed. */
double run_cost(const struct run_opts *o, const struct run_item *it,
                const struct reply *r, bool batch)
{
	bool gemini = !strcmp(o->p->api, "gemini");
	double c = price_cost(o->price, o->s->model, r, gemini, batch);
	bool arrived = r->status == REPLY_OK || r->status == REPLY_LENGTH ||
	               r->status == REPLY_REFUSED || r->text.len;
	if (c >= 0 || !arrived)
		return c;
	struct reply est = *r;
	if (est.prompt_tokens < 0)
		est.prompt_tokens = it->est_tokens;
	if (est.completion_tokens < 0)
		est.completion_tokens = (long long)(r->text.len / 4 + 1);
	return price_cost(o->price, o->s->model, &est, gemini, batch);
}

static void count_final(struct engine *en, struct job *j)
{
	const struct run_opts *o = en->o;
	struct reply *r = &j->r;
	if (r->ttft_ms >= 0 && r->latency_ms > r->ttft_ms) {
		double toks = r->completion_tokens >= 0
		                  ? (double)r->completion_tokens
		                  : (double)r->text.len / 4;
		r->output_tps = toks / ((r->latency_ms - r->ttft_ms) / 1000);
	}
	if (!r->cached && o->p->kind == PROVIDER_HTTP)
		r->cost = run_cost(o, j->it, r, false);
	else if (r->cached)
		r->cost = 0;
	if (r->cost > 0)
		en->res->cost += r->cost;
	run_scrub(r->error, &en->secrets);
	en->res->status[r->status]++;
	en->done++;
	if (r->cached)
		en->res->cached++;
	if (o->max_cost > 0 && o->prior_cost + en->res->cost >= o->max_cost)
		en->res->cost_stop = true;
}

static void finalize(struct engine *en, struct job *j)
{
	count_final(en, j);
	if (!en->failed && store_put(en->o->store, j->it->id, &j->r, en->e))
		en->failed = true;
	if (!en->failed && en->o->cache && !j->r.cached && j->key[0] &&
	    cache_put(en->o->cache, j->key, &j->r, en->e))
		en->failed = true;
	job_free(j);
}

/* Where the context's and question's JSON string contents are in line:
 * known from the load, or found by the scanner; false when they are not
 * both valid UTF-8 strings. */
static bool spans(const struct run_item *it, const char *line,
                  const char **cv, size_t *cn, const char **qv, size_t *qn)
{
	struct jmember m[64];
	struct err ignored = ERR_INIT;
	size_t n;
	if (it->ctx_len + it->q_len) { /* the load found them */
		*cv = line + it->ctx_off, *cn = it->ctx_len;
		*qv = line + it->q_off, *qn = it->q_len;
		return true;
	}
	if (jscan_object(line, it->len, m, 64, &n, &ignored))
		return false;
	const struct jmember *c = jscan_find(m, n, "context"),
	                     *q = jscan_find(m, n, "question");
	if (!jscan_is_string(c) || !jscan_is_string(q))
		return false;
	*cv = c->val + 1, *cn = c->vlen - 2;
	*qv = q->val + 1, *qn = q->vlen - 2;
	return utf8_valid(*cv, *cn) && utf8_valid(*qv, *qn);
}

/* Reads it's line from fd and checks it is the line the run loaded. */
static char *read_line(int fd, const char *path, const struct run_item *it,
                       struct err *e)
{
	char *line = xmalloc(it->len + 1);
	ssize_t got = pread(fd, line, it->len, it->off);
	if (got != (ssize_t)it->len) {
		err_set(e, ERR_IO, "cannot read '%s' again: %s", path,
		        got < 0 ? strerror(errno) : "changed");
	} else if (run_line_hash(line, it->len) != it->hash) {
		err_set(e, ERR_INPUT,
		        "'%s' changed while the run was going: the line of "
		        "instance '%s' is not what it was; run again on the "
		        "file the run started with (or use another -o)",
		        path, it->id);
	} else {
		line[it->len] = '\0';
		return line;
	}
	free(line);
	return NULL;
}

int run_prompt_json(int fd, const char *path, const struct run_item *it,
                    const struct prompt_parts *pp, const char *tmpl,
                    struct sbuf *esc, struct err *e)
{
	char *line = read_line(fd, path, it, e);
	const char *cv, *qv;
	size_t cn, qn;
	if (!line)
		return -1;
	if (spans(it, line, &cv, &cn, &qv, &qn)) {
		prompt_render_json(pp, cv, cn, qv, qn, esc);
	} else { /* odd escapes or bytes: the slow way, escaped afresh */
		struct instance in;
		struct sbuf p = SBUF_INIT;
		if (instance_parse(&in, line, it->len, e)) {
			free(line);
			return -1;
		}
		prompt_render(tmpl, &in, &p);
		size_t at = esc->len;
		json_add_strn(esc, p.buf, p.len);
		memmove(esc->buf + at, esc->buf + at + 1, esc->len - at - 2);
		sbuf_setlen(esc, esc->len - 2);
		sbuf_release(&p);
		instance_release(&in);
	}
	free(line);
	return 0;
}

/* Reads the item's line again, checks it is the line the run loaded, and
 * renders its prompt; builtin models answer here. */
static int prepare(struct engine *en, struct job *j, struct err *e)
{
	const struct run_opts *o = en->o;
	struct instance in;
	if (o->p->kind == PROVIDER_HTTP) {
		struct sbuf esc = SBUF_INIT;
		if (run_prompt_json(en->fd, o->instances_path, j->it, &en->parts,
		                    o->tmpl, &esc, e)) {
			sbuf_release(&esc);
			return -1;
		}
		j->elen = esc.len;
		j->esc = sbuf_detach(&esc);
		if (o->cache) { /* the key is over the prompt's text */
			struct sbuf p = SBUF_INIT;
			jscan_unescape(j->esc, j->elen, &p);
			j->plen = p.len;
			j->prompt = sbuf_detach(&p);
		}
		return 0;
	}
	char *line = read_line(en->fd, o->instances_path, j->it, e);
	if (!line || instance_parse(&in, line, j->it->len, e)) {
		free(line);
		return -1;
	}
	if (o->p->kind == PROVIDER_BUILTIN) {
		double t = now_sec();
		builtin_answer(o->s->model, &in, &j->r);
		j->r.latency_ms = (now_sec() - t) * 1000;
		j->r.attempts = 1;
	} else {
		struct sbuf p = SBUF_INIT;
		prompt_render(o->tmpl, &in, &p);
		j->plen = p.len;
		j->prompt = sbuf_detach(&p);
	}
	instance_release(&in);
	free(line);
	return 0;
}

/* The parts of every cache key but the prompt: endpoints, and the settings
 * with what is sent beyond them (path and body). */
static void key_parts(const struct run_opts *o, struct sbuf *ep,
                      struct sbuf *set)
{
	for (size_t i = 0; i < o->s->base_urls.n; i++)
		sbuf_addf(ep, "%s%s", i ? " " : "", o->s->base_urls.v[i]);
	sbuf_adds(set, o->settings_json ? o->settings_json : "");
	if (o->request_json)
		sbuf_addf(set, "\n%s", o->request_json);
}

static void cache_parts(struct engine *en)
{
	key_parts(en->o, &en->key_ep, &en->key_set);
}

void run_cache_key(const struct run_opts *o, const char *prompt, size_t n,
                   char key[65])
{
	struct sbuf ep = SBUF_INIT, set = SBUF_INIT;
	key_parts(o, &ep, &set);
	struct cache_what w = {o->s->provider, ep.buf, o->s->model, set.buf,
	                       prompt,         n,      0};
	cache_key(&w, key);
	sbuf_release(&ep);
	sbuf_release(&set);
}

static void cache_lookup(struct engine *en, struct job *j)
{
	const struct run_opts *o = en->o;
	struct cache_what w = {o->s->provider,
	                       en->key_ep.buf,
	                       o->s->model,
	                       en->key_set.buf,
	                       j->prompt,
	                       j->plen,
	                       0};
	cache_key(&w, j->key);
	if (cache_get(o->cache, j->key, &j->r))
		j->r.attempts = 0;
}

static void on_stream(struct http_xfer *x, const char *p, size_t n)
{
	struct job *j = x->user;
	long code = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 300)
		sbuf_add(&x->body, p, n);
	else
		sse_feed(&j->sse, j->p, p, n, &j->r);
}

static int start_http(struct engine *en, struct job *j, struct err *e)
{
	const struct run_opts *o = en->o;
	const struct strlist *urls = &o->s->base_urls;
	const char *base = urls->v[en->rr++ % urls->n];
	if (j->esc)
		wire_request_json(o->wire, base, j->esc, j->elen, &j->q);
	else
		wire_request(o->wire, base, j->prompt, j->plen, &j->q);
	j->x.user = j;
	j->x.on_data = o->s->stream ? on_stream : NULL;
	sbuf_reset(&j->sse.line);
	if (http_start(en->http, &j->x, &j->q, e))
		return -1;
	j->sse.start = j->x.start;
	return 0;
}

static int start(struct engine *en, struct job *j, struct err *e)
{
	j->r.attempts++;
	en->res->attempts++;
	int attempts = j->r.attempts;
	reply_reset(&j->r);
	j->r.attempts = attempts;
	if (en->o->p->kind == PROVIDER_COMMAND) {
		if (cmdproc_start(&j->proc, en->argv, j->prompt, j->plen,
		                  en->o->timeout, e))
			return -1;
		xgrow(&en->procs, &en->capprocs, en->nprocs + 1,
		      sizeof(*en->procs));
		en->procs[en->nprocs++] = j;
	} else if (start_http(en, j, e)) {
		return -1;
	}
	en->inflight++;
	return 0;
}

static enum run_class classify_attempt(const struct job *j)
{
	if (j->x.code == CURLE_OPERATION_TIMEDOUT)
		return CLASS_TIMEOUT;
	if (j->x.code != CURLE_OK)
		return CLASS_CONN;
	if (j->x.status == 429)
		return CLASS_429;
	if (j->x.status >= 500)
		return CLASS_5XX;
	return CLASS_BAD;
}

/* A transient failure: back off (never sooner than the endpoint asked), or give
 * up. */
static void retry_or_give_up(struct engine *en, struct job *j, double now)
{
	struct reply *r = &j->r;
	enum run_class cls = en->o->p->kind == PROVIDER_COMMAND
	                         ? CLASS_TIMEOUT
	                         : classify_attempt(j);
	en->res->errors[cls]++;
	if (cls == CLASS_429 && now - en->last_cut > 1) {
		/* a storm: halve (at most once a second); successes add it
		 * back one request per window */
		en->limit = en->limit / 2 > 1 ? en->limit / 2 : 1;
		en->last_cut = now;
		if ((int)en->limit < en->res->conc_low)
			en->res->conc_low = (int)en->limit;
	}
	if (r->retry_after > 0 && now + r->retry_after > en->hold_until)
		en->hold_until = now + r->retry_after;
	if (r->attempts <= en->o->max_retries) {
		double d = run_backoff(en->o->backoff, r->attempts,
		                       rng_double(&en->rng));
		j->ready_at = now + (d > r->retry_after ? d : r->retry_after);
		heap_push(en, j);
		return;
	}
	struct sbuf m = SBUF_INIT;
	sbuf_addf(&m, "gave up after %d attempts: %s", r->attempts,
	          r->error ? r->error : "failed");
	free(r->error);
	r->error = sbuf_detach(&m);
	r->status = REPLY_ERROR;
	finalize(en, j);
}

static void outcome(struct engine *en, struct job *j)
{
	double now = now_sec();
	en->inflight--;
	if (j->r.status == REPLY_RETRY) {
		retry_or_give_up(en, j, now);
		return;
	}
	if (j->r.status == REPLY_FATAL) {
		en->res->fatal = true;
		run_scrub(j->r.error, &en->secrets);
		snprintf(en->res->fatal_msg, sizeof(en->res->fatal_msg),
		         "the endpoint refused '%s': %s", j->it->id,
		         j->r.error ? j->r.error : "");
		job_free(j);
		return;
	}
	if (en->limit < en->o->concurrency)
		en->limit += 1 / en->limit;
	finalize(en, j);
}

static void read_body(struct job *j)
{
	struct reply *r = &j->r;
	struct http_xfer *x = &j->x;
	if (x->status < 200 || x->status >= 300) {
		provider_classify(x->status, x->body.buf, x->body.len, r);
	} else if (j->p->event && x->on_data) {
		sse_end(&j->sse, j->p, r);
	} else {
		cJSON *body = cJSON_ParseWithLength(x->body.buf, x->body.len);
		if (!body) {
			r->status = REPLY_RETRY;
			reply_set(&r->error, "malformed JSON in the reply");
		} else {
			j->p->parse(body, r);
		}
		cJSON_Delete(body);
	}
}

static void http_done(struct http_xfer *x, void *arg)
{
	struct engine *en = arg;
	struct job *j = x->user;
	struct reply *r = &j->r;
	r->latency_ms = (x->end - x->start) * 1000;
	r->retry_after = x->retry_after;
	if (x->too_big) {
		/* a stream without end, or a body no reply needs: another
		 * try would do the same */
		provider_final(r, REPLY_ERROR,
		               "the reply passed the size cap of 64 MiB "
		               "(67108864 bytes) and was dropped");
	} else if (x->code != CURLE_OK) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, x->errbuf[0]
		                         ? x->errbuf
		                         : curl_easy_strerror(x->code));
	} else {
		read_body(j);
	}
	outcome(en, j);
}

static void service_procs(struct engine *en, double now)
{
	for (size_t i = 0; i < en->nprocs;) {
		struct job *j = en->procs[i];
		if (!cmdproc_service(&j->proc, now, &j->r)) {
			i++;
			continue;
		}
		j->r.latency_ms = (now_sec() - j->proc.start) * 1000;
		en->procs[i] = en->procs[--en->nprocs];
		outcome(en, j);
	}
}

/* The next job to send: a due retry, the staged one, or a new item (answered at
 * once when cached or built in). */
static struct job *next_job(struct engine *en, double now, struct err *e)
{
	if (en->nheap && en->heap[0]->ready_at <= now)
		return heap_pop(en);
	if (en->staged) {
		struct job *j = en->staged;
		en->staged = NULL;
		return j;
	}
	while (en->next < en->n && !*en->o->stop) {
		struct job *j = xcalloc(1, sizeof(*j));
		j->it = &en->items[en->next++];
		j->p = en->o->p;
		reply_init(&j->r);
		request_init(&j->q);
		if (prepare(en, j, e)) {
			job_free(j);
			en->failed = true;
			return NULL;
		}
		if (j->prompt && en->o->cache)
			cache_lookup(en, j);
		if ((!j->prompt && !j->esc) || j->r.cached) {
			finalize(en, j);
			if (en->failed)
				return NULL;
			continue;
		}
		return j;
	}
	return NULL;
}

static void dispatch(struct engine *en, double now)
{
	while (en->inflight < (int)en->limit && now >= en->hold_until &&
	       !en->failed) {
		struct job *j = next_job(en, now, en->e);
		if (!j)
			return;
		double toks = (double)j->it->est_tokens;
		if (!bucket_ok(&en->rpm, 1, now) ||
		    !bucket_ok(&en->tpm, toks, now)) {
			if (j->r.attempts)
				heap_push(en, j);
			else
				en->staged = j;
			return;
		}
		bucket_take(&en->rpm, 1);
		bucket_take(&en->tpm, toks);
		if (start(en, j, en->e)) {
			job_free(j);
			en->failed = true;
			return;
		}
	}
}

static void progress(struct engine *en, bool force)
{
	static const char *names[CLASS_N] = {"429", "5xx", "timeout", "conn",
	                                     "bad-reply"};
	struct sbuf x = SBUF_INIT;
	if (!en->prog.on && !force)
		return;
	for (int c = 0; c < CLASS_N; c++)
		if (en->res->errors[c])
			sbuf_addf(&x, "%s%s:%lld", x.len ? " " : "err ",
			          names[c], en->res->errors[c]);
	if (en->res->cost > 0)
		sbuf_addf(&x, "%s$%.4f", x.len ? "  " : "", en->res->cost);
	if ((int)en->limit < en->o->concurrency)
		sbuf_addf(&x, "%sconcurrency %d/%ld", x.len ? "  " : "",
		          (int)en->limit, (long)en->o->concurrency);
	progress_update(&en->prog, "run", (long long)en->done, (long long)en->n,
	                x.buf);
	sbuf_release(&x);
}

/* Milliseconds to wait: until the next retry or pause ends, at most 100 ms
 * (progress, flushes). */
static int wait_ms(const struct engine *en, double now)
{
	double t = now + 0.1;
	if (en->nheap && en->heap[0]->ready_at < t)
		t = en->heap[0]->ready_at;
	if (en->hold_until > now && en->hold_until < t)
		t = en->hold_until;
	if ((en->rpm.rate || en->tpm.rate) && now + 0.005 < t &&
	    en->inflight < (int)en->limit)
		t = now + 0.005;
	int ms = (int)ceil((t - now) * 1000);
	return ms < 0 ? 0 : ms;
}

static bool finished(struct engine *en, double now, double *stop_at)
{
	const struct run_result *res = en->res;
	if (*en->o->stop && !res->interrupted) {
		en->res->interrupted = true;
		*stop_at = now + STOP_GRACE;
	}
	bool quitting =
	    res->interrupted || res->fatal || res->cost_stop || en->failed;
	if (quitting)
		return !en->inflight || (res->interrupted && now > *stop_at);
	return !en->inflight && en->next >= en->n && !en->nheap && !en->staged;
}

static int loop(struct engine *en)
{
	double stop_at = 0;
	struct curl_waitfd *fds = NULL;
	size_t capfds = 0;
	for (;;) {
		double now = now_sec();
		if (!en->res->interrupted && !en->res->fatal &&
		    !en->res->cost_stop)
			dispatch(en, now);
		if (finished(en, now_sec(), &stop_at))
			break;
		unsigned nfds = 0;
		xgrow(&fds, &capfds, en->nprocs * 3 + 1, sizeof(*fds));
		for (size_t i = 0; i < en->nprocs; i++)
			nfds += cmdproc_fds(&en->procs[i]->proc, fds + nfds);
		if (http_poll(en->http, wait_ms(en, now_sec()), fds, nfds,
		              http_done, en, en->e))
			en->failed = true;
		service_procs(en, now_sec());
		if (store_flush(en->o->store, false, en->e) ||
		    cache_flush(en->o->cache, 0, en->e))
			en->failed = true;
		progress(en, false);
	}
	free(fds);
	return en->failed ? -1 : 0;
}

static void drop_all(struct engine *en)
{
	struct http_xfer *x;
	while (en->http && (x = http_first(en->http))) {
		http_cancel(en->http, x);
		job_free(x->user);
	}
	job_free(en->staged);
	while (en->nheap)
		job_free(heap_pop(en));
	for (size_t i = 0; i < en->nprocs; i++) {
		cmdproc_kill(&en->procs[i]->proc);
		job_free(en->procs[i]);
	}
	free(en->heap);
	free(en->procs);
}

int run_exec(const struct run_opts *o, struct run_item *items, size_t n,
             struct run_result *res, struct err *e)
{
	struct engine en = {.o = o, .res = res, .e = e, .items = items, .n = n};
	sbuf_init(&en.key_ep);
	sbuf_init(&en.key_set);
	struct http_opts ho = {o->concurrency, (long)(o->timeout * 1000),
	                       (long)(o->connect_timeout * 1000), false};
	int rc = -1;
	memset(res, 0, sizeof(*res));
	en.fd = open(o->instances_path, O_RDONLY | O_CLOEXEC);
	if (en.fd < 0)
		return err_set(e, ERR_IO, "cannot open '%s': %s",
		               o->instances_path, strerror(errno));
	if (!(en.http = http_new(&ho, e)))
		goto out;
	en.argv = xcalloc(o->s->command.n + 1, sizeof(char *));
	for (size_t i = 0; i < o->s->command.n; i++)
		en.argv[i] = o->s->command.v[i];
	if (o->key)
		strlist_push(&en.secrets, o->key);
	provider_secrets(&o->s->base_urls, &en.secrets);
	en.limit = (double)o->concurrency;
	res->conc = res->conc_low = (int)o->concurrency;
	/* earlier runs into this run.db spent their share of --max-cost */
	if (o->max_cost > 0 && o->prior_cost >= o->max_cost)
		res->cost_stop = true;
	cache_parts(&en);
	prompt_parts_init(&en.parts, o->tmpl);
	rng_init(&en.rng, (uint64_t)(now_sec() * 1e6));
	bucket_init(&en.rpm, o->rpm, now_sec());
	bucket_init(&en.tpm, o->tpm, now_sec());
	progress_init(&en.prog);
	rc = loop(&en);
	res->conc_end = (int)en.limit;
	progress_done(&en.prog);
	if (o->p->kind == PROVIDER_BUILTIN)
		builtin_cleanup();
out:
	drop_all(&en);
	http_free(en.http);
	free(en.argv);
	close(en.fd);
	strlist_release(&en.secrets);
	sbuf_release(&en.key_ep);
	sbuf_release(&en.key_set);
	prompt_parts_release(&en.parts);
	return rc;
}
