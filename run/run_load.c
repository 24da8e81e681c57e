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

int run_load(const char *path, long long limit, const struct shard *shard,
             struct store *st, struct run_item **items, size_t *n,
             size_t *total, size_t *in_file,
             long long prior[REPLY_FINAL_N], struct err *e)
{
	FILE *f = fopen(path, "re");
	struct run_item *all = NULL;
	size_t cnt = 0, seen = 0, cap = 0, lcap = 0;
	char *line = NULL;
	ssize_t len;
	off_t off = 0;
	size_t lineno = 0;
	int rc = -1;
	if (!f)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path,
		               strerror(errno));
	if (store_begin(st, e))
		goto out;
	while ((!limit || (long long)seen < limit) &&
	       (len = getline(&line, &lcap, f)) > 0) {
		struct instance in;
		off_t here = off;
		off += len;
		lineno++;
		size_t l = (size_t)len;
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			l--;
		if (!l)
			continue;
		if (instance_parse(&in, line, l, e)) {
			err_prefix(e, "'%s' line %zu", path, lineno);
			goto out;
		}
		/* refused now, not after it was paid for and score refused
		 * the whole run.db */
		if (instance_check(&in, e)) {
			instance_release(&in);
			err_prefix(e, "'%s' line %zu", path, lineno);
			goto out;
		}
		/* seq stays the place in the whole file, so shards merge
		 * back into the unsharded order */
		seen++;
		if (!shard_has(shard, in.id, strlen(in.id))) {
			instance_release(&in);
			continue;
		}
		xgrow(&all, &cap, cnt + 1, sizeof(*all));
		all[cnt] = (struct run_item){xstrdup(in.id), here, l,
		                             run_line_hash(line, l),
		                             in.context_tokens + 200};
		rc = store_add_instance(st, (long)seen, &in, e);
		instance_release(&in);
		cnt++;
		if (rc)
			goto out;
		rc = -1;
	}
	if (ferror(f)) {
		err_set(e, ERR_IO, "cannot read '%s': %s", path,
		        strerror(errno));
		goto out;
	}
	if (check_unique(all, cnt, e) || store_flush(st, true, e))
		goto out;
	*total = cnt;
	*in_file = seen;
	/* one read transaction: no lock round trip per instance */
	if (store_begin(st, e) || select_items(st, all, &cnt, prior, e) ||
	    store_flush(st, true, e))
		goto out;
	*items = all;
	*n = cnt;
	all = NULL;
	cnt = 0;
	rc = 0;
out:
	run_items_free(all, cnt);
	free(line);
	fclose(f);
	return rc;
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
	sbuf_addf(out, ", %lld not sent; %lld requests, %lld cached", missing,
	          r->attempts, r->cached);
	if (r->cost > 0)
		sbuf_addf(out, ", $%.4f", r->cost);
	sbuf_addf(out, " in %.1fs", secs);
	if (r->conc_low < r->conc)
		sbuf_addf(out,
		          "; 429s cut concurrency from %d to %d, %d at "
		          "the end",
		          r->conc, r->conc_low, r->conc_end);
}
