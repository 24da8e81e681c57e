#!/bin/sh
# gen counts an exact context from its units and the seams between them
# (tok_seam), each unit counted once: its context_tokens must equal the count
# of the whole text, which validate recounts, for tokenizer files with
# different pipelines (SentencePiece-style with Prepend, NFKC, a Sequence of
# three Splits; t1070 covers Llama 3). Needs npm; skips loudly without.
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_setup
for m in llama2 claude deepseek_v3; do
	J="$NM/@lenml/tokenizer-$m/models/tokenizer.json"
	expect_exit 0 ctx gen --db wine --query q01 --query q05 --length 2k,8k \
		--info-amount 512 --placement uniform,middle,bimodal,depth=0.3 \
		--tokenizer "$J" -o "$T/$m.jsonl"
	expect_exit 0 ctx validate --tokenizer "$J" "$T/$m.jsonl"
	assert_contains "$T/out" "validated 16 instances: 16 ok, 0 failed"
done
ok "context_tokens by units and seams equal the whole count for 3 tokenizer files"
