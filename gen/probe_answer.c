/* The offline reference reader of probe instances. */
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "gen/probe.h"

/* The line of ctx[0..n) holding offset at: [*a, *b). */
static void line_at(const char *ctx, size_t n, size_t at, size_t *a, size_t *b)
{
	*a = at;
	while (*a > 0 && ctx[*a - 1] != '\n')
		(*a)--;
	*b = at;
	while (*b < n && ctx[*b] != '\n')
		(*b)++;
}

/* Finds needle in ctx[from..n); its offset or (size_t)-1. */
static size_t find(const char *ctx, size_t n, size_t from, const char *needle,
                   size_t k)
{
	if (from > n)
		return (size_t)-1;
	const char *h = memmem(ctx + from, n - from, needle, k);
	return h ? (size_t)(h - ctx) : (size_t)-1;
}

/* kv: the value after `"KEY": "`. */
static int read_kv(const char *ctx, size_t n, const char *key, struct sbuf *ans)
{
	struct sbuf pat = SBUF_INIT;
	sbuf_addf(&pat, "\"%s\": \"", key);
	size_t at = find(ctx, n, 0, pat.buf, pat.len), end;
	if (at != (size_t)-1) {
		at += pat.len;
		end = find(ctx, n, at, "\"", 1);
		if (end != (size_t)-1)
			sbuf_add(ans, ctx + at, end - at);
	}
	sbuf_release(&pat);
	return ans->len ? 0 : -1;
}

/* entity: "label: description" from `id: KEY | label: L | description: D`. */
static int read_entity(const char *ctx, size_t n, const char *key,
                       struct sbuf *ans)
{
	struct sbuf pat = SBUF_INIT;
	size_t a, b, lab, desc;
	sbuf_addf(&pat, "id: %s | label: ", key);
	size_t at = find(ctx, n, 0, pat.buf, pat.len);
	if (at != (size_t)-1) {
		line_at(ctx, n, at, &a, &b);
		lab = at + pat.len;
		desc = find(ctx, b, lab, " | description: ", 16);
		if (desc != (size_t)-1) {
			sbuf_add(ans, ctx + lab, desc - lab);
			sbuf_adds(ans, ": ");
			sbuf_add(ans, ctx + desc + 16, b - desc - 16);
		}
	}
	sbuf_release(&pat);
	return ans->len ? 0 : -1;
}

/* function: the name in the nearest signature line above the key's line. */
static int read_function(const char *ctx, size_t n, const char *key,
                         struct sbuf *ans)
{
	size_t at = find(ctx, n, 0, key, strlen(key)), a, b;
	if (at == (size_t)-1)
		return -1;
	line_at(ctx, n, at, &a, &b);
	while (a > 0) {
		line_at(ctx, n, a - 1, &a, &b);
		const char *paren = memchr(ctx + a, '(', b - a);
		if (a == b || ctx[a] == '\t' || ctx[a] == ' ' ||
		    ctx[a] == '}' || !paren)
			continue;
		const char *end = paren, *start = paren;
		while (start > ctx + a &&
		       (start[-1] == '_' ||
		        (start[-1] >= 'a' && start[-1] <= 'z') ||
		        (start[-1] >= 'A' && start[-1] <= 'Z') ||
		        (start[-1] >= '0' && start[-1] <= '9')))
			start--;
		sbuf_add(ans, start, (size_t)(end - start));
		return ans->len ? 0 : -1;
	}
	return -1;
}

/* Reads the answer for key from ctx: 1 found, 0 not there, -1 unknown task. */
static int read_answer(const char *task, const char *ctx, const char *key,
                       struct sbuf *ans, struct err *e)
{
	size_t n = strlen(ctx), a, b, at;
	if (!strcmp(task, "kv"))
		return !read_kv(ctx, n, key, ans);
	if (!strcmp(task, "entity"))
		return !read_entity(ctx, n, key, ans);
	if (!strcmp(task, "function"))
		return !read_function(ctx, n, key, ans);
	if (strcmp(task, "sentence"))
		return err_set(e, ERR_INPUT, "unknown probe task '%s'", task);
	at = find(ctx, n, 0, key, strlen(key));
	if (at == (size_t)-1)
		return 0;
	line_at(ctx, n, at, &a, &b);
	sbuf_add(ans, ctx + a, b - a);
	return 1;
}

