# `index optimize` merges the postings into one sorted run and changes nothing else: the
# export is the same before and after, and so is the index the next adds make. An optimize
# killed (kill -9) at random points leaves the index whole and as it was, or optimized.
# Articles: the examples, 40 times over with an edition line each, added in batches of 7.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in" "$tmp/more"
k=0
while [ $k -lt 44 ]; do
    for f in examples/*.txt; do
        b=$(basename "$f" .txt)
        dir=$tmp/in; [ $k -ge 40 ] && dir=$tmp/more
        { cat "$f"; printf '\nEdition %d of the %s bulletin.\n' $k "$b"; } >"$dir/$b-$k.txt"
    done
    k=$((k + 1))
done
db=$tmp/db
"$REPRINT" index add --db "$db" --batch 7 "$tmp/in" >/dev/null || echo "the add failed"
"$REPRINT" index stats --db "$db" | grep '^postings' | sed 's/[0-9]* in [0-9]* sorted runs/N in several sorted runs/'
"$REPRINT" index export --db "$db" >"$tmp/before"
runs=${KILL_RUNS:-12}
bad=0
i=0
while [ $i -lt "$runs" ]; do
    i=$((i + 1))
    cp "$db" "$tmp/k"
    "$REPRINT" index optimize --db "$tmp/k" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v s=$i 'BEGIN { srand(s); printf "%.3f", rand() * 0.06 }')"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if ! "$REPRINT" index stats --db "$tmp/k" --check >"$tmp/stats" 2>&1; then
        echo "run $i: the index is not whole:"; tail -1 "$tmp/stats"; bad=1; continue
    fi
    [ -n "${KILL_DEBUG:-}" ] && grep '^postings' "$tmp/stats"
    "$REPRINT" index export --db "$tmp/k" >"$tmp/after"
    cmp -s "$tmp/before" "$tmp/after" || { echo "run $i: the export changed"; bad=1; }
    rm -f "$tmp/k" "$tmp/k-wal" "$tmp/k-shm"
done
[ $bad -eq 0 ] && echo "$runs optimizes killed at random points: the index was whole and the same after each"
cp "$db" "$tmp/plain"
"$REPRINT" index optimize --db "$db" | sed 's/.*: [0-9]* postings in 1 run (there were [0-9]*)/one run, as asked/'
"$REPRINT" index export --db "$db" >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" && echo "the export is the same after the optimize"
"$REPRINT" index optimize --db "$db" | sed 's/.*: [0-9]* postings in 1 run (there were 1)/again: nothing to do/'
# the next adds find what they would have found without it
"$REPRINT" index add --db "$db" --batch 7 "$tmp/more" >"$tmp/added"
"$REPRINT" index add --db "$tmp/plain" --batch 7 "$tmp/more" >"$tmp/added-plain"
cmp -s "$tmp/added" "$tmp/added-plain" && echo "the next adds report what they report without it"
"$REPRINT" index export --db "$db" >"$tmp/after"
"$REPRINT" index export --db "$tmp/plain" >"$tmp/after-plain"
cmp -s "$tmp/after" "$tmp/after-plain" && echo "and the index is the same"
"$REPRINT" index stats --db "$db" --verify | tail -1
"$REPRINT" index optimize --db "$tmp/none" 2>&1 | sed "s|$tmp|TMP|"
exit $bad
