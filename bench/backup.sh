#!/usr/bin/env bash
# Benchmark of `zuul-steps backup run` and `restore` against real MariaDB and real Ceph RGW (src/services).
# Usage: bench/backup.sh [SIZE_MIB...]   (default: 100 1024; LANES_BENCH_PAIRS pairs per size, default 3)
# For each size: seeds a MariaDB database with Open edX-like tables (src/services/mariadb.sh seed: auth_user,
# enrollments, courseware_studentmodule with JSON state, grades, certificates, ...; mixed column types, secondary
# indexes and foreign keys, many small rows and a few large JSON texts) of about SIZE MiB of dump, measures what one
# dump weighs before and after gzip -1 (the input's compressibility, in the report and the figures' note), then,
# after one warm-up of each side, times LANES_BENCH_PAIRS interleaved rounds (the order alternates) of
#   anchor:   mariadb-dump --single-transaction --quick | gzip -1 > /dev/null (level 1: the step's default
#             --compression-level, so both sides compress alike; the anchor uploads nothing)
#   backup:   zuul-steps backup run (dump | gzip -1 | SHA-256 | S3 multipart upload to Ceph RGW), with its peak RSS
#   backup+AOT: the same with a JDK AOT cache of zuul-steps' classes (made by a training run on the first size)
# then restore once (verify every checksum, then gunzip | mariadb), and prints one line per size with the medians
# of the per-round ratios. The JVM options are the backup CronJob's (BackupCronJob.JAVA_OPTIONS). Needs the packages
# in src/scripts/packages.txt and a built zuul-steps.jar. With LANES_BENCH_RESULT set, appends the figures
# (bench/lib.sh).
# Room: ceph.sh's RGW keeps objects in a 2 GiB memstore, and a run frees none of it (deleted objects wait for RGW's
# garbage collection). A backup of the 1 GiB database is ~215 MB (the seed's dump gzips 5.0×; ~290 MB with the
# random strings used before), and a run at 1 GiB with two pairs makes six (the AOT training run, the warm-up, two
# per pair): ~1.3 GB. Past the memstore's room RGW stops taking writes (its OSD's failsafe at 98 % full), and
# `backup run` stalled on the upload (on 2026-12-05: more than 13 minutes with no progress, printing "still running",
# until killed).
set -euo pipefail
shopt -s inherit_errexit
source "$(dirname "${BASH_SOURCE[0]}")/../src/scripts/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$LANES_ROOT"
pairs=${LANES_BENCH_PAIRS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1024)
jar=zuul-steps/target/zuul-steps.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl zuul-steps -am package -DskipTests
eval "$(bash src/services/mariadb.sh start | sed 's/^/export /')"
eval "$(bash src/services/ceph.sh start | sed 's/^/export /')"
work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
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
printf '%-8s %-9s %-9s %-18s %-9s %-18s %-11s %-9s %s\n' "size" "anchor" "backup" "ratio (min-max)" "+AOT" \
  "ratio (min-max)" "backup RSS" "restore" "input"
