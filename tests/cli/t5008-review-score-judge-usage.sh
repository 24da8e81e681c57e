#!/bin/sh
# score --judge with an unknown provider: a score usage error before any
# scoring, pointing at 'ctxbench score --help' (not 'run').
. ./lib.sh
ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db" 2>/dev/null
expect_exit 2 ctx score "$T/r.db" --judge nosuch/x
assert_contains "$T/err" "unknown --judge provider 'nosuch'"
assert_contains "$T/err" "see 'ctxbench score --help'"
assert_not_contains "$T/err" "ctxbench run --help"
assert_not_contains "$T/out" "scored"
[ ! -e "$T/r.db.judge" ] || fail "score made the judge folder"
expect_exit 2 ctx score "$T/r.db" --judge openai/x --judge-base-url notaurl
assert_contains "$T/err" "--judge-base-url 'notaurl' is not an http:// or https:// URL"
assert_not_contains "$T/out" "scored"
ok "judge provider checked first"
