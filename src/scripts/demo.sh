#!/usr/bin/env bash
# The main job: builds Lanes, starts the real local services, and walks a change through every stage that works
# today on the sample platforms, then stops what it started. Stages that are not built yet are listed, never faked.
#
# Environment (all optional):
#   LANES_DEMO_SKIP_BUILD=1      use the jars already built (the e2e suite sets it)
#   LANES_DEMO_KEEP_SERVICES=1   leave the services running (the e2e suite inspects them, then stops them)
#   LANES_DEMO_SUMMARY=FILE      where to write the machine-readable summary (default: in the work directory)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"

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
  if [ "${LANES_DEMO_KEEP_SERVICES:-}" != 1 ]; then
    for service in "${started_services[@]}"; do
      bash "src/services/$service.sh" stop || true
    done
  fi
  exit $code
}
trap finish EXIT
start_service() {
  local facts
  facts=$(bash "src/services/$1.sh" start)
  started_services+=("$1")
  while IFS='=' read -r key value; do
    [ -n "$key" ] && printf -v "$key" '%s' "$value"
  done <<<"$facts"
}
json() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read().split('\n',1)[1]); print($1)"; }

bash src/scripts/install-packages.sh

if [ "${LANES_DEMO_SKIP_BUILD:-}" != 1 ]; then
  stage build "Maven, JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
  mvn -B -ntp -q package -DskipTests
fi

stage gerrit "a real Gerrit 3.13 daemon with the lanes plugin"
start_service gerrit
auth="Authorization: Basic $(printf 'admin:%s' "$(cat "$GERRIT_TOKEN_FILE")" | base64 -w0)"
rest() { curl -sf -H "$auth" -H 'Content-Type: application/json' "$@"; }
git_http() { git -c http.extraHeader="$auth" "$@"; }
project=openedx/platforms
project_id=openedx%2Fplatforms
echo "Gerrit at $GERRIT_URL" >&2

stage project "create $project and its platform map (lanes.config in refs/meta/config)"
rest -X PUT -d '{"create_empty_commit": true, "owners": ["Administrators"]}' "$GERRIT_URL/a/projects/$project_id" \
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
cp src/sample-platform/lanes.config "$clone/lanes.config"
git -C "$clone" add lanes.config
git -C "$clone" commit -q -m "Map the platforms acme and globex"
git_http -C "$clone" push -q origin HEAD:refs/meta/config
for platform in acme globex; do
  rest -X PUT -d '{"revision": "master"}' "$GERRIT_URL/a/projects/$project_id/branches/platform%2F$platform" >/dev/null
done
rest "$GERRIT_URL/a/projects/$project_id/lanes~platforms" | json '"\n".join(
  "  platform {}: branch {} -> namespace {} on cluster {}, images {}".format(
    n, p["branch"], p["namespace"], p["cluster"], p["image_prefix"]) for n, p in d["platforms"].items())' >&2

stage review "push a change to platform/acme for review over git-over-HTTP"
git_http -C "$clone" fetch -q origin platform/acme
git -C "$clone" checkout -q -b acme FETCH_HEAD
mkdir -p "$clone/env"
echo "# the acme platform's Tutor environment" > "$clone/env/README.md"
git -C "$clone" add env
git -C "$clone" commit -q -m "Describe the acme environment"
git_http -C "$clone" push -q origin HEAD:refs/for/platform/acme 2>"$work/push.log"
change=$(rest "$GERRIT_URL/a/changes/?q=project:$project+branch:platform/acme+status:open" | json 'd[0]["_number"]')
patchset=1
echo "change $change, patch set $patchset, on platform/acme" >&2

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
git -C "$clone" checkout -q meta-config
printf '[platform "acme"]\n\tnamespace = openedx-globex\n' >> "$clone/lanes.config"
git -C "$clone" commit -q -am "Map acme twice"
if git_http -C "$clone" push origin HEAD:refs/meta/config >"$work/rejected-map.log" 2>&1; then
  echo "demo: the plugin accepted a broken platform map" >&2
  exit 1
fi
grep -E '^remote: .*lanes.config' "$work/rejected-map.log" | sed 's/^remote: */  /' >&2
git -C "$clone" reset -q --hard HEAD~1
git -C "$clone" checkout -q acme

stage resolve "zuul-steps resolve, with the map fetched from Gerrit's refs/meta/config and Zuul's variables"
git_http -C "$clone" fetch -q origin refs/meta/config:refs/meta/config
cat > "$work/zuul.json" <<JSON
{"branch": "platform/acme", "change": "$change", "patchset": "$patchset", "pipeline": "check",
 "project": {"canonical_name": "127.0.0.1/$project"}}
JSON
bin/zuul-steps resolve --config-ref "$clone" --zuul-vars "$work/zuul.json" --result "$work/resolve.json"
namespace=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lanes"]["target"]["namespace"])' "$work/resolve.json")

stage submit "pass the Lanes-Deploy gate (Verified+1, an acme owner's Code-Review+2) and submit the change"
# acme is protected: its ownerGroup acme-maintainers must exist, with admin in it; Verified must be a label.
rest -X PUT -d '{"members": ["admin"]}' "$GERRIT_URL/a/groups/acme-maintainers" >/dev/null 2>&1 || true
rest -X PUT -d '{"values": {"+1": "Verified", " 0": "No score", "-1": "Fails"}, "function": "NoBlock"}' \
  "$GERRIT_URL/a/projects/$project_id/labels/Verified" >/dev/null 2>&1 || true
rest -X POST "$GERRIT_URL/a/projects/$project_id/access" -d "{\"add\": {\"refs/heads/*\": {\"permissions\":
  {\"label-Verified\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\", \"min\": -1, \"max\": 1}}}}}}}" >/dev/null
rest "$GERRIT_URL/a/changes/$change/revisions/current/lanes~target" | json '"  gate before votes: " + "; ".join(
  d["gate"].get("reasons", ["satisfied"]))' >&2
rest -X POST -d '{"labels": {"Code-Review": 2, "Verified": 1}}' \
  "$GERRIT_URL/a/changes/$change/revisions/current/review" >/dev/null
status=$(rest -X POST -d "{}" "$GERRIT_URL/a/changes/$change/submit" | json 'd["status"]')
echo "change $change: $status" >&2

stage summary "what went where"
timings+=("$stage_name=0")
/usr/bin/python3 - "$summary" "$GERRIT_URL" "$project" "$change" "$status" "$namespace" "$rejected_lines" "${timings[@]}" <<'PY'
import json, sys
path, url, project, change, status, namespace, rejected, *timings = sys.argv[1:]
json.dump({
    "gerrit_url": url, "project": project, "change": int(change), "status": status, "namespace": namespace,
    "rejected_push_violations": int(rejected),
    "seconds": {t.split("=")[0]: int(t.split("=")[1]) for t in timings},
    "not_built_yet": ["render", "build-image", "push-image",
                      "promote", "deploy", "backup", "restore"],
}, open(path, "w"), indent=2)
PY
cat >&2 <<EOF2
  gerrit        $GERRIT_URL, project $project, plugin lanes loaded
  platform map  2 platforms from refs/meta/config, served by GET /projects/$project_id/lanes~platforms
  change        $change on platform/acme -> namespace $namespace; $status
  guard         a push breaking the acme lane: rejected ($rejected_lines violations); a broken map: rejected
  timings (s)   ${timings[*]}
  not built yet render, build-image, push-image,
                promote, deploy, backup, restore (each appears here when its step works)
  summary       $summary
EOF2
