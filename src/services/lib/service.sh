# Shared by the service scripts: state directory, PID handling, waiting. Sourced, not run.
LANES_SERVICES_DIR=${LANES_SERVICES_DIR:-/tmp/lanes-services}
LANES_ROOT=${LANES_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}

# service_init NAME: sets $state, $pidfile, $log for the service NAME.
service_init() {
  service=$1
  state=$LANES_SERVICES_DIR/$service
  pidfile=$state/pid
  log=$state/log
  mkdir -p "$state"
}

# The service's processes: their PIDs, one per line in $pidfile (most services have one).

# service_running: whether every recorded PID is alive.
service_running() {
  [ -s "$pidfile" ] || return 1
  local pid
  while read -r pid; do
    kill -0 "$pid" 2>/dev/null || return 1
  done <"$pidfile"
}

# service_stop: TERM to every recorded PID, then KILL to those still alive after 20 s; forgets them.
service_stop() {
  [ -s "$pidfile" ] || { rm -f "$pidfile"; return 0; }
  local pids pid alive
  pids=$(tr '\n' ' ' <"$pidfile")
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 200); do
    alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  echo "$service: stopped (pid ${pids% })" >&2
  rm -f "$pidfile"
}

# service_wait SECONDS COMMAND...: runs COMMAND until it succeeds, or fails naming the log.
service_wait() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! service_running; then
      echo "$service: exited while starting; see $log" >&2
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$service: not ready after ${seconds}s; see $log" >&2
      return 1
    fi
    sleep 0.3
  done
}

# service_port_free PORT: fails, naming the port, when something already listens on it (another run's service
# would otherwise answer the readiness checks of this one).
service_port_free() {
  if (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "$service: port $1 is already in use (another run's service?); stop it or choose another port" >&2
    return 1
  fi
}
