/* Report data: loads scored run.db files and groups instances with bootstrap
 * intervals. */
#include "report/report.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "report/stats.h"
#include "run/runset.h"
#include "score/score.h"

static const char *dim_names[D_N] = {"length",     "info", "placement", "type",
                                     "difficulty", "db",   "model",     "depth",
                                     "task",       "query"};
static const char *status_names[RS_N] = {
    "ok", "length", "overflow", "rejected", "refused", "error", "no_reply"};

const char *rep_dim_name(enum rep_dim d)
{
	return dim_names[d];
}

int rep_dim_parse(const char *s)
{
	for (int d = 0; d < D_N; d++)
		if (!strcmp(s, dim_names[d]))
			return d;
	if (!strcmp(s, "density") || !strcmp(s, "info_amount"))
		return D_INFO;
	return !strcmp(s, "types") ? D_TYPE : -1;
}

const char *rep_status_name(enum rep_status s)
{
	return status_names[s];
}

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->boot = 1000;
	r->seed = 1;
}

void report_release(struct report *r)
{
	for (size_t i = 0; i < r->nruns; i++) {
		struct rep_run *run = &r->runs[i];
		for (size_t j = 0; j < run->n; j++) {
			free(run->v[j].id);
			for (int d = 0; d < D_N; d++)
				free(run->v[j].keys[d]);
		}
		free(run->v);
		for (size_t k = 0; k < run->nfiles; k++)
			free(run->files[k]);
		free(run->files);
		free(run->name);
		free(run->path);
		free(run->label);
		free(run->judge);
	}
	free(r->runs);
	memset(r, 0, sizeof(*r));
}

static char *key_or_dash(const char *s)
{
	return xstrdup(s && *s ? s : "-");
}

static char *num_key(const cJSON *o, const char *k, const char *prefix)
{
	double v;
	struct sbuf b = SBUF_INIT;
	if (json_num(o, k, &v) < 0)
		return xstrdup("-");
	sbuf_adds(&b, prefix);
	json_add_num(&b, v);
	return sbuf_detach(&b);
}

/* "A,B" from a JSON array of type names. */
static char *types_key(const char *types)
{
	cJSON *a = types ? json_parse(types, strlen(types), NULL) : NULL;
	struct sbuf b = SBUF_INIT;
	const cJSON *t;
	cJSON_ArrayForEach(t, a) if (cJSON_IsString(t))
	    sbuf_addf(&b, "%s%s", b.len ? "," : "", t->valuestring);
	cJSON_Delete(a);
	char *s = sbuf_detach(&b);
	if (*s)
		return s;
	free(s);
	return xstrdup("-");
}

static enum rep_status status_of(const char *s)
{
	for (int i = 0; i < RS_MISSING; i++)
		if (s && !strcmp(s, status_names[i]))
			return (enum rep_status)i;
	return s ? RS_ERROR : RS_MISSING;
}

static const char *col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* FNV-1a over what the instance asked: params, probe, question, sql, stats,
 * gold (NULLs told apart from empty text). */
static uint64_t content_hash(sqlite3_stmt *q)
{
	static const int cols[] = {5, 6, 10, 11, 12, 13};
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t k = 0; k < sizeof(cols) / sizeof(*cols); k++) {
		int c = cols[k];
		const unsigned char *s = sqlite3_column_text(q, c);
		int n = sqlite3_column_bytes(q, c);
		for (int i = 0; s && i < n; i++)
			h = (h ^ s[i]) * 0x100000001b3ull;
		h = (h ^ (s ? 0x1f : 0x1e)) * 0x100000001b3ull; /* separator */
	}
	return h;
}

/* The text of an answer that nothing matches: what builtin/empty writes. */
static const char abstain_reply[] = "Final answer: []";

/* What abstaining scores on the instance of row q (its gold, sql and probe
 * columns), and whether its gold is empty. */
