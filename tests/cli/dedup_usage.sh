# Bad option values are usage errors (exit 2).
"$REPRINT" dedup --threshold 1.5 examples
echo "exit $?"
"$REPRINT" dedup --perms 0 examples
echo "exit $?"
"$REPRINT" dedup --method lsh examples
echo "exit $?"
"$REPRINT" dedup
echo "exit $?"
