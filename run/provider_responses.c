/* The OpenAI Responses API (POST /responses), for models served only there. */
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "run/provider.h"
#include "run/rules.h"

static int body(const struct settings *s, const struct model_rule *r, cJSON *b,
                struct err *e)
{
	double t;
	if (s->thinking_budget >= 0)
		return err_set(e, ERR_USAGE,
		               "--thinking-budget: the Responses API has no "
		               "thinking budget; give --reasoning-effort");
	if (s->stop.n)
		return err_set(e, ERR_USAGE,
		               "--stop: the Responses API has no stop "
		               "sequences");
	cJSON_AddStringToObject(b, "model", s->model);
	cJSON_AddStringToObject(b, "input", PROMPT_SLOT);
	if (provider_temperature(s, r, &t))
		cJSON_AddNumberToObject(b, "temperature", t);
	if (s->max_tokens >= 0)
		cJSON_AddNumberToObject(b, "max_output_tokens",
		                        (double)s->max_tokens);
	if (s->reasoning_effort)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(b, "reasoning"),
		                        "effort", s->reasoning_effort);
	if (s->stream)
		cJSON_AddTrueToObject(b, "stream");
	return 0;
}

static void path(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "/responses");
}

static void headers(const struct settings *s, const char *key,
                    struct strlist *out)
{
	provider_json_headers("Authorization: Bearer ", key, out);
}

static void usage(const cJSON *u, struct reply *r)
{
	const cJSON *d;
	if (!cJSON_IsObject(u))
		return;
	r->prompt_tokens = provider_tokens(u, "input_tokens");
	r->completion_tokens = provider_tokens(u, "output_tokens");
	if ((d = cJSON_GetObjectItemCaseSensitive(u, "output_tokens_details")))
		r->reasoning_tokens = provider_tokens(d, "reasoning_tokens");
	if ((d = cJSON_GetObjectItemCaseSensitive(u, "input_tokens_details")))
		r->cached_tokens = provider_tokens(d, "cached_tokens");
}

/* Appends the "text" of each part of list whose type is type. */
static void parts(const cJSON *list, const char *type, const char *key,
                  struct sbuf *out)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, list)
	{
		const char *t = json_str(p, "type");
		if (t && !strcmp(t, type))
			provider_add_text(p, key, out);
	}
}

/* output[]: message items (output_text and refusal parts) and reasoning
 * items (summaries and, where given, reasoning text). */
static void output(const cJSON *out, struct reply *r)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, out)
	{
		const char *t = json_str(it, "type");
		const cJSON *c =
		    cJSON_GetObjectItemCaseSensitive(it, "content");
		size_t before = r->text.len;
		if (t && !strcmp(t, "reasoning")) {
			parts(cJSON_GetObjectItemCaseSensitive(it, "summary"),
			      "summary_text", "text", &r->reasoning);
			parts(c, "reasoning_text", "text", &r->reasoning);
		} else if (t && !strcmp(t, "message")) {
			parts(c, "output_text", "text", &r->text);
			before = r->text.len;
			parts(c, "refusal", "refusal", &r->text);
			if (r->text.len > before && !r->final)
				provider_final(r, REPLY_REFUSED,
				               "the model refused (refusal)");
		}
	}
}

/* A response object: its status says how it ended. */
static void response(const cJSON *j, struct reply *r)
{
	const char *st = json_str(j, "status");
	const cJSON *inc =
	    cJSON_GetObjectItemCaseSensitive(j, "incomplete_details");
	const char *why = json_str(inc, "reason");
	usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), r);
	reply_set(&r->model_id, json_str(j, "model"));
	if (st && !strcmp(st, "failed")) {
		if (!provider_stream_error(j, r)) {
			r->status = REPLY_RETRY;
			reply_set(&r->error, "the response failed");
		}
		return;
	}
	reply_set(&r->finish_reason, why ? why : st);
}

static void parse(const cJSON *j, struct reply *r)
{
	const cJSON *out = cJSON_GetObjectItemCaseSensitive(j, "output");
	if (!cJSON_IsArray(out)) {
		if (!provider_stream_error(j, r)) {
			r->status = REPLY_RETRY;
			reply_set(&r->error, "reply without output");
		}
		return;
	}
	output(out, r);
	response(j, r);
	provider_finish(r);
}

/* Text arrives in deltas; the final response.completed, .incomplete or
 * .failed event carries the whole response with its usage. */
static void event(const cJSON *j, struct reply *r)
{
	const char *t = json_str(j, "type");
	if (!t)
		return;
	if (!strcmp(t, "response.output_text.delta")) {
		provider_add_text(j, "delta", &r->text);
	} else if (!strcmp(t, "response.refusal.delta")) {
		provider_add_text(j, "delta", &r->text);
		if (!r->final)
			provider_final(r, REPLY_REFUSED,
			               "the model refused (refusal)");
	} else if (!strcmp(t, "response.reasoning_summary_text.delta") ||
	           !strcmp(t, "response.reasoning_text.delta")) {
		provider_add_text(j, "delta", &r->reasoning);
	} else if (!strcmp(t, "response.completed") ||
	           !strcmp(t, "response.incomplete") ||
	           !strcmp(t, "response.failed")) {
		response(cJSON_GetObjectItemCaseSensitive(j, "response"), r);
		r->stream_done = true;
	} else if (!strcmp(t, "error")) {
		provider_stream_error(j, r);
	}
}

const struct provider provider_openai_responses = {
    .name = "openai-responses",
    .kind = PROVIDER_HTTP,
    .api = "openai",
    .default_url = "https://api.openai.com/v1",
    .key_env = "OPENAI_API_KEY",
    .body = body,
    .path = path,
    .headers = headers,
    .parse = parse,
    .event = event,
};
