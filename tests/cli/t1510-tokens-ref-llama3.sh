#!/bin/sh
# llama3 tokenizer.json: ids identical to Hugging Face's tokenizers (native), as whole
# texts and line by line (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare llama3 
