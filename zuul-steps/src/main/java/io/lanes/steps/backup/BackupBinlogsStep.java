package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.AgeRecipients;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps backup binlogs}: ships the platform's MariaDB binary log to its bucket every few seconds, for
 * {@code restore --to-time} ({@link BinlogShipper}); runs until stopped, or one cycle with {@code --once}.
 */
@Command(
    name = "binlogs",
    description = "Ship the platform's MySQL binary log to its S3 bucket in segments, every --interval seconds, for"
        + " point-in-time restores (runs until stopped, or once with --once).")
public final class BackupBinlogsStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DatabaseOptions databases;
  @Mixin EncryptionRecipientsOptions encryption;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description = "Seconds between two cycles (default: ${DEFAULT-VALUE}); the RPO is about this plus one upload.")
  int interval;

  @Option(names = "--once", description = "Store what the server has written so far, then stop.")
  boolean once;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the local copy of the binlog grows (default: a new private temporary directory).")
  Path workDir;

  @Mixin CommonOptions common;

  BackupBinlogsStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (interval < 1 || interval > 60) {
      throw StepException.configuration("--interval " + interval + " is not between 1 and 60 seconds");
    }
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    MariaDb db = databases.mariaDb(context.environment())
        .orElseThrow(() -> StepException.configuration("backup binlogs ships MySQL's binary log: give --mysql-host"));
    Optional<AgeRecipients> recipients = encryption.recipients(context.environment());
    if (!db.binlogEnabled()) {
      throw StepException.configuration(
          "MySQL server " + db + " writes no binary log: start it with log_bin, server_id and binlog_format=ROW");
    }
    Path work = workDirectory();
    BinlogShipper.Shipped shipped;
    try (ObjectStore store = backup.open(resolved.backup(), platform, context.environment())) {
      if (resolved.backup().locked() && !store.objectLockEnabled()) {
        throw StepException.configuration(
            "backup." + resolved.backup().name() + ".lockDays asks for locked backups, but bucket " + store.bucket()
                + " has no object lock: create the bucket with object lock enabled (only its creation can)");
      }
      BinlogShipper shipper = new BinlogShipper(store, platform, recipients, context.err());
      String first = shipper.firstFile(db);
      context.err().printf(
          "binlogs: copying %s's binary log from %s, storing it in %s every %d s%s%n",
          db, first, store.where(), interval, recipients.map(r -> ", encrypted (age) to " + r).orElse(""));
      shipped = shipper.run(
          db, work, first, context.clock(), interval, once, now -> BackupLock.retention(resolved.backup(), now));
    } finally {
      delete(work);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform);
    result.put("segments", shipped.segments());
    result.put("bytes", shipped.bytes());
    result.put("covered_until", shipped.coveredUntil() == null ? null : shipped.coveredUntil().toString());
    ResultFile.write(common.result, Map.of("backup_binlogs", result), Map.of());
    context.err().printf(
        "binlogs: %d segments stored (%s), covered until %s%n",
        shipped.segments(), Progress.bytes(shipped.bytes()), shipped.coveredUntil());
    return ExitCodes.OK;
  }

  private Path workDirectory() {
    try {
      if (workDir != null) {
        return Files.createDirectories(workDir);
      }
      return Files.createTempDirectory(
          "lanes-binlogs-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw StepException.configuration("cannot make the work directory " + workDir + ": " + e.getMessage(), e);
    }
  }

  private void delete(Path work) {
    try (var files = Files.list(work)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      if (workDir == null) {
        Files.deleteIfExists(work);
      }
    } catch (IOException e) {
      context.err().println("warning: cannot clean " + work + ": " + e.getMessage());
    }
  }
}
