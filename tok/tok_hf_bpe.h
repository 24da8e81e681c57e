/* The BPE model of a tokenizer.json: vocabulary, merge ranks, merge loop and
 * word cache. */
#ifndef CTX_TOK_HF_BPE_H
#define CTX_TOK_HF_BPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct err;
struct ids;
struct bpe;

/*
 * Builds the model from the "model" object of a tokenizer.json. Unsupported
 * options (dropout, subword prefixes/suffixes) and inconsistent data (a merge
 * naming a token that is not in the vocabulary, ids out of range) fill e and
 * return NULL. Free with bpe_free (NULL allowed).
 */
struct bpe *bpe_new(const cJSON *model, struct err *e);
void bpe_free(struct bpe *b);
/* Adds (or re-points) an added token's content in the vocabulary. */
void bpe_add_token(struct bpe *b, const char *s, size_t n, uint32_t id);
/* Id of the token s[0..n), or -1 when it is not in the vocabulary. */
long bpe_lookup(const struct bpe *b, const char *s, size_t n);
/*
 * Appends the ids of one pre-token s[0..n). With byte_level the bytes are
 * first mapped to the GPT-2 byte alphabet; otherwise the symbols are the code
 * points of s (valid UTF-8). Fails only when a symbol is unknown and the model
 * has neither byte fallback nor an unk token. Not thread-safe (shared cache).
 */
int bpe_encode(struct bpe *b, const char *s, size_t n, bool byte_level,
               struct ids *out, struct err *e);
/*
 * For counting pieces of a text apart (tok_hf_edges): true when some merge
 * joins character l to a following character r (GPT-2 alphabet code points
 * for byte-level text); two adjacent characters that none joins are never in
 * one token. bpe_byte_cp gives the alphabet code point of a byte.
 */
bool bpe_joined(const struct bpe *b, uint32_t l, uint32_t r);
uint32_t bpe_byte_cp(const struct bpe *b, unsigned char c);
/* The id of pre-token s when ignore_merges makes it one token, else -1. */
long bpe_whole(struct bpe *b, const char *s, size_t n, bool byte_level);
/* Appends the ids of a part of a pre-token cut where no merge joins (the
 * merge loop only, no whole-word lookup). */
int bpe_encode_part(struct bpe *b, const char *s, size_t n, bool byte_level,
                    struct ids *out, struct err *e);
/* True when out[from..] holds the unk id. */
bool bpe_has_unk(const struct bpe *b, const struct ids *ids, size_t from);
/* Replaces each run of unk ids in out[from..] by one when the model fuses
 * unknowns. */
void bpe_fuse_unk(const struct bpe *b, struct ids *out, size_t from);
/* Appends the GPT-2 byte-alphabet form of byte c (UTF-8, 1 or 2 bytes) to buf;
 * returns its length. */
size_t bpe_byte_char(unsigned char c, char buf[2]);

#endif
