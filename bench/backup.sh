#!/usr/bin/env bash
# Benchmark of `zuul-steps backup run` and `restore` against real MariaDB and real Ceph RGW (src/services).
# Usage: bench/backup.sh [SIZE_MIB...]   (default: 100 1024)
# For each size: generates a MariaDB database of about SIZE MiB, then times, in the same run,
#   baseline: mariadb-dump --single-transaction --quick | gzip > /dev/null
#   backup:   zuul-steps backup run (dump | gzip | SHA-256 | S3 multipart upload to Ceph RGW), with its peak RSS
#   restore:  zuul-steps restore (verify every checksum, then gunzip | mariadb)
# and prints one line per size. Needs the packages in src/scripts/packages.txt and a built zuul-steps.jar.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
cd "$LANES_ROOT"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1024)
jar=zuul-steps/target/zuul-steps.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl zuul-steps -am package -DskipTests
eval "$(bash src/services/mariadb.sh start | sed 's/^/export /')"
eval "$(bash src/services/ceph.sh start | sed 's/^/export /')"
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
sqlc() { mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -uroot -p"$MARIADB_PASSWORD" "$@"; }
export AWS_ACCESS_KEY_ID=$CEPH_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$CEPH_S3_SECRET_KEY MYSQL_PASSWORD=$MARIADB_PASSWORD
cat >"$work/lanes.config" <<MAP
[platform "bench"]
  namespace = openedx-bench
  cluster = prod
  backup = bench
[cluster "prod"]
  server = https://10.0.0.10:6443
[backup "bench"]
  endpoint = $CEPH_S3_ENDPOINT
  bucket = lanes-bench
  keep = 1
  credentialSecret = backup-s3
MAP
# the bucket (the steps never create buckets)
java -cp "$jar" io.lanes.steps.objectstore.CreateBucket "$CEPH_S3_ENDPOINT" lanes-bench
printf '%-8s %-10s %-10s %-7s %-12s %-10s\n' "size" "baseline" "backup" "ratio" "backup RSS" "restore"
for mib in "${sizes[@]}"; do
  rows=$((mib * 1024 * 1024 / 220))
  sqlc -e "DROP DATABASE IF EXISTS bench; CREATE DATABASE bench; USE bench;
    CREATE TABLE t (id BIGINT PRIMARY KEY, a VARCHAR(100), b VARCHAR(100), n DOUBLE) ENGINE=InnoDB;
    INSERT INTO t SELECT seq, MD5(seq), SHA1(seq), RAND() FROM seq_1_to_$rows;"
  start=$(date +%s.%N)
  mariadb-dump --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -uroot -p"$MARIADB_PASSWORD" \
    --single-transaction --quick --databases bench | gzip >/dev/null
  baseline=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" java -Xmx192m -jar "$jar" backup run --config "$work/lanes.config" \
    --platform bench --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --mysql-database bench 2>"$work/backup.log" >/dev/null
  backup=$(echo "$(date +%s.%N) - $start" | bc)
  rss=$(( $(cat "$work/rss") / 1024 ))
  start=$(date +%s.%N)
  java -Xmx192m -jar "$jar" restore --config "$work/lanes.config" --platform bench --mysql-host 127.0.0.1 \
    --mysql-port "$MARIADB_PORT" 2>"$work/restore.log" >/dev/null
  restore=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-8s %-10.1f %-10.1f %-7.2f %-12s %-10.1f\n' "${mib}MiB" "$baseline" "$backup" \
    "$(echo "$backup / $baseline" | bc -l)" "${rss} MiB" "$restore"
done
