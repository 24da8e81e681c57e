/* A validating scan of one JSON object line into the raw text of its
 * top-level members, for reading instances without building their bulk. */
#ifndef CTX_JSCAN_H
#define CTX_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

struct err;
struct sbuf;

/* A top-level member: its key (raw, without quotes) and its value's text. */
struct jmember {
	const char *key, *val;
	size_t klen, vlen;
};

/*
 * Checks that line[0..len) is one JSON object (RFC 8259: strings, escapes
 * and surrogate pairs, numbers, nesting at most 512 deep) and stores its
 * first max top-level members in m (*n their count). -1 and e filled
 * (ERR_INPUT, with the byte offset) otherwise.
 */
int jscan_object(const char *line, size_t len, struct jmember *m, size_t max,
                 size_t *n, struct err *e);
/* The first member called key, or NULL. */
const struct jmember *jscan_find(const struct jmember *m, size_t n,
                                 const char *key);
/* True when member v's value is a string. */
bool jscan_is_string(const struct jmember *v);
/* Appends the text a JSON string's contents s[0..n) (no quotes) stand for;
 * s must have passed jscan_object. */
void jscan_unescape(const char *s, size_t n, struct sbuf *out);

#endif
