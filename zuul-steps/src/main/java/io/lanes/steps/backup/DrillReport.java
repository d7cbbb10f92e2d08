package io.lanes.steps.backup;

import io.lanes.steps.backup.format.BackupManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of one DR drill, decided purely from the manifest, what the restore produced, and the times: counts
 * per table and collection must match the manifest, and the backup's age (RPO) must be within the limit.
 *
 * @param platform the platform
 * @param backup the backup's id
 * @param consistentAt the point the backup is consistent to
 * @param drillAt when the drill finished
 * @param rpo the backup's age when the drill ran
 * @param rpoLimit the platform's limit
 * @param rto how long verifying and restoring took
 * @param mismatches one line per count that differs
 * @param checked how many tables and collections were compared
 * @param binlogs the verdict on the shipped binlogs, {@code null} when the platform ships none
 */
public record DrillReport(
    String platform,
    String backup,
    Instant consistentAt,
    Instant drillAt,
    Duration rpo,
    Duration rpoLimit,
    Duration rto,
    List<String> mismatches,
    int checked,
    DrillBinlogs binlogs) {

  /** Compares what was counted after the restore with what the manifest says. */
  public static DrillReport of(
      BackupManifest manifest,
      Map<String, Long> tables,
      Map<String, Long> collections,
      Instant restoreStarted,
      Instant drillAt,
      Duration rpoLimit) {
    List<String> mismatches = new ArrayList<>();
    int checked = compare("table", manifest.mysqlTables(), tables, mismatches);
    checked += compare("collection", manifest.mongodbCollections(), collections, mismatches);
    Instant consistentAt = consistentAt(manifest);
    return new DrillReport(
        manifest.platform(),
        manifest.id(),
        consistentAt,
        drillAt,
        Duration.between(consistentAt, drillAt),
        rpoLimit,
        Duration.between(restoreStarted, drillAt),
        mismatches,
        checked,
        null);
  }

  /** The same verdict, with the shipped binlogs' verdict. */
  public DrillReport withBinlogs(DrillBinlogs verdict) {
    return new DrillReport(platform, backup, consistentAt, drillAt, rpo, rpoLimit, rto, mismatches, checked, verdict);
  }

  /** Whether the shipped binlogs pass (also when the platform ships none). */
  public boolean binlogsPassed() {
    return binlogs == null || binlogs.passed();
  }

  /** The oldest point the backup's data is consistent to. */
  static Instant consistentAt(BackupManifest manifest) {
    BackupManifest.ConsistentPoint point = manifest.consistentPoint();
    Instant at = manifest.started();
    if (point != null) {
      at = point.mysql() != null ? point.mysql() : at;
      if (point.mongodb() != null && point.mongodb().isBefore(at)) {
        at = point.mongodb();
      }
    }
    return at;
  }

  private static int compare(String what, Map<String, Long> expected, Map<String, Long> actual, List<String> out) {
    if (expected == null) {
      return 0;
    }
    expected.forEach(
        (name, count) -> {
          Long found = actual.get(name);
          if (!Objects.equals(found, count)) {
            out.add(what + " " + name + ": " + (found == null ? "missing" : found) + " after restore, " + count + " in the manifest");
          }
        });
    return expected.size();
  }

  /** Whether the counts match. */
  public boolean verified() {
    return mismatches.isEmpty();
  }

  /** Whether the backup is young enough. */
  public boolean withinRpo() {
    return rpo.compareTo(rpoLimit) <= 0;
  }

  /** Whether the drill passed. */
  /**
   * Why the drill failed, one reason each: the counts that differ, an RPO over its limit (naming the map key
   * {@code backup.<backupName>.rpoHours}), the binlog check's problem; none when it passed.
   */
  public List<String> failures(String backupName, long rpoHours) {
    List<String> reasons = new ArrayList<>(mismatches);
    if (!withinRpo()) {
      reasons.add("RPO exceeded: backup " + backup + " is " + rpo.toHours() + " h old, the limit is " + rpoHours
          + " h (backup." + backupName + ".rpoHours)");
    }
    if (!binlogsPassed()) {
      reasons.add(binlogs().problem().orElseThrow());
    }
    return reasons;
  }

  public boolean passed() {
    return verified() && withinRpo() && binlogsPassed();
  }

  /** The report for {@code --result}. */
  public Map<String, Object> toResult() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform);
    result.put("backup", backup);
    result.put("passed", passed());
    result.put("verified", verified());
    result.put("checked", checked);
    result.put("mismatches", mismatches);
    result.put("consistent_at", consistentAt.toString());
    result.put("rpo_seconds", rpo.toSeconds());
    result.put("rpo_limit_seconds", rpoLimit.toSeconds());
    result.put("within_rpo", withinRpo());
    result.put("rto_seconds", rto.toMillis() / 1000.0);
    if (binlogs != null) {
      result.put("binlogs", binlogs.toResult());
    }
    return result;
  }

  /** The Markdown summary. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# DR drill: platform ").append(platform).append(" — ").append(passed() ? "PASSED" : "FAILED").append("\n\n");
    md.append("| | |\n| --- | --- |\n");
    md.append("| backup | `").append(backup).append("` |\n");
    md.append("| consistent at | ").append(consistentAt).append(" |\n");
    md.append("| drill at | ").append(drillAt).append(" |\n");
    md.append("| RPO (backup age) | ").append(human(rpo)).append(" (limit ").append(human(rpoLimit)).append(withinRpo() ? ", ok" : ", EXCEEDED").append(") |\n");
    md.append("| RTO (verify + restore) | ").append(String.format(Locale.ROOT, "%.1f s", rto.toMillis() / 1000.0)).append(" |\n");
    if (binlogs != null) {
      md.append("| RPO with binlogs (point in time) | ").append(human(binlogs.rpo())).append(" (limit ")
          .append(human(binlogs.limit())).append(binlogs.passed() ? ", ok" : ", FAILED").append("): ")
          .append(binlogs.segments()).append(" segments").append(binlogs.files().isEmpty() ? "" : " of " + String.join(", ", binlogs.files()))
          .append(binlogs.coveredUntil().map(c -> ", covering until " + c).orElse("")).append(" |\n");
    }
    md.append("| counts compared | ").append(checked).append(" tables and collections, ").append(mismatches.size()).append(" mismatched |\n");
    if (binlogs != null && binlogs.problem().isPresent()) {
      md.append("\n## Binlogs\n\n- ").append(binlogs.problem().get()).append('\n');
    }
    if (!mismatches.isEmpty()) {
      md.append("\n## Mismatches\n\n");
      mismatches.forEach(m -> md.append("- ").append(m).append('\n'));
    }
    return md.toString();
  }

  private static String human(Duration d) {
    long minutes = d.toMinutes();
    return minutes >= 120 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min " + d.toSecondsPart() + " s";
  }
}
