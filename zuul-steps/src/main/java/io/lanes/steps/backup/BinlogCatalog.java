package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BinlogSegment;
import io.lanes.steps.objectstore.ObjectStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The binlog segments of one platform in its bucket: those with a manifest, in file and offset order. */
final class BinlogCatalog {
  private BinlogCatalog() {}

  /**
   * One line on the shipped binlog, from the shipper's summary: {@code binlogs: stored up to binlog.000042 byte N,
   * covering until T}; empty when nothing was shipped.
   */
  static Optional<String> coverage(ObjectStore store, String platform) {
    // exists lists (a credential scoped to the platform's prefix gets 403, not 404, for a missing key)
    String text = store.exists(BackupLayout.binlogCoverage(platform))
        ? store.readText(BackupLayout.binlogCoverage(platform)) : null;
    if (text == null) {
      return Optional.empty();
    }
    try {
      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      return Optional.of("binlogs: stored up to " + json.path("file").asText() + " byte " + json.path("end").asLong()
          + ", covering until " + json.path("coveredUntil").asText() + " (restore --to-time reaches back to the oldest"
          + " backup with a binlog position)");
    } catch (java.io.IOException e) {
      return Optional.of("binlogs: " + BackupLayout.binlogCoverage(platform) + " is not readable");
    }
  }

  /**
   * Every segment of {@code platform} with a manifest, from binlog file {@code from} on (every one when empty); a
   * manifest that does not parse, or that names another platform or place, fails naming it.
   */
  static List<BinlogSegment> segments(ObjectStore store, String platform, Optional<String> from) {
    String prefix = BackupLayout.binlogPrefix(platform);
    List<BinlogSegment> segments = new ArrayList<>();
    for (ObjectStore.StoredObject object : store.objects(prefix)) {
      String relative = object.key().substring(prefix.length());
      if (!relative.endsWith(".json") || !relative.contains("/")) {
        continue;
      }
      String file = relative.substring(0, relative.indexOf('/'));
      if (from.isPresent() && file.compareTo(from.get()) < 0) {
        continue;
      }
      BinlogSegment segment;
      try {
        segment = BinlogSegment.parse(object.key(), store.readText(object.key()));
      } catch (IllegalArgumentException e) {
        throw StepException.failure(e.getMessage(), e);
      }
      if (!platform.equals(segment.platform())
          || !relative.equals(BackupLayout.binlogSegmentManifest(segment.file(), segment.start()))
          || !segment.key().startsWith(segment.file() + "/")) {
        throw StepException.policy(
            object.key() + " says platform " + segment.platform() + ", " + segment.file() + " at byte "
                + segment.start() + " (object " + segment.key() + "), but it is stored as " + relative
                + " of platform " + platform + "; refusing binlogs planted from elsewhere");
      }
      segments.add(segment);
    }
    segments.sort(Comparator.comparing(BinlogSegment::file).thenComparingLong(BinlogSegment::start));
    return segments;
  }
}
