#!/bin/sh
# A million small instances through the online path (issue 16): peak RSS, CPU per request,
# and the resume of a run that is 90% done.
# usage: bench/run-big.sh [BUILD_DIR] [N] [CONCURRENCY]   (defaults: build, 1000000, 512)
# 1. a whole run of N instances against the fake endpoint (model echo, tiny prompts);
# 2. a run whose endpoint answers the first 90% and then never again: stopped with SIGINT
#    once those replies are in, then resumed against a live endpoint: the resume's wall
#    and CPU time, before its first request (from run.db's index) and in all.
# Prints wall s, user+system CPU s, CPU us per request and peak RSS (MiB) of each.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${2:-1000000}
c=${3:-512}
. "$here/runlib.sh"
run_setup run-big
tiny_instances "$n" "$work/inst.jsonl"
printf '{context}\n{question}\n' >"$work/tmpl"
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null || :; done' EXIT

# fake [ARGS]: starts a fake endpoint; sets url
fake() {
	rm -f "$work/port"
	"$fake" --port-file "$work/port" "$@" >/dev/null 2>&1 &
	pids="$pids $!"
	while [ ! -s "$work/port" ]; do sleep 0.05; done
	url="http://127.0.0.1:$(cat "$work/port")/v1"
}
# report WHAT REQUESTS: one line from $work/time ("%e %U %S %M")
report() {
	awk -v w="$1" -v n="$2" 'NF == 4 { printf "%-24s %8.1f %8.1f %10.1f %8.0f\n", w, $1, $2 + $3,
		n ? ($2 + $3) * 1e6 / n : 0, $4 / 1024 }' "$work/time"
}

printf '%-24s %8s %8s %10s %8s\n' pass wall_s cpu_s cpu_us/req rss_mib
fake
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$ctx" run "$work/inst.jsonl" --model openai/echo \
	--base-url "$url" --prompt-template "$work/tmpl" --concurrency "$c" --no-cache \
	-o "$work/whole.db" 2>"$work/whole.err"
report "whole run" "$n"

nine=$((n * 9 / 10))
fake --stall-after "$nine"
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$ctx" run "$work/inst.jsonl" --model openai/echo \
	--base-url "$url" --prompt-template "$work/tmpl" --concurrency "$c" --no-cache \
	-o "$work/part.db" 2>"$work/part.err" &
rpid=$!
pids="$pids $rpid"
# the endpoint stops answering after 90%: wait for those replies, then stop the run
while :; do
	sleep 2
	got=$(sqlite3 "$work/part.db" "select count(*) from replies" 2>/dev/null || echo 0)
	[ "$got" -lt "$nine" ] || break
done
kill -INT "$(pgrep -P $rpid)" # the run, not time (which ignores SIGINT)
wait $rpid || :
report "run to 90%, stopped" "$got"
fake
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$ctx" run "$work/inst.jsonl" --model openai/echo \
	--base-url "$url" --prompt-template "$work/tmpl" --concurrency "$c" --no-cache \
	-o "$work/part.db" 2>"$work/resume.err"
report "resume of the last 10%" "$((n - got))"
# the resume's start: everything before the first request (run.db's index, the sha256)
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$ctx" run "$work/inst.jsonl" --model openai/echo \
	--base-url "$url" --prompt-template "$work/tmpl" --concurrency "$c" --no-cache \
	-o "$work/part.db" 2>"$work/done.err"
report "resume with all done" 0
sqlite3 "$work/part.db" "select count(*) || ' replies, ' || sum(status = 'ok') || ' ok' from replies"
