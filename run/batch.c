/*
 * Batch mode: instances go to the provider's batch service in batches that
 * run.db records before they are sent, so a killed run resumes by polling
 * the batches it made instead of making them again; results are recorded as
 * online replies are (same statuses, reply log, cache), at batch prices.
 */
#include "run/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/progress.h"
#include "common/rng.h"
#include "common/xalloc.h"
#include "run/cache.h"
#include "run/jscan.h"
#include "run/price.h"
#include "run/prompt.h"
#include "run/provider.h"
#include "run/run.h"
#include "run/store.h"

/* Where an item stands in this run; THIS: in the batch being collected or
 * submitted again. */
enum { PENDING, IN_BATCH, DONE, ONLINE, THIS };

struct driver {
	const struct batch_opts *bo;
	const struct run_opts *o;
	const struct bapi *a;
	struct bclient *cl;
	struct run_result *res;
	struct err *e;
	struct run_item *items; /* in seq order */
	size_t n;
	unsigned char *state;
	int *tries;        /* batches each item was in */
	struct bbatch *bs; /* the run.db's batches */
	size_t nb, capb;
	struct run_item **online;
	size_t nonline, caponline;
	struct prompt_parts parts;
	struct strlist secrets;
	int fd;
	double running_cost; /* estimated spend of the batches in flight */
	struct sbuf last;    /* the last progress line */
};

