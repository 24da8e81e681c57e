/* Anthropic messages API. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "run/provider.h"
#include "run/rules.h"

/* The messages API requires a budget; these leave room for short reasoning,
 * and for the answer after a thinking budget or adaptive thinking. */
#define DEFAULT_MAX_TOKENS 4096
#define ADAPTIVE_MAX_TOKENS 16000
/* Extended thinking's smallest budget_tokens. */
#define MIN_BUDGET 1024

static const char *const efforts[] = {"low", "medium", "high", "xhigh", "max"};

/* What thinking the settings ask of this model; -1 and e when it cannot. */
static int check_thinking(const struct settings *s, const struct model_rule *r,
                          struct err *e)
{
	bool known = r->flags & RULE_KNOWN;
	const char *m = s->model;
	if (s->reasoning_effort && s->thinking_budget >= 0)
		return err_set(e, ERR_USAGE,
		               "give --reasoning-effort or --thinking-budget, "
		               "not both");
	if (s->thinking_budget >= 0 && known && !(r->flags & RULE_BUDGET))
		return err_set(e, ERR_USAGE,
		               "--thinking-budget: %s takes adaptive thinking "
		               "only (give --reasoning-effort)",
		               m);
	if (s->thinking_budget >= 0 && s->thinking_budget < MIN_BUDGET)
		return err_set(e, ERR_USAGE,
		               "--thinking-budget must be at least %d for "
		               "Anthropic models",
		               MIN_BUDGET);
	if (s->reasoning_effort && known && !(r->flags & RULE_ADAPTIVE))
		return err_set(e, ERR_USAGE,
		               "--reasoning-effort: %s has no adaptive "
		               "thinking; give --thinking-budget N (extended "
		               "thinking)",
		               m);
	if (s->reasoning_effort) {
		for (size_t i = 0; i < sizeof(efforts) / sizeof(efforts[0]);
		     i++)
			if (!strcmp(efforts[i], s->reasoning_effort))
				return 0;
		return err_set(e, ERR_USAGE,
		               "--reasoning-effort: Anthropic takes low, "
		               "medium, high, xhigh or max, not '%s'",
		               s->reasoning_effort);
	}
	return 0;
}

/* max_tokens counts thinking too, so it must be above the budget. */
static int max_tokens(const struct settings *s, long long *out, struct err *e)
{
	long long b = s->thinking_budget;
	if (s->max_tokens >= 0 && b >= 0 && s->max_tokens <= b)
		return err_set(
		    e, ERR_USAGE,
		    "--max-tokens %lld must be above --thinking-budget "
		    "%lld (Anthropic counts thinking in max_tokens)",
		    s->max_tokens, b);
	*out = s->max_tokens >= 0    ? s->max_tokens
	       : b >= 0              ? b + DEFAULT_MAX_TOKENS
	       : s->reasoning_effort ? ADAPTIVE_MAX_TOKENS
	                             : DEFAULT_MAX_TOKENS;
	return 0;
}

static int body(const struct settings *s, const struct model_rule *r, cJSON *b,
                struct err *e)
{
	bool think = s->reasoning_effort || s->thinking_budget >= 0;
	long long mt = 0;
	double t;
	cJSON *m = cJSON_CreateObject();
	if (check_thinking(s, r, e) || max_tokens(s, &mt, e)) {
		cJSON_Delete(m);
		return -1;
	}
	/* thinking is not compatible with a temperature other than 1 */
	if (think && s->has_temperature && s->temperature != 1) {
		cJSON_Delete(m);
		return err_set(e, ERR_USAGE,
		               "--temperature %g: Anthropic thinking takes no "
		               "temperature but 1; leave --temperature out",
		               s->temperature);
	}
	cJSON_AddStringToObject(b, "model", s->model);
	cJSON_AddNumberToObject(b, "max_tokens", (double)mt);
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", PROMPT_SLOT);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "messages"), m);
	if (think ? s->has_temperature : provider_temperature(s, r, &t))
		cJSON_AddNumberToObject(b, "temperature", s->temperature);
	provider_add_stops(s, "stop_sequences", b);
	if (s->thinking_budget >= 0) {
		cJSON *th = cJSON_AddObjectToObject(b, "thinking");
		cJSON_AddStringToObject(th, "type", "enabled");
		cJSON_AddNumberToObject(th, "budget_tokens",
		                        (double)s->thinking_budget);
	} else if (s->reasoning_effort) {
		cJSON_AddStringToObject(cJSON_AddObjectToObject(b, "thinking"),
		                        "type", "adaptive");
		cJSON_AddStringToObject(
		    cJSON_AddObjectToObject(b, "output_config"), "effort",
		    s->reasoning_effort);
	}
	if (s->stream)
		cJSON_AddTrueToObject(b, "stream");
	return 0;
}

