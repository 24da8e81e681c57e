/* Checks of instances against their contexts and source databases. */
#include "gen/check.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/instance.h"
#include "gen/locate.h"
#include "gen/readback.h"
#include "tok/tok.h"

/* Databases and tokenizers opened so far. */
struct check_cache {
	struct db **db;
	bool *own; /* opened as an instance's own database */
	size_t ndb, dbcap, owncap;
	struct tok **tok;
	size_t ntok, tokcap;
	const struct locate *where;
	const char *tokenizer; /* --tokenizer, for names that are not paths */
};

struct check_cache *check_cache_new(const struct locate *where,
                                    const char *tokenizer)
{
	struct check_cache *c = xcalloc(1, sizeof(*c));
	c->where = where;
	c->tokenizer = tokenizer;
	return c;
}

/*
 * An unnamed --templates is for the instance's own database (gen takes it
 * for exactly one --db); distractor databases keep their own templates. own
 * says which. sha: the content the instance records (NULL: any).
 */
static struct db *get_db(struct check_cache *c, const char *name,
                         const char *sha, bool own, struct err *e)
{
	for (size_t i = 0; i < c->ndb; i++)
		if (!strcmp(c->db[i]->name, name) && c->own[i] == own &&
		    (!sha || !strcmp(c->db[i]->sha256, sha)))
			return c->db[i];
	struct db *db = locate_open(c->where, name, sha, own, e);
	if (!db)
		return NULL;
	xgrow(&c->db, &c->dbcap, c->ndb + 1, sizeof(*c->db));
	xgrow(&c->own, &c->owncap, c->ndb + 1, sizeof(*c->own));
	c->own[c->ndb] = own;
	return c->db[c->ndb++] = db;
}

static struct tok *get_tok(struct check_cache *c, const char *spec,
                           struct err *e)
{
	for (size_t i = 0; i < c->ntok; i++)
		if (!strcmp(tok_name(c->tok[i]), spec))
			return c->tok[i];
	struct tok *t = tok_open(
	    c->tokenizer && strncmp(spec, "ratio", 5) ? c->tokenizer : spec, e);
	if (!t && !c->tokenizer && strncmp(spec, "ratio", 5)) {
		err_set(e, ERR_INPUT,
		        "cannot open tokenizer '%s': give "
		        "--tokenizer PATH",
		        spec);
		return NULL;
	}
	if (!t)
		return NULL;
	if (strcmp(tok_name(t), spec)) {
		err_set(e, ERR_INPUT,
		        "the instance was counted with '%s', "
		        "the tokenizer given is '%s'",
		        spec, tok_name(t));
		tok_free(t);
		return NULL;
	}
	xgrow(&c->tok, &c->tokcap, c->ntok + 1, sizeof(*c->tok));
	return c->tok[c->ntok++] = t;
}

/* State of checking one instance. */
struct check {
	struct check_cache *cache;
	const cJSON *in;
	struct db *db;
	struct tok *tok;
	const char *ctx;
	size_t ctxlen;
	struct db_table **rel;
	size_t nrel;
	sqlite3_stmt *st;
	struct sbuf vals[64];
	bool isnull[64];
	long long info;
	size_t relevant;
};

/* The parsed sentence must be exactly the source row. */
static int same_row(struct check *k, struct db_table *t, size_t pos,
                    struct err *e)
{
	struct sbuf src[64];
	bool srcnull[64];
	int rc = 0;
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_init(&src[i]);
	if (db_row_text(t, pos, src, srcnull, e))
		rc = -1;
	for (size_t i = 0; i < t->ncols && !rc; i++)
		if (srcnull[i] != k->isnull[i] ||
		    strcmp(src[i].buf, k->vals[i].buf))
			rc = err_set(e, ERR_INPUT,
			             "column '%s' reads back as "
			             "'%s', the row holds '%s'",
			             t->cols[i],
			             k->isnull[i] ? "NULL" : k->vals[i].buf,
			             srcnull[i] ? "NULL" : src[i].buf);
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_release(&src[i]);
	return rc;
}

static bool reads(const struct check *k, const struct db_table *t)
{
	for (size_t i = 0; i < k->nrel; i++)
		if (k->rel[i] == t)
			return true;
	return false;
}

