#!/bin/sh
# tokens takes its options anywhere among the file names, as the other
# commands do, and "--" ends them (a file may be named like an option).
. ./lib.sh
printf 'hello world\n' >"$T/a.txt"
printf 'the quick brown fox jumps\n' >"$T/b.txt"
cd "$T"
ctx tokens --tokenizer ratio a.txt b.txt >want
ctx tokens a.txt --tokenizer ratio b.txt >got
cmp -s want got || fail "--tokenizer between files: $(cat got)"
ctx tokens a.txt b.txt --tokenizer=ratio >got
cmp -s want got || fail "--tokenizer=ratio after files: $(cat got)"
# a file named --ids after --
cp a.txt ./--ids
ctx tokens --tokenizer ratio -- --ids b.txt >got
printf '4\t--ids\n8\tb.txt\n' >want
cmp -s want got || fail "-- ends options: $(cat got)"
expect_exit 2 ctx tokens a.txt --tokenizer ratio --bogus
assert_contains "$T/err" "unknown option '--bogus'"
expect_exit 2 ctx tokens a.txt
assert_contains "$T/err" "--tokenizer is required"
ctx tokens a.txt --name --tokenizer ratio:2 >got
[ "$(cat got)" = "ratio:2" ] || fail "--name after a file: $(cat got)"
TK=$(cached_llama3)
if [ -n "$TK" ]; then
	ctx tokens --tokenizer "$TK" --ids a.txt >want
	expect_exit 0 ctx tokens --tokenizer "$TK" a.txt --ids
	cmp -s want "$T/out" || fail "--ids after the file: $(cat "$T/out")"
	assert_contains "$T/out" "	a.txt"
else
	echo "NOTE: no tokenizer.json cached, --ids not checked" >&2
fi
ok "tokens options anywhere"
