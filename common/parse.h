/* Parsing of command-line values: sizes (4k = 4096), numbers, comma lists. */
#ifndef CTX_PARSE_H
#define CTX_PARSE_H

#include <stddef.h>

struct err;

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n, cap;
};

#define STRLIST_INIT {NULL, 0, 0}

/* Appends a copy of s. */
void strlist_push(struct strlist *l, const char *s);
/* Appends each non-empty comma-separated item of s (trimmed). */
void strlist_split(struct strlist *l, const char *s, char sep);
void strlist_release(struct strlist *l);

/* "4096", "4k", "4K", "1m" (k = 1024, m = 1024*1024) into *out, > 0; fills e naming what (e.g. "--length"). */
int parse_size(const char *s, const char *what, long long *out, struct err *e);
/* Whole number in [min, max]. */
int parse_long(const char *s, const char *what, long long min, long long max,
	       long long *out, struct err *e);
/* Finite number in [min, max]. */
int parse_double(const char *s, const char *what, double min, double max,
		 double *out, struct err *e);

#endif
