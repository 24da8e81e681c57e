/* Regular expressions of tokenizer.json files (Oniguruma, Ruby syntax, as
 * Hugging Face's tokenizers runs them) rewritten for PCRE2. */
#ifndef CTX_TOK_RE_H
#define CTX_TOK_RE_H

struct err;
struct sbuf;

/* The pattern looks to the left (lookbehind, ^, \A, \b). */
#define TOK_RE_LOOKBEHIND 1u

/*
 * Appends to out a PCRE2 pattern (for PCRE2_UTF) that matches what onig
 * matches under Oniguruma's Unicode semantics: \s is White_Space, \d
 * Decimal_Number, \w letters, marks, digits and connectors, \h a hex digit,
 * \p{..} a General Category, . anything but "\n", ^ and $ line anchors, and
 * (?i) simple case folding. Every class is written out as code-point ranges
 * from the pinned tables (tok/uni.h), so PCRE2's own Unicode version never
 * matters. *flags (may be NULL) gets TOK_RE_* bits. -1 and e filled for a
 * construct it does not support (named in the message).
 */
int tok_re_translate(const char *onig, struct sbuf *out, unsigned *flags,
                     struct err *e);

#endif
