#!/usr/bin/env bash
# The push validation figures of docs/benchmarks.md: the Gerrit plugin's first sight of a clean 1,000-file commit
# (500 manifests) with its validation threads, in pairs with SnakeYAML Engine's parser events for the same manifests
# (the floor), quiet and then with a second process keeping a core busy; p99 and the per-pair ratio check / floor.
#   bash bench/push-validation.sh [RUNS] [WARMUP]      (defaults 300 and 100)
# Runs PushValidationBench (gerrit-plugin/src/test/java/io/lanes/gerrit/bench/) through the bench profile with
# LANES_BENCH_RESULT set: a file of figures (bench/lib.sh's shape) that this script prints when run alone, or that
# bench/run.sh collects. The whole harness (every case, CPU time too) is the profile without LANES_BENCH_RESULT:
# docs/push-validation-benchmark.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
cd "$LANES_ROOT"
export LANES_BENCH_RUNS=${1:-300} LANES_BENCH_WARMUP=${2:-100}
alone=""
if [ -z "${LANES_BENCH_RESULT:-}" ]; then
  alone=$(mktemp "${TMPDIR:-/tmp}/lanes-bench-figures.XXXXXX")
  trap 'rm -f "$alone"' EXIT
  export LANES_BENCH_RESULT=$alone
fi
mvn -B -ntp -q -pl gerrit-plugin -am verify -Pbench -DskipTests
[ -z "$alone" ] || /usr/bin/python3 bench/figures.py "$alone"
