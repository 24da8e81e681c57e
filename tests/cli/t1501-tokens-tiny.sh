#!/bin/sh
# ctxbench tokens on tiny hand-made tokenizer.json files: exact ids, file mode, name.
. ./lib.sh
cat >"$T/tiny.json" <<'JSON'
{"added_tokens": [{"id": 9, "content": "<|x|>", "special": true}],
 "normalizer": null,
 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
   {"type": "Split", "pattern": {"Regex": "\\s+|[^\\s]+"}, "behavior": "Isolated", "invert": false},
   {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]},
 "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "\u0120": 3, "ab": 4, "abc": 5,
   "aa": 6, "\u0120\u0120": 7},
   "merges": ["a b", "ab c", "a a", "\u0120 \u0120"]}}
JSON
printf 'abc  ab<|x|>aaa' >"$T/in"
expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer '$T/tiny.json' --ids <'$T/in'"
assert_eq "$(tr '\n' ' ' <"$T/out")" "5 7 4 9 6 0 " "ids"
expect_exit 0 sh -c "\"\$CTXBENCH\" tokens --tokenizer '$T/tiny.json' <'$T/in'"
assert_eq "$(cat "$T/out")" 6 "count"
# file mode: one line per file
printf 'ab' >"$T/in2"
expect_exit 0 ctx tokens --tokenizer "$T/tiny.json" --ids "$T/in" "$T/in2"
assert_eq "$(sed -n 1p "$T/out")" "$(printf '5 7 4 9 6 0\t%s' "$T/in")" "file mode line 1"
assert_eq "$(sed -n 2p "$T/out")" "$(printf '4\t%s' "$T/in2")" "file mode line 2"
# the name is the file's base name and the start of its SHA-256, on any machine
expect_exit 0 ctx tokens --tokenizer "$T/tiny.json" --name
sum=$(sha256sum "$T/tiny.json" | cut -c1-12)
assert_eq "$(cat "$T/out")" "tiny.json@sha256:$sum" "name"
# a byte outside the vocabulary with no unk token is an error, not a guess
printf 'abz' >"$T/in3"
expect_exit 3 sh -c "\"\$CTXBENCH\" tokens --tokenizer '$T/tiny.json' <'$T/in3'"
assert_contains "$T/err" "not in the vocabulary"
ok "tiny tokenizers"
