#!/usr/bin/env bash
# A real one-box Ceph (one mon, one memstore OSD) with its object gateway radosgw on 127.0.0.1:8082 as an S3
# endpoint, as plain processes. See README.md here. Facts printed: CEPH_S3_ENDPOINT, CEPH_S3_REGION,
# CEPH_S3_ACCESS_KEY, CEPH_S3_SECRET_KEY (test credentials of the S3 user "lanes", the buckets' owner), CEPH_CONF
# (for radosgw-admin -c, to create more S3 users).
set -euo pipefail
name=ceph
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init "$name"
port="${LANES_CEPH_RGW_PORT:-8082}"
mon_port="${LANES_CEPH_MON_PORT:-6789}"
conf="$state/ceph.conf"
access_key=LANESTESTACCESSKEY01
secret_key=lanes-test-secret-key-0123456789abcdef
fsid_file="$state/fsid"

facts() {
  cat <<FACTS
CEPH_S3_ENDPOINT=http://127.0.0.1:$port
CEPH_S3_REGION=us-east-1
CEPH_S3_ACCESS_KEY=$access_key
CEPH_S3_SECRET_KEY=$secret_key
CEPH_CONF=$conf
FACTS
}

alive() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }
answering() { curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; }
running() { alive mon && alive osd && alive rgw && answering; }
ceph_() { ceph -c "$conf" --connect-timeout 10 "$@"; }

write_conf() {
  cat >"$conf" <<CONF
[global]
fsid = $(cat "$fsid_file")
mon_host = v1:127.0.0.1:$mon_port
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
mon_allow_pool_size_one = true
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
mon_warn_on_pool_no_redundancy = false
run_dir = $state/run
log_file = $state/\$name.log
admin_socket = $state/run/\$name.asok
[mon.a]
mon_data = $state/mon
[osd.0]
osd_data = $state/osd
osd_objectstore = memstore
memstore_device_bytes = 2147483648
[client.rgw.lanes]
rgw_frontends = beast endpoint=127.0.0.1:$port
rgw_data = $state/rgw
CONF
}

stop_one() {
  local pidfile="$state/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$name: $what not ready after ${seconds}s, see logs in $state" >&2
  return 1
}

case "${1:-}" in
  start)
    if running; then facts; exit 0; fi
    command -v radosgw >/dev/null || { echo "$name: radosgw not installed (src/scripts/install-packages.sh)" >&2; exit 1; }
    # The OSD keeps its objects in memory (memstore): a stopped cluster has nothing worth keeping, so every start
    # builds a fresh one.
    for part in rgw osd mon; do stop_one "$part"; done
    service_port_free "$mon_port" || exit 1
    service_port_free "$port" || exit 1
    rm -rf "$state"
    mkdir -p "$state/run" "$state/mon" "$state/osd" "$state/rgw"
    uuidgen >"$fsid_file"
    write_conf
    echo "$name: creating the monitor" >&2
    monmaptool --create --clobber --fsid "$(cat "$fsid_file")" --addv a "[v1:127.0.0.1:$mon_port]" \
      "$state/monmap" >"$state/setup.log" 2>&1
    ceph-mon -c "$conf" -i a --mkfs --monmap "$state/monmap" >>"$state/setup.log" 2>&1
    ceph-mon -c "$conf" -i a -d >"$state/mon.out" 2>&1 &
    echo $! >"$state/mon.pid"
    wait_for "monitor" 30 ceph_ -s
    echo "$name: creating the OSD" >&2
    osd_uuid=$(uuidgen)
    ceph_ osd new "$osd_uuid" >>"$state/setup.log" 2>&1
    ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$state/setup.log" 2>&1
    # A freshly made OSD sometimes exits at its first start ("mon_cmd_maybe_osd_create fail: 'wrong fsid'",
    # a race with the monitor map); the next start boots. Try a few times.
    for attempt in 1 2 3; do
      ceph-osd -c "$conf" -i 0 -d >"$state/osd.out.$attempt" 2>&1 &
      echo $! >"$state/osd.pid"
      for _ in $(seq 1 150); do
        alive osd || break
        ceph_ osd stat 2>/dev/null | grep -q '1 up' && break
        sleep 0.2
      done
      alive osd && break
      echo "$name: the OSD exited at start (attempt $attempt), see $state/osd.out.$attempt" >&2
    done
    wait_for "OSD" 30 sh -c "ceph -c '$conf' osd stat 2>/dev/null | grep -q '1 up'"
    echo "$name: starting radosgw on 127.0.0.1:$port" >&2
    radosgw -c "$conf" -n client.rgw.lanes -d >"$state/rgw.out" 2>&1 &
    echo $! >"$state/rgw.pid"
    wait_for "radosgw" 90 answering
    radosgw-admin -c "$conf" user create --uid=lanes --display-name="Lanes tests" \
      --access-key="$access_key" --secret-key="$secret_key" >>"$state/setup.log" 2>&1 \
      || { echo "$name: radosgw-admin user create failed, see $state/setup.log" >&2; exit 1; }
    echo "$name: ready on 127.0.0.1:$port" >&2
    facts
    ;;
  stop)
    for part in rgw osd mon; do stop_one "$part"; done
    ;;
  env)
    running || exit 1
    facts
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
