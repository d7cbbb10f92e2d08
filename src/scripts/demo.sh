#!/usr/bin/env bash
# The main job: builds Lanes, starts the real local services, and walks a change through every stage that works
# today on the sample platforms, then stops what it started. Stages that are not built yet are listed, never faked.
#
# Environment (all optional):
#   LANES_DEMO_SKIP_BUILD=1      use the jars already built (the e2e suite sets it)
#   LANES_DEMO_KEEP_SERVICES=1   leave the services running (the e2e suite inspects them, then stops them)
#   LANES_DEMO_SUMMARY=FILE      where to write the machine-readable summary (default: in the work directory)
#   LANES_*_PORT                 the services' ports (below): the demo uses its own block, so it runs beside services
#                                that tests started on the default ports
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"

export LANES_GERRIT_PORT=${LANES_GERRIT_PORT:-8095}
export LANES_SWIFT_PORT=${LANES_SWIFT_PORT:-18080}
export LANES_SWIFT_OBJECT_PORT=${LANES_SWIFT_OBJECT_PORT:-16200}
export LANES_SWIFT_CONTAINER_PORT=${LANES_SWIFT_CONTAINER_PORT:-16201}
export LANES_SWIFT_ACCOUNT_PORT=${LANES_SWIFT_ACCOUNT_PORT:-16202}
export LANES_MEMCACHED_PORT=${LANES_MEMCACHED_PORT:-11212}
export LANES_REGISTRY_PORT=${LANES_REGISTRY_PORT:-15000}
export LANES_MARIADB_PORT=${LANES_MARIADB_PORT:-13307}
export LANES_CEPH_RGW_PORT=${LANES_CEPH_RGW_PORT:-18082}
export LANES_CEPH_MON_PORT=${LANES_CEPH_MON_PORT:-16789}
export LANES_KUBE_API_PORT=${LANES_KUBE_API_PORT:-26443}
export LANES_MONGODB_PORT=${LANES_MONGODB_PORT:-17017}
export LANES_KEYSTONE_PORT=${LANES_KEYSTONE_PORT:-18357}
# Zuul (src/services/zuul.sh) with its executor and static node, fed by Gerrit's SSH event stream.
export LANES_GERRIT_SSH_PORT=${LANES_GERRIT_SSH_PORT:-16418}
export LANES_ZUUL_ZK_PORT=${LANES_ZUUL_ZK_PORT:-16281}
export LANES_ZUUL_WEB_PORT=${LANES_ZUUL_WEB_PORT:-16900}
export LANES_ZUUL_FINGER_PORT=${LANES_ZUUL_FINGER_PORT:-16079}
export LANES_ZUUL_NODE_SSH_PORT=${LANES_ZUUL_NODE_SSH_PORT:-16022}
export LANES_ZUUL_SMTP_PORT=${LANES_ZUUL_SMTP_PORT:-16025}
export LANES_ZUUL_EXECUTOR=1 LANES_ZUUL_PROJECT=openedx/platforms
# Every port of the demo's block is checked before anything is built or started: one message names each one taken,
# so that a run never stops half-way because another run's service holds one of them (exit 2, nothing started).
taken=()
for port_variable in LANES_GERRIT_PORT LANES_SWIFT_PORT LANES_SWIFT_OBJECT_PORT LANES_SWIFT_CONTAINER_PORT \
  LANES_SWIFT_ACCOUNT_PORT LANES_MEMCACHED_PORT LANES_REGISTRY_PORT LANES_MARIADB_PORT LANES_CEPH_RGW_PORT \
  LANES_CEPH_MON_PORT LANES_KUBE_API_PORT LANES_MONGODB_PORT LANES_KEYSTONE_PORT LANES_GERRIT_SSH_PORT \
  LANES_ZUUL_ZK_PORT LANES_ZUUL_WEB_PORT LANES_ZUUL_FINGER_PORT LANES_ZUUL_NODE_SSH_PORT LANES_ZUUL_SMTP_PORT; do
  if (echo >"/dev/tcp/127.0.0.1/${!port_variable}") 2>/dev/null; then
    taken+=("$port_variable=${!port_variable}")
  fi
