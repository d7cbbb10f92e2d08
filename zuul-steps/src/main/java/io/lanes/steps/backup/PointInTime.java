package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupManifest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code restore --to-time}'s flag and plan line. Pure. */
final class PointInTime {
  private PointInTime() {}

  /**
   * The target time of {@code --to-time VALUE} (RFC 3339, with an offset), empty without the flag; refused with
   * {@code --backup} (the time chooses the backup).
   */
  static Optional<Instant> target(String value, String backup) {
    if (value == null) {
      return Optional.empty();
    }
    Instant target;
    try {
      target = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw StepException.configuration(
          "--to-time " + value + " is not an RFC 3339 time with an offset (e.g. 2026-12-05T10:15:30Z)");
    }
    if (backup != null) {
      throw StepException.configuration(
          "give --to-time or --backup, not both: --to-time restores the newest backup dumped before it");
    }
    return Optional.of(target);
  }

  /** The plan's line for the binlog replay. */
  static String line(BackupManifest base, BinlogChain.Plan plan, Instant target) {
    return "mysql binlogs " + String.join(", ", plan.files()) + " from " + base.consistentPoint().binlogFile() + ":"
        + base.consistentPoint().binlogPosition() + " replayed up to " + target + " (" + plan.segments().size()
        + " segments, covering until " + plan.coveredUntil() + ")";
  }
}
