#!/bin/sh
# A value listed twice would give two instances one id, which run refuses:
# gen says so up front and writes nothing.
. ./lib.sh
twice() {
	text=$1
	shift
	expect_exit 2 ctx gen --query q03 "$@" -o "$T/o.jsonl"
	assert_contains "$T/err" "$text"
	[ ! -e "$T/o.jsonl" ] || fail "gen $* left a file"
}
twice "--length lists 4096 twice" --db wine --length 4k,4096
twice "--info-amount lists 1024 twice" --db wine --length 8k --info-amount 1k,1024
twice "--density lists 0.5 twice" --db wine --density 0.5,0.50
twice "--placement lists 'depth=0.5' twice" --db wine --placement depth=0.5,depth=0.50
twice "--db lists 'wine' twice" --db wine --db wine
ctx gen --db wine --query q03 --length 4k --placement uniform,begin -o "$T/ok.jsonl"
n=$(jq -r .id "$T/ok.jsonl" 2>/dev/null | sort -u | wc -l) || n=2
[ "$n" -eq 2 ] || fail "expected 2 distinct ids, got $n"
ok "values listed twice are refused"
