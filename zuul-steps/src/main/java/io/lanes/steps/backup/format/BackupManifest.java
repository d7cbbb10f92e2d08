package io.lanes.steps.backup.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backup's manifest, {@code manifest.json}, written after every object it lists. A backup without one does not
 * exist for {@code restore}. The format is documented in {@code docs/backup-manifest.md}.
 *
 * @param format the format version, {@value #FORMAT}
 * @param platform the platform whose databases were dumped
 * @param id the backup's id (its start time, see {@link BackupLayout})
 * @param started when the backup started
 * @param finished when the last object was stored
 * @param consistentPoint the point in time the data is consistent to
 * @param tools the versions of the tools that made it
 * @param objects every object of the backup, relative to the backup's folder
 * @param mysqlTables rows per MySQL table, {@code database.table}, as dumped
 * @param mongodbCollections documents per MongoDB collection, {@code database.collection}, as dumped
 * @param encryption how the objects are encrypted, or {@code null} when they are not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(
    int format,
    String platform,
    String id,
    Instant started,
    Instant finished,
    ConsistentPoint consistentPoint,
    Map<String, String> tools,
    List<Entry> objects,
    Map<String, Long> mysqlTables,
    Map<String, Long> mongodbCollections,
    Encryption encryption) {

  /** The manifest format of an unencrypted backup; this build reads it and {@link #FORMAT_ENCRYPTED}. */
  public static final int FORMAT = 1;

  /**
   * The manifest format of an encrypted backup: a build that knows only {@link #FORMAT} refuses it rather than
   * restoring ciphertext.
   */
  public static final int FORMAT_ENCRYPTED = 2;

  /** The format a manifest with (or without) {@code encryption} is written in. */
  public static int formatFor(Encryption encryption) {
    return encryption == null ? FORMAT : FORMAT_ENCRYPTED;
  }

  /**
   * Client-side encryption of a backup's objects: the algorithm and what tells which key opens them, never a key that
   * decrypts.
   *
   * @param algorithm {@code age} (age-encryption.org/v1 files, X25519 recipients; written since 2026-12) or the
   *     older {@code lanes-aes-256-gcm-stream-1} (still read)
   * @param keyId for {@code lanes-aes-256-gcm-stream-1}: the key's fingerprint (16 hex digits), to tell a wrong key
   *     before reading data; {@code null} for age
   * @param recipients for {@code age}: the public keys ({@code age1...}) the objects are encrypted to; {@code null}
   *     otherwise
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Encryption(String algorithm, String keyId, List<String> recipients) {}


  /**
   * Where the data is consistent: the time the snapshot was taken and, when the server writes a binary log, its
   * position.
   *
   * @param mysql when the MySQL snapshot was taken (the dump's transaction start)
   * @param binlogFile the binary log file at the snapshot, or {@code null} when the binary log is off
   * @param binlogPosition the position in {@code binlogFile}
   * @param gtid the GTID position at the snapshot (MariaDB's {@code gtid_binlog_pos} form)
   * @param mongodb when the MongoDB dump started (collections are read one after another, no snapshot)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConsistentPoint(
      Instant mysql, String binlogFile, Long binlogPosition, String gtid, Instant mongodb) {}

  /**
   * One stored object.
   *
   * @param key the key relative to the backup's folder (encrypted objects end with {@code .enc})
   * @param kind {@code mysql-dump}, {@code mongodb-collection} or {@code mongodb-metadata}
   * @param size the stored (compressed) size in bytes
   * @param sha256 the SHA-256 of the stored bytes, hex
   * @param uncompressedSize the size before compression
   * @param durationMillis how long dumping and storing it took
   */
  public record Entry(String key, String kind, long size, String sha256, long uncompressedSize, long durationMillis) {}

  /** The manifest as JSON bytes. */
  public byte[] toJson() {
    return BucketJson.write(this);
  }

  /** Reads a manifest; {@code where} names it in the error. */
  public static BackupManifest parse(String where, String json) {
    BackupManifest manifest = BucketJson.read(where, json, BackupManifest.class);
    if (manifest.format() != FORMAT && manifest.format() != FORMAT_ENCRYPTED) {
      throw new IllegalArgumentException(
          where + ": manifest format " + manifest.format() + " is not supported (this build reads " + FORMAT
              + " and " + FORMAT_ENCRYPTED + ")");
    }
    if ((manifest.format() == FORMAT_ENCRYPTED) != (manifest.encryption() != null)) {
      throw new IllegalArgumentException(
          where + ": manifest format " + manifest.format() + " does not match its encryption field");
    }
    if (manifest.objects() == null || manifest.id() == null || manifest.started() == null) {
      throw new IllegalArgumentException(where + ": not a backup manifest (id, started or objects missing)");
    }
    return manifest;
  }

  /** The stored size of every object together. */
  public long totalSize() {
    return objects.stream().mapToLong(Entry::size).sum();
  }
}
