package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import io.lanes.steps.StepRun;
import io.lanes.steps.backup.format.BinlogSegment;
import io.lanes.steps.backup.job.BucketPolicy;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.TcpRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link BackupRestoreDrillContract} with real Ceph radosgw (the seed's object gateway) as the S3 endpoint. */
@DisplayName("backup, restore, drill: real MariaDB + real Ceph RGW + real FerretDB (MongoDB protocol)")
class BackupRestoreDrillIT extends BackupRestoreDrillContract {
  private static Map<String, String> ceph;

  @BeforeAll
  static void startCeph() {
    ceph = LocalService.start("ceph");
  }

  @Override
  S3 s3() {
    return new S3(ceph.get("CEPH_S3_ENDPOINT"), ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY"));
  }

  /** Creates the RGW user {@code uid} with the given keys (radosgw-admin, as an RGW admin does). */
  private static void createUser(String uid, String accessKey, String secretKey) throws Exception {
    Process process = new ProcessBuilder(
            "radosgw-admin", "-c", ceph.get("CEPH_CONF"), "user", "create", "--uid=" + uid, "--display-name=" + uid,
            "--access-key=" + accessKey, "--secret=" + secretKey)
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  @DisplayName("with the bucket policy backup install writes (one RGW user per platform), a platform's credential"
      + " backs up and restores its own prefix and cannot list, read or write another platform's backups")
  void credentialScopedToItsPlatformsPrefix() throws Exception {
    String other = "q" + UUID.randomUUID().toString().substring(0, 8);
    String bucket = "lanes-scoped-" + platform;
    Path scopedMap = dir.resolve("scoped.config");
    Files.writeString(scopedMap, """
        [platform "%1$s"]
          namespace = openedx-%1$s
          cluster = prod
          backup = mine
        [platform "%2$s"]
          namespace = openedx-%2$s
          cluster = prod
          backup = theirs
        [cluster "prod"]
          server = https://10.0.0.10:6443
        [backup "mine"]
          endpoint = %3$s
          bucket = %4$s
          credentialSecret = backup-s3-mine
        [backup "theirs"]
          endpoint = %3$s
          bucket = %4$s
          credentialSecret = backup-s3-theirs
        """.formatted(platform, other, s3().endpoint(), bucket));
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.createBucketIfMissing();
    }
    Map<String, String> mine = credentials(platform);
    Map<String, String> theirs = credentials(other);
    Path policy = dir.resolve("policy.json");

    StepRun install = StepRun.of(
        "backup", "install", "--config", scopedMap.toString(), "--platform", platform, "--image", "x",
        "--bucket-policy", policy.toString());

    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(Files.readString(policy))
        .contains("arn:aws:iam:::user/lanes-backup-" + platform, "arn:aws:iam:::user/lanes-backup-" + other)
        .contains("arn:aws:s3:::" + bucket + "/" + platform + "/*", "\"" + platform + "/*\"");
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.putBucketPolicy(Files.readString(policy));
    }

    StepRun backup = StepRun.withEnvironment(mine, scoped(scopedMap, platform, "backup", "run"));
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    StepRun theirBackup = StepRun.withEnvironment(theirs, scoped(scopedMap, other, "backup", "run"));
    assertThat(theirBackup.exitCode()).as(theirBackup.err()).isZero();
    StepRun verify = StepRun.withEnvironment(
        mine, "restore", "--config", scopedMap.toString(), "--platform", platform, "--dry-run");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.err()).contains("verified 3 objects");

    StepRun foreignList = StepRun.withEnvironment(
        mine, "restore", "--config", scopedMap.toString(), "--platform", other, "--list");
    assertThat(foreignList.exitCode()).isEqualTo(2);
    assertThat(foreignList.err()).contains("access denied").contains("check the S3 credentials");
    String theirManifest = other + "/" + theirBackup.out().strip() + "/manifest.json";
    try (ObjectStore asMine = ObjectStore.open(s3().endpoint(), bucket,
        new S3Credentials(mine.get("AWS_ACCESS_KEY_ID"), mine.get("AWS_SECRET_ACCESS_KEY")))) {
      assertThatThrownBy(() -> asMine.readText(theirManifest)).isInstanceOf(StepException.class).hasMessageContaining("access denied");
      assertThatThrownBy(() -> asMine.put(other + "/planted/manifest.json", new byte[] {1}, "application/json"))
          .isInstanceOf(StepException.class).hasMessageContaining("access denied");
      assertThatThrownBy(() -> asMine.objects("")).isInstanceOf(StepException.class).hasMessageContaining("access denied");
    }
  }

  @Test
  @DisplayName("with lockDays, every object is written with COMPLIANCE retention, and the real RGW refuses to delete a"
      + " locked version (through backup run's own retention, run with a clock past the lock, and directly); an"
      + " overwrite or a plain delete leaves the locked version intact; a bucket without object lock is refused")
  void lockedBackupsCannotBeDeleted() throws Exception {
    String bucket = "lanes-locked-" + platform;
    String lockedMap = Files.readString(map).replace("bucket = lanes-backups", "bucket = " + bucket)
        .replace("keep = 2", "keep = 1\n  lockDays = 1\n  lockMode = compliance");
    Path locked = dir.resolve("locked.config");
    Files.writeString(locked, lockedMap);
    Path unlockable = dir.resolve("unlockable.config");
    Files.writeString(unlockable, lockedMap.replace("bucket = " + bucket, "bucket = lanes-backups"));
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.createBucketIfMissing(true);
    }

    StepRun refused = StepRun.withEnvironment(environment, withMap(unlockable, args("backup", "run")));
    StepRun first = StepRun.withEnvironment(environment, withMap(locked, args("backup", "run")));
    Thread.sleep(1100);
    StepRun second = StepRun.withEnvironment(environment, withMap(locked, args("backup", "run")));

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("bucket lanes-backups has no object lock");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("locking every object (compliance mode) until ");
    assertThat(second.exitCode()).as(second.err()).isZero();
    String id = first.out().strip();
    assertThat(second.err()).contains("retention: backup " + id + " is expired but locked until ");
    String dump = platform + "/" + id + "/mysql/dump.sql.gz";
    try (S3Client s3 = rawClient()) {
      // the dump and the collection came through multipart uploads, the metadata and the manifest through puts
      for (String key : List.of(dump, platform + "/" + id + "/mongodb/" + mongoDb() + "/modulestore.bson.gz",
          platform + "/" + id + "/mongodb/" + mongoDb() + "/modulestore.metadata.json.gz",
          platform + "/" + id + "/manifest.json")) {
        var retention = s3.getObjectRetention(b -> b.bucket(bucket).key(key)).retention();
        assertThat(retention.mode()).as(key).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        assertThat(retention.retainUntilDate()).as(key).isAfter(java.time.Instant.now().plus(java.time.Duration.ofHours(23)));
      }
      String version = s3.headObject(b -> b.bucket(bucket).key(dump)).versionId();
      String sha256 = sha256(s3.getObjectAsBytes(b -> b.bucket(bucket).key(dump).versionId(version)).asByteArray());

      assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(bucket).key(dump).versionId(version)))
          .isInstanceOf(S3Exception.class).satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
      s3.putObject(b -> b.bucket(bucket).key(dump), RequestBody.fromString("overwritten by an attacker"));
      s3.deleteObject(b -> b.bucket(bucket).key(dump));

      assertThat(sha256(s3.getObjectAsBytes(b -> b.bucket(bucket).key(dump).versionId(version)).asByteArray()))
          .as("the locked version, after an overwrite and a delete").isEqualTo(sha256);
    }

    // a run whose clock is two days ahead takes the first backup's lock for expired: RGW refuses the delete anyway
    java.io.StringWriter err = new java.io.StringWriter();
    java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(2));
    int code = io.lanes.steps.cli.Main.run(
        new io.lanes.steps.StepContext(new java.io.PrintWriter(new java.io.StringWriter(), true),
            new java.io.PrintWriter(err, true), later, environment), withMap(locked, args("backup", "run")));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("delete under " + platform + "/" + id + "/").contains("refused").contains("AccessDenied");
    try (ObjectStore store = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      assertThat(store.exists(platform + "/" + id + "/manifest.json")).as("the locked backup's manifest").isTrue();
    }
  }

  @Test
  @DisplayName("the DR runbook's 'Without Lanes' commands, run as written from docs/dr-runbook.md against the real"
      + " Ceph RGW, restore an age-encrypted backup with curl, age, gunzip and mariadb only, and leave mongodump's"
      + " layout decrypted")
  void restoredWithoutLanes() throws Exception {
    AgeKey dr = ageKey("dr");
    String id = StepRun.withEnvironment(environment, plus(args("backup", "run"), "--encryption-recipient", dr.recipient()))
        .out().strip();
    sql("DROP DATABASE " + db());
    List<String> doc = Files.readAllLines(LocalService.root().resolve("docs/dr-runbook.md"));
    int begin = doc.indexOf("<!-- without-lanes:begin -->");
    int end = doc.indexOf("<!-- without-lanes:end -->");
    assertThat(begin).as("docs/dr-runbook.md has its without-lanes block").isPositive().isLessThan(end);
    List<String> block = doc.subList(begin + 1, end);
    assertThat(block.get(0)).isEqualTo("```bash");
    assertThat(block.get(block.size() - 1)).isEqualTo("```");
    String script = String.join("\n", block.subList(1, block.size() - 1));
    Path work = Files.createDirectory(dir.resolve("dr"));

    ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(work.toFile())
        .redirectErrorStream(true);
    bash.environment().putAll(Map.of(
        "S3_ENDPOINT", s3().endpoint(), "BUCKET", "lanes-backups", "BACKUP", platform + "/" + id,
        "AWS_ACCESS_KEY_ID", s3().accessKey(), "AWS_SECRET_ACCESS_KEY", s3().secretKey(),
        "AGE_IDENTITY_FILE", dr.identity().toString(), "MYSQL_HOST", "127.0.0.1",
        "MYSQL_PORT", mariadb.get("MARIADB_PORT"), "MYSQL_USER", "root", "MYSQL_PWD", mariadb.get("MARIADB_PASSWORD")));
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("5003");
    assertThat(sql("SELECT title FROM " + db() + ".courses WHERE id = 1")).isEqualTo("It's (tricky), isn't it?");
    Path bson = work.resolve("mongodb/" + mongoDb() + "/modulestore.bson.gz");
    assertThat(work.resolve("mongodb/" + mongoDb() + "/modulestore.metadata.json.gz")).exists();
    long documents = 0;
    try (var in = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(Files.newInputStream(bson)))) {
      byte[] length = new byte[4];
      while (in.read(length, 0, 1) == 1) {
        in.readFully(length, 1, 3);
        int n = java.nio.ByteBuffer.wrap(length).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        in.skipNBytes(n - 4);
        documents++;
      }
    }
    assertThat(documents).as("documents in mongodump's .bson, decrypted without Lanes").isEqualTo(2500);
    try (var files = Files.walk(work.resolve("mongodb"))) {
      assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".age"));
    }
  }

  @Test
  @DisplayName("restore --to-time on real MariaDB and Ceph RGW: the dump taken before t plus the binlog segments"
      + " shipped (age-encrypted) by backup binlogs, replayed up to t, give exactly the rows written before t; the"
      + " measured RPO of the running shipper is under 60 s; a time outside the binlogs (exit 2) and a missing"
      + " segment (exit 1, named) are refused with nothing applied; the MySQL password (a canary) and the identity"
      + " never show")
  void pointInTimeRestore() throws Exception {
    AgeKey dr = ageKey("dr");
    for (String host : List.of("127.0.0.1", "localhost")) {
      sql("CREATE OR REPLACE USER 'pitr'@'" + host + "' IDENTIFIED BY '" + CANARY + "';"
          + " GRANT ALL ON *.* TO 'pitr'@'" + host + "'");
    }
    Map<String, String> env = new HashMap<>(environment);
    env.put("MYSQL_PASSWORD", CANARY);
    List<StepRun> runs = new ArrayList<>();
    StepRun backup = StepRun.withEnvironment(
        env, plus(args("backup", "run"), "--mysql-user", "pitr", "--encryption-recipient", dr.recipient()));
    runs.add(backup);
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    String courses = db() + ".courses";

    sql("USE " + db() + "; INSERT INTO " + courses + " SELECT seq, CONCAT('a', seq), NULL FROM seq_100001_to_100010");
    runs.add(shipOnce(env, dr));
    Instant t1 = cut();
    sql("USE " + db() + "; INSERT INTO " + courses + " SELECT seq, CONCAT('b', seq), NULL FROM seq_100011_to_100020");
    runs.add(shipOnce(env, dr));
    Instant t2 = cut();
    sql("USE " + db() + "; INSERT INTO " + courses + " SELECT seq, CONCAT('c', seq), NULL FROM seq_100021_to_100030;"
        + " DELETE FROM " + courses + " WHERE id = 1");
    runs.add(shipOnce(env, dr));

    // the shipper as it runs in its Deployment: how long until a write is stored
    StepRun[] follower = new StepRun[1];
    Thread shipper = new Thread(() -> follower[0] = StepRun.withEnvironment(
        env, plus(args("backup", "binlogs"), "--mysql-user", "pitr", "--encryption-recipient", dr.recipient(),
            "--interval", "10")));
    shipper.start();
    Thread.sleep(3000);
    sql("INSERT INTO " + courses + " VALUES (100031, 'd', NULL)");
    Instant written = Instant.now();
    Instant stored = awaitCoverage(written, Duration.ofSeconds(90));
    shipper.interrupt();
    shipper.join(30_000);
    runs.add(follower[0]);
    assertThat(follower[0].exitCode()).as(follower[0].err()).isZero();
    Duration rpo = Duration.between(written, stored);
    System.err.printf("measured RPO of backup binlogs --interval 10: %.1f s%n", rpo.toMillis() / 1000.0);
    assertThat(rpo).isLessThanOrEqualTo(Duration.ofSeconds(60));

    StepRun toT1 = restoreTo(env, dr, t1);
    runs.add(toT1);
    assertThat(toT1.exitCode()).as(toT1.err()).isZero();
    assertThat(toT1.err()).contains("verified ").contains("binlog segments").contains("replaying the binlogs of " + db());
    assertThat(sql("SELECT COUNT(*), MIN(id), MAX(id) FROM " + courses)).isEqualTo("5013\t1\t100010");

    StepRun toT2 = restoreTo(env, dr, t2);
    runs.add(toT2);
    assertThat(toT2.exitCode()).as(toT2.err()).isZero();
    assertThat(sql("SELECT COUNT(*), MIN(id), MAX(id) FROM " + courses)).isEqualTo("5023\t1\t100020");

    StepRun toWritten = restoreTo(env, dr, written.plusSeconds(1));
    runs.add(toWritten);
    assertThat(toWritten.exitCode()).as(toWritten.err()).isZero();
    assertThat(sql("SELECT COUNT(*), MIN(id), MAX(id) FROM " + courses)).isEqualTo("5033\t2\t100031");

    // across a rotated binlog file: the closed file's last segment leads to byte 0 of the next one
    String rotatedFrom = sql("SHOW MASTER STATUS").split("\t")[0];
    sql("FLUSH BINARY LOGS");
    sql("INSERT INTO " + courses + " VALUES (100032, 'e', NULL)");
    Instant afterRotation = cut();
    runs.add(shipOnce(env, dr));
    StepRun acrossFiles = restoreTo(env, dr, afterRotation);
    runs.add(acrossFiles);
    assertThat(acrossFiles.exitCode()).as(acrossFiles.err()).isZero();
    assertThat(sql("SELECT COUNT(*), MAX(id) FROM " + courses)).isEqualTo("5034\t100032");

    // the runbook's two "without Lanes" blocks, as written: the dump, then the binlogs up to t1
    String t1Utc = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC)
        .format(t1);
    String output = runbook(List.of("without-lanes", "without-lanes-pitr"), Map.of(
        "BACKUP", platform + "/" + backup.out().strip(), "PLATFORM", platform, "TO_TIME", t1Utc,
        "AGE_IDENTITY_FILE", dr.identity().toString()));
    assertThat(sql("SELECT COUNT(*), MIN(id), MAX(id) FROM " + courses)).as(output).isEqualTo("5013\t1\t100010");

    sql("DELETE FROM " + courses + " WHERE id = 2");
    StepRun future = restoreTo(env, dr, Instant.now().plusSeconds(3600));
    runs.add(future);
    assertThat(future.exitCode()).isEqualTo(2);
    assertThat(future.err()).contains("is outside what the stored binlogs cover").contains("nothing was restored");
    assertThat(future.err().lines().count()).isEqualTo(1);
    StepRun dryRun = StepRun.withEnvironment(env, plus(args("restore"), "--mysql-user", "pitr", "--to-time",
        t1.toString(), "--encryption-identity-file", dr.identity().toString(), "--dry-run"));
    runs.add(dryRun);
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("mysql binlogs ").contains(" replayed up to " + t1);
    assertThat(dryRun.err()).contains("binlog segments");
    assertThat(sql("SELECT COUNT(*) FROM " + courses + " WHERE id = 2")).as("a dry run applies nothing").isEqualTo("0");
    StepRun list = StepRun.withEnvironment(env, plus(args("restore"), "--list"));
    assertThat(list.out()).containsPattern("binlogs: stored up to binlog\\.\\d+ byte \\d+, covering until 20");
    StepRun past = restoreTo(env, dr, Instant.parse("2000-01-01T00:00:00Z"));
    runs.add(past);
    assertThat(past.exitCode()).isEqualTo(2);
    assertThat(past.err()).contains("no backup of platform " + platform + " was dumped at or before it");

    String missing;
    try (ObjectStore store = store()) {
      List<String> manifests = store.objects(platform + "/binlogs/").stream().map(ObjectStore.StoredObject::key)
          .filter(k -> k.endsWith(".json") && !k.endsWith("/covered.json")).sorted().toList();
      assertThat(manifests).hasSizeGreaterThanOrEqualTo(3);
      assertThat(store.objects(platform + "/binlogs/")).noneMatch(o -> o.key().endsWith(".gz"));
      missing = manifests.get(1);
      store.deleteAll(missing);
    }
    StepRun gap = restoreTo(env, dr, t2);
    runs.add(gap);
    assertThat(gap.exitCode()).isEqualTo(1);
    String file = missing.substring(0, missing.lastIndexOf('/') + 1);
    long from = Long.parseLong(missing.substring(missing.lastIndexOf('/') + 1, missing.length() - ".json".length()));
    assertThat(gap.err()).contains("binlog segment missing: " + file + " bytes " + from + " to ")
        .contains("nothing was restored");
    assertThat(sql("SELECT COUNT(*) FROM " + courses + " WHERE id = 2")).as("nothing applied").isEqualTo("0");

    // retention: once no kept backup's dump stands in the rotated-from file, its segments go
    Thread.sleep(1100);
    runs.add(StepRun.withEnvironment(env, plus(args("backup", "run"), "--mysql-user", "pitr")));
    Thread.sleep(1100);
    StepRun third = StepRun.withEnvironment(env, plus(args("backup", "run"), "--mysql-user", "pitr"));
    runs.add(third);
    assertThat(third.exitCode()).as(third.err()).isZero();
    assertThat(third.err()).contains("retention: deleted the binlog segments of " + rotatedFrom);
    try (ObjectStore store = store()) {
      assertThat(store.objects(platform + "/binlogs/" + rotatedFrom + "/")).isEmpty();
      assertThat(store.objects(platform + "/binlogs/")).isNotEmpty();
    }

    for (StepRun run : runs) {
      assertThat(run.out() + run.err()).doesNotContain(CANARY).doesNotContain(dr.secret());
    }
  }

  @Test
  @DisplayName("drill with shipped binlogs (binlogSeconds): the chain from the restored backup's position across a"
      + " rotated file is verified segment by segment and the achievable RPO reported; a chain that stops too long"
      + " before the drill, and a missing segment (named), fail it with its report written; restore --to-time"
      + " --database-suffix replays into the renamed databases and leaves the originals alone, and refuses (exit 2,"
      + " nothing restored) a statement that names the original database")
  void drillChecksTheBinlogChain() throws Exception {
    Files.writeString(map, Files.readString(map).replace("keep = 2", "keep = 2\n  binlogSeconds = 10"));
    AgeKey dr = ageKey("dr");
    String courses = db() + ".courses";
    StepRun backup = StepRun.withEnvironment(environment, plus(args("backup", "run"), "--encryption-recipient", dr.recipient()));
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    sql("USE " + db() + "; INSERT INTO " + courses + " SELECT seq, CONCAT('a', seq), NULL FROM seq_100001_to_100010");
    ship(environment, dr);
    Instant t1 = cut();
    sql("FLUSH BINARY LOGS; USE " + db() + "; INSERT INTO " + courses + " SELECT seq, CONCAT('b', seq), NULL"
        + " FROM seq_100011_to_100020");
    ship(environment, dr);
    Path report = dir.resolve("drill.md");
    Path result = dir.resolve("drill.json");
    String[] drill = plus(args("drill"), "--encryption-identity-file", dr.identity().toString(),
        "--report", report.toString(), "--result", result.toString());

    StepRun passed = StepRun.withEnvironment(environment, drill);

    assertThat(passed.exitCode()).as(passed.err()).isZero();
    assertThat(passed.err()).containsPattern("verified [3-9] binlog segments").containsPattern("drill: binlogs ok: [3-9] segments");
    var binlogs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.toFile()).at("/lanes/drill/binlogs");
    assertThat(binlogs.path("passed").asBoolean()).isTrue();
    assertThat(binlogs.path("files").size()).isEqualTo(2);
    assertThat(binlogs.path("rpo_seconds").asLong()).isBetween(0L, 60L);
    assertThat(Files.readString(report)).contains("| RPO with binlogs (point in time) |");

    StepRun stale = StepRun.withClock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(10)),
        environment, drill);
    assertThat(stale.exitCode()).as(stale.err()).isEqualTo(1);
    assertThat(stale.err()).contains("binlog RPO exceeded: the stored binlogs cover until ")
        .contains("the limit is 60 s (twice backup.nightly.binlogSeconds");

    // into renamed databases: the rows as of t1 in <db>_pit, the original as it is
    StepRun renamed = StepRun.withEnvironment(environment, plus(args("restore"), "--to-time", t1.toString(),
        "--encryption-identity-file", dr.identity().toString(), "--database-suffix", "_pit"));
    assertThat(renamed.exitCode()).as(renamed.err()).isZero();
    assertThat(renamed.err()).contains("replaying the binlogs of " + db() + " into " + db() + "_pit");
    assertThat(sql("SELECT COUNT(*), MAX(id) FROM " + db() + "_pit.courses")).isEqualTo("5013\t100010");
    assertThat(sql("SELECT COUNT(*), MAX(id) FROM " + courses)).isEqualTo("5023\t100020");

    sql("USE " + db() + "; SET SESSION binlog_format = 'STATEMENT'; INSERT INTO " + courses + " VALUES (100021, 's', NULL)");
    Instant t3 = cut();
    ship(environment, dr);
    StepRun refused = StepRun.withEnvironment(environment, plus(args("restore"), "--to-time", t3.toString(),
        "--encryption-identity-file", dr.identity().toString(), "--database-suffix", "_pit2"));
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("cannot replay the binlogs of " + db() + " into " + db() + "_pit2: the statement at ")
        .contains("INSERT INTO " + courses).contains("nothing was restored");
    assertThat(sql("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + db() + "_pit2'")).isEqualTo("0");
    sql("DROP DATABASE " + db() + "_pit");

    String missing;
    try (ObjectStore store = store()) {
      List<String> manifests = store.objects(platform + "/binlogs/").stream().map(ObjectStore.StoredObject::key)
          .filter(k -> k.endsWith(".json") && !k.endsWith("/covered.json")).sorted().toList();
      missing = manifests.get(1);
      store.deleteAll(missing);
    }
    StepRun gap = StepRun.withEnvironment(environment, drill);
    assertThat(gap.exitCode()).as(gap.err()).isEqualTo(1);
    String file = missing.substring(0, missing.lastIndexOf('/') + 1);
    assertThat(gap.err()).contains("drill failed for platform " + platform + ": binlog segment missing: " + file + " bytes ");
    assertThat(Files.readString(report)).contains("FAILED").contains("## Binlogs").contains("binlog segment missing: " + file);
  }

  @Test
  @DisplayName("with lockDays on the real RGW, a backup and the binlog segments no kept backup needs are deleted, every"
      + " version, once their lock has expired (written by steps whose clock is a day minus a minute behind, so the"
      + " lock lasts a minute); before that, the expired backup is kept")
  void expiredLocksAreDeleted() throws Exception {
    String bucket = "lanes-expiry-" + platform;
    Files.writeString(map, Files.readString(map).replace("bucket = lanes-backups", "bucket = " + bucket)
        .replace("keep = 2", "keep = 1\n  lockDays = 1\n  lockMode = compliance\n  binlogSeconds = 10"));
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.createBucketIfMissing(true);
    }
    java.time.Clock behind = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(-1).plusSeconds(60));

    StepRun first = StepRun.withClock(behind, environment, args("backup", "run"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    String rotatedFrom = sql("SHOW MASTER STATUS").split("\t")[0];
    sql("INSERT INTO " + db() + ".courses VALUES (100001, 'a', NULL)");
    StepRun ship = StepRun.withClock(behind, environment, plus(args("backup", "binlogs"), "--once"));
    assertThat(ship.exitCode()).as(ship.err()).isZero();
    sql("FLUSH BINARY LOGS; INSERT INTO " + db() + ".courses VALUES (100002, 'b', NULL)");
    ship = StepRun.withClock(behind, environment, plus(args("backup", "binlogs"), "--once"));
    assertThat(ship.exitCode()).as(ship.err()).isZero();
    Thread.sleep(1100);
    StepRun second = StepRun.withClock(behind, environment, args("backup", "run"));
    Instant lastLocked = Instant.now();
    assertThat(second.exitCode()).as(second.err()).isZero();
    String firstId = first.out().strip();
    assertThat(second.err()).contains("retention: backup " + firstId + " is expired but locked until ");
    try (S3Client s3 = rawClient()) {
      assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(platform + "/binlogs/" + rotatedFrom + "/")).versions())
          .isNotEmpty();
    }

    // every lock written above ends a minute after its write: wait for the last one, by the clock
    while (Instant.now().isBefore(lastLocked.plusSeconds(62))) {
      Thread.sleep(500);
    }
    StepRun third = StepRun.withEnvironment(environment, args("backup", "run"));

    assertThat(third.exitCode()).as(third.err()).isZero();
    assertThat(third.err()).contains("retention: deleted backup " + firstId)
        .contains("retention: deleted backup " + second.out().strip())
        .contains("retention: deleted the binlog segments of " + rotatedFrom)
        .contains("retention: deleted 1 old versions of " + platform + "/binlogs/covered.json");
    try (S3Client s3 = rawClient()) {
      assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(platform + "/binlogs/covered.json")).versions())
          .as("the summary's versions after retention: the current one").hasSize(1);
      for (String prefix : List.of(platform + "/" + firstId + "/", platform + "/binlogs/" + rotatedFrom + "/")) {
        var versions = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix));
        assertThat(versions.versions()).as(prefix).isEmpty();
        assertThat(versions.deleteMarkers()).as(prefix).isEmpty();
      }
      assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(platform + "/" + third.out().strip() + "/")).versions())
          .isNotEmpty();
    }
  }

  private void ship(Map<String, String> env, AgeKey dr) {
    StepRun run = StepRun.withEnvironment(
        env, plus(args("backup", "binlogs"), "--encryption-recipient", dr.recipient(), "--once"));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  /**
   * Runs the fenced bash blocks between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} of
   * docs/dr-runbook.md, one after the other in one shell, in a fresh directory, with the S3 and MySQL variables the
   * runbook asks for plus {@code more}; returns their output.
   */
  private String runbook(List<String> blocks, Map<String, String> more) throws Exception {
    List<String> doc = Files.readAllLines(LocalService.root().resolve("docs/dr-runbook.md"));
    StringBuilder script = new StringBuilder();
    for (String name : blocks) {
      int begin = doc.indexOf("<!-- " + name + ":begin -->");
      int end = doc.indexOf("<!-- " + name + ":end -->");
      assertThat(begin).as("docs/dr-runbook.md has its " + name + " block").isPositive().isLessThan(end);
      List<String> block = doc.subList(begin + 1, end);
      assertThat(block.get(0)).isEqualTo("```bash");
      assertThat(block.get(block.size() - 1)).isEqualTo("```");
      script.append(String.join("\n", block.subList(1, block.size() - 1))).append('\n');
    }
    Path work = Files.createTempDirectory(dir, "runbook");
    ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script.toString())
        .directory(work.toFile()).redirectErrorStream(true);
    bash.environment().putAll(Map.of(
        "S3_ENDPOINT", s3().endpoint(), "BUCKET", "lanes-backups",
        "AWS_ACCESS_KEY_ID", s3().accessKey(), "AWS_SECRET_ACCESS_KEY", s3().secretKey(), "MYSQL_HOST", "127.0.0.1",
        "MYSQL_PORT", mariadb.get("MARIADB_PORT"), "MYSQL_USER", "root", "MYSQL_PWD", mariadb.get("MARIADB_PASSWORD")));
    bash.environment().putAll(more);
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  private StepRun shipOnce(Map<String, String> env, AgeKey dr) {
    StepRun run = StepRun.withEnvironment(
        env, plus(args("backup", "binlogs"), "--mysql-user", "pitr", "--encryption-recipient", dr.recipient(), "--once"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private StepRun restoreTo(Map<String, String> env, AgeKey dr, Instant time) {
    return StepRun.withEnvironment(env, plus(args("restore"), "--mysql-user", "pitr", "--to-time", time.toString(),
        "--encryption-identity-file", dr.identity().toString(), "--into-live", "--confirm"));
  }

  /** A time strictly between what was written before (an earlier second) and what is written after (a later one). */
  private static Instant cut() throws InterruptedException {
    Instant now = Instant.now();
    Thread.sleep(Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)).toMillis() + 100);
    Instant cut = Instant.now();
    Thread.sleep(1000);
    return cut;
  }

  /** When a segment manifest of this platform first says it covers {@code written}. */
  private Instant awaitCoverage(Instant written, Duration patience) throws Exception {
    Instant deadline = written.plus(patience);
    try (ObjectStore store = store()) {
      while (Instant.now().isBefore(deadline)) {
        for (ObjectStore.StoredObject object : store.objects(platform + "/binlogs/")) {
          if (object.key().endsWith(".json") && !object.key().endsWith("/covered.json")) {
            BinlogSegment segment = BinlogSegment.parse(object.key(), store.readText(object.key()));
            if (segment.coveredUntil() != null && !segment.coveredUntil().isBefore(written)) {
              return Instant.now();
            }
          }
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("no binlog segment covers " + written + " after " + patience);
  }

  private String[] withMap(Path config, String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.set(all.indexOf(map.toString()), config.toString());
    return all.toArray(String[]::new);
  }

  private S3Client rawClient() {
    return S3Client.builder()
        .endpointOverride(java.net.URI.create(s3().endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3().accessKey(), s3().secretKey())))
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .build();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The environment of platform {@code name}'s backup job: its own RGW user's keys. */
  private Map<String, String> credentials(String name) throws Exception {
    String accessKey = ("LB" + name.toUpperCase() + "KEY00000000").substring(0, 20);
    String secretKey = "secret-" + name + "-" + UUID.randomUUID();
    createUser(BucketPolicy.user(name), accessKey, secretKey);
    Map<String, String> env = new HashMap<>(environment);
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    return env;
  }

  private String[] scoped(Path scopedMap, String name, String... step) {
    List<String> args = new ArrayList<>(List.of(step));
    args.addAll(List.of(
        "--config", scopedMap.toString(), "--platform", name,
        "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"),
        "--mysql-database", db(), "--mongodb-uri-env", "MONGODB_URI", "--mongodb-database", mongoDb()));
    return args.toArray(String[]::new);
  }

  /**
   * Fault injection: a stalling {@link TcpRelay} between {@code backup run} and the real Ceph RGW stops taking the bytes of
   * the MySQL dump's first part (and never answers it), as RGW does once its cluster is full; every other connection,
   * the upload's abort included, reaches RGW. The dump is 8 MiB of random bytes, so that the part is larger than the
   * socket buffers and the upload's socket write blocks: the case no socket timeout ends.
   */
  @Test
  @DisplayName("an upload that makes no progress (fault injection: the gateway stops taking its bytes) fails the run"
      + " with exit 1 naming the object, the bucket and the seconds without progress; its upload is aborted and no"
      + " manifest is written")
  void stalledUploadFails() throws Exception {
    sql("USE " + db() + "; CREATE TABLE noise (id INT PRIMARY KEY, b BLOB);"
        + " INSERT INTO noise SELECT seq, RANDOM_BYTES(1024) FROM seq_1_to_8000;");
    java.net.URI rgw = java.net.URI.create(s3().endpoint());
    StepRun run;
    long seconds;
    try (TcpRelay proxy = TcpRelay.stallingAfter(rgw.getHost(), rgw.getPort(), 1024 * 1024)) {
      writeMap(proxy.url(), 26);
      long started = System.nanoTime();

      run = StepRun.withEnvironment(environment, plus(args("backup", "run"), "--stall-timeout", "3"));

      seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      assertThat(proxy.stalled()).as("the fault was injected").isTrue();
      assertThat(run.err())
          .containsPattern("upload of " + platform + "/\\d{8}T\\d{6}Z/mysql/dump\\.sql\\.gz to s3://lanes-backups at "
              + java.util.regex.Pattern.quote(proxy.url()) + " stalled: no progress for [3-9] s \\(part 1; stall timeout 3 s\\)");
    }
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(seconds).as("a generous bound: 3 s of stall, the dump and the abort").isLessThan(60);
    try (ObjectStore store = store(); S3Client s3 = rawClient()) {
      assertThat(store.objects(platform + "/")).as("nothing stored under the platform, no manifest").isEmpty();
      assertThat(s3.listMultipartUploads(b -> b.bucket("lanes-backups").prefix(platform + "/")).uploads())
          .as("the stalled upload was aborted").isEmpty();
    }
  }

  @Test
  @DisplayName("--stall-timeout must be positive (exit 2, naming the flag)")
  void stallTimeoutPositive() {
    StepRun run = StepRun.withEnvironment(environment, plus(args("backup", "run"), "--stall-timeout", "0"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--stall-timeout 0: must be positive");
  }
}
