package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupKey;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.job.BucketPolicy;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which platform's backups ({@link BackupTarget}), the S3 credentials to reach them and their encryption key. */
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

  @Option(
      names = "--encryption-key-file",
      paramLabel = "FILE",
      description = "A file holding the backups' client-side encryption key (base64 of 32 bytes: openssl rand -base64 32).")
  Path encryptionKeyFile;

  @Option(
      names = "--encryption-key-env",
      paramLabel = "VAR",
      description = "The environment variable holding the backups' client-side encryption key (base64 of 32 bytes).")
  String encryptionKeyVariable;

  /** The encryption key named by a flag, if any; a configuration error names the file or variable, never the key. */
  Optional<BackupKey> encryptionKey(Map<String, String> environment) {
    if (encryptionKeyFile != null && encryptionKeyVariable != null) {
      throw StepException.configuration("give --encryption-key-file or --encryption-key-env, not both");
    }
    if (encryptionKeyFile != null) {
      String source = "file " + encryptionKeyFile;
      try {
        return Optional.of(BackupKey.parse(Files.readString(encryptionKeyFile, StandardCharsets.US_ASCII), source));
      } catch (NoSuchFileException e) {
        throw StepException.configuration("the encryption key " + source + " does not exist");
      } catch (IOException e) {
        throw StepException.configuration(
            "cannot read the encryption key " + source + ": " + e.getClass().getSimpleName());
      }
    }
    if (encryptionKeyVariable != null) {
      String value = environment.get(encryptionKeyVariable);
      if (value == null || value.isBlank()) {
        throw StepException.configuration(
            "environment variable " + encryptionKeyVariable + " is not set (it holds the backup encryption key)");
      }
      return Optional.of(BackupKey.parse(value, "environment variable " + encryptionKeyVariable));
    }
    return Optional.empty();
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
    S3Credentials credentials = S3Credentials.fromEnvironment(environment, accessKeyVariable, secretKeyVariable);
    ObjectStore store = ObjectStore.open(backup.endpoint(), backup.bucket(), credentials);
    try {
      store.checkAccess(BackupLayout.platformPrefix(platform));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }
}
