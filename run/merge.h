/* Merging the shards of one run (run --shard K/N) into one run.db. */
#ifndef CTX_MERGE_H
#define CTX_MERGE_H

struct err;
struct runset;
struct runset_run;

/*
 * 0 when rs is every shard of one run; otherwise -1 and e (ERR_INPUT) says
 * which file is no shard, which meta key tells two shards apart, or which
 * shards are missing.
 */
int merge_check(const struct runset *rs, struct err *e);
/*
 * Writes the merged run of r (a run merge_check accepted) into the new,
 * empty SQLite file at path: every table's rows, meta from the first shard
 * without 'shard', base_urls of all, merged_from. -1 and e filled, naming
 * the shard, when one cannot be read, defines a table otherwise than the
 * others, or holds an instance its id does not hash to.
 */
int merge_shards(const char *path, const struct runset_run *r, struct err *e);

#endif
