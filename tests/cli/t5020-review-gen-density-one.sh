#!/bin/sh
# --density 1 (or --info-amount equal to --length) needs no distractor: a
# query that reads every table of its database fills the length with its own
# rows. When distractors are really needed, gen still says so.
. ./lib.sh
command -v jq >/dev/null 2>&1 || skip "no jq"
echo '{"id":"all","sql":"SELECT (SELECT count(*) FROM wineries)+(SELECT count(*) FROM wines)+(SELECT count(*) FROM reviews)+(SELECT count(*) FROM shipments)"}' >"$T/q.jsonl"
TK=$(cached_llama3)
tks=$(ratio_and_llama3)
for tk in $tks; do
	ctx gen --db wine --queries "$T/q.jsonl" --density 1 --length 3000,4k,8k \
		--placement uniform,middle --tokenizer "$tk" -o "$T/d.jsonl"
	jq -e -s 'length == 6 and all(.[]; .stats.context_tokens <= .params.length
		and .stats.units == .stats.relevant_units
		and .params.length - .stats.info_tokens < 60)' "$T/d.jsonl" >/dev/null ||
		fail "density 1 with $tk"
	expect_exit 0 ctx validate --tokenizer "${TK:-none}" "$T/d.jsonl"
	assert_contains "$T/out" "6 ok, 0 failed"
	ctx gen --db wine --queries "$T/q.jsonl" --info-amount 4k --length 4k \
		--tokenizer "$tk" -o "$T/a.jsonl"
	expect_exit 0 ctx validate --tokenizer "${TK:-none}" "$T/a.jsonl"
	# a tenth of the length left to fill, and nothing to fill it with
	expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" --density 0.9 \
		--length 4k --tokenizer "$tk" -o "$T/b.jsonl"
	assert_contains "$T/err" "the tables it does not read hold only 0 tokens of rows; --length 4096 cannot be met; try --distractors all-dbs"
	[ ! -e "$T/b.jsonl" ] || fail "gen left a file"
	expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" --info-amount 4000 \
		--length 4k --tokenizer "$tk" -o "$T/b.jsonl"
	assert_contains "$T/err" "try --distractors all-dbs"
done
ok "density 1 needs no distractors"
