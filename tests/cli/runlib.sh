# Sourced by the run tests after lib.sh: the fake endpoint and small helpers.
: "${FAKESERVER:?run the CLI tests through meson test}"
export CTXBENCH_CACHE="$T/cache.db"
INST="$SRCDIR/tests/fixtures/run-small.jsonl"
FAKE_PIDS=""
trap 'for p in $FAKE_PIDS; do kill "$p" 2>/dev/null || :; done; rm -rf "$T"' EXIT

# start_fake NAME [ARGS...]: starts a fake endpoint logging to $T/NAME.log; sets $URL.
start_fake() {
	name=$1
	shift
	rm -f "$T/$name.port"
	"$FAKESERVER" --port-file "$T/$name.port" --log "$T/$name.log" \
		--bodies "$T/$name.bodies" --instances "$INST" "$@" >/dev/null 2>"$T/$name.err" &
	FAKE_PIDS="$FAKE_PIDS $!"
	i=0
	while [ ! -s "$T/$name.port" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "the fake server did not start"
		sleep 0.05
	done
	URL="http://127.0.0.1:$(cat "$T/$name.port")"
}

# q DB SQL: one value from a run database.
q() { sqlite3 "$1" "$2"; }

# many_instances N FILE: N copies of the small instances file with fresh ids.
many_instances() {
	: >"$2"
	i=0
	while [ $i -lt "$1" ]; do
		sed "s|\"id\": \"wine/|\"id\": \"wine$i/|" "$INST" >>"$2"
		i=$((i + 1))
	done
}

# wait_replies DB N: waits (up to 20 s) until DB holds at least N replies.
wait_replies() {
	i=0
	while [ "$(sqlite3 "$1" "select count(*) from replies" 2>/dev/null || echo 0)" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -lt 400 ] || fail "no replies in '$1' after 20 s"
		sleep 0.05
	done
}

# last_body NAME: the body of the last request the fake endpoint NAME received.
last_body() { tail -1 "$T/$1.bodies" | cut -f2-; }
# jget JSON FILTER: a jq filter over JSON text, compact.
jget() { printf '%s' "$1" | jq -c "$2"; }
# meta DB KEY: a meta value of a run database.
meta() { sqlite3 "$1" "select value from meta where key='$2'"; }
