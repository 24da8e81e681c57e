/* Reads a file (or stdin) one line at a time, for JSONL inputs of any size. */
#ifndef CTX_LINES_H
#define CTX_LINES_H

#include <stdio.h>
#include <sys/types.h>

struct err;

struct lines {
	FILE *f;
	char *line; /* current line without its "\n"; owned by the reader */
	size_t cap;
	size_t len;
	long lineno;
	int owned; /* f is ours to close */
	char *path; /* for messages; owned */
};

/* Opens path ("-" is stdin); fills e on failure. */
int lines_open(struct lines *r, const char *path, struct err *e);
/* Next line into r->line/r->len: 1 for a line, 0 at end, -1 on a read error (e filled). */
int lines_next(struct lines *r, struct err *e);
void lines_close(struct lines *r);

#endif
