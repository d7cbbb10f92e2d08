#!/usr/bin/env bash
# A real OpenStack Magnum (magnum-api and magnum-conductor, MAGNUM_VERSION in src/scripts/versions.env, from PyPI
# into a virtualenv keyed by version) behind the real Keystone of keystone.sh, with the real Glance (GLANCE_VERSION,
# likewise) it reads images from. What cluster templates, cluster create requests, and the certificate API meet in
# production, short of what needs Cinder, Heat and Nova (see docs/steps/cluster.md).
#
#   start  -> the facts below (and keystone.sh's)      stop      env
#   build  installs Magnum and Glance (each with uWSGI) into ${LANES_CACHE:-~/.cache/lanes}/{magnum,glance}/<version>/
#
# Pieces, all on 127.0.0.1:
#   magnum-api   LANES_MAGNUM_PORT (9511): magnum.wsgi.api under uWSGI; its database in the MariaDB of mariadb.sh
#                (Magnum's alembic migrations cannot run on SQLite: "No support for ALTER of constraints").
#   magnum-conductor  over Debian's RabbitMQ (LANES_RABBITMQ_PORT 5672, LANES_RABBITMQ_DIST_PORT 25672, its own
#                Erlang port mapper on LANES_EPMD_PORT 4369): records a cluster, creates its trust (in the domain
#                below) and its CA (x509keypair, in the database), then fails it CREATE_FAILED: the catalog has no
#                block-storage (Cinder) nor orchestration (Heat) service. It signs client certificates.
#   glance-api   LANES_GLANCE_PORT (9292): glance.wsgi.api under uWSGI, SQLite, file store; holds the images below.
#   compute-network-double  LANES_MAGNUM_CLOUD_PORT (8774): a TEST DOUBLE of Nova's flavors/keypairs and Neutron's
#                networks (src/services/magnum/compute_network_double.py): Magnum validates flavors, keypairs and
#                the external network against them; Nova and Neutron do not run here.
# Keystone's catalog gets container-infra, image, compute and network (public, RegionOne), and a domain "magnum"
# with its admin user for Magnum's trusts ([trust] trustee_domain_*). Keystone and MariaDB are started when not
# running (and stopped again by stop).
#
# Facts: MAGNUM_URL, GLANCE_URL, MAGNUM_IMAGE (an image with os_distro fedora-coreos), MAGNUM_IMAGE_NO_DISTRO (one
# without os_distro), MAGNUM_EXTERNAL_NETWORK, MAGNUM_FLAVORS, MAGNUM_KEYPAIR, MAGNUM_LOG, then keystone.sh's facts.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/service.sh"
service_init magnum
source "$LANES_ROOT/src/scripts/versions.env"
port=${LANES_MAGNUM_PORT:-9511}
glance_port=${LANES_GLANCE_PORT:-9292}
cloud_port=${LANES_MAGNUM_CLOUD_PORT:-8774}
rabbit_port=${LANES_RABBITMQ_PORT:-5672}
rabbit_dist_port=${LANES_RABBITMQ_DIST_PORT:-25672}
epmd_port=${LANES_EPMD_PORT:-4369}
rabbit_url=rabbit://lanes:lanes-test@127.0.0.1:$rabbit_port/
cache=${LANES_CACHE:-$HOME/.cache/lanes}
magnum_venv=$cache/magnum/$MAGNUM_VERSION/venv
glance_venv=$cache/glance/$GLANCE_VERSION/venv
image=fedora-coreos-40.20240906.3.0
image_no_distro=ubuntu-22.04-no-os-distro
database=magnum_lanes

# venv DIR PACKAGE...: a virtualenv with those packages from PyPI; "complete" marks a finished install.
venv() {
  local dir=$1
  shift
  [ -f "$dir/complete" ] && return 0
  echo "magnum: installing $* from PyPI into $dir (a few minutes, once per version)" >&2
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  python3 -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@" >"$(dirname "$dir")/pip.log" 2>&1 \
    || { echo "magnum: pip install failed; see $(dirname "$dir")/pip.log" >&2; return 1; }
  touch "$dir/complete"
}

build() {
  venv "$magnum_venv" "magnum==$MAGNUM_VERSION" "PyMySQL==$PYMYSQL_VERSION" "uwsgi==$UWSGI_VERSION"
  venv "$glance_venv" "glance==$GLANCE_VERSION" "uwsgi==$UWSGI_VERSION"
}

json() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# api METHOD PATH [BODY]: Keystone's v3 API as its bootstrap admin; prints the response body.
api() {
  curl -fsS -X "$1" -H "X-Auth-Token: $admin_token" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$keystone_url$2"
}

admin_token() {
  curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\":
    [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\":
    \"$admin_password\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}" \
    "$keystone_url/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p'
}

# service TYPE NAME URL: the catalog's service of TYPE with a public endpoint at URL, created once.
service() {
  local id
  id=$(api GET "/services?type=$1" | json "d['services'][0]['id'] if d['services'] else ''")
  [ -n "$id" ] && return 0
  id=$(api POST /services "{\"service\": {\"type\": \"$1\", \"name\": \"$2\"}}" | json "d['service']['id']")
  api POST /endpoints "{\"endpoint\": {\"service_id\": \"$id\", \"interface\": \"public\", \"region_id\":
    \"RegionOne\", \"url\": \"$3\"}}" >/dev/null
}

# register: Magnum's, Glance's and the double's catalog entries, and the trustee domain with its admin (whose
# password is set anew on every start: it lives in this state directory only).
register() {
  local domain_id user_id role_id
  service container-infra magnum "http://127.0.0.1:$port/v1"
  service image glance "http://127.0.0.1:$glance_port"
  service compute nova-double "http://127.0.0.1:$cloud_port/v2.1"
  service network neutron-double "http://127.0.0.1:$cloud_port"
  domain_id=$(api GET '/domains?name=magnum' | json "d['domains'][0]['id'] if d['domains'] else ''")
  [ -n "$domain_id" ] || domain_id=$(api POST /domains '{"domain": {"name": "magnum",
    "description": "Owns the users and projects Magnum creates for clusters"}}' | json "d['domain']['id']")
  user_id=$(api GET "/users?name=magnum_domain_admin&domain_id=$domain_id" \
    | json "d['users'][0]['id'] if d['users'] else ''")
  if [ -z "$user_id" ]; then
    user_id=$(api POST /users "{\"user\": {\"name\": \"magnum_domain_admin\", \"domain_id\": \"$domain_id\",
      \"password\": \"$trustee_password\"}}" | json "d['user']['id']")
  else
    api PATCH "/users/$user_id" "{\"user\": {\"password\": \"$trustee_password\"}}" >/dev/null
  fi
  role_id=$(api GET '/roles?name=admin' | json "d['roles'][0]['id']")
  api PUT "/domains/$domain_id/users/$user_id/roles/$role_id" >/dev/null
}

write_configs() {
  mkdir -p "$state/etc" "$state/lock" "$state/rabbit" "$state/glance/etc" "$state/glance/images" \
    "$state/glance/staging" "$state/glance/tasks"
  local authtoken
  authtoken="www_authenticate_uri = $keystone_url
auth_url = ${keystone_url%/v3}
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = admin
username = admin
password = $admin_password"
  (
    umask 077
    cat >"$state/etc/magnum.conf" <<EOF
[DEFAULT]
transport_url = $rabbit_url
host = lanes
log_file = $log

[api]
host = 127.0.0.1
port = $port
api_paste_config = $magnum_venv/etc/magnum/api-paste.ini

[database]
connection = mysql+pymysql://$db_user:$db_password@127.0.0.1:$db_port/$database?charset=utf8mb4

[keystone_authtoken]
$authtoken

[keystone_auth]
$authtoken

[trust]
trustee_domain_name = magnum
trustee_domain_admin_name = magnum_domain_admin
trustee_domain_admin_domain_name = magnum
trustee_domain_admin_password = $trustee_password
trustee_keystone_interface = public

# The cluster CA and certificates in Magnum's database (the default store is Barbican, which does not run here).
[certificates]
cert_manager_type = x509keypair

# Where the driver builds the cluster (and what its Heat templates give Cinder CSI).
[cinder_client]
region_name = RegionOne

[oslo_concurrency]
lock_path = $state/lock
EOF
    cat >"$state/rabbit/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$rabbit_port
loopback_users = none
default_user = lanes
default_pass = lanes-test
log.file = false
log.console = true
log.console.level = warning
EOF
    echo '[].' >"$state/rabbit/enabled_plugins"
    cp "$glance_venv/etc/glance/glance-api-paste.ini" "$state/glance/etc/"
    cat >"$state/glance/etc/glance-api.conf" <<EOF
[DEFAULT]
log_file = $state/glance/log
enabled_backends = file:file

[database]
connection = sqlite:///$state/glance/glance.db

[keystone_authtoken]
$authtoken

[paste_deploy]
flavor = keystone
config_file = $state/glance/etc/glance-api-paste.ini

[glance_store]
default_backend = file

[file]
filesystem_store_datadir = $state/glance/images

[os_glance_staging_store]
filesystem_store_datadir = $state/glance/staging

[os_glance_tasks_store]
filesystem_store_datadir = $state/glance/tasks

[oslo_concurrency]
lock_path = $state/lock
EOF
  )
}

