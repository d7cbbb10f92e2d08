package io.lanes.steps.backup;

import io.lanes.steps.AtomicFile;
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

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description = "Write the RPO/RTO trend of the last 30 drills here, as SVG (default: <report>-trend.svg next to"
          + " --report; none without either).")
  Path chart;

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
              mongodbUri, names, live, suffix, keepScratch, Duration.ofHours(resolved.backup().rpoHours()),
              binlogCheck(resolved));
      List<Map<String, Object>> history = driller.recordHistory(store, platform, drill);
      Optional<Path> trend = chartFile();
      trend.ifPresent(file -> writeChart(file, platform, history));
      String markdown = drill.toMarkdown()
          + trend.map(file -> "\n![RPO and RTO of the last " + DrillTrendChart.DRILLS + " drills](" + file.getFileName()
              + ")\n").orElse("");
      writeReport(drill, markdown, trend);
      context.out().print(markdown);
      if (!drill.passed()) {
        throw StepException.failure("drill failed for platform " + platform + ": "
            + String.join("; ", drill.failures(resolved.backup().name(), resolved.backup().rpoHours())), null);
      }
      return ExitCodes.OK;
    }
  }

  /** The binlog check, when the platform's map has it ship its binlog ({@code backup.<name>.binlogSeconds}). */
  private Optional<Driller.BinlogCheck> binlogCheck(BackupTarget.Resolved resolved) {
    if (!resolved.backup().shipsBinlogs()) {
      return Optional.empty();
    }
    return Optional.of(new Driller.BinlogCheck(
        DrillBinlogs.limit(resolved.backup().binlogSeconds()), "backup." + resolved.backup().name() + ".binlogSeconds",
        decryption.identities(context.environment())));
  }

  /** {@code --chart}, or {@code <report>-trend.svg} beside {@code --report}. */
  private Optional<Path> chartFile() {
    if (chart != null) {
      return Optional.of(chart);
    }
    if (report == null) {
      return Optional.empty();
    }
    String name = report.getFileName().toString();
    String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    return Optional.of(report.resolveSibling(base + "-trend.svg"));
  }

  private void writeChart(Path file, String platform, List<Map<String, Object>> history) {
    try {
      String svg = DrillTrendChart.svg(platform, history);
      AtomicFile.replace(file, false, partial -> Files.writeString(partial, svg));
      context.err().printf("drill: trend of the last %d drills in %s%n", DrillTrendChart.shown(history).size(), file);
    } catch (IOException e) {
      throw StepException.configuration("cannot write the chart " + file + ": " + e.getMessage(), e);
    }
  }

  private void writeReport(DrillReport drill, String markdown, Optional<Path> trend) {
    Map<String, Object> result = new java.util.LinkedHashMap<>(drill.toResult());
    trend.ifPresent(file -> result.put("chart", file.toString()));
    ResultFile.write(common.result, Map.of("drill", result), Map.of());
    if (report != null) {
      try {
        AtomicFile.replace(report, false, partial -> Files.writeString(partial, markdown));
      } catch (IOException e) {
        throw StepException.configuration("cannot write the report " + report + ": " + e.getMessage(), e);
      }
    }
  }
}
