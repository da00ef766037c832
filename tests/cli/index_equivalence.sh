# needs: shared
# The index holds what a scan finds: ECB+ and the seeds added in one batch, in batches, and in
# another order, exported and compared with `reprint scan --format jsonl` (story ids aside:
# the index keeps its own; article records in the order they were added); in batches, also
# after `index optimize`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
norm() { sed 's/"kind":"story","id":"s[0-9a-f]*"/"kind":"story"/' | sort; }
for set in "$SHARED/eval/stories/ecbplus.jsonl" "$SHARED/seeds"; do
    name=$(basename "$set" .jsonl)
    [ -e "$set" ] || { echo "$name: not found"; continue; }
    "$REPRINT" scan --format jsonl "$set" | norm >"$tmp/scan"
    if [ -d "$set" ]; then # the files named in reverse order
        other=$(ls "$set"/*.txt | sort -r | tr '\n' ' ')
    else
        shuf --random-source="$set" "$set" >"$tmp/shuffled.jsonl"
        other="$tmp/shuffled.jsonl"
    fi
    for run in "one batch:1000:$set" "batches of 40:40:$set" "another order, batches of 25:25:$other" \
               "another order, one at a time:1:$other"; do
        label=${run%%:*}; rest=${run#*:}; batch=${rest%%:*}; input=${rest#*:}
        [ "$name" = ecbplus ] && [ "$batch" = 1 ] && continue  # the seeds do that one
        rm -f "$tmp/db" "$tmp/db-wal" "$tmp/db-shm"
        # shellcheck disable=SC2086
        "$REPRINT" index add --db "$tmp/db" --batch "$batch" $input >/dev/null || echo "$name: $label: add failed"
        "$REPRINT" index export --db "$tmp/db" | norm >"$tmp/export"
        if cmp -s "$tmp/scan" "$tmp/export"; then
            echo "$name, $label: the export is the scan"
        else
            echo "$name, $label: the export DIFFERS from the scan"
            diff "$tmp/scan" "$tmp/export" | head -5
        fi
        "$REPRINT" index stats --db "$tmp/db" --verify | tail -1
        [ "$batch" = 40 ] || continue # and with its postings merged into one run
        "$REPRINT" index optimize --db "$tmp/db" >/dev/null || echo "$name: $label: optimize failed"
        "$REPRINT" index export --db "$tmp/db" | norm >"$tmp/export"
        cmp -s "$tmp/scan" "$tmp/export" && echo "$name, $label, optimized: the export is the scan"
    done
done
