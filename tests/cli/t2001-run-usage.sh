#!/bin/sh
# ctxbench run / export: help and usage errors.
. ./lib.sh
. ./runlib.sh
expect_exit 0 ctx run --help
assert_contains "$T/out" "usage: ctxbench run"
assert_contains "$T/out" "--timeout S"
assert_contains "$T/out" "default 600"
expect_exit 2 ctx run "$INST" -o "$T/r.db"
assert_contains "$T/err" "--model PROVIDER/MODEL is required"
expect_exit 2 ctx run "$INST" --model openai/x
assert_contains "$T/err" "-o RUN.db is required"
expect_exit 2 ctx run "$INST" --model nosuch/x -o "$T/r.db"
assert_contains "$T/err" "unknown provider 'nosuch'"
expect_exit 2 ctx run "$INST" --model gpt4 -o "$T/r.db"
assert_contains "$T/err" "PROVIDER/MODEL"
expect_exit 2 ctx run "$INST" --model builtin/oracle -o "$T/r.db"
assert_contains "$T/err" "unknown builtin model 'oracle'"
expect_exit 2 ctx run "$INST" --model command/x -o "$T/r.db"
assert_contains "$T/err" "--command"
expect_exit 2 ctx run "$INST" --model command/x --command "cat 'oops" -o "$T/r.db"
assert_contains "$T/err" "unterminated"
expect_exit 2 ctx run "$INST" --model openai/x --concurrency 0 -o "$T/r.db"
expect_exit 2 ctx run "$INST" --model openai/x --body-extra '[1]' -o "$T/r.db"
assert_contains "$T/err" "JSON object"
expect_exit 2 ctx run "$INST" --model openai/x --frob -o "$T/r.db"
expect_exit 1 ctx run "$T/missing.jsonl" --model builtin/empty -o "$T/r.db"
assert_contains "$T/err" "cannot open '$T/missing.jsonl'"
one='{"id": "a", "question": "q?", "context": "c", "gold": {"columns": ["x"], "rows": []}}'
printf '%s\n%s\n' "$one" "$one" >"$T/dup.jsonl"
expect_exit 3 ctx run "$T/dup.jsonl" --model builtin/empty -o "$T/d.db"
assert_contains "$T/err" "'a' appears twice"
printf '%s\nnot json\n' "$one" >"$T/bad.jsonl"
expect_exit 3 ctx run "$T/bad.jsonl" --model builtin/empty -o "$T/b.db"
assert_contains "$T/err" "line 2"
echo 'no placeholders' >"$T/tmpl"
expect_exit 3 ctx run "$INST" --model builtin/empty --prompt-template "$T/tmpl" -o "$T/t.db"
assert_contains "$T/err" "{context}"
# a hosted API without its key: refused before anything is sent or created
for pk in openai:OPENAI_API_KEY anthropic:ANTHROPIC_API_KEY gemini:GEMINI_API_KEY; do
	expect_exit 2 env -u "${pk#*:}" "$CTXBENCH" run "$INST" --model "${pk%%:*}/m" -o "$T/nokey.db"
	assert_contains "$T/err" "${pk#*:} is not set"
	[ ! -e "$T/nokey.db" ] || fail "run without a key created its run.db"
done
# a --base-url that cannot work: refused at once, not retried for a minute
for u in notaurl ftp://host/v1 "http://"; do
	expect_exit 2 ctx run "$INST" --model openai/m --base-url "$u" -o "$T/url.db"
	assert_contains "$T/err" "is not an http:// or https:// URL"
	[ ! -e "$T/url.db" ] || fail "run with --base-url $u created its run.db"
done
# no instances at all is bad input, and leaves no run.db behind
: > "$T/empty.jsonl"
expect_exit 3 ctx run "$T/empty.jsonl" --model builtin/reader -o "$T/empty.db"
assert_contains "$T/err" "holds no instances"
[ ! -e "$T/empty.db" ] || fail "run over no instances created its run.db"
expect_exit 0 ctx export --help
assert_contains "$T/out" "usage: ctxbench export"
expect_exit 2 ctx export
expect_exit 2 ctx export a.db b.db
expect_exit 1 ctx export "$T/none.db"
assert_contains "$T/err" "cannot open '$T/none.db'"
ok "run and export usage"
