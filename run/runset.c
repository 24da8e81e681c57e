/* run.db files grouped into runs: the shards of one run together. */
#include "run/runset.h"

#include <glob.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/shard.h"
#include "common/xalloc.h"

const char *const runset_same_keys[] = {
    "format",        "provider",         "model", "settings",
    "prompt_sha256", "instances_sha256", NULL};

/* What a file says about itself: its shard and the identity of its run. */
struct file_meta {
	struct shard shard; /* n 0: not a shard */
	struct sbuf key;    /* runset_same_keys' values and N, "\x1f"-joined */
};

static void read_meta(const char *path, struct file_meta *m)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	sbuf_init(&m->key);
	m->shard.n = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1,
	                       &q, NULL)) {
		sqlite3_close(db);
		return;
	}
	sqlite3_bind_text(q, 1, "shard", -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW &&
	    shard_parse((const char *)sqlite3_column_text(q, 0), "shard",
	                &m->shard, NULL))
		m->shard.n = 0; /* unreadable: a run of its own */
	for (size_t i = 0; m->shard.n && runset_same_keys[i]; i++) {
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, runset_same_keys[i], -1, SQLITE_STATIC);
		const char *v = sqlite3_step(q) == SQLITE_ROW
		                    ? (const char *)sqlite3_column_text(q, 0)
		                    : "";
		sbuf_addf(&m->key, "%s\x1f", v ? v : "");
	}
	sbuf_addf(&m->key, "%lu", m->shard.n);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* The run a shard with key belongs to, or NULL. */
static struct runset_run *find_run(struct runset *rs, char **keys,
                                   const struct file_meta *m)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].nshards && !strcmp(keys[i], m->key.buf))
			return &rs->v[i];
	return NULL;
}

static int add_file(struct runset *rs, char ***keys, const char *path,
                    struct err *e)
{
	struct file_meta m;
	struct runset_run *r;
	int rc = 0;
	read_meta(path, &m);
	if (!m.shard.n || !(r = find_run(rs, *keys, &m))) {
		rs->v = xrealloc(rs->v, (rs->n + 1) * sizeof(*rs->v));
		*keys = xrealloc(*keys, (rs->n + 1) * sizeof(**keys));
		(*keys)[rs->n] = sbuf_detach(&m.key);
		r = &rs->v[rs->n++];
		memset(r, 0, sizeof(*r));
		r->nshards = m.shard.n;
	}
	for (size_t i = 0; i < r->n && r->nshards; i++)
		if (r->ks[i] == m.shard.k)
			rc = err_set(e, ERR_INPUT,
			             "'%s' and '%s' are both shard %lu/%lu of "
			             "one run; give each shard once",
			             r->paths[i], path, m.shard.k, m.shard.n);
	if (!rc) {
		r->paths = xrealloc(r->paths, (r->n + 1) * sizeof(*r->paths));
		r->ks = xrealloc(r->ks, (r->n + 1) * sizeof(*r->ks));
		r->paths[r->n] = xstrdup(path);
		r->ks[r->n++] = m.shard.k;
	}
	sbuf_release(&m.key);
	return rc;
}

/* A pattern is expanded only when no file has its very name. */
static bool is_pattern(const char *s)
{
	return strpbrk(s, "*?[") && access(s, F_OK) < 0;
}

/* Orders a run's files by K. */
static void sort_by_k(struct runset_run *r)
{
	for (size_t i = 1; i < r->n; i++)
		for (size_t j = i; j > 0 && r->ks[j - 1] > r->ks[j]; j--) {
			unsigned long k = r->ks[j];
			char *p = r->paths[j];
			r->ks[j] = r->ks[j - 1], r->paths[j] = r->paths[j - 1];
			r->ks[j - 1] = k, r->paths[j - 1] = p;
		}
}

int runset_open(struct runset *rs, char *const *args, size_t n, struct err *e)
{
	char **keys = NULL;
	int rc = 0;
	memset(rs, 0, sizeof(*rs));
	for (size_t i = 0; i < n && !rc; i++) {
		glob_t g;
		if (!is_pattern(args[i])) {
			rc = add_file(rs, &keys, args[i], e);
			continue;
		}
		if (glob(args[i], 0, NULL, &g)) {
			rc = err_set(e, ERR_USAGE, "no file matches '%s'",
			             args[i]);
			continue;
		}
		for (size_t k = 0; k < g.gl_pathc && !rc; k++)
			rc = add_file(rs, &keys, g.gl_pathv[k], e);
		globfree(&g);
	}
	for (size_t i = 0; i < rs->n; i++) {
		sort_by_k(&rs->v[i]);
		free(keys[i]);
	}
	free(keys);
	if (rc)
		runset_release(rs);
	return rc;
}

void runset_release(struct runset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		for (size_t k = 0; k < rs->v[i].n; k++)
			free(rs->v[i].paths[k]);
		free(rs->v[i].paths);
		free(rs->v[i].ks);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

bool runset_missing(const struct runset_run *r, struct sbuf *out)
{
	size_t at = 0, listed = 0;
	if (!r->nshards || r->n == r->nshards)
		return false;
	for (unsigned long k = 0; k < r->nshards; k++) {
		if (at < r->n && r->ks[at] == k) {
			at++;
			continue;
		}
		if (listed++ == 10) {
			sbuf_addf(out, " and %lu more", r->nshards - r->n - 10);
			break;
		}
		sbuf_addf(out, "%s%lu/%lu", listed > 1 ? ", " : "", k,
		          r->nshards);
	}
	return true;
}

void runset_name(const struct runset_run *r, struct sbuf *out)
{
	sbuf_adds(out, r->n ? r->paths[0] : "");
	if (!r->nshards)
		return;
	if (r->n == 2)
		sbuf_addf(out, ", %s", r->paths[1]);
	else if (r->n > 2)
		sbuf_addf(out, " \xe2\x80\xa6 %s", r->paths[r->n - 1]);
	sbuf_addf(out, " (%zu of %lu shard%s)", r->n, r->nshards,
	          r->nshards > 1 ? "s" : "");
}
