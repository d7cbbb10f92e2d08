package io.lanes.steps.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups to delete, decided purely from their ids. A complete backup goes when it is beyond the newest
 * {@code keep} or older than {@code keepDays}; the newest complete backup always stays. An incomplete backup (no
 * manifest) goes when a newer complete backup exists, since nothing can restore it.
 */
public final class Retention {
  private Retention() {}

  /**
   * One backup as retention sees it.
   *
   * @param id its id (its start time)
   * @param start when it started
   * @param complete whether it has its manifest
   */
  public record Candidate(String id, Instant start, boolean complete) {}

  /** The ids to delete, oldest first. */
  public static List<String> expired(List<Candidate> backups, int keep, int keepDays, Instant now) {
    List<Candidate> newestFirst = new ArrayList<>(backups);
    newestFirst.sort(Comparator.comparing(Candidate::start).reversed());
    Instant oldestKept = now.minus(Duration.ofDays(keepDays));
    List<String> expired = new ArrayList<>();
    int completeSeen = 0;
    for (Candidate backup : newestFirst) {
      if (!backup.complete()) {
        if (completeSeen > 0) {
          expired.add(backup.id());
        }
        continue;
      }
      completeSeen++;
      boolean newest = completeSeen == 1;
      if (!newest && (completeSeen > keep || backup.start().isBefore(oldestKept))) {
        expired.add(backup.id());
      }
    }
    expired.sort(Comparator.naturalOrder());
    return expired;
  }

  /**
   * The stored segments of one binlog file as retention sees them.
   *
   * @param file the binlog file ({@code binlog.000042})
   * @param lockedUntil the retain-until date of its newest stored version (S3 Object Lock), when it has one
   */
  public record BinlogFile(String file, java.util.Optional<Instant> lockedUntil) {}

  /**
   * What retention does with the binlog segments.
   *
   * @param delete the files whose segments go (no kept backup's dump stands in them or before, and unlocked)
   * @param locked the files no longer needed but still locked, with the date they can go
   */
  public record BinlogDecision(List<String> delete, java.util.Map<String, Instant> locked) {}

  /**
   * Which files' segments to delete: those before {@code oldestNeeded}, the oldest file a kept backup's dump stands in
   * (a point-in-time restore starts at a backup's position), once their lock, if any, has expired; nothing without
   * such a backup.
   */
  public static BinlogDecision binlogs(List<BinlogFile> files, java.util.Optional<String> oldestNeeded, Instant now) {
    List<String> delete = new ArrayList<>();
    java.util.Map<String, Instant> locked = new java.util.TreeMap<>();
    if (oldestNeeded.isEmpty()) {
      return new BinlogDecision(delete, locked);
    }
    for (BinlogFile file : files) {
      if (file.file().compareTo(oldestNeeded.get()) >= 0) {
        continue;
      }
      if (file.lockedUntil().isPresent() && now.isBefore(file.lockedUntil().get())) {
        locked.put(file.file(), file.lockedUntil().get());
      } else {
        delete.add(file.file());
      }
    }
    delete.sort(Comparator.naturalOrder());
    return new BinlogDecision(delete, locked);
  }
}
