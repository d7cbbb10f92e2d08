package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * YAML built to exhaust a reader is one {@link ManifestSyntaxException} naming the file and the limit, in well under
 * a second: never a stack overflow, an out-of-memory error or an exponential walk. The plugin shows it as a
 * rejection; the steps exit 2.
 */
@Timeout(10)
class HostileYamlTest {
  private static final String FILE = "env/k8s/x.yml";

  @Test
  @DisplayName("block maps nested deeper than the limit are refused at the line that crosses it")
  void deepBlockNestingRefused() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      yaml.append("  ".repeat(i)).append("k:\n");
    }

    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, yaml.toString()))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage(FILE + ":101: more than 100 levels of nested maps and lists (the limit)");
  }

  @Test
  @DisplayName("100,000 nested flow lists (a stack overflow for a recursive reader) are refused")
  void deepFlowNestingRefused() {
    String yaml = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, yaml))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage(FILE + ":1: more than 100 levels of nested maps and lists (the limit)");
  }

  @Test
  @DisplayName("a billion laughs within the alias count (9 aliases a level, 5 levels) is refused by expanded size")
  void billionLaughsRefused() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [" + "x,".repeat(99) + "x]\n");
    for (int level = 1; level <= 5; level++) {
      yaml.append("a").append(level).append(": &a").append(level).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
    }

    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, yaml.toString()))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageStartingWith(FILE + ":")
        .hasMessageEndingWith(": more than 1000000 values once aliases are expanded (the limit)");
  }

  @Test
  @DisplayName("a document larger than the limit is refused before it is parsed")
  void oversizedDocumentRefused() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {x: \"" + "x".repeat(4_000_000) + "\"}\n";

    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, yaml))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage(FILE + ": too large: 4000067 characters, more than the limit of 3145728");
  }

  @Test
  @DisplayName("a binary file is named as such")
  void binaryFileRefused() {
    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, "\u007fELF\u0002\u0001\u0001\u0000\u0000"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage(FILE + ": a binary file, not text (a NUL byte at character 7)");
  }

  @Test
  @DisplayName("text decoded from invalid UTF-8 is named as such")
  void invalidUtf8Refused() {
    byte[] latin1 = "metadata: {name: caf\u00e9}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, io.lanes.core.text.InputText.decode(latin1)))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage(FILE + ": not valid UTF-8 text (an undecodable byte at character 20)");
  }

  @Test
  @DisplayName("a recursive merge key is an error, not a loop")
  void recursiveMergeRefused() {
    assertThatThrownBy(() -> KubeManifestParser.parse(FILE, "a: &a\n  <<: *a\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageContaining("recursive alias *a");
  }

  @Test
  @DisplayName("a long run of scalar aliases to one huge string stays within the size limit's cost")
  void scalarAliasesBounded() {
    StringBuilder yaml = new StringBuilder("a: &s \"" + "x".repeat(1000) + "\"\nb: [");
    yaml.append(String.join(",", java.util.Collections.nCopies(200_000, "*s"))).append("]\n");
    long start = System.nanoTime();

    // 200,000 aliases of one scalar is 200,001 values: within the limit, read quickly, shared, not copied
    org.assertj.core.api.Assertions.assertThatCode(() -> KubeManifestParser.parse(FILE, yaml.toString()))
        .doesNotThrowAnyException();
    org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
