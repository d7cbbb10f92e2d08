package io.lanes.steps.backup.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The manifest of one shipped piece of a MariaDB binary log: bytes {@code [start, end)} of binlog file {@code file},
 * stored gzipped (and age-encrypted when the platform's backups are) under {@link BackupLayout#binlogSegment}. Written
 * after its object: a segment without its manifest does not exist for {@code restore --to-time}. The format is
 * documented in {@code docs/backup-manifest.md}.
 *
 * @param format the format version, {@value #FORMAT}
 * @param platform the platform whose server wrote the binlog
 * @param file the binlog file's name on the server ({@code binlog.000042})
 * @param start the offset of the segment's first byte in the file (0, or the previous segment's {@code end})
 * @param end the offset after its last byte, always on an event boundary
 * @param key the stored object's key, relative to the platform's {@code binlogs/} folder
 * @param size the stored bytes (gzip, or its age file)
 * @param sha256 their SHA-256, hex
 * @param firstEvent the time stamp of its first event (seconds: the binlog's resolution), when it holds one
 * @param lastEvent the time stamp of its last event, when it holds one
 * @param closed whether it ends the file (its last event is a rotate or stop event: the next file follows)
 * @param coveredUntil every transaction the server committed before this instant is in this segment or an earlier one
 * @param encryption how the object is encrypted, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BinlogSegment(
    int format,
    String platform,
    String file,
    long start,
    long end,
    String key,
    long size,
    String sha256,
    Instant firstEvent,
    Instant lastEvent,
    boolean closed,
    Instant coveredUntil,
    BackupManifest.Encryption encryption) {

  /** The segment manifest's format. */
  public static final int FORMAT = 1;


  /** The same segment, covering up to {@code until} (a cycle that found nothing new still moves coverage on). */
  public BinlogSegment coveredUntil(Instant until) {
    return new BinlogSegment(
        format, platform, file, start, end, key, size, sha256, firstEvent, lastEvent, closed, until, encryption);
  }

  /** What the object holds, as a manifest entry its reader checks it against. */
  public BackupManifest.Entry entry() {
    return new BackupManifest.Entry(key, "binlog-segment", size, sha256, end - start, 0);
  }

  /** The manifest as JSON bytes. */
  public byte[] toJson() {
    return BucketJson.write(this);
  }

  /** Reads a segment manifest; {@code where} names it in the error. */
  public static BinlogSegment parse(String where, String json) {
    BinlogSegment segment = BucketJson.read(where, json, BinlogSegment.class);
    if (segment.format() != FORMAT) {
      throw new IllegalArgumentException(
          where + ": binlog segment format " + segment.format() + " is not supported (this build reads " + FORMAT + ")");
    }
    if (segment.file() == null || segment.key() == null || segment.sha256() == null || segment.end() < segment.start()) {
      throw new IllegalArgumentException(where + ": not a binlog segment manifest (file, key, sha256 or range missing)");
    }
    return segment;
  }
}
