/* Batch mode: the providers' batch APIs (OpenAI Batch, Anthropic Message
 * Batches, Gemini batch mode) driven from run.db, resumable after a kill. */
#ifndef CTX_BATCH_H
#define CTX_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "common/sbuf.h"

struct err;
struct provider;
struct reply;
struct run_opts;
struct run_result;
struct run_item;
struct strlist;

/* What to do with items a batch could not answer (expired, or an error
 * worth another try). */
enum batch_retry { BATCH_RETRY_BATCH, BATCH_RETRY_ONLINE };

struct batch_opts {
	const struct run_opts *o;
	double poll_interval; /* seconds between polls */
	long size;            /* requests per batch at most (0: the limit) */
	enum batch_retry retry;
	bool status_only; /* --status: print where batches stand, once */
};

/* One batch as run.db and the provider know it. */
struct bbatch {
	char *id;        /* ours: "b1", "b2"... */
	char *remote;    /* the provider's id, NULL until created */
	char *file;      /* OpenAI: the input file's id */
	char *token;     /* the tag sent with it, to find it again */
	char *state;     /* submitting | running | ended | done */
	char *status;    /* the provider's word for where it stands */
	char *counts;    /* the provider's request counts, as text */
	char *out, *err; /* where the results are (file ids, a URL) */
	char *created;   /* when we began to submit it (ISO 8601 UTC) */
	long items;
};

void bbatch_release(struct bbatch *b);

/* A provider's batch service (run/batch_api.c). */
struct bapi {
	const char *name;
	size_t max_items, max_bytes; /* documented limits per batch */
	/* Appends one request of the batch's input: custom id and body. */
	void (*item)(const struct bapi *a, const char *path, const char *cid,
	             const char *body, size_t n, struct sbuf *out);
	/* Wraps the items (comma- or line-separated, as item made them). */
	void (*wrap)(const char *model, const char *token, struct sbuf *items,
	             struct sbuf *out);
};

/* The service of provider p, or NULL when it has none. */
const struct bapi *bapi_find(const struct provider *p);

/*
 * The results in body[0..n) of a batch of service a, each given to each as
 * bclient_results does (a JSONL file; with operation, a Gemini batch
 * operation holding inline responses); replies parsed as provider p's.
 * Lines that are not JSON are skipped. Returns what each returned, if not 0.
 */
int bapi_results(const struct bapi *a, const struct provider *p,
                 const char *body, size_t n, bool operation,
                 int (*each)(void *arg, const char *cid, struct reply *r,
                             bool expired),
                 void *arg);
/* a's state of batch b from a batch object (as created, polled, listed). */
struct cJSON;
void bapi_state(const struct bapi *a, struct bbatch *b, const struct cJSON *j);

/* The HTTP side of a provider's batch service: blocking requests. */
struct bclient;
struct bclient *bclient_new(const struct run_opts *o, const struct bapi *a,
                            struct err *e);
void bclient_free(struct bclient *c);
/* Uploads (OpenAI) and creates the batch of payload; fills b->remote,
 * b->file, b->status. */
int bclient_submit(struct bclient *c, struct bbatch *b,
                   const struct sbuf *payload, struct err *e);
/* After a kill between create and record: finds the batch sent with
 * b->token among the provider's batches; 1 and b filled when found. */
int bclient_find(struct bclient *c, struct bbatch *b, struct err *e);
/* Polls b: status, counts; state "ended" once the provider is done. */
int bclient_poll(struct bclient *c, struct bbatch *b, struct err *e);
/*
 * Calls each for every result of an ended batch: its custom id and its
 * reply (status as online: ok, refused...; RETRY for an item worth another
 * try, with expired set for items the batch did not reach).
 */
int bclient_results(struct bclient *c, const struct bbatch *b,
                    int (*each)(void *arg, const char *cid, struct reply *r,
                                bool expired),
                    void *arg, struct err *e);

/*
 * Runs items[0..n) (in seq order) through the provider's batch service,
 * recording batches and replies in o->store as the online path does
 * (docs/run-db.md); items to send online (--batch-retry online) come back
 * in *online (the caller's, run_items_free; run them with run_exec). Polls
 * until every batch has ended, unless status_only or a signal stops it.
 * -1 and e filled when run.db or the service fails.
 */
int batch_run(const struct batch_opts *bo, struct run_item *items, size_t n,
              struct run_result *res, struct run_item **online,
              size_t *n_online, struct err *e);

#endif
