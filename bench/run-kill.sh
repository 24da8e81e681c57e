#!/bin/sh
# Requests paid twice after kill -9 and a resume (issue 15's "fewer paid twice").
# usage: bench/run-kill.sh [BUILD_DIR] [KILLS] [N] [CONCURRENCY]
#   (defaults: build, 5 kills, 20000 instances, concurrency 64)
# Each round: run against the fake endpoint (immediate replies), kill -9 after a random
# 0.2-0.8 s, resume to the end; prints the requests the endpoint got twice for the same
# prompt (answered once already, or in flight at the kill) and the replies recorded.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
kills=${2:-5}
n=${3:-20000}
c=${4:-64}
. "$here/runlib.sh"
run_setup run-kill
tiny_instances "$n" "$work/inst.jsonl"
printf 'round  killed_at_s  requests_before_kill  sent_twice  recorded\n'
r=0
while [ $r -lt "$kills" ]; do
	r=$((r + 1))
	rm -f "$work"/r.db* "$work/port" "$work/log"
	"$fake" --port-file "$work/port" --log "$work/log" >/dev/null 2>&1 &
	fpid=$!
	while [ ! -s "$work/port" ]; do sleep 0.05; done
	url="http://127.0.0.1:$(cat "$work/port")/v1"
	at=$(awk -v s="$r$$" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 0.6 }')
	"$ctx" run "$work/inst.jsonl" --model openai/echo --base-url "$url" --concurrency "$c" \
		--no-cache -o "$work/r.db" 2>/dev/null &
	pid=$!
	sleep "$at"
	kill -9 $pid 2>/dev/null || :
	{ wait $pid; } 2>/dev/null || :
	sent=$(wc -l <"$work/log")
	"$ctx" run "$work/inst.jsonl" --model openai/echo --base-url "$url" --concurrency "$c" \
		--no-cache -o "$work/r.db" 2>/dev/null
	twice=$(grep -c ' n=2 ' "$work/log" || :)
	rec=$(sqlite3 "$work/r.db" "select count(*) from replies")
	printf '%-6s %-12s %-21s %-11s %s\n' "$r" "$at" "$sent" "$twice" "$rec"
	kill $fpid
	wait $fpid 2>/dev/null || :
done
