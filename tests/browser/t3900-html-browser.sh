# The HTML report in headless Chromium: every chart gets a real size and the page is not blank.
. ./lib.sh
[ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ] ||
	skip "chromium is not installed (apt-get install -y chromium); the HTML report was not checked in a browser"
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
for b in perfect quarters; do
	sh ./score-fixture.sh $b | sqlite3 "$T/$b.db" >/dev/null
	ctx score "$T/$b.db" >/dev/null
done
ctx report "$T/perfect.db" "$T/quarters.db" -o "$T/r.html"

chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$T/profile" \
		--window-size=1280,2000 "$@" "file://$T/r.html" 2>>"$T/chrome.err"
}
chrome --dump-dom >"$T/dom.html" || fail "chromium --dump-dom failed: $(tail -3 "$T/chrome.err")"
# the page's own check: each svg.chart laid out wider and taller than 50px
svg_ok=$(sed -n 's/.*data-svg-ok="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
svg_bad=$(sed -n 's/.*data-svg-bad="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
[ -n "$svg_ok" ] || fail "the page's self-check did not run (scripts or layout broken)"
[ "$svg_bad" = 0 ] || fail "$svg_bad charts rendered with no size"
[ "$svg_ok" -ge 7 ] || fail "only $svg_ok charts rendered"
ok "$svg_ok charts rendered with a size"

chrome --screenshot="$T/shot.png" >/dev/null || fail "chromium --screenshot failed"
[ -s "$T/shot.png" ] || fail "no screenshot"
# a blank or uniform 1280x2000 page compresses to a few kilobytes
size=$(wc -c <"$T/shot.png" | tr -d ' ')
[ "$size" -gt 40000 ] || fail "screenshot is only $size bytes: the page looks blank"
if [ -n "${KEEP_SCREENSHOT:-}" ]; then cp "$T/shot.png" "$KEEP_SCREENSHOT"; fi
ok "screenshot of $size bytes"
