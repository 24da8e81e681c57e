#!/bin/sh
# A --length far beyond the data fails at once with the tokens available,
# never scans (or allocates) gigabytes of blanks first.
. ./lib.sh
for L in 99999999 1099511627776; do
	expect_exit 3 timeout 20 "$CTXBENCH" gen --db wine --query q03 --length "$L" -o "$T/o.jsonl"
	assert_contains "$T/err" "--length $L cannot be met"
	[ ! -e "$T/o.jsonl" ] || fail "gen --length $L left a file"
done
ok "gen --length huge fails fast"
