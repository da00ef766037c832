#!/bin/sh
# run.sh: runs every test of the suite against build/test and prints one closing summary.
# SHARED names the folder with the seeds and the evaluation data (default ../shared); tests
# that need it say that they were skipped when it is not there.
set -u
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
export SHARED
# the framework's own allocations are not ours to free
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
passed=0 failed=0 skipped=0

# Unit tests (Criterion).
out=$(build/test/unit --jobs=2 --verbose 2>&1); status=$?
printf '%s\n' "$out" | grep -E '^\[(FAIL|SKIP)\]|Synthesis|Assertion|runtime error|Sanitizer' || true
line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -1)
t=$(printf '%s' "$line" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p')
p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
c=$(printf '%s' "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
s=$(printf '%s\n' "$out" | grep -c '\[SKIP\]')
if [ -z "$t" ]; then
    printf '%s\n' "$out" | tail -20
    failed=$((failed + 1))
else
    passed=$((passed + p)); failed=$((failed + f + c)); skipped=$((skipped + s))
    [ "$status" -ne 0 ] && [ $((f + c)) -eq 0 ] && failed=$((failed + 1))
fi

# Command-line tests.
out=$(sh tests/cli/run.sh 2>&1); status=$?
printf '%s\n' "$out" | grep -v '^ok ' || true
passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok ')))
failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL ')))
skipped=$((skipped + $(printf '%s\n' "$out" | grep -c '^skip ')))

# Fuzz corpora, replayed.
for bin in build/test/fuzz_*; do
    case $bin in *.log) continue ;; esac
    name=${bin#build/test/fuzz_}
    dir=tests/fuzz/corpus/$name
    if [ -d "$dir" ] && "$bin" "$dir"/* >/dev/null 2>build/test/fuzz_$name.log; then
        passed=$((passed + 1))
    else
        echo "FAIL fuzz corpus $name (see build/test/fuzz_$name.log)"
        tail -20 build/test/fuzz_$name.log
        failed=$((failed + 1))
    fi
done

# Browser tests of the HTML report, in headless Chromium (each says why when it skips).
if command -v python3 >/dev/null 2>&1; then
    out=$(REPRINT=build/test/reprint python3 tests/browser/report_test.py 2>&1); status=$?
else
    out="skip report: python3 is not installed (make test installs it as root)"; status=0
fi
printf '%s\n' "$out"
passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok ')))
failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL ')))
skipped=$((skipped + $(printf '%s\n' "$out" | grep -c '^skip ')))
[ "$status" -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL ' && failed=$((failed + 1))

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
