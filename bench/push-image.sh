#!/usr/bin/env bash
# Benchmark of zuul-steps push-image against `skopeo copy` of the same image, on the local registry on Swift.
#   bash bench/push-image.sh [SIZE_MIB] [RUNS]      (defaults: 200 MiB, 5 runs)
# Builds one single-layer image of SIZE_MIB random bytes in podman, then, RUNS times and in turn:
#   push-image of it to a new repository (every blob sent), skopeo copy of it from podman's storage to another
#   new repository, its blob-info cache removed first so that it sends every blob too. Then a re-push of the unchanged image. Prints each run's wall time and peak RSS
#   (/usr/bin/time -v), the medians and the median of the per-pair ratios push-image/skopeo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
cd "$LANES_ROOT"
size_mib=${1:-200}
runs=${2:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -ntp -q -pl zuul-steps -am package -DskipTests
eval "$(bash src/services/podman.sh start | sed 's/^/export /')"
eval "$(bash src/services/registry.sh start | sed 's/^/export /')"
nonce=$(date +%s)

cat >"$work/lanes.config" <<CONFIG
[platform "bench"]
	branch = platform/bench
	namespace = openedx-bench
	cluster = local
	registry = $REGISTRY_HOST
[cluster "local"]
	server = https://127.0.0.1:6443
CONFIG

echo "bench: building a ${size_mib} MiB single-layer image in podman" >&2
mkdir -p "$work/context"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/context/data.bin"
printf 'FROM scratch\nCOPY data.bin /data.bin\n' >"$work/context/Dockerfile"
source_ref=$REGISTRY_HOST/bench/source:latest
tar -C "$work/context" -cf "$work/context.tar" .
curl -fsS --unix-socket "$PODMAN_SOCKET" -X POST -H 'Content-Type: application/x-tar' -T "$work/context.tar" \
  "http://d/v1.41/build?t=$source_ref&forcerm=1" >/dev/null
rm -rf "$work/context" "$work/context.tar"

tag_as() { # podman tag source -> $1 (repository under the registry) : change-1-ps-1
  curl -fsS --unix-socket "$PODMAN_SOCKET" -X POST \
    "http://d/v1.41/images/$source_ref/tag?repo=$REGISTRY_HOST/bench/$1&tag=change-1-ps-1" >/dev/null
}
run_timed() { # run_timed FILE CMD...: runs CMD under /usr/bin/time -v, appends "wall_s rss_kib" to $work/FILE
  local file=$1
  shift
  if ! /usr/bin/time -f '%e %M' -o "$work/time" "$@" >>"$work/out.log" 2>&1; then
    echo "bench: failed: $*" >&2
    tail -20 "$work/out.log" >&2
    exit 1
  fi
  cat "$work/time" >>"$work/$file"
}
push() { # push REPO
  run_timed "$1" bin/zuul-steps push-image --config "$work/lanes.config" --branch platform/bench --change 1 \
    --patchset 1 --docker-host "$DOCKER_HOST" --image "$2" --result "$work/result.json"
}

for i in $(seq 1 "$runs"); do
  tag_as "p$nonce-$i"
  push push "p$nonce-$i"
  # skopeo remembers where it pushed a blob and mounts it from there: forget, so each copy is a first push
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb "${HOME}/.local/share/containers/cache/blob-info-cache-v1.boltdb"
  run_timed skopeo skopeo copy -q --dest-tls-verify=false "containers-storage:$source_ref" \
    "docker://$REGISTRY_HOST/bench/s$nonce-$i:1"
  printf 'run %d: push-image %s s, %s KiB peak RSS; skopeo copy %s s\n' "$i" \
    $(tail -1 "$work/push") "$(tail -1 "$work/skopeo" | cut -d' ' -f1)" >&2
done
push repush "p$nonce-$runs"
sent=$(sed -n 's/.*"layer_bytes_sent" : \([0-9]*\).*/\1/p' "$work/result.json")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
push_med=$(awk '{print $1}' "$work/push" | median)
skopeo_med=$(awk '{print $1}' "$work/skopeo" | median)
rss_med=$(awk '{print $2}' "$work/push" | median)
ratio=$(paste "$work/push" "$work/skopeo" | awk '{print $1 / $3}' | median)
cat <<REPORT
image:                 ${size_mib} MiB, one layer, ${runs} runs each, registry ${REGISTRY_HOST} on Swift
push-image (median):   ${push_med} s, peak RSS $((rss_med / 1024)) MiB
skopeo copy (median):  ${skopeo_med} s
ratio push/skopeo:     ${ratio} (median of per-pair ratios)
re-push (unchanged):   $(awk '{print $1}' "$work/repush") s, layer bytes sent: ${sent}, peak RSS $(( $(awk '{print $2}' "$work/repush") / 1024 )) MiB
REPORT
