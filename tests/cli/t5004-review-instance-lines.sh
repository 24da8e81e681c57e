#!/bin/sh
# Instance files: wrongly typed fields are refused by run, line numbers count
# blank lines, validate skips blank lines and names an option missing its value.
. ./lib.sh
printf '%s\n' '{"id": "a", "question": "q?", "context": 5}' > "$T/ctx.jsonl"
expect_exit 3 ctx run "$T/ctx.jsonl" --model builtin/empty -o "$T/r1.db"
assert_contains "$T/err" "instance 'a': \"context\" is not a string"
printf '%s\n' '{"id": "a", "question": ["q?"], "context": "c"}' > "$T/q.jsonl"
expect_exit 3 ctx run "$T/q.jsonl" --model builtin/empty -o "$T/r2.db"
assert_contains "$T/err" "\"question\" is not a string"
printf '%s\n\n\nnot json\n' '{"id": "a", "question": "q?", "context": "c", "gold": {"columns": ["x"], "rows": []}}' > "$T/blank.jsonl"
expect_exit 3 ctx run "$T/blank.jsonl" --model builtin/empty -o "$T/r3.db"
assert_contains "$T/err" "line 4: malformed JSON"

ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
{ cat "$T/i.jsonl"; echo; echo "  "; } > "$T/i2.jsonl"
expect_exit 0 ctx validate "$T/i2.jsonl"
assert_contains "$T/out" "validated 1 instances: 1 ok, 0 failed"
expect_exit 2 ctx validate "$T/i.jsonl" --templates
assert_contains "$T/err" "missing value for '--templates'"
expect_exit 2 ctx validate "$T/i.jsonl" --tokenizer
assert_contains "$T/err" "missing value for '--tokenizer'"
ok "instance lines"
