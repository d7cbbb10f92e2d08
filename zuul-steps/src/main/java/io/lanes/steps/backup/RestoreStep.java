package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.objectstore.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps restore}: lists a platform's backups, or restores one (the newest complete one by default) into
 * the given databases after checking every object against its manifest.
 */
@Command(
    name = "restore",
    resourceBundle = "io.lanes.steps.backup.RestoreStep",
    description = "List a platform's backups, or restore one into databases after verifying every checksum.")
public final class RestoreStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DecryptionOptions decryption;
  @Mixin DatabaseOptions databases;

  @Option(names = "--list", description = "List the backups, newest first, and restore nothing.")
  boolean list;

  @Option(names = "--backup", paramLabel = "ID", description = "The backup to restore (default: the newest complete one).")
  String id;

  @Option(
      names = "--to-time",
      paramLabel = "RFC3339",
      description = "Restore MySQL as it was at this time (2026-12-05T10:15:30Z): the newest backup dumped before it,"
          + " then the shipped binlogs replayed up to it (to the second). MongoDB comes back as the backup has it.")
  String toTime;

  @Option(names = "--dry-run", description = "Verify the backup and show what would be restored, touching no database.")
  boolean dryRun;

  @Option(
      names = "--database-suffix",
      paramLabel = "SUFFIX",
      defaultValue = "",
      description = "Restore each database as <name><SUFFIX> (default: under its own name, only into a server that"
          + " does not hold it yet, unless --into-live --confirm).")
  String suffix;

  @Mixin LiveOptions live;

  @Mixin CommonOptions common;

  RestoreStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    try (ObjectStore store = backup.open(resolved.backup(), resolved.platform().name(), context.environment())) {
      if (list) {
        List<Map<String, Object>> rows = BackupListing.print(BackupCatalog.list(store, platform), platform, context.out());
        BinlogCatalog.coverage(store, platform).ifPresent(context.out()::println);
        ResultFile.write(common.result, Map.of("backups", rows), Map.of());
        return ExitCodes.OK;
      }
      Map<String, Object> result =
          new RestoreRun(store, platform, decryption, databases.mariaDb(context.environment()),
                  databases.mongodbUri(context.environment()), live, context)
              .run(new RestoreRun.Request(Optional.ofNullable(id), toTime, suffix, dryRun));
      ResultFile.write(common.result, Map.of("restore", result), Map.of());
      return ExitCodes.OK;
    }
  }
}
