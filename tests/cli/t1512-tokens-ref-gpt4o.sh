#!/bin/sh
# gpt4o tokenizer.json: ids identical to Hugging Face's tokenizers (native) and tiktoken o200k_base, as whole
# texts and line by line (needs npm; skips loudly without).
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_compare gpt4o o200k_base
