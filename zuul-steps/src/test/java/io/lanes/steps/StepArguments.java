package io.lanes.steps;

import io.lanes.steps.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks an argument list against zuul-steps' real picocli model (the one {@link Main#run} executes for it), without
 * running a step:
 * an unknown step or option, a missing required option or option group, a wrong arity or a value of the wrong type is
 * a {@link ParameterException}; so is a command that has subcommands but was given none ({@code cluster} alone).
 */
public final class StepArguments {
  private StepArguments() {}

  /**
   * Parses {@code argv} (without the {@code zuul-steps} command itself).
   *
   * @return the step it runs, e.g. {@code "cluster apply"}, or {@code "--version"} for the version request
   * @throws ParameterException what zuul-steps would answer with exit 2
   */
  public static String parse(List<String> argv) {
    String[] args = argv.toArray(String[]::new);
    CommandLine model = Main.commandLine(new StepContext(sink(), sink(), Clock.systemUTC(), Map.of()), args);
    ParseResult result = model.parseArgs(args);
    if (result.isVersionHelpRequested()) {
      return "--version";
    }
    List<String> names = new ArrayList<>();
    ParseResult leaf = result;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
      names.add(leaf.commandSpec().name());
    }
    CommandSpec spec = leaf.commandSpec();
    if (names.isEmpty() || spec.subcommands().keySet().stream().anyMatch(name -> !name.equals("help"))) {
      throw new ParameterException(
          spec.commandLine(),
          (names.isEmpty() ? "no step" : "step " + String.join(" ", names) + " needs one of its subcommands")
              + " in " + argv + " (known: " + String.join(", ", spec.subcommands().keySet()) + ")");
    }
    return String.join(" ", names);
  }

  /**
   * The model of one step, e.g. {@code "cluster apply"}.
   *
   * @throws IllegalArgumentException when the CLI has no such step
   */
  public static CommandSpec step(String step) {
    CommandLine command = Main.commandLine(new StepContext(sink(), sink(), Clock.systemUTC(), Map.of()));
    for (String word : step.split(" ")) {
      CommandLine next = command.getSubcommands().get(word);
      if (next == null) {
        throw new IllegalArgumentException(
            "zuul-steps has no step " + step + " (after \"" + command.getCommandName() + "\": "
                + String.join(", ", command.getSubcommands().keySet()) + ")");
      }
      command = next;
    }
    return command.getCommandSpec();
  }

  private static PrintWriter sink() {
    return new PrintWriter(new StringWriter());
  }
}
