/* Sentence templates: rows to sentences and, by regular expression, back. */
#ifndef CTX_VERBALIZE_H
#define CTX_VERBALIZE_H

#include <stdbool.h>
#include <stddef.h>

struct err;
struct sbuf;
struct vtemplate;

/*
 * Compiles one template of a table with columns cols[0..ncols) whose SQLite
 * affinities are aff[0..ncols) ('i' integer, 'r' real, 'n' numeric, 't' text,
 * 'b' blob). "{col}" names a column, "[...]" is an optional segment dropped
 * when a column inside is NULL, "\[ \] \{ \} \\" are literals. Every column
 * must be named exactly once; the text holds no line break (a sentence is
 * one line of a context). NULL and e filled on any error.
 */
struct vtemplate *vtemplate_new(const char *text, const char *const *cols,
                                const char *aff, size_t ncols, struct err *e);
void vtemplate_free(struct vtemplate *t);
/* The template text as written (borrowed). */
const char *vtemplate_text(const struct vtemplate *t);

/*
 * Appends the sentence for the row whose column values (SQLite's text form,
 * NULL for SQL NULL) are vals[0..ncols) to out. -1 and e filled when a NULL
 * column is outside an optional segment (e names the column).
 */
int vtemplate_render(const struct vtemplate *t, const char *const *vals,
                     struct sbuf *out, struct err *e);

/*
 * Matches a whole line against the template. On a match returns 1 and fills
 * off[2*i], off[2*i+1] with the byte span of column i in line, both
 * (size_t)-1 for a column of a dropped optional segment (NULL). 0 when the
 * line does not match. off must hold 2 * ncols entries.
 */
int vtemplate_parse(const struct vtemplate *t, const char *line, size_t len,
                    size_t *off);

/*
 * True when the text val[0..len) is a value the templates can state for a
 * column of affinity aff (integer and real columns take only plain numbers).
 * Compiles a pattern on each call: for error messages, not for every row.
 */
bool vtemplate_value_fits(char aff, const char *val, size_t len);

#endif
