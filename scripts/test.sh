#!/bin/sh
# Sets everything up and runs the whole suite twice: a normal build, then ASan+UBSan.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --with-browser
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
status=0
meson test -C build --print-errorlogs --num-processes 2 || status=1
meson test -C build-asan --print-errorlogs --num-processes 2 || status=1
exit $status