static int check_unit(struct check *k, const cJSON *u, size_t start, size_t len,
                      struct err *e)
{
	const char *udb = json_str(u, "db"), *tn = json_str(u, "table");
	long long rowid = -1, at = -1, ntok = -1;
	json_long(u, "rowid", &rowid);
	json_long(u, "start", &at);
	json_long(u, "tokens", &ntok);
	struct db *db = udb ? get_db(k->cache, udb, NULL, false, e) : k->db;
	struct db_table *t = db && tn ? db_table(db, tn) : NULL, *got = NULL;
	long long pos = t ? db_pos(t, rowid) : -1;
	if (!db)
		return -1;
	if (pos < 0)
		return err_set(e, ERR_INPUT, "no row %lld in table '%s'", rowid,
		               tn ? tn : "?");
	if (at != (long long)start)
		return err_set(e, ERR_INPUT,
		               "start %lld, the line starts at %zu", at, start);
	if (ntok != tok_count(k->tok, k->ctx + start, len, e))
		return err_set(e, ERR_INPUT, "tokens %lld, the line has %lld",
		               ntok, tok_count(k->tok, k->ctx + start, len, e));
	if (!readback_line(db, k->ctx + start, len, &got, k->vals, k->isnull) ||
	    got != t)
		return err_set(e, ERR_INPUT,
		               "the sentence does not read back "
		               "as a row of '%s'",
		               t->name);
	if (same_row(k, t, (size_t)pos, e))
		return -1;
	bool rel = db == k->db && reads(k, t);
	if (rel != json_bool(u, "relevant", !rel))
		return err_set(e, ERR_INPUT, "\"relevant\" should be %s",
		               rel ? "true" : "false");
	if (!rel)
		return 0;
	const char *pv[64];
	for (size_t i = 0; i < t->ncols; i++)
		pv[i] = k->isnull[i] ? NULL : k->vals[i].buf;
	k->info += ntok;
	k->relevant++;
	return db_put_row(t, pv, rowid, e);
}

struct seen {
	const char *db;
	const char *table;
	long long rowid;
};

static int cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->db, y->db);
	c = c ? c : strcmp(x->table, y->table);
	return c ? c : (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static int no_duplicates(const cJSON *units, struct err *e)
{
	size_t n = (size_t)cJSON_GetArraySize(units), i = 0;
	struct seen *s = xcalloc(n + 1, sizeof(*s));
	const cJSON *u;
	int rc = 0;
	cJSON_ArrayForEach(u, units)
	{
		s[i].db = json_str(u, "db") ? json_str(u, "db") : "";
		s[i].table = json_str(u, "table") ? json_str(u, "table") : "";
		json_long(u, "rowid", &s[i++].rowid);
	}
	qsort(s, n, sizeof(*s), cmp_seen);
	for (i = 1; i < n && !rc; i++)
		if (!cmp_seen(&s[i - 1], &s[i]))
			rc = err_set(e, ERR_INPUT,
			             "row %lld of '%s' is placed twice",
			             s[i].rowid, s[i].table);
	free(s);
	return rc;
}

/* Walks the lines of the context and the units side by side. */
static int check_units(struct check *k, const cJSON *units, struct err *e)
{
	size_t at = 0, i = 0, n = (size_t)cJSON_GetArraySize(units);
	const cJSON *u = units ? units->child : NULL;
	if (!cJSON_IsArray(units))
		return err_set(e, ERR_INPUT, "no \"units\" array");
	for (; u && at <= k->ctxlen; u = u->next, i++) {
		const char *nl = memchr(k->ctx + at, '\n', k->ctxlen - at);
		size_t end = nl ? (size_t)(nl - k->ctx) : k->ctxlen;
		if (check_unit(k, u, at, end - at, e))
			return err_prefix(
			    e, "unit %zu (%s rowid %lld)", i + 1,
			    json_str(u, "table") ? json_str(u, "table") : "?",
			    json_long_or(u, "rowid", -1));
		at = end + 1;
	}
	if (n && (i != n || at != k->ctxlen + 1))
		return err_set(e, ERR_INPUT,
		               "the context has %s lines than units",
		               i != n ? "fewer" : "more");
	return no_duplicates(units, e);
}

/* stats.gold_rows and params.meant_empty (when recorded) against the gold:
 * gen makes every gold empty when meant so, and non-empty otherwise. */
static int check_gold_rows(const cJSON *in, const cJSON *st, const cJSON *pa,
                           struct err *e)
{
	const cJSON *gold = cJSON_GetObjectItemCaseSensitive(in, "gold");
	long long rows =
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(gold, "rows"));
	const cJSON *meant =
	    cJSON_GetObjectItemCaseSensitive(pa, "meant_empty");
	if (cJSON_GetObjectItemCaseSensitive(st, "gold_rows") &&
	    json_long_or(st, "gold_rows", -1) != rows)
		return err_set(e, ERR_INPUT,
		               "stats say %lld gold rows, the gold has %lld",
		               json_long_or(st, "gold_rows", -1), rows);
	if (cJSON_IsBool(meant) && cJSON_IsTrue(meant) != !rows)
		return err_set(
		    e, ERR_INPUT,
		    "the gold has %lld rows but params say it was %s", rows,
		    cJSON_IsTrue(meant) ? "meant to be empty"
		                        : "not meant to be empty");
	return 0;
}

