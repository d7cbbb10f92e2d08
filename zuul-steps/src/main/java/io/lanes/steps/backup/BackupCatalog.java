package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The backups of one platform in its bucket, newest first; a backup without its manifest is incomplete. */
final class BackupCatalog {
  private BackupCatalog() {}

  /**
   * One backup folder.
   *
   * @param id the backup's id
   * @param manifest its manifest, empty when it has none (cut before the end: not restorable)
   * @param problem why the manifest could not be read, when it could not
   */
  record Listed(String id, Optional<BackupManifest> manifest, Optional<String> problem) {
    boolean complete() {
      return manifest.isPresent();
    }
  }

  /** Every backup folder of {@code platform}, newest first. */
  static List<Listed> list(ObjectStore store, String platform) {
    List<Listed> listed = new ArrayList<>();
    String prefix = BackupLayout.platformPrefix(platform);
    for (String folder : store.folders(prefix)) {
      String id = folder.substring(prefix.length(), folder.length() - 1);
      if (BackupLayout.start(id).isEmpty()) {
        continue;
      }
      String key = folder + BackupLayout.MANIFEST;
      String json = store.exists(key) ? store.readText(key) : null;
      if (json == null) {
        listed.add(new Listed(id, Optional.empty(), Optional.empty()));
        continue;
      }
      try {
        listed.add(new Listed(id, Optional.of(BackupManifest.parse(key, json)), Optional.empty()));
      } catch (IllegalArgumentException e) {
        listed.add(new Listed(id, Optional.empty(), Optional.of(e.getMessage())));
      }
    }
    listed.sort(Comparator.comparing(Listed::id).reversed());
    return listed;
  }

  /** The chosen backup ({@code id}, or the newest complete one when {@code id} is empty), refused when incomplete. */
  static BackupManifest choose(ObjectStore store, String platform, Optional<String> id) {
    List<Listed> all = list(store, platform);
    if (id.isEmpty()) {
      // The newest backup with a manifest, checked against where it is stored: a planted manifest is refused loudly
      // rather than skipped for an older backup.
      BackupManifest newest = all.stream()
          .flatMap(l -> l.manifest().stream().map(m -> {
            RestoreGuard.checkLocation(m, platform, l.id());
            return m;
          }))
          .findFirst()
          .orElseThrow(
              () ->
                  StepException.failure(
                      "no complete backup of platform " + platform + " in " + store.where()
                          + (all.isEmpty() ? " (none at all)" : " (" + all.size() + " incomplete)"),
                      null));
      return newest;
    }
    Listed chosen =
        all.stream()
            .filter(l -> l.id().equals(id.get()))
            .findFirst()
            .orElseThrow(
                () ->
                    StepException.configuration(
                        "backup " + id.get() + " of platform " + platform + " does not exist in " + store.where()));
    if (chosen.problem().isPresent()) {
      throw StepException.failure("backup " + chosen.id() + " is not restorable: " + chosen.problem().get(), null);
    }
    BackupManifest manifest = chosen
        .manifest()
        .orElseThrow(
            () ->
                StepException.failure(
                    "backup " + chosen.id() + " is incomplete: "
                        + BackupLayout.backupPrefix(platform, chosen.id()) + BackupLayout.MANIFEST
                        + " is missing (the backup was cut before it finished); not restorable",
                    null));
    RestoreGuard.checkLocation(manifest, platform, chosen.id());
    return manifest;
  }

  /**
   * The base of a restore to {@code target}: the newest complete backup whose MySQL dump was taken at or before it and
   * recorded its binlog position. None: a configuration error (exit 2) naming the oldest one there is.
   */
  static BackupManifest chooseBefore(ObjectStore store, String platform, Instant target) {
    List<Listed> all = list(store, platform);
    for (Listed listed : all) {
      if (listed.manifest().isEmpty()) {
        continue;
      }
      BackupManifest manifest = listed.manifest().get();
      RestoreGuard.checkLocation(manifest, platform, listed.id());
      BackupManifest.ConsistentPoint point = manifest.consistentPoint();
      if (point != null && point.mysql() != null && point.binlogFile() != null && point.binlogPosition() != null
          && !point.mysql().isAfter(target)) {
        return manifest;
      }
    }
    String oldest = all.stream()
        .flatMap(l -> l.manifest().stream())
        .filter(m -> m.consistentPoint() != null && m.consistentPoint().binlogFile() != null)
        .reduce((newer, older) -> older)
        .map(m -> "the oldest backup with a binlog position is " + m.id() + ", dumped at " + m.consistentPoint().mysql())
        .orElse("no backup recorded a binlog position (is the server's log_bin on?)");
    throw StepException.configuration(
        "--to-time " + target + " is outside what the stored binlogs cover: no backup of platform " + platform
            + " was dumped at or before it (" + oldest + "); nothing was restored");
  }
}
