package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepRun;
import io.lanes.steps.backup.format.BackupKey;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.EncryptedStream;
import io.lanes.steps.cli.Main;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import io.lanes.steps.testing.LocalService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup run, restore and drill end to end against real MariaDB with real mariadb-dump, a real S3 endpoint given by
 * the subclass (Ceph radosgw: {@link BackupRestoreDrillIT}; Swift's s3api: {@link BackupRestoreDrillSwiftIT}), and
 * real FerretDB (a MongoDB wire-protocol server on SQLite: no mongod can be had here; {@code src/services/mongodb.sh}).
 */
abstract class BackupRestoreDrillContract {
  static final String CANARY = "canary-secret-" + UUID.randomUUID();

  static Map<String, String> mariadb;
  static String mongoUri;

  /**
   * An S3 endpoint and its test credentials.
   *
   * @param endpoint the endpoint URL
   * @param accessKey the access key
   * @param secretKey the secret key
   */
  record S3(String endpoint, String accessKey, String secretKey) {}

  /** The S3 endpoint under test (its service started by the subclass). */
  abstract S3 s3();

  @TempDir Path dir;
  String platform;
  Path map;
  Map<String, String> environment;

  @BeforeAll
  static void startServices() {
    mariadb = LocalService.start("mariadb");
    mongoUri = LocalService.start("mongodb").get("MONGODB_URI");
  }

  @BeforeEach
  void seed() throws Exception {
    platform = "p" + UUID.randomUUID().toString().substring(0, 8);
    map = dir.resolve("lanes.config");
    writeMap(s3().endpoint(), 26);
    environment = new HashMap<>();
    environment.put("AWS_ACCESS_KEY_ID", s3().accessKey());
    environment.put("AWS_SECRET_ACCESS_KEY", s3().secretKey());
    environment.put("MYSQL_PASSWORD", mariadb.get("MARIADB_PASSWORD"));
    environment.put("MONGODB_URI", mongoUri);
    try (ObjectStore store = store()) {
      store.createBucketIfMissing();
    }
    sql("DROP DATABASE IF EXISTS " + db() + "; CREATE DATABASE " + db() + "; USE " + db() + ";"
        + "CREATE TABLE " + db() + ".courses (id INT PRIMARY KEY, title VARCHAR(200), body BLOB);"
        + "CREATE TABLE " + db() + ".empty_table (id INT PRIMARY KEY);"
        + "INSERT INTO " + db() + ".courses VALUES (1, 'It''s (tricky), isn''t it?', 'x'),"
        + " (2, 'back\\\\slash ( and ) parens', NULL), (3, 'line\\nbreak', 0x00FF);"
        + "INSERT INTO " + db() + ".courses SELECT seq + 10, CONCAT('course ', seq), REPEAT('b', 100)"
        + " FROM seq_1_to_5000;");
    try (MongoClient client = MongoClients.create(mongoUri)) {
      var courses = client.getDatabase(mongoDb()).getCollection("modulestore");
      courses.drop();
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        docs.add(new Document("_id", i).append("course", "c" + i).append("n", i));
      }
      courses.insertMany(docs);
      courses.createIndex(new Document("course", 1), new IndexOptions().unique(true).name("course_unique"));
    }
  }

  String db() {
    return "lanes_" + platform;
  }

  String mongoDb() {
    return "edx_" + platform;
  }

  void writeMap(String endpoint, int rpoHours) throws Exception {
    Files.writeString(
        map,
        """
        [platform "%s"]
          namespace = openedx-%s
          cluster = prod
          backup = nightly
        [cluster "prod"]
          server = https://10.0.0.10:6443
        [backup "nightly"]
          endpoint = %s
          bucket = lanes-backups
          keep = 2
          keepDays = 30
          rpoHours = %d
          credentialSecret = backup-s3
        """
            .formatted(platform, platform, endpoint, rpoHours));
  }

  ObjectStore store() {
    return ObjectStore.open(s3().endpoint(), "lanes-backups", new S3Credentials(s3().accessKey(), s3().secretKey()));
  }

  String[] args(String... first) {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(
        List.of(
            "--config", map.toString(), "--platform", platform,
            "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"),
            "--mysql-database", db(), "--mongodb-uri-env", "MONGODB_URI", "--mongodb-database", mongoDb()));
    return args.toArray(String[]::new);
  }

  StepRun backupRun() {
    StepRun run = StepRun.withEnvironment(environment, args("backup", "run"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  String sql(String statements) throws Exception {
    Process process =
        new ProcessBuilder(
                "mariadb", "--no-defaults", "--protocol=tcp", "-h127.0.0.1", "-P" + mariadb.get("MARIADB_PORT"),
                "-uroot", "-p" + mariadb.get("MARIADB_PASSWORD"), "-N", "-B", "-e", statements)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.strip();
  }

  @Test
  @DisplayName("a backup lands in Ceph with its manifest last, and restore brings back the exact rows and documents")
  void backupThenRestore() throws Exception {
    StepRun backup = backupRun();
    String id = backup.out().strip();

    try (ObjectStore store = store()) {
      List<String> keys = store.objects(platform + "/" + id + "/").stream().map(ObjectStore.StoredObject::key).toList();
      assertThat(keys)
          .contains(
              platform + "/" + id + "/mysql/dump.sql.gz",
              platform + "/" + id + "/mongodb/" + mongoDb() + "/modulestore.bson.gz",
              platform + "/" + id + "/mongodb/" + mongoDb() + "/modulestore.metadata.json.gz",
              platform + "/" + id + "/manifest.json");
      BackupManifest manifest = BackupManifest.parse("manifest", store.readText(platform + "/" + id + "/manifest.json"));
      assertThat(manifest.mysqlTables()).containsEntry(db() + ".courses", 5003L).containsEntry(db() + ".empty_table", 0L);
      assertThat(manifest.mongodbCollections()).containsEntry(mongoDb() + ".modulestore", 2500L);
      assertThat(manifest.consistentPoint().binlogFile()).startsWith("binlog.");
      assertThat(manifest.consistentPoint().gtid()).isNotBlank();
      assertThat(manifest.objects()).allSatisfy(o -> assertThat(o.sha256()).hasSize(64));
    }

    sql("DELETE FROM " + db() + ".courses WHERE id > 2; UPDATE " + db() + ".courses SET title = 'changed';");
    try (MongoClient client = MongoClients.create(mongoUri)) {
      client.getDatabase(mongoDb()).getCollection("modulestore").deleteMany(new Document());
    }

    StepRun restore = StepRun.withEnvironment(environment, args("restore", "--into-live", "--confirm"));

    assertThat(restore.exitCode()).as(restore.err()).isZero();
    assertThat(restore.err()).contains("--into-live --confirm: replacing the live databases mysql database " + db());
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("5003");
    assertThat(sql("SELECT title FROM " + db() + ".courses WHERE id = 1")).isEqualTo("It's (tricky), isn't it?");
    assertThat(sql("SELECT HEX(body) FROM " + db() + ".courses WHERE id = 3")).isEqualTo("00FF");
    try (MongoClient client = MongoClients.create(mongoUri)) {
      var collection = client.getDatabase(mongoDb()).getCollection("modulestore");
      assertThat(collection.countDocuments()).isEqualTo(2500);
      List<String> indexes = new ArrayList<>();
      collection.listIndexes().forEach(i -> indexes.add(i.getString("name")));
      assertThat(indexes).contains("course_unique");
    }
    assertThat(restore.err()).contains("verified 3 objects");
  }

  private static String newKey() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  static String[] plus(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /**
   * An age key pair made by the stock {@code age-keygen}: the identity file's path, and the recipient (public key).
   *
   * @param identity the identity file (AGE-SECRET-KEY-1..., with age-keygen's comments)
   * @param recipient the public key, age1...
   */
  record AgeKey(Path identity, String recipient) {
    String secret() throws Exception {
      return Files.readAllLines(identity).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
    }
  }

  AgeKey ageKey(String name) throws Exception {
    Path identity = dir.resolve(name + ".agekey");
    Process keygen = new ProcessBuilder("age-keygen", "-o", identity.toString()).redirectErrorStream(true).start();
    String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keygen.waitFor()).as(out).isZero();
    String recipient = Files.readAllLines(identity).stream()
        .filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow().substring("# public key: ".length());
    return new AgeKey(identity, recipient);
  }

  @Test
  @DisplayName(
      "an encrypted backup is age files to every recipient (DR site and escrow each open it), the manifest names the"
          + " recipients and never an identity; restore needs an identity that opens it and refuses a missing or"
          + " wrong one before touching a database")
  void encryptedBackup() throws Exception {
    AgeKey dr = ageKey("dr");
    AgeKey escrow = ageKey("escrow");
    AgeKey stranger = ageKey("stranger");
    Path recipients = dir.resolve("recipients.txt");
    Files.writeString(recipients, "# the DR site\n" + dr.recipient() + "\n");

    StepRun backup =
        StepRun.withEnvironment(
            environment,
            plus(args("backup", "run"), "--encryption-recipients-file", recipients.toString(),
                "--encryption-recipient", escrow.recipient()));

    assertThat(backup.exitCode()).as(backup.err()).isZero();
    String id = backup.out().strip();
    String prefix = platform + "/" + id + "/";
    try (ObjectStore store = store()) {
      List<String> keys = store.objects(prefix).stream().map(ObjectStore.StoredObject::key).toList();
      assertThat(keys)
          .containsExactlyInAnyOrder(
              prefix + "mysql/dump.sql.gz.age",
              prefix + "mongodb/" + mongoDb() + "/modulestore.bson.gz.age",
              prefix + "mongodb/" + mongoDb() + "/modulestore.metadata.json.gz.age",
              prefix + "manifest.json");
      String manifestText = store.readText(prefix + "manifest.json");
      BackupManifest manifest = BackupManifest.parse("manifest", manifestText);
      assertThat(manifest.format()).isEqualTo(BackupManifest.FORMAT_ENCRYPTED);
      assertThat(manifest.encryption().algorithm()).isEqualTo("age");
      assertThat(manifest.encryption().recipients()).containsExactlyInAnyOrder(dr.recipient(), escrow.recipient());
      assertThat(manifestText).doesNotContain(dr.secret()).doesNotContain(escrow.secret()).doesNotContain("AGE-SECRET-KEY");
      try (var dump = store.open(prefix + "mysql/dump.sql.gz.age")) {
        byte[] head = dump.readNBytes(21);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
      }
    }
    assertThat(backup.out() + backup.err()).contains("encrypting every object (age) to 2 age recipients");
    StepRun list = StepRun.withEnvironment(environment, args("restore", "--list"));
    assertThat(list.out()).contains("encrypted (age to ").contains(dr.recipient()).contains(escrow.recipient());

    sql("DELETE FROM " + db() + ".courses WHERE id > 2");
    StepRun withoutKey = StepRun.withEnvironment(environment, args("restore"));
    assertThat(withoutKey.exitCode()).isEqualTo(2);
    assertThat(withoutKey.err()).contains("backup " + id + " is encrypted with age to ").contains(dr.recipient())
        .contains(escrow.recipient()).contains("--encryption-identity-file");

    StepRun wrong =
        StepRun.withEnvironment(
            environment, plus(args("restore"), "--encryption-identity-file", stranger.identity().toString()));
    assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(2);
    assertThat(wrong.err()).contains("cannot open backup " + id).contains("file " + stranger.identity())
        .contains("nothing was restored");
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("2");

    environment.put("LANES_AGE_IDENTITY", escrow.secret());
    StepRun restore =
        StepRun.withEnvironment(
            environment,
            plus(args("restore", "--into-live", "--confirm"), "--encryption-identity-env", "LANES_AGE_IDENTITY"));
    assertThat(restore.exitCode()).as(restore.err()).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("5003");
    try (MongoClient client = MongoClients.create(mongoUri)) {
      assertThat(client.getDatabase(mongoDb()).getCollection("modulestore").countDocuments()).isEqualTo(2500);
    }

    Path drill = dir.resolve("drill.json");
    StepRun drillRun =
        StepRun.withEnvironment(
            environment,
            plus(args("drill", "--result", drill.toString()), "--encryption-identity-file", dr.identity().toString()));
    assertThat(drillRun.exitCode()).as(drillRun.err()).isZero();

    String everything = backup.out() + backup.err() + withoutKey.err() + wrong.err() + restore.out() + restore.err()
        + drillRun.out() + drillRun.err() + Files.readString(drill);
    for (AgeKey key : List.of(dr, escrow, stranger)) {
      assertThat(everything).doesNotContain(key.secret()).doesNotContain(key.secret().substring(20, 40));
    }
  }

  @Test
  @DisplayName("backup run takes recipients only: identity and older-key flags are unknown to it (exit 2), and a"
      + " recipient that is an identity is refused without showing it")
  void backupRunTakesRecipientsOnly() throws Exception {
    AgeKey dr = ageKey("dr");

    StepRun withIdentity =
        StepRun.withEnvironment(
            environment, plus(args("backup", "run"), "--encryption-identity-file", dr.identity().toString()));
    StepRun identityAsRecipient =
        StepRun.withEnvironment(environment, plus(args("backup", "run"), "--encryption-recipient", dr.secret()));

    assertThat(withIdentity.exitCode()).isEqualTo(2);
    assertThat(withIdentity.err()).contains("Unknown options: '--encryption-identity-file'");
    assertThat(identityAsRecipient.exitCode()).isEqualTo(2);
    assertThat(identityAsRecipient.err()).contains("an identity (a private key!) is not an age X25519 recipient");
    assertThat(identityAsRecipient.out() + identityAsRecipient.err()).doesNotContain(dr.secret());
    try (ObjectStore store = store()) {
      assertThat(store.objects(platform + "/")).isEmpty();
    }
  }

  @Test
  @DisplayName("a backup written before age (lanes-aes-256-gcm-stream-1, .enc objects) is still restored with its key,"
      + " and refused with a wrong one")
  void olderFormatStillRestored() throws Exception {
    String canaryKey = newKey();
    BackupKey key = BackupKey.parse(canaryKey, "test");
    String id = "20261101T020000Z";
    String prefix = platform + "/" + id + "/";
    byte[] sql = ("CREATE DATABASE IF NOT EXISTS `" + db() + "`; USE `" + db() + "`;"
        + " DROP TABLE IF EXISTS legacy; CREATE TABLE legacy (id INT PRIMARY KEY);"
        + " INSERT INTO legacy VALUES (1), (2), (3);\n").getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
    try (EncryptedStream.Writer encrypted = new EncryptedStream.Writer(stored, key);
        java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(encrypted)) {
      gzip.write(sql);
    }
    byte[] object = stored.toByteArray();
    String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(object));
    BackupManifest manifest = new BackupManifest(
        BackupManifest.FORMAT_ENCRYPTED, platform, id, java.time.Instant.parse("2026-11-01T02:00:00Z"),
        java.time.Instant.parse("2026-11-01T02:00:05Z"), new BackupManifest.ConsistentPoint(null, null, null, null, null),
        Map.of("zuul-steps", "0.1.0"), List.of(new BackupManifest.Entry("mysql/dump.sql.gz.enc", "mysql-dump", object.length,
            sha256, sql.length, 5)),
        Map.of(db() + ".legacy", 3L), null, new BackupManifest.Encryption(EncryptedStream.ALGORITHM, key.id(), null));
    try (ObjectStore store = store()) {
      store.put(prefix + "mysql/dump.sql.gz.enc", object, "application/gzip");
      store.put(prefix + "manifest.json", manifest.toJson(), "application/json");
    }
    Path keyFile = dir.resolve("old.key");
    Files.writeString(keyFile, canaryKey + "\n");
    Path wrongFile = dir.resolve("wrong.key");
    Files.writeString(wrongFile, newKey() + "\n");
    String[] restore = {"restore", "--config", map.toString(), "--platform", platform, "--backup", id,
        "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"), "--into-live", "--confirm"};

    StepRun wrong = StepRun.withEnvironment(environment, plus(restore, "--encryption-key-file", wrongFile.toString()));
    StepRun right = StepRun.withEnvironment(environment, plus(restore, "--encryption-key-file", keyFile.toString()));

    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("wrong encryption key").contains("file " + wrongFile);
    assertThat(right.exitCode()).as(right.err()).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".legacy")).isEqualTo("3");
    assertThat(wrong.out() + wrong.err() + right.out() + right.err()).doesNotContain(canaryKey);
  }

  @Test
  @DisplayName("drill restores into scratch databases, matches every count, reports RPO and RTO, and drops the scratch")
  void drillPasses() throws Exception {
    backupRun();
    Path result = dir.resolve("drill.json");
    Path report = dir.resolve("drill.md");

    String[] args = args("drill", "--result", result.toString(), "--report", report.toString());
    StepRun drill = StepRun.withEnvironment(environment, args);

    assertThat(drill.exitCode()).as(drill.err()).isZero();
    assertThat(Files.readString(report)).contains("PASSED").contains("| counts compared | 3 tables and collections, 0 mismatched |");
    assertThat(Files.readString(result)).contains("\"passed\" : true").contains("\"rto_seconds\"");
    assertThat(sql("SHOW DATABASES LIKE '" + db() + "_drill'")).isEmpty();
    assertThat(drill.err()).contains("drill: recorded in " + platform + "/drills/history.json (1 drills)");
    Path chart = dir.resolve("drill-trend.svg");
    assertThat(Files.readString(chart)).startsWith("<?xml").contains("<svg").contains("1 drills from ");
    assertThat(Files.readString(result)).contains("\"chart\" : \"" + chart + "\"");
    assertThat(Files.readString(report)).contains("](drill-trend.svg)");
    StepRun again = StepRun.withEnvironment(environment, args);
    assertThat(again.exitCode()).as(again.err()).isZero();
    try (ObjectStore store = store()) {
      List<Map<String, Object>> history = DrillHistory.read(store, platform);
      assertThat(history).hasSize(2);
      assertThat(history.get(1)).containsEntry("passed", true).containsEntry("checked", 3).containsEntry("mismatched", 0);
      assertThat(String.valueOf(history.get(1).get("backup"))).matches("\\d{8}T\\d{6}Z");
    }
    StepRun list = StepRun.withEnvironment(environment, args("restore", "--list"));
    assertThat(list.out()).as("the drills/ folder is no backup").doesNotContain("drills");
  }

  @Test
  @DisplayName("drill fails with exit 1 when the newest backup is older than rpoHours")
  void drillFailsOnRpo() throws Exception {
    backupRun();
    writeMap(s3().endpoint(), 1);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // the drill runs three hours after the backup
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));
    int code =
        Main.run(new StepContext(new PrintWriter(out, true), new PrintWriter(err, true), later, environment), args("drill"));

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("RPO exceeded: backup ").contains("the limit is 1 h (backup.nightly.rpoHours)");
    assertThat(out.toString()).contains("FAILED");
    try (ObjectStore store = store()) {
      assertThat(DrillHistory.last(store, platform)).hasValueSatisfying(d -> assertThat(d).containsEntry("passed", false));
    }
  }

  @Test
  @DisplayName("a corrupted object is refused before any database is touched, naming the object")
  void corruptObjectRefused() throws Exception {
    String id = backupRun().out().strip();
    String key = platform + "/" + id + "/mysql/dump.sql.gz";
    try (ObjectStore store = store()) {
      store.put(key, "not the dump".getBytes(StandardCharsets.UTF_8), "application/gzip");
    }
    sql("DELETE FROM " + db() + ".courses WHERE id > 100");

    StepRun restore = StepRun.withEnvironment(environment, args("restore", "--into-live", "--confirm"));

    assertThat(restore.exitCode()).isEqualTo(1);
    assertThat(restore.err()).contains("object " + key + " is corrupt").contains("refusing to restore");
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("93");
  }

  @Test
  @DisplayName("restore --dry-run without a database verifies every object of the newest backup, touches no database,"
      + " and fails naming a corrupt object (lanes-backup-verify)")
  void dryRunWithoutTargetVerifiesTheBackup() throws Exception {
    String id = backupRun().out().strip();
    String[] verify = {"restore", "--config", map.toString(), "--platform", platform, "--dry-run"};
    sql("DELETE FROM " + db() + ".courses WHERE id > 100");

    StepRun intact = StepRun.withEnvironment(environment, verify);

    assertThat(intact.exitCode()).as(intact.err()).isZero();
    assertThat(intact.out()).contains("dry run: would restore backup " + id);
    assertThat(intact.err()).contains("verified 3 objects");
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("93");

    String key = platform + "/" + id + "/mysql/dump.sql.gz";
    try (ObjectStore store = store()) {
      store.put(key, "not the dump".getBytes(StandardCharsets.UTF_8), "application/gzip");
    }
    StepRun corrupt = StepRun.withEnvironment(environment, verify);

    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err()).contains("object " + key + " is corrupt");
  }

  @Test
  @DisplayName("an upload cut mid-way leaves no manifest: restore refuses it, the next run aborts the orphan upload")
  void cutUploadNotRestorable() throws Exception {
    String id = "20200101T000000Z";
    try (ObjectStore store = store()) {
      // the MySQL dump was stored; the run died while uploading a MongoDB collection, before the manifest
      store.put(platform + "/" + id + "/mysql/dump.sql.gz", new byte[] {1, 2, 3}, "application/gzip");
      var upload = store.upload(platform + "/" + id + "/mongodb/edx/modulestore.bson.gz");
      upload.write(new byte[6 * 1024 * 1024]);
      upload.flush();
      // the process dies here: neither completed nor aborted
    }

    StepRun refused = StepRun.withEnvironment(environment, args("restore", "--backup", id));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("backup " + id + " is incomplete: " + platform + "/" + id + "/manifest.json is missing");

    StepRun next = backupRun();
    assertThat(next.err())
        .contains("aborted an unfinished upload left by an earlier run: " + platform + "/" + id + "/mongodb/edx/modulestore.bson.gz")
        .contains("retention: deleted backup " + id);
  }

  @Test
  @DisplayName("restore --list shows backups newest first; retention keeps the newest 'keep' complete ones")
  void listAndRetention() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(backupRun().out().strip());
      Thread.sleep(1100);
    }

    StepRun list = StepRun.withEnvironment(environment, args("restore", "--list"));

    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains(ids.get(2)).contains(ids.get(1)).doesNotContain(ids.get(0));
    assertThat(list.out().indexOf(ids.get(2))).isLessThan(list.out().indexOf(ids.get(1)));
    assertThat(list.out()).contains("complete");
  }

  @Test
  @DisplayName("a failing mariadb-dump (unknown database) stores nothing and exits 1 naming the tool")
  void failingDumpTool() {
    List<String> args = new ArrayList<>(List.of(args("backup", "run")));
    args.set(args.indexOf(db()), "no_such_database");

    StepRun run = StepRun.withEnvironment(environment, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("mariadb-dump failed").contains("no_such_database");
    try (ObjectStore store = store()) {
      assertThat(store.objects(platform + "/")).isEmpty();
    }
  }

  @Test
  @DisplayName("bad S3 credentials are one configuration error, and the secret never appears in the output")
  void badCredentials() {
    environment.put("AWS_SECRET_ACCESS_KEY", CANARY);

    StepRun run = StepRun.withEnvironment(environment, args("backup", "run"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("access denied").contains("check the S3 credentials");
    assertThat(run.out() + run.err()).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("an unreachable S3 endpoint is one clear failure naming it")
  void unreachableEndpoint() throws Exception {
    writeMap("http://127.0.0.1:1", 26);

    StepRun run = StepRun.withEnvironment(environment, args("backup", "run"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("at http://127.0.0.1:1").contains("cannot connect");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("an unreachable MariaDB fails the run, stores no manifest, and never shows the password")
  void databaseUnavailable() throws Exception {
    environment.put("MYSQL_PASSWORD", CANARY);
    List<String> args = new ArrayList<>(List.of(args("backup", "run")));
    args.set(args.indexOf(mariadb.get("MARIADB_PORT")), "1");

    StepRun run = StepRun.withEnvironment(environment, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("127.0.0.1:1");
    assertThat(run.out() + run.err()).doesNotContain(CANARY);
    try (ObjectStore store = store()) {
      assertThat(store.objects(platform + "/")).noneMatch(o -> o.key().endsWith("manifest.json"));
    }
  }

  @Test
  @DisplayName("restore under the databases' own names into a server that holds them is refused (exit 2) without"
      + " --into-live --confirm, touching nothing; a suffix restores beside them; --into-live needs --confirm")
  void restoreIntoLiveNeedsIntoLiveConfirm() throws Exception {
    backupRun();
    sql("DELETE FROM " + db() + ".courses WHERE id > 100");

    StepRun refused = StepRun.withEnvironment(environment, args("restore"));
    StepRun unconfirmed = StepRun.withEnvironment(environment, args("restore", "--into-live"));
    StepRun confirmOnly = StepRun.withEnvironment(environment, args("restore", "--confirm"));
    StepRun both = StepRun.withEnvironment(environment, args("restore", "--database-suffix", "_x", "--into-live", "--confirm"));
    StepRun drill = StepRun.withEnvironment(environment, args("drill", "--database-suffix", ""));

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err().strip())
        .startsWith("refusing to restore backup ")
        .contains("mysql database " + db() + " on root@127.0.0.1:" + mariadb.get("MARIADB_PORT"))
        .contains("mongodb database " + mongoDb() + " on MongoDB")
        .contains("already exist (live data); give --database-suffix SUFFIX to restore beside them, or"
            + " --into-live --confirm to replace them")
        .doesNotContain("verifying");
    assertThat(unconfirmed.exitCode()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("--into-live replaces the live databases of backup").contains("add --confirm");
    assertThat(confirmOnly.exitCode()).isEqualTo(2);
    assertThat(confirmOnly.err()).contains("--confirm confirms --into-live");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--into-live restores under the databases' own names");
    assertThat(drill.exitCode()).as(drill.err()).isEqualTo(2);
    assertThat(drill.err()).contains("refusing to restore backup ");
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("93");
    assertThat(sql("SHOW DATABASES LIKE '" + db() + "_x'")).isEmpty();

    StepRun beside = StepRun.withEnvironment(environment, args("restore", "--database-suffix", "_copy"));

    assertThat(beside.exitCode()).as(beside.err()).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + "_copy.courses")).isEqualTo("5003");
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("93");
    sql("DROP DATABASE " + db() + "_copy");

    StepRun liveDrill =
        StepRun.withEnvironment(environment, args("drill", "--database-suffix", "", "--into-live", "--confirm"));
    assertThat(liveDrill.exitCode()).as(liveDrill.err()).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("5003");
  }

  @Test
  @DisplayName("restore under the databases' own names into servers that do not hold them yet (a DR site's empty"
      + " databases) needs no --into-live")
  void restoreIntoEmptyServers() throws Exception {
    backupRun();
    sql("DROP DATABASE " + db());
    try (MongoClient client = MongoClients.create(mongoUri)) {
      client.getDatabase(mongoDb()).drop();
    }

    StepRun restore = StepRun.withEnvironment(environment, args("restore"));

    assertThat(restore.exitCode()).as(restore.err()).isZero();
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("5003");
  }

  @Test
  @DisplayName("a manifest that names another platform or another backup than its place in the bucket, or an object"
      + " outside its folder, is refused with exit 3 naming both, by restore, drill and --list, before any read")
  void foreignManifestRefused() throws Exception {
    String id = backupRun().out().strip();
    String folder = platform + "/" + id + "/";
    String manifest;
    try (ObjectStore store = store()) {
      manifest = store.readText(folder + "manifest.json");
    }
    sql("DELETE FROM " + db() + ".courses WHERE id > 100");

    // another platform's manifest (here: this one's, edited to say globex) planted in this platform's folder
    String planted = "29990101T000000Z";
    try (ObjectStore store = store()) {
      store.put(
          platform + "/" + planted + "/manifest.json",
          manifest.replace("\"platform\" : \"" + platform + "\"", "\"platform\" : \"globex\"")
              .replace(id, planted)
              .getBytes(StandardCharsets.UTF_8),
          "application/json");
    }
    StepRun restore = StepRun.withEnvironment(environment, args("restore", "--into-live", "--confirm"));
    StepRun drill = StepRun.withEnvironment(environment, args("drill"));
    StepRun list = StepRun.withEnvironment(environment, args("restore", "--list"));

    String expected = platform + "/" + planted + "/manifest.json says platform globex, backup " + planted
        + ", but it is stored as platform " + platform + ", backup " + planted
        + "; refusing to restore another platform's or another backup's data into platform " + platform;
    assertThat(restore.exitCode()).as(restore.err()).isEqualTo(3);
    assertThat(restore.err().strip()).isEqualTo(expected);
    assertThat(drill.exitCode()).as(drill.err()).isEqualTo(3);
    assertThat(drill.err().strip()).isEqualTo(expected);
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).containsPattern(planted + " +foreign").containsPattern(id + " +complete");

    // a copy of a backup's manifest under another id
    try (ObjectStore store = store()) {
      store.put(platform + "/" + planted + "/manifest.json", manifest.getBytes(StandardCharsets.UTF_8), "application/json");
    }
    StepRun copied = StepRun.withEnvironment(environment, args("restore", "--backup", planted, "--into-live", "--confirm"));
    assertThat(copied.exitCode()).isEqualTo(3);
    assertThat(copied.err()).contains("says platform " + platform + ", backup " + id + ", but it is stored as platform "
        + platform + ", backup " + planted);

    // an object key that leaves the backup's folder
    try (ObjectStore store = store()) {
      store.deleteAll(platform + "/" + planted + "/");
      store.put(
          folder + "manifest.json",
          manifest.replace("\"mysql/dump.sql.gz\"", "\"mysql/../../../globex/" + id + "/mysql/dump.sql.gz\"")
              .getBytes(StandardCharsets.UTF_8),
          "application/json");
    }
    StepRun escaped = StepRun.withEnvironment(environment, args("restore", "--into-live", "--confirm"));
    assertThat(escaped.exitCode()).isEqualTo(3);
    assertThat(escaped.err()).contains(folder + "manifest.json lists object \"mysql/../../../globex/")
        .contains("which is not inside backup " + id + " of platform " + platform);
    assertThat(sql("SELECT COUNT(*) FROM " + db() + ".courses")).isEqualTo("93");
  }
}