answers() { curl -fsS -o /dev/null "$1"; }

listens() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# rabbit_env COMMAND...: COMMAND with the environment of this state's RabbitMQ (Debian's, as a plain process in
# $state/rabbit, with its own Erlang port mapper on $epmd_port; HOME holds its Erlang cookie).
rabbit_env() {
  env HOME="$state/rabbit" RABBITMQ_NODENAME="lanes$rabbit_port@localhost" RABBITMQ_DIST_PORT="$rabbit_dist_port" \
    ERL_EPMD_PORT="$epmd_port" ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE="$state/rabbit/mnesia" \
    RABBITMQ_LOG_BASE="$state/rabbit/logs" RABBITMQ_CONFIG_FILE="$state/rabbit/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$state/rabbit/enabled_plugins" RABBITMQ_PID_FILE="$state/rabbit/beam.pid" "$@"
}

# images: the images templates name, created once (metadata only: Magnum reads os_distro, never the bits).
images() {
  local glance=http://127.0.0.1:$glance_port/v2
  local name body
  for name in "$image" "$image_no_distro"; do
    if curl -fsS -H "X-Auth-Token: $admin_token" "$glance/images?name=$name" | json "len(d['images'])" \
      | grep -qx 0; then
      body="{\"name\": \"$name\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\","
      body="$body \"visibility\": \"public\""
      [ "$name" = "$image" ] && body="$body, \"os_distro\": \"fedora-coreos\""
      curl -fsS -o /dev/null -X POST -H "X-Auth-Token: $admin_token" -H 'Content-Type: application/json' \
        -d "$body}" "$glance/images"
    fi
  done
}

facts() {
  cat <<EOF
MAGNUM_URL=http://127.0.0.1:$port/v1
GLANCE_URL=http://127.0.0.1:$glance_port
MAGNUM_IMAGE=$image
MAGNUM_IMAGE_NO_DISTRO=$image_no_distro
MAGNUM_EXTERNAL_NETWORK=public
MAGNUM_FLAVORS=m1.small m1.large m1.xlarge
MAGNUM_KEYPAIR=lanes-ops
MAGNUM_LOG=$log
EOF
  bash "$here/keystone.sh" env
}

# dependency NAME: the facts of keystone.sh or mariadb.sh, started (and marked for stop) when not running.
dependency() {
  if ! bash "$here/$1.sh" env 2>/dev/null; then
    bash "$here/$1.sh" start && touch "$state/started-$1"
  fi
}

# failed: a start that went wrong stops what it started, so that no half-started service answers the next one.
failed() {
  stop
  exit 1
}

