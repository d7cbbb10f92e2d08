package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.eclipse.jgit.api.Git;
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
  @DisplayName("a change breaking the lane through a kustomize patch, in a file other than the object's: Zuul's file"
      + " comment goes on the change's line that carries the offending value (Zuul drops comments on files a change"
      + " does not touch); without Zuul's commit_id it stays on the object's line")
  void laneBreakThroughAPatchIsCommentedWhereTheChangeMadeIt() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    String parent;
    String commit;
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("platform/acme").call()) {
      parent = commitAll(git, "the sample").name();
      Files.writeString(root.resolve("env/kustomization.yml"), """
          patches:
            - target:
                kind: Deployment
                name: lms
              patch: |-
                - op: replace
                  path: /spec/template/spec/containers/0/image
                  value: docker.io/evil/miner:1.0
          """, StandardOpenOption.APPEND);
      commit = commitAll(git, "lms: the miner").name();
    }
    int valueLine = Files.readAllLines(root.resolve("env/kustomization.yml")).indexOf(
        "        value: docker.io/evil/miner:1.0") + 1;
    assertThat(valueLine).isPositive();
    Path vars = dir.resolve("zuul.json");

    for (String commitId : new String[] {commit, null}) {
      Files.writeString(vars, "{\"zuul\": {\"branch\": \"platform/acme\", \"change\": \"7\", \"patchset\": \"1\""
          + (commitId == null ? "" : ", \"commit_id\": \"" + commitId + "\"") + "}}");
      Path result = dir.resolve("result.json");
      StepRun run = StepRun.withEnvironment(
          Map.of("PATH", SamplePlatform.PATH),
          "render", "--config", SamplePlatform.CONFIG, "--zuul-vars", vars.toString(), "--revision", "abc123",
          "--tutor-root", root.toString(), "--output", dir.resolve("out").toString(), "--result", result.toString());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      JsonNode comments = new ObjectMapper().readTree(result.toFile()).path("zuul").path("file_comments");
      if (commitId == null) {
        assertThat(comments.has("env/kustomization.yml")).as("%s", comments).isFalse();
        assertThat(comments.path("env/k8s/deployments.yml").get(0).path("message").asText())
            .contains("docker.io/evil/miner:1.0").doesNotContain("does not touch");
        continue;
      }
      assertThat(comments.has("env/k8s/deployments.yml")).as("%s", comments).isFalse();
      JsonNode comment = comments.path("env/kustomization.yml").get(0);
      assertThat(comment.path("line").asInt()).isEqualTo(valueLine);
      assertThat(comment.path("message").asText()).startsWith("Deployment/lms: container \"lms\" image"
          + " \"docker.io/evil/miner:1.0\" is not allowed").contains("(the object is env/k8s/deployments.yml:");
    }
    assertThat(parent).isNotEqualTo(commit);
  }

  private static org.eclipse.jgit.revwalk.RevCommit commitAll(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor("Test", "t@example.org").setCommitter("Test", "t@example.org")
        .setSign(false).call();
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
