package io.lanes.steps.backup;

import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A platform's newest backup folder as {@code status} shows it: complete (with its manifest's size and encryption),
 * incomplete (no manifest: cut, or still running) or unreadable. Read only.
 *
 * @param id the backup's id
 * @param started when it started (from its id)
 * @param state {@code complete}, {@code incomplete} or {@code unreadable}
 * @param bytes the stored size of a complete backup, else 0
 * @param encryption {@code age}, {@code lanes-aes-256-gcm-stream-1} or {@code none} for a complete backup; empty otherwise
 */
public record LastBackup(String id, Instant started, String state, long bytes, Optional<String> encryption) {

  /** The newest backup folder of {@code platform} in {@code store}, if it has any. */
  public static Optional<LastBackup> newest(ObjectStore store, String platform) {
    return BackupCatalog.list(store, platform).stream().findFirst().map(LastBackup::of);
  }

  private static LastBackup of(BackupCatalog.Listed listed) {
    Instant started = BackupLayout.start(listed.id()).orElseThrow();
    if (listed.manifest().isPresent()) {
      BackupManifest manifest = listed.manifest().get();
      return new LastBackup(
          listed.id(), started, "complete", manifest.totalSize(),
          Optional.of(manifest.encryption() == null ? "none" : manifest.encryption().algorithm()));
    }
    return new LastBackup(
        listed.id(), started, listed.problem().isPresent() ? "unreadable" : "incomplete", 0, Optional.empty());
  }

  /** One line for people: id, age at {@code now}, state, size, encryption. */
  public String line(Instant now) {
    long minutes = Math.max(0, java.time.Duration.between(started, now).toMinutes());
    String age = minutes < 120 ? minutes + " min ago" : minutes / 60 + " h ago";
    return id + " (" + age + "), " + state
        + (state.equals("complete") ? ", " + Progress.bytes(bytes) + encryption.map(e -> ", encryption " + e).orElse("") : "");
  }

  /** The data {@code status --result} reports. */
  public Map<String, Object> toResult(Instant now) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    result.put("started", started.toString());
    result.put("age_seconds", Math.max(0, java.time.Duration.between(started, now).toSeconds()));
    result.put("state", state);
    if (state.equals("complete")) {
      result.put("bytes", bytes);
      result.put("encryption", encryption.orElse("none"));
    }
    return result;
  }
}
