#!/bin/sh
# gen and validate with an exact tokenizer (a tokenizer.json fetched by the npm tests).
. ./lib.sh
TK=$(cached_llama3)
[ -n "$TK" ] || skip "no tokenizer.json cached (the npm tests fetch one)"
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
ctx gen --query q01 --query q03 --length 600,1k --info-amount 150,300 \
	--placement uniform,middle,bimodal --tokenizer "$TK" -o "$T/a.jsonl"
jq -e -s 'all(.[]; .stats.context_tokens <= .params.length and
	.params.length - .stats.context_tokens < 60 and
	.stats.info_tokens <= .params.info_amount)' "$T/a.jsonl" >/dev/null || fail "budgets"
case "$(head -1 "$T/a.jsonl" | jq -r .params.tokenizer)" in
tokenizer.json@*) ;;
*) fail "tokenizer name" ;;
esac
expect_exit 0 ctx validate --tokenizer "$TK" "$T/a.jsonl"
assert_contains "$T/out" "validated 24 instances: 24 ok, 0 failed"
expect_exit 3 ctx validate "$T/a.jsonl"
assert_contains "$T/err" "give --tokenizer PATH"
"$GOLDCHECK" "$CTXBENCH_DATA" "$T/a.jsonl" || fail "goldcheck"
# density 1: the relevant rows alone fill the length, "\n" seams counted
ctx gen --query q03 --length 1000 --density 1 --tokenizer "$TK" -o "$T/d.jsonl"
jq -e '.stats.context_tokens <= 1000 and .stats.relevant_units == .stats.units' "$T/d.jsonl" >/dev/null ||
	fail "density 1"
expect_exit 0 ctx validate --tokenizer "$TK" "$T/d.jsonl"
ok "exact tokenizer"
