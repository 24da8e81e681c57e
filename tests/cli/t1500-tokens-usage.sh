#!/bin/sh
# ctxbench tokens: help, usage errors, the ratio estimate, unreadable files.
. ./lib.sh
expect_exit 0 ctx tokens --help
assert_contains "$T/out" "usage: ctxbench tokens --tokenizer"
assert_contains "$T/out" "--ids"
expect_exit 2 ctx tokens
assert_contains "$T/err" "--tokenizer is required"
expect_exit 2 ctx tokens --tokenizer
assert_contains "$T/err" "needs a value"
expect_exit 2 ctx tokens --tokenizer ratio --frob
assert_contains "$T/err" "unknown option '--frob'"
assert_contains "$T/err" "ctxbench tokens --help"
expect_exit 2 ctx tokens --tokenizer ratio:0
assert_contains "$T/err" "--tokenizer ratio"

# ratio: ceil(code points / R); 11 code points / 3.66 -> 4
printf 'h\303\251llo world' >"$T/in"
expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer ratio <'$T/in'"
assert_eq "$(cat "$T/out")" 4 "ratio count"
expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer ratio:2 <'$T/in'"
assert_eq "$(cat "$T/out")" 6 "ratio:2 count"
expect_exit 0 ctx tokens --tokenizer ratio --name
assert_eq "$(cat "$T/out")" "ratio:3.66" "ratio name"
# the estimate has no ids
expect_exit 2 sh -c "\"\$CTXBENCH\" tokens --tokenizer ratio --ids <'$T/in'"
assert_contains "$T/err" "has no token ids"

expect_exit 1 ctx tokens --tokenizer "$T/missing.json"
assert_contains "$T/err" "cannot open '$T/missing.json'"
expect_exit 1 ctx tokens --tokenizer ratio "$T/missing.txt"
assert_contains "$T/err" "missing.txt"
ok "tokens usage"
