package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile files in a copy of this repository's zuul.d against {@code check-zuul}: each is one line naming the file
 * and the bound, exit 2, in well under the timeout (no stack overflow, no exponential walk).
 */
@Timeout(30)
class CheckZuulHostileInputTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path copy;
  Path zuulD;

  @BeforeEach
  void copyThisRepositorysConfig() throws IOException {
    zuulD = copy.resolve("zuul.d");
    try (Stream<Path> paths = Files.walk(REPOSITORY.resolve("zuul.d"))) {
      for (Path path : paths.toList()) {
        Path target = zuulD.resolve(REPOSITORY.resolve("zuul.d").relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  static String laughs() {
    StringBuilder yaml = new StringBuilder("- job:\n    name: lol\n    vars:\n      a0: &a0 [lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("      a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", Collections.nCopies(4, "*a" + (i - 1)))).append("]\n");
    }
    return yaml.toString();
  }

  static Stream<Arguments> hostileFiles() {
    return Stream.of(
        Arguments.of(
            "50,000 nested lists",
            ("- job:\n    name: deep\n    vars: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n").getBytes(),
            "hostile.yaml:3: more than 100 levels of nested maps and lists (the limit)"),
        Arguments.of(
            "a billion laughs under the alias count",
            laughs().getBytes(),
            "hostile.yaml:13: more than 1000000 values once aliases are expanded (the limit)"),
        Arguments.of(
            "a binary file", new byte[] {'-', ' ', 0, 0, 1}, "hostile.yaml: a binary file, not text (a NUL byte at character 2)"),
        Arguments.of(
            "Latin-1 bytes",
            "- job:\n    name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1),
            "hostile.yaml: not valid UTF-8 text (an undecodable byte at character 20)"),
        Arguments.of(
            "a 4 MB file",
            ("- job:\n    name: big\n    description: " + "x".repeat(4_000_000) + "\n").getBytes(),
            "hostile.yaml: too large: 4000039 bytes, more than the limit of 3145728"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  @DisplayName("a hostile zuul.d file exits 2 with exactly one line naming it and the bound")
  void hostileFileRefused(String what, byte[] content, String line) throws Exception {
    Files.write(zuulD.resolve("hostile.yaml"), content);

    StepRun run = StepRun.of("check-zuul", zuulD.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(zuulD + "/" + line + "\n");
  }
}
