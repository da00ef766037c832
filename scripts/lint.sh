#!/bin/sh
# lint.sh: the layout rules of STYLE.md that a compiler does not check.
#  - front ends (cli/, server/, mpi/) include only <reprint.h> of the library, plus their own
#    headers (cli/cli.h) and lib/base/banned.h;
#  - library modules include only the modules they may depend on;
#  - only lib/store includes sqlite3.h; the library never prints or exits.
set -u
cd "$(dirname "$0")/.."
fail=0
bad() { echo "lint: $*"; fail=1; }

for f in cli/*.c cli/*.h; do
    [ -e "$f" ] || continue
    grep -n '#include "\.\./lib/' "$f" | grep -v 'lib/base/banned.h' | while read -r l; do
        echo "lint: $f: front ends see only <reprint.h>: $l"; done | grep . && fail=1
done

# module -> the modules it may include
allowed() {
    case $1 in
    base) echo "base" ;;
    io) echo "base io text" ;;
    text) echo "base text" ;;
    sketch) echo "base text sketch" ;;
    reuse) echo "base text sketch reuse" ;;
    story) echo "base text sketch reuse story" ;;
    store) echo "base io text sketch reuse story scan store" ;;
    scan) echo "base io text sketch reuse story scan" ;;
    *) echo "base io text sketch reuse story store $1" ;;
    esac
}
for dir in lib/*/; do
    mod=$(basename "$dir")
    ok=$(allowed "$mod")
    for f in "$dir"*.c "$dir"*.h; do
        [ -e "$f" ] || continue
        for dep in $(sed -n 's|^#include "\.\./\([a-z]*\)/.*|\1|p' "$f"); do
            case " $ok " in *" $dep "*) ;; *) bad "$f: module $mod may not include lib/$dep" ;; esac
        done
        if [ "$mod" != store ] && grep -q '#include <sqlite3.h>' "$f"; then
            bad "$f: only lib/store includes sqlite3.h"
        fi
        if grep -nE '\b(printf|puts|exit|abort)\(' "$f" | grep -v 'snprintf\|vsnprintf' | grep -q .; then
            bad "$f: the library never prints or exits"
        fi
    done
done
[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
