package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("zuul-steps render runs the lane policy of lanes-core on real kustomize output")
class RenderPolicyTest {
  @TempDir Path dir;

  private static final String OUT_OF_LANE =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: stolen-settings
        namespace: openedx-globex
      data:
        key: value
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: acme-reader
      rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get"]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: node-agent
      spec:
        selector:
          matchLabels: {app: node-agent}
        template:
          metadata:
            labels: {app: node-agent}
          spec:
            containers:
              - name: agent
                image: localhost:5000/acme/agent:1.0
                securityContext:
                  privileged: true
                resources:
                  limits: {cpu: 100m, memory: 64Mi}
            volumes:
              - name: root
                hostPath:
                  path: /
      """;

  @Test
  @DisplayName("another namespace, a cluster-scoped object, hostPath and a privileged container: exit 3, one line each, no bundle or preview")
  void rejectsObjectsOutsideTheLane() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Path kustomization = root.resolve("env/kustomization.yml");
    // the platform's own kustomization sets the namespace of objects without one: this file keeps its own
    Files.writeString(kustomization, Files.readString(kustomization).replace("namespace: openedx-acme\n", ""));
    SamplePlatform.addResource(root, "k8s/extra.yml", OUT_OF_LANE);
    Path result = dir.resolve("result.json");

    StepRun run =
        StepRun.withEnvironment(
            Map.of("PATH", SamplePlatform.PATH),
            "render", "--config", SamplePlatform.CONFIG, "--platform", "acme", "--revision", "abc123",
            "--tutor-root", root.toString(), "--output", dir.resolve("out").toString(), "--result", result.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .endsWith(
            """
            ClusterRole/acme-reader: cluster-scoped ClusterRole is outside the platform's namespace openedx-acme
            ConfigMap/stolen-settings: namespace "openedx-globex" is not the platform's namespace openedx-acme
            Deployment/node-agent: volume "root" mounts a hostPath from the node
            Deployment/node-agent: container "agent" is privileged
            """);
    assertThat(run.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
    String json = Files.readString(result);
    assertThat(json)
        .contains("\"file_comments\" : {\n      \"env/k8s/extra.yml\" : [ {\n        \"line\" : 9,")
        .contains("\"level\" : \"error\"")
        .contains("\"warnings\" : [ \"env/k8s/extra.yml:9: ClusterRole/acme-reader: cluster-scoped ClusterRole is outside"
            + " the platform's namespace openedx-acme\"")
        .contains("\"message\" : \"ClusterRole/acme-reader: cluster-scoped ClusterRole is outside the platform's namespace openedx-acme\"")
        .doesNotContain("\"artifacts\"");
  }

  @Test
  @DisplayName("the sample rendered for another platform is rejected: its namespace and images belong to acme")
  void samplePlatformIsNotGlobexs() {
    StepRun run =
        StepRun.withEnvironment(
            Map.of("PATH", SamplePlatform.PATH),
            "render", "--config", SamplePlatform.CONFIG, "--platform", "globex", "--revision", "abc123",
            "--tutor-root", SamplePlatform.ROOT.toString(), "--output", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .contains("Deployment/lms: namespace \"openedx-acme\" is not the platform's namespace openedx-globex\n")
        .contains("Deployment/lms: container \"lms\" image \"localhost:5000/acme/openedx\" is not allowed");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
