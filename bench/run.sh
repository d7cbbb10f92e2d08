#!/usr/bin/env bash
# Every benchmark side by side with its anchor, one after the other, and one table of their figures.
#
#   bash bench/run.sh            the figures of docs/benchmarks.md (about an hour on 2 cores)
#   bash bench/run.sh --quick    small inputs, one or a few pairs: checks that everything runs (a few minutes)
#   bash bench/run.sh --only render,deploy-500     some of them (names: bash bench/run.sh --list)
#   bash bench/run.sh --list     the benchmarks and the command each runs, one a line
#
# Each benchmark is its own script (bench/*.sh, bench/render/bench.sh), which times its pairs and appends one JSON
# line per figure (bench/lib.sh) to the file in LANES_BENCH_RESULT; this script runs them with that set, their output
# in a log each, and prints the table (bench/figures.py) on stdout: figure, anchor, target, median of the per-pair
# ratios (or of the figure's own values) with min-max, pairs, verdict, load average at the time. Progress on stderr.
# Services the benchmarks start (src/services/*.sh, out of the benchmarks' processes) and that were not running
# before are stopped at the end. Exit 0 when every benchmark ran, 1 when one failed (the table still shows the
# others, and the failure names its log), 2 for bad arguments.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../src/scripts/env.sh"
source "$here/lib.sh"
cd "$LANES_ROOT"

usage() { sed -n '2,/^set -euo/p' "$here/run.sh" | sed '$d; s/^# \{0,1\}//'; }
mode=full
only=""
list=false
while [ $# -gt 0 ]; do
  case $1 in
    --quick) mode=quick ;;
    --only)
      [ $# -ge 2 ] || { echo "bench/run.sh: --only needs a list of names" >&2; exit 2; }
      only=$2
      shift
      ;;
    --list) list=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# plan: one benchmark a line, "NAME COMMAND...", for the mode (words split as the shell splits them, no quotes).
plan() {
  if [ "$mode" = quick ]; then
    cat <<'PLAN'
step-startup bash bench/step-startup.sh 3
render bash bench/render/bench.sh 1 200
render-tutor bash bench/render/bench.sh 1 tutor
render-tutor-3 bash bench/render/bench.sh 1 tutor 3
deploy-100 env LANES_BENCH_SIZES=100 LANES_BENCH_PAIRS=1 bash bench/deploy.sh
tutor-launch bash bench/tutor.sh 1
push-image bash bench/push-image.sh 20 1 python
backup env LANES_BENCH_PAIRS=1 bash bench/backup.sh 20
push-validation bash bench/push-validation.sh 30 10
search-operators bash bench/search-operators.sh 20
PLAN
  else
    cat <<'PLAN'
step-startup bash bench/step-startup.sh 10
render bash bench/render/bench.sh 5 2000
render-tutor bash bench/render/bench.sh 7 tutor
render-tutor-10 bash bench/render/bench.sh 5 tutor 10
deploy-500 env LANES_BENCH_SIZES=500 LANES_BENCH_PAIRS=3 bash bench/deploy.sh
deploy-2000 env LANES_BENCH_SIZES=2000 LANES_BENCH_PAIRS=3 bash bench/deploy.sh
tutor-launch bash bench/tutor.sh 5
push-image bash bench/push-image.sh 200 5 python
backup env LANES_BENCH_PAIRS=2 bash bench/backup.sh 1024
push-validation bash bench/push-validation.sh 300 100
search-operators bash bench/search-operators.sh 500
PLAN
  fi
}
selected() { # selected NAME: whether --only (if given) names it
  [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]
}
if [ -n "$only" ]; then
  for name in ${only//,/ }; do
    plan | grep -q "^$name " || { echo "bench/run.sh: no benchmark '$name' in the $mode plan (see --list)" >&2; exit 2; }
  done
fi
if $list; then
  plan | while read -r name command; do selected "$name" && echo "$name $command"; done
  exit 0
fi

services=(registry swift keystone podman mariadb ceph kube)
running_before=()
for service in "${services[@]}"; do
  bash "src/services/$service.sh" env >/dev/null 2>&1 && running_before+=("$service")
done
stop_started() {
  for service in "${services[@]}"; do
    [[ " ${running_before[*]} " == *" $service "* ]] || bash "src/services/$service.sh" stop >/dev/null 2>&1 || true
  done
}
trap stop_started EXIT

logs=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench-run.XXXXXX")
export LANES_BENCH_RESULT=$logs/figures.jsonl
: >"$LANES_BENCH_RESULT"
load_start=$(bench_load)
started=$(date -u +%Y-%m-%dT%H:%MZ)
failed=()
while read -r name command; do
  selected "$name" || continue
  echo "bench/run.sh: $name: $command (log $logs/$name.log), load $(bench_load)" >&2
  start=$(date +%s)
  # shellcheck disable=SC2086
  if ! $command >"$logs/$name.log" 2>&1 </dev/null; then
    failed+=("$name (log $logs/$name.log)")
    echo "bench/run.sh: $name failed; its log ends:" >&2
    tail -5 "$logs/$name.log" >&2
  fi
  echo "bench/run.sh: $name took $(($(date +%s) - start)) s" >&2
done < <(plan)

echo "$mode run of $(git rev-parse --short HEAD 2>/dev/null || echo '?') from $started to $(date -u +%H:%MZ)," \
  "$(nproc) cores, load average $load_start at the start and $(bench_load) at the end; logs and figures in $logs"
echo
/usr/bin/python3 bench/figures.py "$LANES_BENCH_RESULT" || failed+=("the figures ($LANES_BENCH_RESULT)")
if [ ${#failed[@]} -gt 0 ]; then
  printf 'bench/run.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