sqlc() { mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -uroot -p"$MARIADB_PASSWORD" "$@"; }
mariadb_dump() {
  mariadb-dump --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -uroot -p"$MARIADB_PASSWORD" \
    --single-transaction --quick --databases bench
}
dump() { mariadb_dump | gzip -1 >/dev/null; }
# input_size: "<dump bytes> <gzip -1 bytes>" of one dump (not timed).
input_size() {
  local pid
  exec 3> >(gzip -1 | wc -c >"$work/gzip.bytes")
  pid=$!
  mariadb_dump | tee /dev/fd/3 | wc -c >"$work/dump.bytes"
  exec 3>&-
  wait "$pid"
  echo "$(cat "$work/dump.bytes") $(cat "$work/gzip.bytes")"
}
seconds() { local start=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $start" | bc | awk '{printf "%.2f\n", $1}'; }
backup() {
  # shellcheck disable=SC2086
  /usr/bin/time -f '%M' -o "$work/time.rss" java $java_options "$@" -jar "$jar" backup run --config "$work/lanes.config" \
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
# The seed's dump bytes per learner (mariadb/openedx.sql), measured at 25,000 learners (322 MB of dump, 12,875 bytes
# each): SIZE MiB of dump is SIZE * 2^20 / this many learners. The report gives the size each run measured.
dump_bytes_per_learner=12900
for mib in "${sizes[@]}"; do
  learners=$((mib * 1024 * 1024 / dump_bytes_per_learner))
  seeded=$SECONDS
  bash src/services/mariadb.sh seed bench "$learners" >"$work/seed.txt"
  seeded=$((SECONDS - seeded))
  read -r dump_bytes gzip_bytes <<<"$(input_size)"
  input=$(awk -v d="$dump_bytes" -v g="$gzip_bytes" \
    'BEGIN {printf "dump %.0f MiB, gzip -1 %.1f MiB (%.1f×)", d / 1048576, g / 1048576, d / g}')
  sqlc -e "ANALYZE TABLE $(cut -d' ' -f1 "$work/seed.txt" | paste -sd,)" >/dev/null
  innodb=$(sqlc -N -e "SELECT CONCAT('InnoDB data ', ROUND(SUM(data_length) / 1048576), ' MiB and indexes ',
    ROUND(SUM(index_length) / 1048576), ' MiB') FROM information_schema.tables WHERE table_schema = 'bench'")
  echo "bench: ${mib} MiB: $learners learners, $(awk '{n += $2} END {print n}' "$work/seed.txt") rows in" \
    "$(wc -l <"$work/seed.txt") tables, seeded in $seeded s; $input; $innodb" >&2
  # shellcheck disable=SC2086
  [ -f "$aot" ] || java $java_options -XX:AOTCacheOutput="$aot" -jar "$jar" backup run --config "$work/lanes.config" \
    --platform bench --mysql-host 127.0.0.1 --mysql-port "$MARIADB_PORT" --mysql-database bench >/dev/null 2>&1
  load_start=$(bench_load)
  seconds dump >/dev/null
  seconds backup >/dev/null
  : >"$work/anchor"; : >"$work/plain"; : >"$work/aot"; : >"$work/rss"
  for p in $(seq "$pairs"); do
    if ((p % 2)); then
      seconds dump >>"$work/anchor"
      seconds backup >>"$work/plain"
      echo $(($(cat "$work/time.rss") / 1024)) >>"$work/rss"
      seconds backup -XX:AOTCache="$aot" >>"$work/aot"
    else
      seconds backup -XX:AOTCache="$aot" >>"$work/aot"
      seconds backup >>"$work/plain"
      echo $(($(cat "$work/time.rss") / 1024)) >>"$work/rss"
      seconds dump >>"$work/anchor"
    fi
    echo "bench: ${mib} MiB, round $p: anchor $(tail -1 "$work/anchor") s, backup $(tail -1 "$work/plain") s, +AOT $(tail -1 "$work/aot") s" >&2
  done
  restore=$(seconds restore)
  load="$load_start–$(bench_load)"
  bench_ratios "$work/plain" "$work/anchor" >"$work/ratios"
  bench_ratios "$work/aot" "$work/anchor" >"$work/ratios.aot"
  spread() { printf '%.2f (%.2f-%.2f)' "$(bench_median <"$1")" "$(bench_min <"$1")" "$(bench_max <"$1")"; }
  printf '%-8s %-9.1f %-9.1f %-18s %-9.1f %-18s %-11s %-9.1f %s\n' "${mib}MiB" "$(bench_median <"$work/anchor")" \
    "$(bench_median <"$work/plain")" "$(spread "$work/ratios")" "$(bench_median <"$work/aot")" \
    "$(spread "$work/ratios.aot")" "$(bench_median <"$work/rss") MiB" "$restore" "$input"
  anchor="mariadb-dump | gzip -1"
  what="$mib MiB Open edX-like database"
  bench_figure "backup run, $what" "$anchor" ratio "<= 1.1" "$load" "$input" <"$work/ratios"
  bench_figure "backup run with an AOT cache, $what" "$anchor" ratio "" "$load" "" <"$work/ratios.aot"
  bench_figure "backup run, $what: peak RSS" "$anchor" MiB "< 256" "$load" "" <"$work/rss"
  echo "$restore" | bench_figure "restore, $what" "-" s "" "$load" "verify, gunzip | mariadb"
done
