package io.lanes.steps.cluster;

import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --spec FILE}: the cluster spec every {@code cluster} subcommand works from. */
public final class SpecOptions {
  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "The cluster spec (YAML), e.g. src/sample-platform/clusters/prod.yaml.")
  Path file;

  /** The valid spec, or one configuration error listing every problem as {@code file:line: key: message}. */
  public ClusterSpec load() {
    String text = PlatformMapOptions.readFile(file);
    ClusterSpecReader.Result result = ClusterSpecReader.read(text);
    if (!result.problems().isEmpty()) {
      throw StepException.configuration(
          String.join("\n", result.problems().stream().map(p -> p.format(file.toString())).toList()));
    }
    return result.spec().orElseThrow();
  }
}
