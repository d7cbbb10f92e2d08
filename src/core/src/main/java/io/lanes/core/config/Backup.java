package io.lanes.core.config;

import java.util.Optional;
import java.util.Set;

/**
 * Where and when a platform's databases are backed up, and which. Holds the name of the credential's Secret, never
 * a credential. See {@link LanesConfig}.
 *
 * @param rpoHours the oldest a platform's newest backup may be, in hours, before a DR drill fails
 * @param databases what the backup job dumps: {@link LanesConfig#DATABASE_MYSQL}, {@link LanesConfig#DATABASE_MONGODB}
 * @param encryptionKeyEnv the credential Secret's key holding the encryption key the job encrypts with, if any
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
    Optional<String> encryptionKeyEnv) {

  public Backup {
    databases = Set.copyOf(databases);
  }

  /** Whether the job dumps MySQL (at {@link #mysqlHost()}:{@link #mysqlPort()}). */
  public boolean dumpsMysql() {
    return databases.contains(LanesConfig.DATABASE_MYSQL);
  }

  /** Whether the job dumps MongoDB. */
  public boolean dumpsMongodb() {
    return databases.contains(LanesConfig.DATABASE_MONGODB);
  }
}