static void abstain_floor(struct rep_inst *x, sqlite3_stmt *q,
                          struct scorer *s)
{
	const char *gold = col(q, 13), *sql = col(q, 11), *probe = col(q, 6);
	cJSON *g = gold ? json_parse(gold, strlen(gold), NULL) : NULL;
	cJSON *pr = probe ? json_parse(probe, strlen(probe), NULL) : NULL;
	struct score_result res;
	score_result_init(&res);
	x->floor = NAN;
	x->empty = !pr && cJSON_GetArraySize(cJSON_GetObjectItem(g, "rows")) == 0;
	if (g && s && !scorer_score(s, g, sql, pr, abstain_reply, &res, NULL))
		x->floor = res.score;
	score_result_release(&res);
	cJSON_Delete(g);
	cJSON_Delete(pr);
}

/* Columns: id, db, query_id, types, difficulty, params, probe, status, score,
 * judge score, question, sql, stats, gold, seq. */
static void load_row(struct rep_inst *x, sqlite3_stmt *q, const char *model,
                     size_t file, struct scorer *s)
{
	const char *params = col(q, 5), *probe = col(q, 6);
	cJSON *p = params ? json_parse(params, strlen(params), NULL) : NULL;
	cJSON *pr = probe ? json_parse(probe, strlen(probe), NULL) : NULL;
	memset(x, 0, sizeof(*x));
	x->id = xstrdup(col(q, 0));
	x->keys[D_DB] = key_or_dash(col(q, 1));
	x->keys[D_QUERY] = key_or_dash(col(q, 2));
	x->keys[D_TYPE] = types_key(col(q, 3));
	x->keys[D_DIFFICULTY] = key_or_dash(col(q, 4));
	x->keys[D_LENGTH] = num_key(p, "length", "");
	x->keys[D_INFO] = cJSON_IsNumber(cJSON_GetObjectItem(p, "info_amount"))
	                      ? num_key(p, "info_amount", "A=")
	                      : num_key(p, "density", "d=");
	x->keys[D_PLACEMENT] = key_or_dash(json_str(p, "placement"));
	x->keys[D_MODEL] = xstrdup(model);
	x->keys[D_TASK] = key_or_dash(json_str(pr, "task"));
	x->keys[D_DEPTH] = num_key(pr, "depth", "");
	if (json_num(pr, "depth", &x->depth) < 0)
		x->depth = NAN;
	x->status = status_of(col(q, 7));
	x->score = sqlite3_column_type(q, 8) == SQLITE_NULL
	               ? NAN
	               : sqlite3_column_double(q, 8);
	x->judge = sqlite3_column_type(q, 9) == SQLITE_NULL
	               ? NAN
	               : sqlite3_column_double(q, 9);
	x->content = content_hash(q);
	x->seq = sqlite3_column_int64(q, 14);
	abstain_floor(x, q, s);
	x->file = file;
	cJSON_Delete(p);
	cJSON_Delete(pr);
}

static char *meta_model(sqlite3 *db, const char *path)
{
	sqlite3_stmt *q = NULL;
	char *m = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'model'",
	                       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && col(q, 0))
		m = xstrdup(col(q, 0));
	sqlite3_finalize(q);
	if (!m) { /* no model recorded: the file name stands in */
		const char *slash = strrchr(path, '/');
		m = xstrdup(slash ? slash + 1 : path);
	}
	return m;
}

/* Makes run labels unique by appending " (2)", " (3)". */
static void unique_label(struct report *r, struct rep_run *run)
{
	int k = 1;
	for (size_t i = 0; i + 1 < r->nruns; i++)
		if (!strncmp(r->runs[i].label, run->label, strlen(run->label)))
			k++;
	if (k > 1) {
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, "%s (%d)", run->label, k);
		free(run->label);
		run->label = sbuf_detach(&b);
	}
}

static bool has_scores(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	bool yes = sqlite3_prepare_v2(db,
	                              "SELECT 1 FROM sqlite_master WHERE "
	                              "type = 'table' AND name = 'scores'",
	                              -1, &q, NULL) == SQLITE_OK &&
	           sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return yes;
}

