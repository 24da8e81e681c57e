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
