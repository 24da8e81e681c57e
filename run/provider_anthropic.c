/* Anthropic messages API. */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "run/provider.h"

/* The messages API requires a budget; this one leaves room for short reasoning.
 */
#define DEFAULT_MAX_TOKENS 4096

static void build(const struct settings *s, const char *base, const char *key,
                  const char *prompt, struct request *q)
{
	sbuf_addf(&q->url, "%s/v1/messages", base);
	strlist_push(&q->headers, "Content-Type: application/json");
	strlist_push(&q->headers, "anthropic-version: 2023-06-01");
	if (key && *key) {
		struct sbuf h = SBUF_INIT;
		sbuf_addf(&h, "x-api-key: %s", key);
		strlist_push(&q->headers, h.buf);
		sbuf_release(&h);
	}
	provider_user_headers(s, q);
	struct sbuf *b = &q->body;
	sbuf_adds(b, "{\"model\":");
	json_add_str(b, s->model);
	if (!provider_extra_has(s, "max_tokens"))
		sbuf_addf(b, ",\"max_tokens\":%lld",
		          s->max_tokens >= 0 ? s->max_tokens
		                             : DEFAULT_MAX_TOKENS);
	sbuf_adds(b, ",\"messages\":[{\"role\":\"user\",\"content\":");
	json_add_str(b, prompt);
	sbuf_adds(b, "}]");
	if (!provider_extra_has(s, "temperature")) {
		sbuf_adds(b, ",\"temperature\":");
		json_add_num(b, s->temperature);
	}
	provider_add_stops(s, "stop_sequences", b);
	if (s->stream)
		sbuf_adds(b, ",\"stream\":true");
	provider_add_extra(s, b);
	sbuf_addch(b, '}');
}

static void usage(const cJSON *u, struct reply *r)
{
	long long v;
	if (!cJSON_IsObject(u))
		return;
	if ((v = provider_tokens(u, "input_tokens")) >= 0)
		r->prompt_tokens = v;
	if ((v = provider_tokens(u, "output_tokens")) >= 0)
		r->completion_tokens = v;
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
	cJSON_ArrayForEach(c, content)
	{
		const char *type = json_str(c, "type");
		const char *t = json_str(c, "text");
		if (type && !strcmp(type, "text") && t)
			sbuf_adds(&r->text, t);
	}
	reply_set(&r->finish_reason, json_str(j, "stop_reason"));
	reply_set(&r->model_id, json_str(j, "model"));
	usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), r);
	provider_finish(r);
}

/* message_start, content_block_delta, message_delta, message_stop; error events
 * end the stream. */
static void event(const cJSON *j, struct reply *r)
{
	const char *type = json_str(j, "type");
	if (!type)
		return;
	if (!strcmp(type, "message_start")) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
		reply_set(&r->model_id, json_str(m, "model"));
		usage(cJSON_GetObjectItemCaseSensitive(m, "usage"), r);
	} else if (!strcmp(type, "content_block_delta")) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delta");
		const char *t = json_str(d, "text");
		if (t)
			sbuf_adds(&r->text, t);
	} else if (!strcmp(type, "message_delta")) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "delta");
		const char *f = json_str(d, "stop_reason");
		if (f)
			reply_set(&r->finish_reason, f);
		usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), r);
	} else if (!strcmp(type, "message_stop")) {
		r->stream_done = true;
	} else if (!strcmp(type, "error")) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "the stream reported an error");
	}
}

const struct provider provider_anthropic = {
    .name = "anthropic",
    .kind = PROVIDER_HTTP,
    .default_url = "https://api.anthropic.com",
    .key_env = "ANTHROPIC_API_KEY",
    .build = build,
    .parse = parse,
    .event = event,
};
