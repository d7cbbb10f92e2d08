package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.BinlogEvents;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BinlogSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
   * How far the chain from a backup's binlog position reaches, for the drill.
   *
   * @param segments the gap-free chain from the backup's position on, in order (empty when none is stored)
   * @param coveredUntil until when the chain holds every committed transaction; empty when no segment says
   * @param gap the first hole after the chain, one line naming it, when there is one
   */
  record Reach(List<BinlogSegment> segments, Optional<Instant> coveredUntil, Optional<String> gap) {}

  /**
   * Plans the replay of {@code segments} (a platform's, in file and offset order) from {@code base}'s binlog position
   * up to {@code target}. A hole before the target fails (exit 1) naming it; a target after what the chain covers is
   * a configuration error (exit 2); either way before anything is restored.
   */
  static Plan plan(String platform, BackupManifest base, List<BinlogSegment> segments, Instant target) {
    Reach reach = walk(platform, base, segments, Optional.of(target));
    Optional<Instant> covered = reach.coveredUntil();
    if (covered.isPresent() && !covered.get().isBefore(target)) {
      return new Plan(reach.segments(), covered.get());
    }
    if (reach.gap().isPresent()) {
      throw StepException.failure(
          reach.gap().get() + "; a restore to " + target + " would skip the transactions in it; nothing was restored",
          null);
    }
    BackupManifest.ConsistentPoint point = base.consistentPoint();
    throw StepException.configuration(
        "--to-time " + target + " is outside what the stored binlogs cover: from backup " + base.id() + "'s dump at "
            + point.mysql() + " (" + point.binlogFile() + ":" + point.binlogPosition() + ") "
            + (reach.segments().isEmpty()
                ? "no segment is stored (is backup binlogs running?)"
                : "until " + covered.map(Instant::toString).orElse("the first event stored"))
            + "; nothing was restored");
  }

  /**
   * The whole chain of {@code segments} from {@code base}'s binlog position: what a restore to the newest second could
   * replay, and the first hole that stops it (what {@code drill} checks).
   */
  static Reach reach(String platform, BackupManifest base, List<BinlogSegment> segments) {
    return walk(platform, base, segments, Optional.empty());
  }

  private static Reach walk(
      String platform, BackupManifest base, List<BinlogSegment> segments, Optional<Instant> target) {
    String file = base.consistentPoint().binlogFile();
    long expected = 0;
    List<BinlogSegment> chain = new ArrayList<>();
    Instant covered = null;
    for (BinlogSegment segment : segments) {
      int byFile = segment.file().compareTo(file);
      if (byFile < 0 || (byFile == 0 && segment.end() <= expected)) {
        continue;
      }
      if (byFile > 0 || segment.start() != expected) {
        String gap = "binlog segment missing: " + BackupLayout.binlogFilePrefix(platform, file) + " bytes " + expected
            + (byFile == 0 ? " to " + segment.start() : " to the end of " + file)
            + " (the next stored segment is " + BackupLayout.binlogPrefix(platform) + segment.key() + ")";
        return new Reach(List.copyOf(chain), Optional.ofNullable(covered), Optional.of(gap));
      }
      chain.add(segment);
      expected = segment.end();
      if (segment.coveredUntil() != null && (covered == null || segment.coveredUntil().isAfter(covered))) {
        covered = segment.coveredUntil();
      }
      if (target.isPresent() && covered != null && !covered.isBefore(target.get())) {
        break;
      }
      if (segment.closed()) {
        file = BinlogEvents.next(file);
        expected = 0;
      }
    }
    return new Reach(List.copyOf(chain), Optional.ofNullable(covered), Optional.empty());
  }
}