/* The first judge scorer of the run, or NULL. */
static char *judge_name(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	char *name = NULL;
	if (sqlite3_prepare_v2(db,
	                       "SELECT min(scorer) FROM scores WHERE scorer "
	                       "LIKE 'judge:%'",
	                       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && col(q, 0))
		name = xstrdup(col(q, 0));
	sqlite3_finalize(q);
	return name;
}

int report_not_run(sqlite3 *db, const char *path, struct err *e)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
	if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)
		return err_set(e, ERR_IO,
		               "cannot read '%s': it is still in WAL mode (its "
		               "run did not finish) and its folder is not "
		               "writable; copy it to a writable folder",
		               path);
	return err_set(e, ERR_INPUT, "'%s' is not a ctxbench run: %s", path,
	               db ? sqlite3_errmsg(db) : "out of memory");
}

/* Appends the rows of file f (at path) of run; *cap is run->v's capacity. */
static int load_rows(struct rep_run *run, sqlite3 *db, const char *path,
                     size_t f, size_t *cap, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int step;
	/* a file that is not a run at all must not be told to get scored */
	if (sqlite3_exec(db, "SELECT id FROM instances LIMIT 0", NULL, NULL,
	                 NULL) ||
	    sqlite3_exec(db, "SELECT status FROM replies LIMIT 0", NULL, NULL,
	                 NULL))
		return report_not_run(db, path, e);
	if (!has_scores(db))
		return err_set(
		    e, ERR_INPUT,
		    "'%s' has no scores; run 'ctxbench score %s' first",
		    path, path);
	if (!run->judge)
		run->judge = judge_name(db);
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT i.id, i.db, i.query_id, i.types, i.difficulty, "
	        "i.params,"
	        " i.probe, r.status, s.score, j.score,"
	        " i.question, i.sql, i.stats, i.gold, i.seq FROM instances i"
	        " LEFT JOIN replies r ON r.id = i.id"
	        " LEFT JOIN scores s ON s.id = i.id AND s.scorer = 'det'"
	        " LEFT JOIN scores j ON j.id = i.id AND j.scorer = ?1"
	        " ORDER BY i.seq",
	        -1, &q, NULL)) {
		err_set(e, ERR_INPUT, "'%s' is not a scored ctxbench run: %s",
		        path, sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(q, 1, run->judge ? run->judge : "", -1,
	                  SQLITE_STATIC);
	struct score_opts so;
	score_opts_init(&so);
	struct scorer *s = scorer_new(&so, NULL);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow(&run->v, cap, run->n + 1, sizeof(*run->v));
		load_row(&run->v[run->n++], q, run->label, f, s);
	}
	if (step != SQLITE_DONE)
		err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
	scorer_free(s);
	sqlite3_finalize(q);
	return step == SQLITE_DONE ? 0 : -1;
}

static bool any_reply(const struct rep_run *run)
{
	for (size_t i = 0; i < run->n; i++)
		if (run->v[i].status != RS_MISSING)
			return true;
	return false;
}

static bool any_scored(const struct rep_run *run)
{
	for (size_t i = 0; i < run->n; i++)
		if (!isnan(run->v[i].score))
			return true;
	return false;
}

/* Loads file f of run (its label comes from the first). */
static int load_file(struct report *r, struct rep_run *run, size_t f,
                     size_t *cap, struct err *e)
{
	const char *path = run->nfiles ? run->files[f] : run->path;
	sqlite3 *db = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL)) {
		err_set(e, ERR_IO, "cannot open '%s': %s", path,
		        db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, 10000);
	if (!f) {
		run->label = meta_model(db, path);
		unique_label(r, run);
	}
	rc = load_rows(run, db, path, f, cap, e);
out:
	sqlite3_close(db);
	return rc;
}

