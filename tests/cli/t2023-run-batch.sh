#!/bin/sh
# run --batch through each provider's batch service (the fake's: several polls, partial
# failures, expiry): the same replies as the online run, split by the documented limits (or
# --batch-size), errors and expired items sent again, batch prices against --max-cost.
. ./lib.sh
. ./runlib.sh
many_instances 2 "$T/inst.jsonl"
start_fake f --batch-polls 2
for p in openai:/v1 anthropic: gemini:; do
	prov=${p%%:*}
	path=${p#*:}
	expect_exit 0 ctx run "$T/inst.jsonl" --model "$prov/perfect" --base-url "$URL$path" --no-cache -o "$T/on-$prov.db"
	expect_exit 0 ctx run "$T/inst.jsonl" --model "$prov/perfect" --base-url "$URL$path" --no-cache \
		--batch --poll-interval 0.05 --batch-size 5 -o "$T/b-$prov.db"
	assert_eq "$(q "$T/b-$prov.db" "select group_concat(id || status || reply, '|') from (select * from replies order by id)")" \
		"$(q "$T/on-$prov.db" "select group_concat(id || status || reply, '|') from (select * from replies order by id)")" "$prov: batch replies = online replies"
	assert_eq "$(q "$T/b-$prov.db" "select count(*), sum(state = 'done'), sum(items) from batches")" "3|3|12" "$prov: 12 items in batches of 5"
	assert_eq "$(q "$T/b-$prov.db" "select count(*) from batch_items")" "12" "$prov: items recorded"
	assert_contains "$T/err" "12 of 12 instances answered"
done
assert_eq "$(grep -c '^batch created' "$T/f.log")" "9" "batches created"

# partial failures are sent again in a new batch; refusals are final
expect_exit 0 ctx run "$T/inst.jsonl" --model "anthropic/perfect+500x1" --base-url "$URL" --no-cache \
	--batch --poll-interval 0.05 -o "$T/fail.db"
# (the two copies of a prompt share the fake's count: one fails, one does not)
assert_eq "$(q "$T/fail.db" "select sum(attempts = 1), sum(attempts = 2) from replies where status = 'ok'")" "6|6" "failed items, second batch"
assert_eq "$(q "$T/fail.db" "select count(*) from batches")" "2" "two batches"
expect_exit 4 ctx run "$T/inst.jsonl" --model "openai/perfect+refusal" --base-url "$URL/v1" --no-cache \
	--batch --poll-interval 0.05 -o "$T/ref.db"
assert_eq "$(q "$T/ref.db" "select count(*) from replies where status = 'refused' and attempts = 1")" "12" "refused in a batch"
# an expired batch: its unanswered half goes again (a batch, or online);
# an expired Gemini batch gives back no results, so all of it goes again
expect_exit 0 ctx run "$T/inst.jsonl" --model "anthropic/perfect+expire" --base-url "$URL" --no-cache \
	--batch --poll-interval 0.05 -o "$T/exp.db"
assert_eq "$(q "$T/exp.db" "select sum(attempts = 1), sum(attempts = 2), count(*) from replies where status = 'ok'")" "6|6|12" "expired half resubmitted"
expect_exit 0 ctx run "$T/inst.jsonl" --model "gemini/perfect+expire" --base-url "$URL" --no-cache \
	--batch --poll-interval 0.05 -o "$T/exp1.db"
assert_eq "$(q "$T/exp1.db" "select sum(attempts = 2), count(*) from replies where status = 'ok'")" "12|12" "expired Gemini batch resubmitted"
online=$(grep -c 'chat perfect+expire' "$T/f.log" || :)
expect_exit 0 ctx run "$T/inst.jsonl" --model "openai/perfect+expire" --base-url "$URL/v1" --no-cache \
	--batch --poll-interval 0.05 --batch-retry online -o "$T/exp2.db"
assert_eq "$(($(grep -c 'chat perfect+expire' "$T/f.log") - online))" "6" "expired half sent online"
assert_eq "$(q "$T/exp2.db" "select count(*) from replies where status = 'ok'")" "12" "all answered"

# batch prices: half the list price, and --max-cost counts them
expect_exit 0 ctx run "$T/inst.jsonl" --model "openai/gpt-4o-mini" --base-url "$URL/v1" --no-cache \
	--batch --poll-interval 0.05 --max-cost 10 -o "$T/price.db"
assert_eq "$(q "$T/price.db" "select count(*) from replies where abs(cost - (prompt_tokens * 0.15 + completion_tokens * 0.60) / 2e6) < 1e-12")" "12" "batch prices"
expect_exit 1 ctx run "$T/inst.jsonl" --model "openai/gpt-4o-mini" --base-url "$URL/v1" --no-cache \
	--batch --poll-interval 0.05 --max-cost 0.0000001 -o "$T/stop.db"
assert_contains "$T/err" "stopped at --max-cost"
assert_eq "$(q "$T/stop.db" "select count(*) from batches")" "0" "nothing submitted past --max-cost"

# usage errors
expect_exit 2 ctx run "$T/inst.jsonl" --model builtin/reader --batch -o "$T/u1.db"
assert_contains "$T/err" "has no batch API"
expect_exit 2 ctx run "$T/inst.jsonl" --model openai/x --base-url "$URL/v1" --poll-interval 1 -o "$T/u2.db"
assert_contains "$T/err" "go with --batch"
expect_exit 2 ctx run "$T/inst.jsonl" --model openai/x --base-url "$URL/v1" --batch --stream -o "$T/u3.db"
ok "batch mode"
