/* OpenAI chat completions and (legacy) completions, and compatible servers. */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "run/provider.h"

static void auth(const struct settings *s, const char *key, struct request *q)
{
	strlist_push(&q->headers, "Content-Type: application/json");
	if (key && *key) {
		struct sbuf h = SBUF_INIT;
		sbuf_addf(&h, "Authorization: Bearer %s", key);
		strlist_push(&q->headers, h.buf);
		sbuf_release(&h);
	}
	provider_user_headers(s, q);
}

/* Settings shared by both endpoints; api.openai.com wants the newer name of the
 * budget. */
static void common_fields(const struct settings *s, const char *base,
                          struct sbuf *b)
{
	if (!provider_extra_has(s, "temperature")) {
		sbuf_adds(b, ",\"temperature\":");
		json_add_num(b, s->temperature);
	}
	const char *mt = strstr(base, "api.openai.com")
	                     ? "max_completion_tokens"
	                     : "max_tokens";
	if (s->max_tokens >= 0 && !provider_extra_has(s, mt))
		sbuf_addf(b, ",\"%s\":%lld", mt, s->max_tokens);
	if (s->has_seed && !provider_extra_has(s, "seed"))
		sbuf_addf(b, ",\"seed\":%lld", s->seed);
	provider_add_stops(s, "stop", b);
	if (s->stream)
		sbuf_adds(b, ",\"stream\":true,\"stream_options\":"
		             "{\"include_usage\":true}");
	provider_add_extra(s, b);
	sbuf_addch(b, '}');
}

static void build_chat(const struct settings *s, const char *base,
                       const char *key, const char *prompt, struct request *q)
{
	sbuf_addf(&q->url, "%s/chat/completions", base);
	auth(s, key, q);
	sbuf_adds(&q->body, "{\"model\":");
	json_add_str(&q->body, s->model);
	sbuf_adds(&q->body, ",\"messages\":[{\"role\":\"user\",\"content\":");
	json_add_str(&q->body, prompt);
	sbuf_adds(&q->body, "}]");
	common_fields(s, base, &q->body);
}

static void build_completions(const struct settings *s, const char *base,
                              const char *key, const char *prompt,
                              struct request *q)
{
	sbuf_addf(&q->url, "%s/completions", base);
	auth(s, key, q);
	sbuf_adds(&q->body, "{\"model\":");
	json_add_str(&q->body, s->model);
	sbuf_adds(&q->body, ",\"prompt\":");
	json_add_str(&q->body, prompt);
	common_fields(s, base, &q->body);
}

static void usage(const cJSON *j, struct reply *r)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "usage");
	if (!cJSON_IsObject(u))
		return;
	r->prompt_tokens = provider_tokens(u, "prompt_tokens");
	r->completion_tokens = provider_tokens(u, "completion_tokens");
	const cJSON *d =
	    cJSON_GetObjectItemCaseSensitive(u, "completion_tokens_details");
	if (d)
		r->reasoning_tokens = provider_tokens(d, "reasoning_tokens");
}

static void model_id(const cJSON *j, struct reply *r)
{
	const char *fp = json_str(j, "system_fingerprint");
	const char *m = json_str(j, "model");
	if (m && fp) {
		struct sbuf sb = SBUF_INIT;
		sbuf_addf(&sb, "%s (%s)", m, fp);
		free(r->model_id);
		r->model_id = sbuf_detach(&sb);
	} else if (m || fp) {
		reply_set(&r->model_id, m ? m : fp);
	}
}

static const cJSON *first_choice(const cJSON *j)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "choices");
	return cJSON_IsArray(c) ? cJSON_GetArrayItem(c, 0) : NULL;
}

/* chat puts text in message.content (delta.content when streaming), completions
 * in text. */
static void read_choice(const cJSON *c, bool stream, struct reply *r)
{
	const cJSON *m =
	    cJSON_GetObjectItemCaseSensitive(c, stream ? "delta" : "message");
	const char *t = m ? json_str(m, "content") : json_str(c, "text");
	if (t)
		sbuf_adds(&r->text, t);
	const char *f = json_str(c, "finish_reason");
	if (f)
		reply_set(&r->finish_reason, f);
}

static void parse(const cJSON *j, struct reply *r)
{
	const cJSON *c = first_choice(j);
	if (!cJSON_IsObject(c)) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "reply without choices");
		return;
	}
	read_choice(c, false, r);
	usage(j, r);
	model_id(j, r);
	provider_finish(r);
}

static void event(const cJSON *j, struct reply *r)
{
	const cJSON *c = first_choice(j);
	if (cJSON_IsObject(c))
		read_choice(c, true, r);
	usage(j, r);
	if (!r->model_id)
		model_id(j, r);
}

const struct provider provider_openai = {
    .name = "openai",
    .kind = PROVIDER_HTTP,
    .default_url = "https://api.openai.com/v1",
    .key_env = "OPENAI_API_KEY",
    .build = build_chat,
    .parse = parse,
    .event = event,
};

const struct provider provider_openai_completions = {
    .name = "openai-completions",
    .kind = PROVIDER_HTTP,
    .default_url = "https://api.openai.com/v1",
    .key_env = "OPENAI_API_KEY",
    .build = build_completions,
    .parse = parse,
    .event = event,
};
