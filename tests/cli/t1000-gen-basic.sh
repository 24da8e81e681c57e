#!/bin/sh
# gen on the tiny fixture: help, instance line layout, ids, determinism, seeds, -o.
. ./lib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
expect_exit 0 ctx gen --help
assert_contains "$T/out" "usage: ctxbench gen"
expect_exit 2 ctx gen --frobnicate
assert_contains "$T/err" "unknown option '--frobnicate'"
assert_contains "$T/err" "ctxbench gen --help"

ctx gen --length 1k --info-amount 300 --placement uniform,end -o "$T/a.jsonl"
assert_eq "$(wc -l < "$T/a.jsonl" | tr -d ' ')" 10 "instances (5 queries x 2 placements)"
# keys in DESIGN.md's order, one instance per line
keys=$(head -1 "$T/a.jsonl" | jq -c 'keys_unsorted')
assert_eq "$keys" '["id","db","db_sha256","query_id","question","sql","types","difficulty","context","gold","params","stats","units"]' "key order"
assert_eq "$(head -1 "$T/a.jsonl" | jq -c '.params | keys_unsorted')" \
	'["length","info_amount","density","placement","seed","tokenizer","empty_share","meant_empty"]' "params keys"
assert_eq "$(head -1 "$T/a.jsonl" | jq -c '.stats | keys_unsorted')" \
	'["context_tokens","info_tokens","units","relevant_units","gold_rows"]' "stats keys"
assert_eq "$(head -1 "$T/a.jsonl" | jq -c '.units[0] | keys_unsorted')" \
	'["table","rowid","relevant","start","tokens"]' "unit keys"
assert_eq "$(jq -r .id "$T/a.jsonl" | head -2 | tr '\n' ' ')" \
	"tiny/q01/L1024/A300/uniform/s1 tiny/q01/L1024/A300/end/s1 " "ids"
assert_eq "$(head -1 "$T/a.jsonl" | jq -c .params)" \
	'{"length":1024,"info_amount":300,"density":null,"placement":"uniform","seed":1,"tokenizer":"ratio:3.66","empty_share":0.1,"meant_empty":false}' "params"
jq -e 'select(.stats.gold_rows != (.gold.rows | length))' "$T/a.jsonl" >/dev/null &&
	fail "stats.gold_rows is not the number of gold rows"
# the gold of q01 (count of people) is the number of relevant units
assert_eq "$(head -1 "$T/a.jsonl" | jq '.gold.rows[0][0] == .stats.relevant_units')" true "q01 gold"

# byte-identical on a re-run; another seed gives other contexts; stdout = -o
ctx gen --length 1k --info-amount 300 --placement uniform,end -o "$T/b.jsonl"
cmp "$T/a.jsonl" "$T/b.jsonl" || fail "re-run differs"
ctx gen --length 1k --info-amount 300 --placement uniform,end > "$T/c.jsonl"
cmp "$T/a.jsonl" "$T/c.jsonl" || fail "stdout differs from -o"
ctx gen --length 1k --info-amount 300 --placement uniform,end --seed 2 -o "$T/d.jsonl"
if cmp -s "$T/a.jsonl" "$T/d.jsonl"; then fail "seed 2 gives the same output"; fi
assert_contains "$T/d.jsonl" '"id": "tiny/q01/L1024/A300/uniform/s2"'

# density mode: D in the id, info_amount = floor(d * L)
ctx gen --query q02 --length 1000 --density 0.25 -o "$T/e.jsonl"
assert_eq "$(jq -c '[.id, .params.info_amount, .params.density]' "$T/e.jsonl")" \
	'["tiny/q02/L1000/D0.25/uniform/s1",250,0.25]' "density params"
# --query accepts DB/ID; depth=P is named canonically
ctx gen --query tiny/q03 --length 2k --info-amount 500 --placement depth=0.50 -o "$T/f.jsonl"
assert_eq "$(jq -r .id "$T/f.jsonl")" "tiny/q03/L2048/A500/depth=0.5/s1" "depth id"
ok "gen basics"
