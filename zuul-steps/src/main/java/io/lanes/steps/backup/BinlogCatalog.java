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
   * Every segment of {@code platform} with a manifest, from binlog file {@code from} on (every one when empty); a
   * manifest that does not parse, or that names another platform or place, fails naming it.
   */
  static List<BinlogSegment> segments(ObjectStore store, String platform, Optional<String> from) {
    String prefix = BackupLayout.binlogPrefix(platform);
    List<BinlogSegment> segments = new ArrayList<>();
    for (ObjectStore.StoredObject object : store.objects(prefix)) {
      String relative = object.key().substring(prefix.length());
      if (!relative.endsWith(".json")) {
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
