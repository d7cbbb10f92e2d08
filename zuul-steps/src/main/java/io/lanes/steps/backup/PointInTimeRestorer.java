package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.AgeIdentities;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BinlogSegment;
import io.lanes.steps.backup.format.EncryptedStream;
import io.lanes.steps.backup.format.ObjectDecryption;
import io.lanes.steps.backup.store.ObjectReader;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The binlog half of {@code restore --to-time}: fetches the planned segments into a private work directory, each
 * checked against its manifest (size, SHA-256, then its length once decrypted and decompressed) and put back together
 * into the binlog files they came from; then, after the base backup is restored, replays them from the base's
 * position up to the target time into each of the base's MySQL databases.
 */
final class PointInTimeRestorer implements AutoCloseable {
  private final ObjectStore store;
  private final String platform;
  private final BinlogChain.Plan plan;
  private final PrintWriter err;
  private final Path work;

  PointInTimeRestorer(ObjectStore store, String platform, BinlogChain.Plan plan, PrintWriter err) {
    this.store = store;
    this.platform = platform;
    this.plan = plan;
    this.err = err;
    try {
      this.work = Files.createTempDirectory(
          "lanes-binlogs-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw StepException.failure("cannot make a work directory for the binlogs: " + e.getMessage(), e);
    }
  }

  /** Fetches and checks every planned segment; fails naming the first one missing, corrupt or undecryptable. */
  List<Path> fetch(Optional<AgeIdentities> identities) {
    long bytes = 0;
    for (BinlogSegment segment : plan.segments()) {
      String key = BackupLayout.binlogPrefix(platform) + segment.key();
      ObjectDecryption decryption = ObjectDecryption.forSegment("binlog segment " + key, segment.encryption(), identities);
      Path file = work.resolve(segment.file());
      try (InputStream stored = store.open(key);
          OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        ObjectReader checked = new ObjectReader(stored, key);
        long before = Files.size(file);
        new GZIPInputStream(decryption.open(checked), 64 * 1024).transferTo(out);
        out.flush();
        checked.check(segment.entry());
        long length = Files.size(file) - before;
        if (before != segment.start() || length != segment.end() - segment.start()) {
          throw StepException.failure(
              "binlog segment " + key + " holds " + length + " bytes from byte " + before + ", its manifest says bytes "
                  + segment.start() + "-" + segment.end() + "; refusing to restore", null);
        }
        bytes += length;
      } catch (EncryptedStream.Undecryptable e) {
        throw StepException.configuration("cannot open binlog segment " + key + ": " + e.getMessage() + "; nothing was restored");
      } catch (IOException e) {
        throw StepException.failure("cannot read binlog segment " + key + ": " + e.getMessage(), e);
      }
    }
    err.printf(
        "verified %d binlog segments (%s of %s), covering until %s%n",
        plan.segments().size(), Progress.bytes(bytes), String.join(", ", plan.files()), plan.coveredUntil());
    return plan.files().stream().map(work::resolve).toList();
  }

  /** Replays {@code files} from the base's binlog position up to {@code target} into each of the base's databases. */
  void replay(MariaDb db, BackupManifest base, List<Path> files, Instant target) {
    List<String> databases = databases(base);
    for (String database : databases) {
      err.printf("mysql: replaying the binlogs of %s from %s:%d up to %s%n",
          database, base.consistentPoint().binlogFile(), base.consistentPoint().binlogPosition(), target);
      db.replay(files, base.consistentPoint().binlogPosition(), target, database);
    }
  }

  /** The MySQL databases a backup holds. */
  static List<String> databases(BackupManifest base) {
    List<String> databases = new ArrayList<>();
    if (base.mysqlTables() != null) {
      base.mysqlTables().keySet().stream().map(t -> t.substring(0, t.indexOf('.'))).distinct().forEach(databases::add);
    }
    return databases;
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      err.println("warning: cannot remove " + work + ": " + e.getMessage());
    }
  }
}
