package io.lanes.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepArguments;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command of the CLI's real picocli tree, however it is added, has working help and a one-sentence summary. */
class HelpTest {
  /** One sentence: a capital first, one full stop at the end, none (nor another end mark) before it. */
  private static final Pattern ONE_SENTENCE = Pattern.compile("[A-Z][^.!?]*(\\.[^\\s.!?][^.!?]*)*\\.");

  /** Every command below the root, as the words that run it: {@code [deploy]}, {@code [cluster, plan]}, ... */
  static Stream<String> commands() {
    List<String> commands = new ArrayList<>();
    walk(tree(), "", commands);
    return commands.stream();
  }

  private static CommandLine tree() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    return Main.commandLine(new StepContext(sink, sink, Clock.systemUTC(), Map.of()));
  }

  private static void walk(CommandLine command, String prefix, List<String> commands) {
    Set<CommandLine> seen = new LinkedHashSet<>(command.getSubcommands().values()); // aliases map to one command
    for (CommandLine subcommand : seen) {
      String words = (prefix + " " + subcommand.getCommandName()).strip();
      commands.add(words);
      walk(subcommand, words, commands);
    }
  }

  @Test
  @DisplayName("the tree the tests walk holds every step and the nested ones")
  void treeIsWhole() {
    assertThat(commands().toList())
        .contains("deploy", "render", "rollback", "drill", "backup", "backup run", "backup install", "cluster",
            "cluster plan", "help")
        .hasSizeGreaterThan(15);
  }

  @ParameterizedTest(name = "zuul-steps {0} --help")
  @MethodSource("commands")
  @DisplayName("--help and -h print the command's usage on stdout and exit 0")
  void help(String command) {
    for (String flag : List.of("--help", "-h")) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add(flag);

      StepRun run = StepRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as("zuul-steps %s %s: %s", command, flag, run.err()).isZero();
      assertThat(run.out()).as("zuul-steps %s %s", command, flag)
          .contains("Usage: zuul-steps " + command + " ")
          .contains("-h, --help");
      assertThat(run.err()).as("zuul-steps %s %s", command, flag).isEmpty();
    }
  }

  @ParameterizedTest(name = "zuul-steps {0}")
  @MethodSource("commands")
  @DisplayName("a command's summary, the line the list of steps shows, is one complete sentence")
  void summary(String command) {
    CommandSpec spec = StepArguments.step(command);
    String[] lines = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();

    assertThat(lines).as("zuul-steps %s has a summary", command).isNotEmpty();
    assertThat(lines[0]).as("zuul-steps %s: its summary", command).matches(ONE_SENTENCE);
  }

  @Test
  @DisplayName("the list of steps shows each step's whole summary")
  void stepList() {
    StepRun run = StepRun.of("--help");

    assertThat(run.exitCode()).isZero();
    for (String step : commands().filter(c -> !c.contains(" ")).toList()) {
      CommandSpec spec = StepArguments.step(step);
      String summary = spec.usageMessage().header().length > 0
          ? spec.usageMessage().header()[0] : spec.usageMessage().description()[0];
      String firstWords = summary.substring(0, Math.min(summary.length(), 30));
      assertThat(run.out()).as("zuul-steps --help lists %s", step).containsPattern(
          "(?m)^\\s+" + Pattern.quote(step) + "\\s+" + Pattern.quote(firstWords));
    }
  }

  @Test
  @DisplayName("a database list option says what each backup step does with it")
  void databaseOptionsPerStep() {
    String run = StepRun.of("backup", "run", "--help").out();
    String restore = StepRun.of("restore", "--help").out();
    String drill = StepRun.of("drill", "--help").out();

    assertThat(run).contains("A MySQL database to dump").contains("A MongoDB database to dump");
    for (String help : List.of(restore, drill)) {
      assertThat(help).doesNotContain("to back up").doesNotContain("to dump").contains("Has no effect here").containsPattern("so\\s+that\\s+backup\\s+run");
    }
  }

  @Test
  @DisplayName("backup install neither lists nor takes the bucket's flags: its job gets them from the map")
  void installTakesNoBucketFlags() {
    String help = StepRun.of("backup", "install", "--help").out();
    StepRun s3 = StepRun.of("backup", "install", "--config", "x", "--platform", "acme", "--s3-access-key-env", "K");

    assertThat(help).doesNotContain("--encryption-key").doesNotContain("--s3-");
    assertThat(s3.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(s3.err()).startsWith("Unknown options: '--s3-access-key-env'");
  }

  @Test
  @DisplayName("--version is the root's: it prints zuul-steps' version")
  void version() {
    StepRun run = StepRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("zuul-steps ");
  }
}
