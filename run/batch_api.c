/*
 * The providers' batch services over blocking HTTP: OpenAI (/files and
 * /batches, JSONL), Anthropic (/v1/messages/batches) and Gemini
 * (models/M:batchGenerateContent with inline requests). docs/providers.md
 * says where each shape and limit comes from.
 */
#include "run/batch.h"

#include <curl/curl.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/http.h"
#include "run/instance.h"
#include "run/provider.h"
#include "run/run.h"

/* The most a result or status body may take. */
#define BODY_CAP ((size_t)1 << 30)

enum kind { K_OPENAI, K_ANTHROPIC, K_GEMINI };

struct bclient {
	const struct run_opts *o;
	const struct bapi *a;
	enum kind kind;
	CURL *c;
	const char *base;
	struct strlist secrets;
};

void bbatch_release(struct bbatch *b)
{
	if (!b)
		return;
	free(b->id);
	free(b->remote);
	free(b->file);
	free(b->token);
	free(b->state);
	free(b->status);
	free(b->counts);
	free(b->out);
	free(b->err);
	free(b->created);
	memset(b, 0, sizeof(*b));
}

/* ---- the items and their batch ---- */

static void openai_item(const struct bapi *a, const char *path, const char *cid,
                        const char *body, size_t n, struct sbuf *out)
{
	sbuf_addf(out,
	          "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"/v1%s\","
	          "\"body\":",
	          cid, path);
	sbuf_add(out, body, n);
	sbuf_adds(out, "}\n");
}

static void openai_wrap(const char *model, const char *token,
                        struct sbuf *items, struct sbuf *out)
{
	sbuf_add(out, items->buf, items->len);
}

static void anthropic_item(const struct bapi *a, const char *path,
                           const char *cid, const char *body, size_t n,
                           struct sbuf *out)
{
	sbuf_addf(out,
	          "%s{\"custom_id\":\"%s\",\"params\":", out->len ? "," : "",
	          cid);
	sbuf_add(out, body, n);
	sbuf_addch(out, '}');
}

static void anthropic_wrap(const char *model, const char *token,
                           struct sbuf *items, struct sbuf *out)
{
	sbuf_adds(out, "{\"requests\":[");
	sbuf_add(out, items->buf, items->len);
	sbuf_adds(out, "]}");
}

static void gemini_item(const struct bapi *a, const char *path, const char *cid,
                        const char *body, size_t n, struct sbuf *out)
{
	sbuf_adds(out, out->len ? ",{\"request\":" : "{\"request\":");
	sbuf_add(out, body, n);
	sbuf_addf(out, ",\"metadata\":{\"key\":\"%s\"}}", cid);
}

static void gemini_wrap(const char *model, const char *token,
                        struct sbuf *items, struct sbuf *out)
{
	sbuf_adds(out, "{\"batch\":{\"displayName\":");
	json_add_str(out, token);
	sbuf_adds(out, ",\"inputConfig\":{\"requests\":{\"requests\":[");
	sbuf_add(out, items->buf, items->len);
	sbuf_adds(out, "]}}}}");
}

/* Limits per batch as documented: OpenAI 50,000 requests and a 200 MB input
 * file; Anthropic 100,000 requests or 256 MB; Gemini inline requests up to
 * 20 MB in all. */
static const struct bapi apis[] = {
    {"openai", 50000, (size_t)200 << 20, openai_item, openai_wrap},
    {"anthropic", 100000, (size_t)256 << 20, anthropic_item, anthropic_wrap},
    {"gemini", 1000000, (size_t)20 << 20, gemini_item, gemini_wrap},
};

const struct bapi *bapi_find(const struct provider *p)
{
	if (p == &provider_openai || p == &provider_openai_responses)
		return &apis[K_OPENAI];
	if (p == &provider_anthropic)
		return &apis[K_ANTHROPIC];
	if (p == &provider_gemini)
		return &apis[K_GEMINI];
	return NULL;
}

/* ---- HTTP ---- */

