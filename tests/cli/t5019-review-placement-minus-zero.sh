#!/bin/sh
# depth=-0 is depth=0: it is named so, and listing both is a duplicate that
# gen and probe refuse (two instances placed alike under two ids otherwise).
. ./lib.sh
command -v jq >/dev/null 2>&1 || skip "no jq"
expect_exit 2 ctx gen --db wine --query q03 --length 4k \
	--placement depth=0,depth=-0 -o "$T/o.jsonl"
assert_contains "$T/err" "--placement lists 'depth=0' twice"
[ ! -e "$T/o.jsonl" ] || fail "gen left a file"
expect_exit 2 ctx probe --task kv --length 1k --positions depth=0,depth=-0.0 \
	-o "$T/o.jsonl"
assert_contains "$T/err" "--positions lists depth=0 twice"
[ ! -e "$T/o.jsonl" ] || fail "probe left a file"
ctx gen --db wine --query q03 --length 4k --placement depth=-0 -o "$T/g.jsonl"
assert_eq "$(jq -r .id "$T/g.jsonl")" "wine/q03/L4096/A2048/depth=0/s1" "gen id"
assert_eq "$(jq -r .params.placement "$T/g.jsonl")" "depth=0" "gen placement"
ctx probe --task kv --length 1k --positions depth=-0 -o "$T/p.jsonl"
assert_eq "$(jq -r .id "$T/p.jsonl")" "probe/kv/L1024/depth=0/k1/s1" "probe id"
assert_eq "$(jq -c .probe.depth "$T/p.jsonl")" "0" "probe depth"
expect_exit 0 ctx validate "$T/g.jsonl"
expect_exit 0 ctx validate "$T/p.jsonl"
ok "depth=-0 is depth=0"
