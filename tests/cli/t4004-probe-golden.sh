#!/bin/sh
# ctxbench probe: synthesized probes (kv, function) match their golden files byte for byte.
. ./lib.sh
ctx probe --task kv --length 256 --positions 3 --seed 7 -o "$T/kv.jsonl"
cmp "$T/kv.jsonl" "$SRCDIR/tests/golden/probe-kv.jsonl" ||
	fail "kv probe differs from tests/golden/probe-kv.jsonl"
ctx probe --task function --length 512 --positions 2 --seed 7 -o "$T/fn.jsonl"
cmp "$T/fn.jsonl" "$SRCDIR/tests/golden/probe-function.jsonl" ||
	fail "function probe differs from tests/golden/probe-function.jsonl"
ok "probe golden files"
