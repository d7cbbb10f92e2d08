package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps backup run}: dumps the platform's databases, each streamed through gzip into an S3 multipart
 * upload, then writes the manifest, then applies retention. The backup CronJob's entrypoint.
 */
@Command(
    name = "run",
    resourceBundle = "io.lanes.steps.backup.BackupRunStep",
    description = "Dump the platform's MySQL and MongoDB databases to its S3 bucket, manifest last, then apply retention.")
public final class BackupRunStep implements Callable<Integer> {
  private static final int READ_BUFFER = 256 * 1024;

  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DatabaseOptions databases;
  @Mixin EncryptionRecipientsOptions encryption;
  @Option(
      names = "--compression-level",
      paramLabel = "1-9",
      defaultValue = "1",
      description = "gzip's level: 1 is fastest (default), 9 smallest; 1 stores a SQL dump ~3 %% larger than 6.")
  int compressionLevel;

  @Mixin CommonOptions common;

  BackupRunStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (compressionLevel < 1 || compressionLevel > 9) {
      throw StepException.configuration("--compression-level " + compressionLevel + " is not between 1 and 9");
    }
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
    Optional<String> mongodbUri = databases.mongodbUri(context.environment());
    Optional<AgeRecipients> recipients = encryption.recipients(context.environment());
    if (mariaDb.isEmpty() && mongodbUri.isEmpty()) {
      throw StepException.configuration("nothing to back up: give --mysql-host, --mongodb-uri-env or both");
    }
    try (ObjectStore store = backup.open(resolved.backup(), resolved.platform().name(), context.environment())) {
      Instant started = context.clock().instant();
      String id = BackupLayout.id(started);
      String prefix = BackupLayout.backupPrefix(platform, id);
      List<String> aborted =
          store.abortUploads(BackupLayout.platformPrefix(platform), k -> BackupLayout.earlier(platform, k, id));
      aborted.forEach(k -> context.err().println("aborted an unfinished upload left by an earlier run: " + k));
      if (store.exists(prefix + BackupLayout.MANIFEST)) {
        throw StepException.failure("backup " + id + " of platform " + platform + " already exists in " + store.where(), null);
      }
      context.err().printf("backup %s of platform %s to %s%n", id, platform, store.where());
      Optional<ObjectStore.Retention> lock = BackupLock.retention(resolved.backup(), started);
      if (lock.isPresent()) {
        if (!store.objectLockEnabled()) {
          throw StepException.configuration(
              "backup." + resolved.backup().name() + ".lockDays asks for locked backups, but bucket " + store.bucket()
                  + " has no object lock: create the bucket with object lock enabled (only its creation can)");
        }
        store.retainWrites(lock.get());
        context.err().printf(
            "locking every object (%s mode) until %s%n", lock.get().mode(), lock.get().until());
      }
      recipients.ifPresent(r -> context.err().println("encrypting every object (age) to " + r));

      List<Manifest.Entry> entries = new ArrayList<>();
      Map<String, String> tools = new LinkedHashMap<>();
      tools.put("zuul-steps", version());
      Map<String, Long> tables = null;
      Map<String, Long> collections = null;
      Instant mysqlPoint = null;
      Instant mongodbPoint = null;
      SqlDumpScanner scanner = null;
      if (mariaDb.isPresent()) {
        scanner = new SqlDumpScanner();
        mysqlPoint = context.clock().instant();
        dumpMySql(mariaDb.get(), store, prefix, scanner, entries, tools, recipients);
        tables = scanner.rows();
      }
      if (mongodbUri.isPresent()) {
        mongodbPoint = context.clock().instant();
        collections = new LinkedHashMap<>();
        dumpMongoDb(mongodbUri.get(), store, prefix, entries, collections, recipients);
        tools.put("mongodb-driver-sync", driverVersion());
      }
      Manifest.ConsistentPoint point =
          new Manifest.ConsistentPoint(
              mysqlPoint,
              scanner == null ? null : scanner.binlogFile().orElse(null),
              scanner == null ? null : scanner.binlogPosition().orElse(null),
              scanner == null ? null : scanner.gtid().orElse(null),
              mongodbPoint);
      Manifest.Encryption encrypted = recipients.map(AgeRecipients::manifestEntry).orElse(null);
      Manifest manifest =
          new Manifest(
              Manifest.formatFor(encrypted), platform, id, started, context.clock().instant(), point, tools, entries,
              tables, collections, encrypted);
      store.put(prefix + BackupLayout.MANIFEST, manifest.toJson(), "application/json");
      context.err().printf(
          "backup %s complete: %d objects, %s, manifest %s%n",
          id, entries.size(), Progress.bytes(manifest.totalSize()), prefix + BackupLayout.MANIFEST);

      List<String> deleted = applyRetention(store, resolved, started);

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("platform", platform);
      result.put("id", id);
      result.put("bucket", store.bucket());
      result.put("manifest", prefix + BackupLayout.MANIFEST);
      result.put("objects", entries.size());
      result.put("bytes", manifest.totalSize());
      result.put("seconds", Duration.between(started, manifest.finished()).toMillis() / 1000.0);
      result.put("deleted", deleted);
      result.put("aborted_uploads", aborted);
      ResultFile.write(common.result, Map.of("backup", result), Map.of());
      context.out().println(id);
      return ExitCodes.OK;
    }
  }

  private void dumpMySql(
      MariaDb db, ObjectStore store, String prefix, SqlDumpScanner scanner, List<Manifest.Entry> entries,
      Map<String, String> tools, Optional<AgeRecipients> recipients) {
    List<String> names = databases.mysqlDatabases.isEmpty() ? db.userDatabases() : databases.mysqlDatabases;
    if (names.isEmpty()) {
      context.err().println("warning: MySQL server " + db + " has no databases of its own: nothing to dump");
      return;
    }
    boolean binlog = db.binlogEnabled();
    tools.put("mysql-server", db.serverVersion());
    tools.put("mysql-dump", db.dumpToolVersion());
    context.err().printf(
        "mysql: dumping %s from %s%s%n",
        String.join(", ", names), db, binlog ? " (binary log on: recording its position)" : " (binary log off)");
    String key = stored(BackupLayout.MYSQL_DUMP, recipients);
    MariaDb.DumpProcess dump = db.startDump(names, binlog);
    ObjectWriter writer;
    try {
      writer = new ObjectWriter(store.upload(prefix + key), compressionLevel, recipients);
    } catch (IOException | RuntimeException e) {
      dump.kill();
      throw e instanceof RuntimeException r ? r : StepException.failure("cannot start the upload of " + key, e);
    }
    try {
      entries.add(stream("mysql", dump, writer, key, "mysql-dump", scanner));
    } catch (RuntimeException e) {
      dump.kill();
      writer.abort();
      throw e;
    }
  }

  private void dumpMongoDb(
      String uri, ObjectStore store, String prefix, List<Manifest.Entry> entries, Map<String, Long> counts,
      Optional<AgeRecipients> recipients) {
    try (MongoDatabases mongo = MongoDatabases.connect(uri)) {
      List<String> names = databases.mongodbDatabases.isEmpty() ? mongo.userDatabases() : databases.mongodbDatabases;
      context.err().printf("mongodb: dumping %s%n", names.isEmpty() ? "nothing (no databases)" : String.join(", ", names));
      for (String database : names) {
        for (String collection : mongo.collections(database)) {
          String metadataKey = stored(BackupLayout.mongoMetadata(database, collection), recipients);
          entries.add(putSmall(store, prefix, metadataKey, mongo.metadata(database, collection), recipients));
          String bsonKey = stored(BackupLayout.mongoCollection(database, collection), recipients);
          ObjectWriter writer;
          try {
            writer = new ObjectWriter(store.upload(prefix + bsonKey), compressionLevel, recipients);
          } catch (IOException e) {
            throw StepException.failure("cannot start the upload of " + bsonKey, e);
          }
          try {
            Progress progress = new Progress(context.err(), database + "." + collection);
            long documents = mongo.dump(database, collection, writer, progress);
            ObjectWriter.Stored stored = writer.finish();
            long millis = progress.done(stored.rawSize(), stored.size());
            counts.put(database + "." + collection, documents);
            entries.add(
                new Manifest.Entry(
                    bsonKey, "mongodb-collection", stored.size(), stored.sha256(), stored.rawSize(), millis));
          } catch (IOException e) {
            writer.abort();
            throw StepException.failure("cannot compress " + database + "." + collection + ": " + e.getMessage(), e);
          } catch (RuntimeException e) {
            writer.abort();
            throw e;
          }
        }
      }
    }
  }

  private static Manifest.Entry putSmall(
      ObjectStore store, String prefix, String key, byte[] content, Optional<AgeRecipients> recipients) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DigestingOutputStream stored = new DigestingOutputStream(buffer);
    try {
      OutputStream encrypted = recipients.isPresent() ? recipients.get().encrypt(stored) : null;
      GZIPOutputStream gzip = new GZIPOutputStream(encrypted == null ? stored : encrypted);
      gzip.write(content);
      gzip.finish();
      if (encrypted != null) {
        encrypted.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.put(prefix + key, buffer.toByteArray(), "application/gzip");
    return new Manifest.Entry(key, "mongodb-metadata", stored.count(), stored.sha256Hex(), content.length, 0);
  }

  /**
   * Reads the dump and scans it on this thread while {@code writer} compresses and uploads on its own; completes the
   * object only after {@code dump} exited 0.
   */
  private Manifest.Entry stream(
      String what, MariaDb.DumpProcess dump, ObjectWriter writer, String key, String kind, SqlDumpScanner scanner) {
    Progress progress = new Progress(context.err(), what);
    InputStream in = dump.stdout();
    ObjectWriter.Stored stored;
    try {
      byte[] buffer = new byte[READ_BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        scanner.write(buffer, 0, n);
        writer.write(buffer, 0, n);
        progress.update(writer.rawCount());
      }
      dump.finish();
      stored = writer.finish();
    } catch (IOException e) {
      throw StepException.failure(what + ": cannot read or compress the dump: " + e.getMessage(), e);
    }
    long millis = progress.done(stored.rawSize(), stored.size());
    return new Manifest.Entry(key, kind, stored.size(), stored.sha256(), stored.rawSize(), millis);
  }

  /** The key {@code plainKey} is stored under: with {@link AgeRecipients#SUFFIX} when the backup is encrypted. */
  private static String stored(String plainKey, Optional<AgeRecipients> recipients) {
    return recipients.isPresent() ? plainKey + AgeRecipients.SUFFIX : plainKey;
  }

  private List<String> applyRetention(ObjectStore store, BackupTarget.Resolved resolved, Instant now) {
    String platform = resolved.platform().name();
    List<Retention.Candidate> candidates =
        BackupCatalog.list(store, platform).stream()
            .map(l -> new Retention.Candidate(l.id(), BackupLayout.start(l.id()).orElseThrow(), l.complete()))
            .toList();
    List<String> expired =
        new ArrayList<>(Retention.expired(candidates, resolved.backup().keep(), resolved.backup().keepDays(), now));
    for (String id : List.copyOf(expired)) {
      if (BackupLock.stillLocked(resolved.backup(), id, now)) {
        context.err().printf(
            "retention: backup %s is expired but locked until %s: kept%n",
            id, BackupLock.lockedUntil(resolved.backup(), BackupLayout.start(id).orElseThrow()));
        expired.remove(id);
        continue;
      }
      String prefix = BackupLayout.backupPrefix(platform, id);
      int objects = resolved.backup().locked() ? store.deleteAllVersions(prefix) : store.deleteAll(prefix);
      context.err().printf("retention: deleted backup %s (%d objects)%n", id, objects);
    }
    return expired;
  }

  static String version() {
    String version = BackupRunStep.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  private static String driverVersion() {
    String version = com.mongodb.client.MongoClient.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
