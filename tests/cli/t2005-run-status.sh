#!/bin/sh
# overflow, length and fatal answers: each provider's own wording, never retried, never scored as a reply.
. ./lib.sh
. ./runlib.sh
start_fake f
for p in openai:/v1 openai-completions:/v1 anthropic: gemini:; do
	prov=${p%%:*}
	url="$URL${p#*:}"
	expect_exit 4 ctx run "$INST" --model "$prov/echo+overflow" --base-url "$url" -o "$T/$prov-o.db"
	assert_eq "$(q "$T/$prov-o.db" "select count(*) from replies where status='overflow' and attempts=1 and reply is null and error like 'HTTP 400:%'")" "6" "$prov overflow"
	assert_contains "$T/err" "6 overflow"
	for s in "" --stream; do
		expect_exit 4 ctx run "$INST" --model "$prov/echo+length" $s --base-url "$url" -o "$T/$prov-l$s.db"
		assert_eq "$(q "$T/$prov-l$s.db" "select count(*) from replies where status='length' and attempts=1 and reply = ''")" "6" "$prov$s length"
	done
done
# a refused key stops the run: nothing recorded, a message naming the problem
expect_exit 1 ctx run "$INST" --model "openai/echo+badkey" --base-url "$URL/v1" -o "$T/k.db"
assert_contains "$T/err" "the endpoint refused"
assert_contains "$T/err" "HTTP 401"
assert_eq "$(q "$T/k.db" "select count(*) from replies")" "0" "records after a refused key"
# a wrong URL (404) stops the run too
expect_exit 1 ctx run "$INST" --model "openai/echo" --base-url "$URL/nowhere" -o "$T/u.db"
assert_contains "$T/err" "HTTP 404"
ok "statuses"
