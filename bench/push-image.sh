#!/usr/bin/env bash
# Benchmark of zuul-steps push-image against `skopeo copy` of the same image, on the local registry on Swift.
#   bash bench/push-image.sh [SIZE_MIB] [RUNS] [CONTENT]      (defaults: 200 MiB, 5 runs, python)
# CONTENT: python (the default) is a realistic, compressible layer: files of this machine's Python trees
# (/usr/lib/python3.11, then /usr/lib/python3/dist-packages: sources, .pyc, a few .so) up to SIZE_MIB; random is
# SIZE_MIB random bytes in one file (incompressible: the transfer alone).
# Builds one single-layer image of that content in podman, then, in one run, side by side:
#   1. first pushes, RUNS triples: push-image of it to a new repository of a new platform (every blob sent: nothing
#      to mount from; it reads podman's storage), then skopeo copy of it from podman's storage to another new
#      repository (its blob-info cache removed first, so it sends every blob too), then push-image --layer-source
#      export to a third new repository (the way push-image read blobs before it read podman's storage);
#   2. re-pushes of the unchanged image, RUNS pairs: push-image again to the first repository, skopeo copy again to
#      the first skopeo repository (both find every blob there);
#   3. podman's export alone (GET /images/{name}/get to /dev/null), RUNS times: the floor of a push through the
#      Docker API on podman.
# One warm-up of each first (not counted; it also writes zuul-steps' JVM AOT cache, as a node's first run would).
# Prints each run's wall time, CPU time and peak RSS (/usr/bin/time), the medians with min-max, the median of the
# per-pair ratios push-image/skopeo with their min-max, the layer bytes each sent (push-image's layer_bytes_sent;
# skopeo's: the layer sizes of the manifest it pushed) and their per-pair ratio, the layer source each push-image
# used (layer_source in its --result), and the load average before and after. In the first pushes the order of
# push-image and skopeo alternates from one triple to the next. With LANES_BENCH_RESULT set, appends the figures
# (bench/lib.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LANES_ROOT"
size_mib=${1:-200}
runs=${2:-5}
content=${3:-python}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LANES_STEPS_CACHE=$work/aot

[ -f zuul-steps/target/zuul-steps.jar ] || mvn -B -ntp -q -pl zuul-steps -am package -DskipTests
eval "$(bash src/services/podman.sh start | sed 's/^/export /')"
eval "$(bash src/services/registry.sh start | sed 's/^/export /')"
nonce=$(date +%s)

# One platform per first push: push-image mounts a blob another repository of the same platform has, so pushes
# into one platform would mount the layer the previous run sent instead of sending it.
{
  for i in $(seq 0 "$runs"); do
    for platform in "bench$i" "xbench$i"; do
      printf '[platform "%s"]\n\tbranch = platform/%s\n\tnamespace = openedx-%s\n' "$platform" "$platform" "$platform"
      printf '\tcluster = local\n\tregistry = %s\n' "$REGISTRY_HOST"
    done
  done
  printf '[cluster "local"]\n\tserver = https://127.0.0.1:6443\n'
} >"$work/lanes.config"

echo "bench: building a ${size_mib} MiB single-layer image of $content content in podman" >&2
mkdir -p "$work/context"
case $content in
  random)
    head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/context/data.bin"
    printf 'FROM scratch\nCOPY data.bin /data.bin\n' >"$work/context/Dockerfile"
    ;;
  python)
    # the first files of the Python trees, in find's order, up to size_mib; a file that says which run built it makes
    # the layer new to the registry
    { find /usr/lib/python3.11 /usr/lib/python3/dist-packages -type f -printf '%s %p\n' 2>/dev/null || true; } |
      awk -v max="$((size_mib * 1024 * 1024))" '{total += $1; if (total > max) exit; sub(/^[0-9]+ /, ""); print}' \
        >"$work/files"
    mkdir -p "$work/context/tree"
    tar -C / -cf - --files-from <(sed 's|^/||' "$work/files") | tar -C "$work/context/tree" -xf -
    echo "bench $(date +%s%N)" >"$work/context/tree/BUILD"
    printf 'FROM scratch\nCOPY tree /\n' >"$work/context/Dockerfile"
    ;;
  *)
    echo "bench: CONTENT is python or random, not $content" >&2
    exit 2
    ;;
