#!/usr/bin/env bash
# Benchmark (docs/steps/deploy.md): `zuul-steps deploy` against `kubectl kustomize | kubectl apply --server-side` of
# the same env, on the same real control plane (src/services/kube.sh), both as a ServiceAccount of the namespace,
# in interleaved pairs: cold (a fresh namespace for each side) and unchanged (the same release again into the
# namespace just deployed). Writes are counted in the API server's audit log, not from either tool's output.
#
#   bash bench/deploy.sh                     # 500 and 2,000 objects, 3 pairs each
#   LANES_BENCH_SIZES="500" LANES_BENCH_PAIRS=5 bash bench/deploy.sh
#
# The objects: 90% ConfigMaps (~0.6 KB of data each), 10% Services: what apply costs, without rollout waits (kubectl
# does not wait; deploy would wait for workloads). Within a pair the order alternates (Lanes first, then kubectl
# first). Prints one table; progress on stderr; with LANES_BENCH_RESULT set, appends the figures (bench/lib.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LANES_ROOT"
sizes=${LANES_BENCH_SIZES:-"500 2000"}
pairs=${LANES_BENCH_PAIRS:-3}
export LANES_SERVICES_DIR=${LANES_SERVICES_DIR:-/tmp/lanes-bench-services}
export LANES_KUBE_API_PORT=${LANES_KUBE_API_PORT:-29443}  # below the ephemeral port range (32768-60999)

