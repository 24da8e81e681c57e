#!/bin/sh
# run refuses (exit 3, naming the line, before any request, no run.db left)
# instances that score would refuse: no gold, no context or question, a gold
# without columns/rows, an unknown probe task.
. ./lib.sh
. ./runlib.sh
cd "$T"
start_fake f
try() { # try FILE LINE TEXT
	expect_exit 3 ctx run "$1" --model openai/echo --base-url "$URL/v1" -o r.db
	assert_contains "$T/err" "'$1' line $2: "
	assert_contains "$T/err" "$3"
	[ ! -e r.db ] || fail "'$1' left a run.db"
	[ ! -s f.log ] || fail "'$1': a request was sent"
}
printf '{"id":"x"}\n' >id.jsonl
try id.jsonl 1 "instance 'x' lacks a \"context\" string"
head -n 2 "$INST" >nogold.jsonl
sed -n 3p "$INST" | sed 's/"gold": {[^}]*}/"gold": null/' >>nogold.jsonl
try nogold.jsonl 3 "lacks a \"gold\" object"
sed -n 1p "$INST" | sed 's/"gold": {[^}]*}/"gold": {"columns": ["name"]}/' >norows.jsonl
try norows.jsonl 1 "gold has no \"rows\" array"
sed -n 1p "$INST" | sed 's/"gold": {[^}]*}/"gold": {"rows": [["a"]]}/' >nocols.jsonl
try nocols.jsonl 1 "lacks gold \"columns\""
sed -n 1p "$INST" | sed 's/"question": "[^"]*", //' >noq.jsonl
try noq.jsonl 1 "lacks a \"question\" string"
sed -n 1p "$INST" | sed 's/"gold": {/"probe": {"task": "nope"}, "gold": {/' >probe.jsonl
try probe.jsonl 1 "unknown probe task 'nope'"
# what run accepts, score accepts
ctx probe --task kv --length 1k --positions 2 -o p.jsonl 2>/dev/null
expect_exit 0 ctx run p.jsonl --model builtin/reader -o p.db
expect_exit 0 ctx score p.db
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" -o r.db
expect_exit 0 ctx score r.db
ok "instances checked at load"
