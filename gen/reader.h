/* The offline reference reader: rows back from a context, then the SQL. */
#ifndef CTX_READER_H
#define CTX_READER_H

#include <stddef.h>

struct err;
struct locate;
struct sbuf;

/*
 * Where the reader finds the databases instances name (gen/locate.h;
 * borrowed until reader_cleanup). Without it, beside the current folder
 * and the bundled ones.
 */
void reader_setup(const struct locate *where);
/*
 * Answers sql over the rows a context states: finds database db with
 * content hash sha (NULL: any; opened databases and their compiled
 * templates are cached for the life of the process), parses each line of
 * context[0..len) back into a row by the templates of db's tables (lines
 * matching none are ignored), runs sql on exactly those rows and appends
 * to reply a one-sentence note and "Final answer: [[...], ...]" ("[]" for
 * no rows). Thread-safe. -1 and e filled when the database cannot be
 * found or opened or the SQL fails.
 */
int reader_answer(const char *db, const char *sha, const char *sql,
                  const char *context, size_t len, struct sbuf *reply,
                  struct err *e);
/* Frees the cached databases and forgets reader_setup's locate. */
void reader_cleanup(void);

#endif
