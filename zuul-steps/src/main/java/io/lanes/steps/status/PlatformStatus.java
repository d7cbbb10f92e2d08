package io.lanes.steps.status;

import io.lanes.core.config.FreezeInterval;
import io.lanes.core.config.Platform;
import io.lanes.steps.backup.DrillHistory;
import io.lanes.steps.backup.LastBackup;
import io.lanes.steps.kube.ReleaseRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code status} found for one platform: its releases, its deploy lock, its freeze; or why its namespace could
 * not be read. Pure: the table and the {@code --result} data are made here from plain values.
 *
 * @param platform the platform, as in the map
 * @param releases the recorded releases, newest first (the first is the current one); empty when none or unreadable
 * @param lock the deploy Lease's holder, when one holds it
 * @param frozen the freeze that covers now, if any
 * @param nextFreeze the next freeze that starts later, if any
 * @param error why the namespace could not be read (then releases and lock are unknown)
 * @param backup what is known of the platform's newest backup, when the bucket was read or not
 */
public record PlatformStatus(
    Platform platform,
    List<ReleaseRecord> releases,
    Optional<Lock> lock,
    Optional<FreezeInterval> frozen,
    Optional<FreezeInterval> nextFreeze,
    Optional<String> error,
    Optional<BackupState> backup) {

  /** What {@code status} prints for the drill when the bucket holds no drill history or was not read. */
  public static final String NO_DRILL_HISTORY = "no drill history yet";

  public PlatformStatus {
    releases = List.copyOf(releases);
  }

  /**
   * The deploy lock's state.
   *
   * @param holder the Lease's holder identity
   * @param since when the holder took it ({@code acquireTime}), if recorded
   * @param renewed when it was last renewed, if recorded
   * @param expires when the claim runs out unless renewed, if a renew time and duration are recorded
   * @param expired whether that time has passed (the holder stopped renewing; the next deploy takes it over)
   */
  public record Lock(
      String holder, Optional<Instant> since, Optional<Instant> renewed, Optional<Instant> expires, boolean expired) {}

  /**
   * What {@code status} shows of a platform's backups: one line for people and the data under {@code last_backup}.
   *
   * @param line the text after {@code backup:}
   * @param result the newest backup's data ({@code null} when there is none or it was not read)
   * @param problem why it was not read, when it was not
   * @param lastDrill the last drill recorded in the bucket's drill history, if any
   * @param takeover the platform's takeover record, when the bucket was read
   */
  public record BackupState(
      String line, Map<String, Object> result, Optional<String> problem, Optional<Map<String, Object>> lastDrill,
      Optional<TakeoverState> takeover) {
    /** The bucket was not read: no S3 credentials were given. */
    static BackupState notRead() {
      return new BackupState(
          "not read (give --s3-access-key-env and --s3-secret-key-env to read the bucket)", null,
          Optional.of("not read: no S3 credentials given"), Optional.empty(), Optional.empty());
    }

    /** The platform has no backup section in the map. */
    static BackupState notConfigured() {
      return new BackupState(
          "none configured (the platform names no backup in the map)", null, Optional.empty(), Optional.empty(),
          Optional.empty());
    }

    /**
     * The newest backup, or none in {@code where}, and the last drill recorded. The newest backup is verified when
     * the last drill restored it and passed; the line and the result ({@code verified}) say so either way.
     */
    static BackupState of(
        Optional<LastBackup> newest, String where, Instant now, Optional<Map<String, Object>> lastDrill) {
      return newest
          .map(b -> {
            boolean verified = lastDrill.filter(d -> Boolean.TRUE.equals(d.get("passed")))
                .filter(d -> b.id().equals(d.get("backup"))).isPresent();
            String line = b.line(now) + (verified
                ? ", verified by the drill at " + lastDrill.get().get("time")
                : ", not verified by a drill" + lastDrill.map(d -> " (the last drill restored " + d.get("backup")
                    + (Boolean.TRUE.equals(d.get("passed")) ? ")" : " and FAILED)")).orElse(" yet"));
            Map<String, Object> result = new java.util.LinkedHashMap<>(b.toResult(now));
            result.put("verified", verified);
            return new BackupState(line, result, Optional.<String>empty(), lastDrill, Optional.empty());
          })
          .orElseGet(() -> new BackupState("none yet in " + where, null, Optional.empty(), lastDrill, Optional.empty()));
    }

    /** This state with what the bucket holds of the platform's takeover. */
    BackupState withTakeover(TakeoverState state) {
      return new BackupState(line, result, problem, lastDrill, Optional.of(state));
    }

    /** The bucket could not be read. */
    static BackupState failed(String reason) {
      return new BackupState("cannot read: " + reason, null, Optional.of(reason), Optional.empty(), Optional.empty());
    }
  }

  /** This status with what is known of the platform's backups. */
  PlatformStatus withBackup(BackupState state) {
    return new PlatformStatus(platform, releases, lock, frozen, nextFreeze, error, Optional.of(state));
  }

  /** The freeze covering {@code now} and the next one after it, from the platform's map entry. */
  static PlatformStatus read(
      Platform platform, Instant now, List<ReleaseRecord> releasesNewestFirst, Optional<Lock> lock) {
    return new PlatformStatus(
        platform, releasesNewestFirst, lock, platform.freezeAt(now), next(platform, now), Optional.empty(),
        Optional.empty());
  }

  /** A platform whose namespace could not be read. */
  static PlatformStatus unreadable(Platform platform, Instant now, String error) {
    return new PlatformStatus(
        platform, List.of(), Optional.empty(), platform.freezeAt(now), next(platform, now), Optional.of(error),
        Optional.empty());
  }

  private static Optional<FreezeInterval> next(Platform platform, Instant now) {
    return platform.freezes().stream()
        .filter(f -> f.start().isAfter(now))
        .min((a, b) -> a.start().compareTo(b.start()));
  }

  /** The platform's entry under {@code lanes.status.platforms} in the result. */
  public Map<String, Object> toResult() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform.name());
    result.put("namespace", platform.namespace());
    result.put("cluster", platform.cluster());
    result.put("frozen", frozen.isPresent());
    frozen.ifPresent(f -> result.put("freeze", f.text()));
    nextFreeze.ifPresent(f -> result.put("next_freeze", f.text()));
    if (error.isPresent()) {
      result.put("error", error.get());
      result.put("last_drill", null);
      return result;
    }
    result.put("current", releases.isEmpty() ? null : releases.get(0).number());
    List<Map<String, Object>> kept = new ArrayList<>();
    for (ReleaseRecord record : releases) {
      Map<String, Object> release = new LinkedHashMap<>();
      release.put("number", record.number());
      release.put("change", record.change().orElse(null));
      release.put("patchset", record.patchset().orElse(null));
      release.put("commit", record.commit());
      release.put("image_tag", record.imageTag());
      release.put("images", record.images());
      release.put("time", record.time().toString());
      release.put("by", record.by());
      kept.add(release);
    }
    result.put("releases", kept);
    result.put("lock", lock.map(PlatformStatus::lockResult).orElse(null));
    result.put("last_drill", backup.flatMap(BackupState::lastDrill).orElse(null));
    backup.ifPresent(b -> {
      result.put("last_backup", b.result());
      b.problem().ifPresent(p -> result.put("backup_error", p));
      b.takeover().ifPresent(t -> result.put("takeover", t.result()));
    });
    return result;
  }

  private static Map<String, Object> lockResult(Lock lock) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("holder", lock.holder());
    result.put("since", lock.since().map(Instant::toString).orElse(null));
    result.put("renewed", lock.renewed().map(Instant::toString).orElse(null));
    result.put("expires", lock.expires().map(Instant::toString).orElse(null));
    result.put("expired", lock.expired());
    return result;
  }

  /** The platform as lines of text for people: a heading, then one line per fact and per release. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    String heading = "platform " + platform.name() + "  namespace " + platform.namespace() + "  cluster " + platform.cluster();
    if (error.isPresent()) {
      lines.add(heading + ": cannot read its namespace: " + error.get());
      return lines;
    }
    lines.add(heading);
    lines.add("  frozen:  " + frozen.map(f -> "yes, until " + f.end() + " (" + f.text() + ")")
        .orElseGet(() -> "no" + nextFreeze.map(f -> " (next freeze " + f.text() + ")").orElse("")));
    lines.add("  lock:    " + lock.map(PlatformStatus::lockLine).orElse("free"));
    lines.add("  drill:   " + backup.flatMap(BackupState::lastDrill).map(DrillHistory::line).orElse(NO_DRILL_HISTORY));
    backup.ifPresent(b -> lines.add("  backup:  " + b.line()));
    backup.flatMap(BackupState::takeover).ifPresent(t -> lines.add("  takeover: " + t.line()));
    if (releases.isEmpty()) {
      lines.add("  releases: none recorded");
      return lines;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RELEASE", "CHANGE", "COMMIT", "TIME", "BY", "IMAGES"});
    for (int i = 0; i < releases.size(); i++) {
      ReleaseRecord r = releases.get(i);
      rows.add(new String[] {
        r.number() + (i == 0 ? " (current)" : ""),
        r.change().map(c -> c + r.patchset().map(p -> "," + p).orElse("")).orElse("-"),
        r.commit().length() > 12 ? r.commit().substring(0, 12) : r.commit(),
        r.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
        r.by(),
        images(r)
      });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < row.length; c++) {
        line.append(c == row.length - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String lockLine(Lock lock) {
    return "held by " + lock.holder()
        + lock.since().map(s -> " since " + s).orElse("")
        + lock.renewed().map(r -> ", renewed " + r).orElse("")
        + lock.expires().map(e -> lock.expired() ? ", expired " + e + " (the next deploy takes it over)" : ", claim runs to " + e)
            .orElse("");
  }

  private static String images(ReleaseRecord record) {
    if (record.images().isEmpty()) {
      return "-";
    }
    List<String> images = new ArrayList<>();
    record.images().forEach((name, digest) ->
        images.add(name + "@" + (digest.length() > 19 ? digest.substring(0, 19) : digest)));
    return String.join(" ", images);
  }
}