struct bclient *bclient_new(const struct run_opts *o, const struct bapi *a,
                            struct err *e)
{
	struct bclient *c = xcalloc(1, sizeof(*c));
	c->o = o;
	c->a = a;
	c->kind = (enum kind)(a - apis);
	c->base = o->s->base_urls.v[0];
	if (o->key)
		strlist_push(&c->secrets, o->key);
	provider_secrets(&o->s->base_urls, &c->secrets);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) ||
	    !(c->c = curl_easy_init())) {
		bclient_free(c);
		err_set(e, ERR_NET, "cannot initialize libcurl");
		return NULL;
	}
	return c;
}

void bclient_free(struct bclient *c)
{
	if (!c)
		return;
	if (c->c)
		curl_easy_cleanup(c->c);
	strlist_release(&c->secrets);
	free(c);
}

static size_t on_write(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *out = arg;
	return sbuf_add(out, p, size * n) ? 0 : size * n;
}

/* One exchange; transient failures (429, 5xx, no connection) are tried
 * again with the run's backoff, up to --max-retries. */
static int exchange(struct bclient *c, const char *method, const char *url,
                    const struct sbuf *body, curl_mime *mime, struct sbuf *out,
                    struct err *e)
{
	const struct run_opts *o = c->o;
	struct curl_slist *h = NULL;
	long status = 0;
	CURLcode code = CURLE_OK;
	char ebuf[CURL_ERROR_SIZE];
	for (size_t i = 0; i < o->wire->headers.n; i++)
		if (!mime ||
		    strncasecmp(o->wire->headers.v[i], "content-type", 12))
			h = curl_slist_append(h, o->wire->headers.v[i]);
	for (int attempt = 1;; attempt++) {
		sbuf_reset(out);
		out->max = BODY_CAP;
		ebuf[0] = '\0';
		curl_easy_reset(c->c);
		curl_easy_setopt(c->c, CURLOPT_URL, url);
		curl_easy_setopt(c->c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c->c, CURLOPT_CUSTOMREQUEST, method);
		if (mime)
			curl_easy_setopt(c->c, CURLOPT_MIMEPOST, mime);
		else if (body) {
			curl_easy_setopt(c->c, CURLOPT_POSTFIELDS, body->buf);
			curl_easy_setopt(c->c, CURLOPT_POSTFIELDSIZE_LARGE,
			                 (curl_off_t)body->len);
		}
		curl_easy_setopt(c->c, CURLOPT_WRITEFUNCTION, on_write);
		curl_easy_setopt(c->c, CURLOPT_WRITEDATA, out);
		curl_easy_setopt(c->c, CURLOPT_ERRORBUFFER, ebuf);
		curl_easy_setopt(c->c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c->c, CURLOPT_TIMEOUT_MS,
		                 (long)(o->timeout * 1000));
		curl_easy_setopt(c->c, CURLOPT_CONNECTTIMEOUT_MS,
		                 (long)(o->connect_timeout * 1000));
		curl_easy_setopt(c->c, CURLOPT_USERAGENT, "ctxbench");
		code = curl_easy_perform(c->c);
		curl_easy_getinfo(c->c, CURLINFO_RESPONSE_CODE, &status);
		bool again = code != CURLE_OK || status == 429 || status >= 500;
		if (!again || attempt > o->max_retries || *o->stop)
			break;
		double d = run_backoff(o->backoff, attempt, 0.75);
		usleep((useconds_t)(d * 1e6));
	}
	curl_slist_free_all(h);
	if (code == CURLE_OK && status >= 200 && status < 300)
		return 0;
	struct reply r;
	reply_init(&r);
	if (code != CURLE_OK)
		reply_set(&r.error, ebuf[0] ? ebuf : curl_easy_strerror(code));
	else
		provider_classify(status, out->buf, out->len, &r);
	run_scrub(r.error, &c->secrets);
	err_set(e, status == 401 || status == 403 ? ERR_USAGE : ERR_NET,
	        "the %s batch service: %s %s: %s", c->a->name, method,
	        strchr(url + 8, '/') ? strchr(url + 8, '/') : url,
	        r.error ? r.error : "failed");
	reply_release(&r);
	return -1;
}

