/* Settings, replies, error classes and streaming shared by all providers. */
#include "run/provider.h"

#include <curl/curl.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/sha256.h"
#include "common/xalloc.h"
#include "run/http.h"
#include "run/rules.h"

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	sbuf_init(&r->text);
	sbuf_init(&r->reasoning);
	reply_reset(r);
}

void reply_reset(struct reply *r)
{
	r->status = REPLY_OK;
	sbuf_reset(&r->text);
	sbuf_reset(&r->reasoning);
	reply_set(&r->finish_reason, NULL);
	reply_set(&r->model_id, NULL);
	reply_set(&r->error, NULL);
	r->prompt_tokens = r->completion_tokens = r->reasoning_tokens = -1;
	r->cached_tokens = -1;
	r->latency_ms = r->ttft_ms = r->ttft_answer_ms = r->output_tps = -1;
	r->cost = -1;
	r->retry_after = 0;
	r->cached = false;
	r->stream_done = false;
	r->final = false;
}

void reply_release(struct reply *r)
{
	if (!r)
		return;
	sbuf_release(&r->text);
	sbuf_release(&r->reasoning);
	free(r->finish_reason);
	free(r->model_id);
	free(r->error);
	reply_init(r);
}

void reply_set(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

const char *reply_status_name(enum reply_status st)
{
	static const char *names[] = {"ok",       "length",  "overflow",
	                              "rejected", "refused", "error",
	                              "retry",    "fatal"};
	return names[st];
}

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->max_tokens = -1;
	s->thinking_budget = -1;
}

void settings_release(struct settings *s)
{
	if (!s)
		return;
	free(s->provider);
	free(s->model);
	free(s->reasoning_effort);
	free(s->rules_path);
	free(s->api_version);
	free(s->project);
	free(s->location);
	strlist_release(&s->base_urls);
	strlist_release(&s->stop);
	strlist_release(&s->headers);
	strlist_release(&s->command);
	cJSON_Delete(s->body_extra);
	settings_init(s);
}

static void add_list(struct sbuf *out, const struct strlist *l, bool names)
{
	sbuf_addch(out, '[');
	for (size_t i = 0; i < l->n; i++) {
		const char *v = l->v[i];
		size_t n = strlen(v);
		if (names && strchr(v, ':'))
			n = (size_t)(strchr(v, ':') - v);
		if (i)
			sbuf_addch(out, ',');
		json_add_strn(out, v, n);
	}
	sbuf_addch(out, ']');
}

void settings_json(const struct settings *s, bool no_sampling, struct sbuf *out)
{
	sbuf_adds(out, "{\"temperature\":");
	if (s->has_temperature || !no_sampling)
		json_add_num(out, s->temperature);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"max_tokens\":");
	if (s->max_tokens >= 0)
		sbuf_addf(out, "%lld", s->max_tokens);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"seed\":");
	if (s->has_seed)
		sbuf_addf(out, "%lld", s->seed);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"stop\":");
	add_list(out, &s->stop, false);
	sbuf_adds(out, ",\"extra_body\":");
	if (s->body_extra)
		json_add_value(out, s->body_extra);
	else
		sbuf_adds(out, "{}");
	sbuf_adds(out, ",\"extra_headers\":");
	add_list(out, &s->headers, true);
	if (s->headers.n) {
		/* the values shape replies too (and so the cache key and the
		 * resume check), but may hold secrets: only their hash */
		struct sbuf all = SBUF_INIT;
		char hex[65];
		for (size_t i = 0; i < s->headers.n; i++)
			sbuf_addf(&all, "%s\n", s->headers.v[i]);
		sha256_hex(all.buf, all.len, hex);
		sbuf_addf(out, ",\"headers_sha256\":\"%s\"", hex);
		sbuf_release(&all);
	}
	if (s->command.n) {
		sbuf_adds(out, ",\"command\":");
		add_list(out, &s->command, false);
	}
	if (s->reasoning_effort) {
		sbuf_adds(out, ",\"reasoning_effort\":");
		json_add_str(out, s->reasoning_effort);
	}
	if (s->thinking_budget >= 0)
		sbuf_addf(out, ",\"thinking_budget\":%lld", s->thinking_budget);
	sbuf_addf(out, ",\"stream\":%s}", s->stream ? "true" : "false");
}

