#!/usr/bin/env bash
# Benchmark of `zuul-steps backup run` and `restore` against real MariaDB and real Ceph RGW (src/services).
# Usage: bench/backup.sh [SIZE_MIB...]   (default: 100 1024)
# For each size: generates a MariaDB database of about SIZE MiB, then times, in the same run,
#   baseline: mariadb-dump --single-transaction --quick | gzip > /dev/null
#   backup:   zuul-steps backup run (dump | gzip | SHA-256 | S3 multipart upload to Ceph RGW), with its peak RSS
#   restore:  zuul-steps restore (verify every checksum, then gunzip | mariadb)
#   backup+AOT: the same with a JDK AOT cache of zuul-steps' classes (made by a training run on the first size)
# and prints one line per size. The baseline runs before and after the backup; the ratio is to their mean, so
# both sides see the same load on a shared machine. The JVM options are the backup CronJob's
# (BackupCronJob.JAVA_OPTIONS). Needs the packages in src/scripts/packages.txt and a built zuul-steps.jar.
set -euo pipefail
shopt -s inherit_errexit
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
# The string literals of JAVA_OPTIONS' initializer, joined (it may span lines).
java_options=$(/usr/bin/python3 -c 'import re,sys; s=open(sys.argv[1]).read(); m=re.search(r"JAVA_OPTIONS =(.*?);", s, re.S); print("".join(re.findall(r"\"([^\"]*)\"", m.group(1))) if m else "")' \
  zuul-steps/src/main/java/io/lanes/steps/backup/job/BackupCronJob.java)
[ -n "$java_options" ] || { echo "JAVA_OPTIONS not found in BackupCronJob.java" >&2; exit 1; }
echo "JVM options: $java_options" >&2
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
printf '%-8s %-9s %-9s %-7s %-9s %-7s %-11s %-9s\n' "size" "baseline" "backup" "ratio" "+AOT" "ratio" "backup RSS" "restore"
dump() {
  mariadb-dump --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -uroot -p"$MARIADB_PASSWORD" \
    --single-transaction --quick --databases bench | gzip >/dev/null
}
seconds() { local start=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $start" | bc; }
backup() {
  # shellcheck disable=SC2086
  /usr/bin/time -f '%M' -o "$work/rss" java $java_options "$@" -jar "$jar" backup run --config "$work/lanes.config" \
    --platform bench --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --mysql-database bench 2>"$work/backup.log" >/dev/null \
    || { cat "$work/backup.log" >&2; return 1; }
}
restore() {
  # shellcheck disable=SC2086
  java $java_options -jar "$jar" restore --config "$work/lanes.config" --platform bench \
    --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --into-live --confirm 2>"$work/restore.log" >/dev/null \
    || { cat "$work/restore.log" >&2; return 1; }
}
aot=$work/zuul-steps.aot
for mib in "${sizes[@]}"; do
  rows=$((mib * 1024 * 1024 / 220))
  sqlc -e "DROP DATABASE IF EXISTS bench; CREATE DATABASE bench; USE bench;
    CREATE TABLE t (id BIGINT PRIMARY KEY, a VARCHAR(100), b VARCHAR(100), n DOUBLE) ENGINE=InnoDB;
    INSERT INTO t SELECT seq, MD5(seq), SHA1(seq), RAND() FROM seq_1_to_$rows;"
  # shellcheck disable=SC2086
  [ -f "$aot" ] || java $java_options -XX:AOTCacheOutput="$aot" -jar "$jar" backup run --config "$work/lanes.config" \
    --platform bench --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --mysql-database bench >/dev/null 2>&1
  before=$(seconds dump)
  plain=$(seconds backup)
  rss=$(( $(cat "$work/rss") / 1024 ))
  with_aot=$(seconds backup -XX:AOTCache="$aot")
  rss_aot=$(( $(cat "$work/rss") / 1024 ))
  after=$(seconds dump)
  baseline=$(echo "($before + $after) / 2" | bc -l)
  restore=$(seconds restore)
  printf '%-8s %-9.1f %-9.1f %-7.2f %-9.1f %-7.2f %-11s %-9.1f\n' "${mib}MiB" "$baseline" "$plain" \
    "$(echo "$plain / $baseline" | bc -l)" "$with_aot" "$(echo "$with_aot / $baseline" | bc -l)" \
    "$rss/$rss_aot MiB" "$restore"
  echo "  (baseline before/after: $before / $after s)" >&2
done
