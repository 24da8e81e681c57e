#!/bin/sh
# llama2 tokenizer.json: ids identical to the reference implementation (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare llama2
