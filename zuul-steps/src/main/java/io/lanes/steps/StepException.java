package io.lanes.steps;

/**
 * A failure a step reports to its user: a message that names the file, key or object, and the exit code that
 * {@link ExitCodes} gives it.
 */
public class StepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private StepException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad flags, a missing or invalid file, an unknown platform: exit 2. */
  public static StepException configuration(String message) {
    return new StepException(ExitCodes.USAGE, message, null);
  }

  /** Bad flags, a missing or invalid file, an unknown platform: exit 2. */
  public static StepException configuration(String message, Throwable cause) {
    return new StepException(ExitCodes.USAGE, message, cause);
  }

  /** The input breaks a platform's lane: exit 3. */
  public static StepException policy(String message) {
    return new StepException(ExitCodes.POLICY, message, null);
  }

  /** The work itself failed: exit 1. */
  public static StepException failure(String message, Throwable cause) {
    return new StepException(ExitCodes.FAILURE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
