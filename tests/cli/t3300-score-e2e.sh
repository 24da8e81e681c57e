# End to end: gen -> run against the fake endpoint's scripted models -> score -> report,
# with scores known exactly: perfect 1 everywhere; quarters (reads the first and last
# quarter) 1 when the relevant rows are at the begin or end; noanswer only earns the
# instances whose gold is empty.
. ./lib.sh
. ./runlib.sh
[ -x "${FAKESERVER:-}" ] || skip "the fake endpoint (FAKESERVER) is not built"
INST=$T/i.jsonl
ctx gen --db wine --db store --length 4k --info-amount 512 \
	--placement begin,middle,end -o "$INST"
n=$(wc -l <"$INST" | tr -d ' ')
empty=$(grep -c '"rows": \[\]' "$INST" || :)
[ "$n" -gt 50 ] && [ "$empty" -gt 0 ] && [ "$empty" -lt "$n" ] || fail "unexpected instances: $n, $empty empty"
start_fake e2e
for m in perfect quarters noanswer; do
	OPENAI_API_KEY=test expect_exit 0 ctx run "$INST" --model "openai/$m" \
		--base-url "$URL/v1" -o "$T/$m.db"
	expect_exit 0 ctx score "$T/$m.db"
	assert_contains "$T/out" "scored $n of $n instances"
done
mean() { sqlite3 "$T/$1.db" "SELECT printf('%.6f', avg(score)) FROM scores s JOIN instances i USING(id) WHERE i.params LIKE '%$2%'"; }
frac() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }
assert_eq "$(mean perfect '')" "1.000000" "perfect"
assert_eq "$(mean quarters '"begin"')" "1.000000" "quarters, begin"
assert_eq "$(mean quarters '"end"')" "1.000000" "quarters, end"
mid_n=$(grep -c '"placement": "middle"' "$INST")
mid_empty=$(grep '"placement": "middle"' "$INST" | grep -c '"rows": \[\]' || :)
assert_eq "$(mean quarters '"middle"')" "$(frac "$mid_empty" "$mid_n")" "quarters, middle"
assert_eq "$(mean noanswer '')" "$(frac "$empty" "$n")" "noanswer"
ok "scripted models score exactly over $n generated instances"

expect_exit 0 ctx report "$T/perfect.db" "$T/quarters.db" "$T/noanswer.db" --by placement
assert_contains "$T/out" "| begin | 1.000 [1.000, 1.000] n=$mid_n, floor "
# the floor is what always answering that nothing matches scores: exactly the
# noanswer model's mean, overall and per placement, beside every run
expect_exit 0 ctx report "$T/perfect.db" "$T/noanswer.db" --by placement --format json
jq -e '[.runs[].overall.floor] | unique | length == 1' "$T/out" >/dev/null ||
	fail "runs over the same instances have different floors"
assert_eq "$(jq '.runs[1].overall.floor == .runs[1].overall.mean' "$T/out")" true "floor = noanswer mean"
assert_eq "$(jq '[.groups[] | select(.run == "noanswer") | .floor == .mean] | all' "$T/out")" true \
	"floor = noanswer mean per placement"
assert_eq "$(jq ".runs[0].overall.empty_golds - $(frac "$empty" "$n") | fabs < 1e-6" "$T/out")" true "empty golds share"
expect_exit 1 ctx compare "$T/perfect.db" "$T/quarters.db"
assert_contains "$T/out" "REGRESSION"
expect_exit 0 ctx compare "$T/quarters.db" "$T/perfect.db"
ok "report and compare over the runs"