/* A JSON body from an exchange; NULL and e filled when it is not JSON. */
static cJSON *json_of(struct bclient *c, const struct sbuf *b, struct err *e)
{
	cJSON *j = cJSON_ParseWithLength(b->buf, b->len);
	if (!j)
		err_set(e, ERR_NET, "the %s batch service sent malformed JSON",
		        c->a->name);
	return j;
}

static void take(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

/* ---- each provider's state of a batch ---- */

static void openai_state(struct bbatch *b, const cJSON *j)
{
	static const char *const done[] = {"completed", "failed", "expired",
	                                   "cancelled"};
	const char *st = json_str(j, "status");
	take(&b->remote, json_str(j, "id"));
	take(&b->file, json_str(j, "input_file_id"));
	take(&b->status, st);
	take(&b->out, json_str(j, "output_file_id"));
	take(&b->err, json_str(j, "error_file_id"));
	char *counts = instance_json_text(
	    cJSON_GetObjectItemCaseSensitive(j, "request_counts"));
	free(b->counts);
	b->counts = counts;
	for (size_t i = 0; st && i < 4; i++)
		if (!strcmp(st, done[i]))
			take(&b->state, "ended");
}

static void anthropic_state(struct bbatch *b, const cJSON *j)
{
	const char *st = json_str(j, "processing_status");
	take(&b->remote, json_str(j, "id"));
	take(&b->status, st);
	take(&b->out, json_str(j, "results_url"));
	char *counts = instance_json_text(
	    cJSON_GetObjectItemCaseSensitive(j, "request_counts"));
	free(b->counts);
	b->counts = counts;
	if (st && !strcmp(st, "ended"))
		take(&b->state, "ended");
}

/* A Gemini batch operation's output: its "response" (the operation's
 * result), else the batch's own "output" in "metadata", which mirrors it. */
static const cJSON *gemini_output(const cJSON *op)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(op, "response");
	if (cJSON_IsObject(r))
		return r;
	return cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(op, "metadata"), "output");
}

static void gemini_state(struct bbatch *b, const cJSON *j)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "metadata");
	const char *st = json_str(m, "state");
	take(&b->remote, json_str(j, "name"));
	take(&b->status, st);
	take(&b->out, json_str(gemini_output(j), "responsesFile"));
	char *counts = instance_json_text(
	    cJSON_GetObjectItemCaseSensitive(m, "batchStats"));
	free(b->counts);
	b->counts = counts;
	/* the API reference says BATCH_STATE_*, the batch guide's example
	 * JOB_STATE_*: the end states by their last word */
	static const char *const end[] = {"_SUCCEEDED", "_FAILED", "_CANCELLED",
	                                  "_EXPIRED"};
	size_t n = st ? strlen(st) : 0;
	bool ended = json_bool(j, "done", false);
	for (size_t i = 0; st && i < 4; i++)
		ended |= n >= strlen(end[i]) &&
		         !strcmp(st + n - strlen(end[i]), end[i]);
	if (ended)
		take(&b->state, "ended");
}

static void state_of(struct bclient *c, struct bbatch *b, const cJSON *j)
{
	bapi_state(c->a, b, j);
}

/* ---- submit, find, poll ---- */