/* The item whose custom id is cid ("i" and its seq), or NULL. */
static long item_of(const struct driver *d, const char *cid)
{
	char *end;
	long seq;
	if (!cid || cid[0] != 'i')
		return -1;
	seq = strtol(cid + 1, &end, 10);
	if (*end)
		return -1;
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->items[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->items[lo].seq == seq ? (long)lo : -1;
}

static void utc(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A tag no other batch has: it names the batch here and at the provider. */
static char *new_tag(void)
{
	struct rng r;
	struct sbuf t = SBUF_INIT;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	rng_init(&r, (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
	                 (uint64_t)getpid() << 48);
	sbuf_addf(&t, "ctxbench-%016llx", (unsigned long long)rng_next(&r));
	return sbuf_detach(&t);
}

/* The cache key of item i, as the online path makes it. */
static int key_of(struct driver *d, long i, char key[65])
{
	struct sbuf esc = SBUF_INIT, p = SBUF_INIT;
	int rc = run_prompt_json(d->fd, d->o->instances_path, &d->items[i],
	                         &d->parts, d->o->tmpl, &esc, d->e);
	if (!rc) {
		jscan_unescape(esc.buf, esc.len, &p);
		run_cache_key(d->o, p.buf, p.len, key);
	}
	sbuf_release(&esc);
	sbuf_release(&p);
	return rc;
}

/* Records the final reply r of item i, at batch prices. */
static int finalize(struct driver *d, long i, struct reply *r)
{
	const struct run_opts *o = d->o;
	struct run_item *it = &d->items[i];
	char key[65];
	if (r->cached) {
		r->attempts = 0;
		r->cost = 0;
		d->res->cached++;
	} else {
		r->attempts = d->tries[i] ? d->tries[i] : 1;
		r->latency_ms = -1; /* a batch's wait says nothing of it */
		r->cost = run_cost(o, it, r, true);
	}
	if (r->cost > 0)
		d->res->cost += r->cost;
	run_scrub(r->error, &d->secrets);
	d->res->status[r->status]++;
	d->state[i] = DONE;
	if (store_put(o->store, it->id, r, d->e))
		return -1;
	if (!o->cache || r->cached)
		return 0;
	return key_of(d, i, key) || cache_put(o->cache, key, r, d->e) ? -1 : 0;
}

/* Items the cache answers need no batch. */
static int from_cache(struct driver *d)
{
	char key[65];
	for (size_t i = 0; d->o->cache && i < d->n; i++) {
		struct reply r;
		if (d->state[i] != PENDING)
			continue;
		if (key_of(d, (long)i, key))
			return -1;
		reply_init(&r);
		int rc = cache_get(d->o->cache, key, &r)
		             ? finalize(d, (long)i, &r)
		             : 0;
		reply_release(&r);
		if (rc)
			return -1;
	}
	return 0;
}

/* An item a batch did not answer: another batch, online, or given up. */
static int again(struct driver *d, long i, struct reply *r)
{
	if (d->bo->retry == BATCH_RETRY_ONLINE) {
		d->state[i] = ONLINE;
		xgrow(&d->online, &d->caponline, d->nonline + 1,
		      sizeof(*d->online));
		d->online[d->nonline++] = &d->items[i];
		return 0;
	}
	if (d->tries[i] <= d->o->max_retries) {
		d->state[i] = PENDING;
		return 0;
	}
	struct sbuf m = SBUF_INIT;
	sbuf_addf(&m, "gave up after %d batches: %s", d->tries[i],
	          r->error ? r->error : "not answered");
	free(r->error);
	r->error = sbuf_detach(&m);
	r->status = REPLY_ERROR;
	return finalize(d, i, r);
}

struct result_ctx {
	struct driver *d;
	int rc;
};

static int on_result(void *arg, const char *cid, struct reply *r, bool expired)
{
	struct driver *d = arg;
	long i = item_of(d, cid);
	if (i < 0 || d->state[i] != THIS)
		return 0; /* not of this batch, or answered already */
	if (r->status == REPLY_RETRY || r->status == REPLY_FATAL)
		return again(d, i, r);
	return finalize(d, i, r);
}

/* Marks the items of a batch not done as in it (those still needing a
 * reply). */
static int mark(void *arg, const char *cid, const char *id)
{
	struct driver *d = arg;
	long i = item_of(d, cid);
	if (i >= 0 && d->state[i] == PENDING)
		d->state[i] = IN_BATCH;
	return 0;
}

/* Marks the items of the batch at hand. */
static int mark_this(void *arg, const char *cid, const char *id)
{
	struct driver *d = arg;
	long i = item_of(d, cid);
	if (i >= 0 && d->state[i] == IN_BATCH)
		d->state[i] = THIS;
	return 0;
}

/* Back to IN_BATCH: the items marked THIS. */
static void unmark(struct driver *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->state[i] == THIS)
			d->state[i] = IN_BATCH;
}

/* Counts the batches each item was in. */
static int count(void *arg, const char *cid, const char *id)
{
	struct driver *d = arg;
	long i = item_of(d, cid);
	if (i >= 0)
		d->tries[i]++;
	return 0;
}

static int keep_batch(void *arg, struct bbatch *b)
{
	struct driver *d = arg;
	xgrow(&d->bs, &d->capb, d->nb + 1, sizeof(*d->bs));
	d->bs[d->nb++] = *b;
	return 0;
}

/* The cost a batch of these items may reach (prompt estimates, and the
 * output budget when one is set). */
static double estimate(const struct driver *d, long i)
{
	struct reply r;
	reply_init(&r);
	r.prompt_tokens = d->items[i].est_tokens;
	r.completion_tokens = d->o->s->max_tokens > 0 ? d->o->s->max_tokens : 0;
	r.status = REPLY_OK;
	double c = run_cost(d->o, &d->items[i], &r, true);
	reply_release(&r);
	return c > 0 ? c : 0;
}

/* Builds one batch's payload from the items in state want (PENDING for a
 * new batch, THIS to submit one again), sent with token; fills ids with the
 * items it holds. */
static int payload(struct driver *d, unsigned want, const char *token,
                   struct sbuf *out, long **ids, size_t *nids, double *cost)
{
	const struct run_opts *o = d->o;
	struct sbuf items = SBUF_INIT, body = SBUF_INIT, esc = SBUF_INIT;
	size_t max = d->a->max_items, cap = 0;
	char cid[32];
	int rc = 0;
	if (d->bo->size > 0 && (size_t)d->bo->size < max)
		max = (size_t)d->bo->size;
	*nids = 0;
	*cost = 0;
	for (size_t i = 0; i < d->n && *nids < max && !rc; i++) {
		if (d->state[i] != want)
			continue;
		sbuf_reset(&esc);
		if (run_prompt_json(d->fd, o->instances_path, &d->items[i],
		                    &d->parts, o->tmpl, &esc, d->e)) {
			rc = -1;
			break;
		}
		sbuf_reset(&body);
		wire_body_json(o->wire, esc.buf, esc.len, &body);
		size_t before = items.len;
		snprintf(cid, sizeof(cid), "i%ld", d->items[i].seq);
		d->a->item(d->a, o->wire->path.buf, cid, body.buf, body.len,
		           &items);
		/* the documented size, with room for the wrapping */
		if (items.len + 4096 > d->a->max_bytes) {
			if (!*nids) {
				rc = err_set(
				    d->e, ERR_INPUT,
				    "instance '%s' alone is larger than a "
				    "%s batch may be",
				    d->items[i].id, d->a->name);
				break;
			}
			sbuf_setlen(&items, before);
			break;
		}
		xgrow(ids, &cap, *nids + 1, sizeof(**ids));
		(*ids)[(*nids)++] = (long)i;
		*cost += estimate(d, (long)i);
	}
	if (!rc && *nids)
		d->a->wrap(o->s->model, token, &items, out);
	sbuf_release(&items);
	sbuf_release(&body);
	sbuf_release(&esc);
	return rc;
}

static void set(char **slot, const char *v)
{
	free(*slot);
	*slot = v ? xstrdup(v) : NULL;
}

/* Sends a new batch of the pending items: recorded first, then made. */
static int submit_new(struct driver *d, bool *sent)
{
	const struct run_opts *o = d->o;
	struct sbuf pl = SBUF_INIT;
	struct bbatch b = {0};
	long *ids = NULL;
	size_t n = 0;
	double cost;
	char now[32];
	int rc = -1;
	*sent = false;
	b.token = new_tag();
	if (payload(d, PENDING, b.token, &pl, &ids, &n, &cost))
		goto out;
	if (!n) {
		rc = 0;
		goto out;
	}
	if (o->max_cost > 0 &&
	    o->prior_cost + d->res->cost + d->running_cost + cost >
	        o->max_cost) {
		d->res->cost_stop = true;
		rc = 0;
		goto out;
	}
	utc(now);
	b.id = xstrdup(b.token);
	b.state = xstrdup("submitting");
	b.created = xstrdup(now);
	b.items = (long)n;
	if (store_batch_save(o->store, &b, d->e))
		goto out;
	for (size_t k = 0; k < n; k++) {
		char cid[32];
		snprintf(cid, sizeof(cid), "i%ld", d->items[ids[k]].seq);
		if (store_batch_item(o->store, b.id, cid, d->items[ids[k]].id,
		                     d->e))
			goto out;
		d->state[ids[k]] = IN_BATCH;
		d->tries[ids[k]]++;
	}
	/* on disk before the provider hears of it: a kill now finds it */
	if (store_flush(o->store, true, d->e) ||
	    bclient_submit(d->cl, &b, &pl, d->e))
		goto out;
	if (!b.state || !strcmp(b.state, "submitting"))
		set(&b.state, "running");
	d->res->attempts += (long long)n;
	d->running_cost += cost;
	if (store_batch_save(o->store, &b, d->e) ||
	    store_flush(o->store, true, d->e))
		goto out;
	keep_batch(d, &b);
	memset(&b, 0, sizeof(b));
	*sent = true;
	rc = 0;
out:
	bbatch_release(&b);
	free(ids);
	sbuf_release(&pl);
	return rc;
}

/* A batch recorded as being submitted when the last run stopped: found at
 * the provider by its tag, or submitted again with its items. */
static int resubmit(struct driver *d, struct bbatch *b)
{
	struct sbuf pl = SBUF_INIT;
	long *ids = NULL;
	size_t n = 0;
	double cost;
	int rc = -1, found = bclient_find(d->cl, b, d->e);
	if (found < 0)
		goto out;
	if (!found) {
		int got =
		    store_batch_items(d->o->store, b->id, mark_this, d, d->e) ||
		    payload(d, THIS, b->token, &pl, &ids, &n, &cost);
		unmark(d);
		if (got)
			goto out;
		/* none of its items needs a reply any more */
		if (!n) {
			set(&b->state, "done");
			rc = store_batch_save(d->o->store, b, d->e);
			goto out;
		}
		b->items = (long)n;
		if (bclient_submit(d->cl, b, &pl, d->e))
			goto out;
		d->res->attempts += (long long)n;
	}
	if (!strcmp(b->state, "submitting"))
		set(&b->state, "running");
	rc = store_batch_save(d->o->store, b, d->e) ||
	             store_flush(d->o->store, true, d->e)
	         ? -1
	         : 0;
out:
	free(ids);
	sbuf_release(&pl);
	return rc;
}

/* Collects an ended batch: its results, then its items without one. */
static int collect(struct driver *d, struct bbatch *b)
{
	struct store *st = d->o->store;
	if (store_batch_items(st, b->id, mark_this, d, d->e) ||
	    bclient_results(d->cl, b, on_result, d, d->e))
		return -1;
	/* items the batch gave no result for: as if expired */
	for (size_t i = 0; i < d->n; i++) {
		if (d->state[i] != THIS)
			continue;
		struct reply r;
		reply_init(&r);
		r.status = REPLY_RETRY;
		reply_set(&r.error, "the batch ended without it");
		int rc = again(d, (long)i, &r);
		reply_release(&r);
		if (rc)
			return -1;
	}
	set(&b->state, "done");
	return store_batch_save(st, b, d->e) || store_flush(st, true, d->e) ? -1
	                                                                    : 0;
}

/* One round over the batches not done; *open: some are still running. */
static int round_(struct driver *d, bool *open)
{
	*open = false;
	for (size_t i = 0; i < d->nb; i++) {
		struct bbatch *b = &d->bs[i];
		if (!strcmp(b->state, "done"))
			continue;
		if (!strcmp(b->state, "submitting") && resubmit(d, b))
			return -1;
		if (!strcmp(b->state, "running") &&
		    (bclient_poll(d->cl, b, d->e) ||
		     store_batch_save(d->o->store, b, d->e)))
			return -1;
		if (!strcmp(b->state, "ended") && collect(d, b))
			return -1;
		*open |= strcmp(b->state, "done") != 0;
	}
	return store_flush(d->o->store, true, d->e);
}

/* One line of where the batches stand, when it changed. */
static void progress(struct driver *d)
{
	struct sbuf l = SBUF_INIT;
	size_t done = 0, running = 0;
	for (size_t i = 0; i < d->n; i++)
		done += d->state[i] == DONE;
	for (size_t i = 0; i < d->nb; i++) {
		if (!strcmp(d->bs[i].state, "done"))
			continue;
		running++;
		sbuf_addf(&l, "%s%s %s %s", running > 1 ? ", " : "",
		          d->bs[i].remote ? d->bs[i].remote : d->bs[i].id,
		          d->bs[i].status ? d->bs[i].status : d->bs[i].state,
		          d->bs[i].counts ? d->bs[i].counts : "");
	}
	sbuf_addf(&l, "%s%zu of %zu instances answered", l.len ? "; " : "",
	          done, d->n);
	if (strcmp(l.buf, d->last.buf)) {
		fprintf(stderr, "ctxbench: batch: %s\n", l.buf);
		sbuf_reset(&d->last);
		sbuf_adds(&d->last, l.buf);
	}
	sbuf_release(&l);
}

/* Waits the poll interval; false when a signal asked to stop. */
static bool wait_poll(const struct driver *d)
{
	double until = now_sec() + d->bo->poll_interval;
	while (now_sec() < until) {
		if (*d->o->stop)
			return false;
		double left = until - now_sec();
		usleep((useconds_t)((left < 0.05 ? left : 0.05) * 1e6));
	}
	return !*d->o->stop;
}

/* --status: where each batch stands, polled once. */
static int status(struct driver *d)
{
	size_t open = 0;
	for (size_t i = 0; i < d->nb; i++) {
		struct bbatch *b = &d->bs[i];
		if (!strcmp(b->state, "running") &&
		    (bclient_poll(d->cl, b, d->e) ||
		     store_batch_save(d->o->store, b, d->e)))
			return -1;
		open += strcmp(b->state, "done") != 0;
		printf("%-26s %-24s %-10s %-22s %6ld %s\n", b->id,
		       b->remote ? b->remote : "-", b->state,
		       b->status ? b->status : "-", b->items,
		       b->counts ? b->counts : "");
	}
	printf("%zu batches, %zu not collected; %zu instances still need a "
	       "reply\n",
	       d->nb, open, d->n);
	return store_flush(d->o->store, true, d->e);
}

static int drive(struct driver *d)
{
	bool open = true, sent;
	if (d->bo->status_only)
		return status(d);
	if (from_cache(d))
		return -1;
	for (;;) {
		if (round_(d, &open))
			return -1;
		while (!d->res->cost_stop && !*d->o->stop) {
			if (submit_new(d, &sent))
				return -1;
			if (!sent)
				break;
			open = true;
		}
		progress(d);
		if (!open)
			return 0;
		if (!wait_poll(d)) {
			d->res->interrupted = true;
			return 0;
		}
	}
}

int batch_run(const struct batch_opts *bo, struct run_item *items, size_t n,
              struct run_result *res, struct run_item **online,
              size_t *n_online, struct err *e)
{
	const struct run_opts *o = bo->o;
	struct driver d = {
	    .bo = bo, .o = o, .res = res, .e = e, .items = items, .n = n};
	int rc = -1;
	memset(res, 0, sizeof(*res));
	res->conc = res->conc_low = res->conc_end = 1;
	sbuf_init(&d.last);
	d.a = bapi_find(o->p);
	d.fd = open(o->instances_path, O_RDONLY | O_CLOEXEC);
	if (d.fd < 0)
		return err_set(e, ERR_IO, "cannot open '%s': %s",
		               o->instances_path, strerror(errno));
	d.state = xcalloc(n ? n : 1, 1);
	d.tries = xcalloc(n ? n : 1, sizeof(*d.tries));
	prompt_parts_init(&d.parts, o->tmpl);
	if (o->key)
		strlist_push(&d.secrets, o->key);
	provider_secrets(&o->s->base_urls, &d.secrets);
	if (!(d.cl = bclient_new(o, d.a, e)) ||
	    store_batch_items(o->store, NULL, count, &d, e) ||
	    store_batches(o->store, keep_batch, &d, e))
		goto out;
	for (size_t i = 0; i < d.nb; i++)
		if (strcmp(d.bs[i].state, "done") &&
		    store_batch_items(o->store, d.bs[i].id, mark, &d, e))
			goto out;
	/* the spend already on its way in batches made before */
	for (size_t i = 0; i < n; i++)
		if (d.state[i] == IN_BATCH)
			d.running_cost += estimate(&d, (long)i);
	if (o->max_cost > 0 && o->prior_cost >= o->max_cost)
		res->cost_stop = true;
	rc = drive(&d);
	for (size_t i = 0; i < n; i++)
		res->in_batches += d.state[i] == IN_BATCH || d.state[i] == THIS;
out:
	/* copies, owned by the caller like run_load's */
	*online = xcalloc(d.nonline ? d.nonline : 1, sizeof(**online));
	for (size_t i = 0; i < d.nonline; i++) {
		(*online)[i] = *d.online[i];
		(*online)[i].id = xstrdup(d.online[i]->id);
	}
	*n_online = d.nonline;
	free(d.online);
	bclient_free(d.cl);
	for (size_t i = 0; i < d.nb; i++)
		bbatch_release(&d.bs[i]);
	free(d.bs);
	free(d.state);
	free(d.tries);
	prompt_parts_release(&d.parts);
	strlist_release(&d.secrets);
	sbuf_release(&d.last);
	close(d.fd);
	return rc;
}
