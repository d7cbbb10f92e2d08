#!/usr/bin/env bash
# Debian's docker-registry (distribution 2.8, what Magnum runs) on 127.0.0.1:5000, its storage in a real Swift
# container (src/services/swift.sh, started first), deletes enabled, plain HTTP.
# Contract: src/services/README.md. Facts printed on start/env:
#   REGISTRY_HOST             host:port to use in image references
#   REGISTRY_URL              the Registry HTTP API v2 base URL
#   REGISTRY_SWIFT_CONTAINER  the Swift container holding the blobs
#   REGISTRY_CONFIG           the configuration file it serves with
#   REGISTRY_USER, REGISTRY_PASSWORD   test credentials, only when it asks for them (registry-htpasswd.sh)
# and Swift's own facts (SWIFT_*).
# Environment: LANES_REGISTRY_PORT; LANES_REGISTRY_AUTH=htpasswd makes it ask for HTTP Basic authentication against
# an htpasswd file (bcrypt) of one test user; LANES_REGISTRY_AUTH=token makes it ask for a bearer token from the
# distribution project's own token server (src/services/token-server: built once from the Go module proxy into
# ${LANES_CACHE:-~/.cache/lanes}/token-server/, on LANES_REGISTRY_TOKEN_PORT, 5004), which logs in the htpasswd users
# acme and globex and grants each only the repositories under its name; LANES_REGISTRY_NAME names the instance
# (state, Swift container); LANES_REGISTRY_CONFIG=FILE serves that configuration instead of writing one: the one
# `zuul-steps registry-config --output FILE` wrote (Swift behind Keystone v3, as Magnum's registry has it; the demo).
# It must listen on 127.0.0.1:LANES_REGISTRY_PORT; REGISTRY_SWIFT_CONTAINER is its container. The file is served where
# it is (it holds a password), never copied; start Swift (and its Keystone) first, as the file's credentials need.
set -euo pipefail

name=${LANES_REGISTRY_NAME:-registry}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/service.sh"
service_init "$name"
port=${LANES_REGISTRY_PORT:-5000}
container=$name
auth=${LANES_REGISTRY_AUTH:-}
user=lanes-test-pusher
password=lanes-test-registry-password
token_port=${LANES_REGISTRY_TOKEN_PORT:-5004}
token_cache=${LANES_CACHE:-$HOME/.cache/lanes}/token-server/$(cat "$here/token-server/go.mod" "$here/token-server/go.sum" | sha256sum | cut -c1-12)
if [ "$auth" = token ]; then
  user=acme
fi
# The configuration served: the one given by LANES_REGISTRY_CONFIG at start (its path kept in $state/given-config,
# so that `env` and a second start name it too), else the one written here.
config_file() {
  if [ -n "${LANES_REGISTRY_CONFIG:-}" ]; then
    printf '%s\n' "$LANES_REGISTRY_CONFIG"
  elif [ -s "$state/given-config" ]; then
    cat "$state/given-config"
  else
    printf '%s\n' "$state/config.yml"
  fi
}
# The Swift container of the served configuration (`container:` under storage.swift, quoted or not).
config_container() {
  sed -n 's/^    container: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$1" | head -1
}
if [ -n "${LANES_REGISTRY_CONFIG:-}" ] || [ -s "$state/given-config" ]; then
  container=$(config_container "$(config_file)" 2>/dev/null || true)
fi

facts() {
  cat <<EOF
REGISTRY_HOST=127.0.0.1:$port
REGISTRY_URL=http://127.0.0.1:$port
REGISTRY_SWIFT_CONTAINER=$container
REGISTRY_CONFIG=$(config_file)
REGISTRY_LOG=$state/log
EOF
  if [ "$auth" = htpasswd ] || [ "$auth" = token ]; then
    echo "REGISTRY_USER=$user"
    echo "REGISTRY_PASSWORD=$password"
  fi
  if [ "$auth" = token ]; then
    echo "REGISTRY_OTHER_USER=globex"
    echo "REGISTRY_OTHER_PASSWORD=$password-globex"
    echo "REGISTRY_TOKEN_URL=http://127.0.0.1:$token_port/token/"
  fi
}

