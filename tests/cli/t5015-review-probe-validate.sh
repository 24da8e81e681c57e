#!/bin/sh
# validate checks the budgets, token counts and unit offsets of probe
# instances, as it does for gen's: each corrupted field is a failure, and
# untouched probes of every task pass (ratio, and a tokenizer.json if cached).
. ./lib.sh
command -v jq >/dev/null 2>&1 || skip "no jq"
TK=$(cached_llama3)
tks=$(ratio_and_llama3)
n=0
for tk in $tks; do
	n=$((n + 1))
	for task in entity sentence function kv; do
		ctx probe --task $task --length 2k --positions 3 --tokenizer "$tk" \
			-o "$T/$task$n.jsonl"
		expect_exit 0 ctx validate --tokenizer "${TK:-none}" "$T/$task$n.jsonl"
		assert_contains "$T/out" "3 ok, 0 failed"
	done
done

# bad FILTER TEXT: the first kv probe with FILTER applied fails with TEXT
bad() {
	jq -c "$1" "$T/kv1.jsonl" >"$T/bad.jsonl"
	expect_exit 3 ctx validate "$T/bad.jsonl"
	assert_contains "$T/out" "0 ok, 3 failed"
	assert_contains "$T/err" "$2"
}
bad '.params.length=10' "the length is 10"
bad '.stats.context_tokens=5' "stats say 5"
bad '.units[0].tokens=99999' "unit 1 (kv rowid"
bad '.units[0].tokens=99999' "tokens 99999, the unit has"
bad '.units[1].start=0' "start 0, the unit starts at"
bad '.params.length=10|.stats.context_tokens=5|.units[0].tokens=99999|.units[1].start=0' \
	"unit 1 (kv rowid"
bad '.stats.info_tokens+=1' "the relevant unit has"
bad '.probe.evidence_tokens+=1' "probe.evidence_tokens"
bad '.stats.units+=1' "stats miscount the units"
bad '.probe.token_position+=1' "probe.token_position says"
bad '.units |= .[:-1]' "the context has more units"
bad '.units[2].rowid=.units[1].rowid' "placed twice"
bad '.context |= sub("\n}$"; "\n]")' "does not open and close"
bad '.params.seed=7' "the id should be"
bad '.probe.depth=0.25' "params.placement is"
bad '.params.tokenizer="ratio:3"' "the unit has"

# the function task frames units with blank lines: offsets are still checked
jq -c '.units[2].start+=1' "$T/function1.jsonl" >"$T/bad.jsonl"
expect_exit 3 ctx validate "$T/bad.jsonl"
assert_contains "$T/err" "unit 3 (function rowid"
# a tokenizer.json probe recounted with that tokenizer
if [ -n "$TK" ]; then
	jq -c '.units[0].tokens+=1' "$T/sentence2.jsonl" >"$T/bad.jsonl"
	expect_exit 3 ctx validate --tokenizer "$TK" "$T/bad.jsonl"
	assert_contains "$T/err" "the unit has"
	jq -c '.stats.context_tokens-=1' "$T/entity2.jsonl" >"$T/bad.jsonl"
	expect_exit 3 ctx validate --tokenizer "$TK" "$T/bad.jsonl"
	assert_contains "$T/err" "the context has"
fi
ok "validate checks probe budgets, counts and offsets"