/* The probe's task, key and context, or -1 with e filled. */
static int parts(const cJSON *instance, const char **task, const char **key,
                 const char **ctx, struct err *e)
{
	const cJSON *probe =
	    cJSON_GetObjectItemCaseSensitive(instance, "probe");
	*task = json_str(probe, "task");
	*key = json_str(probe, "key");
	*ctx = json_str(instance, "context");
	if (!*task || !*key || !**key || !*ctx)
		return err_set(e, ERR_INPUT,
		               "not a probe instance (needs \"context\" and "
		               "\"probe\" with \"task\" and \"key\")");
	return 0;
}

int probe_answer(const cJSON *instance, struct sbuf *reply, struct err *e)
{
	const char *task, *key, *ctx;
	struct sbuf ans = SBUF_INIT;
	int found;
	if (parts(instance, &task, &key, &ctx, e) ||
	    (found = read_answer(task, ctx, key, &ans, e)) < 0)
		return -1;
	if (found) {
		sbuf_adds(reply, "Found it in the context.\nFinal answer: [[");
		json_add_strn(reply, ans.buf, ans.len);
		sbuf_adds(reply, "]]");
	} else {
		sbuf_adds(reply, "The context does not hold the answer.\n"
		                 "Final answer: []");
	}
	sbuf_release(&ans);
	return 0;
}

/* Start of the relevant unit, or -1 when units are missing or not one is
 * relevant. */
static long long relevant_start(const cJSON *instance)
{
	const cJSON *u,
	    *units = cJSON_GetObjectItemCaseSensitive(instance, "units");
	long long start = -1, v;
	int n = 0;
	cJSON_ArrayForEach(u, units)
	{
		if (json_bool(u, "relevant", false) &&
		    !json_long(u, "start", &v))
			start = v, n++;
	}
	return n == 1 ? start : -1;
}

int probe_validate(const cJSON *instance, struct err *e)
{
	const char *task, *key, *ctx, *gold = NULL;
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(instance, "gold"), "rows");
	const cJSON *cell = cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0);
	struct sbuf ans = SBUF_INIT;
	long long es = -1;
	int rc = -1, found;
	if (parts(instance, &task, &key, &ctx, e))
		return -1;
	size_t n = strlen(ctx), times = 0, first = (size_t)-1;
	for (size_t at = find(ctx, n, 0, key, strlen(key)); at != (size_t)-1;
	     at = find(ctx, n, at + 1, key, strlen(key)), times++)
		first = times ? first : at;
	gold = cJSON_IsString(cell) ? cell->valuestring : NULL;
	json_long(cJSON_GetObjectItemCaseSensitive(instance, "probe"),
	          "evidence_start", &es);
	if (times != 1)
		err_set(e, ERR_INPUT,
		        "probe key '%s' occurs %zu times in the "
		        "context, not once",
		        key, times);
	else if (es < 0 || (size_t)es > first || es != relevant_start(instance))
		err_set(e, ERR_INPUT,
		        "probe evidence_start %lld is not where "
		        "the relevant unit holding the key starts",
		        es);
	else if (!gold)
		err_set(e, ERR_INPUT, "the gold is not one text answer");
	else if ((found = read_answer(task, ctx, key, &ans, e)) < 0)
		; /* e names the unknown task */
	else if (!found || strcmp(ans.buf, gold))
		err_set(e, ERR_INPUT,
		        "the context gives '%s' but the gold is '%s'",
		        found ? ans.buf : "no answer", gold);
	else
		rc = 0;
	sbuf_release(&ans);
	return rc;
}