[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -ntp -q package -DskipTests -pl zuul-steps -am
facts=$(bash src/services/kube.sh start)
KUBECTL=$(sed -n 's/^KUBECTL=//p' <<<"$facts")
AUDIT=$(sed -n 's/^KUBE_API_AUDIT_LOG=//p' <<<"$facts")
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench-deploy.XXXXXX")
trap 'bash src/services/kube.sh stop; rm -rf "$work"' EXIT
export PATH="$(dirname "$KUBECTL"):$PATH"

# env SIZE: a git work tree with an env/ of SIZE objects.
make_env() {
  local size=$1 root=$work/env-$1 i
  mkdir -p "$root/env"
  {
    for ((i = 0; i < size; i++)); do
      if ((i % 10 == 9)); then
        printf -- '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\nspec:\n  ports:\n  - port: 8000\n  selector:\n    app: a%d\n' "$i" "$i"
      else
        printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  settings.py: |\n' "$i"
        printf '    SETTING_%d = "%s"\n' "$i" "$(printf 'x%.0s' $(seq 1 560))"
      fi
    done
  } >"$root/env/objects.yml"
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- objects.yml\n' \
    >"$root/env/kustomization.yml"
  git -C "$root" init -q -b platform/bench
  git -C "$root" add -A
  git -C "$root" -c user.name=bench -c user.email=bench@example.org commit -q -m "bench env"
  echo "$root"
}

# map NAMESPACE: the platform map of one run.
make_map() {
  cat >"$work/map-$1.config" <<EOF
[platform "bench"]
	branch = platform/bench
	namespace = $1
	cluster = local
	registry = localhost:5000
[cluster "local"]
	server = https://127.0.0.1:$LANES_KUBE_API_PORT
EOF
  echo "$work/map-$1.config"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# writes NAMESPACE SINCE_BYTES: successful writes (not dry runs, not the deploy lock) by the namespace's
# ServiceAccount in the audit log after byte offset SINCE_BYTES.
writes() {
  tail -c +"$(($2 + 1))" "$AUDIT" | /usr/bin/python3 -c '
import json, sys
user = "system:serviceaccount:%s:lanes-deploy" % sys.argv[1]
n = 0
for line in sys.stdin:
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if (e.get("stage") == "ResponseComplete" and e.get("user", {}).get("username") == user
            and e.get("verb") in ("create", "update", "patch", "delete")
            and e.get("objectRef", {}).get("resource") != "leases"
            and "dryRun" not in e.get("requestURI", "")
            and 200 <= e.get("responseStatus", {}).get("code", 0) < 300):
        n += 1
print(n)' "$1"
}

run=0
# lanes NAMESPACE ROOT: deploys ROOT's env into NAMESPACE; prints the wall milliseconds.
lanes() {
  local start kubeconfig=$work/kc-$1
  start=$(now_ms)
  bin/zuul-steps deploy --config "$(make_map "$1")" --platform bench --tutor-root "$2" --kubeconfig "$kubeconfig" \
    --holder "bench-$1" >>"$work/lanes.log" 2>&1
  echo $(($(now_ms) - start))
}
# kubectl_apply NAMESPACE ROOT: the same env through kubectl; prints the wall milliseconds.
kubectl_apply() {
  local start kubeconfig=$work/kc-$1
  start=$(now_ms)
  "$KUBECTL" kustomize "$2/env" | "$KUBECTL" --kubeconfig "$kubeconfig" apply --server-side --field-manager bench \
    -n "$1" -f - >>"$work/kubectl.log"
  echo $(($(now_ms) - start))
}
namespace() {
  run=$((run + 1))
  local name=bench-$run-$1
  cp "$(bash src/services/kube.sh serviceaccount "$name" lanes-deploy)" "$work/kc-$name"
  echo "$name"
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

rows=()
for size in $sizes; do
  root=$(make_env "$size")
  echo "bench: $size objects, $pairs pairs (cold, then unchanged), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  load_start=$(bench_load)
  # warm-up: one run of each side, not counted (JIT, page cache, API server caches)
  lanes "$(namespace "$size")" "$root" >/dev/null
  kubectl_apply "$(namespace "$size")" "$root" >/dev/null
  cold_ratios=() cold_lanes=() cold_kubectl=() same_ratios=() same_lanes=() same_kubectl=() same_writes=()
  for ((p = 1; p <= pairs; p++)); do
    a=$(namespace "$size")
    b=$(namespace "$size")
    if ((p % 2)); then
      la=$(lanes "$a" "$root")
      kb=$(kubectl_apply "$b" "$root")
      mark=$(stat -c %s "$AUDIT")
      lu=$(lanes "$a" "$root")
      lw=$(writes "$a" "$mark")
      ku=$(kubectl_apply "$b" "$root")
    else
      kb=$(kubectl_apply "$b" "$root")
      la=$(lanes "$a" "$root")
      ku=$(kubectl_apply "$b" "$root")
      mark=$(stat -c %s "$AUDIT")
      lu=$(lanes "$a" "$root")
      lw=$(writes "$a" "$mark")
    fi
    cold_lanes+=("$la") cold_kubectl+=("$kb") same_lanes+=("$lu") same_kubectl+=("$ku") same_writes+=("$lw")
    cold_ratios+=("$(awk -v a="$la" -v b="$kb" 'BEGIN {printf "%.2f", a / b}')")
    same_ratios+=("$(awk -v a="$lu" -v b="$ku" 'BEGIN {printf "%.2f", a / b}')")
    echo "bench: $size objects, pair $p: cold lanes ${la} ms, kubectl ${kb} ms; unchanged lanes ${lu} ms ($lw writes), kubectl ${ku} ms" >&2
  done
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  figure_load="$load_start–$(bench_load)"
  anchor="kubectl kustomize | kubectl apply --server-side"
  printf '%s\n' "${cold_ratios[@]}" | bench_figure "deploy, cold, $size objects" "$anchor" ratio "<= 0.5" "$figure_load" ""
  printf '%s\n' "${same_ratios[@]}" | bench_figure "deploy, unchanged, $size objects" "$anchor" ratio "" "$figure_load" ""
  unchanged_target=""
  [ "$size" != 500 ] || unchanged_target="<= 1.5"
  printf '%s\n' "${same_lanes[@]}" | awk '{print $1 / 1000}' |
    bench_figure "deploy, unchanged, $size objects: wall" "$anchor" s "$unchanged_target" "$figure_load" ""
  printf '%s\n' "${same_writes[@]}" |
    bench_figure "deploy, unchanged, $size objects: writes (audit log)" "$anchor" count "= 0" "$figure_load" ""
  stats() { printf '%s\n' "$@" | median; }
  range() { printf '%s\n' "$@" | sort -n | sed -n '1p;$p' | paste -sd'-'; }
  rows+=("| $size | cold | $(stats "${cold_lanes[@]}") | $(stats "${cold_kubectl[@]}") | $(stats "${cold_ratios[@]}") ($(range "${cold_ratios[@]}")) | ≤ 0.5 | - | $load |")
  rows+=("| $size | unchanged | $(stats "${same_lanes[@]}") | $(stats "${same_kubectl[@]}") | $(stats "${same_ratios[@]}") ($(range "${same_ratios[@]}")) | 0 writes, ≤ 1.5 s at 500 | $(range "${same_writes[@]}") | $load |")
done
echo "| objects | release | lanes deploy ms (median) | kubectl apply --server-side ms (median) | ratio, per pair: median (min-max) | target | lanes writes (audit log) | load average |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
