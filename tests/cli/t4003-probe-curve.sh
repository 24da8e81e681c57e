#!/bin/sh
# Probes end to end: the builtin reader is right at every depth; the fake
# endpoint's "quarters" model (it reads only the first and last quarter of a
# context) gives the U-shaped position curve and a Gap of 1.
. ./lib.sh
for c in run score report; do
	ctx $c --help >/dev/null 2>&1 || skip "ctxbench $c is not built yet"
done
[ -x "${FAKESERVER:-}" ] || skip "the fake endpoint (FAKESERVER) is not built"

for task in entity sentence function kv; do
	ctx probe --task $task --length 2k --positions 11 --samples 2 >>"$T/p.jsonl"
done
assert_eq "$(wc -l <"$T/p.jsonl" | tr -d ' ')" 88 "instances"

expect_exit 0 ctx run --model builtin/reader -o "$T/reader.db" "$T/p.jsonl"
expect_exit 0 ctx score "$T/reader.db"
expect_exit 0 ctx report "$T/reader.db" --by depth -o "$T/reader.md"
for task in entity function kv sentence all; do
	assert_contains "$T/reader.md" "| $task | reader | 1.000 | 0.000 | 11 |"
done

"$FAKESERVER" --port 0 --port-file "$T/port" --instances "$T/p.jsonl" \
	>"$T/fake.out" 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$T/port" ] || fail "the fake endpoint did not start"
OPENAI_API_KEY=test expect_exit 0 ctx run --model openai/quarters \
	--base-url "http://127.0.0.1:$(cat "$T/port")/v1" -o "$T/q.db" "$T/p.jsonl"
expect_exit 0 ctx score "$T/q.db"
expect_exit 0 ctx report "$T/q.db" --by depth -o "$T/q.md"
# evidence in the first or last quarter is found, in the middle half it is not
for d in 0 0.1 0.2 0.8 0.9 1; do
	assert_contains "$T/q.md" "| $d | 1.000 [1.000, 1.000] n=8, floor 0.000 |"
done
for d in 0.3 0.4 0.5 0.6 0.7; do
	assert_contains "$T/q.md" "| $d | 0.000 [0.000, 0.000] n=8, floor 0.000 |"
done
for task in entity function kv sentence all; do
	assert_contains "$T/q.md" "| $task | quarters | 0.545 | 1.000 | 11 |"
done
ok "probe position curves"

# depths like 1/6 read as 0.167 on the HTML page's axis and tables, not as
# 0.16666666666666666
ctx probe --task kv --length 1k --positions 7 -o "$T/p7.jsonl"
expect_exit 0 ctx run --model builtin/reader -o "$T/p7.db" "$T/p7.jsonl"
expect_exit 0 ctx score "$T/p7.db"
expect_exit 0 ctx report "$T/p7.db" --by depth --format html -o "$T/p7.html"
assert_contains "$T/p7.html" "class=\"ax\" text-anchor=\"middle\">0.167</text>"
assert_contains "$T/p7.html" "<tr><td>0.167</td>"
assert_not_contains "$T/p7.html" ">0.16666666666666666<"
assert_not_contains "$T/p7.html" ">0.1666666666666666<"
ok "depths are labelled for people"
