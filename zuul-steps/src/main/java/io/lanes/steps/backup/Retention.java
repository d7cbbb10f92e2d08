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
}
