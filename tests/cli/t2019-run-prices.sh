#!/bin/sh
# --max-cost never does nothing silently: a model without a price is a usage error unless
# --price or a table gives one; current models have dated prices; long-context tiers and
# cached prompt tokens are priced as the tables say.
. ./lib.sh
. ./runlib.sh
cd "$T"
start_fake f
expect_exit 2 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --max-cost 1 -o a.db
assert_contains "$T/err" "no price is known for 'echo'"
assert_contains "$T/err" "--price IN,OUT"
[ ! -e a.db ] || fail "a usage error left a run.db"
# --price: USD per million prompt and output tokens
expect_exit 0 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --max-cost 100 \
	--price 1000,2000 --no-cache -o b.db
assert_eq "$(q b.db "select count(*) from replies where abs(cost - (prompt_tokens * 1000 + completion_tokens * 2000) / 1e6) < 1e-9")" "6" "--price"
expect_exit 2 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --price 1 -o c.db
assert_contains "$T/err" "--price wants IN,OUT"
# models of today are in the table (the fake echoes the name it was asked for)
expect_exit 0 ctx run "$INST" --model openai/gpt-5 --base-url "$URL/v1" --max-cost 100 --no-cache -o d.db
assert_eq "$(q d.db "select count(*) from replies where abs(cost - (prompt_tokens * 1.25 + completion_tokens * 10) / 1e6) < 1e-12")" "6" "gpt-5 price"
# a long-context tier prices the whole request at its rate past the threshold
cat >p.json <<'JSON'
{"echo": {"input": 1, "output": 2, "long_context": {"above": 50, "input": 10, "output": 20}}}
JSON
expect_exit 0 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --price-table p.json --no-cache -o e.db
long=$(q e.db "select count(*) from replies where prompt_tokens > 50")
[ "$long" -gt 0 ] || fail "no prompt over the tier's threshold"
assert_eq "$(q e.db "select count(*) from replies where prompt_tokens > 50 and abs(cost - (prompt_tokens * 10 + completion_tokens * 20) / 1e6) < 1e-12")" "$long" "long tier"
assert_eq "$(q e.db "select count(*) from replies where prompt_tokens <= 50 and abs(cost - (prompt_tokens * 1 + completion_tokens * 2) / 1e6) > 1e-12")" "0" "base tier"
echo '{"echo": {"input": 1}}' >bad.json
expect_exit 3 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --price-table bad.json -o f.db
assert_contains "$T/err" "needs \"input\" and \"output\""
ok "prices"
