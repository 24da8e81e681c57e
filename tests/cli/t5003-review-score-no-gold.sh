#!/bin/sh
# An instance without a gold answer: score says so (not "malformed JSON").
. ./lib.sh
printf '%s\n' '{"id": "a", "question": "q?", "context": "c", "gold": null}' > "$T/i.jsonl"
printf '%s\n' '{"id": "b", "question": "q?", "context": "c"}' >> "$T/i.jsonl"
expect_exit 0 ctx run "$T/i.jsonl" --model builtin/empty -o "$T/r.db"
expect_exit 3 ctx score "$T/r.db"
assert_contains "$T/err" "ctxbench: error: instance 'a': no \"gold\" object"
assert_not_contains "$T/err" "malformed JSON"
ok "score names a missing gold"
