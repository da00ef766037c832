#!/bin/sh
# run.sh: every benchmark of bench/, on the evaluation data in $SHARED (../shared) when it is
# there, else on the bundled examples. Prints figures; it asserts nothing.
set -u
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [ -d "$SHARED/eval" ]; then
    corpus="$SHARED/eval/stories/ecbplus.jsonl $SHARED/eval/stories/wikiref220.jsonl $SHARED/eval/reuse/splice.jsonl $SHARED/eval/dups/neardup.jsonl"
else
    echo "($SHARED/eval not found: benchmarking the examples only)"
    corpus=examples
fi
echo "== read + normalise + tokenise (bench/tokenize.c)"
# shellcheck disable=SC2086
build/release/bench_tokenize $corpus

# Duplicates at scale: corpora of 10k, 100k and (unless BENCH_MAX is lower) 1M articles,
# generated from the evaluation articles' sentences into build/bench/ (not committed).
if [ -d "$SHARED/eval" ]; then
    max=${BENCH_MAX:-1000000}
    mkdir -p build/bench
    files=""
    for n in 10000 100000 1000000; do
        [ "$n" -le "$max" ] || continue
        f=build/bench/gen$n.jsonl
        [ -s "$f" ] || build/release/bench_gen_corpus $n "$f" "$SHARED/eval/stories/ecbplus.jsonl" "$SHARED/eval/stories/wikiref220.jsonl"
        files="$files $f"
    done
    echo "== duplicates (bench/dedup.c)"
    # shellcheck disable=SC2086
    build/release/bench_dedup $files
    echo "== the whole reprint dedup command, reading included (largest corpus)"
    last=${files##* }
    /usr/bin/time -f "%e s wall, %M kB peak" build/release/reprint dedup --format jsonl "$last" >/dev/null
else
    echo "(no $SHARED/eval: the duplicates benchmark needs its articles to build a corpus)"
fi

# Reused passages: candidate generation and alignment on the generated corpora up to 100k.
if [ -s build/bench/gen100000.jsonl ]; then
    echo "== reused passages (bench/reuse.c)"
    build/release/bench_reuse build/bench/gen10000.jsonl build/bench/gen100000.jsonl
    echo "   and on the labelled sets:"
    build/release/bench_reuse "$SHARED/eval/reuse/splice.jsonl" "$SHARED/eval/stories/ecbplus.jsonl"
fi

# Rewrites: the sentence-alignment pass added to a scan, on the generated corpora up to 100k.
if [ -s build/bench/gen100000.jsonl ]; then
    echo "== rewrites (bench/rewrite.c)"
    build/release/bench_rewrite build/bench/gen10000.jsonl build/bench/gen100000.jsonl
    echo "   and on the labelled sets:"
    build/release/bench_rewrite "$SHARED/eval/reuse/splice.jsonl" "$SHARED/eval/stories/ecbplus.jsonl"
fi

# Web pages: reading alone (bench/extract.c), then the whole reprint extract command.
if [ -d "$SHARED/eval/html/pages" ]; then
    echo "== web pages: decode, parse, metadata, main text (bench/extract.c)"
    build/release/bench_extract "$SHARED/eval/html/pages"
    echo "   the whole reprint extract command (reading files, boilerplate, JSON output):"
    /usr/bin/time -f "   %e s wall, %M kB peak" build/release/reprint extract "$SHARED/eval/html/pages" >/dev/null
else
    echo "(no $SHARED/eval/html/pages: the web page benchmark needs its pages)"
fi

# Stories: the story detector alone (term vectors, candidates, clustering, provenance) on the
# generated corpora, each in a child process of its own for its peak memory.
if [ -d "$SHARED/eval" ] && [ -n "${files:-}" ]; then
    echo "== stories (bench/story.c)"
    # shellcheck disable=SC2086
    build/release/bench_story $files
    echo "   and on the labelled sets:"
    build/release/bench_story "$SHARED/eval/stories/ecbplus.jsonl" "$SHARED/eval/stories/gnews-titles.jsonl"
fi

# The persistent index: add throughput as it grows, query latency, file size per article
# (bench/index.c), on the largest generated corpus, split into parts of 100k articles.
if [ -n "${last:-}" ] && [ -s "$last" ]; then
    echo "== the persistent index (bench/index.c)"
    rm -rf build/bench/index-parts && mkdir -p build/bench/index-parts
    split -l 100000 -d -a 2 --additional-suffix=.jsonl "$last" build/bench/index-parts/part
    build/release/bench_index build/bench/index.db "${BENCH_MAX:-1000000}" build/bench/index-parts/part*.jsonl
    rm -rf build/bench/index-parts build/bench/index.db build/bench/index.db-wal build/bench/index.db-shm
fi
