#!/bin/sh
# eval.sh: runs reprint on every labelled set in $SHARED/eval (default ../shared/eval),
# scores each with the set's own scorer (score.py) and prints one table. The scores of each
# run are kept in build/eval/. Sets whose subcommand is not built yet say so.
set -u
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
E=$SHARED/eval
R=build/release/reprint
OUT=build/eval
if [ ! -d "$E" ]; then
    echo "eval: $E not found (the evaluation data lives in ../shared beside the project)"
    exit 0
fi
mkdir -p "$OUT"
has() { "$R" "$1" --help >/dev/null 2>&1; }

# row NAME METRIC SCORER OUTPUT TRUTH: scores OUTPUT and prints one row from the summary line.
row() {
    name=$1 kind=$2 out=$3 truth=$4
    log=$OUT/$(echo "$name" | tr / _).score
    python3 "$E/score.py" "$kind" "$out" "$truth" >"$log" 2>&1
    summary=$(tail -1 "$log")
    printf '| %-22s | %s |\n' "$name" "$summary"
}
skip() { printf '| %-22s | %s |\n' "$1" "not measured: $2"; }

echo "| set                    | score (score.py summary line) |"
echo "| ---------------------- | ----------------------------- |"
for s in ecbplus wikiref220 gnews-titles; do
    "$R" scan --format jsonl "$E/stories/$s.jsonl" >"$OUT/$s.jsonl" 2>"$OUT/$s.err"
    row "stories/$s" stories "$OUT/$s.jsonl" "$E/stories/$s.truth.jsonl"
done
if has dedup; then
    "$R" dedup --format jsonl "$E/dups/neardup.jsonl" >"$OUT/neardup.jsonl" 2>"$OUT/neardup.err"
    row dups/neardup dups "$OUT/neardup.jsonl" "$E/dups/neardup.truth.jsonl"
else
    skip dups/neardup "reprint dedup is not built yet"
fi
"$R" scan --format jsonl "$E/reuse/splice.jsonl" >"$OUT/splice.jsonl" 2>"$OUT/splice.err"
row reuse/splice splice "$OUT/splice.jsonl" "$E/reuse/splice.truth.jsonl"
"$R" scan --format jsonl "$E/reuse/clough-stevenson.jsonl" >"$OUT/clough.jsonl" 2>"$OUT/clough.err"
row reuse/clough-stevenson graded "$OUT/clough.jsonl" "$E/reuse/clough-stevenson.truth.jsonl"
if has compare && "$R" compare --help 2>&1 | grep -q -- --pairs; then
    "$R" compare --pairs "$E/pairs/msrp-train.jsonl" --format jsonl >"$OUT/msrp.jsonl" 2>"$OUT/msrp.err"
    row pairs/msrp-train pairs "$OUT/msrp.jsonl" "$E/pairs/msrp-train.jsonl"
else
    skip pairs/msrp-train "reprint compare --pairs is not built yet"
fi
if has extract; then
    "$R" extract --format jsonl "$E/html/pages" >"$OUT/extract.jsonl" 2>"$OUT/extract.err"
    row html/pages extract "$OUT/extract.jsonl" "$E/html/truth.jsonl"
else
    skip html/pages "reprint extract is not built yet"
fi
