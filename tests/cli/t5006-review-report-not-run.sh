#!/bin/sh
# report and compare on a file that is not a run: say so, never "run score first".
. ./lib.sh
echo '{"id": "x"}' > "$T/text.db"
expect_exit 3 ctx report "$T/text.db"
assert_contains "$T/err" "'$T/text.db' is not a ctxbench run: file is not a database"
assert_not_contains "$T/err" "ctxbench score"
: > "$T/empty.db"
expect_exit 3 ctx compare "$T/empty.db" "$T/empty.db"
assert_contains "$T/err" "'$T/empty.db' is not a ctxbench run: no such table: instances"
# an empty --subset file is named, not "no instance in common"
ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db" 2>/dev/null
ctx score "$T/r.db" >/dev/null
: > "$T/ids.txt"
expect_exit 2 ctx compare "$T/r.db" "$T/r.db" --subset "$T/ids.txt"
assert_contains "$T/err" "--subset '$T/ids.txt' lists no instance id"
ok "report names a file that is not a run"
