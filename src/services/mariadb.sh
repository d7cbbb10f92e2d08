#!/usr/bin/env bash
# A real MariaDB server (Debian's mariadb-server) on 127.0.0.1:3307, as a plain process. See README.md here.
# Facts printed: MARIADB_HOST, MARIADB_PORT, MARIADB_SOCKET, MARIADB_USER, MARIADB_PASSWORD (a test password).
# It writes a binary log (log_bin, server_id=1, binlog_format=ROW), as a platform's MySQL must for point-in-time
# restores: backup run records its position, backup binlogs ships it, restore --to-time replays it. Other users see
# no difference but the binlog files in the data directory.
# Extra verb `seed DATABASE LEARNERS`: drops DATABASE and writes Open edX-like tables into it, sized by the number of
# learners (mariadb/openedx.sql: auth_user, enrollments, courseware_studentmodule with JSON state, grades,
# certificates, ...; about 13 KB of dump per learner), then prints `<database>.<table> <rows>` lines. The server must
# be running.
set -euo pipefail
name=mariadb
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init "$name"
port="${LANES_MARIADB_PORT:-3307}"
password=lanes-test-root
socket="$state/mariadb.sock"

facts() {
  cat <<FACTS
MARIADB_HOST=127.0.0.1
MARIADB_PORT=$port
MARIADB_SOCKET=$socket
MARIADB_USER=root
MARIADB_PASSWORD=$password
FACTS
}

running() {
  service_running \
    && mariadb-admin --no-defaults --protocol=tcp -h127.0.0.1 -P"$port" -uroot -p"$password" ping >/dev/null 2>&1
}

client() { mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$port" -uroot -p"$password" "$@"; }

# seed DATABASE LEARNERS: see the header. Each count is a whole number of rows per learner, enrollment or course, as
# mariadb/openedx.sql describes; 25 learners make the demo's 25 users, 60 enrollments and 400 module states.
seed() {
  local database=$1 learners=$2
  [[ $database =~ ^[A-Za-z0-9_]+$ ]] \
    || { echo "$name: seed: DATABASE is letters, digits and _, not '$database'" >&2; exit 2; }
  [[ $learners =~ ^[0-9]+$ ]] && [ "$learners" -ge 10 ] \
    || { echo "$name: seed: LEARNERS is a whole number of at least 10, not '$learners'" >&2; exit 2; }
  running || { echo "$name: not running on 127.0.0.1:$port (start it first)" >&2; exit 1; }
  local courses=$((3 + learners / 500)) enrollments=$((learners * 12 / 5))
  {
    echo "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS \`$database\`;"
    echo "CREATE DATABASE \`$database\` CHARACTER SET utf8mb4; USE \`$database\`;"
    sed -e "s/{learners}/$learners/g; s/{courses}/$courses/g; s/{enrollments}/$enrollments/g" \
      -e "s/{modules}/$((learners * 16))/g; s/{preferences}/$((learners * 3))/g; s/{sessions}/$((1 + learners / 5))/g" \
      -e "s/{visible_blocks}/$((courses * 4))/g; s/{subsection_grades}/$((enrollments * 4))/g" \
      -e "s/{certificates}/$((enrollments / 4))/g" "$(dirname "${BASH_SOURCE[0]}")/mariadb/openedx.sql"
  } | client || { echo "$name: seed of $database failed" >&2; exit 1; }
  local table
  for table in $(client -N -e "SELECT table_name FROM information_schema.tables
      WHERE table_schema = '$database' ORDER BY table_name"); do
    echo "$database.$table $(client -N -e "SELECT COUNT(*) FROM \`$database\`.\`$table\`")"
  done
}

case "${1:-}" in
  start)
    if running; then facts; exit 0; fi
    command -v mariadbd >/dev/null || { echo "$name: mariadbd not installed (src/scripts/install-packages.sh)" >&2; exit 1; }
    service_stop
    service_port_free "$port" || exit 1
    if [ ! -d "$state/data/mysql" ]; then
      rm -rf "$state/data"
      echo "$name: initialising $state/data" >&2
      mariadb-install-db --no-defaults --datadir="$state/data" --user=root \
        --auth-root-authentication-method=normal --skip-test-db >"$state/install.log" 2>&1 \
        || { echo "$name: mariadb-install-db failed, see $state/install.log" >&2; exit 1; }
      fresh=1
    fi
    mariadbd --no-defaults --user=root --datadir="$state/data" --socket="$socket" --port="$port" \
      --bind-address=127.0.0.1 --log-error="$log" --innodb-buffer-pool-size=64M \
      --log-bin="$state/data/binlog" --server-id=1 --binlog-format=ROW </dev/null >/dev/null 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
      if mariadb-admin --no-defaults --socket="$socket" -uroot ping >/dev/null 2>&1 \
        || mariadb-admin --no-defaults --socket="$socket" -uroot -p"$password" ping >/dev/null 2>&1; then
        break
      fi
      kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "$name: exited at start, see $log" >&2; exit 1; }
      sleep 0.1
    done
    if [ "${fresh:-0}" = 1 ]; then
      mariadb --no-defaults --socket="$socket" -uroot -e \
        "ALTER USER 'root'@'localhost' IDENTIFIED BY '$password'; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$password'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
    fi
    running || { echo "$name: not answering on 127.0.0.1:$port, see $log" >&2; exit 1; }
    echo "$name: ready on 127.0.0.1:$port" >&2
    facts
    ;;
  stop)
    service_stop
    ;;
  env)
    running || exit 1
    facts
    ;;
  seed)
    [ $# -eq 3 ] || { echo "usage: $0 seed DATABASE LEARNERS" >&2; exit 2; }
    seed "$2" "$3"
    ;;
  *)
    echo "usage: $0 start|stop|env|seed DATABASE LEARNERS" >&2
    exit 2
    ;;
esac
