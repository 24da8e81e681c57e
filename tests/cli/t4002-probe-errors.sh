#!/bin/sh
# ctxbench probe: usage errors, impossible lengths and unwritable outputs fail cleanly.
. ./lib.sh
expect_exit 2 ctx probe --length 1k
assert_contains "$T/err" "--task is required"
assert_contains "$T/err" "ctxbench probe --help"
expect_exit 2 ctx probe --task kvs --length 1k
assert_contains "$T/err" "unknown task 'kvs'"
expect_exit 2 ctx probe --task kv
assert_contains "$T/err" "--length is required"
expect_exit 2 ctx probe --task kv --length 1k --positions 0
assert_contains "$T/err" "--positions"
expect_exit 2 ctx probe --task kv --length 1k --positions middle
assert_contains "$T/err" "bad --positions 'middle'"
expect_exit 2 ctx probe --task kv --length 1k --positions depth=0.5,end
assert_contains "$T/err" "bad --positions item 'end'"
expect_exit 2 ctx probe --task kv --length 1k --positions depth=1.5
expect_exit 2 ctx probe --task kv --length 1k --positions depth=0.5,depth=0.50
assert_contains "$T/err" "--positions lists depth=0.5 twice"
expect_exit 2 ctx probe --task kv --length 1k,1024
assert_contains "$T/err" "--length lists 1024 twice"
expect_exit 2 ctx probe --task kv --length 1k,lots
assert_contains "$T/err" "--length"
expect_exit 2 ctx probe --task kv --length 1k --samples 0
expect_exit 2 ctx probe --task kv --length 1k --frobnicate
assert_contains "$T/err" "unknown argument '--frobnicate'"
expect_exit 2 ctx probe --task kv --length
assert_contains "$T/err" "option '--length' needs a value"
expect_exit 2 ctx probe --task kv --length 1k --tokenizer ratio:0

# too small for the evidence: usage error, no file left behind
for task in entity sentence function kv; do
	expect_exit 2 ctx probe --task $task --length 8 -o "$T/small.jsonl"
	assert_contains "$T/err" "--length 8 is too small: the evidence alone takes"
	[ ! -e "$T/small.jsonl" ] || fail "$task: a failed probe left its output"
done
# a later length fails after earlier instances were made: still no file
expect_exit 2 ctx probe --task kv --length 1k,8 -o "$T/small.jsonl"
[ ! -e "$T/small.jsonl" ] || fail "a failed probe left a half-written output"
ls "$T" | grep -q tmp && fail "a temporary file was left behind"

expect_exit 1 ctx probe --task kv --length 1k -o "$T/no/such/dir/x.jsonl"
assert_contains "$T/err" "cannot write '$T/no/such/dir/x.jsonl'"
expect_exit 2 ctx probe --task sentence --db no-such-db --length 1k -o "$T/x.jsonl"
assert_contains "$T/err" "no-such-db"
[ ! -e "$T/x.jsonl" ] || fail "a failed probe left its output"
# a database too small for the length says how much it holds
expect_exit 3 ctx probe --task entity --length 4m -o "$T/x.jsonl"
assert_contains "$T/err" "holds only"
ok "probe errors"
