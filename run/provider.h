/* Model providers: run settings, replies, and each endpoint's wire format. */
#ifndef CTX_PROVIDER_H
#define CTX_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/parse.h"
#include "common/sbuf.h"

/* Final statuses are the ones docs/run-db.md lists; RETRY and FATAL never reach
 * run.db. */
enum reply_status {
	REPLY_OK,
	REPLY_LENGTH,   /* output budget spent before any answer */
	REPLY_OVERFLOW, /* prompt longer than the model's context */
	REPLY_REJECTED, /* a 4xx that retrying cannot fix */
	REPLY_ERROR,    /* retries exhausted */
	REPLY_RETRY,    /* transient: 429, 5xx, timeout, bad body */
	REPLY_FATAL,    /* every request will fail (bad key, wrong URL): stop */
};

/* One attempt's outcome; numbers are -1 when unknown. Strings are owned. */
struct reply {
	enum reply_status status;
	struct sbuf text;
	char *finish_reason, *model_id, *error;
	long long prompt_tokens, completion_tokens, reasoning_tokens;
	double latency_ms, ttft_ms, output_tps, cost;
	double
	    retry_after; /* seconds the endpoint asked us to wait, 0 if none */
	int attempts;
	bool cached;
	bool stream_done; /* the stream's final event was seen */
};

void reply_init(struct reply *r);
/* Frees the strings and re-initializes r. */
void reply_release(struct reply *r);
/* Clears the per-attempt outcome but keeps attempts. */
void reply_reset(struct reply *r);
/* Replaces *slot with a copy of s (NULL allowed). */
void reply_set(char **slot, const char *s);
/* "ok", "length", "overflow", "rejected", "error", "retry", "fatal". */
const char *reply_status_name(enum reply_status st);

/* Everything that shapes a reply, as given on the command line. Owned strings.
 */
struct settings {
	char *provider, *model;
	struct strlist base_urls;
	double temperature;
	long long max_tokens; /* -1 when not given */
	long long seed;
	bool has_seed;
	struct strlist stop;
	cJSON *body_extra;      /* object merged into the body, or NULL */
	struct strlist headers; /* "Name: value" */
	struct strlist command; /* argv of the command provider */
	bool stream;
};

void settings_init(struct settings *s);
void settings_release(struct settings *s);
/* Appends the settings as a JSON object: header names only, never their values
 * (a sha256 of the full header lines stands for them). */
void settings_json(const struct settings *s, struct sbuf *out);

enum provider_kind { PROVIDER_HTTP, PROVIDER_COMMAND, PROVIDER_BUILTIN };

/* An HTTP request to send: all owned by the caller. */
struct request {
	struct sbuf url, body;
	struct strlist headers;
};

void request_init(struct request *q);
void request_release(struct request *q);

struct provider {
	const char *name;
	enum provider_kind kind;
	const char *default_url; /* NULL: --base-url is required */
	const char *key_env;     /* NULL: no key */
	/* Fills q for prompt against base (no trailing slash); key may be NULL.
	 */
	void (*build)(const struct settings *s, const char *base,
	              const char *key, const char *prompt, struct request *q);
	/* Reads a whole 2xx body; sets status OK, LENGTH or RETRY (unusable
	 * body). */
	void (*parse)(const cJSON *body, struct reply *r);
	/* Reads one streamed event; sets r->stream_done at the last one. */
	void (*event)(const cJSON *ev, struct reply *r);
};

/* The provider called name, or NULL. */
const struct provider *provider_find(const char *name);
/* Comma-separated provider names, for messages. */
const char *provider_names(void);
/* Usage error (e filled, -1) unless url is an http:// or https:// URL libcurl
 * can parse; opt names the option it came from. */
int provider_check_url(const char *url, const char *opt, struct err *e);

/* Appends url without its "user:password@" part (what may be stored or
 * printed); url as given when it has none. */
void provider_url_public(const char *url, struct sbuf *out);
/* Pushes what no message or record may hold: the value of every provider's key
 * variable that is set, and the user and password of each of urls (may be
 * NULL). */
void provider_secrets(const struct strlist *urls, struct strlist *out);

/* Sets r's status and error for a non-2xx HTTP status and its body. */
void provider_classify(long http_status, const char *body, size_t len,
                       struct reply *r);
/* After a complete 2xx reply: OK, or LENGTH when the text is empty because of
 * the budget. */
void provider_finish(struct reply *r);

/* Server-sent events split into data payloads for a provider's event(). */
struct sse {
	struct sbuf line;
	double start; /* monotonic seconds the request was sent */
};

/* Feeds received bytes; sets r->ttft_ms at the first text. RETRY on an
 * unparsable event. */
void sse_feed(struct sse *st, const struct provider *p, const char *data,
              size_t n, struct reply *r);
/* Ends the stream: RETRY when it was cut short, else provider_finish. */
void sse_end(struct sse *st, const struct provider *p, struct reply *r);

/* Helpers shared by the wire formats (provider.c). */
void provider_add_extra(const struct settings *s, struct sbuf *body);
bool provider_extra_has(const struct settings *s, const char *key);
void provider_add_stops(const struct settings *s, const char *key,
                        struct sbuf *body);
void provider_user_headers(const struct settings *s, struct request *q);
long long provider_tokens(const cJSON *o, const char *key);

extern const struct provider provider_openai, provider_openai_completions,
    provider_anthropic, provider_gemini, provider_command, provider_builtin;

#endif
