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
