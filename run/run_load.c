/* The run's inputs and records around the engine: the instances file (hash,
 * load, resume selection), run.db's meta rows and the closing summary. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sha256.h"
#include "common/shard.h"
#include "common/xalloc.h"
#include "config.h"
#include "run/instance.h"
#include "run/provider.h"
#include "run/rules.h"
#include "run/run.h"
#include "run/store.h"

int run_file_sha(const char *path, char out[65], struct err *e)
{
	struct sha256 h;
	char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t k;
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path,
		               strerror(errno));
	sha256_init(&h);
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&h, buf, (size_t)k);
	close(fd);
	if (k < 0)
		return err_set(e, ERR_IO, "cannot read '%s': %s", path,
		               strerror(errno));
	sha256_final_hex(&h, out);
	return 0;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

uint64_t run_line_hash(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, v;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&v, p, 8);
		h = (h ^ (v * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
		h = (h << 31) | (h >> 33);
	}
	v = 0;
	memcpy(&v, p, n);
	return mix(h ^ v);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A repeated id would make two instances share one record. */
static int check_unique(struct run_item *all, size_t n, struct err *e)
{
	char **ids = xmalloc((n ? n : 1) * sizeof(*ids));
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		ids[i] = all[i].id;
	qsort(ids, n, sizeof(*ids), by_id);
	for (size_t i = 1; i < n && !rc; i++)
		if (!strcmp(ids[i - 1], ids[i]))
			rc = err_set(e, ERR_INPUT,
			             "instance id '%s' appears twice", ids[i]);
	free(ids);
	return rc;
}

static int status_index(const char *s)
{
	for (int i = 0; i < REPLY_FINAL_N; i++)
		if (!strcmp(s, reply_status_name((enum reply_status)i)))
			return i;
	return -1;
}

/* Keeps the items that still need a reply; counts the others in prior. */
static int select_items(struct store *st, struct run_item *all, size_t *n,
                        long long prior[REPLY_FINAL_N], struct err *e)
{
	size_t keep = 0;
	char status[32];
	for (size_t i = 0; i < *n; i++) {
		if (store_status(st, all[i].id, status, sizeof(status), e))
			return -1;
		int k = status_index(status);
		if (k < 0 || k == REPLY_ERROR) {
			all[keep++] = all[i];
		} else {
			prior[k]++;
			free(all[i].id);
		}
	}
	*n = keep;
	return 0;
}

/* Reads the rest of f into the hash only (past --limit); *more: it holds
 * more than white space (so more instances). */
static int hash_rest(FILE *f, struct sha256 *h, bool *more)
{
	char buf[1 << 16];
	size_t k;
	*more = false;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
		sha256_update(h, buf, k);
		for (size_t i = 0; i < k && !*more; i++)
			*more = !strchr(" \t\r\n", buf[i]);
	}
	return ferror(f) ? -1 : 0;
}

/* One line of the file: checked, and kept when it is of the shard. */
static int load_line(struct run_set *set, const struct shard *shard,
                     struct store *st, const char *line, size_t l, off_t here,
                     struct err *e)
{
	struct instance in;
	if (instance_parse_light(&in, line, l, e))
		return -1;
	/* refused now, not after it was paid for and score refused the whole
	 * run.db */
	if (instance_check(&in, e)) {
		instance_release(&in);
		return -1;
	}
	/* seq stays the place in the whole file, so shards merge back into
	 * the unsharded order */
	set->in_file++;
	if (!shard_has(shard, in.id, strlen(in.id))) {
		instance_release(&in);
		return 0;
	}
	struct store_place pl = {(long long)set->in_file, here, (long long)l,
	                         run_line_hash(line, l), in.context_tokens + 200};
	xgrow(&set->items, &set->cap, set->n + 1, sizeof(*set->items));
	struct run_item *it = &set->items[set->n++];
	*it = (struct run_item){.id = xstrdup(in.id),
	                        .seq = (long)set->in_file,
	                        .off = here,
	                        .len = l,
	                        .hash = pl.hash,
	                        .est_tokens = pl.est};
	if (in.raw_utf8 && l < UINT32_MAX) { /* the prompt straight from it */
		it->ctx_off = (uint32_t)in.ctx_off;
		it->ctx_len = (uint32_t)in.ctx_len;
		it->q_off = (uint32_t)in.q_off;
		it->q_len = (uint32_t)in.q_len;
	}
	int rc = store_add_instance(st, (long)set->in_file, &in, &pl, e);
	instance_release(&in);
	return rc;
}

