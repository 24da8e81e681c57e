/* Google Gemini generateContent (and streamGenerateContent with SSE), on the
 * Gemini API and on Vertex AI. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/provider.h"
#include "run/rules.h"

/* Effort words as thinking budgets, as Google's OpenAI-compatible endpoint
 * maps reasoning_effort for budget models (docs/providers.md). */
static const struct {
	const char *effort;
	long long budget;
} budgets[] = {{"none", 0}, {"low", 1024}, {"medium", 8192}, {"high", 24576}};
static const char *const levels[] = {"minimal", "low", "medium", "high"};

static int word_in(const char *w, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, set[i]))
			return (int)i;
	return -1;
}

/* Adds thinkingConfig to gc when the settings ask for thinking. */
static int thinking(const struct settings *s, const struct model_rule *r,
                    cJSON *gc, struct err *e)
{
	const char *eff = s->reasoning_effort;
	bool known = r->flags & RULE_KNOWN;
	cJSON *tc;
	if (!eff && s->thinking_budget < 0)
		return 0;
	if (eff && s->thinking_budget >= 0)
		return err_set(e, ERR_USAGE,
		               "give --reasoning-effort or --thinking-budget, "
		               "not both");
	if (known && !(r->flags & (RULE_BUDGET | RULE_EFFORT)))
		return err_set(e, ERR_USAGE, "%s does not think", s->model);
	tc = cJSON_AddObjectToObject(gc, "thinkingConfig");
	if (s->thinking_budget >= 0) {
		cJSON_AddNumberToObject(tc, "thinkingBudget",
		                        (double)s->thinking_budget);
	} else if (!known || (r->flags & RULE_LEVEL)) {
		if (word_in(eff, levels, 4) < 0)
			return err_set(
			    e, ERR_USAGE,
			    "--reasoning-effort: Gemini thinking levels "
			    "are minimal, low, medium and high, not '%s'",
			    eff);
		cJSON_AddStringToObject(tc, "thinkingLevel", eff);
	} else {
		size_t i = 0;
		while (i < 4 && strcmp(budgets[i].effort, eff))
			i++;
		if (i == 4)
			return err_set(
			    e, ERR_USAGE,
			    "--reasoning-effort: %s takes none, low, "
			    "medium or high (or --thinking-budget N), "
			    "not '%s'",
			    s->model, eff);
		cJSON_AddNumberToObject(tc, "thinkingBudget",
		                        (double)budgets[i].budget);
	}
	cJSON_AddTrueToObject(tc, "includeThoughts");
	return 0;
}

static int body(const struct settings *s, const struct model_rule *r, cJSON *b,
                struct err *e)
{
	cJSON *c = cJSON_CreateObject(), *part = cJSON_CreateObject();
	cJSON *gc = cJSON_CreateObject();
	double t;
	cJSON_AddStringToObject(c, "role", "user");
	cJSON_AddStringToObject(part, "text", PROMPT_SLOT);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "parts"), part);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "contents"), c);
	if (provider_temperature(s, r, &t))
		cJSON_AddNumberToObject(gc, "temperature", t);
	if (s->max_tokens >= 0)
		cJSON_AddNumberToObject(gc, "maxOutputTokens",
		                        (double)s->max_tokens);
	if (s->has_seed)
		cJSON_AddNumberToObject(gc, "seed", (double)s->seed);
	provider_add_stops(s, "stopSequences", gc);
	if (thinking(s, r, gc, e)) {
		cJSON_Delete(gc);
		return -1;
	}
	if (gc->child)
		cJSON_AddItemToObject(b, "generationConfig", gc);
	else
		cJSON_Delete(gc);
	return 0;
}

static void method(const struct settings *s, struct sbuf *out)
{
	sbuf_addf(out, "%s:%s", s->model,
	          s->stream ? "streamGenerateContent?alt=sse"
	                    : "generateContent");
}

static void path(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "/v1beta/models/");
	method(s, out);
}

static void headers(const struct settings *s, const char *key,
                    struct strlist *out)
{
	/* Vertex AI with an access token, else a Gemini API key */
	provider_json_headers(
	    s->project ? "Authorization: Bearer " : "x-goog-api-key: ", key,
	    out);
}

