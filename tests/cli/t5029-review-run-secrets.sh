#!/bin/sh
# Secrets never reach run.db or messages: the value of every provider key
# variable (not only the current provider's) in a command's stderr, even cut
# by the excerpt; and the user info of a --base-url.
. ./lib.sh
. ./runlib.sh
cd "$T"
head -n 2 "$INST" >two.jsonl
export OPENAI_API_KEY=sk-openai-0123456789abcdef
export ANTHROPIC_API_KEY=sk-ant-0123456789abcdef
export GEMINI_API_KEY=AIza-gemini-0123456789abcdef
cat >model.sh <<'SH'
#!/bin/sh
cat >/dev/null
echo "+ curl -H 'Authorization: Bearer $OPENAI_API_KEY' -H 'x-api-key: $ANTHROPIC_API_KEY' ?key=$GEMINI_API_KEY" >&2
exit 1
SH
chmod +x model.sh
expect_exit 4 ctx run two.jsonl --model command/m --command ./model.sh -o k.db
for s in 0123456789abcdef sk-openai sk-ant AIza-gemini; do
	assert_not_contains "$T/err" "$s"
	[ "$(q k.db "select count(*) from replies where instr(error, '$s') > 0")" = 0 ] ||
		fail "'$s' is in run.db: $(q k.db "select error from replies limit 1")"
done
q k.db "select error from replies limit 1" | grep -qF "Bearer ***" || fail "the message lost its shape: $(q k.db "select error from replies limit 1")"
# the 200-byte stderr excerpt cuts a key in the middle: its first bytes are masked too
cat >cut.sh <<'SH'
#!/bin/sh
cat >/dev/null
printf '%0190d %s\n' 0 "$OPENAI_API_KEY" >&2
exit 1
SH
chmod +x cut.sh
expect_exit 4 ctx run two.jsonl --model command/c --command ./cut.sh -o c.db
[ "$(q c.db "select count(*) from replies where instr(error, 'sk-op') > 0")" = 0 ] ||
	fail "a cut key is in run.db: $(q c.db "select error from replies limit 1")"

# user info in --base-url: used for the requests, never stored or printed
start_fake f
port=${URL##*:}
expect_exit 0 ctx run two.jsonl --model openai/echo --base-url "http://u:pw-SECRET@127.0.0.1:$port/v1" -o u.db
assert_eq "$(q u.db "select value from meta where key='base_urls'")" "[\"http://127.0.0.1:$port/v1\"]" "stored base_urls"
if grep -q "pw-SECRET" u.db; then fail "the password is in run.db"; fi
assert_not_contains "$T/err" "pw-SECRET"
expect_exit 2 ctx run two.jsonl --model openai/echo --base-url "ftp://u:pw-SECRET@127.0.0.1:$port/v1" -o v.db
assert_contains "$T/err" "is not an http:// or https:// URL"
assert_not_contains "$T/err" "pw-SECRET"
ok "secrets scrubbed"
