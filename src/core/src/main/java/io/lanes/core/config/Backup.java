package io.lanes.core.config;

import java.util.Optional;
import java.util.Set;

/**
 * Where and when a platform's databases are backed up, and which. Holds the name of the credential's Secret, never
 * a credential. See {@link LanesConfig}.
 *
 * @param rpoHours the oldest a platform's newest backup may be, in hours, before a DR drill fails
 * @param databases what the backup job dumps: {@link LanesConfig#DATABASE_MYSQL}, {@link LanesConfig#DATABASE_MONGODB}
 * @param encryptionKeyEnv the credential Secret's key holding the age recipients the job encrypts to, if any
 * @param lockDays days every backup object stays locked (S3 Object Lock), 0 when backups are not locked
 * @param lockMode {@link LanesConfig#LOCK_COMPLIANCE} or {@link LanesConfig#LOCK_GOVERNANCE}
 * @param binlogSeconds seconds between two shipments of MySQL's binary log for point-in-time restores, 0 when the
 *     binary log is not shipped
 */
public record Backup(
    String name,
    String endpoint,
    String bucket,
    String schedule,
    int keep,
    int keepDays,
    int rpoHours,
    String credentialSecret,
    Set<String> databases,
    String mysqlHost,
    int mysqlPort,
    Optional<String> encryptionKeyEnv,
    int lockDays,
    String lockMode,
    int binlogSeconds) {

  public Backup {
    databases = Set.copyOf(databases);
  }

  /** Whether the job dumps MySQL (at {@link #mysqlHost()}:{@link #mysqlPort()}). */
  public boolean dumpsMysql() {
    return databases.contains(LanesConfig.DATABASE_MYSQL);
  }

  /** Whether backups are written with S3 Object Lock retention. */
  public boolean locked() {
    return lockDays > 0;
  }

  /** Whether MySQL's binary log is shipped continuously (a Deployment running {@code backup binlogs}). */
  public boolean shipsBinlogs() {
    return binlogSeconds > 0 && dumpsMysql();
  }

  /** Whether the job dumps MongoDB. */
  public boolean dumpsMongodb() {
    return databases.contains(LanesConfig.DATABASE_MONGODB);
  }
}
