/* The databases one run of gen covers, each with the queries to run on it. */
#include "gen/suite.h"

#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"

static bool wanted(const struct strlist *ids, const char *db, const char *qid,
                   size_t *hits)
{
	bool any = !ids->n;
	size_t dl = strlen(db);
	for (size_t i = 0; i < ids->n; i++) {
		const char *id = ids->v[i];
		if (!strcmp(id, qid) ||
		    (!strncmp(id, db, dl) && id[dl] == '/' &&
		     !strcmp(id + dl + 1, qid))) {
			hits[i]++;
			any = true;
		}
	}
	return any;
}

int suites_open(struct strlist *dbs, const char *queries, const char *templates,
                const struct strlist *ids, struct suite **out, size_t *n,
                struct err *e)
{
	size_t *hits = xcalloc(ids->n + 1, sizeof(size_t));
	int rc = -1;
	if (!dbs->n)
		db_bundled_names(dbs);
	if (!dbs->n) {
		err_set(e, ERR_INPUT, "no bundled databases under '%s/schemas'",
		        data_dir());
		goto out;
	}
	if ((queries || templates) && dbs->n > 1) {
		err_set(e, ERR_USAGE,
		        "--queries and --templates need exactly one --db");
		goto out;
	}
	*out = xcalloc(dbs->n, sizeof(**out));
	for (*n = 0; *n < dbs->n; (*n)++) {
		struct suite *g = &(*out)[*n];
		struct sbuf path = SBUF_INIT;
		if (!(g->db = db_open(dbs->v[*n], templates, 0, e)))
			goto out;
		if (queries)
			sbuf_adds(&path, queries);
		else if (g->db->bundled)
			sbuf_addf(&path, "%s/queries/%s.jsonl", data_dir(),
			          g->db->name);
		int bad = !path.len ? err_set(e, ERR_USAGE,
		                              "no query suite for "
		                              "'%s': give --queries FILE",
		                              g->db->name)
		                    : queries_load(&g->q, path.buf, e);
		sbuf_release(&path);
		if (bad)
			goto out;
		size_t keep = 0;
		for (size_t i = 0; i < g->q.n; i++)
			if (wanted(ids, g->db->name, g->q.v[i].id, hits))
				g->q.v[keep++] = g->q.v[i];
			else
				query_release(&g->q.v[i]);
		g->q.n = keep;
	}
	for (size_t i = 0; i < ids->n; i++)
		if (!hits[i]) {
			err_set(e, ERR_USAGE, "unknown query id '%s'",
			        ids->v[i]);
			goto out;
		}
	rc = 0;
out:
	free(hits);
	return rc;
}

int suites_others(const struct suite *g, size_t ng, struct db ***out, size_t *n,
                  struct err *e)
{
	struct strlist names = STRLIST_INIT;
	int rc = 0;
	db_bundled_names(&names);
	*out = xcalloc(names.n + 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < names.n && !rc; i++) {
		struct db *d = NULL;
		for (size_t k = 0; k < ng && !d; k++)
			if (g[k].db->bundled &&
			    !strcmp(g[k].db->name, names.v[i]))
				d = g[k].db;
		if (!d && !(d = db_open(names.v[i], NULL, 0, e)))
			rc = -1;
		if (d)
			(*out)[(*n)++] = d;
	}
	strlist_release(&names);
	return rc;
}

void suites_free(struct suite *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		db_free(s[i].db);
		queries_release(&s[i].q);
	}
	free(s);
}

void suites_others_free(const struct suite *s, size_t n, struct db **others,
                        size_t nothers)
{
	for (size_t i = 0; i < nothers; i++) {
		bool mine = true;
		for (size_t k = 0; k < n; k++)
			mine &= others[i] != s[k].db;
		if (mine)
			db_free(others[i]);
	}
	free(others);
}
