#!/bin/sh
# A --command that starts children of its own: a timeout and Ctrl-C kill them
# all (the command's process group), not only the direct child.
. ./lib.sh
. ./runlib.sh
cd "$T"
head -n 1 "$INST" >one.jsonl
cat >model.sh <<'SH'
#!/bin/sh
cat >/dev/null
sleep 1000 &
echo $! >>"$PIDS"
sh -c 'echo $$ >>"$PIDS"; exec sleep 1000'
SH
chmod +x model.sh
export PIDS="$T/pids"
# alive PID: the process exists and is not a zombie waiting for its reaper
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
check_gone() {
	[ "$(wc -l <"$PIDS" | tr -d ' ')" = 2 ] || fail "$1: the script did not start its children"
	left=""
	for p in $(cat "$PIDS"); do
		i=0
		while alive "$p" && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
		if alive "$p"; then left="$left $p"; fi
	done
	if [ -n "$left" ]; then
		kill $left 2>/dev/null || :
		fail "$1: the command's children$left were left running"
	fi
}
: >"$PIDS"
expect_exit 4 ctx run one.jsonl --model command/m --command ./model.sh --timeout 0.5 --max-retries 0 -o t.db
assert_eq "$(q t.db "select status from replies")" "error" "status after the timeout"
check_gone "after --timeout"
: >"$PIDS"
"$CTXBENCH" run one.jsonl --model command/m --command ./model.sh -o i.db >out 2>err &
pid=$!
i=0
while [ "$(wc -l <"$PIDS" | tr -d ' ')" -lt 2 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the command did not start"
	sleep 0.05
done
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
assert_eq "$rc" "1" "exit status after Ctrl-C"
check_gone "after Ctrl-C"
ok "the command's process group is killed"
