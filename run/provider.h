/* Model providers: run settings, replies, and each endpoint's wire format. */
#ifndef CTX_PROVIDER_H
#define CTX_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/parse.h"
#include "common/sbuf.h"

/* Final statuses are the ones docs/run-db.md lists (the first REPLY_FINAL_N);
 * RETRY and FATAL never reach run.db. */
enum reply_status {
	REPLY_OK,
	REPLY_LENGTH,   /* output budget spent before any answer */
	REPLY_OVERFLOW, /* prompt (or prompt + reply) over the model's context
	                 */
	REPLY_REJECTED, /* a 4xx that retrying cannot fix */
	REPLY_REFUSED,  /* refusal, content filter, safety stop, blocked prompt
	                 */
	REPLY_ERROR,    /* retries exhausted, or a reply over the size cap */
	REPLY_RETRY,    /* transient: 429, 5xx, timeout, bad body */
	REPLY_FATAL,    /* every request will fail (bad key, wrong URL): stop */
};
#define REPLY_FINAL_N 6

/* One attempt's outcome; numbers are -1 when unknown. Strings are owned. */
struct reply {
	enum reply_status status;
	struct sbuf text;      /* the answer: what is scored */
	struct sbuf reasoning; /* reasoning text, kept apart, never scored */
	char *finish_reason, *model_id, *error;
	long long prompt_tokens, completion_tokens, reasoning_tokens;
	long long cached_tokens; /* prompt tokens read from a prompt cache */
	double latency_ms, cost;
	double ttft_ms;        /* to the first token of any kind (streaming) */
	double ttft_answer_ms; /* to the first answer token (streaming) */
	double output_tps;
	double
	    retry_after; /* seconds the endpoint asked us to wait, 0 if none */
	int attempts;
	bool cached;
	bool stream_done; /* the stream's final event was seen */
	bool final;       /* the status may not be turned into another */
};

void reply_init(struct reply *r);
/* Frees the strings and re-initializes r. */
void reply_release(struct reply *r);
/* Clears the per-attempt outcome but keeps attempts. */
void reply_reset(struct reply *r);
/* Replaces *slot with a copy of s (NULL allowed). */
void reply_set(char **slot, const char *s);
/* "ok", "length", "overflow", "rejected", "refused", "error", "retry",
 * "fatal". */
const char *reply_status_name(enum reply_status st);

/* Everything that shapes a reply, as given on the command line. Owned strings.
 */
