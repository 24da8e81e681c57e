/* Instances: query suites, gold answers over sub-databases, instance lines. */
#include "gen/instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/lines.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/context.h"
#include "gen/db.h"

void query_release(struct query *q)
{
	free(q->id);
	free(q->question);
	free(q->sql);
	free(q->difficulty);
	free(q->types);
}

void queries_release(struct querylist *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		query_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static char *str_member(const cJSON *o, const char *key, bool need,
                        struct err *e)
{
	const char *s = json_str(o, key);
	if (s)
		return xstrdup(s);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (need || (v && !cJSON_IsNull(v))) {
		err_set(e, ERR_INPUT, "\"%s\" must be a string", key);
		return NULL;
	}
	return xstrdup("");
}

/* A query id becomes part of every instance id ("db/ID/L.../..."). */
static bool id_ok(const char *id)
{
	if (!*id)
		return false;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p <= ' ' || *p == '/' || *p == 0x7f)
			return false;
	return true;
}

static int parse_query(struct query *q, const char *line, size_t len,
                       struct err *e)
{
	cJSON *o = json_parse(line, len, e);
	int rc = -1;
	if (!o)
		return -1;
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(o, "types");
	if (!(q->id = str_member(o, "id", true, e)) ||
	    !(q->sql = str_member(o, "sql", true, e)) ||
	    !(q->question = str_member(o, "question", false, e)) ||
	    !(q->difficulty = str_member(o, "difficulty", false, e)))
		goto out;
	if (!id_ok(q->id)) {
		err_set(e, ERR_INPUT,
		        "query id '%s' must be non-empty, without '/' or "
		        "white space",
		        q->id);
		goto out;
	}
	struct sbuf t = SBUF_INIT;
	if (types && !cJSON_IsArray(types)) {
		err_set(e, ERR_INPUT, "\"types\" must be an array");
		goto out;
	}
	if (types)
		json_add_value(&t, types);
	else
		sbuf_adds(&t, "[]");
	q->types = sbuf_detach(&t);
	rc = 0;
out:
	cJSON_Delete(o);
	return rc;
}

int queries_load(struct querylist *l, const char *path, struct err *e)
{
	struct lines r;
	int got, rc = -1;
	size_t before = l->n;
	if (lines_open(&r, path, e))
		return -1;
	while ((got = lines_next(&r, e)) == 1) {
		if (!r.len || r.line[strspn(r.line, " \t\r")] == 0)
			continue;
		xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
		struct query *q = &l->v[l->n];
		memset(q, 0, sizeof(*q));
		if (parse_query(q, r.line, r.len, e)) {
			query_release(q);
			err_prefix(e, "'%s' line %ld", path, r.lineno);
			goto out;
		}
		for (size_t i = 0; i < l->n; i++)
			if (!strcmp(l->v[i].id, q->id)) {
				err_set(e, ERR_INPUT,
				        "'%s' line %ld: query id '%s' "
				        "is used twice",
				        path, r.lineno, q->id);
				query_release(q);
				goto out;
			}
		l->n++;
	}
	rc = got < 0 ? -1 : 0;
	if (!rc && l->n == before)
		rc = err_set(e, ERR_INPUT, "'%s' holds no queries", path);
out:
	lines_close(&r);
	return rc;
}

long gold_compute(struct db *db, sqlite3_stmt *stmt, const struct context *c,
                  struct sbuf *out, struct err *e)
{
	long rc = -1;
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "%s", sqlite3_errmsg(db->conn));
	if (db_clear(db, e))
		goto out;
	for (size_t i = 0; i < c->n; i++)
		if (c->u[i].relevant &&
		    db_copy_row(c->u[i].ref.t, c->u[i].ref.pos, e))
			goto out;
	rc = db_result_json(stmt, out, e);