esac
source_ref=$REGISTRY_HOST/bench/source:latest
tar -C "$work/context" -cf "$work/context.tar" .
curl -fsS --unix-socket "$PODMAN_SOCKET" -X POST -H 'Content-Type: application/x-tar' -T "$work/context.tar" \
  "http://d/v1.41/build?t=$source_ref&forcerm=1" >/dev/null
rm -rf "$work/context" "$work/context.tar"

tag_as() { # tag_as PLATFORM REPO: podman tag source -> <registry>/PLATFORM/REPO:change-1-ps-1
  curl -fsS --unix-socket "$PODMAN_SOCKET" -X POST \
    "http://d/v1.41/images/$source_ref/tag?repo=$REGISTRY_HOST/$1/$2&tag=change-1-ps-1" >/dev/null
}
run_timed() { # run_timed FILE CMD...: runs CMD under /usr/bin/time, appends "wall_s rss_kib cpu_s" to $work/FILE
  local file=$1
  shift
  if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >>"$work/out.log" 2>&1; then
    echo "bench: failed: $*" >&2
    tail -20 "$work/out.log" >&2
    exit 1
  fi
  awk '{print $1, $2, $3 + $4}' "$work/time" >>"$work/$file"
}
push() { # push FILE PLATFORM REPO [FLAG...]: also appends the layer source it used to $work/FILE.source
  run_timed "$1" bin/zuul-steps push-image --config "$work/lanes.config" --branch "platform/$2" --change 1 \
    --patchset 1 --docker-host "$DOCKER_HOST" --image "$3" --result "$work/result.json" "${@:4}"
  sed -n 's/.*"layer_source" : "\([a-z]*\)".*/\1/p' "$work/result.json" >>"$work/$1.source"
}
forget_skopeo_blobs() { # skopeo remembers where it pushed a blob and mounts it from there: forget
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb "${HOME}/.local/share/containers/cache/blob-info-cache-v1.boltdb"
}
skopeo_copy() { # skopeo_copy FILE REPO
  run_timed "$1" skopeo copy -q --dest-tls-verify=false "containers-storage:$source_ref" \
    "docker://$REGISTRY_HOST/bench/$2:1"
}
layer_bytes() { # layer_bytes REPO TAG: the sum of the layer sizes of the manifest REPO:TAG in the registry
  curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_HOST/v2/$1/manifests/$2" |
    /usr/bin/python3 -c 'import json, sys; print(sum(layer["size"] for layer in json.load(sys.stdin)["layers"]))'
}

echo "bench: warm-up (not counted)" >&2
tag_as bench0 "w$nonce"
push warmup bench0 "w$nonce"
forget_skopeo_blobs
skopeo_copy warmup "v$nonce"
tag_as xbench0 "w$nonce"
push warmup xbench0 "w$nonce" --layer-source export

for i in $(seq 1 "$runs"); do
  tag_as "bench$i" "p$nonce"
  if ((i % 2)); then
    push push "bench$i" "p$nonce"
    forget_skopeo_blobs
    skopeo_copy skopeo "s$nonce-$i"
  else
    forget_skopeo_blobs
    skopeo_copy skopeo "s$nonce-$i"
    push push "bench$i" "p$nonce"
  fi
  tag_as "xbench$i" "p$nonce"
  push export-push "xbench$i" "p$nonce" --layer-source export
  echo "$(layer_bytes "bench$i/p$nonce" change-1-ps-1) $(layer_bytes "bench/s$nonce-$i" 1)" >>"$work/bytes"
  printf 'first push %d: push-image %s s (%s KiB peak RSS), skopeo copy %s s, push-image --layer-source export %s s\n' \
    "$i" $(tail -1 "$work/push" | cut -d' ' -f1-2) "$(tail -1 "$work/skopeo" | cut -d' ' -f1)" \
    "$(tail -1 "$work/export-push" | cut -d' ' -f1)" >&2
done
for i in $(seq 1 "$runs"); do
  push repush bench1 "p$nonce"
  sed -n 's/.*"layer_bytes_sent" : \([0-9]*\).*/\1/p' "$work/result.json" >>"$work/repush.bytes"
  grep -q '"layer_bytes_sent" : 0,\?$' "$work/result.json" || { echo "bench: the re-push sent layer bytes" >&2; exit 1; }
  skopeo_copy recopy "s$nonce-1"
  printf 're-push %d: push-image %s s (%s s CPU), skopeo copy %s s\n' "$i" \
    "$(tail -1 "$work/repush" | cut -d' ' -f1)" "$(tail -1 "$work/repush" | cut -d' ' -f3)" \
    "$(tail -1 "$work/recopy" | cut -d' ' -f1)" >&2
