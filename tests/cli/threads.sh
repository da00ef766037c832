# needs: shared
# The output does not depend on the number of threads.
for dir in examples "$SHARED/seeds"; do
    [ -d "$dir" ] || continue
    "$REPRINT" scan --format jsonl --threads 1 "$dir" >/tmp/rp_threads_1.$$
    for n in 2 3 8; do
        "$REPRINT" scan --format jsonl --threads $n "$dir" >/tmp/rp_threads_n.$$
        if cmp -s /tmp/rp_threads_1.$$ /tmp/rp_threads_n.$$; then
            echo "$(basename "$dir"): --threads $n gives the same output"
        else
            echo "$(basename "$dir"): --threads $n DIFFERS"
        fi
    done
done
rm -f /tmp/rp_threads_1.$$ /tmp/rp_threads_n.$$
