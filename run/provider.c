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

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	sbuf_init(&r->text);
	reply_reset(r);
}

void reply_reset(struct reply *r)
{
	r->status = REPLY_OK;
	sbuf_reset(&r->text);
	reply_set(&r->finish_reason, NULL);
	reply_set(&r->model_id, NULL);
	reply_set(&r->error, NULL);
	r->prompt_tokens = r->completion_tokens = r->reasoning_tokens = -1;
	r->latency_ms = r->ttft_ms = r->output_tps = r->cost = -1;
	r->retry_after = 0;
	r->cached = false;
	r->stream_done = false;
}

void reply_release(struct reply *r)
{
	if (!r)
		return;
	sbuf_release(&r->text);
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
	static const char *names[] = {"ok",    "length", "overflow", "rejected",
	                              "error", "retry",  "fatal"};
	return names[st];
}

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->max_tokens = -1;
}

void settings_release(struct settings *s)
{
	if (!s)
		return;
	free(s->provider);
	free(s->model);
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

void settings_json(const struct settings *s, struct sbuf *out)
{
	sbuf_adds(out, "{\"temperature\":");
	json_add_num(out, s->temperature);
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
	sbuf_addf(out, ",\"stream\":%s}", s->stream ? "true" : "false");
}

void request_init(struct request *q)
{
	sbuf_init(&q->url);
	sbuf_init(&q->body);
	q->headers = (struct strlist)STRLIST_INIT;
}

void request_release(struct request *q)
{
	if (!q)
		return;
	sbuf_release(&q->url);
	sbuf_release(&q->body);
	strlist_release(&q->headers);
}

static const struct provider *const providers[] = {
    &provider_openai,    &provider_openai_completions,
    &provider_anthropic, &provider_gemini,
    &provider_command,   &provider_builtin,
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
	return "openai, openai-completions, anthropic, gemini, command, "
	       "builtin";
}

void provider_add_extra(const struct settings *s, struct sbuf *body)
{
	const cJSON *m;
	if (!s->body_extra)
		return;
	cJSON_ArrayForEach(m, s->body_extra)
	{
		sbuf_addch(body, ',');
		json_add_str(body, m->string);
		sbuf_addch(body, ':');
		json_add_value(body, m);
	}
}

bool provider_extra_has(const struct settings *s, const char *key)
{
	return s->body_extra &&
	       cJSON_GetObjectItemCaseSensitive(s->body_extra, key);
}

void provider_add_stops(const struct settings *s, const char *key,
                        struct sbuf *body)
{
	if (!s->stop.n || provider_extra_has(s, key))
		return;
	sbuf_addch(body, ',');
	json_add_str(body, key);
	sbuf_addch(body, ':');
	add_list(body, &s->stop, false);
}

void provider_user_headers(const struct settings *s, struct request *q)
{
	for (size_t i = 0; i < s->headers.n; i++)
		strlist_push(&q->headers, s->headers.v[i]);
}

long long provider_tokens(const cJSON *o, const char *key)
{
	long long v;
	return o && !json_long(o, key, &v) && v >= 0 ? v : -1;
}

/* The endpoint's own message: error.message, error (string), message, or the
 * raw start. */
static void error_text(const char *body, size_t len, struct sbuf *out)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	const cJSON *er =
	    j ? cJSON_GetObjectItemCaseSensitive(j, "error") : NULL;
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
	error_text(body, len, &msg);
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

void provider_finish(struct reply *r)
{
	if (r->status != REPLY_OK)
		return;
	const char *f = r->finish_reason;
	if (f && (!strcmp(f, "length") || !strcmp(f, "max_tokens") ||
	          !strcmp(f, "MAX_TOKENS"))) {
		r->status = REPLY_LENGTH;
		reply_set(&r->error, "the output budget was spent");
	}
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
	size_t before = r->text.len;
	p->event(ev, r);
	if (!before && r->text.len && r->ttft_ms < 0)
		r->ttft_ms = (now_sec() - st->start) * 1000.0;
	cJSON_Delete(ev);
}

void sse_feed(struct sse *st, const struct provider *p, const char *data,
              size_t n, struct reply *r)
{
	for (size_t i = 0; i < n; i++) {
		if (data[i] != '\n') {
			sbuf_addch(&st->line, data[i]);
			continue;
		}
		struct sbuf *l = &st->line;
		if (l->len && l->buf[l->len - 1] == '\r')
			sbuf_setlen(l, l->len - 1);
		if (l->len > 5 && !memcmp(l->buf, "data:", 5) &&
		    r->status == REPLY_OK) {
			size_t off = l->buf[5] == ' ' ? 6 : 5;
			sse_data(st, p, l->buf + off, l->len - off, r);
		}
		sbuf_reset(l);
	}
}

void sse_end(struct sse *st, const struct provider *p, struct reply *r)
{
	if (r->status == REPLY_OK && !r->stream_done) {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "the event stream ended early");
	}
	sbuf_release(&st->line);
	provider_finish(r);
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
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		const char *v = providers[i]->key_env
		                    ? getenv(providers[i]->key_env)
		                    : NULL;
		if (v && *v)
			strlist_push(out, v);
	}
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
