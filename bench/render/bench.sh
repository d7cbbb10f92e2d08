#!/usr/bin/env bash
# The render benchmark: `zuul-steps render` (kustomize + lane rewrite + policy + bundle + preview) on a generated
# 2,000-object platform, against bare `kubectl kustomize` on the same tree. Prints the median wall time of each,
# their ratio, and the step's peak RSS (GNU time's "Maximum resident set size": the largest single process, which
# may be kubectl's). Usage: bench/render/bench.sh [RUNS] [OBJECTS]   (defaults: 3 runs, 2000 objects)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../src/scripts/env.sh"
cd "$LANES_ROOT"
runs=${1:-3}
objects=${2:-2000}
work=$(mktemp -d /tmp/lanes-render-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -q -pl zuul-steps -am package -DskipTests
python3 bench/render/generate-platform.py "$work/platform" "$objects"

measure() { # prints "<wall seconds> <max RSS KiB>" of one run of "$@"
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  cat "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

step=(bin/zuul-steps render --config src/sample-platform/lanes.config --platform acme
      --revision bench --tutor-root "$work/platform" --output "$work/out")
bare=(kubectl kustomize "$work/platform/env")
measure "${bare[@]}" >/dev/null   # warm-up: file cache
: > "$work/step"; : > "$work/bare"
for _ in $(seq "$runs"); do
  measure "${step[@]}" >> "$work/step"
  measure "${bare[@]}" >> "$work/bare"
done
step_wall=$(cut -d' ' -f1 "$work/step" | median)
bare_wall=$(cut -d' ' -f1 "$work/bare" | median)
step_rss=$(cut -d' ' -f2 "$work/step" | median)
bare_rss=$(cut -d' ' -f2 "$work/bare" | median)
echo "objects:                 $objects ($runs runs each, medians)"
echo "render (step):           ${step_wall} s, peak RSS $((step_rss / 1024)) MiB"
echo "kubectl kustomize:       ${bare_wall} s, peak RSS $((bare_rss / 1024)) MiB"
awk -v a="$step_wall" -v b="$bare_wall" 'BEGIN {printf "ratio step / kustomize:  %.2f\n", a / b}'
