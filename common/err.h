/* Error values passed up the stack, and the process exit codes they map to. */
#ifndef CTX_ERR_H
#define CTX_ERR_H

/* Exit codes of the ctxbench executable. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1, /* something failed while running */
	EXIT_USAGE = 2,	  /* bad command line */
	EXIT_INPUT = 3,	  /* bad input file or data */
	EXIT_ITEMS = 4,	  /* finished, but some items failed */
};

/* Kinds of error; err_exit_code maps each to an exit code. */
enum err_kind {
	ERR_NONE = 0,
	ERR_USAGE, /* command-line misuse */
	ERR_INPUT, /* malformed or unusable input data */
	ERR_IO,	   /* file system or stream failure */
	ERR_DB,	   /* SQLite failure not caused by the input */
	ERR_NET,   /* network or endpoint failure */
	ERR_RUNTIME,
};

/* A message is what failed first, lowercase, no final period. */
struct err {
	enum err_kind kind;
	char msg[1024];
};

#define ERR_INIT {ERR_NONE, ""}

/* Sets e (which may be NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepends "context: " to the message already in e; returns -1. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Clears e. */
void err_clear(struct err *e);
/* The exit code for e's kind (EXIT_OK when e is clear). */
enum exit_code err_exit_code(const struct err *e);
/* Prints "ctxbench: error: MSG" to stderr and returns err_exit_code(e). */
int err_report(const struct err *e);

#endif