done
if [ ${#taken[@]} -gt 0 ]; then
  echo "demo: ports already in use (another run's services?): ${taken[*]}; stop what listens there or set those" \
    "variables to free ports; nothing was started" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-demo.XXXXXX")
# Every run starts its services from nothing, in its own state directory.
export LANES_SERVICES_DIR=${LANES_SERVICES_DIR:-$work/services}
summary=${LANES_DEMO_SUMMARY:-$work/summary.json}
started_services=()
stage_name="set-up"
stage_started=$SECONDS
timings=()

stage() {
  [ "$stage_name" = "set-up" ] || timings+=("$stage_name=$((SECONDS - stage_started))")
  stage_name=$1
  stage_started=$SECONDS
  shift
  printf '\n== %s: %s\n' "$stage_name" "$*" >&2
}
finish() {
  local code=$?
  if [ $code -ne 0 ]; then
    echo "demo: FAILED in stage '$stage_name' (exit $code); logs kept in $work" >&2
  fi
  # A service still starting in the background is let finish first, so that its stop finds it.
  [ -z "${keystone_start:-}" ] || wait "$keystone_start" 2>/dev/null || true
  if [ "${LANES_DEMO_KEEP_SERVICES:-}" != 1 ]; then
    local i
    for ((i = ${#started_services[@]} - 1; i >= 0; i--)); do
      bash "src/services/${started_services[i]}.sh" stop || true
    done
  fi
  exit $code
}
trap finish EXIT
start_service() {
  local facts
  # Listed first: a service that fails half-way through its start is stopped too.
  started_services+=("$1")
  facts=$(bash "src/services/$1.sh" start)
  read_facts <<<"$facts"
}
# read_facts: a service's KEY=VALUE facts (stdin) as shell variables.
read_facts() {
  local key value
  while IFS='=' read -r key value; do
    [ -n "$key" ] && printf -v "$key" '%s' "$value"
  done
}
json() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read().split('\n',1)[1]); print($1)"; }
# result FILE EXPR: EXPR over the JSON of a step's --result file (as d).
result() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
steps() { bin/zuul-steps "$@"; }
# zuul_api PATH: zuul-web's REST API for the demo's tenant.
zuul_api() { curl -sf "$ZUUL_URL/api/tenant/$ZUUL_TENANT/$1"; }
# zuul_vote CHANGE: waits for Zuul's Verified vote on CHANGE (not 0: Zuul sets 0 when check starts) and prints it.
# A change pushed while Zuul reconnects to Gerrit's event stream can be missed: "recheck" after a minute of silence.
zuul_vote() {
  local deadline=$((SECONDS + 900)) rechecked= detail vote
  while :; do
    detail=$(rest "$GERRIT_URL/a/changes/$1/detail" | sed 1d)
    vote=$(/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(next((str(v["value"]) for v in
      d["labels"].get("Verified", {}).get("all", []) if v.get("username") == sys.argv[2] and v.get("value")), ""))' \
      "$detail" "$ZUUL_GERRIT_USER")
    if [ -n "$vote" ]; then echo "$vote"; return 0; fi
    if [ -z "$rechecked" ] && [ $SECONDS -gt $((deadline - 840)) ] && ! grep -q "\"$ZUUL_GERRIT_USER\"" <<<"$detail"; then
      rest -X POST -d '{"message": "recheck"}' "$GERRIT_URL/a/changes/$1/revisions/current/review" >/dev/null
      rechecked=1
    fi
    [ $SECONDS -lt $deadline ] || { echo "demo: no Verified vote from Zuul on change $1 in 15 minutes" >&2; return 1; }
    sleep 3
  done
}
# zuul_build CHANGE PIPELINE JOB [PATCHSET]: waits for the newest complete build of JOB for CHANGE (-: a ref's item,
# as the periodic pipeline's) in PIPELINE (of
# PATCHSET when given), keeps it in $work/build-CHANGE-PIPELINE-JOB.json and prints its result (SUCCESS, FAILURE...).
zuul_build() {
  local deadline=$((SECONDS + 1200)) file=$work/build-$1-$2-$3.json query="pipeline=$2&job_name=$3&complete=true"
  [ "$1" = - ] || query="change=$1&$query"
  while :; do
    if zuul_api "builds?$query" | /usr/bin/python3 -c 'import json,sys
builds = [b for b in json.load(sys.stdin) if not sys.argv[2] or str(b["ref"].get("patchset")) == sys.argv[2]]
if not builds: sys.exit(1)
json.dump(builds[0], open(sys.argv[1], "w"))' "$file" "${4:-}"; then
      result "$file" 'd["result"]'
      return 0
    fi
    [ $SECONDS -lt $deadline ] || { echo "demo: no complete $3 build for change $1 in $2 after 20 minutes" >&2; return 1; }
    sleep 3
  done
}
# zuul_logs CHANGE PIPELINE JOB: the stored logs of the build zuul_build kept (the site's log store, a directory here).
zuul_logs() { result "$work/build-$1-$2-$3.json" 'd["log_url"]' | sed 's|^file://||; s|/$||'; }
# zuul_result CHANGE PIPELINE JOB STEP NAME: copies the result file of STEP that the build's job returned (kept in its
# logs) to $work/NAME.json.
zuul_result() { cp "$(zuul_logs "$1" "$2" "$3")/lanes/results/$4.json" "$work/$5.json"; }
# keystone_token: a token of Keystone's project user, scoped to its project (the password on stdin, never printed).
keystone_token() {
  printf '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "domain": {"name":
    "Default"}, "password": "%s"}}}, "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}' \
    "$KEYSTONE_USER" "$KEYSTONE_PASSWORD" "$KEYSTONE_PROJECT" \
    | curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d @- "$KEYSTONE_URL/auth/tokens" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p'
}
# swift_account: the Keystone project's Swift account (its object-store endpoint in Keystone's catalog).
swift_account() { printf 'http://127.0.0.1:%s/v1/KEY_%s' "$LANES_SWIFT_PORT" "$KEYSTONE_PROJECT_ID"; }
# swift_objects CONTAINER: how many objects the container of the project's account holds (a Keystone token).
swift_objects() {
  curl -fsS -I -H "X-Auth-Token: $(keystone_token)" "$(swift_account)/$1" | tr -d '\r' \
    | sed -n 's/^[Xx]-[Cc]ontainer-[Oo]bject-[Cc]ount: //p'
}
# sql DATABASE STATEMENT: runs a statement on the demo's MariaDB (the password through the environment).
sql() { MYSQL_PWD=$MARIADB_PASSWORD mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -u"$MARIADB_USER" -N -B "$@"; }

bash src/scripts/install-packages.sh
# The Kubernetes control plane, built once per pinned version from the Go module proxy (minutes the first time).
bash src/services/kube.sh build >/dev/null
# FerretDB (MongoDB's wire protocol on SQLite), built once per pinned version from the Go module proxy (~2 minutes).
bash src/services/mongodb.sh build >/dev/null
# Keystone (the registry's identity service, as Magnum's Swift has it) from PyPI, in a virtualenv cached once per
# version (~2 minutes the first time).
bash src/services/keystone.sh build >/dev/null
# Tutor and its plugins (src/scripts/versions.env) from PyPI, in a virtualenv cached once per pin set (~25 s the first
# time). The sample platform is a Tutor project: Tutor writes its env/, render regenerates it and deploy reads the
# init tasks from Tutor, as on a Zuul node with tutor on PATH. Only `tutor` goes on PATH (a link), not the venv's python.
# Zuul from PyPI, and the Ansible versions Zuul installs for its executor (zuul-manage-ansible), cached once per
# version (~7 minutes the first time).
bash src/services/zuul.sh build
tutor_facts=$(bash src/scripts/tutor.sh install)
TUTOR=$(sed -n 's/^TUTOR=//p' <<<"$tutor_facts")
mkdir -p "$work/bin"
ln -s "$TUTOR" "$work/bin/tutor"
export PATH="$work/bin:$PATH"
# tutor_save ROOT: `tutor config save` on the Tutor project ROOT, its own plugins (ROOT/plugins) as Tutor's plugins
# root, as zuul-steps runs it.
tutor_save() {
  TUTOR_PLUGINS_ROOT="$1/plugins" tutor --root "$1" config save >>"$work/tutor.log" 2>&1 \
    || { echo "demo: tutor config save in $1 failed:" >&2; tail -5 "$work/tutor.log" >&2; exit 1; }
}

if [ "${LANES_DEMO_SKIP_BUILD:-}" != 1 ]; then
  stage build "Maven, JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
  mvn -B -ntp -q package -DskipTests
fi

# Keystone's first start (its database, Fernet keys, the project, users and application credential: ~40 s on two busy
# cores) runs in the background from here; the push-image stage, which needs it, waits for it.
started_services+=(keystone)
(umask 077 && exec bash src/services/keystone.sh start >"$work/keystone.facts" 2>"$work/keystone.start.log") &
keystone_start=$!

stage gerrit "a real Gerrit 3.13 daemon with the lanes plugin"
start_service gerrit
auth="Authorization: Basic $(printf 'admin:%s' "$(cat "$GERRIT_TOKEN_FILE")" | base64 -w0)"
rest() { curl -sf -H "$auth" -H 'Content-Type: application/json' "$@"; }
git_http() { git -c http.extraHeader="$auth" "$@"; }
project=openedx/platforms
project_id=openedx%2Fplatforms
echo "Gerrit at $GERRIT_URL" >&2

stage project "create $project and its platform map (lanes.config in refs/meta/config)"
rest -X PUT -d '{"create_empty_commit": true, "branches": ["main"], "owners": ["Administrators"]}' \
  "$GERRIT_URL/a/projects/$project_id" \
  >/dev/null || rest "$GERRIT_URL/a/projects/$project_id" >/dev/null
admins=$(rest "$GERRIT_URL/a/groups/Administrators" | json 'd["id"]')
rest -X POST "$GERRIT_URL/a/projects/$project_id/access" -d "{\"add\": {\"refs/meta/config\": {\"permissions\":
  {\"push\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\"}}}}}}}" >/dev/null
clone=$work/platforms
git_http clone -q "$GERRIT_URL/a/$project" "$clone"
curl -sf -o "$clone/.git/hooks/commit-msg" "$GERRIT_URL/tools/hooks/commit-msg"
chmod +x "$clone/.git/hooks/commit-msg"
git -C "$clone" config user.name "Lanes Demo"
git -C "$clone" config user.email "admin@example.com"
git_http -C "$clone" fetch -q origin refs/meta/config:refs/remotes/origin/meta-config
git -C "$clone" checkout -q -b meta-config origin/meta-config
# The sample map, with the registry and the backup endpoint of the services this demo starts.
sed -e "s|registry = localhost:5000|registry = localhost:$LANES_REGISTRY_PORT|" \
  -e "s|endpoint = http://127.0.0.1:8082|endpoint = http://127.0.0.1:$LANES_CEPH_RGW_PORT|" \
  src/sample-platform/lanes.config >"$clone/lanes.config"
grep -q "registry = localhost:$LANES_REGISTRY_PORT" "$clone/lanes.config" \
  && grep -q "endpoint = http://127.0.0.1:$LANES_CEPH_RGW_PORT" "$clone/lanes.config" \
  || { echo "demo: src/sample-platform/lanes.config no longer has the registry and backup endpoint it expects" >&2; exit 1; }
# acme opts in to previews (each change its own short-lived namespace, docs/steps/preview.md); the quota is sized
# for the whole Tutor sample, whose lms and cms request 2Gi each.
cat >>"$clone/lanes.config" <<'INI'
[preview "acme"]
	lmsHost = learn.acme.example
	host = c{change}.preview.acme.example
	cpu = 20
	memory = 40Gi
	objects = 60
	ttlHours = 72
INI
echo "a maintainer checks the map and the Zuul configuration before pushing them:" >&2
steps check-config "$clone/lanes.config" >&2
steps check-zuul zuul.d --config "$clone/lanes.config" >&2
git -C "$clone" add lanes.config
git -C "$clone" commit -q -m "Map the platforms acme and globex"
git_http -C "$clone" push -q origin HEAD:refs/meta/config
rest "$GERRIT_URL/a/projects/$project_id/lanes~platforms" | json '"\n".join(
  "  platform {}: branch {} -> namespace {} on cluster {}, images {}".format(
    n, p["branch"], p["namespace"], p["cluster"], p["image_prefix"]) for n, p in d["platforms"].items())' >&2

stage zuul "a real Zuul on this Gerrit (scheduler, merger, web, executor; one static node: this machine), with Lanes' zuul.d and playbooks in its tenant and acme's credentials as secrets encrypted with the tenant's key"
namespace=$(rest "$GERRIT_URL/a/projects/$project_id/lanes~platforms" | json 'd["platforms"]["acme"]["namespace"]')
start_service mariadb
start_service mongodb
start_service ceph
start_service kube
start_service podman
# Lanes deploys as a ServiceAccount whose rights end at the platform's namespace (no cluster-admin): the cluster's
# admin creates it once per platform; kube.sh does what that admin would.
deploy_kubeconfig=$(bash src/services/kube.sh serviceaccount "$namespace" lanes-deploy)
kubectl_admin() { "$KUBECTL" --kubeconfig "$KUBE_API_KUBECONFIG" "$@"; }
# The preview ServiceAccount: rights on acme's preview namespaces only (never on openedx-acme), as printed by
# preview access and applied by the cluster's admin; the API server loads the admission policy from a watch.
preview_kubeconfig=$(bash src/services/kube.sh serviceaccount lanes-system lanes-preview-acme)
steps preview access --config "$clone/lanes.config" --platform acme --service-account lanes-system/lanes-preview-acme \
  | kubectl_admin apply --server-side --field-manager lanes-demo -f - >/dev/null
for _ in $(seq 100); do
  "$KUBECTL" --kubeconfig "$preview_kubeconfig" label namespace "$namespace" lanes.io/probe=1 --dry-run=server \
    2>&1 | grep -q "writes only in preview namespaces" && break
  sleep 0.2
done
start_service zuul
# What the site's operators give Zuul once: the zuul-steps release the nodes install (publish-runner), and the node's
# engine and tools (here: podman's Docker API and the Tutor this demo installed; a real node image carries them).
bash src/services/zuul.sh publish-runner zuul-steps/target/zuul-steps.jar >/dev/null
cat >"$ZUUL_SITE_CONFIG/zuul.d/site-lanes-node.yaml" <<YAML
# The demo's node (src/scripts/demo.sh): podman's Docker-compatible API and the Tutor of src/scripts/tutor.sh.
- job:
    name: lanes-base
    vars:
      lanes_docker_host: $DOCKER_HOST
      lanes_node_path: [$work/bin]
YAML
# acme's secrets, each the whole credential (the kubeconfigs with their CA inlined), in files only the demo reads;
# zuul.sh tenant encrypts them with the config project's key and never prints them.
inline_ca() {
  /usr/bin/python3 - "$1" <<'PY'
import base64, re, sys
text = open(sys.argv[1]).read()
path = re.search(r"certificate-authority: (\S+)", text).group(1)
ca = base64.b64encode(open(path, "rb").read()).decode()
print(text.replace("certificate-authority: " + path, "certificate-authority-data: " + ca), end="")
PY
}
# The DR site's age key pair: backups are encrypted to its public key; only the DR site's identity opens them (the
# periodic drill gets it as acme's backup-key secret).
age-keygen -o "$work/dr.agekey" 2>/dev/null
# acme's part of the config project, written by the step every platform uses for it (zuul-steps zuul-config: docs/
# steps/zuul-config.md), from the map and acme's credentials, one file each: the deploy kubeconfig, the S3 keys of
# the backups' bucket, the backups' age identity, the DR databases the drill restores into (this demo's servers).
# The registry asks for no login (Magnum's does not), so acme gets no registry secret.
mkdir -m 700 "$work/secrets" "$work/secrets/acme"
(
  umask 077
  inline_ca "$deploy_kubeconfig" >"$work/secrets/acme/kubeconfig"
  inline_ca "$preview_kubeconfig" >"$work/secrets/acme-preview-kubeconfig"
  printf '%s' "$CEPH_S3_ACCESS_KEY" >"$work/secrets/acme/s3-access-key"
  printf '%s' "$CEPH_S3_SECRET_KEY" >"$work/secrets/acme/s3-secret-key"
  cp "$work/dr.agekey" "$work/secrets/acme/backup-key"
  printf '%s' "$MARIADB_PASSWORD" >"$work/secrets/acme/dr-mysql-password"
  printf '%s' "$MONGODB_URI" >"$work/secrets/acme/dr-mongodb-uri"
)
curl -sf -o "$work/config-project.pub" "$ZUUL_URL/api/tenant/$ZUUL_TENANT/key/$ZUUL_CONFIG_PROJECT.pub"
mkdir -p "$ZUUL_SITE_CONFIG/zuul.d/platforms"
steps zuul-config --config "$clone/lanes.config" --platform acme --public-key "$work/config-project.pub" \
  --secrets "$work/secrets/acme" --drill-mysql-host 127.0.0.1 \
  --output "$ZUUL_SITE_CONFIG/zuul.d/platforms/acme.yaml" 2>&1 | sed 's/^/  /' >&2
# The drill's database accounts on this demo's servers (a real site's DR databases listen on 3306 as root).
cat >>"$ZUUL_SITE_CONFIG/zuul.d/site-lanes-node.yaml" <<YAML

- job:
    name: lanes-dr-drill
    vars:
      lanes_drill_mysql_port: $MARIADB_PORT
      lanes_drill_mysql_user: $MARIADB_USER
YAML
bash src/services/zuul.sh tenant "acme preview kubeconfig=$work/secrets/acme-preview-kubeconfig"
for platform in acme globex; do
  rest -X PUT -d '{"revision": "main"}' "$GERRIT_URL/a/projects/$project_id/branches/platform%2F$platform" >/dev/null
done
echo "  Zuul $(sed -n 's/^ZUUL_VERSION=//p' src/scripts/versions.env) at $ZUUL_URL, tenant $ZUUL_TENANT: config project $ZUUL_CONFIG_PROJECT (pipelines, Lanes' jobs, the secrets), $project untrusted (its project stanza on each branch); Zuul votes as Gerrit user $ZUUL_GERRIT_USER" >&2

stage review "push a change carrying the sample platform's Tutor project (config.yml, its plugin, the env/ Tutor writes) to platform/acme, over git-over-HTTP"
git_http -C "$clone" fetch -q origin platform/acme
git -C "$clone" checkout -q -b acme FETCH_HEAD
# The branch carries what Zuul's jobs read in its checkout: a copy of the platform map (lanes_platform_map, the same
# file as refs/meta/config's) and its project stanza, which names where acme's Tutor plugin writes its images.
git -C "$clone" show meta-config:lanes.config >"$clone/lanes.config"
grep -q '^      - lanes-platform$' "$clone/zuul.d/projects.yaml" \
  || { echo "demo: zuul.d/projects.yaml no longer applies the template lanes-platform" >&2; exit 1; }
sed -i 's|^    templates:$|    vars:\n      lanes_build_dirs: [env/plugins/acme/build]\n    templates:|' "$clone/zuul.d/projects.yaml"
cp src/sample-platform/config.yml "$clone/config.yml"
cp -r src/sample-platform/plugins "$clone/plugins"
# The sample's config.yml names acme's images under the sample map's prefix localhost:5000/acme/; this demo's
# registry has its own port, so the maintainer sets it in config.yml and Tutor writes the env for it.
grep -q 'localhost:5000/acme/' "$clone/config.yml" \
  || { echo "demo: src/sample-platform/config.yml no longer names its images under localhost:5000/acme/" >&2; exit 1; }
sed -i "s|localhost:5000/acme/|localhost:$LANES_REGISTRY_PORT/acme/|g" "$clone/config.yml"
tutor_save "$clone"
echo "  $(tutor --version 2>/dev/null | sed 's/, version / /') wrote env/ from config.yml (plugins: $(sed -n '/^PLUGINS:/,/^[A-Z]/s/^- //p' "$clone/config.yml" | paste -sd, -))" >&2
git -C "$clone" add lanes.config zuul.d config.yml plugins env
git -C "$clone" commit -q -m "Set up the acme platform's Tutor project"
git_http -C "$clone" push -q origin HEAD:refs/for/platform/acme 2>"$work/push.log"
pushed_at=$SECONDS
change=$(rest "$GERRIT_URL/a/changes/?q=project:$project+branch:platform/acme+status:open" | json 'd[0]["_number"]')
patchset=1
echo "change $change, patch set $patchset, on platform/acme: config.yml, $(git -C "$clone" ls-files plugins | wc -l) files under plugins/, $(git -C "$clone" ls-files env | wc -l) under env/" >&2

stage guard "pushes that break a lane are rejected by the plugin, over real git-over-HTTP"
git -C "$clone" checkout -q -b bad-change HEAD
mkdir -p "$clone/env/k8s"
cat > "$clone/env/k8s/debug.yml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: debug
  namespace: openedx-globex
spec:
  selector: {matchLabels: {app: debug}}
  template:
    metadata: {labels: {app: debug}}
    spec:
      containers:
        - name: debug
          image: docker.io/library/busybox:1.36
          securityContext: {privileged: true}
      volumes:
        - name: host
          hostPath: {path: /}
YAML
git -C "$clone" add env/k8s/debug.yml
git -C "$clone" commit -q -m "Add a debug deployment"
if git_http -C "$clone" push origin HEAD:refs/for/platform/acme >"$work/rejected-push.log" 2>&1; then
  echo "demo: the plugin accepted a push that breaks the acme lane" >&2
  exit 1
fi
grep -E '^remote: ' "$work/rejected-push.log" | grep -iE 'debug|rejected|lanes' | sed 's/^remote: */  /' >&2
rejected_lines=$(grep -cE '^remote: .*Deployment/debug' "$work/rejected-push.log" || true)
git -C "$clone" checkout -q acme
# refs/meta/config as Gerrit has it now (Zuul's set-up added its labels and access rights since the map was pushed)
git_http -C "$clone" fetch -q origin refs/meta/config
git -C "$clone" checkout -q -B meta-config FETCH_HEAD
printf '[platform "acme"]\n\tnamespace = openedx-globex\n' >> "$clone/lanes.config"
git -C "$clone" commit -q -am "Map acme twice"
if git_http -C "$clone" push origin HEAD:refs/meta/config >"$work/rejected-map.log" 2>&1; then
  echo "demo: the plugin accepted a broken platform map" >&2
  exit 1
fi
grep -E '^remote: .*lanes.config' "$work/rejected-map.log" | sed 's/^remote: */  /' >&2
git -C "$clone" reset -q --hard HEAD~1
git -C "$clone" checkout -q acme

stage check "Zuul's check pipeline on the change: lanes-render renders its env into acme's lane and compares it with the live namespace on the real kube-apiserver (as acme's ServiceAccount); lanes-build-image builds acme's own images (env/plugins/acme/build) through podman's Docker-compatible API; Zuul votes Verified"
git_http -C "$clone" fetch -q origin refs/meta/config:refs/meta/config
verified=$(zuul_vote "$change")
check_seconds=$((SECONDS - pushed_at))
# A lane break the plugin cannot see, pushed while Zuul checks change 1 (on top of it): acme's Tutor plugin adds a
# kustomize patch (Tutor's kustomization-patches) that swaps lms's image for one outside acme's registry. In
# env/kustomization.yml the image is a JSON patch's value, not a container's image:, so push validation lets it
# through; lanes-render applies the patch and refuses the result, with a comment on the line of the object it breaks.
git -C "$clone" checkout -q -b lane-break acme
cat >>"$clone/plugins/acme.py" <<'PY'

# lms: a miner image from outside acme's registry, as a kustomize JSON patch
hooks.Filters.ENV_PATCHES.add_item(("kustomization-patches", """
- target:
    kind: Deployment
    name: lms
  patch: |-
    - op: replace
      path: /spec/template/spec/containers/0/image
      value: docker.io/evil/miner:1.0
"""))
PY
tutor_save "$clone"
grep -q 'value: docker.io/evil/miner:1.0$' "$clone/env/kustomization.yml" \
  || { echo "demo: Tutor did not write acme's kustomization-patches into env/kustomization.yml" >&2; exit 1; }
git -C "$clone" add -A plugins env
git -C "$clone" commit -q -m "lms: run the miner image"
git_http -C "$clone" push -q origin HEAD:refs/for/platform/acme 2>>"$work/push.log"
lane_change=$(rest "$GERRIT_URL/a/changes/?q=commit:$(git -C "$clone" rev-parse HEAD)" | json 'd[0]["_number"]')
git -C "$clone" checkout -q acme
render_build=$(zuul_build "$change" check lanes-render)
images_build=$(zuul_build "$change" check lanes-build-image)
echo "  Zuul voted Verified $verified on change $change (lanes-render $render_build, lanes-build-image $images_build; logs in $(zuul_logs "$change" check lanes-render))" >&2
if [ "$verified" != 1 ] || [ "$render_build" != SUCCESS ] || [ "$images_build" != SUCCESS ]; then
  echo "demo: Zuul's check of change $change: Verified $verified, lanes-render $render_build, lanes-build-image $images_build" >&2
  exit 1
fi
zuul_result "$change" check lanes-render resolve resolve
zuul_result "$change" check lanes-render render render
zuul_result "$change" check lanes-build-image build-image-0 build
resolved=$(result "$work/resolve.json" 'd["lanes"]["target"]["namespace"]')
[ "$resolved" = "$namespace" ] \
  || { echo "demo: lanes-render resolved $resolved, the plugin's map says $namespace" >&2; exit 1; }
echo "  Kubernetes $(sed -n 's/^KUBERNETES_VERSION=//p' src/scripts/versions.env) at $KUBE_API_URL; nodes simulated by kwok; Lanes as ServiceAccount lanes-deploy of $namespace" >&2
mkdir -p "$work/render"
cp "$(zuul_logs "$change" check lanes-render)/lanes/render/preview.md" "$work/render/preview.md"
echo "  --- preview for the reviewer (lanes-render's artifact, $work/render/preview.md) ---" >&2
awk '/^### / {exit} NR > 45 {exit} {print "  | " $0}' "$work/render/preview.md" >&2
# the init tasks deploy will run, as the reviewer reads them at the end of the preview
awk 'on && /^### / {exit} /^### Init tasks/ {on = 1} on && NF {print "  | " $0}' "$work/render/preview.md" >&2
images=$(result "$work/build.json" '" ".join(i["name"] for i in d["lanes"]["images"])')
result "$work/build.json" '"\n".join("  built {}".format(i.get("reference", i["name"])) for i in d["lanes"]["images"])' >&2
lane_verified=$(zuul_vote "$lane_change")
lane_build=$(zuul_build "$lane_change" check lanes-render)
echo "  change $lane_change (on top of change $change: acme's plugin patches lms's image through env/kustomization.yml," \
  "which push validation reads as text): Zuul voted Verified $lane_verified, lanes-render $lane_build; its comments:" >&2
rest "$GERRIT_URL/a/changes/$lane_change/comments" | sed 1d >"$work/lane-comments.json"
result "$work/lane-comments.json" '"\n".join("  {}:{}: {}".format(p, c["line"], c["message"].splitlines()[0]) for p, cs in d.items() for c in cs)' >&2
if [ "$lane_verified" != -1 ] || [ "$lane_build" != FAILURE ] || [ "$(result "$work/lane-comments.json" 'len(d)')" = 0 ]; then
  echo "demo: Zuul's check of the lane-breaking change $lane_change: Verified $lane_verified, lanes-render $lane_build, no file comment" >&2
  exit 1
fi
rest -X POST -d '{"message": "Breaks the acme lane: abandoned (the demo)."}' "$GERRIT_URL/a/changes/$lane_change/abandon" >/dev/null

stage registry "the registry as Magnum runs it: distribution 2.8 on a real Swift, logging in to a real Keystone v3 with the configuration zuul-steps registry-config wrote (gate pushes there)"
# Keystone first (a project, its member user "registry", an application credential, Swift in its catalog; started in
# the background at the beginning), then Swift with Keystone's middleware in its proxy (keystonemiddleware's authtoken +
# keystoneauth), as Magnum's Swift has it.
if ! wait "$keystone_start"; then
  keystone_start=
  echo "demo: Keystone did not start:" >&2
  sed 's/^/  /' "$work/keystone.start.log" >&2
  exit 1
fi
keystone_start=
sed 's/^/  /' "$work/keystone.start.log" >&2
read_facts <"$work/keystone.facts"
export LANES_SWIFT_KEYSTONE=1
start_service swift
echo "  Keystone $(sed -n 's/^KEYSTONE_VERSION=//p' src/scripts/versions.env) at $KEYSTONE_URL (project $KEYSTONE_PROJECT, user $KEYSTONE_USER); Swift's proxy takes its tokens" >&2
# The project's credentials as a Zuul secret or an operator's clouds.yaml holds them (mode 0600, never printed): the
# registry's own user and password, and an application credential for the checks a job runs.
(
  umask 077
  cat >"$work/clouds.yaml" <<YAML
clouds:
  lanes-registry:
    auth:
      auth_url: $KEYSTONE_URL
      username: $KEYSTONE_USER
      password: $KEYSTONE_PASSWORD
      project_name: $KEYSTONE_PROJECT
      user_domain_name: Default
      project_domain_name: Default
    region_name: $KEYSTONE_REGION
    identity_api_version: 3
  lanes-registry-check:
    auth_type: v3applicationcredential
    auth:
      auth_url: $KEYSTONE_URL
      application_credential_id: $KEYSTONE_APPCRED_ID
      application_credential_secret: $KEYSTONE_APPCRED_SECRET
    region_name: $KEYSTONE_REGION
YAML
)
registry_container=registry-acme
cloud_flags=(--clouds-file "$work/clouds.yaml" --container "$registry_container")
echo "  registry-config --check before the operator created the container (one line naming what is wrong):" >&2
if steps registry-config --cloud lanes-registry-check "${cloud_flags[@]}" --check >"$work/registry-check-0.out" 2>&1; then
  echo "demo: registry-config --check passed for container $registry_container, which does not exist yet" >&2
  exit 1
fi
sed 's/^/    /' "$work/registry-check-0.out" >&2
# What `openstack container create registry-acme` does, as the project's user (no openstack CLI here).
curl -fsS -o /dev/null -X PUT -H "X-Auth-Token: $(keystone_token)" "$(swift_account)/$registry_container"
echo "  created container $registry_container in $(swift_account) (openstack container create $registry_container)" >&2
steps registry-config --cloud lanes-registry-check "${cloud_flags[@]}" --check 2>&1 | sed 's/^/  /' >&2
steps registry-config --cloud lanes-registry "${cloud_flags[@]}" --listen "127.0.0.1:$LANES_REGISTRY_PORT" \
  --output "$work/registry/config.yml" 2>&1 | sed 's/^/  /' >&2
LANES_REGISTRY_CONFIG=$work/registry/config.yml start_service registry

stage preview "a reviewer asks for the change's preview (Lanes-Preview +1): Zuul's preview pipeline deploys it into a namespace, quota and host of its own, as the preview ServiceAccount; the reviewer sees it in the Checks tab"
rest -X POST -d '{"labels": {"Lanes-Preview": 1}}' "$GERRIT_URL/a/changes/$change/revisions/current/review" >/dev/null
preview_build=$(zuul_build "$change" preview lanes-preview-up)
[ "$preview_build" = SUCCESS ] || { echo "demo: lanes-preview-up: $preview_build (logs $(zuul_logs "$change" preview lanes-preview-up))" >&2; exit 1; }
zuul_result "$change" preview lanes-preview-up preview-up preview
preview_namespace=$(result "$work/preview.json" 'd["lanes"]["preview"]["namespace"]')
echo "  preview of change $change: $(result "$work/preview.json" 'd["lanes"]["preview"]["url"]') in $preview_namespace (lanes-preview-up $preview_build); its quota:" >&2
kubectl_admin get resourcequota lanes-preview -n "$preview_namespace" -o jsonpath='{.status.hard}' \
  | sed 's/^/    /' >&2
echo >&2
# The author answers the review with patch set 2 (the help desk's address as the contact): Zuul checks it again, and
# since Gerrit copies the Lanes-Preview vote to new patch sets, the preview pipeline updates the same preview.
grep -q '^CONTACT_EMAIL: learning@acme.example$' "$clone/config.yml" \
  || { echo "demo: src/sample-platform/config.yml no longer sets CONTACT_EMAIL: learning@acme.example" >&2; exit 1; }
sed -i 's/^CONTACT_EMAIL: learning@acme.example$/CONTACT_EMAIL: help@acme.example/' "$clone/config.yml"
tutor_save "$clone"
git -C "$clone" add -A config.yml env
git -C "$clone" commit -q --amend --no-edit
git_http -C "$clone" push -q origin HEAD:refs/for/platform/acme 2>>"$work/push.log"
updated_build=$(zuul_build "$change" preview lanes-preview-up 2)
[ "$updated_build" = SUCCESS ] || { echo "demo: lanes-preview-up of patch set 2: $updated_build" >&2; exit 1; }
zuul_result "$change" preview lanes-preview-up preview-up preview
preview_patchset=$(kubectl_admin get namespace "$preview_namespace" -o jsonpath='{.metadata.labels.lanes\.io/patchset}')
echo "  patch set 2 (CONTACT_EMAIL: help@acme.example): lanes-preview-up $updated_build; preview updated to patch set $preview_patchset in $preview_namespace" >&2
[ "$preview_patchset" = 2 ] || { echo "demo: the preview's namespace says patch set $preview_patchset, not 2" >&2; exit 1; }
verified=$(zuul_vote "$change")
[ "$verified" = 1 ] || { echo "demo: Zuul's check of patch set 2 voted Verified $verified" >&2; exit 1; }
echo "  Zuul voted Verified $verified on patch set 2" >&2
# Each job reports its stage to the Lanes plugin after its step (lanes-base's post-run, zuul-steps report) as Zuul's
# Gerrit user, a service user in the plugin's reportingGroup: the change's Checks tab shows render, images and preview.
rest "$GERRIT_URL/a/changes/$change/revisions/current/lanes~results" | sed 1d >"$work/checks.json"
result "$work/checks.json" '"\n".join("  Checks tab: Lanes {}: {} - {} (reported by {})".format(s, r["status"],
  r.get("summary", ""), r.get("reported_by", "?")) for s, r in d.items())' >&2

