package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every {@code zuul-steps} command line in README.md, docs/ and the plugin's Documentation/ is one the CLI takes, as
 * {@link PlaybookFlagsTest} does for the playbooks: a renamed, removed or refused flag fails the build.
 */
class DocCommandsTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\\w-])");

  static Stream<DocCommands.Command> commands() throws IOException {
    List<DocCommands.Command> commands = new ArrayList<>();
    for (Path document : DocCommands.documents(REPOSITORY)) {
      commands.addAll(DocCommands.commands(REPOSITORY, document));
    }
    return commands.stream();
  }

  @Test
  @DisplayName("the documents hold commands of both kinds, from docs/ and README.md")
  void found() throws IOException {
    List<DocCommands.Command> commands = commands().toList();

    assertThat(commands).filteredOn(DocCommands.Command::runnable).hasSizeGreaterThan(10);
    assertThat(commands).filteredOn(c -> !c.runnable()).hasSizeGreaterThan(10);
    assertThat(commands).extracting(c -> c.file().toString())
        .contains("README.md", "docs/dr-runbook.md", "docs/steps/backup.md", "docs/steps/cluster.md");
    assertThat(commands).filteredOn(c -> c.runnable() && c.file().toString().equals("docs/dr-runbook.md"))
        .extracting(DocCommands.Command::text)
        .anyMatch(text -> text.startsWith("zuul-steps backup install "))
        .hasSizeGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  @DisplayName("a documented command line is one zuul-steps accepts")
  void accepted(DocCommands.Command command) {
    List<String> argv = DocCommands.argv(command.text());
    if (command.runnable()) {
      parse(argv);
    } else {
      flagsExist(argv, command.text());
    }
  }

  /** Parses a whole argument list as zuul-steps would: help and version requests are fine anywhere. */
  static void parse(List<String> argv) {
    String[] args = argv.toArray(String[]::new);
    PrintWriter sink = new PrintWriter(new StringWriter());
    CommandLine model = Main.commandLine(new StepContext(sink, sink, Clock.systemUTC(), Map.of()), args);
    for (ParseResult level = model.parseArgs(args); level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) { // as zuul-steps answers: exit 0
        return;
      }
    }
    StepArguments.parse(argv);
  }

  /** For a synopsis or a reference: the step exists, and so does every flag it names, listed in the step's help. */
  static void flagsExist(List<String> argv, String text) {
    List<String> words = new ArrayList<>();
    CommandSpec spec = StepArguments.step("help").root();
    for (String word : argv) {
      CommandLine next = spec.subcommands().get(word);
      if (next == null) {
        break;
      }
      words.add(word);
      spec = next.getCommandSpec();
    }
    boolean generic = text.matches("(\\S*/)?zuul-steps( <[^>]+>.*)?"); // the CLI itself, or zuul-steps <step>
    if (generic) {
      return;
    }
    if (words.isEmpty()) {
      assertThat(argv.getFirst()).as("%s names a step or a flag of zuul-steps", text).startsWith("-");
    }
    Matcher flags = FLAG.matcher(String.join(" ", argv.subList(words.size(), argv.size())));
    while (flags.find()) {
      OptionSpec option = spec.findOption(flags.group(1));
      assertThat(option).as("zuul-steps %s has no %s (%s)", String.join(" ", words), flags.group(1), text).isNotNull();
      assertThat(option.hidden()).as("zuul-steps %s refuses or hides %s (%s)", String.join(" ", words),
          flags.group(1), text).isFalse();
    }
  }

  @Test
  @DisplayName("shell syntax: prompt, variables, quotes, continuation lines, pipes, redirections, placeholders")
  void shellSyntax() {
    List<String> lines = List.of(
        "```",
        "$ PORT=1 zuul-steps restore --config lanes.config --platform <platform name> \\",
        "    --mysql-port \"$MARIADB_PORT\" --database-suffix '' | sed 's/^/  /' 2>&1",
        "output, not a command: zuul-steps render",
        "bin/zuul-steps completion > ~/.local/share/bash-completion/completions/zuul-steps",
        "zuul-steps check-config FILE [--result FILE]",
        "```",
        "Run `zuul-steps drill ... --keep-scratch` then `zuul-steps deploy`.");

    List<DocCommands.Command> commands = DocCommands.commands(Path.of("x.md"), lines);

    assertThat(commands).extracting(DocCommands.Command::line).containsExactly(2, 5, 6, 8, 8);
    assertThat(commands).extracting(DocCommands.Command::runnable).containsExactly(true, true, false, false, false);
    assertThat(DocCommands.argv(commands.get(0).text())).containsExactly(
        "restore", "--config", "lanes.config", "--platform", "1", "--mysql-port", "1", "--database-suffix", "");
    assertThat(DocCommands.argv(commands.get(1).text())).containsExactly("completion");
    parse(DocCommands.argv(commands.get(0).text()));
    flagsExist(DocCommands.argv(commands.get(3).text()), commands.get(3).text());
  }

  @Test
  @DisplayName("what the test is for: a refused, a renamed or a misplaced flag, and a missing value, fail it")
  void catchesBrokenLines() {
    String install = "zuul-steps backup install --config lanes.config --platform acme --kubeconfig k"
        + " --encryption-key-env VAR";
    String renamed = "zuul-steps render --config lanes.config --zuul-vars zuul.json --platform-dir .";
    String misplaced = "zuul-steps drill ... --image-tag x";
    String missing = "zuul-steps push-image --config lanes.config --zuul-vars zuul.json";

    assertThatThrownBy(() -> parse(DocCommands.argv(install))).isInstanceOf(ParameterException.class)
        .hasMessageContaining("encryptionKeyEnv");
    assertThatThrownBy(() -> parse(DocCommands.argv(renamed))).hasMessageContaining("--platform-dir");
    assertThatThrownBy(() -> flagsExist(DocCommands.argv(misplaced), misplaced))
        .isInstanceOf(AssertionError.class).hasMessageContaining("has no --image-tag");
    assertThatThrownBy(() -> flagsExist(DocCommands.argv("zuul-steps backup install ... --encryption-key-env V"),
        "install")).isInstanceOf(AssertionError.class).hasMessageContaining("refuses or hides --encryption-key-env");
    assertThatThrownBy(() -> parse(DocCommands.argv(missing))).hasMessageContaining("--image");
  }
}
