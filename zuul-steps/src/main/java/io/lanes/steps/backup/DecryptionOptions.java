package io.lanes.steps.backup;

import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.AgeIdentities;
import io.lanes.steps.backup.format.BackupKey;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.ObjectDecryption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What opens encrypted backups, for the steps that read them ({@code restore}, {@code drill}): an age identity, or the
 * key of backups written in the older {@code lanes-aes-256-gcm-stream-1} format. A configuration error names the file
 * or variable, never a key.
 */
public final class DecryptionOptions {
  @Option(
      names = "--encryption-identity-file",
      paramLabel = "FILE",
      description = "A file holding the age identity (AGE-SECRET-KEY-1..., as age-keygen writes) that opens encrypted"
          + " backups.")
  Path identityFile;

  @Option(
      names = "--encryption-identity-env",
      paramLabel = "VAR",
      description = "The environment variable holding the age identity that opens encrypted backups.")
  String identityVariable;

  @Option(
      names = "--encryption-key-file",
      paramLabel = "FILE",
      description = "A file holding the key of backups written before age (lanes-aes-256-gcm-stream-1 format).")
  Path encryptionKeyFile;

  @Option(
      names = "--encryption-key-env",
      paramLabel = "VAR",
      description = "The environment variable holding the key of backups written in the lanes-aes-256-gcm-stream-1"
          + " format.")
  String encryptionKeyVariable;

  /**
   * How {@code manifest}'s objects are opened, with the identity or older-format key named by a flag; a
   * configuration error names the file or variable, never a key.
   */
  ObjectDecryption of(BackupManifest manifest, Map<String, String> environment, PrintWriter err) {
    return ObjectDecryption.forManifest(manifest, identities(environment), encryptionKey(environment), err);
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
      String value = EnvironmentVariable.required(
          environment, "--encryption-identity-env", identityVariable, "the age identity of the backups");
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
      String value = EnvironmentVariable.required(
          environment, "--encryption-key-env", encryptionKeyVariable, "the backup encryption key");
      return Optional.of(BackupKey.parse(value, "environment variable " + encryptionKeyVariable));
    }
    return Optional.empty();
  }

}
