#!/bin/sh
# ctxbench show prints model replies for a person on a terminal: control
# characters in a reply (an escape sequence that clears the screen or
# retitles the window, a carriage return that hides the markers) are shown
# as ^[ / ^M / \u009b, never sent; accented gold texts keep their columns.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
sh ./score-fixture.sh quarters | sqlite3 "$T/q.db" >/dev/null
Q=$T/q.db
id=$(sqlite3 "$Q" "SELECT r.id FROM replies r JOIN instances i USING(id) WHERE r.status = 'ok' AND i.probe IS NULL ORDER BY r.id LIMIT 1")
[ -n "$id" ] || fail "the fixture has no query instance"
sqlite3 "$Q" "UPDATE replies SET reply = 'Final answer: x' || char(27) || '[2J' ||
    char(27) || ']0;pwned' || char(7) || ' y' || char(13) || 'z' || char(155) ||
    'w' || char(127) || char(13) || char(10) WHERE id = '$id'"
expect_exit 0 ctx score "$Q"
expect_exit 0 ctx show "$Q" "$id" --color never
assert_not_contains "$T/out" "$(printf '\033')"
assert_not_contains "$T/out" "$(printf '\007')"
assert_not_contains "$T/out" "$(printf '\302\233')"
assert_contains "$T/out" 'x^[[2J^[]0;pwned^G y^Mz\u009bw^?'
ok "show: control characters in a reply are shown, not sent"
# with colour, only ctxbench's own highlight is an escape sequence
expect_exit 0 ctx show "$Q" "$id" --color always
n=$(grep -o "$(printf '\033')" "$T/out" | wc -l)
assert_eq "$n" 2 "escape characters with --color always"
ok "show --color: only the highlight is an escape sequence"
