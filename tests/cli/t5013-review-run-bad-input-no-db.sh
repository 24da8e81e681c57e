#!/bin/sh
# run on a bad instances file leaves no new run.db behind, so the corrected
# command works; an existing run.db is kept.
. ./lib.sh
ctx gen --db wine --query q03 --length 4k -o "$T/good.jsonl"
head -c 300 "$T/good.jsonl" > "$T/i.jsonl"
expect_exit 3 ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db"
assert_contains "$T/err" "line 1: malformed JSON"
[ ! -e "$T/r.db" ] || fail "run on bad input left '$T/r.db'"
cp "$T/good.jsonl" "$T/i.jsonl"
expect_exit 0 ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db"
head -c 300 "$T/good.jsonl" > "$T/bad.jsonl"
expect_exit 2 ctx run "$T/bad.jsonl" --model builtin/reader -o "$T/r.db"
[ -e "$T/r.db" ] || fail "run on bad input removed an earlier run.db"
ok "bad input leaves no new run.db"
