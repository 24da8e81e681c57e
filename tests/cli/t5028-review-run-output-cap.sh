#!/bin/sh
# A command whose reply is over the 64 MiB cap: an error that says so, never
# a cut reply recorded as ok.
. ./lib.sh
. ./runlib.sh
cd "$T"
head -n 1 "$INST" >one.jsonl
expect_exit 4 ctx run one.jsonl --model command/big \
	--command "sh -c 'cat >/dev/null; head -c 67108865 /dev/zero'" -o big.db
assert_eq "$(q big.db "select status, reply is null, error from replies")" \
	"error|1|the command's output exceeded 67108864 bytes" "over the cap"
expect_exit 0 ctx run one.jsonl --model command/small --command "sh -c 'cat >/dev/null; echo fine'" -o small.db
assert_eq "$(q small.db "select status, reply from replies")" "ok|fine" "under the cap"
ok "command output cap"