static void path(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "/v1/messages");
}

static void headers(const struct settings *s, const char *key,
                    struct strlist *out)
{
	provider_json_headers("x-api-key: ", key, out);
	strlist_push(out, "anthropic-version: 2023-06-01");
}

/* input_tokens leaves out the prompt tokens read from or written to the
 * cache; prompt_tokens here is all of them, cached_tokens the reads. */
static void usage(const cJSON *u, struct reply *r)
{
	long long v, read, made;
	if (!cJSON_IsObject(u))
		return;
	read = provider_tokens(u, "cache_read_input_tokens");
	made = provider_tokens(u, "cache_creation_input_tokens");
	if ((v = provider_tokens(u, "input_tokens")) >= 0)
		r->prompt_tokens =
		    v + (read > 0 ? read : 0) + (made > 0 ? made : 0);
	if (read >= 0)
		r->cached_tokens = read;
	if ((v = provider_tokens(u, "output_tokens")) >= 0)
		r->completion_tokens = v;
}

/* A content block: text into the answer, thinking apart. */
static void block(const cJSON *c, struct reply *r)
{
	const char *type = json_str(c, "type");
	if (!type)
		return;
	if (!strcmp(type, "text"))
		provider_add_text(c, "text", &r->text);
	else if (!strcmp(type, "thinking"))
		provider_add_text(c, "thinking", &r->reasoning);
}

static void parse(const cJSON *j, struct reply *r)
{
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(j, "content");
	const cJSON *c;
	if (!cJSON_IsArray(content)) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "reply without content");
		return;
	}
	cJSON_ArrayForEach(c, content) block(c, r);
	reply_set(&r->finish_reason, json_str(j, "stop_reason"));
	reply_set(&r->model_id, json_str(j, "model"));
	usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), r);
	provider_finish(r);
}

/* message_start, content_block_delta (text_delta, thinking_delta),
 * message_delta, message_stop; an error event ends the stream. */
static void event(const cJSON *j, struct reply *r)
{
	const char *type = json_str(j, "type");
	if (!type || provider_stream_error(j, r))
		return;
	if (!strcmp(type, "message_start")) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
		reply_set(&r->model_id, json_str(m, "model"));
		usage(cJSON_GetObjectItemCaseSensitive(m, "usage"), r);
	} else if (!strcmp(type, "content_block_delta")) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delta");
		provider_add_text(d, "text", &r->text);
		provider_add_text(d, "thinking", &r->reasoning);
	} else if (!strcmp(type, "message_delta")) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delta");
		const char *f = json_str(d, "stop_reason");
		if (f)
			reply_set(&r->finish_reason, f);
		usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), r);
	} else if (!strcmp(type, "message_stop")) {
		r->stream_done = true;
	}
}

const struct provider provider_anthropic = {
    .name = "anthropic",
    .kind = PROVIDER_HTTP,
    .api = "anthropic",
    .default_url = "https://api.anthropic.com",
    .key_env = "ANTHROPIC_API_KEY",
    .body = body,
    .path = path,
    .headers = headers,
    .parse = parse,
    .event = event,
};