int run_load(const char *path, long long limit, const struct shard *shard,
             struct store *st, struct run_set *set, struct err *e)
{
	FILE *f = fopen(path, "re");
	struct sha256 h;
	size_t lcap = 0, lineno = 0;
	char *line = NULL;
	ssize_t len = 0;
	off_t off = 0;
	bool more = false;
	int rc = -1;
	if (!f)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path,
		               strerror(errno));
	sha256_init(&h);
	if (store_begin(st, e))
		goto out;
	while ((!limit || (long long)set->in_file < limit) &&
	       (len = getline(&line, &lcap, f)) > 0) {
		off_t here = off;
		off += len;
		lineno++;
		sha256_update(&h, line, (size_t)len);
		size_t l = (size_t)len;
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			l--;
		if (l && load_line(set, shard, st, line, l, here, e)) {
			err_prefix(e, "'%s' line %zu", path, lineno);
			goto out;
		}
	}
	if (ferror(f) || hash_rest(f, &h, &more)) {
		err_set(e, ERR_IO, "cannot read '%s': %s", path,
		        strerror(errno));
		goto out;
	}
	/* the index is complete when no instance is left past the limit */
	set->complete = !more;
	sha256_final_hex(&h, set->sha);
	if (check_unique(set->items, set->n, e) || store_flush(st, true, e))
		goto out;
	set->total = set->n;
	/* one read transaction: no lock round trip per instance */
	if (store_begin(st, e) ||
	    select_items(st, set->items, &set->n, set->prior, e) ||
	    store_flush(st, true, e))
		goto out;
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

/* One instance of the index: kept when it still needs a reply. */
static int index_one(void *arg, const char *id, const struct store_place *pl,
                     const char *status)
{
	struct run_set *set = arg;
	int k = status_index(status);
	set->total++;
	if (k >= 0 && k != REPLY_ERROR) {
		set->prior[k]++;
		return 0;
	}
	xgrow(&set->items, &set->cap, set->n + 1, sizeof(*set->items));
	set->items[set->n++] = (struct run_item){.id = xstrdup(id),
	                                         .seq = (long)pl->seq,
	                                         .off = (off_t)pl->off,
	                                         .len = (size_t)pl->len,
	                                         .hash = pl->hash,
	                                         .est_tokens = pl->est};
	return 0;
}

int run_index(struct store *st, long long limit, long long indexed,
              struct run_set *set, struct err *e)
{
	int rc = store_instances(st, limit, index_one, set, e);
	if (rc)
		return rc;
	set->in_file = (size_t)(limit && limit < indexed ? limit : indexed);
	set->complete = true;
	return 0;
}

int run_instances(struct store *st, struct run_meta *m, const char *path,
                  long long limit, const struct shard *shard,
                  struct run_set *set, struct err *e)
{
	char *stored = store_meta_get(st, "instances_sha256");
	char *indexed = store_meta_get(st, "instances_indexed");
	struct meta_kv rest[RUN_META_N], *sha = &m->kv[RUN_META_SHA];
	char count[32];
	int rc = -1, k = 0;
	for (int i = 0; i < RUN_META_N; i++)
		if (i != RUN_META_SHA)
			rest[k++] = m->kv[i];
	if (store_meta(st, rest, (size_t)k, e))
		goto out;
	if (stored) {
		/* a resume: the file must be the one the run was made from
		 * before anything is added to run.db */
		if (run_file_sha(path, set->sha, e))
			goto out;
		sha->value = set->sha;
		if (store_meta(st, sha, 1, e))
			goto out;
		/* a run.db that indexes its file: nothing to parse again */
		int got =
		    indexed ? run_index(st, limit, atoll(indexed), set, e) : 1;
		if (got <= 0) {
			rc = got;
			goto out;
		}
		/* not indexed (an older run.db): read the file */
		char keep[65];
		memcpy(keep, set->sha, sizeof(keep));
		run_set_release(set);
		memcpy(set->sha, keep, sizeof(keep));
	}
	if (run_load(path, limit, shard, st, set, e))
		goto out;
	if (stored && strcmp(stored, set->sha)) {
		err_set(e, ERR_INPUT, "'%s' changed while it was read", path);
		goto out;
	}
	sha->value = set->sha;
	snprintf(count, sizeof(count), "%zu", set->in_file);
	struct meta_kv idx = {"instances_indexed", count, false};
	if (store_meta(st, sha, 1, e) ||
	    (set->complete && store_meta(st, &idx, 1, e)))
		goto out;
	rc = 0;
out:
	free(stored);
	free(indexed);
	return rc;
}

