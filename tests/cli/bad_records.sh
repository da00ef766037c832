# A malformed JSON Lines input stops at the first bad record with FILE:LINE, exit status 3.
printf '{"id":"a","text":"One."}\n{"id":\n{"text":"x"}\n' | "$REPRINT" scan -
echo "exit $?"
# With --skip-bad every bad record is reported, then the count.
printf '{"id":"a","text":"One."}\n{"id":\n{"text":"x"}\n{"id":"a","text":"y"}\n' |
    "$REPRINT" scan --skip-bad --format jsonl -
