#!/bin/sh
# gen on the tiny fixture checked by an independent program (goldcheck) and by validate:
# gold over the rebuilt sub-database, budgets, offsets, duplicates, geometry, nesting.
. ./lib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
P=uniform,begin,middle,end,bimodal,depth=0.2,depth=1
ctx gen --query q01 --query q02 --query q04 --query q05 --length 400,700,1k,1500 \
	--info-amount 64,150,380 --placement $P --seed 3 -o "$T/a.jsonl"
ctx gen --query q03 --length 1k,1200 --density 0.2,0.5,1 --placement $P --seed 4 -o "$T/b.jsonl"
"$GOLDCHECK" "$CTXBENCH_DATA" "$T/a.jsonl" || fail "goldcheck (amounts)"
"$GOLDCHECK" "$CTXBENCH_DATA" "$T/b.jsonl" || fail "goldcheck (densities)"
expect_exit 0 ctx validate "$T/a.jsonl"
assert_contains "$T/out" "validated 336 instances: 336 ok, 0 failed"
expect_exit 0 ctx validate "$T/b.jsonl"
assert_contains "$T/out" "validated 42 instances: 42 ok, 0 failed"
# budgets: never over, and the relevant side within one unit of A
jq -e -s 'all(.[]; .stats.context_tokens <= .params.length and
	.stats.info_tokens <= .params.info_amount)' "$T/a.jsonl" >/dev/null || fail "over budget"
jq -e -s 'all(.[]; .params.length - .stats.context_tokens < 60)' "$T/a.jsonl" >/dev/null ||
	fail "context far under its length"
ok "independent checks"
