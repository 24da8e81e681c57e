/* The reply log beside a run.db (RUN.db-replies): replies kept safe between
 * the turn they arrive in and the commit that folds them into run.db. */
#ifndef CTX_STORE_LOG_H
#define CTX_STORE_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "common/sbuf.h"

struct err;
struct reply;

struct store_log {
	int fd;
	char *path;
	char *map;       /* the file, mapped shared */
	size_t pos;      /* where the next record goes */
	uint32_t epoch;  /* records of this emptying of the log */
	struct sbuf buf; /* the record being built */
	bool pending;    /* records since the last clear */
};

/* Opens (creates) dbpath's log; -1 and e filled on failure. */
int log_open(struct store_log *l, const char *dbpath, struct err *e);
/* Empties the file and maps it (after log_replay); -1 and e on failure. */
int log_start(struct store_log *l, struct err *e);
/* Copies a record of id's final reply into the log: safe from a kill once
 * this returns 0; -1 when it does not fit, and the caller must commit. */
int log_add(struct store_log *l, const char *id, const char *created,
            const struct reply *r, bool has_text);
/* Empties the log: what it held is committed to run.db. */
void log_clear(struct store_log *l);
/* Closes the log, and deletes its file when remove. Accepts a zeroed one. */
void log_close(struct store_log *l, bool remove);
/* Calls put for each whole record in the file, in order; *n counts them. A
 * record cut short (a crash while writing it) ends the replay. */
int log_replay(struct store_log *l,
               int (*put)(void *arg, const char *id, const char *created,
                          const struct reply *r, struct err *e),
               void *arg, long *n, struct err *e);

#endif
