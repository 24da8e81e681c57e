/* Links between the tables a query reads: which row of one goes with a row
 * of another (declared foreign keys, and the columns its SQL joins on). */
#ifndef CTX_LINKS_H
#define CTX_LINKS_H

#include <stddef.h>

struct db;
struct db_table;
struct err;
struct sbuf;

/* One link: each child row's partner in the parent table. */
struct link {
	struct db_table *child, *parent;
	size_t *up; /* per child row position: the partner's position, or
	               SIZE_MAX for none */
};

/* The links among the tables one query reads. */
struct links {
	struct db *db;         /* borrowed */
	struct db_table **rel; /* the tables the query reads, borrowed */
	size_t nrel;
	size_t *const *rank; /* per read table: each row's place in its seeded
	                        order (borrowed); a child row with several
	                        partners takes the earliest */
	struct link *v;
	size_t n;
};

/*
 * Fills s with the links among rel[0..nrel) of db: the foreign keys the
 * read tables declare to one another, then each "a.x = b.y" of sql between
 * two read tables (the side whose column is a key is the parent, else the
 * table read first). db, sql, rel and rank are borrowed. -1 and e filled on
 * a database failure; release s even then.
 */
int links_find(struct links *s, struct db *db, const char *sql,
               struct db_table **rel, size_t nrel, size_t *const *rank,
               struct err *e);
void links_release(struct links *s);
/* Index of t in s->rel, or -1. */
long links_rel_index(const struct links *s, const struct db_table *t);

/* The "child.col=parent.col" lines sql's equality conditions give among
 * rel[0..nrel), as links_find reads them (for tests). */
void links_sql_pairs(struct db *db, const char *sql, struct db_table **rel,
                     size_t nrel, struct sbuf *out);

#endif
