package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.AgeRecipients;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps backup run}: dumps the platform's databases, each streamed through gzip into an S3 multipart
 * upload, then writes the manifest, then applies retention ({@link Backuper}). The backup CronJob's entrypoint.
 */
@Command(
    name = "run",
    resourceBundle = "io.lanes.steps.backup.BackupRunStep",
    description = "Dump the platform's MySQL and MongoDB databases to its S3 bucket, manifest last, then apply retention.")
public final class BackupRunStep implements Callable<Integer> {
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

  @Option(
      names = "--stall-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long an upload to S3 may make no progress before the run fails, the upload aborted and no"
          + " manifest written (default: ${DEFAULT-VALUE}).")
  int stallTimeout;

  @Mixin CommonOptions common;

  BackupRunStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (compressionLevel < 1 || compressionLevel > 9) {
      throw StepException.configuration("--compression-level " + compressionLevel + " is not between 1 and 9");
    }
    if (stallTimeout <= 0) {
      throw StepException.configuration("--stall-timeout " + stallTimeout + ": must be positive");
    }
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
    Optional<String> mongodbUri = databases.mongodbUri(context.environment());
    Optional<AgeRecipients> recipients = encryption.recipients(context.environment());
    if (mariaDb.isEmpty() && mongodbUri.isEmpty()) {
      throw StepException.configuration("nothing to back up: give --mysql-host, --mongodb-uri-env or both");
    }
    try (ObjectStore store =
        backup.open(resolved.backup(), platform, context.environment(), Duration.ofSeconds(stallTimeout))) {
      Backuper.Outcome outcome =
          new Backuper(context.err(), context.clock(), compressionLevel)
              .run(store, resolved, mariaDb, databases.mysqlDatabases, mongodbUri, databases.mongodbDatabases, recipients);
      BackupManifest manifest = outcome.manifest();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("platform", platform);
      result.put("id", outcome.id());
      result.put("bucket", store.bucket());
      result.put("manifest", outcome.manifestKey());
      result.put("objects", manifest.objects().size());
      result.put("bytes", manifest.totalSize());
      result.put("seconds", Duration.between(manifest.started(), manifest.finished()).toMillis() / 1000.0);
      result.put("deleted", outcome.deleted());
      result.put("aborted_uploads", outcome.aborted());
      ResultFile.write(common.result, Map.of("backup", result), Map.of());
      context.out().println(outcome.id());
      return ExitCodes.OK;
    }
  }
}
