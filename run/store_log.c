/*
 * The reply log: each final reply is copied into RUN.db-replies, a file
 * mapped shared into memory, when it is recorded, and folded into run.db by
 * the next commit. Memory of a shared file mapping belongs to the file as soon
 * as it is written, so a kill -9 loses only the requests in flight, for the
 * price of a memcpy per reply instead of one SQLite commit per reply (about
 * ten system calls, most of them file locks). A power cut is another matter:
 * run.db's own commits are as durable as synchronous=NORMAL makes them.
 */
#include "run/store_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "run/provider.h"

/* A record: magic, payload length, FNV-1a of the payload, the log's epoch
 * (native byte order: the log lives and dies on one machine), then the
 * payload. Each emptying of the log starts a new epoch, so records left from
 * an earlier one past the end are never read as new. */
#define MAGIC 0x52585443u /* "CTXR" */
#define HEAD 16
#define NO_STR 0xffffffffu
/* The mapped size; a reply that does not fit makes the caller commit. */
#define LOG_SIZE ((size_t)8 << 20)

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void put_u32(struct sbuf *b, uint32_t v)
{
	sbuf_add(b, &v, 4);
}

static void put_f64(struct sbuf *b, double v)
{
	sbuf_add(b, &v, 8);
}

static void put_str(struct sbuf *b, const char *s, size_t n)
{
	put_u32(b, s ? (uint32_t)n : NO_STR);
	if (s)
		sbuf_add(b, s, n);
}

static void put_cstr(struct sbuf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0);
}

int log_open(struct store_log *l, const char *dbpath, struct err *e)
{
	struct sbuf p = SBUF_INIT;
	memset(l, 0, sizeof(*l));
	sbuf_init(&l->buf);
	sbuf_addf(&p, "%s-replies", dbpath);
	l->path = sbuf_detach(&p);
	l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (l->fd < 0)
		return err_set(e, ERR_IO, "cannot open '%s': %s", l->path,
		               strerror(errno));
	return 0;
}

int log_start(struct store_log *l, struct err *e)
{
	/* emptied to zeros (a record never starts with zeros) and mapped */
	if (ftruncate(l->fd, 0) || ftruncate(l->fd, (off_t)LOG_SIZE))
		return err_set(e, ERR_IO, "cannot size '%s': %s", l->path,
		               strerror(errno));
	l->map = mmap(NULL, LOG_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
	              l->fd, 0);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		return err_set(e, ERR_IO, "cannot map '%s': %s", l->path,
		               strerror(errno));
	}
	l->pos = 0;
	l->epoch = 1;
	return 0;
}

int log_add(struct store_log *l, const char *id, const char *created,
            const struct reply *r, bool has_text)
{
	struct sbuf *b = &l->buf;
	size_t start = 0;
	sbuf_reset(b);
	put_u32(b, MAGIC);
	put_u32(b, 0); /* length and checksum, once the payload is known */
	put_u32(b, 0);
	put_u32(b, l->epoch);
	put_cstr(b, id);
	put_cstr(b, created);
	put_cstr(b, reply_status_name(r->status));
	put_str(b, has_text ? r->text.buf : NULL, r->text.len);
	put_str(b, r->reasoning.len ? r->reasoning.buf : NULL,
	        r->reasoning.len);
	put_cstr(b, r->finish_reason);
	put_cstr(b, r->model_id);
	put_cstr(b, r->error);
	const double nums[] = {(double)r->prompt_tokens,
	                       (double)r->completion_tokens,
	                       (double)r->reasoning_tokens,
	                       (double)r->cached_tokens,
	                       (double)r->attempts,
	                       r->cached ? 1 : 0,
	                       r->latency_ms,
	                       r->ttft_ms,
	                       r->ttft_answer_ms,
	                       r->output_tps,
	                       r->cost};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		put_f64(b, nums[i]);
	uint32_t len = (uint32_t)(b->len - start - HEAD);
	uint32_t sum = fnv1a((unsigned char *)b->buf + start + HEAD, len);
	memcpy(b->buf + start + 4, &len, 4);
	memcpy(b->buf + start + 8, &sum, 4);
	l->pending = true;
	if (!l->map || l->pos + b->len > LOG_SIZE)
		return -1; /* does not fit: the caller commits */
	memcpy(l->map + l->pos, b->buf, b->len);
	l->pos += b->len;
	return 0;
}

void log_clear(struct store_log *l)
{
	l->pending = false;
	if (!l->map)
		return;
	l->pos = 0;
	l->epoch++;
}

