#!/bin/sh
# Values are recorded exactly: a ratio with many digits validates, two close
# densities get two ids, and a density under one token is refused.
. ./lib.sh
expect_exit 0 ctx gen --db wine --query q01 --query q02 --length 4k,16k --placement begin \
	--tokenizer ratio:7.77777777 -o "$T/r.jsonl"
assert_eq "$(jq -r .params.tokenizer "$T/r.jsonl" | sort -u)" "ratio:7.77777777" "tokenizer name"
expect_exit 0 ctx validate "$T/r.jsonl"
ok "ratio recorded exactly"

expect_exit 0 ctx gen --db wine --query q01 --density 0.1234567,0.1234568 -o "$T/d.jsonl"
assert_eq "$(jq -r .id "$T/d.jsonl" | sort -u | wc -l | tr -d ' ')" "2" "distinct ids"
assert_contains "$T/d.jsonl" '"id": "wine/q01/L8192/D0.1234567/uniform/s1"'
ok "close densities, distinct ids"

expect_exit 2 ctx gen --db wine --query q01 --density 1e-9 -o "$T/z.jsonl"
assert_contains "$T/err" "under one token"
[ ! -e "$T/z.jsonl" ] || fail "a refused density left a file"
ok "density under one token refused"

: >"$T/none.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/none.jsonl" -o "$T/n.jsonl"
assert_contains "$T/err" "holds no queries"
echo '{"id":"","sql":"SELECT count(*) FROM wines"}' >"$T/q.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" -o "$T/n.jsonl"
assert_contains "$T/err" "query id '' must be non-empty"
echo '{"id":"a/b","sql":"SELECT count(*) FROM wines"}' >"$T/q.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" -o "$T/n.jsonl"
assert_contains "$T/err" "query id 'a/b'"
echo '{"id":"a","sql":"SELECT count(*) FROM wines","question":5}' >"$T/q.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" -o "$T/n.jsonl"
assert_contains "$T/err" '"question" must be a string'
[ ! -e "$T/n.jsonl" ] || fail "a refused queries file left output"
echo '{"id":"a","sql":"SELECT count(*) FROM wines","question":"How many?","difficulty":null}' >"$T/q.jsonl"
expect_exit 0 ctx gen --db wine --queries "$T/q.jsonl" --length 2k --info-amount 512 -o "$T/n.jsonl"
ok "queries files: empty, bad ids, non-string fields"
