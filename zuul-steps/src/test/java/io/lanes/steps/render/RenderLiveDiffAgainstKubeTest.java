package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.TutorRoot;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("zuul-steps render compares with the live namespace on the real control plane (kube.sh), server-side apply dry runs as a namespaced ServiceAccount")
class RenderLiveDiffAgainstKubeTest {
  /** A value that must never appear in any output of the step. */
  private static final String CANARY = "canary-5f3e9a1c-never-print-me";

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: openedx-secrets
      type: Opaque
      stringData:
        secret-key: %s
      data:
        mysql-password: %s
      """
          .formatted(CANARY, Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)));

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private TutorRoot tutor;
  private Path root;
  private Path kubeconfig;

  @BeforeEach
  void platformWithSecret() throws Exception {
    tutor = TutorRoot.create(dir.resolve("platform"), kube.namespace());
    tutor.addResource("k8s/secrets.yml", SECRET);
    root = tutor.root;
    kubeconfig = kube.kubeconfig();
  }

  private StepRun render(String revision, String output) throws Exception {
    return StepRun.withEnvironment(
        Map.of("PATH", kube.path()),
        "render", "--config", tutor.config, "--platform", "acme", "--revision", revision,
        "--image-tag", "change-7-ps-1", "--tutor-root", root.toString(), "--kubeconfig", kubeconfig.toString(),
        "--output", dir.resolve(output).toString(), "--result", dir.resolve(output + ".json").toString());
  }

  /** Deploys {@code bundle} as Lanes' field manager would (the objects, as rendered), with the admin client. */
  private void applyToCluster(Path bundle) throws Exception {
    List<HasMetadata> objects =
        kube.client().load(new ByteArrayInputStream(Files.readAllBytes(bundle))).items();
    for (HasMetadata object : objects) {
      kube.client().resource(object).fieldManager("lanes").forceConflicts().serverSideApply();
    }
  }

  private List<String> everyOutput(StepRun run, String output) throws Exception {
    List<String> texts = new ArrayList<>(List.of(run.out(), run.err()));
    try (Stream<Path> files = Files.walk(dir.resolve(output))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        texts.add(Files.readString(file));
      }
    }
    texts.add(Files.readString(dir.resolve(output + ".json")));
    return texts;
  }

  @Test
  @DisplayName("an empty namespace: every object is added (the Namespace, which exists, is changed), nothing is written to the cluster, and the secret canary appears nowhere")
  void everythingAddedIntoEmptyNamespace() throws Exception {
    StepRun run = render("rev1", "first");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // 31 objects from kustomize, and the backup's ConfigMap and CronJob; the Namespace exists (its ServiceAccount
    // lives there) and gains Tutor's labels
    assertThat(run.out()).contains("32 added, 1 changed, 0 pruned, 0 unchanged\n");
    String preview = Files.readString(dir.resolve("first/preview.md"));
    assertThat(preview)
        .contains("33 objects rendered: **32 added**, **1 changed**, **0 pruned**, 0 unchanged.")
        .contains("### changed: `Namespace/" + tutor.namespace + "`")
        .contains("### added: `CronJob/lanes-backup-acme`")
        .contains("### added: `Secret/openedx-secrets`\n\nSecret: its data is never shown.")
        .contains("### added: `Deployment/lms`");
    assertThat(kube.writes()).isEmpty();
    for (String text : everyOutput(run, "first")) {
      assertThat(text).doesNotContain(CANARY).doesNotContain(Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The 1-based line of lms's {@code replicas:} in the deployments file: where its notable change is commented. */
  private static int replicasLine(String deployments) {
    int lms = deployments.indexOf("  name: lms\n  labels:\n");
    int replicas = deployments.indexOf("  replicas: ", lms);
    assertThat(lms).isNotNegative();
    return (int) deployments.substring(0, replicas).chars().filter(c -> c == '\n').count() + 1;
  }

  @Test
  @DisplayName("a live namespace: changed objects show a unified diff and notable changes, stale Lanes objects are pruned, the rest is unchanged")
  void changedPrunedUnchanged() throws Exception {
    StepRun first = render("rev1", "first");
    assertThat(first.exitCode()).as(first.err()).isZero();
    applyToCluster(dir.resolve("first/rendered.yaml"));
    kube.client().resource(
            new ConfigMapBuilder()
                .withNewMetadata().withName("retired-settings").withNamespace(tutor.namespace)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", "acme"))
                .endMetadata().withData(Map.of("a", "b")).build())
        .create();
    kube.client().resource(
            new ConfigMapBuilder()
                .withNewMetadata().withName("by-hand").withNamespace(tutor.namespace).endMetadata()
                .withData(Map.of("a", "b")).build())
        .create();
    Path deployments = root.resolve("env/k8s/deployments.yml");
    Files.writeString(
        deployments,
        Files.readString(deployments).replace("  name: lms\n  labels:\n    app.kubernetes.io/name: lms\nspec:\n  replicas: 2\n",
            "  name: lms\n  labels:\n    app.kubernetes.io/name: lms\nspec:\n  replicas: 3\n"));

    StepRun second = render("rev2", "second");

    assertThat(second.exitCode()).as(second.err()).isZero();
    // the live Secret holds the redacted value the bundle carried; the rendered one holds the canary
    assertThat(second.out()).contains("0 added, 2 changed, 1 pruned, 31 unchanged\n");
    String preview = Files.readString(dir.resolve("second/preview.md"));
    assertThat(preview)
        .contains("| changed | `Deployment/lms` | `env/k8s/deployments.yml:")
        .contains("| pruned | `ConfigMap/retired-settings` |  |")
        .contains("### changed: `Deployment/lms`\n\n- replicas 2 → 3\n\n```diff\n")
        .contains("\n-  replicas: 2\n+  replicas: 3\n")
        .contains("### changed: `Secret/openedx-secrets`\n\nSecret: its data is never shown.")
        .doesNotContain("by-hand")
        .doesNotContain("rev1");
    String result = Files.readString(dir.resolve("second.json"));
    assertThat(result)
        .contains("\"counts\" : {\n        \"added\" : 0,\n        \"changed\" : 2,\n        \"unchanged\" : 31,\n        \"pruned\" : 1\n      }")
        .containsPattern("\"line\" : " + replicasLine(Files.readString(deployments))
            + ",\\s+\"message\" : \"Deployment/lms changes: replicas 2 → 3\"");
    assertThat(kube.writes()).isEmpty();
    for (String text : everyOutput(second, "second")) {
      assertThat(text).doesNotContain(CANARY);
    }
  }

  @Test
  @DisplayName("an unreachable cluster exits 1 naming the server, and writes nothing")
  void unreachableCluster() throws Exception {
    Path unreachable = dir.resolve("unreachable.kubeconfig");
    Files.writeString(unreachable, Files.readString(kubeconfig).replace(kube.url().replaceAll("/$", ""), "https://127.0.0.1:9"));

    StepRun run =
        StepRun.withEnvironment(
            Map.of("PATH", kube.path()),
            "render", "--config", tutor.config, "--platform", "acme", "--revision", "rev1",
            "--tutor-root", root.toString(), "--kubeconfig", unreachable.toString(),
            "--output", dir.resolve("out").toString(), "--result", dir.resolve("out.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("\ncannot discover the API group version v1 on https://127.0.0.1:9/: Connection refused\n");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(dir.resolve("out.json")).doesNotExist();
  }
}
