/* Unicode data the tokenizer needs, pinned in the project (tok/uni_data.c, made
 * by tok/uni_gen.mjs): classes, case folding, lowercase and normalization. */
#ifndef CTX_UNI_H
#define CTX_UNI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbuf;

/* Decodes one code point of valid UTF-8 at s; *len gets its byte length. */
unsigned utf8_decode(const char *s, size_t *len);

/* A property: n sorted, disjoint ranges r[2i]..r[2i+1]. */
struct uni_prop {
	const char *name, *alias;
	const uint32_t *r;
	size_t n;
};

/*
 * The property named name[0..len) as a regex writes it in \p{...}: a General
 * Category (Lu, Letter, L...) or White_Space; NULL when unknown. Names match
 * exactly or ignoring case, '_', '-' and ' ' (as Oniguruma does).
 */
const struct uni_prop *uni_prop_find(const char *name, size_t len);
bool uni_in(const struct uni_prop *p, uint32_t cp);
/* White_Space (Rust's char::is_whitespace and Oniguruma's \s). */
bool uni_is_space(uint32_t cp);
/* The other code points of cp's simple case-folding class (at most 3). */
size_t uni_fold_class(uint32_t cp, uint32_t out[3]);
/* Rust's char::to_lowercase: one or two code points. */
size_t uni_lower(uint32_t cp, uint32_t out[2]);

enum uni_form { UNI_NFC, UNI_NFD, UNI_NFKC, UNI_NFKD };
/* Appends cp as UTF-8. */
void uni_put_utf8(struct sbuf *out, uint32_t cp);
/* Appends the normalization form f (Unicode 9.0 tables) of valid UTF-8 s[0..n) to out. */
void uni_normalize(enum uni_form f, const char *s, size_t n, struct sbuf *out);

/* Generated tables (tok/uni_data.c). */
extern const struct uni_prop uni_props[];
extern const size_t uni_nprops, uni_nfold, uni_nlower, uni_nlower2, uni_nccc,
    uni_ndecomp, uni_ncomp;
extern const uint32_t uni_fold[][2], uni_lower_map[][2], uni_lower2[][2],
    uni_ccc[][2], uni_decomp[][4], uni_dpool[], uni_comp[][3];

#endif
