package io.lanes.core.config;

/**
 * Where and when a platform's databases are backed up. Holds the name of the credential's Secret, never a
 * credential. See {@link LanesConfig}.
 *
 * @param rpoHours the oldest a platform's newest backup may be, in hours, before a DR drill fails
 */
public record Backup(
    String name,
    String endpoint,
    String bucket,
    String schedule,
    int keep,
    int keepDays,
    int rpoHours,
    String credentialSecret) {}
