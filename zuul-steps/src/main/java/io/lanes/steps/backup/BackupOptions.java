package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.steps.StepException;
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

/**
 * Which platform's backups ({@link BackupTarget}), the S3 credentials to reach them, and what opens encrypted ones
 * (an age identity; the key of backups written in the older format).
 */
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
      names = "--encryption-identity-file",
      paramLabel = "FILE",
      description = "A file holding the age identity (AGE-SECRET-KEY-1..., as age-keygen writes) that opens encrypted"
          + " backups (restore, drill).")
  Path identityFile;

  @Option(
      names = "--encryption-identity-env",
      paramLabel = "VAR",
      description = "The environment variable holding the age identity that opens encrypted backups (restore, drill).")
  String identityVariable;

  @Option(
      names = "--encryption-key-file",
      paramLabel = "FILE",
      description = "A file holding the key of backups written before age, in the lanes-aes-256-gcm-stream-1 format"
          + " (restore, drill).")
  Path encryptionKeyFile;

  @Option(
      names = "--encryption-key-env",
      paramLabel = "VAR",
      description = "The environment variable holding the key of backups written in the lanes-aes-256-gcm-stream-1"
          + " format (restore, drill).")
  String encryptionKeyVariable;

  /**
   * How {@code manifest}'s objects are opened, with the identity or older-format key named by a flag; a
   * configuration error names the file or variable, never a key.
   */
  ObjectDecryption decryption(Manifest manifest, Map<String, String> environment, java.io.PrintWriter err) {
    return ObjectDecryption.forManifest(manifest, identities(environment), encryptionKey(environment), err);
  }

  /** Whether any flag that opens encrypted backups was given (meaningless to backup run, which encrypts). */
  boolean opensEncrypted() {
    return identityFile != null || identityVariable != null || encryptionKeyFile != null || encryptionKeyVariable != null;
  }

  /** The age identities named by a flag, if any. */
  Optional<AgeIdentities> identities(Map<String, String> environment) {
    if (identityFile != null && identityVariable != null) {
      throw StepException.configuration("give --encryption-identity-file or --encryption-identity-env, not both");
    }
    if (identityFile != null) {
      String source = "file " + identityFile;
      try {
        return Optional.of(AgeIdentities.parse(Files.readAllLines(identityFile, StandardCharsets.US_ASCII), source));
      } catch (NoSuchFileException e) {
        throw StepException.configuration("the age identity " + source + " does not exist");
      } catch (IOException e) {
        throw StepException.configuration("cannot read the age identity " + source + ": " + e.getClass().getSimpleName());
      }
    }
    if (identityVariable != null) {
      String value = environment.get(identityVariable);
      if (value == null || value.isBlank()) {
        throw StepException.configuration(
            "environment variable " + identityVariable + " is not set (it holds the age identity of the backups)");
      }
      return Optional.of(AgeIdentities.parse(value.lines().toList(), "environment variable " + identityVariable));
    }
    return Optional.empty();
  }

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