void request_init(struct request *q)
{
	sbuf_init(&q->url);
	sbuf_init(&q->body);
	q->headers = NULL;
}

void request_release(struct request *q)
{
	if (!q)
		return;
	sbuf_release(&q->url);
	sbuf_release(&q->body);
	q->headers = NULL;
}

static const struct provider *const providers[] = {
    &provider_openai,           &provider_openai_completions,
    &provider_openai_responses, &provider_azure,
    &provider_anthropic,        &provider_gemini,
    &provider_vertex,           &provider_command,
    &provider_builtin,
};

const struct provider *provider_find(const char *name)
{
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
		if (!strcmp(providers[i]->name, name))
			return providers[i];
	return NULL;
}

const char *provider_names(void)
{
	return "openai, openai-completions, openai-responses, azure, "
	       "anthropic, gemini, vertex, command, builtin";
}

void provider_add_stops(const struct settings *s, const char *key, cJSON *b)
{
	cJSON *a;
	if (!s->stop.n)
		return;
	a = cJSON_AddArrayToObject(b, key);
	for (size_t i = 0; i < s->stop.n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(s->stop.v[i]));
}

bool provider_temperature(const struct settings *s, const struct model_rule *r,
                          double *t)
{
	*t = s->temperature;
	return s->has_temperature || !(r->flags & RULE_NO_SAMPLING);
}

void provider_json_headers(const char *key_prefix, const char *key,
                           struct strlist *out)
{
	strlist_push(out, "Content-Type: application/json");
	if (!key || !*key)
		return;
	struct sbuf h = SBUF_INIT;
	sbuf_addf(&h, "%s%s", key_prefix, key);
	strlist_push(out, h.buf);
	sbuf_release(&h);
}

void provider_add_text(const cJSON *o, const char *key, struct sbuf *out)
{
	const char *t = json_str(o, key);
	if (t)
		sbuf_adds(out, t);
}

long long provider_tokens(const cJSON *o, const char *key)
{
	long long v;
	return o && !json_long(o, key, &v) && v >= 0 ? v : -1;
}

/* Seconds a Google error body asks for: a google.rpc.RetryInfo detail with
 * retryDelay ("37s", "0.5s"), or -1. */
static double retry_info(const cJSON *er)
{
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(er, "details"))
	{
		const char *t = json_str(d, "@type"), *delay;
		if (t && strstr(t, "google.rpc.RetryInfo") &&
		    (delay = json_str(d, "retryDelay")))
			return http_duration(delay);
	}
	return -1;
}

/* The endpoint's own message: error.message, error (string), message, or the
 * raw start; and the delay a RetryInfo detail asks for (else -1). */
static void error_text(const char *body, size_t len, struct sbuf *out,
                       double *delay)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	const cJSON *er =
	    j ? cJSON_GetObjectItemCaseSensitive(j, "error") : NULL;
	*delay = retry_info(er);
	const char *msg = er ? json_str(er, "message") : NULL;
	if (!msg && cJSON_IsString(er))
		msg = er->valuestring;
	if (!msg && j)
		msg = json_str(j, "message");
	if (!msg && !j && len)
		msg = body;
	/* body need not be NUL-terminated: never strlen it */
	size_t n = msg == body ? len : msg ? strlen(msg) : 0;
	if (n > 300)
		n = 300;
	for (size_t i = 0; i < n; i++)
		sbuf_addch(out, isprint((unsigned char)msg[i]) ? msg[i] : ' ');
	cJSON_Delete(j);
}

static bool says_overflow(const char *msg)
{
	static const char *words[] = {"context length",
	                              "context_length",
	                              "maximum context",
	                              "context window",
	                              "prompt is too long",
	                              "input is too long",
	                              "too many tokens",
	                              "exceeds the maximum number of tokens",
	                              "exceeds the available context",
	                              "context size",
	                              "input token count",
	                              "reduce the length"};
	struct sbuf low = SBUF_INIT;
	bool hit = false;
	for (const char *p = msg; *p; p++)
		sbuf_addch(&low, (char)tolower((unsigned char)*p));
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !hit; i++)
		hit = strstr(low.buf, words[i]) != NULL;
	sbuf_release(&low);
	return hit;
}

