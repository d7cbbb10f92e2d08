#!/usr/bin/env bash
# The render benchmark: `zuul-steps render` (no cluster: Tutor when the root is a Tutor project, kustomize, lane
# rewrite, policy, bundle, preview) against what a render cannot do without, on the same tree, in interleaved pairs
# (the order alternates, A B then B A), after one warm-up of each side:
#   bench/render/bench.sh [PAIRS] [OBJECTS]   a generated platform of OBJECTS objects (default 2000, 5 pairs;
#                                             bench/render/generate-platform.py), against bare `kubectl kustomize env`
#   bench/render/bench.sh [PAIRS] tutor [PLATFORMS]
#                                             PLATFORMS Tutor projects (default 1: the sample, src/sample-platform, its
#                                             plugins, the pinned Tutor; more: copies of it with their own names and
#                                             plugin sets, bench/render/generate-tutor-platforms.py), one render call
#                                             each, as Zuul runs them, against `tutor --root DIR config save && kubectl
#                                             kustomize DIR/env` on each: the same two tools render runs, so the
#                                             difference is render's own cost. A pair is one pass over every platform
#                                             on each side.
# Prints the median wall time of each side with min-max, the median of the per-pair ratios (and for tutor of the
# per-pair differences, per platform) with min-max, the peak RSS (GNU time: the largest single process) and the load
# average; with LANES_BENCH_RESULT set, appends the figures (bench/lib.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../../src/scripts/env.sh"
source "$here/../lib.sh"
cd "$LANES_ROOT"
pairs=${1:-5}
input=${2:-2000}
load_before=$(bench_load)
work=$(mktemp -d /tmp/lanes-render-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -q -pl zuul-steps -am package -DskipTests

described=$input
if [ "$input" = tutor ]; then
  platforms=${3:-1}
  [[ $platforms =~ ^[0-9]+$ ]] || { echo "bench: PLATFORMS is a number, not '$platforms'" >&2; exit 2; }
  described="$platforms Tutor project(s)"
  eval "$(bash src/scripts/tutor.sh install)"
  export PATH="$(dirname "$TUTOR"):$PATH"
  mapfile -t names < <(python3 bench/render/generate-tutor-platforms.py "$work/platforms" "$platforms")
  [ "${#names[@]}" = "$platforms" ] || { echo "bench: no $platforms Tutor platforms to render (see above)" >&2; exit 2; }
  for name in "${names[@]}"; do
    TUTOR_PLUGINS_ROOT="$work/platforms/$name/plugins" tutor --root "$work/platforms/$name" config save >/dev/null 2>&1
  done
  anchor_name="tutor config save + kubectl kustomize"
  # One pass over the platforms on each side: one process per platform and tool, as Zuul's builds run them.
  anchor=(sh -c 'root=$1; shift; for name; do
      TUTOR_PLUGINS_ROOT="$root/$name/plugins" tutor --root "$root/$name" config save \
        && kubectl kustomize "$root/$name/env" || exit 1
    done' anchor "$work/platforms" "${names[@]}")
  step=(sh -c 'root=$1 out=$2; shift 2; for name; do
      bin/zuul-steps render --config "$root/lanes.config" --platform "$name" --revision bench \
        --tutor-root "$root/$name" --output "$out/$name" || exit 1
    done' render "$work/platforms" "$work/out" "${names[@]}")
else
  [[ $input =~ ^[0-9]+$ ]] || { echo "bench: OBJECTS is a number or 'tutor', not '$input'" >&2; exit 2; }
  root=$work/platform
  python3 bench/render/generate-platform.py "$root" "$input" >/dev/null
  anchor_name="kubectl kustomize"
  anchor=(kubectl kustomize "$root/env")
  step=(bin/zuul-steps render --config src/sample-platform/lanes.config --platform acme
        --revision bench --tutor-root "$root" --output "$work/out")
fi

measure() { # measure FILE CMD...: appends "<wall seconds> <max RSS KiB>" of one run of CMD to $work/FILE
  local file=$1 out=/dev/null
  shift
  [ "$file" != warmup ] || out=$work/warmup.out # the warm-up's output is kept: the anchor's counts the objects
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$out" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  cat "$work/time" >>"$work/$file"
}
measure warmup "${step[@]}"
measure warmup "${anchor[@]}"
objects=$(grep -c '^kind: ' "$work/warmup.out" || true)
echo "bench: render of $described ($objects objects), $pairs pairs after one warm-up each, load $load_before" >&2
for i in $(seq "$pairs"); do
  if ((i % 2)); then
    measure step "${step[@]}"
    measure anchor "${anchor[@]}"
  else
    measure anchor "${anchor[@]}"
    measure step "${step[@]}"
  fi
  echo "bench: pair $i: render $(tail -1 "$work/step" | cut -d' ' -f1) s, $anchor_name $(tail -1 "$work/anchor" | cut -d' ' -f1) s" >&2
done
load="$load_before–$(bench_load)"
column() { awk -v c="$2" '{print $c}' "$work/$1"; }
spread() { printf '%s (%s–%s)' "$(bench_median <"$1")" "$(bench_min <"$1")" "$(bench_max <"$1")"; }
column step 1 >"$work/step.wall"
column anchor 1 >"$work/anchor.wall"
bench_ratios "$work/step.wall" "$work/anchor.wall" >"$work/ratios"
echo "input:                   $described, $objects objects ($pairs interleaved pairs, medians, min–max)"
echo "render (step):           $(spread "$work/step.wall") s, peak RSS $(($(column step 2 | bench_median) / 1024)) MiB"
echo "$anchor_name:  $(spread "$work/anchor.wall") s, peak RSS $(($(column anchor 2 | bench_median) / 1024)) MiB"
echo "ratio, per pair:         $(spread "$work/ratios")"
echo "load average:            $load"
if [ "$input" = tutor ]; then
  bench_differences "$work/step.wall" "$work/anchor.wall" | awk -v n="$platforms" '{printf "%.4f\n", $1 / n}' \
    >"$work/differences"
  echo "render's own cost:       $(spread "$work/differences") s per platform (render - anchor, per pair)"
  if [ "$platforms" = 1 ]; then
    bench_figure "render, Tutor sample ($objects objects)" "$anchor_name" ratio "<= 1.2" "$load" "" <"$work/ratios"
    bench_figure "render's own cost, Tutor sample ($objects objects): render - anchor" "$anchor_name" s "<= 0.5" \
      "$load" "per-pair difference" <"$work/differences"
  else
    what="$platforms Tutor platforms, one call each ($objects objects)"
    bench_figure "render, $what" "$anchor_name" ratio "<= 1.2" "$load" "" <"$work/ratios"
    bench_figure "render's own cost per platform, $what: (render - anchor) / $platforms" "$anchor_name" s "<= 0.5" \
      "$load" "per-pair difference" <"$work/differences"
  fi
else
  bench_figure "render, generated platform ($objects objects)" "$anchor_name" ratio "<= 1.1" "$load" "" <"$work/ratios"
fi
