# A file named .html that is no web page stops extract with FILE:LINE: what is wrong, exit
# status 3; with --skip-bad it is reported and the other pages are written.
R=$(cd "$(dirname "$REPRINT")" && pwd)/$(basename "$REPRINT")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp tests/cli/pages/ferry.htm "$tmp/"
printf '<html>\n<body>\n\211PNG\r\n\032\n\000\000\000' >"$tmp/image.html"
printf 'plain words and no markup at all\n' >"$tmp/notes.html"
cd "$tmp" || exit 1
"$R" extract image.html
echo "exit $?"
"$R" extract --skip-bad --format text .
echo "exit $?"
"$R" extract
echo "exit $?"
"$R" extract --format xml ferry.htm
echo "exit $?"
