package io.lanes.steps.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.testing.kube.KubeCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("KubeApi against the real control plane (kube.sh), as a namespaced ServiceAccount")
class KubeApiAgainstKubeTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private KubeApi api() throws Exception {
    return new KubeApi(KubeOptions.client(KubeOptions.fromKubeconfig(kube.kubeconfig())));
  }

  private GenericKubernetesResource configMap(String name, Map<String, String> labels, String value) {
    return SERIALIZATION.convertValue(
        new ConfigMapBuilder()
            .withNewMetadata().withName(name).withNamespace(kube.namespace()).withLabels(labels).endMetadata()
            .withData(Map.of("key", value))
            .build(),
        GenericKubernetesResource.class);
  }

  @Test
  @DisplayName("a dry-run apply of a missing object answers with it and persists nothing")
  void dryRunApplyPersistsNothing() throws Exception {
    try (KubeApi api = api()) {
      GenericKubernetesResource answer = api.dryRunApply(configMap("settings", Map.of(), "one"));

      assertThat(answer.getMetadata().getName()).isEqualTo("settings");
      assertThat(answer.getMetadata().getManagedFields()).extracting("manager").containsExactly("lanes");
      assertThat(api.get(configMap("settings", Map.of(), "one"))).isEmpty();
      assertThat(kube.writes()).isEmpty();
    }
  }

  @Test
  @DisplayName("apply creates a missing object, then updates it in place keeping its uid")
  void applyCreatesThenUpdates() throws Exception {
    try (KubeApi api = api()) {
      GenericKubernetesResource created = api.apply(configMap("settings", Map.of(), "one"));
      GenericKubernetesResource updated = api.apply(configMap("settings", Map.of(), "two"));

      assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
      KubernetesClient client = kube.client();
      assertThat(client.configMaps().inNamespace(kube.namespace()).withName("settings").get().getData())
          .containsEntry("key", "two");
      assertThat(kube.writes()).hasSize(2).allSatisfy(w -> assertThat(w.verb()).isEqualTo("patch"));
    }
  }

  @Test
  @DisplayName("a dry-run apply of a live object answers with the change and leaves the live object as it was")
  void dryRunApplyOfLiveObject() throws Exception {
    kube.client().resource(configMap("settings", Map.of(), "one")).create();
    try (KubeApi api = api()) {
      GenericKubernetesResource answer = api.dryRunApply(configMap("settings", Map.of(), "two"));

      assertThat(answer.<String>get("data", "key")).isEqualTo("two");
      assertThat(api.get(configMap("settings", Map.of(), "x")).orElseThrow().<String>get("data", "key"))
          .isEqualTo("one");
    }
  }

  @Test
  @DisplayName("listing by labels returns only the objects that carry every label")
  void listsByEqualityLabels() throws Exception {
    Map<String, String> acme = Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", "acme");
    kube.client().resource(configMap("ours", acme, "1")).create();
    kube.client().resource(configMap("other-platform", Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", "globex"), "1")).create();
    kube.client().resource(configMap("by-hand", Map.of(), "1")).create();
    try (KubeApi api = api()) {
      List<GenericKubernetesResource> found =
          api.list(kube.namespace(), acme, List.of(new ObjectKind("v1", "ConfigMap"), new ObjectKind("apps/v1", "Deployment")));

      assertThat(found).extracting(r -> r.getMetadata().getName()).containsExactly("ours");
    }
  }

  @Test
  @DisplayName("an unreachable server is one failure naming the verb, the object and the server")
  void unreachableServer() throws Exception {
    Path kubeconfig = dir.resolve("unreachable.kubeconfig");
    String unreachable = Files.readString(kube.kubeconfig()).replace(kube.url().replaceAll("/$", ""), "https://127.0.0.1:9");
    Files.writeString(kubeconfig, unreachable);
    try (KubeApi api = new KubeApi(KubeOptions.client(KubeOptions.fromKubeconfig(kubeconfig)))) {
      assertThatThrownBy(() -> api.get(configMap("settings", Map.of(), "one")))
          .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE))
          .hasMessageStartingWith("cannot read ConfigMap/settings in namespace " + kube.namespace() + " on https://127.0.0.1:9/: ");
    }
  }

  @Test
  @DisplayName("a missing or unusable kubeconfig is a configuration error naming the file")
  void badKubeconfig() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> KubeOptions.fromKubeconfig(missing))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage(missing + ": no such file");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: v1\nkind: Config\nclusters: [\n");
    assertThatThrownBy(() -> KubeOptions.fromKubeconfig(broken))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageStartingWith(broken + ": not a usable kubeconfig: ");
  }
}
