/* A Hugging Face tokenizer.json: loading, and encoding with the reference's
 * exact ids. */
#ifndef CTX_TOK_HF_H
#define CTX_TOK_HF_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct ids;
struct tok_hf;

/*
 * Loads a tokenizer.json from text[0..len). NULL and e filled when the JSON
 * is malformed, a component is unsupported (named in the message) or the
 * data is inconsistent. Free with tok_hf_free (NULL allowed).
 */
struct tok_hf *tok_hf_new(const char *text, size_t len, struct err *e);
void tok_hf_free(struct tok_hf *h);
/*
 * Appends the ids of s[0..n) without special tokens around it. Added tokens
 * written in the text become their ids; invalid UTF-8 is first replaced by
 * U+FFFD like TextDecoder does. Not thread-safe: one tok_hf per thread.
 */
int tok_hf_encode(struct tok_hf *h, const char *s, size_t n, struct ids *out,
                  struct err *e);

/*
 * Counts s[0..n) (*count, as tok_hf_encode) and, when joining it to other
 * texts with "\n" can be counted from its edges: *mid, its tokens when it
 * does not start the input, and ids of its first and last pieces (*head,
 * *tail; 0 when the whole must be counted instead).
 */
int tok_hf_edges(struct tok_hf *h, const char *s, size_t n, long long *count,
                 long long *mid, uint32_t *head, uint32_t *tail, struct err *e);
/*
 * Tokens that joining a text ending in window tail to one starting with
 * window head with "\n" adds to the sum of their counts: 1 and *delta when
 * known, 0 when the pieces do not line up (count the whole), -1 on error.
 */
int tok_hf_seam(struct tok_hf *h, uint32_t tail, uint32_t head,
                long long *delta, struct err *e);

#endif