static int openai_submit(struct bclient *c, struct bbatch *b,
                         const struct sbuf *payload, struct sbuf *out,
                         struct err *e)
{
	struct sbuf url = SBUF_INIT, body = SBUF_INIT;
	curl_mime *mime = curl_mime_init(c->c);
	curl_mimepart *part = curl_mime_addpart(mime);
	cJSON *j = NULL;
	int rc = -1;
	curl_mime_name(part, "purpose");
	curl_mime_data(part, "batch", CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(mime);
	curl_mime_name(part, "file");
	curl_mime_filename(part, "batch.jsonl");
	curl_mime_type(part, "application/jsonl");
	curl_mime_data(part, payload->buf, payload->len);
	sbuf_addf(&url, "%s/files", c->base);
	if (exchange(c, "POST", url.buf, NULL, mime, out, e) ||
	    !(j = json_of(c, out, e)))
		goto out;
	take(&b->file, json_str(j, "id"));
	sbuf_reset(&url);
	sbuf_addf(&url, "%s/batches", c->base);
	sbuf_adds(&body, "{\"input_file_id\":");
	json_add_str(&body, b->file ? b->file : "");
	sbuf_addf(&body,
	          ",\"endpoint\":\"/v1%s\",\"completion_window\":\"24h\","
	          "\"metadata\":{\"ctxbench\":",
	          c->o->wire->path.buf);
	json_add_str(&body, b->token);
	sbuf_adds(&body, "}}");
	cJSON_Delete(j);
	j = NULL;
	if (exchange(c, "POST", url.buf, &body, NULL, out, e) ||
	    !(j = json_of(c, out, e)))
		goto out;
	openai_state(b, j);
	rc = 0;
out:
	cJSON_Delete(j);
	curl_mime_free(mime);
	sbuf_release(&url);
	sbuf_release(&body);
	return rc;
}

int bclient_submit(struct bclient *c, struct bbatch *b,
                   const struct sbuf *payload, struct err *e)
{
	struct sbuf url = SBUF_INIT, out = SBUF_INIT;
	cJSON *j = NULL;
	int rc = -1;
	if (c->kind == K_OPENAI) {
		rc = openai_submit(c, b, payload, &out, e);
		goto out;
	}
	if (c->kind == K_ANTHROPIC)
		sbuf_addf(&url, "%s/v1/messages/batches", c->base);
	else
		sbuf_addf(&url, "%s/v1beta/models/%s:batchGenerateContent",
		          c->base, c->o->s->model);
	if (exchange(c, "POST", url.buf, payload, NULL, &out, e) ||
	    !(j = json_of(c, &out, e)))
		goto out;
	state_of(c, b, j);
	rc = 0;
out:
	if (!rc && !b->remote)
		rc = err_set(e, ERR_NET,
		             "the %s batch service created a batch without an "
		             "id",
		             c->a->name);
	cJSON_Delete(j);
	sbuf_release(&url);
	sbuf_release(&out);
	return rc;
}

/* The batches the provider lists: OpenAI data, Anthropic data, Gemini
 * operations. */
static const cJSON *listed(struct bclient *c, const cJSON *j)
{
	return cJSON_GetObjectItemCaseSensitive(
	    j, c->kind == K_GEMINI ? "operations" : "data");
}

/* The tag a listed batch was sent with (Anthropic batches carry none). */
static const char *tag_of(struct bclient *c, const cJSON *x)
{
	if (c->kind == K_OPENAI)
		return json_str(cJSON_GetObjectItemCaseSensitive(x, "metadata"),
		                "ctxbench");
	if (c->kind == K_GEMINI)
		return json_str(cJSON_GetObjectItemCaseSensitive(x, "metadata"),
		                "displayName");
	return NULL;
}

/* Anthropic: a batch of the same size made since we began to submit. */
static bool anthropic_candidate(const struct bbatch *b, const cJSON *x)
{
	const cJSON *rc = cJSON_GetObjectItemCaseSensitive(x, "request_counts");
	static const char *const k[] = {"processing", "succeeded", "errored",
	                                "canceled", "expired"};
	long long total = 0;
	for (int i = 0; i < 5; i++)
		total += json_long_or(rc, k[i], 0);
	const char *at = json_str(x, "created_at");
	return total == b->items && at && b->created &&
	       strcmp(at, b->created) >= 0;
}

int bclient_find(struct bclient *c, struct bbatch *b, struct err *e)
{
	struct sbuf url = SBUF_INIT, out = SBUF_INIT;
	cJSON *j = NULL;
	const cJSON *x, *hit = NULL;
	int found = 0, n = 0;
	if (c->kind == K_OPENAI)
		sbuf_addf(&url, "%s/batches?limit=100", c->base);
	else if (c->kind == K_ANTHROPIC)
		sbuf_addf(&url, "%s/v1/messages/batches?limit=100", c->base);
	else
		sbuf_addf(&url, "%s/v1beta/batches?pageSize=100", c->base);
	if (exchange(c, "GET", url.buf, NULL, NULL, &out, e) ||
	    !(j = json_of(c, &out, e))) {
		found = -1;
		goto out;
	}
	cJSON_ArrayForEach(x, listed(c, j))
	{
		const char *t = tag_of(c, x);
		bool match = c->kind == K_ANTHROPIC ? anthropic_candidate(b, x)
		                                    : t && !strcmp(t, b->token);
		if (match)
			hit = x, n++;
	}
	/* Anthropic: only when one batch can be ours */
	if (hit && n == 1) {
		state_of(c, b, hit);
		found = 1;
	}
out:
	cJSON_Delete(j);
	sbuf_release(&url);
	sbuf_release(&out);
	return found;
}

int bclient_poll(struct bclient *c, struct bbatch *b, struct err *e)
{
	struct sbuf url = SBUF_INIT, out = SBUF_INIT;
	cJSON *j = NULL;
	int rc = -1;
	if (c->kind == K_OPENAI)
		sbuf_addf(&url, "%s/batches/%s", c->base, b->remote);
	else if (c->kind == K_ANTHROPIC)
		sbuf_addf(&url, "%s/v1/messages/batches/%s", c->base,
		          b->remote);
	else
		sbuf_addf(&url, "%s/v1beta/%s", c->base, b->remote);
	if (!exchange(c, "GET", url.buf, NULL, NULL, &out, e) &&
	    (j = json_of(c, &out, e))) {
		state_of(c, b, j);
		rc = 0;
	}
	cJSON_Delete(j);
	sbuf_release(&url);
	sbuf_release(&out);
	return rc;
}

/* ---- results ---- */

struct sink {
	int (*each)(void *arg, const char *cid, struct reply *r, bool expired);
	void *arg;
	const struct provider *p;
};

/* A reply from a 2xx body or an error status with its body. */
static void reply_of(const struct provider *p, long status, const cJSON *body,
                     struct reply *r)
{
	if (status >= 200 && status < 300 && body) {
		p->parse(body, r);
		return;
	}
	char *t = body ? cJSON_PrintUnformatted(body) : NULL;
	provider_classify(status, t ? t : "", t ? strlen(t) : 0, r);
	cJSON_free(t);
}

/* OpenAI: {"custom_id", "response": {"status_code", "body"}, "error"}. */
static int openai_line(struct sink *s, const cJSON *l, struct reply *r)
{
	const cJSON *resp = cJSON_GetObjectItemCaseSensitive(l, "response");
	const cJSON *er = cJSON_GetObjectItemCaseSensitive(l, "error");
	bool expired = false;
	if (cJSON_IsObject(er)) {
		const char *code = json_str(er, "code");
		expired = code && !strcmp(code, "batch_expired");
		r->status = REPLY_RETRY;
		reply_set(&r->error, json_str(er, "message")
		                         ? json_str(er, "message")
		                         : "the batch could not run it");
	} else {
		reply_of(s->p, json_long_or(resp, "status_code", 0),
		         cJSON_GetObjectItemCaseSensitive(resp, "body"), r);
	}
	return s->each(s->arg, json_str(l, "custom_id"), r, expired);
}

/* Anthropic: {"custom_id", "result": {"type", "message" | "error"}}. */
static int anthropic_line(struct sink *s, const cJSON *l, struct reply *r)
{
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(l, "result");
	const char *type = json_str(res, "type");
	if (type && !strcmp(type, "succeeded")) {
		reply_of(s->p, 200,
		         cJSON_GetObjectItemCaseSensitive(res, "message"), r);
	} else if (type && !strcmp(type, "errored")) {
		const cJSON *er = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(res, "error"), "error");
		const char *et = json_str(er, "type");
		/* a request the API refused stays refused; the rest is
		 * worth another try */
		reply_of(s->p,
		         et && !strcmp(et, "invalid_request_error") ? 400 : 500,
		         cJSON_GetObjectItemCaseSensitive(res, "error"), r);
	} else {
		r->status = REPLY_RETRY;
		reply_set(&r->error, "the batch did not run it");
		return s->each(s->arg, json_str(l, "custom_id"), r, true);
	}
	return s->each(s->arg, json_str(l, "custom_id"), r, false);
}

