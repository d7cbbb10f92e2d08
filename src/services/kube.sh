#!/usr/bin/env bash
# A real Kubernetes control plane on loopback: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, and
# kwok simulating the nodes (Pods get scheduled, become Running/Ready, Jobs' Pods complete) — built once per pinned
# version (src/scripts/versions.env) from the Go module proxy into ${LANES_CACHE:-~/.cache/lanes}/kube/.
#
# Verbs (contract: src/services/README.md):
#   build                       builds (or finds) the binaries; progress on stderr; prints KUBE_BIN=<dir>
#   start | stop | env          as every service script
#   serviceaccount NS NAME      creates namespace NS (if missing), ServiceAccount NAME in it, a Role with every verb
#                               on every namespaced resource of NS only (plus get/patch of the Namespace object NS
#                               itself, by name), and prints the path of a kubeconfig that authenticates as that
#                               ServiceAccount (a bound token, 24 h)
#
# Facts printed on start/env:
#   KUBE_API_URL         https://127.0.0.1:<port>/
#   KUBE_API_KUBECONFIG  an admin kubeconfig (system:masters): for tests' arranging and checking only
#   KUBE_API_KIND        real (kube-apiserver <version>, nodes simulated by kwok)
#   KUBE_API_AUDIT_LOG   the API server's audit log (JSON lines, one per request: writes by user are countable)
#   KUBE_API_LOG         the directory of the components' logs
#   KUBE_BIN             where etcd, kube-apiserver, ..., kubectl and kwok are
#   KUBECTL              kubectl at the control plane's release
# Environment: LANES_KUBE_API_PORT (default 16443); the other components listen on the next ports (+1 etcd client,
# +2 etcd peer, +3 controller-manager, +4 scheduler, +5 kwok). Keep them below 32768, where the kernel's ephemeral
# ports begin: a port in that range can be the local end of another connection (seen: the API server's own to etcd).
#
# Simulated failures (kwok Stages, in $state/kwok-stages.yaml): a Pod labelled
#   lanes.test/fail=image-pull   waits in ImagePullBackOff
#   lanes.test/fail=crash-loop   runs, then waits in CrashLoopBackOff (restartCount 3)
#   lanes.test/fail=exit         (a Job's Pod) fails with exit code 1, reason Error
#   lanes.test/fail=hang         runs and stays Running and Ready, never finishing (a task past its deadline)
# and is removed when deleted.
# Every other Pod becomes Running and Ready; a Job's Pod then Succeeds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/gobuild.sh"
source "$LANES_ROOT/src/scripts/versions.env"
service_init kube
port=${LANES_KUBE_API_PORT:-16443}
etcd_port=$((port + 1))
etcd_peer_port=$((port + 2))
cm_port=$((port + 3))
scheduler_port=$((port + 4))
kwok_port=$((port + 5))
cache=$LANES_CACHE/kube/$KUBERNETES_VERSION-etcd$ETCD_VERSION-kwok$KWOK_VERSION
bin=$cache/bin
pki=$state/pki
kubeconfig=$state/admin.kubeconfig
audit=$state/audit.log

