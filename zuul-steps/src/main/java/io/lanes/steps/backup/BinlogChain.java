package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.BinlogEvents;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BinlogSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stored binlog segments a point-in-time restore replays: from the base backup's binlog position, file after
 * file and byte after byte without a hole, up to the first segment that covers the target time. Pure.
 */
final class BinlogChain {
  private BinlogChain() {}

  /**
   * The segments to fetch and replay.
   *
   * @param segments what they are, in order
   * @param coveredUntil until when they hold every committed transaction (at or after the target)
   */
  record Plan(List<BinlogSegment> segments, Instant coveredUntil) {
    /** The binlog files the segments make up, in order. */
    List<String> files() {
      return segments.stream().map(BinlogSegment::file).distinct().toList();
    }
  }

  /**
   * Plans the replay of {@code segments} (a platform's, in file and offset order) from {@code base}'s binlog position
   * up to {@code target}. A hole before the target fails (exit 1) naming it; a target after what the chain covers is
   * a configuration error (exit 2); either way before anything is restored.
   */
  static Plan plan(String platform, BackupManifest base, List<BinlogSegment> segments, Instant target) {
    BackupManifest.ConsistentPoint point = base.consistentPoint();
    String file = point.binlogFile();
    long expected = 0;
    List<BinlogSegment> chain = new ArrayList<>();
    Instant covered = null;
    String gap = null;
    for (BinlogSegment segment : segments) {
      int byFile = segment.file().compareTo(file);
      if (byFile < 0 || (byFile == 0 && segment.end() <= expected)) {
        continue;
      }
      if (byFile > 0 || segment.start() != expected) {
        gap = "binlog segment missing: " + BackupLayout.binlogFilePrefix(platform, file) + " bytes " + expected
            + (byFile == 0 ? " to " + segment.start() : " to the end of " + file)
            + " (the next stored segment is " + BackupLayout.binlogPrefix(platform) + segment.key() + ")";
        break;
      }
      chain.add(segment);
      expected = segment.end();
      if (segment.coveredUntil() != null && (covered == null || segment.coveredUntil().isAfter(covered))) {
        covered = segment.coveredUntil();
      }
      if (covered != null && !covered.isBefore(target)) {
        return new Plan(List.copyOf(chain), covered);
      }
      if (segment.closed()) {
        file = BinlogEvents.next(file);
        expected = 0;
      }
    }
    if (gap != null) {
      throw StepException.failure(
          gap + "; a restore to " + target + " would skip the transactions in it; nothing was restored", null);
    }
    throw StepException.configuration(
        "--to-time " + target + " is outside what the stored binlogs cover: from backup " + base.id() + "'s dump at "
            + point.mysql() + " (" + point.binlogFile() + ":" + point.binlogPosition() + ") "
            + (chain.isEmpty()
                ? "no segment is stored (is backup binlogs running?)"
                : "until " + (covered == null ? "the first event stored" : covered.toString()))
            + "; nothing was restored");
  }
}
