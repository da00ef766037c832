#!/bin/sh
# stress_index.sh: the kill -9 test of tests/cli/index_kill.sh with many more runs (default
# 200; KILL_RUNS=N to choose). Takes several minutes of CPU: run it under the machine's
# benchmark lock (flock /work/bench.lock sh bench/stress_index.sh).
set -u
cd "$(dirname "$0")/.."
REPRINT=${REPRINT:-build/release/reprint} KILL_RUNS=${KILL_RUNS:-200} sh tests/cli/index_kill.sh
