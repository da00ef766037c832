# An add killed (kill -9) at random points of a long run, again and again: after each kill
# the file passes SQLite's integrity check and the index's invariants, it holds every
# article whose batch was reported and no part of a batch that was not, and the next add
# goes on from there to the index a scan of the articles gives. Articles: the examples,
# 30 times over with an edition line each (so copies, near-duplicates and stories).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
k=0
while [ $k -lt 30 ]; do
    for f in examples/*.txt; do
        b=$(basename "$f" .txt)
        { cat "$f"; printf '\nEdition %d of the %s bulletin.\n' $k "$b"; } >"$tmp/in/$b-$k.txt"
    done
    k=$((k + 1))
done
total=$(ls "$tmp/in" | wc -l)
runs=${KILL_RUNS:-25}
db=$tmp/db
bad=0
i=0
while [ $i -lt "$runs" ]; do
    i=$((i + 1))
    [ $((i % 5)) -eq 1 ] && rm -f "$db" "$db-wal" "$db-shm" # now and then from scratch
    "$REPRINT" index add --db "$db" --batch 7 --format jsonl "$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep "$(awk -v s=$i 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * 0.9 }')"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if ! "$REPRINT" index stats --db "$db" --check >"$tmp/stats" 2>&1; then
        [ -e "$db" ] || continue # killed before the file was made
        # or before its first transaction (an empty file: the next add makes the index)
        grep -q 'no such index' "$tmp/stats" && ! grep -q '"kind":"article"' "$tmp/out" && continue
        echo "run $i: the index is not whole:"; cat "$tmp/stats"; bad=1; continue
    fi
    "$REPRINT" index export --db "$db" | sed -n 's/^{"kind":"article","id":"\([^"]*\)".*/\1/p' | sort >"$tmp/held"
    # every article whose record was written (after its batch committed) is there
    sed -n 's/^{"kind":"article","id":"\([^"]*\)".*/\1/p' "$tmp/out" | sort >"$tmp/reported"
    if [ -n "$(comm -23 "$tmp/reported" "$tmp/held")" ]; then
        echo "run $i: reported articles are missing"; bad=1
    fi
    # whole batches only: the articles are added in batches of 7 in reading order
    held=$(wc -l <"$tmp/held"); [ -n "${KILL_DEBUG:-}" ] && echo "run $i: held $held"
    if [ $((held % 7)) -ne 0 ] && [ "$held" -ne "$total" ]; then
        echo "run $i: $held articles, not whole batches of 7"; bad=1
    fi
    # and the next add goes on from there (every eighth run, to the end, checked deep)
    if [ $((i % 8)) -eq 0 ]; then
        "$REPRINT" index add --db "$db" --batch 50 "$tmp/in" >/dev/null 2>&1 || { echo "run $i: the next add failed"; bad=1; }
        if ! "$REPRINT" index stats --db "$db" --verify >"$tmp/stats" 2>&1; then
            echo "run $i: after the next add:"; tail -1 "$tmp/stats"; bad=1
        fi
    fi
done
[ $bad -eq 0 ] && echo "$runs adds killed at random points: the index was whole after each, and went on to a scan's"
exit $bad
