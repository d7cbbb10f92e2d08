package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.job.BackupCronJob;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate before a change that migrates data (an upgrade across Open edX releases): the platform's newest complete
 * backup must be younger than a maximum age and pass the verification {@code restore --dry-run} makes (every object
 * read back against its manifest's size and SHA-256, an encrypted one opened with the identity given). Otherwise
 * a policy refusal (exit 3) that says what to run.
 */
public final class BackupGate {
  private BackupGate() {}

  /**
   * A backup that passed the gate.
   *
   * @param id its id
   * @param started when it started
   */
  public record VerifiedBackup(String id, Instant started) {}

  /**
   * Why the newest complete backup does not pass, or empty when it is young enough to be verified. Pure.
   *
   * @param newest the newest complete backup's id and start, if any
   * @param incomplete how many newer or other backups have no manifest
   */
  public static Optional<String> refusal(
      String platform, Optional<Map.Entry<String, Instant>> newest, int incomplete, Instant now, Duration maxAge) {
    if (newest.isEmpty()) {
      return Optional.of("platform " + platform + " has no complete backup"
          + (incomplete > 0 ? " (" + incomplete + " incomplete)" : ""));
    }
    Duration age = Duration.between(newest.get().getValue(), now);
    if (age.compareTo(maxAge) > 0) {
      return Optional.of("the newest complete backup of platform " + platform + ", " + newest.get().getKey() + ", is "
          + hours(age) + " old, more than --backup-max-age " + maxAge.toSeconds() + " s (" + hours(maxAge) + ")");
    }
    return Optional.empty();
  }

  /** What to run for a fresh backup, verified: the command lines the refusal prints. */
  public static List<String> commands(io.lanes.core.config.Platform platform) {
    String cronJob = BackupCronJob.name(platform);
    String namespace = platform.namespace();
    return List.of(
        "kubectl -n " + namespace + " create job --from=cronjob/" + cronJob + " " + cronJob + "-pre-upgrade",
        "zuul-steps restore --config lanes.config --platform " + platform.name() + " --dry-run");
  }

  /**
   * The newest complete backup of the platform {@code options} name, verified, when it is younger than
   * {@code maxAge}.
   *
   * @throws StepException exit 3 (policy) with the commands to run when there is none or it is too old; exit 1 or 2
   *     when it fails verification or the store cannot be read
   */
  public static VerifiedBackup verifiedBackup(
      BackupOptions options, DecryptionOptions decryption, Duration maxAge, Instant now, Map<String, String> environment,
      PrintWriter err) {
    BackupTarget.Resolved resolved = options.resolve();
    String platform = resolved.platform().name();
    try (ObjectStore store = options.open(resolved.backup(), platform, environment)) {
      List<BackupCatalog.Listed> all = BackupCatalog.list(store, platform);
      Optional<BackupCatalog.Listed> newest = all.stream().filter(BackupCatalog.Listed::complete).findFirst();
      Optional<String> refusal = refusal(platform,
          newest.map(l -> Map.entry(l.id(), BackupLayout.start(l.id()).orElseThrow())),
          (int) all.stream().filter(l -> !l.complete()).count(), now, maxAge);
      if (refusal.isPresent()) {
        throw StepException.policy(refusal.get() + "; take a backup and verify it first:\n  "
            + String.join("\n  ", commands(resolved.platform())));
      }
      BackupManifest manifest = newest.get().manifest().orElseThrow();
      RestoreGuard.checkLocation(manifest, platform, newest.get().id());
      new Restorer(store, manifest, decryption.of(manifest, environment, err), err).verify();
      err.printf("backup %s of platform %s verified (every object against its manifest)%n", manifest.id(), platform);
      return new VerifiedBackup(manifest.id(), BackupLayout.start(manifest.id()).orElseThrow());
    }
  }

  private static String hours(Duration duration) {
    long minutes = duration.toMinutes();
    return minutes < 120 ? minutes + " min" : minutes / 60 + " h";
  }
}
