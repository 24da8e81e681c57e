/* Synthesized C functions for the function-retrieval probe. */
#ifndef CTX_CODEGEN_H
#define CTX_CODEGEN_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct sbuf;
struct codegen;

/*
 * A generator of functions for one (seed, label) stream: the same seed and
 * label always give the same sequence. Never NULL; free with codegen_free.
 */
struct codegen *codegen_new(uint64_t seed, const char *label);
/* Accepts NULL. */
void codegen_free(struct codegen *g);
/*
 * Appends the next function's source (ending in "}", no final newline) to
 * text and its name to name. Names never repeat within one generator; -1 and
 * e filled once every name has been used.
 */
int codegen_next(struct codegen *g, struct sbuf *text, struct sbuf *name,
                 struct err *e);
/* How many distinct names one generator can produce. */
size_t codegen_capacity(void);

#endif