stage submit "an acme owner approves (Code-Review+2, Workflow+1): the Lanes-Deploy gate is met, Zuul's gate pipeline renders and pushes the images on the merged state, votes Verified+2 and submits"
# acme is protected: its ownerGroup acme-maintainers must exist, with admin in it.
rest -X PUT -d '{"members": ["admin"]}' "$GERRIT_URL/a/groups/acme-maintainers" >/dev/null 2>&1 || true
# The gate is the Lanes-Deploy submit requirement on the plugin's operators, defined as the plugin's config.md gives
# it (the owner's override label first, which overrideIf names).
rest -X PUT -d '{"values": {"+1": "Override a freeze", " 0": "No score"}, "function": "NoBlock"}' \
  "$GERRIT_URL/a/projects/$project_id/labels/Lanes-Override" >/dev/null 2>&1 || true
rest -X PUT -d '{"name": "Lanes-Deploy",
  "description": "Lanes: Verified+1, an owner Code-Review+2 on protected platforms, and no freeze",
  "applicability_expression": "branch:^refs/heads/platform/.*", "submittability_expression": "has:deployable_lanes",
  "override_expression": "label:Lanes-Override=+1 AND has:freeze-override_lanes",
  "allow_override_in_child_projects": false}' \
  "$GERRIT_URL/a/projects/$project_id/submit_requirements/Lanes-Deploy" >/dev/null
