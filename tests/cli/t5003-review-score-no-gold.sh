#!/bin/sh
# An instance without a gold answer: score says so (not "malformed JSON").
# run refuses such instances (t5016-review-run-instance-check), so the run.db
# is edited after the run, as an older ctxbench or another tool may leave it.
. ./lib.sh
g='"gold": {"columns": ["x"], "rows": []}'
printf '%s\n' "{\"id\": \"a\", \"question\": \"q?\", \"context\": \"c\", $g}" > "$T/i.jsonl"
printf '%s\n' "{\"id\": \"b\", \"question\": \"q?\", \"context\": \"c\", $g}" >> "$T/i.jsonl"
expect_exit 0 ctx run "$T/i.jsonl" --model builtin/empty -o "$T/r.db"
sqlite3 "$T/r.db" "UPDATE instances SET gold = NULL" 2>/dev/null || skip "sqlite3 is not installed"
expect_exit 3 ctx score "$T/r.db"
assert_contains "$T/err" "ctxbench: error: instance 'a': no \"gold\" object"
assert_not_contains "$T/err" "malformed JSON"
ok "score names a missing gold"