done
for i in $(seq 1 "$runs"); do
  run_timed export curl -fsS -o /dev/null --unix-socket "$PODMAN_SOCKET" "http://d/v1.41/images/$source_ref/get"
done
sent=$(sed -n 's/.*"layer_bytes_sent" : \([0-9]*\).*/\1/p' "$work/result.json")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
column() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
ratio() { # the median of the per-pair ratios of FILE1's and FILE2's first columns, and their min-max
  paste "$work/$1" "$work/$2" | awk '{print $1 / $4}' >"$work/ratios"
  printf '%s (per pair %s)' "$(median <"$work/ratios" | xargs printf '%.2f')" \
    "$(sort -n "$work/ratios" | awk 'NR==1 {min=$1} {max=$1} END {printf "%.2f-%.2f", min, max}')"
}
bytes_ratio() { awk '{print $1 / $2}' "$work/bytes" | median | xargs printf '%.3f'; }
range() { awk '{print $1}' "$work/$1" | sort -n | awk 'NR==1 {min=$1} {max=$1} END {print min "-" max}'; }
cat <<REPORT
image:                  ${size_mib} MiB of ${content} content, one layer, ${runs} runs each, registry ${REGISTRY_HOST} on Swift
load average:           ${load_before} before, $(cut -d' ' -f1-3 /proc/loadavg) after
layer bytes sent:       push-image $(awk '{print $1}' "$work/bytes" | median), skopeo $(awk '{print $2}' "$work/bytes" | median) (medians); ratio $(bytes_ratio) (median of per-pair ratios)
first push-image:       $(column push 1) s median ($(range push)), CPU $(column push 3) s, peak RSS $(( $(column push 2) / 1024 )) MiB, layer source: $(sort -u "$work/push.source" | paste -sd,)
first skopeo copy:      $(column skopeo 1) s median ($(range skopeo)), CPU $(column skopeo 3) s
ratio push/skopeo:      $(ratio push skopeo), median of per-pair ratios
push-image, export:     $(column export-push 1) s median ($(range export-push)), CPU $(column export-push 3) s, peak RSS $(( $(column export-push 2) / 1024 )) MiB, layer source: $(sort -u "$work/export-push.source" | paste -sd,)
ratio export/skopeo:    $(ratio export-push skopeo), median of per-pair ratios
podman export alone:    $(column export 1) s median ($(range export))
re-push (unchanged):    $(column repush 1) s median ($(range repush)), CPU $(column repush 3) s, layer bytes sent: ${sent}, peak RSS $(( $(column repush 2) / 1024 )) MiB, layer source: $(sort -u "$work/repush.source" | paste -sd,)
skopeo re-copy:         $(column recopy 1) s median ($(range recopy)), CPU $(column recopy 3) s
ratio re-push/re-copy:  $(ratio repush recopy), median of per-pair ratios
REPORT
load="$(cut -d' ' -f1 <<<"$load_before")–$(bench_load)"
bench_ratios "$work/push" "$work/skopeo" >"$work/ratios.first"
bench_ratios "$work/export-push" "$work/skopeo" >"$work/ratios.export"
awk '{printf "%.4f\n", $1 / $2}' "$work/bytes" >"$work/ratios.bytes"
subject="push-image, first push, ${size_mib} MiB of $content"
bench_figure "$subject" "skopeo copy" ratio "<= 1.0" "$load" "wall" <"$work/ratios.first"
bench_figure "$subject: layer bytes sent" "skopeo copy" ratio "<= 1.05" "$load" "" <"$work/ratios.bytes"
bench_figure "$subject, --layer-source export" "skopeo copy" ratio "" "$load" "wall" <"$work/ratios.export"
awk '{print $1}' "$work/repush" |
  bench_figure "push-image, re-push of the unchanged image" "skopeo copy (re-copy)" s "< 1" "$load" "wall"
bench_figure "push-image, re-push of the unchanged image: layer bytes sent" "skopeo copy (re-copy)" bytes "= 0" \
  "$load" "" <"$work/repush.bytes"
