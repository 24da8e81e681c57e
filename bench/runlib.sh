# Sourced by bench/run*.sh. Needs $here (the bench folder) and $build.
# run_setup NAME: checks the build, sets $ctx, $fake and $work (a fresh
# bench/.cache/NAME) and a response cache inside it.
run_setup() {
	ctx="$build/ctxbench"
	fake="$build/tests/fixtures/fakeserver"
	[ -x "$ctx" ] && [ -x "$fake" ] || { echo "bench: build first (need $ctx and $fake)" >&2; exit 2; }
	ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || :
	work="$here/.cache/$1"
	rm -rf "$work"
	mkdir -p "$work"
	export CTXBENCH_CACHE="$work/cache.db"
}

# tiny_instances N FILE: N one-line instances (a context of one sentence, a question).
tiny_instances() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"id\":\"b%d\",\"question\":\"What is item %d?\",\"context\":\"Item %d is a small red box.\",\"gold\":{\"columns\":[\"item\"],\"rows\":[]},\"stats\":{\"context_tokens\":8}}\n", i, i, i }' >"$2"
}
