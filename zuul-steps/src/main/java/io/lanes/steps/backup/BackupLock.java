package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * S3 Object Lock of a platform's backups ({@code backup.<name>.lockDays}, {@code lockMode}): every object of one
 * backup is locked until the same date, its start plus {@code lockDays}, so whether a whole backup may be deleted
 * follows from its id alone.
 */
final class BackupLock {
  private BackupLock() {}

  /** The retention the objects of a backup started at {@code started} get; empty when backups are not locked. */
  static Optional<ObjectStore.Retention> retention(Backup backup, Instant started) {
    if (!backup.locked()) {
      return Optional.empty();
    }
    return Optional.of(new ObjectStore.Retention(backup.lockMode(), lockedUntil(backup, started)));
  }

  /** When the objects of a backup started at {@code started} can be deleted. */
  static Instant lockedUntil(Backup backup, Instant started) {
    return started.plus(Duration.ofDays(backup.lockDays()));
  }

  /** Whether the backup {@code id} is still locked at {@code now} (never, when backups are not locked). */
  static boolean stillLocked(Backup backup, String id, Instant now) {
    return backup.locked()
        && BackupLayout.start(id).map(started -> now.isBefore(lockedUntil(backup, started))).orElse(false);
  }
}
