#!/usr/bin/env bash
# Side by side with Tutor: the real `tutor k8s launch --non-interactive` of the sample Tutor project into one
# namespace and `zuul-steps deploy` of the same project into another, on the same real control plane (kube.sh, kwok
# nodes), PAIRS times (default 1), each pair into fresh namespaces, the order alternating (Tutor first, then Lanes
# first). Prints each one's wall time and their ratio per pair, the median of the per-pair ratios, then compares
# what the first pair left in its namespaces: the init Jobs (same count, same order, same command and args, i.e.
# Tutor's scripts) and the Deployments, Services, ConfigMaps and PVCs by kind and name (ConfigMap hash suffixes
# dropped; Lanes' own backup ConfigMap and release record listed as the only extras). Exit 1 when the init Jobs
# differ. With LANES_BENCH_RESULT set, appends the ratio's figure (bench/lib.sh) for bench/run.sh.
# Usage: bench/tutor.sh [PAIRS]   (starts kube.sh if it is not running; LANES_SERVICES_DIR / LANES_KUBE_API_PORT as usual)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LANES_ROOT"
pairs=${1:-1}
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "bench/tutor.sh: PAIRS is a whole number of at least 1, not '$pairs'" >&2; exit 2; }
load_start=$(bench_load)
work=$(mktemp -d /tmp/lanes-tutor-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -q -pl zuul-steps -am package -DskipTests
eval "$(bash src/scripts/tutor.sh install)"
eval "$(bash src/services/kube.sh start)"
project() { # project DIR NAMESPACE: the sample Tutor project for NAMESPACE (its own plugins too), env written by tutor, committed
  mkdir -p "$1"
  sed "s/^K8S_NAMESPACE: .*/K8S_NAMESPACE: $2/" src/sample-platform/config.yml >"$1/config.yml"
  cp -r src/sample-platform/plugins "$1/plugins"
  sed "s/^\tnamespace = openedx-acme$/\tnamespace = $2/" src/sample-platform/lanes.config >"$1/lanes.config"
  TUTOR_PLUGINS_ROOT="$1/plugins" "$TUTOR" --root "$1" config save >/dev/null 2>&1
  git -C "$1" init -q -b platform/acme
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.org commit -qm "sample Tutor project"
}
kubectl=("$KUBECTL" --kubeconfig "$KUBE_API_KUBECONFIG")

wall() { # prints the wall seconds of "$@", its output in $work/<label>.log
  local label=$1
  shift
  /usr/bin/time -f '%e' -o "$work/$label.time" "$@" >"$work/$label.log" 2>&1 \
    || { tail -20 "$work/$label.log" >&2; echo "bench: $label failed" >&2; exit 1; }
  cat "$work/$label.time"
}
launch() { # launch PAIR: tutor k8s launch -I of pair PAIR's project into its namespace
  echo "bench: pair $1: tutor k8s launch -I into ${tutor_ns[$1]} ..." >&2
  PATH="$(dirname "$TUTOR"):$KUBE_BIN:$PATH" KUBECONFIG=$KUBE_API_KUBECONFIG TUTOR_PLUGINS_ROOT="$work/tutor-$1/plugins" \
    wall "tutor-$1" "$TUTOR" --root "$work/tutor-$1" k8s launch --non-interactive >>"$work/tutor.walls"
}
deploy() { # deploy PAIR: zuul-steps deploy of pair PAIR's project into its namespace
  echo "bench: pair $1: zuul-steps deploy into ${lanes_ns[$1]} ..." >&2
  PATH="$(dirname "$TUTOR"):$KUBE_BIN:$PATH" wall "lanes-$1" bin/zuul-steps deploy \
    --config "$work/lanes-$1/lanes.config" --platform acme --tutor-root "$work/lanes-$1" \
    --kubeconfig "${lanes_kubeconfig[$1]}" --holder bench >>"$work/lanes.walls"
}

declare -a tutor_ns lanes_ns lanes_kubeconfig
for pair in $(seq 1 "$pairs"); do
  suffix=$(date +%s)-$pair
  tutor_ns[$pair]=bench-tutor-$suffix
  lanes_ns[$pair]=bench-lanes-$suffix
  project "$work/tutor-$pair" "${tutor_ns[$pair]}"
  project "$work/lanes-$pair" "${lanes_ns[$pair]}"
  lanes_kubeconfig[$pair]=$(bash src/services/kube.sh serviceaccount "${lanes_ns[$pair]}" deployer 2>/dev/null | tail -1)
  if [ $((pair % 2)) = 1 ]; then launch "$pair"; deploy "$pair"; else deploy "$pair"; launch "$pair"; fi
  echo "pair $pair: tutor k8s launch -I $(tail -1 "$work/tutor.walls") s, zuul-steps deploy $(tail -1 "$work/lanes.walls") s"
done
tutor_wall=$(bench_median <"$work/tutor.walls")
lanes_wall=$(bench_median <"$work/lanes.walls")
bench_ratios "$work/lanes.walls" "$work/tutor.walls" >"$work/ratios"
first_tutor=${tutor_ns[1]} first_lanes=${lanes_ns[1]}

echo "tutor k8s launch -I:      ${tutor_wall} s (median of $pairs)"
echo "zuul-steps deploy:        ${lanes_wall} s (median of $pairs; waits for every Deployment to be Available; Tutor does not)"
echo "ratio Lanes / Tutor:      $(bench_median <"$work/ratios") (median of the per-pair ratios, $(bench_min <"$work/ratios")-$(bench_max <"$work/ratios"))"
bench_figure "zuul-steps deploy of the sample Tutor project, fresh namespace" "tutor k8s launch --non-interactive" \
  ratio "<= 0.5" "$load_start $(bench_load)" "Lanes waits for every Deployment; Tutor does not" <"$work/ratios"
"${kubectl[@]}" -n "$first_tutor" get jobs -o json >"$work/tutor-jobs.json"
"${kubectl[@]}" -n "$first_lanes" get jobs -o json >"$work/lanes-jobs.json"
for ns in "$first_tutor" "$first_lanes"; do
  "${kubectl[@]}" -n "$ns" get deployments,services,configmaps,persistentvolumeclaims -o name \
    | sed -E 's/-[a-z0-9]{10}$//' | grep -v '^configmap/kube-root-ca.crt$' | sort >"$work/objects-$ns"
done
echo "objects only in Lanes' namespace: $(comm -13 "$work/objects-$first_tutor" "$work/objects-$first_lanes" | tr '\n' ' ')"
echo "objects only in Tutor's namespace: $(comm -23 "$work/objects-$first_tutor" "$work/objects-$first_lanes" | tr '\n' ' ')"
status=0
python3 - "$work/tutor-jobs.json" "$work/lanes-jobs.json" <<'PY' || status=1
import json, sys
tutor = sorted(json.load(open(sys.argv[1]))["items"], key=lambda j: j["metadata"]["name"].rsplit("-", 1)[1])
lanes = sorted(json.load(open(sys.argv[2]))["items"],
               key=lambda j: int(j["metadata"]["annotations"]["lanes.io/init-task"].split()[0]))
same = len(tutor) == len(lanes)
for t, l in zip(tutor, lanes):
    ct, cl = (j["spec"]["template"]["spec"]["containers"][0] for j in (t, l))
    ok = ct.get("command") == cl.get("command") and ct.get("args") == cl.get("args")
    same = same and ok
    print(f"  {t['metadata']['name']:32} {l['metadata']['name']:28} {'same script' if ok else 'DIFFERENT'}")
print(f"init Jobs: Tutor {len(tutor)}, Lanes {len(lanes)}: {'the same tasks in the same order' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
PY
for pair in $(seq 1 "$pairs"); do
  "${kubectl[@]}" delete namespace "${tutor_ns[$pair]}" "${lanes_ns[$pair]}" --wait=false >/dev/null 2>&1 || true
done
exit $status
