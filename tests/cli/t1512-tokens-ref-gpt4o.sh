#!/bin/sh
# gpt4o tokenizer.json: ids identical to the reference implementation (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare gpt4o
