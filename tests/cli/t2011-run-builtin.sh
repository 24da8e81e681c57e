#!/bin/sh
# gen -> run builtin/reader -> score end to end; builtin/empty; the fake endpoint's perfect and quarters models.
. ./lib.sh
. ./runlib.sh
expect_exit 0 ctx run "$INST" --model builtin/empty -o "$T/e.db"
assert_eq "$(q "$T/e.db" "select count(*) from replies where status='ok' and reply='Final answer: []' and model_id='empty'")" "6" "builtin/empty"
expect_exit 0 ctx gen --db wine --length 2k --info-amount 512 --placement uniform,middle --seed 1 -o "$T/g.jsonl"
n=$(wc -l <"$T/g.jsonl" | tr -d ' ')
[ "$n" -gt 10 ] || fail "gen wrote only $n instances"
expect_exit 0 ctx run "$T/g.jsonl" --model builtin/reader -o "$T/r.db"
assert_eq "$(q "$T/r.db" "select count(*) from replies where status='ok' and reply like '%Final answer: [%'")" "$n" "reader replies"
expect_exit 0 ctx score "$T/r.db"
assert_eq "$(q "$T/r.db" "select count(*) from scores where scorer='det' and score=1")" "$n" "reader scores 1 everywhere"
expect_exit 0 ctx export "$T/r.db"
assert_contains "$T/out" '"score":1'
# at rest run.db is one file: read-only readers leave nothing beside it
expect_exit 0 ctx report "$T/r.db" -o "$T/r.md"
for x in wal shm journal; do
	[ ! -e "$T/r.db-$x" ] || fail "r.db-$x left behind by run, score, export, report"
done
# the fake endpoint answers the gold (perfect) or reads only the outer quarters of the context
INST="$T/g.jsonl"
start_fake f
expect_exit 0 ctx run "$T/g.jsonl" --model openai/perfect --base-url "$URL/v1" -o "$T/p.db"
expect_exit 0 ctx score "$T/p.db"
assert_eq "$(q "$T/p.db" "select count(*) from scores where score=1")" "$n" "perfect scores 1"
expect_exit 0 ctx run "$T/g.jsonl" --model openai/quarters --base-url "$URL/v1" -o "$T/q.db"
expect_exit 0 ctx score "$T/q.db"
assert_eq "$(q "$T/q.db" "select count(*) from replies where status='ok' and reply like '%Final answer: [%'")" "$n" "quarters replies"
assert_eq "$(q "$T/q.db" "select avg(score) < 1 from scores")" "1" "quarters misses some rows"
ok "builtin models end to end"
