#!/bin/sh
# deepseek_v3 tokenizer.json: ids identical to Hugging Face's tokenizers (native), as whole
# texts and line by line (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare deepseek_v3 
