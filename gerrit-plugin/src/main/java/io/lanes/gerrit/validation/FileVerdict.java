package io.lanes.gerrit.validation;

import io.lanes.core.policy.Violation;
import java.util.List;
import java.util.Optional;

/**
 * What the lane policy found in one version of one file: the violations, or the syntax error that kept the file
 * from being read.
 *
 * @param violations the broken rules, in file order; empty when the file is clean or unreadable
 * @param syntaxError {@code file:line: problem} when the file is not YAML
 */
public record FileVerdict(List<Violation> violations, Optional<String> syntaxError) {
  private static final FileVerdict CLEAN = new FileVerdict(List.of(), Optional.empty());

  public FileVerdict {
    violations = List.copyOf(violations);
  }

  /** A file that breaks no rule. */
  public static FileVerdict clean() {
    return CLEAN;
  }

  /** A file with {@code violations} (clean when empty). */
  public static FileVerdict of(List<Violation> violations) {
    return violations.isEmpty() ? CLEAN : new FileVerdict(violations, Optional.empty());
  }

  /** A file that is not YAML. */
  public static FileVerdict syntaxError(String message) {
    return new FileVerdict(List.of(), Optional.of(message));
  }
}
