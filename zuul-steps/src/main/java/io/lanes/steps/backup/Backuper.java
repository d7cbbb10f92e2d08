package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.db.SqlDumpScanner;
import io.lanes.steps.backup.format.AgeRecipients;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.store.ObjectWriter;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backup of a platform's databases: each dumped and streamed through gzip (and encryption to age recipients, when given)
 * into an S3 multipart upload, then the manifest, written last (a backup without one is incomplete), then retention.
 * What {@code backup run} (the backup CronJob's entrypoint) runs.
 */
final class Backuper {
  private static final int READ_BUFFER = 256 * 1024;

  private final PrintWriter log;
  private final Clock clock;
  private final int compressionLevel;

  /**
   * @param log progress lines
   * @param clock when the backup starts and ends (its id is its start)
   * @param compressionLevel gzip's level, 1 to 9
   */
  Backuper(PrintWriter log, Clock clock, int compressionLevel) {
    this.log = log;
    this.clock = clock;
    this.compressionLevel = compressionLevel;
  }

  /**
   * What a backup did.
   *
   * @param id the backup's id
   * @param manifestKey where its manifest is in the bucket
   * @param manifest the manifest
   * @param deleted the backups retention deleted
   * @param aborted the unfinished uploads of earlier runs it aborted
   */
  record Outcome(String id, String manifestKey, BackupManifest manifest, List<String> deleted, List<String> aborted) {}

  /**
   * Backs up {@code resolved}'s databases into {@code store}.
   *
   * @param mysqlDatabases the MySQL databases to dump; empty: every database of the server's users
   * @param mongodbDatabases the MongoDB databases to dump; empty: every one but MongoDB's own
   */
  Outcome run(
      ObjectStore store, BackupTarget.Resolved resolved, Optional<MariaDb> mariaDb, List<String> mysqlDatabases,
      Optional<String> mongodbUri, List<String> mongodbDatabases, Optional<AgeRecipients> recipients) {
    String platform = resolved.platform().name();
    Instant started = clock.instant();
    String id = BackupLayout.id(started);
    String prefix = BackupLayout.backupPrefix(platform, id);
    List<String> aborted =
        store.abortUploads(BackupLayout.platformPrefix(platform), k -> BackupLayout.earlier(platform, k, id));
    aborted.forEach(k -> log.println("aborted an unfinished upload left by an earlier run: " + k));
    if (store.exists(prefix + BackupLayout.MANIFEST)) {
      throw StepException.failure("backup " + id + " of platform " + platform + " already exists in " + store.where(), null);
    }
    log.printf("backup %s of platform %s to %s%n", id, platform, store.where());
    Optional<ObjectStore.Retention> lock = BackupLock.retention(resolved.backup(), started);
    if (lock.isPresent()) {
      if (!store.objectLockEnabled()) {
        throw StepException.configuration(
            "backup." + resolved.backup().name() + ".lockDays asks for locked backups, but bucket " + store.bucket()
                + " has no object lock: create the bucket with object lock enabled (only its creation can)");
      }
      store.retainWrites(lock.get());
      log.printf("locking every object (%s mode) until %s%n", lock.get().mode(), lock.get().until());
    }
    recipients.ifPresent(r -> log.println("encrypting every object (age) to " + r));

    List<BackupManifest.Entry> entries = new ArrayList<>();
    Map<String, String> tools = new LinkedHashMap<>();
    tools.put("zuul-steps", version());
    Map<String, Long> tables = null;
    Map<String, Long> collections = null;
    Instant mysqlPoint = null;
    Instant mongodbPoint = null;
    SqlDumpScanner scanner = null;
    if (mariaDb.isPresent()) {
      scanner = new SqlDumpScanner();
      mysqlPoint = clock.instant();
      dumpMySql(mariaDb.get(), mysqlDatabases, store, prefix, scanner, entries, tools, recipients);
      tables = scanner.rows();
    }
    if (mongodbUri.isPresent()) {
      mongodbPoint = clock.instant();
      collections = new LinkedHashMap<>();
      dumpMongoDb(mongodbUri.get(), mongodbDatabases, store, prefix, entries, collections, recipients);
      tools.put("mongodb-driver-sync", driverVersion());
    }
    BackupManifest.ConsistentPoint point =
        new BackupManifest.ConsistentPoint(
            mysqlPoint,
            scanner == null ? null : scanner.binlogFile().orElse(null),
            scanner == null ? null : scanner.binlogPosition().orElse(null),
            scanner == null ? null : scanner.gtid().orElse(null),
            mongodbPoint);
    BackupManifest.Encryption encryption = recipients.map(AgeRecipients::manifestEntry).orElse(null);
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.formatFor(encryption), platform, id, started, clock.instant(), point, tools, entries,
            tables, collections, encryption);
    store.put(prefix + BackupLayout.MANIFEST, manifest.toJson(), "application/json");
    log.printf(
        "backup %s complete: %d objects, %s, manifest %s%n",
        id, entries.size(), Progress.bytes(manifest.totalSize()), prefix + BackupLayout.MANIFEST);

    List<String> deleted = applyRetention(store, resolved, started);
    return new Outcome(id, prefix + BackupLayout.MANIFEST, manifest, deleted, aborted);
  }

  private void dumpMySql(
      MariaDb db, List<String> databases, ObjectStore store, String prefix, SqlDumpScanner scanner,
      List<BackupManifest.Entry> entries, Map<String, String> tools, Optional<AgeRecipients> recipients) {
    List<String> names = databases.isEmpty() ? db.userDatabases() : databases;
    if (names.isEmpty()) {
      log.println("warning: MySQL server " + db + " has no databases of its own: nothing to dump");
      return;
    }
    boolean binlog = db.binlogEnabled();
    tools.put("mysql-server", db.serverVersion());
    tools.put("mysql-dump", db.dumpToolVersion());
    log.printf(
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
      String uri, List<String> databases, ObjectStore store, String prefix, List<BackupManifest.Entry> entries,
      Map<String, Long> counts, Optional<AgeRecipients> recipients) {
    try (MongoDatabases mongo = MongoDatabases.connect(uri)) {
      List<String> names = databases.isEmpty() ? mongo.userDatabases() : databases;
      log.printf("mongodb: dumping %s%n", names.isEmpty() ? "nothing (no databases)" : String.join(", ", names));
      for (String database : names) {
        for (String collection : mongo.collections(database)) {
          String metadataKey = stored(BackupLayout.mongoMetadata(database, collection), recipients);
          byte[] metadata = mongo.metadata(database, collection);
          ObjectWriter.Small small = ObjectWriter.small(metadata, recipients);
          store.put(prefix + metadataKey, small.bytes(), "application/gzip");
          entries.add(
              new BackupManifest.Entry(
                  metadataKey, "mongodb-metadata", small.stored().size(), small.stored().sha256(), metadata.length, 0));
          String bsonKey = stored(BackupLayout.mongoCollection(database, collection), recipients);
          ObjectWriter writer;
          try {
            writer = new ObjectWriter(store.upload(prefix + bsonKey), compressionLevel, recipients);
          } catch (IOException e) {
            throw StepException.failure("cannot start the upload of " + bsonKey, e);
          }
          try {
            Progress progress = new Progress(log, database + "." + collection);
            long documents = mongo.dump(database, collection, writer, progress::update);
            ObjectWriter.Stored stored = writer.finish();
            long millis = progress.done(stored.rawSize(), stored.size());
            counts.put(database + "." + collection, documents);
            entries.add(
                new BackupManifest.Entry(
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


  /**
   * Reads the dump and scans it on this thread while {@code writer} compresses and uploads on its own; completes the
   * object only after {@code dump} exited 0.
   */
  private BackupManifest.Entry stream(
      String what, MariaDb.DumpProcess dump, ObjectWriter writer, String key, String kind, SqlDumpScanner scanner) {
    Progress progress = new Progress(log, what);
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
    return new BackupManifest.Entry(key, kind, stored.size(), stored.sha256(), stored.rawSize(), millis);
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
        log.printf(
            "retention: backup %s is expired but locked until %s: kept%n",
            id, BackupLock.lockedUntil(resolved.backup(), BackupLayout.start(id).orElseThrow()));
        expired.remove(id);
        continue;
      }
      String prefix = BackupLayout.backupPrefix(platform, id);
      int objects = resolved.backup().locked() ? store.deleteAllVersions(prefix) : store.deleteAll(prefix);
      log.printf("retention: deleted backup %s (%d objects)%n", id, objects);
    }
    deleteOldBinlogs(store, platform, resolved.backup().locked(), now);
    return expired;
  }

  /**
   * Deletes the binlog segments of files older than the oldest file a kept backup's dump stands in: no restore can
   * replay them (a point-in-time restore starts at a backup's position). With locked backups, a file's segments go
   * once the lock of its newest stored version has expired (every version of them, which frees the space); until then
   * they are kept, said once per file.
   */
  private void deleteOldBinlogs(ObjectStore store, String platform, boolean locked, Instant now) {
    Optional<String> oldest = BackupCatalog.list(store, platform).stream()
        .flatMap(l -> l.manifest().stream())
        .map(m -> m.consistentPoint() == null ? null : m.consistentPoint().binlogFile())
        .filter(java.util.Objects::nonNull)
        .min(String::compareTo);
    if (oldest.isEmpty()) {
      return;
    }
    String prefix = BackupLayout.binlogPrefix(platform);
    List<Retention.BinlogFile> files = new ArrayList<>();
    for (String folder : store.folders(prefix)) {
      String file = folder.substring(prefix.length(), folder.length() - 1);
      boolean unneeded = file.compareTo(oldest.get()) < 0;
      files.add(new Retention.BinlogFile(
          file, locked && unneeded ? store.retainedUntil(folder) : Optional.empty()));
    }
    Retention.BinlogDecision decision = Retention.binlogs(files, oldest, now);
    decision.locked().forEach((file, until) -> log.printf(
        "retention: the binlog segments of %s are no longer needed but locked until %s: kept%n", file, until));
    for (String file : decision.delete()) {
      String folder = prefix + file + "/";
      int objects = locked ? store.deleteAllVersions(folder) : store.deleteAll(folder);
      log.printf("retention: deleted the binlog segments of %s (%d objects), older than every kept backup%n", file, objects);
    }
    if (locked) {
      // every shipping cycle rewrites the summary, each version locked: the old ones go once their lock has passed
      int versions = store.deleteExpiredNoncurrentVersions(BackupLayout.binlogCoverage(platform), now);
      if (versions > 0) {
        log.printf("retention: deleted %d old versions of %s (their lock has passed)%n", versions,
            BackupLayout.binlogCoverage(platform));
      }
    }
  }

  static String version() {
    String version = Backuper.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  private static String driverVersion() {
    String version = com.mongodb.client.MongoClient.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
