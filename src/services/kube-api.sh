#!/usr/bin/env bash
# TEST DOUBLE of a Kubernetes API server, as a process: no real kube-apiserver can run on this project's machines
# (FACTS.md). It serves zuul-steps' own test doubles (fabric8's CRUD mock with approximated server-side apply and
# dry run, and a kubelet double that marks the workloads of the namespaces named healthy, except those the ConfigMap
# kube-system/kubelet-test-double tells it to fail: see KubeletRules) on 127.0.0.1, and writes a kubeconfig for it.
# Built by `mvn package` (module src/kube-api-double). What it cannot show: see
# zuul-steps/src/test/java/io/lanes/steps/testing/kube/ServerSideApplyDispatcher.java.
# Contract: src/services/README.md. Facts printed on start/env:
#   KUBE_API_URL         the double's base URL
#   KUBE_API_KUBECONFIG  a kubeconfig whose current context (kube-api-test-double) is the double
#   KUBE_API_KIND        test-double (never a cluster)
#   KUBE_API_LOG         its log
# Environment: LANES_KUBE_API_PORT (default 16443), LANES_KUBE_API_NAMESPACES (the namespaces the kubelet double
# judges, space-separated; default "openedx-acme openedx-globex", the sample map's).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init kube-api
port=${LANES_KUBE_API_PORT:-16443}
namespaces=${LANES_KUBE_API_NAMESPACES:-openedx-acme openedx-globex}
module=$LANES_ROOT/src/kube-api-double/target
kubeconfig=$state/kubeconfig.yaml

facts() {
  cat <<EOF
KUBE_API_URL=http://127.0.0.1:$port/
KUBE_API_KUBECONFIG=$kubeconfig
KUBE_API_KIND=test-double
KUBE_API_LOG=$log
EOF
}

answers() {
  # The CRUD mock answers a namespaced list even for an empty store.
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps" 2>/dev/null && [ -s "$kubeconfig" ]
}

start() {
  if service_running && answers; then
    facts
    return 0
  fi
  service_stop 2>/dev/null
  if [ ! -f "$module/kube-api-double.jar" ] || [ ! -d "$module/lib" ]; then
    echo "kube-api: $module/kube-api-double.jar is not built (run: mvn -B package -DskipTests)" >&2
    exit 1
  fi
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  local args=(--port "$port" --kubeconfig "$kubeconfig")
  local namespace
  for namespace in $namespaces; do args+=(--namespace "$namespace"); done
  rm -f "$kubeconfig"
  echo "kube-api: starting a TEST DOUBLE of the Kubernetes API on 127.0.0.1:$port (log $log)" >&2
  setsid "$java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$module/kube-api-double.jar:$module/lib/*" \
    io.lanes.steps.deploy.KubeApiTestDoubleServer "${args[@]}" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  if ! service_wait 60 answers; then
    service_stop
    exit 1
  fi
  echo "kube-api: TEST DOUBLE ready on http://127.0.0.1:$port/, kubeconfig $kubeconfig" >&2
  facts
}

case "${1:-}" in
  start) start ;;
  stop) service_stop ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
