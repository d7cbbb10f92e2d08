#!/usr/bin/env bash
# A real OpenStack Keystone (identity v3; KEYSTONE_VERSION in src/scripts/versions.env, from PyPI into a virtualenv
# keyed by version) on 127.0.0.1, with its database in SQLite and served by uWSGI (from PyPI, UWSGI_VERSION).
# It is what Magnum's registry authenticates to in production: the Swift proxy of swift.sh checks its tokens when
# started with LANES_SWIFT_KEYSTONE=1.
#
#   start  -> the facts below      stop      env
#   build  installs Keystone and uWSGI into ${LANES_CACHE:-~/.cache/lanes}/keystone/<version>/venv only
#
# What start makes, once per state directory (`keystone-manage bootstrap`, then the v3 API as the admin):
#   KEYSTONE_URL                    the v3 endpoint (http://127.0.0.1:PORT/v3)
#   KEYSTONE_ADMIN_PASSWORD         the bootstrap admin's password (user admin, project admin, domain Default)
#   KEYSTONE_PROJECT / _PROJECT_ID  project "lanes" (domain Default): the registry's project
#   KEYSTONE_USER / KEYSTONE_PASSWORD  user "registry" with role "member" on it (and the role swift's keystoneauth
#                                   grants account access for)
#   KEYSTONE_NOROLE_USER / _PASSWORD  user "outsider" with no role on the project (a missing role, tested)
#   KEYSTONE_APPCRED_ID / KEYSTONE_APPCRED_SECRET  an application credential of "registry" on "lanes"
#   KEYSTONE_REGION                 RegionOne
# With LANES_SWIFT_PORT set, the catalog also gets an object-store service whose public endpoint is Swift's
# keystone account of the project (http://127.0.0.1:PORT/v1/KEY_<project id>).
# Port: LANES_KEYSTONE_PORT (15357). All passwords are test credentials made for this state directory.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/service.sh"
service_init keystone
source "$LANES_ROOT/src/scripts/versions.env"
port=${LANES_KEYSTONE_PORT:-15357}
url=http://127.0.0.1:$port/v3
cache=${LANES_CACHE:-$HOME/.cache/lanes}/keystone/$KEYSTONE_VERSION
venv=$cache/venv
conf=$state/etc/keystone.conf
facts_file=$state/facts

# build: Keystone and uWSGI from PyPI into a virtualenv keyed by version; "complete" marks a finished install.
build() {
  [ -f "$venv/complete" ] && return 0
  echo "keystone: installing keystone==$KEYSTONE_VERSION and uwsgi==$UWSGI_VERSION from PyPI into $venv" \
    "(about 2 minutes, once per version)" >&2
  rm -rf "$venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "keystone==$KEYSTONE_VERSION" \
    "uwsgi==$UWSGI_VERSION" >"$cache/pip.log" 2>&1 \
    || { echo "keystone: pip install failed; see $cache/pip.log" >&2; return 1; }
  touch "$venv/complete"
}

write_config() {
  mkdir -p "$state/etc" "$state/fernet" "$state/credential"
  chmod 700 "$state/fernet" "$state/credential"
  cat >"$conf" <<EOF
[database]
connection = sqlite:///$state/keystone.db

[token]
provider = fernet

[fernet_tokens]
key_repository = $state/fernet

# keystone-manage fernet_setup also writes the receipts' keys (default /etc/keystone/fernet-keys): same place.
[fernet_receipts]
key_repository = $state/fernet

[credential]
key_repository = $state/credential
EOF
}

manage() {
  "$venv/bin/keystone-manage" --config-file "$conf" "$@" >>"$log" 2>&1
}

answers() {
  curl -fsS -o /dev/null "$url"
}

# api METHOD PATH [BODY]: the v3 API as the admin (token in $admin_token); prints the response body.
api() {
  curl -fsS -X "$1" -H "X-Auth-Token: $admin_token" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$url$2"
}

json() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

