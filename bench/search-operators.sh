#!/usr/bin/env bash
# The search operator figures of docs/benchmarks.md: what `has:deployable_lanes` adds per change to a dashboard's
# query over CHANGES open changes of one platform branch (a real in-process Gerrit, the query without the operator
# as the anchor), and the operator alone per change.
#   bash bench/search-operators.sh [CHANGES]      (default 500)
# Runs SearchOperatorBench (gerrit-plugin/src/test/java/io/lanes/gerrit/bench/) through the bench profile with
# LANES_BENCH_RESULT set: a file of figures (bench/lib.sh's shape) that this script prints when run alone, or that
# bench/run.sh collects. Every operator's figures: docs/search-operator-benchmark.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
cd "$LANES_ROOT"
export LANES_BENCH_CHANGES=${1:-500}
alone=""
if [ -z "${LANES_BENCH_RESULT:-}" ]; then
  alone=$(mktemp "${TMPDIR:-/tmp}/lanes-bench-figures.XXXXXX")
  trap 'rm -f "$alone"' EXIT
  export LANES_BENCH_RESULT=$alone
fi
mvn -B -ntp -q -pl gerrit-plugin -am verify -Pbench -DskipTests -Dbench.main=io.lanes.gerrit.bench.SearchOperatorBench \
  -Dbench.heap=-Xmx1g
[ -z "$alone" ] || /usr/bin/python3 bench/figures.py "$alone"
