/* Growable string buffer. */
#include "common/sbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"

char sbuf_empty[1];

void sbuf_init(struct sbuf *s)
{
	s->buf = sbuf_empty;
	s->len = s->cap = s->max = 0;
}

void sbuf_release(struct sbuf *s)
{
	if (!s)
		return;
	if (s->cap)
		free(s->buf);
	size_t max = s->max;
	sbuf_init(s);
	s->max = max;
}

void sbuf_reset(struct sbuf *s)
{
	s->len = 0;
	if (s->cap)
		s->buf[0] = '\0';
}

void sbuf_grow(struct sbuf *s, size_t extra)
{
	size_t need = s->len + extra + 1;
	if (need <= s->cap)
		return;
	size_t cap = s->cap < 64 ? 64 : s->cap;
	while (cap < need)
		cap = cap * 2;
	if (s->cap) {
		s->buf = xrealloc(s->buf, cap);
	} else {
		s->buf = xmalloc(cap);
		s->buf[0] = '\0';
	}
	s->cap = cap;
}

int sbuf_add(struct sbuf *s, const void *p, size_t n)
{
	int rc = 0;
	if (s->max && s->len + n > s->max) {
		n = s->max > s->len ? s->max - s->len : 0;
		rc = -1;
	}
	if (!n)
		return rc;
	sbuf_grow(s, n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return rc;
}

int sbuf_adds(struct sbuf *s, const char *str)
{
	return sbuf_add(s, str, strlen(str));
}

int sbuf_addch(struct sbuf *s, char c)
{
	return sbuf_add(s, &c, 1);
}

int sbuf_vaddf(struct sbuf *s, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return sbuf_add(s, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	int rc = sbuf_add(s, big, (size_t)n);
	free(big);
	return rc;
}

int sbuf_addf(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = sbuf_vaddf(s, fmt, ap);
	va_end(ap);
	return rc;
}

void sbuf_setlen(struct sbuf *s, size_t len)
{
	if (len > s->len)
		return;
	s->len = len;
	if (s->cap)
		s->buf[len] = '\0';
}

char *sbuf_detach(struct sbuf *s)
{
	char *p = s->cap ? s->buf : xstrdup("");
	size_t max = s->max;
	sbuf_init(s);
	s->max = max;
	return p;
}

int sbuf_read_fd(struct sbuf *s, int fd, struct err *e)
{
	for (;;) {
		sbuf_grow(s, 65536);
		ssize_t n = read(fd, s->buf + s->len, s->cap - s->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, ERR_IO, "read failed: %s", strerror(errno));
		if (n == 0)
			break;
		if (s->max && s->len + (size_t)n > s->max) {
			s->len = s->max;
			s->buf[s->len] = '\0';
			return err_set(e, ERR_INPUT, "input larger than %zu bytes", s->max);
		}
		s->len += (size_t)n;
		s->buf[s->len] = '\0';
	}
	return 0;
}

int sbuf_read_file(struct sbuf *s, const char *path, struct err *e)
{
	if (!strcmp(path, "-"))
		return sbuf_read_fd(s, 0, e);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	int rc = sbuf_read_fd(s, fd, e);
	close(fd);
	if (rc)
		err_prefix(e, "'%s'", path);
	return rc;
}

void sbuf_rtrim(struct sbuf *s)
{
	while (s->len && strchr(" \t\r\n\f\v", s->buf[s->len - 1]))
		s->len--;
	if (s->cap)
		s->buf[s->len] = '\0';
}
