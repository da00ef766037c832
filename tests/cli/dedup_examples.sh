# The example corpus: the reprint with page furniture holds the whole wire story.
"$REPRINT" dedup examples
echo "exit $?"
"$REPRINT" dedup --format jsonl --output /tmp/rp_dedup_kept.$$ --threads 2 examples
echo "exit $?"
echo "kept: $(grep -c '"id"' /tmp/rp_dedup_kept.$$) articles"
grep -c '"id":"wire-seawall"' /tmp/rp_dedup_kept.$$
rm -f /tmp/rp_dedup_kept.$$
"$REPRINT" dedup --method simhash --fast examples
echo "exit $?"