requirement=$(rest "$GERRIT_URL/a/changes/$change?o=SUBMIT_REQUIREMENTS" | json '" ".join(r["status"]
  for r in d.get("submit_requirements", []) if r["name"] == "Lanes-Deploy")')
echo "  Lanes-Deploy before the owner's vote: ${requirement:-missing}" >&2
[ "$requirement" = UNSATISFIED ] || { echo "demo: Lanes-Deploy should block the change before its owner's vote" >&2; exit 1; }
rest "$GERRIT_URL/a/changes/$change/revisions/current/lanes~target" | json '"  gate before the owner'"'"'s vote: " + "; ".join(
  d["gate"].get("reasons", ["satisfied"]))' >&2
rest -X POST -d '{"labels": {"Code-Review": 2, "Workflow": 1}}' \
  "$GERRIT_URL/a/changes/$change/revisions/current/review" >/dev/null
approved_at=$SECONDS
# project~number: read from NoteDb (the project~branch~Change-Id triplet goes through the index, which misses a change
# for a moment while Gerrit moves it to the closed index on submit)
status=
until [ "$status" = MERGED ]; do
  [ $((SECONDS - approved_at)) -lt 1200 ] || { echo "demo: Zuul did not submit change $change in 20 minutes" >&2; exit 1; }
  sleep 3
  status=$(rest "$GERRIT_URL/a/changes/$project_id~$change" | json 'd["status"]')
