package io.lanes.core.zuul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.ZuulConfigItem;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZuulYamlTest {
  private static final String FILE = "zuul.d/jobs.yaml";

  @Test
  @DisplayName("the policy's items: every document's one-key items, each with the line it starts on and its name")
  void itemsOfEveryDocument() throws Exception {
    List<ZuulConfigItem> items =
        ZuulYaml.items(FILE, "- job:\n    name: a\n\n- job: {name: b}\n- {not: an, item: here}\n---\n- project: {}\n");

    assertThat(items)
        .extracting(ZuulConfigItem::type, ZuulConfigItem::name, ZuulConfigItem::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("job", "a", 1),
            org.assertj.core.groups.Tuple.tuple("job", "b", 4),
            org.assertj.core.groups.Tuple.tuple("project", "", 7));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("nothing hides a value from the policy: unknown tags read as plain values, tagged keys as text, merge keys merge")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          an unknown tag on the value   | - job: {name: a, vars: {namespace: !custom openedx-globex}}
          a tagged key                  | - job: {name: a, vars: {!unsafe namespace: openedx-globex}}
          an unknown tag on the map     | - job: {name: a, vars: !custom {namespace: openedx-globex}}
          Zuul's !unsafe                | - job: {name: a, vars: {namespace: !unsafe openedx-globex}}
          a merge key                   | - job: {name: a, vars: {<<: {namespace: openedx-globex}}}
          a merge key with a list       | - job: {name: a, vars: {<<: [{namespace: openedx-globex}, {namespace: x}]}}
          """)
  void valuesReachThePolicy(String what, String yaml) throws Exception {
    Map<String, Object> body = ZuulYaml.items(FILE, yaml).get(0).content();

    assertThat(body.get("vars")).isEqualTo(Map.of("namespace", "openedx-globex"));
  }

  @Test
  @DisplayName("a key the map sets itself wins over a merged one")
  void ownKeysWinOverMergedOnes() throws Exception {
    Map<String, Object> body =
        ZuulYaml.items(FILE, "- job: {name: a, vars: {namespace: own, <<: {namespace: merged, other: 1}}}\n")
            .get(0)
            .content();

    assertThat(body.get("vars")).isEqualTo(Map.of("namespace", "own", "other", 1L));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("for the policy, what it cannot read is one syntax error naming file and line")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a syntax error       | - job:\\n    name: [x\\n                        | zuul.d/jobs.yaml:3:
          a duplicate key      | - job:\\n    name: a\\n    name: b\\n         | zuul.d/jobs.yaml:3: duplicate key "name" (first at line 2)
          a recursive alias    | - job: &a\\n    vars: {x: *a}\\n              | zuul.d/jobs.yaml:1: recursive alias *a (a value may not contain itself)
          an undefined alias   | - job:\\n    vars: *nowhere\\n               | zuul.d/jobs.yaml:2: found undefined alias nowhere
          a merge of a scalar  | - job:\\n    vars: {<<: 1}\\n                | zuul.d/jobs.yaml:3: Expected mapping node or an anchor referencing mapping
          """)
  void unreadableForThePolicy(String what, String yaml, String message) {
    assertThatThrownBy(() -> ZuulYaml.items(FILE, yaml.replace("\\n", "\n")))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  @DisplayName("as Zuul reads it: one document, lines on every value, problems for what Zuul refuses")
  void readAsZuulDoes() {
    ZuulYaml.Result result =
        ZuulYaml.read(FILE, "- job:\n    name: a\n    vars: !custom {x: 1}\n    !unsafe run: x\n---\n- job: {}\n");

    YamlMap job = (YamlMap) ((YamlMap) ((YamlList) result.document().orElseThrow()).items().get(0)).get("job").get();
    assertThat(job.entries().get("name").line()).isEqualTo(2);
    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            FILE + ":6: a second YAML document: Zuul reads one document per file",
            FILE + ":3: unknown tag !custom (Zuul knows !encrypted/pkcs1-oaep, !override, !inherit, !unsafe)",
            FILE + ":4: a mapping key must be a plain string");
  }

  @Test
  @DisplayName("as Zuul reads it, a recursive alias is a problem, not a stack overflow")
  void recursiveAliasIsAProblem() {
    ZuulYaml.Result result = ZuulYaml.read(FILE, "- &a\n  job: [*a]\n");

    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(FILE + ":1: recursive alias *a (a value may not contain itself)");
  }
}
