#!/bin/sh
# Each provider's wire format (the fake endpoint checks the request body), with and without streaming.
. ./lib.sh
. ./runlib.sh
start_fake f
# docs/run-db.md: the sha256 of the full header lines, each ending in "\n"
hsha=$(printf 'X-Trace: abc\n' | sha256sum | cut -d' ' -f1)
for p in openai:/v1 openai-completions:/v1 anthropic: gemini:; do
	prov=${p%%:*}
	path=${p#*:}
	for s in "" --stream; do
		db="$T/$prov$s.db"
		expect_exit 0 ctx run "$INST" --model "$prov/perfect" --base-url "$URL$path" \
			--max-tokens 50 --seed 3 --stop END --header 'X-Trace: abc' $s -o "$db"
		assert_eq "$(q "$db" "select count(*) from replies where status='ok' and reply like '%Final answer: [%' and prompt_tokens > 0 and completion_tokens > 0 and finish_reason is not null and model_id like 'perfect%'")" "6" "$prov$s replies"
		if [ -n "$s" ]; then
			assert_eq "$(q "$db" "select count(*) from replies where ttft_ms >= 0 and output_tps > 0")" "6" "$prov streaming times"
		else
			assert_eq "$(q "$db" "select count(*) from replies where ttft_ms is null")" "6" "$prov no ttft"
		fi
		assert_eq "$(q "$db" "select value from meta where key='settings'")" \
			"{\"temperature\":0,\"max_tokens\":50,\"seed\":3,\"stop\":[\"END\"],\"extra_body\":{},\"extra_headers\":[\"X-Trace\"],\"headers_sha256\":\"$hsha\",\"stream\":$([ -n "$s" ] && echo true || echo false)}" "$prov settings"
	done
done
assert_contains "$T/f.log" "completions perfect"
assert_contains "$T/f.log" "anthropic perfect"
assert_contains "$T/f.log" "gemini perfect"
assert_not_contains "$T/f.log" "status=400"
# a body the endpoint refuses (here: temperature must be a number) is `rejected`, not retried
expect_exit 4 ctx run "$INST" --model openai/echo --base-url "$URL/v1" \
	--body-extra '{"temperature": "hot"}' -o "$T/rej.db"
assert_eq "$(q "$T/rej.db" "select count(*) from replies where status='rejected' and attempts=1 and error like 'HTTP 400%temperature%'")" "6" "rejected"
ok "wire formats"
