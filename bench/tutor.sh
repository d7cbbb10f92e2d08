#!/usr/bin/env bash
# Side by side with Tutor: the real `tutor k8s launch --non-interactive` of the sample Tutor project into one
# namespace and `zuul-steps deploy` of the same project into another, on the same real control plane (kube.sh, kwok
# nodes). Prints each one's wall time and their ratio, then compares what each left in its namespace: the init Jobs
# (same count, same order, same command and args, i.e. Tutor's scripts) and the Deployments, Services, ConfigMaps
# and PVCs by kind and name (ConfigMap hash suffixes dropped; Lanes' own backup ConfigMap and release record listed
# as the only extras). Exit 1 when the init Jobs differ.
# Usage: bench/tutor.sh   (starts kube.sh if it is not running; LANES_SERVICES_DIR / LANES_KUBE_API_PORT as usual)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
cd "$LANES_ROOT"
work=$(mktemp -d /tmp/lanes-tutor-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -q -pl zuul-steps -am package -DskipTests
eval "$(bash src/scripts/tutor.sh install)"
eval "$(bash src/services/kube.sh start)"
suffix=$(date +%s)
tutor_ns=bench-tutor-$suffix
lanes_ns=bench-lanes-$suffix
kubectl=("$KUBECTL" --kubeconfig "$KUBE_API_KUBECONFIG")

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
project "$work/tutor" "$tutor_ns"
project "$work/lanes" "$lanes_ns"
lanes_kubeconfig=$(bash src/services/kube.sh serviceaccount "$lanes_ns" deployer 2>/dev/null | tail -1)

wall() { # prints the wall seconds of "$@", its output in $work/<label>.log
  local label=$1
  shift
  /usr/bin/time -f '%e' -o "$work/$label.time" "$@" >"$work/$label.log" 2>&1 \
    || { tail -20 "$work/$label.log" >&2; echo "bench: $label failed" >&2; exit 1; }
  cat "$work/$label.time"
}
echo "bench: tutor k8s launch -I into $tutor_ns ..." >&2
tutor_wall=$(PATH="$(dirname "$TUTOR"):$KUBE_BIN:$PATH" KUBECONFIG=$KUBE_API_KUBECONFIG TUTOR_PLUGINS_ROOT="$work/tutor/plugins" \
  wall tutor "$TUTOR" --root "$work/tutor" k8s launch --non-interactive)
echo "bench: zuul-steps deploy into $lanes_ns ..." >&2
lanes_wall=$(PATH="$(dirname "$TUTOR"):$KUBE_BIN:$PATH" wall lanes bin/zuul-steps deploy \
  --config "$work/lanes/lanes.config" --platform acme --tutor-root "$work/lanes" --kubeconfig "$lanes_kubeconfig" \
  --holder bench)

echo "tutor k8s launch -I:      ${tutor_wall} s"
echo "zuul-steps deploy:        ${lanes_wall} s (waits for every Deployment to be Available; Tutor does not)"
awk -v a="$lanes_wall" -v b="$tutor_wall" 'BEGIN {printf "ratio Lanes / Tutor:      %.2f\n", a / b}'
"${kubectl[@]}" -n "$tutor_ns" get jobs -o json >"$work/tutor-jobs.json"
"${kubectl[@]}" -n "$lanes_ns" get jobs -o json >"$work/lanes-jobs.json"
for ns in "$tutor_ns" "$lanes_ns"; do
  "${kubectl[@]}" -n "$ns" get deployments,services,configmaps,persistentvolumeclaims -o name \
    | sed -E 's/-[a-z0-9]{10}$//' | grep -v '^configmap/kube-root-ca.crt$' | sort >"$work/objects-$ns"
done
echo "objects only in Lanes' namespace: $(comm -13 "$work/objects-$tutor_ns" "$work/objects-$lanes_ns" | tr '\n' ' ')"
echo "objects only in Tutor's namespace: $(comm -23 "$work/objects-$tutor_ns" "$work/objects-$lanes_ns" | tr '\n' ' ')"
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
"${kubectl[@]}" delete namespace "$tutor_ns" "$lanes_ns" --wait=false >/dev/null
exit $status
