/* Drafts of sentence templates for a database's tables, from its schema. */
#ifndef CTX_DRAFT_H
#define CTX_DRAFT_H

struct db_table;
struct err;
struct sbuf;
struct strlist;

/*
 * Appends to out three templates for table t (its columns' names made into
 * words, every column once, a column that holds NULL inside an optional
 * segment, a foreign key phrased as a reference to the table it names),
 * each in gen/verbalize.h's syntax. -1 and e filled when SQLite fails.
 */
int draft_table(struct db_table *t, struct strlist *out, struct err *e);

/* Appends the words for an identifier: "team_api_id" -> "team API ID",
 * "buildUpPlaySpeed" -> "build up play speed". */
void draft_words(const char *ident, struct sbuf *out);

#endif
