/* The offline reference reader: rows back from a context, then the SQL. */
#ifndef CTX_READER_H
#define CTX_READER_H

#include <stddef.h>

struct err;
struct sbuf;

/*
 * Answers sql over the rows a context states: opens db (a bundled name or a
 * path; opened databases and their compiled templates are cached for the
 * life of the process), parses each line of context[0..len) back into a row
 * by the templates of db's tables (lines matching none are ignored), runs sql
 * on exactly those rows and appends to reply a one-sentence note and
 * "Final answer: [[...], ...]" ("[]" for no rows). Thread-safe. -1 and e
 * filled when the database cannot be opened or the SQL fails.
 */
int reader_answer(const char *db, const char *sql, const char *context,
                  size_t len, struct sbuf *reply, struct err *e);
/* Frees the cached databases. */
void reader_cleanup(void);

#endif
