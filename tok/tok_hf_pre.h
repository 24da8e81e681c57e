/* Normalizers and pre-tokenizers of a tokenizer.json, with the semantics of
 * Hugging Face's tokenizers (Rust). */
#ifndef CTX_TOK_HF_PRE_H
#define CTX_TOK_HF_PRE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/sbuf.h"

struct err;
struct norm;
struct pre;

/* A byte range of pieces.text. */
struct span {
	size_t off, len;
};

/* Pre-tokenized text: pieces of one text buffer. */
struct pieces {
	struct sbuf text;
	struct span *v;
	size_t n, cap;
	bool byte_level; /* the model must map bytes to the GPT-2 alphabet */
};

#define PIECES_INIT                                                            \
	{                                                                      \
		SBUF_INIT, NULL, 0, 0, false                                   \
	}
void pieces_release(struct pieces *p);
/* Makes p hold s[0..n) as its only piece. */
void pieces_set(struct pieces *p, const char *s, size_t n);

/*
 * Builds a normalizer from its JSON config (JSON null or NULL gives NULL with
 * e clear). NULL and e filled for an unsupported or malformed component.
 */
struct norm *norm_new(const cJSON *cfg, struct err *e);
void norm_free(struct norm *n);
/* Normalizes s[0..len) into out (replacing its contents); n may be NULL. */
int norm_apply(struct norm *n, const char *s, size_t len, struct sbuf *out,
               struct err *e);

/* Builds a pre-tokenizer like norm_new. */
struct pre *pre_new(const cJSON *cfg, struct err *e);
void pre_free(struct pre *p);
/*
 * Splits every piece of p in place (p may come back with zero pieces);
 * section is the index of the text among the added-token sections.
 */
int pre_apply(struct pre *pre, struct pieces *p, size_t section, struct err *e);

/* Decodes one code point of valid UTF-8 at s; *len gets its byte length. */
unsigned utf8_decode(const char *s, size_t *len);
/*
 * Copies s[0..n) into out with each invalid UTF-8 sequence replaced by U+FFFD
 * the way TextDecoder (WHATWG) does: one U+FFFD per maximal invalid subpart.
 */
void utf8_sanitize(const char *s, size_t n, struct sbuf *out);

#endif
