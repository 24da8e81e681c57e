#!/bin/sh
# The command table: help, version, unknown commands.
. ./lib.sh
expect_exit 0 ctx --help
assert_contains "$T/out" "usage: ctxbench COMMAND"
for c in gen probe validate tokens run score report compare export; do
	assert_contains "$T/out" "  $c "
done
expect_exit 0 ctx --version
assert_contains "$T/out" "ctxbench "
expect_exit 2 ctx frobnicate
assert_contains "$T/err" "unknown command 'frobnicate'"
expect_exit 2 ctx
ok "command table"
