/* Google Gemini generateContent (and streamGenerateContent with SSE). */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "run/provider.h"

static void config(const struct settings *s, struct sbuf *b)
{
	sbuf_adds(b, ",\"generationConfig\":{\"temperature\":");
	json_add_num(b, s->temperature);
	if (s->max_tokens >= 0)
		sbuf_addf(b, ",\"maxOutputTokens\":%lld", s->max_tokens);
	if (s->has_seed)
		sbuf_addf(b, ",\"seed\":%lld", s->seed);
	provider_add_stops(s, "stopSequences", b);
	sbuf_addch(b, '}');
}

static void build(const struct settings *s, const char *base, const char *key,
                  const char *prompt, struct request *q)
{
	sbuf_addf(&q->url, "%s/v1beta/models/%s:%s", base, s->model,
	          s->stream ? "streamGenerateContent?alt=sse"
	                    : "generateContent");
	strlist_push(&q->headers, "Content-Type: application/json");
	if (key && *key) {
		struct sbuf h = SBUF_INIT;
		sbuf_addf(&h, "x-goog-api-key: %s", key);
		strlist_push(&q->headers, h.buf);
		sbuf_release(&h);
	}
	provider_user_headers(s, q);
	struct sbuf *b = &q->body;
	sbuf_adds(b, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":");
	json_add_str(b, prompt);
	sbuf_adds(b, "}]}]");
	if (!provider_extra_has(s, "generationConfig"))
		config(s, b);
	provider_add_extra(s, b);
	sbuf_addch(b, '}');
}

/* One response object: text parts, finishReason, usageMetadata, modelVersion.
 */
static bool read_chunk(const cJSON *j, struct reply *r)
{
	const cJSON *cands = cJSON_GetObjectItemCaseSensitive(j, "candidates");
	const cJSON *c =
	    cJSON_IsArray(cands) ? cJSON_GetArrayItem(cands, 0) : NULL;
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "usageMetadata");
	long long v;
	if (u) {
		if ((v = provider_tokens(u, "promptTokenCount")) >= 0)
			r->prompt_tokens = v;
		if ((v = provider_tokens(u, "candidatesTokenCount")) >= 0)
			r->completion_tokens = v;
		if ((v = provider_tokens(u, "thoughtsTokenCount")) >= 0)
			r->reasoning_tokens = v;
	}
	if (json_str(j, "modelVersion"))
		reply_set(&r->model_id, json_str(j, "modelVersion"));
	if (!cJSON_IsObject(c))
		return false;
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(c, "content");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(content, "parts");
	const cJSON *p;
	cJSON_ArrayForEach(p, parts)
	{
		const char *t = json_str(p, "text");
		if (t && !json_bool(p, "thought", false))
			sbuf_adds(&r->text, t);
	}
	const char *f = json_str(c, "finishReason");
	if (f) {
		reply_set(&r->finish_reason, f);
		r->stream_done = true;
	}
	return true;
}

static void parse(const cJSON *j, struct reply *r)
{
	if (!read_chunk(j, r)) {
		const cJSON *fb =
		    cJSON_GetObjectItemCaseSensitive(j, "promptFeedback");
		r->status = fb ? REPLY_REJECTED : REPLY_RETRY;
		reply_set(&r->error, fb ? "the prompt was blocked"
		                        : "reply without candidates");
		return;
	}
	provider_finish(r);
}

static void event(const cJSON *j, struct reply *r)
{
	read_chunk(j, r);
}

const struct provider provider_gemini = {
    .name = "gemini",
    .kind = PROVIDER_HTTP,
    .default_url = "https://generativelanguage.googleapis.com",
    .key_env = "GEMINI_API_KEY",
    .build = build,
    .parse = parse,
    .event = event,
};