done
submitter=$(rest "$GERRIT_URL/a/changes/$project_id~$change/detail" | json 'd["submitter"]["username"]')
gate_render=$(zuul_build "$change" gate lanes-render)
gate_push=$(zuul_build "$change" gate lanes-push-image)
zuul_result "$change" gate lanes-push-image push-image push
echo "change $change: $status, submitted by $submitter after gate (lanes-render $gate_render, lanes-push-image $gate_push)" >&2
result "$work/push.json" '"\n".join("  pushed {}@{}".format(i["repository"], i["digest"]) for i in d["lanes"]["images"])' >&2
echo "  objects in Swift container $REGISTRY_SWIFT_CONTAINER of the project's account (listed with a Keystone token): $(swift_objects "$REGISTRY_SWIFT_CONTAINER")" >&2

stage preview-down "the change merged: Zuul's preview-cleanup pipeline removes its preview"
preview_down=$(zuul_build "$change" preview-cleanup lanes-preview-down)
for _ in $(seq 100); do
  kubectl_admin get namespace "$preview_namespace" >/dev/null 2>&1 || break
  sleep 1
done
if kubectl_admin get namespace "$preview_namespace" >/dev/null 2>&1; then
  echo "demo: namespace $preview_namespace is still there after lanes-preview-down ($preview_down)" >&2
  exit 1
fi
echo "  lanes-preview-down $preview_down; namespace $preview_namespace: gone" >&2

stage promote "Zuul's promote pipeline on the merge: lanes-promote gives the gated images the merged revision's tag and latest-acme by digest, then lanes-deploy rolls openedx-acme forward on the real control plane"
echo "  kube-apiserver, controller manager and scheduler are real; kwok plays the kubelets: pods are scheduled and" >&2
echo "  become Running/Ready, Jobs complete, but no container runs (a real node would pull the pinned digests)." >&2
promote_build=$(zuul_build "$change" promote lanes-promote)
deploy_build=$(zuul_build "$change" promote lanes-deploy)
promote_seconds=$((SECONDS - approved_at))
echo "  lanes-promote $promote_build, lanes-deploy $deploy_build (logs $(zuul_logs "$change" promote lanes-deploy))" >&2
if [ "$promote_build" != SUCCESS ] || [ "$deploy_build" != SUCCESS ]; then
  echo "demo: Zuul's promote of change $change: lanes-promote $promote_build, lanes-deploy $deploy_build" >&2
  exit 1
fi
zuul_result "$change" promote lanes-promote promote promote
zuul_result "$change" promote lanes-deploy deploy deploy
git_http -C "$clone" fetch -q origin platform/acme
merged=$(git -C "$clone" rev-parse FETCH_HEAD)
git -C "$clone" checkout -q --detach "$merged"
result "$work/promote.json" '"\n".join("  promoted {}@{} as {}".format(p["repository"], p["digest"], ", ".join(p["tags"]))
  for p in d["lanes"].get("promoted", []))' >&2
