#!/bin/sh
# gpt35turbo tokenizer.json: ids identical to Hugging Face's tokenizers (native) and tiktoken cl100k_base, as whole
# texts and line by line (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare gpt35turbo cl100k_base
