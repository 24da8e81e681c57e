/* Shared pieces of the subcommands: usage errors, atomic output files, data directory. */
#ifndef CTX_CLI_H
#define CTX_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct err;

/* Prints "ctxbench: error: MSG" and a pointer to "ctxbench CMD --help"; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True when arg is -h or --help. */
bool cli_is_help(const char *arg);

/*
 * An output file written under a temporary name and renamed into place only
 * by outfile_commit, so a failed or interrupted command never leaves a
 * half-written file. Path NULL or "-" is stdout (written directly).
 */
struct outfile {
	FILE *f;
	char *path; /* final path, NULL for stdout */
	char *tmp;  /* temporary path */
	char *dev;  /* a device or FIFO written in place, for messages */
};

int outfile_open(struct outfile *o, const char *path, struct err *e);
/* Flushes, checks for write errors, closes and renames into place. */
int outfile_commit(struct outfile *o, struct err *e);
/* Closes and removes the temporary file (no-op after commit or for stdout). */
void outfile_abort(struct outfile *o);

/*
 * Usage error (e filled, -1) when output path out names the same existing
 * file as input path in: the rename into place would destroy the input.
 * what names the input ("the run database"). NULL or "-" out is stdout: 0.
 */
int outfile_not_input(const char *out, const char *in, const char *what,
                      struct err *e);

/* Folder holding schemas/ and queries/: $CTXBENCH_DATA, else the source tree. */
const char *data_dir(void);

#endif
