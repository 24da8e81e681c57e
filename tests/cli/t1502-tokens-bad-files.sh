#!/bin/sh
# Broken tokenizer.json files: a clear error naming the problem, exit 3, never a crash.
. ./lib.sh
bad() { # bad NAME EXPECTED-TEXT JSON
	printf '%s' "$3" >"$T/$1.json"
	expect_exit 3 sh -c "printf abc | \"\$CTXBENCH\" tokens --tokenizer '$T/$1.json'"
	assert_contains "$T/err" "ctxbench: error: tokenizer '$T/$1.json'"
	assert_contains "$T/err" "$2"
}
m='"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}'
bad truncated "malformed JSON near byte" '{"model": {"type": "BPE", "vocab": {"a": 0'
bad empty "malformed JSON" ''
bad notobj "must be a JSON object" '"x"'
bad nomodel "'model' is missing" '{}'
bad unigram "unsupported model type 'Unigram'" '{"model": {"type": "Unigram", "vocab": []}}'
bad nomerges "model.merges is missing" '{"model": {"type": "BPE", "vocab": {"a": 0}}}'
bad badmerge "is not in the vocabulary" '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a q"]}}'
bad badid "not an integer in [0, 2^30)" '{"model": {"type": "BPE", "vocab": {"a": 4294967296}, "merges": []}}'
bad badregex "Split pre-tokenizer: bad regular expression" "{$m, \"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"[a\"}}}"
bad onigflag "unsupported regular expression group '(?x'" "{$m, \"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"(?x)a\"}}}"
bad pretok "unsupported pre-tokenizer 'Whitespace'" "{$m, \"pre_tokenizer\": {\"type\": \"Whitespace\"}}"
bad order "ByteLevel must come last" "{$m, \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"ByteLevel\"}, {\"type\": \"Digits\"}]}}"
bad norm "unsupported normalizer 'BertNormalizer'" "{$m, \"normalizer\": {\"type\": \"BertNormalizer\"}}"
bad added "added_tokens[0]" "{$m, \"added_tokens\": [{\"id\": -1, \"content\": \"x\"}]}"
ok "bad tokenizer files"
