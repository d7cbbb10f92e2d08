package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ParameterException;

class StepArgumentsTest {

  @Test
  @DisplayName("an argument list the CLI accepts parses to its step, nothing run")
  void acceptsARealStep() {
    assertThat(StepArguments.parse(List.of("cluster", "apply", "--spec", "/nowhere/prod.yaml", "--cloud", "lanes",
        "--clouds-file", "/nowhere/clouds.yaml", "--result", "/nowhere/r.json"))).isEqualTo("cluster apply");
    assertThat(StepArguments.parse(List.of("restore", "--config", "/nowhere/lanes.config", "--platform", "acme",
        "--dry-run", "--s3-access-key-env", "AWS_ACCESS_KEY_ID"))).isEqualTo("restore");
    assertThat(StepArguments.parse(List.of("--version"))).isEqualTo("--version");
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("an unknown step", List.of("backup", "verify", "--config", "m"), "Unmatched argument"),
        Arguments.of("an unknown option", List.of("render", "--config", "m", "--zuul-vars", "z", "--platform-dir", "s"),
            "Unknown options: '--platform-dir'"),
        Arguments.of("a missing required option", List.of("push-image", "--config", "m", "--zuul-vars", "z"),
            "Missing required option: '--image=IMAGE'"),
        Arguments.of("a missing required option group", List.of("render", "--zuul-vars", "z"),
            "Missing required argument"),
        Arguments.of("an option without its value", List.of("deploy", "--config", "m", "--zuul-vars", "z",
            "--image-tag"), "Missing required parameter for option '--image-tag'"),
        Arguments.of("a value of the wrong type", List.of("drill", "--config", "m", "--platform", "acme",
            "--mysql-port", "three"), "Invalid value for option '--mysql-port'"),
        Arguments.of("two options of an exclusive group", List.of("resolve", "--config", "m", "--config-ref", "r",
            "--branch", "b"), "mutually exclusive"),
        Arguments.of("a command that needs a subcommand", List.of("cluster"), "step cluster needs one of its"
            + " subcommands"),
        Arguments.of("no step at all", List.of(), "no step"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  @DisplayName("an argument list the CLI would reject with exit 2 is a ParameterException naming the problem")
  void rejects(String what, List<String> argv, String message) {
    assertThatThrownBy(() -> StepArguments.parse(argv)).isInstanceOf(ParameterException.class).hasMessageContaining(message);
  }
}