/* Finish reasons of a blocked or cut reply; the others end an answer. */
static void block_reason(const cJSON *j, struct reply *r)
{
	const cJSON *fb = cJSON_GetObjectItemCaseSensitive(j, "promptFeedback");
	const char *why = json_str(fb, "blockReason");
	if (!why || r->final)
		return;
	struct sbuf m = SBUF_INIT;
	sbuf_addf(&m, "the prompt was blocked (%.60s)", why);
	provider_final(r, REPLY_REFUSED, m.buf);
	reply_set(&r->finish_reason, why);
	r->stream_done = true;
	sbuf_release(&m);
}

/* One response object: text and thought parts, finishReason, usageMetadata,
 * modelVersion; false when it has no candidate. */
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
		if ((v = provider_tokens(u, "cachedContentTokenCount")) >= 0)
			r->cached_tokens = v;
	}
	if (json_str(j, "modelVersion"))
		reply_set(&r->model_id, json_str(j, "modelVersion"));
	block_reason(j, r);
	if (!cJSON_IsObject(c))
		return false;
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(c, "content");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(content, "parts");
	const cJSON *p;
	cJSON_ArrayForEach(p, parts)
	{
		provider_add_text(p, "text",
		                  json_bool(p, "thought", false) ? &r->reasoning
		                                                 : &r->text);
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
	if (provider_stream_error(j, r))
		return;
	if (!read_chunk(j, r) && !r->final) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "reply without candidates");
		return;
	}
	provider_finish(r);
}

static void event(const cJSON *j, struct reply *r)
{
	if (!provider_stream_error(j, r))
		read_chunk(j, r);
}

const struct provider provider_gemini = {
    .name = "gemini",
    .kind = PROVIDER_HTTP,
    .api = "gemini",
    .default_url = "https://generativelanguage.googleapis.com",
    .key_env = "GEMINI_API_KEY",
    .body = body,
    .path = path,
    .headers = headers,
    .parse = parse,
    .event = event,
};

/*
 * Vertex AI, as the google-genai client reads its environment:
 * GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION (default global) with an
 * OAuth access token (GOOGLE_OAUTH_ACCESS_TOKEN, e.g. from `gcloud auth
 * print-access-token`), or express mode with GOOGLE_API_KEY and no project.
 */
static int vertex_setup(struct settings *s, const char **key, struct err *e)
{
	const char *proj = getenv("GOOGLE_CLOUD_PROJECT");
	const char *loc = getenv("GOOGLE_CLOUD_LOCATION");
	bool url_given = s->base_urls.n > 0;
	if (proj && *proj) {
		s->project = xstrdup(proj);
		s->location = xstrdup(loc && *loc ? loc : "global");
		*key = getenv("GOOGLE_OAUTH_ACCESS_TOKEN");
	} else {
		*key = getenv("GOOGLE_API_KEY");
	}
	if (!url_given) {
		struct sbuf u = SBUF_INIT;
		if (s->project && strcmp(s->location, "global"))
			sbuf_addf(&u, "https://%s-aiplatform.googleapis.com",
			          s->location);
		else
			sbuf_adds(&u, "https://aiplatform.googleapis.com");
		strlist_push(&s->base_urls, u.buf);
		sbuf_release(&u);
	}
	if ((!*key || !**key) && !url_given)
		return err_set(
		    e, ERR_USAGE,
		    s->project ? "GOOGLE_OAUTH_ACCESS_TOKEN is not set; "
		                 "export it (gcloud auth print-access-token)"
		               : "set GOOGLE_CLOUD_PROJECT (with "
		                 "GOOGLE_OAUTH_ACCESS_TOKEN), or "
		                 "GOOGLE_API_KEY for express mode");
	return 0;
}

static void vertex_path(const struct settings *s, struct sbuf *out)
{
	if (s->project)
		sbuf_addf(out, "/v1/projects/%s/locations/%s", s->project,
		          s->location);
	else
		sbuf_adds(out, "/v1");
	sbuf_adds(out, "/publishers/google/models/");
	method(s, out);
}

const struct provider provider_vertex = {
    .name = "vertex",
    .kind = PROVIDER_HTTP,
    .api = "gemini",
    .key_env = "GOOGLE_OAUTH_ACCESS_TOKEN",
    .setup = vertex_setup,
    .body = body,
    .path = vertex_path,
    .headers = headers,
    .parse = parse,
    .event = event,
};
