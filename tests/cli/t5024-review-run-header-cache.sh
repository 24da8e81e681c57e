#!/bin/sh
# --header values shape replies: runs that differ only in a header value do
# not share cached answers, and a resume with another value is refused;
# run.db holds a hash of the header lines, never their values.
. ./lib.sh
. ./runlib.sh
cd "$T"
start_fake f
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" \
	--header 'X-Fake-Fault: slow' -o ha.db --limit 2
expect_exit 4 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" \
	--header 'X-Fake-Fault: overflow' -o hb.db --limit 2
assert_eq "$(q hb.db "select group_concat(status || '|' || cached, ' ') from replies")" \
	"overflow|0 overflow|0" "another header value is not answered from the cache"
# the same header value still hits the cache
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" \
	--header 'X-Fake-Fault: slow' -o hc.db --limit 2
assert_eq "$(q hc.db "select group_concat(status || '|' || cached, ' ') from replies")" \
	"ok|1 ok|1" "same header, cached"
# resume with another header value: refused before anything is sent
expect_exit 2 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" \
	--header 'X-Fake-Fault: 500' -o ha.db
assert_contains "$T/err" "different settings"
assert_not_contains "$T/err" "X-Fake-Fault: 500"
assert_eq "$(q ha.db "select count(*) from replies")" "2" "nothing sent on a refused resume"
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" \
	--header 'X-Fake-Fault: slow' -o ha.db
assert_eq "$(q ha.db "select count(*) from replies where status='ok'")" "6" "resume with the same header"
s=$(q ha.db "select value from meta where key='settings'")
case $s in *slow*) fail "a header value is in run.db: $s" ;; esac
case $s in *'"headers_sha256":"'*) ;; *) fail "no header hash in settings: $s" ;; esac
ok "header values in the cache key and the resume check"
