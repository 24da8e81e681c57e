/* libcurl multi transfers. */
#include "run/http.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/err.h"
#include "common/progress.h"
#include "common/xalloc.h"
#include "run/provider.h"

/*
 * Transfers are spread over shards of about SHARD_SIZE, each its own multi
 * handle: libcurl 7.x walks all connections of a multi handle to find one to
 * reuse, and its transfer list to remove one, which at a thousand in flight
 * costs more than the request itself.
 */
#define SHARD_SIZE 64
#define SHARDS_MAX 64

struct shard {
	struct http *h;
	CURLM *multi;
	uint32_t idx;
	int running;
	double timer_at; /* when libcurl wants its timeout call, < 0 none */
};

struct http {
	struct shard shards[SHARDS_MAX];
	unsigned nshards;
	struct http_opts o;
	CURL *
	    *pool; /* idle easy handles, reused so their state is not rebuilt */
	size_t npool, cap;
	struct http_xfer **active; /* in flight; x->slot is the index */
	size_t nactive, capactive;
	int running;
	int ep; /* epoll set of every shard's sockets */
};

/* libcurl's socket interface: only sockets with activity cost time. */
static int on_socket(CURL *easy, curl_socket_t s, int what, void *arg,
                     void *sockp)
{
	struct shard *sh = arg;
	int ep = sh->h->ep;
	struct epoll_event ev = {
	    0, {.u64 = (uint64_t)sh->idx << 32 | (uint32_t)s}};
	if (what == CURL_POLL_REMOVE) {
		epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL);
		return 0;
	}
	if (what & CURL_POLL_IN)
		ev.events |= EPOLLIN;
	if (what & CURL_POLL_OUT)
		ev.events |= EPOLLOUT;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) && errno == ENOENT)
		epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	return 0;
}

static int on_timer(CURLM *multi, long ms, void *arg)
{
	struct shard *sh = arg;
	sh->timer_at = ms < 0 ? -1 : now_sec() + (double)ms / 1000;
	return 0;
}

static void finish(struct http *h, struct http_xfer *x);

static int shard_init(struct http *h, struct shard *sh, uint32_t idx,
                      long conns)
{
	sh->h = h;
	sh->idx = idx;
	sh->timer_at = -1;
	if (!(sh->multi = curl_multi_init()))
		return -1;
	curl_multi_setopt(sh->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(sh->multi, CURLMOPT_SOCKETDATA, sh);
	curl_multi_setopt(sh->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(sh->multi, CURLMOPT_TIMERDATA, sh);
	curl_multi_setopt(sh->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	curl_multi_setopt(sh->multi, CURLMOPT_MAXCONNECTS, conns + 4);
	return 0;
}

struct http *http_new(const struct http_opts *o, struct err *e)
{
	static int global_done;
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			err_set(e, ERR_NET, "cannot initialize libcurl");
			return NULL;
		}
		global_done = 1;
	}
	struct http *h = xcalloc(1, sizeof(*h));
	long n = (o->max_conns + SHARD_SIZE - 1) / SHARD_SIZE;
	h->o = *o;
	h->nshards = n < 1 ? 1 : n > SHARDS_MAX ? SHARDS_MAX : (unsigned)n;
	h->ep = epoll_create1(EPOLL_CLOEXEC);
	for (unsigned i = 0; i < h->nshards && h->ep >= 0; i++)
		if (shard_init(h, &h->shards[i], i,
		               o->max_conns / (long)h->nshards + 1)) {
			http_free(h);
			err_set(e, ERR_NET, "cannot initialize libcurl");
			return NULL;
		}
	if (h->ep < 0) {
		err_set(e, ERR_NET, "epoll: %s", strerror(errno));
		free(h);
		return NULL;
	}
	return h;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	while (h->nactive)
		finish(h, h->active[0]);
	for (size_t i = 0; i < h->npool; i++)
		curl_easy_cleanup(h->pool[i]);
	free(h->pool);
	free(h->active);
	for (unsigned i = 0; i < h->nshards; i++)
		curl_multi_cleanup(h->shards[i].multi);
	if (h->ep >= 0)
		close(h->ep);
	free(h);
}

int http_running(const struct http *h)
{
	return h->running;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t len = size * n;
	x->received += len;
	if (x->received > HTTP_BODY_MAX) {
		x->too_big = true;
		return 0; /* libcurl aborts the transfer */
	}
	if (x->on_data)
		x->on_data(x, p, len);
	else
		sbuf_add(&x->body, p, len);
	return len;
}

double http_duration(const char *v)
{
	double total = 0;
	int parts = 0;
	while (*v && !isspace((unsigned char)*v)) {
		char *end;
		double n = strtod(v, &end);
		if (end == v || n < 0)
			return -1;
		v = end;
		if (!strncmp(v, "ms", 2))
			n /= 1000, v += 2;
		else if (*v == 's')
			v++;
		else if (*v == 'm')
			n *= 60, v++;
		else if (*v == 'h')
			n *= 3600, v++;
		else if (*v && !isspace((unsigned char)*v))
			return -1;
		total += n;
		parts++;
	}
	return parts ? total : -1;
}

double http_retry_after(const char *v, double now_wall)
{
	char *end;
	while (isspace((unsigned char)*v))
		v++;
	double s = strtod(v, &end);
	if (end != v && (!*end || isspace((unsigned char)*end)))
		return s >= 0 ? s : -1;
	time_t t = curl_getdate(v, NULL);
	if (t < 0)
		return -1;
	return (double)t - now_wall > 0 ? (double)t - now_wall : 0;
}

static bool header_is(const char *line, size_t n, const char *name,
                      const char **val)
{
	size_t k = strlen(name);
	if (n <= k || line[k] != ':' || strncasecmp(line, name, k))
		return false;
	*val = line + k + 1;
	return true;
}

/* Only the rate-limit headers matter; they are parsed from a NUL-terminated
 * copy. */
static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t len = size * n;
	const char *v;
	char buf[256];
	if (len < 6 || len >= sizeof(buf) ||
	    (p[0] != 'r' && p[0] != 'R' && p[0] != 'x' && p[0] != 'X'))
		return len;
	memcpy(buf, p, len);
	buf[len] = '\0';
	double wall = (double)time(NULL), d;
	if (header_is(buf, len, "retry-after-ms", &v) &&
	    (d = strtod(v, NULL)) > 0)
		x->retry_after =
		    d / 1000 > x->retry_after ? d / 1000 : x->retry_after;
	else if (header_is(buf, len, "retry-after", &v) &&
	         (d = http_retry_after(v, wall)) > x->retry_after)
		x->retry_after = d;
	else if (header_is(buf, len, "x-ratelimit-remaining-requests", &v))
		x->out_of_requests = strtod(v, NULL) <= 0;
	else if (header_is(buf, len, "x-ratelimit-remaining-tokens", &v))
		x->out_of_tokens = strtod(v, NULL) <= 0;
	else if (header_is(buf, len, "x-ratelimit-reset-requests", &v))
		x->reset_requests = http_duration(v + strspn(v, " "));
	else if (header_is(buf, len, "x-ratelimit-reset-tokens", &v))
		x->reset_tokens = http_duration(v + strspn(v, " "));
	return len;
}