/* Gemini: {"response": ..., "metadata": {"key"}} or {"error": ...}. */
static int gemini_one(struct sink *s, const cJSON *x, struct reply *r)
{
	const cJSON *er = cJSON_GetObjectItemCaseSensitive(x, "error");
	const char *key =
	    json_str(cJSON_GetObjectItemCaseSensitive(x, "metadata"), "key");
	if (!key)
		key = json_str(x, "key");
	if (er)
		reply_of(s->p, json_long_or(er, "code", 500), x, r);
	else
		reply_of(s->p, 200,
		         cJSON_GetObjectItemCaseSensitive(x, "response"), r);
	return s->each(s->arg, key, r, false);
}

/* Each line of a JSONL body. */
static int lines(struct sink *s, const char *body, size_t len,
                 int (*one)(struct sink *s, const cJSON *l, struct reply *r))
{
	const char *p = body, *end = body + len;
	int rc = 0;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		cJSON *l = n ? cJSON_ParseWithLength(p, n) : NULL;
		if (l) {
			struct reply r;
			reply_init(&r);
			rc = one(s, l, &r);
			reply_release(&r);
		}
		cJSON_Delete(l);
		p += n + 1;
	}
	return rc;
}

static int get(struct bclient *c, const char *url, struct sbuf *out,
               struct err *e)
{
	return exchange(c, "GET", url, NULL, NULL, out, e);
}

