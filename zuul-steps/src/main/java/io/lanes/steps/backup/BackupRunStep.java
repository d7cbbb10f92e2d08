package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.objectstore.MultipartUploadStream;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * {@code zuul-steps backup run}: dumps the platform's databases, each streamed through gzip into an S3 multipart
 * upload, then writes the manifest, then applies retention. The backup CronJob's entrypoint.
 */
@Command(
    name = "run",
    description = "Dump the platform's MySQL and MongoDB databases to its S3 bucket, manifest last, then apply retention.")
public final class BackupRunStep implements Callable<Integer> {
  private static final int READ_BUFFER = 256 * 1024;

  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DatabaseOptions databases;
  @Mixin CommonOptions common;

  BackupRunStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BackupOptions.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
    Optional<String> mongodbUri = databases.mongodbUri(context.environment());
    if (mariaDb.isEmpty() && mongodbUri.isEmpty()) {
      throw StepException.configuration("nothing to back up: give --mysql-host, --mongodb-uri-env or both");
    }
    try (ObjectStore store = backup.open(resolved.backup(), context.environment())) {
      Instant started = context.clock().instant();
      String id = BackupLayout.id(started);
      String prefix = BackupLayout.backupPrefix(platform, id);
      List<String> aborted = store.abortUploads(BackupLayout.platformPrefix(platform), started);
      aborted.forEach(key -> context.err().println("aborted an unfinished upload left by an earlier run: " + key));
      if (store.readText(prefix + BackupLayout.MANIFEST) != null) {
        throw StepException.failure("backup " + id + " of platform " + platform + " already exists in " + store.where(), null);
      }
      context.err().printf("backup %s of platform %s to %s%n", id, platform, store.where());

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
        dumpMySql(mariaDb.get(), store, prefix, scanner, entries, tools);
        tables = scanner.rows();
      }
      if (mongodbUri.isPresent()) {
        mongodbPoint = context.clock().instant();
        collections = new LinkedHashMap<>();
        dumpMongoDb(mongodbUri.get(), store, prefix, entries, collections);
        tools.put("mongodb-driver-sync", driverVersion());
      }
      Manifest.ConsistentPoint point =
          new Manifest.ConsistentPoint(
              mysqlPoint,
              scanner == null ? null : scanner.binlogFile().orElse(null),
              scanner == null ? null : scanner.binlogPosition().orElse(null),
              scanner == null ? null : scanner.gtid().orElse(null),
              mongodbPoint);
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT, platform, id, started, context.clock().instant(), point, tools, entries, tables,
              collections);
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
      Map<String, String> tools) {
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
    String key = prefix + BackupLayout.MYSQL_DUMP;
    MariaDb.DumpProcess dump = db.startDump(names, binlog);
    MultipartUploadStream upload = store.upload(key);
    try {
      entries.add(stream("mysql", dump.stdout(), upload, BackupLayout.MYSQL_DUMP, "mysql-dump", scanner, dump));
    } catch (RuntimeException e) {
      dump.kill();
      upload.abort();
      throw e;
    }
  }

  private void dumpMongoDb(
      String uri, ObjectStore store, String prefix, List<Manifest.Entry> entries, Map<String, Long> counts) {
    try (MongoDatabases mongo = MongoDatabases.connect(uri)) {
      List<String> names = databases.mongodbDatabases.isEmpty() ? mongo.userDatabases() : databases.mongodbDatabases;
      context.err().printf("mongodb: dumping %s%n", names.isEmpty() ? "nothing (no databases)" : String.join(", ", names));
      for (String database : names) {
        for (String collection : mongo.collections(database)) {
          String metadataKey = BackupLayout.mongoMetadata(database, collection);
          entries.add(putSmall(store, prefix, metadataKey, mongo.metadata(database, collection)));
          String bsonKey = BackupLayout.mongoCollection(database, collection);
          MultipartUploadStream upload = store.upload(prefix + bsonKey);
          try {
            Progress progress = new Progress(context.err(), database + "." + collection);
            DigestingOutputStream stored = new DigestingOutputStream(upload);
            GZIPOutputStream gzip = new GZIPOutputStream(stored, 64 * 1024);
            long[] raw = {0};
            long documents = mongo.dump(database, collection, gzip, progress, raw);
            gzip.finish();
            upload.close();
            long millis = progress.done(raw[0], stored.count());
            counts.put(database + "." + collection, documents);
            entries.add(
                new Manifest.Entry(bsonKey, "mongodb-collection", stored.count(), stored.sha256Hex(), raw[0], millis));
          } catch (IOException e) {
            upload.abort();
            throw StepException.failure("cannot compress " + database + "." + collection + ": " + e.getMessage(), e);
          } catch (RuntimeException e) {
            upload.abort();
            throw e;
          }
        }
      }
    }
  }

  private static Manifest.Entry putSmall(ObjectStore store, String prefix, String key, byte[] content) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DigestingOutputStream stored = new DigestingOutputStream(buffer);
    try (GZIPOutputStream gzip = new GZIPOutputStream(stored)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.put(prefix + key, buffer.toByteArray(), "application/gzip");
    return new Manifest.Entry(key, "mongodb-metadata", stored.count(), stored.sha256Hex(), content.length, 0);
  }

  /** Copies {@code in} through the scanner and gzip into {@code upload}; completes it only after {@code dump} succeeded. */
  private Manifest.Entry stream(
      String what, InputStream in, MultipartUploadStream upload, String key, String kind, SqlDumpScanner scanner,
      MariaDb.DumpProcess dump) {
    Progress progress = new Progress(context.err(), what);
    DigestingOutputStream stored = new DigestingOutputStream(upload);
    long raw = 0;
    try {
      GZIPOutputStream gzip = new GZIPOutputStream(stored, 64 * 1024);
      byte[] buffer = new byte[READ_BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        scanner.write(buffer, 0, n);
        gzip.write(buffer, 0, n);
        raw += n;
        progress.update(raw);
      }
      gzip.finish();
    } catch (IOException e) {
      throw StepException.failure(what + ": cannot read or compress the dump: " + e.getMessage(), e);
    }
    dump.finish();
    upload.close();
    long millis = progress.done(raw, stored.count());
    return new Manifest.Entry(key, kind, stored.count(), stored.sha256Hex(), raw, millis);
  }

  private List<String> applyRetention(ObjectStore store, BackupOptions.Resolved resolved, Instant now) {
    String platform = resolved.platform().name();
    List<Retention.Candidate> candidates =
        BackupCatalog.list(store, platform).stream()
            .map(l -> new Retention.Candidate(l.id(), BackupLayout.start(l.id()).orElseThrow(), l.complete()))
            .toList();
    List<String> expired =
        Retention.expired(candidates, resolved.backup().keep(), resolved.backup().keepDays(), now);
    for (String id : expired) {
      int objects = store.deleteAll(BackupLayout.backupPrefix(platform, id));
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
