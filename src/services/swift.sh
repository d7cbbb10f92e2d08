#!/usr/bin/env bash
# A real one-replica OpenStack Swift (Debian's 2.30) on 127.0.0.1: proxy on 8080 with tempauth (auth v1) and
# s3api, account/container/object servers on 6202/6201/6200, memcached on 11211 for the proxy's cache (each port
# overridable: LANES_SWIFT_PORT, LANES_SWIFT_{OBJECT,CONTAINER,ACCOUNT}_PORT, LANES_MEMCACHED_PORT).
# Contract: src/services/README.md. Facts printed on start/env:
#   SWIFT_AUTH_URL     tempauth v1 endpoint (X-Auth-User / X-Auth-Key)
#   SWIFT_USER         account:user of the test user (an admin of account AUTH_test)
#   SWIFT_KEY          its key (a test credential)
#   SWIFT_STORAGE_URL  the account's storage URL
#   SWIFT_CANARY_USER / SWIFT_CANARY_KEY  a second admin (account AUTH_lanes) whose key tests look for in output
#   SWIFT_S3_ENDPOINT  s3api endpoint (path-style), with SWIFT_S3_ACCESS_KEY / SWIFT_S3_SECRET_KEY / SWIFT_S3_REGION
set -euo pipefail

name=swift
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init "$name"
etc=$state/etc
devices=$state/srv
proxy_port=${LANES_SWIFT_PORT:-8080}
# The storage servers' and memcached's ports: overridable so a second Swift (the demo's) can run beside one on the
# defaults.
object_port=${LANES_SWIFT_OBJECT_PORT:-6200}
container_port=${LANES_SWIFT_CONTAINER_PORT:-6201}
account_port=${LANES_SWIFT_ACCOUNT_PORT:-6202}
memcached_port=${LANES_MEMCACHED_PORT:-11211}
python=/usr/bin/python3 # Debian's Python: Swift's modules live there, not in pyenv's
# LANES_SWIFT_KEYSTONE=1: the proxy also takes Keystone v3 tokens (keystonemiddleware's authtoken + Swift's
# keystoneauth, as in production), for the Keystone of keystone.sh (started here when it is not running, and then
# stopped with Swift; its catalog names this proxy). A project's account is KEY_<project id>; tempauth's accounts
# (AUTH_*) stay as they are. The facts then include Keystone's (KEYSTONE_*).
keystone=${LANES_SWIFT_KEYSTONE:-0}

facts() {
  cat <<EOF
SWIFT_AUTH_URL=http://127.0.0.1:$proxy_port/auth/v1.0
SWIFT_USER=test:tester
SWIFT_KEY=testing
SWIFT_STORAGE_URL=http://127.0.0.1:$proxy_port/v1/AUTH_test
SWIFT_CANARY_USER=lanes:canary
SWIFT_CANARY_KEY=lanes-canary-Zq9xW4
SWIFT_S3_ENDPOINT=http://127.0.0.1:$proxy_port
SWIFT_S3_ACCESS_KEY=test:tester
SWIFT_S3_SECRET_KEY=testing
SWIFT_S3_REGION=us-east-1
SWIFT_LOG=$state/log
EOF
  if [ "$keystone" = 1 ]; then
    LANES_SWIFT_PORT=$proxy_port bash "$LANES_ROOT/src/services/keystone.sh" env
  fi
}

# configured_as_asked: the running proxy takes Keystone tokens when LANES_SWIFT_KEYSTONE=1 asks for it (one that
# takes them without being asked is kept: tempauth works there as well, and a second caller, such as registry.sh,
# must not restart the Swift that a first one started with Keystone).
configured_as_asked() {
  [ "$keystone" = 1 ] || return 0
  grep -q '^\[filter:authtoken\]' "$etc/proxy-server.conf" 2>/dev/null
}

stop() {
  service_stop
  if [ -f "$state/started-keystone" ]; then
    bash "$LANES_ROOT/src/services/keystone.sh" stop
    rm -f "$state/started-keystone"
  fi
}

# Ready means the whole path works, not only tempauth: the account and container servers answer a container PUT
# (right after start they can answer 503 for a moment, and a registry starting then panics).
answers() {
  local headers token url
  headers=$(curl -fsS -o /dev/null -D - -H "X-Auth-User: test:tester" -H "X-Auth-Key: testing" \
    "http://127.0.0.1:$proxy_port/auth/v1.0" 2>/dev/null) || return 1
  token=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p')
  url=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]torage-[Uu]rl: //p')
  [ -n "$token" ] && [ -n "$url" ] || return 1
  curl -fsS -o /dev/null -X PUT -H "X-Auth-Token: $token" "$url/lanes-ready" 2>/dev/null
}

