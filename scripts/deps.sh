#!/bin/sh
# deps.sh: installs the Debian packages that a make target needs and that are missing.
# usage: scripts/deps.sh build|test|fuzz|eval|report ...
# As root it runs apt-get (after 'apt-get update' when no package lists are there yet);
# otherwise it prints the exact command to run and fails.
set -eu

build="make gcc pkg-config libutf8proc-dev libxxhash-dev libjansson-dev libsqlite3-dev zlib1g-dev libxml2-dev libstemmer-dev"
test="$build libcriterion-dev"
fuzz="$build clang libclang-rt-14-dev"
eval="$build python3"
report="python3 chromium"

want=""
for target in "$@"; do
    case "$target" in
    build) want="$want $build" ;;
    test) want="$want $test" ;;
    fuzz) want="$want $fuzz" ;;
    eval) want="$want $eval" ;;
    report) want="$want $report" ;;
    *) echo "deps.sh: unknown target '$target'" >&2; exit 2 ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: not a Debian system; make sure these (or your system's equivalents) are installed:$want" >&2
    exit 0
fi

missing=""
for p in $want; do
    case " $missing " in *" $p "*) continue ;; esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "reprint needs these Debian packages:$missing" >&2
    echo "run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi

echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$')" ]; then
    apt-get update -q >&2
fi
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing >&2; then
    apt-get update -q >&2
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >&2
fi
