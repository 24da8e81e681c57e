/* The offline reference reader of probe instances, and their checks. */
#include <math.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "gen/check.h"
#include "gen/place.h"
#include "probe/probe.h"
#include "tok/tok.h"

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

/* The key, evidence_start and gold against the context; sets *first to the
 * key's offset. */
static int check_answer(const cJSON *instance, const char *task,
                        const char *key, const char *ctx, size_t *first,
                        struct err *e)
{
	const char *gold = NULL;
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(instance, "gold"), "rows");
	const cJSON *cell = cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0);
	struct sbuf ans = SBUF_INIT;
	long long es = -1;
	int rc = -1, found;
	size_t n = strlen(ctx), times = 0;
	*first = (size_t)-1;
	for (size_t at = find(ctx, n, 0, key, strlen(key)); at != (size_t)-1;
	     at = find(ctx, n, at + 1, key, strlen(key)), times++)
		*first = times ? *first : at;
	gold = cJSON_IsString(cell) ? cell->valuestring : NULL;
	json_long(cJSON_GetObjectItemCaseSensitive(instance, "probe"),
	          "evidence_start", &es);
	if (times != 1)
		err_set(e, ERR_INPUT,
		        "probe key '%s' occurs %zu times in the "
		        "context, not once",
		        key, times);
	else if (es < 0 || (size_t)es > *first ||
	         es != relevant_start(instance))
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

/* What the unit walk learns about a probe instance. */
struct pcheck {
	struct tok *tok;
	const char *ctx;
	size_t n;
	size_t ev_end;       /* end of the relevant unit */
	long long ev_tokens; /* its tokens */
};

/* One unit at ctx[at, at + len): its offset, tokens and fields. */
static int check_unit(struct pcheck *k, const cJSON *u, size_t at, size_t len,
                      struct err *e)
{
	long long start = -1, ntok = -1, rowid = -1, got;
	json_long(u, "start", &start);
	json_long(u, "tokens", &ntok);
	if (!json_str(u, "table") || json_long(u, "rowid", &rowid) ||
	    !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(u, "relevant")))
		return err_set(e, ERR_INPUT,
		               "table, rowid or relevant missing");
	if (start != (long long)at)
		return err_set(e, ERR_INPUT,
		               "start %lld, the unit starts at %zu", start, at);
	if ((got = tok_count(k->tok, k->ctx + at, len, e)) < 0)
		return -1;
	if (ntok != got)
		return err_set(e, ERR_INPUT, "tokens %lld, the unit has %lld",
		               ntok, got);
	if (json_bool(u, "relevant", false)) {
		k->ev_end = at + len;
		k->ev_tokens = ntok;
	}
	return 0;
}

/* Walks the task's framing of the context and the units side by side. */
static int check_units(struct pcheck *k, const cJSON *units,
                       const struct probe_frame *f, struct err *e)
{
	size_t pl = strlen(f->prefix), sl = strlen(f->suffix);
	size_t ql = strlen(f->sep), i = 0, at = pl, end;
	const cJSON *u = cJSON_IsArray(units) ? units->child : NULL;
	if (!u)
		return err_set(e, ERR_INPUT, "no \"units\" array");
	if (k->n < pl + sl || memcmp(k->ctx, f->prefix, pl) ||
	    memcmp(k->ctx + k->n - sl, f->suffix, sl))
		return err_set(e, ERR_INPUT,
		               "the context does not open and close as the "
		               "task's contexts do");
	for (end = k->n - sl; u && at <= end; u = u->next, i++) {
		size_t to = find(k->ctx, end, at, f->sep, ql);
		to = to == (size_t)-1 ? end : to;
		if (check_unit(k, u, at, to - at, e))
			return err_prefix(
			    e, "unit %zu (%s rowid %lld)", i + 1,
			    json_str(u, "table") ? json_str(u, "table") : "?",
			    json_long_or(u, "rowid", -1));
		at = to + ql;
	}
	if (u || at <= end)
		return err_set(e, ERR_INPUT,
		               "the context has %s units than \"units\"",
		               u ? "fewer" : "more");
	return check_no_duplicates(units, e);
}

