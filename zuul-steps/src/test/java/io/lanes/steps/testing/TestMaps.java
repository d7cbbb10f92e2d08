package io.lanes.steps.testing;

/** Platform maps more than one step's tests use. */
public final class TestMaps {
  /** Platforms acme and globex share backup section nightly; initech's own section names the same credential. */
  public static final String SHARED_BACKUP_CREDENTIAL =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
        backup = nightly
      [platform "globex"]
        namespace = openedx-globex
        cluster = prod
        backup = nightly
      [platform "initech"]
        namespace = openedx-initech
        cluster = prod
        backup = initech
      [cluster "prod"]
        server = https://10.0.0.10:6443
      [backup "nightly"]
        endpoint = http://s3.example.org
        bucket = openedx-backups
        credentialSecret = backup-s3
      [backup "initech"]
        endpoint = http://s3.example.org
        bucket = openedx-backups
        credentialSecret = backup-s3
      """;

  private TestMaps() {}
}