start() {
  if service_running && answers "http://127.0.0.1:$port/" && answers "http://127.0.0.1:$glance_port/"; then
    facts
    return 0
  fi
  service_stop
  local p
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] \
    || { echo "magnum: rabbitmq-server not installed (src/scripts/packages.txt)" >&2; exit 1; }
  for p in "$port" "$glance_port" "$cloud_port" "$rabbit_port" "$rabbit_dist_port"; do
    service_port_free "$p" || exit 1
  done
  build
  local keystone_facts db_facts
  keystone_facts=$(dependency keystone) || exit 1
  keystone_url=$(printf '%s\n' "$keystone_facts" | sed -n 's/^KEYSTONE_URL=//p')
  admin_password=$(printf '%s\n' "$keystone_facts" | sed -n 's/^KEYSTONE_ADMIN_PASSWORD=//p')
  db_facts=$(dependency mariadb) || exit 1
  db_port=$(printf '%s\n' "$db_facts" | sed -n 's/^MARIADB_PORT=//p')
  db_user=$(printf '%s\n' "$db_facts" | sed -n 's/^MARIADB_USER=//p')
  db_password=$(printf '%s\n' "$db_facts" | sed -n 's/^MARIADB_PASSWORD=//p')
  trustee_password=$(openssl rand -hex 12)
  admin_token=$(admin_token)
  [ -n "$admin_token" ] || { echo "magnum: keystone's admin cannot log in at $keystone_url" >&2; exit 1; }
  register
  write_configs
  echo "magnum: migrating its database $database in MariaDB (log $log)" >&2
  mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$db_port" -u"$db_user" -p"$db_password" \
    -e "CREATE DATABASE IF NOT EXISTS $database CHARACTER SET utf8mb4"
  "$magnum_venv/bin/magnum-db-manage" --config-file "$state/etc/magnum.conf" upgrade >>"$log" 2>&1 \
    || { echo "magnum: magnum-db-manage upgrade failed; see $log" >&2; exit 1; }
  if [ ! -f "$state/glance/glance.db" ]; then
    "$glance_venv/bin/glance-manage" --config-file "$state/glance/etc/glance-api.conf" db_sync \
      >>"$state/glance/log" 2>&1 || { echo "magnum: glance-manage db_sync failed; see $state/glance/log" >&2; exit 1; }
  fi
  echo "magnum: starting RabbitMQ on :$rabbit_port, magnum-conductor, magnum-api on :$port, glance-api on" \
    ":$glance_port, the compute/network double on :$cloud_port (logs in $state)" >&2
  : >"$pidfile"
  # uWSGI's --http-keepalive resets the connection glanceclient reuses after listing images (magnum-api then fails
  # with "Connection reset by peer"): both servers close every connection and say so.
  OS_GLANCE_CONFIG_DIR=$state/glance/etc setsid "$glance_venv/bin/uwsgi" --http-socket "127.0.0.1:$glance_port" \
    --add-header 'Connection: close' --wsgi glance.wsgi.api:application --master --processes 1 --threads 4 \
    --die-on-term --disable-logging >>"$state/glance/uwsgi.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  setsid python3 "$here/magnum/compute_network_double.py" "$cloud_port" >>"$state/compute-network-double.log" 2>&1 \
    </dev/null &
  echo $! >>"$pidfile"
  setsid "$magnum_venv/bin/uwsgi" --http-socket "127.0.0.1:$port" --add-header 'Connection: close' \
    --wsgi magnum.wsgi.api:application --pyargv "--config-file $state/etc/magnum.conf" --master --processes 1 \
    --threads 4 --die-on-term --disable-logging >>"$state/uwsgi.log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  rm -f "$state/rabbit/beam.pid"
  rabbit_env setsid /usr/lib/rabbitmq/bin/rabbitmq-server >>"$state/rabbit/log" 2>&1 </dev/null &
  echo $! >>"$pidfile"
  service_wait 120 listens "$rabbit_port" || failed
  printf '%s\n' "$(cat "$state/rabbit/beam.pid")" >>"$pidfile"
  setsid "$magnum_venv/bin/magnum-conductor" --config-file "$state/etc/magnum.conf" >>"$state/conductor.log" 2>&1 \
    </dev/null &
  echo $! >>"$pidfile"
  service_wait 90 answers "http://127.0.0.1:$glance_port/" || failed
  service_wait 30 answers "http://127.0.0.1:$cloud_port/" || failed
  service_wait 90 answers "http://127.0.0.1:$port/" || failed
  images || { echo "magnum: cannot create the images in Glance; see $state/glance/log" >&2; failed; }
  echo "magnum: ready on http://127.0.0.1:$port/v1" >&2
  facts
}

stop() {
  service_stop
  rabbit_env epmd -kill >/dev/null 2>&1 || true
  local dep
  for dep in keystone mariadb; do
    if [ -f "$state/started-$dep" ]; then
      bash "$here/$dep.sh" stop
      rm -f "$state/started-$dep"
    fi
  done
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  env) service_running && facts || { echo "magnum: not running" >&2; exit 1; } ;;
  *) echo "usage: $0 build|start|stop|env" >&2; exit 2 ;;
esac
