/* Growable, always NUL-terminated byte buffer: all string building goes through it. */
#ifndef CTX_SBUF_H
#define CTX_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct err;

/*
 * buf is never NULL after sbuf_init (it points at a static "" until the first
 * write). max, when non-zero, caps len: writes past it fail (sbuf_add returns
 * -1 and the buffer keeps what fitted), for untrusted input such as HTTP bodies.
 */
struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;
};

#define SBUF_INIT {sbuf_empty, 0, 0, 0}
extern char sbuf_empty[1];

void sbuf_init(struct sbuf *s);
/* Frees the storage; the buffer is left initialized and empty. */
void sbuf_release(struct sbuf *s);
/* Empties without freeing. */
void sbuf_reset(struct sbuf *s);
void sbuf_grow(struct sbuf *s, size_t extra);
/* Appends; return 0, or -1 when the max cap would be passed. */
int sbuf_add(struct sbuf *s, const void *p, size_t n);
int sbuf_adds(struct sbuf *s, const char *str);
int sbuf_addch(struct sbuf *s, char c);
int sbuf_addf(struct sbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sbuf_vaddf(struct sbuf *s, const char *fmt, va_list ap);
void sbuf_setlen(struct sbuf *s, size_t len);
/* Hands the string to the caller (never NULL) and re-initializes s. */
char *sbuf_detach(struct sbuf *s);
/* Appends the whole file at path ("-" is stdin); fills e on failure. */
int sbuf_read_file(struct sbuf *s, const char *path, struct err *e);
/* Appends everything readable from fd; fills e on failure. */
int sbuf_read_fd(struct sbuf *s, int fd, struct err *e);
/* Strips trailing white space. */
void sbuf_rtrim(struct sbuf *s);

#endif