struct settings {
	char *provider, *model;
	struct strlist base_urls;
	double temperature;
	bool has_temperature;      /* given; else the model's rule decides */
	long long max_tokens;      /* -1 when not given */
	char *reasoning_effort;    /* --reasoning-effort, or NULL */
	long long thinking_budget; /* --thinking-budget, -1 when not given */
	char *rules_path;          /* --model-rules, or NULL */
	char *api_version;         /* azure: api-version */
	char *project, *location;  /* vertex: project (NULL: express mode) */
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
 * (a sha256 of the full header lines stands for them). temperature is what is
 * sent (null when nothing is); no_sampling: the model's rule sends none unless
 * given. Keys of options not given are left out, as format 1 wrote it. */
void settings_json(const struct settings *s, bool no_sampling,
                   struct sbuf *out);

enum provider_kind { PROVIDER_HTTP, PROVIDER_COMMAND, PROVIDER_BUILTIN };

/* An HTTP request to send: url and body owned, headers borrowed (the run's
 * struct wire keeps them). */
struct request {
	struct sbuf url, body;
	const struct strlist *headers;
};

void request_init(struct request *q);
void request_release(struct request *q);

struct model_rule;

/* Where a request body holds its prompt until wire_init splits it there. */
#define PROMPT_SLOT                                                            \
	"\x01"                                                                 \
	"ctxbench-prompt\x01"

struct provider {
	const char *name;
	enum provider_kind kind;
	const char *api; /* rules family: "openai", "anthropic", "gemini" */
	const char *default_url; /* NULL: --base-url (or setup) is required */
	const char *key_env;     /* NULL: no key */
	/* When set: the endpoint and key from the provider's own environment
	 * variables (s->base_urls filled when empty, *key set); -1 and e
	 * filled (ERR_USAGE) when one that is required is missing. */
	int (*setup)(struct settings *s, const char **key, struct err *e);
	/* Fills the body object b (the prompt as the string PROMPT_SLOT) for
	 * s and the model's rule; -1 and e filled (ERR_USAGE) for settings the
	 * model cannot take. */
	int (*body)(const struct settings *s, const struct model_rule *r,
	            cJSON *b, struct err *e);
	/* The path after the base URL (no query for Gemini keys: headers). */
	void (*path)(const struct settings *s, struct sbuf *out);
	/* Content type, version and key headers; key may be NULL. */
	void (*headers)(const struct settings *s, const char *key,
	                struct strlist *out);
	/* Reads a whole 2xx body; sets the status (RETRY: unusable body). */
	void (*parse)(const cJSON *body, struct reply *r);
	/* Reads one streamed event; sets r->stream_done at the last one. */
	void (*event)(const cJSON *ev, struct reply *r);
};

/* What every request of a run sends but its prompt: built once, so the
 * requests and the record of them (run.db's meta) cannot differ. */
struct wire {
	struct sbuf path;       /* after the base URL */
	struct strlist headers; /* every header, the key's included */
	struct sbuf pre, post; /* the body before and after the prompt string */
};

/*
 * Builds w for p, s (its rule r) and key: the provider's body with
 * --body-extra merged in (RFC 7386: objects merge, null removes a member).
 * -1 and e filled (ERR_USAGE) when the settings cannot be sent, or the extra
 * body removes the prompt.
 */
int wire_init(struct wire *w, const struct provider *p,
              const struct settings *s, const struct model_rule *r,
              const char *key, struct err *e);
void wire_release(struct wire *w);
/* Fills q for prompt[0..n) against base (no trailing slash). */
void wire_request(const struct wire *w, const char *base, const char *prompt,
                  size_t n, struct request *q);
/* As wire_request for a prompt given as the contents of a JSON string
 * (escaped, without quotes): the body is a copy, no escaping. */
void wire_request_json(const struct wire *w, const char *base, const char *esc,
                       size_t n, struct request *q);
/* Appends the body for a prompt given as escaped JSON string contents. */
void wire_body_json(const struct wire *w, const char *esc, size_t n,
                    struct sbuf *out);
/* Appends the body as sent, its prompt written as "{prompt}". */
void wire_body_record(const struct wire *w, struct sbuf *out);
/* RFC 7386 merge patch of patch into target (both objects). */
void json_merge_patch(cJSON *target, const cJSON *patch);

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
/* After a complete 2xx reply: LENGTH when the output budget ran out, REFUSED
 * for a content filter; else the status as it is. */
void provider_finish(struct reply *r);
/* Sets a final status and its reason (kept: nothing later overrides it). */
void provider_final(struct reply *r, enum reply_status st, const char *why);
/* For an error event inside a 2xx stream (vLLM's {"error": ...}, Anthropic's
 * "error" event): RETRY with the endpoint's message; true when ev is one. */
bool provider_stream_error(const cJSON *ev, struct reply *r);

/* Server-sent events split into data payloads for a provider's event(). */
struct sse {
	struct sbuf line;
	double start; /* monotonic seconds the request was sent */
};

/* Feeds received bytes; sets r->ttft_ms at the first text or reasoning and
 * r->ttft_answer_ms at the first text. RETRY on an unparsable event. */
void sse_feed(struct sse *st, const struct provider *p, const char *data,
              size_t n, struct reply *r);
/* Ends the stream: RETRY when it was cut short, else provider_finish. */
void sse_end(struct sse *st, const struct provider *p, struct reply *r);

/* Helpers shared by the wire formats (provider.c). */
void provider_add_stops(const struct settings *s, const char *key, cJSON *b);
/* The temperature to send, or false when none is (rule or no_sampling). */
bool provider_temperature(const struct settings *s, const struct model_rule *r,
                          double *t);
long long provider_tokens(const cJSON *o, const char *key);
/* The JSON content type, and the key (when there is one) after key_prefix
 * ("Authorization: Bearer ", "x-api-key: "). */
void provider_json_headers(const char *key_prefix, const char *key,
                           struct strlist *out);
/* Appends a string member of o to out when there is one. */
void provider_add_text(const cJSON *o, const char *key, struct sbuf *out);

extern const struct provider provider_openai, provider_openai_completions,
    provider_openai_responses, provider_azure, provider_anthropic,
    provider_gemini, provider_vertex, provider_command, provider_builtin;

#endif
