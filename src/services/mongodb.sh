#!/usr/bin/env bash
# A real MongoDB wire-protocol server: FerretDB (pinned in src/scripts/versions.env) with its SQLite backend, on
# 127.0.0.1, as a plain process; data in its state directory (kept across restarts, like mariadb.sh's). Built once
# per pinned version from the Go module proxy into ${LANES_CACHE:-~/.cache/lanes}/ferretdb/ (about 3 minutes on 2
# cores the first time, nothing after). No mongod can be had on this machine (FACTS.md); FerretDB is what the tests
# and the demo back up and restore. Contract: src/services/README.md.
#
# Verbs: build (prints FERRETDB_BIN=<dir>), start | stop | env, and two through the real Go driver
# (src/services/mongodb/mongodocs.go): `seed DATABASE` writes Open edX-like modulestore collections into DATABASE and
# prints `<database>.<collection> <count>` lines; `count DATABASE` prints `<collection> <count>` per collection;
# `drop DATABASE` drops it (the demo's lost primary).
#
# Facts printed on start/env:
#   MONGODB_URI   its connection URI (no credentials: authentication is off, loopback only)
#   MONGODB_KIND  ferretdb
#   MONGODB_VERSION  the FerretDB release
#   MONGODB_LOG   its log
# Environment: LANES_MONGODB_PORT (default 17017).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/gobuild.sh" # LANES_CACHE
source "$LANES_ROOT/src/scripts/versions.env"
service_init mongodb
port=${LANES_MONGODB_PORT:-17017}
cache=$LANES_CACHE/ferretdb/$FERRETDB_VERSION
source_file=$LANES_ROOT/src/services/mongodb/mongodocs.go
# The client is rebuilt when its source changes: keyed by the driver's version and the source's digest.
client_dir=$cache/mongodocs-$MONGO_GO_DRIVER_VERSION-$(sha256sum "$source_file" | cut -c1-12)

facts() {
  cat <<FACTS
MONGODB_URI=mongodb://127.0.0.1:$port/
MONGODB_KIND=ferretdb
MONGODB_VERSION=$FERRETDB_VERSION
MONGODB_LOG=$log
FACTS
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

build() {
  command -v go >/dev/null || { echo "mongodb: go is not installed (FerretDB is built from the Go module proxy)" >&2; exit 1; }
  if [ ! -f "$cache/server/bin/.complete" ]; then
    echo "mongodb: building FerretDB $FERRETDB_VERSION once into $cache (a few minutes)" >&2
  fi
  if [ ! -f "$cache/server/bin/.complete" ]; then
    # Built inside a copy of the module (its own go.mod and go.sum): FerretDB panics at start unless the file
    # build/version/version.txt, which its release process generates and the module's zip lacks, names its version.
    local started=$SECONDS module
    module=$(cd "${TMPDIR:-/tmp}" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
      | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')
    rm -rf "$cache/server"
    mkdir -p "$cache/server/bin"
    cp -r "$module" "$cache/server/src"
    chmod -R u+w "$cache/server/src"
    echo "$FERRETDB_VERSION" >"$cache/server/src/build/version/version.txt"
    (cd "$cache/server/src" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$cache/server/bin/" ./cmd/ferretdb) >&2
    echo "mongodb: FerretDB built in $((SECONDS - started)) s" >&2
    touch "$cache/server/bin/.complete"
  fi
  if [ ! -x "$client_dir/mongodocs" ]; then
    rm -rf "$client_dir.new"
    mkdir -p "$client_dir.new"
    cp "$source_file" "$client_dir.new/main.go"
    printf 'module lanes.local/mongodocs\n\ngo %s\n\nrequire go.mongodb.org/mongo-driver %s\n' \
      "$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" "$MONGO_GO_DRIVER_VERSION" >"$client_dir.new/go.mod"
    (cd "$client_dir.new" && go mod tidy && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o mongodocs .) >&2
    rm -rf "$client_dir"
    mv "$client_dir.new" "$client_dir"
  fi
}

start() {
  if service_running && answers; then
    facts
    return 0
  fi
  service_stop 2>/dev/null
  service_port_free "$port" || exit 1
  build
  mkdir -p "$state/data"
  : >"$log"
  # Errors only (INFO logs every connection, WARN every command FerretDB lacks, such as endSessions). --debug-addr=-: no HTTP debug listener (its default port would clash between runs); no telemetry.
  setsid "$cache/server/bin/ferretdb" --listen-addr="127.0.0.1:$port" --handler=sqlite \
    --sqlite-url="file:$state/data/" --state-dir="$state" --debug-addr=- --telemetry=disable \
    --log-level=error >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  if ! service_wait 60 answers; then
    service_stop
    exit 1
  fi
  echo "mongodb: FerretDB $FERRETDB_VERSION (SQLite) ready on mongodb://127.0.0.1:$port/" >&2
  facts
}

# mongodocs VERB DATABASE: the Go driver client against the running server.
mongodocs() {
  if ! service_running || ! answers; then
    echo "mongodb: not running (start it first)" >&2
    exit 1
  fi
  build
  MONGODB_URI=mongodb://127.0.0.1:$port/ "$client_dir/mongodocs" "$1" "$2"
}

case "${1:-}" in
  build)
    build
    echo "FERRETDB_BIN=$cache/server/bin"
    ;;
  start) start ;;
  stop) service_stop ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  seed | count | drop)
    [ -n "${2:-}" ] || { echo "usage: $0 $1 DATABASE" >&2; exit 2; }
    mongodocs "$1" "$2"
    ;;
  *)
    echo "usage: $0 build|start|stop|env|seed DATABASE|count DATABASE|drop DATABASE" >&2
    exit 2
    ;;
esac
