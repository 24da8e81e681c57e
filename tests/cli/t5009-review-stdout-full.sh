#!/bin/sh
# Standard output on a full device: every command fails with exit 1 and says
# so exactly once.
. ./lib.sh
[ -w /dev/full ] || skip "no /dev/full"
ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db" 2>/dev/null
ctx score "$T/r.db" >/dev/null
full() {
	set +e
	"$CTXBENCH" "$@" >/dev/full 2>"$T/err"
	got=$?
	set -e
	[ "$got" = 1 ] || fail "'$*' >/dev/full exited $got, expected 1"
	assert_contains "$T/err" "write to standard output failed"
	n=$(grep -c "ctxbench: error" "$T/err")
	[ "$n" = 1 ] || fail "'$*' >/dev/full printed $n errors"
}
full gen --db wine --query q03 --length 4k
full probe --task kv --length 1k
full report "$T/r.db"
full export "$T/r.db"
full validate "$T/i.jsonl"
full compare "$T/r.db" "$T/r.db"
ok "full stdout fails once"

for c in "gen --db wine --query q03 --length 4k" "probe --task kv --length 1k" "report $T/r.db" "export $T/r.db"; do
	# shellcheck disable=SC2086
	expect_exit 1 ctx $c -o /dev/full
	assert_contains "$T/err" "cannot write '/dev/full'"
done
ok "-o /dev/full names the file"
