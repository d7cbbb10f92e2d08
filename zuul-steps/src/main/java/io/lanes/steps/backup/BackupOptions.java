package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.job.BucketPolicy;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which platform's backups ({@link BackupTarget}) and the S3 credentials to reach them. */
public final class BackupOptions {
  @Mixin BackupTarget target;

  @Option(
      names = "--s3-access-key-env",
      paramLabel = "VAR",
      defaultValue = "AWS_ACCESS_KEY_ID",
      description = "The environment variable holding the S3 access key (default: ${DEFAULT-VALUE}).")
  String accessKeyVariable;

  @Option(
      names = "--s3-secret-key-env",
      paramLabel = "VAR",
      defaultValue = "AWS_SECRET_ACCESS_KEY",
      description = "The environment variable holding the S3 secret key (default: ${DEFAULT-VALUE}).")
  String secretKeyVariable;

  /** The platform selection (map, platform or branch, Zuul variables) these options carry. */
  public io.lanes.steps.config.PlatformSelection selection() {
    return target.selection;
  }

  /** The platform and its backup section, or a configuration error naming what is missing. */
  BackupTarget.Resolved resolve() {
    return target.resolve();
  }

  /**
   * Opens the platform's bucket with the credentials from the environment, checking that they may list the platform's
   * prefix (all a credential scoped to it by a {@link BucketPolicy} may do at the bucket's level).
   */
  ObjectStore open(Backup backup, String platform, Map<String, String> environment) {
    return open(backup, platform, environment, ObjectStore.STALL_TIMEOUT);
  }

  /** {@link #open(Backup, String, Map)}, its uploads failing after {@code stallTimeout} without progress. */
  ObjectStore open(Backup backup, String platform, Map<String, String> environment, Duration stallTimeout) {
    S3Credentials credentials = S3Credentials.fromEnvironment(environment, accessKeyVariable, secretKeyVariable);
    ObjectStore store = ObjectStore.open(backup.endpoint(), backup.bucket(), credentials, stallTimeout);
    try {
      store.checkAccess(BackupLayout.platformPrefix(platform));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }
}
