/* PCRE2 regular expressions (UTF, Unicode properties, JIT when available). */
#ifndef CTX_RE_H
#define CTX_RE_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct re;

enum re_flags {
	RE_CASELESS = 1 << 0,
	RE_MULTILINE = 1 << 1,
	RE_DOTALL = 1 << 2,
	RE_NO_UTF_CHECK = 1 << 3, /* subject is known to be valid UTF-8 */
	RE_BYTES = 1 << 4,	  /* match bytes, not UTF-8 code points */
};

/* Compiles pattern; NULL and e filled with PCRE2's message and offset on error. Free with re_free. */
struct re *re_new(const char *pattern, unsigned flags, struct err *e);
void re_free(struct re *re);
/*
 * Matches at or after byte offset start. Returns the number of captured pairs
 * (>= 1) and fills ov[2*i], ov[2*i+1] (byte offsets, PCRE2_UNSET for unset
 * groups) for up to nov pairs; 0 when there is no match; -1 on a match error.
 */
int re_match(struct re *re, const char *s, size_t len, size_t start,
	     size_t *ov, size_t nov);
/* Number of capture groups in the pattern. */
unsigned re_groups(const struct re *re);

#endif
