# Sourced by every tests/cli/t*.sh: a scratch folder and assertions that say what failed.
set -eu
: "${CTXBENCH:?run the CLI tests through meson test}"
T=$(mktemp -d "${BUILDDIR}/cli-tmp.XXXXXX")
trap 'rm -rf "$T"' EXIT
export CTXBENCH_DATA="$SRCDIR"
# ctxbench run's response cache stays in the scratch folder, never in ~/.cache
export CTXBENCH_CACHE="$T/cache.db"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
# Exit status 77 tells meson the test was skipped; say why on stderr.
skip() { echo "SKIP: $*" >&2; exit 77; }
ctx() { "$CTXBENCH" "$@"; }

# expect_exit CODE CMD...: runs CMD with stdout in $T/out and stderr in $T/err.
expect_exit() {
	want=$1
	shift
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "--- stderr:" >&2
		head -c 2000 "$T/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# assert_contains FILE TEXT / assert_not_contains FILE TEXT (fixed strings).
assert_contains() {
	grep -qF -- "$2" "$1" || { head -c 2000 "$1" >&2; fail "'$1' does not contain '$2'"; }
}
assert_not_contains() {
	if grep -qF -- "$2" "$1"; then fail "'$1' contains '$2'"; fi
}
# assert_eq GOT WANT WHAT
assert_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# sighup_ignored: true when this shell started with SIGHUP ignored (under
# nohup), which it cannot undo for its children: a test that sends SIGHUP
# skips that case then. Reads the last hex digit of SigIgn (bit 0 = SIGHUP).
sighup_ignored() {
	mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
	case ${mask#"${mask%?}"} in 1 | 3 | 5 | 7 | 9 | b | d | f) return 0 ;; esac
	return 1
}

# cached_llama3: the Llama 3 tokenizer.json the npm tests fetched, or nothing.
cached_llama3() {
	find "$SRCDIR/tests/.cache/npm" -path '*tokenizer-llama3/models/tokenizer.json' 2>/dev/null | head -1
}
# ratio_and_llama3: "ratio", and the Llama 3 file when it is cached (else a note).
ratio_and_llama3() {
	tk=$(cached_llama3)
	[ -n "$tk" ] || echo "NOTE: no tokenizer.json cached, checking the ratio tokenizer only" >&2
	echo "ratio${tk:+ $tk}"
}
