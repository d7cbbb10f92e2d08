package io.lanes.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zuul-steps completion}'s script, loaded into a real bash and asked what it completes. */
class CompletionTest {
  @TempDir static Path dir;
  private static Path script;

  @BeforeAll
  static void generate() throws IOException {
    StepRun run = StepRun.of("completion");
    assertThat(run.exitCode()).as(run.err()).isZero();
    script = Files.writeString(dir.resolve("zuul-steps.bash"), run.out());
  }

  @Test
  @DisplayName("bash completes a step's name from its first letters")
  void stepNames() throws Exception {
    assertThat(complete("zuul-steps", "dep")).containsExactly("deploy");
    assertThat(complete("zuul-steps", "re")).contains("render", "resolve", "restore", "registry-config");
  }

  @Test
  @DisplayName("bash completes a nested step and a step's options, help included")
  void nestedAndOptions() throws Exception {
    assertThat(complete("zuul-steps", "cluster", "p")).containsExactly("plan");
    assertThat(complete("zuul-steps", "deploy", "--tutor")).containsExactly("--tutor-root");
    assertThat(complete("zuul-steps", "backup", "run", "--he")).containsExactly("--help");
  }

  @Test
  @DisplayName("hidden options (backup install's refused key flags) are not offered")
  void hiddenOptions() throws Exception {
    assertThat(complete("zuul-steps", "backup", "install", "--enc")).isEmpty();
    assertThat(complete("zuul-steps", "backup", "run", "--enc"))
        .containsExactlyInAnyOrder(
            "--encryption-recipient", "--encryption-recipients-env", "--encryption-recipients-file");
    assertThat(complete("zuul-steps", "restore", "--encryption-i"))
        .containsExactlyInAnyOrder("--encryption-identity-env", "--encryption-identity-file");
  }

  /** COMPREPLY of the script's completion function for {@code words}, the last one being completed. */
  private static List<String> complete(String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append('\'').append(word).append("' ");
    }
    String probe = "source '" + script + "'\n"
        + "COMP_WORDS=(" + array + ")\n"
        + "COMP_CWORD=" + (words.length - 1) + "\n"
        + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
        + "fn=$(complete -p zuul-steps | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
        + "\"$fn\" zuul-steps \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Path err = Files.createTempFile(dir, "bash", ".err");
    Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe)
        .redirectError(err.toFile())
        .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // compopt works only while bash itself runs a completion; here the function is called directly.
    List<String> errors = Files.readAllLines(err).stream().filter(line -> !line.contains("compopt:")).toList();
    assertThat(errors).as("bash's errors").isEmpty();
    assertThat(bash.exitValue()).as(out).isZero();
    return out.lines().filter(line -> !line.isBlank()).map(String::strip).toList();
  }
}
