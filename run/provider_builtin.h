/* Built-in reference models answering in-process: builtin/reader and
 * builtin/empty. */
#ifndef CTX_PROVIDER_BUILTIN_H
#define CTX_PROVIDER_BUILTIN_H

#include <stdbool.h>

struct err;
struct instance;
struct locate;
struct reply;

/* True when model names a built-in model. */
bool builtin_known(const char *model);
/* Comma-separated model names, for messages. */
const char *builtin_names(void);
/*
 * Answers in for model: fills r (status OK with the text, or ERROR with the
 * reason when the reference cannot answer this instance).
 */
void builtin_answer(const char *model, const struct instance *in,
                    struct reply *r);

/* Where builtin/reader finds databases (borrowed until builtin_cleanup). */
void builtin_setup(const struct locate *where);
/* Frees what the reference models cached (opened databases). */
void builtin_cleanup(void);

#endif
