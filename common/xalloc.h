/* Allocation that never returns NULL: out of memory is fatal with a clear message. */
#ifndef CTX_XALLOC_H
#define CTX_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller owns; on out-of-memory prints and exits 1. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Registers fn to run (once) before an out-of-memory exit. */
void xalloc_on_fatal(void (*fn)(void));
/* Grows *p (holding *cap elements of size elem) to hold at least need elements. */
void xgrow(void *pp, size_t *cap, size_t need, size_t elem);
/* Asks the kernel to back the untouched block [p, p+n) with transparent huge
 * pages where it can: one page fault per 2 MiB instead of per 4 KiB, which is
 * most of the cost of filling tens of MB once (a tokenizer load). Only a hint;
 * does nothing where unsupported. */
void xadvise_huge(void *p, size_t n);

#endif
