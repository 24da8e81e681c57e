#!/bin/sh
# What is not an answer is not `ok`: refusals, content filters, safety and recitation stops and
# blocked prompts are `refused` (final, never retried, shown apart); an answer cut by the
# context window is `overflow`; an error inside a stream is retried, then `error`.
. ./lib.sh
. ./runlib.sh
start_fake f

# refused: PROVIDER FAULT [--stream]
refused() {
	db="$T/$1-$2$3.db"
	expect_exit 4 ctx run "$INST" --model "$1/perfect+$2" --base-url "$URL$(path "$1")" \
		--backoff 0.01 $3 -o "$db"
	assert_eq "$(q "$db" "select count(*) from replies where status='refused' and attempts=1 and error is not null")" "6" "$1 $2 $3 refused"
	assert_contains "$T/err" "6 refused"
}
path() { case $1 in openai*) echo /v1 ;; *) echo ;; esac; }

for s in "" --stream; do
	refused openai refusal "$s"
	refused openai filter "$s"
	refused openai-responses refusal "$s"
	refused openai-responses filter "$s"
	refused anthropic refusal "$s"
	refused gemini refusal "$s"
	refused gemini recitation "$s"
	refused gemini blocked "$s"
	refused gemini safetycut "$s"
done
# the model's words are kept for people to read; only `ok` replies are scored
assert_eq "$(q "$T/openai-refusal.db" "select reply from replies limit 1")" "I can't help with that." "refusal text"
assert_eq "$(q "$T/gemini-safetycut--stream.db" "select count(*) from replies where length(reply) > 0 and finish_reason='SAFETY'")" "6" "the text before the stop"
# final: a re-run sends nothing
before=$(wc -l <"$T/f.log")
expect_exit 4 ctx run "$INST" --model "gemini/perfect+blocked" --base-url "$URL" --stream -o "$T/gemini-blocked--stream.db"
assert_eq "$(wc -l <"$T/f.log")" "$before" "refused replies are not sent again"

# an answer cut by the end of the context window
expect_exit 4 ctx run "$INST" --model "anthropic/perfect+ctxwindow" --base-url "$URL" -o "$T/cw.db"
assert_eq "$(q "$T/cw.db" "select count(*) from replies where status='overflow' and finish_reason='model_context_window_exceeded' and attempts=1")" "6" "context window stop"

# an error event in the middle of a stream (vLLM, Anthropic, Gemini, Responses): not a partial `ok`
for p in openai anthropic gemini openai-responses; do
	expect_exit 4 ctx run "$INST" --model "$p/perfect+midstream" --base-url "$URL$(path "$p")" \
		--stream --max-retries 1 --backoff 0.01 -o "$T/mid-$p.db"
	assert_eq "$(q "$T/mid-$p.db" "select count(*) from replies where status='error' and attempts=2 and error like '%stream reported an error%'")" "6" "$p mid-stream error"
	expect_exit 0 ctx run "$INST" --model "$p/perfect+midstreamx1" --base-url "$URL$(path "$p")" \
		--stream --backoff 0.01 -o "$T/mid1-$p.db"
	assert_eq "$(q "$T/mid1-$p.db" "select count(*) from replies where status='ok' and attempts=2 and reply like '%Final answer%'")" "6" "$p retried after a mid-stream error"
done

# the scorer scores 0 and the reports count them apart
ctx score "$T/openai-refusal.db" >/dev/null
ctx report "$T/openai-refusal.db" --format csv -o "$T/rep.csv"
assert_eq "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } $1 == "all" { print $c["refused"], $c["ok"], $c["mean"] }' "$T/rep.csv")" "6 0 0" "report"
ctx score "$T/openai-filter.db" >/dev/null
expect_exit 0 ctx compare "$T/openai-refusal.db" "$T/openai-filter.db"
assert_contains "$T/out" "refused (scored 0): 6 in base, 6 in new"
ok "refusals and stops"
