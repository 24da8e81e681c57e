# ctxbench compare: flags a planted regression, stays quiet on a null change, guards instance sets.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
mk() { sh ./score-fixture.sh "$1" ${3:-} | sqlite3 "$T/$2.db" >/dev/null; ctx score "$T/$2.db" >/dev/null; }
mk perfect base
mk perfect same
mk quarters worse
mk perfect short drop

expect_exit 1 ctx compare "$T/base.db" "$T/worse.db"
assert_contains "$T/out" "38 paired instances"
assert_contains "$T/out" "REGRESSION: mean drop 0.3289"
assert_contains "$T/out" "all                38   0.895   0.566   -0.329"
assert_contains "$T/out" "    14     0  6.1e-05"
ok "planted regression exits 1"

expect_exit 0 ctx compare "$T/base.db" "$T/same.db"
assert_contains "$T/out" "no significant regression: mean drop 0.0000"
expect_exit 0 ctx compare "$T/worse.db" "$T/base.db"
ok "null change and an improvement exit 0"

expect_exit 0 ctx compare "$T/base.db" "$T/worse.db" --max-drop 0.5
expect_exit 0 ctx compare "$T/base.db" "$T/worse.db" --alpha 0.00001
expect_exit 1 ctx compare "$T/base.db" "$T/worse.db" --by placement,length
assert_contains "$T/out" "middle              6   1.000   0.000   -1.000 [-1.000, -1.000]      6     0  0.0156"
ok "--max-drop, --alpha and --by"

expect_exit 2 ctx compare "$T/base.db" "$T/short.db"
assert_contains "$T/err" "different instances (2 only in base, 0 only in new); pass --subset intersection"
expect_exit 0 ctx compare "$T/base.db" "$T/short.db" --subset intersection
assert_contains "$T/out" "36 paired instances, 2 only in base, 0 only in new (left out)"
printf 'wine/q1/L1024/A256/middle/s1\nwine/q2/L1024/A256/middle/s1\n' >"$T/ids"
expect_exit 0 ctx compare "$T/base.db" "$T/worse.db" --subset "$T/ids"
assert_contains "$T/out" "2 paired instances"
echo "no/such/id" >>"$T/ids"
expect_exit 2 ctx compare "$T/base.db" "$T/worse.db" --subset "$T/ids"
ok "different instance sets need --subset"

expect_exit 0 ctx compare --help
assert_contains "$T/out" "usage: ctxbench compare"
expect_exit 2 ctx compare "$T/base.db"
expect_exit 2 ctx compare "$T/base.db" "$T/same.db" "$T/worse.db"
expect_exit 2 ctx compare "$T/base.db" "$T/same.db" --max-drop x
expect_exit 2 ctx compare "$T/base.db" "$T/same.db" --by nothing
expect_exit 2 ctx compare "$T/base.db" "$T/same.db" --wat
expect_exit 1 ctx compare "$T/base.db" "$T/nope.db"
ok "usage errors"

# same ids, other instances file (all-dbs distractors): refused, not compared
ctx gen --db wine --length 4k --info-amount 1k -o "$T/a.jsonl"
ctx gen --db wine --length 4k --info-amount 1k --distractors all-dbs -o "$T/b.jsonl"
for f in a b; do
	ctx run "$T/$f.jsonl" --model builtin/reader -o "$T/$f.db" 2>/dev/null
	ctx score "$T/$f.db" >/dev/null
done
expect_exit 2 ctx compare "$T/a.db" "$T/b.db"
assert_contains "$T/err" "24 instances have the same id but ask something else"
cp "$T/a.jsonl" "$T/a2.jsonl"
ctx run "$T/a2.jsonl" --model builtin/empty -o "$T/a2.db" 2>/dev/null
ctx score "$T/a2.db" >/dev/null
expect_exit 1 ctx compare "$T/a.db" "$T/a2.db"
ok "same ids from different instances files are refused"
