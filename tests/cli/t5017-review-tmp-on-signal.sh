#!/bin/sh
# A signal or out-of-memory that ends gen or probe before the output is
# committed removes the temporary file: no large *.tmp.PID is left behind.
# T5017_CASES picks cases (default: term hup probe oom); under nohup,
# SIGHUP is ignored for good and the hup case is skipped with a note.
. ./lib.sh
cases=${T5017_CASES:-term hup probe oom}
want() { case " $cases " in *" $1 "*) return 0 ;; esac; return 1; }
# kill_mid SIG CMD...: starts CMD, sends SIG once its temporary file exists.
kill_mid() {
	sig=$1
	shift
	"$@" -o "$T/o.jsonl" 2>"$T/err" &
	pid=$!
	i=0
	until ls "$T"/o.jsonl.tmp.* >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 400 ] || fail "no temporary file appeared"
		sleep 0.05
	done
	kill -"$sig" $pid
	set +e
	wait $pid
	set -e
	for f in "$T"/o.jsonl*; do
		[ ! -e "$f" ] || fail "SIG$sig left '$f' behind"
	done
}
places=$(awk 'BEGIN { for (i = 0; i <= 50; i++) printf "%sdepth=%g", i ? "," : "", i / 50 }')
if ! want term; then :; else
	kill_mid TERM "$CTXBENCH" gen --length 256k --distractors all-dbs --placement "$places"
fi
if ! want hup; then :; elif sighup_ignored; then
	echo "NOTE: SIGHUP is ignored here (started under nohup?): the SIGHUP case is skipped" >&2
else
	kill_mid HUP "$CTXBENCH" gen --length 256k --distractors all-dbs --placement "$places"
fi
if want probe; then
	kill_mid TERM "$CTXBENCH" probe --task sentence --length 128k --positions 200
fi
ok "a signal removes the temporary output"

if want oom && [ -z "${ASAN_OPTIONS:-}" ] && ! ldd "$CTXBENCH" | grep -q libasan; then
	set +e
	(ulimit -v 150000; "$CTXBENCH" probe --task kv --length 4m --positions 1 -o "$T/big.jsonl") 2>"$T/err"
	got=$?
	set -e
	[ "$got" != 0 ] || fail "probe in 150 MB of address space succeeded"
	for f in "$T"/big.jsonl*; do
		[ ! -e "$f" ] || fail "out of memory left '$f' behind"
	done
	ok "out of memory removes the temporary output"
fi