build() {
  if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/etcd" ] && [ -x "$bin/kwok" ] && [ -x "$bin/kubectl" ]; then
    return 0
  fi
  command -v go >/dev/null || { echo "kube: go is not installed (the control plane is built from the Go module proxy)" >&2; exit 1; }
  echo "kube: building the control plane once into $cache (Kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION; several minutes)" >&2
  local started=$SECONDS staging gomod replaces
  staging=${KUBERNETES_VERSION/#v1./v0.}
  gomod=$(cd "${TMPDIR:-/tmp}" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" \
    | sed -nE 's/^\s*"GoMod": "(.*)",?$/\1/p')
  # k8s.io/kubernetes points its staging modules at ./staging; as a dependency they come from the proxy instead.
  replaces=$(sed -nE "s#^\s*(k8s.io/[a-z0-9-]+) => \./staging/src/.*#\1 => \1 $staging#p" "$gomod")
  go_tools_build "$cache/etcd" "go.etcd.io/etcd/server/v3 $ETCD_VERSION" "" go.etcd.io/etcd/server/v3
  go_tools_build "$cache/kwok" "sigs.k8s.io/kwok $KWOK_VERSION" "" sigs.k8s.io/kwok/cmd/kwok
  go_tools_build "$cache/kubernetes" "k8s.io/kubernetes $KUBERNETES_VERSION" "$replaces" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  mkdir -p "$bin.new"
  cp "$cache/etcd/bin/server" "$bin.new/etcd"
  cp "$cache/kwok/bin/kwok" "$cache"/kubernetes/bin/kube* "$bin.new/"
  # kwok's own Stage definitions, from the module it was built from.
  cp -r "$(cd "$cache/kwok/src" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage" "$bin.new/kwok-stages"
  chmod -R u+w "$bin.new"
  rm -rf "$bin"
  mv "$bin.new" "$bin"
  echo "kube: control plane built in $((SECONDS - started)) s" >&2
}

facts() {
  cat <<EOF
KUBE_API_URL=https://127.0.0.1:$port/
KUBE_API_KUBECONFIG=$kubeconfig
KUBE_API_KIND=real
KUBE_API_AUDIT_LOG=$audit
KUBE_API_LOG=$state
KUBE_BIN=$bin
KUBECTL=$bin/kubectl
EOF
}

kubectl_admin() {
  "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"
}

answers() {
  [ -s "$kubeconfig" ] && kubectl_admin get --raw /readyz >/dev/null 2>&1
}

# pki: a CA, the API server's serving certificate, client certificates for each component, the service account
# signing key. Made once per state directory.
pki() {
  [ -f "$pki/.complete" ] && return 0
  rm -rf "$pki"
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt -subj "/CN=lanes-test-ca" 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    cert() { # cert NAME SUBJECT [SAN]
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      if [ -n "${3:-}" ]; then
        printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$3" >"$1.ext"
      else
        printf 'extendedKeyUsage=clientAuth\n' >"$1.ext"
      fi
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -out "$1.crt" \
        -extfile "$1.ext" 2>/dev/null
    }
    cert apiserver "/CN=kube-apiserver" \
      "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
    cert admin "/O=system:masters/CN=lanes-test-admin"
    cert controller-manager "/CN=system:kube-controller-manager"
    cert scheduler "/CN=system:kube-scheduler"
    cert kwok "/O=system:masters/CN=kwok"
  )
  touch "$pki/.complete"
}

# write_kubeconfig FILE USER NAMESPACE CREDENTIALS: a kubeconfig for this API server (its CA trusted) whose user
# USER authenticates with CREDENTIALS (the kubeconfig's `user:` fields, one per line), in namespace NAMESPACE by
# default (none when empty).
write_kubeconfig() {
  {
    cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: lanes-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: $pki/ca.crt
users:
- name: $2
  user:
EOF
    printf '%s\n' "$4" | sed 's/^/    /'
    cat <<EOF
contexts:
- name: $2
  context:
    cluster: lanes-test
    user: $2
EOF
    if [ -n "$3" ]; then echo "    namespace: $3"; fi
    echo "current-context: $2"
  } >"$1"
}

# client_kubeconfig NAME: a kubeconfig for the client certificate NAME.
client_kubeconfig() {
  write_kubeconfig "$state/$1.kubeconfig" "$1" "" "client-certificate: $pki/$1.crt
client-key: $pki/$1.key"
}

# kwok_stages: kwok's own node, volume and pod Stages, with the pod ones limited to Pods not labelled lanes.test/fail, and
# the Stages that make labelled Pods fail.
kwok_stages() {
  local out=$state/kwok-stages.yaml stages=$bin/kwok-stages file
  : >"$out"
  for file in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    volume/fast/pvc-provision.yaml volume/fast/pv-bind.yaml volume/fast/pvc-delete.yaml volume/fast/pv-delete.yaml; do
    cat "$stages/$file" >>"$out"
    echo "---" >>"$out"
  done
  for file in pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    # Leave labelled Pods to the failure Stages below: one more selector term after matchExpressions.
    awk '{ print } /^    matchExpressions:$/ && !done { print "    - key: '"'"'.metadata.labels[\"lanes.test/fail\"]'"'"'"; print "      operator: '"'"'DoesNotExist'"'"'"; done = 1 }' \
      "$stages/$file" >>"$out"
    echo "---" >>"$out"
  done
  cat "$LANES_ROOT/src/services/kube/failure-stages.yaml" >>"$out"
}

start() {
  if service_running && answers; then
    facts
    return 0
  fi
  service_stop 2>/dev/null
  local p
  for p in "$port" "$etcd_port" "$etcd_peer_port" "$cm_port" "$scheduler_port" "$kwok_port"; do
    service_port_free "$p" || exit 1
  done
  build
  command -v openssl >/dev/null || { echo "kube: openssl is not installed" >&2; exit 1; }
  pki
  local started=$SECONDS
  rm -rf "$state/etcd" "$audit"
  : >"$pidfile"
  echo "kube: starting etcd on 127.0.0.1:$etcd_port" >&2
  setsid "$bin/etcd" --name lanes --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "lanes=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync --quota-backend-bytes 4294967296 \
    --log-level warn >"$state/etcd.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  cat >"$state/audit-policy.yaml" <<EOF
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
# Reads and watches are many and say nothing about what Lanes changed: only writes are recorded.
- level: None
  verbs: [get, list, watch]
- level: Metadata
EOF
  echo "kube: starting kube-apiserver $KUBERNETES_VERSION on https://127.0.0.1:$port" >&2
  setsid "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" \
    --cert-dir "$state/apiserver-certs" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" --api-audiences https://kubernetes.default.svc \
    --service-cluster-ip-range 10.96.0.0/16 --authorization-mode Node,RBAC --allow-privileged=true \
    --audit-policy-file "$state/audit-policy.yaml" --audit-log-path "$audit" --audit-log-format json \
    --audit-log-mode blocking --enable-priority-and-fairness=false --profiling=false \
    >"$state/apiserver.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  client_kubeconfig admin
  mv "$state/admin.kubeconfig" "$kubeconfig.tmp" && mv "$kubeconfig.tmp" "$kubeconfig"
  client_kubeconfig controller-manager
  client_kubeconfig scheduler
  client_kubeconfig kwok
  if ! service_wait 120 answers; then
    tail -n 20 "$state/apiserver.log" >&2 || true
    service_stop
    exit 1
  fi
  echo "kube: kube-apiserver ready after $((SECONDS - started)) s; starting the controller manager, the scheduler and kwok" >&2
  setsid "$bin/kube-controller-manager" --kubeconfig "$state/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$state/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$state/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$cm_port" --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --controllers '*,-nodeipam,-service-lb-controller,-cloud-node-lifecycle-controller' \
    >"$state/controller-manager.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  setsid "$bin/kube-scheduler" --kubeconfig "$state/scheduler.kubeconfig" \
    --authentication-kubeconfig "$state/scheduler.kubeconfig" --authorization-kubeconfig "$state/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$scheduler_port" --leader-elect=false \
    >"$state/scheduler.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  kwok_stages
  # Node Leases renewed every few seconds (lease-based heartbeats; without them the node controller marks the
  # simulated nodes unreachable between status heartbeats, and their Pods not ready).
  setsid "$bin/kwok" --kubeconfig "$state/kwok.kubeconfig" --config "$state/kwok-stages.yaml" --node-lease-duration-seconds 40 \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip 127.0.0.1 --node-port "$kwok_port" --server-address "127.0.0.1:$kwok_port" --cidr 10.244.0.1/16 \
    >"$state/kwok.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  # The default StorageClass, whose claims kwok's volume Stages provision and bind (PersistentVolumeClaims of
  # Tutor's env name no class: they get this one, as on a cluster with Cinder CSI as its default).
  kubectl_admin apply --server-side --field-manager lanes-test-setup -f - >/dev/null <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: kwok-volume
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kwok.x-k8s.io/volume
volumeBindingMode: Immediate
reclaimPolicy: Delete
EOF
  # Two simulated workers: Pods need a Node to be scheduled on.
  local node
  for node in kwok-worker-1 kwok-worker-2; do
    kubectl_admin apply --server-side --field-manager lanes-test-setup -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: $node
    kubernetes.io/os: linux
    node-role.kubernetes.io/worker: ""
    type: kwok
status:
  allocatable: {cpu: "64", memory: 256Gi, pods: "500"}
  capacity: {cpu: "64", memory: 256Gi, pods: "500"}
EOF
  done
  ready_nodes() {
    [ "$(kubectl_admin get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c True)" = 2 ]
  }
  default_account() {
    kubectl_admin -n default get serviceaccount default >/dev/null 2>&1
  }
  if ! service_wait 60 ready_nodes || ! service_wait 60 default_account; then
    echo "kube: the simulated nodes or the controllers did not come up; see $state/kwok.log and $state/controller-manager.log" >&2
    service_stop
    exit 1
  fi
  echo "kube: ready in $((SECONDS - started)) s: https://127.0.0.1:$port/, 2 kwok nodes, admin kubeconfig $kubeconfig" >&2
  facts
}

# serviceaccount NAMESPACE NAME: a kubeconfig for a ServiceAccount whose rights end at NAMESPACE.
serviceaccount() {
  local namespace=$1 name=$2 file token
  answers || { echo "kube: not running (start it first)" >&2; exit 1; }
  kubectl_admin apply --server-side --field-manager lanes-test-setup -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $namespace
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: $name
  namespace: $namespace
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: $name
  namespace: $namespace
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: $name
  namespace: $namespace
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: $name
subjects:
- kind: ServiceAccount
  name: $name
  namespace: $namespace
---
# Its own Namespace object only (Tutor's env declares it; deploy reads and applies it), by name.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: $name-namespace-$namespace
rules:
- apiGroups: [""]
  resources: ["namespaces"]
  resourceNames: ["$namespace"]
  verbs: ["get", "patch", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: $name-namespace-$namespace
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: $name-namespace-$namespace
subjects:
- kind: ServiceAccount
  name: $name
  namespace: $namespace
EOF
  token=$(kubectl_admin -n "$namespace" create token "$name" --duration 24h)
  file=$state/sa-$namespace-$name.kubeconfig
  write_kubeconfig "$file" "$name" "$namespace" "token: $token"
  echo "$file"
}

case "${1:-}" in
  build)
    build
    echo "KUBE_BIN=$bin"
    ;;
  start) start ;;
  stop) service_stop ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  serviceaccount)
    [ $# -eq 3 ] || { echo "usage: $0 serviceaccount NAMESPACE NAME" >&2; exit 2; }
    serviceaccount "$2" "$3"
    ;;
  *)
    echo "usage: $0 build|start|stop|env|serviceaccount NAMESPACE NAME" >&2
    exit 2
    ;;
esac
