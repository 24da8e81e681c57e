#!/bin/sh
# A probe --length beyond the largest supported one (4m) is refused up front,
# naming that length, rather than filling memory with synthesized kv pairs;
# like gen, it fails fast and leaves no file.
. ./lib.sh
lim=4000000
# AddressSanitizer reserves more address space than that: no limit there
(ulimit -v $lim && "$CTXBENCH" --help) >/dev/null 2>&1 || lim=unlimited
for L in 1048576m 4097k 4194305; do
	for task in kv function entity; do
		expect_exit 2 sh -c "ulimit -v $lim; exec timeout 20 \"\$0\" \"\$@\"" \
			"$CTXBENCH" probe --task $task --length "$L" --positions 1 \
			-o "$T/o.jsonl"
		assert_contains "$T/err" "cannot be met: the largest probe length is 4194304 (4m)"
		[ ! -e "$T/o.jsonl" ] || fail "probe --length $L left a file"
	done
done
# a list is checked before anything is written
expect_exit 2 ctx probe --task kv --length 1k,5m -o "$T/o.jsonl"
assert_contains "$T/err" "--length 5242880 cannot be met"
[ ! -e "$T/o.jsonl" ] || fail "probe --length 1k,5m left a file"
# the largest length itself is built
ctx probe --task kv --length 4m --positions 1 -o "$T/o.jsonl"
[ "$(jq .params.length "$T/o.jsonl")" = 4194304 ] || fail "4m probe"
ok "probe --length huge fails fast"