static int by_seq(const void *a, const void *b)
{
	const struct rep_inst *x = a, *y = b;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_id(const void *a, const void *b)
{
	const struct rep_inst *x = *(const struct rep_inst *const *)a;
	const struct rep_inst *y = *(const struct rep_inst *const *)b;
	return strcmp(x->id, y->id);
}

/* Shards hold each instance once, but files given by hand might not. */
static int check_once(const struct rep_run *run, struct err *e)
{
	const struct rep_inst **v = xmalloc((run->n + 1) * sizeof(*v));
	int rc = 0;
	for (size_t i = 0; i < run->n; i++)
		v[i] = &run->v[i];
	qsort(v, run->n, sizeof(*v), by_id);
	for (size_t i = 1; i < run->n && !rc; i++)
		if (!strcmp(v[i - 1]->id, v[i]->id))
			rc = err_set(e, ERR_INPUT,
			             "instance '%s' is in both '%s' and '%s'; "
			             "they are not shards of one run",
			             v[i]->id, run->files[v[i - 1]->file],
			             run->files[v[i]->file]);
	free(v);
	return rc;
}

int report_load(struct report *r, const struct runset_run *rr, struct err *e)
{
	size_t cap = 0;
	const char *path = rr->paths[0];
	r->runs = xrealloc(r->runs, (r->nruns + 1) * sizeof(*r->runs));
	struct rep_run *run = &r->runs[r->nruns++];
	memset(run, 0, sizeof(*run));
	run->path = xstrdup(path);
	run->nshards = rr->nshards;
	if (rr->nshards) {
		struct sbuf name = SBUF_INIT;
		runset_name(rr, &name);
		run->name = sbuf_detach(&name);
		run->files = xcalloc(rr->n, sizeof(*run->files));
		for (size_t i = 0; i < rr->n; i++)
			run->files[i] = xstrdup(rr->paths[i]);
		run->nfiles = rr->n;
	}
	for (size_t f = 0; f < rr->n; f++)
		if (load_file(r, run, f, &cap, e) < 0)
			return -1;
	/* one order however the run was split: one report */
	if (run->nfiles > 1) {
		qsort(run->v, run->n, sizeof(*run->v), by_seq);
		if (check_once(run, e) < 0)
			return -1;
	}
	if (any_scored(run))
		return 0;
	if (run->nfiles > 1)
		return err_set(e, ERR_INPUT,
		               "the shards %s hold no %s yet; %s", run->name,
		               any_reply(run) ? "scores" : "replies",
		               any_reply(run) ? "run 'ctxbench score' on them "
		                                "first"
		                              : "finish their runs, then score "
		                                "them");
	if (!any_reply(run))
		return err_set(e, ERR_INPUT,
		               "'%s' holds no replies yet; finish its run "
		               "('ctxbench run ... -o %s'), then score it",
		               path, path);
	return err_set(e, ERR_INPUT,
	               "'%s' has no scores; run 'ctxbench score %s' first",
	               path, path);
}

const char *report_run_name(const struct report *r, size_t i)
{
	return r->runs[i].name ? r->runs[i].name : r->runs[i].path;
}

bool report_has(const struct report *r, enum rep_dim d)
{
	for (size_t i = 0; i < r->nruns; i++)
		for (size_t j = 0; j < r->runs[i].n; j++)
			if (strcmp(r->runs[i].v[j].keys[d], "-"))
				return true;
	return false;
}

bool report_judge(const struct report *r, size_t i, size_t *n, double *judge,
                  double *det, double *agree)
{
	const struct rep_run *run = &r->runs[i];
	double sj = 0, sd = 0, same = 0;
	*n = 0;
	for (size_t k = 0; k < run->n; k++) {
		const struct rep_inst *x = &run->v[k];
		if (isnan(x->judge) || isnan(x->score))
			continue;
		(*n)++;
		sj += x->judge;
		sd += x->score;
		same += fabs(x->judge - x->score) < 1e-9;
	}
	*judge = *n ? sj / (double)*n : NAN;
	*det = *n ? sd / (double)*n : NAN;
	*agree = *n ? same / (double)*n : NAN;
	return run->judge && *n;
}
