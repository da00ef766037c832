# needs: shared
# No pair of the seeds is a duplicate (their largest 5-shingle Jaccard is about 0.10): exit 1.
"$REPRINT" dedup "$SHARED/seeds"
echo "exit $?"
"$REPRINT" dedup --threshold 0.3 --format jsonl "$SHARED/seeds"
echo "exit $?"
