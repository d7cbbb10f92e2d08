package io.lanes.steps.backup;

import io.lanes.steps.backup.format.BackupManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drill's verdict on a platform's shipped binlogs (when its map sets {@code binlogSeconds}): the segments from the
 * restored backup's binlog position must form a chain without a hole, each one readable against its manifest, up to
 * near the drill's time. The achievable RPO is how long before the drill the chain stops covering: what a takeover
 * with {@code restore --to-time} would lose now. Pure.
 *
 * @param segments how many segments the chain holds
 * @param files the binlog files it spans, in order
 * @param coveredUntil until when the chain holds every committed transaction, when a segment says
 * @param rpo the achievable RPO: from {@code coveredUntil} (or the backup's dump, without one) to the drill
 * @param limit the longest the achievable RPO may be
 * @param problem why the binlogs fail the drill, one line naming the segment or the setting; empty when they pass
 */
public record DrillBinlogs(
    int segments, List<String> files, Optional<Instant> coveredUntil, Duration rpo, Duration limit,
    Optional<String> problem) {

  /**
   * The limit for a shipper that stores every {@code binlogSeconds}: two shipments may be in flight (one missed is
   * tolerated, two are a finding), and never less than a minute.
   */
  public static Duration limit(int binlogSeconds) {
    return Duration.ofSeconds(Math.max(60, 2L * binlogSeconds));
  }

  /** The verdict on {@code reach}, the chain from {@code base}'s binlog position, at {@code now}. */
  static DrillBinlogs of(BinlogChain.Reach reach, BackupManifest base, Instant now, Duration limit, String setting) {
    BackupManifest.ConsistentPoint point = base.consistentPoint();
    Instant from = reach.coveredUntil().orElse(point.mysql() != null ? point.mysql() : base.started());
    Duration rpo = Duration.between(from, now).isNegative() ? Duration.ZERO : Duration.between(from, now);
    List<String> files = reach.segments().stream().map(s -> s.file()).distinct().toList();
    Optional<String> problem = reach.gap();
    if (problem.isEmpty() && reach.segments().isEmpty()) {
      problem = Optional.of("no binlog segment is stored from backup " + base.id() + "'s position "
          + point.binlogFile() + ":" + point.binlogPosition() + " on (is backup binlogs running?)");
    } else if (problem.isEmpty() && rpo.compareTo(limit) > 0) {
      problem = Optional.of("binlog RPO exceeded: the stored binlogs cover until " + from + ", " + rpo.toSeconds()
          + " s before the drill, the limit is " + limit.toSeconds() + " s (twice " + setting
          + "; is backup binlogs running?)");
    }
    return new DrillBinlogs(reach.segments().size(), files, reach.coveredUntil(), rpo, limit, problem);
  }

  /** Binlogs that fail the drill before any chain could be followed (no position in the backup, a bad segment). */
  static DrillBinlogs failed(BackupManifest base, Instant now, Duration limit, String problem) {
    BackupManifest.ConsistentPoint point = base.consistentPoint();
    Instant from = point != null && point.mysql() != null ? point.mysql() : base.started();
    return new DrillBinlogs(0, List.of(), Optional.empty(), Duration.between(from, now), limit, Optional.of(problem));
  }

  /** Whether the binlogs pass. */
  public boolean passed() {
    return problem.isEmpty();
  }

  /** The {@code binlogs} object of the drill's result. */
  Map<String, Object> toResult() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("passed", passed());
    result.put("segments", segments);
    result.put("files", files);
    coveredUntil.ifPresent(c -> result.put("covered_until", c.toString()));
    result.put("rpo_seconds", rpo.toSeconds());
    result.put("rpo_limit_seconds", limit.toSeconds());
    problem.ifPresent(p -> result.put("problem", p));
    return result;
  }
}