result "$work/deploy.json" '"  deploy: {} release {} ({})".format(d["lanes"]["deploy"]["outcome"], d["lanes"]["deploy"].get("release", {}).get("number"), d["lanes"]["deploy"].get("release", {}).get("record"))' >&2
echo "  Zuul's figures on this machine: push to Verified ${check_seconds} s; approval to deployed ${promote_seconds} s" >&2
digest_flags=()
for image in $images; do
  digest_flags+=(--image-digest "$image=$(result "$work/push.json" \
    "[i['digest'] for i in d['lanes']['images'] if i['repository'].endswith('/$image')][0]")")
done

stage rollback "a second change breaks acme's rollout: deploy fails and rolls back to release 1 by itself"
# Change 2: a typo in lms's settings module. Its pods would crash on start (ImportError); it touches no image.
# The platform is a Tutor project, so the change is made where Tutor takes it: acme's plugin adds a k8s-override patch
# (Tutor's kustomize patch, env/k8s/override.yml) and Tutor writes the env again. kwok runs no container, so the patch
# also carries the label that kwok's failure Stage (src/services/kube.sh) turns into CrashLoopBackOff, as a real
# kubelet would report those pods.
git -C "$clone" checkout -q -B acme-2 "$merged"
grep -q 'value: lms.envs.tutor.production$' "$clone/env/k8s/deployments.yml" \
  || { echo "demo: Tutor's env/k8s/deployments.yml no longer sets lms.envs.tutor.production" >&2; exit 1; }
cat >>"$clone/plugins/acme.py" <<'PY'

# lms and lms-worker: the settings module (a typo) and kwok's crash-loop label on their pods.
for _name in ("lms", "lms-worker"):
    hooks.Filters.ENV_PATCHES.add_item(("k8s-override", f"""
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {_name}
spec:
  template:
    metadata:
      labels:
        lanes.test/fail: crash-loop
    spec:
      containers:
        - name: {_name}
          env:
            - name: DJANGO_SETTINGS_MODULE
              value: lms.envs.tutor.producton
"""))
PY
tutor_save "$clone"
grep -q 'value: lms.envs.tutor.producton$' "$clone/env/k8s/override.yml" \
  || { echo "demo: Tutor did not write acme's k8s-override patch into env/k8s/override.yml" >&2; exit 1; }
git -C "$clone" add -A plugins env
git -C "$clone" commit -q -am "lms: settings module lms.envs.tutor.producton"
git_http -C "$clone" push -q origin HEAD:refs/for/platform/acme 2>>"$work/push.log"
change_2=$(rest "$GERRIT_URL/a/changes/?q=project:$project+branch:platform/acme+status:open" | json 'd[0]["_number"]')
verified_2=$(zuul_vote "$change_2")
[ "$verified_2" = 1 ] || { echo "demo: Zuul's check of change $change_2 voted Verified $verified_2" >&2; exit 1; }
rest -X POST -d '{"labels": {"Code-Review": 2, "Workflow": 1}}' \
  "$GERRIT_URL/a/changes/$change_2/revisions/current/review" >/dev/null
deploy_2_build=$(zuul_build "$change_2" promote lanes-deploy)
status_2=$(rest "$GERRIT_URL/a/changes/$project_id~$change_2" | json 'd["status"]')
git_http -C "$clone" fetch -q origin platform/acme
merged_2=$(git -C "$clone" rev-parse FETCH_HEAD)
git -C "$clone" checkout -q --detach "$merged_2"
echo "  change $change_2: acme's plugin patches DJANGO_SETTINGS_MODULE of lms and lms-worker (k8s-override), lms.envs.tutor.production -> lms.envs.tutor.producton;" \
  "$status_2 as $merged_2; no image changed, so it runs release 1's images" >&2
echo "  their pods carry lanes.test/fail=crash-loop: kwok reports them in CrashLoopBackOff, as a real node would" >&2
zuul_result "$change_2" promote lanes-deploy deploy deploy-2
echo "  Zuul: checked (Verified +$verified_2), gated, submitted, promoted; lanes-deploy $deploy_2_build: $(result "$work/deploy-2.json" '"{}; {}; {}".format(d["lanes"]["deploy"]["outcome"], d["lanes"]["deploy"].get("failure"), d["lanes"]["deploy"].get("rollback"))')" >&2
if [ "$deploy_2_build" != FAILURE ]; then
  echo "demo: lanes-deploy of change $change_2: $deploy_2_build; a failed rollout fails the build after rolling back" >&2
  exit 1
fi
echo "  --- then, explicitly: zuul-steps rollback --to 1 (nothing to write if release 1 is what is live) ---" >&2
steps rollback --config-ref "$clone" --platform acme --tutor-root "$clone" --to 1 \
  --kubeconfig "$deploy_kubeconfig" --holder lanes-demo --result "$work/rollback.json" 2>&1 | sed 's/^/  /' >&2
releases=$(kubectl_admin get --raw "/api/v1/namespaces/$namespace/configmaps?labelSelector=lanes.io%2Frelease-of%3Dacme" \
  | /usr/bin/python3 -c 'import json,sys; print(", ".join(sorted(i["metadata"]["name"] + " (commit " + i["data"]["commit"][:12] + ")" for i in json.load(sys.stdin)["items"])))')