void provider_classify(long st, const char *body, size_t len, struct reply *r)
{
	struct sbuf msg = SBUF_INIT;
	double delay;
	error_text(body, len, &msg, &delay);
	if (delay > r->retry_after)
		r->retry_after = delay;
	if (st == 429 || st == 408 || st == 409 || st >= 500)
		r->status = REPLY_RETRY;
	else if (st == 413 ||
	         ((st == 400 || st == 422) && says_overflow(msg.buf)))
		r->status = REPLY_OVERFLOW;
	else if (st == 401 || st == 403 || st == 404)
		r->status = REPLY_FATAL;
	else
		r->status = REPLY_REJECTED;
	struct sbuf e = SBUF_INIT;
	sbuf_addf(&e, "HTTP %ld", st);
	if (msg.len)
		sbuf_addf(&e, ": %s", msg.buf);
	free(r->error);
	r->error = sbuf_detach(&e);
	sbuf_release(&msg);
}

/* Finish reasons that say what the reply is, from each provider's documents
 * (docs/providers.md). */
static const struct {
	const char *reason;
	enum reply_status status;
	const char *why;
} finishes[] = {
    {"length", REPLY_LENGTH, "the output budget was spent"},
    {"max_tokens", REPLY_LENGTH, "the output budget was spent"},
    {"MAX_TOKENS", REPLY_LENGTH, "the output budget was spent"},
    {"max_output_tokens", REPLY_LENGTH, "the output budget was spent"},
    {"content_filter", REPLY_REFUSED, "stopped by the content filter"},
    {"refusal", REPLY_REFUSED, "the model refused"},
    {"SAFETY", REPLY_REFUSED, "stopped for safety (SAFETY)"},
    {"RECITATION", REPLY_REFUSED, "stopped for recitation (RECITATION)"},
    {"BLOCKLIST", REPLY_REFUSED, "stopped by a blocklist (BLOCKLIST)"},
    {"PROHIBITED_CONTENT", REPLY_REFUSED,
     "stopped for prohibited content (PROHIBITED_CONTENT)"},
    {"SPII", REPLY_REFUSED, "stopped for personal information (SPII)"},
    {"model_context_window_exceeded", REPLY_OVERFLOW,
     "the reply reached the end of the model's context window"},
    {"error", REPLY_RETRY, "the endpoint ended the reply with an error"},
    {"abort", REPLY_RETRY, "the endpoint aborted the reply"},
};

void provider_final(struct reply *r, enum reply_status st, const char *why)
{
	r->status = st;
	r->final = true;
	reply_set(&r->error, why);
}

void provider_finish(struct reply *r)
{
	const char *f = r->finish_reason;
	if (r->status != REPLY_OK || r->final || !f)
		return;
	for (size_t i = 0; i < sizeof(finishes) / sizeof(finishes[0]); i++)
		if (!strcmp(f, finishes[i].reason)) {
			r->status = finishes[i].status;
			reply_set(&r->error, finishes[i].why);
			return;
		}
}

bool provider_stream_error(const cJSON *ev, struct reply *r)
{
	const cJSON *er = cJSON_GetObjectItemCaseSensitive(ev, "error");
	const char *type = json_str(ev, "type");
	if (cJSON_IsNull(er) || cJSON_IsFalse(er))
		er = NULL; /* the Responses API's "error": null */
	if (!er && !(type && !strcmp(type, "error")))
		return false;
	const char *msg = cJSON_IsString(er) ? er->valuestring
	                  : er               ? json_str(er, "message")
	                                     : json_str(ev, "message");
	struct sbuf m = SBUF_INIT;
	sbuf_adds(&m, "the stream reported an error");
	if (msg) {
		sbuf_adds(&m, ": ");
		for (size_t i = 0; msg[i] && i < 300; i++)
			sbuf_addch(&m, isprint((unsigned char)msg[i]) ? msg[i]
			                                              : ' ');
	}
	r->status = REPLY_RETRY;
	free(r->error);
	r->error = sbuf_detach(&m);
	return true;
}

static void sse_data(struct sse *st, const struct provider *p, const char *d,
                     size_t n, struct reply *r)
{
	if (n == 6 && !memcmp(d, "[DONE]", 6)) {
		r->stream_done = true;
		return;
	}
	cJSON *ev = cJSON_ParseWithLength(d, n);
	if (!ev) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "malformed JSON in the event stream");
		return;
	}
	size_t text = r->text.len, all = text + r->reasoning.len;
	p->event(ev, r);
	if (!all && r->text.len + r->reasoning.len && r->ttft_ms < 0)
		r->ttft_ms = (now_sec() - st->start) * 1000.0;
	if (!text && r->text.len && r->ttft_answer_ms < 0)
		r->ttft_answer_ms = (now_sec() - st->start) * 1000.0;
	cJSON_Delete(ev);
}

