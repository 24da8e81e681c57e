#!/bin/sh
# run -o '' is a usage error: SQLite would make '' a temporary database and
# every reply would vanish at exit.
. ./lib.sh
. ./runlib.sh
cd "$T"
expect_exit 2 ctx run "$INST" --model builtin/empty -o ''
assert_contains "$T/err" "ctxbench: error: -o wants a file name, not ''"
expect_exit 2 ctx run "$INST" --model builtin/empty --output=
assert_contains "$T/err" "-o wants a file name"
ok "empty -o refused"
