/* ctxbench merge: the shards of one run (run --shard K/N) into one run.db. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "run/merge.h"
#include "run/runset.h"

static const char usage[] =
    "usage: ctxbench merge OUT.db SHARD.db...\n"
    "\n"
    "Combines the run.dbs of 'ctxbench run --shard K/N' (every K from 0 to\n"
    "N-1, in any order; a quoted pattern such as 'shard-*.db' is expanded by\n"
    "ctxbench) into OUT.db: one run.db as if the run had not been sharded,\n"
    "replies and scores included, so its report is the unsharded run's and\n"
    "'ctxbench run' resumes it like one. Refuses files that are not shards of\n"
    "one run (model, settings, prompt and instances file must be the same;\n"
    "base URLs may differ), a missing or repeated shard, an instance in a\n"
    "shard its id does not hash to, and a shard that a run is still writing.\n"
    "OUT.db is written under a temporary name and renamed into place.\n";

/* Holds a shared lock on each shard, so no run writes one meanwhile (run
 * takes an exclusive flock on its run.db). */
static int lock_shards(const struct runset_run *r, int *fds, struct err *e)
{
	for (size_t i = 0; i < r->n; i++) {
		fds[i] = open(r->paths[i], O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			return err_set(e, ERR_IO, "cannot open '%s': %s",
			               r->paths[i], strerror(errno));
		if (flock(fds[i], LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK)
			return err_set(e, ERR_RUNTIME,
			               "a ctxbench run is still writing '%s'; "
			               "merge when it ends",
			               r->paths[i]);
	}
	return 0;
}

static int merge(const char *out, char **ins, size_t n, struct err *e)
{
	struct runset rs = {0};
	struct outfile of = {0};
	int *fds = NULL, rc = -1;
	if (runset_open(&rs, ins, n, e))
		goto done;
	if (merge_check(&rs, e))
		goto done;
	const struct runset_run *r = &rs.v[0];
	fds = xmalloc(r->n * sizeof(*fds));
	for (size_t i = 0; i < r->n; i++)
		fds[i] = -1;
	for (size_t i = 0; i < r->n; i++)
		if (outfile_not_input(out, r->paths[i], "the shard", e)) {
			err_set(
			    e, ERR_USAGE,
			    "OUT.db '%s' is the shard '%s'; writing it would "
			    "destroy the shard: give another output file",
			    out, r->paths[i]);
			goto done;
		}
	if (lock_shards(r, fds, e) || outfile_open(&of, out, e))
		goto done;
	if (!of.path) {
		err_set(e, ERR_USAGE, "OUT.db must be a file, not '%s'", out);
		goto done;
	}
	if (merge_shards(of.tmp, r, e))
		goto done;
	/* on disk before the rename makes it the run.db */
	if (fsync(fileno(of.f))) {
		err_set(e, ERR_IO, "cannot write '%s': %s", out,
		        strerror(errno));
		goto done;
	}
	rc = outfile_commit(&of, e);
done:
	outfile_abort(&of);
	for (size_t i = 0; fds && i < rs.v[0].n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	runset_release(&rs);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	struct strlist args = STRLIST_INIT;
	struct err e = ERR_INIT;
	int rc;
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			rc = cli_usage_error("merge", "unknown option '%s'",
			                     argv[i]);
			goto out;
		}
		strlist_push(&args, argv[i]);
	}
	if (args.n < 2) {
		rc = cli_usage_error("merge", "give OUT.db and the shards: "
		                              "OUT.db SHARD.db...");
		goto out;
	}
	if (!*args.v[0] || !strcmp(args.v[0], "-")) {
		rc = cli_usage_error("merge", "OUT.db must be a file name");
		goto out;
	}
	if (merge(args.v[0], args.v + 1, args.n - 1, &e))
		rc = e.kind == ERR_USAGE ? cli_usage_error("merge", "%s", e.msg)
		                         : err_report(&e);
	else
		rc = EXIT_OK;
out:
	strlist_release(&args);
	return rc;
}
