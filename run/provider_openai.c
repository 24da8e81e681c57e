/* OpenAI chat completions, (legacy) completions and Azure OpenAI, and the
 * servers that speak them (vLLM, llama.cpp, Ollama, LM Studio, TGI). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/provider.h"
#include "run/rules.h"

/* Azure OpenAI's GA data-plane version when OPENAI_API_VERSION is not set. */
#define AZURE_API_VERSION "2024-10-21"

static void bearer(const struct settings *s, const char *key,
                   struct strlist *out)
{
	provider_json_headers("Authorization: Bearer ", key, out);
}

static int no_budget(const struct settings *s, struct err *e)
{
	if (s->thinking_budget >= 0)
		return err_set(e, ERR_USAGE,
		               "--thinking-budget: %s has no thinking budget; "
		               "give --reasoning-effort",
		               s->provider);
	return 0;
}

/* The settings both endpoints share; reasoning families take
 * max_completion_tokens and no sampling settings unless given. */
static int fields(const struct settings *s, const struct model_rule *r,
                  bool chat, cJSON *b, struct err *e)
{
	double t;
	if (no_budget(s, e))
		return -1;
	if (provider_temperature(s, r, &t))
		cJSON_AddNumberToObject(b, "temperature", t);
	if (s->max_tokens >= 0)
		cJSON_AddNumberToObject(b,
		                        chat && (r->flags & RULE_COMPLETION)
		                            ? "max_completion_tokens"
		                            : "max_tokens",
		                        (double)s->max_tokens);
	if (s->reasoning_effort)
		cJSON_AddStringToObject(b, "reasoning_effort",
		                        s->reasoning_effort);
	if (s->has_seed)
		cJSON_AddNumberToObject(b, "seed", (double)s->seed);
	provider_add_stops(s, "stop", b);
	if (s->stream) {
		cJSON_AddTrueToObject(b, "stream");
		cJSON_AddTrueToObject(
		    cJSON_AddObjectToObject(b, "stream_options"),
		    "include_usage");
	}
	return 0;
}

static int body_chat(const struct settings *s, const struct model_rule *r,
                     cJSON *b, struct err *e)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "model", s->model);
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", PROMPT_SLOT);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "messages"), m);
	return fields(s, r, true, b, e);
}

static int body_completions(const struct settings *s,
                            const struct model_rule *r, cJSON *b, struct err *e)
{
	cJSON_AddStringToObject(b, "model", s->model);
	cJSON_AddStringToObject(b, "prompt", PROMPT_SLOT);
	return fields(s, r, false, b, e);
}

static void path_chat(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "/chat/completions");
}

static void path_completions(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "/completions");
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
	d = cJSON_GetObjectItemCaseSensitive(u, "prompt_tokens_details");
	if (d)
		r->cached_tokens = provider_tokens(d, "cached_tokens");
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

/*
 * chat puts text in message.content (delta.content when streaming),
 * completions in text; a refusal comes in refusal, reasoning (vLLM, DeepSeek,
 * llama.cpp) in reasoning_content or reasoning.
 */
static void read_choice(const cJSON *c, bool stream, struct reply *r)
{
	const cJSON *m =
	    cJSON_GetObjectItemCaseSensitive(c, stream ? "delta" : "message");
	const char *f = json_str(c, "finish_reason");
	if (m) {
		const char *refusal = json_str(m, "refusal");
		provider_add_text(m, "content", &r->text);
		provider_add_text(m, "reasoning_content", &r->reasoning);
		provider_add_text(m, "reasoning", &r->reasoning);
		if (refusal && *refusal) {
			sbuf_adds(&r->text, refusal);
			if (!r->final)
				provider_final(r, REPLY_REFUSED,
				               "the model refused (refusal)");
		}
	} else {
		provider_add_text(c, "text", &r->text);
	}
	if (f)
		reply_set(&r->finish_reason, f);
}

static void parse(const cJSON *j, struct reply *r)
{
	const cJSON *c = first_choice(j);
	if (provider_stream_error(j, r))
		return;
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
	if (provider_stream_error(j, r))
		return;
	if (cJSON_IsObject(c))
		read_choice(c, true, r);
	usage(j, r);
	if (!r->model_id)
		model_id(j, r);
}

const struct provider provider_openai = {
    .name = "openai",
    .kind = PROVIDER_HTTP,
    .api = "openai",
    .default_url = "https://api.openai.com/v1",
    .key_env = "OPENAI_API_KEY",
    .body = body_chat,
    .path = path_chat,
    .headers = bearer,
    .parse = parse,
    .event = event,
};

const struct provider provider_openai_completions = {
    .name = "openai-completions",
    .kind = PROVIDER_HTTP,
    .api = "openai",
    .default_url = "https://api.openai.com/v1",
    .key_env = "OPENAI_API_KEY",
    .body = body_completions,
    .path = path_completions,
    .headers = bearer,
    .parse = parse,
    .event = event,
};

/* The resource endpoint and key from Azure's variables, as the openai client
 * reads them: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY,
 * OPENAI_API_VERSION. */
static int azure_setup(struct settings *s, const char **key, struct err *e)
{
	const char *ep = getenv("AZURE_OPENAI_ENDPOINT");
	const char *v = getenv("OPENAI_API_VERSION");
	bool url_given = s->base_urls.n > 0;
	free(s->api_version);
	s->api_version = xstrdup(v && *v ? v : AZURE_API_VERSION);
	if (!url_given) {
		if (!ep || !*ep)
			return err_set(
			    e, ERR_USAGE,
			    "AZURE_OPENAI_ENDPOINT is not set; export "
			    "it (https://RESOURCE.openai.azure.com) "
			    "or give --base-url");
		strlist_push(&s->base_urls, ep);
	}
	*key = getenv("AZURE_OPENAI_API_KEY");
	if ((!*key || !**key) && !url_given)
		return err_set(e, ERR_USAGE,
		               "AZURE_OPENAI_API_KEY is not set; export it");
	return 0;
}

/* MODEL is the deployment's name. */
static void azure_path(const struct settings *s, struct sbuf *out)
{
	sbuf_addf(out, "/openai/deployments/%s/chat/completions?api-version=%s",
	          s->model,
	          s->api_version ? s->api_version : AZURE_API_VERSION);
}

static void azure_headers(const struct settings *s, const char *key,
                          struct strlist *out)
{
	provider_json_headers("api-key: ", key, out);
}

const struct provider provider_azure = {
    .name = "azure",
    .kind = PROVIDER_HTTP,
    .api = "openai",
    .key_env = "AZURE_OPENAI_API_KEY",
    .setup = azure_setup,
    .body = body_chat,
    .path = azure_path,
    .headers = azure_headers,
    .parse = parse,
    .event = event,
};