settings=$(kubectl_admin get --raw "/apis/apps/v1/namespaces/$namespace/deployments/lms" | /usr/bin/python3 -c 'import json,sys
print([e["value"] for e in json.load(sys.stdin)["spec"]["template"]["spec"]["containers"][0]["env"] if e["name"] == "DJANGO_SETTINGS_MODULE"][0])')
echo "  release records in $namespace: $releases" >&2
echo "  live Deployment/lms: DJANGO_SETTINGS_MODULE=$settings" >&2

stage backup "back up acme's MariaDB and MongoDB (FerretDB; seeded with Open edX-like data) into Ceph RGW (S3)"
# The Open edX-like tables bench/backup.sh backs up too (src/services/mariadb/openedx.sql), at 25 learners: 25
# users, 60 enrollments, 400 module states and their profiles, grades and certificates.
sql -e "DROP DATABASE IF EXISTS openedx_dr;"
bash src/services/mariadb.sh seed openedx 25 >"$work/mysql-seed.txt"
# No mongod can be had here: MongoDB is FerretDB (the MongoDB wire protocol on SQLite), seeded through the Go driver.
bash src/services/mongodb.sh seed openedx >"$work/mongo-seed.txt"
echo "  MongoDB (FerretDB $MONGODB_VERSION) $MONGODB_URI: $(awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}' "$work/mongo-seed.txt")" >&2
printf 'user = "%s:%s"\n' "$CEPH_S3_ACCESS_KEY" "$CEPH_S3_SECRET_KEY" >"$work/s3.curlrc"
chmod 600 "$work/s3.curlrc"
# curl's SigV4 leaves out the payload hash radosgw wants signed: give it (bodies here are empty).
s3() {
  curl -fsS -K "$work/s3.curlrc" --aws-sigv4 "aws:amz:$CEPH_S3_REGION:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$@"
}
bucket=$(git -C "$clone" config --blob refs/meta/config:lanes.config backup.nightly.bucket)
s3 -X PUT "$CEPH_S3_ENDPOINT/$bucket" >/dev/null
echo "  MariaDB database openedx: $(sql -e "SELECT CONCAT(COUNT(*), ' tables') FROM information_schema.tables
  WHERE table_schema = 'openedx'"); bucket $bucket on $CEPH_S3_ENDPOINT" >&2
export AWS_ACCESS_KEY_ID=$CEPH_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$CEPH_S3_SECRET_KEY MYSQL_PASSWORD=$MARIADB_PASSWORD
export MONGODB_URI
dr_recipient=$(age-keygen -y "$work/dr.agekey")
steps backup run --config-ref "$clone" --platform acme --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" \
  --mysql-user "$MARIADB_USER" --mysql-database openedx --mongodb-uri-env MONGODB_URI --mongodb-database openedx \
  --encryption-recipient "$dr_recipient" --result "$work/backup.json" >"$work/backup.out"
backup_id=$(cat "$work/backup.out")
echo "  backup $backup_id: s3://$bucket/acme/$backup_id/manifest.json, every object an age file to $dr_recipient" >&2

stage restore "restore the backup as the DR site: into databases suffixed _dr, then compare row and document counts"
steps restore --config-ref "$clone" --platform acme --backup "$backup_id" --database-suffix _dr \
  --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --mysql-user "$MARIADB_USER" \
  --mongodb-uri-env MONGODB_URI --encryption-identity-file "$work/dr.agekey" --result "$work/restore.json" \
  | sed 's/^/  /' >&2
counts=$(sql -e "SELECT table_name FROM information_schema.tables WHERE table_schema = 'openedx'
  ORDER BY table_name" | while read -r table; do
  echo "$table $(sql -e "SELECT COUNT(*) FROM openedx.$table") $(sql -e "SELECT COUNT(*) FROM openedx_dr.$table")"
done)
printf '%s\n' "$counts" | awk '{printf "  %-28s source %5s rows, DR site %5s rows%s\n", $1, $2, $3, ($2 == $3 ? "" : "  MISMATCH")}' >&2
printf '%s\n' "$counts" >"$work/row-counts.txt"
bash src/services/mongodb.sh count openedx >"$work/mongo-source.txt"
bash src/services/mongodb.sh count openedx_dr >"$work/mongo-dr.txt"
LC_ALL=C join -a 1 -e missing -o 0,1.2,2.2 "$work/mongo-source.txt" "$work/mongo-dr.txt" >"$work/document-counts.txt"
awk '{printf "  %-28s source %5s documents, DR site %5s documents%s\n", $1, $2, $3, ($2 == $3 ? "" : "  MISMATCH")}' \
  "$work/document-counts.txt" >&2
if awk '$2 != $3 {bad = 1} END {exit !bad}' "$work/row-counts.txt" "$work/document-counts.txt" \
  || [ ! -s "$work/document-counts.txt" ]; then
  echo "demo: the DR site's row or document counts differ from the source's" >&2
  exit 1
fi

stage drill "Zuul's periodic pipeline, run on demand as an operator does (zuul.sh enqueue-ref): lanes-backup-verify reads the newest backup (restore --dry-run), then lanes-dr-drill restores it into scratch databases, compares with the manifest and measures RPO and RTO; a failed periodic buildset is mailed to the operators"
bash src/services/zuul.sh enqueue-ref periodic refs/heads/platform/acme
verify_build=$(zuul_build - periodic lanes-backup-verify)
drill_build=$(zuul_build - periodic lanes-dr-drill)
echo "  periodic: lanes-backup-verify $verify_build, lanes-dr-drill $drill_build (logs $(zuul_logs - periodic lanes-dr-drill))" >&2
zuul_result - periodic lanes-dr-drill drill drill
cp "$(zuul_logs - periodic lanes-dr-drill)/lanes/drill-report.md" "$work/drill.md"
echo "  --- the drill's report (lanes-dr-drill's artifact, $work/drill.md) ---" >&2
sed 's/^/  | /' "$work/drill.md" >&2
if [ "$verify_build" != SUCCESS ] || [ "$drill_build" != SUCCESS ]; then
  echo "demo: the periodic buildset failed (lanes-backup-verify $verify_build, lanes-dr-drill $drill_build): see the report above; the operators' mail is in $ZUUL_MAIL_DIR/new" >&2
  exit 1
fi

stage takeover "the primary is lost: zuul-steps takeover plans, then (--confirm) restores the newest backup into the DR site's databases under their own names and deploys release 1 to the DR cluster, reporting RTO"
# The primary's databases are gone: dropped from the demo's servers, which stand for the DR site's fresh ones. The
# DR cluster (the map's drCluster of prod, "dr") is this same control plane, so the namespace is openedx-acme, where
# release 1 is live: the deploy finds nothing to change there (on a real DR cluster it deploys into the empty
# namespace, as TakeoverAgainstKubeTest shows). What it deploys is release 1's commit, the last good release (the
# branch's head is change 2, which broke lms and was rolled back): a DR team takes over with what ran.
sql -e "DROP DATABASE openedx;"
bash src/services/mongodb.sh drop openedx
git clone -q --no-checkout "$clone" "$work/dr-release"
git -C "$work/dr-release" checkout -q --detach "$merged"
takeover_args=(--config-ref "$clone" --platform acme --tutor-root "$work/dr-release" --image-tag "$merged"
  "${digest_flags[@]}" --kubeconfig "$deploy_kubeconfig" --holder lanes-demo --mysql-host 127.0.0.1
  --mysql-port "$MARIADB_PORT" --mysql-user "$MARIADB_USER" --mongodb-uri-env MONGODB_URI
  --encryption-identity-file "$work/dr.agekey")
echo "  --- first the plan: takeover without --confirm (exit 2, nothing changed) ---" >&2
set +e
steps takeover "${takeover_args[@]}" >"$work/takeover-plan.out" 2>"$work/takeover-plan.err"
takeover_plan_exit=$?
set -e
sed 's/^/  /' "$work/takeover-plan.err" >&2
takeover_plan_left=$(sql -e "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'openedx'")
if [ "$takeover_plan_exit" != 2 ] || [ "$takeover_plan_left" != 0 ] || [ -n "$(bash src/services/mongodb.sh count openedx)" ]; then
  echo "demo: takeover without --confirm should exit 2 and change nothing (exit $takeover_plan_exit, openedx $takeover_plan_left)" >&2
  exit 1
fi
echo "  --- then: takeover --confirm ---" >&2
steps takeover "${takeover_args[@]}" --confirm --report "$work/takeover.md" --result "$work/takeover.json" \
  >"$work/takeover.out" 2>"$work/takeover.err"
grep -E '^(verified|takeover: )' "$work/takeover.err" | sed 's/^/  /' >&2 || true
sed 's/^/  /' "$work/takeover.out" >&2
takeover_counts=$(while read -r table source dr; do
  echo "$table $source $(sql -e "SELECT COUNT(*) FROM openedx.$table")"
done <"$work/row-counts.txt")
printf '%s\n' "$takeover_counts" >"$work/takeover-row-counts.txt"
bash src/services/mongodb.sh count openedx >"$work/mongo-takeover.txt"
LC_ALL=C join -a 1 -e missing -o 0,1.2,2.2 "$work/mongo-source.txt" "$work/mongo-takeover.txt" \
  >"$work/takeover-document-counts.txt"
if awk '$2 != $3 {bad = 1} END {exit !bad}' "$work/takeover-row-counts.txt" "$work/takeover-document-counts.txt"; then
  echo "demo: the databases the takeover restored differ from the source's counts" >&2
  exit 1
fi
echo "  openedx restored by the takeover: $(awk '{printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, $3}' "$work/takeover-row-counts.txt"); $(awk '{printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, $3}' "$work/takeover-document-counts.txt")" >&2

stage summary "what went where"
timings+=("$stage_name=0")
DEMO_PREVIEW_PATCHSET=$preview_patchset DEMO_ZUUL_URL=$ZUUL_URL DEMO_ZUUL_TENANT=$ZUUL_TENANT DEMO_ZUUL_USER=$ZUUL_GERRIT_USER DEMO_VERIFIED=$verified \
  DEMO_SUBMITTER=$submitter DEMO_CHECK_SECONDS=$check_seconds DEMO_PROMOTE_SECONDS=$promote_seconds \
  DEMO_LANE_CHANGE=$lane_change DEMO_LANE_VERIFIED=$lane_verified DEMO_LANE_BUILD=$lane_build \
  /usr/bin/python3 - "$summary" "$work" "$GERRIT_URL" "$project" "$change" "$status" "$namespace" "$rejected_lines" \
  "$merged" "$REGISTRY_URL" "$KUBE_API_URL" "$backup_id" "$bucket" "$CEPH_S3_ENDPOINT" "$change_2" "$status_2" \
  "$merged_2" "$deploy_2_build" "$releases" "$settings" "$drill_build" "$MONGODB_URI" "$registry_container" \
  "$(swift_account)" "$KEYSTONE_URL" "$takeover_plan_exit" "$takeover_plan_left" "${timings[@]}" <<'PY'
import json, os, sys
(path, work, url, project, change, status, namespace, rejected, merged, registry, kube, backup_id, bucket,
 s3, change_2, status_2, merged_2, deploy_2_build, releases, settings, drill_build, mongo, registry_container, account,
 keystone, takeover_plan_exit, takeover_plan_left, *timings) = sys.argv[1:]
def result(name):
    with open(os.path.join(work, name + ".json")) as f:
        return json.load(f)["lanes"]
render, push, promote = result("render")["render"], result("push"), result("promote")
deploy, backup, restore = result("deploy")["deploy"], result("backup")["backup"], result("restore")
deploy_2, rollback, drill = result("deploy-2")["deploy"], result("rollback")["rollback"], result("drill")["drill"]
preview = result("preview")["preview"]
with open(os.path.join(work, "checks.json")) as f:
    checks = json.load(f)
takeover = result("takeover")["takeover"]
def counted(name):
    with open(os.path.join(work, name)) as f:
        return {"openedx." + line.split()[0]: {"source": int(line.split()[1]), "restored": int(line.split()[2])}
                for line in f if line.strip()}
counts = {}
with open(os.path.join(work, "row-counts.txt")) as f:
    for line in f:
        table, source, dr = line.split()
        counts["openedx." + table] = {"source": int(source), "dr": int(dr)}
documents = {}
with open(os.path.join(work, "document-counts.txt")) as f:
    for line in f:
        collection, source, dr = line.split()
        documents["openedx." + collection] = {"source": int(source), "dr": int(dr)}
json.dump({
    "gerrit_url": url, "project": project, "change": int(change), "status": status, "namespace": namespace,
    "revision": merged, "rejected_push_violations": int(rejected),
    "render": {"objects": render["objects"], "counts": render.get("counts", {}),
               "init_tasks": ["{} {} ({}, {})".format(t["order"], t["task"], t["from"], t.get("live", "not compared"))
                              for t in render.get("init_tasks", [])],
               "preview": os.path.join(work, "render", "preview.md"), "kubernetes_api": kube},
    "images": [{"repository": i["repository"], "digest": i["digest"], "gated_tag": i["tag"]}
               for i in push["images"]],
    "preview": {"namespace": preview["namespace"], "url": preview["url"], "change": preview["change"],
                "patchset": int(os.environ["DEMO_PREVIEW_PATCHSET"]),
                "removed_after_merge": True},
    "checks": {stage: {"status": r["status"], "summary": r.get("summary"), "reported_by": r.get("reported_by")}
               for stage, r in checks.items()},
    "registry_url": registry,
    "registry": {"url": registry, "config": os.path.join(work, "registry", "config.yml"),
                 "written_by": "zuul-steps registry-config (Keystone v3 user of the project; checked with its"
                               " application credential)",
                 "storage": "Swift container " + registry_container + " of the Keystone project's account " + account,
                 "keystone": keystone},
    "promoted": promote.get("promoted", []),
    "deploy": {"outcome": deploy["outcome"], "release": deploy.get("release", {}).get("number"),
               "record": deploy.get("release", {}).get("record"), "objects": deploy.get("release", {}).get("objects"),
               "kubernetes_api": kube},
    "backup": {"id": backup_id, "bucket": bucket, "endpoint": s3,
               "manifest": "acme/" + backup_id + "/manifest.json"},
    "restore": {"database_suffix": "_dr", "row_counts": counts, "document_counts": documents},
    "mongodb": mongo + " (FerretDB, the MongoDB wire protocol on SQLite)",
    "rollback": {"change": int(change_2), "status": status_2, "revision": merged_2,
                 "deploy": {"build": deploy_2_build, "outcome": deploy_2["outcome"],
                            "failure": deploy_2.get("failure"), "rollback": deploy_2.get("rollback"),
                            "applied": [
                                c["object"] for c in deploy_2.get("applied_before_failure", [])]},
                 "explicit": {"to": rollback["to"], "outcome": rollback["outcome"], "counts": rollback["counts"]},
                 "release_records": releases.split(", "), "live_settings_module": settings,
                 "kubernetes_api": kube + " (kwok reports the broken lms pods in CrashLoopBackOff)"},
    "drill": {"build": drill_build, "backup": drill["backup"], "passed": drill["passed"],
              "checked": drill["checked"], "mismatches": drill["mismatches"], "rpo_seconds": drill["rpo_seconds"],
              "rto_seconds": drill["rto_seconds"], "report": os.path.join(work, "drill.md")},
    "takeover": {"plan": {"exit": int(takeover_plan_exit), "openedx_databases_after": int(takeover_plan_left)},
                 "backup": takeover["backup"], "cluster": takeover["cluster"], "namespace": takeover["namespace"],
                 "recovery_point": takeover["recovery_point"], "rto_seconds": takeover["rto_seconds"],
                 "deploy_outcome": takeover["deploy"]["outcome"], "map_change": takeover.get("map_change"),
                 "row_counts": counted("takeover-row-counts.txt"),
                 "document_counts": counted("takeover-document-counts.txt"),
                 "report": os.path.join(work, "takeover.md")},
    "zuul": {"url": os.environ["DEMO_ZUUL_URL"], "tenant": os.environ["DEMO_ZUUL_TENANT"],
             "gerrit_user": os.environ["DEMO_ZUUL_USER"], "verified": int(os.environ["DEMO_VERIFIED"]),
             "submitter": os.environ["DEMO_SUBMITTER"],
             "lane_break": {"change": int(os.environ["DEMO_LANE_CHANGE"]),
                            "verified": int(os.environ["DEMO_LANE_VERIFIED"]), "render": os.environ["DEMO_LANE_BUILD"],
                            "comments": json.load(open(os.path.join(work, "lane-comments.json")))},
             "push_to_verified_seconds": int(os.environ["DEMO_CHECK_SECONDS"]),
             "approval_to_deployed_seconds": int(os.environ["DEMO_PROMOTE_SECONDS"]),
             "builds": {name[len("build-"):-len(".json")]: {k: b.get(k) for k in
                            ("uuid", "job_name", "pipeline", "result", "duration", "log_url")} | {
                            "change": b["ref"].get("change"), "patchset": b["ref"].get("patchset")}
                        for name in sorted(os.listdir(work)) if name.startswith("build-") and name.endswith(".json")
                        for b in [json.load(open(os.path.join(work, name)))]}},
    "seconds": {t.split("=")[0]: int(t.split("=")[1]) for t in timings},
    "not_built_yet": [],
    "stand_ins": {
        "kubelet": "the control plane is real (etcd, kube-apiserver, controller manager, scheduler); kwok simulates"
                   " the nodes: pods are scheduled and reported Running/Ready, no container runs"},
    "not_shown": {
        "backup install": "deploy applies the nightly CronJob to the real API server, but kwok runs no container,"
                          " so the demo runs backup run itself",
        "cluster": "creates clusters through Magnum: a cluster needs Heat and Nova, which cannot run here (the real"
                   " magnum-api and conductor are tested in ClusterStepMagnumTest)"},
}, open(path, "w"), indent=2)
PY
images_line=$(result "$work/push.json" '"\n".join("                {}@{}".format(i["repository"], i["digest"]) for i in d["lanes"]["images"])')
cat >&2 <<EOF2
  gerrit        $GERRIT_URL, project $project, plugin lanes loaded
  platform map  2 platforms from refs/meta/config, served by GET /projects/$project_id/lanes~platforms
  change        $change on platform/acme -> namespace $namespace; $status as $merged
  guard         a push breaking the acme lane: rejected ($rejected_lines violations); a broken map: rejected
  render        $(result "$work/render.json" '"{} objects; {}".format(d["lanes"]["render"]["objects"], ", ".join("{} {}".format(v, k) for k, v in d["lanes"]["render"].get("counts", {}).items()))'); preview $work/render/preview.md
  images        built by podman, pushed to $REGISTRY_URL (storage: Swift container $REGISTRY_SWIFT_CONTAINER of
                $(swift_account), via Keystone $KEYSTONE_URL; config written by registry-config):
$images_line
  preview       $(result "$work/preview.json" '"{} in {}".format(d["lanes"]["preview"]["url"], d["lanes"]["preview"]["namespace"])'), as ServiceAccount lanes-preview-acme; removed after the merge
  checks tab    $(result "$work/checks.json" '", ".join("{} {}".format(s, r["status"]) for s, r in d.items())'), reported by Zuul's jobs as Gerrit user $ZUUL_GERRIT_USER
  promote       tagged $merged and latest-acme
  deploy        $(result "$work/deploy.json" '"{} release {} ({})".format(d["lanes"]["deploy"]["outcome"], d["lanes"]["deploy"].get("release", {}).get("number"), d["lanes"]["deploy"].get("release", {}).get("record"))') in $namespace on $KUBE_API_URL (real kube-apiserver, kwok nodes), as ServiceAccount lanes-deploy
  rollback      change $change_2 broke lms: lanes-deploy $deploy_2_build, rolled back to release 1 by itself; rollback --to 1: $(result "$work/rollback.json" 'd["lanes"]["rollback"]["outcome"]'); records: $releases
  backup        $backup_id in s3://$bucket/acme/ on Ceph RGW $CEPH_S3_ENDPOINT (MariaDB, and MongoDB: FerretDB $MONGODB_VERSION at $MONGODB_URI)
  restore       into openedx_dr (the DR site), row counts equal: $(awk '{printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, $3}' "$work/row-counts.txt");
                document counts equal: $(awk '{printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, $3}' "$work/document-counts.txt")
  drill         $(result "$work/drill.json" '"{} on backup {}: {} tables and collections checked, {} mismatched, RPO {} s, RTO {} s".format("passed" if d["lanes"]["drill"]["passed"] else "FAILED", d["lanes"]["drill"]["backup"], d["lanes"]["drill"]["checked"], len(d["lanes"]["drill"]["mismatches"]), d["lanes"]["drill"]["rpo_seconds"], d["lanes"]["drill"]["rto_seconds"])'); report $work/drill.md
  takeover      $(result "$work/takeover.json" '"backup {} restored into openedx (the primary dropped first; the plan alone changed nothing), {} into {} on cluster {}; RTO {} s; then submit {}".format(d["lanes"]["takeover"]["backup"], d["lanes"]["takeover"]["deploy"]["outcome"], d["lanes"]["takeover"]["namespace"], d["lanes"]["takeover"]["cluster"], d["lanes"]["takeover"]["rto_seconds"], d["lanes"]["takeover"].get("map_change"))'); report $work/takeover.md
  timings (s)   ${timings[*]} (total $SECONDS)
  stand-ins     kubelets: kwok (the control plane is real)
  not built yet nothing: every step the flow needs works
  not shown     the backup CronJob running (kwok runs no container), cluster (Magnum: a cluster needs Heat and
                Nova, which cannot run here)
  summary       $summary
EOF2
