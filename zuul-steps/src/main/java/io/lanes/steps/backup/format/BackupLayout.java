package io.lanes.steps.backup.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where a backup's objects live in the bucket. Every name is derived here:
 *
 * <pre>
 * &lt;platform&gt;/&lt;id&gt;/mysql/dump.sql.gz                      one consistent dump of every MySQL database
 * &lt;platform&gt;/&lt;id&gt;/mongodb/&lt;db&gt;/&lt;collection&gt;.bson.gz      mongodump's layout (mongorestore --gzip)
 * &lt;platform&gt;/&lt;id&gt;/mongodb/&lt;db&gt;/&lt;collection&gt;.metadata.json.gz
 * &lt;platform&gt;/&lt;id&gt;/manifest.json                          written last
 * &lt;platform&gt;/binlogs/&lt;file&gt;/&lt;start&gt;.gz                  bytes [start, end) of a MariaDB binlog file
 * &lt;platform&gt;/binlogs/&lt;file&gt;/&lt;start&gt;.json                its segment manifest, written after it
 * </pre>
 *
 * An encrypted backup's objects (not its manifest) end with {@value #AGE_SUFFIX} (age files), or, in backups written
 * before age, {@value #ENCRYPTED_SUFFIX} ({@code lanes-aes-256-gcm-stream-1}). The id is the backup's start time in UTC, {@code 20261124T020000Z}, so ids sort by age.
 */
public final class BackupLayout {
  /** The manifest's file name inside a backup's folder. */
  public static final String MANIFEST = "manifest.json";

  /** The MySQL dump's path inside a backup's folder. */
  public static final String MYSQL_DUMP = "mysql/dump.sql.gz";

  /** What an object encrypted in the older {@code lanes-aes-256-gcm-stream-1} format ends with. */
  public static final String ENCRYPTED_SUFFIX = ".enc";

  /** What an age-encrypted object's key ends with. */
  public static final String AGE_SUFFIX = ".age";

  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private BackupLayout() {}

  /** The id of a backup started at {@code start}. */
  public static String id(Instant start) {
    return ID.format(start);
  }

  /** When the backup {@code id} started; empty when {@code id} is not a backup id. */
  public static Optional<Instant> start(String id) {
    try {
      return Optional.of(Instant.from(ID.parse(id)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The folder of every backup of {@code platform}: {@code <platform>/}. */
  public static String platformPrefix(String platform) {
    return platform + "/";
  }

  /** The folder of one backup: {@code <platform>/<id>/}. */
  public static String backupPrefix(String platform, String id) {
    return platformPrefix(platform) + id + "/";
  }

  /** The folder of a platform's shipped binlog segments: {@code <platform>/binlogs/}. */
  public static String binlogPrefix(String platform) {
    return platformPrefix(platform) + "binlogs/";
  }

  /**
   * A summary the shipper rewrites every cycle, {@code <platform>/binlogs/covered.json}: where the stored binlog ends
   * and until when it covers. For people ({@code restore --list}); a restore trusts only the segment manifests.
   */
  public static String binlogCoverage(String platform) {
    return binlogPrefix(platform) + "covered.json";
  }

  /** The folder of one binlog file's segments: {@code <platform>/binlogs/<file>/}. */
  public static String binlogFilePrefix(String platform, String file) {
    return binlogPrefix(platform) + file + "/";
  }

  /**
   * The object of the segment of {@code file} starting at byte {@code start}, relative to {@link #binlogPrefix}:
   * {@code <file>/<start, 12 digits>.gz}, then {@link #AGE_SUFFIX} when encrypted. Zero-padded so keys sort by offset.
   */
  public static String binlogSegment(String file, long start, boolean encrypted) {
    return file + "/" + String.format("%012d", start) + ".gz" + (encrypted ? AGE_SUFFIX : "");
  }

  /** The segment manifest of {@code file} at {@code start}, relative to {@link #binlogPrefix}. */
  public static String binlogSegmentManifest(String file, long start) {
    return file + "/" + String.format("%012d", start) + ".json";
  }

  /** The BSON file of a collection, relative to the backup's folder. */
  public static String mongoCollection(String database, String collection) {
    return "mongodb/" + database + "/" + collection + ".bson.gz";
  }

  /** The metadata (options, indexes) of a collection, relative to the backup's folder. */
  public static String mongoMetadata(String database, String collection) {
    return "mongodb/" + database + "/" + collection + ".metadata.json.gz";
  }

  /** The key an object is stored under: {@code key}, with {@link #ENCRYPTED_SUFFIX} when it is encrypted. */
  public static String stored(String key, boolean encrypted) {
    return encrypted ? key + ENCRYPTED_SUFFIX : key;
  }

  /** The key an object had before encryption: {@code stored} without {@link #AGE_SUFFIX} or {@link #ENCRYPTED_SUFFIX}. */
  public static String plain(String stored) {
    for (String suffix : new String[] {AGE_SUFFIX, ENCRYPTED_SUFFIX}) {
      if (stored.endsWith(suffix)) {
        return stored.substring(0, stored.length() - suffix.length());
      }
    }
    return stored;
  }

  /**
   * Whether {@code key} belongs to a backup of {@code platform} that started before the backup {@code id} (ids sort
   * by time). Keys outside any backup's folder are not.
   */
  public static boolean earlier(String platform, String key, String id) {
    String platformPrefix = platformPrefix(platform);
    if (!key.startsWith(platformPrefix)) {
      return false;
    }
    int slash = key.indexOf('/', platformPrefix.length());
    String owner = slash < 0 ? "" : key.substring(platformPrefix.length(), slash);
    return start(owner).isPresent() && owner.compareTo(id) < 0;
  }
}
