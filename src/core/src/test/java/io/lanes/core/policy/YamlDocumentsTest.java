package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.JsonSchema;

class YamlDocumentsTest {

  @Test
  @DisplayName("the resolver's shortcut gives the engine's tag for every first character and scalar shape")
  void resolverShortcutAgreesWithTheEngine() {
    ScalarResolver engine = new JsonSchema().getScalarResolver();
    List<String> values =
        new ArrayList<>(
            List.of(
                "", "null", "true", "false", "-1", "0.5", ".inf", ".nan", "${X}", "nullx", "truex", "falsex", "nul",
                "fals", "name", "namespace", "Null", "True", "FALSE", "~", "n", "t", "f", "1e3", "0x1F", "-.inf"));
    for (char c = 0; c < 256; c++) {
      values.add(String.valueOf(c));
      values.add(c + "ull");
      values.add(c + "rue");
      values.add(c + "123");
      values.add(c + "{X}");
    }
    for (String value : values) {
      for (boolean implicit : new boolean[] {true, false}) {
        assertThat(YamlDocuments.resolve(value, implicit))
            .as("tag of %s (implicit %s)", value, implicit)
            .isEqualTo(engine.resolve(value, implicit));
      }
    }
  }

  @Test
  @DisplayName("each item of a top-level list keeps the line where it starts")
  void itemsOfATopLevelListKeepTheirLines() throws Exception {
    List<YamlDocuments.Document> documents =
        YamlDocuments.load("zuul.d/jobs.yaml", "- job:\n    name: a\n\n- job: {name: b}\n---\n- project: {}\n");

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0).itemLines()).containsExactly(1, 4);
    assertThat(documents.get(1).line()).isEqualTo(6);
    assertThat(documents.get(1).itemLines()).containsExactly(6);
  }

  @Test
  @DisplayName("an alias to an anchor never defined is a syntax error naming its line")
  void undefinedAliasIsAnError() {
    assertThatThrownBy(() -> YamlDocuments.load("env/k8s/x.yml", "a: 1\nb: *nowhere\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage("env/k8s/x.yml:2: found undefined alias nowhere");
  }

  @Test
  @DisplayName("more aliases to collections than the engine allows is an error, not an exponential document")
  void tooManyCollectionAliasesIsAnError() {
    StringBuilder yaml = new StringBuilder("a: &a [x, y]\nb:\n");
    for (int i = 0; i < 51; i++) {
      yaml.append("  - *a\n");
    }

    assertThatThrownBy(() -> YamlDocuments.load("env/k8s/x.yml", yaml.toString()))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage("env/k8s/x.yml:53: more than 50 aliases to maps or lists (the limit)");
  }

  @Test
  @DisplayName("a merge key with a scalar value is a syntax error naming its line")
  void mergeKeyOfAScalarIsAnError() {
    assertThatThrownBy(() -> YamlDocuments.load("env/k8s/x.yml", "a: 1\n<<: 2\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage("env/k8s/x.yml:2: while constructing a mapping; merge key << takes a map or a list of maps");
  }
}