static CURL *take_easy(struct http *h)
{
	if (h->npool)
		return h->pool[--h->npool];
	return curl_easy_init();
}

static void give_easy(struct http *h, CURL *c)
{
	curl_easy_reset(c);
	xgrow(&h->pool, &h->cap, h->npool + 1, sizeof(*h->pool));
	h->pool[h->npool++] = c;
}

int http_start(struct http *h, struct http_xfer *x, const struct request *q,
               struct err *e)
{
	CURL *c = take_easy(h);
	if (!c)
		return err_set(e, ERR_NET, "cannot create a transfer");
	sbuf_reset(&x->body);
	x->received = 0;
	x->too_big = false;
	x->status = 0;
	x->code = CURLE_OK;
	x->errbuf[0] = '\0';
	x->retry_after = 0;
	x->out_of_requests = x->out_of_tokens = false;
	x->reset_requests = x->reset_tokens = -1;
	x->hdrs = curl_slist_append(NULL, "Expect:");
	for (size_t i = 0; q->headers && i < q->headers->n; i++)
		x->hdrs = curl_slist_append(x->hdrs, q->headers->v[i]);
	curl_easy_setopt(c, CURLOPT_URL, q->url.buf);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body.buf);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	                 (curl_off_t)q->body.len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* HTTP/2 (multiplexed) when a TLS server offers it; no PIPEWAIT, which
	 * would queue every request behind the first on HTTP/1.1 servers */
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ctxbench");
	x->easy = c;
	x->start = now_sec();
	struct shard *sh = &h->shards[0];
	for (unsigned i = 1; i < h->nshards; i++)
		if (h->shards[i].running < sh->running)
			sh = &h->shards[i];
	x->shard = sh->idx;
	if (curl_multi_add_handle(sh->multi, c) != CURLM_OK) {
		curl_slist_free_all(x->hdrs);
		x->hdrs = NULL;
		give_easy(h, c);
		x->easy = NULL;
		return err_set(e, ERR_NET, "cannot start a transfer");
	}
	xgrow(&h->active, &h->capactive, h->nactive + 1, sizeof(*h->active));
	x->slot = h->nactive;
	h->active[h->nactive++] = x;
	h->running++;
	sh->running++;
	return 0;
}

