/* HTTP transfers over one libcurl multi handle: many in flight, one event loop.
 */
#ifndef CTX_HTTP_H
#define CTX_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "common/sbuf.h"

struct err;
struct request;
struct http;

/* The most body bytes a reply may have, streamed or not. */
#define HTTP_BODY_MAX ((size_t)64 << 20)

/* One transfer. The caller owns it and keeps it (and the request) alive until
 * done. */
struct http_xfer {
	void *user;
	/* Called for each chunk of the body when set (streaming); else the body
	 * is kept in body. */
	void (*on_data)(struct http_xfer *x, const char *p, size_t n);
	struct sbuf body; /* non-streamed body */
	size_t received;  /* body bytes, streamed or not */
	bool too_big;     /* the body passed HTTP_BODY_MAX: transfer stopped */
	long status;      /* HTTP status, 0 when none arrived */
	CURLcode code;    /* CURLE_OK or the transport failure */
	char errbuf[CURL_ERROR_SIZE];
	double retry_after; /* seconds asked by Retry-After or rate-limit reset
	                       headers */
	double start, end;  /* monotonic seconds */
	/* private */
	CURL *easy;
	struct curl_slist *hdrs;
	size_t slot;
	unsigned shard;
	bool out_of_requests, out_of_tokens;
	double reset_requests, reset_tokens;
};

struct http_opts {
	long max_conns;  /* connections kept open (about the concurrency) */
	long timeout_ms; /* whole transfer, 0 = none */
	long connect_timeout_ms;
	bool verbose;
};

/* NULL and e filled when libcurl cannot start. */
struct http *http_new(const struct http_opts *o, struct err *e);
/* Abandons transfers still running (their callbacks are not called); accepts
 * NULL. */
void http_free(struct http *h);
/* Starts x for q; q must outlive the transfer. -1 and e filled on failure. */
int http_start(struct http *h, struct http_xfer *x, const struct request *q,
               struct err *e);
/* Stops x without calling done (for Ctrl-C); x may then be freed. */
void http_cancel(struct http *h, struct http_xfer *x);
/* A transfer still in flight (to cancel them all), or NULL. */
struct http_xfer *http_first(const struct http *h);
/* Transfers in flight. */
int http_running(const struct http *h);
/*
 * Waits up to timeout_ms for network activity or one of the extra fds, then
 * calls done for each finished transfer. -1 and e filled when libcurl fails.
 */
int http_poll(struct http *h, int timeout_ms, struct curl_waitfd *extra,
              unsigned n_extra, void (*done)(struct http_xfer *x, void *arg),
              void *arg, struct err *e);
/* Seconds in a Retry-After value (delta seconds or an HTTP date), or -1. */
double http_retry_after(const char *v, double now_wall);
/* Seconds in an OpenAI-style reset value ("1s", "6m0s", "120ms"), or -1. */
double http_duration(const char *v);

#endif
