# Usage errors exit with 2; --help exits with 0 on every subcommand.
"$REPRINT" scan
echo "exit $?"
"$REPRINT" scan --format xml examples
echo "exit $?"
"$REPRINT" frobnicate
echo "exit $?"
"$REPRINT" scan --help >/dev/null
echo "exit $?"
"$REPRINT" scan /nonexistent/path
echo "exit $?"
