#!/usr/bin/env bash
# Podman's Docker-compatible API service (Debian's podman 4.3, Docker API 1.41) on a unix socket, with its own
# configuration and storage under the state directory: runc (crun fails here on hybrid cgroups), cgroupfs, no
# network for containers, ulimits this machine allows, and the local registry on 127.0.0.1:5000 as insecure.
# Contract: src/services/README.md. Facts printed on start/env:
#   DOCKER_HOST      unix:///.../podman.sock, what docker-java and the docker CLI take
#   PODMAN_SOCKET    the socket's path
#   PODMAN_LOG       the service's log
set -euo pipefail

name=podman
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init "$name"
socket=$state/podman.sock

export CONTAINERS_CONF=$state/containers.conf
export CONTAINERS_STORAGE_CONF=$state/storage.conf
export CONTAINERS_REGISTRIES_CONF=$state/registries.conf

facts() {
  cat <<EOF
DOCKER_HOST=unix://$socket
PODMAN_SOCKET=$socket
PODMAN_LOG=$state/log
CONTAINERS_CONF=$CONTAINERS_CONF
CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF
CONTAINERS_REGISTRIES_CONF=$CONTAINERS_REGISTRIES_CONF
EOF
}

answers() {
  [ -S "$socket" ] && curl -fsS -o /dev/null --unix-socket "$socket" http://d/_ping 2>/dev/null
}

write_config() {
  mkdir -p "$state/storage" "$state/run" "$state/tmp"
  cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$state/events.log"
tmp_dir = "$state/tmp"
image_parallel_copies = 0
EOF
  cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$state/storage"
runroot = "$state/run"
EOF
  cat >"$CONTAINERS_REGISTRIES_CONF" <<EOF
unqualified-search-registries = []

[[registry]]
location = "127.0.0.1:5000"
insecure = true

[[registry]]
location = "localhost:5000"
insecure = true
EOF
}

start() {
  if service_running && answers; then
    facts
    return 0
  fi
  stop_service
  command -v podman >/dev/null || { echo "podman: not installed (src/scripts/packages.txt)" >&2; exit 1; }
  write_config
  local log=$state/log
  echo "podman: starting the API service (log $log)" >&2
  rm -f "$socket"
  TMPDIR=$state/tmp setsid podman --log-level=info system service --time=0 "unix://$socket" >>"$log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  for _ in $(seq 1 200); do
    if answers; then
      echo "podman: ready on $socket" >&2
      facts
      return 0
    fi
    service_running || break
    sleep 0.1
  done
  echo "podman: the API service did not answer on $socket; see $log" >&2
  stop_service
  exit 1
}

stop_service() {
  service_stop
  rm -f "$socket"
  # The overlay driver bind-mounts its own directory and leaves it mounted when the service stops: without this,
  # removing the state directory (or `mvn clean`) fails with "Device or resource busy".
  if mountpoint -q "$state/storage/overlay" 2>/dev/null; then
    umount "$state/storage/overlay" 2>/dev/null || echo "podman: could not unmount $state/storage/overlay" >&2
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_service ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