out:
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Appends without a call; room must have been made with sbuf_grow. */
static inline void put(struct sbuf *s, const char *p, size_t n)
{
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

#define PUTS(s, lit) put((s), (lit), sizeof(lit) - 1)

/* Appends n in decimal (room made); sbuf_addf is too slow for thousands of
 * numbers a line. */
static void add_int(struct sbuf *out, long long n)
{
	char buf[24];
	size_t i = sizeof(buf);
	unsigned long long v =
	    n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	if (n < 0)
		buf[--i] = '-';
	put(out, buf + i, sizeof(buf) - i);
}

void instance_id(struct sbuf *out, const char *db, const char *qid,
                 const struct inst_params *p)
{
	sbuf_addf(out, "%s/%s/L%lld/", db, qid, p->length);
	if (p->density >= 0) {
		sbuf_addch(out,
		           'D'); /* exact: two densities never share an id */
		json_add_num(out, p->density);
	} else
		sbuf_addf(out, "A%lld", p->info);
	sbuf_addf(out, "/%s/s%llu", p->placement, (unsigned long long)p->seed);
}

static void write_units(struct sbuf *out, const struct db *db,
                        const struct context *c)
{
	sbuf_adds(out, "\"units\": [");
	for (size_t i = 0; i < c->n; i++) {
		const struct ctx_unit *u = &c->u[i];
		const struct db_table *t = u->ref.t;
		if (t->db != db) {
			sbuf_adds(out, i ? ", {\"db\": " : "{\"db\": ");
			json_add_str(out, t->db->name);
			sbuf_adds(out, ", ");
		} else {
			sbuf_adds(out, i ? ", {" : "{");
		}
		sbuf_grow(out, t->jnamelen + 128);
		PUTS(out, "\"table\": ");
		put(out, t->jname, t->jnamelen);
		PUTS(out, ", \"rowid\": ");
		add_int(out, t->rowids[u->ref.pos]);
		if (u->relevant)
			PUTS(out, ", \"relevant\": true, \"start\": ");
		else
			PUTS(out, ", \"relevant\": false, \"start\": ");
		add_int(out, (long long)u->start);
		PUTS(out, ", \"tokens\": ");
		add_int(out, u->tokens);
		PUTS(out, "}");
	}
	sbuf_adds(out, "]}\n");
}

static void write_params(struct sbuf *out, const struct inst_params *p)
{
	sbuf_addf(out,
	          "\"params\": {\"length\": %lld, \"info_amount\": %lld, "
	          "\"density\": ",
	          p->length, p->info);
	if (p->density >= 0)
		json_add_num(out, p->density);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ", \"placement\": ");
	json_add_str(out, p->placement);
	sbuf_addf(out, ", \"seed\": %llu, \"tokenizer\": ",
	          (unsigned long long)p->seed);
	json_add_str(out, p->tokenizer);
	sbuf_adds(out, ", \"empty_share\": ");
	json_add_num(out, p->empty_share);
	sbuf_adds(out, p->meant_empty ? ", \"meant_empty\": true}, "
	                              : ", \"meant_empty\": false}, ");
}

void instance_write(FILE *f, struct sbuf *out, const struct db *db,
                    const struct query *q, const struct context *c,
                    const char *gold, long gold_rows,
                    const struct inst_params *p)
{
	struct sbuf id = SBUF_INIT;
	instance_id(&id, db->name, q->id, p);
	sbuf_adds(out, "{\"id\": ");
	json_add_strn(out, id.buf, id.len);
	sbuf_adds(out, ", \"db\": ");
	json_add_str(out, db->name);
	sbuf_addf(out, ", \"db_sha256\": \"%s\", \"query_id\": ", db->sha256);
	json_add_str(out, q->id);
	sbuf_adds(out, ", \"question\": ");
	json_add_str(out, q->question);
	sbuf_adds(out, ", \"sql\": ");
	json_add_str(out, q->sql);
	sbuf_addf(out, ", \"types\": %s, \"difficulty\": ", q->types);
	json_add_str(out, q->difficulty);
	sbuf_adds(out, ", \"context\": \"");
	/* the context is most of the line: write it from where it is */
	fwrite(out->buf, 1, out->len, f);
	fwrite(c->json.buf, 1, c->json.len, f);
	sbuf_reset(out);
	sbuf_addf(out, "\", \"gold\": %s, ", gold);
	write_params(out, p);
	sbuf_addf(out,
	          "\"stats\": {\"context_tokens\": %lld, \"info_tokens\": "
	          "%lld, \"units\": %zu, \"relevant_units\": %zu, "
	          "\"gold_rows\": %ld}, ",
	          c->tokens, c->info_tokens, c->n, c->relevant, gold_rows);
	write_units(out, db, c);
	fwrite(out->buf, 1, out->len, f);
	sbuf_release(&id);
}
