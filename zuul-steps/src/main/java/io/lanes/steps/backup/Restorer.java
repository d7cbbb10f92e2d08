package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.DatabaseRenamer;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.EncryptedStream;
import io.lanes.steps.backup.format.ObjectDecryption;
import io.lanes.steps.backup.store.ObjectReader;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.bson.Document;

/**
 * Restores one backup: first reads every object and checks its size and SHA-256 against the manifest, touching
 * nothing; then streams each object into its database. Shared by {@code restore} and {@code drill}.
 */
final class Restorer {
  private final ObjectStore store;
  private final BackupManifest manifest;
  private final PrintWriter err;
  private final String prefix;
  private final ObjectDecryption decryption;

  /**
   * A restorer of {@code manifest}'s backup, whose objects {@code decryption} opens (see {@link
   * ObjectDecryption#forManifest}). An encrypted backup is tried at once: when the identity or key given does not
   * open its first object, this fails before anything is restored.
   */
  Restorer(ObjectStore store, BackupManifest manifest, ObjectDecryption decryption, PrintWriter err) {
    this.store = store;
    this.manifest = manifest;
    this.err = err;
    this.prefix = BackupLayout.backupPrefix(manifest.platform(), manifest.id());
    this.decryption = decryption;
    if (decryption.encrypted() && !manifest.objects().isEmpty()) {
      String first = prefix + manifest.objects().get(0).key();
      try (InputStream raw = store.open(first);
          InputStream in = decryption.open(raw)) {
        in.read();
      } catch (EncryptedStream.Undecryptable e) {
        throw StepException.configuration(
            "cannot open backup " + manifest.id() + " (" + first + "): " + e.getMessage() + "; nothing was restored");
      } catch (IOException e) {
        throw StepException.failure("cannot read object " + first + ": " + e.getMessage(), e);
      }
    }
  }

  /** The object's content: decrypted when the backup is encrypted, still compressed. */
  private InputStream content(InputStream stored) throws IOException {
    return decryption.open(stored);
  }

  /** Reads every object; fails naming the first one missing, cut or corrupt. */
  void verify() {
    err.printf("verifying %d objects of backup %s%n", manifest.objects().size(), manifest.id());
    for (BackupManifest.Entry entry : manifest.objects()) {
      try (InputStream in = store.open(prefix + entry.key())) {
        ObjectReader checked = new ObjectReader(in, prefix + entry.key());
        checked.transferTo(OutputStream.nullOutputStream());
        checked.check(entry);
      } catch (IOException e) {
        throw StepException.failure("cannot read object " + prefix + entry.key() + ": " + e.getMessage(), e);
      }
    }
    err.printf("verified %d objects, %s%n", manifest.objects().size(), Progress.bytes(manifest.totalSize()));
  }

  /** Restores the MySQL dump into {@code db}, renaming databases by {@code databaseNames}. */
  void restoreMySql(MariaDb db, Map<String, String> databaseNames) {
    Optional<BackupManifest.Entry> dump =
        manifest.objects().stream().filter(e -> e.kind().equals("mysql-dump")).findFirst();
    if (dump.isEmpty()) {
      return;
    }
    BackupManifest.Entry entry = dump.get();
    err.printf("mysql: restoring %s into %s%n", entry.key(), db);
    Progress progress = new Progress(err, "mysql restore");
    try (InputStream in = store.open(prefix + entry.key())) {
      ObjectReader checked = new ObjectReader(in, prefix + entry.key());
      InputStream sql = new DatabaseRenamer(new GZIPInputStream(content(checked), 64 * 1024), databaseNames);
      CountingInputStream counted = new CountingInputStream(sql, progress);
      db.execute(counted, "restore of " + entry.key() + " into " + db);
      checked.check(entry);
      progress.done(counted.count, entry.size());
    } catch (IOException e) {
      throw StepException.failure("cannot read object " + prefix + entry.key() + ": " + e.getMessage(), e);
    }
  }

  /** Restores every MongoDB collection into {@code mongo}, renaming databases by {@code databaseNames}. */
  void restoreMongoDb(MongoDatabases mongo, Map<String, String> databaseNames) {
    for (BackupManifest.Entry entry : manifest.objects()) {
      if (!entry.kind().equals("mongodb-collection")) {
        continue;
      }
      String[] parts = BackupLayout.plain(entry.key()).split("/", 3);
      String database = parts[1];
      String collection = parts[2].substring(0, parts[2].length() - ".bson.gz".length());
      String target = databaseNames.getOrDefault(database, database);
      Document metadata = metadata(database, collection);
      try (InputStream in = store.open(prefix + entry.key())) {
        ObjectReader checked = new ObjectReader(in, prefix + entry.key());
        long documents =
            mongo.restore(target, collection, metadata, new GZIPInputStream(content(checked), 64 * 1024));
        checked.check(entry);
        err.printf("mongodb: restored %s.%s (%d documents)%n", target, collection, documents);
      } catch (IOException e) {
        throw StepException.failure("cannot read object " + prefix + entry.key() + ": " + e.getMessage(), e);
      }
    }
  }

  private Document metadata(String database, String collection) {
    String key = decryption.stored(BackupLayout.mongoMetadata(database, collection));
    BackupManifest.Entry entry =
        manifest.objects().stream()
            .filter(e -> e.key().equals(key))
            .findFirst()
            .orElseThrow(() -> StepException.failure("manifest of " + manifest.id() + " lists no " + key, null));
    try (InputStream in = store.open(prefix + key)) {
      ObjectReader checked = new ObjectReader(in, prefix + key);
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      new GZIPInputStream(content(checked)).transferTo(json);
      checked.check(entry);
      return Document.parse(json.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw StepException.failure("cannot read object " + prefix + key + ": " + e.getMessage(), e);
    }
  }

  /** Counts bytes read for progress lines. */
  private static final class CountingInputStream extends FilterInputStream {
    private final Progress progress;
    long count;

    CountingInputStream(InputStream in, Progress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = super.read(bytes, offset, length);
      if (n > 0) {
        count += n;
        progress.update(count);
      }
      return n;
    }
  }

  /** The restore's target names, {@code database -> target}, for a suffix ({@code openedx -> openedx_drill}). */
  static Map<String, String> renamed(BackupManifest manifest, String suffix) {
    Map<String, String> names = new LinkedHashMap<>();
    if (suffix.isEmpty()) {
      return names;
    }
    if (manifest.mysqlTables() != null) {
      manifest.mysqlTables().keySet().forEach(t -> names.put(t.substring(0, t.indexOf('.')), t.substring(0, t.indexOf('.')) + suffix));
    }
    if (manifest.mongodbCollections() != null) {
      manifest.mongodbCollections().keySet().forEach(c -> names.put(c.substring(0, c.indexOf('.')), c.substring(0, c.indexOf('.')) + suffix));
    }
    return names;
  }
}