# The token server's binary, built once per pin set (src/services/token-server/go.mod and go.sum).
build_token_server() {
  if [ ! -x "$token_cache/token-server" ]; then
    command -v go >/dev/null || { echo "$name: go is not installed (the token server is built from the Go module proxy)" >&2; exit 1; }
    echo "$name: building the distribution token server once into $token_cache" >&2
    mkdir -p "$token_cache"
    (cd "$here/token-server" && GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' \
      -o "$token_cache/token-server.new" github.com/docker/distribution/contrib/token-server) >&2
    mv "$token_cache/token-server.new" "$token_cache/token-server"
  fi
}

answers() {
  if [ "$auth" = htpasswd ]; then
    curl -fsS -o /dev/null -u "$user:$password" "http://127.0.0.1:$port/v2/" 2>/dev/null
  elif [ "$auth" = token ]; then
    # Without a token the registry answers 401 with its challenge: it is up. The token server answers its users.
    [ "$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null)" = 401 ] \
      && curl -fsS -o /dev/null -u "$user:$password" "http://127.0.0.1:$token_port/token/?service=lanes-test-registry" 2>/dev/null
  else
    curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null
  fi
}

start() {
  local swift_facts
  swift_facts=$(bash "$here/swift.sh" start)
  if service_running && answers; then
    facts
    echo "$swift_facts"
    return 0
  fi
  service_stop
  service_port_free "$port" || exit 1
  command -v docker-registry >/dev/null || { echo "registry: docker-registry not installed (src/scripts/packages.txt)" >&2; exit 1; }
  if [ -n "${LANES_REGISTRY_CONFIG:-}" ]; then
    serve_given
    return 0
  fi
  rm -f "$state/given-config"
  container=$name
  local auth_url swift_user key auth_config=""
  auth_url=$(sed -n 's/^SWIFT_AUTH_URL=//p' <<<"$swift_facts")
  swift_user=$(sed -n 's/^SWIFT_USER=//p' <<<"$swift_facts")
  key=$(sed -n 's/^SWIFT_KEY=//p' <<<"$swift_facts")
  mkdir -p "$state"
  if [ "$auth" = htpasswd ]; then
    command -v htpasswd >/dev/null || { echo "$name: htpasswd not installed (apache2-utils, src/scripts/packages.txt)" >&2; exit 1; }
    htpasswd -B -b -c "$state/htpasswd" "$user" "$password" 2>/dev/null
    auth_config=$(printf 'auth:\n  htpasswd:\n    realm: lanes-test\n    path: %s\n' "$state/htpasswd")
  fi
  if [ "$auth" = token ]; then
    command -v htpasswd >/dev/null || { echo "$name: htpasswd not installed (apache2-utils, src/scripts/packages.txt)" >&2; exit 1; }
    service_port_free "$token_port" || exit 1
    build_token_server
    htpasswd -B -b -c "$state/htpasswd" "$user" "$password" 2>/dev/null
    htpasswd -B -b "$state/htpasswd" globex "$password-globex" 2>/dev/null
    # The token server signs with an EC key; the registry trusts the self-signed certificate of that key.
    openssl ecparam -name prime256v1 -genkey -noout -out "$state/token.key" 2>/dev/null
    openssl req -new -x509 -key "$state/token.key" -out "$state/token.crt" -days 3650 -subj /CN=lanes-test-token-server 2>/dev/null
    auth_config=$(printf 'auth:\n  token:\n    realm: http://127.0.0.1:%s/token/\n    service: lanes-test-registry\n    issuer: lanes-test-token-server\n    rootcertbundle: %s\n' \
      "$token_port" "$state/token.crt")
  fi
  (
    umask 077
    cat >"$state/config.yml" <<EOF
version: 0.1
log:
  level: info
  formatter: text
http:
  addr: 127.0.0.1:$port
storage:
  swift:
    authurl: $auth_url
    username: $swift_user
    password: $key
    container: $container
  delete:
    enabled: true
  redirect:
    disable: true
  cache:
    blobdescriptor: inmemory
$auth_config
EOF
  )
  local log=$state/log
  echo "registry: starting on 127.0.0.1:$port, storage Swift container $container (log $log)" >&2
  setsid docker-registry serve "$state/config.yml" >>"$log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  if [ "$auth" = token ]; then
    echo "$name: token server on 127.0.0.1:$token_port (log $state/token-server.log)" >&2
    setsid "$token_cache/token-server" -addr "127.0.0.1:$token_port" -realm lanes-test -issuer lanes-test-token-server \
      -key "$state/token.key" -passwd "$state/htpasswd" >>"$state/token-server.log" 2>&1 </dev/null &
    echo $! >>"$state/pid"
  fi
  wait_ready "$swift_facts"
}

# serve_given: docker-registry on the configuration LANES_REGISTRY_CONFIG names, checked first for what this script
# promises (its address, a Swift container) so that a wrong file fails here, naming the file and the key.
serve_given() {
  local given=$LANES_REGISTRY_CONFIG
  [ -r "$given" ] || { echo "$name: LANES_REGISTRY_CONFIG: $given: no such readable file" >&2; exit 1; }
  grep -Eq "^  addr: \"?127\.0\.0\.1:$port\"?\$" "$given" \
    || { echo "$name: $given: http.addr is not 127.0.0.1:$port (LANES_REGISTRY_PORT); write it with --listen 127.0.0.1:$port" >&2; exit 1; }
  [ -n "$container" ] || { echo "$name: $given: no storage.swift.container" >&2; exit 1; }
  [ -z "$auth" ] || { echo "$name: LANES_REGISTRY_AUTH=$auth and LANES_REGISTRY_CONFIG do not go together (the given file has no auth section)" >&2; exit 1; }
  mkdir -p "$state"
  printf '%s\n' "$given" >"$state/given-config"
  local log=$state/log
  echo "registry: starting on 127.0.0.1:$port with $given, storage Swift container $container (log $log)" >&2
  setsid docker-registry serve "$given" >>"$log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  wait_ready "$swift_facts"
}

# wait_ready SWIFT_FACTS: waits until the registry answers, then prints its facts and Swift's.
wait_ready() {
  local log=$state/log swift_facts=$1
  # Up to a minute: with Keystone, distribution logs in to it before it listens.
  for _ in $(seq 1 600); do
    if answers; then
      echo "registry: ready on 127.0.0.1:$port" >&2
      facts
      echo "$swift_facts"
      return 0
    fi
    service_running || break
    sleep 0.1
  done
  echo "registry: did not answer on 127.0.0.1:$port; see $log" >&2
  service_stop
  exit 1
}

case "${1:-}" in
  start) start ;;
  build)
    # Builds what a start needs once per pin set, ahead of time (test.sh): the token server with LANES_REGISTRY_AUTH=token.
    if [ "$auth" = token ]; then build_token_server; fi
    ;;
  stop) service_stop ;;
  env)
    if service_running && answers; then
      facts
      bash "$here/swift.sh" env
    else
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 start|stop|env|build" >&2
    exit 2
    ;;
esac
