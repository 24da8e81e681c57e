/* Normalizers and pre-tokenizers of a tokenizer.json, with the semantics of
 * Hugging Face's tokenizers (Rust). */
#ifndef CTX_TOK_HF_PRE_H
#define CTX_TOK_HF_PRE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/sbuf.h"
#include "tok/uni.h"

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

/* norm_apply for a text that does not start the input (no Prepend). */
int norm_apply_mid(struct norm *n, const char *s, size_t len, struct sbuf *out,
                   struct err *e);
/*
 * True when normalizing a "\n" b gives norm(a) "\n" norm_mid(b): every step
 * works character by character or on the start only (no Strip, no Regex
 * Replace, no String Replace of a pattern holding "\n"). NULL is.
 */
bool norm_seam_local(const struct norm *n);
/* True when n (or a step of it) is a Prepend: the start of a text differs. */
bool norm_has_prepend(const struct norm *n);

/* Builds a pre-tokenizer like norm_new. */
struct pre *pre_new(const cJSON *cfg, struct err *e);
void pre_free(struct pre *p);
/*
 * Splits every piece of p in place (p may come back with zero pieces);
 * section is the index of the text among the added-token sections.
 */
int pre_apply(struct pre *pre, struct pieces *p, size_t section, struct err *e);

/*
 * True when p's splits look only rightwards (no lookbehind, ^ or \b) and add
 * no prefix (no Metaspace, no ByteLevel add_prefix_space). NULL is.
 */
bool pre_seam_local(const struct pre *p);
/*
 * Copies s[0..n) into out with each invalid UTF-8 sequence replaced by U+FFFD
 * the way TextDecoder (WHATWG) does: one U+FFFD per maximal invalid subpart.
 */
void utf8_sanitize(const char *s, size_t n, struct sbuf *out);

#endif
