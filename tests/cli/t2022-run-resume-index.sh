#!/bin/sh
# run.db indexes the instances file (where each line is, its hash, its estimate), so a
# resume sends what is missing without parsing the file again; a first run with --limit,
# or a run.db of an older format, gets its index from the next run that reads the file.
. ./lib.sh
. ./runlib.sh
start_fake f
expect_exit 4 ctx run "$INST" --model "openai/perfect+500x1" --max-retries 0 --backoff 0.01 \
	--base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(meta "$T/r.db" instances_indexed)" "6" "indexed"
assert_eq "$(q "$T/r.db" "select count(*) from instances where off is not null and len > 0 and hash is not null and est > 0")" "6" "places"
# the places are the lines' places
assert_eq "$(q "$T/r.db" "select group_concat(off, ' ') from instances order by seq")" \
	"$(awk 'BEGIN { o = 0 } { printf "%s%d", (NR > 1 ? " " : ""), o; o += length($0) + 1 }' "$INST")" "offsets"
expect_exit 0 ctx run "$INST" --model "openai/perfect+500x1" --max-retries 0 --base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(q "$T/r.db" "select count(*) from replies where status='ok' and reply like '%Final answer%'")" "6" "resumed from the index"
# --limit: not the whole file, so no index yet; the next run reads it all
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" --limit 2 -o "$T/l.db"
assert_eq "$(meta "$T/l.db" instances_indexed)" "" "no index after --limit"
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" -o "$T/l.db"
assert_eq "$(meta "$T/l.db" instances_indexed)" "6" "indexed by the full run"
# a shard's index holds its instances; its resume sends only its missing ones
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" --shard 0/2 -o "$T/s.db"
n=$(q "$T/s.db" "select count(*) from instances")
q "$T/s.db" "delete from replies where rowid = (select min(rowid) from replies)"
before=$(wc -l <"$T/f.log")
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" --shard 0/2 --no-cache -o "$T/s.db"
assert_eq "$(($(wc -l <"$T/f.log") - before))" "1" "the shard's resume sent its one missing instance"
assert_eq "$(q "$T/s.db" "select count(*) from replies")" "$n" "shard replies"
ok "resume from run.db's index"
