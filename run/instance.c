/* Instance lines into structs. */
#include "run/instance.h"

#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "run/jscan.h"
#include "score/score.h"

static const cJSON *member(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return v && !cJSON_IsNull(v) ? v : NULL;
}

/* Fills in's fields from in->json (parsed): -1 and e as instance_parse. */
static int fill(struct instance *in, struct err *e)
{
	const cJSON *j = in->json;
	in->id = json_str(j, "id");
	if (!cJSON_IsObject(j) || !in->id || !*in->id) {
		instance_release(in);
		return err_set(e, ERR_INPUT,
		               "not an instance (no \"id\" string)");
	}
	static const char *const strs[] = {"context", "question", "sql"};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		const cJSON *v = member(j, strs[i]);
		if (v && !cJSON_IsString(v)) {
			err_set(e, ERR_INPUT,
			        "instance '%s': \"%s\" is not a "
			        "string",
			        in->id, strs[i]);
			instance_release(in);
			return -1;
		}
	}
	in->db = json_str(j, "db");
	in->query_id = json_str(j, "query_id");
	in->question = json_str(j, "question");
	in->sql = json_str(j, "sql");
	in->difficulty = json_str(j, "difficulty");
	in->context = json_str(j, "context");
	if (in->context)
		in->context_len = strlen(in->context);
	in->types = member(j, "types");
	in->params = member(j, "params");
	in->stats = member(j, "stats");
	in->gold = member(j, "gold");
	in->probe = member(j, "probe");
	if (!in->stats ||
	    json_long(in->stats, "context_tokens", &in->context_tokens) ||
	    in->context_tokens < 0)
		in->context_tokens = (long long)(in->context_len / 4);
	return 0;
}

int instance_parse(struct instance *in, const char *line, size_t len,
                   struct err *e)
{
	memset(in, 0, sizeof(*in));
	in->json = json_parse(line, len, e);
	if (!in->json)
		return -1;
	return fill(in, e);
}

/* The line without its context and units members, as JSON text. */
static void reduced(const struct jmember *m, size_t n, struct sbuf *out)
{
	bool first = true;
	sbuf_addch(out, '{');
	for (size_t i = 0; i < n; i++) {
		if ((m[i].klen == 7 && !memcmp(m[i].key, "context", 7)) ||
		    (m[i].klen == 5 && !memcmp(m[i].key, "units", 5)))
			continue;
		if (!first)
			sbuf_addch(out, ',');
		first = false;
		sbuf_addch(out, '"');
		sbuf_add(out, m[i].key, m[i].klen);
		sbuf_adds(out, "\":");
		sbuf_add(out, m[i].val, m[i].vlen);
	}
	sbuf_addch(out, '}');
}

int instance_parse_light(struct instance *in, const char *line, size_t len,
                         struct err *e)
{
	struct jmember m[64];
	struct sbuf text = SBUF_INIT;
	size_t n;
	memset(in, 0, sizeof(*in));
	if (jscan_object(line, len, m, 64, &n, e))
		return -1;
	if (n == 64) { /* odd: the slow way, which keeps the context */
		if (instance_parse(in, line, len, e))
			return -1;
		in->has_context = in->context != NULL;
		return 0;
	}
	reduced(m, n, &text);
	in->json = json_parse(text.buf, text.len, e);
	sbuf_release(&text);
	if (!in->json)
		return -1;
	const struct jmember *c = jscan_find(m, n, "context"),
	                     *q = jscan_find(m, n, "question");
	bool null = c && c->vlen == 4 && !memcmp(c->val, "null", 4);
	in->has_context = c && !null && jscan_is_string(c);
	in->context_len = in->has_context ? c->vlen - 2 : 0;
	if (in->has_context && jscan_is_string(q)) {
		in->ctx_off = (size_t)(c->val + 1 - line);
		in->ctx_len = c->vlen - 2;
		in->q_off = (size_t)(q->val + 1 - line);
		in->q_len = q->vlen - 2;
		in->raw_utf8 = utf8_valid(c->val + 1, in->ctx_len) &&
		               utf8_valid(q->val + 1, in->q_len);
	}
	if (fill(in, e))
		return -1;
	if (c && !null && !in->has_context) {
		err_set(e, ERR_INPUT,
		        "instance '%s': \"context\" is not a string", in->id);
		instance_release(in);
		return -1;
	}
	return 0;
}

/* What a runnable instance lacks, or NULL. */
static const char *lacks(const struct instance *in)
{
	if (!in->context && !in->has_context)
		return "a \"context\" string";
	if (!in->question)
		return "a \"question\" string";
	if (!cJSON_IsObject(in->gold))
		return "a \"gold\" object";
	if (!cJSON_IsArray(
	        cJSON_GetObjectItemCaseSensitive(in->gold, "columns")))
		return "gold \"columns\"";
	if (in->probe && !cJSON_IsObject(in->probe))
		return "a \"probe\" object";
	return NULL;
}

int instance_check(const struct instance *in, struct err *e)
{
	const char *what = lacks(in);
	if (what)
		return err_set(e, ERR_INPUT,
		               "instance '%s' lacks %s (not an instance from "
		               "ctxbench gen or probe?)",
		               in->id, what);
	if (scorer_check(in->gold, in->probe, e))
		return err_prefix(e, "instance '%s'", in->id);
	return 0;
}

void instance_release(struct instance *in)
{
	if (!in)
		return;
	cJSON_Delete(in->json);
	memset(in, 0, sizeof(*in));
}

char *instance_json_text(const cJSON *v)
{
	if (!v)
		return NULL;
	struct sbuf sb = SBUF_INIT;
	json_add_value(&sb, v);
	return sbuf_detach(&sb);
}
