package io.lanes.steps;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every step takes. */
public final class CommonOptions {
  @Option(
      names = "--result",
      paramLabel = "FILE",
      description = "Write the machine-readable result here, as JSON fit for zuul_return's file: (data under 'lanes').")
  public Path result;

  @Option(names = "--verbose", description = "Show the stack trace of a failure.")
  public boolean verbose;
}