/* stats and probe counts against the context, the units and the length. */
static int check_stats(struct pcheck *k, const cJSON *in, struct err *e)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(in, "stats");
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(in, "probe");
	long long es = json_long_or(pr, "evidence_start", -1);
	long long ctok = tok_count(k->tok, k->ctx, k->n, e), pos;
	double depth = -1;
	if (ctok < 0 || (pos = tok_count(k->tok, k->ctx, (size_t)es, e)) < 0)
		return -1;
	if (check_context_tokens(in, ctok, e) < 0)
		return -1;
	if (json_long_or(st, "info_tokens", -1) != k->ev_tokens ||
	    json_long_or(pr, "evidence_tokens", -1) != k->ev_tokens)
		return err_set(e, ERR_INPUT,
		               "the relevant unit has %lld tokens: stats say "
		               "%lld, probe.evidence_tokens %lld",
		               k->ev_tokens,
		               json_long_or(st, "info_tokens", -1),
		               json_long_or(pr, "evidence_tokens", -1));
	if (json_long_or(st, "units", -1) !=
	        cJSON_GetArraySize(cJSON_GetObjectItem(in, "units")) ||
	    json_long_or(st, "relevant_units", -1) != 1)
		return err_set(e, ERR_INPUT, "stats miscount the units");
	json_num(pr, "token_depth", &depth);
	if (json_long_or(pr, "token_position", -1) != pos ||
	    fabs(depth - (ctok ? (double)pos / (double)ctok : 0)) > 1e-9)
		return err_set(e, ERR_INPUT,
		               "the evidence starts after %lld tokens: "
		               "probe.token_position says %lld, token_depth %g",
		               pos, json_long_or(pr, "token_position", -1),
		               depth);
	return 0;
}

/* params.placement, the question and the id against the probe's fields. */
static int check_id(const cJSON *in, const char *task, const char *key,
                    struct err *e)
{
	const cJSON *pa = cJSON_GetObjectItemCaseSensitive(in, "params");
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(in, "probe");
	const char *id = json_str(in, "id"), *q = json_str(in, "question");
	const char *pl = json_str(pa, "placement");
	struct placement p = {PLACE_DEPTH, -1};
	struct sbuf want = SBUF_INIT, seed = SBUF_INIT;
	int rc = 0;
	if (json_num(pr, "depth", &p.depth) || p.depth < 0 || p.depth > 1)
		return err_set(e, ERR_INPUT, "probe.depth is not in [0, 1]");
	place_name(&p, &want);
	if (!pl || strcmp(pl, want.buf))
		rc = err_set(e, ERR_INPUT,
		             "params.placement is '%s', probe.depth %g "
		             "says '%s'",
		             pl ? pl : "?", p.depth, want.buf);
	else if (!q || !strstr(q, key))
		rc =
		    err_set(e, ERR_INPUT, "the question does not hold the key");
	sbuf_reset(&want);
	sbuf_addf(&want, "probe/%s/", task);
	if (json_str(in, "db"))
		sbuf_addf(&want, "%s/", json_str(in, "db"));
	sbuf_addf(&want, "L%lld/%s/k", json_long_or(pa, "length", -1),
	          pl ? pl : "?");
	sbuf_addf(&seed, "/s%lld", json_long_or(pa, "seed", -1));
	size_t digits = id && !strncmp(id, want.buf, want.len)
	                    ? strspn(id + want.len, "0123456789")
	                    : 0;
	if (!rc && (!digits || strcmp(id + want.len + digits, seed.buf)))
		rc = err_set(e, ERR_INPUT, "the id should be '%sN%s'", want.buf,
		             seed.buf);
	sbuf_release(&want);
	sbuf_release(&seed);
	return rc;
}

int probe_validate(const cJSON *instance, struct tok *t, struct err *e)
{
	const char *task, *key, *ctx;
	enum probe_task pt;
	size_t first;
	if (parts(instance, &task, &key, &ctx, e) ||
	    check_answer(instance, task, key, ctx, &first, e) ||
	    probe_task_parse(task, &pt, e))
		return -1;
	struct pcheck k = {t, ctx, strlen(ctx), 0, -1};
	if (check_units(&k, cJSON_GetObjectItemCaseSensitive(instance, "units"),
	                probe_task_frame(pt), e))
		return -1;
	if (first + strlen(key) > k.ev_end)
		return err_set(e, ERR_INPUT,
		               "probe key '%s' is not inside the relevant unit",
		               key);
	if (check_stats(&k, instance, e) || check_id(instance, task, key, e))
		return -1;
	return 0;
}
