#!/usr/bin/env bash
# The main job: builds Lanes and walks a change through every stage that works today, on the sample platforms.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"
bash src/scripts/install-packages.sh

stage() { printf '\n== %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-demo.XXXXXX")
started=$SECONDS

stage "build (Maven, JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
mvn -B -ntp -q package -DskipTests

map=src/sample-platform/lanes.config
stage "check-config: the sample platform map"
bin/zuul-steps check-config "$map"

stage "resolve: where a change to platform/acme goes (Zuul's variables of change 1234, patch set 5)"
cat > "$work/zuul.json" <<JSON
{"branch": "platform/acme", "change": "1234", "patchset": "5", "pipeline": "check",
 "project": {"canonical_name": "review.example.org/openedx/platforms"}}
JSON
bin/zuul-steps resolve --config "$map" --zuul-vars "$work/zuul.json" --result "$work/resolve.json"
echo "result file for zuul_return: $work/resolve.json" >&2

stage "resolve: a branch that no platform owns is refused (exit 2)"
if bin/zuul-steps resolve --config "$map" --branch master; then
  echo "demo: resolve accepted an unmapped branch" >&2
  exit 1
fi

stage "summary"
cat >&2 <<EOF2
  platform map   $map: checked
  change 1234/5  platform/acme -> namespace openedx-acme on cluster prod,
                 images localhost:5000/acme/<image>:change-1234-ps-5
  took           $((SECONDS - started)) s
  not built yet  Gerrit with the plugin, render, build-image, push-image, promote, deploy,
                 backup, restore (each appears here when its step works)
EOF2
