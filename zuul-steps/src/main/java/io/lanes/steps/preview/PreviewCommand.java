package io.lanes.steps.preview;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zuul-steps preview}: a change's own short-lived copy of its platform (up), its removal (down), the list. */
@Command(
    name = "preview",
    description = "Run a change in its own short-lived namespace (up), remove it (down, down --expired), list them (list).",
    subcommands = {PreviewUpStep.class, PreviewDownStep.class, PreviewListStep.class, PreviewAccessStep.class})
public final class PreviewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "preview needs a subcommand: up, down, list or access");
  }
}
