#!/bin/sh
# A small generation compared byte for byte with tests/golden/gen-tiny.jsonl.
# After an intended change of the output, regenerate it with the command below.
. ./lib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
ctx gen --query q02 --query q03 --length 512,800 --info-amount 200 \
	--placement bimodal,depth=0.3 --seed 7 -o "$T/out.jsonl"
cmp "$T/out.jsonl" "$SRCDIR/tests/golden/gen-tiny.jsonl" ||
	fail "output differs from tests/golden/gen-tiny.jsonl"
ok "golden output"