token_for() { # USER PASSWORD PROJECT -> a project-scoped token
  curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\":
    [\"password\"], \"password\": {\"user\": {\"name\": \"$1\", \"domain\": {\"id\": \"default\"}, \"password\":
    \"$2\"}}}, \"scope\": {\"project\": {\"name\": \"$3\", \"domain\": {\"id\": \"default\"}}}}}" \
    "$url/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p'
}

# populate: the project, users, role assignments, application credential and Swift's catalog entry. Runs once per
# state directory; its facts are kept in $facts_file.
populate() {
  local admin_password=$1 project_id user_id role_id password norole_password appcred
  admin_token=$(token_for admin "$admin_password" admin)
  [ -n "$admin_token" ] || { echo "keystone: the bootstrap admin cannot log in; see $log" >&2; return 1; }
  password=$(openssl rand -hex 12)
  norole_password=$(openssl rand -hex 12)
  project_id=$(api POST /projects '{"project": {"name": "lanes", "domain_id": "default"}}' | json "d['project']['id']")
  user_id=$(api POST /users "{\"user\": {\"name\": \"registry\", \"domain_id\": \"default\", \"password\": \"$password\"}}" \
    | json "d['user']['id']")
  api POST /users "{\"user\": {\"name\": \"outsider\", \"domain_id\": \"default\", \"password\": \"$norole_password\"}}" >/dev/null
  role_id=$(api GET '/roles?name=member' | json "d['roles'][0]['id']")
  api PUT "/projects/$project_id/users/$user_id/roles/$role_id" >/dev/null
  appcred=$(curl -fsS -X POST -H "X-Auth-Token: $(token_for registry "$password" lanes)" \
    -H 'Content-Type: application/json' -d '{"application_credential": {"name": "lanes-registry"}}' \
    "$url/users/$user_id/application_credentials")
  if [ -n "${LANES_SWIFT_PORT:-}" ]; then
    local service_id
    service_id=$(api POST /services '{"service": {"type": "object-store", "name": "swift"}}' | json "d['service']['id']")
    api POST /endpoints "{\"endpoint\": {\"service_id\": \"$service_id\", \"interface\": \"public\", \"region_id\":
      \"RegionOne\", \"url\": \"http://127.0.0.1:$LANES_SWIFT_PORT/v1/KEY_\$(project_id)s\"}}" >/dev/null
  fi
  (
    umask 077
    cat >"$facts_file" <<EOF
KEYSTONE_URL=$url
KEYSTONE_REGION=RegionOne
KEYSTONE_ADMIN_PASSWORD=$admin_password
KEYSTONE_PROJECT=lanes
KEYSTONE_PROJECT_ID=$project_id
KEYSTONE_USER=registry
KEYSTONE_PASSWORD=$password
KEYSTONE_NOROLE_USER=outsider
KEYSTONE_NOROLE_PASSWORD=$norole_password
KEYSTONE_APPCRED_ID=$(printf '%s' "$appcred" | json "d['application_credential']['id']")
KEYSTONE_APPCRED_SECRET=$(printf '%s' "$appcred" | json "d['application_credential']['secret']")
KEYSTONE_LOG=$log
EOF
  )
}

start() {
  if service_running && answers; then
    cat "$facts_file"
    return 0
  fi
  service_stop
  service_port_free "$port" || exit 1
  build
  write_config
  local fresh=0 admin_password
  if [ ! -f "$state/keystone.db" ] || [ ! -s "$facts_file" ]; then
    fresh=1
    rm -f "$state/keystone.db" "$facts_file"
    admin_password=$(openssl rand -hex 12)
    echo "keystone: creating its database and keys (log $log)" >&2
    manage db_sync
    manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    manage bootstrap --bootstrap-password "$admin_password" --bootstrap-project-name admin \
      --bootstrap-admin-url "$url" --bootstrap-public-url "$url" --bootstrap-internal-url "$url" \
      --bootstrap-region-id RegionOne
  fi
  echo "keystone: starting on 127.0.0.1:$port (log $log)" >&2
  # Every connection closed, and said so: with --http-keepalive, uWSGI drops an idle kept-alive connection (after its
  # 4 s socket timeout) while a client may be sending on it, and a POST there fails with "Remote end closed connection
  # without response" (Magnum's conductor creating its trustee user, seen).
  OS_KEYSTONE_CONFIG_FILES=$conf setsid "$venv/bin/uwsgi" --http-socket "127.0.0.1:$port" --add-header 'Connection: close' \
    --wsgi keystone.wsgi.api:application --master --processes 1 --threads 4 --die-on-term \
    --disable-logging >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  service_wait 60 answers
  if [ "$fresh" = 1 ]; then
    populate "$admin_password" || { service_stop; rm -f "$facts_file"; exit 1; }
  fi
  echo "keystone: ready on $url" >&2
  cat "$facts_file"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) service_stop ;;
  env) service_running && cat "$facts_file" || { echo "keystone: not running" >&2; exit 1; } ;;
  *) echo "usage: $0 build|start|stop|env" >&2; exit 2 ;;
esac
