package io.lanes.steps.backup;

import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.AgeRecipients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Whom {@code backup run} encrypts to: age recipients (public keys), from flags, a file or a variable, together. The
 * job never holds a key that decrypts.
 */
public final class EncryptionRecipientsOptions {
  @Option(
      names = "--encryption-recipient",
      paramLabel = "AGE1...",
      description = "Encrypt every object to this age recipient (repeatable: e.g. the DR site's and an offline escrow"
          + " key's; age-keygen -y prints one).")
  List<String> recipients = List.of();

  @Option(
      names = "--encryption-recipients-file",
      paramLabel = "FILE",
      description = "A file of age recipients, one per line (age's -R format).")
  Path recipientsFile;

  @Option(
      names = "--encryption-recipients-env",
      paramLabel = "VAR",
      description = "The environment variable holding age recipients, one per line.")
  String recipientsVariable;

  /** The recipients named by the flags together; empty when none was given (the backup is not encrypted). */
  Optional<AgeRecipients> recipients(Map<String, String> environment) {
    List<String> lines = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    if (!recipients.isEmpty()) {
      lines.addAll(recipients);
      sources.add("--encryption-recipient");
    }
    if (recipientsFile != null) {
      try {
        lines.addAll(AgeRecipients.parse(Files.readAllLines(recipientsFile, StandardCharsets.UTF_8), "file " + recipientsFile).recipients());
      } catch (NoSuchFileException e) {
        throw StepException.configuration("the age recipients file " + recipientsFile + " does not exist");
      } catch (IOException e) {
        throw StepException.configuration(
            "cannot read the age recipients file " + recipientsFile + ": " + e.getClass().getSimpleName());
      }
      sources.add("file " + recipientsFile);
    }
    if (recipientsVariable != null) {
      String value = EnvironmentVariable.required(
          environment, "--encryption-recipients-env", recipientsVariable, "the backups' age recipients");
      lines.addAll(AgeRecipients.parse(value.lines().toList(), "environment variable " + recipientsVariable).recipients());
      sources.add("environment variable " + recipientsVariable);
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(AgeRecipients.parse(lines.stream().distinct().toList(), String.join(" and ", sources)));
  }
}
