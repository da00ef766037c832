# The committed cli/report/report_assets.c is what cli/report/embed.sh makes of the report's
# style sheet and script, and embed.sh refuses an asset that is not ASCII.
sh cli/report/embed.sh | cmp - cli/report/report_assets.c && echo "report_assets.c is current"
tmp=$(mktemp -d)
mkdir "$tmp/report"
cp cli/report/embed.sh "$tmp/report/"
printf 'a { content: "\303\251"; }\n' >"$tmp/report/report.css"
: >"$tmp/report/report.js"
sh "$tmp/report/embed.sh" >/dev/null 2>"$tmp/err"
echo "exit $?"
sed "s|$tmp/report/||" "$tmp/err"
rm -rf "$tmp"
