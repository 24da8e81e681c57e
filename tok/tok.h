/* Token counting behind one interface: a chars/R estimate or a model's tokenizer.json. */
#ifndef CTX_TOK_H
#define CTX_TOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct tok;

/* A growable array of token ids. */
struct ids {
	uint32_t *v;
	size_t n, cap;
};

#define IDS_INIT {NULL, 0, 0}
void ids_release(struct ids *ids);

/*
 * Opens a tokenizer: "ratio" (chars / 3.66), "ratio:R", or the path of a
 * Hugging Face tokenizer.json. NULL and e filled when the spec or file is
 * unusable (an unsupported component is named, never approximated). A
 * tokenizer.json tok keeps scratch buffers and a word cache: one per thread.
 */
struct tok *tok_open(const char *spec, struct err *e);
void tok_free(struct tok *t);
/* The name recorded in instances' params.tokenizer (borrowed; lives as long as t). */
const char *tok_name(const struct tok *t);
/* True when counts are exact model tokens, false for the ratio estimate. */
bool tok_exact(const struct tok *t);
/*
 * Counts the tokens of s[0..n) (no BOS/EOS added). The ratio tokenizer counts
 * ceil(code points / R), so the count of a concatenation never exceeds the sum
 * of the counts of its parts. -1 and e filled on failure.
 */
long long tok_count(struct tok *t, const char *s, size_t n, struct err *e);
/*
 * Tokens of a text of cp code points for the ratio tokenizer (its count
 * depends on the code points alone): ceil(cp / R), without the text. -1 and
 * e filled for a tokenizer.json, whose counts depend on the text.
 */
long long tok_count_cp(struct tok *t, long long cp, struct err *e);
/*
 * What joining a text to others with "\n" can change in its count, so that
 * the count of a concatenation is the sum of its parts' counts and of its
 * seams (tok_seam), each text counted once.
 */
struct tok_edges {
	long long mid;       /* tokens of the text when it does not start the input */
	uint32_t head, tail; /* its first and last pieces; 0: count the whole */
};

/*
 * tok_count, and fills ed. For the ratio tokenizer and for texts or
 * tokenizer.json files whose seams cannot be told apart (added tokens in the
 * text, Strip or Regex Replace normalizers, lookbehind in a pre-tokenizer,
 * Metaspace...) head and tail are 0.
 */
long long tok_count_edges(struct tok *t, const char *s, size_t n,
                          struct tok_edges *ed, struct err *e);
/*
 * For texts a and b counted by tok_count_edges: 1 and *delta = count(a "\n"
 * b) - count(a) - mid(b) when the seam is known (cached per pair of edges),
 * 0 when the whole must be counted instead, -1 and e filled on failure.
 */
int tok_seam(struct tok *t, const struct tok_edges *a,
             const struct tok_edges *b, long long *delta, struct err *e);
/* Appends the ids of s[0..n) to out; fails for the ratio tokenizer. */
int tok_encode(struct tok *t, const char *s, size_t n, struct ids *out,
	       struct err *e);

#endif
