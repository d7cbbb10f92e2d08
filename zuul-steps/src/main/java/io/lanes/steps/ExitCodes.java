package io.lanes.steps;

import io.lanes.core.config.InvalidPlatformMapException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become exit codes and one-line messages. Users see the message, no stack trace,
 * unless {@code --verbose} is given. Both go through {@link Redaction}: credentials a message quotes are hidden the
 * same way with and without {@code --verbose}.
 */
public final class ExitCodes implements IExecutionExceptionHandler, IExitCodeExceptionMapper {
  /** The step did what it was asked. */
  public static final int OK = 0;
  /** The step failed: a server, a build, a rollout. */
  public static final int FAILURE = 1;
  /** Wrong flags or configuration: fix the input and run again. */
  public static final int USAGE = 2;
  /** The input breaks a platform's lane policy. */
  public static final int POLICY = 3;

  /** The exit code for a failure. */
  public static int of(Throwable failure) {
    if (failure instanceof StepException step) {
      return step.exitCode();
    }
    if (failure instanceof InvalidPlatformMapException || failure instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILURE;
  }

  @Override
  public int getExitCode(Throwable failure) {
    return of(failure);
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
    var err = command.getErr();
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (failure instanceof StepException) {
      err.println(Redaction.own(message));
    } else {
      // a library's message: its first line only, as --verbose shows it (the rest may quote the input)
      err.println(command.getCommandName() + ": " + Redaction.shown(failure, message));
    }
    if (verbose(parseResult)) {
      Redaction.printStackTrace(failure, err);
    }
    err.flush();
    return of(failure);
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
