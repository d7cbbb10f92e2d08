package io.lanes.steps.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Cluster;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PreviewSettings;
import io.lanes.core.config.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreviewOverridesTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Platform ACME = new Platform(
      "acme", "platform/acme", "openedx-acme", "prod", "localhost:5000", Optional.empty(), false, List.of(), List.of(),
      Optional.of("nightly"), List.of());
  private static final PreviewSettings SETTINGS = new PreviewSettings(
      "acme", true, "{namespace}-c{change}", "learn.acme.example.org", "c{change}.preview.acme.example.org", "4",
      "8Gi", 100, Duration.ofHours(72), "768Mi", "2Gi", List.of());
  private static final PreviewLane LANE =
      new PreviewLane(ACME, SETTINGS, 42, new Target(ACME, new Cluster("prod", "https://k", Optional.empty(), "cinder"), Optional.empty()));

  private static GenericKubernetesResource object(String yaml) {
    return SERIALIZATION.unmarshal(yaml, GenericKubernetesResource.class);
  }

  @Test
  @DisplayName("objects move to the preview namespace with the preview host (subdomains too) and one replica; the"
      + " platform's Namespace object is left out; the input is not changed")
  void overrides() {
    GenericKubernetesResource namespace = object("apiVersion: v1\nkind: Namespace\nmetadata: {name: openedx-acme}\n");
    GenericKubernetesResource config = object(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: openedx-acme}\n"
            + "data: {Caddyfile: 'learn.acme.example.org, studio.learn.acme.example.org {'}\n");
    GenericKubernetesResource lms = object(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lms, namespace: openedx-acme}\nspec:\n  replicas: 3\n"
            + "  template:\n    spec:\n      containers:\n      - name: lms\n        env:\n"
            + "        - {name: LMS_HOST, value: learn.acme.example.org}\n");

    List<GenericKubernetesResource> preview =
        new PreviewOverrides(SERIALIZATION).apply(List.of(namespace, config, lms), LANE);

    assertThat(preview).extracting(o -> o.getMetadata().getName()).containsExactly("c", "lms");
    assertThat(preview).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("openedx-acme-c42"));
    assertThat(SERIALIZATION.asYaml(preview.get(0)))
        .contains("c42.preview.acme.example.org, studio.c42.preview.acme.example.org {")
        .doesNotContain("learn.acme.example.org");
    assertThat(SERIALIZATION.asYaml(preview.get(1))).contains("value: \"c42.preview.acme.example.org\"")
        .contains("replicas: 1");
    assertThat(config.getMetadata().getNamespace()).isEqualTo("openedx-acme");
    assertThat(((Map<?, ?>) lms.getAdditionalProperties().get("spec")).get("replicas")).isEqualTo(3);
  }

  @Test
  @DisplayName("the platform's MySQL is smaller: mysqlMemory as its memory request and limit (CPU kept), a small"
      + " buffer pool and no performance schema, its claim mysqlStorage but never more than the platform's; other"
      + " workloads and claims untouched")
  void smallerMysql() {
    GenericKubernetesResource mysql = object(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mysql, namespace: openedx-acme}\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - name: mysql\n        args: [mysqld, --character-set-server=utf8mb4,"
            + " --performance-schema=ON]\n        resources: {requests: {cpu: 500m, memory: 4Gi}}\n");
    GenericKubernetesResource claim = object(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: mysql, namespace: openedx-acme}\n"
            + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}\n");
    GenericKubernetesResource smallClaim = object(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: mysql, namespace: openedx-acme}\n"
            + "spec: {resources: {requests: {storage: 500Mi}}}\n");
    GenericKubernetesResource mongodb = object(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: mongodb, namespace: openedx-acme}\n"
            + "spec: {resources: {requests: {storage: 5Gi}}}\n");
    GenericKubernetesResource lms = object(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lms, namespace: openedx-acme}\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - name: lms\n        args: [mysqld]\n");

    List<GenericKubernetesResource> preview =
        new PreviewOverrides(SERIALIZATION).apply(List.of(mysql, claim, smallClaim, mongodb, lms), LANE);

    assertThat(SERIALIZATION.asYaml(preview.get(0)))
        .contains("cpu: \"500m\"")
        .containsPattern("requests:\\s+cpu: \"500m\"\\s+memory: \"768Mi\"")
        .containsPattern("limits:\\s+memory: \"768Mi\"")
        .contains("- \"--innodb-buffer-pool-size=64M\"")
        .contains("- \"--performance-schema=ON\"")
        .doesNotContain("--performance-schema=OFF")
        .doesNotContain("4Gi");
    assertThat(SERIALIZATION.asYaml(preview.get(1))).contains("storage: \"2Gi\"");
    assertThat(SERIALIZATION.asYaml(preview.get(2))).contains("storage: \"500Mi\"");
    assertThat(SERIALIZATION.asYaml(preview.get(3))).contains("storage: \"5Gi\"");
    assertThat(SERIALIZATION.asYaml(preview.get(4))).doesNotContain("innodb").doesNotContain("768Mi");
    assertThat(SERIALIZATION.asYaml(mysql)).contains("4Gi").doesNotContain("innodb");
  }

  @Test
  @DisplayName("a container requesting a resource without a limit is limited to its request (the quota needs limits;"
      + " the LimitRange's default would fall below Tutor's 2Gi); a stated limit and containers without requests stay")
  void requestsBecomeLimits() {
    GenericKubernetesResource lms = object(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lms, namespace: openedx-acme}\nspec:\n  template:\n"
            + "    spec:\n      initContainers:\n      - name: wait\n        resources: {requests: {cpu: 100m}}\n"
            + "      containers:\n      - name: lms\n        resources: {requests: {memory: 2Gi, cpu: 250m},"
            + " limits: {cpu: '1'}}\n      - name: sidecar\n");
    GenericKubernetesResource cronJob = object(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: openedx-acme}\nspec:\n  jobTemplate:\n"
            + "    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n"
            + "            resources: {requests: {memory: 1Gi}}\n");

    List<GenericKubernetesResource> preview = new PreviewOverrides(SERIALIZATION).apply(List.of(lms, cronJob), LANE);

    String yaml = SERIALIZATION.asYaml(preview.get(0));
    assertThat(yaml)
        .containsPattern("limits:\\s+cpu: \"1\"\\s+memory: \"2Gi\"")
        .containsPattern("name: \"wait\"\\s+resources:\\s+requests:\\s+cpu: \"100m\"\\s+limits:\\s+cpu: \"100m\"")
        .containsPattern("name: \"sidecar\"\\s*$");
    assertThat(SERIALIZATION.asYaml(preview.get(1))).containsPattern("limits:\\s+memory: \"1Gi\"");
    assertThat(SERIALIZATION.asYaml(lms)).doesNotContain("2Gi\"\n            limits");
  }

  @Test
  @DisplayName("the namespace, host, URL and the access policy's name pattern follow the map's patterns")
  void names() {
    assertThat(LANE.namespace()).isEqualTo("openedx-acme-c42");
    assertThat(LANE.url()).isEqualTo("https://c42.preview.acme.example.org/");
    assertThat(LANE.previewTarget().namespace()).isEqualTo("openedx-acme-c42");
    assertThat(LANE.previewTarget().backup()).isEmpty();
    assertThat(PreviewAccess.namespaceRegex(ACME, SETTINGS)).isEqualTo("^openedx-acme-c[1-9][0-9]*$");
    assertThat(SETTINGS.change(ACME, "openedx-acme-c42")).contains(42);
    assertThat(SETTINGS.change(ACME, "openedx-acme")).isEmpty();
    assertThat(SETTINGS.change(ACME, "openedx-acme-c042")).isEmpty();
  }
}
