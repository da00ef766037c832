#!/bin/sh
# run.sh: command-line tests. Each tests/cli/NAME.sh runs reprint (as $REPRINT, from the
# project root) and its standard output, standard error and exit status are compared with
# NAME.stdout, NAME.stderr and NAME.exit. A test whose first line says "# needs: shared"
# is skipped when $SHARED is not there. --update records the current results instead.
set -u
cd "$(dirname "$0")/../.."
REPRINT=${REPRINT:-build/test/reprint}
SHARED=${SHARED:-../shared}
export REPRINT SHARED
update=0
[ "${1:-}" = "--update" ] && update=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in tests/cli/*.sh; do
    name=$(basename "$t" .sh)
    [ "$name" = run ] && continue
    if head -1 "$t" | grep -q 'needs: shared' && [ ! -d "$SHARED/seeds" ]; then
        echo "skip $name: $SHARED not found"
        continue
    fi
    sh "$t" >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/exit"
    base=tests/cli/$name
    if [ $update -eq 1 ]; then
        cp "$tmp/out" "$base.stdout"; cp "$tmp/err" "$base.stderr"; cp "$tmp/exit" "$base.exit"
        echo "ok $name (recorded)"
        continue
    fi
    ok=1
    for k in stdout stderr exit; do
        case $k in stdout) got=$tmp/out ;; stderr) got=$tmp/err ;; exit) got=$tmp/exit ;; esac
        if ! cmp -s "$got" "$base.$k"; then
            ok=0
            echo "FAIL $name: $k differs"
            diff "$base.$k" "$got" | head -20
        fi
    done
    [ $ok -eq 1 ] && echo "ok $name"
done
exit 0