void log_close(struct store_log *l, bool remove)
{
	if (!l || !l->path)
		return;
	if (l->map)
		munmap(l->map, LOG_SIZE);
	if (l->fd >= 0)
		close(l->fd);
	if (remove)
		unlink(l->path);
	free(l->path);
	sbuf_release(&l->buf);
	memset(l, 0, sizeof(*l));
	l->fd = -1;
}

/* A reader over one record's payload; every take fails past its end. */
struct cursor {
	const unsigned char *p;
	size_t n;
	bool bad;
};

static const void *take(struct cursor *c, size_t k)
{
	const void *v = c->p;
	if (c->bad || k > c->n) {
		c->bad = true;
		return NULL;
	}
	c->p += k;
	c->n -= k;
	return v;
}

/* A string field: NULL for none; *n its length. */
static const char *take_str(struct cursor *c, size_t *n)
{
	uint32_t len;
	const void *v = take(c, 4);
	if (!v)
		return NULL;
	memcpy(&len, v, 4);
	*n = 0;
	if (len == NO_STR)
		return NULL;
	*n = len;
	return take(c, len);
}

/* Copies a string field into a new C string (NULL for none). */
static char *take_cstr(struct cursor *c)
{
	size_t n;
	const char *s = take_str(c, &n);
	return s ? xstrndup(s, n) : NULL;
}

static enum reply_status status_of(const char *name)
{
	for (int i = 0; i < REPLY_FINAL_N; i++)
		if (name && !strcmp(name, reply_status_name(i)))
			return (enum reply_status)i;
	return REPLY_ERROR;
}

/* Decodes one payload into r, *id and *created (caller frees). */
static int decode(struct cursor *c, struct reply *r, char **id, char **created)
{
	size_t n;
	const char *t;
	char *status;
	*id = take_cstr(c);
	*created = take_cstr(c);
	status = take_cstr(c);
	r->status = status_of(status);
	free(status);
	if ((t = take_str(c, &n)))
		sbuf_add(&r->text, t, n);
	if ((t = take_str(c, &n)))
		sbuf_add(&r->reasoning, t, n);
	r->finish_reason = take_cstr(c);
	r->model_id = take_cstr(c);
	r->error = take_cstr(c);
	double v[11];
	for (size_t i = 0; i < 11; i++) {
		const void *p = take(c, 8);
		v[i] = -1;
		if (p)
			memcpy(&v[i], p, 8);
	}
	r->prompt_tokens = (long long)v[0];
	r->completion_tokens = (long long)v[1];
	r->reasoning_tokens = (long long)v[2];
	r->cached_tokens = (long long)v[3];
	r->attempts = (int)v[4];
	r->cached = v[5] > 0;
	r->latency_ms = v[6];
	r->ttft_ms = v[7];
	r->ttft_answer_ms = v[8];
	r->output_tps = v[9];
	r->cost = v[10];
	return c->bad || !*id || !*created ? -1 : 0;
}

int log_replay(struct store_log *l,
               int (*put)(void *arg, const char *id, const char *created,
                          const struct reply *r, struct err *e),
               void *arg, long *n, struct err *e)
{
	struct sbuf all = SBUF_INIT;
	int rc = 0;
	*n = 0;
	if (lseek(l->fd, 0, SEEK_SET) < 0 || sbuf_read_fd(&all, l->fd, e)) {
		sbuf_release(&all);
		return err_prefix(e, "'%s'", l->path);
	}
	const unsigned char *p = (const unsigned char *)all.buf;
	size_t left = all.len;
	uint32_t epoch = 0;
	/* the log ends at a record cut short by the crash, at zeros, or at a
	 * record of an earlier epoch (committed before the log was emptied) */
	while (left >= HEAD && !rc) {
		uint32_t h[4];
		memcpy(h, p, HEAD);
		if (!epoch)
			epoch = h[3];
		if (h[0] != MAGIC || h[1] > left - HEAD || h[3] != epoch ||
		    fnv1a(p + HEAD, h[1]) != h[2])
			break;
		struct cursor c = {p + HEAD, h[1], false};
		struct reply r;
		char *id = NULL, *created = NULL;
		reply_init(&r);
		if (!decode(&c, &r, &id, &created)) {
			rc = put(arg, id, created, &r, e);
			(*n)++;
		}
		free(id);
		free(created);
		reply_release(&r);
		p += HEAD + h[1];
		left -= HEAD + h[1];
	}
	sbuf_release(&all);
	return rc;
}
