#!/bin/sh
# gen --keep-going: what a setting cannot fill (or a query that does not
# prepare) is named and skipped, the rest is written and validates, exit 4
# with a summary; without it gen stops at the first, as before, and writes
# nothing.
. ./lib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
cat >"$T/q.jsonl" <<'Q'
{"id": "q1", "question": "How many people?", "sql": "SELECT count(*) AS n FROM people"}
{"id": "q2", "question": "Pets of people?", "sql": "SELECT count(*) AS n FROM pets JOIN people ON pets.owner_id = people.id"}
{"id": "q3", "question": "?", "sql": "SELECT nope FROM people"}
Q
gen() {
	ctx gen --db tiny --queries "$T/q.jsonl" --length 512,2k --info-amount 200 \
		--placement uniform,end "$@" -o "$T/o.jsonl"
}
expect_exit 3 gen
assert_contains "$T/err" "query 'tiny/q2'"
[ ! -e "$T/o.jsonl" ] || fail "gen without --keep-going wrote a file"

expect_exit 4 gen --keep-going
assert_contains "$T/err" "warning: skipped tiny/q2/L2048/A200/uniform/s1: "
assert_contains "$T/err" "warning: skipped tiny/q2/L2048/A200/end/s1: "
assert_contains "$T/err" "warning: skipped query 'tiny/q3' (4 instances): SQL does not prepare: no such column: nope"
assert_contains "$T/err" "ctxbench: gen: wrote 6 instances; skipped 6 of 12 (from 2 queries), each named above"
assert_eq "$(jq -r .id "$T/o.jsonl" | tr '\n' ' ')" \
	"tiny/q1/L512/A200/uniform/s1 tiny/q1/L512/A200/end/s1 tiny/q1/L2048/A200/uniform/s1 tiny/q1/L2048/A200/end/s1 tiny/q2/L512/A200/uniform/s1 tiny/q2/L512/A200/end/s1 " \
	"the instances written"
expect_exit 0 ctx validate "$T/o.jsonl"
# what is not bad input still stops gen
expect_exit 2 gen --keep-going --placement nowhere
ok "--keep-going skips, names and counts"
