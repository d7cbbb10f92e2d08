package io.lanes.gerrit.validation;

import java.util.List;

/**
 * What a check found in a commit: errors block it, warnings do not.
 *
 * @param errors one line per blocking problem ({@code file:line: kind/name: reason})
 * @param warnings one line per problem the commit left as it was
 */
public record CheckResult(List<String> errors, List<String> warnings) {
  public CheckResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** Nothing to report. */
  public static CheckResult clean() {
    return new CheckResult(List.of(), List.of());
  }

  /** Whether the commit may go in. */
  public boolean passed() {
    return errors.isEmpty();
  }
}
