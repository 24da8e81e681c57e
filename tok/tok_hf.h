/* A Hugging Face tokenizer.json: loading, and encoding with the reference's
 * exact ids. */
#ifndef CTX_TOK_HF_H
#define CTX_TOK_HF_H

#include <stddef.h>

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

#endif