static void finish(struct http *h, struct http_xfer *x)
{
	struct shard *sh = &h->shards[x->shard];
	curl_multi_remove_handle(sh->multi, x->easy);
	sh->running--;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
	give_easy(h, x->easy);
	x->easy = NULL;
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	x->end = now_sec();
	h->running--;
	h->active[x->slot] = h->active[--h->nactive];
	h->active[x->slot]->slot = x->slot;
	/* a reset header counts only for the limit that ran out */
	if (x->out_of_requests && x->reset_requests > x->retry_after)
		x->retry_after = x->reset_requests;
	if (x->out_of_tokens && x->reset_tokens > x->retry_after)
		x->retry_after = x->reset_tokens;
}

struct http_xfer *http_first(const struct http *h)
{
	return h->nactive ? h->active[0] : NULL;
}

void http_cancel(struct http *h, struct http_xfer *x)
{
	if (!x->easy)
		return;
	finish(h, x);
}

/* Hands finished transfers to done; returns how many. */
static int reap(struct http *h, void (*done)(struct http_xfer *x, void *arg),
                void *arg)
{
	int left, n = 0;
	CURLMsg *m;
	for (unsigned i = 0; i < h->nshards; i++) {
		while ((m = curl_multi_info_read(h->shards[i].multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			struct http_xfer *x = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			                  (char **)&x);
			x->code = m->data.result;
			finish(h, x);
			done(x, arg);
			n++;
		}
	}
	return n;
}

static CURLMcode act(struct shard *sh, curl_socket_t fd, int flags)
{
	int still;
	return curl_multi_socket_action(sh->multi, fd, flags, &still);
}

static CURLMcode act_event(struct http *h, const struct epoll_event *ev)
{
	int f = 0;
	uint32_t idx = (uint32_t)(ev->data.u64 >> 32);
	if (ev->events & (EPOLLIN | EPOLLHUP))
		f |= CURL_CSELECT_IN;
	if (ev->events & EPOLLOUT)
		f |= CURL_CSELECT_OUT;
	if (ev->events & EPOLLERR)
		f |= CURL_CSELECT_ERR;
	if (idx >= h->nshards)
		return CURLM_OK;
	return act(&h->shards[idx], (curl_socket_t)(uint32_t)ev->data.u64, f);
}

/* Hands ready sockets and due timers to libcurl. */
static CURLMcode drive(struct http *h)
{
	struct epoll_event evs[256];
	CURLMcode mc = CURLM_OK;
	int n;
	do {
		n = epoll_wait(h->ep, evs, 256, 0);
		for (int i = 0; i < n && mc == CURLM_OK; i++)
			mc = act_event(h, &evs[i]);
	} while (n == 256 && mc == CURLM_OK);
	double now = now_sec();
	for (unsigned i = 0; i < h->nshards && mc == CURLM_OK; i++) {
		struct shard *sh = &h->shards[i];
		if (sh->timer_at >= 0 && sh->timer_at <= now) {
			sh->timer_at = -1;
			mc = act(sh, CURL_SOCKET_TIMEOUT, 0);
		}
	}
	return mc;
}

/* Milliseconds until the first shard timer, capped at cap. */
static int timer_wait(const struct http *h, int cap)
{
	double now = now_sec();
	for (unsigned i = 0; i < h->nshards; i++) {
		double at = h->shards[i].timer_at;
		if (at < 0)
			continue;
		int t = (int)((at - now) * 1000) + 1;
		if (t < cap)
			cap = t < 0 ? 0 : t;
	}
	return cap;
}

int http_poll(struct http *h, int timeout_ms, struct curl_waitfd *extra,
              unsigned n_extra, void (*done)(struct http_xfer *x, void *arg),
              void *arg, struct err *e)
{
	struct pollfd stack[64], *fds = stack;
	CURLMcode mc = drive(h);
	/* what finished already must not wait for the poll timeout */
	if (mc == CURLM_OK && reap(h, done, arg))
		return 0;
	timeout_ms = timer_wait(h, timeout_ms);
	if (n_extra + 1 > 64)
		fds = xmalloc((n_extra + 1) * sizeof(*fds));
	fds[0] = (struct pollfd){h->ep, POLLIN, 0};
	for (unsigned i = 0; i < n_extra; i++)
		fds[i + 1] = (struct pollfd){
		    extra[i].fd,
		    (short)((extra[i].events & CURL_WAIT_POLLIN ? POLLIN : 0) |
		            (extra[i].events & CURL_WAIT_POLLOUT ? POLLOUT
		                                                 : 0)),
		    0};
	if (mc == CURLM_OK && poll(fds, n_extra + 1, timeout_ms) < 0 &&
	    errno != EINTR)
		mc = CURLM_INTERNAL_ERROR;
	if (fds != stack)
		free(fds);
	if (mc == CURLM_OK)
		mc = drive(h);
	if (mc != CURLM_OK)
		return err_set(e, ERR_NET, "libcurl: %s",
		               curl_multi_strerror(mc));
	reap(h, done, arg);
	return 0;
}
