package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
      BackupManifest manifest = BackupCatalog.choose(store, platform, Optional.empty());
      RestorePlan.checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
      Map<String, String> names = Restorer.renamed(manifest, suffix);
      context.err().printf(
          "drill: platform %s, backup %s, into %s%n",
          platform, manifest.id(), suffix.isEmpty() ? "the databases' own names" : "scratch databases *" + suffix);
      Driller driller = new Driller(context.err(), context.clock());
      DrillReport drill =
          driller.drill(store, manifest, decryption.of(manifest, context.environment(), context.err()), mariaDb,
              mongodbUri, names, live, suffix, keepScratch, Duration.ofHours(resolved.backup().rpoHours()));
      writeReport(drill);
      driller.recordHistory(store, platform, drill);
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
}