write_config() {
  mkdir -p "$etc" "$devices/d1" "$state/run"
  local keystone_filters="" keystone_sections=""
  if [ "$keystone" = 1 ]; then
    keystone_filters="authtoken keystoneauth"
    keystone_sections=$(keystone_sections) || return 1
  fi
  cat >"$etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = lanes-local
swift_hash_path_prefix = lanes-local

[storage-policy:0]
name = Policy-0
default = yes
EOF
  local server port
  for server in object:$object_port container:$container_port account:$account_port; do
    port=${server#*:}
    server=${server%:*}
    cat >"$etc/$server-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = root
swift_dir = $etc
devices = $devices
mount_check = false
disable_fallocate = true
log_name = $server-server

[pipeline:main]
pipeline = $server-server

[app:$server-server]
use = egg:swift#$server
EOF
  done
  # mode 0600: with Keystone, it holds the admin's password (a test credential)
  (umask 077 && : >"$etc/proxy-server.conf")
  cat >"$etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy_port
workers = 0
user = root
swift_dir = $etc
log_name = proxy-server

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl s3api $keystone_filters tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin http://127.0.0.1:$proxy_port/v1/AUTH_test
user_test_reader = reading
user_lanes_canary = lanes-canary-Zq9xW4 .admin http://127.0.0.1:$proxy_port/v1/AUTH_lanes

$keystone_sections
[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
EOF
}

# keystone_sections: authtoken validates every token with the Keystone of keystone.sh (as its bootstrap admin: a test
# credential) and leaves the decision to the authorization filters (delay_auth_decision), so tempauth's tokens pass
# on to tempauth; keystoneauth grants a project's account to its members.
keystone_sections() {
  local facts admin_password keystone_url
  if ! facts=$(LANES_SWIFT_PORT=$proxy_port bash "$LANES_ROOT/src/services/keystone.sh" env 2>/dev/null); then
    facts=$(LANES_SWIFT_PORT=$proxy_port bash "$LANES_ROOT/src/services/keystone.sh" start) || return 1
    touch "$state/started-keystone"
  fi
  keystone_url=$(printf '%s\n' "$facts" | sed -n 's/^KEYSTONE_URL=//p')
  admin_password=$(printf '%s\n' "$facts" | sed -n 's/^KEYSTONE_ADMIN_PASSWORD=//p')
  cat <<EOF
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = ${keystone_url%/v3}
auth_url = ${keystone_url%/v3}
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = admin
username = admin
password = $admin_password
delay_auth_decision = True
memcached_servers = 127.0.0.1:$memcached_port

[filter:keystoneauth]
use = egg:swift#keystoneauth
reseller_prefix = KEY_
operator_roles = admin, member
EOF
}

build_rings() {
  [ -f "$etc/object.ring.gz" ] && [ -f "$etc/container.ring.gz" ] && [ -f "$etc/account.ring.gz" ] && return 0
  echo "swift: building rings" >&2
  (cd "$etc" && "$python" - "$object_port" "$container_port" "$account_port" <<'EOF'
import sys
from swift.common.ring import RingBuilder
ports = [int(p) for p in sys.argv[1:4]]
for kind, port in zip(("object", "container", "account"), ports):
    builder = RingBuilder(10, 1, 1)
    builder.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": port, "device": "d1", "weight": 100})
    builder.rebalance()
    builder.save(kind + ".builder")
    builder.get_ring().save(kind + ".ring.gz")
EOF
  )
}

start() {
  if service_running && answers && configured_as_asked; then
    facts
    return 0
  fi
  service_stop
  local port
  for port in "$proxy_port" "$object_port" "$container_port" "$account_port"; do
    service_port_free "$port" || exit 1
  done
  command -v swift-proxy-server >/dev/null || { echo "swift: swift-proxy-server not installed (src/scripts/packages.txt)" >&2; exit 1; }
  write_config
  build_rings
  : >"$state/pid"
  local log=$state/log
  echo "swift: starting (log $log)" >&2
  if ! (echo >"/dev/tcp/127.0.0.1/$memcached_port") 2>/dev/null; then
    setsid memcached -u root -l 127.0.0.1 -p "$memcached_port" -m 64 >>"$log" 2>&1 </dev/null &
    echo $! >>"$state/pid"
  fi
  local server
  for server in object container account proxy; do
    setsid "$python" "/usr/bin/swift-$server-server" "$etc/$server-server.conf" -v >>"$log" 2>&1 </dev/null &
    echo $! >>"$state/pid"
  done
  for _ in $(seq 1 300); do
    if answers; then
      echo "swift: ready on 127.0.0.1:$proxy_port" >&2
      facts
      return 0
    fi
    if ! service_running; then
      break
    fi
    sleep 0.1
  done
  echo "swift: did not answer on 127.0.0.1:$proxy_port; see $log" >&2
  service_stop
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
