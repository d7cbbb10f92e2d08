package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.BinlogStatements;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.AgeIdentities;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BinlogSegment;
import io.lanes.steps.backup.format.EncryptedStream;
import io.lanes.steps.backup.format.ObjectDecryption;
import io.lanes.steps.backup.store.ObjectReader;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The binlog half of {@code restore --to-time}: fetches the planned segments into a private work directory, each
 * checked against its manifest (size, SHA-256, then its length once decrypted and decompressed) and put back together
 * into the binlog files they came from; decodes them, from the base's position up to the target time, into the SQL of
 * each of the base's MySQL databases (renamed, for a database suffix); then, after the base backup is restored,
 * replays that SQL.
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

  /**
   * Decodes the binlog events of each of the base's databases from its binlog position up to {@code target}, each
   * into the database {@code names} gives it (its own name when none), touching no server: all of it before the
   * dump is restored, so that what cannot be replayed is refused with nothing applied. Into a renamed database, a
   * statement that names the original database in its text (which {@code --rewrite-db} cannot move) is refused.
   *
   * @return the decoded SQL of each database, in order
   */
  List<Path> decode(MariaDb db, BackupManifest base, List<Path> files, Instant target, Map<String, String> names) {
    List<Path> decoded = new ArrayList<>();
    for (String database : databases(base)) {
      Optional<String> renamed = Optional.ofNullable(names.get(database)).filter(n -> !n.equals(database));
      Path sql = work.resolve("replay-" + decoded.size() + ".sql");
      db.decode(files, base.consistentPoint().binlogPosition(), target, database, renamed, sql);
      if (renamed.isPresent()) {
        try (BufferedReader reader = Files.newBufferedReader(sql, StandardCharsets.ISO_8859_1)) {
          Optional<String> naming = BinlogStatements.namingDatabase(reader, database);
          if (naming.isPresent()) {
            throw StepException.configuration(
                "cannot replay the binlogs of " + database + " into " + renamed.get() + ": the statement "
                    + naming.get() + " names " + database + " itself, which mariadb-binlog --rewrite-db does not"
                    + " rename (only row events and the default database); restore --to-time under the databases'"
                    + " own names on a server that does not hold them, or without --to-time; nothing was restored");
          }
        } catch (IOException e) {
          throw StepException.failure("cannot read the decoded binlogs " + sql + ": " + e.getMessage(), e);
        }
      }
      decoded.add(sql);
    }
    return decoded;
  }

  /** Replays what {@link #decode} made, database after database, into the server. */
  void replay(MariaDb db, BackupManifest base, List<Path> decoded, Instant target, Map<String, String> names) {
    List<String> databases = databases(base);
    for (int i = 0; i < databases.size(); i++) {
      String database = databases.get(i);
      String into = names.getOrDefault(database, database);
      err.printf("mysql: replaying the binlogs of %s%s from %s:%d up to %s%n", database,
          into.equals(database) ? "" : " into " + into, base.consistentPoint().binlogFile(),
          base.consistentPoint().binlogPosition(), target);
      try (InputStream sql = Files.newInputStream(decoded.get(i))) {
        db.execute(sql, "replay of the binlogs of " + database + " into " + db);
      } catch (IOException e) {
        throw StepException.failure("cannot read the decoded binlogs " + decoded.get(i) + ": " + e.getMessage(), e);
      }
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