void sse_feed(struct sse *st, const struct provider *p, const char *data,
              size_t n, struct reply *r)
{
	while (n) {
		const char *nl = memchr(data, '\n', n);
		size_t k = nl ? (size_t)(nl - data) : n;
		sbuf_add(&st->line, data, k);
		if (!nl)
			return;
		data += k + 1;
		n -= k + 1;
		struct sbuf *l = &st->line;
		if (l->len && l->buf[l->len - 1] == '\r')
			sbuf_setlen(l, l->len - 1);
		/* a refusal is final but its stream still carries usage */
		if (l->len > 5 && !memcmp(l->buf, "data:", 5) &&
		    (r->status == REPLY_OK || r->final)) {
			size_t off = l->buf[5] == ' ' ? 6 : 5;
			sse_data(st, p, l->buf + off, l->len - off, r);
		}
		sbuf_reset(l);
	}
}

void sse_end(struct sse *st, const struct provider *p, struct reply *r)
{
	if (r->status == REPLY_OK && !r->stream_done && !r->final) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "the event stream ended early");
	}
	sbuf_release(&st->line);
	provider_finish(r);
}

void json_merge_patch(cJSON *target, const cJSON *patch)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, patch)
	{
		cJSON *old =
		    cJSON_GetObjectItemCaseSensitive(target, m->string);
		if (cJSON_IsNull(m)) {
			cJSON_DeleteItemFromObjectCaseSensitive(target,
			                                        m->string);
		} else if (cJSON_IsObject(m) && cJSON_IsObject(old)) {
			json_merge_patch(old, m);
		} else {
			cJSON *v = cJSON_IsObject(m) ? cJSON_CreateObject()
			                             : cJSON_Duplicate(m, 1);
			if (cJSON_IsObject(m))
				json_merge_patch(v, m); /* drops its nulls */
			if (old)
				cJSON_ReplaceItemInObjectCaseSensitive(
				    target, m->string, v);
			else
				cJSON_AddItemToObject(target, m->string, v);
		}
	}
}

int wire_init(struct wire *w, const struct provider *p,
              const struct settings *s, const struct model_rule *r,
              const char *key, struct err *e)
{
	static const char slot[] = "\"\\u0001ctxbench-prompt\\u0001\"";
	cJSON *b = cJSON_CreateObject();
	char *txt = NULL;
	int rc = -1;
	memset(w, 0, sizeof(*w));
	sbuf_init(&w->path);
	sbuf_init(&w->pre);
	sbuf_init(&w->post);
	if (p->body(s, r, b, e))
		goto out;
	if (s->body_extra)
		json_merge_patch(b, s->body_extra);
	txt = cJSON_PrintUnformatted(b);
	const char *at = txt ? strstr(txt, slot) : NULL;
	if (!at || strstr(at + 1, slot)) {
		err_set(e, ERR_USAGE,
		        "--body-extra replaces the member that carries the "
		        "prompt; leave it out of the extra body");
		goto out;
	}
	sbuf_add(&w->pre, txt, (size_t)(at - txt));
	sbuf_adds(&w->post, at + strlen(slot));
	p->path(s, &w->path);
	p->headers(s, key, &w->headers);
	for (size_t i = 0; i < s->headers.n; i++)
		strlist_push(&w->headers, s->headers.v[i]);
	rc = 0;
out:
	cJSON_free(txt);
	cJSON_Delete(b);
	if (rc)
		wire_release(w);
	return rc;
}

void wire_release(struct wire *w)
{
	if (!w)
		return;
	sbuf_release(&w->path);
	sbuf_release(&w->pre);
	sbuf_release(&w->post);
	strlist_release(&w->headers);
}

/* q's URL and headers, and its body emptied with room for size bytes. */
static void request_start(const struct wire *w, const char *base, size_t size,
                          struct request *q)
{
	sbuf_reset(&q->url);
	sbuf_adds(&q->url, base);
	sbuf_add(&q->url, w->path.buf, w->path.len);
	sbuf_reset(&q->body);
	sbuf_grow(&q->body, size);
	q->headers = &w->headers;
}

