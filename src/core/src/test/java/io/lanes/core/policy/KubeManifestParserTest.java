package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubeManifestParserTest {

  @Test
  @DisplayName("reads every document with its kind, name, namespace and 1-based start line")
  void readsDocumentsWithTheirStartLine() throws Exception {
    List<KubeManifestObject> objects =
        KubeManifestParser.parse(
            "env/k8s/apps.yml",
            """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: lms
              namespace: openedx-acme
            ---
            # a comment first
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: cms
            spec:
              replicas: 2
            """);

    assertThat(objects).hasSize(2);
    KubeManifestObject service = objects.get(0);
    assertThat(service.id()).isEqualTo("Service/lms");
    assertThat(service.namespace()).contains("openedx-acme");
    assertThat(service.line()).isEqualTo(2);
    assertThat(service.file()).isEqualTo("env/k8s/apps.yml");
    KubeManifestObject deployment = objects.get(1);
    assertThat(deployment.apiVersion()).isEqualTo("apps/v1");
    assertThat(deployment.namespace()).isEqualTo(Optional.empty());
    assertThat(deployment.line()).isEqualTo(9);
    assertThat(deployment.content()).containsKey("spec");
  }

  @Test
  @DisplayName("skips documents without apiVersion and kind, and empty documents")
  void skipsDocumentsThatAreNotKubernetesObjects() throws Exception {
    List<KubeManifestObject> objects =
        KubeManifestParser.parse(
            "env/apps/openedx/config/lms.env.yml",
            """
            PLATFORM_NAME: Acme
            ---
            ---
            kind: Deployment
            ---
            - a
            - list
            """);

    assertThat(objects).isEmpty();
  }

  @Test
  @DisplayName("malformed YAML is one line naming file and line, no stack trace")
  void malformedYamlNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                KubeManifestParser.parse(
                    "env/k8s/apps.yml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: lms\n  bad: x: y\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessage("env/k8s/apps.yml:5: mapping values are not allowed here")
        .satisfies(e -> assertThat(((ManifestSyntaxException) e).line()).isEqualTo(5));
  }

  @Test
  @DisplayName("a duplicate key is a syntax error naming its line")
  void duplicateKeyIsAnError() {
    assertThatThrownBy(
            () -> KubeManifestParser.parse("env/k8s/apps.yml", "apiVersion: v1\nkind: Service\nkind: Pod\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageStartingWith("env/k8s/apps.yml:3: ")
        .hasMessageContaining("duplicate key kind")
        .hasMessageNotContaining("\n");
  }

  @Test
  @DisplayName("unknown tags read as their plain value")
  void unknownTagsReadAsPlainValues() throws Exception {
    List<KubeManifestObject> objects =
        KubeManifestParser.parse(
            "env/k8s/x.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !custom cm\ndata: !other {a: b}\n");

    assertThat(objects.get(0).name()).isEqualTo("cm");
    assertThat(objects.get(0).content().get("data")).isEqualTo(java.util.Map.of("a", "b"));
  }

  @Test
  @DisplayName("scalars keep the schema's types: numbers, booleans, null, quoted numbers stay text")
  void scalarsKeepTheSchemaTypes() throws Exception {
    KubeManifestObject pod =
        KubeManifestParser.parse(
                "env/k8s/x.yml",
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  hostNetwork: true
                  priority: 1000
                  ratio: 0.5
                  nothing: null
                  port: "8000"
                  80: numeric key
                """)
            .get(0);

    Map<String, Object> spec = PlainData.map(pod.content().get("spec"));
    assertThat(spec.get("hostNetwork")).isEqualTo(Boolean.TRUE);
    assertThat(spec.get("priority")).isEqualTo(1000);
    assertThat(spec.get("ratio")).isEqualTo(0.5);
    assertThat(spec).containsEntry("nothing", null);
    assertThat(spec.get("port")).isEqualTo("8000");
    assertThat(spec.get("80")).isEqualTo("numeric key");
  }

  @Test
  @DisplayName("an alias reads as its anchor's value, and a merge key merges as kubectl reads it (own keys win)")
  void aliasesAndMergeKeysReadAsKubectlReadsThem() throws Exception {
    KubeManifestObject deployment =
        KubeManifestParser.parse(
                "env/k8s/x.yml",
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: lms
                  labels: &labels {app: lms}
                spec:
                  selector: {matchLabels: *labels}
                  template:
                    metadata:
                      labels:
                        <<: [*labels, {app: other, track: stable}]
                        tier: web
                        track: canary
                """)
            .get(0);

    assertThat(PlainData.at(deployment.content(), "spec", "selector", "matchLabels")).isEqualTo(Map.of("app", "lms"));
    assertThat(PlainData.at(deployment.content(), "spec", "template", "metadata", "labels"))
        .isEqualTo(Map.of("app", "lms", "tier", "web", "track", "canary"));
  }

  @Test
  @DisplayName("a recursive alias is a syntax error naming file and line, not a stack overflow")
  void recursiveAliasIsAnError() {
    assertThatThrownBy(
            () -> KubeManifestParser.parse("env/k8s/x.yml", "apiVersion: v1\nkind: ConfigMap\ndata: &d\n  self: *d\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageStartingWith("env/k8s/x.yml:")
        .hasMessageContaining("recursive");
  }
}
