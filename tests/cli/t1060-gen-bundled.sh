#!/bin/sh
# Every bundled query at several lengths, amounts, densities and all placements:
# goldcheck rebuilds each sub-database independently; validate reads rows back.
. ./lib.sh
[ -f "$SRCDIR/queries/wine.jsonl" ] || skip "bundled databases not present"
P=uniform,begin,middle,end,bimodal,depth=0.25
ctx gen --length 1k,4k --info-amount 500,900 --placement uniform,middle,bimodal -o "$T/a.jsonl"
ctx gen --length 4k --density 0.15,0.5 --placement $P --seed 9 -o "$T/b.jsonl"
ctx gen --length 64k --density 0.5 --placement middle --seed 2 -o "$T/c.jsonl"
n=$(cat "$SRCDIR"/queries/*.jsonl | grep -c '"id"')
[ "$n" -ge 90 ] || fail "only $n bundled queries"
assert_eq "$(wc -l < "$T/a.jsonl" | tr -d ' ')" $((n * 12)) "instances (amounts)"
assert_eq "$(wc -l < "$T/c.jsonl" | tr -d ' ')" "$n" "instances (64k)"
for f in a b; do
	"$GOLDCHECK" "$SRCDIR" "$T/$f.jsonl" || fail "goldcheck $f"
	expect_exit 0 ctx validate "$T/$f.jsonl"
	assert_contains "$T/out" " 0 failed"
done
# (c only shows that every query fills 64k at density 0.5; checking it is slow)
# some instances have an empty answer on purpose (--empty-share 0.1)
jq -e -s 'any(.[]; .gold.rows == [])' "$T/a.jsonl" >/dev/null || fail "no empty answer at all"
ok "bundled queries"