void wire_request(const struct wire *w, const char *base, const char *prompt,
                  size_t n, struct request *q)
{
	request_start(w, base, w->pre.len + n + n / 8 + w->post.len + 8, q);
	sbuf_add(&q->body, w->pre.buf, w->pre.len);
	json_add_strn(&q->body, prompt, n);
	sbuf_add(&q->body, w->post.buf, w->post.len);
}

void wire_body_json(const struct wire *w, const char *esc, size_t n,
                    struct sbuf *out)
{
	sbuf_add(out, w->pre.buf, w->pre.len);
	sbuf_addch(out, '"');
	sbuf_add(out, esc, n);
	sbuf_addch(out, '"');
	sbuf_add(out, w->post.buf, w->post.len);
}

void wire_request_json(const struct wire *w, const char *base, const char *esc,
                       size_t n, struct request *q)
{
	request_start(w, base, w->pre.len + n + w->post.len + 2, q);
	wire_body_json(w, esc, n, &q->body);
}

void wire_body_record(const struct wire *w, struct sbuf *out)
{
	sbuf_add(out, w->pre.buf, w->pre.len);
	sbuf_adds(out, "\"{prompt}\"");
	sbuf_add(out, w->post.buf, w->post.len);
}

/* url without "user:password@", by hand: for text libcurl cannot parse. */
static void strip_userinfo(const char *url, struct sbuf *out)
{
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	size_t end = strcspn(auth, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < end; i++)
		if (auth[i] == '@')
			at = auth + i;
	if (!at) {
		sbuf_adds(out, url);
		return;
	}
	sbuf_add(out, url, (size_t)(auth - url));
	sbuf_adds(out, at + 1);
}

void provider_url_public(const char *url, struct sbuf *out)
{
	CURLU *u = curl_url();
	char *user = NULL, *pw = NULL, *clean = NULL;
	if (u && !curl_url_set(u, CURLUPART_URL, url, 0)) {
		curl_url_get(u, CURLUPART_USER, &user, 0);
		curl_url_get(u, CURLUPART_PASSWORD, &pw, 0);
		if (!user && !pw)
			sbuf_adds(out, url); /* as given, not normalized */
		else if (!curl_url_set(u, CURLUPART_USER, NULL, 0) &&
		         !curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) &&
		         !curl_url_get(u, CURLUPART_URL, &clean, 0))
			sbuf_adds(out, clean);
		else
			strip_userinfo(url, out);
	} else {
		strip_userinfo(url, out);
	}
	curl_free(user);
	curl_free(pw);
	curl_free(clean);
	curl_url_cleanup(u);
}

/* Pushes the user and password of url, as written and decoded. */
static void url_secrets(const char *url, struct strlist *out)
{
	static const CURLUPart parts[] = {CURLUPART_USER, CURLUPART_PASSWORD};
	CURLU *u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0)) {
		curl_url_cleanup(u);
		return;
	}
	for (int i = 0; i < 2; i++)
		for (int dec = 0; dec < 2; dec++) {
			char *v = NULL;
			if (!curl_url_get(u, parts[i], &v,
			                  dec ? CURLU_URLDECODE : 0) &&
			    v && *v)
				strlist_push(out, v);
			curl_free(v);
		}
	curl_url_cleanup(u);
}

void provider_secrets(const struct strlist *urls, struct strlist *out)
{
	/* keys a provider may read besides its key_env */
	static const char *const more[] = {"GOOGLE_API_KEY"};
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		const char *v = providers[i]->key_env
		                    ? getenv(providers[i]->key_env)
		                    : NULL;
		if (v && *v)
			strlist_push(out, v);
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (getenv(more[i]) && *getenv(more[i]))
			strlist_push(out, getenv(more[i]));
	for (size_t i = 0; urls && i < urls->n; i++)
		url_secrets(urls->v[i], out);
}

int provider_check_url(const char *url, const char *opt, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	          !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	          !curl_url_get(u, CURLUPART_HOST, &host, 0) &&
	          (!strcmp(scheme, "http") || !strcmp(scheme, "https"));
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if (!ok) {
		struct sbuf pub = SBUF_INIT;
		provider_url_public(url, &pub);
		err_set(e, ERR_USAGE,
		        "%s '%s' is not an http:// or https:// URL", opt,
		        pub.buf);
		sbuf_release(&pub);
		return -1;
	}
	return 0;
}
