#!/usr/bin/env bash
# Start-up of a step as Zuul runs it: the zuul-steps command the lanes_step role installs on the node (pre.yaml, run
# here by the real ansible-playbook on localhost, from this checkout's jar), with its AOT cache and without.
#   bash bench/step-startup.sh [RUNS]      (default 10)
# pre.yaml installs the command and runs `zuul-steps resolve` as every job's pre-run does, which writes the AOT
# cache (one per jar sha256 and JDK build). Then one warm-up of each side and RUNS interleaved pairs (the order
# alternates) of the same call as the role makes it
# (`resolve --config MAP --zuul-vars zuul.json --result FILE`): one with LANES_STEPS_AOT=off (the JVM as the role
# started it before), one from the cache. Prints the medians with min-max, the median of the per-pair ratios with
# their min-max, and the load average before and after; with LANES_BENCH_RESULT set, appends the figures
# (bench/lib.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LANES_ROOT"
runs=${1:-10}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
jar=$LANES_ROOT/zuul-steps/target/zuul-steps.jar
[ -f "$jar" ] || mvn -B -ntp -q -pl zuul-steps -am package -DskipTests
mkdir -p "$work/src"
cp src/sample-platform/lanes.config "$work/src/lanes.config"
steps=$work/bin/zuul-steps
vars=$(cat <<JSON
{"zuul": {"branch": "platform/acme", "change": "1234", "patchset": "5", "pipeline": "check", "job": "lanes-bench",
          "project": {"canonical_name": "review.example.com/openedx-platforms", "src_dir": "src"}},
 "lanes_zuul_steps": "$steps", "lanes_src_dir": "$work/src", "lanes_work_dir": "$work/work",
 "zuul_output_dir": "$work/zuul-output", "lanes_steps_jar_url": "file://$jar",
 "lanes_steps_jar_checksum": "sha256:$(sha256sum "$jar" | cut -d' ' -f1)", "lanes_java": "$JAVA_HOME/bin/java",
 "lanes_steps_aot_cache_dir": "$work/aot"}
JSON
)
echo "bench: pre.yaml (installs zuul-steps, its resolve writes the AOT cache)" >&2
ANSIBLE_GATHERING=explicit ANSIBLE_NOCOLOR=1 /usr/bin/ansible-playbook -i localhost, -c local playbooks/pre.yaml \
  -e "$vars" >"$work/pre.log" 2>&1 || { tail -30 "$work/pre.log" >&2; exit 1; }
ls "$work"/aot/*.aot >/dev/null 2>&1 || { echo "bench: pre.yaml wrote no AOT cache" >&2; exit 1; }

call() { # call FILE [ENV...]: the role's resolve call under /usr/bin/time; appends its wall time to $work/FILE
  local file=$1
  shift
  env "$@" /usr/bin/time -f '%e' -o "$work/time" "$steps" resolve --config "$work/src/lanes.config" \
    --zuul-vars "$work/work/zuul.json" --result "$work/result.json" >/dev/null 2>"$work/err" ||
    { cat "$work/err" >&2; exit 1; }
  cat "$work/time" >>"$work/$file"
}
call warmup LANES_STEPS_AOT=off
call warmup
for i in $(seq 1 "$runs"); do
  if ((i % 2)); then
    call plain LANES_STEPS_AOT=off
    call cached
  else
    call cached
    call plain LANES_STEPS_AOT=off
  fi
  printf 'pair %d: without the cache %s s, with it %s s\n' "$i" "$(tail -1 "$work/plain")" "$(tail -1 "$work/cached")" >&2
done
median() { bench_median; }
range() { sort -n "$work/$1" | awk 'NR==1 {min=$1} {max=$1} END {print min "-" max}'; }
paste "$work/cached" "$work/plain" | awk '{print $1 / $2}' >"$work/ratios"
cat <<REPORT
zuul-steps resolve as the role runs it, ${runs} interleaved pairs; JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
load average:           ${load_before} before, $(cut -d' ' -f1-3 /proc/loadavg) after
without the AOT cache:  $(median <"$work/plain") s median ($(range plain))
with the AOT cache:     $(median <"$work/cached") s median ($(range cached))
ratio cached/plain:     $(median <"$work/ratios" | xargs printf '%.2f') (per pair $(sort -n "$work/ratios" | awk 'NR==1 {min=$1} {max=$1} END {printf "%.2f-%.2f", min, max}')), median of per-pair ratios
REPORT
load="${load_before%% *}–$(bench_load)"
bench_figure "zuul-steps resolve as Zuul runs it, with the AOT cache" "the same call without the cache" s "<= 0.4" \
  "$load" "wall" <"$work/cached"
bench_figure "zuul-steps resolve as Zuul runs it: with the AOT cache / without" "the same call without the cache" \
  ratio "" "$load" "" <"$work/ratios"
