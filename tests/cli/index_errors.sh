# reprint index: usage errors, missing, foreign and damaged files, a changed article refused
# under --on-change error, queries that find something (exit 0) or nothing (exit 1), a story
# by its id, settings that cannot change.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r() {
    "$REPRINT" "$@" >"$tmp/o" 2>&1
    status=$?
    sed "s|$tmp|TMP|g" "$tmp/o"
    return $status
}
r index; echo "exit $?"
r index add --db "$tmp/db"; echo "exit $?"
r index frob --db "$tmp/db"; echo "exit $?"
r index stats --db "$tmp/none.db"; echo "exit $?"
echo "not an index" >"$tmp/text.db"
r index stats --db "$tmp/text.db"; echo "exit $?"
r index add --db "$tmp/text.db" examples; echo "exit $?"
"$REPRINT" index add --db "$tmp/db" examples >/dev/null
r index add --db "$tmp/db" --df-cap 7 examples; echo "exit $?"
mkdir "$tmp/changed"
{ cat examples/wire-seawall.txt; echo "Correction: the wall is older than reported."; } >"$tmp/changed/wire-seawall.txt"
r index add --db "$tmp/db" --on-change error "$tmp/changed"; echo "exit $?"
r index stats --db "$tmp/db" | head -1
r index add --db "$tmp/db" "$tmp/changed"; echo "exit $?"
r index stats --db "$tmp/db" | head -1
r index query --db "$tmp/db" examples/herald-chess.txt; echo "exit $?"
r index query --db "$tmp/db" examples/brief-short.txt >"$tmp/q"; echo "exit $?"
head -2 "$tmp/q"
story=$("$REPRINT" index query --db "$tmp/db" --format jsonl examples/brief-short.txt | sed -n 's/.*"kind":"story","id":"\([^"]*\)".*/\1/p')
r index query --db "$tmp/db" --story "$story" | head -2
r index query --db "$tmp/db" --format jsonl --story "$story" | grep -c '"kind":"story"'
r index query --db "$tmp/db" --story s0123456789abcdef; echo "exit $?"
# cut the file in half: the check says so, nothing crashes
"$REPRINT" index export --db "$tmp/db" >/dev/null
cp "$tmp/db" "$tmp/cut.db"
size=$(wc -c <"$tmp/cut.db")
truncate -s $((size / 2)) "$tmp/cut.db"
r index stats --db "$tmp/cut.db" --check >/dev/null; echo "exit $?"
# upgrade: a file of this version stays as it is; a missing one is not made
r index upgrade --db "$tmp/db"; echo "exit $?"
r index upgrade --db "$tmp/none.db"; echo "exit $?"
