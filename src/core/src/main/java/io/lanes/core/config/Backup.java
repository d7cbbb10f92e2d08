package io.lanes.core.config;

/**
 * Where and when a platform's databases are backed up. Holds the name of the credential's Secret, never a
 * credential. See {@link LanesConfig}.
 */
public record Backup(
    String name,
    String endpoint,
    String bucket,
    String schedule,
    int keep,
    int keepDays,
    String credentialSecret) {}
