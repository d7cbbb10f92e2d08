#!/usr/bin/env bash
# STAND-IN for a MongoDB server, as a process: no mongod can be had on this project's machines (FACTS.md). It serves
# mongo-java-server with its memory backend (the stand-in zuul-steps' backup tests use in-process) on 127.0.0.1;
# everything it holds is lost when it stops. Built by `mvn package` (module src/mongo-stand-in).
# Contract: src/services/README.md. Facts printed on start/env:
#   MONGODB_URI   its connection URI (no credentials: the stand-in has no authentication)
#   MONGODB_KIND  stand-in (never a mongod)
#   MONGODB_LOG   its log
# Two more verbs: `seed DATABASE` writes Open edX-like modulestore collections into DATABASE through the real Java
# driver (io.lanes.mongostandin.OpenEdxMongoSeed) and prints `<database>.<collection> <count>` lines; `count
# DATABASE` prints `<collection> <count>` for each of its collections (io.lanes.mongostandin.CollectionCounts).
# Environment: LANES_MONGODB_PORT (default 17017).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init mongo-stand-in
port=${LANES_MONGODB_PORT:-17017}
module=$LANES_ROOT/src/mongo-stand-in/target
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

facts() {
  cat <<EOF2
MONGODB_URI=mongodb://127.0.0.1:$port
MONGODB_KIND=stand-in
MONGODB_LOG=$log
EOF2
}

answers() {
  grep -q "listening on mongodb://127.0.0.1:$port" "$log" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

built() {
  if [ ! -f "$module/mongo-stand-in.jar" ] || [ ! -d "$module/lib" ]; then
    echo "mongo-stand-in: $module/mongo-stand-in.jar is not built (run: mvn -B package -DskipTests)" >&2
    exit 1
  fi
}

start() {
  if service_running && answers; then
    facts
    return 0
  fi
  service_stop 2>/dev/null
  built
  : >"$log"
  echo "mongo-stand-in: starting a STAND-IN for MongoDB (mongo-java-server) on 127.0.0.1:$port (log $log)" >&2
  # The wire handler logs every connection at INFO: warnings only.
  setsid "$java" -Xmx192m -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire=warn -cp "$module/mongo-stand-in.jar:$module/lib/*" \
    io.lanes.mongostandin.MongoStandInServer --port "$port" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  if ! service_wait 60 answers; then
    service_stop
    exit 1
  fi
  echo "mongo-stand-in: STAND-IN ready on mongodb://127.0.0.1:$port" >&2
  facts
}

# client CLASS DATABASE: runs one of the module's driver clients against the stand-in.
client() {
  built
  if ! service_running || ! answers; then
    echo "mongo-stand-in: not running (start it first)" >&2
    exit 1
  fi
  MONGODB_URI=mongodb://127.0.0.1:$port "$java" -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$module/mongo-stand-in.jar:$module/lib/*" "io.lanes.mongostandin.$1" "$2"
}

case "${1:-}" in
  start) start ;;
  stop) service_stop ;;
  env)
    if service_running && answers; then facts; else exit 1; fi
    ;;
  seed | count)
    [ -n "${2:-}" ] || { echo "usage: $0 $1 DATABASE" >&2; exit 2; }
    if [ "$1" = seed ]; then client OpenEdxMongoSeed "$2"; else client CollectionCounts "$2"; fi
    ;;
  *)
    echo "usage: $0 start|stop|env|seed DATABASE|count DATABASE" >&2
    exit 2
    ;;
esac