void run_set_release(struct run_set *set)
{
	if (!set)
		return;
	run_items_free(set->items, set->n);
	memset(set, 0, sizeof(*set));
}

void run_items_free(struct run_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].id);
	free(items);
}

void run_meta_init(struct run_meta *m, const struct settings *s,
                   const struct model_rule *rule, const struct wire *w,
                   const char *tmpl, const char *path, const char *sha)
{
	time_t t = time(NULL);
	struct tm tm;
	sbuf_init(&m->urls);
	sbuf_init(&m->settings);
	sbuf_init(&m->body);
	sbuf_init(&m->request);
	sha256_hex(tmpl, strlen(tmpl), m->tmpl_sha);
	gmtime_r(&t, &tm);
	strftime(m->created, sizeof(m->created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sbuf_addch(&m->urls, '[');
	for (size_t i = 0; i < s->base_urls.n; i++) {
		struct sbuf pub = SBUF_INIT;
		if (i)
			sbuf_addch(&m->urls, ',');
		provider_url_public(s->base_urls.v[i], &pub);
		json_add_str(&m->urls, pub.buf);
		sbuf_release(&pub);
	}
	sbuf_addch(&m->urls, ']');
	settings_json(s, rule->flags & RULE_NO_SAMPLING, &m->settings);
	if (w) {
		wire_body_record(w, &m->body);
		sbuf_addf(&m->request, "%s\n%s", w->path.buf, m->body.buf);
	}
	/* what shapes the replies must match on resume; the rest is informative
	 */
	struct meta_kv kv[RUN_META_N] = {
	    {"format", STORE_FORMAT, true},
	    {"provider", s->provider, true},
	    {"model", s->model, true},
	    {"base_urls", m->urls.buf, false},
	    {"settings", m->settings.buf, true},
	    {"prompt_template", tmpl, false},
	    {"prompt_sha256", m->tmpl_sha, true},
	    {"instances_path", path, false},
	    {"instances_sha256", sha, true},
	    {"created", m->created, false},
	    {"ctxbench_version", CTXBENCH_VERSION, false},
	    {"model_rule", rule->family, false},
	    {"request_path", w ? w->path.buf : "", true},
	    {"request_body", w ? m->body.buf : "", true},
	};
	memcpy(m->kv, kv, sizeof(kv));
}

void run_meta_release(struct run_meta *m)
{
	sbuf_release(&m->urls);
	sbuf_release(&m->settings);
	sbuf_release(&m->body);
	sbuf_release(&m->request);
}

void run_summary(const struct run_result *r,
                 const long long prior[REPLY_FINAL_N], size_t total,
                 double secs, struct sbuf *out)
{
	long long missing = (long long)total;
	sbuf_addf(out, "%zu instances:", total);
	for (int i = 0; i < REPLY_FINAL_N; i++) {
		long long k = r->status[i] + prior[i];
		missing -= k;
		sbuf_addf(out, "%s %lld %s", i ? "," : "", k,
		          reply_status_name((enum reply_status)i));
	}
	if (r->in_batches)
		sbuf_addf(out, ", %lld in batches at the provider",
		          r->in_batches);
	sbuf_addf(out, ", %lld not sent; %lld requests, %lld cached",
	          missing - r->in_batches, r->attempts, r->cached);
	if (r->cost > 0)
		sbuf_addf(out, ", $%.4f", r->cost);
	sbuf_addf(out, " in %.1fs", secs);
	if (r->conc_low < r->conc)
		sbuf_addf(out,
		          "; 429s cut concurrency from %d to %d, %d at "
		          "the end",
		          r->conc, r->conc_low, r->conc_end);
}
