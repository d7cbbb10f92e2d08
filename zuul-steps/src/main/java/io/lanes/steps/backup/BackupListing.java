package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupManifest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code restore --list}: the backups of a platform in its bucket, as a table and as result rows. */
final class BackupListing {
  private BackupListing() {}

  /**
   * Prints one line per backup of {@code platform} in the bucket ({@code restore --list}): id, state, size, objects,
   * content; a manifest that is not the backup's own shows as foreign. Returns the same as rows for the result.
   */
  static List<Map<String, Object>> print(List<BackupCatalog.Listed> backups, String platform, PrintWriter out) {
    List<Map<String, Object>> rows = new ArrayList<>();
    out.printf("%-17s %-10s %10s %8s  %s%n", "ID", "STATE", "SIZE", "OBJECTS", "CONTENT");
    for (BackupCatalog.Listed backup : backups) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", backup.id());
      Optional<String> foreign = backup.manifest().flatMap(m -> foreign(m, platform, backup.id()));
      if (foreign.isPresent()) {
        out.printf("%-17s %-10s %10s %8s  %s%n", backup.id(), "foreign", "-", "-", foreign.get());
        row.put("state", "foreign");
        row.put("problem", foreign.get());
      } else if (backup.manifest().isPresent()) {
        BackupManifest m = backup.manifest().get();
        String content =
            (m.mysqlTables() == null ? 0 : m.mysqlTables().size()) + " tables, "
                + (m.mongodbCollections() == null ? 0 : m.mongodbCollections().size()) + " collections"
                + (m.encryption() == null ? "" : ", encrypted (" + encryptedWith(m.encryption()) + ")");
        out.printf(
            "%-17s %-10s %10s %8d  %s%n", m.id(), "complete", Progress.bytes(m.totalSize()), m.objects().size(), content);
        row.put("state", "complete");
        row.put("bytes", m.totalSize());
        row.put("objects", m.objects().size());
        row.put("finished", m.finished().toString());
        if (m.encryption() != null) {
          Map<String, Object> encryption = new LinkedHashMap<>();
          encryption.put("algorithm", m.encryption().algorithm());
          if (m.encryption().keyId() != null) {
            encryption.put("key_id", m.encryption().keyId());
          }
          if (m.encryption().recipients() != null) {
            encryption.put("recipients", m.encryption().recipients());
          }
          row.put("encryption", encryption);
        }
      } else {
        String state = backup.problem().isPresent() ? "unreadable" : "incomplete";
        out.printf("%-17s %-10s %10s %8s  %s%n", backup.id(), state, "-", "-", backup.problem().orElse("no manifest"));
        row.put("state", state);
      }
      rows.add(row);
    }
    return rows;
  }

  /** Why the manifest in {@code <platform>/<id>/} is not this backup's, if it is not. */
  private static Optional<String> foreign(BackupManifest manifest, String platform, String id) {
    try {
      RestoreGuard.checkLocation(manifest, platform, id);
      return Optional.empty();
    } catch (StepException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** What opens an encrypted backup, for --list: its age recipients, or the older format's key id. */
  private static String encryptedWith(BackupManifest.Encryption encryption) {
    if (encryption.recipients() != null) {
      return encryption.algorithm() + " to " + String.join(", ", encryption.recipients());
    }
    return encryption.algorithm() + ", key id " + encryption.keyId();
  }
}