/* stats against the units and params, and the id against the params. */
static int check_budgets(struct check *k, const cJSON *in, struct err *e)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(in, "stats");
	const cJSON *pa = cJSON_GetObjectItemCaseSensitive(in, "params");
	long long len = json_long_or(pa, "length", -1),
	          info = json_long_or(pa, "info_amount", -1);
	long long ctok = tok_count(k->tok, k->ctx, k->ctxlen, e);
	double d = -1;
	if (check_context_tokens(in, ctok, e) < 0)
		return -1;
	if (json_long_or(st, "info_tokens", -1) != k->info || k->info > info)
		return err_set(e, ERR_INPUT,
		               "relevant units hold %lld tokens: "
		               "stats say %lld, the info amount is %lld",
		               k->info, json_long_or(st, "info_tokens", -1),
		               info);
	if (json_long_or(st, "units", -1) !=
	        cJSON_GetArraySize(cJSON_GetObjectItem(in, "units")) ||
	    json_long_or(st, "relevant_units", -1) != (long long)k->relevant)
		return err_set(e, ERR_INPUT, "stats miscount the units");
	if (check_gold_rows(in, st, pa, e))
		return -1;
	struct inst_params p = {len,  info,
	                        -1,   json_str(pa, "placement"),
	                        NULL, (uint64_t)json_long_or(pa, "seed", -1),
	                        0,    false};
	if (!json_num(pa, "density", &d))
		p.density = d;
	if (d >= 0 && (long long)(d * (double)len) != info)
		return err_set(e, ERR_INPUT,
		               "info_amount is not density x length");
	struct sbuf id = SBUF_INIT;
	instance_id(&id, k->db->name,
	            json_str(in, "query_id") ? json_str(in, "query_id") : "",
	            &p);
	int rc =
	    p.placement && !strcmp(id.buf,
	                           json_str(in, "id") ? json_str(in, "id") : "")
	        ? 0
	        : err_set(e, ERR_INPUT, "the id should be '%s'", id.buf);
	sbuf_release(&id);
	return rc;
}

/* The gold recomputed over the rows read back must equal the stored one. */
static int check_gold(struct check *k, const cJSON *in, struct err *e)
{
	struct sbuf got = SBUF_INIT;
	cJSON *mine = NULL;
	int rc = -1;
	if (db_result_json(k->st, &got, e) < 0 ||
	    !(mine = json_parse(got.buf, got.len, e)))
		goto out;
	if (!cJSON_Compare(mine, cJSON_GetObjectItemCaseSensitive(in, "gold"),
	                   true)) {
		err_set(e, ERR_INPUT,
		        "the gold answer over the rows in the "
		        "context is %s",
		        got.buf);
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(mine);
	sbuf_release(&got);
	return rc;
}

int check_instance(struct check_cache *c, const cJSON *in, struct err *e)
{
	struct check k = {.cache = c, .in = in};
	const cJSON *pa = cJSON_GetObjectItemCaseSensitive(in, "params");
	const char *db = json_str(in, "db"), *sql = json_str(in, "sql");
	const char *spec = json_str(pa, "tokenizer");
	int rc = -1;
	k.ctx = json_str(in, "context");
	if (!db || !sql || !k.ctx || !spec)
		return err_set(e, ERR_INPUT,
		               "db, sql, context or params.tokenizer missing");
	k.ctxlen = strlen(k.ctx);
	if (!(k.db = get_db(c, db, json_str(in, "db_sha256"), true, e)) ||
	    !(k.tok = get_tok(c, spec, e)) ||
	    db_prepare_query(k.db, sql, &k.st, &k.rel, &k.nrel, e))
		return -1;
	for (size_t i = 0; i < 64; i++)
		sbuf_init(&k.vals[i]);
	sqlite3_exec(k.db->conn, "BEGIN", NULL, NULL, NULL);
	if (!db_clear(k.db, e) &&
	    !check_units(&k, cJSON_GetObjectItemCaseSensitive(in, "units"),
	                 e) &&
	    !check_gold(&k, in, e) && !check_budgets(&k, in, e))
		rc = 0;
	sqlite3_exec(k.db->conn, "COMMIT", NULL, NULL, NULL);
	for (size_t i = 0; i < 64; i++)
		sbuf_release(&k.vals[i]);
	sqlite3_finalize(k.st);
	free(k.rel);
	return rc;
}

void check_cache_free(struct check_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ndb; i++)
		db_free(c->db[i]);
	for (size_t i = 0; i < c->ntok; i++)
		tok_free(c->tok[i]);
	free(c->db);
	free(c->own);
	free(c->tok);
	free(c);
}

/* Exported for probe instances, which are checked outside check_instance. */
struct tok *check_cache_tok(struct check_cache *c, const char *spec,
                            struct err *e)
{
	return get_tok(c, spec, e);
}

/* Exported for probe instances, whose units are not lines of rows. */
int check_context_tokens(const cJSON *in, long long ctok, struct err *e)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(in, "stats");
	const cJSON *pa = cJSON_GetObjectItemCaseSensitive(in, "params");
	long long said = json_long_or(st, "context_tokens", -1),
	          len = json_long_or(pa, "length", -1);
	if (said == ctok && ctok <= len)
		return 0;
	return err_set(e, ERR_INPUT,
	               "the context has %lld tokens: stats say %lld, the "
	               "length is %lld",
	               ctok, said, len);
}

int check_no_duplicates(const cJSON *units, struct err *e)
{
	return no_duplicates(units, e);
}
