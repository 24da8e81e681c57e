#!/bin/sh
# A directory given where a JSONL file is expected: the error names it.
. ./lib.sh
mkdir "$T/dir"
expect_exit 1 ctx validate "$T/dir"
assert_contains "$T/err" "ctxbench: error: cannot read '$T/dir': Is a directory"
expect_exit 1 ctx gen --db wine --queries "$T/dir" -o "$T/o.jsonl"
assert_contains "$T/err" "cannot read '$T/dir': Is a directory"
[ ! -e "$T/o.jsonl" ] || fail "gen left a file"
ok "directories are named in read errors"