/* Gemini: each inline response of a batch operation. */
static int inline_results(struct sink *s, const char *body, size_t n)
{
	cJSON *j = cJSON_ParseWithLength(body, n);
	const cJSON *x, *in = cJSON_GetObjectItemCaseSensitive(
	                    gemini_output(j), "inlinedResponses");
	int rc = 0;
	/* a list in an object of its own name, or the list */
	if (cJSON_IsObject(in))
		in = cJSON_GetObjectItemCaseSensitive(in, "inlinedResponses");
	cJSON_ArrayForEach(x, in)
	{
		struct reply r;
		reply_init(&r);
		rc = gemini_one(s, x, &r);
		reply_release(&r);
		if (rc)
			break;
	}
	cJSON_Delete(j);
	return rc;
}

int bapi_results(const struct bapi *a, const struct provider *p,
                 const char *body, size_t n, bool operation,
                 int (*each)(void *arg, const char *cid, struct reply *r,
                             bool expired),
                 void *arg)
{
	struct sink s = {each, arg, p};
	enum kind k = (enum kind)(a - apis);
	if (k == K_GEMINI && operation)
		return inline_results(&s, body, n);
	return lines(&s, body, n,
	             k == K_OPENAI      ? openai_line
	             : k == K_ANTHROPIC ? anthropic_line
	                                : gemini_one);
}

void bapi_state(const struct bapi *a, struct bbatch *b, const cJSON *j)
{
	enum kind k = (enum kind)(a - apis);
	if (k == K_OPENAI)
		openai_state(b, j);
	else if (k == K_ANTHROPIC)
		anthropic_state(b, j);
	else
		gemini_state(b, j);
}

int bclient_results(struct bclient *c, const struct bbatch *b,
                    int (*each)(void *arg, const char *cid, struct reply *r,
                                bool expired),
                    void *arg, struct err *e)
{
	struct sbuf url = SBUF_INIT, out = SBUF_INIT;
	const char *f[2] = {b->out, c->kind == K_OPENAI ? b->err : NULL};
	bool op = c->kind == K_GEMINI && !b->out;
	int rc = 0;
	for (int i = 0; i < 2 && !rc; i++) {
		sbuf_reset(&url);
		if (op && !i) /* the operation holds them */
			sbuf_addf(&url, "%s/v1beta/%s", c->base, b->remote);
		else if (!f[i])
			continue;
		else if (c->kind == K_OPENAI)
			sbuf_addf(&url, "%s/files/%s/content", c->base, f[i]);
		else if (c->kind == K_ANTHROPIC) /* a URL of its own */
			sbuf_adds(&url, f[i]);
		else /* a responses file */
			sbuf_addf(&url,
			          "%s/download/v1beta/%s:download?alt=media",
			          c->base, f[i]);
		rc = get(c, url.buf, &out, e)
		         ? -1
		         : bapi_results(c->a, c->o->p, out.buf, out.len, op,
		                        each, arg);
	}
	sbuf_release(&url);
	sbuf_release(&out);
	return rc;
}
