#!/bin/sh
# ctxbench probe with an exact tokenizer (a tokenizer.json fetched by the npm
# tests): every context's count by `ctxbench tokens` equals stats.context_tokens,
# stays within L, and the evidence's token position is exact too.
. ./lib.sh
TK=$(cached_llama3)
[ -n "$TK" ] || skip "no tokenizer.json cached (the npm tests fetch one)"
command -v jq >/dev/null 2>&1 || skip "no jq"
: >"$T/want"
files=
for task in entity sentence function kv; do
	ctx probe --task $task --length 1500 --positions 3 --tokenizer "$TK" \
		-o "$T/$task.jsonl"
	case "$(head -1 "$T/$task.jsonl" | jq -r .params.tokenizer)" in
	tokenizer.json@sha256:*) ;;
	*) fail "$task: tokenizer name" ;;
	esac
	for i in 1 2 3; do
		sed -n "${i}p" "$T/$task.jsonl" >"$T/one.json"
		jq -j .context "$T/one.json" >"$T/$task$i.ctx"
		# the text before the evidence, cut at evidence_start (bytes)
		head -c "$(jq .probe.evidence_start "$T/one.json")" "$T/$task$i.ctx" \
			>"$T/$task$i.before"
		jq -r '"\(.stats.context_tokens)\n\(.probe.token_position)"' \
			"$T/one.json" >>"$T/want"
		files="$files $T/$task$i.ctx $T/$task$i.before"
	done
done
# shellcheck disable=SC2086
expect_exit 0 ctx tokens --tokenizer "$TK" $files
cut -f1 "$T/out" >"$T/got"
cmp -s "$T/got" "$T/want" || {
	paste "$T/want" "$T/got" >&2
	fail "stats.context_tokens or probe.token_position differ from ctxbench tokens"
}
awk 'NR % 2 == 1 && $1 > 1500 { exit 1 }' "$T/got" || fail "a context is over 1500 tokens"
ctx probe --task kv --length 1500 --positions 3 --tokenizer "$TK" >"$T/again.jsonl"
cmp -s "$T/kv.jsonl" "$T/again.jsonl" || fail "kv: output differs between runs"
ok "probe with an exact tokenizer"
