#!/bin/sh
# validate accepts probe instances of every task and rejects a tampered one.
. ./lib.sh
for task in entity sentence function kv; do
	ctx probe --task $task --length 2k --positions 3 -o "$T/$task.jsonl"
	expect_exit 0 ctx validate "$T/$task.jsonl"
	assert_contains "$T/out" "3 ok, 0 failed"
done
# a wrong gold answer must be caught
jq -c '.gold.rows[0][0] = "not the answer"' "$T/kv.jsonl" >"$T/bad.jsonl"
expect_exit 3 ctx validate "$T/bad.jsonl"
assert_contains "$T/out" "0 ok, 3 failed"
# evidence_start moved off the evidence must be caught
jq -c '.probe.evidence_start += 1' "$T/function.jsonl" >"$T/bad2.jsonl"
expect_exit 3 ctx validate "$T/bad2.jsonl"
ok "validate on probes"
