# The HTML report: --html writes one page and nothing to standard output unless the records
# are asked for too; both on standard output is a usage error; an unwritable file is a
# runtime error. The page holds the data once and a text element per article.
tmp=$(mktemp -d)
"$REPRINT" scan --html "$tmp/r.html" examples
echo "exit $? with $(wc -c <"$tmp/r.html" | awk '{print ($1 > 10000) ? "a page" : "too little"}')"
grep -c '<script type="application/json" id="rp-t[0-9]*">' "$tmp/r.html"
grep -c '<script type="application/json" id="rp-data">' "$tmp/r.html"
grep -o 'Content-Security-Policy" content="[^"]*"' "$tmp/r.html"
grep -c '<script src\|<link \|@import\|url(http' "$tmp/r.html"
"$REPRINT" scan --html "$tmp/r2.html" --format jsonl examples | grep -c '"kind":"story"'
cmp -s "$tmp/r.html" "$tmp/r2.html" && echo "same page with the records"
"$REPRINT" scan --html - examples >"$tmp/out" && head -1 "$tmp/out"
"$REPRINT" scan --html - --json examples
echo "exit $?"
"$REPRINT" scan --html /nonexistent/dir/r.html examples
echo "exit $?"
rm -rf "$tmp"
