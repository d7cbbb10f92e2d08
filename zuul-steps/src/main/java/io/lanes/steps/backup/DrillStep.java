package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps drill}: the periodic DR proof. Restores the newest complete backup into scratch databases,
 * compares row and document counts with the manifest, measures RPO and RTO, writes a report, and fails when the
 * counts differ or the backup is older than the platform's {@code rpoHours}.
 */
@Command(
    name = "drill",
    resourceBundle = "io.lanes.steps.backup.DrillStep",
    description = "Restore the newest backup into scratch databases, check their counts and report RPO and RTO.")
public final class DrillStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DecryptionOptions decryption;
  @Mixin DatabaseOptions databases;

  @Option(
      names = "--database-suffix",
      paramLabel = "SUFFIX",
      defaultValue = "_drill",
      description = "Restore each database as <name><SUFFIX> (default: ${DEFAULT-VALUE}); '' restores under the own"
          + " names, for a DR cluster's empty namespace.")
  String suffix;

  @Mixin LiveOptions live;

  @Option(names = "--keep-scratch", description = "Keep the scratch databases after the drill (default: drop them).")
  boolean keepScratch;

  @Option(names = "--report", paramLabel = "FILE", description = "Write the Markdown summary here.")
  Path report;

  @Mixin CommonOptions common;

  DrillStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
    Optional<String> mongodbUri = databases.mongodbUri(context.environment());
    try (ObjectStore store = backup.open(resolved.backup(), resolved.platform().name(), context.environment())) {
      Manifest manifest = BackupCatalog.choose(store, platform, Optional.empty());
      RestoreStep.checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
      Map<String, String> names = Restorer.renamed(manifest, suffix);
      context.err().printf(
          "drill: platform %s, backup %s, into %s%n",
          platform, manifest.id(), suffix.isEmpty() ? "the databases' own names" : "scratch databases *" + suffix);
      Instant start = context.clock().instant();
      Restorer restorer = new Restorer(store, manifest, decryption.of(manifest, context.environment(), context.err()), context.err());
      Map<String, Long> tables = new LinkedHashMap<>();
      Map<String, Long> collections = new LinkedHashMap<>();
      MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null);
      try {
        live.check(manifest, suffix, mariaDb, mongo, context.err());
      } catch (RuntimeException e) {
        if (mongo != null) {
          mongo.close();
        }
        throw e;
      }
      try {
        restorer.verify();
        if (mariaDb.isPresent()) {
          restorer.restoreMySql(mariaDb.get(), names);
          if (manifest.mysqlTables() != null) {
            tables = mariaDb.get().countRows(new ArrayList<>(manifest.mysqlTables().keySet()), names);
          }
        }
        if (mongo != null) {
          restorer.restoreMongoDb(mongo, names);
          if (manifest.mongodbCollections() != null) {
            collections = mongo.countDocuments(new ArrayList<>(manifest.mongodbCollections().keySet()), names);
          }
        }
        Instant end = context.clock().instant();
        DrillReport drill =
            DrillReport.of(
                manifest, tables, collections, start, end, Duration.ofHours(resolved.backup().rpoHours()));
        writeReport(drill);
        recordHistory(store, platform, drill);
        context.out().print(drill.toMarkdown());
        if (!drill.passed()) {
          List<String> reasons = new ArrayList<>(drill.mismatches());
          if (!drill.withinRpo()) {
            reasons.add(
                "RPO exceeded: backup " + manifest.id() + " is " + drill.rpo().toHours() + " h old, the limit is "
                    + resolved.backup().rpoHours() + " h (backup." + resolved.backup().name() + ".rpoHours)");
          }
          throw StepException.failure("drill failed for platform " + platform + ": " + String.join("; ", reasons), null);
        }
        return ExitCodes.OK;
      } finally {
        if (!keepScratch && !suffix.isEmpty()) {
          dropScratch(mariaDb, mongo, names);
        }
        if (mongo != null) {
          mongo.close();
        }
      }
    }
  }

  /** Appends the drill to the platform's history in the bucket; a failure to do so is a warning, not the drill's. */
  private void recordHistory(ObjectStore store, String platform, DrillReport drill) {
    try {
      int drills = DrillHistory.append(store, platform, drill);
      context.err().printf("drill: recorded in %s (%d drills)%n", DrillHistory.key(platform), drills);
    } catch (StepException e) {
      context.err().println("warning: drill history not recorded: " + e.getMessage());
    }
  }

  private void writeReport(DrillReport drill) {
    ResultFile.write(common.result, Map.of("drill", drill.toResult()), Map.of());
    if (report != null) {
      try {
        Files.writeString(report, drill.toMarkdown());
      } catch (IOException e) {
        throw StepException.configuration("cannot write the report " + report + ": " + e.getMessage(), e);
      }
    }
  }

  private void dropScratch(Optional<MariaDb> mariaDb, MongoDatabases mongo, Map<String, String> names) {
    try {
      if (mariaDb.isPresent() && !names.isEmpty()) {
        StringBuilder sql = new StringBuilder();
        names.values().forEach(n -> sql.append("DROP DATABASE IF EXISTS ").append(MariaDb.quote(n)).append(";\n"));
        mariaDb.get().query(sql.toString());
      }
      if (mongo != null) {
        names.values().forEach(mongo::drop);
      }
      context.err().println("drill: dropped the scratch databases " + String.join(", ", names.values()));
    } catch (StepException e) {
      context.err().println("warning: could not drop the scratch databases: " + e.getMessage());
    }
  }
}
