package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
      Optional<Instant> target = PointInTime.target(toTime, id);
      BackupManifest manifest =
          target.isPresent()
              ? BackupCatalog.chooseBefore(store, platform, target.get())
              : BackupCatalog.choose(store, platform, Optional.ofNullable(id));
      Optional<BinlogChain.Plan> binlogs =
          target.map(t -> BinlogChain.plan(platform, manifest, BinlogCatalog.segments(
              store, platform, Optional.of(manifest.consistentPoint().binlogFile())), t));
      Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
      Optional<String> mongodbUri = databases.mongodbUri(context.environment());
      if (!dryRun || mariaDb.isPresent() || mongodbUri.isPresent()) {
        // A dry run with no target at all verifies the backup only (Zuul's lanes-backup-verify): nothing to check.
        RestorePlan.checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
      }
      Map<String, String> names = Restorer.renamed(manifest, suffix);
      Restorer restorer =
          new Restorer(store, manifest, decryption.of(manifest, context.environment(), context.err()), context.err());
      if (binlogs.isPresent() && mariaDb.isEmpty()) {
        throw StepException.configuration("--to-time restores MySQL: give --mysql-host");
      }
      List<String> plan = new java.util.ArrayList<>(RestorePlan.lines(manifest, names, mariaDb, mongodbUri.isPresent()));
      binlogs.ifPresent(b -> plan.add(PointInTime.line(manifest, b, target.get())));
      Instant start = Instant.now();
      if (dryRun) {
        restorer.verify();
        if (binlogs.isPresent()) {
          try (PointInTimeRestorer pit = new PointInTimeRestorer(store, platform, binlogs.get(), context.err())) {
            List<java.nio.file.Path> files = pit.fetch(decryption.identities(context.environment()));
            if (mariaDb.isPresent()) {
              pit.decode(mariaDb.get(), manifest, files, target.get(), names);
            }
          }
        }
        context.out().println("dry run: would restore backup " + manifest.id() + " of platform " + platform + ":");
        plan.forEach(line -> context.out().println("  " + line));
      } else {
        try (MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null)) {
          live.check(manifest, suffix, mariaDb, mongo, context.err());
          restorer.verify();
          try (PointInTimeRestorer pit =
              binlogs.map(b -> new PointInTimeRestorer(store, platform, b, context.err())).orElse(null)) {
            List<java.nio.file.Path> decoded = pit == null ? List.of() : pit.decode(mariaDb.get(), manifest,
                pit.fetch(decryption.identities(context.environment())), target.get(), names);
            mariaDb.ifPresent(db -> restorer.restoreMySql(db, names));
            if (pit != null) {
              pit.replay(mariaDb.get(), manifest, decoded, target.get(), names);
            }
          }
          if (mongo != null) {
            restorer.restoreMongoDb(mongo, names);
          }
        }
        context.err().printf(
            "restored backup %s of platform %s in %.1f s%n",
            manifest.id(), platform, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        context.out().println(manifest.id());
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("platform", platform);
      result.put("id", manifest.id());
      result.put("dry_run", dryRun);
      target.ifPresent(t -> result.put("to_time", t.toString()));
      binlogs.ifPresent(b -> result.put("binlogs_covered_until", b.coveredUntil().toString()));
      result.put("plan", plan);
      result.put("seconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
      ResultFile.write(common.result, Map.of("restore", result), Map.of());
      return ExitCodes.OK;
    }
  }

}
